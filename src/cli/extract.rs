//! `taizhang extract`.

use super::Format;
use super::output::{Rendered, ReqWriter, explain_lines, render_owned};
use std::io::{self, Write};
use std::path::PathBuf;
use taizhang::extract::Options;
use taizhang::parts::PART_ABOVE;
use taizhang::pipeline::{Analysed, process_or_parts, run_ordered};

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
    // Parts written of large inputs (some of which may have failed later).
    let mut partial = 0usize;
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
    let work = |input: &_| -> taizhang::Result<io::Result<Work>> {
        Ok(match process_or_parts(input, options, PART_ABOVE)? {
            Analysed::Whole(_, ex) => done_of(ex).map(Work::Done),
            // A large input is read in parts on the thread that writes, each
            // part's requirements written before the next part is read.
            Analysed::Parts(parts) => Ok(Work::Parts(Box::new(parts))),
        })
    };
    let mut write = |d: Done| -> io::Result<()> {
        count += d.count;
        w.write_rendered(d.out)?;
        if !d.explain.is_empty() {
            let _ = io::stderr().lock().write_all(d.explain.as_bytes());
        }
        Ok(())
    };
    run_ordered(&pool, &set.inputs, pool.current_num_threads() * 4, work, |_, r| {
        bar.inc(1);
        if io_err.is_some() {
            return;
        }
        match r {
            Ok(Ok(Work::Done(d))) => {
                done += 1;
                if let Err(e) = write(d) {
                    io_err = Some(e);
                }
            }
            Ok(Ok(Work::Parts(parts))) => {
                for part in *parts {
                    match part.map(|(_, ex)| done_of(ex)) {
                        Ok(Ok(d)) => {
                            if let Err(e) = write(d) {
                                io_err = Some(e);
                                return;
                            }
                            partial += 1;
                        }
                        Ok(Err(e)) => {
                            io_err = Some(e);
                            return;
                        }
                        Err(e) => {
                            // What the parts before gave is written (and
                            // the output is finished: `partial`).
                            failed += 1;
                            bar.suspend(|| eprintln!("taizhang: {e}"));
                            return;
                        }
                    }
                }
                done += 1;
            }
            Ok(Err(e)) => io_err = Some(e),
            Err(e) => {
                failed += 1;
                bar.suspend(|| eprintln!("taizhang: {e}"));
            }
        }
    });
    bar.finish_and_clear();
    if let Some(e) = io_err {
        return Err(e);
    }
    if done == 0 && partial == 0 {
        // Nothing could be read: each input was named with what went wrong.
        return Ok(2);
    }
    w.finish()?;
    eprintln!("taizhang: {count} requirements from {done} documents ({failed} failed, {} skipped)", set.skipped.len());
    Ok(if failed > 0 { 1 } else { 0 })
}

/// What a worker thread hands on for one input.
enum Work {
    /// Its output, made.
    Done(Done),
    /// A large input, to be read in parts as it is written.
    Parts(Box<taizhang::parts::Parts>),
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
