//! Opening, creating and refusing index directories; the manifest of
//! indexed documents, named by the commit payload (so it is committed
//! atomically with the documents it describes).
//!
//! On disk the manifest is a file of its own, `taizhang-manifest-<hash>.json`,
//! written and synced before the commit whose payload names it; tantivy
//! parses `meta.json` (payload included) whenever the index is opened, and
//! a manifest of 100,000 documents inline would cost every search tens of
//! milliseconds. A payload that is the manifest itself (in memory, or an
//! index written before) is still read.

use super::schema::SCHEMA_VERSION;
use super::{Index, IndexError, MARKER, Result, schema};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const FORMAT: &str = "taizhang-index";
/// Start of a manifest file's name.
pub(super) const MANIFEST_PREFIX: &str = "taizhang-manifest-";

/// A commit payload that names the manifest file.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Pointer {
    manifest_file: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    format: String,
    schema_version: u32,
}

/// One indexed document in the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocEntry {
    /// Content hash of its source text.
    pub hash: String,
    /// Requirements indexed.
    pub requirements: usize,
    /// Bare sentences indexed.
    pub sentences: usize,
}

/// The documents of a commit, by input name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Schema version that wrote it.
    pub schema_version: u32,
    /// Documents by input name.
    pub docs: BTreeMap<String, DocEntry>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io { path: path.to_path_buf(), source }
}

/// `meta.json`, tantivy's commit point.
pub(super) const META: &str = "meta.json";
/// tantivy's list of the files it wrote.
pub(super) const MANAGED: &str = ".managed.json";

/// What a directory holds.
pub(super) enum State {
    /// Absent, or an empty directory.
    Empty,
    /// Ours. `version` is `None` when the marker is missing or cannot be
    /// read (the manifests or tantivy's files say the folder is ours).
    Ours { version: Option<u32>, committed: bool },
}

/// The schema version of the marker in `dir`; `Err` says why it cannot be read.
pub(super) fn read_marker(dir: &Path) -> Result<u32, String> {
    if let Some(why) = super::files::not_regular(&dir.join(MARKER)) {
        return Err(format!("it {why}"));
    }
    let text = std::fs::read_to_string(dir.join(MARKER)).map_err(|e| e.to_string())?;
    match serde_json::from_str::<Marker>(&text) {
        Ok(m) if m.format == FORMAT => Ok(m.schema_version),
        Ok(m) => Err(format!("it names the format `{}`", m.format)),
        Err(e) => Err(format!("it is not valid JSON ({e})")),
    }
}

pub(super) fn state(dir: &Path) -> Result<State> {
    if !dir.exists() {
        return Ok(State::Empty);
    }
    if !dir.is_dir() {
        return Err(IndexError::Foreign(dir.to_path_buf()));
    }
    let names = super::files::names(dir).map_err(io(dir))?;
    let committed = names.iter().any(|n| n == META);
    if names.iter().any(|n| n == MARKER) {
        return Ok(State::Ours { version: read_marker(dir).ok(), committed });
    }
    // No marker: ours only if a manifest of ours is there too (the marker
    // was lost); anything else that is not empty is someone else's.
    if names.iter().any(|n| super::files::is_manifest(n)) {
        return Ok(State::Ours { version: None, committed });
    }
    if names.is_empty() { Ok(State::Empty) } else { Err(IndexError::Foreign(dir.to_path_buf())) }
}

/// Open the tantivy index in `dir` and check its schema.
fn open_tantivy(dir: &Path) -> Result<Index> {
    let damaged =
        |problem: String| IndexError::Damaged { path: dir.to_path_buf(), file: META.into(), problem, others: 0 };
    let inner = tantivy::Index::open_in_dir(dir).map_err(|e| damaged(super::verify::short(&e)))?;
    if inner.schema() != schema::build() {
        return Err(damaged("holds a schema that is not the one its marker names".into()));
    }
    Index::wrap(inner, Some(dir.to_path_buf()))
}

pub(super) fn open(dir: &Path) -> Result<Index> {
    match state(dir)? {
        State::Empty | State::Ours { committed: false, version: Some(_) } => {
            Err(IndexError::Missing(dir.to_path_buf()))
        }
        State::Ours { version: Some(v), .. } if v != SCHEMA_VERSION => {
            Err(IndexError::OldSchema { path: dir.to_path_buf(), found: v })
        }
        State::Ours { version: None, .. } => {
            let report = super::verify::check(dir, super::verify::Depth::Quick)?;
            Err(super::verify::damage_error(dir, &report))
        }
        State::Ours { .. } => {
            // The quick check of the files (each segment file there, with
            // tantivy's footer at its end): tantivy opens some of them only
            // when a query needs them, and would fail there.
            let mut report = super::verify::Report::default();
            if let Some(inner) = super::verify::check_files(dir, super::verify::Depth::Quick, &mut report)? {
                super::verify::check_manifest_syntax(dir, &inner, &mut report);
            }
            if !report.damage.is_empty() {
                return Err(super::verify::damage_error(dir, &report));
            }
            let index = open_tantivy(dir)?;
            match index.searcher() {
                Ok(_) => Ok(index),
                Err(e) => Err(index.diagnose(e)),
            }
        }
    }
}

/// Bytes of stored records compressed together: a document's records
/// are stored in order, so a block holds its metadata, and the sections and
/// sentences its records repeat, many times over; zstd stores them almost
/// once. A hit decompresses one block (about 0.1 ms). On 62 MB of text
/// (tests/dev/docs 55 times) the store is 59 MB in blocks of 64 KB, 55 MB
/// in blocks of 128 KB (lz4 in tantivy's 16 KB: 101 MB); zstd's level 7
/// would save 6% more for twice the compression time. Blocks of 256 KB
/// (schema 3): the store of the 20 MB replica of tests/dev/docs 18.4 →
/// 17.3 MB for the same compression time; a hit decompresses twice as
/// much (about 0.2 ms).
const STORE_BLOCK: usize = 256 * 1024;

