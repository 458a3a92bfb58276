//! The features the speaker ranker reads of each candidate: who proposed
//! it, where it stands from the quote, what sort of phrase it is, its
//! place in the clause that holds or introduces the quote, its words,
//! and what it resolves to.

use super::candidates::{CITED, CLAUSE};
use super::{gap, Candidate};
use crate::extract::fields::{Governing, Reports};
use crate::extract::frames::{possessive, Class, Ctx};
use crate::extract::kinds::Sink;
use crate::extract::reporting::Source;
use crate::extract::resolve::{Mentions, NameKind};
use crate::extract::sieves::Site;
use crate::extract::tokens::Tok;
use crate::extract::words::{after_preposition, verb_like};

fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3 | 4 => "3-4",
        5..=8 => "5-8",
        9..=16 => "9-16",
        17..=32 => "17-32",
        _ => "33+",
    }
}

/// A side and a [`bucket`] of sentences in one word ("before0"), without
/// allocating.
fn place(before: bool, sentences: usize) -> &'static str {
    const BEFORE: [&str; 8] = [
        "before0",
        "before1",
        "before2",
        "before3-4",
        "before5-8",
        "before9-16",
        "before17-32",
        "before33+",
    ];
    const AFTER: [&str; 8] = [
        "after0",
        "after1",
        "after2",
        "after3-4",
        "after5-8",
        "after9-16",
        "after17-32",
        "after33+",
    ];
    let i = match sentences {
        0..=2 => sentences,
        3 | 4 => 3,
        5..=8 => 4,
        9..=16 => 5,
        17..=32 => 6,
        _ => 7,
    };
    if before {
        BEFORE[i]
    } else {
        AFTER[i]
    }
}

/// What sort of phrase a candidate is.
fn sort(ctx: &Ctx, ms: &Mentions, (a, b): (usize, usize)) -> &'static str {
    if a == b && ctx.class(a) == Class::Pronoun {
        return "pronoun";
    }
    match ms.kind_within(a, b) {
        Some(NameKind::Named) => "named",
        Some(NameKind::Person) => "person",
        Some(NameKind::Org) => "org",
        Some(NameKind::Bare) => "bare",
        None if (a..=b).any(|i| ctx.class(i) == Class::Role) => "role",
        None if ctx.class(a) == Class::Det => "description",
        None => "other",
    }
}

/// What is known of a candidate beyond its phrase.
#[derive(Debug, Clone, Copy, Default)]
pub(in crate::extract) struct Facts<'a> {
    /// What the phrase resolves to.
    pub canonical: Option<&'a str>,
    /// The speaker chosen for the quote before.
    pub previous: Option<&'a str>,
    /// Whether the rule chain chose anyone.
    pub any_rule: bool,
    /// It resolves to whom the rule chain's choice resolves to.
    pub agrees: bool,
    /// How many proposers (frame, neighbour, sieves) named whom it
    /// resolves to, through any phrase.
    pub votes: usize,
    /// What the clause that holds or introduces the quote says of its
    /// source, in a verb-second language (`fields::read`).
    pub clause: Option<Governing>,
    /// The subject of the nearest clause of saying before the quote's,
    /// where the quote's own has no verb of saying
    /// (`fields::speaking_subject`).
    pub speaking: Option<(usize, usize)>,
    /// The source of the reported run the quote's sentence continues
    /// (`reporting::source`).
    pub reporting: Option<Source>,
}

