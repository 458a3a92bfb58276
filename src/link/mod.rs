//! Links quotes that articles reuse: verbatim copies, fragments cut from a
//! longer quote, and drifted copies, and groups them into families. No
//! time and no direction here; `provenance` orders what this module links.
//!
//! Steps: normalize every quote into words; merge identical word
//! sequences into one *variant*; find candidate variant pairs through a
//! shingle index ([`index`]); align each candidate pair ([`align`]) and
//! keep the links that pass the thresholds of [`LinkConfig`]; then
//! families are the connected parts of the drift links, plus fragments
//! seen in one article only, which join the family of the quote that
//! contains them.
//!
//! This file holds the types, the thresholds and [`link`] itself; the
//! steps live beside it: `pieces` (a quote's pieces, their words and the
//! vocabulary), `credits` (who a quote is credited to), `compare` (one
//! candidate pair), `families` (grouping the links) and `find` (matching
//! a query line).

pub mod align;
mod compare;
mod credits;
mod families;
mod find;
pub mod index;
mod pieces;
#[cfg(test)]
mod testkit;

use hashbrown::HashTable;
use petgraph::graph::{NodeIndex, UnGraph};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::article::{Analysed, Articles};
use crate::normalize::{word_key, words};
use align::Seq;
use compare::{compare, drop_crowded_overlaps, may_link, Sketch, Tester};
pub use compare::{overlap_kept, WINDOW_SLACK};
use credits::{apart, named_or_pronoun, stated_person, Credited, NameKeys, Named, Speakers};
use families::{collect_families, families_of, PhraseUse, Uses};
pub use families::{Families, Family};
use find::matches;
pub use find::{best_families, find_among};
pub use pieces::{nested_spans, piece_count, piece_text, segment_count, segment_text};
use pieces::{Credits, SliceText, SliceWords, Vocab, GROUP, SLICE};
pub use pieces::{Old, StoredWords};

/// The thresholds that decide a link. Defaults are documented on each
/// field and in the README; `build --drift … --contain …` sets them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkConfig {
    /// Quotes with fewer normalized words are never linked (default 2):
    /// one-word scare quotes recur everywhere without being copies.
    pub min_words: usize,
    /// Least similarity (length-weighted Dice over aligned words) for two
    /// variants of similar length to be drifted copies (default 0.7).
    pub drift: f64,
    /// Least share of a fragment's words found, in order, inside a longer
    /// quote for it to count as cut from it (default 0.8).
    pub contain: f64,
    /// Variants whose lengths (in characters of their words) stand at
    /// least at this ratio are compared as copies of one line; shorter
    /// ones as a fragment of the longer (default 0.6).
    pub length_ratio: f64,
    /// Shingles shared by more variants than this are too common to
    /// suggest a copy and are not probed (default 200).
    pub max_postings: usize,
    /// Two quotes credited to one speaker that share a run of at least
    /// this many words, in order, are windows of one passage even when
    /// neither holds the other
    /// ("…candid with you, I'm just not ready to do that at this point" /
    /// "I'm just not ready to do that at this point. I'm not there right
    /// now"), as passim aligns passages (default 8; 0 turns it off).
    /// Where one of them names no speaker (a group's statement, a credit
    /// not read as a name), only a run that closes one and opens the other
    /// links them ([`align::overlaps_at_ends`]); two named speakers who
    /// cannot be one never link this way.
    pub overlap: usize,
    /// Quotes of fewer words than this, credited to persons who cannot be
    /// one person, are a common phrase each said on their own ("We will
    /// see what happens", "radical Islam"), not copies of one another:
    /// they are not linked, and one wording is a variant per person
    /// (default 8, the length of line the misattribution flag starts at;
    /// 0 turns it off). Such a phrase credited by name, or by a pronoun
    /// resolved to a name, to a person who cannot be the speaker of a
    /// longer line that holds it is not cut from that line unless its
    /// article names the line's speaker ("a badge of honor" of one man in
    /// another man's line); so is one an article states as a whole
    /// utterance, credited to anyone ("So, who?" she asked), and a term in
    /// scare quotes no one is said to have said. A phrase credited to a
    /// person is cut from a line credited to no one by name only beside
    /// it or where the line's article names that person.
    pub common: usize,
    /// How far under `drift` two variants of similar length may still be
    /// drifted copies when both name one speaker and their words differ
    /// in short runs ([`LinkConfig::speaker_run`]), sharing three words
    /// or more (default 0.2): that is how a line drifts as outlets retell
    /// it ("We found clues of possible market manipulation" / "We found
    /// signs of possible manipulation"), whereas two lines of one speaker
    /// differ by whole phrases. Real families (issue 13) gain nothing
    /// from it and lose nothing; the simulator's copies of short lines
    /// with two or three words edited need it (BENCHMARKS.md).
    pub speaker_slack: f64,
    /// The longest run of words changed together that such a pair of one
    /// speaker may have, where the shorter is a line of `common` words or
    /// more (default 2); a phrase under `common` words changes one word at
    /// a time, since one speaker's short phrases that share a frame ("the
    /// best in the world" / "the best in the Middle East") are not copies.
    pub speaker_run: usize,
}

