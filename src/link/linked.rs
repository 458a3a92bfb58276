//! What a link returns ([`Linked`]): the occurrences, variants, links
//! and families, and the questions asked of them afterwards.

use hashbrown::HashTable;
use petgraph::graph::{NodeIndex, UnGraph};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::find::matches;
use super::{pieces, Families, Link, LinkConfig, LinkKind, Occurrence, Variant, Variants};
use crate::normalize::{word_key, words};

/// Everything the linker found.
#[derive(Debug, Clone)]
pub struct Linked {
    pub occurrences: Vec<Occurrence>,
    pub variants: Variants,
    /// Normalized words by id.
    pub vocab: Vec<String>,
    /// Word and key ids by text, for matching a query against the corpus.
    pub(super) word_ids: HashTable<u32>,
    pub(super) key_ids: FxHashMap<String, u32>,
    pub(super) cfg: LinkConfig,
    /// Candidate pairs the index proposed and the sketches of their
    /// words left open, each aligned (for `--stats`); under a [`Prior`](super::Prior),
    /// those that touch a redone variant and the stored links' pairs.
    pub candidates: usize,
    /// One node per variant (node index = variant id), one edge per link.
    pub graph: UnGraph<u32, Link>,
    /// Families in a stable order: by their first occurrence in input order.
    pub families: Families,
    pub family_of_variant: Vec<u32>,
    /// With `keep_links`, the overlap links dropped as crowded: with the
    /// graph's links, every link compared ([`Linked::compared`]).
    pub(super) crowded: Option<Vec<Link>>,
    /// Candidate pairs aligned (all of them, but under a [`Prior`](super::Prior)).
    pub aligned: usize,
    /// Candidate pairs a [`Prior`](super::Prior) answered unaligned, a link or none.
    pub settled: usize,
    /// Under a [`Prior`](super::Prior), the variants whose candidate pairs were worked
    /// out again ([`index::Before::redo`](super::index::Before::redo)).
    pub redone: usize,
}

impl Linked {
    /// The articles (by number, ascending, each once) holding an
    /// occurrence of a family `traced` says yes to: those whose quotes an
    /// add reads whole to trace the families again (issue 16).
    pub fn articles_of_families(&self, traced: impl Fn(usize) -> bool + Sync) -> Vec<u32> {
        let mut places: Vec<u32> = (0..self.families.len())
            .into_par_iter()
            .filter(|&f| traced(f))
            .flat_map_iter(|f| {
                self.families
                    .get(f)
                    .occurrences
                    .iter()
                    .map(|&o| self.occurrences[o as usize].article)
            })
            .collect();
        places.par_sort_unstable();
        places.dedup();
        places
    }

    /// Each key's text, by key id (a variant's `keys` and `bag`).
    pub fn key_texts(&self) -> Vec<&str> {
        let mut texts = vec![""; self.key_ids.len()];
        for (text, &id) in &self.key_ids {
            texts[id as usize] = text.as_str();
        }
        texts
    }

    /// Links between two variants, if any.
    pub fn link_between(&self, a: u32, b: u32) -> Option<&Link> {
        let e = self
            .graph
            .find_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize))?;
        self.graph.edge_weight(e)
    }

    /// The variants linked to `v`.
    pub fn neighbours(&self, v: u32) -> impl Iterator<Item = u32> + '_ {
        self.graph
            .neighbors(NodeIndex::new(v as usize))
            .map(|n| n.index() as u32)
    }

    /// The variants linked to `v`, with their links.
    pub fn neighbour_links(&self, v: u32) -> impl Iterator<Item = (u32, &Link)> + '_ {
        use petgraph::visit::EdgeRef;
        let me = NodeIndex::new(v as usize);
        self.graph.edges(me).map(move |e| {
            let other = if e.source() == me { e.target() } else { e.source() };
            (other.index() as u32, e.weight())
        })
    }

    /// The links of one variant.
    pub fn links_of(&self, v: u32) -> impl Iterator<Item = &Link> + '_ {
        self.graph.edges(NodeIndex::new(v as usize)).map(|e| e.weight())
    }

    /// With `keep_links`, every link a comparison found, before crowded
    /// overlaps were dropped: what a store keeps (`links`), so that an
    /// `add` aligns again only the pairs that can have changed
    /// ([`Prior`](super::Prior)). Those kept first, in the order found, then those
    /// dropped; none without `keep_links`.
    pub fn compared(&self) -> impl Iterator<Item = &Link> + '_ {
        self.crowded
            .iter()
            .flat_map(move |crowded| self.graph.raw_edges().iter().map(|e| &e.weight).chain(crowded))
    }

    pub fn family_of_occurrence(&self, occ: u32) -> u32 {
        self.family_of_variant[self.occurrences[occ as usize].variant as usize]
    }

    /// Every variant that `query` matches: the same words, a drifted copy,
    /// a fragment of it, or a longer quote it is a fragment of; under the
    /// thresholds the corpus was linked with. Best matches first.
    pub fn find(&self, query: &str) -> Vec<(u32, LinkKind, f64)> {
        let ws = words(&crate::normalize::without_inserts(query));
        // Words the corpus never saw get ids no variant has.
        let mut fresh = u32::MAX;
        let mut next = || {
            fresh -= 1;
            fresh
        };
        let ids: Vec<u32> = ws
            .iter()
            .map(|w| {
                self.word_ids
                    .find(pieces::word_hash(&w.norm), |&id| self.vocab[id as usize] == w.norm)
                    .copied()
                    .unwrap_or_else(&mut next)
            })
            .collect();
        let keys: Vec<u32> = ws
            .iter()
            .map(|w| self.key_ids.get(word_key(&w.norm)).copied().unwrap_or_else(&mut next))
            .collect();
        let weights: Vec<u8> = ws.iter().map(|w| pieces::weight(&w.norm)).collect();
        let q = Variant::new(&ids, &keys, &weights);
        matches(
            &q,
            self.variants.par_iter().enumerate().map(|(i, v)| (i as u32, v)),
            &self.cfg,
        )
    }

    /// The variant's words, normalized, joined by spaces.
    pub fn variant_text(&self, v: u32) -> String {
        let words: Vec<&str> = self
            .variants
            .at(v as usize)
            .words
            .iter()
            .map(|&w| self.vocab[w as usize].as_str())
            .collect();
        words.join(" ")
    }
}
