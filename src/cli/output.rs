//! Printing requirements: table for people, json/jsonl/csv for programs.

use super::Format;
use std::io::{self, Write};
use taizhang::Requirement;
use taizhang::extract::Rejection;

/// Writes requirements in one format, streaming where the format allows.
pub struct ReqWriter<W: Write> {
    out: W,
    format: Format,
    table_rows: Vec<Requirement>,
    first: bool,
}

/// One CSV record, quoted as needed.
fn csv_line<I: IntoIterator<Item = T>, T: AsRef<[u8]>>(rec: I) -> io::Result<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    w.write_record(rec)?;
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

const CSV_HEADER: &[&str] = &[
    "doc",
    "id",
    "kind",
    "modality",
    "raw",
    "span_start",
    "span_end",
    "comparator",
    "value",
    "value_max",
    "unit",
    "placeholder",
    "period",
    "per_year",
    "deadline",
    "deadline_date",
    "actor",
    "action",
    "section",
    "sentence",
];

fn num(v: Option<f64>) -> String {
    v.map(|x| if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") })
        .unwrap_or_default()
}

/// The CSV fields of one requirement, in [`CSV_HEADER`]'s order.
fn csv_record(r: &Requirement) -> Vec<String> {
    let q = r.quantity.as_ref();
    vec![
        r.doc.clone(),
        r.id.clone(),
        format!("{:?}", r.kind).to_lowercase(),
        serde_json::to_value(r.modality).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default(),
        q.map(|q| q.raw.clone()).unwrap_or_default(),
        q.map(|q| q.span[0].to_string()).unwrap_or_default(),
        q.map(|q| q.span[1].to_string()).unwrap_or_default(),
        q.map(|q| q.comparator.symbol().to_string()).unwrap_or_default(),
        num(q.and_then(|q| q.value)),
        num(q.and_then(|q| q.value_max)),
        q.and_then(|q| q.unit.clone()).unwrap_or_default(),
        q.map(|q| q.placeholder.to_string()).unwrap_or_default(),
        r.period.as_ref().map(|p| p.raw.clone()).unwrap_or_default(),
        num(r.period.as_ref().and_then(|p| p.per_year)),
        r.deadline.as_ref().map(|d| d.raw.clone()).unwrap_or_default(),
        r.deadline.as_ref().and_then(|d| d.date.clone()).unwrap_or_default(),
        r.actor.clone().unwrap_or_default(),
        r.action.clone().unwrap_or_default(),
        r.section.join(" > "),
        r.sentence.to_string(),
    ]
}

/// The requirements of one document made ready to write: encoded where the
/// format streams (on the worker thread that extracted them, so the thread
/// writing the output only copies bytes), kept for the table otherwise.
pub enum Rendered {
    /// jsonl lines, json records each after `,\n`, or csv lines.
    Bytes(Vec<u8>),
    /// Rows of the table, printed at the end.
    Rows(Vec<Requirement>),
    /// The requirements of a large document, encoded by the writer a slice
    /// at a time ([`DEFER_ABOVE`]), so that its whole output is never held
    /// in memory beside them.
    Deferred(Vec<Requirement>),
}

/// A document with more requirements than this has them encoded as they are
/// written ([`Rendered::Deferred`]): about 850 bytes each in jsonl, so a
/// document's output held whole stays under about 4 MB.
pub const DEFER_ABOVE: usize = 4096;

/// Requirements encoded at a time for a [`Rendered::Deferred`] document.
const DEFERRED_SLICE: usize = 512;

/// [`render`] for a document's own requirements: deferred to the writer
/// when there are more than [`DEFER_ABOVE`] (and the format is not the
/// table, which holds its rows anyway).
///
/// # Errors
/// As [`render`].
pub fn render_owned(format: Format, reqs: Vec<Requirement>) -> io::Result<Rendered> {
    if reqs.len() > DEFER_ABOVE && format != Format::Table {
        return Ok(Rendered::Deferred(reqs));
    }
    render(format, &reqs)
}

/// Encode `reqs` in `format` ([`Rendered`]).
///
/// # Errors
/// When a requirement cannot be encoded (serde_json or csv failing).
pub fn render<'a>(format: Format, reqs: impl IntoIterator<Item = &'a Requirement>) -> io::Result<Rendered> {
    let reqs = reqs.into_iter();
    // About 850 bytes a requirement in jsonl: room for most documents at once.
    let mut out = Vec::with_capacity(if format == Format::Table { 0 } else { reqs.size_hint().0 * 1024 });
    // The hand-written encoder (taizhang::model::json) writes what
    // serde_json writes, sharing the encoding of a sentence's and a
    // document's common fields between their requirements.
    let mut enc = taizhang::model::json::Encoder::new();
    match format {
        Format::Table => return Ok(Rendered::Rows(reqs.cloned().collect())),
        Format::Jsonl => {
            for r in reqs {
                enc.write(&mut out, r);
                out.push(b'\n');
            }
        }
        Format::Json => {
            for r in reqs {
                out.extend_from_slice(b",\n");
                enc.write(&mut out, r);
            }
        }
        Format::Csv => {
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(&mut out);
            for r in reqs {
                w.write_record(csv_record(r))?;
            }
            w.flush()?;
        }
    }
    Ok(Rendered::Bytes(out))
}

impl<W: Write> ReqWriter<W> {
    /// A writer for `format` on `out`.
    pub fn new(out: W, format: Format) -> Self {
        ReqWriter { out, format, table_rows: Vec::new(), first: true }
    }

