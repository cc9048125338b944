//! `.docx`: paragraphs, runs, tabs, breaks, revisions, tables, bad archives.

use crate::error::Error;
use crate::source::docx::docx_text_capped;
use crate::source::testutil::{docx_from_body, docx_from_paragraphs, paragraph_xml, table_xml, zip_parts};
use crate::source::{InputFormat, read_bytes};
use std::path::Path;

fn text_of(bytes: &[u8]) -> String {
    match read_bytes(Path::new("t.docx"), bytes) {
        Ok(src) => {
            assert_eq!((src.format, src.encoding), (InputFormat::Docx, "UTF-8"));
            src.text
        }
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn paragraphs_and_a_table_in_reading_order() {
    let body = [
        paragraph_xml("一、工作目标"),
        table_xml(&[&["指标", "目标值"], &["约谈面", "达到100%"]]),
        paragraph_xml("二、保障措施 & 要求"),
    ]
    .concat();
    assert_eq!(text_of(&docx_from_body(&body)), "一、工作目标\n指标\n目标值\n约谈面\n达到100%\n二、保障措施 & 要求");
}

#[test]
fn builder_paragraphs_are_lines() {
    let bytes = docx_from_paragraphs(&["第一段", "", "每季度不少于4次"]);
    assert_eq!(text_of(&bytes), "第一段\n\n每季度不少于4次");
}

#[test]
fn runs_tabs_breaks_and_revisions() {
    let body = concat!(
        r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>"#,
        r#"<w:r><w:t>全年</w:t></w:r><w:r><w:t xml:space="preserve">开展 </w:t></w:r>"#,
        r#"<w:del w:id="1"><w:r><w:delText>3</w:delText></w:r></w:del>"#,
        r#"<w:ins w:id="2"><w:r><w:t>4</w:t></w:r></w:ins><w:r><w:t>次</w:t><w:tab/>"#,
        r#"<w:t>检查</w:t><w:br/><w:t>&#x4E00;&lt;二&gt;</w:t></w:r></w:p>"#,
        r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"#,
        r#"<w:r><w:t>7</w:t></w:r></w:p><w:p/>"#,
    );
    assert_eq!(text_of(&docx_from_body(body)), "全年开展 4次\t检查\n一<二>\n7\n");
}

#[test]
fn text_boxes_are_read_once() {
    let body = concat!(
        r#"<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent xmlns:mc="m">"#,
        r#"<mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p>"#,
        r#"</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"#,
        r#"<w:p><w:r><w:t>框内</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback>"#,
        r#"</mc:AlternateContent></w:r></w:p>"#,
    );
    assert_eq!(text_of(&docx_from_body(body)), "框内\n正文");
}

#[test]
fn broken_archives_are_malformed() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("not_zip", b"hello, not a zip".to_vec(), "not a zip archive"),
        ("no_document", zip_parts(&[("word/styles.xml", b"<x/>")]), "no word/document.xml"),
        ("bad_xml", zip_parts(&[("word/document.xml", b"<w:document><w:body><w:p></w:body>")]), "word/document.xml"),
    ];
    for (case, bytes, want) in cases {
        let err = read_bytes(Path::new("bad.docx"), &bytes).expect_err(case);
        let msg = err.to_string();
        assert!(matches!(err, Error::Malformed { .. }), "{case}: {msg}");
        assert!(msg.starts_with("bad.docx: malformed docx: "), "{case}: {msg}");
        assert!(msg.contains(want), "{case}: {msg}");
        assert!(!msg.contains('\n'), "{case}: {msg}");
    }
    let err = read_bytes(Path::new("e.docx"), &docx_from_paragraphs(&["", " "])).expect_err("e");
    assert!(matches!(err, Error::Empty { .. }), "{err}");
}

#[test]
fn a_zip_bomb_is_refused() {
    // The real cap is 256 MiB; the same check with a 1 MiB cap keeps this fast.
    let mut xml = b"<w:document><w:body><w:p><w:r><w:t>".to_vec();
    xml.resize(2 << 20, b' ');
    let bytes = zip_parts(&[("word/document.xml", &xml)]);
    assert!(bytes.len() < 64 << 10, "deflated to {} bytes", bytes.len());
    let path = Path::new("bomb.docx");
    let err = docx_text_capped(path, &bytes, 1 << 20).expect_err("bomb");
    assert!(err.to_string().contains("zip bomb"), "{err}");
}

#[test]
fn stdin_zip_is_read_as_docx() {
    let bytes = docx_from_paragraphs(&["标准输入"]);
    let src = read_bytes(Path::new("-"), &bytes).expect("stdin docx");
    assert_eq!((src.format, src.text.as_str()), (InputFormat::Docx, "标准输入"));
}
