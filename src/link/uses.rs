//! The fifth step of a link ("graph and uses"): the links made a graph,
//! and what the families step reads of how articles use each variant and
//! whom they credit it to ([`Uses`]).

use petgraph::graph::{NodeIndex, UnGraph};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::credits::{Credited, NameKeys, Named, Speakers};
use super::speakers::Spoken;
use super::{Articles, Link, LinkConfig, Occurrence, Variant, Variants};

/// Who each variant is credited to, and how articles use it (see
/// [`families_of`](super::families::families_of)).
#[derive(Clone, Copy)]
pub(super) struct Uses<'a> {
    /// The named speakers of each variant.
    pub(super) speakers: &'a Speakers,
    /// Per phrase with any, the speakers it is credited to by a name or a
    /// pronoun ([`named_or_pronoun`](super::credits::named_or_pronoun)).
    pub(super) quoted_by: &'a FxHashMap<u32, Vec<NameKeys>>,
    /// Per variant: how articles use it, for a phrase shorter than a line.
    pub(super) phrase_use: &'a [PhraseUse],
    /// The persons each variant is credited to by name ([`credited_person`](super::credits::credited_person)),
    /// as ids into `people`.
    pub(super) persons: &'a [Vec<u32>],
    /// Who keeps two phrases apart.
    pub(super) credited: Credited<'a>,
    pub(super) people: &'a [NameKeys],
    /// Per occurrence: the article uses the line in its own voice.
    pub(super) own: &'a [bool],
    /// For variants with quotes nested in them, the words of those quotes.
    pub(super) quoted_words: &'a FxHashMap<u32, Variant<'a>>,
    /// Per article, the surnames it names ([`Named`]).
    pub(super) named: &'a Named,
    /// Per variant: a phrase some article credits to a mention of anyone.
    pub(super) credited_to_someone: &'a [bool],
}

/// How articles use a phrase shorter than a line (under
/// [`LinkConfig::common`] words), which decides whose credit can keep it
/// from a line that holds it (see [`families_of`](super::families::families_of)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PhraseUse {
    /// Some article states it as a whole utterance, credited to a speaker.
    Stated,
    /// No article uses it in its own voice: every occurrence is a term
    /// in marks no one is said to have said (a scare quote), a headline,
    /// or words quoted inside another quote.
    Term,
    /// Quoted in part, or a line.
    Other,
}

/// How articles use each variant, owned: what [`Usage::uses`] lends.
pub(super) struct Usage {
    named: Named,
    own: Vec<bool>,
    phrase_use: Vec<PhraseUse>,
    credited_to_someone: Vec<bool>,
}

impl Usage {
    /// The [`Uses`] of these usages and the variants' credits.
    pub(super) fn uses<'a>(
        &'a self,
        spoken: &'a Spoken,
        persons: &'a [Vec<u32>],
        credited: Credited<'a>,
        people: &'a [NameKeys],
        quoted_words: &'a FxHashMap<u32, Variant<'a>>,
    ) -> Uses<'a> {
        Uses {
            speakers: &spoken.speakers,
            quoted_by: &spoken.quoted_by,
            phrase_use: &self.phrase_use,
            persons,
            credited,
            people,
            own: &self.own,
            quoted_words,
            named: &self.named,
            credited_to_someone: &self.credited_to_someone,
        }
    }
}

/// The graph of `links` (one node per variant, one edge per link, in the
/// order the links were found), and how articles use each variant.
pub(super) fn graph_and_uses(
    articles: &dyn Articles,
    variants: &Variants,
    occurrences: &[Occurrence],
    links: Vec<Link>,
    cfg: &LinkConfig,
) -> (UnGraph<u32, Link>, Usage) {
    // The surnames each article names ([`Named`]) are made while the
    // graph is built, one link at a time on one core (issue 16).
    let (named, graph) = rayon::join(|| Named::new(articles), || graph(variants.len(), links));
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
    let usage = Usage {
        named,
        own,
        phrase_use,
        credited_to_someone,
    };
    (graph, usage)
}

/// The graph of `links` among `variants` variants.
fn graph(variants: usize, links: Vec<Link>) -> UnGraph<u32, Link> {
    let mut graph = UnGraph::with_capacity(variants, links.len());
    for v in 0..variants {
        graph.add_node(v as u32);
    }
    // The links are the graph's from here: the families read its
    // edges, in the order the links were found (issue 16).
    for l in links {
        graph.add_edge(NodeIndex::new(l.short as usize), NodeIndex::new(l.long as usize), l);
    }
    graph
}
