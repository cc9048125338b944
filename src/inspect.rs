//! A view of how a document was read, for `taizhang inspect`.
//!
//! A document analysed whole gives an [`Inspection`]. An input of any size
//! is inspected through an [`Inspector`], which reads a large one in parts
//! ([`crate::parts`]) so that memory holds one part, whatever the input's
//! size: [`Inspector::outline`] gathers what is small (metadata, headings,
//! parts, table rows, the count of sentences) in a first pass, and
//! [`Inspector::sentences`] hands out the sentences one at a time in a
//! second. Offsets are the input's, as for an input read whole.

use crate::document::Document;
use crate::error::{Error, Result};
use crate::model::DocumentMeta;
use crate::parts::{PART_ABOVE, Parts};
use crate::source::{FileText, Input, Opened};
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

/// Everything `inspect` shows of a document analysed whole: its
/// [`Outline`] and its sentences (serialised as one object, the outline's
/// fields then `sentences`).
#[derive(Debug, Serialize)]
pub struct Inspection {
    /// The metadata, headings, parts and table rows.
    #[serde(flatten)]
    pub outline: Outline,
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
    /// Build the view of a document analysed whole; `tokens` adds the
    /// words of each sentence.
    pub fn new(doc: &Document, tokens: bool) -> Self {
        let mut walk = Walk::default();
        let mut outline = Outline::of(doc.name.clone(), doc.meta.clone());
        walk.outline(doc, &mut outline);
        let sentences = doc.own_sentences().map(|i| walk.sentence(doc, i, tokens)).collect();
        Inspection { outline, sentences }
    }
}

/// What `inspect` shows of an input but its sentences: the metadata, the
/// headings, the parts, the table rows and how many sentences there are.
#[derive(Debug, Serialize)]
pub struct Outline {
    /// The input.
    pub doc: String,
    /// Metadata.
    pub meta: DocumentMeta,
    /// Headings in document order.
    pub sections: Vec<SectionView>,
    /// The parts (review, plan) and what opened each.
    pub parts: Vec<PartView>,
    /// The rows of flattened task tables.
    pub rows: Vec<RowView>,
    /// The documents after the first of a compilation (several documents
    /// joined into one file, each read as a document of its own): where
    /// each starts, with its metadata. Empty for one document.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<DocumentView>,
    /// How many sentences [`Inspector::sentences`] gives.
    #[serde(skip)]
    pub sentences: usize,
}

/// A document of a compilation after its first.
#[derive(Debug, Serialize)]
pub struct DocumentView {
    /// The byte offset in the input where it starts (its title line).
    pub start: usize,
    /// Its metadata, inferred from its own text.
    pub meta: DocumentMeta,
}

impl Outline {
    fn of(doc: String, meta: DocumentMeta) -> Self {
        let (sections, parts, rows, documents) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        Outline { doc, meta, sections, parts, rows, documents, sentences: 0 }
    }
}

/// An input opened for `inspect`: analysed whole, or (large) read in parts
/// twice, once for its [`Outline`] and once for its sentences.
pub struct Inspector {
    name: String,
    source: Source,
    /// The size parts are cut near.
    part_bytes: usize,
}

enum Source {
    /// Analysed whole.
    Whole(Box<Document>),
    /// A large text held in memory (standard input, a docx, GB18030 text).
    Held(String),
    /// A large UTF-8 file left on disk.
    File(FileText),
}

impl Inspector {
    /// Open and read `input` (a large one is only checked: its parts are
    /// read by [`Inspector::outline`] and [`Inspector::sentences`]).
    ///
    /// # Errors
    /// As [`crate::source::read_input`]; [`Error::Internal`] when
    /// analysing the input panicked (a bug).
    pub fn open(input: &Input) -> Result<Self> {
        Self::open_with(input, PART_ABOVE, crate::parts::PART_BYTES)
    }

    /// [`Inspector::open`], reading an input of more than `above` bytes of
    /// text in parts of about `part_bytes`.
    pub(crate) fn open_with(input: &Input, above: usize, part_bytes: usize) -> Result<Self> {
        let source = match crate::source::open_input(input, above, false)? {
            Opened::Streamed(f) => Source::File(f),
            Opened::Held(src) if crate::parts::reads_in_parts(&src.text, above) => Source::Held(src.text),
            Opened::Held(src) => {
                let name = src.name.clone();
                let doc = std::panic::catch_unwind(|| Document::analyze(src.name, src.text))
                    .map_err(|p| crate::pipeline::internal(&name, p))?;
                Source::Whole(Box::new(doc))
            }
        };
        let name = match &source {
            Source::Whole(doc) => doc.name.clone(),
            Source::File(f) => f.name().to_string(),
            Source::Held(_) => input.name(),
        };
        Ok(Inspector { name, source, part_bytes })
    }

