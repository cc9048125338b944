//! Small string searches for the hot paths of extraction.
//!
//! `str::find`/`rfind` with a `&str` pattern build a two-way searcher on
//! every call, which costs more than the search itself when the haystack is a
//! clause and the needle two or three characters (measured: these are about
//! 2.5x faster on the corpus's clauses; `str::contains` with a `&str` needle
//! has its own SIMD path and stays). With a `char` needle `str` runs memchr
//! on the character's last UTF-8 byte, a continuation byte that CJK text is
//! full of, and checks every hit ([`find_str`] does the same): in a hot path
//! a CJK character is best sought with a `memchr::memmem::Finder` built once
//! (see `extract::deadline`). A UTF-8 needle can only match at a character
//! boundary, so the offsets are the same as `str`'s.

use std::sync::OnceLock;

/// A set of characters of the Basic Multilingual Plane as a 64 Ki-bit
/// table, built at compile time: one load and one shift per test, no
/// branches to mispredict.
pub(crate) struct CharSet([u64; 1024]);

impl CharSet {
    /// The set of the characters of `chars` (beyond the BMP: ignored).
    pub(crate) const fn of(chars: &str) -> Self {
        CharSet([0; 1024]).with(chars)
    }
    /// This set and the characters of `chars` (beyond the BMP: ignored).
    pub(crate) const fn with(mut self, chars: &str) -> Self {
        let b = chars.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let (u, n) = decode(b, i);
            insert(&mut self.0, u);
            i += n;
        }
        self
    }
    /// The set of the first characters of `words`.
    pub(crate) const fn firsts(words: &[&str]) -> Self {
        Self::word_ends(words, false)
    }
    /// The set of the last characters of `words`.
    pub(crate) const fn lasts(words: &[&str]) -> Self {
        Self::word_ends(words, true)
    }
    /// The set of the first (or last) characters of `words`.
    const fn word_ends(words: &[&str], last: bool) -> Self {
        let mut t = [0u64; 1024];
        let mut k = 0;
        while k < words.len() {
            let b = words[k].as_bytes();
            if !b.is_empty() {
                let mut i = if last { b.len() - 1 } else { 0 };
                while i > 0 && b[i] & 0xc0 == 0x80 {
                    i -= 1;
                }
                insert(&mut t, decode(b, i).0);
            }
            k += 1;
        }
        CharSet(t)
    }
    /// The characters of the Basic Multilingual Plane for which `f` holds,
    /// built at run time (boxed: 8 KB).
    pub(crate) fn matching(f: impl Fn(char) -> bool) -> Box<Self> {
        let mut set = Self::empty();
        (0..0x10000u32).filter_map(char::from_u32).filter(|&c| f(c)).for_each(|c| set.add(c));
        set
    }
    /// The empty set, to [`add`](Self::add) to at run time (boxed: 8 KB).
    pub(crate) fn empty() -> Box<Self> {
        Box::new(CharSet([0; 1024]))
    }
    /// Add `c` (beyond the BMP: ignored).
    pub(crate) fn add(&mut self, c: char) {
        insert(&mut self.0, c as u32);
    }
    /// Is `c` in the set?
    #[inline]
    pub(crate) fn has(&self, c: char) -> bool {
        self.contains(c as u32)
    }
    /// Is scalar value `u` in the set?
    #[inline(always)]
    fn contains(&self, u: u32) -> bool {
        u < 0x10000 && (self.0[(u >> 6) as usize] >> (u & 63)) & 1 == 1
    }
    /// Is the three-byte character `b0 b1 b2` in the set? (Its scalar
    /// value's word index is `b0`'s low nibble and `b1`'s six bits, always
    /// in the table: no bounds check.)
    #[inline(always)]
    fn contains3(&self, b0: u8, b1: u8, b2: u8) -> bool {
        let word = (usize::from(b0 & 0x0f) << 6) | usize::from(b1 & 0x3f);
        (self.0[word] >> (b2 & 0x3f)) & 1 == 1
    }
}

