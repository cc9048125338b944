//! Reading real files of every common form: the same seed as GB18030,
//! UTF-16 and .docx gives the same source text and the same sentences; a
//! folder with bad files reports each and does the rest.

use crate::util::{root, run};
use std::path::Path;
use taizhang::source::testutil::docx_from_paragraphs;

const SEED: &str = "corpus/001_bd2d67b045b86009.txt";

fn inspect_sentences(path: &Path) -> Vec<String> {
    let out = run(&["inspect", path.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    v["sentences"].as_array().expect("sentences").iter().map(|s| s["text"].as_str().unwrap().to_string()).collect()
}

fn text_of(path: &Path) -> Vec<u8> {
    let out = run(&["text", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn every_encoding_and_docx_give_the_same_text_and_sentences() {
    let utf8 = std::fs::read_to_string(root().join(SEED)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (gb, _, bad) = encoding_rs::GB18030.encode(&utf8);
    assert!(!bad);
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in utf8.encode_utf16() {
        le.extend(u.to_le_bytes());
        be.extend(u.to_be_bytes());
    }
    let mut bom = "\u{feff}".as_bytes().to_vec();
    bom.extend(utf8.as_bytes());
    let files: Vec<(&str, Vec<u8>)> =
        vec![("gb.txt", gb.into_owned()), ("le.txt", le), ("be.txt", be), ("bom.txt", bom)];
    let want_sentences = inspect_sentences(&root().join(SEED));
    assert!(want_sentences.len() > 20);
    for (name, bytes) in &files {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        assert_eq!(text_of(&p), utf8.as_bytes(), "{name}");
        assert_eq!(inspect_sentences(&p), want_sentences, "{name}");
    }
    // docx: one paragraph per line of the seed.
    let lines: Vec<&str> = utf8.lines().collect();
    let p = dir.path().join("seed.docx");
    std::fs::write(&p, docx_from_paragraphs(&lines)).unwrap();
    let docx_text = String::from_utf8(text_of(&p)).unwrap();
    assert_eq!(docx_text.trim_end(), utf8.trim_end());
    // The docx has no trailing blank paragraphs; compare the sentences that hold text.
    let solid = |v: Vec<String>| -> Vec<String> {
        v.into_iter().map(|s| s.trim_end().to_string()).filter(|s| !s.is_empty()).collect()
    };
    let got = solid(inspect_sentences(&p));
    let want = solid(want_sentences.clone());
    assert_eq!(got, want);
    // And extraction finds the same 19 targets in the docx.
    let out = run(&["extract", p.to_str().unwrap(), "--format", "jsonl"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 19);
}

#[test]
fn a_folder_with_bad_files_reports_each_and_does_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(root().join(SEED), d.join("a_good.txt")).unwrap();
    std::fs::write(d.join("b_empty.txt"), b"").unwrap();
    std::fs::write(d.join("c_binary.txt"), b"\x00\x01\x02PK\x00\x00binary\x00").unwrap();
    let utf8 = std::fs::read_to_string(root().join("corpus/003_a63353f37c2cae0e.txt")).unwrap();
    std::fs::write(d.join("d_gbk.txt"), encoding_rs::GBK.encode(&utf8).0).unwrap();
    std::fs::write(d.join("e_photo.jpg"), b"\xff\xd8\xff").unwrap();
    let out = run(&["extract", d.to_str().unwrap(), "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(1), "some inputs failed");
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> =
        err.lines().filter(|l| l.starts_with("taizhang: ") && !l.contains("requirements from")).collect();
    assert_eq!(lines.len(), 3, "one line per bad or skipped file: {err}");
    assert!(lines.iter().any(|l| l.contains("b_empty.txt") && l.contains("empty")), "{err}");
    assert!(lines.iter().any(|l| l.contains("c_binary.txt") && l.contains("binary")), "{err}");
    assert!(lines.iter().any(|l| l.ends_with("e_photo.jpg: skipped: .jpg is not a type taizhang reads")), "{err}");
    assert!(err.contains("(2 failed, 1 skipped)"), "{err}");
    let docs: std::collections::BTreeSet<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"].as_str().unwrap().to_string())
        .collect();
    let names: Vec<&str> = docs.iter().map(|d| d.rsplit('/').next().unwrap()).collect();
    assert_eq!(names, ["a_good.txt", "d_gbk.txt"]);
}

#[test]
fn refused_formats_say_how_to_convert() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("report.pdf");
    std::fs::write(&p, b"%PDF-1.4\n").unwrap();
    let out = run(&["extract", p.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "nothing could be read");
    assert!(out.stdout.is_empty(), "no empty table");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("report.pdf") && err.contains("pdftotext"), "{err}");
}

/// `inspect` prints the same reading in each format: one JSON object, one
/// record per line, a CSV of the sentences, and the table.
#[test]
fn inspect_formats_agree() {
    let path = root().join("tests/dev/docs/d013_zhejiang_gzbg_2026.txt");
    let p = path.to_str().unwrap();
    let want = inspect_sentences(&path);
    assert!(want.len() > 100, "{}", want.len());
    let out = run(&["inspect", p, "--format", "jsonl"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let records: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(records[0]["record"], "document");
    assert_eq!(records[0]["sentences"], want.len());
    assert!(records.iter().any(|r| r["record"] == "section"));
    let texts: Vec<&str> =
        records.iter().filter(|r| r["record"] == "sentence").map(|r| r["text"].as_str().unwrap()).collect();
    assert_eq!(texts, want);
    let out = run(&["inspect", p, "--format", "csv"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let csv_text = String::from_utf8(out.stdout).unwrap();
    let mut r = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let texts: Vec<String> = r.records().map(|row| row.unwrap()[6].to_string()).collect();
    assert_eq!(texts, want.iter().map(|t| t.trim_end().to_string()).collect::<Vec<_>>());
    let out = run(&["inspect", p]);
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains(&format!("\nsentences ({};", want.len())), "{table}");
}

/// `text` copies a large UTF-8 file out as it is (without its byte-order
/// mark), a block at a time.
#[test]
fn text_of_a_large_file() {
    let seed = std::fs::read_to_string(root().join(SEED)).unwrap();
    let mut body = String::new();
    while body.len() < 3 << 20 {
        body.push_str(&seed);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.txt");
    std::fs::write(&path, format!("\u{feff}{body}")).unwrap();
    assert!(text_of(&path) == body.as_bytes());
}
