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

mod flat;
mod shingles;
mod since;

use rayon::prelude::*;

pub(super) use flat::Flat;
pub use shingles::SHORT;
use shingles::{probed, Index};
pub use since::{candidates_since, split, Before, WAS_CANDIDATE};

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Key hashes of the tests' key ids: those of their decimal text.
    pub(super) static HASHES: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
        (0..1000)
            .map(|k: u32| crate::normalize::key_hash(&k.to_string()))
            .collect()
    });

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
