//! The lexicon: the flags of each word in the grammar's lists ([`lex`]),
//! built once from the lists, and their lookup.

use std::collections::HashMap;

use super::{Element, FastHash, Grammar, CONNECTORS};

/// Flags of a word in [`Grammar::lexicon`]: the lists it is in.
pub mod lex {
    pub const PRONOUN: u32 = 1;
    pub const TITLE: u32 = 1 << 1;
    pub const STOPCAP: u32 = 1 << 2;
    pub const VERB: u32 = 1 << 3;
    pub const DET: u32 = 1 << 4;
    pub const ROLE: u32 = 1 << 5;
    pub const SPEECH_NOUN: u32 = 1 << 6;
    pub const MODIFIER: u32 = 1 << 7;
    pub const CONNECTOR: u32 = 1 << 8;
    pub const BODY: u32 = 1 << 9;
    pub const ABBREVIATION: u32 = 1 << 10;
    /// A `detect` word of the header.
    pub const DETECT: u32 = 1 << 11;
    pub const MEDIA: u32 = 1 << 12;
    pub const AUXILIARY: u32 = 1 << 13;
    pub const INDEFINITE: u32 = 1 << 14;
    pub const AGENT: u32 = 1 << 15;
    /// A literal word of a `[conduits]` cue.
    pub const CUE_WORD: u32 = 1 << 16;
    pub const PREPOSITION: u32 = 1 << 17;
    pub const SUBORDINATOR: u32 = 1 << 18;
    pub const REPORTED: u32 = 1 << 19;
    /// A `[reported-substitutes]` form: also [`REPORTED`], but not for
    /// telling a quote's kind.
    pub const REPORTED_SUBSTITUTE: u32 = 1 << 20;
}

/// A word's bit in [`Grammar::lexicon_filter`] (16 bits: length, first
/// and last byte).
#[inline]
fn filter_bit(w: &str) -> usize {
    let b = w.as_bytes();
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) => ((b.len() & 15) << 12) | ((f as usize & 63) << 6) | (l as usize & 63),
        _ => 0,
    }
}

impl Grammar {
    /// The [`lex`] flags of a lowercased word (0 for an unlisted word).
    // Asked of nearly every word, from many places. Left to `#[inline]`,
    // the compiler kept it out of line once this file gained a method:
    // 1 % more instructions in `extract` on BBC.
    #[inline(always)]
    pub fn lex(&self, lower: &str) -> u32 {
        let bit = filter_bit(lower);
        if self
            .lexicon_filter
            .get(bit / 64)
            .is_none_or(|w| w & (1 << (bit % 64)) == 0)
        {
            return 0;
        }
        self.lexicon.get(lower).copied().unwrap_or(0)
    }

    /// Rebuilds [`Grammar::lexicon`] (and the boilerplate searchers) from
    /// the word lists; call it after changing a list by hand.
    pub fn build_lexicon(&mut self) {
        // Sized for a built-in grammar's words at once: grown word by word,
        // the table was rehashed a dozen times at every start.
        let mut m: HashMap<String, u32, FastHash> = HashMap::with_capacity_and_hasher(4096, FastHash::default());
        let mut add = |words: &mut dyn Iterator<Item = &String>, flag: u32| {
            for w in words {
                *m.entry(w.clone()).or_default() |= flag;
            }
        };
        add(&mut self.pronouns.keys(), lex::PRONOUN);
        add(&mut self.titles.iter(), lex::TITLE);
        add(&mut self.stopcaps.iter(), lex::STOPCAP);
        add(&mut self.verbs.keys(), lex::VERB);
        add(&mut self.determiners.iter(), lex::DET);
        add(&mut self.roles.iter(), lex::ROLE);
        add(&mut self.speech_nouns.iter(), lex::SPEECH_NOUN);
        add(&mut self.modifiers.iter(), lex::MODIFIER);
        add(&mut self.bodies.iter(), lex::BODY);
        add(&mut self.abbreviations.iter(), lex::ABBREVIATION);
        add(&mut self.detect.iter(), lex::DETECT);
        add(&mut self.media.iter(), lex::MEDIA);
        add(&mut self.auxiliaries.iter(), lex::AUXILIARY);
        add(&mut self.indefinites.iter(), lex::INDEFINITE);
        add(&mut self.agents.iter(), lex::AGENT);
        add(&mut self.prepositions.iter(), lex::PREPOSITION);
        add(&mut self.subordinators.iter(), lex::SUBORDINATOR);
        add(&mut self.reported.iter(), lex::REPORTED);
        add(
            &mut self.reported_substitutes.iter(),
            lex::REPORTED | lex::REPORTED_SUBSTITUTE,
        );
        let cue_words: Vec<String> = self
            .conduits
            .iter()
            .flat_map(|f| &f.elements)
            .filter_map(|e| match e {
                Element::Word(w) => Some(w.clone()),
                _ => None,
            })
            .collect();
        add(&mut cue_words.iter(), lex::CUE_WORD);
        let connectors: Vec<String> = CONNECTORS.iter().map(|c| c.to_string()).collect();
        add(&mut connectors.iter(), lex::CONNECTOR);
        let mut filter = vec![0u64; 1 << 10];
        for k in m.keys() {
            let bit = filter_bit(k);
            filter[bit / 64] |= 1 << (bit % 64);
        }
        self.lexicon_filter = filter;
        self.lexicon = m;
        self.boilerplate_matcher = std::sync::OnceLock::new();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_flags_every_list_a_word_is_in() {
        let g = Grammar::builtin("en").unwrap();
        assert_ne!(g.lex("said") & lex::VERB, 0);
        assert_ne!(g.lex("mr.") & lex::TITLE, 0);
        assert_ne!(g.lex("mr.") & lex::ABBREVIATION, 0);
        assert_ne!(g.lex("of") & lex::CONNECTOR, 0);
        assert_eq!(g.lex("banana"), 0);
        assert_eq!(g.lex("Said"), 0, "keys are lowercase");
    }
}
