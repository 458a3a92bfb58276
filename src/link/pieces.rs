//! The pieces a quote is linked as (each segment, then each quote nested
//! in them), their words, and the vocabulary that interns those words to
//! dense ids: what [`link`](super::link) splits a slice of articles at a
//! time and [`find_among`](super::find_among) interns a query with.

use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::credits::{credited_person, NameKeys};
use crate::article::Articles;
use crate::normalize::{word_key, words};

/// The text of segment `segment` of `quote`; the whole quote when the
/// segment offsets do not fit it.
pub fn segment_text(quote: &crate::extract::Quote, segment: usize) -> &str {
    quote
        .segments
        .get(segment)
        .and_then(|&[s, e]| quote.text.get(s.checked_sub(quote.start)?..e.checked_sub(quote.start)?))
        .unwrap_or(&quote.text)
}

/// How many segments a quote has: one per piece, at least one.
pub fn segment_count(quote: &crate::extract::Quote) -> usize {
    quote.segments.len().max(1)
}

/// The marks of the built-in grammar of `language` (English's when there
/// is none), prepared once.
fn mark_set(language: &str) -> Option<&'static crate::extract::marks::MarkSet> {
    use std::sync::OnceLock;
    static SETS: OnceLock<Vec<(&'static str, crate::extract::marks::MarkSet)>> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        crate::grammar::BUILTIN
            .iter()
            .filter_map(|&(code, _)| {
                Some((
                    code,
                    crate::extract::marks::MarkSet::new(&crate::grammar::parsed(code)?.marks),
                ))
            })
            .collect()
    });
    sets.iter()
        .find(|(code, _)| *code == language)
        .or_else(|| sets.iter().find(|(code, _)| *code == "en"))
        .map(|(_, m)| m)
}

/// The quotes nested in a quote's segments, as byte spans of the article
/// (‘Second Amendment people’ in “Your comment about ‘Second Amendment
/// people’ was heard around the world”), in order; found with the marks
/// of the article's language. A nested quote that is all of its segment's
/// words is not counted: nothing holds it but its own marks.
pub fn nested_spans(quote: &crate::extract::Quote, language: &str) -> Vec<[usize; 2]> {
    let Some(set) = mark_set(language) else {
        return Vec::new();
    };
    let whole = [[quote.start, quote.end]];
    let segments: &[[usize; 2]] = if quote.segments.is_empty() {
        &whole
    } else {
        &quote.segments
    };
    let t = quote.text.as_str();
    let mut out = Vec::new();
    for &[s, e] in segments {
        let (Some(rs), Some(re)) = (s.checked_sub(quote.start), e.checked_sub(quote.start)) else {
            continue;
        };
        if rs > re || t.get(rs..re).is_none() {
            continue;
        }
        for (ns, ne) in crate::extract::marks::nested(t, (rs, re), set) {
            let words = |x: &str| x.chars().any(char::is_alphanumeric);
            if words(&t[ns..ne]) && (words(&t[rs..ns]) || words(&t[ne..re])) {
                out.push([quote.start + ns, quote.start + ne]);
            }
        }
    }
    out
}

/// How many occurrences a quote makes: one per segment, then one per
/// quote nested in them ([`nested_spans`]).
pub fn piece_count(quote: &crate::extract::Quote, language: &str) -> usize {
    segment_count(quote) + nested_spans(quote, language).len()
}

/// The text of piece `piece` of `quote`: a segment ([`segment_text`]), or
/// past them a quote nested in one ([`nested_spans`]).
pub fn piece_text<'q>(quote: &'q crate::extract::Quote, language: &str, piece: usize) -> &'q str {
    let n = segment_count(quote);
    if piece < n {
        return segment_text(quote, piece);
    }
    nested_spans(quote, language)
        .get(piece - n)
        .and_then(|&[s, e]| quote.text.get(s - quote.start..e - quote.start))
        .unwrap_or(&quote.text)
}

