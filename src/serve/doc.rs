//! The document page: the source text with every requirement lit up in
//! place from its byte spans (the sentence, and the figure inside it), the
//! parts and sections in a side outline, the fields of each requirement in
//! a card its sentence links to, and on request the rejected candidates,
//! each with the rule that rejected it.
//!
//! Only a document named in the index's manifest is read, by that exact
//! name: no other path can be reached from an address.

use super::catalog::{DocInfo, requirements_of};
use super::html::{self, doc_link, req_anchor};
use super::{App, Page, PageError, html_response};
use crate::document::Document;
use crate::extract::{Options, Rejection, extract_with};
use crate::model::Requirement;
use crate::source::{Input, read_input};
use axum::extract::{Query, State, rejection::QueryRejection};
use axum::response::Response;
use maud::{Markup, PreEscaped, html};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

pub(super) async fn handler(
    State(app): State<Arc<App>>,
    q: Result<Query<BTreeMap<String, String>>, QueryRejection>,
) -> Response {
    super::blocking(move || page(&app, q)).await
}

/// Escape text for HTML (element content and quoted attributes).
pub(super) fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// One piece of markup at a byte offset of the source. At one offset,
/// closings come first (inner before outer), then anchors, then openings
/// (outer before inner), so properly nested spans stay nested.
struct Tag {
    at: usize,
    rank: u8,
    html: String,
}

const CLOSE_INNER: u8 = 0;
const CLOSE_OUTER: u8 = 1;
const ANCHOR: u8 = 2;
const OPEN_OUTER: u8 = 3;
const OPEN_INNER: u8 = 4;

/// The source text as HTML with the requirements, figures, rejections and
/// anchors marked. Spans that are not on character boundaries, or that
/// would cross another, are left unmarked rather than break the nesting.
fn render_source(source: &str, reqs: &[Requirement], rejections: &[Rejection], anchors: &[(usize, String)]) -> String {
    let ok =
        |a: usize, b: usize| a < b && b <= source.len() && source.is_char_boundary(a) && source.is_char_boundary(b);
    // Sentences holding requirements, the outer spans.
    let mut sentences: BTreeMap<(usize, usize), Vec<&Requirement>> = BTreeMap::new();
    for r in reqs {
        let [a, b] = r.sentence_span;
        if ok(a, b) {
            sentences.entry((a, b)).or_default().push(r);
        }
    }
    let mut outer: Vec<((usize, usize), Vec<&Requirement>)> = Vec::new();
    for (span, rs) in sentences {
        if outer.last().is_none_or(|(last, _)| span.0 >= last.1) {
            outer.push((span, rs));
        }
    }
    let mut tags: Vec<Tag> = Vec::new();
    let mut inner: Vec<(usize, usize, String)> = Vec::new();
    for ((a, b), rs) in &outer {
        let kind = html::name_of(&rs[0].kind);
        let ids: Vec<&str> = rs.iter().map(|r| r.id.as_str()).collect();
        let mut open =
            format!("<a class=\"req {kind}\" href=\"#{}\" data-span=\"{a}-{b}\" data-reqs=\"", req_anchor(&rs[0].id));
        escape(&ids.join(" "), &mut open);
        open.push_str("\">");
        tags.push(Tag { at: *a, rank: OPEN_OUTER, html: open });
        tags.push(Tag { at: *b, rank: CLOSE_OUTER, html: "</a>".into() });
        for r in rs {
            if let Some(q) = &r.quantity {
                let mut t = String::from("<mark class=\"qty\" data-span=\"");
                t.push_str(&format!("{}-{}\" title=\"", q.span[0], q.span[1]));
                escape(&r.id, &mut t);
                t.push_str("\">");
                inner.push((q.span[0], q.span[1], t));
            }
        }
    }
    for rj in rejections {
        let mut t = format!("<mark class=\"rej\" data-span=\"{}-{}\" data-rule=\"", rj.span[0], rj.span[1]);
        escape(rj.rule, &mut t);
        t.push_str("\" title=\"rejected: ");
        escape(rj.rule, &mut t);
        t.push_str("\">");
        inner.push((rj.span[0], rj.span[1], t));
    }
    inner.sort_by_key(|x| (x.0, x.1));
    let mut last_end = 0;
    for (a, b, open) in inner {
        if !ok(a, b) || a < last_end {
            continue;
        }
        // Inside one sentence, or outside them all.
        let crosses = outer.iter().any(|((s, e), _)| (a < *s && b > *s) || (a < *e && b > *e));
        if crosses {
            continue;
        }
        tags.push(Tag { at: a, rank: OPEN_INNER, html: open });
        tags.push(Tag { at: b, rank: CLOSE_INNER, html: "</mark>".into() });
        last_end = b;
    }
    for (at, id) in anchors {
        if *at <= source.len() && source.is_char_boundary(*at) {
            let mut t = String::from("<span id=\"");
            escape(id, &mut t);
            t.push_str("\"></span>");
            tags.push(Tag { at: *at, rank: ANCHOR, html: t });
        }
    }
    tags.sort_by_key(|t| (t.at, t.rank));
    let mut out = String::with_capacity(source.len() * 2);
    let mut at = 0;
    for t in tags {
        escape(&source[at..t.at], &mut out);
        out.push_str(&t.html);
        at = t.at;
    }
    escape(&source[at..], &mut out);
    out
}

