//! `taizhang serve`: every route over HTTP, on an index of real documents
//! (corpus/ and three 政府工作报告 of tests/dev), served in this process on
//! a free port of 127.0.0.1 and read with a plain HTTP/1.1 client.

use super::util::root;
use scraper::{Html, Selector};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A response.
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("utf-8 body")
    }
    pub fn html(&self) -> Html {
        Html::parse_document(&self.text())
    }
}

/// GET `path` (already percent-encoded where needed).
pub fn get(addr: SocketAddr, path: &str) -> Resp {
    get_as(addr, path, &addr.to_string())
}

/// GET `path` with `host` in the `Host` header.
pub fn get_as(addr: SocketAddr, path: &str, host: &str) -> Resp {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(s, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("end of head");
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|c| c.parse().ok()).expect("status");
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))).collect();
    let resp = Resp { status, headers, body: raw[split + 4..].to_vec() };
    assert!(resp.header("transfer-encoding").is_none(), "bodies are sent whole");
    resp
}

/// Percent-encode a query value.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

/// The documents served: corpus/, three 政府工作报告, and a real document
/// with a `<script>` written into its text.
pub struct Served {
    pub addr: SocketAddr,
    pub dir: PathBuf,
    _tmp: tempfile::TempDir,
}

pub const GZBG: [&str; 3] =
    ["d001_guowuyuan_gzbg_2016.txt", "d002_guowuyuan_gzbg_2017.txt", "d003_guowuyuan_gzbg_2018.txt"];
pub const SCRIPT_DOC: &str = "script_in_text.txt";
pub const SCRIPT: &str = "<script>document.title='pwned';window.PWNED=1</script><img src=x onerror=\"window.PWNED=2\">";

/// Copy the documents into a fresh folder and index it with the binary.
pub fn make_docs(tmp: &Path, with_gzbg: bool) -> PathBuf {
    let dir = tmp.join("docs");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for e in std::fs::read_dir(root().join("corpus")).expect("corpus") {
        let p = e.expect("entry").path();
        std::fs::copy(&p, dir.join(p.file_name().expect("name"))).expect("copy");
    }
    if with_gzbg {
        for g in GZBG {
            std::fs::copy(root().join("tests/dev/docs").join(g), dir.join(g)).expect("copy");
        }
    }
    let base = std::fs::read_to_string(root().join("corpus/001_bd2d67b045b86009.txt")).expect("read");
    let (a, b) = base.split_at(base.char_indices().nth(200).map_or(0, |(i, _)| i));
    std::fs::write(dir.join(SCRIPT_DOC), format!("{a}{SCRIPT}{b}")).expect("write");
    dir
}

pub fn index(dir: &Path, index: &Path) {
    let out = assert_cmd::Command::cargo_bin("taizhang")
        .expect("binary")
        .arg("index")
        .arg(dir)
        .arg("--index")
        .arg(index)
        .output()
        .expect("index");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Serve the index in `dir` from a thread of this process.
pub fn start(index: &Path) -> SocketAddr {
    let app = taizhang::serve::App::open(index).expect("open index");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let addr: SocketAddr = "127.0.0.1:0".parse().expect("addr");
        taizhang::serve::run(app, addr, |a| tx.send(a).expect("send")).expect("serve");
    });
    rx.recv().expect("bound")
}

pub fn served() -> &'static Served {
    static S: OnceLock<Served> = OnceLock::new();
    S.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = make_docs(tmp.path(), true);
        let idx = tmp.path().join("index");
        index(&dir, &idx);
        Served { addr: start(&idx), dir, _tmp: tmp }
    })
}

fn doc_name(s: &Served, file: &str) -> String {
    s.dir.join(file).display().to_string()
}

fn count(h: &Html, s: &str) -> usize {
    h.select(&sel(s)).count()
}

