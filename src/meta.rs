//! Document metadata: title, year, genre, doc_type, issuer, period.
//!
//! - title: the leading title line(s) (no sentence punctuation, not a
//!   heading), joined when a title is broken over lines; else a
//!   `…责任书`-style phrase of the opening paragraph; else the year and topic
//!   of the opening sentence (`2022年，县政府系统…的工作思路` →
//!   `2022年县政府系统…`).
//! - doc_type: the longest document-type word in the title.
//! - genre: from the doc_type; without one, report cues (`报告如下`,
//!   `一年来`) make a report, else a plan.
//! - year: the first year in the title, else in the opening lines.
//! - issuer: the actor opening the title (`县委落实…` → 县委), else the
//!   one opening the first sentence.
//! - period: an explicit date range after 期限/责任期/有效期.

use crate::extract::actor;
use crate::model::{DatePeriod, DocumentMeta, Genre};
use crate::segment::Segmented;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

fn doc_type_in(s: &str) -> Option<(&'static str, Genre)> {
    // Short words that also name things inside a title (发展计划执行情况,
    // 贯彻《信访工作条例》情况汇报) are a type only where they close it, before
    // a bracket or 草案 at most.
    const CLOSING_ONLY: &[&str] = &["计划", "条例", "纲要", "细则"];
    let mut close = s.trim_end();
    loop {
        let before = close;
        close = close.trim_end_matches("草案").trim_end();
        if let Some(inner) = close.strip_suffix(')').or_else(|| close.strip_suffix('）'))
            && let Some(k) = inner.rfind(['(', '（'])
        {
            close = inner[..k].trim_end();
        }
        if close == before {
            break;
        }
    }
    // The type word closes the title, so prefer the match that ends last, then the longest.
    crate::extract::lexicon::doc_types()
        .iter()
        .filter_map(|(w, g)| crate::util::rfind_str(s, w).map(|k| (k + w.len(), w.as_str(), *g)))
        .filter(|&(end, w, _)| !CLOSING_ONLY.contains(&w) || end == close.len())
        .max_by_key(|&(end, w, _)| (end, w.len()))
        .map(|(_, w, g)| (w, g))
}

fn year_in(s: &str) -> Option<i32> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"(?:^|[^0-9])((?:19|20)\d{2})年").expect("year regex"));
    re.captures(s).and_then(|c| c[1].parse().ok())
}

fn is_title_line(line: &str) -> bool {
    let n = line.chars().count();
    (2..=60).contains(&n)
        && !line.contains(['。', '；', '，', '：'])
        && actor::heading_marker_len(line).is_none()
        && !line.starts_with('(')
}

/// Does `line` read as a document's title (a short line with no clause
/// punctuation that names a document type: 2025年广东省政府工作报告)? In a
/// compilation of documents joined into one file, such a line opens the
/// next document.
pub(crate) fn names_a_document(line: &str) -> bool {
    let line = line.trim();
    is_title_line(line) && doc_type_in(line).is_some()
}

/// The fewest bytes a document of a compilation holds before the next one
/// may start: the title lines at the head of a document (2017年政府工作报告,
/// then 政府工作报告 again under it) open one document, not several.
pub const MIN_DOCUMENT: usize = 2000;

/// The bytes after a title line in which its body opens.
const OPENS_BODY_WITHIN: usize = 2048;

/// What [`next_document_start`] reads past a line it looks at: the line
/// itself (a title is short; 256 bytes tell), and the text after it in
/// which its body opens.
pub const LOOK_PAST: usize = 256 + OPENS_BODY_WITHIN + 256;

