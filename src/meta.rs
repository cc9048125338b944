//! Document metadata: title, year, genre, doc_type, issuer, period.

use crate::model::{DocumentMeta, Genre};
use crate::segment::Segmented;

/// Infer the metadata of a document from its normalised text.
pub fn infer(text: &str, _seg: &Segmented) -> DocumentMeta {
    let genre = if text.contains("报告") || text.contains("总结") {
        Genre::Report
    } else {
        Genre::Plan
    };
    DocumentMeta {
        title: None,
        year: None,
        genre,
        doc_type: None,
        issuer: None,
        period: None,
    }
}
