//! Who copies whom, outlet by outlet: the article-level copy edges folded
//! into one weighted edge per pair of outlets, counting the lines (the
//! families) one outlet took from the other. Unlike the article graph it
//! stays readable at any corpus size: it has a node per outlet.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::article::Analysed;
use crate::provenance::FamilyReport;

/// The name under which articles without an outlet are drawn.
pub const UNKNOWN: &str = "unknown outlet";

/// The outlet graph, built a family at a time.
#[derive(Debug)]
pub struct OutletGraph<'a> {
    outlet_of: HashMap<&'a str, &'a str>,
    /// (copied from, copied by) → lines.
    pub edges: BTreeMap<(String, String), usize>,
    /// Articles by outlet.
    pub articles: BTreeMap<String, usize>,
}

impl<'a> OutletGraph<'a> {
    pub fn new(articles: &'a [Analysed]) -> Self {
        let mut counts = BTreeMap::new();
        let outlet_of = articles
            .iter()
            .map(|a| {
                let o = a.outlet.as_deref().unwrap_or(UNKNOWN);
                *counts.entry(o.to_string()).or_insert(0) += 1;
                (a.id.as_str(), o)
            })
            .collect();
        OutletGraph {
            outlet_of,
            edges: BTreeMap::new(),
            articles: counts,
        }
    }

    /// Adds a family's copy edges: each pair of outlets counts the line
    /// once, however many copies of it went between them. An outlet that
    /// re-runs its own line is not drawn copying itself.
    pub fn add(&mut self, fam: &FamilyReport) {
        let pairs: BTreeSet<(&str, &str)> = fam
            .copy_edges
            .iter()
            .filter_map(|e| {
                let from = self.outlet_of.get(e.from_article.as_str())?;
                let to = self.outlet_of.get(e.to_article.as_str())?;
                (from != to).then_some((*from, *to))
            })
            .collect();
        for (from, to) in pairs {
            *self.edges.entry((from.to_string(), to.to_string())).or_insert(0) += 1;
        }
    }

    /// The edges drawn: each outlet's `k` strongest sources (most lines
    /// taken; ties by name). A corpus of many outlets copies between
    /// nearly every pair, and a complete graph is neither readable nor
    /// something Graphviz lays out in reasonable time.
    pub fn strongest(&self, k: usize) -> Vec<(&str, &str, usize)> {
        let mut by_target: BTreeMap<&str, Vec<(&str, usize)>> = BTreeMap::new();
        for ((from, to), n) in &self.edges {
            by_target.entry(to.as_str()).or_default().push((from.as_str(), *n));
        }
        let mut out = Vec::new();
        for (to, mut sources) in by_target {
            sources.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            out.extend(sources.into_iter().take(k).map(|(from, n)| (from, to, n)));
        }
        out.sort();
        out
    }

    /// Lines each outlet gave to others, and took from others.
    pub fn totals(&self) -> BTreeMap<&str, (usize, usize)> {
        let mut out: BTreeMap<&str, (usize, usize)> = self.articles.keys().map(|o| (o.as_str(), (0, 0))).collect();
        for ((from, to), n) in &self.edges {
            out.entry(from.as_str()).or_default().0 += n;
            out.entry(to.as_str()).or_default().1 += n;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue16_each_outlet_draws_only_its_strongest_sources() {
        // A 10k simulated corpus of 40 outlets copied between 1,549 pairs;
        // Graphviz took twelve minutes on the complete graph.
        let mut g = OutletGraph::new(&[]);
        for (from, n) in [("A", 5), ("B", 9), ("C", 1), ("D", 9), ("E", 2)] {
            g.edges.insert((from.to_string(), "T".to_string()), n);
        }
        g.edges.insert(("T".to_string(), "A".to_string()), 1);
        let drawn = g.strongest(3);
        assert_eq!(drawn, [("A", "T", 5), ("B", "T", 9), ("D", "T", 9), ("T", "A", 1)]);
        assert_eq!(g.totals()["T"], (1, 26));
    }
}
