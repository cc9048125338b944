//! The sentence pass: a sentence's candidate figures ([`quantity`]) and
//! deadlines ([`deadline`]), with the figures the named rules reject
//! ([`reject`]) taken out, and the comparator a 、 list shares handed on.
//!
//! [`quantity`]: super::quantity
//! [`deadline`]: super::deadline
//! [`reject`]: super::reject

use super::deadline::{self, Found};
use super::quantity::{Candidate, find_candidates};
use super::{Rejection, reject};
use crate::document::Document;
use crate::model::Comparator;
use std::ops::Range;

/// The figures and deadlines of one sentence that count.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    /// The accepted candidates, in text order.
    pub accepted: Vec<Candidate>,
    /// The deadlines, in text order.
    pub deadlines: Vec<Found>,
}

impl Figures {
    /// Neither a figure nor a deadline.
    pub fn is_empty(&self) -> bool {
        self.accepted.is_empty() && self.deadlines.is_empty()
    }
}

/// The figures of sentence `si` of `doc`. With `explain`, every rejected
/// candidate (and every numeral that never became one) is added to
/// `rejections` with its rule; without, the rules still decide.
pub fn figures(doc: &Document, si: usize, explain: bool, rejections: &mut Vec<Rejection>) -> Figures {
    let text = doc.norm.text();
    let range = doc.seg.sentences[si].range.clone();
    let cands = find_candidates(text, range.clone());
    let deadlines = deadline::find(text, range.clone(), doc.meta.year);
    let mut reject = |r: Range<usize>, rule: reject::Rule| {
        rejections.push(Rejection {
            doc: doc.name.clone(),
            raw: doc.source_slice(r.clone()).to_string(),
            span: doc.source_span(r),
            rule: rule.name(),
            sentence: doc.source_slice(range.clone()).to_string(),
        })
    };
    if explain {
        let taken: Vec<Range<usize>> = cands
            .iter()
            .map(|c| c.raw.start.min(c.num.start)..c.raw.end.max(c.unit_range.end))
            .chain(deadlines.iter().map(|d| d.range.clone()))
            .collect();
        for (r, rule) in reject::non_candidates(text, range.clone(), &taken) {
            reject(r, rule);
        }
    }
    if cands.is_empty() && deadlines.is_empty() {
        return Figures::default();
    }
    let mut accepted = Vec::with_capacity(cands.len());
    for c in cands {
        // A figure inside a deadline (6月底前) is the deadline's.
        if deadlines.iter().any(|d| d.range.start <= c.num.start && c.num.start < d.range.end) {
            continue;
        }
        match reject::check(&reject::Ctx::new(text, range.clone(), &c)) {
            Some(rule) if explain => reject(c.raw.clone(), rule),
            Some(_) => {}
            None => accepted.push(c),
        }
    }
    share_comparators(text, &mut accepted);
    Figures { accepted, deadlines }
}

/// 分别达到41260元、19850元: a comparator is shared across a 、 list (a
/// figure with none of its own, right after 、, takes the one before).
pub fn share_comparators(text: &str, accepted: &mut [Candidate]) {
    for k in 1..accepted.len() {
        let (prev, cur) = (&accepted[k - 1], &accepted[k]);
        if !cur.has_comparator
            && prev.has_comparator
            && prev.comparator != Comparator::Range
            && text.get(prev.raw.end..cur.raw.start) == Some("、")
        {
            let c = prev.comparator;
            accepted[k].comparator = c;
            accepted[k].has_comparator = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures_of(t: &str) -> (Vec<String>, Vec<(String, &'static str)>) {
        let doc = Document::analyze("t.txt", t);
        let mut rejections = Vec::new();
        let mut raws = Vec::new();
        for si in 0..doc.seg.sentences.len() {
            let f = figures(&doc, si, true, &mut rejections);
            raws.extend(f.accepted.iter().map(|c| doc.source_slice(c.raw.clone()).to_string()));
        }
        (raws, rejections.into_iter().map(|r| (r.raw, r.rule)).collect())
    }

    #[test]
    fn accepted_and_rejected() {
        let (raws, rejected) = figures_of("2023年召开专题会议不少于4次，约谈2人次。");
        assert_eq!(raws, ["不少于4次", "2人次"]);
        assert!(rejected.iter().any(|(raw, rule)| raw.starts_with("2023") && *rule == "date"), "{rejected:?}");
        // A figure inside a deadline is the deadline's, neither accepted nor rejected.
        let (raws, rejected) = figures_of("6月底前完成整改。");
        assert!(raws.is_empty());
        assert!(rejected.iter().all(|(raw, _)| !raw.contains('6')), "{rejected:?}");
    }

    #[test]
    fn comparators_shared_across_a_list() {
        let doc = Document::analyze("t.txt", "城乡居民收入分别达到41260元、19850元。");
        let f = figures(&doc, 0, false, &mut Vec::new());
        let cmps: Vec<Comparator> = f.accepted.iter().map(|c| c.comparator).collect();
        assert_eq!(cmps, [Comparator::Ge, Comparator::Ge]);
    }
}
