//! The alignment score: how alike two requirements are, part by part, and
//! the character n-grams it is computed on.

use crate::model::Requirement;
use serde::Serialize;

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

/// What the score looks at, precomputed once per requirement.
pub(crate) struct Features {
    /// Bigrams of the action (scored).
    pub(crate) action: Vec<u64>,
    /// Trigrams of the action (blocking keys).
    pub(crate) keys: Vec<u64>,
    actor: Option<Vec<u64>>,
    unit: Option<String>,
    section: Option<Vec<u64>>,
    /// The indicator the action names (`dictionaries/indicators.txt`).
    indicator: Option<&'static str>,
    /// A figure of several years (a five-year goal or review).
    multi_year: bool,
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

pub(crate) fn features(r: &Requirement) -> Features {
    let action = r.action.as_deref().unwrap_or(&r.sentence);
    let indicator = r.action.as_deref().and_then(super::direction::indicator_of).map(|i| i.name);
    // The indicator is a blocking key of its own, so that 经济增长 meets
    // 生产总值增长 although they share no trigram (bit 62 keeps it apart from
    // the trigram keys, which set bit 63).
    let mut keys = trigrams(action);
    if let Some(name) = indicator {
        use std::hash::Hasher;
        let mut h = crate::util::Fnv::default();
        h.write(name.as_bytes());
        keys.push((1 << 62) | (h.finish() >> 2));
        keys.sort_unstable();
        keys.dedup();
    }
    Features {
        action: bigrams(action),
        keys,
        actor: r.actor.as_deref().map(bigrams).filter(|v| !v.is_empty()),
        unit: r.quantity.as_ref().and_then(|q| q.unit.clone()),
        section: r.section.last().map(|s| bigrams(s)).filter(|v| !v.is_empty()),
        indicator,
        multi_year: r.multi_year,
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

pub(crate) fn score(a: &Features, b: &Features) -> Score {
    // The indicator decides identity: the same one named on both sides
    // pairs whatever the wording (单位GDP能耗 = 单位国内生产总值能耗), two
    // different ones never (城镇调查失业率 against 城镇登记失业率).
    let action = match (a.indicator, b.indicator) {
        (Some(x), Some(y)) if x == y => similarity(&a.action, &b.action).max(0.95),
        (Some(_), Some(_)) => similarity(&a.action, &b.action) * 0.3,
        _ => similarity(&a.action, &b.action),
    };
    let actor = opt_similarity(&a.actor, &b.actor, dice);
    let unit = unit_score(&a.unit, &b.unit);
    let section = opt_similarity(&a.section, &b.section, similarity);
    let mut total = WEIGHTS.action * action + WEIGHTS.actor * actor + WEIGHTS.unit * unit + WEIGHTS.section * section;
    // A rate against a level (增长6.7% against 达到74.4万亿元) measures
    // something else: such a pair is kept only when nothing better exists.
    let share = |u: &Option<String>| super::classify::is_share(u.as_deref());
    if share(&a.unit) != share(&b.unit) {
        total *= 0.5;
    }
    // An annual target against a five-year one (or a year's result against a
    // five-year total) is another horizon.
    if a.multi_year != b.multi_year {
        total *= 0.5;
    }
    Score { total, action, actor, unit, section }
}

/// Score two requirements as [`super::align()`] does.
pub fn score_pair(a: &Requirement, b: &Requirement) -> Score {
    score(&features(a), &features(b))
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
