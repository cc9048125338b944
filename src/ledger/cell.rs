//! A typed spreadsheet cell: what a person typed into the ledger, carried
//! over by `ledger --update` with its type (text, number, date, yes/no).

use serde::{Serialize, Serializer};
use std::borrow::Cow;

/// One cell of the ledger.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Cell {
    /// Nothing.
    #[default]
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A yes/no.
    Bool(bool),
    /// A date (or date and time) as an Excel serial day number (1900 system).
    Date(f64),
    /// A formula a person typed (without the leading `=`), with the value
    /// the spreadsheet last computed and the 0-based sheet row it was read
    /// from: written back to another row, its relative row references move
    /// with it ([`shift_rows`]).
    Formula {
        /// The formula, as calamine reads it (`M2/F2`).
        text: String,
        /// The value last computed (what a reader without a calculator shows).
        cached: Box<Cell>,
        /// The 0-based sheet row the formula was read from.
        origin: u32,
    },
}

impl Cell {
    /// Text, or `Empty` for an empty string.
    pub fn text(s: impl Into<String>) -> Self {
        let s = s.into();
        if s.is_empty() { Cell::Empty } else { Cell::Text(s) }
    }

    /// Is it empty?
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell as text (dates as ISO `2023-03-05`, numbers without a needless `.0`).
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
            Cell::Number(x) => format!("{x}"),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Date(d) => serial_to_iso(*d),
            Cell::Formula { cached, .. } => cached.display(),
        }
    }

    /// The cell as text like [`Cell::display`], borrowed when the cell holds text.
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            Cell::Empty => Cow::Borrowed(""),
            Cell::Text(s) => Cow::Borrowed(s),
            Cell::Formula { cached, .. } => cached.as_text(),
            _ => Cow::Owned(self.display()),
        }
    }

    /// Is it a formula?
    pub fn is_formula(&self) -> bool {
        matches!(self, Cell::Formula { .. })
    }
}

/// Move the relative row references of a formula by `delta` rows, as a
/// spreadsheet does when a row is copied elsewhere: `M5/F5` moved from row 5
/// to row 7 becomes `M7/F7`; `$M$5`, whole columns (`N:N`), text in quotes
/// and function names (`LOG10(`) stay as they are.
pub fn shift_rows(formula: &str, delta: i64) -> String {
    if delta == 0 {
        return formula.to_string();
    }
    let b: Vec<char> = formula.chars().collect();
    let mut out = String::with_capacity(formula.len() + 4);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == '"' || c == '\'' {
            // A string or a quoted sheet name: copied up to its closing quote.
            out.push(c);
            i += 1;
            while i < b.len() {
                out.push(b[i]);
                i += 1;
                if b[i - 1] == c {
                    break;
                }
            }
            continue;
        }
        let starts_token = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], '_' | '.'));
        if starts_token && (c == '$' || c.is_ascii_uppercase()) {
            // [$]COL[$]ROW not followed by a letter, digit or `(`.
            let mut j = i + usize::from(c == '$');
            let col_start = j;
            while j < b.len() && b[j].is_ascii_uppercase() {
                j += 1;
            }
            let cols = j - col_start;
            let abs_row = j < b.len() && b[j] == '$';
            let row_start = j + usize::from(abs_row);
            let mut k = row_start;
            while k < b.len() && b[k].is_ascii_digit() {
                k += 1;
            }
            let ends = k == b.len() || !(b[k].is_ascii_alphanumeric() || matches!(b[k], '(' | '_' | '.'));
            if (1..=3).contains(&cols) && k > row_start && ends {
                let row: i64 = b[row_start..k].iter().collect::<String>().parse().unwrap_or(0);
                out.extend(&b[i..row_start]);
                if abs_row {
                    out.extend(&b[row_start..k]);
                } else {
                    out.push_str(&(row + delta).max(1).to_string());
                }
                i = k;
                continue;
            }
            out.extend(&b[i..j.max(i + 1)]);
            i = j.max(i + 1);
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

impl Serialize for Cell {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Empty => s.serialize_none(),
            Cell::Text(t) => s.serialize_str(t),
            Cell::Number(x) => s.serialize_f64(*x),
            Cell::Bool(b) => s.serialize_bool(*b),
            Cell::Date(_) => s.serialize_str(&self.display()),
            Cell::Formula { cached, .. } => cached.serialize(s),
        }
    }
}

