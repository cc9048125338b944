//! One indexing run over inputs: read in parallel, skip what is unchanged,
//! analyse and extract the rest, remove what vanished, commit once.

use super::writer::{BareSentence, bare_sentences, content_hash};
use super::{Index, IndexError, Result, Summary};
use crate::document::Document;
use crate::extract::extract;
use crate::model::{DocumentMeta, Requirement};
use crate::pipeline::run_ordered;
use crate::source::{Input, read_input};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Options of [`index_inputs`].
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Drop everything first.
    pub rebuild: bool,
    /// The paths the inputs were collected from: an indexed document under
    /// one of them that was not collected this time is removed.
    pub scope: Vec<PathBuf>,
}

/// What reading one input gave.
enum Read {
    Unchanged,
    Fresh { name: String, hash: String, meta: DocumentMeta, reqs: Vec<Requirement>, bare: Vec<BareSentence> },
    Failed(crate::Error),
}

fn under(name: &str, scope: &[PathBuf]) -> bool {
    let p = Path::new(name);
    scope.iter().any(|s| p.starts_with(s))
}

/// Index `inputs` into `index` with a pool of threads. `event` is called
/// once per input, with the error of an input that failed (its old
/// records are kept).
///
/// # Errors
/// The lock is held by another writer, standard input was given, or the
/// commit failed.
pub fn index_inputs(
    index: &Index,
    inputs: &[Input],
    opts: &BuildOptions,
    pool: &rayon::ThreadPool,
    mut event: impl FnMut(Option<&crate::Error>),
) -> Result<Summary> {
    if inputs.iter().any(|i| matches!(i, Input::Stdin)) {
        return Err(IndexError::Engine(
            "standard input cannot be indexed (it has no name to update it by); save it to a file".into(),
        ));
    }
    let mut w = index.writer(opts.rebuild)?;
    let mut seen = HashSet::new();
    let known = w.hashes();
    for chunk in inputs.chunks(pool.current_num_threads().max(1) * 8) {
        let mut batch = Vec::with_capacity(chunk.len());
        let work = |input: &Input| read_one(&known, input);
        run_ordered(pool, chunk, chunk.len(), work, |input, r| {
            batch.push((input.name(), r));
        });
        for (name, r) in batch {
            seen.insert(name);
            match r {
                Read::Unchanged => w.skip(),
                Read::Failed(e) => {
                    w.fail();
                    event(Some(&e));
                    continue;
                }
                Read::Fresh { name, hash, meta, reqs, bare } => {
                    w.put_records(&name, &hash, &meta, &reqs, &bare)?;
                }
            }
            event(None);
        }
    }
    for name in w.names() {
        if !seen.contains(&name) && (!Path::new(&name).exists() || under(&name, &opts.scope)) {
            w.remove(&name);
        }
    }
    w.commit()
}

fn read_one(known: &HashMap<String, String>, input: &Input) -> Read {
    let src = match read_input(input) {
        Ok(s) => s,
        Err(e) => return Read::Failed(e),
    };
    let hash = content_hash(&src.text);
    if known.get(&src.name) == Some(&hash) {
        return Read::Unchanged;
    }
    let doc = Document::analyze(src.name, src.text);
    let ex = extract(&doc);
    let bare = bare_sentences(&doc, &ex);
    Read::Fresh { name: doc.name, hash, meta: doc.meta, reqs: ex.requirements, bare }
}
