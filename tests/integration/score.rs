//! A Rust port of `shared/eval/score.py`: scores `taizhang extract --format
//! jsonl` output lines against a gold file, with the same matching (file name
//! plus span overlap, first come first matched), the same field comparisons
//! and the same report lines.

mod fields;
mod pyfmt;
mod report;

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use fields::{EXACT, FIELDS, field_ok, get, or_none, py_eq, sub, truthy};
pub use report::{DeadlineScore, Score};

/// A gold line placed in its document: byte span of its core, and the line.
type Placed = ((i64, i64), Value);

/// Documents read through the caller's loader, once each; BOM removed.
struct Texts<'a> {
    load: &'a dyn Fn(&str) -> String,
    cache: HashMap<String, Vec<u8>>,
}

impl Texts<'_> {
    /// The document's bytes; `None` when the loader knows no such document (empty text).
    fn get(&mut self, name: &str) -> Option<&[u8]> {
        if !self.cache.contains_key(name) {
            let t = (self.load)(name);
            if t.is_empty() {
                return None;
            }
            let t = t.strip_prefix('\u{feff}').unwrap_or(&t).as_bytes().to_vec();
            self.cache.insert(name.to_string(), t);
        }
        self.cache.get(name).map(Vec::as_slice)
    }
}

/// `bytes.find(needle, from)`, Python semantics (an empty needle is found at `from`).
fn find(hay: &[u8], needle: &[u8], from: i64) -> Option<i64> {
    let from = usize::try_from(from.max(0)).ok()?;
    if from > hay.len() {
        return None;
    }
    if needle.is_empty() {
        return i64::try_from(from).ok();
    }
    hay[from..].windows(needle.len()).position(|w| w == needle).and_then(|p| i64::try_from(from + p).ok())
}

/// `score.py`'s `core_span`: the `occurrence`-th (overlapping) match of `core`.
fn core_span(text: &[u8], core: &str, occurrence: i64) -> Option<(i64, i64)> {
    let mut start = -1i64;
    for _ in 0..occurrence {
        start = find(text, core.as_bytes(), start + 1)?;
    }
    Some((start, start + core.len() as i64))
}

