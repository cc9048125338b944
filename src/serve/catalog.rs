//! The documents of one commit of the index, with their metadata: what
//! the pages list, link and filter by (the issuer is not an index field;
//! it is read once per document from a stored requirement).

use crate::index::{Index, Result, schema};
use crate::model::Requirement;
use std::collections::BTreeMap;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

/// One indexed document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocInfo {
    /// The input name as indexed (the key of the manifest).
    pub name: String,
    /// The title.
    pub title: Option<String>,
    /// The year.
    pub year: Option<i64>,
    /// `plan` or `report`.
    pub genre: String,
    /// The document type word.
    pub doc_type: Option<String>,
    /// The issuer, as written.
    pub issuer: Option<String>,
    /// The content hash of the source text when indexed.
    pub hash: String,
    /// Requirements indexed.
    pub requirements: usize,
}

impl DocInfo {
    /// The title, or the name when there is none.
    pub fn label(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.name)
    }
}

/// The documents of one commit.
#[derive(Debug, Default)]
pub struct Catalog {
    /// What commit this is of (segment ids and deletions).
    pub(super) key: String,
    /// The documents by name.
    pub docs: BTreeMap<String, DocInfo>,
}

/// A key that changes whenever the searcher's commit does.
pub(super) fn key(searcher: &Searcher) -> String {
    let mut k = String::new();
    for r in searcher.segment_readers() {
        k.push_str(&format!("{}:{};", r.segment_id().uuid_string(), r.num_deleted_docs()));
    }
    k
}

fn term(field: tantivy::schema::Field, v: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, v), IndexRecordOption::Basic))
}

impl Catalog {
    /// Read the catalog of the searcher's commit.
    ///
    /// # Errors
    /// The index cannot be read.
    pub(super) fn build(index: &Index, searcher: &Searcher, key: String) -> Result<Catalog> {
        let f = index.fields();
        let manifest = index.manifest()?;
        let mut docs = BTreeMap::new();
        for (name, entry) in &manifest.docs {
            let mut info = DocInfo {
                name: name.clone(),
                hash: entry.hash.clone(),
                requirements: entry.requirements,
                ..DocInfo::default()
            };
            let req = BooleanQuery::new(vec![
                (Occur::Must, term(f.doc, name)),
                (Occur::Must, term(f.record, schema::RECORD_REQ)),
            ]);
            let mut top = searcher.search(&req, &TopDocs::with_limit(1))?;
            if top.is_empty() {
                top = searcher.search(&term(f.doc, name), &TopDocs::with_limit(1))?;
            }
            if let Some((_, addr)) = top.first() {
                let d: TantivyDocument = searcher.doc(*addr)?;
                if let Some(m) = index.stored_meta(&d) {
                    info.title = m.title.clone();
                    info.year = m.year.map(i64::from);
                    info.genre = crate::index::records::enum_str(&m.genre);
                    info.doc_type = m.doc_type.clone();
                    info.issuer = m.issuer.clone();
                }
            }
            docs.insert(name.clone(), info);
        }
        Ok(Catalog { key, docs })
    }

    /// The names of the documents of an issuer.
    pub fn of_issuer<'a>(&'a self, issuer: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.docs.values().filter(move |d| d.issuer.as_deref() == Some(issuer)).map(|d| d.name.as_str())
    }
}

/// Every requirement indexed for `doc`, in document order.
///
/// # Errors
/// The index cannot be read.
pub(super) fn requirements_of(index: &Index, searcher: &Searcher, doc: &str) -> Result<Vec<Requirement>> {
    let f = index.fields();
    let q = BooleanQuery::new(vec![(Occur::Must, term(f.doc, doc)), (Occur::Must, term(f.record, schema::RECORD_REQ))]);
    let n = searcher.search(&q, &tantivy::collector::Count)?;
    let top: Vec<(f32, DocAddress)> = searcher.search(&q, &TopDocs::with_limit(n.max(1)))?;
    let mut out = Vec::with_capacity(top.len());
    for (_, addr) in top {
        let d: TantivyDocument = searcher.doc(addr)?;
        if let Some(r) =
            d.get_first(f.json).and_then(|v| v.as_str()).and_then(|j| serde_json::from_str::<Requirement>(j).ok())
        {
            out.push(r);
        }
    }
    out.sort_by(|a, b| {
        let qa = a.quantity.as_ref().map_or(0, |q| q.span[0]);
        let qb = b.quantity.as_ref().map_or(0, |q| q.span[0]);
        (a.sentence_span[0], qa).cmp(&(b.sentence_span[0], qb))
    });
    Ok(out)
}