/// One occurrence's words, before they are interned.
struct Piece {
    quote: u32,
    /// A segment of the quote, or past them a quote nested in one.
    piece: u32,
    nested: bool,
    words: Words,
    /// For a segment with quotes nested in it, their words.
    quoted: Option<Vec<String>>,
    /// The person the quote is credited to by name, by number in
    /// [`Credits::keys`]; none for a nested quote.
    person: Option<u32>,
}

/// A piece's words: split from its text, or its stored variant's (by
/// number), whose words are interned once for the whole store
/// ([`StoredVocab`]).
enum Words {
    Split(Vec<String>),
    Stored(u32),
}

/// The pieces of the quotes of the article at place `at`: each segment,
/// then each quote nested in them ([`piece_text`]). An article a store
/// holds (with `old`) takes a quote's words from its stored variants
/// where it can ([`Interned::segments`]), not from its text: only the quotes
/// it cannot are read whole ([`Articles::quotes`]).
fn pieces_of(articles: &dyn Articles, at: u32, old: Option<&Interned<'_>>, credits: &Credits<'_>) -> Vec<Piece> {
    let norm = |text: &str| -> Vec<String> {
        let text = crate::normalize::without_inserts(text);
        words(&text).into_iter().map(|w| w.norm).collect()
    };
    let a = at as usize;
    let language = articles.language(a);
    let mut pieces = Vec::new();
    for qi in 0..articles.quote_count(a) {
        let view = articles.quote(a, qi);
        let n = view.segments;
        let person = credits.of(view, language);
        if let Some(stored) = old.and_then(|old| old.segments(at, qi as u32, n)) {
            for (si, variant) in stored.into_iter().enumerate() {
                pieces.push(Piece {
                    quote: qi as u32,
                    piece: si as u32,
                    nested: false,
                    words: Words::Stored(variant),
                    quoted: None,
                    person,
                });
            }
            continue;
        }
        let q = &articles
            .quotes(a)
            .expect("an article held without its quotes has every quote's words stored")[qi];
        let nested = nested_spans(q, language);
        for si in 0..n {
            let text = segment_text(q, si);
            // The words of the quotes nested in the segment.
            let quoted = q.segments.get(si).and_then(|&[ss, se]| {
                let mut inside = String::new();
                for &[s, e] in nested.iter().filter(|&&[s, e]| ss <= s && e <= se) {
                    inside.push_str(q.text.get(s - q.start..e - q.start)?);
                    inside.push(' ');
                }
                (!inside.is_empty()).then(|| norm(&inside))
            });
            pieces.push(Piece {
                quote: qi as u32,
                piece: si as u32,
                nested: false,
                words: Words::Split(norm(text)),
                quoted,
                person,
            });
        }
        for (k, [s, e]) in nested.iter().enumerate() {
            pieces.push(Piece {
                quote: qi as u32,
                piece: (n + k) as u32,
                nested: true,
                words: Words::Split(norm(&q.text[s - q.start..e - q.start])),
                quoted: None,
                person: None,
            });
        }
    }
    pieces
}

/// The persons the quotes of the articles are credited to by name
/// ([`super::credits::credited_person`]): each distinct credit (mention,
/// canonical name, article's language) read once, and each distinct
/// person's keys numbered. Read at every quote, they were a third of the
/// words step's CPU at 1M articles, where a few thousand credits name
/// three million quotes (issue 16).
pub(super) struct Credits<'a> {
    /// Each credit's person, by number in `keys` (`u32::MAX`: none).
    of: FxHashMap<(&'a str, Option<&'a str>, &'a str), u32>,
    /// The distinct persons' keys.
    pub(super) keys: Vec<NameKeys>,
}

