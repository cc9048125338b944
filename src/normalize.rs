//! The normalised view that analysis sees, with a map back to the source.
//!
//! Every byte of the view knows the source byte range of the character(s)
//! it came from, so any range of the view maps back to the exact source text
//! ([`Normalized::to_source`]). One pass, O(n). Canonical forms:
//!
//! - Full-width ASCII digits, letters and `％ ＋ ． ／ ＝ ＜ ＞` become ASCII;
//!   full-width brackets `（ ）` become `( )`. Chinese `，；：！？` stay full-width
//!   and their ASCII forms become full-width next to a CJK character.
//! - Range dashes and tildes between two figures (`3—5个`, `3～5个`) become `-`.
//! - Redaction marks (`x X ｘ Ｘ × * ＊ ※`) that are not part of a Latin word
//!   become `X`, one per mark (`＊＊＊党组` → `XXX党组`, `x次` → `X次`).
//! - Traditional characters become simplified, one for one (黨風廉政 → 党风廉政),
//!   with fast2s's character table.
//! - White space disappears, except one space between two ASCII letters or
//!   digits; so `亲 自` → `亲自`, `不少于 4 次` → `不少于4次`.
//! - `\r\n` and `\r` become `\n`; blank lines collapse. A single line break
//!   is removed when a line was merely wrapped: the line before is at least
//!   20 characters, ends without terminal punctuation and is no heading, and
//!   the next line is neither a heading nor indented.

use crate::util::CharSet;
use std::ops::Range;
use std::sync::OnceLock;

/// Normalised text plus a map from each of its characters back to the
/// source byte range it came from.
///
/// The map is kept in segments: most of a document passes through unchanged,
/// so a run of characters copied as they are, one after another, is one
/// segment (source = normalised + a constant); every other character (a
/// full-width digit made ASCII, a break standing for several, a character
/// after dropped white space) opens a segment of its own. Lookups are a
/// binary search, and memory stays a small fraction of the text.
#[derive(Debug, Clone)]
pub struct Normalized {
    text: String,
    /// Segments by normalised start offset, ascending.
    segs: Vec<Seg>,
    /// Length of the source text.
    source_len: usize,
}

/// Where the source text of normalised bytes `norm..` (up to the next
/// segment) comes from.
#[derive(Debug, Clone, Copy)]
struct Seg {
    /// Normalised start.
    norm: u32,
    /// Source start.
    src: u32,
    /// Source end of this one changed character, or [`COPIED`] for a run of
    /// characters copied unchanged (their source is `src + (x - norm)`).
    src_end: u32,
}

const COPIED: u32 = u32::MAX;

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}')
}

fn is_mark(c: char) -> bool {
    matches!(c, 'x' | 'X' | 'ｘ' | 'Ｘ' | '×' | '*' | '＊' | '※')
}

fn is_figure(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c) || "零一二两三四五六七八九十百千万".contains(c) || c == 'X'
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '－' | '–' | '—' | '―' | '～' | '~' | '〜')
}

/// Does a line end a sentence (terminal punctuation, a closing quote or
/// bracket)?
fn ends_sentence(line: &str) -> bool {
    line.ends_with(|e: char| "。！？；：”」』》)）】!?;:".contains(e))
}

/// Zero-width characters a web page leaves between lines (ZWSP, ZWNJ, ZWJ,
/// word joiner).
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}')
}

/// Does `rest` open with a line of one to four digits and points, ended by
/// a line break (the `2` of 广义货币M / 2 / 增长)? Reads five bytes at most.
fn is_script_line(rest: &[u8]) -> bool {
    let head = &rest[..rest.len().min(5)];
    head.iter()
        .position(|&c| c == b'\n' || c == b'\r')
        .is_some_and(|p| p >= 1 && head[..p].iter().all(|c| c.is_ascii_digit() || *c == b'.'))
}

fn is_space(c: char) -> bool {
    c != '\n' && c != '\r' && c.is_whitespace() || c == '\u{feff}'
}

