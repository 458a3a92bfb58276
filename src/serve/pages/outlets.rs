//! The outlets page: who copies whom.

use std::fmt::Write as _;

use super::{attr, esc, layout, Graph};
use crate::serve::search_href;
use crate::store::{Counts, OutletEdge, OutletRow};

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
                crate::serve::OUTLET_GRAPH_PAIRS.min(counts.outlet_pairs),
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

    #[test]
    fn outlet_anchors_keep_distinct_outlets_apart() {
        assert_eq!(outlet_anchor("The Times"), "outlet-The_20Times");
        assert_ne!(outlet_anchor("A-B"), outlet_anchor("A B"));
        assert_ne!(outlet_anchor("A"), outlet_anchor("a"));
    }
}
