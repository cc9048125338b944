//! `taizhang extract`.

use super::Format;
use super::output::{Rendered, ReqWriter, explain_lines, render_owned};
use std::io::{self, Write};
use std::path::PathBuf;
use taizhang::extract::Options;
use taizhang::parts::PART_ABOVE;
use taizhang::pipeline::{Analysed, process_or_parts, run_ordered_pieces};

/// Arguments of `extract`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders (recursive); `-` reads standard input. Default: corpus/
    pub paths: Vec<PathBuf>,
    /// Output format [default: table; jsonl with --stdin-jsonl or --stdin-paths].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Worker threads (0 = all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Also list every rejected candidate with the rule that rejected it (on stderr).
    #[arg(long)]
    pub explain: bool,
    /// Only requirements of this kind (targets of a plan or plan part, achievements of a review).
    #[arg(long, value_enum)]
    pub kind: Option<super::search::KindArg>,
    /// Read `{"id": …, "text": …}` records from standard input, one JSON
    /// object per line; each requirement's `doc` is its record's id.
    #[arg(long, conflicts_with_all = ["paths", "stdin_paths"])]
    pub stdin_jsonl: bool,
    /// Read paths from standard input, one per line (folders expanded).
    #[arg(long, conflicts_with = "paths")]
    pub stdin_paths: bool,
}

/// Run `extract`; returns the process exit code.
pub fn run(args: Args) -> io::Result<i32> {
    let stream = match (args.stdin_jsonl, args.stdin_paths) {
        (true, _) => Some(super::stream::Stream::Jsonl),
        (_, true) => Some(super::stream::Stream::Paths),
        _ => None,
    };
    if let Some(stream) = stream {
        let pool = match taizhang::pipeline::pool(args.threads) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("taizhang: {e}");
                return Ok(2);
            }
        };
        let settings = super::stream::Settings {
            stream,
            format: args.format.unwrap_or(Format::Jsonl),
            kind: args.kind.map(taizhang::Kind::from),
            explain: args.explain,
        };
        return super::stream::run(settings, &pool);
    }
    let Some(paths) = super::paths_or_usage(&args.paths, "extract") else {
        return Ok(2);
    };
    let (set, mut failed, pool) = match super::start(&paths, args.threads) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    if set.inputs.is_empty() {
        // Each path that failed was named; a folder with nothing to read says so.
        if failed == 0 {
            eprintln!(
                "taizhang: nothing to read in {}: taizhang reads {} files",
                paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
                taizhang::source::READ_EXTENSIONS
            );
        }
        return Ok(2);
    }
    let format = args.format.unwrap_or(Format::Table);
    let stdout = io::stdout();
    let mut w = ReqWriter::new(io::BufWriter::new(stdout.lock()), format);
    let mut done = 0usize;
    let mut count = 0usize;
    // Outputs written (of whole documents, or of parts of a large input that
    // may have failed later).
    let mut written = 0usize;
    let mut io_err = None;
    let bar = super::progress(set.inputs.len());
    let options = Options { rejections: args.explain };
    let wanted = args.kind.map(taizhang::Kind::from);
    // Each worker thread extracts a document and encodes its output; this
    // thread only writes the bytes, in input order, while the workers go on.
    let done_of = |ex: taizhang::extract::Extraction| -> io::Result<Done> {
        let explain = explain_lines(&ex.rejections);
        let reqs: Vec<_> = ex.requirements.into_iter().filter(|r| wanted.is_none_or(|k| r.kind == k)).collect();
        let count = reqs.len();
        // (A document with many requirements has them encoded as they are written.)
        render_owned(format, reqs).map(|out| Done { out, count, explain })
    };
    // Set when writing failed (a closed pipe: `extract big/ | head -1`):
    // nothing more is read.
    let stopped = std::sync::atomic::AtomicBool::new(false);
    let stopped = &stopped;
    let is_stopped = || stopped.load(std::sync::atomic::Ordering::Relaxed);
    // A large input is read in parts on its worker, each part's output
    // handed on as it is made (several large inputs at once, on all the
    // threads); see run_ordered_pieces.
    let work = |input: &_, emit: &mut dyn FnMut(Step)| {
        if is_stopped() {
            return;
        }
        match process_or_parts(input, options, PART_ABOVE) {
            Ok(Analysed::Whole(_, ex)) => {
                emit(Step::Output(done_of(ex)));
                emit(Step::End);
            }
            Ok(Analysed::Parts(parts)) => {
                for part in parts {
                    if is_stopped() {
                        return;
                    }
                    match part {
                        Ok((_, ex)) => emit(Step::Output(done_of(ex))),
                        Err(e) => return emit(Step::Failed(e)),
                    }
                }
                emit(Step::End);
            }
            Err(e) => emit(Step::Failed(e)),
        }
    };
    run_ordered_pieces(&pool, &set.inputs, pool.current_num_threads() * 4, work, |_, step| {
        if io_err.is_some() {
            return;
        }
        match step {
            Step::Output(Ok(d)) => {
                count += d.count;
                written += 1;
                if let Err(e) = w.write_rendered(d.out) {
                    io_err = Some(e);
                    stopped.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                if !d.explain.is_empty() {
                    let _ = io::stderr().lock().write_all(d.explain.as_bytes());
                }
            }
            Step::Output(Err(e)) => {
                io_err = Some(e);
                stopped.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            Step::End => {
                bar.inc(1);
                done += 1;
            }
            Step::Failed(e) => {
                // (A large input's parts before the one that failed are written.)
                bar.inc(1);
                failed += 1;
                bar.suspend(|| eprintln!("taizhang: {e}"));
            }
        }
    });
    bar.finish_and_clear();
    if let Some(e) = io_err {
        return Err(e);
    }
    if done == 0 && written == 0 {
        // Nothing could be read: each input was named with what went wrong.
        return Ok(2);
    }
    w.finish()?;
    eprintln!("taizhang: {count} requirements from {done} documents ({failed} failed, {} skipped)", set.skipped.len());
    Ok(if failed > 0 { 1 } else { 0 })
}

/// What a worker thread hands on for one input, in order: the output of
/// the document (or of each of its parts), then its end, or its failure.
enum Step {
    /// Output made.
    Output(io::Result<Done>),
    /// The input is done.
    End,
    /// The input failed (after the output of any parts before).
    Failed(taizhang::Error),
}

/// One document's output, made on a worker thread.
struct Done {
    /// Its requirements, encoded.
    out: Rendered,
    /// How many.
    count: usize,
    /// Its `--explain` lines.
    explain: String,
}