/// Where the next document of a compilation (several documents joined into
/// one file: a 汇编) starts in `text`: the first line starting in
/// `from..to` (from the first line start at or after `from`), not before
/// `floor` (at least [`MIN_DOCUMENT`] bytes into the current document),
/// that reads as a document's title (`names_a_document`), follows the end
/// of a text (the line before it is blank, ends a sentence or a date, or
/// `from` is where the text or a part of it starts) and opens a body (one of
/// the next eight lines is a paragraph: 40 characters or more, with a comma
/// or full stop). A heading inside a document names a part of it and is
/// numbered; a task table's cell (制定乡村振兴实施方案) follows another cell
/// and is followed by cells. Looks at most eight lines past `to`.
pub fn next_document_start(text: &str, from: usize, to: usize, floor: usize) -> Option<usize> {
    let b = text.as_bytes();
    let to = to.min(text.len());
    // The end of the line at `at`, looked for no further than a title's
    // length past `to` (a long line is no title, and the scan stays linear).
    let line_end = |at: usize| {
        let reach = to.max(at + 256).min(text.len());
        memchr::memchr(b'\n', &b[at..reach]).map(|k| at + k).or((reach == text.len()).then_some(reach))
    };
    let mut at = from;
    let mut after_end = true;
    if at > 0 && b[at - 1] == b'\n' {
        after_end = ends_text(last_line(&text[..at - 1]));
    } else if at > 0 {
        // Inside a line: from the next one, after this one's end.
        let end = line_end(at)?;
        after_end = ends_text(&text[at..end]);
        at = end + 1;
    }
    while at < to {
        let end = line_end(at)?;
        let line = &text[at..end];
        if at >= floor && after_end && names_a_document(line) && opens_body(&text[end..]) {
            return Some(at);
        }
        after_end = ends_text(line);
        at = end + 1;
    }
    None
}

/// The end of the last line of `text` (its last 256 bytes at most: all
/// [`ends_text`] reads).
fn last_line(text: &str) -> &str {
    let mut from = text.len().saturating_sub(256);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let tail = &text[from..];
    &tail[tail.rfind('\n').map_or(0, |k| k + 1)..]
}

/// Does a line end a text (a sentence, or a signature's date)?
fn ends_text(line: &str) -> bool {
    let l = line.trim_end_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    l.is_empty() || l.ends_with(['。', '！', '？', '”', '）', ')', '\u{c}']) || l.ends_with('日')
}

/// Is one of the first eight lines of `rest` a paragraph?
fn opens_body(rest: &str) -> bool {
    let mut end = rest.len().min(OPENS_BODY_WITHIN);
    while !rest.is_char_boundary(end) {
        end -= 1;
    }
    rest[..end]
        .split('\n')
        .filter(|l| !l.trim().is_empty())
        .take(8)
        .any(|l| l.contains(['，', '。']) && l.chars().count() >= 40)
}

/// Every document start of a compilation in `text` after its first
/// document ([`next_document_start`]).
pub fn document_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut doc = 0;
    while let Some(k) = next_document_start(text, doc, text.len(), doc + MIN_DOCUMENT) {
        out.push(k);
        doc = k;
    }
    out
}

/// The normalised range of the title lines at the top, if the document has them.
pub fn title_range(text: &str) -> Option<Range<usize>> {
    title_lines(text).map(|(_, r)| r)
}

/// The title lines at the top: their joined text and normalised range.
fn title_lines(text: &str) -> Option<(String, Range<usize>)> {
    let mut title = String::new();
    let mut range: Option<Range<usize>> = None;
    let mut pos = 0;
    let mut taken = 0;
    // A line above chrome that names no document type: a page's column
    // (预算绩效管理, then 索引号… 发布机构…, then the title). It stays the
    // title unless a typed one follows the chrome.
    let mut column: Option<(String, Range<usize>)> = None;
    for line in text.split('\n').take(40) {
        let start = pos;
        pos += line.len() + 1;
        if line.trim().is_empty() {
            continue;
        }
        // Web-page chrome above the title (下载 打印 【字号：…】 来源：…).
        if range.is_none() && is_chrome_line(line.trim()) {
            continue;
        }
        if column.is_none() && is_chrome_line(line.trim()) && doc_type_in(&title).is_none() {
            column = range.take().map(|r| (std::mem::take(&mut title), r));
            taken = 0;
            continue;
        }
        taken += 1;
        if taken > 4 {
            break;
        }
        // A dated line under the title, e.g. (2017年11月), ends it.
        if !is_title_line(line) || (line.starts_with('(') && line.ends_with(')')) {
            break;
        }
        // A page that serves a file names it: 贵池区…考评细则.doc, repeated,
        // then ID:32003410. The name is the title; its extension, a repeat
        // and a line with no ideograph under it are not.
        let named = without_file_extension(line.trim());
        if !title.is_empty() && (title == named || !named.chars().any(crate::extract::units::is_cjk)) {
            break;
        }
        title.push_str(named);
        range = Some(range.map_or(start..start + line.len(), |r| r.start..start + line.len()));
        if doc_type_in(line).is_some() {
            break;
        }
    }
    match (range, column) {
        (Some(r), Some(c)) => Some(if doc_type_in(&title).is_some() { (title, r) } else { c }),
        (Some(r), None) => Some((title, r)),
        (None, c) => c,
    }
}

