//! A view of how a document was read, for `taizhang inspect`.

use crate::document::Document;
use crate::model::DocumentMeta;
use serde::Serialize;
use std::fmt;

/// One heading.
#[derive(Debug, Serialize)]
pub struct SectionView {
    /// Depth in the tree (0 = outermost).
    pub depth: usize,
    /// Marker style.
    pub marker: String,
    /// Title as written.
    pub title: String,
    /// Byte span of the title in the source text.
    pub span: [usize; 2],
}

/// One sentence.
#[derive(Debug, Serialize)]
pub struct SentenceView {
    /// Byte span in the source text.
    pub span: [usize; 2],
    /// Index of the innermost section.
    pub section: Option<usize>,
    /// The sentence as written.
    pub text: String,
    /// The part it belongs to (review or plan).
    pub part: crate::structure::Part,
    /// It opens a block (a paragraph: step 3 of the actor rule stops here).
    pub opens_block: bool,
    /// Words with their source byte spans and tags (with `--tokens`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<(String, [usize; 2], String)>,
}

/// Everything `inspect` shows.
#[derive(Debug, Serialize)]
pub struct Inspection {
    /// The input.
    pub doc: String,
    /// Metadata.
    pub meta: DocumentMeta,
    /// Headings in document order.
    pub sections: Vec<SectionView>,
    /// The parts (review, plan) and what opened each.
    pub parts: Vec<PartView>,
    /// The rows of flattened task tables (cell per line, `|` separators,
    /// .docx tables), each read as one unit.
    pub rows: Vec<RowView>,
    /// Sentences in order.
    pub sentences: Vec<SentenceView>,
}

/// One row of a flattened task table.
#[derive(Debug, Serialize)]
pub struct RowView {
    /// Byte span of the row in the source text.
    pub span: [usize; 2],
    /// The 责任单位 cell: the actor of the row's figures.
    pub actor: String,
    /// The task cell, when the header names one: the action of a figure
    /// whose own cell names none.
    pub task: Option<String>,
}

/// One part of the document.
#[derive(Debug, Serialize)]
pub struct PartView {
    /// Review or plan.
    pub part: crate::structure::Part,
    /// Byte span in the source text.
    pub span: [usize; 2],
    /// What opened it: `document`, `heading` or `opening sentence`.
    pub cue: &'static str,
    /// The first line of the part, as written.
    pub opening: String,
}

impl Inspection {
    /// Build the view; `tokens` adds the words of each sentence.
    pub fn new(doc: &Document, tokens: bool) -> Self {
        let o = &doc.seg.outline;
        let text = doc.norm.text();
        let sections = o
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let r = doc.norm.to_source(s.title.clone());
                SectionView {
                    depth: o.path(Some(i)).len() - 1,
                    marker: format!("{:?}", s.marker),
                    title: doc.source[r.clone()].to_string(),
                    span: [r.start, r.end],
                }
            })
            .collect();
        let sentences = doc
            .seg
            .sentences
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let r = doc.norm.to_source(s.range.clone());
                let toks = if tokens {
                    let st = &text[s.range.clone()];
                    crate::segment::words::jieba()
                        .tag(st, true)
                        .into_iter()
                        .filter(|t| !t.word.trim().is_empty())
                        .map(|t| {
                            let sr = doc.norm.to_source(s.range.start + t.byte_start..s.range.start + t.byte_end);
                            (doc.source[sr.clone()].to_string(), [sr.start, sr.end], t.tag.to_string())
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                SentenceView {
                    span: [r.start, r.end],
                    section: s.section,
                    text: doc.source[r].to_string(),
                    part: doc.structure.part[i],
                    opens_block: doc.structure.block_start[i] == i,
                    tokens: toks,
                }
            })
            .collect();
        let parts = doc
            .structure
            .parts
            .iter()
            .map(|p| {
                let r = doc.norm.to_source(p.range.clone());
                let opening = doc.source[r.clone()].lines().find(|l| !l.trim().is_empty()).unwrap_or("");
                PartView {
                    part: p.part,
                    span: [r.start, r.end],
                    cue: p.cue,
                    opening: opening.chars().take(40).collect(),
                }
            })
            .collect();
        let rows = crate::extract::table::rows(text)
            .into_iter()
            .map(|r| RowView {
                span: doc.source_span(r.span),
                actor: doc.source_slice(r.actor).to_string(),
                task: r.task.map(|t| doc.source_slice(t).to_string()),
            })
            .collect();
        Inspection { doc: doc.name.clone(), meta: doc.meta.clone(), sections, parts, rows, sentences }
    }
}

impl fmt::Display for Inspection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = &self.meta;
        let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        writeln!(f, "document  {}", self.doc)?;
        writeln!(f, "title     {}", opt(&m.title))?;
        writeln!(f, "year      {}", m.year.map_or("-".into(), |y| y.to_string()))?;
        writeln!(f, "genre     {:?}", m.genre)?;
        writeln!(f, "doc_type  {}", opt(&m.doc_type))?;
        writeln!(f, "issuer    {}", opt(&m.issuer))?;
        writeln!(f, "period    {}", m.period.as_ref().map_or("-".into(), |p| format!("{} – {}", p.start, p.end)))?;
        writeln!(f, "\nsections ({})", self.sections.len())?;
        for s in &self.sections {
            writeln!(f, "  {}{}  [{}..{}]", "  ".repeat(s.depth), s.title, s.span[0], s.span[1])?;
        }
        writeln!(f, "\nparts ({})", self.parts.len())?;
        for p in &self.parts {
            writeln!(f, "  {:?}  [{}..{}]  from the {}: {}", p.part, p.span[0], p.span[1], p.cue, p.opening.trim())?;
        }
        if !self.rows.is_empty() {
            writeln!(f, "\ntable rows ({})", self.rows.len())?;
            for r in &self.rows {
                let task = r.task.as_deref().unwrap_or("-");
                writeln!(f, "  [{}..{}]  责任单位 {}  任务 {}", r.span[0], r.span[1], r.actor, task)?;
            }
        }
        writeln!(f, "\nsentences ({}; ¶ opens a block, R/P review or plan part)", self.sentences.len())?;
        for (i, s) in self.sentences.iter().enumerate() {
            let mark = if s.opens_block { '¶' } else { ' ' };
            let part = if s.part == crate::structure::Part::Plan { 'P' } else { 'R' };
            writeln!(f, "  {i:>4} {mark}{part} [{}..{}] {}", s.span[0], s.span[1], s.text.trim_end())?;
            if !s.tokens.is_empty() {
                let words: Vec<String> = s.tokens.iter().map(|(w, _, t)| format!("{w}/{t}")).collect();
                writeln!(f, "       {}", words.join(" "))?;
            }
        }
        Ok(())
    }
}
