//! Helpers that run the real binary.

use std::path::{Path, PathBuf};
use std::process::Output;

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `taizhang ARGS` in the crate root.
pub fn run(args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("taizhang")
        .expect("binary built")
        .current_dir(root())
        .args(args)
        .output()
        .expect("run")
}

/// Run and parse stdout as JSON lines.
pub fn jsonl(args: &[&str]) -> Vec<serde_json::Value> {
    let out = run(args);
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad json line {l}: {e}")))
        .collect()
}

/// Read a file of the crate as text, "" when it does not exist.
pub fn text_of(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(root().join(dir).join(name)).unwrap_or_default()
}