/// A file name's text without its extension (`.doc`, `.docx`, `.wps`, `.pdf`,
/// `.txt`), as a page that serves the file gives it for a title.
fn without_file_extension(line: &str) -> &str {
    [".docx", ".doc", ".wps", ".pdf", ".txt"]
        .iter()
        .find_map(|e| {
            let k = line.len().checked_sub(e.len())?;
            (line.is_char_boundary(k) && line[k..].eq_ignore_ascii_case(e) && k > 0).then(|| &line[..k])
        })
        .unwrap_or(line)
}

/// A line of web-page chrome: reader buttons, source and time lines,
/// breadcrumbs, search boxes, download sizes.
pub fn is_chrome_line(line: &str) -> bool {
    const WORDS: &[&str] = &[
        "下载",
        "打印",
        "全屏",
        "收藏",
        "分享",
        "关闭",
        "加大",
        "还原",
        "减小",
        "】",
        "【",
        "字号",
        "大",
        "中",
        "小",
        "默认",
        "返回顶部",
        "关闭窗口",
        "打印本页",
        "扫一扫",
    ];
    const OPENERS: &[&str] = &[
        "【字号",
        "字号：",
        "来源：",
        "来源:",
        "时间：",
        "时间:",
        "发布时间",
        "发布日期",
        "作者：",
        "作者:",
        "责任编辑",
        "编辑：",
        "浏览次数",
        "选择",
        "首页",
        "当前位置",
        "您的位置",
        "索引号",
        "分享到",
        "相关报道",
        "-",
    ];
    let l = line.trim_matches(|c: char| c.is_whitespace() || c == '　');
    if l.is_empty() {
        return true;
    }
    WORDS.contains(&l)
        || OPENERS.iter().any(|w| l.starts_with(w))
        || l.contains(">>")
        || l.contains("＞＞")
        || l.contains("请输入")
        || (l.contains("KB") && l.contains("发布"))
        || l.chars().all(|c| c.is_ascii_digit() || "-:：/ .".contains(c))
}

/// Do the sentences that hold figures read as a record of what was done
/// (同比增长, 共公开, 截至目前, 完成了) more often than as what must be done
/// (不少于, 要, 确保, 力争)? For a text whose title names no type.
fn reads_as_report(text: &str) -> bool {
    let (done, todo) = done_and_todo(text);
    done >= 2 && done > 2 * todo
}

/// How many pieces of `text` with figures read as done and as to do
/// ([`reads_as_report`]).
fn done_and_todo(text: &str) -> (usize, usize) {
    const DONE: &[&str] =
        &["同比", "比上年", "较上年", "比去年", "了", "累计", "截至", "截止", "共计", "已", "完成", "实现", "预计全年"];
    const TODO: &[&str] = &[
        "不少于",
        "不低于",
        "不超过",
        "至少",
        "必须",
        "务必",
        "应当",
        "确保",
        "力争",
        "争取",
        "每年",
        "每季度",
        "每月",
        "要求各",
        "要按",
        "要在",
        "要于",
        "要把",
        "要对",
        "将于",
    ];
    // Both lists in one pass over each piece.
    static WORDS: crate::util::WordLists = crate::util::WordLists::new(&[DONE, TODO]);
    let (mut done, mut todo) = (0, 0);
    let count = |s: &str| {
        let found = WORDS.in_text(s);
        // 共公开信息38482条 (but not 公共).
        let d = found & 1 != 0 || s.match_indices('共').any(|(k, _)| !s[..k].ends_with('公'));
        let t = found & 2 != 0;
        if d && !t {
            done += 1;
        } else if t && !d {
            todo += 1;
        }
    };
    digit_pieces(text, count);
    (done, todo)
}

