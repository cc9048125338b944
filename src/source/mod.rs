//! Reading inputs: files of any common form turned into the *source text*
//! (decoded UTF-8) that every span points into.
//!
//! STUB: plain UTF-8 only; the real reader replaces this module.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

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
    /// The encoding detected (`UTF-8`, `GB18030`, `UTF-16LE`, …).
    pub encoding: &'static str,
    /// The source text: what spans point into.
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
    /// The name used in output (`doc` field).
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
    /// Files of other types skipped quietly in folder walks.
    pub skipped: usize,
}

/// Expand paths (files, folders, `-`) into inputs; errors are per path.
pub fn collect_inputs(paths: &[PathBuf]) -> (InputSet, Vec<Error>) {
    let mut set = InputSet::default();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            set.inputs.push(Input::Stdin);
        } else if p.is_dir() {
            let mut v: Vec<PathBuf> = match std::fs::read_dir(p) {
                Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                Err(e) => {
                    errors.push(Error::Io { path: p.clone(), source: e });
                    continue;
                }
            };
            v.sort();
            for f in v {
                if f.extension().is_some_and(|e| e == "txt") {
                    set.inputs.push(Input::Path(f));
                } else {
                    set.skipped += 1;
                }
            }
        } else {
            set.inputs.push(Input::Path(p.clone()));
        }
    }
    (set, errors)
}

/// Read one input.
pub fn read_input(input: &Input) -> Result<SourceText> {
    match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
                .map_err(|e| Error::Io { path: "-".into(), source: e })?;
            decode(Path::new("-"), &buf)
        }
        Input::Path(p) => {
            let bytes = std::fs::read(p).map_err(|e| Error::Io { path: p.clone(), source: e })?;
            decode(p, &bytes)
        }
    }
}

fn decode(path: &Path, bytes: &[u8]) -> Result<SourceText> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Error::Undecodable { path: path.to_path_buf(), reason: e.to_string() })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::Empty { path: path.to_path_buf() });
    }
    Ok(SourceText {
        name: path.display().to_string(),
        format: InputFormat::Text,
        encoding: "UTF-8",
        text: text.to_string(),
    })
}
