//! The actor of a figure, by the spec's steps, within the paragraph:
//!
//! 1. the subject of the figure's own clause;
//! 2. in a flattened task table, the row's 责任单位 cell;
//! 3. the subject of an earlier clause of the sentence, then of the nearest
//!    earlier sentence of the same block (paragraph) that has one;
//! 4. the lead-in of a numbered list (我局将重点抓好以下工作：), for the
//!    opening paragraph of each item, then the nearest heading that names a
//!    body.
//!
//! [`Subjects`] remembers every answer it computes (jieba is the costly
//! part), so each clause is segmented once and a look-back never rescans a
//! block: the whole document costs its length once.

use super::{agent, heading_actor, is_addressee, strip_lead, subject};
use crate::document::Document;
use crate::extract::context::SentenceCtx;
use crate::segment::{MarkerKind, Outline};
use crate::util::FnvBuild;
use std::collections::HashMap;
use std::ops::Range;

/// The actor resolved for one figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The actor, in the normalised text.
    pub actor: Option<Range<usize>>,
    /// Where the action may begin in the figure's clause: after the clause's
    /// own subject and lead words.
    pub action_start: usize,
}

/// The subjects of a document's clauses, sentences, blocks and headings,
/// computed on demand and remembered.
pub struct Subjects<'a> {
    doc: &'a Document,
    text: &'a str,
    /// The main subject of each sentence.
    main_subject: Vec<Option<Option<Range<usize>>>>,
    /// The actor named by each section's heading.
    heading_actor: Vec<Option<Option<Range<usize>>>>,
    /// The subject of each clause asked about, by the clause's start.
    clause_subject: HashMap<usize, Option<Range<usize>>, FnvBuild>,
    /// The title lines (not a heading, not a sentence).
    title: Option<Range<usize>>,
    /// Step 3: the nearest main subject at or before each sentence within
    /// its block.
    upto: Vec<Option<Option<Range<usize>>>>,
    /// Where the outline's runs of items start.
    runs: Runs,
    /// The document is a street office's own (its title or issuer names a
    /// 街道): 街道 alone opening a clause is the office.
    own_street_office: bool,
}

impl<'a> Subjects<'a> {
    /// An empty memo for `doc`.
    pub fn new(doc: &'a Document) -> Self {
        let text = doc.norm.text();
        Subjects {
            doc,
            text,
            main_subject: vec![None; doc.seg.sentences.len()],
            heading_actor: vec![None; doc.seg.outline.sections.len()],
            clause_subject: HashMap::default(),
            // (A later part of an input read in parts has no title.)
            title: crate::meta::title_range(text).filter(|_| doc.origin.is_start()),
            upto: vec![None; doc.seg.sentences.len()],
            runs: Runs::of(&doc.seg.outline),
            own_street_office: [doc.meta.title.as_deref(), doc.meta.issuer.as_deref()]
                .iter()
                .any(|t| t.is_some_and(|t| t.contains("街道"))),
        }
    }

    /// The actor of a figure at byte `pos`, in clause `ci` of sentence `s`.
    pub fn resolve(&mut self, s: &SentenceCtx, ci: usize, pos: usize) -> Resolved {
        let clause = s.clauses[ci].clone();
        // Step 1: the clause's own subject, or the agent after 由 inside it.
        let own = self.subject(clause.clone()).or_else(|| agent(self.text, clause.clone()));
        let row_actor = || s.row(pos).map(|r| r.actor.clone());
        let actor = own
            .clone()
            .or_else(row_actor)
            .or_else(|| (0..ci).rev().find_map(|k| self.subject(s.clauses[k].clone())))
            .or_else(|| assigned_unit(self.text, s.range.end))
            .or_else(|| self.inherited(s.index));
        let lead = strip_lead(self.text, clause);
        // The action starts after a subject that opens the clause (after a
        // pivot: 由县财政局牵头 → 牵头), not after an agent inside it
        // (项目由企业牵头 keeps 项目由企业牵头).
        let opens =
            |o: &Range<usize>| o.start <= lead || super::PIVOTS.contains(&self.text.get(lead..o.start).unwrap_or(""));
        let action_start = own.filter(opens).map_or(lead, |o| o.end).max(lead);
        Resolved { actor, action_start }
    }

    /// The subject of a clause (each clause is asked once, whether from its
    /// own sentence or from a later one).
    fn subject(&mut self, clause: Range<usize>) -> Option<Range<usize>> {
        let text = self.text;
        let street = self.own_street_office;
        self.clause_subject
            .entry(clause.start)
            .or_insert_with(|| {
                subject(text, clause.clone()).or_else(|| street.then(|| street_office(text, clause)).flatten())
            })
            .clone()
    }

