//! The search page: the query box with the CLI's filters (and a year
//! range and an issuer), facet counts, highlighted hits, sorting, paging;
//! the address of the page is the permalink of the query.

use super::facets::{Counts, FacetCollector};
use super::html::{self, doc_link, encode, num, query_string, req_anchor};
use super::{App, Page, PageError, View, blocking, html_response};
use crate::index::{Hit, Prepared, Record, SearchQuery, schema};
use crate::model::Kind;
use axum::extract::{Query, State, rejection::QueryRejection};
use axum::http::StatusCode;
use axum::response::Response;
use maud::{Markup, html};
use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, EmptyQuery, Occur, Query as TQuery, RangeQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, SegmentReader, Term};

/// Hits per page.
pub(super) const PAGE: usize = 20;
/// How deep paging may go (hits skipped).
const MAX_OFFSET: usize = 10_000;

/// The orders of the hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Sort {
    /// Best match first (requirements above bare sentences).
    #[default]
    Score,
    /// Newest first.
    YearDesc,
    /// Oldest first.
    YearAsc,
    /// Largest figure first.
    ValueDesc,
    /// Smallest figure first.
    ValueAsc,
}

const SORTS: [(Sort, &str, &str); 5] = [
    (Sort::Score, "score", "best match"),
    (Sort::YearDesc, "year_desc", "newest"),
    (Sort::YearAsc, "year_asc", "oldest"),
    (Sort::ValueDesc, "value_desc", "largest figure"),
    (Sort::ValueAsc, "value_asc", "smallest figure"),
];

/// The parameters of a search page, as in its address.
#[derive(Debug, Clone, Default)]
pub(super) struct Params {
    pub q: String,
    pub year_from: Option<i32>,
    pub year_to: Option<i32>,
    pub kind: Option<Kind>,
    pub doc_type: String,
    pub unit: String,
    pub actor: String,
    pub issuer: String,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub req: bool,
    pub sort: Sort,
    pub page: usize,
}

fn number<T: std::str::FromStr>(m: &BTreeMap<String, String>, key: &str, what: &str) -> Result<Option<T>, PageError> {
    match m.get(key).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse().map(Some).map_err(|_| PageError::bad(format!("{what} `{s}` is not a number"))),
    }
}

impl Params {
    /// Read the parameters of an address; a value that cannot be read is a
    /// message for the person.
    pub(super) fn parse(m: &BTreeMap<String, String>) -> Result<Params, PageError> {
        let text = |k: &str| m.get(k).map(|s| s.trim().to_string()).unwrap_or_default();
        let kind = match text("kind").as_str() {
            "" => None,
            "target" => Some(Kind::Target),
            "achievement" => Some(Kind::Achievement),
            other => return Err(PageError::bad(format!("kind `{other}` is neither target nor achievement"))),
        };
        let sort = match text("sort").as_str() {
            "" => Sort::Score,
            s => SORTS
                .iter()
                .find(|(_, name, _)| *name == s)
                .map(|x| x.0)
                .ok_or_else(|| PageError::bad(format!("cannot sort by `{s}`")))?,
        };
        let p = Params {
            q: text("q"),
            year_from: number(m, "year_from", "the first year")?,
            year_to: number(m, "year_to", "the last year")?,
            kind,
            doc_type: text("doc_type"),
            unit: text("unit"),
            actor: text("actor"),
            issuer: text("issuer"),
            min: number(m, "min", "the smallest value")?,
            max: number(m, "max", "the largest value")?,
            req: matches!(text("req").as_str(), "1" | "on" | "true"),
            sort,
            page: number::<usize>(m, "page", "the page")?.unwrap_or(1).max(1),
        };
        if let (Some(a), Some(b)) = (p.year_from, p.year_to)
            && a > b
        {
            return Err(PageError::bad(format!("the first year ({a}) is after the last ({b}); swap them")));
        }
        if (p.page - 1).saturating_mul(PAGE) > MAX_OFFSET {
            return Err(PageError::bad(format!("pages go up to {}; narrow the search instead", MAX_OFFSET / PAGE + 1)));
        }
        Ok(p)
    }

