//! The shingle index ([`Index`]): the variants holding each shingle
//! that can be probed, the lists each variant is on, and the probes a
//! variant takes ([`probed`]).

use rayon::prelude::*;

use rustc_hash::FxHashSet;

use super::{give_back, Flat};

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
/// The shingle index of every variant: the holders of each shingle that
/// can be probed, by shingle (a *list*), and the lists each variant is
/// on. A shingle can be probed where two variants or more hold it and at
/// most `max_postings` of them are old (all of them but in an `add`).
/// Lists are numbered in hash order, so that their numbers sort as
/// their shingles do: the probes' tie-break by hash is one by number.
pub(super) struct Index {
    /// The lists each variant is on, by number, ascending: the holders
    /// turned around.
    pub(super) per_variant: Flat,
    /// Each list's holders, ascending.
    pub(super) holders: Flat,
    /// Bit `r`: list `r` is a word pair's, not a three-word shingle's
    /// (each kind has its own probe budget).
    pairs: Vec<u64>,
    /// How many of their holders are new, for the lists some new variant
    /// holds (in an `add`; empty in a build), in list order: a few of the
    /// lists, where a count a list took 4 bytes of each.
    fresh: Vec<u32>,
    /// Bit `r`: some new variant holds list `r`; and how many bits are
    /// set before each word of them: list `r`'s place in `fresh`, found
    /// in two small vectors, where a search of `fresh` for each list of
    /// each variant whose probes an add can have moved was most of the
    /// time spent on those (issue 16).
    fresh_bits: Vec<u64>,
    fresh_before: Vec<u32>,
}

/// Shingles are listed a share of the hash space at a time: one share's
/// (shingle, holder) pairs are sorted while the others wait as hashes,
/// so that the pairs of every shingle (16 bytes each, most of the link's
/// peak memory at 1M articles: 2.2 M variants) are never held at once
/// (issue 16).
const SHARE_BITS: u32 = 4;
/// How many shares the hash space is cut in.
const SHARES: usize = 1 << SHARE_BITS;

/// No pair: the room of a shingle a variant held twice, sorted last.
const NONE: (u64, u32) = (u64::MAX, u32::MAX);

/// Variants hashed together into one vector of their shingles: one
/// vector a variant took 16 bytes and the allocator's rounding on top of
/// its hashes, tens of MB at 1M articles (issue 16).
pub(super) const BLOCK: usize = 1024;

/// A shingle's share of the hash space: its top `SHARE_BITS` bits.
fn share_of(h: u64) -> u8 {
    (h >> (64 - SHARE_BITS)) as u8
}

/// The share of a word pair that is not a shingle (no short variant
/// holds it): none.
const SKIP: u8 = u8::MAX;

