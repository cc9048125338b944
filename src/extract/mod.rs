//! Extraction of requirements from an analysed [`Document`], in stages:
//!
//! 1. the document pass: [`crate::structure`] (parts, blocks, horizon) has
//!    run when the document was analysed; [`table::rows`] reads the rows of
//!    flattened task tables;
//! 2. the sentence pass, [`sentence::figures`]: candidate figures
//!    ([`quantity`]) and deadlines ([`deadline::find`]), minus what a named
//!    rule rejects ([`reject`]);
//! 3. the field resolvers, each reading the plain [`SentenceCtx`] and each
//!    in the file named after its field: actor ([`actor::scope`]), kind
//!    and modality ([`kind::resolve`]), action ([`action::resolve`]),
//!    deadline ([`deadline::binding`]) and period ([`period::governing`]).
//!
//! A sentence with deadlines and no figure gives deadline-only requirements.

pub mod action;
pub mod actor;
pub mod context;
pub mod deadline;
pub mod id;
pub mod kind;
pub mod lexicon;
pub mod number;
pub mod period;
pub mod quantity;
pub mod reject;
pub mod sentence;
pub mod table;
pub mod tasks;
pub mod units;

use crate::document::Document;
use crate::model::{Comparator, Deadline, Kind, Quantity, Requirement};
use context::SentenceCtx;
use quantity::{Candidate, is_clause_break};
use serde::Serialize;
use std::ops::Range;

/// A figure that was dropped, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejection {
    /// The input path as given.
    pub doc: String,
    /// Source text of the figure.
    pub raw: String,
    /// Byte offsets in the source text.
    pub span: [usize; 2],
    /// The rule's name.
    pub rule: &'static str,
    /// The sentence, as written.
    pub sentence: String,
}

/// What extraction produced for one document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// The requirements, in document order.
    pub requirements: Vec<Requirement>,
    /// The rejected candidates, in document order.
    pub rejections: Vec<Rejection>,
}

/// Split a sentence into clauses at ，；：。！？ (not at 、).
pub fn clauses(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    // The breaks other than \n open with byte E3 (。) or EF (，；：！？),
    // which always open a character: only those are decoded.
    let b = &text.as_bytes()[range.clone()];
    for k in memchr::memchr3_iter(b'\n', 0xe3, 0xef, b) {
        let (c, len) = crate::util::char_at(b, k);
        if is_clause_break(c) && c != '、' {
            let end = range.start + k + len;
            out.push(start..end);
            start = end;
        }
    }
    if start < range.end {
        out.push(start..range.end);
    }
    out
}

/// A stable id from text parts (64-bit FNV-1a, parts separated by 0xff): the
/// same document text gives the same id, run after run.
pub(crate) fn stable_id(parts: &[&str]) -> String {
    parts.iter().fold(IdHash::new(), |h, p| h.part(p)).finish()
}

/// The running state of [`stable_id`]: the parts every requirement of a
/// sentence shares (file name, sentence) are hashed once per sentence.
#[derive(Clone, Copy)]
struct IdHash(crate::util::Fnv);

impl IdHash {
    fn new() -> Self {
        IdHash(crate::util::Fnv::default())
    }
    fn part(self, p: &str) -> Self {
        use std::hash::Hasher;
        let mut h = self.0;
        h.write(p.as_bytes());
        h.write(&[0xff]);
        IdHash(h)
    }
    fn finish(self) -> String {
        use std::hash::Hasher;
        format!("{:016x}", self.0.finish())
    }
}

/// What [`extract_with`] produces besides the requirements.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Also list every rejected candidate with its rule
    /// ([`Extraction::rejections`]; `taizhang extract --explain`). Off, the
    /// rejection rules still decide which figures count, but the rejected
    /// ones are neither recorded nor looked for outside the candidates.
    pub rejections: bool,
}

/// Extract the requirements of one document, with the rejected candidates.
pub fn extract(doc: &Document) -> Extraction {
    extract_with(doc, Options { rejections: true })
}

/// Extract the requirements of one document, with what `options` asks for.
/// The requirements are the same whatever the options.
///
/// Three stages: the document pass (the structure stage, already run by
/// [`Document::analyze`]: parts, blocks, horizon; here also the rows of
/// flattened tables), the sentence pass ([`sentence::figures`]: candidates
/// and rejections), and the field resolvers, each in the file named after
/// its field and each reading the plain [`SentenceCtx`]: [`actor::scope`],
/// [`kind::resolve`], [`action::resolve`], [`deadline::binding`],
/// [`period::governing`].
pub fn extract_with(doc: &Document, options: Options) -> Extraction {
    extract_part(doc, options, &mut Carry::default())
}

