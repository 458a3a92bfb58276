//! A page's JSON-LD, flattened (every node of every script, `@graph`
//! and arrays included), and what it says of the article: its headline,
//! dates, authors, publisher and site.

use serde_json::Value;

use super::unescape;

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
/// The JSON-LD of a page, flattened: every node of every script, `@graph`
/// and arrays included.
pub(super) struct JsonLd {
    nodes: Vec<Value>,
}

impl JsonLd {
    pub(super) fn parse(scripts: &[String]) -> JsonLd {
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

    pub(super) fn article_str(&self, key: &str) -> Option<String> {
        self.str_of(self.article()?, key)
    }

    /// A value of the page node (`WebPage`), which some sites date
    /// instead of the article.
    pub(super) fn page_str(&self, key: &str) -> Option<String> {
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

    pub(super) fn publisher(&self) -> Option<String> {
        let p = self.article()?.get("publisher")?;
        match p {
            Value::Array(a) => a.iter().find_map(|x| self.name_of(x)),
            v => self.name_of(v),
        }
    }

    pub(super) fn website_name(&self) -> Option<String> {
        let w = self.nodes.iter().find(|n| JsonLd::has_type(n, &["WebSite"]))?;
        self.name_of(w)
    }

    pub(super) fn authors(&self) -> Option<Vec<String>> {
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