    /// Is the input read in parts (too large to analyse whole)?
    pub fn in_parts(&self) -> bool {
        !matches!(self.source, Source::Whole(_))
    }

    /// Everything but the sentences (a first pass over a large input).
    ///
    /// # Errors
    /// [`Error::Io`] when a large file cannot be read any more or has
    /// changed; [`Error::Internal`] when analysing a part panicked.
    pub fn outline(&mut self) -> Result<Outline> {
        let mut walk = Walk::default();
        if let Source::Whole(doc) = &self.source {
            let mut outline = Outline::of(self.name.clone(), doc.meta.clone());
            walk.outline(doc, &mut outline);
            return Ok(outline);
        }
        let mut outline: Option<Outline> = None;
        for part in self.parts()? {
            let (doc, _) = part?;
            let o = outline.get_or_insert_with(|| Outline::of(self.name.clone(), doc.meta.clone()));
            walk.outline(&doc, o);
        }
        // (An input read in parts has text: at least one part.)
        outline.ok_or_else(|| Error::Empty { path: self.name.clone().into() })
    }

    /// Call `each` with every sentence in order, with its index (a second
    /// pass over a large input, one part in memory at a time); `tokens`
    /// adds the words of each. Stops at the first error `each` returns.
    ///
    /// # Errors
    /// As [`Inspector::outline`], and what `each` returns.
    pub fn sentences<E: From<Error>>(
        &mut self,
        tokens: bool,
        mut each: impl FnMut(usize, SentenceView) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut walk = Walk::default();
        let mut n = 0;
        if let Source::Whole(doc) = &self.source {
            walk.map(doc, |_| {});
            for i in doc.own_sentences() {
                each(n, walk.sentence(doc, i, tokens))?;
                n += 1;
            }
            return Ok(());
        }
        for part in self.parts()? {
            let (doc, _) = part?;
            walk.map(&doc, |_| {});
            for i in doc.own_sentences() {
                each(n, walk.sentence(&doc, i, tokens))?;
                n += 1;
            }
        }
        Ok(())
    }

    /// The parts of a large input, from its start.
    fn parts(&self) -> Result<Parts> {
        let options = crate::extract::Options::default();
        Ok(match &self.source {
            Source::File(f) => Parts::streamed_with_part_bytes(f.reopen()?, options, self.part_bytes),
            Source::Held(text) => Parts::with_part_bytes(self.name.clone(), text.clone(), options, self.part_bytes),
            Source::Whole(_) => unreachable!("a document analysed whole is not read in parts"),
        }
        .analysis_only())
    }
}

/// What inspecting an input in parts carries from one part to the next.
#[derive(Default)]
struct Walk {
    /// The index among all headings of each section of the part's outline
    /// (`None`: a heading repeated as context that is not found open).
    map: Vec<Option<usize>>,
    /// The headings open where the last part ended, with their indices:
    /// the next part repeats them as context ([`crate::parts`]).
    open: Vec<(String, usize)>,
    /// Headings seen so far.
    sections: usize,
}

impl Walk {
    /// Number the headings of `doc` (one part, or a document read whole),
    /// calling `each` with the view of those of its own (not its context).
    fn map(&mut self, doc: &Document, mut each: impl FnMut(SectionView)) {
        let o = &doc.seg.outline;
        self.map.clear();
        for (i, s) in o.sections.iter().enumerate() {
            let r = doc.norm.to_source(s.title.clone());
            let title = &doc.source[r.clone()];
            if r.start < doc.origin.context {
                let found = self.open.iter().find(|(t, _)| t == title.trim()).map(|&(_, k)| k);
                self.map.push(found);
                continue;
            }
            self.map.push(Some(self.sections));
            self.sections += 1;
            each(SectionView {
                depth: o.path(Some(i)).len() - 1,
                marker: format!("{:?}", s.marker),
                title: title.to_string(),
                span: doc.source_span(s.title.clone()),
            });
        }
        let last = doc.seg.sentences.last().and_then(|s| s.section);
        let open = o.path(last).into_iter().filter_map(|i| {
            let title = doc.source_slice(o.sections[i].title.clone()).trim().to_string();
            Some((title, self.map[i]?))
        });
        self.open = open.collect();
    }

