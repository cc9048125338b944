//! Plain text: encodings, BOMs, line ends, binary and undecodable bytes.

use super::{SEED, seed};
use crate::error::Error;
use crate::source::{InputFormat, read_bytes};
use encoding_rs::{BIG5, GB18030, GBK};
use std::path::Path;

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        let bytes = if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() };
        out.extend_from_slice(&bytes);
    }
    out
}

#[test]
fn seed_reads_the_same_in_every_encoding() {
    let text = seed(SEED);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let (gb, _, unmappable) = GB18030.encode(&text);
    assert!(!unmappable);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("utf8", text.as_bytes().to_vec(), "UTF-8"),
        ("utf8_bom", bom, "UTF-8"),
        ("gb18030", gb.into_owned(), "GB18030"),
        ("utf16le_bom", utf16(&text, false), "UTF-16LE"),
        ("utf16be_bom", utf16(&text, true), "UTF-16BE"),
    ];
    for (case, bytes, encoding) in cases {
        let src = read_bytes(Path::new("seed.txt"), &bytes).unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(src.text, text, "{case}");
        assert_eq!(src.encoding, encoding, "{case}");
        assert_eq!(src.format, InputFormat::Text, "{case}");
    }
}

#[test]
fn short_gbk_and_big5_are_detected() {
    let gbk = "各乡镇每季度开展约谈不少于4次，约谈面达到100%。\n";
    let (bytes, _, _) = GBK.encode(gbk);
    let src = read_bytes(Path::new("a.txt"), &bytes).expect("gbk");
    assert_eq!((src.text.as_str(), src.encoding), (gbk, "GB18030"));

    let big5 = "縣政府系統黨風廉政建設和反腐敗鬥爭的工作思路和總體要求，全年開展專項檢查不少於4次。";
    let (bytes, _, unmappable) = BIG5.encode(big5);
    assert!(!unmappable);
    let src = read_bytes(Path::new("b.txt"), &bytes).expect("big5");
    assert_eq!((src.text.as_str(), src.encoding), (big5, "Big5"));
}

#[test]
fn line_ends_are_kept() {
    let text = "第一条\r\n第二条\r第三条\n";
    let src = read_bytes(Path::new("x.md"), text.as_bytes()).expect("crlf");
    assert_eq!(src.text, text);
}

#[test]
fn empty_and_blank_files_are_empty() {
    for bytes in [&b""[..], b"  \r\n\t\n", "\u{3000}\n".as_bytes(), b"\xEF\xBB\xBF \n"] {
        let err = read_bytes(Path::new("e.txt"), bytes).expect_err("empty");
        assert!(matches!(err, Error::Empty { .. }), "{err}");
        assert_eq!(err.to_string(), "e.txt: empty file");
    }
}

#[test]
fn binary_files_are_refused_with_the_offset() {
    let mut bytes = b"abcdefghijkl".to_vec();
    bytes.extend_from_slice(&[0, 1, 2, 3]);
    let err = read_bytes(Path::new("corpus/x.txt"), &bytes).expect_err("nul");
    assert_eq!(err.to_string(), "corpus/x.txt: binary file (NUL bytes at offset 12), not text");
    let controls: Vec<u8> = (0..64u8).map(|i| if i % 4 == 0 { 0x01 } else { b'a' }).collect();
    let err = read_bytes(Path::new("c.txt"), &controls).expect_err("controls");
    assert!(matches!(err, Error::Binary { .. }), "{err}");
    // A stray control character or two is still text.
    let src = read_bytes(Path::new("d.txt"), "第一条\x0c第二条\x1a".as_bytes()).expect("text");
    assert!(src.text.starts_with("第一条"));
    // UTF-16 full of NULs after decoding.
    let err = read_bytes(Path::new("u.txt"), &[0xFF, 0xFE, 0, 0, 0, 0]).expect_err("nul16");
    assert!(matches!(err, Error::Binary { .. }), "{err}");
}

#[test]
fn undecodable_bytes_name_an_offset() {
    // Valid GBK lead bytes followed by bytes no encoding we read accepts.
    let bytes = b"abc \xFF\xFF\xFF\xFF def \x80\x80";
    let err = read_bytes(Path::new("u.txt"), bytes).expect_err("undecodable");
    let msg = err.to_string();
    assert!(matches!(err, Error::Undecodable { .. }), "{msg}");
    assert!(msg.starts_with("u.txt: "), "{msg}");
    assert!(msg.contains("offset 4"), "{msg}");
    assert!(!msg.contains('\n'), "{msg}");
    // A broken UTF-8 file after its BOM.
    let err = read_bytes(Path::new("b.txt"), b"\xEF\xBB\xBFok \xE4\xB8").expect_err("bom");
    assert!(err.to_string().contains("offset 6"), "{err}");
}

#[test]
fn detection_looks_past_a_long_ascii_preamble() {
    let tail = "縣政府系統黨風廉政建設和反腐敗鬥爭的工作思路和總體要求，全年開展專項檢查不少於4次。";
    let mut bytes = "x = 1;\n".repeat(80_000).into_bytes();
    bytes.extend_from_slice(&BIG5.encode(tail).0);
    let src = read_bytes(Path::new("late.txt"), &bytes).expect("late big5");
    assert_eq!(src.encoding, "Big5");
    assert!(src.text.ends_with(tail));
}
