//! `taizhang serve`: a local web app over an index. A search page with
//! filters, facets and highlights; a document page with its requirements
//! lit up in the source text; an indicator across the years; compare and
//! track pages for two documents; the 台账 of any result set for download.
//!
//! Everything the pages need (one stylesheet) is compiled into the binary;
//! the pages carry no script at all, and every response forbids scripts
//! through its `Content-Security-Policy`, so text from a document can never
//! run, even if it escaped escaping. The server reloads the index when its
//! `meta.json` changes (checked before each request), so it keeps
//! answering, on the last commit, while `taizhang index` updates it in
//! another process.
//!
//! ```no_run
//! let app = taizhang::serve::App::open(std::path::Path::new(".taizhang/index"))?;
//! let addr: std::net::SocketAddr = "127.0.0.1:8080".parse().expect("address");
//! taizhang::serve::run(app, addr, |bound| eprintln!("listening on http://{bound}/"))?;
//! # Ok::<(), taizhang::serve::ServeError>(())
//! ```

mod catalog;
mod doc;
mod facets;
mod html;
mod indicator;
mod ledger;
mod pair;
mod search;

pub use catalog::{Catalog, DocInfo};

use crate::index::{Index, IndexError};
use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// What can stop the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The index cannot be opened.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// The address cannot be bound, or the runtime cannot start.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// The server's state: the open index and the catalog of its documents.
pub struct App {
    index: Index,
    catalog: Mutex<Option<Arc<Catalog>>>,
    /// The bytes of `meta.json` when the reader was last reloaded.
    meta: Mutex<Vec<u8>>,
    /// Facet counts of recent searches of the current commit.
    facets: Mutex<facets::Cache>,
}

impl App {
    /// Open the index in `dir` for serving.
    ///
    /// # Errors
    /// As [`Index::open`]: no index there, a foreign directory, an old schema.
    pub fn open(dir: &Path) -> Result<App, ServeError> {
        Ok(App::new(Index::open(dir)?))
    }

    /// Serve an index already open (tests use one in memory).
    pub fn new(index: Index) -> App {
        App {
            index,
            catalog: Mutex::new(None),
            meta: Mutex::new(Vec::new()),
            facets: Mutex::new(facets::Cache::new(facets::CACHED_SEARCHES)),
        }
    }

    /// Keep the facet counts of at most `n` searches per commit (0: count
    /// on every page; the default is 256). The counts do not change with
    /// the order or the page, so paging or re-sorting a search, or loading
    /// the front page again, does not count the hits again.
    pub fn with_facet_cache(self, n: usize) -> App {
        App { facets: Mutex::new(facets::Cache::new(n)), ..self }
    }

    /// Reload the reader when `meta.json` changed since the last reload (a
    /// commit by `taizhang index` in another process). Reloading reopens
    /// every segment and drops the document-store caches, so it is not done
    /// on every request; reading the small `meta.json` is.
    fn refresh(&self) -> Result<(), PageError> {
        let Some(dir) = self.index.dir() else { return Ok(()) };
        let now = std::fs::read(dir.join("meta.json")).unwrap_or_default();
        let mut seen = self.meta.lock().unwrap_or_else(|p| p.into_inner());
        if *seen != now {
            self.index.refresh().map_err(|e| PageError::index(self.index.diagnose(e)))?;
            *seen = now;
        }
        Ok(())
    }

    /// The index, reloaded onto its last commit, with a searcher on it and
    /// the catalog of that commit (rebuilt only when the commit changed).
    fn view(&self) -> Result<View<'_>, PageError> {
        self.refresh()?;
        let searcher = self.index.searcher().map_err(|e| PageError::index(self.index.diagnose(e)))?;
        let key = catalog::key(&searcher);
        let mut slot = self.catalog.lock().unwrap_or_else(|p| p.into_inner());
        let catalog = match slot.as_ref() {
            Some(c) if c.key == key => c.clone(),
            _ => {
                let c = Arc::new(
                    Catalog::build(&self.index, &searcher, key)
                        .map_err(|e| PageError::index(self.index.diagnose(e)))?,
                );
                *slot = Some(c.clone());
                c
            }
        };
        Ok(View { index: &self.index, searcher, catalog })
    }
}

/// What one request works on: one commit of the index.
struct View<'a> {
    index: &'a Index,
    searcher: tantivy::Searcher,
    catalog: Arc<Catalog>,
}

impl View<'_> {
    /// The page error of an index error (a damaged file named).
    fn fail(&self, e: IndexError) -> PageError {
        PageError::index(self.index.diagnose(e))
    }
}

