//! A tantivy index of requirements and sentences, and the search over it.
//!
//! The default place is [`DEFAULT_DIR`]. A directory is ours when it holds
//! [`MARKER`]; anything else that is not empty is refused, never
//! overwritten. The schema version is in the marker and checked on open.

mod build;
mod files;
pub mod fold;
pub mod join;
mod open;
pub(crate) mod records;
pub mod schema;
pub mod search;
#[cfg(test)]
mod tests;
pub mod tokenizer;
pub mod verify;
pub mod vocab;
pub mod writer;

pub use build::{BuildOptions, DEFAULT_BATCH_BYTES, check_inputs, index_inputs};
pub use open::{DocEntry, Manifest};
pub use search::{Hit, Prepared, Record, SearchQuery};
pub use verify::{Damage, Depth, Report};
pub use writer::{BareSentence, Change, ContentHasher, Summary, Writer, bare_sentences, content_hash};

use std::path::{Path, PathBuf};
use tantivy::schema::Field;

/// Where `taizhang index` and `taizhang search` keep the index by default.
pub const DEFAULT_DIR: &str = ".taizhang/index";
/// The file that marks a directory as a taizhang index.
pub const MARKER: &str = "taizhang-index.json";

/// What can go wrong with an index or a query, worded for a person.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// Another writer holds the lock.
    #[error("index {0} is locked by another taizhang (an `index` run is in progress); try again when it ends")]
    Locked(PathBuf),
    /// A directory that is not a taizhang index.
    #[error(
        "{0} is not a taizhang index (no {MARKER}); refusing to touch it: pass an empty or new directory to --index"
    )]
    Foreign(PathBuf),
    /// No index there yet.
    #[error("no index at {0}; run `taizhang index` first")]
    Missing(PathBuf),
    /// Built with another schema version.
    #[error("index {path} was built by an older taizhang (schema {found}, this one reads {SCHEMA}); run `taizhang index --rebuild`", SCHEMA = schema::SCHEMA_VERSION)]
    OldSchema {
        /// The index directory.
        path: PathBuf,
        /// The version found.
        found: u32,
    },
    /// Ours, but a file of it is missing, truncated or damaged.
    #[error("index {path} is damaged: {file} {problem}{more}; run `taizhang index --rebuild --index {path}` with the paths it indexes to build it anew", more = more_files(*.others))]
    Damaged {
        /// The index directory.
        path: PathBuf,
        /// The first damaged file, named within the directory.
        file: String,
        /// What is wrong with it (`is missing`, `is truncated or damaged`).
        problem: String,
        /// How many other files are damaged.
        others: usize,
    },
    /// The file system of the index filled up while it was written. The
    /// last commit is intact (tantivy replaces `meta.json` only once a
    /// commit is whole).
    #[error("disk full while writing the index {path}: {} on its file system; {kept}; free some space and run `taizhang index` again to index the rest", free_bytes(*.free))]
    DiskFull {
        /// The index directory.
        path: PathBuf,
        /// Bytes free for this user, when the file system says.
        free: Option<u64>,
        /// What the index holds now.
        kept: String,
    },
    /// `-` among the inputs of `index`.
    #[error("standard input cannot be indexed (it has no name to update it by); save it to a file")]
    Stdin,
    /// A query that does not parse.
    #[error("cannot understand the query `{query}`: {reason}")]
    Query {
        /// The query as given.
        query: String,
        /// What is wrong, and what to write instead.
        reason: String,
    },
    /// A file-system error.
    #[error("{path}: {source}")]
    Io {
        /// Where.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// Search filters that cannot match anything (a minimum above the
    /// maximum, NaN).
    #[error("{0}")]
    Filter(String),
    /// A file of ours (marker, manifest) could not be written; a full disk
    /// is named as such, and the file left as it was.
    #[error(transparent)]
    Write(crate::Error),
    /// Anything else tantivy reports.
    #[error("index error: {0}")]
    Engine(String),
}

fn more_files(n: usize) -> String {
    match n {
        0 => String::new(),
        1 => " (and 1 more file)".into(),
        n => format!(" (and {n} more files)"),
    }
}

fn free_bytes(free: Option<u64>) -> String {
    match free {
        Some(n) => format!("{n} bytes free"),
        None => "no space left".into(),
    }
}

impl From<tantivy::TantivyError> for IndexError {
    fn from(e: tantivy::TantivyError) -> Self {
        IndexError::Engine(e.to_string())
    }
}

/// Results of this module.
pub type Result<T, E = IndexError> = std::result::Result<T, E>;