#[test]
fn search_page_highlights_counts_and_links() {
    let s = served();
    let r = get(s.addr, &format!("/?q={}", enc("城镇新增就业")));
    assert_eq!(r.status, 200);
    assert!(r.header("content-security-policy").is_some_and(|v| v.contains("default-src 'none'")));
    let h = r.html();
    let marks: Vec<String> = h.select(&sel("article.hit mark")).map(|m| m.text().collect()).collect();
    assert!(!marks.is_empty());
    assert!(marks.iter().all(|m| m == "城镇新增就业"), "{marks:?}");
    // Requirements first, each linked to its card on the document page.
    let first = h.select(&sel("article.hit")).next().expect("a hit");
    assert_eq!(first.value().attr("data-record"), Some("requirement"));
    let link = first.select(&sel(".where a")).next().expect("link").value().attr("href").expect("href");
    assert!(link.starts_with("/doc?name=") && link.contains("#r-"), "{link}");
    // Facets by year list the three reports' years.
    let years: Vec<String> = h.select(&sel("ul[data-facet=Year] li a")).map(|a| a.text().collect::<String>()).collect();
    for y in ["2016", "2017", "2018"] {
        assert!(years.iter().any(|x| x == y), "{years:?}");
    }
    assert!(count(&h, "ul[data-facet=Issuer] li") >= 1);
    assert!(count(&h, "ul[data-facet=Unit] li") >= 1);
    for f in ["xlsx", "csv", "ics"] {
        assert!(r.text().contains(&format!("/ledger.{f}?q=")), "{f}");
    }
    // A bare sentence's link leads to an anchor at that sentence.
    let r = get(s.addr, &format!("/?q={}", enc("微腐败")));
    let h = r.html();
    let bare = h.select(&sel("article.hit[data-record=sentence] .where a")).next().expect("a bare sentence hit");
    let href = bare.value().attr("href").expect("href");
    let (page, id) = href.split_once('#').expect("fragment");
    let doc = get(s.addr, page).html();
    assert_eq!(count(&doc, &format!("[id='{id}']")), 1, "{href}");
}

#[test]
fn filters_narrow_and_facets_follow() {
    let s = served();
    let r = get(s.addr, &format!("/?q={}&kind=target&year_from=2017&year_to=2017", enc("增长")));
    assert_eq!(r.status, 200);
    let h = r.html();
    let hits: Vec<_> = h.select(&sel("article.hit")).collect();
    assert!(!hits.is_empty());
    for a in &hits {
        assert_eq!(a.value().attr("data-record"), Some("requirement"));
        assert_eq!(a.value().attr("data-year"), Some("2017"));
        assert!(a.select(&sel(".badge.target")).next().is_some());
    }
    let years: Vec<String> = h.select(&sel("ul[data-facet=Year] li a")).map(|a| a.text().collect()).collect();
    assert_eq!(years, ["2017"]);
    // The form keeps what was asked.
    assert!(count(&h, "select[name=kind] option[value=target][selected]") == 1);
    // A value range and a unit.
    let r = get(s.addr, &format!("/?q=&unit={}&min=5&max=10&req=1", enc("%")));
    let h = r.html();
    let values: Vec<f64> =
        h.select(&sel("article.hit")).filter_map(|a| a.value().attr("data-value")?.parse().ok()).collect();
    assert!(!values.is_empty());
    assert!(values.iter().all(|v| (5.0..=10.0).contains(v)), "{values:?}");
}

#[test]
fn sorting_and_paging() {
    let s = served();
    let values = |sort: &str, page: usize| -> Vec<f64> {
        let r = get(s.addr, &format!("/?q=&unit={}&req=1&sort={sort}&page={page}", enc("%")));
        assert_eq!(r.status, 200);
        r.html().select(&sel("article.hit")).filter_map(|a| a.value().attr("data-value")?.parse().ok()).collect()
    };
    let desc = values("value_desc", 1);
    assert_eq!(desc.len(), 20);
    assert!(desc.windows(2).all(|w| w[0] >= w[1]), "{desc:?}");
    let page2 = values("value_desc", 2);
    assert!(page2.first().is_some_and(|v| *v <= desc[19]), "{page2:?}");
    let asc = values("value_asc", 1);
    assert!(asc.windows(2).all(|w| w[0] <= w[1]), "{asc:?}");
    let years = |sort: &str| -> Vec<i64> {
        let r = get(s.addr, &format!("/?q={}&sort={sort}", enc("就业")));
        r.html().select(&sel("article.hit")).filter_map(|a| a.value().attr("data-year")?.parse().ok()).collect()
    };
    let y = years("year_desc");
    assert!(y.windows(2).all(|w| w[0] >= w[1]) && y.len() > 1, "{y:?}");
    let y = years("year_asc");
    assert!(y.windows(2).all(|w| w[0] <= w[1]), "{y:?}");
    // Page links and the permalink carry every parameter.
    let r = get(s.addr, &format!("/?q={}&kind=target&sort=year_desc", enc("就业")));
    let h = r.html();
    let next = h.select(&sel("a[rel=next]")).next().expect("next").value().attr("href").expect("href").to_string();
    assert!(next.contains("kind=target") && next.contains("sort=year_desc") && next.contains("page=2"), "{next}");
    let perma = h.select(&sel("a[rel=bookmark]")).next().expect("permalink").value().attr("href").expect("href");
    assert_eq!(get(s.addr, perma).text(), r.text());
}

