//! Large inputs read in parts.
//!
//! A real corpus holds 汇编, 年鉴 and table dumps of tens of megabytes in one
//! file. Analysed whole, such an input holds its normalised text, sentences,
//! outline, structure and every requirement at once (about seven times its
//! size). An input of more than [`PART_ABOVE`] bytes of text is instead read
//! in parts of about [`PART_BYTES`], each analysed, extracted and handed on
//! before the next is read. A UTF-8 text file is not even read into memory:
//! it is checked in one pass of blocks ([`crate::source::open_input`]), then
//! each part is read from disk when its turn comes, so memory holds one part
//! whatever the file's size. Other large inputs (a docx, GB18030 text) hold
//! their decoded text and one part.
//!
//! A compilation (several documents joined into one file:
//! [`crate::meta::next_document_start`]) is read in parts whatever its
//! size: each document opens a part and starts afresh (its own metadata,
//! line width, structure and ids, no context), as if read alone.
//!
//! A part is cut where the text allows it to stand alone: before a heading
//! line (the outermost found near the target size), else at the end of a
//! paragraph, else after a full stop. What the requirements of a part need
//! from the text before it is carried across the cut, within a document:
//!
//! - the metadata (title, year, genre, issuer) inferred from the first part,
//!   with what it needs from all of the text (the cue words of a report, the
//!   years of the top-level headings, a responsibility period) gathered
//!   over every part first ([`crate::meta::WholeText`]);
//! - the headings of the sections still open at the cut, repeated at the
//!   head of the next part as context ([`crate::document::Origin`]): its
//!   outline starts inside them, so section paths, heading actors and the
//!   part (review, plan) a heading names carry on;
//! - the structure's state ([`crate::structure::Carry`]): the review's year,
//!   a plan opened by a sentence, the horizon;
//! - extraction's state ([`crate::extract::Carry`]): how often each sentence
//!   was seen (ids number repeated sentences across the whole input) and an
//!   open appendix of definitions.
//!
//! Byte offsets are the input's, as for a document read whole. A cut made
//! before a heading changes nothing that a heading did not already end (the
//! paragraph's actor, a run of lines); a cut that finds no heading near the
//! target (one long line, a paragraph or a flattened task table of half a
//! megabyte) ends a paragraph where the whole text would not. A part that
//! would end inside a task table's row ends before it, and the table's
//! header opens the next part, so its rows keep their 责任单位 column.

use crate::document::{Document, PartOf};
use crate::error::Result;
use crate::extract::table::OpenTable;
use crate::extract::{self, Extraction, Options};
use crate::meta::WholeText;
use crate::model::DocumentMeta;
use crate::normalize::Normalized;
use crate::segment::MarkerKind;
use crate::source::FileText;
use crate::structure;
use std::borrow::Cow;

/// An input with more bytes of text than this is read in parts.
pub const PART_ABOVE: usize = 8 << 20;

/// The window a large file is first read in for a part: the next document
/// of a compilation is looked for in it before a window of two parts.
const SHORT_WINDOW: usize = 64 << 10;

/// What is read past a line to tell it opens a document
/// ([`crate::meta::next_document_start`]: the line, and the text after it).
const LOOK_PAST: usize = crate::meta::LOOK_PAST;

/// Is a text of this many bytes read in parts: more than `above` bytes, or
/// a compilation (several documents joined into one file, each read as a
/// document of its own: [`crate::meta::next_document_start`])?
pub fn reads_in_parts(text: &str, above: usize) -> bool {
    text.len() > above || crate::meta::next_document_start(text, 0, text.len(), crate::meta::MIN_DOCUMENT).is_some()
}

/// The size a part is cut near.
pub const PART_BYTES: usize = 1 << 20;

