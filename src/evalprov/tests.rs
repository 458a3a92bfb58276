use super::*;

#[test]
fn levels_bucket_drift_and_put_fragments_and_wire_apart() {
    assert_eq!(LEVELS[level(0, false, false)], "0");
    assert_eq!(LEVELS[level(3, false, false)], "3");
    assert_eq!(LEVELS[level(5, false, false)], "4-5");
    assert_eq!(LEVELS[level(9, false, false)], "6+");
    assert_eq!(LEVELS[level(2, true, false)], "fragment");
    assert_eq!(LEVELS[level(0, false, true)], "wire");
}

#[test]
fn a_simulated_corpus_scores_end_to_end() {
    use crate::simulate::{simulate, Config, Pool, PoolQuote};
    let q = |s: &str, who: &str| PoolQuote {
        words: s.split(' ').map(str::to_string).collect(),
        speaker: who.to_string(),
    };
    let p = Pool {
        quotes: vec![
            q(
                "We will not raise taxes on working families this year or next",
                "Jane Doe",
            ),
            q(
                "The team played with great spirit and deserved the win today",
                "John Smith",
            ),
            q(
                "Nobody expected the figures to be quite so bad for the industry",
                "Mary Jones",
            ),
            q("Our harbour will reopen as soon as the water is safe again", "Ana Ruiz"),
        ],
        fillers: vec!["The council met on the third floor of the old town hall building.".into()],
        titles: vec!["News of the day".into()],
        vocab: vec!["harbour".into(), "really".into()],
    };
    let sim = simulate(
        &p,
        // The patterns of issue 13 have their own tests.
        &Config {
            articles: 12,
            outlets: 3,
            ..Config::default()
        }
        .without_patterns(),
    );
    let (analysed, prov) = traced(&sim);
    let r = score(&sim.truth, &analysed, &prov, 5);
    assert_eq!(r.occurrences, sim.truth.occurrences.len());
    assert_eq!(r.found.n, r.occurrences);
    assert!(r.found.value() > 0.95, "{}", text(&r));
    // Four quotes for a dozen articles: the pool runs out and blends
    // halves of quotes, which the linker may rightly join.
    assert!(r.families.precision > 0.8, "{}", text(&r));
    assert_eq!(r.by_drift.len(), LEVELS.len() + 1);
    let copies: usize = r.by_drift[..LEVELS.len()].iter().map(|d| d.copies).sum();
    let truth_copies = sim
        .truth
        .occurrences
        .iter()
        .filter(|o| {
            o.source.is_some()
                || (o.op == "wire"
                    && sim
                        .truth
                        .families
                        .iter()
                        .any(|f| f.id == o.family && f.first_appearance != o.id))
        })
        .count();
    assert_eq!(copies, truth_copies);
    assert!(text(&r).contains("| drift (words edited) |"));
}

#[test]
fn issue13_pattern_rows_and_the_flag_are_scored_against_the_truth() {
    use crate::simulate::{simulate, tests::person_pool, Config};
    let p = person_pool();
    let mut cfg = Config {
        articles: 40,
        outlets: 4,
        seed: 11,
        ..Config::default()
    };
    cfg.set_pattern("misattributed=0.3").unwrap();
    let sim = simulate(&p, &cfg);
    let (analysed, prov) = traced(&sim);
    let r = score(&sim.truth, &analysed, &prov, 0);
    let rows: Vec<&str> = r.by_pattern.iter().map(|row| row.pattern.as_str()).collect();
    assert_eq!(rows, PATTERNS);
    let pattern_of: HashMap<&str, Option<&str>> = sim
        .truth
        .families
        .iter()
        .map(|f| (f.id.as_str(), f.pattern.as_deref()))
        .collect();
    for row in &r.by_pattern {
        let expected = sim
            .truth
            .occurrences
            .iter()
            .filter(|o| {
                patterns_of(o, pattern_of[o.family.as_str()])
                    .iter()
                    .any(|&i| PATTERNS[i] == row.pattern)
            })
            .count();
        assert_eq!(row.occurrences, expected, "{}", row.pattern);
        assert_eq!(row.found.n, expected);
    }
    // A use of a common phrase is its family's only occurrence: whatever
    // the linker does, it recalls all of its family.
    let common = r.by_pattern.iter().find(|row| row.pattern == "common").unwrap();
    assert!(common.occurrences > 0 && common.linked.n == 0 && common.bcubed.recall == 1.0);
    let planted = sim
        .truth
        .families
        .iter()
        .filter(|f| {
            f.occurrences.iter().any(|o| {
                sim.truth
                    .occurrences
                    .iter()
                    .any(|t| t.id == *o && t.changes.iter().any(|c| c == "misattribution"))
            })
        })
        .count();
    assert!(planted > 0);
    assert_eq!(r.misattribution.recall.n, planted);
    let flags = prov.families.iter().filter(|f| f.possible_misattribution).count();
    assert_eq!(r.misattribution.precision.n, flags);
    assert!(text(&r).contains("| pattern | occurrences |"));
    assert!(text(&r).contains("misattribution flag: recall"));
}

#[test]
fn issue13_an_occurrence_is_in_every_pattern_row_it_was_drawn_with() {
    let mut t: crate::simulate::TruthOccurrence = serde_json::from_value(serde_json::json!({
        "id": "a#0", "article": "a", "start": 0, "end": 1, "text": "x", "family": "T1",
        "op": "variant", "source": "b#0", "edits": 0, "drift": 0, "fragment": false,
        "changes": ["elision"], "speaker": "Jo Roe", "cites": null
    }))
    .unwrap();
    let names = |rows: Vec<usize>| rows.into_iter().map(|i| PATTERNS[i]).collect::<Vec<_>>();
    assert_eq!(names(patterns_of(&t, Some("interrupted"))), ["interrupted", "variant"]);
    t.misattributed = true;
    t.op = "verbatim".into();
    assert_eq!(names(patterns_of(&t, None)), ["misattributed"]);
    t.misattributed = false;
    assert_eq!(names(patterns_of(&t, None)), ["plain"]);
    t.op = "window".into();
    assert_eq!(names(patterns_of(&t, Some("window"))), ["window"]);
}

/// A simulated corpus read as `build` reads it (English, body only, in id
/// order), linked and traced under the default thresholds.
fn traced(sim: &crate::simulate::Simulated) -> (Vec<Analysed>, crate::provenance::Provenance) {
    use crate::article::{analyse, Language};
    use crate::corpus::Article;
    use crate::link::{link, LinkConfig};
    let lang = Language::builtin("en").unwrap();
    let mut analysed: Vec<Analysed> = sim
        .articles
        .iter()
        .map(|a| {
            let art = Article {
                id: a.id.clone(),
                text: a.text.clone(),
                outlet: Some(a.outlet.clone()),
                published: a.published.clone(),
                body_only: true,
                ..Article::default()
            };
            analyse(&art, None, &lang)
        })
        .collect();
    analysed.sort_by(|a, b| a.id.cmp(&b.id));
    let cfg = LinkConfig::default();
    let linked = link(&analysed, &cfg);
    let wc = crate::provenance::drift::WordClasses::from_grammars(lang.grammars());
    let prov = crate::provenance::trace(&analysed, &linked, &cfg, &wc);
    (analysed, prov)
}
