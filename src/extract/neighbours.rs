//! The second link of the speaker chain: a quote no frame attributes
//! borrows a neighbour's speaker (the second half of an interrupted
//! quote, or a paragraph of quote continuing a speaker), and an
//! interrupted quote is joined into one quote of two segments.

use super::frames::{Ctx, FrameMatch};
use super::sieves::{colon_lead_speaker, previous_sentence_speaker, previous_sentence_subject, trailing_attribution};
use super::tokens::Tok;
use super::words::{count_words, sentence_of};
use super::{marks, Kind, Work};

/// Gives a quote with no frame of its own the speaker of a neighbour:
/// the second half of an interrupted quote, or a paragraph that is all
/// quote continuing the previous speaker.
pub(super) fn attach_neighbours(ctx: &Ctx, work: &mut [Work], piece_tok: &[usize], pieces: &[marks::Piece]) {
    // The quote each quote token belongs to.
    let owner: std::collections::HashMap<usize, usize, crate::grammar::FastHash> = work
        .iter()
        .enumerate()
        .flat_map(|(k, w)| w.pieces.iter().map(move |&p| (piece_tok[p], k)))
        .collect();
    for i in 0..work.len() {
        if work[i].matched.is_some() || work[i].headline || work[i].title {
            continue;
        }
        let tok = piece_tok[work[i].pieces[0]];
        if tok == usize::MAX {
            continue;
        }
        // Only a quote that opens its sentence can float.
        let opens_sentence = tok == 0 || {
            let prev = ctx.toks[tok - 1];
            prev.ends_sentence() || prev.kind == Tok::Punct(':')
        };
        if !opens_sentence || !looks_like_statement(ctx, &work[i], pieces) {
            continue;
        }
        // "“…,” Jane Roe shot back.": its own attribution, verb unknown.
        let last = piece_tok[*work[i].pieces.last().expect("piece")];
        if trailing_attribution(ctx, last).is_some() {
            continue;
        }
        // "Jane Roe agreed. “…”": a lead-in sentence of its own, with no
        // quote in it, names the speaker (see `previous_sentence_speaker`).
        if tok >= 2 && ctx.toks[tok - 1].kind != Tok::Para {
            let (plo, _) = sentence_of(ctx, tok - 2);
            let quoteless = !(plo..tok - 1).any(|k| matches!(ctx.toks[k].kind, Tok::Quote(_)));
            if quoteless && previous_sentence_speaker(ctx, tok).is_some() {
                continue;
            }
        }
        if previous_sentence_subject(ctx, tok).is_some() {
            continue;
        }
        // "Zum Rücktritt sagte Kardinal Roe: „…“": a lead-in that ends in
        // a colon names its own speaker; the colon-lead sieve reads it.
        if tok > 0 && ctx.toks[tok - 1].kind == Tok::Punct(':') && colon_lead_speaker(ctx, tok).is_some() {
            continue;
        }
        // The nearest earlier quote with a speaker, at most one paragraph back.
        let mut paras_back = 0;
        let mut j = tok;
        let mut found = None;
        while j > 0 {
            j -= 1;
            match ctx.toks[j].kind {
                Tok::Para => {
                    paras_back += 1;
                    if paras_back > 1 {
                        break;
                    }
                }
                Tok::Quote(_) => {
                    if let Some(k) = owner.get(&j).copied().filter(|&k| k < i) {
                        if work[k].matched.as_ref().is_some_and(|m| !loose_frame(ctx, m)) {
                            found = Some(k);
                        } else if let Some(b) = work[k].borrowed {
                            found = Some(b);
                        }
                        break;
                    }
                }
                _ => {}
            }
        }
        if found.is_none() {
            // Or the next quote in the same paragraph.
            let mut j = tok + 1;
            while j < ctx.toks.len() && ctx.toks[j].kind != Tok::Para {
                if let Tok::Quote(_) = ctx.toks[j].kind {
                    if let Some(k) = owner.get(&j).copied().filter(|&k| k > i) {
                        if work[k].matched.is_some() {
                            found = Some(k);
                        }
                    }
                    break;
                }
                j += 1;
            }
        }
        work[i].borrowed = found;
    }
}