impl Default for LinkConfig {
    fn default() -> Self {
        LinkConfig {
            min_words: 2,
            drift: 0.7,
            contain: 0.8,
            length_ratio: 0.6,
            max_postings: 200,
            overlap: 8,
            common: 8,
            speaker_slack: 0.2,
            speaker_run: 2,
        }
    }
}

/// How two variants are related.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// The same words (different variants are never verbatim; the kind
    /// describes occurrences of one variant).
    Verbatim,
    /// The shorter one is cut from the longer one.
    Containment,
    /// Copies of one line whose wording differs.
    Drift,
    /// Windows of one passage: each holds words the other lacks, and they
    /// share a long run.
    Overlap,
}

/// A link between two variants. For containment, `short` is the fragment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub short: u32,
    pub long: u32,
    pub kind: LinkKind,
    /// Similarity for drift, coverage for containment, in [0, 1].
    pub score: f64,
}

/// One piece of a quote in one article: a quote interrupted by its
/// attribution, or running over paragraphs, has one occurrence per
/// segment, since copies often carry only one of its sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub article: u32,
    pub quote: u32,
    /// The piece of the quote: a segment, or past the segments a quote
    /// nested in one (see [`piece_text`]).
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
    /// Word ids into [`Linked::vocab`].
    pub words: &'a [u32],
    /// Each word's key id ([`Linked::key_texts`]).
    pub keys: &'a [u32],
    /// Each word's weight: its length in characters, at most 40.
    pub weights: &'a [u8],
    pub total: u32,
    /// Indices into [`Linked::occurrences`], in input order.
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
    fn new(starts: Vec<u32>, words: Vec<u32>, vocab: &Vocab, occurrences: &[Occurrence]) -> Variants {
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
    fn push(&mut self, words: &[u32], vocab: &Vocab) {
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
    fn word_count(&self, v: usize) -> usize {
        (self.starts[v + 1] - self.starts[v]) as usize
    }

    /// Variant `v`'s weight, read alone.
    fn total(&self, v: usize) -> u32 {
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

/// The hash of a wording in [`link_with`]'s table of them: its words,
/// and the person a common phrase is credited to.
fn wording_hash(words: &[u32], person: u32) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    words.hash(&mut h);
    person.hash(&mut h);
    h.finish()
}

/// A length as a `u32` offset.
fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("a link's words and occurrences number under 2^32")
}

/// Everything the linker found.
#[derive(Debug, Clone)]
pub struct Linked {
    pub occurrences: Vec<Occurrence>,
    pub variants: Variants,
    /// Normalized words by id.
    pub vocab: Vec<String>,
    /// Word and key ids by text, for matching a query against the corpus.
    word_ids: HashTable<u32>,
    key_ids: FxHashMap<String, u32>,
    cfg: LinkConfig,
    /// Candidate pairs the index proposed and the sketches of their
    /// words left open, each aligned (for `--stats`); under a [`Prior`],
    /// those that touch a redone variant and the stored links' pairs.
    pub candidates: usize,
    /// One node per variant (node index = variant id), one edge per link.
    pub graph: UnGraph<u32, Link>,
    /// Families in a stable order: by their first occurrence in input order.
    pub families: Families,
    pub family_of_variant: Vec<u32>,
    /// With `keep_links`, the overlap links dropped as crowded: with the
    /// graph's links, every link compared ([`Linked::compared`]).
    crowded: Option<Vec<Link>>,
    /// Candidate pairs aligned (all of them, but under a [`Prior`]).
    pub aligned: usize,
    /// Candidate pairs a [`Prior`] answered unaligned, a link or none.
    pub settled: usize,
    /// Under a [`Prior`], the variants whose candidate pairs were worked
    /// out again ([`index::Before::redo`]).
    pub redone: usize,
}

/// What a store says of the links it holds, for an `add` ([`link_with`]):
/// the stored variant number of each old occurrence, by its article's
/// place in the articles linked, its quote and its segment; and the
/// links its comparisons found, by the two variants' numbers (smaller
/// first), with their kind, whether the smaller is the shorter side, and
/// their score. A variant none of whose occurrences is new is the
/// variant it was, with the words, speakers and credits it had, so its
/// comparison with another such variant is what it was: the stored link
/// where there is one, and none where the pair was a candidate then
/// ([`index::WAS_CANDIDATE`]) and no link is stored. Only the other pairs are
/// aligned, as a build aligns them; and only the pairs that touch a
/// variant whose candidate pairs can have changed are looked for
/// ([`index::candidates_since`]): the others are the stored links'.
#[derive(Debug)]
pub struct Prior<'a> {
    /// Each stored occurrence's numbers, by its article's place in the
    /// input, its quote and its segment.
    pub stored: &'a FxHashMap<(u32, u32, u32), Stored>,
    pub links: PriorLinks,
}

