//! Refused document types, unknown types, missing files.

use crate::error::Error;
use crate::source::{Input, read_bytes, read_input};
use std::path::{Path, PathBuf};

#[test]
fn refused_types_say_how_to_convert() {
    let cases = [
        ("docs/x.pdf", "pdftotext -layout docs/x.pdf docs/x.txt"),
        ("x.PDF", "poppler-utils"),
        // soffice writes NAME.docx into --outdir, else the current folder:
        // the advice names the file that will exist.
        (
            "old.doc",
            "soffice --headless --convert-to docx old.doc (LibreOffice Writer, Debian package libreoffice-writer), then run on old.docx",
        ),
        (
            "a b.wps",
            "soffice --headless --convert-to docx 'a b.wps' (LibreOffice Writer, Debian package libreoffice-writer), then run on 'a b.docx'",
        ),
        ("docs/2023/old.DOC", "soffice --headless --convert-to docx --outdir docs/2023 docs/2023/old.DOC (LibreOffice"),
        ("docs/2023/old.DOC", "then run on docs/2023/old.docx"),
        ("x.ofd", "OFD is not read by taizhang"),
    ];
    for (name, want) in cases {
        let err = read_bytes(Path::new(name), b"anything").expect_err(name);
        let msg = err.to_string();
        assert!(matches!(err, Error::Unsupported { .. }), "{msg}");
        assert!(msg.starts_with(&format!("{name}: ")), "{msg}");
        assert!(msg.contains(want), "{msg}");
        assert!(!msg.contains('\n'), "{msg}");
    }
}

#[test]
fn content_that_contradicts_the_name_is_refused() {
    let err = read_bytes(Path::new("x.txt"), b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n").expect_err("pdf");
    assert!(err.to_string().contains("pdftotext"), "{err}");
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    let err = read_bytes(Path::new("x.docx"), &ole).expect_err("doc");
    assert!(err.to_string().contains("soffice"), "{err}");
    // Converted beside itself it would be overwritten: a folder of its own.
    let err = read_bytes(Path::new("in/x.docx"), &ole).expect_err("doc");
    assert!(err.to_string().contains("--outdir in/converted in/x.docx"), "{err}");
    assert!(err.to_string().contains("then run on in/converted/x.docx"), "{err}");
}

#[test]
fn unknown_types_and_stdin_sniffing() {
    let err = read_bytes(Path::new("photo.jpg"), b"\xFF\xD8\xFF").expect_err("jpg");
    assert_eq!(
        err.to_string(),
        "photo.jpg: unsupported file type .jpg; taizhang reads .txt, .md, .docx, .html and \
         .htm files (and - for standard input)"
    );
    let src = read_bytes(Path::new("-"), b"\n<!DOCTYPE HTML><p>a</p><p>b</p>").expect("html");
    assert_eq!(src.text, "a\nb");
    let src = read_bytes(Path::new("NOTES"), "无扩展名".as_bytes()).expect("text");
    assert_eq!(src.text, "无扩展名");
}

#[test]
fn missing_files_are_io_errors() {
    for name in ["/no/such/dir/x.txt", "/no/such/dir/x.pdf", "/no/such/dir/x.jpg"] {
        let err = read_input(&Input::Path(PathBuf::from(name))).expect_err(name);
        assert!(matches!(err, Error::Io { .. }), "{err}");
        assert!(err.to_string().starts_with(&format!("{name}: cannot read: ")), "{err}");
    }
}
