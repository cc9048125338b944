//! Extraction time is linear in a document's size, whatever its shape
//! (issue 17): for each shape, `taizhang extract FILE --format jsonl` on the
//! document at 8× the size takes less than 10× the CPU time it takes at 1×
//! (the quadratic stages fixed for issue 17 gave 18× to 76× on these sizes).
//!
//! The shapes: table-like lines (a 绩效评价表 with one cell per line, a task
//! table with a 责任单位 column, a long numbered list), long documents (real
//! documents joined, a hard-wrapped text dump), one long line (a sentence
//! repeated on one line, and as one paragraph of a docx), deep HTML, and
//! repeated sentences.
//!
//! They time the release binary, so they are ignored by `cargo test`; run
//! them with
//!
//! ```text
//! cargo test --release --test integration scaling -- --ignored --test-threads=1
//! ```
//!
//! (`TAIZHANG_BIN=/path/to/taizhang` times another build; from a debug test
//! build they time `target/release/taizhang` when it exists, and skip with a
//! message when it does not.) Each size is run [`RUNS`] times and the least CPU
//! time (user + system, of the child alone) is kept: noise on a shared
//! machine only ever adds time, so the least is the steadiest reading (with
//! three runs the task table read 7.6x to 11.5x on one build).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The largest ratio of CPU time between 8× and 1× the size.
const MAX_RATIO: f64 = 10.0;

/// How many times each size is run (the least CPU time is kept).
const RUNS: usize = 7;

/// How long one run may take before it counts as a failure.
const RUN_LIMIT: Duration = Duration::from_secs(120);

/// The sentence of the long line (the issue's docx holds 72 MB of it).
const SENTENCE: &str = "年内开展督查不少于2次。";

/// The release binary to time, or why there is none.
fn binary() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("TAIZHANG_BIN") {
        return Ok(PathBuf::from(p));
    }
    let built = PathBuf::from(env!("CARGO_BIN_EXE_taizhang"));
    if !cfg!(debug_assertions) {
        return Ok(built);
    }
    // A debug test build: the release binary beside it (target/release).
    let release =
        built.parent().and_then(Path::parent).map(|t| t.join("release").join(built.file_name().unwrap_or_default()));
    match release {
        Some(r) if r.is_file() => Ok(r),
        _ => Err(format!(
            "no release binary beside {} (run `cargo build --release` first, or the tests with --release, or set TAIZHANG_BIN)",
            built.display()
        )),
    }
}

/// The release binary to time, or `None` (and a line saying why `test`
/// is skipped) off Unix, where `what` of a child cannot be read with wait4,
/// or when there is no release build.
fn release_binary(test: &str, what: &str) -> Option<PathBuf> {
    if cfg!(not(unix)) {
        eprintln!("{test}: skipped ({what} of a child is read with wait4)");
        return None;
    }
    match binary() {
        Ok(b) => Some(b),
        Err(why) => {
            eprintln!("{test}: skipped: {why}");
            None
        }
    }
}

/// CPU time (user + system) of one run of `bin` with `args`.
fn cpu_time(bin: &Path, args: &[&std::ffi::OsStr]) -> Duration {
    usage(bin, args).0
}

/// CPU time (user + system) and peak resident memory (bytes) of one run of
/// `bin` with `args`.
#[cfg(unix)]
#[allow(clippy::zombie_processes, reason = "the child is reaped by wait4, which also gives its CPU time")]
fn usage(bin: &Path, args: &[&std::ffi::OsStr]) -> (Duration, u64) {
    use std::process::{Command, Stdio};
    let child = Command::new(bin)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", bin.display()));
    let pid = child.id() as libc::pid_t;
    let start = Instant::now();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own child, not yet reaped (std's `Child` is
        // never waited on); `status` and `usage` are valid for writing.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        assert!(r >= 0, "wait4: {}", std::io::Error::last_os_error());
        if r == pid {
            break;
        }
        if start.elapsed() > RUN_LIMIT {
            // SAFETY: as above; the child is then reaped by the blocking wait.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::wait4(pid, &mut status, 0, &mut usage);
            }
            panic!("{} {args:?} did not finish in {RUN_LIMIT:?}", bin.display());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1, "{} {args:?}: status {status}", bin.display());
    let tv = |t: libc::timeval| Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64);
    // ru_maxrss is in kilobytes, but in bytes on macOS.
    let unit = if cfg!(target_os = "macos") { 1 } else { 1024 };
    (tv(usage.ru_utime) + tv(usage.ru_stime), usage.ru_maxrss.max(0) as u64 * unit)
}

