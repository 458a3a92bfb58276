//! Which word keys a variant is indexed under, so that `origin` finds
//! every variant a query can match by looking up a few keys instead of
//! scanning the corpus. No I/O here.
//!
//! A query matches a variant only when the words they share (by key, in
//! any order) weigh at least `theta` (the lesser of the drift and
//! containment thresholds) of the lighter of the two: the bound the
//! linker checks before it aligns. So a match shares a key with the
//! lighter one's *heavy* keys: any of its keys taken until the rest
//! weighs less than `theta` of it. A variant's are its rarest (by how
//! many variants of the corpus hold each key when the store is written),
//! so that the common words' rows stay few; rows an earlier build or
//! `add` wrote, with the heaviest first or other frequencies, are such a
//! set too, so old stores answer the same. Each variant is indexed under all its
//! keys ([`EVERY_KEY`]) and under its heavy keys ([`HEAVY_KEY`]), each
//! row with the variant's weight; a query looks up enough of its own
//! keys to leave less than `theta` of its weight (the rarest first: any
//! such set will do) among the first, for variants heavier than itself,
//! and all its keys
//! among the second, for variants as heavy or lighter (the linker takes
//! the lighter as the one that must be covered, a tie going to the
//! variant). Nothing that can match is missed; the linker's alignment
//! then decides.

use std::collections::BTreeMap;

use crate::normalize::word_key;

/// Index rows of a variant under each of its keys.
pub const EVERY_KEY: i64 = 0;
/// Index rows of a variant under its heavy keys.
pub const HEAVY_KEY: i64 = 1;

/// [`crate::normalize::key_hash`] as SQLite keeps an integer. A
/// collision only adds a candidate for the alignment to turn down.
pub fn key_hash(key: &str) -> i64 {
    crate::normalize::key_hash(key) as i64
}

/// A key's hash as an index row keeps it: its low 32 bits, as SQLite
/// stores them in 4 bytes instead of 8. Keys whose hashes meet there
/// share rows, which only adds candidates for the alignment to turn
/// down, never drops a match.
pub fn stored(hash: i64) -> i64 {
    i64::from(hash as i32)
}

/// Each distinct key of `words` (normalized) with its weight, as the
/// linker weighs words: characters, at most 40 a word.
fn weighed<'w>(words: &[&'w str]) -> BTreeMap<&'w str, u64> {
    let mut keys = BTreeMap::new();
    for w in words {
        *keys.entry(word_key(w)).or_insert(0) += w.chars().count().min(40) as u64;
    }
    keys
}

/// The weight of `words`, as the linker weighs a variant.
pub fn total(words: &[&str]) -> i64 {
    words.iter().map(|w| w.chars().count().min(40) as i64).sum()
}

/// One distinct key of a variant: its text, its hash ([`key_hash`]),
/// what the variant's words of that key weigh together, and how many
/// variants of the corpus hold it (when the store is written). A build
/// makes these from the linker's key ids ([`keys_of`] makes them from
/// words): hashing each word's key again for every variant was most of
/// the CPU that making the index rows took.
#[derive(Debug, Clone, Copy)]
pub struct Key<'k> {
    pub text: &'k str,
    pub hash: i64,
    pub weight: u64,
    pub held: u64,
}

/// The distinct keys of `words`; `held_by[i]` is how many variants hold
/// the key of `words[i]` (0 past its end).
pub fn keys_of<'w>(words: &[&'w str], held_by: &[u64]) -> Vec<Key<'w>> {
    let held: BTreeMap<&str, u64> = words.iter().zip(held_by).map(|(w, &n)| (word_key(w), n)).collect();
    weighed(words)
        .into_iter()
        .map(|(text, weight)| Key {
            text,
            hash: key_hash(text),
            weight,
            held: held.get(text).copied().unwrap_or(0),
        })
        .collect()
}

