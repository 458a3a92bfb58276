//! The simulator's tests: determinism, truth spans, datelines, edits and
//! each issue-13 pattern.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::draw::COMMON_PHRASES;
use super::edits::{
    bracket, dash, edit, elide, hyphenate, partial_cut, passage_windows, split_point, statement_pieces, WEAK,
};
use super::outlets::{dateline, EPOCH};
use super::pool::has_marks;
use super::*;
use crate::article::{analyse, Analysed, Language};
use crate::corpus::Article;
use crate::grammar::Grammar;

fn sources() -> Vec<Article> {
    let texts = [
        "Prices rose again in the spring across the whole region.\n\n\"We will not raise taxes on working families this year,\" Jane Doe said.\n\nThe council met on the third floor of the old town hall building.",
        "The club has won four of its last five games at home this season.\n\n\"The team played with great spirit and deserved the win today,\" John Smith said.\n\nFans gathered outside the ground long before the match started.",
        "Ministers are expected to publish the report later this month in full.\n\nMary Jones said: \"Nobody expected the figures to be quite so bad for the industry.\"\n\nThe industry employs thousands of people in the northern towns.",
    ];
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Article {
            id: format!("s{i}"),
            text: t.to_string(),
            title: Some(format!("Story number {i}")),
            body_only: true,
            ..Article::default()
        })
        .collect()
}

fn small_pool() -> Pool {
    let src = sources();
    let lang = Language::builtin("en").unwrap();
    let an: Vec<Analysed> = src.iter().map(|a| analyse(a, None, &lang)).collect();
    pool(&src, &an)
}

#[test]
fn the_pool_takes_named_statements_and_plain_sentences() {
    let p = small_pool();
    assert_eq!(p.quotes.len(), 3, "{:?}", p.quotes);
    assert_eq!(p.quotes[0].speaker, "Jane Doe");
    assert_eq!(p.quotes[0].words.first().map(String::as_str), Some("We"));
    assert!(p.fillers.iter().all(|f| !has_marks(f)));
    assert!(p.fillers.len() >= 6);
}

#[test]
fn the_same_seed_gives_the_same_corpus_and_another_seed_another() {
    let p = small_pool();
    let cfg = Config {
        articles: 40,
        outlets: 5,
        ..Config::default()
    };
    let a = simulate(&p, &cfg);
    let b = simulate(&p, &cfg);
    assert_eq!(a.articles, b.articles);
    assert_eq!(a.truth, b.truth);
    let c = simulate(&p, &Config { seed: 2, ..cfg });
    assert_ne!(a.articles, c.articles);
}

#[test]
fn truth_spans_hold_the_quoted_words_and_sources_are_earlier() {
    let p = small_pool();
    let sim = simulate(
        &p,
        &Config {
            articles: 60,
            outlets: 4,
            ..Config::default()
        },
    );
    let text: std::collections::HashMap<&str, &str> =
        sim.articles.iter().map(|a| (a.id.as_str(), a.text.as_str())).collect();
    let time: std::collections::HashMap<&str, &str> = sim
        .truth
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.time.as_str()))
        .collect();
    let by_id: std::collections::HashMap<&str, &TruthOccurrence> =
        sim.truth.occurrences.iter().map(|o| (o.id.as_str(), o)).collect();
    assert!(sim.truth.occurrences.iter().any(|o| o.source.is_some()));
    for o in &sim.truth.occurrences {
        assert_eq!(&text[o.article.as_str()][o.start..o.end], o.text);
        if let Some(s) = &o.source {
            let s = by_id[s.as_str()];
            assert_eq!(s.family, o.family);
            assert!(time[s.article.as_str()] < time[o.article.as_str()]);
        }
    }
    // Undated articles say no date anywhere a tool would read one.
    let g = Grammar::builtin("en").unwrap();
    for (a, t) in sim.articles.iter().zip(&sim.truth.articles) {
        assert_eq!(crate::meta::infer(&a.text, &g).published, t.published, "{}", a.text);
    }
}

#[test]
fn every_dateline_reads_back_as_its_publication_time() {
    let t = EPOCH + 5 * 86_400 + 13 * 3600 + 7 * 60;
    for style in [
        Dateline::IsoMinute,
        Dateline::MonthDayTime,
        Dateline::DayMonth,
        Dateline::Slashed,
    ] {
        let (line, iso) = dateline(style, t, "LONDON");
        assert_eq!(crate::meta::parse_date(&line).as_deref(), Some(iso.as_str()), "{line}");
    }
    assert_eq!(dateline(Dateline::IsoMinute, t, "X").1, "2024-03-06T13:07");
}