/// A page that could not be made, shown to the person as a message.
#[derive(Debug)]
pub(crate) struct PageError {
    status: StatusCode,
    message: String,
}

impl PageError {
    pub(crate) fn bad(message: impl Into<String>) -> Self {
        PageError { status: StatusCode::BAD_REQUEST, message: message.into() }
    }
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        PageError { status: StatusCode::NOT_FOUND, message: message.into() }
    }
    /// An index error: a query or filter the person can fix is a 400; an
    /// index that cannot be read (being rebuilt, removed) a 503.
    pub(crate) fn index(e: IndexError) -> Self {
        let status = match e {
            IndexError::Query { .. } | IndexError::Filter(_) => StatusCode::BAD_REQUEST,
            _ => StatusCode::SERVICE_UNAVAILABLE,
        };
        PageError { status, message: e.to_string() }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let body = html::page("taizhang", "", html::message(&self.message));
        (self.status, page_headers(), body.into_string()).into_response()
    }
}

/// A page, or the message saying why there is none.
type Page = Result<Response, PageError>;

/// Headers of every HTML page: no script may run, nothing is loaded from
/// elsewhere, the page is not framed, the type is not sniffed.
fn page_headers() -> [(header::HeaderName, HeaderValue); 4] {
    [
        (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
    ]
}

/// An HTML page response.
fn html_response(m: maud::Markup) -> Response {
    (StatusCode::OK, page_headers(), m.into_string()).into_response()
}

/// Run `work` on the blocking pool (searching and extracting are CPU
/// work); a panic in it is a bug, reported as a 500 with a message.
async fn blocking<F>(work: F) -> Response
where
    F: FnOnce() -> Page + Send + 'static,
{
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => e.into_response(),
        Err(_) => PageError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "internal error while making this page (a bug; please report it with the address)".into(),
        }
        .into_response(),
    }
}

/// The routes of the app over `app`.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(search::handler))
        .route("/doc", get(doc::handler))
        .route("/docs", get(pair::docs_handler))
        .route("/indicator", get(indicator::handler))
        .route("/compare", get(pair::compare_handler))
        .route("/track", get(pair::track_handler))
        .route("/ledger.xlsx", get(ledger::xlsx))
        .route("/ledger.csv", get(ledger::csv))
        .route("/ledger.ics", get(ledger::ics))
        .route("/static/style.css", get(html::stylesheet))
        .fallback(not_found)
        .with_state(app)
}

async fn not_found() -> Response {
    PageError::not_found("no such page; start from the search page at /").into_response()
}

/// Whether an address is only reachable from this machine.
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

/// Whether a `Host` header names this machine (`localhost`, a 127.x
/// address, `[::1]`, with or without a port).
fn local_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// On a loopback address, refuse a request whose `Host` names another
/// machine: a web page elsewhere whose name was pointed at 127.0.0.1 (DNS
/// rebinding) must not read the index through the person's browser.
async fn loopback_only(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if local_host(host) {
        next.run(req).await
    } else {
        PageError {
            status: StatusCode::FORBIDDEN,
            message: "this server answers only addresses of this machine (localhost, 127.0.0.1)".into(),
        }
        .into_response()
    }
}

/// Serve `app` on `addr` until the process is stopped. `ready` is called
/// with the address bound (port 0 picks a free one). On a loopback address
/// only requests naming this machine in `Host` are answered.
///
/// # Errors
/// [`ServeError::Listen`] when the address cannot be bound.
pub fn run(app: App, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    let listen = |source| ServeError::Listen { addr, source };
    let rt = tokio::runtime::Builder::new_multi_thread().enable_io().build().map_err(listen)?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(listen)?;
        let bound = listener.local_addr().map_err(listen)?;
        ready(bound);
        let mut routes = router(Arc::new(app));
        if is_loopback(&bound) {
            routes = routes.layer(axum::middleware::from_fn(loopback_only));
        }
        axum::serve(listener, routes).await.map_err(listen)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn hosts_of_this_machine() {
        for h in ["localhost", "localhost:8080", "127.0.0.1:8080", "127.1.2.3", "[::1]:8080", "[::1]", "LOCALHOST"] {
            assert!(super::local_host(h), "{h}");
        }
        for h in ["", "evil.example", "evil.example:8080", "127.0.0.1.evil.example", "10.0.0.1:8080", "[::2]:80"] {
            assert!(!super::local_host(h), "{h}");
        }
    }
}
