//! Index and query tests on an in-memory index.

use super::*;
use crate::document::Document;
use crate::extract::extract;
use crate::model::*;

fn meta(year: i32, doc_type: &str) -> DocumentMeta {
    DocumentMeta {
        title: Some(format!("{year}年党风廉政建设{doc_type}")),
        year: Some(year),
        genre: Genre::Plan,
        doc_type: Some(doc_type.to_string()),
        issuer: None,
        period: None,
    }
}

/// An in-memory index of one document whose bare sentences are `sentences`
/// (shared by the tokenizer and query tests of the index's modules).
/// An index of bare sentences, each in a section of its own text when
/// `as_sections` (the section field is cut into words: its vocabulary is
/// the words jieba cut).
pub(super) fn index_of(sentences: &[&str], as_sections: bool) -> Index {
    let idx = Index::create_in_ram().expect("index");
    let mut w = idx.writer(false).expect("writer");
    let meta = DocumentMeta { title: None, year: None, genre: Genre::Plan, doc_type: None, issuer: None, period: None };
    let bare: Vec<BareSentence> = sentences
        .iter()
        .map(|s| BareSentence {
            text: s.to_string(),
            span: [0, s.len()],
            section: if as_sections { vec![s.to_string()] } else { vec![] },
        })
        .collect();
    w.put_records("a.txt", "h", &meta, &[], &bare).expect("put");
    w.commit().expect("commit");
    idx
}

#[allow(clippy::too_many_arguments)]
fn req(
    doc: &str,
    year: i32,
    kind: Kind,
    value: f64,
    unit: &str,
    period: Option<PeriodUnit>,
    actor: &str,
    sentence: &str,
) -> Requirement {
    Requirement {
        doc: doc.into(),
        id: format!("{doc}#{value}"),
        kind,
        modality: Modality::Must,
        quantity: Some(Quantity {
            raw: format!("不少于{value}{unit}"),
            span: [0, 3],
            comparator: Comparator::Ge,
            value: Some(value),
            value_max: None,
            unit: Some(unit.into()),
            placeholder: false,
        }),
        period: period.map(|unit| Period { raw: "每季度".into(), unit, per_year: Some(4.0) }),
        deadline: None,
        actor: Some(actor.into()),
        action: Some("约谈".into()),
        sentence: sentence.into(),
        sentence_span: [100, 100 + sentence.len()],
        section: vec!["一、总体要求".into()].into(),
        points: None,
        multi_year: false,
        document: meta(year, if year == 2023 { "工作要点" } else { "责任书" }).into(),
    }
}

/// Three documents of hand-made requirements and one real text.
fn fixture() -> Index {
    let idx = Index::create_in_ram().expect("index");
    let mut w = idx.writer(false).expect("writer");
    let a = [
        req(
            "a.txt",
            2022,
            Kind::Target,
            4.0,
            "次",
            Some(PeriodUnit::Quarter),
            "县纪委监委",
            "每季度开展廉政约谈不少于4次。",
        ),
        req("a.txt", 2022, Kind::Target, 95.0, "%", None, "各乡镇党委", "群众信访办结率达到95%。"),
    ];
    let b = [
        req("b.txt", 2023, Kind::Achievement, 12.0, "次", None, "县委办公室", "全年开展廉政教育12次。"),
        req("b.txt", 2023, Kind::Target, 80.0, "%", None, "县纪委监委", "办结率达到80%。"),
    ];
    w.put_records("a.txt", "h1", &meta(2022, "责任书"), &a, &[]).expect("put a");
    w.put_records("b.txt", "h2", &meta(2023, "工作要点"), &b, &[]).expect("put b");
    let text = "2021年党风廉政建设工作要点\n一、总体要求\n落实一岗双责，推进黨風廉政建設。\n约谈面达到１００％。\n全面加强廉政建设。\n";
    let doc = Document::analyze("c.txt", text);
    let ex = extract(&doc);
    w.put_document(&doc, &ex).expect("put c");
    w.commit().expect("commit");
    idx
}