#[test]
fn respellings_are_transliterations_the_name_matcher_accepts() {
    assert_eq!(respell("Leonid Slutsky"), "Leonid Sluzki");
    assert_eq!(respell("Gordon Brown"), "Gordon Brovn");
    for name in ["Leonid Slutsky", "Gordon Brown", "Tony Blair", "Jane Doe"] {
        let r = respell(name);
        assert_ne!(r, name);
        assert!(crate::provenance::names::same_speaker(name, &r), "{name} / {r}");
    }
}

#[test]
fn edits_change_the_words_and_say_how() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let vocab = vec!["harbour".to_string(), "license".to_string()];
    let base: Vec<String> = "The 12 ships will leave the port before the end of May, officials said"
        .split(' ')
        .map(str::to_string)
        .collect();
    let mut seen = HashSet::new();
    for _ in 0..200 {
        let mut w = base.clone();
        let (kind, n) = edit(&mut w, 3, &vocab, &mut rng);
        assert!(n >= 1);
        assert_ne!(w, base, "{kind}");
        seen.insert(kind);
    }
    for k in ["number", "negation", "truncation", "deletion", "substitution"] {
        assert!(seen.contains(k), "{k} never happened: {seen:?}");
    }
}

fn toks(s: &str) -> Vec<String> {
    s.split(' ').map(str::to_string).collect()
}

/// A pool of persons' lines long enough for every pattern (also the
/// provenance scorer's test pool).
pub(crate) fn person_pool() -> Pool {
    let q = |s: &str, who: &str| PoolQuote {
        words: toks(s),
        speaker: who.to_string(),
    };
    Pool {
        quotes: vec![
            q(
                "We will not raise taxes on working families this year, and we will not raise them next year either",
                "Jane Doe",
            ),
            q(
                "The team played with great spirit. They deserved the win today and he knows it",
                "John Smith",
            ),
            q(
                "Nobody expected the figures to be quite so bad for the industry, least of all the ministers",
                "Mary Jones",
            ),
            q(
                "Our harbour will reopen as soon as the water is safe again. We do not know when that will be",
                "Ana Ruiz",
            ),
            q(
                "The long-term plan is sound but it is not yet funded, and the council cannot wait much longer",
                "Paul Green",
            ),
            q(
                "I am proud of what the players did on the pitch tonight, they gave everything they had",
                "Linda Park",
            ),
        ],
        fillers: vec!["The council met on the third floor of the old town hall building.".into()],
        titles: vec!["News of the day".into()],
        vocab: vec!["harbour".into(), "really".into()],
    }
}

/// Only the patterns asked for, at the shares given.
fn only(set: &[(&str, f64)], articles: usize, seed: u64) -> Config {
    let mut cfg = Config {
        articles,
        outlets: 4,
        seed,
        ..Config::default()
    }
    .without_patterns();
    for (name, share) in set {
        cfg.set_pattern(&format!("{name}={share}")).unwrap();
    }
    cfg
}

fn paragraph_of<'a>(sim: &'a Simulated, o: &TruthOccurrence) -> &'a str {
    let text = &sim.articles.iter().find(|a| a.id == o.article).unwrap().text;
    let start = text[..o.start].rfind("\n\n").map_or(0, |i| i + 2);
    let end = text[o.end..].find("\n\n").map_or(text.len(), |i| o.end + i);
    &text[start..end]
}

