//! The ledger as CSV (UTF-8 with a BOM, so Excel opens it), JSON and Markdown.

use super::Ledger;
use std::io::{self, Write};

/// CSV with a UTF-8 byte-order mark and a header row.
///
/// # Errors
/// Whatever writing gives.
pub fn write_csv<W: Write>(l: &Ledger, mut out: W) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new().from_writer(out);
    w.write_record(l.headers())?;
    for r in &l.rows {
        w.write_record(r.cells().iter().map(|c| c.display()))?;
    }
    w.flush()
}

/// A JSON array of row objects (field names in English, see [`super::LedgerRow`]).
///
/// # Errors
/// Whatever writing gives.
pub fn write_json<W: Write>(l: &Ledger, mut out: W) -> io::Result<()> {
    out.write_all(b"[")?;
    for (i, r) in l.rows.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        let mut v = serde_json::to_value(r)?;
        if let Some(o) = v.as_object_mut() {
            let extra: serde_json::Map<String, serde_json::Value> = l
                .extra_headers
                .iter()
                .zip(&r.extra)
                .map(|(h, c)| (h.clone(), serde_json::to_value(c).unwrap_or_default()))
                .collect();
            o.insert("extra".into(), serde_json::Value::Object(extra));
            o.insert("actor_shown".into(), r.actor_shown().into());
        }
        serde_json::to_writer(&mut out, &v)?;
    }
    out.write_all(if l.rows.is_empty() { b"]\n" } else { b"\n]\n" })
}

fn md_cell(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace(['\r', '\n'], " ")
}

/// A Markdown table.
///
/// # Errors
/// Whatever writing gives.
pub fn write_md<W: Write>(l: &Ledger, mut out: W) -> io::Result<()> {
    let h = l.headers();
    writeln!(out, "| {} |", h.iter().map(|s| md_cell(s)).collect::<Vec<_>>().join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(h.len()))?;
    for r in &l.rows {
        let cells: Vec<String> = r.cells().iter().map(|c| md_cell(&c.display())).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}
