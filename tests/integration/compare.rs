//! `compare`, `track` and `ledger` run as the real binary on the fixtures of
//! tests/fixtures/compare/ and on the corpus pair 001 (plan) / 003 (report).

use calamine::{Data, Reader, Xlsx, open_workbook};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

fn fx(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare").join(name)
}

fn corpus(prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let found = std::fs::read_dir(&dir)
        .ok()
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.file_name().is_some_and(|f| f.to_string_lossy().starts_with(prefix)));
    found.unwrap_or_else(|| panic!("no corpus/{prefix}*"))
}

/// Run the binary; (exit code, stdout, stderr).
fn run(args: &[&std::ffi::OsStr]) -> (i32, Vec<u8>, String) {
    let out =
        assert_cmd::cargo::cargo_bin_cmd!("taizhang").args(args).output().unwrap_or_else(|e| panic!("cannot run: {e}"));
    (out.status.code().unwrap_or(-1), out.stdout, String::from_utf8_lossy(&out.stderr).into_owned())
}

macro_rules! args {
    ($($a:expr),* $(,)?) => { &[$(std::ffi::OsStr::new(&$a)),*] };
}

fn json(bytes: &[u8]) -> Vec<Value> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Array(v)) => v,
        other => panic!("not a JSON array: {other:?}"),
    }
}

fn action(v: &Value) -> &str {
    v["action"].as_str().unwrap_or("")
}