#[test]
fn bad_input_gives_a_message_never_a_500() {
    let s = served();
    for (path, says) in [
        (format!("/?q={}", enc("\"城镇")), "cannot understand the query"),
        (format!("/?q={}", enc("nosuch:就业")), "no field"),
        ("/?min=abc".to_string(), "not a number"),
        ("/?min=10&max=1".to_string(), "above the maximum"),
        ("/?year_from=2020&year_to=2010".to_string(), "swap them"),
        ("/?kind=plan".to_string(), "neither target nor achievement"),
        ("/?sort=random".to_string(), "cannot sort"),
        ("/?page=999999999999999999999".to_string(), "not a number"),
        ("/?page=100000".to_string(), "pages go up to"),
        ("/doc".to_string(), "which document"),
        ("/compare?old=x".to_string(), ""),
        ("/ledger.csv?min=zz".to_string(), "not a number"),
    ] {
        let r = get(s.addr, &path);
        assert!((400..500).contains(&r.status), "{path}: {}", r.status);
        assert!(r.text().contains(says), "{path}: {}", r.text());
    }
    // Bytes that are not UTF-8 are read as replacement characters: no hit.
    assert_eq!(get(s.addr, "/?q=%FF%FE").status, 200);
}

#[test]
fn document_page_lights_up_each_requirement_where_its_spans_are() {
    let s = served();
    let name = doc_name(s, GZBG[1]);
    let source = std::fs::read_to_string(&name).expect("source");
    let r = get(s.addr, &format!("/doc?name={}", enc(&name)));
    assert_eq!(r.status, 200);
    let h = r.html();
    let reqs: Vec<_> = h.select(&sel("#source a.req")).collect();
    assert!(reqs.len() > 50, "{}", reqs.len());
    for a in &reqs {
        let span = a.value().attr("data-span").expect("span");
        let (x, y) = span.split_once('-').expect("a-b");
        let (x, y): (usize, usize) = (x.parse().expect("a"), y.parse().expect("b"));
        assert_eq!(a.text().collect::<String>(), source[x..y], "sentence {span}");
        // Its link leads to a card with the fields.
        let target = a.value().attr("href").expect("href").trim_start_matches('#');
        assert_eq!(count(&h, &format!(".card[id='{target}'] dl.fields")), 1, "{target}");
    }
    let qty: Vec<_> = h.select(&sel("#source mark.qty")).collect();
    assert!(qty.len() >= reqs.len() / 2);
    for m in qty {
        let (x, y) = m.value().attr("data-span").expect("span").split_once('-').expect("a-b");
        assert_eq!(m.text().collect::<String>(), source[x.parse::<usize>().expect("a")..y.parse().expect("b")]);
    }
    // The whole text is there, in order.
    let shown: String = h.select(&sel("#source")).next().expect("source").text().collect();
    assert_eq!(shown, source);
    // The outline links to anchors that exist.
    let outline: Vec<String> = h
        .select(&sel("ul.outline a"))
        .map(|a| a.value().attr("href").expect("href").rsplit('#').next().expect("id").to_string())
        .collect();
    assert!(outline.len() > 3);
    for id in outline {
        assert_eq!(count(&h, &format!("[id='{id}']")), 1, "{id}");
    }
}

#[test]
fn rejected_candidates_on_request_with_their_rule() {
    let s = served();
    let name = doc_name(s, "001_bd2d67b045b86009.txt");
    let plain = get(s.addr, &format!("/doc?name={}", enc(&name))).html();
    assert_eq!(count(&plain, "mark.rej"), 0);
    let h = get(s.addr, &format!("/doc?name={}&rejected=1", enc(&name))).html();
    let rules: Vec<&str> = h.select(&sel("#source mark.rej")).filter_map(|m| m.value().attr("data-rule")).collect();
    assert!(!rules.is_empty());
    assert!(rules.iter().all(|r| !r.is_empty()));
    assert!(count(&h, ".card.rejected") >= rules.len());
}

#[test]
fn a_script_in_a_document_is_shown_as_text() {
    let s = served();
    let name = doc_name(s, SCRIPT_DOC);
    let r = get(s.addr, &format!("/doc?name={}", enc(&name)));
    assert_eq!(r.status, 200);
    let text = r.text();
    assert!(!text.contains("<script"), "no script element at all");
    assert!(!text.contains("<img"), "no element from the document");
    assert!(text.contains("&lt;script&gt;document.title="));
    let h = r.html();
    let shown: String = h.select(&sel("#source")).next().expect("source").text().collect();
    assert!(shown.contains(SCRIPT));
    assert!(r.header("content-security-policy").is_some_and(|v| !v.contains("script-src")));
}

