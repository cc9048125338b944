//! `taizhang export [PATHS…] --format opensearch-bulk|quickwit|parquet [-o FILE] [--config FILE]`.

use super::paths_or_usage;
use super::report::load_reporting;
use clap::ValueEnum;
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use taizhang::export::{DEFAULT_INDEX, ExportFormat, write, write_file};
use taizhang::index::Index;

/// Formats of `export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// OpenSearch/Elasticsearch `_bulk` NDJSON (`_id` = the requirement id).
    OpensearchBulk,
    /// Quickwit NDJSON (one record per line).
    Quickwit,
    /// Apache Parquet (binary: give -o FILE or redirect).
    Parquet,
}

impl From<Format> for ExportFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::OpensearchBulk => ExportFormat::OpensearchBulk,
            Format::Quickwit => ExportFormat::Quickwit,
            Format::Parquet => ExportFormat::Parquet,
        }
    }
}

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files or folders (recursive), or `.jsonl` extract output. Default: corpus/
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum)]
    pub format: Format,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the engine's configuration to FILE: the OpenSearch index
    /// template (JSON), the Quickwit index config (YAML) or the Parquet schema.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The `_index` of the `_bulk` actions.
    #[arg(long, default_value = DEFAULT_INDEX)]
    pub index_name: String,
    /// Export the documents an index holds (its manifest), read again from their paths.
    #[arg(long, value_name = "DIR", conflicts_with = "paths")]
    pub from_index: Option<PathBuf>,
    /// Only requirements of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<super::search::KindArg>,
    /// Worker threads (0 = all cores).
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
}

/// Run `export`; returns the process exit code.
pub fn run(args: Args) -> io::Result<i32> {
    let format = ExportFormat::from(args.format);
    if format == ExportFormat::Parquet && args.output.is_none() && io::stdout().is_terminal() {
        eprintln!("taizhang: parquet is binary: give -o FILE.parquet (or redirect standard output)");
        return Ok(2);
    }
    let paths = match &args.from_index {
        Some(dir) => match Index::open(dir).and_then(|i| i.manifest()) {
            Ok(m) => m.docs.keys().map(PathBuf::from).collect(),
            Err(e) => {
                eprintln!("taizhang: {e}");
                return Ok(2);
            }
        },
        None => match paths_or_usage(&args.paths, "export") {
            Some(paths) => paths,
            None => return Ok(2),
        },
    };
    let (loaded, failed) = load_reporting(&paths, args.threads, false);
    let Some(loaded) = loaded else {
        eprintln!("taizhang: no document could be read");
        return Ok(2);
    };
    let wanted = args.kind.map(taizhang::Kind::from);
    let reqs: Vec<_> = loaded.requirements.into_iter().filter(|r| wanted.is_none_or(|k| r.kind == k)).collect();
    if let Some(p) = &args.config
        && let Err(e) = taizhang::atomic::write_bytes(p, format.config().as_bytes())
    {
        eprintln!("taizhang: {e}");
        return Ok(2);
    }
    match &args.output {
        Some(p) => {
            if let Err(e) = write_file(&reqs, format, &args.index_name, p) {
                eprintln!("taizhang: {e}");
                return Ok(2);
            }
        }
        None => write(&reqs, format, &args.index_name, io::stdout())?,
    }
    eprintln!("taizhang: exported {} requirements from {} documents", reqs.len(), loaded.documents.len());
    Ok(if failed > 0 { 1 } else { 0 })
}
