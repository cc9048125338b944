//! Obligations with neither figure nor deadline (for `ledger --all-tasks`):
//! one per sentence whose modality is `must` or `must_not` (必须建立…, 严禁…,
//! or a plain imperative in a plan), so that a 责任书 of ten duties gives ten
//! rows. Headings, report narration and sentences that already hold a
//! requirement are left out.

use super::{actor, clauses, kind};
use crate::document::Document;
use crate::model::{Kind, Modality, Requirement};

/// Sentences shorter than this (in characters) are not duties.
const MIN_CHARS: usize = 6;

/// A sentence that opens with a heading marker (1. 一、 （一）) and is this short may be a heading.
const MAX_HEADING_CHARS: usize = 30;

/// Does sentence `i` read as a heading, whatever the outline says? It opens
/// with a marker, is short, and either has no closing 。！？ or is followed
/// by more sentences of its paragraph (`4.从严从实廉洁自律。时刻牢记…`).
/// A numbered duty alone on its line (`5.严格执行请示报告制度。`) is no heading.
fn looks_like_heading(doc: &Document, i: usize) -> bool {
    let text = doc.norm.text();
    let sents = &doc.seg.sentences;
    let t = text[sents[i].range.clone()].trim();
    if actor::heading_marker_len(t).is_none() || t.chars().count() > MAX_HEADING_CHARS {
        return false;
    }
    let closed = t.ends_with(['。', '！', '？', '!', '?']);
    let more =
        sents.get(i + 1).is_some_and(|n| n.paragraph == sents[i].paragraph && !text[n.range.clone()].trim().is_empty());
    !closed || more
}

/// The task requirements of `doc` whose sentences hold none of `existing`.
pub fn tasks(doc: &Document, existing: &[Requirement]) -> Vec<Requirement> {
    let meta = std::sync::Arc::new(doc.meta.clone());
    let text = doc.norm.text();
    let outline = &doc.seg.outline;
    let base =
        std::path::Path::new(&doc.name).file_name().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    // The sentences that already gave a requirement (a set: a long document
    // must not compare every sentence with every requirement).
    let taken: std::collections::HashSet<usize> = existing.iter().map(|e| e.sentence_span[0]).collect();
    let mut out = Vec::new();
    for si in doc.own_sentences() {
        let sent = &doc.seg.sentences[si];
        let r = sent.range.clone();
        let stext = &text[r.clone()];
        // Duties belong to a plan, or to the plan part of a report.
        let future = doc.structure.part[si] == crate::structure::Part::Plan;
        // (Offsets in the input, for a part of an input read in parts too.)
        let [start, end] = doc.source_span(r.clone());
        let is_title =
            doc.meta.title.as_deref().is_some_and(|t| !t.is_empty() && (stext.trim() == t || t.contains(stext.trim())));
        // The outline calls every numbered line a heading; a numbered duty
        // alone on its line is still a duty, so ask the text itself.
        if looks_like_heading(doc, si)
            || is_title
            || !future
            || stext.trim().chars().count() < MIN_CHARS
            || taken.contains(&start)
        {
            continue;
        }
        let modality = kind::modality(Kind::Target, stext);
        if !matches!(modality, Modality::Must | Modality::MustNot) {
            continue;
        }
        let cls = clauses(text, r.clone());
        let subject = cls.iter().find_map(|c| actor::subject(text, c.clone()));
        let heading = || {
            outline
                .path(sent.section)
                .iter()
                .rev()
                .find_map(|&h| actor::heading_actor(text, outline.sections[h].title.clone()))
        };
        let actor = subject.or_else(heading);
        let action = cls.first().map(|c| {
            let start = actor::strip_lead(text, c.clone());
            let start = match &actor {
                Some(a) if a.start >= c.start && a.end <= c.end && a.start <= start + 3 => a.end.max(start),
                _ => start,
            };
            doc.source_slice(start..c.end)
                .trim_matches(|ch: char| ch.is_whitespace() || "，、；：。！？".contains(ch))
                .to_string()
        });
        let sentence = doc.source_slice(r.clone()).trim_end().into();
        out.push(Requirement {
            doc: doc.name.clone(),
            id: super::stable_id(&[&base, stext, "task"]),
            kind: Kind::Target,
            modality,
            quantity: None,
            period: None,
            deadline: None,
            actor: actor.map(|a| doc.source_slice(a).to_string()),
            action: action.filter(|a| !a.is_empty()),
            sentence,
            sentence_span: [start, end],
            section: super::section_path(doc, sent.section),
            points: None,
            multi_year: false,
            document: meta.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_duties_give_ten_rows() {
        let duties = [
            "必须建立健全党风廉政建设责任制。",
            "严禁公款吃喝。",
            "各单位要落实主体责任。",
            "认真执行请示报告制度。",
            "不得违规发放津贴补贴。",
            "严格落实中央八项规定精神。",
            "领导班子要定期分析廉政形势。",
            "坚决纠正四风问题。",
            "应当公开办事程序。",
            "禁止违规收受礼品礼金。",
        ];
        let src = format!("某县党风廉政建设责任书\n{}\n", duties.join("\n"));
        let doc = Document::analyze("t.txt", src.clone());
        let t = tasks(&doc, &[]);
        let got: Vec<&str> = t.iter().map(|r| &*r.sentence).collect();
        assert_eq!(got.len(), 10, "{got:?}");
        assert_eq!(t[1].modality, Modality::MustNot);
        assert!(t.iter().all(|r| r.quantity.is_none() && r.kind == Kind::Target));
        let again = tasks(&Document::analyze("t.txt", src.clone()), &[]);
        assert_eq!(t[0].id, again[0].id);
    }

    #[test]
    fn heading_lines_are_no_duties() {
        let doc = Document::analyze(
            "t.txt",
            "某县工作要点\n二、加强作风建设\n4.从严从实廉洁自律。带头遵守廉洁自律准则。\n5.严格执行请示报告制度。\n",
        );
        let t = tasks(&doc, &[]);
        let got: Vec<_> = t.iter().filter_map(|r| r.action.as_deref()).collect();
        assert_eq!(got, ["带头遵守廉洁自律准则", "严格执行请示报告制度"]);
    }

    #[test]
    fn optional_wording_is_no_duty() {
        let doc = Document::analyze("t.txt", "某县工作要点\n鼓励各单位开展志愿服务。\n");
        assert!(tasks(&doc, &[]).is_empty());
    }
}
