//! `taizhang text` and `taizhang inspect`.

use super::Format;
use std::io::{self, Write};
use std::path::PathBuf;
use taizhang::inspect::{Inspector, Outline};
use taizhang::source::{Input, Opened, open_input};

/// Arguments of `text`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The file (`-` for standard input).
    pub path: PathBuf,
}

/// Arguments of `inspect`.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {
    /// The file (`-` for standard input).
    pub path: PathBuf,
    /// Output format: table for people; json (one object), jsonl (one
    /// record per line: document, section, part, row, sentence) or csv
    /// (the sentences) for programs.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Also list the words of every sentence.
    #[arg(long)]
    pub tokens: bool,
}

fn input(p: &std::path::Path) -> Input {
    if p.as_os_str() == "-" { Input::Stdin } else { Input::Path(p.to_path_buf()) }
}

/// Run `text`. A large UTF-8 file is copied out a block at a time, as
/// checked (never held whole).
pub fn run(args: Args) -> io::Result<i32> {
    let mut out = io::stdout().lock();
    let failed = match open_input(&input(&args.path), BLOCK, false) {
        Ok(Opened::Held(src)) => return out.write_all(src.text.as_bytes()).map(|()| 0),
        Ok(Opened::Streamed(mut f)) => {
            let mut at = 0;
            loop {
                match f.window(at, BLOCK) {
                    Ok(w) if w.is_empty() => break None,
                    Ok(w) => {
                        out.write_all(w.as_bytes())?;
                        at += w.len();
                    }
                    Err(e) => break Some(e),
                }
            }
        }
        Err(e) => Some(e),
    };
    match failed {
        None => Ok(0),
        Some(e) => {
            out.flush()?;
            eprintln!("taizhang: {e}");
            Ok(1)
        }
    }
}

/// The blocks `text` copies a large file in.
const BLOCK: usize = 1 << 20;

/// Why `inspect` stopped: its input, or its output.
enum Stopped {
    Input(taizhang::Error),
    Output(io::Error),
}

impl From<taizhang::Error> for Stopped {
    fn from(e: taizhang::Error) -> Self {
        Stopped::Input(e)
    }
}

impl From<io::Error> for Stopped {
    fn from(e: io::Error) -> Self {
        Stopped::Output(e)
    }
}

impl From<csv::Error> for Stopped {
    fn from(e: csv::Error) -> Self {
        Stopped::Output(e.into())
    }
}

/// Run `inspect`. A large input is read in parts, twice (its outline, then
/// its sentences): memory holds one part, and the output is written as
/// it comes.
pub fn inspect(args: InspectArgs) -> io::Result<i32> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let run = Inspector::open(&input(&args.path)).map_err(Stopped::from).and_then(|mut ins| {
        let outline = ins.outline()?;
        write_inspection(&mut out, &mut ins, &outline, args.format, args.tokens)
    });
    match run {
        Ok(()) => {
            out.flush()?;
            Ok(0)
        }
        Err(Stopped::Input(e)) => {
            out.flush()?;
            eprintln!("taizhang: {e}");
            Ok(1)
        }
        Err(Stopped::Output(e)) => Err(e),
    }
}

fn write_inspection(
    out: &mut impl Write,
    ins: &mut Inspector,
    outline: &Outline,
    format: Format,
    tokens: bool,
) -> Result<(), Stopped> {
    match format {
        Format::Table => {
            write!(out, "{outline}")?;
            ins.sentences(tokens, |i, s| -> Result<(), Stopped> { Ok(write!(out, "{}", s.table_lines(i))?) })
        }
        // One object, as `Inspection` serialises: its sentences last, each
        // written as it comes.
        Format::Json => {
            let head = serde_json::to_string_pretty(outline).map_err(io::Error::from)?;
            let head = head.strip_suffix("\n}").unwrap_or(&head);
            write!(out, "{head},\n  \"sentences\": [")?;
            let mut buf = Vec::new();
            ins.sentences(tokens, |i, s| -> Result<(), Stopped> {
                buf.clear();
                serde_json::to_writer_pretty(&mut buf, &s).map_err(io::Error::from)?;
                out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
                for (k, line) in buf.split(|&b| b == b'\n').enumerate() {
                    if k > 0 {
                        out.write_all(b"\n    ")?;
                    }
                    out.write_all(line)?;
                }
                Ok(())
            })?;
            let close = if outline.sentences == 0 { "]\n}\n" } else { "\n  ]\n}\n" };
            Ok(out.write_all(close.as_bytes())?)
        }
        // One record per line, each named by its `record` field.
        Format::Jsonl => {
            #[derive(serde::Serialize)]
            struct Record<'a, T: serde::Serialize> {
                record: &'static str,
                #[serde(flatten)]
                item: &'a T,
            }
            fn line<T: serde::Serialize>(out: &mut impl Write, record: &'static str, item: &T) -> io::Result<()> {
                serde_json::to_writer(&mut *out, &Record { record, item })?;
                out.write_all(b"\n")
            }
            #[derive(serde::Serialize)]
            struct Head<'a> {
                doc: &'a str,
                start: usize,
                meta: &'a taizhang::DocumentMeta,
                sentences: usize,
            }
            line(
                out,
                "document",
                &Head { doc: &outline.doc, start: 0, meta: &outline.meta, sentences: outline.sentences },
            )?;
            // The documents after the first of a compilation.
            for d in &outline.documents {
                line(out, "document", d)?;
            }
            for s in &outline.sections {
                line(out, "section", s)?;
            }
            for p in &outline.parts {
                line(out, "part", p)?;
            }
            for r in &outline.rows {
                line(out, "row", r)?;
            }
            ins.sentences(tokens, |_, s| -> Result<(), Stopped> { Ok(line(out, "sentence", &s)?) })
        }
        // The sentences, one row each (the words, with --tokens, as word/tag).
        Format::Csv => {
            let mut w = super::report::csv_writer(&mut *out)?;
            w.write_record(["index", "start", "end", "section", "part", "opens_block", "text", "tokens"])?;
            ins.sentences(tokens, |i, s| -> Result<(), Stopped> {
                let words: Vec<String> = s.tokens.iter().map(|(w, _, t)| format!("{w}/{t}")).collect();
                let part = if s.part == taizhang::structure::Part::Plan { "plan" } else { "review" };
                w.write_record([
                    i.to_string(),
                    s.span[0].to_string(),
                    s.span[1].to_string(),
                    s.section.map_or(String::new(), |k| k.to_string()),
                    part.to_string(),
                    s.opens_block.to_string(),
                    s.text.trim_end().to_string(),
                    words.join(" "),
                ])?;
                Ok(())
            })?;
            Ok(w.flush()?)
        }
    }
}