fn find(idx: &Index, text: &str) -> Vec<Hit> {
    idx.search(&SearchQuery { text: text.into(), ..Default::default() }).expect("search")
}

fn sentences(h: &[Hit]) -> Vec<&str> {
    h.iter().map(|h| h.sentence.as_str()).collect()
}

#[test]
fn bigrams_find_words_jieba_cut_otherwise() {
    let idx = fixture();
    for q in ["廉政建设", "廉政", "党风廉政"] {
        let hits = find(&idx, q);
        assert!(sentences(&hits).iter().any(|s| s.contains("黨風廉政建設")), "{q}: {:?}", sentences(&hits));
    }
    assert!(sentences(&find(&idx, "约谈")).iter().any(|s| s.contains("约谈面")));
}

#[test]
fn traditional_query_finds_simplified_text() {
    let idx = fixture();
    let hits = find(&idx, "廉政約談");
    assert!(sentences(&hits).contains(&"每季度开展廉政约谈不少于4次。"));
}

#[test]
fn phrase_and_boolean_queries() {
    let idx = fixture();
    assert!(sentences(&find(&idx, "\"一岗双责\"")).iter().any(|s| s.contains("一岗双责")));
    assert!(find(&idx, "\"双责一岗\"").is_empty());
    assert!(sentences(&find(&idx, "“一岗双责”")).iter().any(|s| s.contains("一岗双责")));
    let both = find(&idx, "廉政 AND 约谈");
    assert_eq!(sentences(&both), vec!["每季度开展廉政约谈不少于4次。"]);
    let not = find(&idx, "廉政 -约谈");
    assert!(!sentences(&not).iter().any(|s| s.contains("约谈")));
    assert!(!not.is_empty());
}

#[test]
fn full_width_figures_match_half_width() {
    let idx = fixture();
    let hits = find(&idx, "100%");
    assert!(sentences(&hits).iter().any(|s| s.contains("１００％")));
}

#[test]
fn bad_query_is_explained() {
    let idx = fixture();
    let err = idx.search(&SearchQuery { text: "\"廉政".into(), ..Default::default() });
    let msg = err.map(|_| String::new()).unwrap_or_else(|e| e.to_string());
    assert!(msg.contains("cannot understand the query"), "{msg}");
    let err = idx.search(&SearchQuery { text: "nosuch:廉政".into(), ..Default::default() });
    let msg = err.map(|_| String::new()).unwrap_or_else(|e| e.to_string());
    assert!(msg.contains("no field `nosuch`"), "{msg}");
}

#[test]
fn filters_that_cannot_match_are_refused_and_huge_limits_are_fine() {
    let idx = fixture();
    let msg = |q: SearchQuery| idx.search(&q).map(|_| String::new()).unwrap_or_else(|e| e.to_string());
    let all = SearchQuery { text: "*".into(), ..Default::default() };
    let m = msg(SearchQuery { min: Some(10.0), max: Some(1.0), ..all.clone() });
    assert_eq!(m, "the minimum value (10) is above the maximum (1): no value can match; swap them");
    assert!(msg(SearchQuery { min: Some(f64::NAN), ..all.clone() }).contains("not a number (NaN)"));
    assert!(msg(SearchQuery { max: Some(f64::NAN), ..all.clone() }).contains("maximum value is not a number"));
    assert!(SearchQuery { min: Some(4.0), max: Some(4.0), ..all.clone() }.validate().is_ok());
    // No capacity overflow: no more is asked of tantivy than the hits found.
    let every = idx.search(&SearchQuery { limit: 10_000, ..all.clone() }).expect("search");
    for limit in [usize::MAX, i64::MAX as usize, 10_001] {
        let hits = idx.search(&SearchQuery { limit, ..all.clone() }).expect("search");
        assert_eq!(hits.len(), every.len(), "{limit}");
    }
    let none = SearchQuery { text: "没有这个词".into(), limit: usize::MAX, ..Default::default() };
    assert!(idx.search(&none).expect("search").is_empty());
}

