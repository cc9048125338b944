//! The section tree. Heading markers at the start of a line — 第X章, 第X节,
//! 第X条, 一、, (一), 1. / 1、, (1), ①, and lines opening with 一是/二是 — nest
//! by rank (outer to inner: 章, 节, 一、/第X条, (一), 1., (1), ①, 一是); a
//! section runs to the next heading of the same or an outer rank. An inline
//! run 一是…二是… inside a paragraph gives one section per item, ending at the
//! next item or the end of the line.

use super::{MarkerKind, Outline, Section, Sentence};

/// The markers of an inline enumeration, in order: 一是 … 十是.
const CN_IS: &[&str] = &["一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是"];

/// The rank of a heading marker, 0 outermost.
pub(crate) fn rank(k: MarkerKind) -> u8 {
    match k {
        MarkerKind::Chapter => 0,
        MarkerKind::Part => 1,
        MarkerKind::CnComma | MarkerKind::Article => 2,
        MarkerKind::CnParen => 3,
        MarkerKind::Arabic => 4,
        MarkerKind::ArabicParen => 5,
        MarkerKind::Circled => 6,
        MarkerKind::Enum => 7,
    }
}

fn is_cn(c: char) -> bool {
    "一二三四五六七八九十百".contains(c)
}

/// The heading marker that opens `line`, if any.
pub fn marker(line: &str) -> Option<MarkerKind> {
    let mut chars = line.chars();
    let c0 = chars.next()?;
    if ('①'..='⑳').contains(&c0) {
        return Some(MarkerKind::Circled);
    }
    if c0 == '(' {
        let inner: String = chars.take_while(|&c| c != ')').collect();
        let close = line.find(')')?;
        if inner.is_empty() || inner.chars().count() > 3 || close > 12 {
            return None;
        }
        if inner.chars().all(is_cn) {
            return Some(MarkerKind::CnParen);
        }
        return inner.chars().all(|c| c.is_ascii_digit()).then_some(MarkerKind::ArabicParen);
    }
    if c0 == '第' {
        let n = line.chars().skip(1).take_while(|&c| is_cn(c) || c.is_ascii_digit()).count();
        return match line.chars().nth(n + 1) {
            Some('章') if n > 0 => Some(MarkerKind::Chapter),
            Some('节') if n > 0 => Some(MarkerKind::Part),
            Some('条') if n > 0 => Some(MarkerKind::Article),
            _ => None,
        };
    }
    if CN_IS.iter().any(|p| line.starts_with(p)) {
        return Some(MarkerKind::Enum);
    }
    let cn = line.chars().take_while(|&c| is_cn(c)).count();
    if cn > 0 && cn <= 3 && line.chars().nth(cn) == Some('、') {
        return Some(MarkerKind::CnComma);
    }
    let d = line.chars().take_while(char::is_ascii_digit).count();
    if d > 0 && d <= 2 {
        let next = line.chars().nth(d);
        let after = line.chars().nth(d + 1);
        if matches!(next, Some('.') | Some('、')) && after.is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace()) {
            return Some(MarkerKind::Arabic);
        }
    }
    None
}

/// End of a heading's title within `line` (at the first 。！？, else the line end).
fn title_end(line: &str, stops: &[char]) -> usize {
    line.find(stops).unwrap_or_else(|| line.trim_end_matches('\n').len())
}

/// Inline 一是…二是… runs in a line: item start offsets (relative to the line).
fn enum_items(line: &str) -> Vec<usize> {
    let mut items = Vec::new();
    if crate::util::find_str(line, "是").is_none() {
        return items;
    }
    let mut from = 0;
    for pat in CN_IS {
        let found = line[from..].match_indices(pat).map(|(k, _)| from + k).find(|&k| {
            let prev = line[..k].chars().next_back();
            prev.is_none_or(|p| matches!(p, '。' | '；' | '：' | '，' | '！' | '？' | ')' | ' '))
        });
        match found {
            Some(k) => {
                items.push(k);
                from = k + pat.len();
            }
            None => break,
        }
    }
    if items.len() >= 2 { items } else { Vec::new() }
}

