//! Deadlines: 6月底前, 年底前, 第三季度末前, 2023年12月31日前, X月X日前,
//! resolved with the document year. Clock times (X点前), weekdays and dates
//! of past events carry no 前 and are not deadlines.

use super::context::SentenceCtx;
use crate::model::Deadline;
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// A deadline found in the normalised text.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Range in the normalised text.
    pub range: Range<usize>,
    /// ISO date; `None` when redacted, recurring or unresolvable.
    pub date: Option<String>,
}

impl Found {
    /// The deadline as the data model gives it (source text and offsets).
    pub fn to_model(&self, doc: &crate::document::Document) -> Deadline {
        Deadline {
            raw: doc.source_slice(self.range.clone()).to_string(),
            date: self.date.clone(),
            span: doc.source_span(self.range.clone()),
        }
    }
}

/// The deadline that binds the figure at `pos` in sentence `s`: the last one
/// written in the figure's clause or an earlier clause of the sentence
/// (到2027年，… and 6月底前完成…，… govern what follows them).
pub fn binding(s: &SentenceCtx, pos: usize) -> Option<Deadline> {
    let clause_of = |p: usize| s.clauses.iter().position(|c| c.start <= p && p < c.end);
    let ci = clause_of(pos)?;
    let d = s.figures.deadlines.iter().rev().find(|d| clause_of(d.range.start).is_some_and(|dc| dc <= ci))?;
    Some(d.to_model(s.doc))
}

/// The deadline pattern. Every match ends in 前 (以前, 之前, 前) and holds
/// no other 前.
const PATTERN: &str = concat!(
    r"(?:(?P<y>\d{4}|X{2,4})年|(?P<ny>次年|明年|翌年))?",
    r"(?:",
    r"每月(?P<md>\d{1,2})[日号]",
    r"|每季度末",
    r"|(?P<m>\d{1,2}|X{1,2})月(?:(?P<d>\d{1,2}|X{1,2})[日号]|(?P<me>底|末|中旬|上旬|下旬|份))?",
    r"|(?P<ye>年底|年末|底|末)",
    r"|第?(?P<q>[一二三四1-4])季度(?P<qe>末|底)?",
    r"|(?P<h>上半年|下半年)(?:末|底)?",
    r")(?:以前|之前|前)"
);

/// No match of [`PATTERN`] is longer than this many bytes (a test checks
/// it against the pattern itself).
const MAX_LEN: usize = 48;

fn re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(PATTERN).expect("deadline regex"))
}

/// The matches of [`PATTERN`] in `s`, as `captures_iter` finds them. Each
/// ends at a 前 that follows one of the pattern's last characters (日号末
/// 月底旬份度年, maybe then 以 or 之), so the regex runs only at such a 前
/// (目前, 提前 and 会前 are passed over) and only over the [`MAX_LEN`] bytes
/// before it: the leftmost match that ends at a given 前 starts within
/// them, and none ends at a 前 whose window holds no match.
fn matches(s: &str) -> Vec<regex::Captures<'_>> {
    static LAST: crate::util::CharSet = crate::util::CharSet::of("日号末月底旬份度年");
    static QIAN: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("前"));
    let mut out = Vec::new();
    let mut pos = 0;
    // `pos`, the end of the last match, is the end of a 前: no later 前 is before it.
    for p in QIAN.find_iter(s.as_bytes()) {
        let mut before = s[pos..p].chars().rev();
        let may_end = match before.next() {
            Some('以' | '之') => before.next().is_some_and(|c| LAST.has(c)),
            Some(c) => LAST.has(c),
            None => false,
        };
        if !may_end {
            continue;
        }
        let mut from = p.saturating_sub(MAX_LEN).max(pos);
        while !s.is_char_boundary(from) {
            from += 1;
        }
        if let Some(c) = re().captures_at(&s[..p + "前".len()], from) {
            pos = c.get(0).map_or(p, |m| m.end());
            out.push(c);
        }
    }
    out
}

