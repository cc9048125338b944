//! Finding figures in a sentence: numeral, multiplier, 余/多, range, unit,
//! and the comparator words before and after.

use super::number::{NumeralKind, is_cn_digit, read_multiplier, read_numeral};
use super::units::{Unit, UnitClass, is_cjk, read_noun_unit, read_unit};
use crate::model::Comparator;
use std::ops::Range;

/// A figure found in the normalised text, before any rejection rule ran.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The numeral itself.
    pub num: Range<usize>,
    /// The raw quantity: comparator words (when adjacent), figure, unit, post-comparator.
    pub raw: Range<usize>,
    /// The unit's range (empty when there is none).
    pub unit_range: Range<usize>,
    /// Comparator.
    pub comparator: Comparator,
    /// Value with multipliers folded in.
    pub value: Option<f64>,
    /// Upper end of a range.
    pub value_max: Option<f64>,
    /// The unit.
    pub unit: Option<Unit>,
    /// Numeral kind (Arabic, Chinese, placeholder).
    pub kind: NumeralKind,
    /// The comparator came from words separated from the figure (至少听取1次).
    pub distant_comparator: bool,
    /// An explicit comparator word was present (before or after).
    pub has_comparator: bool,
}

const PRE: &[(&str, Comparator)] = &[
    ("不少于", Comparator::Ge),
    ("不低于", Comparator::Ge),
    ("不小于", Comparator::Ge),
    ("大于等于", Comparator::Ge),
    ("至少", Comparator::Ge),
    ("最少", Comparator::Ge),
    ("达到", Comparator::Ge),
    ("提高到", Comparator::Eq),
    ("提高至", Comparator::Eq),
    ("提升到", Comparator::Eq),
    ("提升至", Comparator::Eq),
    ("增加到", Comparator::Eq),
    ("增加至", Comparator::Eq),
    ("达", Comparator::Ge),
    ("跃上", Comparator::Ge),
    ("迈上", Comparator::Ge),
    ("降到", Comparator::Eq),
    ("上升到", Comparator::Eq),
    ("上升至", Comparator::Eq),
    ("扩大到", Comparator::Eq),
    ("扩大至", Comparator::Eq),
    ("缩小到", Comparator::Eq),
    ("缩小至", Comparator::Eq),
    ("突破", Comparator::Gt),
    ("超过", Comparator::Gt),
    ("多于", Comparator::Gt),
    ("高于", Comparator::Gt),
    ("大于", Comparator::Gt),
    ("逾", Comparator::Gt),
    ("超", Comparator::Gt),
    ("不超过", Comparator::Le),
    ("不多于", Comparator::Le),
    ("不高于", Comparator::Le),
    ("不大于", Comparator::Le),
    ("最多", Comparator::Le),
    ("至多", Comparator::Le),
    ("压缩至", Comparator::Le),
    ("压缩到", Comparator::Le),
    ("压减至", Comparator::Le),
    ("压减到", Comparator::Le),
    ("缩短至", Comparator::Le),
    ("缩短到", Comparator::Le),
    ("控制在", Comparator::Le),
    ("降低到", Comparator::Eq),
    ("降低至", Comparator::Eq),
    ("下降到", Comparator::Eq),
    ("下降至", Comparator::Eq),
    ("降至", Comparator::Eq),
    ("减少到", Comparator::Eq),
    ("减少至", Comparator::Eq),
    ("少于", Comparator::Lt),
    ("低于", Comparator::Lt),
    ("不到", Comparator::Lt),
    ("不足", Comparator::Lt),
    ("小于", Comparator::Lt),
    ("大约", Comparator::Approx),
    ("将近", Comparator::Approx),
    ("接近", Comparator::Approx),
    ("约", Comparator::Approx),
    ("近", Comparator::Approx),
];

/// Does `before` end in a word of 约 (签约, 节约, 履约…), which is no
/// approximation of the figure after it (完成签约20户)?
fn ends_in_yue_word(before: &str) -> bool {
    // Only words whose first character rarely ends another word or counts
    // before 约 (not 失约: 损失约120万元; not 续约: 持续约3个月; not 立约:
    // 建立约100个; not 条约: 新建农村公路5条约30公里).
    const YUE_WORDS: &[&str] = &["签约", "履约", "违约", "节约", "预约", "邀约", "缔约", "契约"];
    YUE_WORDS.iter().any(|w| before.ends_with(w))
}

