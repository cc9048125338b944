//! `.html` / `.htm`: charset, then the visible text of `<body>`.
//!
//! Charset order: a byte-order mark; else valid UTF-8 (pages often keep a
//! stale `gb2312` label after conversion); else the `<meta charset>` /
//! `http-equiv` / XML declaration; else the same detection as plain text.

use super::decode::{Decoded, decode};
use super::html_text::body_text;
use crate::error::Result;
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use std::path::Path;

/// How far into the page we look for a charset declaration.
const PRESCAN: usize = 8 << 10;

/// The text of an HTML page held in `bytes`, and the encoding used.
///
/// # Errors
/// As [`decode`]: binary or undecodable bytes.
pub(crate) fn html_text(path: &Path, bytes: &[u8]) -> Result<Decoded> {
    let declared = declared_charset(bytes);
    let page = decode(path, bytes, declared)?;
    Ok(Decoded { text: body_text(&page.text), encoding: page.encoding })
}

/// The encoding a page declares in its first bytes, if any. A declared
/// UTF-16 means UTF-8 (the page was read as ASCII to find the label).
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..PRESCAN).unwrap_or(bytes).to_ascii_lowercase();
    let label = meta_label(&head).or_else(|| xml_decl_label(&head))?;
    let enc = Encoding::for_label(label)?;
    if enc == UTF_16LE || enc == UTF_16BE { Some(UTF_8) } else { Some(enc) }
}

/// The charset label in the first `<meta …>` tag that names one.
fn meta_label(head: &[u8]) -> Option<&[u8]> {
    let mut from = 0;
    while let Some(at) = find(head, b"<meta", from) {
        let tag_end = find(head, b">", at).unwrap_or(head.len());
        let tag = head.get(at..tag_end)?;
        if let Some(label) = find(tag, b"charset", 0).and_then(|c| value_after(tag, c + 7)) {
            return Some(label);
        }
        from = tag_end;
    }
    None
}

/// The `encoding="…"` of an `<?xml …?>` declaration at the start.
fn xml_decl_label(head: &[u8]) -> Option<&[u8]> {
    let start = head.iter().position(|c| !c.is_ascii_whitespace())?;
    let rest = head.get(start..)?;
    if !rest.starts_with(b"<?xml") {
        return None;
    }
    let end = find(rest, b"?>", 0)?;
    let decl = rest.get(..end)?;
    find(decl, b"encoding", 0).and_then(|e| value_after(decl, e + 8))
}

/// After a name ending at `pos`: skip `=`, spaces and quotes, then take the
/// label up to a quote, space, `;`, `/` or `>`.
fn value_after(s: &[u8], pos: usize) -> Option<&[u8]> {
    let rest = s.get(pos..)?;
    let eq = rest.iter().position(|&c| !c.is_ascii_whitespace())?;
    if rest.get(eq) != Some(&b'=') {
        return None;
    }
    let rest = rest.get(eq + 1..)?;
    let start = rest.iter().position(|&c| !c.is_ascii_whitespace() && c != b'"' && c != b'\'')?;
    let rest = rest.get(start..)?;
    let len = rest.iter().position(|&c| c.is_ascii_whitespace() || b"\"';/>".contains(&c)).unwrap_or(rest.len());
    let label = rest.get(..len)?;
    (!label.is_empty()).then_some(label)
}

/// The first index of `needle` in `hay` at or after `from`.
fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let tail = hay.get(from..)?;
    tail.windows(needle.len()).position(|w| w == needle).map(|i| i + from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, GBK};

    #[test]
    fn charset_declarations() {
        let cases: &[(&str, Option<&'static Encoding>)] = &[
            (r#"<meta charset="gbk">"#, Some(GBK)),
            (r#"<META CHARSET=gb2312>"#, Some(GBK)),
            (r#"<meta http-equiv="Content-Type" content="text/html; charset=big5">"#, Some(BIG5)),
            (r#"<?xml version="1.0" encoding="GB2312"?><html>"#, Some(GBK)),
            (r#"<meta charset="utf-16le">"#, Some(UTF_8)),
            (r#"<meta name="x" content="y"><meta charset='utf-8'>"#, Some(UTF_8)),
            (r#"<meta charset="no-such-thing">"#, None),
            (r#"<meta charset"#, None),
            ("<p>charset=gbk</p>", None),
        ];
        for (page, want) in cases {
            assert_eq!(declared_charset(page.as_bytes()), *want, "{page}");
        }
    }
}
