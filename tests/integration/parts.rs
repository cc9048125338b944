//! A large input read in parts gives what it gives read whole.

use crate::util::root;
use taizhang::Document;
use taizhang::extract::{Options, extract_with};
use taizhang::parts::Parts;

/// The 42 real documents of tests/dev/docs joined into one input of about
/// 1.1 MB: a 政府工作报告 first, whose year read whole is the latest year
/// of all the top-level headings.
fn joined() -> String {
    let dir = root().join("tests/dev/docs");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 42);
    let mut text = String::new();
    for p in names {
        text += &std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        text.push('\n');
    }
    text
}

fn encoded(reqs: &[taizhang::Requirement]) -> Vec<String> {
    reqs.iter().map(|r| serde_json::to_string(r).unwrap_or_else(|e| panic!("{e}"))).collect()
}

/// The requirements of `text` read whole, document by document: each
/// document of a compilation ([`taizhang::meta::document_starts`]) analysed
/// alone, its offsets moved to the input's; and each document's metadata.
fn whole_by_document(name: &str, text: &str) -> (Vec<String>, Vec<taizhang::DocumentMeta>) {
    let mut starts = vec![0];
    starts.extend(taizhang::meta::document_starts(text));
    starts.push(text.len());
    let (mut out, mut metas) = (Vec::new(), Vec::new());
    for w in starts.windows(2) {
        let doc = Document::analyze(name, &text[w[0]..w[1]]);
        let mut reqs = extract_with(&doc, Options::default()).requirements;
        for r in &mut reqs {
            let shift = |s: &mut [usize; 2]| *s = [s[0] + w[0], s[1] + w[0]];
            shift(&mut r.sentence_span);
            if let Some(q) = &mut r.quantity {
                shift(&mut q.span);
            }
            if let Some(d) = &mut r.deadline {
                shift(&mut d.span);
            }
        }
        out.extend(encoded(&reqs));
        metas.push(doc.meta);
    }
    (out, metas)
}

#[test]
fn parts_give_what_the_whole_gives() {
    let text = joined();
    // Ten of the documents follow the end of the one before with a title
    // line: the input is a compilation of eleven.
    let starts = taizhang::meta::document_starts(&text);
    assert_eq!(starts.len(), 10, "{starts:?}");
    let (whole, metas) = whole_by_document("joined.txt", &text);
    assert!(whole.len() > 2000, "{}", whole.len());
    for part_bytes in [16 << 10, 64 << 10] {
        let mut parts = Vec::new();
        let mut n = 0;
        let mut documents = 0;
        for part in Parts::with_part_bytes("joined.txt", text.clone(), Options::default(), part_bytes) {
            let (d, ex) = part.unwrap_or_else(|e| panic!("{e}"));
            if n == 0 {
                assert_eq!(d.meta, metas[0]);
            } else if starts.contains(&d.origin.offset) {
                // A document of the compilation opens a part, with no
                // context, and has its own metadata.
                assert!(d.origin.is_start() && d.origin.context == 0);
                documents += 1;
                assert_eq!(d.meta, metas[documents]);
            } else {
                // Each later part opens with the headings still open.
                assert!(d.origin.offset > 0 && !d.origin.is_start());
                assert_eq!(d.meta, metas[documents]);
            }
            n += 1;
            parts.extend(encoded(&ex.requirements));
        }
        assert_eq!(documents, starts.len());
        assert!(n > text.len() / part_bytes / 2, "{part_bytes}: {n} parts");
        assert_eq!(parts.len(), whole.len(), "{part_bytes}");
        for (k, (p, w)) in parts.iter().zip(&whole).enumerate() {
            assert_eq!(p, w, "{part_bytes}-byte parts, requirement {k}");
        }
    }
}

