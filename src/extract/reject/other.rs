//! Points, names that hold a numeral, rate denominators.

use super::{Ctx, Rule};
use crate::extract::units::UnitClass;

/// 扣2分, 得5分, 满分10分, 十分紧张: points (or 十分 "very") are never requirements.
/// A figure whose own clause scores points (少1次扣2分, 低于90%的不得分) is the
/// condition of a score, not an obligation. Text in brackets does not count:
/// 不少于1次(未达到扣2分) keeps its obligation.
pub fn points(ctx: &Ctx) -> Option<Rule> {
    if ctx.cand.unit.as_ref()?.class == UnitClass::Points {
        return Some(Rule::Points);
    }
    // The rest of the clause outside brackets, read once: 不得分 in it, or
    // 扣/减/加/得 with 分 and a figure.
    let mut depth = 0i32;
    let (mut last2, mut last) = ('\0', '\0');
    let (mut no_points, mut verb, mut fen, mut figure) = (false, false, false, false);
    for c in ctx.after().chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            '，' | '；' | '。' | '\n' if depth <= 0 => break,
            _ if depth <= 0 => {
                no_points |= last2 == '不' && last == '得' && c == '分';
                verb |= matches!(c, '扣' | '减' | '加' | '得');
                fen |= c == '分';
                figure |= c.is_ascii_digit() || crate::extract::number::is_cn_digit(c) || c == 'X';
                (last2, last) = (last, c);
            }
            _ => {}
        }
    }
    let scores = no_points || (verb && fen && figure);
    scores.then_some(Rule::Points)
}

/// `XX村`, `xxx 村`: a redaction right before 村 names a village; a count of
/// villages is written with a classifier (`XX个村`).
pub fn redacted_place(ctx: &Ctx) -> Option<Rule> {
    let c = ctx.cand;
    (c.kind == crate::extract::number::NumeralKind::Placeholder && ctx.unit() == "村" && !c.has_comparator)
        .then_some(Rule::RedactedName)
}

/// “好干部”20字标准, 第1页/共8页: a numeral with 字/句/页 is part of a name or mark.
pub fn name(ctx: &Ctx) -> Option<Rule> {
    (ctx.cand.unit.as_ref()?.class == UnitClass::Text).then_some(Rule::Name)
}

/// 每10万人死亡1.5人: the 10万人 after 每 is a rate's denominator.
pub fn denominator(ctx: &Ctx) -> Option<Rule> {
    let u = ctx.cand.unit.as_ref()?;
    if u.class == UnitClass::Time {
        return None;
    }
    let before = ctx.before();
    (before.ends_with('每') && ctx.cand.value.is_some_and(|v| v > 1.0)).then_some(Rule::Denominator)
}

#[cfg(test)]
mod tests {
    use super::super::Rule;
    use super::super::testutil::verdict;

    #[test]
    fn table() {
        let rows: &[(&str, &str, &str, Option<Rule>)] = &[
            ("kou_fen", "每月巡河不少于1次，少1次扣2分", "2分", Some(Rule::Points)),
            ("shifen", "在资金十分紧张的情况下", "十分", Some(Rule::Points)),
            ("zi_biaozhun", "坚持“好干部”20字标准", "20字", Some(Rule::Name)),
            ("page", "第1页/共8页", "8页", Some(Rule::Name)),
            ("rate_den", "每10万人死亡1.5人", "10万人", Some(Rule::Denominator)),
            ("rate_num", "每10万人死亡1.5人", "1.5人", None),
            ("plain", "每月巡河不少于1次", "1次", None),
            ("redacted_village", "镇政府与XXX村签订责任书", "XXX村", Some(Rule::RedactedName)),
            ("village_count", "覆盖XX个村", "XX个", None),
            ("deduct_cond", "每月巡河不少于1次，少1次扣2分", "少1次", Some(Rule::Points)),
            ("threshold", "办结率不低于95%，得5分；低于90%的不得分", "低于90%", Some(Rule::Points)),
            ("kept_with_penalty", "每月巡河不少于1次(未达到扣2分)", "不少于1次", None),
        ];
        for (name, s, fig, want) in rows {
            assert_eq!(verdict(s, fig), *want, "{name}");
        }
    }
}
