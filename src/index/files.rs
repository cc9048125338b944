//! The files of an index folder that are ours (taizhang's and tantivy's),
//! told by name, and clearing them for `--rebuild`. A file we do not
//! recognise is someone else's and is never deleted.

use super::open::{MANAGED, MANIFEST_PREFIX, META};
use super::{IndexError, MARKER, Result};
use std::path::Path;

/// The names of the entries of `dir`.
pub(super) fn names(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir)? {
        v.push(e?.file_name().to_string_lossy().into_owned());
    }
    v.sort();
    Ok(v)
}

/// What is wrong with `path` when it is there but is no regular file (a
/// FIFO would block whoever opens it to read): `is a FIFO (named pipe),
/// not a regular file`. `None` for a regular file or nothing at all.
pub(super) fn not_regular(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.is_dir() {
        return Some("is a folder, not a file".into());
    }
    crate::error::Special::of(meta.file_type()).map(|kind| format!("is {kind}, not a regular file"))
}

/// A manifest of ours: `taizhang-manifest-<hash>.json`.
pub(super) fn is_manifest(name: &str) -> bool {
    name.starts_with(MANIFEST_PREFIX) && name.ends_with(".json")
}

/// A segment file of tantivy's: 32 hexadecimal digits (the segment id),
/// then `.idx`, `.pos`, `.term`, `.store`, `.store.temp`, `.fast`,
/// `.fieldnorm` or `.<opstamp>.del`.
pub(super) fn is_segment_file(name: &str) -> bool {
    let Some((id, ext)) = name.split_once('.') else { return false };
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    match ext {
        "idx" | "pos" | "term" | "store" | "store.temp" | "fast" | "fieldnorm" => true,
        _ => ext.strip_suffix(".del").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())),
    }
}

/// A file of ours: the marker, a manifest, tantivy's `meta.json`,
/// `.managed.json` and segment files, and the temporary files either writes
/// on its way (`.taizhang-….tmp` beside the marker and manifests, tantivy's
/// `.tmpXXXXXX`). The lock files are not listed: they stay.
pub(super) fn is_ours(name: &str) -> bool {
    name == MARKER
        || name == META
        || name == MANAGED
        || is_manifest(name)
        || is_segment_file(name)
        || (name.starts_with(".taizhang-") && name.ends_with(".tmp"))
        || name.strip_prefix(".tmp").is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Delete the files of ours in `dir` (holding tantivy's writer lock, so an
/// `index` run in progress is not wiped under it). Folders and files we
/// do not recognise stay.
pub(super) fn clear(dir: &Path) -> Result<()> {
    use tantivy::directory::{Directory, INDEX_WRITER_LOCK, MmapDirectory};
    let io = |source| IndexError::Io { path: dir.to_path_buf(), source };
    let mmap = MmapDirectory::open(dir).map_err(|e| IndexError::Engine(e.to_string()))?;
    let _lock = mmap.acquire_lock(&INDEX_WRITER_LOCK).map_err(|_| IndexError::Locked(dir.to_path_buf()))?;
    // The marker last: until it goes, the folder is still recognisably ours.
    let mut ours: Vec<String> = names(dir).map_err(io)?.into_iter().filter(|n| is_ours(n)).collect();
    ours.sort_by_key(|n| n == MARKER);
    for name in ours {
        let p = dir.join(&name);
        // A FIFO at one of our names goes too (writing the marker would
        // wait on it forever); a folder at one of them stays.
        if std::fs::symlink_metadata(&p).is_ok_and(|m| !m.is_dir()) {
            std::fs::remove_file(&p).map_err(|source| IndexError::Io { path: p.clone(), source })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_ours_and_others() {
        for n in [
            "taizhang-index.json",
            "taizhang-manifest-114f-2b63b728309df0c7.json",
            "meta.json",
            ".managed.json",
            "21aa2495f5a84e29aec6e750512e12a2.store",
            "21aa2495f5a84e29aec6e750512e12a2.fieldnorm",
            "21aa2495f5a84e29aec6e750512e12a2.12.del",
            ".taizhang-index.json.a1B2c3.tmp",
            ".tmpAbC123",
        ] {
            assert!(is_ours(n), "{n}");
        }
        for n in [
            "notes.txt",
            "meta.json.bak",
            "21aa2495f5a84e29aec6e750512e12a2.txt",
            "21aa2495.store",
            "21aa2495f5a84e29aec6e750512e12a2.x.del",
            ".tantivy-writer.lock",
            ".tmp",
            "taizhang-manifest-1.txt",
        ] {
            assert!(!is_ours(n), "{n}");
        }
    }
}
