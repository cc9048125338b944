//! Reading inputs: files of any common form turned into the *source text*
//! (decoded UTF-8) that every span points into.
//!
//! - Plain text (`.txt`, `.md`, stdin): UTF-8 with or without a BOM, UTF-16
//!   with a BOM, GB18030/GBK or Big5 as detected (decoding is strict:
//!   no replacement characters). Line ends are kept as they are.
//! - `.docx`: a line per paragraph, tables cell by cell.
//! - `.html` / `.htm`: the visible text of `<body>`, a line per block.
//! - `.pdf`, `.doc`, `.wps`, `.ofd`: refused, with how to convert them.
//!
//! Every error names the input and the problem on one line.

mod decode;
mod docx;
mod formats;
mod html;
mod html_text;
mod html_tree;
pub mod stream;
#[doc(hidden)]
pub mod testutil;
mod walk;

#[cfg(test)]
mod tests;

use crate::error::{Error, Result, Special};
use formats::Kind;
use std::io::Read;
use std::path::{Path, PathBuf};

pub use docx::MAX_XML_BYTES as MAX_DOCX_XML_BYTES;
pub use formats::READ_EXTENSIONS;
pub use stream::{FileText, Opened, open_input};
pub use walk::collect_inputs;

/// What kind of file an input was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputFormat {
    /// `.txt`, `.md` or stdin.
    Text,
    /// `.docx`.
    Docx,
    /// `.html`, `.htm`.
    Html,
}

/// A decoded input.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The input as named by the user (`-` for stdin).
    pub name: String,
    /// How it was read.
    pub format: InputFormat,
    /// The encoding detected (`UTF-8`, `GB18030`, `UTF-16LE`, `UTF-16BE`,
    /// `Big5`, …). For docx, the encoding of its XML (`UTF-8`).
    pub encoding: &'static str,
    /// The source text: what spans point into. Never empty or only white
    /// space; without a byte-order mark.
    pub text: String,
}

/// One input to process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file path.
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

impl Input {
    /// The name used in output (`doc` field): the path as given, `-` for stdin.
    pub fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "-".to_string(),
        }
    }
}

/// The inputs of a run after expanding folders.
#[derive(Debug, Clone, Default)]
pub struct InputSet {
    /// Files to read, in order.
    pub inputs: Vec<Input>,
    /// Files of other types that folder walks passed over, in walk order.
    pub skipped: Vec<Skipped>,
}

/// A file a folder walk passed over: not of a type taizhang reads or refuses
/// with advice (a photo, a spreadsheet, a file without an extension). Its
/// `Display` names it and says why, on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file, as found under the folder given.
    pub path: PathBuf,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = self.path.display();
        match self.path.extension() {
            Some(ext) => write!(f, "{p}: skipped: .{} is not a type taizhang reads", ext.to_string_lossy()),
            None => write!(f, "{p}: skipped: no extension (in a folder only {READ_EXTENSIONS} files are read)"),
        }
    }
}

/// Read one input: a file, or all of standard input (read as text unless
/// its first bytes show a docx or an HTML page).
///
/// # Errors
/// [`Error::Io`] when it cannot be read, [`Error::Unsupported`] for refused
/// or unknown file types, and the errors of [`read_bytes`].
pub fn read_input(input: &Input) -> Result<SourceText> {
    match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin().lock().read_to_end(&mut buf).map_err(|e| Error::Io { path: "-".into(), source: e })?;
            read_bytes(Path::new("-"), &buf)
        }
        Input::Path(p) => {
            let io = |e| Error::Io { path: p.clone(), source: e };
            if !matches!(formats::kind_by_name(p), Kind::Read(_)) {
                // Refuse without reading, but a missing file is still an Io error.
                std::fs::metadata(p).map_err(io)?;
                return read_bytes(p, &[]);
            }
            let bytes = read_file(p)?;
            if formats::kind_of(p, &bytes) == Kind::Read(InputFormat::Text) {
                // (A large text file is decoded in place.)
                let d = decode::decode_owned(p, bytes)?;
                return source_text(p, InputFormat::Text, d.encoding, d.text);
            }
            read_bytes(p, &bytes)
        }
    }
}

/// The bytes of the regular file `path`. A FIFO, socket or device is
/// refused before it is opened (opening a FIFO waits for a writer, reading
/// `/dev/zero` never ends), and checked again once open, in case the path
/// changed in between.
///
/// # Errors
/// [`Error::NotAFile`] for a FIFO, socket or device; [`Error::Io`] when the
/// file cannot be read.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let io = |e| Error::Io { path: path.to_path_buf(), source: e };
    let special = |meta: &std::fs::Metadata| {
        Special::of(meta.file_type()).map(|kind| Error::NotAFile { path: path.to_path_buf(), kind })
    };
    if let Some(e) = special(&std::fs::metadata(path).map_err(io)?) {
        return Err(e);
    }
    let mut f = std::fs::File::open(path).map_err(io)?;
    let meta = f.metadata().map_err(io)?;
    if let Some(e) = special(&meta) {
        return Err(e);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    f.read_to_end(&mut bytes).map_err(io)?;
    Ok(bytes)
}

/// Read an input named `name` from memory: the format comes from the
/// extension (none, or `-`, is text; see [`read_input`] for sniffing).
///
/// # Errors
/// [`Error::Unsupported`] for refused (`.pdf` …) or unknown types,
/// [`Error::Empty`] for no text, [`Error::Binary`] and
/// [`Error::Undecodable`] for bytes that are not text, [`Error::Malformed`]
/// for a broken docx.
pub fn read_bytes(name: &Path, bytes: &[u8]) -> Result<SourceText> {
    let unsupported = |reason| Error::Unsupported { path: name.to_path_buf(), reason };
    let format = match formats::kind_of(name, bytes) {
        Kind::Read(format) => format,
        Kind::Refused(refusal) => {
            return Err(unsupported(formats::refusal_message(name, refusal)));
        }
        Kind::Unknown(ext) => return Err(unsupported(formats::unknown_message(&ext))),
    };
    let empty = || Error::Empty { path: name.to_path_buf() };
    if bytes.is_empty() {
        return Err(empty());
    }
    let (text, encoding) = match format {
        InputFormat::Text => {
            let d = decode::decode(name, bytes, None)?;
            (d.text, d.encoding)
        }
        InputFormat::Docx => (docx::docx_text(name, bytes)?, "UTF-8"),
        InputFormat::Html => {
            let d = html::html_text(name, bytes)?;
            (d.text, d.encoding)
        }
    };
    source_text(name, format, encoding, text)
}

/// The [`SourceText`] of a decoded input; [`Error::Empty`] when it is only
/// white space.
fn source_text(name: &Path, format: InputFormat, encoding: &'static str, text: String) -> Result<SourceText> {
    if text.trim().is_empty() {
        return Err(Error::Empty { path: name.to_path_buf() });
    }
    Ok(SourceText { name: name.display().to_string(), format, encoding, text })
}
