//! Word and sentence helpers the stages share: how many words a text has,
//! the sentence around a token, and whether a word reads as a verb, a
//! preposition or a mere sentence opener. Used by the frames, the sieves,
//! resolution, the ranker and the kind rules.

use super::frames::{self, Ctx};
use super::tokens::Tok;

/// `s.split_whitespace().count()`, eight bytes at a time where the text
/// is ASCII: counted twice for every quote, the split took 3.6 % of the
/// instructions of `extract` on BBC.
pub(super) fn count_words(s: &str) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = s.as_bytes();
    let mut words = 0;
    let mut after_space = true;
    let mut i = 0;
    while i < bytes.len() {
        // Eight ASCII bytes at once: each byte's top bit says whether it
        // is whitespace (' ' or '\t'..='\r'); a word starts at a byte
        // that is not, after one that is. No sum carries past a byte,
        // since every byte is under 0x80.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if x & HIGH == 0 {
                let t = x ^ (LOW * 0x20);
                let blank = !(((t & !HIGH) + !HIGH) | t) & HIGH;
                let control = (x + LOW * (0x80 - 0x09)) & !(x + LOW * (0x80 - 0x0e)) & HIGH;
                let space = blank | control;
                let before = (space << 8) | (u64::from(after_space) << 7);
                words += (!space & before & HIGH).count_ones() as usize;
                after_space = space >> 63 == 1;
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let (space, width) = if b.is_ascii() {
            (matches!(b, b' ' | b'\t'..=b'\r'), 1)
        } else {
            let c = s[i..].chars().next().expect("a char starts here");
            (c.is_whitespace(), c.len_utf8())
        };
        words += usize::from(!space && after_space);
        after_space = space;
        i += width;
    }
    words
}

/// The token range of the sentence that holds token `tok`.
/// A quote that closes its own sentence ends it there too: in "… an
/// “outlaw nation.” Russia insisted …" the next sentence is Russia's.
pub(super) fn sentence_of(ctx: &Ctx, tok: usize) -> (usize, usize) {
    let toks = ctx.toks;
    let mut lo = tok;
    while lo > 0 && !toks[lo - 1].ends_sentence() && !ctx.quote_ends_sentence(lo - 1) {
        lo -= 1;
    }
    let mut hi = tok;
    while hi + 1 < toks.len() && !toks[hi + 1].ends_sentence() && !ctx.quote_ends_sentence(hi) {
        hi += 1;
    }
    (lo, hi)
}

/// Does a token from `lo` to `hi` hold one of the grammar's `[reported]`
/// forms (the German Konjunktiv I, "sei", "habe")?
pub(super) fn holds_reported(ctx: &Ctx, lo: usize, hi: usize) -> bool {
    (lo..=hi).any(|i| ctx.toks[i].is_word() && ctx.flags(i) & crate::grammar::lex::REPORTED != 0)
}

/// The sentence before the one that opens at token `lo`, first and last
/// token: back past the stop (and paragraph end) that closes it. None at
/// the text's start.
pub(super) fn sentence_before(ctx: &Ctx, lo: usize) -> Option<(usize, usize)> {
    let mut end = lo.checked_sub(1)?;
    while ctx.toks[end].ends_sentence() {
        end = end.checked_sub(1)?;
    }
    Some(sentence_of(ctx, end))
}

/// Could the lowercase word at `i` be a finite verb: a speech verb, an
/// auxiliary, or a past or third-person form?
pub(super) fn verb_like(ctx: &Ctx, i: usize) -> bool {
    if !ctx.toks[i].is_word() || ctx.word(i).starts_with(char::is_uppercase) {
        return false;
    }
    let w = ctx.word(i);
    // A one-letter ending doubled ("-ss") or a possessive is no verb form.
    let ends =
        |e: &String| w.ends_with(e.as_str()) && !(e.len() == 1 && w.ends_with(&e.repeat(2))) && !frames::possessive(w);
    ctx.is_verb(i)
        || ctx.flags(i) & crate::grammar::lex::AUXILIARY != 0
        || w.len() > 3 && ctx.g.verb_endings.iter().any(ends)
}

/// Is the lowercase word at `i` a past form by the grammar's verb endings?
/// Only endings of more than one letter count: "-s" ends plural nouns too.
pub(super) fn past_like(ctx: &Ctx, i: usize) -> bool {
    let w = ctx.word(i);
    w.len() > 3
        && !w.starts_with(char::is_uppercase)
        && ctx
            .g
            .verb_endings
            .iter()
            .any(|e| e.len() > 1 && w.ends_with(e.as_str()))
}

/// Does a lowercase preposition stand right before token `j` ("in
/// Portsmouth", "by Joe Roe")? A name there is no sentence subject.
pub(super) fn after_preposition(ctx: &Ctx, j: usize) -> bool {
    j > 0
        && ctx.toks[j - 1].is_word()
        && !ctx.word(j - 1).starts_with(char::is_uppercase)
        && ctx.flags(j - 1) & crate::grammar::lex::PREPOSITION != 0
}

/// Is the phrase `a..=b` one capitalised word that the article also writes
/// in lowercase: a sentence opener ("Outside", "Casting"), not a name?
pub(super) fn mere_opener(ctx: &Ctx, a: usize, b: usize) -> bool {
    let main_end = (a..=b)
        .find(|&i| ctx.toks[i].kind == Tok::Punct(','))
        .map_or(b, |c| c - 1);
    a == main_end && ctx.is_cap(a) && (ctx.written_lowercase(a) || !ctx.written_mid_sentence(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn count_words_counts_as_split_whitespace_does() {
        for s in [
            "",
            " ",
            "one",
            "  two  words ",
            "tab\tand\nnew\x0bline\x0c\rfeed",
            "no\u{00a0}break\u{2003}em\u{3000}ideo\u{85}nel x\u{200b}zero-width",
            "İstanbul’s 2nd café—naïve",
            "eight by eight: a longer line, of words and  double  spaces\tand\ttabs, past one chunk",
            "        ",
            "abcdefgh        ijklmnop",
            "x\u{00a0}abcdefgh ijk lmnop\u{2003}qrstuvwx yz",
        ] {
            assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
        }
        // Every ASCII byte, at every place in a chunk and across chunks.
        for b in 0..0x80u8 {
            for at in 0..17 {
                let mut v = b"ab cd efgh ijklmnop qr".to_vec();
                v[at] = b;
                let s = std::str::from_utf8(&v).unwrap();
                assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
            }
        }
    }
}
