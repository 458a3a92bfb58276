//! Per-language grammars: quote marks, speech verbs, speaker vocabulary,
//! attribution frames, conduit cues and boilerplate cues, parsed with nom
//! from the human-editable files in `grammars/` (format: `grammars/README.md`).
//!
//! Rooms: `parse` (the `.qg` file syntax), `lexicon` (each word's [`lex`]
//! flags and their lookup), `names` (the first-name, place, demonym and
//! outlet tables) and `builtin` (the grammars and models built into the
//! binary). This module holds the types and the grammar's lookups.

mod builtin;
mod lexicon;
mod names;
mod parse;

use std::collections::{HashMap, HashSet};

pub use builtin::{builtin_codes, is_builtin, parsed, BUILTIN, BUILTIN_KINDS, BUILTIN_SPEAKERS};
pub use lexicon::lex;
pub use names::{first_name, is_demonym, is_one_demonym, is_place, outlet_for_host};
pub use parse::MAX_GAP;

/// A pair of quote marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkPair {
    pub open: String,
    pub close: String,
    /// Single marks double as apostrophes, so they open and close only
    /// where an apostrophe could not stand.
    pub single: bool,
}

/// Grammatical gender of a pronoun, for resolving it to a named speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    Masculine,
    Feminine,
    Neuter,
    /// Plural, or a person of unknown gender.
    Person,
}

/// The kind a frame says its quote is, when it says one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindHint {
    Statement,
    Partial,
}

/// One element of a frame pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// `Q`: the quote itself.
    Quote,
    /// `S`: the speaker phrase.
    Speaker,
    /// `C`: the conduit phrase.
    Conduit,
    /// `V`: any speech verb form.
    Verb,
    /// `...` or `..N`: up to N tokens inside one sentence.
    Gap(usize),
    /// A literal word, compared case-insensitively.
    Word(String),
    /// A literal punctuation mark.
    Punct(char),
}

/// An attribution frame or a conduit cue: a named pattern of elements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub name: String,
    pub elements: Vec<Element>,
    pub kind: Option<KindHint>,
}

impl Frame {
    /// Position of the element the frame is anchored on (Q, or C for cues).
    pub fn anchor(&self) -> usize {
        self.elements
            .iter()
            .position(|e| matches!(e, Element::Quote))
            .or_else(|| self.elements.iter().position(|e| matches!(e, Element::Conduit)))
            .unwrap_or(0)
    }
}

