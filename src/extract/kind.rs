//! Kind (target or achievement) and modality.
//!
//! A plan's figures are targets. A report's figures are achievements, except
//! in its plan part (decided by the structure stage, `crate::structure`) and
//! for a norm in force quoted in its past-work part (a limit inside
//! 标准/规定/必须/严格按…执行).

use super::context::SentenceCtx;
use super::quantity::Candidate;
use crate::model::{Comparator, Genre, Kind, Modality};
use crate::util::WordLists;
use std::ops::Range;

/// The first year (19xx/20xx, followed by 年) written in `s`.
pub fn year_in(s: &str) -> Option<i32> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(4)).find_map(|i| {
        let w = &b[i..i + 4];
        let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
        let is_year = before_ok
            && w.iter().all(u8::is_ascii_digit)
            && (w.starts_with(b"19") || w.starts_with(b"20"))
            && s.get(i + 4..).is_some_and(|r| r.starts_with('年'));
        if is_year { s[i..i + 4].parse().ok() } else { None }
    })
}

/// Does the sentence state a norm in force (a limit under a standard)?
pub fn is_norm(sentence: &str, cmp: Comparator) -> bool {
    matches!(cmp, Comparator::Le | Comparator::Lt) && Cues::of(sentence).has(NORM)
}

/// Narration of past results (去年…完成了, 过去五年…共投入).
pub fn narrates_past(sentence: &str) -> bool {
    Flags::of(sentence).past
}

/// Does the text right after a figure cite it as a norm (…不少于2次的要求)?
pub fn cites_norm(after: &str) -> bool {
    ["的要求", "的标准", "的规定", "的目标"].iter().any(|w| after.starts_with(w))
}

/// Words of a directive (各乡镇要于7月底前完成, 必须, 限期): in a report
/// such a sentence sets a target.
const DIRECTIVE_WORDS: &[&str] = &[
    "要在",
    "要于",
    "要对",
    "要把",
    "要切实",
    "要进一步",
    "要严格",
    "要认真",
    "要加强",
    "要确保",
    "要及时",
    "要按时",
    "要按照",
    "要坚持",
    "必须",
    "务必",
    "应当",
    "须于",
    "须在",
    "限期",
    "将于",
];

/// Does the text give a directive?
pub fn directive(s: &str) -> bool {
    Cues::of(s).has(DIRECTIVE)
}

/// Words that mark a norm in force.
const NORM_WORDS: &[&str] = &["标准", "规定", "必须", "严格按", "执行", "不得", "严禁"];
/// Words that open a narration of past results.
const PAST_WORDS: &[&str] = &["去年", "上年", "过去一年", "过去五年", "过去三年", "一年来", "五年来", "几年来"];

/// The word lists a sentence is read against, in [`CUE_LISTS`] order.
const NORM: u32 = 1 << 0;
const PAST: u32 = 1 << 1;
const DIRECTIVE: u32 = 1 << 2;
static CUE_LISTS: WordLists = WordLists::new(&[NORM_WORDS, PAST_WORDS, DIRECTIVE_WORDS]);

/// Which of the kind word lists occur in a sentence: one pass over it
/// ([`WordLists`]) instead of one search per word.
#[derive(Debug, Clone, Copy)]
pub struct Cues(u32);

impl Cues {
    /// The cues of `s`.
    pub fn of(s: &str) -> Self {
        Cues(CUE_LISTS.in_text(s))
    }
    fn has(self, list: u32) -> bool {
        self.0 & list != 0
    }
}

/// A past word used to narrate (去年…完成了, 过去五年，…累计), not to compare
/// (比去年增长, 较上年): it opens the sentence, or the sentence tells what was
/// done (了, 累计).
fn narrates_the_past(sentence: &str) -> bool {
    let opening = sentence.trim_start();
    let opens = PAST_WORDS.iter().any(|w| opening.starts_with(w));
    let narrated = PAST_WORDS
        .iter()
        .any(|w| sentence.match_indices(w).any(|(k, _)| !sentence[..k].ends_with(['比', '较', '于', '同'])))
        && (sentence.contains('了') || sentence.contains("累计"));
    opens || narrated
}

