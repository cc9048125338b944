//! The `Score` a run produces, and the report `score.py` prints for it.

use std::fmt;

use super::pyfmt;

/// The scores of one run, as `score.py` computes and prints them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    /// Matched gold figures.
    pub tp: usize,
    /// Outputs that match no gold figure (and overlap no `ignore` line).
    pub fp: usize,
    /// Gold figures no output matched.
    pub fn_: usize,
    /// `tp / (tp + fp)`, unrounded.
    pub precision: f64,
    /// `tp / (tp + fn)`, unrounded.
    pub recall: f64,
    /// Harmonic mean of precision and recall, unrounded.
    pub f1: f64,
    /// Share of gold figures matched with every `EXACT` field right (rounded to 4 places).
    pub exact: f64,
    /// Outputs whose span is missing or does not hold their `raw` text.
    pub bad_spans: usize,
    /// Per-field accuracy over matched pairs, in `score.py`'s order (rounded to 4 places).
    pub fields: Vec<(&'static str, f64)>,
    /// The deadline-only scores.
    pub deadline: DeadlineScore,
    /// Gold lines that could not be placed, outputs that were skipped.
    pub problems: Vec<String>,
    /// `miss  DOC CORE#N` lines (figures first, then deadline-only lines).
    pub misses: Vec<String>,
    /// `alarm DOC 'RAW' at START` lines.
    pub alarms: Vec<String>,
    /// `wrong DOC CORE#N: field gold=…` lines.
    pub wrong: Vec<String>,
}

/// Scores of the deadline-only lines (obligations with a deadline and no figure).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeadlineScore {
    /// Matched deadline-only gold lines.
    pub tp: usize,
    /// Deadline-only outputs that match nothing.
    pub fp: usize,
    /// Deadline-only gold lines nothing matched.
    pub fn_: usize,
    /// Unrounded precision.
    pub precision: f64,
    /// Unrounded recall.
    pub recall: f64,
    /// Unrounded F1.
    pub f1: f64,
    /// Share of matches whose date agrees (rounded to 4 places).
    pub date: f64,
}

impl fmt::Display for Score {
    /// The report `score.py` prints without `--quiet`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p3 = |x: f64| pyfmt::fixed(x, 3);
        for line in self.problems.iter().chain(&self.misses).chain(&self.alarms).chain(&self.wrong) {
            writeln!(f, "{line}")?;
        }
        let (tp, fp, fn_) = (self.tp, self.fp, self.fn_);
        let (p, r, f1) = (p3(self.precision), p3(self.recall), p3(self.f1));
        writeln!(f, "detection: precision {p}  recall {r}  F1 {f1}  (tp {tp}, fp {fp}, fn {fn_})")?;
        let fields: Vec<String> = self.fields.iter().map(|(n, v)| format!("{n} {}", pyfmt::fixed(*v, 2))).collect();
        writeln!(f, "fields over matched: {}", fields.join("  "))?;
        let exact = p3(self.exact);
        writeln!(f, "fully right (kind, comparator, value, unit, placeholder, period) over gold: {exact}")?;
        let d = &self.deadline;
        if d.tp + d.fn_ + d.fp > 0 {
            let (p, r, f1, date) = (p3(d.precision), p3(d.recall), p3(d.f1), pyfmt::fixed(d.date, 2));
            let (tp, fp, fn_) = (d.tp, d.fp, d.fn_);
            writeln!(
                f,
                "deadline-only: precision {p}  recall {r}  F1 {f1}  date {date}  (tp {tp}, fp {fp}, fn {fn_})"
            )?;
        }
        writeln!(f, "outputs whose span does not hold their raw text: {}", self.bad_spans)
    }
}
