//! The first step of a link ("words and variants"): every quote's pieces
//! split into words and interned, each distinct wording made a variant
//! (a common phrase one per person it is credited to), with the persons
//! quotes are credited to by name and the words of the quotes nested in
//! a variant.

use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::credits::NameKeys;
use super::pieces::{Credits, Interned, SliceText, SliceWords, Vocab, GROUP, SLICE};
use super::variants::offset;
use super::{Articles, LinkConfig, Occurrence, Old, Variant, Variants};

/// What [`variants`] makes of the articles.
pub(super) struct Words {
    pub(super) vocab: Vocab,
    pub(super) variants: Variants,
    pub(super) occurrences: Vec<Occurrence>,
    /// The persons quotes are credited to by name, by id.
    pub(super) people: Vec<NameKeys>,
    pub(super) person_ids: FxHashMap<NameKeys, u32>,
    /// The person ids each variant is credited to.
    pub(super) persons: Vec<Vec<u32>>,
    pub(super) quoted: Quoted,
}

/// The words of the quotes nested in a variant, for the variants that
/// have any: variants of their own.
pub(super) struct Quoted {
    variants: Variants,
    /// Each variant with nested quotes, and its nested words' number in
    /// `variants`.
    at: Vec<(u32, usize)>,
}

impl Quoted {
    /// The nested quotes' words, by the variant they are nested in.
    pub(super) fn by_variant(&self) -> FxHashMap<u32, Variant<'_>> {
        self.at.iter().map(|&(v, i)| (v, self.variants.at(i))).collect()
    }
}

/// The hash of a wording in [`variants`]' table of them: its words,
/// and the person a common phrase is credited to.
fn wording_hash(words: &[u32], person: u32) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    words.hash(&mut h);
    person.hash(&mut h);
    h.finish()
}