    /// Add what `doc` (one part, or a document read whole) shows but its
    /// sentences to `out`.
    fn outline(&mut self, doc: &Document, out: &mut Outline) {
        if doc.origin.opens_document {
            out.documents.push(DocumentView { start: doc.origin.offset, meta: doc.meta.clone() });
        }
        self.map(doc, |s| out.sections.push(s));
        let context = doc.origin.context;
        for p in &doc.structure.parts {
            let r = doc.norm.to_source(p.range.clone());
            if r.end <= context {
                continue;
            }
            let span = doc.source_span(p.range.clone());
            // A part open where the last part of the input ended goes on.
            if let Some(last) = out.parts.last_mut()
                && r.start <= context
                && !doc.origin.is_start()
                && last.part == p.part
            {
                last.span[1] = span[1];
                continue;
            }
            let from = r.start.max(context);
            let opening = doc.source[from..r.end].lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            out.parts.push(PartView { part: p.part, span, cue: p.cue, opening: opening.chars().take(40).collect() });
        }
        let rows = crate::extract::table::rows(doc.norm.text()).into_iter();
        out.rows.extend(rows.filter(|r| doc.norm.to_source(r.span.clone()).start >= context).map(|r| RowView {
            span: doc.source_span(r.span),
            actor: doc.source_slice(r.actor).to_string(),
            task: r.task.map(|t| doc.source_slice(t).to_string()),
        }));
        out.sentences += doc.own_sentences().len();
    }

    /// The view of sentence `i` of `doc`, once [`Walk::map`] has numbered
    /// its headings.
    fn sentence(&self, doc: &Document, i: usize, tokens: bool) -> SentenceView {
        let s = &doc.seg.sentences[i];
        let toks = if tokens {
            let text = &doc.norm.text()[s.range.clone()];
            crate::segment::words::jieba()
                .tag(text, true)
                .into_iter()
                .filter(|t| !t.word.trim().is_empty())
                .map(|t| {
                    let r = s.range.start + t.byte_start..s.range.start + t.byte_end;
                    (doc.source_slice(r.clone()).to_string(), doc.source_span(r), t.tag.to_string())
                })
                .collect()
        } else {
            Vec::new()
        };
        SentenceView {
            span: doc.source_span(s.range.clone()),
            section: s.section.and_then(|k| self.map[k]),
            text: doc.source_slice(s.range.clone()).to_string(),
            part: doc.structure.part[i],
            opens_block: doc.structure.block_start[i] == i,
            tokens: toks,
        }
    }
}

impl fmt::Display for Outline {
    /// The table's head: everything but the sentences' lines, ending with
    /// the line that announces them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.documents.is_empty() {
            writeln!(f, "compilation of {} documents (the first one's metadata below)", self.documents.len() + 1)?;
            let title = |m: &DocumentMeta| {
                let year = m.year.map_or("-".into(), |y| y.to_string());
                format!("{year}  {}", m.title.as_deref().unwrap_or("-"))
            };
            writeln!(f, "  [0..]  {}", title(&self.meta))?;
            for d in &self.documents {
                writeln!(f, "  [{}..]  {}", d.start, title(&d.meta))?;
            }
            writeln!(f)?;
        }
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
        writeln!(f, "\nsentences ({}; ¶ opens a block, R/P review or plan part)", self.sentences)
    }
}

impl SentenceView {
    /// The sentence's lines in the table, as sentence number `i`.
    pub fn table_lines(&self, i: usize) -> impl fmt::Display + '_ {
        TableLines(i, self)
    }
}

struct TableLines<'a>(usize, &'a SentenceView);

impl fmt::Display for TableLines<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let TableLines(i, s) = self;
        let mark = if s.opens_block { '¶' } else { ' ' };
        let part = if s.part == crate::structure::Part::Plan { 'P' } else { 'R' };
        writeln!(f, "  {i:>4} {mark}{part} [{}..{}] {}", s.span[0], s.span[1], s.text.trim_end())?;
        if !s.tokens.is_empty() {
            let words: Vec<String> = s.tokens.iter().map(|(w, _, t)| format!("{w}/{t}")).collect();
            writeln!(f, "       {}", words.join(" "))?;
        }
        Ok(())
    }
}