/// Each piece of `text` between 。；; and line breaks that holds an ASCII
/// digit, in order: `text.split(['。', '；', ';', '\n'])` with the pieces
/// without a digit left out. The separators are found with memchr (a line
/// break, or the last byte of 。 or ；, checked; the next ; kept apart, it
/// is rare), the digits eight bytes at a time.
fn digit_pieces<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let b = text.as_bytes();
    let mut semi = memchr::memchr(b';', b);
    let mut start = 0;
    loop {
        if semi.is_some_and(|p| p < start) {
            semi = memchr::memchr(b';', &b[start..]).map(|p| start + p);
        }
        let (end, next) = match next_separator(b, start, semi) {
            Some((p, len)) => (p, Some(p + len)),
            None => (b.len(), None),
        };
        if has_ascii_digit(&b[start..end]) {
            f(&text[start..end]);
        }
        match next {
            Some(n) => start = n,
            None => return,
        }
    }
}

/// The first 。, ； or line break at or after byte `from` (a character
/// boundary) and before `semi`, else `semi` (the next ;): its offset and
/// length.
fn next_separator(b: &[u8], mut from: usize, semi: Option<usize>) -> Option<(usize, usize)> {
    let limit = semi.unwrap_or(b.len());
    while let Some(k) = memchr::memchr3(b'\n', 0x82, 0x9b, &b[from..limit]) {
        let p = from + k;
        match b[p] {
            b'\n' => return Some((p, 1)),
            // 。 is e3 80 82, ； ef bc 9b (a continuation byte's character
            // starts at or after `from`).
            0x82 if p >= 2 && b[p - 2..p] == [0xe3, 0x80] => return Some((p - 2, 3)),
            0x9b if p >= 2 && b[p - 2..p] == [0xef, 0xbc] => return Some((p - 2, 3)),
            _ => from = p + 1,
        }
    }
    semi.map(|p| (p, 1))
}

/// Does `b` hold an ASCII digit? Eight bytes at a time: a byte is a digit
/// when, XOR 0x30, it is below 10 (the has-less-than test).
fn has_ascii_digit(b: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]) ^ (0x30 * ONES);
        if x.wrapping_sub(10 * ONES) & !x & (0x80 * ONES) != 0 {
            return true;
        }
    }
    words.remainder().iter().any(u8::is_ascii_digit)
}

/// Text that opens a government work report delivered to a congress (各位代表).
fn is_gov_report(text: &str, title: Option<&str>) -> bool {
    if title.is_some_and(|t| t.contains("政府工作报告")) {
        return true;
    }
    // The first 3000 characters lie within the first 12000 bytes: a word
    // missing there is missing in them (most texts hold neither), and
    // their extent is counted only when one is found.
    let cap = &text.as_bytes()[..text.len().min(3000 * 4)];
    let found = |w: &str| memchr::memmem::find(cap, w.as_bytes()).is_some();
    if !found("各位代表") && !found("政府工作报告") {
        return false;
    }
    let head = &text[..crate::util::char_prefix_len(text, 3000)];
    head.contains("各位代表") && (head.contains("政府工作") || head.contains("报告工作"))
        || head.lines().take(40).any(|l| {
            let l = l.trim();
            l.len() <= 60 && l.ends_with("政府工作报告") && !l.contains("关于印发")
        })
}

/// The year a government work report governs: the latest year of its
/// top-level headings (一、2024年工作回顾 … 三、2025年重点工作 → 2025).
fn gov_report_year(text: &str, seg: &Segmented) -> Option<i32> {
    seg.outline
        .sections
        .iter()
        .filter(|s| s.parent.is_none())
        .filter_map(|s| crate::extract::kind::year_in(&text[s.title.clone()]))
        .max()
}

/// The body a government work report speaks for: 我代表国务院，向大会报告 → 国务院.
fn delegate_issuer(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"我代表([^，。、\s]{2,16}?)(?:，|向)").expect("delegate regex"));
    let head = &text[..crate::util::char_prefix_len(text, 3000)];
    re.captures(head).map(|c| c[1].to_string())
}