/// [`is_plain_char`] for every character of the Basic Multilingual Plane,
/// one bit each (8 KB): the main loop asks once per character.
#[inline]
fn plain_char(c: char) -> bool {
    static SET: OnceLock<Box<CharSet>> = OnceLock::new();
    if c as u32 >= 0x10000 {
        return is_plain_char(c);
    }
    SET.get_or_init(|| CharSet::matching(is_plain_char)).has(c)
}

/// A character that no rule of the main loop touches.
fn is_plain_char(c: char) -> bool {
    !matches!(c, '\r' | '\n' | ',' | ';' | ':' | '!' | '?')
        && !is_space(c)
        && !is_mark(c)
        && !is_dash(c)
        && canon(c) == c
}

/// Map one character to its canonical form (before context rules).
fn canon(c: char) -> char {
    match c {
        '０'..='９'
        | 'Ａ'..='Ｚ'
        | 'ａ'..='ｚ'
        | '％'
        | '＋'
        | '．'
        | '／'
        | '＝'
        | '＜'
        | '＞'
        | '＃'
        | '＆'
        | '＠' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '（' => '(',
        '）' => ')',
        _ => c,
    }
}

/// Does a (source) line start with a heading marker: 一、 （一） (一) 1. 1、 （1） ① 第X章/节/条?
pub fn starts_heading(line: &str) -> bool {
    let line = line.trim_start_matches(is_space);
    let cn = |c: char| "一二三四五六七八九十百".contains(c);
    let mut chars = line.chars();
    let Some(c0) = chars.next() else { return false };
    if ('①'..='⑳').contains(&c0) {
        return true;
    }
    if c0 == '(' || c0 == '（' {
        // (Four characters tell: more than three inside is no marker.)
        let inner: String = chars.by_ref().take_while(|&c| c != ')' && c != '）').take(4).collect();
        return !inner.is_empty()
            && inner.chars().count() <= 3
            && inner.chars().all(|c| cn(c) || canon(c).is_ascii_digit());
    }
    if c0 == '第' {
        let rest: String = chars.take(6).collect();
        let n = rest.chars().take_while(|&c| cn(c) || c.is_ascii_digit()).count();
        return n > 0 && rest.chars().nth(n).is_some_and(|c| matches!(c, '章' | '节' | '条'));
    }
    let n = line.chars().take_while(|&c| cn(c) || canon(c).is_ascii_digit()).take(5).count();
    if n == 0 || n > 4 {
        return false;
    }
    let mut rest = line.chars().skip(n);
    match rest.next().map(canon) {
        Some('、') => true,
        Some('.') => {
            canon(line.chars().next().unwrap_or(' ')).is_ascii_digit()
                && !rest.next().is_some_and(|c| canon(c).is_ascii_digit())
        }
        _ => false,
    }
}

/// The typical width of a hard-wrapped document (PDF or fixed-width
/// export), or `None` when its lines are paragraphs. A document is
/// hard-wrapped when at least three long lines, and a third of them, end
/// without terminal punctuation; the width is the median of the long lines.
pub fn wrap_width(source: &str) -> Option<usize> {
    let mut w = WrapWidth::default();
    for line in crate::util::split_lines(source) {
        w.line(line);
    }
    w.finish()
}

/// [`wrap_width`] of a text given in pieces ([`WrapWidth::feed`]), as a
/// large input read from disk a block at a time comes: memory is bounded
/// whatever the text (its line widths are counted once there are many, and
/// a line longer than a block is summed up as it comes, not held).
#[derive(Debug, Default)]
pub struct WrapWidth {
    /// The widths of the long lines not yet counted in `counted`.
    widths: Vec<usize>,
    /// How many long lines had each width.
    counted: std::collections::BTreeMap<usize, usize>,
    /// Long lines that end without terminal punctuation and open no heading.
    open: usize,
    /// The start of a line the pieces fed so far have not ended.
    partial: String,
    /// That line, once it outgrew `partial`.
    long: Option<LongLine>,
}

