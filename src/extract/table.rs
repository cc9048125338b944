//! Task tables flattened to one cell per line (任务分解表 pasted from Word or
//! a web page):
//!
//! ```text
//! 序号 / 工作任务 / 目标要求 / 完成时限 / 责任单位
//! 1 / 开展廉政警示教育 / 全年不少于4次 / 2024年12月底前 / 县纪委监委
//! ```
//!
//! A row's figures are owed by the body in its 责任单位 (牵头单位, 责任部门 …)
//! cell. The table is read only when it is unambiguous: a header that opens
//! with 序号 and names a responsibility column, then rows numbered 1, 2, 3 …
//! (or on from another number, as a table continued under its header
//! again is) each with exactly as many cells as the header, whose
//! responsibility cell names bodies.

use super::actor::is_head;
use super::quantity::find_candidates;
use crate::document::Document;
use crate::model::{Deadline, Requirement};
use std::ops::Range;

/// Column names that hold the responsible body.
const RESPONSIBLE: &[&str] =
    &["责任单位", "牵头单位", "责任部门", "牵头部门", "责任主体", "主责单位", "承办单位", "责任科室", "配合单位"];

/// Column names that hold the task itself.
const TASK: &[&str] = &["工作任务", "主要任务", "重点任务", "具体任务", "任务内容", "工作内容", "工作事项", "任务"];

/// One row of a flattened task table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The row's lines, from its number to its last cell (normalised text).
    pub span: Range<usize>,
    /// The responsible body's cell (normalised text).
    pub actor: Range<usize>,
    /// The task's cell, when the header names one (normalised text).
    pub task: Option<Range<usize>>,
}

/// The cells of `text` in reading order, as trimmed ranges: a line is one
/// cell, or, when it holds `|` separators (a table pasted as text or
/// Markdown), each piece between them is; blank cells and Markdown rules
/// (`---`) are left out.
fn cells(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut push = |start: usize, piece: &str| {
        let lead = piece.len() - piece.trim_start().len();
        let t = piece.trim();
        if !t.is_empty() && !t.chars().all(|c| matches!(c, '-' | ':' | '—')) {
            out.push(start + lead..start + lead + t.len());
        }
    };
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        if body.contains(['|', '｜']) {
            let mut from = 0;
            for (k, c) in body.char_indices().filter(|&(_, c)| c == '|' || c == '｜') {
                push(start + from, &body[from..k]);
                from = k + c.len_utf8();
            }
            push(start + from, &body[from..]);
        } else {
            push(start, body);
        }
        start += line.len();
    }
    out
}

/// A header cell: a short label with no figure and no sentence punctuation.
fn is_label(s: &str) -> bool {
    let n = s.chars().count();
    (2..=8).contains(&n) && !s.chars().any(|c| c.is_ascii_digit() || "，。；：、".contains(c))
}

/// Every row of every flattened task table in `text`, in document order.
pub fn rows(text: &str) -> Vec<Row> {
    tables(text).0.into_iter().flat_map(|t| t.rows).collect()
}

/// One flattened task table: its header's cells and its rows.
struct Table {
    /// From the header's first cell (序号) to its last (normalised text).
    header: Range<usize>,
    /// Cells a row has.
    width: usize,
    /// The number of its first row.
    first: usize,
    rows: Vec<Row>,
    /// The cell after its last row (an index into the cells).
    end: usize,
}

/// The tables of `text` and its cells.
fn tables(text: &str) -> (Vec<Table>, Vec<Range<usize>>) {
    // Cheap exit: no responsibility column named anywhere.
    if !text.contains("序号") || !RESPONSIBLE.iter().any(|w| text.contains(w)) {
        return (Vec::new(), Vec::new());
    }
    let ls = cells(text);
    let cell = |k: usize| &text[ls[k].clone()];
    let mut out = Vec::new();
    let mut k = 0;
    while k < ls.len() {
        if cell(k) != "序号" {
            k += 1;
            continue;
        }
        let header = k;
        let mut j = k + 1;
        while j < ls.len() && is_label(cell(j)) {
            j += 1;
        }
        let width = j - header;
        let Some(resp) = (header..j).position(|h| RESPONSIBLE.contains(&cell(h))) else {
            k = j;
            continue;
        };
        let task = (header..j).position(|h| TASK.contains(&cell(h)));
        if width < 3 {
            k = j;
            continue;
        }
        // Rows: numbered 1, 2, 3 …, each exactly `width` lines long. (A
        // table continued under its header again, as on a new page of a
        // PDF, or after a part's cut, numbers on from where it was.)
        let mut rows = Vec::new();
        let mut row = j;
        let first = ls
            .get(j)
            .and_then(|c| text[c.clone()].parse::<usize>().ok())
            .filter(|n| (1..1 << 32).contains(n))
            .unwrap_or(1);
        let mut number = first;
        while row + width <= ls.len() && cell(row) == number.to_string() {
            let actor = ls[row + resp].clone();
            let named = text[actor.clone()].split(['、', '，', ',', '/']).all(|p| is_head(p.trim()));
            if !named {
                break;
            }
            let task = task.map(|t| ls[row + t].clone());
            rows.push(Row { span: ls[row].start..ls[row + width - 1].end, actor, task });
            row += width;
            number += 1;
        }
        out.push(Table { header: ls[header].start..ls[j - 1].end, width, first, rows, end: row });
        k = row.max(j);
    }
    (out, ls)
}