/// Splits every quote's pieces into words and makes the variants ([`Words`]);
/// with `old`, the stored articles' words are taken from their stored
/// variants.
pub(super) fn variants(articles: &dyn Articles, cfg: &LinkConfig, old: Option<Old<'_>>) -> Words {
    let mut vocab = Vocab::default();
    // Each variant's words, one after another, and where each starts
    // (then where the last ends): one vector for them all, not one a
    // variant (issue 16).
    let mut words: Vec<u32> = Vec::new();
    let mut starts: Vec<u32> = vec![0];
    // Each wording's variant, and for a common phrase the person it is
    // credited to (`u32::MAX` for none): the table holds the variant's
    // number only, its words are in `words`.
    let mut by_words: HashTable<(u32, u32)> = HashTable::new();
    // The persons quotes are credited to by name, by id, and the ids each
    // variant is credited to.
    let mut people: Vec<NameKeys> = Vec::new();
    let mut person_ids: FxHashMap<NameKeys, u32> = FxHashMap::default();
    let mut persons: Vec<Vec<u32>> = Vec::new();
    let mut occurrences = Vec::new();
    // The words of the quotes nested in a variant, for the variants that
    // have any.
    let mut quoted_words: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    // Words are split and interned in parallel, a slice of articles at a
    // time into a vocabulary of the slice's own ([`SliceWords`]); the
    // slices' vocabularies are then merged in article order, so ids stay
    // deterministic, and only the pieces of two groups of slices are ever
    // held. Merging one group overlaps splitting the next.
    let mut ids: Vec<u32> = Vec::new();
    let mut quoted: Vec<u32> = Vec::new();
    // The persons quotes are credited to, each credit read once, and
    // each's id once the input has met it.
    let (old, credits) = rayon::join(|| old.map(Old::interned), || Credits::new(articles));
    let mut person_of_credit: Vec<u32> = vec![u32::MAX; credits.keys.len()];
    // The stored words interned once ([`pieces::StoredVocab`]), each
    // stored word's id in `vocab` once the input has met it, and each
    // word of `vocab`'s stored id (`u32::MAX`: not a stored word).
    let stored = old.as_ref().map(|old| &old.vocab);
    let mut stored_ids: Vec<u32> = vec![u32::MAX; stored.map_or(0, |s| s.word_count())];
    let mut stored_of: Vec<u32> = Vec::new();
    let mut stored_words: Vec<u32> = Vec::new();
    // A wording the store holds is taken by its first stored variant
    // ([`pieces::StoredVocab::first`]), not by its words: each's variant
    // once met, where its words alone decide it, and a phrase's by the
    // person it is kept apart for. Hashing and looking up every stored
    // occurrence's words here, on one thread, was most of this merge at
    // 1M articles (issue 16). `by_words` holds the wordings the store
    // does not.
    let mut by_stored: Vec<u32> = vec![u32::MAX; stored.map_or(0, |s| s.variant_count())];
    let mut phrases_by_stored: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    // An add's word table holds at least the store's words: made that
    // large at once, not grown step by step, each step hashing every
    // entry again (1.3 s of the merge at 990k + 10k).
    if let Some(stored) = stored {
        vocab.reserve(stored.word_count());
    }
    let merge = |first: usize, slices: Vec<SliceWords>| {
        let mut ai = first;
        for mut slice in slices {
            // The slice's words given ids as the input meets them, each
            // when first met (with a stored piece's words in between).
            let mut global: Vec<u32> = vec![u32::MAX; slice.words.len()];
            let mut split = |w: u32, vocab: &mut Vocab, stored_of: &mut Vec<u32>| -> u32 {
                let g = &mut global[w as usize];
                if *g == u32::MAX {
                    let w = w as usize;
                    let hash = slice.hashes[w];
                    *g = vocab.word_owned(hash, std::mem::take(&mut slice.words[w]));
                    if let Some(stored) = stored.filter(|_| *g as usize == stored_of.len()) {
                        stored_of.push(stored.find(hash, &vocab.names[*g as usize]).unwrap_or(u32::MAX));
                    }
                }
                *g
            };
            for pieces in &slice.pieces {
                for p in pieces {
                    let next = persons.len() as u32;
                    // Persons are given ids in the order the input meets them.
                    let person = p.person.map(|k| {
                        let id = &mut person_of_credit[k as usize];
                        if *id == u32::MAX {
                            *id = people.len() as u32;
                            let keys = &credits.keys[k as usize];
                            people.push(keys.clone());
                            person_ids.insert(keys.clone(), *id);
                        }
                        *id
                    });
                    // A phrase shorter than a line is one variant per
                    // person who says it (see `LinkConfig::common`).
                    let phrase_of = |n: usize| person.filter(|_| n < cfg.common).unwrap_or(u32::MAX);
                    // The variant of the stored wording whose first stored
                    // variant is `first`, said by `phrase_of`: `next` if new.
                    let mut of_stored = |first: u32, phrase_of: u32| -> u32 {
                        let v = if phrase_of == u32::MAX {
                            &mut by_stored[first as usize]
                        } else {
                            phrases_by_stored.entry((first, phrase_of)).or_insert(u32::MAX)
                        };
                        if *v == u32::MAX {
                            *v = next;
                        }
                        *v
                    };
                    let v = match p.words {
                        SliceText::Stored(sv) => {
                            let stored = stored.expect("a stored piece comes with the stored words");
                            let first = stored.first(sv);
                            let n = stored.variant(first).len();
                            // Too short to be a line anyone copies: every
                            // occurrence of a one-word scare quote stays on its own.
                            let v = if n < cfg.min_words {
                                next
                            } else {
                                of_stored(first, phrase_of(n))
                            };
                            if v == next {
                                for &w in stored.variant(first) {
                                    let g = &mut stored_ids[w as usize];
                                    if *g == u32::MAX {
                                        *g = vocab.word_hashed(stored.hash(w), stored.word(w));
                                        if *g as usize == stored_of.len() {
                                            stored_of.push(w);
                                        }
                                    }
                                    words.push(*g);
                                }
                            }
                            v
                        }
                        SliceText::Split([s, e]) => {
                            ids.clear();
                            for &w in &slice.ids[s as usize..e as usize] {
                                ids.push(split(w, &mut vocab, &mut stored_of));
                            }
                            quoted.clear();
                            if let Some([s, e]) = p.quoted {
                                for &w in &slice.ids[s as usize..e as usize] {
                                    quoted.push(split(w, &mut vocab, &mut stored_of));
                                }
                            }
                            let v = if ids.len() < cfg.min_words {
                                next
                            } else {
                                let phrase_of = phrase_of(ids.len());
                                // A wording the store holds, by its first
                                // stored variant.
                                let first = stored.and_then(|stored| {
                                    stored_words.clear();
                                    for &w in &ids {
                                        stored_words.push(Some(stored_of[w as usize]).filter(|&s| s != u32::MAX)?);
                                    }
                                    stored.wording(&stored_words)
                                });
                                match first {
                                    Some(first) => of_stored(first, phrase_of),
                                    None => {
                                        let hash = wording_hash(&ids, phrase_of);
                                        let of = |v: u32| {
                                            &words[starts[v as usize] as usize..starts[v as usize + 1] as usize]
                                        };
                                        match by_words.find(hash, |&(v, p)| p == phrase_of && of(v) == ids.as_slice()) {
                                            Some(&(v, _)) => v,
                                            None => {
                                                by_words.insert_unique(hash, (next, phrase_of), |&(v, p)| {
                                                    wording_hash(of(v), p)
                                                });
                                                next
                                            }
                                        }
                                    }
                                }
                            };
                            if v == next {
                                words.extend_from_slice(&ids);
                            }
                            if p.quoted.is_some() {
                                quoted_words.entry(v).or_insert_with(|| quoted.clone());
                            }
                            v
                        }
                    };
                    if v == next {
                        starts.push(offset(words.len()));
                        persons.push(Vec::new());
                    }
                    if let Some(id) = person {
                        if !persons[v as usize].contains(&id) {
                            persons[v as usize].push(id);
                        }
                    }
                    occurrences.push(Occurrence {
                        article: ai as u32,
                        quote: p.quote,
                        segment: p.piece,
                        variant: v,
                        nested: p.nested,
                    });
                }
                ai += 1;
            }
        }
    };
    split_in_groups(articles, old.as_ref(), &credits, merge);
    // The merge's tables, let go before the variants are made: held to
    // the link's end, they were under the candidate step's top (issue 16).
    drop((
        by_words,
        by_stored,
        phrases_by_stored,
        stored_ids,
        stored_of,
        stored_words,
    ));
    drop((credits, person_of_credit));
    drop(old);
    let variants = Variants::new(starts, words, &vocab, &occurrences);
    // The nested quotes' words as variants of their own, by the variant
    // they are nested in.
    let mut quoted_variants = Variants::default();
    let quoted_at: Vec<(u32, usize)> = quoted_words
        .into_iter()
        .map(|(v, ids)| {
            quoted_variants.push(&ids, &vocab);
            (v, quoted_variants.len() - 1)
        })
        .collect();
    Words {
        vocab,
        variants,
        occurrences,
        people,
        person_ids,
        persons,
        quoted: Quoted {
            variants: quoted_variants,
            at: quoted_at,
        },
    }
}