/// Does `sentence` open with a year before `year` (or 截至/截止 and such a
/// year) and narrate what was done ([`Flags::with_dated_past`])?
fn narrates_dated_past(sentence: &str, year: i32) -> bool {
    let opening = sentence.trim_start();
    let (total, dated) = match opening.strip_prefix("截至").or_else(|| opening.strip_prefix("截止")) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, opening),
    };
    let b = dated.as_bytes();
    let opens_with_year = b.len() >= 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && dated[4..].starts_with('年')
        && !dated[4 + '年'.len_utf8()..].starts_with(['前', '起', '至', '到', '—', '-', '～'])
        && dated[..4].parse::<i32>().is_ok_and(|y| (1949..year).contains(&y));
    if !opens_with_year {
        return false;
    }
    // A sentence that also looks forward (…达到65%，力争到2025年提高到68%)
    // keeps its part's kind.
    const FORWARD: &[&str] = &["力争", "争取", "确保", "计划", "预计", "到20", "将于", "将在", "要在", "要把"];
    if FORWARD.iter().any(|w| sentence.contains(w)) {
        return false;
    }
    total || perfective(sentence) || sentence.contains("累计") || sentence.contains('已')
}

/// Does `s` hold 了 as an aspect marker (完成了, 签订了), not in 为了, 除了 or
/// 了解?
pub fn perfective(s: &str) -> bool {
    s.match_indices('了').any(|(k, _)| !s[..k].ends_with(['为', '除']) && !s[k + '了'.len_utf8()..].starts_with('解'))
}

/// Does the clause before a figure introduce it as the plan (年计划完成产值80亿元,
/// 目标任务3000万元, 年内计划开工项目42个)? Such a figure in a review is a target.
pub fn introduces_plan(before: &str) -> bool {
    let tail = &before[crate::util::nth_char_back(before, 12).unwrap_or(0)..];
    let Some(k) = ["计划", "目标任务", "目标为", "目标是", "任务数", "预期目标"]
        .iter()
        .filter_map(|w| crate::util::rfind_str(tail, w))
        .max()
    else {
        return false;
    };
    // 超计划, 完成了计划, 计划完成率: the figure measures the result.
    let after = &tail[k..];
    !tail[..k].ends_with(['超', '了']) && !after.contains('率') && !after.contains("完成了") && !after.contains('超')
}

/// Is the figure the task a result is then reported against (高标准农田建设考核指标
/// 23.1万亩，完成28.69万亩; 农村改厕任务38283座，完成38649座)? `before`: the
/// figure's clause up to it; `after`: the sentence after it. The figure
/// closes a clause naming a task, 指标 or 目标, and the next clause opens
/// with its completion. Such a figure in a report is a target.
fn task_then_result(before: &str, after: &str) -> bool {
    let head = before.trim_end_matches(['为', '是', '：', ':']);
    if !["任务", "指标", "目标"].iter().any(|w| head.ends_with(w)) {
        return false;
    }
    let Some(next) = after.strip_prefix(['，', ',']) else { return false };
    let next = ["实际", "已经", "已", "共", "累计"].iter().find_map(|w| next.strip_prefix(w)).unwrap_or(next);
    if !next.starts_with("完成") || next.starts_with("完成率") {
        return false;
    }
    // (计划完成造林任务 plans the completion; it tells nothing done. Asked
    // last: most figures of a report end the test above, before this copy.)
    let told = before.replace("计划完成", "");
    !tells_done(&told)
}

/// Does `s` tell something done (完成, 实际, 累计, 实现, 了, 超)? One pass over
/// it ([`WordLists`]) instead of a search per word.
fn tells_done(s: &str) -> bool {
    static DONE: WordLists = WordLists::new(&[&["完成", "实际", "累计", "实现", "了", "超"]]);
    DONE.in_text(s) != 0
}

/// Does the clause before a figure check a result against it (投资完成率是否达到40%)?
/// The figure is then the bar, a target, even in a report.
fn checks_against(before: &str) -> bool {
    let tail = &before[crate::util::nth_char_back(before, 6).unwrap_or(0)..];
    tail.contains("是否")
}

