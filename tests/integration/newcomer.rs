//! The newcomer's path (issue 17): the binary run from a folder outside the
//! checkout, as someone who just ran `cargo install --path .` would. Each
//! mistake gives a line that says what to do, and the exit code says whether
//! anything was read (0 all, 1 some inputs failed, 2 nothing).

use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

const SEED: &str = "corpus/001_bd2d67b045b86009.txt";

/// Run the binary in `dir`; (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::cargo::cargo_bin_cmd!("taizhang")
        .current_dir(dir)
        .args(args.iter().map(OsStr::new))
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap_or_else(|e| panic!("cannot run: {e}"));
    let s = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), s(&out.stdout), s(&out.stderr))
}

/// A temp folder outside the checkout, with the seed as `good.txt`.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    assert!(!dir.path().starts_with(env!("CARGO_MANIFEST_DIR")));
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
    std::fs::copy(seed, dir.path().join("good.txt")).expect("copy");
    dir
}

#[test]
fn no_path_outside_the_checkout_says_what_to_pass() {
    let dir = outside();
    for args in [&["extract"][..], &["ledger"], &["export", "--format", "quickwit"], &["index"]] {
        let cmd = args[0];
        let (code, out, err) = run(dir.path(), args);
        assert_eq!((code, out.as_str()), (2, ""), "{cmd}: {err}");
        assert!(err.starts_with("taizhang: nothing to read: give the files or folders to read"), "{cmd}: {err}");
        assert!(err.contains("or - for standard input"), "{err}");
        assert!(err.contains(&format!("\nUsage: taizhang {cmd} ")), "{err}");
        assert!(!err.contains("cannot read"), "{err}");
    }
    // A refused `index` creates no index folder.
    assert!(!dir.path().join(".taizhang").exists());
}

#[test]
fn a_missing_file_is_one_line_and_exit_2_never_an_empty_table() {
    let dir = outside();
    for format in ["table", "jsonl", "json", "csv"] {
        let (code, out, err) = run(dir.path(), &["extract", "nosuch.txt", "--format", format]);
        assert_eq!((code, out.as_str()), (2, ""), "{format}: {err}");
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 1, "{err}");
        assert!(lines[0].starts_with("taizhang: nosuch.txt: cannot read: "), "{err}");
    }
    // Beside a file that is read: named, the rest done, exit 1.
    let (code, out, err) = run(dir.path(), &["extract", "good.txt", "nosuch.txt", "--format", "jsonl"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out.lines().count(), 19);
    assert!(err.contains("taizhang: nosuch.txt: cannot read: "), "{err}");
    assert!(err.contains("19 requirements from 1 documents (1 failed, 0 skipped)"), "{err}");
}

#[test]
fn every_skipped_file_is_named_with_why() {
    let dir = outside();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(docs.join("photos")).expect("mkdir");
    std::fs::copy(dir.path().join("good.txt"), docs.join("plan.txt")).expect("copy");
    std::fs::write(docs.join("README"), "notes").expect("write");
    std::fs::write(docs.join("budget.xlsx"), b"PK\x03\x04").expect("write");
    for i in 0..12 {
        std::fs::write(docs.join(format!("photos/{i:02}.jpg")), b"\xff\xd8\xff").expect("write");
    }
    let (code, out, err) = run(dir.path(), &["extract", "docs", "--format", "jsonl"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 19);
    let named: Vec<&str> = err.lines().filter(|l| l.contains(": skipped: ")).collect();
    assert_eq!(named.len(), 10, "the first ten are named: {err}");
    assert_eq!(
        named[..3],
        [
            "taizhang: docs/README: skipped: no extension (in a folder only .txt, .md, .docx, .html and .htm files are read)",
            "taizhang: docs/budget.xlsx: skipped: .xlsx is not a type taizhang reads",
            "taizhang: docs/photos/00.jpg: skipped: .jpg is not a type taizhang reads",
        ]
    );
    assert!(err.contains("taizhang: … and 4 more files skipped\n"), "{err}");
    assert!(err.contains("(0 failed, 14 skipped)"), "{err}");

    // compare, track and ledger name them too (the same walk).
    std::fs::copy(dir.path().join("good.txt"), docs.join("report.txt")).expect("copy");
    for args in [
        &["compare", "docs/plan.txt", "docs", "--format", "json"][..],
        &["track", "docs/plan.txt", "docs", "--format", "json"],
        &["ledger", "docs", "--format", "csv"],
    ] {
        let (code, _, err) = run(dir.path(), args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(err.contains("taizhang: docs/README: skipped: no extension"), "{args:?}: {err}");
        assert!(err.contains("taizhang: … and 4 more files skipped\n"), "{args:?}: {err}");
    }
    std::fs::remove_file(docs.join("report.txt")).expect("rm");

    // A folder with nothing to read says so, exit 2.
    let (code, out, err) = run(dir.path(), &["extract", "docs/photos"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(
        err.ends_with(
            "taizhang: nothing to read in docs/photos: taizhang reads .txt, .md, .docx, .html and .htm files\n"
        ),
        "{err}"
    );
}

#[test]
fn the_doc_advice_names_a_command_and_the_file_it_makes() {
    let dir = outside();
    std::fs::create_dir(dir.path().join("2023")).expect("mkdir");
    // An OLE (Word 97) header is enough to be refused.
    std::fs::write(dir.path().join("2023/plan.doc"), [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).expect("write");
    let (code, out, err) = run(dir.path(), &["extract", "2023/plan.doc"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    // soffice writes NAME.docx into --outdir (the current folder without it).
    assert!(
        err.contains("convert it first: soffice --headless --convert-to docx --outdir 2023 2023/plan.doc"),
        "{err}"
    );
    assert!(err.trim_end().ends_with("then run on 2023/plan.docx"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn every_subcommand_answers_version() {
    let dir = outside();
    let want = format!("taizhang {}\n", env!("CARGO_PKG_VERSION"));
    for cmd in ["extract", "text", "inspect", "index", "search", "compare", "track", "ledger", "export", "serve"] {
        for flag in ["--version", "-V"] {
            let (code, out, err) = run(dir.path(), &[cmd, flag]);
            assert_eq!((code, out.as_str()), (0, want.as_str()), "{cmd} {flag}: {err}");
        }
    }
    let (code, out, _) = run(dir.path(), &["--version"]);
    assert_eq!((code, out.as_str()), (0, want.as_str()));
}