#[test]
fn filters_narrow_requirements() {
    let idx = fixture();
    let q = |f: &dyn Fn(&mut SearchQuery)| {
        let mut s = SearchQuery { text: "*".into(), ..Default::default() };
        f(&mut s);
        sentences(&idx.search(&s).expect("search")).iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    assert_eq!(q(&|s| s.year = Some(2023)).len(), 2);
    assert_eq!(q(&|s| s.kind = Some(Kind::Achievement)), vec!["全年开展廉政教育12次。"]);
    assert_eq!(
        q(&|s| {
            s.year = Some(2023);
            s.unit = Some("％".into())
        }),
        vec!["办结率达到80%。"]
    );
    let high = q(&|s| {
        s.unit = Some("%".into());
        s.min = Some(90.0)
    });
    assert!(high.contains(&"群众信访办结率达到95%。".to_string()) && !high.contains(&"办结率达到80%。".to_string()));
    assert_eq!(
        q(&|s| {
            s.year = Some(2022);
            s.max = Some(4.0)
        }),
        vec!["每季度开展廉政约谈不少于4次。"]
    );
    assert_eq!(
        q(&|s| {
            s.year = Some(2022);
            s.period = Some(PeriodUnit::Quarter)
        })
        .len(),
        1
    );
    assert_eq!(q(&|s| s.actor = Some("纪委".into())).len(), 2);
    let plans = q(&|s| {
        s.doc_type = Some("工作要点".into());
        s.year = Some(2023)
    });
    assert_eq!(plans.len(), 2);
    assert!(q(&|s| s.doc_type = Some("实施意见".into())).is_empty());
    assert_eq!(
        q(&|s| {
            s.year = Some(2022);
            s.actor = Some("乡镇".into())
        }),
        vec!["群众信访办结率达到95%。"]
    );
}

#[test]
fn requirement_ranks_above_sentence_and_highlights_point_at_matches() {
    let idx = fixture();
    let hits = find(&idx, "廉政");
    let first_sentence = hits.iter().position(|h| h.record == Record::Sentence);
    let last_req = hits.iter().rposition(|h| h.record == Record::Requirement);
    assert!(matches!((first_sentence, last_req), (Some(s), Some(r)) if r < s), "{:?}", sentences(&hits));
    for h in &hits {
        let marked: Vec<&str> = h.local_highlights().into_iter().map(|r| &h.sentence[r]).collect();
        assert!(!marked.is_empty() && marked.iter().all(|m| m.contains("廉政")), "{marked:?}");
        assert!(h.highlights.iter().all(|s| s[0] >= h.sentence_span[0] && s[1] <= h.sentence_span[1]));
    }
    let h = hits.iter().find(|h| h.sentence.contains("黨風")).expect("traditional hit");
    let marked: Vec<&str> = h.local_highlights().into_iter().map(|r| &h.sentence[r]).collect();
    assert!(marked.iter().any(|m| m.contains("廉政")), "{marked:?}");
}

#[test]
fn unchanged_updated_removed_and_locked() {
    let idx = fixture();
    let mut w = idx.writer(false).expect("writer");
    assert!(matches!(idx.writer(false), Err(IndexError::Locked(_))));
    let a = [req("a.txt", 2022, Kind::Target, 4.0, "次", None, "县纪委", "每月约谈一次。")];
    assert_eq!(w.put_records("a.txt", "h1", &meta(2022, "责任书"), &a, &[]).expect("put"), Change::Unchanged);
    assert_eq!(w.put_records("a.txt", "h9", &meta(2022, "责任书"), &a, &[]).expect("put"), Change::Updated);
    assert!(w.remove("b.txt"));
    let s = w.commit().expect("commit");
    assert_eq!((s.unchanged, s.updated, s.removed, s.total_docs), (1, 1, 1, 2));
    assert!(find(&idx, "办结率").is_empty());
    assert_eq!(sentences(&find(&idx, "约谈 AND 每月")), vec!["每月约谈一次。"]);
    assert_eq!(idx.manifest().expect("manifest").docs.len(), 2);
}

/// The local highlights of each hit, as text.
fn marked(hits: &[Hit]) -> Vec<Vec<&str>> {
    hits.iter().map(|h| h.local_highlights().into_iter().map(|r| &h.sentence[r]).collect()).collect()
}

#[test]
fn a_phrase_is_highlighted_only_where_the_phrase_is() {
    let idx = Index::create_in_ram().expect("index");
    let mut w = idx.writer(false).expect("writer");
    let text = "推进廉政建设，开展廉政约谈，建设清廉机关。";
    let bare = [BareSentence { text: text.into(), span: [10, 10 + text.len()], section: vec![] }];
    w.put_records("d.txt", "h", &meta(2022, "工作要点"), &[], &bare).expect("put");
    w.commit().expect("commit");
    assert_eq!(marked(&find(&idx, "\"廉政建设\"")), vec![vec!["廉政建设"]]);
    assert_eq!(marked(&find(&idx, "廉政建设")), vec![vec!["廉政建设"]]);
    assert_eq!(marked(&find(&idx, "廉政")), vec![vec!["廉政", "廉政"]]);
    assert_eq!(marked(&find(&idx, "廉政约谈 OR 清廉")), vec![vec!["廉政约谈", "清廉"]]);
    assert_eq!(marked(&find(&idx, "建设 -反腐")), vec![vec!["建设", "建设"]]);
    assert_eq!(marked(&find(&idx, "建设 AND NOT 约谈 OR 清廉")).len(), 1);
    assert_eq!(marked(&find(&idx, "清廉 AND title:2022")), vec![vec!["清廉"]]);
    let h = find(&idx, "\"廉政建设\"");
    assert_eq!(h[0].highlights, vec![[10 + "推进".len(), 10 + "推进廉政建设".len()]]);
}

#[test]
fn the_manifest_is_a_file_named_by_a_small_payload_and_old_ones_are_pruned() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("idx");
    let manifests = || {
        let mut v: Vec<String> = std::fs::read_dir(&dir)
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .filter(|n| n.starts_with("taizhang-manifest-"))
            .collect();
        v.sort();
        v
    };
    for (i, name) in ["a.txt", "b.txt", "c.txt"].iter().enumerate() {
        let idx = Index::open_or_create(&dir, false).expect("open");
        let mut w = idx.writer(false).expect("writer");
        let r = [req(name, 2022, Kind::Target, 4.0, "次", None, "县纪委", "每月约谈一次。")];
        w.put_records(name, "h", &meta(2022, "责任书"), &r, &[]).expect("put");
        let s = w.commit().expect("commit");
        assert_eq!(s.total_docs, i + 1);
        assert!(manifests().len() <= 2, "{:?}", manifests());
    }
    let payload = Index::open(&dir).expect("open").tantivy().load_metas().expect("metas").payload.unwrap_or_default();
    assert!(payload.len() < 100 && payload.contains("taizhang-manifest-"), "{payload}");
    // An index whose payload is the manifest itself (as written before) still reads.
    let idx = Index::open(&dir).expect("open");
    let inline = serde_json::to_string(&idx.manifest().expect("manifest")).expect("json");
    let mut w: tantivy::IndexWriter<tantivy::TantivyDocument> = idx.tantivy().writer(15_000_000).expect("writer");
    let mut prepared = w.prepare_commit().expect("prepare");
    prepared.set_payload(&inline);
    prepared.commit().expect("commit");
    drop(w);
    let idx = Index::open_or_create(&dir, false).expect("open");
    assert_eq!(idx.manifest().expect("manifest").docs.len(), 3);
    assert_eq!(sentences(&find(&idx, "约谈")).len(), 3);
}

