//! The ledger as an xlsx workbook (rust_xlsxwriter), ready to print and to fill in:
//!
//! - the sheet 台账 (or, with `--by-actor`, one sheet 台账-单位 per
//!   responsible unit): a frozen, filtered, bold header; typed cells
//!   (numbers, dates, yes/no, formulas); wrapped text with row heights
//!   that fit it;
//! - printing: A4 landscape, fit to one page wide, the header repeated on
//!   every page, page numbers in the footer;
//! - a 进度 drop-down (data validation; other values are allowed with a
//!   note), and rows whose 完成时限 is past and whose 进度 is not 已完成
//!   highlighted by a conditional format;
//! - the sheet 台账统计: rows per unit (with a live count of 已完成) and
//!   items due per month;
//! - the sheets of an old workbook the tool did not write, after its own.

use super::cell::{Cell, shift_rows};
use super::{COLUMNS, FILL_FROM, Ledger, LedgerRow, Sheet};
use crate::error::{Error, Result};
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder,
    Formula, Workbook, Worksheet, XlsxError,
};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The name of the ledger's sheet.
pub const SHEET: &str = "台账";
/// The start of the name of a unit's sheet (`--by-actor`).
pub const BY_ACTOR_PREFIX: &str = "台账-";
/// The name of the summary sheet.
pub const SUMMARY: &str = "台账统计";
/// The name of the hidden sheet of the generated cells as written, by 编号
/// (`--update` tells a person's edit from a change of the source by it).
pub const ORIGINALS: &str = "台账原值";
/// The generated columns 台账原值 records (序号 to 时间节点): 来源 and 原文
/// follow the source and are long, so they are not recorded (nor kept as
/// a person's edit).
pub const RECORDED: usize = 10;
/// The choices of the 进度 drop-down.
pub const PROGRESS: [&str; 4] = ["未开始", "推进中", "已完成", "滞后"];

/// Column widths (in characters of the default font) of [`COLUMNS`],
/// chosen so that the sheet fits an A4 landscape page at about 75%.
const WIDTHS: [f64; 16] = [5.0, 9.0, 12.0, 18.0, 10.0, 7.0, 5.0, 6.0, 10.0, 11.0, 14.0, 36.0, 16.0, 8.0, 12.0, 10.0];
/// Width of a column people added.
const EXTRA_WIDTH: f64 = 12.0;
/// Height (points) of one line of 10-point text, CJK included.
const LINE_HEIGHT: f64 = 13.0;
/// The tallest row Excel allows, in points.
const MAX_ROW_HEIGHT: f64 = 409.0;
/// Rows below the last one that still get the drop-down (for rows people add).
const SPARE_ROWS: u32 = 200;
/// The zip's deflate level: 3, as Excel 365 saves, instead of the writer's
/// default 6. Compressing the sheets was a third of the time of a large
/// ledger; at level 3 it is about a third of that, for a file about a sixth
/// larger (300,000 rows: figures in the commit and the README).
const ZIP_LEVEL: u8 = 3;

/// A new workbook as this module writes them.
fn workbook() -> Workbook {
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(ZIP_LEVEL);
    wb
}

fn xerr(e: XlsxError) -> Error {
    Error::Usage(format!("cannot write xlsx: {e}"))
}

struct Formats {
    header: Format,
    wrap: Format,
    fill: Format,
    date: Format,
    fill_date: Format,
    overdue: Format,
}

