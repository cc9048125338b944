//! Reading a ledger back (calamine): the rows of its ledger sheet(s), the
//! generated cells as the tool wrote them (the hidden sheet 台账原值), and
//! every other sheet as it is, formulas included.

use super::cell::Cell;
use super::{COLUMNS, FILL_FROM, Sheet};
use crate::error::{Error, Result};
use calamine::{Data, Reader, Xlsx};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

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
    /// The header row (an unnamed column gets `列N`); with one sheet per
    /// unit, the headers of all of them, in order of appearance.
    pub headers: Vec<String>,
    /// The data rows that hold anything.
    pub rows: Vec<OldRow>,
    /// The sheets the tool did not write, in workbook order.
    pub sheets: Vec<Sheet>,
    /// The generated cells as the tool wrote them, by 编号 (the hidden
    /// sheet [`super::xlsx::ORIGINALS`]), to tell a person's edit from a
    /// change of the source. Empty for a ledger written before it existed.
    pub originals: HashMap<String, Vec<String>>,
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

/// Is this sheet one the tool writes (台账, 台账-单位, 台账统计)?
pub fn is_tool_sheet(name: &str) -> bool {
    name.starts_with(super::xlsx::SHEET)
}

/// A sheet's cells by absolute position, formulas in place of their values.
fn read_cells(wb: &mut Xlsx<std::io::Cursor<Vec<u8>>>, name: &str) -> std::result::Result<Sheet, String> {
    let range = wb.worksheet_range(name).map_err(|e| format!("{e}"))?;
    let formulas = wb.worksheet_formula(name).unwrap_or_default();
    let mut cells: Vec<(u32, u16, Cell)> = Vec::new();
    let mut at: HashMap<(u32, u32), usize> = HashMap::new();
    if let Some((r0, c0)) = range.start() {
        for (r, c, d) in range.used_cells() {
            let (r, c) = (r0 + r as u32, c0 + c as u32);
            at.insert((r, c), cells.len());
            cells.push((r, c.min(u32::from(u16::MAX)) as u16, cell_of(d)));
        }
    }
    if let Some((r0, c0)) = formulas.start() {
        for (r, c, f) in formulas.used_cells() {
            let (r, c) = (r0 + r as u32, c0 + c as u32);
            let text = f.trim_start_matches('=').to_string();
            match at.get(&(r, c)) {
                Some(&k) => {
                    let cached = Box::new(std::mem::take(&mut cells[k].2));
                    cells[k].2 = Cell::Formula { text, cached, origin: r };
                }
                None => cells.push((r, c as u16, Cell::Formula { text, cached: Box::new(Cell::Empty), origin: r })),
            }
        }
    }
    cells.sort_by_key(|&(r, c, _)| (r, c));
    Ok(Sheet { name: name.to_string(), cells })
}

/// Read every sheet of a workbook as it is (values, and formulas with
/// their last value), in workbook order.
///
/// # Errors
/// As [`read_old`].
pub fn read_sheets(path: &Path) -> Result<Vec<Sheet>> {
    let bad = |reason: String| Error::Malformed { path: path.to_path_buf(), format: "xlsx", reason };
    let bytes = crate::source::read_file(path)?;
    let mut wb = Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| bad(format!("{e}")))?;
    wb.sheet_names().iter().map(|n| read_cells(&mut wb, n).map_err(&bad)).collect()
}

/// Read an old ledger: the sheet 台账 (or the sheets 台账-单位 of a
/// ledger written with `--by-actor`, or else the first sheet), and every
/// other sheet as it is.
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
    let names = wb.sheet_names();
    let mut ledger_sheets: Vec<&String> = names.iter().filter(|n| n.as_str() == super::xlsx::SHEET).collect();
    if ledger_sheets.is_empty() {
        ledger_sheets = names.iter().filter(|n| n.starts_with(super::xlsx::BY_ACTOR_PREFIX)).collect();
    }
    if ledger_sheets.is_empty() {
        ledger_sheets = names.first().into_iter().collect();
    }
    if ledger_sheets.is_empty() {
        return Err(bad("no worksheet".into()));
    }
    let mut out = OldLedger::default();
    for name in &ledger_sheets {
        let sheet = read_cells(&mut wb, name).map_err(&bad)?;
        add_rows(&mut out, &sheet).map_err(|e| bad(format!("sheet {name}: {e}")))?;
    }
    if names.iter().any(|n| n == super::xlsx::ORIGINALS) {
        let sheet = read_cells(&mut wb, super::xlsx::ORIGINALS).map_err(&bad)?;
        let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        for (r, c, cell) in sheet.cells.iter().filter(|c| c.0 > 0) {
            let row = rows.entry(*r).or_insert_with(|| vec![String::new(); FILL_FROM]);
            if let Some(slot) = row.get_mut(usize::from(*c)) {
                *slot = cell.display();
            }
        }
        for (_, row) in rows {
            // Column B holds the id, as in the ledger.
            let id = row[1].trim().to_string();
            out.originals.entry(id).or_insert(row);
        }
    }
    for name in &names {
        if ledger_sheets.contains(&name) || is_tool_sheet(name) {
            continue;
        }
        out.sheets.push(read_cells(&mut wb, name).map_err(&bad)?);
    }
    Ok(out)
}

/// Add the rows of one ledger sheet (its first row is the header).
fn add_rows(out: &mut OldLedger, sheet: &Sheet) -> std::result::Result<(), String> {
    let Some(first_row) = sheet.cells.first().map(|c| c.0) else {
        return Ok(());
    };
    let width = sheet.cells.iter().map(|c| usize::from(c.1) + 1).max().unwrap_or(0);
    let mut grid: Vec<(u32, Vec<Cell>)> = Vec::new();
    for (r, c, cell) in &sheet.cells {
        if grid.last().is_none_or(|g| g.0 != *r) {
            grid.push((*r, vec![Cell::Empty; width]));
        }
        if let Some(g) = grid.last_mut() {
            g.1[usize::from(*c)] = cell.clone();
        }
    }
    let header: Vec<String> = grid
        .first()
        .filter(|g| g.0 == first_row)
        .map(|g| g.1.iter().map(|d| d.display().trim().to_string()).collect())
        .unwrap_or_default();
    // Map this sheet's columns onto the union of headers.
    let mut map = Vec::with_capacity(header.len());
    for (i, h) in header.iter().enumerate() {
        let h = if h.is_empty() { format!("列{}", i + 1) } else { h.clone() };
        let k = match out.headers.iter().position(|x| *x == h) {
            Some(k) => k,
            None => {
                out.headers.push(h);
                out.headers.len() - 1
            }
        };
        map.push(k);
    }
    let id_col = out.headers.iter().position(|h| h == COLUMNS[1]).filter(|k| map.contains(k));
    let id_col = id_col.ok_or_else(|| format!("no {} column in the header", COLUMNS[1]))?;
    for (_, row) in grid.into_iter().skip(1) {
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        let mut cells = vec![Cell::Empty; out.headers.len()];
        for (i, cell) in row.into_iter().enumerate() {
            if let Some(&k) = map.get(i) {
                cells[k] = cell;
            }
        }
        let id = cells[id_col].display().trim().to_string();
        out.rows.push(OldRow { id, cells });
    }
    let n = out.headers.len();
    for r in &mut out.rows {
        r.cells.resize(n, Cell::Empty);
    }
    Ok(())
}