/// A compilation of six provincial reports, each with its title, read as
/// six documents: each requirement as its document read alone gives it,
/// with its own title and year (read as one, every requirement had the
/// first report's). Read whole or from disk in parts.
#[test]
fn a_compilation_reads_as_its_documents() {
    let names = ["d007_zhejiang_gzbg_2025", "d008_hunan_gzbg_2025", "d009_anhui_gzbg_2025", "d011_henan_gzbg_2025"];
    let names = names.iter().chain(&["d012_shandong_gzbg_2025", "d016_guangdong_gzbg_2026"]);
    let mut text = String::new();
    let mut want = Vec::new();
    for n in names {
        let path = root().join(format!("tests/dev/docs/{n}.txt"));
        let doc = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let alone = extract_with(&Document::analyze("alone.txt", doc.clone()), Options::default()).requirements;
        want.extend(alone.into_iter().map(|r| (r.quantity.map(|q| q.raw), r.kind, r.actor, r.action, r.document)));
        text += doc.trim_end();
        text += "\n\n";
    }
    assert_eq!(taizhang::meta::document_starts(&text).len(), 5);
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("compilation.txt");
    std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
    let input = taizhang::source::Input::Path(path);
    // Held (340 KB: below the size read from disk) and from disk.
    for above in [taizhang::parts::PART_ABOVE, 1 << 10] {
        let got: Vec<_> = match taizhang::pipeline::process_or_parts(&input, Options::default(), above) {
            Ok(taizhang::pipeline::Analysed::Parts(parts)) => parts
                .flat_map(|p| p.unwrap_or_else(|e| panic!("{e}")).1.requirements)
                .map(|r| (r.quantity.map(|q| q.raw), r.kind, r.actor, r.action, r.document))
                .collect(),
            Ok(_) => panic!("a compilation is read as its documents"),
            Err(e) => panic!("{e}"),
        };
        assert_eq!(got.len(), want.len());
        for (k, (g, w)) in got.iter().zip(&want).enumerate() {
            assert_eq!(g, w, "requirement {k}");
        }
        let years: std::collections::BTreeSet<_> = got.iter().map(|g| (g.4.year, g.4.title.clone())).collect();
        assert_eq!(years.len(), 6, "{years:?}");
    }
}

#[test]
fn spans_of_parts_point_into_the_input() {
    let text = joined();
    for part in Parts::with_part_bytes("joined.txt", text.clone(), Options::default(), 32 << 10) {
        let (_, ex) = part.unwrap_or_else(|e| panic!("{e}"));
        for r in &ex.requirements {
            let [s, e] = r.sentence_span;
            assert_eq!(text[s..e].trim_end(), &*r.sentence, "{}", r.id);
            if let Some(q) = &r.quantity {
                assert_eq!(&text[q.span[0]..q.span[1]], q.raw, "{}", r.id);
            }
        }
    }
}

#[test]
fn a_section_opened_before_a_cut_names_the_figures_after_it() {
    // One section of 3,000 lines: every part after the first opens inside
    // it, and its figures keep the section and the plan part its heading names.
    let line = "各乡镇每季度开展安全检查不少于2次。\n";
    let text = format!(
        "某县2025年工作报告\n一、2024年工作回顾\n全年完成投资12亿元。\n二、2025年工作安排\n{}",
        line.repeat(3000)
    );
    let parts: Vec<_> = Parts::with_part_bytes("r.txt", text.clone(), Options::default(), 8 << 10)
        .map(|p| p.unwrap_or_else(|e| panic!("{e}")))
        .collect();
    assert!(parts.len() > 10, "{}", parts.len());
    let reqs: Vec<_> = parts.into_iter().flat_map(|(_, ex)| ex.requirements).collect();
    assert_eq!(reqs.len(), 3001);
    let ids: std::collections::HashSet<_> = reqs.iter().map(|r| r.id.clone()).collect();
    assert_eq!(ids.len(), reqs.len(), "ids count repeated sentences across parts");
    for r in &reqs[1..] {
        assert_eq!(&*r.section, ["二、2025年工作安排"], "{}", r.sentence_span[0]);
        assert_eq!(r.kind, taizhang::Kind::Target, "{}", r.sentence_span[0]);
        assert_eq!(r.actor.as_deref(), Some("各乡镇"));
    }
    assert_eq!(reqs[0].kind, taizhang::Kind::Achievement);
}

/// The requirements of `text` read in parts of `part_bytes`, and read whole.
fn both(text: &str, part_bytes: usize) -> (Vec<String>, Vec<String>, usize) {
    let doc = Document::analyze("t.txt", text.to_string());
    let whole = encoded(&extract_with(&doc, Options::default()).requirements);
    let mut parts = Vec::new();
    let mut n = 0;
    for part in Parts::with_part_bytes("t.txt", text.to_string(), Options::default(), part_bytes) {
        parts.extend(encoded(&part.unwrap_or_else(|e| panic!("{e}")).1.requirements));
        n += 1;
    }
    (parts, whole, n)
}

#[test]
fn a_plan_opened_by_a_sentence_stays_open_across_cuts_with_no_context() {
    // No heading, and paragraphs longer than any lead-in repeated as
    // context: the plan that 2025年工作打算： opened still holds after each cut.
    let para = "各乡镇每季度开展安全检查不少于2次，".repeat(150) + "。\n";
    let text = format!("某县2024年工作总结\n全年完成投资12亿元。\n2025年工作打算：\n{}", para.repeat(24));
    let (parts, whole, n) = both(&text, 16 << 10);
    assert!(n > 5, "{n} parts");
    assert_eq!(parts.len(), whole.len());
    assert!(
        whole.iter().skip(1).all(|r| r.contains("\"kind\":\"target\"")),
        "read whole, the plan's figures are targets"
    );
    same(&parts, &whole);
}

