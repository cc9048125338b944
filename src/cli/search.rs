//! `taizhang search`: query the index, print ranked hits.

use super::Format;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use taizhang::index::{DEFAULT_DIR, Index, SearchQuery};
use taizhang::{Kind, PeriodUnit};

/// `--kind` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    /// Required or planned.
    Target,
    /// Reported as done.
    Achievement,
}

impl From<KindArg> for Kind {
    fn from(k: KindArg) -> Kind {
        match k {
            KindArg::Target => Kind::Target,
            KindArg::Achievement => Kind::Achievement,
        }
    }
}

/// `--period` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PeriodArg {
    /// 每年, 年内 …
    Year,
    /// 每半年
    HalfYear,
    /// 每季度
    Quarter,
    /// 每月
    Month,
    /// 每周
    Week,
    /// 每天
    Day,
    /// 任期内
    Term,
}

/// Arguments of `search`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words, "phrases", AND/OR/NOT, -word, field:word; `*` for everything (with filters).
    pub query: String,
    /// Index directory.
    #[arg(long, default_value = DEFAULT_DIR)]
    pub index: PathBuf,
    /// Only documents of this year.
    #[arg(long)]
    pub year: Option<i32>,
    /// Only requirements of this kind.
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Only documents of this type (责任书, 工作要点 …).
    #[arg(long)]
    pub doc_type: Option<String>,
    /// Only requirements with this unit (次, %, 人 …).
    #[arg(long)]
    pub unit: Option<String>,
    /// Only requirements whose actor contains this.
    #[arg(long)]
    pub actor: Option<String>,
    /// Only requirements with this period.
    #[arg(long, value_enum)]
    pub period: Option<PeriodArg>,
    /// Only requirements whose value is at least this (50, 2.5, 1000万, 1.2万亿).
    #[arg(long, value_parser = figure, allow_negative_numbers = true)]
    pub min: Option<f64>,
    /// Only requirements whose value is at most this (50, 2.5, 1000万, 1.2万亿).
    #[arg(long, value_parser = figure, allow_negative_numbers = true)]
    pub max: Option<f64>,
    /// How many hits (at least 1; more than there are gives them all).
    #[arg(long, default_value_t = 20, value_parser = limit)]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// `--min`/`--max`: a figure, with the magnitudes of the documents.
fn figure(s: &str) -> Result<f64, taizhang::Error> {
    taizhang::extract::number::parse_figure(s)
}

/// `--limit`: a count of at least 1; one too big for a number is the most
/// there can be (the search gives no more hits than it finds).
fn limit(s: &str) -> Result<usize, String> {
    let t = s.trim();
    match t.parse::<usize>() {
        Ok(0) => Err("the limit must be at least 1 (it is how many hits to print)".into()),
        Ok(n) => Ok(n),
        Err(_) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => Ok(usize::MAX),
        Err(_) => Err(format!("`{s}` is not a count of hits; give a whole number such as 20")),
    }
}

fn query(a: &Args) -> SearchQuery {
    SearchQuery {
        text: a.query.clone(),
        year: a.year,
        kind: a.kind.map(Kind::from),
        doc_type: a.doc_type.clone(),
        unit: a.unit.clone(),
        actor: a.actor.clone(),
        period: a.period.map(|p| match p {
            PeriodArg::Year => PeriodUnit::Year,
            PeriodArg::HalfYear => PeriodUnit::HalfYear,
            PeriodArg::Quarter => PeriodUnit::Quarter,
            PeriodArg::Month => PeriodUnit::Month,
            PeriodArg::Week => PeriodUnit::Week,
            PeriodArg::Day => PeriodUnit::Day,
            PeriodArg::Term => PeriodUnit::Term,
        }),
        min: a.min,
        max: a.max,
        requirements_only: false,
        limit: a.limit,
    }
}

/// Run `search`; exit code 0 with hits, 1 without, 2 on error.
pub fn run(args: Args) -> io::Result<i32> {
    let q = query(&args);
    if let Err(e) = q.validate() {
        eprintln!("taizhang: {e}");
        return Ok(2);
    }
    let index = match Index::open(&args.index) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("taizhang: {e}");
            return Ok(2);
        }
    };
    let hits = match index.search(&q) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("taizhang: {e}");
            return Ok(2);
        }
    };
    let stdout = io::stdout();
    let colour = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Table => super::hits::table(&mut out, &hits, colour)?,
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &hits)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for h in &hits {
                serde_json::to_writer(&mut out, h)?;
                writeln!(out)?;
            }
        }
        Format::Csv => super::hits::csv(&mut out, &hits)?,
    }
    out.flush()?;
    Ok(if hits.is_empty() { 1 } else { 0 })
}
