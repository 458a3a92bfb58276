//! The first link of the speaker chain: the grammar frame (`frames`,
//! `.qg` files) that attributes each quote ("“…,” she said."), tried
//! only where its speech verb can lie; a quote naming a work ("NBC’s
//! “Today”") is set aside first.

use super::classify::names_a_work;
use super::frames::Ctx;
use super::sieves::{first_name_before, name_before_verb, sentence_subject};
use super::tokens::{Tok, Token};
use super::words::{after_preposition, sentence_of};
use super::Work;
use crate::grammar::Element;

/// Which sides of its Q each of a grammar's frames needs a speech verb
/// on ([`needs_verb`]), worked out once per grammar: per article it was a
/// hundredth of extraction.
pub(super) fn frame_needs(g: &crate::grammar::Grammar) -> Vec<(bool, bool)> {
    g.frames.iter().map(needs_verb).collect()
}

/// Finds the frame that attributes each quote, and sets aside a quote
/// that names a work. A headline quote is attributed by no frame.
/// `frame_needs` is [`frame_needs`] of the context's grammar.
pub(super) fn match_frames(ctx: &Ctx, work: &mut [Work], piece_tok: &[usize], frame_needs: &[(bool, bool)]) {
    for w in work.iter_mut() {
        if w.headline {
            continue;
        }
        let first_tok = piece_tok[w.pieces[0]];
        let last_tok = piece_tok[*w.pieces.last().expect("piece")];
        if first_tok == usize::MAX {
            continue;
        }
        if w.pieces.len() == 1 && names_a_work(ctx, first_tok) {
            w.title = true;
            continue;
        }
        // A frame whose V cannot be reached on its side is not tried.
        let verbs = (verb_reachable(ctx, first_tok, -1), verb_reachable(ctx, first_tok, 1));
        w.matched = ctx.g.frames.iter().enumerate().find_map(|(fi, f)| {
            let (needs_left, needs_right) = frame_needs[fi];
            let possible = (!needs_left || verbs.0) && (!needs_right || verbs.1);
            possible
                .then(|| ctx.match_frame(fi, f, first_tok))
                .flatten()
                .or_else(|| {
                    (last_tok != first_tok)
                        .then(|| ctx.match_frame(fi, f, last_tok))
                        .flatten()
                })
        });
    }
    for w in work.iter_mut() {
        if let Some(m) = &mut w.matched {
            if let Some(author) = author_of_medium(ctx, m.who).or_else(|| subject_of_participle(ctx, m.who)) {
                m.who = author;
            }
        }
    }
}

/// Which sides of its Q a frame needs a speech verb on, where that verb
/// can only lie in the quote's own sentence: `(left, right)`. A side with a
/// sentence-ending punctuation literal (`Q ? S V`) may reach past the
/// sentence, so it is not counted.
fn needs_verb(f: &crate::grammar::Frame) -> (bool, bool) {
    let a = f.anchor();
    let side = |els: &[Element]| {
        let crosses = els.iter().any(
            |e| matches!(e, Element::Punct(c) if Token { kind: Tok::Punct(*c), start: 0, end: 0 }.ends_sentence()),
        );
        !crosses && els.iter().any(|e| matches!(e, Element::Verb))
    };
    (side(&f.elements[..a]), side(&f.elements[a + 1..]))
}

/// Is there a speech verb on side `dir` (-1 left, 1 right) of the quote
/// token `tok`, before the sentence ends? Leftwards this includes the
/// previous paragraph's lead-in ending in a colon, as frames do.
fn verb_reachable(ctx: &Ctx, tok: usize, dir: isize) -> bool {
    let n = ctx.toks.len() as isize;
    let mut p = tok as isize + dir;
    if dir < 0 && p >= 1 && ctx.toks[p as usize].kind == Tok::Para && ctx.toks[p as usize - 1].kind == Tok::Punct(':') {
        p -= 1;
    }
    while p >= 0 && p < n {
        let t = ctx.toks[p as usize];
        if t.ends_sentence() {
            return false;
        }
        if ctx.is_verb(p as usize) {
            return true;
        }
        p += dir;
    }
    false
}

/// "Jane Roe issued a statement saying “…”": a speaker phrase that is an
/// indefinite speech noun ("a statement", "a letter") names the medium;
/// the speaker is the one who issued it, the subject of the sentence.
fn author_of_medium(ctx: &Ctx, (lo, hi): (usize, usize)) -> Option<(usize, usize)> {
    use crate::grammar::lex;
    let medium = ctx.flags(lo) & lex::INDEFINITE != 0
        && ctx.flags(hi) & lex::SPEECH_NOUN != 0
        && ctx.flags(hi) & lex::AGENT == 0
        && !(lo..=hi).any(|i| ctx.is_cap(i));
    if !medium {
        return None;
    }
    let (start, _) = sentence_of(ctx, lo);
    sentence_subject(ctx, start, lo)
        .or_else(|| first_name_before(ctx, start, lo))
        .filter(|&(_, b)| b < lo)
}

/// "Jo Roe was quoted in the Herald saying “…”": a speaker phrase that is
/// the object of a preposition, with a participle right after it, is where
/// the sentence's subject spoke, not who spoke. (Not after a preposition
/// whose object may be the participle's subject: "with Jane Roe saying".)
fn subject_of_participle(ctx: &Ctx, (lo, hi): (usize, usize)) -> Option<(usize, usize)> {
    let prep = lo.checked_sub(1)?;
    let pinned = after_preposition(ctx, lo)
        && ctx.toks.get(hi + 1).is_some_and(|t| t.is_word())
        && ctx.is_participle(hi + 1)
        && !ctx.g.participle_subject_prepositions.contains(ctx.lower(prep))
        && prep > 0
        && ctx.toks[prep - 1].kind != Tok::Punct(',');
    if !pinned {
        return None;
    }
    let (start, _) = sentence_of(ctx, lo);
    sentence_subject(ctx, start, prep)
        .or_else(|| name_before_verb(ctx, start, prep))
        .or_else(|| first_name_before(ctx, start, prep))
        .filter(|&(_, b)| b < prep)
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::speakers;

    #[test]
    fn the_author_of_a_statement_is_its_speaker() {
        let q =
            speakers("Intro line.\n\nGroup head Mia Long issued a statement saying the vote “has no place here.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Mia Long"));
    }

    #[test]
    fn a_participle_after_a_prepositions_object_is_the_sentences_subjects() {
        // issue 14: "quoted in the Herald newspaper saying" is not the Herald's.
        let q = speakers("Intro line.\n\nMr Tom Hale was quoted in the Daily Post newspaper saying: \"We lost.\"\n");
        assert_eq!(q[0].2.as_deref(), Some("Tom Hale"));
        let q = speakers("Intro line.\n\nThe party split, with Jane Roe saying: \"We lost.\"\n");
        assert_eq!(q[0].2.as_deref(), Some("Jane Roe"));
    }
}
