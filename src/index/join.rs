//! Finding records by text their carrier holds. A sentence's text is
//! indexed on the first record of the sentence only (a sentence with three
//! requirements was indexed three times), a section path on the first
//! record of the section, a title on the first record of the document
//! (see [`super::schema`]). The parsed query is rewritten so that each part
//! that looks in those fields matches every record of the sentence, section
//! or document whose carrier it matches, with the carrier's score:
//!
//! - [`SentenceJoin`]: the records of a sentence are consecutive (added in
//!   one batch), and each knows how far back its sentence starts
//!   ([`super::schema::SENTENCE_BACK`]), so the join runs along the
//!   carrier's postings without reading anything else;
//! - [`GroupJoin`]: titles and section paths match few carriers, whose
//!   documents or section keys are collected first; then each segment's
//!   key column is read once for the records that share them.

use super::Fields;
use std::collections::HashMap;
use std::fmt;
use tantivy::columnar::Column;
use tantivy::query::{BooleanQuery, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::Field;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// Where the terms of a query part are indexed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// No term (everything, a range): evaluated on every record.
    Neutral,
    /// Fields every record has.
    Record,
    /// `sentence`.
    Sentence,
    /// `title`.
    Title,
    /// `section`.
    Section,
    /// Several of the above.
    Mixed,
}

fn merge(a: Class, b: Class) -> Class {
    if a == b { a } else { Class::Mixed }
}

fn class_of(q: &dyn Query, f: &Fields) -> Class {
    if let Some(b) = q.downcast_ref::<BooleanQuery>() {
        let mut c: Option<Class> = None;
        for (_, sub) in b.clauses() {
            let k = class_of(sub.as_ref(), f);
            c = Some(c.map_or(k, |c| merge(c, k)));
        }
        return c.unwrap_or(Class::Neutral);
    }
    let mut c: Option<Class> = None;
    q.query_terms(&mut |t: &Term, _| {
        let field = t.field();
        let k = if field == f.sentence {
            Class::Sentence
        } else if field == f.title {
            Class::Title
        } else if field == f.section {
            Class::Section
        } else {
            Class::Record
        };
        c = Some(c.map_or(k, |c| merge(c, k)));
    });
    c.unwrap_or(Class::Neutral)
}

/// Rewrite a parsed query so that each part looking in a carried field
/// (sentence, title, section) is joined to the records that share its
/// carrier; a part that looks in several kinds of fields is rewritten
/// clause by clause.
pub fn rewrite(q: Box<dyn Query>, f: &Fields) -> Box<dyn Query> {
    match class_of(q.as_ref(), f) {
        Class::Sentence => Box::new(SentenceJoin { inner: q, back: f.sentence_back }),
        Class::Title => Box::new(GroupJoin { inner: q, by: Group::Document(f.doc) }),
        Class::Section => Box::new(GroupJoin { inner: q, by: Group::Section(f.section_key) }),
        Class::Neutral | Class::Record => q,
        Class::Mixed => match q.downcast_ref::<BooleanQuery>() {
            Some(b) => map_clauses(b, |c| rewrite(c, f)),
            None => q,
        },
    }
}

/// `b` with each clause rewritten by `each` (same occurrences, same
/// minimum of should-clauses): the walk of the query rewrites.
pub(super) fn map_clauses(b: &BooleanQuery, each: impl Fn(Box<dyn Query>) -> Box<dyn Query>) -> Box<dyn Query> {
    let clauses = b.clauses().iter().map(|(o, c)| (*o, each(c.box_clone()))).collect();
    let mut out = BooleanQuery::new(clauses);
    out.set_minimum_number_should_match(b.get_minimum_number_should_match());
    Box::new(out)
}

/// The records of every sentence whose carrier matches `inner`.
pub struct SentenceJoin {
    inner: Box<dyn Query>,
    back: Field,
}

impl SentenceJoin {
    /// Join `inner` (a query on the sentence fields) through the field
    /// `back` ([`super::schema::SENTENCE_BACK`]).
    pub fn new(inner: Box<dyn Query>, back: Field) -> SentenceJoin {
        SentenceJoin { inner, back }
    }