/// The parts of one input, analysed and extracted one at a time, in order:
/// an iterator of each part's [`Document`] and [`Extraction`].
///
/// A panic while analysing a part (a bug) ends the iteration with
/// [`crate::Error::Internal`] naming the input; a file read from disk
/// that cannot be read any more, or has changed, with [`crate::Error::Io`].
pub struct Parts {
    name: String,
    text: Text,
    /// Where the next part starts.
    next: usize,
    part_bytes: usize,
    options: Options,
    meta: Option<DocumentMeta>,
    structure: structure::Carry,
    extract: extract::Carry,
    /// The heading lines that open the next part as context.
    context: String,
    /// Extract each part's requirements (off: each part is only analysed).
    requirements: bool,
    /// What reading the input in parts needs from all of it, found by the
    /// first call of `next` ([`Prepared::of`]).
    prepared: Option<Prepared>,
}

/// The text of an input read in parts: in memory, or a large UTF-8 file
/// left on disk and read a part at a time.
enum Text {
    Held(String),
    File(FileText),
}

impl Text {
    fn len(&self) -> usize {
        match self {
            Text::Held(t) => t.len(),
            Text::File(f) => f.len(),
        }
    }

    /// The text of `range`.
    fn read(&mut self, range: std::ops::Range<usize>) -> Result<Cow<'_, str>> {
        match self {
            Text::Held(t) => Ok(Cow::Borrowed(&t[range])),
            Text::File(f) => f.read(range).map(Cow::Owned),
        }
    }
}

/// What reading an input in parts needs before its first part.
struct Prepared {
    /// The width the lines of each of its documents are wrapped at (one
    /// document, but for a compilation).
    wraps: Vec<Option<usize>>,
    /// What the metadata of each of its documents takes from all of that
    /// document.
    wholes: Vec<WholeText>,
    /// Where the documents after the first start (a compilation,
    /// [`crate::meta::next_document_start`]): each opens a part.
    documents: Vec<usize>,
    /// Where each part ends: planned before the first part, and moved back
    /// as parts are read when one would end inside a task table's row.
    ends: Vec<usize>,
}

