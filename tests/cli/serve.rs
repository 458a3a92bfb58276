//! `serve` (issue 16): the web page over a store of the example corpus,
//! in a real headless browser (Debian's Chromium, driven by chromedriver
//! through the WebDriver protocol), and its answers to odd requests over
//! plain HTTP. The WebDriver calls are a dozen JSON requests over `ureq`:
//! the WebDriver client crates are async (tokio, hyper) and would double
//! the test build. Chromium and chromedriver must be installed (`.ci/run`
//! installs them); without them the browser test fails, it never skips.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::{corpus, qg};

/// A child process killed and reaped when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A store of the example corpus, and the folder `build` wrote.
fn store(dir: &Path) -> (PathBuf, PathBuf) {
    let db = dir.join("example.qg");
    let out = dir.join("out");
    let ex = corpus();
    qg().arg("build")
        .arg(&ex)
        .arg("--manifest")
        .arg(ex.join("manifest.csv"))
        .arg("--out")
        .arg(&out)
        .arg("--db")
        .arg(&db)
        .assert()
        .success();
    (db, out)
}

/// `quotegraph serve --port 0` on `db`, and the address it printed.
fn serve(db: &Path) -> (Running, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_quotegraph"))
        .args(["serve", "--port", "0", "--db"])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("quotegraph serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout is piped"))
        .read_line(&mut line)
        .expect("serve prints its address");
    let server = Running(child);
    let url = line.trim().to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with('/') && !url.ends_with(":0/"),
        "serve printed {line:?}"
    );
    (server, url)
}

fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(60)))
            .build(),
    )
}

/// Status, Server-Timing and body of a GET (or of `method`).
fn fetch(method: &str, url: &str) -> (u16, Option<String>, String) {
    let a = agent();
    let mut r = match method {
        "GET" => a.get(url).call(),
        "POST" => a.post(url).send(""),
        _ => unreachable!("only GET and POST are tried"),
    }
    .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let timing = r
        .headers()
        .get("server-timing")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (r.status().as_u16(), timing, r.body_mut().read_to_string().unwrap())
}

