//! What a page says about itself: title, outlet, publication time, author,
//! URL and language, read in a fixed order of trust (JSON-LD, then
//! OpenGraph and `article:*`, then `<meta>` names and itemprops, then
//! `<time datetime>`, then bylines, the URL and other heuristics), each
//! value with the source it came from, so that a date guessed from the
//! text is never mistaken for one the page declared.

use serde_json::Value;
use trafilatura::dom::{Document, NodeId};

use super::Source;

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

/// JSON-LD types whose node describes the article itself, best first.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "LiveBlogPosting",
    "Article",
    "BlogPosting",
    "Report",
    "TechArticle",
    "SocialMediaPosting",
];

/// Site names that are the software or host a page runs on, not who
/// publishes it.
const PLATFORMS: &[&str] = &[
    "wordpress",
    "blogger",
    "blogspot",
    "tumblr",
    "wix",
    "squarespace",
    "medium",
    "hosted",
];

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

/// How pages introduce the publication date in their text.
const PUBLISHED_CUES: &[&str] = &["published", "posted on", "posted:", "veröffentlicht", "erschienen am"];

/// A text that is a date in words or digits and nothing else: at most a
/// weekday or a time beside it.
fn is_bare_date(t: &str) -> bool {
    let words = t.split_whitespace().count();
    (2..=7).contains(&words)
        && t.bytes().filter(u8::is_ascii_digit).count() >= 4
        && t.chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, ',' | '.' | ':' | '/' | '-'))
        && crate::meta::parse_date(&without_ordinals(t)).is_some()
}

