//! Splits an article into words, punctuation, whole quotes and paragraph
//! breaks: the stream the attribution frames are matched on.

use crate::grammar::Grammar;

// A tag byte of its own: the kind of a token is asked of nearly every
// token by every pass, and the compiler's packing of the tag into the
// char's spare values made each test decode it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Tok {
    Word,
    Punct(char),
    /// A whole quote piece: the index into the extractor's piece list.
    Quote(usize),
    /// A paragraph break.
    Para,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: Tok,
    pub start: usize,
    pub end: usize,
}

impl Token {
    #[inline]
    pub fn is_word(&self) -> bool {
        matches!(self.kind, Tok::Word)
    }

    /// Ends a sentence: a full stop, a question or exclamation mark, or a
    /// paragraph break. Abbreviation dots are inside their word.
    #[inline]
    pub fn ends_sentence(&self) -> bool {
        matches!(self.kind, Tok::Para | Tok::Punct('.' | '!' | '?' | '…' | ';'))
    }
}

/// Per byte: is it an ASCII letter or digit? One load where the tests
/// for three ranges took several: the word loops below and the language
/// pick run it on every byte of the text.
static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// `b.is_ascii_alphanumeric()`, by table.
#[inline]
pub(crate) fn ascii_alnum(b: u8) -> bool {
    ASCII_ALNUM[usize::from(b)]
}

