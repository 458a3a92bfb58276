//! Web pages and web archives as articles: a page's bytes become an
//! [`Article`] with its main text and the metadata the page declares,
//! each field marked with where it came from. No I/O: `corpus` reads the
//! files and WARC records and hands their bytes here.

pub mod body;
pub mod charset;
pub mod metadata;
pub mod warc;

use serde::Serialize;

use crate::corpus::Article;
pub use body::Extraction;

/// Fewer words than this in a page's main text means it holds no
/// article.
pub const MIN_WORDS: usize = 8;

/// Where a field's value came from. A value the page declared (JSON-LD,
/// OpenGraph, `<meta>`, `<time>`) is never confused with one guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    JsonLd,
    Opengraph,
    Meta,
    TimeElement,
    Byline,
    Url,
    /// The archive the page came in (a WARC record's target URI).
    Archive,
    /// The main-text extractor's reading of the page.
    Extractor,
    Heuristic,
}

/// The source of each field an ingested article carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Fields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Source>,
}

impl Fields {
    pub fn is_empty(&self) -> bool {
        *self == Fields::default()
    }
}

/// What is known of a page before it is read.
#[derive(Debug, Clone, Default)]
pub struct Hint<'a> {
    pub id: String,
    /// Where the page was read from (file, or archive and offset).
    pub origin: String,
    /// The URL it was fetched from (a WARC record's target).
    pub url: Option<&'a str>,
    /// The HTTP Content-Type header, which may name the charset.
    pub content_type: Option<&'a str>,
}

/// A page read into an article.
#[derive(Debug)]
pub struct Page {
    pub article: Article,
    /// Bytes were not valid in the page's encoding (named here) and were
    /// replaced.
    pub malformed: Option<&'static str>,
}

/// Reads a page: decodes it, reads its metadata, extracts its main text.
/// An article with empty text means the page holds no article.
pub fn read_page(bytes: &[u8], hint: Hint<'_>, how: Extraction) -> Page {
    let decoded = charset::decode(bytes, hint.content_type, hint.url);
    let doc = trafilatura::dom::Document::parse(&decoded.text);
    drop(decoded.text);
    let meta = metadata::read(&doc, hint.url);
    let body = body::extract(doc, how);
    let mut fields = Fields::default();
    let take = |found: metadata::Found, slot: &mut Option<Source>| {
        found.map(|(v, src)| {
            *slot = Some(src);
            v
        })
    };
    let title = take(meta.title, &mut fields.title);
    let outlet = take(meta.outlet, &mut fields.outlet);
    let published = take(meta.published, &mut fields.published);
    let url = take(meta.url, &mut fields.url);
    let mut author = take(meta.author, &mut fields.author);
    if author.is_none() {
        let site = outlet.as_deref();
        author = body
            .author
            .as_deref()
            .and_then(|a| metadata::clean_authors(&[a.to_string()], site));
        fields.author = author.as_ref().map(|_| Source::Extractor);
    }
    // The extractor keeps the headline as the body's first paragraph;
    // the article carries it as its title instead.
    let mut text = body.text;
    if let Some(t) = &title {
        let first = text.split("\n\n").next().unwrap_or("");
        if !first.is_empty() && metadata::squash(first) == metadata::squash(t) {
            text = text[first.len()..].trim_start().to_string();
        }
    }
    let mut language = take(meta.language, &mut fields.language);
    if language.is_none() {
        language = detect_language(&text);
        fields.language = language.as_ref().map(|_| Source::Heuristic);
    }
    Page {
        article: Article {
            id: hint.id,
            text,
            title,
            outlet,
            published,
            author,
            url,
            language,
            fields,
            origin: hint.origin,
            body_only: true,
        },
        malformed: decoded.malformed.then_some(decoded.encoding.name()),
    }
}

/// The language of a text, when the detector is confident: ISO 639-1
/// where there is a code, else ISO 639-3.
fn detect_language(text: &str) -> Option<String> {
    let sample: String = text.chars().take(4000).collect();
    let info = whatlang::detect(&sample).filter(whatlang::Info::is_reliable)?;
    let code = info.lang().code();
    let two = match code {
        "eng" => "en",
        "deu" => "de",
        "fra" => "fr",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "nld" => "nl",
        "rus" => "ru",
        "pol" => "pl",
        "tur" => "tr",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "no",
        "fin" => "fi",
        "ces" => "cs",
        "ukr" => "uk",
        "jpn" => "ja",
        "cmn" => "zh",
        "kor" => "ko",
        "ara" => "ar",
        "hin" => "hi",
        other => other,
    };
    Some(two.to_string())
}

/// Is this HTTP or WARC content type a web page?
pub fn is_html(content_type: &str) -> bool {
    let t = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    t == "text/html" || t == "application/xhtml+xml"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_becomes_an_article_with_its_sources() {
        let html = r#"<html lang="en"><head><title>Ferry fares rise | Harbour Gazette</title>
            <meta property="og:site_name" content="Harbour Gazette">
            <meta property="article:published_time" content="2024-05-02T07:45:00+01:00"></head>
            <body><article><p class="byline">By Ana Ruiz</p>
            <p>Ferry fares will rise by a tenth from June, the operator said on Thursday, blaming the cost of fuel.</p>
            <p>"Nobody likes paying more, but the boats have to run," said Tom Berg, who speaks for the operator.</p>
            <p>Passenger groups said the rise would hit islanders who rely on the crossing for work and school.</p>
            </article></body></html>"#;
        let p = read_page(
            html.as_bytes(),
            Hint {
                id: "p1".into(),
                url: Some("https://harbourgazette.example/ferry"),
                ..Hint::default()
            },
            Extraction::Fast,
        );
        let a = p.article;
        assert_eq!(a.title.as_deref(), Some("Ferry fares rise"));
        assert_eq!(a.fields.title, Some(Source::Heuristic));
        assert_eq!(a.outlet.as_deref(), Some("Harbour Gazette"));
        assert_eq!(a.published.as_deref(), Some("2024-05-02T07:45:00+01:00"));
        assert_eq!(a.fields.published, Some(Source::Opengraph));
        assert_eq!(a.author.as_deref(), Some("Ana Ruiz"));
        assert_eq!(a.fields.url, Some(Source::Archive));
        assert_eq!(a.language.as_deref(), Some("en"));
        assert!(a.text.contains("the boats have to run"));
        assert!(p.malformed.is_none());
    }

    #[test]
    fn bytes_that_are_not_a_page_give_no_article_not_a_panic() {
        for bytes in [&b""[..], b"\x00\xff\xfe garbage", b"<html><body></body></html>"] {
            let p = read_page(bytes, Hint::default(), Extraction::Fast);
            assert!(p.article.text.split_whitespace().count() < MIN_WORDS);
        }
    }
}
