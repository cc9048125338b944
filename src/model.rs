//! The data model of `../spec/obligation-model.md`: documents and the
//! requirements extracted from them. These serde types *are* the JSON
//! contract of `taizhang extract --format jsonl`; field names and value sets
//! are fixed by the spec.

use serde::{Deserialize, Serialize};

pub mod json;

/// `target` (required, planned) or `achievement` (reported as done).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Required or planned.
    Target,
    /// Reported as done.
    Achievement,
}

/// How binding the obligation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// 要, 必须, 应当, 确保, plain imperative.
    Must,
    /// 不得, 严禁, 禁止.
    MustNot,
    /// 力争, 争取, 鼓励.
    Should,
    /// Reports, narration.
    None,
}

/// The comparator of a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Comparator {
    /// 不少于 至少 不低于 达到 以上
    #[serde(rename = ">=")]
    Ge,
    /// 超过 多于 高于 余 多
    #[serde(rename = ">")]
    Gt,
    /// 不超过 以内 以下 压缩至 控制在
    #[serde(rename = "<=")]
    Le,
    /// 少于 低于 不到
    #[serde(rename = "<")]
    Lt,
    /// A plain figure.
    #[serde(rename = "=")]
    Eq,
    /// 约 左右 近
    #[serde(rename = "~")]
    Approx,
    /// 1至2次
    #[serde(rename = "range")]
    Range,
}

impl Comparator {
    /// The spec's symbol (`>=`, `range`, …).
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Ge => ">=",
            Comparator::Gt => ">",
            Comparator::Le => "<=",
            Comparator::Lt => "<",
            Comparator::Eq => "=",
            Comparator::Approx => "~",
            Comparator::Range => "range",
        }
    }
}

/// A figure with its unit and comparator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// Source text of the quantity with its comparator words.
    pub raw: String,
    /// Byte offsets `[start, end)` of `raw` in the source text.
    pub span: [usize; 2],
    /// The comparator.
    pub comparator: Comparator,
    /// The number (multipliers folded in); `None` when redacted.
    pub value: Option<f64>,
    /// Upper end of a range.
    pub value_max: Option<f64>,
    /// The counting unit as written, `%` for percent; `None` for a bare figure.
    pub unit: Option<String>,
    /// The figure is redacted (`x次`, `XX%`).
    pub placeholder: bool,
}

/// The unit of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    /// 每年 年内 年度内 全年 今年 …
    Year,
    /// 每半年
    HalfYear,
    /// 每季度
    Quarter,
    /// 每月
    Month,
    /// 每周
    Week,
    /// 每天 每日
    Day,
    /// 任期内
    Term,
}

/// A recurrence or time frame that governs a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    /// The period words as written (`每季度`).
    pub raw: String,
    /// The unit.
    pub unit: PeriodUnit,
    /// How many periods a year (`每季度` → 4, `每两月` → 6); `None` for a term.
    #[serde(serialize_with = "ser_num_opt")]
    pub per_year: Option<f64>,
}

/// A deadline bound to a requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    /// As written (`6月底前`).
    pub raw: String,
    /// ISO date, `None` when redacted or recurring.
    pub date: Option<String>,
    /// Byte offsets of `raw` in the source text.
    pub span: [usize; 2],
}

/// `plan` or `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Genre {
    /// 责任书, 工作要点, 实施意见, 实施方案, 考核办法, 通知…
    Plan,
    /// 情况报告, 工作总结, 述职…
    Report,
}

/// An explicit responsibility period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatePeriod {
    /// ISO date.
    pub start: String,
    /// ISO date.
    pub end: String,
}

/// Document metadata inferred from the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// The title line, or the best title the text gives.
    pub title: Option<String>,
    /// The year the document governs or reports on.
    pub year: Option<i32>,
    /// Plan or report.
    pub genre: Genre,
    /// The document type word (`责任书`).
    pub doc_type: Option<String>,
    /// The issuing or reporting body, as written.
    pub issuer: Option<String>,
    /// An explicit responsibility period.
    pub period: Option<DatePeriod>,
}

/// One extracted requirement: the line of `extract --format jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Requirement {
    /// The input path as given.
    pub doc: String,
    /// A stable id that follows the obligation, not the file: the document's
    /// identity (title, issuer, year; else the file name), the sentence with
    /// its figures masked, and the figure's ordinal in it
    /// ([`crate::extract::id`]). Renaming the file or editing another figure
    /// of the sentence keeps it.
    pub id: String,
    /// Target or achievement.
    pub kind: Kind,
    /// How binding.
    pub modality: Modality,
    /// The figure; `None` for a deadline-only obligation.
    pub quantity: Option<Quantity>,
    /// The governing period.
    pub period: Option<Period>,
    /// The deadline.
    pub deadline: Option<Deadline>,
    /// Who must act or acted, as written.
    pub actor: Option<String>,
    /// The counted activity.
    pub action: Option<String>,
    /// The sentence that holds it, as written in the source.
    pub sentence: std::sync::Arc<str>,
    /// Byte offsets of `sentence` in the source text.
    pub sentence_span: [usize; 2],
    /// The heading path, outermost first (shared by the requirements of a
    /// sentence, as is `sentence`).
    pub section: std::sync::Arc<[String]>,
    /// Points attached to the rule in a 考核细则 (扣2分), not scored.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub points: Option<f64>,
    /// The figure belongs to a review or plan of several years (五年来…,
    /// “十五五”时期主要目标), not to the document's year: `track` does not
    /// answer a year's target with it, `compare` pairs it only with its like.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub multi_year: bool,
    /// Document metadata riding along, shared by all the requirements of a
    /// document (serialised as the object itself).
    pub document: std::sync::Arc<DocumentMeta>,
}

fn ser_num_opt<S: serde::Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        None => s.serialize_none(),
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => s.serialize_i64(*x as i64),
        Some(x) => s.serialize_f64(*x),
    }
}