fn card(name: &str, r: &Requirement) -> Markup {
    html! {
        div.card id=(req_anchor(&r.id)) data-id=(r.id) {
            span class={ "badge " (html::name_of(&r.kind)) } { (html::name_of(&r.kind)) }
            a href=(doc_link(name, Some(&format!("s-{}", r.sentence_span[0])))) { "in the text ↑" }
            (html::requirement_fields(r))
        }
    }
}

/// What the page shows of a document read from its file.
struct Read {
    doc: Document,
    requirements: Vec<Requirement>,
    rejections: Vec<Rejection>,
    changed: bool,
}

fn read(info: &DocInfo, rejected: bool) -> Result<Read, crate::Error> {
    let src = read_input(&Input::Path(PathBuf::from(&info.name)))?;
    let changed = crate::index::content_hash(&src.text) != info.hash;
    let doc = Document::analyze(info.name.clone(), src.text);
    let ex = extract_with(&doc, Options { rejections: rejected });
    Ok(Read { doc, requirements: ex.requirements, rejections: ex.rejections, changed })
}

fn outline(name: &str, d: &Document) -> Markup {
    let sections = &d.seg.outline.sections;
    let depth = |mut i: usize| {
        let mut n = 0;
        while let Some(p) = sections[i].parent {
            n += 1;
            i = p;
            if n > 16 {
                break;
            }
        }
        n
    };
    html! {
        @if !d.structure.parts.is_empty() {
            h3 { "Parts" }
            ul.parts {
                @for p in &d.structure.parts {
                    @let at = d.norm.to_source(p.range.clone()).start;
                    li { a href=(doc_link(name, Some(&format!("p-{at}")))) { (html::name_of(&p.part)) } " " span.count { (p.cue) } }
                }
            }
        }
        h3 { "Sections" }
        @if sections.is_empty() { p.count { "no numbered headings" } }
        ul.outline {
            @for (i, s) in sections.iter().enumerate() {
                li style={ "padding-left:" (depth(i)) "em" } {
                    a href=(doc_link(name, Some(&format!("sec-{i}")))) { (d.source_slice(s.title.clone())) }
                }
            }
        }
    }
}

