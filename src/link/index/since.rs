//! The candidate pairs of an `add` ([`candidates_since`]): only those
//! that can have changed, and what the store's links tell of the rest
//! ([`Before`]).

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::shingles::{probed, Index, BLOCK, SHORT};
use super::{give_back, Flat};

/// What [`candidates_since`] found out about the variants a store held
/// before an `add`: which of them had their candidate pairs worked out
/// again.
pub struct Before {
    /// The variants whose candidate pairs [`candidates_since`] listed:
    /// new and grown ones (`dirty`), and old ones whose probes a moved
    /// count changed. A pair of two other variants is a candidate now
    /// exactly when it was one then, since neither side's probes, nor
    /// the holders of the shingles they probe, changed.
    pub redo: Vec<bool>,
}

/// The bit [`candidates_since`] sets on a listed pair's first number
/// where neither variant is dirty and the pair was a candidate among the
/// old variants alone (one of them probed a shingle the other holds);
/// see [`split`]. Variant numbers are under it: an add of 2 G variants is
/// not one this index makes.
pub const WAS_CANDIDATE: u32 = 1 << 31;

/// A pair as [`candidates_since`] lists it: the two variants, and whether
/// it was a candidate pair among the old variants alone ([`WAS_CANDIDATE`];
/// false where that is not known: the pair is then compared again, which
/// is always right).
pub fn split((a, b): (u32, u32)) -> ((u32, u32), bool) {
    ((a & !WAS_CANDIDATE, b), a & WAS_CANDIDATE != 0)
}

