//! `taizhang extract --stdin-jsonl` and `--stdin-paths`: records from
//! standard input, read a window at a time (memory bounded by the window,
//! not the stream), extracted in parallel, printed in input order. A record
//! that fails is named on stderr and the run goes on; the exit code is 1 if
//! any failed.

use super::Format;
use super::output::{Rendered, ReqWriter, explain_lines, render};
use std::io::{self, BufRead, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use taizhang::extract::Options;
use taizhang::parts::PART_ABOVE;
use taizhang::pipeline::{Analysed, process_or_parts, process_text, run_ordered_pieces};
use taizhang::source::{Input, collect_inputs};

/// What standard input holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// `{"id": …, "text": …}` per line.
    Jsonl,
    /// A path per line.
    Paths,
}

/// One unit of work read from standard input.
enum Item {
    /// A text record: its id (the `doc` of its requirements) and text.
    Text { id: String, text: String },
    /// A file found through a path line.
    File(Input),
    /// A line that could not be turned into work: the message.
    Bad(String),
}

/// The settings of a streaming run.
pub struct Settings {
    /// What standard input holds.
    pub stream: Stream,
    /// Output format.
    pub format: Format,
    /// Only this kind.
    pub kind: Option<taizhang::Kind>,
    /// Print rejections on stderr.
    pub explain: bool,
}

/// The id of a record: a string as is, a number as written.
fn record_id(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Turn line `n` (1-based) of a `--stdin-jsonl` stream into an item.
fn parse_record(n: usize, line: &str) -> Item {
    let v: serde_json::Value = match serde_json::from_str(line) {
        Ok(v) => v,
        Err(e) => return Item::Bad(format!("standard input line {n}: not a JSON record: {e}")),
    };
    let Some(id) = v.get("id").and_then(record_id) else {
        return Item::Bad(format!("standard input line {n}: no \"id\" (a non-empty string or a number)"));
    };
    match v.get("text").and_then(|t| t.as_str()) {
        Some(t) => Item::Text { id, text: t.to_string() },
        None => Item::Bad(format!("{id} (standard input line {n}): no \"text\" string")),
    }
}

/// Read up to `max` non-empty lines into items; `Ok(false)` at the end of input.
fn read_window(
    input: &mut impl BufRead,
    stream: Stream,
    line_no: &mut usize,
    max: usize,
    items: &mut Vec<Item>,
) -> io::Result<bool> {
    let mut buf = Vec::new();
    while items.len() < max {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            return Ok(false);
        }
        *line_no += 1;
        let n = *line_no;
        let line = match std::str::from_utf8(&buf) {
            Ok(l) => l.trim_end_matches(['\n', '\r']),
            Err(e) => {
                items.push(Item::Bad(format!("standard input line {n}: not UTF-8 (byte {})", e.valid_up_to())));
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match stream {
            Stream::Jsonl => items.push(parse_record(n, line)),
            Stream::Paths => {
                let (set, errors) = collect_inputs(&[PathBuf::from(line)]);
                super::report_skipped(&set.skipped);
                items.extend(errors.into_iter().map(|e| Item::Bad(e.to_string())));
                items.extend(set.inputs.into_iter().filter(|i| *i != Input::Stdin).map(Item::File));
            }
        }
    }
    Ok(true)
}

/// Run a streaming extraction; returns the process exit code.
pub fn run(settings: Settings, pool: &rayon::ThreadPool) -> io::Result<i32> {
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let stdout = io::stdout();
    let mut w = ReqWriter::new(io::BufWriter::new(stdout.lock()), settings.format);
    let options = Options { rejections: settings.explain };
    let window = pool.current_num_threads() * 4;
    let (mut line_no, mut done, mut failed, mut count) = (0usize, 0usize, 0usize, 0usize);
    // Each worker extracts and encodes; this thread writes the bytes in order.
    let rendered = |ex: &taizhang::extract::Extraction| -> io::Result<(Rendered, usize, String)> {
        let reqs: Vec<_> = ex.requirements.iter().filter(|r| settings.kind.is_none_or(|k| r.kind == k)).collect();
        let n = reqs.len();
        let explain = if settings.explain { explain_lines(&ex.rejections) } else { String::new() };
        render(settings.format, reqs).map(|out| (out, n, explain))
    };
    // A write that failed stops the run (no record is read after it, and a
    // large file stops between parts).
    let stop = AtomicBool::new(false);
    let work = |item: &Item, emit: &mut dyn FnMut(Worked)| {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let ex = match item {
            Item::Text { id, text } => process_text(id, text, None, options).map(|(_, ex)| ex),
            Item::File(input) => match process_or_parts(input, options, PART_ABOVE) {
                Ok(Analysed::Whole(_, ex)) => Ok(ex),
                // A large file is read in parts on this thread, each part's
                // output handed on as it is made.
                Ok(Analysed::Parts(parts)) => {
                    for part in parts {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        match part.map(|(_, ex)| rendered(&ex)) {
                            Ok(r) => emit(Worked::Part(r)),
                            Err(e) => return emit(Worked::Failed(e.to_string())),
                        }
                    }
                    return emit(Worked::Whole);
                }
                Err(e) => Err(e),
            },
            Item::Bad(m) => return emit(Worked::Failed(m.clone())),
        };
        match ex {
            Ok(ex) => {
                emit(Worked::Part(rendered(&ex)));
                emit(Worked::Whole);
            }
            Err(e) => emit(Worked::Failed(e.to_string())),
        }
    };
    let mut failure: Option<io::Error> = None;
    loop {
        let mut items = Vec::with_capacity(window);
        let more = read_window(&mut input, settings.stream, &mut line_no, window, &mut items)?;
        run_ordered_pieces(pool, &items, window, work, |_, worked| {
            if failure.is_some() {
                return;
            }
            let mut write = |r: io::Result<(Rendered, usize, String)>| -> io::Result<()> {
                let (out, n, explain) = r?;
                count += n;
                w.write_rendered(out)?;
                if !explain.is_empty() {
                    let _ = io::stderr().lock().write_all(explain.as_bytes());
                }
                Ok(())
            };
            let written = match worked {
                Worked::Part(r) => write(r),
                Worked::Whole => {
                    done += 1;
                    Ok(())
                }
                Worked::Failed(m) => {
                    // (What the parts of a large file before it gave is written.)
                    failed += 1;
                    eprintln!("taizhang: {m}");
                    Ok(())
                }
            };
            if let Err(e) = written {
                stop.store(true, Ordering::Relaxed);
                failure = Some(e);
            }
        });
        if let Some(e) = failure {
            return Err(e);
        }
        w.flush()?;
        if !more {
            break;
        }
    }
    w.finish()?;
    eprintln!("taizhang: {count} requirements from {done} records ({failed} failed)");
    Ok(if failed > 0 { 1 } else { 0 })
}

/// What a worker hands on for one record: its output encoded, with its
/// count and `--explain` lines (a large file's a part at a time), then
/// `Whole`; or its failure.
enum Worked {
    Part(io::Result<(Rendered, usize, String)>),
    Whole,
    Failed(String),
}
