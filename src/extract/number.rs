//! Numerals: Arabic (with decimals and thousands separators), Chinese
//! (两, 十二, 一百二十, 三千), redaction placeholders (`X`, `XX` after
//! normalisation) and the 万/亿 multipliers that fold into the value.

/// What kind of numeral was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumeralKind {
    /// `4`, `1.3`, `1,244`.
    Arabic,
    /// `十二`, `两`.
    Chinese,
    /// `X`, `XX`.
    Placeholder,
}

/// A numeral read from the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Numeral {
    /// Byte offset just past the numeral (multiplier not included).
    pub end: usize,
    /// Its value; `None` for a placeholder.
    pub value: Option<f64>,
    /// Its kind.
    pub kind: NumeralKind,
    /// Number of integer digits (Arabic), for year detection.
    pub int_digits: usize,
}

/// The Chinese numeral characters (digits and powers, not 万/亿).
pub(crate) const CN_DIGITS: crate::util::CharSet = crate::util::CharSet::of("零〇一二两三四五六七八九十百千");

/// Is `c` a Chinese numeral character (digit or power, not 万/亿)?
pub fn is_cn_digit(c: char) -> bool {
    static SET: crate::util::CharSet = CN_DIGITS;
    SET.has(c)
}

fn cn_digit_value(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Value of a Chinese numeral made of digits and 十/百/千 (`一百二十` → 120,
/// `十二` → 12, `二〇二二` → 2022 read digit by digit).
pub fn cn_value(s: &str) -> Option<f64> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return None;
    }
    // Digit-by-digit form (二〇二二): no powers and more than one char.
    if chars.len() > 1 && chars.iter().all(|&c| cn_digit_value(c).is_some()) {
        let mut v = 0u64;
        for &c in &chars {
            v = v * 10 + cn_digit_value(c)?;
        }
        return Some(v as f64);
    }
    let mut total = 0u64;
    let mut digit: Option<u64> = None;
    for &c in &chars {
        if let Some(d) = cn_digit_value(c) {
            digit = Some(d);
            continue;
        }
        let power = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => return None,
        };
        total += digit.unwrap_or(1) * power;
        digit = None;
    }
    total += digit.unwrap_or(0);
    Some(total as f64)
}

/// Read a numeral starting at byte `i` of `s`, if one starts there.
pub fn read_numeral(s: &str, i: usize) -> Option<Numeral> {
    let rest = s.get(i..)?;
    let first = rest.chars().next()?;
    if first.is_ascii_digit() {
        return Some(read_arabic(s, i));
    }
    if first == 'X' {
        let mut end = i + rest.chars().take_while(|&c| c == 'X').count();
        // XX.X
        if s[end..].starts_with(".X") {
            end += 1 + s[end + 1..].chars().take_while(|&c| c == 'X').count();
        }
        return Some(Numeral { end, value: None, kind: NumeralKind::Placeholder, int_digits: 0 });
    }
    // 突破万亿元: 万亿 with no digit before it is one 万亿 (the numeral is
    // empty, the multiplier gives the value).
    if rest.starts_with("万亿") {
        return Some(Numeral { end: i, value: Some(1.0), kind: NumeralKind::Chinese, int_digits: 0 });
    }
    if is_cn_digit(first) {
        let len: usize = rest.chars().take_while(|&c| is_cn_digit(c)).map(char::len_utf8).sum();
        let text = &rest[..len];
        let value = cn_value(text)?;
        return Some(Numeral { end: i + len, value: Some(value), kind: NumeralKind::Chinese, int_digits: 0 });
    }
    None
}

fn read_arabic(s: &str, i: usize) -> Numeral {
    let b = s.as_bytes();
    let mut j = i;
    let mut digits = String::new();
    let mut int_digits = 0;
    while j < b.len() {
        if b[j].is_ascii_digit() {
            digits.push(b[j] as char);
            int_digits += 1;
            j += 1;
        } else if b[j] == b','
            && j + 3 < b.len() + 1
            && b.get(j + 1..j + 4).is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            && !b.get(j + 4).is_some_and(u8::is_ascii_digit)
        {
            j += 1; // thousands separator
        } else {
            break;
        }
    }
    if j + 1 < b.len() && b[j] == b'.' && b[j + 1].is_ascii_digit() {
        digits.push('.');
        j += 1;
        while j < b.len() && b[j].is_ascii_digit() {
            digits.push(b[j] as char);
            j += 1;
        }
    }
    let value = digits.parse::<f64>().ok();
    Numeral { end: j, value, kind: NumeralKind::Arabic, int_digits }
}

