//! Matches the grammar's attribution frames and conduit cues on the token
//! stream, and delimits speaker phrases ("Russian Foreign Minister Sergei
//! Lavrov", "Leonid Slutsky, the head of …", "the senior lawmaker", "he").

use std::cell::Cell;

use super::tokens::{ascii_alnum, Tok, Token};
use crate::grammar::{lex, push_lower, Element, Frame, Gender, Grammar};

/// The longest speaker phrase, in tokens, before any apposition.
const MAX_NP: usize = 10;
/// The most tokens a parenthetical after a name may have, its `( )` aside.
const MAX_GROUP: usize = 6;
/// The longest apposition or relative clause a speaker phrase may carry.
const MAX_APPOSITION: usize = 25;

/// What a word can be inside a speaker phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Pronoun,
    Title,
    Det,
    Modifier,
    Role,
    /// A capitalised word that can be part of a name.
    Cap,
    Connector,
    /// A plain lowercase word in no list: it may stand before the head of
    /// a phrase ("election lawyer Joe Roe", "the presumptive nominee").
    Plain,
    Other,
}

/// The most plain words in a row a speaker phrase may hold.
const MAX_PLAIN_RUN: usize = 2;

/// Text, tokens and grammar, shared by every match in one article. Each
/// word is lowercased once, and classed once, when first asked about.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub toks: &'a [Token],
    pub g: &'a Grammar,
    /// The inner text of each quote piece, by piece index.
    pub inner: &'a [(usize, usize)],
    /// Per token: where its lowercase form lies in `lowered`, when it is
    /// not the word itself.
    lowered_at: Vec<(u32, u32)>,
    /// The text with its ASCII letters lowercased (same offsets), then the
    /// lowercase forms of the capitalised words that are not ASCII.
    lowered: String,
    /// Per token: what it is, once asked.
    lex: Vec<Cell<Option<Lex>>>,
    /// Per token: the usual gender of the first name it is, once asked
    /// ([`Ctx::first_name`]).
    first_names: Vec<Cell<Option<Option<Gender>>>>,
    /// In a language that capitalises every noun (`noun-markers`), the
    /// capitalised words (lowercased, sorted) that the article writes
    /// after a noun marker: common nouns, not names.
    nouns: Vec<String>,
}

/// No lowercase copy: the word is already lowercase.
const AS_WRITTEN: (u32, u32) = (u32::MAX, u32::MAX);

#[derive(Debug, Clone, Copy)]
struct Lex {
    flags: u32,
    class: Class,
    verb: bool,
}

/// A frame that matched around a quote token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameMatch {
    pub frame: usize,
    /// Token range of the speaker (or conduit) phrase, inclusive.
    pub who: (usize, usize),
    pub verb: Option<usize>,
    /// Token range the whole frame covers, inclusive.
    pub extent: (usize, usize),
}

pub(super) fn possessive(l: &str) -> bool {
    l.ends_with("’s") || l.ends_with("'s")
}

/// What a word is, from its lexicon flags and capitalisation (the order of
/// the rules is documented in grammars/README.md).
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