#[test]
fn issue16_pages_answer_odd_requests_with_404_400_405_and_escape_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let (db, out) = store(dir.path());
    let before = std::fs::read(&db).unwrap();
    let (_server, base) = serve(&db);

    let (status, timing, home) = fetch("GET", &base);
    assert_eq!(status, 200);
    assert!(timing.is_some_and(|t| t.starts_with("page;dur=")));
    assert!(home.contains("id=\"quote\"") && home.contains("/family/F1"), "{home}");

    assert_eq!(fetch("GET", &format!("{base}family/F999")).0, 404);
    assert_eq!(fetch("GET", &format!("{base}nothing/here")).0, 404);
    assert_eq!(fetch("GET", &format!("{base}search")).0, 400);
    assert_eq!(fetch("GET", &format!("{base}search?q=%3F%21")).0, 400);
    assert_eq!(fetch("GET", &format!("{base}family/%FF")).0, 400);
    assert_eq!(fetch("POST", &base).0, 405);

    // What a user types comes back as text, never as markup.
    let (status, _, page) = fetch(
        "GET",
        &format!("{base}search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E+said"),
    );
    assert_eq!(status, 200);
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; said"));
    let (status, _, page) = fetch("GET", &format!("{base}article/%3Cimg%20src=x%20onerror=alert(1)%3E"));
    assert_eq!(status, 404);
    assert!(!page.contains("<img") && page.contains("&lt;img src=x onerror=alert(1)&gt;"));

    // An id typed into the box leads to its page.
    let (status, _, page) = fetch("GET", &format!("{base}search?q=F2"));
    assert_eq!(status, 200);
    assert!(page.contains("The family <a href=\"/family/F2\">F2</a>"), "{page}");
    let (_, _, page) = fetch("GET", &format!("{base}search?q=+coastal-wire-2025-03-04-a+"));
    assert!(
        page.contains("The article <a href=\"/article/coastal-wire-2025-03-04-a\">"),
        "{page}"
    );

    // The outlets page lists the pairs outlets.dot draws.
    let (status, _, page) = fetch("GET", &format!("{base}outlets"));
    assert_eq!(status, 200);
    let dot = std::fs::read_to_string(out.join("outlets.dot")).unwrap();
    let drawn = dot.lines().filter(|l| l.contains("->")).count();
    let pairs = page
        .split("<section id=\"pairs\">")
        .nth(1)
        .unwrap()
        .split("</section>")
        .next()
        .unwrap();
    assert_eq!(pairs.matches("<tr><td>").count(), drawn, "{pairs}");
    assert!(drawn >= 3);

    // An article: its quotes highlighted, each linked to its family.
    let (status, _, page) = fetch("GET", &format!("{base}article/harbor-gazette-2025-03-04"));
    assert_eq!(status, 200);
    assert!(page.matches("<a class=\"q\" href=\"/family/").count() >= 2, "{page}");

    // Serving never wrote to the store.
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn issue16_a_family_page_answers_to_its_key_and_old_keys() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = crate::store::grown_store(dir.path());
    let (_server, base) = serve(&db);
    let by_id = |page: &str| {
        page.split("<h1>")
            .nth(1)
            .and_then(|h| h.split("</h1>").next())
            .map(str::to_string)
    };
    // The merged family, by its key (`#` escaped in a path) and by the
    // old keys that two adds left behind.
    let (status, _, page) = fetch("GET", &format!("{base}family/early-wire-e%230"));
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("Key <a href=\"/family/early-wire-e%230\">early-wire-e#0</a>"),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"alias\">marsh-news-b#0</span> (merged, add 1)")
            && page.contains("<span class=\"alias\">quay-post-a#0</span> (anchor moved, add 2)"),
        "{page}"
    );
    assert!(!page.contains("id=\"asked\""), "{page}");
    let heading = by_id(&page);
    assert!(heading.is_some());
    for old in ["marsh-news-b%230", "quay-post-a%230"] {
        let (status, _, aliased) = fetch("GET", &format!("{base}family/{old}"));
        assert_eq!(status, 200, "{old}: {aliased}");
        assert_eq!(by_id(&aliased), heading, "{old}");
        assert!(aliased.contains("is an old key of this family"), "{aliased}");
    }
    // Typed into the search box, an old key leads to its family.
    let (status, _, page) = fetch("GET", &format!("{base}search?q=quay-post-a%230"));
    assert_eq!(status, 200);
    assert!(
        page.contains("The family <a href=\"/family/quay-post-a%230\">quay-post-a#0</a>"),
        "{page}"
    );
    assert_eq!(fetch("GET", &format!("{base}family/nobody%239")).0, 404);
}

