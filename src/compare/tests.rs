//! Tests of alignment, classification and tracking on the fixtures of
//! `tests/fixtures/compare/` and on hand-built requirements.

use super::*;
use crate::model::{Comparator, DocumentMeta, Genre, Period, PeriodUnit, Quantity};
use crate::pipeline::process;
use crate::source::Input;
use crate::track::{Status, judge, track};

fn fixture(name: &str) -> Vec<Requirement> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compare").join(name);
    match process(&Input::Path(p)) {
        Ok((_, ex)) => ex.requirements,
        Err(e) => panic!("{name}: {e}"),
    }
}

/// A requirement built by hand: figure, unit, period per year.
fn req(action: &str, cmp: Comparator, value: Option<f64>, unit: &str, per_year: Option<f64>) -> Requirement {
    Requirement {
        doc: "t.txt".into(),
        id: action.into(),
        kind: Kind::Target,
        modality: crate::model::Modality::Must,
        quantity: Some(Quantity {
            raw: format!("{}{}", value.map_or("X".into(), |v| v.to_string()), unit),
            span: [0, 0],
            comparator: cmp,
            value,
            value_max: None,
            unit: (!unit.is_empty()).then(|| unit.to_string()),
            placeholder: value.is_none(),
        }),
        period: per_year.map(|p| Period { raw: format!("每{p}"), unit: PeriodUnit::Year, per_year: Some(p) }),
        deadline: None,
        actor: Some("县纪委".into()),
        action: Some(action.into()),
        sentence: action.into(),
        sentence_span: [0, 0],
        section: Vec::new().into(),
        points: None,
        multi_year: false,
        document: DocumentMeta {
            title: None,
            year: Some(2022),
            genre: Genre::Plan,
            doc_type: None,
            issuer: Some("县纪委".into()),
            period: None,
        }
        .into(),
    }
}

fn change_of(c: &Comparison, action: &str) -> Change {
    let hit =
        c.rows.iter().find(|r| r.new.as_ref().or(r.old.as_ref()).and_then(|q| q.action.as_deref()) == Some(action));
    match hit {
        Some(r) => r.change,
        None => panic!("no row for {action}"),
    }
}

