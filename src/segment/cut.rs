//! Jieba's segmentation without its HMM, over a dictionary compiled at build
//! time.
//!
//! [`tag`] gives what `jieba_rs::Jieba::tag(text, false)` gives on jieba's
//! default dictionary with ours added ([`super::words::jieba`]), and [`cut`]
//! the words of `Jieba::cut(text, false)`: the same words, tags and offsets
//! (`tests` compares them on every clause of the bundled corpus). The
//! algorithm is jieba's: the text is split into runs of ideographs, ASCII
//! letters and digits (and `+#&._%-`) and runs of anything else; in the
//! first, every dictionary word starting at each character is an edge of a
//! graph, the route of highest summed log frequency is taken (a character
//! that starts no word counts once), and the single letters and digits it
//! leaves are joined; anything else is one token per character.
//!
//! Why not jieba-rs itself: it builds its dictionary at every start, 349,045
//! trie insertions that take about 0.1 s of CPU, two thirds of a one-file run
//! and on two threads a tenth of a second that the other thread waits for.
//! Here the dictionary is a trie of characters that `build.rs` writes from
//! the same word lists, as arrays the binary reads in place (an `fst` map was
//! tried first: its byte-by-byte walk cut 1.7 times slower than jieba-rs).
//! jieba-rs is still what [`super::words::words`] (with the HMM) uses, and
//! what [`tag`] hands over to for the rare word it would tag with its
//! part-of-speech model (an ideograph that is no dictionary word).

use jieba_rs::Tag;
use std::cell::RefCell;
use std::sync::OnceLock;

mod meta {
    include!(concat!(env!("OUT_DIR"), "/words_meta.rs"));
}

/// The dictionary written by `build.rs`: a trie of characters numbered
/// breadth first (0 is the root), as arrays of little-endian u32 by node:
/// `CHARS`, each node's character, and `NODES`, a pair per node of its value
/// (frequency << 8 | tag index, or `NO_WORD`) and its first child (the
/// children of node `n` are the nodes from there to the first child of
/// `n + 1`, sorted by character; a last node closes the list). `ROOT` gives
/// the node of each ideograph of U+4E00..U+9FFF as a first character.
static CHARS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/trie_chars.bin"));
static NODES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/trie_nodes.bin"));
static ROOT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/trie_root.bin"));

/// The `i`th u32 of `a` (`u32::MAX` past its end).
#[inline]
fn u32_at(a: &[u8], i: usize) -> u32 {
    match a.get(i * 4..i * 4 + 4) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
        _ => u32::MAX,
    }
}

/// Field `f` (0 value, 1 first child) of node `n`.
#[inline]
fn field(n: u32, f: usize) -> u32 {
    u32_at(NODES, n as usize * 2 + f)
}

/// Entry `k` of the root table.
#[inline]
fn root_at(k: u32) -> u32 {
    u32_at(ROOT, k as usize)
}

/// The child of `node` for character `c`.
#[inline]
fn child(node: u32, c: char) -> Option<u32> {
    let c = c as u32;
    let (mut lo, mut hi) = (field(node, 1), field(node + 1, 1));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match u32_at(CHARS, mid as usize).cmp(&c) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Greater => hi = mid,
            std::cmp::Ordering::Equal => return Some(mid),
        }
    }
    None
}

/// The node of `c` as the first character of a word.
#[inline]
fn first(c: char) -> Option<u32> {
    let k = (c as u32).wrapping_sub(meta::FIRST_START);
    if (k as usize) < meta::FIRST_LEN { Some(root_at(k)).filter(|&n| n != u32::MAX) } else { child(0, c) }
}

/// The word that ends at `node`, if one does.
#[inline]
fn entry(node: u32) -> Option<Entry> {
    Some(field(node, 0)).filter(|&v| v != meta::NO_WORD).map(Entry)
}

/// `(freq as f64).ln()`, from a table for the small frequencies most words
/// have (the same values: the table holds what `ln` returns).
fn ln_freq(freq: u32) -> f64 {
    const N: usize = 4096;
    static T: OnceLock<Vec<f64>> = OnceLock::new();
    match usize::try_from(freq) {
        Ok(f) if f < N => T.get_or_init(|| (0..N).map(|f| (f as f64).ln()).collect())[f],
        _ => (freq as f64).ln(),
    }
}

/// ln of the sum of all frequencies, as jieba computes it.
fn log_total() -> f64 {
    static L: OnceLock<f64> = OnceLock::new();
    *L.get_or_init(|| (meta::TOTAL as f64).ln())
}

/// A dictionary word's value: frequency and tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry(u32);