/// Hashes of every distinct key, sorted.
pub fn every_key(keys: &[Key<'_>]) -> Vec<i64> {
    let mut out: Vec<i64> = keys.iter().map(|k| k.hash).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Hashes of the heavy keys of a variant under `theta` (see the module
/// documentation), taken rarest first (fewest `held`). Rare keys make
/// short posting lists, so a query of common words reaches only the
/// variants made of common words; any order leaves the bound exact. Ties
/// go to the heavier key, then by key.
pub fn heavy_keys(keys: &[Key<'_>], theta: f64) -> Vec<i64> {
    let total: u64 = keys.iter().map(|k| k.weight).sum();
    let mut rarest: Vec<&Key<'_>> = keys.iter().collect();
    rarest.sort_by(|a, b| {
        a.held
            .cmp(&b.held)
            .then(b.weight.cmp(&a.weight))
            .then(a.text.cmp(b.text))
    });
    let mut out = cover(rarest.into_iter().map(|k| (k.hash, k.weight)), total, theta);
    out.sort_unstable();
    out.dedup();
    out
}

/// What a variant's keys outside its heavy keys (`heavy`, from
/// [`heavy_keys`]) weigh, by the 32 bits an index row keeps of each
/// hash ([`folded`]): stored in its [`HEAVY_KEY`] postings ([`Posting::rest`]),
/// so that `origin` bounds a lighter candidate before reading its words.
/// The query finds it under every heavy key the two share, so it can
/// share at most the query's weight of each key it was found under plus
/// this: never less than [`shared_weight`].
pub fn rest(keys: &[Key<'_>], heavy: &[i64]) -> u64 {
    let heavy: Vec<u32> = heavy.iter().map(|&h| h as u32).collect();
    let keys: Vec<(i64, u64)> = keys.iter().map(|k| (k.hash, k.weight)).collect();
    folded(&keys)
        .into_iter()
        .filter(|k| !heavy.contains(&k.0))
        .map(|k| k.1)
        .sum()
}

/// Each distinct key of `words` as its hash, with its weight.
pub fn weighed_keys(words: &[&str]) -> Vec<(i64, u64)> {
    weighed(words).into_iter().map(|(k, w)| (key_hash(k), w)).collect()
}

/// Keys (hash, weight) folded to the 32 bits a [`bag`] keeps of each
/// hash: by hash, the weights of keys whose hashes meet there summed. A
/// collision can only make [`shared_weight`] larger, that is add a
/// candidate for the alignment to turn down, never drop a match.
pub fn folded(keys: &[(i64, u64)]) -> Vec<(u32, u64)> {
    fold(keys.iter().map(|&(h, w)| (h as u32, w)).collect())
}

/// A stored variant's keys, [`folded`], from its words as
/// `variants.words` keeps them (separated by spaces; a word never holds
/// one): what [`shared_weight`] compares with a query's, computed
/// without parsing the row or allocating a word.
pub fn folded_words(words: &str) -> Vec<(u32, u64)> {
    fold(
        words
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(|w| (key_hash(word_key(w)) as u32, w.chars().count().min(40) as u64))
            .collect(),
    )
}

/// By hash, the weights of keys whose 32-bit hashes meet summed.
fn fold(mut out: Vec<(u32, u64)>) -> Vec<(u32, u64)> {
    out.sort_unstable();
    out.dedup_by(|b, a| {
        let same = a.0 == b.0;
        if same {
            a.1 += b.1;
        }
        same
    });
    out
}

/// The weight two variants can share at most, from their keys
/// ([`folded`], [`folded_words`]): each key counted at the lighter of
/// its two weights. The linker's own bound pairs words one to one within
/// a key, which can only count less, so a variant that this leaves under
/// the thresholds is one the linker turns down too.
pub fn shared_weight(query: &[(u32, u64)], variant: &[(u32, u64)]) -> u64 {
    let mut shared = 0;
    let mut q = query.iter().peekable();
    for &(h, w) in variant {
        while q.next_if(|(k, _)| *k < h).is_some() {}
        match q.peek() {
            Some(&&(k, qw)) if k == h => {
                shared += qw.min(w);
                q.next();
            }
            Some(_) => {}
            None => break,
        }
    }
    shared
}

/// Can a variant of weight `total` that shares at most `shared` with a
/// query of weight `query` match it? `false` only when the linker's
/// comparison (`link::compare`, without speakers) would turn it down:
/// the lighter one's coverage under `contain` and the similarity under
/// `drift`, even at the bound.
pub fn may_match(shared: u64, query: u64, total: u64, contain: f64, drift: f64) -> bool {
    let lighter = query.min(total).max(1) as f64;
    let cov = shared as f64 / lighter;
    let sim = 2.0 * shared as f64 / ((query + total) as f64).max(1.0);
    // A hair of slack, so that rounding can only keep a candidate.
    cov >= contain * (1.0 - 1e-9) || sim >= drift * (1.0 - 1e-9)
}

/// The first of `keys` (hash, weight), taken until those left weigh less
/// than `theta` of `total`: whatever shares at least `theta` of the
/// weight shares one of them, in whatever order they come. The rarest
/// first make a variant's index keys short posting lists, and a query's
/// few lookups.
pub fn cover(keys: impl IntoIterator<Item = (i64, u64)>, total: u64, theta: f64) -> Vec<i64> {
    // A hair under theta, so that rounding can only add a key.
    let enough = theta * total as f64 * (1.0 - 1e-9);
    let mut rest = total;
    let mut out = Vec::new();
    for (h, w) in keys {
        if (rest as f64) < enough {
            break;
        }
        out.push(h);
        rest -= w;
    }
    out
}

/// One variant under one key, as the index keeps it: the variant's
/// weight, its number, and on a [`HEAVY_KEY`] posting what its other
/// keys weigh ([`rest`]; `None` on an [`EVERY_KEY`] posting, and on a
/// heavy one written before schema 9). Postings sort by weight, then
/// variant: the order a query reads a key's heavier or lighter variants
/// in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Posting {
    pub total: i64,
    pub variant: i64,
    pub rest: Option<i64>,
}

/// Postings a row of the index packs at most (schema 12). Until then
/// each posting was a row of its own, tens of millions at 1M, and the
/// B-tree's work per row was 15-18% of the store's thread; at this size
/// a row's blob stays well inside its page, and a lookup of one posting
/// decodes a few hundred bytes.
pub const CHUNK: usize = 128;

/// LEB128, as SQLite's own records do not offer it for a blob.
pub(super) fn put_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

pub(super) fn get_varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        n |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

fn zigzag(n: i64) -> u64 {
    ((n << 1) ^ (n >> 63)) as u64
}

fn unzigzag(n: u64) -> i64 {
    (n >> 1) as i64 ^ -((n & 1) as i64)
}

/// A row of the packed index (`postings`, schema 12): the weight and
/// variant of its last posting, which are the row's key (so a query
/// finds the rows that can hold a weight by the key's order), and the
/// others packed: on a [`HEAVY_KEY`] row the last posting's `rest`
/// first, then each other posting as its weight's step from the one
/// before, its variant's (zigzag) and, on a heavy row, its `rest`; the
/// first posting's steps are from 0. A `rest` is stored plus one, 0
/// standing for none. `postings` must be sorted and not empty.
pub fn pack(kind: i64, postings: &[Posting]) -> (i64, i64, Vec<u8>) {
    let last = postings[postings.len() - 1];
    let heavy = kind == HEAVY_KEY;
    let mut out = Vec::with_capacity(postings.len() * 3);
    let rest = |out: &mut Vec<u8>, r: Option<i64>| put_varint(out, r.map_or(0, |r| r.max(0) as u64 + 1));
    if heavy {
        rest(&mut out, last.rest);
    }
    let (mut total, mut variant) = (0i64, 0i64);
    for p in &postings[..postings.len() - 1] {
        put_varint(&mut out, (p.total - total) as u64);
        put_varint(&mut out, zigzag(p.variant - variant));
        if heavy {
            rest(&mut out, p.rest);
        }
        (total, variant) = (p.total, p.variant);
    }
    (last.total, last.variant, out)
}

/// The postings of a row [`pack`] made, in order; `None` when the blob
/// is not one it made.
pub fn unpack(kind: i64, total: i64, variant: i64, blob: &[u8]) -> Option<Vec<Posting>> {
    let mut out = Vec::with_capacity(blob.len() / 2 + 1);
    for p in Unpacked::new(kind, total, variant, blob)? {
        out.push(p?);
    }
    Some(out)
}

/// The postings of a row [`pack`] made, decoded one at a time (a lookup
/// of one stops at it); an item is `None` where the blob is not one
/// [`pack`] made.
pub struct Unpacked<'b> {
    heavy: bool,
    blob: &'b [u8],
    at: (i64, i64),
    last: Option<Posting>,
}

impl<'b> Unpacked<'b> {
    /// `None` when the blob does not even begin as [`pack`] makes one.
    pub fn new(kind: i64, total: i64, variant: i64, mut blob: &'b [u8]) -> Option<Unpacked<'b>> {
        let heavy = kind == HEAVY_KEY;
        let rest = if heavy { get_rest(&mut blob)? } else { None };
        Some(Unpacked {
            heavy,
            blob,
            at: (0, 0),
            last: Some(Posting { total, variant, rest }),
        })
    }

    fn step(&mut self) -> Option<Posting> {
        let t = self
            .at
            .0
            .checked_add(i64::try_from(get_varint(&mut self.blob)?).ok()?)?;
        let v = self.at.1.checked_add(unzigzag(get_varint(&mut self.blob)?))?;
        let rest = if self.heavy { get_rest(&mut self.blob)? } else { None };
        self.at = (t, v);
        Some(Posting {
            total: t,
            variant: v,
            rest,
        })
    }
}

impl Iterator for Unpacked<'_> {
    type Item = Option<Posting>;

    fn next(&mut self) -> Option<Option<Posting>> {
        if self.blob.is_empty() {
            return self.last.take().map(Some);
        }
        let p = self.step();
        if p.is_none() {
            // Damaged: said once, then nothing more.
            self.blob = &[];
            self.last = None;
        }
        Some(p)
    }
}

/// A `rest` as [`pack`] stores it (plus one, 0 for none).
fn get_rest(bytes: &mut &[u8]) -> Option<Option<i64>> {
    let r = get_varint(bytes)?;
    Some((r > 0).then(|| (r - 1) as i64))
}

/// How `n` sorted postings of one key are cut into rows: as few as
/// [`CHUNK`] allows, of nearly equal length (an `add` that fills a row
/// cuts it in halves, not a full row and a short one).
pub fn chunks(n: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    let rows = n.div_ceil(CHUNK).max(1);
    (0..rows).map(move |i| i * n / rows..(i + 1) * n / rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heavy_keys_leave_less_than_theta_behind() {
        // Weights 13 (accreditation), 7 (members), 3 (the), 2 (of).
        let words = ["the", "accreditation", "of", "members"];
        // Held by as many variants each: the heaviest go first.
        let heavy = heavy_keys(&keys_of(&words, &[1; 4]), 0.7);
        // 25 in all; without "accreditation" 12 are left, under 0.7 of 25.
        assert_eq!(heavy, vec![key_hash(word_key("accreditation"))]);
        let all = heavy_keys(&keys_of(&words, &[1; 4]), 0.01);
        assert_eq!(all.len(), 4);
    }

    #[test]
    fn a_key_weighs_all_its_words() {
        // "win" twice outweighs "tomorrow" once (8).
        let words = ["win", "win", "win", "tomorrow"];
        assert_eq!(heavy_keys(&keys_of(&words, &[9; 4]), 0.5), vec![key_hash("win")]);
        assert_eq!(every_key(&keys_of(&words, &[])).len(), 2);
    }

    #[test]
    fn issue16_heavy_keys_are_the_rarest_and_leave_less_than_theta() {
        // Weights: government 10, football 8, said 4, kewell 6, the 3 (31).
        let words = ["government", "football", "said", "kewell", "the"];
        let held_by = [40_000, 30_000, 90_000, 2, 120_000];
        let weights: BTreeMap<i64, u64> = weighed_keys(&words).into_iter().collect();
        let left = |heavy: &[i64]| {
            weights
                .iter()
                .filter(|(h, _)| !heavy.contains(h))
                .map(|(_, w)| w)
                .sum::<u64>()
        };
        for theta in [0.5, 0.7, 0.8, 0.95] {
            let heavy = heavy_keys(&keys_of(&words, &held_by), theta);
            assert!((left(&heavy) as f64) < theta * 31.0, "theta {theta}: {heavy:?}");
            // The rarest key always, the commonest never while a rarer
            // set will do.
            assert!(heavy.contains(&key_hash("kewel")));
            assert!(!heavy.contains(&key_hash("the")));
        }
        // 0.7: kewell (6) then football (8) leave 17, under 21.7; the
        // heaviest first would take government, whose rows are many.
        let mut want = vec![key_hash("kewel"), key_hash("footb")];
        want.sort_unstable();
        assert_eq!(heavy_keys(&keys_of(&words, &held_by), 0.7), want);
        assert!(!heavy_keys(&keys_of(&words, &held_by), 0.7).contains(&key_hash("gover")));
        // Equal counts: heavier first, then by key, whatever the order.
        let mut rev = words;
        rev.reverse();
        assert_eq!(
            heavy_keys(&keys_of(&words, &[5; 5]), 0.7),
            heavy_keys(&keys_of(&rev, &[5; 5]), 0.7)
        );
    }

    #[test]
    fn issue16_rest_and_the_found_heavy_keys_bound_what_a_lighter_variant_shares() {
        // Weights: government 10, football 8, said 4, kewell 6, the 3 + 3 (34).
        let words = ["government", "football", "said", "kewell", "the", "the"];
        let held_by = [40_000, 30_000, 90_000, 2, 120_000, 120_000];
        let heavy = heavy_keys(&keys_of(&words, &held_by), 0.7);
        let stored = folded_words(&words.join(" "));
        let rest = rest(&keys_of(&words, &[]), &heavy);
        // kewell and football are heavy: the rest is the other 20.
        assert_eq!(rest, 10 + 4 + 6);
        assert!((rest as f64) < 0.7 * total(&words) as f64);
        // Whatever a query holds, what it shares is at most its weight of
        // the heavy keys it holds (those it finds the variant under) plus
        // the rest.
        for query in [
            &["kewell", "said", "the", "government"][..],
            &["football", "football", "the"][..],
            &["government", "said", "the", "the", "the"][..],
        ] {
            let q = folded(&weighed_keys(query));
            let found: u64 = q
                .iter()
                .filter(|k| heavy.iter().any(|&h| h as u32 == k.0))
                .map(|k| k.1)
                .sum();
            assert!(shared_weight(&q, &stored) <= found + rest, "{query:?}");
        }
        // A heavier query that holds one light heavy key of the variant's
        // and none of its rest cannot reach it: turned down unread.
        let q = [
            "kewell",
            "arsenal",
            "manager",
            "yesterday",
            "afternoon",
            "tottenham",
            "hotspur",
        ];
        let q_total = total(&q) as u64;
        assert!(q_total > 34);
        assert!(!may_match(6 + rest, q_total, 34, 0.8, 0.7));
        // Every key heavy: nothing rests.
        let keys = keys_of(&words, &[]);
        assert_eq!(super::rest(&keys, &every_key(&keys)), 0);
    }

    #[test]
    fn a_cover_leaves_less_than_theta_in_any_order() {
        let keys = [(1, 10), (2, 5), (3, 5)];
        assert_eq!(cover(keys, 20, 0.5), vec![1, 2]);
        // Rarest first (here 3, then 2): a different set, as good.
        assert_eq!(cover([(3, 5), (2, 5), (1, 10)], 20, 0.5), vec![3, 2, 1]);
        assert_eq!(cover([(3, 5), (2, 5), (1, 10)], 20, 0.8), vec![3]);
    }

    #[test]
    fn stored_words_bound_the_shared_weight_from_above() {
        let words = ["the", "board", "will", "pay", "the", "fine"];
        let stored = folded_words(&words.join(" "));
        assert_eq!(stored.len(), 5);
        assert_eq!(stored, folded(&weighed_keys(&words)));
        let query = folded(&weighed_keys(&["we", "will", "pay", "the", "fine"]));
        // will 4, pay 3, the 3 (the query's one "the" against two), fine 4.
        assert_eq!(shared_weight(&query, &stored), 14);
        assert_eq!(shared_weight(&[], &stored), 0);
        assert_eq!(stored.iter().map(|k| k.1).sum::<u64>() as i64, total(&words));
        assert!(may_match(14, 16, 21, 0.8, 0.7));
        assert!(!may_match(3, 16, 21, 0.8, 0.7));
        assert!(folded_words("").is_empty());
    }

    #[test]
    fn hashes_that_meet_in_32_bits_add_up() {
        let keys = [(1 << 32 | 7, 3), (7, 4), (9, 1)];
        assert_eq!(folded(&keys), vec![(7, 7), (9, 1)]);
    }

    #[test]
    fn stored_hashes_are_the_low_32_bits_as_migration_4_cuts_them() {
        assert_eq!(stored(0x1_8000_0001), -0x7fff_ffff);
        assert_eq!(stored(-1), -1);
        assert_eq!(stored(0x7fff_ffff), 0x7fff_ffff);
        // v4.sql: (hash & 4294967295) - (4294967296 when bit 31 is set).
        for h in [key_hash("win"), key_hash("tomorrow"), i64::MIN, i64::MAX] {
            let low = h & 0xffff_ffff;
            assert_eq!(stored(h), low - if h & 0x8000_0000 != 0 { 1 << 32 } else { 0 });
        }
    }

    #[test]
    fn key_hash_is_stable() {
        assert_eq!(key_hash(""), 0xcbf2_9ce4_8422_2325_u64 as i64);
        assert_ne!(key_hash("win"), key_hash("wins"));
    }
    #[test]
    fn issue16_packed_postings_come_back_as_they_went_in() {
        let p = |total, variant, rest| Posting { total, variant, rest };
        let every = [p(3, 900, None), p(3, 901, None), p(7, 2, None), p(400, 1_000_000, None)];
        for kind in [EVERY_KEY, HEAVY_KEY] {
            let postings: Vec<Posting> = every
                .iter()
                .enumerate()
                .map(|(i, q)| Posting {
                    rest: (kind == HEAVY_KEY && i != 1).then_some(i as i64 * 70),
                    ..*q
                })
                .collect();
            for n in 1..=postings.len() {
                let (t, v, blob) = pack(kind, &postings[..n]);
                assert_eq!((t, v), (postings[n - 1].total, postings[n - 1].variant));
                assert_eq!(unpack(kind, t, v, &blob).unwrap(), postings[..n]);
            }
        }
        // One posting is its key alone (and a heavy one's rest).
        assert!(pack(EVERY_KEY, &every[..1]).2.is_empty());
        // A blob cut short is refused, not read past.
        let (t, v, blob) = pack(EVERY_KEY, &every);
        assert!(unpack(EVERY_KEY, t, v, &blob[..blob.len() - 1]).is_none());
    }

    #[test]
    fn issue16_rows_of_postings_are_few_and_even() {
        let lens = |n| chunks(n).map(|r| r.len()).collect::<Vec<_>>();
        assert_eq!(lens(1), vec![1]);
        assert_eq!(lens(CHUNK), vec![CHUNK]);
        assert_eq!(lens(CHUNK + 1), vec![CHUNK / 2, CHUNK / 2 + 1]);
        assert_eq!(lens(3 * CHUNK).len(), 3);
        assert_eq!(chunks(1000).map(|r| r.len()).sum::<usize>(), 1000);
        assert!(chunks(1000).all(|r| r.len() <= CHUNK));
    }
}