    /// The query the carriers match.
    pub fn inner(&self) -> &dyn Query {
        self.inner.as_ref()
    }
}

impl Clone for SentenceJoin {
    fn clone(&self) -> Self {
        SentenceJoin { inner: self.inner.box_clone(), back: self.back }
    }
}

impl fmt::Debug for SentenceJoin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SentenceJoin({:?})", self.inner)
    }
}

impl Query for SentenceJoin {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let name = scoring.schema().get_field_name(self.back).to_string();
        Ok(Box::new(SentenceJoinWeight { inner: self.inner.weight(scoring)?, back: name }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct SentenceJoinWeight {
    inner: Box<dyn Weight>,
    back: String,
}

impl SentenceJoinWeight {
    fn back_column(&self, reader: &SegmentReader) -> tantivy::Result<Column<u64>> {
        reader.fast_fields().u64(&self.back)
    }
}

impl Weight for SentenceJoinWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inner = self.inner.scorer(reader, boost)?;
        Ok(Box::new(JoinScorer::new(inner, self.back_column(reader)?, reader.max_doc())))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let back = self.back_column(reader)?.first(doc).unwrap_or(0) as DocId;
        let mut e = Explanation::new("the sentence's first record", 0.0);
        let carrier = self.inner.explain(reader, doc.saturating_sub(back))?;
        let value = carrier.value();
        e.add_detail(carrier);
        let mut out = Explanation::new("SentenceJoin", value);
        out.add_detail(e);
        Ok(out)
    }
}

/// Every record of each sentence whose carrier the inner scorer yields,
/// with the carrier's score.
struct JoinScorer {
    inner: Box<dyn Scorer>,
    back: Column<u64>,
    max_doc: DocId,
    doc: DocId,
    /// End (exclusive) of the current sentence's records.
    end: DocId,
    score: Score,
}

impl JoinScorer {
    fn new(inner: Box<dyn Scorer>, back: Column<u64>, max_doc: DocId) -> JoinScorer {
        let mut s = JoinScorer { inner, back, max_doc, doc: TERMINATED, end: TERMINATED, score: 0.0 };
        let first = s.inner.doc();
        s.enter(first);
        s
    }

    fn back(&self, doc: DocId) -> u64 {
        self.back.first(doc).unwrap_or(0)
    }

    /// Start on the records of the sentence carried by `c`, where the
    /// inner scorer is.
    fn enter(&mut self, c: DocId) -> DocId {
        if c == TERMINATED {
            (self.doc, self.end) = (TERMINATED, TERMINATED);
            return TERMINATED;
        }
        self.score = self.inner.score();
        let mut end = c + 1;
        while end < self.max_doc && self.back(end) != 0 {
            end += 1;
        }
        (self.doc, self.end) = (c, end);
        c
    }
}

impl DocSet for JoinScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        if self.doc + 1 < self.end {
            self.doc += 1;
            return self.doc;
        }
        let mut c = self.inner.advance();
        while c != TERMINATED && c < self.end {
            c = self.inner.advance();
        }
        self.enter(c)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc == TERMINATED || target <= self.doc {
            return self.doc;
        }
        if target < self.end {
            self.doc = target;
            return target;
        }
        if target >= self.max_doc {
            (self.doc, self.end) = (TERMINATED, TERMINATED);
            return TERMINATED;
        }
        // The sentence of `target` starts at its carrier, at or after the
        // end of the current one.
        let carrier = target.saturating_sub(self.back(target) as DocId).max(self.end);
        let c = self.inner.seek(carrier);
        self.enter(c);
        if c == carrier && target < self.end {
            // `target`'s own sentence matches.
            self.doc = target;
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

impl Scorer for JoinScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

/// What a [`GroupJoin`] groups by: a string field every record has,
/// with a fast column (`doc`, indexed too, or `section_key`, a column only).
#[derive(Debug, Clone, Copy)]
enum Group {
    /// The document.
    Document(Field),
    /// The section.
    Section(Field),
}

impl Group {
    fn field(self) -> Field {
        match self {
            Group::Document(f) | Group::Section(f) => f,
        }
    }
}

/// The records of every document (or section) whose carrier matches
/// `inner`, with the carrier's score: the carriers are found first, then
/// their documents' (sections') records are looked up by term.
pub struct GroupJoin {
    inner: Box<dyn Query>,
    by: Group,
}

impl Clone for GroupJoin {
    fn clone(&self) -> Self {
        GroupJoin { inner: self.inner.box_clone(), by: self.by }
    }
}

impl fmt::Debug for GroupJoin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GroupJoin({:?}, {:?})", self.by, self.inner)
    }
}