#[test]
fn no_path_outside_the_index_is_served() {
    let s = served();
    for path in [
        format!("/doc?name={}", enc("/etc/passwd")),
        format!("/doc?name={}", enc("../../Cargo.toml")),
        format!("/doc?name={}", enc(&format!("{}/../index/meta.json", s.dir.display()))),
        "/static/../Cargo.toml".to_string(),
        "/static/%2e%2e/Cargo.toml".to_string(),
        "/../../etc/passwd".to_string(),
        "/Cargo.toml".to_string(),
    ] {
        let r = get(s.addr, &path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.text().contains("root:"), "{path}");
    }
    // A page elsewhere whose name points at 127.0.0.1 (DNS rebinding) is refused.
    assert_eq!(get_as(s.addr, "/", "evil.example").status, 403);
    assert_eq!(get_as(s.addr, "/", &format!("evil.example:{}", s.addr.port())).status, 403);
    assert_eq!(get_as(s.addr, "/", &format!("localhost:{}", s.addr.port())).status, 200);
    let css = get(s.addr, "/static/style.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").is_some_and(|t| t.starts_with("text/css")));
}

#[test]
fn indicator_page_plots_targets_and_results_each_linked() {
    let s = served();
    let r = get(s.addr, &format!("/indicator?name={}", enc("城镇新增就业")));
    assert_eq!(r.status, 200);
    let h = r.html();
    let points: Vec<_> = h.select(&sel("svg.chart a.point")).collect();
    assert!(points.len() >= 4, "{}", points.len());
    let kinds: std::collections::BTreeSet<&str> = points.iter().filter_map(|p| p.value().attr("class")).collect();
    assert!(kinds.contains("point target") && kinds.contains("point achievement"), "{kinds:?}");
    for p in &points {
        let href = p.value().attr("href").expect("href");
        assert!(href.starts_with("/doc?name=") && href.contains("#r-"), "{href}");
        let year: i64 = p.value().attr("data-year").expect("year").parse().expect("year");
        assert!((2016..=2018).contains(&year));
    }
    // The table behind it has a row per figure, the chart's among them.
    assert!(count(&h, "table.data tbody tr") >= points.len());
    assert!(get(s.addr, "/indicator").status == 200);
    let none = get(s.addr, &format!("/indicator?name={}", enc("不存在的指标名称")));
    assert_eq!(none.status, 200);
    assert!(none.text().contains("No requirement"));
}

#[test]
fn compare_and_track_pages_classify_as_the_cli_does() {
    let s = served();
    let (a, b) = (doc_name(s, GZBG[0]), doc_name(s, GZBG[1]));
    let r = get(s.addr, &format!("/compare?old={}&new={}", enc(&a), enc(&b)));
    assert_eq!(r.status, 200);
    let h = r.html();
    let rows = count(&h, "tr[data-change]");
    let counted: usize =
        h.select(&sel("#counts span strong")).map(|x| x.text().collect::<String>().parse::<usize>().expect("n")).sum();
    assert!(rows > 10);
    assert_eq!(rows, counted);
    // The same rows, change by change, as `taizhang compare`.
    let cli = super::util::run(&["compare", &a, &b, "--format", "json"]);
    let cli: Vec<serde_json::Value> = serde_json::from_slice(&cli.stdout).expect("json");
    let changes = |v: Vec<String>| {
        let mut m = std::collections::BTreeMap::new();
        for c in v {
            *m.entry(c).or_insert(0) += 1;
        }
        m
    };
    let page = changes(
        h.select(&sel("tr[data-change]")).filter_map(|t| t.value().attr("data-change")).map(str::to_string).collect(),
    );
    let cli = changes(cli.iter().filter_map(|r| r["change"].as_str()).map(str::to_string).collect());
    assert_eq!(page, cli);
    let r = get(s.addr, &format!("/track?plan={}&report={}", enc(&a), enc(&b)));
    assert_eq!(r.status, 200);
    let h = r.html();
    let statuses: Vec<&str> = h.select(&sel("tr[data-status]")).filter_map(|t| t.value().attr("data-status")).collect();
    assert!(statuses.contains(&"met") || statuses.contains(&"exceeded"), "{statuses:?}");
    // Each sentence has its figure marked, and the mark holds a figure.
    let marks: Vec<String> = h.select(&sel("tr[data-status] td mark")).map(|m| m.text().collect()).collect();
    assert!(marks.len() >= statuses.len() / 2);
    assert!(
        marks
            .iter()
            .all(|m| m.chars().any(|c| c.is_ascii_digit() || "〇零一二两三四五六七八九十百千万亿半".contains(c))),
        "{marks:?}"
    );
    let missing = get(s.addr, &format!("/track?plan={}&report=nosuch", enc(&a)));
    assert_eq!(missing.status, 404);
}

