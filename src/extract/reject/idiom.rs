//! Distributives and idioms: 一批, 一起, 每一个, 一次性, 一个节点接着一个节点.
//!
//! A Chinese 一 counts something only in the few shapes plans use for a
//! single event (开展一次, 召开一次): with an event unit, or after a
//! comparator (至少一名). Everywhere else (一批干部, 一个节点, 每一名党员,
//! 一起部署) it is an article or part of an idiom.

use super::{Ctx, Rule};
use crate::extract::number::NumeralKind;

const EVENT_UNITS: &[&str] = &["次", "遍", "轮", "场", "期"];

/// 一 outside an event count or a comparator; reduplication (一次次, 一项项);
/// 一次性 / 一次办; 每一X.
pub fn idiom(ctx: &Ctx) -> Option<Rule> {
    let c = ctx.cand;
    let unit = ctx.unit();
    let after = &ctx.text[c.unit_range.end..ctx.sentence.end.max(c.unit_range.end)];
    let before = ctx.before();
    // 一式两份 (copies of the document), 连续两次 (a condition).
    if before.ends_with("一式") || before.ends_with("连续") {
        return Some(Rule::Idiom);
    }
    // 两位数增长: the number of digits of a growth rate, not a count.
    if c.kind == NumeralKind::Chinese && unit == "位" && after.starts_with('数') {
        return Some(Rule::Idiom);
    }
    // 三次产业 (the three sectors of the economy), with or without 第.
    if c.kind == NumeralKind::Chinese
        && matches!(&ctx.text[c.num.clone()], "三" | "一二三")
        && unit == "次"
        && after.starts_with("产业")
    {
        return Some(Rule::Idiom);
    }
    // 唯一一个: the first 一 belongs to 唯一.
    if c.kind == NumeralKind::Chinese && before.ends_with('唯') {
        return Some(Rule::Idiom);
    }
    // 零部件, 零配件: 零 is part of the word.
    if c.kind == NumeralKind::Chinese && &ctx.text[c.num.clone()] == "零" {
        return Some(Rule::Idiom);
    }
    // Reduplicated classifier: 一次次, 一项项, 一件件, 一个个.
    if c.kind == NumeralKind::Chinese && !unit.is_empty() && after.starts_with(unit) {
        return Some(Rule::Idiom);
    }
    if c.kind != NumeralKind::Chinese || c.value != Some(1.0) {
        return None;
    }
    // 每一, 唯一一个, 上一次/下一次 (the previous or next one, not one
    // event), 不发生一次…事故 (any one accident).
    if ["每", "接着", "连着", "唯", "上", "下", "发生"].iter().any(|w| before.ends_with(w)) {
        return Some(Rule::Idiom);
    }
    // One body brought in or assigned (引进一家企业, 确定一名同志具体负责), and a
    // count after the noun it counts (精养殖场一个。): one of something.
    let brought = ["引进", "引进了", "确定", "配备", "明确", "设立", "落户"].iter().any(|w| before.ends_with(w))
        && matches!(unit, "家" | "名" | "个" | "位" | "所" | "座");
    let after_noun = matches!(unit, "个" | "家" | "座" | "所")
        && after.starts_with(['。', '；'])
        && before.chars().next_back().is_some_and(crate::extract::units::is_cjk);
    // 翻了一番, 提高一倍: a change by one multiple is a figure.
    let multiple = matches!(unit, "倍" | "番")
        && ["翻了", "翻", "提高", "提高了", "增加", "增加了", "增长", "增长了"].iter().any(|w| before.ends_with(w));
    if brought || after_noun || multiple {
        return None;
    }
    if ["性", "办", "到位", "成型", "过"].iter().any(|w| after.starts_with(w)) {
        return Some(Rule::Idiom);
    }
    // 政府自身的一场深刻革命, 来一场…品质革命, 奉献了一场“…”盛会: 一场 as an
    // article before a described event, not a count of events.
    if unit == "场" && (["的", "了", "来", "是", "这"].iter().any(|w| before.ends_with(w)) || after.starts_with('“'))
    {
        return Some(Rule::Idiom);
    }
    if c.has_comparator {
        return None;
    }
    (!EVENT_UNITS.contains(&unit)).then_some(Rule::Idiom)
}

#[cfg(test)]
mod tests {
    use super::super::Rule;
    use super::super::testutil::verdict;

    #[test]
    fn table() {
        let rows: &[(&str, &str, &str, Option<Rule>)] = &[
            ("yipi", "查处了一批以权谋私案件", "一批", Some(Rule::Idiom)),
            ("no_accident", "企业单位不发生一次死亡1人以上的职工伤亡事故", "一次", Some(Rule::Idiom)),
            ("brought_in", "为城南园区引进一家投资2亿元的企业", "一家", None),
            ("assigned", "确定一名同志具体负责", "一名", None),
            ("counted_after", "引进投资2000万元的精养殖场一个。", "一个", None),
            ("article_yige", "打造一个节点", "一个", Some(Rule::Idiom)),
            ("meiyige", "落实到每一个支部、每一名党员", "一个", Some(Rule::Idiom)),
            ("jiezhe", "一个节点接着一个节点，持续释放", "一个", Some(Rule::Idiom)),
            ("yiqi", "一起部署、一起落实", "一起", Some(Rule::Idiom)),
            ("yicixing", "发放一次性补助", "一次", Some(Rule::Idiom)),
            ("redup", "一项项抓落实", "一项", Some(Rule::Idiom)),
            ("yishi", "本责任书一式两份，各执一份", "两份", Some(Rule::Idiom)),
            ("lianxu", "对连续两次被通报的单位", "两次", Some(Rule::Idiom)),
            ("digits", "连续24个月保持两位数增长", "两位", Some(Rule::Idiom)),
            ("yici_event", "每季度开展一次廉政约谈", "一次", None),
            ("ling_bujian", "扩大关键零部件进口", "零部", Some(Rule::Idiom)),
            ("weiyi", "成为唯一一个达标市", "一个", Some(Rule::Idiom)),
            ("shang_yici", "距离上一次巡河结束时间", "一次", Some(Rule::Idiom)),
            ("zhishao_yiming", "至少配备一名专职人员", "一名", None),
            ("liangci", "先后召开了两次专题民主生活会", "两次", None),
            ("doubled", "技术交易额翻了一番。", "一番", None),
            ("a_revolution", "这是政府自身的一场深刻革命", "一场", Some(Rule::Idiom)),
            ("offered_one", "向世界奉献了一场“中国特色、亚洲风采”的体育盛会", "一场", Some(Rule::Idiom)),
            ("held_one", "每季度举办一场专场招聘会", "一场", None),
            ("once_more", "高技术产业占比提高一倍。", "一倍", None),
            ("three_sectors", "转向依靠三次产业共同带动", "三次", Some(Rule::Idiom)),
            ("first_second_third", "加快推动一二三次产业协调融合发展", "一二三次", Some(Rule::Idiom)),
        ];
        for (name, s, fig, want) in rows {
            assert_eq!(verdict(s, fig), *want, "{name}");
        }
    }
}
