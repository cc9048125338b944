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
