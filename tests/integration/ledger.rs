//! The 台账 over a year, run as the real binary: a ledger is written, a
//! person fills it in with a spreadsheet, the directive is re-issued under
//! another file name with one figure changed and one sentence added, and
//! `ledger --update` carries everything the person typed.

use calamine::{Data, Reader, Xlsx, open_workbook};
use std::collections::BTreeMap;
use std::path::Path;
use taizhang::ledger::cell::{Cell, shift_rows};
use taizhang::ledger::{Sheet, update, xlsx};

/// Run the binary; (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = assert_cmd::cargo::cargo_bin_cmd!("taizhang")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run: {e}"));
    (out.status.code().unwrap_or(-1), out.stdout, String::from_utf8_lossy(&out.stderr).into_owned())
}

const PLAN_2022: &str = "县纪委2022年党风廉政建设工作要点
一、落实主体责任
1.年内领导班子专题研究党风廉政建设工作不少于4次。
2.每年开展廉政学习不少于12次，廉政测试不少于1次。
3.班子成员每季度至少听取1次分管部门工作汇报。
二、强化监督
4.县委常委会要在6月底前完成巡察整改。
5.年内组织廉政培训不少于3期。
";

/// A spreadsheet as a person's program keeps it: sheets of cells by position.
struct Book(Vec<(String, Grid)>);

/// A sheet's cells by (row, column).
type Grid = BTreeMap<(u32, u16), Cell>;

/// A ledger sheet read back: its rows of values, its formulas by (row, column), the workbook's sheet names.
type ReadBack = (Vec<Vec<Data>>, BTreeMap<(usize, usize), String>, Vec<String>);

impl Book {
    fn open(path: &Path) -> Self {
        let sheets = update::read_sheets(path).unwrap_or_else(|e| panic!("{e}"));
        Book(sheets.into_iter().map(|s| (s.name, s.cells.into_iter().map(|(r, c, x)| ((r, c), x)).collect())).collect())
    }

    fn sheet(&mut self, name: &str) -> &mut Grid {
        match self.0.iter().position(|(n, _)| n == name) {
            Some(i) => &mut self.0[i].1,
            None => {
                self.0.push((name.to_string(), BTreeMap::new()));
                let last = self.0.len() - 1;
                &mut self.0[last].1
            }
        }
    }

    /// Copy row `r` of a sheet into a new row right below it, as "insert
    /// copied cells" does: the rows below move down, formulas with them.
    fn duplicate_row(&mut self, name: &str, r: u32) {
        let sheet = self.sheet(name);
        let old = std::mem::take(sheet);
        for ((row, col), cell) in old {
            let moved = |cell: Cell, to: u32| match cell {
                Cell::Formula { text, cached, origin } => {
                    Cell::Formula { text: shift_rows(&text, i64::from(to) - i64::from(origin)), cached, origin: to }
                }
                other => other,
            };
            if row == r {
                sheet.insert((row + 1, col), moved(cell.clone(), row + 1));
            }
            let to = if row > r { row + 1 } else { row };
            sheet.insert((to, col), moved(cell, to));
        }
    }