impl<'a> Credits<'a> {
    /// The credits of every quote with a speech verb in `articles`,
    /// gathered a block of articles at a time in parallel.
    pub(super) fn new(articles: &'a dyn Articles) -> Credits<'a> {
        const BLOCK: usize = 1 << 14;
        type Credit<'a> = (&'a str, Option<&'a str>, &'a str);
        let n = articles.len();
        let blocks: Vec<FxHashSet<Credit<'a>>> = (0..n.div_ceil(BLOCK))
            .into_par_iter()
            .map(|b| {
                let mut set = FxHashSet::default();
                for a in b * BLOCK..n.min((b + 1) * BLOCK) {
                    let language = articles.language(a);
                    for q in 0..articles.quote_count(a) {
                        let q = articles.quote(a, q);
                        if let (Some(mention), Some(_)) = (q.speaker, q.cue) {
                            set.insert((mention, q.speaker_canonical, language));
                        }
                    }
                }
                set
            })
            .collect();
        let mut all: FxHashSet<Credit<'a>> = FxHashSet::default();
        for block in blocks {
            all.extend(block);
        }
        // Sorted: the numbers do not depend on the blocks (the link gives
        // persons their ids in the order the input meets them anyway).
        let mut all: Vec<Credit<'a>> = all.into_iter().collect();
        all.par_sort_unstable();
        let keys: Vec<Option<NameKeys>> = all
            .par_iter()
            .map(|&(mention, canonical, language)| credited_person(mention, canonical, language))
            .collect();
        let mut number: FxHashMap<&NameKeys, u32> = FxHashMap::default();
        let mut distinct: Vec<&NameKeys> = Vec::new();
        let of = all
            .into_iter()
            .zip(&keys)
            .map(|(credit, k)| {
                let id = k.as_ref().map_or(u32::MAX, |k| {
                    *number.entry(k).or_insert_with(|| {
                        distinct.push(k);
                        distinct.len() as u32 - 1
                    })
                });
                (credit, id)
            })
            .collect();
        let keys = distinct.into_iter().cloned().collect();
        Credits { of, keys }
    }

    /// The person quote `q` of an article in `language` is credited to
    /// ([`super::credits::credited_person`]), by number in `keys`.
    fn of(&self, q: crate::article::QuoteView<'_>, language: &str) -> Option<u32> {
        let (Some(mention), Some(_)) = (q.speaker, q.cue) else {
            return None;
        };
        let id = *self
            .of
            .get(&(mention, q.speaker_canonical, language))
            .expect("every credit of the articles is read");
        (id != u32::MAX).then_some(id)
    }
}

/// The words of the variants a store holds, by variant number: each
/// variant's normalized words joined by spaces (`variants.words`), one
/// string, with where each variant's ends (none: an empty range).
#[derive(Debug, Default)]
pub struct StoredWords {
    text: String,
    ends: Vec<usize>,
}

impl StoredWords {
    /// Appends variant `v`'s words; variants come in ascending order.
    pub fn push(&mut self, v: u32, words: &str) {
        let at = self.text.len();
        self.ends.resize(v as usize, at);
        self.text.push_str(words);
        self.ends.push(self.text.len());
    }

    /// Does the store hold variant `v` (any number below the last's)?
    fn holds(&self, v: u32) -> bool {
        (v as usize) < self.ends.len()
    }

    /// Variant `v`'s words, joined by spaces: those of a number it holds.
    fn of(&self, v: usize) -> &str {
        let start = if v == 0 { 0 } else { self.ends[v - 1] };
        &self.text[start..self.ends[v]]
    }

