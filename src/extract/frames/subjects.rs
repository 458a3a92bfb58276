//! The subject a speech verb takes: past auxiliaries and adverbs, through a
//! prepositional phrase, and the main clause's subject for a participle
//! after a comma.

use super::{possessive, Class, Ctx, AS_WRITTEN, MAX_APPOSITION, MAX_GROUP, MAX_NP};
use crate::extract::tokens::Tok;
use crate::extract::words;
use crate::grammar::lex;

impl<'a> Ctx<'a> {
    /// Skips auxiliaries and adverbs leftwards from `i` ("Trump *has also*
    /// said"): the first token at or before `i` that is not one.
    pub fn skip_aux_left(&self, mut i: usize) -> usize {
        while i > 0 && self.is_aux(i) {
            i -= 1;
        }
        i
    }

    /// An adverb by the grammar's `adverb-ending` ("boldly"), not after a
    /// determiner or a possessive, where a noun would stand ("the family").
    fn is_adverb(&self, i: usize) -> bool {
        let Some(end) = self.g.adverb_ending.as_deref() else {
            return false;
        };
        if self.lowered_at[i] != AS_WRITTEN || !self.toks[i].is_word() {
            return false;
        }
        let w = self.word(i);
        w.len() > 4
            && w.ends_with(end)
            && self.flags(i) == 0
            && i > 0
            && !(self.class(i - 1) == Class::Det || self.possessive_det(i - 1) || possessive(self.word(i - 1)))
    }

    /// Can the phrase starting at `lo` be the subject of the verb `v`
    /// after it? Not of a participle when the phrase stands right after a
    /// speech verb ("emailed supporters saying"), whose object it is.
    pub fn subject_of(&self, lo: usize, v: usize) -> bool {
        !self.is_participle(v) || lo == 0 || !self.is_verb(lo - 1)
    }

    /// The subject that a verb right after token `hi` follows. A phrase
    /// after a preposition is no subject but the object of a prepositional
    /// phrase, which belongs to the phrase before it: "Trump in his
    /// announcement speech called", "a spokesman for the campaign said";
    /// When no phrase stands before the preposition, the phrase is kept:
    /// "after Jane Roe said", "footage of Jane Roe saying".
    pub fn subject_before(&self, hi: usize) -> Option<(usize, usize)> {
        let (lo, b) = self.phrase_before(hi)?;
        if !words::after_preposition(self, lo) {
            return Some((lo, b));
        }
        let p = lo - 1;
        // "Secretary of State John Kerry said": a title is the head's start.
        if p > 0 && self.flags(p) & lex::CONNECTOR != 0 && self.is_title(p - 1) && (lo..=b).any(|i| self.is_cap(i)) {
            return Some((p - 1, b));
        }
        let head = (p > 0 && self.is_np_word(p - 1))
            .then(|| self.phrase_before(p - 1))
            .flatten()
            .filter(|&(hlo, _)| !words::after_preposition(self, hlo) && b - hlo <= MAX_NP + MAX_GROUP);
        let Some((hlo, hhi)) = head else {
            return Some((lo, b));
        };
        // A name is the speaker itself; a description keeps what it is of.
        if (hlo..=hhi).any(|i| self.is_cap(i)) {
            Some((hlo, hhi))
        } else {
            Some((hlo, b))
        }
    }

    /// The subject of the speech verb `v`, whose phrase ends at token `hi`
    /// right before it. A participle after a comma takes the main clause's
    /// subject ("Jo Roe, the club's chair, issued a statement Friday,
    /// saying …"): the phrase before that clause's verb, not every word up
    /// to the comma, whose last commas would read as an apposition.
    pub fn subject_of_verb(&self, hi: usize, v: usize) -> Option<(usize, usize)> {
        if self.is_participle(v) && self.toks[hi].kind == Tok::Punct(',') {
            if let Some(span) = self.main_clause_subject(hi) {
                return Some(span);
            }
        }
        self.subject_before(hi)
    }

