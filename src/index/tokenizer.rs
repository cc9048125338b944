//! Tantivy tokenizers for Chinese: words cut by the shared jieba instance,
//! and overlapping character bigrams (so a word jieba cut differently is
//! still found). Both fold the text first (see [`super::fold`]) and report
//! byte offsets in the text they were given.

use super::fold::{Folded, fold, is_cjk};
use tantivy::Index;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// Name under which [`JiebaTokenizer`] is registered.
pub const JIEBA: &str = "tz_jieba";
/// Name under which [`BigramTokenizer`] is registered.
pub const BIGRAM: &str = "tz_bigram";

/// Words, as cut by the shared jieba dictionary (no HMM, so a word is cut
/// the same way in a document and in a query), folded.
#[derive(Debug, Clone, Copy, Default)]
pub struct JiebaTokenizer;

/// Overlapping bigrams of Chinese characters (a lone character stands for
/// itself); runs of letters and digits are one token each.
#[derive(Debug, Clone, Copy, Default)]
pub struct BigramTokenizer;

/// A finished list of tokens handed out one by one.
#[derive(Debug)]
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
    cur: Token,
}

impl VecTokenStream {
    pub(super) fn new(tokens: Vec<Token>) -> Self {
        VecTokenStream { tokens, next: 0, cur: Token::default() }
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.get_mut(self.next) {
            Some(t) => {
                self.cur = std::mem::take(t);
                self.next += 1;
                true
            }
            None => false,
        }
    }
    fn token(&self) -> &Token {
        &self.cur
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.cur
    }
}

/// A token as ranges of a folded text: its text, and the part of the
/// folded text its source offsets cover.
#[derive(Debug, Clone, Copy)]
struct Span {
    text: (usize, usize),
    cover: (usize, usize),
}

/// The tokens of a folded text, handed out through one token whose text
/// buffer is reused: no allocation per token (the indexing side; a document
/// of 100,000 sentences has millions of tokens).
#[derive(Debug)]
pub struct SpanTokenStream {
    folded: std::sync::Arc<Folded>,
    spans: Vec<Span>,
    next: usize,
    cur: Token,
}

impl SpanTokenStream {
    fn new(folded: std::sync::Arc<Folded>, spans: Vec<Span>) -> Self {
        SpanTokenStream { folded, spans, next: 0, cur: Token::default() }
    }
}

impl TokenStream for SpanTokenStream {
    fn advance(&mut self) -> bool {
        let Some(s) = self.spans.get(self.next) else { return false };
        self.cur.text.clear();
        self.cur.text.push_str(&self.folded.text[s.text.0..s.text.1]);
        self.cur.offset_from = self.folded.to_source(s.cover.0);
        self.cur.offset_to = self.folded.to_source(s.cover.1);
        self.cur.position = self.next;
        self.cur.position_length = 1;
        self.next += 1;
        true
    }
    fn token(&self) -> &Token {
        &self.cur
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.cur
    }
}

/// Tokens of `f` from its spans (positions in order).
fn tokens_of(f: &Folded, spans: &[Span]) -> Vec<Token> {
    spans
        .iter()
        .enumerate()
        .map(|(i, s)| Token {
            offset_from: f.to_source(s.cover.0),
            offset_to: f.to_source(s.cover.1),
            position: i,
            text: f.text[s.text.0..s.text.1].to_string(),
            position_length: 1,
        })
        .collect()
}

/// A word worth indexing: it holds a letter, digit or ideograph.
pub(super) fn is_wordish(s: &str) -> bool {
    // The common ideographs first: they are alphabetic, and the general
    // table is slow to consult.
    s.chars().any(|c| matches!(c as u32, 0x4E00..=0x9FFF) || c.is_alphanumeric() || c == '%')
}

pub(super) fn push(out: &mut Vec<Token>, f: &Folded, from: usize, to: usize, text: &str) {
    out.push(Token {
        offset_from: f.to_source(from),
        offset_to: f.to_source(to),
        position: out.len(),
        text: text.to_string(),
        position_length: 1,
    });
}

