//! Where a speaker phrase starts and ends: read leftwards from the verb
//! ([`Ctx::phrase_before`]), rightwards after it ([`Ctx::phrase_after`]), or
//! checked between bounds a frame pins ([`Ctx::speaker_phrase`]); the
//! parenthetical after a name and the plain descriptions with no name.

use super::{possessive, Class, Ctx, MAX_APPOSITION, MAX_GROUP, MAX_NP};
use crate::extract::tokens::Tok;
use crate::extract::words;
use crate::grammar::lex;

/// The most plain words in a row a speaker phrase may hold.
const MAX_PLAIN_RUN: usize = 2;

impl<'a> Ctx<'a> {
    /// Checks that tokens `lo..=hi` form a speaker phrase, trimming words
    /// that cannot start or end one. Returns the trimmed range.
    /// `plain` allows a description with no name or role, for a phrase
    /// the frame pins down on both sides.
    pub fn speaker_phrase(&self, lo: usize, hi: usize, plain: bool) -> Option<(usize, usize)> {
        if lo > hi {
            return None;
        }
        if lo == hi && self.class(lo) == Class::Pronoun {
            return Some((lo, hi));
        }
        // Main phrase up to the first comma; what follows is apposition.
        let comma = (lo..=hi).find(|&i| self.toks[i].kind == Tok::Punct(','));
        let main_hi = match comma {
            Some(c) if c == lo => return None,
            Some(c) => c - 1,
            None => hi,
        };
        let (mlo, mhi) = self
            .trim_phrase(lo, main_hi)
            .or_else(|| plain.then(|| self.plain_description(lo, main_hi)).flatten())
            .or_else(|| {
                // "“…,” a staffer in the room wondered": the head before
                // a prepositional phrase, when the frame pins both ends.
                let p =
                    (lo + 1..=main_hi).find(|&i| self.toks[i].is_word() && self.flags(i) & lex::PREPOSITION != 0)?;
                (plain && comma.is_none() && p > lo)
                    .then(|| {
                        self.trim_phrase(lo, p - 1)
                            .or_else(|| self.plain_description(lo, p - 1))
                    })
                    .flatten()
                    .filter(|&(a, _)| a == lo)
            })?;
        if mlo != lo && self.class(lo) != Class::Other {
            // Only leading clause words may be trimmed away, not a name.
            return None;
        }
        if let Some(c) = comma {
            let app_hi = if self.toks[hi].kind == Tok::Punct(',') {
                hi.saturating_sub(1)
            } else {
                hi
            };
            // "Jane Roe, now 81 and retired, said": an apposition closed
            // by a second comma before the verb may say anything.
            let enclosed = self.toks[hi].kind == Tok::Punct(',') && (mlo..=mhi).any(|i| self.is_cap(i));
            let fits = if enclosed {
                self.enclosed_apposition_ok(c + 1, app_hi)
            } else {
                self.apposition_ok(c + 1, app_hi)
            };
            if app_hi > c && !fits {
                return None;
            }
            if app_hi <= c {
                return Some((mlo, mhi));
            }
            return Some((mlo, app_hi));
        }
        Some((mlo, mhi))
    }

