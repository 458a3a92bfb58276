//! Provenance: puts each family of linked quotes in time, finds its first
//! appearance, infers who copied whom (copy edges, with a confidence and
//! the evidence), keeps the sources the articles cite apart from those
//! inferred edges, reconciles speakers across copies, and audits drift.
//! Pure: it reads the analysed articles and the linker's result, and
//! returns data for `render` to write.

pub mod drift;
mod inputs;
pub mod names;
pub mod outlets;
mod spelling;
pub mod time;

use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use petgraph::graph::{DiGraph, NodeIndex};
use serde::{Deserialize, Serialize};

use crate::article::Analysed;
use crate::extract::Kind;
use crate::link::{align, LinkConfig, LinkKind, Linked};
use drift::{Audit, WordClasses};
use spelling::Spelling;
use time::Stamp;

/// Copies shorter than this (in words) are no evidence of a
/// misattribution: a phrase ("we'll see", "a priority") is said by many
/// people, a sentence by one.
const MISATTRIBUTION_MIN_WORDS: usize = 8;

/// Occurrences per credit compared for a shared run: a family that
/// chains many copies needs only a few of each credit's.
const MISATTRIBUTION_SAMPLE: usize = 8;

/// The whole provenance of a corpus, ready to serialize.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Provenance {
    /// Families with copies in two or more articles first (most articles
    /// first), then the rest; each ordered by first appearance.
    pub families: Vec<FamilyReport>,
    /// Every named speaker, spellings merged.
    pub speakers: Vec<SpeakerReport>,
    /// The sources articles cite for their quotes.
    pub sources: Vec<SourceReport>,
    /// The thresholds the links were made with.
    pub thresholds: Thresholds,
    /// Family index of every occurrence, by article, quote and piece (its
    /// segments, then the quotes nested in them: `link::piece_text`).
    #[serde(skip)]
    pub family_of: Vec<Vec<Vec<usize>>>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Thresholds {
    pub min_words: usize,
    pub drift: f64,
    pub contain: f64,
    pub length_ratio: f64,
    pub max_postings: usize,
    pub overlap: usize,
    /// Missing from stores linked before it existed: 0, off.
    #[serde(default)]
    pub common: usize,
}

impl From<&LinkConfig> for Thresholds {
    fn from(c: &LinkConfig) -> Self {
        Thresholds {
            min_words: c.min_words,
            drift: c.drift,
            contain: c.contain,
            length_ratio: c.length_ratio,
            max_postings: c.max_postings,
            overlap: c.overlap,
            common: c.common,
        }
    }
}

impl From<&Thresholds> for LinkConfig {
    fn from(t: &Thresholds) -> Self {
        LinkConfig {
            min_words: t.min_words,
            drift: t.drift,
            contain: t.contain,
            length_ratio: t.length_ratio,
            max_postings: t.max_postings,
            overlap: t.overlap,
            common: t.common,
        }
    }
}

/// One family of a line: its occurrences, variants, and provenance.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FamilyReport {
    pub id: String,
    /// The line as its first appearance words it.
    pub canonical: String,
    pub articles: usize,
    /// Occurrence ids of the first appearance; more than one is a tie.
    pub first_appearance: Vec<String>,
    pub tie: bool,
    /// Occurrences in undated articles: they may be earlier.
    pub undated: Vec<String>,
    /// The speaker most copies name, spellings merged.
    pub speaker: Option<String>,
    pub speakers: Vec<Counted>,
    /// Copies that state the line (a sentence or more of it, framed by a
    /// speech verb) name speakers that cannot be one person or body, each
    /// in an article that names no other: see `misattribution`.
    pub possible_misattribution: bool,
    /// The evidence for `possible_misattribution`: who the line is
    /// credited to, and in which articles; empty when not flagged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub misattribution: Vec<Credit>,
    /// Families this one is a fragment of, and fragments of this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inside: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contains: Vec<String>,
    pub occurrences: Vec<OccurrenceReport>,
    /// The first appearance's wording first, then the others in time order.
    pub variants: Vec<VariantReport>,
    /// (A store keeps these two in their tables, not in its reports.)
    #[serde(default)]
    pub copy_edges: Vec<CopyEdge>,
    #[serde(default)]
    pub citations: Vec<Citation>,
}

/// One speaker a line is credited to, and the articles that say so.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Credit {
    pub speaker: String,
    pub articles: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Counted {
    pub name: String,
    pub count: usize,
}

impl FamilyReport {
    /// The family without its occurrences, variants, edges and
    /// citations: what the article graph's labels and the quotes file
    /// ask of a family once its full report has been written out.
    pub fn outline(&self) -> FamilyReport {
        FamilyReport {
            id: self.id.clone(),
            canonical: self.canonical.clone(),
            articles: self.articles,
            first_appearance: Vec::new(),
            tie: self.tie,
            undated: Vec::new(),
            speaker: self.speaker.clone(),
            speakers: Vec::new(),
            possible_misattribution: self.possible_misattribution,
            misattribution: Vec::new(),
            inside: Vec::new(),
            contains: Vec::new(),
            occurrences: Vec::new(),
            variants: Vec::new(),
            copy_edges: Vec::new(),
            citations: Vec::new(),
        }
    }
}

/// One quote in one article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OccurrenceReport {
    /// `ARTICLE#Q` (the Q-th quote of the article), or `ARTICLE#Q.S` for
    /// segment S of a quote in several.
    pub id: String,
    pub article: String,
    pub quote: usize,
    /// The piece of the quote, for a quote in several segments.
    pub segment: usize,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub kind: String,
    pub speaker: Option<String>,
    pub speaker_canonical: Option<String>,
    pub variant: String,
    /// The occurrence's text as written.
    pub text: String,
}

/// One wording of a line.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VariantReport {
    pub id: String,
    pub text: String,
    pub occurrences: Vec<String>,
    /// The closest, more complete, earlier variant it attaches to.
    pub parent: Option<String>,
    /// How it relates to its parent, and how closely.
    pub link: Option<LinkKind>,
    pub similarity: Option<f64>,
    /// Its diff against the first appearance, and the classified changes.
    #[serde(flatten)]
    pub audit: Audit,
}

/// A later occurrence and the earlier one it most likely copied.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CopyEdge {
    pub from: String,
    pub to: String,
    pub from_article: String,
    pub to_article: String,
    pub kind: LinkKind,
    pub similarity: f64,
    /// The chosen source's share of the evidence over all candidate
    /// sources, times the similarity: in (0, 1].
    pub confidence: f64,
    pub evidence: Vec<String>,
}

/// A source the article itself names for the quote.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Citation {
    pub occurrence: String,
    pub article: String,
    pub source: String,
    /// The conduit as the article words it.
    pub cue: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SpeakerReport {
    pub name: String,
    pub spellings: Vec<String>,
    pub quotes: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceReport {
    pub id: String,
    pub name: String,
    pub citations: usize,
}

/// A node of the article-level provenance graph.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Article(usize),
    Source(usize),
}

