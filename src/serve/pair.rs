//! The list of documents, and the pages that set two of them side by
//! side: compare (what a new document changed) and track (a plan's targets
//! against a report's results), classified as the CLI classifies them,
//! from the requirements stored in the index.

use super::catalog::requirements_of;
use super::html::{self, doc_link, num, req_anchor};
use super::{App, Page, PageError, View, html_response};
use crate::compare::{AlignOptions, compare, mark_diff};
use crate::model::Requirement;
use crate::track::track;
use axum::extract::{Query, State, rejection::QueryRejection};
use axum::response::Response;
use maud::{Markup, PreEscaped, html};
use std::collections::BTreeMap;
use std::sync::Arc;

type Q = Result<Query<BTreeMap<String, String>>, QueryRejection>;

pub(super) async fn docs_handler(State(app): State<Arc<App>>) -> Response {
    super::blocking(move || docs(&app)).await
}

pub(super) async fn compare_handler(State(app): State<Arc<App>>, q: Q) -> Response {
    super::blocking(move || compare_page(&app, q)).await
}

pub(super) async fn track_handler(State(app): State<Arc<App>>, q: Q) -> Response {
    super::blocking(move || track_page(&app, q)).await
}

fn select(view: &View<'_>, name: &str, chosen: &str) -> Markup {
    html! {
        select name=(name) {
            @for d in view.catalog.docs.values() {
                option value=(d.name) selected[d.name == chosen] {
                    (d.year.map(|y| y.to_string()).unwrap_or_default()) " " (d.label())
                }
            }
        }
    }
}

fn pair_forms(view: &View<'_>, m: &BTreeMap<String, String>) -> Markup {
    let g = |k: &str| m.get(k).cloned().unwrap_or_default();
    html! {
        form.pairform action="/compare" method="get" {
            strong { "Compare" } " old " (select(view, "old", &g("old"))) " new " (select(view, "new", &g("new")))
            " " button type="submit" { "Compare" }
        }
        form.pairform action="/track" method="get" {
            strong { "Track" } " plan " (select(view, "plan", &g("plan"))) " report " (select(view, "report", &g("report")))
            " " button type="submit" { "Track" }
        }
    }
}

fn docs(app: &App) -> Page {
    let view = app.view()?;
    let body = html! {
        h1 { (view.catalog.docs.len()) " documents" }
        (pair_forms(&view, &BTreeMap::new()))
        table.data {
            thead { tr { th { "Year" } th { "Title" } th { "Type" } th { "Issuer" } th { "Genre" } th { "Requirements" } } }
            tbody {
                @for d in view.catalog.docs.values() {
                    tr {
                        td { (d.year.map(|y| y.to_string()).unwrap_or_default()) }
                        td { a href=(doc_link(&d.name, None)) { (d.label()) } br; span.count { (d.name) } }
                        td { (d.doc_type.as_deref().unwrap_or("")) }
                        td { (d.issuer.as_deref().unwrap_or("")) }
                        td { (d.genre) }
                        td { (d.requirements) }
                    }
                }
            }
        }
    };
    Ok(html_response(html::page("Documents", "", body)))
}

/// The requirements of the two documents named by `a` and `b`.
fn two(view: &View<'_>, m: &BTreeMap<String, String>, a: &str, b: &str) -> Result<[Vec<Requirement>; 2], PageError> {
    let mut out: [Vec<Requirement>; 2] = Default::default();
    for (slot, key) in out.iter_mut().zip([a, b]) {
        let name = m.get(key).map(String::as_str).unwrap_or("");
        if name.is_empty() {
            return Err(PageError::bad(format!("give two documents: ?{a}=…&{b}=… (see /docs)")));
        }
        if !view.catalog.docs.contains_key(name) {
            return Err(PageError::not_found(format!("`{name}` is not a document of the index; see /docs")));
        }
        *slot = requirements_of(view.index, &view.searcher, name).map_err(|e| view.fail(e))?;
    }
    Ok(out)
}

fn figure(r: &Requirement) -> String {
    match &r.quantity {
        Some(q) => format!(
            "{} {} {}",
            q.comparator.symbol(),
            q.value.map(num).unwrap_or_else(|| "—".into()),
            q.unit.as_deref().unwrap_or("")
        ),
        None => r.deadline.as_ref().map(|d| d.raw.clone()).unwrap_or_default(),
    }
}