    /// The stored words interned: each distinct word once, with its
    /// [`word_hash`], and each variant's words as ids of them. A stored
    /// variant's words were split and hashed at every one of its
    /// occurrences, in every slice that met it, then looked up again in
    /// the link's vocabulary once a slice (issue 16); now each word of a
    /// variant is hashed once, on every core (a block of variants at a
    /// time), the blocks' words are merged in order, and the link looks a
    /// stored word up once ([`StoredVocab`]).
    fn interned(self) -> StoredVocab {
        /// Variants a block, each interned on its own.
        const BLOCK: usize = 1 << 13;
        let n = self.ends.len();
        let mut blocks: Vec<BlockWords<'_>> = (0..n.div_ceil(BLOCK))
            .into_par_iter()
            .map(|b| BlockWords::new(&self, b * BLOCK..n.min((b + 1) * BLOCK)))
            .collect();
        // The blocks' words given ids in block order: the same ids for
        // the same store whatever the thread count.
        let mut vocab = StoredVocab::default();
        let mut table: HashTable<u32> = HashTable::new();
        let maps: Vec<Vec<u32>> = blocks
            .iter()
            .map(|block| {
                block
                    .words
                    .iter()
                    .zip(&block.hashes)
                    .map(|(&w, &hash)| {
                        let found = table.find(hash, |&id| vocab.word(id) == w).copied();
                        found.unwrap_or_else(|| {
                            let id = offset(vocab.hashes.len());
                            let hashes = &vocab.hashes;
                            table.insert_unique(hash, id, |&id| hashes[id as usize]);
                            vocab.text.push_str(w);
                            vocab.ends.push(offset(vocab.text.len()));
                            vocab.hashes.push(hash);
                            id
                        })
                    })
                    .collect()
            })
            .collect();
        vocab.table = table;
        blocks
            .par_iter_mut()
            .zip(&maps)
            .for_each(|(block, map)| block.ids.iter_mut().for_each(|id| *id = map[*id as usize]));
        drop(maps);
        vocab.ids.reserve_exact(blocks.iter().map(|b| b.ids.len()).sum());
        vocab.starts.reserve_exact(n + 1);
        vocab.starts.push(0);
        for block in blocks {
            for &count in &block.counts {
                let at = *vocab.starts.last().expect("starts begin with 0");
                vocab.starts.push(at + count);
            }
            vocab.ids.extend_from_slice(&block.ids);
        }
        vocab.wordings();
        vocab
    }
}

/// A block of stored variants' words interned on their own: each
/// distinct word once (borrowed from [`StoredWords`]) with its hash, and
/// the variants' words as ids of them, one variant after another.
struct BlockWords<'t> {
    words: Vec<&'t str>,
    hashes: Vec<u64>,
    ids: Vec<u32>,
    /// How many words each variant has.
    counts: Vec<u32>,
}

impl<'t> BlockWords<'t> {
    fn new(stored: &'t StoredWords, variants: std::ops::Range<usize>) -> BlockWords<'t> {
        let mut table: HashTable<u32> = HashTable::new();
        let mut block = BlockWords {
            words: Vec::new(),
            hashes: Vec::new(),
            ids: Vec::new(),
            counts: Vec::with_capacity(variants.len()),
        };
        for v in variants {
            let text = stored.of(v);
            let before = block.ids.len();
            // As the slices split a stored variant's words: none, not
            // one empty word, for an empty text.
            for w in text.split(' ').filter(|_| !text.is_empty()) {
                let hash = word_hash(w);
                let id = match table.find(hash, |&id| block.words[id as usize] == w) {
                    Some(&id) => id,
                    None => {
                        let id = offset(block.words.len());
                        let hashes = &block.hashes;
                        table.insert_unique(hash, id, |&id| hashes[id as usize]);
                        block.words.push(w);
                        block.hashes.push(hash);
                        id
                    }
                };
                block.ids.push(id);
            }
            block.counts.push(offset(block.ids.len() - before));
        }
        block
    }
}

/// The stored variants' words interned ([`StoredWords::interned`]).
#[derive(Debug, Default)]
pub(super) struct StoredVocab {
    /// The distinct words, one after another, each ending at its `ends`.
    text: String,
    ends: Vec<u32>,
    /// Each word's [`word_hash`].
    hashes: Vec<u64>,
    /// Each variant's words as ids, cut at `starts` (where each starts,
    /// then where the last ends).
    ids: Vec<u32>,
    starts: Vec<u32>,
    /// Each distinct word's id, found by its hash.
    table: HashTable<u32>,
    /// Each variant's first variant of the same words ([`StoredVocab::wordings`]).
    first: Vec<u32>,
    /// (hash of its words, variant), sorted: the variants found by words.
    by_words: Vec<(u64, u32)>,
}

impl StoredVocab {
    /// Each variant's first variant of the same words, and the variants
    /// sorted by the hash of their words: the link takes a stored
    /// variant's wording by number, not by hashing and looking up its
    /// words at every occurrence on its one thread (most of the merge at
    /// 1M articles, issue 16); a wording split from text is found here
    /// ([`StoredVocab::wording`]). Made in parallel.
    fn wordings(&mut self) {
        let n = self.variant_count();
        let mut by_words: Vec<(u64, u32)> = (0..n as u32)
            .into_par_iter()
            .map(|v| (ids_hash(self.variant(v)), v))
            .collect();
        by_words.par_sort_unstable();
        let mut first: Vec<u32> = (0..n as u32).collect();
        // Variants of one hash come by number: the first of each wording
        // is met before the others.
        for run in by_words.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
            for (i, &(_, v)) in run.iter().enumerate() {
                let words = self.variant(v);
                if let Some(&(_, u)) = run[..i].iter().find(|&&(_, u)| self.variant(u) == words) {
                    first[v as usize] = first[u as usize];
                }
            }
        }
        self.first = first;
        self.by_words = by_words;
    }

