//! Time each stage of the pipeline over the bundled corpus replicated in
//! memory, on one thread, with jieba's dictionary loaded beforehand:
//! `cargo run --release --example stages [COPIES] [DIR]` (DIR: `corpus/`
//! by default; `tests/dev/docs` for real reports).

use std::time::{Duration, Instant};
use taizhang::Document;
use taizhang::normalize::Normalized;

fn main() {
    let copies: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(100);
    let dir = std::env::args()
        .nth(2)
        .map_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"), std::path::PathBuf::from);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .expect("corpus")
        .filter_map(|e| e.ok())
        .map(|e| (e.path().display().to_string(), std::fs::read(e.path()).expect("read")))
        .collect();
    files.sort();
    let bytes: usize = files.iter().map(|f| f.1.len()).sum::<usize>() * copies;
    taizhang::segment::words::jieba();
    let mut t = [Duration::ZERO; 6];
    let mut reqs = 0;
    let mut out = Vec::new();
    for _ in 0..copies {
        for (name, b) in &files {
            let s = Instant::now();
            let src = taizhang::source::read_bytes(std::path::Path::new(name), b).expect("decode");
            let s1 = Instant::now();
            let norm = Normalized::new(&src.text);
            let s2 = Instant::now();
            let seg = taizhang::segment::segment(norm.text());
            let s3 = Instant::now();
            let meta = taizhang::meta::infer(norm.text(), &seg);
            let s4 = Instant::now();
            let doc = Document::assemble(name.clone(), src.text, norm, seg, meta);
            let ex = taizhang::extract::extract_with(&doc, taizhang::extract::Options::default());
            let s5 = Instant::now();
            let mut enc = taizhang::model::json::Encoder::new();
            for r in &ex.requirements {
                enc.write(&mut out, r);
                out.push(b'\n');
            }
            out.clear();
            let s6 = Instant::now();
            reqs += ex.requirements.len();
            for (k, (a, b)) in [(s, s1), (s1, s2), (s2, s3), (s3, s4), (s4, s5), (s5, s6)].into_iter().enumerate() {
                t[k] += b - a;
            }
        }
    }
    let total: Duration = t.iter().sum();
    let mb = bytes as f64 / 1e6;
    println!("{mb:.1} MB, {reqs} requirements, {:.1} MB/s overall (1 thread)", mb / total.as_secs_f64());
    for (name, d) in ["decode", "normalize", "segment", "meta", "extract", "jsonl"].iter().zip(t) {
        println!(
            "{name:>10}: {:7.1} ms  {:5.1}%  {:7.1} MB/s",
            d.as_secs_f64() * 1e3,
            100.0 * d.as_secs_f64() / total.as_secs_f64(),
            mb / d.as_secs_f64()
        );
    }
}
