//! What an `add` links against from the store ([`Prior`]): the stored
//! variant of each old occurrence and the links its comparisons found,
//! so that only the pairs that can have changed are aligned again.

use rustc_hash::FxHashMap;

use super::LinkKind;

/// What a store says of the links it holds, for an `add` ([`link_with`](super::link_with)):
/// the stored variant number of each old occurrence, by its article's
/// place in the articles linked, its quote and its segment; and the
/// links its comparisons found, by the two variants' numbers (smaller
/// first), with their kind, whether the smaller is the shorter side, and
/// their score. A variant none of whose occurrences is new is the
/// variant it was, with the words, speakers and credits it had, so its
/// comparison with another such variant is what it was: the stored link
/// where there is one, and none where the pair was a candidate then
/// ([`index::WAS_CANDIDATE`](super::index::WAS_CANDIDATE)) and no link is stored. Only the other pairs are
/// aligned, as a build aligns them; and only the pairs that touch a
/// variant whose candidate pairs can have changed are looked for
/// ([`index::candidates_since`](super::index::candidates_since)): the others are the stored links'.
#[derive(Debug)]
pub struct Prior<'a> {
    /// Each stored occurrence's numbers, by its article's place in the
    /// input, its quote and its segment.
    pub stored: &'a FxHashMap<(u32, u32, u32), Stored>,
    pub links: PriorLinks,
}

/// The store's links, by the two variants' stored numbers (smaller
/// first): the kind, whether the smaller is the shorter side, and the
/// score. A vector sorted by pair and searched, where a map took some 40
/// bytes a link (0.27 GB at 1M articles, held through the candidate
/// step: issue 16). A link whose numbers do not fit a `u32` names no
/// variant (the variants' stored numbers are `u32`), so it is not kept.
#[derive(Debug, Default)]
pub struct PriorLinks {
    links: Vec<((u32, u32), PriorLink)>,
}

/// A stored link: its kind, whether the smaller number is the shorter
/// side, and its score.
pub type PriorLink = (LinkKind, bool, f64);

/// The store's links ([`PriorLinks::all`]) found by their first number
/// first: where each first number's links start, so that a pair is
/// searched among the few links of its first variant, not by halves
/// among all of them (4.1 M at 1M articles: some twenty reads far apart
/// for each of the 7.9 M pairs the store answered, issue 16).
pub(super) struct StoredLinks<'a> {
    links: &'a [((u32, u32), PriorLink)],
    /// Where the links of first number `x` start; one past the last first
    /// number, where the links end.
    at: Vec<u32>,
}

impl<'a> StoredLinks<'a> {
    pub(super) fn new(links: &'a [((u32, u32), PriorLink)]) -> StoredLinks<'a> {
        let firsts = links.last().map_or(0, |l| l.0 .0 as usize + 1);
        let mut at = vec![0u32; firsts + 1];
        for l in links {
            at[l.0 .0 as usize + 1] += 1;
        }
        for i in 1..at.len() {
            at[i] += at[i - 1];
        }
        StoredLinks { links, at }
    }

    /// The link between the variants stored as `a` and `b`, `a < b`.
    pub(super) fn get(&self, a: u32, b: u32) -> Option<&'a PriorLink> {
        let (s, e) = (*self.at.get(a as usize)?, *self.at.get(a as usize + 1)?);
        let run = &self.links[s as usize..e as usize];
        let i = run.binary_search_by_key(&b, |l| l.0 .1).ok()?;
        Some(&run[i].1)
    }
}

impl PriorLinks {
    /// The links, by stored numbers (smaller first); a pair given twice
    /// is kept once (the first).
    pub fn new(links: impl IntoIterator<Item = ((i64, i64), PriorLink)>) -> PriorLinks {
        let mut links: Vec<_> = links
            .into_iter()
            .filter_map(|((a, b), l)| Some(((u32::try_from(a).ok()?, u32::try_from(b).ok()?), l)))
            .collect();
        // The store's rows come in order already.
        if !links.is_sorted_by_key(|l| l.0) {
            links.sort_by_key(|l| l.0);
        }
        links.dedup_by_key(|l| l.0);
        links.shrink_to_fit();
        PriorLinks { links }
    }

    /// The link between the variants stored as `a` and `b`, `a < b`.
    pub fn get(&self, a: i64, b: i64) -> Option<&PriorLink> {
        let key = (u32::try_from(a).ok()?, u32::try_from(b).ok()?);
        let i = self.links.binary_search_by_key(&key, |l| l.0).ok()?;
        Some(&self.links[i].1)
    }

    /// The links, by stored numbers (smaller first), in that order.
    pub fn all(&self) -> &[((u32, u32), PriorLink)] {
        &self.links
    }

    /// The linked pairs' stored numbers.
    pub fn pairs(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.links.iter().map(|l| (i64::from(l.0 .0), i64::from(l.0 .1)))
    }

    pub fn len(&self) -> usize {
        self.links.len()
    }

    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }
}

/// A stored occurrence's numbers: its variant's, which the link reads,
/// and its family's, which the store's update reads once the link is
/// done: the store's occurrences are read once for both (issue 16).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub variant: u32,
    pub family: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue16_prior_links_are_found_by_pair_in_any_order_and_beyond_u32_never() {
        use LinkKind::*;
        let links = PriorLinks::new([
            ((7, 9), (Drift, true, 0.5)),
            ((1, 2), (Containment, false, 0.9)),
            ((7, 9), (Overlap, false, 0.1)),
            ((3, i64::from(u32::MAX) + 1), (Drift, false, 0.7)),
        ]);
        assert_eq!(links.len(), 2);
        assert_eq!(links.get(1, 2), Some(&(Containment, false, 0.9)));
        assert_eq!(links.get(7, 9), Some(&(Drift, true, 0.5)));
        assert_eq!(links.get(2, 1), None);
        assert_eq!(links.get(3, i64::from(u32::MAX) + 1), None);
        assert_eq!(links.pairs().collect::<Vec<_>>(), vec![(1, 2), (7, 9)]);
    }
}
