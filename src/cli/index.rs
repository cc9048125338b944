//! `taizhang index`: build or update the search index.

use std::io;
use std::path::PathBuf;
use taizhang::index::{BuildOptions, DEFAULT_DIR, Index, index_inputs};

/// Arguments of `index`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders (recursive). Default: corpus/
    pub paths: Vec<PathBuf>,
    /// Index directory (created if new; a directory that is not a taizhang index is refused).
    #[arg(long, default_value = DEFAULT_DIR)]
    pub index: PathBuf,
    /// Drop everything and index again (also repairs an old or corrupted index of ours).
    #[arg(long)]
    pub rebuild: bool,
    /// Worker threads (0 = all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// Run `index`; returns the process exit code (1 when some inputs failed).
pub fn run(args: Args) -> io::Result<i32> {
    let (set, failed_paths, pool) = match super::start(&args.paths, args.threads) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let index = match Index::open_or_create(&args.index, args.rebuild) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("taizhang: {e}");
            return Ok(2);
        }
    };
    let bar = super::progress(set.inputs.len());
    let opts = BuildOptions { rebuild: args.rebuild, scope: super::default_paths(&args.paths) };
    let result = index_inputs(&index, &set.inputs, &opts, &pool, |err| {
        bar.inc(1);
        if let Some(e) = err {
            bar.suspend(|| eprintln!("taizhang: {e}"));
        }
    });
    bar.finish_and_clear();
    match result {
        Ok(summary) => {
            eprintln!("taizhang: {}: {summary}", args.index.display());
            Ok(if summary.failed > 0 || failed_paths > 0 { 1 } else { 0 })
        }
        Err(e) => {
            eprintln!("taizhang: {e}");
            Ok(2)
        }
    }
}