    fn main_subject(&mut self, si: usize) -> Option<Range<usize>> {
        if let Some(m) = &self.main_subject[si] {
            return m.clone();
        }
        let r = self.doc.seg.sentences[si].range.clone();
        // The document's title and an addressee line are not sentences with a subject.
        if self.title.as_ref().is_some_and(|t| r.start < t.end) || is_addressee(&self.text[r.clone()]) {
            self.main_subject[si] = Some(None);
            return None;
        }
        let m = crate::extract::clauses(self.text, r).into_iter().find_map(|c| self.subject(c));
        self.main_subject[si] = Some(m.clone());
        m
    }

    /// The main subject of the nearest sentence at or before `j` in `j`'s
    /// block that has one. Sentences walked over remember the answer, so the
    /// look-backs of a block cost its length once, not once per sentence.
    fn subject_upto(&mut self, j: usize) -> Option<Range<usize>> {
        let start = self.doc.structure.block_start[j];
        let mut k = j;
        let found = loop {
            if let Some(known) = &self.upto[k] {
                break known.clone();
            }
            if let Some(m) = self.main_subject(k) {
                break Some(m);
            }
            if k == start {
                break None;
            }
            k -= 1;
        };
        for m in &mut self.upto[k..=j] {
            *m = Some(found.clone());
        }
        found
    }

    /// The actor of the lead-in sentence `j` of 一是 items: its own main
    /// subject, else (step 3 for the lead-in itself) the nearest one before it
    /// in its paragraph (一年来，我们坚持…。主要做了以下工作： gives 我们 to every
    /// item; a lead-in alone on its line, 一年来，主要做了以下工作。, gives
    /// none). A colon list of numbered sections (现将有关情况通报如下。 before
    /// 一、…) takes the lead-in's own subject only.
    fn lead_in_actor(&mut self, j: usize) -> Option<Range<usize>> {
        self.main_subject(j).or_else(|| {
            let start = self.doc.structure.block_start[j];
            (j > start).then(|| self.subject_upto(j - 1)).flatten()
        })
    }

    /// Steps 3 (across sentences) and 4 for sentence `si`.
    fn inherited(&mut self, si: usize) -> Option<Range<usize>> {
        let sents = &self.doc.seg.sentences;
        let sec = sents[si].section;
        let block_start = self.doc.structure.block_start[si];
        // Step 3: the nearest earlier sentence of the block (paragraph) with a subject.
        if si > block_start
            && let Some(m) = self.subject_upto(si - 1)
        {
            return Some(m);
        }
        let outline = &self.doc.seg.outline;
        // A lead-in belongs to every item it introduces: to the item's
        // paragraphs up to its first run-in heading (主动抢抓政策先机。 opens a
        // paragraph of its own, as step 3 says; a line break within the item
        // does not).
        let run_start = self.doc.structure.run_start[si];
        let opening = sec.filter(|&i| sents[run_start].range.start <= outline.sections[i].range.start);
        if let Some(i) = opening
            && outline.sections[i].marker == MarkerKind::Enum
        {
            let run_start = outline.sections[self.runs.enums[i]].range.start;
            // The lead-in: the sentence that holds the run's start, or the one before it.
            if let Some(j) = sents.partition_point(|s| s.range.start < run_start).checked_sub(1)
                && let Some(m) = self.lead_in_actor(j)
            {
                return Some(m);
            }
        } else if let Some(i) = opening
            && let Some(j) = sents
                .partition_point(|s| s.range.end <= outline.sections[self.runs.siblings[i]].range.start)
                .checked_sub(1)
            && leads_in(&self.text[sents[j].range.clone()])
            && let Some(m) = self.main_subject(j)
        {
            // 我局将重点抓好以下工作： 1.… 2.…: a lead-in ending in a colon
            // belongs to each numbered item of the list it opens.
            return Some(m);
        }
        for &h in outline.path(sec).iter().rev() {
            let text = self.text;
            let a = self.heading_actor[h]
                .get_or_insert_with(|| heading_actor(text, outline.sections[h].title.clone()))
                .clone();
            if a.is_some() {
                return a;
            }
        }
        None
    }
}