/// Is the figure inside brackets that are cited as a requirement (“四率”(…开工率
/// 达到90%;…按期竣工率达到100%)的总体要求)? The bracket closes within 200
/// bytes after the figure (a bracket never closed, or closed far away, cites
/// nothing).
fn bracket_cites_norm(s: &SentenceCtx, c: &Candidate) -> bool {
    let mut end = s.range.end.min(c.raw.end + 200);
    while !s.text.is_char_boundary(end) {
        end -= 1;
    }
    let Some(after) = s.text.get(c.raw.end..end) else { return false };
    let mut depth = 0i32;
    for (k, ch) in after.char_indices() {
        match ch {
            '(' | '（' => depth += 1,
            ')' | '）' if depth == 0 => {
                let rest = &after[k + ch.len_utf8()..];
                return ["的总体要求", "的工作要求", "的目标要求"].iter().any(|w| rest.starts_with(w))
                    || cites_norm(rest);
            }
            ')' | '）' => depth -= 1,
            '。' => return false,
            _ => {}
        }
    }
    false
}

/// Does a figure total or itemise a planned count before it (年内计划开工项目42个,
/// 总投资14.03亿元,(包括:…项目12个…))? The figures of one stretch up to a ；
/// outside brackets follow the first; when it is introduced as the plan
/// ([`introduces_plan`]), so are they. (The stretch is sought at most 400
/// bytes back.)
/// `clause`: the figure's own clause.
fn follows_plan(s: &SentenceCtx, clause: &Range<usize>, c: &Candidate) -> bool {
    let mut from = c.raw.start.saturating_sub(400).max(s.range.start);
    while !s.text.is_char_boundary(from) {
        from -= 1;
    }
    let before = &s.text[from..c.raw.start];
    // (A result reported against the plan is not the plan: 年计划完成产值80亿元，
    // 实际完成85亿元.)
    let own = &s.text[clause.start.max(from)..c.raw.start];
    if tells_done(own) {
        return false;
    }
    // The last ； outside brackets (those inside the bracket the figure is
    // in, if any, separate its items).
    let mut depth = 0i32;
    let mut seg = from;
    for (k, ch) in before.char_indices() {
        match ch {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = (depth - 1).max(0),
            ';' | '；' | '。' if depth == 0 => seg = from + k + ch.len_utf8(),
            _ => {}
        }
    }
    let acc = &s.figures.accepted;
    let first = acc.partition_point(|f| f.raw.start < seg);
    let Some(f) = acc.get(first).filter(|f| f.raw.start < c.raw.start) else { return false };
    let cl = &s.clauses[s.clause_of(f.num.start)];
    introduces_plan(&s.text[cl.start.max(seg)..f.raw.start])
}

/// What a sentence says about the kind of its figures, computed once per
/// sentence (a sentence often holds several figures).
#[derive(Debug, Clone, Copy)]
pub struct Flags {
    past: bool,
    directive: bool,
    norm_words: bool,
}

impl Flags {
    /// Read the flags of `sentence`.
    pub fn of(sentence: &str) -> Self {
        Self::from_cues(sentence, Cues::of(sentence))
    }
    /// Read the flags of `sentence` from its cues.
    pub fn from_cues(sentence: &str, c: Cues) -> Self {
        Flags { past: c.has(PAST) && narrates_the_past(sentence), directive: c.has(DIRECTIVE), norm_words: c.has(NORM) }
    }
    /// The flags with a dated narration of the past read too: a sentence
    /// that opens with a year before the document's (`year`), or with
    /// 截至/截止 and such a year, and tells what was done (了, 累计, 已; a
    /// running total needs none) narrates results, whatever part it lies in
    /// (a plan's background: 截止2015年12月31日,全市户籍人口531.59万 in a plan of
    /// 2017; a 责任书's news: 2005年,我省…实现了进一步好转,…下降19.68% in 2006).
    /// A milestone of a plan (2023年,建成50个) tells nothing done and stays a
    /// target.
    pub fn with_dated_past(self, sentence: &str, year: Option<i32>) -> Self {
        Flags { past: self.past || year.is_some_and(|y| narrates_dated_past(sentence, y)), ..self }
    }
    /// The flags with the directive read from the figure's own clause
    /// (a review sentence that narrates 坚持…要求 around a result is no
    /// directive for that result).
    pub fn with_directive(self, directive: bool) -> Self {
        Flags { directive, ..self }
    }
}

/// The kind of a figure. `norm_ref`: the figure is cited as a requirement.
pub fn kind(genre: Genre, future: bool, sentence: &str, cmp: Comparator, norm_ref: bool) -> Kind {
    kind_with(genre, future, Flags::of(sentence), cmp, norm_ref)
}

