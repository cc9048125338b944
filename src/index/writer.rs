//! Writing: documents replaced as a whole (by input name), skipped when
//! their content hash is unchanged; one commit at the end, whose payload is
//! the manifest, so a killed run leaves the last commit as it was.

use super::open::{DocEntry, Manifest};
use super::{Index, IndexError, Result, fold::fold_str, schema};
use crate::document::Document;
use crate::extract::Extraction;
use crate::model::{DocumentMeta, Requirement};
use tantivy::directory::error::LockError;
use tantivy::{TantivyDocument, TantivyError, Term};

/// Memory for the tantivy writer (split across its threads).
const WRITER_HEAP: usize = 64 * 1024 * 1024;

/// What happened to one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Not in the index before.
    Added,
    /// In the index with another hash; replaced.
    Updated,
    /// Same hash; left alone.
    Unchanged,
}

/// The counts of one indexing run.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// New documents.
    pub added: usize,
    /// Replaced documents.
    pub updated: usize,
    /// Documents gone from disk, removed.
    pub removed: usize,
    /// Documents skipped because their hash is unchanged.
    pub unchanged: usize,
    /// Inputs that could not be read (their old records are kept).
    pub failed: usize,
    /// Requirements written in this run.
    pub requirements: usize,
    /// Bare sentences written in this run.
    pub sentences: usize,
    /// Documents in the index after the run.
    pub total_docs: usize,
    /// Requirements in the index after the run.
    pub total_requirements: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} added, {} updated, {} removed, {} unchanged, {} failed; {} requirements and {} sentences indexed ({} documents, {} requirements in the index)",
            self.added,
            self.updated,
            self.removed,
            self.unchanged,
            self.failed,
            self.requirements,
            self.sentences,
            self.total_docs,
            self.total_requirements
        )
    }
}

/// A stable content hash of a source text (64-bit FNV-1a and the length).
/// Used to skip unchanged documents, not for security.
pub fn content_hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:x}-{h:016x}", text.len())
}

/// A sentence that holds no requirement, ready to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BareSentence {
    /// The sentence as written.
    pub text: String,
    /// Byte offsets in the source text.
    pub span: [usize; 2],
    /// The heading path, outermost first.
    pub section: Vec<String>,
}

/// The sentences of `doc` that no requirement of `ex` sits in.
pub fn bare_sentences(doc: &Document, ex: &Extraction) -> Vec<BareSentence> {
    let taken = |s: usize, e: usize| ex.requirements.iter().any(|r| r.sentence_span[0] < e && s < r.sentence_span[1]);
    let outline = &doc.seg.outline;
    let mut out = Vec::new();
    for sent in &doc.seg.sentences {
        let r = doc.norm.to_source(sent.range.clone());
        let Some(text) = doc.source.get(r.clone()) else {
            continue;
        };
        let trimmed = text.trim();
        if trimmed.chars().count() < 2 || taken(r.start, r.end) {
            continue;
        }
        let lead = text.len() - text.trim_start().len();
        let start = r.start + lead;
        let section = outline
            .path(sent.section)
            .into_iter()
            .filter_map(|i| outline.sections.get(i))
            .map(|s| doc.source_slice(s.title.clone()).trim().to_string())
            .collect();
        out.push(BareSentence { text: trimmed.to_string(), span: [start, start + trimmed.len()], section });
    }
    out
}

/// The writer of one run; holds the index lock until dropped or committed.
pub struct Writer<'a> {
    index: &'a Index,
    w: tantivy::IndexWriter,
    manifest: Manifest,
    summary: Summary,
}

impl Index {
    /// Take the writer lock. With `rebuild`, every document is dropped
    /// (in the next commit; until then searches see the old index).
    ///
    /// # Errors
    /// [`IndexError::Locked`] when another writer holds it.
    pub fn writer(&self, rebuild: bool) -> Result<Writer<'_>> {
        let w = self.inner.writer(WRITER_HEAP).map_err(|e| match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => {
                IndexError::Locked(self.dir.clone().unwrap_or_else(|| std::path::PathBuf::from("(memory)")))
            }
            e => e.into(),
        })?;
        let mut manifest = self.manifest()?;
        if rebuild {
            w.delete_all_documents()?;
            manifest.docs.clear();
        }
        manifest.schema_version = schema::SCHEMA_VERSION;
        Ok(Writer { index: self, w, manifest, summary: Summary::default() })
    }
}