/// The store's links, by the two variants' stored numbers (smaller
/// first): the kind, whether the smaller is the shorter side, and the
/// score. A vector sorted by pair and searched, where a map took some 40
/// bytes a link (0.27 GB at 1M articles, held through the candidate
/// step: issue 16). A link whose numbers do not fit a `u32` names no
/// variant (the variants' stored numbers are `u32`), so it is not kept.
#[derive(Debug, Default)]
pub struct PriorLinks {
    links: Vec<((u32, u32), PriorLink)>,
}

/// A stored link: its kind, whether the smaller number is the shorter
/// side, and its score.
pub type PriorLink = (LinkKind, bool, f64);

/// The store's links ([`PriorLinks::all`]) found by their first number
/// first: where each first number's links start, so that a pair is
/// searched among the few links of its first variant, not by halves
/// among all of them (4.1 M at 1M articles: some twenty reads far apart
/// for each of the 7.9 M pairs the store answered, issue 16).
struct StoredLinks<'a> {
    links: &'a [((u32, u32), PriorLink)],
    /// Where the links of first number `x` start; one past the last first
    /// number, where the links end.
    at: Vec<u32>,
}

impl<'a> StoredLinks<'a> {
    fn new(links: &'a [((u32, u32), PriorLink)]) -> StoredLinks<'a> {
        let firsts = links.last().map_or(0, |l| l.0 .0 as usize + 1);
        let mut at = vec![0u32; firsts + 1];
        for l in links {
            at[l.0 .0 as usize + 1] += 1;
        }
        for i in 1..at.len() {
            at[i] += at[i - 1];
        }
        StoredLinks { links, at }
    }

    /// The link between the variants stored as `a` and `b`, `a < b`.
    fn get(&self, a: u32, b: u32) -> Option<&'a PriorLink> {
        let (s, e) = (*self.at.get(a as usize)?, *self.at.get(a as usize + 1)?);
        let run = &self.links[s as usize..e as usize];
        let i = run.binary_search_by_key(&b, |l| l.0 .1).ok()?;
        Some(&run[i].1)
    }
}