/// 街道 alone opening a clause and followed by its predicate, in a street
/// office's own document (今年1-11月,街道实现财政总收入18.35亿元; 街道专题召开…):
/// the office itself, as 我镇 is a town's.
fn street_office(text: &str, clause: Range<usize>) -> Option<Range<usize>> {
    let start = super::strip_lead(text, clause.clone());
    let rest = text.get(start..clause.end)?.strip_prefix("街道")?;
    let head = &rest[..crate::util::char_prefix_len(rest, 8)];
    let first = crate::segment::cut::tag(head).into_iter().next()?;
    let adverb = ["专题", "先后", "累计", "全年", "今年"].contains(&first.word);
    (adverb || super::follows_subject(first.word, first.tag)).then(|| start..start + "街道".len())
}

/// The unit a task-breakdown item assigns in brackets after its sentence,
/// on the same line (1.地区生产总值增长8%以上。(责任领导:杜新国;牵头单位:区发改局)
/// → 区发改局): the lead unit (牵头单位), else the responsible one
/// (责任单位), as a table's 责任单位 column names the actor of its row. Read
/// at most 200 bytes past the sentence.
pub fn assigned_unit(text: &str, sentence_end: usize) -> Option<Range<usize>> {
    // (A sentence that ends its line takes in the line break: the next line
    // is another item's, or a heading's.)
    if text[..sentence_end].ends_with('\n') {
        return None;
    }
    let mut end = (sentence_end + 200).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let rest = text.get(sentence_end..end)?;
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let lead = line.len() - line.trim_start().len();
    let open = line[lead..].chars().next().filter(|c| matches!(c, '(' | '（'))?;
    // The first bracket only, to its matching close (各县（市、区）人民政府 inside it).
    let inner_start = lead + open.len_utf8();
    let inner_end = crate::util::bracket_close(&line[inner_start..]).map_or(line.len(), |e| inner_start + e);
    let inner = &line[inner_start..inner_end];
    let unit = |label: &str| {
        let k = inner.find(label)?;
        let after = &inner[k + label.len()..];
        let colon = after.chars().next().filter(|c| matches!(c, ':' | '：'))?;
        let v = &after[colon.len_utf8()..];
        let n = v.find([';', '；', '，', ',']).unwrap_or(v.len());
        let from = sentence_end + inner_start + k + label.len() + colon.len_utf8();
        let name = v[..n].trim_end();
        (name.chars().count() >= 2).then(|| from..from + name.len())
    };
    unit("牵头单位").or_else(|| unit("责任单位"))
}

/// Does a sentence lead into the numbered list after it (我局将重点抓好以下工作：,
/// 我们将继续办好十方面民生实事。)? It ends in a colon, or announces the list
/// (以下, 如下, N方面).
fn leads_in(sentence: &str) -> bool {
    let s = sentence.trim_end();
    if s.ends_with('：') {
        return true;
    }
    // A sentence that reports figures (全省生产总值增长5.5%，…十方面民生实事
    // 圆满完成。) or narrates what was done introduces no list.
    let reports = s.contains(|c: char| c.is_ascii_digit() || c == '%' || c == '％') || s.contains("圆满完成");
    !reports && ["以下", "如下", "方面"].iter().any(|w| s.contains(w))
}

/// Where the runs of the outline start, for every section at once (one
/// pass, so that no look-back walks a long list again).
pub(crate) struct Runs {
    /// The first section of the run of numbered siblings that each section
    /// belongs to (same marker, same parent; the children of earlier items
    /// are passed over).
    pub(crate) siblings: Vec<usize>,
    /// The first of the sections of 一是…二是… right before each section
    /// and with its parent (the section itself when the one before is not).
    pub(crate) enums: Vec<usize>,
}

