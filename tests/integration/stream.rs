//! `extract --stdin-jsonl` and `--stdin-paths`: records from standard input
//! give the requirements that the same files give, failures are named and
//! set the exit code.

use crate::util::root;
use std::process::Output;

fn run_stdin(args: &[&str], stdin: Vec<u8>) -> Output {
    assert_cmd::Command::cargo_bin("taizhang")
        .expect("binary built")
        .current_dir(root())
        .args(args)
        .write_stdin(stdin)
        .output()
        .expect("run")
}

fn corpus_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("corpus"))
        .expect("corpus/")
        .map(|e| format!("corpus/{}", e.expect("entry").file_name().to_string_lossy()))
        .filter(|f| f.ends_with(".txt"))
        .collect();
    files.sort();
    files
}

fn record(id: &serde_json::Value, text: &str) -> String {
    serde_json::json!({"id": id, "text": text}).to_string()
}

#[test]
fn stdin_jsonl_equals_the_files_it_holds() {
    let files = corpus_files();
    let mut input = String::new();
    for f in &files {
        input += &record(&f.as_str().into(), &std::fs::read_to_string(root().join(f)).expect("read"));
        input.push('\n');
    }
    let streamed = run_stdin(&["extract", "--stdin-jsonl"], input.into_bytes());
    assert_eq!(streamed.status.code(), Some(0), "{}", String::from_utf8_lossy(&streamed.stderr));
    let mut args = vec!["extract", "--format", "jsonl"];
    args.extend(files.iter().map(String::as_str));
    let direct = crate::util::run(&args);
    assert!(!direct.stdout.is_empty());
    assert_eq!(String::from_utf8_lossy(&streamed.stdout), String::from_utf8_lossy(&direct.stdout));
}

#[test]
fn stdin_jsonl_sets_doc_to_the_id_and_names_each_bad_record() {
    let text = "各党组每年开展廉政谈话不少于4次，专题调研不少于2次。";
    let input = [
        record(&"a-1".into(), text),
        "{not json".to_string(),
        record(&42.into(), "   "),
        String::new(),
        serde_json::json!({"text": text}).to_string(),
        record(&7.into(), text),
    ]
    .join("\n");
    let out = run_stdin(&["extract", "--stdin-jsonl", "--threads", "2"], input.into_bytes());
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("standard input line 2: not a JSON record"), "{stderr}");
    assert!(stderr.contains("42: empty file"), "{stderr}");
    assert!(stderr.contains("standard input line 5: no \"id\""), "{stderr}");
    let docs: Vec<String> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json")["doc"].as_str().expect("doc").to_string())
        .collect();
    assert_eq!(docs, ["a-1", "a-1", "7", "7"]);
}

#[test]
fn stdin_paths_equals_the_paths_as_arguments_and_names_a_missing_one() {
    let files = corpus_files();
    let mut args = vec!["extract", "--format", "jsonl"];
    args.extend(files.iter().map(String::as_str));
    let direct = crate::util::run(&args);
    let listed = format!("{}\n", files.join("\n"));
    let streamed = run_stdin(&["extract", "--stdin-paths"], listed.clone().into_bytes());
    assert_eq!(streamed.status.code(), Some(0));
    assert_eq!(streamed.stdout, direct.stdout);
    let with_missing =
        run_stdin(&["extract", "--stdin-paths"], format!("{listed}corpus/no-such-file.txt\n").into_bytes());
    assert_eq!(with_missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&with_missing.stderr).contains("corpus/no-such-file.txt: cannot read"));
    assert_eq!(with_missing.stdout, direct.stdout);
}

#[test]
fn stdin_jsonl_with_paths_is_a_usage_error() {
    let out = run_stdin(&["extract", "--stdin-jsonl", "corpus"], Vec::new());
    assert_eq!(out.status.code(), Some(2));
}