impl PriorLinks {
    /// The links, by stored numbers (smaller first); a pair given twice
    /// is kept once (the first).
    pub fn new(links: impl IntoIterator<Item = ((i64, i64), PriorLink)>) -> PriorLinks {
        let mut links: Vec<_> = links
            .into_iter()
            .filter_map(|((a, b), l)| Some(((u32::try_from(a).ok()?, u32::try_from(b).ok()?), l)))
            .collect();
        // The store's rows come in order already.
        if !links.is_sorted_by_key(|l| l.0) {
            links.sort_by_key(|l| l.0);
        }
        links.dedup_by_key(|l| l.0);
        links.shrink_to_fit();
        PriorLinks { links }
    }

    /// The link between the variants stored as `a` and `b`, `a < b`.
    pub fn get(&self, a: i64, b: i64) -> Option<&PriorLink> {
        let key = (u32::try_from(a).ok()?, u32::try_from(b).ok()?);
        let i = self.links.binary_search_by_key(&key, |l| l.0).ok()?;
        Some(&self.links[i].1)
    }

    /// The links, by stored numbers (smaller first), in that order.
    pub fn all(&self) -> &[((u32, u32), PriorLink)] {
        &self.links
    }

    /// The linked pairs' stored numbers.
    pub fn pairs(&self) -> impl Iterator<Item = (i64, i64)> + '_ {
        self.links.iter().map(|l| (i64::from(l.0 .0), i64::from(l.0 .1)))
    }

    pub fn len(&self) -> usize {
        self.links.len()
    }

    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }
}

/// A stored occurrence's numbers: its variant's, which the link reads,
/// and its family's, which the store's update reads once the link is
/// done: the store's occurrences are read once for both (issue 16).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    pub variant: u32,
    pub family: u32,
}

impl Linked {
    /// The articles (by number, ascending, each once) holding an
    /// occurrence of a family `traced` says yes to: those whose quotes an
    /// add reads whole to trace the families again (issue 16).
    pub fn articles_of_families(&self, traced: impl Fn(usize) -> bool + Sync) -> Vec<u32> {
        let mut places: Vec<u32> = (0..self.families.len())
            .into_par_iter()
            .filter(|&f| traced(f))
            .flat_map_iter(|f| {
                self.families
                    .get(f)
                    .occurrences
                    .iter()
                    .map(|&o| self.occurrences[o as usize].article)
            })
            .collect();
        places.par_sort_unstable();
        places.dedup();
        places
    }

    /// Each key's text, by key id (a variant's `keys` and `bag`).
    pub fn key_texts(&self) -> Vec<&str> {
        let mut texts = vec![""; self.key_ids.len()];
        for (text, &id) in &self.key_ids {
            texts[id as usize] = text.as_str();
        }
        texts
    }