/// A line too long to hold, summed up as it comes: what [`WrapWidth`]
/// reads of a line, which is its width, its last character and its opening.
#[derive(Debug, Default)]
struct LongLine {
    /// Past the white space the line opens with.
    started: bool,
    /// The characters after that white space.
    chars: usize,
    /// Its first characters (enough for [`starts_heading`]).
    head: String,
    /// White space characters at the end so far.
    trailing: usize,
    /// The last character that is not white space.
    last: Option<char>,
}

impl LongLine {
    fn extend(&mut self, s: &str) {
        for c in s.chars() {
            if !self.started {
                if c.is_whitespace() {
                    continue;
                }
                self.started = true;
            }
            self.chars += 1;
            // (The head starts where `starts_heading` starts reading.)
            if self.head.len() < 64 && !(self.head.is_empty() && is_space(c)) {
                self.head.push(c);
            }
            if c.is_whitespace() {
                self.trailing += 1;
            } else {
                self.trailing = 0;
                self.last = Some(c);
            }
        }
    }
}

/// A line is held whole up to this many bytes, then summed up.
const HELD_LINE: usize = 64 << 10;

impl WrapWidth {
    /// Count one whole line (without its line break).
    pub fn line(&mut self, line: &str) {
        let line = line.trim();
        let n = line.chars().count();
        if n >= 20 {
            let open = !ends_sentence(line) && !starts_heading(line);
            self.long_line(n, open);
        }
    }

    fn long_line(&mut self, n: usize, open: bool) {
        self.widths.push(n);
        if open {
            self.open += 1;
        }
        if self.widths.len() >= 1 << 16 {
            for w in self.widths.drain(..) {
                *self.counted.entry(w).or_default() += 1;
            }
        }
    }

    /// Count the lines of the next piece of the text (any piece: a line
    /// may run on into the next one).
    pub fn feed(&mut self, piece: &str) {
        let mut rest = piece;
        while let Some(nl) = memchr::memchr(b'\n', rest.as_bytes()) {
            let (line, after) = (&rest[..nl], &rest[nl + 1..]);
            if let Some(mut long) = self.long.take() {
                long.extend(line);
                self.end_long(long);
            } else if self.partial.is_empty() {
                self.line(line);
            } else {
                let mut whole = std::mem::take(&mut self.partial);
                whole.push_str(line);
                self.line(&whole);
            }
            rest = after;
        }
        if let Some(long) = &mut self.long {
            long.extend(rest);
        } else if self.partial.len() + rest.len() > HELD_LINE {
            let mut long = LongLine::default();
            long.extend(&std::mem::take(&mut self.partial));
            long.extend(rest);
            self.long = Some(long);
        } else {
            self.partial.push_str(rest);
        }
    }

    fn end_long(&mut self, long: LongLine) {
        let n = long.chars - long.trailing;
        if n >= 20 {
            let ends = long.last.is_some_and(|c| ends_sentence(c.encode_utf8(&mut [0; 4])));
            let open = !ends && !starts_heading(&long.head);
            self.long_line(n, open);
        }
    }

    /// The width of the text fed (its last line ended by the end of the text).
    pub fn finish(mut self) -> Option<usize> {
        if let Some(long) = self.long.take() {
            self.end_long(long);
        } else {
            let last = std::mem::take(&mut self.partial);
            self.line(&last);
        }
        let total = self.widths.len() + self.counted.values().sum::<usize>();
        if self.open < 3 || self.open * 3 < total {
            return None;
        }
        if self.counted.is_empty() {
            self.widths.sort_unstable();
            return self.widths.get(total / 2).copied();
        }
        for w in self.widths.drain(..) {
            *self.counted.entry(w).or_default() += 1;
        }
        let mut seen = 0;
        self.counted.into_iter().find_map(|(w, k)| {
            seen += k;
            (seen > total / 2).then_some(w)
        })
    }
}

/// `s` in simplified characters, one for one (區屬地區生產總值達到 →
/// 区属地区生产总值达到): for word tests on text taken as written from a
/// source in traditional characters. Borrowed when nothing converts.
pub(crate) fn simplified(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(may_convert) { std::borrow::Cow::Owned(fast2s::convert(s)) } else { std::borrow::Cow::Borrowed(s) }
}

