//! Resolves each speaker phrase to the person or body it refers to, within
//! the article: a pronoun to the latest compatible named person, a role
//! description to the person introduced with that role, a surname to the
//! full name.

use super::frames::{possessive as frames_possessive, Class, Ctx};
use super::tokens::{ascii_alnum, Tok};
use super::{Diagnostic, DiagnosticKind, Quote};
use std::collections::HashMap;

use crate::grammar::{lex, FastHash, Gender};

mod names;
mod referents;
#[cfg(test)]
mod tests;
mod wordset;

use names::*;
use referents::*;
use wordset::WordSet;

/// A run of capitalised name words somewhere in the article.
#[derive(Debug, Clone)]
struct Mention<'t> {
    /// Where the capitalised run starts, before [`name_start`] dropped its
    /// common words ("Harbour Master" of "Harbour Master Ana Ruiz"): they
    /// are said of the name as words around it are.
    run_lo: usize,
    lo: usize,
    hi: usize,
    /// The name as written (a surname is replaced by the full name).
    name: &'t str,
    person: bool,
    /// A person by evidence beyond capitals: a title, or a known first
    /// name ("National Statistics" is capitalised words, not a person).
    named_person: bool,
    /// An organisation: its last word is a body, or it is an acronym.
    org: bool,
    /// Gender by a title ("Mrs."): certain.
    gender: Option<Gender>,
    /// Gender by the first name's usual gender: a hint.
    name_gender: Option<Gender>,
}

/// Fills `speaker_canonical` for every quote with a speaker phrase.
/// `known` are the article's mentions when the caller already has them.
pub fn resolve<'t>(
    ctx: &Ctx<'t>,
    quotes: &mut [Quote],
    who: &[Option<(usize, usize)>],
    diags: &mut Vec<Diagnostic>,
    known: Option<&Mentions<'t>>,
) {
    if who.iter().all(Option::is_none) {
        return;
    }
    let owned;
    let known = match known {
        Some(m) => m,
        None => {
            owned = Mentions::new(ctx);
            &owned
        }
    };
    let (ms, common) = (&known.all, &known.common);
    // Gender learned from earlier resolutions: "Slutsky … he said".
    // The halves of an interrupted quote share one phrase: resolve it once.
    let mut done: HashMap<(usize, usize), Option<String>, FastHash> = HashMap::default();
    for (q, span) in quotes.iter_mut().zip(who) {
        let Some((lo, hi)) = *span else { continue };
        if let Some(c) = done.get(&(lo, hi)) {
            q.speaker_canonical = c.clone();
            continue;
        }
        // "the Florida senator" with no senator named before is someone
        // from Florida, not Florida.
        let role = (lo..=hi).any(|k| ctx.flags(k) & (lex::ROLE | lex::TITLE) != 0);
        let c = canonical(ctx, ms, common, lo, hi, diags)
            .filter(|c| names_someone(ctx, common, c) && !(role && crate::grammar::is_place(c)));
        done.insert((lo, hi), c.clone());
        q.speaker_canonical = c;
    }
}