    /// Write what [`render`] made for this writer's format.
    pub fn write_rendered(&mut self, rendered: Rendered) -> io::Result<()> {
        let bytes = match rendered {
            Rendered::Rows(rows) => {
                self.table_rows.extend(rows);
                return Ok(());
            }
            Rendered::Deferred(reqs) => {
                for slice in reqs.chunks(DEFERRED_SLICE) {
                    let r = render(self.format, slice)?;
                    self.write_rendered(r)?;
                }
                return Ok(());
            }
            Rendered::Bytes(b) if b.is_empty() => return Ok(()),
            Rendered::Bytes(b) => b,
        };
        let first = std::mem::replace(&mut self.first, false);
        match self.format {
            Format::Json if first => {
                self.out.write_all(b"[\n")?;
                self.out.write_all(bytes.strip_prefix(b",\n").unwrap_or(&bytes))
            }
            Format::Csv if first => {
                self.out.write_all("\u{feff}".as_bytes())?;
                self.out.write_all(&csv_line(CSV_HEADER)?)?;
                self.out.write_all(&bytes)
            }
            _ => self.out.write_all(&bytes),
        }
    }

    /// Finish the output (close the JSON array, print the table).
    /// Hand what is written so far on (a streaming run flushes after each
    /// window, so a reader downstream sees records as they are done).
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// Finish the output.
    pub fn finish(mut self) -> io::Result<()> {
        match self.format {
            Format::Json => self.out.write_all(if self.first { b"[]\n" } else { b"\n]\n" }),
            Format::Csv if self.first => {
                self.out.write_all("\u{feff}".as_bytes())?;
                self.out.write_all(&csv_line(CSV_HEADER)?)
            }
            // No frame around nothing: the summary on stderr says 0 requirements.
            Format::Table if self.table_rows.is_empty() => Ok(()),
            Format::Table => {
                let mut t = comfy_table::Table::new();
                t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
                t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
                if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                    t.set_width(160);
                }
                t.set_header(["doc", "kind", "section", "actor", "action", "quantity", "period", "deadline"]);
                for r in &self.table_rows {
                    let doc = std::path::Path::new(&r.doc)
                        .file_name()
                        .map_or(r.doc.clone(), |f| f.to_string_lossy().into_owned());
                    let q = r
                        .quantity
                        .as_ref()
                        .map(|q| {
                            format!(
                                "{} ({} {}{})",
                                q.raw,
                                q.comparator.symbol(),
                                q.value.map_or("?".into(), |v| num(Some(v))),
                                q.unit.as_deref().unwrap_or("")
                            )
                        })
                        .unwrap_or_default();
                    t.add_row(vec![
                        doc,
                        format!("{:?}", r.kind).to_lowercase(),
                        r.section.last().cloned().unwrap_or_default().chars().take(18).collect(),
                        r.actor.clone().unwrap_or_default(),
                        r.action.clone().unwrap_or_default().chars().take(30).collect(),
                        q,
                        r.period.as_ref().map(|p| p.raw.clone()).unwrap_or_default(),
                        r.deadline
                            .as_ref()
                            .map(|d| format!("{} {}", d.raw, d.date.as_deref().unwrap_or("")))
                            .unwrap_or_default(),
                    ]);
                }
                writeln!(self.out, "{t}")
            }
            _ => Ok(()),
        }?;
        self.out.flush()
    }
}

/// The `--explain` lines of `rejections` (tab-separated: `rejected`, rule,
/// document, span, figure), made on the worker thread.
pub fn explain_lines(rejections: &[Rejection]) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    for rj in rejections {
        let _ = writeln!(s, "rejected\t{}\t{}\t[{}, {}]\t{}", rj.rule, rj.doc, rj.span[0], rj.span[1], rj.raw);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a writer for `format` writes of `rendered`, framed.
    fn written(format: Format, rendered: Vec<Rendered>) -> Vec<u8> {
        let mut buf = Vec::new();
        let mut w = ReqWriter::new(&mut buf, format);
        for r in rendered {
            w.write_rendered(r).expect("write");
        }
        w.finish().expect("finish");
        buf
    }

    /// A large document's requirements, encoded a slice at a time as they
    /// are written, come out byte for byte as when encoded whole.
    #[test]
    fn a_deferred_document_writes_what_an_encoded_one_does() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/001_bd2d67b045b86009.txt");
        let text = std::fs::read_to_string(path).expect("corpus");
        let doc = taizhang::document::Document::analyze("a.txt", text);
        let one = taizhang::extract::extract(&doc).requirements;
        assert!(one.len() > 3);
        let many: Vec<Requirement> = one.iter().cycle().take(DEFER_ABOVE + DEFERRED_SLICE + 7).cloned().collect();
        for format in [Format::Jsonl, Format::Json, Format::Csv] {
            let deferred = render_owned(format, many.clone()).expect("render");
            assert!(matches!(deferred, Rendered::Deferred(_)), "{format:?}");
            let whole = render(format, &many).expect("render");
            // Before and after a small document, as in a run.
            let small = || render(format, &one).expect("render");
            assert_eq!(
                written(format, vec![small(), deferred, small()]),
                written(format, vec![small(), whole, small()]),
                "{format:?}"
            );
        }
        assert!(matches!(render_owned(Format::Jsonl, one).expect("render"), Rendered::Bytes(_)));
    }
}