/// The features of candidate `c` of the quote at `site`.
pub(in crate::extract) fn features(
    ctx: &Ctx,
    ms: &Mentions,
    site: &Site,
    c: &Candidate,
    facts: &Facts,
    out: &mut dyn Sink,
) {
    let (a, b) = c.span;
    let sort = sort(ctx, ms, c.span);
    out.add("sort", sort);
    if !facts.any_rule {
        out.add("norule", sort);
    }
    if facts.agrees {
        out.add("agrees", sort);
    }
    out.add("votes", bucket(facts.votes));
    for by in &c.by {
        out.add("by", by);
        out.add_pair("by-sort", by, sort);
    }
    // Each of [`cited`]'s sources proposes a few candidates a corpus (26
    // in all of GermEval train), too few for a weight of its own; one
    // feature for all of them is learned from all (issue 14, session 31).
    if c.by.iter().any(|by| CITED.contains(by)) {
        out.add("by", "cited");
    }
    if c.by.iter().any(|by| CLAUSE.contains(by)) {
        out.add("by", "clause");
    }
    if c.by.iter().any(|by| crate::extract::roles::ROLES.contains(by)) {
        out.add("by", "role");
    }
    if c.by.len() > 1 {
        out.add("proposers", bucket(c.by.len()));
    }
    // Where it stands: before or after, how far, across how many
    // sentence and paragraph ends.
    let (before, from, to) = gap(site.first, site.last, c.span);
    let side = if before { "before" } else { "after" };
    let between = &ctx.toks[from.min(to)..to.max(from)];
    let sentences = between.iter().filter(|t| t.ends_sentence()).count();
    let paras = between.iter().filter(|t| t.kind == Tok::Para).count();
    let dist = bucket(to.saturating_sub(from));
    out.add("side", side);
    out.add("dist", dist);
    out.add(side, dist);
    out.add("sentences", bucket(sentences));
    out.add("paras", bucket(paras));
    out.add_pair("where", side, bucket(sentences));
    out.add_pair("sort-where", sort, place(side == "before", sentences));
    // A noun of saying and its owner in the quote's sentence ("nach
    // *Aussagen des Amtes*"), which GermEval marks as the speaker
    // (issue 14, session 41).
    if sentences == 0 && super::acts::owned_act(ctx, c.span) {
        out.add("speech", "act-owned");
        out.add_pair("speech", "act-owned", side);
    }
    // Its place in its clause: a subject before a verb, not after a
    // preposition nor a possessor.
    if b + 1 < ctx.toks.len() && ctx.toks[b + 1].is_word() {
        if ctx.is_verb(b + 1) {
            out.add("then", "speech-verb");
        } else if verb_like(ctx, b + 1) {
            out.add("then", "verb");
        }
    }
    if a > 0 && ctx.toks[a - 1].is_word() && ctx.is_verb(a - 1) {
        out.add("after", "speech-verb");
    }
    if after_preposition(ctx, a) {
        out.add("after", "preposition");
    }
    if possessive(ctx.word(b)) {
        out.add("possessive", "");
    }
    if (a..=b).any(|i| ctx.toks[i].kind == Tok::Punct(',')) {
        out.add("apposition", "");
    }
    out.add("words", bucket(b - a + 1));
    if let Some(g) = &facts.clause {
        clause(ctx, c.span, g, out);
    }
    if facts.speaking.is_some_and(|(x, y)| x <= a && b <= y) {
        out.add("clause", "speaking-subject");
    }
    if let Some(s) = &facts.reporting {
        reporting_source(c.span, s, out);
    }
    words(ctx, c.span, facts.canonical, out);
    // What it resolves to.
    match facts.canonical {
        None => out.add("unresolved", sort),
        Some(name) => {
            out.add("salience", bucket(ms.count(name)));
            if facts.previous == Some(name) {
                out.add("previous", sort);
            }
        }
    }
}

/// Where a candidate stands in the clause that holds or introduces the
/// quote (issue 14, session 39): inside its subject, by how its verb
/// reports ("*Die Menge* skandierte Parolen wie „…“", "„…“, wird *der
/// Franzose* zitiert"), not where the subject is a formal one ("*es*
/// hieß"); with a quoting verb, the one it quotes ("zitiert die Zeitung
/// *den Minister*") and its subject, the medium; and a phrase fronted
/// before the verb where the subject follows it ("*In dem Streit* sieht
/// Weber einen „…“", session 41), the place of a medium or an addressee
/// rather than of who speaks.
fn clause(ctx: &Ctx, (a, b): (usize, usize), g: &Governing, out: &mut dyn Sink) {
    let within = |(x, y): (usize, usize)| x <= a && b <= y;
    if g.fronted.is_some_and(within) {
        out.add("clause", "fronted");
    }
    if g.quoted.is_some_and(within) {
        out.add("clause", "quoted-object");
    }
    if !within(g.subject) {
        return;
    }
    if g.quoted.is_some() {
        out.add("clause", "quoting-subject");
        return;
    }
    let s = g.subject.0;
    if ctx.toks[s].is_word() && ctx.class(s) == Class::Pronoun && ctx.flags(s) & crate::grammar::lex::STOPCAP != 0 {
        return;
    }
    out.add(
        "clause",
        match g.reports {
            Reports::Speech => "subject-speech",
            Reports::Reported => "subject-reported",
            Reports::Other => "subject-other",
        },
    );
}

