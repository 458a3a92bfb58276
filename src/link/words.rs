//! The first step of a link ("words and variants"): every quote's pieces
//! split into words and interned, each distinct wording made a variant
//! (a common phrase one per person it is credited to), with the persons
//! quotes are credited to by name and the words of the quotes nested in
//! a variant.

use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::credits::NameKeys;
use super::pieces::{Credits, Interned, SlicePiece, SliceText, SliceWords, StoredVocab, Vocab, GROUP, SLICE};
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

/// Splits every quote's pieces into words and makes the variants ([`Words`]);
/// with `old`, the stored articles' words are taken from their stored
/// variants.
pub(super) fn variants(articles: &dyn Articles, cfg: &LinkConfig, old: Option<Old<'_>>) -> Words {
    // Words are split and interned in parallel, a slice of articles at a
    // time into a vocabulary of the slice's own ([`SliceWords`]); the
    // slices' vocabularies are then merged in article order ([`Merge`]),
    // so ids stay deterministic, and only the pieces of two groups of
    // slices are ever held. Merging one group overlaps splitting the next.
    // The persons quotes are credited to, each credit read once.
    let (old, credits) = rayon::join(|| old.map(Old::interned), || Credits::new(articles));
    let mut merge = Merge::new(cfg, &credits.keys, old.as_ref().map(|old| &old.vocab));
    split_in_groups(articles, old.as_ref(), &credits, |first, slices| {
        merge.group(first, slices)
    });
    // The merge's tables are let go (in `Merge::done`) before the
    // variants are made: held to the link's end, they were under the
    // candidate step's top (issue 16).
    let Merged {
        vocab,
        words,
        starts,
        occurrences,
        people,
        persons,
        quoted_words,
    } = merge.done();
    drop(credits);
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
        people: people.keys,
        person_ids: people.ids,
        persons,
        quoted: Quoted {
            variants: quoted_variants,
            at: quoted_at,
        },
    }
}

/// The merge of the slices' words in article order: the tables each
/// piece's variant is found or made in, a group of them to a field.
struct Merge<'a> {
    cfg: &'a LinkConfig,
    vocab: Vocab,
    wordings: Wordings,
    /// With an add, the stored wordings and words.
    store: Option<Store<'a>>,
    people: People<'a>,
    /// The person ids each variant is credited to.
    persons: Vec<Vec<u32>>,
    occurrences: Vec<Occurrence>,
    /// The words of the quotes nested in a variant, for the variants that
    /// have any.
    quoted_words: FxHashMap<u32, Vec<u32>>,
    /// The words of the piece being merged and of the quotes nested in it.
    ids: Vec<u32>,
    quoted: Vec<u32>,
}

/// What is left of a [`Merge`] once every slice is merged.
struct Merged {
    vocab: Vocab,
    words: Vec<u32>,
    starts: Vec<u32>,
    occurrences: Vec<Occurrence>,
    people: PersonIds,
    persons: Vec<Vec<u32>>,
    quoted_words: FxHashMap<u32, Vec<u32>>,
}

