//! Words: jieba-rs with its default dictionary plus ours
//! (`dictionaries/domain.txt`, `dictionaries/formulas.txt`), loaded once and
//! shared by every thread.

use jieba_rs::Jieba;
use std::ops::Range;
use std::sync::OnceLock;

/// Our dictionaries, in jieba's `word freq tag` format.
const DICTIONARIES: &[&str] =
    &[include_str!("../../dictionaries/domain.txt"), include_str!("../../dictionaries/formulas.txt")];

/// Our tag for a word, where our dictionaries give one. jieba keeps the tag of
/// a word it already knows (add_word only changes its frequency), so callers
/// that read tags ask here first.
pub fn our_tag(word: &str) -> Option<&'static str> {
    type Map = std::collections::HashMap<&'static str, &'static str, std::hash::BuildHasherDefault<crate::util::Fnv>>;
    static T: OnceLock<Map> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = Map::default();
        for dict in DICTIONARIES {
            for line in dict.lines() {
                let line = line.split('#').next().unwrap_or("").trim();
                let parts: Vec<&'static str> = line.split_whitespace().collect();
                if let [w, _, t, ..] = parts[..] {
                    m.insert(w, t);
                }
            }
        }
        m
    })
    .get(word)
    .copied()
}

/// The tag of a word: ours where we give one, else jieba's.
pub fn tag_for<'a>(word: &str, jieba_tag: &'a str) -> &'a str {
    our_tag(word).unwrap_or(jieba_tag)
}

/// The shared jieba instance: default dictionary plus ours.
pub fn jieba() -> &'static Jieba {
    static J: OnceLock<Jieba> = OnceLock::new();
    J.get_or_init(|| {
        let mut j = Jieba::new();
        for dict in DICTIONARIES {
            for line in dict.lines() {
                let line = line.split('#').next().unwrap_or("").trim();
                let mut parts = line.split_whitespace();
                let Some(word) = parts.next() else { continue };
                let freq = parts.next().and_then(|f| f.parse().ok());
                j.add_word(word, freq, parts.next());
            }
        }
        j
    })
}

/// A word of a text, with its byte range and part-of-speech tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// jieba's tag (`n`, `v`, `nt`, `q`, …).
    pub tag: String,
}

/// The words of `text` (white space dropped).
pub fn words(text: &str) -> Vec<Word> {
    jieba()
        .tag(text, true)
        .into_iter()
        .filter(|t| !t.word.trim().is_empty())
        .map(|t| Word { range: t.byte_start..t.byte_end, tag: tag_for(t.word, t.tag).to_string() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_terms_stay_whole() {
        let t = "约谈面达到100%，进行廉政谈话60人次，3个工作日内办结";
        let got: Vec<&str> = words(t).iter().map(|w| &t[w.range.clone()]).collect();
        for w in ["约谈面", "廉政谈话", "人次", "个工作日"] {
            assert!(got.contains(&w), "{w} in {got:?}");
        }
        let t = "严格落实一岗双责和中央八项规定";
        let got: Vec<&str> = words(t).iter().map(|w| &t[w.range.clone()]).collect();
        assert!(got.contains(&"一岗双责") && got.contains(&"中央八项规定"), "{got:?}");
    }
}
