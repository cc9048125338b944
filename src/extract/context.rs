//! The plain context the field resolvers read: one sentence after the
//! document pass (structure) and the sentence pass (figures) are done.
//! Everything here is computed once per sentence, however many figures the
//! sentence holds.

use super::deadline::Found;
use super::sentence::Figures;
use super::{clauses, kind, period, table};
use crate::document::Document;
use crate::model::Genre;
use crate::structure::Part;
use std::ops::Range;

/// One sentence, ready for its fields to be resolved.
pub struct SentenceCtx<'a> {
    /// The document.
    pub doc: &'a Document,
    /// The document's normalised text (what every range points into).
    pub text: &'a str,
    /// The sentence's index in `doc.seg.sentences`.
    pub index: usize,
    /// The sentence's range.
    pub range: Range<usize>,
    /// Its clauses (split at ，；：。！？, not at 、).
    pub clauses: Vec<Range<usize>>,
    /// The sentence lies in a plan part (decided by the structure stage).
    pub in_plan: bool,
    /// The document's genre.
    pub genre: Genre,
    /// What the sentence's words say about kind.
    pub flags: kind::Flags,
    /// Its period words.
    pub marks: Vec<period::Mark>,
    /// The time words cut out of actions: the period words and the
    /// deadlines, merged ([`time_words`]).
    pub time_words: Vec<Range<usize>>,
    /// The figures and deadlines that count.
    pub figures: Figures,
    /// Where the sentence's last 分别 starts (figures after it may share
    /// one action, [`super::action`]'s `listed`).
    pub last_fenbie: Option<usize>,
    /// The rows of the document's flattened task tables.
    rows: &'a [table::Row],
}

impl<'a> SentenceCtx<'a> {
    /// The context of sentence `si`, with its figures.
    pub fn new(doc: &'a Document, si: usize, figures: Figures, rows: &'a [table::Row]) -> Self {
        let text = doc.norm.text();
        let range = doc.seg.sentences[si].range.clone();
        let stext = &text[range.clone()];
        let marks = period::marks(text, range.clone());
        SentenceCtx {
            doc,
            text,
            index: si,
            clauses: clauses(text, range.clone()),
            in_plan: doc.structure.part[si] == Part::Plan,
            genre: doc.meta.genre,
            flags: kind::Flags::of(stext).with_dated_past(stext, doc.meta.year),
            time_words: time_words(text, range.start, &marks, &figures.deadlines),
            marks,
            figures,
            last_fenbie: stext.rfind("分别").map(|k| range.start + k),
            rows,
            range,
        }
    }

    /// The row of a flattened task table that holds byte `pos` (a figure
    /// or deadline), unless `pos` lies in the row's 责任单位 cell itself.
    pub fn row(&self, pos: usize) -> Option<&'a table::Row> {
        table::row_at(self.rows, pos).filter(|r| !r.actor.contains(&pos))
    }

    /// The sentence's text.
    pub fn text_of(&self) -> &'a str {
        &self.text[self.range.clone()]
    }

    /// The index of the clause that holds byte `pos` (the first clause when
    /// none does).
    pub fn clause_of(&self, pos: usize) -> usize {
        self.clauses.iter().position(|c| c.start <= pos && pos < c.end).unwrap_or(0)
    }
}

/// The time words cut out of a sentence's actions: the period words and
/// the deadlines (3月底前开展培训不少于2次 → 开展培训; 在3月底前 with its 在),
/// merged where they overlap (the period word 3月 inside 3月底前).
/// `start`: where the sentence starts.
fn time_words(text: &str, start: usize, marks: &[period::Mark], deadlines: &[Found]) -> Vec<Range<usize>> {
    let mut r: Vec<Range<usize>> = marks.iter().map(|m| m.range.clone()).collect();
    for d in deadlines {
        let before = &text[start..d.range.start];
        let by = ["在", "于"].iter().find(|w| before.ends_with(**w)).map_or(0, |w| w.len());
        r.push(d.range.start - by..d.range.end);
    }
    if r.len() < 2 {
        return r;
    }
    r.sort_by_key(|x| (x.start, std::cmp::Reverse(x.end)));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(r.len());
    for x in r {
        match out.last_mut() {
            Some(last) if x.start < last.end => last.end = last.end.max(x.end),
            _ => out.push(x),
        }
    }
    out
}
