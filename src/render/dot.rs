//! The provenance graph in Graphviz DOT, built with graphviz-rust: one
//! node per article, grouped in a cluster per outlet, one per cited
//! source; copy edges solid (verbatim) or dashed (drifted), declared
//! citations dotted. Every label is escaped, so Graphviz accepts the file
//! whatever the articles contain.

use std::collections::BTreeMap;

use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, Id, Node as DotNode, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};
use petgraph::graph::DiGraph;
use petgraph::visit::EdgeRef;

use crate::article::Analysed;
use crate::provenance::{Edge, Node, Provenance};
use crate::render::shorten;

/// A DOT string literal with every character Graphviz could read as
/// markup escaped: quotes, backslashes, newlines, and the braces, angle
/// brackets and bars that record labels treat specially.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' | '{' | '}' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn attr(k: &str, v: &str) -> Attribute {
    Attribute(Id::Plain(k.to_string()), Id::Escaped(escape(v)))
}

fn plain(k: &str, v: &str) -> Attribute {
    Attribute(Id::Plain(k.to_string()), Id::Plain(v.to_string()))
}

fn node_id(id: &str) -> NodeId {
    NodeId(Id::Plain(id.to_string()), None)
}

fn article_label(a: &Analysed) -> String {
    let mut lines = vec![a.outlet.clone().unwrap_or_else(|| "unknown outlet".into())];
    lines.push(a.published.clone().unwrap_or_else(|| "undated".into()));
    lines.push(shorten(a.title.as_deref().unwrap_or(&a.id), 48));
    lines.join("\n")
}

/// An edge per pair of outlets, labelled with the lines copied and drawn
/// wider (on a log scale) the more there are.
fn outlet_edges(stmts: &mut Vec<Stmt>, pairs: &[(&str, &str, usize)], ids: &BTreeMap<&str, String>) {
    let most = pairs.iter().map(|e| e.2).max().unwrap_or(1).max(1) as f64;
    for (from, to, n) in pairs {
        let width = 1.0 + 4.0 * (*n as f64).ln_1p() / most.ln_1p();
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(Vertex::N(node_id(&ids[from])), Vertex::N(node_id(&ids[to]))),
            attributes: vec![attr("label", &n.to_string()), plain("penwidth", &format!("{width:.2}"))],
        }));
    }
}

/// Sources drawn for each outlet in the outlet graph.
const OUTLET_SOURCES: usize = 3;

/// Writes the outlet-level graph: a node per outlet (its articles, and
/// the lines it gave and took), an edge per pair of outlets weighted by
/// the lines one took from the other.
pub fn write_outlets(w: &mut dyn std::io::Write, g: &crate::provenance::outlets::OutletGraph) -> std::io::Result<()> {
    let drawn = g.strongest(OUTLET_SOURCES);
    let mut title = "quotegraph: lines copied between outlets".to_string();
    if drawn.len() < g.edges.len() {
        title.push_str(&format!(
            "\n(each outlet's {OUTLET_SOURCES} strongest sources: {} of {} pairs)",
            drawn.len(),
            g.edges.len()
        ));
    }
    let mut stmts = vec![
        Stmt::Attribute(plain("rankdir", "LR")),
        Stmt::Attribute(attr("label", &title)),
        Stmt::Attribute(attr("labelloc", "t")),
        Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Node(vec![
            plain("shape", "box"),
            attr("style", "rounded"),
            plain("fontsize", "10"),
        ])),
    ];
    let ids: BTreeMap<&str, String> = g
        .articles
        .keys()
        .enumerate()
        .map(|(i, o)| (o.as_str(), format!("o{i}")))
        .collect();
    for (outlet, (gave, took)) in g.totals() {
        let articles = g.articles.get(outlet).copied().unwrap_or(0);
        let label = format!("{outlet}\n{articles} articles\ngave {gave} lines, took {took}");
        stmts.push(Stmt::Node(DotNode::new(
            node_id(&ids[outlet]),
            vec![attr("label", &label)],
        )));
    }
    outlet_edges(&mut stmts, &drawn, &ids);
    let graph = Graph::DiGraph {
        id: Id::Plain("outlets".into()),
        strict: false,
        stmts,
    };
    w.write_all(graph.print(&mut PrinterContext::default()).as_bytes())?;
    w.write_all(b"\n")
}