impl<'a> Merge<'a> {
    /// `credits`: the keys of the persons quotes are credited to, by
    /// credit ([`Credits::keys`]); `stored`: with an add, the store's
    /// words.
    fn new(cfg: &'a LinkConfig, credits: &'a [NameKeys], stored: Option<&'a StoredVocab>) -> Merge<'a> {
        let mut vocab = Vocab::default();
        // An add's word table holds at least the store's words: made that
        // large at once, not grown step by step, each step hashing every
        // entry again (1.3 s of the merge at 990k + 10k).
        if let Some(stored) = stored {
            vocab.reserve(stored.word_count());
        }
        Merge {
            cfg,
            vocab,
            wordings: Wordings::default(),
            store: stored.map(Store::new),
            people: People::new(credits),
            persons: Vec::new(),
            occurrences: Vec::new(),
            quoted_words: FxHashMap::default(),
            ids: Vec::new(),
            quoted: Vec::new(),
        }
    }

    /// Merges a group of slices, the first of whose articles is number
    /// `first`.
    fn group(&mut self, first: usize, slices: Vec<SliceWords>) {
        let mut article = first;
        for slice in slices {
            let SliceWords {
                words,
                hashes,
                ids,
                pieces,
            } = slice;
            let mut split = SplitWords::new(words, hashes, ids);
            for pieces in &pieces {
                for p in pieces {
                    self.piece(article as u32, p, &mut split);
                }
                article += 1;
            }
        }
    }

    /// Finds or makes the variant of one piece of article `article`,
    /// and records its occurrence.
    fn piece(&mut self, article: u32, p: &SlicePiece, split: &mut SplitWords) {
        let next = self.persons.len() as u32;
        let person = p.person.map(|k| self.people.id(k));
        let v = match p.words {
            SliceText::Stored(sv) => self.stored_piece(sv, person, next),
            SliceText::Split(span) => self.split_piece(span, p.quoted, person, next, split),
        };
        if v == next {
            self.wordings.close();
            self.persons.push(Vec::new());
        }
        if let Some(id) = person {
            if !self.persons[v as usize].contains(&id) {
                self.persons[v as usize].push(id);
            }
        }
        self.occurrences.push(Occurrence {
            article,
            quote: p.quote,
            segment: p.piece,
            variant: v,
            nested: p.nested,
        });
    }

    /// The variant of a stored piece, whose words are those of stored
    /// variant `sv`: `next` if new, its words then those of `sv`'s
    /// wording.
    fn stored_piece(&mut self, sv: u32, person: Option<u32>, next: u32) -> u32 {
        let cfg = self.cfg;
        let store = self.store.as_mut().expect("a stored piece comes with the stored words");
        let stored = store.stored;
        let first = stored.first(sv);
        let n = stored.variant(first).len();
        // Too short to be a line anyone copies: every occurrence of a
        // one-word scare quote stays on its own.
        let v = if n < cfg.min_words {
            next
        } else {
            store.variant(first, phrase_of(cfg, person, n), next)
        };
        if v == next {
            for &w in stored.variant(first) {
                let id = store.word(w, &mut self.vocab);
                self.wordings.words.push(id);
            }
        }
        v
    }

    /// The variant of a piece split into words at `span` of its slice's
    /// ids (and those of the quotes nested in it at `quoted`): `next` if
    /// new.
    fn split_piece(
        &mut self,
        span: [u32; 2],
        quoted: Option<[u32; 2]>,
        person: Option<u32>,
        next: u32,
        split: &mut SplitWords,
    ) -> u32 {
        self.ids.clear();
        split.ids(span, &mut self.vocab, self.store.as_mut(), &mut self.ids);
        self.quoted.clear();
        if let Some(span) = quoted {
            split.ids(span, &mut self.vocab, self.store.as_mut(), &mut self.quoted);
        }
        let v = if self.ids.len() < self.cfg.min_words {
            next
        } else {
            let phrase_of = phrase_of(self.cfg, person, self.ids.len());
            // A wording the store holds, by its first stored variant.
            match self
                .store
                .as_mut()
                .and_then(|store| Some((store.wording(&self.ids)?, store)))
            {
                Some((first, store)) => store.variant(first, phrase_of, next),
                None => self.wordings.variant(&self.ids, phrase_of, next),
            }
        };
        if v == next {
            self.wordings.words.extend_from_slice(&self.ids);
        }
        if quoted.is_some() {
            self.quoted_words.entry(v).or_insert_with(|| self.quoted.clone());
        }
        v
    }

    /// What the variants are made of, the merge's other tables let go.
    fn done(self) -> Merged {
        let Merge {
            vocab,
            wordings: Wordings {
                words,
                starts,
                by_words,
            },
            store,
            people: People {
                of_credit, ids: people, ..
            },
            persons,
            occurrences,
            quoted_words,
            ..
        } = self;
        drop((by_words, store, of_credit));
        Merged {
            vocab,
            words,
            starts,
            occurrences,
            people,
            persons,
            quoted_words,
        }
    }
}

/// A phrase shorter than a line is one variant per person who says it
/// (see `LinkConfig::common`): the person a wording of `n` words said by
/// `person` is kept apart for (`u32::MAX`: none).
fn phrase_of(cfg: &LinkConfig, person: Option<u32>, n: usize) -> u32 {
    person.filter(|_| n < cfg.common).unwrap_or(u32::MAX)
}

/// Each variant's words, one after another, and where each starts (then
/// where the last ends): one vector for them all, not one a variant
/// (issue 16); and the variant of each wording the store does not hold.
struct Wordings {
    words: Vec<u32>,
    starts: Vec<u32>,
    /// Each wording's variant, and for a common phrase the person it is
    /// credited to (`u32::MAX` for none): the table holds the variant's
    /// number only, its words are in `words`.
    by_words: HashTable<(u32, u32)>,
}

impl Default for Wordings {
    fn default() -> Wordings {
        Wordings {
            words: Vec::new(),
            starts: vec![0],
            by_words: HashTable::new(),
        }
    }
}

impl Wordings {
    /// The variant of wording `ids` said by `phrase_of` (see
    /// [`phrase_of`]): `next` if new, whose words the caller then
    /// adds to `words` and closes ([`Wordings::close`]).
    fn variant(&mut self, ids: &[u32], phrase_of: u32, next: u32) -> u32 {
        let hash = wording_hash(ids, phrase_of);
        let (words, starts) = (&self.words, &self.starts);
        let of = |v: u32| &words[starts[v as usize] as usize..starts[v as usize + 1] as usize];
        match self.by_words.find(hash, |&(v, p)| p == phrase_of && of(v) == ids) {
            Some(&(v, _)) => v,
            None => {
                self.by_words
                    .insert_unique(hash, (next, phrase_of), |&(v, p)| wording_hash(of(v), p));
                next
            }
        }
    }

