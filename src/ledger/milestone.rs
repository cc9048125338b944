//! Milestones: a periodic target expanded into due dates in the document's
//! year (每季度至少1次 in 2022 → 2022-03-31, 06-30, 09-30, 12-31; 每半年 →
//! 06-30, 12-31; 每月 → each month end; 每两月 → every second month end;
//! 年内/每年 → 12-31). Weekly and daily targets, and a term, give none.

use super::cell::month_end;
use crate::model::{PeriodUnit, Requirement};
use serde::Serialize;

/// One due date of a periodic target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Milestone {
    /// ISO date.
    pub date: String,
    /// For a person: `2022年第1季度`, `2022年3月`, `2022年上半年`, `2022年`.
    pub label: String,
}

const QUARTERS: [&str; 4] = ["一", "二", "三", "四"];

fn label(unit: PeriodUnit, year: i32, month: u32, step: u32) -> String {
    match unit {
        PeriodUnit::Quarter => {
            let q = ((month - 1) / 3) as usize;
            format!("{year}年第{}季度", QUARTERS[q.min(3)])
        }
        PeriodUnit::HalfYear => {
            format!("{year}年{}半年", if month <= 6 { "上" } else { "下" })
        }
        PeriodUnit::Month if step > 1 => format!("{year}年{}—{}月", month + 1 - step, month),
        PeriodUnit::Month => format!("{year}年{month}月"),
        _ => format!("{year}年"),
    }
}

/// The milestones of a requirement: none unless it has a yearly-divisible
/// period and its document a year. A year-long target with a dated deadline
/// gets none (the deadline is its due date).
pub fn milestones(r: &Requirement) -> Vec<Milestone> {
    let (Some(p), Some(year)) = (&r.period, r.document.year) else {
        return Vec::new();
    };
    if !matches!(p.unit, PeriodUnit::Year | PeriodUnit::HalfYear | PeriodUnit::Quarter | PeriodUnit::Month) {
        return Vec::new();
    }
    let Some(per_year) = p.per_year else {
        return Vec::new();
    };
    if per_year.fract() != 0.0 || !(1.0..=12.0).contains(&per_year) {
        return Vec::new();
    }
    let n = per_year as u32;
    if 12 % n != 0 {
        return Vec::new();
    }
    if n == 1 && r.deadline.as_ref().is_some_and(|d| d.date.is_some()) {
        return Vec::new();
    }
    let step = 12 / n;
    (1..=n)
        .map(|k| {
            let m = k * step;
            Milestone {
                date: format!("{year:04}-{m:02}-{:02}", month_end(year, m)),
                label: label(p.unit, year, m, step),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::extract::extract;

    fn first(text: &str) -> Requirement {
        let doc = Document::analyze("m.txt", text);
        match extract(&doc).requirements.into_iter().next() {
            Some(r) => r,
            None => panic!("no requirement in {text}"),
        }
    }

    #[test]
    fn quarterly_target_gives_four_quarter_ends() {
        let r = first("县纪委2022年工作要点\n班子成员每季度至少听取1次分管部门工作汇报。\n");
        let m = milestones(&r);
        let dates: Vec<&str> = m.iter().map(|m| m.date.as_str()).collect();
        assert_eq!(dates, ["2022-03-31", "2022-06-30", "2022-09-30", "2022-12-31"]);
        assert_eq!(m[0].label, "2022年第一季度");
    }

    #[test]
    fn monthly_half_yearly_and_yearly() {
        let r = first("县纪委2024年工作要点\n各单位每月开展廉政提醒不少于1次。\n");
        let m = milestones(&r);
        assert_eq!(m.len(), 12);
        assert_eq!(m[1].date, "2024-02-29");
        let r = first("县纪委2022年工作要点\n每半年听取工作汇报不少于1次。\n");
        let d: Vec<String> = milestones(&r).into_iter().map(|m| m.date).collect();
        assert_eq!(d, ["2022-06-30", "2022-12-31"]);
        let r = first("县纪委2022年工作要点\n年内开展警示教育不少于3次。\n");
        assert_eq!(milestones(&r)[0].date, "2022-12-31");
    }
}

/// A deadline that recurs every year (每年3月底前, 每年11月10日前): its
/// month and day (day 0 for the month's end), read from the deadline as
/// written and the sentence around it.
pub fn yearly_deadline(r: &Requirement) -> Option<(u32, u32)> {
    let d = r.deadline.as_ref()?;
    let raw = d.raw.trim();
    let yearly = ["每年", "每年度", "每年的", "年度"].iter().any(|w| r.sentence.contains(&format!("{w}{raw}")))
        || raw.starts_with("每年");
    if !yearly {
        return None;
    }
    let s = raw.trim_start_matches("每年度").trim_start_matches("每年").trim_start_matches('的');
    let (month, rest) = s.split_once('月')?;
    let month = small_number(month)?;
    if !(1..=12).contains(&month) {
        return None;
    }
    let day = match rest.split_once('日') {
        Some((d, _)) => small_number(d)?,
        None if rest.starts_with("上旬") => 10,
        None if rest.starts_with("中旬") => 20,
        None => 0,
    };
    (day <= 31).then_some((month, day))
}

/// `3`, `１２`, `三`, `十二`, `二十` as a number (up to 39).
fn small_number(s: &str) -> Option<u32> {
    let s = s.trim();
    if let Ok(n) = s.parse::<u32>() {
        return Some(n);
    }
    let ascii: String = s
        .chars()
        .map(|c| if ('０'..='９').contains(&c) { char::from(b'0' + (c as u32 - '０' as u32) as u8) } else { c })
        .collect();
    if let Ok(n) = ascii.parse::<u32>() {
        return Some(n);
    }
    let digit = |c: char| "〇一二三四五六七八九".chars().position(|d| d == c).map(|p| p as u32);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [a] => digit(*a),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

/// The dates of a yearly deadline from `year` to `last_year`, ISO.
pub fn yearly_dates(month: u32, day: u32, year: i32, last_year: i32) -> Vec<String> {
    (year..=last_year.max(year))
        .map(|y| {
            let end = month_end(y, month);
            let d = if day == 0 { end } else { day.min(end) };
            format!("{y:04}-{month:02}-{d:02}")
        })
        .collect()
}

#[cfg(test)]
mod yearly_tests {
    use super::*;
    use crate::document::Document;
    use crate::extract::extract;

    #[test]
    fn yearly_deadlines() {
        for (name, text, want) in [
            ("month end", "县应急局2022年安全生产工作要点\n各乡镇每年3月底前报送上年度工作总结。\n", Some((3, 0))),
            ("a day", "县应急局2022年安全生产工作要点\n各乡镇每年11月10日前完成考核。\n", Some((11, 10))),
            ("not yearly", "县应急局2022年安全生产工作要点\n各乡镇要在6月底前完成整改。\n", None),
        ] {
            let doc = Document::analyze("y.txt", text);
            let r = extract(&doc).requirements.into_iter().next();
            assert_eq!(r.as_ref().and_then(yearly_deadline), want, "{name}");
        }
        assert_eq!(small_number("十二"), Some(12));
        assert_eq!(small_number("三"), Some(3));
        assert_eq!(yearly_dates(2, 0, 2023, 2024), ["2023-02-28", "2024-02-29"]);
    }
}