fn formats() -> Formats {
    let base =
        Format::new().set_font_size(10).set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    Formats {
        header: Format::new()
            .set_font_size(10)
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_border(FormatBorder::Thin),
        fill: base.clone().set_background_color(Color::RGB(0xFFF9E5)),
        date: base.clone().set_num_format("yyyy-mm-dd"),
        fill_date: base.clone().set_num_format("yyyy-mm-dd").set_background_color(Color::RGB(0xFFF9E5)),
        wrap: base,
        overdue: Format::new().set_background_color(Color::RGB(0xF8CBAD)).set_font_color(Color::RGB(0x9C0006)),
    }
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    fmt: &Format,
    date: &Format,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Empty => ws.write_blank(row, col, fmt).map(|_| ()),
        Cell::Text(s) => ws.write_string_with_format(row, col, s.as_str(), fmt).map(|_| ()),
        Cell::Number(x) => ws.write_number_with_format(row, col, *x, fmt).map(|_| ()),
        Cell::Bool(b) => ws.write_boolean_with_format(row, col, *b, fmt).map(|_| ()),
        Cell::Date(d) if d.fract() == 0.0 => ws.write_number_with_format(row, col, *d, date).map(|_| ()),
        Cell::Date(d) => {
            let df = date.clone().set_num_format("yyyy-mm-dd hh:mm");
            ws.write_number_with_format(row, col, *d, &df).map(|_| ())
        }
        Cell::Formula { text, cached, origin } => {
            let shifted = shift_rows(text, i64::from(row) - i64::from(*origin));
            let f = Formula::new(shifted).set_result(cached.display());
            ws.write_formula_with_format(row, col, f, fmt).map(|_| ())
        }
    }
}

/// Display width of text in character widths of the default font: a CJK
/// character about 1.8, an ASCII one 0.9 (measured on LibreOffice's PDF of
/// a ledger; a little over, so Excel's wider CJK fonts are not cut off).
fn text_width(s: &str) -> f64 {
    s.chars().map(|c| if c.is_ascii() { 0.9 } else { 1.8 }).sum()
}

/// Lines a cell's text takes in a column `width` characters wide.
fn lines(s: &str, width: f64) -> usize {
    let usable = (width - 0.5).max(1.0);
    s.split('\n').map(|l| ((text_width(l) / usable).ceil() as usize).max(1)).sum()
}

/// The height (points) of a row of these cells.
pub fn row_height(cells: &[Cell], widths: &[f64]) -> f64 {
    let n = cells.iter().zip(widths).map(|(c, &w)| lines(&c.as_text(), w)).max().unwrap_or(1);
    (n as f64 * LINE_HEIGHT + 4.0).min(MAX_ROW_HEIGHT)
}

/// A sheet name Excel accepts: no `[]:*?/\`, at most 31 characters.
fn sheet_name(prefix: &str, name: &str, taken: &mut Vec<String>) -> String {
    let clean: String = name.chars().filter(|c| !"[]:*?/\\'".contains(*c)).collect();
    let clean = if clean.trim().is_empty() { "未明确".to_string() } else { clean };
    for k in 1.. {
        let suffix = if k == 1 { String::new() } else { format!("({k})") };
        let room = 31 - prefix.chars().count() - suffix.chars().count();
        let candidate = format!("{prefix}{}{suffix}", clean.chars().take(room).collect::<String>());
        if !taken.iter().any(|t| t.to_lowercase() == candidate.to_lowercase()) {
            taken.push(candidate.clone());
            return candidate;
        }
    }
    unreachable!("some suffix is free")
}

/// A ledger sheet written row by row (in "constant memory" mode a row is
/// on disk as soon as the next one starts).
struct SheetWriter {
    widths: Vec<f64>,
    last_col: u16,
    rows: u32,
}

