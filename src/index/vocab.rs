//! Cutting a query into words without jieba: with the index's own
//! vocabulary, the term dictionary of the word field the query is looked
//! up in. Every word jieba cut when indexing is a term there, so a query
//! word found in the corpus is one token, as it was with jieba; loading
//! jieba's dictionary (most of a cold search) is left to indexing.
//!
//! The cut mirrors jieba's without HMM: the folded text is split into
//! blocks of ideographs, ASCII letters and digits and `+#&._%-`; each block
//! is cut along the path of substrings that are terms with the fewest
//! tokens (ties: the most frequent words); a character that is no term
//! stands for itself, and a run of such
//! ASCII letters and digits is one token, as jieba makes it.

use super::fold::fold;
use super::tokenizer::{VecTokenStream, is_wordish, push};
use tantivy::Searcher;
use tantivy::schema::Field;
use tantivy::tokenizer::{Token, Tokenizer};

/// The longest word looked up, in characters.
const MAX_WORD: usize = 16;

/// Query tokenizer of one word field: cuts with that field's terms.
#[derive(Clone)]
pub struct VocabTokenizer {
    searcher: Searcher,
    field: Field,
}

impl VocabTokenizer {
    /// The tokenizer of `field` over the segments of `searcher`.
    pub fn new(searcher: Searcher, field: Field) -> VocabTokenizer {
        VocabTokenizer { searcher, field }
    }
}

impl Tokenizer for VocabTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream::new(vocab_tokens(&self.searcher, self.field, text))
    }
}

/// The term dictionaries of a field, one per segment.
struct Vocab {
    readers: Vec<std::sync::Arc<tantivy::InvertedIndexReader>>,
}

impl Vocab {
    fn of(searcher: &Searcher, field: Field) -> Vocab {
        let readers = searcher.segment_readers().iter().filter_map(|s| s.inverted_index(field).ok()).collect();
        Vocab { readers }
    }

    /// Documents holding `word` (summed over segments), `None` when no
    /// segment has it.
    fn doc_freq(&self, word: &str) -> Option<u64> {
        let mut found = None;
        for r in &self.readers {
            if let Ok(Some(info)) = r.terms().get(word.as_bytes()) {
                *found.get_or_insert(0) += u64::from(info.doc_freq);
            }
        }
        found
    }
}

/// A character jieba keeps inside a block (its `RE_HAN_DEFAULT`).
fn in_block(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
    } else {
        matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
    }
}

/// The best cut of a block from one character on: tokens, then the summed
/// log frequency of its words (higher is better), then where the first
/// word ends.
#[derive(Clone, Copy)]
struct Step {
    tokens: u32,
    score: f64,
    end: usize,
}

impl Step {
    fn better_than(&self, o: &Step) -> bool {
        self.tokens < o.tokens || (self.tokens == o.tokens && self.score > o.score)
    }
}

/// Cut one block (`chars` are its characters with byte offsets in `text`,
/// `end` the byte end of the block); pushes `(from, to)` byte ranges.
fn cut_block(vocab: &Vocab, text: &str, chars: &[(usize, char)], end: usize, out: &mut Vec<(usize, usize)>) {
    let n = chars.len();
    let at = |i: usize| chars.get(i).map_or(end, |&(p, _)| p);
    let ln = |df: u64| (df.max(1) as f64).ln();
    // A character no term covers scores below any word.
    let unknown = -1.0;
    let mut best = vec![Step { tokens: 0, score: 0.0, end: n }; n + 1];
    for i in (0..n).rev() {
        let mut pick: Option<Step> = None;
        for j in i + 1..=n.min(i + MAX_WORD) {
            let word_score = match vocab.doc_freq(&text[at(i)..at(j)]) {
                Some(df) => ln(df),
                None if j == i + 1 => unknown,
                None => continue,
            };
            let rest = best[j];
            let s = Step { tokens: rest.tokens + 1, score: rest.score + word_score, end: j };
            if pick.is_none_or(|p| s.better_than(&p)) {
                pick = Some(s);
            }
        }
        if let Some(p) = pick {
            best[i] = p;
        }
    }
    let mut i = 0;
    let mut run: Option<usize> = None;
    while i < n {
        let j = best[i].end.max(i + 1);
        let single_ascii = j == i + 1 && chars[i].1.is_ascii_alphanumeric();
        if single_ascii {
            run.get_or_insert(i);
        } else {
            if let Some(r) = run.take() {
                out.push((at(r), at(i)));
            }
            out.push((at(i), at(j)));
        }
        i = j;
    }
    if let Some(r) = run {
        out.push((at(r), end));
    }
}