/// An edge of the article-level provenance graph.
#[derive(Debug, Clone, PartialEq)]
pub enum Edge {
    /// Inferred copies from one article to a later one: the families, the
    /// lowest similarity among drifted copies (1.0 if none drifted), and
    /// whether any copy is a fragment.
    Copy {
        families: Vec<usize>,
        min_similarity: f64,
        verbatim: bool,
        fragment: bool,
    },
    /// The article names the source for a quote.
    Cites { families: Vec<usize> },
    /// An undated article shares lines with the first appearance: no
    /// direction can be inferred.
    Shares { families: Vec<usize> },
}

/// `ARTICLE#Q` for a quote of one piece, `ARTICLE#Q.S` for segment S of
/// a quote in several.
pub fn occ_id(a: &Analysed, q: usize, s: usize) -> String {
    let segments = crate::link::segment_count(&a.quotes[q]);
    if s >= segments {
        // A quote nested in the quote: `ARTICLE#N.nK`.
        format!("{}#{}.n{}", a.id, q, s - segments)
    } else if segments > 1 {
        format!("{}#{}.{}", a.id, q, s)
    } else {
        format!("{}#{}", a.id, q)
    }
}

/// The name a quote's speaker goes by: canonical when resolved.
/// Who the copies of a line credit it to, when they name persons who
/// cannot be one person; empty otherwise. Only copies that carry a
/// sentence of the line count (`words(o)` at least
/// [`MISATTRIBUTION_MIN_WORDS`]), stated or quoted in part and credited by
/// a speech verb to a person's name (a first name and a surname, spellings
/// merged; not "he", "the senior lawmaker", a body or a place), named as
/// such in the article: a pronoun or a description the extractor resolved
/// to a name elsewhere is more often a misread than a misattribution (on
/// the simulator, most false flags were). A quote nested in another is
/// credited to no one. An article
/// that credits the line to two people is more likely a misread
/// attribution than evidence, and is left out.
fn misattribution_evidence(ctx: &Ctx<'_>, occs: &[u32], words: &dyn Fn(u32) -> usize) -> Vec<Credit> {
    let mut by_article: BTreeMap<&str, (BTreeSet<&str>, Vec<u32>)> = BTreeMap::new();
    for &o in occs {
        let (a, q) = ctx.occ(o);
        let quote = &ctx.articles[a].quotes[q];
        if ctx.nested(o) {
            continue;
        }
        let framed = matches!(quote.kind, Kind::Statement | Kind::Partial) && quote.cue.is_some();
        if !framed || words(o) < MISATTRIBUTION_MIN_WORDS || !quote.speaker.as_deref().is_some_and(names::is_name) {
            continue;
        }
        if let Some(name) = ctx.speaker(o).filter(|n| names::is_person_name(n)) {
            let entry = by_article.entry(ctx.articles[a].id.as_str()).or_default();
            entry.0.insert(name);
            entry.1.push(o);
        }
    }
    // Names of one person ("Trump", "Donald Trump") are one credit even
    // where the corpus-wide clusters keep them apart: a name joins the
    // first credit whose name `same_keys` meets. Two names can only meet
    // on their last key or their first two, so credits are looked up
    // there: a family that chains thousands of speakers' lines is not
    // compared all against all. A name's credit never changes once found
    // (credits are only added after it), unless it has no keys and so
    // meets no name, not even itself.
    let mut credits: Vec<Credit> = Vec::new();
    let mut credit_keys: Vec<Vec<String>> = Vec::new();
    let mut by_last: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_head: HashMap<(String, String), Vec<usize>> = HashMap::new();
    let mut joined: HashMap<&str, usize> = HashMap::new();
    let head = |k: &[String]| match k {
        [a, b, ..] => Some((a.clone(), b.clone())),
        _ => None,
    };
    let mut credit_occs: Vec<Vec<u32>> = Vec::new();
    for (article, (persons, article_occs)) in &by_article {
        let mut persons = persons.iter();
        let (Some(&name), None) = (persons.next(), persons.next()) else {
            continue;
        };
        let c = match joined.get(name) {
            Some(&c) => c,
            None => {
                let keys = names::name_keys(name);
                let near = keys
                    .last()
                    .and_then(|l| by_last.get(l))
                    .into_iter()
                    .chain(head(&keys).and_then(|h| by_head.get(&h)))
                    .flatten();
                let c = near
                    .copied()
                    .filter(|&c| names::same_keys(&credit_keys[c], &keys))
                    .min()
                    .unwrap_or_else(|| {
                        let c = credits.len();
                        credits.push(Credit {
                            speaker: name.to_string(),
                            articles: Vec::new(),
                        });
                        if let Some(l) = keys.last() {
                            by_last.entry(l.clone()).or_default().push(c);
                        }
                        if let Some(h) = head(&keys) {
                            by_head.entry(h).or_default().push(c);
                        }
                        credit_keys.push(keys.clone());
                        c
                    });
                if !keys.is_empty() {
                    joined.insert(name, c);
                }
                c
            }
        };
        credits[c].articles.push(article.to_string());
        credit_occs.resize_with(credits.len(), Vec::new);
        credit_occs[c].extend_from_slice(article_occs);
    }
    if credits.len() < 2 {
        return Vec::new();
    }
    // The credits must be of one line: two of them share a sentence's
    // worth of words in order, outside any quote the speaker quotes in
    // turn. A
    // common phrase inside two long statements ("you don't know what you
    // don't know"), or a tweet quoting the line's speaker, is no
    // misattribution.
    let runs: Vec<Vec<Vec<String>>> = credit_occs
        .iter()
        .map(|os| {
            os.iter()
                .take(MISATTRIBUTION_SAMPLE)
                .map(|&o| own_words(ctx.text(o)))
                .collect()
        })
        .collect();
    let shares = |a: usize, b: usize| {
        runs[a].iter().any(|x| {
            runs[b]
                .iter()
                .any(|y| shared_in_order(x, y) >= MISATTRIBUTION_MIN_WORDS)
        })
    };
    let keep: Vec<bool> = (0..credits.len())
        .map(|a| (0..credits.len()).any(|b| b != a && shares(a, b)))
        .collect();
    let mut credits: Vec<Credit> = credits
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect();
    if credits.len() < 2 {
        return Vec::new();
    }
    credits.sort_by(|a, b| b.articles.len().cmp(&a.articles.len()).then(a.speaker.cmp(&b.speaker)));
    credits
}

/// The normalized words a speaker says in their own voice: the text
/// outside any quote nested in it (‘…’, “…”).
fn own_words(text: &str) -> Vec<String> {
    let mut own = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '‘' | '“' => depth += 1,
            // A closing single quote after a letter and before a letter is
            // an apostrophe ("don’t").
            '’' if prev.is_some_and(char::is_alphabetic) && chars.peek().is_some_and(|n| n.is_alphabetic()) => {
                own.extend((depth == 0).then_some(c))
            }
            '’' | '”' if depth > 0 => {
                depth -= 1;
                own.push(' ');
            }
            _ if depth == 0 => own.push(c),
            _ => {}
        }
        prev = Some(c);
    }
    drift::tokens(&own).into_iter().map(|t| t.norm).collect()
}