/// A parsed grammar. Word lists are stored case-folded.
#[derive(Debug, Clone, Default)]
pub struct Grammar {
    /// The learned choice between a quote somebody said and a scare
    /// quote (`grammars/LANG.kinds.tsv`); built-in grammars that have one
    /// use it, others fall back to rules.
    pub kinds: Option<std::sync::Arc<crate::extract::kinds::KindModel>>,
    /// The learned speaker ranker (`grammars/LANG.speakers.tsv`, see
    /// `extract::speakers`); without one, the first sieve that fires
    /// decides.
    pub speakers: Option<std::sync::Arc<crate::extract::kinds::KindModel>>,
    pub language: String,
    pub name: String,
    pub detect: Vec<String>,
    /// How the language's present participles end ("ing"), if it has a
    /// form that can follow its object: "emailed supporters saying".
    pub participle_ending: Option<String>,
    /// Prepositions whose object may be a participle's own subject ("with
    /// Jane Roe saying", "footage of Jane Roe saying"); after any other, a
    /// participle's subject is the sentence's ("Jo Roe was quoted in the
    /// Herald saying “…”").
    pub participle_subject_prepositions: HashSet<String>,
    /// How the language's adverbs of manner end ("ly"): one may stand
    /// between a speaker and the verb, "Jane Roe boldly suggested".
    pub adverb_ending: Option<String>,
    /// Endings of finite verb forms ("ed", "s"): a lowercase word ending in
    /// one, after a name, makes the name a clause's subject.
    pub verb_endings: Vec<String>,
    /// How the last, lowercase part of a hyphenated adjective ends ("ed",
    /// "ing", "born"): "Houston-based", "Tony-winning", "Ohio-born" are
    /// said of a name, and no name word themselves (issue 14).
    pub compound_endings: Vec<String>,
    /// How a person's role or occupation ends ("er", "or", "man"): such a
    /// capitalised word right before a first name says what the person is
    /// ("Goalscorer Jimmy Roe", "Alderman Jane Roe"), and is no part of
    /// the name (issue 14).
    pub role_endings: Vec<String>,
    /// Words after which (past at most two lowercase words) a capitalised
    /// word is a common noun, in a language that capitalises every noun
    /// ("die *Begründung*", "mit den *Worten*"). Empty for a language
    /// whose capitals mark names.
    pub noun_markers: HashSet<String>,
    /// Noun markers that can open a sentence's subject ("*Die* Polizei
    /// bekräftigt"): a common noun right after one, past lowercase words,
    /// and not after a preposition, may head a speaker phrase as a name
    /// does. After any other marker ("mit *den* Worten", "*zum* Rücktritt")
    /// it is a plain word.
    pub subject_markers: HashSet<String>,
    /// The finite verb of a main clause comes second (German): when
    /// something else opens the sentence ("In einer Erklärung *erklärte*
    /// die Fraktion …"), the subject follows the verb.
    pub verb_second: bool,
    /// Ordinals are written as a number and a dot (German "am 26. April",
    /// "in der 49. Minute"): such a dot before a word that is no function
    /// word is the ordinal's, not a full stop.
    pub ordinal_dots: bool,
    /// Words after which a source is named with no verb ("*laut*
    /// Polizei"), for the speaker ranker's candidates in a verb-second
    /// grammar.
    pub source_prepositions: HashSet<String>,
    /// Prepositions that name a passive's agent ("*vom* Deutschen
    /// Wetterdienst als „…“ eingestuft"), for the speaker ranker's
    /// candidates in a verb-second grammar.
    pub agent_prepositions: HashSet<String>,
    /// Prepositions before a noun whose owner is a source ("*nach*
    /// Angaben der Polizei"), for the same candidates.
    pub according_prepositions: HashSet<String>,
    /// Prepositions before the medium or document a statement stands in
    /// ("*In* der Zeitung fand sich …"), for the same candidates.
    pub medium_prepositions: HashSet<String>,
    /// Verb forms whose object is the one quoted, not their subject
    /// ("*zitiert* die „Post“ den Minister").
    pub quoting_verbs: HashSet<String>,
    /// The reading of a verb-second sentence by its fields, for the
    /// speaker ranker (`extract::fields`): pronouns that can be a
    /// clause's subject ("er", "wir"), …
    pub subject_pronouns: HashSet<String>,
    /// Pronouns that are only ever a subject (German "er", "ich", "wir"):
    /// right after a finite verb, the phrase before the verb is its object.
    pub nominative_pronouns: HashSet<String>,
    /// … words that join two main clauses ("und", "aber"), …
    pub coordinators: HashSet<String>,
    /// … relative pronouns opening a clause after a comma ("die", "dem"), …
    pub relative_pronouns: HashSet<String>,
    /// … subordinators that are also other words ("als", "wie"), which
    /// open a clause only where a verb ends it, …
    pub ambiguous_subordinators: HashSet<String>,
    /// … words opening an infinitive clause ("zu", "um"), …
    pub infinitive_markers: HashSet<String>,
    /// … and prepositions fused with an article ("zum", "vom"), read as
    /// prepositions.
    pub fused_prepositions: HashSet<String>,
    /// First names of the language's own, beside the built-in US list
    /// (`first-names = de`): they tell a person's name from a noun phrase
    /// and give a pronoun its gender.
    pub first_names: Option<&'static HashMap<&'static str, Gender, FastHash>>,
    /// Words on a first-name list that the language uses otherwise
    /// (lowercased): German months, "Juli" and "Mai", are US first names.
    /// They give the speaker ranker no `first-name` feature.
    pub not_first_names: HashSet<String>,
    /// Endings of third-person plural verbs ("rechnen") that also end
    /// infinitives and adjectives, so they count only right after a bare
    /// noun opening a sentence ("*Meteorologen* rechnen mit „…“"), for the
    /// speaker ranker's candidates in a verb-second grammar.
    pub plural_verb_endings: Vec<String>,
    /// How a past participle is formed from a `[verbs]` lemma's stem
    /// (`past-participle = ge t et`: a prefix, then the endings: "fragen"
    /// -> "*ge*frag*t*", "antworten" -> "*ge*antwort*et*"), read only by
    /// the clause reading's speaking subject (`extract::fields`), beside
    /// an auxiliary: `[verbs]` need not list every participle.
    pub past_participle: Option<(String, Vec<String>)>,
    /// Every participle `past_participle` forms from a `[verbs]` lemma,
    /// made once when the grammar is read.
    pub participles_of_saying: HashSet<String>,
    /// Nouns of saying, the acts a statement is (`[speech-acts]`:
    /// "Aussage", "Erklärung", "Meinung"), lowercased lemmas, and the
    /// inflection endings a form may add to one (`speech-act-endings`:
    /// "Aussage*n*"), for the speaker ranker's `speech=` features.
    pub speech_acts: HashSet<String>,
    pub speech_act_endings: Vec<String>,
    /// Possessive determiners ("seiner", "ihre"): "*seiner* Meinung"
    /// names whose the noun is.
    pub possessives: HashSet<String>,
    pub marks: Vec<MarkPair>,
    /// Every verb form, mapped to its lemma.
    pub verbs: HashMap<String, String>,
    pub speech_nouns: HashSet<String>,
    pub roles: HashSet<String>,
    pub modifiers: HashSet<String>,
    pub determiners: HashSet<String>,
    pub pronouns: HashMap<String, Gender>,
    pub titles: HashSet<String>,
    pub abbreviations: HashSet<String>,
    pub stopcaps: HashSet<String>,
    pub bodies: HashSet<String>,
    /// Words that negate; a drifted copy that gains or loses one changes
    /// what was said.
    pub negations: HashSet<String>,
    /// Number words; digits count as numbers without being listed.
    pub numbers: HashSet<String>,
    pub media: HashSet<String>,
    pub auxiliaries: HashSet<String>,
    pub indefinites: HashSet<String>,
    pub agents: HashSet<String>,
    /// Prepositions: a name right after one is not the subject of its
    /// sentence ("At a rally in *Portsmouth*, Jane Roe said …").
    pub prepositions: HashSet<String>,
    /// Words that open a subordinate clause: a name right after one is
    /// not the subject of the main clause ("… *where* Clinton appeared").
    pub subordinators: HashSet<String>,
    /// Verb forms that mark reported speech (the German Konjunktiv I:
    /// "sei", "habe", "könne"): a sentence holding one and no speech verb
    /// goes on reporting what the speaker of a sentence before said.
    pub reported: HashSet<String>,
    /// Forms that stand in for [`Grammar::reported`] ones (the German
    /// Konjunktiv II of the auxiliaries and modals: "hätten", "wäre"):
    /// reported speech for the speaker's reading, though not for telling
    /// a quote's kind, where they measured worse (issue 14, session 41).
    pub reported_substitutes: HashSet<String>,
    /// Lemmas of speech verbs whose following name is their object ("told
    /// *Reuters*", "called *him*"), never a subject written after them.
    pub object_verbs: HashSet<String>,
    /// Role words and the words that stand for the same role around a
    /// name ("lawmaker" ~ "parliament", "senator" ~ "sen.").
    pub role_kin: HashMap<String, Vec<String>>,
    pub frames: Vec<Frame>,
    pub conduits: Vec<Frame>,
    pub boilerplate: Vec<String>,
    /// Every listed word (lowercased) with the [`lex`] flags of the lists
    /// it is in: one lookup classes a word. Built by [`Grammar::parse`].
    pub lexicon: HashMap<String, u32, FastHash>,
    /// A bit per (length, first byte, last byte) of every lexicon key: most
    /// words in no list are turned away without hashing.
    pub lexicon_filter: Vec<u64>,
    /// One searcher for all the `[boilerplate]` cues, built when first
    /// asked ([`Grammar::boilerplate_matcher`]): a run that reads no text
    /// in a language does not pay for its searcher. A searcher per cue,
    /// each run over every short paragraph, was a fiftieth of English
    /// extraction.
    boilerplate_matcher: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>>,
}

