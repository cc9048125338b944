//! Searching: a query string over the sentence (character bigrams), the
//! filters as exact terms and ranges, BM25 with a requirement ranked above
//! a bare sentence, and highlight spans computed with the same tokenizers.

use super::fold::fold;
use super::fold::fold_str;
use super::records::BareRecord;
use super::tokenizer::{bigram_tokens, query_tokenizers};
use super::{Index, IndexError, Result, schema};
use crate::model::{Kind, PeriodUnit, Requirement};
use serde::Serialize;
use std::ops::Bound;
use tantivy::collector::TopDocs;
use tantivy::query::{AllQuery, BooleanQuery, Occur, PhraseQuery, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{TantivyDocument, Term};

/// Score added to a requirement (while collecting, from the `record` fast
/// field) so that every matching requirement ranks above every matching
/// bare sentence (BM25 orders each group); taken off again in [`Hit::score`].
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
    /// How many hits (0 = 20; more than there are is fine: no more is
    /// allocated than the hits found).
    pub limit: usize,
}

/// Above this `limit`, the hits are counted first and no more than their
/// number is asked of tantivy, which allocates a buffer of twice the limit
/// per segment up front (`--limit 9223372036854775807` overflowed it).
const COUNT_ABOVE: usize = 10_000;

impl SearchQuery {
    /// Check the filters: `min` and `max` are numbers and `min` is not
    /// above `max`.
    ///
    /// # Errors
    /// [`IndexError::Filter`] saying what is wrong.
    pub fn validate(&self) -> Result<()> {
        for (name, v) in [("minimum", self.min), ("maximum", self.max)] {
            if v.is_some_and(f64::is_nan) {
                return Err(IndexError::Filter(format!("the {name} value is not a number (NaN)")));
            }
        }
        if let (Some(lo), Some(hi)) = (self.min, self.max)
            && lo > hi
        {
            return Err(IndexError::Filter(format!(
                "the minimum value ({lo}) is above the maximum ({hi}): no value can match; swap them"
            )));
        }
        Ok(())
    }
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

/// A search made ready to run ([`Index::prepare`]).
pub struct Prepared {
    /// The query: the query string and every filter.
    pub query: Box<dyn Query>,
    /// Whether only requirements can match (a requirement-only filter was given).
    pub requirements_only: bool,
    marks: Marks,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared").field("requirements_only", &self.requirements_only).finish_non_exhaustive()
    }
}

fn term_q(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
}

/// The lone Chinese character of a query term (县), if it is one.
fn lone_character(t: &Term) -> Option<char> {
    let value = t.value();
    let s = value.as_str()?;
    let mut cs = s.chars();
    cs.next().filter(|&c| super::fold::is_cjk(c) && cs.next().is_none())
}