/// The settings of a new index: the document store in zstd.
fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Zstd(tantivy::store::ZstdCompressor {
            compression_level: Some(3),
        }),
        docstore_blocksize: STORE_BLOCK,
        ..tantivy::IndexSettings::default()
    }
}

/// Write the marker first: a directory with a marker and no commit is an
/// empty index of ours, one with a commit and no marker would be foreign.
fn create(dir: &Path) -> Result<Index> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let marker = dir.join(MARKER);
    let m = Marker { format: FORMAT.into(), schema_version: SCHEMA_VERSION };
    let text = serde_json::to_string_pretty(&m).map_err(|e| IndexError::Engine(e.to_string()))?;
    crate::atomic::write_bytes(&marker, text.as_bytes()).map_err(IndexError::Write)?;
    let inner = tantivy::Index::builder().schema(schema::build()).settings(settings()).create_in_dir(dir)?;
    Index::wrap(inner, Some(dir.to_path_buf()))
}

/// Clear an index of ours and create it anew (the files of other programs
/// are left where they are).
fn recreate(dir: &Path) -> Result<Index> {
    super::files::clear(dir)?;
    create(dir)
}

pub(super) fn open_or_create(dir: &Path, rebuild: bool) -> Result<Index> {
    match state(dir)? {
        State::Empty => create(dir),
        State::Ours { committed: false, version: Some(_) } => recreate(dir),
        State::Ours { version: Some(v), .. } if v != SCHEMA_VERSION => {
            if !rebuild {
                return Err(IndexError::OldSchema { path: dir.to_path_buf(), found: v });
            }
            recreate(dir)
        }
        State::Ours { .. } => {
            let report = super::verify::check(dir, super::verify::Depth::Quick)?;
            match report.damage.first() {
                None => open_tantivy(dir),
                Some(_) if rebuild => recreate(dir),
                Some(_) => Err(super::verify::damage_error(dir, &report)),
            }
        }
    }
}

pub(super) fn manifest(index: &Index) -> Result<Manifest> {
    Ok(read_manifest(index)?.0)
}

/// The manifest of the last commit, and the name of its file (if any).
///
/// # Errors
/// [`IndexError::Damaged`] naming the manifest (or `meta.json`, whose
/// payload names it) when it is missing or cannot be read.
pub(super) fn read_manifest(index: &Index) -> Result<(Manifest, Option<String>)> {
    let metas = index.inner.load_metas()?;
    let damaged = |file: &str, problem: String| IndexError::Damaged {
        path: index.dir().map_or_else(|| PathBuf::from("(memory)"), Path::to_path_buf),
        file: file.to_string(),
        problem,
        others: 0,
    };
    let Some(p) = metas.payload else {
        return Ok((Manifest { schema_version: SCHEMA_VERSION, docs: BTreeMap::new() }, None));
    };
    let pointer: Pointer =
        serde_json::from_str(&p).map_err(|e| damaged(META, format!("names no manifest that can be read ({e})")))?;
    match (pointer.manifest_file, index.dir()) {
        (Some(name), Some(dir)) => {
            if let Some(why) = super::files::not_regular(&dir.join(&name)) {
                return Err(damaged(&name, why));
            }
            let text = std::fs::read_to_string(dir.join(&name)).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => damaged(&name, "is missing".into()),
                _ => damaged(&name, format!("cannot be read ({e})")),
            })?;
            let m = serde_json::from_str(&text)
                .map_err(|e| damaged(&name, format!("cannot be read (truncated or overwritten: {e})")))?;
            Ok((m, Some(name)))
        }
        (Some(name), None) => Err(damaged(&name, "is named, but the index is in memory".into())),
        (None, _) => Ok((
            serde_json::from_str(&p)
                .map_err(|e| damaged(META, format!("holds a manifest that cannot be read ({e})")))?,
            None,
        )),
    }
}

/// The file and problem of an error of [`read_manifest`].
pub(super) fn manifest_problem(e: &IndexError) -> (String, String) {
    match e {
        IndexError::Damaged { file, problem, .. } => (file.clone(), problem.clone()),
        e => (META.into(), format!("cannot be read ({e})")),
    }
}

/// The payload of a commit of `manifest`: on disk, the name of a manifest
/// file written and synced here; in memory, the manifest itself.
pub(super) fn commit_payload(index: &Index, manifest: &Manifest) -> Result<(String, Option<String>)> {
    let text = serde_json::to_string(manifest).map_err(|e| IndexError::Engine(e.to_string()))?;
    let Some(dir) = index.dir() else {
        return Ok((text, None));
    };
    let name = format!("{MANIFEST_PREFIX}{}.json", super::writer::content_hash(&text));
    // Synced, renamed into place and the rename synced (the folder) before
    // the commit that names it.
    crate::atomic::write_bytes(&dir.join(&name), text.as_bytes()).map_err(IndexError::Write)?;
    let pointer = Pointer { manifest_file: Some(name.clone()) };
    let payload = serde_json::to_string(&pointer).map_err(|e| IndexError::Engine(e.to_string()))?;
    Ok((payload, Some(name)))
}

/// Remove manifest files other than `keep` (the last commit's and the one
/// before, which a process that read the old `meta.json` may still open).
pub(super) fn prune_manifests(index: &Index, keep: &[Option<String>]) {
    let Some(dir) = index.dir() else { return };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with(MANIFEST_PREFIX) && !keep.iter().any(|k| k.as_deref() == Some(name.as_str())) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}