/// Connectors inside a speaker phrase ("Bank *of* England", "Ursula *von*
/// der Leyen"); built in, for every language.
pub const CONNECTORS: &[&str] = &[
    "of", "for", "at", "and", "&", "de", "da", "van", "von", "der", "al", "bin", "ibn", "la", "le", "du", "del", "y",
];

/// Appends the lowercase form of `w` to `buf`, as the word lists are
/// lowercased for [`Grammar::lex`].
pub fn push_lower(buf: &mut String, w: &str) {
    // Char by char, not `str::to_lowercase` (which gives a final sigma its
    // own form); ASCII runs, most of a paragraph with curly quotes in it,
    // a run at a time.
    let mut rest = w;
    while !rest.is_empty() {
        let n = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        let at = buf.len();
        buf.push_str(&rest[..n]);
        buf[at..].make_ascii_lowercase();
        rest = &rest[n..];
        if let Some(c) = rest.chars().next() {
            buf.extend(c.to_lowercase());
            rest = &rest[c.len_utf8()..];
        }
    }
}

/// A fast, non-cryptographic hasher for short word keys (FxHash, from
/// `rustc-hash`). Lookups only: nothing iterates a map in hash order.
pub type FastHash = rustc_hash::FxBuildHasher;

impl Grammar {
    /// The past participles `past_participle` forms from the `[verbs]`
    /// lemmas: its prefix, a lemma's stem (less "en", or less "n":
    /// "forder-n"), one of its endings ("gefragt", "gefordert",
    /// "geantwortet").
    fn formed_participles(&self) -> HashSet<String> {
        let Some((prefix, endings)) = &self.past_participle else {
            return HashSet::new();
        };
        let lemmas: HashSet<&str> = self.verbs.values().map(String::as_str).collect();
        let mut out = HashSet::new();
        for lemma in lemmas {
            for stem in ["en", "n"].iter().filter_map(|inf| lemma.strip_suffix(inf)) {
                if !stem.is_empty() {
                    out.extend(endings.iter().map(|e| format!("{prefix}{stem}{e}")));
                }
            }
        }
        out
    }