impl Runs {
    pub(crate) fn of(outline: &Outline) -> Self {
        let sections = &outline.sections;
        let mut siblings: Vec<usize> = Vec::with_capacity(sections.len());
        let mut enums: Vec<usize> = Vec::with_capacity(sections.len());
        // The last section seen with each parent (sections come in
        // document order, a parent before its children).
        let mut last_child: HashMap<Option<usize>, usize, FnvBuild> = HashMap::default();
        for (i, s) in sections.iter().enumerate() {
            let prev = last_child.insert(s.parent, i);
            siblings.push(match prev {
                Some(k) if sections[k].marker == s.marker => siblings[k],
                _ => i,
            });
            let before = i.checked_sub(1).map(|k| &sections[k]);
            enums.push(match before {
                Some(b) if b.marker == MarkerKind::Enum && b.parent == s.parent => enums[i - 1],
                _ => i,
            });
        }
        Runs { siblings, enums }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_assigned_in_brackets() {
        let rows: &[(&str, Option<&str>)] = &[
            ("1.地区生产总值增长8%以上。(责任领导:杜新国;牵头单位:区发改局)\n", Some("区发改局")),
            (
                "6.一般公共预算收入增长12%以上。(责任领导:杜新国;牵头单位:区财政局、区税务局)\n",
                Some("区财政局、区税务局"),
            ),
            ("新建幼儿园3所。（责任单位：县教育局）\n", Some("县教育局")),
            // Brackets that assign nothing, or on the next line.
            ("新建幼儿园3所。（2023年完成）\n", None),
            ("新建幼儿园3所。\n（牵头单位：县教育局）\n", None),
            ("新建幼儿园3所。（责任单位：各县（市、区）人民政府）\n", Some("各县（市、区）人民政府")),
        ];
        for (text, want) in rows {
            let end = text.find('。').map(|k| k + '。'.len_utf8()).unwrap_or(0);
            let got = assigned_unit(text, end).map(|r| &text[r]);
            assert_eq!(got, *want, "{text}");
        }
    }

    /// `(figure, actor)` of each requirement of a document.
    fn actors(text: &str) -> Vec<(String, Option<String>)> {
        let doc = crate::document::Document::analyze("t.txt", text.to_string());
        crate::extract::extract(&doc)
            .requirements
            .iter()
            .filter_map(|r| Some((r.quantity.as_ref()?.raw.clone(), r.actor.clone())))
            .collect()
    }

    #[test]
    fn units_assigned_through_the_pipeline() {
        let got = actors(
            "XX区2023年重点工作任务责任分解方案\n一、2023年全区主要预期目标\n1.地区生产总值增长8%以上。(责任领导:张三;牵头单位:区发改局)\n2.完成造林1万亩。\n3.新建幼儿园3所(责任单位:区教育局)。\n",
        );
        let actor = |fig: &str| got.iter().find(|(r, _)| r.contains(fig)).and_then(|(_, a)| a.clone());
        assert_eq!(actor("8%"), Some("区发改局".to_string()), "{got:?}");
        // The next line's unit is not the item's before it.
        assert_ne!(actor("1万亩"), Some("区教育局".to_string()), "{got:?}");
    }

    #[test]
    fn a_street_office_in_its_own_summary() {
        let own = actors(
            "白杨街道2022年工作总结\n今年1-11月,街道实现财政总收入18.35亿元。\n街道专题召开动员会,新建小区5个。\n",
        );
        assert!(!own.is_empty() && own.iter().all(|(_, a)| a.as_deref() == Some("街道")), "{own:?}");
        let county = actors("XX县2022年工作总结\n街道硬化3.2公里。\n");
        assert!(!county.is_empty() && county.iter().all(|(_, a)| a.is_none()), "{county:?}");
    }

    #[test]
    fn lead_ins() {
        for (s, want) in [
            ("我局将重点抓好以下工作：", true),
            ("我们将继续办好十方面民生实事。", true),
            ("主要做法如下。", true),
            ("全县新修公路420公里。", false),
            ("全省生产总值增长5.5%，一般公共预算收入增长1.2%，十方面民生实事圆满完成。", false),
        ] {
            assert_eq!(leads_in(s), want, "{s}");
        }
    }

    #[test]
    fn actor_by_the_steps() {
        let actor_of = |t: &str, raw: &str| -> Option<String> {
            let doc = crate::document::Document::analyze("t.txt", t);
            let out = crate::extract::extract(&doc);
            let r = out.requirements.iter().find(|r| r.quantity.as_ref().is_some_and(|q| q.raw == raw));
            r.unwrap_or_else(|| panic!("{raw} not found in {t}")).actor.clone()
        };
        // Step 1, then step 3 within the paragraph, never across it.
        let t = "县纪委要每季度约谈2次。全年通报典型问题4起。\n全年新修公路420公里。";
        assert_eq!(actor_of(t, "2次").as_deref(), Some("县纪委"));
        assert_eq!(actor_of(t, "4起").as_deref(), Some("县纪委"));
        assert_eq!(actor_of(t, "420公里"), None);
        // Step 4: a lead-in for each item's opening paragraph.
        let t = "县财政局将重点抓好以下工作：\n1.开展专项检查不少于3次。\n2.培训财会人员200人次。";
        assert_eq!(actor_of(t, "不少于3次").as_deref(), Some("县财政局"));
        assert_eq!(actor_of(t, "200人次").as_deref(), Some("县财政局"));
    }
}
