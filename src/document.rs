//! A document read and analysed: source text, normalised view, segments, metadata.

use crate::meta;
use crate::model::DocumentMeta;
use crate::normalize::Normalized;
use crate::segment::{self, Segmented};
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
}

impl Document {
    /// Normalise, segment and infer metadata.
    pub fn analyze(name: impl Into<String>, source: impl Into<String>) -> Self {
        let source = source.into();
        let norm = Normalized::new(&source);
        let seg = segment::segment(norm.text());
        let meta = meta::infer(norm.text(), &seg);
        Document { name: name.into(), source, norm, seg, meta }
    }

    /// The source text behind a range of the normalised text.
    pub fn source_slice(&self, norm_range: Range<usize>) -> &str {
        let r = self.norm.to_source(norm_range);
        &self.source[r]
    }
}
