//! A noun of saying and whose it is: GermEval marks the act a statement
//! is as its speaker, with its owner ("nach *Aussagen des Auswärtigen
//! Amtes* gilt …", "*Seiner Meinung* nach …", "in *einer Erklärung der
//! Minister*") (issue 14, session 41). The candidates are there already
//! (mentions, `according-to`, `opinion-owner`); this tells the ranker
//! which of them name an owned act.

use super::candidates::{capital, genitive_det};
use crate::extract::fields::marker;
use crate::extract::frames::Ctx;

/// Does the phrase `a..=b` open with a `[speech-acts]` noun (its first
/// capitalised word, past a determiner that opens a sentence: "*Die*
/// Ansicht") that names whose it is: a genitive or an
/// `agent-prepositions` word right after it ("Aussagen *des* Amtes",
/// "Ansicht *von* Senator Roe"), or a `possessives` word right before it
/// ("*seiner* Meinung")?
pub(super) fn owned_act(ctx: &Ctx, (a, b): (usize, usize)) -> bool {
    let Some(n) = (a..=b).find(|&i| capital(ctx, i) && !marker(ctx, i)) else {
        return false;
    };
    if !ctx.g.is_speech_act(ctx.lower(n)) {
        return false;
    }
    let word = |i: usize| i < ctx.toks.len() && ctx.toks[i].is_word();
    let owner_after = word(n + 1) && (genitive_det(ctx, n + 1) || ctx.g.agent_prepositions.contains(ctx.lower(n + 1)));
    let owner_before = n > 0 && word(n - 1) && ctx.g.possessives.contains(ctx.lower(n - 1));
    owner_after || owner_before
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::sieves::tests::with_site_in;

    /// [`owned_act`] of the phrase `a..=b` of a German `text`.
    fn owned(text: &str, span: (usize, usize)) -> bool {
        with_site_in("de", text, |ctx, _| owned_act(ctx, span)).unwrap()
    }

    // Invented text throughout (issue 14).

    #[test]
    fn issue14_a_noun_of_saying_with_its_owner_is_an_owned_act() {
        // Tokens: Die(0) Seuche(1) gilt(2) nach(3) Aussagen(4) des(5)
        // Gesundheitsamtes(6) als(7) „…“(8).
        let text = "Die Seuche gilt nach Aussagen des Gesundheitsamtes als „sehr gefährlich“.";
        assert!(owned(text, (4, 6)));
        assert!(!owned(text, (6, 6)), "the owner alone is no act");
        assert!(!owned(text, (0, 1)), "a noun not of saying");
        // Tokens: Seiner(0) Meinung(1) nach(2) …: a possessive before it.
        assert!(owned("Seiner Meinung nach sei der Plan „tot“.", (0, 1)));
        // Tokens: Die(0) Ansicht(1) von(2) Senator(3) Roe(4) …
        assert!(owned("Die Ansicht von Senator Roe war „eindeutig“.", (0, 4)));
    }

    #[test]
    fn issue14_a_noun_of_saying_with_no_owner_is_no_owned_act() {
        // Tokens: Die(0) Kritik(1) kam(2) …: no owner named.
        assert!(!owned("Die Kritik kam schnell: „So nicht.“", (0, 1)));
        // An inflected form is read by `speech-act-endings`: Aussagen.
        // Tokens: In(0) den(1) Aussagen(2) war(3) …
        assert!(!owned("In den Aussagen war von „Betrug“ die Rede.", (1, 2)));
    }
}
