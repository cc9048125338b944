//! Document structure, decided before any field: the parts of a mixed
//! document (review, plan) and the blocks (paragraphs) that scope an actor.
//!
//! - **Parts.** A report (政府工作报告, 工作总结, 情况报告 …) opens in its review
//!   part. A heading switches the part for the section it opens when it names
//!   one (`一、2024年工作回顾` review, `三、2025年重点工作` or
//!   `二、“十五五”时期主要目标任务` plan; a heading's year later than the
//!   review's year is the plan's); a top-level heading with no cue continues
//!   the part before it (`四、全面加强政府自身建设` after the plan headings).
//!   A sentence that *opens a paragraph* with a forward cue (`下一步，…`,
//!   `2026年，我们将…`, `今年经济社会发展的主要预期目标是`) opens the plan part
//!   for the rest of its section; the same words inside narration
//!   (`圆满完成了年度预期目标`) switch nothing. A plan document has one part,
//!   the plan.
//! - **Blocks.** A block is a paragraph: a source line, cut again before a
//!   run-in heading (`扎实推进就业创业。` opening a run of sentences) and
//!   before the sentence that opens the plan part. Step 3 of the actor rule
//!   looks back only within the block.

use crate::model::Genre;
use crate::segment::{MarkerKind, Segmented};
use crate::util::WordLists;
use serde::Serialize;
use std::ops::Range;

/// The part of a document a sentence belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// The review of past work: its figures are achievements.
    Review,
    /// The plan (targets, tasks, 下一步): its figures are targets.
    Plan,
}

/// What decided a part switch (shown by `taizhang inspect`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartSpan {
    /// The part.
    pub part: Part,
    /// Normalised byte range it covers.
    pub range: Range<usize>,
    /// Why it starts where it does (`heading`, `opening sentence`, `document`).
    pub cue: &'static str,
}

/// The structure of one document.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// The part of each sentence (index as in `Segmented::sentences`).
    pub part: Vec<Part>,
    /// The first sentence of each sentence's block.
    pub block_start: Vec<usize>,
    /// The first sentence of each sentence's run: blocks joined across line
    /// breaks, cut only by run-in headings, sections and parts. A lead-in
    /// before 一是 reaches an item's sentences up to the item's first run-in
    /// heading.
    pub run_start: Vec<usize>,
    /// The parts as contiguous spans, in order.
    pub parts: Vec<PartSpan>,
    /// Whether each sentence belongs to a span of several years (a five-year
    /// review or plan) rather than the document's year.
    pub multi_year: Vec<bool>,
}

/// Words that open a paragraph about several years (五年来, “十四五”时期).
const MULTI_YEAR_OPENERS: &[&str] = &[
    "五年来",
    "过去五年",
    "十年来",
    "“十四五”",
    "十四五",
    "“十三五”",
    "十三五",
    "“十五五”",
    "十五五",
    "“十二五”",
    "十二五",
];
/// Words that open a paragraph about one year (一年来, 过去一年, 2025年，).
const ONE_YEAR_OPENERS: &[&str] = &["一年来", "过去一年", "这一年", "今年", "去年", "刚刚过去的"];

/// Does a heading or paragraph opening name several years (“十五五”时期,
/// 五年来), `Some(false)` one year (一年来, 2025年), `None` neither?
pub fn horizon_of(s: &str, heading: bool) -> Option<bool> {
    let s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '　');
    let s = crate::extract::actor::heading_marker_len(s).map_or(s, |n| &s[n..]);
    if heading {
        let five = s.contains('五') && ["十四五", "十三五", "十五五", "十二五", "五年"].iter().any(|w| s.contains(w));
        let year = s.contains('年')
            && (crate::extract::kind::year_in(s).is_some() || s.contains("今年") || s.contains("一年"));
        return match (five, year) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        };
    }
    // 过去的五年极不寻常 / 五年来 / “十四五”时期: several years named at the opening.
    let opening = &s[..s.char_indices().nth(8).map_or(s.len(), |(k, _)| k)];
    let names_years = ["五年", "十年"].iter().any(|w| opening.contains(w));
    // 十四五 opens a span only as a period (“十四五”时期, 十四五以来), not as
    // a name broken over lines (十三五\n”实现了良好开局).
    let period_named = MULTI_YEAR_OPENERS.iter().any(|w| {
        s.strip_prefix(w).is_some_and(|rest| {
            let rest = rest.trim_start_matches('”');
            ["时期", "期间", "以来", "规划实施", "来"].iter().any(|p| rest.starts_with(p)) || w.contains("年")
        })
    });
    if (period_named || names_years) && !opening.contains("开局") {
        return Some(true);
    }
    let year_opening = s.len() > 7 && s.as_bytes()[..4].iter().all(u8::is_ascii_digit) && s[4..].starts_with('年');
    (ONE_YEAR_OPENERS.iter().any(|w| s.starts_with(w)) || year_opening).then_some(false)
}

