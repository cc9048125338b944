//! Ledger tests on real text: rows, inferred actors, xlsx round trip, update.

use super::update::{MARK_MANUAL, MARK_VANISHED, merge, read_old};
use super::*;
use crate::document::Document;
use crate::extract::extract;

fn ledger_of(name: &str, text: &str) -> Ledger {
    let doc = Document::analyze(name, text);
    let reqs: Vec<Requirement> =
        extract(&doc).requirements.into_iter().filter(|r| r.kind == crate::model::Kind::Target).collect();
    Ledger::build(&reqs)
}

const PLAN: &str = "县纪委2022年党风廉政建设工作要点\n我们每季度至少开展1次廉政谈话。\n年内组织廉政培训不少于3期。\n县委常委会要在6月底前完成巡察整改。\n";

#[test]
fn rows_resolve_pronouns_and_null_actors_to_the_issuer() {
    let l = ledger_of("p.txt", PLAN);
    assert_eq!(l.rows.len(), 3);
    let r = &l.rows[0];
    assert_eq!((r.actor.as_str(), r.actor_inferred), ("县纪委", true));
    assert_eq!(r.actor_shown(), "县纪委〔推定〕");
    assert_eq!(r.milestones.len(), 4);
    assert!(l.rows[1].actor_inferred);
    assert_eq!(l.rows[2].actor, "县委常委会");
    assert!(!l.rows[2].actor_inferred);
    assert_eq!(l.rows[2].deadline, "2022-06-30");
    assert_eq!(l.rows[1].target_value, Some(3.0));
    assert_eq!(l.rows[1].unit, "期");
    assert!(is_pronoun("我局") && is_pronoun("本单位") && !is_pronoun("县纪委"));
}