    /// The subject of the clause that the comma at `comma` closes, when the
    /// clause opens with a finite verb after a comma of its own (past
    /// auxiliaries and adverbs: "…, also urged a strong stand,"): the phrase
    /// before that comma, with its own apposition. None where no such verb
    /// stands in the sentence, or no subject phrase before it.
    fn main_clause_subject(&self, comma: usize) -> Option<(usize, usize)> {
        let floor = comma.saturating_sub(MAX_NP + MAX_APPOSITION);
        for j in (floor.max(1)..comma).rev() {
            let t = self.toks[j];
            if t.ends_sentence() || matches!(t.kind, Tok::Quote(_)) {
                return None;
            }
            if t.kind != Tok::Punct(',') {
                continue;
            }
            let Some(verb) = (j + 1..comma).find(|&i| !self.is_aux(i)) else {
                continue;
            };
            let finite = self.toks[verb].is_word()
                && (words::past_like(self, verb) || self.is_verb(verb) && !self.is_participle(verb));
            if finite {
                // Through the comma, so the subject keeps its apposition;
                // not the phrase before it alone, which may be an object
                // inside a relative clause ("Mr Bashir, who interviewed
                // Jackson for the documentary, refused …").
                return self.phrase_before(j);
            }
        }
        None
    }

    /// A speech verb's present participle ("saying"), by the grammar's
    /// `participle-ending`.
    pub fn is_participle(&self, i: usize) -> bool {
        self.g
            .participle_ending
            .as_deref()
            .is_some_and(|e| self.is_verb(i) && self.lower(i).ends_with(e))
    }

    pub(super) fn is_aux(&self, i: usize) -> bool {
        self.flags(i) & lex::AUXILIARY != 0 && self.lowered_at[i] == AS_WRITTEN || self.is_adverb(i)
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::speakers;

    #[test]
    fn auxiliaries_between_speaker_and_verb() {
        let q = speakers("Intro line.\n\n“It was a mistake,” Tom Reyes has also said.\n\nMary Ode had earlier said that the plan was “a disaster for everyone.”\n");
        assert_eq!(q[0].1.as_deref(), Some("Tom Reyes"));
        assert_eq!(q[1].1.as_deref(), Some("Mary Ode"));
    }

    #[test]
    fn issue13_a_participle_cue_takes_the_main_clause_subject() {
        // D15 of the real families' dev part: the speaker span ran from the
        // apposition to the comma before "saying" and lost the name.
        let q = speakers("Intro line.\n\nRosa Lind, Maya’s mother, issued a statement Friday, saying a trust in her name is working on road safety and “has nothing to add about the driver.”\n\nAnn Lee, the chair, also urged calm, calling the vote “a farce.”\n");
        assert_eq!(q[0].1.as_deref(), Some("Rosa Lind, Maya’s mother"));
        assert_eq!(q[0].2.as_deref(), Some("Rosa Lind"));
        assert_eq!(q[1].1.as_deref(), Some("Ann Lee, the chair"));
        // A participle with no finite verb before it keeps the phrase.
        let q = speakers("Intro line.\n\nThe senator emailed supporters saying: “The struggle continues.”\n");
        assert_eq!(q[0].1.as_deref(), Some("The senator"));
    }

    #[test]
    fn the_object_of_a_speech_verb_is_no_subject_of_a_participle() {
        let q = speakers("Intro line.\n\nThe senator emailed supporters saying: “The struggle continues.”\n");
        assert_eq!(q[0].1.as_deref(), Some("The senator"));
    }

    #[test]
    fn a_subject_stands_before_a_prepositional_phrase() {
        let q = speakers("Intro line.\n\nAl Ford at the time said his “people” would help.\n\nA spokesman for the port authority said it was “no comment” day.\n");
        assert_eq!(q[0].1.as_deref(), Some("Al Ford"));
        assert_eq!(q[1].1.as_deref(), Some("A spokesman for the port authority"));
    }

    #[test]
    fn an_adverb_between_a_speaker_and_the_verb() {
        let q = speakers("Intro line.\n\nAt the debate, Jo Roe boldly suggested that Al Ford “wants no one to know.”\n\n“We grieve,” the family said.\n");
        assert_eq!(q[0].1.as_deref(), Some("Jo Roe"));
        assert_eq!(q[1].1.as_deref(), Some("the family"));
    }
}