/// A candidate inside the source of the reported run the quote's
/// sentence continues (issue 14, session 40): "An der Debatte beteiligte
/// sich *die Bürgermeisterin*. Jeder Haushalt könne „…“", by whether a
/// verb of saying or a source phrase named it.
fn reporting_source((a, b): (usize, usize), s: &Source, out: &mut dyn Sink) {
    let (x, y) = s.span;
    if !(x <= a && b <= y) {
        return;
    }
    out.add(
        "clause",
        if s.speech {
            "reporting-speech"
        } else {
            "reporting-other"
        },
    );
}

/// What the words of a candidate are: a listed first name (in the phrase
/// or in the name it resolves to, "Gusmão" being "Xanana Gusmão"), how its head
/// word is classed (a plain noun of the article, a name word, a role), how
/// that head word ends ("-ung", "-heit": the endings of German abstract
/// nouns, learned rather than listed), whether a number stands before it
/// ("37 Prozent", "20. Juli"), and what stands around it. These matter
/// where every noun is capitalised (issue 14, German).
fn words(ctx: &Ctx, (a, b): (usize, usize), canonical: Option<&str>, out: &mut dyn Sink) {
    // Only a capitalised word: the US list holds "Von", "Will" and "See".
    // The grammar's own first names count here too (German's: the US
    // list lacks "Gerhard" and "Klaus"); the ranker weighs them, while
    // the rule chain and mentions keep the US list, which measured better
    // for them (issue 14, session 26). A grammar's `not-first-names` are
    // its own words there: German "Juli" is a US first name.
    let named = |i: usize| {
        ctx.toks[i].is_word()
            && ctx.word(i).starts_with(char::is_uppercase)
            && ctx.class(i) == Class::Cap
            && (ctx.first_name(i).is_some() || ctx.g.first_names.is_some() && ctx.g.first_name(ctx.word(i)).is_some())
            && !ctx.g.not_first_names.contains(ctx.lower(i))
    };
    let resolves_to_named = || {
        ctx.g.first_names.is_some()
            && canonical.is_some_and(|name| {
                name.split(' ').any(|w| {
                    w.starts_with(char::is_uppercase)
                        && ctx.g.first_name(w).is_some()
                        && !ctx.g.not_first_names.contains(&w.to_lowercase())
                })
            })
    };
    if (a..=b).any(named) || resolves_to_named() {
        out.add("first-name", "");
    }
    out.add("head-class", class_name(ctx.class(b)));
    out.add("first-class", class_name(ctx.class(a)));
    let head = ctx.lower(b);
    let cut = head.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
    out.add("head-end", &head[cut..]);
    if a > 0 && ctx.word(a - 1).starts_with(|c: char| c.is_ascii_digit()) {
        out.add("number-before", "");
    }
    // In a verb-second language the subject may stand right after any
    // verb ("lehnt *er* ab"); a colon after a phrase leads a quote in.
    if a > 0 && crate::extract::words::verb_like(ctx, a - 1) {
        out.add("after-verb", class_name(ctx.class(b)));
    }
    if ctx.toks.get(b + 1).is_some_and(|t| t.kind == Tok::Punct(':')) {
        out.add("colon-after", "");
    }
    // The word before: an article, a preposition, a verb.
    if a > 0 && ctx.toks[a - 1].is_word() {
        out.add("prev-word", ctx.lower(a - 1));
    }
}

