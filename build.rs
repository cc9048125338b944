//! Compiles the word dictionary that `src/segment/cut.rs` segments with:
//! jieba's dictionary (`dictionaries/jieba/dict.txt`) and ours
//! (`dictionaries/domain.txt`, `dictionaries/formulas.txt`), merged the way
//! `jieba_rs::Jieba::add_word` merges them, into an `fst` map from each word
//! to its frequency and tag. The map is read in place from the binary, so no
//! process spends time building a dictionary (jieba-rs inserts its 349,045
//! words into a trie at every start: about 0.1 s of CPU).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Dictionaries in the order they are loaded: jieba's, then ours (the same
/// order as `segment::words::DICTIONARIES`).
const SOURCES: [&str; 3] = ["dictionaries/jieba/dict.txt", "dictionaries/domain.txt", "dictionaries/formulas.txt"];

fn main() {
    for s in SOURCES {
        println!("cargo:rerun-if-changed={s}");
    }
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));

    // word -> (frequency, tag index)
    let mut words: BTreeMap<String, (u64, usize)> = BTreeMap::new();
    let mut tags: Vec<String> = Vec::new();
    let tag_index = |t: &str, tags: &mut Vec<String>| match tags.iter().position(|x| x == t) {
        Some(i) => i,
        None => {
            tags.push(t.to_string());
            tags.len() - 1
        }
    };
    for path in SOURCES {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        // Ours have `#` comments; jieba's has words with `#` in them (C#).
        let comments = path != SOURCES[0];
        for (n, line) in text.lines().enumerate() {
            let line = if comments { line.split('#').next().unwrap_or("") } else { line }.trim();
            let mut parts = line.split_whitespace();
            let Some(word) = parts.next() else { continue };
            // A word without a frequency would get jieba's suggested one,
            // which depends on the words loaded before it: ours all carry one.
            let freq: u64 = parts
                .next()
                .and_then(|f| f.parse().ok())
                .unwrap_or_else(|| panic!("{path}:{}: `{line}` has no frequency", n + 1));
            assert!(freq < 1 << 48, "{path}:{}: frequency too large", n + 1);
            let tag = parts.next().unwrap_or("");
            // add_word keeps the tag of a word it knows and takes the new frequency.
            match words.get_mut(word) {
                Some(e) => e.0 = freq,
                None => {
                    let t = tag_index(tag, &mut tags);
                    words.insert(word.to_string(), (freq, t));
                }
            }
        }
    }
    assert!(tags.len() < 256, "more than 255 tags");
    let total: u64 = words.values().map(|&(f, _)| f).sum();

    let mut b = fst::MapBuilder::memory();
    for (w, &(f, t)) in &words {
        b.insert(w, f << 8 | t as u64).expect("words are sorted and unique");
    }
    let bytes = b.into_inner().expect("fst");
    std::fs::write(out.join("words.fst"), bytes).expect("write words.fst");

    let mut src = String::new();
    let _ = writeln!(src, "/// Sum of every word's frequency (jieba's `total`).");
    let _ = writeln!(src, "pub(crate) const TOTAL: u64 = {total};");
    let _ = writeln!(src, "/// Number of words.");
    let _ = writeln!(src, "#[allow(dead_code)]\npub(crate) const WORDS: usize = {};", words.len());
    let _ = writeln!(src, "/// Tags by index (the low byte of a word's value).");
    let _ = writeln!(src, "pub(crate) static TAGS: [&str; {}] = {:?};", tags.len(), tags);
    std::fs::write(out.join("words_meta.rs"), src).expect("write words_meta.rs");
}