/// Comparators that may stand apart from their figure inside a clause.
const DISTANT: [(&str, Comparator); 7] = [
    ("至少", Comparator::Ge),
    ("最少", Comparator::Ge),
    ("不少于", Comparator::Ge),
    ("最多", Comparator::Le),
    ("至多", Comparator::Le),
    ("不超过", Comparator::Le),
    // 达到 reaches only over a short gap (see candidate_at).
    ("达到", Comparator::Ge),
];

/// Comparators that reach their figure through `…的` (压缩至法定时限的20%).
const VIA_DE: [(&str, Comparator); 10] = [
    ("压缩至", Comparator::Le),
    ("压缩到", Comparator::Le),
    ("控制在", Comparator::Le),
    ("降低到", Comparator::Eq),
    ("降至", Comparator::Eq),
    ("缩短至", Comparator::Le),
    ("不超过", Comparator::Le),
    ("不低于", Comparator::Ge),
    ("不少于", Comparator::Ge),
    ("达到", Comparator::Ge),
];

/// How many words [`REACHING`] holds.
const N_REACHING: usize = VIA_DE.len() + DISTANT.len();

/// The words of [`VIA_DE`] then [`DISTANT`], in order.
const REACHING: [&str; N_REACHING] = {
    let mut out = [""; N_REACHING];
    let mut i = 0;
    while i < VIA_DE.len() {
        out[i] = VIA_DE[i].0;
        i += 1;
    }
    while i < N_REACHING {
        out[i] = DISTANT[i - VIA_DE.len()].0;
        i += 1;
    }
    out
};

/// Where each word of [`REACHING`] last occurs in `clause`, found in one
/// pass over it instead of one `util::rfind_str` per word.
fn last_reaching(clause: &str) -> [Option<usize>; N_REACHING] {
    static WORDS: crate::util::WordLists = crate::util::WordLists::new(&[&REACHING]);
    let mut last = [None; N_REACHING];
    WORDS.each(clause, |k, w, _| {
        for (slot, r) in last.iter_mut().zip(REACHING) {
            if r == w {
                *slot = Some(k);
            }
        }
    });
    last
}

const POST: &[(&str, Comparator)] = &[
    ("及以上", Comparator::Ge),
    ("以上", Comparator::Ge),
    ("及以下", Comparator::Le),
    ("以下", Comparator::Le),
    ("以内", Comparator::Le),
    ("之内", Comparator::Le),
    ("左右", Comparator::Approx),
];

/// Characters that end a clause for the purpose of comparator search.
pub fn is_clause_break(c: char) -> bool {
    matches!(c, '，' | '；' | '。' | '！' | '？' | '：' | '\n' | '、')
}

fn prev_char(s: &str, i: usize) -> Option<char> {
    s.get(..i)?.chars().next_back()
}

fn starts_numeral(s: &str, i: usize) -> bool {
    let Some(c) = s[i..].chars().next() else {
        return false;
    };
    let prev = prev_char(s, i);
    let continues = |p: char| p.is_ascii_digit() || p == '.' || p == 'X' || is_cn_digit(p);
    if c.is_ascii_digit() || c == 'X' {
        // Not inside a Latin word or an existing figure.
        !prev.is_some_and(|p| continues(p) || p.is_ascii_alphabetic())
    } else if is_cn_digit(c) || (c == '万' && s[i..].starts_with("万亿")) {
        !prev.is_some_and(continues)
    } else {
        false
    }
}

/// A fraction's value to five places, as the spec gives 1/6 (0.16667).
fn fraction_value(num: f64, den: f64) -> f64 {
    (num / den * 100_000.0).round() / 100_000.0
}