impl SheetWriter {
    /// Write the header and the page setup (the sheet is named by [`SheetWriter::name`]).
    fn start(ws: &mut Worksheet, headers: &[String], f: &Formats) -> Result<Self> {
        let widths: Vec<f64> = (0..headers.len()).map(|c| WIDTHS.get(c).copied().unwrap_or(EXTRA_WIDTH)).collect();
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w).map_err(xerr)?;
        }
        ws.set_row_height(0, 28).map_err(xerr)?;
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &f.header).map_err(xerr)?;
        }
        // Printing: A4 landscape, one page wide, the header on every page.
        ws.set_paper_size(9).set_landscape().set_print_fit_to_pages(1, 0).set_print_center_horizontally(true);
        ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
        ws.set_repeat_rows(0, 0).map_err(xerr)?;
        ws.set_footer("&C第 &P 页，共 &N 页");
        Ok(SheetWriter { widths, last_col: (headers.len().max(1) - 1) as u16, rows: 0 })
    }

    /// Name the sheet, and print its name at the top of each page.
    fn name(ws: &mut Worksheet, name: &str) -> Result<()> {
        ws.set_name(name).map_err(xerr)?;
        ws.set_header(format!("&C&\"-,Bold\"{name}"));
        Ok(())
    }

    /// Write the next row, `cells` being [`LedgerRow::cells`] (its height
    /// first, as constant memory needs).
    fn push(&mut self, ws: &mut Worksheet, cells: &[Cell], f: &Formats) -> Result<()> {
        let row = self.rows + 1;
        ws.set_row_height(row, row_height(cells, &self.widths)).map_err(xerr)?;
        for (c, cell) in cells.iter().enumerate() {
            let fill = (FILL_FROM..FILL_FROM + 3).contains(&c);
            let (fmt, date) = if fill { (&f.fill, &f.fill_date) } else { (&f.wrap, &f.date) };
            write_cell(ws, row, c as u16, cell, fmt, date).map_err(xerr)?;
        }
        self.rows = row;
        Ok(())
    }

    /// The filter, the frozen header, the 进度 drop-down and the overdue format.
    fn finish(&self, ws: &mut Worksheet, f: &Formats) -> Result<()> {
        let last_row = self.rows;
        ws.set_freeze_panes(1, 0).map_err(xerr)?;
        ws.autofilter(0, 0, last_row, self.last_col).map_err(xerr)?;
        // 进度: a drop-down that still takes other values (a percentage, a note).
        let progress_col = (FILL_FROM + 1) as u16;
        let dv = DataValidation::new()
            .allow_list_strings(&PROGRESS)
            .map_err(xerr)?
            .set_error_style(DataValidationErrorStyle::Information);
        ws.add_data_validation(1, progress_col, last_row + SPARE_ROWS, progress_col, &dv).map_err(xerr)?;
        // Overdue: 完成时限 is a date before today and 进度 is not 已完成.
        if last_row > 0 {
            let rule = "=AND(ISNUMBER($I2),$I2<TODAY(),$N2<>\"已完成\")";
            let cf = ConditionalFormatFormula::new().set_rule(rule).set_format(&f.overdue);
            ws.add_conditional_format(1, 0, last_row, self.last_col, &cf).map_err(xerr)?;
        }
        Ok(())
    }
}

/// The counts of the summary sheet, gathered row by row.
#[derive(Default)]
struct Summary {
    /// Per unit shown: rows, 已完成, rows with a dated deadline, its sheet
    /// (an index of [`XlsxStream`]'s ledger sheets).
    units: BTreeMap<String, (usize, usize, usize, usize)>,
    /// Per month: deadlines, milestones.
    months: BTreeMap<String, (usize, usize)>,
}

impl Summary {
    fn add(&mut self, sheet: usize, r: &LedgerRow) {
        let e = self.units.entry(r.actor_shown()).or_insert((0, 0, 0, sheet));
        e.0 += 1;
        e.1 += usize::from(r.progress.as_text() == "已完成");
        let dated = super::cell::iso_to_serial(&r.deadline).is_some();
        e.2 += usize::from(dated);
        if let Some(month) = r.deadline.get(..7).filter(|_| dated) {
            self.months.entry(month.to_string()).or_default().0 += 1;
        }
        for m in &r.milestones {
            if let Some(month) = m.date.get(..7) {
                self.months.entry(month.to_string()).or_default().1 += 1;
            }
        }
    }

