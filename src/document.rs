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
        let gov_report = [meta.title.as_deref(), meta.doc_type.as_deref()]
            .iter()
            .any(|t| t.is_some_and(|t| t.contains("政府工作报告")));
        let structure = structure::analyze(norm.text(), &seg, meta.genre, meta.year, gov_report);
        Document { name: name.into(), source, norm, seg, meta, structure }
    }

    /// The source text behind a range of the normalised text.
    pub fn source_slice(&self, norm_range: Range<usize>) -> &str {
        let r = self.norm.to_source(norm_range);
        &self.source[r]
    }

    /// The byte offsets in the source text of a range of the normalised text.
    pub fn source_span(&self, norm_range: Range<usize>) -> [usize; 2] {
        let r = self.norm.to_source(norm_range);
        [r.start, r.end]
    }
}
