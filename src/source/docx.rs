//! `.docx`: the text of `word/document.xml`, a line per paragraph.
//!
//! Each `<w:p>` is one line, its text taken from `<w:t>`; `<w:tab/>` is a
//! tab and `<w:br/>` / `<w:cr/>` a line break (inside runs only: tab stops in
//! paragraph properties are not tabs). Deleted and moved-away revisions,
//! field instructions and the fallback copy of drawings are skipped. Tables
//! come out in reading order, every cell paragraph its own line, because
//! that is the order of the XML. Paragraphs nested in text boxes come out
//! before the paragraph that anchors them.

use crate::error::{Error, Result};
use quick_xml::Reader;
use quick_xml::events::{BytesRef, Event};
use std::io::{Cursor, Read};
use std::path::Path;

/// The most uncompressed XML read from one `.docx` (zip-bomb guard): 256 MiB.
pub const MAX_XML_BYTES: u64 = 256 << 20;

/// The main document part.
const DOCUMENT_PART: &str = "word/document.xml";

fn malformed(path: &Path, reason: String) -> Error {
    Error::Malformed { path: path.to_path_buf(), format: "docx", reason }
}

/// The text of a `.docx` held in `bytes`: its paragraphs joined with `\n`.
///
/// # Errors
/// [`Error::Malformed`] when the bytes are not a zip archive, lack
/// `word/document.xml`, hold more than [`MAX_XML_BYTES`] of it, or its XML
/// does not parse.
pub(crate) fn docx_text(path: &Path, bytes: &[u8]) -> Result<String> {
    docx_text_capped(path, bytes, MAX_XML_BYTES)
}

/// [`docx_text`] with the unpacked-size cap as a parameter (for tests).
pub(crate) fn docx_text_capped(path: &Path, bytes: &[u8], cap: u64) -> Result<String> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| malformed(path, format!("not a zip archive ({e})")))?;
    let mut part = archive
        .by_name(DOCUMENT_PART)
        .map_err(|e| malformed(path, format!("no {DOCUMENT_PART} in the archive ({e}); is it a Word document?")))?;
    let mut xml = Vec::new();
    (&mut part)
        .take(cap.saturating_add(1))
        .read_to_end(&mut xml)
        .map_err(|e| malformed(path, format!("cannot unpack {DOCUMENT_PART}: {e}")))?;
    if xml.len() as u64 > cap {
        return Err(malformed(path, format!("{DOCUMENT_PART} unpacks to more than {cap} bytes; refusing (zip bomb?)")));
    }
    let xml = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&xml);
    let xml = std::str::from_utf8(xml)
        .map_err(|e| malformed(path, format!("{DOCUMENT_PART} is not UTF-8 (at byte {})", e.valid_up_to())))?;
    paragraphs(xml).map_err(|reason| malformed(path, reason))
}

/// Where the walk is inside the XML.
#[derive(Default)]
struct State {
    /// Open paragraphs, innermost last (text boxes nest paragraphs).
    open: Vec<String>,
    /// Finished lines.
    lines: Vec<String>,
    /// Depth inside `<w:t>`.
    in_text: usize,
    /// Depth inside `<w:r>`.
    in_run: usize,
    /// Depth inside skipped content (`w:del`, `w:moveFrom`, `mc:Fallback`).
    skipping: usize,
}

impl State {
    fn push_str(&mut self, s: &str) {
        if self.skipping == 0
            && let Some(p) = self.open.last_mut()
        {
            p.push_str(s);
        }
    }

    fn push_in_run(&mut self, c: char) {
        if self.in_run > 0 {
            self.push_str(c.encode_utf8(&mut [0; 4]));
        }
    }

    fn start(&mut self, name: &str) {
        match name {
            "p" => self.open.push(String::new()),
            "t" => self.in_text += 1,
            "r" => self.in_run += 1,
            "del" | "moveFrom" | "Fallback" => self.skipping += 1,
            _ => self.empty(name),
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "p" => {
                // Paragraphs inside skipped content are opened and closed
                // but never emitted.
                if let Some(line) = self.open.pop().filter(|_| self.skipping == 0) {
                    self.lines.push(line);
                }
            }
            "t" => self.in_text = self.in_text.saturating_sub(1),
            "r" => self.in_run = self.in_run.saturating_sub(1),
            "del" | "moveFrom" | "Fallback" => self.skipping = self.skipping.saturating_sub(1),
            _ => {}
        }
    }

    fn empty(&mut self, name: &str) {
        match name {
            "p" if self.skipping == 0 => self.lines.push(String::new()),
            "tab" | "ptab" => self.push_in_run('\t'),
            "br" | "cr" => self.push_in_run('\n'),
            "noBreakHyphen" => self.push_in_run('-'),
            _ => {}
        }
    }

    fn text(&mut self, s: &str) {
        if self.in_text > 0 {
            self.push_str(s);
        }
    }

    fn reference(&mut self, r: &BytesRef<'_>) {
        if self.in_text == 0 {
            return;
        }
        let c = match r.resolve_char_ref() {
            Ok(Some(c)) => Some(c),
            Ok(None) => match r.as_ref() {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => None,
            },
            Err(_) => None,
        };
        if let Some(c) = c {
            self.push_str(c.encode_utf8(&mut [0; 4]));
        }
    }
}

/// The lines of a WordprocessingML document, joined with `\n`.
fn paragraphs(xml: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut state = State::default();
    loop {
        let event =
            reader.read_event().map_err(|e| format!("{DOCUMENT_PART}: {e} (near byte {})", reader.error_position()))?;
        match event {
            Event::Start(e) => state.start(e.local_name().as_ref()),
            Event::End(e) => state.end(e.local_name().as_ref()),
            Event::Empty(e) => state.empty(e.local_name().as_ref()),
            Event::Text(t) => state.text(&t.xml10_content()),
            Event::CData(t) => state.text(&t.xml10_content()),
            Event::GeneralRef(r) => state.reference(&r),
            Event::Eof => break,
            _ => {}
        }
    }
    // Paragraphs left open by a truncated document still count.
    while let Some(line) = state.open.pop() {
        state.lines.push(line);
    }
    Ok(state.lines.join("\n"))
}
