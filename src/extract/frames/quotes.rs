//! Tests on the quote token at an edge of a frame: does it end its sentence
//! or clause, is it a noun phrase a determiner opens, does a mark inside its
//! closing mark stand for the one after it.

use super::Ctx;
use crate::extract::tokens::Tok;
use crate::grammar::lex;

impl<'a> Ctx<'a> {
    /// Is token `i` a quote that a determiner opens and no punctuation
    /// inside its marks closes ("the “new deal”", not "the “woman card,”"
    /// nor "an “outlaw nation.”"): a noun phrase in the writer's sentence?
    pub fn quoted_noun_phrase(&self, i: usize) -> bool {
        let Tok::Quote(qi) = self.toks[i].kind else {
            return false;
        };
        let (s, e) = self.inner[qi];
        i > 0
            && self.toks[i - 1].is_word()
            && self.flags(i - 1) & lex::DET != 0
            && !self.text[s..e]
                .trim_end()
                .ends_with(['.', ',', '!', '?', ';', ':', '…'])
    }

    /// Does the quote at token `i` end its sentence: a full stop, question
    /// or exclamation mark inside its closing mark, and a capitalised word
    /// or another quote after it?
    // Asked of every token the frame matcher and the sentence scans pass
    // (465 k calls on BBC), nearly all no quote: that is settled inline,
    // where a call for each cost more than the test.
    #[inline]
    pub fn quote_ends_sentence(&self, i: usize) -> bool {
        matches!(self.toks[i].kind, Tok::Quote(_)) && self.quote_closes_sentence(i)
    }

    /// [`quote_ends_sentence`](Self::quote_ends_sentence) of the quote token at `i`.
    fn quote_closes_sentence(&self, i: usize) -> bool {
        let Tok::Quote(qi) = self.toks[i].kind else {
            return false;
        };
        let (s, e) = self.inner[qi];
        let closes = self.text[s..e].trim_end().ends_with(['.', '!', '?']);
        closes
            && self.toks.get(i + 1).is_some_and(|t| match t.kind {
                Tok::Quote(_) => true,
                Tok::Word => self.text[t.start..].starts_with(char::is_uppercase),
                _ => false,
            })
    }

    /// Does the quote at token `i` end a clause, with a comma inside its
    /// marks and a name after it: "a clip Judge Roe called “distasteful,”
    /// Jane Doe expressed …" (not "called it “a,” “b” and “c”")?
    pub fn quote_ends_clause(&self, i: usize) -> bool {
        let Tok::Quote(qi) = self.toks[i].kind else {
            return false;
        };
        let (s, e) = self.inner[qi];
        self.text[s..e].trim_end().ends_with(',') && self.toks.get(i + 1).is_some_and(|_| self.is_cap(i + 1))
    }

    /// Does the quote at token `i` end with a full stop inside its marks?
    pub(super) fn closes_sentence(&self, i: usize) -> bool {
        let Tok::Quote(qi) = self.toks[i].kind else {
            return false;
        };
        let (s, e) = self.inner[qi];
        self.text[s..e].trim_end().ends_with('.')
    }

    /// Does the mark `c` stand inside the closing mark of the quote at
    /// `quote_tok`, where it counts as the one after it ("“…,” he said")?
    pub(super) fn punct_inside_quote(&self, c: char, quote_tok: usize) -> bool {
        let Tok::Quote(qi) = self.toks[quote_tok].kind else {
            return false;
        };
        let (s, e) = self.inner[qi];
        let last = self.text[s..e].trim_end().chars().next_back();
        match c {
            ',' => last.is_some_and(|l| matches!(l, ',' | '.' | '?' | '!' | '—' | '–' | '-' | '…')),
            other => last == Some(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::speakers;

    #[test]
    fn a_new_sentence_after_a_closed_quote_is_not_its_attribution() {
        let text = "Intro line here.\n\n“It is a sad day,” Ana Ruiz told reporters. “This is the result of the plan.” Mayor Ilse Tarn said she would resign.\n\n“We will rebuild.” Mayor Ilse Tarn said.\n";
        let got: Vec<Option<String>> = speakers(text).into_iter().map(|(_, s, _)| s).collect();
        assert_eq!(
            got,
            [
                Some("Ana Ruiz".into()),
                Some("Ana Ruiz".into()),
                Some("Mayor Ilse Tarn".into())
            ]
        );
    }
}