fn same(parts: &[String], whole: &[String]) {
    for (k, (p, w)) in parts.iter().zip(whole).enumerate() {
        assert_eq!(p, w, "requirement {k}");
    }
    assert_eq!(parts.len(), whole.len());
}

/// The requirements of the file `path` read from disk in parts of
/// `part_bytes` (it must be streamed: a UTF-8 text file over 1 KB).
fn streamed(path: &std::path::Path, part_bytes: usize) -> Vec<String> {
    let input = taizhang::source::Input::Path(path.to_path_buf());
    let file = match taizhang::source::open_input(&input, 1024, true) {
        Ok(taizhang::source::Opened::Streamed(f)) => f,
        Ok(taizhang::source::Opened::Held(_)) => panic!("{}: read whole", path.display()),
        Err(e) => panic!("{e}"),
    };
    let mut out = Vec::new();
    for part in Parts::streamed_with_part_bytes(file, Options::default(), part_bytes) {
        out.extend(encoded(&part.unwrap_or_else(|e| panic!("{e}")).1.requirements));
    }
    out
}

fn held(name: &str, text: &str, part_bytes: usize) -> Vec<String> {
    let mut out = Vec::new();
    for part in Parts::with_part_bytes(name, text.to_string(), Options::default(), part_bytes) {
        out.extend(encoded(&part.unwrap_or_else(|e| panic!("{e}")).1.requirements));
    }
    out
}

#[test]
fn a_file_read_from_disk_in_parts_gives_what_its_text_gives() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("joined.txt");
    let text = joined();
    std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
    let name = path.display().to_string();
    for part_bytes in [16 << 10, 64 << 10] {
        let from_disk = streamed(&path, part_bytes);
        assert!(from_disk.len() > 2000, "{}", from_disk.len());
        same(&from_disk, &held(&name, &text, part_bytes));
    }
    // After a byte-order mark the offsets are still the text's.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    std::fs::write(&path, &bom).unwrap_or_else(|e| panic!("{e}"));
    same(&streamed(&path, 32 << 10), &held(&name, &text, 32 << 10));
    // A hard-wrapped text (its wrap width gathered block by block) and
    // one long line.
    let wrapped: String = text
        .chars()
        .filter(|&c| c != '\n')
        .collect::<Vec<_>>()
        .chunks(37)
        .map(|l| l.iter().collect::<String>() + "\n")
        .take(20_000)
        .collect();
    let one_line = text.replace('\n', "");
    // A run of blank lines longer than the window a part is cut in.
    let (head, tail) = text.split_at(text.char_indices().nth(60_000).map_or(0, |(k, _)| k));
    let blank_run = format!("{head}\n{}{tail}", "\t\n".repeat(80_000));
    for t in [wrapped, one_line, blank_run] {
        std::fs::write(&path, &t).unwrap_or_else(|e| panic!("{e}"));
        same(&streamed(&path, 48 << 10), &held(&name, &t, 48 << 10));
    }
}