/// How many words `a` and `b` share in order (their longest common
/// subsequence): a drifted copy keeps most of its line's words in order,
/// where a common phrase shares only itself.
fn shared_in_order(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diag = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { row[j + 1].max(row[j]) };
            diag = up;
        }
    }
    row[b.len()]
}

fn speaker_of(q: &crate::extract::Quote) -> Option<&str> {
    q.speaker_canonical.as_deref().or(q.speaker.as_deref())
}

/// The source a conduit names: its leading proper name ("Reuters" from
/// "as cited in Reuters", "Interfax" from "the Interfax news agency").
pub fn source_name(conduit: &str) -> String {
    let words: Vec<&str> = conduit.split_whitespace().collect();
    let start = words
        .iter()
        .position(|w| w.chars().next().is_some_and(char::is_uppercase))
        .unwrap_or(0);
    let name: Vec<&str> = words[start..]
        .iter()
        .take_while(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
        .map(|w| w.trim_end_matches([',', '.', ';', ':']))
        .collect();
    if name.is_empty() {
        conduit.trim().to_string()
    } else {
        name.join(" ")
    }
}

struct Ctx<'a> {
    articles: &'a [Analysed],
    linked: &'a Linked,
    stamps: Vec<Option<Stamp>>,
    /// Speaker cluster display name by speaker string.
    speaker_name: HashMap<&'a str, String>,
}

impl<'a> Ctx<'a> {
    fn occ(&self, o: u32) -> (usize, usize) {
        let oc = &self.linked.occurrences[o as usize];
        (oc.article as usize, oc.quote as usize)
    }

    fn stamp(&self, o: u32) -> Option<Stamp> {
        self.stamps[self.occ(o).0]
    }

    fn segment(&self, o: u32) -> usize {
        self.linked.occurrences[o as usize].segment as usize
    }

    /// Is the occurrence a quote nested in its quote (credited to no one)?
    fn nested(&self, o: u32) -> bool {
        self.linked.occurrences[o as usize].nested
    }

    fn id(&self, o: u32) -> String {
        let (a, q) = self.occ(o);
        occ_id(&self.articles[a], q, self.segment(o))
    }

    /// The occurrence's words as written: its piece of the quote.
    fn text(&self, o: u32) -> &'a str {
        let (a, q) = self.occ(o);
        let art = &self.articles[a];
        crate::link::piece_text(&art.quotes[q], &art.language, self.segment(o))
    }

    /// Sort key: dated first by start, then article id, quote, segment.
    fn key(&self, o: u32) -> (bool, i64, &str, usize, usize) {
        let (a, q) = self.occ(o);
        match self.stamps[a] {
            Some(s) => (false, s.lo, self.articles[a].id.as_str(), q, self.segment(o)),
            None => (true, 0, self.articles[a].id.as_str(), q, self.segment(o)),
        }
    }

    fn speaker(&self, o: u32) -> Option<&str> {
        if self.nested(o) {
            return None;
        }
        let (a, q) = self.occ(o);
        let s = speaker_of(&self.articles[a].quotes[q])?;
        self.speaker_name.get(s).map(String::as_str)
    }

    /// The source the occurrence's article names for it, if any.
    fn source(&self, o: u32) -> Option<String> {
        if self.nested(o) {
            return None;
        }
        let (a, q) = self.occ(o);
        self.articles[a].quotes[q].conduit.as_deref().map(source_name)
    }

    fn outlet(&self, o: u32) -> Option<&str> {
        self.articles[self.occ(o).0].outlet.as_deref()
    }

    /// How close two variants are, and the kind of their relation.
    fn closeness(&self, a: u32, b: u32) -> (f64, LinkKind) {
        if a == b {
            return (1.0, LinkKind::Verbatim);
        }
        if let Some(l) = self.linked.link_between(a, b) {
            return (l.score, l.kind);
        }
        let (va, vb) = (&self.linked.variants[a as usize], &self.linked.variants[b as usize]);
        let (s, l) = if va.total <= vb.total { (va, vb) } else { (vb, va) };
        if f64::from(s.total) < 0.6 * f64::from(l.total.max(1)) {
            (align::coverage(s.seq(), l.seq()), LinkKind::Containment)
        } else {
            (align::similarity(s.seq(), l.seq()), LinkKind::Drift)
        }
    }
}

/// Traces provenance for every family the linker found. `articles` must be
/// the slice the linker was given.
pub fn trace(articles: &[Analysed], linked: &Linked, cfg: &LinkConfig, wc: &WordClasses) -> Provenance {
    let mut families = Vec::new();
    let mut prov = trace_each(articles, linked, cfg, wc, &mut |f| families.push(f));
    prov.families = families;
    prov
}

/// [`trace`], handing each family's report to `each` in order as it is
/// made, instead of holding them all: the returned [`Provenance`] has no
/// families. For corpora whose reports outgrow memory.
pub fn trace_each(
    articles: &[Analysed],
    linked: &Linked,
    cfg: &LinkConfig,
    wc: &WordClasses,
    each: &mut dyn FnMut(FamilyReport),
) -> Provenance {
    trace_some(
        articles,
        linked,
        cfg,
        wc,
        None,
        &mut |family, _| {
            if let Traced::Report(fam) = family {
                each(*fam)
            }
        },
        &mut |_| {},
    )
}

/// A family as [`trace_some`] hands it out.
pub enum Traced {
    Report(Box<FamilyReport>),
    /// A family whose report its caller keeps: its inputs are those of
    /// the report the caller holds under its key.
    Kept(Kept),
}

/// Says whether a caller holds the report of the family of a key, made
/// of those inputs ([`trace_some`]).
pub type Keep<'a> = dyn Fn(&str, u64) -> bool + Sync + 'a;

/// What a kept family's report does not hold, and a build finds anew.
pub struct Kept {
    /// Its id now (`F12`: its rank in this corpus).
    pub id: String,
    /// Its key (`store::family_key`).
    pub key: String,
    /// The ids of the families it is a fragment of, in rank order.
    pub inside: Vec<String>,
}