/// What the web page's graphs share: left to right, rounded boxes, small
/// sans-serif type.
fn page_graph_header() -> Vec<Stmt> {
    vec![
        Stmt::Attribute(plain("rankdir", "LR")),
        Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Node(vec![
            plain("shape", "box"),
            attr("style", "rounded"),
            plain("fontsize", "10"),
            attr("fontname", "sans-serif"),
        ])),
        Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Edge(vec![
            plain("fontsize", "9"),
            attr("fontname", "sans-serif"),
        ])),
    ]
}

/// One family's copy edges as a graph of its articles, for `serve`: a
/// node per article (outlet, date, id; the first appearance bold, an
/// undated article dashed), an edge per copy (solid verbatim, dashed
/// otherwise, labelled with its kind and confidence). `href` gives each
/// article node its link.
pub fn family(f: &crate::provenance::FamilyReport, href: &dyn Fn(&str) -> String) -> String {
    let mut stmts = page_graph_header();
    let first: Vec<&str> = f
        .occurrences
        .iter()
        .filter(|o| f.first_appearance.contains(&o.id))
        .map(|o| o.article.as_str())
        .collect();
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    for o in &f.occurrences {
        if ids.contains_key(o.article.as_str()) {
            continue;
        }
        let id = format!("n{}", ids.len());
        let label = format!(
            "{}\n{}\n{}",
            o.outlet.as_deref().unwrap_or(crate::provenance::outlets::UNKNOWN),
            o.published.as_deref().unwrap_or("undated"),
            shorten(&o.article, 32)
        );
        let mut attributes = vec![
            attr("label", &label),
            attr("tooltip", &o.article),
            attr("URL", &href(&o.article)),
            attr("target", "_top"),
        ];
        if first.contains(&o.article.as_str()) {
            attributes.push(attr("style", "rounded,bold,filled"));
            attributes.push(attr("fillcolor", "#fff3c4"));
        } else if o.published.is_none() {
            attributes.push(attr("style", "rounded,dashed"));
        }
        stmts.push(Stmt::Node(DotNode::new(node_id(&id), attributes)));
        ids.insert(&o.article, id);
    }
    let mut drawn = std::collections::BTreeSet::new();
    for e in &f.copy_edges {
        let (Some(from), Some(to)) = (ids.get(e.from_article.as_str()), ids.get(e.to_article.as_str())) else {
            continue;
        };
        if !drawn.insert((from, to)) {
            continue;
        }
        let kind = serde_json::to_value(e.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(Vertex::N(node_id(from)), Vertex::N(node_id(to))),
            attributes: vec![
                attr("label", &format!("{kind} {:.2}", e.confidence)),
                plain("style", if kind == "verbatim" { "solid" } else { "dashed" }),
            ],
        }));
    }
    let graph = Graph::DiGraph {
        id: Id::Plain("family".into()),
        strict: false,
        stmts,
    };
    graph.print(&mut PrinterContext::default()) + "\n"
}

/// The heaviest pairs of outlets as a graph, for `serve`: a node per
/// outlet named in `pairs` (with its articles, from `articles`), an edge
/// per pair weighted by the lines copied. `href` links each outlet.
pub fn outlet_pairs(
    pairs: &[(&str, &str, usize)],
    articles: &dyn Fn(&str) -> Option<usize>,
    href: &dyn Fn(&str) -> String,
) -> String {
    let mut stmts = page_graph_header();
    let mut ids: BTreeMap<&str, String> = BTreeMap::new();
    for (from, to, _) in pairs {
        for o in [*from, *to] {
            let n = ids.len();
            ids.entry(o).or_insert_with(|| format!("o{n}"));
        }
    }
    for (outlet, id) in &ids {
        let label = match articles(outlet) {
            Some(n) => format!("{outlet}\n{n} article{}", if n == 1 { "" } else { "s" }),
            None => outlet.to_string(),
        };
        stmts.push(Stmt::Node(DotNode::new(
            node_id(id),
            vec![
                attr("label", &label),
                attr("URL", &href(outlet)),
                attr("target", "_top"),
            ],
        )));
    }
    outlet_edges(&mut stmts, pairs, &ids);
    let graph = Graph::DiGraph {
        id: Id::Plain("outlets".into()),
        strict: false,
        stmts,
    };
    graph.print(&mut PrinterContext::default()) + "\n"
}

