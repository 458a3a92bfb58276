//! `quotegraph serve`: a local web page over a store, rendered on the
//! server. [`route`] turns a request line into a [`Route`] (pure, so
//! every odd URL is a unit test); [`App::respond`] reads what the route
//! needs from the store through indexed, `LIMIT`ed queries and hands it
//! to [`pages`], which writes the HTML; [`svg`] lays out a graph with
//! Graphviz, bounded in size and time. [`run`] is the only part that
//! touches the network.
//!
//! The HTTP server is `tiny_http`: synchronous, a handful of small
//! dependencies, and enough for one person's browser on 127.0.0.1. An
//! async stack (axum, tokio, hyper) would have doubled the dependency
//! tree and a clean release build for no gain here: SQLite serves one
//! connection at a time anyway, and requests are answered in turn.
//!
//! The store is opened read-only ([`Store::open_read_only`]): the server
//! never writes. An `add` updates the store in place, so a page shows
//! what it added once it commits (a `build --db` renames a new file into
//! place: restart to see that).

pub mod pages;
pub mod svg;

use std::cell::RefCell;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::error::{Error, Result};
use crate::store::Store;

/// Where `serve` listens and what it serves.
#[derive(Debug, Clone)]
pub struct Options {
    pub db: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
}

/// A search longer than this is refused (400): a pasted paragraph is
/// welcome, a pasted article is not a line.
pub const MAX_QUERY: usize = 2000;
/// Families a search lists.
pub const SEARCH_RESULTS: usize = 20;
/// Families the front page lists.
const TOP_FAMILIES: usize = 25;
/// Graphs of more articles than this are not laid out: Graphviz slows
/// down fast, and such a family is read better as its timeline.
pub const MAX_GRAPH_NODES: usize = 60;
/// Pairs of outlets drawn on the outlets page, and listed beside it.
pub const OUTLET_GRAPH_PAIRS: usize = 40;
pub const OUTLET_TABLE_PAIRS: usize = 200;
/// Outlets listed on the outlets page.
pub const OUTLET_ROWS: usize = 500;
/// How long Graphviz may take on one graph before it is stopped.
pub const DOT_TIMEOUT: Duration = Duration::from_secs(3);

/// What a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Home,
    Search(String),
    Family(String),
    Article(String),
    Outlets,
    NotFound,
    BadRequest(String),
    MethodNotAllowed,
}

/// The characters left as they are in a path segment we link to: an id
/// may hold anything, `/`, `?`, `#` and spaces included.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// A link to a family's page.
pub fn family_href(id: &str) -> String {
    format!("/family/{}", utf8_percent_encode(id, SEGMENT))
}

/// A link to an article's page.
pub fn article_href(id: &str) -> String {
    format!("/article/{}", utf8_percent_encode(id, SEGMENT))
}

/// A link to a search.
pub fn search_href(q: &str) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("q", q)
        .finish();
    format!("/search?{query}")
}

/// The page a request asks for: `method` and the request target (`url`,
/// path and query as the request line has them).
pub fn route(method: &str, url: &str) -> Route {
    if method != "GET" && method != "HEAD" {
        return Route::MethodNotAllowed;
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let decoded = |s: &str| percent_decode_str(s).decode_utf8().map(|c| c.into_owned());
    let id = |prefix: &str| -> Option<std::result::Result<String, Route>> {
        let rest = path.strip_prefix(prefix)?;
        Some(match decoded(rest) {
            Ok(id) if !id.is_empty() => Ok(id),
            Ok(_) => Err(Route::NotFound),
            Err(_) => Err(Route::BadRequest("the id in this address is not UTF-8".into())),
        })
    };
    if let Some(r) = id("/family/") {
        return r.map(Route::Family).unwrap_or_else(|e| e);
    }
    if let Some(r) = id("/article/") {
        return r.map(Route::Article).unwrap_or_else(|e| e);
    }
    match path {
        "/" => Route::Home,
        "/outlets" => Route::Outlets,
        "/search" => {
            let q = form_urlencoded::parse(query.as_bytes())
                .find(|(k, _)| k == "q")
                .map(|(_, v)| v);
            match q {
                None => Route::BadRequest("a search needs a line to look for (?q=…)".into()),
                Some(q) if q.chars().count() > MAX_QUERY => Route::BadRequest(format!(
                    "a search is a line or a quote: at most {MAX_QUERY} characters, not {}",
                    q.chars().count()
                )),
                Some(q) if crate::normalize::words(&q).is_empty() => {
                    Route::BadRequest("type a line or paste a quote to search for: this one has no words".into())
                }
                Some(q) => Route::Search(q.into_owned()),
            }
        }
        _ => Route::NotFound,
    }
}

/// An answer: status and HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    fn ok(body: String) -> Answer {
        Answer { status: 200, body }
    }

    fn error(status: u16, message: &str) -> Answer {
        Answer {
            status,
            body: pages::error(status, message),
        }
    }
}

