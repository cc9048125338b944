//! No input makes the pipeline panic, and its stages keep their contracts:
//! sentences tile the normalised text, every span maps back inside the
//! source at char boundaries, every output's span holds its raw text, and
//! the requirements do not depend on whether rejections are recorded.

use proptest::prelude::*;
use taizhang::{
    Document,
    extract::{Options, extract, extract_with},
    source::read_bytes,
};

/// Text that looks like policy prose: CJK, figures, redaction marks, punctuation, breaks.
fn policy_like() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "年内",
        "每季度",
        "不少于",
        "至少",
        "达到",
        "余",
        "约",
        "以上",
        "左右",
        "次",
        "人次",
        "个",
        "%",
        "万",
        "亿",
        "元",
        "一是",
        "二是",
        "一、",
        "(一)",
        "1.",
        "“",
        "”",
        "《",
        "》",
        "，",
        "。",
        "；",
        "：",
        "、",
        "\n",
        "\r\n",
        " ",
        "　",
        "x",
        "X",
        "*",
        "＊",
        "4",
        "12",
        "1.3",
        "３",
        "两",
        "十二",
        "第",
        "届",
        "月",
        "日",
        "前",
        "底",
        "领导班子",
        "党组",
        "主要负责人",
        "开展",
        "召开",
        "约谈",
        "我们",
        "县委",
        "全县",
        "黨風",
        "於",
        "—",
        "～",
        "6月底前",
        "年底前",
        "分",
        "扣",
        "等",
        "方面",
        "(",
        ")",
        "（",
        "）",
    ]);
    prop::collection::vec(atoms, 0..80).prop_map(|v| v.concat())
}

fn check(name: &str, text: &str) {
    let doc = Document::analyze(name, text);
    let norm = doc.norm.text();
    let tiles: String = doc.seg.sentences.iter().map(|s| &norm[s.range.clone()]).collect();
    assert_eq!(tiles, norm);
    for s in &doc.seg.sentences {
        let r = doc.norm.to_source(s.range.clone());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end) && r.start <= r.end);
    }
    let full = extract(&doc);
    // Without the --explain list the requirements are the same.
    assert_eq!(extract_with(&doc, Options::default()).requirements, full.requirements, "{name}");
    for r in full.requirements {
        let part = r
            .quantity
            .as_ref()
            .map(|q| (q.span, q.raw.clone()))
            .or(r.deadline.as_ref().map(|d| (d.span, d.raw.clone())));
        let (span, raw) = part.expect("a figure or a deadline");
        assert_eq!(text.get(span[0]..span[1]), Some(raw.as_str()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_utf8_never_panics(s in "\\PC{0,300}") {
        check("x.txt", &s);
    }

    #[test]
    fn policy_like_text_keeps_the_contracts(s in policy_like()) {
        check("x.txt", &s);
    }

    #[test]
    fn arbitrary_bytes_through_the_reader(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        for name in ["x.txt", "x.html", "x.docx"] {
            if let Ok(src) = read_bytes(std::path::Path::new(name), &bytes) {
                check(name, &src.text);
            }
        }
    }
}

#[test]
fn every_fixture_file_goes_through() {
    for dir in ["corpus", "tests/fixtures/genres", "tests/gold"] {
        for e in std::fs::read_dir(crate::util::root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if let Ok(t) = std::fs::read_to_string(&p) {
                check(&p.display().to_string(), &t);
            }
        }
    }
}

/// A page flattened to one line with no full stop (megabytes in real life)
/// is read in linear time: the run finishes and finds every figure.
#[test]
fn a_huge_single_line_is_fine() {
    let unit = "年内开展廉政谈话不少于4次领导班子每季度至少听取1次汇报约谈面达到100%XX个部门“两个维护”";
    let text = unit.repeat(2000); // about 250 KB, one line
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("flat.txt");
    std::fs::write(&p, &text).unwrap();
    let out = crate::util::run(&["extract", p.to_str().unwrap(), "--format", "jsonl"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = String::from_utf8(out.stdout).unwrap().lines().count();
    assert_eq!(lines, 2000 * 4, "4 figures per repetition (XX个部门 counts too)");
}