#[test]
fn compare_fixtures_json() {
    let (code, out, _) = run(args!["compare", fx("plan_2022.txt"), fx("plan_2023.txt"), "--format", "json"]);
    assert_eq!(code, 0);
    let rows = json(&out);
    let change = |a: &str| {
        rows.iter()
            .find(|r| action(&r["new"]) == a || action(&r["old"]) == a)
            .map(|r| r["change"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(change("专题研究党风廉政建设工作").as_deref(), Some("tightened"));
    assert_eq!(change("开展廉政谈话").as_deref(), Some("tightened"));
    assert_eq!(change("听取派驻机构工作汇报").as_deref(), Some("loosened"));
    assert_eq!(change("全县公务接待费用支出控制").as_deref(), Some("tightened"));
    assert_eq!(change("领导干部廉政培训覆盖率").as_deref(), Some("loosened"));
    assert_eq!(change("开展警示教育").as_deref(), Some("unchanged"));
    assert_eq!(change("开展廉政法规测试").as_deref(), Some("reworded"));
    assert_eq!(change("报送廉政信息").as_deref(), Some("added"));
    assert_eq!(change("开展惠民资金专项检查").as_deref(), Some("dropped"));
    // Each side is a requirement in the spec's shape.
    let pair = &rows[0];
    for k in ["kind", "quantity", "period", "actor", "action", "sentence", "section"] {
        assert!(pair["old"].get(k).is_some() && pair["new"].get(k).is_some(), "{k}");
    }
    assert!(pair["explain"].as_str().is_some_and(|e| e.contains("action")));
}

#[test]
fn compare_table_csv_html_mark_changes() {
    let (a, b) = (fx("plan_2022.txt"), fx("plan_2023.txt"));
    let (_, out, err) = run(args!["compare", a, b]);
    let table = String::from_utf8_lossy(&out);
    assert!(table.contains("不少于[2]次") && table.contains("不少于[4]次"), "{table}");
    assert!(err.contains("4 tightened"), "{err}");
    let (_, csv, _) = run(args!["compare", a, b, "--format", "csv"]);
    assert!(csv.starts_with("\u{feff}change,".as_bytes()));
    let (_, html, _) = run(args!["compare", a, b, "--format", "html"]);
    let html = String::from_utf8_lossy(&html);
    assert!(html.contains("<ins>4</ins>") && html.contains("<del>2</del>"));
}

fn dev_doc(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dev/docs").join(name)
}

/// Run the binary with `COLUMNS` set (stdout is a pipe, as in CI).
fn run_cols(cols: &str, args: &[&std::ffi::OsStr]) -> String {
    let out = assert_cmd::cargo::cargo_bin_cmd!("taizhang")
        .env("COLUMNS", cols)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run: {e}"));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every figure (period, quantity, deadline as written) of the requirements
/// under `keys` of each JSON row.
fn figures_of(rows: &[Value], keys: &[&str]) -> Vec<String> {
    let mut v = Vec::new();
    for row in rows {
        for k in keys {
            let reqs = match &row[*k] {
                Value::Array(a) => a.clone(),
                Value::Null => Vec::new(),
                one => vec![one.clone()],
            };
            for r in reqs {
                for f in ["period", "quantity", "deadline"] {
                    // As a table prints it: no line break or zero-width
                    // character inside, a space kept as a no-break space.
                    let raw: String = r[f]["raw"]
                        .as_str()
                        .unwrap_or("")
                        .chars()
                        .filter(|c| {
                            !matches!(c, '\n' | '\r' | '\t' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
                        })
                        .map(|c| if c == ' ' || c == '\u{3000}' { '\u{a0}' } else { c })
                        .collect();
                    if !raw.is_empty() {
                        v.push(raw);
                    }
                }
            }
        }
    }
    v
}

/// On real year-over-year pairs, the tables of `compare` and `track` fit
/// 80 (and 100, and 130 where why/note get their own column) columns, and no figure of the JSON output is broken across
/// lines of the table (the table marks changed parts with `[ ]`, taken out
/// before looking).
#[test]
fn compare_and_track_tables_fit_the_width_and_keep_figures_whole() {
    let cases = [
        ("compare", "d007_zhejiang_gzbg_2025.txt", "d013_zhejiang_gzbg_2026.txt", &["old", "new"][..]),
        ("compare", "d001_guowuyuan_gzbg_2016.txt", "d002_guowuyuan_gzbg_2017.txt", &["old", "new"][..]),
        ("track", "d001_guowuyuan_gzbg_2016.txt", "d002_guowuyuan_gzbg_2017.txt", &["target", "answers"][..]),
        ("track", "d007_zhejiang_gzbg_2025.txt", "d013_zhejiang_gzbg_2026.txt", &["target", "answers"][..]),
    ];
    for (cmd, a, b, keys) in cases {
        let (a, b) = (dev_doc(a), dev_doc(b));
        let rows = json(run_cols("80", args![cmd, a, b, "--format", "json"]).as_bytes());
        let figures = figures_of(&rows, keys);
        assert!(figures.len() > 20, "{cmd}: {} figures", figures.len());
        for cols in [80usize, 100, 130] {
            let table = run_cols(&cols.to_string(), args![cmd, a, b]);
            for line in table.lines() {
                let w = unicode_width::UnicodeWidthStr::width(line);
                assert!(w <= cols, "{cmd} at {cols} columns: a line of {w}:\n{line}");
            }
            let plain = table.replace(['[', ']'], "");
            for f in &figures {
                assert!(plain.contains(f.as_str()), "{cmd} at {cols} columns: {f} broken or missing");
            }
        }
    }
}

/// The html reports open with the counts per status, carry the filter
/// controls and both source sentences, and escape the text of a document.
#[test]
fn html_reports_have_counts_filters_sentences_and_escape_text() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let evil = |from: &str, to: &str| {
        let text = std::fs::read_to_string(fx(from)).unwrap_or_else(|e| panic!("{e}"));
        let text = text.replace("班子成员每年开展廉政谈话", "班子成员<script>alert(1)</script>每年开展廉政谈话");
        let p = dir.path().join(to);
        std::fs::write(&p, text).unwrap_or_else(|e| panic!("{e}"));
        p
    };
    let (a, b) = (evil("plan_2022.txt", "a.txt"), evil("plan_2023.txt", "b.txt"));
    let (code, html, err) = run(args!["compare", a, b, "--format", "html"]);
    assert_eq!(code, 0, "{err}");
    let html = String::from_utf8_lossy(&html);
    assert!(html.contains("<b>4</b> tightened"), "{html}");
    assert!(html.contains("<form id=\"filter\""), "{html}");
    assert!(html.contains("<input type=\"checkbox\" value=\"tightened\" checked>"), "{html}");
    assert!(html.contains("data-status=\"loosened\""));
    assert!(html.contains("<th>old sentence</th><th>new sentence</th>"));
    // Both sentences of the 廉政谈话 pair, figures marked, the script escaped.
    let old = "<td class=\"sentence\">2.班子成员&lt;script&gt;alert(1)&lt;/script&gt;<mark>每年</mark>开展廉政谈话\
               <mark>不少于4次</mark>。</td><td class=\"sentence\">2.班子成员<mark>每季度</mark>开展廉政谈话";
    assert!(html.contains(old), "{html}");
    assert!(!html.contains("<script>alert"), "{html}");
    assert_eq!(html.matches("<script>").count(), 1, "only the page's own script");

    let (code, html, _) = run(args!["track", fx("plan_track.txt"), fx("report_track.txt"), "--format", "html"]);
    assert_eq!(code, 0);
    let html = String::from_utf8_lossy(&html);
    assert!(html.contains("<b>1</b> unmet") && html.contains("value=\"not_reported\""), "{html}");
    assert!(html.contains("<th>plan sentence</th><th>report sentences</th>"));
    assert!(html.contains("<mark>"));
}

#[test]
fn track_fixtures_json() {
    let (code, out, err) = run(args!["track", fx("plan_track.txt"), fx("report_track.txt"), "--format", "json"]);
    assert_eq!(code, 0);
    assert!(!err.contains("warning"), "{err}");
    let rows = json(&out);
    let status = |a: &str| {
        rows.iter().find(|r| action(&r["target"]) == a).map(|r| r["status"].as_str().unwrap_or("").to_string())
    };
    assert_eq!(status("专题研究党风廉政建设工作").as_deref(), Some("unmet"));
    assert_eq!(status("开展廉政谈话").as_deref(), Some("exceeded"));
    assert_eq!(status("开展监督检查").as_deref(), Some("met"));
    assert_eq!(status("组织党员干部廉政培训").as_deref(), Some("unverifiable"));
    assert_eq!(status("开展廉政家访").as_deref(), Some("unverifiable"));
    assert_eq!(status("办理群众来信").as_deref(), Some("not_reported"));
    let unmet = rows.iter().find(|r| r["status"] == "unmet").cloned().unwrap_or_default();
    assert_eq!(unmet["shortfall"]["planned"], 4.0);
    assert_eq!(unmet["shortfall"]["reported"], 2.0);
    assert!(unmet["answers"].as_array().is_some_and(|a| a.len() == 1));
    assert!(rows.iter().any(|r| r["status"] == "no_target" && r["target"].is_null()));
}

#[test]
fn track_corpus_plan_against_report() {
    let (code, out, err) = run(args!["track", corpus("001_"), corpus("003_"), "--format", "json"]);
    assert_eq!(code, 0);
    assert!(err.contains("warning: the issuers differ"), "{err}");
    let rows = json(&out);
    let hit = rows
        .iter()
        .find(|r| action(&r["target"]).starts_with("专题研究") && r["target"]["quantity"]["value"] == 4.0)
        .cloned()
        .unwrap_or_default();
    assert_eq!(hit["status"], "unmet", "{hit}");
    assert_eq!(hit["answers"][0]["quantity"]["raw"], "2次");
    assert!(rows.iter().any(|r| r["status"] == "not_reported"));
}

fn read_sheet(path: &Path) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{e}"));
    let range = wb.worksheet_range("台账").unwrap_or_else(|e| panic!("{e}"));
    range.rows().map(|r| r.to_vec()).collect()
}

fn sheet_xml(path: &Path) -> String {
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{e}"));
    let mut z = zip::ZipArchive::new(f).unwrap_or_else(|e| panic!("{e}"));
    let mut s = String::new();
    for name in ["xl/worksheets/sheet1.xml", "xl/styles.xml"] {
        let mut e = z.by_name(name).unwrap_or_else(|e| panic!("{e}"));
        e.read_to_string(&mut s).unwrap_or_else(|e| panic!("{e}"));
    }
    s
}

#[test]
fn ledger_xlsx_reads_back() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("l.xlsx");
    let (code, _, err) = run(args!["ledger", fx("plan_track.txt"), "-o", out]);
    assert_eq!(code, 0, "{err}");
    let rows = read_sheet(&out);
    assert_eq!(rows[0][0], Data::String("序号".into()));
    assert_eq!(rows[0][2], Data::String("责任主体".into()));
    assert_eq!(rows.len(), 8);
    assert_eq!(rows[1][5], Data::Float(4.0));
    assert_eq!(rows[5][2], Data::String("党组织主要负责人".into()));
    let quarterly = rows.iter().find(|r| r[7] == Data::String("每季度".into())).cloned().unwrap_or_default();
    assert_eq!(quarterly[9], Data::String("2022-03-31；2022-06-30；2022-09-30；2022-12-31".into()));
    let xml = sheet_xml(&out);
    assert!(xml.contains("<autoFilter ref=\"A1:P8\""), "filter");
    assert!(xml.contains("ySplit=\"1\"") && xml.contains("state=\"frozen\""), "frozen");
    assert!(xml.contains("wrapText=\"1\""), "wrap");
    assert!(xml.contains("<col "), "widths");
}

#[test]
fn ledger_ics_parses_back() {
    let (code, out, _) = run(args!["ledger", fx("plan_track.txt"), "--format", "ics"]);
    assert_eq!(code, 0);
    let text = String::from_utf8(out).unwrap_or_default();
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets", line.len());
        assert!(!line.contains('\n'));
    }
    let unfolded = text.replace("\r\n ", "");
    let mut events: Vec<Vec<(String, String)>> = Vec::new();
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        match (name, value) {
            ("BEGIN", "VEVENT") => events.push(Vec::new()),
            _ => {
                if let Some(e) = events.last_mut() {
                    e.push((name.to_string(), value.to_string()));
                }
            }
        }
    }
    // Five year-long targets end 12-31, in one event; the quarterly one is
    // one event repeating at the four quarter ends.
    assert_eq!(events.len(), 2);
    let mut uids = Vec::new();
    for e in &events {
        let get = |k: &str| e.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        assert!(get("DTSTAMP").is_some_and(|s| s.len() == 16 && s.ends_with('Z')));
        let start = get("DTSTART;VALUE=DATE").unwrap_or_default();
        assert!(start.len() == 8 && start.starts_with("2022"), "{start}");
        uids.push(get("UID").unwrap_or_default());
    }
    uids.sort();
    uids.dedup();
    assert_eq!(uids.len(), events.len());
    assert!(unfolded.contains("DTSTART;VALUE=DATE:20220331"));
}