impl Index {
    /// The index of `keys`; with `old`, that of an `add`, whose lists
    /// are those at most `max_postings` old variants hold.
    pub(super) fn new(
        keys: &[&[u32]],
        key_hash: &[u64],
        min_words: usize,
        max_postings: usize,
        old: Option<&[bool]>,
    ) -> Index {
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
        // Each window's share of the hash space (`SKIP` for a word pair
        // no short variant holds), a block of variants to a vector: the
        // shingles are hashed again in their share's pass. Their hashes,
        // 8 bytes each of 66 M at 1M articles, held through the passes
        // were the candidate step's peak (issue 16).
        let windows = |k: &[u32]| if eligible(k) { k.len() + 1 - K + k.len() - 1 } else { 0 };
        let blocks: Vec<(Vec<u8>, [u32; SHARES])> = keys
            .par_chunks(BLOCK)
            .map(|block| {
                let mut tags = Vec::with_capacity(block.iter().map(|k| windows(k)).sum());
                for k in block.iter().filter(|k| eligible(k)) {
                    tags.extend(k.windows(K).map(|w| share_of(hash(w, key_hash, 3))));
                    tags.extend(k.windows(2).map(|w| {
                        let h = hash(w, key_hash, 2) | 1;
                        if short_pairs.contains(&h) {
                            share_of(h)
                        } else {
                            SKIP
                        }
                    }));
                }
                let mut counts = [0u32; SHARES];
                for &t in tags.iter().filter(|&&t| t != SKIP) {
                    counts[usize::from(t)] += 1;
                }
                (tags, counts)
            })
            .collect();
        drop(short_pairs);
        let is_new = |v: u32| old.is_some_and(|old| !old[v as usize]);
        // Every list's holders go straight into one vector, its room the
        // most there can be (a holder a tagged window): room never
        // written is never made resident, where one vector a share, then
        // their copy side by side, held every holder twice at the index's
        // top (issue 16).
        let tagged = |share: usize| blocks.iter().map(|b| b.1[share] as usize).sum::<usize>();
        let most: usize = (0..SHARES).map(tagged).sum();
        let mut holders: Vec<u32> = Vec::with_capacity(most);
        let (mut ends, mut pairs, mut fresh, mut fresh_bits) = (vec![0u32], Vec::new(), Vec::new(), Vec::new());
        // One share's (shingle, holder) pairs, in one vector made once
        // for the largest share: a block of variants writes into its
        // room (a pair a tagged window), which a shingle met twice by one
        // variant leaves partly `NONE`, sorted last and cut off. Gathered
        // a vector a block, then copied into one, each share's pairs
        // were held two or three times over, and every share's vector
        // was freed and taken again while the holders grew: the
        // candidate step's top at 1M articles (issue 16).
        let mut postings: Vec<(u64, u32)> = Vec::with_capacity((0..SHARES).map(tagged).max().unwrap_or(0));
        // The shares in hash order, each sorted by (shingle, holder): the
        // lists come out in hash order, each list's holders ascending.
        for share in 0..SHARES {
            // Each room is written whole below: only a longer share's
            // new tail is filled here.
            postings.resize(tagged(share), NONE);
            let mut rooms = Vec::with_capacity(blocks.len());
            let mut rest = &mut postings[..];
            for (_, counts) in &blocks {
                let (room, after) = rest.split_at_mut(counts[share] as usize);
                rooms.push(room);
                rest = after;
            }
            let made: usize = blocks
                .par_iter()
                .zip(rooms)
                .enumerate()
                .map(|(b, ((tags, _), room))| {
                    // Each variant's shingles in this share, each once:
                    // three-word ones with the low bit clear, word pairs
                    // set. The share's windows are found by a byte search
                    // of the block's tags, where a test of every window
                    // in each of the 16 passes was a tenth of the step.
                    let first = b * BLOCK;
                    let block = &keys[first..keys.len().min(first + BLOCK)];
                    let (mut one, mut made): (Vec<u64>, usize) = (Vec::new(), 0);
                    let (mut i, mut start) = (0, 0);
                    let mut flush = |i: usize, one: &mut Vec<u64>, made: &mut usize| {
                        one.sort_unstable();
                        one.dedup();
                        for &h in one.iter() {
                            room[*made] = (h, (first + i) as u32);
                            *made += 1;
                        }
                        one.clear();
                    };
                    for p in memchr::memchr_iter(share as u8, tags) {
                        // The variant whose windows hold tag `p`.
                        while p >= start + windows(block[i]) {
                            if !one.is_empty() {
                                flush(i, &mut one, &mut made);
                            }
                            start += windows(block[i]);
                            i += 1;
                        }
                        let k = block[i];
                        let w = p - start;
                        let triples = k.len() + 1 - K;
                        one.push(if w < triples {
                            hash(&k[w..w + K], key_hash, 3) & !1
                        } else {
                            hash(&k[w - triples..w - triples + 2], key_hash, 2) | 1
                        });
                    }
                    if !one.is_empty() {
                        flush(i, &mut one, &mut made);
                    }
                    room[made..].fill(NONE);
                    made
                })
                .sum();
            postings.par_sort_unstable();
            postings.truncate(made);
            for list in postings.chunk_by(|x, y| x.0 == y.0).filter(|l| l.len() >= 2) {
                let new = list.iter().filter(|p| is_new(p.1)).count();
                // Never probed, then or now: only its count mattered, to
                // say so.
                if list.len() - new > max_postings {
                    continue;
                }
                let r = ends.len() - 1;
                if r % 64 == 0 {
                    pairs.push(0u64);
                }
                pairs[r / 64] |= (list[0].0 & 1) << (r % 64);
                if new > 0 {
                    fresh.push(new as u32);
                    if fresh_bits.len() <= r / 64 {
                        fresh_bits.resize(r / 64 + 1, 0u64);
                    }
                    fresh_bits[r / 64] |= 1 << (r % 64);
                }
                holders.extend(list.iter().map(|p| p.1));
                ends.push(holders.len() as u32);
            }
        }
        // The tags and the shares' pairs handed back before each
        // variant's lists are made beside the holders (see
        // [`give_back`]): still resident under them, they made the
        // index's top (issue 16).
        drop((blocks, postings));
        give_back();
        fresh_bits.resize((ends.len() - 1).div_ceil(64), 0);
        let fresh_before: Vec<u32> = fresh_bits
            .iter()
            .scan(0, |before, w| {
                let here = *before;
                *before += w.count_ones();
                Some(here)
            })
            .collect();
        let holders = Flat {
            at: ends,
            items: holders,
        };
        // Each variant's lists: the holders turned around, list by list,
        // so each variant's come out ascending.
        let per_variant = Flat::grouped(
            keys.len(),
            (0..holders.len()).flat_map(|r| holders.get(r).iter().map(move |&v| (v, r as u32))),
            false,
        );
        Index {
            per_variant,
            holders,
            pairs,
            fresh,
            fresh_bits,
            fresh_before,
        }
    }