/// The first offset from `i` (below `end`, a char boundary of valid UTF-8
/// `s`) whose character's membership in `set` is `member`, or `end`. The
/// hot loop of several passes over whole texts. Runs of three-byte
/// characters (all of CJK and its punctuation) go four at a time: one test
/// that the four lead bytes are three-byte leads, then four branch-free
/// table lookups (the set's word index is the lead's low nibble and the
/// second byte's six bits, its bit the third byte's six bits).
#[inline(always)]
pub(crate) fn skip_until(s: &[u8], mut i: usize, end: usize, set: &CharSet, member: bool) -> usize {
    let end = end.min(s.len());
    loop {
        if i + 12 <= end {
            let c = &s[i..i + 12];
            let lead = |k: usize| c[k] & 0xf0 == 0xe0;
            if lead(0) & lead(3) & lead(6) & lead(9) {
                let hit = |k: usize| u32::from(set.contains3(c[k], c[k + 1], c[k + 2]) == member);
                let m = hit(0) | hit(3) << 1 | hit(6) << 2 | hit(9) << 3;
                if m != 0 {
                    return i + 3 * m.trailing_zeros() as usize;
                }
                i += 12;
                continue;
            }
        }
        if i >= end {
            return end;
        }
        let (u, n) = decode(s, i);
        if set.contains(u) == member {
            return i;
        }
        i += n;
    }
}

/// `s.char_indices().rev().nth(n)`'s offset. The character sought starts
/// within the last `3 * (n + 1)` bytes when those hold no character beyond
/// the Basic Multilingual Plane: their characters are counted (a fast
/// count of non-continuation bytes) and the surplus skipped forward
/// (`Chars` skips fast too), instead of decoding backwards one at a time.
pub(crate) fn nth_char_back(s: &str, n: usize) -> Option<usize> {
    let mut start = s.len().saturating_sub(3 * (n + 1));
    while !s.is_char_boundary(start) {
        start += 1;
    }
    let tail = &s[start..];
    let count = tail.chars().count();
    if count > n {
        return tail.char_indices().nth(count - (n + 1)).map(|(k, _)| start + k);
    }
    if start == 0 {
        return None;
    }
    // Four-byte characters in the tail: the slow way.
    s.char_indices().rev().nth(n).map(|(k, _)| k)
}

/// `s.char_indices().nth(n)`'s offset, or `s.len()` when `s` has `n`
/// characters or fewer: the byte length of `s`'s first `n` characters.
/// Whole 16-byte blocks are counted (non-continuation bytes, a count the
/// compiler vectorises) while they cannot hold the character sought.
pub(crate) fn char_prefix_len(s: &str, n: usize) -> usize {
    let b = s.as_bytes();
    // n bytes or fewer hold n characters or fewer.
    if b.len() <= n {
        return b.len();
    }
    let is_start = |c: &u8| (*c as i8) >= -0x40;
    let (mut i, mut seen) = (0, 0);
    while i + 16 <= b.len() && seen + 16 <= n {
        seen += b[i..i + 16].iter().filter(|c| is_start(c)).count();
        i += 16;
    }
    while i < b.len() {
        if is_start(&b[i]) {
            if seen == n {
                return i;
            }
            seen += 1;
        }
        i += 1;
    }
    b.len()
}

/// `s.split('\n')`, the line breaks found with memchr.
pub(crate) fn split_lines(s: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', s.as_bytes()).map(Some).chain([None]).map(move |nl| {
        let end = nl.unwrap_or(s.len());
        let line = &s[start..end];
        start = end + 1;
        line
    })
}

/// Add scalar value `u` to a [`CharSet`] table (beyond the BMP: ignored).
const fn insert(t: &mut [u64; 1024], u: u32) {
    if u < 0x10000 {
        t[(u >> 6) as usize] |= 1 << (u & 63);
    }
}