#[test]
fn each_checkpoint_commits_exactly_the_documents_put_so_far() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("idx");
    let idx = Index::open_or_create(&dir, false).expect("open");
    let mut w = idx.writer(false).expect("writer");
    let a = [req("a.txt", 2022, Kind::Target, 4.0, "次", None, "县纪委", "每月约谈一次。")];
    w.put_records("a.txt", "h1", &meta(2022, "责任书"), &a, &[]).expect("put a");
    w.checkpoint().expect("checkpoint");
    // Seen by a reader of the folder while the writer goes on.
    let other = Index::open(&dir).expect("open");
    assert_eq!(other.manifest().expect("manifest").docs.keys().collect::<Vec<_>>(), ["a.txt"]);
    assert_eq!(other.verify(Depth::Quick).expect("check").records, 1);
    let b = [req("b.txt", 2023, Kind::Target, 2.0, "次", None, "县纪委", "每季度督查两次。")];
    w.put_records("b.txt", "h2", &meta(2023, "责任书"), &b, &[]).expect("put b");
    // Dropped before its commit (a killed run): the checkpoint stays.
    drop(w);
    let idx = Index::open_or_create(&dir, false).expect("reopen");
    assert_eq!(idx.manifest().expect("manifest").docs.len(), 1);
    let report = idx.verify(Depth::Thorough).expect("verify");
    assert!(report.damage.is_empty(), "{:?}", report.damage);
    assert_eq!((report.documents, report.records), (1, 1));
    assert_eq!(sentences(&find(&idx, "约谈")), ["每月约谈一次。"]);
    assert!(find(&idx, "督查").is_empty());
}

