//! Ordinals and session numbers: 第一责任人, 第三季度, XX届X次全会.

use super::{Ctx, Rule};

/// A numeral after 第, or a session count after 届 (XX届X次全会).
pub fn ordinal(ctx: &Ctx) -> Option<Rule> {
    let before = ctx.before();
    if before.ends_with('第') || before.ends_with('届') {
        return Some(Rule::Ordinal);
    }
    // 附件2, 附表1: the number of an attachment.
    if ["附件", "附表", "附录"].iter().any(|w| before.ends_with(w)) {
        return Some(Rule::Ordinal);
    }
    // 十八届人大四次会议: a session count a few characters after 届.
    if ctx.unit() == "次"
        && before.chars().rev().take(5).any(|c| c == '届')
        && ["会议", "全会", "全体会议"].iter().any(|w| ctx.after().starts_with(w))
    {
        return Some(Rule::Ordinal);
    }
    // X次全会 / 三次全体会议 / 二次党代会: a session, not a count of meetings;
    // so are the sessions listed before one (省委十一届七次、八次、九次全会).
    let mut after = ctx.after();
    while let Some(rest) = after.strip_prefix('、') {
        let digits = rest
            .char_indices()
            .find(|&(_, c)| !(crate::extract::number::is_cn_digit(c) || c.is_ascii_digit() || c == 'X'))
            .map_or(rest.len(), |(k, _)| k);
        match rest[digits..].strip_prefix('次') {
            Some(next) if digits > 0 => after = next,
            _ => break,
        }
    }
    let session = ["全会", "全体会议", "全体扩大会议", "党代会", "代表大会"];
    (ctx.unit() == "次" && session.iter().any(|w| after.starts_with(w))).then_some(Rule::Ordinal)
}

#[cfg(test)]
mod tests {
    use super::super::Rule;
    use super::super::testutil::verdict;

    #[test]
    fn table() {
        let rows: &[(&str, &str, &str, Option<Rule>)] = &[
            ("di_ren", "履行第一责任人的职责", "一责", None),
            ("session", "组织召开了县纪委XX届X次全会", "X次", Some(Rule::Ordinal)),
            ("session_cn", "县委十四届三次全会", "三次", Some(Rule::Ordinal)),
            ("di_ci", "第3次专题会议", "3次", Some(Rule::Ordinal)),
            ("count", "召开专题会议3次", "3次", None),
            ("npc_session", "在县十八届人大四次会议上", "四次", Some(Rule::Ordinal)),
            ("attachment", "附件2名单", "2名", Some(Rule::Ordinal)),
            ("listed_sessions", "按照省委十一届七次、八次、九次全会部署", "八次", Some(Rule::Ordinal)),
            ("listed_counts", "召开专题会议3次、座谈会5次", "3次", None),
        ];
        for (name, s, fig, want) in rows {
            if *fig == "一责" {
                // 第一责 has no unit: not even a candidate.
                let c = crate::extract::quantity::find_candidates(s, 0..s.len());
                assert!(c.is_empty(), "{name}");
                continue;
            }
            assert_eq!(verdict(s, fig), *want, "{name}");
        }
    }
}
