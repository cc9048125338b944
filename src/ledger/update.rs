//! `ledger --update OLD.xlsx`: read a ledger people have filled in
//! (calamine) and carry what they typed into the new one, by 编号.
//!
//! - 完成情况, 进度, 备注 and any column people added are carried over with
//!   their types (text, number, date, yes/no);
//! - a generated cell people changed (责任主体 corrected by hand) is kept,
//!   and 标记 says so;
//! - rows whose requirement vanished, and rows people added without an id,
//!   are kept at the end, marked in 标记.

use super::cell::Cell;
use super::{COLUMNS, FILL_FROM, INFERRED, Ledger, LedgerRow};
use crate::error::{Error, Result};
use calamine::{Data, Reader, Xlsx};
use std::collections::{HashMap, VecDeque};
use std::path::Path;

/// The mark of a row whose requirement is no longer in the source.
pub const MARK_VANISHED: &str = "已删除：源文件中已无此条，原行保留";
/// The mark of a row people added by hand.
pub const MARK_MANUAL: &str = "人工添加的行，原样保留";
/// The start of the mark of a row whose generated cells were edited by hand.
pub const MARK_KEPT: &str = "保留人工修改：";

/// One row of an old ledger: its id and its cells by header.
#[derive(Debug, Clone, PartialEq)]
pub struct OldRow {
    /// 编号 (empty for a row added by hand).
    pub id: String,
    /// Cells, one per header of [`OldLedger::headers`].
    pub cells: Vec<Cell>,
}

/// A ledger read back from xlsx.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OldLedger {
    /// The header row (an unnamed column gets `列N`).
    pub headers: Vec<String>,
    /// The data rows that hold anything.
    pub rows: Vec<OldRow>,
}

/// Counts of what [`merge`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MergeStats {
    /// Rows matched by id.
    pub carried: usize,
    /// Old rows kept at the end (vanished or added by hand).
    pub kept_rows: usize,
    /// Generated cells kept because people had changed them.
    pub kept_cells: usize,
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(x) => Cell::Number(*x),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => Cell::Date(dt.as_f64()),
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::text(s.clone()),
        Data::Error(e) => Cell::text(format!("{e}")),
    }
}

/// Read an old ledger: the sheet 台账, or the first sheet.
///
/// # Errors
/// `Error::Io` or `Error::NotAFile` when it cannot be read,
/// `Error::Malformed` when the file is no xlsx or has no 编号 column.
pub fn read_old(path: &Path) -> Result<OldLedger> {
    let bad = |reason: String| Error::Malformed { path: path.to_path_buf(), format: "xlsx", reason };
    // Read whole first (a FIFO or device is refused, not waited on); the
    // file can then be replaced by `-o` with the same name.
    let bytes = crate::source::read_file(path)?;
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| bad(format!("{e}")))?;
    let range = match wb.worksheet_range(super::xlsx::SHEET) {
        Ok(r) => r,
        Err(_) => match wb.worksheet_range_at(0) {
            Some(Ok(r)) => r,
            Some(Err(e)) => return Err(bad(format!("{e}"))),
            None => return Err(bad("no worksheet".into())),
        },
    };
    let mut rows = range.rows();
    let header: Vec<String> =
        rows.next().map(|r| r.iter().map(|d| cell_of(d).display().trim().to_string()).collect()).unwrap_or_default();
    let headers: Vec<String> =
        header.iter().enumerate().map(|(i, h)| if h.is_empty() { format!("列{}", i + 1) } else { h.clone() }).collect();
    let id_col = headers
        .iter()
        .position(|h| h == COLUMNS[1])
        .ok_or_else(|| bad(format!("no {} column in the header", COLUMNS[1])))?;
    let mut out = OldLedger { headers, rows: Vec::new() };
    for r in rows {
        let mut cells: Vec<Cell> = r.iter().map(cell_of).collect();
        cells.resize(out.headers.len(), Cell::Empty);
        if cells.iter().all(Cell::is_empty) {
            continue;
        }
        let id = cells[id_col].display().trim().to_string();
        out.rows.push(OldRow { id, cells });
    }
    Ok(out)
}

/// Carry the old ledger's typed cells into `new` (see the module docs).
pub fn merge(new: &mut Ledger, old: &OldLedger) -> MergeStats {
    let col = |name: &str| old.headers.iter().position(|h| h == name);
    let ours: Vec<Option<usize>> = COLUMNS.iter().map(|c| col(c)).collect();
    new.extra_headers = old.headers.iter().filter(|h| !COLUMNS.contains(&h.as_str())).cloned().collect();
    let extra_idx: Vec<usize> = new.extra_headers.iter().filter_map(|h| col(h)).collect();
    let get = |row: &OldRow, c: usize| -> Cell { ours[c].and_then(|i| row.cells.get(i).cloned()).unwrap_or_default() };
    let mut by_id: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, r) in old.rows.iter().enumerate().filter(|(_, r)| !r.id.is_empty()) {
        by_id.entry(r.id.as_str()).or_default().push_back(i);
    }
    let mut stats = MergeStats::default();
    let mut used = vec![false; old.rows.len()];
    for row in &mut new.rows {
        let Some(k) = by_id.get_mut(row.id.as_str()).and_then(|q| q.pop_front()) else {
            row.extra = vec![Cell::Empty; extra_idx.len()];
            continue;
        };
        used[k] = true;
        let o = &old.rows[k];
        stats.carried += 1;
        row.done = get(o, FILL_FROM);
        row.progress = get(o, FILL_FROM + 1);
        row.notes = get(o, FILL_FROM + 2);
        row.extra = extra_idx.iter().map(|&i| o.cells[i].clone()).collect();
        let generated = row.generated();
        let mut edited = Vec::new();
        for (c, fresh) in generated.iter().enumerate().skip(2) {
            let was = get(o, c);
            if ours[c].is_some() && !was.is_empty() && was.display() != fresh.display() {
                row.kept.push((c, was));
                edited.push(COLUMNS[c]);
            }
        }
        if !edited.is_empty() {
            stats.kept_cells += edited.len();
            row.mark = format!("{MARK_KEPT}{}", edited.join("、"));
        }
    }
    let mut seq = new.rows.len();
    for (k, o) in old.rows.iter().enumerate() {
        if used[k] {
            continue;
        }
        seq += 1;
        stats.kept_rows += 1;
        let text = |c: usize| get(o, c).display();
        let actor = text(2);
        let (actor, inferred) = match actor.strip_suffix(INFERRED) {
            Some(a) => (a.to_string(), true),
            None => (actor, false),
        };
        let mut row = LedgerRow {
            seq,
            id: o.id.clone(),
            actor,
            actor_inferred: inferred,
            task: text(3),
            indicator: text(4),
            target_value: match get(o, 5) {
                Cell::Number(x) => Some(x),
                _ => None,
            },
            unit: text(6),
            period: text(7),
            deadline: text(8),
            source: text(10),
            sentence: text(11),
            done: get(o, FILL_FROM),
            progress: get(o, FILL_FROM + 1),
            notes: get(o, FILL_FROM + 2),
            mark: if o.id.is_empty() { MARK_MANUAL } else { MARK_VANISHED }.to_string(),
            extra: extra_idx.iter().map(|&i| o.cells[i].clone()).collect(),
            ..LedgerRow::default()
        };
        row.kept = (2..FILL_FROM).map(|c| (c, get(o, c))).collect();
        new.rows.push(row);
    }
    stats
}
