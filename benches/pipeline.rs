//! Throughput of taizhang over the seed corpus replicated in memory, and of
//! a plain Python baseline (jieba + re) over the same bytes, in one run.
//!
//! Groups (all `Throughput::Bytes`, so criterion reports MB/s):
//! - `frontend`: read (decode bytes) + normalise + segment (+ metadata), ≥ 20 MB,
//!   1 thread and all cores; `words` also cuts every sentence with jieba-rs.
//! - `extract`: the whole pipeline (read + analyse + extract), ≥ 50 MB,
//!   1 thread and all cores; `files` goes through `pipeline::run_ordered`
//!   and `process_with` over the same documents written to a temp dir.
//!   Both extract as `taizhang extract` does without `--explain`.
//! - `baseline_python`: `benches/baseline/bench.py` over the first copies of
//!   the same set (skipped with a note when python3 or jieba is missing).
//!
//! See benches/README.md. `TAIZHANG_BENCH_SCALE=0.05` shrinks every set for a smoke run.

#[path = "pipeline/corpus.rs"]
mod corpus;
#[path = "pipeline/python.rs"]
mod python;

use corpus::{Corpus, Doc, configure, megabytes};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rayon::prelude::*;
use std::hint::black_box;
use std::time::Instant;
use taizhang::Document;
use taizhang::extract::{Options, extract_with};
use taizhang::pipeline::{pool, process_with, run_ordered};
use taizhang::segment::words::words;
use taizhang::source::{Input, read_bytes};

/// Decode, normalise and segment one document; its sentence count.
fn frontend(doc: &Doc) -> usize {
    let src = read_bytes(&doc.name, &doc.bytes).unwrap_or_else(|e| panic!("{}: {e}", doc.name.display()));
    let d = Document::analyze(src.name, src.text);
    d.seg.sentences.len()
}

/// [`frontend`], then jieba-rs over every sentence; (sentences, words).
fn frontend_words(doc: &Doc) -> (usize, usize) {
    let src = read_bytes(&doc.name, &doc.bytes).unwrap_or_else(|e| panic!("{}: {e}", doc.name.display()));
    let d = Document::analyze(src.name, src.text);
    let text = d.norm.text();
    let n = d.seg.sentences.iter().filter_map(|s| text.get(s.range.clone())).map(|s| words(s).len()).sum();
    (d.seg.sentences.len(), n)
}

/// The whole pipeline over one document, as `taizhang extract` runs it
/// (requirements, no `--explain` list); its requirement count.
fn pipeline(doc: &Doc) -> usize {
    let src = read_bytes(&doc.name, &doc.bytes).unwrap_or_else(|e| panic!("{}: {e}", doc.name.display()));
    let d = Document::analyze(src.name, src.text);
    extract_with(&d, Options::default()).requirements.len()
}

/// Sum of `work` over `docs` on a pool of `threads` (par_iter over documents).
fn sum_on<F>(threads: usize, docs: &[Doc], work: F) -> usize
where
    F: Fn(&Doc) -> usize + Sync,
{
    let pool = pool(threads).unwrap_or_else(|e| panic!("{e}"));
    pool.install(|| docs.par_iter().map(&work).sum())
}

fn cores() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
}

/// Thread counts to measure: 1 and all cores.
fn thread_counts() -> Vec<usize> {
    let mut v = vec![1, cores()];
    v.dedup();
    v
}

fn bench_frontend(c: &mut Criterion) {
    let corpus = Corpus::at_least(megabytes(20.0));
    let one: usize = corpus.first_copies(1).iter().map(frontend).sum();
    let expected = one * corpus.copies;
    println!(
        "frontend: {} documents, {:.1} MB, {one} sentences per copy",
        corpus.docs.len(),
        corpus.bytes() as f64 / 1e6
    );
    let mut g = configure(c, "frontend", corpus.bytes(), 5);
    for threads in thread_counts() {
        g.bench_with_input(BenchmarkId::new("threads", threads), &threads, |b, &t| {
            b.iter(|| {
                let n = sum_on(t, &corpus.docs, frontend);
                assert_eq!(n, expected, "sentences over {} copies", corpus.copies);
                black_box(n)
            })
        });
    }
    // Word counts depend on the varied character (jieba may join it to its
    // neighbour), so the expected total is counted once over the whole set.
    let words_all: usize = corpus.docs.iter().map(|d| frontend_words(d).1).sum();
    g.bench_function(BenchmarkId::new("words", 1), |b| {
        b.iter(|| {
            let n = sum_on(1, &corpus.docs, |d| frontend_words(d).1);
            assert_eq!(n, words_all, "words over {} copies", corpus.copies);
            black_box(n)
        })
    });
    g.finish();
}

