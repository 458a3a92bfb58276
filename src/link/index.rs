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
use rustc_hash::FxHashSet;

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
/// A pair is kept when `keep()(v, partners)` keeps it for either variant
/// `v` whose probes found the other (`keep` is called once the index is
/// made, so that what its test reads is not held beside the index
/// while it is made: issue 16): a quick test, handed all of `v`'s
/// partners at once, that reads `v`'s words while they are at hand and
/// little of each partner's. On a corpus whose lines share
/// runs of three words with hundreds of others, most proposed pairs share
/// that run and little else, and the list of them was gigabytes at 1M
/// articles, sorted, then read back pair by pair for their words.
pub fn candidates<K: Fn(u32, &mut Vec<u32>) + Sync>(
    keys: &[&[u32]],
    key_hash: &[u64],
    min_words: usize,
    max_postings: usize,
    keep: impl FnOnce() -> K,
) -> Vec<(u32, u32)> {
    let index = Index::new(keys, key_hash, min_words, max_postings, None);
    let keep = keep();
    let mut pairs: Vec<(u32, u32)> = (0..keys.len())
        .into_par_iter()
        .flat_map_iter(|v| {
            let (mut out, mut shared, mut probes) = (Vec::new(), Vec::new(), Vec::new());
            index.shared(v, &mut shared);
            probed(&index, keys[v].len(), max_postings, &mut shared, &mut probes);
            for &r in &probes {
                out.extend(index.holders(r).iter().copied().filter(|&u| u != v as u32));
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

/// Lists of `u32` one after another in one vector: list `i` is
/// `items[at[i]..at[i + 1]]`. Millions of small boxes took a pointer and
/// a length each, and the allocator's rounding, on top of their items
/// (issue 16).
#[derive(Debug, Clone, Default)]
pub(super) struct Flat {
    at: Vec<u32>,
    items: Vec<u32>,
}

impl Flat {
    /// Adds an empty list after the last.
    pub(super) fn push_empty(&mut self) {
        if self.at.is_empty() {
            self.at.push(0);
        }
        self.at.push(self.items.len() as u32);
    }

    /// Lists `0..n` made of `(list, item)` entries, each list's items in
    /// the order given; with `skip_repeats`, an item equal to the last
    /// its list took is left out. Counted, then placed: the entries are
    /// walked twice, and nothing but the two vectors is held.
    pub(super) fn grouped(n: usize, entries: impl Iterator<Item = (u32, u32)> + Clone, skip_repeats: bool) -> Flat {
        // The last item each list took, where repeats are skipped.
        let mut last = if skip_repeats { vec![u32::MAX; n] } else { Vec::new() };
        let take = |last: &mut Vec<u32>, list: u32, item: u32| {
            !skip_repeats || std::mem::replace(&mut last[list as usize], item) != item
        };
        let mut at = vec![0u32; n + 1];
        for (list, item) in entries.clone() {
            if take(&mut last, list, item) {
                at[list as usize + 1] += 1;
            }
        }
        for i in 1..at.len() {
            at[i] += at[i - 1];
        }
        if skip_repeats {
            last.fill(u32::MAX);
        }
        let mut next = at.clone();
        let mut items = vec![0u32; at[n] as usize];
        for (list, item) in entries {
            if take(&mut last, list, item) {
                items[next[list as usize] as usize] = item;
                next[list as usize] += 1;
            }
        }
        Flat { at, items }
    }

    pub(super) fn get(&self, i: usize) -> &[u32] {
        &self.items[self.at[i] as usize..self.at[i + 1] as usize]
    }

    fn len(&self) -> usize {
        self.at.len() - 1
    }
}

/// The shingle index of every variant: the holders of each shingle that
/// can be probed, by shingle (a *list*), and the lists each variant is
/// on. A shingle can be probed where two variants or more hold it and at
/// most `max_postings` of them are old (all of them but in an `add`).
/// Lists are numbered in hash order, so that their numbers sort as
/// their shingles do: the probes' tie-break by hash is one by number.
struct Index {
    /// The lists each variant is on, by number, ascending: the holders
    /// turned around.
    per_variant: Flat,
    /// Each list's holders, ascending.
    holders: Flat,
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
const BLOCK: usize = 1024;

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
    fn new(keys: &[&[u32]], key_hash: &[u64], min_words: usize, max_postings: usize, old: Option<&[bool]>) -> Index {
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
    fn new_holders(&self, r: u32) -> u32 {
        if !self.is_fresh(r) {
            return 0;
        }
        let (word, bit) = (r as usize / 64, r % 64);
        let below = self.fresh_bits[word] & ((1u64 << bit) - 1);
        self.fresh[(self.fresh_before[word] + below.count_ones()) as usize]
    }

    /// Whether some new variant holds list `r`.
    fn is_fresh(&self, r: u32) -> bool {
        self.fresh_bits[r as usize / 64] >> (r % 64) & 1 == 1
    }

    /// Whether list `r` is a word pair's.
    fn is_pair(&self, r: u32) -> bool {
        self.pairs[r as usize / 64] >> (r % 64) & 1 == 1
    }

    /// How many variants hold list `r`.
    fn count(&self, r: u32) -> u32 {
        self.holders.at[r as usize + 1] - self.holders.at[r as usize]
    }

    /// The holders of list `r`.
    fn holders(&self, r: u32) -> &[u32] {
        self.holders.get(r as usize)
    }

    /// Variant `v`'s lists into `out`, each as its count above its number
    /// (`count << 32 | list`, see [`probed`]). Into a buffer the caller
    /// keeps: a vector a call, several calls a variant, for the millions
    /// of variants an add looks at, was much of the step's time (issue 16).
    fn shared(&self, v: usize, out: &mut Vec<u64>) {
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
fn probed(index: &Index, len: usize, max_postings: usize, shared: &mut Vec<u64>, out: &mut Vec<u32>) {
    shared.retain(|&s| (2..=max_postings).contains(&((s >> 32) as usize)));
    shared.sort_unstable();
    let lists = || shared.iter().map(|&s| s as u32);
    out.clear();
    out.extend(lists().filter(|&r| !index.is_pair(r)).take(probes(len)));
    out.extend(lists().filter(|&r| index.is_pair(r)).take(PAIR_PROBES));
}

/// Hands the memory freed so far back to the system now. mimalloc (the
/// binary's allocator) returns freed memory only a while after the free
/// (a second), so memory freed just before a large allocation is still
/// resident beside it; where that decides a step's top, this makes the
/// top what is held (issue 16). A few milliseconds at 1M articles.
pub(crate) fn give_back() {
    // SAFETY: `mi_collect` takes a flag and only frees memory mimalloc
    // itself holds unused; with another global allocator it finds
    // nothing to hand back.
    unsafe { libmimalloc_sys::mi_collect(true) };
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
    use std::collections::HashMap;

    #[test]
    fn flat_lists_keep_their_entries_order_and_skip_only_repeats_in_a_row() {
        let entries = [(2, 5), (0, 1), (2, 5), (2, 3), (0, 1), (2, 5)];
        let kept = Flat::grouped(3, entries.iter().copied(), false);
        assert_eq!(
            (kept.get(0), kept.get(1), kept.get(2)),
            (&[1, 1][..], &[][..], &[5, 5, 3, 5][..])
        );
        let skipped = Flat::grouped(3, entries.iter().copied(), true);
        assert_eq!(
            (skipped.get(0), skipped.get(1), skipped.get(2)),
            (&[1][..], &[][..], &[5, 3, 5][..])
        );
    }

    /// Key hashes of the tests' key ids: those of their decimal text.
    static HASHES: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
        (0..1000)
            .map(|k: u32| crate::normalize::key_hash(&k.to_string()))
            .collect()
    });

    #[test]
    fn issue16_a_pairs_mark_is_no_part_of_it() {
        assert_eq!(split((3 | WAS_CANDIDATE, 9)), ((3, 9), true));
        assert_eq!(split((3, 9)), ((3, 9), false));
    }

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

    #[test]
    fn shared_three_word_shingle_makes_a_candidate() {
        let keys: Vec<Vec<u32>> = vec![vec![1, 2, 3, 4, 5], vec![9, 2, 3, 4, 8], vec![6, 7, 8, 9, 10]];
        let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        assert_eq!(candidates(&refs, &HASHES, 2, 100, || |_, _| {}), vec![(0, 1)]);
    }

    #[test]
    fn a_short_fragment_finds_its_parent_through_a_word_pair() {
        let keys: Vec<Vec<u32>> = vec![vec![1, 2, 3, 4, 5, 6], vec![4, 5], vec![7, 8]];
        let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        assert_eq!(candidates(&refs, &HASHES, 2, 100, || |_, _| {}), vec![(0, 1)]);
    }

    #[test]
    fn issue13_a_pair_either_side_keeps_is_listed_and_one_neither_keeps_is_not() {
        let keys: Vec<Vec<u32>> = vec![vec![1, 2, 3, 4, 5], vec![9, 2, 3, 4, 8]];
        let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        let drop_from = |side: u32| move |v: u32, partners: &mut Vec<u32>| partners.retain(|_| v != side);
        assert_eq!(candidates(&refs, &HASHES, 2, 100, || drop_from(0)), vec![(0, 1)]);
        assert_eq!(candidates(&refs, &HASHES, 2, 100, || drop_from(1)), vec![(0, 1)]);
        assert!(candidates(&refs, &HASHES, 2, 100, || |_, p: &mut Vec<u32>| p.clear()).is_empty());
    }

    #[test]
    fn too_short_and_too_common_shingles_are_skipped() {
        let keys: Vec<Vec<u32>> = vec![vec![1], vec![1], vec![2, 3, 4], vec![2, 3, 4], vec![2, 3, 4]];
        let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        assert!(candidates(&refs, &HASHES, 2, 2, || |_, _| {}).is_empty());
        assert_eq!(
            candidates(&refs, &HASHES, 2, 3, || |_, _| {}),
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
        let pairs = candidates(&refs, &HASHES, 2, 5, || |_, _| {});
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
            candidates(&refs, &hashes, 2, 12, || |_, _| {})
        };
        let forward = run(&|i| i);
        assert!(!forward.is_empty());
        assert_eq!(forward, run(&|i| texts.len() - 1 - i));
    }
}
