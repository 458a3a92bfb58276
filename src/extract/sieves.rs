//! Speaker sieves: the ordered list of ways a quote that no grammar frame
//! attributes finds its speaker in context, after CoreNLP's quote
//! attribution. Each sieve is a unit that proposes one speaker phrase (a
//! token span) or none; without a speaker model, the first that fires
//! decides.
//!
//! The whole chain a quote goes through, in order (run by `Extractor` in
//! `mod.rs`):
//! 1. a grammar frame (`framing`, `frames`, `.qg` files): "…,” she said.";
//! 2. a neighbour (`neighbours`): the second half of an interrupted
//!    quote, or a paragraph of quote continuing a speaker;
//! 3. the context sieves below, in [`SIEVES`] order (called by `fallback`);
//! 4. the speaker of the nearest attributed quote around it (`fallback`).

use super::frames::{self, Ctx};
use super::tokens::Tok;
use super::words::{
    after_preposition, holds_reported, mere_opener, past_like, sentence_before, sentence_of, verb_like,
};

/// Where a quote stands: its first and last quote tokens and the
/// sentence that holds its first one.
#[derive(Debug, Clone, Copy)]
pub(super) struct Site {
    pub first: usize,
    pub last: usize,
    pub lo: usize,
    pub hi: usize,
}

impl Site {
    pub fn new(ctx: &Ctx, first: usize, last: usize) -> Site {
        let (lo, hi) = sentence_of(ctx, first);
        Site { first, last, lo, hi }
    }
}

/// One sieve: a name (for features and traces) and what it proposes.
pub(super) struct Sieve {
    pub name: &'static str,
    pub find: fn(&Ctx, &Site) -> Option<(usize, usize)>,
}

/// The context sieves, most reliable first.
pub(super) const SIEVES: [Sieve; 13] = [
    Sieve {
        name: "expletive-source",
        find: expletive_source,
    },
    Sieve {
        name: "dash-signature",
        find: |ctx, s| dash_signature(ctx, s.last),
    },
    Sieve {
        name: "colon-lead",
        find: |ctx, s| colon_lead_speaker(ctx, s.first),
    },
    Sieve {
        name: "trailing",
        find: |ctx, s| trailing_attribution(ctx, s.last),
    },
    Sieve {
        name: "verb-subject",
        find: speech_verb_subject,
    },
    Sieve {
        name: "reported",
        find: reported_speaker,
    },
    Sieve {
        name: "sentence-subject",
        find: |ctx, s| sentence_subject(ctx, s.lo, s.first),
    },
    Sieve {
        name: "previous-speaker",
        find: |ctx, s| previous_sentence_speaker(ctx, s.lo),
    },
    Sieve {
        name: "name-before-verb",
        find: |ctx, s| name_before_verb(ctx, s.lo, s.first),
    },
    Sieve {
        name: "description",
        find: |ctx, s| description_subject(ctx, s.lo, s.first),
    },
    Sieve {
        name: "description-after-opening",
        find: description_after_opening,
    },
    Sieve {
        name: "first-name",
        find: |ctx, s| first_name_before(ctx, s.lo, s.first),
    },
    Sieve {
        name: "previous-subject",
        find: |ctx, s| {
            (s.lo == s.first)
                .then(|| previous_sentence_subject(ctx, s.lo))
                .flatten()
        },
    },
];

/// The first sieve that fires, and what it proposes.
pub(super) fn first(ctx: &Ctx, site: &Site) -> Option<(&'static str, (usize, usize))> {
    SIEVES.iter().find_map(|s| (s.find)(ctx, site).map(|who| (s.name, who)))
}

/// The subject of a speech verb in the quote's sentence, the nearest verb
/// first (an inverted aside's, or in a verb-second language the subject
/// after the verb); else nothing.
fn speech_verb_subject(ctx: &Ctx, s: &Site) -> Option<(usize, usize)> {
    let (tok, lo) = (s.first, s.lo);
    // Not a verb behind a quote that ends a clause: "… Roe called
    // “distasteful,” Doe expressed a wish to “…”".
    let blocked = |v: usize| (v.min(tok) + 1..v.max(tok)).any(|k| ctx.quote_ends_clause(k));
    let mut verbs: Vec<usize> = (lo..=s.hi).filter(|&v| ctx.is_verb(v) && !blocked(v)).collect();
    verbs.sort_by_key(|&v| (v.abs_diff(tok), v));
    verbs.iter().find_map(|&v| {
        (v > lo)
            .then(|| ctx.subject_of_verb(ctx.skip_aux_left(v - 1), v))
            .flatten()
            // "the “new deal” Labour had promised": a relative clause on a
            // quoted noun phrase.
            .filter(|&(a, _)| ctx.subject_of(a, v) && !fronted_by_preposition(ctx, a) && !pronoun_follows(ctx, v))
            .filter(|&(a, _)| a == 0 || !ctx.quoted_noun_phrase(a - 1))
            .or_else(|| inverted_aside(ctx, v))
            .or_else(|| subject_after_verb(ctx, lo, v))
    })
}

/// A phrase's first and last tokens.
type Span = (usize, usize);

/// The longest source phrase after a preposition.
const SOURCE_WORDS: usize = 10;

/// "„…“, heißt es auf der Webseite des Preises", "In der Ankündigung
/// heißt es, …": where a speech verb has only a formal subject (see
/// [`Ctx::expletive`]), the source is the phrase of a preposition right
/// after it, else of the one that opens the sentence.
fn expletive_source(ctx: &Ctx, s: &Site) -> Option<(usize, usize)> {
    let (after, opener) = expletive_sources(ctx, s);
    after.or(opener)
}

/// Both sources a "heißt es" sentence may name: the phrase of a
/// preposition right after the formal subject, and that of a preposition
/// opening the sentence ("*Auf der Homepage* heißt es zur Begründung"),
/// where one is the source and the other what is said about. The rule
/// chain takes the first; the speaker ranker weighs both. A phrase's
/// words run to a comma, a quote or the sentence end, and back to its
/// last capitalised word ("in der Meldung auf der Homepage von „…“").
pub(super) fn expletive_sources(ctx: &Ctx, s: &Site) -> (Option<Span>, Option<Span>) {
    let Some(e) = (s.lo + 1..=s.hi).find(|&i| ctx.expletive(i)) else {
        return (None, None);
    };
    let prep = |i: usize| ctx.toks[i].is_word() && ctx.flags(i) & crate::grammar::lex::PREPOSITION != 0;
    let phrase = |p: usize, stop: usize| {
        let hi = (p + 1..=stop.min(p + SOURCE_WORDS))
            .take_while(|&i| ctx.toks[i].is_word())
            // "der documenta-Homepage": a compound's capitalised part.
            .filter(|&i| ctx.is_cap(i) || ctx.word(i).split('-').any(|w| w.starts_with(char::is_uppercase)))
            .last()?;
        Some((p + 1, hi))
    };
    // Past an adverb or two: "heißt es dazu in einer Pressemitteilung".
    let after = (e + 1..=(e + 3).min(s.hi))
        .take_while(|&i| ctx.toks[i].is_word())
        .find(|&i| prep(i))
        .and_then(|p| phrase(p, s.hi));
    let opener = (prep(s.lo) && s.lo + 1 < e - 1).then(|| phrase(s.lo, e - 2)).flatten();
    (after, opener)
}

