//! Search benchmark: an on-disk index of ≥ 200,000 requirements made from
//! the corpus (copies with varied names, years and actors), built once in a
//! temp dir; then query latency (p50/p99 printed, criterion for the rest)
//! for a term, a phrase, a term with two filters and a value range.
//!
//! `TZ_SEARCH_BENCH_INDEX=DIR` keeps the index in `DIR` (reused when it
//! already holds ≥ 200,000 requirements), so that cold `taizhang search`
//! runs can be timed on it afterwards; `TZ_SEARCH_BENCH_PERCENTILES_ONLY=1`
//! skips the criterion part.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};
use taizhang::index::{BareSentence, Index, SearchQuery, bare_sentences, content_hash};
use taizhang::pipeline::process;
use taizhang::source::collect_inputs;
use taizhang::{DocumentMeta, Requirement};
use tantivy::collector::TopDocs;

const TARGET_REQUIREMENTS: usize = 200_000;
const ACTORS: [&str; 8] =
    ["县纪委", "乡镇党委", "县委办公室", "县政府", "县直各部门", "街道党工委", "县教育局", "县卫健局"];

struct Corpus {
    docs: Vec<(String, DocumentMeta, Vec<Requirement>, Vec<BareSentence>)>,
}

fn corpus() -> Corpus {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let (set, _) = collect_inputs(&[dir]);
    let mut docs = Vec::new();
    for input in &set.inputs {
        if let Ok((doc, ex)) = process(input) {
            let bare = bare_sentences(&doc, &ex);
            docs.push((doc.name.clone(), doc.meta.clone(), ex.requirements, bare));
        }
    }
    Corpus { docs }
}

/// Build the index; prints size, time and MB/s.
fn build(dir: &Path, c: &Corpus) -> Index {
    let per_copy: usize = c.docs.iter().map(|d| d.2.len()).sum();
    let copies = TARGET_REQUIREMENTS.div_ceil(per_copy.max(1));
    let index = Index::open_or_create(dir, true).expect("index");
    let start = Instant::now();
    let mut bytes = 0usize;
    let mut w = index.writer(true).expect("writer");
    for i in 0..copies {
        let year = 2013 + (i % 12) as i32;
        let actor = ACTORS[(i / 12) % ACTORS.len()];
        for (name, meta, reqs, bare) in &c.docs {
            let name = format!("copy{i}/{name}");
            let mut meta = meta.clone();
            meta.year = Some(year);
            let reqs: Vec<Requirement> = reqs
                .iter()
                .map(|r| {
                    let mut r = r.clone();
                    r.doc = name.clone();
                    std::sync::Arc::make_mut(&mut r.document).year = Some(year);
                    r.actor = Some(format!("{actor}{}", r.actor.as_deref().unwrap_or("")));
                    r
                })
                .collect();
            // Bare sentences for one copy in ten keeps the build short.
            let bare: &[BareSentence] = if i % 10 == 0 { bare } else { &[] };
            let hash = content_hash(&name);
            w.put_records(&name, &hash, &meta, &reqs, bare).expect("put");
            bytes += reqs.iter().map(|r| r.sentence.len()).sum::<usize>();
            bytes += bare.iter().map(|s| s.text.len()).sum::<usize>();
        }
    }
    let s = w.commit().expect("commit");
    let secs = start.elapsed().as_secs_f64();
    let segments = index.searcher().map(|s| s.segment_readers().len()).unwrap_or(0);
    eprintln!("search bench: {segments} segments");
    eprintln!(
        "search bench: {} requirements, {} sentences from {} documents; {:.1} MB of sentence text indexed in {secs:.1} s = {:.2} MB/s",
        s.requirements,
        s.sentences,
        s.total_docs,
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
    index
}

fn queries() -> Vec<(&'static str, SearchQuery)> {
    let q = |text: &str| SearchQuery { text: text.into(), limit: 20, ..Default::default() };
    vec![
        ("term 约谈", q("约谈")),
        ("phrase \"党风廉政建设\"", q("\"党风廉政建设\"")),
        (
            "term 约谈 --year 2020 --actor 乡镇",
            SearchQuery { year: Some(2020), actor: Some("乡镇".into()), ..q("约谈") },
        ),
        ("range --min 90 --max 100", SearchQuery { min: Some(90.0), max: Some(100.0), ..q("*") }),
    ]
}

fn percentiles(index: &Index) {
    for (name, q) in queries() {
        let mut times: Vec<Duration> = (0..300)
            .map(|_| {
                let t = Instant::now();
                black_box(index.search(&q).expect("search"));
                t.elapsed()
            })
            .collect();
        times.sort();
        let p = |x: f64| times[((times.len() as f64 * x) as usize).min(times.len() - 1)];
        let n = index.search(&q).map(|h| h.len()).unwrap_or(0);
        let searcher = index.searcher().expect("searcher");
        let parsed = index.parse_query(&q.text).expect("parse");
        let mut raw: Vec<Duration> = (0..100)
            .map(|_| {
                let t = Instant::now();
                black_box(searcher.search(&parsed, &TopDocs::with_limit(20)).expect("raw"));
                t.elapsed()
            })
            .collect();
        raw.sort();
        eprintln!("search bench: {name:40} query text alone, top 20 ids: p50 {:.3} ms", raw[50].as_secs_f64() * 1e3);
        eprintln!(
            "search bench: {name:40} p50 {:>8.3} ms  p99 {:>8.3} ms  ({n} hits)",
            p(0.5).as_secs_f64() * 1e3,
            p(0.99).as_secs_f64() * 1e3
        );
    }
}

/// The index kept in `dir` when it already holds enough requirements.
fn reuse(dir: &Path) -> Option<Index> {
    let index = Index::open(dir).ok()?;
    let n: usize = index.manifest().ok()?.docs.values().map(|d| d.requirements).sum();
    eprintln!("search bench: reusing {} ({n} requirements)", dir.display());
    (n >= TARGET_REQUIREMENTS).then_some(index)
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = std::env::var_os("TZ_SEARCH_BENCH_INDEX").map_or_else(|| tmp.path().join("index"), Into::into);
    let index = match reuse(&dir) {
        Some(i) => i,
        None => build(&dir, &corpus()),
    };
    percentiles(&index);
    if std::env::var_os("TZ_SEARCH_BENCH_PERCENTILES_ONLY").is_some() {
        return;
    }
    let mut g = c.benchmark_group("search");
    g.sample_size(30).warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(2));
    for (name, q) in queries() {
        g.bench_function(name, |b| b.iter(|| black_box(index.search(&q).expect("search"))));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