impl Query for GroupJoin {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let Some(searcher) = scoring.searcher() else {
            return Err(TantivyError::InvalidArgument("a title or section query needs a searcher".into()));
        };
        let weight = self.inner.weight(scoring)?;
        let name = scoring.schema().get_field_name(self.by.field()).to_string();
        // The groups whose carrier matches, with its score.
        let mut groups: HashMap<Vec<u8>, Score> = HashMap::new();
        let mut buf = Vec::new();
        for reader in searcher.segment_readers() {
            let Some(col) = reader.fast_fields().str(&name)? else { continue };
            let mut scorer = weight.scorer(reader, 1.0)?;
            let alive = reader.alive_bitset();
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc))
                    && let Some(ord) = col.term_ords(doc).next()
                {
                    buf.clear();
                    col.ord_to_bytes(ord, &mut buf)?;
                    let score = scorer.score();
                    groups.entry(buf.clone()).and_modify(|s| *s = s.max(score)).or_insert(score);
                }
                doc = scorer.advance();
            }
        }
        Ok(Box::new(GroupJoinWeight { groups, name }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct GroupJoinWeight {
    /// The key of each group that matches, and its carrier's score.
    groups: HashMap<Vec<u8>, Score>,
    /// The key field (a fast string column).
    name: String,
}

impl GroupJoinWeight {
    /// The records of `reader` in a matching group, with their scores: the
    /// keys become the segment's ordinals, and the key column is read
    /// once (a few milliseconds for a segment of a million records, where
    /// the postings of thousands of sections, merged, took far longer).
    fn matches(&self, reader: &SegmentReader) -> tantivy::Result<Vec<(DocId, Score)>> {
        let Some(col) = reader.fast_fields().str(&self.name)? else { return Ok(Vec::new()) };
        if self.groups.is_empty() {
            return Ok(Vec::new());
        }
        let dict = col.dictionary();
        let mut by_ord: Vec<Option<Score>> = vec![None; dict.num_terms()];
        for (key, score) in &self.groups {
            if let Some(ord) = dict.term_ord(key)?
                && let Some(slot) = by_ord.get_mut(ord as usize)
            {
                *slot = Some(*score);
            }
        }
        let ords = col.ords();
        let mut out = Vec::new();
        for doc in 0..reader.max_doc() {
            if let Some(score) = ords.first(doc).and_then(|o| by_ord.get(o as usize).copied().flatten()) {
                out.push((doc, score));
            }
        }
        Ok(out)
    }
}

impl Weight for GroupJoinWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ListScorer { docs: self.matches(reader)?, next: 0, boost }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        match self.matches(reader)?.into_iter().find(|&(d, _)| d == doc) {
            Some((_, score)) => Ok(Explanation::new("the score of its document's (section's) first record", score)),
            None => Err(TantivyError::InvalidArgument(format!("document {doc} does not match"))),
        }
    }
}

/// A list of documents with their scores, in order.
struct ListScorer {
    docs: Vec<(DocId, Score)>,
    next: usize,
    boost: Score,
}

impl DocSet for ListScorer {
    fn advance(&mut self) -> DocId {
        self.next += 1;
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let rest = &self.docs[self.next.min(self.docs.len())..];
        self.next += rest.partition_point(|&(d, _)| d < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.next).map_or(TERMINATED, |&(d, _)| d)
    }

    fn size_hint(&self) -> u32 {
        self.docs.len().saturating_sub(self.next) as u32
    }
}

impl Scorer for ListScorer {
    fn score(&mut self) -> Score {
        self.docs.get(self.next).map_or(0.0, |&(_, s)| s * self.boost)
    }
}
