//! Requirement ids that follow the obligation, not the file.
//!
//! An id is a 64-bit FNV-1a hash (16 hex digits) of:
//!
//! 1. the document's identity: its title, issuer and year when the text
//!    gives a title ([`crate::model::DocumentMeta`]), else its file name, so
//!    the same directive saved under another name keeps its ids;
//! 2. the sentence's normalised text with every figure masked (a run of
//!    digits or Chinese numerals becomes `#`, white space is dropped), so
//!    editing one figure of a sentence keeps the ids of all its requirements;
//! 3. how many times the same masked sentence came before in the document
//!    (two identical sentences still give distinct ids);
//! 4. the requirement's slot: the ordinal of its figure among the sentence's
//!    accepted figures, or of its deadline among the sentence's deadlines for
//!    a deadline-only requirement.
//!
//! What changes an id: a new title, issuer or year; a word of the sentence
//! other than a figure; a figure added before it in the same sentence.

use crate::model::DocumentMeta;
use crate::util::{CharSet, Fnv, FnvBuild, char_at};
use std::collections::HashMap;
use std::hash::Hasher;

/// Is `c` part of a figure (digits, a decimal point between digits is
/// handled by the caller, Chinese numerals)?
fn is_figure_char(c: char) -> bool {
    matches!(
        c,
        '0'..='9'
            | '０'..='９'
            | '〇'
            | '零'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '亿'
            | '两'
            | '壹'
            | '贰'
            | '叁'
            | '肆'
            | '伍'
            | '陆'
            | '柒'
            | '捌'
            | '玖'
            | '拾'
            | '佰'
            | '仟'
    )
}

/// The hash of [`mask`]`(sentence)`, computed as the sentence is read (no
/// copy of it is made: this runs for every sentence that gives a
/// requirement). Runs of characters kept as they are go to the hash in one
/// write each (FNV reads them a byte at a time all the same).
fn masked_hash(sentence: &str) -> u64 {
    static FIGURE: CharSet =
        CharSet::of("0123456789０１２３４５６７８９〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟");
    let b = sentence.as_bytes();
    let mut h = Fnv::default();
    let mut in_figure = false;
    // Where the run of kept bytes not yet hashed starts.
    let mut run: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        let (c, n) = char_at(b, i);
        if c.is_whitespace() {
            if let Some(r) = run.take() {
                h.write(&b[r..i]);
            }
            i += n;
            continue;
        }
        // A decimal point or thousands comma inside a figure: the next
        // character that is not white space is a digit.
        let joiner = || {
            let mut j = i + n;
            while j < b.len() {
                let (d, m) = char_at(b, j);
                if !d.is_whitespace() {
                    return d.is_ascii_digit() || ('０'..='９').contains(&d);
                }
                j += m;
            }
            false
        };
        if FIGURE.has(c) || (matches!(c, '.' | ',') && in_figure && joiner()) {
            if let Some(r) = run.take() {
                h.write(&b[r..i]);
            }
            if !in_figure {
                h.write(b"#");
            }
            in_figure = true;
        } else {
            in_figure = false;
            run.get_or_insert(i);
        }
        i += n;
    }
    if let Some(r) = run {
        h.write(&b[r..]);
    }
    h.finish()
}

/// The sentence as the id sees it: white space dropped, every run of
/// figure characters (with decimal points and thousands commas inside it)
/// replaced by one `#`.
pub fn mask(sentence: &str) -> String {
    let mut out = String::with_capacity(sentence.len());
    let chars: Vec<char> = sentence.chars().filter(|c| !c.is_whitespace()).collect();
    let mut in_figure = false;
    for (i, &c) in chars.iter().enumerate() {
        let joiner = matches!(c, '.' | ',')
            && in_figure
            && chars.get(i + 1).is_some_and(|n| n.is_ascii_digit() || ('０'..='９').contains(n));
        if is_figure_char(c) || joiner {
            if !in_figure {
                out.push('#');
            }
            in_figure = true;
        } else {
            in_figure = false;
            out.push(c);
        }
    }
    out
}

