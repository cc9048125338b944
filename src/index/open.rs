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
const MANIFEST_PREFIX: &str = "taizhang-manifest-";

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

/// What a directory holds.
enum State {
    /// Absent, or an empty directory.
    Empty,
    /// Ours, at this schema version, with or without a tantivy commit.
    Ours { version: u32, committed: bool },
}

fn state(dir: &Path) -> Result<State> {
    if !dir.exists() {
        return Ok(State::Empty);
    }
    if !dir.is_dir() {
        return Err(IndexError::Foreign(dir.to_path_buf()));
    }
    let marker = dir.join(MARKER);
    if !marker.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        return if entries.next().is_none() { Ok(State::Empty) } else { Err(IndexError::Foreign(dir.to_path_buf())) };
    }
    let text = std::fs::read_to_string(&marker).map_err(io(&marker))?;
    let m: Marker = match serde_json::from_str(&text) {
        Ok(m) => m,
        Err(_) => return Err(IndexError::Foreign(dir.to_path_buf())),
    };
    if m.format != FORMAT {
        return Err(IndexError::Foreign(dir.to_path_buf()));
    }
    Ok(State::Ours { version: m.schema_version, committed: dir.join("meta.json").exists() })
}

/// Open the tantivy index in `dir`, check its schema and, when `check_manifest`
/// (before writing), that the manifest reads.
fn open_tantivy(dir: &Path, check_manifest: bool) -> Result<Index> {
    let corrupt = |reason: String| IndexError::Corrupt { path: dir.to_path_buf(), reason };
    let inner = tantivy::Index::open_in_dir(dir).map_err(|e| corrupt(e.to_string()))?;
    if inner.schema() != schema::build() {
        return Err(corrupt("its schema is not the one its marker names".into()));
    }
    let index = Index::wrap(inner, Some(dir.to_path_buf()))?;
    if check_manifest {
        index.manifest().map_err(|e| corrupt(e.to_string()))?;
    }
    Ok(index)
}

pub(super) fn open(dir: &Path) -> Result<Index> {
    match state(dir)? {
        State::Empty | State::Ours { committed: false, .. } => Err(IndexError::Missing(dir.to_path_buf())),
        State::Ours { version, .. } if version != SCHEMA_VERSION => {
            Err(IndexError::OldSchema { path: dir.to_path_buf(), found: version })
        }
        State::Ours { .. } => open_tantivy(dir, false),
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
    let inner = tantivy::Index::create_in_dir(dir, schema::build())?;
    Index::wrap(inner, Some(dir.to_path_buf()))
}

/// Remove what is in a directory we know to be ours.
fn wipe(dir: &Path) -> Result<()> {
    for e in std::fs::read_dir(dir).map_err(io(dir))? {
        let p: PathBuf = e.map_err(io(dir))?.path();
        if p.is_dir() {
            std::fs::remove_dir_all(&p).map_err(io(&p))?;
        } else {
            std::fs::remove_file(&p).map_err(io(&p))?;
        }
    }
    Ok(())
}

pub(super) fn open_or_create(dir: &Path, rebuild: bool) -> Result<Index> {
    match state(dir)? {
        State::Empty => create(dir),
        State::Ours { committed: false, .. } => {
            wipe(dir)?;
            create(dir)
        }
        State::Ours { version, .. } if version != SCHEMA_VERSION => {
            if !rebuild {
                return Err(IndexError::OldSchema { path: dir.to_path_buf(), found: version });
            }
            wipe(dir)?;
            create(dir)
        }
        State::Ours { .. } => match open_tantivy(dir, true) {
            Err(IndexError::Corrupt { .. }) if rebuild => {
                wipe(dir)?;
                create(dir)
            }
            r => r,
        },
    }
}

fn unreadable(e: impl std::fmt::Display) -> IndexError {
    IndexError::Engine(format!("unreadable manifest: {e}"))
}

pub(super) fn manifest(index: &Index) -> Result<Manifest> {
    Ok(read_manifest(index)?.0)
}

/// The manifest of the last commit, and the name of its file (if any).
pub(super) fn read_manifest(index: &Index) -> Result<(Manifest, Option<String>)> {
    let metas = index.inner.load_metas()?;
    let Some(p) = metas.payload else {
        return Ok((Manifest { schema_version: SCHEMA_VERSION, docs: BTreeMap::new() }, None));
    };
    let pointer: Pointer = serde_json::from_str(&p).map_err(unreadable)?;
    match (pointer.manifest_file, index.dir()) {
        (Some(name), Some(dir)) => {
            let path = dir.join(&name);
            let text = std::fs::read_to_string(&path).map_err(unreadable)?;
            Ok((serde_json::from_str(&text).map_err(unreadable)?, Some(name)))
        }
        (Some(name), None) => Err(unreadable(format!("{name} named, but the index is in memory"))),
        (None, _) => Ok((serde_json::from_str(&p).map_err(unreadable)?, None)),
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
