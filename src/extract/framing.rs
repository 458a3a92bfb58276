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

/// What a grammar's frames ask of a quote before they are tried, worked
/// out once per grammar.
#[derive(Debug, Clone)]
pub(super) struct FramePlan {
    /// Per frame: which sides of its Q need a speech verb ([`needs_verb`];
    /// per article it was a hundredth of extraction).
    needs: Vec<(bool, bool)>,
    /// Per frame: its tests of the tokens right after and right before its
    /// Q, a bit for each of `beside`; none where any token will do.
    tests: Vec<u64>,
    /// The distinct tests (at most 64): an element and its side (1 after
    /// Q, -1 before). Most frames tried at a quote fail on one of these,
    /// and many frames share one ("Q , S V", "Q , V S", "Q , according to
    /// S"): each is made once per quote token, not once per frame.
    beside: Vec<(Element, isize)>,
}

/// The tests of [`FramePlan::beside`] made at one quote token: a bit for
/// each made, and for each passed.
#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    made: u64,
    passed: u64,
}

impl FramePlan {
    pub(super) fn of(g: &crate::grammar::Grammar) -> FramePlan {
        let mut beside: Vec<(Element, isize)> = Vec::new();
        // A test past the 64th is not made: its frames are tried anyway.
        let mut test = |el: Option<&Element>, dir: isize| {
            let Some(el) = el.filter(|e| matches!(e, Element::Word(_) | Element::Punct(_) | Element::Verb)) else {
                return 0;
            };
            let at = beside.iter().position(|(e, d)| e == el && *d == dir);
            let at = at.unwrap_or_else(|| {
                beside.push((el.clone(), dir));
                beside.len() - 1
            });
            if at < 64 {
                1u64 << at
            } else {
                0
            }
        };
        let tests = g
            .frames
            .iter()
            .map(|f| {
                let a = f.anchor();
                if !matches!(f.elements[a], Element::Quote) {
                    return 0;
                }
                let before = a.checked_sub(1).map(|k| &f.elements[k]);
                test(f.elements.get(a + 1), 1) | test(before, -1)
            })
            .collect();
        FramePlan {
            needs: g.frames.iter().map(needs_verb).collect(),
            tests,
            beside,
        }
    }

    /// Can frame `fi` match at the quote token `tok`, by the tokens right
    /// beside it? `false` only where [`Ctx::match_frame`] fails at its first
    /// tests. `seen` keeps the tests made at `tok`.
    fn may_fit(&self, ctx: &Ctx, fi: usize, tok: usize, seen: &mut Seen) -> bool {
        let need = self.tests[fi];
        let mut fresh = need & !seen.made;
        while fresh != 0 {
            let t = fresh.trailing_zeros() as usize;
            fresh &= fresh - 1;
            let (el, dir) = &self.beside[t];
            let pos = if *dir == 1 {
                tok as isize + 1
            } else {
                ctx.quote_left_start(tok)
            };
            seen.made |= 1 << t;
            if !ctx.next_fits(Some(el), pos, *dir, tok) {
                return false;
            }
            seen.passed |= 1 << t;
        }
        need & !seen.passed == 0
    }
}

/// Finds the frame that attributes each quote, and sets aside a quote
/// that names a work. A headline quote is attributed by no frame.
/// `plan` is [`FramePlan::of`] the context's grammar.
pub(super) fn match_frames(ctx: &Ctx, work: &mut [Work], piece_tok: &[usize], plan: &FramePlan) {
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
        // The tests beside the quote's first and last token, made as asked.
        let (mut first_seen, mut last_seen) = (Seen::default(), Seen::default());
        // The first frame that matches at the first token, or else at the
        // last. (A loop: as closures, the steps of each of the grammar's
        // frames cost more than the tests they save.)
        w.matched = None;
        for (fi, f) in ctx.g.frames.iter().enumerate() {
            let (needs_left, needs_right) = plan.needs[fi];
            let possible = (!needs_left || verbs.0) && (!needs_right || verbs.1);
            if possible && plan.may_fit(ctx, fi, first_tok, &mut first_seen) {
                w.matched = ctx.match_frame(fi, f, first_tok);
            }
            if w.matched.is_none() && last_tok != first_tok && plan.may_fit(ctx, fi, last_tok, &mut last_seen) {
                w.matched = ctx.match_frame(fi, f, last_tok);
            }
            if w.matched.is_some() {
                break;
            }
        }
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
    use super::{FramePlan, Seen};
    use crate::extract::testing::speakers;
    use crate::extract::tokens::Tok;

    #[test]
    fn issue14_a_frame_the_plan_turns_down_at_a_quote_matches_nothing_there() {
        // Invented quotes attributed in the frames' shapes, and some not.
        let texts = [
            "“We will win,” Jane Roe said.\n",
            "“We will win,” said Jane Roe.\n",
            "Jane Roe said: “We will win.”\n",
            "Jane Roe said:\n\n“We will win.”\n",
            "According to Jane Roe, “we will win.”\n",
            "“We will win” — Jane Roe said.\n",
            "“Will we win?” Jane Roe asked.\n",
            "The plan was called “a disaster” by Jane Roe.\n",
            "Jane Roe put it, “we will win.”\n",
            "“We will win,” according to Jane Roe.\n",
            "What Jane Roe called “a plan” failed.\n",
            "It rained. “We will win.” Nobody spoke.\n",
        ];
        let g = crate::grammar::Grammar::builtin("en").unwrap();
        let plan = FramePlan::of(&g);
        let mut turned_down = 0;
        for text in texts {
            crate::extract::sieves::tests::with_site(text, |ctx, _| {
                let tok = ctx.toks.iter().position(|t| matches!(t.kind, Tok::Quote(_))).unwrap();
                let mut seen = Seen::default();
                for (fi, f) in ctx.g.frames.iter().enumerate() {
                    if !plan.may_fit(ctx, fi, tok, &mut seen) {
                        turned_down += 1;
                        assert!(ctx.match_frame(fi, f, tok).is_none(), "{} on {text}", f.name);
                    }
                }
            })
            .unwrap();
        }
        assert!(turned_down > 100, "{turned_down}");
    }

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