/// Words that name the review in a heading.
const REVIEW_HEAD: &[&str] = &[
    "回顾",
    "成就",
    "成效",
    "主要工作",
    "工作总结",
    "完成情况",
    "执行情况",
    "进展情况",
    "落实情况",
    "工作情况",
    "基本情况",
    "过去",
    "一年来",
    "五年来",
    "取得的",
];

/// Words that name the plan in a heading.
const PLAN_HEAD: &[&str] = &[
    "工作安排",
    "工作打算",
    "工作计划",
    "工作思路",
    "工作任务",
    "重点工作",
    "主要任务",
    "目标任务",
    "预期目标",
    "主要目标",
    "总体要求",
    "下一步",
    "今后",
    "明年",
    "下阶段",
    "下一阶段",
    "努力方向",
    "工作建议",
    "意见建议",
    "政策取向",
    "工作重点",
    "十五五",
    "十六五",
];

/// Words that open the plan part when they open a paragraph.
const PLAN_OPENERS: &[&str] = &["下一步", "下步", "今后", "明年", "下阶段", "下一阶段", "展望"];

/// Words that, anywhere in a paragraph's opening sentence, announce the plan.
const PLAN_ANNOUNCE: &[&str] = &["主要预期目标", "预期目标是", "工作安排如下", "重点抓好以下", "重点做好以下"];

static HEAD_WORDS: WordLists = WordLists::new(&[REVIEW_HEAD, PLAN_HEAD]);
const REVIEW_BIT: u32 = 1 << 0;
const PLAN_BIT: u32 = 1 << 1;

/// The part a heading names, if it names one. `review_year`: the year the
/// review covers, when known (a heading with a later year is the plan's).
pub fn heading_part(title: &str, review_year: Option<i32>) -> Option<Part> {
    // One pass: the first word's part, and which lists occur at all.
    let mut first: Option<Part> = None;
    let mut found = 0;
    HEAD_WORDS.each(title, |_, _, bit| {
        first.get_or_insert(if bit == REVIEW_BIT { Part::Review } else { Part::Plan });
        found |= bit;
    });
    // Review words win a heading that names both, when they come first
    // (2025年工作总结和2026年工作计划 opens with the review).
    // 三是坚决打好三大攻坚战，主要目标任务如期完成: the plan word names what
    // was done; the heading narrates the review.
    let done = reports_done(title);
    // (一)全市经济社会发展主要预期目标完成情况: a heading that ends in the
    // status of its plan words (…完成情况, …执行情况) reports on them.
    const STATUS: &[&str] = &["完成情况", "执行情况", "进展情况", "落实情况"];
    let t = title.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '。' | '：' | ':' | '；'));
    if STATUS.iter().any(|w| t.ends_with(w)) {
        return Some(Part::Review);
    }
    if found & PLAN_BIT != 0 && found & REVIEW_BIT == 0 && !done {
        return Some(Part::Plan);
    }
    if let Some(r) = review_year
        && title.contains('年')
        && let Some(y) = crate::extract::kind::year_in(title)
    {
        if y > r {
            return Some(Part::Plan);
        }
        if y < r || found & REVIEW_BIT != 0 || done {
            return Some(Part::Review);
        }
    }
    if done && found & REVIEW_BIT == 0 {
        return None;
    }
    first
}

/// Does a heading report that its targets were met (…目标任务如期完成,
/// …预期目标全面实现, 圆满完成了…)?
fn reports_done(title: &str) -> bool {
    const DONE: &[&str] =
        &["如期完成", "全面完成", "圆满完成", "超额完成", "顺利完成", "基本完成", "全面实现", "如期实现", "顺利实现"];
    title.contains('了') || DONE.iter().any(|w| title.contains(w))
}

