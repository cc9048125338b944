//! The indicator page: one indicator (城镇新增就业, 居民消费价格涨幅 …)
//! across the years and issuers of the index. The requirements whose
//! sentence holds the indicator's words as a phrase are plotted, targets
//! against reported results, as an SVG drawn here (no script, no library),
//! each point linked to its sentence; the table behind the chart follows.

use super::html::{self, doc_link, encode, num, req_anchor};
use super::{App, Page, PageError, html_response};
use crate::index::SearchQuery;
use crate::model::{Kind, Requirement};
use axum::extract::{Query, State, rejection::QueryRejection};
use axum::response::Response;
use maud::{Markup, html};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A tick label: 万 and 亿 for large figures, two decimals at most.
fn short(v: f64) -> String {
    let r = |x: f64| num((x * 100.0).round() / 100.0);
    match v.abs() {
        a if a >= 1e8 => format!("{}亿", r(v / 1e8)),
        a if a >= 1e4 => format!("{}万", r(v / 1e4)),
        _ => r(v),
    }
}

/// How many requirements one indicator page reads at most.
const MAX_POINTS: usize = 2_000;

/// Indicators offered when none is asked for.
const EXAMPLES: [&str; 6] =
    ["城镇新增就业", "居民消费价格涨幅", "城镇调查失业率", "粮食产量", "国内生产总值增长", "安全生产"];

pub(super) async fn handler(
    State(app): State<Arc<App>>,
    q: Result<Query<BTreeMap<String, String>>, QueryRejection>,
) -> Response {
    super::blocking(move || page(&app, q)).await
}

/// One plotted figure.
#[derive(Debug, Clone)]
pub(super) struct Point {
    pub year: i64,
    pub value: f64,
    pub kind: Kind,
    pub unit: String,
    pub req: Requirement,
}

/// Whether the figure of `r` is the indicator's: its action names it, or
/// the clause that holds the figure does (a sentence listing several
/// indicators holds one figure for each).
pub(super) fn is_of(r: &Requirement, name: &str) -> bool {
    if r.action.as_deref().is_some_and(|a| a.contains(name)) {
        return true;
    }
    let Some(q) = &r.quantity else { return false };
    let s = &*r.sentence;
    let at = q.span[0].saturating_sub(r.sentence_span[0]);
    crate::extract::clauses(s, 0..s.len()).into_iter().any(|c| c.contains(&at) && s[c].contains(name))
}

/// The points of an indicator (requirements with a figure and a year),
/// oldest first.
fn points(reqs: Vec<Requirement>, name: &str) -> Vec<Point> {
    let mut v: Vec<Point> = reqs
        .into_iter()
        .filter(|r| is_of(r, name))
        .filter_map(|r| {
            let q = r.quantity.as_ref()?;
            let value = q.value.filter(|v| v.is_finite())?;
            let year = i64::from(r.document.year?);
            Some(Point { year, value, kind: r.kind, unit: q.unit.clone().unwrap_or_default(), req: r })
        })
        .collect();
    v.sort_by(|a, b| (a.year, a.req.doc.as_str()).cmp(&(b.year, b.req.doc.as_str())));
    v
}

/// The unit most points have: the chart plots those, the table lists all.
fn main_unit(points: &[Point]) -> Option<String> {
    let mut n: BTreeMap<&str, usize> = BTreeMap::new();
    for p in points {
        *n.entry(p.unit.as_str()).or_insert(0) += 1;
    }
    n.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))).map(|(u, _)| u.to_string())
}

const W: f64 = 760.0;
const H: f64 = 340.0;
const LEFT: f64 = 70.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 40.0;

