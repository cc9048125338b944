//! Folding text for search: full-width → half-width, lower case, and
//! traditional → simplified characters, with a map from every byte of the
//! folded text back to the source, so that tokens keep source offsets.

/// A folded text and the way back to the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For every byte of `text` (and one past its end), the byte offset of
    /// the source character it came from (the source length at the end).
    map: Vec<usize>,
}

impl Folded {
    /// The source byte offset behind a folded byte offset (clamped).
    pub fn to_source(&self, folded: usize) -> usize {
        let i = folded.min(self.map.len().saturating_sub(1));
        self.map.get(i).copied().unwrap_or(0)
    }
}

/// Fold one character that is not Chinese: full-width ASCII to ASCII, the
/// ideographic space to a space, then lower case.
fn push_width_lower(c: char, out: &mut String) {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else if matches!(c as u32, 0x4E00..=0x9FFF) {
        // The common ideographs have no case (skips the case tables).
        out.push(c);
    } else {
        out.extend(c.to_lowercase());
    }
}

/// Fold `src` for indexing and querying. The traditional → simplified step
/// is done by `fast2s`, which maps one character to one character (with a
/// little context for ambiguous ones); should it ever change the number of
/// characters, the Chinese is left as written rather than misaligned.
pub fn fold(src: &str) -> Folded {
    let has_cjk = src.chars().any(|c| c as u32 >= 0x2E80);
    let converted = if has_cjk { fast2s::convert(src) } else { String::new() };
    let aligned = has_cjk && converted.chars().count() == src.chars().count();
    let mut conv = converted.chars();
    let mut text = String::with_capacity(src.len());
    let mut map = Vec::with_capacity(src.len() + 1);
    for (pos, c) in src.char_indices() {
        let c2 = if aligned { conv.next().unwrap_or(c) } else { c };
        let before = text.len();
        push_width_lower(c2, &mut text);
        map.resize(text.len().max(before), pos);
    }
    map.push(src.len());
    Folded { text, map }
}

/// Fold a string and forget the map (for filter values and query terms).
pub fn fold_str(src: &str) -> String {
    fold(src).text
}

/// A character of a Chinese script (ideographs and their extensions).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3007)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_case() {
        let f = fold("ＡＢＣ１２３％　Ok");
        assert_eq!(f.text, "abc123% ok");
        // "１" is 3 bytes in the source, 1 byte folded.
        assert_eq!(f.to_source(3), 9);
        assert_eq!(f.to_source(f.text.len()), "ＡＢＣ１２３％　Ok".len());
    }

    #[test]
    fn traditional_to_simplified_keeps_offsets() {
        let src = "加強黨風廉政建設";
        let f = fold(src);
        assert_eq!(f.text, "加强党风廉政建设");
        assert_eq!(f.to_source(6), 6);
        assert_eq!(f.to_source(f.text.len()), src.len());
    }

    #[test]
    fn empty_and_odd_input() {
        assert_eq!(fold("").text, "");
        assert_eq!(fold("").to_source(5), 0);
        let f = fold("İ😀");
        assert!(f.text.starts_with('i'));
        assert_eq!(f.to_source(f.text.len()), "İ😀".len());
    }
}
