//! The article-level provenance graph (petgraph `DiGraph`): articles
//! and cited sources as nodes, inferred copies and declared citations
//! as edges, aggregated over families, for `render::dot` to draw.

use std::collections::BTreeMap;

use petgraph::graph::{DiGraph, NodeIndex};

use super::{FamilyReport, OccurrenceReport, Provenance};
use crate::article::Analysed;
use crate::link::LinkKind;

/// A node of the article-level provenance graph.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Article(usize),
    Source(usize),
}

/// An edge of the article-level provenance graph.
#[derive(Debug, Clone, PartialEq)]
pub enum Edge {
    /// Inferred copies from one article to a later one: the families, the
    /// lowest similarity among drifted copies (1.0 if none drifted), and
    /// whether any copy is a fragment.
    Copy {
        families: Vec<usize>,
        min_similarity: f64,
        verbatim: bool,
        fragment: bool,
    },
    /// The article names the source for a quote.
    Cites { families: Vec<usize> },
    /// An undated article shares lines with the first appearance: no
    /// direction can be inferred.
    Shares { families: Vec<usize> },
}

/// The article-level provenance graph: articles and cited sources as
/// nodes; inferred copies and declared citations as edges, aggregated
/// over families. Only articles that share a line with another article,
/// or cite a source, are in it.
pub fn graph(articles: &[Analysed], prov: &Provenance) -> DiGraph<Node, Edge> {
    let mut b = GraphBuilder::new(articles);
    for (fi, fam) in prov.families.iter().enumerate() {
        b.add(fi, fam);
    }
    b.finish(prov.sources.len())
}

/// Copies between two articles: the families, the lowest drift
/// similarity, whether all are verbatim, whether any is a fragment.
type Copies = (Vec<usize>, f64, bool, bool);

/// Builds [`graph`] a family at a time, so that the families need not all
/// be held: give it every family, in order, then the number of sources.
pub struct GraphBuilder<'a> {
    articles: &'a [Analysed],
    /// Article index by id (looked up only, so hashed with FxHash: it is
    /// asked once per occurrence and copy edge of every family).
    index: rustc_hash::FxHashMap<&'a str, usize>,
    involved: Vec<usize>,
    copies: BTreeMap<(usize, usize), Copies>,
    cites: BTreeMap<(usize, usize), Vec<usize>>,
    shares: BTreeMap<(usize, usize), Vec<usize>>,
}

impl<'a> GraphBuilder<'a> {
    pub fn new(articles: &'a [Analysed]) -> Self {
        GraphBuilder {
            articles,
            index: articles.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect(),
            involved: Vec::new(),
            copies: BTreeMap::new(),
            cites: BTreeMap::new(),
            shares: BTreeMap::new(),
        }
    }

    /// Adds family number `fi`.
    pub fn add(&mut self, fi: usize, fam: &FamilyReport) {
        let index = &self.index;
        if fam.articles > 1 || !fam.citations.is_empty() {
            self.involved.extend(
                fam.occurrences
                    .iter()
                    .filter_map(|o| index.get(o.article.as_str()).copied()),
            );
        }
        let occ: rustc_hash::FxHashMap<&str, &OccurrenceReport> =
            fam.occurrences.iter().map(|o| (o.id.as_str(), o)).collect();
        let first = fam
            .first_appearance
            .first()
            .and_then(|o| occ.get(o.as_str()))
            .and_then(|o| index.get(o.article.as_str()).copied());
        if let Some(first) = first {
            for u in &fam.undated {
                let Some(o) = occ.get(u.as_str()) else {
                    continue;
                };
                if let Some(&a) = index.get(o.article.as_str()) {
                    let entry = self.shares.entry((first, a)).or_default();
                    if !entry.contains(&fi) {
                        entry.push(fi);
                    }
                }
            }
        }
        for e in &fam.copy_edges {
            let (Some(&from), Some(&to)) = (index.get(e.from_article.as_str()), index.get(e.to_article.as_str()))
            else {
                continue;
            };
            let entry = self.copies.entry((from, to)).or_insert((Vec::new(), 1.0, true, false));
            if !entry.0.contains(&fi) {
                entry.0.push(fi);
            }
            if e.kind == LinkKind::Drift {
                entry.1 = entry.1.min(e.similarity);
            }
            entry.2 &= e.kind == LinkKind::Verbatim;
            entry.3 |= e.kind == LinkKind::Containment;
        }
        for c in &fam.citations {
            // Reports read back from a store may be damaged or foreign: a
            // citation whose source is no `S<n>` draws no edge, and never
            // panics.
            let Some(s) = source_number(&c.source) else {
                continue;
            };
            if let Some(&a) = index.get(c.article.as_str()) {
                let entry = self.cites.entry((s, a)).or_default();
                if !entry.contains(&fi) {
                    entry.push(fi);
                }
            }
        }
    }

    /// The graph of every family added, with `sources` cited sources.
    pub fn finish(mut self, sources: usize) -> DiGraph<Node, Edge> {
        let articles = self.articles;
        let mut g = DiGraph::new();
        let mut article_node: BTreeMap<usize, NodeIndex> = BTreeMap::new();
        self.involved.sort_unstable();
        self.involved.dedup();
        // Articles in time order, then by id: a stable node order.
        self.involved.sort_by(|&a, &b| {
            let (sa, sb) = (articles[a].published.as_deref(), articles[b].published.as_deref());
            (sa.is_none(), sa, articles[a].id.as_str()).cmp(&(sb.is_none(), sb, articles[b].id.as_str()))
        });
        for &a in &self.involved {
            article_node.insert(a, g.add_node(Node::Article(a)));
        }
        let source_nodes: Vec<NodeIndex> = (0..sources).map(|s| g.add_node(Node::Source(s))).collect();
        for ((from, to), (families, min_similarity, verbatim, fragment)) in self.copies {
            if let (Some(&a), Some(&b)) = (article_node.get(&from), article_node.get(&to)) {
                g.add_edge(
                    a,
                    b,
                    Edge::Copy {
                        families,
                        min_similarity,
                        verbatim,
                        fragment,
                    },
                );
            }
        }
        for ((from, to), families) in self.shares {
            if let (Some(&a), Some(&b)) = (article_node.get(&from), article_node.get(&to)) {
                g.add_edge(a, b, Edge::Shares { families });
            }
        }
        for ((s, a), families) in self.cites {
            if let (Some(&from), Some(&b)) = (source_nodes.get(s), article_node.get(&a)) {
                g.add_edge(from, b, Edge::Cites { families });
            }
        }
        g
    }
}

/// The index of a source id `S<n>` (`S1` is 0), if it is one.
fn source_number(id: &str) -> Option<usize> {
    id.strip_prefix('S')?.parse::<usize>().ok()?.checked_sub(1)
}