/// What [`open_at_end`] finds: the range of a table's header cells, and
/// of the row cut if there is one.
pub type OpenTable = (Range<usize>, Option<Range<usize>>);

/// A task table still open where `text` ends, as a part of a large input
/// cut inside it leaves it: the range of its header's cells and of the row
/// cut (from its number to the end; `None` when the text ends between two
/// rows), in normalised text. The part is then ended before that row, and
/// the header opens the next part, so that its rows (the cut one first)
/// are read with the table's columns.
pub fn open_at_end(text: &str) -> Option<OpenTable> {
    let (tables, ls) = tables(text);
    let t = tables.last()?;
    let rest = ls.len() - t.end;
    // A text that stops short of a line break stops inside its last cell
    // (a part cut after a 。 inside a cell): that cell's row is cut.
    let mid_cell = !text.ends_with('\n');
    if rest == 0 {
        let cut = t.rows.last().filter(|_| mid_cell).map(|r| r.span.start..text.len());
        return Some((t.header.clone(), cut));
    }
    if rest >= t.width {
        return None;
    }
    let next = t.first.checked_add(t.rows.len())?.to_string();
    let number = &text[ls[t.end].clone()];
    // (A cut inside the number itself leaves the start of it: 12 of 123.)
    let cut = number == next || (mid_cell && rest == 1 && next.starts_with(number));
    cut.then(|| (t.header.clone(), Some(ls[t.end].start..text.len())))
}

/// The row of `rows` (as [`rows`] gives them: in document order, none
/// overlapping) whose span holds byte `pos`, found by bisection.
pub fn row_at(rows: &[Row], pos: usize) -> Option<&Row> {
    rows.get(rows.partition_point(|r| r.span.end <= pos)).filter(|r| r.span.contains(&pos))
}

/// In a table flattened to one cell per line (工作任务 / 目标要求 / 完成时限),
/// a short line holding only a figure takes its task from the short line
/// before it, when that line holds no figure.
pub fn cell_before(doc: &Document, si: usize) -> Option<String> {
    let text = doc.norm.text();
    let sents = &doc.seg.sentences;
    let cur = text[sents.get(si)?.range.clone()].trim_end();
    let prev = text[sents.get(si.checked_sub(1)?)?.range.clone()].trim_end();
    let cell = |s: &str, max: usize| !s.is_empty() && s.chars().count() <= max && !s.contains(['。', '，', '；']);
    let prev_line = sents[si - 1].range.end <= text.len() && text[..sents[si - 1].range.end].ends_with('\n');
    (cell(cur, 20) && cell(prev, 40) && prev_line && find_candidates(text, sents[si - 1].range.clone()).is_empty())
        .then(|| doc.source_slice(sents[si - 1].range.clone()).trim().to_string())
}

