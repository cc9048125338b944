//! Command-line types (clap) and one runner per subcommand.

pub mod alloc;
pub mod compare;
pub mod export;
pub mod extract;
pub mod hits;
pub mod index;
pub mod ledger;
pub mod output;
pub mod report;
pub mod search;
pub mod serve;
pub mod stream;
pub mod text;
pub mod track;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// taizhang (台账): the quantified obligations of Chinese policy documents.
#[derive(Debug, Parser)]
#[command(name = "taizhang", version, propagate_version = true, about, long_about = None)]
pub struct Cli {
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// The command line as clap sees it: every subcommand answers `--version`
/// (`-V`) as `taizhang 0.1.0`, as the top level does.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command().mut_subcommands(|c| c.display_name("taizhang"))
}

/// Parse the process's arguments (exits with clap's message and code 2 on a
/// usage error, 0 after `--help` or `--version`).
pub fn parse() -> Cli {
    use clap::FromArgMatches;
    Cli::from_arg_matches(&command().get_matches()).unwrap_or_else(|e| e.exit())
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned table for people.
    Table,
    /// One JSON array.
    Json,
    /// One JSON object per line (the spec's contract).
    Jsonl,
    /// CSV with a header (UTF-8 with BOM, opens in Excel).
    Csv,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract requirements (targets and achievements) from documents.
    Extract(extract::Args),
    /// Print the source text of a file (what spans point into).
    Text(text::Args),
    /// Show how a document was read: metadata, sections, sentences, tokens.
    Inspect(text::InspectArgs),
    /// Build or update the search index (incremental by content hash).
    Index(index::Args),
    /// Search the index: words, phrases, filters; ranked hits with highlights.
    Search(search::Args),
    /// Compare the requirements of an old and a new document: added, dropped, tightened, loosened…
    Compare(compare::Args),
    /// Track a plan's targets against a report's achievements: met, exceeded, unmet…
    Track(track::Args),
    /// Build the 台账 (tracking ledger): one row per requirement, xlsx/csv/json/md/ics.
    Ledger(ledger::Args),
    /// Export requirements for search engines and tables: OpenSearch `_bulk`, Quickwit, Parquet.
    Export(export::Args),
    /// Serve a local web app over the index: search, documents, indicators, compare, track.
    Serve(serve::Args),
}

/// The start of a run over inputs: expand the paths (each bad one is
/// reported on stderr) and build the thread pool. `Err(2)` when the run
/// cannot start. Returns the inputs, how many paths failed, and the pool.
pub fn start(paths: &[PathBuf], threads: usize) -> Result<(taizhang::source::InputSet, usize, rayon::ThreadPool), i32> {
    let (set, errors) = taizhang::source::collect_inputs(&default_paths(paths));
    for e in &errors {
        eprintln!("taizhang: {e}");
    }
    report_skipped(&set.skipped);
    match taizhang::pipeline::pool(threads) {
        Ok(p) => Ok((set, errors.len(), p)),
        Err(e) => {
            eprintln!("taizhang: {e}");
            Err(2)
        }
    }
}

/// How many skipped files are named on stderr; the rest are counted.
const SKIPPED_NAMED: usize = 10;

/// Name the files a folder walk passed over, each with why (the first
/// [`SKIPPED_NAMED`], then how many more).
pub fn report_skipped(skipped: &[taizhang::source::Skipped]) {
    for s in skipped.iter().take(SKIPPED_NAMED) {
        eprintln!("taizhang: {s}");
    }
    if skipped.len() > SKIPPED_NAMED {
        eprintln!("taizhang: … and {} more files skipped", skipped.len() - SKIPPED_NAMED);
    }
}

/// Default input when none is given.
pub fn default_paths(paths: &[PathBuf]) -> Vec<PathBuf> {
    if paths.is_empty() { vec![PathBuf::from(DEFAULT_INPUT)] } else { paths.to_vec() }
}

/// The folder read when no path is given (the bundled corpus of a checkout).
const DEFAULT_INPUT: &str = "corpus";

/// The paths to read for `command`: those given, else `corpus/` when the
/// current folder has one. Without either, says what to pass (a usage line
/// on stderr) and returns `None`: the caller exits with 2.
pub fn paths_or_usage(paths: &[PathBuf], command: &str) -> Option<Vec<PathBuf>> {
    if !paths.is_empty() || std::path::Path::new(DEFAULT_INPUT).is_dir() {
        return Some(default_paths(paths));
    }
    let mut cli = self::command();
    cli.build();
    let usage = cli.find_subcommand_mut(command).map(|c| c.render_usage().to_string()).unwrap_or_default();
    eprintln!(
        "taizhang: nothing to read: give the files or folders to read ({}), or - for standard input; \
         with no path, taizhang reads {DEFAULT_INPUT}/ and there is none here\n{usage}\n\
         For more information, try 'taizhang {command} --help'.",
        taizhang::source::READ_EXTENSIONS
    );
    None
}

/// A progress bar on stderr when it is a terminal and the run is long; hidden otherwise.
pub fn progress(len: usize) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if len < 20 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed}") {
        bar.set_style(style);
    }
    bar
}
