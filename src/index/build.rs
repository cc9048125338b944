//! One indexing run over inputs: read in parallel, skip what is unchanged,
//! analyse and extract the rest, commit in batches, remove what vanished,
//! commit at the end.

use super::writer::{BareSentence, bare_sentences, content_hash};
use super::{Index, IndexError, Result, Summary, Writer};
use crate::document::Document;
use crate::extract::{Options, extract};
use crate::model::{DocumentMeta, Requirement};
use crate::parts::{PART_ABOVE, Parts};
use crate::pipeline::run_ordered_pieces;
use crate::source::{Input, Opened};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Source text indexed between two commits, by default: a killed run
/// loses at most this much work (a few seconds), and commits are few
/// enough not to fragment the index into many small segments.
pub const DEFAULT_BATCH_BYTES: usize = 32 << 20;

/// The longest time between two commits (a slow disk or a machine under
/// load).
const BATCH_TIME: Duration = Duration::from_secs(60);

/// Options of [`index_inputs`].
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Drop everything first.
    pub rebuild: bool,
    /// The paths the inputs were collected from: an indexed document under
    /// one of them that was not collected this time is removed.
    pub scope: Vec<PathBuf>,
    /// Commit after this many bytes of source text (0: [`DEFAULT_BATCH_BYTES`]).
    pub batch_bytes: usize,
}

/// Refuse inputs that cannot be indexed (standard input), before anything
/// is opened or created.
///
/// # Errors
/// [`IndexError::Stdin`].
pub fn check_inputs(inputs: &[Input]) -> Result<()> {
    if inputs.iter().any(|i| matches!(i, Input::Stdin)) {
        return Err(IndexError::Stdin);
    }
    Ok(())
}

/// A piece of what reading one input gave, handed from the pool's threads
/// to the writer in input order (`pipeline::run_ordered_pieces`).
enum Piece {
    Unchanged,
    Failed(crate::Error),
    Fresh {
        name: String,
        hash: String,
        bytes: usize,
        meta: DocumentMeta,
        reqs: Vec<Requirement>,
        bare: Vec<BareSentence>,
    },
    /// An input of more than [`PART_ABOVE`] bytes of text, read in parts on
    /// the pool's thread: its records come part by part, then `End`, or
    /// `PartFailed` if a part failed (a bug, or a file changed while it
    /// was read).
    Begin {
        name: String,
        hash: String,
        bytes: usize,
    },
    Part {
        meta: DocumentMeta,
        reqs: Vec<Requirement>,
        bare: Vec<BareSentence>,
    },
    End,
    PartFailed(crate::Error),
}

/// What opening an input for the index gave: a piece to put, or a large
/// input to read in parts.
enum Opening {
    Done(Piece),
    Large { name: String, hash: String, parts: Box<Parts> },
}

fn under(name: &str, scope: &[PathBuf]) -> bool {
    let p = Path::new(name);
    scope.iter().any(|s| p.starts_with(s))
}

/// Index `inputs` into `index` with a pool of threads (call it from outside
/// the pool: from one of its threads, the inputs are read a window at a
/// time and a large input's parts are held until its window is put),
/// committing every
/// [`BuildOptions::batch_bytes`] of source text. `event` is called once
/// per input, with the error of an input that failed (its old records are
/// kept).
///
/// # Errors
/// The lock is held by another writer, standard input was given, or a
/// commit failed ([`IndexError::DiskFull`] when the disk filled up; the
/// last commit is whole either way).
pub fn index_inputs(
    index: &Index,
    inputs: &[Input],
    opts: &BuildOptions,
    pool: &rayon::ThreadPool,
    event: impl FnMut(Option<&crate::Error>),
) -> Result<Summary> {
    check_inputs(inputs)?;
    let mut w = index.writer_with_threads(opts.rebuild, pool.current_num_threads())?;
    match run(&mut w, inputs, opts, pool, event) {
        Ok(()) => w.commit().map_err(|e| index.diagnose(e)),
        Err(e) => Err(w.explain(e)),
    }
}