#[test]
fn issue13_interrupted_quotes_are_two_lines_around_the_attribution_and_copied_apart() {
    assert_eq!(
        split_point(&toks("The team played with great spirit. They deserved the win today")),
        Some(6)
    );
    // No sentence break: a comma near the middle.
    assert_eq!(
        split_point(&toks("Our harbour will reopen soon, as the water is safe again")),
        Some(5)
    );
    assert_eq!(split_point(&toks("Too short, to split at all")), None);
    let sim = simulate(&person_pool(), &only(&[("interrupted", 1.0)], 80, 5));
    let fams: HashMap<&str, &TruthFamily> = sim.truth.families.iter().map(|f| (f.id.as_str(), f)).collect();
    let originals: Vec<&TruthOccurrence> = sim
        .truth
        .occurrences
        .iter()
        .filter(|o| o.op == "original" && fams[o.family.as_str()].pattern.as_deref() == Some("interrupted"))
        .collect();
    assert!(originals.len() >= 4, "{}", originals.len());
    for pair in originals.chunks(2) {
        let [a, b] = pair else { panic!("parts come in pairs") };
        assert_eq!(a.article, b.article);
        assert_ne!(a.family, b.family, "each part is a line of its own");
        let para = paragraph_of(&sim, a);
        assert_eq!(para, paragraph_of(&sim, b), "both parts in one paragraph");
        assert!(para.contains(&format!("{} said", a.speaker)), "{para}");
    }
    // A copy of a part carries that part only.
    let copies: Vec<&TruthOccurrence> = sim
        .truth
        .occurrences
        .iter()
        .filter(|o| o.source.is_some() && fams[o.family.as_str()].pattern.as_deref() == Some("interrupted"))
        .collect();
    assert!(!copies.is_empty());
    let by_id: HashMap<&str, &TruthOccurrence> = sim.truth.occurrences.iter().map(|o| (o.id.as_str(), o)).collect();
    let norm = |s: &str| -> Vec<String> { crate::normalize::words(s).into_iter().map(|w| w.norm).collect() };
    for c in copies.iter().filter(|c| c.op == "verbatim") {
        assert_eq!(norm(&c.text), norm(&by_id[c.source.as_deref().unwrap()].text));
    }
}

#[test]
fn issue13_windows_overlap_by_eight_words_or_more_and_none_holds_another() {
    let p = person_pool();
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    for k in 0..20 {
        let parts = [p.quotes[k % 6].clone(), p.quotes[(k + 1) % 6].clone()];
        let (words, cuts) = passage_windows(&parts, &mut rng);
        assert!(cuts.len() >= 2);
        for (i, &(s1, e1)) in cuts.iter().enumerate() {
            for &(s2, e2) in &cuts[i + 1..] {
                assert!(s1 != s2 && e1 != e2, "neither window holds the other");
                assert!(e1.min(e2) - s1.max(s2) >= 8, "{s1}..{e1} {s2}..{e2} of {}", words.len());
            }
        }
    }
    let sim = simulate(&p, &only(&[("windows", 0.3)], 60, 2));
    let windows = sim.truth.occurrences.iter().filter(|o| o.op == "window").count();
    assert!(windows >= 10, "{windows}");
    for f in sim
        .truth
        .families
        .iter()
        .filter(|f| f.pattern.as_deref() == Some("window"))
    {
        assert!(f.wire, "a window copies no one");
    }
}

#[test]
fn issue13_statements_are_quoted_piecemeal_in_one_family() {
    let p = person_pool();
    let (words, cuts) = statement_pieces(&p.quotes[..3]);
    let s = |(a, b): (usize, usize)| words[a..b].join(" ");
    assert!(s(cuts[0]).starts_with("We will not raise taxes") && s(cuts[0]).ends_with("he knows it."));
    assert!(s(cuts[1]).starts_with("The team played") && s(cuts[1]).ends_with("the ministers."));
    assert!(s(cuts[2]).starts_with("Nobody expected"));
    let sim = simulate(&p, &only(&[("piecemeal", 0.3)], 60, 3));
    let mut by_family: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
    for o in sim.truth.occurrences.iter().filter(|o| o.op == "piece") {
        assert!(o.source.is_none() && o.fragment);
        by_family.entry(o.family.as_str()).or_default().insert(o.text.as_str());
    }
    assert!(by_family.values().any(|pieces| pieces.len() >= 2), "{by_family:?}");
}