fn phrase_title(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"((?:19|20)\d{2}年度?)?([^，。、；：“”《》〈〉\s\d]{2,30}?)(目标责任书|责任书|工作要点|实施意见|实施方案|工作方案|工作计划)").expect("title regex")
    });
    let head = &text[..crate::util::char_prefix_len(text, 400)];
    // Every match ends in one of the type words: no type word, no regex run.
    if !["责任书", "工作要点", "实施意见", "实施方案", "工作方案", "工作计划"].iter().any(|w| head.contains(w))
    {
        return None;
    }
    // 制定《党风廉政建设年度工作计划》: a document the text cites is not its title.
    let cited = |at: usize| {
        let before = &head[..at];
        before.matches(['《', '〈']).count() > before.matches(['》', '〉']).count()
    };
    let c = re.captures_iter(head).find(|c| !cited(c.get(0).map_or(0, |m| m.start())))?;
    let topic = c[2].trim_start_matches(['制', '定', '签', '订', '特', '为', '了']);
    Some(format!("{}{}{}", c.get(1).map_or("", |m| m.as_str()), topic, &c[3]))
}

fn topic_title(first: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^((?:19|20)\d{2}年度?)，([^，。]{4,40}?)的").expect("topic regex"));
    let c = re.captures(first)?;
    Some(format!("{}{}", &c[1], &c[2]))
}

fn responsibility_period(text: &str) -> Option<DatePeriod> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?:期限|责任期|有效期|考核期|期间)[为是自从:：]*(\d{4})年(\d{1,2})月(\d{1,2})日[起]?[至到\-—~]+(\d{4})年(\d{1,2})月(\d{1,2})日").expect("period regex")
    });
    let c = re.captures(text)?;
    let d = |y: usize, m: usize, dd: usize| -> Option<String> {
        let date = chrono::NaiveDate::from_ymd_opt(c[y].parse().ok()?, c[m].parse().ok()?, c[dd].parse().ok()?)?;
        Some(date.to_string())
    };
    Some(DatePeriod { start: d(1, 2, 3)?, end: d(4, 5, 6)? })
}

/// Words that tell a report when the title names no type.
const REPORT_CUES: &[&str] = &["报告如下", "总结如下", "一年来", "现将", "述职"];

/// What the metadata of an input read in parts ([`crate::parts`]) takes
/// from all of its text, gathered a part at a time (the rest is read from
/// its first part): the cue words of a report, how its figures read, the
/// years of its top-level headings and a responsibility period.
#[derive(Debug, Clone, Default)]
pub struct WholeText {
    report_cue: bool,
    done: usize,
    todo: usize,
    top_year: Option<i32>,
    period: Option<DatePeriod>,
}

impl WholeText {
    /// Add the normalised text of the next part (cut at a line or after a
    /// full stop, as [`crate::parts`] cuts).
    pub fn add(&mut self, text: &str) {
        self.report_cue = self.report_cue || REPORT_CUES.iter().any(|w| text.contains(w));
        let (done, todo) = done_and_todo(text);
        self.done += done;
        self.todo += todo;
        let outline = crate::segment::section::outline(text);
        let years = outline.sections.iter().filter(|s| s.parent.is_none());
        let top = years.filter_map(|s| crate::extract::kind::year_in(&text[s.title.clone()])).max();
        self.top_year = self.top_year.max(top);
        if self.period.is_none() {
            self.period = responsibility_period(text);
        }
    }
}

/// Infer the metadata of a document from its normalised text.
pub fn infer(text: &str, seg: &Segmented) -> DocumentMeta {
    infer_with(text, seg, None)
}

