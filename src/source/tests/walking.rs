//! Folder walks: order, hidden entries, skipped files, per-file results.

use crate::error::Error;
use crate::source::{Input, collect_inputs, read_input};
use encoding_rs::GBK;
use std::fs;
use std::path::{Path, PathBuf};

fn write(root: &Path, name: &str, bytes: &[u8]) {
    let path = root.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("mkdir");
    }
    fs::write(path, bytes).expect("write");
}

#[test]
fn a_folder_of_mixed_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let (gbk, _, _) = GBK.encode("全年召开专题会议不少于2次。");
    write(root, "b_good.txt", "每月巡河不少于1次。".as_bytes());
    write(root, "a_empty.txt", b"");
    write(root, "c_binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00");
    write(root, "d_gbk.TXT", &gbk);
    write(root, ".hidden.txt", b"hidden");
    write(root, ".git/config.txt", b"hidden folder");
    write(root, "photo.jpg", b"\xFF\xD8\xFF");
    write(root, "nested/e_page.html", "<p>网页</p>".as_bytes());
    write(root, "nested/deeper/f.md", "深层".as_bytes());
    write(root, "nested/scan.pdf", b"%PDF-1.4");
    write(root, "nested/README", b"no extension");
    write(root, "nested.txt", "同名文件".as_bytes());

    let (set, errors) = collect_inputs(&[root.to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    let names: Vec<String> = set
        .inputs
        .iter()
        .map(|i| match i {
            Input::Path(p) => p.strip_prefix(root).unwrap_or(p).display().to_string(),
            Input::Stdin => "-".into(),
        })
        .collect();
    assert_eq!(
        names,
        [
            "a_empty.txt",
            "b_good.txt",
            "c_binary.txt",
            "d_gbk.TXT",
            "nested/deeper/f.md",
            "nested/e_page.html",
            "nested/scan.pdf",
            "nested.txt",
        ]
    );
    let skipped: Vec<String> =
        set.skipped.iter().map(|s| s.to_string().replace(&format!("{}/", root.display()), "")).collect();
    assert_eq!(
        skipped,
        [
            "nested/README: skipped: no extension (in a folder only .txt, .md, .docx, .html and .htm files are read)",
            "photo.jpg: skipped: .jpg is not a type taizhang reads",
        ],
        "named in walk order, each with why"
    );

    let results: Vec<_> = set.inputs.iter().map(read_input).collect();
    assert!(matches!(results[0], Err(Error::Empty { .. })));
    assert_eq!(results[1].as_ref().map(|s| s.text.as_str()).ok(), Some("每月巡河不少于1次。"));
    assert!(matches!(results[2], Err(Error::Binary { .. })));
    let gb = results[3].as_ref().expect("gbk");
    assert_eq!((gb.text.as_str(), gb.encoding), ("全年召开专题会议不少于2次。", "GB18030"));
    assert_eq!(results[4].as_ref().map(|s| s.text.as_str()).ok(), Some("深层"));
    assert_eq!(results[5].as_ref().map(|s| s.text.as_str()).ok(), Some("网页"));
    assert!(matches!(results[6], Err(Error::Unsupported { .. })));
    assert!(results[7].is_ok());
}

#[test]
fn explicit_paths_stdin_and_missing_paths() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, ".hidden.txt", "显式指定".as_bytes());
    write(root, "x.jpg", b"\xFF\xD8\xFF");
    let paths = [root.join(".hidden.txt"), PathBuf::from("-"), root.join("missing.txt"), root.join("x.jpg")];
    let (set, errors) = collect_inputs(&paths);
    assert_eq!(set.inputs, [Input::Path(root.join(".hidden.txt")), Input::Stdin, Input::Path(root.join("x.jpg")),]);
    assert_eq!(set.inputs[1].name(), "-");
    assert_eq!(errors.len(), 1);
    assert!(matches!(errors[0], Error::Io { .. }));
    assert!(errors[0].to_string().contains("missing.txt: cannot read: "), "{}", errors[0]);
    let err = read_input(&set.inputs[2]).expect_err("jpg");
    assert!(matches!(err, Error::Unsupported { .. }), "{err}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_end() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "sub/a.txt", "内容".as_bytes());
    std::os::unix::fs::symlink(root, root.join("sub/loop")).expect("symlink");
    let (set, errors) = collect_inputs(&[root.to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(set.inputs, [Input::Path(root.join("sub/a.txt"))]);
}

#[test]
fn a_file_that_vanishes_is_an_io_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), "gone.txt", "内容".as_bytes());
    let (set, errors) = collect_inputs(&[dir.path().to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    fs::remove_file(dir.path().join("gone.txt")).expect("rm");
    let err = read_input(&set.inputs[0]).expect_err("vanished");
    assert!(matches!(err, Error::Io { .. }), "{err}");
    assert!(err.to_string().contains("gone.txt: cannot read: "), "{err}");
    assert!(!err.to_string().contains('\n'), "{err}");
}

#[test]
fn every_seed_document_reads_as_utf8_text() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let (set, errors) = collect_inputs(&[corpus]);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(!set.inputs.is_empty());
    for input in &set.inputs {
        let src = read_input(input).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(src.encoding, "UTF-8", "{}", src.name);
        assert_eq!(src.name, input.name());
    }
}

/// Make a FIFO with mkfifo(1); `false` when there is no mkfifo.
#[cfg(unix)]
fn mkfifo(path: &Path) -> bool {
    std::process::Command::new("mkfifo").arg(path).status().is_ok_and(|s| s.success())
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_named_and_never_opened() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "a_good.txt", "每月巡河不少于1次。".as_bytes());
    if !mkfifo(&root.join("b_pipe.txt")) || !mkfifo(&root.join("c_pipe")) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    std::os::unix::fs::symlink("/dev/zero", root.join("d_zero.txt")).expect("symlink");
    // In a walk: skipped with an error naming each, whatever its name.
    let (set, errors) = collect_inputs(&[root.to_path_buf()]);
    assert_eq!(set.inputs, [Input::Path(root.join("a_good.txt"))]);
    let msgs: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert!(msgs[0].contains("b_pipe.txt: a FIFO (named pipe), not a regular file; not read"), "{msgs:?}");
    assert!(msgs[1].contains("c_pipe: a FIFO"), "{msgs:?}");
    assert!(msgs[2].contains("d_zero.txt: a character device, not a regular file"), "{msgs:?}");
    assert!(errors.iter().all(|e| matches!(e, Error::NotAFile { .. })));
    // Named directly: refused the same way, with what to do for a stream.
    let (set, errors) = collect_inputs(&[root.join("b_pipe.txt")]);
    assert!(set.inputs.is_empty());
    assert!(errors[0].to_string().contains("give `-` as the path"), "{errors:?}");
    // Read directly (text, inspect): refused before opening, not waited on.
    for name in ["b_pipe.txt", "d_zero.txt"] {
        let err = read_input(&Input::Path(root.join(name))).expect_err(name);
        assert!(matches!(err, Error::NotAFile { .. }), "{err}");
    }
}
