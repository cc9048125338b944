//! Faults of the index a user meets: files of it truncated, missing or
//! overwritten, a FIFO where a file of it should be, a run killed half-way,
//! a full disk, absurd limits. Each gives one clear line naming what is
//! wrong, `--rebuild` recovers, and nothing committed is lost.

use super::faults::{Tmpfs, args, names, run};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("list") {
        let p = e.expect("entry").path();
        if let Some(name) = p.file_name() {
            std::fs::copy(&p, to.join(name)).expect("copy");
        }
    }
}

/// A temp dir with a copy of corpus/ (5 documents) and `good`, an index of it.
fn indexed() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("corpus"), &tmp.path().join("corpus"));
    let (code, _, err) = run(tmp.path(), args!["index", "corpus", "--index", "good"]);
    assert_eq!(code, 0, "{err}");
    tmp
}

/// The first file of `dir` whose name ends with `ext`.
fn file_ending(dir: &Path, ext: &str) -> PathBuf {
    let name = names(dir).into_iter().find(|n| n.ends_with(ext)).unwrap_or_else(|| panic!("no {ext} in {dir:?}"));
    dir.join(name)
}

fn name_of(p: &Path) -> String {
    p.file_name().expect("name").to_string_lossy().into_owned()
}

/// The manifest file the last commit of `idx` names.
fn manifest_of(idx: &Path) -> PathBuf {
    let meta: Value = serde_json::from_slice(&std::fs::read(idx.join("meta.json")).expect("meta")).expect("json");
    let payload: Value = serde_json::from_str(meta["payload"].as_str().expect("payload")).expect("payload json");
    idx.join(payload["manifest_file"].as_str().expect("manifest_file"))
}

type Damage = fn(&Path) -> String;

/// Damage `idx` one way; the name of the file to be named.
const DAMAGES: [(&str, Damage); 10] = [
    ("a truncated .store", |idx| truncate(&file_ending(idx, ".store"))),
    ("a truncated .pos", |idx| truncate(&file_ending(idx, ".pos"))),
    ("a truncated .idx", |idx| truncate(&file_ending(idx, ".idx"))),
    ("a deleted .term", |idx| {
        let p = file_ending(idx, ".term");
        std::fs::remove_file(&p).expect("rm");
        name_of(&p)
    }),
    ("meta.json overwritten", |idx| overwrite(&idx.join("meta.json"), "{ garbage")),
    ("meta.json truncated", |idx| truncate(&idx.join("meta.json"))),
    ("the manifest overwritten", |idx| overwrite(&manifest_of(idx), "[1, 2")),
    ("the manifest deleted", |idx| {
        let p = manifest_of(idx);
        std::fs::remove_file(&p).expect("rm");
        name_of(&p)
    }),
    ("the marker overwritten", |idx| overwrite(&idx.join("taizhang-index.json"), "not json")),
    ("the marker deleted", |idx| {
        std::fs::remove_file(idx.join("taizhang-index.json")).expect("rm");
        "taizhang-index.json".into()
    }),
];

fn truncate(p: &Path) -> String {
    let len = std::fs::metadata(p).expect("meta").len();
    std::fs::OpenOptions::new().write(true).open(p).expect("open").set_len(len / 2).expect("truncate");
    name_of(p)
}

fn overwrite(p: &Path, text: &str) -> String {
    std::fs::write(p, text).expect("write");
    name_of(p)
}

/// One line on stderr (the progress bar is hidden off a terminal).
fn one_line(err: &str) -> &str {
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "{err}");
    lines[0]
}

