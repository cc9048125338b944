//! The ledger as an iCalendar file (RFC 5545): one all-day event per
//! deadline and per milestone, CRLF line endings, lines folded at 75
//! octets, a stable UID per event, DTSTAMP, and DTSTART;VALUE=DATE.

use super::cell::{iso_to_serial, serial_to_iso};
use super::{Ledger, LedgerRow};
use std::io::{self, Write};

/// Escape a TEXT value (RFC 5545 §3.3.11).
pub fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => o.push_str("\\\\"),
            ';' => o.push_str("\\;"),
            ',' => o.push_str("\\,"),
            '\n' => o.push_str("\\n"),
            '\r' => {}
            _ => o.push(c),
        }
    }
    o
}

/// Fold a content line at 75 octets (never inside a character), each
/// continuation starting with a space; lines end with CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

/// `2022-03-31` → `20220331`; `None` unless an ISO date.
fn ics_date(iso: &str) -> Option<String> {
    iso_to_serial(iso)?;
    Some(iso.get(..10)?.replace('-', ""))
}

fn next_day(iso: &str) -> Option<String> {
    let s = iso_to_serial(iso)?;
    ics_date(&serial_to_iso(s + 1.0))
}

/// The events of one row: `(uid suffix, date, label)`.
fn events(r: &LedgerRow) -> Vec<(String, String, String)> {
    let mut v = Vec::new();
    if ics_date(&r.deadline).is_some() {
        v.push(("deadline".to_string(), r.deadline.clone(), "完成时限".to_string()));
    }
    for m in &r.milestones {
        v.push((m.date.clone(), m.date.clone(), m.label.clone()));
    }
    v
}

/// Write the calendar. `stamp` is the DTSTAMP, UTC, as `YYYYMMDDTHHMMSSZ`.
///
/// # Errors
/// Whatever writing gives.
pub fn write_ics<W: Write>(l: &Ledger, stamp: &str, mut out: W) -> io::Result<()> {
    let mut s = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//taizhang//ledger//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:台账",
    ] {
        s.push_str(&fold(line));
    }
    for r in &l.rows {
        if !r.mark.is_empty() && r.id.is_empty() {
            continue;
        }
        for (suffix, date, label) in events(r) {
            let (Some(start), Some(end)) = (ics_date(&date), next_day(&date)) else {
                continue;
            };
            let summary = format!("{}：{} {}", r.actor_shown(), r.task, r.indicator);
            let desc = format!("{label}\n{}\n来源：{}", r.sentence, r.source);
            for line in [
                "BEGIN:VEVENT".to_string(),
                format!("UID:{}-{}@taizhang", r.id, suffix),
                format!("DTSTAMP:{stamp}"),
                format!("DTSTART;VALUE=DATE:{start}"),
                format!("DTEND;VALUE=DATE:{end}"),
                format!("SUMMARY:{}", escape(summary.trim())),
                format!("DESCRIPTION:{}", escape(&desc)),
                "TRANSP:TRANSPARENT".to_string(),
                "END:VEVENT".to_string(),
            ] {
                s.push_str(&fold(&line));
            }
        }
    }
    s.push_str(&fold("END:VCALENDAR"));
    out.write_all(s.as_bytes())
}

/// The current time as a DTSTAMP (`YYYYMMDDTHHMMSSZ`, UTC).
pub fn now_stamp() -> String {
    chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_characters_whole() {
        let long = format!("SUMMARY:{}", "党风廉政建设".repeat(10));
        let folded = fold(&long);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(next_day("2022-12-31").as_deref(), Some("20230101"));
    }
}
