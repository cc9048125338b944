//! Throughput as users get it: the release `taizhang` binary run as a
//! subprocess, `taizhang extract DIR --format jsonl --threads T > FILE`, over
//! a folder of real report text (the documents of `tests/dev/docs`
//! replicated to ≥ 20 MB, one character varied per copy), with 1 and 2
//! threads; beside it, in the same run, the plain Python pipeline
//! (`benches/baseline/extract.py DIR > FILE`, interpreter start and jieba's
//! dictionary load included, as a user runs it) over one copy of the same
//! documents. Every figure includes start-up, the dictionary load, reading
//! the files and writing the output.
//!
//! Then `taizhang index DIR --index NEW --threads 2` over the same folder,
//! each run into a new index folder: the index's MB/s and its size against
//! the text's.
//!
//! After the groups it prints MB/s (median wall clock) and MB per
//! CPU-second (user + system of the child, from wait4: a busy machine
//! disturbs it much less) for each, the 2-thread / 1-thread ratio and the
//! taizhang / Python ratios.
//!
//! ```text
//! cargo bench --bench cli
//! TAIZHANG_BENCH_CLI_MB=5 cargo bench --bench cli      # a smaller folder
//! TAIZHANG_BIN=/tmp/taizhang.old cargo bench --bench cli   # time another build
//! ```
//!
//! See benches/README.md.

#[path = "pipeline/corpus.rs"]
mod corpus;

use corpus::{Corpus, configure, dev_docs_dir, megabytes, originals_in};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One run of a child: wall clock, CPU (user + system), exit code.
#[derive(Clone, Copy)]
struct Run {
    wall: Duration,
    cpu: Duration,
}

/// Run `cmd` with stdout into `out` (created anew) and stderr discarded;
/// its wall and CPU time. Panics unless it exits with 0.
#[allow(clippy::zombie_processes, reason = "the child is reaped by wait4, which also gives its CPU time")]
fn timed(mut cmd: Command, out: &Path) -> Run {
    let file = std::fs::File::create(out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    let start = Instant::now();
    let child = cmd
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own child, never waited on by std's `Child`;
    // `status` and `usage` are valid for writing.
    let r = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert!(r > 0, "wait4: {}", std::io::Error::last_os_error());
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "{cmd:?}: status {status}");
    let tv = |t: libc::timeval| Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64);
    Run { wall, cpu: tv(usage.ru_utime) + tv(usage.ru_stime) }
}

/// The binary timed: `TAIZHANG_BIN`, else the one cargo built for this bench
/// (the release profile under `cargo bench`).
fn binary() -> PathBuf {
    std::env::var_os("TAIZHANG_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_taizhang")), PathBuf::from)
}

/// Median wall-clock MB/s and median MB per CPU-second of `runs` over `bytes`.
fn rates(runs: &[Run], bytes: u64) -> (f64, f64) {
    let mb = bytes as f64 / 1e6;
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let wall = median(runs.iter().map(|r| mb / r.wall.as_secs_f64().max(1e-9)).collect());
    let cpu = median(runs.iter().map(|r| mb / r.cpu.as_secs_f64().max(1e-9)).collect());
    (wall, cpu)
}

