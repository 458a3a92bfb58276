//! Sources a German sentence names by their role in it, not as the
//! subject of a verb of saying (issue 14, session 39): the medium or
//! document a statement stands in, opening its sentence ("*In einem
//! Brief an die Belegschaft* war von einem „…“ die Rede"), and the owner's view
//! before a postposition ("*Seiner Ansicht* nach „…“"). GermEval's
//! annotators mark these phrases as the speaker. They are only
//! candidates for the speaker ranker, each with its proposer and one
//! feature all share (`by=role`, [`ROLES`]): the ranker learns how far to
//! trust them.

use super::fields::marker;
use super::frames::Ctx;
use super::sieves::Site;
use super::speakers::{capital, lowercase, noun_phrase, title_quote};
use super::tokens::Tok;

/// The proposers [`role_sources`] names its candidates by.
pub(super) const ROLES: [&str; 2] = ["medium", "opinion-owner"];

/// Proposes the quote's sources of [`ROLES`] in its sentence.
pub(super) fn role_sources(ctx: &Ctx, site: &Site, add: &mut impl FnMut((usize, usize), &'static str)) {
    let outside = |(a, b): (usize, usize)| b < site.first || a > site.last;
    if let Some(p) = medium(ctx, site).filter(|&p| outside(p)) {
        add(p, "medium");
    }
    for p in opinion_owners(ctx, site) {
        if outside(p) {
            add(p, "opinion-owner");
        }
    }
}

/// Is token `i` a comma?
fn comma(ctx: &Ctx, i: usize) -> bool {
    ctx.toks[i].kind == Tok::Punct(',')
}

/// The phrase of a `medium-prepositions` word that opens the quote's
/// sentence, in its clause (no comma between it and the quote): a noun
/// phrase or a quoted title ("*Auf dem Plakat* war die Losung „…“ zu
/// lesen", "Im Bericht der Stadt stand: „…“").
/// Held out, such a phrase inside the clause or after the quote ("im
/// „Kurier“ als „…“ bezeichnet", "„…“, hieß es in dem Bericht") lost
/// more quotes than it won (issue 14, session 39).
fn medium(ctx: &Ctx, site: &Site) -> Option<(usize, usize)> {
    let (lo, hi) = (site.lo, site.hi);
    let opens = ctx.toks[lo].is_word() && ctx.g.medium_prepositions.contains(ctx.lower(lo));
    if !opens || (lo..site.first).any(|i| comma(ctx, i) || matches!(ctx.toks[i].kind, Tok::Quote(_))) {
        return None;
    }
    let p = if lo < hi && title_quote(ctx, lo + 1) {
        Some((lo + 1, lo + 1))
    } else {
        noun_phrase(ctx, lo + 1, hi)
    };
    p.filter(|&(_, b)| b < site.first)
}

/// A noun and its owner before an `according-prepositions` word used as a
/// postposition, nothing that could open a noun phrase after it:
/// "*Seiner Ansicht* nach „…“", "bei dem es sich *ihrer Meinung* nach um
/// einen „…“ handle".
fn opinion_owners(ctx: &Ctx, site: &Site) -> Vec<(usize, usize)> {
    let (lo, hi) = (site.lo, site.hi);
    (lo + 1..hi)
        .filter(|&n| {
            let post = n + 1;
            let after = post + 1;
            capital(ctx, n)
                && marker(ctx, n - 1)
                && lowercase(ctx, post)
                && ctx.g.according_prepositions.contains(ctx.lower(post))
                && !(after < ctx.toks.len() && ctx.toks[after].is_word() && (capital(ctx, after) || marker(ctx, after)))
        })
        .map(|n| (n - 1, n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::sieves::tests::with_site_in;

    /// What [`role_sources`] proposes for the first quote of a German
    /// `text`, as written, with its proposer.
    fn roles(text: &str) -> Vec<(String, &'static str)> {
        with_site_in("de", text, |ctx, site| {
            let mut out = Vec::new();
            role_sources(ctx, site, &mut |(a, b), by| {
                out.push((ctx.text[ctx.toks[a].start..ctx.toks[b].end].to_string(), by))
            });
            out
        })
        .unwrap()
    }

    fn proposes(text: &str, who: &str, by: &str) {
        let got = roles(text);
        assert!(
            got.iter().any(|(s, b)| s == who && *b == by),
            "{who} by {by} not in {got:?}"
        );
    }

    // Invented text throughout (issue 14).

    #[test]
    fn issue14_the_medium_a_german_statement_stands_in_is_a_candidate() {
        proposes(
            "In einem internen Brief an die Belegschaft war von einem „harten Jahr“ die Rede.",
            "einem internen Brief",
            "medium",
        );
        proposes(
            "Auf dem Plakat war die Losung „Brot für alle“ zu lesen.",
            "dem Plakat",
            "medium",
        );
        proposes(
            "Im Bericht der Stadt stand: „Wir sparen.“",
            "Bericht der Stadt",
            "medium",
        );
        // Past a comma, another clause; inside the clause, no medium.
        let none = |text: &str| {
            let got = roles(text);
            assert!(got.iter().all(|(_, b)| *b != "medium"), "{got:?}");
        };
        none("In Bremen regnete es, der Minister sagte: „Wir bleiben.“");
        none("Die Stadtwerke wurden gestern im „Abendblatt“ als „sehr teuer“ bezeichnet.");
    }

    #[test]
    fn issue14_an_owner_before_a_postposed_nach_is_a_candidate() {
        proposes(
            "Seiner Ansicht nach „ist das Projekt gescheitert“.",
            "Seiner Ansicht",
            "opinion-owner",
        );
        proposes(
            "Es handle sich ihrer Meinung nach um einen „klaren Bruch“.",
            "ihrer Meinung",
            "opinion-owner",
        );
        // "nach" before a noun phrase is a preposition, not a postposition.
        let got = roles("Der Minister reiste am Montag nach Berlin und sagte: „Wir bleiben.“");
        assert!(got.iter().all(|(_, b)| *b != "opinion-owner"), "{got:?}");
    }
}