    /// The parameters as address pairs (the permalink), page left out.
    pub(super) fn pairs(&self) -> Vec<(&'static str, String)> {
        let o = |v: Option<i32>| v.map(|x| x.to_string()).unwrap_or_default();
        let f = |v: Option<f64>| v.map(num).unwrap_or_default();
        let sort = SORTS.iter().find(|x| x.0 == self.sort && x.0 != Sort::Score).map(|x| x.1.to_string());
        vec![
            ("q", self.q.clone()),
            ("year_from", o(self.year_from)),
            ("year_to", o(self.year_to)),
            ("kind", self.kind.map(|k| html::name_of(&k)).unwrap_or_default()),
            ("doc_type", self.doc_type.clone()),
            ("unit", self.unit.clone()),
            ("actor", self.actor.clone()),
            ("issuer", self.issuer.clone()),
            ("min", f(self.min)),
            ("max", f(self.max)),
            ("req", if self.req { "1".into() } else { String::new() }),
            ("sort", sort.unwrap_or_default()),
        ]
    }

    /// The address of this search with `change` applied (page reset).
    fn with(&self, change: impl FnOnce(&mut Params)) -> String {
        let mut p = self.clone();
        p.page = 1;
        change(&mut p);
        format!("/?{}", query_string(&p.pairs()))
    }

    fn page_link(&self, page: usize) -> String {
        let mut pairs = self.pairs();
        pairs.push(("page", page.to_string()));
        format!("/?{}", query_string(&pairs))
    }

    fn empty_or(s: &str) -> Option<String> {
        (!s.is_empty()).then(|| s.to_string())
    }

    /// The library's search of these parameters (the year range and the
    /// issuer are added in [`Params::prepare`]).
    fn search_query(&self) -> SearchQuery {
        SearchQuery {
            text: self.q.clone(),
            year: None,
            kind: self.kind,
            doc_type: Params::empty_or(&self.doc_type),
            unit: Params::empty_or(&self.unit),
            actor: Params::empty_or(&self.actor),
            period: None,
            min: self.min,
            max: self.max,
            requirements_only: self.req,
            limit: PAGE,
        }
    }

    /// The prepared query with every filter.
    pub(super) fn prepare(&self, view: &View<'_>) -> Result<Prepared, PageError> {
        let mut p = view.index.prepare(&view.searcher, &self.search_query()).map_err(|e| view.fail(e))?;
        let f = view.index.fields();
        let mut extra: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        if self.year_from.is_some() || self.year_to.is_some() {
            let b = |v: Option<i32>| {
                v.map_or(Bound::Unbounded, |y| Bound::Included(Term::from_field_i64(f.year, y.into())))
            };
            extra.push((Occur::Must, Box::new(RangeQuery::new(b(self.year_from), b(self.year_to)))));
        }
        if !self.issuer.is_empty() {
            let docs: Vec<(Occur, Box<dyn TQuery>)> = view
                .catalog
                .of_issuer(&self.issuer)
                .map(|d| {
                    let t = Term::from_field_text(f.doc, d);
                    (Occur::Should, Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn TQuery>)
                })
                .collect();
            let q: Box<dyn TQuery> =
                if docs.is_empty() { Box::new(EmptyQuery) } else { Box::new(BooleanQuery::new(docs)) };
            extra.push((Occur::Must, q));
        }
        if !extra.is_empty() {
            let main = std::mem::replace(&mut p.query, Box::new(EmptyQuery));
            extra.insert(0, (Occur::Must, main));
            p.query = Box::new(BooleanQuery::new(extra));
        }
        Ok(p)
    }
}

/// A key to sort by, read from a fast field; a hit without one sorts last.
fn fast_key(seg: &SegmentReader, sort: Sort) -> impl Fn(DocId) -> f64 + use<> {
    let ff = seg.fast_fields();
    let (year, value) = match sort {
        Sort::YearAsc | Sort::YearDesc => (ff.i64(schema::YEAR).ok(), None),
        _ => (None, ff.f64(schema::VALUE).ok()),
    };
    move |doc: DocId| {
        let v = match (&year, &value) {
            (Some(c), _) => c.first(doc).map(|y| y as f64),
            (_, Some(c)) => c.first(doc),
            _ => None,
        };
        match (v, sort) {
            (Some(v), Sort::YearAsc | Sort::ValueAsc) => -v,
            (Some(v), _) => v,
            (None, _) => f64::NEG_INFINITY,
        }
    }
}

