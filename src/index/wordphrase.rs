//! A query word that is one term of the word field, looked up in both
//! fields without reading bigram positions where the word already answers.
//!
//! The parser turns a query word of three Chinese characters or more into
//! `sentence:WORD OR sentence_bi:"bigram phrase"`. The bigram phrase is the
//! costly half (positions of every bigram of every candidate), and it is
//! implied wherever the word is: a word token is a run of the folded text,
//! so its bigrams are consecutive tokens there. [`WordOrBigrams`] therefore
//! checks bigram positions only in documents that lack the word (where it
//! may still be cut otherwise: the bigram recall); in documents that hold
//! it, the phrase score is taken with the word's frequency as the phrase
//! frequency (the same number unless the phrase also occurs cut otherwise
//! in the same sentence). Same documents, near-identical scores, a fraction
//! of the position reads.

use super::fold::is_cjk;
use super::tokenizer::query_bigram_tokens;
use std::fmt;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{
    Bm25Weight, BooleanQuery, EnableScoring, Explanation, Occur, PhraseQuery, Query, Scorer, TermQuery, Weight,
    intersect_scorers,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

/// The share of candidates (documents with every bigram) that must hold the
/// word for [`WordOrBigrams`] to pay; below it a segment runs the query as
/// parsed.
const MOSTLY: f64 = 0.5;

/// `word OR "bigrams"` where the word implies the bigram phrase.
#[derive(Clone, Debug)]
pub struct WordOrBigrams {
    word: Term,
    bigrams: Vec<(usize, Term)>,
    /// The query as parsed, run instead in a segment where few candidates
    /// hold the word (there checking positions everywhere is cheaper).
    original: BooleanQuery,
}

/// Replace each `word OR "bigram phrase"` of a parsed query by
/// [`WordOrBigrams`] where the word is a run of three Chinese characters or
/// more (so that it implies the phrase); anything else is kept as it is.
pub fn rewrite(q: Box<dyn Query>, words: Field, bigrams: Field) -> Box<dyn Query> {
    let Some(b) = q.downcast_ref::<BooleanQuery>() else { return q };
    if let Some(w) = pair(b, words, bigrams) {
        return Box::new(w);
    }
    let clauses = b.clauses().iter().map(|(o, c)| (*o, rewrite(c.box_clone(), words, bigrams))).collect();
    let mut out = BooleanQuery::new(clauses);
    out.set_minimum_number_should_match(b.get_minimum_number_should_match());
    Box::new(out)
}

fn pair(b: &BooleanQuery, words: Field, bigrams: Field) -> Option<WordOrBigrams> {
    let [(Occur::Should, x), (Occur::Should, y)] = b.clauses() else { return None };
    let (t, p) = match (x.downcast_ref::<TermQuery>(), y.downcast_ref::<PhraseQuery>()) {
        (Some(t), Some(p)) => (t, p),
        _ => (y.downcast_ref::<TermQuery>()?, x.downcast_ref::<PhraseQuery>()?),
    };
    let word = t.term();
    let value = word.value();
    let text = value.as_str()?;
    if word.field() != words || p.field() != bigrams || text.chars().count() < 3 || !text.chars().all(is_cjk) {
        return None;
    }
    let expected: Vec<(usize, Term)> =
        query_bigram_tokens(text).into_iter().map(|t| (t.position, Term::from_field_text(bigrams, &t.text))).collect();
    let same =
        p.phrase_terms().len() == expected.len() && p.phrase_terms().iter().zip(&expected).all(|(a, b)| *a == b.1);
    if !same || expected.len() < 2 {
        return None;
    }
    Some(WordOrBigrams { word: word.clone(), bigrams: expected, original: b.clone() })
}

impl Query for WordOrBigrams {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let phrase = PhraseQuery::new_with_offset(self.bigrams.clone());
        let terms: Vec<Term> = self.bigrams.iter().map(|(_, t)| t.clone()).collect();
        let bm25 = match scoring {
            EnableScoring::Enabled { statistics_provider, .. } => Some((
                Bm25Weight::for_terms(statistics_provider, std::slice::from_ref(&self.word))?,
                Bm25Weight::for_terms(statistics_provider, &terms)?,
            )),
            EnableScoring::Disabled { .. } => None,
        };
        let schema = scoring.schema();
        let basic = |t: &Term| TermQuery::new(t.clone(), IndexRecordOption::Basic);
        let candidates = terms
            .iter()
            .map(|t| basic(t).weight(EnableScoring::disabled_from_schema(schema)))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(WordOrBigramsWeight {
            original: self.original.weight(scoring)?,
            word: self.word.clone(),
            bigram_field: self.bigrams[0].1.field(),
            phrase: phrase.weight(scoring)?,
            candidates,
            bm25,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.word, false);
        for (_, t) in &self.bigrams {
            visitor(t, true);
        }
    }
}

struct WordOrBigramsWeight {
    original: Box<dyn Weight>,
    word: Term,
    bigram_field: Field,
    phrase: Box<dyn Weight>,
    /// One docset weight per bigram: their intersection is the candidates.
    candidates: Vec<Box<dyn Weight>>,
    /// BM25 of the word and of the phrase (when scoring).
    bm25: Option<(Bm25Weight, Bm25Weight)>,
}

impl Weight for WordOrBigramsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let word = reader.inverted_index(self.word.field())?.read_postings(&self.word, IndexRecordOption::WithFreqs)?;
        let candidates = self.candidates.iter().map(|w| w.scorer(reader, 1.0)).collect::<tantivy::Result<Vec<_>>>()?;
        let candidates = intersect_scorers(candidates);
        // Where most candidates lack the word, each would cost a phrase
        // check here and one more docset to move: the plain query is cheaper.
        let with_word = word.as_ref().map_or(0, |w| w.doc_freq());
        if f64::from(with_word) < MOSTLY * f64::from(candidates.size_hint()) {
            return self.original.scorer(reader, boost);
        }
        let norms = match &self.bm25 {
            Some(_) => Some((
                reader.get_fieldnorms_reader(self.word.field())?,
                reader.get_fieldnorms_reader(self.bigram_field)?,
            )),
            None => None,
        };
        let mut s = WordOrBigramsScorer {
            word,
            candidates,
            phrase: self.phrase.scorer(reader, boost)?,
            bm25: self.bm25.as_ref().map(|(w, p)| (w.boost_by(boost), p.boost_by(boost))),
            norms,
            doc: 0,
            score: 0.0,
        };
        s.settle();
        Ok(Box::new(s))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut s = self.scorer(reader, 1.0)?;
        if s.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!("document {doc} does not match")));
        }
        Ok(Explanation::new("word or bigram phrase", s.score()))
    }
}

