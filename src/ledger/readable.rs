//! What the ledger's generated columns say, in the form people write it:
//! figures with the 万/亿 they were written with (1200万亩, not
//! 12000000亩), tasks without stray punctuation and never empty, and one
//! script (simplified) across the columns, the original kept in 原文.

/// Simplified characters (fast2s's table), as the analysis sees the text.
pub fn simplified(s: &str) -> String {
    fast2s::convert(s)
}

/// The multipliers people write before a unit, largest first.
const MULTIPLIERS: [(&str, f64); 4] = [("万亿", 1e12), ("亿", 1e8), ("千万", 1e7), ("万", 1e4)];

/// The target value and unit as written: `1200万亩以上` with the value
/// 12000000 and the unit 亩 gives (1200, 万亩).
pub fn as_written(value: Option<f64>, unit: &str, raw: &str) -> (Option<f64>, String) {
    let Some(v) = value else {
        return (None, unit.to_string());
    };
    for (m, factor) in MULTIPLIERS {
        let written = format!("{m}{unit}");
        if raw.contains(m) && v.abs() >= factor {
            let scaled = ((v / factor) * 1e6).round() / 1e6;
            return (Some(scaled), written);
        }
    }
    (Some(v), unit.to_string())
}

/// Punctuation that never begins or ends a task.
fn stray(c: char) -> bool {
    c.is_whitespace() || c.is_ascii_punctuation() || "，、；：。！？…—“”‘’《》（）【】·".contains(c)
}

/// A task without stray punctuation at either end, the brackets it opens
/// closed or dropped; when nothing is left, the words of the sentence
/// right before the figure (or the sentence's first words).
pub fn clean_task(task: &str, indicator: &str, sentence: &str) -> String {
    let t = trim(task);
    if t.chars().any(|c| !stray(c)) {
        return t;
    }
    let before = match indicator.is_empty() {
        false => sentence.find(indicator).map_or(sentence, |i| &sentence[..i]),
        true => sentence,
    };
    // The clause that holds the figure, without its comparator words, or
    // the clause before when that is all it holds.
    let words = |c: &str| {
        let mut t = trim(c);
        while let Some(w) = COMPARATORS.iter().find(|w| t.ends_with(*w)) {
            t = trim(&t[..t.len() - w.len()]);
        }
        t
    };
    match before.rsplit(['，', '；', '。', ',', ';', '：']).map(words).find(|t| !t.is_empty()) {
        Some(t) => t.chars().take(30).collect(),
        None => trim(&sentence.chars().take(30).collect::<String>()),
    }
}

/// Words of a comparison that are no task on their own.
const COMPARATORS: [&str; 12] =
    ["不少于", "不低于", "不超过", "不高于", "至少", "达到", "超过", "高于", "低于", "控制在", "力争", "以上"];

fn trim(s: &str) -> String {
    // Brackets are trimmed only when left unbalanced.
    let edge = |c: char| stray(c) && !"《》（）()“”".contains(c);
    let mut t = s.trim_matches(edge).to_string();
    // A bracket left open or closed alone is dropped (《党章 → 党章).
    for (open, close) in [('《', '》'), ('（', '）'), ('(', ')'), ('“', '”')] {
        let (o, c) = (t.matches(open).count(), t.matches(close).count());
        if o != c {
            t = t.replace([open, close], "");
        }
    }
    t.trim_matches(edge).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_as_written() {
        for (name, value, unit, raw, want) in [
            ("万亩", 12_000_000.0, "亩", "1200万亩以上", (1200.0, "万亩")),
            ("万人", 12_000_000.0, "人", "1200万人", (1200.0, "万人")),
            ("万亿元", 3.4e12, "元", "3.4万亿元", (3.4, "万亿元")),
            ("亿", 340_000_000.0, "", "3.4亿", (3.4, "亿")),
            ("a word between", 6_620_000.0, "户", "662万农户", (662.0, "万户")),
            ("plain", 12.0, "次", "不少于12次", (12.0, "次")),
            ("percent", 5.5, "%", "5.5%", (5.5, "%")),
        ] {
            let (v, u) = as_written(Some(value), unit, raw);
            assert_eq!((v, u.as_str()), (Some(want.0), want.1), "{name}");
        }
    }

    #[test]
    fn tasks_are_clean_and_never_empty() {
        for (name, task, indicator, sentence, want) in [
            ("comma", ",", "3期", "组织廉政培训，不少于3期。", "组织廉政培训"),
            ("trailing", "开展廉政学习；", "12次", "", "开展廉政学习"),
            ("leading", "、廉政测试", "1次", "", "廉政测试"),
            ("open title", "学习《党章", "2次", "", "学习党章"),
            ("kept brackets", "学习《党章》", "2次", "", "学习《党章》"),
            ("nothing", "", "", "各单位要高度重视。", "各单位要高度重视"),
        ] {
            assert_eq!(clean_task(task, indicator, sentence), want, "{name}");
        }
        assert_eq!(simplified("黨風廉政建設"), "党风廉政建设");
    }
}
