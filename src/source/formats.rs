//! Which kind of file an input is: read (text, docx, html), refused with
//! advice (pdf, doc, wps, ofd), or unknown. Decided by the extension, with a
//! look at the first bytes for inputs without one (stdin) and for files whose
//! content contradicts their name (a PDF saved as `.txt`).

use super::InputFormat;
use std::path::Path;

/// What to do with an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Read it in this format.
    Read(InputFormat),
    /// A document type we refuse, with advice.
    Refused(Refusal),
    /// Any other file type (the lower-case extension, without the dot).
    Unknown(String),
}

/// Document types taizhang refuses to read, each with a conversion recipe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// PDF.
    Pdf,
    /// Legacy binary Word (`.doc`) or WPS (`.wps`).
    Doc,
    /// OFD (the Chinese fixed-layout format).
    Ofd,
}

/// The extensions taizhang reads, for messages.
pub const READ_EXTENSIONS: &str = ".txt, .md, .docx, .html and .htm";

/// The lower-case extension of `path`, if any.
fn extension(path: &Path) -> Option<String> {
    path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase())
}

/// The kind of `path` by its extension alone (no extension = text).
pub(crate) fn kind_by_name(path: &Path) -> Kind {
    let Some(ext) = extension(path) else {
        return Kind::Read(InputFormat::Text);
    };
    match ext.as_str() {
        "txt" | "md" | "text" | "markdown" => Kind::Read(InputFormat::Text),
        "docx" => Kind::Read(InputFormat::Docx),
        "html" | "htm" | "xhtml" | "shtml" => Kind::Read(InputFormat::Html),
        "pdf" => Kind::Refused(Refusal::Pdf),
        "doc" | "wps" => Kind::Refused(Refusal::Doc),
        "ofd" => Kind::Refused(Refusal::Ofd),
        _ => Kind::Unknown(ext),
    }
}

/// The kind of an input named `path` holding `bytes`: the name decides,
/// except that PDF and legacy Word content is refused whatever the name, and
/// a nameless input (stdin, no extension) that is a zip or an HTML page is
/// read as docx or html.
pub(crate) fn kind_of(path: &Path, bytes: &[u8]) -> Kind {
    let by_name = kind_by_name(path);
    if !matches!(by_name, Kind::Read(_)) {
        return by_name;
    }
    if bytes.starts_with(b"%PDF-") {
        return Kind::Refused(Refusal::Pdf);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Kind::Refused(Refusal::Doc);
    }
    if extension(path).is_none() {
        if bytes.starts_with(b"PK\x03\x04") {
            return Kind::Read(InputFormat::Docx);
        }
        if looks_like_html(bytes) {
            return Kind::Read(InputFormat::Html);
        }
    }
    by_name
}

/// Starts (after a UTF-8 BOM and white space) with `<!doctype html` or `<html`.
fn looks_like_html(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    let head = b.get(start..(start + 14).min(b.len())).unwrap_or_default();
    let head = head.to_ascii_lowercase();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// Quote a path for a shell command line when it needs it.
fn shell_quote(s: &str) -> String {
    let plain = s.chars().all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || "._-/+=:@%,".contains(c));
    if plain && !s.is_empty() { s.to_string() } else { format!("'{}'", s.replace('\'', r"'\''")) }
}

/// `path` with its extension replaced, for the advice.
fn with_ext(path: &Path, ext: &str) -> String {
    shell_quote(&path.with_extension(ext).display().to_string())
}

/// The message for a refused document type (without the leading path).
pub(crate) fn refusal_message(path: &Path, refusal: Refusal) -> String {
    let p = shell_quote(&path.display().to_string());
    match refusal {
        Refusal::Pdf => {
            let txt = with_ext(path, "txt");
            format!(
                "PDF is not read by taizhang; convert it first: pdftotext -layout {p} {txt} \
                 (Debian package poppler-utils), then run on {txt}; scanned PDFs need OCR \
                 (e.g. ocrmypdf) first"
            )
        }
        Refusal::Doc => {
            // soffice writes NAME.docx into --outdir (the current folder
            // without it): the advice names that file. A Word 97 file named
            // .docx would be overwritten, so it goes to a folder of its own.
            let parent = path.parent().filter(|d| !d.as_os_str().is_empty());
            let outdir = match extension(path).as_deref() {
                Some("docx") => Some(parent.unwrap_or(Path::new("")).join("converted")),
                _ => parent.map(Path::to_path_buf),
            };
            let name = path.with_extension("docx");
            let docx = outdir.clone().unwrap_or_default().join(name.file_name().unwrap_or_default());
            let docx = shell_quote(&docx.display().to_string());
            let outdir =
                outdir.map(|d| format!(" --outdir {}", shell_quote(&d.display().to_string()))).unwrap_or_default();
            format!(
                "legacy Word/WPS files (.doc, .wps) are not read by taizhang; convert it \
                 first: soffice --headless --convert-to docx{outdir} {p} (LibreOffice Writer, \
                 Debian package libreoffice-writer), then run on {docx}"
            )
        }
        Refusal::Ofd => "OFD is not read by taizhang; export it to PDF or text from an OFD \
                         reader (e.g. 数科OFD阅读器), then convert the PDF with pdftotext \
                         -layout or run on the text"
            .to_string(),
    }
}

/// The message for a file type we do not read (without the leading path).
pub(crate) fn unknown_message(ext: &str) -> String {
    format!(
        "unsupported file type .{ext}; taizhang reads {READ_EXTENSIONS} files \
         (and - for standard input)"
    )
}

/// Whether a folder walk lists a file of this name (read or refused types).
pub(crate) fn listed_in_walk(path: &Path) -> bool {
    extension(path).is_some() && !matches!(kind_by_name(path), Kind::Unknown(_))
}
