//! Helpers shared by `compare`, `track` and `ledger`: loading inputs with
//! errors on stderr, the formats of a report, and small text helpers.

use clap::ValueEnum;
use serde::Serialize;
use std::io::{self, Write};
use std::path::PathBuf;
use taizhang::Requirement;
use taizhang::compare::{Loaded, load};

/// Output formats of `compare` and `track`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned table for people.
    Table,
    /// One JSON array, one object per row.
    Json,
    /// CSV with a header (UTF-8 with BOM, opens in Excel).
    Csv,
    /// A standalone HTML page.
    Html,
}

/// Load `paths`, printing each failed input on stderr. `None` when nothing
/// could be read at all.
pub fn load_reporting(paths: &[PathBuf], threads: usize, tasks: bool) -> (Option<Loaded>, usize) {
    let loaded = load(paths, threads, tasks);
    for e in &loaded.errors {
        eprintln!("taizhang: {e}");
    }
    let failed = loaded.errors.len();
    if loaded.documents.is_empty() {
        return (None, failed);
    }
    (Some(loaded), failed)
}

/// Options shared by `compare` and `track`.
#[derive(Debug, clap::Args)]
pub struct PairOptions {
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: ReportFormat,
    /// Lowest alignment score that pairs two requirements (compare) or lets an
    /// achievement answer a target (track).
    #[arg(long, default_value_t = 0.4)]
    pub threshold: f64,
    /// Worker threads (0 = all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// Check `--threshold` and read the two inputs of `compare` or `track`.
/// `Err(2)` (a run that cannot start) on a bad threshold or an unreadable
/// side; otherwise both sides and how many inputs failed.
pub fn load_pair(
    a: &std::path::Path,
    b: &std::path::Path,
    threshold: f64,
    threads: usize,
    command: &str,
) -> Result<(Loaded, Loaded, usize), i32> {
    if !(0.0..=1.0).contains(&threshold) {
        eprintln!("taizhang: --threshold must be between 0 and 1");
        return Err(2);
    }
    let (a, f1) = load_reporting(&[a.to_path_buf()], threads, false);
    let (b, f2) = load_reporting(&[b.to_path_buf()], threads, false);
    match (a, b) {
        (Some(a), Some(b)) => Ok((a, b, f1 + f2)),
        _ => {
            eprintln!("taizhang: {command} needs two readable inputs");
            Err(2)
        }
    }
}

/// Print warnings on stderr.
pub fn warn(warnings: &[String]) {
    for w in warnings {
        eprintln!("taizhang: warning: {w}");
    }
}

/// Write a JSON array, one element per line.
pub fn json_array<W: Write, T: Serialize>(out: &mut W, rows: &[T]) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, r) in rows.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, r)?;
    }
    out.write_all(if rows.is_empty() { b"]\n" } else { b"\n]\n" })
}

/// A CSV writer that starts with a UTF-8 BOM (so Excel reads it as UTF-8).
pub fn csv_writer<W: Write>(mut out: W) -> io::Result<csv::Writer<W>> {
    out.write_all("\u{feff}".as_bytes())?;
    Ok(csv::WriterBuilder::new().from_writer(out))
}

/// A number without a needless `.0`.
pub fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:.2}").trim_end_matches('0').to_string()
    }
}

/// Escape text for HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(c),
        }
    }
    o
}

/// Open an HTML page with a title and the shared style.
pub fn html_head<W: Write>(out: &mut W, title: &str) -> io::Result<()> {
    write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head><meta charset=\"utf-8\"><title>{}</title>\n<style>\
         body{{font-family:sans-serif}}table{{border-collapse:collapse}}\
         td,th{{border:1px solid #ccc;padding:4px;vertical-align:top}}\
         del{{background:#fdd}}ins{{background:#dfd;text-decoration:none}}\
         .tightened,.exceeded,.met{{background:#f3fff3}}.loosened,.unmet{{background:#fff3f3}}\
         .added{{background:#f3f8ff}}.dropped,.not_reported{{background:#f7f7f7}}\
         </style></head>\n<body>\n<h1>{}</h1>\n",
        esc(title),
        esc(title)
    )
}

/// Close an HTML page.
pub fn html_tail<W: Write>(out: &mut W) -> io::Result<()> {
    out.write_all(b"</body>\n</html>\n")
}

/// The figure of a requirement in one line: quantity, period, deadline.
pub fn figure(r: &Requirement) -> String {
    let mut parts = Vec::new();
    if let Some(p) = &r.period {
        parts.push(p.raw.clone());
    }
    if let Some(q) = &r.quantity {
        parts.push(q.raw.clone());
    }
    if let Some(d) = &r.deadline {
        parts.push(d.raw.clone());
    }
    parts.join(" ")
}

/// The file name of a document path.
pub fn base(doc: &str) -> String {
    std::path::Path::new(doc).file_name().map_or(doc.to_string(), |f| f.to_string_lossy().into_owned())
}

/// Shorten to `n` characters with an ellipsis.
pub fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut o: String = s.chars().take(n.saturating_sub(1)).collect();
        o.push('…');
        o
    }
}