/// The identity of a document: title, issuer and year when a title is
/// known, else the file name (without its folder).
pub fn doc_identity(meta: &DocumentMeta, name: &str) -> String {
    match meta.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(title) => {
            let title: String = title.chars().filter(|c| !c.is_whitespace()).collect();
            let issuer = meta.issuer.as_deref().unwrap_or("");
            let year = meta.year.map(|y| y.to_string()).unwrap_or_default();
            format!("title:{title}\u{1f}{issuer}\u{1f}{year}")
        }
        None => {
            let base = std::path::Path::new(name).file_name().map(|s| s.to_string_lossy().into_owned());
            format!("file:{}", base.unwrap_or_default())
        }
    }
}

/// A stable 16-hex-digit hash of a text (for UIDs derived from an identity).
pub fn short_hash(text: &str) -> String {
    let mut h = Fnv::default();
    feed(&mut h, text);
    format!("{:016x}", mix(h.finish()))
}

fn feed(h: &mut Fnv, p: &str) {
    h.write(p.as_bytes());
    h.write(&[0xff]);
}

/// 16 lower-case hex digits (what `format!("{:016x}")` gives, without the
/// formatting machinery: this runs once per requirement).
fn hex16(v: u64) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 16];
    for (k, d) in out.iter_mut().enumerate() {
        *d = HEX[((v >> ((15 - k) * 4)) & 0xf) as usize];
    }
    out.iter().map(|&d| char::from(d)).collect()
}

/// A final mix (splitmix64's), so ids that differ only in their last
/// part do not look alike (FNV changes little of its state per last byte).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The ids of one document, sentence by sentence.
pub struct Ids {
    doc: Fnv,
    /// How many times each masked sentence was seen (by its hash).
    seen: HashMap<u64, usize, FnvBuild>,
}

/// The ids of one sentence's requirements.
#[derive(Clone, Copy)]
pub struct SentenceIds(Fnv);

impl Ids {
    /// Ids for the document with this metadata and input name.
    pub fn new(meta: &DocumentMeta, name: &str) -> Self {
        let mut doc = Fnv::default();
        feed(&mut doc, &doc_identity(meta, name));
        Ids { doc, seen: HashMap::default() }
    }

    /// The ids of the next sentence (call once per sentence that gives
    /// requirements, in document order).
    pub fn sentence(&mut self, normalised: &str) -> SentenceIds {
        let key = masked_hash(normalised);
        let n = self.seen.entry(key).or_insert(0);
        let occurrence = *n;
        *n += 1;
        let mut h = self.doc;
        h.write(&key.to_le_bytes());
        h.write(&occurrence.to_le_bytes());
        SentenceIds(h)
    }
}

impl SentenceIds {
    fn slot(self, tag: u8, ordinal: usize) -> String {
        let mut h = self.0;
        h.write(&[tag]);
        h.write(&ordinal.to_le_bytes());
        hex16(mix(h.finish()))
    }

    /// The id of the sentence's figure number `ordinal` (from 0, among the accepted figures).
    pub fn figure(self, ordinal: usize) -> String {
        self.slot(b'f', ordinal)
    }