/// Lines of a file (requirements of a jsonl output).
fn lines(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// Bytes of the files under `dir`.
fn du(dir: &Path) -> u64 {
    std::fs::read_dir(dir).map_or(0, |rd| {
        rd.flatten()
            .map(|e| match e.file_type() {
                Ok(t) if t.is_dir() => du(&e.path()),
                _ => e.metadata().map_or(0, |m| m.len()),
            })
            .sum()
    })
}

/// Why the Python baseline cannot run here, or `None`.
fn python_missing() -> Option<String> {
    match Command::new("python3").args(["-c", "import jieba"]).stderr(Stdio::null()).status() {
        Ok(s) if s.success() => None,
        Ok(_) => Some("python3 cannot import jieba (run benches/baseline/install.sh)".into()),
        Err(e) => Some(format!("python3 not found ({e})")),
    }
}

fn bench_cli(c: &mut Criterion) {
    let bin = binary();
    let mb: f64 = std::env::var("TAIZHANG_BENCH_CLI_MB").ok().and_then(|s| s.parse().ok()).unwrap_or(20.0);
    let corpus = Corpus::of(originals_in(&dev_docs_dir()), megabytes(mb));
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let (docs, slice) = (tmp.path().join("docs"), tmp.path().join("slice"));
    for d in [&docs, &slice] {
        std::fs::create_dir(d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
    }
    corpus.write_to(&docs, corpus.copies).unwrap_or_else(|e| panic!("writing the documents: {e}"));
    corpus.write_to(&slice, 1).unwrap_or_else(|e| panic!("writing the slice: {e}"));
    let out = tmp.path().join("out.jsonl");
    let bytes = corpus.bytes();
    let slice_bytes: u64 = corpus.first_copies(1).iter().map(|d| d.bytes.len() as u64).sum();
    let extract = |dir: &Path, threads: usize| {
        let mut cmd = Command::new(&bin);
        cmd.arg("extract").arg(dir).args(["--format", "jsonl", "--threads"]).arg(threads.to_string());
        cmd
    };
    // One run to know what every run must write.
    timed(extract(&docs, 1), &out);
    let want = lines(&out);
    let out_bytes = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    assert!(want > 0, "no requirement from the documents");
    println!(
        "cli: {} ({}), {:.1} MB in {} files ({} copies of tests/dev/docs); {want} requirements, {:.1} MB of jsonl",
        bin.display(),
        String::from_utf8_lossy(&Command::new(&bin).arg("--version").output().map(|o| o.stdout).unwrap_or_default())
            .trim(),
        bytes as f64 / 1e6,
        corpus.docs.len(),
        corpus.copies,
        out_bytes as f64 / 1e6
    );

    let mut runs: Vec<(usize, Vec<Run>)> = Vec::new();
    let mut g = configure(c, "cli", bytes, 20);
    for threads in [1, 2] {
        let mut mine = Vec::new();
        g.bench_with_input(BenchmarkId::new("extract_jsonl_threads", threads), &threads, |b, &t| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    let r = timed(extract(&docs, t), &out);
                    assert_eq!(lines(&out), want, "requirements written with --threads {t}");
                    total += r.wall;
                    mine.push(r);
                }
                total
            })
        });
        runs.push((threads, mine));
    }
    g.finish();

    // The index, built anew each run (2 threads, as the goal is set).
    let mut indexing = Vec::new();
    let mut index_bytes = 0;
    let mut g = configure(c, "cli_index", bytes, 20);
    g.bench_function(BenchmarkId::new("index_threads", 2), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let ix = tmp.path().join("index");
                let _ = std::fs::remove_dir_all(&ix);
                let mut cmd = Command::new(&bin);
                cmd.arg("index").arg(&docs).arg("--index").arg(&ix).args(["--threads", "2"]);
                let r = timed(cmd, &out);
                index_bytes = du(&ix);
                total += r.wall;
                indexing.push(r);
            }
            total
        })
    });
    g.finish();

    // taizhang over the slice Python gets, for a ratio on the same bytes.
    let rust_slice: Vec<Run> = (0..5).map(|_| timed(extract(&slice, 1), &out)).collect();

    let mut python = Vec::new();
    match python_missing() {
        Some(why) => println!("cli: python baseline skipped: {why}"),
        None => {
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/baseline/extract.py");
            let mut g = configure(c, "cli_python", slice_bytes, 30);
            g.bench_function(BenchmarkId::new("extract_py", 1), |b| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let mut cmd = Command::new("python3");
                        cmd.arg(&script).arg(&slice);
                        let r = timed(cmd, &out);
                        total += r.wall;
                        python.push(r);
                    }
                    total
                })
            });
            g.finish();
        }
    }

    let mut one = (f64::NAN, f64::NAN);
    for (threads, rs) in &runs {
        let (wall, cpu) = rates(rs, bytes);
        if *threads == 1 {
            one = (wall, cpu);
        }
        println!(
            "cli: taizhang --threads {threads}: {wall:.1} MB/s, {cpu:.1} MB per CPU-second (median of {} runs)",
            rs.len()
        );
    }
    if let Some((_, rs)) = runs.iter().find(|(t, _)| *t == 2) {
        let (wall, cpu) = rates(rs, bytes);
        println!("cli: 2 threads / 1 thread: {:.2}x wall, {:.2}x per CPU-second", wall / one.0, cpu / one.1);
    }
    let (ix_wall, ix_cpu) = rates(&indexing, bytes);
    println!(
        "cli: taizhang index --threads 2: {ix_wall:.1} MB/s, {ix_cpu:.1} MB per CPU-second (median of {} runs); index {:.1} MB = {:.2}x the text",
        indexing.len(),
        index_bytes as f64 / 1e6,
        index_bytes as f64 / bytes as f64
    );
    let (rs_wall, rs_cpu) = rates(&rust_slice, slice_bytes);
    println!(
        "cli: taizhang --threads 1 over the slice ({:.1} MB, one copy): {rs_wall:.1} MB/s, {rs_cpu:.1} MB per CPU-second",
        slice_bytes as f64 / 1e6
    );
    if !python.is_empty() {
        let (py_wall, py_cpu) = rates(&python, slice_bytes);
        println!(
            "cli: python extract.py over the slice: {py_wall:.3} MB/s, {py_cpu:.3} MB per CPU-second (median of {} runs)",
            python.len()
        );
        println!(
            "cli: taizhang / python: {:.0}x wall ({:.0}x on the same slice), {:.0}x per CPU-second ({:.0}x on the slice), taizhang 1 thread over {:.0} MB",
            one.0 / py_wall,
            rs_wall / py_wall,
            one.1 / py_cpu,
            rs_cpu / py_cpu,
            bytes as f64 / 1e6
        );
    }
}

criterion_group!(benches, bench_cli);
criterion_main!(benches);