/// Joins a quote interrupted by its own attribution into one quote with
/// two segments: “We stay,” the minister said. “We will not leave.” The
/// second half borrowed its speaker from the first, in the same paragraph,
/// and nothing but punctuation lies between the frame and it.
pub(super) fn join_interrupted(ctx: &Ctx, work: Vec<Work>, piece_tok: &[usize], pieces: &[marks::Piece]) -> Vec<Work> {
    let continues = |w: &Work, i: usize, next: &Work| -> bool {
        let Some(m) = &w.matched else { return false };
        let (last, first) = (*w.pieces.last().expect("piece"), next.pieces[0]);
        let (lt, nt) = (piece_tok[last], piece_tok[first]);
        next.borrowed == Some(i)
            && next.kind == Some(Kind::Statement)
            && !w.unclosed
            && pieces[last].para == pieces[first].para
            && lt != usize::MAX
            && nt != usize::MAX
            && m.extent.0 == lt
            && m.extent.1 < nt
            && (m.extent.1 + 1..nt).all(|t| matches!(ctx.toks[t].kind, Tok::Punct(_)))
    };
    let mut map = Vec::with_capacity(work.len());
    let mut out: Vec<Work> = Vec::with_capacity(work.len());
    let mut joined_to: Option<usize> = None;
    for (i, w) in work.iter().enumerate() {
        if let Some(at) = joined_to.take() {
            out[at].pieces.extend_from_slice(&w.pieces);
            map.push(at);
            continue;
        }
        if work.get(i + 1).is_some_and(|next| continues(w, i, next)) {
            joined_to = Some(out.len());
        }
        map.push(out.len());
        out.push(w.clone());
    }
    for w in &mut out {
        w.borrowed = w.borrowed.map(|b| map[b]);
    }
    out
}

/// A frame that reaches its quote across a gap ("X said that … “…”")
/// says less about the quotes around it than an adjacent one.
fn loose_frame(ctx: &Ctx, m: &FrameMatch) -> bool {
    ctx.g.frames[m.frame]
        .elements
        .iter()
        .any(|e| matches!(e, crate::grammar::Element::Gap(_)))
}

/// A quote that reads as a sentence: several words, starting with a
/// capital or ending with sentence punctuation.
fn looks_like_statement(ctx: &Ctx, w: &Work, pieces: &[marks::Piece]) -> bool {
    let (s, e) = (pieces[w.pieces[0]].start, pieces[*w.pieces.last().expect("piece")].end);
    let t = ctx.text[s..e.max(s)].trim();
    let words = count_words(t);
    let capital = t.chars().next().is_some_and(char::is_uppercase);
    let ends = t.ends_with(['.', '!', '?', ',', '…', '—']);
    words >= 4 && (capital || ends)
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::{extract, german_sieve_speakers, speakers};

    #[test]
    fn interrupted_quote_is_one_quote_in_two_segments() {
        let text = "Intro line.\n\n“We stay,” the minister said. “We will not leave.”\n\n“Later,” she said.\n";
        let q = extract(text);
        assert_eq!(q.len(), 2, "{q:?}");
        let (a, b) = ("We stay,", "We will not leave.");
        let (sa, sb) = (text.find(a).unwrap(), text.find(b).unwrap());
        assert_eq!(q[0].segments, [[sa, sa + a.len()], [sb, sb + b.len()]]);
        assert_eq!((q[0].start, q[0].end), (sa, sb + b.len()));
        assert_eq!(q[0].text, "We stay,” the minister said. “We will not leave.");
        assert_eq!(q[0].speaker.as_deref(), Some("the minister"));
    }

    #[test]
    fn a_lead_in_sentence_of_its_own_beats_the_quote_before() {
        let q = speakers("Intro line.\n\n“We can win,” said Al Ford.\n\nAnn Bell agreed. “This is the moment for him to break through.”\n");
        assert_eq!(q[1].2.as_deref(), Some("Ann Bell"));
    }

    #[test]
    fn issue14_a_colon_lead_in_beats_the_quote_before() {
        let q = speakers("Intro line.\n\n“We can win,” said Al Ford.\n\nOn the budget Ann Bell added: “This is the moment for him to break through.”\n");
        assert_eq!(q[1].2.as_deref(), Some("Ann Bell"), "{q:?}");
        let q = german_sieve_speakers(
            "Einleitung.\n\n„Wir bleiben hier“, sagte Jens Vogel.\n\nZum Rücktritt sagte Kardinal Paul Weber: „Das war ein schwerer Tag für uns alle.“\n",
        );
        assert!(q[1].1.as_deref().is_some_and(|s| s.ends_with("Paul Weber")), "{q:?}");
    }
}