    /// Stored variant `v`'s first variant of the same words.
    pub(super) fn first(&self, v: u32) -> u32 {
        self.first[v as usize]
    }

    /// The id of stored word `word` (whose [`word_hash`] is `hash`), if
    /// the store has it.
    pub(super) fn find(&self, hash: u64, word: &str) -> Option<u32> {
        self.table.find(hash, |&id| self.word(id) == word).copied()
    }

    /// The first stored variant whose words are `ids` (stored word ids),
    /// if any.
    pub(super) fn wording(&self, ids: &[u32]) -> Option<u32> {
        let hash = ids_hash(ids);
        let from = self.by_words.partition_point(|e| e.0 < hash);
        self.by_words[from..]
            .iter()
            .take_while(|e| e.0 == hash)
            .find(|e| self.variant(e.1) == ids)
            .map(|e| self.first(e.1))
    }

    /// Stored word `id`.
    pub(super) fn word(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// Stored word `id`'s [`word_hash`].
    pub(super) fn hash(&self, id: u32) -> u64 {
        self.hashes[id as usize]
    }

    /// How many distinct words the store's variants have.
    pub(super) fn word_count(&self) -> usize {
        self.hashes.len()
    }

    /// How many variant numbers the store holds (some may have no words).
    pub(super) fn variant_count(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Stored variant `v`'s words, as ids.
    pub(super) fn variant(&self, v: u32) -> &[u32] {
        let v = v as usize;
        &self.ids[self.starts[v] as usize..self.starts[v + 1] as usize]
    }
}

/// The hash of a list of word ids.
fn ids_hash(ids: &[u32]) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(ids)
}

/// A length as a `u32` offset.
fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("a store's words number under 2^32")
}

/// What a store says of the words of the occurrences it holds, for an
/// `add` ([`link_with`](super::link_with)): each stored occurrence's
/// numbers by its article's place in the input, its quote and its
/// segment, and the stored variants' words. An old occurrence's words are
/// its stored variant's (a variant is a wording), so the add need not
/// normalize every stored quote again; this holds while normalization is
/// what it was when the store was written, which [`super::Prior`]'s
/// stored links assume too.
#[derive(Debug)]
pub struct Old<'a> {
    pub stored: &'a FxHashMap<(u32, u32, u32), super::Stored>,
    pub words: StoredWords,
}

impl<'a> Old<'a> {
    /// Do the stored variants give the words of quote `quote` of `n`
    /// segments of the article at place `at` ([`Interned::segments`])?
    /// The other stored quotes are split from their texts.
    pub fn serves(&self, at: u32, quote: u32, n: usize) -> bool {
        // Asked of every stored quote: no list of words made to answer.
        !self.stored.contains_key(&(at, quote, n as u32))
            && (0..n as u32).all(|s| {
                self.stored
                    .get(&(at, quote, s))
                    .is_some_and(|o| self.words.holds(o.variant))
            })
    }

    /// The stored words interned, for the link ([`StoredWords::interned`]);
    /// the joined text is let go of.
    pub(super) fn interned(self) -> Interned<'a> {
        Interned {
            stored: self.stored,
            vocab: self.words.interned(),
        }
    }
}