/// What extraction carries from one part of an input read in parts
/// ([`crate::parts`]) to the next: the count of each sentence seen (ids
/// number repeated sentences across the whole input) and whether an
/// appendix of definitions is open.
#[derive(Default)]
pub struct Carry {
    ids: Option<id::Ids>,
    glossary: bool,
}

/// [`extract_with`] for one part of an input read in parts: its own
/// sentences only (not the context opening it), with the state `carry`
/// brings from the previous part, left as this part ends.
pub fn extract_part(doc: &Document, options: Options, carry: &mut Carry) -> Extraction {
    let text = doc.norm.text();
    let mut subjects = actor::scope::Subjects::new(doc);
    let rows = table::rows(text);
    let ids = carry.ids.get_or_insert_with(|| id::Ids::new(&doc.meta, &doc.name));
    // The document's metadata, shared by its requirements.
    let meta = std::sync::Arc::new(doc.meta.clone());
    let mut out = Extraction::default();
    // An appendix of definitions (附件2 名词解释) explains terms: its figures
    // (“1”是1个省级综合飞行服务站) define them and are no requirements. It
    // runs to the next appendix, the title of another document (a
    // compilation joins several into one file) or the end.
    let glossary = &mut carry.glossary;
    for si in doc.own_sentences() {
        let sent = &doc.seg.sentences[si];
        let st = text[sent.range.clone()].trim_start();
        if st.starts_with("附件") {
            *glossary = st[..crate::util::char_prefix_len(st, 12)].contains("名词解释");
        } else if *glossary && crate::meta::names_a_document(st) {
            *glossary = false;
        }
        if *glossary {
            continue;
        }
        let figures = sentence::figures(doc, si, options.rejections, &mut out.rejections);
        if figures.is_empty() {
            continue;
        }
        let s = SentenceCtx::new(doc, si, figures, &rows);
        let shared = Shared {
            ids: ids.sentence(&text[sent.range.clone()]),
            section: section_path(doc, sent.section),
            sentence: doc.source_slice(sent.range.clone()).trim_end().into(),
            meta: meta.clone(),
        };
        let mut last_action: Option<String> = None;
        if !s.figures.accepted.is_empty() {
            for c in &s.figures.accepted {
                let dl = deadline::binding(&s, c.num.start);
                let r = resolve(&s, &shared, &mut subjects, c.num.start, Some(c), dl, c.comparator, &mut last_action);
                out.requirements.push(r);
            }
        } else if kind::of_sentence(&s) == Kind::Target {
            for d in &s.figures.deadlines {
                let dl = d.to_model(doc);
                let r = resolve(
                    &s,
                    &shared,
                    &mut subjects,
                    d.range.start,
                    None,
                    Some(dl),
                    Comparator::Eq,
                    &mut last_action,
                );
                if r.action.is_some() {
                    out.requirements.push(r);
                } else {
                    table::attach_bare_deadline(doc, si, &mut out.requirements, r.deadline);
                }
            }
        }
    }
    out
}

/// What the requirements of one sentence share.
struct Shared {
    /// The id hash of the document and sentence.
    ids: id::SentenceIds,
    /// The section path.
    section: std::sync::Arc<[String]>,
    /// The sentence as written.
    sentence: std::sync::Arc<str>,
    /// The document's metadata.
    meta: std::sync::Arc<crate::model::DocumentMeta>,
}