/// The words of a folded text, as jieba cuts them.
fn jieba_spans(f: &Folded) -> Vec<Span> {
    let mut out = Vec::new();
    let base = f.text.as_ptr() as usize;
    for r in crate::segment::cut::cut(&f.text) {
        let w = f.text[r.clone()].trim();
        if is_wordish(w) {
            // `w` is a slice of the folded text.
            let from = w.as_ptr() as usize - base;
            out.push(Span { text: (from, from + w.len()), cover: (r.start, r.end) });
        }
    }
    out
}

/// The word tokens of `text` (offsets in `text`).
pub fn jieba_tokens(text: &str) -> Vec<Token> {
    let f = fold(text);
    let spans = jieba_spans(&f);
    tokens_of(&f, &spans)
}

/// The bigrams of a folded text (see [`BigramTokenizer`]).
fn bigram_spans(f: &Folded) -> Vec<Span> {
    let mut out = Vec::new();
    let mut push = |a: usize, b: usize| out.push(Span { text: (a, b), cover: (a, b) });
    let chars: Vec<(usize, char)> = f.text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(f.text.len(), |&(p, _)| p);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if is_cjk(c) {
            let mut j = i;
            while j < chars.len() && is_cjk(chars[j].1) {
                j += 1;
            }
            if j - i == 1 {
                push(start, end_of(i + 1));
            }
            for (k, &(a, _)) in chars.iter().enumerate().take(j.saturating_sub(1)).skip(i) {
                push(a, end_of(k + 2));
            }
            i = j;
        } else if c.is_alphanumeric() || c == '%' {
            let mut j = i;
            while j < chars.len()
                && !is_cjk(chars[j].1)
                && (chars[j].1.is_alphanumeric() || chars[j].1 == '.' || chars[j].1 == '%')
            {
                j += 1;
            }
            let word = f.text[start..end_of(j)].trim_end_matches('.');
            push(start, start + word.len());
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// The bigram tokens of `text` (offsets in `text`).
pub fn bigram_tokens(text: &str) -> Vec<Token> {
    let f = fold(text);
    let spans = bigram_spans(&f);
    tokens_of(&f, &spans)
}

/// The bigrams of a query: the same tokens and positions as
/// [`bigram_tokens`], but of each run of overlapping bigrams only every
/// other one and the last, which still pin every character of a phrase
/// (a phrase query then reads about half as many postings).
pub fn query_bigram_tokens(text: &str) -> Vec<Token> {
    let all = bigram_tokens(text);
    // A phrase that opens or closes with a lone character (2023年, 第3季度)
    // keeps every token: the search looks that character up inside the
    // bigrams beside it, by position (see `search::edge_characters`).
    let lone = |t: &Token| t.text.chars().count() == 1 && t.text.chars().all(is_cjk);
    if all.len() > 1 && (all.first().is_some_and(lone) || all.last().is_some_and(lone)) {
        return all;
    }
    let mut keep = Vec::with_capacity(all.len());
    let mut run = 0usize;
    for (i, t) in all.iter().enumerate() {
        let is_bigram = t.text.chars().count() == 2 && t.text.chars().all(is_cjk);
        let continues = i > 0 && is_bigram && all[i - 1].offset_to > t.offset_from;
        run = if continues { run + 1 } else { 0 };
        let next_continues = all.get(i + 1).is_some_and(|n| is_bigram && n.offset_from < t.offset_to);
        if !is_bigram || run.is_multiple_of(2) || !next_continues {
            keep.push(t.clone());
        }
    }
    keep
}

/// [`BigramTokenizer`] for the query side (see [`query_bigram_tokens`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct QueryBigramTokenizer;

impl Tokenizer for QueryBigramTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(query_bigram_tokens(text))
    }
}

