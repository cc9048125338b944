//! The jsonl line of a [`Requirement`], written by hand: byte for byte what
//! `serde_json::to_writer` makes of the serde types above (the tests check
//! it on every requirement of the corpora and on arbitrary strings), about
//! three times faster. The requirements of a document share its metadata,
//! and those of a sentence share the sentence and its section path (one
//! `Arc` each): an [`Encoder`] escapes each of them once and copies the
//! bytes for the next requirement that holds the same `Arc`.

use super::{Comparator, Deadline, DocumentMeta, Genre, Kind, Modality, Period, PeriodUnit, Quantity, Requirement};
use std::sync::Arc;

/// Encodes requirements as JSON objects, remembering the encoding of the
/// last shared sentence, section path and document metadata.
#[derive(Default)]
pub struct Encoder {
    sentence: Option<(Arc<str>, Vec<u8>)>,
    section: Option<(Arc<[String]>, Vec<u8>)>,
    document: Option<(Arc<DocumentMeta>, Vec<u8>)>,
}

impl Encoder {
    /// An encoder with nothing remembered.
    pub fn new() -> Self {
        Encoder::default()
    }

    /// Append `r` as one JSON object (no line break), as
    /// `serde_json::to_writer` writes it.
    pub fn write(&mut self, out: &mut Vec<u8>, r: &Requirement) {
        out.extend_from_slice(b"{\"doc\":");
        string(out, &r.doc);
        out.extend_from_slice(b",\"id\":");
        string(out, &r.id);
        out.extend_from_slice(b",\"kind\":");
        out.extend_from_slice(kind(r.kind));
        out.extend_from_slice(b",\"modality\":");
        out.extend_from_slice(modality(r.modality));
        out.extend_from_slice(b",\"quantity\":");
        match &r.quantity {
            Some(q) => quantity(out, q),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"period\":");
        match &r.period {
            Some(p) => period(out, p),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"deadline\":");
        match &r.deadline {
            Some(d) => deadline(out, d),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"actor\":");
        opt_string(out, r.actor.as_deref());
        out.extend_from_slice(b",\"action\":");
        opt_string(out, r.action.as_deref());
        out.extend_from_slice(b",\"sentence\":");
        shared(out, &mut self.sentence, &r.sentence, string);
        out.extend_from_slice(b",\"sentence_span\":");
        span(out, r.sentence_span);
        out.extend_from_slice(b",\"section\":");
        shared(out, &mut self.section, &r.section, |o, s| {
            o.push(b'[');
            for (k, t) in s.iter().enumerate() {
                if k > 0 {
                    o.push(b',');
                }
                string(o, t);
            }
            o.push(b']');
        });
        if let Some(p) = r.points {
            out.extend_from_slice(b",\"points\":");
            f64_value(out, p);
        }
        if r.multi_year {
            out.extend_from_slice(b",\"multi_year\":true");
        }
        out.extend_from_slice(b",\"document\":");
        shared(out, &mut self.document, &r.document, document);
        out.push(b'}');
    }
}

/// Append the encoding of `value`, made by `encode` or copied from `memo`
/// when `memo` holds the same `Arc` (the same allocation, alive as long as
/// the memo holds it, so its content cannot have changed).
fn shared<T: ?Sized>(
    out: &mut Vec<u8>,
    memo: &mut Option<(Arc<T>, Vec<u8>)>,
    value: &Arc<T>,
    encode: impl Fn(&mut Vec<u8>, &T),
) {
    if let Some((held, bytes)) = memo
        && Arc::ptr_eq(held, value)
    {
        out.extend_from_slice(bytes);
        return;
    }
    let start = out.len();
    encode(out, value);
    let (held, bytes) = memo.get_or_insert_with(|| (value.clone(), Vec::new()));
    held.clone_from(value);
    bytes.clear();
    bytes.extend_from_slice(&out[start..]);
}

