//! Classifying an aligned pair: `tightened`, `loosened`, `unchanged` or
//! `reworded`.
//!
//! Counts are compared per year (每季度1次 = 4 a year), so a change of period
//! is judged right; percentages, rates and limits are compared as written.
//! The same yearly count over a finer period (每年4次 → 每季度1次) is
//! tightened. A lower bound raised, or a `<=` limit lowered, is tightened; an
//! earlier deadline is tightened.

use crate::model::{Comparator, Quantity, Requirement};
use serde::Serialize;

/// What happened to a requirement between OLD and NEW.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Only in NEW.
    Added,
    /// Only in OLD.
    Dropped,
    /// Asks for more, sooner, more often, or allows less.
    Tightened,
    /// Asks for less, later, less often, or allows more.
    Loosened,
    /// Same figure, same wording.
    Unchanged,
    /// Same figure, different wording (or a change that has no direction).
    Reworded,
}

impl Change {
    /// The snake_case name (`tightened`).
    pub fn name(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Dropped => "dropped",
            Change::Tightened => "tightened",
            Change::Loosened => "loosened",
            Change::Unchanged => "unchanged",
            Change::Reworded => "reworded",
        }
    }
}

/// The classification of one pair, with the reasons for a person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The change.
    pub change: Change,
    /// Why, in words (`per year 2 → 4 (次)`).
    pub reasons: Vec<String>,
    /// The fields whose wording differs (`quantity`, `period`, `deadline`, `action`, `actor`).
    pub changed: Vec<&'static str>,
}

const EPS: f64 = 1e-9;

/// Does this unit measure a share or a rate (compared as written)?
pub fn is_share(unit: Option<&str>) -> bool {
    unit.is_some_and(|u| u.contains('%') || u.contains('‰') || u.contains("百分点") || u == "倍")
}

/// Is the comparator an upper limit (`<=`, `<`)?
pub fn is_limit(c: Comparator) -> bool {
    matches!(c, Comparator::Le | Comparator::Lt)
}

/// The figure of a quantity per year, when it is a count with a yearly
/// frequency; the figure as written otherwise. `None` when redacted.
pub fn per_year(q: &Quantity, per_year: Option<f64>) -> Option<f64> {
    let v = if is_limit(q.comparator) { q.value_max.or(q.value)? } else { q.value? };
    if is_share(q.unit.as_deref()) || is_limit(q.comparator) {
        return Some(v);
    }
    Some(v * per_year.unwrap_or(1.0))
}

/// A figure as people write it (1200万, not 12000000).
fn num(x: f64) -> String {
    crate::util::chinese_figure(x)
}

fn wording(old: &Requirement, new: &Requirement) -> Vec<&'static str> {
    let mut v = Vec::new();
    let raw = |r: &Requirement| r.quantity.as_ref().map(|q| q.raw.clone());
    if raw(old) != raw(new) {
        v.push("quantity");
    }
    if old.period.as_ref().map(|p| &p.raw) != new.period.as_ref().map(|p| &p.raw) {
        v.push("period");
    }
    if old.deadline.as_ref().map(|d| &d.raw) != new.deadline.as_ref().map(|d| &d.raw) {
        v.push("deadline");
    }
    if old.action != new.action {
        v.push("action");
    }
    if old.actor != new.actor {
        v.push("actor");
    }
    v
}

