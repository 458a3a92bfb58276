//! The quotes a link reads, as it holds them: each piece of a quote in
//! an article an [`Occurrence`], each distinct wording a [`Variant`], all
//! of them one flat table ([`Variants`]).

use rayon::prelude::*;

use super::align::Seq;
use super::index;
use super::pieces::Vocab;

/// One piece of a quote in one article: a quote interrupted by its
/// attribution, or running over paragraphs, has one occurrence per
/// segment, since copies often carry only one of its sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub article: u32,
    pub quote: u32,
    /// The piece of the quote: a segment, or past the segments a quote
    /// nested in one (see [`piece_text`](super::piece_text)).
    pub segment: u32,
    pub variant: u32,
    /// A quote inside the quote (‘…’ in “…”): words its speaker quotes,
    /// not says, so it is credited to no one.
    pub nested: bool,
}

/// A distinct normalized wording, with every occurrence of it: a view
/// of one of [`Variants`], or of a query's own lists.
#[derive(Debug, Clone, Copy)]
pub struct Variant<'a> {
    /// Word ids into [`Linked::vocab`](super::Linked::vocab).
    pub words: &'a [u32],
    /// Each word's key id ([`Linked::key_texts`](super::Linked::key_texts)).
    pub keys: &'a [u32],
    /// Each word's weight: its length in characters, at most 40.
    pub weights: &'a [u8],
    pub total: u32,
    /// Indices into [`Linked::occurrences`](super::Linked::occurrences), in input order.
    pub occurrences: &'a [u32],
}

impl<'a> Variant<'a> {
    /// The variant of these words, with no occurrences.
    pub(crate) fn new(words: &'a [u32], keys: &'a [u32], weights: &'a [u8]) -> Variant<'a> {
        Variant {
            words,
            keys,
            weights,
            total: weights.iter().map(|&w| u32::from(w)).sum(),
            occurrences: &[],
        }
    }

    pub fn seq(&self) -> Seq<'a> {
        Seq {
            keys: self.keys,
            weights: self.weights,
            total: self.total,
        }
    }

    /// The (key, weight) pairs of its words, sorted: the words two
    /// variants share, in any order, bound their alignment.
    pub fn bag(&self) -> Vec<(u32, u32)> {
        let mut b: Vec<(u32, u32)> = self
            .keys
            .iter()
            .zip(self.weights)
            .map(|(&k, &w)| (k, u32::from(w)))
            .collect();
        b.sort_unstable();
        b
    }
}

/// Every variant, each of its lists in one vector for all of them (`u32`
/// offsets into it), read as [`Variant`]s: five vectors a variant took
/// some 600 bytes of one at 1M articles, 1.3 GB (issue 16).
#[derive(Debug, Clone, Default)]
pub struct Variants {
    /// Where each variant's words start in `words`, `keys` and `weights`,
    /// and, last, where the last one's end.
    starts: Vec<u32>,
    words: Vec<u32>,
    keys: Vec<u32>,
    weights: Vec<u8>,
    totals: Vec<u32>,
    /// Each variant's occurrences, in input order.
    occurrences: index::Flat,
}

impl Variants {
    /// The variants whose words are `words` cut at `starts` (where each
    /// starts, then the end), their keys and weights the vocabulary's,
    /// and their occurrences those of `occurrences` that name them, in
    /// input order.
    pub(super) fn new(starts: Vec<u32>, words: Vec<u32>, vocab: &Vocab, occurrences: &[Occurrence]) -> Variants {
        let n = starts.len() - 1;
        let keys: Vec<u32> = words.par_iter().map(|&w| vocab.key_of(w)).collect();
        let weights: Vec<u8> = words.par_iter().map(|&w| vocab.weight_of(w)).collect();
        let totals: Vec<u32> = (0..n)
            .into_par_iter()
            .map(|v| {
                weights[starts[v] as usize..starts[v + 1] as usize]
                    .iter()
                    .map(|&w| u32::from(w))
                    .sum()
            })
            .collect();
        let occurrences = index::Flat::grouped(
            n,
            occurrences.iter().enumerate().map(|(i, o)| (o.variant, i as u32)),
            false,
        );
        Variants {
            starts,
            words,
            keys,
            weights,
            totals,
            occurrences,
        }
    }

    /// Adds a variant of these words (keys and weights the vocabulary's),
    /// with no occurrences.
    pub(super) fn push(&mut self, words: &[u32], vocab: &Vocab) {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        self.words.extend_from_slice(words);
        self.keys.extend(words.iter().map(|&w| vocab.key_of(w)));
        let weights = words.iter().map(|&w| vocab.weight_of(w));
        self.weights.extend(weights.clone());
        self.totals.push(weights.map(u32::from).sum());
        self.starts.push(offset(self.words.len()));
        self.occurrences.push_empty();
    }

    pub fn len(&self) -> usize {
        self.totals.len()
    }

    pub fn is_empty(&self) -> bool {
        self.totals.is_empty()
    }

    /// Variant `v`.
    pub fn at(&self, v: usize) -> Variant<'_> {
        let (s, e) = (self.starts[v] as usize, self.starts[v + 1] as usize);
        Variant {
            words: &self.words[s..e],
            keys: &self.keys[s..e],
            weights: &self.weights[s..e],
            total: self.totals[v],
            occurrences: self.occurrences.get(v),
        }
    }

    /// Variant `v`'s number of words (of keys), read alone: a test of
    /// every candidate pair that reads no more of either (issue 16).
    pub(super) fn word_count(&self, v: usize) -> usize {
        (self.starts[v + 1] - self.starts[v]) as usize
    }

    /// Variant `v`'s weight, read alone.
    pub(super) fn total(&self, v: usize) -> u32 {
        self.totals[v]
    }

    /// Each variant, by id.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Variant<'_>> + '_ {
        (0..self.len()).map(|v| self.at(v))
    }

    /// Each variant, by id, in parallel.
    pub fn par_iter(&self) -> impl IndexedParallelIterator<Item = Variant<'_>> + '_ {
        (0..self.len()).into_par_iter().map(move |v| self.at(v))
    }
}

/// A length as a `u32` offset.
pub(super) fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("a link's words and occurrences number under 2^32")
}

#[cfg(test)]
mod tests {
    use crate::link::testkit::*;
    use crate::link::{link, LinkConfig};

    #[test]
    fn issue16_variants_read_from_flat_lists_hold_their_words_and_occurrences_in_input_order() {
        let arts = [
            article("a", &[SPILL, DRIFT]),
            article("b", &["Bigger", SPILL]),
            article("c", &[DRIFT, SPILL]),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(l.variants.len(), l.variants.iter().count());
        let mut listed = Vec::new();
        for (i, v) in l.variants.iter().enumerate() {
            assert_eq!((v.keys.len(), v.weights.len()), (v.words.len(), v.words.len()));
            assert_eq!(v.total, v.weights.iter().map(|&w| u32::from(w)).sum::<u32>());
            assert!(v.occurrences.is_sorted() && !v.occurrences.is_empty());
            for &o in v.occurrences {
                assert_eq!(l.occurrences[o as usize].variant, i as u32);
            }
            listed.extend_from_slice(v.occurrences);
        }
        listed.sort_unstable();
        assert_eq!(listed, (0..l.occurrences.len() as u32).collect::<Vec<_>>());
        assert_eq!(l.variants.at(0).occurrences, &[0, 3, 5]);
        assert_eq!(l.variant_text(2), "bigger");
    }
}
