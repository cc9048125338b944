//! A large UTF-8 text file read from disk a range at a time, never held
//! whole.
//!
//! [`open_input`] reads an input as [`super::read_input`] does, except that
//! a plain text file with more bytes of text than the size given, in
//! UTF-8, is not read into
//! memory: it is checked in one pass of blocks (strict UTF-8, no NUL, not
//! too many control characters, not only white space; the width its lines
//! are wrapped at and, when asked, its content hash are gathered on the
//! way) and handed back as a [`FileText`], whose ranges
//! [`crate::parts::Parts`] reads as it needs them. Anything else (a docx, a
//! page, GB18030 or UTF-16 text) is read whole as before: its decoded text
//! is held.
//!
//! The offsets of a [`FileText`] are those of its text, as for a file read
//! whole: after a UTF-8 byte-order mark, if there is one.

use super::{Input, InputFormat, SourceText, decode, formats, read_input};
use crate::error::{Error, Result, Special};
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The size of the blocks of the checking pass.
const BLOCK: usize = 1 << 20;

/// What tells that a file changed: its length, its modification time and,
/// on Unix, its status-change time, which every write moves and no tool
/// can set back (a rewrite of the same length whose modification time is
/// restored, as `rsync --inplace -t` or `touch -r` leave it, is seen; one
/// within the same tick of a file system that keeps ctime in whole seconds
/// is not). The status-change time also moves with chmod, chown, a rename
/// or a new hard link: a file so touched while it is read is refused as
/// changed too, which a second run mends; reading a mix of old and new text
/// would give wrong requirements with no word of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    status_changed: Option<(i64, i64)>,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let status_changed = {
            use std::os::unix::fs::MetadataExt;
            Some((meta.ctime(), meta.ctime_nsec()))
        };
        #[cfg(not(unix))]
        let status_changed = None;
        Stamp { len: meta.len(), modified: meta.modified().ok(), status_changed }
    }
}

/// An input opened by [`open_input`].
pub enum Opened {
    /// Read and decoded whole.
    Held(SourceText),
    /// A large UTF-8 text file, checked and left on disk.
    Streamed(FileText),
}

/// A large UTF-8 text file, checked, read a range at a time.
#[derive(Debug)]
pub struct FileText {
    name: String,
    path: PathBuf,
    file: File,
    /// Where the text starts in the file (after a UTF-8 byte-order mark).
    start: u64,
    /// The length of the text in bytes.
    len: usize,
    /// What the file was when it was checked.
    stamp: Stamp,
    /// [`crate::normalize::wrap_width`] of the whole text.
    wrap_width: Option<usize>,
    /// The content hash of the text, when asked for.
    hash: Option<String>,
}

impl FileText {
    /// The input as named by the user.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The length of the text in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the text is empty (never: an empty input is an error).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// [`crate::normalize::wrap_width`] of the whole text.
    pub fn wrap_width(&self) -> Option<usize> {
        self.wrap_width
    }

    /// The text's content hash (`index`'s, [`crate::index::content_hash`]),
    /// when [`open_input`] was asked for it.
    pub fn hash(&self) -> Option<&str> {
        self.hash.as_deref()
    }

    /// The same file opened again, for another pass over its text
    /// (`inspect` reads a large input twice): the text as it was checked.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be opened or has changed since
    /// it was checked (its stamp).
    pub fn reopen(&self) -> Result<FileText> {
        let io = |e| Error::Io { path: self.path.clone(), source: e };
        let file = File::open(&self.path).map_err(io)?;
        let meta = file.metadata().map_err(io)?;
        if Stamp::of(&meta) != self.stamp {
            return Err(self.changed());
        }
        Ok(FileText {
            name: self.name.clone(),
            path: self.path.clone(),
            file,
            start: self.start,
            len: self.len,
            stamp: self.stamp,
            wrap_width: self.wrap_width,
            hash: self.hash.clone(),
        })
    }

    /// The text of `range` (character boundaries of the text).
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be read or has changed since it
    /// was checked (its [`Stamp`]: length, modification time and, on Unix,
    /// status-change time). Text rewritten in place within the times'
    /// granularity is read as it now is, still as strict UTF-8.
    pub fn read(&mut self, range: Range<usize>) -> Result<String> {
        let bytes = self.bytes(range.clone())?;
        String::from_utf8(bytes).map_err(|_| self.changed())
    }

    /// The text from `from` (a character boundary) up to `max` bytes, ended
    /// at the last character boundary.
    ///
    /// # Errors
    /// As [`FileText::read`].
    pub fn window(&mut self, from: usize, max: usize) -> Result<String> {
        let end = from.saturating_add(max).min(self.len);
        let mut bytes = self.bytes(from..end)?;
        match simdutf8::compat::from_utf8(&bytes) {
            Ok(_) => {}
            // A character cut by the window's end: the window ends before it.
            Err(e) if e.error_len().is_none() && end < self.len => bytes.truncate(e.valid_up_to()),
            Err(_) => return Err(self.changed()),
        }
        String::from_utf8(bytes).map_err(|_| self.changed())
    }

    fn bytes(&mut self, range: Range<usize>) -> Result<Vec<u8>> {
        let io = |e| Error::Io { path: self.path.clone(), source: e };
        let meta = self.file.metadata().map_err(io)?;
        if Stamp::of(&meta) != self.stamp || range.end > self.len {
            return Err(self.changed());
        }
        self.file.seek(SeekFrom::Start(self.start + range.start as u64)).map_err(io)?;
        let mut bytes = vec![0; range.len()];
        self.file.read_exact(&mut bytes).map_err(io)?;
        Ok(bytes)
    }

