//! `taizhang track PLAN REPORT`.

use super::report::{
    PairOptions, ReportFormat, base, csv_writer, esc, figure, figure_line, figure_spans, html_head, html_script,
    html_sentence, html_summary, html_tail, json_array, load_pair, num, pair_table, short, warn,
};
use std::io::{self, Write};
use std::path::PathBuf;
use taizhang::Requirement;
use taizhang::compare::AlignOptions;
use taizhang::track::{TrackRow, Tracking, track};

/// Arguments of `track`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plan (or this year's 政府工作报告), a folder, or `.jsonl` extract output.
    pub plan: PathBuf,
    /// The report (or next year's 政府工作报告), a folder, or `.jsonl` extract output.
    pub report: PathBuf,
    /// Format, threshold, threads.
    #[command(flatten)]
    pub opts: PairOptions,
}

/// Run `track`; returns the process exit code.
pub fn run(args: Args) -> io::Result<i32> {
    let (plan, report, failed) =
        match load_pair(&args.plan, &args.report, args.opts.threshold, args.opts.threads, "track") {
            Ok(x) => x,
            Err(code) => return Ok(code),
        };
    let opts = AlignOptions { threshold: args.opts.threshold, ..AlignOptions::default() };
    let t = track(&plan.requirements, &report.requirements, &opts);
    warn(&t.warnings);
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.opts.format {
        ReportFormat::Json => json_array(&mut out, &t.rows)?,
        ReportFormat::Csv => csv(&mut out, &t)?,
        ReportFormat::Table => table(&mut out, &t)?,
        ReportFormat::Html => html(&mut out, &t, &args)?,
    }
    out.flush()?;
    let counts: Vec<String> = t.counts().iter().map(|(k, v)| format!("{v} {}", k.name())).collect();
    eprintln!("taizhang: {}", counts.join(", "));
    Ok(if failed > 0 { 1 } else { 0 })
}

fn target_action(r: &TrackRow) -> String {
    r.target.as_ref().or(r.answers.first()).and_then(|t| t.action.clone()).unwrap_or_default()
}

fn target_actor(r: &TrackRow) -> String {
    r.target.as_ref().or(r.answers.first()).and_then(|t| t.actor.clone()).unwrap_or_default()
}

fn answers(r: &TrackRow, f: fn(&Requirement) -> String) -> String {
    r.answers.iter().map(f).collect::<Vec<_>>().join("；")
}

fn answer_text(a: &Requirement) -> String {
    format!("{} {}", a.action.as_deref().unwrap_or(""), figure(a))
}

fn table<W: Write>(out: &mut W, t: &Tracking) -> io::Result<()> {
    let mut rows = Vec::with_capacity(t.rows.len());
    for r in &t.rows {
        let who = target_actor(r);
        let mut target = short(&target_action(r), 28);
        if !who.is_empty() {
            target = format!("{}：{target}", short(&who, 10));
        }
        if let (Some(_), Some(a)) = (&r.target, r.answers.first()) {
            let answer = a.action.as_deref().unwrap_or("");
            if !answer.is_empty() && answer != target_action(r) {
                target = format!("{target}\n⇐ {}", short(answer, 24));
            }
        }
        rows.push(vec![
            r.status.name().to_string(),
            target,
            r.target.as_ref().map(figure_line).unwrap_or_default(),
            r.answers.iter().map(figure_line).collect::<Vec<_>>().join("\n"),
            r.note.clone(),
        ]);
    }
    let tb = pair_table(&["status", "actor：target ⇐ answer", "planned", "reported", "note"], rows);
    writeln!(out, "{tb}")
}

fn csv<W: Write>(out: &mut W, t: &Tracking) -> io::Result<()> {
    let mut w = csv_writer(out)?;
    w.write_record([
        "status",
        "target_id",
        "actor",
        "target_action",
        "planned",
        "planned_per_year",
        "reported_per_year",
        "answer_ids",
        "answers",
        "note",
        "score",
        "target_doc",
        "target_sentence",
        "answer_sentences",
    ])?;
    for r in &t.rows {
        let tf = |f: fn(&Requirement) -> String| r.target.as_ref().map(f).unwrap_or_default();
        w.write_record([
            r.status.name().to_string(),
            tf(|x| x.id.clone()),
            target_actor(r),
            target_action(r),
            tf(figure),
            r.shortfall.as_ref().map(|s| num(s.planned)).unwrap_or_default(),
            r.shortfall.as_ref().map(|s| num(s.reported)).unwrap_or_default(),
            answers(r, |a| a.id.clone()),
            answers(r, answer_text),
            r.note.clone(),
            r.score.map(|s| format!("{:.3}", s.total)).unwrap_or_default(),
            tf(|x| x.doc.clone()),
            tf(|x| x.sentence.to_string()),
            answers(r, |a| a.sentence.to_string()),
        ])?;
    }
    w.flush()
}

fn html<W: Write>(out: &mut W, t: &Tracking, args: &Args) -> io::Result<()> {
    let title = format!(
        "track {} against {}",
        base(&args.plan.display().to_string()),
        base(&args.report.display().to_string())
    );
    html_head(out, &title)?;
    for w in &t.warnings {
        writeln!(out, "<p class=\"warning\">⚠ {}</p>", esc(w))?;
    }
    let counts: Vec<(&str, usize)> = t.counts().iter().map(|(k, v)| (k.name(), *v)).collect();
    html_summary(out, "statuses", &counts)?;
    writeln!(
        out,
        "<table id=\"rows\">\n<thead><tr><th>status</th><th>actor</th><th>target</th><th>planned</th><th>answers</th>\
         <th>note</th><th>plan sentence</th><th>report sentences</th></tr></thead>\n<tbody>"
    )?;
    for r in &t.rows {
        let plan = r.target.as_ref().map(|x| html_sentence(&x.sentence, figure_spans(x))).unwrap_or_default();
        let report: Vec<String> = r.answers.iter().map(|a| html_sentence(&a.sentence, figure_spans(a))).collect();
        writeln!(
            out,
            "<tr class=\"{0}\" data-status=\"{0}\"><td>{0}</td><td>{1}</td><td>{2}</td><td>{3}</td><td>{4}</td>\
             <td>{5}</td><td class=\"sentence\">{6}</td><td class=\"sentence\">{7}</td></tr>",
            r.status.name(),
            esc(&target_actor(r)),
            esc(&target_action(r)),
            esc(&r.target.as_ref().map(figure).unwrap_or_default()),
            esc(&answers(r, answer_text)),
            esc(&r.note),
            plan,
            report.join("<hr>"),
        )?;
    }
    writeln!(out, "</tbody>\n</table>")?;
    html_script(out)?;
    html_tail(out)
}
