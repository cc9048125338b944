//! `taizhang ledger [PATHS…] --format xlsx|csv|json|md|ics [-o FILE] [--update OLD.xlsx]`.

use super::paths_or_usage;
use super::report::load_reporting;
use clap::ValueEnum;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use taizhang::Kind;
use taizhang::ledger::{Ledger, ics, text, update, xlsx};

/// Output formats of `ledger`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LedgerFormat {
    /// Excel workbook: frozen, filtered header, wrapped text.
    Xlsx,
    /// CSV with a UTF-8 BOM (opens in Excel).
    Csv,
    /// A JSON array of rows.
    Json,
    /// A Markdown table.
    Md,
    /// iCalendar: one event per deadline and milestone.
    Ics,
}

/// Arguments of `ledger`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders (recursive), or `.jsonl` extract output. Default: corpus/
    pub paths: Vec<PathBuf>,
    /// Output format [default: from the extension of -o, else md].
    #[arg(long, value_enum)]
    pub format: Option<LedgerFormat>,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Carry 完成情况/进度/备注 (and added columns) of an old ledger over by id.
    #[arg(long, value_name = "OLD.xlsx")]
    pub update: Option<PathBuf>,
    /// Add the obligations with neither figure nor deadline (必须…, 严禁…), one row each.
    #[arg(long)]
    pub all_tasks: bool,
    /// Rows of this kind [default: target]; `achievement` gives a record of
    /// what a report says was done.
    #[arg(long, value_enum)]
    pub kind: Option<super::search::KindArg>,
    /// One sheet per responsible unit (台账-单位) instead of one sheet 台账 (xlsx).
    #[arg(long)]
    pub by_actor: bool,
    /// Days before each due date that a calendar reminder goes off (ics).
    #[arg(long, value_name = "DAYS", default_value_t = 7)]
    pub remind_days: u32,
    /// Worker threads (0 = all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// The format: `--format`, else the extension of `-o` (an extension the
/// ledger cannot write is refused rather than given Markdown), else md.
fn format_of(args: &Args) -> Result<LedgerFormat, String> {
    if let Some(f) = args.format {
        return Ok(f);
    }
    let Some(out) = &args.output else {
        return Ok(LedgerFormat::Md);
    };
    let ext = out.extension().map(|e| e.to_string_lossy().to_lowercase());
    match ext.as_deref() {
        Some("xlsx") => Ok(LedgerFormat::Xlsx),
        Some("csv") => Ok(LedgerFormat::Csv),
        Some("json") => Ok(LedgerFormat::Json),
        Some("ics") => Ok(LedgerFormat::Ics),
        Some("md" | "markdown") | None => Ok(LedgerFormat::Md),
        Some(other) => Err(format!(
            "cannot write a ledger as .{other} ({}): use -o with .xlsx, .csv, .json, .md or .ics, or give --format",
            out.display()
        )),
    }
}