#[cfg(not(unix))]
fn usage(_: &Path, _: &[&std::ffi::OsStr]) -> (Duration, u64) {
    unreachable!("checked by `release_binary`")
}

/// Write the document of `make(scale)` at 1× and 8× and check that
/// extracting the larger takes less than [`MAX_RATIO`] times as long.
fn scales(shape: &str, ext: &str, make: impl Fn(usize) -> Vec<u8>) {
    scales_with(shape, ext, make, |path, _| {
        vec!["extract".into(), path.as_os_str().to_owned(), "--format".into(), "jsonl".into()]
    });
}

/// [`scales`] for any command: `args(input, scratch folder)`.
fn scales_with(
    shape: &str,
    ext: &str,
    make: impl Fn(usize) -> Vec<u8>,
    args: impl Fn(&Path, &Path) -> Vec<std::ffi::OsString>,
) {
    let Some(bin) = release_binary(&format!("scaling {shape}"), "CPU time") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut best = Vec::new();
    for scale in [1, 8] {
        let path = dir.path().join(format!("{shape}-{scale}x.{ext}"));
        let bytes = make(scale);
        std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
        let owned = args(&path, dir.path());
        let args: Vec<&std::ffi::OsStr> = owned.iter().map(|a| a.as_os_str()).collect();
        let time = (0..RUNS).map(|_| cpu_time(&bin, &args)).min().unwrap_or_default();
        eprintln!("scaling {shape} {scale}x: {} bytes, {:.3} s CPU", bytes.len(), time.as_secs_f64());
        best.push(time.as_secs_f64().max(0.001));
    }
    if best[0] < 0.05 {
        eprintln!("scaling {shape}: 1x took under 50 ms, the ratio is rough");
    }
    let ratio = best[1] / best[0];
    eprintln!("scaling {shape}: 8x / 1x = {ratio:.2}");
    assert!(ratio < MAX_RATIO, "{shape}: 8x the size took {ratio:.1}x the CPU time ({best:?} s)");
}

/// `unit` repeated to at least `bytes` bytes.
fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len().max(1) + 1)
}

