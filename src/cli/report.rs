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
    super::report_skipped(&loaded.skipped);
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
         mark{{background:#ffe680}}.sentence{{font-size:90%;color:#333;max-width:30em}}\
         .summary span{{margin-right:1em;padding:2px 4px}}\
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

/// The width a table for people may take: the terminal's when stdout is
/// one, else `COLUMNS`, else 120; never below 80.
pub fn table_width() -> u16 {
    let probe = comfy_table::Table::new();
    let tty = if std::io::IsTerminal::is_terminal(&std::io::stdout()) { probe.width() } else { None };
    let env = || std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<u16>().ok()).filter(|&c| c > 0);
    tty.or_else(env).unwrap_or(120).max(80)
}

/// Display width of the widest space-separated word of `s` that `keep`
/// accepts (figures: a word shorter than its column is never split).
pub fn widest_word(s: &str, keep: fn(&str) -> bool) -> usize {
    s.split([' ', '\n']).filter(|w| keep(w)).map(unicode_width::UnicodeWidthStr::width).max().unwrap_or(0)
}

/// Any word.
pub fn any_word(_: &str) -> bool {
    true
}

/// A short word with a digit in it (a figure inside a note; a long run of
/// text without spaces that happens to hold a digit may wrap).
pub fn digit_word(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit()) && unicode_width::UnicodeWidthStr::width(w) <= 20
}

/// Below this width, the last column (why, note) of a `compare` or
/// `track` table goes under the text of its row, so the text keeps room.
pub const FOLD_BELOW: u16 = 120;

/// Put the last cell of each row under cell `into` (when the table is
/// narrower than [`FOLD_BELOW`]); returns whether it did.
pub fn fold_last(rows: &mut [Vec<String>], into: usize) -> bool {
    if table_width() >= FOLD_BELOW {
        return false;
    }
    for row in rows.iter_mut() {
        if let Some(last) = row.pop().filter(|l| !l.is_empty())
            && let Some(cell) = row.get_mut(into)
        {
            cell.push_str(if cell.is_empty() { "" } else { "\n" });
            cell.push_str("· ");
            cell.push_str(&last);
        }
    }
    true
}

/// The table of `compare` or `track`: five columns (a status or change,
/// the actor and text, two figure columns, why/note), the last folded under
/// the text when the terminal is narrow ([`fold_last`]).
pub fn pair_table(header: &[&str; 5], mut rows: Vec<Vec<String>>) -> comfy_table::Table {
    let mut header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    if fold_last(&mut rows, 1)
        && let Some(last) = header.pop()
    {
        header[1] = format!("{} · {last}", header[1]);
    }
    people_table(&header, rows, &[any_word, digit_word, any_word, any_word, digit_word], &[0, 0, 14, 14, 40])
}

/// A table for a terminal: fits [`table_width`], wraps the long text
/// columns, and never makes column `i` narrower than `floors[i]` (the
/// widest figure in it), so a figure is never broken across lines, nor
/// wider than `caps[i]` when that is more than the floor (0: no cap), so
/// the room left goes to the text columns.
pub fn people_table(
    header: &[String],
    rows: Vec<Vec<String>>,
    keep: &[fn(&str) -> bool],
    caps: &[usize],
) -> comfy_table::Table {
    use comfy_table::{ColumnConstraint, Width};
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    t.set_width(table_width());
    t.set_header(header.iter().map(String::as_str));
    let mut floors = vec![0usize; header.len()];
    for row in &rows {
        for (i, cell) in row.iter().enumerate() {
            if let (Some(f), Some(k)) = (floors.get_mut(i), keep.get(i)) {
                *f = (*f).max(widest_word(cell, *k));
            }
        }
    }
    for (i, h) in header.iter().enumerate() {
        if let Some(f) = floors.get_mut(i) {
            *f = (*f).max(widest_word(h, any_word));
        }
    }
    for row in rows {
        t.add_row(row);
    }
    // A fixed width counts the padding of the column (one space a side).
    let w = |n: usize| Width::Fixed(u16::try_from(n + 2).unwrap_or(u16::MAX));
    let constraints: Vec<ColumnConstraint> = floors
        .iter()
        .enumerate()
        .map(|(i, &f)| match caps.get(i).copied().unwrap_or(0) {
            0 => ColumnConstraint::LowerBoundary(w(f)),
            cap => ColumnConstraint::Boundaries { lower: w(f), upper: w(cap.max(f)) },
        })
        .collect();
    t.set_constraints(constraints);
    t
}

