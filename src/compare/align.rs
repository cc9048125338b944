//! Aligning two sets of requirements: a blocking step (an inverted index of
//! the action's character bigrams, probed with each item's rarest bigrams),
//! a score that explains itself, and a greedy one-to-one matching.
//!
//! Only pairs that share a rare bigram of their action are ever scored, so
//! 10,000 × 10,000 requirements align in well under a second.

use crate::model::Requirement;
use serde::Serialize;
use std::collections::HashMap;

/// Tuning of the alignment. Defaults in brackets.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignOptions {
    /// Lowest total score that pairs two requirements \[0.4\].
    pub threshold: f64,
    /// How many of an item's rarest action bigrams are probed \[6\].
    pub probe: usize,
    /// How many items of one bigram's posting list are looked at \[256\].
    pub posting_cap: usize,
    /// How many candidates of one item are scored, most shared bigrams first \[48\].
    pub max_candidates: usize,
    /// Lowest action similarity that pairs two requirements \[0.3\].
    pub min_action: f64,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions { threshold: 0.4, probe: 6, posting_cap: 256, max_candidates: 48, min_action: 0.3 }
    }
}

/// Weights of the score's parts; they add up to 1.
pub const WEIGHTS: Weights = Weights { action: 0.6, actor: 0.15, unit: 0.15, section: 0.1 };

/// Weights of the parts of a [`Score`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Weights {
    /// Action similarity.
    pub action: f64,
    /// Actor similarity.
    pub actor: f64,
    /// Unit agreement.
    pub unit: f64,
    /// Innermost heading similarity.
    pub section: f64,
}

/// Why two requirements were paired: each part in `[0, 1]` and the weighted total.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// Weighted sum of the parts.
    pub total: f64,
    /// Character-bigram similarity of the actions (mean of Dice and overlap).
    pub action: f64,
    /// Dice similarity of the actors' character bigrams (0.5 when one is unknown).
    pub actor: f64,
    /// 1 for the same unit, 0.5 when one contains the other or one is missing, else 0.
    pub unit: f64,
    /// Similarity of the innermost headings (0.5 when one has none).
    pub section: f64,
}

impl Score {
    /// A one-line explanation: `0.78 = action 0.90×0.6 + actor 0.50×0.15 + …`.
    pub fn explain(&self) -> String {
        format!(
            "{:.2} = action {:.2}×{} + actor {:.2}×{} + unit {:.2}×{} + section {:.2}×{}",
            self.total,
            self.action,
            WEIGHTS.action,
            self.actor,
            WEIGHTS.actor,
            self.unit,
            WEIGHTS.unit,
            self.section,
            WEIGHTS.section
        )
    }
}

/// One aligned pair: indices into the old and new slices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// Index in the old (or plan) slice.
    pub old: usize,
    /// Index in the new (or report) slice.
    pub new: usize,
    /// Why.
    pub score: Score,
}

/// The result of [`align`].
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Alignment {
    /// One-to-one pairs, best first.
    pub pairs: Vec<Pair>,
    /// Old items left unpaired, in order.
    pub old_only: Vec<usize>,
    /// New items left unpaired, in order.
    pub new_only: Vec<usize>,
    /// For each unpaired new item that scored above the threshold against an
    /// old item already taken: its best such old item.
    pub extra: Vec<Pair>,
}

/// What the score looks at, precomputed once per requirement.
struct Features {
    action: Vec<u64>,
    actor: Option<Vec<u64>>,
    unit: Option<String>,
    section: Option<Vec<u64>>,
}

/// Sorted, deduplicated character bigrams of the letters and digits of `s`
/// (a single character gives itself).
pub fn bigrams(s: &str) -> Vec<u64> {
    let chars: Vec<char> = s.chars().filter(|c| c.is_alphanumeric()).collect();
    let mut v: Vec<u64> = if chars.len() == 1 {
        vec![u64::from(chars[0]) << 32]
    } else {
        chars.windows(2).map(|w| (u64::from(w[0]) << 32) | u64::from(w[1])).collect()
    };
    v.sort_unstable();
    v.dedup();
    v
}

fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Similarity of two bigram sets: the mean of Dice and the overlap coefficient.
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let n = shared(a, b) as f64;
    let dice = 2.0 * n / (a.len() + b.len()) as f64;
    let overlap = n / a.len().min(b.len()) as f64;
    (dice + overlap) / 2.0
}

fn features(r: &Requirement) -> Features {
    let action = r.action.as_deref().unwrap_or(&r.sentence);
    Features {
        action: bigrams(action),
        actor: r.actor.as_deref().map(bigrams).filter(|v| !v.is_empty()),
        unit: r.quantity.as_ref().and_then(|q| q.unit.clone()),
        section: r.section.last().map(|s| bigrams(s)).filter(|v| !v.is_empty()),
    }
}