impl Entry {
    fn freq(self) -> u32 {
        self.0 >> 8
    }
    fn tag(self) -> &'static str {
        meta::TAGS.get((self.0 & 0xff) as usize).copied().unwrap_or("")
    }
}

/// The dictionary entry of `word`, if it is one.
fn lookup(word: &str) -> Option<Entry> {
    let mut cs = word.chars();
    let mut node = first(cs.next()?)?;
    for c in cs {
        node = child(node, c)?;
    }
    entry(node)
}

/// The dictionary tag of `word`, if it is a word of the dictionary.
pub fn word_tag(word: &str) -> Option<&'static str> {
    lookup(word).map(Entry::tag)
}

fn is_cjk_main(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}')
}

fn is_cjk_extension(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{2CEB0}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}'
    )
}

fn is_cjk(c: char) -> bool {
    is_cjk_main(c) || is_cjk_extension(c)
}

/// Characters that jieba segments with its dictionary (its `RE_HAN_DEFAULT`).
fn is_han_default(c: char) -> bool {
    if is_cjk_main(c) {
        true
    } else if c.is_ascii() {
        c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-')
    } else {
        is_cjk_extension(c)
    }
}

/// A token: byte range in the text, characters before it and in it, and
/// its dictionary entry where the segmentation knows it.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    char_start: usize,
    chars: usize,
    entry: Option<Entry>,
    /// Cut from a run of dictionary characters (`entry` is then final); the
    /// other tokens are looked up as a whole when tagged.
    in_run: bool,
}

/// One step of the best route from a character.
#[derive(Debug, Clone, Copy)]
struct Step {
    prob: f64,
    end: usize,
    entry: Option<Entry>,
}

#[derive(Default)]
struct Scratch {
    /// (byte offset in the run, character) of the run's characters.
    chars: Vec<(usize, char)>,
    /// Edges (end character, entry) of every character, grouped by start.
    edges: Vec<(usize, Entry)>,
    /// Where each character's edges start in `edges` (one more at the end).
    first_edge: Vec<usize>,
    route: Vec<Step>,
    /// The children found lately, by (node, character): the search among a
    /// first character's hundreds of children costs a cache miss per
    /// probe, and text repeats its character pairs.
    children: ChildCache,
}

/// A direct-mapped cache of [`child`] of 16,384 entries (256 KB): (node,
/// character, child or `u32::MAX` for none, the child's value). Holding the
/// value spares a second miss, in the node array, for every word a
/// character extends.
struct ChildCache(Vec<[u32; 4]>);

impl Default for ChildCache {
    fn default() -> Self {
        ChildCache(vec![[u32::MAX, 0, 0, 0]; 1 << 14])
    }
}

impl ChildCache {
    /// The child of `node` for `c` and its value (`NO_WORD` where no word
    /// ends there).
    #[inline]
    fn child(&mut self, node: u32, c: char) -> Option<(u32, u32)> {
        let key = (node.wrapping_mul(0x9E37_79B9) ^ (c as u32).wrapping_mul(0x85EB_CA6B)) >> 18;
        let slot = self.0.get_mut(key as usize)?;
        if slot[0] != node || slot[1] != c as u32 {
            let k = child(node, c);
            *slot = [node, c as u32, k.unwrap_or(u32::MAX), k.map_or(meta::NO_WORD, |k| field(k, 0))];
        }
        Some((slot[2], slot[3])).filter(|&(k, _)| k != u32::MAX)
    }
}

/// [`first`] with the node's value, from a table of every ideograph of the
/// root table (built once: the node array is read at random otherwise, a
/// cache miss for nearly every character of a clause).
#[inline]
fn first_valued(c: char) -> Option<(u32, u32)> {
    static T: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    let k = (c as u32).wrapping_sub(meta::FIRST_START);
    if (k as usize) < meta::FIRST_LEN {
        let t = T.get_or_init(|| {
            (0..meta::FIRST_LEN as u32)
                .map(|k| {
                    let n = root_at(k);
                    (n, if n == u32::MAX { meta::NO_WORD } else { field(n, 0) })
                })
                .collect()
        });
        t.get(k as usize).copied().filter(|&(n, _)| n != u32::MAX)
    } else {
        child(0, c).map(|n| (n, field(n, 0)))
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The tokens of `text`, in order, covering it.
fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::with_capacity(text.len() / 3 + 1);
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        let mut pos = 0;
        let mut char_pos = 0;
        while pos < text.len() {
            let rest = &text[pos..];
            let han = rest.chars().next().is_some_and(is_han_default);
            // The run: its length in bytes and in characters.
            let (mut len, mut count) = (rest.len(), 0);
            for (k, c) in rest.char_indices() {
                if is_han_default(c) != han {
                    len = k;
                    break;
                }
                count += 1;
            }
            let run = &rest[..len];
            if han {
                segment_run(&mut s, run, pos, char_pos, &mut out);
            } else {
                let mut it = run.char_indices().peekable();
                let mut k = char_pos;
                while let Some((i, c)) = it.next() {
                    let (end, n) = if c == '\r' && it.peek().is_some_and(|&(_, d)| d == '\n') {
                        it.next();
                        (i + 2, 2)
                    } else {
                        (i + c.len_utf8(), 1)
                    };
                    out.push(Piece {
                        start: pos + i,
                        end: pos + end,
                        char_start: k,
                        chars: n,
                        entry: None,
                        in_run: false,
                    });
                    k += n;
                }
            }
            char_pos += count;
            pos += len;
        }
    });
    out
}