fn class_name(c: Class) -> &'static str {
    match c {
        Class::Pronoun => "pronoun",
        Class::Title => "title",
        Class::Det => "det",
        Class::Modifier => "modifier",
        Class::Role => "role",
        Class::Cap => "cap",
        Class::Connector => "connector",
        Class::Plain => "plain",
        Class::Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::sieves::tests::{with_site, with_site_in};
    use crate::extract::speakers::candidates::tests::proposes;
    use crate::extract::speakers::reporting;

    #[test]
    fn issue14_features_say_who_proposed_a_candidate_and_where_it_stands() {
        let feats = with_site("Jane Roe said the plan was “a good deal”.", |ctx, site| {
            let ms = Mentions::new(ctx);
            let c = Candidate {
                span: (0, 1),
                by: vec!["rule", "verb-subject"],
            };
            let mut named = crate::extract::kinds::Named::default();
            let facts = Facts {
                canonical: Some("Jane Roe"),
                any_rule: true,
                votes: 1,
                ..Facts::default()
            };
            features(ctx, &ms, site, &c, &facts, &mut named);
            named.0
        })
        .unwrap();
        for f in [
            "by=rule",
            "by=verb-subject",
            "side=before",
            "sentences=0",
            "then=speech-verb",
            "votes=1",
        ] {
            assert!(feats.iter().any(|x| x == f), "{f} not in {feats:?}");
        }
    }

    /// The features of the German phrase at `span` of `text`, proposed
    /// by `by`, as a candidate for the first quote.
    fn german_features(text: &'static str, span: (usize, usize), by: Vec<&'static str>) -> Vec<String> {
        with_site_in("de", text, move |ctx, site| {
            let ms = Mentions::new(ctx);
            let c = Candidate { span, by };
            let mut named = crate::extract::kinds::Named::default();
            features(ctx, &ms, site, &c, &Facts::default(), &mut named);
            named.0
        })
        .unwrap()
    }

    #[test]
    fn issue14_every_german_cited_source_shares_one_feature() {
        // Invented. Tokens: Laut(0) Polizei(1) …: "Polizei" is proposed by
        // `laut`; the feature all cited sources share is learned from the
        // few each proposes, and a mention has no share in it.
        let feats = |by| german_features("Laut Polizei sei der Mann „sehr ruhig“ gewesen.", (1, 1), by);
        let f = feats(vec!["laut", "mention"]);
        assert!(
            f.iter().any(|x| x == "by=cited") && f.iter().any(|x| x == "by=laut"),
            "{f:?}"
        );
        let f = feats(vec!["mention"]);
        assert!(!f.iter().any(|x| x == "by=cited"), "{f:?}");
    }

    /// The features [`words`] gives the phrase `a..=b` of `text`.
    fn word_features(text: &str, (a, b): (usize, usize)) -> Vec<String> {
        with_site(text, |ctx, _| {
            let mut named = crate::extract::kinds::Named::default();
            words(ctx, (a, b), None, &mut named);
            named.0
        })
        .unwrap()
    }

    #[test]
    fn issue14_word_features_tell_a_first_name_a_number_and_a_noun_ending() {
        // Tokens: Jane(0) Roe(1) won(2) 37(3) Percent(4) said(5) ...
        let text = "Jane Roe won 37 Percent said the “report”.";
        let f = word_features(text, (0, 1));
        assert!(f.iter().any(|x| x == "first-name"), "{f:?}");
        assert!(f.iter().any(|x| x == "head-end=roe"), "{f:?}");
        let f = word_features(text, (4, 4));
        assert!(f.iter().any(|x| x == "number-before"), "{f:?}");
        assert!(!f.iter().any(|x| x == "first-name"), "{f:?}");
        // A lowercase word is no first name, though "Will" is one.
        let f = word_features("Roe will go, said the “report”.", (1, 1));
        assert!(!f.iter().any(|x| x == "first-name"), "{f:?}");
    }

    #[test]
    fn issue14_a_german_subject_after_any_finite_verb_is_marked() {
        // Invented. Tokens: Im(0) Verfahren(1) sieht(2) Berger(3): "sieht"
        // is no verb of saying, but its "-t" makes it a finite verb in
        // German (`verb-endings`), and the subject of a verb-second clause
        // stands right after it.
        let f = with_site_in(
            "de",
            "Im Verfahren sieht Berger einen „klaren Angriff“.",
            |ctx, _| {
                let mut named = crate::extract::kinds::Named::default();
                words(ctx, (3, 3), None, &mut named);
                named.0
            },
        )
        .unwrap();
        assert!(f.iter().any(|x| x.starts_with("after-verb=")), "{f:?}");
    }

    #[test]
    fn issue14_a_german_first_name_in_the_phrase_or_in_whom_it_resolves_to_is_marked() {
        // Invented. Tokens: Danach(0) sagte(1) Gerhard(2) Lenz(3) …: the US
        // list lacks "Gerhard", German's own (`first-names = de`) has it;
        // "Lenz" alone is marked when it resolves to "Gerhard Lenz".
        let marked =
            |span, canonical| first_name_marked("Danach sagte Gerhard Lenz, es sei „ein guter Tag“.", span, canonical);
        assert!(marked((2, 3), None));
        assert!(!marked((3, 3), None));
        assert!(marked((3, 3), Some("Gerhard Lenz")));
        assert!(!marked((3, 3), Some("Lenz")));
    }

    /// Whether the German phrase at `span` of `text`, resolving to
    /// `canonical`, has the ranker's `first-name` feature.
    fn first_name_marked(text: &'static str, span: (usize, usize), canonical: Option<&'static str>) -> bool {
        with_site_in("de", text, move |ctx, _| {
            let mut named = crate::extract::kinds::Named::default();
            words(ctx, span, canonical, &mut named);
            named.0.iter().any(|x| x == "first-name")
        })
        .unwrap()
    }

    #[test]
    fn issue14_a_month_is_no_first_name_in_german() {
        // Invented. Tokens: Seit(0) Juli(1) sagte(2) Gerhard(3) Lenz(4) …:
        // the US list holds "Juli", German's `not-first-names` takes it
        // back, in the phrase and in whom it resolves to.
        assert!(crate::grammar::first_name("Juli").is_some());
        let marked = |span, canonical| {
            first_name_marked("Seit Juli sagte Gerhard Lenz, es sei „ein guter Tag“.", span, canonical)
        };
        assert!(!marked((1, 1), None));
        assert!(!marked((4, 4), Some("Juli")));
        assert!(marked((3, 4), None));
    }

    #[test]
    fn issue14_every_german_clause_source_shares_one_feature() {
        // Invented. Tokens: Auf(0) Twitter(1) zeigte(2) sich(3) die(4)
        // Landesregierung(5) …
        let text = "Auf Twitter zeigte sich die Landesregierung bestürzt und nannte den Angriff „feige“.";
        let feats = |by| german_features(text, (4, 5), by);
        let f = feats(vec!["inverted-subject"]);
        assert!(
            f.iter().any(|x| x == "by=clause") && !f.iter().any(|x| x == "by=cited"),
            "{f:?}"
        );
        let f = feats(vec!["mention"]);
        assert!(!f.iter().any(|x| x == "by=clause"), "{f:?}");
    }

    #[test]
    fn issue14_every_german_role_source_shares_one_feature() {
        // Invented. Tokens: In(0) der(1) Zeitung(2) stand(3) …: the
        // medium is a candidate, and it and the opinion's owner share
        // `by=role` (`roles::ROLES`).
        let text = "In der Zeitung stand: „Die Stadt spart.“";
        proposes(text, "der Zeitung", "medium");
        for by in ["medium", "opinion-owner"] {
            let f = german_features(text, (1, 2), vec![by]);
            assert!(
                f.iter().any(|x| x == "by=role") && !f.iter().any(|x| x == "by=clause"),
                "{f:?}"
            );
        }
        let f = german_features(text, (1, 2), vec!["mention"]);
        assert!(!f.iter().any(|x| x == "by=role"), "{f:?}");
    }

    /// The `clause=` features of the German phrase at `span` of `text`,
    /// a candidate for its first quote.
    fn clause_features(text: &'static str, span: (usize, usize)) -> Vec<String> {
        with_site_in("de", text, move |ctx, site| {
            let ms = Mentions::new(ctx);
            let c = Candidate {
                span,
                by: vec!["mention"],
            };
            let mut named = crate::extract::kinds::Named::default();
            let (clause, speaking) = crate::extract::fields::read(ctx, site);
            let facts = Facts {
                reporting: reporting(ctx, site, clause.as_ref()),
                speaking,
                clause,
                ..Facts::default()
            };
            features(ctx, &ms, site, &c, &facts, &mut named);
            named.0.into_iter().filter(|f| f.starts_with("clause=")).collect()
        })
        .unwrap()
    }

    #[test]
    fn issue14_the_subject_of_the_clause_that_holds_a_german_quote_is_marked() {
        // Invented. Tokens: Den(0) Bauern(1) sicherte(2) Ministerin(3)
        // Berg(4) …: the dative opens the clause, the subject follows
        // the verb; "Bauern" is no subject but the phrase fronted before
        // the verb (session 41).
        let text = "Den Bauern sicherte Ministerin Berg am Abend zu, dass sie „nicht allein“ blieben.";
        assert_eq!(clause_features(text, (4, 4)), ["clause=subject-other"]);
        assert_eq!(clause_features(text, (3, 4)), ["clause=subject-other"]);
        assert_eq!(clause_features(text, (1, 1)), ["clause=fronted"]);
        assert_eq!(clause_features(text, (0, 1)), ["clause=fronted"]);
        // „(0) ,(1) sagte(2) der(3) Sprecher(4): a verb of saying.
        assert_eq!(
            clause_features("„Das ist gut“, sagte der Sprecher am Montag.", (3, 4)),
            ["clause=subject-speech"]
        );
        // Es(0) gebe(1) …: a formal subject is no source.
        assert!(clause_features("Es gebe „keinen Grund“ zur Sorge.", (0, 0)).is_empty());
    }

    #[test]
    fn issue14_the_source_of_a_reported_run_is_proposed_and_marked() {
        // Invented. Tokens: An(0) der(1) Debatte(2) beteiligte(3) sich(4)
        // auch(5) die(6) Bürgermeisterin(7) .(8) Jeder(9) Haushalt(10)
        // könne(11) „(12): the Konjunktiv I sentence continues the one
        // before, whose subject is its source, not "Jeder Haushalt".
        let text = "An der Debatte beteiligte sich auch die Bürgermeisterin. Jeder Haushalt könne „mehr sparen“.";
        proposes(text, "die Bürgermeisterin", "reporting");
        assert_eq!(clause_features(text, (7, 7)), ["clause=reporting-other"]);
        assert_eq!(clause_features(text, (9, 10)), ["clause=subject-reported"]);
        // Der(0) Minister(1) erklärte(2): a verb of saying names it.
        let text = "Der Minister erklärte, dass er den Plan unterstütze. Allerdings sei das System „kaputt“.";
        assert_eq!(clause_features(text, (0, 1)), ["clause=reporting-speech"]);
        // A quote with its own verb of saying continues no run.
        let text = "An der Debatte beteiligte sich die Bürgermeisterin. Der Plan sei „kaputt“, sagte ein Sprecher.";
        assert!(clause_features(text, (6, 6)).is_empty());
    }

    #[test]
    fn issue14_a_german_quoting_verb_marks_the_one_it_quotes() {
        // Invented. Tokens: „(0) ,(1) zitiert(2) die(3) Zeitung(4) den(5)
        // Trainer(6).
        let text = "„Das ist gut“, zitiert die Zeitung den Trainer.";
        assert_eq!(clause_features(text, (5, 6)), ["clause=quoted-object"]);
        assert_eq!(clause_features(text, (3, 4)), ["clause=quoting-subject"]);
    }

    #[test]
    fn issue14_the_subject_of_an_earlier_clause_of_saying_is_marked() {
        // Invented. Tokens: Die(0) Zeitung(1) meldet(2) ,(3) dass(4)
        // Lehmann(5) den(6) Jungen(7) gefragt(8) habe(9) ,(10) ob(11)
        // er(12) „(13) …: "gefragt" is read beside "habe".
        let text = "Die Zeitung meldet, dass Lehmann den Jungen gefragt habe, ob er „allein“ sei.";
        assert_eq!(clause_features(text, (5, 5)), ["clause=speaking-subject"]);
        assert!(clause_features(text, (6, 7)).is_empty());
    }

    #[test]
    fn distances_fall_in_buckets() {
        assert_eq!(bucket(0), "0");
        assert_eq!(bucket(4), "3-4");
        assert_eq!(bucket(100), "33+");
        for n in 0..40 {
            assert_eq!(place(true, n), format!("before{}", bucket(n)));
            assert_eq!(place(false, n), format!("after{}", bucket(n)));
        }
    }
}
