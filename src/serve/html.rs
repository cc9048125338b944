//! The page frame, the stylesheet (compiled in), and small pieces shared
//! by the pages. maud escapes every value it is given.

use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;
use maud::{DOCTYPE, Markup, html};

/// The stylesheet, served at `/static/style.css`.
const STYLE: &str = include_str!("style.css");

pub(super) async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("max-age=3600")),
        ],
        STYLE,
    )
}

/// A whole page: `title`, the search box pre-filled with `q`, and `body`.
pub(super) fn page(title: &str, q: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="zh-CN" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · taizhang" }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                header.top {
                    a.brand href="/" { "台账 taizhang" }
                    form.quick action="/" method="get" {
                        input type="search" name="q" value=(q) placeholder="搜索 search: 城镇新增就业, \"安全生产\" …";
                        button type="submit" { "Search" }
                    }
                    nav { a href="/docs" { "Documents" } " · " a href="/indicator" { "Indicators" } }
                }
                main { (body) }
            }
        }
    }
}

/// A message box (errors, empty results).
pub(super) fn message(text: &str) -> Markup {
    html! { p.message role="alert" { (text) } }
}

/// A figure as people write it, without a trailing `.0`.
pub(super) fn num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// `/doc?name=…` (with a fragment for a requirement or a sentence).
pub(super) fn doc_link(name: &str, fragment: Option<&str>) -> String {
    let mut s = format!("/doc?name={}", encode(name));
    if let Some(f) = fragment {
        s.push('#');
        s.push_str(f);
    }
    s
}

/// The anchor id of a requirement on its document page.
pub(super) fn req_anchor(id: &str) -> String {
    format!("r-{}", id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect::<String>())
}

/// Percent-encode a query value (everything but unreserved ASCII).
pub(super) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A query string from pairs, empty values left out.
pub(super) fn query_string(pairs: &[(&str, String)]) -> String {
    pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&")
}

/// The fields of a requirement as a definition list.
pub(super) fn requirement_fields(r: &crate::model::Requirement) -> Markup {
    let q = r.quantity.as_ref();
    html! {
        dl.fields {
            dt { "kind" } dd { (name_of(&r.kind)) }
            dt { "modality" } dd { (name_of(&r.modality)) }
            @if let Some(q) = q {
                dt { "figure" } dd {
                    (q.comparator.symbol()) " "
                    (q.value.map(num).unwrap_or_else(|| "—".into()))
                    @if let Some(m) = q.value_max { "–" (num(m)) }
                    " " (q.unit.as_deref().unwrap_or(""))
                    " (" (q.raw) ")"
                }
            }
            @if let Some(p) = &r.period { dt { "period" } dd { (p.raw) } }
            @if let Some(d) = &r.deadline { dt { "deadline" } dd { (d.raw) @if let Some(x) = &d.date { " → " (x) } } }
            @if let Some(a) = &r.actor { dt { "actor" } dd { (a) } }
            @if let Some(a) = &r.action { dt { "action" } dd { (a) } }
            @if !r.section.is_empty() { dt { "section" } dd { (r.section.join(" › ")) } }
            dt { "id" } dd { code { (r.id) } }
        }
    }
}

/// The serde name of a unit-like enum (`target`, `must_not`).
pub(super) fn name_of<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}
