//! The HTML of `serve`'s pages, from values the store gave: no I/O and
//! no queries here. Every text that comes from the store or the request
//! goes through [`esc`] (element content) or [`attr`] (attribute
//! values), both `html_escape`; links are built by the router's
//! `*_href`, which percent-encode ids. Long lists are cut at fixed
//! lengths, with a line saying how many are left out.

mod article;
mod drift;
mod family;
mod outlets;
mod search;

use std::fmt::Write as _;

use super::{article_href, family_href};
use crate::provenance::OccurrenceReport;
use crate::render::shorten;

pub use article::article;
pub use drift::diff_html;
pub use family::{family, Names};
pub use outlets::{outlet_anchor, outlets};
pub use search::{home, search};

/// A graph laid out as SVG, or why it is not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Graph {
    Svg(String),
    Omitted(String),
}

/// Text as element content.
pub fn esc(s: &str) -> std::borrow::Cow<'_, str> {
    html_escape::encode_text(s)
}

/// Text as a double-quoted attribute value.
pub fn attr(s: &str) -> std::borrow::Cow<'_, str> {
    html_escape::encode_double_quoted_attribute(s)
}

const STYLE: &str = r#"
:root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --bg: #fbfbfc; --accent: #1f5fbf; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { background: #1d2330; color: #fff; padding: .6rem 1.2rem; display: flex; gap: 1.2rem; align-items: center; flex-wrap: wrap; }
header a { color: #fff; text-decoration: none; font-weight: 600; }
header form { margin-left: auto; display: flex; gap: .4rem; }
header input { width: 22rem; max-width: 60vw; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
h1 { font-size: 1.35rem; margin: .6rem 0; } h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
a { color: var(--accent); }
input, textarea, button { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 4px; }
button { background: var(--accent); color: #fff; border: 0; cursor: pointer; }
textarea { width: 100%; min-height: 5rem; }
blockquote { margin: .5rem 0; padding: .5rem .9rem; border-left: 4px solid var(--accent); background: #fff; font-size: 1.05rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: .85rem; }
.muted, .note { color: var(--muted); font-size: .9rem; }
.flag { background: #fde8e8; border: 1px solid #f3b4b4; padding: .5rem .8rem; border-radius: 4px; }
.tie { background: #fff7da; border: 1px solid #efd98a; padding: .5rem .8rem; border-radius: 4px; }
.graph { background: #fff; border: 1px solid var(--line); padding: .5rem; overflow: auto; max-height: 34rem; }
.graph svg { max-width: 100%; height: auto; }
.cols { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.2rem; }
@media (max-width: 60rem) { .cols { grid-template-columns: 1fr; } }
.lane { display: grid; grid-template-columns: 11rem 1fr 5rem; align-items: center; gap: .5rem; min-height: 1.6rem; border-bottom: 1px dotted var(--line); }
.track { position: relative; height: 1.2rem; }
.dot { position: absolute; top: .25rem; width: .7rem; height: .7rem; margin-left: -.35rem; border-radius: 50%; background: var(--accent); }
.dot.first { background: #d98c00; width: .9rem; height: .9rem; top: .15rem; margin-left: -.45rem; }
.bar { position: absolute; top: .3rem; height: .6rem; border-radius: .3rem; background: #9db8e6; }
.bar.first { background: #f0c36a; }
.undated { font-size: .85rem; color: var(--muted); }
.diff { font-size: 1rem; background: #fff; padding: .4rem .6rem; border: 1px solid var(--line); border-radius: 4px; }
del, ins { text-decoration: none; padding: 0 .15rem; border-radius: 3px; }
del { text-decoration: line-through; }
.c-speaker { background: #eadcff; } .c-negation { background: #ffc9c9; font-weight: 700; }
.c-number { background: #ffd8a8; font-weight: 700; } .c-entity { background: #c5e3ff; }
.c-substitution { background: #ffec99; } .c-deletion { background: #ffe3e3; }
.c-insertion { background: #d3f9d8; } .c-truncation { background: #e9ecef; color: var(--muted); }
.legend span { display: inline-block; margin: 0 .4rem .3rem 0; padding: 0 .4rem; border-radius: 3px; font-size: .85rem; }
.article-text { white-space: pre-wrap; background: #fff; border: 1px solid var(--line); padding: 1rem 1.2rem; font-size: 1.02rem; line-height: 1.65; }
mark { background: #fff1a8; padding: 0 .1rem; } a.q mark:hover { background: #ffd43b; }
mark.unlinked { background: #eef0f3; }
"#;

/// A whole page: `title` in the head, `body` in `<main>`, a search box
/// holding `q` in the header.
pub(super) fn layout(title: &str, q: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · quotegraph</title><style>{STYLE}</style></head><body>\
         <header><a href=\"/\">quotegraph</a><a href=\"/outlets\">Outlets</a>\
         <form action=\"/search\" method=\"get\" role=\"search\">\
         <input type=\"search\" name=\"q\" id=\"q\" value=\"{}\" placeholder=\"a line, or a quote\" aria-label=\"search\">\
         <button type=\"submit\">Search</button></form></header>\
         <main>{body}</main></body></html>\n",
        esc(title),
        attr(q)
    )
}

/// A page for a status other than 200.
pub fn error(status: u16, message: &str) -> String {
    let what = match status {
        400 => "Bad request",
        404 => "Not found",
        405 => "Method not allowed",
        _ => "Server error",
    };
    layout(
        what,
        "",
        &format!(
            "<h1>{status} · {what}</h1><p>{}</p><p><a href=\"/\">Back to the search</a></p>",
            esc(message)
        ),
    )
}

pub(super) fn family_list(out: &mut String, rows: impl Iterator<Item = (String, String, usize, Option<String>, bool)>) {
    out.push_str("<table class=\"families\"><tr><th>family</th><th>line</th><th>articles</th><th>speaker</th></tr>");
    for (id, canonical, articles, speaker, flagged) in rows {
        let _ = write!(
            out,
            "<tr><td><a class=\"family-link\" href=\"{}\">{}</a></td><td>{}{}</td><td>{articles}</td><td>{}</td></tr>",
            attr(&family_href(&id)),
            esc(&id),
            esc(&shorten(&canonical, 180)),
            if flagged {
                " <span class=\"flag-chip c-speaker\">possible misattribution</span>"
            } else {
                ""
            },
            esc(speaker.as_deref().unwrap_or("—"))
        );
    }
    out.push_str("</table>");
}

pub(super) fn where_(o: &OccurrenceReport) -> String {
    format!(
        "<a href=\"{}\">{}</a> · {} · {}",
        attr(&article_href(&o.article)),
        esc(&o.article),
        esc(o.outlet.as_deref().unwrap_or(crate::provenance::outlets::UNKNOWN)),
        esc(o.published.as_deref().unwrap_or("undated"))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_user_typed_is_escaped() {
        let nasty = "<script>alert(1)</script> \" onmouseover=\"x";
        let page = search(nasty, &[], &[], 0);
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        // In the search box's value, the quote cannot close the attribute.
        assert!(page.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt; &quot; onmouseover=&quot;x\""));
        let page = error(404, nasty);
        assert!(!page.contains("<script>alert") && page.contains("404"));
    }
}