/// Build the section tree of a normalised text.
pub fn outline(text: &str) -> Outline {
    let mut sections: Vec<Section> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let close_to = |sections: &mut Vec<Section>, stack: &mut Vec<usize>, r: u8, at: usize| {
            while let Some(&top) = stack.last() {
                if rank(sections[top].marker) >= r {
                    sections[top].range.end = at;
                    stack.pop();
                } else {
                    break;
                }
            }
        };
        if let Some(kind) = marker(line) {
            close_to(&mut sections, &mut stack, rank(kind), start);
            let stops: &[char] = if kind == MarkerKind::Enum {
                &['。', '；', '！', '？', '\n']
            } else {
                &['。', '！', '？', '\n']
            };
            let te = title_end(line, stops);
            sections.push(Section {
                marker: kind,
                title: start..start + te,
                range: start..text.len(),
                parent: stack.last().copied(),
            });
            stack.push(sections.len() - 1);
        }
        let items = enum_items(line);
        let parent = stack.last().copied();
        let line_end = start + line.len();
        for (k, &it) in items.iter().enumerate() {
            if it == 0 && marker(line) == Some(MarkerKind::Enum) {
                continue; // the line itself opens with 一是: already a section
            }
            let item_start = start + it;
            let item_end = items.get(k + 1).map_or(line_end, |&n| start + n);
            let te = title_end(&line[it..], &['。', '；', '！', '？', '\n']).min(item_end - item_start);
            sections.push(Section {
                marker: MarkerKind::Enum,
                title: item_start..item_start + te,
                range: item_start..item_end,
                parent,
            });
        }
    }
    for top in stack {
        sections[top].range.end = text.len();
    }
    Outline { sections }
}

/// Give each sentence its innermost section.
pub fn assign(outline: &Outline, sentences: &mut [Sentence]) {
    for s in sentences {
        s.section = outline.innermost_at(s.range.start);
    }
}

/// Titles of a section path as text (for tests and inspection).
pub fn titles(text: &str, outline: &Outline, path: &[usize]) -> Vec<String> {
    path.iter().map(|&i| text[outline.sections[i].title.clone()].to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalized;

    fn corpus(name: &str) -> String {
        std::fs::read_to_string(format!("{}/corpus/{name}", env!("CARGO_MANIFEST_DIR"))).expect("corpus file")
    }

    #[test]
    fn markers() {
        let rows: &[(&str, Option<MarkerKind>)] = &[
            ("一、总体思路", Some(MarkerKind::CnComma)),
            ("(一)认真履行职责", Some(MarkerKind::CnParen)),
            ("1.突出抓好政治建设。", Some(MarkerKind::Arabic)),
            ("2、加强领导", Some(MarkerKind::Arabic)),
            ("(1)按月调度", Some(MarkerKind::ArabicParen)),
            ("①每月巡河", Some(MarkerKind::Circled)),
            ("第三章 责任追究", Some(MarkerKind::Chapter)),
            ("第十二条 本办法", Some(MarkerKind::Article)),
            ("一是定责。", Some(MarkerKind::Enum)),
            ("1.3万亿斤", None),
            ("2022年，县政府", None),
            ("2月22日，组织召开", None),
            ("第一时间学习", None),
        ];
        for (line, want) in rows {
            assert_eq!(marker(line), *want, "{line}");
        }
    }

    #[test]
    fn outline_of_a_plan() {
        let n = Normalized::new(&corpus("001_bd2d67b045b86009.txt"));
        let t = n.text();
        let o = outline(t);
        let top: Vec<String> =
            o.sections.iter().filter(|s| s.parent.is_none()).map(|s| t[s.title.clone()].to_string()).collect();
        assert_eq!(top.len(), 4);
        assert_eq!(top[0], "一、提高政治站位，增强推进廉政建设的责任感");
        let pos = t.find("年度内安排部署").unwrap();
        let path = o.path(o.innermost_at(pos));
        assert_eq!(
            titles(t, &o, &path),
            ["二、强化责任担当，全面落实党风廉政建设主体责任", "2.全面落实主要负责人第一责任"]
        );
    }

    #[test]
    fn outline_of_a_report_with_enumerations() {
        let n = Normalized::new(&corpus("004_d36e36ff7843bf3b.txt"));
        let t = n.text();
        let o = outline(t);
        let pos = t.find("2月22日").unwrap();
        let path = o.path(o.innermost_at(pos));
        assert_eq!(titles(t, &o, &path), ["(二)完善责任体系，细化分解任务", "一是定责"]);
        let paren: Vec<&Section> = o.sections.iter().filter(|s| s.marker == MarkerKind::CnParen).collect();
        assert_eq!(paren.len(), 7);
        // An enumeration never crosses its line.
        for s in o.sections.iter().filter(|s| s.marker == MarkerKind::Enum) {
            assert!(!t[s.range.clone()].trim_end_matches('\n').contains('\n'));
        }
    }
}
