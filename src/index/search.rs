//! Searching: a query string over the sentence (words and bigrams), the
//! filters as exact terms and ranges, BM25 with a requirement ranked above
//! a bare sentence, and highlight spans computed with the same tokenizers.

use super::fold::fold;
use super::fold::fold_str;
use super::tokenizer::{bigram_tokens, query_tokenizers};
use super::{Index, IndexError, Result, schema};
use crate::model::{Kind, PeriodUnit, Requirement};
use serde::Serialize;
use std::collections::HashSet;
use std::ops::Bound;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

/// Score added to a requirement so that every matching requirement ranks
/// above every matching bare sentence (BM25 orders each group); taken off
/// again in [`Hit::score`].
const REQUIREMENT_BONUS: f32 = 1000.0;

/// A search: the query string and the filters.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Query syntax: words, `"phrases"`, `AND`/`OR`/`NOT`, `-word`,
    /// `field:word`; empty or `*` matches everything.
    pub text: String,
    /// Year of the document.
    pub year: Option<i32>,
    /// Target or achievement (requirements only).
    pub kind: Option<Kind>,
    /// Document type word (`责任书`).
    pub doc_type: Option<String>,
    /// Unit as written (`次`, `%`; requirements only).
    pub unit: Option<String>,
    /// Part of the actor's name (requirements only).
    pub actor: Option<String>,
    /// Period unit (requirements only).
    pub period: Option<PeriodUnit>,
    /// Smallest value (inclusive; requirements only).
    pub min: Option<f64>,
    /// Largest value (inclusive; requirements only).
    pub max: Option<f64>,
    /// Only requirements, no bare sentences.
    pub requirements_only: bool,
    /// How many hits (0 = 20).
    pub limit: usize,
}

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    /// An extracted requirement.
    Requirement,
    /// A sentence that holds no requirement.
    Sentence,
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// BM25 score.
    pub score: f32,
    /// Requirement or bare sentence.
    pub record: Record,
    /// The input path.
    pub doc: String,
    /// The document title.
    pub title: Option<String>,
    /// The document year.
    pub year: Option<i64>,
    /// The heading path, outermost first.
    pub section: Vec<String>,
    /// The sentence as written.
    pub sentence: String,
    /// Byte offsets of the sentence in the source text.
    pub sentence_span: [usize; 2],
    /// Byte offsets of every highlighted match in the source text.
    pub highlights: Vec<[usize; 2]>,
    /// The requirement, for a requirement hit.
    pub requirement: Option<Requirement>,
}

impl Hit {
    /// The highlights as byte ranges of [`Hit::sentence`].
    pub fn local_highlights(&self) -> Vec<std::ops::Range<usize>> {
        let base = self.sentence_span[0];
        self.highlights
            .iter()
            .map(|h| h[0].saturating_sub(base)..h[1].saturating_sub(base))
            .filter(|r| {
                r.end <= self.sentence.len()
                    && self.sentence.is_char_boundary(r.start)
                    && self.sentence.is_char_boundary(r.end)
            })
            .collect()
    }
}

fn term_q(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
}

/// Normalise quotes a person may type in Chinese so the query grammar sees them.
fn ascii_quotes(q: &str) -> String {
    q.chars()
        .map(|c| match c {
            '“' | '”' | '「' | '」' | '『' | '』' | '＂' => '"',
            '（' => '(',
            '）' => ')',
            '：' => ':',
            c => c,
        })
        .collect()
}

impl Index {
    /// Parse the query string alone (for error messages and highlighting).
    ///
    /// # Errors
    /// [`IndexError::Query`] with a reason a person can act on.
    pub fn parse_query(&self, text: &str) -> Result<Box<dyn Query>> {
        let t = text.trim();
        if t.is_empty() || t == "*" {
            return Ok(Box::new(AllQuery));
        }
        let f = &self.fields;
        let fields = vec![f.sentence, f.sentence_bi];
        let mut p = QueryParser::new(self.inner.schema(), fields, query_tokenizers());
        p.set_conjunction_by_default();
        p.parse_query(&ascii_quotes(t)).map_err(|e| {
            use tantivy::query::QueryParserError as E;
            let reason = match e {
                E::SyntaxError(_) => "syntax error: close quotes and parentheses; write AND, OR, NOT in capitals, or quote the text".to_string(),
                E::FieldDoesNotExist(name) => format!("there is no field `{name}`; fields: sentence, title, section, action, actor, kind, unit, period, year, value"),
                E::AllButQueryForbidden => "a query cannot only exclude; add a word to look for".to_string(),
                other => other.to_string(),
            };
            IndexError::Query { query: text.to_string(), reason }
        })
    }

