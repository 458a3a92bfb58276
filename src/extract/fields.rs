//! A reading of a German quote's sentence by its topological fields
//! (issue 14, session 39): the sentence is cut at its commas, colons and
//! dashes into clauses; a clause opened by a subordinator or a relative
//! pronoun (and ended by a verb) is subordinate; in a main clause the
//! finite verb stands second, after one phrase (the Vorfeld), or first
//! where a quote or a subordinate clause fills that place before the
//! comma ("„…“, *sagte* der Minister", "Als …, *biss* der Mann …"); a
//! lowercase word after a noun is no verb while an article still awaits
//! its own noun past a prepositional phrase ("Den in der Stadt
//! *verbliebenen* Helfern sicherte …", session 41). The subject is the
//! Vorfeld when a nominative can open it ("*Die Menge* skandierte …"),
//! else the first phrase after the verb that no preposition nor oblique
//! article ("den", "dem") marks ("Den Flüchtlingen sicherte *Präsident
//! Ramos* zu"), and the Vorfeld is then marked as no subject. The clause that holds or
//! introduces the quote (the main clause it stands in, the one its
//! subordinate clause hangs on, the one after it or before its colon)
//! gives the speaker ranker its subject, how its verb reports (a verb of
//! saying, the reported speech of the Konjunktiv, another verb), and
//! the object a quoting verb names ("zitiert die Zeitung *den
//! Minister*"). All of it is read from the grammar's word lists; only a
//! verb-second grammar reads it.

use super::frames::{Class, Ctx};
use super::sieves::Site;
use super::speakers::capital;
use super::tokens::Tok;
use super::words::verb_like;
use crate::grammar::lex;

/// How the verb of the clause that governs a quote reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reports {
    /// A verb of saying, finite or at the clause's end ("hat … gesagt").
    Speech,
    /// A finite verb of reported speech ("Der Plan *sei* „tot“"): its
    /// subject is what is spoken of, not who speaks.
    Reported,
    Other,
}

/// What the clause that holds or introduces a quote says of its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Governing {
    /// The subject phrase, first and last token.
    pub subject: (usize, usize),
    pub reports: Reports,
    /// The object of a quoting verb in an active clause: the one quoted.
    pub quoted: Option<(usize, usize)>,
    /// The phrase before the finite verb where the subject stands after
    /// it ("*In dem Streit* sieht Weber …"): no subject.
    pub fronted: Option<(usize, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Main,
    Sub,
    Infinitive,
    Quote,
    Fragment,
}

#[derive(Debug, Clone)]
struct Clause {
    toks: Vec<usize>,
    kind: Kind,
    verb: Option<usize>,
    /// The finite verb opens the clause: a quote or a subordinate clause
    /// filled the place before it.
    fronted: bool,
    subject: Option<(usize, usize)>,
    /// The phrase before the finite verb of a main clause whose subject
    /// stands after the verb.
    vorfeld: Option<(usize, usize)>,
}

fn word(ctx: &Ctx, i: usize) -> bool {
    ctx.toks[i].is_word()
}

/// A word that opens with neither a capital nor a digit: unlike
/// `speakers::lowercase`, a number ("2008") is no verb's candidate here.
fn lowercase(ctx: &Ctx, i: usize) -> bool {
    word(ctx, i)
        && !ctx
            .word(i)
            .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
}

fn low<'a>(ctx: &'a Ctx, i: usize) -> &'a str {
    if word(ctx, i) {
        ctx.lower(i)
    } else {
        ""
    }
}

fn flag(ctx: &Ctx, i: usize, f: u32) -> bool {
    word(ctx, i) && ctx.flags(i) & f != 0
}

/// A finite verb by its form: a verb of saying, an auxiliary, a verb of
/// reported speech, or a `verb-endings` ending.
fn verbish(ctx: &Ctx, i: usize) -> bool {
    lowercase(ctx, i) && (verb_like(ctx, i) || flag(ctx, i, lex::REPORTED))
}

/// A verb that may end a subordinate clause: [`verbish`], or a plural
/// or infinitive by `plural-verb-endings` ("… zum „…“ *führen*").
fn final_verb(ctx: &Ctx, i: usize) -> bool {
    verbish(ctx, i)
        || lowercase(ctx, i)
            && ctx
                .g
                .plural_verb_endings
                .iter()
                .any(|e| ctx.word(i).ends_with(e.as_str()))
}