impl Prepared {
    /// Read `text` for parts of about `part_bytes`: every part is cut (at
    /// the latest where the next document of a compilation starts), then
    /// normalised for [`WholeText`] and dropped.
    fn of(text: &mut Text, part_bytes: usize) -> Result<Self> {
        let mut ends = Vec::new();
        let mut documents = Vec::new();
        // The wrap width of each document, gathered as its parts are cut.
        let mut widths = vec![crate::normalize::WrapWidth::default()];
        // The wrap width of the whole text: that of its one document, unless
        // it is a compilation.
        let whole_wrap = match text {
            Text::Held(t) => crate::normalize::wrap_width(t),
            Text::File(f) => f.wrap_width(),
        };
        let mut whole = WholeText::default();
        let mut at = 0;
        // Where the current document starts.
        let mut doc = 0;
        // (`base`: where `t` starts in the text.)
        let next_document = |t: &str, from: usize, to: usize, doc: usize, base: usize| {
            crate::meta::next_document_start(t, from, to, (doc + crate::meta::MIN_DOCUMENT).saturating_sub(base))
        };
        // A document of a compilation starts within the longest part
        // `cut` gives (later ones are found from the next part).
        let reach = part_bytes + part_bytes / 2;
        while at < text.len() {
            let (end, opens) = match text {
                Text::Held(t) => {
                    let opens = at > 0 && next_document(t, at, at + 1, doc, 0) == Some(at);
                    let d = if opens { at } else { doc };
                    // (The cut is looked for before the next document only:
                    // a compilation of short documents is read in time
                    // linear in its size.)
                    let end = next_document(t, at, t.len().min(at + reach), d, 0).unwrap_or(t.len());
                    let end = cut(&t[..end], at, part_bytes);
                    if opens {
                        widths.push(crate::normalize::WrapWidth::default());
                    }
                    if let Some(w) = widths.last_mut() {
                        w.feed(&t[at..end]);
                    }
                    if documents.is_empty() && !opens {
                        whole.add(Normalized::with_wrap_width(&t[at..end], whole_wrap).text());
                    }
                    (end, opens)
                }
                // `cut` reads nothing past two parts on: a window of two
                // parts is the text from `at` as far as it can tell. A short
                // window is read first: a compilation of short documents
                // reads each document once, not two parts' worth for each.
                Text::File(f) => {
                    let total = f.len();
                    // How far the window lets a title be told (with the lines
                    // after it that `next_document_start` reads).
                    let to = |w: &str| {
                        let seen = if at + w.len() >= total { w.len() } else { w.len().saturating_sub(LOOK_PAST) };
                        seen.min(reach)
                    };
                    let mut size = SHORT_WINDOW.min(2 * part_bytes);
                    let mut window = f.window(at, size)?;
                    let opens = at > 0 && next_document(&window, 0, 1, doc, at) == Some(0);
                    let d = if opens { at } else { doc };
                    // The window grows fourfold until it holds the next
                    // document, the end or two parts.
                    let mut found = next_document(&window, 0, to(&window), d, at);
                    while found.is_none() && at + window.len() < total && size < 2 * part_bytes {
                        size = (4 * size).min(2 * part_bytes);
                        window = f.window(at, size)?;
                        found = next_document(&window, 0, to(&window), d, at);
                    }
                    let k = cut(&window[..found.unwrap_or(window.len())], 0, part_bytes);
                    if opens {
                        widths.push(crate::normalize::WrapWidth::default());
                    }
                    if let Some(w) = widths.last_mut() {
                        w.feed(&window[..k]);
                    }
                    if documents.is_empty() && !opens {
                        whole.add(Normalized::with_wrap_width(&window[..k], whole_wrap).text());
                    }
                    (at + k, opens)
                }
            };
            if opens {
                documents.push(at);
                doc = at;
            }
            ends.push(end);
            at = end;
        }
        // One document: its wrap width and what its metadata takes from
        // it were gathered as it was cut. A compilation's documents each
        // have their own: read again, document by document.
        if documents.is_empty() {
            return Ok(Prepared { wraps: vec![whole_wrap], wholes: vec![whole], documents, ends });
        }
        let wraps: Vec<Option<usize>> = widths.into_iter().map(|w| w.finish()).collect();
        let mut wholes: Vec<WholeText> = wraps.iter().map(|_| WholeText::default()).collect();
        let mut start = 0;
        for &end in &ends {
            let d = documents.partition_point(|&s| s <= start);
            let part = text.read(start..end)?;
            wholes[d].add(Normalized::with_wrap_width(&part, wraps[d]).text());
            start = end;
        }
        Ok(Prepared { wraps, wholes, documents, ends })
    }

    /// The index of the document the text at `at` belongs to.
    fn document_of(&self, at: usize) -> usize {
        self.documents.partition_point(|&s| s <= at)
    }
}

impl Parts {
    /// Read `text`, the input named `name`, in parts of about [`PART_BYTES`].
    pub fn new(name: impl Into<String>, text: String, options: Options) -> Self {
        Self::with_part_bytes(name, text, options, PART_BYTES)
    }

    /// [`Parts::new`] with parts of about `part_bytes` (at least 1 KB).
    pub fn with_part_bytes(name: impl Into<String>, text: String, options: Options, part_bytes: usize) -> Self {
        Parts {
            name: name.into(),
            next: 0,
            part_bytes: part_bytes.max(1024),
            options,
            meta: None,
            structure: structure::Carry::default(),
            extract: extract::Carry::default(),
            context: String::new(),
            requirements: true,
            prepared: None,
            text: Text::Held(text),
        }
    }

    /// Read a large UTF-8 file from disk in parts of about [`PART_BYTES`]:
    /// only the part being read is in memory, and the same requirements
    /// come as from [`Parts::new`] over its text.
    pub fn streamed(file: FileText, options: Options) -> Self {
        Self::streamed_with_part_bytes(file, options, PART_BYTES)
    }

    /// [`Parts::streamed`] with parts of about `part_bytes` (at least 1 KB).
    pub fn streamed_with_part_bytes(file: FileText, options: Options, part_bytes: usize) -> Self {
        let name = file.name().to_string();
        let mut parts = Self::with_part_bytes(name, String::new(), options, part_bytes);
        parts.text = Text::File(file);
        parts
    }