    fn trim_phrase(&self, mut lo: usize, mut hi: usize) -> Option<(usize, usize)> {
        // "But", "Then" and other clause openers before the phrase.
        while lo <= hi
            && self.class(lo) == Class::Other
            && self.toks[lo].is_word()
            && self.word(lo).chars().next().is_some_and(char::is_uppercase)
        {
            lo += 1;
        }
        while lo <= hi && matches!(self.class(lo), Class::Connector) {
            lo += 1;
        }
        while hi >= lo && matches!(self.class(hi), Class::Connector | Class::Det | Class::Modifier) {
            if hi == 0 {
                return None;
            }
            hi -= 1;
        }
        if lo > hi || hi - lo + 1 > MAX_NP + MAX_GROUP + 1 {
            return None;
        }
        // A possessive is a modifier, never the head: "Trump’s tweet"; a
        // plain word is none either, but for a role's own complement:
        // "the secretary of state", "chief of staff".
        let role_of = hi >= lo + 2
            && self.class(hi - 1) == Class::Connector
            && self.class(hi - 2) == Class::Role
            && self.word(hi).starts_with(char::is_lowercase);
        if possessive(self.word(hi)) || self.class(hi) == Class::Plain && !role_of {
            return None;
        }
        let mut has_head = false;
        let mut words = 0;
        let mut i = lo;
        while i <= hi {
            // "Rep. Jane Roe (D-Ore.)": a parenthetical after a name.
            if let Some(close) = self.group_after(i).filter(|&c| c <= hi) {
                i = close + 1;
                continue;
            }
            words += 1;
            let at = i;
            i += 1;
            let c = self.class(at);
            if at > lo && c == Class::Det && self.class(at - 1) != Class::Connector {
                return None;
            }
            if c == Class::Plain && (lo..at).any(|k| self.is_cap(k)) && !self.plain_leads_to_role(at) {
                return None;
            }
            match c {
                Class::Cap | Class::Role => has_head = true,
                Class::Title => {}
                Class::Det | Class::Modifier | Class::Connector | Class::Plain => {}
                Class::Pronoun if at == lo && at < hi && self.flags(at) & lex::DET != 0 => {}
                Class::Pronoun | Class::Other => return None,
            }
        }
        (has_head && words <= MAX_NP).then_some((lo, hi))
    }

    /// A description with no name or role that a frame bounds on both
    /// sides ("“…,” federal prosecutors wrote", "the ad’s narrator says",
    /// "according to the newspaper,"): a determiner at most at its start, then
    /// modifiers, possessives and plain nouns, ending in a plain noun.
    fn plain_description(&self, lo: usize, hi: usize) -> Option<(usize, usize)> {
        if hi < lo || hi - lo >= 5 || possessive(self.word(hi)) || self.class(hi) != Class::Plain {
            return None;
        }
        // "the congressional report said": the head is the noun after it.
        if self.toks.get(hi + 1).is_some_and(|t| t.is_word())
            && self.flags(hi + 1) & (lex::SPEECH_NOUN | lex::ROLE) != 0
        {
            return None;
        }

        // "the editorial board": a speech noun or role may modify the head.
        let fits = (lo..=hi).all(|i| match self.class(i) {
            Class::Det => i == lo,
            Class::Pronoun => i == lo && self.possessive_det(i),
            Class::Plain => self.flags(i) & lex::PREPOSITION == 0,
            Class::Modifier | Class::Cap => true,
            Class::Role => i > lo && i < hi,
            _ => false,
        });
        // Opened as a noun phrase is: not "“…,” giving states more power".
        let opened = matches!(self.class(lo), Class::Det | Class::Modifier | Class::Cap) || self.possessive_det(lo);
        (fits && opened).then_some((lo, hi))
    }

    /// A parenthetical right after a name word, `(` at `i`: the index of
    /// its `)`, at most [`MAX_GROUP`] tokens on, in the same sentence.
    fn group_after(&self, i: usize) -> Option<usize> {
        if self.toks[i].kind != Tok::Punct('(') || i == 0 || self.class(i - 1) != Class::Cap {
            return None;
        }
        (i + 1..self.toks.len().min(i + 2 + MAX_GROUP))
            .take_while(|&j| !self.toks[j].ends_sentence() && !matches!(self.toks[j].kind, Tok::Quote(_)))
            .find(|&j| self.toks[j].kind == Tok::Punct(')'))
    }

    /// The `(` of a parenthetical after a name whose `)` is at `i`.
    pub fn group_before(&self, i: usize) -> Option<usize> {
        if self.toks[i].kind != Tok::Punct(')') {
            return None;
        }
        (i.saturating_sub(MAX_GROUP + 1)..i)
            .rev()
            .find(|&j| self.toks[j].kind == Tok::Punct('('))
            .filter(|&j| self.group_after(j) == Some(i))
    }

