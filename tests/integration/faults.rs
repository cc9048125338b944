//! Faults a user meets: a full disk under `-o`, a FIFO among the inputs.
//! Each gives a clear line on stderr, and nothing is lost.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare").join(name)
}

/// Run the binary (killed after a minute: a hang fails the test instead of
/// stalling it); (exit code, stdout, stderr).
pub(super) fn run(dir: &Path, args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = assert_cmd::cargo::cargo_bin_cmd!("taizhang")
        .current_dir(dir)
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap_or_else(|e| panic!("cannot run: {e}"));
    let s = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), s(&out.stdout), s(&out.stderr))
}

macro_rules! args {
    ($($a:expr),* $(,)?) => { &[$(std::ffi::OsStr::new(&$a)),*] };
}
pub(super) use args;

/// The names in `dir`, sorted.
pub(super) fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A small tmpfs mounted for the test, unmounted when dropped (also when an
/// assertion fails).
pub(super) struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// Mount one of `size`, or say why not (not root, no mount permission).
    pub(super) fn mount(size: &str) -> Result<Tmpfs, String> {
        let uid = Command::new("id").arg("-u").output().map_err(|e| format!("cannot run id: {e}"))?;
        if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
            return Err("not running as root (mount -t tmpfs needs it)".into());
        }
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!("mount -t tmpfs failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
        }
        Ok(Tmpfs { dir })
    }

    pub(super) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Give it another size (what is in it stays).
    pub(super) fn resize(&self, size: &str) -> Result<(), String> {
        let out = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(self.dir.path())
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if !out.status.success() {
            return Err(format!("mount -o remount failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
        }
        Ok(())
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// Fill the file system of `dir` with `dir/filler` until it is full.
pub(super) fn fill(dir: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(dir.join("filler")).expect("filler");
    let chunk = vec![b'x'; 4096];
    loop {
        if let Err(e) = f.write_all(&chunk) {
            assert_eq!(e.raw_os_error(), Some(28), "the tmpfs fills up: {e}");
            break;
        }
    }
}

#[test]
fn a_full_disk_leaves_the_old_ledger_as_it_was() {
    let fs = match Tmpfs::mount("512k") {
        Ok(fs) => fs,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let dir = fs.path();
    let src = fixture("plan_track.txt");
    let (xlsx, csv, md) = (dir.join("台账.xlsx"), dir.join("台账.csv"), dir.join("new.md"));
    for out in [&xlsx, &csv] {
        let (code, _, err) = run(dir, args!["ledger", src, "-o", out]);
        assert_eq!(code, 0, "{err}");
    }
    let (old_xlsx, old_csv) = (std::fs::read(&xlsx).expect("xlsx"), std::fs::read(&csv).expect("csv"));
    fill(dir);

    // In place, as people run it: the filled-in ledger stays whole.
    let (code, _, err) = run(dir, args!["ledger", src, "--update", xlsx, "-o", xlsx]);
    assert_eq!(code, 2, "{err}");
    let x = xlsx.display();
    assert!(err.contains(&format!("disk full while writing {x}; {x} was left as it was")), "{err}");
    assert_eq!(std::fs::read(&xlsx).expect("xlsx"), old_xlsx);

    let (code, _, err) = run(dir, args!["ledger", src, "--format", "csv", "-o", csv]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("disk full while writing"), "{err}");
    assert_eq!(std::fs::read(&csv).expect("csv"), old_csv);

    let (code, _, err) = run(dir, args!["ledger", src, "-o", md]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(&format!("{} was not created", md.display())), "{err}");

    // The index's marker: named as a full disk too.
    let (code, _, err) = run(dir, args!["index", src, "--index", dir.join("idx")]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("disk full while writing"), "{err}");

    // No temporary file is left behind.
    let mut left = names(dir);
    left.retain(|n| n != "idx");
    assert_eq!(left, ["filler", "台账.csv", "台账.xlsx"]);

    // With room again, the same command replaces the ledger.
    std::fs::remove_file(dir.join("filler")).expect("rm");
    let (code, _, err) = run(dir, args!["ledger", src, "--update", xlsx, "-o", xlsx]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("carried"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_fifo_in_an_input_folder_is_named_and_the_rest_is_done() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).expect("mkdir");
    std::fs::write(docs.join("a_good.txt"), "全年开展督查不少于2次。\n每季度召开专题会议1次。\n").expect("write");
    let fifo = docs.join("b_pipe.txt");
    match Command::new("mkfifo").arg(&fifo).status() {
        Ok(s) if s.success() => {}
        other => {
            println!("skipped: mkfifo did not make a FIFO ({other:?})");
            return;
        }
    }
    let (code, out, err) = run(dir.path(), args!["extract", "docs", "--format", "jsonl"]);
    assert_eq!(code, 1, "{err}");
    let docs_of: Vec<serde_json::Value> =
        out.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}"))).collect();
    assert_eq!(docs_of.len(), 2, "{out}");
    assert!(docs_of.iter().all(|r| r["doc"].as_str().is_some_and(|d| d.ends_with("a_good.txt"))), "{out}");
    assert!(err.contains("b_pipe.txt: a FIFO (named pipe), not a regular file; not read"), "{err}");

    // Named directly: refused with what to do, not waited on.
    let (code, out, err) = run(dir.path(), args!["extract", fifo, "--format", "jsonl"]);
    assert_eq!((code, out.as_str()), (2, ""), "nothing could be read: {err}");
    assert!(err.contains("give `-` as the path"), "{err}");

    // index and track do not hang either.
    let (code, _, err) = run(dir.path(), args!["index", "docs", "--index", "idx"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("b_pipe.txt") && err.contains("1 added"), "{err}");
    let (code, _, err) = run(dir.path(), args!["track", "docs", "docs/a_good.txt", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("b_pipe.txt"), "{err}");
}