/// Characters whose simplified form fast2s may differ from themselves: the
/// keys of its table (found by converting every three-byte character once)
/// and the ones it converts only next to certain neighbours.
#[inline]
fn may_convert(c: char) -> bool {
    static SET: OnceLock<Box<CharSet>> = OnceLock::new();
    if (c as u32) < 0x800 {
        return false;
    }
    SET.get_or_init(|| {
        let all: String = (0x800..0x10000u32).filter_map(char::from_u32).collect();
        let mut set = CharSet::empty();
        for (a, b) in all.chars().zip(fast2s::convert(&all).chars()) {
            if a != b {
                set.add(a);
            }
        }
        // Converted (or kept) only beside certain neighbours in fast2s 0.3.
        "兒覆夥藉瞭麽幺於乾著苧闔鍾讎畫".chars().for_each(|c| set.add(c));
        set
    })
    .has(c)
}

/// The characters of the Basic Multilingual Plane that pass through the
/// main loop unchanged whatever their neighbours: plain, and not one fast2s
/// may convert. One bit test each; the rest are asked [`Chars::plain_at`].
fn pure_set() -> &'static CharSet {
    static SET: OnceLock<Box<CharSet>> = OnceLock::new();
    SET.get_or_init(|| CharSet::matching(|c| is_plain_char(c) && !may_convert(c)))
}

/// The source text read a character at a time at byte offsets, each
/// character with its simplified form exactly as `fast2s::convert(source)`
/// gives it (one char for one, looking at the source neighbours), fast2s
/// being asked only about the few characters its tables know.
#[derive(Clone, Copy)]
struct Chars<'a> {
    s: &'a str,
}

impl Chars<'_> {
    /// The character at byte `i` (a boundary below the length), as written,
    /// and its length.
    #[inline(always)]
    fn orig(self, i: usize) -> (char, usize) {
        crate::util::char_at(self.s.as_bytes(), i)
    }
    /// The simplified form of the character `c` of length `len` at byte `i`.
    #[inline]
    fn simplify(self, i: usize, c: char, len: usize) -> char {
        if !may_convert(c) {
            return c;
        }
        let prev = self.s[..i].chars().next_back().unwrap_or('0');
        let next = self.s[i + len..].chars().next().unwrap_or('0');
        let window: String = [prev, c, next].iter().collect();
        fast2s::convert(&window).chars().nth(1).unwrap_or(c)
    }
    /// The simplified character at byte `i` and its length (in the source).
    #[inline]
    fn at(self, i: usize) -> (char, usize) {
        let (c, len) = self.orig(i);
        (self.simplify(i, c, len), len)
    }
    /// The end of the run of characters from byte `i` that pass through
    /// unchanged (`i` itself when the character there does not).
    #[inline]
    fn plain_run(self, mut i: usize, pure: &CharSet) -> usize {
        let b = self.s.as_bytes();
        loop {
            i = crate::util::skip_until(b, i, b.len(), pure, false);
            if i >= b.len() {
                return i;
            }
            // Not in the pure set: plain all the same when fast2s leaves it be.
            let (plain, len) = self.plain_at(i);
            if !plain {
                return i;
            }
            i += len;
        }
    }
    /// Does the character at byte `i` pass through unchanged? Its length.
    #[inline(always)]
    fn plain_at(self, i: usize) -> (bool, usize) {
        let (c, len) = self.orig(i);
        let plain = self.simplify(i, c, len) == c && plain_char(c);
        (plain, len)
    }
}

struct Builder<'a> {
    source: &'a str,
    text: String,
    segs: Vec<Seg>,
    /// Source end of the run of copied characters the text ends with.
    copied_until: Option<usize>,
    /// Where the text's last line starts (kept as the text grows, so that a
    /// long line joined from many wrapped ones is never searched again).
    line_start: usize,
    /// The characters of the last line counted so far: up to which byte, and
    /// how many.
    counted: (usize, usize),
}