fn unit_score(a: &Option<String>, b: &Option<String>) -> f64 {
    match (a, b) {
        (Some(x), Some(y)) if x == y => 1.0,
        (Some(x), Some(y)) if x.contains(y.as_str()) || y.contains(x.as_str()) => 0.5,
        (Some(_), Some(_)) => 0.0,
        (None, None) => 1.0,
        _ => 0.5,
    }
}

/// Dice coefficient of two bigram sets.
pub fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    2.0 * shared(a, b) as f64 / (a.len() + b.len()) as f64
}

fn opt_similarity(a: &Option<Vec<u64>>, b: &Option<Vec<u64>>, f: fn(&[u64], &[u64]) -> f64) -> f64 {
    match (a, b) {
        (Some(x), Some(y)) => f(x, y),
        _ => 0.5,
    }
}

fn score(a: &Features, b: &Features) -> Score {
    let action = similarity(&a.action, &b.action);
    let actor = opt_similarity(&a.actor, &b.actor, dice);
    let unit = unit_score(&a.unit, &b.unit);
    let section = opt_similarity(&a.section, &b.section, similarity);
    let total = WEIGHTS.action * action + WEIGHTS.actor * actor + WEIGHTS.unit * unit + WEIGHTS.section * section;
    Score { total, action, actor, unit, section }
}

/// Score two requirements as [`align`] does.
pub fn score_pair(a: &Requirement, b: &Requirement) -> Score {
    score(&features(a), &features(b))
}

/// Align `old` with `new`: block, score the candidates, pair greedily best first.
pub fn align(old: &[Requirement], new: &[Requirement], opts: &AlignOptions) -> Alignment {
    let fo: Vec<Features> = old.iter().map(features).collect();
    let fnew: Vec<Features> = new.iter().map(features).collect();
    let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, f) in fo.iter().enumerate() {
        for &g in &f.action {
            index.entry(g).or_default().push(i as u32);
        }
    }
    let mut hits = vec![0u32; old.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut cands: Vec<Pair> = Vec::new();
    for (j, f) in fnew.iter().enumerate() {
        let mut keys: Vec<&Vec<u32>> = f.action.iter().filter_map(|g| index.get(g)).collect();
        keys.sort_by_key(|p| p.len());
        for posting in keys.iter().take(opts.probe) {
            for &i in posting.iter().take(opts.posting_cap) {
                if hits[i as usize] == 0 {
                    touched.push(i);
                }
                hits[i as usize] += 1;
            }
        }
        touched.sort_by_key(|&i| (std::cmp::Reverse(hits[i as usize]), i));
        for &i in touched.iter().take(opts.max_candidates) {
            let s = score(&fo[i as usize], f);
            if s.total >= opts.threshold && s.action >= opts.min_action {
                cands.push(Pair { old: i as usize, new: j, score: s });
            }
        }
        for &i in &touched {
            hits[i as usize] = 0;
        }
        touched.clear();
    }
    cands.sort_by(|a, b| b.score.total.total_cmp(&a.score.total).then(a.old.cmp(&b.old)).then(a.new.cmp(&b.new)));
    let mut old_taken = vec![false; old.len()];
    let mut new_taken = vec![false; new.len()];
    let mut out = Alignment::default();
    let mut leftovers = Vec::new();
    for p in cands {
        if !old_taken[p.old] && !new_taken[p.new] {
            old_taken[p.old] = true;
            new_taken[p.new] = true;
            out.pairs.push(p);
        } else {
            leftovers.push(p);
        }
    }
    let mut extra_seen = vec![false; new.len()];
    for p in leftovers {
        if !new_taken[p.new] && !extra_seen[p.new] {
            extra_seen[p.new] = true;
            out.extra.push(p);
        }
    }
    out.old_only = (0..old.len()).filter(|&i| !old_taken[i]).collect();
    out.new_only = (0..new.len()).filter(|&j| !new_taken[j]).collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigram_similarity_reads_chinese() {
        let a = bigrams("专题研究、安排部署党风廉政建设和反腐败工作");
        let b = bigrams("专题研究全面从严治党和党风廉政建设工作");
        let c = bigrams("协调解决具体问题");
        assert!(similarity(&a, &b) > 0.4, "{}", similarity(&a, &b));
        assert!(similarity(&a, &c) < 0.1);
        assert_eq!(bigrams("学"), vec![u64::from('学') << 32]);
        assert!(bigrams("，。").is_empty());
    }

    #[test]
    fn units_agree_or_not() {
        let s = |a: &str, b: &str| unit_score(&Some(a.into()), &Some(b.into()));
        assert_eq!(s("次", "次"), 1.0);
        assert_eq!(s("次", "人次"), 0.5);
        assert_eq!(s("次", "%"), 0.0);
        assert_eq!(unit_score(&None, &None), 1.0);
    }
}