/// The first year of a five-year plan named at the opening of `s`
/// (“十四五”时期… → 2021, 十五五 → 2026). The deadlines `“十五五”内` use it
/// too (its last year is this plus four).
pub(crate) fn five_year_start(s: &str) -> Option<i32> {
    let s = s.trim_start_matches(['“', '"']);
    let rest = s.strip_prefix('十')?;
    let (k, rest) = ['一', '二', '三', '四', '五', '六', '七', '八', '九']
        .iter()
        .enumerate()
        .find_map(|(k, c)| rest.strip_prefix(*c).map(|r| (k as i32 + 1, r)))?;
    rest.strip_prefix('五')?;
    // 十一五 (k = 1) began in 2006; each plan after it five years later.
    Some(2006 + 5 * (k - 1))
}

/// Does a paragraph's opening sentence open the plan part? `plan_year`: the
/// year a plan of this document would be for (a paragraph opening
/// `2026年，…将…` looks forward), `gov_report`: 今年 names the plan's year.
pub fn opens_plan(sentence: &str, plan_year: Option<i32>, gov_report: bool) -> bool {
    let s = sentence.trim_start_matches(|c: char| c.is_whitespace() || c == '　');
    // 下一步，我们将… (not 下一步 inside a narration or a title line)
    // (下一步工作已经明确。 narrates.)
    let narrates = s.contains('了') || s.contains("已经");
    if PLAN_OPENERS.iter().any(|w| s.starts_with(w)) && !narrates {
        return true;
    }
    // (今年上半年，我镇…完成了各项工作任务: a report of part of the year
    // narrates the year so far, as 今年以来 does.)
    const SO_FAR: &[&str] =
        &["以来", "上半年", "前三季度", "前两季度", "一季度", "第一季度", "1-", "1—", "1～", "1至", "一至"];
    if gov_report && s.strip_prefix("今年").is_some_and(|r| !SO_FAR.iter().any(|w| r.starts_with(w))) {
        return true;
    }
    // “十四五”时期是开启…的第一个五年。 in the report of 2021: the paragraph
    // sets out the five-year plan that starts in the plan's year (not a
    // review of it: 以来, 了).
    if gov_report
        && let (Some(y), Some(start)) = (plan_year, five_year_start(s))
        && y == start
        && !s.contains('了')
        && !s.contains("以来")
    {
        return true;
    }
    // 鄧輝在報告中提出了2019年…主要預期目標：: the 了 of a verb that sets
    // targets (提出了, 明确了) tells no result.
    static ANNOUNCE: WordLists = WordLists::new(&[PLAN_ANNOUNCE]);
    if ANNOUNCE.in_text(s) != 0 && !tells_done(s) {
        return true;
    }
    // 2022年工作打算：一是…: a paragraph led by a short run-in heading that
    // names the plan.
    // (The lead ends in the plan word: （三）重点工作扎实推进：全年实施… narrates.)
    if let Some(k) = s.find(['：', ':'])
        && s[..k].chars().count() <= 16
        && PLAN_HEAD.iter().any(|w| s[..k].ends_with(w))
        && heading_part(&s[..k], plan_year.map(|y| y - 1)) == Some(Part::Plan)
        && !s[..k].contains('了')
    {
        return true;
    }
    if let Some(y) = plan_year {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        if n == 4
            && s[..4].parse::<i32>().ok() == Some(y)
            && let Some(rest) = s[4..].strip_prefix('年')
        {
            let dated = rest.starts_with(|c: char| c.is_ascii_digit());
            let forward = ["将", "要", "目标", "安排", "计划", "力争", "确保", "是"].iter().any(|w| rest.contains(w));
            return !dated && forward && !rest.contains('了');
        }
    }
    false
}

/// Does `s` hold a 了 other than that of a verb setting targets (提出了,
/// 明确了, 确定了, 制定了)?
fn tells_done(s: &str) -> bool {
    const SETS: &[&str] = &["提出了", "明确了", "确定了", "制定了"];
    s.match_indices('了').any(|(k, _)| !SETS.iter().any(|w| s[..k + '了'.len_utf8()].ends_with(w)))
}