/// "November 18th, 2019" → "November 18, 2019".
fn without_ordinals(t: &str) -> String {
    t.split(' ')
        .map(|w| {
            let bare = w.trim_end_matches(',');
            let digits = bare.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix = &bare[digits.len()..];
            if !digits.is_empty()
                && digits.len() <= 2
                && digits.bytes().all(|b| b.is_ascii_digit())
                && matches!(suffix, "st" | "nd" | "rd" | "th")
            {
                format!("{digits}{}", &w[bare.len()..])
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_byline_class(class: Option<&str>) -> bool {
    class.is_some_and(|c| {
        c.split_whitespace().any(|w| {
            (w.contains("byline") && !w.contains("title") && !w.contains("date"))
                || matches!(w, "author" | "author-name" | "article-author")
        })
    })
}

/// The JSON-LD of a page, flattened: every node of every script, `@graph`
/// and arrays included.
struct JsonLd {
    nodes: Vec<Value>,
}

impl JsonLd {
    fn parse(scripts: &[String]) -> JsonLd {
        let mut nodes = Vec::new();
        for s in scripts {
            // Pages wrap JSON-LD in comments or CDATA, and some leave raw
            // control characters in strings; a script that still does not
            // parse is passed over.
            let s = s.trim().trim_start_matches("<!--").trim_end_matches("-->");
            let s = s.trim().trim_start_matches("//<![CDATA[").trim_end_matches("//]]>");
            let v = serde_json::from_str::<Value>(s).or_else(|_| {
                let cleaned: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
                serde_json::from_str::<Value>(&cleaned)
            });
            if let Ok(v) = v {
                flatten(v, &mut nodes);
            }
        }
        JsonLd { nodes }
    }

    fn has_type(node: &Value, types: &[&str]) -> bool {
        match node.get("@type") {
            Some(Value::String(t)) => types
                .iter()
                .any(|x| t.eq_ignore_ascii_case(x) || t.ends_with(&format!("/{x}"))),
            Some(Value::Array(a)) => a.iter().any(|t| {
                t.as_str()
                    .is_some_and(|t| types.iter().any(|x| t.eq_ignore_ascii_case(x)))
            }),
            _ => false,
        }
    }

    /// The node that describes the article: the best-ranked type present.
    fn article(&self) -> Option<&Value> {
        ARTICLE_TYPES
            .iter()
            .find_map(|t| self.nodes.iter().find(|n| JsonLd::has_type(n, &[t])))
    }

    fn article_str(&self, key: &str) -> Option<String> {
        self.str_of(self.article()?, key)
    }

    /// A value of the page node (`WebPage`), which some sites date
    /// instead of the article.
    fn page_str(&self, key: &str) -> Option<String> {
        let page = self
            .nodes
            .iter()
            .find(|n| JsonLd::has_type(n, &["WebPage", "ItemPage"]))?;
        self.str_of(page, key)
    }

    fn str_of(&self, node: &Value, key: &str) -> Option<String> {
        let v = node.get(key)?;
        let s = match v {
            Value::String(s) => s.clone(),
            Value::Array(a) => a.iter().find_map(|x| x.as_str())?.to_string(),
            Value::Object(o) => o
                .get("@id")
                .or_else(|| o.get("url"))
                .and_then(Value::as_str)?
                .to_string(),
            _ => return None,
        };
        let s = unescape(&s);
        (!s.trim().is_empty()).then(|| s.trim().to_string())
    }

    /// A node's name, following `@id` references into the graph (a few
    /// steps: a page may refer in circles).
    fn name_of(&self, v: &Value) -> Option<String> {
        self.name_within(v, 4)
    }

    fn name_within(&self, v: &Value, steps: usize) -> Option<String> {
        match v {
            Value::String(s) => Some(unescape(s)),
            Value::Object(o) if steps > 0 => o
                .get("name")
                .and_then(|n| match n {
                    Value::String(s) => Some(unescape(s)),
                    Value::Array(a) => a.iter().find_map(|x| x.as_str()).map(unescape),
                    _ => None,
                })
                .or_else(|| {
                    let id = o.get("@id")?.as_str()?;
                    let node = self
                        .nodes
                        .iter()
                        .find(|n| n.get("@id").and_then(Value::as_str) == Some(id) && n.get("name").is_some())?;
                    self.name_within(node, steps - 1)
                }),
            _ => None,
        }
    }

    fn publisher(&self) -> Option<String> {
        let p = self.article()?.get("publisher")?;
        match p {
            Value::Array(a) => a.iter().find_map(|x| self.name_of(x)),
            v => self.name_of(v),
        }
    }

    fn website_name(&self) -> Option<String> {
        let w = self.nodes.iter().find(|n| JsonLd::has_type(n, &["WebSite"]))?;
        self.name_of(w)
    }

    fn authors(&self) -> Option<Vec<String>> {
        let a = self
            .article()?
            .get("author")
            .or_else(|| self.article()?.get("creator"))?;
        let names: Vec<String> = match a {
            Value::Array(items) => items.iter().filter_map(|x| self.name_of(x)).collect(),
            v => self.name_of(v).into_iter().collect(),
        };
        (!names.is_empty()).then_some(names)
    }
}

fn flatten(v: Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(a) => a.into_iter().for_each(|x| flatten(x, out)),
        Value::Object(mut o) => {
            if let Some(g) = o.remove("@graph") {
                flatten(g, out);
            }
            if !o.is_empty() {
                out.push(Value::Object(o));
            }
        }
        _ => {}
    }
}

/// Decodes the HTML entities pages leave inside JSON strings.
fn unescape(s: &str) -> String {
    if s.contains('&') {
        html_escape::decode_html_entities(s).into_owned()
    } else {
        s.to_string()
    }
}

fn clean_space(s: &str) -> String {
    unescape(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Autoracing | F1 | Indy" names the site by its first part.
fn first_part(s: &str) -> String {
    s.split(" | ").next().unwrap_or(s).trim().to_string()
}

fn plausible_outlet(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('@')
        && !s.starts_with("http")
        && s.chars().count() <= 80
        && !PLATFORMS.contains(&s.to_ascii_lowercase().as_str())
}

/// A title without the site name that pages append (" | Site",
/// " - Site"), when it is the site's.
fn strip_site(title: &str, site: Option<&str>) -> String {
    let title = title.trim();
    // "Site: Headline" as well as "Headline | Site".
    if let Some(rest) = site.and_then(|s| title.strip_prefix(s)) {
        if let Some(rest) = rest.strip_prefix(": ").or_else(|| rest.strip_prefix(" | ")) {
            if !rest.trim().is_empty() {
                return rest.trim().to_string();
            }
        }
    }
    for sep in TITLE_SEPARATORS {
        if let Some(at) = title.rfind(sep) {
            let tail = title[at + sep.len()..].trim();
            let same = site.is_some_and(|s| squash(s) == squash(tail) || squash(tail).contains(&squash(s)));
            if same && at > 0 {
                return title[..at].trim().to_string();
            }
        }
    }
    title.to_string()
}

const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · "];

/// The last part of a title, when it names the site whose host label is
/// `label`.
fn title_tail_naming(title: &str, label: &str) -> Option<String> {
    let title = clean_space(title);
    let label = squash(label);
    if label.len() < 3 {
        return None;
    }
    TITLE_SEPARATORS.iter().find_map(|sep| {
        let at = title.rfind(sep)?;
        let tail = title[at + sep.len()..].trim();
        (at > 0 && tail.len() <= 60 && squash(tail).starts_with(&label)).then(|| tail.to_string())
    })
}

/// Letters and digits only, lower-cased: for comparing names and titles.
pub(crate) fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Normalizes a declared time to ISO 8601, keeping its offset and its
/// precision: `2019-11-19T13:03:00-05:00`, `2019-11-19T13:03:00` (no
/// offset given) or `2019-11-19`.
pub fn iso_time(s: &str) -> Option<String> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    let s = s.trim();
    if s.len() < 8 || s.len() > 64 {
        return None;
    }
    let with_offset = |d: DateTime<chrono::FixedOffset>| d.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(with_offset(d));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%dT%H:%M:%S%.f %z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(with_offset(d));
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(with_offset(d));
    }
    // "...Z" with a form rfc3339 refuses (no seconds, say).
    if let Some(base) = s
        .strip_suffix('Z')
        .or_else(|| s.strip_suffix(" UTC"))
        .or_else(|| s.strip_suffix(" GMT"))
    {
        if let Some(t) = naive(base) {
            return Some(format!("{}+00:00", t.format("%Y-%m-%dT%H:%M:%S")));
        }
    }
    fn naive(s: &str) -> Option<NaiveDateTime> {
        [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    }
    if let Some(t) = naive(s) {
        return Some(t.format("%Y-%m-%dT%H:%M:%S").to_string());
    }
    let day = s.get(..10).unwrap_or(s);
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(day, f) {
            return Some(d.format("%Y-%m-%d").to_string());
        }
    }
    crate::meta::parse_date(s)
}

/// Whether `better` states what `first` states and more: an offset the
/// first lacks, on the same local time, or a time on the same day.
fn refines(first: &str, better: &str) -> bool {
    let has_offset = |t: &str| t.len() > 19;
    if has_offset(first) {
        return false;
    }
    if first.len() == 10 {
        return better.len() > 10 && better.starts_with(first);
    }
    // A naive time: the same minute, with an offset.
    has_offset(better) && better.get(..16) == first.get(..16)
}

/// A date in a URL's path: `/2019/11/19/` or `/2019-11-19/`.
fn url_date(url: &str) -> Option<String> {
    let path = url.split("://").nth(1).and_then(|r| r.find('/').map(|i| &r[i..]))?;
    let parts: Vec<&str> = path.split(['/', '-', '_']).collect();
    parts.windows(3).find_map(|w| {
        let (y, m, d) = (w[0], w[1], w[2]);
        if y.len() == 4 && m.len() == 2 && d.len() == 2 {
            let iso = format!("{y}-{m}-{d}");
            chrono::NaiveDate::parse_from_str(&iso, "%Y-%m-%d").ok().map(|_| iso)
        } else {
            None
        }
    })
}

fn host(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .split('@')
        .next_back()?
        .split(':')
        .next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// A readable outlet name for a host: the project's table of news hosts
/// (`grammars/outlets.tsv`), else the host without its `www.`.
pub fn outlet_from_host(host: &str) -> String {
    let bare = host
        .trim_start_matches("www.")
        .trim_start_matches("m.")
        .trim_start_matches("amp.")
        .trim_start_matches("edition.");
    let mut cut = bare;
    loop {
        if let Some(name) = crate::grammar::outlet_for_host(cut) {
            return name.to_string();
        }
        match cut.find('.') {
            Some(i) if cut[i + 1..].contains('.') => cut = &cut[i + 1..],
            _ => return site_label(bare).to_string(),
        }
    }
}

/// News agencies that bylines name in one word.
const AGENCIES: &[&str] = &[
    "AP",
    "AFP",
    "Reuters",
    "PTI",
    "IANS",
    "ANI",
    "dpa",
    "AAP",
    "UPI",
    "Xinhua",
    "EFE",
    "ANSA",
    "Kyodo",
    "Yonhap",
    "TASS",
    "KNA",
    "epd",
    "APA",
    "SDA",
    "Bloomberg",
];

/// The name a host is known by: its registrable domain's own label
/// ("politifact" of www.politifact.com, "bbc" of news.bbc.co.uk).
fn site_label(host: &str) -> &str {
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    if n < 2 {
        return host;
    }
    // A two-level public suffix: co.uk, com.au, org.nz…
    let two_level = n >= 3 && labels[n - 1].len() == 2 && labels[n - 2].len() <= 3;
    labels[if two_level { n - 3 } else { n - 2 }]
}

/// Words that mark the part of a byline that is not a person.
const NOT_PERSON: &[&str] = &[
    "staff",
    "reporter",
    "correspondent",
    "editor",
    "writer",
    "news",
    "business",
    "press",
    "agency",
    "agencies",
    "contributor",
    "team",
    "desk",
    "reuters",
    "afp",
    "ap",
    "updated",
    "published",
    "photo",
    "photos",
    "video",
    "min",
    "read",
    "follow",
    "email",
    "twitter",
];

/// Cleans bylines into a list of person names joined by ", ": drops "By",
/// dates, e-mail addresses, job titles and the outlet.
pub fn clean_authors(raw: &[String], site: Option<&str>) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    let mut orgs: Vec<String> = Vec::new();
    for r in raw {
        let r = clean_space(r);
        if r.starts_with("http") {
            continue;
        }
        let r = strip_by(&r);
        for part in r
            .split([',', ';', '|', '•', '\n'])
            .flat_map(|p| p.split(" and "))
            .flat_map(|p| p.split(" & "))
            .flat_map(|p| p.split(" und "))
        {
            // "X - 2019-04-10", "X – Reporter": keep what stands before.
            let part = part.split([' ', '\u{a0}']).collect::<Vec<_>>().join(" ");
            let part = part
                .split(" - ")
                .next()
                .unwrap_or("")
                .split(" – ")
                .next()
                .unwrap_or("")
                .split(" — ")
                .next()
                .unwrap_or("");
            let part = strip_by(part.trim())
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string();
            if part.is_empty() || part.contains('@') || part.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            let words: Vec<&str> = part.split_whitespace().collect();
            if words.is_empty() || words.len() > 5 {
                continue;
            }
            if words.len() < 2 {
                // One word is a user name ("KWCHCIK") unless it is a
                // news agency.
                if AGENCIES.iter().any(|a| a.eq_ignore_ascii_case(&part)) && !orgs.contains(&part) {
                    orgs.push(part);
                }
                continue;
            }
            if words
                .iter()
                .any(|w| NOT_PERSON.contains(&w.to_ascii_lowercase().trim_matches('.')))
            {
                // An agency is the author only when the byline names no one.
                if orgs.len() < 2 && !orgs.contains(&part) {
                    orgs.push(part);
                }
                continue;
            }
            if site.is_some_and(|s| squash(s) == squash(&part)) {
                continue;
            }
            if !words[0].chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            if !names.iter().any(|n| squash(n) == squash(&part)) {
                names.push(part);
            }
        }
    }
    if names.is_empty() {
        names = orgs;
    }
    (!names.is_empty()).then(|| names.join(", "))
}

fn strip_by(s: &str) -> &str {
    let t = s.trim();
    for p in [
        "By ",
        "by ",
        "BY ",
        "By: ",
        "by: ",
        "Von ",
        "von ",
        "Written by ",
        "Posted by ",
    ] {
        if let Some(r) = t.strip_prefix(p) {
            return r.trim();
        }
    }
    t
}

/// `en-US`, `en_GB`, `de` → `en`, `de`.
fn language_code(s: &str) -> Option<String> {
    let code: String = s.trim().chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    (code.len() == 2 || code.len() == 3).then(|| code.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
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
}