/// The sentence of `r` with its figure marked (where the spans say).
fn sentence(r: &Requirement) -> Markup {
    let s = &*r.sentence;
    let base = r.sentence_span[0];
    let figure = r.quantity.as_ref().and_then(|q| {
        let (a, b) = (q.span[0].checked_sub(base)?, q.span[1].checked_sub(base)?);
        (a < b && b <= s.len() && s.is_char_boundary(a) && s.is_char_boundary(b)).then_some((a, b))
    });
    match figure {
        Some((a, b)) => html! { (&s[..a]) mark { (&s[a..b]) } (&s[b..]) },
        None => html! { (s) },
    }
}

fn link(r: &Requirement, text: Markup) -> Markup {
    html! { a href=(doc_link(&r.doc, Some(&req_anchor(&r.id)))) { (text) } }
}

/// Escaped text with the marks of [`mark_diff`] turned into `<del>`/`<ins>`.
fn diff_markup(old: &str, new: &str) -> (Markup, Markup) {
    let esc = |s: &str| {
        let mut o = String::new();
        super::doc::escape(s, &mut o);
        o
    };
    let (a, b) = mark_diff(old, new, "\u{1}", "\u{2}");
    let a = esc(&a).replace('\u{1}', "<del>").replace('\u{2}', "</del>");
    let b = esc(&b).replace('\u{1}', "<ins>").replace('\u{2}', "</ins>");
    (PreEscaped(a), PreEscaped(b))
}

fn compare_page(app: &App, q: Q) -> Page {
    let Query(m) = q.map_err(|e| PageError::bad(format!("cannot read the address: {e}")))?;
    let view = app.view()?;
    let [old, new] = two(&view, &m, "old", "new")?;
    let c = compare(&old, &new, &AlignOptions::default());
    let body = html! {
        h1 { "Compare" }
        (pair_forms(&view, &m))
        @for w in &c.warnings { (html::message(w)) }
        div.counts id="counts" {
            @for (k, n) in c.counts() { span data-change=(k.name()) { (k.name()) " " strong { (n) } } }
        }
        table.data {
            thead { tr { th { "Change" } th { "Old" } th { "New" } th { "Why" } } }
            tbody {
                @for r in &c.rows {
                    @let (o, n) = match (&r.old, &r.new) {
                        (Some(o), Some(n)) => diff_markup(&o.sentence, &n.sentence),
                        _ => (r.old.as_ref().map(sentence).unwrap_or_default(), r.new.as_ref().map(sentence).unwrap_or_default()),
                    };
                    tr data-change=(r.change.name()) {
                        td { strong { (r.change.name()) } }
                        td { @if let Some(x) = &r.old { (link(x, html! { (figure(x)) })) br; (o) } }
                        td { @if let Some(x) = &r.new { (link(x, html! { (figure(x)) })) br; (n) } }
                        td { (r.reasons.join("; ")) }
                    }
                }
            }
        }
    };
    Ok(html_response(html::page("Compare", "", body)))
}

fn track_page(app: &App, q: Q) -> Page {
    let Query(m) = q.map_err(|e| PageError::bad(format!("cannot read the address: {e}")))?;
    let view = app.view()?;
    let [plan, report] = two(&view, &m, "plan", "report")?;
    let t = track(&plan, &report, &AlignOptions::default());
    let body = html! {
        h1 { "Track" }
        (pair_forms(&view, &m))
        @for w in &t.warnings { (html::message(w)) }
        div.counts id="counts" {
            @for (k, n) in t.counts() { span data-status=(k.name()) { (k.name()) " " strong { (n) } } }
        }
        table.data {
            thead { tr { th { "Status" } th { "Target (plan)" } th { "Reported (report)" } th { "Note" } } }
            tbody {
                @for r in &t.rows {
                    tr data-status=(r.status.name()) {
                        td { strong { (r.status.name()) } }
                        td { @if let Some(x) = &r.target { (link(x, html! { (figure(x)) })) br; (sentence(x)) } }
                        td {
                            @for x in &r.answers { div { (link(x, html! { (figure(x)) })) br; (sentence(x)) } }
                        }
                        td { (r.note) }
                    }
                }
            }
        }
    };
    Ok(html_response(html::page("Track", "", body)))
}