/// How many bytes `b` starts with that are ASCII letters or digits.
// The tokenizer's word loop, the longest of extraction. Eight bytes are
// tested at once (SWAR), which settles a word of up to seven more bytes in
// one step. (The language pick's loop, which also counts chars, was slower
// so: most of its words end in the first chunk, which then costs more than
// the bytes it covers.)
#[inline]
pub(crate) fn ascii_alnum_run(b: &[u8]) -> usize {
    let mut n = 0;
    while let Some(chunk) = b.get(n..n + 8) {
        let stops = not_ascii_alnum(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        if stops != 0 {
            return n + (stops.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    while n < b.len() && ascii_alnum(b[n]) {
        n += 1;
    }
    n
}

/// The high bit of each byte of `x` (eight bytes) that is not an ASCII
/// letter or digit.
#[inline]
pub(crate) fn not_ascii_alnum(x: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const ONES: u64 = 0x0101_0101_0101_0101;
    // On seven-bit lanes `y + (0x80 - lo)` sets a lane's high bit when
    // y >= lo, and `y + (0x7f - hi)` when y > hi; no lane carries over.
    let y = x & !HIGH;
    let within = |v: u64, lo: u64, hi: u64| (v + (0x80 - lo) * ONES) & !(v + (0x7f - hi) * ONES);
    let digit = within(y, 0x30, 0x39);
    // Setting bit 0x20 folds capitals onto lowercase letters and moves no
    // byte below 0x40 into the letters.
    let letter = within(y | (0x20 * ONES), 0x61, 0x7a);
    !((digit | letter) & !x) & HIGH
}

/// Tokenizes `text`. `pieces` are the quote pieces as (open, close) byte
/// ranges, sorted and disjoint; each becomes one [`Tok::Quote`] token.
/// `paragraphs` are the paragraph ranges.
pub fn tokenize(text: &str, paragraphs: &[(usize, usize)], pieces: &[(usize, usize)], g: &Grammar) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut qi = 0;
    for (n, &(ps, pe)) in paragraphs.iter().enumerate() {
        if n > 0 {
            out.push(Token {
                kind: Tok::Para,
                start: ps,
                end: ps,
            });
        }
        let mut i = ps;
        let bytes = text.as_bytes();
        let mut next_q = pieces.get(qi).map_or(usize::MAX, |p| p.0);
        while i < pe {
            let b = bytes[i];
            // No mark starts with a space: skip spaces before anything else.
            if b == b' ' || b == b'\t' {
                i += 1;
                continue;
            }
            if i >= next_q {
                while qi < pieces.len() && pieces[qi].1 <= i && pieces[qi].0 < i {
                    qi += 1;
                }
                if qi < pieces.len() && pieces[qi].0 == i {
                    let end = pieces[qi].1.min(pe).max(i + 1);
                    out.push(Token {
                        kind: Tok::Quote(qi),
                        start: i,
                        end,
                    });
                    i = end;
                    qi += 1;
                    next_q = pieces.get(qi).map_or(usize::MAX, |p| p.0);
                    continue;
                }
                next_q = pieces.get(qi).map_or(usize::MAX, |p| p.0.max(i + 1));
            }
            // An ASCII byte is settled by the table: most tokens are
            // ASCII words, and decoding a char and asking its Unicode
            // classes for each cost a tenth of the tokenizer.
            let (c, alphanumeric) = if b.is_ascii() {
                (b as char, ascii_alnum(b))
            } else {
                let c = text[i..].chars().next().expect("in bounds");
                (c, c.is_alphanumeric())
            };
            if !alphanumeric && c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            let limit = pieces.get(qi).map_or(pe, |p| p.0.min(pe));
            if alphanumeric {
                // Fast path: an ASCII word ended by a space or by punctuation
                // that neither joins words nor may be an abbreviation's dot.
                let j = i + 1 + bytes.get(i + 1..limit).map_or(0, ascii_alnum_run);
                // "250,000" is one word: a comma between digits joins.
                let digit_comma = j < limit
                    && bytes[j] == b','
                    && bytes[j - 1].is_ascii_digit()
                    && bytes.get(j + 1).is_some_and(u8::is_ascii_digit);
                let plain_end = b.is_ascii()
                    && !digit_comma
                    && (j >= limit
                        || matches!(bytes[j], b' ' | b'\t' | b',' | b';' | b':' | b')' | b'"' | b'?' | b'!'));
                // Past an ASCII first byte, `i..j` is one run of ASCII letters
                // and digits: the slow path goes on from `j`, not over it again.
                let end = if plain_end {
                    j
                } else {
                    word_end(text, i, if b.is_ascii() { j } else { i }, limit, g)
                };
                out.push(Token {
                    kind: Tok::Word,
                    start: i,
                    end,
                });
                i = end;
                // The space after a word, skipped here rather than by a turn
                // of the loop (no mark starts with a space).
                if bytes.get(i) == Some(&b' ') {
                    i += 1;
                }
            } else {
                out.push(Token {
                    kind: Tok::Punct(c),
                    start: i,
                    end: i + c.len_utf8(),
                });
                i += c.len_utf8();
            }
        }
    }
    out
}

/// Where the word at `start` ends; `start..from` is known to be word
/// already.
fn word_end(text: &str, start: usize, from: usize, limit: usize, g: &Grammar) -> usize {
    let bytes = text.as_bytes();
    let mut end = from;
    let mut i = from;
    while i < limit {
        let b = bytes[i];
        if ascii_alnum(b) {
            i += 1;
            end = i;
            continue;
        }
        let c = if b.is_ascii() {
            b as char
        } else {
            text[i..limit].chars().next().expect("in bounds")
        };
        if c.is_alphanumeric() {
            i += c.len_utf8();
            end = i;
            continue;
        }
        // Joiners inside a word: Russia’s, NATO-Russia, U.S, 20.5, 9/11
        let next = text[i + c.len_utf8()..limit].chars().next();
        let joins = matches!(c, '\'' | '’' | '-' | '.' | '&' | '_') && next.is_some_and(char::is_alphanumeric)
            || matches!(c, ',' | '/')
                && i > start
                && bytes[i - 1].is_ascii_digit()
                && next.is_some_and(|n| n.is_ascii_digit());
        if !joins {
            break;
        }
        i += c.len_utf8();
    }
    // An abbreviation or an initial keeps its dot: Mr. / J. / U.S.
    if bytes.get(end) == Some(&b'.') && end < limit {
        let word = &text[start..end];
        let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        let dotted = word.contains('.');
        // "(R-Fla.)": an abbreviated place in a parenthetical.
        let in_parens = bytes.get(end + 1) == Some(&b')') && word.starts_with(|c: char| c.is_uppercase());
        // "Cambridge, Mass., said": a sentence never goes on after its
        // full stop with a comma or a lowercase word, nor with a quote
        // whose first word is lowercase ("Benedikt XVI. „ist …“").
        // The quote is a piece of its own past `limit`: its first word is
        // read from the text.
        let goes_on = word.starts_with(|c: char| c.is_uppercase()) && {
            let rest = &text[end + 1..limit];
            let quoted = text[end + 1..]
                .strip_prefix(' ')
                .and_then(|q| q.strip_prefix(['„', '“', '"', '«', '»', '‚', '‘']));
            rest.starts_with(',')
                || rest.starts_with(' ') && rest.trim_start_matches(' ').starts_with(|c: char| c.is_lowercase())
                || quoted.is_some_and(|q| q.starts_with(|c: char| c.is_lowercase()))
        };
        if initial
            || dotted
            || in_parens
            || goes_on
            || ordinal(g, word, &text[end + 1..limit])
            || is_abbreviation(g, &text[start..end + 1])
        {
            end += 1;
        }
    }
    end
}

/// A number of up to three digits whose dot is an ordinal's, in a grammar
/// that writes ordinals so ("am 26. April", "zum 3. Mal"): the next word
/// is capitalised and in none of the function-word lists, which open a
/// new sentence after a number ("… stieg auf 27. Die Polizei …").
fn ordinal(g: &Grammar, word: &str, rest: &str) -> bool {
    if !g.ordinal_dots || word.len() > 3 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let next = rest.trim_start_matches(' ');
    let len = next.find(|c: char| !c.is_alphanumeric()).unwrap_or(next.len());
    let next = &next[..len];
    if !next.starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    let mut lower = String::with_capacity(next.len());
    crate::grammar::push_lower(&mut lower, next);
    use crate::grammar::lex;
    let function = lex::PRONOUN
        | lex::STOPCAP
        | lex::DET
        | lex::INDEFINITE
        | lex::PREPOSITION
        | lex::SUBORDINATOR
        | lex::AUXILIARY
        | lex::CONNECTOR;
    g.lex(&lower) & function == 0
}

fn is_abbreviation(g: &Grammar, with_dot: &str) -> bool {
    let flags = if with_dot.is_ascii() && with_dot.len() <= 16 {
        // The common case, without an allocation.
        let mut buf = [0u8; 16];
        let b = &mut buf[..with_dot.len()];
        b.copy_from_slice(with_dot.as_bytes());
        b.make_ascii_lowercase();
        g.lex(std::str::from_utf8(b).expect("ASCII"))
    } else {
        let mut lower = String::with_capacity(with_dot.len());
        crate::grammar::push_lower(&mut lower, with_dot);
        g.lex(&lower)
    };
    flags & crate::grammar::lex::ABBREVIATION != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let g = Grammar::builtin("en").unwrap();
        let paras = crate::extract::paragraphs(text);
        tokenize(text, &paras, &[], &g)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    fn words_in<'a>(lang: &str, text: &'a str) -> Vec<&'a str> {
        let g = Grammar::builtin(lang).unwrap();
        let paras = crate::extract::paragraphs(text);
        tokenize(text, &paras, &[], &g)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn issue14_a_german_ordinal_keeps_its_dot_and_a_number_ending_a_sentence_does_not() {
        let text = "Am 26. April kam er zum 3. Mal. Die Zahl stieg auf 27. Die Polizei kam.";
        assert_eq!(
            words_in("de", text),
            [
                "Am", "26.", "April", "kam", "er", "zum", "3.", "Mal", ".", "Die", "Zahl", "stieg", "auf", "27", ".",
                "Die", "Polizei", "kam", "."
            ]
        );
        // English writes no ordinal so: its grammar leaves the dot alone.
        assert_eq!(
            words_in("en", "It fell by 26. April was worse."),
            ["It", "fell", "by", "26", ".", "April", "was", "worse", "."]
        );
        assert_eq!(
            words_in("de", "Es waren 2010. Merkel kam."),
            ["Es", "waren", "2010", ".", "Merkel", "kam", "."]
        );
    }

    #[test]
    fn issue14_a_regnal_number_keeps_its_dot_before_a_quote_that_goes_on() {
        let text = "Sie sagte, Benedikt XVI. „ist ein Denker“. Es kam Gregor XII. „Wir gehen“, sagte er.";
        // Each „…“ a quote piece, as the extractor gives them.
        let opens = text.match_indices('„').map(|(i, _)| i);
        let closes = text.match_indices('“').map(|(i, m)| i + m.len());
        let pieces: Vec<(usize, usize)> = opens.zip(closes).collect();
        let g = Grammar::builtin("de").unwrap();
        let got: Vec<&str> = tokenize(text, &crate::extract::paragraphs(text), &pieces, &g)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect();
        assert_eq!(
            got,
            [
                "Sie",
                "sagte",
                ",",
                "Benedikt",
                "XVI.",
                "„ist ein Denker“",
                ".",
                "Es",
                "kam",
                "Gregor",
                "XII",
                ".",
                "„Wir gehen“",
                ",",
                "sagte",
                "er",
                "."
            ]
        );
    }

    #[test]
    fn alnum_runs_eight_bytes_at_a_time_stop_where_a_byte_loop_does() {
        let naive = |b: &[u8]| b.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        for stop in 0..=255u8 {
            for at in 0..12 {
                let mut b = b"aZ09zA9mnbvcxqwe".to_vec();
                b[at] = stop;
                for len in 0..=b.len() {
                    assert_eq!(ascii_alnum_run(&b[..len]), naive(&b[..len]), "{stop} at {at}, {len}");
                }
            }
        }
    }

    #[test]
    fn a_comma_between_digits_joins_a_number() {
        assert_eq!(
            words("It admitted 250,000 people, 12 more, a 9/11 widow and/or 3 / 4."),
            [
                "It", "admitted", "250,000", "people", ",", "12", "more", ",", "a", "9/11", "widow", "and", "/", "or",
                "3", "/", "4", "."
            ]
        );
    }

    #[test]
    fn words_keep_apostrophes_hyphens_and_abbreviations() {
        assert_eq!(
            words("Mr. Trump’s NATO-Russia plan, U.S. says."),
            ["Mr.", "Trump’s", "NATO-Russia", "plan", ",", "U.S.", "says", "."]
        );
    }

    #[test]
    fn abbreviated_place_in_parentheses_keeps_its_dot() {
        assert_eq!(
            words("Rep. Jane Roe (D-Ore.) said. (It ended.)"),
            ["Rep.", "Jane", "Roe", "(", "D-Ore.", ")", "said", ".", "(", "It", "ended", ".", ")"]
        );
    }

    #[test]
    fn sentence_full_stop_is_punctuation() {
        assert_eq!(words("He left. She"), ["He", "left", ".", "She"]);
    }
}