/// [`infer`] for the first part of an input read in parts: what needs all
/// of the text comes from `whole`.
pub fn infer_with(text: &str, seg: &Segmented, whole: Option<&WholeText>) -> DocumentMeta {
    let first_sentence = seg
        .sentences
        .iter()
        .map(|s| &text[s.range.clone()])
        .find(|s| !s.trim().is_empty() && !is_title_line(s.trim_end_matches('\n')))
        .unwrap_or("");
    let lines = title_lines(text);
    let title =
        lines.as_ref().map(|(t, _)| t.clone()).or_else(|| phrase_title(text)).or_else(|| topic_title(first_sentence));
    let gov_report = is_gov_report(text, title.as_deref());
    // 政府工作报告 named only under web chrome or in an opening line.
    let title = title.or_else(|| gov_report.then(|| "政府工作报告".to_string()));
    let typed = title.as_deref().and_then(doc_type_in);
    // 工作总结及明年工作计划: a title that names a report and a plan is a report
    // with a plan part.
    let typed = match typed {
        Some((w, Genre::Plan)) if title.as_deref().is_some_and(|t| ["报告", "总结"].iter().any(|r| t.contains(r))) => {
            Some((w, Genre::Report))
        }
        t => t,
    };
    let head = &text[..crate::util::char_prefix_len(text, 300)];
    // Without a type word in the title, cue words of a report tell the genre.
    let report_cues = || match whole {
        Some(w) => w.report_cue || (w.done >= 2 && w.done > 2 * w.todo),
        None => REPORT_CUES.iter().any(|w| text.contains(w)) || reads_as_report(text),
    };
    let genre = if gov_report {
        Genre::Report
    } else {
        typed.map(|(_, g)| g).unwrap_or_else(|| if report_cues() { Genre::Report } else { Genre::Plan })
    };
    let year = title
        .as_deref()
        .and_then(year_in)
        .or_else(|| gov_report.then(|| whole.map_or_else(|| gov_report_year(text, seg), |w| w.top_year)).flatten())
        .or_else(|| year_in(head));
    let issuer_from = |s: &str| -> Option<String> {
        let s = s.trim_start_matches(|c: char| c.is_ascii_digit() || "年度，".contains(c));
        actor::subject(s, 0..s.len()).or_else(|| actor::heading_actor(s, 0..s.len())).map(|r| s[r].to_string())
    };
    let issuer = lines
        .as_ref()
        .and_then(|(t, _)| issuer_from(t))
        // 政府 alone (from 政府工作报告) names nobody.
        .filter(|i| i != "政府")
        .or_else(|| gov_report.then(|| delegate_issuer(text)).flatten())
        .or_else(|| first_sentence.split(['，', '。']).take(2).find_map(issuer_from));
    DocumentMeta {
        title,
        year,
        genre,
        doc_type: typed.map(|(w, _)| w.to_string()),
        issuer,
        period: whole.map_or_else(|| responsibility_period(text), |w| w.period.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document's body: text long enough to hold a document.
    fn body(n: usize) -> String {
        "全年新建农村公路120公里，改造危桥15座，完成投资8.5亿元，各项任务全面完成。\n".repeat(n)
    }

    #[test]
    fn documents_of_a_compilation() {
        let first = format!("2024年某县政府工作报告\n{}", body(30));
        let second = format!("2025年某县政府工作报告\n——2025年1月10日在县人民代表大会上\n{}", body(30));
        let joined = format!("{first}\n{second}");
        assert_eq!(document_starts(&joined), vec![first.len() + 1]);
        // Without the blank line: the text before ends a sentence.
        let joined = format!("{first}{second}");
        assert_eq!(document_starts(&joined), vec![first.len()]);
        let cases: &[(&str, String)] = &[
            // The title block of one document: within its first bytes.
            ("title block", format!("2025年某县政府工作报告\n政府工作报告\n{}", body(30))),
            // A numbered heading names a part of the document.
            ("numbered heading", format!("{first}一、2025年工作要点\n{}", body(30))),
            // A title line after text that does not end: a cell of a task table.
            ("table cell", format!("{first}序号\n工作任务\n1\n制定乡村振兴实施方案\n县农业农村局\n{}", body(30))),
            // A title with no body after it: a list of documents.
            ("list", format!("{first}某县安全生产责任书\n某县安全生产考核办法\n某县安全生产实施方案\n")),
        ];
        for (what, text) in cases {
            assert_eq!(document_starts(text), Vec::<usize>::new(), "{what}");
        }
        // A look for a title stops at `to`, and in one long line at once.
        let line = "年内开展督查不少于2次，".repeat(200_000);
        assert_eq!(next_document_start(&line, 0, line.len(), 0), None);
        assert_eq!(next_document_start(&joined, 0, first.len() - 10, 1), None);
        assert_eq!(next_document_start(&joined, 10, joined.len(), 0), Some(first.len()));
    }

    /// (text, title, doc_type, genre) of documents as they are found.
    #[test]
    fn titles_and_types() {
        let rows: &[(&str, &str, Option<&str>, Genre)] = &[
            // A page that serves a file: its name twice, then its id.
            (
                "贵池区双拥合格单位考评细则.doc\n\n贵池区双拥合格单位考评细则.doc\n\nID:32003410\n\n大小:101.00 KB\n\n双拥工作领导小组每年至少召开一次全体成员会议。\n",
                "贵池区双拥合格单位考评细则",
                Some("考评细则"),
                Genre::Plan,
            ),
            (
                "XX县2024年干部教育培训计划\n全年培训干部不少于500人次。\n",
                "XX县2024年干部教育培训计划",
                Some("计划"),
                Genre::Plan,
            ),
            (
                "XX县2023年工作总结及2024年工作计划\n2023年，全县完成投资50亿元。\n",
                "XX县2023年工作总结及2024年工作计划",
                Some("工作计划"),
                Genre::Report,
            ),
            (
                "XX县2023年工作总结\n全年完成投资50亿元，增长8%。\n",
                "XX县2023年工作总结",
                Some("工作总结"),
                Genre::Report,
            ),
            // A page's column above its chrome, then the title.
            (
                "预算绩效管理\n- 索引号: zsjfzzx/2025-00002\n- 发布机构: 红河州数据发展中心\n- 文号:\n- 发布日期: 2025-04-29\n红河州数据发展中心2024年度项目支出绩效单位自评报告\n一、基本情况\n2024年,实施项目共15个。\n",
                "红河州数据发展中心2024年度项目支出绩效单位自评报告",
                Some("报告"),
                Genre::Report,
            ),
            // A title with its date line under it keeps the title.
            (
                "XX县关于开展安全生产大检查的通知\n发布时间：2023-05-01\n来源：县应急局\n各乡镇：\n5月底前完成检查不少于3次。\n",
                "XX县关于开展安全生产大检查的通知",
                Some("通知"),
                Genre::Plan,
            ),
            // 计划 names the type only where it closes the title.
            (
                "XX县2023年度计划执行情况\n全年完成投资50亿元，增长8%。\n",
                "XX县2023年度计划执行情况",
                Some("执行情况"),
                Genre::Report,
            ),
            (
                "关于贯彻《信访工作条例》情况汇报\n全年受理信访事项120件。\n",
                "关于贯彻《信访工作条例》情况汇报",
                Some("情况汇报"),
                Genre::Report,
            ),
            (
                "XX县国土空间总体规划纲要（草案）\n到2035年，耕地保有量不低于50万亩。\n",
                "XX县国土空间总体规划纲要（草案）",
                Some("规划纲要"),
                Genre::Plan,
            ),
            // A title broken over two lines is joined.
            (
                "XX县关于加强河湖管理的\n实施意见\n每月巡河不少于1次。\n",
                "XX县关于加强河湖管理的实施意见",
                Some("实施意见"),
                Genre::Plan,
            ),
        ];
        for (text, title, doc_type, genre) in rows {
            let seg = crate::segment::segment(text);
            let m = infer(text, &seg);
            assert_eq!(m.title.as_deref(), Some(*title), "{text}");
            assert_eq!(m.doc_type.as_deref(), *doc_type, "{text}");
            assert_eq!(m.genre, *genre, "{text}");
        }
    }

    proptest::proptest! {
        /// The byte-wise pieces are `str::split`'s that hold a digit.
        #[test]
        fn digit_pieces_as_split(s in "[。；;\n，1a9共了二ー亂些\u{4082}]{0,40}") {
            let mut got = Vec::new();
            digit_pieces(&s, |p| got.push(p));
            let want: Vec<&str> =
                s.split(['。', '；', ';', '\n']).filter(|p| p.bytes().any(|c| c.is_ascii_digit())).collect();
            proptest::prop_assert_eq!(got, want);
        }

        /// The eight-byte digit test is the byte-wise one.
        #[test]
        fn digit_test_as_bytes(b in proptest::collection::vec(proptest::num::u8::ANY, 0..40)) {
            proptest::prop_assert_eq!(has_ascii_digit(&b), b.iter().any(u8::is_ascii_digit));
        }
    }
}
