//! The 台账 (tracking ledger): one row per requirement that officials fill in.
//!
//! Columns: 序号, 编号 (the requirement's stable id), 责任主体 (a pronoun such
//! as 我们 or a missing actor resolved to the document's issuer and marked
//! 〔推定〕), 工作任务, 指标, 目标值, 单位, 周期, 完成时限, 时间节点 (periodic
//! targets expanded into milestones), 来源, 原文, and the columns people fill
//! in: 完成情况, 进度, 备注; 标记 says what `--update` did to the row.

pub mod cell;
pub mod ics;
pub mod milestone;
pub mod read;
pub mod readable;
pub mod text;
pub mod update;
pub mod xlsx;

pub use cell::Cell;
pub use milestone::{Milestone, milestones};

use crate::model::Requirement;
use serde::Serialize;

/// The fixed column headers, in order.
pub const COLUMNS: [&str; 16] = [
    "序号",
    "编号",
    "责任主体",
    "工作任务",
    "指标",
    "目标值",
    "单位",
    "周期",
    "完成时限",
    "时间节点",
    "来源",
    "原文",
    "完成情况",
    "进度",
    "备注",
    "标记",
];

/// Index of the first column people fill in (完成情况).
pub const FILL_FROM: usize = 12;

/// The marker after an inferred actor.
pub const INFERRED: &str = "〔推定〕";

/// One row of the ledger.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LedgerRow {
    /// 序号, from 1.
    pub seq: usize,
    /// 编号: the requirement's stable id.
    pub id: String,
    /// 责任主体.
    pub actor: String,
    /// The actor was resolved to the issuer (a pronoun or no actor).
    pub actor_inferred: bool,
    /// 工作任务.
    pub task: String,
    /// 指标: the quantity as written.
    pub indicator: String,
    /// 目标值.
    pub target_value: Option<f64>,
    /// 单位.
    pub unit: String,
    /// 周期.
    pub period: String,
    /// 完成时限: the deadline's date, or as written.
    pub deadline: String,
    /// 时间节点: the milestones of a periodic target and the deadline.
    pub milestones: Vec<Milestone>,
    /// 来源: document and section.
    pub source: String,
    /// 原文.
    pub sentence: String,
    /// 完成情况 (filled in by people).
    pub done: Cell,
    /// 进度 (filled in by people).
    pub progress: Cell,
    /// 备注 (filled in by people).
    pub notes: Cell,
    /// 标记: what `--update` did (kept though vanished, kept a manual edit).
    pub mark: String,
    /// Cells of the columns people added, in the order of [`Ledger::extra_headers`].
    pub extra: Vec<Cell>,
    /// Generated cells kept from the old ledger (a manual edit, or a vanished row), by column index.
    #[serde(skip)]
    pub kept: Vec<(usize, Cell)>,
    /// When the row falls due, for the calendar (not a column).
    #[serde(skip)]
    pub timing: Timing,
}

/// What the calendar needs to know about a row besides its columns.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timing {
    /// The input path of the document.
    pub doc: String,
    /// The document's identity (title, issuer, year; else the file name).
    pub doc_key: String,
    /// The document's year.
    pub year: Option<i32>,
    /// The last day of the document's explicit period (ISO), if it gives one.
    pub period_end: Option<String>,
    /// A deadline that recurs every year: month and day (0 = month end).
    pub yearly: Option<(u32, u32)>,
    /// A result reported, not a target: no event.
    pub achievement: bool,
    /// The row has a period or a deadline, so it should have a date.
    pub wants_date: bool,
}

/// The whole ledger.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ledger {
    /// Headers of the columns people added to an old ledger, after [`COLUMNS`].
    pub extra_headers: Vec<String>,
    /// The rows.
    pub rows: Vec<LedgerRow>,
    /// Sheets of an old workbook the tool did not write (说明, 汇总…),
    /// written back after the ledger's own.
    #[serde(skip)]
    pub sheets: Vec<Sheet>,
}

/// A sheet carried over as it was: its cells by 0-based position.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// `(row, column, cell)`, in row order.
    pub cells: Vec<(u32, u16, Cell)>,
}

/// Is this actor a pronoun or self-reference (我们, 我局, 本单位)?
pub fn is_pronoun(actor: &str) -> bool {
    let n = actor.chars().count();
    matches!(actor, "我们" | "我" | "咱们" | "本人" | "其")
        || ((actor.starts_with('我') || actor.starts_with('本')) && n <= 4)
}