/// Query parts on the sentence that end in a lone Chinese character. The
/// sentence field holds a character alone only where no other stands
/// beside it, so:
/// - a query word of one character (县) is looked up as every bigram that
///   holds it, first or second;
/// - a phrase that opens or closes with one (第3季度, 2023年, 1次) takes it
///   as the second character of a bigram at its start (.?第) or the first
///   of one at its end (年.?); the query tokenizer keeps every bigram of such
///   a phrase, so its terms sit at consecutive positions.
///
/// Both are regular expressions over the field's terms, joined to the
/// records of their sentences as the parsed parts are ([`super::join`]:
/// a regular expression names no term, so the rewrite would not see it).
fn edge_characters(q: Box<dyn Query>, f: &super::Fields) -> Box<dyn Query> {
    use tantivy::query::{RegexPhraseQuery, RegexQuery};
    if let Some(b) = q.downcast_ref::<BooleanQuery>() {
        return super::join::map_clauses(b, |c| edge_characters(c, f));
    }
    let join =
        |inner: Box<dyn Query>| Box::new(super::join::SentenceJoin::new(inner, f.sentence_back)) as Box<dyn Query>;
    if let Some(t) = q.downcast_ref::<TermQuery>()
        && t.term().field() == f.sentence
        && let Some(c) = lone_character(t.term())
    {
        return RegexQuery::from_pattern(&format!("{c}.?|.{c}"), f.sentence).map_or(q, |r| join(Box::new(r)));
    }
    if let Some(p) = q.downcast_ref::<PhraseQuery>()
        && p.field() == f.sentence
    {
        let terms = p.phrase_terms();
        let (first, last) = (terms.first().and_then(lone_character), terms.last().and_then(lone_character));
        if first.is_none() && last.is_none() {
            return q;
        }
        let n = terms.len();
        let patterns: Vec<String> = terms
            .iter()
            .enumerate()
            .map(|(i, t)| match (i, lone_character(t)) {
                (0, Some(c)) => format!(".?{c}"),
                (i, Some(c)) if i + 1 == n => format!("{c}.?"),
                _ => regex::escape(t.value().as_str().unwrap_or("")),
            })
            .collect();
        let mut r = RegexPhraseQuery::new(f.sentence, patterns);
        // (A common character opens thousands of bigrams.)
        r.set_max_expansions(1 << 18);
        return join(Box::new(r));
    }
    q
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
        self.parse_with(&self.searcher()?, text)
    }

    /// Parse with the vocabulary of `searcher` (see [`super::vocab`]).
    fn parse_with(&self, searcher: &tantivy::Searcher, text: &str) -> Result<Box<dyn Query>> {
        let t = text.trim();
        if t.is_empty() || t == "*" {
            return Ok(Box::new(AllQuery));
        }
        let f = &self.fields;
        let fields = vec![f.sentence];
        let mut p = QueryParser::new(self.query_schema.clone(), fields, query_tokenizers(searcher));
        p.set_conjunction_by_default();
        let parsed = p.parse_query(&ascii_quotes(t)).map_err(|e| {
            use tantivy::query::QueryParserError as E;
            let reason = match e {
                E::SyntaxError(_) => "syntax error: close quotes and parentheses; write AND, OR, NOT in capitals, or quote the text".to_string(),
                E::FieldDoesNotExist(name) => format!("there is no field `{name}`; fields: sentence, title, section, action, actor, kind, unit, period, year, value"),
                E::AllButQueryForbidden => "a query cannot only exclude; add a word to look for".to_string(),
                other => other.to_string(),
            };
            IndexError::Query { query: text.to_string(), reason }
        })?;
        Ok(super::join::rewrite(edge_characters(parsed, f), f))
    }

    /// Run a search.
    ///
    /// # Errors
    /// A query that does not parse, filters that cannot match
    /// ([`SearchQuery::validate`]), or an index that cannot be read
    /// ([`IndexError::Damaged`] naming the file when one is damaged).
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<Hit>> {
        // An error of tantivy's reading the index: a damaged file, named.
        self.search_unchecked(q).map_err(|e| self.diagnose(e))
    }

    fn search_unchecked(&self, q: &SearchQuery) -> Result<Vec<Hit>> {
        let searcher = self.searcher()?;
        let p = self.prepare(&searcher, q)?;
        let mut limit = if q.limit == 0 { 20 } else { q.limit };
        if limit > COUNT_ABOVE {
            limit = limit.min(searcher.search(&p.query, &tantivy::collector::Count)?.max(1));
        }
        self.top_by_score(&searcher, &p, 0, limit)
    }

    /// The tantivy query of a search (query string and filters), and what
    /// highlighting needs, for callers that collect in their own way
    /// (facet counts, other orders, pages).
    ///
    /// # Errors
    /// As [`Index::search`].
    pub fn prepare(&self, searcher: &tantivy::Searcher, q: &SearchQuery) -> Result<Prepared> {
        q.validate()?;
        let f = &self.fields;
        let main = self.parse_with(searcher, &q.text)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, main)];
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
        }
        let marks = Marks::of(&q.text, f.sentence, &self.query_schema);
        Ok(Prepared { query: Box::new(BooleanQuery::new(clauses)), requirements_only: req_only, marks })
    }

    /// A page of hits of a prepared search ranked by score, requirements
    /// above bare sentences: `limit` hits after the first `offset`.
    ///
    /// # Errors
    /// The index cannot be read.
    pub fn top_by_score(
        &self,
        searcher: &tantivy::Searcher,
        p: &Prepared,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<Hit>> {
        let limit = limit.max(1);
        let top = if p.requirements_only {
            searcher.search(&p.query, &TopDocs::with_limit(limit).and_offset(offset))?
        } else {
            // Requirements above bare sentences: a bonus read from the
            // `record` fast field while collecting, rather than one more
            // clause whose postings cover most of the index.
            let bonus = TopDocs::with_limit(limit).and_offset(offset).tweak_score(|seg: &tantivy::SegmentReader| {
                let column = seg.fast_fields().str(schema::RECORD).ok().flatten();
                let req = column.as_ref().and_then(|c| c.dictionary().term_ord(schema::RECORD_REQ).ok().flatten());
                let ords = column.map(|c| c.ords().clone());
                move |doc: tantivy::DocId, score: tantivy::Score| match (&ords, req) {
                    (Some(o), Some(r)) if o.first(doc) == Some(r) => score + REQUIREMENT_BONUS,
                    _ => score,
                }
            });
            searcher.search(&p.query, &bonus)?
        };
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            hits.push(self.hit_at(searcher, score, addr, p)?);
        }
        Ok(hits)
    }

    /// The hit at `addr`, highlighted for the prepared search.
    ///
    /// # Errors
    /// The stored document cannot be read.
    pub fn hit_at(
        &self,
        searcher: &tantivy::Searcher,
        score: f32,
        addr: tantivy::DocAddress,
        p: &Prepared,
    ) -> Result<Hit> {
        let d: TantivyDocument = searcher.doc(addr)?;
        Ok(self.hit(score, &d, &p.marks))
    }

    /// The metadata of the document a stored record belongs to (from its
    /// JSON: the requirement's, or the bare sentence's).
    pub fn stored_meta(&self, d: &TantivyDocument) -> Option<std::sync::Arc<crate::model::DocumentMeta>> {
        let json = d.get_first(self.fields.json).and_then(|v| v.as_str())?;
        if d.get_first(self.fields.record).and_then(|v| v.as_str()) == Some(schema::RECORD_REQ) {
            serde_json::from_str::<Requirement>(json).ok().map(|r| r.document)
        } else {
            serde_json::from_str::<BareRecord>(json).ok().map(|b| std::sync::Arc::new(b.document))
        }
    }

    fn hit(&self, score: f32, d: &TantivyDocument, marks: &Marks) -> Hit {
        let f = &self.fields;
        let s = |field: Field| d.get_first(field).and_then(|v| v.as_str());
        let json = s(f.json).unwrap_or_default();
        let requirement: Option<Requirement> =
            if s(f.record) == Some(schema::RECORD_REQ) { serde_json::from_str(json).ok() } else { None };
        let (title, year, section, sentence, span) = match &requirement {
            Some(r) => {
                (r.document.title.clone(), r.document.year, r.section.to_vec(), r.sentence.to_string(), r.sentence_span)
            }
            None => match serde_json::from_str::<BareRecord>(json) {
                Ok(b) => (b.document.title, b.document.year, b.section, b.sentence, b.span),
                Err(_) => (None, None, Vec::new(), String::new(), [0, 0]),
            },
        };
        let highlights = marks.spans(&sentence).into_iter().map(|r| [span[0] + r.start, span[0] + r.end]).collect();
        let is_req = requirement.is_some();
        Hit {
            score: if is_req && score >= REQUIREMENT_BONUS { score - REQUIREMENT_BONUS } else { score },
            record: if is_req { Record::Requirement } else { Record::Sentence },
            doc: s(f.doc).unwrap_or_default().to_string(),
            title,
            year: year.map(i64::from),
            section,
            sentence,
            sentence_span: span,
            highlights,
            requirement,
        }
    }
}

