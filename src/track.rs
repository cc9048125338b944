//! `track`: check a report against the plan it answers. Each target of the
//! plan gets the achievement(s) of the report that answer it and a status;
//! figures are normalised per year (每季度1次 planned = 4 a year). Between two
//! 政府工作报告 (the targets of report Y against the results report Y+1
//! gives for year Y) it works the same way: targets come from PLAN and
//! achievements from REPORT, whatever their genre.

use crate::compare::align::{AlignOptions, Score, align};
use crate::compare::classify::{is_limit, is_share, per_year};
use crate::compare::issuer_warning;
use crate::model::{Comparator, Kind, Requirement};
use serde::Serialize;
use std::collections::BTreeMap;

/// How a target fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Reached exactly (or within a limit).
    Met,
    /// Reached and passed.
    Exceeded,
    /// Answered, but short of the target.
    Unmet,
    /// No achievement answers it.
    NotReported,
    /// Answered, but the figures cannot be compared (redacted, other units, no figure).
    Unverifiable,
    /// An achievement that answers no target (only in [`Tracking::rows`] of leftovers).
    NoTarget,
}

impl Status {
    /// The snake_case name (`not_reported`).
    pub fn name(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Exceeded => "exceeded",
            Status::Unmet => "unmet",
            Status::NotReported => "not_reported",
            Status::Unverifiable => "unverifiable",
            Status::NoTarget => "no_target",
        }
    }
}

/// Planned against reported, per year, for an unmet target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shortfall {
    /// The planned figure per year.
    pub planned: f64,
    /// The reported figure per year.
    pub reported: f64,
    /// The unit.
    pub unit: Option<String>,
}

/// One target and its answers: the object `track --format json` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrackRow {
    /// The status.
    pub status: Status,
    /// The target (`null` for an achievement that answers no target).
    pub target: Option<Requirement>,
    /// The achievements that answer it, best first.
    pub answers: Vec<Requirement>,
    /// The alignment score of the best answer.
    pub score: Option<Score>,
    /// The score explained.
    pub explain: Option<String>,
    /// Planned against reported, when unmet.
    pub shortfall: Option<Shortfall>,
    /// Why, for a person (`planned 4次 a year, reported 2次`).
    pub note: String,
}

/// The result of [`track`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tracking {
    /// One row per target in plan order, then one per achievement that answers no target.
    pub rows: Vec<TrackRow>,
    /// Things a reader should know (different issuers, years that do not fit).
    pub warnings: Vec<String>,
}

impl Tracking {
    /// How many rows of each status.
    pub fn counts(&self) -> BTreeMap<Status, usize> {
        let mut m = BTreeMap::new();
        for r in &self.rows {
            *m.entry(r.status).or_insert(0) += 1;
        }
        m
    }
}

/// A figure as people write it (1200万, not 12000000).
fn num(x: f64) -> String {
    crate::util::chinese_figure(x)
}

/// The status of `target` answered by `answer`, with a note and the shortfall.
pub fn judge(target: &Requirement, answer: &Requirement) -> (Status, String, Option<Shortfall>) {
    let (Some(t), Some(a)) = (&target.quantity, &answer.quantity) else {
        return (Status::Unverifiable, "no figure to compare".into(), None);
    };
    if t.placeholder || a.placeholder {
        return (Status::Unverifiable, format!("redacted figure ({} / {})", t.raw, a.raw), None);
    }
    if t.unit != a.unit {
        return (
            Status::Unverifiable,
            format!(
                "units cannot be compared ({} / {})",
                t.unit.as_deref().unwrap_or("-"),
                a.unit.as_deref().unwrap_or("-")
            ),
            None,
        );
    }
    let tp = target.period.as_ref().and_then(|p| p.per_year);
    let ap = answer.period.as_ref().and_then(|p| p.per_year);
    let (Some(pv), Some(rv)) = (per_year(t, tp), per_year(a, ap)) else {
        return (Status::Unverifiable, "no value".into(), None);
    };
    let unit = t.unit.clone().unwrap_or_default();
    let yearly = !is_share(t.unit.as_deref()) && !is_limit(t.comparator);
    let per = if yearly && (tp.is_some() || ap.is_some()) { " a year" } else { "" };
    let note = format!("planned {}{unit}{per}, reported {}{unit}", num(pv), num(rv));
    let more = a.comparator == Comparator::Gt;
    let eps = 1e-9;
    let ceiling = crate::compare::direction::direction(target) == crate::compare::direction::Direction::Ceiling;
    let status = match t.comparator {
        // A ceiling indicator (居民消费价格涨幅3%左右, 失业率5.5%左右): met at or
        // below its value (within the band of ~, the top of a range).
        Comparator::Approx | Comparator::Eq | Comparator::Range if ceiling => {
            let cap = match t.comparator {
                Comparator::Approx => pv * 1.1,
                Comparator::Range => t.value_max.unwrap_or(pv),
                _ => pv,
            };
            if rv <= cap + eps { Status::Met } else { Status::Unmet }
        }
        Comparator::Le | Comparator::Lt => {
            let ok = if t.comparator == Comparator::Le { rv <= pv + eps } else { rv < pv };
            if ok { Status::Met } else { Status::Unmet }
        }
        Comparator::Range => {
            let hi = t.value_max.map_or(pv, |m| m * if yearly { tp.unwrap_or(1.0) } else { 1.0 });
            if rv + eps < pv {
                Status::Unmet
            } else if rv > hi + eps {
                Status::Exceeded
            } else {
                Status::Met
            }
        }
        Comparator::Approx => {
            if rv + eps < pv * 0.9 {
                Status::Unmet
            } else if rv > pv * 1.1 + eps {
                Status::Exceeded
            } else {
                Status::Met
            }
        }
        _ if rv + eps < pv => Status::Unmet,
        _ if rv > pv + eps || more => Status::Exceeded,
        _ => Status::Met,
    };
    let shortfall = (status == Status::Unmet).then(|| Shortfall { planned: pv, reported: rv, unit: t.unit.clone() });
    (status, note, shortfall)
}