/// Segment one run of dictionary characters (`base`: its byte offset in the
/// text, `char_base` its character offset).
fn segment_run(s: &mut Scratch, run: &str, base: usize, char_base: usize, out: &mut Vec<Piece>) {
    let Scratch { chars, edges, first_edge, route, children } = s;
    chars.clear();
    chars.extend(run.char_indices());
    let n = chars.len();
    let byte_at = |i: usize| chars.get(i).map_or(run.len(), |&(o, _)| o);

    // Every dictionary word starting at every character.
    edges.clear();
    first_edge.clear();
    for pos in 0..n {
        first_edge.push(edges.len());
        let Some((mut node, value)) = first_valued(chars[pos].1) else { continue };
        if value != meta::NO_WORD {
            edges.push((pos + 1, Entry(value)));
        }
        for (next, &(_, c)) in chars.iter().enumerate().skip(pos + 1) {
            let Some((k, value)) = children.child(node, c) else { break };
            node = k;
            if value != meta::NO_WORD {
                edges.push((next + 1, Entry(value)));
            }
        }
    }
    first_edge.push(edges.len());

    // The best route, from the end (jieba's `calc`, the same arithmetic in
    // the same order, so that ties break the same way).
    let log_total = log_total();
    route.clear();
    route.resize(n + 1, Step { prob: 0.0, end: n, entry: None });
    for idx in (0..n).rev() {
        let mut best: Option<Step> = None;
        for &(end, e) in &edges[first_edge[idx]..first_edge[idx + 1]] {
            let prob = ln_freq(e.freq()) - log_total + route[end].prob;
            if best.is_none_or(|b| prob > b.prob || (prob == b.prob && end > b.end)) {
                best = Some(Step { prob, end, entry: Some(e) });
            }
        }
        route[idx] = best.unwrap_or(Step { prob: (0.0 - log_total) + route[idx + 1].prob, end: idx + 1, entry: None });
    }

    // The word with exactly the characters `x..y`, if it is an edge.
    let word_at = |x: usize, y: usize| {
        edges[first_edge[x]..first_edge[x + 1]].iter().find(|&&(end, _)| end == y).map(|&(_, e)| e)
    };
    let mut emit = |x: usize, y: usize, entry: Option<Entry>| {
        let entry = entry.or_else(|| word_at(x, y));
        out.push(Piece {
            start: base + byte_at(x),
            end: base + byte_at(y),
            char_start: char_base + x,
            chars: y - x,
            entry,
            in_run: true,
        });
    };
    // Walk the route; single ASCII letters and digits it leaves are joined.
    let mut x = 0;
    let mut left: Option<usize> = None;
    while x < n {
        let Step { end: y, entry, .. } = route[x];
        if y - x == 1 && chars[x].1.is_ascii_alphanumeric() {
            left.get_or_insert(x);
        } else {
            if let Some(start) = left.take() {
                let e = if x - start == 1 { route[start].entry } else { None };
                emit(start, x, e);
            }
            emit(x, y, entry);
        }
        x = y;
    }
    if let Some(start) = left {
        let e = if n - start == 1 { route[start].entry } else { None };
        emit(start, n, e);
    }
}

/// The words of `text` as `Jieba::cut(text, false)` cuts them: byte ranges,
/// in order, covering the text.
pub fn cut(text: &str) -> Vec<std::ops::Range<usize>> {
    pieces(text).into_iter().map(|p| p.start..p.end).collect()
}