/// The chart: years across, values up; targets as circles, results as
/// squares, each a link to its sentence.
pub(super) fn chart(points: &[&Point], unit: &str) -> Markup {
    let (y0, y1) = points.iter().fold((i64::MAX, i64::MIN), |(a, b), p| (a.min(p.year), b.max(p.year)));
    let (v0, v1) = points.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| (a.min(p.value), b.max(p.value)));
    let (y0, y1) = if y0 == y1 { (y0 - 1, y1 + 1) } else { (y0, y1) };
    let lo = if v0 >= 0.0 { 0.0 } else { v0 * 1.1 };
    let hi = if v1 <= lo { lo + 1.0 } else { v1 * 1.1 };
    // Half a year of room on each side, for the points nudged apart.
    let x = |year: i64| LEFT + ((year - y0) as f64 + 0.5) / ((y1 - y0) as f64 + 1.0) * (W - LEFT - RIGHT);
    let y = |v: f64| H - BOTTOM - (v - lo) / (hi - lo) * (H - TOP - BOTTOM);
    let ticks: Vec<f64> = (0..=4).map(|i| lo + (hi - lo) * f64::from(i) / 4.0).collect();
    // Nudge points of one year apart so that none hides another.
    let mut seen: BTreeMap<i64, usize> = BTreeMap::new();
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (W) " " (H) } width=(W) height=(H) role="img" aria-label="targets and results by year" {
            line x1=(LEFT) y1=(H - BOTTOM) x2=(W - RIGHT) y2=(H - BOTTOM) stroke="#888" {}
            line x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(H - BOTTOM) stroke="#888" {}
            @for t in &ticks {
                line x1=(LEFT - 4.0) y1=(y(*t)) x2=(W - RIGHT) y2=(y(*t)) stroke="#eee" {}
                text x=(LEFT - 8.0) y=(y(*t) + 4.0) text-anchor="end" { (short(*t)) }
            }
            text x=(LEFT) y=(TOP - 12.0) text-anchor="middle" { (unit) }
            @for yr in y0..=y1 {
                text x=(x(yr)) y=(H - BOTTOM + 18.0) text-anchor="middle" { (yr) }
            }
            @for p in points {
                @let k = { let n = seen.entry(p.year).or_insert(0); *n += 1; *n - 1 };
                @let cx = x(p.year) + (k % 5) as f64 * 7.0 - 14.0;
                @let cy = y(p.value);
                @let kind = html::name_of(&p.kind);
                a href=(doc_link(&p.req.doc, Some(&req_anchor(&p.req.id)))) class={ "point " (kind) } data-year=(p.year) data-value=(num(p.value)) {
                    title { (p.year) " " (kind) ": " (num(p.value)) (p.unit) " — " (p.req.sentence) }
                    @if p.kind == Kind::Target {
                        circle class=(kind) cx=(cx) cy=(cy) r="6" {}
                    } @else {
                        rect class=(kind) x=(cx - 5.5) y=(cy - 5.5) width="11" height="11" {}
                    }
                }
            }
        }
    }
}

fn page(app: &App, q: Result<Query<BTreeMap<String, String>>, QueryRejection>) -> Page {
    let Query(m) = q.map_err(|e| PageError::bad(format!("cannot read the address: {e}")))?;
    let name: String = m.get("name").map(|s| s.replace('"', " ").trim().to_string()).unwrap_or_default();
    let form = html! {
        form.filters action="/indicator" method="get" {
            label { "Indicator" input type="search" name="name" value=(name) placeholder="城镇新增就业"; }
            button type="submit" { "Show" }
        }
        p { "For example: "
            @for e in EXAMPLES { a href={ "/indicator?name=" (encode(e)) } { (e) } " " }
        }
    };
    if name.is_empty() {
        return Ok(html_response(html::page("Indicators", "", html! { h1 { "Indicators" } (form) })));
    }
    let view = app.view()?;
    let sq =
        SearchQuery { text: format!("\"{name}\""), requirements_only: true, limit: MAX_POINTS, ..Default::default() };
    let mut p = view.index.prepare(&view.searcher, &sq).map_err(|e| view.fail(e))?;
    p.requirements_only = true;
    let hits = view.index.top_by_score(&view.searcher, &p, 0, MAX_POINTS).map_err(|e| view.fail(e))?;
    let pts = points(hits.into_iter().filter_map(|h| h.requirement).collect(), &name);
    let unit = main_unit(&pts).unwrap_or_default();
    // A figure of several years (五年来…) is listed, not plotted.
    let plotted: Vec<&Point> = pts.iter().filter(|p| p.unit == unit && !p.req.multi_year).collect();
    let body = html! {
        h1 { (name) }
        (form)
        @if pts.is_empty() {
            (html::message("No requirement with a figure and a year holds these words. Try fewer or other words."))
        } @else {
            p.legend { span.t { "● target" } " · " span.a { "■ reported result" } " · " (plotted.len()) " points in " (if unit.is_empty() { "(no unit)" } else { &unit }) }
            (chart(&plotted, &unit))
            table.data {
                thead { tr { th { "Year" } th { "Kind" } th { "Figure" } th { "Document" } th { "Sentence" } } }
                tbody {
                    @for p in &pts {
                        @let info = view.catalog.docs.get(&p.req.doc);
                        tr {
                            td { (p.year) @if p.req.multi_year { br; span.count { "several years" } } }
                            td { (html::name_of(&p.kind)) }
                            td { (p.req.quantity.as_ref().map(|q| q.comparator.symbol()).unwrap_or("")) " " (num(p.value)) " " (p.unit) }
                            td { (info.map_or(p.req.doc.as_str(), |d| d.label())) " " span.count { (info.and_then(|d| d.issuer.as_deref()).unwrap_or("")) } }
                            td { a href=(doc_link(&p.req.doc, Some(&req_anchor(&p.req.id)))) { (p.req.sentence) } }
                        }
                    }
                }
            }
        }
    };
    Ok(html_response(html::page(&name, "", body)))
}