#[test]
fn every_record_of_a_sentence_section_and_document_is_found_through_its_carrier() {
    let idx = Index::create_in_ram().expect("index");
    let mut w = idx.writer(false).expect("writer");
    // Two requirements of one sentence (the second is not its carrier),
    // and one of another sentence; bare sentences in two sections.
    let s1 = "每季度开展廉政约谈不少于4次，专题督查不少于2次。";
    let mut a = req("a.txt", 2022, Kind::Target, 4.0, "次", Some(PeriodUnit::Quarter), "县纪委监委", s1);
    let mut b = req("a.txt", 2022, Kind::Achievement, 2.0, "场", Some(PeriodUnit::Quarter), "县委办公室", s1);
    let mut c = req("a.txt", 2022, Kind::Target, 95.0, "%", None, "各乡镇党委", "群众信访办结率达到95%。");
    b.id = "a.txt#b".into();
    c.sentence_span = [300, 300 + c.sentence.len()];
    for r in [&mut a, &mut b, &mut c] {
        r.section = vec!["一、总体要求".to_string()].into();
    }
    let bare = |text: &str, at: usize, section: &str| BareSentence {
        text: text.into(),
        span: [at, at + text.len()],
        section: vec![section.to_string()],
    };
    let sents = [bare("全面加强廉政建设。", 10, "一、总体要求"), bare("开展廉洁文化活动。", 500, "二、保障措施")];
    w.put_records("a.txt", "h1", &meta(2022, "责任书"), &[a, b, c], &sents).expect("put");
    let d = [req("d.txt", 2023, Kind::Target, 3.0, "次", None, "县纪委", "每年约谈3次。")];
    w.put_records("d.txt", "h2", &meta(2023, "工作要点"), &d, &[]).expect("put d");
    w.commit().expect("commit");

    // Both requirements of the sentence, whichever filter picks them.
    let reqs = |h: &[Hit]| h.iter().filter_map(|h| h.requirement.as_ref().map(|r| r.id.clone())).collect::<Vec<_>>();
    let mut both = reqs(&find(&idx, "专题督查"));
    both.sort();
    assert_eq!(both, ["a.txt#4", "a.txt#b"]);
    // A lone character, and a phrase closing with one, find them both too.
    for q in ["季", "4次", "2次"] {
        let mut both = reqs(&find(&idx, q));
        both.sort();
        assert_eq!(both, ["a.txt#4", "a.txt#b"], "{q}");
    }
    assert!(reqs(&find(&idx, "专题督查 -季")).is_empty());
    let q = |text: &str, unit: &str| SearchQuery { text: text.into(), unit: Some(unit.into()), ..Default::default() };
    assert_eq!(reqs(&idx.search(&q("廉政约谈", "场")).expect("search")), ["a.txt#b"]);
    assert_eq!(reqs(&idx.search(&q("廉政约谈", "次")).expect("search")), ["a.txt#4"]);
    assert!(idx.search(&q("信访", "次")).expect("search").is_empty());
    // A section: every record under it, and no other.
    // (d.txt's requirement is under a section of that name too.)
    let hits = find(&idx, "section:总体要求");
    assert_eq!(hits.len(), 5);
    let mut under = sentences(&hits);
    under.sort();
    under.dedup();
    let mut expected = vec!["全面加强廉政建设。", s1, "群众信访办结率达到95%。", "每年约谈3次。"];
    expected.sort();
    assert_eq!(under, expected);
    assert_eq!(sentences(&find(&idx, "section:保障措施")), ["开展廉洁文化活动。"]);
    // A title: every record of its document; with a sentence word, those of both.
    assert_eq!(find(&idx, "title:工作要点").len(), 1);
    assert_eq!(find(&idx, "title:责任书").len(), 5);
    assert_eq!(sentences(&find(&idx, "title:责任书 AND 约谈")).len(), 2);
    assert_eq!(sentences(&find(&idx, "约谈 -title:责任书")), ["每年约谈3次。"]);
    assert_eq!(find(&idx, "section:保障措施 OR 信访").len(), 2);
}