/// [`trace_each`] for a caller that keeps reports (the store): each
/// family comes to `each` in order with its *inputs*, a number that
/// changes whenever anything its report reads does ([`inputs`]; 0 when
/// `keep` is `None`). `keep(key, inputs)` says whether the caller holds
/// the report of the family of that key made of those inputs (`add`,
/// from the store); such a family is not traced but handed out as
/// [`Traced::Kept`]. `lap` is called with the name of each step as it
/// ends (what `build --stats` times).
pub fn trace_some(
    articles: &[Analysed],
    linked: &Linked,
    cfg: &LinkConfig,
    wc: &WordClasses,
    keep: Option<&Keep<'_>>,
    each: &mut dyn FnMut(Traced, u64),
    lap: &mut dyn FnMut(&'static str),
) -> Provenance {
    let stamps: Vec<Option<Stamp>> = articles
        .par_iter()
        .map(|a| a.published.as_deref().and_then(time::parse))
        .collect();

    // Speakers: every name-like speaker, clustered across spellings.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for a in articles {
        for q in &a.quotes {
            if let Some(s) = speaker_of(q).filter(|s| names::is_name(s)) {
                *counts.entry(s).or_insert(0) += 1;
            }
        }
    }
    let listed: Vec<(&str, usize)> = counts.iter().map(|(k, v)| (*k, *v)).collect();
    let (cluster_of, display) = names::cluster(&listed);
    let mut speaker_name = HashMap::new();
    let mut speakers: Vec<SpeakerReport> = display
        .iter()
        .map(|d| SpeakerReport {
            name: d.clone(),
            spellings: Vec::new(),
            quotes: 0,
        })
        .collect();
    for (i, (name, n)) in listed.iter().enumerate() {
        speaker_name.insert(*name, display[cluster_of[i]].clone());
        let s = &mut speakers[cluster_of[i]];
        s.spellings.push(name.to_string());
        s.quotes += n;
    }
    speakers.sort_by(|a, b| b.quotes.cmp(&a.quotes).then_with(|| a.name.cmp(&b.name)));

    let ctx = Ctx {
        articles,
        linked,
        stamps,
        speaker_name,
    };

    // Families in a stable order that does not depend on input order.
    let mut order: Vec<usize> = (0..linked.families.len()).collect();
    // A family's occurrences are in input order, so its articles come
    // in order too: counted without a set.
    let article_count = |f: usize| {
        let mut last = None;
        let mut n = 0;
        for &o in &linked.families[f].occurrences {
            let a = linked.occurrences[o as usize].article;
            if last != Some(a) {
                n += 1;
                last = Some(a);
            }
        }
        n
    };
    let counts: Vec<usize> = order.par_iter().map(|&f| article_count(f)).collect();
    let firsts: Vec<u32> = linked
        .families
        .par_iter()
        .map(|f| {
            *f.occurrences
                .iter()
                .min_by_key(|&&o| ctx.key(o))
                .expect("families are never empty")
        })
        .collect();
    // A stable sort, so the order is the same on any number of threads.
    order.par_sort_by(|&a, &b| {
        let multi = |f: usize| counts[f] > 1;
        multi(b)
            .cmp(&multi(a))
            .then_with(|| counts[b].cmp(&counts[a]))
            .then_with(|| ctx.key(firsts[a]).cmp(&ctx.key(firsts[b])))
    });
    let mut name_of = vec![String::new(); linked.families.len()];
    for (rank, &f) in order.iter().enumerate() {
        name_of[f] = format!("F{}", rank + 1);
    }

    // Sources are numbered by name, from every citation in the corpus,
    // before any family is traced.
    let mut cited: BTreeMap<String, usize> = BTreeMap::new();
    for oc in linked.occurrences.iter().filter(|oc| !oc.nested) {
        if let Some(cue) = &articles[oc.article as usize].quotes[oc.quote as usize].conduit {
            *cited.entry(source_name(cue)).or_insert(0) += 1;
        }
    }
    let sorted: Vec<SourceReport> = cited
        .into_iter()
        .enumerate()
        .map(|(i, (name, citations))| SourceReport {
            id: format!("S{}", i + 1),
            name,
            citations,
        })
        .collect();
    let source_id: HashMap<&str, &str> = sorted.iter().map(|s| (s.name.as_str(), s.id.as_str())).collect();
    lap("trace setup");

    // Families are traced in parallel, a slice at a time, and handed out
    // in order: only two slices of reports are held. One slice is handed
    // out while the next is traced, since what `each` does with them
    // (writing families.json) is one ordered stream that would otherwise
    // leave every other core idle.
    let trace_slice = |slice: &[usize]| -> Vec<(Traced, u64)> {
        slice
            .par_iter()
            .map(|&f| {
                let made_of = keep.map_or(0, |_| inputs::inputs(&ctx, f));
                if let Some(keep) = keep {
                    let key = ctx.id(firsts[f]);
                    if keep(&key, made_of) {
                        let kept = Kept {
                            id: name_of[f].clone(),
                            key,
                            inside: in_rank_order(&linked.families[f].inside, &name_of),
                        };
                        return (Traced::Kept(kept), made_of);
                    }
                }
                let report = family_report(&ctx, f, &name_of, counts[f], wc, &source_id);
                (Traced::Report(Box::new(report)), made_of)
            })
            .collect()
    };
    let mut ready: Vec<(Traced, u64)> = Vec::new();
    for slice in order.chunks(1024) {
        ready = std::thread::scope(|s| {
            let next = s.spawn(|| trace_slice(slice));
            ready.drain(..).for_each(|(t, made_of)| each(t, made_of));
            next.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
    }
    ready.into_iter().for_each(|(t, made_of)| each(t, made_of));
    lap("family reports");

    let mut family_of: Vec<Vec<Vec<usize>>> = articles
        .iter()
        .map(|a| {
            a.quotes
                .iter()
                .map(|q| vec![0; crate::link::segment_count(q)])
                .collect()
        })
        .collect();
    let mut rank_of = vec![0; order.len()];
    for (r, &f) in order.iter().enumerate() {
        rank_of[f] = r;
    }
    for (o, oc) in linked.occurrences.iter().enumerate() {
        // Nested quotes follow the segments (`link::piece_text`).
        let pieces = &mut family_of[oc.article as usize][oc.quote as usize];
        if pieces.len() <= oc.segment as usize {
            pieces.resize(oc.segment as usize + 1, 0);
        }
        pieces[oc.segment as usize] = rank_of[linked.family_of_occurrence(o as u32) as usize];
    }

    Provenance {
        families: Vec::new(),
        speakers,
        sources: sorted,
        thresholds: cfg.into(),
        family_of,
    }
}

/// The report of family `f`. Whatever it reads that articles outside
/// the family can change must be in [`inputs::inputs`], or an `add`
/// keeps a stale report.
fn family_report(
    ctx: &Ctx<'_>,
    f: usize,
    name_of: &[String],
    articles: usize,
    wc: &WordClasses,
    source_id: &HashMap<&str, &str>,
) -> FamilyReport {
    let linked = ctx.linked;
    let fam = &linked.families[f];
    let mut occs: Vec<u32> = fam.occurrences.clone();
    occs.sort_by(|&a, &b| ctx.key(a).cmp(&ctx.key(b)));

    // First appearance: dated occurrences nothing dated is surely before.
    let dated: Vec<u32> = occs.iter().copied().filter(|&o| ctx.stamp(o).is_some()).collect();
    // An occurrence is surely after another when it starts once that one
    // has ended: the first appearance starts before every dated end.
    let min_end = dated.iter().map(|&o| ctx.stamp(o).expect("dated").hi).min();
    let first: Vec<u32> = dated
        .iter()
        .copied()
        .filter(|&o| min_end.is_some_and(|end| ctx.stamp(o).expect("dated").lo < end))
        .collect();
    let undated: Vec<u32> = occs.iter().copied().filter(|&o| ctx.stamp(o).is_none()).collect();
    let first_articles: HashSet<usize> = first.iter().map(|&o| ctx.occ(o).0).collect();

    // The root variant: the most complete wording among the first
    // appearance, or, with nothing dated, the most repeated one.
    let variant_of = |o: u32| linked.occurrences[o as usize].variant;
    let pool: &[u32] = if first.is_empty() { &occs } else { &first };
    let root = *pool
        .iter()
        .map(|&o| variant_of(o))
        .collect::<Vec<_>>()
        .iter()
        .max_by(|&&a, &&b| {
            let (va, vb) = (&linked.variants[a as usize], &linked.variants[b as usize]);
            va.total
                .cmp(&vb.total)
                .then_with(|| va.occurrences.len().cmp(&vb.occurrences.len()))
                .then_with(|| b.cmp(&a))
        })
        .expect("families are never empty");

    // Variants in order: root, then by their earliest occurrence.
    let mut variants: Vec<u32> = Vec::new();
    let mut earliest: HashMap<u32, u32> = HashMap::new();
    for &o in &occs {
        let v = variant_of(o);
        if let std::collections::hash_map::Entry::Vacant(e) = earliest.entry(v) {
            e.insert(o);
            if v != root {
                variants.push(v);
            }
        }
    }
    variants.insert(0, root);
    let vname: HashMap<u32, String> = variants
        .iter()
        .enumerate()
        .map(|(i, &v)| (v, format!("{}.v{}", name_of[f], i + 1)))
        .collect();
    let text_of = |o: u32| ctx.text(o);
    let root_occ = earliest[&root];
    let root_tokens = drift::tokens(text_of(root_occ));
    let root_speaker = ctx.speaker(root_occ);

    let rank: HashMap<u32, usize> = variants.iter().enumerate().map(|(i, &v)| (v, i)).collect();
    let mut variant_reports = Vec::with_capacity(variants.len());
    for &v in &variants {
        let e = earliest[&v];
        let mut audit = if v == root {
            Audit::default()
        } else {
            drift::audit(&root_tokens, &drift::tokens(text_of(e)), wc)
        };
        if let (Some(rs), Some(vs)) = (root_speaker, ctx.speaker(e)) {
            if rs != vs {
                drift::speaker_changed(&mut audit, rs, vs);
            }
        }
        let parent = if v == root {
            None
        } else {
            Some(parent_of(ctx, v, &rank, &earliest, root))
        };
        let (link, similarity) = match parent {
            Some(p) => {
                let (s, k) = ctx.closeness(v, p);
                (Some(k), Some(round3(s)))
            }
            None => (None, None),
        };
        let mut occurrences: Vec<String> = linked.variants[v as usize]
            .occurrences
            .iter()
            .filter(|&&o| linked.family_of_occurrence(o) as usize == f)
            .map(|&o| ctx.id(o))
            .collect();
        occurrences.sort();
        variant_reports.push(VariantReport {
            id: vname[&v].clone(),
            text: text_of(e).to_string(),
            occurrences,
            parent: parent.map(|p| vname[&p].clone()),
            link,
            similarity,
            audit,
        });
    }

    // Speakers across the family.
    // Looked up by name: a family that chains many speakers' lines is
    // not scanned once per occurrence.
    let mut speaker_counts: Vec<Counted> = Vec::new();
    let mut speaker_at: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    for &o in &occs {
        if let Some(s) = ctx.speaker(o) {
            let next = speaker_counts.len();
            let at = *speaker_at.entry(s).or_insert(next);
            if at == next {
                speaker_counts.push(Counted {
                    name: s.to_string(),
                    count: 0,
                });
            }
            speaker_counts[at].count += 1;
        }
    }
    // Stable sort: on equal counts the earlier-seen speaker stays first.
    speaker_counts.sort_by_key(|c| std::cmp::Reverse(c.count));
    let speaker = speaker_counts.first().map(|c| c.name.clone());
    let misattribution = misattribution_evidence(ctx, &occs, &|o| linked.variants[variant_of(o) as usize].words.len());
    let possible_misattribution = !misattribution.is_empty();

    // Each variant's words as bases (no possessive), so that "ISIS's"
    // and "ISIS'" are not a drift; computed once per family.
    let bases: HashMap<u32, HashSet<&str>> = variants
        .iter()
        .map(|&v| {
            let words = linked.variants[v as usize]
                .words
                .iter()
                .map(|&w| crate::normalize::word_base(&linked.vocab[w as usize]))
                .collect();
            (v, words)
        })
        .collect();

    // What every candidate pair asks again and again, computed once: the
    // source each occurrence cites, and how close two variants are.
    let memo = Memo {
        source: dated.iter().map(|&o| (o, ctx.source(o))).collect(),
        edits: std::cell::RefCell::new(HashMap::new()),
        spelling: std::cell::RefCell::new(rustc_hash::FxHashMap::default()),
    };

    // Copy edges: each dated occurrence after the first appearance gets
    // its most likely earlier source in another article. Its candidates
    // are the occurrences of its own variant and of the variants linked
    // to it: a copy's source is that close, and looking no further keeps
    // a family of thousands of wordings from being compared all against
    // all. One wording in thousands of articles (a common phrase) is
    // weighed by the latest occurrence of each outlet (`Sources::pool`).
    let sources = Sources::new(ctx, &dated, &memo);
    let first_set: HashSet<u32> = first.iter().copied().collect();
    let copy_edges: Vec<CopyEdge> = dated
        .iter()
        .filter(|o| !first_set.contains(o))
        .filter_map(|&o| {
            let (pool, latest_only) = nearest_earlier(ctx, o, &earliest, &sources);
            copy_edge(ctx, o, root, &pool, latest_only, &bases, &memo)
        })
        .collect();

    // Declared provenance: sources the articles name.
    let mut citations = Vec::new();
    for &o in occs.iter().filter(|&&o| !ctx.nested(o)) {
        let (a, q) = ctx.occ(o);
        if let Some(cue) = &ctx.articles[a].quotes[q].conduit {
            citations.push(Citation {
                occurrence: ctx.id(o),
                article: ctx.articles[a].id.clone(),
                source: source_id[source_name(cue).as_str()].to_string(),
                cue: cue.clone(),
            });
        }
    }

    let occurrences = occs
        .iter()
        .map(|&o| {
            let (a, q) = ctx.occ(o);
            let art = &ctx.articles[a];
            let quote = &art.quotes[q];
            // A nested quote is its speaker quoting someone: no speaker.
            let nested = ctx.nested(o);
            OccurrenceReport {
                id: ctx.id(o),
                article: art.id.clone(),
                quote: q,
                segment: ctx.segment(o),
                outlet: art.outlet.clone(),
                published: art.published.clone(),
                kind: if nested { "nested" } else { quote.kind.as_str() }.to_string(),
                speaker: quote.speaker.clone().filter(|_| !nested),
                speaker_canonical: quote.speaker_canonical.clone().filter(|_| !nested),
                variant: vname[&variant_of(o)].clone(),
                text: ctx.text(o).to_string(),
            }
        })
        .collect();

    let inside = in_rank_order(&fam.inside, name_of);
    let contains = in_rank_order(&fam.contains, name_of);

    FamilyReport {
        id: name_of[f].clone(),
        canonical: text_of(root_occ).to_string(),
        articles,
        first_appearance: first.iter().map(|&o| ctx.id(o)).collect(),
        tie: first_articles.len() > 1,
        undated: undated.iter().map(|&o| ctx.id(o)).collect(),
        speaker,
        speakers: speaker_counts,
        possible_misattribution,
        misattribution,
        inside,
        contains,
        occurrences,
        variants: variant_reports,
        copy_edges,
        citations,
    }
}

/// The ids of families `fams`, in rank order.
fn in_rank_order(fams: &[u32], name_of: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = fams.iter().map(|&g| name_of[g as usize].clone()).collect();
    ids.sort_by_key(|s| s[1..].parse::<usize>().unwrap_or(0));
    ids
}

/// Past this many dated occurrences in the wordings a copy may come
/// from, its candidate sources are not weighed an occurrence at a time
/// (see [`Sources::pool`]): a common phrase in 5,000 articles made its
/// family's copy edges 25 million comparisons.
const MAX_CANDIDATES: usize = 256;

/// A run of [`Sources`]: one outlet, one cited source, one spelling.
type RunKey<'a> = (Option<&'a str>, Option<&'a str>, Vec<String>);

/// A family's dated occurrences by variant, in time order; and, in a
/// family with more than [`MAX_CANDIDATES`] of them, each variant's in
/// runs of one outlet, one cited source and one spelling, latest first.
struct Sources {
    dated: HashMap<u32, Vec<u32>>,
    runs: HashMap<u32, Vec<Vec<u32>>>,
}

impl Sources {
    fn new<'a>(ctx: &Ctx<'a>, dated: &[u32], memo: &Memo<'a>) -> Sources {
        let variant_of = |o: u32| ctx.linked.occurrences[o as usize].variant;
        let mut by_variant: HashMap<u32, Vec<u32>> = HashMap::new();
        for &o in dated {
            by_variant.entry(variant_of(o)).or_default().push(o);
        }
        let mut runs = HashMap::new();
        if dated.len() > MAX_CANDIDATES {
            let mid = |o: u32| ctx.stamp(o).expect("dated").mid();
            for (&v, occs) in &by_variant {
                let mut by_run: BTreeMap<RunKey<'_>, Vec<u32>> = BTreeMap::new();
                for &o in occs {
                    let spelt = memo.spelling(ctx, o).key().to_vec();
                    by_run
                        .entry((ctx.outlet(o), memo.source[&o].as_deref(), spelt))
                        .or_default()
                        .push(o);
                }
                let sorted = by_run
                    .into_values()
                    .map(|mut run| {
                        run.sort_by(|&a, &b| mid(b).cmp(&mid(a)).then_with(|| ctx.key(a).cmp(&ctx.key(b))));
                        run
                    })
                    .collect();
                runs.insert(v, sorted);
            }
        }
        Sources {
            dated: by_variant,
            runs,
        }
    }

    /// The candidate sources of `o` among the occurrences of `variants`:
    /// every one, or, past [`MAX_CANDIDATES`], only the latest that is
    /// earlier than `o` and in another article of each run (then `true`).
    /// That keeps the best source [`copy_edge`] would choose from them
    /// all: within a run the wording, outlet, cited source and spelling are one, so
    /// a candidate's score only falls with its age. What changes is the
    /// confidence, the best one's share among outlets, not articles.
    fn pool(&self, ctx: &Ctx<'_>, o: u32, variants: &[u32]) -> (Vec<u32>, bool) {
        let dated = |u: &u32| self.dated.get(u).map_or(&[][..], Vec::as_slice);
        if variants.iter().map(|u| dated(u).len()).sum::<usize>() <= MAX_CANDIDATES {
            return (variants.iter().flat_map(dated).copied().collect(), false);
        }
        let so = ctx.stamp(o).expect("dated");
        let (oa, _) = ctx.occ(o);
        let stamp = |p: u32| ctx.stamp(p).expect("dated");
        let latest = variants
            .iter()
            .flat_map(|u| self.runs.get(u).into_iter().flatten())
            .filter_map(|run| {
                // Nothing whose midpoint is past `o`'s can end before it.
                let from = run.partition_point(|&p| stamp(p).mid() > so.mid());
                run[from..]
                    .iter()
                    .copied()
                    .find(|&p| ctx.occ(p).0 != oa && stamp(p).order(&so) == Ordering::Less)
            })
            .collect();
        (latest, true)
    }
}

/// Per-family answers that copy-edge scoring asks for every candidate.
struct Memo<'a> {
    source: HashMap<u32, Option<String>>,
    /// Edits from one variant (the source) to another (the copy).
    edits: std::cell::RefCell<HashMap<(u32, u32), align::Edits>>,
    /// How each occurrence is spelt, when first asked.
    spelling: std::cell::RefCell<rustc_hash::FxHashMap<u32, std::rc::Rc<Spelling<'a>>>>,
}