/// What to highlight: the text of every literal of the query that is looked
/// up in the sentence (not under `NOT` or `-`), folded, without the
/// characters no token holds (spaces, punctuation). A literal is marked
/// where it occurs whole, so a phrase is marked only where the phrase is,
/// not wherever one of its words is.
struct Marks {
    literals: Vec<Vec<char>>,
}

/// A character that no word or bigram token holds (it separates tokens).
fn separates(c: char) -> bool {
    !(c.is_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-'))
}

impl Marks {
    fn of(text: &str, sentence: Field, schema: &tantivy::schema::Schema) -> Marks {
        use tantivy::query_grammar::{UserInputAst, UserInputLeaf};
        fn walk(ast: &UserInputAst, on_sentence: &dyn Fn(Option<&str>) -> bool, out: &mut Vec<Vec<char>>) {
            match ast {
                UserInputAst::Clause(clauses) => {
                    for (occur, sub) in clauses {
                        if *occur != Some(Occur::MustNot) {
                            walk(sub, on_sentence, out);
                        }
                    }
                }
                UserInputAst::Boost(sub, _) => walk(sub, on_sentence, out),
                UserInputAst::Leaf(leaf) => {
                    if let UserInputLeaf::Literal(l) = &**leaf
                        && on_sentence(l.field_name.as_deref())
                    {
                        let folded: Vec<char> = fold_str(&l.phrase).chars().filter(|&c| !separates(c)).collect();
                        if !folded.is_empty() {
                            out.push(folded);
                        }
                    }
                }
            }
        }
        let t = text.trim();
        let mut literals = Vec::new();
        if !t.is_empty()
            && t != "*"
            && let Ok(ast) = tantivy::query_grammar::parse_query(&ascii_quotes(t))
        {
            let on_sentence =
                |name: Option<&str>| name.is_none_or(|n| schema.get_field(n).is_ok_and(|f| f == sentence));
            walk(&ast, &on_sentence, &mut literals);
        }
        Marks { literals }
    }

    /// Merged byte ranges of `sentence` to highlight: every occurrence of a
    /// literal in the folded sentence (separators skipped), mapped back.
    fn spans(&self, sentence: &str) -> Vec<std::ops::Range<usize>> {
        if self.literals.is_empty() {
            return Vec::new();
        }
        let f = fold(sentence);
        // The folded characters that tokens hold, with their byte ranges.
        let chars: Vec<(char, usize, usize)> =
            f.text.char_indices().filter(|&(_, c)| !separates(c)).map(|(i, c)| (c, i, i + c.len_utf8())).collect();
        let mut v: Vec<std::ops::Range<usize>> = Vec::new();
        for lit in &self.literals {
            if lit.len() > chars.len() {
                continue;
            }
            for start in 0..=chars.len() - lit.len() {
                if chars[start..start + lit.len()].iter().zip(lit).all(|(a, b)| a.0 == *b) {
                    let (from, to) = (chars[start].1, chars[start + lit.len() - 1].2);
                    v.push(f.to_source(from)..f.to_source(to));
                }
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