impl<'a> Ctx<'a> {
    pub fn new(text: &'a str, toks: &'a [Token], g: &'a Grammar, inner: &'a [(usize, usize)]) -> Ctx<'a> {
        // The whole text lowercased at once, ASCII letters only: an ASCII
        // word's lowercase form lies at its own offsets there. Lowercasing
        // each capitalised word into a buffer of its own was a thirtieth of
        // extraction. A word with other chars is lowercased a char at a
        // time and added at the end.
        let mut lowered = String::with_capacity(text.len() + 64);
        lowered.push_str(text);
        lowered.make_ascii_lowercase();
        let mut lowered_at = Vec::with_capacity(toks.len());
        for t in toks {
            // Only a word that starts with a capital can differ from its
            // lowercase form in a way the lexicon (all lowercase) can see.
            let b = text.as_bytes()[t.start];
            let upper = t.kind == Tok::Word
                && (b.is_ascii_uppercase() || !b.is_ascii() && text[t.start..].starts_with(char::is_uppercase));
            if upper {
                let w = &text[t.start..t.end];
                if w.is_ascii() {
                    lowered_at.push((t.start as u32, t.end as u32));
                } else {
                    let lo = lowered.len() as u32;
                    push_lower(&mut lowered, w);
                    lowered_at.push((lo, lowered.len() as u32));
                }
            } else {
                lowered_at.push(AS_WRITTEN);
            }
        }
        let mut ctx = Ctx {
            text,
            toks,
            g,
            inner,
            lowered_at,
            lowered,
            lex: vec![Cell::new(None); toks.len()],
            first_names: vec![Cell::new(None); toks.len()],
            nouns: Vec::new(),
        };
        if g.capitalises_nouns() {
            ctx.nouns = ctx.common_nouns();
        }
        ctx
    }

    /// The capitalised words the article writes after a noun marker ("der",
    /// "einem", "zum"), past at most two lowercase words ("den
    /// versammelten *Demonstranten*"): in a language that capitalises
    /// every noun these are common nouns. An acronym ("die SPD") is a name.
    fn common_nouns(&self) -> Vec<String> {
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

    #[inline]
    pub fn word(&self, i: usize) -> &'a str {
        let t = self.toks[i];
        &self.text[t.start..t.end]
    }

    /// The token at `i` in lowercase (a word that does not start with a
    /// capital is taken as written).
    // Called for nearly every token by the lexicon and the name rules;
    // out of line its entry and exit cost as much as its body.
    #[inline(always)]
    pub fn lower(&self, i: usize) -> &str {
        match self.lowered_at[i] {
            AS_WRITTEN => self.word(i),
            (lo, hi) => &self.lowered[lo as usize..hi as usize],
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

    fn is_np_word(&self, i: usize) -> bool {
        !matches!(self.class(i), Class::Other | Class::Pronoun)
    }

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

    /// Do the plain words from `i` on lead to a role word ("minority
    /// leader"), which makes them part of a description?
    /// A past form on the way is a verb with a role as its object: "Jane
    /// Roe rallied supporters".
    fn plain_leads_to_role(&self, i: usize) -> bool {
        (i..self.toks.len())
            .find(|&k| self.class(k) != Class::Plain || super::words::past_like(self, k))
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
    fn possessive_det(&self, i: usize) -> bool {
        self.class(i) == Class::Pronoun
            && self.flags(i) & lex::DET != 0
            && self.toks.get(i + 1).is_some_and(|t| t.is_word())
            && matches!(
                self.class(i + 1),
                Class::Role | Class::Modifier | Class::Plain | Class::Cap
            )
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
        if !super::words::after_preposition(self, lo) {
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
            .filter(|&(hlo, _)| !super::words::after_preposition(self, hlo) && b - hlo <= MAX_NP + MAX_GROUP);
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
                && (super::words::past_like(self, verb) || self.is_verb(verb) && !self.is_participle(verb));
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

    fn is_aux(&self, i: usize) -> bool {
        self.flags(i) & lex::AUXILIARY != 0 && self.lowered_at[i] == AS_WRITTEN || self.is_adverb(i)
    }

    /// Does the phrase starting at `lo` name a place inside an apposition:
    /// after a preposition ("of Springfield"), or the state after such a
    /// place ("of Ashton, Md.")?
    fn in_place_name(&self, (lo, hi): (usize, usize)) -> bool {
        if super::words::after_preposition(self, lo) {
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
        super::words::after_preposition(self, a)
    }

    /// An apposition between two commas after a name: any words, as long
    /// as it stays in its sentence and holds no quote.
    fn enclosed_apposition_ok(&self, lo: usize, hi: usize) -> bool {
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
            || !(lo + 1..=hi).any(|i| self.toks[i].is_word() && !self.is_aux(i) && super::words::verb_like(self, i))
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
                .take_while(|&i| !super::words::verb_like(self, i))
                .last()?;
            (k + 1..=head)
                .all(|i| matches!(self.class(i), Class::Plain | Class::Modifier | Class::Role))
                .then_some((lo, head))
        };
        self.phrase_after(lo).or_else(possessed).is_some_and(|(_, b)| {
            // Past "also", "then": "a lawyer then working for …" is none.
            let v = (b + 1..=hi).find(|&i| !self.is_aux(i));
            v.is_some_and(|v| super::words::verb_like(self, v))
        })
    }

    fn apposition_ok(&self, lo: usize, hi: usize) -> bool {
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

    /// Matches `frame` around the token at `anchor` (a quote, or for a
    /// conduit cue any token where its C could start or end).
    pub fn match_frame(&self, fi: usize, frame: &Frame, anchor: usize) -> Option<FrameMatch> {
        self.match_frame_with(fi, frame, anchor, None)
    }

    /// The phrase a conduit cue's C would take at `anchor`, to be passed to
    /// [`Ctx::match_frame_with`] for every cue tried there.
    pub fn conduit_phrase(&self, anchor: usize) -> Option<(usize, usize)> {
        self.phrase_after(anchor).filter(|_| self.has_cap(anchor))
    }

    /// [`Ctx::match_frame`], with C's phrase already found when the frame is
    /// a conduit cue.
    pub fn match_frame_with(
        &self,
        fi: usize,
        frame: &Frame,
        anchor: usize,
        phrase: Option<(usize, usize)>,
    ) -> Option<FrameMatch> {
        let a = frame.anchor();
        // The left side is matched leftwards: from its last element.
        let left = &frame.elements[..a];
        let right = &frame.elements[a + 1..];
        let anchored_on_quote = matches!(frame.elements[a], Element::Quote);
        let mut st = State::default();
        let (anchor_lo, anchor_hi) = if anchored_on_quote {
            (anchor, anchor)
        } else {
            // A cue anchored on C: C is matched as a phrase starting here.
            let (lo, hi) = phrase.or_else(|| self.conduit_phrase(anchor))?;
            st.who = Some((lo, hi));
            (lo, hi)
        };
        // Left side: a quote that opens a paragraph may take the previous
        // paragraph's "X said:" as its lead-in.
        let mut lstart = anchor_lo as isize - 1;
        if anchored_on_quote
            && lstart >= 1
            && self.toks[lstart as usize].kind == Tok::Para
            && self.toks[lstart as usize - 1].kind == Tok::Punct(':')
        {
            lstart -= 1;
        }
        // The elements right next to the anchor are settled by one token
        // each (a literal word or mark, a verb): a frame that fails there
        // fails before its phrases are looked for. Most frames tried at a
        // quote fail so.
        if !self.next_fits(right.first(), anchor_hi as isize + 1, 1, anchor_lo)
            || !self.next_fits(left.last(), lstart, -1, anchor_lo)
        {
            return None;
        }
        // "instead of the “bonfire of quangos” New Labour had promised": a
        // quote a determiner opens is a noun phrase, and a name and verb
        // right after it with no comma between are a relative clause on it,
        // not its attribution.
        if anchored_on_quote
            && matches!(
                right,
                [Element::Speaker, Element::Verb] | [Element::Verb, Element::Speaker]
            )
            && self.quoted_noun_phrase(anchor_lo)
        {
            return None;
        }
        let mut st_r = st;
        let right_end = self.m(right, anchor_hi as isize + 1, 1, &mut st_r, true, anchor_lo)?;
        if anchored_on_quote && self.closes_sentence(anchor_lo) {
            // After a quote that ends its own sentence ("... campaign."),
            // "X said" is its attribution only if that sentence ends there
            // too ("X said."); "X said he would ..." is a new statement.
            let rest = match right {
                [Element::Punct(','), rest @ ..] => rest,
                rest => rest,
            };
            if matches!(
                rest,
                [Element::Speaker, Element::Verb] | [Element::Verb, Element::Speaker]
            ) {
                let next = usize::try_from(right_end).ok().and_then(|i| self.toks.get(i));
                if !next.is_none_or(|t| matches!(t.kind, Tok::Para | Tok::Punct('.' | '!' | '?' | ',' | ';' | ':'))) {
                    return None;
                }
            }
        }
        let mut st_l = st_r;
        let left_end = self.m(left, lstart, -1, &mut st_l, true, anchor_lo)?;
        let mut who = st_l.who?;
        // "… instead of the “new deal” Labour had promised, there had been
        // “chaos”": that name and verb are a relative clause on the
        // quoted noun phrase (see above), attributing no later quote.
        if anchored_on_quote && who.1 < anchor_lo && who.0 >= 2 && self.quoted_noun_phrase(who.0 - 1) {
            return None;
        }
        // "In einer Erklärung betonte die Fraktion: „…“": in a verb-second
        // language a phrase that a preposition opens the sentence with is
        // no subject; the subject follows the verb.
        if let Some(v) = st_l.verb.filter(|&v| anchored_on_quote && who.1 < v) {
            if super::sieves::fronted_by_preposition(self, who.0) {
                who = super::sieves::subject_after_verb(self, who.0, v)?;
            }
        }
        // "telling CNBC: “…”": after such a verb a name is its object (not
        // one a literal word introduces: "was called “…” by Jane Roe").
        let introduced = frame
            .elements
            .iter()
            .position(|e| matches!(e, Element::Speaker))
            .is_some_and(|i| i > 0 && matches!(frame.elements[i - 1], Element::Word(_)));
        if let Some(v) = st_l.verb.filter(|&v| v < who.0 && anchored_on_quote && !introduced) {
            if self.g.is_object_verb(self.lower(v)) {
                return None;
            }
        }
        Some(FrameMatch {
            frame: fi,
            who,
            verb: st_l.verb,
            extent: ((left_end + 1).max(0) as usize, (right_end - 1).max(0) as usize),
        })
    }

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
    fn closes_sentence(&self, i: usize) -> bool {
        let Tok::Quote(qi) = self.toks[i].kind else {
            return false;
        };
        let (s, e) = self.inner[qi];
        self.text[s..e].trim_end().ends_with('.')
    }

    fn has_cap(&self, i: usize) -> bool {
        self.class(i) == Class::Cap
    }

    /// Can `el`, the element next to the anchor on side `dir`, match from
    /// `pos`? The first test [`Ctx::m`] makes of a word, a mark or a verb,
    /// with nothing else matched: `false` only where `m` would fail there.
    /// Any other element may match.
    fn next_fits(&self, el: Option<&Element>, pos: isize, dir: isize, quote_tok: usize) -> bool {
        let n = self.toks.len() as isize;
        let get = |p: isize| (p >= 0 && p < n).then(|| self.toks[p as usize]);
        match el {
            Some(Element::Word(w)) => get(pos).is_some_and(|t| t.is_word() && self.lower(pos as usize) == w.as_str()),
            Some(&Element::Punct(c)) => {
                get(pos).is_some_and(|t| t.kind == Tok::Punct(c)) || dir == 1 && self.punct_inside_quote(c, quote_tok)
            }
            Some(Element::Verb) => {
                let mut pos = pos;
                if dir == 1 {
                    while get(pos).is_some() && self.is_aux(pos as usize) {
                        pos += 1;
                    }
                }
                get(pos).is_some() && self.is_verb(pos as usize)
            }
            _ => true,
        }
    }

    /// Does the mark `c` stand inside the closing mark of the quote at
    /// `quote_tok`, where it counts as the one after it ("“…,” he said")?
    fn punct_inside_quote(&self, c: char, quote_tok: usize) -> bool {
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

    /// Matches `els` from token `pos` in direction `dir`; returns the token
    /// position after the last one consumed.
    fn m(
        &self,
        els: &[Element],
        pos: isize,
        dir: isize,
        st: &mut State,
        first: bool,
        quote_tok: usize,
    ) -> Option<isize> {
        // Leftwards, the elements are taken from the end.
        let next = if dir < 0 { els.split_last() } else { els.split_first() };
        let Some((el, rest)) = next else {
            return Some(pos);
        };
        let n = self.toks.len() as isize;
        let get = |p: isize| (p >= 0 && p < n).then(|| self.toks[p as usize]);
        match el {
            Element::Word(w) => {
                let t = get(pos)?;
                (t.is_word() && self.lower(pos as usize) == w.as_str()).then_some(())?;
                let mut next = pos + dir;
                // "X has called it “…”": a literal verb form may have
                // auxiliaries before it, as a V has.
                if dir == -1 && next > 0 && self.is_verb(pos as usize) {
                    next = self.skip_aux_left(next as usize) as isize;
                }
                self.m(rest, next, dir, st, false, quote_tok)
            }
            Element::Punct(c) => {
                // A comma or full stop inside the closing mark counts as
                // the one after it: “…,” he said.
                if first
                    && dir == 1
                    && self.punct_inside_quote(*c, quote_tok)
                    && get(pos).is_none_or(|t| t.kind != Tok::Punct(*c))
                {
                    return self.m(rest, pos, dir, st, false, quote_tok);
                }
                let t = get(pos)?;
                (t.kind == Tok::Punct(*c)).then_some(())?;
                self.m(rest, pos + dir, dir, st, false, quote_tok)
            }
            Element::Verb => {
                // Auxiliaries and adverbs stand between a subject and its
                // verb: "X has also said", "… , X would later say".
                let mut pos = pos;
                if dir == 1 {
                    while get(pos).is_some() && self.is_aux(pos as usize) {
                        pos += 1;
                    }
                }
                get(pos)?;
                self.is_verb(pos as usize).then_some(())?;
                let saved = st.verb;
                st.verb = Some(pos as usize);
                let mut next = pos + dir;
                // A literal auxiliary of the frame stays to be matched:
                // "been V Q by S".
                let literal = dir == -1 && matches!(rest.last(), Some(Element::Word(_)));
                if dir == -1 && next > 0 && !literal {
                    next = self.skip_aux_left(next as usize) as isize;
                }
                let r = self.m(rest, next, dir, st, false, quote_tok);
                if r.is_none() {
                    st.verb = saved;
                }
                r
            }
            Element::Quote => None,
            Element::Gap(max) => {
                let mut p = pos;
                let mut used = 0usize;
                loop {
                    let mut trial = *st;
                    trial.gapped |= used > 0;
                    if let Some(r) = self.m(rest, p, dir, &mut trial, false, quote_tok) {
                        *st = trial;
                        return Some(r);
                    }
                    let t = get(p)?;
                    // Nor past a quote that closes its sentence, the
                    // anchor's own included: "… a “liar.” Jane Roe said".
                    let after_closing = dir == 1 && p > 0 && self.quote_ends_sentence(p as usize - 1);
                    if t.ends_sentence()
                        || used >= *max
                        || self.quote_ends_sentence(p as usize)
                        || after_closing
                        || self.quote_ends_clause(p as usize)
                    {
                        return None;
                    }
                    used += 1;
                    p += dir;
                }
            }
            Element::Speaker | Element::Conduit => {
                let need_cap = matches!(el, Element::Conduit);
                if rest.is_empty() {
                    // Open-ended: the longest phrase in this direction.
                    get(pos)?;
                    let span = if dir == 1 {
                        // "said the candidate could be …": a phrase that a
                        // verb follows is the subject of a new clause.
                        self.phrase_after(pos as usize)
                            .filter(|&(_, hi)| {
                                self.toks.get(hi + 1).is_none_or(|t| !t.is_word())
                                    || !(self.is_aux(hi + 1) || self.is_verb(hi + 1) && !self.is_participle(hi + 1))
                            })
                            .filter(|&(lo, _)| !self.expletive(lo))?
                    } else {
                        match st.verb {
                            Some(v) => self.subject_of_verb(pos as usize, v),
                            None => self.subject_before(pos as usize),
                        }
                        .filter(|&(lo, _)| st.verb.is_none_or(|v| self.subject_of(lo, v)))?
                    };
                    if need_cap && !(span.0..=span.1).any(|i| self.has_cap(i)) {
                        return None;
                    }
                    st.who = Some(span);
                    let end = if dir == 1 {
                        span.1 as isize + 1
                    } else {
                        span.0 as isize - 1
                    };
                    return Some(end);
                }
                // Bounded: the shortest phrase after which the rest matches.
                for k in 1..=(MAX_NP + MAX_APPOSITION) as isize {
                    let last = pos + dir * (k - 1);
                    let t = get(last)?;
                    if t.ends_sentence() || matches!(t.kind, Tok::Quote(_)) {
                        return None;
                    }
                    let mut trial = *st;
                    if let Some(r) = self.m(rest, last + dir, dir, &mut trial, false, quote_tok) {
                        let (lo, hi) = if dir == 1 {
                            (pos as usize, last as usize)
                        } else {
                            (last as usize, pos as usize)
                        };
                        // After a gap the phrase is pinned only by the
                        // verb: "…” , giving states more power" is no speaker;
                        // a literal word pins it still: "according to S , …".
                        let beyond = if dir == 1 { rest.first() } else { rest.last() };
                        let literal = matches!(beyond, Some(Element::Word(_)));
                        if let Some(span) = self.speaker_phrase(lo, hi, !st.gapped || literal) {
                            if need_cap && !(span.0..=span.1).any(|i| self.has_cap(i)) {
                                continue;
                            }
                            trial.who = Some(span);
                            *st = trial;
                            return Some(r);
                        }
                    }
                }
                None
            }
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct State {
    who: Option<(usize, usize)>,
    verb: Option<usize>,
    /// A gap element has skipped tokens on the way here.
    gapped: bool,
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
    fn a_german_noun_after_a_subject_article_heads_a_description() {
        let s = german_speakers("Die Feuerwehr bestätigte den Einsatz: „Niemand wurde verletzt.“\n");
        assert_eq!(s[0].1.as_deref(), Some("Feuerwehr"), "{s:?}");
    }

    #[test]
    fn a_german_subject_after_the_verb() {
        // Verb second: an opening phrase, the speech verb, then its subject.
        let s = german_speakers("Am Abend betonte Bürgermeister Paul Hagen, die Stadt sei „gut vorbereitet“.\n");
        assert_eq!(s[0].1.as_deref(), Some("Bürgermeister Paul Hagen"), "{s:?}");
    }

    #[test]
    fn issue14_a_german_prepositional_phrase_opening_the_sentence_is_no_subject() {
        // Verb second: "Gegenüber NDR Info" fills the place before the
        // verb, so the subject is the pronoun after it.
        let s = german_speakers(
            "Der Bürgermeister Heiner Falldorf war dort. Gegenüber NDR Info äußerte er sich mit den Worten: „Das ist ein Anfang.“\n",
        );
        assert_eq!(s[0].0.as_deref(), Some("er"), "{s:?}");
        assert_eq!(s[0].1.as_deref(), Some("Bürgermeister Heiner Falldorf"), "{s:?}");
        let s = german_speakers("In einer Erklärung betonte Hans Müller: „Wir bleiben dabei.“\n");
        assert_eq!(s[0].0.as_deref(), Some("Hans Müller"), "{s:?}");
    }

    #[test]
    fn issue14_german_source_frames() {
        for (text, who) in [
            ("Der Antrag kam. In dem Antrag heißt es wörtlich: „Wir fordern mehr.“\n", "dem Antrag"),
            ("Der Preis ging an sie. „Sie hat viel getan“, heißt es in der Erklärung.\n", "der Erklärung"),
            (
                "Die Kosten liegen bei 765 Millionen Euro und seien „mit Vorsicht zu genießen“, da es mehr kosten könne, so die FIFA.\n",
                "die FIFA",
            ),
            ("Man könne laut Klinikdirektor Hans Beck „jetzt Paaren helfen“.\n", "Klinikdirektor Hans Beck"),
            (
                "Die Lage ist ernst. Ein Sender zitierte Papandreou mit den Worten: „Ich gehe.“\n",
                "Papandreou",
            ),
        ] {
            let s = german_sieve_speakers(text);
            assert_eq!(s[0].0.as_deref(), Some(who), "{text}: {s:?}");
        }
    }

    #[test]
    fn issue14_a_german_subject_and_verb_after_a_quote_open_the_next_clause() {
        // Invented. Verb second: "„…“, sagte X" attributes the quote, but
        // "„…“, X bezeichnete" is the next clause, with its own speaker.
        let s = german_sieve_speakers(
            "Das Spiel war hart. Jonas Brandt nannte seine Rote Karte „überzogen“, Trainer Paul Eck bezeichnete die Fouls als „normal“.\n",
        );
        assert_eq!(s[0].0.as_deref(), Some("Jonas Brandt"), "{s:?}");
        let s = german_sieve_speakers("Das Spiel war hart. „Wir geben nicht auf“, sagte Trainer Paul Eck.\n");
        assert_eq!(s[0].0.as_deref(), Some("Trainer Paul Eck"), "{s:?}");
    }

    #[test]
    fn issue14_a_passive_with_as_names_its_speaker_after_by() {
        let q = speakers(
            "Intro line.\n\nHer remarks have been described as “reckless” and “cruel” by the Teachers Union.\n",
        );
        let who: Vec<_> = q.iter().map(|q| q.2.as_deref()).collect();
        assert_eq!(who, [Some("Teachers Union"), Some("Teachers Union")]);
    }

    #[test]
    fn issue14_branded_and_british_spellings_are_speech_verbs() {
        // The subject of "branded", not the medium of the sentence before.
        let q = speakers("Intro line.\n\nIt was the law, she told Radio Kent. Leaked papers suggest former minister Tom Hale branded the new hours as a “leap in the dark”.\n");
        assert_eq!(q[0].2.as_deref(), Some("Tom Hale"));
        let q = speakers("Intro line.\n\nThe plan was branded “a disgrace” by Tom Hale, the union leader.\n");
        assert_eq!(q[0].2.as_deref(), Some("Tom Hale"));
    }

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

    #[test]
    fn parenthetical_after_a_name_stays_in_the_speaker() {
        let q = speakers("Intro line.\n\n“We will vote no,” Rep. Jane Roe (D-Ore.) said.\n");
        assert_eq!(q[0].1.as_deref(), Some("Rep. Jane Roe (D-Ore.)"));
        assert_eq!(q[0].2.as_deref(), Some("Jane Roe"));
    }

    #[test]
    fn auxiliaries_between_speaker_and_verb() {
        let q = speakers("Intro line.\n\n“It was a mistake,” Tom Reyes has also said.\n\nMary Ode had earlier said that the plan was “a disaster for everyone.”\n");
        assert_eq!(q[0].1.as_deref(), Some("Tom Reyes"));
        assert_eq!(q[1].1.as_deref(), Some("Mary Ode"));
    }

    #[test]
    fn apposition_with_an_age_or_a_plain_description() {
        let q = speakers("Intro line.\n\nPaul Nam, 31, a local baker, said the rule was “a burden on us all.”\n\nAnna Berg, associate professor of law at a college, compared it to a “slow-motion crash” in court.\n");
        assert_eq!(q[0].2.as_deref(), Some("Paul Nam"));
        assert_eq!(q[1].2.as_deref(), Some("Anna Berg"));
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

    #[test]
    fn what_someone_called_beats_a_later_said() {
        let q = speakers("Intro line.\n\nIn 2009, under what Mr. Hedge called “the prior economy model,” the club, a course in Ponte Vedra Beach, Fla., charged members more.\n");
        assert_eq!(q[0].1.as_deref(), Some("Mr. Hedge"));
    }

    #[test]
    fn a_name_after_an_object_verb_is_not_the_speaker() {
        let q = speakers(
            "Intro line.\n\nBack in 1999, Mr. Vane praised the deal, telling Channel Nine: “He is a great seller.”\n",
        );
        assert_eq!(q[0].2.as_deref(), Some("Vane"));
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
    fn auxiliaries_before_a_literal_verb_of_a_frame() {
        let q = speakers("Intro line.\n\nThe authority has called it “an unacceptable risk” and barred its ships.\n");
        assert_eq!(q[0].1.as_deref(), Some("The authority"));
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
    fn a_quantifier_alone_opening_its_clause_is_a_speaker() {
        let q = speakers("Intro line.\n\n“It is a scandal,” one user wrote. Another said he hoped with his “whole heart” that Roe wins.\n");
        assert_eq!(q[1].1.as_deref(), Some("Another"));
    }

    #[test]
    fn a_phrase_after_the_verb_that_a_verb_follows_opens_a_new_clause() {
        let q = speakers("Intro line.\n\nMr. Hale, citing “new polls,” said the candidate could win in Ohio.\n");
        assert_ne!(q[0].1.as_deref(), Some("the candidate"));
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
    fn a_subject_stands_before_a_prepositional_phrase() {
        let q = speakers("Intro line.\n\nAl Ford at the time said his “people” would help.\n\nA spokesman for the port authority said it was “no comment” day.\n");
        assert_eq!(q[0].1.as_deref(), Some("Al Ford"));
        assert_eq!(q[1].1.as_deref(), Some("A spokesman for the port authority"));
    }

    #[test]
    fn a_description_pinned_by_literal_words_after_a_gap() {
        let q = speakers("Intro line.\n\nAccording to his longtime personal physician, the mayor had “excellent” results.\n\n“They had a chance,” the editorial board recently wrote.\n");
        assert_eq!(q[0].1.as_deref(), Some("his longtime personal physician"));
        assert_eq!(q[1].1.as_deref(), Some("the editorial board"));
    }

    #[test]
    fn an_adverb_between_a_speaker_and_the_verb() {
        let q = speakers("Intro line.\n\nAt the debate, Jo Roe boldly suggested that Al Ford “wants no one to know.”\n\n“We grieve,” the family said.\n");
        assert_eq!(q[0].1.as_deref(), Some("Jo Roe"));
        assert_eq!(q[1].1.as_deref(), Some("the family"));
    }

    #[test]
    fn numbers_and_unlisted_verbs_in_attributions() {
        let q = speakers("Intro line.\n\n“It does not hold,” said 9/11 widow Jo Roe.\n\n“This is fantastic!” beamed Al Ford of Madison, who snuck in.\n");
        assert_eq!(q[0].2.as_deref(), Some("Jo Roe"));
        assert_eq!(q[1].2.as_deref(), Some("Al Ford"));
    }

    #[test]
    fn a_passive_speech_verb_with_its_agent_after_the_quote() {
        let q = speakers("Intro line.\n\n“Harbor Song” was written by Bo Tan in 1999. The plan has been called “strategic ambiguity” by Jo Roe, a professor. Al Ford says he is “gratified” by a court’s decision.\n");
        assert_eq!(q[0].2.as_deref(), Some("Bo Tan"));
        assert_eq!(q[1].2.as_deref(), Some("Jo Roe"));
        // "gratified by" is no passive of a speech verb.
        assert_eq!(q[2].2.as_deref(), Some("Al Ford"));
    }
}
