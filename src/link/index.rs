//! Candidate pairs of variants that may share a line, found through an
//! index of word shingles instead of comparing all pairs: each variant
//! probes the posting lists of its rarest shared shingles only.
//!
//! A shingle's hash is made of its words' keys' text
//! ([`crate::normalize::key_hash`]), never of the ids the linker gives
//! words in the order it meets them, and probes of equal document
//! frequency are taken in hash order: so a variant's shingles, and which
//! of them it probes, depend on its own words and the counts of its
//! shingles, not on which articles came before it. That is what lets an
//! `add` keep postings and tell which old variants new ones can reach.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

/// Shingle length for ordinary quotes.
const K: usize = 3;
/// Quotes of at most this many words also look for their word pairs,
/// since a short fragment, or a short copy with two words changed, may
/// share no three-word shingle with its source.
pub const SHORT: usize = 8;
/// Word pairs a short quote probes, on top of its three-word shingles.
const PAIR_PROBES: usize = 2;

fn mix(mut x: u64) -> u64 {
    // splitmix64's finalizer: cheap, deterministic, well spread.
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A shingle's hash: `key_hash[w]` is the hash of key `w`'s text.
fn hash(words: &[u32], key_hash: &[u64], seed: u64) -> u64 {
    words.iter().fold(mix(seed), |h, &w| mix(h ^ key_hash[w as usize]))
}

/// Shingles each variant looks its partners up by: its rarest ones
/// (among those another variant shares), a few plus one per ten words.
fn probes(len: usize) -> usize {
    3 + len / 10
}

/// Candidate pairs `(a, b)`, `a < b`, sorted, of variants that may share
/// a line. Every shingle of every variant is indexed; each variant then
/// probes the posting lists of its rarest shared shingles (document
/// frequency at least 2, at most `max_postings`). Copies of one line
/// share their rare shingles, so they meet; a pair that only shares
/// common phrases ("we are going to") is never proposed. The cost is
/// linear in the shingles plus the probed lists, not quadratic in the
/// corpus. `keys[v]` is variant `v`'s key sequence, `key_hash[k]` the
/// hash of key `k`'s text; variants shorter than `min_words` take no
/// part. Probes of equal frequency are taken in hash order, so the pairs
/// do not depend on how keys were numbered.
///
/// A pair is kept when `keep(v, partners)` keeps it for either variant `v`
/// whose probes found the other: a quick test, handed all of `v`'s
/// partners at once, that reads `v`'s words while they are at hand and
/// little of each partner's. On a corpus whose lines share
/// runs of three words with hundreds of others, most proposed pairs share
/// that run and little else, and the list of them was gigabytes at 1M
/// articles, sorted, then read back pair by pair for their words.
pub fn candidates(
    keys: &[&[u32]],
    key_hash: &[u64],
    min_words: usize,
    max_postings: usize,
    keep: impl Fn(u32, &mut Vec<u32>) + Sync,
) -> Vec<(u32, u32)> {
    let index = Index::new(keys, key_hash, min_words);
    let mut pairs: Vec<(u32, u32)> = (0..keys.len())
        .into_par_iter()
        .flat_map_iter(|v| {
            let mut out = Vec::new();
            for (_, _, r) in probed(keys[v].len(), max_postings, index.shared(v)) {
                out.extend(index.holders(r).filter(|&u| u != v as u32));
            }
            // A partner met through several shingles is one pair: fold
            // here, so that `keep` sees it once from this side, and the
            // corpus-wide list holds each pair at most twice.
            out.sort_unstable();
            out.dedup();
            keep(v as u32, &mut out);
            out.into_iter().map(move |u| (u.min(v as u32), u.max(v as u32)))
        })
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

/// What [`candidates_since`] found out about the variants a store held
/// before an `add`: which of them had their candidate pairs worked out
/// again, and enough to tell whether two of them were a candidate pair
/// among the old variants alone.
pub struct Before {
    /// The variants whose candidate pairs [`candidates_since`] listed:
    /// new and grown ones (`dirty`), and old ones whose probes a moved
    /// count changed. A pair of two other variants is a candidate now
    /// exactly when it was one then, since neither side's probes, nor
    /// the holders of the shingles they probe, changed.
    pub redo: Vec<bool>,
    /// The shingles each old variant probed under the old counts, where
    /// they are not its probes now (as lists of the index, like `lists`).
    then: FxHashMap<u32, Box<[u32]>>,
    /// The probes now of the variants that met one in `redo` through a
    /// shingle, and of those in `redo`.
    now: FxHashMap<u32, Box<[u32]>>,
    /// Every variant's shared shingles, as the lists of the index it is
    /// on ([`Index::per_variant`]): a probe is a shared shingle, so a
    /// variant holds it exactly when it is on its list.
    lists: Vec<Box<[u32]>>,
}

impl Before {
    /// Whether old variants `a` and `b`, a candidate pair now with one of
    /// them in `redo`, were one among the old variants alone: one of them
    /// probed a shingle the other holds. False where that is not known
    /// (the pair is then compared again, which is always right).
    pub fn was_candidate(&self, a: u32, b: u32) -> bool {
        let probed = |x: u32| self.then.get(&x).or_else(|| self.now.get(&x));
        let meets = |x: u32, y: u32| {
            probed(x).is_some_and(|p| p.iter().any(|r| self.lists[y as usize].binary_search(r).is_ok()))
        };
        meets(a, b) || meets(b, a)
    }
}

/// The shingle index of every variant: each variant's shingles, and the
/// holders of each shingle two variants or more share, listed by shingle
/// (`lists` says where each list is).
struct Index {
    /// The lists each variant is on (the shared shingles it holds), by
    /// their place in `lists`, in shingle order: 4 bytes a shared shingle
    /// where its hash and every unshared one took 8 (issue 16).
    per_variant: Vec<Box<[u32]>>,
    holders: Vec<u32>,
    lists: Lists,
}

/// Shingles are listed a share of the hash space at a time: one share's
/// (shingle, holder) pairs are sorted while the others wait in
/// `per_variant`, so that the pairs of every shingle (16 bytes each, most
/// of the link's peak memory at 1M articles: 2.2 M variants) are never
/// held at once, and only the holders of shared shingles are kept, 4
/// bytes each (issue 16).
const SHARE_BITS: u32 = 4;

impl Index {
    fn new(keys: &[&[u32]], key_hash: &[u64], min_words: usize) -> Index {
        let eligible = |k: &[u32]| k.len() >= min_words.max(2);
        // Shingle hashes are spread already, so the maps hash them with
        // FxHash: SipHash was much of this step's time at 1M articles.
        // Every step that touches each shingle runs in parallel.
        let short_pairs: FxHashSet<u64> = {
            let mut all: Vec<u64> = keys
                .par_iter()
                .filter(|k| eligible(k) && k.len() <= SHORT)
                .flat_map_iter(|k| k.windows(2).map(|w| hash(w, key_hash, 2) | 1))
                .collect();
            all.par_sort_unstable();
            all.dedup();
            let mut set = FxHashSet::with_capacity_and_hasher(all.len(), Default::default());
            set.extend(all);
            set
        };
        // Three-word shingles have the low bit clear, word pairs set, so that
        // each kind keeps its own probe budget.
        // Each held at its length: collected, a long variant's had room
        // for every word pair, though few are a short variant's.
        let shingles = |k: &[u32]| -> Box<[u64]> {
            let triples = k.windows(K).map(|w| hash(w, key_hash, 3) & !1);
            let pairs = k
                .windows(2)
                .map(|w| hash(w, key_hash, 2) | 1)
                .filter(|h| short_pairs.contains(h));
            let mut v: Vec<u64> = triples.chain(pairs).collect();
            v.sort_unstable();
            v.dedup();
            v.into_boxed_slice()
        };
        let per_variant: Vec<Box<[u64]>> = keys
            .par_iter()
            .map(|k| if eligible(k) { shingles(k) } else { Box::default() })
            .collect();
        drop(short_pairs);
        // The shares in hash order, each sorted by (shingle, holder): the
        // lists come out in the order one sort of every posting gave.
        let mut holders: Vec<u32> = Vec::new();
        let mut runs: Vec<(u64, u32, u32)> = Vec::new();
        for share in 0..1u64 << SHARE_BITS {
            let within = |h: &u64| *h >> (64 - SHARE_BITS) < share;
            let mut postings: Vec<(u64, u32)> = per_variant
                .par_iter()
                .enumerate()
                .flat_map_iter(|(v, hs)| {
                    let (a, b) = (
                        hs.partition_point(within),
                        hs.partition_point(|h| *h >> (64 - SHARE_BITS) <= share),
                    );
                    hs[a..b].iter().map(move |&h| (h, v as u32))
                })
                .collect();
            postings.par_sort_unstable();
            for list in postings.chunk_by(|x, y| x.0 == y.0).filter(|l| l.len() >= 2) {
                let start = holders.len() as u32;
                holders.extend(list.iter().map(|p| p.1));
                runs.push((list[0].0, start, holders.len() as u32));
            }
        }
        holders.shrink_to_fit();
        let lists = Lists::new(runs);
        let per_variant: Vec<Box<[u32]>> = per_variant
            .into_par_iter()
            .map(|hs| hs.iter().filter_map(|&h| lists.run(h).map(|r| r as u32)).collect())
            .collect();
        Index {
            per_variant,
            holders,
            lists,
        }
    }

    /// The holders of shared shingle `r` (a run of `lists`).
    fn holders(&self, r: usize) -> impl Iterator<Item = u32> + '_ {
        let (_, a, b) = self.lists.runs[r];
        self.holders[a as usize..b as usize].iter().copied()
    }

    /// Variant `v`'s shared shingles: (count, shingle, run).
    fn shared(&self, v: usize) -> Vec<(u32, u64, usize)> {
        self.per_variant[v]
            .iter()
            .map(|&r| {
                let (h, a, b) = self.lists.runs[r as usize];
                (b - a, h, r as usize)
            })
            .collect()
    }
}

/// The shingles a variant of `len` words probes of its shared ones
/// (count, shingle, run), in the order they are probed.
fn probed(len: usize, max_postings: usize, mut shared: Vec<(u32, u64, usize)>) -> Vec<(u32, u64, usize)> {
    shared.retain(|s| s.0 >= 2 && (s.0 as usize) <= max_postings);
    shared.sort_unstable();
    let (pairs, triples): (Vec<_>, Vec<_>) = shared.into_iter().partition(|s| s.1 & 1 == 1);
    triples
        .into_iter()
        .take(probes(len))
        .chain(pairs.into_iter().take(PAIR_PROBES))
        .collect()
}

/// [`candidates`] for an `add`: `old[v]` says which variants the store
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
/// a shingle then only where an old short variant holds it.
pub fn candidates_since(
    keys: &[&[u32]],
    key_hash: &[u64],
    min_words: usize,
    max_postings: usize,
    keep: impl Fn(u32, &mut Vec<u32>) + Sync,
    old: &[bool],
    dirty: &[bool],
) -> (Vec<(u32, u32)>, Before) {
    let eligible = |k: &[u32]| k.len() >= min_words.max(2);
    let index = Index::new(keys, key_hash, min_words);
    let (per_variant, holders, lists) = (&index.per_variant, &index.holders, &index.lists);
    // How many of each shared shingle's holders are new, and the word
    // pairs that are shingles only through a new short variant (a word
    // pair is a shingle where a short variant holds it): what turns the
    // counts now into the counts then. New variants are few, so this
    // reads only their shingles.
    let short_old = |u: usize| old[u] && eligible(keys[u]) && keys[u].len() <= SHORT;
    let mut new_holders = vec![0u32; lists.runs.len()];
    let mut only_new: FxHashSet<u64> = FxHashSet::default();
    for (v, rs) in per_variant.iter().enumerate().filter(|(v, _)| !old[*v]) {
        for &r in rs.iter() {
            new_holders[r as usize] += 1;
        }
        let k = keys[v];
        if eligible(k) && k.len() <= SHORT {
            for w in k.windows(2) {
                let h = hash(w, key_hash, 2) | 1;
                let held = lists
                    .get(h)
                    .is_some_and(|(a, b)| holders[a as usize..b as usize].iter().any(|&u| short_old(u as usize)));
                if !held {
                    only_new.insert(h);
                }
            }
        }
    }
    // The old variants whose probes a new variant can have moved: the old
    // holders of its shingles that at most `max_postings` old variants
    // held.
    let mut moved: Vec<u32> = per_variant
        .par_iter()
        .enumerate()
        .filter(|(v, _)| !old[*v])
        .flat_map_iter(|(_, rs)| {
            rs.iter()
                .map(|&r| r as usize)
                .filter(|&r| {
                    let (_, a, b) = lists.runs[r];
                    ((b - a - new_holders[r]) as usize) <= max_postings
                })
                .flat_map(|r| index.holders(r))
                .filter(|&u| old[u as usize])
        })
        .collect();
    moved.par_sort_unstable();
    moved.dedup();
    let len = |v: usize| keys[v].len();
    let then: FxHashMap<u32, Box<[u32]>> = moved
        .par_iter()
        .filter_map(|&v| {
            let shared = index.shared(v as usize);
            let counts_then: Vec<(u32, u64, usize)> = shared
                .iter()
                .filter(|s| s.1 & 1 == 0 || !only_new.contains(&s.1))
                .map(|&(df, h, r)| (df - new_holders[r], h, r))
                .collect();
            let now = probed(len(v as usize), max_postings, shared);
            let then: Box<[u32]> = probed(len(v as usize), max_postings, counts_then)
                .into_iter()
                .map(|s| s.2 as u32)
                .collect();
            (!now.iter().map(|s| s.2 as u32).eq(then.iter().copied())).then_some((v, then))
        })
        .collect();
    drop(moved);
    let mut redo: Vec<bool> = dirty.to_vec();
    for &v in then.keys() {
        redo[v as usize] = true;
    }
    let redone: Vec<u32> = (0..keys.len() as u32).filter(|&v| redo[v as usize]).collect();
    // Each redone variant's partners through its own probes.
    let own: Vec<(u32, Box<[u32]>, Vec<u32>)> = redone
        .par_iter()
        .map(|&v| {
            let now = probed(len(v as usize), max_postings, index.shared(v as usize));
            let mut out: Vec<u32> = now
                .iter()
                .flat_map(|s| index.holders(s.2))
                .filter(|&u| u != v)
                .collect();
            out.sort_unstable();
            out.dedup();
            keep(v, &mut out);
            // Held until every list is made: at the length `keep` left,
            // a tenth of what the probes' holders took (issue 16).
            out.shrink_to_fit();
            (v, now.into_iter().map(|s| s.2 as u32).collect(), out)
        })
        .collect();
    // The variants outside `redo` that probe a shingle a redone variant
    // holds (one `max_postings` or fewer share): each variant's probes
    // now looked up among those shingles, and only a probe found there
    // read for its redone holders. Listing every holder of every such
    // shingle instead was tens of millions of entries at 1M articles.
    let mut touched: Vec<u32> = redone
        .par_iter()
        .flat_map_iter(|&v| {
            index
                .shared(v as usize)
                .into_iter()
                .filter(|s| s.0 >= 2 && (s.0 as usize) <= max_postings)
                .map(|s| s.2 as u32)
        })
        .collect();
    touched.par_sort_unstable();
    touched.dedup();
    let touched: FxHashSet<u32> = touched.into_iter().collect();
    let theirs: Vec<(u32, Box<[u32]>, Vec<u32>)> = (0..keys.len() as u32)
        .into_par_iter()
        .filter(|&u| !redo[u as usize] && per_variant[u as usize].iter().any(|r| touched.contains(r)))
        .filter_map(|u| {
            let now = probed(len(u as usize), max_postings, index.shared(u as usize));
            if !now.iter().any(|s| touched.contains(&(s.2 as u32))) {
                return None;
            }
            let mut out: Vec<u32> = now
                .iter()
                .filter(|s| touched.contains(&(s.2 as u32)))
                .flat_map(|s| index.holders(s.2))
                .filter(|&w| redo[w as usize])
                .collect();
            out.sort_unstable();
            out.dedup();
            keep(u, &mut out);
            out.shrink_to_fit();
            Some((u, now.into_iter().map(|s| s.2 as u32).collect(), out))
        })
        .collect();
    drop(touched);
    let mut pairs: Vec<(u32, u32)> = own
        .par_iter()
        .chain(theirs.par_iter())
        .flat_map_iter(|(v, _, out)| out.iter().map(move |&u| (u.min(*v), u.max(*v))))
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    let now: FxHashMap<u32, Box<[u32]>> = own
        .into_iter()
        .chain(theirs)
        .map(|(v, probes, _)| (v, probes))
        .collect();
    let Index { per_variant, .. } = index;
    (
        pairs,
        Before {
            redo,
            then,
            now,
            lists: per_variant,
        },
    )
}

/// The list of each shingle two variants or more share: its range in
/// the index's holders. The lists are in hash order, found through a
/// table of where each run of leading hash bits starts: made in one pass,
/// where a hash map of every shared shingle was filled one insertion at a
/// time.
struct Lists {
    /// (shingle, start, end), by shingle.
    runs: Vec<(u64, u32, u32)>,
    /// Where the runs whose hash begins with each `bits` bits start.
    starts: Vec<u32>,
    bits: u32,
}

impl Lists {
    fn new(runs: Vec<(u64, u32, u32)>) -> Lists {
        // About one run per slot.
        let bits = (usize::BITS - runs.len().leading_zeros()).clamp(1, 32);
        let mut starts = vec![0u32; (1 << bits) + 1];
        for r in &runs {
            starts[Self::slot(r.0, bits) + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        Lists { runs, starts, bits }
    }

    fn slot(h: u64, bits: u32) -> usize {
        (h >> (64 - bits)) as usize
    }

    /// The range in the holders of shingle `h`'s list, when two
    /// variants or more share it.
    fn get(&self, h: u64) -> Option<(u32, u32)> {
        self.run(h).map(|r| (self.runs[r].1, self.runs[r].2))
    }

    /// Shingle `h`'s run, by its place in `runs`.
    fn run(&self, h: u64) -> Option<usize> {
        let b = Self::slot(h, self.bits);
        let from = self.starts[b] as usize;
        self.runs[from..self.starts[b + 1] as usize]
            .iter()
            .position(|r| r.0 == h)
            .map(|i| from + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Key hashes of the tests' key ids: those of their decimal text.
    static HASHES: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
        (0..1000)
            .map(|k: u32| crate::normalize::key_hash(&k.to_string()))
            .collect()
    });

    #[test]
    fn shared_three_word_shingle_makes_a_candidate() {
        let keys: Vec<Vec<u32>> = vec![vec![1, 2, 3, 4, 5], vec![9, 2, 3, 4, 8], vec![6, 7, 8, 9, 10]];
        let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        assert_eq!(candidates(&refs, &HASHES, 2, 100, |_, _| {}), vec![(0, 1)]);
    }

    #[test]
    fn a_short_fragment_finds_its_parent_through_a_word_pair() {
        let keys: Vec<Vec<u32>> = vec![vec![1, 2, 3, 4, 5, 6], vec![4, 5], vec![7, 8]];
        let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        assert_eq!(candidates(&refs, &HASHES, 2, 100, |_, _| {}), vec![(0, 1)]);
    }

    #[test]
    fn issue13_a_pair_either_side_keeps_is_listed_and_one_neither_keeps_is_not() {
        let keys: Vec<Vec<u32>> = vec![vec![1, 2, 3, 4, 5], vec![9, 2, 3, 4, 8]];
        let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        let drop_from = |side: u32| move |v: u32, partners: &mut Vec<u32>| partners.retain(|_| v != side);
        assert_eq!(candidates(&refs, &HASHES, 2, 100, drop_from(0)), vec![(0, 1)]);
        assert_eq!(candidates(&refs, &HASHES, 2, 100, drop_from(1)), vec![(0, 1)]);
        assert!(candidates(&refs, &HASHES, 2, 100, |_, p| p.clear()).is_empty());
    }

    #[test]
    fn too_short_and_too_common_shingles_are_skipped() {
        let keys: Vec<Vec<u32>> = vec![vec![1], vec![1], vec![2, 3, 4], vec![2, 3, 4], vec![2, 3, 4]];
        let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        assert!(candidates(&refs, &HASHES, 2, 2, |_, _| {}).is_empty());
        assert_eq!(
            candidates(&refs, &HASHES, 2, 3, |_, _| {}),
            vec![(2, 3), (2, 4), (3, 4)]
        );
    }

    #[test]
    fn copies_meet_through_rare_shingles_not_common_phrases() {
        // Variants 0 and 1 are copies (rare words 50..55); 2..9 share only
        // the phrase 1 2 3 with them, too common under a cap of 5.
        let mut keys: Vec<Vec<u32>> = vec![
            vec![1, 2, 3, 50, 51, 52, 53, 54, 55],
            vec![1, 2, 3, 50, 51, 52, 53, 54, 99],
        ];
        for i in 0..8 {
            keys.push(vec![1, 2, 3, 100 + i, 200 + i, 300 + i]);
        }
        let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        let pairs = candidates(&refs, &HASHES, 2, 5, |_, _| {});
        assert!(pairs.contains(&(0, 1)));
        assert!(!pairs.iter().any(|&(a, b)| a < 2 && b >= 2), "{pairs:?}");
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
            let then: std::collections::HashSet<(u32, u32)> = candidates(&old_refs, &HASHES, 2, cap, |_, _| {})
                .into_iter()
                .map(|(a, b)| (ids[a as usize], ids[b as usize]))
                .collect();
            let all = candidates(&refs, &HASHES, 2, cap, |_, _| {});
            let (listed, before) = candidates_since(&refs, &HASHES, 2, cap, |_, _| {}, &old, &dirty);
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
            for &(a, b) in listed.iter().filter(|p| !dirty[p.0 as usize] && !dirty[p.1 as usize]) {
                assert_eq!(
                    before.was_candidate(a, b),
                    then.contains(&(a, b)),
                    "cap {cap}: ({a}, {b})"
                );
                settled += 1;
            }
        }
        assert!(moved > 0 && settled > 0, "{moved} moved, {settled} settled");
    }

    #[test]
    fn issue16_candidates_do_not_depend_on_how_keys_were_numbered() {
        // The same variants, their keys numbered in two orders (as two
        // corpora whose articles came in different orders would number
        // them), with many probes of equal frequency competing: the pairs
        // are the same, because shingles hash the keys' text.
        let words = |v: u32| -> Vec<String> { (0..12).map(|i| format!("w{}", (v * 7 + i * 3) % 40)).collect() };
        let texts: Vec<Vec<String>> = (0..30).map(words).collect();
        let run = |order: &dyn Fn(usize) -> usize| {
            let mut ids: HashMap<&str, u32> = HashMap::new();
            let mut hashes: Vec<u64> = Vec::new();
            let mut keys: Vec<Vec<u32>> = vec![Vec::new(); texts.len()];
            for i in 0..texts.len() {
                let v = order(i);
                for w in &texts[v] {
                    let id = *ids.entry(w).or_insert_with(|| {
                        hashes.push(crate::normalize::key_hash(w));
                        hashes.len() as u32 - 1
                    });
                    keys[v].push(id);
                }
            }
            let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
            candidates(&refs, &hashes, 2, 12, |_, _| {})
        };
        let forward = run(&|i| i);
        assert!(!forward.is_empty());
        assert_eq!(forward, run(&|i| texts.len() - 1 - i));
    }
}