/// A store and what the server keeps between requests.
pub struct App {
    store: Store,
    /// The outlets page's graph, laid out once: the store does not change
    /// while it is served.
    outlet_graph: RefCell<Option<pages::Graph>>,
}

impl App {
    /// Opens the store at `db` for reading only.
    pub fn open(db: &std::path::Path) -> Result<App> {
        Ok(App {
            store: Store::open_read_only(db)?,
            outlet_graph: RefCell::new(None),
        })
    }

    /// The answer to a route. A store error is a 500 page naming it;
    /// nothing a request holds makes this panic.
    pub fn respond(&self, route: &Route) -> Answer {
        // A page's lookups, in one read of the store.
        match self.store.in_one_read(|_| self.page(route)) {
            Ok(answer) => answer,
            Err(e) => {
                let mut message = e.to_string();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    message.push_str(&format!(": {s}"));
                    source = s.source();
                }
                Answer::error(500, &message)
            }
        }
    }

    fn page(&self, route: &Route) -> Result<Answer> {
        Ok(match route {
            Route::Home => Answer::ok(pages::home(
                &self.store.counts()?,
                &self.store.top_families(TOP_FAMILIES)?,
            )),
            Route::Search(q) => {
                // Only the reports shown are read: a line of common words
                // matches hundreds of families.
                let ids = self.store.origin_ids(q)?;
                let mut found = Vec::with_capacity(ids.len().min(SEARCH_RESULTS));
                for id in ids.iter().take(SEARCH_RESULTS) {
                    found.extend(self.store.family(id)?);
                }
                // A family or article id typed into the box is a page
                // of its own, beside any line its words match.
                let mut direct = Vec::new();
                let typed = q.trim();
                if self.store.resolve(typed)?.is_some() {
                    direct.push(("family", family_href(typed)));
                }
                if self.store.article(typed)?.is_some() {
                    direct.push(("article", article_href(typed)));
                }
                Answer::ok(pages::search(q, &direct, &found, ids.len()))
            }
            // An id, a key or an old key: a link to a family keeps
            // working after the adds that renumber, merge or re-anchor it.
            Route::Family(id) => match self.store.resolve(id)? {
                Some(r) => match self.store.family(&r.id)? {
                    Some(f) => {
                        let graph = family_graph(&f);
                        let names = pages::Names {
                            aliases: self.store.aliases(&r.key)?,
                            key: r.key,
                            asked: r.alias,
                        };
                        Answer::ok(pages::family(&f, &names, &graph))
                    }
                    None => Answer::error(404, &format!("No family {id} in this store.")),
                },
                None => Answer::error(404, &format!("No family {id} in this store.")),
            },
            Route::Article(id) => match self.store.article(id)? {
                Some(a) => Answer::ok(pages::article(&a)),
                None => Answer::error(404, &format!("No article {id} in this store.")),
            },
            Route::Outlets => {
                let counts = self.store.counts()?;
                let outlets = self.store.outlets(OUTLET_ROWS)?;
                let pairs = self.store.outlet_edges(OUTLET_TABLE_PAIRS)?;
                let mut cached = self.outlet_graph.borrow_mut();
                if cached.is_none() {
                    let drawn: Vec<(&str, &str, usize)> = pairs
                        .iter()
                        .take(OUTLET_GRAPH_PAIRS)
                        .map(|p| (p.source.as_str(), p.copy.as_str(), p.lines))
                        .collect();
                    *cached = Some(if drawn.is_empty() {
                        pages::Graph::Omitted("no outlet copied a line from another".into())
                    } else {
                        let articles = |o: &str| outlets.iter().find(|r| r.name == o).map(|r| r.articles);
                        let href = |o: &str| format!("#{}", pages::outlet_anchor(o));
                        graph(&crate::render::dot::outlet_pairs(&drawn, &articles, &href))
                    });
                }
                let graph = cached.as_ref().expect("laid out above");
                Answer::ok(pages::outlets(&counts, &outlets, &pairs, graph))
            }
            Route::NotFound => Answer::error(404, "No such page."),
            Route::BadRequest(why) => Answer::error(400, why),
            Route::MethodNotAllowed => Answer::error(405, "This server only answers GET."),
        })
    }
}

/// A family's copy edges laid out, or why not.
fn family_graph(f: &crate::provenance::FamilyReport) -> pages::Graph {
    let mut articles: Vec<&str> = f.occurrences.iter().map(|o| o.article.as_str()).collect();
    articles.sort_unstable();
    articles.dedup();
    if articles.len() > MAX_GRAPH_NODES {
        return pages::Graph::Omitted(format!(
            "not drawn: the line is in {} articles (a graph is drawn up to {MAX_GRAPH_NODES}); the timeline shows them all",
            articles.len()
        ));
    }
    if f.copy_edges.is_empty() {
        return pages::Graph::Omitted("no copy edges: no article is known to have taken the line from another".into());
    }
    graph(&crate::render::dot::family(f, &|a| article_href(a)))
}