fn last_day(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// Verbs of completion a deadline may bind or hold (6月底完成, 于2020年完成).
pub const DONE: &[&str] = &["完成", "建成", "实现", "到位"];

/// Find the deadlines of `range`. `year` is the document year.
pub fn find(text: &str, range: Range<usize>, year: Option<i32>) -> Vec<Found> {
    let s = &text[range.clone()];
    let mut out = Vec::new();
    for c in matches(s) {
        let Some(m0) = c.get(0) else { continue };
        let start = m0.start();
        let before = &s[..start];
        // A bare 底前/末前 needs a year or month before it to be a date.
        if c.name("ye").is_some_and(|m| matches!(m.as_str(), "底" | "末")) && c.name("y").is_none() {
            continue;
        }
        // 每年3月底前: recurring, no single date.
        let recurring =
            ["每年", "每季度", "每月", "每半年"].iter().any(|w| before.ends_with(w)) || m0.as_str().starts_with('每');
        // A clock or weekday is no deadline: 每周日晚X点前 is not matched since 点 is not here.
        let y_txt = c.name("y").map(|m| m.as_str());
        let redacted = y_txt.is_some_and(|y| y.contains('X'))
            || c.name("m").is_some_and(|m| m.as_str().contains('X'))
            || c.name("d").is_some_and(|m| m.as_str().contains('X'));
        let y = y_txt.and_then(|y| y.parse::<i32>().ok()).or(year.map(|y| y + i32::from(c.name("ny").is_some())));
        // 2000年底前建成的老旧小区: a date long past qualifies a noun; it is no deadline.
        if let (Some(explicit), Some(doc_year)) = (y_txt.and_then(|y| y.parse::<i32>().ok()), year)
            && explicit < doc_year - 1
        {
            continue;
        }
        let date = if recurring || redacted { None } else { y.and_then(|y| resolve(&c, y)) };
        out.push(Found { range: range.start + start..range.start + m0.end(), date: date.map(|d| d.to_string()) });
    }
    // 分别在7月20日和2005年1月10日前: a date joined to a deadline shares its 前.
    let mut joined = Vec::new();
    for f in &out {
        let before = &text[range.start..f.range.start];
        let Some(head) = before.strip_suffix('和').or_else(|| before.strip_suffix('、')) else { continue };
        if let Some(c) = joined_date_re().captures(head)
            && let Some(m0) = c.get(0)
        {
            let (mo, d) = (c["m"].parse::<u32>().ok(), c["d"].parse::<u32>().ok());
            // With no year of its own, the date comes before its partner
            // (7月20日和2005年1月10日前: 20 July 2004).
            let partner = f.date.as_deref().and_then(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").ok());
            let from_partner = partner.zip(mo).map(|(p, m)| p.year() - i32::from(m > p.month()));
            let y = c.name("y").and_then(|y| y.as_str().parse::<i32>().ok()).or(from_partner).or(year);
            let date = match (y, mo, d) {
                (Some(y), Some(mo), Some(d)) => NaiveDate::from_ymd_opt(y, mo, d),
                _ => None,
            };
            joined.push(Found {
                range: range.start + m0.start()..range.start + m0.end(),
                date: date.map(|d| d.to_string()),
            });
        }
    }
    if !joined.is_empty() {
        out.extend(joined);
        out.sort_by_key(|f| f.range.start);
    }
    // The second look runs only where its words stand.
    // (Each form of `extra` holds one of these: most sentences hold none.)
    let done = || DONE.iter().any(|w| s.contains(w));
    let (has_year, year_cue) = year_cues(s);
    // (One CJK character is searched with memmem: `str::contains(char)`
    // runs memchr on its last byte, a continuation byte that CJK text is
    // full of.)
    static DI: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 3]> =
        std::sync::LazyLock::new(|| ["底", "末", "五"].map(memchr::memmem::Finder::new));
    let has = |k: usize| DI[k].find(s.as_bytes()).is_some();
    let maybe = (has_year
        && (year_cue || s.trim_start().starts_with('到') || crate::util::find_str(s, "于2").is_some()))
        || ((has(0) || has(1)) && done())
        || DI[2].find_iter(s.as_bytes()).any(|k| {
            let r = &s[k + '五'.len_utf8()..];
            r.strip_prefix('”').unwrap_or(r).starts_with('内')
        });
    if maybe {
        for (r, date) in extra(s, year) {
            let r = range.start + r.start..range.start + r.end;
            if out.iter().any(|f| f.range.start < r.end && r.start < f.range.end) {
                continue;
            }
            out.push(Found { range: r, date: date.map(|d| d.to_string()) });
        }
        out.sort_by_key(|f| f.range.start);
    }
    out
}

/// Does `s` hold a 年 (first), and one that cues [`extra`] (second): 年前,
/// 年以前, 年之前, 一年内 (两, 二, 三, 四, 五年内) or 今明两年? One pass over the
/// sentence's 年s instead of a search per word.
fn year_cues(s: &str) -> (bool, bool) {
    static NIAN: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("年"));
    let mut any = false;
    for k in NIAN.find_iter(s.as_bytes()) {
        any = true;
        let (before, after) = (&s[..k], &s[k + "年".len()..]);
        if after.starts_with("前")
            || after.starts_with("以前")
            || after.starts_with("之前")
            || (after.starts_with('内') && before.ends_with(['一', '两', '二', '三', '四', '五']))
            || before.ends_with("今明两")
        {
            return (true, true);
        }
    }
    (any, false)
}

