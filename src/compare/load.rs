//! Loading the requirements of a set of paths: documents run through the
//! pipeline, or `.jsonl` files written by `extract --format jsonl`.

use crate::error::{Error, Result};
use crate::model::{DocumentMeta, Requirement};
use crate::parts::PART_ABOVE;
use crate::pipeline::{Analysed, pool, process_or_parts, run_ordered_pieces};
use crate::source::{Input, collect_inputs};
use std::path::{Path, PathBuf};

/// What [`load`] read.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The requirements, in input order.
    pub requirements: Vec<Requirement>,
    /// The metadata of each document read, in input order.
    pub documents: Vec<(String, DocumentMeta)>,
    /// Inputs that failed (the rest were read).
    pub errors: Vec<Error>,
    /// Files a folder walk passed over (not a type taizhang reads).
    pub skipped: Vec<crate::source::Skipped>,
}

/// What [`for_each_document`] read: the documents (name and metadata, in
/// input order), the inputs that failed, and the files passed over.
pub type Walked = (Vec<(String, DocumentMeta)>, Vec<Error>, Vec<crate::source::Skipped>);

fn is_jsonl(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "jsonl")
}

/// Read requirements from a `.jsonl` file of `extract` output.
///
/// # Errors
/// `Error::Io` when the file cannot be read, `Error::Malformed` on a line
/// that is not a requirement.
pub fn read_jsonl(path: &Path) -> Result<Vec<Requirement>> {
    let bytes = crate::source::read_file(path)?;
    let text = String::from_utf8(bytes).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
    })?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: Requirement = serde_json::from_str(line).map_err(|e| Error::Malformed {
            path: path.to_path_buf(),
            format: "jsonl",
            reason: format!("line {}: {e}", n + 1),
        })?;
        out.push(r);
    }
    Ok(out)
}

/// Read the requirements of `paths` (files, folders, `-`, or `.jsonl`
/// extract output). With `tasks`, add the obligations with neither figure
/// nor deadline ([`crate::extract::tasks`]).
pub fn load(paths: &[PathBuf], threads: usize, tasks: bool) -> Loaded {
    let mut out = Loaded::default();
    let mut requirements = Vec::new();
    let (documents, errors, skipped) = for_each_document(paths, threads, tasks, |reqs| requirements.extend(reqs));
    out.requirements = requirements;
    out.documents = documents;
    out.errors = errors;
    out.skipped = skipped;
    out
}

/// As [`load`], but each document's requirements go to `sink` as soon as
/// they are read, in input order, and are not kept: at most a few
/// documents are in memory at once (a large input's requirements go a part
/// at a time, [`crate::parts`]). Returns the documents read (name and
/// metadata), the inputs that failed and the files passed over.
pub fn for_each_document(
    paths: &[PathBuf],
    threads: usize,
    tasks: bool,
    mut sink: impl FnMut(Vec<Requirement>),
) -> Walked {
    let (mut documents, mut errors) = (Vec::new(), Vec::new());
    let (jsonl, docs): (Vec<PathBuf>, Vec<PathBuf>) = paths.iter().cloned().partition(|p| is_jsonl(p));
    for p in &jsonl {
        match read_jsonl(p) {
            Ok(rs) => {
                if let Some(r) = rs.first() {
                    documents.push((r.doc.clone(), (*r.document).clone()));
                }
                sink(rs);
            }
            Err(e) => errors.push(e),
        }
    }
    if docs.is_empty() {
        return (documents, errors, Vec::new());
    }
    let (set, errs) = collect_inputs(&docs);
    errors.extend(errs);
    let pool = match pool(threads) {
        Ok(p) => p,
        Err(e) => {
            errors.push(e);
            return (documents, errors, set.skipped);
        }
    };
    let with_tasks = |doc: &crate::Document, mut ex: crate::extract::Extraction| {
        if tasks {
            let extra = crate::extract::tasks::tasks(doc, &ex.requirements);
            ex.requirements.extend(extra);
            ex.requirements.sort_by_key(|r| r.sentence_span[0]);
        }
        ex.requirements
    };
    let options = crate::extract::Options { rejections: false };
    // A large input is read in parts on its worker, each part's
    // requirements handed on as they are made (run_ordered_pieces).
    let work = |i: &Input, emit: &mut dyn FnMut(Worked)| match process_or_parts(i, options, PART_ABOVE) {
        Ok(Analysed::Whole(doc, ex)) => {
            emit(Worked::Document(doc.name.clone(), doc.meta.clone()));
            emit(Worked::Requirements(with_tasks(&doc, ex)));
        }
        Ok(Analysed::Parts(parts)) => {
            for (k, part) in parts.enumerate() {
                match part {
                    Ok((doc, ex)) => {
                        if k == 0 {
                            emit(Worked::Document(doc.name.clone(), doc.meta.clone()));
                        }
                        emit(Worked::Requirements(with_tasks(&doc, ex)));
                    }
                    Err(e) => return emit(Worked::Failed(e)),
                }
            }
        }
        Err(e) => emit(Worked::Failed(e)),
    };
    run_ordered_pieces(&pool, &set.inputs, 8, work, |_, piece| match piece {
        Worked::Document(name, meta) => documents.push((name, meta)),
        Worked::Requirements(reqs) => sink(reqs),
        Worked::Failed(e) => errors.push(e),
    });
    (documents, errors, set.skipped)
}

/// What a worker thread hands on for one input, in order.
enum Worked {
    /// It was read: its name and metadata.
    Document(String, DocumentMeta),
    /// Requirements of it (all, or a part's).
    Requirements(Vec<Requirement>),
    /// It failed (after the requirements of any parts before).
    Failed(Error),
}