/// [`kind`] with the sentence's flags already read.
pub fn kind_with(genre: Genre, future: bool, f: Flags, cmp: Comparator, norm_ref: bool) -> Kind {
    if norm_ref || (genre == Genre::Report && f.directive && !f.past) {
        return Kind::Target;
    }
    let norm = f.norm_words && matches!(cmp, Comparator::Le | Comparator::Lt);
    match genre {
        _ if f.past => Kind::Achievement,
        Genre::Plan => Kind::Target,
        Genre::Report if future || norm => Kind::Target,
        Genre::Report => Kind::Achievement,
    }
}

/// The kind of a figure (`cand`, with comparator `cmp`) or of a deadline
/// (`cand` is `None`) in clause `ci` of sentence `s`: the part the sentence
/// lies in, the words of the sentence, a directive in the figure's own
/// clause (in a report), and a figure cited as a norm or introduced as the
/// plan.
pub fn resolve(s: &SentenceCtx, ci: usize, cand: Option<&Candidate>, cmp: Comparator) -> Kind {
    let clause = s.clauses[ci].clone();
    // 不少于2次的要求 cites a norm; 年计划完成产值80亿元 states the plan.
    let norm_ref = cand.is_some_and(|c| {
        let before = &s.text[clause.start..c.raw.start];
        cites_norm(&s.text[c.raw.end..s.range.end])
            || introduces_plan(before)
            || checks_against(before)
            || task_then_result(before, &s.text[c.raw.end..s.range.end])
            || bracket_cites_norm(s, c)
            || follows_plan(s, &clause, c)
    });
    // (A directive decides only in a report.)
    let directive = s.genre == Genre::Report && directive(&s.text[clause]);
    kind_with(s.genre, s.in_plan, s.flags.with_directive(directive), cmp, norm_ref)
}

/// The kind of the sentence as a whole, with no figure: whether its
/// deadlines bind anything (a report's narrated dates do not).
pub fn of_sentence(s: &SentenceCtx) -> Kind {
    kind_with(s.genre, s.in_plan, s.flags, Comparator::Eq, false)
}