/// Track the targets of `plan` against the achievements of `report`.
pub fn track(plan: &[Requirement], report: &[Requirement], opts: &AlignOptions) -> Tracking {
    // A year's targets, answered from the review of that year: the goals of a
    // five-year plan and the figures of a five-year review stay out.
    let targets: Vec<&Requirement> = plan.iter().filter(|r| r.kind == Kind::Target && !r.multi_year).collect();
    let achievements: Vec<&Requirement> =
        report.iter().filter(|r| r.kind == Kind::Achievement && !r.multi_year).collect();
    let a = align(&targets, &achievements, opts);
    let mut best: Vec<Option<(usize, Score)>> = vec![None; targets.len()];
    for p in &a.pairs {
        best[p.old] = Some((p.new, p.score));
    }
    let mut extra: Vec<Vec<usize>> = vec![Vec::new(); targets.len()];
    let mut answered = vec![false; achievements.len()];
    for p in &a.pairs {
        answered[p.new] = true;
    }
    for p in &a.extra {
        let same_unit =
            targets[p.old].quantity.as_ref().map(|q| &q.unit) == achievements[p.new].quantity.as_ref().map(|q| &q.unit);
        if same_unit && p.score.action >= 0.8 {
            extra[p.old].push(p.new);
            answered[p.new] = true;
        }
    }
    let mut out = Tracking::default();
    for (i, t) in targets.iter().enumerate() {
        let row = match best[i] {
            None => TrackRow {
                status: Status::NotReported,
                target: Some((*t).clone()),
                answers: Vec::new(),
                score: None,
                explain: None,
                shortfall: None,
                note: "no achievement of the report answers it".into(),
            },
            Some((j, s)) => {
                let (status, note, shortfall) = judge(t, achievements[j]);
                let mut answers = vec![achievements[j].clone()];
                answers.extend(extra[i].iter().map(|&k| achievements[k].clone()));
                TrackRow {
                    status,
                    target: Some((*t).clone()),
                    answers,
                    score: Some(s),
                    explain: Some(s.explain()),
                    shortfall,
                    note,
                }
            }
        };
        out.rows.push(row);
    }
    for (j, r) in achievements.iter().enumerate() {
        if !answered[j] {
            out.rows.push(TrackRow {
                status: Status::NoTarget,
                target: None,
                answers: vec![(*r).clone()],
                score: None,
                explain: None,
                shortfall: None,
                note: "answers no target of the plan".into(),
            });
        }
    }
    out.warnings.extend(issuer_warning(plan, report));
    out.warnings.extend(year_warning(plan, report));
    if targets.is_empty() {
        out.warnings.push("the plan holds no targets".into());
    }
    if achievements.is_empty() {
        out.warnings.push("the report holds no achievements".into());
    }
    out
}

/// A warning when the report's year is neither the plan's nor the next.
fn year_warning(plan: &[Requirement], report: &[Requirement]) -> Option<String> {
    let py = plan.iter().find_map(|r| r.document.year)?;
    let ry = report.iter().find_map(|r| r.document.year)?;
    (ry != py && ry != py + 1)
        .then(|| format!("the plan is for {py} but the report for {ry}: the figures may not answer each other"))
}
