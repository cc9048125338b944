//! Builders for test inputs, shared by unit tests, integration tests and
//! benches. Not part of the stable API.

use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// Escape text for XML content.
pub fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A `<w:p>` holding `text` in one run.
pub fn paragraph_xml(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#, xml_escape(text))
}

/// A `<w:tbl>` with a row per inner slice, a cell per string.
pub fn table_xml(rows: &[&[&str]]) -> String {
    let mut xml = String::from("<w:tbl><w:tblPr/>");
    for row in rows {
        xml.push_str("<w:tr>");
        for cell in *row {
            xml.push_str("<w:tc><w:tcPr/>");
            xml.push_str(&paragraph_xml(cell));
            xml.push_str("</w:tc>");
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}

/// A complete `word/document.xml` around `body` (the content of `<w:body>`).
pub fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

/// A zip archive of `(name, content)` parts, deflated.
pub fn zip_parts(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default();
    for (name, content) in parts {
        zip.start_file(*name, options).expect("starting a zip entry in memory");
        zip.write_all(content).expect("writing to memory");
    }
    zip.finish().expect("finishing a zip in memory").into_inner()
}

/// A minimal `.docx` whose body is `body` (WordprocessingML).
pub fn docx_from_body(body: &str) -> Vec<u8> {
    let document = document_xml(body);
    zip_parts(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ])
}

/// A minimal `.docx` with a paragraph per string.
pub fn docx_from_paragraphs(paragraphs: &[&str]) -> Vec<u8> {
    let body: String = paragraphs.iter().map(|p| paragraph_xml(p)).collect();
    docx_from_body(&body)
}