/// The scalar value at byte `i` of valid UTF-8 `s` (a char boundary) and
/// its length in bytes.
#[inline(always)]
const fn decode(s: &[u8], i: usize) -> (u32, usize) {
    let b = s[i];
    if b < 0x80 {
        (b as u32, 1)
    } else if b < 0xe0 {
        ((((b & 0x1f) as u32) << 6) | (s[i + 1] & 0x3f) as u32, 2)
    } else if b < 0xf0 {
        ((((b & 0x0f) as u32) << 12) | (((s[i + 1] & 0x3f) as u32) << 6) | (s[i + 2] & 0x3f) as u32, 3)
    } else {
        (
            (((b & 0x07) as u32) << 18)
                | (((s[i + 1] & 0x3f) as u32) << 12)
                | (((s[i + 2] & 0x3f) as u32) << 6)
                | (s[i + 3] & 0x3f) as u32,
            4,
        )
    }
}

/// The character at byte `i` of `s` (a char boundary) and its length,
/// decoded straight from the bytes.
#[inline(always)]
pub(crate) fn char_at(s: &[u8], i: usize) -> (char, usize) {
    let (u, n) = decode(s, i);
    (char::from_u32(u).unwrap_or('\u{fffd}'), n)
}

/// Several word lists searched in one pass: which of them occur in a text.
///
/// The pass steps through the text a character at a time and looks each one
/// up in the set of the words' first characters (one bit test); only where a
/// word may start are the words with that first character compared. On
/// sentences this beats an overlapping Aho-Corasick automaton, whose table
/// walk costs a dependent load per byte.
pub(crate) struct WordLists {
    lists: &'static [&'static [&'static str]],
    index: OnceLock<WordIndex>,
}

struct WordIndex {
    /// First characters of all the words.
    firsts: Box<CharSet>,
    /// Every word with its first character and the bit of its list, sorted
    /// by first character.
    words: Vec<(char, &'static str, u32)>,
}

impl WordLists {
    /// Lists searched together (at most 32; words within the Basic
    /// Multilingual Plane, not empty).
    pub(crate) const fn new(lists: &'static [&'static [&'static str]]) -> Self {
        WordLists { lists, index: OnceLock::new() }
    }
    fn index(&self) -> &WordIndex {
        self.index.get_or_init(|| {
            let mut words = Vec::new();
            for (i, list) in self.lists.iter().enumerate() {
                for &w in *list {
                    let first = w.chars().next().expect("word lists hold no empty word");
                    assert!((first as u32) < 0x10000, "word list first characters are in the BMP: {w}");
                    words.push((first, w, 1u32 << i));
                }
            }
            words.sort_by_key(|w| w.0);
            let all: Vec<&str> = words.iter().map(|w| w.1).collect();
            WordIndex { firsts: Box::new(CharSet::firsts(&all)), words }
        })
    }
    /// Bit `i` set when some word of list `i` occurs in `s`.
    pub(crate) fn in_text(&self, s: &str) -> u32 {
        let mut bits = 0;
        self.each(s, |_, _, bit| bits |= bit);
        bits
    }
    /// Every occurrence in `s` of every word (overlapping ones too), in order
    /// of position: `f(offset, word, bit of its list)`.
    #[inline]
    pub(crate) fn each(&self, s: &str, mut f: impl FnMut(usize, &'static str, u32)) {
        let ix = self.index();
        let b = s.as_bytes();
        let mut i = 0;
        loop {
            i = skip_until(b, i, b.len(), &ix.firsts, true);
            if i >= b.len() {
                break;
            }
            let (c, n) = char_at(b, i);
            let k = ix.words.partition_point(|w| w.0 < c);
            for &(_, w, bit) in ix.words[k..].iter().take_while(|w| w.0 == c) {
                if b[i..].starts_with(w.as_bytes()) {
                    f(i, w, bit);
                }
            }
            i += n;
        }
    }
}

/// A fixed list of words asked "is this word one of them?" many times (the
/// words jieba cut, looked up in the actor rule's lists): one FNV hash and
/// one comparison instead of a comparison with every word of the list.
pub(crate) struct WordSet {
    words: &'static [&'static str],
    set: OnceLock<std::collections::HashSet<&'static str, FnvBuild>>,
}

impl WordSet {
    /// The set of `words`, built on first use.
    pub(crate) const fn new(words: &'static [&'static str]) -> Self {
        WordSet { words, set: OnceLock::new() }
    }
    /// Is `w` one of the words?
    pub(crate) fn contains(&self, w: &str) -> bool {
        self.set.get_or_init(|| self.words.iter().copied().collect()).contains(w)
    }
}

/// 64-bit FNV-1a, as a [`std::hash::Hasher`]: for short keys of our own
/// (no untrusted input), where SipHash's setup costs more than the hashing,
/// and for ids that must stay the same from run to run and release to
/// release.
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

/// Hash maps keyed by [`Fnv`] (small keys on the hot paths; no SipHash).
pub(crate) type FnvBuild = std::hash::BuildHasherDefault<Fnv>;

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// In `inner`, the text after an opening bracket (`(` or `（`), the byte
/// offset of the bracket that closes it, counting brackets opened inside;
/// `None` when it never closes.
pub(crate) fn bracket_close(inner: &str) -> Option<usize> {
    let mut depth = 1;
    for (k, c) in inner.char_indices() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// Byte offset of the last occurrence of `needle` in `hay` (as `str::rfind`):
/// memrchr for the needle's last byte, then a check of the bytes before it.
pub(crate) fn rfind_str(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&last) = n.last() else { return Some(h.len()) };
    let mut end = h.len();
    while let Some(p) = memchr::memrchr(last, &h[..end]) {
        if p + 1 >= n.len() && &h[p + 1 - n.len()..=p] == n {
            return Some(p + 1 - n.len());
        }
        end = p;
    }
    None
}

/// Byte offset of the first occurrence of `needle` in `hay` (as `str::find`):
/// memchr for the needle's last byte, then a check of the bytes before it.
/// (For a yes/no answer with a `&str` needle `str::contains` is faster still;
/// with a `char` needle this is faster.)
pub(crate) fn find_str(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some(&last) = n.last() else { return Some(0) };
    if n.len() > h.len() {
        return None;
    }
    let mut from = n.len() - 1;
    while let Some(p) = memchr::memchr(last, &h[from..]) {
        let e = from + p;
        if &h[e + 1 - n.len()..=e] == n {
            return Some(e + 1 - n.len());
        }
        from = e + 1;
    }
    None
}

/// Does `hay` end with `needle`? (Compares the last byte first, so most
/// misses cost one comparison.)
pub(crate) fn ends_with_str(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    n.is_empty() || (n.len() <= h.len() && n.last() == h.last() && &h[h.len() - n.len()..] == n)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// split_lines is split('\n').
        #[test]
        fn split_lines_is_split(s in "[\n\r一a ]{0,30}") {
            proptest::prop_assert_eq!(split_lines(&s).collect::<Vec<_>>(), s.split('\n').collect::<Vec<_>>());
        }

        /// char_prefix_len is char_indices().nth(n), or the length.
        #[test]
        fn char_prefix_len_is_nth(s in "[一二a1é𠀀，]{0,80}", n in 0usize..90) {
            let want = s.char_indices().nth(n).map_or(s.len(), |(k, _)| k);
            proptest::prop_assert_eq!(char_prefix_len(&s, n), want);
        }

        /// skip_until (four characters at a time where it can) stops where
        /// a character-by-character scan stops, from any boundary, below
        /// any end, for members and non-members alike.
        #[test]
        fn skip_until_is_a_plain_scan(
            s in "[一二三四五六七八九十，。一-龥a1é𠀀]{0,60}",
            set in "[一二三四五，a]{0,4}",
            from in 0usize..70,
            to in 0usize..70,
            member in proptest::bool::ANY,
        ) {
            let set = CharSet::of(&set);
            let bounds: Vec<usize> = s.char_indices().map(|(k, _)| k).chain([s.len()]).collect();
            let i = bounds[from % bounds.len()];
            let end = bounds[to % bounds.len()].max(i);
            let plain = s[i..end].char_indices().find(|&(_, c)| set.has(c) == member).map_or(end, |(k, _)| i + k);
            proptest::prop_assert_eq!(skip_until(s.as_bytes(), i, end, &set, member), plain);
        }

        /// nth_char_back agrees with char_indices on strings of one- to
        /// four-byte characters.
        #[test]
        fn nth_char_back_is_char_indices(s in "[a-z0-9，。一-龥é𠀀-𠀉 ]{0,80}", n in 0usize..90) {
            proptest::prop_assert_eq!(nth_char_back(&s, n), s.char_indices().rev().nth(n).map(|(k, _)| k));
        }
    }