/// One page of hits and the facet counts.
pub(super) fn run(app: &App, view: &View<'_>, params: &Params, limit: usize) -> Result<(Vec<Hit>, Counts), PageError> {
    let p = params.prepare(view)?;
    let s = &view.searcher;
    let search = query_string(&Params { sort: Sort::Score, page: 1, ..params.clone() }.pairs());
    let kept = app.facets.lock().unwrap_or_else(|e| e.into_inner()).get(&view.catalog.key, &search);
    let counts = match kept {
        Some(c) => c,
        None => {
            let c = s.search(&p.query, &FacetCollector).map_err(|e| PageError::index(e.into()))?;
            app.facets.lock().unwrap_or_else(|e| e.into_inner()).put(&view.catalog.key, search, c.clone());
            c
        }
    };
    let offset = (params.page - 1) * limit;
    let hits = if params.sort == Sort::Score {
        view.index.top_by_score(s, &p, offset, limit).map_err(|e| view.fail(e))?
    } else {
        let sort = params.sort;
        let c = TopDocs::with_limit(limit.max(1))
            .and_offset(offset)
            .custom_score(move |seg: &SegmentReader| fast_key(seg, sort));
        let top = s.search(&p.query, &c).map_err(|e| PageError::index(e.into()))?;
        let mut hits = Vec::with_capacity(top.len());
        for (_, addr) in top {
            hits.push(view.index.hit_at(s, 0.0, addr, &p).map_err(|e| view.fail(e))?);
        }
        hits
    };
    Ok((hits, counts))
}

pub(super) fn params_of(q: Result<Query<BTreeMap<String, String>>, QueryRejection>) -> Result<Params, PageError> {
    let Query(m) = q.map_err(|e| PageError::bad(format!("cannot read the address: {e}")))?;
    Params::parse(&m)
}

pub(super) async fn handler(
    State(app): State<Arc<App>>,
    q: Result<Query<BTreeMap<String, String>>, QueryRejection>,
) -> Response {
    blocking(move || page(&app, q)).await
}

fn page(app: &App, q: Result<Query<BTreeMap<String, String>>, QueryRejection>) -> Page {
    let params = params_of(q)?;
    let view = app.view()?;
    let title = if params.q.is_empty() { "Search".to_string() } else { params.q.clone() };
    // A query the person can fix is shown on the page with the form kept.
    match run(app, &view, &params, PAGE) {
        Ok((hits, counts)) => Ok(html_response(html::page(&title, &params.q, results(&view, &params, &hits, &counts)))),
        Err(e) if e.status == StatusCode::BAD_REQUEST => {
            let body = html! { div.layout { aside { (filters(&params)) } section { (html::message(&e.message)) } } };
            let mut r = html_response(html::page(&title, &params.q, body));
            *r.status_mut() = StatusCode::BAD_REQUEST;
            Ok(r)
        }
        Err(e) => Err(e),
    }
}

fn filters(p: &Params) -> Markup {
    let o = |v: Option<i32>| v.map(|x| x.to_string()).unwrap_or_default();
    let f = |v: Option<f64>| v.map(num).unwrap_or_default();
    let kind = p.kind.map(|k| html::name_of(&k)).unwrap_or_default();
    html! {
        form.filters action="/" method="get" {
            label { "Words" input type="search" name="q" value=(p.q); }
            label { "Years" }
            div.pair {
                input type="number" name="year_from" value=(o(p.year_from)) placeholder="from" aria-label="first year";
                input type="number" name="year_to" value=(o(p.year_to)) placeholder="to" aria-label="last year";
            }
            label { "Kind"
                select name="kind" {
                    option value="" selected[kind.is_empty()] { "any" }
                    option value="target" selected[kind == "target"] { "target 目标" }
                    option value="achievement" selected[kind == "achievement"] { "achievement 完成" }
                }
            }
            label { "Document type" input type="text" name="doc_type" value=(p.doc_type) placeholder="责任书"; }
            label { "Issuer" input type="text" name="issuer" value=(p.issuer); }
            label { "Unit" input type="text" name="unit" value=(p.unit) placeholder="% 次 万人"; }
            label { "Value" }
            div.pair {
                input type="text" name="min" value=(f(p.min)) placeholder="min" aria-label="smallest value";
                input type="text" name="max" value=(f(p.max)) placeholder="max" aria-label="largest value";
            }
            label { "Actor" input type="text" name="actor" value=(p.actor); }
            label { input type="checkbox" name="req" value="1" checked[p.req]; " requirements only" }
            label { "Sort"
                select name="sort" {
                    @for (s, name, label) in SORTS {
                        option value=(name) selected[s == p.sort] { (label) }
                    }
                }
            }
            p { button type="submit" { "Search" } " " a href="/" { "clear" } }
        }
    }
}

fn facet_list<K: ToString>(
    title: &str,
    items: impl IntoIterator<Item = (K, usize)>,
    link: impl Fn(&str) -> String,
) -> Markup {
    let items: Vec<(String, usize)> = items.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
    html! {
        @if !items.is_empty() {
            h3 { (title) }
            ul.facet data-facet=(title) {
                @for (k, n) in items.iter().take(25) {
                    li { a href=(link(k)) { (k) } " " span.count { (n) } }
                }
            }
        }
    }
}