fn bench_extract(c: &mut Criterion) {
    let corpus = Corpus::at_least(megabytes(50.0));
    let one: usize = corpus.first_copies(1).iter().map(pipeline).sum();
    assert!(one > 0, "the seed corpus gives no requirement");
    let expected = one * corpus.copies;
    println!(
        "extract: {} documents, {:.1} MB, {one} requirements per copy",
        corpus.docs.len(),
        corpus.bytes() as f64 / 1e6
    );
    let mut g = configure(c, "extract", corpus.bytes(), 10);
    for threads in thread_counts() {
        g.bench_with_input(BenchmarkId::new("threads", threads), &threads, |b, &t| {
            b.iter(|| {
                let n = sum_on(t, &corpus.docs, pipeline);
                assert_eq!(n, expected, "requirements over {} copies", corpus.copies);
                black_box(n)
            })
        });
    }
    // The CLI's path: files on disk (page cache), `process_with`, results in input order.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    corpus.write_to(dir.path(), corpus.copies).unwrap_or_else(|e| panic!("writing the corpus: {e}"));
    let inputs: Vec<Input> = corpus.docs.iter().map(|d| Input::Path(dir.path().join(&d.name))).collect();
    let threads = cores();
    g.bench_function(BenchmarkId::new("files_run_ordered", threads), |b| {
        let pool = pool(threads).unwrap_or_else(|e| panic!("{e}"));
        b.iter(|| {
            let mut n = 0;
            let work = |input: &Input| process_with(input, Options::default());
            run_ordered(&pool, &inputs, threads * 4, work, |_, r| {
                n += r.map(|(_, ex)| ex.requirements.len()).unwrap_or_else(|e| panic!("{e}"))
            });
            assert_eq!(n, expected, "requirements from files");
            black_box(n)
        })
    });
    g.finish();
}

fn bench_python(c: &mut Criterion) {
    if let Some(why) = python::unavailable() {
        println!("baseline_python: skipped: {why}");
        return;
    }
    // Python is ~200x slower: it gets the first copies of the same set
    // (TAIZHANG_BENCH_PY_MB, default 1 MB) so that 10 samples stay short.
    let py_mb = std::env::var("TAIZHANG_BENCH_PY_MB").ok().and_then(|s| s.parse().ok()).unwrap_or(1.0);
    let corpus = Corpus::at_least(megabytes(py_mb));
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    corpus.write_to(dir.path(), corpus.copies).unwrap_or_else(|e| panic!("writing the corpus: {e}"));
    let mut server = python::Server::start(dir.path()).unwrap_or_else(|e| panic!("starting bench.py: {e}"));
    assert_eq!(server.bytes, corpus.bytes(), "python read the bytes we wrote");

    // Rust, 1 thread (this one), over exactly these bytes, for the ratio printed below.
    let (start, cpu0) = (Instant::now(), python::thread_cpu());
    let rust_reqs: usize = corpus.docs.iter().map(pipeline).sum();
    let mb = corpus.bytes() as f64 / 1e6;
    let rust = mb / start.elapsed().as_secs_f64();
    let rust_cpu = cpu0.zip(python::thread_cpu()).map(|(a, b)| mb / (b - a).as_secs_f64().max(1e-9));

    let mut g = configure(c, "baseline_python", corpus.bytes(), 20);
    let mut samples = Vec::new();
    g.bench_function(BenchmarkId::new("python_jieba_re", 1), |b| {
        b.iter_custom(|iters| {
            let t = server.run(iters).unwrap_or_else(|e| panic!("bench.py: {e}"));
            assert_eq!(t.bytes, corpus.bytes());
            samples.push((t.mb_per_s(iters), t.mb_per_cpu_s(iters), t.records));
            t.elapsed
        })
    });
    g.finish();
    // The median sample (by wall-clock MB/s), not the last one: Python's
    // passes vary by ±20% on a shared machine.
    samples.sort_by(|a, b| a.0.total_cmp(&b.0));
    if let Some(&(py, py_cpu, py_records)) = samples.get(samples.len() / 2) {
        println!(
            "baseline_python: {mb:.1} MB ({} docs), median of {} samples: python {py:.3} MB/s, {py_cpu:.3} MB/CPU-s \
             ({py_records} records); taizhang 1 thread {rust:.2} MB/s ({rust_reqs} requirements); ratio {:.0}x",
            corpus.docs.len(),
            samples.len(),
            rust / py
        );
        if let Some(rc) = rust_cpu {
            println!(
                "baseline_python: per CPU-second: taizhang {rc:.2} MB, python {py_cpu:.3} MB, ratio {:.0}x",
                rc / py_cpu
            );
        }
    }
}

criterion_group!(benches, bench_frontend, bench_extract, bench_python);
criterion_main!(benches);