impl<'a> Memo<'a> {
    fn spelling(&self, ctx: &Ctx<'a>, o: u32) -> std::rc::Rc<Spelling<'a>> {
        self.spelling
            .borrow_mut()
            .entry(o)
            .or_insert_with(|| std::rc::Rc::new(Spelling::of(ctx.text(o))))
            .clone()
    }
}

/// Odds that a copy edits one more word of its source (or cuts it): a
/// source in the copy's very words beats one a word away tenfold.
const EDIT_ODDS: f64 = 0.1;
/// The copy and the candidate are from one outlet.
const SAME_OUTLET_ODDS: f64 = 1.3;
/// The copy names the candidate's outlet as its source: that outweighs
/// a word or two of difference.
const CITED_ODDS: f64 = 50.0;
/// Odds per spelling mark (a hyphen, an elision, an editor's insert) the
/// copy and the candidate do not share ([`spelling`]): weaker than a word
/// edited, since an outlet may respell a line to its house style, but
/// among sources in the same words the one spelt as the copy is the
/// likelier. Chosen on simulated seeds 11-13 (0.3-0.7 scored alike),
/// BENCHMARKS.md "Copy sources spelt as the copy".
const SPELLING_ODDS: f64 = 0.5;

/// One possible source of a copy, and what speaks for it.
struct Candidate<'a> {
    score: f64,
    occ: u32,
    /// Words the copy has that the first appearance lacks, shared with
    /// this candidate.
    shared_drift: Vec<&'a str>,
    /// Spelling marks the copy and this candidate do not share.
    respelt: u32,
    gap: i64,
    same_outlet: bool,
    /// The copy names this candidate's outlet as its source.
    cited: bool,
}