impl fmt::Display for Inspection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.outline)?;
        for (i, s) in self.sentences.iter().enumerate() {
            write!(f, "{}", s.table_lines(i))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real reports joined into one text of about 300 KB.
    fn joined() -> String {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dev/docs");
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        names.sort();
        let mut text = String::new();
        for p in names {
            if text.len() > 300_000 {
                break;
            }
            text.push_str(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{e}")));
            text.push('\n');
        }
        text
    }

    /// An input inspected in parts (from disk, and from memory) shows what
    /// the same text analysed whole shows, with the input's offsets.
    #[test]
    fn in_parts_as_whole() {
        in_parts_as_whole_for(joined());
    }

    /// Parts cut inside a long section (no heading near the cut): its
    /// heading is repeated as context, and the sentences after the cut
    /// are still in it.
    #[test]
    fn in_parts_inside_a_long_section() {
        let mut text = String::from("XX县2024年工作要点\n一、重点任务\n（一）加强监督检查\n");
        for k in 0..3000 {
            text.push_str(&format!("{}月份开展专项督查不少于{}次，新建农村公路{}公里。\n", k % 12 + 1, k % 5 + 1, k));
        }
        text.push_str("二、保障措施\n加强组织领导。\n");
        in_parts_as_whole_for(text);
    }

    /// A compilation of reports, each with its title: inspected, each
    /// document after the first is named where it starts, with its own
    /// metadata.
    #[test]
    fn the_documents_of_a_compilation() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/dev/docs");
        let mut text = String::new();
        let mut starts = Vec::new();
        for n in ["d007_zhejiang_gzbg_2025", "d008_hunan_gzbg_2025", "d016_guangdong_gzbg_2026"] {
            starts.push(text.len());
            text += std::fs::read_to_string(dir.join(format!("{n}.txt"))).unwrap_or_else(|e| panic!("{e}")).trim_end();
            text += "\n\n";
        }
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = tmp.path().join("compilation.txt");
        std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        let mut ins = Inspector::open(&Input::Path(path)).unwrap_or_else(|e| panic!("{e}"));
        assert!(ins.in_parts());
        let outline = ins.outline().unwrap_or_else(|e| panic!("{e}"));
        let got: Vec<_> = outline.documents.iter().map(|d| (d.start, d.meta.year, d.meta.title.clone())).collect();
        assert_eq!(
            got,
            vec![
                (starts[1], Some(2025), Some("2025年湖南省政府工作报告".to_string())),
                (starts[2], Some(2026), Some("政府工作报告".to_string()))
            ]
        );
        assert_eq!(outline.meta.title.as_deref(), Some("2025年浙江省政府工作报告"));
        assert!(outline.to_string().starts_with("compilation of 3 documents"));
    }

    fn in_parts_as_whole_for(text: String) {
        let whole = Inspection::new(&Document::analyze("joined.txt", text.clone()), false);
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("joined.txt");
        std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        let from_disk = Inspector::open_with(&Input::Path(path), 64 << 10, 32 << 10);
        let gbk = encoding_rs::GB18030.encode(&text).0.into_owned();
        let gbk_path = dir.path().join("joined-gbk.txt");
        std::fs::write(&gbk_path, gbk).unwrap_or_else(|e| panic!("{e}"));
        let held = Inspector::open_with(&Input::Path(gbk_path), 64 << 10, 32 << 10);
        for ins in [from_disk, held] {
            let mut ins = ins.unwrap_or_else(|e| panic!("{e}"));
            assert!(ins.in_parts());
            let outline = ins.outline().unwrap_or_else(|e| panic!("{e}"));
            let mut sentences = Vec::new();
            ins.sentences(false, |i, s| -> Result<()> {
                assert_eq!(i, sentences.len());
                sentences.push(s);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(outline.sentences, sentences.len());
            assert_eq!(outline.meta, whole.outline.meta);
            // Every heading, once, where it is in the input.
            let titles = |v: &[SectionView]| v.iter().map(|s| (s.title.clone(), s.span, s.depth)).collect::<Vec<_>>();
            assert_eq!(titles(&outline.sections), titles(&whole.outline.sections));
            // The sentences tile the input in order, each its own text.
            let mut at = 0;
            for s in &sentences {
                assert!(s.span[0] >= at, "{s:?}");
                assert_eq!(s.text, text[s.span[0]..s.span[1]], "{s:?}");
                at = s.span[1];
            }
            // Nearly every sentence is cut as when the text is read whole (a
            // cut ends a paragraph), and each such one is in the same
            // section, also after a cut inside the section.
            let section_of: std::collections::HashMap<_, _> =
                whole.sentences.iter().map(|s| (s.span, s.section.map(|k| whole.outline.sections[k].span))).collect();
            let mut same = 0;
            for s in &sentences {
                if let Some(want) = section_of.get(&s.span) {
                    same += 1;
                    assert_eq!(s.section.map(|k| outline.sections[k].span), *want, "{s:?}");
                }
            }
            assert!(same * 100 >= sentences.len() * 98, "{same} of {} as read whole", sentences.len());
            // The parts (review, plan) as read whole: same kinds, same starts.
            let starts = |v: &[PartView]| v.iter().map(|p| (p.part, p.span[0])).collect::<Vec<_>>();
            assert_eq!(starts(&outline.parts), starts(&whole.outline.parts));
            assert_eq!(outline.parts.last().map(|p| p.span[1]), Some(text.len()));
        }
    }
}