/// Python's `int(v)` for an offset or a count.
fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.trunc() as i64)),
        Value::Bool(b) => Some(i64::from(*b)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `[s, e]` as offsets, when the value is a two-element list of integers.
fn span_of(v: &Value) -> Option<(i64, i64)> {
    match v.as_array().map(Vec::as_slice) {
        Some([s, e]) => Some((int_of(s)?, int_of(e)?)),
        _ => None,
    }
}

/// Does `text[s..e]` (lossily decoded) equal `raw`?
fn holds(text: &[u8], (s, e): (i64, i64), raw: &Value) -> bool {
    let (Ok(s), Ok(e)) = (usize::try_from(s), usize::try_from(e)) else {
        return false;
    };
    s < e && e <= text.len() && raw.as_str() == Some(&String::from_utf8_lossy(&text[s..e]))
}

fn label(g: &Value) -> String {
    let occ = g.get("occurrence").map_or("1".to_string(), pyfmt::str_of);
    format!("{}#{occ}", pyfmt::str_of(get(g, "core")))
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

fn f1_of(p: f64, r: f64) -> f64 {
    if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 }
}

fn overlaps(s: i64, e: i64, ign: Option<&Vec<Placed>>) -> bool {
    ign.is_some_and(|v| v.iter().any(|((is, ie), _)| s < *ie && *is < e))
}

/// Score `outputs` (parsed output lines) against `gold_jsonl` (the gold file's text).
///
/// `docs` returns a document's text by file name, or an empty string when
/// there is no such document. A gold line that is not JSON, or lacks `doc`
/// or `core`, is reported in `problems` and skipped (where `score.py` exits).
pub fn score(gold_jsonl: &str, outputs: &[Value], docs: &dyn Fn(&str) -> String) -> Score {
    let mut texts = Texts { load: docs, cache: HashMap::new() };
    let mut sc = Score::default();
    let (mut pos, mut ign, mut dl_gold) = (HashMap::new(), HashMap::new(), HashMap::new());
    for (n, line) in gold_jsonl.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let g: Value = match serde_json::from_str(line) {
            Ok(g) => g,
            Err(e) => {
                sc.problems.push(format!("gold:{}: not JSON: {e}", n + 1));
                continue;
            }
        };
        let (Some(name), Some(core)) = (get(&g, "doc").as_str(), get(&g, "core").as_str()) else {
            sc.problems.push(format!("gold:{}: no \"doc\" or \"core\"", n + 1));
            continue;
        };
        let occ = g.get("occurrence").map_or(Some(1), int_of).unwrap_or(1);
        let Some(span) = texts.get(name).and_then(|t| core_span(t, core, occ)) else {
            let occ = g.get("occurrence").map_or("1".to_string(), pyfmt::str_of);
            let msg = format!("gold: {name}: occurrence {occ} of {} not found", pyfmt::str_repr(core));
            sc.problems.push(msg);
            continue;
        };
        let bucket = if truthy(get(&g, "ignore")) {
            &mut ign
        } else if truthy(get(&g, "deadline_only")) {
            &mut dl_gold
        } else {
            &mut pos
        };
        bucket.entry(name.to_string()).or_insert_with(Vec::new).push((span, g));
    }

    let mut by_doc: HashMap<String, Vec<(i64, i64, &Value)>> = HashMap::new();
    let mut dl_out: HashMap<String, Vec<(i64, i64, Value)>> = HashMap::new();
    for o in outputs {
        let doc = get(o, "doc");
        let doc = if truthy(doc) { pyfmt::str_of(doc) } else { String::new() };
        let name = doc.rsplit('/').next().unwrap_or("").to_string();
        if name.is_empty() {
            sc.problems.push("output: a line without \"doc\" was skipped".to_string());
            continue;
        }
        let is_dl = get(o, "quantity").is_null();
        let holder = if is_dl { sub(o, "deadline") } else { sub(o, "quantity") };
        let Some(span) = span_of(get(holder, "span")) else {
            sc.bad_spans += 1;
            continue;
        };
        if let Some(t) = texts.get(&name)
            && !holds(t, span, get(holder, "raw"))
        {
            sc.bad_spans += 1;
        }
        if is_dl {
            let date = get(holder, "date").clone();
            dl_out.entry(name).or_default().push((span.0, span.1, date));
        } else {
            by_doc.entry(name).or_default().push((span.0, span.1, o));
        }
    }

    let known: BTreeSet<&String> = texts.cache.keys().collect();
    let mut names: BTreeSet<&String> = pos.keys().chain(ign.keys()).collect();
    names.extend(by_doc.keys().filter(|k| known.contains(k)));
    let mut hits = [0usize; FIELDS.len()];
    let mut exact = 0usize;
    for name in &names {
        let outs = by_doc.get(*name).map_or(&[][..], Vec::as_slice);
        let mut used = vec![false; outs.len()];
        for ((gs, ge), g) in pos.get(*name).map_or(&[][..], Vec::as_slice) {
            let best = (0..outs.len()).find(|&i| !used[i] && outs[i].0 < *ge && *gs < outs[i].1);
            let Some(i) = best else {
                sc.fn_ += 1;
                sc.misses.push(format!("miss  {name} {}", label(g)));
                continue;
            };
            used[i] = true;
            sc.tp += 1;
            let oks: Vec<bool> = FIELDS.iter().map(|f| field_ok(f, g, outs[i].2)).collect();
            for (h, ok) in hits.iter_mut().zip(&oks) {
                *h += usize::from(*ok);
            }
            if FIELDS.iter().zip(&oks).all(|(f, ok)| *ok || !EXACT.contains(f)) {
                exact += 1;
            }
            let bad: Vec<String> = FIELDS
                .iter()
                .zip(&oks)
                .filter(|(_, ok)| !**ok)
                .map(|(f, _)| format!("{f} gold={}", pyfmt::repr(get(g, f))))
                .collect();
            if !bad.is_empty() {
                sc.wrong.push(format!("wrong {name} {}: {}", label(g), bad.join(", ")));
            }
        }
        for (i, (s, e, o)) in outs.iter().enumerate() {
            if used[i] || overlaps(*s, *e, ign.get(*name)) {
                continue;
            }
            sc.fp += 1;
            let raw = pyfmt::repr(get(sub(o, "quantity"), "raw"));
            let at = get(sub(o, "quantity"), "span").get(0).map_or(s.to_string(), pyfmt::str_of);
            sc.alarms.push(format!("alarm {name} {raw} at {at}"));
        }
    }

    let mut dl_names: BTreeSet<&String> = dl_gold.keys().collect();
    dl_names.extend(dl_out.keys().filter(|k| known.contains(k)));
    let (mut dtp, mut ddate) = (0usize, 0usize);
    for name in &dl_names {
        let outs = dl_out.get(*name).map_or(&[][..], Vec::as_slice);
        let mut used = vec![false; outs.len()];
        for ((gs, ge), g) in dl_gold.get(*name).map_or(&[][..], Vec::as_slice) {
            let hit = (0..outs.len()).find(|&i| !used[i] && outs[i].0 < *ge && *gs < outs[i].1);
            let Some(i) = hit else {
                sc.deadline.fn_ += 1;
                sc.misses.push(format!("miss  {name} deadline {}", label(g)));
                continue;
            };
            used[i] = true;
            dtp += 1;
            if py_eq(or_none(get(g, "deadline")), or_none(&outs[i].2)) {
                ddate += 1;
            } else {
                let gd = pyfmt::repr(get(g, "deadline"));
                sc.wrong.push(format!("wrong {name} deadline {}: date gold={gd}", label(g)));
            }
        }
        for (i, (s, e, _)) in outs.iter().enumerate() {
            if !used[i] && !overlaps(*s, *e, ign.get(*name)) {
                sc.deadline.fp += 1;
                sc.alarms.push(format!("alarm {name} deadline-only at {s}"));
            }
        }
    }

    let d = &mut sc.deadline;
    d.tp = dtp;
    d.precision = ratio(dtp, dtp + d.fp);
    d.recall = ratio(dtp, dtp + d.fn_);
    d.f1 = f1_of(d.precision, d.recall);
    d.date = pyfmt::round(ratio(ddate, dtp), 4);
    sc.precision = ratio(sc.tp, sc.tp + sc.fp);
    sc.recall = ratio(sc.tp, sc.tp + sc.fn_);
    sc.f1 = f1_of(sc.precision, sc.recall);
    sc.exact = pyfmt::round(ratio(exact, sc.tp + sc.fn_), 4);
    sc.fields = FIELDS.iter().zip(hits).map(|(f, h)| (*f, pyfmt::round(ratio(h, sc.tp), 4))).collect();
    sc
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DOC: &str = "每年开展检查不少于4次，约谈面达到100%。2024年6月底前完成整改。";

    fn docs(name: &str) -> String {
        if name == "a.txt" { DOC.to_string() } else { String::new() }
    }

    /// `[start, end]` of the first `needle` in `DOC`.
    fn at(needle: &str) -> Value {
        let s = DOC.find(needle).expect("needle in DOC");
        json!([s, s + needle.len()])
    }

    fn gold() -> String {
        [
            json!({"doc": "a.txt", "core": "4次", "occurrence": 1, "kind": "target", "comparator": ">=",
                   "value": 4, "value_max": null, "unit": "次", "placeholder": false, "period": "year",
                   "deadline": null, "actor": null, "action": "开展检查"}),
            json!({"doc": "a.txt", "core": "100%", "occurrence": 1, "kind": "target", "comparator": ">=",
                   "value": 100, "unit": "%", "placeholder": false, "period": "year"}),
            json!({"doc": "a.txt", "core": "2024年6月底前", "deadline_only": true, "deadline": "2024-06-30"}),
        ]
        .iter()
        .map(Value::to_string)
        .collect::<Vec<_>>()
        .join("\n")
    }

    fn outputs() -> Vec<Value> {
        vec![
            // a match, with its unit wrong and its action close enough
            json!({"doc": "dir/a.txt", "kind": "target", "action": "开展检查工作", "period": {"unit": "year"},
                   "quantity": {"raw": "不少于4次", "span": at("不少于4次"), "comparator": ">=",
                                "value": 4.0, "unit": "回", "placeholder": false}}),
            // a false alarm on the year of a date
            json!({"doc": "a.txt", "kind": "target",
                   "quantity": {"raw": "2024年", "span": at("2024年"), "value": 2024, "unit": "年"}}),
            // a bad span: the offsets do not hold the raw text
            json!({"doc": "a.txt", "quantity": {"raw": "检查", "span": [0, 3]}}),
            // a deadline-only line with the right date
            json!({"doc": "a.txt", "quantity": null,
                   "deadline": {"raw": "2024年6月底前", "span": at("2024年6月底前"), "date": "2024-06-30"}}),
        ]
    }

    #[test]
    fn counts_a_match_a_miss_an_alarm_and_a_bad_span() {
        let sc = score(&gold(), &outputs(), &docs);
        assert_eq!((sc.tp, sc.fp, sc.fn_), (1, 2, 1));
        assert_eq!(sc.bad_spans, 1);
        assert!((sc.precision - 1.0 / 3.0).abs() < 1e-12);
        assert!((sc.recall - 0.5).abs() < 1e-12);
        assert_eq!(sc.misses, vec!["miss  a.txt 100%#1"]);
        assert_eq!(sc.alarms, vec!["alarm a.txt '2024年' at 56", "alarm a.txt '检查' at 0"]);
        assert_eq!(sc.wrong, vec!["wrong a.txt 4次#1: unit gold='次'"]);
        assert_eq!(sc.exact, 0.0);
        let field = |n: &str| sc.fields.iter().find(|(f, _)| *f == n).map(|(_, v)| *v);
        assert_eq!(field("unit"), Some(0.0));
        assert_eq!(field("value"), Some(1.0));
        assert_eq!(field("action"), Some(1.0));
        let d: &DeadlineScore = &sc.deadline;
        assert_eq!((d.tp, d.fp, d.fn_), (1, 0, 0));
        assert_eq!((d.precision, d.recall, d.f1, d.date), (1.0, 1.0, 1.0, 1.0));
    }

    #[test]
    fn prints_the_summary_lines_of_score_py() {
        let text = score(&gold(), &outputs(), &docs).to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[lines.len() - 5..],
            [
                "detection: precision 0.333  recall 0.500  F1 0.400  (tp 1, fp 2, fn 1)",
                "fields over matched: kind 1.00  comparator 1.00  value 1.00  value_max 1.00  \
                 unit 0.00  placeholder 1.00  period 1.00  deadline 1.00  actor 1.00  action 1.00",
                "fully right (kind, comparator, value, unit, placeholder, period) over gold: 0.000",
                "deadline-only: precision 1.000  recall 1.000  F1 1.000  date 1.00  (tp 1, fp 0, fn 0)",
                "outputs whose span does not hold their raw text: 1",
            ]
        );
    }

    #[test]
    fn an_unknown_core_is_a_problem_not_a_panic() {
        let gold = r#"{"doc": "a.txt", "core": "9次", "occurrence": 1}
{"doc": "a.txt", "core": "4次", "occurrence": 2}
not json"#;
        let sc = score(gold, &[], &docs);
        assert_eq!(sc.problems.len(), 3);
        assert_eq!(sc.problems[0], "gold: a.txt: occurrence 1 of '9次' not found");
        assert_eq!((sc.tp, sc.fp, sc.fn_), (0, 0, 0));
    }

    #[test]
    fn overlapping_occurrences_count_like_bytes_find() {
        let text = "XX人和X人".as_bytes();
        assert_eq!(core_span(text, "X人", 1), Some((1, 5)));
        assert_eq!(core_span(text, "X人", 2), Some((8, 12)));
        assert_eq!(core_span(text, "X人", 3), None);
    }

    #[test]
    fn genre_gold_places_every_core() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/genres");
        let gold = std::fs::read_to_string(dir.join("gold.jsonl")).expect("genre gold");
        let docs = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        let sc = score(&gold, &[], &docs);
        assert!(sc.problems.is_empty(), "{:?}", sc.problems);
        assert_eq!((sc.tp, sc.fn_, sc.deadline.fn_), (0, 213, 26));
    }

    /// Scores files named by the environment, for checks against `score.py`:
    /// `TZ_GOLD=g.jsonl TZ_OUT=o.jsonl TZ_DOCS=dir cargo test --test integration
    /// score_files -- --ignored --nocapture`.
    #[test]
    #[ignore = "needs TZ_GOLD, TZ_OUT and TZ_DOCS"]
    fn score_files() {
        let var = |k: &str| std::env::var(k).unwrap_or_default();
        let gold = std::fs::read_to_string(var("TZ_GOLD")).unwrap_or_default();
        let outs: Vec<Value> = std::fs::read_to_string(var("TZ_OUT"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect();
        let dir = std::path::PathBuf::from(var("TZ_DOCS"));
        let docs = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        print!("{}", score(&gold, &outs, &docs));
    }

    #[test]
    fn rounds_half_to_even_like_python() {
        assert_eq!(pyfmt::fixed(0.0625, 3), "0.062");
        assert_eq!(pyfmt::fixed(0.0675, 3), "0.068");
        assert_eq!(pyfmt::fixed(2.0 / 3.0, 3), "0.667");
        assert_eq!(pyfmt::fixed(0.9999, 2), "1.00");
        assert_eq!(pyfmt::round(0.03125, 4), 0.0312);
        assert_eq!(pyfmt::float_repr(4.0), "4.0");
        assert_eq!(pyfmt::float_repr(1e16), "1e+16");
        assert_eq!(fields::bigram_f1("党组", "***党组"), 0.4);
    }
}