/// `Jieba::tag(text, false)` on jieba's dictionary and ours (see the module
/// documentation).
pub fn tag(text: &str) -> Vec<Tag<'_>> {
    let pieces = pieces(text);
    let mut tags = Vec::with_capacity(pieces.len());
    for p in pieces {
        let word = &text[p.start..p.end];
        // A token outside the dictionary runs is looked up as a whole.
        let entry = if p.in_run { p.entry } else { lookup(word) };
        let tag = match entry {
            Some(e) => e.tag(),
            None => match guess_tag(word) {
                Some(t) => t,
                // jieba tags an ideograph outside its dictionary with its
                // part-of-speech model: let it tag the whole text.
                None => return super::words::jieba().tag(text, false),
            },
        };
        tags.push(Tag {
            word,
            tag,
            start: p.char_start,
            end: p.char_start + p.chars,
            byte_start: p.start,
            byte_end: p.end,
        });
    }
    tags
}

/// jieba's tag for a word outside its dictionary, but for one holding an
/// ideograph (`None`: jieba's model decides).
fn guess_tag(word: &str) -> Option<&'static str> {
    let (mut eng, mut digits) = (0, 0);
    for c in word.chars() {
        if c.is_ascii_alphanumeric() {
            eng += 1;
            if c.is_ascii_digit() {
                digits += 1;
            }
        }
    }
    if eng > 0 {
        return Some(if eng == digits { "m" } else { "eng" });
    }
    if word.chars().any(is_cjk) {
        return None;
    }
    Some("x")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every clause of the bundled documents (and every prefix of up to 40
    /// characters of each) is cut and tagged exactly as jieba-rs does.
    #[test]
    fn same_as_jieba_on_the_corpus() {
        let j = crate::segment::words::jieba();
        let mut texts = Vec::new();
        for dir in ["corpus", "tests/dev/docs"] {
            let Ok(rd) = std::fs::read_dir(dir) else { continue };
            let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for p in paths {
                if p.extension().is_some_and(|e| e == "txt")
                    && let Ok(t) = std::fs::read_to_string(&p)
                {
                    texts.push(t);
                }
            }
        }
        assert!(texts.len() >= 40, "the corpus and tests/dev/docs are there");
        let mut clauses = 0;
        for t in &texts {
            for clause in t.split(['。', '；', '，', '\n']) {
                let prefix: String = clause.chars().take(40).collect();
                for s in [clause, prefix.as_str()] {
                    let want: Vec<_> = j.tag(s, false);
                    let got = tag(s);
                    assert_eq!(got, want, "tag({s:?})");
                    let want: Vec<_> = j.cut(s, false).into_iter().map(|t| t.byte_start..t.byte_end).collect();
                    assert_eq!(cut(s), want, "cut({s:?})");
                }
                clauses += 1;
            }
        }
        assert!(clauses > 10_000, "{clauses} clauses");
    }

    #[test]
    fn odd_text_is_cut_as_jieba_cuts_it() {
        let j = crate::segment::words::jieba();
        for s in [
            "",
            " ",
            "\r\n\r\n",
            "abc123 def",
            "GDP增长5.2%，CPI上涨0.2%",
            "一、全年地区生产总值突破1.2万亿元（增长6%）",
            "𠀀𠀁是扩展区的字",
            "䶮字不在词典里",
            "COVID-19疫情防控",
            "a+b#c&d_e.f%g-h",
            "全角１２３和ＡＢＣ",
            "县委常委会每季度至少听取1次汇报\r\n下一行",
        ] {
            assert_eq!(tag(s), j.tag(s, false), "tag({s:?})");
            let want: Vec<_> = j.cut(s, false).into_iter().map(|t| t.byte_start..t.byte_end).collect();
            assert_eq!(cut(s), want, "cut({s:?})");
        }
    }

    proptest::proptest! {
        /// The same on random text mixing words, letters, digits, the
        /// symbols jieba keeps in a run (`+#&._%-`), spaces, line breaks,
        /// punctuation and ideographs outside the dictionary.
        #[test]
        fn same_as_jieba_on_random_text(s in "([党风廉政建设主体责任约谈面全县乡镇年度内不少于次中国人民政府工作报告]|[a-zA-Z0-9]|[+#&._%-]|[ \r\n，。、（）“”]|[䶮𠀀])*") {
            let j = crate::segment::words::jieba();
            proptest::prop_assert_eq!(tag(&s), j.tag(&s, false));
            let want: Vec<_> = j.cut(&s, false).into_iter().map(|t| t.byte_start..t.byte_end).collect();
            proptest::prop_assert_eq!(cut(&s), want);
        }
    }

    #[test]
    fn the_dictionary_has_jieba_words_and_ours() {
        let words = (0..(NODES.len() / 8) as u32).filter(|&n| entry(n).is_some()).count();
        assert_eq!(words, meta::WORDS);
        assert!(words > 349_000, "jieba's 349,045 words and ours");
        assert_eq!(lookup("约谈面").map(|e| e.tag()), Some("n"));
        assert!(lookup("中国").is_some());
        assert!(lookup("不存在的词").is_none());
    }
}
