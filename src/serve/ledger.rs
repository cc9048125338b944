//! The 台账 of a result set, for download: the requirements a search
//! page's address selects (same words and filters, in the same order), as
//! xlsx, csv or ics, written by [`crate::ledger`].

use super::search::{Params, params_of, run};
use super::{App, Page, PageError};
use crate::ledger::{Ledger, ics, text, xlsx};
use axum::extract::{Query, State, rejection::QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The most rows one download holds.
pub(super) const MAX_ROWS: usize = 10_000;

type Q = Result<Query<BTreeMap<String, String>>, QueryRejection>;

#[derive(Clone, Copy)]
enum Format {
    Xlsx,
    Csv,
    Ics,
}

pub(super) async fn xlsx(State(app): State<Arc<App>>, q: Q) -> Response {
    super::blocking(move || download(&app, q, Format::Xlsx)).await
}

pub(super) async fn csv(State(app): State<Arc<App>>, q: Q) -> Response {
    super::blocking(move || download(&app, q, Format::Csv)).await
}

pub(super) async fn ics(State(app): State<Arc<App>>, q: Q) -> Response {
    super::blocking(move || download(&app, q, Format::Ics)).await
}

/// The ledger of the requirements a search selects.
pub(super) fn ledger_of(app: &App, params: &Params) -> Result<Ledger, PageError> {
    let view = app.view()?;
    let mut p = params.clone();
    p.req = true;
    p.page = 1;
    let (hits, _) = run(app, &view, &p, MAX_ROWS)?;
    let reqs: Vec<_> = hits.into_iter().filter_map(|h| h.requirement).collect();
    Ok(Ledger::build(&reqs))
}

fn download(app: &App, q: Q, format: Format) -> Page {
    let params = params_of(q)?;
    let l = ledger_of(app, &params)?;
    let failed = |e: String| PageError { status: StatusCode::SERVICE_UNAVAILABLE, message: e };
    let mut buf = Vec::new();
    let (mime, ext) = match format {
        Format::Xlsx => {
            buf = xlsx::to_bytes(&l, xlsx::Options::default()).map_err(|e| failed(e.to_string()))?;
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
        }
        Format::Csv => {
            text::write_csv(&l, &mut buf).map_err(|e| failed(e.to_string()))?;
            ("text/csv; charset=utf-8", "csv")
        }
        Format::Ics => {
            ics::write_ics(&l, &ics::now_stamp(), ics::Options::default(), &mut buf)
                .map_err(|e| failed(e.to_string()))?;
            ("text/calendar; charset=utf-8", "ics")
        }
    };
    let disposition = format!("attachment; filename=\"taizhang-ledger.{ext}\"");
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
        (
            header::CONTENT_DISPOSITION,
            HeaderValue::from_str(&disposition).unwrap_or(HeaderValue::from_static("attachment")),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
    ];
    Ok((StatusCode::OK, headers, buf).into_response())
}