/// [`candidates`](super::candidates) for an `add`: `old[v]` says which variants the store
/// held before it, `dirty[v]` which must be compared again whatever
/// their partners (new variants, and old ones with a new occurrence).
/// Lists only the candidate pairs that touch a variant of
/// [`Before::redo`]: the dirty ones and the old ones whose probes a
/// moved count changed. Counts move only through the new variants'
/// shingles, so those old variants are among the old holders of a
/// shingle a new variant holds and at most `max_postings` old variants
/// held (one over the cap then is over it now); each one's probes are
/// worked out under the counts then and now, and only those whose
/// probes differ are redone. A pair of two variants outside `redo` is a
/// candidate exactly when it was one then; the caller takes those from
/// the store's links.
///
/// A shingle's count then is that of its old holders, and a word pair is
/// a shingle then only where an old short variant holds it. The pairs
/// come with room for `room` more (the caller's, so that they are not
/// moved to grow). `keys` are taken, to be let go once the probes are
/// worked out.
#[allow(clippy::too_many_arguments)]
pub fn candidates_since<K: Fn(u32, &mut Vec<u32>) + Sync>(
    keys: Vec<&[u32]>,
    key_hash: &[u64],
    min_words: usize,
    max_postings: usize,
    keep: impl FnOnce() -> K,
    old: &[bool],
    dirty: &[bool],
    room: usize,
) -> (Vec<(u32, u32)>, Before) {
    let eligible = |k: &[u32]| k.len() >= min_words.max(2);
    // What the steps before freed, handed back before the index is made
    // on top of it (see [`give_back`]).
    give_back();
    let index = Index::new(&keys, key_hash, min_words, max_postings, Some(old));
    // The word pairs that are shingles only through a new short variant
    // (a word pair is a shingle where a short variant holds it): with
    // the new holders of each list, what turns the counts now into the
    // counts then. New variants are few, so this reads only their
    // lists; a pair no other variant holds is on no old variant's list.
    let short_old = |u: u32| old[u as usize] && eligible(keys[u as usize]) && keys[u as usize].len() <= SHORT;
    let only_new: FxHashSet<u32> = (0..keys.len())
        .filter(|&v| !old[v] && eligible(keys[v]) && keys[v].len() <= SHORT)
        .flat_map(|v| index.per_variant.get(v).iter().copied())
        .filter(|&r| index.is_pair(r) && !index.holders(r).iter().any(|&u| short_old(u)))
        .collect();
    // The old variants whose probes a new variant can have moved: the old
    // holders of its shingles (every list has at most `max_postings` old
    // holders). Each list once: new variants are copies of one another
    // and share most lists, and listing the holders once per new holder
    // was the candidate step's peak in a 10% add (issue 16).
    let mut lists: Vec<u32> = (0..keys.len())
        .filter(|&v| !old[v])
        .flat_map(|v| index.per_variant.get(v).iter().copied())
        .collect();
    lists.par_sort_unstable();
    lists.dedup();
    let mut moved: Vec<u32> = lists
        .par_iter()
        .flat_map_iter(|&r| index.holders(r).iter().copied().filter(|&u| old[u as usize]))
        .collect();
    drop(lists);
    moved.par_sort_unstable();
    moved.dedup();
    let len = |v: usize| keys[v].len();
    // The moved variants whose probes then are not their probes now.
    let then = Probes::new(
        keys.len(),
        blocks(moved.len(), |b, out| {
            let (mut shared, mut shared_then) = (Vec::new(), Vec::new());
            let (mut now, mut then) = (Vec::new(), Vec::new());
            for &v in &moved[b] {
                index.shared(v as usize, &mut shared);
                // The counts then: only a list a new variant holds (a
                // few of each variant's) moved, and a word pair only a
                // new short variant holds was no shingle.
                shared_then.clear();
                shared_then.extend(shared.iter().filter_map(|&s| {
                    let r = s as u32;
                    if !index.is_fresh(r) {
                        Some(s)
                    } else if index.is_pair(r) && only_new.contains(&r) {
                        None
                    } else {
                        Some(s - (u64::from(index.new_holders(r)) << 32))
                    }
                }));
                probed(&index, len(v as usize), max_postings, &mut shared, &mut now);
                probed(&index, len(v as usize), max_postings, &mut shared_then, &mut then);
                if now != then {
                    out.push(v, then.iter().copied());
                }
            }
        }),
    );
    drop(moved);
    let mut redo: Vec<bool> = dirty.to_vec();
    for v in then.variants() {
        redo[v as usize] = true;
    }
    // The lists a redone variant holds that can be probed (`max_postings`
    // or fewer holders share them), by bit.
    let mut touched = vec![0u64; index.holders.len().div_ceil(64)];
    for v in (0..keys.len()).filter(|&v| redo[v]) {
        for &r in index
            .per_variant
            .get(v)
            .iter()
            .filter(|&&r| (2..=max_postings).contains(&(index.count(r) as usize)))
        {
            touched[r as usize / 64] |= 1 << (r % 64);
        }
    }
    let touches = |r: u32| touched[r as usize / 64] >> (r % 64) & 1 == 1;
    // The probes now of the redone variants, and of the others that probe
    // a list a redone variant holds: the variants that propose pairs.
    // Worked out before the partners are, so that each variant's lists
    // (as large as the holders) are let go before the sketches `keep`
    // reads are made (issue 16).
    let now = Probes::new(
        keys.len(),
        blocks(keys.len(), |b, out| {
            let (mut shared, mut now) = (Vec::new(), Vec::new());
            for u in b.start as u32..b.end as u32 {
                if !redo[u as usize] && !index.per_variant.get(u as usize).iter().any(|&r| touches(r)) {
                    continue;
                }
                index.shared(u as usize, &mut shared);
                probed(&index, len(u as usize), max_postings, &mut shared, &mut now);
                if redo[u as usize] || now.iter().any(|&r| touches(r)) {
                    out.push(u, now.iter().copied());
                }
            }
        }),
    );
    let Index {
        per_variant, holders, ..
    } = index;
    // Each variant's lists, and its keys (16 bytes a variant), served
    // the probes only.
    drop((per_variant, keys));
    // The lists just let go (as large as the holders) handed back to
    // the system before the sketches are made: mimalloc does so only a
    // second after a free, and the sketches then took fresh pages on
    // top of them, the candidate step's top at 1M articles, higher or
    // lower by 110 MiB from run to run with how much of them it had
    // handed back (issue 16).
    give_back();
    let keep = keep();
    // Each listed variant's partners: a redone one's through all its
    // probes; another's, the redone holders of its probes a redone
    // variant holds (the pairs between two variants outside `redo` are
    // the store's). Listing every holder of every touched list instead
    // was tens of millions of entries at 1M articles.
    let listed: Vec<u32> = now.variants().collect();
    let mut proposed = blocks(listed.len(), |b, out| {
        let mut partners: Vec<u32> = Vec::new();
        for &v in &listed[b] {
            let probes = now.get(v).unwrap_or_default();
            partners.clear();
            if redo[v as usize] {
                partners.extend(
                    probes
                        .iter()
                        .flat_map(|&r| holders.get(r as usize).iter().copied())
                        .filter(|&u| u != v),
                );
            } else {
                partners.extend(
                    probes
                        .iter()
                        .filter(|&&r| touches(r))
                        .flat_map(|&r| holders.get(r as usize).iter().copied())
                        .filter(|&w| redo[w as usize]),
                );
            }
            partners.sort_unstable();
            partners.dedup();
            keep(v, &mut partners);
            out.pairs.extend(partners.iter().map(|&u| (u.min(v), u.max(v))));
        }
    });
    // The sketches `keep` reads served the partners only.
    drop(keep);
    drop((listed, touched));
    let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(proposed.iter().map(|p| p.pairs.len()).sum::<usize>() + room);
    for p in &mut proposed {
        pairs.extend_from_slice(&p.pairs);
        p.pairs = Vec::new();
    }
    drop(proposed);
    pairs.par_sort_unstable();
    pairs.dedup();
    // Whether each listed pair of two old variants that are what they
    // were was a candidate among the old variants alone: one of them
    // probed a list the other holds. Marked on the pair, so that the
    // probes and the holders are let go here, where every variant's
    // lists were held to the end of the step to tell (issue 16).
    let probed_then = |x: u32| then.get(x).or_else(|| now.get(x)).unwrap_or_default();
    let meets = |x: u32, y: u32| {
        probed_then(x)
            .iter()
            .any(|&r| holders.get(r as usize).binary_search(&y).is_ok())
    };
    pairs.par_iter_mut().for_each(|(a, b)| {
        if !dirty[*a as usize] && !dirty[*b as usize] && (meets(*a, *b) || meets(*b, *a)) {
            *a |= WAS_CANDIDATE;
        }
    });
    (pairs, Before { redo })
}