fn canonical(
    ctx: &Ctx,
    ms: &[Mention],
    common: &Common,
    lo: usize,
    hi: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    if lo == hi && ctx.class(lo) == Class::Pronoun {
        let gender = ctx.g.pronouns.get(ctx.lower(lo)).copied();
        return pronoun_referent(ctx, ms, lo, gender);
    }
    // The main phrase, before any apposition.
    let mut main_hi = (lo..=hi)
        .find(|&i| ctx.toks[i].kind == Tok::Punct(','))
        .map_or(hi, |c| c.saturating_sub(1));
    // "Rep. Jane Roe (D-Ore.)" is Jane Roe.
    if let Some(open) = ctx.group_before(main_hi).filter(|&o| o > lo) {
        main_hi = open - 1;
    }
    // "said the American" after "American Andy Roddick": the latest
    // person said to be of that nation, else no one.
    if main_hi > lo
        && crate::grammar::is_one_demonym(ctx.word(main_hi))
        && matches!(ctx.lower(lo), "the")
        && (lo + 1..main_hi).all(|i| !ctx.is_cap(i))
    {
        // Written right before the name ("Kenyan Susan Otieno", "the
        // Kenyan runner Susan Otieno"), not after it: "Tim Roe, the
        // American" may be the very phrase that speaks.
        let nation = ctx.word(main_hi);
        let before = &ms[..ms.partition_point(|m| m.hi < lo)];
        return before[before.len().saturating_sub(ROLE_WINDOW)..]
            .iter()
            .rev()
            .find(|m| m.person && (m.run_lo.saturating_sub(3)..m.lo).any(|i| ctx.word(i) == nation))
            .map(|m| m.name.to_string());
    }
    // The trailing run of name words: "Russian Foreign Minister Sergei Lavrov" -> "Sergei Lavrov".
    let mut k = main_hi + 1;
    // "Variety's Gordon Cox" is Gordon Cox: a possessor before a first
    // name is where the person works. ("America's Renewable Future" is
    // one name.)
    // So is a body's ("the Washington Post’s Ishaan Tharoor"). A phrase
    // that ends the text has no word after its possessor.
    let works_for = |k: usize| {
        k < ctx.toks.len()
            && frames_possessive(ctx.word(k - 1))
            && (ctx.first_name(k).is_some() || ctx.g.lex(clean_name(ctx.lower(k - 1))) & lex::BODY != 0)
    };
    // "Ben van der Hoek": a particle between name words joins them; so
    // does "of" in a body's name ("the Association of Flight Attendants").
    let particle =
        |i: usize| ctx.toks[i].is_word() && (PARTICLES.contains(&ctx.word(i)) || ctx.class(i) == Class::Connector);
    loop {
        if k > lo && ctx.class(k - 1) == Class::Cap && !common.shouted[k - 1] && !works_for(k) {
            k -= 1;
        } else if let Some(j) = (lo + 1..k).rev().take_while(|&j| particle(j)).last() {
            if ctx.class(j - 1) != Class::Cap {
                break;
            }
            k = j - 1;
        } else {
            break;
        }
    }
    if k <= main_hi && title_domain(ctx, k, main_hi) {
        k += 1;
    }
    if k <= main_hi {
        k = name_start(ctx, common, k, main_hi);
    }
    // "Celebrating Clinton “turning Obama around”": a common word or an
    // -ing form that opens the sentence is no first name of a person the
    // rest names.
    if k < main_hi && function_opener(ctx, k) {
        k += 1;
    } else if k < main_hi && (k == 0 || ctx.toks[k - 1].ends_sentence()) && ctx.first_name(k).is_none() {
        let w = ctx.lower(k);
        let person_after = ms.iter().any(|m| m.person && m.lo <= k + 1 && m.hi >= main_hi);
        if person_after && (common.contains(w) || verb_form(ctx, k)) {
            k += 1;
        }
    }
    // "an Iowa Democrat": capitalised words after "a" or "an" and no first
    // name describe someone new and unnamed.
    // A body so described still speaks ("a Pentagon spokesman").
    // Adjectives may stand between before a role ("one well-connected
    // Democrat"), not before a name ("an angry Hollande").
    let role_run = (k..=main_hi).all(|i| ctx.flags(i) & lex::ROLE != 0);
    let det = (k.saturating_sub(3)..k).rev().find(|&d| {
        matches!(ctx.lower(d), "a" | "an" | "one" | "another")
            && (d + 1 == k || role_run)
            && (d + 1..k).all(|i| {
                ctx.toks[i].is_word()
                    && !ctx.is_cap(i)
                    && ctx.flags(i) & (lex::PREPOSITION | lex::ROLE | lex::VERB | lex::DET) == 0
            })
    });
    if k <= main_hi
        && det.is_some_and(|d| ctx.text[..ctx.toks[d].start].ends_with(char::is_whitespace))
        && !(k..=main_hi).any(|i| ctx.first_name(i).is_some())
        && !ms.iter().any(|m| m.org && m.lo <= main_hi && m.hi >= k)
        && ctx.flags(main_hi) & lex::BODY == 0
    {
        return None;
    }
    if k <= main_hi {
        let raw = clean_name(&ctx.text[ctx.toks[k].start..ctx.toks[main_hi].end]);
        // The mention that covers this run carries the resolved full name.
        if let Some(m) = ms.iter().find(|m| m.lo <= k && m.hi >= main_hi) {
            if !has_space(m.name) || m.name.ends_with(&raw) || surname(m.name) == raw || has_space(raw) {
                return Some(if has_space(raw) {
                    raw.to_string()
                } else {
                    m.name.to_string()
                });
            }
        }
        return Some(raw.to_string());
    }
    // "Her campaign manager, Robby Mook,": a name opening the apposition.
    if main_hi < hi {
        let a = main_hi + 2;
        let mut b = a;
        while b < hi && ctx.class(b + 1) == Class::Cap {
            b += 1;
        }
        if a <= hi && ctx.class(a) == Class::Cap && (b > a || ctx.toks.get(b + 1).is_none_or(|t| !t.is_word())) {
            let raw = clean_name(&ctx.text[ctx.toks[a].start..ctx.toks[b].end]);
            return Some(raw.to_string());
        }
        // "The prosecution's star witness, former finance chief Scott
        // Sullivan": a person's name, from a first name, closing it.
        let mut a = hi;
        while a > main_hi + 2 && ctx.class(a - 1) == Class::Cap {
            a -= 1;
        }
        if a < hi && ctx.class(hi) == Class::Cap && ctx.first_name(a).is_some() {
            let raw = clean_name(&ctx.text[ctx.toks[a].start..ctx.toks[hi].end]);
            return Some(raw.to_string());
        }
    }
    // A description: a body named inside it ("the NATO statement") ...
    // ("the House of Commons authorities": a body's "of" stays in its
    // name.)
    let in_name = |i: usize| {
        ctx.class(i) == Class::Cap && !common.shouted[i]
            || ctx.class(i) == Class::Connector && i > lo && i < main_hi && ctx.class(i + 1) == Class::Cap
    };
    // Only the last run of name words: "Foreign Secretary Jack Straw's
    // spokesman" is Jack Straw's, and the title's capitals ("Foreign")
    // are no part of his name.
    let caps: Vec<&str> = match (lo..=main_hi).rev().find(|&i| in_name(i)) {
        Some(end) => {
            let start = (lo..=end).rev().take_while(|&i| in_name(i)).last().unwrap_or(end);
            (start..=end).map(|i| ctx.word(i)).collect()
        }
        None => Vec::new(),
    };
    if !caps.is_empty() {
        let named = clean_name(&caps.join(" ")).to_string();
        // "a Democratic strategist", "a Texas voter", "a Trump supporter":
        // someone new and unnamed, whose party, place or candidate is not
        // the speaker. A body named inside it still speaks ("a NATO
        // official"), as does whatever a spokesman speaks for ("a Twitter
        // spokesman").
        let indefinite = (lo..=main_hi).any(|i| ctx.flags(i) & lex::INDEFINITE != 0);
        let body = ms.iter().any(|m| m.org && m.lo >= lo && m.hi <= main_hi);
        if indefinite && !body && ctx.flags(main_hi) & lex::AGENT == 0 {
            return None;
        }
        if let Some(who) = qualified_role_referent(ctx, ms, lo, main_hi, &named) {
            return Some(who);
        }
        // "the Tory leader", "the Lions manager" with no such person named:
        // a person's role qualified by what is neither a body nor a person
        // names no one. A body's still speaks ("the White House
        // official").
        // A person's name, though, is theirs ("Dr Ann Roe games director").
        let last = named.rsplit(' ').next().unwrap_or(&named);
        let speaks = ms
            .iter()
            .any(|m| (m.org || m.named_person) && (m.name == named || m.name.ends_with(&named)))
            || ctx.g.lex(&last.to_lowercase()) & lex::BODY != 0
            || capitals_only(last);
        if person_role(ctx, main_hi) && !speaks {
            return None;
        }
        return Some(named);
    }
    // A medium ("the statement", "her statement") speaks for whoever gave it.
    if ctx.flags(main_hi) & lex::SPEECH_NOUN != 0 && ctx.flags(main_hi) & lex::AGENT == 0 {
        if let Some(who) = medium_author(ctx, ms, common, lo, main_hi, diags) {
            return Some(who);
        }
    }
    // ... or a role said of a named person earlier ("the foreign minister").
    let roles: Vec<String> = (lo..=main_hi)
        .filter(|&i| ctx.class(i) == Class::Role)
        .map(|i| ctx.lower(i).to_string())
        .filter(|r| !ctx.g.speech_nouns.contains(r) || ctx.g.roles.contains(r))
        .collect();
    if roles.is_empty() {
        return plain_description_referent(ctx, ms, lo, main_hi);
    }
    // "the lawyers", "critics": a plural names no one person; "his wife",
    // "Trump's aide": someone other than the one the possessive names
    // (but "the party's statement" is the party's).
    let speech = ctx.flags(main_hi) & lex::SPEECH_NOUN != 0 && ctx.flags(main_hi) & lex::AGENT == 0;
    if plural(ctx.lower(main_hi)) || possessed(ctx, lo) && !speech {
        return None;
    }
    // "the congressional report" is a document: it may stand for a body
    // an earlier description named ("a NATO statement"), never a person.
    if speech {
        return earlier_description(ctx, lo, main_hi).filter(|body| ms.iter().any(|m| m.org && m.name == *body));
    }
    // "the authority", "the committee": a body's word names a body, the
    // latest one whose name ends in it, never a person.
    if ctx.flags(main_hi) & lex::BODY != 0 && ctx.flags(main_hi) & lex::AGENT == 0 {
        let head = ctx.lower(main_hi);
        return ms[..ms.partition_point(|m| m.hi < lo)]
            .iter()
            .rev()
            .find(|m| {
                m.org && ctx.lower(body_head(ctx, m)).trim_end_matches(['’', '\'', 's']) == head.trim_end_matches('s')
            })
            .map(|m| m.name.to_string());
    }
    // An indefinite description ("a spokesman", "the second official")
    // introduces someone new; one who speaks for a body speaks for the
    // organisation named last, if it was named as a body acting nearby.
    if (lo..=main_hi).any(|i| ctx.flags(i) & lex::INDEFINITE != 0) {
        if ctx.flags(main_hi) & lex::AGENT != 0 {
            // "a spokesman for Platte River": the body named right after.
            if let Some(body) = body_spoken_for(ctx, main_hi) {
                return Some(body);
            }
            return body_named_before(ctx, ms, lo);
        }
        return None;
    }
    // "a young woman asked …" then "the woman said": the description
    // refers back to someone the article never names.
    let body = earlier_description(ctx, lo, main_hi).filter(|body| ms.iter().any(|m| m.org && m.name == *body));
    if body.is_none() && unnamed_earlier(ctx, lo, main_hi) {
        return None;
    }
    // The people named before the phrase, the latest ROLE_WINDOW of them.
    let before = &ms[..ms.partition_point(|m| m.hi < lo)];
    let recent = &before[before.len().saturating_sub(ROLE_WINDOW)..];
    if let Some(m) = role_referent(ctx, recent.iter(), &roles) {
        return Some(m.name.to_string());
    }
    // "the official" after "a NATO official": the body named in an earlier
    // description with the same head word.
    // Only a body: "a Berlin man" does not make "the man" Berlin.
    if body.is_some() {
        return body;
    }
    let person = latest_person(ms, lo, None);
    let several = person.is_some_and(|p| recent.iter().any(|m| m.person && m.name != p.name));
    if several {
        diags.push(Diagnostic {
            kind: DiagnosticKind::AmbiguousSpeaker,
            start: ctx.toks[lo].start,
            end: ctx.toks[hi].end,
            message: format!(
                "`{}` names no one, and several people were named before it; left unresolved",
                &ctx.text[ctx.toks[lo].start..ctx.toks[hi].end]
            ),
        });
        return None;
    }
    person.map(|m| m.name.to_string())
}