fn graph(dot: &str) -> pages::Graph {
    match svg::render(dot, DOT_TIMEOUT) {
        Ok(svg) => pages::Graph::Svg(svg),
        Err(why) => pages::Graph::Omitted(format!("not drawn: {why}")),
    }
}

/// Serves the store at `opts.db` until the process is stopped; `ready`
/// is told the address once the server listens (with `port` 0, the port
/// the system picked).
pub fn run(opts: &Options, ready: impl FnOnce(SocketAddr)) -> Result<()> {
    let app = App::open(&opts.db)?;
    let addr = SocketAddr::new(opts.bind, opts.port);
    let listen_error = |e: Box<dyn std::error::Error + Send + Sync>| Error::Listen {
        addr: addr.to_string(),
        source: std::io::Error::other(e),
    };
    let server = tiny_http::Server::http(addr).map_err(listen_error)?;
    let bound = server.server_addr().to_ip().unwrap_or(addr);
    ready(bound);
    for request in server.incoming_requests() {
        let started = Instant::now();
        let route = route(request.method().as_str(), request.url());
        // A bug in a page must cost that page, not the server: a panic
        // is answered as a 500 and the next request served as usual.
        let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| app.respond(&route)))
            .unwrap_or_else(|_| Answer::error(500, "This page failed to render (a bug in quotegraph)."));
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes());
        let mut response = tiny_http::Response::from_string(answer.body).with_status_code(answer.status);
        let headers = [
            header("Content-Type", "text/html; charset=utf-8"),
            // The pages load nothing from elsewhere: a quote that slipped
            // past escaping could still run nothing but the pages' own
            // inline script.
            header(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
                 img-src 'self' data:; form-action 'self'; base-uri 'none'",
            ),
            header("X-Content-Type-Options", "nosniff"),
            // How long the page took to make, for the benchmark and the
            // browser's developer tools.
            header("Server-Timing", &format!("page;dur={ms:.1}")),
        ];
        for h in headers.into_iter().flatten() {
            response.add_header(h);
        }
        // A browser that went away before its answer is not the server's
        // failure; the next request is served as usual.
        let _ = request.respond(response);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_decode_ids_and_queries() {
        assert_eq!(route("GET", "/"), Route::Home);
        assert_eq!(route("GET", "/outlets"), Route::Outlets);
        assert_eq!(route("GET", "/family/F12"), Route::Family("F12".into()));
        assert_eq!(route("GET", "/article/a%2Fb%20c%3F"), Route::Article("a/b c?".into()));
        assert_eq!(route("GET", "/article/x/y"), Route::Article("x/y".into()));
        assert_eq!(
            route("GET", "/search?q=an+unacceptable+risk%21&x=1"),
            Route::Search("an unacceptable risk!".into())
        );
        assert_eq!(route("HEAD", "/outlets?x"), Route::Outlets);
    }

    #[test]
    fn odd_requests_are_404_400_or_405_never_a_panic() {
        assert_eq!(route("GET", "/nope"), Route::NotFound);
        assert_eq!(route("GET", "/family/"), Route::NotFound);
        assert_eq!(route("POST", "/"), Route::MethodNotAllowed);
        assert!(matches!(route("GET", "/search"), Route::BadRequest(_)));
        assert!(matches!(route("GET", "/search?q="), Route::BadRequest(_)));
        assert!(matches!(route("GET", "/search?q=%22%3F%21"), Route::BadRequest(_)));
        assert!(matches!(route("GET", "/family/%FF%FE"), Route::BadRequest(_)));
        let long = format!("/search?q={}", "word+".repeat(MAX_QUERY));
        assert!(matches!(route("GET", &long), Route::BadRequest(_)));
        // Broken escapes are kept as written, as browsers do.
        assert_eq!(route("GET", "/family/F%zz"), Route::Family("F%zz".into()));
        assert_eq!(route("GET", "/search?q=%zz+ok"), Route::Search("%zz ok".into()));
    }

    #[test]
    fn links_round_trip_through_the_router() {
        for id in ["F12", "harbor-gazette-2025-03-04", "a b/c?d#e&f", "zürich “quote”"] {
            assert_eq!(route("GET", &article_href(id)), Route::Article(id.into()), "{id}");
            assert_eq!(route("GET", &family_href(id)), Route::Family(id.into()), "{id}");
        }
        let q = "he said: \"no & never\" 100%";
        assert_eq!(route("GET", &search_href(q)), Route::Search(q.into()));
    }
}
