//! Conduits: the intermediary an article cites for an attributed quote
//! ("according to ProPublica"), found by the grammar's conduit frames
//! around the quote's sentence.

use super::frames::Ctx;
use super::tokens::{Tok, Token};
use super::{Quote, Work};
use crate::grammar::Element;

/// Finds the conduit of each attributed quote: a cue in the sentence of
/// the quote or of its speaker, or in the sentence before.
pub(super) fn conduits(ctx: &Ctx, quotes: &mut [Quote], work: &[Work], piece_tok: &[usize]) {
    if ctx.g.conduits.is_empty() {
        return;
    }
    for (q, w) in quotes.iter_mut().zip(work) {
        if q.speaker.is_none() {
            continue;
        }
        let tok = piece_tok[w.pieces[0]];
        if tok == usize::MAX {
            continue;
        }
        let (lo, hi) = sentence_window(ctx.toks, tok);
        // A cue whose words are not around cannot match: skip it.
        let near = lo.saturating_sub(CUE_REACH)..=(hi + CUE_REACH).min(ctx.toks.len() - 1);
        let around: Vec<&str> = near
            .filter(|&j| ctx.toks[j].is_word() && ctx.flags(j) & crate::grammar::lex::CUE_WORD != 0)
            .map(|j| ctx.lower(j))
            .collect();
        let possible: Vec<bool> = ctx
            .g
            .conduits
            .iter()
            .map(|f| {
                f.elements.iter().any(|e| matches!(e, Element::Gap(_)))
                    || f.elements.iter().all(|e| match e {
                        Element::Word(w) => around.contains(&w.as_str()),
                        _ => true,
                    })
            })
            .collect();
        if !possible.contains(&true) {
            continue;
        }
        'found: for i in lo..=hi {
            if !ctx.toks[i].is_word() || !ctx.is_cap(i) {
                continue;
            }
            let Some(phrase) = ctx.conduit_phrase(i) else { continue };
            for (fi, f) in ctx.g.conduits.iter().enumerate() {
                if !possible[fi] {
                    continue;
                }
                if let Some(m) = ctx.match_frame_with(fi, f, i, Some(phrase)) {
                    let (a, mut b) = m.who;
                    // The name alone, not an apposition or a clause after it:
                    // "according to ProPublica, Clinton praised her …".
                    if let Some(c) = (a..=b).find(|&k| ctx.toks[k].kind == Tok::Punct(',')) {
                        b = c.saturating_sub(1).max(a);
                    }
                    if a < lo || b > hi {
                        continue;
                    }
                    let s = ctx.toks[a].start;
                    let e = ctx.toks[b].end;
                    let name = ctx.text[s..e].trim_start_matches("the ").to_string();
                    if q.speaker.as_deref() != Some(ctx.text[s..e].as_ref()) {
                        q.conduit = Some(name);
                        break 'found;
                    }
                }
            }
        }
    }
}

/// How far outside its window a gapless conduit cue's words can lie.
const CUE_REACH: usize = 16;

/// The token window of the sentence holding `tok` and the one before it,
/// within its paragraph: a source named in the paragraph before is that
/// paragraph's quote's, not this one's.
fn sentence_window(toks: &[Token], tok: usize) -> (usize, usize) {
    let mut lo = tok;
    let mut ends = 0;
    while lo > 0 {
        let t = toks[lo - 1];
        if matches!(t.kind, Tok::Para) {
            break;
        }
        if t.ends_sentence() {
            ends += 1;
            if ends == 2 {
                break;
            }
        }
        lo -= 1;
    }
    let mut hi = tok;
    while hi + 1 < toks.len() && !toks[hi + 1].ends_sentence() {
        hi += 1;
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::extract;

    #[test]
    fn according_to_after_a_named_speaker_is_the_conduit() {
        let q = extract("Intro line.\n\n“I will vote for her,” Al Ford said, according to Vermont Radio, a station.\n");
        assert_eq!(q[0].speaker.as_deref(), Some("Al Ford"));
        // The name alone, not its apposition.
        assert_eq!(q[0].conduit.as_deref(), Some("Vermont Radio"));
    }
}
