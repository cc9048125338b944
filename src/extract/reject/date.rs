//! Years, calendar dates and narrated time spans. A time unit is a quantity
//! only as a limit (`15个工作日内`, `不超过30天`, `3个月以内`).

use super::{Ctx, Rule};
use crate::extract::units::UnitClass;
use crate::model::Comparator;

/// 2022年, 2022年度, 2月22日, X月X日 are dates; 过去五年, 一年来, 连续3年 are spans.
pub fn date_or_span(ctx: &Ctx) -> Option<Rule> {
    let u = ctx.cand.unit.as_ref()?;
    if u.class != UnitClass::Time {
        return None;
    }
    let before = ctx.before();
    let after = ctx.after();
    let num = &ctx.text[ctx.cand.num.clone()];
    let year_like = u.text == "年"
        && !num.contains('.')
        && (ctx.cand.kind == crate::extract::number::NumeralKind::Arabic
            && ctx.cand.value.is_some_and(|v| v >= 1900.0)
            || ctx.cand.num.len() >= 4);
    let day_of_month = u.text == "日" && before.ends_with('月');
    let dated = ["度", "份", "底", "末", "初", "中旬", "上旬", "下旬", "年底", "上半年", "下半年"]
        .iter()
        .any(|w| after.starts_with(w));
    if year_like || day_of_month || (dated && !matches!(ctx.cand.comparator, Comparator::Le | Comparator::Lt)) {
        return Some(Rule::Date);
    }
    // 优良天数增加25天, 审批时间缩短3天, 平均受教育年限提高到11.3年: a change
    // in a length of time, or where it landed, is a quantity; so is any
    // figure with a decimal point (no narrated span is 11.3 years).
    const CHANGED: &[&str] = &["增加", "减少", "缩短", "提高到", "提高至", "提升到", "提升至", "达到"];
    if CHANGED.iter().any(|w| before.ends_with(w)) || num.contains('.') {
        return None;
    }
    let limit = matches!(
        ctx.cand.comparator,
        Comparator::Le | Comparator::Lt | Comparator::Ge | Comparator::Gt | Comparator::Range
    ) || u.text.contains("工作日");
    (!limit).then_some(Rule::TimeSpan)
}

#[cfg(test)]
mod tests {
    use super::super::Rule;
    use super::super::testutil::verdict;

    #[test]
    fn table() {
        let rows: &[(&str, &str, &str, Option<Rule>)] = &[
            ("year", "2022年，县政府系统", "2022年", Some(Rule::Date)),
            ("year_du", "签订2022年度责任书", "2022年", Some(Rule::Date)),
            ("day", "2月22日，组织召开了", "22日", Some(Rule::Date)),
            ("ph_day", "X月X日，主持召开了", "X日", Some(Rule::Date)),
            ("span", "经过一年的努力", "一年", Some(Rule::TimeSpan)),
            ("span_lai", "一年来，我们", "一年", Some(Rule::TimeSpan)),
            ("span_guoqu", "过去五年，全县", "五年", Some(Rule::TimeSpan)),
            ("limit_nei", "15个工作日内整改到位", "15个工作日内", None),
            ("limit_bcg", "办理时限不超过30天", "不超过30天", None),
            ("limit_month", "3个月以内完成", "3个月以内", None),
            ("change_days", "全省优良天数增加25天", "25天", None),
            ("years_reached", "劳动年龄人口平均受教育年限提高到11.3年", "11.3年", None),
            ("contract_term", "土地承包到期后再延长30年试点", "30年", Some(Rule::TimeSpan)),
            ("decimal_years", "人均预期寿命78.6岁，平均受教育年限10.9年", "10.9年", None),
        ];
        for (name, s, fig, want) in rows {
            assert_eq!(verdict(s, fig), *want, "{name}");
        }
    }
}
