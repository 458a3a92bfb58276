//! Issue 15: web pages and WARC archives as input: `ingest`, and every
//! command reading pages and archives directly.

use std::io::Write;

use crate::{parse_jsonl, qg, shared, stderr_of, write};

/// `ingest ARGS` to standard output: (exit code, records, stderr).
fn ingest(args: &[&std::ffi::OsStr]) -> (i32, Vec<serde_json::Value>, String) {
    let out = qg().arg("ingest").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        parse_jsonl(&out.stdout),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn by_outlet<'a>(records: &'a [serde_json::Value], outlet: &str) -> &'a serde_json::Value {
    records
        .iter()
        .find(|r| r["outlet"] == outlet)
        .unwrap_or_else(|| panic!("no record from {outlet}"))
}

#[test]
fn issue15_example_pages_give_outlets_dates_and_their_sources() {
    let (code, recs, err) = ingest(&["examples/web".as_ref()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(recs.len(), 4);
    let g = by_outlet(&recs, "Harbour Gazette");
    assert_eq!(g["id"], "harbour-gazette-ferry-strike");
    assert_eq!(g["published"], "2026-03-02T07:40:00+00:00");
    assert_eq!(g["fields"]["published"], "json-ld");
    assert_eq!(g["author"], "Ana Ruiz");
    assert_eq!(g["title"], "Ferry crews to strike over rotas");
    let text = g["text"].as_str().unwrap();
    assert!(text.contains("If the boats stop, the island stops"));
    // The teaser's quote and the cookie banner are not the article.
    assert!(!text.contains("Nothing left to save"), "{text}");
    assert!(!text.contains("cookies"), "{text}");
    // Declared windows-1252, decoded as such.
    let n = by_outlet(&recs, "Northern Ledger");
    assert!(n["text"].as_str().unwrap().contains("crews\u{2019} union"));
    assert_eq!(n["author"], "Sam Lee");
    assert_eq!(n["fields"]["published"], "opengraph");
    let c = by_outlet(&recs, "Coastline Daily");
    assert_eq!(c["fields"]["published"], "time-element");
    assert_eq!(c["title"], "Ferry strike: talks to resume on Wednesday");
    assert!(
        !c["text"].as_str().unwrap().contains("Every spring"),
        "comments are not the article"
    );
}

#[test]
fn issue15_the_example_archive_holds_the_same_pages() {
    let (code, recs, err) = ingest(&["examples/web.warc.gz".as_ref()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("9 records, 4 responses") && err.contains("4 pages") && err.contains("4 request"),
        "{err}"
    );
    let (_, pages, _) = ingest(&["examples/web".as_ref()]);
    for r in &recs {
        assert!(r["id"].as_str().unwrap().starts_with("https://"), "{r}");
        assert_eq!(r["fields"]["url"], "archive");
        let same = pages.iter().find(|p| p["outlet"] == r["outlet"]).expect("same outlet");
        assert_eq!(same["text"], r["text"]);
        assert_eq!(same["published"], r["published"]);
    }
}

#[test]
fn issue15_build_reads_an_archive_directly_and_links_across_outlets() {
    let dir = tempfile::tempdir().unwrap();
    let a = qg()
        .args(["build", "examples/web.warc.gz", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    assert!(stderr_of(&a).contains("4 pages"));
    let families: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("families.json")).unwrap()).unwrap();
    let text = families.to_string();
    assert!(
        text.contains("Harbour Gazette") && text.contains("Quick Wire"),
        "{text}"
    );
}

#[test]
fn issue15_output_is_the_jsonl_every_command_reads() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("articles.jsonl");
    qg().args(["ingest", "examples/web", "-o"]).arg(&out).assert().success();
    let recs = crate::extract_jsonl(&[out.to_str().unwrap()]);
    assert_eq!(recs.len(), 4);
    assert!(recs
        .iter()
        .any(|r| r["outlet"] == "Harbour Gazette" && !r["quotes"].as_array().unwrap().is_empty()));
}

#[test]
fn issue15_gzipped_pages_and_stdin_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read("examples/web/harbour-gazette-ferry-strike.html").unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&html).unwrap();
    let p = write(dir.path(), "page.html.gz", gz.finish().unwrap());
    let (code, recs, err) = ingest(&[p.as_os_str()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(recs[0]["id"], "page");
    assert_eq!(recs[0]["outlet"], "Harbour Gazette");
    let out = qg().args(["ingest", "-"]).write_stdin(html).output().unwrap();
    assert!(out.status.success());
    assert_eq!(parse_jsonl(&out.stdout)[0]["outlet"], "Harbour Gazette");
}

#[test]
fn issue15_a_page_without_an_article_is_reported_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "empty.html", "<html><body><nav>Home</nav></body></html>");
    let (code, recs, err) = ingest(&[p.as_os_str(), "examples/web/quick-wire-ferry-strike.html".as_ref()]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(recs.len(), 1);
    assert!(err.contains("empty.html: no article text found"), "{err}");
}

#[test]
fn issue15_shared_archives_give_the_expected_counts() {
    for (file, want) in [
        ("whirlwind.warc.gz", "4 records, 1 responses (72848 body bytes)"),
        ("pywb-iana.warc.gz", "343 records, 48 responses (2069892 body bytes)"),
        ("warcio-example.warc.gz", "6 records, 1 responses"),
        ("pywb-example-wget-1-14.warc.gz", "6 records"),
    ] {
        let Some(p) = shared(&format!("datasets/web/warc/{file}")) else {
            return;
        };
        let (code, _, err) = ingest(&[p.as_os_str()]);
        assert_eq!(code, 0, "{file}: {err}");
        assert!(err.contains(want), "{file}: {err}");
    }
}

#[test]
fn issue15_damaged_archives_keep_what_came_before_and_name_the_offset() {
    for (file, want) in [
        ("warcio-example-trunc.warc", "record at offset 2560"),
        (
            "pywb-example-extra.warc",
            "record at offset 3207 (http://example.com?example=2)",
        ),
    ] {
        let Some(p) = shared(&format!("datasets/web/warc/{file}")) else {
            return;
        };
        let (code, recs, err) = ingest(&[p.as_os_str()]);
        assert_eq!(code, 3, "{file}: {err}");
        assert!(!recs.is_empty(), "{file}: the pages before the damage are kept");
        assert!(err.contains(want), "{file}: {err}");
        assert!(!err.contains("panicked"), "{file}: {err}");
    }
}

#[test]
fn issue15_a_cut_archive_is_an_error_after_its_whole_records() {
    let dir = tempfile::tempdir().unwrap();
    let whole = std::fs::read("examples/web.warc.gz").unwrap();
    let p = write(dir.path(), "cut.warc.gz", &whole[..whole.len() * 2 / 3]);
    let (code, recs, err) = ingest(&[p.as_os_str()]);
    assert_eq!(code, 3, "{err}");
    assert!(!recs.is_empty() && recs.len() < 4, "{err}");
    assert!(err.contains("cut.warc.gz: record at offset"), "{err}");
}