/// Renders the article-level provenance graph.
pub fn render(articles: &[Analysed], prov: &Provenance, g: &DiGraph<Node, Edge>) -> String {
    let mut out = Vec::new();
    write(&mut out, articles, prov, g).expect("writing to memory does not fail");
    String::from_utf8(out).expect("DOT output is UTF-8")
}

/// Writes the article-level provenance graph to `w` a statement at a
/// time, so that a graph of a million articles is never held as text.
pub fn write(
    w: &mut dyn std::io::Write,
    articles: &[Analysed],
    prov: &Provenance,
    g: &DiGraph<Node, Edge>,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    // graphviz-rust prints whole graphs; each statement is printed as a
    // graph of its own and its body kept, which gives the same text.
    // Statements are printed in parallel a slice at a time and written
    // in order: printed on one thread, a million articles' took seconds
    // while the other cores idled.
    let body = |stmt: Stmt| -> String {
        let one = Graph::DiGraph {
            id: Id::Plain("provenance".into()),
            strict: false,
            stmts: vec![stmt],
        };
        let text = one.print(&mut PrinterContext::default());
        text.strip_prefix("digraph provenance {\n")
            .and_then(|t| t.strip_suffix("\n}"))
            .expect("graphviz-rust prints a digraph's head and tail on lines of their own")
            .to_string()
    };
    let mut first = true;
    let mut put = |w: &mut dyn std::io::Write, body: &str| -> std::io::Result<()> {
        if first {
            w.write_all(b"digraph provenance {\n")?;
            first = false;
        } else {
            w.write_all(b"\n")?;
        }
        w.write_all(body.as_bytes())
    };
    let head: Vec<Stmt> = vec![
        Stmt::Attribute(plain("rankdir", "LR")),
        Stmt::Attribute(attr("label", "quotegraph: who copied whom")),
        Stmt::Attribute(attr("labelloc", "t")),
        Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Node(vec![
            plain("shape", "box"),
            attr("style", "rounded"),
            plain("fontsize", "10"),
        ])),
        Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Edge(vec![plain(
            "fontsize", "9",
        )])),
    ];
    for stmt in head {
        put(w, &body(stmt))?;
    }
    // Articles, one cluster per outlet (ordered by outlet name); an
    // article of no outlet, and a source, stand on their own.
    enum Made<'a> {
        InCluster(&'a str, Stmt),
        Alone(String),
    }
    let nodes: Vec<petgraph::graph::NodeIndex> = g.node_indices().collect();
    let mut clusters: BTreeMap<&str, Vec<Stmt>> = BTreeMap::new();
    for slice in nodes.chunks(SLICE) {
        let made: Vec<Made<'_>> = slice
            .par_iter()
            .map(|&n| match g[n] {
                Node::Article(a) => {
                    let art = &articles[a];
                    let node = Stmt::Node(DotNode::new(
                        node_id(&format!("a{}", n.index())),
                        vec![attr("label", &article_label(art)), attr("tooltip", &art.id)],
                    ));
                    match art.outlet.as_deref() {
                        Some(o) => Made::InCluster(o, node),
                        None => Made::Alone(body(node)),
                    }
                }
                Node::Source(s) => {
                    let src = &prov.sources[s];
                    Made::Alone(body(Stmt::Node(DotNode::new(
                        node_id(&format!("s{}", n.index())),
                        vec![
                            attr("label", &format!("{}\ncited source", src.name)),
                            plain("shape", "ellipse"),
                            attr("style", "dashed"),
                        ],
                    ))))
                }
            })
            .collect();
        for m in made {
            match m {
                Made::InCluster(o, node) => clusters.entry(o).or_default().push(node),
                Made::Alone(text) => put(w, &text)?,
            }
        }
    }
    let mut clusters: Vec<(usize, &str, Vec<Stmt>)> = clusters
        .into_iter()
        .enumerate()
        .map(|(i, (outlet, nodes))| (i, outlet, nodes))
        .collect();
    for group in clusters.chunks_mut(rayon::current_num_threads().max(1)) {
        let texts: Vec<String> = group
            .par_iter_mut()
            .map(|(i, outlet, nodes)| {
                let mut inner = vec![
                    Stmt::Attribute(attr("label", outlet)),
                    Stmt::Attribute(attr("style", "rounded")),
                    Stmt::Attribute(plain("color", "gray60")),
                ];
                inner.append(nodes);
                body(Stmt::Subgraph(Subgraph {
                    id: Id::Plain(format!("cluster_{i}")),
                    stmts: inner,
                }))
            })
            .collect();
        for text in texts {
            put(w, &text)?;
        }
    }
    drop(clusters);
    let edges: Vec<petgraph::graph::EdgeReference<'_, Edge>> = g.edge_references().collect();
    for slice in edges.chunks(SLICE) {
        let texts: Vec<String> = slice.par_iter().map(|e| body(Stmt::Edge(edge(e, g, prov)))).collect();
        for text in texts {
            put(w, &text)?;
        }
    }
    if first {
        w.write_all(b"digraph provenance {\n")?;
    }
    w.write_all(b"\n}\n")
}

