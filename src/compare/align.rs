//! Aligning two sets of requirements: a blocking step (an inverted index of
//! the action's character trigrams, probed with each item's rarest ones),
//! a score that explains itself, and a greedy one-to-one matching.
//!
//! Only pairs that share a rare trigram of their action are ever scored, so
//! 10,000 × 10,000 requirements align in well under a second.

use crate::model::Requirement;
use serde::Serialize;
use std::borrow::Borrow;
use std::collections::HashMap;

/// Tuning of the alignment. Defaults in brackets.
#[derive(Debug, Clone, PartialEq)]
pub struct AlignOptions {
    /// Lowest total score that pairs two requirements \[0.4\].
    pub threshold: f64,
    /// How many of an item's rarest action trigrams are probed \[4\].
    pub probe: usize,
    /// How long a trigram's posting list may be to be probed \[128\].
    pub posting_cap: usize,
    /// How many candidates of one item are scored, most shared trigrams first
    /// (more when tied, at most four times as many) \[48\].
    pub max_candidates: usize,
    /// Lowest action similarity that pairs two requirements \[0.3\].
    pub min_action: f64,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions {
            threshold: 0.4,
            probe: 4,
            posting_cap: 128,
            max_candidates: 48,
            min_action: 0.3,
        }
    }
}

/// How many scored candidates of one item go on to the matching.
const KEEP_PER_ITEM: usize = 8;

/// Weights of the score's parts; they add up to 1.
pub const WEIGHTS: Weights = Weights {
    action: 0.6,
    actor: 0.15,
    unit: 0.15,
    section: 0.1,
};

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
    keys: Vec<u64>,
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
        chars
            .windows(2)
            .map(|w| (u64::from(w[0]) << 32) | u64::from(w[1]))
            .collect()
    };
    v.sort_unstable();
    v.dedup();
    v
}

/// Sorted, deduplicated character trigrams of the letters and digits of `s`
/// (the blocking keys); the bigrams when it is shorter than three.
pub fn trigrams(s: &str) -> Vec<u64> {
    let chars: Vec<char> = s.chars().filter(|c| c.is_alphanumeric()).collect();
    if chars.len() < 3 {
        return bigrams(s);
    }
    let mut v: Vec<u64> = chars
        .windows(3)
        .map(|w| (1 << 63) | (u64::from(w[0]) << 42) | (u64::from(w[1]) << 21) | u64::from(w[2]))
        .collect();
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
        keys: trigrams(action),
        actor: r.actor.as_deref().map(bigrams).filter(|v| !v.is_empty()),
        unit: r.quantity.as_ref().and_then(|q| q.unit.clone()),
        section: r
            .section
            .last()
            .map(|s| bigrams(s))
            .filter(|v| !v.is_empty()),
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
    let total = WEIGHTS.action * action
        + WEIGHTS.actor * actor
        + WEIGHTS.unit * unit
        + WEIGHTS.section * section;
    Score {
        total,
        action,
        actor,
        unit,
        section,
    }
}

/// Score two requirements as [`align`] does.
pub fn score_pair(a: &Requirement, b: &Requirement) -> Score {
    score(&features(a), &features(b))
}

/// Align `old` with `new`: block, score the candidates, pair greedily best first.
/// Takes requirements or references to them.
pub fn align<R: Borrow<Requirement>>(old: &[R], new: &[R], opts: &AlignOptions) -> Alignment {
    let fo: Vec<Features> = old.iter().map(|r| features(r.borrow())).collect();
    let fnew: Vec<Features> = new.iter().map(|r| features(r.borrow())).collect();
    let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
    let mut exact: HashMap<&[u64], Vec<u32>> = HashMap::new();
    for (i, f) in fo.iter().enumerate() {
        for &g in &f.keys {
            index.entry(g).or_default().push(i as u32);
        }
        exact.entry(f.action.as_slice()).or_default().push(i as u32);
    }
    let mut hits = vec![0u32; old.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut cands: Vec<Pair> = Vec::new();
    let mut local: Vec<Pair> = Vec::new();
    for (j, f) in fnew.iter().enumerate() {
        // The same action word for word is always a candidate, first.
        if let Some(same) = exact.get(f.action.as_slice()) {
            for &i in same.iter().take(opts.max_candidates) {
                touched.push(i);
                hits[i as usize] = u32::MAX / 2;
            }
        }
        let mut keys: Vec<&Vec<u32>> = f.keys.iter().filter_map(|g| index.get(g)).collect();
        keys.sort_by_key(|p| p.len());
        // A posting longer than the cap says little: skip it, unless it is
        // the rarest key the item has (then its head is looked at).
        for (k, posting) in keys.iter().take(opts.probe).enumerate() {
            if k > 0 && posting.len() > opts.posting_cap {
                break;
            }
            for &i in posting.iter().take(opts.posting_cap) {
                if hits[i as usize] == 0 {
                    touched.push(i);
                }
                hits[i as usize] += 1;
            }
        }
        // Candidates that share the most probed bigrams; those tied with the
        // last one kept are kept too, up to 4× the limit.
        let rank = |i: &u32| (std::cmp::Reverse(hits[*i as usize]), *i);
        let cap = (opts.max_candidates * 4).min(touched.len());
        if cap < touched.len() {
            touched.select_nth_unstable_by_key(cap, rank);
        }
        let top = &mut touched[..cap];
        top.sort_unstable_by_key(rank);
        let mut take = opts.max_candidates.min(top.len());
        if let Some(&last) = take.checked_sub(1).and_then(|k| top.get(k)) {
            let cut = hits[last as usize];
            while take < top.len() && hits[top[take] as usize] == cut {
                take += 1;
            }
        }
        local.clear();
        for &i in &top[..take] {
            let s = score(&fo[i as usize], f);
            if s.total >= opts.threshold && s.action >= opts.min_action {
                local.push(Pair {
                    old: i as usize,
                    new: j,
                    score: s,
                });
            }
        }
        // Only the best few of an item can matter to the greedy matching.
        local.sort_unstable_by(|a, b| {
            b.score
                .total
                .total_cmp(&a.score.total)
                .then(a.old.cmp(&b.old))
        });
        cands.extend(local.drain(..).take(KEEP_PER_ITEM));
        for &i in &touched {
            hits[i as usize] = 0;
        }
        touched.clear();
    }
    cands.sort_by(|a, b| {
        b.score
            .total
            .total_cmp(&a.score.total)
            .then(a.old.cmp(&b.old))
            .then(a.new.cmp(&b.new))
    });
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