    /// Do the plain words from `i` on lead to a role word ("minority
    /// leader"), which makes them part of a description?
    /// A past form on the way is a verb with a role as its object: "Jane
    /// Roe rallied supporters".
    pub(super) fn plain_leads_to_role(&self, i: usize) -> bool {
        (i..self.toks.len())
            .find(|&k| self.class(k) != Class::Plain || words::past_like(self, k))
            .is_some_and(|k| self.class(k) == Class::Role)
    }

    /// Can a phrase start at `i` as far as the token before it goes: at
    /// the start, after punctuation, a quote, a verb or a determiner.
    fn opens_phrase_after(&self, i: usize) -> bool {
        i == 0
            || !self.toks[i - 1].is_word()
            || self.is_verb(i - 1)
            || self.class(i - 1) == Class::Det
            || self.possessive_det(i - 1)
    }

    /// A pronoun that is also a determiner, with a noun after it ("her
    /// campaign"): a possessive, not a speaker of its own.
    pub(super) fn possessive_det(&self, i: usize) -> bool {
        self.class(i) == Class::Pronoun
            && self.flags(i) & lex::DET != 0
            && self.toks.get(i + 1).is_some_and(|t| t.is_word())
            && matches!(
                self.class(i + 1),
                Class::Role | Class::Modifier | Class::Plain | Class::Cap
            )
    }

    /// The longest speaker phrase ending at token `hi`, read leftwards.
    pub fn phrase_before(&self, hi: usize) -> Option<(usize, usize)> {
        if self.toks[hi].kind == Tok::Punct(',') {
            // "Leonid Slutsky, the head of the committee, said"
            let floor = hi.saturating_sub(MAX_APPOSITION + 1);
            // The apposition may hold commas of its own ("Jane Roe, 31,
            // a teacher,"): try each comma, nearest first, for an
            // apposition of the usual shape; else, after a name, for any.
            let commas = || {
                (floor..hi)
                    .rev()
                    .take_while(|&j| {
                        let t = self.toks[j];
                        !(t.ends_sentence() || matches!(t.kind, Tok::Quote(_)))
                    })
                    .filter(|&j| j > 0 && self.toks[j].kind == Tok::Punct(','))
            };
            for loose in [false, true] {
                // "In Ohio, after winning, Gov. Joe Roe (R-OH), said": a
                // name set off by commas, with no apposition of its own.
                if loose && hi > 0 {
                    let set_off = self
                        .phrase_before(hi - 1)
                        .filter(|&(lo, _)| lo > 0 && self.toks[lo - 1].kind == Tok::Punct(','))
                        .filter(|&(lo, b)| (lo..=b).any(|i| self.is_cap(i)) && !self.in_place_name((lo, b)));
                    if set_off.is_some() {
                        return set_off;
                    }
                }
                for j in commas() {
                    let fits = if loose {
                        self.enclosed_apposition_ok(j + 1, hi - 1)
                    } else {
                        self.apposition_ok(j + 1, hi - 1)
                    };
                    if !fits {
                        continue;
                    }
                    let Some((lo, b)) = self.phrase_before(j - 1) else {
                        continue;
                    };
                    // Any apposition only after a name that opens its
                    // clause: not "attacked Joe Roe, with whom he …,".
                    let opens = lo == 0 || !self.toks[lo - 1].is_word();
                    // A head needs a name or a role: not "after winning
                    // the primary, Gov. Joe Roe, said".
                    let headed = (lo..=b).any(|i| self.is_cap(i) || self.class(i) == Class::Role)
                        || opens && self.class(lo) == Class::Det;
                    if !headed || self.in_place_name((lo, b)) || loose && !(opens && (lo..=b).any(|i| self.is_cap(i))) {
                        continue;
                    }
                    return Some((lo, hi - 1));
                }
            }
            return None;
        }
        if self.class(hi) == Class::Pronoun {
            return Some((hi, hi));
        }
        // "Another said", "Some chanted": a determiner or quantifier alone
        // at the start of its clause stands for the people it counts.
        // ("Yet another said": after a clause opener too.)
        let opener = |i: usize| self.flags(i) & lex::STOPCAP != 0 && self.word(i).starts_with(char::is_uppercase);
        if matches!(self.class(hi), Class::Det | Class::Modifier)
            && self.flags(hi) & lex::INDEFINITE != 0
            && (hi == 0 || !self.toks[hi - 1].is_word() || opener(hi - 1))
        {
            return Some((hi, hi));
        }
        let mut lo = self.group_before(hi).unwrap_or(hi);
        let head = lo != hi || self.is_np_word(hi);
        let mut plain_run = 0;
        while lo > 0 && hi - lo < MAX_NP + MAX_GROUP {
            if self.class(lo - 1) == Class::Plain {
                plain_run += 1;
                if plain_run > MAX_PLAIN_RUN {
                    break;
                }
            } else {
                plain_run = 0;
            }
            let p = lo - 1;
            // "Todd pressed Republican chairman …": a plain word after a
            // name is a verb unless a role follows it ("Senate minority leader").
            if self.class(p) == Class::Plain && p > 0 && self.is_cap(p - 1) && !self.plain_leads_to_role(p) {
                break;
            }
            if self.is_np_word(p) {
                lo = p;
                // A determiner opens a phrase: only "of the" goes on.
                if self.class(p) == Class::Det && !(p > 0 && self.class(p - 1) == Class::Connector) {
                    break;
                }
            } else if let Some(open) = self.group_before(p) {
                lo = open;
            } else {
                break;
            }
        }
        // Plain words open a phrase only after a clause boundary, a verb
        // or a determiner: not "grew strongly analyst Jane Roe".
        while lo < hi && self.class(lo) == Class::Plain && !self.opens_phrase_after(lo) {
            lo += 1;
        }
        if let Some(p) = head.then(|| self.trim_phrase(lo, hi)).flatten() {
            return Some(p);
        }
        // A determiner and a few plain nouns: "the investor", "the
        // billionaire business mogul". Only right before a speech verb.
        self.plain_phrase_before(hi)
    }

