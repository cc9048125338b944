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
        cites_norm(&s.text[c.raw.end..s.range.end]) || introduces_plan(&s.text[clause.start..c.raw.start])
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

    #[test]
    fn table() {
        assert_eq!(kind(Genre::Report, false, "未达到每月不少于2次的要求", Comparator::Ge, true), Kind::Target);
        assert_eq!(
            kind(Genre::Report, true, "过去五年，全县共投入资金12.6亿元", Comparator::Eq, false),
            Kind::Achievement
        );
        assert!(cites_norm("的要求。"));
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
