//! Compiles the word dictionary that `src/segment/cut.rs` segments with:
//! jieba's dictionary (`dictionaries/jieba/dict.txt`) and ours
//! (`dictionaries/domain.txt`, `dictionaries/formulas.txt`), merged the way
//! `jieba_rs::Jieba::add_word` merges them, into a trie of characters whose
//! arrays the binary reads in place, so no process spends time building a
//! dictionary (jieba-rs inserts its 349,045 words into a trie at every
//! start: about 0.1 s of CPU).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// Dictionaries in the order they are loaded: jieba's, then ours (the same
/// order as `segment::words::DICTIONARIES`).
const SOURCES: [&str; 3] = ["dictionaries/jieba/dict.txt", "dictionaries/domain.txt", "dictionaries/formulas.txt"];

/// The value of a trie node that ends no word.
const NO_WORD: u32 = u32::MAX;

/// The ideographs (U+4E00..U+9FFF) whose first steps are tabled.
const FIRST_START: u32 = 0x4E00;
const FIRST_LEN: usize = 0x9FFF - 0x4E00 + 1;

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
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    for path in SOURCES {
        let text = std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
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

    // A trie of characters, numbered breadth first with each node's
    // children sorted by character, so that the children of node `n` are
    // the nodes from its first child to the next node's first child.
    #[derive(Default)]
    struct Node {
        children: BTreeMap<char, usize>,
        value: Option<u32>,
    }
    let mut trie = vec![Node::default()];
    for (w, &(f, t)) in &words {
        assert!(f < (1 << 24) - 1, "frequency of {w} does not fit 24 bits");
        let mut n = 0;
        for c in w.chars() {
            n = match trie[n].children.get(&c) {
                Some(&k) => k,
                None => {
                    trie.push(Node::default());
                    let k = trie.len() - 1;
                    trie[n].children.insert(c, k);
                    k
                }
            };
        }
        trie[n].value = Some((f as u32) << 8 | t as u32);
    }
    let mut order = vec![0usize];
    let mut i = 0;
    while i < order.len() {
        order.extend(trie[order[i]].children.values().copied());
        i += 1;
    }
    let mut id = vec![0u32; trie.len()];
    for (k, &n) in order.iter().enumerate() {
        id[n] = u32::try_from(k).expect("trie under 4G nodes");
    }
    // Two arrays of little-endian u32 by node: the characters alone (a
    // search among children reads 16 per cache line), and the (value, first
    // child) pairs.
    let mut chars = Vec::with_capacity(order.len() * 4 + 4);
    let mut nodes = Vec::with_capacity(order.len() * 8 + 8);
    let mut next = 1u32;
    let mut chars_of = vec![0u32; trie.len()];
    for n in &trie {
        for (&c, &k) in &n.children {
            chars_of[k] = c as u32;
        }
    }
    for &n in &order {
        chars.extend_from_slice(&chars_of[n].to_le_bytes());
        nodes.extend_from_slice(&trie[n].value.unwrap_or(NO_WORD).to_le_bytes());
        nodes.extend_from_slice(&next.to_le_bytes());
        next += trie[n].children.len() as u32;
    }
    // A last node, past the others, holds where its children would start.
    chars.extend_from_slice(&u32::MAX.to_le_bytes());
    for v in [NO_WORD, next] {
        nodes.extend_from_slice(&v.to_le_bytes());
    }
    // The node of each ideograph of U+4E00..U+9FFF as a first character
    // (most words start with one: no search among the root's 11,000 children).
    let mut root = Vec::with_capacity(FIRST_LEN * 4);
    for c in FIRST_START..FIRST_START + FIRST_LEN as u32 {
        let k = char::from_u32(c).and_then(|c| trie[0].children.get(&c)).map_or(u32::MAX, |&k| id[k]);
        root.extend_from_slice(&k.to_le_bytes());
    }
    for (name, bytes) in [("trie_chars.bin", chars), ("trie_nodes.bin", nodes), ("trie_root.bin", root)] {
        std::fs::write(out.join(name), bytes).unwrap_or_else(|e| panic!("write {name}: {e}"));
    }

    let mut src = String::new();
    let _ = writeln!(src, "/// Sum of every word's frequency (jieba's `total`).");
    let _ = writeln!(src, "pub(crate) const TOTAL: u64 = {total};");
    let _ = writeln!(src, "/// Number of words.");
    let _ = writeln!(src, "#[allow(dead_code)]\npub(crate) const WORDS: usize = {};", words.len());
    let _ = writeln!(src, "/// The value of a node that ends no word.");
    let _ = writeln!(src, "pub(crate) const NO_WORD: u32 = {NO_WORD:#X};");
    let _ = writeln!(src, "/// First character of the table in `trie_root.bin`.");
    let _ = writeln!(src, "pub(crate) const FIRST_START: u32 = {FIRST_START:#X};");
    let _ = writeln!(src, "/// Characters in the table.");
    let _ = writeln!(src, "pub(crate) const FIRST_LEN: usize = {FIRST_LEN};");
    let _ = writeln!(src, "/// Tags by index (the low byte of a word's value).");
    let _ = writeln!(src, "pub(crate) static TAGS: [&str; {}] = {:?};", tags.len(), tags);
    std::fs::write(out.join("words_meta.rs"), src).expect("write words_meta.rs");
}