/// [`Old`] with its words interned ([`StoredVocab`]).
pub(super) struct Interned<'a> {
    stored: &'a FxHashMap<(u32, u32, u32), super::Stored>,
    pub(super) vocab: StoredVocab,
}

impl Interned<'_> {
    /// The stored variant of each of the `n` segments of quote `quote` of
    /// the article at place `at`; none where the store does not hold
    /// every one of them, or where the quote has a quote nested in it (a
    /// stored piece past its segments), whose words a segment's `quoted`
    /// holds: such a quote is split from its text ([`Old::serves`]).
    fn segments(&self, at: u32, quote: u32, n: usize) -> Option<Vec<u32>> {
        if self.stored.contains_key(&(at, quote, n as u32)) {
            return None;
        }
        (0..n as u32)
            .map(|s| {
                let v = self.stored.get(&(at, quote, s))?.variant;
                ((v as usize) < self.vocab.variant_count()).then_some(v)
            })
            .collect()
    }
}

/// Articles whose words [`link`](super::link) splits and interns as one task.
pub(super) const SLICE: usize = 512;
/// Slices split in parallel while the group before is merged.
pub(super) const GROUP: usize = 32;

/// The pieces of a slice of articles, their words interned in a
/// vocabulary of the slice's own: what is hashed here, on every core, is
/// not hashed again where the slices are merged, one after another. A
/// stored piece's words are its stored variant's ([`StoredVocab`]),
/// interned once for the whole store, not here.
pub(super) struct SliceWords {
    /// The slice's split words, by id: in the order the slice meets them.
    pub(super) words: Vec<String>,
    /// Each word's hash in a [`Vocab`] ([`word_hash`]).
    pub(super) hashes: Vec<u64>,
    /// The split pieces' words (and the words of the quotes nested in
    /// them) as ids into `words`, one after another.
    pub(super) ids: Vec<u32>,
    /// Per article, its pieces.
    pub(super) pieces: Vec<Vec<SlicePiece>>,
}

/// A [`Piece`] whose words are ids into its slice's words or its stored
/// variant's.
pub(super) struct SlicePiece {
    pub(super) quote: u32,
    pub(super) piece: u32,
    pub(super) nested: bool,
    pub(super) words: SliceText,
    /// Where the words of the quotes nested in it start and end in
    /// [`SliceWords::ids`].
    pub(super) quoted: Option<[u32; 2]>,
    /// By number in [`Credits::keys`].
    pub(super) person: Option<u32>,
}

/// A [`SlicePiece`]'s words.
#[derive(Clone, Copy)]
pub(super) enum SliceText {
    /// Where they start and end in [`SliceWords::ids`].
    Split([u32; 2]),
    /// Those of this stored variant ([`StoredVocab::variant`]).
    Stored(u32),
}

impl SliceWords {
    /// The articles at places `slice`.
    pub(super) fn new(
        articles: &dyn Articles,
        slice: std::ops::Range<usize>,
        old: Option<&Interned<'_>>,
        credits: &Credits<'_>,
    ) -> SliceWords {
        let mut words: FxHashMap<String, u32> = FxHashMap::default();
        let mut ids: Vec<u32> = Vec::new();
        let mut intern = |ws: Vec<String>, ids: &mut Vec<u32>| {
            let start = offset(ids.len());
            ids.extend(ws.into_iter().map(|w| {
                let next = words.len() as u32;
                *words.entry(w).or_insert(next)
            }));
            [start, offset(ids.len())]
        };
        let pieces: Vec<Vec<SlicePiece>> = slice
            .map(|a| {
                pieces_of(articles, a as u32, old, credits)
                    .into_iter()
                    .map(|p| {
                        let text = match p.words {
                            Words::Split(ws) => SliceText::Split(intern(ws, &mut ids)),
                            Words::Stored(v) => SliceText::Stored(v),
                        };
                        let quoted = p.quoted.map(|q| intern(q, &mut ids));
                        SlicePiece {
                            quote: p.quote,
                            piece: p.piece,
                            nested: p.nested,
                            words: text,
                            quoted,
                            person: p.person,
                        }
                    })
                    .collect()
            })
            .collect();
        let mut by_id = vec![String::new(); words.len()];
        for (w, id) in words {
            by_id[id as usize] = w;
        }
        let hashes = by_id.iter().map(|w| word_hash(w)).collect();
        SliceWords {
            words: by_id,
            hashes,
            ids,
            pieces,
        }
    }
}