/// The most likely earlier source of occurrence `o`, among the family's
/// dated occurrences in other articles. The score multiplies odds: one
/// factor [`EDIT_ODDS`] per word the copy would have edited in the
/// candidate's wording, and one more if it cut it (so a candidate in the
/// copy's own words, or with the same cut, beats one it would have had to
/// edit, and a shorter candidate that lacks words of the copy is hardly a
/// source at all); [`SPELLING_ODDS`] per spelling mark they do not share
/// (among sources in one wording, the one spelt as the copy); a bonus for
/// the same outlet and a larger one for the outlet the copy cites; and a
/// mild decay with the time gap (midpoint
/// to midpoint of the two dates at their precision). Candidates
/// that cite the same source as the copy are not its source: both took
/// the line from that source. A copy that cites a source none of the
/// candidates is from gets no edge: it says where the line came from.
/// `latest_only`: the candidates are each outlet's latest ([`Sources::pool`]).
fn copy_edge<'a>(
    ctx: &Ctx<'a>,
    o: u32,
    root: u32,
    dated: &[u32],
    latest_only: bool,
    bases: &HashMap<u32, HashSet<&'a str>>,
    memo: &Memo<'a>,
) -> Option<CopyEdge> {
    let linked = ctx.linked;
    let variant_of = |o: u32| linked.occurrences[o as usize].variant;
    let so = ctx.stamp(o)?;
    let (oa, _) = ctx.occ(o);
    let root_words = &bases[&root];
    let mut novel: Vec<&str> = bases[&variant_of(o)]
        .iter()
        .copied()
        .filter(|w| !root_words.contains(w))
        .collect();
    novel.sort_unstable();
    let cited = memo.source[&o].clone();
    let spelt = memo.spelling(ctx, o);
    let mut candidates: Vec<Candidate> = Vec::new();
    for &p in dated {
        let (pa, _) = ctx.occ(p);
        let Some(sp) = ctx.stamp(p) else { continue };
        if pa == oa || sp.order(&so) != Ordering::Less {
            continue;
        }
        if cited.is_some() && memo.source[&p] == cited {
            continue;
        }
        let edits = *memo
            .edits
            .borrow_mut()
            .entry((variant_of(p), variant_of(o)))
            .or_insert_with(|| {
                let (vp, vo) = (
                    &linked.variants[variant_of(p) as usize],
                    &linked.variants[variant_of(o) as usize],
                );
                align::edits(vp.seq(), vo.seq())
            });
        let pw = &bases[&variant_of(p)];
        let respelt = spelt.differences(&memo.spelling(ctx, p));
        let shared_drift: Vec<&str> = novel.iter().copied().filter(|w| pw.contains(w)).collect();
        let gap = so.since(&sp);
        let same = |a: Option<&str>, b: Option<&str>| matches!((a, b), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b));
        let same_outlet = same(ctx.outlet(p), ctx.outlet(o));
        let is_cited = same(cited.as_deref(), ctx.outlet(p));
        // Midpoint to midpoint: a date without a time is most likely
        // midday, not midnight.
        let days = (so.mid() - sp.mid()).max(0) as f64 / 86_400.0;
        let score = EDIT_ODDS.powi((edits.words + u32::from(edits.cut)) as i32)
            * if same_outlet { SAME_OUTLET_ODDS } else { 1.0 }
            * if is_cited { CITED_ODDS } else { 1.0 }
            * SPELLING_ODDS.powi(respelt as i32)
            / (1.0 + days).powf(0.25);
        candidates.push(Candidate {
            score,
            occ: p,
            shared_drift,
            respelt,
            gap,
            same_outlet,
            cited: is_cited,
        });
    }
    // One candidate per source article: its closest occurrence (an article
    // that repeats a line in its title is still one source).
    candidates.sort_by(|a, b| {
        ctx.occ(a.occ)
            .0
            .cmp(&ctx.occ(b.occ).0)
            .then(b.score.total_cmp(&a.score))
            .then_with(|| ctx.key(a.occ).cmp(&ctx.key(b.occ)))
    });
    candidates.dedup_by(|later, first| ctx.occ(later.occ).0 == ctx.occ(first.occ).0);
    // The copy names where it took the line from, and no candidate is
    // from there: its declared source is outside the corpus (an agency,
    // a broadcaster, its own interview), so no copy edge is inferred.
    if cited.is_some() && !candidates.iter().any(|c| c.cited) {
        return None;
    }
    let total: f64 = candidates.iter().map(|c| c.score).sum();
    let best = candidates.iter().max_by(|a, b| {
        a.score
            .total_cmp(&b.score)
            .then_with(|| ctx.key(b.occ).cmp(&ctx.key(a.occ)))
    })?;
    let (similarity, kind) = if variant_of(best.occ) == variant_of(o) {
        (1.0, LinkKind::Verbatim)
    } else {
        ctx.closeness(variant_of(best.occ), variant_of(o))
    };
    let mut evidence = Vec::new();
    if kind == LinkKind::Verbatim {
        evidence.push("same wording".to_string());
    } else {
        evidence.push(format!("{} {:.2}", kind_word(kind), similarity));
    }
    if !best.shared_drift.is_empty() {
        evidence.push(format!(
            "shares drift from the first appearance: {}",
            best.shared_drift.join(", ")
        ));
    }
    // The spelling decided among sources in one wording: say so.
    if candidates.iter().any(|c| c.respelt > best.respelt) {
        let shared = spelt.shared(&memo.spelling(ctx, best.occ));
        if !shared.is_empty() {
            evidence.push(format!("spelt as the copy: {}", shared.join(", ")));
        }
    }
    evidence.push(format!("{} later", time::human_gap(best.gap)));
    if best.same_outlet {
        evidence.push(format!("same outlet ({})", ctx.outlet(best.occ).unwrap_or_default()));
    }
    if best.cited {
        evidence.push(format!("cites {}", cited.as_deref().unwrap_or_default()));
    }
    if candidates.len() > 1 {
        let latest = if latest_only {
            " (the latest of each outlet)"
        } else {
            ""
        };
        evidence.push(format!("{} candidate source articles{latest}", candidates.len()));
    }
    let (pa, _) = ctx.occ(best.occ);
    Some(CopyEdge {
        from: ctx.id(best.occ),
        to: ctx.id(o),
        from_article: ctx.articles[pa].id.clone(),
        to_article: ctx.articles[oa].id.clone(),
        kind,
        similarity: round3(similarity),
        confidence: round3(best.score / total * similarity),
        evidence,
    })
}

