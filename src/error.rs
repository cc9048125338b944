//! The library's one error type.

use std::path::{Path, PathBuf};

/// Everything that can go wrong in the library. Variants that concern one
/// input carry its path, so a caller can report and skip it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be opened or read (vanished, permissions, …).
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The input as named by the user.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file is empty (or holds only white space).
    #[error("{path}: empty file")]
    Empty {
        /// The input.
        path: PathBuf,
    },
    /// The bytes are binary data (NUL bytes, many control characters), not text.
    #[error("{path}: binary file ({reason}), not text")]
    Binary {
        /// The input.
        path: PathBuf,
        /// What gave it away, e.g. `NUL bytes at offset 12`.
        reason: String,
    },
    /// The bytes are not text in any encoding we detect.
    #[error("{path}: {reason}")]
    Undecodable {
        /// The input.
        path: PathBuf,
        /// What was wrong, for a person.
        reason: String,
    },
    /// A format we refuse, with advice on how to convert it.
    #[error("{path}: {reason}")]
    Unsupported {
        /// The input.
        path: PathBuf,
        /// Why, and what to do instead.
        reason: String,
    },
    /// A container (docx) or markup (html) that could not be parsed.
    #[error("{path}: malformed {format}: {reason}")]
    Malformed {
        /// The input.
        path: PathBuf,
        /// The format we tried to read (`docx`, `html`).
        format: &'static str,
        /// What the parser said.
        reason: String,
    },
    /// A bug: analysing this input panicked. The run goes on with the others.
    #[error("{path}: internal error while analysing this file (please report it): {message}")]
    Internal {
        /// The input.
        path: PathBuf,
        /// The panic message.
        message: String,
    },
    /// A FIFO, socket or device where a file was expected: not opened, since
    /// reading it could wait forever (a FIFO with no writer) or never end.
    #[error("{path}: {kind}, not a regular file; not read{}", kind.advice())]
    NotAFile {
        /// The path as found or given.
        path: PathBuf,
        /// What it is.
        kind: Special,
    },
    /// The disk (or the file system) filled up while an output was written.
    #[error("disk full while writing {path}; {}", what_is_left(path, *.left))]
    DiskFull {
        /// The output file.
        path: PathBuf,
        /// What became of it.
        left: Left,
    },
    /// An output file could not be written (permissions, a missing folder, …).
    #[error("{path}: cannot write: {source}; {}", what_is_left(path, *.left))]
    Write {
        /// The output file.
        path: PathBuf,
        /// What became of it.
        left: Left,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An invalid argument or configuration value.
    #[error("{0}")]
    Usage(String),
}

/// What a path names when it is neither a regular file nor a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    /// A FIFO (named pipe).
    Fifo,
    /// A Unix domain socket.
    Socket,
    /// A character device (`/dev/zero`, a terminal).
    CharDevice,
    /// A block device (a disk).
    BlockDevice,
    /// Anything else that is not a regular file.
    Other,
}

impl Special {
    /// The kind of `file_type`, `None` for a regular file or a folder.
    pub fn of(file_type: std::fs::FileType) -> Option<Special> {
        if file_type.is_file() || file_type.is_dir() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Some(Special::Fifo);
            }
            if file_type.is_socket() {
                return Some(Special::Socket);
            }
            if file_type.is_char_device() {
                return Some(Special::CharDevice);
            }
            if file_type.is_block_device() {
                return Some(Special::BlockDevice);
            }
        }
        Some(Special::Other)
    }

    /// What to do instead, after the message (empty when there is nothing to say).
    fn advice(self) -> &'static str {
        match self {
            Special::Fifo => " (to read a stream, pipe it into taizhang and give `-` as the path)",
            _ => "",
        }
    }
}

impl std::fmt::Display for Special {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Special::Fifo => "a FIFO (named pipe)",
            Special::Socket => "a socket",
            Special::CharDevice => "a character device",
            Special::BlockDevice => "a block device",
            Special::Other => "a special file",
        })
    }
}

/// What became of an output file whose writing failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Left {
    /// It existed and holds what it held before.
    AsItWas,
    /// It did not exist and still does not.
    NotCreated,
    /// It is a stream or device written in place (`/dev/stdout`, a FIFO):
    /// what reached it is incomplete.
    Incomplete,
}

fn what_is_left(path: &Path, left: Left) -> String {
    let p = path.display();
    match left {
        Left::AsItWas => format!("{p} was left as it was"),
        Left::NotCreated => format!("{p} was not created"),
        Left::Incomplete => format!("the output to {p} is incomplete"),
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
