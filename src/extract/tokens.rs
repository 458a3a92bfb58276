//! Splits an article into words, punctuation, whole quotes and paragraph
//! breaks: the stream the attribution frames are matched on.

use crate::grammar::Grammar;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    pub fn is_word(&self) -> bool {
        self.kind == Tok::Word
    }

    /// Ends a sentence: a full stop, a question or exclamation mark, or a
    /// paragraph break. Abbreviation dots are inside their word.
    pub fn ends_sentence(&self) -> bool {
        matches!(self.kind, Tok::Para | Tok::Punct('.' | '!' | '?' | '…' | ';'))
    }
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
        while i < pe {
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
                continue;
            }
            let b = bytes[i];
            if b.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            let c = text[i..].chars().next().expect("in bounds");
            if c.is_whitespace() {
                i += c.len_utf8();
                continue;
            }
            let limit = pieces.get(qi).map_or(pe, |p| p.0.min(pe));
            if c.is_alphanumeric() {
                let end = word_end(text, i, limit, g);
                out.push(Token {
                    kind: Tok::Word,
                    start: i,
                    end,
                });
                i = end;
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

fn word_end(text: &str, start: usize, limit: usize, g: &Grammar) -> usize {
    let mut end = start;
    let mut chars = text[start..limit].char_indices().peekable();
    while let Some((j, c)) = chars.next() {
        if c.is_alphanumeric() {
            end = start + j + c.len_utf8();
            continue;
        }
        // Joiners inside a word: Russia’s, NATO-Russia, U.S, 20.5
        let joins =
            matches!(c, '\'' | '’' | '-' | '.' | '&' | '_') && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if !joins {
            break;
        }
    }
    // An abbreviation or an initial keeps its dot: Mr. / J. / U.S.
    if text[end..limit].starts_with('.') {
        let word = &text[start..end];
        let with_dot = &text[start..end + 1];
        let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        let dotted = word.contains('.');
        if initial || dotted || g.abbreviations.contains(&with_dot.to_lowercase()) {
            end += 1;
        }
    }
    end
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

    #[test]
    fn words_keep_apostrophes_hyphens_and_abbreviations() {
        assert_eq!(
            words("Mr. Trump’s NATO-Russia plan, U.S. says."),
            ["Mr.", "Trump’s", "NATO-Russia", "plan", ",", "U.S.", "says", "."]
        );
    }

    #[test]
    fn sentence_full_stop_is_punctuation() {
        assert_eq!(words("He left. She"), ["He", "left", ".", "She"]);
    }
}