/// What a block of variants proposes: the probes of those it lists, or
/// their candidate pairs. Made a block at a time into flat vectors,
/// where a box of probes and a vector of partners a variant took three
/// allocations each, for the 1.6 M variants an add of 10k onto 990k
/// lists (issue 16).
#[derive(Default)]
struct Proposed {
    variants: Vec<u32>,
    ends: Vec<u32>,
    probes: Vec<u32>,
    pairs: Vec<(u32, u32)>,
}

impl Proposed {
    fn push(&mut self, v: u32, probes: impl Iterator<Item = u32>) {
        self.variants.push(v);
        self.probes.extend(probes);
        self.ends.push(self.probes.len() as u32);
    }
}

/// `fill(range, out)` for each block of `BLOCK` of `0..n`, in parallel,
/// each block's vectors at their length.
fn blocks(n: usize, fill: impl Fn(std::ops::Range<usize>, &mut Proposed) + Sync) -> Vec<Proposed> {
    (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let mut out = Proposed::default();
            fill(b * BLOCK..n.min((b + 1) * BLOCK), &mut out);
            out.variants.shrink_to_fit();
            out.ends.shrink_to_fit();
            out.probes.shrink_to_fit();
            out.pairs.shrink_to_fit();
            out
        })
        .collect()
}

/// Some variants' probes, found by variant: where a map of boxes took
/// some 60 bytes a variant (issue 16).
struct Probes {
    /// Variant `v`'s place in `lists`, or `u32::MAX`.
    slot: Vec<u32>,
    lists: Flat,
}

impl Probes {
    /// Of `n` variants, those the blocks list (each once).
    fn new(n: usize, blocks: Vec<Proposed>) -> Probes {
        let mut slot = vec![u32::MAX; n];
        let total = blocks.iter().map(|b| b.probes.len()).sum();
        let mut lists = Flat {
            at: vec![0],
            items: Vec::with_capacity(total),
        };
        for b in blocks {
            let base = lists.items.len() as u32;
            lists.items.extend_from_slice(&b.probes);
            for (v, end) in b.variants.into_iter().zip(b.ends) {
                slot[v as usize] = lists.at.len() as u32 - 1;
                lists.at.push(base + end);
            }
        }
        Probes { slot, lists }
    }