    fn save(&self, path: &Path) {
        let sheets: Vec<Sheet> = self
            .0
            .iter()
            .map(|(name, cells)| Sheet {
                name: name.clone(),
                cells: cells.iter().map(|(&(r, c), x)| (r, c, x.clone())).collect(),
            })
            .collect();
        let bytes = xlsx::sheets_to_bytes(&sheets).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{e}"));
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// A formula with the value the person's program computed for it.
fn formula(f: &str, value: Cell, row: u32) -> Cell {
    Cell::Formula { text: f.to_string(), cached: Box::new(value), origin: row }
}

/// The ledger sheet's rows (values) and formulas.
fn read_ledger(path: &Path) -> ReadBack {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap_or_else(|e| panic!("{e}"));
    let rows = wb.worksheet_range("台账").unwrap_or_else(|e| panic!("{e}")).rows().map(<[Data]>::to_vec).collect();
    let f = wb.worksheet_formula("台账").unwrap_or_else(|e| panic!("{e}"));
    let (r0, c0) = f.start().unwrap_or_default();
    let formulas =
        f.used_cells().map(|(r, c, s)| ((r + r0 as usize, c + c0 as usize), s.trim_start_matches('=').to_string()));
    (rows, formulas.collect(), wb.sheet_names())
}

fn col(rows: &[Vec<Data>], name: &str) -> usize {
    rows[0].iter().position(|h| *h == Data::String(name.into())).unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn a_year_of_the_ledger_keeps_every_typed_cell_on_its_obligation() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    std::fs::write(d.join("2022年要点.txt"), PLAN_2022).unwrap_or_else(|e| panic!("{e}"));
    let (code, _, err) = run(d, &["ledger", "2022年要点.txt", "-o", "台账.xlsx"]);
    assert_eq!(code, 0, "{err}");

    // A person fills it in: 完成情况, 进度 from the drop-down, a date in 备注,
    // a formula in 备注, a column of their own, a corrected 责任主体, a sheet
    // 说明 with a formula, and a row duplicated for a second unit.
    let mut book = Book::open(&d.join("台账.xlsx"));
    let (ids, tasks): (Vec<String>, Vec<String>) = {
        let s = book.sheet("台账");
        let n = s.keys().map(|k| k.0).max().unwrap_or(0);
        (1..=n).map(|r| (s[&(r, 1)].display(), s.get(&(r, 3)).map(Cell::display).unwrap_or_default())).unzip()
    };
    assert_eq!(ids.len(), 6, "{tasks:?}");
    {
        let s = book.sheet("台账");
        s.insert((0, 16), text("责任人"));
        for r in 1..=6u32 {
            s.insert((r, 12), text(&format!("已落实第{r}项")));
            s.insert((r, 13), text(if r % 2 == 0 { "已完成" } else { "推进中" }));
            s.insert((r, 14), Cell::Date(44700.0 + f64::from(r)));
            s.insert((r, 16), text(&format!("张{r}")));
        }
        // 备注 of the 廉政测试 row: a formula on its own row.
        let test_row = 1 + tasks.iter().position(|t| t == "廉政测试").unwrap_or(0) as u32;
        let value = text(&format!("已落实第{test_row}项（已核）"));
        s.insert((test_row, 14), formula(&format!("M{0}&\"（已核）\"", test_row + 1), value, test_row));
        s.insert((1, 2), text("县纪委班子"));
    }
    {
        let s = book.sheet("说明");
        s.insert((0, 0), text("本台账每月5日前更新"));
        s.insert((1, 0), formula("COUNTA(台账!B:B)-1", Cell::Number(6.0), 1));
    }
    // The 廉政培训 row is split between two units.
    let training = 1 + tasks.iter().position(|t| t == "组织廉政培训").unwrap_or(0) as u32;
    book.duplicate_row("台账", training);
    book.sheet("台账").insert((training + 1, 16), text("李二"));
    book.save(&d.join("台账-填报.xlsx"));

    // Re-issued under another name: one figure changed, one sentence added.
    let reissued = PLAN_2022
        .replace("不少于12次", "不少于15次")
        .replace("5.年内组织廉政培训不少于3期。\n", "5.年内组织廉政培训不少于3期。\n6.年内开展警示教育不少于2次。\n");
    std::fs::write(d.join("关于印发2022年要点的通知.txt"), reissued).unwrap_or_else(|e| panic!("{e}"));
    let (code, _, err) =
        run(d, &["ledger", "关于印发2022年要点的通知.txt", "--update", "台账-填报.xlsx", "-o", "台账.xlsx"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("matched 6 rows by id and 0 by content, 1 new"), "{err}");
    assert!(err.contains("kept 1 duplicated rows beside their twin, 0 vanished rows"), "{err}");
    assert!(err.contains("carried 21 typed cells, 7 cells of added columns, 1 hand-edited generated cells"), "{err}");
    assert!(err.contains("1 other sheets (说明); 2 of the cells carried are formulas"), "{err}");

    let (rows, formulas, sheets) = read_ledger(&d.join("台账.xlsx"));
    let (id, task, indicator, done, progress, notes, mark, who) = (
        col(&rows, "编号"),
        col(&rows, "工作任务"),
        col(&rows, "指标"),
        col(&rows, "完成情况"),
        col(&rows, "进度"),
        col(&rows, "备注"),
        col(&rows, "标记"),
        col(&rows, "责任人"),
    );
    assert_eq!(rows.len(), 1 + 6 + 1 + 1, "six rows, the twin, the new one");
    // Every typed cell is on its obligation, found by its (unchanged) id.
    for (k, old_id) in ids.iter().enumerate() {
        let r =
            rows.iter().position(|r| r[id] == Data::String(old_id.clone())).unwrap_or_else(|| panic!("lost {old_id}"));
        let n = k + 1;
        assert_eq!(rows[r][task], Data::String(tasks[k].clone()));
        assert_eq!(rows[r][done], Data::String(format!("已落实第{n}项")));
        assert_eq!(rows[r][progress], Data::String((if n % 2 == 0 { "已完成" } else { "推进中" }).into()));
        assert_eq!(rows[r][who], Data::String(format!("张{n}")));
        if tasks[k] == "廉政测试" {
            // A formula stays a formula, pointing at its own row.
            assert_eq!(formulas.get(&(r, notes)), Some(&format!("M{}&\"（已核）\"", r + 1)));
            assert_eq!(rows[r][notes], Data::String(format!("已落实第{n}项（已核）")));
        } else {
            assert!(matches!(rows[r][notes], Data::DateTime(_)), "{:?}", rows[r][notes]);
        }
        assert!(!rows[r][mark].to_string().starts_with("已删除"), "{:?}", rows[r]);
    }
    // The edited figure is the new one; the other figure of its sentence kept its row.
    let study = rows.iter().find(|r| r[task] == Data::String("开展廉政学习".into())).cloned().unwrap_or_default();
    assert_eq!(study[indicator], Data::String("不少于15次".into()));
    // The corrected 责任主体 is kept and said so.
    assert_eq!(rows[1][2], Data::String("县纪委班子".into()));
    assert!(rows[1][mark].to_string().contains("保留人工修改：责任主体"), "{:?}", rows[1][mark]);
    // The duplicated row stays beside its twin.
    let t = rows.iter().position(|r| r[task] == Data::String("组织廉政培训".into())).unwrap_or(0);
    assert_eq!(rows[t + 1][id], rows[t][id]);
    assert_eq!(rows[t + 1][who], Data::String("李二".into()));
    assert!(rows[t + 1][mark].to_string().starts_with("人工复制的行"), "{:?}", rows[t + 1]);
    // The added sentence is a new row, marked so.
    let added = rows.iter().find(|r| r[task] == Data::String("开展警示教育".into())).cloned().unwrap_or_default();
    assert_eq!(added[mark], Data::String("新增".into()));
    assert_eq!(added[done], Data::Empty);
    // The sheet 说明 is carried over, its formula a formula.
    assert!(sheets.iter().any(|s| s == "说明"), "{sheets:?}");
    let mut wb: Xlsx<_> = open_workbook(d.join("台账.xlsx")).unwrap_or_else(|e| panic!("{e}"));
    let note = wb.worksheet_range("说明").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(note.get_value((0, 0)), Some(&Data::String("本台账每月5日前更新".into())));
    let f = wb.worksheet_formula("说明").unwrap_or_else(|e| panic!("{e}"));
    assert!(f.used_cells().any(|(_, _, s)| s.contains("COUNTA(台账!B:B)")), "{f:?}");

    // A second update with nothing changed changes nothing a person typed.
    let (code, _, err) =
        run(d, &["ledger", "关于印发2022年要点的通知.txt", "--update", "台账.xlsx", "-o", "台账-2.xlsx"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("matched 7 rows by id and 0 by content, 0 new"), "{err}");
    let (again, _, _) = read_ledger(&d.join("台账-2.xlsx"));
    for (a, b) in rows.iter().zip(&again).skip(1) {
        assert_eq!(a[..mark], b[..mark]);
        assert_eq!(a[who], b[who]);
    }
}

#[test]
fn rows_of_an_old_ledger_with_other_ids_are_matched_by_content() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    std::fs::write(d.join("p.txt"), PLAN_2022).unwrap_or_else(|e| panic!("{e}"));
    run(d, &["ledger", "p.txt", "-o", "a.xlsx"]);
    // Ids from an older release: every id differs.
    let mut book = Book::open(&d.join("a.xlsx"));
    {
        let s = book.sheet("台账");
        let n = s.keys().map(|k| k.0).max().unwrap_or(0);
        for r in 1..=n {
            let old = s[&(r, 1)].display();
            s.insert((r, 1), text(&format!("old{old}")));
            s.insert((r, 12), text(&format!("第{r}行")));
        }
    }
    book.0.retain(|(n, _)| n == "台账");
    book.save(&d.join("b.xlsx"));
    let (code, _, err) = run(d, &["ledger", "p.txt", "--update", "b.xlsx", "-o", "c.xlsx"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("matched 0 rows by id and 6 by content, 0 new"), "{err}");
    let (rows, _, _) = read_ledger(&d.join("c.xlsx"));
    assert_eq!(rows.len(), 7);
    for (r, row) in rows.iter().enumerate().skip(1) {
        assert_eq!(row[12], Data::String(format!("第{r}行")));
        assert!(row[15].to_string().starts_with("按内容匹配，原编号 old"), "{row:?}");
    }
}

/// The text of some parts of an xlsx file, joined.
fn parts(path: &Path, names: &[&str]) -> String {
    use std::io::Read;
    let f = std::fs::File::open(path).unwrap_or_else(|e| panic!("{e}"));
    let mut z = zip::ZipArchive::new(f).unwrap_or_else(|e| panic!("{e}"));
    let mut s = String::new();
    for name in names {
        let mut e = z.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        e.read_to_string(&mut s).unwrap_or_else(|e| panic!("{e}"));
    }
    s
}

#[test]
fn the_sheet_is_ready_to_print_and_to_fill_in() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    std::fs::write(d.join("p.txt"), PLAN_2022).unwrap_or_else(|e| panic!("{e}"));
    let (code, _, err) = run(d, &["ledger", "p.txt", "-o", "l.xlsx"]);
    assert_eq!(code, 0, "{err}");
    let sheet = parts(&d.join("l.xlsx"), &["xl/worksheets/sheet1.xml"]);
    let book = parts(&d.join("l.xlsx"), &["xl/workbook.xml"]);
    for (what, needle) in [
        ("A4 landscape", r#"<pageSetup paperSize="9" fitToHeight="0" orientation="landscape""#),
        ("fit to the page width", r#"<pageSetUpPr fitToPage="1"/>"#),
        ("page numbers", "<oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter>"),
        ("进度 drop-down", r#"<dataValidation type="list" errorStyle="information""#),
        ("its choices", "<formula1>\"未开始,推进中,已完成,滞后\"</formula1>"),
        ("overdue rows", "<formula>AND(ISNUMBER($I2),$I2&lt;TODAY(),$N2&lt;&gt;\"已完成\")</formula>"),
        ("row heights", r#"customHeight="1""#),
    ] {
        assert!(sheet.contains(needle), "{what}: no {needle}");
    }
    assert!(book.contains(r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">台账!$1:$1</definedName>"#));
    assert!(
        book.contains(r#"<sheet name="台账统计""#) && book.contains(r#"name="台账原值" sheetId="3" state="hidden""#)
    );
    // 完成时限 is a date the conditional format can compare.
    let mut wb: Xlsx<_> = open_workbook(d.join("l.xlsx")).unwrap_or_else(|e| panic!("{e}"));
    let rows = wb.worksheet_range("台账").unwrap_or_else(|e| panic!("{e}"));
    let deadline = rows.rows().find(|r| r[3] == Data::String("完成巡察整改".into())).map(|r| r[8].clone());
    assert!(matches!(deadline, Some(Data::DateTime(_))), "{deadline:?}");
    // The summary: rows per unit, items due per month.
    let summary = wb.worksheet_range("台账统计").unwrap_or_else(|e| panic!("{e}"));
    let cells: Vec<String> = summary.used_cells().map(|(_, _, d)| d.to_string()).collect();
    assert!(cells.iter().any(|c| c == "县委常委会") && cells.iter().any(|c| c == "2022-06"), "{cells:?}");

    // One sheet per unit on request; --update reads them all back.
    let (code, _, err) = run(d, &["ledger", "p.txt", "--by-actor", "-o", "u.xlsx"]);
    assert_eq!(code, 0, "{err}");
    let wb: Xlsx<_> = open_workbook(d.join("u.xlsx")).unwrap_or_else(|e| panic!("{e}"));
    let names = wb.sheet_names();
    for want in ["台账-县委常委会", "台账-县纪委", "台账-领导班子", "台账-班子成员", "台账统计"]
    {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    let (code, _, err) = run(d, &["ledger", "p.txt", "--update", "u.xlsx", "-o", "v.xlsx"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("matched 6 rows by id and 0 by content, 0 new"), "{err}");
}

#[test]
fn an_output_of_unknown_type_is_refused() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    std::fs::write(d.join("p.txt"), PLAN_2022).unwrap_or_else(|e| panic!("{e}"));
    let (code, _, err) = run(d, &["ledger", "p.txt", "-o", "out.pdf"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot write a ledger as .pdf"), "{err}");
    assert!(!d.join("out.pdf").exists());
}

/// The events of a calendar, parsed by the `icalendar` crate: for each,
/// its properties by name and the properties of its alarms.
type Events = Vec<(BTreeMap<String, String>, Vec<BTreeMap<String, String>>)>;

fn parse_ics(bytes: &[u8]) -> Events {
    use icalendar::parser::{read_calendar, unfold};
    let text = String::from_utf8(bytes.to_vec()).unwrap_or_else(|e| panic!("{e}"));
    // The typed reading accepts it too.
    let typed: icalendar::Calendar = text.parse().unwrap_or_else(|e| panic!("{e}"));
    let unfolded = unfold(&text);
    let cal = read_calendar(&unfolded).unwrap_or_else(|e| panic!("{e}"));
    let props = |c: &icalendar::parser::Component| -> BTreeMap<String, String> {
        c.properties.iter().map(|p| (p.name.to_string(), p.val.to_string())).collect()
    };
    let events: Events = cal
        .components
        .iter()
        .filter(|c| c.name.as_str() == "VEVENT")
        .map(|e| (props(e), e.components.iter().filter(|a| a.name.as_str() == "VALARM").map(props).collect()))
        .collect();
    assert_eq!(typed.components.len(), events.len());
    events
}

#[test]
fn every_event_parses_and_has_its_alarm_and_periodic_duties_repeat() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    std::fs::write(d.join("p.txt"), PLAN_2022).unwrap_or_else(|e| panic!("{e}"));
    let (code, out, err) = run(d, &["ledger", "p.txt", "--format", "ics", "--remind-days", "10"]);
    assert_eq!(code, 0, "{err}");
    let events = parse_ics(&out);
    // The deadline, the quarterly duty as one repeating event, and the four
    // year-long targets in one event at the year's end.
    assert_eq!(events.len(), 3, "{events:?}");
    let year_end = events.iter().find(|(e, _)| e["DTSTART"] == "20221231").map(|(e, _)| e);
    let year_end = year_end.unwrap_or_else(|| panic!("no year-end event"));
    assert!(year_end["SUMMARY"].starts_with("2022年度目标到期（4项）"), "{year_end:?}");
    assert!(year_end["DESCRIPTION"].contains("组织廉政培训 不少于3期"), "{year_end:?}");
    for (e, alarms) in &events {
        assert_eq!(alarms.len(), 1, "{e:?}");
        assert_eq!(alarms[0].get("TRIGGER").map(String::as_str), Some("-P10D"));
        assert_eq!(alarms[0].get("ACTION").map(String::as_str), Some("DISPLAY"));
        let summary = &e["SUMMARY"];
        assert!(!summary.ends_with([',', ';', '，', '；', '：']), "{summary}");
    }
    let quarterly = events.iter().find(|(e, _)| e["SUMMARY"].contains("听取分管部门工作汇报")).map(|(e, _)| e);
    let quarterly = quarterly.unwrap_or_else(|| panic!("no quarterly event"));
    assert_eq!(quarterly["DTSTART"], "20220331");
    assert_eq!(quarterly["RRULE"], "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1;COUNT=4");
    assert!(events.iter().any(|(e, _)| e["DTSTART"] == "20220630" && !e.contains_key("RRULE")));

    // 每年3月底前 repeats yearly; a document with no year says why it has no date.
    let duty = "县应急局2022年安全生产工作要点\n各乡镇每年3月底前报送上年度安全生产工作总结。\n";
    std::fs::write(d.join("y.txt"), duty).unwrap_or_else(|e| panic!("{e}"));
    let (_, out, _) = run(d, &["ledger", "y.txt", "--format", "ics"]);
    let events = parse_ics(&out);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].0["DTSTART"], "20220331");
    assert_eq!(events[0].0["RRULE"], "FREQ=YEARLY;BYMONTHDAY=-1;COUNT=1");
    assert_eq!(events[0].1[0]["TRIGGER"], "-P7D");
    let no_year = "安全生产目标责任书\n一、各乡镇每季度开展安全检查不少于1次。\n二、各单位每年3月底前报送工作总结。\n";
    std::fs::write(d.join("n.txt"), no_year).unwrap_or_else(|e| panic!("{e}"));
    let (code, out, err) = run(d, &["ledger", "n.txt", "--format", "ics"]);
    assert_eq!(code, 0, "{err}");
    assert!(parse_ics(&out).is_empty());
    assert!(err.contains("warning: n.txt: the document gives no year"), "{err}");
}

#[test]
fn results_reported_are_never_calendar_events() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let report = "县纪委2022年党风廉政建设工作总结\n2022年，我委共开展廉政谈话35次，组织廉政培训4期。\n";
    std::fs::write(dir.path().join("r.txt"), report).unwrap_or_else(|e| panic!("{e}"));
    let (code, out, err) = run(dir.path(), &["ledger", "r.txt", "--kind", "achievement", "--format", "ics"]);
    assert_eq!(code, 0, "{err}");
    assert!(parse_ics(&out).is_empty());
    assert!(err.contains("results reported, not targets"), "{err}");
}