/// An article or other noun marker ("seiner", "einem"), of any case.
pub(super) fn marker(ctx: &Ctx, i: usize) -> bool {
    word(ctx, i) && (ctx.g.noun_markers.contains(low(ctx, i)) || ctx.class(i) == Class::Det)
}

fn preposition(ctx: &Ctx, i: usize) -> bool {
    flag(ctx, i, lex::PREPOSITION) || ctx.g.fused_prepositions.contains(low(ctx, i))
}

/// A noun marker in no nominative's form ("den", "dem", "einem").
fn oblique(ctx: &Ctx, i: usize) -> bool {
    marker(ctx, i) && !ctx.g.subject_markers.contains(low(ctx, i))
}

fn relative(ctx: &Ctx, i: usize) -> bool {
    ctx.g.relative_pronouns.contains(low(ctx, i))
}

/// The sentence from `lo` to `hi` cut into clauses.
fn clauses(ctx: &Ctx, lo: usize, hi: usize) -> Vec<Clause> {
    let mut segs: Vec<Vec<usize>> = Vec::new();
    let mut cur = Vec::new();
    for i in lo..=hi {
        match ctx.toks[i].kind {
            Tok::Punct('.' | '!' | '?') | Tok::Para => {}
            Tok::Punct(',' | ';' | ':' | '–' | '—' | '(' | ')') => {
                if !cur.is_empty() {
                    segs.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(i),
        }
    }
    if !cur.is_empty() {
        segs.push(cur);
    }
    let mut out: Vec<Clause> = Vec::new();
    let mut after_fronted = false;
    for (si, seg) in segs.into_iter().enumerate() {
        let mut c = Clause {
            toks: seg,
            kind: Kind::Main,
            verb: None,
            fronted: false,
            subject: None,
            vorfeld: None,
        };
        let seg = &c.toks;
        let n = seg.len();
        if n == 1 && matches!(ctx.toks[seg[0]].kind, Tok::Quote(_)) {
            c.kind = Kind::Quote;
            after_fronted = si == 0 || after_fronted;
            out.push(c);
            continue;
        }
        let j = usize::from(ctx.g.coordinators.contains(low(ctx, seg[0])));
        if j >= n {
            out.push(c);
            continue;
        }
        let w0 = seg[j];
        let lw = low(ctx, w0);
        let ends_in_verb = final_verb(ctx, seg[n - 1]);
        let rel = si > 0
            && (relative(ctx, w0) || preposition(ctx, w0) && j + 1 < n && relative(ctx, seg[j + 1]))
            && ends_in_verb;
        let ambiguous = ctx.g.ambiguous_subordinators.contains(lw);
        if word(ctx, w0)
            && (flag(ctx, w0, lex::SUBORDINATOR) && !ambiguous || rel || ambiguous && ends_in_verb && n > 2)
        {
            c.kind = Kind::Sub;
            if si == 0 {
                after_fronted = true;
            }
            out.push(c);
            continue;
        }
        if ctx.g.infinitive_markers.contains(lw) {
            c.kind = Kind::Infinitive;
            out.push(c);
            continue;
        }
        let starts_verb = si > 0
            && (after_fronted || out.last().is_some_and(|p| p.kind == Kind::Quote))
            && j == 0
            && lowercase(ctx, w0);
        let v = if starts_verb { Some(j) } else { finite_verb(ctx, seg, j) };
        after_fronted = false;
        let Some(v) = v else {
            c.kind = Kind::Fragment;
            out.push(c);
            continue;
        };
        c.verb = Some(seg[v]);
        c.fronted = starts_verb;
        c.subject = subject(ctx, seg, j, v, starts_verb);
        if v > j && !starts_verb && c.subject.is_none_or(|s| s.0 != seg[j]) {
            c.vorfeld = Some((seg[j], seg[v - 1]));
        }
        out.push(c);
    }
    out
}

/// The place of the finite verb in the main clause `seg` whose Vorfeld
/// opens at `seg[j]`: the first lowercase word (no noun marker,
/// preposition, relative pronoun, subordinator nor coordinator) with a
/// verb's form, or after a noun or a quote, where an adjective would
/// stand before its noun. A lowercase word after a noun is no verb while
/// an article awaits its noun past a prepositional phrase ("Den *in der
/// Stadt* verbliebenen Helfern sicherte …"): it is that noun's
/// attribute, unless a verb of saying, an auxiliary or a reported form.
fn finite_verb(ctx: &Ctx, seg: &[usize], j: usize) -> Option<usize> {
    // An article outside a preposition's phrase opened a noun phrase
    // whose noun has not come; inside one, the nouns are the phrase's.
    let (mut awaiting, mut in_phrase) = (false, false);
    for x in j..seg.len() {
        let t = seg[x];
        if preposition(ctx, t) {
            in_phrase = true;
            continue;
        }
        if marker(ctx, t) {
            awaiting |= !in_phrase;
            continue;
        }
        if capital(ctx, t) {
            awaiting &= in_phrase;
            continue;
        }
        if x == j || !lowercase(ctx, t) || relative(ctx, t) {
            continue;
        }
        let l = low(ctx, t);
        if flag(ctx, t, lex::SUBORDINATOR) || ctx.g.coordinators.contains(l) {
            continue;
        }
        let p = seg[x - 1];
        let after_noun = capital(ctx, p) && !marker(ctx, p) && !preposition(ctx, p) && !flag(ctx, p, lex::STOPCAP);
        if awaiting
            && after_noun
            && !ctx.is_verb(t)
            && !flag(ctx, t, lex::AUXILIARY | lex::REPORTED)
            && x + 1 < seg.len()
            && capital(ctx, seg[x + 1])
            && !flag(ctx, seg[x + 1], lex::STOPCAP)
        {
            in_phrase = false;
            continue;
        }
        if verbish(ctx, t) || after_noun || matches!(ctx.toks[p].kind, Tok::Quote(_)) {
            return Some(x);
        }
    }
    None
}

/// The subject of the main clause `seg` whose finite verb is `seg[v]`,
/// its Vorfeld from `seg[j]`.
fn subject(ctx: &Ctx, seg: &[usize], j: usize, v: usize, fronted: bool) -> Option<(usize, usize)> {
    let n = seg.len();
    if v > j && !fronted {
        let t0 = seg[j];
        let l0 = low(ctx, t0);
        let nominative = ctx.g.subject_markers.contains(l0)
            || ctx.g.subject_pronouns.contains(l0)
            || capital(ctx, t0) && !flag(ctx, t0, lex::STOPCAP) && !preposition(ctx, t0) && !marker(ctx, t0);
        // "Die Pläne bezeichnete *er* als „…“": a pronoun that is only
        // ever a subject, right after the verb, makes the Vorfeld an object.
        let pronoun_after = v + 1 < n && ctx.g.nominative_pronouns.contains(low(ctx, seg[v + 1]));
        if word(ctx, t0) && nominative && !pronoun_after {
            return Some((t0, seg[v - 1]));
        }
    }
    // The Mittelfeld: past prepositional phrases and oblique ones.
    let mut x = v + 1;
    let skip_noun = |mut x: usize, part: &dyn Fn(usize) -> bool| {
        while x < n && part(seg[x]) {
            x += 1;
        }
        while x < n && capital(ctx, seg[x]) {
            x += 1;
        }
        x
    };
    while x < n {
        let t = seg[x];
        if matches!(ctx.toks[t].kind, Tok::Quote(_)) {
            return None;
        }
        let l = low(ctx, t);
        if preposition(ctx, t) {
            x = skip_noun(x + 1, &|k| marker(ctx, k) || lowercase(ctx, k) && !verbish(ctx, k));
            continue;
        }
        if oblique(ctx, t) {
            x = skip_noun(x + 1, &|k| lowercase(ctx, k) && !marker(ctx, k));
            continue;
        }
        if ctx.g.subject_markers.contains(l) || capital(ctx, t) && !flag(ctx, t, lex::STOPCAP) {
            let mut y = x + 1;
            while y < n && y < x + 4 && lowercase(ctx, seg[y]) && !marker(ctx, seg[y]) && !verbish(ctx, seg[y]) {
                y += 1;
            }
            while y < n && capital(ctx, seg[y]) {
                y += 1;
            }
            // One genitive after it: "der Sprecher *des Vereins*".
            if y + 1 < n && word(ctx, seg[y]) && ctx.class(seg[y]) == Class::Det && genitive(low(ctx, seg[y])) {
                y = skip_noun(y + 1, &|k| lowercase(ctx, k) && !verbish(ctx, k));
            }
            return Some((t, seg[(y - 1).max(x)]));
        }
        if ctx.g.subject_pronouns.contains(l) {
            return Some((t, t));
        }
        x += 1;
    }
    None
}

/// A determiner in the genitive's form ("des", "der", "eines", "einer").
fn genitive(w: &str) -> bool {
    w.ends_with("es") || w.ends_with("er")
}

/// The clause that holds or introduces the quote in clause `idx` of `cs`, with its
/// subject, or None where the sentence names none.
fn governing_in(ctx: &Ctx, cs: &[Clause], idx: usize) -> Option<Governing> {
    let main = |k: usize| cs[k].kind == Kind::Main;
    let g = match cs[idx].kind {
        Kind::Main if cs[idx].subject.is_some() => idx,
        // "„…“, sagte X" after it; "X sagte: „…“" before it.
        Kind::Quote => {
            if idx + 1 < cs.len() && main(idx + 1) && cs[idx + 1].fronted {
                idx + 1
            } else {
                (0..idx).rev().find(|&k| main(k))?
            }
        }
        // A subordinate clause hangs on the main clause before it, or
        // after it where it is fronted.
        _ => (0..idx)
            .rev()
            .find(|&k| main(k))
            .or_else(|| (idx + 1..cs.len()).find(|&k| main(k)))?,
    };
    let c = &cs[g];
    let (subject, verb) = (c.subject?, c.verb?);
    let aux = c.toks.iter().any(|&k| flag(ctx, k, lex::AUXILIARY | lex::REPORTED));
    let reports = reports(ctx, c, verb);
    let quoted = if ctx.g.quoting_verbs.contains(low(ctx, verb)) && !aux {
        quoted_object(ctx, &c.toks, subject.1)
    } else {
        None
    };
    Some(Governing {
        subject,
        reports,
        quoted,
        fronted: c.vorfeld,
    })
}

/// How the clause `c` whose finite verb is `verb` reports.
fn reports(ctx: &Ctx, c: &Clause, verb: usize) -> Reports {
    if flag(ctx, verb, lex::REPORTED) {
        Reports::Reported
    } else if ctx.is_verb(verb) || c.toks.iter().any(|&k| k > verb && lowercase(ctx, k) && ctx.is_verb(k)) {
        Reports::Speech
    } else {
        Reports::Other
    }
}

/// The subject of the sentence from `lo` to `hi` and how its verb
/// reports: of its first main clause with a verb of saying, else of its
/// first main clause with a subject ("*Obama* erklärte, dass …").
pub(super) fn main_subject(ctx: &Ctx, lo: usize, hi: usize) -> Option<((usize, usize), Reports)> {
    let read: Vec<((usize, usize), Reports)> = clauses(ctx, lo, hi)
        .iter()
        .filter(|c| c.kind == Kind::Main)
        .filter_map(|c| Some((c.subject?, reports(ctx, c, c.verb?))))
        .collect();
    read.iter()
        .find(|(_, r)| *r == Reports::Speech)
        .or(read.first())
        .copied()
}

/// The quote's sentence read once: the clause that governs the quote
/// ([`governing_in`]) and the subject of an earlier clause of saying
/// ([`speaking_subject`]).
pub(super) fn read(ctx: &Ctx, site: &Site) -> (Option<Governing>, Option<(usize, usize)>) {
    let cs = clauses(ctx, site.lo, site.hi);
    let Some(idx) = cs.iter().position(|c| c.toks.contains(&site.first)) else {
        return (None, None);
    };
    let g = governing_in(ctx, &cs, idx);
    let speaking = speaking_subject(ctx, &cs, idx, g.as_ref());
    (g, speaking)
}

/// The subject of the nearest clause before the quote's, main or
/// subordinate, whose verb is one of saying, where the clause that
/// governs the quote (`g`) has none ("Der Sender will wissen, dass
/// *Meier* den Gästen gesagt habe, sie sei „…“"): who the quote's clause
/// reports (issue 14, session 42). A subordinate clause's subject is
/// the first nominative phrase after its subordinator; a relative
/// clause's is its antecedent, left out; a formal subject ("es") names
/// none. A past participle that `[verbs]` does not list is read beside
/// an auxiliary where the grammar's `past-participle` forms it from a
/// `[verbs]` lemma ("dass Meier die Frau *gefragt* habe").
fn speaking_subject(ctx: &Ctx, cs: &[Clause], idx: usize, g: Option<&Governing>) -> Option<(usize, usize)> {
    if g.is_some_and(|g| g.reports == Reports::Speech) {
        return None;
    }
    cs[..idx]
        .iter()
        .rev()
        .find_map(|c| {
            let subject = match c.kind {
                Kind::Main => c.subject.filter(|_| c.verb.is_some()),
                Kind::Sub if flag(ctx, c.toks[0], lex::SUBORDINATOR) => subject(ctx, &c.toks, 0, 0, true),
                _ => None,
            }?;
            let after = |k: usize| c.kind == Kind::Sub || c.verb.is_some_and(|v| k > v);
            let speaks = c.verb.is_some_and(|v| ctx.is_verb(v))
                || c.toks.iter().any(|&k| after(k) && lowercase(ctx, k) && ctx.is_verb(k))
                || c.toks.iter().any(|&k| flag(ctx, k, lex::AUXILIARY | lex::REPORTED))
                    && c.toks
                        .iter()
                        .any(|&k| lowercase(ctx, k) && participle_of_saying(ctx, ctx.lower(k)));
            speaks.then_some(subject)
        })
        // A formal subject ("heißt *es*") names no one.
        .filter(|&(s, _)| !(ctx.class(s) == Class::Pronoun && flag(ctx, s, lex::STOPCAP)))
}

/// Is `w` a past participle the grammar's `past-participle` forms from
/// a `[verbs]` lemma ("gefragt", "gefordert", "geantwortet")?
fn participle_of_saying(ctx: &Ctx, w: &str) -> bool {
    ctx.g.participles_of_saying.contains(w)
}

/// The phrase after the subject ending at token `after`, in the clause
/// `seg`, that a quoting verb names ("zitiert die Zeitung *den
/// Minister*"): the first with an oblique article or a capital, before
/// any preposition.
fn quoted_object(ctx: &Ctx, seg: &[usize], after: usize) -> Option<(usize, usize)> {
    let n = seg.len();
    let mut x = seg.iter().position(|&k| k == after)? + 1;
    while x < n {
        let t = seg[x];
        if oblique(ctx, t) || capital(ctx, t) && !flag(ctx, t, lex::STOPCAP) {
            let mut y = x + 1;
            while y < n && y < x + 4 && lowercase(ctx, seg[y]) && !preposition(ctx, seg[y]) && !verbish(ctx, seg[y]) {
                y += 1;
            }
            while y < n && capital(ctx, seg[y]) {
                y += 1;
            }
            return Some((t, seg[(y - 1).max(x)]));
        }
        if preposition(ctx, t) {
            return None;
        }
        x += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::sieves::tests::with_site_in;

    /// The governing clause of the first quote of the German `text`: its
    /// subject and quoted object as written, and how its verb reports.
    fn read(text: &str) -> Option<(String, Reports, Option<String>)> {
        with_site_in("de", text, |ctx, site| {
            let written = |(a, b): (usize, usize)| ctx.text[ctx.toks[a].start..ctx.toks[b].end].to_string();
            super::read(ctx, site)
                .0
                .map(|g| (written(g.subject), g.reports, g.quoted.map(written)))
        })
        .unwrap()
    }

    fn subject_of(text: &str) -> Option<String> {
        read(text).map(|(s, _, _)| s)
    }

    // Invented sentences throughout (issue 14).

    #[test]
    fn issue14_a_nominative_pronoun_after_the_verb_is_the_subject_and_the_vorfeld_an_object() {
        assert_eq!(
            subject_of("Die Pläne der Opposition bezeichnete er als „völlig verfehlt“.").as_deref(),
            Some("er")
        );
        // "sie" may be an accusative: the Vorfeld keeps the subject.
        assert_eq!(
            subject_of("Die Ministerin lobte sie als „mutig und klug“.").as_deref(),
            Some("Die Ministerin")
        );
    }

    #[test]
    fn issue14_the_vorfeld_subject_of_the_clause_that_holds_the_quote() {
        assert_eq!(
            subject_of("Die Menge skandierte vor dem Rathaus Parolen wie „Weg mit ihm“.").as_deref(),
            Some("Die Menge")
        );
        assert_eq!(
            subject_of("Das Komitee in Oslo würdigte damit seinen Einsatz zur „Versöhnung“.").as_deref(),
            Some("Das Komitee in Oslo")
        );
        // A plural verb ("wiesen") after a noun; the quote stands in a
        // relative clause that hangs on the main clause.
        assert_eq!(
            subject_of("Datenschützer wiesen auf die Gefahren hin, die letztlich zum „gläsernen Bürger“ führen.")
                .as_deref(),
            Some("Datenschützer")
        );
    }

    #[test]
    fn issue14_the_subject_after_the_verb_when_another_phrase_is_fronted() {
        // A dative in the Vorfeld: the subject stands after the verb, and
        // the quote's "dass" clause hangs on that main clause.
        assert_eq!(
            subject_of("Den Bauern sicherte Ministerin Berg am Abend zu, dass sie „nicht allein“ blieben.").as_deref(),
            Some("Ministerin Berg")
        );
        // A fronted subordinate clause fills the place before the verb.
        assert_eq!(
            subject_of("Als ein Gast helfen wollte, biss der Mann den Gast und rief: „Ich bin der Kaiser“.").as_deref(),
            Some("der Mann")
        );
        // A quote fills it: "„…“, sagte …".
        let (s, reports, _) = read("„Das ist gut“, sagte der Sprecher des Vereins am Montag.").unwrap();
        assert_eq!((s.as_str(), reports), ("der Sprecher des Vereins", Reports::Speech));
    }

    #[test]
    fn issue14_a_passive_citing_verb_has_its_source_for_subject() {
        let (s, reports, quoted) = read("„Das ist gut“, wird der Trainer im Fachblatt zitiert.").unwrap();
        assert_eq!((s.as_str(), reports, quoted), ("der Trainer", Reports::Speech, None));
    }

    #[test]
    fn issue14_an_active_quoting_verb_names_the_one_quoted_after_its_subject() {
        let (s, _, quoted) = read("„Das ist gut“, zitiert die Zeitung den Trainer.").unwrap();
        assert_eq!((s.as_str(), quoted.as_deref()), ("die Zeitung", Some("den Trainer")));
    }

    #[test]
    fn issue14_a_verb_of_reported_speech_is_told_from_a_verb_of_saying() {
        let (s, reports, _) = read("Der Plan sei „längst gescheitert“.").unwrap();
        assert_eq!((s.as_str(), reports), ("Der Plan", Reports::Reported));
        let (_, reports, _) = read("Die Stadt baute eine „neue Brücke“.").unwrap();
        assert_eq!(reports, Reports::Other);
    }

    #[test]
    fn issue14_no_subject_where_the_clause_has_no_finite_verb() {
        assert_eq!(subject_of("Ein „großer Tag“ für alle."), None);
    }

    /// The phrase before the governing clause's finite verb of the first
    /// quote of the German `text`, as written, where it is no subject.
    fn fronted(text: &str) -> Option<String> {
        with_site_in("de", text, |ctx, site| {
            let g = super::read(ctx, site).0.expect("a governing clause");
            g.fronted
                .map(|(a, b)| ctx.text[ctx.toks[a].start..ctx.toks[b].end].to_string())
        })
        .unwrap()
    }

    #[test]
    fn issue14_an_article_awaits_its_noun_past_a_prepositional_phrase() {
        // "verbliebenen" after "Stadt" is no verb: "Den" has not had its
        // noun yet.
        assert_eq!(
            subject_of("Den in der Stadt verbliebenen Helfern sicherte Bürgermeister Lenz zu, dass sie „nicht allein“ blieben.")
                .as_deref(),
            Some("Bürgermeister Lenz")
        );
        assert_eq!(
            subject_of("Der in Bonn lebende Autor nannte das Buch einen „Abschied“.").as_deref(),
            Some("Der in Bonn lebende Autor")
        );
        // A noun had its article: the word after the next noun is the verb.
        assert_eq!(
            subject_of("Die Polizei in Bonn meldete einen „ruhigen Abend“.").as_deref(),
            Some("Die Polizei in Bonn")
        );
    }

    #[test]
    fn issue14_a_fronted_phrase_that_is_no_subject() {
        let text = "In dem Streit vor dem Landgericht sieht Weber einen „klaren Fehler“.";
        assert_eq!(fronted(text).as_deref(), Some("In dem Streit vor dem Landgericht"));
        assert_eq!(subject_of(text).as_deref(), Some("Weber"));
        // A dative before the verb.
        assert_eq!(
            fronted("Den Bauern sicherte Ministerin Berg zu, dass sie „nicht allein“ blieben.").as_deref(),
            Some("Den Bauern")
        );
        // The subject before the verb, or a quote there: none.
        assert_eq!(
            fronted("Die Menge skandierte vor dem Rathaus Parolen wie „Weg mit ihm“."),
            None
        );
        assert_eq!(fronted("„Das ist gut“, sagte der Sprecher am Montag."), None);
    }

    /// The speaking subject of the first quote of the German `text`, as
    /// written.
    fn speaking(text: &str) -> Option<String> {
        with_site_in("de", text, |ctx, site| {
            super::read(ctx, site)
                .1
                .map(|(a, b)| ctx.text[ctx.toks[a].start..ctx.toks[b].end].to_string())
        })
        .unwrap()
    }

    #[test]
    fn issue14_the_subject_of_an_earlier_clause_of_saying_speaks_for_the_quote() {
        // The quote's clause ("sie sei …") reports; the "dass" clause
        // before it has the verb of saying and its subject.
        assert_eq!(
            speaking("Der Sender will wissen, dass Meier den Gästen gesagt habe, sie sei „nicht willkommen“.")
                .as_deref(),
            Some("Meier")
        );
        // A main clause of saying before it.
        assert_eq!(
            speaking("Die Ministerin erklärte am Abend, der Plan sei „längst gescheitert“.").as_deref(),
            Some("Die Ministerin")
        );
        // The quote's own clause has a verb of saying: none.
        assert_eq!(speaking("„Das ist gut“, sagte der Sprecher am Montag."), None);
        // No clause of saying before it: none.
        assert_eq!(speaking("Die Stadt baute im Sommer, die Brücke sei „zu teuer“."), None);
        // A formal subject names no one.
        assert_eq!(
            speaking("Auf der Seite heißt es, der Plan sei „längst gescheitert“."),
            None
        );
    }

    #[test]
    fn issue14_a_participle_formed_from_a_lemma_of_saying_beside_an_auxiliary() {
        // "gefragt" is no [verbs] form; "ge" + "frag" + "t" from "fragen".
        assert_eq!(
            speaking("Die Zeitung meldet, dass Lehmann den Jungen gefragt habe, ob er „allein“ sei.").as_deref(),
            Some("Lehmann")
        );
        assert_eq!(
            speaking("Bekannt wurde, dass die Gewerkschaft höhere Löhne gefordert hatte, sie seien „überfällig“.")
                .as_deref(),
            Some("die Gewerkschaft")
        );
        // A participle of no verb of saying ("gebaut"): none.
        assert_eq!(
            speaking("Bekannt wurde, dass die Firma ein Haus gebaut hatte, es sei „zu groß“."),
            None
        );
    }

    #[test]
    fn past_participles_come_from_the_lemmas_of_saying() {
        with_site_in("de", "Er sagte: „Ja“.", |ctx, _| {
            for w in ["gefragt", "gefordert", "geantwortet", "gewarnt"] {
                assert!(participle_of_saying(ctx, w), "{w}");
            }
            for w in ["gebaut", "gefragte", "ge", "gt", "fragt"] {
                assert!(!participle_of_saying(ctx, w), "{w}");
            }
        })
        .unwrap();
    }
}
