use super::*;

fn meta(html: &str) -> PageMeta {
    read(&Document::parse(html), None)
}

#[test]
fn json_ld_wins_and_says_so() {
    let m = meta(
        r##"<html lang="en-GB"><head>
        <meta property="og:title" content="OG title | The Daily Example">
        <meta property="og:site_name" content="The Daily Example">
        <meta property="article:published_time" content="2020-01-01T00:00:00Z">
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
          {"@type":"WebSite","@id":"#site","name":"Daily Example"},
          {"@type":["NewsArticle"],"headline":"Mayor&#039;s plan passes","datePublished":"2021-10-06T18:10:00+02:00",
           "author":[{"@type":"Person","name":"Ana Ruiz"},{"@id":"#p2"}],
           "publisher":{"@id":"#org"}},
          {"@type":"Person","@id":"#p2","name":"Tom Berg"},
          {"@type":"Organization","@id":"#org","name":"The Daily Example"}]}</script>
        </head><body></body></html>"##,
    );
    assert_eq!(m.title, Some(("Mayor's plan passes".into(), Source::JsonLd)));
    assert_eq!(m.published, Some(("2021-10-06T18:10:00+02:00".into(), Source::JsonLd)));
    assert_eq!(m.author, Some(("Ana Ruiz, Tom Berg".into(), Source::JsonLd)));
    // The site name outranks JSON-LD's publisher.
    assert_eq!(m.outlet, Some(("The Daily Example".into(), Source::Opengraph)));
    assert_eq!(m.language, Some(("en".into(), Source::Meta)));
}

#[test]
fn opengraph_then_meta_then_time_then_url() {
    let m = meta(
        r#"<head><meta property="og:title" content="Budget vote delayed - Harbour Gazette">
        <meta property="og:site_name" content="Harbour Gazette">
        <meta name="author" content="By Jill Moss - 2019-04-10">
        <meta property="og:url" content="https://www.harbourgazette.example/2019/04/10/budget"></head>
        <body><time datetime="2019-04-10T09:30:00-04:00">April 10</time></body>"#,
    );
    assert_eq!(m.title.unwrap().0, "Budget vote delayed");
    assert_eq!(m.outlet.unwrap(), ("Harbour Gazette".into(), Source::Opengraph));
    assert_eq!(m.author.unwrap(), ("Jill Moss".into(), Source::Meta));
    assert_eq!(
        m.published.unwrap(),
        ("2019-04-10T09:30:00-04:00".into(), Source::TimeElement)
    );
    let m = meta(r#"<head><link rel="canonical" href="https://news.example.org/2018/02/03/x"></head>"#);
    assert_eq!(m.published.unwrap(), ("2018-02-03".into(), Source::Url));
    assert_eq!(m.outlet.unwrap(), ("example".into(), Source::Url));
}

#[test]
fn handles_and_platforms_are_not_outlets() {
    let m = meta(
        r#"<head><meta property="og:site_name" content="WordPress"><meta name="application-name" content="@dailyex">
        <meta property="og:url" content="https://www.bbc.co.uk/news/x"></head>"#,
    );
    assert_eq!(m.outlet.unwrap(), ("BBC".into(), Source::Url));
}

#[test]
fn bylines_lose_titles_outlets_and_dates() {
    let site = Some("CNN");
    let clean = |s: &str| clean_authors(&[s.to_string()], site);
    assert_eq!(clean("Jill Disis, CNN Business").as_deref(), Some("Jill Disis"));
    assert_eq!(clean("By Ana Ruiz and Tom Berg").as_deref(), Some("Ana Ruiz, Tom Berg"));
    assert_eq!(clean("CNN").as_deref(), None);
    assert_eq!(clean("https://www.example.com/people/x").as_deref(), None);
    assert_eq!(
        clean("By Sam Lee, Staff Writer | Updated 2019-04-10").as_deref(),
        Some("Sam Lee")
    );
}

#[test]
fn json_ld_references_in_circles_end() {
    let m = meta(
        r##"<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","author":{"@id":"#x"}},
        {"@id":"#x","name":{"@id":"#x"}}]}</script>"##,
    );
    assert_eq!(m.author, None);
}

#[test]
fn a_date_printed_under_the_byline_is_a_guess_not_a_declaration() {
    let m = meta("<body><p>By Ana Ruiz</p><p><em>November 15, 2019</em></p><p>Text 2018.</p></body>");
    assert_eq!(m.published, Some(("2019-11-15".into(), Source::Heuristic)));
    let m = meta("<body><p>Published: Monday, November 18th, 2019 at 11:08 a.m.</p></body>");
    assert_eq!(m.published.unwrap().0.get(..10), Some("2019-11-18"));
    let m = meta("<body><p>We met on 3 May 2019 and talked for hours about the harbour.</p></body>");
    assert_eq!(m.published, None);
}

#[test]
fn times_keep_offset_and_precision() {
    assert_eq!(
        iso_time("2019-11-19T13:03:00.000Z").unwrap(),
        "2019-11-19T13:03:00+00:00"
    );
    assert_eq!(
        iso_time("2019-11-19T08:03:00-0500").unwrap(),
        "2019-11-19T08:03:00-05:00"
    );
    assert_eq!(
        iso_time("Tue, 19 Nov 2019 13:03:00 GMT").unwrap(),
        "2019-11-19T13:03:00+00:00"
    );
    assert_eq!(iso_time("2019-11-19 13:03").unwrap(), "2019-11-19T13:03:00");
    assert_eq!(iso_time("2019-11-19").unwrap(), "2019-11-19");
    assert_eq!(iso_time("tomorrow"), None);
}
