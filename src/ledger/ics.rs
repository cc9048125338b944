//! The ledger as an iCalendar file (RFC 5545): for each target with a date
//! or a period (never a result reported), an all-day event for its dated
//! deadline, and one for its due dates that repeats (RRULE: 每月, 每季度,
//! 每半年, 每年3月底前) within the document's period; each with a reminder
//! (VALARM, 7 days before by default). CRLF line endings, lines folded at
//! 75 octets, a stable UID per event, DTSTAMP, DTSTART;VALUE=DATE.

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

/// Options of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Days before each due date that the reminder (VALARM) goes off.
    pub remind_days: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options { remind_days: 7 }
    }
}

/// One event: a date, and a rule when it repeats.
struct Event {
    uid: String,
    date: String,
    rrule: Option<String>,
    label: String,
    /// The single due date of a year-long target: the year's end.
    year_end: bool,
}

/// The events of one row: its dated deadline, and its due dates (the
/// milestones of a periodic target, or a yearly deadline) as one event
/// that repeats within the document's period.
fn events(r: &LedgerRow) -> Vec<Event> {
    let mut v = Vec::new();
    if ics_date(&r.deadline).is_some() {
        v.push(Event {
            uid: format!("{}-deadline", r.id),
            date: r.deadline.clone(),
            rrule: None,
            label: "完成时限".to_string(),
            year_end: false,
        });
    }
    let dates: Vec<&str> = r.milestones.iter().map(|m| m.date.as_str()).filter(|d| ics_date(d).is_some()).collect();
    let Some(&first) = dates.first() else {
        return v;
    };
    let n = dates.len();
    let month = |d: &str| d.get(5..7).and_then(|m| m.parse::<u32>().ok()).unwrap_or(0);
    // A yearly deadline repeats even when the document's period holds one year of it.
    let rrule = match (n, r.timing.yearly) {
        (_, Some((_, day))) if day != 0 => Some(format!("FREQ=YEARLY;COUNT={n}")),
        (_, Some(_)) => Some(format!("FREQ=YEARLY;BYMONTHDAY=-1;COUNT={n}")),
        (1, None) => None,
        _ => {
            let step = (month(dates[1]) + 12 - month(first)) % 12;
            let step = if step == 0 { 12 } else { step };
            Some(format!("FREQ=MONTHLY;INTERVAL={step};BYMONTHDAY=-1;COUNT={n}"))
        }
    };
    let label = match &r.timing.yearly {
        Some(_) => format!("每年{}", r.deadline),
        None if n > 1 => {
            format!("{}（{}）", r.period, r.milestones.iter().map(|m| m.label.as_str()).collect::<Vec<_>>().join("、"))
        }
        None => r.milestones[0].label.clone(),
    };
    let year_end = n == 1 && r.timing.yearly.is_none() && first.ends_with("-12-31");
    v.push(Event { uid: format!("{}-due", r.id), date: first.to_string(), rrule, label, year_end });
    v
}

/// Should a row be on the calendar? Targets from the source, not results
/// reported, rows whose source vanished or rows added by hand.
fn on_calendar(r: &LedgerRow) -> bool {
    !r.timing.achievement && !r.id.is_empty() && r.mark != super::update::MARK_VANISHED
}

/// What a person is told about the calendar: the documents whose targets
/// have a period or deadline but no date (no year to resolve it).
pub fn warnings(l: &Ledger) -> Vec<String> {
    let mut undated: Vec<(String, usize, bool)> = Vec::new();
    for r in l.rows.iter().filter(|r| on_calendar(r) && r.timing.wants_date && events(r).is_empty()) {
        match undated.iter_mut().find(|(d, _, _)| *d == r.timing.doc) {
            Some(e) => e.1 += 1,
            None => undated.push((r.timing.doc.clone(), 1, r.timing.year.is_none())),
        }
    }
    let mut w: Vec<String> = undated
        .into_iter()
        .map(|(doc, n, no_year)| {
            let why = if no_year { "the document gives no year, so" } else { "for" };
            format!("{doc}: {why} {n} targets with a period or deadline no date could be resolved: no calendar event")
        })
        .collect();
    let achievements = l.rows.iter().filter(|r| r.timing.achievement).count();
    if achievements > 0 {
        w.push(format!("{achievements} rows are results reported, not targets: no calendar event"));
    }
    w
}

/// Write the calendar. `stamp` is the DTSTAMP, UTC, as `YYYYMMDDTHHMMSSZ`.
/// Each event is an all-day event with a reminder `options.remind_days`
/// before it (VALARM); the due dates of a periodic target are one event
/// with a repeat rule (RRULE).
///
/// # Errors
/// Whatever writing gives.
pub fn write_ics<W: Write>(l: &Ledger, stamp: &str, options: Options, mut out: W) -> io::Result<()> {
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
    let vevent = |s: &mut String, e: &Event, summary: &str, desc: &str| {
        let (Some(start), Some(end)) = (ics_date(&e.date), next_day(&e.date)) else {
            return;
        };
        let mut lines = vec![
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}@taizhang", e.uid),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{start}"),
            format!("DTEND;VALUE=DATE:{end}"),
        ];
        if let Some(rule) = &e.rrule {
            lines.push(format!("RRULE:{rule}"));
        }
        lines.extend([
            format!("SUMMARY:{}", escape(summary)),
            format!("DESCRIPTION:{}", escape(desc)),
            "TRANSP:TRANSPARENT".to_string(),
            "BEGIN:VALARM".to_string(),
            "ACTION:DISPLAY".to_string(),
            format!("DESCRIPTION:{}", escape(&format!("{}天后到期：{summary}", options.remind_days))),
            format!("TRIGGER:-P{}D", options.remind_days),
            "END:VALARM".to_string(),
            "END:VEVENT".to_string(),
        ]);
        for line in lines {
            s.push_str(&fold(&line));
        }
    };
    // The year-long targets of a document (年内, 全年) fall due together at
    // the year's end: one event lists them, rather than one event each.
    let mut year_end: Vec<(String, String, Vec<String>)> = Vec::new();
    for r in l.rows.iter().filter(|r| on_calendar(r)) {
        let what =
            [r.task.as_str(), r.indicator.as_str()].iter().filter(|t| !t.is_empty()).copied().collect::<Vec<_>>();
        let summary = format!("{}：{}", r.actor_shown(), what.join(" "));
        for e in events(r) {
            if e.year_end {
                let line = format!("{summary}（{}）", r.source);
                match year_end.iter_mut().find(|(k, d, _)| *k == r.timing.doc_key && *d == e.date) {
                    Some(g) => g.2.push(line),
                    None => year_end.push((r.timing.doc_key.clone(), e.date.clone(), vec![line])),
                }
                continue;
            }
            let desc = format!("{}\n{}\n来源：{}", e.label, r.sentence, r.source);
            vevent(&mut s, &e, summary.trim(), &desc);
        }
    }
    for (key, date, lines) in year_end {
        let uid = format!("{}-{}-year-end", crate::extract::id::short_hash(&key), date.replace('-', ""));
        let title = key.split('\u{1f}').next().unwrap_or("").trim_start_matches("title:").trim_start_matches("file:");
        let summary = format!("{}年度目标到期（{}项）：{title}", date.get(..4).unwrap_or(""), lines.len());
        let e = Event { uid, date, rrule: None, label: String::new(), year_end: true };
        vevent(&mut s, &e, &summary, &lines.join("\n"));
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
