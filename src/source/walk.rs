//! Expanding the paths a user named into the inputs of a run.

use super::formats::listed_in_walk;
use super::{Input, InputSet, Skipped};
use crate::error::{Error, Special};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Expand `paths` into inputs, in the order given.
///
/// - `-` is standard input.
/// - A folder is walked recursively, sorted by path; hidden files and folders
///   (names starting with `.`) are skipped. Files we read and files of the
///   refused types (`.pdf`, `.doc`, `.wps`, `.ofd`, so that the user learns
///   they were not read) are listed; other files are listed in
///   [`InputSet::skipped`]. Symbolic links are followed, each folder once.
///   A FIFO, socket or device found there is never opened (a FIFO would
///   wait forever for a writer): it is an [`Error::NotAFile`], whatever its
///   name, and the walk goes on.
/// - Any other path is listed as it is, whatever its extension: reading it
///   says what is wrong with it; a FIFO, socket or device named directly is
///   an [`Error::NotAFile`].
///
/// A path that does not exist, or a folder that cannot be listed, is an
/// [`Error::Io`] in the returned list; the other paths are still expanded.
pub fn collect_inputs(paths: &[PathBuf]) -> (InputSet, Vec<Error>) {
    let mut walk = Walk::default();
    for path in paths {
        if path.as_os_str() == "-" {
            walk.set.inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk.folder(path),
            Ok(meta) => match Special::of(meta.file_type()) {
                Some(kind) => walk.errors.push(Error::NotAFile { path: path.clone(), kind }),
                None => walk.set.inputs.push(Input::Path(path.clone())),
            },
            Err(e) => walk.errors.push(io(path, e)),
        }
    }
    (walk.set, walk.errors)
}

fn io(path: &Path, source: std::io::Error) -> Error {
    Error::Io { path: path.to_path_buf(), source }
}

#[derive(Default)]
struct Walk {
    set: InputSet,
    errors: Vec<Error>,
    /// Canonical paths of the folders walked (symlink loops).
    seen: HashSet<PathBuf>,
}

impl Walk {
    /// Walk one folder depth first with an explicit stack (deep trees are
    /// fine). Entries are sorted per folder and a subfolder is walked where
    /// it sorts, so the whole walk is in path order.
    fn folder(&mut self, root: &Path) {
        let mut stack = Vec::new();
        if let Some(entries) = self.enter(root) {
            stack.push(entries.into_iter());
        }
        while let Some(top) = stack.last_mut() {
            let Some(path) = top.next() else {
                stack.pop();
                continue;
            };
            match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    if let Some(entries) = self.enter(&path) {
                        stack.push(entries.into_iter());
                    }
                }
                Ok(meta) => match Special::of(meta.file_type()) {
                    Some(kind) => self.errors.push(Error::NotAFile { path, kind }),
                    None if listed_in_walk(&path) => self.set.inputs.push(Input::Path(path)),
                    None => self.set.skipped.push(Skipped { path }),
                },
                Err(e) => self.errors.push(io(&path, e)),
            }
        }
    }

    /// The sorted visible entries of a folder not walked before.
    fn enter(&mut self, dir: &Path) -> Option<Vec<PathBuf>> {
        if let Ok(canonical) = dir.canonicalize()
            && !self.seen.insert(canonical)
        {
            return None;
        }
        let mut entries = self.entries(dir)?;
        entries.sort();
        Some(entries)
    }

    /// The visible entries of `dir`, or `None` after recording an error.
    fn entries(&mut self, dir: &Path) -> Option<Vec<PathBuf>> {
        let read = match std::fs::read_dir(dir) {
            Ok(read) => read,
            Err(e) => {
                self.errors.push(io(dir, e));
                return None;
            }
        };
        let mut out = Vec::new();
        for entry in read {
            match entry {
                Ok(entry) if entry.file_name().to_string_lossy().starts_with('.') => {}
                Ok(entry) => out.push(entry.path()),
                Err(e) => self.errors.push(io(dir, e)),
            }
        }
        Some(out)
    }
}