struct WordOrBigramsScorer {
    /// Postings of the word (with frequencies), `None` when no document of
    /// the segment has it.
    word: Option<SegmentPostings>,
    /// Documents holding every bigram (positions not checked).
    candidates: Box<dyn Scorer>,
    /// The bigram phrase, checked only on candidates without the word.
    phrase: Box<dyn Scorer>,
    bm25: Option<(Bm25Weight, Bm25Weight)>,
    /// Field norms of the word field and of the bigram field.
    norms: Option<(FieldNormReader, FieldNormReader)>,
    doc: DocId,
    score: Score,
}

impl WordOrBigramsScorer {
    fn word_doc(&self) -> DocId {
        self.word.as_ref().map_or(TERMINATED, DocSet::doc)
    }

    /// Move to the first match at or after where the docsets stand.
    fn settle(&mut self) -> DocId {
        loop {
            let (w, c) = (self.word_doc(), self.candidates.doc());
            if w == TERMINATED && c == TERMINATED {
                self.doc = TERMINATED;
                return TERMINATED;
            }
            if w <= c {
                self.doc = w;
                self.score = self.word_score(w);
                return w;
            }
            let p = if self.phrase.doc() < c { self.phrase.seek(c) } else { self.phrase.doc() };
            if p == c {
                self.doc = c;
                self.score = self.phrase.score();
                return c;
            }
            self.candidates.advance();
        }
    }

    /// The score of a document holding the word: its BM25 plus the bigram
    /// phrase's, with the word's frequency as the phrase frequency.
    fn word_score(&self, doc: DocId) -> Score {
        let (Some((w, p)), Some((nw, nb)), Some(post)) = (&self.bm25, &self.norms, &self.word) else {
            return 1.0;
        };
        let tf = post.term_freq();
        w.score(nw.fieldnorm_id(doc), tf) + p.score(nb.fieldnorm_id(doc), tf)
    }
}