#[test]
fn a_file_left_on_disk_is_checked_as_a_file_read_whole() {
    use taizhang::source::{Input, Opened, open_input, read_input};
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("a.txt");
    let input = Input::Path(path.clone());
    let body = "年内开展督查不少于2次。\n".repeat(2000);
    let error = |bytes: &[u8]| {
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
        let whole = read_input(&input).err().map(|e| e.to_string());
        let open = open_input(&input, 1024, false).err().map(|e| e.to_string());
        assert_eq!(open, whole);
        open
    };
    // A NUL far in, control characters, nothing but white space.
    let mut nul = body.clone().into_bytes();
    nul[30_000] = 0;
    assert!(error(&nul).is_some_and(|e| e.contains("NUL bytes at offset 30000")));
    let controls: Vec<u8> = body.bytes().map(|b| if b == b'\n' || b == b'2' { 0x01 } else { b }).collect();
    assert!(error(&controls).is_some_and(|e| e.contains("control characters")));
    assert!(error(" \n".repeat(5000).as_bytes()).is_some_and(|e| e.contains("empty")));
    // No more text than the size given, though more bytes (a byte-order
    // mark): read whole, as a file of that text would be.
    std::fs::write(&path, [b"\xEF\xBB\xBF".as_slice(), body.as_bytes()].concat()).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(open_input(&input, body.len(), false), Ok(Opened::Held(_))));
    assert!(matches!(open_input(&input, body.len() - 1, false), Ok(Opened::Streamed(_))));
    // A page with no extension whose first tag is past the first block.
    let page = dir.path().join("page");
    let html = " ".repeat(1 << 20) + "<!DOCTYPE html><html><body><p>年内开展督查不少于2次。</p></body></html>";
    std::fs::write(&page, &html).unwrap_or_else(|e| panic!("{e}"));
    let opened = open_input(&Input::Path(page), 1024, false);
    assert!(matches!(opened, Ok(Opened::Held(s)) if s.format == taizhang::source::InputFormat::Html));
    // GB18030 is read whole (its decoded text is held).
    let (gb, _, _) = encoding_rs::GB18030.encode(&body);
    std::fs::write(&path, &gb).unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(open_input(&input, 1024, false), Ok(Opened::Held(s)) if s.text == body));
    // A file that changes between its check and its parts is an error
    // naming it, not a part read from other text; so is opening it again
    // for a second pass (`inspect`), which an unchanged file allows.
    std::fs::write(&path, &body).unwrap_or_else(|e| panic!("{e}"));
    let Ok(Opened::Streamed(file)) = open_input(&input, 1024, false) else { panic!("not streamed") };
    let again = file.reopen().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((again.len(), again.name()), (file.len(), file.name()));
    std::fs::write(&path, body.replace("督查", "检查") + "另行通知。\n").unwrap_or_else(|e| panic!("{e}"));
    let refused = file.reopen().err().map(|e| e.to_string()).unwrap_or_default();
    assert!(refused.contains("a.txt") && refused.contains("changed"), "{refused}");
    let mut parts = Parts::streamed_with_part_bytes(file, Options::default(), 4096);
    let failed = parts.next().and_then(|p| p.err()).map(|e| e.to_string()).unwrap_or_default();
    assert!(failed.contains("a.txt") && failed.contains("changed"), "{failed}");
    // Rewritten in place to the same length with its modification time set
    // back (as `rsync --inplace -t` leaves it): seen on Unix, where a write
    // moves the status-change time.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let ctime = || {
            let m = std::fs::metadata(&path).unwrap_or_else(|e| panic!("{e}"));
            (m.ctime(), m.ctime_nsec())
        };
        std::fs::write(&path, &body).unwrap_or_else(|e| panic!("{e}"));
        let Ok(Opened::Streamed(file)) = open_input(&input, 1024, false) else { panic!("not streamed") };
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).unwrap_or_else(|e| panic!("{e}"));
        let before = ctime();
        let same_length = body.replace("督查", "检查");
        assert_eq!(same_length.len(), body.len());
        // Written again past the tick of a file system that keeps ctime in
        // whole seconds, if the first write fell within it.
        for pause in [20, 1100] {
            std::thread::sleep(std::time::Duration::from_millis(pause));
            let f = std::fs::OpenOptions::new().write(true).open(&path).unwrap_or_else(|e| panic!("{e}"));
            std::io::Write::write_all(&mut &f, same_length.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
            f.set_modified(modified).unwrap_or_else(|e| panic!("{e}"));
            if ctime() != before {
                break;
            }
        }
        let now = std::fs::metadata(&path).and_then(|m| m.modified()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(now, modified, "the modification time is set back");
        assert_ne!(ctime(), before, "the writes moved the status-change time");
        let mut parts = Parts::streamed_with_part_bytes(file, Options::default(), 4096);
        let failed = parts.next().and_then(|p| p.err()).map(|e| e.to_string()).unwrap_or_default();
        assert!(failed.contains("a.txt") && failed.contains("changed"), "{failed}");
    }
}

#[test]
fn a_task_table_cut_inside_keeps_its_columns() {
    // A flattened task table of 3,000 rows with no heading: the cuts fall
    // inside it, most inside a row (after a cell that ends with 。).
    // Then the same with no line ending in 。 (the cuts fall after a 。
    // inside a cell), and a table that ends inside its last row.
    for (target, end) in [("全年督查不少于{}次。", ""), ("全年督查不少于{}次。确保全覆盖", "3001\n其他任务\n")]
    {
        let mut text = "某县2025年度重点工作任务分解表\n序号\n工作任务\n目标要求\n完成时限\n责任单位\n".to_string();
        for k in 1..=3000 {
            let unit = ["县纪委监委", "县委组织部", "县财政局"][k % 3];
            let target = target.replace("{}", &(k % 5 + 1).to_string());
            text += &format!("{k}\n开展第{k}项专项督查\n{target}\n2025年12月底前\n{unit}\n");
        }
        text += end;
        let (parts, whole, n) = both(&text, 16 << 10);
        assert!(n > 10, "{n} parts");
        assert!(whole.len() >= 3000, "{}", whole.len());
        let owed = whole.iter().filter(|r| r.contains("\"actor\":\"县")).count();
        assert!(owed >= 3000, "read whole, every row's unit owes its figure ({owed})");
        same(&parts, &whole);
    }
}