#[test]
fn ledger_all_tasks_gives_one_row_per_duty() {
    let (_, out, _) = run(args!["ledger", fx("duties.txt"), "--all-tasks", "--format", "json"]);
    assert_eq!(json(&out).len(), 10);
    let (_, out, _) = run(args!["ledger", fx("duties.txt"), "--format", "json"]);
    assert_eq!(json(&out).len(), 1);
}

/// Fill in 完成情况/进度/备注 and add a column, as an official would.
fn fill_in(from: &Path, to: &Path) {
    use rust_xlsxwriter::{Format, Workbook};
    let rows = read_sheet(from);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let _ = ws.set_name("台账");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        for (c, d) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            let _ = match d {
                Data::String(s) => ws.write_string(r, c, s).map(|_| ()),
                Data::Float(x) => ws.write_number(r, c, *x).map(|_| ()),
                _ => Ok(()),
            };
        }
        let r = r as u32;
        if r == 0 {
            let _ = ws.write_string(0, 16, "责任人");
        } else {
            let _ = ws.write_string(r, 12, format!("已完成第{r}项"));
            let _ = ws.write_number(r, 13, 0.25 * f64::from(r));
            let _ = ws.write_number_with_format(r, 14, 44900.0 + f64::from(r), &date);
            let _ = ws.write_string(r, 16, format!("张{r}"));
        }
    }
    wb.save(to).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn ledger_update_keeps_every_typed_cell() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let src = dir.path().join("plan.txt");
    let original = std::fs::read_to_string(fx("plan_track.txt")).unwrap_or_default();
    std::fs::write(&src, &original).unwrap_or_else(|e| panic!("{e}"));
    let (first, filled, second) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"), dir.path().join("c.xlsx"));
    run(args!["ledger", src, "-o", first]);
    fill_in(&first, &filled);
    let before = read_sheet(&filled);
    // Edit the source: drop the 培训 line, add a new target at the top.
    let edited = original
        .replace("4.年内组织党员干部廉政培训不少于3期。\n", "")
        .replace("一、落实主体责任\n", "一、落实主体责任\n0.年内开展廉政党课不少于2次。\n");
    std::fs::write(&src, edited).unwrap_or_else(|e| panic!("{e}"));
    let (code, _, err) = run(args!["ledger", src, "--update", filled, "-o", second]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("1 vanished rows"), "{err}");
    let after = read_sheet(&second);
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after[0][16], Data::String("责任人".into()));
    // Every filled-in row of the old ledger is there, by id, with its types.
    for old in &before[1..] {
        let new = after.iter().find(|r| r[1] == old[1]).unwrap_or_else(|| panic!("lost {:?}", old[1]));
        assert_eq!(new[12], old[12]);
        assert_eq!(new[13], old[13]);
        assert!(matches!(new[14], Data::DateTime(_)), "{:?}", new[14]);
        assert_eq!(new[14], old[14]);
        assert_eq!(new[16], old[16]);
    }
    let last = &after[after.len() - 1];
    assert!(last[15].to_string().starts_with("已删除"), "{last:?}");
    assert!(last[11].to_string().contains("廉政培训"));
    let added = after.iter().find(|r| r[3] == "开展廉政党课").cloned().unwrap_or_default();
    assert_eq!(added[12], Data::Empty);
}
