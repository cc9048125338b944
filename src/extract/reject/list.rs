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
    if !matches!(u.text, "项" | "个" | "家" | "条" | "件" | "类" | "种" | "大" | "部" | "批") || ctx.cand.has_comparator
    {
        return None;
    }
    // 《准则》、《条例》等党内五项新法规: the items were just listed, and they
    // are a good part of the count (two of five, at least two in five); 洛阳
    // 等10个国家物流枢纽 names examples of many, and the count is a quantity.
    let near = ctx.before().char_indices().rev().take(8).find(|&(_, c)| c == '等').map(|(k, _)| k);
    if let Some(k) = near {
        let head = &ctx.before()[..k];
        let clause = head.rsplit(['，', '；', '。', '：', '\n']).next().unwrap_or(head);
        let listed = clause.matches('、').count() + 1;
        return ctx.cand.value.is_none_or(|n| listed as f64 * 5.0 >= n * 2.0).then_some(Rule::ListCount);
    }
    // 以下五大类, 以上8项, 上述三项: the count points to a list.
    if ["以下", "如下", "以上", "上述"].iter().any(|w| ctx.before().ends_with(w)) {
        return Some(Rule::ListCount);
    }
    // 优秀、良好、合格、不合格四个等次, 钢铁、有色、化工、建材4个重点行业: the
    // items stand right before the count (in Arabic figures, as many as it says).
    let clause_before = ctx.before().rsplit(['，', '；', '。', '：', '\n']).next().unwrap_or("");
    let listed = clause_before.matches('、').count() + 1;
    let as_many = ctx.cand.value == Some(listed as f64);
    if listed >= 3 && (ctx.cand.kind == crate::extract::number::NumeralKind::Chinese || as_many) {
        return Some(Rule::ListCount);
    }
    // ……三项工作：一是…  (same sentence, or the next one)
    let after = ctx.after();
    let clause_end = after.find(['，', '；', '。', '\n']).unwrap_or(after.len());
    // 主要包括8项。 then 1.… on the next line.
    let includes = ["包括", "包含", "分为", "主要有", "涵盖"].iter().any(|w| ctx.before().ends_with(w));
    if includes && after.trim_start_matches(['。', '；', '：', ':']).trim().is_empty() && opens_list(ctx.rest_of_doc())
    {
        return Some(Rule::ListCount);
    }
    // 今年将采取三项举措。一是…: the count and its noun close the sentence
    // and the next one opens the list (a bare 新建项目8项。 before 1.… stays a
    // quantity: no noun names what is listed).
    let noun = &after[..clause_end];
    if (1..=4).contains(&noun.chars().count())
        && noun.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) && !crate::extract::number::is_cn_digit(c))
        && after[clause_end..].starts_with('。')
        && opens_list(ctx.rest_of_doc())
    {
        return Some(Rule::ListCount);
    }
    if let Some(colon) = after.find(['：', ':'])
        && colon <= clause_end
    {
        let rest = &after[colon + after[colon..].chars().next().map_or(1, char::len_utf8)..];
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
            ("deng_most_listed", "推进新能源、新材料、高端装备等4个产业集群建设", "4个", Some(Rule::ListCount)),
            ("deng_example", "加快洛阳等10个国家物流枢纽建设", "10个", None),
            ("as_many_listed", "推进钢铁、有色、化工、建材4个重点行业绿色化改造", "4个", Some(Rule::ListCount)),
            ("fewer_listed", "推进钢铁、有色、化工8个重点行业绿色化改造", "8个", None),
            ("points_back", "以上8项目标的责任单位均为市商务局", "8项", Some(Rule::ListCount)),
            ("ascii_colon", "正在洽谈的规模企业有2家:一是利捷制药厂", "2家", Some(Rule::ListCount)),
            ("deng_few_of_many", "加快钢铁、煤炭、有色等10个传统产业提质升级", "10个", None),
            ("count_items", "共查摆出廉政风险点X个，逐一制定防控措施", "X个", None),
        ];
        for (name, s, fig, want) in rows {
            assert_eq!(verdict(s, fig), *want, "{name}");
        }
    }

    #[test]
    fn a_count_whose_list_opens_the_next_line() {
        let raws = |t: &str| -> Vec<String> {
            let doc = crate::document::Document::analyze("t.txt", t);
            let out = crate::extract::extract(&doc);
            out.requirements.iter().filter_map(|r| r.quantity.as_ref().map(|q| q.raw.clone())).collect()
        };
        assert_eq!(raws("今年的目标主要包括8项。\n1.地区生产总值增长12%。\n2.新建学校3所。"), ["12%", "3所"]);
        assert_eq!(raws("今年新建项目8项。\n1.地区生产总值增长12%。"), ["8项", "12%"]);
        // The count and its noun close the sentence; the next one opens the list.
        assert_eq!(raws("今年将采取三项举措。一是新增减税5000亿元。二是新建学校3所。"), ["5000亿元", "3所"]);
        assert_eq!(raws("今年重点抓好三项工作。\n一是新建学校3所。"), ["3所"]);
        assert_eq!(raws("全年新建学校三所。一是城区学校投用。"), ["三所"]);
    }
}
