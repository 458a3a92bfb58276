//! The appositions a speaker phrase may carry after a comma ("Jane Roe, 31,
//! a teacher,"), and the clauses and place names that are none.

use super::{possessive, Class, Ctx, MAX_APPOSITION};
use crate::extract::tokens::Tok;
use crate::extract::words;

impl<'a> Ctx<'a> {
    /// Does the phrase starting at `lo` name a place inside an apposition:
    /// after a preposition ("of Springfield"), or the state after such a
    /// place ("of Ashton, Md.")?
    pub(super) fn in_place_name(&self, (lo, hi): (usize, usize)) -> bool {
        if words::after_preposition(self, lo) {
            return true;
        }
        let state_like = hi - lo < 2 && (lo..=hi).all(|i| self.is_cap(i));
        if !state_like || lo < 2 || self.toks[lo - 1].kind != Tok::Punct(',') || !self.is_cap(lo - 2) {
            return false;
        }
        let mut a = lo - 2;
        while a > 0 && self.is_cap(a - 1) {
            a -= 1;
        }
        words::after_preposition(self, a)
    }

    /// An apposition between two commas after a name: any words, as long
    /// as it stays in its sentence and holds no quote.
    pub(super) fn enclosed_apposition_ok(&self, lo: usize, hi: usize) -> bool {
        hi >= lo
            && hi - lo < MAX_APPOSITION
            && self.toks[lo].is_word()
            && !(lo..=hi).any(|i| self.toks[i].ends_sentence() || matches!(self.toks[i].kind, Tok::Quote(_)))
            && !self.opens_clause(lo, hi)
    }

    /// Do tokens `lo..=hi` after a comma open a clause of their own, a
    /// subject and its verb ("Like Corker, Menendez also rejected …"), and
    /// so are no apposition?
    fn opens_clause(&self, lo: usize, hi: usize) -> bool {
        if !matches!(self.class(lo), Class::Cap | Class::Det)
            || !(lo + 1..=hi).any(|i| self.toks[i].is_word() && !self.is_aux(i) && words::verb_like(self, i))
        {
            return false;
        }
        // "Jane Roe’s right-hand woman rallied": a possessed description.
        let possessed = || {
            let k = (lo..=hi).take_while(|&i| self.is_cap(i)).last()?;
            if !possessive(self.word(k)) {
                return None;
            }
            let head = (k + 1..=hi.min(k + 4))
                .take_while(|&i| !words::verb_like(self, i))
                .last()?;
            (k + 1..=head)
                .all(|i| matches!(self.class(i), Class::Plain | Class::Modifier | Class::Role))
                .then_some((lo, head))
        };
        self.phrase_after(lo).or_else(possessed).is_some_and(|(_, b)| {
            // Past "also", "then": "a lawyer then working for …" is none.
            let v = (b + 1..=hi).find(|&i| !self.is_aux(i));
            v.is_some_and(|v| words::verb_like(self, v))
        })
    }

    pub(super) fn apposition_ok(&self, lo: usize, hi: usize) -> bool {
        if hi < lo || hi - lo + 1 > MAX_APPOSITION {
            return false;
        }
        if (lo..=hi).any(|i| self.toks[i].ends_sentence() || matches!(self.toks[i].kind, Tok::Quote(_))) {
            return false;
        }
        // "Columbia, Sanders stepped up …": a name and a verb make a clause.
        if (lo..hi).any(|i| self.is_cap(i) && self.class(i + 1) == Class::Plain && !self.plain_leads_to_role(i + 1)) {
            return false;
        }
        let l = self.lower(lo);
        // An age ("Jane Roe, 31, a teacher"), or a description that names a
        // role somewhere ("associate professor of history").
        let age = l.bytes().all(|b| b.is_ascii_digit());
        let names_role = || (lo..=hi).any(|i| self.class(i) == Class::Role);
        let shaped = matches!(
            self.class(lo),
            Class::Det | Class::Role | Class::Modifier | Class::Cap | Class::Title
        ) || matches!(l, "who" | "whose" | "which" | "a" | "an" | "the")
            || age
            || self.toks[lo].is_word() && names_role();
        shaped && !self.opens_clause(lo, hi)
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::speakers;

    #[test]
    fn apposition_with_an_age_or_a_plain_description() {
        let q = speakers("Intro line.\n\nPaul Nam, 31, a local baker, said the rule was “a burden on us all.”\n\nAnna Berg, associate professor of law at a college, compared it to a “slow-motion crash” in court.\n");
        assert_eq!(q[0].2.as_deref(), Some("Paul Nam"));
        assert_eq!(q[1].2.as_deref(), Some("Anna Berg"));
    }

    #[test]
    fn any_apposition_closed_by_a_comma_after_a_name_before_the_verb() {
        let q = speakers("Intro line.\n\n“I was lucky,” Mr. Dane Moll, now 81 and retired in Cambridge, Mass., said by telephone.\n\nJo Wills, of Springfield, Va., said he had fought “for the rights we did not have.”\n\nIn Berea, after winning the primary, Gov. Kim Aster (R-OH), said, “We are going all the way.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Dane Moll"));
        assert_eq!(q[1].2.as_deref(), Some("Jo Wills"));
        assert_eq!(q[2].2.as_deref(), Some("Kim Aster"));
    }

    #[test]
    fn a_name_inside_an_apposition_is_not_the_speaker() {
        // Not "Ray Holt, with whom …": the participle's subject is Bo Tan.
        let q = speakers("Intro line.\n\nBo Tan, the former governor, attacked Ray Holt, with whom he clashed at the debate, calling him a “loser.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Bo Tan"));
    }
}
