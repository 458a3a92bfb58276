//! What each word is to a speaker phrase: its lexicon flags, its [`Class`]
//! (with the rules for titles, compound adjectives and the common nouns of a
//! language that capitalises every noun), whether it is a verb, a first name,
//! or a word the article also writes lowercase or mid-sentence. Each is
//! worked out once per token and kept in the [`Ctx`].

use super::{possessive, Class, Ctx, Lex, AS_WRITTEN};
use crate::extract::tokens::{ascii_alnum, Tok};
use crate::grammar::{lex, Gender};

/// What a word is, from its lexicon flags and capitalisation (the order of
/// the rules is documented in grammars/README.md).
// Its one caller is `lex_first`, whose body it should be. Left to itself
// the compiler kept it out of line there once frames.rs was split into
// rooms (and the grammar's look-up with it): 1.4 % more instructions in
// `extract` on BBC.
#[inline(always)]
fn classify_word(flags: u32, first_upper: bool, l: &str) -> Class {
    if flags & lex::PRONOUN != 0 {
        return Class::Pronoun;
    }
    if flags & lex::TITLE != 0 && (first_upper || l.ends_with('.')) {
        return Class::Title;
    }
    // "the report said": a speech noun that is also a verb's bare form
    // ("report", "note", "tweet") is read as the noun here; `Lex::verb`
    // still lets it be the verb of a frame.
    let noun = flags & (lex::SPEECH_NOUN | lex::ROLE) != 0;
    if flags & lex::STOPCAP != 0 || flags & lex::VERB != 0 && !first_upper && !noun {
        return Class::Other;
    }
    if flags & lex::DET != 0 {
        return Class::Det;
    }
    if first_upper {
        return Class::Cap;
    }
    if flags & (lex::ROLE | lex::SPEECH_NOUN | lex::TITLE) != 0 {
        return Class::Role;
    }
    if flags & lex::MODIFIER != 0 || l.ends_with('s') && possessive(l) {
        return Class::Modifier;
    }
    if flags & lex::CONNECTOR != 0 {
        return Class::Connector;
    }
    // A number is plain too: "9/11 widow Jane Roe", "250,000 people".
    let number =
        l.starts_with(|c: char| c.is_ascii_digit()) && l.bytes().all(|b| b.is_ascii_digit() || b",./-".contains(&b));
    // One pass over an ASCII word, which the byte test settles (a
    // number is ASCII too); a word with other chars fails it at its first
    // and is tested by chars.
    let plain = number
        || l.bytes().all(|b| ascii_alnum(b) || b == b'-')
        || !l.is_ascii() && l.chars().all(|c| c.is_alphanumeric() || c == '-');
    if flags & lex::AUXILIARY == 0 && plain {
        return Class::Plain;
    }
    Class::Other
}

/// A word written in capitals, but for a plural's final "s": "MEP",
/// "MPs".
fn acronym(word: &str) -> bool {
    let w = word.strip_suffix('s').unwrap_or(word);
    w.len() >= 2 && w.bytes().all(|b| b.is_ascii_uppercase())
}