fn kind_word(k: LinkKind) -> &'static str {
    match k {
        LinkKind::Verbatim => "verbatim",
        LinkKind::Containment => "fragment, coverage",
        LinkKind::Drift => "drifted, similarity",
        LinkKind::Overlap => "overlapping window of one passage, similarity",
    }
}

/// The candidate sources of occurrence `o` ([`Sources::pool`]): the dated
/// occurrences of its own variant and the variants linked to it; when
/// none of those is earlier and in another article, of the variants one
/// link further out, and so on through the family.
fn nearest_earlier(ctx: &Ctx<'_>, o: u32, family: &HashMap<u32, u32>, sources: &Sources) -> (Vec<u32>, bool) {
    let linked = ctx.linked;
    let v = linked.occurrences[o as usize].variant;
    let so = ctx.stamp(o).expect("dated");
    let (oa, _) = ctx.occ(o);
    let mut seen: HashSet<u32> = HashSet::from([v]);
    let mut frontier: Vec<u32> = vec![v];
    frontier.extend(linked.neighbours(v).filter(|u| family.contains_key(u)));
    seen.extend(frontier.iter().copied());
    while !frontier.is_empty() {
        let pool = sources.pool(ctx, o, &frontier);
        let earlier = |&p: &u32| ctx.occ(p).0 != oa && ctx.stamp(p).expect("dated").order(&so) == Ordering::Less;
        if pool.0.iter().any(earlier) {
            return pool;
        }
        let mut next = Vec::new();
        for &u in &frontier {
            for w in linked.neighbours(u) {
                if family.contains_key(&w) && seen.insert(w) {
                    next.push(w);
                }
            }
        }
        frontier = next;
    }
    (Vec::new(), false)
}

