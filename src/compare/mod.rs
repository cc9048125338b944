//! `compare`: what a new directive changed. Align the requirements of OLD
//! with those of NEW ([`align()`]) and classify each pair and leftover
//! ([`classify()`]).
//!
//! ```
//! use taizhang::compare::{compare, AlignOptions, Change};
//! use taizhang::pipeline::process;
//! use taizhang::source::Input;
//! # fn main() -> taizhang::Result<()> {
//! let dir = std::path::Path::new("tests/fixtures/compare");
//! let (_, old) = process(&Input::Path(dir.join("plan_2022.txt")))?;
//! let (_, new) = process(&Input::Path(dir.join("plan_2023.txt")))?;
//! let c = compare(&old.requirements, &new.requirements, &AlignOptions::default());
//! assert!(c.rows.iter().any(|r| r.change == Change::Tightened));
//! # Ok(())
//! # }
//! ```

pub mod align;
pub mod classify;
pub mod direction;
pub mod load;
pub mod score;
#[cfg(test)]
mod tests;

pub use align::{AlignOptions, Alignment, Pair, Score, align, score_pair};
pub use classify::{Change, Verdict, classify};
pub use load::{Loaded, for_each_document, load};

use crate::model::{Kind, Requirement};
use serde::Serialize;
use std::collections::BTreeMap;

/// One pair or leftover of a comparison: the object `compare --format json` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareRow {
    /// The change.
    pub change: Change,
    /// The requirement in OLD (`null` when added).
    pub old: Option<Requirement>,
    /// The requirement in NEW (`null` when dropped).
    pub new: Option<Requirement>,
    /// The alignment score of a pair.
    pub score: Option<Score>,
    /// The score explained in one line.
    pub explain: Option<String>,
    /// Why the change was judged so.
    pub reasons: Vec<String>,
    /// Fields whose wording differs.
    pub changed: Vec<&'static str>,
}

/// The result of [`compare`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Comparison {
    /// Pairs and added rows in NEW's order, then dropped rows in OLD's order.
    pub rows: Vec<CompareRow>,
    /// Things a reader should know (different issuers, no requirements…).
    pub warnings: Vec<String>,
}

impl Comparison {
    /// How many rows of each change.
    pub fn counts(&self) -> BTreeMap<Change, usize> {
        let mut m = BTreeMap::new();
        for r in &self.rows {
            *m.entry(r.change).or_insert(0) += 1;
        }
        m
    }
}

/// Compare OLD with NEW. Targets are aligned with targets and achievements
/// with achievements.
pub fn compare(old: &[Requirement], new: &[Requirement], opts: &AlignOptions) -> Comparison {
    let mut out = Comparison::default();
    let mut paired: Vec<(usize, CompareRow)> = Vec::new();
    let mut dropped: Vec<(usize, CompareRow)> = Vec::new();
    for kind in [Kind::Target, Kind::Achievement] {
        let oi: Vec<usize> = (0..old.len()).filter(|&i| old[i].kind == kind).collect();
        let ni: Vec<usize> = (0..new.len()).filter(|&j| new[j].kind == kind).collect();
        let os: Vec<&Requirement> = oi.iter().map(|&i| &old[i]).collect();
        let ns: Vec<&Requirement> = ni.iter().map(|&j| &new[j]).collect();
        let a = align(&os, &ns, opts);
        for p in &a.pairs {
            let v = classify(os[p.old], ns[p.new]);
            paired.push((
                ni[p.new],
                CompareRow {
                    change: v.change,
                    old: Some(os[p.old].clone()),
                    new: Some(ns[p.new].clone()),
                    score: Some(p.score),
                    explain: Some(p.score.explain()),
                    reasons: v.reasons,
                    changed: v.changed,
                },
            ));
        }
        for &j in &a.new_only {
            paired.push((ni[j], leftover(Change::Added, None, Some(ns[j].clone()))));
        }
        for &i in &a.old_only {
            dropped.push((oi[i], leftover(Change::Dropped, Some(os[i].clone()), None)));
        }
    }
    paired.sort_by_key(|(k, _)| *k);
    dropped.sort_by_key(|(k, _)| *k);
    out.rows = paired.into_iter().chain(dropped).map(|(_, r)| r).collect();
    out.warnings = issuer_warning(old, new).into_iter().collect();
    out
}

fn leftover(change: Change, old: Option<Requirement>, new: Option<Requirement>) -> CompareRow {
    CompareRow { change, old, new, score: None, explain: None, reasons: Vec::new(), changed: Vec::new() }
}

/// A warning when the two sets come from different issuers.
pub fn issuer_warning(a: &[Requirement], b: &[Requirement]) -> Option<String> {
    let issuers = |s: &[Requirement]| -> Vec<String> {
        let mut v: Vec<String> = s.iter().filter_map(|r| r.document.issuer.clone()).collect();
        v.sort();
        v.dedup();
        v
    };
    let (x, y) = (issuers(a), issuers(b));
    if x.is_empty() || y.is_empty() || x.iter().any(|i| y.contains(i)) {
        return None;
    }
    Some(format!("the issuers differ ({} vs {}): the documents may not answer each other", x.join("、"), y.join("、")))
}

/// Mark the differing middle of two strings: the common prefix and suffix
/// (by characters) stay, the rest is wrapped in `open`/`close`.
pub fn mark_diff(a: &str, b: &str, open: &str, close: &str) -> (String, String) {
    let ac: Vec<char> = a.chars().collect();
    let bc: Vec<char> = b.chars().collect();
    let pre = ac.iter().zip(&bc).take_while(|(x, y)| x == y).count();
    let max_suf = ac.len().min(bc.len()) - pre;
    let suf = ac.iter().rev().zip(bc.iter().rev()).take(max_suf).take_while(|(x, y)| x == y).count();
    let wrap = |c: &[char]| -> String {
        let (p, rest) = c.split_at(pre);
        let (m, s) = rest.split_at(rest.len() - suf);
        let p: String = p.iter().collect();
        let m: String = m.iter().collect();
        let s: String = s.iter().collect();
        if m.is_empty() { format!("{p}{s}") } else { format!("{p}{open}{m}{close}{s}") }
    };
    if a == b {
        return (a.to_string(), b.to_string());
    }
    (wrap(&ac), wrap(&bc))
}