#[test]
fn xlsx_update_carries_typed_cells_and_keeps_vanished_rows() {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let path = dir.path().join("old.xlsx");
    let mut l = ledger_of("p.txt", PLAN);
    l.rows[0].done = Cell::text("已开展2次");
    l.rows[0].progress = Cell::Number(0.5);
    l.rows[0].notes = Cell::Date(44651.0);
    l.rows[1].progress = Cell::Bool(true);
    l.rows[2].notes = Cell::text("待督办");
    l.rows[2].kept.push((2, Cell::text("县委办")));
    if let Err(e) = xlsx::save(&l, &path, xlsx::Options::default()) {
        panic!("{e}");
    }
    let old = match read_old(&path) {
        Ok(o) => o,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(old.rows.len(), 3);
    // Edit the source: the training line goes, a new line comes.
    let edited = PLAN.replace("年内组织廉政培训不少于3期。\n", "年内开展警示教育不少于2次。\n");
    let mut new = ledger_of("p.txt", &edited);
    let stats = merge(&mut new, &old);
    assert_eq!(stats.by_id, 2);
    assert_eq!(stats.kept_rows(), 1);
    let first = &new.rows[0];
    assert_eq!(first.done, Cell::text("已开展2次"));
    assert_eq!(first.progress, Cell::Number(0.5));
    assert_eq!(first.notes, Cell::Date(44651.0));
    let third = &new.rows[2];
    assert_eq!(third.notes, Cell::text("待督办"));
    assert_eq!(third.cells()[2], Cell::text("县委办"));
    assert!(third.mark.contains("责任主体"));
    let last = &new.rows[3];
    assert_eq!(last.mark, MARK_VANISHED);
    assert_eq!(last.progress, Cell::Bool(true));
    assert_eq!(last.cells()[5], Cell::Number(3.0));
    assert!(new.rows[1].done.is_empty());
    let _ = MARK_MANUAL;
}

#[test]
fn a_reworded_sentence_is_matched_by_content_and_a_new_figure_by_id() {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let path = dir.path().join("old.xlsx");
    let mut l = ledger_of("p.txt", PLAN);
    for (k, r) in l.rows.iter_mut().enumerate() {
        r.done = Cell::text(format!("第{k}行"));
    }
    if let Err(e) = xlsx::save(&l, &path, xlsx::Options::default()) {
        panic!("{e}");
    }
    let old = match read_old(&path) {
        Ok(o) => o,
        Err(e) => panic!("{e}"),
    };
    // A word of the first sentence changes (its id with it), a figure of
    // the second (its id stays), the file is renamed.
    let edited = PLAN.replace("我们每季度", "我们坚持每季度").replace("不少于3期", "不少于4期");
    let mut new = ledger_of("renamed.txt", &edited);
    let stats = merge(&mut new, &old);
    assert_eq!((stats.by_id, stats.by_content, stats.added, stats.vanished), (2, 1, 0, 0), "{stats:?}");
    for (k, r) in new.rows.iter().enumerate() {
        assert_eq!(r.done, Cell::text(format!("第{k}行")), "{r:?}");
    }
    assert!(new.rows[0].mark.starts_with(update::MARK_CONTENT), "{}", new.rows[0].mark);
    assert_eq!(new.rows[1].indicator, "不少于4期");
    assert!(new.rows[1].mark.is_empty(), "{}", new.rows[1].mark);
}

#[test]
fn a_ledger_by_unit_is_streamed_into_sorted_sheets() {
    // Rows of two units come interleaved, and two long unit names cut to
    // the same 31 characters: each unit's rows go to its sheet as they come,
    // the sheets are named and ordered by unit when the workbook is done.
    let long = "县乡村振兴领导小组办公室暨县农业农村局及各乡镇人民政府等单位";
    let units = ["县纪委", "县委办", &format!("{long}甲"), "县纪委", &format!("{long}乙")];
    let rows: Vec<LedgerRow> = units
        .iter()
        .enumerate()
        .map(|(i, u)| LedgerRow {
            seq: i + 1,
            id: format!("id{i}"),
            actor: u.to_string(),
            task: format!("任务{i}"),
            progress: Cell::text(if i == 3 { "已完成" } else { "" }),
            ..LedgerRow::default()
        })
        .collect();
    let l = Ledger { rows, ..Ledger::default() };
    let bytes = match xlsx::to_bytes(&l, xlsx::Options { by_actor: true }) {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    };
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("{e}"),
    };
    let path = dir.path().join("u.xlsx");
    if let Err(e) = std::fs::write(&path, bytes) {
        panic!("{e}");
    }
    let sheets = match update::read_sheets(&path) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    // 乙 sorts before 甲 and takes the cut name; 乡 before 委 before 纪.
    let cut: String = format!("台账-{long}").chars().take(31).collect();
    let cut2: String = format!("台账-{long}").chars().take(28).collect::<String>() + "(2)";
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, [cut.as_str(), &cut2, "台账-县委办", "台账-县纪委", "台账统计", "台账原值"]);
    // A unit's sheet: the header, then its rows in order, 序号 as in the ledger.
    let sheet = |name: &str| match sheets.iter().find(|s| s.name == name) {
        Some(s) => s,
        None => panic!("no sheet {name}"),
    };
    let column = |name: &str, col: u16| -> Vec<String> {
        sheet(name).cells.iter().filter(|c| c.1 == col).map(|c| c.2.display()).collect()
    };
    assert_eq!(column("台账-县纪委", 0), ["序号", "1", "4"]);
    assert_eq!(column("台账-县纪委", 3), ["工作任务", "任务0", "任务3"]);
    assert_eq!(column("台账-县委办", 1), ["编号", "id1"]);
    assert_eq!(column(&cut, 3), ["工作任务", "任务4"]);
    assert_eq!(column(&cut2, 3), ["工作任务", "任务2"]);
    // 台账原值 in the order of the rows; the summary counts 已完成 on the unit's sheet.
    assert_eq!(column("台账原值", 1), ["编号", "id0", "id1", "id2", "id3", "id4"]);
    let summary = &sheet("台账统计").cells;
    let done = summary.iter().find(|c| c.2.is_formula() && c.2.display() == "1");
    assert!(
        matches!(done, Some((_, 2, Cell::Formula { text, .. })) if text == "COUNTIF('台账-县纪委'!$N:$N,\"已完成\")"),
        "{summary:?}"
    );
}