fn kind(k: Kind) -> &'static [u8] {
    match k {
        Kind::Target => b"\"target\"",
        Kind::Achievement => b"\"achievement\"",
    }
}

fn modality(m: Modality) -> &'static [u8] {
    match m {
        Modality::Must => b"\"must\"",
        Modality::MustNot => b"\"must_not\"",
        Modality::Should => b"\"should\"",
        Modality::None => b"\"none\"",
    }
}

fn comparator(c: Comparator) -> &'static [u8] {
    match c {
        Comparator::Ge => b"\">=\"",
        Comparator::Gt => b"\">\"",
        Comparator::Le => b"\"<=\"",
        Comparator::Lt => b"\"<\"",
        Comparator::Eq => b"\"=\"",
        Comparator::Approx => b"\"~\"",
        Comparator::Range => b"\"range\"",
    }
}

fn period_unit(u: PeriodUnit) -> &'static [u8] {
    match u {
        PeriodUnit::Year => b"\"year\"",
        PeriodUnit::HalfYear => b"\"half_year\"",
        PeriodUnit::Quarter => b"\"quarter\"",
        PeriodUnit::Month => b"\"month\"",
        PeriodUnit::Week => b"\"week\"",
        PeriodUnit::Day => b"\"day\"",
        PeriodUnit::Term => b"\"term\"",
    }
}

fn genre(g: Genre) -> &'static [u8] {
    match g {
        Genre::Plan => b"\"plan\"",
        Genre::Report => b"\"report\"",
    }
}

fn quantity(out: &mut Vec<u8>, q: &Quantity) {
    out.extend_from_slice(b"{\"raw\":");
    string(out, &q.raw);
    out.extend_from_slice(b",\"span\":");
    span(out, q.span);
    out.extend_from_slice(b",\"comparator\":");
    out.extend_from_slice(comparator(q.comparator));
    out.extend_from_slice(b",\"value\":");
    opt_f64(out, q.value);
    out.extend_from_slice(b",\"value_max\":");
    opt_f64(out, q.value_max);
    out.extend_from_slice(b",\"unit\":");
    opt_string(out, q.unit.as_deref());
    out.extend_from_slice(if q.placeholder { b",\"placeholder\":true}" } else { b",\"placeholder\":false}" });
}

fn period(out: &mut Vec<u8>, p: &Period) {
    out.extend_from_slice(b"{\"raw\":");
    string(out, &p.raw);
    out.extend_from_slice(b",\"unit\":");
    out.extend_from_slice(period_unit(p.unit));
    out.extend_from_slice(b",\"per_year\":");
    // As `ser_num_opt`: a whole number as an integer.
    match p.per_year {
        None => out.extend_from_slice(b"null"),
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => int(out, x as i64),
        Some(x) => f64_value(out, x),
    }
    out.push(b'}');
}

fn deadline(out: &mut Vec<u8>, d: &Deadline) {
    out.extend_from_slice(b"{\"raw\":");
    string(out, &d.raw);
    out.extend_from_slice(b",\"date\":");
    opt_string(out, d.date.as_deref());
    out.extend_from_slice(b",\"span\":");
    span(out, d.span);
    out.push(b'}');
}

fn document(out: &mut Vec<u8>, m: &DocumentMeta) {
    out.extend_from_slice(b"{\"title\":");
    opt_string(out, m.title.as_deref());
    out.extend_from_slice(b",\"year\":");
    match m.year {
        Some(y) => int(out, i64::from(y)),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"genre\":");
    out.extend_from_slice(genre(m.genre));
    out.extend_from_slice(b",\"doc_type\":");
    opt_string(out, m.doc_type.as_deref());
    out.extend_from_slice(b",\"issuer\":");
    opt_string(out, m.issuer.as_deref());
    out.extend_from_slice(b",\"period\":");
    match &m.period {
        Some(p) => {
            out.extend_from_slice(b"{\"start\":");
            string(out, &p.start);
            out.extend_from_slice(b",\"end\":");
            string(out, &p.end);
            out.push(b'}');
        }
        None => out.extend_from_slice(b"null"),
    }
    out.push(b'}');
}