/// The closest, more complete, not later variant `v` attaches to; the
/// root when none is linked. `rank` numbers the family's variants, root first; on equal scores the
/// lower rank wins.
fn parent_of(ctx: &Ctx<'_>, v: u32, rank: &HashMap<u32, usize>, earliest: &HashMap<u32, u32>, root: u32) -> u32 {
    let linked = ctx.linked;
    let vt = linked.variants[v as usize].total;
    let ve = ctx.stamp(earliest[&v]);
    let mut best: Option<(f64, usize, u32)> = None;
    for (u, l) in linked.neighbour_links(v) {
        let Some(&r) = rank.get(&u) else { continue };
        if linked.variants[u as usize].total < vt {
            continue;
        }
        let later = match (ctx.stamp(earliest[&u]), ve) {
            (Some(a), Some(b)) => a.order(&b) == Ordering::Greater,
            _ => false,
        };
        if later {
            continue;
        }
        if best.is_none_or(|(s, br, _)| l.score > s || (l.score == s && r < br)) {
            best = Some((l.score, r, u));
        }
    }
    best.map_or(root, |(_, _, u)| u)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The article-level provenance graph: articles and cited sources as
/// nodes; inferred copies and declared citations as edges, aggregated
/// over families. Only articles that share a line with another article,
/// or cite a source, are in it.
pub fn graph(articles: &[Analysed], prov: &Provenance) -> DiGraph<Node, Edge> {
    let mut b = GraphBuilder::new(articles);
    for (fi, fam) in prov.families.iter().enumerate() {
        b.add(fi, fam);
    }
    b.finish(prov.sources.len())
}

/// Copies between two articles: the families, the lowest drift
/// similarity, whether all are verbatim, whether any is a fragment.
type Copies = (Vec<usize>, f64, bool, bool);

/// Builds [`graph`] a family at a time, so that the families need not all
/// be held: give it every family, in order, then the number of sources.
pub struct GraphBuilder<'a> {
    articles: &'a [Analysed],
    /// Article index by id (looked up only, so hashed with FxHash: it is
    /// asked once per occurrence and copy edge of every family).
    index: rustc_hash::FxHashMap<&'a str, usize>,
    involved: Vec<usize>,
    copies: BTreeMap<(usize, usize), Copies>,
    cites: BTreeMap<(usize, usize), Vec<usize>>,
    shares: BTreeMap<(usize, usize), Vec<usize>>,
}

impl<'a> GraphBuilder<'a> {
    pub fn new(articles: &'a [Analysed]) -> Self {
        GraphBuilder {
            articles,
            index: articles.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect(),
            involved: Vec::new(),
            copies: BTreeMap::new(),
            cites: BTreeMap::new(),
            shares: BTreeMap::new(),
        }
    }

    /// Adds family number `fi`.
    pub fn add(&mut self, fi: usize, fam: &FamilyReport) {
        let index = &self.index;
        if fam.articles > 1 || !fam.citations.is_empty() {
            self.involved.extend(
                fam.occurrences
                    .iter()
                    .filter_map(|o| index.get(o.article.as_str()).copied()),
            );
        }
        let occ: rustc_hash::FxHashMap<&str, &OccurrenceReport> =
            fam.occurrences.iter().map(|o| (o.id.as_str(), o)).collect();
        let first = fam
            .first_appearance
            .first()
            .and_then(|o| occ.get(o.as_str()))
            .and_then(|o| index.get(o.article.as_str()).copied());
        if let Some(first) = first {
            for u in &fam.undated {
                let Some(o) = occ.get(u.as_str()) else {
                    continue;
                };
                if let Some(&a) = index.get(o.article.as_str()) {
                    let entry = self.shares.entry((first, a)).or_default();
                    if !entry.contains(&fi) {
                        entry.push(fi);
                    }
                }
            }
        }
        for e in &fam.copy_edges {
            let (Some(&from), Some(&to)) = (index.get(e.from_article.as_str()), index.get(e.to_article.as_str()))
            else {
                continue;
            };
            let entry = self.copies.entry((from, to)).or_insert((Vec::new(), 1.0, true, false));
            if !entry.0.contains(&fi) {
                entry.0.push(fi);
            }
            if e.kind == LinkKind::Drift {
                entry.1 = entry.1.min(e.similarity);
            }
            entry.2 &= e.kind == LinkKind::Verbatim;
            entry.3 |= e.kind == LinkKind::Containment;
        }
        for c in &fam.citations {
            let s: usize = c.source[1..].parse::<usize>().expect("source ids are S<n>") - 1;
            if let Some(&a) = index.get(c.article.as_str()) {
                let entry = self.cites.entry((s, a)).or_default();
                if !entry.contains(&fi) {
                    entry.push(fi);
                }
            }
        }
    }

    /// The graph of every family added, with `sources` cited sources.
    pub fn finish(mut self, sources: usize) -> DiGraph<Node, Edge> {
        let articles = self.articles;
        let mut g = DiGraph::new();
        let mut article_node: BTreeMap<usize, NodeIndex> = BTreeMap::new();
        self.involved.sort_unstable();
        self.involved.dedup();
        // Articles in time order, then by id: a stable node order.
        self.involved.sort_by(|&a, &b| {
            let (sa, sb) = (articles[a].published.as_deref(), articles[b].published.as_deref());
            (sa.is_none(), sa, articles[a].id.as_str()).cmp(&(sb.is_none(), sb, articles[b].id.as_str()))
        });
        for &a in &self.involved {
            article_node.insert(a, g.add_node(Node::Article(a)));
        }
        let source_nodes: Vec<NodeIndex> = (0..sources).map(|s| g.add_node(Node::Source(s))).collect();
        for ((from, to), (families, min_similarity, verbatim, fragment)) in self.copies {
            if let (Some(&a), Some(&b)) = (article_node.get(&from), article_node.get(&to)) {
                g.add_edge(
                    a,
                    b,
                    Edge::Copy {
                        families,
                        min_similarity,
                        verbatim,
                        fragment,
                    },
                );
            }
        }
        for ((from, to), families) in self.shares {
            if let (Some(&a), Some(&b)) = (article_node.get(&from), article_node.get(&to)) {
                g.add_edge(a, b, Edge::Shares { families });
            }
        }
        for ((s, a), families) in self.cites {
            if let Some(&b) = article_node.get(&a) {
                g.add_edge(source_nodes[s], b, Edge::Cites { families });
            }
        }
        g
    }
}

#[cfg(test)]
mod tests;