/// Words that open a run-in heading (扎实推进…, 着力…, 加快…): the
/// imperative of a work report's item titles.
const RUN_IN_OPENERS: &[&str] = &[
    "扎实",
    "着力",
    "大力",
    "加快",
    "持续",
    "全力",
    "深入",
    "全面",
    "积极",
    "坚持",
    "推动",
    "推进",
    "强化",
    "深化",
    "加强",
    "提升",
    "统筹",
    "努力",
    "切实",
    "稳步",
    "聚力",
    "突出",
    "聚焦",
    "不断",
    "进一步",
    "更加",
    "更好",
    "有效",
    "有力",
    "坚决",
    "毫不",
    "用心",
    "从严",
    "培育",
    "构建",
    "建设",
    "促进",
    "保障",
    "优化",
    "完善",
    "落实",
    "抓好",
    "办好",
    "做好",
    "主动",
    "精准",
    "纵深",
    "奋力",
    "加速",
    "合力",
    "稳妥",
    "协同",
    "狠抓",
    "抢抓",
    "守牢",
    "筑牢",
    "织密",
    "做强",
    "做优",
    "打好",
    "打造",
    "激发",
    "增强",
    "提高",
    "拓展",
    "扩大",
    "释放",
    "兜牢",
    "守住",
    "用好",
    "发挥",
    "实施",
    "巩固",
    "千方百计",
];

/// Is this sentence a run-in heading (`扎实推进就业创业。`): short, one
/// clause, no figure, closed by 。, opening with an imperative word
/// (高质高效完成政府机构改革。 narrates; it heads nothing)?
pub fn is_run_in_heading(sentence: &str) -> bool {
    let s = sentence.trim();
    let Some(body) = s.strip_suffix('。') else { return false };
    // Twenty characters at most: a longer sentence is not counted through.
    if body.len() > 20 * 4 {
        return false;
    }
    let n = body.chars().count();
    // 一 in an idiom (抢先一步, 上下一心, 深入一线) counts nothing.
    let figure = |c: char| c.is_ascii_digit() || (crate::extract::number::is_cn_digit(c) && c != '一') || c == '%';
    // (The cheap tests first: most sentences fail them.)
    // (一半 is a figure too: 超过一半人口居住在城镇。 reports one.)
    if !(4..=20).contains(&n)
        || body.contains(['，', '；', '：', '、', '“', '（', '('])
        || body.chars().any(figure)
        || body.contains("一半")
    {
        return false;
    }
    // Up to twelve characters (主动抢抓政策先机。, 聚势赋能提升平台承载力。) a
    // short clause is a heading unless it reports a result (高质高效完成政府
    // 机构改革。, 安全生产形势总体稳定。); longer, it must open like one
    // (努力办好人民满意的教育。).
    let opens = RUN_IN_OPENERS.iter().any(|w| s.starts_with(w));
    opens || (n <= 12 && !RESULT_WORDS.iter().any(|w| body.contains(w)))
}

/// Words of a sentence that reports a result rather than heads a run of
/// work (…顺利完成。, …成效显著。, …步伐加快。).
const RESULT_WORDS: &[&str] = &[
    "完成",
    "实现",
    "建成",
    "成功",
    "显著",
    "加快",
    "落实",
    "稳定",
    "取得",
    "圆满",
    "顺利",
    "作报告",
    "作政府",
    "作工作",
    "提高",
    "增强",
    "明显",
];

/// Analyse the structure of a segmented text of the given genre.
/// `gov_report`: the document is a government work report (今年 is the
/// plan's year); `year`: the year the document governs or reports on.
pub fn analyze(text: &str, seg: &Segmented, genre: Genre, year: Option<i32>, gov_report: bool) -> Structure {
    analyze_part(text, seg, genre, year, gov_report, &Carry::default()).0
}

/// What the structure of a document read in parts ([`crate::parts`])
/// carries from one part to the next: the state of [`analyze`]'s passes
/// where the part was cut.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Carry {
    /// How many sentences open the part as context: the heading lines of the
    /// sections still open at the cut, repeated so that the part's outline
    /// starts inside them. The state below applies from the first sentence
    /// after them.
    pub context: usize,
    /// The review's year, once the first part decided it.
    pub review_year: Option<Option<i32>>,
    /// The part of the last top-level heading (a heading with no cue of its
    /// own continues it).
    pub flow: Option<Part>,
    /// The part of text outside every section.
    pub last_top: Option<Part>,
    /// A plan opened by a sentence (2025年工作安排如下：) and still open at
    /// the cut: the depth of its section in the heading path (0: outside
    /// every section).
    pub opened_depth: Option<usize>,
    /// The horizon a paragraph opening set (五年来 / 一年来) at the cut.
    pub horizon: Option<bool>,
    /// This is a later part (the state above applies from sentence
    /// `context`, even when no context opens it).
    pub later: bool,
}