/// A multiplier right after a numeral: 万, 亿, 万亿, 千万, 百万, and 千/百
/// after an Arabic figure. Returns (factor, byte length). 千 that begins a
/// unit (千瓦, 千米, 千克) is not taken.
pub fn read_multiplier(s: &str, i: usize, kind: NumeralKind) -> Option<(f64, usize)> {
    let rest = s.get(i..)?;
    const TABLE: &[(&str, f64)] = &[("万亿", 1e12), ("千万", 1e7), ("百万", 1e6), ("亿", 1e8), ("万", 1e4)];
    for &(w, f) in TABLE {
        if rest.starts_with(w) {
            // 千万 / 百万 only when not followed by a 千-unit: 万千瓦 is ×1e4 + 千瓦.
            return Some((f, w.len()));
        }
    }
    if kind != NumeralKind::Chinese {
        for (w, f) in [("千", 1e3), ("百", 1e2)] {
            if rest.starts_with(w) && !super::units::starts_with_kilo_unit(&rest[w.len()..], w) {
                return Some((f, w.len()));
            }
        }
    }
    None
}

/// A figure as a person types it for a filter (`search --min`): `50`,
/// `2.5`, `1e6`, `1,000`, `-3`, and the magnitudes of the documents:
/// `1000万`, `1.2万亿`, `三千万`, `5千` (full-width digits too). Its value is
/// the one extraction gives the same figure in a text, so `--min 1.2万亿`
/// finds 1.2万亿元 itself.
///
/// # Errors
/// [`crate::Error::Usage`] for anything else: NaN, infinity, an empty
/// string, a unit or other text after the figure.
pub fn parse_figure(s: &str) -> crate::Result<f64> {
    let bad = |why: &str| crate::Error::Usage(format!("`{s}` {why}; give a figure such as 50, 2.5, 1000万 or 1.2万亿"));
    let folded: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '，' => ',',
            '－' | '−' => '-',
            '＋' => '+',
            c => c,
        })
        .collect();
    let (sign, body) = match folded.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, folded.strip_prefix('+').unwrap_or(&folded)),
    };
    if body.is_empty() {
        return Err(bad("is not a figure"));
    }
    if let Ok(v) = body.parse::<f64>() {
        return if v.is_finite() { Ok(sign * v) } else { Err(bad("is not a finite number")) };
    }
    let n = match read_numeral(body, 0) {
        Some(n) if n.kind != NumeralKind::Placeholder => n,
        _ => return Err(bad("is not a figure")),
    };
    let Some(mut value) = n.value else { return Err(bad("is not a figure")) };
    let mut end = n.end;
    if let Some((f, len)) = read_multiplier(body, end, n.kind) {
        value = super::quantity::round_sig(value * f);
        end += len;
    }
    if end != body.len() {
        return Err(bad("has more than a figure (leave the unit out: use --unit)"));
    }
    Ok(sign * value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_values() {
        for (s, v) in [
            ("两", 2.0),
            ("十二", 12.0),
            ("一百二十", 120.0),
            ("十", 10.0),
            ("二十", 20.0),
            ("三千", 3000.0),
            ("一千零五", 1005.0),
            ("二〇二二", 2022.0),
        ] {
            assert_eq!(cn_value(s), Some(v), "{s}");
        }
    }

    #[test]
    fn arabic_forms() {
        let n = read_numeral("1,244万人", 0).unwrap();
        assert_eq!((n.end, n.value), (5, Some(1244.0)));
        let n = read_numeral("1.3万亿斤", 0).unwrap();
        assert_eq!((n.end, n.value), (3, Some(1.3)));
        let n = read_numeral("XX.X%", 0).unwrap();
        assert_eq!((n.end, n.value, n.kind), (4, None, NumeralKind::Placeholder));
    }

    #[test]
    fn figures_typed_for_a_filter() {
        for (s, v) in [
            ("50", 50.0),
            (" 2.5 ", 2.5),
            ("1e6", 1e6),
            ("1,000", 1000.0),
            ("-3", -3.0),
            ("1000万", 1e7),
            ("1.2万亿", 1.2e12),
            ("三千万", 3e7),
            ("一百万", 1e6),
            ("5千", 5000.0),
            ("3亿", 3e8),
            ("１０００万", 1e7),
        ] {
            assert_eq!(parse_figure(s).ok(), Some(v), "{s}");
        }
        // The value extraction gives the same figure in a text.
        let q = crate::extract::quantity::find_candidates("投资1.2万亿元", 0.."投资1.2万亿元".len());
        assert_eq!(q.first().and_then(|c| c.value), parse_figure("1.2万亿").ok());
        for s in ["NaN", "nan", "inf", "-inf", "1e400", "", "万", "10万元", "abc", "XX", "1.2.3"] {
            let e = parse_figure(s).expect_err(s).to_string();
            assert!(e.contains("1000万"), "{s}: {e}");
        }
        assert!(parse_figure("NaN").expect_err("NaN").to_string().contains("not a finite number"));
    }

    #[test]
    fn multipliers() {
        assert_eq!(read_multiplier("万亿斤", 0, NumeralKind::Arabic), Some((1e12, 6)));
        assert_eq!(read_multiplier("千瓦", 0, NumeralKind::Arabic), None);
        assert_eq!(read_multiplier("千元", 0, NumeralKind::Arabic), Some((1e3, 3)));
    }
}