    /// Analyse the parts only: each comes with an empty [`Extraction`]
    /// (`inspect` shows how a text was read, not its requirements).
    pub fn analysis_only(mut self) -> Self {
        self.requirements = false;
        self
    }

    /// The length of the input's text in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// Whether the input's text is empty (never, for an input read).
    pub fn is_empty(&self) -> bool {
        self.text.len() == 0
    }
}

impl Iterator for Parts {
    type Item = Result<(Document, Extraction)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.text.len() {
            return None;
        }
        let start = self.next;
        // Nothing more after this part if it fails.
        self.next = self.text.len();
        // A document of a compilation after the first starts afresh: its
        // own metadata, structure and ids, and no context.
        let opens_document = self.prepared.as_ref().is_some_and(|p| p.documents.binary_search(&start).is_ok());
        if opens_document {
            self.meta = None;
            self.structure = structure::Carry::default();
            self.extract = extract::Carry::default();
            self.context.clear();
        }
        let (text, context, part_bytes) = (&mut self.text, &self.context, self.part_bytes);
        let (name, options, extract) = (self.name.clone(), self.options, &mut self.extract);
        let requirements = self.requirements;
        let (meta, structure, prepared) = (self.meta.as_ref(), &self.structure, &mut self.prepared);
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| -> Result<_> {
            let p = match prepared.take() {
                Some(p) => p,
                None => Prepared::of(text, part_bytes)?,
            };
            let p = prepared.insert(p);
            let i = p.ends.partition_point(|&e| e <= start);
            let d = p.document_of(start);
            let mut end = p.ends[i];
            let own = text.read(start..end)?;
            let mut source = String::with_capacity(context.len() + end - start);
            source.push_str(context);
            source.push_str(&own);
            drop(own);
            // A task table cut inside a row: the part ends before the row,
            // which the next part reads whole (after the table's header).
            // (Not the last part, whose end is the input's.) Only the
            // normalised text is needed to tell, so a part is analysed once.
            // The table open where the part ends is asked once and handed to
            // `open_headings` (again only for a part so shortened).
            let mut norm = Normalized::with_wrap_width(&source, p.wraps[d]);
            let mut open = crate::extract::table::open_at_end(norm.text());
            if i + 1 < p.ends.len()
                && p.documents.binary_search(&end).is_err()
                && let Some((_, Some(row))) = &open
            {
                let at = start + norm.to_source(row.start..row.start).start.saturating_sub(context.len());
                if start < at && at < end {
                    source.truncate(context.len() + at - start);
                    norm = Normalized::with_wrap_width(&source, p.wraps[d]);
                    open = crate::extract::table::open_at_end(norm.text());
                    end = at;
                }
            }
            let part = PartOf {
                context: context.len(),
                offset: start,
                meta,
                whole: Some(&p.wholes[d]),
                opens_document,
                wrap_width: p.wraps[d],
                carry: structure,
            };
            let (doc, carry) = Document::analyze_normalized_part(name, source, norm, part);
            p.ends[i] = end;
            let ex = if requirements { extract::extract_part(&doc, options, extract) } else { Extraction::default() };
            let next_context = open_headings(&doc, open);
            Ok((end, doc, ex, carry, next_context))
        }));
        match run {
            Ok(Err(e)) => Some(Err(e)),
            Ok(Ok((end, doc, ex, carry, next_context))) => {
                self.next = end;
                if self.meta.is_none() {
                    self.meta = Some(doc.meta.clone());
                }
                self.structure = carry;
                self.context = next_context;
                Some(Ok((doc, ex)))
            }
            Err(p) => Some(Err(crate::pipeline::internal(&self.name, p))),
        }
    }
}