impl LedgerRow {
    /// The row of one requirement.
    pub fn from_requirement(r: &Requirement, seq: usize) -> Self {
        let issuer = r.document.issuer.clone();
        let (actor, actor_inferred) = match (&r.actor, issuer) {
            (Some(a), Some(i)) if is_pronoun(a) => (i, true),
            (None, Some(i)) => (i, true),
            (a, _) => (a.clone().unwrap_or_default(), false),
        };
        let q = r.quantity.as_ref();
        let doc = std::path::Path::new(&r.doc).file_name().map_or(r.doc.clone(), |f| f.to_string_lossy().into_owned());
        let mut source = doc;
        if !r.section.is_empty() {
            source = format!("{source} › {}", readable::simplified(&r.section.join(" › ")));
        }
        let timing = Timing {
            doc: r.doc.clone(),
            doc_key: crate::extract::id::doc_identity(&r.document, &r.doc),
            year: r.document.year,
            period_end: r.document.period.as_ref().map(|p| p.end.clone()),
            yearly: milestone::yearly_deadline(r),
            achievement: r.kind == crate::model::Kind::Achievement,
            wants_date: r.period.is_some() || r.deadline.is_some(),
        };
        let mut dates = milestones(r);
        if let (Some((month, day)), Some(year)) = (timing.yearly, timing.year) {
            let last = timing.period_end.as_deref().and_then(|e| e.get(..4)?.parse().ok()).unwrap_or(year);
            let raw = r.deadline.as_ref().map_or("", |d| d.raw.as_str());
            dates = milestone::yearly_dates(month, day, year, last)
                .into_iter()
                .map(|date| Milestone { label: format!("{}年 每年{raw}", &date[..4]), date })
                .collect();
        }
        // Every generated column in simplified characters (原文 as written).
        let s = readable::simplified;
        let indicator = s(q.map_or("", |q| q.raw.as_str()));
        let unit = s(q.and_then(|q| q.unit.as_deref()).unwrap_or_default());
        let (target_value, unit) = readable::as_written(q.and_then(|q| q.value), &unit, &indicator);
        let task = readable::clean_task(&s(r.action.as_deref().unwrap_or_default()), &indicator, &s(&r.sentence));
        LedgerRow {
            seq,
            id: r.id.clone(),
            actor: s(&actor),
            actor_inferred,
            task,
            indicator,
            target_value,
            unit,
            period: s(r.period.as_ref().map_or("", |p| p.raw.as_str())),
            deadline: s(&r
                .deadline
                .as_ref()
                .map(|d| d.date.clone().unwrap_or_else(|| d.raw.clone()))
                .unwrap_or_default()),
            milestones: dates,
            source,
            sentence: r.sentence.to_string(),
            timing,
            ..LedgerRow::default()
        }
    }

    /// The actor as shown: with 〔推定〕 when inferred.
    pub fn actor_shown(&self) -> String {
        if self.actor_inferred { format!("{}{INFERRED}", self.actor) } else { self.actor.clone() }
    }

    /// The generated cells (columns 0 to [`FILL_FROM`]), before any kept value.
    pub fn generated(&self) -> Vec<Cell> {
        let dates: Vec<String> = self.milestones.iter().map(|m| m.date.clone()).collect();
        vec![
            Cell::Number(self.seq as f64),
            Cell::text(self.id.clone()),
            Cell::text(self.actor_shown()),
            Cell::text(self.task.clone()),
            Cell::text(self.indicator.clone()),
            self.target_value.map_or(Cell::Empty, Cell::Number),
            Cell::text(self.unit.clone()),
            Cell::text(self.period.clone()),
            cell::iso_to_serial(&self.deadline).map_or_else(|| Cell::text(self.deadline.clone()), Cell::Date),
            Cell::text(dates.join("；")),
            Cell::text(self.source.clone()),
            Cell::text(self.sentence.clone()),
        ]
    }

    /// All cells of the row, in the order of [`Ledger::headers`].
    pub fn cells(&self) -> Vec<Cell> {
        let mut v = self.generated();
        for (i, c) in &self.kept {
            if let Some(slot) = v.get_mut(*i) {
                *slot = c.clone();
            }
        }
        v.push(self.done.clone());
        v.push(self.progress.clone());
        v.push(self.notes.clone());
        v.push(Cell::text(self.mark.clone()));
        v.extend(self.extra.iter().cloned());
        v
    }
}

impl Ledger {
    /// One row per requirement, in order.
    pub fn build(reqs: &[Requirement]) -> Self {
        Ledger {
            extra_headers: Vec::new(),
            rows: reqs.iter().enumerate().map(|(i, r)| LedgerRow::from_requirement(r, i + 1)).collect(),
            sheets: Vec::new(),
        }
    }

    /// All headers: [`COLUMNS`] then the extra ones.
    pub fn headers(&self) -> Vec<String> {
        COLUMNS.iter().map(|s| s.to_string()).chain(self.extra_headers.iter().cloned()).collect()
    }
}

#[cfg(test)]
mod tests;