    fn plain_phrase_before(&self, hi: usize) -> Option<(usize, usize)> {
        let plain = |i: usize| {
            let w = self.word(i);
            self.toks[i].is_word()
                && w.chars().all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-')
                && self.flags(i) & (lex::STOPCAP | lex::VERB | lex::PRONOUN | lex::CONNECTOR | lex::AUXILIARY) == 0
        };
        if !plain(hi) {
            return None;
        }
        let mut j = hi;
        while j > 0 && hi - j < 4 {
            j -= 1;
            // "the investor", "many marchers", "21 percent"
            let number = self.toks[j].is_word() && self.word(j).starts_with(|c: char| c.is_ascii_digit());
            if self.class(j) == Class::Det || self.flags(j) & lex::INDEFINITE != 0 && self.toks[j].is_word() || number {
                return Some((j, hi));
            }
            if !(plain(j) || self.class(j) == Class::Cap) {
                return None;
            }
        }
        None
    }

    /// A determiner and one to three plain nouns right after a speech verb,
    /// ending where the clause does: "said the designer", "asked the boy,".
    fn plain_phrase_after(&self, lo: usize) -> Option<(usize, usize)> {
        if lo == 0 || !self.is_verb(lo - 1) || !(self.class(lo) == Class::Det || self.possessive_det(lo)) {
            return None;
        }
        let plain = |i: usize| {
            self.toks[i].is_word()
                && self
                    .word(i)
                    .chars()
                    .all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-')
                && self.flags(i)
                    & (lex::STOPCAP | lex::VERB | lex::PRONOUN | lex::CONNECTOR | lex::AUXILIARY | lex::DET)
                    == 0
        };
        let mut hi = lo;
        while hi + 1 < self.toks.len() && hi - lo < 3 && plain(hi + 1) {
            hi += 1;
        }
        // "said one person with knowledge of …": a preposition may follow.
        let ends = self
            .toks
            .get(hi + 1)
            .is_none_or(|t| !t.is_word() || self.flags(hi + 1) & lex::PREPOSITION != 0);
        (hi > lo && ends && !possessive(self.word(hi))).then_some((lo, hi))
    }

