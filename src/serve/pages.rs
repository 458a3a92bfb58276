//! The HTML of `serve`'s pages, from values the store gave: no I/O and
//! no queries here. Every text that comes from the store or the request
//! goes through [`esc`] (element content) or [`attr`] (attribute
//! values), both `html_escape`; links are built by the router's
//! `*_href`, which percent-encode ids. Long lists are cut at fixed
//! lengths, with a line saying how many are left out.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{article_href, family_href, search_href};
use crate::provenance::drift::{Class, Op, Step};
use crate::provenance::{FamilyReport, OccurrenceReport};
use crate::render::shorten;
use crate::store::{Alias, ArticleView, Counts, FamilyRow, OutletEdge, OutletRow};

/// Occurrences listed in a family's table, variants diffed, and copy
/// edges listed; the rest is counted.
const MAX_OCCURRENCES: usize = 300;
const MAX_VARIANTS: usize = 100;
const MAX_EDGES: usize = 200;
/// Occurrences drawn on a family's timeline: a line in thousands of
/// articles is a smear of dots, and its page should stay small.
const MAX_DOTS: usize = 2000;

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

/// The `id` an outlet's row has on the outlets page.
pub fn outlet_anchor(outlet: &str) -> String {
    let mut id = String::from("outlet-");
    for c in outlet.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else {
            // Distinct outlets keep distinct anchors: anything else is
            // written as its code point.
            let _ = write!(id, "_{:x}", c as u32);
        }
    }
    id
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
fn layout(title: &str, q: &str, body: &str) -> String {
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

fn family_list(out: &mut String, rows: impl Iterator<Item = (String, String, usize, Option<String>, bool)>) {
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

fn where_(o: &OccurrenceReport) -> String {
    format!(
        "<a href=\"{}\">{}</a> · {} · {}",
        attr(&article_href(&o.article)),
        esc(&o.article),
        esc(o.outlet.as_deref().unwrap_or(crate::provenance::outlets::UNKNOWN)),
        esc(o.published.as_deref().unwrap_or("undated"))
    )
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

/// A diff as HTML: unchanged words as they are, each change a `<del>`
/// and/or `<ins>` coloured by the class the drift audit gave it.
pub fn diff_html(diff: &[Step], changes: &[crate::provenance::drift::Change]) -> String {
    let mut used = vec![false; changes.len()];
    let mut out = String::new();
    for step in diff {
        let fallback = match step.op {
            Op::Equal => {
                let _ = write!(out, "{} ", esc(&step.old));
                continue;
            }
            Op::Delete => Class::Deletion,
            Op::Insert => Class::Insertion,
            Op::Replace => Class::Substitution,
        };
        // The audit makes one change per changed step, with its words.
        let class = changes
            .iter()
            .enumerate()
            .find(|(i, c)| !used[*i] && c.class != Class::Speaker && c.old == step.old && c.new == step.new)
            .map(|(i, c)| {
                used[i] = true;
                c.class
            })
            .unwrap_or(fallback);
        let k = class.as_str();
        if !step.old.is_empty() {
            let _ = write!(
                out,
                "<del class=\"c-{k}\" title=\"{k}: removed\">{}</del> ",
                esc(&step.old)
            );
        }
        if !step.new.is_empty() {
            let _ = write!(
                out,
                "<ins class=\"c-{k}\" title=\"{k}: added\">{}</ins> ",
                esc(&step.new)
            );
        }
    }
    out.trim_end().to_string()
}

const CLASSES: [Class; 8] = [
    Class::Speaker,
    Class::Negation,
    Class::Number,
    Class::Entity,
    Class::Substitution,
    Class::Deletion,
    Class::Insertion,
    Class::Truncation,
];

/// Lanes, one per outlet, with each dated occurrence placed by its
/// publication time: a dot for a time, a bar for a date without one (the
/// whole day it may have been published in, which is why such copies
/// tie); undated occurrences counted at the end of their lane.
fn timeline(f: &FamilyReport) -> String {
    use crate::provenance::time;
    let stamps: Vec<Option<(i64, i64)>> = f
        .occurrences
        .iter()
        .map(|o| o.published.as_deref().and_then(time::parse).map(|s| (s.lo, s.hi)))
        .collect();
    let lo = stamps.iter().flatten().map(|s| s.0).min();
    let hi = stamps.iter().flatten().map(|s| s.1).max();
    let mut lanes: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, o) in f.occurrences.iter().enumerate() {
        lanes
            .entry(o.outlet.as_deref().unwrap_or(crate::provenance::outlets::UNKNOWN))
            .or_default()
            .push(i);
    }
    let label = |pick: &dyn Fn(&(i64, i64)) -> bool| {
        f.occurrences
            .iter()
            .zip(&stamps)
            .find(|(_, s)| s.as_ref().is_some_and(pick))
            .and_then(|(o, _)| o.published.clone())
            .unwrap_or_default()
    };
    let mut b = String::from("<div class=\"timeline\">");
    let (lo, span) = match (lo, hi) {
        (Some(lo), Some(hi)) => {
            let _ = write!(
                b,
                "<p class=\"muted\">from {} to {} ({})</p>",
                esc(&label(&|s| s.0 == lo)),
                esc(&label(&|s| s.1 == hi)),
                time::human_gap(hi - lo)
            );
            (lo, (hi - lo).max(1) as f64)
        }
        _ => (0, 1.0),
    };
    let mut drawn = 0;
    for (outlet, occ) in lanes {
        let _ = write!(
            b,
            "<div class=\"lane\"><span>{}</span><div class=\"track\">",
            esc(outlet)
        );
        let mut undated = 0;
        for &i in &occ {
            let o = &f.occurrences[i];
            let Some((from, to)) = stamps[i] else {
                undated += 1;
                continue;
            };
            drawn += 1;
            if drawn > MAX_DOTS {
                continue;
            }
            let left = (from - lo) as f64 * 100.0 / span;
            let width = (to - from) as f64 * 100.0 / span;
            let first = if f.first_appearance.contains(&o.id) {
                " first"
            } else {
                ""
            };
            let place = if width < 1.0 {
                format!("class=\"dot{first}\" style=\"left:{:.2}%\"", left + width / 2.0)
            } else {
                format!("class=\"bar{first}\" style=\"left:{left:.2}%;width:{width:.2}%\"")
            };
            let _ = write!(
                b,
                "<a {place} href=\"{}\" title=\"{}\"></a>",
                attr(&article_href(&o.article)),
                attr(&format!(
                    "{} · {} · {}",
                    o.article,
                    o.published.as_deref().unwrap_or(""),
                    o.variant
                ))
            );
        }
        b.push_str("</div>");
        if undated > 0 {
            let _ = write!(b, "<span class=\"undated\">{undated} undated</span>");
        } else {
            b.push_str("<span></span>");
        }
        b.push_str("</div>");
    }
    if drawn > MAX_DOTS {
        let _ = write!(
            b,
            "<p class=\"note\">the first {MAX_DOTS} of {drawn} dated occurrences drawn, in the lanes' order</p>"
        );
    }
    b.push_str("</div>");
    b
}

/// A family's page: the line, its first appearance (ties and undated
/// copies said as they are), speakers and the misattribution flag with
/// its evidence, its copy graph, each wording's diff against the first,
/// every occurrence by outlet, the copy edges and citations.
/// What a family is called besides its id: its stable key, its old
/// keys, and the name the page was asked for when that is one of them.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub key: String,
    pub aliases: Vec<Alias>,
    /// The alias in the address, when the page was asked for by one.
    pub asked: Option<Alias>,
}

pub fn family(f: &FamilyReport, names: &Names, graph: &Graph) -> String {
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>Family {} · {} articles · {} wordings</h1><blockquote id=\"canonical\">{}</blockquote>",
        esc(&f.id),
        f.articles,
        f.variants.len(),
        esc(&f.canonical)
    );
    // The id shifts as the store grows; the key, and any old key, keep
    // leading here.
    let _ = write!(
        b,
        "<p id=\"key\" class=\"muted\">Key <a href=\"{}\">{}</a> (a link that stays)",
        attr(&family_href(&names.key)),
        esc(&names.key)
    );
    if !names.aliases.is_empty() {
        let old: Vec<String> = names
            .aliases
            .iter()
            .map(|a| {
                format!(
                    "<span class=\"alias\">{}</span> ({}, add {})",
                    esc(&a.alias),
                    esc(&a.why),
                    a.since_add
                )
            })
            .collect();
        let _ = write!(b, "; also known by its old keys {}", old.join(", "));
    }
    b.push_str(".</p>");
    if let Some(a) = &names.asked {
        let _ = write!(
            b,
            "<p class=\"tie\" id=\"asked\">{} is an old key of this family: {} in add {}.</p>",
            esc(&a.alias),
            esc(&a.why),
            a.since_add
        );
    }

    b.push_str("<section id=\"first\"><h2>First appearance</h2>");
    let first: Vec<&OccurrenceReport> = f
        .first_appearance
        .iter()
        .filter_map(|id| f.occurrences.iter().find(|o| &o.id == id))
        .collect();
    if first.is_empty() {
        b.push_str("<p class=\"tie\">Unknown: every copy of this line is undated.</p>");
    } else if f.tie {
        let _ = write!(
            b,
            "<p class=\"tie\">A tie: these {} appeared at times that cannot be told apart \
             (a date without a time overlaps every time on that day).</p><ul>",
            first.len()
        );
        for o in &first {
            let _ = write!(b, "<li>{}</li>", where_(o));
        }
        b.push_str("</ul>");
    } else {
        let _ = write!(b, "<p>{}</p>", where_(first[0]));
    }
    if !f.undated.is_empty() {
        let _ = write!(
            b,
            "<p class=\"tie\">{} undated {} may be earlier:</p><ul>",
            f.undated.len(),
            if f.undated.len() == 1 { "copy" } else { "copies" }
        );
        for id in f.undated.iter().take(MAX_OCCURRENCES) {
            if let Some(o) = f.occurrences.iter().find(|o| &o.id == id) {
                let _ = write!(b, "<li>{}</li>", where_(o));
            }
        }
        b.push_str("</ul>");
    }
    for (label, ids) in [("Part of", &f.inside), ("Holds the fragments", &f.contains)] {
        if !ids.is_empty() {
            let links: Vec<String> = ids
                .iter()
                .map(|id| format!("<a href=\"{}\">{}</a>", attr(&family_href(id)), esc(id)))
                .collect();
            let _ = write!(b, "<p>{label} {}</p>", links.join(", "));
        }
    }
    b.push_str("</section>");

    b.push_str("<section id=\"speakers\"><h2>Speakers</h2>");
    if f.possible_misattribution {
        b.push_str(
            "<div class=\"flag\" id=\"misattribution\"><strong>Possible misattribution.</strong> \
             Copies that state this line credit speakers who cannot be one person:<ul>",
        );
        for c in &f.misattribution {
            let links: Vec<String> = c
                .articles
                .iter()
                .take(20)
                .map(|a| format!("<a href=\"{}\">{}</a>", attr(&article_href(a)), esc(a)))
                .collect();
            let more = c.articles.len().saturating_sub(20);
            let _ = write!(
                b,
                "<li><strong>{}</strong> in {}{}</li>",
                esc(&c.speaker),
                links.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            );
        }
        b.push_str("</ul></div>");
    }
    if f.speakers.is_empty() {
        b.push_str("<p class=\"muted\">No copy names a speaker.</p>");
    } else {
        let _ = write!(
            b,
            "<p>Credited to <strong>{}</strong>.</p><ul>",
            esc(f.speaker.as_deref().unwrap_or("nobody in most copies"))
        );
        for s in &f.speakers {
            let _ = write!(
                b,
                "<li>{} · {} {}</li>",
                esc(&s.name),
                s.count,
                if s.count == 1 { "copy" } else { "copies" }
            );
        }
        b.push_str("</ul>");
    }
    b.push_str("</section>");

    b.push_str("<section id=\"graph\"><h2>Who copied whom</h2>");
    match graph {
        Graph::Svg(svg) => {
            // Graphviz's own SVG, whose labels it escaped; links are the
            // router's.
            let _ = write!(b, "<div class=\"graph\">{svg}</div>");
            b.push_str(
                "<p class=\"note\">Solid: the same words; dashed: a cut or drifted copy. \
                 The first appearance is filled; undated articles are dashed boxes.</p>",
            );
        }
        Graph::Omitted(why) => {
            let _ = write!(b, "<p class=\"note\" id=\"graph-omitted\">Graph {}</p>", esc(why));
        }
    }
    b.push_str("</section>");

    b.push_str("<section id=\"variants\"><h2>Wordings against the first appearance</h2>");
    if f.variants.len() <= 1 {
        b.push_str("<p class=\"muted\">Every copy has the same words.</p>");
    } else {
        b.push_str("<p class=\"legend\">");
        for c in CLASSES {
            let _ = write!(b, "<span class=\"c-{0}\">{0}</span>", c.as_str());
        }
        b.push_str("</p>");
        if let Some(v0) = f.variants.first() {
            let _ = write!(
                b,
                "<div class=\"variant\" id=\"{}\"><p><strong>{}</strong> · the first appearance's words · {} {}</p>\
                 <p class=\"diff\">{}</p></div>",
                attr(&v0.id),
                esc(&v0.id),
                v0.occurrences.len(),
                if v0.occurrences.len() == 1 { "copy" } else { "copies" },
                esc(&v0.text)
            );
        }
        for v in f.variants.iter().skip(1).take(MAX_VARIANTS) {
            let changes: Vec<String> = v
                .audit
                .changes
                .iter()
                .map(|c| format!("<span class=\"c-{0}\">{0}</span>", c.class.as_str()))
                .collect();
            let _ = write!(
                b,
                "<div class=\"variant\" id=\"{}\"><p><strong>{}</strong> · {} {} · {}</p>\
                 <p class=\"diff\">{}</p></div>",
                attr(&v.id),
                esc(&v.id),
                v.occurrences.len(),
                if v.occurrences.len() == 1 { "copy" } else { "copies" },
                changes.join(" "),
                diff_html(&v.audit.diff, &v.audit.changes)
            );
        }
        if f.variants.len() > MAX_VARIANTS + 1 {
            let _ = write!(
                b,
                "<p class=\"note\">and {} more wordings</p>",
                f.variants.len() - MAX_VARIANTS - 1
            );
        }
    }
    b.push_str("</section>");

    b.push_str("<section id=\"timeline\"><h2>Every occurrence, by outlet</h2>");
    b.push_str(&timeline(f));
    b.push_str(
        "<table class=\"occurrences\"><tr><th>published</th><th>outlet</th><th>article</th>\
         <th>wording</th><th>speaker</th><th>copied from</th></tr>",
    );
    let mut rows: Vec<&OccurrenceReport> = f.occurrences.iter().collect();
    // Undated last; otherwise by date text, which is ISO 8601.
    rows.sort_by(|a, b| {
        (a.published.is_none(), &a.published, &a.id).cmp(&(b.published.is_none(), &b.published, &b.id))
    });
    for o in rows.iter().take(MAX_OCCURRENCES) {
        let source = f.copy_edges.iter().find(|e| e.to == o.id);
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(o.published.as_deref().unwrap_or("undated")),
            esc(o.outlet.as_deref().unwrap_or(crate::provenance::outlets::UNKNOWN)),
            attr(&article_href(&o.article)),
            esc(&o.id),
            esc(&o.variant),
            esc(o.speaker_canonical.as_deref().or(o.speaker.as_deref()).unwrap_or("—")),
            source
                .map(|e| format!(
                    "<a href=\"{}\">{}</a> ({:.2})",
                    attr(&article_href(&e.from_article)),
                    esc(&e.from),
                    e.confidence
                ))
                .unwrap_or_default()
        );
    }
    b.push_str("</table>");
    if rows.len() > MAX_OCCURRENCES {
        let _ = write!(
            b,
            "<p class=\"note\">and {} more occurrences</p>",
            rows.len() - MAX_OCCURRENCES
        );
    }
    b.push_str("</section>");

    b.push_str("<section id=\"edges\"><h2>Copy edges and their evidence</h2>");
    if f.copy_edges.is_empty() {
        b.push_str("<p class=\"muted\">None.</p>");
    } else {
        b.push_str("<table><tr><th>from</th><th>to</th><th>kind</th><th>confidence</th><th>evidence</th></tr>");
        for e in f.copy_edges.iter().take(MAX_EDGES) {
            let kind = serde_json::to_value(e.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = write!(
                b,
                "<tr><td><a href=\"{}\">{}</a></td><td><a href=\"{}\">{}</a></td><td>{}</td><td>{:.2}</td><td>{}</td></tr>",
                attr(&article_href(&e.from_article)),
                esc(&e.from),
                attr(&article_href(&e.to_article)),
                esc(&e.to),
                esc(&kind),
                e.confidence,
                esc(&e.evidence.join("; "))
            );
        }
        b.push_str("</table>");
        if f.copy_edges.len() > MAX_EDGES {
            let _ = write!(b, "<p class=\"note\">and {} more</p>", f.copy_edges.len() - MAX_EDGES);
        }
    }
    if !f.citations.is_empty() {
        b.push_str("<h2>Sources the articles cite</h2><ul>");
        for c in f.citations.iter().take(MAX_EDGES) {
            let _ = write!(
                b,
                "<li><a href=\"{}\">{}</a> names {} (“{}”)</li>",
                attr(&article_href(&c.article)),
                esc(&c.occurrence),
                esc(&c.source),
                esc(&c.cue)
            );
        }
        b.push_str("</ul>");
    }
    b.push_str("</section>");
    layout(&format!("{} · {}", f.id, shorten(&f.canonical, 60)), "", &b)
}

