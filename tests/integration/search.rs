//! `taizhang index` and `taizhang search` on a temporary copy of corpus/.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A temp dir holding a copy of corpus/, indexed into `idx`.
fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dst = tmp.path().join("corpus");
    std::fs::create_dir(&dst).expect("mkdir");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for e in std::fs::read_dir(src).expect("corpus") {
        let p = e.expect("entry").path();
        if let Some(name) = p.file_name() {
            std::fs::copy(&p, dst.join(name)).expect("copy");
        }
    }
    let out = run(tmp.path(), &["index", "corpus", "--index", "idx"]);
    assert!(out.1.contains("5 added, 0 updated, 0 removed"), "{}", out.1);
    tmp
}

/// Run the binary in `dir`: (stdout, stderr, exit code).
fn run(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = Command::cargo_bin("taizhang").expect("binary").current_dir(dir).args(args).output().expect("run");
    let s = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (s(&out.stdout), s(&out.stderr), out.status.code().unwrap_or(-1))
}

/// Search with `--format json` and extra arguments; the hits.
fn hits(dir: &Path, query: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["search", query, "--index", "idx", "--format", "json", "--limit", "200"];
    args.extend_from_slice(extra);
    let (out, err, _) = run(dir, &args);
    match serde_json::from_str::<Value>(&out) {
        Ok(Value::Array(v)) => v,
        _ => panic!("not json: {out} {err}"),
    }
}

fn sentences(h: &[Value]) -> Vec<String> {
    h.iter().filter_map(|h| h["sentence"].as_str().map(str::to_string)).collect()
}

fn corpus_file(dir: &Path, prefix: &str) -> PathBuf {
    let d = dir.join("corpus");
    std::fs::read_dir(&d)
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix)))
        .expect("file")
}

#[test]
fn incremental_reindex_counts_unchanged_updated_removed() {
    let tmp = setup();
    let dir = tmp.path();
    let (_, err, code) = run(dir, &["index", "corpus", "--index", "idx"]);
    assert_eq!(code, 0);
    assert!(err.contains("0 added, 0 updated, 0 removed, 5 unchanged"), "{err}");
    let f = corpus_file(dir, "002");
    let mut text = std::fs::read_to_string(&f).expect("read");
    text.push_str("\n全年开展廉洁文化进机关活动不少于3次。\n");
    std::fs::write(&f, text).expect("write");
    let (_, err, _) = run(dir, &["index", "corpus", "--index", "idx"]);
    assert!(err.contains("0 added, 1 updated, 0 removed, 4 unchanged"), "{err}");
    assert!(sentences(&hits(dir, "廉洁文化进机关", &[])).iter().any(|s| s.contains("不少于3次")));
    std::fs::remove_file(corpus_file(dir, "004")).expect("rm");
    let (_, err, _) = run(dir, &["index", "corpus", "--index", "idx"]);
    assert!(err.contains("0 added, 0 updated, 1 removed, 4 unchanged"), "{err}");
    assert!(hits(dir, "*", &["--year", "2017"]).is_empty());
    let (_, err, _) = run(dir, &["index", "corpus", "--index", "idx", "--rebuild"]);
    assert!(err.contains("4 added, 0 updated, 0 removed, 0 unchanged"), "{err}");
}

#[test]
fn bigram_recall_and_table_output() {
    let tmp = setup();
    let dir = tmp.path();
    for q in ["廉政建设", "廉政"] {
        let s = sentences(&hits(dir, q, &[]));
        assert!(s.iter().any(|s| s.contains("党风廉政建设")), "{q}");
    }
    assert!(sentences(&hits(dir, "约谈", &[])).iter().any(|s| s.contains("约谈面")));
    let (out, _, code) = run(dir, &["search", "约谈", "--index", "idx", "--limit", "2"]);
    assert_eq!(code, 0);
    assert!(out.starts_with(" 1. ") && out.contains("约谈"), "{out}");
    let (_, _, code) = run(dir, &["search", "不存在的词语组合", "--index", "idx"]);
    assert_eq!(code, 1);
}