/// How many sentences back [`reported_speaker`] looks for the one who
/// speaks.
const REPORTED_REACH: usize = 3;

/// Reported speech (the grammar's `[reported]` forms, German Konjunktiv
/// I): a quote in a sentence that reports with one and holds no speech
/// verb ("Die Einsicht *sei* ihr „…“ verweigert worden") is what the
/// subject of the nearest speech verb before said ("Hartmann erklärte,
/// …"), past other reporting sentences. The sentence's own subject is
/// what is reported about, not who speaks.
fn reported_speaker(ctx: &Ctx, s: &Site) -> Option<(usize, usize)> {
    if ctx.g.reported.is_empty() || !holds_reported(ctx, s.lo, s.hi) || (s.lo..=s.hi).any(|i| ctx.is_verb(i)) {
        return None;
    }
    let mut lo = s.lo;
    for _ in 0..REPORTED_REACH {
        let (plo, phi) = sentence_before(ctx, lo)?;
        lo = plo;
        if !(plo..=phi).any(|i| ctx.is_verb(i)) {
            if holds_reported(ctx, plo, phi) {
                continue;
            }
            return None;
        }
        // The speech verb's subject, nearest the sentence's quote if it
        // has one, else its end.
        let at = (plo..=phi)
            .find(|&i| matches!(ctx.toks[i].kind, Tok::Quote(_)))
            .unwrap_or(phi);
        return speech_verb_subject(
            ctx,
            &Site {
                first: at,
                last: at,
                lo: plo,
                hi: phi,
            },
        );
    }
    None
}

/// After an opening phrase: "Outside the arena, about 200 protesters
/// congregated, chanting “…”".
fn description_after_opening(ctx: &Ctx, s: &Site) -> Option<(usize, usize)> {
    let c = (s.lo..s.first).find(|&i| ctx.toks[i].kind == Tok::Punct(','))?;
    description_subject(ctx, c + 1, s.first)
}

/// The phrase that opens a sentence, when a word follows it before the
/// quote: "The Florida senator likes “…”".
pub(super) fn sentence_subject(ctx: &Ctx, lo: usize, quote: usize) -> Option<(usize, usize)> {
    let mut start = lo;
    // Skip an opening clause word: "But", "And", "Still".
    while start < quote && ctx.toks[start].is_word() && ctx.flags(start) & crate::grammar::lex::STOPCAP != 0 {
        start += 1;
    }
    // "In Iowa on Monday, Jane Roe …": an opening phrase ends at a comma
    // followed by a name, or holding another clause word ("But Jane Roe,
    // a teacher, …" keeps its subject).
    if start > lo {
        if let Some(c) = (start..quote).find(|&i| ctx.toks[i].kind == Tok::Punct(',')) {
            let names_next = c + 1 < quote
                && (ctx.is_cap(c + 1) || matches!(ctx.class(c + 1), frames::Class::Pronoun | frames::Class::Title));
            let adverbial =
                (start..c).any(|i| ctx.toks[i].is_word() && ctx.flags(i) & crate::grammar::lex::STOPCAP != 0);
            if names_next || adverbial {
                start = c + 1;
            }
        }
    }
    if start >= quote {
        return None;
    }
    let (a, b) = ctx.phrase_after(start)?;
    // "Deren Haltung bezeichnete *er* als …": the object opens the sentence.
    if let Some(p) = pronoun_subject_after(ctx, b, quote) {
        return Some((p, p));
    }
    // "Outside the arena, …", "Casting himself as …": a capitalised
    // opener the article also writes in lowercase is no name.
    if mere_opener(ctx, a, b) {
        return None;
    }
    // "Jane Roe, a teacher, compared …": past the apposition's comma.
    let mut next = b + 1;
    if next < quote && ctx.toks[next].kind == Tok::Punct(',') && (a..=b).any(|i| ctx.toks[i].kind == Tok::Punct(',')) {
        next += 1;
    }
    let main = (a..=b).find(|&i| ctx.toks[i].kind == Tok::Punct(',')).unwrap_or(b + 1);
    (next < quote && ctx.toks[next].is_word() && (main - a) <= 8).then_some((a, b))
}

/// A determiner or a possessor and plain nouns opening the sentence at
/// `start`, then its verb, a preposition or a comma: "A legal opinion drafted for …", "The board
/// saw", "That letter, on …, demanded".
pub(super) fn description_subject(ctx: &Ctx, start: usize, quote: usize) -> Option<(usize, usize)> {
    // Or a possessor: "Scott's family has called on police to …".
    // (Not "It’s", a pronoun and a verb.)
    // Or a count: "about 200 protesters", "Hundreds of demonstrators".
    let number = |i: usize| i < quote && ctx.toks[i].is_word() && ctx.word(i).starts_with(|c: char| c.is_ascii_digit());
    if number(start) || !ctx.is_cap(start) && ctx.toks[start].is_word() && number(start + 1) {
        let n = if number(start) { start } else { start + 1 };
        let hi = (n + 1..(n + 4).min(quote))
            .take_while(|&i| ctx.class(i) == frames::Class::Plain && !past_like(ctx, i))
            .last()?;
        return (hi + 1 < quote && verb_like(ctx, hi + 1)).then_some((start, hi));
    }
    let possessor = ctx.is_cap(start) && frames::possessive(ctx.word(start)) && {
        let l = ctx.lower(start);
        let stem = &l[..l.len() - l.chars().rev().take(2).map(char::len_utf8).sum::<usize>()];
        ctx.g.lex(stem) & (crate::grammar::lex::STOPCAP | crate::grammar::lex::PRONOUN) == 0
    };
    if ctx.class(start) != frames::Class::Det && !possessor {
        return None;
    }
    let noun = |i: usize| {
        i < quote
            && matches!(
                ctx.class(i),
                frames::Class::Plain | frames::Class::Modifier | frames::Class::Role
            )
            && !past_like(ctx, i)
            && !ctx.word(i).starts_with(char::is_uppercase)
    };
    let hi = (start + 1..(start + 5).min(quote)).take_while(|&i| noun(i)).last()?;
    let next = hi + 1;
    let ends = next < quote
        && (ctx.toks[next].kind == Tok::Punct(',')
            || ctx.toks[next].is_word()
                && (verb_like(ctx, next) || ctx.flags(next) & crate::grammar::lex::PREPOSITION != 0));
    (ends && ctx.class(hi) != frames::Class::Modifier).then_some((start, hi))
}