/// Counts per status at the top of an html report, and the controls that
/// filter the rows by status (hidden until the page's script shows them;
/// without script every row is shown).
pub fn html_summary<W: Write>(out: &mut W, label: &str, counts: &[(&str, usize)]) -> io::Result<()> {
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    write!(out, "<p class=\"summary\">{total} rows:")?;
    for (name, n) in counts {
        write!(out, " <span class=\"{0}\"><b>{n}</b> {0}</span>", esc(name))?;
    }
    writeln!(out, "</p>")?;
    write!(out, "<form id=\"filter\" hidden><b>show {}:</b>", esc(label))?;
    for (name, n) in counts {
        write!(out, " <label><input type=\"checkbox\" value=\"{0}\" checked> {0} ({n})</label>", esc(name))?;
    }
    writeln!(out, " <small>(click a column head to sort)</small></form>")
}

/// The script that filters rows by status and sorts by a column (the page
/// reads the same without it).
pub fn html_script<W: Write>(out: &mut W) -> io::Result<()> {
    out.write_all(
        b"<script>\n(function(){\n\
var f=document.getElementById('filter'),t=document.getElementById('rows');\n\
if(!f||!t||!t.tBodies.length)return;\nf.hidden=false;\n\
f.addEventListener('change',function(){var on={};\n\
f.querySelectorAll('input').forEach(function(i){on[i.value]=i.checked;});\n\
Array.prototype.forEach.call(t.tBodies[0].rows,function(r){r.hidden=!on[r.getAttribute('data-status')];});});\n\
Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){th.style.cursor='pointer';th.title='sort';\n\
th.addEventListener('click',function(){var b=t.tBodies[0],rs=Array.prototype.slice.call(b.rows);\n\
var d=th.getAttribute('data-dir')==='asc'?-1:1;th.setAttribute('data-dir',d>0?'asc':'desc');\n\
rs.sort(function(x,y){return d*x.cells[i].textContent.localeCompare(y.cells[i].textContent,'zh',{numeric:true});});\n\
rs.forEach(function(r){b.appendChild(r);});});});\n})();\n</script>\n",
    )
}

/// A sentence escaped for HTML with its figures (byte ranges of the
/// sentence, from [`figure_spans`]) in `<mark>`.
pub fn html_sentence(sentence: &str, mut spans: Vec<(usize, usize)>) -> String {
    spans.sort_unstable();
    let mut o = String::with_capacity(sentence.len() + 16 * spans.len());
    let mut pos = 0;
    for (a, b) in spans {
        let (Some(before), Some(fig)) = (sentence.get(pos..a), sentence.get(a..b)) else {
            continue;
        };
        o.push_str(&esc(before));
        o.push_str("<mark>");
        o.push_str(&esc(fig));
        o.push_str("</mark>");
        pos = b;
    }
    o.push_str(&esc(sentence.get(pos..).unwrap_or("")));
    o
}

/// Where the figures of a requirement are in its sentence: the quantity
/// and deadline by their offsets in the source (when they fall inside the
/// sentence and read as written), else and for the period the first place
/// the text is written.
pub fn figure_spans(r: &Requirement) -> Vec<(usize, usize)> {
    let s: &str = &r.sentence;
    let at = |raw: &str, span: Option<[usize; 2]>| -> Option<(usize, usize)> {
        if raw.is_empty() {
            return None;
        }
        let by_span = span.and_then(|[a, b]| {
            let (a, b) = (a.checked_sub(r.sentence_span[0])?, b.checked_sub(r.sentence_span[0])?);
            (s.get(a..b) == Some(raw)).then_some((a, b))
        });
        by_span.or_else(|| s.find(raw).map(|a| (a, a + raw.len())))
    };
    let mut v = Vec::new();
    v.extend(r.period.as_ref().and_then(|p| at(&p.raw, None)));
    v.extend(r.quantity.as_ref().and_then(|q| at(&q.raw, Some(q.span))));
    v.extend(r.deadline.as_ref().and_then(|d| at(&d.raw, Some(d.span))));
    v
}

/// A figure as one unbreakable word for a table: the line breaks and
/// zero-width characters a source may carry inside it (`74.4\n\u{200b}万亿元`)
/// taken out, and a space kept as a no-break space.
pub fn tidy_figure(raw: &str) -> String {
    raw.chars()
        .filter(|c| !matches!(c, '\n' | '\r' | '\t' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'))
        .map(|c| if c == ' ' || c == '\u{3000}' { '\u{a0}' } else { c })
        .collect()
}

/// [`figure`] for a table: each part a [`tidy_figure`].
pub fn figure_line(r: &Requirement) -> String {
    let parts =
        [r.period.as_ref().map(|p| &p.raw), r.quantity.as_ref().map(|q| &q.raw), r.deadline.as_ref().map(|d| &d.raw)];
    parts.into_iter().flatten().map(|p| tidy_figure(p)).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}