#[test]
fn every_filter_narrows() {
    let tmp = setup();
    let dir = tmp.path();
    let all = |h: &[Value], f: &dyn Fn(&Value) -> bool| !h.is_empty() && h.iter().all(f);
    let req = |h: &Value, k: &str| h["requirement"][k].clone();
    let h = hits(dir, "*", &["--year", "2017"]);
    assert!(all(&h, &|h| h["year"] == 2017));
    let h = hits(dir, "*", &["--kind", "achievement"]);
    assert!(all(&h, &|h| req(h, "kind") == "achievement"));
    let h = hits(dir, "*", &["--doc-type", "情况报告"]);
    assert!(all(&h, &|h| h["requirement"]["document"]["doc_type"] == "情况报告" || h["record"] == "sentence"));
    let h = hits(dir, "*", &["--unit", "%"]);
    assert!(all(&h, &|h| h["requirement"]["quantity"]["unit"] == "%"));
    let h = hits(dir, "*", &["--actor", "班子成员"]);
    assert!(all(&h, &|h| req(h, "actor").as_str().is_some_and(|a| a.contains("班子成员"))));
    let h = hits(dir, "*", &["--period", "quarter"]);
    assert!(all(&h, &|h| h["requirement"]["period"]["unit"] == "quarter"));
    let h = hits(dir, "*", &["--unit", "%", "--min", "90"]);
    assert!(all(&h, &|h| h["requirement"]["quantity"]["value"].as_f64().is_some_and(|v| v >= 90.0)));
    let h = hits(dir, "*", &["--max", "5"]);
    assert!(all(&h, &|h| h["requirement"]["quantity"]["value"].as_f64().is_some_and(|v| v <= 5.0)));
    let (out, _, _) = run(dir, &["search", "*", "--index", "idx", "--limit", "3", "--format", "jsonl"]);
    assert_eq!(out.lines().count(), 3);
    let (out, _, _) = run(dir, &["search", "约谈", "--index", "idx", "--format", "csv"]);
    assert!(out.starts_with("score,record,doc,year"), "{out}");
    let (out, _, _) = run(dir, &["search", "约谈", "--index", "idx", "--format", "jsonl"]);
    for line in out.lines() {
        let v: Value = serde_json::from_str(line).expect("jsonl");
        let s = v["sentence"].as_str().unwrap_or("");
        assert!(v["highlights"].as_array().is_some_and(|a| !a.is_empty()), "{s}");
    }
}