    /// Write the summary: rows and 已完成 per unit (live formulas), items
    /// due per month; `names` are the ledger sheets' names.
    fn write(&self, ws: &mut Worksheet, by_actor: bool, names: &[String], f: &Formats) -> Result<()> {
        ws.set_name(SUMMARY).map_err(xerr)?;
        let head = |ws: &mut Worksheet, row: u32, cols: &[&str]| -> Result<()> {
            for (c, h) in cols.iter().enumerate() {
                ws.write_string_with_format(row, c as u16, *h, &f.header).map_err(xerr)?;
            }
            Ok(())
        };
        ws.set_column_width(0, 28).map_err(xerr)?;
        for c in 1..4 {
            ws.set_column_width(c, 14).map_err(xerr)?;
        }
        ws.write_string_with_format(0, 0, "按责任主体统计", &f.header).map_err(xerr)?;
        head(ws, 1, &["责任主体", "任务数", "已完成", "有完成时限"])?;
        let mut row = 2u32;
        for (unit, (n, done, dated, sheet)) in &self.units {
            let sheet = &names[*sheet];
            ws.write_string_with_format(row, 0, unit, &f.wrap).map_err(xerr)?;
            ws.write_number_with_format(row, 1, *n as f64, &f.wrap).map_err(xerr)?;
            let rule = if by_actor {
                format!("COUNTIF('{sheet}'!$N:$N,\"已完成\")")
            } else {
                format!("COUNTIFS('{sheet}'!$C:$C,A{},'{sheet}'!$N:$N,\"已完成\")", row + 1)
            };
            ws.write_formula_with_format(row, 2, Formula::new(rule).set_result(done.to_string()), &f.wrap)
                .map_err(xerr)?;
            ws.write_number_with_format(row, 3, *dated as f64, &f.wrap).map_err(xerr)?;
            row += 1;
        }
        row += 1;
        ws.write_string_with_format(row, 0, "按月统计到期事项", &f.header).map_err(xerr)?;
        head(ws, row + 1, &["月份", "完成时限到期", "时间节点到期"])?;
        row += 2;
        for (month, (deadlines, milestones)) in &self.months {
            ws.write_string_with_format(row, 0, month, &f.wrap).map_err(xerr)?;
            ws.write_number_with_format(row, 1, *deadlines as f64, &f.wrap).map_err(xerr)?;
            ws.write_number_with_format(row, 2, *milestones as f64, &f.wrap).map_err(xerr)?;
            row += 1;
        }
        ws.set_paper_size(9).set_print_fit_to_pages(1, 0);
        Ok(())
    }
}

/// Write a sheet carried over from an old workbook, values and formulas.
fn carried_sheet(ws: &mut Worksheet, s: &Sheet, f: &Formats) -> Result<()> {
    ws.set_name(&s.name).map_err(xerr)?;
    let plain = Format::new();
    let date = f.date.clone().set_border(FormatBorder::None);
    for (r, c, cell) in &s.cells {
        write_cell(ws, *r, *c, cell, &plain, &date).map_err(xerr)?;
    }
    Ok(())
}

/// A workbook of plain sheets (values and formulas, no formatting but
/// dates): what [`super::update::read_sheets`] read, written back.
///
/// # Errors
/// `Error::Usage` when the writer fails.
pub fn sheets_to_bytes(sheets: &[Sheet]) -> Result<Vec<u8>> {
    let mut wb = workbook();
    let f = formats();
    for s in sheets {
        carried_sheet(wb.add_worksheet(), s, &f)?;
    }
    wb.save_to_buffer().map_err(xerr)
}

/// The hidden sheet of the generated cells as written, one row per row
/// with an id (a duplicated row repeats its twin's; the reader keeps the
/// first), written row by row.
struct OriginalsWriter {
    rows: u32,
}

impl OriginalsWriter {
    fn start(ws: &mut Worksheet) -> Result<Self> {
        ws.set_name(ORIGINALS).map_err(xerr)?;
        ws.set_hidden(true);
        for (c, h) in COLUMNS[..RECORDED].iter().enumerate() {
            ws.write_string(0, c as u16, *h).map_err(xerr)?;
        }
        Ok(OriginalsWriter { rows: 0 })
    }

    /// Record row `r`, `cells` being its [`LedgerRow::cells`].
    fn push(&mut self, ws: &mut Worksheet, r: &LedgerRow, cells: &[Cell]) -> Result<()> {
        if r.id.is_empty() {
            return Ok(());
        }
        // A row kept from an old ledger: its cells are what the tool last
        // wrote; otherwise its generated cells, which are its cells unless
        // some were kept from an old ledger.
        let generated;
        let cells = if r.mark == super::update::MARK_VANISHED || r.kept.is_empty() {
            cells
        } else {
            generated = r.generated();
            &generated
        };
        let row = self.rows + 1;
        for (c, cell) in cells.iter().take(RECORDED).enumerate().skip(1) {
            let text = cell.as_text();
            if !text.is_empty() {
                ws.write_string(row, c as u16, text.as_ref()).map_err(xerr)?;
            }
        }
        self.rows = row;
        Ok(())
    }
}

/// Options of the workbook.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// One sheet per responsible unit (台账-单位) instead of one sheet 台账.
    pub by_actor: bool,
}

