//! The last links of the speaker chain, for a quote that no frame and no
//! neighbour attributes: the context sieves (`sieves`, in their order),
//! else the speaker of the nearest attributed quote around it.

use super::frames::Ctx;
use super::{marks, sieves, Work};

/// Finds a speaker for each quote that no frame and no neighbour
/// attributes: the subject of a speech verb in its sentence, else the
/// speaker of the nearest attributed quote around it.
pub(super) fn fallback_speakers(ctx: &Ctx, work: &mut [Work], piece_tok: &[usize], pieces: &[marks::Piece]) {
    let whos: Vec<Option<(usize, usize)>> = work
        .iter()
        .map(|w| {
            w.matched
                .as_ref()
                .map(|m| m.who)
                .or_else(|| w.borrowed.and_then(|b| work[b].matched.as_ref().map(|m| m.who)))
        })
        .collect();
    let para = |w: &Work| pieces[w.pieces[0]].para;
    // For each quote, the nearest attributed quote before and after it.
    let mut prev_who = vec![None; work.len()];
    let mut last = None;
    for (i, w) in whos.iter().enumerate() {
        prev_who[i] = last;
        if w.is_some() {
            last = Some(i);
        }
    }
    let mut next_who = vec![None; work.len()];
    let mut last = None;
    for (i, w) in whos.iter().enumerate().rev() {
        next_who[i] = last;
        if w.is_some() {
            last = Some(i);
        }
    }
    for i in 0..work.len() {
        if whos[i].is_some() || work[i].headline || work[i].title {
            continue;
        }
        let tok = piece_tok[work[i].pieces[0]];
        if tok == usize::MAX {
            continue;
        }
        let last = piece_tok[*work[i].pieces.last().expect("piece")];
        let site = sieves::Site::new(ctx, tok, last);
        let sieve = sieves::first(ctx, &site);
        work[i].fallback_sieve = sieve.map(|(name, _)| name);
        let mut found = sieve.map(|(_, who)| who);
        if found.is_none() {
            // The nearest attributed quote at most a paragraph back, else
            // the next one in the paragraph, else the nearest before.
            let p = para(&work[i]);
            let (before, after) = (prev_who[i], next_who[i]);
            // A quote between that one and this one whose speaker the
            // context gave is nearer: "X now said Trump had “…”. / “…”".
            let nearer = (i > 0 && before.is_none_or(|k| k < i - 1))
                .then(|| i - 1)
                .filter(|&k| para(&work[k]) + 1 >= p && !work[k].headline && !work[k].title)
                .and_then(|k| work[k].fallback);
            found = nearer.or_else(|| {
                before
                    .filter(|&k| para(&work[k]) + 1 >= p)
                    .or(after.filter(|&k| para(&work[k]) == p))
                    .or(before)
                    .and_then(|k| whos[k])
            });
        }
        work[i].fallback = found;
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::speakers;

    #[test]
    fn a_floating_quote_takes_the_context_speaker_of_the_quote_just_before() {
        let q = speakers("Intro line.\n\n“We will win,” Senator Jo Lee, an adviser, told AFP.\n\nRepresentative Al Ford used to back Bo Tan, but now said Mr. Ruiz had “the chance to bring us together.”\n\n“I think he can do that, but the biggest unifier we have is the other side.”\n");
        assert_eq!(q[2].2.as_deref(), Some("Al Ford"));
    }
}
