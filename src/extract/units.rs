//! Counting units: what may follow a figure (次 件 人次 个工作日 个百分点 % …).

/// What a unit measures; rules treat some classes specially.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitClass {
    /// Events, items, people, money, measures: an ordinary count.
    Count,
    /// Counts of people or bodies (名 人 个 家 位 所 户): these can count a subject.
    Doers,
    /// `%`, `‰`, 个百分点, 成.
    Percent,
    /// Time spans (天 日 小时 个月 年 周): a quantity only as a limit
    /// (`15个工作日内`, `不超过30天`).
    Time,
    /// Points in a 考核细则 (分): they weigh a rule, they are not requirements.
    Points,
    /// 方面: announces a list.
    Aspects,
    /// 字 句 页: parts of a name or a page mark.
    Text,
}

/// A unit read after a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The unit as the spec wants it (brackets and size words dropped): one
    /// of the lexicon's units.
    pub text: &'static str,
    /// Bytes consumed in the text.
    pub len: usize,
    /// Its class.
    pub class: UnitClass,
}

use UnitClass::*;

/// Longest first within each leading character is ensured by sorting at use.
const UNITS: &[(&str, UnitClass)] = &[
    ("微克/立方米", Count),
    ("毫克/立方米", Count),
    ("毫克/升", Count),
    ("元/吨", Count),
    ("元/平方米", Count),
    ("元/月", Count),
    ("分/千瓦时", Count),
    ("分/立方米", Count),
    ("元/千瓦时", Count),
    // Capacities and rates per unit (污水处理能力30万吨/日, 600立方米/秒, 16.8万元/人).
    ("吨/日", Count),
    ("吨/年", Count),
    ("立方米/秒", Count),
    ("立方米/日", Count),
    ("元/人", Count),
    ("班次", Count),
    ("列", Count),
    ("颗", Count),
    ("担", Count),
    // 可再生能源发电量超1000亿度 (kilowatt-hours as people say them).
    ("度", Count),
    ("对", Count),
    ("个工作日", Time),
    ("工作日", Time),
    ("个百分点", Percent),
    ("百分点", Percent),
    ("个小时", Time),
    ("个月", Time),
    ("小时", Time),
    ("分钟", Time),
    ("周年", Time),
    ("天", Time),
    ("日", Time),
    ("周", Time),
    ("年", Time),
    ("人次", Count),
    ("家次", Count),
    ("户次", Count),
    ("车次", Count),
    ("辆次", Count),
    ("架次", Count),
    ("批次", Count),
    ("场次", Count),
    ("课时", Count),
    ("学时", Count),
    ("吨标准煤", Count),
    ("平方公里", Count),
    ("平方米", Count),
    ("立方米", Count),
    ("千瓦时", Count),
    ("千瓦", Count),
    ("兆瓦", Count),
    ("千米", Count),
    ("千克", Count),
    ("公里", Count),
    ("公顷", Count),
    ("公斤", Count),
    ("厘米", Count),
    ("美元", Count),
    ("标箱", Count),
    ("方面", Aspects),
    ("次", Count),
    ("件", Count),
    ("项", Count),
    ("条", Count),
    ("处", Count),
    ("台", Count),
    ("套", Count),
    // 25.1万套（间）, 14.2万台（套）: the bracket joins the unit.
    ("套间", Count),
    ("台套", Count),
    ("本", Count),
    ("册", Count),
    ("张", Count),
    ("部", Count),
    ("份", Count),
    ("卷", Count),
    ("篇", Count),
    ("宗", Count),
    ("起", Count),
    ("例", Count),
    ("批", Count),
    ("类", Count),
    ("块", Count),
    ("片", Count),
    ("座", Count),
    ("栋", Count),
    ("幢", Count),
    ("间", Count),
    ("轮", Count),
    ("遍", Count),
    ("场", Count),
    ("期", Count),
    ("辆", Count),
    ("艘", Count),
    ("架", Count),
    ("头", Count),
    ("只", Count),
    ("株", Count),
    ("棵", Count),
    ("门", Count),
    ("支", Count),
    ("种", Count),
    ("倍", Count),
    ("元", Count),
    ("亩", Count),
    ("吨", Count),
    ("斤", Count),
    ("米", Count),
    ("升", Count),
    ("岁", Count),
    ("村", Count),
    ("名", Doers),
    ("人", Doers),
    ("位", Doers),
    ("个", Doers),
    ("家", Doers),
    ("所", Doers),
    ("户", Doers),
    ("%", Percent),
    // 翻了一番, 翻两番 (a doubling).
    ("番", Count),
    // Computing power (新增智能算力1.7万P, 2.5EFLOPS).
    ("P", Count),
    ("PF", Count),
    ("PFLOPS", Count),
    ("EFLOPS", Count),
    ("‰", Percent),
    ("分", Points),
    ("字", Text),
    ("句", Text),
    ("页", Text),
];

/// Classifiers that a size word (大/小) may stand before: `x大项` → 项.
const SIZED: &[&str] = &["项", "类", "块", "批", "件", "个"];

