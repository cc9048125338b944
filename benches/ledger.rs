//! The ledger's writing stage: rows streamed into an xlsx workbook
//! (`ledger::xlsx::XlsxStream`, as `taizhang ledger -o FILE.xlsx` runs it),
//! in rows a second, and the process's peak memory (VmHWM) after it.
//!
//! The rows are made one at a time from the targets of corpus/001 (real
//! sentences, actors, milestones), each with its own id, so the input is
//! never whole in memory: what grows is what the writer keeps.
//!
//! ```sh
//! cargo bench --bench ledger                                  # 300,000 rows
//! TAIZHANG_LEDGER_ROWS=50000 cargo bench --bench ledger       # smaller
//! ```

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use taizhang::document::Document;
use taizhang::ledger::LedgerRow;
use taizhang::ledger::xlsx::{Options, XlsxStream};

fn rows() -> usize {
    std::env::var("TAIZHANG_LEDGER_ROWS").ok().and_then(|s| s.parse().ok()).unwrap_or(300_000)
}

/// Peak resident memory of this process, from /proc (Linux), in MB.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1000.0)
}

fn bench(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/001_bd2d67b045b86009.txt");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc = Document::analyze(path, &text);
    let seeds: Vec<LedgerRow> = taizhang::extract::extract(&doc)
        .requirements
        .iter()
        .filter(|r| r.kind == taizhang::Kind::Target)
        .enumerate()
        .map(|(i, r)| LedgerRow::from_requirement(r, i + 1))
        .collect();
    assert!(!seeds.is_empty());
    let n = rows();
    let headers = taizhang::ledger::Ledger::default().headers();
    let before = peak_rss_mb();
    let write = || {
        let mut stream = XlsxStream::new(&headers, &[], Options::default()).unwrap_or_else(|e| panic!("{e}"));
        for i in 0..n {
            let mut row = seeds[i % seeds.len()].clone();
            row.seq = i + 1;
            row.id = format!("{i:016x}");
            stream.push(&row).unwrap_or_else(|e| panic!("{e}"));
        }
        let mut out = tempfile::tempfile().unwrap_or_else(|e| panic!("{e}"));
        stream.finish(&mut out).unwrap_or_else(|e| panic!("{e}"));
        let len = out.metadata().map(|m| m.len()).unwrap_or(0);
        assert!(len > n as u64 * 20, "a workbook of {len} bytes for {n} rows");
    };
    let mut g = c.benchmark_group("ledger");
    g.sample_size(10);
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function(format!("stream_xlsx/{n}"), |b| b.iter(write));
    g.finish();
    if let (Some(a), Some(b)) = (before, peak_rss_mb()) {
        println!("ledger/stream_xlsx/{n}: peak RSS {b:.0} MB ({a:.0} MB before the first workbook)");
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