/// A workbook written as the rows come: the sheet 台账 (or, with
/// `by_actor`, one sheet 台账-单位 per unit, made when its first row comes)
/// and the hidden 台账原值, in "constant memory" mode (each row goes to a
/// temporary file as the next one starts), the summary gathered as counts.
/// Memory stays flat however many rows (but for the row heights
/// rust_xlsxwriter keeps, a few hundred bytes a row).
pub struct XlsxStream {
    wb: Workbook,
    f: Formats,
    headers: Vec<String>,
    /// The ledger sheets in the order they were made.
    sheets: Vec<LedgerSheet>,
    /// With `by_actor`: the position in `sheets` of each unit's sheet, and
    /// the names of the workbook's other sheets.
    by_actor: Option<(HashMap<String, usize>, Vec<String>)>,
    originals: OriginalsWriter,
    originals_ix: usize,
    summary: Summary,
    rows: u32,
}

/// A ledger sheet of a [`XlsxStream`]: its worksheet's index, its unit
/// (with `by_actor`) and its writer.
struct LedgerSheet {
    ix: usize,
    unit: String,
    writer: SheetWriter,
}

/// A new sheet of a large workbook: in "constant memory" mode, or, when
/// its temporary file cannot be made (too many open files: a thousand
/// units), in memory.
fn streamed_sheet(wb: &mut Workbook) -> usize {
    if wb.add_worksheet_with_constant_memory().is_err() {
        wb.add_worksheet();
    }
    wb.worksheets().len() - 1
}

impl XlsxStream {
    /// Start a workbook with these headers ([`Ledger::headers`]) and the
    /// carried sheets of an old workbook.
    ///
    /// # Errors
    /// `Error::Usage` when the writer fails.
    pub fn new(headers: &[String], carried: &[Sheet], options: Options) -> Result<Self> {
        let mut wb = workbook();
        let f = formats();
        // The sheets' order: 台账 (or the units' sheets, put first when
        // the workbook is finished), 台账统计, the carried sheets, 台账原值.
        let mut sheets = Vec::new();
        if !options.by_actor {
            let ws = wb.add_worksheet_with_constant_memory().map_err(xerr)?;
            SheetWriter::name(ws, SHEET)?;
            let writer = SheetWriter::start(ws, headers, &f)?;
            sheets.push(LedgerSheet { ix: 0, unit: String::new(), writer });
        }
        wb.add_worksheet();
        for s in carried {
            carried_sheet(wb.add_worksheet(), s, &f)?;
        }
        let originals = OriginalsWriter::start(wb.add_worksheet_with_constant_memory().map_err(xerr)?)?;
        let originals_ix = wb.worksheets().len() - 1;
        let by_actor = options.by_actor.then(|| {
            let mut taken = vec![SHEET.to_string(), SUMMARY.to_string(), ORIGINALS.to_string()];
            taken.extend(carried.iter().map(|s| s.name.clone()));
            (HashMap::new(), taken)
        });
        let (headers, summary) = (headers.to_vec(), Summary::default());
        Ok(XlsxStream { wb, f, headers, sheets, by_actor, originals, originals_ix, summary, rows: 0 })
    }

    /// Write the next row.
    ///
    /// # Errors
    /// `Error::Usage` when the writer fails (more rows than a sheet holds, …).
    pub fn push(&mut self, r: &LedgerRow) -> Result<()> {
        let k = match &mut self.by_actor {
            None => 0,
            Some((units, _)) => match units.get(&r.actor) {
                Some(&k) => k,
                None => {
                    let ix = streamed_sheet(&mut self.wb);
                    let ws = self.wb.worksheet_from_index(ix).map_err(xerr)?;
                    let writer = SheetWriter::start(ws, &self.headers, &self.f)?;
                    self.sheets.push(LedgerSheet { ix, unit: r.actor.clone(), writer });
                    units.insert(r.actor.clone(), self.sheets.len() - 1);
                    self.sheets.len() - 1
                }
            },
        };
        let cells = r.cells();
        let sheet = &mut self.sheets[k];
        let ws = self.wb.worksheet_from_index(sheet.ix).map_err(xerr)?;
        sheet.writer.push(ws, &cells, &self.f)?;
        let ws = self.wb.worksheet_from_index(self.originals_ix).map_err(xerr)?;
        self.originals.push(ws, r, &cells)?;
        self.summary.add(k, r);
        self.rows += 1;
        Ok(())
    }