/// The tokenizers a query is parsed with (by the names of
/// [`super::schema::build_for_query`]): each word field cut with its own
/// terms in `searcher` (see [`super::vocab`]), so that a search never loads
/// jieba's dictionary; bigrams as [`query_bigram_tokens`].
pub fn query_tokenizers(searcher: &tantivy::Searcher) -> tantivy::tokenizer::TokenizerManager {
    use super::schema::{WORD_FIELDS, query_tokenizer_name};
    let t = tantivy::tokenizer::TokenizerManager::new();
    t.register("raw", tantivy::tokenizer::RawTokenizer::default());
    let schema = searcher.schema();
    for name in WORD_FIELDS {
        if let Ok(field) = schema.get_field(name) {
            t.register(&query_tokenizer_name(name), super::vocab::VocabTokenizer::new(searcher.clone(), field));
        }
    }
    t.register(BIGRAM, TextAnalyzer::from(QueryBigramTokenizer));
    t
}

impl Tokenizer for JiebaTokenizer {
    type TokenStream<'a> = SpanTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanTokenStream {
        let f = std::sync::Arc::new(fold(text));
        let spans = jieba_spans(&f);
        SpanTokenStream::new(f, spans)
    }
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = SpanTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> SpanTokenStream {
        let f = std::sync::Arc::new(fold(text));
        let spans = bigram_spans(&f);
        SpanTokenStream::new(f, spans)
    }
}

/// Register both tokenizers on an index (needed after every open).
pub fn register(index: &Index) {
    let t = index.tokenizers();
    t.register(JIEBA, TextAnalyzer::from(JiebaTokenizer));
    t.register(BIGRAM, TextAnalyzer::from(BigramTokenizer));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(v: &[Token]) -> Vec<&str> {
        v.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn bigrams_cover_every_pair_and_keep_offsets() {
        let src = "党风廉政建设，约谈面达到１００％。";
        let toks = bigram_tokens(src);
        let words = texts(&toks);
        assert!(words.contains(&"廉政"));
        assert!(words.contains(&"约谈"));
        assert!(words.contains(&"100%"));
        for t in &toks {
            assert!(src.is_char_boundary(t.offset_from) && src.is_char_boundary(t.offset_to));
        }
        let t100 = toks.iter().find(|t| t.text == "100%").map(|t| &src[t.offset_from..t.offset_to]);
        assert_eq!(t100, Some("１００％"));
        let positions: Vec<usize> = toks.iter().map(|t| t.position).collect();
        assert_eq!(positions, (0..toks.len()).collect::<Vec<_>>());
    }

    #[test]
    fn query_bigrams_cover_the_phrase_with_index_positions() {
        let q = query_bigram_tokens("党风廉政建设");
        let pos: Vec<(usize, &str)> = q.iter().map(|t| (t.position, t.text.as_str())).collect();
        assert_eq!(pos, vec![(0, "党风"), (2, "廉政"), (4, "建设")]);
        let q = query_bigram_tokens("廉政建设a1");
        let pos: Vec<(usize, &str)> = q.iter().map(|t| (t.position, t.text.as_str())).collect();
        assert_eq!(pos, vec![(0, "廉政"), (2, "建设"), (3, "a1")]);
    }

    #[test]
    fn lone_character_is_a_token() {
        assert_eq!(texts(&bigram_tokens("一、党")), vec!["一", "党"]);
    }

    #[test]
    fn jieba_words_fold_traditional_and_skip_punctuation() {
        let simp = jieba_tokens("落实一岗双责。");
        let trad = jieba_tokens("落實一崗雙責。");
        assert_eq!(texts(&simp), texts(&trad));
        assert!(!texts(&simp).contains(&"。"));
        let last = simp.last().map(|t| t.offset_to);
        assert_eq!(last, Some("落实一岗双责".len()));
    }

    #[test]
    fn empty_text_has_no_tokens() {
        assert!(jieba_tokens("").is_empty());
        assert!(bigram_tokens("，。").is_empty());
    }
}