#[test]
fn ledger_downloads_of_a_result_set() {
    let s = served();
    let q = format!("q={}&kind=target", enc("城镇新增就业"));
    let csv = get(s.addr, &format!("/ledger.csv?{q}"));
    assert_eq!(csv.status, 200);
    assert!(csv.header("content-disposition").is_some_and(|d| d.contains("taizhang-ledger.csv")));
    let text = csv.text();
    assert!(text.trim_start_matches('\u{feff}').starts_with("序号"));
    assert!(text.lines().count() > 2);
    assert!(text.contains("城镇新增就业"));
    let x = get(s.addr, &format!("/ledger.xlsx?{q}"));
    assert_eq!(x.status, 200);
    assert!(x.body.starts_with(b"PK"));
    let i = get(s.addr, &format!("/ledger.ics?{}", format_args!("q={}", enc("每季度"))));
    assert_eq!(i.status, 200);
    assert!(i.text().starts_with("BEGIN:VCALENDAR"));
}

#[test]
fn documents_list_and_unknown_pages() {
    let s = served();
    let h = get(s.addr, "/docs").html();
    assert_eq!(count(&h, "table.data tbody tr"), 9);
    assert_eq!(count(&h, "select[name=old] option"), 9);
    assert_eq!(get(s.addr, "/nosuch").status, 404);
}

#[test]
fn keeps_serving_while_the_index_is_updated() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = make_docs(tmp.path(), false);
    let idx = tmp.path().join("index");
    index(&dir, &idx);
    let addr = start(&idx);
    let q = format!("/?q={}", enc("城镇新增就业"));
    let total = |r: &Resp| -> usize {
        let h = r.html();
        let t = h.select(&sel("#total")).next().expect("total").value().attr("data-total").expect("n").parse();
        t.expect("number")
    };
    assert_eq!(total(&get(addr, &q)), 0);
    for g in GZBG {
        std::fs::copy(root().join("tests/dev/docs").join(g), dir.join(g)).expect("copy");
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .arg("index")
        .arg(&dir)
        .arg("--index")
        .arg(&idx)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("index");
    // Every request while it runs is answered, from the old commit or the new.
    let mut served = 0;
    loop {
        let done = child.try_wait().expect("wait").is_some();
        let r = get(addr, &q);
        assert_eq!(r.status, 200, "{}", r.text());
        served += 1;
        if done || served > 2000 {
            break;
        }
    }
    assert!(child.wait().expect("wait").success());
    assert!(total(&get(addr, &q)) > 0, "the new commit is seen");
    assert!(get(addr, "/docs").html().select(&sel("table.data tbody tr")).count() == 9);
}

#[test]
fn the_command_warns_off_loopback_and_fails_without_an_index() {
    let out = super::util::run(&["serve", "--index", "/nonexistent/taizhang-index", "--port", "0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("run `taizhang index` first"));
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = make_docs(tmp.path(), false);
    let idx = tmp.path().join("index");
    index(&dir, &idx);
    for (bind, warns) in [("127.0.0.1", false), ("0.0.0.0", true)] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
            .args(["serve", "--port", "0", "--bind", bind, "--index"])
            .arg(&idx)
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("serve");
        let mut err = std::io::BufReader::new(child.stderr.take().expect("stderr"));
        let mut said = String::new();
        while !said.contains("serving") {
            let mut line = String::new();
            if std::io::BufRead::read_line(&mut err, &mut line).expect("read") == 0 {
                break;
            }
            said.push_str(&line);
        }
        child.kill().expect("kill");
        child.wait().expect("wait");
        assert!(said.contains("serving"), "{said}");
        assert_eq!(said.contains("warning: listening on 0.0.0.0"), warns, "{said}");
        // The address printed is one a browser can open.
        let url = said.split("http://").nth(1).and_then(|r| r.split('/').next()).expect("address");
        assert!(url.parse::<SocketAddr>().is_ok(), "{url}");
    }
}