/// Round to 12 significant digits, so that 325.6 × 1e8 is 32560000000, not …0000004.
pub fn round_sig(x: f64) -> f64 {
    // An integer of at most 12 digits has no more digits to round (most
    // figures: 3000万, 1.2万亿), so it needs no formatting.
    if x == 0.0 || !x.is_finite() || (x.fract() == 0.0 && x.abs() < 1e12) {
        return x;
    }
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// Characters that open no noun after a figure (的, conjunctions, verbs of
/// change, 以上/以内, 等): a 万-figure before them counts nothing named there.
const NOT_A_NOUN: &[char] = &[
    '的', '和', '与', '或', '及', '以', '左', '增', '减', '下', '上', '在', '是', '为', '到', '至', '等', '之', '次',
    '占',
];

/// Find every candidate figure whose numeral starts inside `range` of `text`.
pub fn find_candidates(text: &str, range: Range<usize>) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut i = range.start;
    let bytes = text.as_bytes();
    // Every figure opens with a digit, a redaction mark or a Chinese
    // numeral (百分之 and 千分之 too): skip the rest at once.
    // (万 opens 突破万亿元.)
    static STARTS: crate::util::CharSet = super::number::CN_DIGITS.with("0123456789X万");
    loop {
        i = crate::util::skip_until(bytes, i, range.end, &STARTS, true);
        if i >= range.end {
            break;
        }
        let (c, _) = crate::util::char_at(bytes, i);
        if let Some(cand) = candidate_at(text, i, range.start)
            && cand.raw.end <= range.end
            && cand.unit_range.end <= range.end
        {
            i = cand.unit_range.end.max(cand.num.end).max(i + c.len_utf8());
            out.push(cand);
            continue;
        }
        i += c.len_utf8();
    }
    out
}