/// The fields of [`schema::build`], resolved once.
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs)]
pub struct Fields {
    pub record: Field,
    pub doc: Field,
    pub hash: Field,
    pub title: Field,
    pub year: Field,
    pub genre: Field,
    pub doc_type: Field,
    pub kind: Field,
    pub modality: Field,
    pub comparator: Field,
    pub value: Field,
    pub unit: Field,
    pub period: Field,
    pub per_year: Field,
    pub deadline: Field,
    pub actor: Field,
    pub action: Field,
    pub section: Field,
    pub sentence: Field,
    pub section_key: Field,
    pub sentence_back: Field,
    pub json: Field,
}

impl Fields {
    fn new(s: &tantivy::schema::Schema) -> Result<Fields> {
        let f = |name: &str| {
            s.get_field(name).map_err(|_| IndexError::Engine(format!("field {name} missing from the schema")))
        };
        use schema::*;
        Ok(Fields {
            record: f(RECORD)?,
            doc: f(DOC)?,
            hash: f(HASH)?,
            title: f(TITLE)?,
            year: f(YEAR)?,
            genre: f(GENRE)?,
            doc_type: f(DOC_TYPE)?,
            kind: f(KIND)?,
            modality: f(MODALITY)?,
            comparator: f(COMPARATOR)?,
            value: f(VALUE)?,
            unit: f(UNIT)?,
            period: f(PERIOD)?,
            per_year: f(PER_YEAR)?,
            deadline: f(DEADLINE)?,
            actor: f(ACTOR)?,
            action: f(ACTION)?,
            section: f(SECTION)?,
            sentence: f(SENTENCE)?,
            section_key: f(SECTION_KEY)?,
            sentence_back: f(SENTENCE_BACK)?,
            json: f(JSON)?,
        })
    }
}

/// An open taizhang index (on disk or in memory).
pub struct Index {
    inner: tantivy::Index,
    fields: Fields,
    dir: Option<PathBuf>,
    reader: std::sync::OnceLock<tantivy::IndexReader>,
    /// [`schema::build_for_query`], for the query parser.
    query_schema: tantivy::schema::Schema,
}

impl Index {
    /// A fresh index in memory (tests, benchmarks).
    ///
    /// # Errors
    /// Only if the schema is inconsistent (a bug).
    pub fn create_in_ram() -> Result<Index> {
        Index::wrap(tantivy::Index::create_in_ram(schema::build()), None)
    }

    /// Open an existing index for searching.
    ///
    /// # Errors
    /// [`IndexError::Missing`], [`IndexError::Foreign`],
    /// [`IndexError::OldSchema`] or [`IndexError::Damaged`] (a file that
    /// is missing, truncated or fails its checksum, named).
    pub fn open(dir: &Path) -> Result<Index> {
        open::open(dir)
    }

    /// Open the index in `dir` for writing, creating it in a new or empty
    /// directory. With `rebuild`, an old-schema or corrupted index of ours
    /// is wiped and made anew (a foreign directory is still refused).
    ///
    /// # Errors
    /// As [`Index::open`], and I/O errors creating the directory.
    pub fn open_or_create(dir: &Path, rebuild: bool) -> Result<Index> {
        open::open_or_create(dir, rebuild)
    }

    fn wrap(inner: tantivy::Index, dir: Option<PathBuf>) -> Result<Index> {
        tokenizer::register(&inner);
        let fields = Fields::new(&inner.schema())?;
        let query_schema = schema::build_for_query();
        Ok(Index { inner, fields, dir, reader: std::sync::OnceLock::new(), query_schema })
    }

    /// The tantivy index underneath.
    pub fn tantivy(&self) -> &tantivy::Index {
        &self.inner
    }

    /// A searcher on the last commit (the reader is opened once and
    /// reloaded after each commit made through [`Writer::commit`]).
    ///
    /// # Errors
    /// The index cannot be read.
    pub fn searcher(&self) -> Result<tantivy::Searcher> {
        if let Some(r) = self.reader.get() {
            return Ok(r.searcher());
        }
        let r = self.inner.reader_builder().reload_policy(tantivy::ReloadPolicy::Manual).try_into()?;
        Ok(self.reader.get_or_init(|| r).searcher())
    }

    /// Reload the reader onto the last commit, wherever it was made (a
    /// long-running reader such as `taizhang serve` calls it so that an
    /// `index` run in another process is seen; searchers already handed out
    /// keep the commit they were opened on).
    ///
    /// # Errors
    /// The index cannot be read.
    pub fn refresh(&self) -> Result<()> {
        self.searcher()?;
        self.reload()
    }

    fn reload(&self) -> Result<()> {
        if let Some(r) = self.reader.get() {
            r.reload()?;
        }
        Ok(())
    }

    /// The resolved fields.
    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// The directory, or `None` in memory.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// The documents of the last commit, with their hashes and counts.
    ///
    /// # Errors
    /// A commit payload that cannot be read.
    pub fn manifest(&self) -> Result<Manifest> {
        open::manifest(self)
    }
}