    /// Does this language capitalise every noun (German), so that a
    /// capital marks no name? Told by its having noun markers.
    pub fn capitalises_nouns(&self) -> bool {
        !self.noun_markers.is_empty()
    }

    /// The searcher for the `[boilerplate]` cues; none without cues.
    pub fn boilerplate_matcher(&self) -> Option<&aho_corasick::AhoCorasick> {
        self.boilerplate_matcher
            .get_or_init(|| {
                (!self.boilerplate.is_empty()).then(|| {
                    aho_corasick::AhoCorasick::new(&self.boilerplate).expect("a few short cues make a searcher")
                })
            })
            .as_ref()
    }

    /// Is the lowercased verb form one whose following name is its object
    /// ("told Reuters")?
    pub fn is_object_verb(&self, form: &str) -> bool {
        self.verbs
            .get(form)
            .is_some_and(|lemma| self.object_verbs.contains(lemma))
    }

    /// Is the lowercased word a `[speech-acts]` noun, as its lemma or
    /// the lemma and one `speech-act-endings` ending ("aussagen")?
    pub fn is_speech_act(&self, lower: &str) -> bool {
        self.speech_acts.contains(lower)
            || self.speech_act_endings.iter().any(|e| {
                lower
                    .strip_suffix(e.as_str())
                    .is_some_and(|lemma| self.speech_acts.contains(lemma))
            })
    }

    pub fn is_verb(&self, word: &str) -> bool {
        self.lex(word) & lex::VERB != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Lowercasing a run of ASCII at a time is lowercasing each
        /// character (a final sigma included).
        #[test]
        fn push_lower_lowercases_each_character(w in "\\PC{0,24}|[A-Za-z ΣΑΣİẞ“”’]{0,24}") {
            let mut want = String::from("x");
            for c in w.chars() {
                want.extend(c.to_lowercase());
            }
            let mut got = String::from("x");
            push_lower(&mut got, &w);
            proptest::prop_assert_eq!(got, want);
        }
    }
}
