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

/// The most worker threads a run may ask for: far more than any machine
/// has cores, and few enough to start at once (`--threads 1000000` would
/// spend minutes starting threads, then run out of memory).
pub const MAX_THREADS: usize = 1024;

/// Build a thread pool of `threads` workers (0 = all cores).
///
/// # Errors
/// `Error::Usage` when `threads` is above [`MAX_THREADS`] or the pool
/// cannot be built.
pub fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    if threads > MAX_THREADS {
        return Err(Error::Usage(format!("--threads {threads} is too many: at most {MAX_THREADS} (0 = one per core)")));
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Options;

    const NO_REJECTIONS: Options = Options { rejections: false };

    #[test]
    fn a_text_in_memory_gives_what_its_file_gives() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/001_bd2d67b045b86009.txt");
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).expect("corpus file");
        let (_, from_file) = process_with(&Input::Path(path), NO_REJECTIONS).expect("file");
        let (_, from_text) = process_text(&name, &text, None, NO_REJECTIONS).expect("text");
        assert!(from_file.requirements.len() > 10);
        assert_eq!(from_text.requirements, from_file.requirements);
        let with_bom = format!("\u{feff}{text}");
        let (_, bom) = process_text(&name, &with_bom, None, NO_REJECTIONS).expect("text with a BOM");
        assert_eq!(bom.requirements, from_file.requirements);
    }

    #[test]
    fn a_given_year_resolves_the_deadlines() {
        let text = "各单位要在年底前完成清理整改。";
        let (doc, ex) = process_text("a.txt", text, Some(2024), NO_REJECTIONS).expect("text");
        assert_eq!(doc.meta.year, Some(2024));
        let dates: Vec<_> = ex.requirements.iter().filter_map(|r| r.deadline.as_ref()?.date.clone()).collect();
        assert_eq!(dates, ["2024-12-31"]);
    }

    #[test]
    fn an_empty_text_is_an_error_naming_it() {
        let e = process_text("doc-7", " \n\t", None, NO_REJECTIONS).expect_err("empty");
        assert_eq!(e.to_string(), "doc-7: empty file");
    }

    #[test]
    fn map_ordered_keeps_the_input_order() {
        let p = pool(2).expect("pool");
        let items: Vec<usize> = (0..100).collect();
        assert_eq!(map_ordered(&p, &items, |i| i * 2), items.iter().map(|i| i * 2).collect::<Vec<_>>());
    }
}
