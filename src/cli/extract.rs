//! `taizhang extract`.

use super::{Format, output::ReqWriter};
use std::io::{self, Write};
use std::path::PathBuf;
use taizhang::extract::Options;
use taizhang::pipeline::{process_with, run_ordered};

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
    let (set, mut failed, pool) = match super::start(&args.paths, args.threads) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let stdout = io::stdout();
    let mut w = ReqWriter::new(io::BufWriter::new(stdout.lock()), args.format.unwrap_or(Format::Table));
    let stderr = io::stderr();
    let mut done = 0usize;
    let mut count = 0usize;
    let mut io_err = None;
    let bar = super::progress(set.inputs.len());
    let options = Options { rejections: args.explain };
    let work = |input: &_| process_with(input, options);
    run_ordered(&pool, &set.inputs, pool.current_num_threads() * 4, work, |_, r| {
        bar.inc(1);
        if io_err.is_some() {
            return;
        }
        match r {
            Ok((_, ex)) => {
                done += 1;
                let wanted = args.kind.map(taizhang::Kind::from);
                for req in ex.requirements.iter().filter(|r| wanted.is_none_or(|k| r.kind == k)) {
                    count += 1;
                    if let Err(e) = w.write(req) {
                        io_err = Some(e);
                        return;
                    }
                }
                if args.explain {
                    let mut e = stderr.lock();
                    for rj in &ex.rejections {
                        let _ = writeln!(
                            e,
                            "rejected\t{}\t{}\t[{}, {}]\t{}",
                            rj.rule, rj.doc, rj.span[0], rj.span[1], rj.raw
                        );
                    }
                }
            }
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
    w.finish()?;
    eprintln!("taizhang: {count} requirements from {done} documents ({failed} failed, {} skipped)", set.skipped);
    Ok(if failed > 0 { 1 } else { 0 })
}