    /// Ends the words of the variant last made.
    fn close(&mut self) {
        self.starts.push(offset(self.words.len()));
    }
}

/// The hash of a wording in [`Wordings`]' table of them: its words, and
/// the person a common phrase is credited to.
fn wording_hash(words: &[u32], person: u32) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    words.hash(&mut h);
    person.hash(&mut h);
    h.finish()
}

/// With an add, what the merge keeps of the store: the stored words
/// interned once ([`StoredVocab`]), their ids in the merge's vocabulary
/// both ways, and the variant of each stored wording once met.
struct Store<'a> {
    stored: &'a StoredVocab,
    /// Each stored word's id in the vocabulary once the input has met it
    /// (`u32::MAX`: not yet).
    ids: Vec<u32>,
    /// Each word of the vocabulary's stored id (`u32::MAX`: not a stored
    /// word).
    of_vocab: Vec<u32>,
    /// The stored ids of the wording being looked up.
    words: Vec<u32>,
    /// A wording the store holds is taken by its first stored variant
    /// ([`StoredVocab::first`]), not by its words: each's variant once
    /// met, where its words alone decide it, and a phrase's by the person
    /// it is kept apart for. Hashing and looking up every stored
    /// occurrence's words here, on one thread, was most of this merge at
    /// 1M articles (issue 16). [`Wordings`] holds the wordings the store
    /// does not.
    by_first: Vec<u32>,
    phrases: FxHashMap<(u32, u32), u32>,
}

impl<'a> Store<'a> {
    fn new(stored: &'a StoredVocab) -> Store<'a> {
        Store {
            stored,
            ids: vec![u32::MAX; stored.word_count()],
            of_vocab: Vec::new(),
            words: Vec::new(),
            by_first: vec![u32::MAX; stored.variant_count()],
            phrases: FxHashMap::default(),
        }
    }

    /// The variant of the stored wording whose first stored variant is
    /// `first`, said by `phrase_of` (see [`phrase_of`]): `next`
    /// if new.
    fn variant(&mut self, first: u32, phrase_of: u32, next: u32) -> u32 {
        let v = if phrase_of == u32::MAX {
            &mut self.by_first[first as usize]
        } else {
            self.phrases.entry((first, phrase_of)).or_insert(u32::MAX)
        };
        if *v == u32::MAX {
            *v = next;
        }
        *v
    }

    /// The first stored variant of wording `ids` (ids in the
    /// vocabulary), if the store holds it.
    fn wording(&mut self, ids: &[u32]) -> Option<u32> {
        self.words.clear();
        for &w in ids {
            self.words
                .push(Some(self.of_vocab[w as usize]).filter(|&s| s != u32::MAX)?);
        }
        self.stored.wording(&self.words)
    }

    /// The id in `vocab` of stored word `w`.
    fn word(&mut self, w: u32, vocab: &mut Vocab) -> u32 {
        let g = &mut self.ids[w as usize];
        if *g == u32::MAX {
            *g = vocab.word_hashed(self.stored.hash(w), self.stored.word(w));
            if *g as usize == self.of_vocab.len() {
                self.of_vocab.push(w);
            }
        }
        *g
    }

    /// Notes the stored id of `vocab`'s word `g`, if it is new to
    /// `vocab`.
    fn met(&mut self, g: u32, hash: u64, vocab: &Vocab) {
        if g as usize == self.of_vocab.len() {
            self.of_vocab
                .push(self.stored.find(hash, &vocab.names[g as usize]).unwrap_or(u32::MAX));
        }
    }
}

/// A slice's words on their way into the vocabulary: each given its id
/// as the input meets it, when first met (with a stored piece's words in
/// between).
struct SplitWords {
    words: Vec<String>,
    hashes: Vec<u64>,
    /// The slice's pieces' words as ids into `words` ([`SliceWords::ids`]).
    ids: Vec<u32>,
    /// Each word's id in the vocabulary (`u32::MAX`: not met yet).
    global: Vec<u32>,
}

impl SplitWords {
    /// A slice's [`SliceWords::words`], [`SliceWords::hashes`] and
    /// [`SliceWords::ids`].
    fn new(words: Vec<String>, hashes: Vec<u64>, ids: Vec<u32>) -> SplitWords {
        let global = vec![u32::MAX; words.len()];
        SplitWords {
            words,
            hashes,
            ids,
            global,
        }
    }

