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
//! This file holds [`link_with`], the steps in order, each timed; the
//! steps live beside it, one file each: `words` (variants), `speakers`,
//! `pairs` (candidates and their comparison), `uses` (the graph and how
//! articles use each variant) and `families`. The types are in
//! `config` (the thresholds and a link), `variants`, `prior` (what an
//! add links against) and `linked` (the result); what the steps use in
//! `pieces` (a quote's pieces, their words and the vocabulary), `credits`
//! (who a quote is credited to), `compare` (one candidate pair), `index`
//! (the shingle index), `align` and `find` (matching a query line).

pub mod align;
mod compare;
mod config;
mod credits;
mod families;
mod find;
pub mod index;
mod linked;
mod pairs;
mod pieces;
mod prior;
mod speakers;
#[cfg(test)]
mod testkit;
mod uses;
mod variants;
mod words;

use crate::article::{Analysed, Articles};
pub use compare::{overlap_kept, WINDOW_SLACK};
pub use config::{Link, LinkConfig, LinkKind};
use credits::Credited;
use families::{collect_families, families_of};
pub use families::{Families, Family};
pub use find::{best_families, find_among};
pub use linked::Linked;
pub use pieces::{nested_spans, piece_count, piece_text, segment_count, segment_text};
pub use pieces::{Old, StoredWords};
pub use prior::{Prior, PriorLink, PriorLinks, Stored};
pub use variants::{Occurrence, Variant, Variants};

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
    let words::Words {
        vocab,
        variants,
        occurrences,
        mut people,
        person_ids,
        persons,
        quoted,
    } = words::variants(articles, cfg, old);
    let quoted_words = quoted.by_variant();
    lap("words and variants");

    let spoken = speakers::speakers(
        articles,
        &variants,
        &occurrences,
        cfg,
        &persons,
        &mut people,
        person_ids,
    );
    let credited = Credited {
        persons: &persons,
        stated_by: &spoken.stated_by,
    };
    lap("speakers");

    let found = pairs::candidates(&variants, &occurrences, &vocab, prior, cfg);
    lap("candidates");
    let who = pairs::Who {
        speakers: &spoken.speakers,
        credited,
        people: &people,
    };
    let compared = pairs::compare_pairs(found, &variants, &vocab, prior, cfg, who);
    let crowded = keep_links.then_some(compared.crowded);
    lap("compare");

    let (graph, usage) = uses::graph_and_uses(articles, &variants, &occurrences, compared.links, cfg);
    let uses = usage.uses(&spoken, &persons, credited, &people, &quoted_words);
    lap("graph and uses");
    // The candidates' and the compare's freed memory handed back before
    // the families are judged, whose top is the add's (issue 16).
    index::give_back();
    let family_of_variant = families_of(&variants, &occurrences, graph.raw_edges(), &uses, cfg);
    // What the families were judged by, let go before they are gathered.
    drop(quoted_words);
    drop((spoken, persons, people, usage, quoted));
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
        candidates: compared.candidates,
        graph,
        families,
        family_of_variant,
        crowded,
        aligned: compared.aligned,
        settled: compared.settled,
        redone: compared.redone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use testkit::*;

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