    /// Links between two variants, if any.
    pub fn link_between(&self, a: u32, b: u32) -> Option<&Link> {
        let e = self
            .graph
            .find_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize))?;
        self.graph.edge_weight(e)
    }

    /// The variants linked to `v`.
    pub fn neighbours(&self, v: u32) -> impl Iterator<Item = u32> + '_ {
        self.graph
            .neighbors(NodeIndex::new(v as usize))
            .map(|n| n.index() as u32)
    }

    /// The variants linked to `v`, with their links.
    pub fn neighbour_links(&self, v: u32) -> impl Iterator<Item = (u32, &Link)> + '_ {
        use petgraph::visit::EdgeRef;
        let me = NodeIndex::new(v as usize);
        self.graph.edges(me).map(move |e| {
            let other = if e.source() == me { e.target() } else { e.source() };
            (other.index() as u32, e.weight())
        })
    }

    /// The links of one variant.
    pub fn links_of(&self, v: u32) -> impl Iterator<Item = &Link> + '_ {
        self.graph.edges(NodeIndex::new(v as usize)).map(|e| e.weight())
    }

    /// With `keep_links`, every link a comparison found, before crowded
    /// overlaps were dropped: what a store keeps (`links`), so that an
    /// `add` aligns again only the pairs that can have changed
    /// ([`Prior`]). Those kept first, in the order found, then those
    /// dropped; none without `keep_links`.
    pub fn compared(&self) -> impl Iterator<Item = &Link> + '_ {
        self.crowded
            .iter()
            .flat_map(move |crowded| self.graph.raw_edges().iter().map(|e| &e.weight).chain(crowded))
    }

    pub fn family_of_occurrence(&self, occ: u32) -> u32 {
        self.family_of_variant[self.occurrences[occ as usize].variant as usize]
    }

    /// Every variant that `query` matches: the same words, a drifted copy,
    /// a fragment of it, or a longer quote it is a fragment of; under the
    /// thresholds the corpus was linked with. Best matches first.
    pub fn find(&self, query: &str) -> Vec<(u32, LinkKind, f64)> {
        let ws = words(&crate::normalize::without_inserts(query));
        // Words the corpus never saw get ids no variant has.
        let mut fresh = u32::MAX;
        let mut next = || {
            fresh -= 1;
            fresh
        };
        let ids: Vec<u32> = ws
            .iter()
            .map(|w| {
                self.word_ids
                    .find(pieces::word_hash(&w.norm), |&id| self.vocab[id as usize] == w.norm)
                    .copied()
                    .unwrap_or_else(&mut next)
            })
            .collect();
        let keys: Vec<u32> = ws
            .iter()
            .map(|w| self.key_ids.get(word_key(&w.norm)).copied().unwrap_or_else(&mut next))
            .collect();
        let weights: Vec<u8> = ws.iter().map(|w| pieces::weight(&w.norm)).collect();
        let q = Variant::new(&ids, &keys, &weights);
        matches(
            &q,
            self.variants.par_iter().enumerate().map(|(i, v)| (i as u32, v)),
            &self.cfg,
        )
    }

    /// The variant's words, normalized, joined by spaces.
    pub fn variant_text(&self, v: u32) -> String {
        let words: Vec<&str> = self
            .variants
            .at(v as usize)
            .words
            .iter()
            .map(|&w| self.vocab[w as usize].as_str())
            .collect();
        words.join(" ")
    }
}

/// Links every quote of `articles`. Deterministic: the result depends
/// only on the articles and their order, not on the thread count.
pub fn link(articles: &[Analysed], cfg: &LinkConfig) -> Linked {
    link_timed(articles, cfg, &mut |_| {})
}