fn span(out: &mut Vec<u8>, s: [usize; 2]) {
    out.push(b'[');
    uint(out, s[0] as u64);
    out.push(b',');
    uint(out, s[1] as u64);
    out.push(b']');
}

fn int(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    uint(out, v.unsigned_abs());
}

/// Decimal digits, as itoa (serde_json's) writes them.
fn uint(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut k = buf.len();
    loop {
        k -= 1;
        buf[k] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[k..]);
}

fn opt_f64(out: &mut Vec<u8>, v: Option<f64>) {
    match v {
        Some(x) => f64_value(out, x),
        None => out.extend_from_slice(b"null"),
    }
}

/// A float as serde_json writes it (ryu; `null` when not finite): rare
/// enough to leave to serde_json itself.
fn f64_value(out: &mut Vec<u8>, x: f64) {
    // Writing to a Vec cannot fail, and every f64 serialises.
    let _ = serde_json::to_writer(out, &x);
}

fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// Does serde_json escape this byte? The control characters, `"` and `\`.
#[inline(always)]
fn escaped(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Append `s` as a JSON string, escaped as serde_json escapes it. Runs of
/// 16 bytes without a byte to escape (nearly all of Chinese text) are
/// checked at once and copied whole.
fn string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 16)
            && !chunk.iter().fold(false, |any, &c| any | escaped(c))
        {
            i += 16;
            continue;
        }
        let c = b[i];
        if escaped(c) {
            out.extend_from_slice(&b[start..i]);
            match c {
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'\t' => out.extend_from_slice(b"\\t"),
                0x08 => out.extend_from_slice(b"\\b"),
                0x0c => out.extend_from_slice(b"\\f"),
                _ => out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(c >> 4) as usize], HEX[(c & 0xf) as usize]]),
            }
            start = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&b[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ours(s: &str) -> Vec<u8> {
        let mut out = Vec::new();
        string(&mut out, s);
        out
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let all_ascii: String = (0u8..0x80).map(char::from).collect();
        for s in
            ["", "a", "\"\\/", "每季度约谈2次。\n", &all_ascii, "\u{7f}\u{80}\u{2028}\u{feff}", &"长句子".repeat(40)]
        {
            assert_eq!(ours(s), serde_json::to_vec(s).expect("json"), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn any_string_is_escaped_as_serde_json_escapes_it(s in "(.|[\\x00-\\x1f\"\\\\])*") {
            prop_assert_eq!(ours(&s), serde_json::to_vec(&s).expect("json"));
        }

        #[test]
        fn any_number_is_written_as_serde_json_writes_it(u in any::<u64>(), i in any::<i64>(), x in any::<f64>()) {
            let mut out = Vec::new();
            uint(&mut out, u);
            prop_assert_eq!(&out, &serde_json::to_vec(&u).expect("json"));
            out.clear();
            int(&mut out, i);
            prop_assert_eq!(&out, &serde_json::to_vec(&i).expect("json"));
            out.clear();
            f64_value(&mut out, x);
            prop_assert_eq!(&out, &serde_json::to_vec(&x).expect("json"));
        }
    }

    /// Every requirement of the seed corpus and of the dev documents, with
    /// the optional fields filled in turn, encodes as serde_json encodes it.
    #[test]
    fn requirements_encode_as_serde_json_encodes_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in ["corpus", "tests/dev/docs"] {
            for e in std::fs::read_dir(root.join(dir)).expect("folder").flatten() {
                if e.path().extension().is_some_and(|x| x == "txt") {
                    files.push(e.path());
                }
            }
        }
        files.sort();
        assert!(files.len() > 20);
        let mut n = 0;
        for path in files {
            let input = crate::source::Input::Path(path);
            let (_, ex) = crate::pipeline::process_with(&input, crate::extract::Options::default()).expect("extract");
            let mut enc = Encoder::new();
            let (mut got, mut want) = (Vec::new(), Vec::new());
            for (k, r) in ex.requirements.iter().enumerate() {
                let mut r = r.clone();
                // Vary what the corpora rarely hold.
                if k % 7 == 3 {
                    r.points = Some(if k % 2 == 0 { 2.0 } else { 0.5 });
                    r.multi_year = !r.multi_year;
                    r.actor = Some("“引号”\\ \t控制\u{1}".into());
                }
                enc.write(&mut got, &r);
                serde_json::to_writer(&mut want, &r).expect("json");
                got.push(b'\n');
                want.push(b'\n');
                n += 1;
            }
            assert_eq!(String::from_utf8_lossy(&got), String::from_utf8_lossy(&want), "{}", input.name());
        }
        assert!(n > 1000, "{n} requirements");
    }

    #[test]
    fn every_field_value_encodes_as_serde_json_encodes_it() {
        let meta = |period| {
            Arc::new(DocumentMeta {
                title: None,
                year: Some(-3),
                genre: Genre::Report,
                doc_type: Some("通知".into()),
                issuer: None,
                period,
            })
        };
        let mut enc = Encoder::new();
        let kinds = [Kind::Target, Kind::Achievement];
        let modalities = [Modality::Must, Modality::MustNot, Modality::Should, Modality::None];
        let comparators = [
            Comparator::Ge,
            Comparator::Gt,
            Comparator::Le,
            Comparator::Lt,
            Comparator::Eq,
            Comparator::Approx,
            Comparator::Range,
        ];
        let units = [
            PeriodUnit::Year,
            PeriodUnit::HalfYear,
            PeriodUnit::Quarter,
            PeriodUnit::Month,
            PeriodUnit::Week,
            PeriodUnit::Day,
            PeriodUnit::Term,
        ];
        let per_years = [None, Some(4.0), Some(0.5), Some(-2.0), Some(1e16), Some(f64::NAN)];
        for k in 0..42 {
            let r = Requirement {
                doc: format!("d{k}.txt"),
                id: "0123456789abcdef".into(),
                kind: kinds[k % 2],
                modality: modalities[k % 4],
                quantity: (k % 5 != 0).then(|| Quantity {
                    raw: "不少于2次".into(),
                    span: [k, k + 12],
                    comparator: comparators[k % 7],
                    value: (k % 3 != 0).then_some(k as f64 / 4.0),
                    value_max: (k % 4 == 1).then_some(1e21),
                    unit: (k % 2 == 0).then(|| "次".into()),
                    placeholder: k % 6 == 1,
                }),
                period: (k % 3 != 1).then(|| Period {
                    raw: "每季度".into(),
                    unit: units[k % 7],
                    per_year: per_years[k % 6],
                }),
                deadline: (k % 4 != 2).then(|| Deadline {
                    raw: "6月底前".into(),
                    date: (k % 2 == 1).then(|| "2024-06-30".into()),
                    span: [0, usize::MAX],
                }),
                actor: None,
                action: Some("约谈".into()),
                sentence: Arc::from(if k % 2 == 0 { "一句。" } else { "另一句。" }),
                sentence_span: [1, 2],
                section: if k % 3 == 0 {
                    Arc::from(Vec::new())
                } else {
                    Arc::from(vec!["一、".to_string(), "(一)".into()])
                },
                points: (k % 5 == 2).then_some(-1.5),
                multi_year: k % 7 == 0,
                document: meta(
                    (k % 2 == 0)
                        .then(|| crate::model::DatePeriod { start: "2024-01-01".into(), end: "2024-12-31".into() }),
                ),
            };
            let mut got = Vec::new();
            enc.write(&mut got, &r);
            assert_eq!(String::from_utf8_lossy(&got), serde_json::to_string(&r).expect("json"), "{k}");
        }
    }
}
