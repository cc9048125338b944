//! Extraction of requirements from an analysed [`Document`].
//!
//! Per sentence: find candidate figures ([`quantity`]), drop the ones a
//! named rule rejects ([`reject`]), and give each survivor its period,
//! deadline, kind, modality, actor and action. Sentences with a deadline and
//! no figure give deadline-only requirements.

pub mod action;
pub mod actor;
pub mod deadline;
pub mod id;
pub mod kind;
pub mod lexicon;
pub mod number;
pub mod period;
pub mod quantity;
pub mod reject;
pub mod table;
pub mod tasks;
pub mod units;

use crate::document::Document;
use crate::model::{Deadline, Kind, Quantity, Requirement};
use quantity::{Candidate, find_candidates, is_clause_break};
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

struct Ctx<'a> {
    doc: &'a Document,
    text: &'a str,
    /// Memo: main subject of each sentence.
    main_subject: Vec<Option<Option<Range<usize>>>>,
    /// Memo: the actor named by each section's heading.
    heading_actor: Vec<Option<Option<Range<usize>>>>,
    /// Memo: the subject of each clause asked about, by the clause's start.
    clause_subject: std::collections::HashMap<usize, Option<Range<usize>>, crate::util::FnvBuild>,
    /// The title lines (not a heading, not a sentence).
    title: Option<Range<usize>>,
    /// Memo of step 3: the nearest main subject at or before each sentence
    /// within its block (so a look-back never rescans a long block).
    upto: Vec<Option<Option<Range<usize>>>>,
    /// Where the outline's runs of items start.
    runs: Runs,
}

impl Ctx<'_> {
    /// The subject of a clause (jieba is the costly part: each clause is
    /// asked once, whether from its own sentence or from a later one).
    fn subject(&mut self, clause: Range<usize>) -> Option<Range<usize>> {
        let text = self.text;
        self.clause_subject.entry(clause.start).or_insert_with(|| actor::subject(text, clause)).clone()
    }

    fn main_subject(&mut self, si: usize) -> Option<Range<usize>> {
        if let Some(m) = &self.main_subject[si] {
            return m.clone();
        }
        let r = self.doc.seg.sentences[si].range.clone();
        // The document's title and an addressee line are not sentences with a subject.
        if self.title.as_ref().is_some_and(|t| r.start < t.end) || actor::is_addressee(&self.text[r.clone()]) {
            self.main_subject[si] = Some(None);
            return None;
        }
        let m = clauses(self.text, r).into_iter().find_map(|c| self.subject(c));
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

    /// Steps 3 and 4 of the actor rule for sentence `si`.
    fn inherited_actor(&mut self, si: usize) -> Option<Range<usize>> {
        let sents = &self.doc.seg.sentences;
        let sec = sents[si].section;
        // Step 3: the nearest earlier sentence of the block (paragraph) with a subject.
        if si > self.doc.structure.block_start[si]
            && let Some(m) = self.subject_upto(si - 1)
        {
            return Some(m);
        }
        let outline = &self.doc.seg.outline;
        // A lead-in belongs to the opening paragraph of each item it
        // introduces (a later paragraph of the item, after a run-in heading or
        // a line break, is on its own, as step 3 says).
        let block_start = self.doc.structure.block_start[si];
        let opening = sec.filter(|&i| sents[block_start].range.start <= outline.sections[i].range.start);
        if let Some(i) = opening
            && outline.sections[i].marker == crate::segment::MarkerKind::Enum
        {
            let run_start = outline.sections[self.runs.enums[i]].range.start;
            // The lead-in: the sentence that holds the run's start, or the one before it.
            if let Some(j) = sents.partition_point(|s| s.range.start < run_start).checked_sub(1)
                && let Some(m) = self.main_subject(j)
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
                .get_or_insert_with(|| actor::heading_actor(text, outline.sections[h].title.clone()))
                .clone();
            if a.is_some() {
                return a;
            }
        }
        None
    }
}

/// Does a sentence lead into the numbered list after it (我局将重点抓好以下工作：,
/// 我们将继续办好十方面民生实事。)? It ends in a colon, or announces the list
/// (以下, 如下, N方面).
fn leads_in(sentence: &str) -> bool {
    let s = sentence.trim_end();
    s.ends_with('：') || ["以下", "如下", "方面"].iter().any(|w| s.contains(w))
}