/// The modality of a clause, given the kind.
pub fn modality(kind: Kind, clause: &str) -> Modality {
    if kind == Kind::Achievement {
        return Modality::None;
    }
    // Prohibitions, then aims; both lists in one pass over the clause.
    static WORDS: WordLists = WordLists::new(&[
        &["不得", "严禁", "禁止", "不准", "杜绝", "不允许"],
        &["力争", "争取", "鼓励", "努力", "尽量", "尽可能"],
    ]);
    // The bits of the two lists.
    const MUST_NOT: u32 = 1 << 0;
    const SHOULD: u32 = 1 << 1;
    let found = WORDS.in_text(clause);
    if found & MUST_NOT != 0 {
        Modality::MustNot
    } else if found & SHOULD != 0 {
        Modality::Should
    } else {
        Modality::Must
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kind of each figure of `text` read as a report's review.
    fn kinds(text: &str) -> Vec<(String, Kind)> {
        let doc = crate::document::Document::analyze("t.txt", format!("2024年上半年工作总结\n{text}\n"));
        crate::extract::extract(&doc)
            .requirements
            .iter()
            .filter_map(|r| Some((r.quantity.as_ref()?.raw.clone(), r.kind)))
            .collect()
    }

    #[test]
    fn plans_and_bars_inside_a_review() {
        use Kind::{Achievement as A, Target as T};
        let rows: &[(&str, &[(&str, Kind)])] = &[
            (
                "其中，竣工项目3个，总投资1490万元；年内计划开工项目42个，总投资14.03亿元，（包括：已立项的项目12个，总投资2.98亿元；正在准备立项手续的项目19个）。",
                &[
                    ("3个", A),
                    ("1490万元", A),
                    ("42个", T),
                    ("14.03亿元", T),
                    ("12个", T),
                    ("2.98亿元", T),
                    ("19个", T),
                ],
            ),
            ("年计划完成产值80亿元，实际完成85亿元。", &[("80亿元", T), ("85亿元", A)]),
            (
                "按照《全省百大项目“夏季大会战”方案要求》“四率”（自6月1日至9月10日项目开工率达到90%；投资完成率达到年度计划的80%；资金到位率达到80%；按期竣工率达到100%）的总体要求，重点督办投资完成率是否达到40%，已开工项目投资完成率为35%。",
                &[("90%", T), ("年度计划的80%", T), ("100%", T), ("40%", T), ("35%", A)],
            ),
        ];
        for (text, want) in rows {
            let got = kinds(text);
            for (fig, k) in *want {
                let g = got.iter().find(|(r, _)| r.contains(fig)).map(|(_, k)| *k);
                assert_eq!(g, Some(*k), "{fig} in {text}: {got:?}");
            }
        }
    }

    #[test]
    fn a_dated_narration_of_the_past_inside_a_plan() {
        use Kind::{Achievement as A, Target as T};
        // (sentence, figure, kind) in a plan of 2017.
        let rows: &[(&str, &str, Kind)] = &[
            ("截止2015年12月31日，全市户籍人口531.59万，60周岁以上老年人口87.36万人。", "87.36万人", A),
            ("截至2016年底，全市累计建成养老机构120家。", "120家", A),
            ("2016年，全市新增养老床位3000张，完成了年度任务。", "3000张", A),
            ("2016年以来，全市已建成社区养老服务站85个。", "85个", A),
            // A milestone tells nothing done; the document's own year and
            // later years are the plan's.
            ("2016年，全市新增养老床位3000张。", "3000张", T),
            ("2017年，全市已建成的养老机构全部达标，新增床位2000张。", "2000张", T),
            ("2018年底前，完成了摸底的村居全部建成服务站，建成40个。", "40个", T),
            ("为了2016年的目标，新增床位500张。", "500张", T),
            ("截至2016年底，全市森林覆盖率达到65%，力争到2020年提高到68%。", "68%", T),
            ("2016年至2020年，累计建成养老机构30家。", "30家", T),
            ("到2020年，全市老年人口达到110万人左右。", "110万人左右", T),
        ];
        for (text, fig, k) in rows {
            let doc =
                crate::document::Document::analyze("t.txt", format!("XX市老龄事业发展实施方案（2017年）\n{text}\n"));
            assert_eq!(doc.meta.year, Some(2017), "{text}");
            let got: Vec<_> = crate::extract::extract(&doc)
                .requirements
                .iter()
                .filter_map(|r| Some((r.quantity.as_ref()?.raw.clone(), r.kind)))
                .collect();
            let g = got.iter().find(|(r, _)| r.contains(fig)).map(|(_, k)| *k);
            assert_eq!(g, Some(*k), "{fig} in {text}: {got:?}");
        }
    }

    #[test]
    fn table() {
        assert_eq!(kind(Genre::Report, false, "未达到每月不少于2次的要求", Comparator::Ge, true), Kind::Target);
        assert_eq!(
            kind(Genre::Report, true, "过去五年，全县共投入资金12.6亿元", Comparator::Eq, false),
            Kind::Achievement
        );
        assert!(cites_norm("的要求。"));
        assert!(checks_against("重点督办已开工项目投资完成率是否达到"));
        assert!(!checks_against("投资完成率达到"));
        // The task, then its completion: the task is the bar.
        assert!(task_then_result("高标准农田建设考核指标", "，完成28.69万亩，完成率124.2%"));
        assert!(task_then_result("农村改厕任务", "，实际完成38649座"));
        assert!(task_then_result("全年目标任务为", "，已完成3.2亿元"));
        assert!(task_then_result("全年计划完成造林任务", "，实际完成2.3万亩"));
        // A task reported done, a count of tasks with no result after it, a rate.
        assert!(!task_then_result("完成造林任务", "，完成率100%"));
        assert!(!task_then_result("主要经济指标任务", "，其中序时进度达标8项"));
        assert!(!task_then_result("超额完成目标任务", "，完成12亿元"));
        assert!(!task_then_result("全年完成改厕任务", "，完成率101%"));
        assert_eq!(year_in("三、2025年政府工作任务"), Some(2025));
        assert_eq!(year_in("第12025年"), None);
        assert!(is_norm("严格按“每人每天用餐费用不超过XX元的标准执行", Comparator::Le));
        assert_eq!(kind(Genre::Report, false, "共查处问题X个", Comparator::Eq, false), Kind::Achievement);
        assert_eq!(kind(Genre::Report, true, "年内开展不少于4次", Comparator::Ge, false), Kind::Target);
        assert_eq!(kind(Genre::Plan, false, "每年开展廉政学习不少于12次", Comparator::Ge, false), Kind::Target);
        assert_eq!(modality(Kind::Target, "严禁超标准接待"), Modality::MustNot);
        assert_eq!(modality(Kind::Target, "力争达到95%"), Modality::Should);
    }
}
