//! The checks the fuzz targets run on each input. Shared, through
//! `#[path]`, with `tests/cli/fuzz_seeds.rs`, which runs every file under
//! `fuzz/seeds/` through them on the stable toolchain in every test run.

use std::path::Path;
use std::sync::OnceLock;

use quotegraph::article::{analyse, Analysed, Language};
use quotegraph::corpus::{parse_bytes, Article};
use quotegraph::extract::{Kind, Quote};
use quotegraph::grammar::Grammar;
use quotegraph::link::{link, LinkConfig};
use quotegraph::provenance::{drift::WordClasses, graph, trace};

fn lang() -> &'static Language {
    static L: OnceLock<Language> = OnceLock::new();
    L.get_or_init(|| Language::builtin("auto").expect("built-in grammars"))
}

/// Extraction never panics, and every offset it reports is a char
/// boundary that slices out what it claims.
pub fn extract(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let article = Article {
        id: "fuzz".into(),
        text: text.clone(),
        ..Article::default()
    };
    let a = analyse(&article, None, lang());
    for q in &a.quotes {
        assert_eq!(text.get(q.start..q.end), Some(q.text.as_str()));
        for s in &q.segments {
            assert!(
                q.start <= s[0] && s[0] <= s[1] && s[1] <= q.end,
                "segment {s:?} outside {q:?}"
            );
            assert!(text.is_char_boundary(s[0]) && text.is_char_boundary(s[1]));
        }
        if let (Some(s), Some(e), Some(sp)) = (q.speaker_start, q.speaker_end, &q.speaker) {
            assert_eq!(text.get(s..e), Some(sp.as_str()));
        }
    }
}

/// The grammar parser returns a grammar or an error; a grammar that
/// parses drives the extractor without panicking.
pub fn grammar(data: &[u8]) {
    if let Ok(src) = std::str::from_utf8(data) {
        if let Ok(g) = Grammar::parse(src, "fuzz.qg") {
            let _ = quotegraph::extract::Extractor::new(g).extract("“A test,” she said. 'Another,' he added.", None);
        }
    }
}

/// The JSONL reader never panics, and every non-blank line is either an
/// article or a reported problem.
pub fn jsonl(data: &[u8]) {
    let loaded = parse_bytes(Path::new("fuzz.jsonl"), data);
    let text = String::from_utf8_lossy(data);
    if !text.trim_start().starts_with('[') {
        let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
        let fatal = loaded.problems.iter().filter(|p| !p.recovered).count();
        assert_eq!(loaded.articles.len() + fatal, lines);
    }
}

/// The WARC reader never panics and never loses its place: every record
/// it yields starts after the one before, and after an error it yields
/// nothing more.
pub fn warc(data: &[u8]) {
    use quotegraph::ingest::warc;
    let mut last: Option<(Option<u64>, u64)> = None;
    let mut failed = false;
    warc::read(data, &|h| h.content_length < 1 << 20, &mut |r| {
        assert!(!failed, "a record after an error");
        match r {
            Ok(rec) => {
                let at = (rec.offset.member, rec.offset.byte);
                if let Some(prev) = last {
                    assert!(at > prev, "records out of order: {prev:?} then {at:?}");
                }
                last = Some(at);
                if let Some(block) = rec.block {
                    assert_eq!(block.len() as u64, rec.head.content_length);
                    if let Ok(resp) = warc::http_response(&block) {
                        let _ = warc::decode_content(resp.body, resp.content_encoding.as_deref());
                    }
                }
            }
            Err(e) => {
                failed = true;
                assert!(e.to_string().starts_with("record at offset"));
            }
        }
    });
    // The same bytes as a file of `corpus` give articles or problems.
    let loaded = parse_bytes(Path::new("fuzz.warc"), data);
    assert_eq!(loaded.archives.len(), 1);
}

/// A page of any bytes reads into an article (maybe empty) without
/// panicking, and its metadata reader takes any markup.
pub fn page(data: &[u8]) {
    use quotegraph::ingest::{read_page, Extraction, Hint};
    let p = read_page(
        data,
        Hint {
            id: "fuzz".into(),
            url: Some("https://news.example.co.uk/2026/01/02/x"),
            ..Hint::default()
        },
        Extraction::Fast,
    );
    if let Some(t) = &p.article.published {
        assert!(
            t.len() >= 10 && t.as_bytes()[4] == b'-',
            "published {t:?} is not ISO 8601"
        );
    }
}

fn article(id: &str, field: &str, published: Option<&str>, quotes: &[&str]) -> Analysed {
    let mut at = 0;
    let quotes = quotes
        .iter()
        .map(|q| {
            let start = at;
            at += q.len() + 1;
            Quote {
                text: q.to_string(),
                start,
                end: start + q.len(),
                segments: vec![[start, start + q.len()]],
                kind: Kind::Statement,
                speaker: Some(field.to_string()),
                speaker_canonical: None,
                speaker_start: None,
                speaker_end: None,
                cue: None,
                conduit: Some(field.to_string()),
            }
        })
        .collect();
    Analysed {
        id: id.to_string(),
        title: Some(field.to_string()),
        outlet: Some(field.to_string()),
        published: published.map(str::to_string),
        author: None,
        url: None,
        language: "en".into(),
        quotes,
        diagnostics: vec![],
    }
}

/// Whatever the quotes, titles, outlets and ids (NUL-separated in the
/// input: the field first, then the quotes), linking and tracing never
/// panic and the DOT file parses back.
pub fn dot(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    let parts: Vec<&str> = s.split('\u{0}').collect();
    let field = parts.first().copied().unwrap_or_default();
    let quotes: Vec<&str> = parts.iter().skip(1).copied().collect();
    let arts = vec![
        article(field, field, Some("2024-03-01"), &quotes),
        article("b", field, Some("2024-03-02"), &quotes),
        article("c", field, None, &quotes),
    ];
    let cfg = LinkConfig::default();
    let linked = link(&arts, &cfg);
    let prov = trace(&arts, &linked, &cfg, &WordClasses::default());
    let dot = quotegraph::render::dot::render(&arts, &prov, &graph(&arts, &prov));
    if let Err(e) = graphviz_rust::parse(&dot) {
        panic!("the DOT file does not parse back ({e}):\n{dot}");
    }
}