    /// Run a search.
    ///
    /// # Errors
    /// A query that does not parse, or an index that cannot be read.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<Hit>> {
        let f = &self.fields;
        let main = self.parse_query(&q.text)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, main.box_clone())];
        let mut req_only = q.requirements_only;
        if let Some(y) = q.year {
            let t = Term::from_field_i64(f.year, i64::from(y));
            clauses.push((Occur::Must, Box::new(TermQuery::new(t, IndexRecordOption::Basic))));
        }
        if let Some(d) = &q.doc_type {
            clauses.push((Occur::Must, term_q(f.doc_type, d.trim())));
        }
        if let Some(k) = q.kind {
            clauses.push((Occur::Must, term_q(f.kind, &super::records::enum_str(&k))));
            req_only = true;
        }
        if let Some(u) = &q.unit {
            clauses.push((Occur::Must, term_q(f.unit, &fold_str(u.trim()))));
            req_only = true;
        }
        if let Some(p) = q.period {
            clauses.push((Occur::Must, term_q(f.period, &super::records::enum_str(&p))));
            req_only = true;
        }
        if let Some(a) = &q.actor {
            let terms: Vec<Term> =
                bigram_tokens(a).into_iter().map(|t| Term::from_field_text(f.actor, &t.text)).collect();
            let query: Box<dyn Query> = match terms.len() {
                0 => {
                    return Err(IndexError::Query { query: a.clone(), reason: "--actor needs a name".into() });
                }
                1 => Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic)),
                _ => Box::new(PhraseQuery::new(terms)),
            };
            clauses.push((Occur::Must, query));
            req_only = true;
        }
        if q.min.is_some() || q.max.is_some() {
            let b = |v: Option<f64>| v.map_or(Bound::Unbounded, |x| Bound::Included(Term::from_field_f64(f.value, x)));
            clauses.push((Occur::Must, Box::new(RangeQuery::new(b(q.min), b(q.max)))));
            req_only = true;
        }
        if req_only {
            clauses.push((Occur::Must, term_q(f.record, schema::RECORD_REQ)));
        } else {
            let bonus = ConstScoreQuery::new(term_q(f.record, schema::RECORD_REQ), REQUIREMENT_BONUS);
            clauses.push((Occur::Should, Box::new(bonus)));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.searcher()?;
        let limit = if q.limit == 0 { 20 } else { q.limit };
        let top = searcher.search(&query, &TopDocs::with_limit(limit))?;
        let marks = Marks::of(&*main, f.sentence, f.sentence_bi);
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr)?;
            hits.push(self.hit(score, &d, &marks));
        }
        Ok(hits)
    }

    fn hit(&self, score: f32, d: &TantivyDocument, marks: &Marks) -> Hit {
        let f = &self.fields;
        let s = |field: Field| d.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let u = |field: Field| d.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
        let requirement: Option<Requirement> = s(f.json).and_then(|j| serde_json::from_str(&j).ok());
        let sentence = s(f.sentence).unwrap_or_default();
        let span = [u(f.span_start), u(f.span_end)];
        let highlights = marks.spans(&sentence).into_iter().map(|r| [span[0] + r.start, span[0] + r.end]).collect();
        let section = match &requirement {
            Some(r) => r.section.clone(),
            None => s(f.section)
                .map(|x| x.split(" > ").filter(|p| !p.is_empty()).map(str::to_string).collect())
                .unwrap_or_default(),
        };
        let is_req = requirement.is_some();
        Hit {
            score: if is_req && score >= REQUIREMENT_BONUS { score - REQUIREMENT_BONUS } else { score },
            record: if is_req { Record::Requirement } else { Record::Sentence },
            doc: s(f.doc).unwrap_or_default(),
            title: s(f.title),
            year: d.get_first(f.year).and_then(|v| v.as_i64()),
            section,
            sentence,
            sentence_span: span,
            highlights,
            requirement,
        }
    }
}

/// The words and bigrams of a query, to mark in a sentence.
struct Marks {
    words: HashSet<String>,
    bigrams: HashSet<String>,
}

impl Marks {
    fn of(q: &dyn Query, words: Field, bigrams: Field) -> Marks {
        let mut m = Marks { words: HashSet::new(), bigrams: HashSet::new() };
        q.query_terms(&mut |t, _| {
            let value = t.value();
            let Some(text) = value.as_str() else { return };
            if t.field() == words {
                m.words.insert(text.to_string());
            } else if t.field() == bigrams {
                m.bigrams.insert(text.to_string());
            }
        });
        m
    }

    /// Merged byte ranges of `sentence` to highlight: every occurrence of a
    /// query word or bigram in the folded sentence, mapped back.
    fn spans(&self, sentence: &str) -> Vec<std::ops::Range<usize>> {
        let f = fold(sentence);
        let mut v: Vec<std::ops::Range<usize>> = Vec::new();
        for w in self.words.iter().chain(self.bigrams.iter()) {
            if w.is_empty() {
                continue;
            }
            for (at, m) in f.text.match_indices(w.as_str()) {
                v.push(f.to_source(at)..f.to_source(at + m.len()));
            }
        }
        v.sort_by_key(|r| (r.start, r.end));
        let mut out: Vec<std::ops::Range<usize>> = Vec::new();
        for r in v {
            match out.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => out.push(r),
            }
        }
        out
    }
}
