//! Facet counts of a search: how many hits per year, document type, unit
//! and document (the issuer is counted from the document), read from the
//! fast fields while collecting, so counting costs one pass over the hits.

use crate::index::schema;
use std::collections::BTreeMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The counts of one search.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Counts {
    /// Hits in all.
    pub total: usize,
    /// Hits per year.
    pub year: BTreeMap<i64, usize>,
    /// Hits per document type.
    pub doc_type: BTreeMap<String, usize>,
    /// Hits per unit (requirements).
    pub unit: BTreeMap<String, usize>,
    /// Hits per document.
    pub doc: BTreeMap<String, usize>,
}

impl Counts {
    fn merge(&mut self, o: Counts) {
        self.total += o.total;
        for (k, v) in o.year {
            *self.year.entry(k).or_insert(0) += v;
        }
        for (mine, theirs) in [(&mut self.doc_type, o.doc_type), (&mut self.unit, o.unit), (&mut self.doc, o.doc)] {
            for (k, v) in theirs {
                *mine.entry(k).or_insert(0) += v;
            }
        }
    }
}

/// The collector.
pub(super) struct FacetCollector;

/// Counts per term ordinal of one string column.
struct StrCounts {
    column: Option<StrColumn>,
    counts: Vec<usize>,
}

impl StrCounts {
    fn new(column: Option<StrColumn>) -> Self {
        let n = column.as_ref().map_or(0, |c| c.num_terms());
        StrCounts { column, counts: vec![0; n] }
    }

    fn add(&mut self, doc: DocId) {
        if let Some(c) = &self.column
            && let Some(o) = c.ords().first(doc)
            && let Some(n) = self.counts.get_mut(o as usize)
        {
            *n += 1;
        }
    }

    /// Count a block of documents, reading the column in one batch.
    fn add_block(&mut self, docs: &[DocId], buf: &mut Vec<Option<u64>>) {
        let Some(c) = &self.column else { return };
        buf.clear();
        buf.resize(docs.len(), None);
        c.ords().first_vals(docs, buf);
        for o in buf.iter().flatten() {
            if let Some(n) = self.counts.get_mut(*o as usize) {
                *n += 1;
            }
        }
    }

    fn harvest(self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        let Some(c) = self.column else { return out };
        let mut s = String::new();
        for (o, n) in self.counts.into_iter().enumerate() {
            if n > 0 && c.ord_to_str(o as u64, &mut s).unwrap_or(false) {
                out.insert(s.clone(), n);
            }
        }
        out
    }
}

pub(super) struct SegmentFacets {
    total: usize,
    year: Option<Column<i64>>,
    /// The smallest year of the segment, and the count of each year from it.
    year_min: i64,
    years: Vec<usize>,
    doc_type: StrCounts,
    unit: StrCounts,
    doc: StrCounts,
    ords: Vec<Option<u64>>,
    year_buf: Vec<Option<i64>>,
}

impl Collector for FacetCollector {
    type Fruit = Counts;
    type Child = SegmentFacets;

    fn for_segment(&self, _: SegmentOrdinal, seg: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let ff = seg.fast_fields();
        let s = |name: &str| ff.str(name).ok().flatten();
        // Years counted in a vector from the segment's smallest (a document
        // year is a small range; a column with a wild span is not counted).
        let year = ff.i64(schema::YEAR).ok().filter(|c| c.max_value().saturating_sub(c.min_value()) < 100_000);
        let (year_min, span) =
            year.as_ref().map_or((0, 0), |c| (c.min_value(), (c.max_value() - c.min_value()) as usize + 1));
        Ok(SegmentFacets {
            total: 0,
            year,
            year_min,
            years: vec![0; span],
            doc_type: StrCounts::new(s(schema::DOC_TYPE)),
            unit: StrCounts::new(s(schema::UNIT)),
            doc: StrCounts::new(s(schema::DOC)),
            ords: Vec::new(),
            year_buf: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut all = Counts::default();
        for f in fruits {
            all.merge(f);
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.total += 1;
        if let Some(y) = self.year.as_ref().and_then(|c| c.first(doc))
            && let Some(n) = self.years.get_mut(y.wrapping_sub(self.year_min) as usize)
        {
            *n += 1;
        }
        self.doc_type.add(doc);
        self.unit.add(doc);
        self.doc.add(doc);
    }

    /// A block of hits (when no score is needed): each column is read in
    /// one batch.
    fn collect_block(&mut self, docs: &[DocId]) {
        self.total += docs.len();
        if let Some(c) = &self.year {
            self.year_buf.clear();
            self.year_buf.resize(docs.len(), None);
            c.first_vals(docs, &mut self.year_buf);
            for y in self.year_buf.iter().flatten() {
                if let Some(n) = self.years.get_mut(y.wrapping_sub(self.year_min) as usize) {
                    *n += 1;
                }
            }
        }
        self.doc_type.add_block(docs, &mut self.ords);
        self.unit.add_block(docs, &mut self.ords);
        self.doc.add_block(docs, &mut self.ords);
    }

    fn harvest(self) -> Counts {
        Counts {
            total: self.total,
            year: (self.year_min..).zip(self.years).filter(|(_, n)| *n > 0).collect(),
            doc_type: self.doc_type.harvest(),
            unit: self.unit.harvest(),
            doc: self.doc.harvest(),
        }
    }
}

/// How many searches' counts [`Cache`] keeps by default.
pub(super) const CACHED_SEARCHES: usize = 256;

/// The facet counts of recent searches of one commit, by the search's
/// words and filters (not its order or page). Emptied when the commit
/// changes or when full.
#[derive(Debug, Default)]
pub(super) struct Cache {
    capacity: usize,
    commit: String,
    counts: std::collections::HashMap<String, Counts>,
}

impl Cache {
    pub(super) fn new(capacity: usize) -> Self {
        Cache { capacity, ..Cache::default() }
    }

    /// The counts of `search` on `commit`, if kept.
    pub(super) fn get(&self, commit: &str, search: &str) -> Option<Counts> {
        (self.commit == commit).then(|| self.counts.get(search).cloned()).flatten()
    }

    pub(super) fn put(&mut self, commit: &str, search: String, counts: Counts) {
        if self.capacity == 0 {
            return;
        }
        if self.commit != commit || self.counts.len() >= self.capacity {
            self.counts.clear();
            self.commit = commit.to_string();
        }
        self.counts.insert(search, counts);
    }
}