/// Statements [`write`] prints in parallel before writing them.
const SLICE: usize = 16 * 1024;

/// The DOT edge of one edge of the provenance graph.
fn edge(e: &petgraph::graph::EdgeReference<'_, Edge>, g: &DiGraph<Node, Edge>, prov: &Provenance) -> DotEdge {
    let (from, to) = (e.source(), e.target());
    let prefix = |n: petgraph::graph::NodeIndex| match g[n] {
        Node::Article(_) => "a",
        Node::Source(_) => "s",
    };
    let ends = EdgeTy::Pair(
        Vertex::N(node_id(&format!("{}{}", prefix(from), from.index()))),
        Vertex::N(node_id(&format!("{}{}", prefix(to), to.index()))),
    );
    let attributes = match e.weight() {
        Edge::Copy {
            families,
            min_similarity,
            verbatim,
            fragment,
        } => {
            let fam = &prov.families[families[0]];
            let mut label = format!("{}: “{}”", fam.id, shorten(&fam.canonical, 40));
            if families.len() > 1 {
                label.push_str(&format!("\n+{} more", families.len() - 1));
            }
            if *min_similarity < 1.0 {
                label.push_str(&format!("\ndrift {min_similarity:.2}"));
            }
            if *fragment {
                label.push_str("\nfragment");
            }
            vec![
                attr("label", &label),
                plain("style", if *verbatim { "solid" } else { "dashed" }),
            ]
        }
        Edge::Shares { families } => {
            let ids: Vec<&str> = families.iter().map(|&f| prov.families[f].id.as_str()).collect();
            vec![
                attr("label", &format!("undated, shares {}", ids.join(", "))),
                plain("style", "dashed"),
                plain("color", "gray50"),
                plain("dir", "none"),
            ]
        }
        Edge::Cites { families } => {
            let ids: Vec<&str> = families.iter().map(|&f| prov.families[f].id.as_str()).collect();
            vec![
                attr("label", &format!("cited for {}", ids.join(", "))),
                plain("style", "dotted"),
            ]
        }
    };
    DotEdge { ty: ends, attributes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_everything_graphviz_reads_as_markup() {
        assert_eq!(escape("a\"b\\c\nd{e}<f>|g\u{7}"), r#""a\"b\\c\nd\{e\}\<f\>\|g ""#);
    }

    #[test]
    fn escaped_labels_parse_back() {
        let nasty = "He said \"no\" \\ {then} <b>left</b> | ok\nnext";
        let src = format!("digraph g {{ a [label={}]; a -> b }}", escape(nasty));
        graphviz_rust::parse(&src).expect("escaped label parses");
    }
}