#[test]
fn issue13_variants_change_hyphens_dashes_elisions_and_brackets() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut w = toks("It was locker-room talk, nothing more");
    assert!(hyphenate(&mut w, &mut rng));
    assert_eq!(w.join(" "), "It was locker room talk, nothing more");
    let mut w = toks("We do not want it, he said");
    assert!(elide(&mut w, &mut rng));
    assert_eq!(w.join(" "), "We don't want it, he said");
    let mut w = toks("Don't go");
    assert!(elide(&mut w, &mut rng));
    assert_eq!(w.join(" "), "Do not go");
    let mut w = toks("I'm sure");
    assert!(elide(&mut w, &mut rng));
    assert_eq!(w.join(" "), "I am sure");
    for _ in 0..10 {
        let mut w = toks("It was good — and fast");
        assert!(dash(&mut w, &mut rng));
        assert_ne!(w.join(" "), "It was good — and fast");
        assert_eq!(w.len(), 6);
    }
    let mut w = toks("It was good, and fast");
    assert!(dash(&mut w, &mut rng));
    assert!(!w.join(" ").contains(','), "{w:?}");
    let mut w = toks("I told him so");
    assert!(bracket(&mut w, &["Donald Trump".to_string()], &mut rng));
    assert_eq!(w.join(" "), "I told him [Donald Trump] so");
    let mut w = toks("Nothing to change here");
    assert!(!bracket(&mut w, &["Donald Trump".to_string()], &mut rng) && !elide(&mut w, &mut rng));
    // In a corpus: variant copies are copies, with what was done said.
    let sim = simulate(&person_pool(), &only(&[("variants", 1.0)], 60, 4));
    let variants: Vec<&TruthOccurrence> = sim.truth.occurrences.iter().filter(|o| o.op == "variant").collect();
    assert!(variants.len() >= 10);
    for v in variants {
        assert!(v.source.is_some() && v.edits == 0 && !v.changes.is_empty());
        assert!(v
            .changes
            .iter()
            .all(|c| ["hyphen", "dash", "elision", "bracket"].contains(&c.as_str())));
    }
}

#[test]
fn issue13_partials_are_two_to_five_words_of_the_line_inside_a_sentence() {
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    let line = toks("We will not raise taxes on working families this year, and we will not raise them");
    for _ in 0..50 {
        let cut = partial_cut(&line, &mut rng).expect("a cut");
        assert!((2..=5).contains(&cut.len()), "{cut:?}");
        let (first, last) = (cut[0].to_lowercase(), cut[cut.len() - 1].to_lowercase());
        assert!(
            !WEAK.contains(&first.as_str()) && !WEAK.contains(&last.as_str()),
            "{cut:?}"
        );
        assert!(!cut.concat().contains(','), "{cut:?}");
    }
    let sim = simulate(&person_pool(), &only(&[("partials", 1.0)], 60, 6));
    let partials: Vec<&TruthOccurrence> = sim.truth.occurrences.iter().filter(|o| o.op == "partial").collect();
    assert!(partials.len() >= 10);
    let by_id: HashMap<&str, &TruthOccurrence> = sim.truth.occurrences.iter().map(|o| (o.id.as_str(), o)).collect();
    for p in partials {
        assert!(p.fragment);
        let src = by_id[p.source.as_deref().unwrap()];
        assert_eq!(src.family, p.family);
        assert_ne!(src.op, "partial", "a partial is not copied on");
        let para = paragraph_of(&sim, p);
        // Inside the writer's sentence: no comma or stop before the close.
        assert!(
            !para.contains(&format!("{},", p.text)) || para.contains("The move was"),
            "{para}"
        );
    }
}

#[test]
fn issue13_common_phrases_are_a_family_per_use() {
    let sim = simulate(&person_pool(), &only(&[("common", 0.3)], 80, 7));
    let common: Vec<&TruthFamily> = sim
        .truth
        .families
        .iter()
        .filter(|f| f.pattern.as_deref() == Some("common"))
        .collect();
    assert!(common.len() >= 20);
    assert!(common.iter().all(|f| f.occurrences.len() == 1));
    let mut said: HashMap<&str, usize> = HashMap::new();
    for f in &common {
        assert!(COMMON_PHRASES.contains(&f.original.as_str()));
        *said.entry(f.original.as_str()).or_insert(0) += 1;
    }
    assert!(said.values().any(|&n| n >= 2), "one phrase said twice, apart");
}