/// Splits the articles' words a group of slices at a time, the slices of
/// a group in parallel, and hands each group to `merge` in article order
/// (with the number of its first article) while the next group is split.
fn split_in_groups(
    articles: &dyn Articles,
    old: Option<&Interned<'_>>,
    credits: &Credits<'_>,
    mut merge: impl FnMut(usize, Vec<SliceWords>),
) {
    let mut ready: Option<(usize, Vec<SliceWords>)> = None;
    let count = articles.len();
    for first in (0..count).step_by(SLICE * GROUP) {
        let group = first..count.min(first + SLICE * GROUP);
        let split = std::thread::scope(|s| {
            let next = s.spawn(|| {
                let slices: Vec<usize> = group.clone().step_by(SLICE).collect();
                slices
                    .into_par_iter()
                    .map(|start| SliceWords::new(articles, start..group.end.min(start + SLICE), old, credits))
                    .collect::<Vec<_>>()
            });
            if let Some((first, slices)) = ready.take() {
                merge(first, slices);
            }
            next.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        ready = Some((first, split));
    }
    if let Some((first, slices)) = ready.take() {
        merge(first, slices);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::testkit::*;

    #[test]
    fn split_in_groups_hands_every_article_over_once_in_order_a_group_at_a_time() {
        let n = SLICE * GROUP + SLICE + 3;
        let arts: Vec<_> = (0..n).map(|i| article(&i.to_string(), &[SPILL])).collect();
        let articles: &dyn Articles = &arts.as_slice();
        let credits = Credits::new(articles);
        let mut got = Vec::new();
        split_in_groups(articles, None, &credits, |first, slices| {
            let sizes: Vec<usize> = slices.iter().map(|s| s.pieces.len()).collect();
            got.push((first, sizes));
        });
        assert_eq!(got, vec![(0, vec![SLICE; GROUP]), (SLICE * GROUP, vec![SLICE, 3])]);
    }

    #[test]
    fn a_wording_said_twice_is_one_variant_and_a_common_phrase_one_a_person() {
        let phrase = "we will see";
        let arts = [
            named(article("a", &[SPILL, phrase]), "Ana Ruiz"),
            named(article("b", &[SPILL, phrase]), "Bo Lee"),
        ];
        let articles: &dyn Articles = &arts.as_slice();
        let w = variants(articles, &LinkConfig::default(), None);
        assert_eq!(w.variants.len(), 3);
        let of: Vec<u32> = w.occurrences.iter().map(|o| o.variant).collect();
        assert_eq!(of, vec![0, 1, 0, 2]);
        assert_eq!(w.people.len(), 2);
        assert_eq!(w.persons, vec![vec![0, 1], vec![0], vec![1]]);
    }
}
