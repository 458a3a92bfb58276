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

pub mod align;
pub mod index;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use petgraph::graph::{NodeIndex, UnGraph};
use petgraph::unionfind::UnionFind;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::article::Analysed;
use crate::normalize::{word_key, words};
use align::Seq;

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
    /// 0 turns it off). Such a phrase credited by name to a person who
    /// cannot be the speaker of a longer line that holds it is not cut
    /// from that line unless its article names the line's speaker
    /// ("a badge of honor" of one man in another man's line); so is one
    /// an article states as a whole utterance, credited to anyone ("So,
    /// who?" she asked), and a term in scare quotes no one is said to
    /// have said.
    pub common: usize,
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

/// A distinct normalized wording, with every occurrence of it.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Word ids into [`Linked::vocab`].
    pub words: Vec<u32>,
    pub keys: Vec<u32>,
    pub weights: Vec<u32>,
    pub total: u32,
    /// (key, weight) pairs sorted, for the quick bound on an alignment.
    pub bag: Vec<(u32, u32)>,
    /// Indices into [`Linked::occurrences`], in input order.
    pub occurrences: Vec<u32>,
}

impl Variant {
    /// The variant of these words, with no occurrences yet.
    fn new(words: Vec<u32>, keys: Vec<u32>, weights: Vec<u32>) -> Variant {
        Variant {
            total: weights.iter().sum(),
            bag: bag(&keys, &weights),
            words,
            keys,
            weights,
            occurrences: Vec::new(),
        }
    }

    pub fn seq(&self) -> Seq<'_> {
        Seq {
            keys: &self.keys,
            weights: &self.weights,
            total: self.total,
        }
    }
}

/// A family: every variant and occurrence of one line.
#[derive(Debug, Clone, Default)]
pub struct Family {
    /// Variant ids, ascending.
    pub variants: Vec<u32>,
    /// Occurrence ids, ascending (input order).
    pub occurrences: Vec<u32>,
    /// Families whose quotes contain a fragment that is this family.
    pub inside: Vec<u32>,
    /// Families that are fragments of this one.
    pub contains: Vec<u32>,
}

/// Everything the linker found.
#[derive(Debug, Clone)]
pub struct Linked {
    pub occurrences: Vec<Occurrence>,
    pub variants: Vec<Variant>,
    /// Normalized words by id.
    pub vocab: Vec<String>,
    /// Word and key ids by text, for matching a query against the corpus.
    word_ids: FxHashMap<String, u32>,
    key_ids: FxHashMap<String, u32>,
    cfg: LinkConfig,
    /// Candidate pairs the index proposed (for `--stats`).
    pub candidates: usize,
    /// One node per variant (node index = variant id), one edge per link.
    pub graph: UnGraph<u32, Link>,
    /// Families in a stable order: by their first occurrence in input order.
    pub families: Vec<Family>,
    pub family_of_variant: Vec<u32>,
}

impl Linked {
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
            .map(|w| self.word_ids.get(&w.norm).copied().unwrap_or_else(&mut next))
            .collect();
        let keys: Vec<u32> = ws
            .iter()
            .map(|w| self.key_ids.get(word_key(&w.norm)).copied().unwrap_or_else(&mut next))
            .collect();
        let weights: Vec<u32> = ws.iter().map(|w| w.norm.chars().count().min(40) as u32).collect();
        let q = Variant::new(ids, keys, weights);
        matches(
            &q,
            self.variants.par_iter().enumerate().map(|(i, v)| (i as u32, v)),
            &self.cfg,
        )
    }

    /// The variant's words, normalized, joined by spaces.
    pub fn variant_text(&self, v: u32) -> String {
        let words: Vec<&str> = self.variants[v as usize]
            .words
            .iter()
            .map(|&w| self.vocab[w as usize].as_str())
            .collect();
        words.join(" ")
    }
}

/// The variants among `candidates` that `q` matches, as [`Linked::find`]
/// says; best matches first.
fn matches<'v>(
    q: &Variant,
    candidates: impl ParallelIterator<Item = (u32, &'v Variant)>,
    cfg: &LinkConfig,
) -> Vec<(u32, LinkKind, f64)> {
    if q.keys.is_empty() {
        return Vec::new();
    }
    let wanted: std::collections::HashSet<u32> = q.keys.iter().copied().collect();
    let need = q.keys.len().min(2);
    let mut found: Vec<(u32, LinkKind, f64)> = candidates
        .filter(|(_, v)| v.keys.iter().filter(|k| wanted.contains(k)).take(need).count() >= need)
        .filter_map(|(i, v)| {
            if v.words == q.words {
                return Some((i, LinkKind::Verbatim, 1.0));
            }
            compare(q, u32::MAX, v, i, cfg, None).map(|l| (i, l.kind, l.score))
        })
        .collect();
    found.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0)));
    found
}

/// The families of a query's matches (`(kind, score, family rank,
/// family)`, in any order), best first: by kind of link, then score,
/// then rank, each family once, at its best match. Ties go to the family
/// ranked first rather than to the lower variant number, which a store
/// gives in the order variants arrived: a store grown by adds answers as
/// one build does.
pub fn best_families<T>(mut found: Vec<(LinkKind, f64, usize, T)>) -> Vec<T> {
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut seen = std::collections::HashSet::new();
    found.into_iter().filter(|f| seen.insert(f.2)).map(|f| f.3).collect()
}

/// [`Linked::find`] among the given variants only, each given by its id
/// and its normalized words: how a store answers `origin` once its index
/// has picked the candidates. Matches only what `find` would over a
/// corpus that holds these variants, under the same thresholds.
pub fn find_among(query: &str, candidates: &[(u32, Vec<String>)], cfg: &LinkConfig) -> Vec<(u32, LinkKind, f64)> {
    let mut vocab = Vocab::default();
    let ws = words(&crate::normalize::without_inserts(query));
    let ids: Vec<u32> = ws.iter().map(|w| vocab.word(&w.norm)).collect();
    let q = vocab.variant(ids);
    let vs: Vec<(u32, Variant)> = candidates
        .iter()
        .map(|(id, ws)| {
            let ids = ws.iter().map(|w| vocab.word(w)).collect();
            (*id, vocab.variant(ids))
        })
        .collect();
    matches(&q, vs.par_iter().map(|(i, v)| (*i, v)), cfg)
}

/// One occurrence's words, before they are interned.
struct Piece {
    quote: u32,
    /// A segment of the quote, or past them a quote nested in one.
    piece: u32,
    nested: bool,
    words: Vec<String>,
    /// For a segment with quotes nested in it, their words.
    quoted: Option<Vec<String>>,
    /// The person the quote is credited to by name ([`person_keys`]);
    /// none for a nested quote.
    person: Option<NameKeys>,
}

/// The pieces of an article's quotes: each segment, then each quote
/// nested in them ([`piece_text`]).
fn pieces_of(a: &Analysed) -> Vec<Piece> {
    let norm = |text: &str| -> Vec<String> {
        let text = crate::normalize::without_inserts(text);
        words(&text).into_iter().map(|w| w.norm).collect()
    };
    let mut pieces = Vec::new();
    for (qi, q) in a.quotes.iter().enumerate() {
        let n = segment_count(q);
        let nested = nested_spans(q, &a.language);
        let person = person_keys(q, &a.language);
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
                words: norm(text),
                quoted,
                person: person.clone(),
            });
        }
        for (k, [s, e]) in nested.iter().enumerate() {
            pieces.push(Piece {
                quote: qi as u32,
                piece: (n + k) as u32,
                nested: true,
                words: norm(&q.text[s - q.start..e - q.start]),
                quoted: None,
                person: None,
            });
        }
    }
    pieces
}

/// Articles whose words [`link`] splits and interns as one task.
const SLICE: usize = 512;
/// Slices split in parallel while the group before is merged.
const GROUP: usize = 32;

/// The pieces of a slice of articles, their words interned in a
/// vocabulary of the slice's own.
struct SliceWords {
    /// The slice's words, by id: in the order the slice meets them.
    words: Vec<String>,
    /// Per article, its pieces, words (and own words) as ids into `words`.
    pieces: Vec<Vec<SlicePiece>>,
}

/// A [`Piece`] whose words are ids into its slice's words.
struct SlicePiece {
    quote: u32,
    piece: u32,
    nested: bool,
    words: Vec<u32>,
    quoted: Option<Vec<u32>>,
    person: Option<NameKeys>,
}

impl SliceWords {
    fn new(articles: &[Analysed]) -> SliceWords {
        let mut ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut intern = |ws: Vec<String>| -> Vec<u32> {
            ws.into_iter()
                .map(|w| {
                    let next = ids.len() as u32;
                    *ids.entry(w).or_insert(next)
                })
                .collect()
        };
        let pieces: Vec<Vec<SlicePiece>> = articles
            .iter()
            .map(|a| {
                pieces_of(a)
                    .into_iter()
                    .map(|p| SlicePiece {
                        quote: p.quote,
                        piece: p.piece,
                        nested: p.nested,
                        words: intern(p.words),
                        quoted: p.quoted.map(&mut intern),
                        person: p.person,
                    })
                    .collect()
            })
            .collect();
        let mut words = vec![String::new(); ids.len()];
        for (w, id) in ids {
            words[id as usize] = w;
        }
        SliceWords { words, pieces }
    }
}