/// An article with its quotes highlighted, each linked to its family.
pub fn article(a: &ArticleView) -> String {
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{}</h1><p class=\"muted\">",
        esc(a.title.as_deref().unwrap_or(&a.id))
    );
    let mut meta = vec![format!("<code>{}</code>", esc(&a.id))];
    meta.push(esc(a.outlet.as_deref().unwrap_or(crate::provenance::outlets::UNKNOWN)).into_owned());
    meta.push(esc(a.published.as_deref().unwrap_or("undated")).into_owned());
    if let Some(author) = &a.author {
        meta.push(format!("by {}", esc(author)));
    }
    if let Some(url) = a
        .url
        .as_deref()
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
    {
        meta.push(format!("<a href=\"{}\" rel=\"noreferrer\">source</a>", attr(url)));
    }
    b.push_str(&meta.join(" · "));
    b.push_str("</p>");

    // Segments in text order; one that overlaps the last drawn, or whose
    // offsets do not fall on the text's characters, is listed below but
    // not highlighted.
    let mut marks: Vec<(usize, usize, usize, Option<&str>)> = Vec::new();
    for q in &a.quotes {
        for (s, seg) in q.segments.iter().enumerate() {
            marks.push((seg[0], seg[1], q.idx, q.families.get(s).and_then(|f| f.as_deref())));
        }
    }
    marks.sort_by_key(|m| (m.0, m.1));
    b.push_str("<div class=\"article-text\" id=\"text\">");
    let mut at = 0;
    for (start, end, idx, fam) in marks {
        if start < at || end <= start || a.text.get(start..end).is_none() || a.text.get(at..start).is_none() {
            continue;
        }
        b.push_str(&esc(&a.text[at..start]));
        let inner = esc(&a.text[start..end]);
        match fam {
            Some(f) => {
                let _ = write!(
                    b,
                    "<a class=\"q\" href=\"{}\" title=\"{}\"><mark data-quote=\"{idx}\">{inner}</mark></a>",
                    attr(&family_href(f)),
                    attr(&format!("quote {idx}, family {f}"))
                );
            }
            None => {
                let _ = write!(b, "<mark class=\"unlinked\" data-quote=\"{idx}\">{inner}</mark>");
            }
        }
        at = end;
    }
    b.push_str(&esc(a.text.get(at..).unwrap_or("")));
    b.push_str("</div>");

    let _ = write!(b, "<h2>{} quotes</h2>", a.quotes.len());
    b.push_str("<table><tr><th>#</th><th>kind</th><th>speaker</th><th>families</th></tr>");
    for q in &a.quotes {
        let mut fams: Vec<&str> = q.families.iter().flatten().map(String::as_str).collect();
        fams.dedup();
        let links: Vec<String> = fams
            .iter()
            .map(|f| format!("<a href=\"{}\">{}</a>", attr(&family_href(f)), esc(f)))
            .collect();
        let _ = write!(
            b,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            q.idx,
            esc(&q.kind),
            esc(q.speaker.as_deref().unwrap_or("—")),
            if links.is_empty() {
                "—".to_string()
            } else {
                links.join(", ")
            }
        );
    }
    b.push_str("</table>");
    layout(a.title.as_deref().unwrap_or(&a.id), "", &b)
}