/// The speaker of a reported-speech sentence just before `lo`, the start
/// of a quote's sentence: "…, said Kremlin spokesman Dmitri Peskov. “…”"
pub(super) fn previous_sentence_speaker(ctx: &Ctx, lo: usize) -> Option<(usize, usize)> {
    if lo < 2 || !ctx.toks[lo - 1].ends_sentence() {
        return None;
    }
    if ctx.toks[lo - 1].kind == Tok::Para {
        return None;
    }
    let end = lo - 1;
    let (plo, _) = sentence_of(ctx, end - 1);
    // "…, said X." / "…, X said."
    let last = end - 1;
    // Not "X said the plan falls short.": a verb with a plain word after
    // it makes a clause, what was said ("said communications director Jen
    // Psaki" and "said officials" are speakers).
    let clause = |a: usize| {
        (a + 1..last).any(|k| verb_like(ctx, k) && !ctx.is_cap(k + 1) && ctx.class(k + 1) != frames::Class::Role)
    };
    if let Some((a, _)) = ctx
        .phrase_before(last)
        .filter(|&(a, _)| a > plo && ctx.is_verb(a - 1) && !clause(a))
    {
        return Some((a, last));
    }
    if ctx.is_verb(last) && last > plo {
        return ctx.phrase_before(last - 1);
    }
    // "X said in a statement." / "X said on Twitter.": a short phrase
    // after the verb, opened by a preposition, with no quote in it.
    let v = (last.saturating_sub(4).max(plo + 1)..last).find(|&v| {
        ctx.is_verb(v)
            && ctx.flags(v + 1) & crate::grammar::lex::PREPOSITION != 0
            && !(v + 1..=last).any(|k| matches!(ctx.toks[k].kind, Tok::Quote(_)))
    })?;
    ctx.phrase_before(ctx.skip_aux_left(v - 1))
        .filter(|&(a, _)| a >= plo && ctx.subject_of(a, v))
}

/// The named subject of the sentence just before `lo` in its paragraph,
/// when that sentence holds no quote: "Jane Roe touted her record. “…”".
pub(super) fn previous_sentence_subject(ctx: &Ctx, lo: usize) -> Option<(usize, usize)> {
    if lo < 3 {
        return None;
    }
    let mut end = if ctx.toks[lo - 1].ends_sentence() { lo - 1 } else { lo };
    // Or the last sentence of the paragraph before.
    if ctx.toks[end - 1].ends_sentence() {
        end -= 1;
    }
    if end < 1 || ctx.toks[end - 1].kind == Tok::Para {
        return None;
    }
    let (plo, _) = sentence_of(ctx, end - 1);
    if (plo..end).any(|k| matches!(ctx.toks[k].kind, Tok::Quote(_))) {
        return None;
    }
    name_before_verb(ctx, plo, end)
        .filter(|&(a, b)| (a..=b).any(|i| ctx.is_cap(i)))
        .or_else(|| opening_subject(ctx, plo, end))
        .or_else(|| {
            // "The senator touted her record.": a role heads the subject.
            sentence_subject(ctx, plo, end).filter(|&(a, b)| {
                let main = (a..=b)
                    .find(|&i| ctx.toks[i].kind == Tok::Punct(','))
                    .map_or(b, |c| c - 1);
                ctx.class(main) == frames::Class::Role && ctx.flags(main) & crate::grammar::lex::SPEECH_NOUN == 0
            })
        })
}

/// The name or pronoun that opens the sentence `plo..end`, when a verb
/// follows it, maybe past an aside between commas: "Tom Hale, with the
/// Teachers Union, says …", "He said …". A paragraph of quote after such a
/// sentence is usually its subject's, not the previous quote's speaker's.
fn opening_subject(ctx: &Ctx, plo: usize, end: usize) -> Option<(usize, usize)> {
    let (a, b) = ctx.phrase_after(plo)?;
    let pronoun = a == b && ctx.class(a) == frames::Class::Pronoun;
    let named = (a..=b).any(|i| ctx.is_cap(i)) && !mere_opener(ctx, a, b);
    if !(pronoun || named) {
        return None;
    }
    let mut n = b + 1;
    if n < end && ctx.toks[n].kind == Tok::Punct(',') {
        // An aside of a few words and no verb: "with the Teachers Union".
        let close = (n + 1..end.min(n + 10)).find(|&k| ctx.toks[k].kind == Tok::Punct(','))?;
        if (n + 1..close).any(|k| verb_like(ctx, k)) {
            return None;
        }
        n = close + 1;
    }
    // A pronoun only before a verb of saying: "He had only performed in
    // Zimbabwe. “…”" is as often someone else's quote about him.
    let verb = |n: usize| if pronoun { ctx.is_verb(n) } else { verb_like(ctx, n) };
    (n < end && verb(n)).then_some((a, b))
}

/// The first name phrase of the sentence before the quote: the subject of
/// a sentence that opens with a clause ("In Iowa on Monday, Jane Roe, a
/// teacher, compared it to “…”").
pub(super) fn first_name_before(ctx: &Ctx, lo: usize, quote: usize) -> Option<(usize, usize)> {
    (lo..quote)
        .filter(|&j| ctx.is_cap(j) && (j == lo || !ctx.is_cap(j - 1)))
        .find_map(|j| {
            ctx.phrase_after(j)
                .filter(|&(a, b)| b < quote && !mere_opener(ctx, a, b))
        })
}