/// A word's hash in a [`Vocab`].
pub(super) fn word_hash(word: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(word)
}

/// Interns words and keys to dense ids. Its maps (and the linker's
/// others) hash with FxHash, not SipHash: a 1M corpus interns some 60
/// million words one after another, and nothing is iterated in hash order.
#[derive(Default)]
pub(super) struct Vocab {
    /// Each word's id, found by its hash ([`word_hash`]) and its text
    /// in `names`: the text is held once.
    pub(super) words: HashTable<u32>,
    pub(super) names: Vec<String>,
    /// Each word's key id and weight, by word id.
    keys_by_word: Vec<u32>,
    weights_by_word: Vec<u8>,
    pub(super) keys: FxHashMap<String, u32>,
    /// Each key's [`crate::normalize::key_hash`], by key id: what
    /// shingles are hashed from, so that they do not depend on the order
    /// keys were met in.
    pub(super) key_hash: Vec<u64>,
}

impl Vocab {
    pub(super) fn word(&mut self, norm: &str) -> u32 {
        let hash = word_hash(norm);
        match self.find(hash, norm) {
            Some(id) => id,
            None => self.add(hash, norm.to_string()),
        }
    }

    /// [`Vocab::word`] for a word the caller owns, whose [`word_hash`]
    /// is `hash`.
    pub(super) fn word_owned(&mut self, hash: u64, norm: String) -> u32 {
        match self.find(hash, &norm) {
            Some(id) => id,
            None => self.add(hash, norm),
        }
    }

    /// [`Vocab::word`] for a word whose [`word_hash`] is `hash`: a
    /// stored word, whose text is copied only if it is new.
    pub(super) fn word_hashed(&mut self, hash: u64, norm: &str) -> u32 {
        match self.find(hash, norm) {
            Some(id) => id,
            None => self.add(hash, norm.to_string()),
        }
    }

    /// Makes room in its table for `n` more words (its lists grow as
    /// they do: made `n` long, they would double past it).
    pub(super) fn reserve(&mut self, n: usize) {
        let names = &self.names;
        self.words.reserve(n, |&w| word_hash(&names[w as usize]));
    }

    /// The id of a word of this hash, if it has one.
    fn find(&self, hash: u64, norm: &str) -> Option<u32> {
        self.words.find(hash, |&id| self.names[id as usize] == norm).copied()
    }

    /// A new word's id.
    fn add(&mut self, hash: u64, norm: String) -> u32 {
        let id = self.names.len() as u32;
        let key = word_key(&norm);
        let next = self.keys.len() as u32;
        let key_id = match self.keys.get(key) {
            Some(&k) => k,
            None => {
                self.key_hash.push(crate::normalize::key_hash(key));
                self.keys.insert(key.to_string(), next);
                next
            }
        };
        self.keys_by_word.push(key_id);
        self.weights_by_word.push(weight(&norm));
        let names = &self.names;
        self.words.insert_unique(hash, id, |&w| word_hash(&names[w as usize]));
        self.names.push(norm);
        id
    }

    /// Word `w`'s key id.
    pub(super) fn key_of(&self, w: u32) -> u32 {
        self.keys_by_word[w as usize]
    }

    /// Word `w`'s weight ([`weight`]).
    pub(super) fn weight_of(&self, w: u32) -> u8 {
        self.weights_by_word[w as usize]
    }
}