fn page(app: &App, q: Result<Query<BTreeMap<String, String>>, QueryRejection>) -> Page {
    let Query(m) = q.map_err(|e| PageError::bad(format!("cannot read the address: {e}")))?;
    let name = m.get("name").cloned().unwrap_or_default();
    if name.is_empty() {
        return Err(PageError::bad("which document? give ?name= as listed on /docs"));
    }
    let rejected = m.get("rejected").is_some_and(|v| v == "1");
    let view = app.view()?;
    let info = view
        .catalog
        .docs
        .get(&name)
        .cloned()
        .ok_or_else(|| PageError::not_found(format!("`{name}` is not a document of the index; see /docs")))?;
    let toggle = if rejected { doc_link(&name, None) } else { format!("{}&rejected=1", doc_link(&name, None)) };
    let head = html! {
        h1 { (info.label()) }
        p.summary {
            span { (info.name) }
            @if let Some(y) = info.year { span { (y) } }
            @if let Some(t) = &info.doc_type { span { (t) } }
            @if let Some(i) = &info.issuer { span { (i) } }
            a href=(toggle) { @if rejected { "hide rejected candidates" } @else { "show rejected candidates" } }
        }
    };
    let body = match read(&info, rejected) {
        Ok(r) => {
            let d = &r.doc;
            let mut anchors: Vec<(usize, String)> = Vec::new();
            for (i, s) in d.seg.outline.sections.iter().enumerate() {
                anchors.push((d.norm.to_source(s.title.clone()).start, format!("sec-{i}")));
            }
            for p in &d.structure.parts {
                let at = d.norm.to_source(p.range.clone()).start;
                anchors.push((at, format!("p-{at}")));
            }
            let mut starts: Vec<usize> =
                d.seg.sentences.iter().map(|s| d.norm.to_source(s.range.clone()).start).collect();
            starts.extend(r.requirements.iter().map(|x| x.sentence_span[0]));
            starts.sort_unstable();
            starts.dedup();
            anchors.extend(starts.into_iter().map(|s| (s, format!("s-{s}"))));
            anchors.sort();
            anchors.dedup_by(|a, b| a.1 == b.1);
            let text = render_source(&d.source, &r.requirements, &r.rejections, &anchors);
            html! {
                (head)
                @if r.changed {
                    (html::message("The file changed since it was indexed: it is shown as it is now; run `taizhang index` to update the search."))
                }
                div.layout.doc {
                    aside { (outline(&name, d)) }
                    article.source id="source" data-requirements=(r.requirements.len()) { (PreEscaped(text)) }
                    aside.cards {
                        h3 { (r.requirements.len()) " requirements" }
                        @for x in &r.requirements { (card(&name, x)) }
                        @if rejected {
                            h3 { (r.rejections.len()) " rejected candidates" }
                            @for x in &r.rejections {
                                div.card.rejected { code { (x.raw) } " — " strong { (x.rule) } }
                            }
                        }
                    }
                }
            }
        }
        Err(e) => {
            let reqs = requirements_of(view.index, &view.searcher, &name).map_err(|e| view.fail(e))?;
            html! {
                (head)
                (html::message(&format!("The source cannot be read now ({e}); the requirements as indexed:")))
                @for x in &reqs {
                    div.card id=(req_anchor(&x.id)) { p { (x.sentence) } (html::requirement_fields(x)) }
                }
            }
        }
    };
    Ok(html_response(html::page(info.label(), "", body)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_the_text() {
        let out = render_source("<script>alert(1)</script>&\"'", &[], &[], &[]);
        assert_eq!(out, "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;");
    }

    #[test]
    fn marks_a_real_requirement_where_its_spans_are() {
        let text = "各区每季度至少开展1次安全生产检查。";
        let doc = Document::analyze("t.txt", text);
        let ex = crate::extract::extract(&doc);
        assert!(!ex.requirements.is_empty());
        let out = render_source(text, &ex.requirements, &[], &[(0, "s-0".into())]);
        let q = ex.requirements[0].quantity.as_ref().expect("figure");
        assert!(out.starts_with("<span id=\"s-0\"></span><a class=\"req target\""), "{out}");
        assert!(out.contains(&format!(">{}</mark>", q.raw)), "{out}");
    }
}