    fn changed(&self) -> Error {
        Error::Io {
            path: self.path.clone(),
            source: std::io::Error::other("the file changed while it was being read; run again"),
        }
    }
}

/// Read `input` as [`read_input`] does, but leave a UTF-8 text file of more
/// than `above` bytes on disk, checked: [`Opened::Streamed`]. `hash` asks
/// for the text's content hash on the way.
///
/// # Errors
/// As [`read_input`]: the same error for the same file, whichever way it
/// is read.
pub fn open_input(input: &Input, above: usize, hash: bool) -> Result<Opened> {
    let Input::Path(path) = input else { return read_input(input).map(Opened::Held) };
    let io = |e| Error::Io { path: path.clone(), source: e };
    if formats::kind_by_name(path) != formats::Kind::Read(InputFormat::Text) {
        return read_input(input).map(Opened::Held);
    }
    let meta = std::fs::metadata(path).map_err(io)?;
    if Special::of(meta.file_type()).is_some() || meta.len() <= above as u64 {
        return read_input(input).map(Opened::Held);
    }
    let mut file = File::open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if Special::of(meta.file_type()).is_some() {
        return read_input(input).map(Opened::Held);
    }
    match check(path, &mut file, hash)? {
        // (Above the size in text, not in bytes with a byte-order mark; and
        // of the length it had when it was opened, not grown or shrunk
        // while it was checked.)
        Some(mut text) if text.len > above && text.start + text.len as u64 == meta.len() => {
            text.stamp = Stamp::of(&meta);
            Ok(Opened::Streamed(text))
        }
        _ => read_input(input).map(Opened::Held),
    }
}

/// The checking pass over `file`: `None` when it is not UTF-8 text read
/// from disk (another encoding, or content sniffed as another format),
/// to be read whole instead.
fn check(path: &Path, file: &mut File, hash: bool) -> Result<Option<FileText>> {
    let io = |e| Error::Io { path: path.to_path_buf(), source: e };
    let mut block = vec![0u8; BLOCK];
    let first = read_block(file, &mut block).map_err(io)?;
    let head = &block[..first];
    // (An HTML page is known by its first tag after any white space: one
    // that the first block does not reach is read whole, to be sure.)
    let tag_at = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head).iter().position(|c| !c.is_ascii_whitespace());
    if formats::kind_of(path, head) != formats::Kind::Read(InputFormat::Text)
        || tag_at.is_none_or(|k| k + 16 > head.len())
    {
        return Ok(None);
    }
    let start: usize = match encoding_rs::Encoding::for_bom(head) {
        Some((enc, n)) if enc == encoding_rs::UTF_8 => n,
        Some(_) => return Ok(None),
        None => 0,
    };
    let mut wrap = crate::normalize::WrapWidth::default();
    let mut hasher = hash.then(crate::index::ContentHasher::default);
    let (mut len, mut controls, mut blank) = (0usize, 0usize, true);
    // Bytes of a character cut by the end of the last block.
    let mut carry: Vec<u8> = Vec::new();
    // The carry and the block's bytes, to check.
    let mut bytes: Vec<u8> = Vec::with_capacity(BLOCK + 4);
    let mut filled = first;
    let mut skip = start;
    // The file offset of the block's first byte.
    let mut at = 0;
    while filled > skip {
        let fresh = &block[skip..filled];
        if let Some(pos) = memchr::memchr(0, fresh) {
            return Err(decode::binary(path, format!("NUL bytes at offset {}", at + skip + pos)));
        }
        controls += decode::count_controls(fresh);
        bytes.clear();
        bytes.append(&mut carry);
        bytes.extend_from_slice(fresh);
        // (A character cut by the block's end: its start is carried over,
        // and the text before it is taken as it was checked.)
        let text = match simdutf8::compat::from_utf8(&bytes) {
            Ok(text) => text,
            Err(e) if e.error_len().is_none() => {
                simdutf8::compat::from_utf8(&bytes[..e.valid_up_to()]).map_err(|_| Error::Internal {
                    path: path.to_path_buf(),
                    message: "a checked block is not UTF-8".into(),
                })?
            }
            Err(_) => return Ok(None),
        };
        let valid = text.len();
        wrap.feed(text);
        if let Some(h) = &mut hasher {
            h.update(text.as_bytes());
        }
        blank = blank && text.trim().is_empty();
        len += valid;
        carry.extend_from_slice(&bytes[valid..]);
        at += filled;
        skip = 0;
        filled = read_block(file, &mut block).map_err(io)?;
    }
    if !carry.is_empty() {
        // The text ends inside a character: not UTF-8.
        return Ok(None);
    }
    if decode::too_many(controls, len) {
        return Err(decode::binary(path, format!("{controls} control characters in {len} bytes")));
    }
    if blank {
        return Err(Error::Empty { path: path.to_path_buf() });
    }
    Ok(Some(FileText {
        name: path.display().to_string(),
        path: path.to_path_buf(),
        file: file.try_clone().map_err(io)?,
        start: start as u64,
        len,
        stamp: Stamp::default(),
        wrap_width: wrap.finish(),
        hash: hasher.map(|h| h.finish()),
    }))
}

/// Fill `block` from `file` as far as it goes; the number of bytes read
/// (fewer than the block only at the end of the file).
fn read_block(file: &mut File, block: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < block.len() {
        match file.read(&mut block[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}