/// Where the runs of the outline start, for every section at once (one
/// pass, so that no look-back walks a long list again).
struct Runs {
    /// The first section of the run of numbered siblings that each section
    /// belongs to (same marker, same parent; the children of earlier items
    /// are passed over).
    siblings: Vec<usize>,
    /// The first of the sections of 一是…二是… right before each section
    /// and with its parent (the section itself when the one before is not).
    enums: Vec<usize>,
}

impl Runs {
    fn of(outline: &crate::segment::Outline) -> Self {
        let sections = &outline.sections;
        let mut siblings: Vec<usize> = Vec::with_capacity(sections.len());
        let mut enums: Vec<usize> = Vec::with_capacity(sections.len());
        // The last section seen with each parent (sections come in
        // document order, a parent before its children).
        let mut last_child: std::collections::HashMap<Option<usize>, usize, crate::util::FnvBuild> =
            std::collections::HashMap::default();
        for (i, s) in sections.iter().enumerate() {
            let prev = last_child.insert(s.parent, i);
            siblings.push(match prev {
                Some(k) if sections[k].marker == s.marker => siblings[k],
                _ => i,
            });
            let before = i.checked_sub(1).map(|k| &sections[k]);
            enums.push(match before {
                Some(b) if b.marker == crate::segment::MarkerKind::Enum && b.parent == s.parent => enums[i - 1],
                _ => i,
            });
        }
        Runs { siblings, enums }
    }
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
pub fn extract_with(doc: &Document, options: Options) -> Extraction {
    let text = doc.norm.text();
    let mut cx = Ctx {
        doc,
        text,
        main_subject: vec![None; doc.seg.sentences.len()],
        heading_actor: vec![None; doc.seg.outline.sections.len()],
        clause_subject: std::collections::HashMap::default(),
        title: crate::meta::title_range(text),
        upto: vec![None; doc.seg.sentences.len()],
        runs: Runs::of(&doc.seg.outline),
    };
    let mut out = Extraction::default();
    let year = doc.meta.year;
    let genre = doc.meta.genre;
    // The document's metadata, shared by its requirements.
    let meta = std::sync::Arc::new(doc.meta.clone());
    let mut ids = id::Ids::new(&doc.meta, &doc.name);
    let table_rows = table::rows(text);
    for (si, sent) in doc.seg.sentences.iter().enumerate() {
        let srange = sent.range.clone();
        let stext = &text[srange.clone()];
        let mut cues = None;
        let mut cues_of = || *cues.get_or_insert_with(|| kind::Cues::of(stext));
        // The part (review or plan) the structure stage gave the sentence.
        let future = doc.structure.part[si] == crate::structure::Part::Plan;
        let cands = find_candidates(text, srange.clone());
        let deadlines = deadline::find(text, srange.clone(), year);
        let non_candidates = if options.rejections {
            let taken: Vec<Range<usize>> = cands
                .iter()
                .map(|c| c.raw.start.min(c.num.start)..c.raw.end.max(c.unit_range.end))
                .chain(deadlines.iter().map(|d| d.range.clone()))
                .collect();
            reject::non_candidates(text, srange.clone(), &taken)
        } else {
            Vec::new()
        };
        for (r, rule) in non_candidates {
            out.rejections.push(Rejection {
                doc: doc.name.clone(),
                raw: doc.source_slice(r.clone()).to_string(),
                span: span(doc, r),
                rule: rule.name(),
                sentence: doc.source_slice(srange.clone()).to_string(),
            });
        }
        if cands.is_empty() && deadlines.is_empty() {
            continue;
        }
        let mut accepted: Vec<Candidate> = Vec::new();
        for c in cands {
            let rctx = reject::Ctx::new(text, srange.clone(), &c);
            // A figure inside a deadline (6月底前) is the deadline's.
            if deadlines.iter().any(|d| d.range.start <= c.num.start && c.num.start < d.range.end) {
                continue;
            }
            match reject::check(&rctx) {
                Some(_) if !options.rejections => {}
                Some(rule) => out.rejections.push(Rejection {
                    doc: doc.name.clone(),
                    raw: doc.source_slice(c.raw.clone()).to_string(),
                    span: span(doc, c.raw.clone()),
                    rule: rule.name(),
                    sentence: doc.source_slice(srange.clone()).to_string(),
                }),
                None => accepted.push(c),
            }
        }
        // 分别达到41260元、19850元: a comparator shared across a 、 list.
        for k in 1..accepted.len() {
            let (prev, cur) = (&accepted[k - 1], &accepted[k]);
            if !cur.has_comparator
                && prev.has_comparator
                && prev.comparator != crate::model::Comparator::Range
                && text.get(prev.raw.end..cur.raw.start) == Some("、")
            {
                let c = prev.comparator;
                accepted[k].comparator = c;
                accepted[k].has_comparator = true;
            }
        }
        let flags = kind::Flags::from_cues(stext, cues_of());
        let marks = period::marks(text, srange.clone());
        let period_ranges: Vec<Range<usize>> = marks.iter().map(|m| m.range.clone()).collect();
        let cls = clauses(text, srange.clone());
        let section = section_path(doc, sent.section);
        let sentence_src: std::sync::Arc<str> = doc.source_slice(srange.clone()).trim_end().into();
        let sentence_span = span(doc, srange.clone());
        let mut last_action: Option<String> = None;
        let sentence_id = ids.sentence(stext);
        let mut emit = |cx: &mut Ctx, pos: usize, cand: Option<&Candidate>, dl: Option<Deadline>, cmp| {
            let ci = cls.iter().position(|c| c.start <= pos && pos < c.end).unwrap_or(0);
            let own = cx.subject(cls[ci].clone());
            // In a flattened task table, the row's 责任单位 cell.
            let row = table::row_at(&table_rows, srange.start).filter(|r| !r.actor.contains(&srange.start));
            let row_actor = || row.map(|r| r.actor.clone());
            let actor_range = own
                .clone()
                .or_else(row_actor)
                .or_else(|| (0..ci).rev().find_map(|k| cx.subject(cls[k].clone())))
                .or_else(|| cx.inherited_actor(si));
            let clause = cls[ci].clone();
            let own_subject_end = own.as_ref().map(|s| s.end);
            let lead = actor::strip_lead(text, clause.clone());
            let pre_start = own_subject_end.unwrap_or(lead).max(lead);
            // 不少于2次的要求 cites a norm; 年计划完成产值80亿元 states the plan.
            let norm_ref = cand.is_some_and(|c| {
                kind::cites_norm(&text[c.raw.end..srange.end])
                    || kind::introduces_plan(&text[clause.start..c.raw.start])
            });
            let clause_text = &text[clause.clone()];
            // (A directive decides only in a report.)
            let directive = genre == crate::model::Genre::Report && kind::directive(clause_text);
            let k = kind::kind_with(genre, future, flags.with_directive(directive), cmp, norm_ref);
            let action = match cand {
                Some(c) => {
                    let pieces = action::pieces(text, clause.clone(), pre_start, c, &accepted, &period_ranges);
                    let a: String = pieces.iter().map(|r| doc.source_slice(r.clone())).collect();
                    let a =
                        a.trim_matches(|ch: char| ch.is_whitespace() || "，、；：。的和及与".contains(ch)).to_string();
                    let row_task = row
                        .and_then(|r| r.task.clone())
                        .filter(|t| !t.contains(&srange.start))
                        .map(|t| doc.source_slice(t).trim().to_string());
                    if let Some(task) = row_task.filter(|_| a.chars().count() < 4 || a.ends_with('率')) {
                        // 覆盖率100% in the row of 新提拔干部廉政谈话: the task,
                        // with the indicator when the cell names one.
                        Some(if a.ends_with('率') { format!("{task}{a}") } else { task })
                    } else if a.chars().count() < 2 {
                        // A table flattened to a cell per line: the task is the cell before.
                        last_action.clone().or_else(|| table_cell_before(doc, si))
                    } else if let Some((prev, bare)) = last_action
                        .as_deref()
                        .map(|prev| (prev, a.rsplit('、').next().unwrap_or(&a)))
                        .filter(|&(_, bare)| action::is_bare_change(bare))
                    {
                        // 生产总值完成325.6亿元，增长5.2%, and 达到5.53万亿元、稳居全国前十强、
                        // 增长4.8%: the indicator carries over to the bare change.
                        Some(format!("{}{bare}", action::indicator_of(prev)))
                    } else {
                        Some(a)
                    }
                }
                None => {
                    let start = deadlines.iter().find(|d| d.range.start == pos).map_or(pre_start, |d| d.range.end);
                    let a = doc.source_slice(start.max(pre_start)..clause.end);
                    let a = a.trim_matches(|ch: char| ch.is_whitespace() || "，、；：。".contains(ch)).to_string();
                    (!a.is_empty()).then_some(a)
                }
            };
            if action.is_some() {
                last_action.clone_from(&action);
            }
            let quantity = cand.map(|c| Quantity {
                raw: doc.source_slice(c.raw.clone()).to_string(),
                span: span(doc, c.raw.clone()),
                comparator: c.comparator,
                value: c.value,
                value_max: c.value_max,
                unit: c.unit.as_ref().map(|u| u.text.to_string()),
                placeholder: c.kind == number::NumeralKind::Placeholder,
            });
            Requirement {
                doc: doc.name.clone(),
                id: match cand {
                    Some(_) => sentence_id.figure(accepted.iter().filter(|a| a.num.start < pos).count()),
                    None => sentence_id.deadline(deadlines.iter().filter(|d| d.range.start < pos).count()),
                },
                kind: k,
                modality: kind::modality(k, clause_text),
                quantity,
                period: cand.and_then(|c| period::governing(text, &marks, c.num.start)),
                deadline: dl,
                actor: actor_range.map(|r| doc.source_slice(r).to_string()),
                action,
                sentence: sentence_src.clone(),
                sentence_span,
                section: section.clone(),
                points: None,
                multi_year: doc.structure.multi_year[si],
                document: meta.clone(),
            }
        };
        let deadline_for = |pos: usize| -> Option<Deadline> {
            let ci = cls.iter().position(|c| c.start <= pos && pos < c.end)?;
            let d = deadlines.iter().rev().find(|d| {
                cls.iter().position(|c| c.start <= d.range.start && d.range.start < c.end).is_some_and(|dc| dc <= ci)
            })?;
            Some(Deadline {
                raw: doc.source_slice(d.range.clone()).to_string(),
                date: d.date.clone(),
                span: span(doc, d.range.clone()),
            })
        };
        if !accepted.is_empty() {
            for c in &accepted {
                let dl = deadline_for(c.num.start);
                let r = emit(&mut cx, c.num.start, Some(c), dl, c.comparator);
                debug_assert_eq!(
                    &doc.source[r.quantity.as_ref().map_or(0..0, |q| q.span[0]..q.span[1])],
                    r.quantity.as_ref().map_or("", |q| q.raw.as_str())
                );
                out.requirements.push(r);
            }
        } else {
            let k = kind::kind_with(genre, future, flags, crate::model::Comparator::Eq, false);
            if k == Kind::Target {
                for d in &deadlines {
                    let dl = Deadline {
                        raw: doc.source_slice(d.range.clone()).to_string(),
                        date: d.date.clone(),
                        span: span(doc, d.range.clone()),
                    };
                    let r = emit(&mut cx, d.range.start, None, Some(dl), crate::model::Comparator::Eq);
                    if r.action.is_some() {
                        out.requirements.push(r);
                        continue;
                    }
                    // A bare deadline (a table cell of 完成时限, one per line) belongs
                    // to the figure of its row, a line or two before.
                    let near = si.saturating_sub(3);
                    let row_start = doc.norm.to_source(doc.seg.sentences[near].range.clone()).start;
                    if let Some(prev) = out.requirements.last_mut()
                        && prev.deadline.is_none()
                        && prev.quantity.is_some()
                        && prev.sentence_span[0] >= row_start
                    {
                        prev.deadline = r.deadline;
                    }
                }
            }
        }
    }
    out
}

/// In a table flattened to one cell per line (工作任务 / 目标要求 / 完成时限),
/// a short line holding only a figure takes its task from the short line
/// before it, when that line holds no figure.
fn table_cell_before(doc: &Document, si: usize) -> Option<String> {
    let text = doc.norm.text();
    let sents = &doc.seg.sentences;
    let cur = text[sents.get(si)?.range.clone()].trim_end();
    let prev = text[sents.get(si.checked_sub(1)?)?.range.clone()].trim_end();
    let cell = |s: &str, max: usize| !s.is_empty() && s.chars().count() <= max && !s.contains(['。', '，', '；']);
    let prev_line = sents[si - 1].range.end <= text.len() && text[..sents[si - 1].range.end].ends_with('\n');
    (cell(cur, 20) && cell(prev, 40) && prev_line && find_candidates(text, sents[si - 1].range.clone()).is_empty())
        .then(|| doc.source_slice(sents[si - 1].range.clone()).trim().to_string())
}

/// The source titles of the headings from the outermost down to section
/// `section`, shared by the requirements of a sentence.
fn section_path(doc: &Document, section: Option<usize>) -> std::sync::Arc<[String]> {
    let outline = &doc.seg.outline;
    outline.path(section).iter().map(|&i| doc.source_slice(outline.sections[i].title.clone()).to_string()).collect()
}

fn span(doc: &Document, r: Range<usize>) -> [usize; 2] {
    let s = doc.norm.to_source(r);
    [s.start, s.end]
}