/// The sentence field holds bigrams only: a word is found wherever it
/// occurs however jieba would cut it, and a lone character (县) wherever
/// it stands, first or last in a bigram or alone.
#[test]
fn bigrams_find_words_and_lone_characters() {
    let idx = index_of(
        &["县纪委开展谈话3次。", "全县完成造林1万亩。", "乡镇党委书记述职。", "县。", "2023年全县完成第3季度目标。"],
        false,
    );
    let find = |q: &str| {
        let mut hits: Vec<String> = idx
            .search(&SearchQuery { text: q.into(), ..Default::default() })
            .expect("search")
            .into_iter()
            .map(|h| h.sentence)
            .collect();
        hits.sort();
        hits
    };
    assert_eq!(find("县"), vec!["2023年全县完成第3季度目标。", "全县完成造林1万亩。", "县。", "县纪委开展谈话3次。"]);
    // A phrase that opens or closes with a character beside a figure.
    assert_eq!(find("2023年"), vec!["2023年全县完成第3季度目标。"]);
    assert_eq!(find("第3季度"), vec!["2023年全县完成第3季度目标。"]);
    assert_eq!(find("3次"), vec!["县纪委开展谈话3次。"]);
    assert_eq!(find("1万亩"), vec!["全县完成造林1万亩。"]);
    assert!(find("2024年").is_empty());
    assert!(find("3季度目标任务").is_empty());
    assert_eq!(find("纪"), vec!["县纪委开展谈话3次。"]);
    assert_eq!(find("纪委谈话"), Vec::<String>::new());
    assert_eq!(find("纪委 谈话"), vec!["县纪委开展谈话3次。"]);
    assert_eq!(find("sentence:党委书记"), vec!["乡镇党委书记述职。"]);
    assert_eq!(find("县 -纪"), vec!["2023年全县完成第3季度目标。", "全县完成造林1万亩。", "县。"]);
    assert!(find("省").is_empty());
}
