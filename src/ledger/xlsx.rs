//! The ledger as an xlsx workbook (rust_xlsxwriter): one sheet 台账, a
//! frozen, filtered, bold header, sensible column widths, wrapped text, and
//! typed cells (numbers as numbers, dates as dates, yes/no as booleans).

use super::cell::Cell;
use super::{COLUMNS, FILL_FROM, Ledger};
use crate::error::{Error, Result};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// The name of the ledger's sheet.
pub const SHEET: &str = "台账";

/// Column widths (in characters) of [`COLUMNS`]; extra columns get 16.
const WIDTHS: [f64; 16] = [6.0, 18.0, 18.0, 30.0, 16.0, 9.0, 7.0, 9.0, 12.0, 14.0, 22.0, 60.0, 24.0, 10.0, 24.0, 14.0];

fn xerr(e: XlsxError) -> Error {
    Error::Usage(format!("cannot write xlsx: {e}"))
}

struct Formats {
    header: Format,
    wrap: Format,
    fill: Format,
    date: Format,
}

fn formats() -> Formats {
    let base = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin);
    Formats {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(0xD9E1F2))
            .set_border(FormatBorder::Thin),
        fill: base.clone().set_background_color(Color::RGB(0xFFF9E5)),
        date: base.clone().set_num_format("yyyy-mm-dd"),
        wrap: base,
    }
}

fn write_cell(ws: &mut Worksheet, row: u32, col: u16, cell: &Cell, f: &Formats) -> Result<(), XlsxError> {
    let fill = (FILL_FROM..FILL_FROM + 3).contains(&(col as usize));
    let fmt = if fill { &f.fill } else { &f.wrap };
    match cell {
        Cell::Empty => ws.write_blank(row, col, fmt).map(|_| ()),
        Cell::Text(s) => ws.write_string_with_format(row, col, s, fmt).map(|_| ()),
        Cell::Number(x) => ws.write_number_with_format(row, col, *x, fmt).map(|_| ()),
        Cell::Bool(b) => ws.write_boolean_with_format(row, col, *b, fmt).map(|_| ()),
        Cell::Date(d) => {
            let df = if d.fract() == 0.0 { f.date.clone() } else { f.date.clone().set_num_format("yyyy-mm-dd hh:mm") };
            let df = if fill { df.set_background_color(Color::RGB(0xFFF9E5)) } else { df };
            ws.write_number_with_format(row, col, *d, &df).map(|_| ())
        }
    }
}

/// The workbook's bytes.
///
/// # Errors
/// `Error::Usage` when the writer fails (too many rows, …).
pub fn to_bytes(l: &Ledger) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let f = formats();
    let headers = l.headers();
    let last_col = (headers.len().max(1) - 1) as u16;
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEET).map_err(xerr)?;
        for (c, h) in headers.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, h, &f.header).map_err(xerr)?;
            let w = WIDTHS.get(c as usize).copied().unwrap_or(16.0);
            ws.set_column_width(c, w).map_err(xerr)?;
        }
        ws.set_row_height(0, 24).map_err(xerr)?;
        for (i, r) in l.rows.iter().enumerate() {
            let row = (i + 1) as u32;
            for (c, cell) in r.cells().iter().enumerate() {
                write_cell(ws, row, c as u16, cell, &f).map_err(xerr)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(xerr)?;
        ws.autofilter(0, 0, l.rows.len() as u32, last_col).map_err(xerr)?;
    }
    debug_assert_eq!(COLUMNS.len(), WIDTHS.len());
    wb.save_to_buffer().map_err(xerr)
}

/// Write the workbook to `path`, whole or not at all ([`crate::atomic`]).
///
/// # Errors
/// `Error::DiskFull` or `Error::Write` when the file cannot be written (the
/// old file left as it was), `Error::Usage` when the writer fails.
pub fn save(l: &Ledger, path: &Path) -> Result<()> {
    let bytes = to_bytes(l)?;
    crate::atomic::write_bytes(path, &bytes)
}
