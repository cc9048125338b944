//! `ledger --update OLD.xlsx`: read a ledger people have filled in
//! (calamine) and carry what they typed into the new one.
//!
//! Each new row is matched to an old row, first by 编号, then by content
//! (the same task and unit, and the same sentence with its figures masked,
//! or failing that the most similar sentence), and 标记 says how when it was
//! not by id. Then:
//!
//! - 完成情况, 进度, 备注 and any column people added are carried over with
//!   their types (text, number, date, yes/no, formula: a formula stays a
//!   formula, its relative row references moved with the row);
//! - a generated cell people changed (责任主体 corrected by hand) is kept,
//!   and 标记 says so;
//! - a row people duplicated (two old rows of one obligation) stays beside
//!   its twin, both carried;
//! - rows whose requirement vanished, and rows people added without an id,
//!   are kept at the end, marked in 标记;
//! - sheets the tool did not write (说明, 汇总…) are carried over with their
//!   values and formulas (not their formatting).

use super::cell::Cell;
use super::{COLUMNS, FILL_FROM, INFERRED, Ledger, LedgerRow, Sheet};
use crate::error::{Error, Result};
use crate::extract::id::mask;
use calamine::{Data, Reader, Xlsx};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::Path;

/// The mark of a row whose requirement is no longer in the source.
pub const MARK_VANISHED: &str = "已删除：源文件中已无此条，原行保留";
/// The mark of a row people added by hand.
pub const MARK_MANUAL: &str = "人工添加的行，原样保留";
/// The start of the mark of a row whose generated cells were edited by hand.
pub const MARK_KEPT: &str = "保留人工修改：";
/// The mark of a row matched by content, not by id (followed by the old id).
pub const MARK_CONTENT: &str = "按内容匹配，原编号";
/// The mark of a row people duplicated, kept beside its twin.
pub const MARK_TWIN: &str = "人工复制的行，随原行保留";
/// The mark of a row the old ledger did not have.
pub const MARK_NEW: &str = "新增";

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

/// How a new row found its old row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// By 编号.
    Id,
    /// By content: same task, unit and (masked or similar) sentence.
    Content,
}

/// Counts of what [`merge`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeStats {
    /// Rows matched by id.
    pub by_id: usize,
    /// Rows matched by content (the id changed).
    pub by_content: usize,
    /// New rows the old ledger did not have.
    pub added: usize,
    /// Old rows people duplicated, kept beside their twin.
    pub twins: usize,
    /// Old rows whose requirement vanished, kept at the end.
    pub vanished: usize,
    /// Old rows people added without an id, kept at the end.
    pub manual: usize,
    /// Non-empty cells of 完成情况, 进度, 备注 carried over.
    pub typed_cells: usize,
    /// Of all cells carried (other sheets included), how many were formulas.
    pub formulas: usize,
    /// Non-empty cells of columns people added, carried over.
    pub extra_cells: usize,
    /// Generated cells kept because people had changed them.
    pub edited_cells: usize,
    /// Sheets the tool did not write, carried over.
    pub sheets: Vec<String>,
}

impl MergeStats {
    /// Old rows kept at the end (vanished or added by hand).
    pub fn kept_rows(&self) -> usize {
        self.vanished + self.manual
    }

