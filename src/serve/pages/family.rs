//! A family's page.

use std::fmt::Write as _;

use super::drift::{diff_html, timeline, CLASSES};
use super::{attr, esc, layout, where_, Graph};
use crate::provenance::{FamilyReport, OccurrenceReport};
use crate::render::shorten;
use crate::serve::{article_href, family_href};
use crate::store::Alias;

/// Occurrences listed in a family's table, variants diffed, and copy
/// edges listed; the rest is counted.
const MAX_OCCURRENCES: usize = 300;
const MAX_VARIANTS: usize = 100;
const MAX_EDGES: usize = 200;

/// What a family is called besides its id: its stable key, its old
/// keys, and the name the page was asked for when that is one of them.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub key: String,
    pub aliases: Vec<Alias>,
    /// The alias in the address, when the page was asked for by one.
    pub asked: Option<Alias>,
}

/// A family's page: the line, its first appearance (ties and undated
/// copies said as they are), speakers and the misattribution flag with
/// its evidence, its copy graph, each wording's diff against the first,
/// every occurrence by outlet, the copy edges and citations.
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