/// The rest of a compound figure after its 万 or 亿 (factor `f`) at byte
/// `j`: `6千` of 1万6千, `3千多万` of 1亿3千多万. Returns the value it adds and
/// where it ends (before any 多 that follows the whole figure).
fn compound_rest(text: &str, j: usize, f: f64) -> Option<(f64, usize, bool)> {
    if !text[j..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let m = read_numeral(text, j)?;
    if text[j..m.end].contains('.') {
        return None;
    }
    let (g, glen) = read_multiplier(text, m.end, NumeralKind::Arabic).filter(|&(g, _)| g < 1e4)?;
    let mut sub = m.value? * g;
    let mut end = m.end + glen;
    let mut more = false;
    // 1亿3千多万: the 万 after 3千(多) scales it (and the 多 is the whole figure's).
    if f >= 1e8 {
        let after = &text[end..];
        let after_more = ["多", "余"].iter().find_map(|w| after.strip_prefix(w)).unwrap_or(after);
        if after_more.starts_with('万') {
            sub *= 1e4;
            more = after_more.len() < after.len();
            end = text.len() - after_more.len() + '万'.len_utf8();
        }
    }
    (sub < f).then_some((sub, end, more))
}

fn candidate_at(text: &str, i: usize, floor: usize) -> Option<Candidate> {
    // 百分之五十 / 千分之三
    let (pct_prefix, num_start) = if text[i..].starts_with("百分之") {
        (Some("%"), i + "百分之".len())
    } else if text[i..].starts_with("千分之") {
        (Some("‰"), i + "千分之".len())
    } else {
        (None, i)
    };
    if pct_prefix.is_none() && !starts_numeral(text, i) {
        return None;
    }
    let n = read_numeral(text, num_start)?;
    let mut j = n.end;
    let mut value = n.value;
    let mut comparator = None;
    // A fraction: 三分之一 → 0.33333, 一半 → 0.5 (no unit, as the spec's 1/6).
    let mut fraction = false;
    if pct_prefix.is_none() && n.kind != NumeralKind::Placeholder {
        if let Some(rest) = text[j..].strip_prefix("分之")
            && rest.chars().next().is_some_and(|c| c.is_ascii_digit() || is_cn_digit(c))
            && let Some(m) = read_numeral(text, j + "分之".len())
            && let (Some(den), Some(num)) = (n.value, m.value)
            && den > 0.0
            && m.kind != NumeralKind::Placeholder
        {
            value = Some(fraction_value(num, den));
            j = m.end;
            fraction = true;
        } else if n.kind == NumeralKind::Arabic
            && let Some(rest) = text[j..].strip_prefix('/')
            && rest.starts_with(|c: char| c.is_ascii_digit())
            && let Some(m) = read_numeral(text, j + 1)
            && m.kind == NumeralKind::Arabic
            && let (Some(num), Some(den)) = (n.value, m.value)
            && num.fract() == 0.0
            && den.fract() == 0.0
            && num >= 1.0
            && num < den
            && den <= 1000.0
            && !text[m.end..].starts_with(['/', '.'])
            && !text[..i].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '/')
        {
            // 占全国1/4, 1/3以上: a fraction as the spec gives 1/6 (0.16667,
            // no unit); 2024/1/1 and 3/2 are no fractions of a whole.
            value = Some(fraction_value(num, den));
            j = m.end;
            fraction = true;
        } else if n.kind == NumeralKind::Chinese
            && n.value == Some(1.0)
            && text[j..].starts_with('半')
            && !["半年", "半月", "半天", "半个", "半小时", "半径", "半导体", "半岛", "半数"]
                .iter()
                .any(|w| text[j..].starts_with(w))
        {
            value = Some(0.5);
            j += '半'.len_utf8();
            fraction = true;
        }
    }
    let more = |j: &mut usize, comparator: &mut Option<Comparator>| {
        for w in ["余", "多"] {
            if text[*j..].starts_with(w) {
                *j += w.len();
                *comparator = Some(Comparator::Gt);
            }
        }
    };
    more(&mut j, &mut comparator);
    let mut multiplied = false;
    if let Some((f, len)) = read_multiplier(text, j, n.kind) {
        value = value.map(|v| round_sig(v * f));
        j += len;
        // 1万6千多户, 2万5千公里, 1亿3千多万: a smaller Arabic figure with its
        // own 千/百 (and, after 亿, 万) goes on after the 万 or 亿.
        if n.kind == NumeralKind::Arabic
            && f >= 1e4
            && comparator.is_none()
            && let Some((sub, end, more)) = compound_rest(text, j, f)
        {
            value = value.map(|v| round_sig(v + sub));
            j = end;
            if more {
                comparator = Some(Comparator::Gt);
            }
        }
        more(&mut j, &mut comparator);
        multiplied = true;
    }
    // Range: 1至2次, 3-5个.
    let mut value_max = None;
    for sep in ["至", "到", "-"] {
        if let Some(after) = text[j..].strip_prefix(sep) {
            let k = j + sep.len();
            if after.chars().next().is_some_and(|c| c.is_ascii_digit() || is_cn_digit(c) || c == 'X')
                && let Some(m) = read_numeral(text, k)
                && (m.kind == NumeralKind::Placeholder) == (n.kind == NumeralKind::Placeholder)
            {
                let mut hi = m.value;
                let mut e = m.end;
                if let Some((f, len)) = read_multiplier(text, e, m.kind) {
                    hi = hi.map(|v| v * f);
                    e += len;
                    value = value.map(|v| if v * f <= hi.unwrap_or(f64::MAX) { v * f } else { v });
                }
                // Only a range when a unit follows (or a percent prefix governs it).
                if pct_prefix.is_some() || read_unit(text, e).is_some() {
                    value_max = hi;
                    comparator = Some(Comparator::Range);
                    j = e;
                }
            }
            break;
        }
    }
    let num = num_start..if fraction { j } else { n.end };
    let unit_start = j;
    let unit = if fraction {
        None
    } else if let Some(p) = pct_prefix {
        Some(Unit { text: p, len: 0, class: UnitClass::Percent })
    } else if text[j..].starts_with('成')
        && (matches!(n.kind, NumeralKind::Chinese | NumeralKind::Placeholder)
            || (n.kind == NumeralKind::Arabic
                && !text[j + '成'.len_utf8()..]
                    .starts_with(|c: char| "员为功果效本立都型熟长就绩交品年人份套批片".contains(c))))
        && value.is_none_or(|v| (1.0..=9.0).contains(&v) && v.fract() == 0.0)
        && n.end - num_start <= 3
    {
        value = value.map(|v| v * 10.0);
        Some(Unit { text: "%", len: '成'.len_utf8(), class: UnitClass::Percent })
    } else {
        read_unit(text, j).or_else(|| {
            // X万余农户: a noun ending in a counting character, only after 万/余.
            if j > n.end { read_noun_unit(text, j) } else { None }
        })
    };
    if let Some(u) = &unit {
        j += u.len;
    }
    // %-range: 10%至15%
    if comparator != Some(Comparator::Range)
        && let Some(u) = &unit
        && u.class == UnitClass::Percent
    {
        for sep in ["至", "到", "-", "—", "－", "～", "~"] {
            if let Some(after) = text[j..].strip_prefix(sep)
                && after.chars().next().is_some_and(|c| c.is_ascii_digit())
                && let Some(m) = read_numeral(text, j + sep.len())
                && text[m.end..].starts_with(u.text)
            {
                value_max = m.value;
                comparator = Some(Comparator::Range);
                j = m.end + u.text.len();
            }
        }
    }
    let unit_range = unit_start..j;
    // Without a unit only an Arabic figure with a comparator can count: settle
    // the common case (一 in 统一, 一是, 进一步) before any comparator search.
    if unit.is_none() && n.kind != NumeralKind::Arabic && !fraction {
        return None;
    }
    // Post comparators (内 only after a time unit).
    let mut post = None;
    for &(w, c) in POST {
        if text[j..].starts_with(w) {
            post = Some(c);
            j += w.len();
            break;
        }
    }
    if post.is_none() && unit.as_ref().is_some_and(|u| u.class == UnitClass::Time) && text[j..].starts_with('内') {
        post = Some(Comparator::Le);
        j += '内'.len_utf8();
    }
    // Pre comparators.
    let mut raw_start = i;
    let mut pre = None;
    let mut distant = false;
    {
        // Comparators stand near their figure: look back at most 48 characters.
        let near = crate::util::nth_char_back(&text[floor..i], 48).map_or(floor, |k| floor + k);
        let floor = near;
        let before = &text[floor..i];
        if let Some(&(w, c)) =
            PRE.iter().filter(|(w, _)| crate::util::ends_with_str(before, w)).max_by_key(|(w, _)| w.len())
            && !(w == "近" && before.ends_with("最近"))
            && !(w == "约" && ends_in_yue_word(before))
            && !(w == "达" && (before.ends_with("下达") || before.ends_with("到达") || before.ends_with("传达")))
            && !(w == "超" && before.ends_with("超超"))
        {
            pre = Some(c);
            raw_start = i - w.len();
        } else {
            // Search back in the clause.
            let clause_start = before
                .char_indices()
                .rev()
                .find(|&(_, c)| is_clause_break(c))
                .map(|(k, c)| floor + k + c.len_utf8())
                .unwrap_or(floor);
            let clause = &text[clause_start..i];
            let last = last_reaching(clause);
            for (&(w, c), &k) in VIA_DE.iter().zip(&last[..VIA_DE.len()]) {
                if let Some(k) = k {
                    let gap = &clause[k + w.len()..];
                    if gap.ends_with('的') && gap.chars().count() <= 10 && !gap.chars().any(|c| c.is_ascii_digit()) {
                        pre = Some(c);
                        raw_start = clause_start + k;
                        break;
                    }
                }
            }
            if pre.is_none() {
                for (&(w, c), &k) in DISTANT.iter().zip(&last[VIA_DE.len()..]) {
                    if let Some(k) = k {
                        let gap = &clause[k + w.len()..];
                        let max_gap = if w == "达到" { 4 } else { 24 };
                        if gap.chars().count() <= max_gap && !gap.chars().any(|c| c.is_ascii_digit() || c == 'X') {
                            pre = Some(c);
                            distant = true;
                            break;
                        }
                    }
                }
            }
        }
    }
    let has_comparator = pre.is_some() || post.is_some() || comparator.is_some();
    let comparator = match (comparator, pre, post) {
        (Some(Comparator::Range), _, _) => Comparator::Range,
        // 左右 always gives ~ (控制在3%左右); a result reached and bounded
        // after (提高到90%以上) is the bound.
        (_, _, Some(Comparator::Approx)) => Comparator::Approx,
        (_, Some(Comparator::Ge | Comparator::Eq), Some(p)) => p,
        (_, Some(p), _) => p,
        (Some(c), None, _) => c,
        (None, None, Some(p)) => p,
        (None, None, None) => Comparator::Eq,
    };
    // An Arabic figure with 万 or 亿 and no unit counts a noun: the one
    // before it when nothing follows (农村贫困人口减少1240万, 用户3.4亿), or
    // the noun right after it (为80万重点群体提供帮扶, 71.3万监测对象): a
    // quantity with no unit.
    let counted_noun = multiplied && n.kind == NumeralKind::Arabic && {
        let mut next = text[j..].chars();
        match next.next() {
            None => true,
            Some('，' | '。' | '；' | '、' | '）' | ')' | '\n') => true,
            Some(c) => is_cjk(c) && !NOT_A_NOUN.contains(&c) && next.next().is_some_and(is_cjk),
        }
    };
    if unit.is_none() && !has_comparator && !fraction && !counted_noun {
        return None;
    }
    if unit.is_none() && n.kind != NumeralKind::Arabic && !fraction {
        return None;
    }
    Some(Candidate {
        num,
        raw: raw_start..j,
        unit_range,
        comparator,
        value,
        value_max,
        unit,
        kind: n.kind,
        distant_comparator: distant,
        has_comparator,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whole numbers of up to 12 digits come back as they are (without
    /// formatting); products of a decimal and a magnitude lose the binary
    /// noise; the rest keep 12 significant digits.
    #[test]
    fn rounding_to_twelve_digits() {
        for (x, want) in [
            (30_000_000.0, 30_000_000.0),
            (-4.0, -4.0),
            (999_999_999_999.0, 999_999_999_999.0),
            (325.6 * 1e8, 32_560_000_000.0),
            (1.2 * 1e12, 1.2e12),
            (1_234_567_890_123.0, 1_234_567_890_120.0),
            (0.1 + 0.2, 0.3),
            (f64::INFINITY, f64::INFINITY),
        ] {
            assert_eq!(round_sig(x), want, "{x}");
        }
        assert!(round_sig(f64::NAN).is_nan());
    }

    fn one(s: &str) -> (String, Comparator, Option<f64>, Option<f64>, Option<String>) {
        let c = find_candidates(s, 0..s.len());
        let c = c.last().unwrap_or_else(|| panic!("no candidate in {s}"));
        (s[c.raw.clone()].to_string(), c.comparator, c.value, c.value_max, c.unit.as_ref().map(|u| u.text.to_string()))
    }

    /// (name, sentence, raw, comparator, value, value_max, unit)
    type Row = (&'static str, &'static str, &'static str, Comparator, Option<f64>, Option<f64>, Option<&'static str>);

    #[test]
    fn grammar_table() {
        use Comparator::*;
        let rows: &[Row] = &[
            ("ge_bsy", "安排部署不少于4次", "不少于4次", Ge, Some(4.0), None, Some("次")),
            ("ge_dd", "约谈面达到100%", "达到100%", Ge, Some(100.0), None, Some("%")),
            ("gt_yu", "廉政谈话60余人次", "60余人次", Gt, Some(60.0), None, Some("人次")),
            ("eq_cn", "开展一次廉政约谈", "一次", Eq, Some(1.0), None, Some("次")),
            ("ge_distant", "每季度至少听取1次汇报", "1次", Ge, Some(1.0), None, Some("次")),
            ("le_via_de", "压缩至法定时限的20%", "压缩至法定时限的20%", Le, Some(20.0), None, Some("%")),
            ("pct_cn", "百分之五十", "百分之五十", Eq, Some(50.0), None, Some("%")),
            ("cheng", "提高三成", "三成", Eq, Some(30.0), None, Some("%")),
            ("wanyi", "粮食产量1.3万亿斤以上", "1.3万亿斤以上", Ge, Some(1.3e12), None, Some("斤")),
            ("wan_ren", "城镇新增就业1244万人", "1244万人", Eq, Some(12_440_000.0), None, Some("人")),
            ("duoj", "3000多家", "3000多家", Gt, Some(3000.0), None, Some("家")),
            ("approx_yue", "投资约20亿元", "约20亿元", Approx, Some(2e9), None, Some("元")),
            ("signed_not_approx", "完成签约20户", "20户", Eq, Some(20.0), None, Some("户")),
            ("saved_not_approx", "节约资金30万元", "30万元", Eq, Some(300_000.0), None, Some("元")),
            ("loss_approx", "挽回经济损失约120万元", "约120万元", Approx, Some(1_200_000.0), None, Some("元")),
            ("count_then_approx", "新建农村公路5条约30公里", "约30公里", Approx, Some(30.0), None, Some("公里")),
            ("pct_point", "下降2个百分点", "2个百分点", Eq, Some(2.0), None, Some("个百分点")),
            ("range_zhi", "1至2次", "1至2次", Range, Some(1.0), Some(2.0), Some("次")),
            ("range_dash", "3-5个", "3-5个", Range, Some(3.0), Some(5.0), Some("个")),
            ("workday_nei", "3个工作日内办结", "3个工作日内", Le, Some(3.0), None, Some("个工作日")),
            ("approx_post", "增长5%左右", "5%左右", Approx, Some(5.0), None, Some("%")),
            ("fraction", "坚决把文件压减三分之一以上", "三分之一以上", Ge, Some(0.33333), None, None),
            ("arabic_fraction", "新能源汽车产量增长43%、占全国1/4", "1/4", Eq, Some(0.25), None, None),
            (
                "arabic_fraction_ge",
                "持续将1/3以上的省科技创新资金投向基础研究",
                "1/3以上",
                Ge,
                Some(0.33333),
                None,
                None,
            ),
            ("tenths_arabic", "无人机产量增长39%、占全国9成", "9成", Eq, Some(90.0), None, Some("%")),
            ("tenths_chinese", "八成以上的村实现集体经济增收", "八成以上", Ge, Some(80.0), None, Some("%")),
            ("half", "货物通关时间压缩一半以上", "一半以上", Ge, Some(0.5), None, None),
            ("half_plain", "一半用于大病保险", "一半", Eq, Some(0.5), None, None),
            ("counted_noun", "农村贫困人口减少1240万，易地扶贫搬迁", "1240万", Eq, Some(12_400_000.0), None, None),
            ("noun_after", "为80万重点群体提供就业帮扶", "80万", Eq, Some(800_000.0), None, None),
            ("wan_yi", "产业规模突破万亿元", "突破万亿元", Gt, Some(1e12), None, Some("元")),
            ("kwh", "可再生能源发电量超1000亿度", "超1000亿度", Gt, Some(1e11), None, Some("度")),
            ("approx_jin", "撰写心得体会近X篇", "近X篇", Approx, None, None, Some("篇")),
            ("ph_wan_yu_noun", "覆盖X万余农户", "X万余农户", Gt, None, None, Some("户")),
            ("ph_big", "细化分解为X大项", "X大项", Eq, None, None, Some("项")),
            ("bracket", "参加线上答题XX余人(次)", "XX余人(次)", Gt, None, None, Some("人次")),
            ("wan_kw", "装机50万千瓦", "50万千瓦", Eq, Some(500_000.0), None, Some("千瓦")),
            ("bare_ge", "指数不低于90，", "不低于90", Ge, Some(90.0), None, None),
            ("le_bcg", "每人每天用餐费用不超过XX元", "不超过XX元", Le, None, None, Some("元")),
            ("yiliang_cn", "一百二十人", "一百二十人", Eq, Some(120.0), None, Some("人")),
            ("dadao_gap", "抽检量达到每千人3批次", "3批次", Ge, Some(3.0), None, Some("批次")),
            ("yi_yu_wan", "300余万元", "300余万元", Gt, Some(3_000_000.0), None, Some("元")),
            ("wan_qian", "日均新设企业1万6千多户", "1万6千多户", Gt, Some(16_000.0), None, Some("户")),
            ("wan_qian_km", "运营里程2万5千公里。", "2万5千公里", Eq, Some(25_000.0), None, Some("公里")),
            ("yi_qian_wan", "出境旅游1亿3千多万人次。", "1亿3千多万人次", Gt, Some(130_000_000.0), None, Some("人次")),
            ("wan_then_unit", "新建改建农村公路1万公里", "1万公里", Eq, Some(10_000.0), None, Some("公里")),
        ];
        for (name, s, raw, cmp, v, vmax, unit) in rows {
            let got = one(s);
            assert_eq!(got, (raw.to_string(), *cmp, *v, *vmax, unit.map(String::from)), "{name}");
        }
    }

    #[test]
    fn not_candidates() {
        for s in ["一岗双责", "党组会议", "建设XXXXXX提供", "十九大", "二十大精神", "中共X县委"]
        {
            let c = find_candidates(s, 0..s.len());
            assert!(c.is_empty(), "{s}: {c:?}");
        }
    }
}
