//! Sentences: a lossless splitter. A sentence ends after 。！？ (with the
//! closing quotes or brackets right after them) and after every line break;
//! ；and ，do not end one. The pieces tile the text exactly.

use super::Sentence;

const CLOSERS: &[char] = &['”', '’', '」', '』', ')', '》', '】', '"', '\''];

/// The bytes that open a character that may end a sentence.
const MAY_END: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\n' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[0xe3] = true; // U+3000–U+3FFF: 。
    t[0xef] = true; // U+F000–U+FFFF: ！？
    t
};

/// Shift char offsets by `base`.
fn offset(base: usize) -> impl Fn((usize, char)) -> (usize, char) {
    move |(k, c)| (base + k, c)
}

/// Split `text` into sentences that concatenate back to it.
pub fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut para = 0;
    let bytes = text.as_bytes();
    let mut it = text.char_indices().map(offset(0)).peekable();
    while let Some(&(i, _)) = it.peek() {
        // Only a line break, ! or ?, or a character of the CJK punctuation
        // (U+3000…) or full-width (U+FF00…) blocks can end a sentence: skip
        // the bytes of everything else without decoding them.
        let skip = bytes[i..].iter().position(|&b| MAY_END[usize::from(b)]).unwrap_or(bytes.len() - i);
        if skip > 0 {
            it = text[i + skip..].char_indices().map(offset(i + skip)).peekable();
            continue;
        }
        let Some((i, c)) = it.next() else { break };
        let mut end = None;
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            let mut e = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if CLOSERS.contains(&d) || matches!(d, '。' | '！' | '？') {
                    e = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            // A line break right after belongs to this sentence.
            if let Some(&(j, '\n')) = it.peek() {
                e = j + 1;
                it.next();
                end = Some((e, true));
            } else {
                end = Some((e, false));
            }
        } else if c == '\n' {
            end = Some((i + 1, true));
        }
        if let Some((e, newline)) = end {
            out.push(Sentence { range: start..e, paragraph: para, section: None });
            start = e;
            if newline {
                para += 1;
            }
        }
    }
    if start < text.len() {
        out.push(Sentence { range: start..text.len(), paragraph: para, section: None });
    }
    cap_length(text, out)
}

/// The longest sentence, in characters. Text flattened from a web page or a
/// PDF can run for megabytes without a full stop; such a run is cut at its
/// last clause mark (，；、 or a space) before the cap, else at the cap, so
/// that every later stage stays linear and every output stays small.
pub const MAX_CHARS: usize = 600;

fn cap_length(text: &str, sentences: Vec<Sentence>) -> Vec<Sentence> {
    let mut out = Vec::with_capacity(sentences.len());
    for s in sentences {
        let mut start = s.range.start;
        // Fewer bytes than the cap cannot hold more characters than it.
        while s.range.end - start > MAX_CHARS && text[start..s.range.end].chars().nth(MAX_CHARS).is_some() {
            let window_end =
                start + text[start..].char_indices().nth(MAX_CHARS).map_or(s.range.end - start, |(k, _)| k);
            let window = &text[start..window_end];
            let cut = window
                .char_indices()
                .rev()
                .find(|&(_, c)| matches!(c, '，' | '；' | '、' | ' '))
                .map(|(k, c)| start + k + c.len_utf8())
                .filter(|&k| k > start)
                .unwrap_or(window_end);
            out.push(Sentence { range: start..cut, paragraph: s.paragraph, section: None });
            start = cut;
        }
        out.push(Sentence { range: start..s.range.end, paragraph: s.paragraph, section: None });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiles_and_splits() {
        let t = "一、总体思路\n（一）认真履行职责。今年以来，我们“坚持”。一是定责；二是考责！\n末尾";
        let s = split(t);
        let pieces: Vec<&str> = s.iter().map(|s| &t[s.range.clone()]).collect();
        assert_eq!(pieces.concat(), t);
        assert_eq!(
            pieces,
            ["一、总体思路\n", "（一）认真履行职责。", "今年以来，我们“坚持”。", "一是定责；二是考责！\n", "末尾"]
        );
        assert_eq!(s[4].paragraph, 2);
    }

    #[test]
    fn overlong_runs_are_cut_at_clause_marks() {
        let t = "开展廉政谈话，".repeat(400);
        let s = split(&t);
        assert!(s.len() > 1);
        assert_eq!(s.iter().map(|s| &t[s.range.clone()]).collect::<String>(), t);
        for x in &s {
            assert!(t[x.range.clone()].chars().count() <= MAX_CHARS);
            assert!(t[x.range.clone()].ends_with('，') || x.range.end == t.len());
        }
    }
}
