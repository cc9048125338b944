//! List counts: a count whose items the text enumerates right away
//! (抓了三项工作：一是…, 《准则》、《条例》等党内五项新法规, 做好十方面工作).
//! A count whose items are not listed stays a quantity (明确了X项重点工作任务).

use super::{Ctx, Rule};
use crate::extract::units::UnitClass;

fn opens_list(s: &str) -> bool {
    let s = s.trim_start_matches(['\n', ' ']);
    s.starts_with("一是")
        || s.starts_with("(一)")
        || s.starts_with("一、")
        || s.starts_with("1.")
        || s.starts_with("1、")
        || s.starts_with("(1)")
        || s.starts_with('①')
        || s.starts_with("第一，")
        || s.starts_with("一要")
        || s.starts_with("首先")
}

/// The list-count rule.
pub fn list_count(ctx: &Ctx) -> Option<Rule> {
    let u = ctx.cand.unit.as_ref()?;
    if u.class == UnitClass::Aspects || ctx.after().starts_with("方面") {
        return Some(Rule::ListCount);
    }
    if !matches!(u.text, "项" | "个" | "条" | "件" | "类" | "种" | "大" | "部" | "批") || ctx.cand.has_comparator
    {
        return None;
    }
    // 等五项新法规: the items were just listed.
    let before: Vec<char> = ctx.before().chars().rev().take(8).collect();
    if before.contains(&'等') {
        return Some(Rule::ListCount);
    }
    // 优秀、良好、合格、不合格四个等次: the items stand right before the count.
    if ctx.cand.kind == crate::extract::number::NumeralKind::Chinese {
        let clause_before: String =
            ctx.before().chars().rev().take_while(|&c| !matches!(c, '，' | '；' | '。' | '：' | '\n')).collect();
        if clause_before.matches('、').count() >= 2 {
            return Some(Rule::ListCount);
        }
    }
    // ……三项工作：一是…  (same sentence, or the next one)
    let after = ctx.after();
    let clause_end = after.find(['，', '；', '。', '\n']).unwrap_or(after.len());
    if let Some(colon) = after.find('：')
        && colon <= clause_end
    {
        let rest = &after[colon + '：'.len_utf8()..];
        if opens_list(rest) || (rest.trim().is_empty() && opens_list(ctx.rest_of_doc())) {
            return Some(Rule::ListCount);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::Rule;
    use super::super::testutil::verdict;

    #[test]
    fn table() {
        let rows: &[(&str, &str, &str, Option<Rule>)] = &[
            ("colon_yishi", "我们重点抓了三项工作：一是着力解决突出问题。", "三项", Some(Rule::ListCount)),
            ("deng", "以学习《准则》、《条例》等党内五项新法规为重点", "五项", Some(Rule::ListCount)),
            ("fangmian", "重点做好十方面工作", "十方面", Some(Rule::ListCount)),
            ("listed_before", "考核结果分为优秀、良好、合格、不合格四个等次", "四个", Some(Rule::ListCount)),
            ("unlisted", "明确了党委主体责任X项重点工作任务和责任清单", "X项", None),
            ("count_items", "共查摆出廉政风险点X个，逐一制定防控措施", "X个", None),
        ];
        for (name, s, fig, want) in rows {
            assert_eq!(verdict(s, fig), *want, "{name}");
        }
    }
}
