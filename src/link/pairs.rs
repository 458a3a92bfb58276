//! The candidate pairs of variants ("candidates": the shingle index's,
//! each tested on the two variants' sketches, and under a [`Prior`] the
//! stored links' pairs) and their comparison ("compare": a link or none
//! for each).

use rayon::prelude::*;

use super::compare::{compare, drop_crowded_overlaps, may_link, Sketch, Tester};
use super::credits::{apart, Credited, NameKeys, Speakers};
use super::pieces::Vocab;
use super::prior::StoredLinks;
use super::{index, Link, LinkConfig, Occurrence, Prior, Variants};

/// The candidate pairs ([`index::split`] reads each), and under a prior
/// what [`compare_pairs`] asks of it.
pub(super) struct Candidates {
    pairs: Vec<(u32, u32)>,
    before: Option<index::Before>,
    /// Under a prior, each variant's stored number where it is the
    /// variant it was.
    was: Vec<Option<u32>>,
}

/// The candidate pairs of `variants`: under a `prior`, those that touch a
/// variant whose candidate pairs can have changed, and the stored links'.
pub(super) fn candidates(
    variants: &Variants,
    occurrences: &[Occurrence],
    vocab: &Vocab,
    prior: Option<&Prior<'_>>,
    cfg: &LinkConfig,
) -> Candidates {
    let keys: Vec<&[u32]> = variants.iter().map(|v| v.keys).collect();
    let (was, old) = stored_numbers(variants, occurrences, prior);
    // The partners' sketches are read first, in a loop of loads that do
    // not wait on each other, so that the memory system serves many at
    // once: a test per partner waited on each cache miss. The sketches
    // (64 bytes a variant) are made once the index is, and go with the
    // test, so that they are never held beside the whole index (issue 16).
    let keep = || {
        let sketches: Vec<Sketch> = variants.par_iter().map(|v| Sketch::of(&v)).collect();
        move |v: u32, partners: &mut Vec<u32>| {
            let got: Vec<Sketch> = partners.iter().map(|&u| sketches[u as usize]).collect();
            let v = Tester::of(&variants.at(v as usize));
            let mut i = 0;
            partners.retain(|_| {
                i += 1;
                may_link(&v, &got[i - 1], cfg)
            });
        }
    };
    let (pairs, before) = match prior {
        None => {
            let pairs = index::candidates(&keys, &vocab.key_hash, cfg.min_words, cfg.max_postings, keep);
            drop(keys);
            (pairs, None)
        }
        Some(prior) => {
            let dirty: Vec<bool> = was.iter().map(Option::is_none).collect();
            let (mut pairs, before) = index::candidates_since(
                keys,
                &vocab.key_hash,
                cfg.min_words,
                cfg.max_postings,
                keep,
                &old,
                &dirty,
                prior.links.len(),
            );
            // A pair of variants outside `redo` is a candidate exactly when
            // it was one then: where it linked, the store holds the link.
            // Stored numbers are given one a variant made, so a vector by
            // number is about as long as the variants, and a fifth of a
            // map of them (issue 16).
            let mut at = vec![u32::MAX; was.iter().flatten().max().map_or(0, |&n| n as usize + 1)];
            for (v, n) in was.iter().enumerate() {
                if let Some(n) = n {
                    at[*n as usize] = v as u32;
                }
            }
            let at = |n: i64| {
                usize::try_from(n)
                    .ok()
                    .and_then(|n| at.get(n))
                    .copied()
                    .filter(|&v| v != u32::MAX)
            };
            // Room for them all was made with the pairs: grown, the
            // vector was twice the pairs while it moved (issue 16).
            pairs.extend(prior.links.pairs().filter_map(|(x, y)| {
                let (a, b) = (at(x)?, at(y)?);
                (!before.redo[a as usize] && !before.redo[b as usize]).then_some((a.min(b), a.max(b)))
            }));
            // In pair order: the mark of a listed pair is no part of it.
            pairs.par_sort_unstable_by_key(|&p| index::split(p).0);
            pairs.dedup();
            (pairs, Some(before))
        }
    };
    drop(old);
    Candidates { pairs, before, was }
}

/// Under a prior, each variant's stored number where it is the variant
/// it was (no occurrence of it is new), and which variants are old (any
/// occurrence of it is stored); nothing without one.
fn stored_numbers(
    variants: &Variants,
    occurrences: &[Occurrence],
    prior: Option<&Prior<'_>>,
) -> (Vec<Option<u32>>, Vec<bool>) {
    match prior {
        None => (Vec::new(), Vec::new()),
        Some(prior) => variants
            .par_iter()
            .map(|v| {
                let mut nums = v.occurrences.iter().map(|&o| {
                    let o = &occurrences[o as usize];
                    prior.stored.get(&(o.article, o.quote, o.segment)).map(|s| s.variant)
                });
                let first = nums.next().flatten();
                let any = first.is_some() || nums.clone().any(|n| n.is_some());
                let same = first.filter(|&f| nums.all(|n| n == Some(f)));
                (same, any)
            })
            .unzip(),
    }
}

/// Who the variants are credited to, for [`compare_pairs`].
#[derive(Clone, Copy)]
pub(super) struct Who<'a> {
    pub(super) speakers: &'a Speakers,
    pub(super) credited: Credited<'a>,
    pub(super) people: &'a [NameKeys],
}

