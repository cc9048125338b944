//! Word lists the rules consult, loaded once from `dictionaries/`.

use std::sync::OnceLock;

/// Parse a jieba-format dictionary (`word [freq] [tag]`, `#` comments).
fn words_of(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .collect()
}

/// The words of a dictionary, longest first, without repeats.
fn longest_first(text: &str) -> Vec<String> {
    let mut v = words_of(text);
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    v.dedup();
    v
}

/// Political formulas and slogans (`dictionaries/formulas.txt`), longest first.
pub fn formulas() -> &'static [String] {
    static F: OnceLock<Vec<String>> = OnceLock::new();
    F.get_or_init(|| longest_first(include_str!("../../dictionaries/formulas.txt")))
}

/// Place and site names that hold a numeral (`dictionaries/places.txt`),
/// longest first.
pub fn places() -> &'static [String] {
    static P: OnceLock<Vec<String>> = OnceLock::new();
    P.get_or_init(|| longest_first(include_str!("../../dictionaries/places.txt")))
}

/// A list's words by each character they contain, so a rule checks only
/// the words that hold the figure's first character.
type ByChar = std::collections::HashMap<char, Vec<String>, crate::util::FnvBuild>;

fn by_char(words: &[String]) -> ByChar {
    let mut m = ByChar::default();
    for f in words {
        let mut seen: Vec<char> = f.chars().collect();
        seen.sort_unstable();
        seen.dedup();
        for ch in seen {
            m.entry(ch).or_default().push(f.clone());
        }
    }
    m
}

/// The formulas that contain `c` (so a rule checks only those).
pub fn formulas_with(c: char) -> &'static [String] {
    static BY: OnceLock<ByChar> = OnceLock::new();
    BY.get_or_init(|| by_char(formulas())).get(&c).map_or(&[], Vec::as_slice)
}

/// The place names that contain `c`.
pub fn places_with(c: char) -> &'static [String] {
    static BY: OnceLock<ByChar> = OnceLock::new();
    BY.get_or_init(|| by_char(places())).get(&c).map_or(&[], Vec::as_slice)
}

/// Document-type words with their genre (`dictionaries/doc_types.txt`), longest first.
pub fn doc_types() -> &'static [(String, crate::model::Genre)] {
    static D: OnceLock<Vec<(String, crate::model::Genre)>> = OnceLock::new();
    D.get_or_init(|| {
        let mut v: Vec<(String, crate::model::Genre)> = include_str!("../../dictionaries/doc_types.txt")
            .lines()
            .map(|l| l.split('#').next().unwrap_or("").trim())
            .filter_map(|l| {
                let mut p = l.split_whitespace();
                let w = p.next()?;
                let g = match p.next()? {
                    "report" => crate::model::Genre::Report,
                    _ => crate::model::Genre::Plan,
                };
                Some((w.to_string(), g))
            })
            .collect();
        v.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        v
    })
}
