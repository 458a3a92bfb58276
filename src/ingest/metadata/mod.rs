//! What a page says about itself: title, outlet, publication time, author,
//! URL and language, read in a fixed order of trust (JSON-LD, then
//! OpenGraph and `article:*`, then `<meta>` names and itemprops, then
//! `<time datetime>`, then bylines, the URL and other heuristics), each
//! value with the source it came from, so that a date guessed from the
//! text is never mistaken for one the page declared.

mod authors;
mod jsonld;
mod site;
mod times;

use trafilatura::dom::{Document, NodeId};

use super::Source;
pub use authors::clean_authors;
use authors::is_byline_class;
use jsonld::JsonLd;
pub use site::outlet_from_host;
use site::{first_part, host, plausible_outlet, strip_site, title_tail_naming};
pub use times::iso_time;
use times::{is_bare_date, refines, url_date, without_ordinals, PUBLISHED_CUES};

/// One value and where it came from.
pub type Found = Option<(String, Source)>;

/// Everything read from the page's markup.
#[derive(Debug, Default, Clone)]
pub struct PageMeta {
    pub title: Found,
    pub outlet: Found,
    pub published: Found,
    pub author: Found,
    pub url: Found,
    pub language: Found,
}
/// `<meta>` names and itemprops, by field, best first.
const META_TITLE: &[&str] = &[
    "og:title",
    "twitter:title",
    "headline",
    "dc.title",
    "title",
    "sailthru.title",
];
const META_SITE: &[&str] = &[
    "og:site_name",
    "application-name",
    "publisher",
    "dc.publisher",
    "cre",
    "copyright",
];
const META_AUTHOR: &[&str] = &[
    "author",
    "article:author",
    "byl",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "citation_author",
    "creator",
    "byline",
];
const META_DATE: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "published_time",
    "article.published",
    "dc.date.issued",
    "dcterms.date",
    "dc.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "datecreated",
];
const META_URL: &[&str] = &["og:url", "twitter:url"];
const META_LANG: &[&str] = &["content-language", "og:locale", "dc.language", "language"];
/// Reads the metadata of a parsed page. `url` is where the page was
/// fetched from, when known (a WARC record's target).
pub fn read(doc: &Document, url: Option<&str>) -> PageMeta {
    let mut w = Walk::default();
    for id in doc.get_elements_by_tag_name(doc.root(), "*") {
        w.element(doc, id);
    }
    let ld = JsonLd::parse(&w.ld_scripts);
    // Outlet first: the title and the byline are cleaned of it.
    // The site name a page gives for sharing names the outlet more
    // reliably than JSON-LD's publisher, which is often a syndication
    // service or a parent company.
    let outlet = w
        .meta_first(&["og:site_name"])
        .map(|s| (s, Source::Opengraph))
        .into_iter()
        .chain(ld.publisher().map(|s| (s, Source::JsonLd)))
        .chain(w.meta_first(META_SITE).map(|s| (s, Source::Meta)))
        .chain(ld.website_name().map(|s| (s, Source::JsonLd)))
        .map(|(s, src)| (first_part(&clean_space(&s)), src))
        .find(|(s, _)| plausible_outlet(s));
    let mut m = PageMeta {
        outlet,
        ..PageMeta::default()
    };
    m.url = url
        .map(|u| (u.to_string(), Source::Archive))
        .or_else(|| ld.article_str("url").map(|s| (s, Source::JsonLd)))
        .or_else(|| w.meta_first(META_URL).map(|s| (s, Source::Opengraph)))
        .or_else(|| w.canonical.clone().map(|s| (s, Source::Meta)))
        .filter(|(u, _)| u.starts_with("http"));
    if m.outlet.is_none() {
        m.outlet = m
            .url
            .as_ref()
            .and_then(|(u, _)| host(u))
            .map(|h| (outlet_from_host(&h), Source::Url));
    }
    // A page that names its outlet nowhere else often ends its title with
    // it: "Headline – Vortex Cannon Entertainment" on vortexcannon.org.
    if let (Some((label, Source::Url)), Some(title)) = (&m.outlet, w.title.as_deref()) {
        if let Some(name) = title_tail_naming(title, label) {
            m.outlet = Some((name, Source::Heuristic));
        }
    }
    let site = m.outlet.as_ref().map(|(s, _)| s.as_str());
    m.title = ld
        .article_str("headline")
        .map(|s| (s, Source::JsonLd))
        .or_else(|| w.meta_first(&["og:title"]).map(|s| (s, Source::Opengraph)))
        .or_else(|| w.meta_first(META_TITLE).map(|s| (s, Source::Meta)))
        .or_else(|| w.title.clone().map(|s| (s, Source::Heuristic)))
        .map(|(s, src)| (strip_site(&clean_space(&s), site), src))
        .filter(|(s, _)| !s.is_empty());
    // Every declared publication time, in order of trust; the first wins,
    // but a later one that agrees with it and also states the offset (or
    // the time) is more precise and replaces it.
    let declared: Vec<(String, Source)> = [
        ld.article_str("datePublished"),
        ld.article_str("dateCreated"),
        ld.page_str("datePublished"),
    ]
    .into_iter()
    .flatten()
    .filter_map(|s| iso_time(&s))
    .map(|s| (s, Source::JsonLd))
    .chain(
        w.meta_all_by(&["article:published_time", "og:published_time"], iso_time)
            .into_iter()
            .map(|s| (s, Source::Opengraph)),
    )
    .chain(
        w.meta_all_by(META_DATE, iso_time)
            .into_iter()
            .map(|s| (s, Source::Meta)),
    )
    .chain(
        w.times
            .iter()
            .filter_map(|t| iso_time(t))
            .map(|s| (s, Source::TimeElement)),
    )
    .collect();
    m.published = declared
        .first()
        .map(|first| {
            declared
                .iter()
                .find(|(t, _)| refines(&first.0, t))
                .unwrap_or(first)
                .clone()
        })
        .or_else(|| m.url.as_ref().and_then(|(u, _)| url_date(u)).map(|s| (s, Source::Url)))
        .or_else(|| {
            w.date_texts
                .iter()
                .chain(&w.published_texts)
                .chain(&w.bare_dates)
                .find_map(|t| crate::meta::parse_date(&without_ordinals(t)))
                .map(|s| (s, Source::Heuristic))
        });
    m.author = ld
        .authors()
        .and_then(|a| clean_authors(&a, site))
        .map(|s| (s, Source::JsonLd))
        .or_else(|| {
            w.meta_all(META_AUTHOR)
                .and_then(|a| clean_authors(&a, site))
                .map(|s| (s, Source::Meta))
        })
        .or_else(|| {
            (!w.bylines.is_empty())
                .then(|| w.bylines.clone())
                .and_then(|a| clean_authors(&a, site))
                .map(|s| (s, Source::Byline))
        });
    m.language = w
        .lang
        .clone()
        .map(|s| (s, Source::Meta))
        .or_else(|| ld.article_str("inLanguage").map(|s| (s, Source::JsonLd)))
        .or_else(|| w.meta_first(META_LANG).map(|s| (s, Source::Meta)))
        .and_then(|(s, src)| language_code(&s).map(|c| (c, src)));
    m
}
/// What one pass over the elements collects.
#[derive(Default)]
struct Walk {
    /// `<meta>` and itemprop values by lower-cased name, in page order.
    metas: Vec<(String, String)>,
    ld_scripts: Vec<String>,
    title: Option<String>,
    times: Vec<String>,
    bylines: Vec<String>,
    /// Short texts of elements whose class says they hold a date.
    date_texts: Vec<String>,
    /// Short texts that open with "Published" or the like.
    published_texts: Vec<String>,
    /// Short texts that are a date and nothing more, as pages print one
    /// under the byline.
    bare_dates: Vec<String>,
    canonical: Option<String>,
    lang: Option<String>,
}