    fn get(&self, v: u32) -> Option<&[u32]> {
        let s = self.slot[v as usize];
        (s != u32::MAX).then(|| self.lists.get(s as usize))
    }

    /// The variants listed.
    fn variants(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.slot.len() as u32).filter(|&v| self.slot[v as usize] != u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::index::candidates;
    use crate::link::index::tests::HASHES;

    #[test]
    fn issue16_a_pairs_mark_is_no_part_of_it() {
        assert_eq!(split((3 | WAS_CANDIDATE, 9)), ((3, 9), true));
        assert_eq!(split((3, 9)), ((3, 9), false));
    }

    #[test]
    fn issue16_an_add_lists_the_pairs_that_can_have_changed_and_before_tells_the_rest() {
        // Invented variants over a small vocabulary, so that shingles
        // are shared by a few variants around the cap and an add moves
        // which ones a variant probes; the first ones are old, some of
        // them grown (dirty), then every variant is linked. The pairs
        // listed are those of one build that touch `redo`; every other
        // pair of one build is a pair of the old variants alone between
        // two old variants outside `redo`; and each listed pair of old
        // variants outside the dirty ones was a candidate among the old
        // ones alone exactly when `Before` says so.
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let keys: Vec<Vec<u32>> = (0..160)
            .map(|_| {
                let len = 2 + next(12) as usize;
                (0..len).map(|_| next(30) as u32).collect()
            })
            .collect();
        let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        let old: Vec<bool> = (0..keys.len()).map(|v| v < 110 || v % 7 == 0).collect();
        let dirty: Vec<bool> = (0..keys.len()).map(|v| !old[v] || v % 13 == 5).collect();
        let (mut moved, mut settled) = (0, 0);
        for cap in [3, 6, 12] {
            let ids: Vec<u32> = (0..keys.len() as u32).filter(|&v| old[v as usize]).collect();
            let old_refs: Vec<&[u32]> = ids.iter().map(|&v| refs[v as usize]).collect();
            let then: std::collections::HashSet<(u32, u32)> = candidates(&old_refs, &HASHES, 2, cap, || |_, _| {})
                .into_iter()
                .map(|(a, b)| (ids[a as usize], ids[b as usize]))
                .collect();
            let all = candidates(&refs, &HASHES, 2, cap, || |_, _| {});
            let (marked, before) = candidates_since(refs.clone(), &HASHES, 2, cap, || |_, _| {}, &old, &dirty, 0);
            let listed: Vec<(u32, u32)> = marked.iter().map(|&p| split(p).0).collect();
            let redo = |v: u32| before.redo[v as usize];
            let touching: Vec<(u32, u32)> = all.iter().copied().filter(|&(a, b)| redo(a) || redo(b)).collect();
            assert_eq!(listed, touching, "cap {cap}");
            for &(a, b) in all.iter().filter(|&&(a, b)| !redo(a) && !redo(b)) {
                assert!(then.contains(&(a, b)), "cap {cap}: ({a}, {b}) is new yet not redone");
            }
            for &(a, b) in then.iter().filter(|&&(a, b)| !redo(a) && !redo(b)) {
                assert!(
                    all.binary_search(&(a, b)).is_ok(),
                    "cap {cap}: ({a}, {b}) is gone yet not redone"
                );
            }
            moved += (0..keys.len()).filter(|&v| before.redo[v] && !dirty[v]).count();
            for ((a, b), was_candidate) in marked
                .iter()
                .map(|&p| split(p))
                .filter(|((a, b), _)| !dirty[*a as usize] && !dirty[*b as usize])
            {
                assert_eq!(was_candidate, then.contains(&(a, b)), "cap {cap}: ({a}, {b})");
                settled += 1;
            }
        }
        assert!(moved > 0 && settled > 0, "{moved} moved, {settled} settled");
    }
}