    /// How many of list `r`'s holders are new.
    pub(super) fn new_holders(&self, r: u32) -> u32 {
        if !self.is_fresh(r) {
            return 0;
        }
        let (word, bit) = (r as usize / 64, r % 64);
        let below = self.fresh_bits[word] & ((1u64 << bit) - 1);
        self.fresh[(self.fresh_before[word] + below.count_ones()) as usize]
    }

    /// Whether some new variant holds list `r`.
    pub(super) fn is_fresh(&self, r: u32) -> bool {
        self.fresh_bits[r as usize / 64] >> (r % 64) & 1 == 1
    }

    /// Whether list `r` is a word pair's.
    pub(super) fn is_pair(&self, r: u32) -> bool {
        self.pairs[r as usize / 64] >> (r % 64) & 1 == 1
    }

    /// How many variants hold list `r`.
    pub(super) fn count(&self, r: u32) -> u32 {
        self.holders.at[r as usize + 1] - self.holders.at[r as usize]
    }

    /// The holders of list `r`.
    pub(super) fn holders(&self, r: u32) -> &[u32] {
        self.holders.get(r as usize)
    }

    /// Variant `v`'s lists into `out`, each as its count above its number
    /// (`count << 32 | list`, see [`probed`]). Into a buffer the caller
    /// keeps: a vector a call, several calls a variant, for the millions
    /// of variants an add looks at, was much of the step's time (issue 16).
    pub(super) fn shared(&self, v: usize, out: &mut Vec<u64>) {
        out.clear();
        out.extend(
            self.per_variant
                .get(v)
                .iter()
                .map(|&r| u64::from(self.count(r)) << 32 | u64::from(r)),
        );
    }
}

/// The lists a variant of `len` words probes, into `out`, in the order
/// they are probed: of its shared ones (`count << 32 | list`, as
/// [`Index::shared`] gives them, the counts then or now), the rarest
/// three-word shingles, then the rarest word pairs; ties in hash order
/// (the lists' order). `shared` is left sorted, those that cannot be
/// probed taken out.
pub(super) fn probed(index: &Index, len: usize, max_postings: usize, shared: &mut Vec<u64>, out: &mut Vec<u32>) {
    shared.retain(|&s| (2..=max_postings).contains(&((s >> 32) as usize)));
    shared.sort_unstable();
    let lists = || shared.iter().map(|&s| s as u32);
    out.clear();
    out.extend(lists().filter(|&r| !index.is_pair(r)).take(probes(len)));
    out.extend(lists().filter(|&r| index.is_pair(r)).take(PAIR_PROBES));
}

#[cfg(test)]
mod tests {
    use crate::link::index::candidates;
    use crate::link::index::tests::HASHES;

    #[test]
    fn issue16_a_shingle_a_variant_holds_twice_is_one_holder_of_its_list() {
        // Variant 0 holds "1 2 3" three times: its list has two holders,
        // within a cap of two, so the pair is proposed.
        let keys: Vec<Vec<u32>> = vec![vec![1, 2, 3, 1, 2, 3, 1, 2, 3], vec![1, 2, 3, 9]];
        let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        assert_eq!(candidates(&refs, &HASHES, 2, 2, || |_, _| {}), vec![(0, 1)]);
    }

    #[test]
    fn issue16_the_shares_are_listed_across_blocks_of_variants() {
        // More variants than a block: variant `i` and `i + 1250` share a
        // shingle no other holds, across blocks; two one-word variants
        // (no windows) sit among them and meet nothing.
        let hashes: Vec<u64> = (0..10_000u32)
            .map(|k| crate::normalize::key_hash(&k.to_string()))
            .collect();
        let keys: Vec<Vec<u32>> = (0..2500u32)
            .map(|v| match v {
                5 | 1255 => vec![9_999],
                _ => {
                    let i = v % 1250;
                    vec![3 * i, 3 * i + 1, 3 * i + 2, 5_000 + v]
                }
            })
            .collect();
        let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        let expected: Vec<(u32, u32)> = (0..1250).filter(|&i| i != 5).map(|i| (i, i + 1250)).collect();
        assert_eq!(candidates(&refs, &hashes, 2, 10, || |_, _| {}), expected);
    }
}
