//! Matches the grammar's attribution frames and conduit cues on the token
//! stream, and delimits speaker phrases ("Russian Foreign Minister Sergei
//! Lavrov", "Leonid Slutsky, the head of …", "the senior lawmaker", "he").
//!
//! Rooms: `classes` (what each word is), `phrases` (a speaker phrase's
//! bounds), `subjects` (a verb's subject), `appositions`, `quotes` (tests
//! on the quote at a frame's edge) and `matcher` (the frame matcher).

mod appositions;
mod classes;
mod matcher;
mod phrases;
mod quotes;
mod subjects;

use std::cell::Cell;

use super::tokens::{Tok, Token};
use crate::grammar::{push_lower, Gender, Grammar};

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
}
