//! Opening, creating and refusing index directories; the manifest of
//! indexed documents kept in the commit payload (so it is committed
//! atomically with the documents it describes).

use super::schema::SCHEMA_VERSION;
use super::{Index, IndexError, MARKER, Result, schema};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const FORMAT: &str = "taizhang-index";

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

fn open_tantivy(dir: &Path) -> Result<Index> {
    let corrupt = |reason: String| IndexError::Corrupt { path: dir.to_path_buf(), reason };
    let inner = tantivy::Index::open_in_dir(dir).map_err(|e| corrupt(e.to_string()))?;
    let same = serde_json::to_string(&inner.schema()).ok() == serde_json::to_string(&schema::build()).ok();
    if !same {
        return Err(corrupt("its schema is not the one its marker names".into()));
    }
    let index = Index::wrap(inner, Some(dir.to_path_buf()))?;
    index.manifest().map_err(|e| corrupt(e.to_string()))?;
    Ok(index)
}

pub(super) fn open(dir: &Path) -> Result<Index> {
    match state(dir)? {
        State::Empty | State::Ours { committed: false, .. } => Err(IndexError::Missing(dir.to_path_buf())),
        State::Ours { version, .. } if version != SCHEMA_VERSION => {
            Err(IndexError::OldSchema { path: dir.to_path_buf(), found: version })
        }
        State::Ours { .. } => open_tantivy(dir),
    }
}

/// Write the marker first: a directory with a marker and no commit is an
/// empty index of ours, one with a commit and no marker would be foreign.
fn create(dir: &Path) -> Result<Index> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let marker = dir.join(MARKER);
    let tmp = dir.join(format!("{MARKER}.tmp"));
    let m = Marker { format: FORMAT.into(), schema_version: SCHEMA_VERSION };
    let text = serde_json::to_string_pretty(&m).map_err(|e| IndexError::Engine(e.to_string()))?;
    std::fs::write(&tmp, text).map_err(io(&tmp))?;
    std::fs::rename(&tmp, &marker).map_err(io(&marker))?;
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
        State::Ours { .. } => match open_tantivy(dir) {
            Err(IndexError::Corrupt { .. }) if rebuild => {
                wipe(dir)?;
                create(dir)
            }
            r => r,
        },
    }
}

pub(super) fn manifest(index: &Index) -> Result<Manifest> {
    let metas = index.inner.load_metas()?;
    match metas.payload {
        None => Ok(Manifest { schema_version: SCHEMA_VERSION, docs: BTreeMap::new() }),
        Some(p) => serde_json::from_str(&p).map_err(|e| IndexError::Engine(format!("unreadable manifest: {e}"))),
    }
}