/// A document of the development set (real text).
fn dev_doc(name: &str) -> String {
    std::fs::read_to_string(crate::util::root().join("tests/dev/docs").join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Real 考核细则 and 评分表 cut into one cell per line, as a table pasted
/// from Word or a PDF reads: at each 。 and ；, and around each score
/// (`8分`), followed by a real task table (序号 … 责任单位).
fn cells_of_real_tables() -> String {
    let mut out = String::new();
    for name in [
        "d027_keqiao_xiangcunzhenxing_kaohe_2023.txt",
        "d028_xinfang_kaohe_zhenjie_2023.txt",
        "d029_guichi_shuangyong_kaoping_2011.txt",
        "d031_gongsi_dangzhibu_kaohe.txt",
    ] {
        for line in dev_doc(name).lines() {
            let mut cell = String::new();
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                // A score opens a cell of its own: 8分, 0.5分.
                if c.is_ascii_digit() && !cell.ends_with(|p: char| p.is_ascii_digit() || p == '.') {
                    let rest: String = chars.clone().take_while(|d| d.is_ascii_digit() || *d == '.').collect();
                    if chars.clone().nth(rest.chars().count()) == Some('分') && !cell.trim().is_empty() {
                        out.push_str(cell.trim());
                        out.push('\n');
                        cell.clear();
                    }
                }
                cell.push(c);
                let score_end = c == '分' && cell.trim_end_matches('分').ends_with(|p: char| p.is_ascii_digit());
                if matches!(c, '。' | '；') || score_end {
                    out.push_str(cell.trim());
                    out.push('\n');
                    cell.clear();
                }
            }
            if !cell.trim().is_empty() {
                out.push_str(cell.trim());
                out.push('\n');
            }
        }
    }
    let fixtures = crate::util::root().join("tests/fixtures/genres");
    for name in ["g10_web_notice.txt", "g03_assessment_rules.txt"] {
        out.push_str(&std::fs::read_to_string(fixtures.join(name)).unwrap_or_else(|e| panic!("{name}: {e}")));
        out.push('\n');
    }
    out
}

#[test]
#[ignore = "times the release binary: cargo test --release --test integration scaling -- --ignored"]
fn scaling_table_cells() {
    let unit = cells_of_real_tables();
    scales("table-cells", "txt", |k| repeat_to(&unit, k * (512 << 10)).into_bytes());
}

#[test]
#[ignore = "times the release binary: cargo test --release --test integration scaling -- --ignored"]
fn scaling_task_table() {
    // One long 任务分解表, a cell per line: every row's figure looks up its
    // row's 责任单位.
    let tasks = [
        ("开展廉政警示教育", "全年不少于4次", "2024年12月底前", "县纪委监委"),
        ("新提拔干部廉政谈话", "覆盖率100%", "持续推进", "县委组织部、县纪委监委"),
        ("专项整治漠视侵害群众利益问题", "查处问题20个以上", "2024年11月30日前", "各乡镇"),
        ("建设清廉村居示范点", "建成15个", "年底前", "县委宣传部"),
        ("开展作风建设明察暗访", "每月不少于1次", "持续推进", "县住建局"),
    ];
    scales("task-table", "txt", |k| {
        let mut t = String::from("附件：任务分解表\n序号\n工作任务\n目标要求\n完成时限\n责任单位\n");
        let mut i = 0;
        while t.len() < k << 20 {
            let (task, goal, when, who) = tasks[i % tasks.len()];
            i += 1;
            t.push_str(&format!("{i}\n{task}\n{goal}\n{when}\n{who}\n"));
        }
        t.into_bytes()
    });
}

#[test]
#[ignore = "times the release binary: cargo test --release --test integration scaling -- --ignored"]
fn scaling_numbered_list() {
    // One list of numbered items under one heading, after a lead-in: each
    // item without a subject looks for the start of its run of items.
    scales("numbered-list", "txt", |k| {
        let mut t = String::from("XX县2024年工作要点\n一、工作目标\n全县各乡镇要抓好以下工作：\n");
        let mut i = 0;
        while t.len() < k * (512 << 10) {
            t.push_str(&format!("{}.每季度开展督查不少于2次，年底前完成整改。\n", i % 99 + 1));
            i += 1;
        }
        t.into_bytes()
    });
}

#[test]
#[ignore = "times the release binary: cargo test --release --test integration scaling -- --ignored"]
fn scaling_joined_documents() {
    let unit = joined_dev_docs();
    scales("joined-documents", "txt", |k| repeat_to(&unit, k << 20).into_bytes());
}

/// The 42 documents of tests/dev/docs joined, once.
fn joined_dev_docs() -> String {
    let mut names: Vec<PathBuf> = std::fs::read_dir(crate::util::root().join("tests/dev/docs"))
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    names.iter().map(|p| std::fs::read_to_string(p).unwrap_or_default() + "\n").collect()
}

#[test]
#[ignore = "times the release binary: cargo test --release --test integration scaling -- --ignored"]
fn scaling_index_long_document() {
    // One input of joined reports indexed: 1 MB read whole, 8 MB read in parts.
    let unit = joined_dev_docs();
    scales_with(
        "index-long-document",
        "txt",
        |k| repeat_to(&unit, k << 20).into_bytes(),
        |path, dir| {
            let index = dir.join("index");
            vec![
                "index".into(),
                path.as_os_str().to_owned(),
                "--index".into(),
                index.into_os_string(),
                "--rebuild".into(),
            ]
        },
    );
}

/// Peak memory a byte of one large input may add: a large UTF-8 file is
/// read from disk a part at a time, so almost none (read whole, a document
/// took about seven bytes a byte: 34 MB of joined reports peaked at 244
/// MB; with its text held once and analysed in parts, about one byte a
/// byte; read from disk, 0.0–0.24 measured between 16 and 64 MB, the rest
/// the allocator's and the output queue's noise).
const MAX_BYTES_PER_INPUT_BYTE: f64 = 0.6;

#[test]
#[ignore = "times the release binary: cargo test --release --test integration scaling -- --ignored"]
fn scaling_long_document_memory() {
    // `extract` of one input of joined reports, 16 MB and 64 MB: the peak
    // grows by less than MAX_BYTES_PER_INPUT_BYTE a byte.
    peak_per_input_byte("scaling long document memory", &["extract", "--format", "jsonl", "--threads", "1"]);
}

#[test]
#[ignore = "times the release binary: cargo test --release --test integration scaling -- --ignored"]
fn scaling_inspect_memory() {
    // `inspect --tokens` of the same inputs, as one JSON object (read
    // whole, 34 MB peaked at 1.5 GB): the same bound.
    peak_per_input_byte("scaling inspect memory", &["inspect", "--tokens", "--format", "json"]);
}

/// Run `command` (its first word, then the input, then the rest) over one
/// input of joined reports of 16 MB and of 64 MB, and check that the peak
/// memory grows by less than MAX_BYTES_PER_INPUT_BYTE a byte.
fn peak_per_input_byte(test: &str, command: &[&str]) {
    let Some(bin) = release_binary(test, "peak memory") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let unit = joined_dev_docs();
    let mut peaks = Vec::new();
    for mb in [16, 64] {
        let path = dir.path().join(format!("joined-{mb}.txt"));
        let text = repeat_to(&unit, mb << 20);
        std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        let mut args: Vec<&std::ffi::OsStr> = vec![command[0].as_ref(), path.as_os_str()];
        args.extend(command[1..].iter().map(|a| std::ffi::OsStr::new(*a)));
        let (_, peak) = usage(&bin, &args);
        eprintln!("{test}: {} bytes, peak {} MB", text.len(), peak / 1_000_000);
        peaks.push((text.len() as f64, peak as f64));
    }
    let per_byte = (peaks[1].1 - peaks[0].1) / (peaks[1].0 - peaks[0].0);
    eprintln!("{test}: {per_byte:.2} bytes a byte of input");
    assert!(per_byte < MAX_BYTES_PER_INPUT_BYTE, "{per_byte:.2} bytes a byte ({peaks:?})");
}

#[test]
#[ignore = "times the release binary: cargo test --release --test integration scaling -- --ignored"]
fn scaling_hard_wrapped_text() {
    // A PDF's text: lines of 40 characters, one paragraph that never ends a
    // line with a full stop, so the lines are joined back.
    let unit = "全面落实河湖长制，县级河长每季度巡河不少于1次，乡级河长每月巡河不少于2次，村级河长每周巡河不少于1次，";
    scales("hard-wrapped", "txt", |k| {
        let chars: Vec<char> = repeat_to(unit, k * (512 << 10)).chars().collect();
        let lines: Vec<String> = chars.chunks(40).map(|c| c.iter().collect()).collect();
        (lines.join("\n") + "\n").into_bytes()
    });
}

#[test]
#[ignore = "times the release binary: cargo test --release --test integration scaling -- --ignored"]
fn scaling_one_long_line() {
    scales("long-line", "txt", |k| (SENTENCE.repeat(k * 20_000) + "\n").into_bytes());
}

#[test]
#[ignore = "times the release binary: cargo test --release --test integration scaling -- --ignored"]
fn scaling_one_long_docx_paragraph() {
    scales("docx-paragraph", "docx", |k| {
        taizhang::source::testutil::docx_from_paragraphs(&[&SENTENCE.repeat(k * 20_000)])
    });
}

#[test]
#[ignore = "times the release binary: cargo test --release --test integration scaling -- --ignored"]
fn scaling_deep_html() {
    // 100,000 nested <div> at 8x, a sentence in each.
    scales("deep-html", "html", |k| {
        let n = k * 12_500;
        format!("<html><body>{}{}</body></html>", format!("<div>{SENTENCE}").repeat(n), "</div>".repeat(n)).into_bytes()
    });
}

#[test]
#[ignore = "times the release binary: cargo test --release --test integration scaling -- --ignored"]
fn scaling_repeated_sentences() {
    scales("repeated-sentences", "txt", |k| format!("{SENTENCE}\n").repeat(k * 20_000).into_bytes());
}

/// Peak memory a ledger row may add: the rows held in memory took about
/// 8 KB each (`ledger --by-actor`, 300,000 rows: 2.4 GB); streamed, a row
/// leaves only the height rust_xlsxwriter keeps for it (under 1 KB).
const MAX_BYTES_PER_ROW: f64 = 2000.0;

/// Plans of 1,500 numbered duties, two targets a line (3,000 ledger rows
/// each), eight units, figures varied so no two lines are alike (as
/// benches/ledger-rss.sh writes them).
fn ledger_plans(dir: &Path, plans: usize) {
    let units = ["县纪委", "县委办", "县政府办", "县财政局", "县教育局", "县卫健委", "各乡镇", "县应急局"];
    let acts = ["开展廉政谈话", "组织廉政培训", "开展专项督查", "听取工作汇报", "开展警示教育", "召开专题会议"];
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
    for d in 0..plans {
        let mut text = format!("{}2022年党风廉政建设工作要点（第{d}号）\n", units[d % 8]);
        for i in 0..1500 {
            text += &format!(
                "{}.{}每季度{}不少于{}次，覆盖第{i}批干部{}人。\n",
                i + 1,
                units[i % 8],
                acts[i % 6],
                (i * 7 + d) % 9 + 1,
                (i * 13 + d) % 90 + 10
            );
        }
        std::fs::write(dir.join(format!("plan{d}.txt")), text).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
#[ignore = "times the release binary: cargo test --release --test integration scaling -- --ignored"]
fn scaling_ledger_memory() {
    // `ledger DIR -o FILE.xlsx` streams the rows into the workbook, with one
    // sheet or one per unit: from 6,000 to 48,000 rows, its peak memory
    // grows by less than MAX_BYTES_PER_ROW a row.
    let Some(bin) = release_binary("scaling ledger memory", "peak memory") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for by_actor in [false, true] {
        let mut peaks = Vec::new();
        for plans in [2, 16] {
            let docs = dir.path().join(format!("plans{plans}"));
            if !docs.exists() {
                ledger_plans(&docs, plans);
            }
            let out = dir.path().join("l.xlsx");
            let mut args: Vec<&std::ffi::OsStr> =
                vec!["ledger".as_ref(), docs.as_os_str(), "-o".as_ref(), out.as_os_str()];
            if by_actor {
                args.push("--by-actor".as_ref());
            }
            let (_, peak) = usage(&bin, &args);
            let rows = plans * 3000;
            eprintln!("scaling ledger memory (by actor: {by_actor}): {rows} rows, peak {} MB", peak / 1_000_000);
            peaks.push((rows as f64, peak as f64));
        }
        let per_row = (peaks[1].1 - peaks[0].1) / (peaks[1].0 - peaks[0].0);
        eprintln!("scaling ledger memory (by actor: {by_actor}): {per_row:.0} bytes a row");
        assert!(per_row < MAX_BYTES_PER_ROW, "by actor: {by_actor}: {per_row:.0} bytes a row ({peaks:?})");
    }
}

#[test]
#[ignore = "runs the release binary on large inputs: cargo test --release --test integration scaling -- --ignored"]
fn scaling_large_inputs_by_every_route() {
    // Two large inputs (read from disk in parts) among small ones give the
    // same bytes as arguments, with one or two threads, and listed on
    // standard input (--stdin-paths, where their parts are read on the
    // pool's threads too).
    let Some(bin) = release_binary("scaling large inputs by every route", "output") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let unit = joined_dev_docs();
    let mut files = Vec::new();
    for (k, mb) in [(0, 9), (1, 0), (2, 12), (3, 0)] {
        let path = dir.path().join(format!("{k}.txt"));
        let text = if mb == 0 { dev_doc("d030_wuding_lianzheng_zhuti_zeren.txt") } else { repeat_to(&unit, mb << 20) };
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
        files.push(path.display().to_string());
    }
    let run = |args: &[&str], stdin: &str| {
        let out =
            assert_cmd::Command::new(&bin).args(args).write_stdin(stdin).output().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        out.stdout
    };
    let mut args = vec!["extract", "--format", "jsonl", "--threads", "1"];
    args.extend(files.iter().map(String::as_str));
    let one = run(&args, "");
    assert!(one.len() > 20 << 20, "{} bytes", one.len());
    args[4] = "2";
    assert!(run(&args, "") == one, "two threads");
    let listed = files.join("\n") + "\n";
    for threads in ["1", "2"] {
        assert!(run(&["extract", "--stdin-paths", "--threads", threads], &listed) == one, "--stdin-paths, {threads}");
    }
}

#[test]
#[ignore = "runs the release binary on large inputs: cargo test --release --test integration scaling -- --ignored"]
fn scaling_full_disk_in_the_middle_of_a_large_input() {
    // `index` fills its disk while it reads a large input in parts (after
    // two small inputs were committed): it names the full disk, the last
    // commit stays whole, nothing half-written is left, and with room again
    // the next run adds the large input and ends with the index a fresh run
    // makes. (The input's 10 MB of text, above `PART_ABOVE`, is read in
    // parts; its stored records alone, which tantivy writes as they come,
    // are about 0.9 times the text: the 6 MB fill before its last part.
    // Named for the group CI runs with the release binary.)
    let Some(bin) = release_binary("full disk in the middle of a large input", "output") else {
        return;
    };
    let fs = match super::faults::Tmpfs::mount("6m") {
        Ok(fs) => fs,
        Err(why) => {
            eprintln!("full disk in the middle of a large input: skipped: {why}");
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap_or_else(|e| panic!("{e}"));
    let write = |name: &str, text: String| std::fs::write(docs.join(name), text).unwrap_or_else(|e| panic!("{e}"));
    write("a.txt", dev_doc("d030_wuding_lianzheng_zhuti_zeren.txt"));
    write("b.txt", dev_doc("d013_zhejiang_gzbg_2026.txt"));
    write("c.txt", repeat_to(&joined_dev_docs(), 9 << 20));
    let run = |idx: &Path, more: &[&str]| {
        let out = std::process::Command::new(&bin)
            .args(["index", "--threads", "2", "--index"])
            .arg(idx)
            .arg(&docs)
            .args(more)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let idx = fs.path().join("idx");
    let (code, err) = run(&idx, &["--batch-bytes", "1"]);
    assert_eq!(code, Some(2), "{err}");
    let line = err.lines().rev().find(|l| l.starts_with("taizhang: ")).unwrap_or("");
    assert!(line.contains(&format!("disk full while writing the index {}", idx.display())), "{err}");
    assert!(line.contains("of its last commit, intact"), "{line}");
    let kept = super::index_faults::committed(&idx);
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept.iter().all(|d| !d.ends_with("c.txt")), "{kept:?}");
    let verify = std::process::Command::new(&bin)
        .args(["index", "--verify", "--index"])
        .arg(&idx)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let said = String::from_utf8_lossy(&verify.stderr);
    assert_eq!(verify.status.code(), Some(0), "{said}");
    assert!(said.contains("sound: 2 documents"), "{said}");
    let left = super::faults::names(&idx);
    assert!(left.iter().all(|n| !n.contains(".tmp") && !n.ends_with(".temp")), "{left:?}");

    // With room again: the large input is added, and the index holds what a
    // fresh run puts in one.
    fs.resize("64m").unwrap_or_else(|e| panic!("{e}"));
    let (code, err) = run(&idx, &[]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("1 added, 0 updated, 0 removed, 2 unchanged, 0 failed"), "{err}");
    let (code, fresh) = run(&dir.path().join("fresh"), &[]);
    assert_eq!(code, Some(0), "{fresh}");
    // The totals of the summary line (… 0 failed; … (3 documents, N
    // requirements in the index)).
    let totals = |s: &str| {
        let line = s.lines().find(|l| l.contains(" added, ")).unwrap_or_default();
        line.rsplit_once('(').map(|(_, t)| t.trim_end().to_string()).unwrap_or_default()
    };
    assert_eq!(totals(&err), totals(&fresh), "{err}\n{fresh}");
    assert!(totals(&fresh).starts_with("3 documents, "), "{fresh}");
}