/// Run `ledger`; returns the process exit code.
pub fn run(args: Args) -> io::Result<i32> {
    let format = match format_of(&args) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("taizhang: {e}");
            return Ok(2);
        }
    };
    if format == LedgerFormat::Xlsx && args.output.is_none() && io::stdout().is_terminal() {
        eprintln!("taizhang: xlsx is binary: give -o FILE.xlsx (or redirect standard output)");
        return Ok(2);
    }
    let old = match &args.update {
        Some(p) => match update::read_old(p) {
            Ok(o) => Some(o),
            Err(e) => {
                eprintln!("taizhang: {e}");
                return Ok(2);
            }
        },
        None => None,
    };
    let Some(paths) = paths_or_usage(&args.paths, "ledger") else {
        return Ok(2);
    };
    if format == LedgerFormat::Xlsx && old.is_none() && args.output.is_some() {
        return stream_xlsx(&args, &paths);
    }
    let (loaded, failed) = load_reporting(&paths, args.threads, args.all_tasks);
    let Some(loaded) = loaded else {
        eprintln!("taizhang: no document could be read");
        return Ok(2);
    };
    let kind = args.kind.map_or(Kind::Target, Kind::from);
    let targets: Vec<_> = loaded.requirements.into_iter().filter(|r| r.kind == kind).collect();
    let mut ledger = Ledger::build(&targets);
    if let Some(old) = &old {
        let s = update::merge(&mut ledger, old);
        eprintln!("taizhang: {}", s.summary());
    }
    if format == LedgerFormat::Ics {
        for w in ics::warnings(&ledger) {
            eprintln!("taizhang: warning: {w}");
        }
    }
    let options = (xlsx::Options { by_actor: args.by_actor }, ics::Options { remind_days: args.remind_days });
    let bytes = match render(&ledger, format, options) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("taizhang: {e}");
            return Ok(2);
        }
    };
    match &args.output {
        Some(p) => {
            // Whole or not at all: `--update OLD.xlsx -o OLD.xlsx` keeps OLD.xlsx if this fails.
            if let Err(e) = taizhang::atomic::write_bytes(p, &bytes) {
                eprintln!("taizhang: {e}");
                return Ok(2);
            }
        }
        None => {
            let mut out = io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    eprintln!("taizhang: {} ledger rows from {} documents", ledger.rows.len(), loaded.documents.len());
    Ok(if failed > 0 { 1 } else { 0 })
}

fn render(l: &Ledger, format: LedgerFormat, options: (xlsx::Options, ics::Options)) -> taizhang::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let io_err = |e: io::Error| taizhang::Error::Usage(e.to_string());
    match format {
        LedgerFormat::Xlsx => return xlsx::to_bytes(l, options.0),
        LedgerFormat::Csv => text::write_csv(l, &mut buf).map_err(io_err)?,
        LedgerFormat::Json => text::write_json(l, &mut buf).map_err(io_err)?,
        LedgerFormat::Md => text::write_md(l, &mut buf).map_err(io_err)?,
        LedgerFormat::Ics => ics::write_ics(l, &ics::now_stamp(), options.1, &mut buf).map_err(io_err)?,
    }
    Ok(buf)
}

/// `ledger -o FILE.xlsx` without `--update` (with or without `--by-actor`):
/// each document's rows are written as it is read, so memory stays flat
/// however many rows ([`xlsx::XlsxStream`]).
fn stream_xlsx(args: &Args, paths: &[PathBuf]) -> io::Result<i32> {
    let Some(out) = &args.output else {
        return Ok(2);
    };
    let kind = args.kind.map_or(Kind::Target, Kind::from);
    let headers = Ledger::default().headers();
    let mut stream = match xlsx::XlsxStream::new(&headers, &[], xlsx::Options { by_actor: args.by_actor }) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("taizhang: {e}");
            return Ok(2);
        }
    };
    let mut failure = None;
    let (documents, errors, skipped) =
        taizhang::compare::for_each_document(paths, args.threads, args.all_tasks, |reqs| {
            for r in reqs.iter().filter(|r| r.kind == kind) {
                if failure.is_some() {
                    return;
                }
                let row = taizhang::ledger::LedgerRow::from_requirement(r, stream.rows() as usize + 1);
                if let Err(e) = stream.push(&row) {
                    failure = Some(e);
                }
            }
        });
    for e in &errors {
        eprintln!("taizhang: {e}");
    }
    super::report_skipped(&skipped);
    if documents.is_empty() {
        eprintln!("taizhang: no document could be read");
        return Ok(2);
    }
    let rows = stream.rows();
    let written = match failure {
        Some(e) => Err(e),
        None => tempfile::tempfile()
            .map_err(|e| taizhang::Error::Usage(format!("cannot write xlsx: {e}")))
            .and_then(|mut tmp| stream.finish(&mut tmp).map(|()| tmp))
            .and_then(|tmp| xlsx::copy_out(tmp, out)),
    };
    if let Err(e) = written {
        eprintln!("taizhang: {e}");
        return Ok(2);
    }
    eprintln!("taizhang: {rows} ledger rows from {} documents", documents.len());
    Ok(if errors.is_empty() { 0 } else { 1 })
}