/// Deadlines that [`PATTERN`] leaves to a second, cheaper look: a year
/// with 前 (2030年前), a sentence opening with 到2027年，, a month or year end
/// bound to completion without 前 (6月底完成, 于2020年完成, 年底全部建成),
/// 两年内 before a completion (两年内基本取消 → the end of the next year),
/// and “十五五”内 (within a five-year plan: its last year).
fn extra(s: &str, year: Option<i32>) -> Vec<(Range<usize>, Option<NaiveDate>)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(concat!(
            r"(?P<yq>(?P<y1>\d{4})年(?:以前|之前|前))",
            r"|(?P<open>^\s*到(?P<y2>\d{4}|[〇零一二三四五六七八九]{4})年(?:底|末)?)[，,]",
            r"|(?P<fyp>“?十[一二三四五六七八九]五”?内)",
            r"|(?P<jm>(?:于|在)?今明两年内?)(?:基本|全面|全部|要)?(?:完成|建成|实现|取消|解决)",
            r"|(?P<done>(?P<yu>于)?(?:(?P<y3>\d{4})年)?(?:(?P<m3>\d{1,2})月(?:底|末)|(?P<ye3>年底|年末|底|末))?(?:基本|全面|全部|前)?(?:完成|建成|实现|到位))",
            r"|(?P<within>(?P<n4>[一两二三四五])年内)(?:基本|全面|全部|要)?(?:完成|建成|实现|取消|解决)",
        ))
        .expect("extra deadline regex")
    });
    let mut out = Vec::new();
    for c in re.captures_iter(s) {
        let y_of = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<i32>().ok());
        let (m, date) = if let Some(m) = c.name("yq") {
            // 制定2030年前碳排放达峰行动方案: the year is part of a document's
            // name (the phrase it opens ends in 方案, 规划 …); it binds nothing.
            let phrase = &s[m.end()..];
            let phrase = &phrase[..phrase.find(['，', '。', '；', '、', '：']).unwrap_or(phrase.len())];
            if ["方案", "规划", "纲要", "计划", "意见"].iter().any(|w| phrase.ends_with(w)) {
                continue;
            }
            (m, y_of("y1").and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31)))
        } else if let Some(m) = c.name("open") {
            // (A year in Chinese digits, 到二〇三五年, as well as 到2035年.)
            let cn = |x: regex::Match| super::number::cn_value(x.as_str()).map(|v| v as i32);
            let y2 = y_of("y2").or_else(|| c.name("y2").and_then(cn));
            (m, y2.and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31)))
        } else if let Some(m) = c.name("fyp") {
            // “十五五”内: within a five-year plan, to its last year (2030).
            let last = crate::structure::five_year_start(m.as_str()).map(|y| y + 4);
            (m, last.and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31)))
        } else if let Some(m) = c.name("jm") {
            // 今明两年: this year and the next.
            (m, year.and_then(|y| NaiveDate::from_ymd_opt(y + 1, 12, 31)))
        } else if let Some(m) = c.name("done") {
            // A month or year end, or a year introduced by 于 (于2020年完成;
            // 2024年完成投资 narrates); 底/末 alone needs its year.
            let (y3, m3, ye3) = (c.name("y3"), c.name("m3"), c.name("ye3").map(|x| x.as_str()));
            let dated = m3.is_some()
                || matches!(ye3, Some("年底" | "年末"))
                || (matches!(ye3, Some("底" | "末")) && y3.is_some())
                || (ye3.is_none() && y3.is_some() && c.name("yu").is_some());
            if !dated {
                continue;
            }
            let y = y_of("y3").or(year);
            let d = match (y, c.name("m3").and_then(|x| x.as_str().parse::<u32>().ok())) {
                (Some(y), Some(mo)) => last_day(y, mo),
                (Some(y), None) => NaiveDate::from_ymd_opt(y, 12, 31),
                _ => None,
            };
            (m, d)
        } else if let Some(m) = c.name("within") {
            let n = match c.name("n4").map(|x| x.as_str()) {
                Some("一") => 1,
                Some("两" | "二") => 2,
                Some("三") => 3,
                Some("四") => 4,
                _ => 5,
            };
            (m, year.and_then(|y| NaiveDate::from_ymd_opt(y + n - 1, 12, 31)))
        } else {
            continue;
        };
        // 2000年底前建成的: the match starts inside a longer date.
        if s[..m.start()].ends_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        // A date long past qualifies a noun or narrates; it binds nothing.
        if let (Some(d), Some(doc_year)) = (date, year)
            && d.year() < doc_year - 1
        {
            continue;
        }
        // 每年6月底完成: recurring.
        let recurring = ["每年", "每季度", "每月"].iter().any(|w| s[..m.start()].ends_with(w));
        out.push((m.range(), if recurring { None } else { date }));
    }
    out
}