    /// The longest speaker phrase starting at token `lo`, read rightwards,
    /// with an apposition after a comma when one follows.
    pub fn phrase_after(&self, lo: usize) -> Option<(usize, usize)> {
        if lo >= self.toks.len() {
            return None;
        }
        // "Her economic plan promises …": a pronoun that is also a
        // determiner opens a description when a noun follows it.
        let opens = self.possessive_det(lo);
        if self.class(lo) == Class::Pronoun && !opens {
            return Some((lo, lo));
        }
        let mut hi = lo;
        if !self.is_np_word(lo) && !opens {
            return None;
        }
        if self.class(lo) == Class::Plain && !self.opens_phrase_after(lo) {
            return None;
        }
        let mut plain_run = usize::from(self.class(lo) == Class::Plain);
        while hi + 1 < self.toks.len() && hi + 1 - lo < MAX_NP + MAX_GROUP {
            if self.class(hi + 1) == Class::Plain {
                plain_run += 1;
                if plain_run > MAX_PLAIN_RUN {
                    break;
                }
            } else {
                plain_run = 0;
            }
            let n = hi + 1;
            let seen_name = (lo..=hi).any(|k| self.is_cap(k));
            if self.class(n) == Class::Plain && seen_name && !self.plain_leads_to_role(n) {
                break;
            }
            if self.class(n) == Class::Det && self.class(hi) != Class::Connector {
                break;
            }
            if self.is_np_word(n) {
                hi = n;
            } else if let Some(close) = self.group_after(n) {
                hi = close;
            } else {
                break;
            }
        }
        while hi > lo && self.class(hi) == Class::Plain {
            hi -= 1;
        }
        let (lo2, hi2) = match self.trim_phrase(lo, hi) {
            Some(p) => p,
            // "said the designer": a determiner and plain nouns, right
            // after a speech verb.
            None => self.plain_phrase_after(lo)?,
        };
        if lo2 != lo {
            return None;
        }
        // ", the head of the committee," / ", who …"
        let c = hi2 + 1;
        if c + 1 < self.toks.len() && self.toks[c].kind == Tok::Punct(',') {
            let mut j = c + 1;
            while j < self.toks.len() && j - c <= MAX_APPOSITION {
                let t = self.toks[j];
                if t.ends_sentence() || t.kind == Tok::Punct(',') || matches!(t.kind, Tok::Quote(_)) {
                    break;
                }
                j += 1;
            }
            if j > c + 1 && j - c <= MAX_APPOSITION && self.apposition_ok(c + 1, j - 1) {
                return Some((lo2, j - 1));
            }
        }
        Some((lo2, hi2))
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::speakers;

    #[test]
    fn parenthetical_after_a_name_stays_in_the_speaker() {
        let q = speakers("Intro line.\n\n“We will vote no,” Rep. Jane Roe (D-Ore.) said.\n");
        assert_eq!(q[0].1.as_deref(), Some("Rep. Jane Roe (D-Ore.)"));
        assert_eq!(q[0].2.as_deref(), Some("Jane Roe"));
    }

    #[test]
    fn plain_words_before_a_name() {
        let q = speakers("Intro line.\n\n“It is a yellow light,” said election lawyer Joe Bark.\n\n“Her plan fails,” the presumptive Green nominee wrote.\n");
        assert_eq!(q[0].1.as_deref(), Some("election lawyer Joe Bark"));
        assert_eq!(q[0].2.as_deref(), Some("Joe Bark"));
        assert_eq!(q[1].1.as_deref(), Some("the presumptive Green nominee"));
    }

    #[test]
    fn a_determiner_and_plain_nouns_after_a_speech_verb() {
        let q = speakers("Intro line.\n\n“It is hard to come back,” said the designer, who works for a rival.\n");
        assert_eq!(q[0].1.as_deref(), Some("the designer, who works for a rival"));
    }

    #[test]
    fn a_plain_word_after_a_name_is_a_verb_unless_a_role_follows() {
        let q = speakers("Intro line.\n\nLater, Tod Mays pressed Ann Vole on the “open question” of taxes.\n\n“It is done,” Senate minority leader Harry Reid said.\n");
        assert_eq!(q[0].2.as_deref(), Some("Tod Mays"));
        assert_eq!(q[1].1.as_deref(), Some("Senate minority leader Harry Reid"));
    }

    #[test]
    fn a_description_with_no_role_between_the_quote_and_its_verb() {
        let q = speakers("Intro line.\n\n“The harm is incalculable,” federal prosecutors wrote in a filing.\n\n“What does he think of you?” the ad’s narrator says.\n\n“Who cares?” said the 46-year-old.\n");
        assert_eq!(q[0].1.as_deref(), Some("federal prosecutors"));
        assert_eq!(q[1].1.as_deref(), Some("the ad’s narrator"));
        assert_eq!(q[2].1.as_deref(), Some("the 46-year-old"));
        // After a gap only a name or a role is a speaker.
        let q =
            speakers("Intro line.\n\nAnn Lee said the bill is “the best of both worlds,” giving states more power.\n");
        assert_eq!(q[0].1.as_deref(), Some("Ann Lee"));
    }

    #[test]
    fn a_plain_description_after_the_verb_may_go_on_with_a_preposition() {
        let q = speakers(
            "Intro line.\n\n“I have never seen anything like it,” said one person with knowledge of the talks.\n",
        );
        assert_eq!(q[0].1.as_deref(), Some("one person"));
    }

    #[test]
    fn a_quantifier_alone_opening_its_clause_is_a_speaker() {
        let q = speakers("Intro line.\n\n“It is a scandal,” one user wrote. Another said he hoped with his “whole heart” that Roe wins.\n");
        assert_eq!(q[1].1.as_deref(), Some("Another"));
    }

    #[test]
    fn a_quantifier_and_plain_nouns_before_a_speech_verb() {
        let q = speakers("Intro line.\n\nAfter the debate, many commentators called him “the grownup on the stage.”\n");
        assert_eq!(q[0].1.as_deref(), Some("many commentators"));
    }

    #[test]
    fn a_share_of_people_before_a_speech_verb() {
        let q = speakers("Intro line.\n\nAsked whether she would win, 21 percent said “not too likely” in the poll.\n");
        assert_eq!(q[0].1.as_deref(), Some("21 percent"));
        let q = speakers(
            "Intro line.\n\nSenator Ada Moss (D-Ore.) last week said the emails were “top secret” after all.\n",
        );
        assert_eq!(q[0].2.as_deref(), Some("Ada Moss"));
    }

    #[test]
    fn a_pinned_description_ends_before_its_prepositional_phrase() {
        let q = speakers(
            "Intro line.\n\n“Will he be the next attorney general?” a Democratic staffer in the room wondered.\n",
        );
        assert_eq!(q[0].1.as_deref(), Some("a Democratic staffer"));
    }

    #[test]
    fn a_possessive_pronoun_opens_a_description() {
        let q = speakers("Intro line.\n\nAnn Bell spoke on Monday. Her campaign is planning to reprint an editorial accusing Bo Tan of a “fiction-filled campaign” this week.\n");
        assert_eq!(q[0].1.as_deref(), Some("Her campaign"));
    }

    #[test]
    fn a_description_pinned_by_literal_words_after_a_gap() {
        let q = speakers("Intro line.\n\nAccording to his longtime personal physician, the mayor had “excellent” results.\n\n“They had a chance,” the editorial board recently wrote.\n");
        assert_eq!(q[0].1.as_deref(), Some("his longtime personal physician"));
        assert_eq!(q[1].1.as_deref(), Some("the editorial board"));
    }
}