/// Resolve every field of the figure `cand` (or, with `None`, of the
/// deadline `dl`) at `pos` in sentence `s`, and build its requirement.
#[allow(clippy::too_many_arguments)]
fn resolve(
    s: &SentenceCtx,
    shared: &Shared,
    subjects: &mut actor::scope::Subjects,
    pos: usize,
    cand: Option<&Candidate>,
    dl: Option<Deadline>,
    cmp: Comparator,
    last_action: &mut Option<String>,
) -> Requirement {
    let doc = s.doc;
    let ci = s.clause_of(pos);
    let who = subjects.resolve(s, ci, pos);
    let kind = kind::resolve(s, ci, cand, cmp);
    let action = action::resolve(s, ci, who.action_start, pos, cand, last_action.as_deref()).map(one_line);
    if action.is_some() {
        last_action.clone_from(&action);
    }
    let quantity = cand.map(|c| {
        let raw = doc.source_slice(c.raw.clone());
        Quantity {
            raw: raw.to_string(),
            span: doc.source_span(c.raw.clone()),
            comparator: c.comparator,
            value: c.value,
            value_max: c.value_max,
            unit: c.unit.as_ref().map(|u| unit_as_written(raw, u.text)),
            placeholder: c.kind == number::NumeralKind::Placeholder,
        }
    });
    Requirement {
        doc: doc.name.clone(),
        // The figure's (or deadline's) ordinal in the sentence: ids follow
        // the obligation, not the file (src/extract/id.rs).
        id: match cand {
            Some(_) => shared.ids.figure(s.figures.accepted.iter().filter(|a| a.num.start < pos).count()),
            None => shared.ids.deadline(s.figures.deadlines.iter().filter(|d| d.range.start < pos).count()),
        },
        kind,
        modality: kind::modality(kind, &s.text[s.clauses[ci].clone()]),
        quantity,
        period: cand.and_then(|c| period::governing(s.text, &s.marks, c.num.start)),
        deadline: dl,
        actor: who.actor.map(|r| doc.source_slice(r).to_string()),
        action,
        sentence: shared.sentence.clone(),
        sentence_span: doc.source_span(s.range.clone()),
        section: shared.section.clone(),
        points: None,
        multi_year: doc.structure.multi_year[s.index],
        document: shared.meta.clone(),
    }
}

/// An action as one line: the breaks and zero-width characters of lines the
/// normaliser joined (广义货币M / 2 / 增长 → 广义货币M2增长) are left out.
fn one_line(a: String) -> String {
    let stray = |c: char| matches!(c, '\n' | '\r') || crate::normalize::is_invisible(c);
    if a.contains(stray) { a.chars().filter(|&c| !stray(c)).collect() } else { a }
}

/// The source titles of the headings from the outermost down to section
/// `section`, shared by the requirements of a sentence.
fn section_path(doc: &Document, section: Option<usize>) -> std::sync::Arc<[String]> {
    let outline = &doc.seg.outline;
    outline.path(section).iter().map(|&i| doc.source_slice(outline.sections[i].title.clone()).to_string()).collect()
}

/// The unit as the figure writes it: the lexicon's unit (simplified), or
/// where the source is in traditional characters the same characters as
/// written there (5個 → 個, 300萬畝 → 畝). Other forms stay the lexicon's
/// (a full-width ％ is %).
fn unit_as_written(raw: &str, unit: &str) -> String {
    if raw.contains(unit) {
        return unit.to_string();
    }
    let n = unit.chars().count();
    let starts: Vec<usize> = raw.char_indices().map(|(k, _)| k).chain([raw.len()]).collect();
    starts
        .windows(n + 1)
        .map(|w| &raw[w[0]..w[n]])
        .find(|piece| crate::normalize::simplified(piece) == unit)
        .unwrap_or(unit)
        .to_string()
}

#[cfg(test)]
mod unit_tests {
    use super::unit_as_written;

    #[test]
    fn units_as_written() {
        for (raw, unit, want) in [
            ("5個", "个", "個"),
            ("300萬畝", "亩", "畝"),
            ("達到600家", "家", "家"),
            ("1.2萬人次", "人次", "人次"),
            ("１００％", "%", "%"),
            ("不少于4次", "次", "次"),
        ] {
            assert_eq!(unit_as_written(raw, unit), want, "{raw}");
        }
    }
}

#[cfg(test)]
mod glossary_tests {
    use crate::document::Document;

    fn raws(text: &str) -> Vec<String> {
        let doc = Document::analyze("t.txt", text);
        super::extract(&doc).requirements.into_iter().filter_map(|r| Some(r.quantity?.raw)).collect()
    }

    /// An appendix of definitions gives no requirements; it ends at the next
    /// appendix, or at the title of the next document of a compilation.
    #[test]
    fn a_glossary_ends_at_the_next_appendix_or_document() {
        let report = "2025年某省政府工作报告\n一、2025年主要目标\n全省地区生产总值增长5%左右。\n";
        let glossary = "附件2 名词解释\n1.“1+3+8”政策体系：“1”是1个总体方案，“3”是3个专项方案。\n";
        assert_eq!(raws(&format!("{report}{glossary}")), ["5%左右"]);
        let next = "附件3 重点项目\n新建项目不少于10个。\n";
        assert_eq!(raws(&format!("{report}{glossary}{next}")), ["5%左右", "不少于10个"]);
        // Two reports joined: the second is read whole, not as definitions.
        let second = "2025年另一省政府工作报告\n一、2025年主要目标\n城镇新增就业110万人以上。\n";
        assert_eq!(raws(&format!("{report}{glossary}{second}")), ["5%左右", "110万人以上"]);
    }
}