impl Walk {
    fn element(&mut self, doc: &Document, id: NodeId) {
        let attr = |name: &str| doc.get_attribute(id, name);
        match doc.tag_name(id) {
            "html" => self.lang = attr("lang").or_else(|| attr("xml:lang")),
            "meta" => {
                let content = attr("content").unwrap_or_default();
                for key in ["property", "name", "itemprop", "http-equiv"] {
                    if let Some(k) = attr(key) {
                        self.metas.push((k.trim().to_ascii_lowercase(), content.clone()));
                    }
                }
                return;
            }
            "title" if self.title.is_none() => {
                self.title = Some(doc.text_content(id));
                return;
            }
            "script" => {
                if attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) {
                    self.ld_scripts.push(doc.text_content(id));
                }
                return;
            }
            "link" => {
                if attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) && self.canonical.is_none() {
                    self.canonical = attr("href");
                }
                return;
            }
            "time" => {
                if let Some(t) = attr("datetime") {
                    // A time marked as the publication date goes first.
                    let marked = attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("datepublished"))
                        || attr("pubdate").is_some()
                        || attr("class").is_some_and(|c| c.to_ascii_lowercase().contains("publish"));
                    if marked {
                        self.times.insert(0, t);
                    } else {
                        self.times.push(t);
                    }
                }
            }
            _ => {}
        }
        if let Some(prop) = attr("itemprop") {
            let prop = prop.trim().to_ascii_lowercase();
            if let Some(v) = attr("content").or_else(|| attr("datetime")) {
                self.metas.push((prop.clone(), v));
            } else if prop == "author" || prop == "creator" {
                let text = clean_space(&doc.text_content(id));
                if !text.is_empty() && text.len() <= 100 {
                    self.bylines.push(text);
                }
            }
        }
        if self.published_texts.len() + self.bare_dates.len() < 16 {
            let own = doc.text(id);
            let own = own.trim();
            if (6..=100).contains(&own.len()) {
                let lower = own.to_lowercase();
                if PUBLISHED_CUES.iter().any(|c| lower.starts_with(c)) {
                    self.published_texts.push(own.to_string());
                } else if is_bare_date(own) {
                    self.bare_dates.push(own.to_string());
                }
            }
        }
        let class = attr("class").map(|c| c.to_ascii_lowercase());
        if self.date_texts.len() < 8
            && class
                .as_deref()
                .is_some_and(|c| c.contains("date") || c.contains("publish") || c.contains("timestamp"))
        {
            let text = clean_space(&doc.text_content(id));
            if !text.is_empty() && text.len() <= 80 {
                self.date_texts.push(text);
            }
        }
        if attr("rel").is_some_and(|r| r.eq_ignore_ascii_case("author")) || is_byline_class(class.as_deref()) {
            let text = clean_space(&doc.text_content(id));
            if !text.is_empty() && text.len() <= 100 && self.bylines.len() < 8 {
                self.bylines.push(text);
            }
        }
    }

    fn meta_first(&self, names: &[&str]) -> Option<String> {
        self.meta_first_by(names, |v| {
            let v = clean_space(v);
            (!v.is_empty()).then_some(v)
        })
    }

    fn meta_first_by(&self, names: &[&str], f: impl Fn(&str) -> Option<String>) -> Option<String> {
        names
            .iter()
            .find_map(|n| self.metas.iter().filter(|(k, _)| k == n).find_map(|(_, v)| f(v)))
    }

    /// Every value of every name, in the order of `names`, that `f` reads.
    fn meta_all_by(&self, names: &[&str], f: impl Fn(&str) -> Option<String>) -> Vec<String> {
        names
            .iter()
            .flat_map(|n| self.metas.iter().filter(move |(k, _)| k == n).filter_map(|(_, v)| f(v)))
            .collect()
    }

    /// Every value of the first name that has any (pages list one author
    /// a tag).
    fn meta_all(&self, names: &[&str]) -> Option<Vec<String>> {
        names.iter().find_map(|n| {
            let all: Vec<String> = self
                .metas
                .iter()
                .filter(|(k, v)| k == n && !v.trim().is_empty())
                .map(|(_, v)| clean_space(v))
                .collect();
            (!all.is_empty()).then_some(all)
        })
    }
}
/// Decodes the HTML entities pages leave inside JSON strings.
pub(super) fn unescape(s: &str) -> String {
    if s.contains('&') {
        html_escape::decode_html_entities(s).into_owned()
    } else {
        s.to_string()
    }
}

pub(super) fn clean_space(s: &str) -> String {
    unescape(s).split_whitespace().collect::<Vec<_>>().join(" ")
}
/// Letters and digits only, lower-cased: for comparing names and titles.
pub(crate) fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}
/// `en-US`, `en_GB`, `de` → `en`, `de`.
fn language_code(s: &str) -> Option<String> {
    let code: String = s.trim().chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    (code.len() == 2 || code.len() == 3).then(|| code.to_ascii_lowercase())
}
#[cfg(test)]
mod tests;
