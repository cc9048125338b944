//! Exports of requirements that search engines and table tools load:
//! OpenSearch/Elasticsearch `_bulk` NDJSON with an index template, Quickwit
//! NDJSON with an index config, and Parquet. All three carry the flat
//! [`Record`]; its schema is written down in `docs/export/README.md`, and
//! the template and config are the files in `docs/export/`, embedded here.

mod parquet_file;
mod record;

pub use parquet_file::{PARQUET_SCHEMA, write_parquet};
pub use record::{FIELDS, Record};

use crate::model::Requirement;
use std::io::{self, Write};

/// The OpenSearch (and Elasticsearch 7+) composable index template for
/// indices `taizhang*`: keyword kind/unit/comparator/doc_type, a double
/// value, a date deadline, Chinese text analysed with `ik_max_word` at
/// index time and `ik_smart` at query time (the IK analysis plugin).
pub const OPENSEARCH_TEMPLATE: &str = include_str!("../../docs/export/opensearch-index-template.json");

/// The Quickwit index config (YAML) for the NDJSON of [`write_quickwit`].
pub const QUICKWIT_CONFIG: &str = include_str!("../../docs/export/quickwit-index-config.yaml");

/// The default index name of a `_bulk` export.
pub const DEFAULT_INDEX: &str = "taizhang";

/// Write `_bulk` NDJSON: per requirement an action line
/// `{"index":{"_index":INDEX,"_id":ID}}` then the [`Record`]. `_id` is the
/// requirement's stable id, so loading a re-export replaces documents
/// instead of adding copies.
///
/// # Errors
/// Whatever writing gives.
pub fn write_opensearch_bulk<W: Write>(reqs: &[Requirement], index: &str, mut out: W) -> io::Result<()> {
    for r in reqs {
        let action = serde_json::json!({"index": {"_index": index, "_id": r.id}});
        serde_json::to_writer(&mut out, &action)?;
        out.write_all(b"\n")?;
        serde_json::to_writer(&mut out, &Record::of(r))?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// Write Quickwit NDJSON: one [`Record`] per line (`quickwit index
/// --index taizhang --input-path FILE`, or the ingest API).
///
/// # Errors
/// Whatever writing gives.
pub fn write_quickwit<W: Write>(reqs: &[Requirement], mut out: W) -> io::Result<()> {
    for r in reqs {
        serde_json::to_writer(&mut out, &Record::of(r))?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// OpenSearch/Elasticsearch `_bulk` NDJSON.
    OpensearchBulk,
    /// Quickwit NDJSON.
    Quickwit,
    /// Apache Parquet.
    Parquet,
}

impl ExportFormat {
    /// The engine's index configuration that goes with the format: the
    /// OpenSearch index template, the Quickwit index config, the Parquet
    /// message schema.
    pub fn config(self) -> &'static str {
        match self {
            ExportFormat::OpensearchBulk => OPENSEARCH_TEMPLATE,
            ExportFormat::Quickwit => QUICKWIT_CONFIG,
            ExportFormat::Parquet => PARQUET_SCHEMA,
        }
    }
}

/// Write `reqs` in `format` to `out` (`index` names the `_bulk` target).
///
/// # Errors
/// Whatever writing gives.
pub fn write<W: Write + Send>(reqs: &[Requirement], format: ExportFormat, index: &str, out: W) -> io::Result<()> {
    match format {
        ExportFormat::OpensearchBulk => write_opensearch_bulk(reqs, index, io::BufWriter::new(out)),
        ExportFormat::Quickwit => write_quickwit(reqs, io::BufWriter::new(out)),
        ExportFormat::Parquet => write_parquet(reqs, out)?.flush(),
    }
}

/// Write `reqs` in `format` to the file `path`, whole or not at all
/// (through [`crate::atomic`]).
///
/// # Errors
/// [`crate::Error::Write`] or [`crate::Error::DiskFull`] naming the file;
/// the file is left as it was.
pub fn write_file(
    reqs: &[Requirement],
    format: ExportFormat,
    index: &str,
    path: &std::path::Path,
) -> crate::Result<()> {
    let mut f = crate::atomic::AtomicFile::create(path)?;
    match write(reqs, format, index, &mut f) {
        Ok(()) => f.commit(),
        Err(e) => Err(f.fail(e)),
    }
}

#[cfg(test)]
mod tests;