/// A WebDriver session on Chromium, deleted when dropped (before the
/// chromedriver it talks to is killed).
struct Browser {
    base: String,
    session: String,
    agent: ureq::Agent,
    _driver: Running,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        for exe in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
            assert!(
                Path::new(exe).exists(),
                "{exe} is missing: apt-get install chromium chromium-driver (.ci/run does)"
            );
        }
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Running(
            Command::new("/usr/bin/chromedriver")
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver starts"),
        );
        let base = format!("http://127.0.0.1:{port}");
        let agent = agent();
        let started = Instant::now();
        loop {
            let ready = agent
                .get(format!("{base}/status"))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not get ready"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let args = [
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--hide-scrollbars".into(),
            "--window-size=1280,2000".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}
        }}});
        let mut browser = Browser {
            base,
            session: String::new(),
            agent,
            _driver: driver,
            _profile: profile,
        };
        let v = browser.call("POST", "/session", Some(caps));
        browser.session = v["sessionId"].as_str().expect("a session id").to_string();
        browser
    }

    /// A WebDriver command; its `value`, or a panic with the driver's error.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = if path == "/session" {
            format!("{}{path}", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let r = match method {
            "GET" => self.agent.get(&url).call(),
            "POST" => self.agent.post(&url).send_json(body.unwrap_or(json!({}))),
            "DELETE" => self.agent.delete(&url).call(),
            _ => unreachable!("WebDriver methods"),
        };
        let mut r = r.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let status = r.status().as_u16();
        let v: Value = r.body_mut().read_json().unwrap_or_else(|e| panic!("{url}: {e}"));
        assert_eq!(status, 200, "{method} {path}: {v}");
        v["value"].clone()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn url(&self) -> String {
        self.call("GET", "/url", None).as_str().unwrap().to_string()
    }

    /// The first element `css` selects.
    fn find(&self, css: &str) -> String {
        let v = self.call("POST", "/element", Some(json!({"using": "css selector", "value": css})));
        v["element-6066-11e4-a52e-4f735466cecf"]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), None);
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/value"), Some(json!({ "text": text })));
    }

    /// A script's value in the page.
    fn eval(&self, script: &str) -> Value {
        self.call("POST", "/execute/sync", Some(json!({"script": script, "args": []})))
    }

    /// Waits (up to 20 s) for the page's address to contain `part`.
    fn wait_for_url(&self, part: &str) {
        let started = Instant::now();
        while !self.url().contains(part) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the page never went to {part}: {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn screenshot(&self, path: &Path) {
        use base64::Engine;
        let b64 = self.call("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().expect("a base64 PNG"))
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"), "not a PNG");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let url = format!("{}/session/{}", self.base, self.session);
            let _ = self.agent.delete(&url).call();
        }
    }
}

#[test]
fn issue16_search_family_diff_graph_and_outlets_in_a_headless_browser() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = store(dir.path());
    let (_server, base) = serve(&db);
    let b = Browser::start();

    // Paste a quote into the search box and submit.
    b.go(&base);
    b.type_into("#quote", "an unacceptable risk to the bay");
    b.click("#search button[type=submit]");
    b.wait_for_url("/search?q=");
    assert_eq!(
        b.eval("return document.querySelector('#q').value"),
        "an unacceptable risk to the bay"
    );

    // Open the best match: its family page.
    b.click("ol.results a.family-link");
    b.wait_for_url("/family/F1");
    let facts = b.eval(
        "return {
            h1: document.querySelector('h1').textContent,
            dels: document.querySelectorAll('#variants .diff del').length,
            ins: document.querySelectorAll('#variants .diff ins').length,
            classes: Array.from(document.querySelectorAll('#variants .diff del, #variants .diff ins'))
                .map(e => e.className),
            svgNodes: document.querySelectorAll('#graph svg g.node').length,
            svgEdges: document.querySelectorAll('#graph svg g.edge').length,
            tie: document.querySelector('#first .tie') !== null,
            lanes: document.querySelectorAll('#timeline .lane').length,
            rows: document.querySelectorAll('#timeline table tr').length,
            svgWidth: document.querySelector('#graph svg').getBoundingClientRect().width
        }",
    );
    assert!(facts["h1"].as_str().unwrap().starts_with("Family F1"), "{facts}");
    assert!(facts["dels"].as_u64().unwrap() >= 2, "{facts}");
    let classes: Vec<&str> = facts["classes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        classes.contains(&"c-truncation") && classes.contains(&"c-substitution"),
        "{facts}"
    );
    assert!(facts["svgNodes"].as_u64().unwrap() >= 3, "{facts}");
    assert!(facts["svgEdges"].as_u64().unwrap() >= 2, "{facts}");
    assert!(
        facts["svgWidth"].as_f64().unwrap() > 100.0,
        "the graph is laid out: {facts}"
    );
    assert_eq!(facts["tie"], true, "F1's first appearance is a tie: {facts}");
    assert_eq!(facts["lanes"], 5, "one lane per outlet: {facts}");
    assert_eq!(facts["rows"], 6, "a header and five occurrences: {facts}");
    let shot = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("test-output/serve-family.png");
    b.screenshot(&shot);
    println!("screenshot: {}", shot.display());

    // A node of the graph leads to its article, whose quotes lead back.
    b.click("#graph svg g.node a");
    b.wait_for_url("/article/");
    assert!(
        b.eval("return document.querySelectorAll('#text mark').length")
            .as_u64()
            .unwrap()
            >= 1
    );
    b.click("#text a.q");
    b.wait_for_url("/family/");

    // Outlets: the graph, the pairs beside it, and the filter.
    b.go(&format!("{base}outlets"));
    let facts = b.eval(
        "return {
            svgNodes: document.querySelectorAll('#graph svg g.node').length,
            pairs: document.querySelectorAll('#pairs tr').length - 1,
            outlets: document.querySelectorAll('#outlets tr[id]').length
        }",
    );
    assert_eq!(facts["svgNodes"], 4, "{facts}");
    assert_eq!(facts["pairs"], 4, "{facts}");
    assert_eq!(facts["outlets"], 5, "{facts}");
    b.type_into("#filter", "wire");
    let shown = b.eval(
        "return Array.from(document.querySelectorAll('#outlets tr[id]'))
            .filter(tr => tr.style.display !== 'none').map(tr => tr.cells[0].textContent)",
    );
    assert_eq!(shown, json!(["Coastal Wire"]));
}
