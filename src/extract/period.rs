//! Periods: 每年 年内 全年 → year, 每季度 → quarter, 每两月 → month ×6,
//! 任期内 → term. A period word governs the figures after it in the same
//! sentence until another period word; 截至 (a running total) ends it.

use crate::model::{Period, PeriodUnit};
use std::ops::Range;

use PeriodUnit::*;

const WORDS: &[(&str, PeriodUnit, Option<f64>)] = &[
    ("每年度", Year, Some(1.0)),
    ("每一年", Year, Some(1.0)),
    ("每年", Year, Some(1.0)),
    ("年度内", Year, Some(1.0)),
    ("今年以来", Year, Some(1.0)),
    ("本年度", Year, Some(1.0)),
    ("年内", Year, Some(1.0)),
    ("全年", Year, Some(1.0)),
    ("今年", Year, Some(1.0)),
    ("本年", Year, Some(1.0)),
    ("当年", Year, Some(1.0)),
    ("年均", Year, Some(1.0)),
    ("每两年", Year, Some(0.5)),
    ("每三年", Year, Some(1.0 / 3.0)),
    ("每半年", HalfYear, Some(2.0)),
    ("每个季度", Quarter, Some(4.0)),
    ("每一季度", Quarter, Some(4.0)),
    ("每季度", Quarter, Some(4.0)),
    ("每季", Quarter, Some(4.0)),
    ("每两个月", Month, Some(6.0)),
    ("每两月", Month, Some(6.0)),
    ("每双月", Month, Some(6.0)),
    ("每个月", Month, Some(12.0)),
    ("每月", Month, Some(12.0)),
    ("每星期", Week, Some(52.0)),
    ("每周", Week, Some(52.0)),
    ("每天", Day, Some(365.0)),
    ("每日", Day, Some(365.0)),
    ("任期内", Term, None),
];

/// Is `w` one of the period words (每年, 年内, 每季度 …)?
pub fn is_period_word(w: &str) -> bool {
    WORDS.iter().any(|(p, _, _)| *p == w)
}

/// A period word found in a sentence, or a reset (截至目前).
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Where it stands (normalised text).
    pub range: Range<usize>,
    /// The period; `None` for a reset.
    pub period: Option<(PeriodUnit, Option<f64>)>,
}

fn inside_title(s: &str, at: usize) -> bool {
    let before = &s[..at];
    use crate::util::rfind_str;
    rfind_str(before, "《").is_some_and(|o| rfind_str(before, "》").is_none_or(|c| c < o))
}

/// All period marks of `range` in `text`, in order.
pub fn marks(text: &str, range: Range<usize>) -> Vec<Mark> {
    let s = &text[range.clone()];
    let mut out = Vec::new();
    let mut i = 0;
    static STARTS: crate::util::CharSet = crate::util::CharSet::of("截每年今本当全任");
    loop {
        i = crate::util::skip_until(s.as_bytes(), i, s.len(), &STARTS, true);
        if i >= s.len() {
            break;
        }
        let (c, _) = crate::util::char_at(s.as_bytes(), i);
        let rest = &s[i..];
        if c == '截' && (rest.starts_with("截至") || rest.starts_with("截止")) {
            out.push(Mark { range: range.start + i..range.start + i + 6, period: None });
            i += 6;
            continue;
        }
        let may_start = matches!(c, '每' | '年' | '今' | '本' | '当' | '全' | '任');
        if let Some(&(w, unit, per)) = WORDS.iter().find(|(w, _, _)| may_start && rest.starts_with(w)) {
            let prev = s[..i].chars().next_back();
            let counted = prev.is_some_and(|p| p.is_ascii_digit() || p == 'X' || super::number::is_cn_digit(p));
            // 年内 after 今/本/当 is handled by the longer words; 三年内 is a limit.
            let after_year_word = w == "年内" && matches!(prev, Some('一' | '每' | '今' | '本' | '当'));
            if !(counted || inside_title(s, i) || after_year_word) {
                out.push(Mark { range: range.start + i..range.start + i + w.len(), period: Some((unit, per)) });
            }
            i += w.len();
            continue;
        }
        i += c.len_utf8();
    }
    out
}

/// The period governing a figure at `pos`, from the sentence's marks.
pub fn governing(text: &str, marks: &[Mark], pos: usize) -> Option<Period> {
    let m = marks.iter().rev().find(|m| m.range.end <= pos)?;
    let (unit, per_year) = m.period?;
    Some(Period { raw: text[m.range.clone()].to_string(), unit, per_year })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit_at(s: &str, fig: &str) -> Option<PeriodUnit> {
        let m = marks(s, 0..s.len());
        governing(s, &m, s.find(fig).unwrap()).map(|p| p.unit)
    }

    #[test]
    fn table() {
        let rows: &[(&str, &str, &str, Option<PeriodUnit>)] = &[
            ("each_quarter", "每季度至少听取1次汇报", "1次", Some(Quarter)),
            ("switch", "每季度开展一次廉政约谈，约谈面达到100%，年内报告不少于2次", "2次", Some(Year)),
            ("carries", "每季度开展一次廉政约谈，约谈面达到100%", "100%", Some(Quarter)),
            ("across_semicolon", "全年对X个镇进行了审计；集中管理证件XX人", "XX人", Some(Year)),
            ("jiezhi", "截至目前，共召开会议X次", "X次", None),
            ("none", "先后主持召开X次学习会", "X次", None),
            ("title", "制定《2022年度工作要点》，开展3次", "3次", None),
            ("two_months", "每两月通报1次", "1次", Some(Month)),
            ("term", "任期内轮训2遍", "2遍", Some(Term)),
            ("not_term", "进行了任期经济责任审计X人", "X人", None),
            ("limit_not_period", "3年内完成5项", "5项", None),
            ("day", "每人每天用餐费用不超过XX元", "XX元", Some(Day)),
        ];
        for (name, s, fig, want) in rows {
            assert_eq!(unit_at(s, fig), *want, "{name}");
        }
        let m = marks("每两月通报1次", 0.."每两月通报1次".len());
        assert_eq!(governing("每两月通报1次", &m, 15).unwrap().per_year, Some(6.0));
    }
}