/// A bare deadline (a table cell of 完成时限, one per line) belongs to the
/// figure of its row, a line or two before: the last requirement, when it
/// has a figure and no deadline and its sentence starts at most three
/// sentences before sentence `si`.
pub fn attach_bare_deadline(doc: &Document, si: usize, done: &mut [Requirement], deadline: Option<Deadline>) {
    let near = si.saturating_sub(3);
    let row_start = doc.source_span(doc.seg.sentences[near].range.clone())[0];
    if let Some(prev) = done.last_mut()
        && prev.deadline.is_none()
        && prev.quantity.is_some()
        && prev.sentence_span[0] >= row_start
    {
        prev.deadline = deadline;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actors(text: &str) -> Vec<(&str, &str)> {
        rows(text).into_iter().map(|r| (r.task.map_or("", |t| &text[t]), &text[r.actor.clone()])).collect()
    }

    #[test]
    fn a_table_pasted_with_bars() {
        let t = "任务分解表\n| 序号 | 工作任务 | 目标要求 | 完成时限 | 责任单位 |\n|---|---|---|---|---|\n| 1 | 开展廉政警示教育 | 全年不少于4次 | 2024年12月底前 | 县纪委监委 |\n| 2 | 新提拔干部廉政谈话 | 覆盖率100% | 持续推进 | 县委组织部 |\n";
        assert_eq!(actors(t), [("开展廉政警示教育", "县纪委监委"), ("新提拔干部廉政谈话", "县委组织部")]);
        let doc = Document::analyze("t.txt", t);
        let out = crate::extract::extract(&doc);
        let got: Vec<(Option<&str>, Option<&str>, &str)> = out
            .requirements
            .iter()
            .map(|r| (r.actor.as_deref(), r.action.as_deref(), r.quantity.as_ref().map_or("", |q| q.raw.as_str())))
            .collect();
        assert_eq!(
            got,
            [
                (Some("县纪委监委"), Some("开展廉政警示教育"), "不少于4次"),
                (Some("县委组织部"), Some("新提拔干部廉政谈话覆盖率"), "100%")
            ]
        );
    }

    #[test]
    fn a_table_open_at_the_end_and_one_numbered_on() {
        let head = "序号\n工作任务\n目标要求\n完成时限\n责任单位\n";
        let rows2 = "1\n开展廉政警示教育\n全年不少于4次\n2024年12月底前\n县纪委监委\n2\n新提拔干部廉政谈话\n";
        let t = format!("任务分解表\n{head}{rows2}");
        let (header, row) = open_at_end(&t).expect("open");
        assert_eq!(&t[header], head.trim_end());
        assert_eq!(row.map(|r| t[r].trim()), Some("2\n新提拔干部廉政谈话"));
        // Cut between rows: the header alone.
        let cut = format!("任务分解表\n{head}1\n开展廉政警示教育\n全年不少于4次\n2024年12月底前\n县纪委监委\n");
        assert_eq!(open_at_end(&cut).map(|(h, r)| (&cut[h], r)), Some((head.trim_end(), None)));
        // Cut inside the last cell (no line break at the end): its row is cut.
        let mid = format!("任务分解表\n{head}1\n开展廉政警示教育\n全年不少于4次\n2024年12月底前\n县纪委");
        let (_, row) = open_at_end(&mid).expect("open");
        assert_eq!(row.map(|r| mid[r].starts_with("1\n开展")), Some(true));
        // Ended: text after its last row.
        assert_eq!(open_at_end(&format!("{cut}各单位要认真落实。\n")), None);
        // The next part: the header repeated, then rows numbered on.
        let next = format!(
            "{head}2\n新提拔干部廉政谈话\n覆盖率100%\n持续推进\n县委组织部\n3\n专项检查\n不少于2次\n年底前\n县审计局\n"
        );
        assert_eq!(actors(&next), [("新提拔干部廉政谈话", "县委组织部"), ("专项检查", "县审计局")]);
        // Rows from 2024 on, as in a part of a long table.
        let on = format!("{head}2024\n开展检查\n不少于2次\n年底前\n县审计局\n2025\n专项审计\n1次\n年底前\n县财政局\n");
        assert_eq!(actors(&on), [("开展检查", "县审计局"), ("专项审计", "县财政局")]);
    }

    #[test]
    fn task_table() {
        let t = "附件：任务分解表\n序号\n工作任务\n目标要求\n完成时限\n责任单位\n1\n开展廉政警示教育\n全年不少于4次\n2024年12月底前\n县纪委监委\n2\n新提拔干部廉政谈话\n覆盖率100%\n持续推进\n县委组织部、县纪委监委\n各单位要认真落实。\n";
        assert_eq!(actors(t), [("开展廉政警示教育", "县纪委监委"), ("新提拔干部廉政谈话", "县委组织部、县纪委监委")]);
        let rs = rows(t);
        for pos in 0..t.len() {
            assert_eq!(row_at(&rs, pos), rs.iter().find(|r| r.span.contains(&pos)), "{pos}");
        }
    }

    #[test]
    fn no_table_without_a_responsibility_column_or_aligned_rows() {
        let t = "序号\n工作任务\n目标要求\n完成时限\n1\n开展廉政警示教育\n全年不少于4次\n年底前\n";
        assert!(rows(t).is_empty(), "no 责任单位 column");
        // A row with a cell missing: the numbering no longer lines up, so nothing is guessed.
        let t = "序号\n工作任务\n目标要求\n责任单位\n1\n开展廉政警示教育\n县纪委\n2\n谈话\n覆盖率100%\n县委组织部\n";
        assert!(rows(t).is_empty(), "{:?}", rows(t));
        // The responsibility cell must name bodies.
        let t = "序号\n工作任务\n目标要求\n责任单位\n1\n开展廉政警示教育\n全年不少于4次\n持续推进\n";
        assert!(rows(t).is_empty());
        // Prose that merely mentions 责任单位 is no table.
        let t = "各责任单位要对照问题清单，限期15个工作日内整改到位。\n";
        assert!(rows(t).is_empty());
    }
}