impl Writer<'_> {
    /// Whether `name` is indexed with this hash already.
    pub fn is_unchanged(&self, name: &str, hash: &str) -> bool {
        self.manifest.docs.get(name).is_some_and(|e| e.hash == hash)
    }

    /// The content hash of every indexed document, by name.
    pub fn hashes(&self) -> std::collections::HashMap<String, String> {
        let docs = &self.manifest.docs;
        docs.iter().map(|(k, e)| (k.clone(), e.hash.clone())).collect()
    }

    /// Names of the documents in the index (as of this run so far).
    pub fn names(&self) -> Vec<String> {
        self.manifest.docs.keys().cloned().collect()
    }

    /// Count an unchanged document.
    pub fn skip(&mut self) {
        self.summary.unchanged += 1;
    }

    /// Count an input that failed.
    pub fn fail(&mut self) {
        self.summary.failed += 1;
    }

    /// Index an analysed document and its extraction under `doc.name`.
    ///
    /// # Errors
    /// Tantivy refusing a document.
    pub fn put_document(&mut self, doc: &Document, ex: &Extraction) -> Result<Change> {
        let hash = content_hash(&doc.source);
        let bare = bare_sentences(doc, ex);
        self.put_records(&doc.name, &hash, &doc.meta, &ex.requirements, &bare)
    }

    /// Index the records of one document, replacing what `name` had.
    ///
    /// # Errors
    /// Tantivy refusing a document.
    pub fn put_records(
        &mut self,
        name: &str,
        hash: &str,
        meta: &DocumentMeta,
        reqs: &[Requirement],
        bare: &[BareSentence],
    ) -> Result<Change> {
        if self.is_unchanged(name, hash) {
            self.summary.unchanged += 1;
            return Ok(Change::Unchanged);
        }
        let change = if self.manifest.docs.contains_key(name) {
            self.w.delete_term(Term::from_field_text(self.index.fields.doc, name));
            self.summary.updated += 1;
            Change::Updated
        } else {
            self.summary.added += 1;
            Change::Added
        };
        for r in reqs {
            self.w.add_document(self.requirement_doc(name, hash, r))?;
        }
        for s in bare {
            self.w.add_document(self.sentence_doc(name, hash, meta, s))?;
        }
        self.summary.requirements += reqs.len();
        self.summary.sentences += bare.len();
        let entry = DocEntry { hash: hash.to_string(), requirements: reqs.len(), sentences: bare.len() };
        self.manifest.docs.insert(name.to_string(), entry);
        Ok(change)
    }

    /// Remove a document; false when it was not indexed.
    pub fn remove(&mut self, name: &str) -> bool {
        if self.manifest.docs.remove(name).is_none() {
            return false;
        }
        self.w.delete_term(Term::from_field_text(self.index.fields.doc, name));
        self.summary.removed += 1;
        true
    }

    /// Commit everything with the manifest as payload; returns the counts.
    ///
    /// # Errors
    /// Tantivy failing to commit (the previous commit stays).
    pub fn commit(mut self) -> Result<Summary> {
        let payload = serde_json::to_string(&self.manifest).map_err(|e| IndexError::Engine(e.to_string()))?;
        let mut prepared = self.w.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.w.wait_merging_threads()?;
        self.index.reload()?;
        self.summary.total_docs = self.manifest.docs.len();
        self.summary.total_requirements = self.manifest.docs.values().map(|e| e.requirements).sum();
        Ok(self.summary)
    }

    fn common(&self, d: &mut TantivyDocument, name: &str, hash: &str, meta: &DocumentMeta) {
        let f = &self.index.fields;
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

    fn sentence_doc(&self, name: &str, hash: &str, meta: &DocumentMeta, s: &BareSentence) -> TantivyDocument {
        let f = &self.index.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.record, schema::RECORD_SENT);
        self.common(&mut d, name, hash, meta);
        d.add_text(f.section, s.section.join(" > "));
        d.add_text(f.sentence, &s.text);
        d.add_text(f.sentence_bi, &s.text);
        d.add_u64(f.span_start, s.span[0] as u64);
        d.add_u64(f.span_end, s.span[1] as u64);
        d
    }

    fn requirement_doc(&self, name: &str, hash: &str, r: &Requirement) -> TantivyDocument {
        let f = &self.index.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.record, schema::RECORD_REQ);
        self.common(&mut d, name, hash, &r.document);
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