/// [`analyze`] for one part of a document read in parts: `carry` is the
/// state where the previous part ended (its `context` sentences open this
/// one); returns the structure and the state where this part ends.
pub fn analyze_part(
    text: &str,
    seg: &Segmented,
    genre: Genre,
    year: Option<i32>,
    gov_report: bool,
    carry: &Carry,
) -> (Structure, Carry) {
    let mut out_carry = Carry { review_year: carry.review_year, ..Carry::default() };
    let sents = &seg.sentences;
    let outline = &seg.outline;
    let n = sents.len();
    let mut part = vec![if genre == Genre::Plan { Part::Plan } else { Part::Review }; n];
    let mut block_start = vec![0; n];
    let mut run_start = vec![0; n];
    // Which sentences open a line, once for the three passes below (HTML
    // paragraph tags are looked for only in a text that holds one).
    let html = memchr::memmem::find(text.as_bytes(), b"<p").is_some();
    let line_start: Vec<bool> = (0..n).map(|si| starts_line(text, sents, si, html)).collect();
    if genre == Genre::Report {
        // The review's year: the first heading year (一、2024年工作回顾).
        let review_year = carry.review_year.unwrap_or_else(|| {
            let review_year = outline.sections.iter().find_map(|s| {
                let t = &text[s.title.clone()];
                crate::extract::kind::year_in(t).filter(|_| heading_part(t, None) != Some(Part::Plan))
            });
            match (review_year, year) {
                (Some(r), _) => Some(r),
                (None, Some(y)) if gov_report => Some(y - 1),
                (None, y) => y,
            }
        });
        out_carry.review_year = Some(review_year);
        let plan_year = review_year.map(|r| r + 1);
        // The part each section names (or inherits from its parent).
        let mut sec_part: Vec<Option<Part>> = Vec::with_capacity(outline.sections.len());
        let mut flow = carry.flow.unwrap_or(Part::Review);
        for s in &outline.sections {
            let own = heading_part(&text[s.title.clone()], review_year);
            let p = match (own, s.parent) {
                (Some(p), _) => Some(p),
                (None, Some(parent)) => sec_part[parent],
                // A top-level heading with no cue continues the part before it
                // (but an enumeration item is no heading of a part).
                (None, None) if s.marker != MarkerKind::Enum => Some(flow),
                (None, None) => None,
            };
            if s.parent.is_none()
                && s.marker != MarkerKind::Enum
                && let Some(p) = p
            {
                flow = p;
            }
            sec_part.push(p);
        }
        // Sentences: the part of their section, switched to the plan by a
        // paragraph's forward-looking opening sentence until the section ends.
        out_carry.flow = Some(flow);
        let mut opened: Option<(Option<usize>, usize)> = None; // (section, end)
        let mut last_top = carry.last_top.unwrap_or(Part::Review);
        for (si, sent) in sents.iter().enumerate() {
            if carry.later && si == carry.context {
                // The plan a sentence opened before the cut, in the section
                // at that depth of the headings repeated as context.
                opened = match carry.opened_depth {
                    Some(0) => {
                        last_top = Part::Plan;
                        Some((None, text.len()))
                    }
                    Some(d) => outline
                        .path(si.checked_sub(1).and_then(|k| sents[k].section))
                        .into_iter()
                        .filter(|&k| outline.opens_line(text, k))
                        .nth(d - 1)
                        .map(|i| (Some(i), outline.sections[i].range.end)),
                    None => None,
                };
            }
            let base = match sent.section {
                Some(i) => sec_part[i].unwrap_or(last_top),
                None => last_top,
            };
            if sent.section.is_none() {
                last_top = base;
            }
            let starts_line = line_start[si];
            let stext = &text[sent.range.clone()];
            let is_heading = sent.section.is_some_and(|i| outline.sections[i].title.start == sent.range.start);
            if opened.is_some_and(|(_, end)| sent.range.start >= end) {
                opened = None;
            }
            if base == Part::Review && starts_line && !is_heading && opens_plan(stext, plan_year, gov_report) {
                let end = sent.section.map_or(text.len(), |i| outline.sections[i].range.end);
                opened = Some((sent.section, end));
                if sent.section.is_none() {
                    last_top = Part::Plan;
                }
            }
            part[si] = if opened.is_some() { Part::Plan } else { base };
        }
        out_carry.last_top = Some(last_top);
        // (Depth among the headings repeated as context: an inline 二是 item
        // is not repeated, and a plan it opened ends with the cut.)
        let heading_depth = |i: usize| outline.path(Some(i)).iter().filter(|&&k| outline.opens_line(text, k)).count();
        out_carry.opened_depth = opened
            .filter(|&(sec, end)| end >= text.len() && sec.is_none_or(|i| outline.opens_line(text, i)))
            .map(|(sec, _)| sec.map_or(0, heading_depth));
    }
    // Blocks: lines, cut before run-in headings and where the part changes.
    for si in 0..n {
        let r = &sents[si].range;
        let cut = si == 0
            || part[si] != part[si - 1]
            || sents[si].section != sents[si - 1].section
            || (si + 1 < n && sents[si + 1].paragraph == sents[si].paragraph && is_run_in_heading(&text[r.clone()]));
        block_start[si] = if cut || line_start[si] { si } else { block_start[si - 1] };
        run_start[si] = if cut { si } else { run_start[si - 1] };
    }
    // Horizon: a heading that names several years and no single year marks
    // its section; within a section, a paragraph that opens on several years
    // (五年来，…) or on one (一年来，…) sets it until the next such opening.
    let mut multi_year = vec![false; n];
    // (The structure of a plan document has no review; its horizon is read the same way.)
    let mut sec_multi: Vec<Option<bool>> = Vec::with_capacity(outline.sections.len());
    for s in &outline.sections {
        let own = horizon_of(&text[s.title.clone()], true);
        sec_multi.push(own.or_else(|| s.parent.and_then(|p| sec_multi[p])));
    }
    let mut current: Option<bool> = None;
    for si in 0..n {
        if carry.later && si == carry.context {
            current = carry.horizon;
        }
        let sec = sents[si].section;
        let base = sec.and_then(|i| sec_multi[i]).unwrap_or(false);
        let is_heading = sec.is_some_and(|i| outline.sections[i].title.start == sents[si].range.start);
        if is_heading {
            current = None;
        }
        if !is_heading
            && line_start[si]
            && let Some(m) = horizon_of(&text[sents[si].range.clone()], false)
        {
            current = Some(m);
        }
        multi_year[si] = current.unwrap_or(base);
    }
    out_carry.horizon = current;
    let mut parts: Vec<PartSpan> = Vec::new();
    for (si, s) in sents.iter().enumerate() {
        match parts.last_mut() {
            Some(last) if last.part == part[si] => last.range.end = s.range.end,
            _ => {
                let cue = if si == 0 {
                    "document"
                } else if s.section.is_some_and(|i| outline.sections[i].title.start == s.range.start) {
                    "heading"
                } else {
                    "opening sentence"
                };
                parts.push(PartSpan { part: part[si], range: s.range.clone(), cue });
            }
        }
    }
    if carry.later && carry.context >= n {
        // No sentence of its own (white space only): the state goes on.
        out_carry = Carry { context: 0, ..carry.clone() };
    }
    (Structure { part, block_start, run_start, parts, multi_year }, out_carry)
}