#[test]
fn year_over_year_fixture_is_classified() {
    let c = compare(&fixture("plan_2022.txt"), &fixture("plan_2023.txt"), &AlignOptions::default());
    assert_eq!(change_of(&c, "专题研究党风廉政建设工作"), Change::Tightened);
    assert_eq!(change_of(&c, "开展廉政谈话"), Change::Tightened);
    assert_eq!(change_of(&c, "听取派驻机构工作汇报"), Change::Loosened);
    assert_eq!(change_of(&c, "全县公务接待费用支出控制"), Change::Tightened);
    assert_eq!(change_of(&c, "领导干部廉政培训覆盖率"), Change::Loosened);
    assert_eq!(change_of(&c, "开展警示教育"), Change::Unchanged);
    assert_eq!(change_of(&c, "开展廉政法规测试"), Change::Reworded);
    assert_eq!(change_of(&c, "报送廉政信息"), Change::Added);
    assert_eq!(change_of(&c, "开展惠民资金专项检查"), Change::Dropped);
    assert_eq!(change_of(&c, "完成巡察反馈问题整改"), Change::Tightened);
    assert_eq!(c.rows.len(), 10);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn per_year_counts_judge_a_change_of_period() {
    let o = AlignOptions::default();
    let one = |a: Requirement, b: Requirement| compare(&[a], &[b], &o).rows[0].change;
    let g = Comparator::Ge;
    // 每年4次 → 每季度1次: same count a year, finer period.
    assert_eq!(
        one(req("检查", g, Some(4.0), "次", Some(1.0)), req("检查", g, Some(1.0), "次", Some(4.0))),
        Change::Tightened
    );
    // 每季度1次 → 每年2次: fewer a year.
    assert_eq!(
        one(req("检查", g, Some(1.0), "次", Some(4.0)), req("检查", g, Some(2.0), "次", Some(1.0))),
        Change::Loosened
    );
    // 每半年2次 → 每季度1次: 4 a year both, finer period.
    assert_eq!(
        one(req("检查", g, Some(2.0), "次", Some(2.0)), req("检查", g, Some(1.0), "次", Some(4.0))),
        Change::Tightened
    );
    // A percentage is compared as written, whatever the period.
    assert_eq!(
        one(req("覆盖率", g, Some(90.0), "%", Some(1.0)), req("覆盖率", g, Some(95.0), "%", Some(4.0))),
        Change::Tightened
    );
    // A <= limit raised is loosened.
    let l = Comparator::Le;
    assert_eq!(
        one(req("经费", l, Some(10.0), "万元", None), req("经费", l, Some(12.0), "万元", None)),
        Change::Loosened
    );
    // Redacted figures have no direction.
    assert_eq!(one(req("检查", g, None, "次", None), req("检查", g, Some(3.0), "次", None)), Change::Reworded);
}

#[test]
fn track_fixture_statuses() {
    let t = track(&fixture("plan_track.txt"), &fixture("report_track.txt"), &AlignOptions::default());
    let status = |action: &str| {
        t.rows.iter().find(|r| r.target.as_ref().and_then(|x| x.action.as_deref()) == Some(action)).map(|r| r.status)
    };
    assert_eq!(status("专题研究党风廉政建设工作"), Some(Status::Unmet));
    assert_eq!(status("开展廉政谈话"), Some(Status::Exceeded));
    assert_eq!(status("开展监督检查"), Some(Status::Met));
    assert_eq!(status("组织党员干部廉政培训"), Some(Status::Unverifiable));
    assert_eq!(status("对下级负责人廉政约谈的约谈面"), Some(Status::Met));
    assert_eq!(status("开展廉政家访"), Some(Status::Unverifiable));
    assert_eq!(status("办理群众来信"), Some(Status::NotReported));
    let unmet = t.rows.iter().find(|r| r.status == Status::Unmet).and_then(|r| r.shortfall.clone());
    assert_eq!(unmet.map(|s| (s.planned, s.reported)), Some((4.0, 2.0)));
    let orphans: Vec<_> = t.rows.iter().filter(|r| r.status == Status::NoTarget).collect();
    assert_eq!(orphans.len(), 1);
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
}

#[test]
fn track_between_two_government_work_reports() {
    // The targets of report 2022 against the results report 2023 gives for 2022.
    let t = track(&fixture("gov_2022.txt"), &fixture("gov_2023.txt"), &AlignOptions::default());
    let status = |a: &str| {
        t.rows
            .iter()
            .find(|r| r.target.as_ref().and_then(|x| x.action.as_deref()) == Some(a))
            .map(|r| (r.status, r.note.clone()))
    };
    assert_eq!(status("城镇新增就业"), Some((Status::Exceeded, "planned 1.2万人, reported 1.35万人".to_string())));
    assert_eq!(status("城镇登记失业率控制").map(|s| s.0), Some(Status::Met));
    assert_eq!(status("粮食产量稳定在").map(|s| s.0), Some(Status::Unmet));
    assert_eq!(status("地区生产总值增长").map(|s| s.0), Some(Status::Met));
    // Last year's results in the plan and next year's targets in the report play no part.
    assert_eq!(t.rows.len(), 5);
}

#[test]
fn judge_normalises_per_year() {
    let quarterly = req("检查", Comparator::Eq, Some(1.0), "次", Some(4.0));
    let (s, note, _) = judge(&quarterly, &req("检查", Comparator::Eq, Some(3.0), "次", Some(1.0)));
    assert_eq!((s, note.as_str()), (Status::Unmet, "planned 4次 a year, reported 3次"));
    let jobs = req("城镇新增就业", Comparator::Ge, Some(12000.0), "人", None);
    let (s, _, _) = judge(&jobs, &req("城镇新增就业", Comparator::Eq, Some(13500.0), "人", None));
    assert_eq!(s, Status::Exceeded);
    let cap = req("经费", Comparator::Le, Some(10.0), "万元", None);
    assert_eq!(judge(&cap, &req("经费", Comparator::Eq, Some(9.0), "万元", None)).0, Status::Met);
    assert_eq!(judge(&cap, &req("经费", Comparator::Eq, Some(11.0), "万元", None)).0, Status::Unmet);
}

#[test]
fn mark_diff_marks_the_middle() {
    assert_eq!(mark_diff("不少于2次", "不少于4次", "[", "]"), ("不少于[2]次".to_string(), "不少于[4]次".to_string()));
    assert_eq!(mark_diff("每年", "每季度", "[", "]"), ("每[年]".into(), "每[季度]".into()));
    assert_eq!(mark_diff("同", "同", "[", "]"), ("同".into(), "同".into()));
    assert_eq!(mark_diff("", "新", "[", "]"), ("".into(), "[新]".into()));
}

#[test]
fn blocking_keeps_big_alignments_fast_and_right() {
    let verbs = ["开展", "组织", "听取", "督促", "报送", "检查", "约谈", "培训"];
    let objs = ["廉政", "监督", "整改", "宣传", "信访", "审计", "巡察", "作风", "纪律", "考核"];
    let make = |n: usize, bump: f64| -> Vec<Requirement> {
        (0..n)
            .map(|i| {
                let a = format!("{}{}{}第{}项", verbs[i % 8], objs[(i / 8) % 10], objs[(i / 80) % 10], i);
                req(&a, Comparator::Ge, Some(2.0 + bump), "次", Some(1.0))
            })
            .collect()
    };
    let (old, new) = (make(2000, 0.0), make(2000, 1.0));
    let t0 = std::time::Instant::now();
    let c = compare(&old, &new, &AlignOptions::default());
    assert!(t0.elapsed().as_secs() < 5);
    assert_eq!(c.counts().get(&Change::Tightened), Some(&2000));
}

#[test]
fn track_warns_on_issuers_and_years() {
    let plan = vec![req("检查", Comparator::Ge, Some(2.0), "次", None)];
    let mut report = req("检查", Comparator::Eq, Some(2.0), "次", None);
    report.kind = Kind::Achievement;
    let meta = std::sync::Arc::make_mut(&mut report.document);
    meta.issuer = Some("市卫健委".into());
    meta.year = Some(2025);
    let t = track(&plan, &[report], &AlignOptions::default());
    assert_eq!(t.rows[0].status, Status::Met);
    assert_eq!(t.warnings.len(), 2, "{:?}", t.warnings);
    assert!(t.warnings[0].contains("issuers differ"));
    assert!(t.warnings[1].contains("2022") && t.warnings[1].contains("2025"));
}

mod props {
    use super::super::mark_diff;
    use crate::compare::score::{bigrams, similarity, trigrams};
    use crate::ledger::ics::fold;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn mark_diff_keeps_both_texts(a in "\\PC{0,12}", b in "\\PC{0,12}") {
            let (x, y) = mark_diff(&a, &b, "\u{1}", "\u{2}");
            prop_assert_eq!(x.replace(['\u{1}', '\u{2}'], ""), a);
            prop_assert_eq!(y.replace(['\u{1}', '\u{2}'], ""), b);
        }

        #[test]
        fn fold_is_reversible_and_short(s in "\\PC{0,200}") {
            let f = fold(&s);
            prop_assert!(f.split("\r\n").all(|l| l.len() <= 75));
            prop_assert_eq!(f.trim_end_matches("\r\n").replace("\r\n ", ""), s);
        }

        #[test]
        fn similarity_is_bounded(a in "\\PC{0,20}", b in "\\PC{0,20}") {
            let s = similarity(&bigrams(&a), &bigrams(&b));
            prop_assert!((0.0..=1.0).contains(&s));
            let _ = trigrams(&a);
        }
    }
}
