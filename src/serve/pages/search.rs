//! The front page and the search page: lists of families.

use std::fmt::Write as _;

use super::{attr, esc, family_list, layout, where_};
use crate::provenance::FamilyReport;
use crate::render::shorten;
use crate::serve::family_href;
use crate::store::{Counts, FamilyRow};

/// The front page: the search box, and the lines across most articles.
pub fn home(counts: &Counts, top: &[FamilyRow]) -> String {
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>Where did this line first appear?</h1>\
         <form action=\"/search\" method=\"get\" id=\"search\">\
         <textarea name=\"q\" id=\"quote\" placeholder=\"Paste a quote, or type a few words of a line\" autofocus></textarea>\
         <p><button type=\"submit\">Find its family</button></p></form>\
         <p class=\"muted\">{} articles, {} families of lines, {} outlets (<a href=\"/outlets\">who copies whom</a>).</p>\
         <h2>Lines across most articles</h2>",
        counts.articles, counts.families, counts.outlets
    );
    family_list(
        &mut b,
        top.iter().map(|f| {
            (
                f.id.clone(),
                f.canonical.clone(),
                f.articles,
                f.speaker.clone(),
                f.possible_misattribution,
            )
        }),
    );
    layout("search", "", &b)
}

fn first_summary(f: &FamilyReport) -> String {
    let first: Vec<String> = f
        .first_appearance
        .iter()
        .filter_map(|id| f.occurrences.iter().find(|o| &o.id == id))
        .map(where_)
        .collect();
    match (first.is_empty(), f.tie) {
        (true, _) => "unknown: every copy is undated".into(),
        (false, true) => format!("a tie between {}", first.join(" and ")),
        (false, false) => first[0].clone(),
    }
}

/// The families a search found, best match first; `total` is how many
/// were found before the list was cut.
/// `ids` are the pages whose id the query is (a family id as
/// `families.json` prints it, an article id), as (what, link) pairs.
pub fn search(q: &str, ids: &[(&str, String)], found: &[FamilyReport], total: usize) -> String {
    let mut b = format!("<h1>Search</h1><blockquote>{}</blockquote>", esc(q));
    for (what, href) in ids {
        let _ = write!(
            b,
            "<p class=\"direct\">The {what} <a href=\"{}\">{}</a>.</p>",
            attr(href),
            esc(q.trim())
        );
    }
    if found.is_empty() {
        b.push_str(
            "<p id=\"none\">Not found: no quote in this store matches this line. \
             A line is found from a few words on (as <code>quotegraph origin</code> finds it).</p>",
        );
        return layout("search", q, &b);
    }
    let _ = write!(
        b,
        "<p class=\"muted\">{total} {} found{}.</p>",
        if total == 1 { "family" } else { "families" },
        if total > found.len() {
            format!(", the best {} shown", found.len())
        } else {
            String::new()
        }
    );
    b.push_str("<ol class=\"results\">");
    for f in found {
        let _ = write!(
            b,
            "<li><a class=\"family-link\" href=\"{}\">{}</a> · {} articles · speaker {}<br>“{}”<br>\
             <span class=\"muted\">first appearance: {}</span></li>",
            attr(&family_href(&f.id)),
            esc(&f.id),
            f.articles,
            esc(f.speaker.as_deref().unwrap_or("unknown")),
            esc(&shorten(&f.canonical, 240)),
            first_summary(f)
        );
    }
    b.push_str("</ol>");
    layout("search", q, &b)
}
