//! Turning requirements and bare sentences into tantivy documents.

use super::writer::BareSentence;
use super::{Fields, fold::fold_str, schema};
use crate::model::{DocumentMeta, Requirement};
use tantivy::TantivyDocument;

fn common(f: &Fields, d: &mut TantivyDocument, name: &str, hash: &str, meta: &DocumentMeta) {
    d.add_text(f.doc, name);
    d.add_text(f.hash, hash);
    if let Some(t) = &meta.title {
        d.add_text(f.title, t);
    }
    if let Some(y) = meta.year {
        d.add_i64(f.year, i64::from(y));
    }
    d.add_text(f.genre, enum_str(&meta.genre));
    if let Some(t) = &meta.doc_type {
        d.add_text(f.doc_type, t);
    }
}

/// The tantivy document of a bare sentence.
pub(super) fn sentence_doc(
    f: &Fields,
    name: &str,
    hash: &str,
    meta: &DocumentMeta,
    s: &BareSentence,
) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.record, schema::RECORD_SENT);
    common(f, &mut d, name, hash, meta);
    d.add_text(f.section, s.section.join(" > "));
    d.add_text(f.sentence, &s.text);
    d.add_text(f.sentence_bi, &s.text);
    d.add_u64(f.span_start, s.span[0] as u64);
    d.add_u64(f.span_end, s.span[1] as u64);
    d
}

/// The tantivy document of a requirement.
pub(super) fn requirement_doc(f: &Fields, name: &str, hash: &str, r: &Requirement) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.record, schema::RECORD_REQ);
    common(f, &mut d, name, hash, &r.document);
    d.add_text(f.id, &r.id);
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
    if let Some(date) = r.deadline.as_ref().and_then(|x| x.date.as_deref()) {
        if let Some(t) = iso_date(date) {
            d.add_date(f.deadline, t);
        }
    }
    if let Some(a) = &r.actor {
        d.add_text(f.actor, a);
    }
    if let Some(a) = &r.action {
        d.add_text(f.action, a);
    }
    d.add_text(f.section, r.section.join(" > "));
    d.add_text(f.sentence, &r.sentence);
    d.add_text(f.sentence_bi, &r.sentence);
    d.add_u64(f.span_start, r.sentence_span[0] as u64);
    d.add_u64(f.span_end, r.sentence_span[1] as u64);
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
