//! Folding text for search: full-width → half-width, lower case, and
//! traditional → simplified characters, with a map from every byte of the
//! folded text back to the source, so that tokens keep source offsets.

/// A folded text and the way back to the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For every byte of `text` (and one past its end), the byte offset of
    /// the source character it came from (the source length at the end);
    /// `None` when nothing was folded (the text is the source).
    map: Option<Vec<usize>>,
}

impl Folded {
    /// The source byte offset behind a folded byte offset (clamped).
    pub fn to_source(&self, folded: usize) -> usize {
        match &self.map {
            None => folded.min(self.text.len()),
            Some(map) => map.get(folded.min(map.len().saturating_sub(1))).copied().unwrap_or(0),
        }
    }
}

/// Does `c` fold to another character by width or case? (Chinese
/// characters are asked of the traditional table instead.)
fn folds(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_uppercase(),
        0x4E00..=0x9FFF => false,
        0x3000 => true,
        0xFF01..=0xFF5E => half_width(c).is_some(),
        _ => !c.to_lowercase().eq(std::iter::once(c)),
    }
}

/// The ASCII character a full-width one stands for, when tokens hold it
/// (letters, digits, `%+#&._-`). Full-width punctuation (，：（）) stays as
/// written: it separates tokens either way.
fn half_width(c: char) -> Option<char> {
    let h = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0)?,
        _ => return None,
    };
    (h.is_ascii_alphanumeric() || "%+#&._-".contains(h)).then_some(h)
}

/// Fold one character that is not Chinese: full-width letters, digits and
/// the signs tokens hold to ASCII, the ideographic space to a space, then
/// lower case.
fn push_width_lower(c: char, out: &mut String) {
    let c = match c as u32 {
        0x3000 => ' ',
        _ => half_width(c).unwrap_or(c),
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
    // Most sentences fold to themselves: no traditional character, no
    // full-width letter or digit, no capital. (The check is a bit test per
    // character; the conversion and the map it saves were a tenth of an
    // index run's own work.)
    let converted = crate::normalize::simplified(src);
    let std::borrow::Cow::Owned(converted) = converted else {
        if !src.chars().any(folds) {
            return Folded { text: src.to_string(), map: None };
        }
        return fold_with(src, None);
    };
    fold_with(src, Some(&converted))
}

/// [`fold`] with the simplified text when it differs from the source.
fn fold_with(src: &str, converted: Option<&str>) -> Folded {
    let aligned = converted.is_some_and(|c| c.chars().count() == src.chars().count());
    let mut conv = converted.unwrap_or("").chars();
    let mut text = String::with_capacity(src.len());
    let mut map = Vec::with_capacity(src.len() + 1);
    for (pos, c) in src.char_indices() {
        let c2 = if aligned { conv.next().unwrap_or(c) } else { c };
        let before = text.len();
        push_width_lower(c2, &mut text);
        map.resize(text.len().max(before), pos);
    }
    map.push(src.len());
    Folded { text, map: Some(map) }
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
    fn text_that_folds_to_itself_maps_to_itself() {
        let src = "落实一岗双责，约谈2次。";
        let f = fold(src);
        assert_eq!(f.text, src);
        assert_eq!(f.to_source(6), 6);
        assert_eq!(f.to_source(999), src.len());
        // One capital or full-width digit anywhere folds the whole text.
        let f = fold("约谈２次OK");
        assert_eq!(f.text, "约谈2次ok");
        assert_eq!(f.to_source("约谈2".len()), "约谈２".len());
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
