//! The plain context the field resolvers read: one sentence after the
//! document pass (structure) and the sentence pass (figures) are done.
//! Everything here is computed once per sentence, however many figures the
//! sentence holds.

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
    /// Where they are (cut out of actions).
    pub period_ranges: Vec<Range<usize>>,
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
            period_ranges: marks.iter().map(|m| m.range.clone()).collect(),
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