/// The name mentions of one article, for the speaker ranker
/// (`speakers`): what each candidate phrase resolves to, and what sort
/// of mention a phrase is.
pub(super) struct Mentions<'t> {
    all: Vec<Mention<'t>>,
    common: Common<'t>,
    /// How many mentions carry each name, counted when first asked: only
    /// the ranker asks, and where a grammar has none (English) counting
    /// every article's mentions was a hundredth of extraction.
    counts: std::cell::OnceCell<HashMap<&'t str, usize, FastHash>>,
}

/// What sort of name a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NameKind {
    /// A person known by a title or a first name.
    Named,
    Person,
    Org,
    /// A capitalised run with no evidence either way.
    Bare,
}

impl<'t> Mentions<'t> {
    pub fn new(ctx: &Ctx<'t>) -> Mentions<'t> {
        let common = Common::of(ctx);
        let all = mentions(ctx, &common);
        Mentions {
            all,
            counts: std::cell::OnceCell::new(),
            common,
        }
    }

    /// The canonical name of the phrase `lo..=hi`, as [`resolve`] gives it.
    pub fn canonical(&self, ctx: &Ctx, lo: usize, hi: usize) -> Option<String> {
        canonical(ctx, &self.all, &self.common, lo, hi, &mut Vec::new())
    }

    /// Every mention inside `lo..=hi`: its tokens and sort. Mentions are
    /// in text order, so the search skips those before.
    pub fn spans_within(&self, lo: usize, hi: usize) -> impl Iterator<Item = (usize, usize, NameKind)> + '_ {
        let from = self.all.partition_point(|m| m.lo < lo);
        self.all[from..]
            .iter()
            .take_while(move |m| m.lo <= hi)
            .filter(move |m| m.hi <= hi)
            .map(|m| (m.lo, m.hi, kind_of(m)))
    }

    /// The sort of the last mention inside `lo..=hi`, if any.
    pub fn kind_within(&self, lo: usize, hi: usize) -> Option<NameKind> {
        let end = self.all.partition_point(|m| m.lo <= hi);
        self.all[..end]
            .iter()
            .rev()
            .find(|m| m.lo >= lo && m.hi <= hi)
            .map(kind_of)
    }

    /// How many mentions carry this (resolved) name: how salient its
    /// bearer is in the article.
    pub fn count(&self, name: &str) -> usize {
        let counts = self.counts.get_or_init(|| {
            let mut counts: HashMap<&'t str, usize, FastHash> = HashMap::default();
            for m in &self.all {
                *counts.entry(m.name).or_default() += 1;
            }
            counts
        });
        counts.get(name).copied().unwrap_or(0)
    }
}

fn kind_of(m: &Mention) -> NameKind {
    if m.named_person {
        NameKind::Named
    } else if m.person {
        NameKind::Person
    } else if m.org {
        NameKind::Org
    } else {
        NameKind::Bare
    }
}
