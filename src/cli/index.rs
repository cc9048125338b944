//! `taizhang index`: build or update the search index, or check it.

use std::io;
use std::path::PathBuf;
use taizhang::index::{BuildOptions, DEFAULT_DIR, Index, check_inputs, index_inputs};

/// Arguments of `index`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders (recursive). Default: corpus/
    pub paths: Vec<PathBuf>,
    /// Index directory (created if new; a directory that is not a taizhang index is refused).
    #[arg(long, default_value = DEFAULT_DIR)]
    pub index: PathBuf,
    /// Drop everything and index again (also repairs an old or damaged index of ours).
    #[arg(long)]
    pub rebuild: bool,
    /// Check every file of the index against its checksum and say what is damaged (exit 0 when sound, 1 when damaged); indexes nothing.
    #[arg(long, conflicts_with_all = ["rebuild", "paths"])]
    pub verify: bool,
    /// Worker threads (0 = all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Commit after this many bytes of source text (tests use a small one).
    #[arg(long, hide = true, default_value_t = 0)]
    pub batch_bytes: usize,
}

/// Run `index`; returns the process exit code (1 when some inputs failed,
/// 2 when the run could not start or stopped).
pub fn run(args: Args) -> io::Result<i32> {
    if args.verify {
        return Ok(verify(&args.index));
    }
    // With no path and no corpus/ here, say what to pass (not "corpus: cannot read").
    let Some(paths) = super::paths_or_usage(&args.paths, "index") else {
        return Ok(2);
    };
    let (set, failed_paths, pool) = match super::start(&paths, args.threads) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    // Refused before the index folder is opened, so nothing is created.
    if let Err(e) = check_inputs(&set.inputs) {
        eprintln!("taizhang: {e}");
        return Ok(2);
    }
    let index = match Index::open_or_create(&args.index, args.rebuild) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("taizhang: {e}");
            return Ok(2);
        }
    };
    let bar = super::progress(set.inputs.len());
    let opts =
        BuildOptions { rebuild: args.rebuild, scope: super::default_paths(&args.paths), batch_bytes: args.batch_bytes };
    let result = index_inputs(&index, &set.inputs, &opts, &pool, |err| {
        bar.inc(1);
        if let Some(e) = err {
            bar.suspend(|| eprintln!("taizhang: {e}"));
        }
    });
    bar.finish_and_clear();
    match result {
        Ok(mut summary) => {
            // A path that could not be listed is an input that failed too.
            summary.failed += failed_paths;
            eprintln!("taizhang: {}: {summary}", args.index.display());
            if let Some(note) = &summary.note {
                eprintln!("taizhang: {}: {note}", args.index.display());
            }
            Ok(if summary.failed > 0 { 1 } else { 0 })
        }
        Err(e) => {
            eprintln!("taizhang: {e}");
            Ok(2)
        }
    }
}

/// `index --verify`: 0 sound, 1 damaged, 2 no index to check.
fn verify(dir: &std::path::Path) -> i32 {
    let shown = dir.display();
    let report = taizhang::index::verify::verify_dir(dir);
    match report {
        Ok(r) if r.damage.is_empty() => {
            eprintln!(
                "taizhang: {shown}: sound: {} documents, {} records; {} files of {} segments checked",
                r.documents, r.records, r.files, r.segments
            );
            0
        }
        Ok(r) => {
            for d in &r.damage {
                eprintln!("taizhang: {} {}", dir.join(&d.file).display(), d.problem);
            }
            let files = if r.damage.len() == 1 { "1 file".to_string() } else { format!("{} files", r.damage.len()) };
            eprintln!(
                "taizhang: {shown}: damaged ({files}); run `taizhang index --rebuild --index {shown}` with the paths it indexes to build it anew"
            );
            1
        }
        Err(e) => {
            eprintln!("taizhang: {e}");
            2
        }
    }
}