impl Builder<'_> {
    fn push(&mut self, c: char, src: Range<usize>) {
        let copied = src.len() == c.len_utf8()
            && src.end <= self.source.len()
            && crate::util::char_at(self.source.as_bytes(), src.start).0 == c;
        let norm = self.text.len() as u32;
        if !copied {
            self.segs.push(Seg { norm, src: src.start as u32, src_end: src.end as u32 });
            self.copied_until = None;
        } else if self.copied_until != Some(src.start) {
            self.segs.push(Seg { norm, src: src.start as u32, src_end: COPIED });
            self.copied_until = Some(src.end);
        } else {
            self.copied_until = Some(src.end);
        }
        self.text.push(c);
        if c == '\n' {
            self.line_start = self.text.len();
        }
    }
    /// Copy `src` of the source as it is.
    fn push_copied(&mut self, src: Range<usize>) {
        if self.copied_until != Some(src.start) {
            self.segs.push(Seg { norm: self.text.len() as u32, src: src.start as u32, src_end: COPIED });
        }
        self.copied_until = Some(src.end);
        let copied = &self.source[src];
        if let Some(k) = memchr::memrchr(b'\n', copied.as_bytes()) {
            self.line_start = self.text.len() + k + 1;
        }
        self.text.push_str(copied);
    }
    fn last(&self) -> Option<char> {
        self.text.chars().next_back()
    }
    /// The text's last line and its length in characters (counted once:
    /// only what was added since the last call is counted).
    fn last_line(&mut self) -> (&str, usize) {
        if self.counted.0 < self.line_start {
            self.counted = (self.line_start, 0);
        }
        let (from, n) = self.counted;
        let total = n + self.text[from..].chars().count();
        self.counted = (self.text.len(), total);
        (&self.text[self.line_start..], total)
    }
}

impl Normalized {
    /// Normalise `source`.
    pub fn new(source: &str) -> Self {
        Self::with_wrap_width(source, wrap_width(source))
    }