fn run(
    w: &mut Writer<'_>,
    inputs: &[Input],
    opts: &BuildOptions,
    pool: &rayon::ThreadPool,
    mut event: impl FnMut(Option<&crate::Error>),
) -> Result<()> {
    let batch = if opts.batch_bytes == 0 { DEFAULT_BATCH_BYTES } else { opts.batch_bytes };
    let (mut pending, mut since) = (0usize, Instant::now());
    let mut seen = HashSet::new();
    let known = w.hashes();
    // A write that failed stops the run: no input is read after it, and a
    // large input stops between parts.
    let stop = AtomicBool::new(false);
    let mut failure: Option<IndexError> = None;
    // The large input being put: name, hash, bytes of text.
    let mut open: Option<(String, String, usize)> = None;
    let work = |input: &Input, emit: &mut dyn FnMut(Piece)| {
        if !stop.load(Ordering::Relaxed) {
            read_one(&known, input, &stop, emit);
        }
    };
    let window = pool.current_num_threads().max(1) * 8;
    run_ordered_pieces(pool, inputs, window, work, |input, piece| {
        if failure.is_some() {
            return;
        }
        // Whether the input is done (put, unchanged or failed).
        let done = match piece {
            Piece::Unchanged => {
                w.skip();
                event(None);
                Ok(true)
            }
            Piece::Failed(e) => {
                w.fail();
                event(Some(&e));
                Ok(true)
            }
            Piece::Fresh { name, hash, bytes, meta, reqs, bare } => {
                pending += bytes.max(1);
                w.put_records(&name, &hash, &meta, &reqs, &bare).map(|_| {
                    event(None);
                    true
                })
            }
            Piece::Begin { name, hash, bytes } => {
                // (A large input's pieces come together, in order.)
                debug_assert!(open.is_none(), "{name} began inside another document");
                w.begin_document(&name);
                open = Some((name, hash, bytes));
                Ok(false)
            }
            Piece::Part { meta, reqs, bare } => {
                debug_assert!(open.is_some(), "a part of {} before its document began", input.name());
                match &open {
                    Some((name, hash, _)) => w.put_part(name, hash, &meta, &reqs, &bare).map(|()| false),
                    None => Ok(false),
                }
            }
            Piece::End => {
                if let Some((name, hash, bytes)) = open.take() {
                    w.end_document(&name, &hash);
                    pending += bytes;
                }
                event(None);
                Ok(true)
            }
            Piece::PartFailed(e) => {
                // Its records, old and new, are gone from the index; the
                // next run reads it again.
                if let Some((name, _, _)) = open.take() {
                    w.abandon_document(&name);
                }
                w.fail();
                event(Some(&e));
                Ok(true)
            }
        };
        let done = done.and_then(|done| {
            if done {
                seen.insert(input.name());
                if pending > 0 && (pending >= batch || since.elapsed() >= BATCH_TIME) {
                    w.checkpoint()?;
                    (pending, since) = (0, Instant::now());
                }
            }
            Ok(())
        });
        if let Err(e) = done {
            stop.store(true, Ordering::Relaxed);
            failure = Some(e);
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    for name in w.names() {
        if !seen.contains(&name) && (!Path::new(&name).exists() || under(&name, &opts.scope)) {
            w.remove(&name);
        }
    }
    Ok(())
}

/// Read `input` on a thread of the pool, handing on what it gives: one
/// piece for an input read whole (or unchanged, or failed); for a large
/// one, its records part by part as they are made, until `stop` is set.
fn read_one(known: &HashMap<String, String>, input: &Input, stop: &AtomicBool, emit: &mut dyn FnMut(Piece)) {
    let (name, hash, parts) = match open_one(known, input) {
        Opening::Done(piece) => return emit(piece),
        Opening::Large { name, hash, parts } => (name, hash, parts),
    };
    emit(Piece::Begin { name, hash, bytes: parts.len() });
    for part in *parts {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        match part {
            Ok((doc, ex)) => {
                let bare = bare_sentences(&doc, &ex);
                emit(Piece::Part { meta: doc.meta, reqs: ex.requirements, bare });
            }
            Err(e) => return emit(Piece::PartFailed(e)),
        }
    }
    emit(Piece::End);
}

fn open_one(known: &HashMap<String, String>, input: &Input) -> Opening {
    let src = match crate::source::open_input(input, PART_ABOVE, true) {
        Ok(Opened::Held(s)) => s,
        Ok(Opened::Streamed(f)) => {
            let (name, hash) = (f.name().to_string(), f.hash().unwrap_or_default().to_string());
            if known.get(&name) == Some(&hash) {
                return Opening::Done(Piece::Unchanged);
            }
            let parts = Parts::streamed(f, Options { rejections: false });
            return Opening::Large { name, hash, parts: Box::new(parts) };
        }
        Err(e) => return Opening::Done(Piece::Failed(e)),
    };
    let hash = content_hash(&src.text);
    if known.get(&src.name) == Some(&hash) {
        return Opening::Done(Piece::Unchanged);
    }
    if crate::parts::reads_in_parts(&src.text, PART_ABOVE) {
        let parts = Parts::new(src.name.clone(), src.text, Options { rejections: false });
        return Opening::Large { name: src.name, hash, parts: Box::new(parts) };
    }
    let doc = Document::analyze(src.name, src.text);
    let ex = extract(&doc);
    let bare = bare_sentences(&doc, &ex);
    let bytes = doc.source.len();
    Opening::Done(Piece::Fresh { name: doc.name, hash, bytes, meta: doc.meta, reqs: ex.requirements, bare })
}