impl<'a> Ctx<'a> {
    /// The capitalised words the article writes after a noun marker ("der",
    /// "einem", "zum"), past at most two lowercase words ("den
    /// versammelten *Demonstranten*"): in a language that capitalises
    /// every noun these are common nouns. An acronym ("die SPD") is a name.
    pub(super) fn common_nouns(&self) -> Vec<String> {
        let toks = self.toks;
        let mut out = Vec::new();
        for i in 0..toks.len() {
            if toks[i].kind != Tok::Word || !self.g.noun_markers.contains(self.lower(i)) {
                continue;
            }
            // ", die Merkel nannte": after a comma it is a relative pronoun.
            if i > 0 && toks[i - 1].kind == Tok::Punct(',') {
                continue;
            }
            // The lowercase words between are adjectives ("den versammelten
            // Demonstranten"); a verb, auxiliary or preposition there shows
            // the marker is a pronoun ("Diese hatte *Hartmann* …", issue 14)
            // or the noun belongs to another phrase ("die in *New* York").
            let clause_word = lex::VERB | lex::AUXILIARY | lex::PREPOSITION | lex::SUBORDINATOR;
            let mut j = i + 1;
            while j < toks.len() && j <= i + 3 && toks[j].kind == Tok::Word && self.lowered_at[j] == AS_WRITTEN {
                if self.g.lex(self.word(j)) & clause_word != 0 {
                    break;
                }
                j += 1;
            }
            if j > i + 3 || j >= toks.len() || toks[j].kind != Tok::Word || self.lowered_at[j] == AS_WRITTEN {
                continue;
            }
            let w = self.word(j);
            if w.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) {
                continue;
            }
            out.push(self.lower(j).to_string());
        }
        out.sort_unstable();
        out.dedup();
        // "Hans-Joachim Watzke … Der 45-jährige Watzke", "Hans Küng … Der
        // 84-jährige Küng": a word the article also writes right after a
        // first name (the grammar's list or the built-in one) is a surname,
        // though a description puts a marker and an adjective before it
        // (issue 14).
        if !out.is_empty() {
            let capitalised = |k: usize| toks[k].kind == Tok::Word && self.lowered_at[k] != AS_WRITTEN;
            let first_name = |k: usize| {
                capitalised(k)
                    && self.g.first_name(self.word(k)).is_some()
                    && !self.g.not_first_names.contains(self.lower(k))
            };
            let mut surnames: Vec<&str> = (1..toks.len())
                .filter(|&j| capitalised(j) && first_name(j - 1))
                .map(|j| self.lower(j))
                .collect();
            surnames.sort_unstable();
            out.retain(|n| surnames.binary_search(&n.as_str()).is_err());
        }
        out
    }

    /// In a verb-second language, is the word at `i` a pronoun that is
    /// also a stopcap, right after a speech verb: the formal subject of
    /// "„…“, heißt *es* in der Erklärung", not a speaker (issue 14)?
    pub fn expletive(&self, i: usize) -> bool {
        self.g.verb_second
            && i > 0
            && self.toks[i].is_word()
            && self.class(i) == Class::Pronoun
            && self.flags(i) & lex::STOPCAP != 0
            && self.is_verb(i - 1)
    }

    /// Does a subject marker ("die", "ein") stand before the word at `i`,
    /// past at most two lowercase words, and not after a preposition ("mit
    /// der Polizei")? A common noun there may head the sentence's subject.
    fn opens_subject(&self, i: usize) -> bool {
        let word = |k: usize| self.toks[k].kind == Tok::Word;
        let mut k = i;
        while k > 0 && k + 3 > i && word(k - 1) {
            k -= 1;
            if self.g.subject_markers.contains(self.lower(k)) {
                let prep = k > 0 && word(k - 1) && self.g.lex(self.lower(k - 1)) & lex::PREPOSITION != 0;
                return !prep;
            }
            if self.lowered_at[k] != AS_WRITTEN {
                return false;
            }
        }
        false
    }

    /// In a language that capitalises every noun, what a capitalised word
    /// that would be a name word is instead: a role ("Sprecher", or a
    /// compound ending in one, "Regierungssprecher"), a plain noun (one of
    /// the article's [`Ctx::common_nouns`]), or still a name word.
    fn noun_class(&self, i: usize, flags: u32, lower: &str) -> Class {
        let compound_role = || {
            self.g
                .roles
                .iter()
                // The cheap byte test first: counting a role's chars for
                // every capitalised word was a tenth of German extraction.
                .any(|r| lower.len() > r.len() && lower.ends_with(r.as_str()) && r.chars().count() >= 5)
        };
        if flags & (lex::ROLE | lex::SPEECH_NOUN) != 0 || compound_role() {
            Class::Role
        } else if self.nouns.binary_search_by(|n| n.as_str().cmp(lower)).is_ok() && !self.opens_subject(i) {
            Class::Plain
        } else {
            Class::Cap
        }
    }

    // Most calls find the answer cached: inlined, that costs a load and a
    // test. The first look-up stays out of line, so that its large frame
    // is not set up on every call (that entry and exit were 3 % of the
    // instructions of `extract` on BBC).
    #[inline]
    fn lex(&self, i: usize) -> Lex {
        match self.lex[i].get() {
            Some(l) => l,
            None => self.lex_first(i),
        }
    }

    #[inline(never)]
    fn lex_first(&self, i: usize) -> Lex {
        let l = if self.toks[i].kind == Tok::Word {
            let lower = self.lower(i);
            let flags = self.g.lex(lower);
            // Words that start with a capital are the ones lowercased.
            let first_upper = self.lowered_at[i] != AS_WRITTEN;
            let mut class = classify_word(flags, first_upper, lower);
            if class == Class::Title && first_upper && self.surname_like(i) {
                class = Class::Cap;
            }
            // Where every noun is capitalised, a title with no name after
            // it is the head of a description: "sagte *der Minister*",
            // "eine *Sprecherin*" (issue 14).
            if class == Class::Title && first_upper && self.g.capitalises_nouns() && !self.name_follows(i) {
                class = Class::Role;
            }
            if class == Class::Cap && self.g.capitalises_nouns() {
                class = self.noun_class(i, flags, lower);
            }
            if class == Class::Cap && self.compound_adjective(i) {
                class = Class::Modifier;
            }
            // A role written as an acronym ("MEP", "MPs", "PM") is
            // capitalised however it stands, so its capitals do not make
            // it a name word (issue 14). (The flags first: most
            // capitalised words are no role.)
            if class == Class::Cap && flags & lex::ROLE != 0 && acronym(self.word(i)) {
                class = Class::Role;
            }
            // (The flags first: this runs for every word classed Other.)
            let preposition = lex::CONNECTOR | lex::PREPOSITION;
            if class == Class::Other && flags & preposition == preposition && self.joins_a_body_name(i) {
                class = Class::Connector;
            }
            Lex {
                flags,
                class,
                // A verb form counts only where the text writes it in lowercase.
                verb: flags & lex::VERB != 0 && self.lowered_at[i] == AS_WRITTEN,
            }
        } else {
            Lex {
                flags: 0,
                class: Class::Other,
                verb: false,
            }
        };
        self.lex[i].set(Some(l));
        l
    }

    /// Is the lowercase connector at `i` ("of", "for") inside the name of a
    /// body ("Institute *for* Fiscal Studies"): after a capitalised word that ends a body's name and before
    /// a capitalised word ("Bank *of* England", "Council *of* Europe")?
    /// Elsewhere such a word is a preposition that ends a name ("Ann Roe
    /// *of* Ohio"). Only flags and capitals of the neighbours are read, so
    /// that classing a word never classes the next one first.
    /// Only a preposition ("the Labour Party *and* Plaid" are two), which
    /// the caller tests.
    fn joins_a_body_name(&self, i: usize) -> bool {
        let capitalised = |k: usize| self.toks[k].kind == Tok::Word && self.lowered_at[k] != AS_WRITTEN;
        // Capitals before look-ups: most such words stand between
        // lowercase words.
        self.lowered_at[i] == AS_WRITTEN
            && i > 0
            && i + 1 < self.toks.len()
            && capitalised(i - 1)
            && capitalised(i + 1)
            && self.g.lex(self.lower(i - 1)) & lex::BODY != 0
            && self.g.lex(self.lower(i + 1)) & (lex::STOPCAP | lex::PRONOUN | lex::DET) == 0
    }

    /// Is the capitalised title word at `i` a surname ("Mr. King", "John
    /// Bishop")? It is when an honorific or a name stands before it and no
    /// name follows it, since a title always precedes the name it goes with
    /// ("King Abdullah").
    fn surname_like(&self, i: usize) -> bool {
        if self.word(i).ends_with('.') || i == 0 || self.toks[i - 1].kind != Tok::Word {
            return false;
        }
        if self.name_follows(i) {
            return false;
        }
        let p = i - 1;
        let honorific = self.class(p) == Class::Title
            && (self.word(p).ends_with('.') || matches!(self.lower(p), "mr" | "mrs" | "ms" | "miss"));
        honorific || self.class(p) == Class::Cap
    }

    /// Is the capitalised word at `i` a hyphenated adjective ("Houston-based
    /// Continental", "Tony-winning", "Top-seeded")? Its last part is
    /// lowercase and ends as one of the grammar's `compound-endings`
    /// (issue 14). A name's own lowercase part does not ("Ban Ki-moon");
    /// an ending matches a short part only whole ("Ohio-born", not
    /// "Jin-ping").
    fn compound_adjective(&self, i: usize) -> bool {
        // A byte loop: most words are short and have no hyphen, and
        // `rsplit_once` searched each through a call (a hundredth of
        // extraction, asked of every capitalised word).
        let w = self.word(i);
        let Some(dash) = w.bytes().rposition(|b| b == b'-') else {
            return false;
        };
        let last = &w[dash + 1..];
        last.starts_with(char::is_lowercase)
            && self
                .g
                .compound_endings
                .iter()
                .any(|e| last == e || last.chars().count() >= 5 && last.ends_with(e.as_str()))
    }

    /// Is the token after `i` a capitalised word (a title's name: "King
    /// Abdullah")?
    fn name_follows(&self, i: usize) -> bool {
        self.toks
            .get(i + 1)
            .is_some_and(|t| t.kind == Tok::Word && self.text[t.start..].starts_with(char::is_uppercase))
    }

    /// [`crate::grammar::first_name`] of the token at `i`. The name rules
    /// ask it of the same capitalised words again and again (tens of
    /// thousands of times an article set, each a copy, a case change and a
    /// hash): it is worked out once per token.
    #[inline]
    pub fn first_name(&self, i: usize) -> Option<Gender> {
        match self.first_names[i].get() {
            Some(g) => g,
            None => {
                let g = crate::grammar::first_name(self.word(i));
                self.first_names[i].set(Some(g));
                g
            }
        }
    }

    /// The [`lex`] flags of the word at `i`.
    #[inline]
    pub fn flags(&self, i: usize) -> u32 {
        self.lex(i).flags
    }

    /// A speech verb form. Capitalised words are names ("States", "Post")
    /// or sentence openers, not the verb of an attribution.
    #[inline]
    pub fn is_verb(&self, i: usize) -> bool {
        self.lex(i).verb
    }

    #[inline]
    pub fn class(&self, i: usize) -> Class {
        self.lex(i).class
    }

    /// `class(i) == Class::Title`, without classing a lowercase word that
    /// cannot be one (a title is capitalised or ends in a dot).
    #[inline]
    pub fn is_title(&self, i: usize) -> bool {
        (self.lowered_at[i] != AS_WRITTEN || self.word(i).ends_with('.')) && self.class(i) == Class::Title
    }

    /// Does the article also write the word at `i` in lowercase (so that,
    /// capitalised, it merely opens a sentence)?
    pub fn written_lowercase(&self, i: usize) -> bool {
        let l = self.lower(i);
        let bytes = self.text.as_bytes();
        let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        memchr::memmem::find_iter(bytes, l.as_bytes()).any(|at| {
            let end = at + l.len();
            self.text.is_char_boundary(at)
                && self.text.is_char_boundary(end)
                && !word_char(self.text[..at].chars().next_back())
                && !word_char(self.text[end..].chars().next())
        })
    }

    /// Does the article write the word at `i`, as written, anywhere but at
    /// the start of a sentence or a quote (so that it is a name, not a
    /// capitalised sentence opener like "Hours" or "Preceded")?
    pub fn written_mid_sentence(&self, i: usize) -> bool {
        let w = self.word(i);
        let bytes = self.text.as_bytes();
        let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        memchr::memmem::find_iter(bytes, w.as_bytes()).any(|at| {
            let end = at + w.len();
            if !self.text.is_char_boundary(at)
                || !self.text.is_char_boundary(end)
                || word_char(self.text[..at].chars().next_back())
                || word_char(self.text[end..].chars().next())
            {
                return false;
            }
            let before = self.text[..at].trim_end_matches([' ', '\t', '\u{a0}']);
            before.chars().next_back().is_some_and(|c| {
                !matches!(
                    c,
                    '.' | '!'
                        | '?'
                        | '\n'
                        | '\r'
                        | '"'
                        | '“'
                        | '”'
                        | '\''
                        | '‘'
                        | '’'
                        | ':'
                        | '—'
                        | '('
                        | '['
                        | '-'
                        | '–'
                        | '…'
                        | ';'
                )
            })
        })
    }

    /// Cheaper than `class(i) == Class::Cap` for the many lowercase words.
    #[inline]
    pub fn is_cap(&self, i: usize) -> bool {
        self.lowered_at[i] != AS_WRITTEN && self.class(i) == Class::Cap
    }

    pub(super) fn is_np_word(&self, i: usize) -> bool {
        !matches!(self.class(i), Class::Other | Class::Pronoun)
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::{german_sieve_speakers, german_speakers, speakers};

    #[test]
    fn a_german_noun_after_an_article_is_no_name() {
        // "mit den Worten": "Worten" follows an article, so it is a common
        // noun, not a name; the speaker is the subject, Berger.
        let s = german_speakers(
            "Die Ministerin Anna Berger besuchte am Montag die Werft. Berger beschrieb den Besuch mit den Worten: „Hier entsteht die Zukunft.“\n",
        );
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(s[0].1.as_deref(), Some("Anna Berger"), "{s:?}");
    }

    #[test]
    fn issue14_a_surname_after_an_age_is_no_common_noun() {
        // Invented. "Der 45-jährige Watzke" puts a marker and an adjective
        // before the surname; the article also writes it after a first
        // name (hyphenated, as the German list writes it), so it is a name
        // word there and everywhere.
        for first in ["Hans", "Hans-Joachim"] {
            let s = german_sieve_speakers(&format!(
                "Heute wurde {first} Watzke vorgestellt. Der 45-jährige Watzke verzichtet auf sein Gehalt. \
                 Zur Lage wird Watzke wie folgt zitiert: „Es gab Jahre hier.“\n"
            ));
            assert_eq!(s.len(), 1, "{s:?}");
            assert_eq!(s[0].1.as_deref(), Some(format!("{first} Watzke").as_str()), "{s:?}");
        }
        // Without the first name the marker still makes it a noun.
        let s = german_sieve_speakers(
            "Der 45-jährige Watzke verzichtet auf sein Gehalt. Zur Lage wird Watzke wie folgt zitiert: „Es gab Jahre hier.“\n",
        );
        assert_eq!(s[0].1, None, "{s:?}");
    }

    #[test]
    fn a_german_noun_after_a_subject_article_heads_a_description() {
        let s = german_speakers("Die Feuerwehr bestätigte den Einsatz: „Niemand wurde verletzt.“\n");
        assert_eq!(s[0].1.as_deref(), Some("Feuerwehr"), "{s:?}");
    }

    #[test]
    fn numbers_and_unlisted_verbs_in_attributions() {
        let q = speakers("Intro line.\n\n“It does not hold,” said 9/11 widow Jo Roe.\n\n“This is fantastic!” beamed Al Ford of Madison, who snuck in.\n");
        assert_eq!(q[0].2.as_deref(), Some("Jo Roe"));
        assert_eq!(q[1].2.as_deref(), Some("Al Ford"));
    }
}
