//! `taizhang export`: files written whole, the engine config beside them,
//! from documents, from extract output and from an index.

use crate::util::{root, run};

#[test]
fn export_writes_bulk_and_its_template_and_from_jsonl_gives_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bulk = dir.path().join("reqs.ndjson");
    let template = dir.path().join("template.json");
    let out = run(&[
        "export",
        "corpus/001_bd2d67b045b86009.txt",
        "--format",
        "opensearch-bulk",
        "-o",
        bulk.to_str().expect("utf-8 path"),
        "--config",
        template.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(&bulk).expect("bulk written");
    assert!(written.lines().count() >= 10 && written.lines().count().is_multiple_of(2));
    let shipped = std::fs::read_to_string(root().join("docs/export/opensearch-index-template.json")).expect("doc");
    assert_eq!(std::fs::read_to_string(&template).expect("template written"), shipped);

    let extracted = run(&["extract", "corpus/001_bd2d67b045b86009.txt", "--format", "jsonl"]);
    let jsonl = dir.path().join("reqs.jsonl");
    std::fs::write(&jsonl, &extracted.stdout).expect("write jsonl");
    let again = run(&["export", jsonl.to_str().expect("utf-8 path"), "--format", "opensearch-bulk"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&again.stdout), written);
}

#[test]
fn export_from_an_index_equals_its_documents_and_a_missing_index_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("index");
    let index_s = index.to_str().expect("utf-8 path");
    let built = run(&["index", "corpus/000_011a7e34cab58901.txt", "--index", index_s]);
    assert_eq!(built.status.code(), Some(0), "{}", String::from_utf8_lossy(&built.stderr));
    let from_index = run(&["export", "--from-index", index_s, "--format", "quickwit"]);
    assert_eq!(from_index.status.code(), Some(0), "{}", String::from_utf8_lossy(&from_index.stderr));
    let direct = run(&["export", "corpus/000_011a7e34cab58901.txt", "--format", "quickwit"]);
    assert!(!direct.stdout.is_empty());
    assert_eq!(from_index.stdout, direct.stdout);

    let missing =
        run(&["export", "--from-index", dir.path().join("none").to_str().expect("path"), "--format", "quickwit"]);
    assert_eq!(missing.status.code(), Some(2));
}