#[test]
fn issue13_misattributions_credit_another_person_and_copies_follow_them() {
    let sim = simulate(&person_pool(), &only(&[("misattributed", 0.5)], 80, 8));
    let fams: HashMap<&str, &TruthFamily> = sim.truth.families.iter().map(|f| (f.id.as_str(), f)).collect();
    let by_id: HashMap<&str, &TruthOccurrence> = sim.truth.occurrences.iter().map(|o| (o.id.as_str(), o)).collect();
    let planted: Vec<&TruthOccurrence> = sim
        .truth
        .occurrences
        .iter()
        .filter(|o| o.changes.iter().any(|c| c == "misattribution"))
        .collect();
    assert!(planted.len() >= 5);
    for o in &planted {
        let said_by = &fams[o.family.as_str()].speaker;
        assert!(o.misattributed);
        assert!(crate::provenance::names::is_person_name(&o.speaker), "{}", o.speaker);
        assert!(!crate::provenance::names::same_speaker(&o.speaker, said_by));
        assert!(crate::normalize::words(&o.text).len() >= 8);
    }
    // A copy of a misattributed copy carries the misattribution on.
    for o in &sim.truth.occurrences {
        if let Some(s) = &o.source {
            if by_id[s.as_str()].misattributed {
                assert!(o.misattributed, "{}", o.id);
            }
        }
    }
    assert!(sim
        .truth
        .occurrences
        .iter()
        .any(|o| o.misattributed && !o.changes.iter().any(|c| c == "misattribution")));
}

#[test]
fn issue13_without_patterns_no_pattern_is_drawn_and_with_them_all_are() {
    let p = person_pool();
    let off = simulate(
        &p,
        &Config {
            articles: 200,
            outlets: 5,
            ..Config::default()
        }
        .without_patterns(),
    );
    assert!(off.truth.families.iter().all(|f| f.pattern.is_none()));
    assert!(off
        .truth
        .occurrences
        .iter()
        .all(|o| ["original", "verbatim", "fragment", "drift", "wire"].contains(&o.op.as_str()) && !o.misattributed));
    let on = simulate(
        &p,
        &Config {
            articles: 200,
            outlets: 5,
            ..Config::default()
        },
    );
    for op in ["variant", "partial", "window", "piece"] {
        assert!(on.truth.occurrences.iter().any(|o| o.op == op), "no {op}");
    }
    for pattern in ["interrupted", "window", "piecemeal", "common"] {
        assert!(
            on.truth.families.iter().any(|f| f.pattern.as_deref() == Some(pattern)),
            "no {pattern}"
        );
    }
    assert!(on.truth.occurrences.iter().any(|o| o.misattributed));
}

#[test]
fn pattern_shares_are_set_by_name_and_checked() {
    let mut cfg = Config::default();
    cfg.set_pattern("common=0.2").unwrap();
    assert_eq!(cfg.common, 0.2);
    assert!(cfg.set_pattern("common=2").is_err());
    assert!(cfg.set_pattern("nonsense=0.1").is_err());
    assert!(cfg.set_pattern("common").is_err());
    assert!(cfg.set_pattern("windows=0.9").is_err(), "slots over 1");
}

/// Issue 4 (truth that a linker can be held to): once the pool is spent,
/// new lines used to blend two quotes' halves, so that a line and every
/// later line drawn on the same quote shared ten words in a row while the
/// truth called them unrelated. Lines past the pool share no run of eight
/// words with each other or with the pool.
#[test]
fn issue4_lines_past_the_pool_share_no_run_of_eight() {
    let quotes: Vec<PoolQuote> = (0..60)
        .map(|q| PoolQuote {
            words: (0..20).map(|k| format!("w{q}x{k}")).collect(),
            speaker: format!("Speaker {q}"),
        })
        .collect();
    let pool = Pool {
        quotes,
        ..Pool::default()
    };
    let order: Vec<usize> = (0..60).rev().collect();
    let mut next = 0;
    let lines: Vec<PoolQuote> = (0..260).map(|_| super::pool::fresh(&pool, &order, &mut next)).collect();
    for (i, line) in lines[..60].iter().enumerate() {
        assert_eq!(line, &pool.quotes[order[i]], "the pool comes first, as it was");
    }
    let runs = |words: &[String]| -> HashSet<String> { words.windows(8).map(|w| w.join(" ")).collect() };
    let mut seen: HashSet<String> = pool.quotes.iter().flat_map(|q| runs(&q.words)).collect();
    for line in &lines[60..] {
        assert_eq!(line.words.len(), 20);
        let these = runs(&line.words);
        assert!(
            these.is_disjoint(&seen),
            "{:?} repeats eight words of an earlier line",
            line.words
        );
        seen.extend(these);
    }
}
