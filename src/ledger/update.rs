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
//!   and 标记 says so (told from a change of the source by the hidden sheet
//!   台账原值; 来源 and 原文 always follow the source);
//! - a row people duplicated (two old rows of one obligation) stays beside
//!   its twin, both carried;
//! - rows whose requirement vanished, and rows people added without an id,
//!   are kept at the end, marked in 标记;
//! - sheets the tool did not write (说明, 汇总…) are carried over with their
//!   values and formulas (not their formatting).

use super::cell::Cell;
pub use super::read::{OldLedger, OldRow, is_tool_sheet, read_old, read_sheets};
use super::{COLUMNS, FILL_FROM, INFERRED, Ledger, LedgerRow};
use crate::extract::id::mask;
use std::collections::{HashMap, HashSet, VecDeque};

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
                Some(orig) => c < super::xlsx::RECORDED && orig.get(c).is_some_and(|w| *w != was.display()),
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
