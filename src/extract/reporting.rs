//! The sentence a run of reported speech continues (issue 14, session
//! 40). In German news a quote in the Konjunktiv I with no verb of
//! saying in its sentence ("Jeder Haushalt *könne* „…“") goes on with
//! the speech act of a sentence before it, and the speaker is that
//! sentence's subject, not the subject of its own: back past other
//! reported sentences to the nearest one with a verb of saying ("*Obama*
//! erklärte, dass …"), a source phrase ("laut *der Zeitung*") or a main
//! clause that reports nothing ("An der Debatte beteiligte sich auch
//! *die Bürgermeisterin*"), past paragraph ends (stopping at one
//! measured the same). The speaker ranker weighs what is found; it is
//! read by the clauses of `fields`, in a verb-second grammar only.

use super::fields::{self, Governing, Reports};
use super::frames::Ctx;
use super::sieves::Site;
use super::words::{holds_reported, sentence_before};

/// How many sentences back a run is followed.
const REACH: usize = 3;

/// The source of the reported run a quote's sentence continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Source {
    /// The phrase, first and last token.
    pub span: (usize, usize),
    /// Its sentence has a verb of saying or a source phrase.
    pub speech: bool,
}

fn said(ctx: &Ctx, i: usize) -> bool {
    ctx.toks[i].is_word() && ctx.is_verb(i)
}

/// The phrase a source preposition names in the sentence from `lo` to
/// `hi` ("laut *der Zeitung*").
fn source_phrase(ctx: &Ctx, lo: usize, hi: usize) -> Option<(usize, usize)> {
    (lo..=hi)
        .filter(|&i| ctx.toks[i].is_word() && ctx.g.source_prepositions.contains(ctx.lower(i)))
        .find_map(|i| super::speakers::source_after(ctx, i + 1).filter(|&(_, b)| b <= hi))
}

/// Is the quote at `site` (its clause read as `g`) reported speech that
/// continues an earlier sentence: a Konjunktiv I in its sentence, and no
/// verb of saying nor source phrase?
fn continues(ctx: &Ctx, site: &Site, g: Option<&Governing>) -> bool {
    let (lo, hi) = (site.lo, site.hi);
    let konjunktiv = g.is_some_and(|g| g.reports == Reports::Reported) || holds_reported(ctx, lo, hi);
    konjunktiv && !(lo..=hi).any(|i| said(ctx, i)) && source_phrase(ctx, lo, hi).is_none()
}

/// The source of the reported run the quote at `site` continues, or
/// None where its sentence is no such run or none is found.
pub(super) fn source(ctx: &Ctx, site: &Site, g: Option<&Governing>) -> Option<Source> {
    if ctx.g.reported.is_empty() || !continues(ctx, site, g) {
        return None;
    }
    let mut lo = site.lo;
    for _ in 0..REACH {
        let (plo, phi) = sentence_before(ctx, lo)?;
        lo = plo;
        if let Some(span) = source_phrase(ctx, plo, phi) {
            return Some(Source { span, speech: true });
        }
        let speech = (plo..=phi).any(|i| said(ctx, i));
        match fields::main_subject(ctx, plo, phi) {
            Some((span, r)) if speech || r == Reports::Other => return Some(Source { span, speech }),
            // Another sentence of the run: on back.
            Some(_) => {}
            None if holds_reported(ctx, plo, phi) => {}
            None => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::sieves::tests::with_site_in;

    /// The source of the reported run the first quote of the German
    /// `text` continues, as written, and whether a verb of saying or a
    /// source phrase named it.
    fn read(text: &str) -> Option<(String, bool)> {
        with_site_in("de", text, |ctx, site| {
            let g = fields::read(ctx, site).0;
            source(ctx, site, g.as_ref()).map(|s| {
                let (a, b) = s.span;
                (ctx.text[ctx.toks[a].start..ctx.toks[b].end].to_string(), s.speech)
            })
        })
        .unwrap()
    }

    // Invented sentences throughout (issue 14).

    #[test]
    fn issue14_a_konjunktiv_quote_continues_the_subject_of_the_sentence_before() {
        assert_eq!(
            read(
                "An der Debatte beteiligte sich auch die Bürgermeisterin Eva Roth. Jeder Haushalt könne „mehr sparen“."
            ),
            Some(("die Bürgermeisterin Eva Roth".to_string(), false))
        );
    }

    #[test]
    fn issue14_a_verb_of_saying_names_the_source_of_the_run() {
        assert_eq!(
            read("Der Minister erklärte, dass er den Plan unterstütze. Allerdings sei das System „kaputt“."),
            Some(("Der Minister".to_string(), true))
        );
        // Back past another reported sentence.
        assert_eq!(
            read(
                "Der Minister erklärte am Montag seinen Plan. Die Lage sei ernst. Allerdings sei das System „kaputt“."
            ),
            Some(("Der Minister".to_string(), true))
        );
    }

    #[test]
    fn issue14_a_konjunktiv_ii_auxiliary_reports_as_konjunktiv_i_does() {
        // "hätten" stands in for "haben", which reads as the indicative.
        assert_eq!(
            read("Die Ärztin schilderte am Montag den Abend. Die Helfer hätten „viel zu spät“ reagiert."),
            Some(("Die Ärztin".to_string(), true))
        );
        assert_eq!(
            read("An der Sitzung nahm auch der Kämmerer Jan Ott teil. Der Haushalt wäre „nicht zu halten“."),
            Some(("der Kämmerer Jan Ott".to_string(), false))
        );
    }

    #[test]
    fn issue14_a_source_phrase_names_the_source_of_the_run() {
        assert_eq!(
            read("Laut der Zeitung kam der Minister am Montag. Der Plan sei „kaputt“."),
            Some(("der Zeitung".to_string(), true))
        );
    }

    #[test]
    fn issue14_no_run_where_the_quote_has_its_own_verb_of_saying_or_no_konjunktiv() {
        assert_eq!(
            read("Der Minister kam am Montag. Der Plan sei „kaputt“, sagte die Sprecherin."),
            None
        );
        assert_eq!(
            read("Der Minister kam am Montag. Die Stadt baute eine „neue Brücke“."),
            None
        );
        assert_eq!(read("Der Plan sei „kaputt“."), None);
    }
}
