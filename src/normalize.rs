//! The normalised view that analysis sees, with a map back to the source.
//!
//! STUB: identity mapping; the real normaliser replaces this file.

use std::ops::Range;

/// Normalised text plus, for every byte of it, the source byte range of the
/// character it came from.
#[derive(Debug, Clone)]
pub struct Normalized {
    text: String,
    /// `src_start[i]` = source byte offset where the char holding norm byte `i` starts;
    /// one extra entry at the end = source length.
    src_start: Vec<u32>,
    /// `src_end[i]` = source byte offset where that char ends.
    src_end: Vec<u32>,
}

impl Normalized {
    /// Normalise `source`.
    pub fn new(source: &str) -> Self {
        let n = source.len();
        let mut src_start = Vec::with_capacity(n + 1);
        let mut src_end = Vec::with_capacity(n + 1);
        for (i, c) in source.char_indices() {
            for _ in 0..c.len_utf8() {
                src_start.push(i as u32);
                src_end.push((i + c.len_utf8()) as u32);
            }
        }
        src_start.push(n as u32);
        src_end.push(n as u32);
        Normalized { text: source.to_string(), src_start, src_end }
    }

    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Map a byte range of the normalised text to the source byte range that
    /// covers exactly the characters it came from.
    pub fn to_source(&self, r: Range<usize>) -> Range<usize> {
        if r.start >= r.end {
            let p = self.src_start[r.start.min(self.text.len())] as usize;
            return p..p;
        }
        self.src_start[r.start] as usize..self.src_end[r.end - 1] as usize
    }
}