#[test]
fn a_damaged_index_is_named_refused_and_rebuilt() {
    let tmp = indexed();
    let dir = tmp.path();
    let idx = dir.join("idx");
    for (what, damage) in DAMAGES {
        let _ = std::fs::remove_dir_all(&idx);
        copy_dir(&dir.join("good"), &idx);
        std::fs::write(idx.join("notes.txt"), "mine").expect("a file of the user's");
        let file = damage(&idx);

        // A plain run refuses, naming the file and the command that repairs it.
        let (code, _, err) = run(dir, args!["index", "corpus", "--index", "idx"]);
        assert_eq!(code, 2, "{what}: {err}");
        let line = one_line(&err);
        assert!(line.contains(&format!("index idx is damaged: {file} ")), "{what}: {line}");
        assert!(line.contains("run `taizhang index --rebuild --index idx`"), "{what}: {line}");

        // So does a search, in the same words.
        let (code, out, err) = run(dir, args!["search", "约谈", "--index", "idx"]);
        assert_eq!((code, out.as_str()), (2, ""), "{what}: {err}");
        assert!(one_line(&err).contains(&format!("is damaged: {file} ")), "{what}: {err}");

        // --verify lists it.
        let (code, _, err) = run(dir, args!["index", "--verify", "--index", "idx"]);
        assert_eq!(code, 1, "{what}: {err}");
        assert!(err.contains(&format!("taizhang: idx/{file} ")), "{what}: {err}");

        // --rebuild recovers, and leaves the user's file alone.
        let (code, _, err) = run(dir, args!["index", "corpus", "--index", "idx", "--rebuild"]);
        assert_eq!(code, 0, "{what}: {err}");
        assert!(err.contains("5 added, 0 updated, 0 removed, 0 unchanged, 0 failed"), "{what}: {err}");
        let (code, _, err) = run(dir, args!["index", "corpus", "--index", "idx"]);
        assert_eq!(code, 0, "{what}: {err}");
        assert!(err.contains("0 added, 0 updated, 0 removed, 5 unchanged"), "{what}: {err}");
        let (code, _, err) = run(dir, args!["index", "--verify", "--index", "idx"]);
        assert_eq!(code, 0, "{what}: {err}");
        assert!(err.contains("sound: 5 documents"), "{what}: {err}");
        assert_eq!(std::fs::read_to_string(idx.join("notes.txt")).ok().as_deref(), Some("mine"), "{what}");
    }
}

#[test]
fn a_flipped_byte_is_found_by_verify() {
    let tmp = indexed();
    let dir = tmp.path();
    let idx = dir.join("good");
    let p = file_ending(&idx, ".idx");
    let mut bytes = std::fs::read(&p).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&p, bytes).expect("write");
    let (code, _, err) = run(dir, args!["index", "--verify", "--index", "good"]);
    assert_eq!(code, 1, "{err}");
    let named = format!("taizhang: good/{} is damaged (its checksum does not match its contents)", name_of(&p));
    assert!(err.contains(&named), "{err}");
    let (code, _, err) = run(dir, args!["index", "corpus", "--index", "good", "--rebuild"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(dir, args!["index", "--verify", "--index", "good"]);
    assert_eq!(code, 0, "{err}");
}

#[cfg(unix)]
#[test]
fn a_fifo_in_the_index_folder_is_named_not_waited_on() {
    let tmp = indexed();
    let dir = tmp.path();
    let idx = dir.join("idx");
    for file in ["meta.json", "taizhang-index.json", &name_of(&file_ending(&dir.join("good"), ".store"))] {
        let _ = std::fs::remove_dir_all(&idx);
        copy_dir(&dir.join("good"), &idx);
        std::fs::remove_file(idx.join(file)).expect("rm");
        let made = std::process::Command::new("mkfifo").arg(idx.join(file)).status();
        if !made.is_ok_and(|s| s.success()) {
            println!("skipped: mkfifo did not make a FIFO");
            return;
        }
        let runs: [&[&std::ffi::OsStr]; 2] =
            [args!["index", "corpus", "--index", "idx"], args!["search", "约谈", "--index", "idx"]];
        for a in runs {
            let (code, _, err) = run(dir, a);
            assert_eq!(code, 2, "{file}: {err}");
            assert!(one_line(&err).contains(&format!("{file} ")) && err.contains("a FIFO (named pipe)"), "{err}");
        }
        let (code, _, err) = run(dir, args!["index", "corpus", "--index", "idx", "--rebuild"]);
        assert_eq!(code, 0, "{file}: {err}");
    }
    // A FIFO given as the index folder is not one.
    let fifo = dir.join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()));
    let (code, _, err) = run(dir, args!["index", "corpus", "--index", "pipe"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("pipe is not a taizhang index"), "{err}");
}

/// The documents of the last commit of `idx` (none before the first).
pub(super) fn committed(idx: &Path) -> Vec<String> {
    let Ok(meta) = std::fs::read(idx.join("meta.json")) else { return vec![] };
    let Ok(meta) = serde_json::from_slice::<Value>(&meta) else { return vec![] };
    let Some(payload) = meta["payload"].as_str().and_then(|p| serde_json::from_str::<Value>(p).ok()) else {
        return vec![];
    };
    let Some(file) = payload["manifest_file"].as_str() else { return vec![] };
    // Pruned by the next commit in the meantime: read again next time.
    let Ok(m) = std::fs::read(idx.join(file)) else { return vec![] };
    let m: Value = serde_json::from_slice(&m).unwrap_or_default();
    m["docs"].as_object().map(|d| d.keys().cloned().collect()).unwrap_or_default()
}

