//! `taizhang compare OLD NEW`.

use super::report::{
    PairOptions, ReportFormat, base, csv_writer, esc, figure, figure_line, figure_spans, html_head, html_script,
    html_sentence, html_summary, html_tail, json_array, load_pair, pair_table, short, tidy_figure, warn,
};
use std::io::{self, Write};
use std::path::PathBuf;
use taizhang::Requirement;
use taizhang::compare::{AlignOptions, CompareRow, Comparison, compare, mark_diff};

/// Arguments of `compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The old document, folder, or `.jsonl` extract output.
    pub old: PathBuf,
    /// The new document, folder, or `.jsonl` extract output.
    pub new: PathBuf,
    /// Format, threshold, threads.
    #[command(flatten)]
    pub opts: PairOptions,
    /// Compare only requirements of this kind (`target`: this year's plan
    /// against last year's, leaving the reviews out).
    #[arg(long, value_enum)]
    pub kind: Option<super::search::KindArg>,
}

/// Run `compare`; returns the process exit code.
pub fn run(args: Args) -> io::Result<i32> {
    let (mut old, mut new, failed) =
        match load_pair(&args.old, &args.new, args.opts.threshold, args.opts.threads, "compare") {
            Ok(x) => x,
            Err(code) => return Ok(code),
        };
    if let Some(k) = args.kind.map(taizhang::Kind::from) {
        old.requirements.retain(|r| r.kind == k);
        new.requirements.retain(|r| r.kind == k);
    }
    let opts = AlignOptions { threshold: args.opts.threshold, ..AlignOptions::default() };
    let c = compare(&old.requirements, &new.requirements, &opts);
    warn(&c.warnings);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.opts.format {
        ReportFormat::Json => json_array(&mut out, &c.rows)?,
        ReportFormat::Csv => csv(&mut out, &c)?,
        ReportFormat::Table => table(&mut out, &c)?,
        ReportFormat::Html => html(&mut out, &c, &args)?,
    }
    out.flush()?;
    let counts: Vec<String> = c.counts().iter().map(|(k, v)| format!("{v} {}", k.name())).collect();
    eprintln!("taizhang: {}", counts.join(", "));
    Ok(if failed > 0 { 1 } else { 0 })
}

fn field(r: &Option<Requirement>, f: fn(&Requirement) -> String) -> String {
    r.as_ref().map(f).unwrap_or_default()
}

fn action(r: &Requirement) -> String {
    r.action.clone().unwrap_or_default()
}

fn actor(r: &Requirement) -> String {
    r.actor.clone().unwrap_or_default()
}

/// The parts of a figure, field by field: period, quantity, deadline.
fn parts(r: &Option<Requirement>) -> [String; 3] {
    let r = r.as_ref();
    [
        r.and_then(|r| r.period.as_ref()).map(|p| p.raw.clone()),
        r.and_then(|r| r.quantity.as_ref()).map(|q| q.raw.clone()),
        r.and_then(|r| r.deadline.as_ref()).map(|d| d.raw.clone()),
    ]
    .map(|p| p.as_deref().map(tidy_figure).unwrap_or_default())
}

fn join(v: &[String]) -> String {
    v.iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join(" ")
}

/// Old and new figures (and actions) with their differing parts marked,
/// field by field.
fn marked(row: &CompareRow, open: &str, close: &str) -> [String; 4] {
    let (ao, an) = (field(&row.old, action), field(&row.new, action));
    if row.old.is_none() || row.new.is_none() {
        return [field(&row.old, figure_line), field(&row.new, figure_line), ao, an];
    }
    let (po, pn) = (parts(&row.old), parts(&row.new));
    let (mut fo, mut fnew) = (Vec::new(), Vec::new());
    for (a, b) in po.iter().zip(&pn) {
        let (x, y) = mark_diff(a, b, open, close);
        fo.push(x);
        fnew.push(y);
    }
    let (ao, an) = mark_diff(&ao, &an, open, close);
    [join(&fo), join(&fnew), ao, an]
}

