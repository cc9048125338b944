//! Sentences: a lossless splitter. A sentence ends after 。！？ (with the
//! closing quotes or brackets right after them) and after every line break;
//! ；and ，do not end one. The pieces tile the text exactly.

use super::Sentence;

const CLOSERS: &[char] = &['”', '’', '」', '』', ')', '》', '】', '"', '\''];

/// Split `text` into sentences that concatenate back to it.
pub fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut para = 0;
    let bytes = text.as_bytes();
    let n = bytes.len();
    // Only a line break, ! or ?, or a character of the CJK punctuation
    // (U+3000…, lead byte E3) or full-width (U+FF00…, lead byte EF) blocks
    // can end a sentence: the vector searches of memchr find those bytes,
    // which always open a character, and only they are decoded.
    let mut hits = memchr::memchr3_iter(b'\n', 0xe3, 0xef, bytes).peekable();
    let mut ascii = memchr::memchr2_iter(b'!', b'?', bytes).peekable();
    // Characters before `done` were taken as closers of a sentence end.
    let mut done = 0;
    loop {
        let i = match (hits.peek(), ascii.peek()) {
            (Some(&a), Some(&b)) if b < a => ascii.next(),
            (Some(_), _) => hits.next(),
            (None, _) => ascii.next(),
        };
        let Some(i) = i else { break };
        if i < done {
            continue;
        }
        let (c, len) = crate::util::char_at(bytes, i);
        let end = if matches!(c, '。' | '！' | '？' | '!' | '?') {
            let mut e = i + len;
            while e < n {
                let (d, dl) = crate::util::char_at(bytes, e);
                if !(CLOSERS.contains(&d) || matches!(d, '。' | '！' | '？')) {
                    break;
                }
                e += dl;
            }
            // A line break right after belongs to this sentence.
            if e < n && bytes[e] == b'\n' { (e + 1, true) } else { (e, false) }
        } else if c == '\n' {
            (i + 1, true)
        } else {
            continue;
        };
        let (e, newline) = end;
        out.push(Sentence { range: start..e, paragraph: para, section: None });
        start = e;
        done = e;
        if newline {
            para += 1;
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
    fn ascii_marks_and_closers() {
        let t = "OK! Next? 他说：“好。”)\n末尾";
        let pieces: Vec<&str> = split(t).iter().map(|s| &t[s.range.clone()]).collect();
        assert_eq!(pieces, ["OK!", " Next?", " 他说：“好。”)\n", "末尾"]);
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
