//! A document read and analysed: source text, normalised view, segments, metadata.

use crate::meta;
use crate::model::DocumentMeta;
use crate::normalize::Normalized;
use crate::segment::{self, Segmented};
use crate::structure::{self, Structure};
use std::ops::Range;

/// An analysed document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The input name as given.
    pub name: String,
    /// The source text (decoded UTF-8) that spans point into.
    pub source: String,
    /// The normalised view.
    pub norm: Normalized,
    /// Sentences and sections of the normalised view.
    pub seg: Segmented,
    /// Inferred metadata.
    pub meta: DocumentMeta,
    /// Parts (review, plan) and blocks (paragraphs).
    pub structure: Structure,
    /// Where this text sits in its input: at the start, unless the input
    /// was read in parts ([`crate::parts`]).
    pub origin: Origin,
}

/// What one part of an input read in parts takes from the parts before it
/// ([`Document::analyze_part`]).
#[derive(Debug, Clone, Copy)]
pub struct PartOf<'a> {
    /// Bytes of context opening the part's source text.
    pub context: usize,
    /// The byte offset in the input of the source text after the context.
    pub offset: usize,
    /// The input's metadata (inferred from its first part; `None` for the
    /// first part itself).
    pub meta: Option<&'a DocumentMeta>,
    /// What the first part's metadata takes from the whole input.
    pub whole: Option<&'a meta::WholeText>,
    /// The width the input's lines are wrapped at
    /// ([`crate::normalize::wrap_width`] of the whole input).
    pub wrap_width: Option<usize>,
    /// The structure's state where the previous part ended.
    pub carry: &'a structure::Carry,
    /// The part opens a document of a compilation (after the first): it
    /// starts afresh, as an input's first part does.
    pub opens_document: bool,
}

/// Where the text of a [`Document`] sits in its input. A large input is
/// read in parts ([`crate::parts`]); each part's text opens with context
/// (the heading lines of the sections open where the part begins, repeated
/// from earlier in the input) that gives no requirement of its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Origin {
    /// Bytes of context opening the source text.
    pub context: usize,
    /// The byte offset in the input of the source text after the context.
    pub offset: usize,
    /// The sentences of the context (the first sentence of the part proper).
    pub context_sentences: usize,
    /// The text opens a document of a compilation after its first.
    pub opens_document: bool,
}

impl Origin {
    /// Is this the start of its input, or of a document of a compilation
    /// (not a later part of one)?
    pub fn is_start(&self) -> bool {
        self.context == 0 && (self.offset == 0 || self.opens_document)
    }
}

impl Document {
    /// Normalise, segment and infer metadata.
    pub fn analyze(name: impl Into<String>, source: impl Into<String>) -> Self {
        let source = source.into();
        let norm = Normalized::new(&source);
        let seg = segment::segment(norm.text());
        let meta = meta::infer(norm.text(), &seg);
        Self::assemble(name, source, norm, seg, meta)
    }

    /// A document from stages already run (normalised, segmented, metadata
    /// inferred): the structure stage (parts and blocks) runs here.
    pub fn assemble(
        name: impl Into<String>,
        source: String,
        norm: Normalized,
        seg: Segmented,
        meta: DocumentMeta,
    ) -> Self {
        let structure = structure::analyze(norm.text(), &seg, meta.genre, meta.year, is_gov_report(&meta));
        Document { name: name.into(), source, norm, seg, meta, structure, origin: Origin::default() }
    }

    /// One part of an input read in parts ([`crate::parts`]): `source`
    /// opens with the context `part` describes. Returns the document and the
    /// structure's state where it ends.
    pub fn analyze_part(name: impl Into<String>, source: String, part: PartOf<'_>) -> (Self, structure::Carry) {
        let norm = Normalized::with_wrap_width(&source, part.wrap_width);
        Self::analyze_normalized_part(name, source, norm, part)
    }

    /// [`Document::analyze_part`] with `source` already normalised (at
    /// `part.wrap_width`): [`crate::parts`] looks at a part's normalised
    /// text before it settles where the part ends.
    pub fn analyze_normalized_part(
        name: impl Into<String>,
        source: String,
        norm: Normalized,
        part: PartOf<'_>,
    ) -> (Self, structure::Carry) {
        let seg = segment::segment(norm.text());
        let meta = part.meta.cloned().unwrap_or_else(|| meta::infer_with(norm.text(), &seg, part.whole));
        let context = part.context;
        let context_sentences = seg.sentences.partition_point(|s| norm.to_source(s.range.clone()).start < context);
        let origin = Origin { context, offset: part.offset, context_sentences, opens_document: part.opens_document };
        let carry = structure::Carry { context: context_sentences, later: !origin.is_start(), ..part.carry.clone() };
        let (structure, out) =
            structure::analyze_part(norm.text(), &seg, meta.genre, meta.year, is_gov_report(&meta), &carry);
        (Document { name: name.into(), source, norm, seg, meta, structure, origin }, out)
    }

    /// The sentences that are this document's own (not context), by index.
    pub fn own_sentences(&self) -> std::ops::Range<usize> {
        self.origin.context_sentences..self.seg.sentences.len()
    }

    /// The source text behind a range of the normalised text.
    pub fn source_slice(&self, norm_range: Range<usize>) -> &str {
        let r = self.norm.to_source(norm_range);
        &self.source[r]
    }

    /// The byte offsets in the input of a range of the normalised text (in
    /// the source text, but for a later part of an input read in parts).
    pub fn source_span(&self, norm_range: Range<usize>) -> [usize; 2] {
        let r = self.norm.to_source(norm_range);
        let at = |k: usize| k.saturating_sub(self.origin.context) + self.origin.offset;
        [at(r.start), at(r.end)]
    }
}

/// Does the metadata name a government work report (its title or type)?
/// Its structure reads 今年 as the plan's year.
fn is_gov_report(meta: &DocumentMeta) -> bool {
    [meta.title.as_deref(), meta.doc_type.as_deref()].iter().any(|t| t.is_some_and(|t| t.contains("政府工作报告")))
}