/// A calendar date that ends the text before a 和 or 、 (for dates joined to
/// a deadline).
fn joined_date_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]$").expect("joined date regex")
    })
}

fn resolve(c: &regex::Captures, y: i32) -> Option<NaiveDate> {
    if let Some(m) = c.name("m") {
        let m: u32 = m.as_str().parse().ok()?;
        if let Some(d) = c.name("d") {
            return NaiveDate::from_ymd_opt(y, m, d.as_str().parse().ok()?);
        }
        return match c.name("me").map(|x| x.as_str()) {
            Some("中旬") => NaiveDate::from_ymd_opt(y, m, 20),
            Some("上旬") => NaiveDate::from_ymd_opt(y, m, 10),
            Some("底" | "末" | "下旬" | "份") => last_day(y, m),
            // 6月前: before June begins.
            _ => NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt(),
        };
    }
    if c.name("ye").is_some() {
        return NaiveDate::from_ymd_opt(y, 12, 31);
    }
    if let Some(q) = c.name("q") {
        let q = match q.as_str() {
            "一" | "1" => 1,
            "二" | "2" => 2,
            "三" | "3" => 3,
            _ => 4,
        };
        let end = last_day(y, q * 3)?;
        return if c.name("qe").is_some() {
            Some(end)
        } else {
            NaiveDate::from_ymd_opt(y, (q - 1) * 3 + 1, 1)?.pred_opt()
        };
    }
    if let Some(h) = c.name("h") {
        return if h.as_str() == "上半年" {
            NaiveDate::from_ymd_opt(y, 6, 30)
        } else {
            NaiveDate::from_ymd_opt(y, 12, 31)
        };
    }
    None
}