    /// Normalise `source`, a part of a larger text whose lines are wrapped
    /// at `wrap_width` ([`wrap_width`] of the whole text): the lines of a
    /// part are joined as they would be in the whole.
    pub fn with_wrap_width(source: &str, wrap_width: Option<usize>) -> Self {
        let cs = Chars { s: source };
        let n = source.len();
        let mut b = Builder {
            source,
            text: String::with_capacity(source.len()),
            segs: Vec::new(),
            copied_until: None,
            line_start: 0,
            counted: (0, 0),
        };
        // `k` and `j` are byte offsets of the source, at character boundaries.
        let pure = pure_set();
        // The line just joined was a sub- or superscript (M / 2 / 增长): the
        // break after it joins too.
        let mut after_script = false;
        let mut k = 0;
        while k < n {
            // The common case: a run of characters that pass through as they are.
            let j = cs.plain_run(k, pure);
            if j > k {
                b.push_copied(k..j);
                k = j;
                continue;
            }
            let (c, len) = cs.at(k);
            let src = k..k + len;
            // Line breaks.
            if c == '\r' || c == '\n' {
                let mut j = k;
                let mut breaks = 0;
                let mut invisible = false;
                // Swallow this break and any blank lines after it.
                while j < n {
                    let (x, xl) = cs.at(j);
                    invisible |= is_invisible(x);
                    if !(x == '\r' || x == '\n' || is_space(x) || is_invisible(x)) {
                        break;
                    }
                    if x == '\n' || (x == '\r' && (j + xl >= n || cs.at(j + xl).0 != '\n')) {
                        breaks += 1;
                    }
                    j += xl;
                }
                // Breaks are ASCII, never converted: find them in the source.
                let next_line_start = source[k..j].rfind(['\n', '\r']).map_or(k, |p| k + p + 1);
                let indented = next_line_start < j;
                // A hard-wrapped line (one break, a line near the wrap width
                // not ending a sentence) goes on: the line is measured only
                // in a wrapped document.
                let wrapped = breaks == 1
                    && j < n
                    && !indented
                    && wrap_width.is_some_and(|w| {
                        let (line, line_chars) = b.last_line();
                        line_chars * 20 >= w * 17
                            && line_chars >= 20
                            && !ends_sentence(line)
                            && !starts_heading(line)
                            && !starts_heading(&source[j..])
                    });
                // A line of invisible characters only (a zero-width space left
                // by a web page's layout) inside a sentence is no paragraph
                // break: 国内生产总值达到74.4 / U+200B / 万亿元，增长6.7%.
                let soft = invisible && j < n && !starts_heading(&source[j..]) && {
                    let line = b.last_line().0;
                    !ends_sentence(line) && !starts_heading(line)
                };
                // 广义货币M / 2 / 增长11.3%, 细颗粒物（PM / 2.5 / ）浓度: a web
                // page's subscript put on a line of its own, between a Latin
                // letter and the rest of the sentence, joins both lines.
                // (The next line is read only that far: five bytes tell.)
                let script = breaks == 1
                    && j < n
                    && b.last().is_some_and(|c| c.is_ascii_alphabetic())
                    && is_script_line(&source.as_bytes()[j..]);
                let soft = soft || script || (after_script && breaks == 1 && j < n && !starts_heading(&source[j..]));
                after_script = script;
                if !wrapped && !soft && !b.text.is_empty() && b.last() != Some('\n') {
                    b.push('\n', k..next_line_start);
                }
                k = j;
                continue;
            }
            // White space: one space between two ASCII alphanumerics, else none.
            if is_space(c) {
                let mut j = k;
                while j < n {
                    let (x, xl) = cs.at(j);
                    if !is_space(x) {
                        break;
                    }
                    j += xl;
                }
                let prev = b.last();
                let next = (j < n).then(|| canon(cs.at(j).0));
                if prev.is_some_and(|p| p.is_ascii_alphanumeric()) && next.is_some_and(|x| x.is_ascii_alphanumeric()) {
                    b.push(' ', k..j);
                }
                k = j;
                continue;
            }
            // Redaction marks.
            if is_mark(c) {
                let mut j = k;
                while j < n {
                    let (x, xl) = cs.at(j);
                    if !is_mark(x) {
                        break;
                    }
                    j += xl;
                }
                let prev = b.last();
                let next = (j < n).then(|| canon(cs.at(j).0));
                let latin = |x: Option<char>| x.is_some_and(|x| x.is_ascii_alphabetic());
                let times = j == k + len
                    && c == '×'
                    && prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|x| x.is_ascii_digit());
                let redact = !(times || latin(prev) || latin(next));
                let mut m = k;
                while m < j {
                    let (x, xl) = cs.at(m);
                    b.push(if redact { 'X' } else { canon(x) }, m..m + xl);
                    m += xl;
                }
                k = j;
                continue;
            }
            let mut out = canon(c);
            // Range dashes between figures (at most two dash characters).
            if is_dash(c) {
                let prev = b.last();
                let mut j = k;
                let mut dashes = 0;
                while j < n && dashes < 2 {
                    let (x, xl) = cs.at(j);
                    if !is_dash(x) {
                        break;
                    }
                    j += xl;
                    dashes += 1;
                }
                let next = (j < n).then(|| cs.at(j).0);
                if prev.is_some_and(is_figure) && next.is_some_and(is_figure) {
                    b.push('-', k..j);
                    k = j;
                    continue;
                }
            }
            // ASCII sentence punctuation next to CJK becomes full-width.
            if matches!(c, ',' | ';' | ':' | '!' | '?') {
                let prev = b.last();
                let mut j = k + len;
                let mut next = None;
                while j < n {
                    let (x, xl) = cs.at(j);
                    if !is_space(x) {
                        next = Some(x);
                        break;
                    }
                    j += xl;
                }
                if prev.is_some_and(is_cjk) || next.is_some_and(is_cjk) {
                    out = match c {
                        ',' => '，',
                        ';' => '；',
                        ':' => '：',
                        '!' => '！',
                        _ => '？',
                    };
                }
            }
            b.push(out, src);
            k += len;
        }
        Normalized { text: b.text, segs: b.segs, source_len: source.len() }
    }

    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Map a byte range of the normalised text to the source byte range that
    /// covers exactly the characters it came from.
    pub fn to_source(&self, r: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        let (s, e) = (r.start.min(len), r.end.min(len));
        if s >= e {
            let p = self.source_offset(s);
            return p..p;
        }
        self.source_offset(s)..self.source_end(e - 1)
    }

    /// The segment holding normalised byte `x` (< text length).
    fn seg(&self, x: usize) -> Seg {
        let k = self.segs.partition_point(|g| g.norm as usize <= x);
        self.segs[k.saturating_sub(1)]
    }

    /// The source offset where the character holding normalised byte `i` starts.
    pub fn source_offset(&self, i: usize) -> usize {
        if i >= self.text.len() {
            return self.source_len;
        }
        let g = self.seg(i);
        if g.src_end != COPIED {
            return g.src as usize;
        }
        let start = (0..=i).rev().find(|&k| self.text.is_char_boundary(k)).unwrap_or(0);
        g.src as usize + (start - g.norm as usize)
    }

    /// The source offset where the character holding normalised byte `i` ends.
    fn source_end(&self, i: usize) -> usize {
        let g = self.seg(i);
        if g.src_end != COPIED {
            return g.src_end as usize;
        }
        let end = (i + 1..=self.text.len()).find(|&k| self.text.is_char_boundary(k)).unwrap_or(self.text.len());
        g.src as usize + (end - g.norm as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` fed to [`WrapWidth`] in pieces of `sizes` bytes (cycled, each
    /// moved back to a character boundary).
    fn fed(text: &str, sizes: &[usize]) -> Option<usize> {
        let mut w = WrapWidth::default();
        let (mut at, mut k) = (0, 0);
        while at < text.len() {
            let mut end = (at + sizes[k % sizes.len()].max(1)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            w.feed(&text[at..end]);
            at = end;
            k += 1;
        }
        w.finish()
    }

    #[test]
    fn wrap_width_fed_in_pieces_is_the_whole_texts() {
        let para = "各乡镇每季度开展安全检查不少于2次，督查结果纳入年度考核，";
        let wrapped: String = para
            .repeat(400)
            .chars()
            .collect::<Vec<_>>()
            .chunks(33)
            .map(|l| l.iter().collect::<String>() + "\r\n")
            .collect();
        // More long lines than are held one by one (their widths counted).
        let many = "　　一、总体要求\n".to_string() + &wrapped.repeat(200) + "年内完成。";
        // A line longer than is held, with white space around it.
        let long = format!("　 {}x \n{}\n{}", para.repeat(5000), "末行很短。", wrapped);
        let paragraphs = format!("{}。\n", para).repeat(50);
        // A long heading line opened by byte-order marks (which
        // `starts_heading` reads past), among lines that end open.
        let marked = format!("{}一、{}\n{}", "\u{feff}".repeat(30), para.repeat(1000), wrapped.repeat(2));
        for text in [&wrapped, &many, &long, &paragraphs, &marked, "", "\n\n"] {
            let whole = wrap_width(text);
            for sizes in [&[1usize][..], &[7, 100], &[4096], &[70_000, 3]] {
                if sizes == [1] && text.len() > 200_000 {
                    continue;
                }
                assert_eq!(fed(text, sizes), whole, "{sizes:?} of {} bytes", text.len());
            }
        }
        assert_eq!(wrap_width(&wrapped), Some(33));
        assert!(many.lines().count() > 1 << 16 && wrap_width(&many) == Some(33));
        assert_eq!(wrap_width(&paragraphs), None);
    }

    #[test]
    fn simplified_as_fast2s() {
        let rows = [
            "黨風廉政建設責任書，各級黨組織要切實履行主體責任",
            "慰藉與藉口，看著計畫與企畫，乾隆年間乾淨的回覆與答覆",
            "苧麻、闔家、鍾書、校讎，於是兒寬甚夥",
            "藉",
            "著",
            "简体字不变：约谈面达到100%",
            "",
        ];
        for s in rows {
            let cs = Chars { s };
            let ours: String = s.char_indices().map(|(i, _)| cs.at(i).0).collect();
            assert_eq!(ours, fast2s::convert(s), "{s}");
        }
    }

    #[test]
    fn table() {
        let rows: &[(&str, &str, &str)] = &[
            ("fullwidth_digit", "不少于４次", "不少于4次"),
            ("fullwidth_pct", "达到１００％", "达到100%"),
            ("paren", "（一）认真履行", "(一)认真履行"),
            ("space_in_word", "亲 自部署", "亲自部署"),
            ("space_in_figure", "不少于 4 次", "不少于4次"),
            ("latin_space", "Hello world", "Hello world"),
            ("redact_star", "＊＊＊党组", "XXX党组"),
            ("redact_lower", "开展x次", "开展X次"),
            ("redact_spaced", "中共 x 县委", "中共X县委"),
            ("latin_x", "Excel表格", "Excel表格"),
            ("times", "3×4", "3×4"),
            ("range_dash", "3—5个", "3-5个"),
            ("range_tilde", "3～5个", "3-5个"),
            ("double_dash", "1——2次", "1-2次"),
            ("ascii_comma", "党纪》,严格", "党纪》，严格"),
            ("decimal", "1.3万亿斤", "1.3万亿斤"),
            (
                "zwsp_line",
                "国内生产总值达到74.4\n\u{200b}\n万亿元，增长6.7%。",
                "国内生产总值达到74.4万亿元，增长6.7%。",
            ),
            ("subscript_line", "广义货币M\n2\n增长11.3%，低于预期", "广义货币M2增长11.3%，低于预期"),
            ("subscript_decimal", "细颗粒物（PM\n2.5\n）浓度下降", "细颗粒物(PM2.5)浓度下降"),
            ("no_subscript", "第一项\n2\n增长", "第一项\n2\n增长"),
            ("zwsp_after_sentence", "增长6.7%。\n\u{200b}\n二、今年目标", "增长6.7%。\n二、今年目标"),
            ("trad", "黨風廉政建設不少於4次", "党风廉政建设不少于4次"),
            ("crlf", "第一行结束。\r\n第二行", "第一行结束。\n第二行"),
            ("blank_lines", "标题\n\n\n正文", "标题\n正文"),
            ("indent", "　　一、总体思路", "一、总体思路"),
            (
                "wrapped",
                "这是一段被排版软件在固定宽度处折断的很长的句子而且\n没有结束的标点所以每一行都在同一个宽度处断开了这\n样一直持续到段落的最后一行为止才会出现真正的句号\n结束。",
                "这是一段被排版软件在固定宽度处折断的很长的句子而且没有结束的标点所以每一行都在同一个宽度处断开了这样一直持续到段落的最后一行为止才会出现真正的句号结束。",
            ),
            (
                "title_not_joined",
                "XX县市场监督管理局2023年工作总结和2024年工作打算\n2023年，我局在县委的领导下。",
                "XX县市场监督管理局2023年工作总结和2024年工作打算\n2023年，我局在县委的领导下。",
            ),
            (
                "heading_not_joined",
                "一、班子成员党风廉政建设责任主体责任很长的标题内容\n(一)对分管部门",
                "一、班子成员党风廉政建设责任主体责任很长的标题内容\n(一)对分管部门",
            ),
        ];
        for (name, src, want) in rows {
            let n = Normalized::new(src);
            assert_eq!(n.text(), *want, "{name}");
        }
    }

    #[test]
    fn offsets_map_back() {
        let src = "不少于 ４ 次，＊＊党组";
        let n = Normalized::new(src);
        let t = n.text();
        let k = t.find('4').unwrap();
        assert_eq!(&src[n.to_source(k..k + 1)], "４");
        let k = t.find("XX").unwrap();
        assert_eq!(&src[n.to_source(k..k + 2)], "＊＊");
        assert_eq!(&src[n.to_source(0..t.len())], src);
    }
}
