//! Which way is better for an indicator (`dictionaries/indicators.txt`): a
//! ceiling (失业率, 居民消费价格涨幅, 赤字率: met at or below the value,
//! tightened when lowered) or a floor (growth, jobs, output). A limit
//! comparator (`<=`, `<`) is a ceiling whatever the indicator.

use crate::model::{Comparator, Requirement};
use std::sync::OnceLock;

/// Which way is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// More is better.
    Floor,
    /// Less is better.
    Ceiling,
}

/// One line of the indicator lexicon.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// The indicator's name.
    pub name: &'static str,
    /// Which way is better.
    pub direction: Direction,
    /// Words that name it in an action.
    pub words: Vec<&'static str>,
}

/// The indicator lexicon, longest word first across indicators.
pub fn indicators() -> &'static [Indicator] {
    static L: OnceLock<Vec<Indicator>> = OnceLock::new();
    L.get_or_init(|| {
        include_str!("../../dictionaries/indicators.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut p = l.split('\t');
                let name = p.next()?.trim();
                let direction = match p.next()?.trim() {
                    "ceiling" => Direction::Ceiling,
                    _ => Direction::Floor,
                };
                let words = p.next().unwrap_or(name).split(',').map(str::trim).filter(|w| !w.is_empty()).collect();
                Some(Indicator { name, direction, words })
            })
            .collect()
    })
}

/// The indicator an action names: the one with the longest matching word.
/// A share names the part, not the whole it is a share of (先进制造业增加值占
/// 规模以上工业增加值比重 is no 规模以上工业增加值增长).
pub fn indicator_of(action: &str) -> Option<&'static Indicator> {
    let action = match action.rfind('占') {
        Some(k) if ["比重", "比例", "份额"].iter().any(|w| action.ends_with(w)) => &action[..k],
        _ => action,
    };
    indicators()
        .iter()
        .filter_map(|i| i.words.iter().filter(|w| action.contains(**w)).map(|w| w.len()).max().map(|n| (n, i)))
        .max_by_key(|&(n, _)| n)
        .map(|(_, i)| i)
}

/// Which way is better for a requirement.
pub fn direction(r: &Requirement) -> Direction {
    if r.quantity.as_ref().is_some_and(|q| matches!(q.comparator, Comparator::Le | Comparator::Lt)) {
        return Direction::Ceiling;
    }
    r.action.as_deref().and_then(indicator_of).map_or(Direction::Floor, |i| i.direction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon() {
        let rows: &[(&str, Option<(&str, Direction)>)] = &[
            ("城镇调查失业率", Some(("城镇调查失业率", Direction::Ceiling))),
            ("城镇登记失业率", Some(("城镇登记失业率", Direction::Ceiling))),
            ("居民消费价格涨幅", Some(("居民消费价格涨幅", Direction::Ceiling))),
            ("单位国内生产总值能耗下降", Some(("单位国内生产总值能耗", Direction::Floor))),
            ("国内生产总值增长", Some(("地区生产总值增长", Direction::Floor))),
            ("赤字率拟按安排", Some(("赤字率", Direction::Ceiling))),
            ("开展廉政谈话", None),
            ("先进制造业增加值占规模以上工业增加值比重", None),
            ("规模以上工业增加值占地区生产总值比重", Some(("规模以上工业增加值增长", Direction::Floor))),
        ];
        for (action, want) in rows {
            assert_eq!(indicator_of(action).map(|i| (i.name, i.direction)), *want, "{action}");
        }
    }
}
