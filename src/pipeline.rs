//! The parallel pipeline: read → analyse → extract, over many inputs, with
//! results handed back in input order and memory bounded by a small window
//! of documents (not the whole corpus).

use crate::document::Document;
use crate::error::{Error, Result};
use crate::extract::{Extraction, Options, extract_with};
use crate::source::{Input, read_input};

/// Read, analyse and extract one input.
///
/// # Errors
/// Whatever reading the input gives (missing, empty, binary, undecodable,
/// unsupported format).
///
/// A panic while analysing one document (a bug) is caught and reported as
/// [`Error::Internal`] for that input, so one bad file never costs the run.
pub fn process(input: &Input) -> Result<(Document, Extraction)> {
    process_with(input, Options { rejections: true })
}

/// [`process`] with the extraction [`Options`] given (`taizhang extract`
/// asks for the rejected candidates only with `--explain`).
///
/// # Errors
/// As [`process`].
pub fn process_with(input: &Input, options: Options) -> Result<(Document, Extraction)> {
    let src = read_input(input)?;
    let name = src.name.clone();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let doc = Document::analyze(src.name, src.text);
        let ex = extract_with(&doc, options);
        (doc, ex)
    }))
    .map_err(|p| internal(&name, p))
}

/// Analyse and extract a text already in memory, named `name` (the `doc`
/// field of its requirements): the route of `extract --stdin-jsonl` and of
/// the Python package. The same text gives the same requirements as
/// [`process`] on a UTF-8 file holding it. `year`, when given, replaces the
/// year inferred from the text (deadlines such as 年底前 resolve with it).
/// A leading byte-order mark is not part of the text.
///
/// # Errors
/// [`Error::Empty`] when the text is empty or only white space;
/// [`Error::Internal`] when analysing it panicked (a bug).
pub fn process_text(name: &str, text: &str, year: Option<i32>, options: Options) -> Result<(Document, Extraction)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::Empty { path: name.into() });
    }
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let doc = match year {
            None => Document::analyze(name, text),
            Some(y) => {
                let norm = crate::normalize::Normalized::new(text);
                let seg = crate::segment::segment(norm.text());
                let mut meta = crate::meta::infer(norm.text(), &seg);
                meta.year = Some(y);
                Document::assemble(name, text.to_string(), norm, seg, meta)
            }
        };
        let ex = extract_with(&doc, options);
        (doc, ex)
    }))
    .map_err(|p| internal(name, p))
}

fn internal(name: &str, p: Box<dyn std::any::Any + Send>) -> Error {
    Error::Internal {
        path: name.into(),
        message: p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into()),
    }
}

/// Build a thread pool of `threads` workers (0 = all cores).
///
/// # Errors
/// `Error::Usage` when the pool cannot be built.
pub fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))
}

/// Run `work` over `inputs` on `pool`, handing each result to `sink` in
/// input order. At most `window` documents are held at once.
pub fn run_ordered<T, W, S>(pool: &rayon::ThreadPool, inputs: &[Input], window: usize, work: W, mut sink: S)
where
    T: Send,
    W: Fn(&Input) -> T + Sync,
    S: FnMut(&Input, T),
{
    use rayon::prelude::*;
    let window = window.max(1);
    for chunk in inputs.chunks(window) {
        let results: Vec<T> = pool.install(|| chunk.par_iter().map(&work).collect());
        for (input, r) in chunk.iter().zip(results) {
            sink(input, r);
        }
    }
}

/// Map `work` over `items` on `pool`, results in input order: one window of
/// a streaming run (`extract --stdin-jsonl` reads a window of lines, maps it,
/// prints it, reads the next).
pub fn map_ordered<I, T, W>(pool: &rayon::ThreadPool, items: &[I], work: W) -> Vec<T>
where
    I: Sync,
    T: Send,
    W: Fn(&I) -> T + Sync,
{
    use rayon::prelude::*;
    pool.install(|| items.par_iter().map(&work).collect())
}