/// The first name of the sentence before the quote that a verb follows,
/// outside a subordinate clause and not after a preposition: the subject
/// of the main clause ("Horrified at the prospect, Ramos believes in
/// journalism that “…”").
pub(super) fn name_before_verb(ctx: &Ctx, lo: usize, quote: usize) -> Option<(usize, usize)> {
    // A name after a speech verb is in what was said: "Jane Roe, also
    // campaigning, said Trump is responsible and accused him of “…”".
    // (Not a verb that a quote ending a clause stands after: that quote's.)
    let end = (lo..quote)
        .find(|&v| ctx.is_verb(v) && !(v + 1..quote).any(|k| ctx.quote_ends_clause(k)))
        .unwrap_or(quote);
    // A subordinate clause runs to the next comma: "where Clinton and
    // O'Malley appeared Sunday, West landed a dig at “…”".
    let mut inside = false;
    for j in lo..end {
        if ctx.toks[j].kind == Tok::Punct(',') || ctx.quote_ends_clause(j) {
            inside = false;
            continue;
        }
        if ctx.toks[j].is_word() && ctx.flags(j) & crate::grammar::lex::SUBORDINATOR != 0 {
            inside = true;
        }
        if inside || !ctx.is_cap(j) || j > lo && ctx.is_cap(j - 1) || after_preposition(ctx, j) {
            continue;
        }
        let Some((a, b)) = ctx
            .phrase_after(j)
            .filter(|&(a, b)| b < quote && !mere_opener(ctx, a, b))
        else {
            continue;
        };
        let mut n = b + 1;
        if n < quote && ctx.toks[n].kind == Tok::Punct(',') && (a..=b).any(|i| ctx.toks[i].kind == Tok::Punct(',')) {
            n += 1;
        }
        if n < quote && verb_like(ctx, n) {
            return Some((a, b));
        }
    }
    None
}

/// In a verb-second language, the subject written right after a speech
/// verb that something other than a subject opens the sentence with: "In
/// einer Erklärung erklärte die Fraktion, …", "Mit den Worten „…“
/// kommentierte er …". The phrase must be a pronoun, hold a name word or
/// a role, or open with a subject marker ("betonte *die Fraktion*"; not
/// "sagte *dem Spiegel*").
pub(super) fn subject_after_verb(ctx: &Ctx, lo: usize, v: usize) -> Option<(usize, usize)> {
    if !ctx.g.verb_second || v <= lo || ctx.toks[v - 1].kind == Tok::Punct(',') {
        return None;
    }
    let (a, b) = ctx.phrase_after(v + 1)?;
    let head = ctx.class(a) == frames::Class::Pronoun
        || ctx.g.subject_markers.contains(ctx.lower(a))
        || (a..=b).any(|i| ctx.is_cap(i) || ctx.class(i) == frames::Class::Role);
    head.then_some((a, b))
}

/// In a verb-second language, does the phrase starting at `a` stand in a
/// prepositional phrase that opens its sentence ("*In einer Erklärung*
/// betonte …", "*Gegenüber NDR Info* äußerte er …")? It fills the one
/// place before the verb, so the subject follows the verb. The sentence's
/// first word must be a preposition, with no comma or verb between it and
/// the phrase.
pub(super) fn fronted_by_preposition(ctx: &Ctx, a: usize) -> bool {
    if !ctx.g.verb_second {
        return false;
    }
    let mut s = a;
    while s > 0 && !ctx.toks[s - 1].ends_sentence() && !matches!(ctx.toks[s - 1].kind, Tok::Quote(_)) {
        s -= 1;
        if ctx.toks[s].kind == Tok::Punct(',') || ctx.is_verb(s) {
            return false;
        }
    }
    ctx.toks[s].is_word() && ctx.flags(s) & crate::grammar::lex::PREPOSITION != 0
}

/// In a verb-second language, is the word right after the verb at `v` a
/// pronoun that is only ever a subject (the grammar's
/// `nominative-pronouns`: "Die Pläne bezeichnete *er* als „…“")? Then
/// the phrase before the verb is its object, not its subject.
pub(super) fn pronoun_follows(ctx: &Ctx, v: usize) -> bool {
    ctx.g.verb_second
        && ctx.toks.get(v + 1).is_some_and(|t| t.is_word())
        && ctx.g.nominative_pronouns.contains(ctx.lower(v + 1))
}

/// The subject pronoun ([`pronoun_follows`]) after the first verb of
/// saying or auxiliary within a few words past a phrase that ends at `b`,
/// before `limit`, with only words between.
pub(super) fn pronoun_subject_after(ctx: &Ctx, b: usize, limit: usize) -> Option<usize> {
    (b + 1..limit.min(b + 1 + PRONOUN_REACH))
        .take_while(|&k| ctx.toks[k].is_word())
        .find(|&k| (ctx.is_verb(k) || ctx.flags(k) & crate::grammar::lex::AUXILIARY != 0) && pronoun_follows(ctx, k))
        .map(|k| k + 1)
}

/// How many words past a phrase [`pronoun_subject_after`] looks for the
/// verb ("Deren Haltung *gegenüber der Partei* bezeichnete er …").
const PRONOUN_REACH: usize = 8;

/// "The paradox of it, says Jane Roe, a historian, is that …": a speech
/// verb between commas with its speaker after it.
pub(super) fn inverted_aside(ctx: &Ctx, v: usize) -> Option<(usize, usize)> {
    if v == 0 || ctx.toks[v - 1].kind != Tok::Punct(',') || ctx.is_participle(v) {
        return None;
    }
    let (a, b) = ctx.phrase_after(v + 1)?;
    let closed = ctx.toks.get(b + 1).is_some_and(|t| t.kind == Tok::Punct(','))
        || ctx.toks[b].kind == Tok::Punct(',')
        || (a..=b).any(|i| ctx.toks[i].kind == Tok::Punct(','));
    (closed && (a..=b).any(|i| ctx.is_cap(i))).then_some((a, b))
}

/// "“…,” Jane Roe shot back." / "“…?” the host pressed.": a quote that
/// ends in a comma or a question or exclamation mark, then a name or a
/// description, then one or two lowercase words that end the sentence.
/// That is an attribution whose verb the grammar does not list.
pub(super) fn trailing_attribution(ctx: &Ctx, tok: usize) -> Option<(usize, usize)> {
    let Tok::Quote(qi) = ctx.toks[tok].kind else {
        return None;
    };
    let (s, e) = ctx.inner[qi];
    if !ctx.text[s..e].trim_end().ends_with([',', '?', '!']) {
        return None;
    }
    let mut j = tok + 1;
    if ctx.toks.get(j)?.kind == Tok::Punct(',') {
        j += 1;
    }
    // "“…,” reacted Jane Roe.": one unlisted verb, then the name.
    let plain_verb = ctx.toks.get(j).is_some_and(|t| t.is_word())
        && ctx.word(j).starts_with(char::is_lowercase)
        && ctx.class(j) == frames::Class::Plain;
    if plain_verb {
        if let Some((a, b)) = ctx.phrase_after(j + 1) {
            let ends = ctx
                .toks
                .get(b + 1)
                .is_none_or(|t| matches!(t.kind, Tok::Para | Tok::Punct('.')));
            if ends && (a..=b).any(|i| ctx.is_cap(i)) && !(a..=b).any(|i| ctx.toks[i].kind == Tok::Punct(',')) {
                return Some((a, b));
            }
        }
    }
    let (a, b) = ctx.phrase_after(j)?;
    let named = (a..=b).any(|i| ctx.is_cap(i)) || ctx.class(a) == frames::Class::Det;
    if !named || (a..=b).any(|i| ctx.toks[i].kind == Tok::Punct(',')) {
        return None;
    }
    let lowercase = |k: usize| {
        ctx.toks.get(k).is_some_and(|t| {
            t.is_word()
                && ctx.word(k).starts_with(char::is_lowercase)
                && ctx.flags(k) & crate::grammar::lex::AUXILIARY == 0
        })
    };
    let ends = |k: usize| {
        ctx.toks
            .get(k)
            .is_none_or(|t| matches!(t.kind, Tok::Para | Tok::Punct('.' | ',')))
    };
    (1..=2)
        .any(|n| (b + 1..=b + n).all(lowercase) && ends(b + n + 1))
        .then_some((a, b))
}

