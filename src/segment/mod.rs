//! Sentences, the section tree, and words.
//!
//! Sentences tile the text losslessly; headings (一、 (一) 1. (1) ① 第X章/节/条
//! and the inline 一是…二是…) form a tree; words come from jieba with our
//! dictionaries.

pub mod cut;
pub mod section;
pub mod sentence;
pub mod words;

use std::ops::Range;

/// A sentence of the normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the normalised text (includes its closing punctuation).
    pub range: Range<usize>,
    /// Index of the paragraph (line) that holds it.
    pub paragraph: usize,
    /// Innermost section that holds it, index into `Outline::sections`.
    pub section: Option<usize>,
}

/// The heading styles we recognise, outermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MarkerKind {
    /// 第一章
    Chapter,
    /// 第一节
    Part,
    /// 一、
    CnComma,
    /// (一) （一）
    CnParen,
    /// 1. 1． 1、
    Arabic,
    /// (1) （1）
    ArabicParen,
    /// ① …
    Circled,
    /// 第一条
    Article,
    /// Inline 一是…二是…
    Enum,
}

/// A heading and the text it governs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Style of the heading marker.
    pub marker: MarkerKind,
    /// Range of the heading text (marker included, closing 。 excluded) in the normalised text.
    pub title: Range<usize>,
    /// Range of the whole section (heading to the start of the next section of the same or outer level).
    pub range: Range<usize>,
    /// Parent section.
    pub parent: Option<usize>,
}

/// The section tree of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// Sections in document order.
    pub sections: Vec<Section>,
}

impl Outline {
    /// The innermost section holding normalised position `pos`.
    pub fn innermost_at(&self, pos: usize) -> Option<usize> {
        let last = self.sections.partition_point(|s| s.range.start <= pos).checked_sub(1)?;
        let mut cur = Some(last);
        while let Some(i) = cur {
            if self.sections[i].range.contains(&pos) {
                return Some(i);
            }
            cur = self.sections[i].parent;
        }
        None
    }

    /// Does section `i` open a line of `text` (a heading, or a line that
    /// opens with 一是), rather than sit inside one (an inline 二是 item)?
    pub fn opens_line(&self, text: &str, i: usize) -> bool {
        let at = self.sections[i].title.start;
        self.sections[i].marker != MarkerKind::Enum || at == 0 || text.as_bytes().get(at - 1) == Some(&b'\n')
    }

    /// The chain of section indices from outermost to `idx`.
    pub fn path(&self, idx: Option<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = idx;
        while let Some(i) = cur {
            out.push(i);
            cur = self.sections[i].parent;
        }
        out.reverse();
        out
    }
}

/// Sentences and sections of one normalised text.
#[derive(Debug, Clone, Default)]
pub struct Segmented {
    /// Sentences in order; they concatenate back to the text.
    pub sentences: Vec<Sentence>,
    /// Heading tree.
    pub outline: Outline,
}

/// Segment a normalised text: sentences, then the section tree, then each
/// sentence's innermost section.
pub fn segment(text: &str) -> Segmented {
    let mut sentences = sentence::split(text);
    let outline = section::outline(text);
    section::assign(&outline, &mut sentences);
    Segmented { sentences, outline }
}
