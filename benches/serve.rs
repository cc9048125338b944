//! `taizhang serve` benchmark: the search page over HTTP on an on-disk
//! index of ≥ 200,000 requirements (corpus/ and tests/dev/docs replicated
//! with varied names, years and actors, built once in a temp dir), driven
//! by a client on 127.0.0.1 that opens a connection per request as a
//! browser's first load does. Prints p50 / p95 / p99 per kind of search
//! page (query, filters, facets, sorting, paging all computed on each) and
//! over all of them; asserts nothing. Criterion times one page after that.
//!
//! `TZ_SERVE_BENCH_INDEX=DIR` keeps the index in `DIR` (reused when it
//! already holds ≥ 200,000 requirements); `TZ_SERVE_BENCH_PERCENTILES_ONLY=1`
//! skips the criterion part.

use criterion::{Criterion, criterion_group, criterion_main};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use taizhang::index::{BareSentence, Index, bare_sentences, content_hash};
use taizhang::pipeline::process;
use taizhang::source::collect_inputs;
use taizhang::{DocumentMeta, Requirement};

const TARGET_REQUIREMENTS: usize = 200_000;
const ACTORS: [&str; 6] = ["县纪委", "乡镇党委", "县政府", "市发展改革委", "省人民政府", "街道党工委"];
/// Requests per kind of page.
const ROUNDS: usize = 200;

type Doc = (String, DocumentMeta, Vec<Requirement>, Vec<BareSentence>);

fn documents() -> Vec<Doc> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (set, _) = collect_inputs(&[root.join("corpus"), root.join("tests/dev/docs")]);
    set.inputs
        .iter()
        .filter_map(|i| process(i).ok())
        .map(|(doc, ex)| {
            let bare = bare_sentences(&doc, &ex);
            (doc.name.clone(), doc.meta.clone(), ex.requirements, bare)
        })
        .collect()
}

fn build(dir: &Path) {
    let docs = documents();
    let per_copy: usize = docs.iter().map(|d| d.2.len()).sum();
    let copies = TARGET_REQUIREMENTS.div_ceil(per_copy.max(1));
    let index = Index::open_or_create(dir, true).expect("index");
    let start = Instant::now();
    let mut w = index.writer(true).expect("writer");
    for i in 0..copies {
        let shift = (i % 8) as i32;
        let actor = ACTORS[i % ACTORS.len()];
        for (name, meta, reqs, bare) in &docs {
            let name = format!("copy{i}/{name}");
            let mut meta = meta.clone();
            meta.year = meta.year.map(|y| y - shift);
            let reqs: Vec<Requirement> = reqs
                .iter()
                .map(|r| {
                    let mut r = r.clone();
                    r.doc = name.clone();
                    let d = Arc::make_mut(&mut r.document);
                    d.year = meta.year;
                    r.actor = Some(format!("{actor}{}", r.actor.as_deref().unwrap_or("")));
                    r
                })
                .collect();
            // The bare sentences of one copy in five keep the build short.
            let bare: &[BareSentence] = if i % 5 == 0 { bare } else { &[] };
            w.put_records(&name, &content_hash(&name), &meta, &reqs, bare).expect("put");
        }
    }
    let s = w.commit().expect("commit");
    eprintln!(
        "serve bench: {} requirements, {} sentences, {} documents indexed in {:.1} s",
        s.requirements,
        s.sentences,
        s.total_docs,
        start.elapsed().as_secs_f64()
    );
}

fn enough(dir: &Path) -> bool {
    let Ok(index) = Index::open(dir) else { return false };
    let n: usize = index.manifest().map(|m| m.docs.values().map(|d| d.requirements).sum()).unwrap_or(0);
    eprintln!("serve bench: {} holds {n} requirements", dir.display());
    n >= TARGET_REQUIREMENTS
}

/// GET a page; returns the status and the body length.
fn get(addr: SocketAddr, path: &str) -> (u16, usize) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let status = raw.get(9..12).and_then(|c| std::str::from_utf8(c).ok()?.parse().ok()).unwrap_or(0);
    (status, raw.len())
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~=&".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn pages() -> Vec<(&'static str, String)> {
    vec![
        ("term 约谈", format!("/?{}", enc("q=约谈"))),
        ("phrase \"城镇新增就业\"", format!("/?{}", enc("q=\"城镇新增就业\""))),
        (
            "term + kind + years + actor",
            format!("/?{}", enc("q=就业&kind=target&year_from=2015&year_to=2020&actor=县政府")),
        ),
        ("everything, facets over all", "/?q=".to_string()),
        ("value range, largest first", format!("/?{}", enc("q=&unit=%&min=5&max=10&sort=value_desc"))),
        ("term, newest first, page 5", format!("/?{}", enc("q=增长&sort=year_desc&page=5"))),
        ("issuer facet", format!("/?{}", enc("q=安全生产&issuer=国务院"))),
    ]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn percentiles(addr: SocketAddr, server: &str) {
    let mut all: Vec<Duration> = Vec::new();
    for (name, path) in pages() {
        let (status, len) = get(addr, &path);
        assert_eq!(status, 200, "{name}: {path}");
        let mut times: Vec<Duration> = (0..ROUNDS)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(get(addr, &path));
                t.elapsed()
            })
            .collect();
        times.sort();
        let p = |x: f64| times[((times.len() as f64 * x) as usize).min(times.len() - 1)];
        eprintln!(
            "serve bench: {server}: {name:34} p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms  ({len} bytes)",
            ms(p(0.5)),
            ms(p(0.95)),
            ms(p(0.99))
        );
        all.extend(times);
    }
    all.sort();
    let p = |x: f64| all[((all.len() as f64 * x) as usize).min(all.len() - 1)];
    eprintln!(
        "serve bench: {server}: all {} search pages                p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms",
        all.len(),
        ms(p(0.5)),
        ms(p(0.95)),
        ms(p(0.99))
    );
}

/// Serve `app` from a thread on a free port.
fn start(app: taizhang::serve::App) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let any: SocketAddr = "127.0.0.1:0".parse().expect("addr");
        taizhang::serve::run(app, any, |a| tx.send(a).expect("send")).expect("serve");
    });
    rx.recv().expect("bound")
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir: PathBuf = std::env::var_os("TZ_SERVE_BENCH_INDEX").map_or_else(|| tmp.path().join("index"), Into::into);
    if !enough(&dir) {
        build(&dir);
    }
    // As served (facet counts kept per search), and counting every page.
    let addr = start(taizhang::serve::App::open(&dir).expect("open"));
    let t = Instant::now();
    get(addr, "/");
    eprintln!("serve bench: first page (reads the catalog of the commit) {:.0} ms", ms(t.elapsed()));
    percentiles(addr, "default");
    let cold = start(taizhang::serve::App::open(&dir).expect("open").with_facet_cache(0));
    get(cold, "/");
    percentiles(cold, "facets counted on every page");
    if std::env::var_os("TZ_SERVE_BENCH_PERCENTILES_ONLY").is_some() {
        return;
    }
    let mut g = c.benchmark_group("serve");
    g.sample_size(30).warm_up_time(Duration::from_millis(300)).measurement_time(Duration::from_secs(3));
    let path = format!("/?{}", enc("q=约谈"));
    g.bench_function("search page 约谈", |b| b.iter(|| get(addr, &path)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