/// Interns words and keys to dense ids. Its maps (and the linker's
/// others) hash with FxHash, not SipHash: a 1M corpus interns some 60
/// million words one after another, and nothing is iterated in hash order.
#[derive(Default)]
struct Vocab {
    words: FxHashMap<String, u32>,
    names: Vec<String>,
    key_of: Vec<u32>,
    weight_of: Vec<u32>,
    keys: FxHashMap<String, u32>,
    /// Each key's [`crate::normalize::key_hash`], by key id: what
    /// shingles are hashed from, so that they do not depend on the order
    /// keys were met in.
    key_hash: Vec<u64>,
}

impl Vocab {
    fn word(&mut self, norm: &str) -> u32 {
        match self.words.get(norm) {
            Some(&id) => id,
            None => self.word_owned(norm.to_string()),
        }
    }

    /// [`Vocab::word`] for a word the caller owns.
    fn word_owned(&mut self, norm: String) -> u32 {
        if let Some(&id) = self.words.get(norm.as_str()) {
            return id;
        }
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
        self.key_of.push(key_id);
        self.weight_of.push(norm.chars().count().min(40) as u32);
        self.words.insert(norm.clone(), id);
        self.names.push(norm);
        id
    }

    /// The variant of these word ids, with no occurrences yet.
    fn variant(&self, ids: Vec<u32>) -> Variant {
        let keys: Vec<u32> = ids.iter().map(|&w| self.key_of[w as usize]).collect();
        let weights: Vec<u32> = ids.iter().map(|&w| self.weight_of[w as usize]).collect();
        Variant::new(ids, keys, weights)
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
    let mut vocab = Vocab::default();
    // A wording, and for a common phrase the person it is credited to.
    let mut by_words: FxHashMap<(Vec<u32>, Option<u32>), u32> = FxHashMap::default();
    // The persons quotes are credited to by name, by id, and the ids each
    // variant is credited to.
    let mut people: Vec<NameKeys> = Vec::new();
    let mut person_ids: FxHashMap<NameKeys, u32> = FxHashMap::default();
    let mut persons: Vec<Vec<u32>> = Vec::new();
    // Each variant's words, and its occurrences, until the variants are
    // made (in parallel, once every wording is known).
    let mut wordings: Vec<Vec<u32>> = Vec::new();
    let mut occurrences_of: Vec<Vec<u32>> = Vec::new();
    let mut occurrences = Vec::new();
    // The words of the quotes nested in a variant, for the variants that
    // have any.
    let mut quoted_words: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    // Words are split and interned in parallel, a slice of articles at a
    // time into a vocabulary of the slice's own ([`SliceWords`]); the
    // slices' vocabularies are then merged in article order, so ids stay
    // deterministic, and only the pieces of two groups of slices are ever
    // held. Merging one group overlaps splitting the next.
    let mut merge = |first: usize, slices: Vec<SliceWords>| {
        let mut ai = first;
        for slice in slices {
            let global: Vec<u32> = slice.words.into_iter().map(|w| vocab.word_owned(w)).collect();
            for pieces in slice.pieces {
                for p in pieces {
                    let ids: Vec<u32> = p.words.iter().map(|&w| global[w as usize]).collect();
                    let next = wordings.len() as u32;
                    let person = p.person.map(|k| match person_ids.get(&k) {
                        Some(&id) => id,
                        None => {
                            let id = people.len() as u32;
                            people.push(k.clone());
                            person_ids.insert(k, id);
                            id
                        }
                    });
                    // Too short to be a line anyone copies: every occurrence of a
                    // one-word scare quote stays on its own.
                    let v = if ids.len() < cfg.min_words {
                        wordings.push(ids);
                        next
                    } else {
                        // A phrase shorter than a line is one variant per
                        // person who says it (see `LinkConfig::common`).
                        let phrase_of = person.filter(|_| ids.len() < cfg.common);
                        let key = (ids, phrase_of);
                        match by_words.get(&key) {
                            Some(&v) => v,
                            None => {
                                wordings.push(key.0.clone());
                                by_words.insert(key, next);
                                next
                            }
                        }
                    };
                    if v == next {
                        persons.push(Vec::new());
                        occurrences_of.push(Vec::new());
                    }
                    if let Some(id) = person {
                        if !persons[v as usize].contains(&id) {
                            persons[v as usize].push(id);
                        }
                    }
                    if let Some(quoted) = &p.quoted {
                        quoted_words
                            .entry(v)
                            .or_insert_with(|| quoted.iter().map(|&w| global[w as usize]).collect());
                    }
                    let o = occurrences.len() as u32;
                    occurrences_of[v as usize].push(o);
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
    for (g, group) in articles.chunks(SLICE * GROUP).enumerate() {
        let split = std::thread::scope(|s| {
            let next = s.spawn(|| group.par_chunks(SLICE).map(SliceWords::new).collect::<Vec<_>>());
            if let Some((first, slices)) = ready.take() {
                merge(first, slices);
            }
            next.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        ready = Some((g * SLICE * GROUP, split));
    }
    if let Some((first, slices)) = ready.take() {
        merge(first, slices);
    }
    drop(by_words);
    let variants: Vec<Variant> = wordings
        .into_par_iter()
        .zip(occurrences_of)
        .map(|(ids, occurrences)| Variant {
            occurrences,
            ..vocab.variant(ids)
        })
        .collect();
    let quoted_words: FxHashMap<u32, Variant> = quoted_words
        .into_iter()
        .map(|(v, ids)| (v, vocab.variant(ids)))
        .collect();
    lap("words and variants");

    // The named speakers each variant is attributed to, as name keys.
    // A name's keys are made once (in parallel), and a variant's name
    // seen once is not looked for again: a line in thousands of articles
    // has many.
    let name_of = |o: &Occurrence| -> Option<&str> {
        if o.nested {
            return None;
        }
        let q = &articles[o.article as usize].quotes[o.quote as usize];
        q.speaker_canonical.as_deref().or(q.speaker.as_deref())
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
    let keys_of: FxHashMap<&str, &Option<NameKeys>> = names.iter().copied().zip(&name_keys).collect();
    let speakers: Vec<Vec<NameKeys>> = variants
        .par_iter()
        .map(|v| {
            let mut seen: Vec<&str> = Vec::new();
            let mut list: Vec<NameKeys> = Vec::new();
            for &o in &v.occurrences {
                let Some(name) = name_of(&occurrences[o as usize]) else {
                    continue;
                };
                if seen.contains(&name) {
                    continue;
                }
                seen.push(name);
                if let Some(keys) = keys_of[name] {
                    if !list.contains(keys) {
                        list.push(keys.clone());
                    }
                }
            }
            list
        })
        .collect();
    drop(keys_of);
    // The persons each phrase is credited to where an article states it
    // whole ([`stated_person`]), beside its named credits, for the few
    // phrases that have any: what keeps two phrases said apart.
    let stated: Vec<(u32, Vec<NameKeys>)> = variants
        .par_iter()
        .enumerate()
        .filter(|(_, v)| v.keys.len() < cfg.common)
        .filter_map(|(i, v)| {
            let mut list: Vec<NameKeys> = Vec::new();
            for &o in &v.occurrences {
                let o = &occurrences[o as usize];
                let a = &articles[o.article as usize];
                if o.nested {
                    continue;
                }
                if let Some(keys) = stated_person(&a.quotes[o.quote as usize], &a.language) {
                    if !list.contains(&keys) {
                        list.push(keys);
                    }
                }
            }
            (!list.is_empty()).then_some((i as u32, list))
        })
        .collect();
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
    let credited = Credited {
        persons: &persons,
        stated_by: &stated_by,
    };
    drop(person_ids);
    lap("speakers");

    let keys: Vec<&[u32]> = variants.iter().map(|v| v.keys.as_slice()).collect();
    let pairs = index::candidates(&keys, &vocab.key_hash, cfg.min_words, cfg.max_postings);
    lap("candidates");
    let links: Vec<Link> = pairs
        .par_iter()
        .filter(|&&(a, b)| {
            // Common phrases said apart are not compared.
            let phrase = |v: u32| variants[v as usize].keys.len() < cfg.common;
            !(phrase(a) && phrase(b) && apart(credited.of(a), credited.of(b), &people))
        })
        .filter_map(|&(a, b)| {
            let (va, vb) = (&variants[a as usize], &variants[b as usize]);
            compare(va, a, vb, b, cfg, Some((&speakers[a as usize], &speakers[b as usize])))
        })
        .collect();
    let links = drop_crowded_overlaps(links, variants.len());
    lap("compare");

    let mut graph = UnGraph::with_capacity(variants.len(), links.len());
    for v in 0..variants.len() {
        graph.add_node(v as u32);
    }
    for l in &links {
        graph.add_edge(NodeIndex::new(l.short as usize), NodeIndex::new(l.long as usize), *l);
    }

    // Where an article uses a line in its own voice: a quote it states or
    // quotes in part, not a quote nested in another, a scare quote or a
    // headline.
    let own: Vec<bool> = occurrences
        .iter()
        .map(|o| {
            let q = &articles[o.article as usize].quotes[o.quote as usize];
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
                (!o.nested).then(|| articles[o.article as usize].quotes[o.quote as usize].kind)
            });
            let (mut stated, mut terms, mut any) = (false, true, false);
            for kind in kinds {
                any = true;
                stated |= kind == crate::extract::Kind::Statement;
                terms &= kind == crate::extract::Kind::Scare;
            }
            match (stated, any && terms) {
                (true, _) => PhraseUse::Stated,
                (false, true) => PhraseUse::Term,
                (false, false) => PhraseUse::Other,
            }
        })
        .collect();
    let named: Vec<Vec<String>> = articles.par_iter().map(named_in).collect();
    let uses = Uses {
        speakers: &speakers,
        phrase_use: &phrase_use,
        persons: &persons,
        credited,
        people: &people,
        own: &own,
        quoted_words: &quoted_words,
        named: &named,
    };
    lap("graph and uses");
    let family_of_variant = families_of(&variants, &occurrences, &links, &uses, cfg);
    let families = collect_families(&variants, &links, &family_of_variant);
    lap("families");
    Linked {
        occurrences,
        variants,
        vocab: vocab.names,
        word_ids: vocab.words,
        key_ids: vocab.keys,
        cfg: *cfg,
        candidates: pairs.len(),
        graph,
        families,
        family_of_variant,
    }
}

/// How far under the drift threshold two variants of similar length may
/// still be drifted copies, when both name the same speaker and their
/// words differ one at a time (a word substituted, dropped or added here
/// and there, never a run of two): that is how a short line drifts ("We
/// found clues of possible market manipulation" / "We found signs of
/// possible manipulation"), whereas two different lines of one speaker
/// differ by whole phrases.
const SAME_SPEAKER_SLACK: f64 = 0.1;
/// Words such a pair must share, at least.
const SAME_SPEAKER_MIN_SHARED: usize = 3;

/// Words a line must add around a shorter quote it holds whole for the
/// shorter one to be a fragment cut from it rather than a drifted copy
/// (see [`compare`]): one word more is how a copy drifts ("radical Islamic
/// terrorism" / "Islamic terrorism"), a run of them is another sentence
/// around the phrase.
const CUT_MIN_EXTRA: usize = 2;

/// A speaker's name as [`crate::provenance::names::name_keys`].
type NameKeys = Vec<String>;

/// The name keys of the person a quote is credited to, when the article
/// names them (not "he", resolved to a name elsewhere) with a speech verb,
/// and the name is a person's (a first name and a surname, or a surname
/// after "Mr." or "Mrs.": not a body or a place): the credits that keep
/// common phrases apart.
fn person_keys(q: &crate::extract::Quote, language: &str) -> Option<NameKeys> {
    let mention = q.speaker.as_deref()?;
    if q.cue.is_none() || !crate::provenance::names::is_name(mention) {
        return None;
    }
    person_named(q, mention, language)
}

/// The name keys of the person an article names as the speaker of a
/// quote it states as a whole utterance, also when the mention runs on
/// past the name into an apposition ("…," said Elmendorf, who supports
/// Clinton but is not working for her): such a short utterance is its
/// speaker's words. A phrase quoted in part inside the writer's sentence
/// is often credited to the wrong person, so only [`person_keys`] count
/// for it; and a credit resolved from "he" is wrong too often to keep
/// anything apart ("You think I'm going to change?" of Trump, resolved
/// to Billy Joel in one article).
fn stated_person(q: &crate::extract::Quote, language: &str) -> Option<NameKeys> {
    let mention = q.speaker.as_deref()?.split(',').next()?.trim();
    if q.kind != crate::extract::Kind::Statement || q.cue.is_none() || !crate::provenance::names::is_name(mention) {
        return None;
    }
    person_named(q, mention, language)
}

/// The keys of the person a quote's `mention` names: its canonical name
/// (or the mention), when that is a person's.
fn person_named(q: &crate::extract::Quote, mention: &str, language: &str) -> Option<NameKeys> {
    use crate::provenance::names;
    let name = q.speaker_canonical.as_deref().unwrap_or(mention);
    let person =
        names::is_person_name(name) || names::shaped_like_person(name, language) || names::addressed_as_person(mention);
    let keys = names::name_keys(name);
    (person && !keys.is_empty()).then_some(keys)
}

/// Are two common phrases (see [`LinkConfig::common`]) said apart: both
/// credited to persons (ids into `people`), none of whom can be one of
/// the other's?
fn apart(a: &[u32], b: &[u32], people: &[NameKeys]) -> bool {
    !a.is_empty()
        && !b.is_empty()
        && !a.iter().any(|&x| {
            b.iter()
                .any(|&y| x == y || crate::provenance::names::same_keys(&people[x as usize], &people[y as usize]))
        })
}

/// Aligns one candidate pair and returns the link it supports, if any.
/// `speakers` are the name keys of the speakers each variant is
/// attributed to (none for a query).
fn compare(
    va: &Variant,
    a: u32,
    vb: &Variant,
    b: u32,
    cfg: &LinkConfig,
    speakers: Option<(&[NameKeys], &[NameKeys])>,
) -> Option<Link> {
    // The shorter by weight is the possible fragment.
    let ((short, vs), (long, vl)) = if (va.total, a) <= (vb.total, b) {
        ((a, va), (b, vb))
    } else {
        ((b, vb), (a, va))
    };
    if vs.keys.len() < cfg.min_words {
        return None;
    }
    // An upper bound on the aligned weight, from the words the two share
    // in any order, rejects most candidates without aligning them.
    let (bound, shared) = shared_words(vs, vl);
    let ratio = f64::from(vs.total) / f64::from(vl.total.max(1));
    let best_sim = 2.0 * bound as f64 / f64::from(vs.total + vl.total).max(1.0);
    let best_cov = bound as f64 / f64::from(vs.total.max(1));
    // Under the drift threshold, only a pair naming one speaker may still
    // be a drifted copy; that is checked when the bound leaves it open.
    let floor = cfg.drift - SAME_SPEAKER_SLACK;
    let same = std::cell::OnceCell::new();
    let one_speaker = || {
        *same.get_or_init(|| {
            speakers.is_some_and(|(sa, sb)| {
                sa.iter()
                    .any(|x| sb.iter().any(|y| crate::provenance::names::same_keys(x, y)))
            })
        })
    };
    // Windows of one passage are one speaker's: a long run two speakers
    // share is a stock phrase ("to serve as president of the United
    // States") more often than a copy. Where a side names no speaker (a
    // group's statement, a credit the extractor missed), only windows that
    // overlap end to end are linked ([`align::overlaps_at_ends`]).
    let may_copy = best_cov >= cfg.contain || best_sim >= cfg.drift || (best_sim >= floor && one_speaker());
    let two_speakers = || speakers.is_some_and(|(sa, sb)| !sa.is_empty() && !sb.is_empty()) && !one_speaker();
    let may_overlap = cfg.overlap > 0 && shared >= cfg.overlap && !two_speakers();
    if !may_copy && !may_overlap {
        return None;
    }
    if may_copy && ratio >= cfg.length_ratio {
        let sim = align::similarity(vs.seq(), vl.seq());
        let ok = sim >= cfg.drift
            || (sim >= floor && one_speaker() && {
                let (run, shared) = align::change_runs(vs.seq(), vl.seq());
                run <= 1 && shared >= SAME_SPEAKER_MIN_SHARED
            });
        if ok {
            // A line that holds all of a shorter quote's words in one run,
            // and adds [`CUT_MIN_EXTRA`] words or more, is not a copy
            // whose wording drifted: the shorter one is cut from it (or is
            // a phrase it uses). As a fragment it joins the line only
            // when no other line claims it as well.
            if vl.keys.len() >= vs.keys.len() + CUT_MIN_EXTRA && align::is_cut(vs.seq(), vl.seq()) {
                return Some(Link {
                    short,
                    long,
                    kind: LinkKind::Containment,
                    score: align::coverage(vs.seq(), vl.seq()),
                });
            }
            return Some(Link {
                short,
                long,
                kind: LinkKind::Drift,
                score: sim,
            });
        }
    } else if may_copy {
        let cov = align::coverage(vs.seq(), vl.seq());
        if cov >= cfg.contain {
            return Some(Link {
                short,
                long,
                kind: LinkKind::Containment,
                score: cov,
            });
        }
    }
    let windows = || {
        if one_speaker() {
            align::shares_run(vs.seq(), vl.seq(), cfg.overlap)
        } else {
            align::overlaps_at_ends(vs.seq(), vl.seq(), cfg.overlap, WINDOW_SLACK)
        }
    };
    if may_overlap && windows() {
        return Some(Link {
            short,
            long,
            kind: LinkKind::Overlap,
            score: align::similarity(vs.seq(), vl.seq()),
        });
    }
    None
}

/// Words a window may run past the end of the run it shares with another
/// window, or start before it, and still overlap it end to end (see
/// [`align::overlaps_at_ends`]): an outlet's cut may keep or drop a word
/// at its edge ("… of that person." / "… of that person that …").
const WINDOW_SLACK: usize = 1;

/// Overlap links a variant may have before its overlaps stop counting: a
/// window of a passage overlaps the few other cuts of it, while a line
/// whose stock run recurs in many of one speaker's lines would chain them
/// all into one family.
const MAX_OVERLAPS: usize = 4;

/// Drops the overlap links of variants with more than [`MAX_OVERLAPS`].
fn drop_crowded_overlaps(links: Vec<Link>, variants: usize) -> Vec<Link> {
    let mut degree = vec![0usize; variants];
    for l in links.iter().filter(|l| l.kind == LinkKind::Overlap) {
        degree[l.short as usize] += 1;
        degree[l.long as usize] += 1;
    }
    links
        .into_iter()
        .filter(|l| {
            l.kind != LinkKind::Overlap
                || (degree[l.short as usize] <= MAX_OVERLAPS && degree[l.long as usize] <= MAX_OVERLAPS)
        })
        .collect()
}

fn bag(keys: &[u32], weights: &[u32]) -> Vec<(u32, u32)> {
    let mut b: Vec<(u32, u32)> = keys.iter().copied().zip(weights.iter().copied()).collect();
    b.sort_unstable();
    b
}

/// The words two variants share as a multiset of keys: their weight, each
/// counted at the lighter of its two weights (no alignment can match
/// more), and their number (no run they share can be longer).
fn shared_words(a: &Variant, b: &Variant) -> (u64, usize) {
    let (ka, kb) = (&a.bag, &b.bag);
    let (mut i, mut j, mut w, mut n) = (0, 0, 0u64, 0);
    while i < ka.len() && j < kb.len() {
        match ka[i].0.cmp(&kb[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                w += u64::from(ka[i].1.min(kb[j].1));
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (w, n)
}

/// The persons each variant is credited to by name ([`person_keys`]),
/// and for a phrase also those it is stated by ([`stated_person`]): the
/// credits that keep two phrases apart. Only the few phrases with such
/// a statement have a list of their own.
#[derive(Clone, Copy)]
struct Credited<'a> {
    persons: &'a [Vec<u32>],
    stated_by: &'a FxHashMap<u32, Vec<u32>>,
}

impl<'a> Credited<'a> {
    fn of(&self, v: u32) -> &'a [u32] {
        self.stated_by.get(&v).unwrap_or(&self.persons[v as usize])
    }
}

/// Who each variant is credited to, and how articles use it (see
/// [`families_of`]).
#[derive(Clone, Copy)]
struct Uses<'a> {
    /// The named speakers of each variant.
    speakers: &'a [Vec<NameKeys>],
    /// Per variant: how articles use it, for a phrase shorter than a line.
    phrase_use: &'a [PhraseUse],
    /// The persons each variant is credited to by name ([`person_keys`]),
    /// as ids into `people`.
    persons: &'a [Vec<u32>],
    /// Who keeps two phrases apart.
    credited: Credited<'a>,
    people: &'a [NameKeys],
    /// Per occurrence: the article uses the line in its own voice.
    own: &'a [bool],
    /// For variants with quotes nested in them, the words of those quotes.
    quoted_words: &'a FxHashMap<u32, Variant>,
    /// Per article, the surnames it names ([`named_in`]).
    named: &'a [Vec<String>],
}

/// The surnames an article names, as sorted name keys: the last key of
/// every speaker it credits (by name or resolved from "he") and every
/// capitalised word of its title. An article that quotes words cut from
/// someone's line names that someone; one whose speaker only happens to
/// use the same phrase need not ([`families_of`]).
fn named_in(a: &Analysed) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for q in &a.quotes {
        for name in [q.speaker_canonical.as_deref(), q.speaker.as_deref()]
            .into_iter()
            .flatten()
        {
            if crate::provenance::names::is_name(name) {
                keys.extend(crate::provenance::names::name_keys(name).pop());
            }
        }
    }
    for w in a.title.as_deref().unwrap_or("").split_whitespace() {
        if w.chars().next().is_some_and(char::is_uppercase) {
            keys.extend(crate::provenance::names::name_keys(w).pop());
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Assigns every variant a family: union over drift links, then each
/// group that is a fragment of a longer quote joins the family of the
/// quote it was cut from, longest groups first so that a fragment of a
/// fragment follows the chain to the whole line. A fragment joins only
/// when its parents agree on one family: a phrase found inside the lines
/// of several families ("radical Islam", "we'll see") is common speech,
/// not a cut, and stays a family of its own listed `inside` each. When
/// parents disagree, those that hold the fragment's exact words (not just
/// their stems: "extremely careless" is in Comey's line, "extreme
/// carelessness" in another) decide. A fragment that several articles
/// repeat beside the whole line is a phrase of its own too (the seeds'
/// "undeclared intelligence officers" beside the NATO statement), while
/// one that stands in for the line (a cut copy) joins the line. Only an
/// article's own uses count as repeating it (`own`: stated or quoted in
/// part, not a headline, a scare quote or a quote nested in another).
/// A line that carries the fragment inside its own nested quote marks
/// quotes it, and is no parent: "Your comment about ‘Second Amendment
/// people’" is not where "Second Amendment people" was cut from
/// (`quoted_words`: the words of the quotes nested in a variant; a parent
/// must not hold the fragment there). A cut that runs past the nested
/// quote into the line's own words is the line's: "Maybe I can … say,
/// ‘Look, this is not who we are.’" is the parent of a copy that drops
/// the inner marks and keeps the words around them.
fn families_of(
    variants: &[Variant],
    occurrences: &[Occurrence],
    links: &[Link],
    uses: &Uses<'_>,
    cfg: &LinkConfig,
) -> Vec<u32> {
    let Uses {
        speakers,
        phrase_use,
        persons,
        credited,
        people,
        own,
        quoted_words,
        named,
    } = *uses;
    let n = variants.len();
    let mut uf = UnionFind::<u32>::new(n);
    // Closest links first. A group of common phrases (no line of
    // `cfg.common` words or more) never holds two persons who cannot be
    // one: a use credited to no one joins the first person's group, not
    // every person's (see `LinkConfig::common`). Once a group holds a
    // line, credits do not split it: that is the misattribution flag's.
    let mut joins: Vec<&Link> = links
        .iter()
        .filter(|l| matches!(l.kind, LinkKind::Drift | LinkKind::Overlap))
        .collect();
    joins.par_sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then((a.short, a.long).cmp(&(b.short, b.long)))
    });
    // Per group root: its persons, or `None` once it holds a line.
    let mut phrase_persons: FxHashMap<u32, Option<Vec<u32>>> = FxHashMap::default();
    for l in joins {
        let (ra, rb) = (uf.find(l.short), uf.find(l.long));
        if ra == rb {
            continue;
        }
        // The persons of a group of phrases; none for a group with a line.
        let of = |r: u32| -> Option<&[u32]> {
            match phrase_persons.get(&r) {
                Some(p) => p.as_deref(),
                None => (variants[r as usize].keys.len() < cfg.common).then_some(credited.of(r)),
            }
        };
        let merged = match (of(ra), of(rb)) {
            (Some(pa), Some(pb)) => {
                if apart(pa, pb, people) {
                    continue;
                }
                let mut m = pa.to_vec();
                m.extend(pb.iter().filter(|k| !pa.contains(k)).cloned());
                Some(m)
            }
            _ => None,
        };
        uf.union(ra, rb);
        phrase_persons.remove(&ra);
        phrase_persons.remove(&rb);
        phrase_persons.insert(uf.find(ra), merged);
    }
    // Each variant's group, until fragments join: found once.
    let root_of: Vec<u32> = (0..n as u32).into_par_iter().map(|v| uf.find(v)).collect();
    // The articles of each group, before any fragment joins, and those
    // that use it in their own voice.
    // Occurrences come in article order, so each group's articles are
    // gathered sorted, a repeat being the last one, and made sets at once.
    let mut articles_of: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    let mut own_articles: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    let add = |list: &mut Vec<u32>, a: u32| {
        if list.last() != Some(&a) {
            list.push(a);
        }
    };
    for (o, &is_own) in occurrences.iter().zip(own) {
        let root = root_of[o.variant as usize];
        add(articles_of.entry(root).or_default(), o.article);
        if is_own {
            add(own_articles.entry(root).or_default(), o.article);
        }
    }
    let sets = |lists: FxHashMap<u32, Vec<u32>>| -> FxHashMap<u32, BTreeSet<u32>> {
        lists.into_iter().map(|(r, l)| (r, l.into_iter().collect())).collect()
    };
    let (articles_of, own_articles) = (sets(articles_of), sets(own_articles));
    // A line holds a fragment in its own voice unless its nested quotes
    // hold it.
    let says = |short: u32, long: u32| {
        quoted_words
            .get(&long)
            .is_none_or(|w| align::coverage(variants[short as usize].seq(), w.seq()) < cfg.contain)
    };
    // A fragment with words the line lacks, credited to a person who
    // cannot be the line's, is another person's words that resemble it
    // ("Hillary Clinton is a joke" / "Hillary Clinton is a more hawkish
    // person"), not a cut of it. A whole cut stays one whoever it is
    // credited to: a partial quote's credit is often misread.
    // A common phrase the line holds only with words between ("Time will
    // tell" in "Time will shortly tell") is no whole cut: said apart by
    // another person, it is theirs.
    let in_one_run = |short: u32, long: u32| {
        let (s, l) = (&variants[short as usize].words, &variants[long as usize].words);
        !s.is_empty() && l.windows(s.len()).any(|w| w == &s[..])
    };
    // The persons credited anywhere in each group: a copy of the line
    // credited to no one by name still belongs to the line's person.
    let mut group_persons: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for v in 0..n as u32 {
        let g = group_persons.entry(root_of[v as usize]).or_default();
        for &k in &persons[v as usize] {
            if !g.contains(&k) {
                g.push(k);
            }
        }
    }
    // The named speakers of each group, resolved ones included, by their
    // first and their last name key: [`crate::provenance::names::same_keys`]
    // can only hold for names that share one of them, so a group of many
    // speakers is searched, not scanned.
    let mut group_names: FxHashMap<u32, FxHashMap<&str, Vec<&NameKeys>>> = FxHashMap::default();
    let mut seen: FxHashSet<(u32, &NameKeys)> = FxHashSet::default();
    for v in 0..n as u32 {
        let root = root_of[v as usize];
        for k in &speakers[v as usize] {
            if !seen.insert((root, k)) {
                continue;
            }
            let by_key = group_names.entry(root).or_default();
            let (first, last) = (k.first(), k.last());
            for key in [first, last.filter(|_| first != last)].into_iter().flatten() {
                by_key.entry(key.as_str()).or_default().push(k);
            }
        }
    }
    drop(seen);
    // A phrase shorter than a line, credited by name (where it is said)
    // to persons none of whom can be among the line's speakers (resolved
    // ones too), in articles none of which names the line's speakers, is
    // their own use of the phrase (a lawyer's "badge of honor" is not cut
    // from another man's line that holds it), even when held whole: an
    // article that quotes a cut names whose line it is, if only by
    // crediting it, or another of its quotes, to them. Only a credit named
    // where the phrase is said counts on its side: "he" is resolved
    // wrongly too often to split a cut from its line (a resolved credit
    // cost real cuts on the held-out families, BENCHMARKS.md). A phrase
    // an article states as a whole utterance is another matter: "So,
    // who?" she asked, "My hope," he said, are the words of whoever said
    // them, resolved credits too, not cuts of a longer line someone else
    // said; a reporter who cuts a line quotes it in part, within a
    // sentence of their own (every such join read on PolNeAR outside the
    // test part was wrong, BENCHMARKS.md). And a term no one is said to
    // have said, set in marks by the writer alone ("Real Time", "safety
    // check", "Never Trump"), is a cut of a line only in an article that
    // names the line's speaker ("2nd Amendment people" beside Trump), or,
    // for a line credited to no one by name, in an article that quotes the
    // line.
    let foreign = |short: u32, long: u32| {
        let mine = &persons[short as usize];
        let use_ = phrase_use[short as usize];
        let said_by: &[NameKeys] = if use_ == PhraseUse::Stated {
            &speakers[short as usize]
        } else {
            &[]
        };
        if variants[short as usize].keys.len() >= cfg.common
            || (mine.is_empty() && said_by.is_empty() && use_ != PhraseUse::Term)
        {
            return false;
        }
        let Some(line) = group_names.get(&root_of[long as usize]) else {
            let beside_the_line = || {
                articles_of.get(&root_of[long as usize]).is_some_and(|arts| {
                    variants[short as usize]
                        .occurrences
                        .iter()
                        .any(|&o| arts.contains(&occurrences[o as usize].article))
                })
            };
            return use_ == PhraseUse::Term && !beside_the_line();
        };
        let in_line = |x: &NameKeys| {
            [x.first(), x.last()].into_iter().flatten().any(|key| {
                line.get(key.as_str())
                    .is_some_and(|ys| ys.iter().any(|y| crate::provenance::names::same_keys(x, y)))
            })
        };
        let may_be_one = mine.iter().any(|&p| in_line(&people[p as usize])) || said_by.iter().any(in_line);
        let names_the_line = || {
            variants[short as usize].occurrences.iter().any(|&o| {
                named[occurrences[o as usize].article as usize].iter().any(|k| {
                    line.get(k.as_str())
                        .is_some_and(|ys| ys.iter().any(|y| y.last() == Some(k)))
                })
            })
        };
        !may_be_one && !names_the_line()
    };
    let cut = |short: u32, long: u32, coverage: f64| {
        let whole = coverage >= 1.0 && (variants[short as usize].keys.len() >= cfg.common || in_one_run(short, long));
        let line_persons = group_persons.get(&root_of[long as usize]).map_or(&[][..], |p| &p[..]);
        !foreign(short, long) && (whole || !apart(&persons[short as usize], line_persons, people))
    };
    // Each containment link is judged on its own (in parallel: aligning
    // a fragment against a line's own words, and reading the articles of
    // a frequent phrase, add up), then gathered in link order.
    // A fragment's cut from a line: (fragment, line, coverage).
    type Cut = (u32, u32, f64);
    let judged: Vec<Option<(u32, Cut)>> = links
        .par_iter()
        .filter(|l| l.kind == LinkKind::Containment)
        .map(|l| {
            let root = root_of[l.short as usize];
            (root != root_of[l.long as usize] && says(l.short, l.long) && cut(l.short, l.long, l.score))
                .then_some((root, (l.short, l.long, l.score)))
        })
        .collect();
    let mut parents: FxHashMap<u32, Vec<Cut>> = FxHashMap::default();
    for (root, pair) in judged.into_iter().flatten() {
        parents.entry(root).or_default().push(pair);
    }
    let mut longest: FxHashMap<u32, u32> = FxHashMap::default();
    for (v, variant) in variants.iter().enumerate() {
        let e = longest.entry(root_of[v]).or_insert(0);
        *e = (*e).max(variant.total);
    }
    let mut order: Vec<(u32, u32)> = parents.keys().map(|&r| (longest[&r], r)).collect();
    order.sort_unstable_by(|a, b| b.cmp(a));
    let exact = |short: u32, long: u32| {
        let words = |v: u32| {
            let v = &variants[v as usize];
            Seq {
                keys: &v.words,
                weights: &v.weights,
                total: v.total,
            }
        };
        align::coverage(words(short), words(long)) >= cfg.contain
    };
    let one_speaker = |a: u32, b: u32| {
        let (sa, sb) = (&speakers[a as usize], &speakers[b as usize]);
        sa.iter()
            .any(|x| sb.iter().any(|y| crate::provenance::names::same_keys(x, y)))
    };
    let mut members: FxHashMap<u32, BTreeSet<u32>> = articles_of;
    for (_, root) in order {
        // Each parent family's claim on the fragment: the occurrences
        // whose exact words it holds, then those it holds by stem, then
        // whether it names the fragment's speaker, its best coverage and
        // its length.
        // Exact words are compared only where parents disagree.
        let pairs = &parents[&root];
        let mut fams: Vec<u32> = pairs.iter().map(|&(_, long, _)| uf.find(long)).collect();
        fams.sort_unstable();
        fams.dedup();
        let contested = fams.len() > 1;
        let mut claims: HashMap<u32, Claim> = HashMap::new();
        let mut held: BTreeMap<(u32, u32), bool> = BTreeMap::new();
        for &(short, long, score) in pairs {
            let fam = uf.find(long);
            *held.entry((fam, short)).or_default() |= contested && exact(short, long);
            let c = claims.entry(fam).or_default();
            c.speaker |= one_speaker(short, long);
            c.score = c.score.max(score);
            c.total = c.total.max(variants[long as usize].total);
        }
        for ((fam, short), is_exact) in held {
            let n = variants[short as usize].occurrences.len() as u32;
            let c = claims.get_mut(&fam).expect("a claim per parent family");
            if is_exact {
                c.exact += n;
            } else {
                c.stem += n;
            }
        }
        let mut ranked: Vec<(u32, Claim)> = claims.into_iter().collect();
        ranked.sort_by(|(fa, a), (fb, b)| b.cmp_claim(a).then(fa.cmp(fb)));
        let Some(&(parent, best)) = ranked.first() else {
            continue;
        };
        // Common speech: a phrase inside the lines of many families that
        // no single one of them holds most of.
        let support = |c: &Claim| if best.exact > 0 { c.exact } else { c.stem };
        let all: u32 = ranked.iter().map(|(_, c)| support(c)).sum();
        if ranked.len() > MAX_TIED_PARENTS && 2 * support(&best) <= all {
            continue;
        }
        let me = uf.find(root);
        if me == parent {
            continue;
        }
        let none = BTreeSet::new();
        let g = own_articles.get(&root).unwrap_or(&none);
        let p = &members[&parent];
        if g.len() > 1 && 2 * g.intersection(p).count() > g.len() {
            continue;
        }
        uf.union(me, parent);
        // The smaller set is poured into the larger: a line that gathers
        // thousands of fragments one at a time is not copied once each.
        let mut joined = members.remove(&me).unwrap_or_default();
        let mut other = members.remove(&parent).unwrap_or_default();
        if joined.len() < other.len() {
            std::mem::swap(&mut joined, &mut other);
        }
        joined.extend(other);
        members.insert(uf.find(me), joined);
    }
    // Dense family ids in order of the first variant of each family.
    let mut ids: FxHashMap<u32, u32> = FxHashMap::default();
    (0..n as u32)
        .map(|v| {
            let r = uf.find(v);
            let next = ids.len() as u32;
            *ids.entry(r).or_insert(next)
        })
        .collect()
}

/// How articles use a phrase shorter than a line (under
/// [`LinkConfig::common`] words), which decides whose credit can keep it
/// from a line that holds it (see [`families_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PhraseUse {
    /// Some article states it as a whole utterance, credited to a speaker.
    Stated,
    /// Every article sets it in marks as a term no one is said to have
    /// said (a scare quote).
    Term,
    /// Quoted in part, or a line.
    Other,
}

/// Parent families beyond which a fragment no parent holds the most of
/// is common speech rather than a cut.
const MAX_TIED_PARENTS: usize = 2;

/// One parent family's claim on a fragment group (see [`families_of`]).
#[derive(Debug, Clone, Copy, Default)]
struct Claim {
    exact: u32,
    stem: u32,
    speaker: bool,
    score: f64,
    total: u32,
}

impl Claim {
    fn cmp_claim(&self, other: &Claim) -> std::cmp::Ordering {
        (self.exact, self.stem, self.speaker)
            .cmp(&(other.exact, other.stem, other.speaker))
            .then(self.score.total_cmp(&other.score))
            .then(self.total.cmp(&other.total))
    }
}

fn collect_families(variants: &[Variant], links: &[Link], family_of_variant: &[u32]) -> Vec<Family> {
    let count = family_of_variant.iter().map(|&f| f + 1).max().unwrap_or(0) as usize;
    let mut families = vec![Family::default(); count];
    for (v, variant) in variants.iter().enumerate() {
        let f = &mut families[family_of_variant[v] as usize];
        f.variants.push(v as u32);
        f.occurrences.extend(&variant.occurrences);
    }
    let mut inside: BTreeSet<(u32, u32)> = BTreeSet::new();
    for l in links.iter().filter(|l| l.kind == LinkKind::Containment) {
        let (fs, fl) = (family_of_variant[l.short as usize], family_of_variant[l.long as usize]);
        if fs != fl {
            inside.insert((fs, fl));
        }
    }
    for (fs, fl) in inside {
        families[fs as usize].inside.push(fl);
        families[fl as usize].contains.push(fs);
    }
    for f in &mut families {
        f.occurrences.sort_unstable();
    }
    families
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Kind, Quote};

    fn article(id: &str, quotes: &[&str]) -> Analysed {
        Analysed {
            id: id.into(),
            title: None,
            outlet: None,
            published: None,
            author: None,
            url: None,
            language: "en".into(),
            quotes: quotes
                .iter()
                .map(|t| Quote {
                    text: t.to_string(),
                    start: 0,
                    end: t.len(),
                    segments: vec![[0, t.len()]],
                    kind: Kind::Statement,
                    speaker: None,
                    speaker_canonical: None,
                    speaker_start: None,
                    speaker_end: None,
                    cue: None,
                    conduit: None,
                })
                .collect(),
            diagnostics: vec![],
        }
    }

    const SPILL: &str = "The harbour will stay closed until every barrel of oil has been pumped out of the bay";
    const DRIFT: &str = "The port will stay closed until every barrel of oil has been pumped out of the bay";
    const OTHER: &str = "Fishing crews will be paid for every day they cannot sail";

    fn family_sets(l: &Linked) -> Vec<Vec<(u32, u32)>> {
        l.families
            .iter()
            .map(|f| {
                f.occurrences
                    .iter()
                    .map(|&o| (l.occurrences[o as usize].article, l.occurrences[o as usize].quote))
                    .collect()
            })
            .collect()
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
    fn drifted_copies_join_one_family_and_unrelated_quotes_do_not() {
        let arts = [article("a", &[SPILL, OTHER]), article("b", &[DRIFT])];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_sets(&l), vec![vec![(0, 0), (1, 0)], vec![(0, 1)]]);
        let link = l.link_between(0, 2).unwrap();
        assert_eq!(link.kind, LinkKind::Drift);
        assert!(link.score > 0.85 && link.score < 1.0);
    }

    #[test]
    fn a_one_off_fragment_joins_its_parent_family() {
        let arts = [
            article("a", &[SPILL]),
            article("b", &["until every barrel of oil has been pumped out"]),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_sets(&l), vec![vec![(0, 0), (1, 0)]]);
        assert_eq!(l.link_between(0, 1).unwrap().kind, LinkKind::Containment);
    }

    #[test]
    fn a_phrase_repeated_beside_its_parent_is_its_own_family_inside_it() {
        let arts = [
            article("a", &[SPILL, "every barrel of oil"]),
            article("b", &[SPILL, "every barrel of oil"]),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_sets(&l), vec![vec![(0, 0), (1, 0)], vec![(0, 1), (1, 1)]]);
        assert_eq!(l.families[1].inside, vec![0]);
        assert_eq!(l.families[0].contains, vec![1]);
    }

    #[test]
    fn cut_copies_in_several_articles_join_the_line() {
        let arts = [
            article("a", &[SPILL]),
            article("b", &["every barrel of oil has been pumped out"]),
            article("c", &["every barrel of oil has been pumped out"]),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_sets(&l), vec![vec![(0, 0), (1, 0), (2, 0)]]);
    }

    const CARELESS: &str = "They were extremely careless in their handling of very sensitive information";
    const BILL: &str = "We introduced a bill so that extreme carelessness rather than gross negligence is the standard";

    #[test]
    fn issue13_a_fragment_joins_the_line_that_holds_its_exact_words() {
        // "extremely careless" is quoted on its own in many articles; its
        // stem also occurs in another line ("extreme carelessness").
        let mut arts = vec![article("a", &[CARELESS]), article("b", &[BILL])];
        for i in 0..5 {
            arts.push(article(&format!("c{i}"), &["extremely careless"]));
        }
        arts.push(article("d", &["extreme carelessness"]));
        let l = link(&arts, &LinkConfig::default());
        let fam =
            |a: usize| l.family_of_occurrence(l.occurrences.iter().position(|o| o.article == a as u32).unwrap() as u32);
        for a in 2..7 {
            assert_eq!(fam(a), fam(0), "article {a}");
        }
        assert_ne!(fam(1), fam(0));
    }

    #[test]
    fn issue13_a_phrase_inside_the_lines_of_many_families_is_common_speech() {
        let arts = [
            article("a", &["We must call it radical Islam and we must defeat it"]),
            article(
                "b",
                &["The senator refused to say radical Islam on television last night"],
            ),
            article("c", &["Nobody in this room is afraid of the words radical Islam"]),
            article("d", &["radical Islam"]),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(l.families.len(), 4, "nothing chains the three lines");
        let phrase = l.family_of_occurrence(3) as usize;
        assert_eq!(l.families[phrase].occurrences.len(), 1);
        assert_eq!(l.families[phrase].inside.len(), 3);
    }

    #[test]
    fn issue13_overlapping_windows_of_one_speakers_passage_link() {
        let a = "Well, to be perfectly candid with you, I'm just not ready to do that at this point";
        let b = "I'm just not ready to do that at this point. I'm not there right now";
        let arts = [
            said_by(article("a", &[a]), "Paul Ryan"),
            said_by(article("b", &[b]), "Paul D. Ryan"),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(l.families.len(), 1);
        assert_eq!(l.link_between(0, 1).unwrap().kind, LinkKind::Overlap);
        // Two speakers sharing a stock phrase are not one passage.
        let c = "Nobody is more qualified to serve as president of the United States of America today";
        let d = "He is not fit to serve as president of the United States of America, and never was";
        let arts = [
            said_by(article("a", &[c]), "Ana Ruiz"),
            said_by(article("b", &[d]), "Tom Berg"),
        ];
        assert_eq!(link(&arts, &LinkConfig::default()).families.len(), 2);
        let off = LinkConfig {
            overlap: 0,
            ..LinkConfig::default()
        };
        let arts = [
            said_by(article("a", &[a]), "Paul Ryan"),
            said_by(article("b", &[b]), "Paul Ryan"),
        ];
        assert_eq!(link(&arts, &off).families.len(), 2);
    }

    #[test]
    fn issue13_windows_end_to_end_link_when_one_side_names_no_speaker() {
        // A group's statement ("the board said") and a copy credited by
        // name: the copy opens with the run the statement closes with.
        let run = "the board has nothing to say about the conduct of that man";
        let closes = format!("As of this morning and for the season ahead, {run}.");
        let opens = format!("{run} who fired the shots on the night in question");
        let arts = [
            article("a", &[closes.as_str()]),
            said_by(article("b", &[opens.as_str()]), "Dana Holt"),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(l.families.len(), 1);
        assert_eq!(l.link_between(0, 1).unwrap().kind, LinkKind::Overlap);
        // The run inside a line is a shared phrase, not two windows.
        let inside = format!("As of this morning {run} and it will wait for the courts");
        let arts = [
            article("a", &[inside.as_str()]),
            said_by(article("b", &[opens.as_str()]), "Dana Holt"),
        ];
        assert_eq!(link(&arts, &LinkConfig::default()).families.len(), 2);
        // Two named speakers who cannot be one: not one passage.
        let arts = [
            said_by(article("a", &[closes.as_str()]), "Ana Ruiz"),
            said_by(article("b", &[opens.as_str()]), "Dana Holt"),
        ];
        assert_eq!(link(&arts, &LinkConfig::default()).families.len(), 2);
    }

    #[test]
    fn issue13_a_stock_run_in_many_lines_does_not_chain_them() {
        // One run of nine words inside six different lines of one speaker:
        // a stock phrase, not six windows of one passage.
        let stock = "we will build the strongest economy the world has seen";
        let lines = [
            format!("First of all {stock} and that is a promise to every family"),
            format!("Farmers know {stock} because the harvest is back again"),
            format!("Ask the miners whether {stock} since the pits reopened"),
            format!("In every speech I say {stock} and the crowd agrees loudly"),
            format!("Believe me {stock} with new roads bridges and airports"),
            format!("Our opponents doubt that {stock} but they said so before"),
        ];
        let arts: Vec<Analysed> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| said_by(article(&format!("a{i}"), &[l.as_str()]), "Ana Ruiz"))
            .collect();
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(l.families.len(), 6, "no overlap link survives a crowd");
    }

    #[test]
    fn a_query_finds_copies_fragments_and_parents() {
        let arts = [article("a", &[SPILL, OTHER]), article("b", &[DRIFT])];
        let l = link(&arts, &LinkConfig::default());
        let found = |q: &str| l.find(q).into_iter().map(|(v, k, _)| (v, k)).collect::<Vec<_>>();
        assert_eq!(found(SPILL), vec![(0, LinkKind::Verbatim), (2, LinkKind::Drift)]);
        assert_eq!(
            found("every barrel of oil"),
            vec![(0, LinkKind::Containment), (2, LinkKind::Containment)]
        );
        assert!(found("nothing like any of these").is_empty());
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

    fn said_by(mut a: Analysed, who: &str) -> Analysed {
        for q in &mut a.quotes {
            q.speaker = Some(who.to_string());
        }
        a
    }

    /// Credited by name with a speech verb ("…," Ana Ruiz said).
    fn named(mut a: Analysed, who: &str) -> Analysed {
        for q in &mut a.quotes {
            q.speaker = Some(who.to_string());
            q.cue = Some("said".to_string());
        }
        a
    }

    /// The family of article `a`'s quote `q` (its first segment).
    fn family_of(l: &Linked, a: u32, q: u32) -> u32 {
        let o = l
            .occurrences
            .iter()
            .position(|o| o.article == a && o.quote == q && !o.nested)
            .expect("an occurrence");
        l.family_of_occurrence(o as u32)
    }

    #[test]
    fn issue13_a_quote_goes_with_the_line_that_holds_it_not_with_a_phrase_it_holds() {
        // "rising sea levels" is a phrase inside the lines of many
        // families; "being right about rising sea levels" holds it, and
        // is cut from one line. Drift would link the six words with the
        // three (their lengths are close): they are a cut, not a copy.
        let line = "Thanks for all the kind words about being right about rising sea levels";
        let arts = [
            article("a", &[line]),
            article("b", &["being right about rising sea levels"]),
            article("c", &["rising sea levels"]),
            article("d", &["rising sea levels"]),
            article(
                "e",
                &["Nobody here is ready for rising sea levels and the storms they bring"],
            ),
            article("f", &["The port authority has a plan for rising sea levels at last"]),
            article("g", &["We cannot build new homes on the coast with rising sea levels"]),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 0), family_of(&l, 0, 0), "the cut joins its line");
        assert_ne!(family_of(&l, 2, 0), family_of(&l, 0, 0), "the phrase does not");
        assert_eq!(family_of(&l, 2, 0), family_of(&l, 3, 0));
        for a in 4..7 {
            assert_ne!(family_of(&l, a, 0), family_of(&l, 0, 0), "article {a}");
        }
        let phrase = l.occurrences[2].variant;
        let holder = l.occurrences[1].variant;
        assert_eq!(
            l.link_between(phrase, holder).map(|k| k.kind),
            Some(LinkKind::Containment),
            "the phrase is cut from the six words, not a drifted copy of them"
        );
    }

    #[test]
    fn issue13_a_line_that_quotes_a_fragment_in_its_own_marks_is_not_its_parent() {
        let line = "Although the harbour people, maybe they can stop it, I do not know";
        let quoting = "Your careless remark about ‘harbour people’ was heard in every town on the coast";
        let other = "The harbour people have a great spirit and they are very united this year";
        let arts = [
            named(article("a", &[line]), "Ana Ruiz"),
            named(article("b", &["harbour people"]), "Ana Ruiz"),
            named(article("c", &[quoting]), "Lea Park"),
            named(article("d", &[other]), "Tom Berg"),
        ];
        let l = link(&arts, &LinkConfig::default());
        // The nested quote is an occurrence of its own, credited to no one.
        let nested: Vec<&Occurrence> = l.occurrences.iter().filter(|o| o.nested).collect();
        assert_eq!(nested.len(), 1);
        assert_eq!((nested[0].article, nested[0].quote, nested[0].segment), (2, 0, 1));
        assert_eq!(l.variant_text(nested[0].variant), "harbour people");
        // Without the quoting line as a third parent, the fragment is no
        // common speech: it joins the line of the speaker it is credited to.
        let fragment = family_of(&l, 1, 0);
        assert_eq!(fragment, family_of(&l, 0, 0));
        let n = l.occurrences.iter().position(|o| o.nested).unwrap() as u32;
        assert_eq!(l.family_of_occurrence(n), fragment, "the nested quote joins it too");
        assert_ne!(family_of(&l, 2, 0), fragment, "the quoting line stays apart");
        assert_ne!(family_of(&l, 3, 0), fragment);
    }

    #[test]
    fn issue13_a_cut_that_runs_past_the_lines_nested_quote_is_cut_from_it() {
        // The speaker quotes herself in passing; a copy drops her marks
        // and keeps the words around them: most of the cut is the line's
        // own voice, so the line is its parent.
        let line = "Perhaps I can, by talking plainly to the fishermen, tell them, ‘Look, this is not what we want.’ \
                    We have to do all we can to mend the harbour wall before the winter storms";
        let cut = "Perhaps I can, by talking plainly to the fishermen, tell them, look, this is not what we want";
        let arts = [article("a", &[line]), article("b", &[cut])];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 0), family_of(&l, 0, 0));
    }

    #[test]
    fn issue13_common_phrases_said_apart_are_not_linked() {
        let phrase = "We will see what happens";
        let arts = [
            named(article("a", &[phrase]), "Ana Ruiz"),
            named(article("b", &[phrase]), "Tom Berg"),
            named(article("c", &[phrase]), "A. Ruiz"),
            article("d", &[phrase]),
        ];
        let l = link(&arts, &LinkConfig::default());
        let fam = |a| family_of(&l, a, 0);
        assert_ne!(fam(0), fam(1), "two persons said it apart");
        assert_eq!(fam(0), fam(2), "Ana Ruiz and A. Ruiz can be one person");
        assert!(
            fam(3) == fam(0) || fam(3) == fam(1),
            "a use credited to no one joins one of them"
        );
        let off = LinkConfig {
            common: 0,
            ..LinkConfig::default()
        };
        assert_eq!(link(&arts, &off).families.len(), 1);
        // A line of a sentence's length credited to two persons is one
        // line (a misattribution, for the flag to read), not two.
        let line = "We will see what happens when the council votes on the harbour plan";
        let arts = [
            named(article("a", &[line]), "Ana Ruiz"),
            named(article("b", &[line]), "Tom Berg"),
        ];
        assert_eq!(link(&arts, &LinkConfig::default()).families.len(), 1);
    }

    #[test]
    fn issue13_a_surname_after_mr_or_mrs_credits_a_person_who_says_a_phrase_apart() {
        // "Mr. Quillby" is known by its surname alone: still a person, not
        // a body, so the phrase is his own, not the same as Ana Ruiz's.
        let phrase = "no daylight at all";
        let mut mr = named(article("a", &[phrase]), "Mr. Quillby");
        mr.quotes[0].kind = Kind::Partial;
        mr.quotes[0].speaker_canonical = Some("Quillby".into());
        let mut ruiz = named(article("b", &[phrase]), "Ana Ruiz");
        ruiz.quotes[0].kind = Kind::Partial;
        let l = link(&[mr.clone(), ruiz.clone()], &LinkConfig::default());
        assert_ne!(family_of(&l, 0, 0), family_of(&l, 1, 0));
        // "Quillby" said without the title is no person's name: one family.
        mr.quotes[0].speaker = Some("Quillby".into());
        let l = link(&[mr, ruiz], &LinkConfig::default());
        assert_eq!(family_of(&l, 0, 0), family_of(&l, 1, 0));
    }

    #[test]
    fn issue13_a_phrase_stated_by_a_name_that_runs_into_an_apposition_is_that_persons() {
        // "…," said Tom Berg, who advises the council: a whole utterance
        // of Tom Berg's, not Ana Ruiz's words cut in part.
        let mut ruiz = named(article("a", &["the sums don't add up"]), "Ana Ruiz");
        ruiz.quotes[0].kind = Kind::Partial;
        let mut berg = named(
            article("b", &["The sums don't add up,"]),
            "Berg, who advises the council but is not paid by it",
        );
        berg.quotes[0].speaker_canonical = Some("Tom Berg".into());
        let l = link(&[ruiz.clone(), berg.clone()], &LinkConfig::default());
        assert_ne!(family_of(&l, 0, 0), family_of(&l, 1, 0));
        // Quoted in part, such a credit is not read: one family.
        let mut partial = berg.clone();
        partial.quotes[0].kind = Kind::Partial;
        let l = link(&[ruiz.clone(), partial], &LinkConfig::default());
        assert_eq!(family_of(&l, 0, 0), family_of(&l, 1, 0));
        // Nor is a credit resolved from "he": it is wrong too often.
        let mut he = berg;
        he.quotes[0].speaker = Some("he".into());
        let l = link(&[ruiz, he], &LinkConfig::default());
        assert_eq!(family_of(&l, 0, 0), family_of(&l, 1, 0));
    }

    #[test]
    fn issue13_persons_no_first_name_list_knows_say_common_phrases_apart() {
        let phrase = "It was a team effort";
        let arts = [
            named(article("a", &[phrase]), "Zorvan Kettleby"),
            named(article("b", &[phrase]), "Quilla Marsande"),
            named(article("c", &[phrase]), "Harbour Ministry"),
            named(article("d", &[phrase]), "Prime Minister"),
        ];
        let l = link(&arts, &LinkConfig::default());
        let fam = |a| family_of(&l, a, 0);
        assert_ne!(fam(0), fam(1), "two names shaped like persons' said it apart");
        // A body, or a role, may speak through either of them.
        assert!(fam(2) == fam(0) || fam(2) == fam(1));
        assert!(fam(3) == fam(0) || fam(3) == fam(1));
    }

    #[test]
    fn issue13_words_like_a_line_credited_to_someone_else_are_not_cut_from_it() {
        let line = "I think the new harbour plan is a real success for the fishermen of this town and for all the families who work on its busy quays";
        let like = "the new harbour plan is a disaster for the fishermen of this town";
        let cut = "the new harbour plan is a real success";
        let arts = [
            named(article("a", &[line]), "Ana Ruiz"),
            named(article("b", &[like]), "Tom Berg"),
            named(article("c", &[cut]), "Tom Berg"),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(
            l.link_between(1, 0).map(|k| k.kind),
            Some(LinkKind::Containment),
            "close enough to be a fragment by its words"
        );
        assert_ne!(family_of(&l, 1, 0), family_of(&l, 0, 0));
        // A whole cut stays with its line whoever it is credited to.
        assert_eq!(family_of(&l, 2, 0), family_of(&l, 0, 0));
    }

    #[test]
    fn issue13_a_common_phrase_the_line_holds_only_with_words_between_is_not_cut_from_it() {
        let line = "It is very disappointing and I will have to do my best. Time will shortly tell if I can play";
        let arts = [
            named(article("a", &[line]), "Ana Ruiz"),
            article("b", &[line]),
            named(article("c", &["Time will tell"]), "Tom Berg"),
            named(article("d", &["Time will tell"]), "Ada Birch"),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 0, 0), family_of(&l, 1, 0));
        assert_ne!(family_of(&l, 2, 0), family_of(&l, 0, 0), "said apart by another person");
        assert_ne!(family_of(&l, 2, 0), family_of(&l, 3, 0));
        // Held in one run, it is a cut whoever it is credited to, in an
        // article that names the line's speaker.
        let mut cut = named(article("c", &["Time will shortly tell"]), "Tom Berg");
        cut.title = Some("Berg answers Ruiz".into());
        let arts = [named(article("a", &[line]), "Ana Ruiz"), cut];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 0), family_of(&l, 0, 0));
    }

    #[test]
    fn issue13_a_phrase_another_person_says_is_not_cut_from_a_line_whose_speaker_goes_unnamed() {
        let line =
            "This was one of the finest moments of my forty years at sea and it is a badge of honour I will wear";
        let phrase = "a badge of honour";
        let arts = [
            named(article("a", &[line]), "Ana Ruiz"),
            named(article("b", &[line]), "Ana Ruiz"),
            named(article("c", &[phrase]), "Tom Berg"),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 0, 0), family_of(&l, 1, 0));
        assert_ne!(family_of(&l, 2, 0), family_of(&l, 0, 0), "Tom Berg's own phrase");
        // Where the article names the line's speaker (here by crediting
        // her with another quote), the phrase is words cut from her line,
        // misread as his.
        let mut cut = named(article("c", &[phrase]), "Tom Berg");
        cut.quotes
            .extend(named(article("x", &["We sail at dawn"]), "Ana Ruiz").quotes);
        let arts = [arts[0].clone(), arts[1].clone(), cut];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 2, 0), family_of(&l, 0, 0));
        // A phrase quoted in part and credited to no one by name, or by
        // "he" resolved to a name, stays a cut: such credits are read
        // wrongly too often.
        let mut he = article("c", &[phrase]);
        he.quotes[0].kind = Kind::Partial;
        he.quotes[0].speaker = Some("he".into());
        he.quotes[0].speaker_canonical = Some("Tom Berg".into());
        he.quotes[0].cue = Some("said".into());
        let arts = [arts[0].clone(), arts[1].clone(), he];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 2, 0), family_of(&l, 0, 0));
        // Stated as a whole utterance ("A badge of honour," he said), it
        // is his own words, resolved credit or not (issue 13).
        let mut stated = arts[2].clone();
        stated.quotes[0].kind = Kind::Statement;
        let arts = [arts[0].clone(), arts[1].clone(), stated];
        let l = link(&arts, &LinkConfig::default());
        assert_ne!(family_of(&l, 2, 0), family_of(&l, 0, 0), "his own utterance");
        // `common: 0` turns the rule off with the rest of common speech.
        let arts = [
            arts[0].clone(),
            arts[1].clone(),
            named(article("c", &[phrase]), "Tom Berg"),
        ];
        let off = LinkConfig {
            common: 0,
            ..LinkConfig::default()
        };
        let l = link(&arts, &off);
        assert_eq!(family_of(&l, 2, 0), family_of(&l, 0, 0));
    }

    #[test]
    fn issue13_a_term_in_scare_quotes_is_cut_from_a_line_only_beside_its_speakers_name() {
        let line = "We set up the harbour watch to keep the boats safe through the long winter nights";
        let term = |id: &str| {
            let mut a = article(id, &["harbour watch"]);
            a.quotes[0].kind = Kind::Scare;
            a
        };
        let arts = [
            named(article("a", &[line]), "Ana Ruiz"),
            named(article("b", &[line]), "Ana Ruiz"),
            term("c"),
        ];
        let l = link(&arts, &LinkConfig::default());
        assert_ne!(family_of(&l, 2, 0), family_of(&l, 0, 0), "the writer's own term");
        // Nor is it cut from a line that no one is named for, but in an
        // article that quotes the line.
        let l = link(
            &[article("a", &[line]), article("b", &[line]), term("c")],
            &LinkConfig::default(),
        );
        assert_ne!(family_of(&l, 2, 0), family_of(&l, 0, 0));
        let mut with_line = term("c");
        with_line.quotes.extend(article("x", &[line]).quotes);
        let l = link(&[article("a", &[line]), with_line], &LinkConfig::default());
        assert_eq!(family_of(&l, 1, 0), family_of(&l, 0, 0));
        // Beside a quote credited to the line's speaker, it is her words.
        let mut beside = term("c");
        beside
            .quotes
            .extend(named(article("x", &["We sail at dawn"]), "Ana Ruiz").quotes);
        let arts = [arts[0].clone(), arts[1].clone(), beside];
        let l = link(&arts, &LinkConfig::default());
        assert_eq!(family_of(&l, 2, 0), family_of(&l, 0, 0));
    }

    const PLEDGE: &str = "We will not raise taxes on working families this year or next";
    /// Four words changed one at a time: similarity about 0.61.
    const PLEDGE_DRIFTED: &str = "We will never raise levies on poor families this year or later";
    /// Two words changed in a row ("for poor"): similarity about 0.67,
    /// but not the way a line drifts word by word.
    const PLEDGE_OTHER: &str = "We will never raise taxes for poor families this year or later";

    #[test]
    fn a_short_line_drifted_word_by_word_links_when_one_speaker_says_both() {
        let cfg = LinkConfig::default();
        let arts = [article("a", &[PLEDGE]), article("b", &[PLEDGE_DRIFTED])];
        let sim = {
            let l = link(&arts, &cfg);
            align::similarity(l.variants[0].seq(), l.variants[1].seq())
        };
        assert!(sim < cfg.drift && sim >= cfg.drift - SAME_SPEAKER_SLACK, "{sim}");
        assert_eq!(link(&arts, &cfg).families.len(), 2, "no speaker, no link");
        let one = [
            said_by(article("a", &[PLEDGE]), "Ana Ruiz"),
            said_by(article("b", &[PLEDGE_DRIFTED]), "A. Ruiz"),
        ];
        assert_eq!(link(&one, &cfg).families.len(), 1);
        let two = [
            said_by(article("a", &[PLEDGE]), "Ana Ruiz"),
            said_by(article("b", &[PLEDGE_DRIFTED]), "John Smith"),
        ];
        assert_eq!(link(&two, &cfg).families.len(), 2);
        let phrase = [
            said_by(article("a", &[PLEDGE]), "Ana Ruiz"),
            said_by(article("b", &[PLEDGE_OTHER]), "Ana Ruiz"),
        ];
        let l = link(&phrase, &cfg);
        let sim = align::similarity(l.variants[0].seq(), l.variants[1].seq());
        assert!(sim < cfg.drift && sim >= cfg.drift - SAME_SPEAKER_SLACK, "{sim}");
        assert_eq!(l.families.len(), 2, "a run of two changed words");
    }
}
