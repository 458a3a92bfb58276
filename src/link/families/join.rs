//! The first step of the families: drifted copies and windows of one
//! passage joined, closest links first, common phrases said apart kept
//! apart.

use petgraph::graph::Edge;
use petgraph::unionfind::UnionFind;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::link::credits::{apart, Credited, NameKeys};
use crate::link::{Link, LinkConfig, LinkKind, Variants};

/// The groups of the drift and overlap links (union-find over variants).
pub(super) fn join_copies(
    variants: &Variants,
    links: &[Edge<Link>],
    credited: Credited<'_>,
    people: &[NameKeys],
    cfg: &LinkConfig,
) -> UnionFind<u32> {
    let n = variants.len();
    let mut uf = UnionFind::<u32>::new(n);
    // Closest links first. A group of common phrases (no line of
    // `cfg.common` words or more) never holds two persons who cannot be
    // one: a use credited to no one joins the first person's group, not
    // every person's (see `LinkConfig::common`). Once a group holds a
    // line, credits do not split it: that is the misattribution flag's.
    let mut joins: Vec<&Link> = links
        .iter()
        .map(|e| &e.weight)
        .filter(|l| matches!(l.kind, LinkKind::Drift | LinkKind::Overlap))
        .collect();
    // No two links share a pair, so no two compare equal: an unstable
    // sort gives the stable sort's order, without its buffer as large as
    // the list (issue 16).
    joins.par_sort_unstable_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then((a.short, a.long).cmp(&(b.short, b.long)))
    });
    // Per group root: its persons, or `None` once it holds a line.
    let mut phrase_persons: FxHashMap<u32, Option<Vec<u32>>> = FxHashMap::default();
    for l in joins {
        let (ra, rb) = (uf.find(l.short), uf.find(l.long));
        if ra == rb {
            continue;
        }
        // The persons of a group of phrases; none for a group with a line.
        let of = |r: u32| -> Option<&[u32]> {
            match phrase_persons.get(&r) {
                Some(p) => p.as_deref(),
                // The word count read alone: a variant's five slices
                // (`Variants::at`) were a tenth of this loop (issue 16).
                None => (variants.word_count(r as usize) < cfg.common).then_some(credited.of(r)),
            }
        };
        let merged = match (of(ra), of(rb)) {
            (Some(pa), Some(pb)) => {
                if apart(pa, pb, people) {
                    continue;
                }
                let mut m = pa.to_vec();
                m.extend(pb.iter().filter(|k| !pa.contains(k)).cloned());
                Some(m)
            }
            _ => None,
        };
        uf.union(ra, rb);
        phrase_persons.remove(&ra);
        phrase_persons.remove(&rb);
        phrase_persons.insert(uf.find(ra), merged);
    }
    // Each variant's group, until fragments join: found once.
    uf
}
