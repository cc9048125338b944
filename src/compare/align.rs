//! Aligning two sets of requirements: a blocking step (an inverted index of
//! the action's character trigrams, probed with each item's rarest ones),
//! a score that explains itself, and a greedy one-to-one matching.
//!
//! Only pairs that share a rare trigram of their action are ever scored, so
//! 10,000 × 10,000 requirements align in well under a second.

use super::score::{Features, features, score};
pub use super::score::{Score, WEIGHTS, Weights, bigrams, dice, score_pair, similarity, trigrams};
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
        AlignOptions { threshold: 0.4, probe: 4, posting_cap: 128, max_candidates: 48, min_action: 0.3 }
    }
}

/// How many scored candidates of one item go on to the matching.
const KEEP_PER_ITEM: usize = 8;

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

/// The items of a list that 分别 distributes (`化学需氧量、氨氮排放量分别下降`
/// → 化学需氧量, 氨氮排放量), if the action is one.
fn list_items(a: &str) -> Option<Vec<&str>> {
    let (list, _) = a.split_once("分别")?;
    // (…排放量要分别下降: the modal is not the item's.)
    let list = list.trim_end_matches(['要', '将', '应', '均']);
    let items: Vec<&str> = list.split('、').filter(|i| !i.is_empty()).collect();
    (items.len() >= 2).then_some(items)
}

/// Can these two actions be about the same thing, as far as lists go? An
/// action of one item (氮氧化物排放量下降) answers a list that one figure
/// gives to all its items (化学需氧量、氨氮排放量分别下降2%) only when it names
/// one of them.
fn items_agree(a: &Listed, b: &Listed) -> bool {
    let (Some(x), Some(y)) = (a.action, b.action) else { return true };
    match (&a.items, &b.items) {
        (Some(items), None) => items.iter().any(|i| y.contains(i)),
        (None, Some(items)) => items.iter().any(|i| x.contains(i)),
        _ => true,
    }
}

/// A requirement's action with its 分别 list, read once per requirement
/// (not once per pair scored).
struct Listed<'a> {
    action: Option<&'a str>,
    items: Option<Vec<&'a str>>,
}

impl<'a> Listed<'a> {
    fn of(action: Option<&'a str>) -> Self {
        Listed { action, items: action.and_then(list_items) }
    }
}

/// Align `old` with `new`: block, score the candidates, pair greedily best first.
/// Takes requirements or references to them.
pub fn align<R: Borrow<Requirement>>(old: &[R], new: &[R], opts: &AlignOptions) -> Alignment {
    let fo: Vec<Features> = old.iter().map(|r| features(r.borrow())).collect();
    let fnew: Vec<Features> = new.iter().map(|r| features(r.borrow())).collect();
    let lo: Vec<Listed> = old.iter().map(|r| Listed::of(r.borrow().action.as_deref())).collect();
    let ln: Vec<Listed> = new.iter().map(|r| Listed::of(r.borrow().action.as_deref())).collect();
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
            if !items_agree(&lo[i as usize], &ln[j]) {
                continue;
            }
            let s = score(&fo[i as usize], f);
            if s.total >= opts.threshold && s.action >= opts.min_action {
                local.push(Pair { old: i as usize, new: j, score: s });
            }
        }
        // Only the best few of an item can matter to the greedy matching.
        local.sort_unstable_by(|a, b| b.score.total.total_cmp(&a.score.total).then(a.old.cmp(&b.old)));
        cands.extend(local.drain(..).take(KEEP_PER_ITEM));
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
    use super::Listed;

    fn items_agree(a: Option<&str>, b: Option<&str>) -> bool {
        super::items_agree(&Listed::of(a), &Listed::of(b))
    }

    #[test]
    fn one_item_answers_a_list_only_when_it_names_one() {
        let list = Some("化学需氧量、氨氮排放量要分别下降");
        assert!(items_agree(list, Some("氨氮排放量下降")));
        assert!(items_agree(list, Some("化学需氧量排放量下降")));
        assert!(!items_agree(list, Some("氮氧化物排放量下降")));
        assert!(items_agree(Some("二氧化硫、氮氧化物排放量分别下降"), list), "two lists: the score decides");
        assert!(items_agree(Some("城镇新增就业"), Some("城镇新增就业人数")));
        assert!(items_agree(None, list));
    }
}