/// Days from 0000-03-01 (proleptic Gregorian) to a civil date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The Excel serial of 1899-12-30 as a day count.
fn excel_epoch() -> i64 {
    days_from_civil(1899, 12, 30)
}

/// An ISO date (`2022-03-31`) as an Excel serial day number.
pub fn iso_to_serial(iso: &str) -> Option<f64> {
    let mut it = iso.get(..10)?.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some((days_from_civil(y, m, d) - excel_epoch()) as f64)
}

/// An Excel serial day number as an ISO date (with ` HH:MM` when it has a time).
pub fn serial_to_iso(serial: f64) -> String {
    if !serial.is_finite() || serial.abs() > 3.0e6 {
        return format!("{serial}");
    }
    let days = serial.floor();
    let (y, m, d) = civil_from_days(days as i64 + excel_epoch());
    let mins = ((serial - days) * 1440.0).round() as i64;
    if mins == 0 || mins >= 1440 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02} {:02}:{:02}", mins / 60, mins % 60)
    }
}

/// The last day of a month.
pub fn month_end(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_round_trip() {
        assert_eq!(iso_to_serial("2022-03-31"), Some(44651.0));
        assert_eq!(serial_to_iso(44651.0), "2022-03-31");
        assert_eq!(serial_to_iso(44651.5), "2022-03-31 12:00");
        assert_eq!(iso_to_serial("2022-13-01"), None);
        assert_eq!(month_end(2024, 2), 29);
        assert_eq!(month_end(2023, 2), 28);
        assert_eq!(Cell::Number(3.0).display(), "3");
        assert_eq!(Cell::text(""), Cell::Empty);
    }

    #[test]
    fn as_text_is_display_without_a_copy() {
        let formula = Cell::Formula { text: "M2/F2".into(), cached: Box::new(Cell::text("已完成")), origin: 1 };
        for cell in [
            Cell::Empty,
            Cell::text("推进中"),
            Cell::Number(3.0),
            Cell::Number(2.5),
            Cell::Bool(true),
            Cell::Date(44651.5),
            formula.clone(),
        ] {
            assert_eq!(cell.as_text(), cell.display(), "{cell:?}");
        }
        assert!(matches!(Cell::text("推进中").as_text(), std::borrow::Cow::Borrowed(_)));
        assert!(matches!(formula.as_text(), std::borrow::Cow::Borrowed("已完成")));
    }

    #[test]
    fn formulas_move_with_their_row() {
        for (name, formula, delta, want) in [
            ("same row", "M5/F5", 2, "M7/F7"),
            ("absolute row", "M$5+$F$5+F5", 1, "M$5+$F$5+F6"),
            ("string kept", "IF(N5=\"A1\",1,0)", 3, "IF(N8=\"A1\",1,0)"),
            ("function name kept", "LOG10(F5)+ATAN2(1,2)", -1, "LOG10(F4)+ATAN2(1,2)"),
            ("whole column", "COUNTIF(N:N,\"已完成\")", 5, "COUNTIF(N:N,\"已完成\")"),
            ("other sheet", "'说明 页'!B2+台账!C3", 1, "'说明 页'!B3+台账!C4"),
            ("today", "TODAY()-I5", 10, "TODAY()-I15"),
            ("no move", "A1", 0, "A1"),
        ] {
            assert_eq!(shift_rows(formula, delta), want, "{name}");
        }
    }
}
