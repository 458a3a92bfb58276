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