#[test]
fn a_killed_run_keeps_its_finished_batches() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    copy_dir(&root().join("tests/dev/docs"), &dir.join("docs"));
    let total = names(&dir.join("docs")).len();
    // A commit after every document; killed (SIGKILL) after the first.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .current_dir(dir)
        .args(["index", "docs", "--index", "idx", "--batch-bytes", "1"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    let mut kept = committed(&dir.join("idx"));
    while kept.is_empty() {
        assert!(start.elapsed() < Duration::from_secs(120), "no commit in two minutes");
        assert!(child.try_wait().expect("wait").is_none(), "the run ended before its first commit was seen");
        std::thread::sleep(Duration::from_millis(5));
        kept = committed(&dir.join("idx"));
    }
    child.kill().expect("kill");
    child.wait().expect("wait");
    let kept = committed(&dir.join("idx"));
    assert!(!kept.is_empty() && kept.len() < total, "{} of {total} committed", kept.len());

    // What was committed is whole, and searched.
    let (code, _, err) = run(dir, args!["index", "--verify", "--index", "idx"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(&format!("sound: {} documents", kept.len())), "{err}");
    let (code, out, err) = run(dir, args!["search", "*", "--index", "idx", "--format", "json", "--limit", "100000"]);
    assert_eq!(code, 0, "{err}");
    let hits: Vec<Value> = serde_json::from_str(&out).expect("json");
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| kept.iter().any(|k| h["doc"] == k.as_str())), "hits outside the commit");

    // The next run does only the rest.
    let (code, _, err) = run(dir, args!["index", "docs", "--index", "idx"]);
    assert_eq!(code, 0, "{err}");
    let done = format!("{} added, 0 updated, 0 removed, {} unchanged, 0 failed", total - kept.len(), kept.len());
    assert!(err.contains(&done), "{err}");
    let (code, _, err) = run(dir, args!["index", "--verify", "--index", "idx"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_full_disk_during_index_keeps_the_last_commit() {
    let fs = match Tmpfs::mount("2m") {
        Ok(fs) => fs,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let docs = root().join("tests/dev/docs");
    let total = names(&docs).len();
    let idx = fs.path().join("idx");
    let (code, _, err) = run(fs.path(), args!["index", docs, "--index", idx, "--batch-bytes", "100000"]);
    assert_eq!(code, 2, "{err}");
    let line = one_line(&err);
    let what = format!("disk full while writing the index {}: ", idx.display());
    assert!(
        line.starts_with(&format!("taizhang: {what}")) && line.contains(" bytes free on its file system"),
        "{line}"
    );
    assert!(line.contains("of its last commit, intact") && line.contains("run `taizhang index` again"), "{line}");
    let kept = committed(&idx);
    assert!(!kept.is_empty() && kept.len() < total, "{} of {total}", kept.len());

    // The last commit is whole and nothing half-written is left behind.
    let (code, _, err) = run(fs.path(), args!["index", "--verify", "--index", idx]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(&format!("sound: {} documents", kept.len())), "{err}");
    let listed = names(&idx);
    assert!(listed.iter().all(|n| !n.contains(".tmp") && !n.ends_with(".temp")), "{listed:?}");

    // With room again, the next run does the rest.
    fs.resize("64m").expect("remount");
    let (code, _, err) = run(fs.path(), args!["index", docs, "--index", idx]);
    assert_eq!(code, 0, "{err}");
    let done = format!("{} added, 0 updated, 0 removed, {} unchanged, 0 failed", total - kept.len(), kept.len());
    assert!(err.contains(&done), "{err}");
}

#[test]
fn refused_runs_create_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    copy_dir(&root().join("corpus"), &dir.join("corpus"));
    let cases: [(&[&std::ffi::OsStr], &str); 3] = [
        (args!["index", "-", "--index", "idx"], "standard input cannot be indexed"),
        (args!["index", "corpus", "--index", "idx", "--threads", "1000000"], "--threads 1000000 is too many"),
        (args!["index", "--verify", "--index", "idx"], "no index at idx"),
    ];
    for (a, says) in cases {
        let (code, _, err) = run(dir, a);
        assert_eq!(code, 2, "{err}");
        assert!(one_line(&err).contains(says), "{err}");
        assert!(!dir.join("idx").exists(), "{a:?} created the index folder");
    }
    // A path that cannot be read is a failed input, counted as one.
    let (code, _, err) = run(dir, args!["index", "corpus", "missing", "--index", "idx", "--batch-bytes", "1"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("5 added, 0 updated, 0 removed, 0 unchanged, 1 failed"), "{err}");
    // A batch larger than anything commits once, at the end.
    let big = u64::MAX.to_string();
    let (code, _, err) = run(dir, args!["index", "corpus", "--index", "idx", "--rebuild", "--batch-bytes", big]);
    assert_eq!(code, 0, "{err}");
}
