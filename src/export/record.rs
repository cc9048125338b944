//! The flat record every export format carries: one per requirement, the
//! same fields in the same order whatever the engine (docs/export/README.md
//! is its written schema).

use crate::model::Requirement;
use serde::Serialize;

/// The field names of [`Record`], in order: the columns of the Parquet
/// file, the properties of the OpenSearch template and the field mappings
/// of the Quickwit config (tests hold the three to this list).
pub const FIELDS: [&str; 32] = [
    "id",
    "doc",
    "kind",
    "modality",
    "raw",
    "span_start",
    "span_end",
    "comparator",
    "value",
    "value_max",
    "unit",
    "placeholder",
    "period",
    "period_raw",
    "per_year",
    "deadline",
    "deadline_date",
    "actor",
    "action",
    "sentence",
    "sentence_start",
    "sentence_end",
    "section",
    "points",
    "multi_year",
    "title",
    "year",
    "genre",
    "doc_type",
    "issuer",
    "doc_period_start",
    "doc_period_end",
];

/// One requirement, flattened for a search engine or a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// The requirement's stable id (`_id` in OpenSearch).
    pub id: String,
    /// The input the requirement comes from.
    pub doc: String,
    /// `target` or `achievement`.
    pub kind: String,
    /// `must`, `must_not`, `should` or `none`.
    pub modality: String,
    /// The quantity as written, with its comparator words.
    pub raw: Option<String>,
    /// Byte offset where `raw` starts in the source text.
    pub span_start: Option<u64>,
    /// Byte offset where `raw` ends (exclusive).
    pub span_end: Option<u64>,
    /// `>=`, `>`, `<=`, `<`, `=`, `~` or `range`.
    pub comparator: Option<String>,
    /// The figure; `None` when redacted or deadline-only.
    pub value: Option<f64>,
    /// The upper end of a range.
    pub value_max: Option<f64>,
    /// The counting unit (`%` for percent).
    pub unit: Option<String>,
    /// The figure is redacted (`x次`).
    pub placeholder: bool,
    /// The period's unit (`year`, `quarter`, …).
    pub period: Option<String>,
    /// The period words as written (`每季度`).
    pub period_raw: Option<String>,
    /// Periods a year.
    pub per_year: Option<f64>,
    /// The deadline as written (`6月底前`).
    pub deadline: Option<String>,
    /// The deadline as an ISO date.
    pub deadline_date: Option<String>,
    /// Who must act or acted.
    pub actor: Option<String>,
    /// The counted activity.
    pub action: Option<String>,
    /// The sentence that holds the requirement.
    pub sentence: String,
    /// Byte offset where the sentence starts.
    pub sentence_start: u64,
    /// Byte offset where the sentence ends (exclusive).
    pub sentence_end: u64,
    /// The heading path, outermost first.
    pub section: Vec<String>,
    /// Points of a 考核细则 rule.
    pub points: Option<f64>,
    /// The figure belongs to a review or plan of several years.
    pub multi_year: bool,
    /// The document's title.
    pub title: Option<String>,
    /// The year the document governs or reports on.
    pub year: Option<i32>,
    /// `plan` or `report`.
    pub genre: String,
    /// The document type word (`责任书`).
    pub doc_type: Option<String>,
    /// The issuing body.
    pub issuer: Option<String>,
    /// Start of the document's responsibility period (ISO date).
    pub doc_period_start: Option<String>,
    /// End of the document's responsibility period (ISO date).
    pub doc_period_end: Option<String>,
}

/// The serde name of a unit enum value (`must_not`, `half_year`).
fn name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

impl Record {
    /// The record of one requirement.
    pub fn of(r: &Requirement) -> Self {
        let q = r.quantity.as_ref();
        let m = &r.document;
        Record {
            id: r.id.clone(),
            doc: r.doc.clone(),
            kind: name(&r.kind),
            modality: name(&r.modality),
            raw: q.map(|q| q.raw.clone()),
            span_start: q.map(|q| q.span[0] as u64),
            span_end: q.map(|q| q.span[1] as u64),
            comparator: q.map(|q| q.comparator.symbol().to_string()),
            value: q.and_then(|q| q.value),
            value_max: q.and_then(|q| q.value_max),
            unit: q.and_then(|q| q.unit.clone()),
            placeholder: q.is_some_and(|q| q.placeholder),
            period: r.period.as_ref().map(|p| name(&p.unit)),
            period_raw: r.period.as_ref().map(|p| p.raw.clone()),
            per_year: r.period.as_ref().and_then(|p| p.per_year),
            deadline: r.deadline.as_ref().map(|d| d.raw.clone()),
            deadline_date: r.deadline.as_ref().and_then(|d| d.date.clone()),
            actor: r.actor.clone(),
            action: r.action.clone(),
            sentence: r.sentence.to_string(),
            sentence_start: r.sentence_span[0] as u64,
            sentence_end: r.sentence_span[1] as u64,
            section: r.section.to_vec(),
            points: r.points,
            multi_year: r.multi_year,
            title: m.title.clone(),
            year: m.year,
            genre: name(&m.genre),
            doc_type: m.doc_type.clone(),
            issuer: m.issuer.clone(),
            doc_period_start: m.period.as_ref().map(|p| p.start.clone()),
            doc_period_end: m.period.as_ref().map(|p| p.end.clone()),
        }
    }
}