/// The context that opens the part after `doc`: the heading lines of the
/// sections open where `doc` ends (outermost first), each after the
/// paragraph that leads in to its run of items (一年来，我们…主要做了以下工作：
/// gives its actor to each item, the items after the cut too), as source text;
/// or, where `table` (the task table open at `doc`'s end, as
/// [`crate::extract::table::open_at_end`] gives it) is one, its header.
fn open_headings(doc: &Document, table: Option<OpenTable>) -> String {
    let outline = &doc.seg.outline;
    let sents = &doc.seg.sentences;
    let text = doc.norm.text();
    let last = sents.last().and_then(|s| s.section);
    let runs = crate::extract::actor::scope::Runs::of(outline);
    // (The title lines are no lead-in: read whole, they give no subject.)
    let title_end = crate::meta::title_range(text).filter(|_| doc.origin.is_start()).map_or(0, |t| t.end);
    let after_title = |from: usize| from >= title_end;
    let mut out = String::new();
    // (An inline 二是 item is no heading of a line: a cut at a line closes it.)
    for i in outline.path(last).into_iter().filter(|&i| outline.opens_line(text, i)) {
        let s = &outline.sections[i];
        let first = if s.marker == MarkerKind::Enum { runs.enums[i] } else { runs.siblings[i] };
        let first = outline.sections[first].range.start;
        // The lead-in: the paragraph that ends right before the run, when it
        // is text inside the parent section (not a heading, not the title).
        let lead = sents.partition_point(|t| t.range.end <= first).checked_sub(1).and_then(|j| {
            let from = sents[doc.structure.block_start[j]].range.start;
            let after_parent = s.parent.map_or(after_title(from), |p| from >= outline.sections[p].title.end);
            let heading = sents[j].section.is_some_and(|k| outline.sections[k].title.start == sents[j].range.start);
            (after_parent && !heading && sents[j].range.end - from <= MAX_LEAD_IN)
                .then(|| doc.source_slice(from..sents[j].range.end).trim())
        });
        if let Some(lead) = lead.filter(|l| !l.is_empty()) {
            out.push_str(lead);
            out.push('\n');
        }
        let title = doc.source_slice(s.title.clone()).trim();
        if !title.is_empty() && !title.contains('\n') {
            out.push_str(title);
            out.push('\n');
        }
    }
    // A task table open at the cut: its header, so that the next part reads
    // its rows with the table's columns (in place of the last paragraph, one
    // of its cells). The part ends before a row it would cut, unless the row
    // is longer than a part: then a short one is repeated too.
    if let Some((header, row)) = table {
        out.push_str(doc.source_slice(header).trim());
        out.push('\n');
        let row = row.map(|r| doc.source_slice(r).trim()).filter(|r| !r.is_empty() && r.len() <= MAX_LEAD_IN);
        if let Some(row) = row {
            out.push_str(row);
            out.push('\n');
        }
        return out;
    }
    // The part's last paragraph, which may lead in to a run of items that
    // the next part opens with (主要做了以下工作。 | 一是…).
    if let Some(j) = sents.len().checked_sub(1).filter(|&j| j >= doc.origin.context_sentences) {
        let from = sents[doc.structure.block_start[j].max(doc.origin.context_sentences)].range.start;
        let heading = sents[j].section.is_some_and(|k| outline.sections[k].title.start == sents[j].range.start);
        let inside = last.map_or(after_title(from), |k| from >= outline.sections[k].title.end);
        if !heading && inside && sents[j].range.end - from <= MAX_LEAD_IN {
            let lead = doc.source_slice(from..sents[j].range.end).trim();
            if !lead.is_empty() {
                out.push_str(lead);
                out.push('\n');
            }
        }
    }
    out
}

/// The longest lead-in paragraph repeated as context.
const MAX_LEAD_IN: usize = 4096;