/// A name signed after a quote with a dash, ending its paragraph:
/// "“…” ― Jane Roe", or on the next line, "– Jane Roe.".
pub(super) fn dash_signature(ctx: &Ctx, tok: usize) -> Option<(usize, usize)> {
    let mut j = tok + 1;
    if ctx.toks.get(j)?.kind == Tok::Para {
        j += 1;
    }
    if !matches!(ctx.toks.get(j)?.kind, Tok::Punct('—' | '―' | '–' | '-')) {
        return None;
    }
    let (a, b) = ctx.phrase_after(j + 1)?;
    let ends = |k: usize| ctx.toks.get(k).is_none_or(|t| t.kind == Tok::Para);
    let signed = ends(b + 1) || ctx.toks[b + 1].kind == Tok::Punct('.') && ends(b + 2);
    (signed && (a..=b).any(|i| ctx.is_cap(i))).then_some((a, b))
}

/// The speaker of a quote led in by a colon, in its paragraph or at the
/// end of the one before: a name right before the colon ("… surprise
/// pollster Jane Roe:", "More from Jane Roe:"), else the subject of the
/// lead-in's speech verb, else of the lead-in ("Roe issued the following
/// statement:").
pub(super) fn colon_lead_speaker(ctx: &Ctx, tok: usize) -> Option<(usize, usize)> {
    let colon = match tok {
        t if t >= 1 && ctx.toks[t - 1].kind == Tok::Punct(':') => t - 1,
        t if t >= 2 && ctx.toks[t - 1].kind == Tok::Para && ctx.toks[t - 2].kind == Tok::Punct(':') => t - 2,
        _ => return None,
    };
    if colon == 0 {
        return None;
    }
    let (lo, _) = sentence_of(ctx, colon);
    let named = ctx.phrase_before(colon - 1).filter(|&(a, b)| {
        let object = a > 0 && ctx.is_verb(a - 1) && ctx.g.is_object_verb(ctx.lower(a - 1));
        // "delivered a blunt message to Trump:" names the one addressed;
        // "a statement from Roe:" and "according to Roe:" the speaker.
        let addressed = after_preposition(ctx, a)
            && !matches!(ctx.lower(a - 1), "from" | "by" | "of")
            && !(a >= 2 && ctx.lower(a - 2) == "according");
        a >= lo && (a..=b).any(|i| ctx.is_cap(i)) && !object && !addressed && !mere_opener(ctx, a, b)
    });
    if named.is_some() {
        return named;
    }
    let mut verbs: Vec<usize> = (lo + 1..colon).filter(|&v| ctx.is_verb(v)).collect();
    verbs.reverse();
    verbs
        .iter()
        .find_map(|&v| {
            // "In einer Erklärung betonte die SPD: „…“": in a verb-second
            // language a prepositional phrase before the verb is no subject;
            // the one after it is.
            ctx.phrase_before(ctx.skip_aux_left(v - 1))
                .filter(|&(a, _)| a >= lo && !fronted_by_preposition(ctx, a))
                .or_else(|| subject_after_verb(ctx, lo, v))
        })
        .or_else(|| sentence_subject(ctx, lo, colon))
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::extract::testing::{extract, german_sieve_speakers, speakers};
    use crate::extract::{marks, paragraphs, tokens};
    use crate::extract::{Extractor, Kind};
    use crate::grammar::Grammar;

    /// Runs `f` on the context of `text` and the site of its first quote.
    pub(in crate::extract) fn with_site<T>(text: &str, f: impl FnOnce(&Ctx, &Site) -> T) -> Option<T> {
        with_site_in("en", text, f)
    }

    /// [`with_site`] with the built-in grammar of `lang`.
    pub(in crate::extract) fn with_site_in<T>(lang: &str, text: &str, f: impl FnOnce(&Ctx, &Site) -> T) -> Option<T> {
        let g = Grammar::builtin(lang).unwrap();
        let paras = paragraphs(text);
        let skip = vec![false; paras.len()];
        let spans = marks::scan_with(text, &paras, &skip, &marks::MarkSet::new(&g.marks));
        let mut pieces: Vec<marks::Piece> = spans.into_iter().flat_map(|s| s.pieces).collect();
        pieces.sort_by_key(|p| p.open);
        let ranges: Vec<(usize, usize)> = pieces.iter().map(|p| (p.open, p.close)).collect();
        let toks = tokens::tokenize(text, &paras, &ranges, &g);
        let inner: Vec<(usize, usize)> = pieces.iter().map(|p| (p.start, p.end)).collect();
        let ctx = Ctx::new(text, &toks, &g, &inner);
        let first = toks.iter().position(|t| matches!(t.kind, Tok::Quote(_)))?;
        Some(f(&ctx, &Site::new(&ctx, first, first)))
    }

    fn phrase(ctx: &Ctx, (a, b): (usize, usize)) -> String {
        ctx.text[ctx.toks[a].start..ctx.toks[b].end].to_string()
    }

    /// What the sieve `name` proposes for the first quote of `text`, as
    /// written.
    fn propose(text: &str, name: &str) -> Option<String> {
        propose_in("en", text, name)
    }

    fn propose_in(lang: &str, text: &str, name: &str) -> Option<String> {
        let sieve = SIEVES.iter().find(|s| s.name == name).expect("a sieve of that name");
        with_site_in(lang, text, |ctx, site| (sieve.find)(ctx, site).map(|w| phrase(ctx, w))).flatten()
    }

    fn says(text: &str, name: &str, who: &str) {
        assert_eq!(propose(text, name).as_deref(), Some(who), "{name} on {text}");
    }

    #[test]
    fn sieve_names_are_distinct() {
        let mut names: Vec<&str> = SIEVES.iter().map(|s| s.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), SIEVES.len());
    }

    #[test]
    fn dash_signature_takes_the_name_signed_after_the_quote() {
        says("“We will stay.” ― Jane Roe", "dash-signature", "Jane Roe");
        assert_eq!(propose("“We will stay,” Jane Roe said.", "dash-signature"), None);
    }

    #[test]
    fn colon_lead_takes_the_name_before_the_colon() {
        says("More from Jane Roe: “We will stay.”", "colon-lead", "Jane Roe");
        assert_eq!(propose("Jane Roe said “we will stay.”", "colon-lead"), None);
    }

    #[test]
    fn issue14_colon_lead_skips_the_one_addressed() {
        says(
            "Leader Jane Roe delivered a blunt message to Tom Vale: “Get on message.”",
            "colon-lead",
            "Leader Jane Roe",
        );
        says("According to Jane Roe: “We will stay.”", "colon-lead", "Jane Roe");
    }

    #[test]
    fn trailing_takes_a_name_and_an_unlisted_verb_after_the_quote() {
        says("“We will stay,” Jane Roe shot back.", "trailing", "Jane Roe");
        assert_eq!(propose("“We will stay.” Jane Roe left the room.", "trailing"), None);
    }

    #[test]
    fn verb_subject_takes_the_subject_of_a_speech_verb_in_the_sentence() {
        says("Jane Roe said the plan was “a good deal”.", "verb-subject", "Jane Roe");
        assert_eq!(
            propose("Jane Roe defended the plan, calling it “a good deal”.", "verb-subject"),
            None
        );
    }

    #[test]
    fn sentence_subject_takes_the_phrase_opening_the_sentence() {
        says(
            "The Florida senator likes “big ideas”.",
            "sentence-subject",
            "The Florida senator",
        );
    }

    #[test]
    fn previous_speaker_takes_the_speaker_of_the_sentence_before() {
        says(
            "The talks failed, said Kremlin spokesman Dmitri Peskov. “We will not leave.”",
            "previous-speaker",
            "Kremlin spokesman Dmitri Peskov",
        );
        assert_eq!(propose("“We will not leave.”", "previous-speaker"), None);
        // What follows "said" here is what was said, not who said it.
        let text = "Tom Hale said the plan falls short. “It does nothing.”";
        assert_eq!(propose(text, "previous-speaker"), None);
        for who in ["communications director Jen Psaki", "senior officials"] {
            says(
                &format!("The talks failed, said {who}. “We will not leave.”"),
                "previous-speaker",
                who,
            );
        }
        says(text, "previous-subject", "Tom Hale");
    }

    #[test]
    fn issue14_reported_speech_goes_back_to_the_speech_verb_before() {
        // Invented: the Konjunktiv I sentence's own subject is what is
        // reported on, the speaker is who "erklärte" two sentences back.
        let text = "Anna Berger erklärte am Montag, der Plan sei gescheitert. \
                    Die Kosten seien zu hoch. Die Einsicht sei ihr „ohne Grund“ verweigert worden.";
        assert_eq!(propose_in("de", text, "reported").as_deref(), Some("Anna Berger"));
        // A speech verb in the quote's own sentence is the verb sieve's.
        let own = "Anna Berger erklärte am Montag, der Plan sei gescheitert. \
                   Tom Vogt sagte, die Einsicht sei „ohne Grund“ verweigert worden.";
        assert_eq!(propose_in("de", own, "reported"), None);
        // A sentence that neither reports nor speaks ends the search.
        let broken = "Anna Berger erklärte am Montag, der Plan sei gescheitert. \
                      Das Haus steht leer. Die Einsicht sei „ohne Grund“ verweigert worden.";
        assert_eq!(propose_in("de", broken, "reported"), None);
        // English lists no reported forms.
        assert_eq!(
            propose("Anna Berger said it failed. The cost sei “too high”.", "reported"),
            None
        );
    }

    #[test]
    fn issue14_heisst_es_names_its_source_not_es() {
        // Invented sentences: the source stands after the verb or opens
        // the sentence.
        says_in(
            "„Wir bleiben“, heißt es auf der Webseite der Stiftung, die seit 1991 besteht.",
            "expletive-source",
            "der Webseite der Stiftung",
        );
        says_in(
            "In der Erklärung des Vereins heißt es: „Wir bleiben.“",
            "expletive-source",
            "der Erklärung des Vereins",
        );
        says_in(
            "„Wir bleiben“, hieß es dazu vom Sprecher Tom Vogt.",
            "expletive-source",
            "Sprecher Tom Vogt",
        );
        // The phrase runs back to its last capitalised word, and a
        // compound's capitalised part counts (issue 14, session 28).
        says_in(
            "„Wir bleiben“, heißt es in der Meldung des Vereins von „Nordlicht“ wörtlich.",
            "expletive-source",
            "der Meldung des Vereins",
        );
        says_in(
            "Auf der verein-Homepage heißt es: „Wir bleiben.“",
            "expletive-source",
            "der verein-Homepage",
        );
        // "es" after the verb is no speaker phrase of a frame either.
        let got = with_site_in("de", "„Wir bleiben“, heißt es.", |ctx, _| {
            let es = (0..ctx.toks.len())
                .find(|&i| ctx.toks[i].is_word() && ctx.lower(i) == "es")
                .unwrap();
            ctx.expletive(es)
        });
        assert_eq!(got, Some(true));
        // English has no verb-second rule: "it" stays a pronoun.
        assert_eq!(propose("“We stay,” said it in a statement.", "expletive-source"), None);
    }

    fn says_in(text: &str, name: &str, who: &str) {
        assert_eq!(propose_in("de", text, name).as_deref(), Some(who), "{name} on {text}");
    }

    #[test]
    fn name_before_verb_skips_an_opening_phrase() {
        says(
            "Horrified at the prospect, Ramos believes in journalism that “tells the truth”.",
            "name-before-verb",
            "Ramos",
        );
    }

    #[test]
    fn description_takes_a_determiner_and_plain_nouns_before_a_verb() {
        says(
            "A legal opinion drafted for the firm called it “a clear risk”.",
            "description",
            "A legal opinion",
        );
    }

    #[test]
    fn description_after_opening_looks_past_the_first_comma() {
        says(
            "Outside the arena, about 200 protesters congregated, chanting “No more war”.",
            "description-after-opening",
            "about 200 protesters",
        );
    }

    #[test]
    fn first_name_takes_the_first_name_phrase_of_the_sentence() {
        says(
            "Jane Roe, a teacher, compared it to “a circus”.",
            "first-name",
            "Jane Roe, a teacher",
        );
    }

    #[test]
    fn previous_subject_takes_the_named_subject_of_a_quoteless_sentence_before() {
        says(
            "Jane Roe touted her record. “We built roads.”",
            "previous-subject",
            "Jane Roe",
        );
        assert_eq!(
            propose("Jane Roe touted her record, calling it “strong”.", "previous-subject"),
            None
        );
    }

    #[test]
    fn issue14_previous_subject_reads_past_an_apposition_and_takes_a_pronoun() {
        for (text, who) in [
            (
                "Tom Hale, with the Teachers Union, says the plan falls short.\n\n“It does nothing.”",
                "Tom Hale",
            ),
            (
                "Tom Hale spoke first.\n\nHale, a teacher, said the plan falls short.\n\n“It does nothing.”",
                "Hale, a teacher",
            ),
            ("He said the plan falls short.\n\n“It does nothing.”", "He"),
        ] {
            says(text, "previous-subject", who);
        }
    }

    #[test]
    fn issue14_without_a_model_the_first_sieve_that_fires_decides() {
        // The verb's subject and the sentence's subject both fire here;
        // the earlier sieve in the list decides.
        let text = "Jane Roe said the plan was “a good deal”.";
        assert!(propose(text, "sentence-subject").is_some());
        let got = with_site(text, |ctx, site| first(ctx, site).map(|(n, w)| (n, phrase(ctx, w)))).flatten();
        assert_eq!(got, Some(("verb-subject", "Jane Roe".to_string())));
    }

    #[test]
    fn issue14_a_german_colon_lead_takes_the_subject_after_the_verb_not_the_fronted_phrase() {
        // The sieves alone (the ranker weighs their choice among others).
        let mut g = Grammar::builtin("de").unwrap();
        g.speakers = None;
        let q = Extractor::new(g)
            .extract(
                "In einer Erklärung betonte die SPD: „Wir stehen zu dem Beschluss.“\n",
                None,
            )
            .quotes;
        assert_eq!(q[0].speaker_canonical.as_deref(), Some("SPD"), "{q:?}");
    }

    #[test]
    fn issue14_a_german_pronoun_only_ever_a_subject_after_the_verb_makes_the_opener_its_object() {
        // Invented. The fronted phrase is what is described; "er" speaks.
        let q = german_sieve_speakers(
            "Der Minister sprach am Montag. Die Pläne der Opposition bezeichnete er als „völlig verfehlt“.\n",
        );
        assert_eq!(q[0].0.as_deref(), Some("er"), "{q:?}");
        // "sie" may be an object too: the opener stays the subject.
        let q = german_sieve_speakers("Die Ministerin lobte sie als „mutig und klug“.\n");
        assert_eq!(q[0].0.as_deref(), Some("Die Ministerin"), "{q:?}");
        // German lists the nominative-only pronouns; English has no such reading.
        let de = Grammar::builtin("de").unwrap();
        assert!(de.nominative_pronouns.contains("er") && !de.nominative_pronouns.contains("sie"));
        assert!(Grammar::builtin("en").unwrap().nominative_pronouns.is_empty());
    }

    #[test]
    fn issue14_a_german_description_after_the_verb() {
        // "der", "die" open a speaker phrase; a title with no name after it
        // ("Minister", "Sprecher") heads one.
        for (text, who) in [
            (
                "Er trat zurück. „Ich bin zu alt“, sagte der Papst. Dann ging er.\n",
                "der Papst",
            ),
            ("Die Kosten stiegen. „Wir zahlen nicht“, so die FIFA.\n", "die FIFA"),
            (
                "Die Kosten stiegen. „Wir zahlen nicht“, sagte der Minister.\n",
                "der Minister",
            ),
            (
                "Die Kosten stiegen. „Wir zahlen nicht“, sagte eine Sprecherin.\n",
                "eine Sprecherin",
            ),
            (
                "Die Kosten stiegen. Der Minister sagte: „Wir zahlen nicht.“\n",
                "Der Minister",
            ),
        ] {
            let s = german_sieve_speakers(text);
            assert_eq!(s[0].0.as_deref(), Some(who), "{text}: {s:?}");
        }
    }

    #[test]
    fn issue14_a_german_name_after_a_pronoun_and_a_verb_is_no_common_noun() {
        // "Diese hatte Hartmann": "Diese" is a pronoun there, not the
        // article of a noun "Hartmann"; the name stays a name.
        let s = german_sieve_speakers(
            "Swantje Hartmann trat zurück. Diese hatte Hartmann selbst verlangt. Dazu erklärte Hartmann: „Ich gehe.“\n",
        );
        assert_eq!(s[0].1.as_deref(), Some("Swantje Hartmann"), "{s:?}");
    }

    #[test]
    fn issue14_the_finite_part_of_a_german_separable_verb_of_saying() {
        // "gab … bekannt": the subject after the verb leads the quote in.
        let s =
            german_sieve_speakers("Die Lage ist ernst. Dazu gab das Ministerium weiter bekannt: „Wir prüfen das.“\n");
        assert_eq!(s[0].0.as_deref(), Some("das Ministerium"), "{s:?}");
    }

    #[test]
    fn issue14_a_name_and_verb_after_a_quoted_noun_phrase_are_a_relative_clause() {
        // "the “new deal” the Labour Party had promised": not the Labour
        // Party's words, nor is it the speaker of the next quote.
        let q = speakers("Intro line.\n\nGreen spokesman Tom Hale meanwhile said instead of the “new deal” the Labour Party had promised, there had been “chaos”.\n");
        let who: Vec<_> = q.iter().map(|q| q.2.as_deref()).collect();
        assert_eq!(who, [Some("Tom Hale"), Some("Tom Hale")]);
        // A quote that punctuation inside its marks closes is no noun
        // phrase: the name after it is its attribution.
        let q = speakers("Intro line.\n\nShe will play the “woman card,” Ada Birch said.\n");
        assert_eq!(q[0].2.as_deref(), Some("Ada Birch"));
    }

    #[test]
    fn a_capitalised_opener_never_written_mid_sentence_is_no_name() {
        let q = speakers(
            "Intro line.\n\nHours later, Tod Mays returned the favour, telling a radio host “we are friends.”\n",
        );
        assert_eq!(q[0].2.as_deref(), Some("Tod Mays"));
    }

    #[test]
    fn subject_after_an_opening_clause() {
        let q =
            speakers("Intro line.\n\nIn Iowa on Monday, Jane Roe, a teacher, compared the plan to “a slow leak.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Jane Roe"));
        // "Outside" opens the sentence; the article writes it lowercase too.
        let q = speakers(
            "Intro line.\n\nThey waited outside.\n\nOutside the hall, Mark Dale kept chanting “not our town.”\n",
        );
        assert_eq!(q[0].2.as_deref(), Some("Mark Dale"));
    }

    #[test]
    fn a_name_and_a_verb_after_a_comma_are_a_clause_not_an_apposition() {
        let q = speakers(
            "Intro line.\n\nHere in Dover, Sam Berg stepped up his attacks, saying, “We will win this state.”\n",
        );
        assert_eq!(q[0].2.as_deref(), Some("Sam Berg"));
    }

    #[test]
    fn a_colon_lead_in_gives_the_name_before_it_or_its_subject() {
        let q = speakers("Intro line.\n\nThe timing does not surprise pollster Dara Shore: “Lesser-known candidates often rise late.”\n\nWhen Lev Wace died, Governor Ann Pike released the following statement:\n\n“He was a friend to this state.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Dara Shore"));
        assert_eq!(q[1].2.as_deref(), Some("Ann Pike"));
    }

    #[test]
    fn a_name_signed_with_a_dash_after_a_quote() {
        let q = extract(
            "Intro line.\n\n“Tom Vane scares me.” ― Carla Ruiz\n\n“Great speech. She is ready.”\n\n– Ann Pike.\n",
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Carla Ruiz"));
        assert_eq!(q[0].kind, Kind::Statement);
        assert_eq!(q[1].speaker.as_deref(), Some("Ann Pike"));
    }

    #[test]
    fn the_subject_of_the_main_clause_after_an_opening_phrase() {
        let q = speakers("Intro line.\n\nHorrified at the prospect of Bo Tan becoming mayor, Ramos believes in journalism that “takes sides.”\n");
        assert_eq!(q[0].1.as_deref(), Some("Ramos"));
    }

    #[test]
    fn a_quote_closing_its_sentence_ends_it() {
        let q = speakers("Intro line.\n\nAt one point, Jo Lee coached Al Ford to “breathe, breathe, breathe.” That prompted Bo Tan to call him “very flexible,” a nod to the front-runner acknowledging that he changed course.\n");
        assert_eq!(q[0].1.as_deref(), Some("Jo Lee"));
    }

    #[test]
    fn a_name_and_an_unlisted_verb_ending_the_sentence_after_a_quote() {
        let q = speakers("Intro line.\n\n“You are a liar,” said Al Ford.\n\n“Jo wants to be a tough guy tonight,” Bo Tan shot back.\n");
        assert_eq!(q[1].1.as_deref(), Some("Bo Tan"));
    }

    #[test]
    fn an_unlisted_verb_then_a_name_ending_the_sentence() {
        let q = speakers(
            "Intro line.\n\n“You are a liar,” said Al Ford.\n\n“What sport is he talking about?” reacted Bo Tan.\n",
        );
        assert_eq!(q[1].1.as_deref(), Some("Bo Tan"));
    }

    #[test]
    fn a_lead_in_sentence_whose_verb_a_short_phrase_follows() {
        let q = speakers("Intro line.\n\nAl Ford spoke.\n\nBo Tan said in a statement. “There are no paper ballots to recount, and there never were.”\n");
        assert_eq!(q[0].1.as_deref(), Some("Bo Tan"));
    }

    #[test]
    fn a_quote_after_a_sentence_about_someone_is_theirs() {
        let q = speakers("Intro line.\n\n“The region matters,” said Al Ford.\n\nBo Tan argued that critics had been wrong for decades.\n\n“That is because this region is home to half the world’s people.”\n");
        assert_eq!(q[1].2.as_deref(), Some("Bo Tan"));
    }

    #[test]
    fn a_subject_and_its_verb_after_a_comma_are_no_apposition() {
        let q = speakers("Intro line.\n\nLike Bo Tan, Al Ford also rejected the idea that the vote could wait, arguing that there is “room to move” now.\n\nIn Ohio, Jane Roe’s right-hand man rallied supporters, saying: “We must stop him.”\n");
        assert_eq!(q[0].1.as_deref(), Some("Al Ford"));
        assert_eq!(q[1].1.as_deref(), Some("Jane Roe’s right-hand man"));
    }

    #[test]
    fn a_name_in_what_was_said_or_in_a_subordinate_clause_is_no_subject() {
        let q = speakers("Intro line.\n\nAt the fair where Bo Tan and Al Ford appeared, Ann Lee landed a dig at “my dear friend Al.”\n\nJo Roe, also in town, said Ann Lee was to blame and accused her of “wrecking the fair.”\n");
        assert_eq!(q[0].1.as_deref(), Some("Ann Lee"));
        assert_eq!(q[1].2.as_deref(), Some("Jo Roe"));
    }

    #[test]
    fn a_description_opening_its_sentence_is_its_subject() {
        let q = speakers("Intro line.\n\nThe piece used a line of hers as its headline: “Finally, someone like me.”\n\nRoe’s family has asked the city to release the video “for the greater good.” It’s not enough to ask for “a review,” she said.\n");
        assert_eq!(q[0].1.as_deref(), Some("The piece"));
        assert_eq!(q[1].1.as_deref(), Some("Roe’s family"));
    }

    #[test]
    fn a_counted_description_after_an_opening_phrase() {
        let q = speakers("Intro line.\n\nOutside the arena in downtown Lake Tova, about 200 protesters gathered, holding signs and chanting “Stop the bridge.”\n");
        assert_eq!(q[0].1.as_deref(), Some("about 200 protesters"));
    }

    #[test]
    fn a_verb_behind_a_quote_that_ends_a_clause_is_that_quotes() {
        let q = speakers("Intro line.\n\nIn a clip that Judge Ann Lee called “distasteful,” Bo Tan expressed a wish to “shut it all down.”\n");
        assert_eq!(q[0].1.as_deref(), Some("Judge Ann Lee"));
        assert_eq!(q[1].1.as_deref(), Some("Bo Tan"));
    }

    #[test]
    fn a_speech_verb_set_off_by_commas_with_its_speaker_after_it() {
        let q = speakers("Intro line.\n\nThe paradox of it, says Jo Roe, a historian, is that she was “the most powerful of all.”\n\n“It is close,” said one aide. Yet another said, “It is over.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Jo Roe"));
        assert_eq!(q[2].1.as_deref(), Some("another"));
    }
}