    /// One line for people.
    pub fn summary(&self) -> String {
        let sheets = if self.sheets.is_empty() { String::new() } else { format!(" ({})", self.sheets.join("、")) };
        format!(
            "matched {} rows by id and {} by content, {} new; kept {} duplicated rows beside their twin, {} vanished rows \
             and {} rows added by hand at the end; carried {} typed cells, {} cells of added columns, {} hand-edited \
             generated cells and {} other sheets{sheets}; {} of the cells carried are formulas",
            self.by_id,
            self.by_content,
            self.added,
            self.twins,
            self.vanished,
            self.manual,
            self.typed_cells,
            self.extra_cells,
            self.edited_cells,
            self.sheets.len(),
            self.formulas,
        )
    }
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

/// The content of a row that survives a change of id: task and unit.
fn content_key(task: &str, unit: &str) -> (String, String) {
    let clean = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    (clean(task), clean(unit))
}

/// Dice similarity of the character bigrams of two strings (0 to 1).
fn similarity(a: &str, b: &str) -> f64 {
    let grams = |s: &str| {
        let c: Vec<char> = s.chars().collect();
        let mut v: Vec<(char, char)> = c.windows(2).map(|w| (w[0], w[1])).collect();
        v.sort_unstable();
        v
    };
    let (x, y) = (grams(a), grams(b));
    if x.is_empty() || y.is_empty() {
        return if a == b { 1.0 } else { 0.0 };
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (x.len() + y.len()) as f64
}

/// How similar two sentences must be (figures masked) for a row with the
/// same task and unit to count as the same obligation.
const MIN_SIMILARITY: f64 = 0.6;

/// Carry the old ledger's typed cells into `new` (see the module docs).
pub fn merge(new: &mut Ledger, old: &OldLedger) -> MergeStats {
    let col = |name: &str| old.headers.iter().position(|h| h == name);
    let ours: Vec<Option<usize>> = COLUMNS.iter().map(|c| col(c)).collect();
    new.extra_headers = old.headers.iter().filter(|h| !COLUMNS.contains(&h.as_str())).cloned().collect();
    new.sheets = old.sheets.clone();
    let extra_idx: Vec<usize> = new.extra_headers.iter().filter_map(|h| col(h)).collect();
    let get = |row: &OldRow, c: usize| -> Cell { ours[c].and_then(|i| row.cells.get(i).cloned()).unwrap_or_default() };
    let mut stats = MergeStats {
        sheets: old.sheets.iter().map(|s| s.name.clone()).collect(),
        formulas: old.sheets.iter().flat_map(|s| &s.cells).filter(|c| c.2.is_formula()).count(),
        ..MergeStats::default()
    };

    // 1. By id, in order (two old rows with one id: the first is matched).
    let mut by_id: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, r) in old.rows.iter().enumerate().filter(|(_, r)| !r.id.is_empty()) {
        by_id.entry(r.id.as_str()).or_default().push_back(i);
    }
    let mut matched: Vec<Option<(usize, Match)>> = vec![None; new.rows.len()];
    let mut used = vec![false; old.rows.len()];
    for (n, row) in new.rows.iter().enumerate() {
        if let Some(k) = by_id.get_mut(row.id.as_str()).and_then(|q| q.pop_front()) {
            used[k] = true;
            matched[n] = Some((k, Match::Id));
        }
    }
    // Old ids whose obligation is still there: their other rows are twins.
    let id_matched: HashSet<&str> = matched.iter().flatten().map(|&(k, _)| old.rows[k].id.as_str()).collect();

    // 2. By content, among the old rows left with an id no new row has.
    let mut buckets: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (k, o) in old.rows.iter().enumerate() {
        if used[k] || o.id.is_empty() || id_matched.contains(o.id.as_str()) {
            continue;
        }
        buckets.entry(content_key(&get(o, 3).display(), &get(o, 6).display())).or_default().push(k);
    }
    let mut old_masked: HashMap<usize, String> = HashMap::new();
    for (n, row) in new.rows.iter().enumerate() {
        if matched[n].is_some() {
            continue;
        }
        let Some(cands) = buckets.get(&content_key(&row.task, &row.unit)) else {
            continue;
        };
        let masked = mask(&row.sentence);
        let indicator = mask(&row.indicator);
        let mut best: Option<(f64, bool, usize)> = None;
        for &k in cands.iter().filter(|&&k| !used[k]) {
            let o = &old.rows[k];
            let om = old_masked.entry(k).or_insert_with(|| mask(&get(o, 11).display()));
            let sim = if *om == masked { 2.0 } else { similarity(om, &masked) };
            let same_indicator = mask(&get(o, 4).display()) == indicator;
            if sim >= MIN_SIMILARITY && best.is_none_or(|(s, i, _)| (sim, same_indicator) > (s, i)) {
                best = Some((sim, same_indicator, k));
            }
        }
        if let Some((_, _, k)) = best {
            used[k] = true;
            matched[n] = Some((k, Match::Content));
        }
    }

    // 3. Twins: an unused old row whose id a matched old row has.
    let mut twins_of: HashMap<usize, Vec<usize>> = HashMap::new();
    let first_of_id: HashMap<&str, usize> =
        matched.iter().enumerate().filter_map(|(n, m)| m.map(|(k, _)| (old.rows[k].id.as_str(), n))).collect();
    for (k, o) in old.rows.iter().enumerate() {
        if used[k] || o.id.is_empty() {
            continue;
        }
        if let Some(&n) = first_of_id.get(o.id.as_str()) {
            used[k] = true;
            twins_of.entry(n).or_default().push(k);
        }
    }

    // Carry the cells of old row `o` into `row`.
    // The cells people fill in and the columns they added, counted.
    let carry_typed = |row: &mut LedgerRow, o: &OldRow, stats: &mut MergeStats| {
        row.done = get(o, FILL_FROM);
        row.progress = get(o, FILL_FROM + 1);
        row.notes = get(o, FILL_FROM + 2);
        row.extra = extra_idx.iter().map(|&i| o.cells[i].clone()).collect();
        for c in [&row.done, &row.progress, &row.notes] {
            stats.typed_cells += usize::from(!c.is_empty());
            stats.formulas += usize::from(c.is_formula());
        }
        for c in &row.extra {
            stats.extra_cells += usize::from(!c.is_empty());
            stats.formulas += usize::from(c.is_formula());
        }
    };
    // Those, and the generated cells a person changed (kept, and named).
    let carry = |row: &mut LedgerRow, o: &OldRow, stats: &mut MergeStats| {
        carry_typed(row, o, stats);
        let generated = row.generated();
        let mut edited = Vec::new();
        let original = old.originals.get(&o.id);
        for (c, fresh) in generated.iter().enumerate().skip(2) {
            let was = get(o, c);
            // Edited by a person: it differs from what the tool wrote (or,
            // for a ledger that does not say, a 责任主体 that differs from
            // the fresh one: the other columns follow the source).
            let changed = match original {
                Some(orig) => orig.get(c).is_some_and(|w| *w != was.display()),
                None => c == 2 && was.display() != fresh.display(),
            };
            if ours[c].is_some() && !was.is_empty() && changed {
                stats.formulas += usize::from(was.is_formula());
                row.kept.push((c, was));
                edited.push(COLUMNS[c]);
            }
        }
        stats.edited_cells += edited.len();
        edited
    };
    let mut rows = Vec::with_capacity(new.rows.len() + old.rows.len());
    for (n, mut row) in std::mem::take(&mut new.rows).into_iter().enumerate() {
        let mut marks = Vec::new();
        let Some((k, how)) = matched[n] else {
            row.extra = vec![Cell::Empty; extra_idx.len()];
            if !old.rows.is_empty() {
                row.mark = MARK_NEW.to_string();
            }
            stats.added += 1;
            rows.push(row);
            continue;
        };
        let o = &old.rows[k];
        match how {
            Match::Id => stats.by_id += 1,
            Match::Content => {
                stats.by_content += 1;
                marks.push(format!("{MARK_CONTENT} {}", o.id));
            }
        }
        let fresh = row.clone();
        let edited = carry(&mut row, o, &mut stats);
        if !edited.is_empty() {
            marks.push(format!("{MARK_KEPT}{}", edited.join("、")));
        }
        row.mark = marks.join("；");
        rows.push(row);
        for &t in twins_of.get(&n).map(Vec::as_slice).unwrap_or_default() {
            let mut twin = fresh.clone();
            let edited = carry(&mut twin, &old.rows[t], &mut stats);
            twin.mark = MARK_TWIN.to_string();
            if !edited.is_empty() {
                twin.mark = format!("{MARK_TWIN}；{MARK_KEPT}{}", edited.join("、"));
            }
            stats.twins += 1;
            rows.push(twin);
        }
    }
    for (k, o) in old.rows.iter().enumerate() {
        if used[k] {
            continue;
        }
        let text = |c: usize| get(o, c).display();
        let actor = text(2);
        let (actor, inferred) = match actor.strip_suffix(INFERRED) {
            Some(a) => (a.to_string(), true),
            None => (actor, false),
        };
        if o.id.is_empty() {
            stats.manual += 1
        } else {
            stats.vanished += 1
        }
        let mut row = LedgerRow {
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
            mark: if o.id.is_empty() { MARK_MANUAL } else { MARK_VANISHED }.to_string(),
            ..LedgerRow::default()
        };
        carry_typed(&mut row, o, &mut stats);
        row.kept = (2..FILL_FROM).map(|c| (c, get(o, c))).collect();
        rows.push(row);
    }
    for (i, r) in rows.iter_mut().enumerate() {
        r.seq = i + 1;
    }
    new.rows = rows;
    stats
}