/// Direction of a change in the figures: `Some(true)` tighter, `Some(false)`
/// looser, `None` no difference or no direction.
fn figure_direction(old: &Requirement, new: &Requirement, reasons: &mut Vec<String>) -> Option<bool> {
    let (qo, qn) = match (&old.quantity, &new.quantity) {
        (Some(a), Some(b)) => (a, b),
        (None, Some(_)) => {
            reasons.push("a figure is now set".into());
            return Some(true);
        }
        (Some(_), None) => {
            reasons.push("the figure was removed".into());
            return Some(false);
        }
        (None, None) => return None,
    };
    if qo.placeholder || qn.placeholder {
        reasons.push("redacted figure: no direction".into());
        return None;
    }
    if qo.unit != qn.unit {
        reasons.push(format!(
            "unit {} → {}: not comparable",
            qo.unit.as_deref().unwrap_or("-"),
            qn.unit.as_deref().unwrap_or("-")
        ));
        return None;
    }
    if is_limit(qo.comparator) != is_limit(qn.comparator) {
        reasons.push("a bound became a limit (or back): no direction".into());
        return None;
    }
    let po = old.period.as_ref().and_then(|p| p.per_year);
    let pn = new.period.as_ref().and_then(|p| p.per_year);
    // A range is judged by its middle (5.5%左右 → 5%—5.5% lowers the aim).
    let level = |q: &Quantity, p| match (q.comparator, q.value, q.value_max) {
        (Comparator::Range, Some(a), Some(b)) => Some((a + b) / 2.0),
        _ => per_year(q, p),
    };
    let (vo, vn) = (level(qo, po)?, level(qn, pn)?);
    let limit = is_limit(qn.comparator);
    // Less is better for a cap and for a ceiling indicator (失业率, 居民消费价格涨幅).
    let lower_is_tighter = limit || super::direction::direction(new) == super::direction::Direction::Ceiling;
    let unit = qn.unit.as_deref().unwrap_or("");
    let yearly = !limit && !is_share(qn.unit.as_deref()) && (po.is_some() || pn.is_some());
    if (vo - vn).abs() > EPS {
        let what = if yearly { "per year" } else { "as written" };
        reasons.push(format!("{what} {}{unit} → {}{unit}", num(vo), num(vn)));
        return Some((vn > vo) != lower_is_tighter);
    }
    if let (Some(a), Some(b)) = (po, pn)
        && (a - b).abs() > EPS
    {
        reasons.push(format!(
            "same yearly figure over a {} period ({} → {})",
            if b > a { "finer" } else { "coarser" },
            old.period.as_ref().map_or("", |p| p.raw.as_str()),
            new.period.as_ref().map_or("", |p| p.raw.as_str())
        ));
        return Some(b > a);
    }
    let strict = |c| matches!(c, Comparator::Gt | Comparator::Lt);
    if strict(qo.comparator) != strict(qn.comparator)
        && !matches!(qo.comparator, Comparator::Eq | Comparator::Approx)
        && !matches!(qn.comparator, Comparator::Eq | Comparator::Approx)
    {
        reasons.push(format!("comparator {} → {}", qo.comparator.symbol(), qn.comparator.symbol()));
        return Some(strict(qn.comparator));
    }
    None
}

/// A deadline relative to its document's year (`2023-05-31` in a 2023 plan →
/// `(0, "05-31")`), so that plans of successive years compare.
fn relative(date: &str, year: Option<i32>) -> (i32, String) {
    let y: Option<i32> = date.get(..4).and_then(|y| y.parse().ok());
    match (y, year, date.get(5..)) {
        (Some(y), Some(base), Some(md)) => (y - base, md.to_string()),
        _ => (0, date.to_string()),
    }
}

fn deadline_direction(old: &Requirement, new: &Requirement, reasons: &mut Vec<String>) -> Option<bool> {
    let a = old.deadline.as_ref()?.date.as_deref()?;
    let b = new.deadline.as_ref()?.date.as_deref()?;
    let ra = relative(a, old.document.year);
    let rb = relative(b, new.document.year);
    if ra == rb {
        return None;
    }
    reasons.push(format!("deadline {a} → {b}"));
    Some(rb < ra)
}

/// The same comparator, values and unit for the same indicator: the target
/// is unchanged whatever its actor (a weak signal) or the verb before the
/// figure (控制在5%以内 → 5%以内). Another activity counted (组织测试 → 开展测试)
/// is reworded.
fn same_figure(old: &Requirement, new: &Requirement) -> bool {
    let indicator = |r: &Requirement| {
        // Modal and control words around the figure say nothing of the indicator.
        let mut a = r.action.as_deref().unwrap_or("").to_string();
        for w in ["控制在", "保持在", "控制", "分别", "要", "力争", "确保"] {
            a = a.replace(w, "");
        }
        crate::extract::action::indicator_of(&a).to_string()
    };
    let named = |r: &Requirement| r.action.as_deref().and_then(super::direction::indicator_of).map(|i| i.name);
    let same_indicator = match (named(old), named(new)) {
        (Some(a), Some(b)) => a == b,
        _ => indicator(old) == indicator(new),
    };
    if !same_indicator {
        return false;
    }
    match (&old.quantity, &new.quantity) {
        (Some(a), Some(b)) => {
            a.comparator == b.comparator
                && a.value == b.value
                && a.value_max == b.value_max
                && a.unit == b.unit
                && !a.placeholder
                && !b.placeholder
                // 今年 on one side only: a year's target either way.
                && old.period.as_ref().and_then(|p| p.per_year).unwrap_or(1.0)
                    == new.period.as_ref().and_then(|p| p.per_year).unwrap_or(1.0)
        }
        _ => false,
    }
}

/// Classify an aligned pair.
pub fn classify(old: &Requirement, new: &Requirement) -> Verdict {
    let mut reasons = Vec::new();
    let changed = wording(old, new);
    let dir = figure_direction(old, new, &mut reasons).or_else(|| deadline_direction(old, new, &mut reasons));
    let change = match dir {
        Some(true) => Change::Tightened,
        Some(false) => Change::Loosened,
        None if changed.is_empty() || same_figure(old, new) => Change::Unchanged,
        None => {
            reasons.push(format!("wording of {} differs", changed.join(", ")));
            Change::Reworded
        }
    };
    Verdict { change, reasons, changed }
}