/// Keep only the year of a date (for tests and display).
pub fn year_of(d: &str) -> Option<i32> {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok().map(|d| d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// year_cues answers as the searches it replaced.
        #[test]
        fn year_cues_as_searches(s in "[年前以之内一两二三四五今明两六底]{0,16}") {
            let cue = s.contains("年前")
                || s.contains("年以前")
                || s.contains("年之前")
                || ["一年内", "两年内", "二年内", "三年内", "四年内", "五年内"].iter().any(|w| s.contains(w))
                || s.contains("今明两年");
            proptest::prop_assert_eq!(year_cues(&s), (s.contains('年'), cue));
        }
    }

    /// The byte ranges of whole matches.
    fn ranges(v: Vec<regex::Captures>) -> Vec<(usize, usize)> {
        v.iter().filter_map(|c| c.get(0)).map(|m| (m.start(), m.end())).collect()
    }

    proptest::proptest! {
        /// The same on random strings of the pattern's own characters,
        /// where deadlines, near misses and runs of 前 abound.
        #[test]
        fn windows_are_a_whole_scan(s in "[0-9X年月日号底末中上下旬份第一二三四季度半次明翌每以之前目，]{0,40}") {
            proptest::prop_assert_eq!(ranges(matches(&s)), ranges(re().captures_iter(&s).collect()));
        }
    }

    #[test]
    fn max_len_bounds_the_pattern() {
        let hir = regex_syntax::Parser::new().parse(PATTERN).expect("pattern parses");
        let longest = hir.properties().maximum_len().expect("bounded pattern");
        assert!(longest <= MAX_LEN, "longest match {longest} bytes > MAX_LEN {MAX_LEN}");
    }

    /// The windowed search finds what a scan of the whole text finds, on
    /// strings where a deadline ends in each of the prefilter's characters
    /// (and where one does not) and on every line of the bundled corpus.
    #[test]
    fn windows_find_what_a_whole_scan_finds() {
        let mut texts: Vec<String> = [
            "前前6月底前前",
            "2023年12月31日之前，2024年6月底以前和年底前",
            "第三季度末前前后后上半年末前",
            "此前、目前、会前，X月X日前报送，次年3月前",
            "每月10日前每季度末前报送，12345678901234567890123456789年底前",
            "前",
            "",
            "6月以前，年底之前，季度前，所以前，总之前，月份前，3号前，中旬之前",
            "6月15号前，6月中旬前，7月份之前，三季度前，下半年以前，2024年底前，每月10日前，8月末前",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for e in std::fs::read_dir(corpus).expect("corpus/") {
            let text = std::fs::read_to_string(e.expect("entry").path()).unwrap_or_default();
            texts.extend(text.lines().map(str::to_string));
        }
        let mut seen = 0;
        for t in &texts {
            let whole = ranges(re().captures_iter(t).collect());
            seen += whole.len();
            assert_eq!(ranges(matches(t)), whole, "{t}");
        }
        assert!(seen > 10, "the texts hold deadlines to compare: {seen}");
    }

    #[test]
    fn table() {
        let rows: &[(&str, &str, Option<&str>, Option<&str>)] = &[
            ("month_end", "6月底前完成清理", Some("6月底前"), Some("2023-06-30")),
            ("year_end", "年底前全部建成", Some("年底前"), Some("2023-12-31")),
            ("q3_end", "第三季度末前完成", Some("第三季度末前"), Some("2023-09-30")),
            ("explicit", "2024年12月31日前报送", Some("2024年12月31日前"), Some("2024-12-31")),
            ("explicit_month", "2024年6月底前完成", Some("2024年6月底前"), Some("2024-06-30")),
            ("redacted", "X月X日前报送", Some("X月X日前"), None),
            ("recurring", "每年3月底前报送", Some("3月底前"), None),
            ("clock", "每周日晚X点前到岗", None, None),
            ("narration", "年底考核工作正在开展", None, None),
            ("past_event", "X月X日，主持召开了会议", None, None),
            ("period_range", "2022年1月1日至2022年12月31日", None, None),
            ("next_year", "县河长办于次年1月15日前公布考核结果", Some("次年1月15日前"), Some("2024-01-15")),
            ("monthly", "每月5日前报送上月进度", Some("每月5日前"), None),
            ("past_date", "基本完成2000年底前建成的老旧小区改造", None, None),
            ("zhongxun", "11月中旬前完成", Some("11月中旬前"), Some("2023-11-20")),
            ("year_qian", "如期实现2030年前碳达峰目标", Some("2030年前"), Some("2030-12-31")),
            ("opening_dao", "到2027年，全市新建充电桩2万个", Some("到2027年"), Some("2027-12-31")),
            ("end_done", "6月底完成清理整改", Some("6月底完成"), Some("2023-06-30")),
            ("yu_year_done", "西部地区于2025年完成", Some("于2025年完成"), Some("2025-12-31")),
            ("within_two", "两年内基本取消省界收费站", Some("两年内"), Some("2024-12-31")),
            ("recurring_done", "每年6月底完成自查", Some("6月底完成"), None),
            ("old_year", "1998年前建成的住宅", None, None),
            ("plan_name", "制定2030年前碳排放达峰行动方案", None, None),
            ("mid_dao", "从2020年到2025年，增长了一倍", None, None),
            ("opening_dao_cn", "到二〇三五年，基本实现社会主义现代化", Some("到二〇三五年"), Some("2035-12-31")),
            ("plan_within", "“十五五”内争取尽早消除跨市域“断头路”", Some("“十五五”内"), Some("2030-12-31")),
            ("past_plan_within", "“十二五”内完成改造", None, None),
            ("this_and_next", "东中部地区要分别于今明两年完成", Some("于今明两年"), Some("2024-12-31")),
            ("joined", "分别在7月20日和2024年1月10日前报送", Some("7月20日"), Some("2023-07-20")),
        ];
        for (name, s, raw, date) in rows {
            let f = find(s, 0..s.len(), Some(2023));
            assert_eq!(f.first().map(|f| &s[f.range.clone()]), *raw, "{name}");
            assert_eq!(f.first().and_then(|f| f.date.as_deref()), *date, "{name}");
        }
        assert_eq!(year_of("2023-06-30"), Some(2023));
    }
}