/// A word's weight in an alignment: its length in characters, at most 40.
pub(super) fn weight(norm: &str) -> u8 {
    norm.chars().count().min(40) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue16_stored_wordings_are_found_by_their_first_variant() {
        // Variants 1 and 3 share words (a phrase two persons said apart),
        // 4 is empty, 5 is another wording with the same words reordered.
        let mut stored = StoredWords::default();
        for (v, text) in ["a b c", "x y", "a b c d", "x y", "", "y x"].iter().enumerate() {
            stored.push(v as u32, text);
        }
        let vocab = stored.interned();
        let firsts: Vec<u32> = (0..6).map(|v| vocab.first(v)).collect();
        assert_eq!(firsts, [0, 1, 2, 1, 4, 5]);
        let ids = |text: &str| -> Vec<u32> {
            text.split(' ')
                .map(|w| vocab.find(word_hash(w), w).expect("a stored word"))
                .collect()
        };
        assert_eq!(vocab.wording(&ids("x y")), Some(1));
        assert_eq!(vocab.wording(&ids("y x")), Some(5));
        assert_eq!(vocab.wording(&ids("a b")), None);
        assert_eq!(vocab.find(word_hash("z"), "z"), None);
    }

    #[test]
    fn issue16_each_credit_is_read_once_and_each_person_numbered_once() {
        use crate::article::Articles;
        let mut a = crate::link::testkit::article("a", &["one", "two", "three", "four"]);
        let credit = |q: &mut crate::extract::Quote, speaker: &str, canonical: Option<&str>, cue: bool| {
            q.speaker = Some(speaker.into());
            q.speaker_canonical = canonical.map(str::to_string);
            q.cue = cue.then(|| "said".to_string());
        };
        credit(&mut a.quotes[0], "Ana Ruiz", None, true);
        credit(&mut a.quotes[1], "Ruiz", Some("Ana Ruiz"), true);
        credit(&mut a.quotes[2], "Ana Ruiz", None, false);
        credit(&mut a.quotes[3], "the ministry", None, true);
        let arts = [a];
        let articles: &dyn Articles = &&arts[..];
        let credits = Credits::new(articles);
        let of = |q: usize| credits.of(articles.quote(0, q), "en");
        // Two credits of one person: one number, the keys of the quote.
        assert_eq!(credits.keys.len(), 1);
        assert_eq!(of(0), Some(0));
        assert_eq!(of(1), Some(0));
        assert_eq!(credits.keys[0], crate::provenance::names::name_keys("Ana Ruiz"));
        // No speech verb, or no person's name: none.
        assert_eq!(of(2), None);
        assert_eq!(of(3), None);
    }

    #[test]
    fn issue16_stored_words_interned_once_give_each_variant_its_words() {
        // More variants than a block, with gaps (numbers the store does
        // not hold: no words), an empty text and a word repeated.
        let mut stored = StoredWords::default();
        let mut expected: Vec<Vec<String>> = Vec::new();
        for v in 0..20_000u32 {
            if v % 7 == 3 {
                continue;
            }
            let text = match v % 5 {
                0 => String::new(),
                1 => format!("w{} w{} w{}", v % 13, v % 101, v % 13),
                _ => format!("the line {} of {}", v % 977, v / 3),
            };
            stored.push(v, &text);
        }
        for v in 0..stored.ends.len() {
            let text = stored.of(v);
            expected.push(if text.is_empty() {
                Vec::new()
            } else {
                text.split(' ').map(str::to_string).collect()
            });
        }
        let vocab = stored.interned();
        assert_eq!(vocab.variant_count(), expected.len());
        let mut seen: FxHashMap<&str, u32> = FxHashMap::default();
        for (v, words) in expected.iter().enumerate() {
            let ids = vocab.variant(v as u32);
            let got: Vec<&str> = ids.iter().map(|&id| vocab.word(id)).collect();
            assert_eq!(got, *words, "variant {v}");
            for (&id, w) in ids.iter().zip(words) {
                // One id a word, across blocks, and its hash kept.
                assert_eq!(*seen.entry(w).or_insert(id), id, "{w}");
                assert_eq!(vocab.hash(id), word_hash(w));
            }
        }
        assert_eq!(seen.len(), vocab.word_count());
    }
}
