//! Chooses a quote's speaker among candidates with a learned ranker
//! (issue 14) instead of taking the first sieve that fires. The grammar
//! frame, the neighbour, every context sieve (`sieves`) and the names
//! and pronouns near the quote are candidates; features describe each
//! (which sieves proposed it, distance, sentence and paragraph
//! boundaries, sort of mention, what it resolves to, whether it spoke
//! last), and a logistic model over them (the machinery of `kinds`,
//! trained by `quotegraph train-speakers`) scores each one; the best
//! scored wins. Ties go to the earlier candidate, the rule chain's own
//! choice first, so the output is deterministic.
//!
//! Rooms: `candidates` (the phrases a speaker is chosen among, and who
//! proposed each), `features` (what the ranker reads of each one) and
//! `acts` (a noun of saying and its owner, one of those features).

mod acts;
mod candidates;
mod features;

use super::fields::Governing;
use super::frames::Ctx;
use super::reporting::Source;
use super::sieves::Site;

pub(super) use candidates::{candidates, capital, lowercase, noun_phrase, sentences_apart, source_after, title_quote};
pub(super) use features::{features, Facts};

/// A phrase that may be a quote's speaker, and who proposed it.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub span: (usize, usize),
    pub by: Vec<&'static str>,
}

/// Is this proposer a rule (frame, neighbour, sieve), not the window?
pub(super) fn is_rule(by: &str) -> bool {
    !matches!(by, "mention" | "pronoun" | "rule" | "first-sieve")
}

/// What the rule chain found for one quote.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Rules {
    /// The speaker the rule chain chose.
    pub chosen: Option<(usize, usize)>,
    pub frame: Option<(usize, usize)>,
    pub neighbour: Option<(usize, usize)>,
}

/// Whether the phrase `span` stands before the quote whose first and
/// last tokens are `first` and `last`, and the tokens between the two,
/// from and to.
fn gap(first: usize, last: usize, (a, b): (usize, usize)) -> (bool, usize, usize) {
    if b < first {
        (true, b + 1, first)
    } else {
        (false, last + 1, a)
    }
}

/// The source of the reported run the quote at `site` continues, in a
/// verb-second language, given the reading of the quote's clause
/// (`fields::read`, read once a quote).
pub(super) fn reporting(ctx: &Ctx, site: &Site, clause: Option<&Governing>) -> Option<Source> {
    if !ctx.g.verb_second {
        return None;
    }
    super::reporting::source(ctx, site, clause)
}

/// The index of the best scored candidate; the earliest wins a tie.
pub(super) fn best(scores: &[f64]) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, &s) in scores.iter().enumerate() {
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earliest_candidate_wins_a_tie() {
        assert_eq!(best(&[0.5, 0.7, 0.7]), Some(1));
        assert_eq!(best(&[]), None);
    }
}
