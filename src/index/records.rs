//! Turning a document's requirements and bare sentences into tantivy
//! documents: in document order, grouped by sentence, each text indexed on
//! the first record that holds it (see [`super::schema`]).

use super::writer::BareSentence;
use super::{Fields, fold::fold_str, schema};
use crate::model::{DocumentMeta, Requirement};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use tantivy::TantivyDocument;

/// A bare sentence as stored in [`schema::JSON`]: what a hit shows.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct BareRecord {
    /// The sentence as written.
    pub sentence: String,
    /// Byte offsets in the source text.
    pub span: [usize; 2],
    /// The heading path, outermost first.
    pub section: Vec<String>,
    /// The document's metadata.
    pub document: DocumentMeta,
}

#[derive(Serialize)]
struct BareOut<'a> {
    sentence: &'a str,
    span: [usize; 2],
    section: &'a [String],
    document: &'a DocumentMeta,
}

/// The key shared by the records of one section of one document.
pub(crate) fn section_key(doc: &str, section: &[String]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    eat(doc.as_bytes());
    for s in section {
        eat(&[0x1f]);
        eat(s.as_bytes());
    }
    format!("{h:016x}")
}

/// The fields every record has: its document, and the document's year,
/// genre and type (filters and facets).
fn common(f: &Fields, d: &mut TantivyDocument, record: &str, name: &str, meta: &DocumentMeta) {
    d.add_text(f.record, record);
    d.add_text(f.doc, name);
    if let Some(y) = meta.year {
        d.add_i64(f.year, i64::from(y));
    }
    d.add_text(f.genre, enum_str(&meta.genre));
    if let Some(t) = &meta.doc_type {
        d.add_text(f.doc_type, t);
    }
}

/// One record before its texts are placed.
enum Item<'a> {
    Req(&'a Requirement),
    Bare(&'a BareSentence),
}

impl Item<'_> {
    fn span(&self) -> [usize; 2] {
        match self {
            Item::Req(r) => r.sentence_span,
            Item::Bare(s) => s.span,
        }
    }
    fn sentence(&self) -> &str {
        match self {
            Item::Req(r) => &r.sentence,
            Item::Bare(s) => &s.text,
        }
    }
    fn section(&self) -> &[String] {
        match self {
            Item::Req(r) => &r.section,
            Item::Bare(s) => &s.section,
        }
    }
}

/// What the records of a document put so far carry once for the whole
/// document: the title and hash (on its first record) and each section's
/// text (on the first record of the section). A document read in parts is
/// put with one `Seen` across its parts.
#[derive(Debug, Default)]
pub(super) struct Seen {
    titled: bool,
    sections: HashSet<String>,
}

/// The records of one document, grouped by sentence in document order:
/// each group is added to tantivy in one batch, so its records stay
/// consecutive (the first carries the sentence's text, the others point
/// back to it through [`schema::SENTENCE_BACK`]).
pub(super) fn document_groups(
    f: &Fields,
    name: &str,
    hash: &str,
    meta: &DocumentMeta,
    reqs: &[Requirement],
    bare: &[BareSentence],
    seen: &mut Seen,
) -> Vec<Vec<TantivyDocument>> {
    let mut items: Vec<Item<'_>> = reqs.iter().map(Item::Req).chain(bare.iter().map(Item::Bare)).collect();
    // Stable: requirements of one sentence keep their order.
    items.sort_by_key(Item::span);
    let mut groups: Vec<Vec<TantivyDocument>> = Vec::new();
    let mut last_sentence = None;
    for item in &items {
        let mut d = match item {
            Item::Req(r) => requirement_doc(f, name, r),
            Item::Bare(s) => sentence_doc(f, name, meta, s),
        };
        if !std::mem::replace(&mut seen.titled, true) {
            if let Some(t) = &meta.title {
                d.add_text(f.title, t);
            }
            d.add_text(f.hash, hash);
        }
        let section = item.section();
        let key = section_key(name, section);
        d.add_text(f.section_key, &key);
        if seen.sections.insert(key) {
            d.add_text(f.section, section.join(" > "));
        }
        // A new sentence: another span (or, in records made by hand, the
        // same span with another text).
        let sentence = (item.span(), item.sentence());
        if last_sentence != Some(sentence) {
            last_sentence = Some(sentence);
            d.add_text(f.sentence, item.sentence());
            groups.push(Vec::new());
        }
        if let Some(g) = groups.last_mut() {
            d.add_u64(f.sentence_back, g.len() as u64);
            g.push(d);
        }
    }
    groups
}

/// The tantivy document of a bare sentence (its texts placed by
/// [`document_groups`]).
fn sentence_doc(f: &Fields, name: &str, meta: &DocumentMeta, s: &BareSentence) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    common(f, &mut d, schema::RECORD_SENT, name, meta);
    let out = BareOut { sentence: &s.text, span: s.span, section: &s.section, document: meta };
    if let Ok(j) = serde_json::to_string(&out) {
        d.add_text(f.json, j);
    }
    d
}

/// The tantivy document of a requirement (its texts placed by
/// [`document_groups`]).
fn requirement_doc(f: &Fields, name: &str, r: &Requirement) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    common(f, &mut d, schema::RECORD_REQ, name, &r.document);
    d.add_text(f.kind, enum_str(&r.kind));
    d.add_text(f.modality, enum_str(&r.modality));
    if let Some(q) = &r.quantity {
        d.add_text(f.comparator, q.comparator.symbol());
        if let Some(v) = q.value {
            d.add_f64(f.value, v);
        }
        if let Some(u) = &q.unit {
            d.add_text(f.unit, fold_str(u));
        }
    }
    if let Some(p) = &r.period {
        d.add_text(f.period, enum_str(&p.unit));
        if let Some(n) = p.per_year {
            d.add_f64(f.per_year, n);
        }
    }
    if let Some(date) = r.deadline.as_ref().and_then(|x| x.date.as_deref())
        && let Some(t) = iso_date(date)
    {
        d.add_date(f.deadline, t);
    }
    if let Some(a) = &r.actor {
        d.add_text(f.actor, a);
    }
    if let Some(a) = &r.action {
        d.add_text(f.action, a);
    }
    if let Ok(j) = serde_json::to_string(r) {
        d.add_text(f.json, j);
    }
    d
}

/// The serde name of a unit-like enum (`target`, `half_year`).
pub(crate) fn enum_str<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// `YYYY-MM-DD` as a tantivy date (midnight UTC).
fn iso_date(s: &str) -> Option<tantivy::DateTime> {
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    let secs = d.and_hms_opt(0, 0, 0)?.and_utc().timestamp();
    Some(tantivy::DateTime::from_timestamp_secs(secs))
}
