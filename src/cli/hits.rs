//! Printing search hits: a table for people (highlights in colour on a
//! terminal) and CSV for spreadsheets.

use std::io::{self, Write};
use taizhang::index::{Hit, Record};

const ON: &str = "\x1b[1;31m";
const OFF: &str = "\x1b[0m";

/// The quantity of a requirement hit as written, with its period and deadline.
pub fn quantity(h: &Hit) -> String {
    let Some(r) = &h.requirement else {
        return "(sentence)".to_string();
    };
    let mut parts = Vec::new();
    if let Some(q) = &r.quantity {
        parts.push(q.raw.clone());
    }
    if let Some(p) = &r.period {
        parts.push(p.raw.clone());
    }
    if let Some(d) = &r.deadline {
        parts.push(d.raw.clone());
    }
    if parts.is_empty() {
        parts.push("(requirement)".to_string());
    }
    parts.join(" ")
}

/// The sentence with its highlights marked (ANSI colour, or nothing).
pub fn marked(h: &Hit, colour: bool) -> String {
    if !colour {
        return h.sentence.clone();
    }
    let mut out = String::with_capacity(h.sentence.len() + 32);
    let mut at = 0;
    for r in h.local_highlights() {
        if r.start < at {
            continue;
        }
        out.push_str(h.sentence.get(at..r.start).unwrap_or(""));
        out.push_str(ON);
        out.push_str(h.sentence.get(r.clone()).unwrap_or(""));
        out.push_str(OFF);
        at = r.end;
    }
    out.push_str(h.sentence.get(at..).unwrap_or(""));
    out
}

/// Two lines a hit: rank, score, doc, year, section and quantity; then the sentence.
pub fn table<W: Write>(out: &mut W, hits: &[Hit], colour: bool) -> io::Result<()> {
    for (i, h) in hits.iter().enumerate() {
        let year = h.year.map(|y| y.to_string()).unwrap_or_else(|| "-".into());
        let section = match h.section.last() {
            Some(s) => format!("  [{s}]"),
            None => String::new(),
        };
        let kind = match (&h.record, &h.requirement) {
            (Record::Requirement, Some(r)) => format!("{:?}", r.kind).to_lowercase(),
            _ => "sentence".to_string(),
        };
        writeln!(out, "{:>2}. {:6.2}  {}  {year}  {kind}  {}{section}", i + 1, h.score, h.doc, quantity(h),)?;
        writeln!(out, "    {}", marked(h, colour))?;
    }
    if hits.is_empty() {
        writeln!(out, "no match")?;
    }
    Ok(())
}

/// CSV with a header, one row a hit; highlights as `start-end;…` source bytes.
pub fn csv<W: Write>(out: &mut W, hits: &[Hit]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "score",
        "record",
        "doc",
        "year",
        "section",
        "kind",
        "comparator",
        "value",
        "unit",
        "period",
        "actor",
        "sentence",
        "span_start",
        "span_end",
        "highlights",
    ])?;
    for h in hits {
        let r = h.requirement.as_ref();
        let q = r.and_then(|r| r.quantity.as_ref());
        let highlights: Vec<String> = h.highlights.iter().map(|s| format!("{}-{}", s[0], s[1])).collect();
        w.write_record([
            format!("{:.3}", h.score),
            format!("{:?}", h.record).to_lowercase(),
            h.doc.clone(),
            h.year.map(|y| y.to_string()).unwrap_or_default(),
            h.section.join(" > "),
            r.map(|r| format!("{:?}", r.kind).to_lowercase()).unwrap_or_default(),
            q.map(|q| q.comparator.symbol().to_string()).unwrap_or_default(),
            q.and_then(|q| q.value).map(|v| v.to_string()).unwrap_or_default(),
            q.and_then(|q| q.unit.clone()).unwrap_or_default(),
            r.and_then(|r| r.period.as_ref()).map(|p| p.raw.clone()).unwrap_or_default(),
            r.and_then(|r| r.actor.clone()).unwrap_or_default(),
            h.sentence.clone(),
            h.sentence_span[0].to_string(),
            h.sentence_span[1].to_string(),
            highlights.join(";"),
        ])?;
    }
    w.flush()
}
