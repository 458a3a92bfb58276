//! Candidate pairs of variants that may share a line, found through an
//! index of word shingles instead of comparing all pairs. The cost is
//! linear in the number of shingles plus the pairs inside each posting
//! list, and posting lists longer than a cap are skipped.

use std::collections::HashSet;

use rayon::prelude::*;

/// Shingle length for ordinary quotes.
const K: usize = 3;
/// Quotes of at most this many words also look for their word pairs,
/// since a short fragment may share no three-word shingle with its parent.
pub const SHORT: usize = 4;

fn mix(mut x: u64) -> u64 {
    // splitmix64's finalizer: cheap, deterministic, well spread.
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn hash(words: &[u32], seed: u64) -> u64 {
    words.iter().fold(mix(seed), |h, &w| mix(h ^ u64::from(w)))
}

/// Every pair `(a, b)` with `a < b` of variants that share a shingle
/// whose posting list holds at most `max_postings` variants, sorted.
/// `keys[v]` is variant `v`'s key sequence; variants shorter than
/// `min_words` take no part.
pub fn candidates(keys: &[&[u32]], min_words: usize, max_postings: usize) -> Vec<(u32, u32)> {
    let eligible = |k: &[u32]| k.len() >= min_words.max(2);
    let short_pairs: HashSet<u64> = keys
        .iter()
        .filter(|k| eligible(k) && k.len() <= SHORT)
        .flat_map(|k| k.windows(2).map(|w| hash(w, 2)))
        .collect();
    let mut postings: Vec<(u64, u32)> = keys
        .par_iter()
        .enumerate()
        .filter(|(_, k)| eligible(k))
        .flat_map_iter(|(v, k)| {
            let triples = k.windows(K).map(|w| hash(w, 3));
            let pairs = k.windows(2).map(|w| hash(w, 2)).filter(|h| short_pairs.contains(h));
            triples.chain(pairs).map(move |h| (h, v as u32)).collect::<Vec<_>>()
        })
        .collect();
    postings.par_sort_unstable();
    postings.dedup();
    let groups: Vec<&[(u64, u32)]> = postings.chunk_by(|a, b| a.0 == b.0).collect();
    let mut pairs: Vec<(u32, u32)> = groups
        .par_iter()
        .filter(|g| g.len() >= 2 && g.len() <= max_postings)
        .flat_map_iter(|g| {
            let mut out = Vec::with_capacity(g.len() * (g.len() - 1) / 2);
            for (i, a) in g.iter().enumerate() {
                for b in &g[i + 1..] {
                    out.push((a.1, b.1));
                }
            }
            out
        })
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_three_word_shingle_makes_a_candidate() {
        let keys: Vec<Vec<u32>> = vec![vec![1, 2, 3, 4, 5], vec![9, 2, 3, 4, 8], vec![6, 7, 8, 9, 10]];
        let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        assert_eq!(candidates(&refs, 2, 100), vec![(0, 1)]);
    }

    #[test]
    fn a_short_fragment_finds_its_parent_through_a_word_pair() {
        let keys: Vec<Vec<u32>> = vec![vec![1, 2, 3, 4, 5, 6], vec![4, 5], vec![7, 8]];
        let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        assert_eq!(candidates(&refs, 2, 100), vec![(0, 1)]);
    }

    #[test]
    fn too_short_and_too_common_shingles_are_skipped() {
        let keys: Vec<Vec<u32>> = vec![vec![1], vec![1], vec![2, 3, 4], vec![2, 3, 4], vec![2, 3, 4]];
        let refs: Vec<&[u32]> = keys.iter().map(Vec::as_slice).collect();
        assert!(candidates(&refs, 2, 2).is_empty());
        assert_eq!(candidates(&refs, 2, 3), vec![(2, 3), (2, 4), (3, 4)]);
    }
}