    /// Adds the ids in `vocab` of the slice's words at `s..e` of its ids
    /// to `out`.
    fn ids(&mut self, [s, e]: [u32; 2], vocab: &mut Vocab, mut store: Option<&mut Store<'_>>, out: &mut Vec<u32>) {
        for &w in &self.ids[s as usize..e as usize] {
            let w = w as usize;
            let g = &mut self.global[w];
            if *g == u32::MAX {
                let hash = self.hashes[w];
                *g = vocab.word_owned(hash, std::mem::take(&mut self.words[w]));
                if let Some(store) = store.as_deref_mut() {
                    store.met(*g, hash, vocab);
                }
            }
            out.push(*g);
        }
    }
}

/// The persons quotes are credited to by name, by id, given in the
/// order the input meets them.
struct People<'a> {
    /// Each credited person's keys, by credit ([`Credits::keys`]).
    credits: &'a [NameKeys],
    /// Each credit's person id once the input has met it.
    of_credit: Vec<u32>,
    ids: PersonIds,
}

/// The persons' keys by id, and their ids by keys.
#[derive(Default)]
struct PersonIds {
    keys: Vec<NameKeys>,
    ids: FxHashMap<NameKeys, u32>,
}

impl<'a> People<'a> {
    fn new(credits: &'a [NameKeys]) -> People<'a> {
        People {
            credits,
            of_credit: vec![u32::MAX; credits.len()],
            ids: PersonIds::default(),
        }
    }

    /// The id of the person of credit `k`.
    fn id(&mut self, k: u32) -> u32 {
        let id = &mut self.of_credit[k as usize];
        if *id == u32::MAX {
            *id = self.ids.keys.len() as u32;
            let keys = &self.credits[k as usize];
            self.ids.keys.push(keys.clone());
            self.ids.ids.insert(keys.clone(), *id);
        }
        *id
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

    #[test]
    fn wordings_find_a_wording_again_and_keep_a_phrase_apart_by_its_person() {
        let mut w = Wordings::default();
        let made = |w: &mut Wordings, ids: &[u32], phrase_of: u32, next: u32| {
            let v = w.variant(ids, phrase_of, next);
            if v == next {
                w.words.extend_from_slice(ids);
                w.close();
            }
            v
        };
        assert_eq!(made(&mut w, &[1, 2], u32::MAX, 0), 0);
        assert_eq!(made(&mut w, &[1, 2], u32::MAX, 1), 0);
        assert_eq!(made(&mut w, &[1, 2], 7, 1), 1);
        assert_eq!(made(&mut w, &[1, 2], 7, 2), 1);
        assert_eq!(made(&mut w, &[2, 1], u32::MAX, 2), 2);
        assert_eq!(w.words, vec![1, 2, 1, 2, 2, 1]);
        assert_eq!(w.starts, vec![0, 2, 4, 6]);
    }

    #[test]
    fn a_stored_wording_is_one_variant_and_a_phrase_of_it_one_a_person() {
        let stored = StoredVocab::default();
        let mut store = Store::new(&stored);
        store.by_first = vec![u32::MAX; 2];
        assert_eq!(store.variant(1, u32::MAX, 0), 0);
        assert_eq!(store.variant(1, u32::MAX, 1), 0);
        assert_eq!(store.variant(1, 3, 1), 1);
        assert_eq!(store.variant(1, 3, 2), 1);
        assert_eq!(store.variant(1, 4, 2), 2);
        assert_eq!(store.variant(0, u32::MAX, 3), 3);
    }

    #[test]
    fn people_are_numbered_in_the_order_their_credits_are_met() {
        let credits: Vec<NameKeys> = vec![vec!["ruiz".into()], vec!["lee".into()]];
        let mut people = People::new(&credits);
        assert_eq!([people.id(1), people.id(0), people.id(1)], [0, 1, 0]);
        assert_eq!(people.ids.keys, vec![credits[1].clone(), credits[0].clone()]);
        assert_eq!(people.ids.ids[&credits[0]], 1);
    }
}