#[test]
fn bad_query_and_foreign_corrupt_old_dirs_are_refused() {
    let tmp = setup();
    let dir = tmp.path();
    let (_, err, code) = run(dir, &["search", "\"廉政", "--index", "idx"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot understand the query"), "{err}");
    std::fs::create_dir(dir.join("foreign")).expect("mkdir");
    std::fs::write(dir.join("foreign/notes.txt"), "mine").expect("write");
    for args in [
        &["index", "corpus", "--index", "foreign"][..],
        &["index", "--rebuild", "--index", "foreign"],
        &["search", "x", "--index", "foreign"],
    ] {
        let (_, err, code) = run(dir, args);
        assert_eq!(code, 2);
        assert!(err.contains("is not a taizhang index"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(dir.join("foreign/notes.txt")).ok().as_deref(), Some("mine"));
    std::fs::write(dir.join("idx/meta.json"), "{ garbage").expect("corrupt");
    let (_, err, code) = run(dir, &["search", "约谈", "--index", "idx"]);
    assert_eq!(code, 2);
    assert!(err.contains("index idx is damaged: meta.json cannot be read") && err.contains("--rebuild"), "{err}");
    let (_, err, code) = run(dir, &["index", "corpus", "--index", "idx", "--rebuild"]);
    assert_eq!(code, 0, "{err}");
    let marker = dir.join("idx/taizhang-index.json");
    std::fs::write(&marker, r#"{"format":"taizhang-index","schema_version":0}"#).expect("old");
    let (_, err, code) = run(dir, &["search", "约谈", "--index", "idx"]);
    assert_eq!(code, 2);
    assert!(err.contains("built by an older taizhang") && err.contains("taizhang index --rebuild"), "{err}");
}

#[test]
fn second_writer_is_refused() {
    let tmp = setup();
    let dir = tmp.path();
    let index = taizhang::index::Index::open(&dir.join("idx")).expect("open");
    let held = index.writer(false).expect("first writer");
    let (_, err, code) = run(dir, &["index", "corpus", "--index", "idx"]);
    assert_eq!(code, 2);
    assert!(err.contains("locked by another taizhang"), "{err}");
    drop(held);
    let (_, err, code) = run(dir, &["index", "corpus", "--index", "idx"]);
    assert_eq!(code, 0, "{err}");
    assert!(!sentences(&hits(dir, "约谈", &[])).is_empty());
}

#[test]
fn kill_during_indexing_leaves_last_commit_searchable() {
    let tmp = setup();
    let dir = tmp.path();
    let big = dir.join("big");
    std::fs::create_dir(&big).expect("mkdir");
    let seed = std::fs::read_to_string(corpus_file(dir, "001")).expect("read");
    for i in 0..120 {
        let text = format!("{seed}\n第{i}号补充：每月开展谈心谈话不少于{i}次。\n");
        std::fs::write(big.join(format!("{i:03}.txt")), text).expect("write");
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("taizhang"))
        .current_dir(dir)
        .args(["index", "big", "--index", "idx"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(700));
    let _ = child.kill(); // SIGKILL on Unix
    let _ = child.wait();
    // The last commit (the corpus, maybe the big set) is still searchable.
    let (_, err, code) = run(dir, &["search", "约谈", "--index", "idx"]);
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = run(dir, &["index", "big", "--index", "idx"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("120 documents") || err.contains("125 documents"), "{err}");
}

/// The values of the requirement hits, sorted.
fn values(h: &[Value]) -> Vec<f64> {
    let mut v: Vec<f64> = h.iter().filter_map(|h| h["requirement"]["quantity"]["value"].as_f64()).collect();
    v.sort_by(f64::total_cmp);
    v
}

#[test]
fn limits_and_value_filters_are_checked_and_take_chinese_magnitudes() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::create_dir(dir.join("docs")).expect("mkdir");
    let plan = "2024年工作要点\n一、重点任务\n全年完成固定资产投资不少于1.2万亿元。\n\
                新增城镇就业1000万人以上。\n引进社会资金不少于500万元。\n";
    std::fs::write(dir.join("docs/plan.txt"), plan).expect("write");
    let (_, err, code) = run(dir, &["index", "docs", "--index", "idx"]);
    assert_eq!(code, 0, "{err}");

    // --min and --max read the magnitudes of the documents.
    assert_eq!(values(&hits(dir, "*", &["--min", "1000万"])), [1e7, 1.2e12]);
    assert_eq!(values(&hits(dir, "*", &["--max", "1000万"])), [5e6, 1e7]);
    assert_eq!(values(&hits(dir, "*", &["--min", "1.2万亿"])), [1.2e12]);
    assert_eq!(values(&hits(dir, "*", &["--min", "三千万", "--max", "1.2万亿"])), [1.2e12]);
    assert_eq!(values(&hits(dir, "*", &["--min", "5000000", "--max", "500万"])), [5e6]);

    // Values that cannot mean anything are refused as usage errors (exit
    // 2), before the index is opened, with what to write instead.
    for (extra, says) in [
        (&["--limit", "0"][..], "the limit must be at least 1"),
        (&["--limit=-3"], "not a count of hits"),
        (&["--min", "NaN"], "`NaN` is not a finite number; give a figure such as 50, 2.5, 1000万 or 1.2万亿"),
        (&["--max", "inf"], "not a finite number"),
        (&["--min", "1000万元"], "leave the unit out"),
        (&["--min", "1000万", "--max", "500万"], "the minimum value (10000000) is above the maximum (5000000)"),
    ] {
        let mut args = vec!["search", "*", "--index", "no-such-index"];
        args.extend_from_slice(extra);
        let (out, err, code) = run(dir, &args);
        assert_eq!((code, out.as_str()), (2, ""), "{extra:?}: {err}");
        assert!(err.contains(says), "{extra:?}: {err}");
    }

    // Huge limits give every hit (no capacity overflow).
    let every = hits(dir, "*", &[]).len();
    assert!(every >= 3);
    for limit in ["9223372036854775807", "18446744073709551615", "99999999999999999999999"] {
        let (out, err, code) = run(dir, &["search", "*", "--index", "idx", "--limit", limit, "--format", "jsonl"]);
        assert_eq!(code, 0, "{limit}: {err}");
        assert_eq!(out.lines().count(), every, "{limit}");
    }
}