    #[test]
    fn same_as_std() {
        let hays = ["", "达到", "力争达到90%，不低于85%", "不少于不少于", "ab不少于cd", "至少听取1次汇报"];
        let needles = ["", "达到", "不少于", "于", "%", "汇报", "听取1次汇报更多"];
        for h in hays {
            for n in needles {
                assert_eq!(rfind_str(h, n), h.rfind(n), "rfind {n:?} in {h:?}");
                assert_eq!(find_str(h, n), h.find(n), "find {n:?} in {h:?}");
                assert_eq!(ends_with_str(h, n), h.ends_with(n), "ends_with {n:?} in {h:?}");
            }
        }
        for h in hays.iter().chain(&["𠀀a¢€"]) {
            let mut i = 0;
            for (k, c) in h.char_indices() {
                assert_eq!((k, char_at(h.as_bytes(), i)), (i, (c, c.len_utf8())));
                i += c.len_utf8();
            }
        }
        static SET: CharSet = CharSet::firsts(&["不少于", "达到", "%", ""]);
        assert!(SET.has('不') && SET.has('达') && SET.has('%') && !SET.has('少') && !SET.has('𠀀'));
        static LASTS: CharSet = CharSet::lasts(&["不少于", "达到", "%", ""]);
        assert!(LASTS.has('于') && LASTS.has('到') && LASTS.has('%') && !LASTS.has('不'));
        static CHARS: CharSet = CharSet::of("a¢€𠀀");
        assert!(CHARS.has('a') && CHARS.has('¢') && CHARS.has('€') && !CHARS.has('b') && !CHARS.has('𠀀'));
        static LISTS: WordLists = WordLists::new(&[&["不少于", "达到"], &["%"], &["少于"]]);
        for h in hays {
            let want = [&["不少于", "达到"][..], &["%"], &["少于"]]
                .iter()
                .enumerate()
                .filter(|(_, l)| l.iter().any(|w| h.contains(w)))
                .fold(0, |b, (i, _)| b | 1 << i);
            assert_eq!(LISTS.in_text(h), want, "{h:?}");
        }
    }
}

/// A figure as people write it in Chinese text: 12000000 → 1200万,
/// 1.3e12 → 1.3万亿, 5.5 → 5.5, 0.33333 → 0.33333 (at most five decimals,
/// trailing zeros dropped).
pub(crate) fn chinese_figure(x: f64) -> String {
    fn plain(x: f64) -> String {
        if x.fract() == 0.0 && x.abs() < 1e15 {
            format!("{}", x as i64)
        } else {
            let s = format!("{x:.5}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }
    let a = x.abs();
    if a >= 1e12 {
        format!("{}万亿", plain(x / 1e12))
    } else if a >= 1e8 {
        format!("{}亿", plain(x / 1e8))
    } else if a >= 1e4 && (x / 1e4 * 1e4 - x).abs() < 1e-6 {
        format!("{}万", plain(x / 1e4))
    } else {
        plain(x)
    }
}

#[cfg(test)]
mod figure_tests {
    use super::chinese_figure;

    #[test]
    fn as_people_write_them() {
        let rows: &[(f64, &str)] = &[
            (12_000_000.0, "1200万"),
            (13_140_000.0, "1314万"),
            (1.3e12, "1.3万亿"),
            (7.44e13, "74.4万亿"),
            (3.279e11, "3279亿"),
            (5.5, "5.5"),
            (4.0, "4"),
            (0.33333, "0.33333"),
            (9999.0, "9999"),
            (10_000.0, "1万"),
            (25_300.0, "2.53万"),
        ];
        for (x, want) in rows {
            assert_eq!(chinese_figure(*x), *want, "{x}");
        }
    }
}