/// Does sentence `si` open a line (only white space before it on its line,
/// or a paragraph tag of HTML left in a text: `</p> <p class="…">`)? Only
/// the sentences just before it are read (sentences tile the text), so a
/// document of one long line costs its length once, not once per sentence.
fn starts_line(text: &str, sents: &[crate::segment::Sentence], si: usize, html: bool) -> bool {
    let blank = |s: &str| s.chars().all(|c| c.is_whitespace() || c == '　' || c == '\u{200b}');
    // A sentence that opens with a paragraph tag (</p> <p class="…"> 截止目前…).
    if html {
        let own = text[sents[si].range.clone()].trim_start();
        if own.starts_with("<p") || own.starts_with("</p>") {
            return true;
        }
    }
    let mut k = si;
    // A few blank sentences may stand between it and the line break.
    for _ in 0..4 {
        let Some(prev) = k.checked_sub(1) else { return true };
        let p = &text[sents[prev].range.clone()];
        if let Some(nl) = memchr::memrchr(b'\n', p.as_bytes()) {
            return blank(&p[nl + 1..]);
        }
        // <p …> right before (what follows the tag's '>' is white space).
        if html
            && let Some(t) = p.rfind("<p")
            && let Some(e) = p[t..].find('>')
        {
            return blank(&p[t + e + 1..]);
        }
        if !blank(p) {
            return false;
        }
        k = prev;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_name_parts() {
        let rows: &[(&str, Option<i32>, Option<Part>)] = &[
            ("一、2024年工作回顾", Some(2024), Some(Part::Review)),
            ("三、2025年政府工作任务", Some(2024), Some(Part::Plan)),
            ("二、“十五五”时期的主要目标任务", Some(2025), Some(Part::Plan)),
            ("一、2025年主要工作和“十四五”发展成就", Some(2025), Some(Part::Review)),
            ("三、关于2026年工作", Some(2025), Some(Part::Plan)),
            ("四、全面加强政府自身建设", Some(2025), None),
            ("二、存在的问题和下一步打算", Some(2022), Some(Part::Plan)),
            ("一、2022年工作总结和2023年工作计划", Some(2022), Some(Part::Review)),
            ("二、2024年工作安排", Some(2023), Some(Part::Plan)),
            ("三是坚决打好三大攻坚战，主要目标任务如期完成", Some(2020), None),
            ("（三）2025年主要目标任务全面完成", Some(2025), Some(Part::Review)),
            ("(一)全市经济社会发展主要预期目标完成情况", Some(2021), Some(Part::Review)),
            ("二、2026年重点工作落实情况", Some(2026), Some(Part::Review)),
        ];
        for (t, y, want) in rows {
            assert_eq!(heading_part(t, *y), *want, "{t}");
        }
    }

    #[test]
    fn opening_sentences() {
        assert!(opens_plan("下一步，我们将继续抓好以下工作：", Some(2023), false));
        assert!(opens_plan("2026年，全省经济社会发展的主要预期目标是：", Some(2026), true));
        assert!(opens_plan("今年经济社会发展的主要预期目标是：", Some(2019), true));
        assert!(!opens_plan("今年以来，我们共开展督查12次。", Some(2019), false));
        assert!(!opens_plan("今年上半年，我镇坚持稳中求进，较好地完成了各项工作任务。", Some(2022), true));
        assert!(opens_plan(
            "今年是全面实施“十四五”规划的关键之年，为了做好今年工作，要把握好以下原则。",
            Some(2022),
            true
        ));
        assert!(opens_plan("今年是关键一年，省委对今年工作作出了全面部署。", Some(2022), true));
        assert!(!opens_plan("今年上半年，全县实现地区生产总值52亿元。", Some(2022), true));
        assert!(!opens_plan("今年1-11月，街道实现财政总收入18.35亿元。", Some(2022), true));
        assert!(!opens_plan("全年圆满完成了年度预期目标。", Some(2019), true));
        // A verb that sets the targets; a run-in heading naming the plan.
        assert!(opens_plan(
            "区长在报告中提出了2019年经济社会发展主要预期目标：区属地区生产总值增长9%",
            Some(2019),
            false
        ));
        assert!(!opens_plan("区长在报告中提出了目标，实现了主要预期目标。", Some(2019), false));
        assert!(opens_plan("2022年工作打算：一是抓耕地保护，牢牢守住基本农田20万亩", Some(2023), false));
        assert!(opens_plan("下一步工作计划：继续抓好…", Some(2023), false));
        assert!(!opens_plan("2022年工作完成情况：全年完成投资12亿元", Some(2023), false));
        assert!(!opens_plan("主要做法：一是完成了造林1万亩", Some(2023), false));
        assert!(!opens_plan("（三）重点工作扎实推进：全年实施重点项目45个，完成投资38亿元", Some(2023), false));
        assert!(!opens_plan("2025年，我们完成了生产总值增长5.5%的目标。", Some(2025), true));
        assert!(!opens_plan("今年是十四五收官之年。", Some(2025), false));
        // (The cases of the forward-word rule this stage replaced.)
        assert!(opens_plan("2023年，**党组将继续以…为指导", Some(2023), false));
        assert!(!opens_plan("2022年，在市委的正确领导下", Some(2023), false));
        assert!(!opens_plan("明确了党委主体责任X项重点工作任务", Some(2018), false));
        // A five-year plan that starts in the plan's year, in a work report.
        assert!(opens_plan("“十四五”时期是开启全面建设社会主义现代化国家新征程的第一个五年。", Some(2021), true));
        assert!(opens_plan("“十五五”时期，我省经济社会发展的主要目标是：", Some(2026), true));
        assert!(!opens_plan("“十四五”时期，我省经济总量连跨两个万亿元台阶。", Some(2026), true));
        assert!(!opens_plan("“十四五”以来，我们坚持稳中求进。", Some(2021), true));
        assert!(!opens_plan("“十四五”时期是开启新征程的第一个五年。", Some(2021), false));
    }

    #[test]
    fn five_year_plans() {
        for (s, want) in [
            ("“十四五”时期", Some(2021)),
            ("十三五期间", Some(2016)),
            ("“十五五”规划", Some(2026)),
            ("十一五", Some(2006)),
            ("十分重要", None),
            ("十五年来", None),
        ] {
            assert_eq!(five_year_start(s), want, "{s}");
        }
    }

    #[test]
    fn run_in_headings() {
        assert!(is_run_in_heading("扎实推进就业创业。"));
        assert!(is_run_in_heading("努力办好人民满意的教育。"));
        assert!(!is_run_in_heading("城镇新增就业45万人。"));
        assert!(!is_run_in_heading("这一年，我们千方百计稳就业。"));
        assert!(!is_run_in_heading("高质高效完成政府机构改革。"), "narration, not a heading");
        assert!(is_run_in_heading("多方释放消费潜力。"));
        assert!(is_run_in_heading("聚势赋能提升平台承载力。"));
        assert!(is_run_in_heading("抢先一步抓政策机遇。"), "一 of an idiom");
        assert!(!is_run_in_heading("超过一半人口居住在城镇。"), "一半 is a figure");
        assert!(is_run_in_heading("以重大改革释放引领效应。"));
        assert!(!is_run_in_heading("安全生产形势总体稳定。"), "a result");
        assert!(!is_run_in_heading("第五次经济普查圆满完成。"));
        assert!(!is_run_in_heading("省长毛伟明作政府工作报告。"));
        // 作 of 工作 and 合作 reports nothing.
        assert!(is_run_in_heading("深化区域合作。"));
        assert!(is_run_in_heading("做实基层工作。"));
    }

    fn parts_of(text: &str, genre: Genre, year: Option<i32>, gov: bool) -> Vec<(String, Part)> {
        let seg = crate::segment::segment(text);
        let st = analyze(text, &seg, genre, year, gov);
        seg.sentences
            .iter()
            .zip(&st.part)
            .filter(|(s, _)| !text[s.range.clone()].trim().is_empty())
            .map(|(s, p)| (text[s.range.clone()].trim().to_string(), *p))
            .collect()
    }

    #[test]
    fn a_report_with_two_parts() {
        let text = "各位代表：\n一、过去一年工作\n这一年，我们新修乡村公路420公里。\n下一步工作已经明确。我们圆满完成了年度预期目标。\n二、今年主要预期目标\n新修乡村公路300公里以上。\n三、全面加强政府自身建设\n政务服务事项办理时限压缩50%。\n";
        let p = parts_of(text, Genre::Report, Some(2025), true);
        let get = |s: &str| p.iter().find(|(t, _)| t.contains(s)).map(|(_, p)| *p);
        assert_eq!(get("420公里"), Some(Part::Review));
        assert_eq!(get("年度预期目标"), Some(Part::Review), "narration does not switch parts");
        assert_eq!(get("300公里"), Some(Part::Plan));
        assert_eq!(get("压缩50%"), Some(Part::Plan), "a top-level heading with no cue continues the plan");
    }

    #[test]
    fn an_opening_sentence_opens_the_plan() {
        let text = "今年以来，全镇完成投资5亿元。\n下一步，我们将新建道路10公里。\n";
        let p = parts_of(text, Genre::Report, Some(2024), false);
        assert_eq!(p[0].1, Part::Review);
        assert_eq!(p[1].1, Part::Plan);
    }

    #[test]
    fn blocks_are_lines_cut_at_run_in_headings() {
        let text = "全省压减一般性支出12亿元。扎实推进就业创业。城镇新增就业45万人。\n这一年，我们千方百计稳就业。新增城镇就业2.1万人。\n";
        let seg = crate::segment::segment(text);
        let st = analyze(text, &seg, Genre::Report, Some(2025), true);
        let idx = |s: &str| seg.sentences.iter().position(|x| text[x.range.clone()].contains(s)).unwrap();
        assert_eq!(st.block_start[idx("45万人")], idx("扎实推进"));
        assert_eq!(st.block_start[idx("2.1万人")], idx("这一年"));
    }
}