fn facets(view: &View<'_>, p: &Params, c: &Counts) -> Markup {
    let mut issuers: BTreeMap<String, usize> = BTreeMap::new();
    for (doc, n) in &c.doc {
        if let Some(i) = view.catalog.docs.get(doc).and_then(|d| d.issuer.clone()) {
            *issuers.entry(i).or_insert(0) += n;
        }
    }
    let by_count = |m: BTreeMap<String, usize>| {
        let mut v: Vec<(String, usize)> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    };
    html! {
        (facet_list("Year", c.year.iter().rev().map(|(y, n)| (*y, *n)), |y| {
            let y: Option<i32> = y.parse().ok();
            p.with(|q| { q.year_from = y; q.year_to = y; })
        }))
        (facet_list("Document type", by_count(c.doc_type.clone()), |d| p.with(|q| q.doc_type = d.to_string())))
        (facet_list("Issuer", by_count(issuers), |i| p.with(|q| q.issuer = i.to_string())))
        (facet_list("Unit", by_count(c.unit.clone()), |u| p.with(|q| { q.unit = u.to_string(); })))
    }
}

fn hit_view(view: &View<'_>, h: &Hit) -> Markup {
    let local = h.local_highlights();
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    let mut at = 0;
    for r in &local {
        if r.start < at {
            continue;
        }
        pieces.push((false, &h.sentence[at..r.start]));
        pieces.push((true, &h.sentence[r.start..r.end]));
        at = r.end;
    }
    pieces.push((false, &h.sentence[at..]));
    let anchor = match &h.requirement {
        Some(r) => req_anchor(&r.id),
        None => format!("s-{}", h.sentence_span[0]),
    };
    let title = view.catalog.docs.get(&h.doc).map_or(h.doc.as_str(), |d| d.label());
    html! {
        article.hit data-record=(if h.record == Record::Requirement { "requirement" } else { "sentence" })
            data-year=[h.year] data-value=[h.requirement.as_ref().and_then(|r| r.quantity.as_ref()).and_then(|q| q.value).map(num)] {
            div.where {
                @if let Some(r) = &h.requirement {
                    span class={ "badge " (html::name_of(&r.kind)) } { (html::name_of(&r.kind)) }
                } @else {
                    span.badge { "sentence" }
                }
                a href=(doc_link(&h.doc, Some(&anchor))) { (title) }
                @if let Some(y) = h.year { " · " (y) }
                @if !h.section.is_empty() { " · " (h.section.join(" › ")) }
            }
            p.sentence {
                @for (lit, text) in &pieces {
                    @if *lit { mark { (text) } } @else { (text) }
                }
            }
            @if let Some(r) = &h.requirement {
                div.where {
                    @if let Some(q) = &r.quantity {
                        "figure " strong { (q.comparator.symbol()) " " (q.value.map(num).unwrap_or_else(|| "—".into())) " " (q.unit.as_deref().unwrap_or("")) }
                    }
                    @if let Some(a) = &r.actor { " · actor " (a) }
                    @if let Some(a) = &r.action {
                        " · " a href={ "/indicator?name=" (encode(a)) } { "indicator: " (a) }
                    }
                }
            }
        }
    }
}

fn results(view: &View<'_>, p: &Params, hits: &[Hit], c: &Counts) -> Markup {
    let pages = c.total.div_ceil(PAGE).max(1);
    let permalink = p.page_link(p.page);
    let ledger = query_string(&p.pairs());
    html! {
        div.layout {
            aside {
                (filters(p))
                (facets(view, p, c))
            }
            section {
                div.summary {
                    span id="total" data-total=(c.total) { (c.total) " hits" }
                    span { "page " (p.page) " of " (pages) }
                    a href=(permalink) rel="bookmark" { "permalink" }
                    span { "台账: "
                        a href={ "/ledger.xlsx?" (ledger) } { "xlsx" } " · "
                        a href={ "/ledger.csv?" (ledger) } { "csv" } " · "
                        a href={ "/ledger.ics?" (ledger) } { "ics" }
                    }
                }
                @if hits.is_empty() {
                    (html::message("No hits. Try fewer words, or clear a filter."))
                }
                @for h in hits { (hit_view(view, h)) }
                nav.pages {
                    @if p.page > 1 { a rel="prev" href=(p.page_link(p.page - 1)) { "← previous" } }
                    @if p.page < pages && (p.page * PAGE) <= MAX_OFFSET { a rel="next" href=(p.page_link(p.page + 1)) { "next →" } }
                }
            }
        }
    }
}