fn table<W: Write>(out: &mut W, c: &Comparison) -> io::Result<()> {
    let mut rows = Vec::with_capacity(c.rows.len());
    for row in &c.rows {
        let [fo, fnew, ao, an] = marked(row, "[", "]");
        let act = if row.old.is_some() && row.new.is_some() && ao != an {
            format!("{} ⇒ {}", short(&ao, 24), short(&an, 24))
        } else {
            short(if an.is_empty() { &ao } else { &an }, 30)
        };
        let who = row.new.as_ref().or(row.old.as_ref()).map(actor).unwrap_or_default();
        let act = if who.is_empty() { act } else { format!("{}：{act}", short(&who, 10)) };
        let mut why = row.reasons.join("; ");
        if let Some(s) = &row.score {
            why = format!("{why} (score {:.2})", s.total).trim_start().to_string();
        }
        rows.push(vec![row.change.name().to_string(), act, fo, fnew, why]);
    }
    let t = pair_table(&["change", "actor：action (old ⇒ new)", "old", "new", "why"], rows);
    writeln!(out, "{t}")
}

fn csv<W: Write>(out: &mut W, c: &Comparison) -> io::Result<()> {
    let mut w = csv_writer(out)?;
    w.write_record([
        "change",
        "score",
        "old_id",
        "new_id",
        "old_actor",
        "new_actor",
        "old_action",
        "new_action",
        "old_figure",
        "new_figure",
        "reasons",
        "explain",
        "old_doc",
        "new_doc",
        "old_sentence",
        "new_sentence",
    ])?;
    for row in &c.rows {
        let id = |r: &Requirement| r.id.clone();
        let doc = |r: &Requirement| r.doc.clone();
        let sentence = |r: &Requirement| r.sentence.to_string();
        w.write_record([
            row.change.name().to_string(),
            row.score.map(|s| format!("{:.3}", s.total)).unwrap_or_default(),
            field(&row.old, id),
            field(&row.new, id),
            field(&row.old, actor),
            field(&row.new, actor),
            field(&row.old, action),
            field(&row.new, action),
            field(&row.old, figure),
            field(&row.new, figure),
            row.reasons.join("; "),
            row.explain.clone().unwrap_or_default(),
            field(&row.old, doc),
            field(&row.new, doc),
            field(&row.old, sentence),
            field(&row.new, sentence),
        ])?;
    }
    w.flush()
}

fn html<W: Write>(out: &mut W, c: &Comparison, args: &Args) -> io::Result<()> {
    let title =
        format!("compare {} → {}", base(&args.old.display().to_string()), base(&args.new.display().to_string()));
    html_head(out, &title)?;
    for w in &c.warnings {
        writeln!(out, "<p class=\"warning\">⚠ {}</p>", esc(w))?;
    }
    let counts: Vec<(&str, usize)> = c.counts().iter().map(|(k, v)| (k.name(), *v)).collect();
    html_summary(out, "changes", &counts)?;
    writeln!(
        out,
        "<table id=\"rows\">\n<thead><tr><th>change</th><th>actor</th><th>old</th><th>new</th><th>why</th>\
         <th>old sentence</th><th>new sentence</th></tr></thead>\n<tbody>"
    )?;
    for row in &c.rows {
        let [fo, fnew, ao, an] = marked(row, "\u{1}", "\u{2}");
        let cell =
            |s: &str, tag: &str| esc(s).replace('\u{1}', &format!("<{tag}>")).replace('\u{2}', &format!("</{tag}>"));
        let who = row.new.as_ref().or(row.old.as_ref()).map(actor).unwrap_or_default();
        let why = match &row.explain {
            Some(e) => format!("{}<br><small>{}</small>", esc(&row.reasons.join("; ")), esc(e)),
            None => esc(&row.reasons.join("; ")),
        };
        let sentence = |r: &Option<Requirement>| {
            r.as_ref().map(|r| html_sentence(&r.sentence, figure_spans(r))).unwrap_or_default()
        };
        writeln!(
            out,
            "<tr class=\"{0}\" data-status=\"{0}\"><td>{0}</td><td>{1}</td><td>{2}<br>{3}</td><td>{4}<br>{5}</td>\
             <td>{6}</td><td class=\"sentence\">{7}</td><td class=\"sentence\">{8}</td></tr>",
            row.change.name(),
            esc(&who),
            cell(&ao, "del"),
            cell(&fo, "del"),
            cell(&an, "ins"),
            cell(&fnew, "ins"),
            why,
            sentence(&row.old),
            sentence(&row.new),
        )?;
    }
    writeln!(out, "</tbody>\n</table>")?;
    html_script(out)?;
    html_tail(out)
}