impl DocSet for WordOrBigramsScorer {
    fn advance(&mut self) -> DocId {
        let d = self.doc;
        if d == TERMINATED {
            return TERMINATED;
        }
        if let Some(w) = self.word.as_mut()
            && w.doc() == d
        {
            w.advance();
        }
        if self.candidates.doc() == d {
            self.candidates.advance();
        }
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        if let Some(w) = self.word.as_mut()
            && w.doc() < target
        {
            w.seek(target);
        }
        if self.candidates.doc() < target {
            self.candidates.seek(target);
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.word.as_ref().map_or(0, DocSet::size_hint).max(self.candidates.size_hint())
    }
}

impl Scorer for WordOrBigramsScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

impl fmt::Debug for WordOrBigramsScorer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WordOrBigramsScorer(doc {})", self.doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Index;
    use tantivy::collector::TopDocs;

    fn index(sentences: &[&str]) -> Index {
        crate::index::tests::index_of_sentences(sentences)
    }

    /// Hits as ((segment, doc), score).
    type Hits = Vec<((u32, u32), f32)>;

    /// Hits of the rewritten and of the plain query, and whether it was rewritten.
    fn both(idx: &Index, q: &str) -> (Hits, Hits, bool) {
        let s = idx.searcher().expect("searcher");
        let rewritten = idx.parse_query(q).expect("parse");
        // Under the join of a sentence's records (every record here is a
        // sentence of its own).
        use crate::index::join::SentenceJoin;
        let joined = rewritten.downcast_ref::<SentenceJoin>().map_or(&*rewritten, |j| j.inner());
        let plain = joined.downcast_ref::<WordOrBigrams>().map(|w| {
            let original = Box::new(w.original.clone());
            Box::new(SentenceJoin::new(original, idx.fields().sentence_back)) as Box<dyn Query>
        });
        let is_rewritten = plain.is_some();
        let plain = plain.unwrap_or_else(|| rewritten.box_clone());
        let run = |q: &dyn Query| {
            let top = s.search(q, &TopDocs::with_limit(100)).expect("search");
            let mut v: Vec<((u32, u32), f32)> =
                top.into_iter().map(|(sc, d)| ((d.segment_ord, d.doc_id), sc)).collect();
            v.sort_by_key(|x| x.0);
            v
        };
        (run(&*rewritten), run(&*plain), is_rewritten)
    }

    #[test]
    fn same_documents_and_scores_as_the_query_as_parsed() {
        // Most hold the word 廉政建设 (so that segments take the new path);
        // one holds it inside 党风廉政建设 (bigrams only); one holds every
        // bigram but not the phrase.
        let mut texts = vec!["推进党风廉政建设。", "建设廉政文化，建设队伍。", "加强廉政建设，落实廉政建设责任。"];
        texts.extend(["全面加强廉政建设。"; 8]);
        let idx = index(&texts);
        let (new, old, rewritten) = both(&idx, "廉政建设");
        assert!(rewritten);
        assert_eq!((new.len(), old.len()), (10, 10));
        for ((d1, s1), (d2, s2)) in new.iter().zip(&old) {
            assert_eq!(d1, d2);
            assert!((s1 - s2).abs() < 1e-4, "{d1:?}: {s1} vs {s2}");
        }
        let (new, old, _) = both(&idx, "\"党风廉政建设\"");
        assert_eq!(new, old);
        assert_eq!(new.len(), 1);
    }

    #[test]
    fn only_a_word_of_three_chinese_characters_or_more_is_rewritten() {
        let idx = index(&["全面加强廉政建设。", "开展廉政约谈，约谈面达到100%。"]);
        for q in ["廉政", "约谈 AND 100%", "title:廉政建设", "\"廉政 建设\""] {
            let p = idx.parse_query(q).expect("parse");
            assert!(!format!("{p:?}").contains("WordOrBigrams"), "{q}: {p:?}");
        }
        let p = idx.parse_query("廉政建设 AND 约谈").expect("parse");
        assert!(format!("{p:?}").contains("WordOrBigrams"), "{p:?}");
    }
}