/// The word tokens of a query `text` for `field` (offsets in `text`).
pub fn vocab_tokens(searcher: &Searcher, field: Field, text: &str) -> Vec<Token> {
    let f = fold(text);
    let vocab = Vocab::of(searcher, field);
    let mut spans = Vec::new();
    let chars: Vec<(usize, char)> = f.text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !in_block(chars[i].1) {
            let end = chars.get(i + 1).map_or(f.text.len(), |&(p, _)| p);
            spans.push((chars[i].0, end));
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && in_block(chars[j].1) {
            j += 1;
        }
        let end = chars.get(j).map_or(f.text.len(), |&(p, _)| p);
        cut_block(&vocab, &f.text, &chars[i..j], end, &mut spans);
        i = j;
    }
    let mut out = Vec::new();
    for (a, b) in spans {
        let w = &f.text[a..b];
        if is_wordish(w) {
            push(&mut out, &f, a, b, w);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Index;
    use crate::index::tokenizer::jieba_tokens;

    const SENTENCES: [&str; 6] = [
        "每季度开展廉政约谈不少于4次，约谈面达到100%。",
        "推进党风廉政建设，落实一岗双责。",
        "全面加强廉政建设和反腐败工作。",
        "县纪委监委对乡镇党委书记开展谈心谈话。",
        "信访举报办结率达到95%，整改问题12个。",
        "研究生命科学的发展规划。",
    ];

    fn index() -> Index {
        crate::index::tests::index_of(&SENTENCES, true)
    }

    fn cut(idx: &Index, q: &str) -> Vec<String> {
        let s = idx.searcher().expect("searcher");
        vocab_tokens(&s, idx.fields().section, q).into_iter().map(|t| t.text).collect()
    }

    fn jieba(q: &str) -> Vec<String> {
        jieba_tokens(q).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn indexed_text_is_cut_as_jieba_cut_it() {
        let idx = index();
        for s in SENTENCES {
            assert_eq!(cut(&idx, s), jieba(s), "{s}");
        }
        for q in ["廉政约谈", "党风廉政建设", "约谈面", "一岗双责", "100%", "办结率", "谈心谈话", "生命科学"]
        {
            assert_eq!(cut(&idx, q), jieba(q), "{q}");
        }
    }

    #[test]
    fn folding_and_offsets_follow_the_query_as_written() {
        let idx = index();
        let q = "黨風廉政建設　１００％";
        let toks = vocab_tokens(&idx.searcher().expect("searcher"), idx.fields().section, q);
        let words: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(words, jieba("党风廉政建设 100%").iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(toks.first().map(|t| &q[t.offset_from..t.offset_to]), Some("黨風廉政建設"));
        assert_eq!(toks.last().map(|t| &q[t.offset_from..t.offset_to]), Some("％"));
        let positions: Vec<usize> = toks.iter().map(|t| t.position).collect();
        assert_eq!(positions, (0..toks.len()).collect::<Vec<_>>());
    }

    #[test]
    fn words_absent_from_the_index_fall_apart_into_characters() {
        let idx = index();
        assert_eq!(cut(&idx, "量子纠缠"), vec!["量", "子", "纠", "缠"]);
        assert_eq!(cut(&idx, "推进量子xyz7，办结率"), vec!["推进", "量", "子", "xyz7", "办结率"]);
        assert!(cut(&idx, "，。 ").is_empty());
        let empty = Index::create_in_ram().expect("index");
        assert_eq!(cut(&empty, "约谈"), vec!["约", "谈"]);
    }

    #[test]
    fn a_word_jieba_never_cut_alone_is_still_found_by_bigrams() {
        let idx = index();
        let find = |q: &str| {
            let hits = idx.search(&crate::index::SearchQuery { text: q.into(), ..Default::default() });
            hits.expect("search").into_iter().map(|h| h.sentence).collect::<Vec<_>>()
        };
        // 廉政 and 约谈 are no terms here (jieba cut 廉政约谈, 廉政建设, 约谈面).
        assert_eq!(cut(&idx, "廉政"), vec!["廉", "政"]);
        assert_eq!(find("廉政").len(), 3);
        assert_eq!(find("约谈"), vec![SENTENCES[0].to_string()]);
        assert!(find("量子").is_empty());
    }
}