/// Who copies whom: the heaviest pairs as a graph with the table beside
/// it, and the outlets with the lines they gave and took (a little
/// script filters that table as one types).
pub fn outlets(counts: &Counts, outlets: &[OutletRow], pairs: &[OutletEdge], graph: &Graph) -> String {
    let mut b = format!(
        "<h1>Who copies whom</h1><p class=\"muted\">{} outlets; {} pairs of outlets share copied lines. \
         A pair counts each line once, however often it went between them.</p><div class=\"cols\"><section id=\"graph\">",
        counts.outlets, counts.outlet_pairs
    );
    match graph {
        Graph::Svg(svg) => {
            let _ = write!(
                b,
                "<div class=\"graph\">{svg}</div><p class=\"note\">The {} heaviest pairs of {}; \
                 an arrow points from the outlet copied to the one that copied, as thick as the lines it took.</p>",
                super::OUTLET_GRAPH_PAIRS.min(counts.outlet_pairs),
                counts.outlet_pairs
            );
        }
        Graph::Omitted(why) => {
            let _ = write!(b, "<p class=\"note\" id=\"graph-omitted\">Graph {}</p>", esc(why));
        }
    }
    b.push_str("</section><section id=\"pairs\"><table><tr><th>copied from</th><th>by</th><th>lines</th></tr>");
    for p in pairs {
        let _ = write!(
            b,
            "<tr><td><a href=\"#{}\">{}</a></td><td><a href=\"#{}\">{}</a></td><td>{}</td></tr>",
            attr(&outlet_anchor(&p.source)),
            esc(&p.source),
            attr(&outlet_anchor(&p.copy)),
            esc(&p.copy),
            p.lines
        );
    }
    b.push_str("</table>");
    if counts.outlet_pairs > pairs.len() {
        let _ = write!(
            b,
            "<p class=\"note\">the {} heaviest of {} pairs</p>",
            pairs.len(),
            counts.outlet_pairs
        );
    }
    b.push_str(
        "</section></div><h2>Outlets</h2>\
         <p><input id=\"filter\" type=\"search\" placeholder=\"filter outlets\" aria-label=\"filter outlets\"></p>\
         <table id=\"outlets\"><tr><th>outlet</th><th>articles</th><th>lines others took from it</th>\
         <th>lines it took from others</th><th>search</th></tr>",
    );
    for o in outlets {
        let _ = write!(
            b,
            "<tr id=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><a href=\"{}\">lines naming it</a></td></tr>",
            attr(&outlet_anchor(&o.name)),
            esc(&o.name),
            o.articles,
            o.gave,
            o.took,
            attr(&search_href(&o.name))
        );
    }
    b.push_str("</table>");
    if counts.outlets > outlets.len() {
        let _ = write!(
            b,
            "<p class=\"note\">the {} outlets that gave and took most, of {}</p>",
            outlets.len(),
            counts.outlets
        );
    }
    b.push_str(
        "<script>\
         document.getElementById('filter').addEventListener('input', function (e) {\
           var q = e.target.value.toLowerCase();\
           document.querySelectorAll('#outlets tr[id]').forEach(function (tr) {\
             tr.style.display = tr.cells[0].textContent.toLowerCase().includes(q) ? '' : 'none';\
           });\
         });</script>",
    );
    layout("outlets", "", &b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provenance::drift::Change;

    fn step(op: Op, old: &str, new: &str) -> Step {
        Step {
            op,
            old: old.into(),
            new: new.into(),
        }
    }

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

    #[test]
    fn diffs_are_coloured_by_the_class_of_each_change() {
        let diff = [
            step(Op::Equal, "we will", ""),
            step(Op::Delete, "not", ""),
            step(Op::Equal, "raise taxes by", ""),
            step(Op::Replace, "5", "7"),
            step(Op::Equal, "percent", ""),
            step(Op::Insert, "", "<b>soon</b>"),
        ];
        let change = |class, old: &str, new: &str| Change {
            class,
            old: old.into(),
            new: new.into(),
            severity: 0.0,
        };
        let changes = [
            change(Class::Speaker, "A", "B"),
            change(Class::Negation, "not", ""),
            change(Class::Number, "5", "7"),
            change(Class::Insertion, "", "<b>soon</b>"),
        ];
        assert_eq!(
            diff_html(&diff, &changes),
            "we will <del class=\"c-negation\" title=\"negation: removed\">not</del> raise taxes by \
             <del class=\"c-number\" title=\"number: removed\">5</del> <ins class=\"c-number\" title=\"number: added\">7</ins> \
             percent <ins class=\"c-insertion\" title=\"insertion: added\">&lt;b&gt;soon&lt;/b&gt;</ins>"
        );
        // Without its change, a step takes its operation's class.
        assert!(diff_html(&diff[..2], &[]).contains("c-deletion"));
    }

    #[test]
    fn article_quotes_are_highlighted_and_bad_offsets_skipped() {
        use crate::store::QuoteView;
        let text = "Mayor said “no <tax>” today. “Ünïcode” end";
        let no = text.find("no").unwrap();
        let uni = text.find("Ü").unwrap();
        let view = ArticleView {
            id: "a1".into(),
            title: None,
            outlet: Some("Gazette & Co".into()),
            published: None,
            author: None,
            url: Some("javascript:alert(1)".into()),
            text: text.into(),
            quotes: vec![
                QuoteView {
                    idx: 0,
                    segments: vec![[no, no + 8]],
                    kind: "statement".into(),
                    speaker: Some("Mayor".into()),
                    families: vec![Some("F1".into())],
                },
                // Inside a multi-byte character: listed, not drawn.
                QuoteView {
                    idx: 1,
                    segments: vec![[uni + 1, uni + 4]],
                    kind: "scare".into(),
                    speaker: None,
                    families: vec![None],
                },
            ],
        };
        let page = article(&view);
        assert!(page.contains(
            "<a class=\"q\" href=\"/family/F1\" title=\"quote 0, family F1\"><mark data-quote=\"0\">no &lt;tax&gt;</mark></a>"
        ));
        assert!(!page.contains("data-quote=\"1\""));
        assert!(page.contains("Gazette &amp; Co"));
        assert!(!page.contains("javascript:"), "only http(s) links are drawn");
    }

    #[test]
    fn outlet_anchors_keep_distinct_outlets_apart() {
        assert_eq!(outlet_anchor("The Times"), "outlet-The_20Times");
        assert_ne!(outlet_anchor("A-B"), outlet_anchor("A B"));
        assert_ne!(outlet_anchor("A"), outlet_anchor("a"));
    }
}