    /// Rows written so far.
    pub fn rows(&self) -> u32 {
        self.rows
    }

    /// Finish the sheets and write the workbook to `out` (a file, so the
    /// zip is never whole in memory).
    ///
    /// # Errors
    /// `Error::Usage` when the writer fails.
    pub fn finish<W: std::io::Write + std::io::Seek + Send>(mut self, out: W) -> Result<()> {
        // The units' sheets are named in the order of their units (a name
        // cut to 31 characters that another took gets a number).
        let mut names = vec![SHEET.to_string(); self.sheets.len()];
        let mut order: Vec<usize> = (0..self.sheets.len()).collect();
        if let Some((_, taken)) = &mut self.by_actor {
            order.sort_by(|&a, &b| self.sheets[a].unit.cmp(&self.sheets[b].unit));
            for &k in &order {
                names[k] = sheet_name(BY_ACTOR_PREFIX, &self.sheets[k].unit, taken);
            }
        }
        for (sheet, name) in self.sheets.iter().zip(&names) {
            let ws = self.wb.worksheet_from_index(sheet.ix).map_err(xerr)?;
            SheetWriter::name(ws, name)?;
            sheet.writer.finish(ws, &self.f)?;
        }
        let summary_ix = usize::from(self.by_actor.is_none());
        let ws = self.wb.worksheet_from_index(summary_ix).map_err(xerr)?;
        self.summary.write(ws, self.by_actor.is_some(), &names, &self.f)?;
        if self.by_actor.is_some() {
            // The units' sheets first, in order, then the others as made.
            let mut rank: Vec<usize> = (0..self.wb.worksheets().len()).map(|i| order.len() + i).collect();
            for (r, &k) in order.iter().enumerate() {
                rank[self.sheets[k].ix] = r;
            }
            let all = std::mem::take(self.wb.worksheets_mut());
            let mut ranked: Vec<(usize, Worksheet)> = rank.into_iter().zip(all).collect();
            ranked.sort_by_key(|(r, _)| *r);
            *self.wb.worksheets_mut() = ranked.into_iter().map(|(_, ws)| ws).collect();
        }
        self.wb.save_to_writer(out).map_err(xerr)
    }
}

/// The workbook's bytes.
///
/// # Errors
/// `Error::Usage` when the writer fails (too many rows, …).
pub fn to_bytes(l: &Ledger, options: Options) -> Result<Vec<u8>> {
    let mut buf = std::io::Cursor::new(Vec::new());
    write(l, options, &mut buf)?;
    Ok(buf.into_inner())
}

/// Write the workbook to `out`.
///
/// # Errors
/// `Error::Usage` when the writer fails (too many rows, …).
pub fn write<W: std::io::Write + std::io::Seek + Send>(l: &Ledger, options: Options, out: W) -> Result<()> {
    let mut stream = XlsxStream::new(&l.headers(), &l.sheets, options)?;
    for r in &l.rows {
        stream.push(r)?;
    }
    debug_assert_eq!(COLUMNS.len(), WIDTHS.len());
    stream.finish(out)
}

/// Write the workbook to `path`, whole or not at all ([`crate::atomic`]).
///
/// # Errors
/// `Error::DiskFull` or `Error::Write` when the file cannot be written (the
/// old file left as it was), `Error::Usage` when the writer fails.
pub fn save(l: &Ledger, path: &Path, options: Options) -> Result<()> {
    let mut tmp = tempfile::tempfile().map_err(|e| Error::Usage(format!("cannot write xlsx: {e}")))?;
    write(l, options, &mut tmp)?;
    copy_out(tmp, path)
}

/// Copy a finished workbook from its temporary file to `path`, whole or
/// not at all ([`crate::atomic`]).
///
/// # Errors
/// `Error::DiskFull` or `Error::Write` when the file cannot be written.
pub fn copy_out(mut tmp: std::fs::File, path: &Path) -> Result<()> {
    use std::io::{Seek, SeekFrom};
    crate::atomic::write_with(path, |w| {
        tmp.seek(SeekFrom::Start(0))?;
        std::io::copy(&mut tmp, w).map(|_| ())
    })
}
