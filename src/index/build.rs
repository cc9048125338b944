//! One indexing run over inputs: read in parallel, skip what is unchanged,
//! analyse and extract the rest, commit in batches, remove what vanished,
//! commit at the end.

use super::writer::{BareSentence, bare_sentences, content_hash};
use super::{Index, IndexError, Result, Summary, Writer};
use crate::document::Document;
use crate::extract::{Options, extract};
use crate::model::{DocumentMeta, Requirement};
use crate::parts::{PART_ABOVE, Parts};
use crate::pipeline::run_ordered;
use crate::source::{Input, Opened};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
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

/// What reading one input gave.
enum Read {
    Unchanged,
    Fresh {
        name: String,
        hash: String,
        bytes: usize,
        meta: DocumentMeta,
        reqs: Vec<Requirement>,
        bare: Vec<BareSentence>,
    },
    /// An input of more than [`PART_ABOVE`] bytes of text: read in parts
    /// as it is indexed.
    Large {
        name: String,
        hash: String,
        parts: Box<Parts>,
    },
    Failed(crate::Error),
}

fn under(name: &str, scope: &[PathBuf]) -> bool {
    let p = Path::new(name);
    scope.iter().any(|s| p.starts_with(s))
}

/// Index `inputs` into `index` with a pool of threads, committing every
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
    for chunk in inputs.chunks(pool.current_num_threads().max(1) * 8) {
        let mut read = Vec::with_capacity(chunk.len());
        let work = |input: &Input| read_one(&known, input);
        run_ordered(pool, chunk, chunk.len(), work, |input, r| {
            read.push((input.name(), r));
        });
        for (name, r) in read {
            seen.insert(name);
            match r {
                Read::Unchanged => w.skip(),
                Read::Failed(e) => {
                    w.fail();
                    event(Some(&e));
                    continue;
                }
                Read::Fresh { name, hash, bytes, meta, reqs, bare } => {
                    w.put_records(&name, &hash, &meta, &reqs, &bare)?;
                    pending += bytes.max(1);
                }
                Read::Large { name, hash, parts } => {
                    let bytes = parts.len();
                    if let Err(e) = put_parts(w, &name, &hash, *parts)? {
                        w.fail();
                        event(Some(&e));
                        continue;
                    }
                    pending += bytes;
                }
            }
            event(None);
            if pending > 0 && (pending >= batch || since.elapsed() >= BATCH_TIME) {
                w.checkpoint()?;
                (pending, since) = (0, Instant::now());
            }
        }
    }
    for name in w.names() {
        if !seen.contains(&name) && (!Path::new(&name).exists() || under(&name, &opts.scope)) {
            w.remove(&name);
        }
    }
    Ok(())
}

fn read_one(known: &HashMap<String, String>, input: &Input) -> Read {
    let src = match crate::source::open_input(input, PART_ABOVE, true) {
        Ok(Opened::Held(s)) => s,
        Ok(Opened::Streamed(f)) => {
            let (name, hash) = (f.name().to_string(), f.hash().unwrap_or_default().to_string());
            if known.get(&name) == Some(&hash) {
                return Read::Unchanged;
            }
            let parts = Parts::streamed(f, Options { rejections: false });
            return Read::Large { name, hash, parts: Box::new(parts) };
        }
        Err(e) => return Read::Failed(e),
    };
    let hash = content_hash(&src.text);
    if known.get(&src.name) == Some(&hash) {
        return Read::Unchanged;
    }
    if src.text.len() > PART_ABOVE {
        let parts = Parts::new(src.name.clone(), src.text, Options { rejections: false });
        return Read::Large { name: src.name, hash, parts: Box::new(parts) };
    }
    let doc = Document::analyze(src.name, src.text);
    let ex = extract(&doc);
    let bare = bare_sentences(&doc, &ex);
    let bytes = doc.source.len();
    Read::Fresh { name: doc.name, hash, bytes, meta: doc.meta, reqs: ex.requirements, bare }
}

/// Index a large input a part at a time (each part's records put as soon
/// as they are made). `Ok(Err(e))`: a part failed (a bug): the document's
/// records, old and new, are gone from the index, and the next run reads it
/// again. (An unchanged input never gets here: `read_one` knows it by its
/// hash.)
fn put_parts(
    w: &mut Writer<'_>,
    name: &str,
    hash: &str,
    parts: Parts,
) -> Result<std::result::Result<(), crate::Error>> {
    w.begin_document(name);
    for part in parts {
        match part {
            Ok((doc, ex)) => {
                let bare = bare_sentences(&doc, &ex);
                w.put_part(name, hash, &doc.meta, &ex.requirements, &bare)?;
            }
            Err(e) => {
                w.abandon_document(name);
                return Ok(Err(e));
            }
        }
    }
    w.end_document(name, hash);
    Ok(Ok(()))
}