/// What [`compare_pairs`] found.
pub(super) struct Compared {
    /// The links kept.
    pub(super) links: Vec<Link>,
    /// The overlap links dropped as crowded.
    pub(super) crowded: Vec<Link>,
    pub(super) candidates: usize,
    pub(super) aligned: usize,
    pub(super) settled: usize,
    pub(super) redone: usize,
}

/// Each candidate pair compared ([`compare`]), or under a prior answered
/// by the stored link where both variants are what they were.
pub(super) fn compare_pairs(
    found: Candidates,
    variants: &Variants,
    vocab: &Vocab,
    prior: Option<&Prior<'_>>,
    cfg: &LinkConfig,
    who: Who<'_>,
) -> Compared {
    let Candidates { pairs, before, was } = found;
    let Who {
        speakers,
        credited,
        people,
    } = who;
    // Keys that hold a digit: a number written in figures.
    let mut numeric = vec![false; vocab.keys.len()];
    for (text, &k) in &vocab.keys {
        numeric[k as usize] = text.bytes().any(|b| b.is_ascii_digit());
    }
    // A pair of variants that are what they were compares as it did: the
    // stored link, or none where it was a candidate pair then and the
    // store holds no link. Where the two weigh the same, the shorter side
    // is the one first in the input, which need not be the smaller
    // number: such a pair is aligned again unless the store's shorter
    // side is the one `compare` would take.
    let stored_links = prior.map(|p| StoredLinks::new(p.links.all()));
    let known = |a: u32, b: u32, was_candidate: bool| -> Option<Option<Link>> {
        let links = stored_links.as_ref()?;
        let (x, y) = (was[a as usize]?, was[b as usize]?);
        let Some(&(kind, low_short, score)) = links.get(x.min(y), x.max(y)) else {
            return was_candidate.then_some(None);
        };
        let short_then = if low_short == (x < y) { a } else { b };
        let (ta, tb) = (variants.total(a as usize), variants.total(b as usize));
        let short_now = if (ta, a) <= (tb, b) { a } else { b };
        (short_then == short_now).then(|| {
            Some(Link {
                short: short_now,
                long: a + b - short_now,
                kind,
                score,
            })
        })
    };
    let (aligned, settled) = (
        std::sync::atomic::AtomicUsize::new(0),
        std::sync::atomic::AtomicUsize::new(0),
    );
    let links: Vec<Link> = pairs
        .par_iter()
        .map(|&p| index::split(p))
        .filter(|&((a, b), _)| {
            // Common phrases said apart are not compared.
            let phrase = |v: u32| variants.word_count(v as usize) < cfg.common;
            !(phrase(a) && phrase(b) && apart(credited.of(a), credited.of(b), people))
        })
        .filter_map(|((a, b), was_candidate)| {
            if let Some(link) = known(a, b, was_candidate) {
                settled.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                return link;
            }
            aligned.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let (va, vb) = (&variants.at(a as usize), &variants.at(b as usize));
            compare(
                va,
                a,
                vb,
                b,
                cfg,
                Some((&speakers[a as usize], &speakers[b as usize])),
                &numeric,
            )
        })
        .collect();
    drop(stored_links);
    let redone = before.map_or(0, |b| b.redo.iter().filter(|&&r| r).count());
    drop(was);
    let candidates = pairs.len();
    drop(pairs);
    // Every link compared is what a store keeps: the links kept (the
    // graph's) and the few crowded ones dropped, where a copy of them all
    // was held to the end of an add (0.1 GiB at 1M articles, issue 16).
    let (links, crowded) = drop_crowded_overlaps(links, variants.len());
    Compared {
        links,
        crowded,
        candidates,
        aligned: aligned.into_inner(),
        settled: settled.into_inner(),
        redone,
    }
}

#[cfg(test)]
mod tests {
    use rustc_hash::FxHashMap;

    use super::*;
    use crate::link::testkit::*;
    use crate::link::{link, PriorLinks, Stored};

    #[test]
    fn a_variant_is_the_stored_one_only_where_every_occurrence_of_it_is_stored_as_one() {
        let arts = [
            article("a", &[SPILL]),
            article("b", &[SPILL, OTHER]),
            article("c", &[DRIFT]),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(stored_numbers(&l.variants, &l.occurrences, None), (vec![], vec![]));
        let at = |variant| Stored { variant, family: 0 };
        let mut stored = FxHashMap::default();
        stored.insert((0, 0, 0), at(5));
        stored.insert((1, 0, 0), at(5));
        stored.insert((1, 1, 0), at(6));
        let prior = Prior {
            stored: &stored,
            links: PriorLinks::default(),
        };
        let (was, old) = stored_numbers(&l.variants, &l.occurrences, Some(&prior));
        assert_eq!(was, vec![Some(5), Some(6), None]);
        assert_eq!(old, vec![true, true, false]);
        stored.insert((1, 0, 0), at(7));
        let prior = Prior {
            stored: &stored,
            links: PriorLinks::default(),
        };
        let (was, old) = stored_numbers(&l.variants, &l.occurrences, Some(&prior));
        assert_eq!((was[0], old[0]), (None, true));
    }
}