/// [`link`], calling `lap` with the name of each step as it ends (what
/// `build --stats` times).
pub fn link_timed(articles: &[Analysed], cfg: &LinkConfig, lap: &mut dyn FnMut(&'static str)) -> Linked {
    link_with(&articles, cfg, None, None, false, lap)
}

/// [`link_timed`], with what a store knew of its links before an `add`
/// ([`Prior`]): the same result, with fewer pairs aligned; with `old`,
/// the stored articles' words taken from their stored variants (let go
/// of once the variants are made); with `keep_links`, every link
/// compared in [`Linked::compared`] (for a store). `articles` may hold
/// the stored ones compact ([`crate::article::held::Added`]): an old
/// article is read whole only where a quote's words are not its stored
/// variants'.
pub fn link_with(
    articles: &dyn Articles,
    cfg: &LinkConfig,
    prior: Option<&Prior<'_>>,
    old: Option<Old<'_>>,
    keep_links: bool,
    lap: &mut dyn FnMut(&'static str),
) -> Linked {
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
    let mut merge = |first: usize, slices: Vec<SliceWords>| {
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
    let mut ready: Option<(usize, Vec<SliceWords>)> = None;
    let count = articles.len();
    for first in (0..count).step_by(SLICE * GROUP) {
        let group = first..count.min(first + SLICE * GROUP);
        let split = std::thread::scope(|s| {
            let next = s.spawn(|| {
                let slices: Vec<usize> = group.clone().step_by(SLICE).collect();
                slices
                    .into_par_iter()
                    .map(|start| SliceWords::new(articles, start..group.end.min(start + SLICE), old.as_ref(), &credits))
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
    let quoted_words: FxHashMap<u32, Variant<'_>> =
        quoted_at.into_iter().map(|(v, i)| (v, quoted_variants.at(i))).collect();
    lap("words and variants");

    // The named speakers each variant is attributed to, as name keys.
    // A name's keys are made once (in parallel), and a variant's name
    // seen once is not looked for again: a line in thousands of articles
    // has many.
    let name_of = |o: &Occurrence| -> Option<&str> {
        if o.nested {
            return None;
        }
        let q = articles.quote(o.article as usize, o.quote as usize);
        q.speaker_canonical.or(q.speaker)
    };
    let mut names: Vec<&str> = occurrences.par_iter().filter_map(name_of).collect();
    names.par_sort_unstable();
    names.dedup();
    let name_keys: Vec<Option<NameKeys>> = names
        .par_iter()
        .map(|&name| {
            Some(crate::provenance::names::name_keys(name))
                .filter(|k| !k.is_empty() && crate::provenance::names::is_name(name))
        })
        .collect();
    // Each name's keys by their number among the distinct ones: a
    // variant's list is of numbers, and a list is kept once however many
    // variants have it ([`Speakers`]).
    let (key_table, key_of) = {
        let mut number: FxHashMap<&NameKeys, u32> = FxHashMap::default();
        let mut table: Vec<&NameKeys> = Vec::new();
        let of: Vec<Option<u32>> = name_keys
            .iter()
            .map(|k| {
                k.as_ref().map(|k| {
                    *number.entry(k).or_insert_with(|| {
                        table.push(k);
                        table.len() as u32 - 1
                    })
                })
            })
            .collect();
        (table, of)
    };
    let keys_of: FxHashMap<&str, Option<u32>> = names.iter().copied().zip(key_of).collect();
    let speakers = Speakers::new(variants.len(), &key_table, |v, list| {
        let mut seen: Vec<&str> = Vec::new();
        for &o in variants.at(v).occurrences {
            let Some(name) = name_of(&occurrences[o as usize]) else {
                continue;
            };
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
            if let Some(k) = keys_of[name] {
                if !list.contains(&k) {
                    list.push(k);
                }
            }
        }
    });
    drop(keys_of);
    drop(key_table);
    // The persons each phrase is credited to where an article states it
    // whole ([`stated_person`]), beside its named credits, for the few
    // phrases that have any: what keeps two phrases said apart.
    let stated = phrase_credits(&variants, &occurrences, articles, cfg.common, |language, q| {
        stated_person(q, language)
    });
    let mut stated_by: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for (v, list) in stated {
        let mut ids = persons[v as usize].clone();
        for k in list {
            let id = match person_ids.get(&k) {
                Some(&id) => id,
                None => {
                    let id = people.len() as u32;
                    people.push(k.clone());
                    person_ids.insert(k, id);
                    id
                }
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        if ids != persons[v as usize] {
            stated_by.insert(v, ids);
        }
    }
    // The persons each phrase is credited to by a name or a pronoun
    // ([`named_or_pronoun`]), for the phrases that have any: what keeps a
    // phrase quoted in part from another person's line.
    let quoted_by: FxHashMap<u32, Vec<NameKeys>> =
        phrase_credits(&variants, &occurrences, articles, cfg.common, |_, q| {
            named_or_pronoun(q)
        })
        .into_iter()
        .collect();
    let credited = Credited {
        persons: &persons,
        stated_by: &stated_by,
    };
    drop(person_ids);
    lap("speakers");

    // Keys that hold a digit: a number written in figures.
    let mut numeric = vec![false; vocab.keys.len()];
    for (text, &k) in &vocab.keys {
        numeric[k as usize] = text.bytes().any(|b| b.is_ascii_digit());
    }
    let keys: Vec<&[u32]> = variants.iter().map(|v| v.keys).collect();
    // Under a prior, each variant's stored number where it is the variant
    // it was (no occurrence of it is new), and which variants are old.
    let (was, old): (Vec<Option<u32>>, Vec<bool>) = match prior {
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
    };
    // The partners' sketches are read first, in a loop of loads that do
    // not wait on each other, so that the memory system serves many at
    // once: a test per partner waited on each cache miss. The sketches
    // (64 bytes a variant) are made once the index is, and go with the
    // test, so that they are never held beside the whole index (issue 16).
    let variants_ref = &variants;
    let keep = || {
        let sketches: Vec<Sketch> = variants_ref.par_iter().map(|v| Sketch::of(&v)).collect();
        move |v: u32, partners: &mut Vec<u32>| {
            let got: Vec<Sketch> = partners.iter().map(|&u| sketches[u as usize]).collect();
            let v = Tester::of(&variants_ref.at(v as usize));
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
    lap("candidates");
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
            !(phrase(a) && phrase(b) && apart(credited.of(a), credited.of(b), &people))
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
    let crowded = keep_links.then_some(crowded);
    lap("compare");

    // The surnames each article names ([`Named`]) are made while the
    // graph is built, one link at a time on one core (issue 16).
    let (named, graph) = rayon::join(
        || Named::new(articles),
        || {
            let mut graph = UnGraph::with_capacity(variants.len(), links.len());
            for v in 0..variants.len() {
                graph.add_node(v as u32);
            }
            // The links are the graph's from here: the families read its
            // edges, in the order the links were found (issue 16).
            for l in links {
                graph.add_edge(NodeIndex::new(l.short as usize), NodeIndex::new(l.long as usize), l);
            }
            graph
        },
    );

    // Where an article uses a line in its own voice: a quote it states or
    // quotes in part, not a quote nested in another, a scare quote or a
    // headline.
    let own: Vec<bool> = occurrences
        .par_iter()
        .map(|o| {
            let q = articles.quote(o.article as usize, o.quote as usize);
            !o.nested && matches!(q.kind, crate::extract::Kind::Statement | crate::extract::Kind::Partial)
        })
        .collect();
    // How articles use each phrase shorter than a line ([`PhraseUse`]).
    let phrase_use: Vec<PhraseUse> = variants
        .par_iter()
        .map(|v| {
            if v.keys.len() >= cfg.common {
                return PhraseUse::Other;
            }
            let kinds = v.occurrences.iter().filter_map(|&o| {
                let o = &occurrences[o as usize];
                (!o.nested).then(|| articles.quote(o.article as usize, o.quote as usize).kind)
            });
            // A phrase no article uses in its own voice (a scare quote, a
            // headline, words quoted inside someone's quote) is the
            // writer's or the quoted speaker's term, credited to no one.
            let (mut stated, mut terms) = (false, true);
            for kind in kinds {
                stated |= kind == crate::extract::Kind::Statement;
                terms &= matches!(kind, crate::extract::Kind::Scare | crate::extract::Kind::Headline);
            }
            match (stated, terms) {
                (true, _) => PhraseUse::Stated,
                (false, true) => PhraseUse::Term,
                (false, false) => PhraseUse::Other,
            }
        })
        .collect();
    // Per variant: a phrase some article credits to a mention, a name or
    // not ("the foundation", "a spokesman"), where it is said.
    let credited_to_someone: Vec<bool> = variants
        .par_iter()
        .map(|v| {
            v.keys.len() < cfg.common
                && v.occurrences.iter().any(|&o| {
                    let o = &occurrences[o as usize];
                    !o.nested && articles.quote(o.article as usize, o.quote as usize).speaker.is_some()
                })
        })
        .collect();
    let uses = Uses {
        speakers: &speakers,
        quoted_by: &quoted_by,
        phrase_use: &phrase_use,
        persons: &persons,
        credited,
        people: &people,
        own: &own,
        quoted_words: &quoted_words,
        named: &named,
        credited_to_someone: &credited_to_someone,
    };
    lap("graph and uses");
    // The candidates' and the compare's freed memory handed back before
    // the families are judged, whose top is the add's (issue 16).
    index::give_back();
    let family_of_variant = families_of(&variants, &occurrences, graph.raw_edges(), &uses, cfg);
    // What the families were judged by, let go before they are gathered.
    drop(quoted_words);
    drop((
        speakers,
        quoted_by,
        phrase_use,
        persons,
        stated_by,
        people,
        own,
        quoted_variants,
        named,
        credited_to_someone,
    ));
    index::give_back();
    let families = collect_families(
        &occurrences,
        graph.raw_edges().iter().map(|e| &e.weight),
        &family_of_variant,
    );
    lap("families");
    Linked {
        occurrences,
        variants,
        vocab: vocab.names,
        word_ids: vocab.words,
        key_ids: vocab.keys,
        cfg: *cfg,
        candidates,
        graph,
        families,
        family_of_variant,
        crowded,
        aligned: aligned.into_inner(),
        settled: settled.into_inner(),
        redone,
    }
}

/// For each phrase (a variant under `common` words) that has any, the
/// distinct credits `credit` reads from its occurrences in an article's
/// own voice (not nested in another quote; `credit` is given the
/// article's language), in variant order.
fn phrase_credits(
    variants: &Variants,
    occurrences: &[Occurrence],
    articles: &dyn Articles,
    common: usize,
    credit: impl Fn(&str, crate::article::QuoteView<'_>) -> Option<NameKeys> + Sync,
) -> Vec<(u32, Vec<NameKeys>)> {
    variants
        .par_iter()
        .enumerate()
        .filter(|(_, v)| v.keys.len() < common)
        .filter_map(|(i, v)| {
            let mut list: Vec<NameKeys> = Vec::new();
            for &o in v.occurrences {
                let o = &occurrences[o as usize];
                if o.nested {
                    continue;
                }
                let a = o.article as usize;
                if let Some(keys) = credit(articles.language(a), articles.quote(a, o.quote as usize)) {
                    if !list.contains(&keys) {
                        list.push(keys);
                    }
                }
            }
            (!list.is_empty()).then_some((i as u32, list))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::*;

    #[test]
    fn issue16_prior_links_are_found_by_pair_in_any_order_and_beyond_u32_never() {
        use LinkKind::*;
        let links = PriorLinks::new([
            ((7, 9), (Drift, true, 0.5)),
            ((1, 2), (Containment, false, 0.9)),
            ((7, 9), (Overlap, false, 0.1)),
            ((3, i64::from(u32::MAX) + 1), (Drift, false, 0.7)),
        ]);
        assert_eq!(links.len(), 2);
        assert_eq!(links.get(1, 2), Some(&(Containment, false, 0.9)));
        assert_eq!(links.get(7, 9), Some(&(Drift, true, 0.5)));
        assert_eq!(links.get(2, 1), None);
        assert_eq!(links.get(3, i64::from(u32::MAX) + 1), None);
        assert_eq!(links.pairs().collect::<Vec<_>>(), vec![(1, 2), (7, 9)]);
    }

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

    #[test]
    fn verbatim_copies_share_a_variant_and_typography_does_not_matter() {
        let arts = [
            article("a", &[SPILL]),
            article(
                "b",
                &["the  harbour will stay closed until every barrel of oil has been pumped out of the bay."],
            ),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(l.variants.len(), 1);
        assert_eq!(family_sets(&l), vec![vec![(0, 0), (1, 0)]]);
    }

    #[test]
    fn thresholds_are_the_users_to_set() {
        let arts = [article("a", &[SPILL]), article("b", &[DRIFT])];
        let strict = LinkConfig {
            drift: 0.99,
            ..LinkConfig::default()
        };
        assert_eq!(link(&arts, &strict).families.len(), 2);
    }

    #[test]
    fn one_word_quotes_are_not_linked() {
        let arts = [article("a", &["Bigger"]), article("b", &["bigger"])];
        assert_eq!(link(&arts, &LinkConfig::default()).families.len(), 2);
        let pair = LinkConfig {
            min_words: 1,
            ..LinkConfig::default()
        };
        assert_eq!(link(&arts, &pair).families.len(), 1);
    }
}