    /// The id of the sentence's deadline number `ordinal` (from 0), for a deadline-only requirement.
    pub fn deadline(self, ordinal: usize) -> String {
        self.slot(b'd', ordinal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_as_format() {
        for v in [0, 1, 0xdead_beef, u64::MAX, 0x0123_4567_89ab_cdef] {
            assert_eq!(hex16(v), format!("{v:016x}"));
        }
    }

    proptest::proptest! {
        /// The hash read off the sentence is the hash of its mask.
        #[test]
        fn masked_hash_is_the_hash_of_the_mask(s in "[一二十百两a是次 \u{3000}\t.,，１2３0%]{0,24}") {
            let mut h = Fnv::default();
            h.write(mask(&s).as_bytes());
            proptest::prop_assert_eq!(masked_hash(&s), h.finish());
        }
    }

    #[test]
    fn the_hash_is_of_the_masked_sentence() {
        for s in ["每年开展廉政学习不少于12次，廉政测试不少于1次。", "增长 6.7 %，达到1,234.5万元", "", "一是"]
        {
            let mut h = Fnv::default();
            h.write(mask(s).as_bytes());
            assert_eq!(masked_hash(s), h.finish(), "{s}");
        }
    }

    fn meta(title: Option<&str>, issuer: Option<&str>, year: Option<i32>) -> DocumentMeta {
        DocumentMeta {
            title: title.map(String::from),
            issuer: issuer.map(String::from),
            year,
            genre: crate::model::Genre::Plan,
            doc_type: None,
            period: None,
        }
    }

    #[test]
    fn masks_every_figure() {
        for (name, input, want) in [
            (
                "arabic",
                "每年开展廉政学习不少于12次，廉政测试不少于1次。",
                "每年开展廉政学习不少于#次，廉政测试不少于#次。",
            ),
            ("decimal", "增长5.2%，达到3,400亿元", "增长#%，达到#元"),
            ("chinese", "年内开展三次督查", "年内开展#次督查"),
            ("mixed", "减少1240万人", "减少#人"),
            ("space", "不少于 4 次", "不少于#次"),
            ("full-width", "不少于１２次", "不少于#次"),
            ("full stop kept", "完成12.", "完成#."),
        ] {
            assert_eq!(mask(input), want, "{name}");
        }
    }

    #[test]
    fn ids_follow_the_obligation() {
        let m = meta(Some("县纪委2022年工作要点"), Some("县纪委"), Some(2022));
        let s = "每年开展廉政学习不少于12次，廉政测试不少于1次。";
        let id = |meta: &DocumentMeta, name: &str, sentence: &str, k: usize| {
            Ids::new(meta, name).sentence(sentence).figure(k)
        };
        let base = id(&m, "a.txt", s, 1);
        let cases: [(&str, String, bool); 7] = [
            ("file renamed", id(&m, "b/renamed.docx", s, 1), true),
            ("other figure edited", id(&m, "a.txt", &s.replace("12次", "15次"), 1), true),
            ("own figure edited", id(&m, "a.txt", &s.replace("1次。", "2次。"), 1), true),
            ("other slot", id(&m, "a.txt", s, 0), false),
            ("words edited", id(&m, "a.txt", &s.replace("廉政测试", "廉政考试"), 1), false),
            ("other year", id(&meta(Some("县纪委2022年工作要点"), Some("县纪委"), Some(2023)), "a.txt", s, 1), false),
            ("no title: the file name counts", id(&meta(None, Some("县纪委"), Some(2022)), "a.txt", s, 1), false),
        ];
        for (name, other, same) in cases {
            assert_eq!(other == base, same, "{name}");
        }
        let untitled = meta(None, None, None);
        assert_ne!(id(&untitled, "a.txt", s, 1), id(&untitled, "b.txt", s, 1));
        assert_eq!(base.len(), 16);
    }

    #[test]
    fn repeated_sentences_and_deadlines_get_distinct_ids() {
        let m = meta(Some("工作要点"), None, None);
        let mut ids = Ids::new(&m, "a.txt");
        let first = ids.sentence("开展督查不少于2次。");
        let second = ids.sentence("开展督查不少于3次。");
        assert_ne!(first.figure(0), second.figure(0));
        assert_ne!(first.figure(0), first.deadline(0));
        // The same document read again gives the same ids.
        let mut again = Ids::new(&m, "a.txt");
        assert_eq!(again.sentence("开展督查不少于2次。").figure(0), first.figure(0));
        assert_eq!(again.sentence("开展督查不少于2次。").figure(0), second.figure(0));
    }
}
