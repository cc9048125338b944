//! Aligning two synthetic sets of 10,000 requirements each (compare and
//! track). The blocking step keeps it far from quadratic: the bench asserts
//! that every pair is found and classified.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use taizhang::compare::{AlignOptions, Change, align, compare};
use taizhang::model::{Comparator, DocumentMeta, Genre, Kind, Modality, Period, PeriodUnit, Quantity, Requirement};

const N: usize = 10_000;
const VERBS: [&str; 10] = ["开展", "组织", "听取", "督促", "报送", "检查", "约谈", "培训", "走访", "调研"];
const OBJECTS: [&str; 20] = [
    "廉政", "监督", "整改", "宣传", "信访", "审计", "巡察", "作风", "纪律", "考核", "警示", "家访", "党课", "谈话",
    "台账", "问责", "风险", "预算", "采购", "工程",
];
const ACTORS: [&str; 6] = ["县纪委", "领导班子", "班子成员", "各单位", "各乡镇", "主要负责人"];

/// A requirement with a varied action (`开展廉政整改宣传工作`), unique for
/// each `i` below 80,000; `reword` puts 认真 before the verb.
fn req(i: usize, value: f64, reword: bool) -> Requirement {
    let action = format!(
        "{}{}{}{}{}工作",
        if reword { "认真" } else { "" },
        VERBS[i % 10],
        OBJECTS[(i / 10) % 20],
        OBJECTS[(i / 200) % 20],
        OBJECTS[(i / 4000) % 20],
    );
    Requirement {
        doc: "bench.txt".into(),
        id: format!("{i:016x}"),
        kind: Kind::Target,
        modality: Modality::Must,
        quantity: Some(Quantity {
            raw: format!("不少于{value}次"),
            span: [0, 0],
            comparator: Comparator::Ge,
            value: Some(value),
            value_max: None,
            unit: Some("次".into()),
            placeholder: false,
        }),
        period: Some(Period { raw: "年内".into(), unit: PeriodUnit::Year, per_year: Some(1.0) }),
        deadline: None,
        actor: Some(ACTORS[i % 6].into()),
        action: Some(action.clone()),
        sentence: action.into(),
        sentence_span: [0, 0],
        section: vec![format!("{}、{}", i / 500, OBJECTS[(i / 500) % 20])].into(),
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

fn bench(c: &mut Criterion) {
    let old: Vec<Requirement> = (0..N).map(|i| req(i, 2.0, false)).collect();
    // NEW: every other target raised, every fifth reworded, in reverse order.
    let new: Vec<Requirement> = (0..N).rev().map(|i| req(i, if i % 2 == 0 { 4.0 } else { 2.0 }, i % 5 == 0)).collect();
    let opts = AlignOptions::default();
    let a = align(&old, &new, &opts);
    assert_eq!(a.pairs.len(), N, "every requirement finds its pair");
    let cmp = compare(&old, &new, &opts);
    assert_eq!(cmp.counts().get(&Change::Tightened), Some(&(N / 2)));
    assert_eq!(cmp.counts().get(&Change::Unchanged), Some(&(N / 2 - N / 10)));
    assert_eq!(cmp.counts().get(&Change::Reworded), Some(&(N / 10)));
    let mut g = c.benchmark_group("compare");
    g.sample_size(10);
    g.bench_function("align 10k x 10k", |b| b.iter(|| align(black_box(&old), black_box(&new), &opts)));
    g.bench_function("compare 10k x 10k", |b| b.iter(|| compare(black_box(&old), black_box(&new), &opts)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