/// Where the part of `text` that starts at `from` ends: about `part` bytes
/// on, before the outermost heading line in the half part after that, else
/// at the first paragraph end there, else after the first full stop, else
/// at a character boundary. The rest of the text is one part when it is no
/// more than one and a half parts long.
///
/// It reads nothing outside the part's start and two parts on (the
/// `limit`): a large file read from disk gives it a window of two parts,
/// and the cut is the same as over its whole text.
fn cut(text: &str, from: usize, part: usize) -> usize {
    if text.len() - from <= part + part / 2 {
        return text.len();
    }
    let b = text.as_bytes();
    let target = from + part;
    let window_end = target + part / 2;
    let mut limit = (from + 2 * part).min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    // (rank, line start) of the outermost heading line; the first paragraph end.
    let mut heading: Option<(u8, usize)> = None;
    let mut paragraph: Option<usize> = None;
    let mut line = memchr::memchr(b'\n', &b[target..window_end]).map(|k| target + k + 1);
    while let Some(ls) = line.filter(|&ls| ls < window_end) {
        let le = memchr::memchr(b'\n', &b[ls..limit]).map_or(limit, |k| ls + k);
        if let Some(rank) = heading_rank(&text[ls..le])
            && heading.is_none_or(|(r, _)| rank < r)
        {
            heading = Some((rank, ls));
        }
        if paragraph.is_none() {
            let prev = text[from..ls - 1].trim_end_matches(['\r', ' ', '\t', '\u{3000}']);
            if prev.ends_with(['。', '！', '？', '；']) {
                paragraph = Some(ls);
            }
        }
        line = Some(le + 1);
    }
    if let Some((_, at)) = heading {
        return at;
    }
    if let Some(at) = paragraph {
        return past_blank_lines(text, at, limit);
    }
    if let Some(k) = memchr::memmem::find(&b[target..window_end], "。".as_bytes()) {
        return target + k + "。".len();
    }
    let mut at = window_end;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `at` (a line start) moved past the blank lines there, up to `limit`:
/// the normaliser gives a run of breaks to the sentence before it, so a
/// part ends after it.
fn past_blank_lines(text: &str, mut at: usize, limit: usize) -> usize {
    let blank = |c: char| c.is_whitespace() || crate::normalize::is_invisible(c);
    while let Some(nl) = memchr::memchr(b'\n', &text.as_bytes()[at..limit]) {
        if !text[at..at + nl].chars().all(blank) {
            break;
        }
        at += nl + 1;
    }
    at
}

/// The rank of the heading marker opening a source line (0 outermost; a
/// line that opens with 一是 is the innermost).
fn heading_rank(line: &str) -> Option<u8> {
    let line = line.trim_start_matches([' ', '\t', '\u{3000}']);
    let head = &line[..crate::util::char_prefix_len(line, 12)];
    let norm = crate::normalize::Normalized::new(head);
    crate::segment::section::marker(norm.text()).map(crate::segment::section::rank)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_before_the_outermost_heading_near_the_target() {
        let line = "年内开展督查不少于2次。\n";
        let text = format!(
            "{}（一）小标题\n{}二、大标题\n{}",
            line.repeat(4200 / line.len()),
            line.repeat(10),
            line.repeat(1000)
        );
        let at = cut(&text, 0, 4096);
        assert!(text[at..].starts_with("二、大标题"), "{at}");
        // No heading in reach: a paragraph end.
        let plain = "年内开展督查不少于2次。\n".repeat(1000);
        let at = cut(&plain, 0, 4096);
        assert!(at > 4096 && plain[..at].ends_with("。\n"));
        // One long line: after a full stop.
        let line = "年内开展督查不少于2次。".repeat(1000);
        let at = cut(&line, 0, 4096);
        assert!(at > 4096 && line[..at].ends_with('。'));
        // No stop at all: a character boundary.
        let run = "督".repeat(10_000);
        let at = cut(&run, 0, 4096);
        assert!(run.is_char_boundary(at) && at > 4096);
        // The tail is no more than one and a half parts: one part.
        assert_eq!(cut(&plain, plain.len() - 5000, 4096), plain.len());
    }

    #[test]
    fn heading_ranks() {
        assert_eq!(heading_rank("一、总体要求"), Some(2));
        assert_eq!(heading_rank("　（二）加强领导"), Some(3));
        assert_eq!(heading_rank("1．开展督查"), Some(4));
        assert_eq!(heading_rank("一是加强领导"), Some(7));
        assert_eq!(heading_rank("2024年完成"), None);
    }
}