/// Units grouped by their first character, so a lookup tries only a few.
fn by_first_char(c: char) -> &'static [(&'static str, UnitClass)] {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    type Map = HashMap<char, Vec<(&'static str, UnitClass)>, crate::util::FnvBuild>;
    static M: OnceLock<Map> = OnceLock::new();
    M.get_or_init(|| {
        let mut m = Map::default();
        for &(u, k) in UNITS {
            if let Some(f) = u.chars().next() {
                m.entry(f).or_default().push((u, k));
            }
        }
        m
    })
    .get(&c)
    .map_or(&[], Vec::as_slice)
}

fn lookup(rest: &str) -> Option<(&'static str, UnitClass)> {
    let mut best: Option<(&'static str, UnitClass)> = None;
    for &(u, c) in by_first_char(rest.chars().next()?) {
        if rest.starts_with(u) && best.is_none_or(|(b, _)| u.len() > b.len()) {
            best = Some((u, c));
        }
    }
    best
}

/// Does `rest` (text after a 千 or 百) begin a unit that itself starts with it?
pub fn starts_with_kilo_unit(rest: &str, mult: &str) -> bool {
    let joined = format!("{mult}{}", rest.chars().take(3).collect::<String>());
    UNITS.iter().any(|(u, _)| u.starts_with(mult) && joined.starts_with(u))
}

/// Read a unit at byte `i` of `s`.
pub fn read_unit(s: &str, i: usize) -> Option<Unit> {
    let rest = s.get(i..)?;
    // Size word before a classifier: x大项 → 项.
    for size in ["大", "小"] {
        if let Some(after) = rest.strip_prefix(size)
            && let Some(&cls) = SIZED.iter().find(|c| after.starts_with(**c))
        {
            return Some(Unit { text: cls, len: size.len() + cls.len(), class: Count });
        }
    }
    if let Some(m) = medal(s, i) {
        return Some(Unit { text: m, len: m.len(), class: Count });
    }
    let (u, class) = lookup(rest)?;
    // A Latin unit is a whole word (1.7万P, not the P of 3个PM2.5站点).
    if u.bytes().all(|b| b.is_ascii_alphabetic())
        && rest[u.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    let mut text = u;
    let mut len = u.len();
    // Brackets inside the unit drop: 人(次) → 人次.
    if let Some(after) = rest[len..].strip_prefix('(')
        && let Some(close) = after.find(')')
        && close <= 6
    {
        let inner = &after[..close];
        let candidate = format!("{text}{inner}");
        if let Some((c, _)) = lookup(&candidate).filter(|&(c, _)| c == candidate) {
            text = c;
            len += 1 + close + 1;
        }
    }
    Some(Unit { text, len, class })
}

/// A medal of a tally (8金4银4铜, 4金2银) at byte `i` of `s`: 金, 银 or 铜
/// counts medals only between figures of one tally, a figure and the next
/// medal after it or the previous medal before the figure before it (3金融
///机构 has no tally).
fn medal(s: &str, i: usize) -> Option<&'static str> {
    const MEDALS: [&str; 3] = ["金", "银", "铜"];
    let k = MEDALS.iter().position(|m| s[i..].starts_with(m))?;
    let digit = |c: char| c.is_ascii_digit() || super::number::is_cn_digit(c);
    // The medal after the figure that follows this one.
    let after = &s[i + MEDALS[k].len()..];
    let next = after.trim_start_matches(digit);
    let later = next.len() < after.len() && MEDALS[k + 1..].iter().any(|m| next.starts_with(m));
    // The medal before the figure this one follows.
    let before = s[..i].trim_end_matches(digit);
    let earlier = before.len() < i && MEDALS[..k].iter().any(|m| before.ends_with(m));
    (later || earlier).then_some(MEDALS[k])
}

/// A noun with no classifier ending in a counting character: `农户` → 户.
/// Returns the unit and the bytes consumed (the whole noun).
pub fn read_noun_unit(s: &str, i: usize) -> Option<Unit> {
    let rest = s.get(i..)?;
    let chars: Vec<(usize, char)> = rest.char_indices().take(3).collect();
    for (k, &(off, c)) in chars.iter().enumerate().skip(1) {
        if c == '户' && chars[..k].iter().all(|&(_, p)| is_cjk(p)) {
            return Some(Unit { text: "户", len: off + c.len_utf8(), class: Doers });
        }
    }
    None
}

/// A CJK ideograph (the common blocks).
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_table() {
        let rows: &[(&str, &str, &str)] = &[
            ("longest_renci", "人次。", "人次"),
            ("bracket_drop", "人(次)，", "人次"),
            ("workday", "个工作日内", "个工作日"),
            ("pct_point", "个百分点", "个百分点"),
            ("size_word", "大项、", "项"),
            ("small_ge", "个小项", "个"),
            ("kilowatt", "千瓦", "千瓦"),
            ("percent", "%", "%"),
            ("petaflops", "P。", "P"),
            ("petaflops_f", "PF、增长34.6%", "PF"),
            ("per_day", "吨/日，", "吨/日"),
            ("per_second", "立方米/秒的", "立方米/秒"),
            ("per_person", "元/人。", "元/人"),
            ("vehicle_trips", "辆次。", "辆次"),
            ("set_room", "套(间)。", "套间"),
            ("unit_set", "台(套)，", "台套"),
            ("rate_unit", "微克/立方米", "微克/立方米"),
        ];
        for (name, s, want) in rows {
            assert_eq!(read_unit(s, 0).map(|u| u.text), Some(*want), "{name}");
        }
        assert_eq!(read_unit("党组", 0), None);
        for (s, i, want) in [
            ("8金4银4铜", 1, Some("金")),
            ("8金4银4铜", 5, Some("银")),
            ("8金4银4铜", 9, Some("铜")),
            ("4金2银好成绩", 1, Some("金")),
            ("12金8银", 6, Some("银")),
            ("3金融机构", 1, None),
            ("5银行网点", 1, None),
        ] {
            assert_eq!(read_unit(s, i).map(|u| u.text), want, "{s} at {i}");
        }
        assert_eq!(read_unit("PM2.5", 0), None, "a Latin unit is a whole word");
        assert_eq!(read_noun_unit("农户", 0).map(|u| u.len), Some(6));
        assert!(starts_with_kilo_unit("瓦", "千"));
        assert!(!starts_with_kilo_unit("元", "千"));
    }
}
