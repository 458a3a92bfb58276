//! Property tests of the library: extraction never panics, and every
//! offset it reports is a char boundary that slices out what it claims.

use std::sync::OnceLock;

use proptest::prelude::*;
use quotegraph::article::{analyse, Language};
use quotegraph::corpus::Article;
use quotegraph::extract::{Extraction, Extractor, Quote};
use quotegraph::grammar::Grammar;

fn en() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::new(Grammar::builtin("en").expect("built-in en grammar")))
}

fn de() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::new(Grammar::builtin("de").expect("built-in de grammar")))
}

fn auto() -> &'static Language {
    static L: OnceLock<Language> = OnceLock::new();
    L.get_or_init(|| Language::builtin("auto").expect("built-in grammars"))
}

/// Every quote mark of the built-in grammars, and look-alikes.
const MARKS: &[&str] = &[
    "\"", "'", "“", "”", "„", "‟", "‘", "’", "‚", "‛", "«", "»", "‹", "›", "``", "''", "`", "＂", "「", "」",
];

const WORDS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "according",
    "to",
    "as",
    "cited",
    "in",
    "quoted",
    "was",
    "by",
    "he",
    "she",
    "they",
    "it",
    "the",
    "a",
    "statement",
    "spokesman",
    "President",
    "Mr.",
    "Dr.",
    "Ana",
    "Ruiz",
    "Dmitri",
    "Volkov",
    "Reuters",
    "Coastal",
    "Wire",
    "Ministry",
    "sagte",
    "so",
    "laut",
    "er",
    "sie",
    "Müller",
    "Straße",
    "über",
    "Kestrel",
    "Line",
    "called",
    "described",
    "that",
    "what",
    "via",
    "Share",
    "This",
    "Post!",
    "é",
    "ß",
    "İ",
    "ﬁ",
    "中文",
    "😀",
    "👩‍👩‍👧",
    "e\u{301}",
    "\u{200b}",
    "\u{feff}",
];

const PUNCT: &[&str] = &[
    ",", ".", ":", ";", "!", "?", "—", "–", "-", "…", "(", ")", "[", "]", "...", "'s", "’s", "#", "©",
];

const SPACE: &[&str] = &[
    " ", " ", " ", "\n", "\n\n", "\r\n", "\t", "\u{a0}", "\u{202f}", "\u{2028}", "\u{85}",
];

/// One piece of a quote soup.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(MARKS).prop_map(str::to_string),
        4 => prop::sample::select(WORDS).prop_map(str::to_string),
        2 => prop::sample::select(PUNCT).prop_map(str::to_string),
        4 => prop::sample::select(SPACE).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Texts made of quote marks, words, punctuation and line breaks.
fn soup(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..max).prop_map(|v| v.concat())
}

/// Attributed quotes in the forms the frames read, glued into paragraphs,
/// with some marks dropped or doubled.
fn sentences() -> impl Strategy<Value = String> {
    let sentence = (
        prop::sample::select(MARKS),
        prop::sample::select(MARKS),
        prop::collection::vec(prop::sample::select(WORDS), 0..8),
        prop::sample::select(&[",", ".", "", "?", " —"][..]),
        prop::sample::select(
            &[
                "Ana Ruiz said.",
                "said Volkov.",
                "er sagte.",
                "so Müller.",
                "",
                "he told Reuters.",
            ][..],
        ),
        prop::sample::select(SPACE),
    )
        .prop_map(|(open, close, words, p, tail, sep)| format!("{open}{}{p}{close} {tail}{sep}", words.join(" ")));
    prop::collection::vec(sentence, 0..12).prop_map(|v| v.concat())
}

fn boundary(text: &str, i: usize, what: &str) {
    assert!(
        text.is_char_boundary(i),
        "{what} {i} is not a char boundary (len {}) in {text:?}",
        text.len()
    );
}

fn check_quote(text: &str, q: &Quote) {
    boundary(text, q.start, "start");
    boundary(text, q.end, "end");
    assert!(q.start <= q.end, "start {} > end {} in {text:?}", q.start, q.end);
    assert_eq!(q.text, text[q.start..q.end], "text != article[start..end] in {text:?}");
    assert!(!q.segments.is_empty(), "no segments: {q:?} in {text:?}");
    let mut prev_end = q.start;
    for s in &q.segments {
        let [ss, se] = *s;
        boundary(text, ss, "segment start");
        boundary(text, se, "segment end");
        assert!(ss <= se, "segment {s:?} runs backwards in {q:?} of {text:?}");
        assert!(
            prev_end <= ss,
            "segment {s:?} overlaps or precedes the one before in {q:?} of {text:?}"
        );
        assert!(se <= q.end, "segment {s:?} ends past {} in {q:?} of {text:?}", q.end);
        prev_end = se;
    }
    assert_eq!(
        q.segments[0][0], q.start,
        "first segment does not start the quote: {q:?}"
    );
    assert_eq!(
        q.segments.last().unwrap()[1],
        q.end,
        "last segment does not end the quote: {q:?}"
    );
    match (q.speaker_start, q.speaker_end, &q.speaker) {
        (Some(s), Some(e), Some(name)) => {
            boundary(text, s, "speaker_start");
            boundary(text, e, "speaker_end");
            assert!(s <= e, "speaker span {s}..{e} runs backwards in {text:?}");
            assert_eq!(
                &text[s..e],
                name,
                "speaker != article[speaker_start..speaker_end] in {text:?}"
            );
        }
        (None, None, _) => {}
        other => panic!("speaker offsets without a speaker, or the reverse: {other:?} in {text:?}"),
    }
}

fn check(text: &str, x: &Extraction) {
    for q in &x.quotes {
        check_quote(text, q);
    }
    for d in &x.diagnostics {
        boundary(text, d.start, "diagnostic start");
        boundary(text, d.end, "diagnostic end");
        assert!(d.start <= d.end, "diagnostic {d:?} runs backwards in {text:?}");
    }
}

/// The first non-blank line, which `analyse` would take as the title.
fn first_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|l| !l.is_empty())
}

fn analyse_and_check(text: &str) {
    let article = Article {
        id: "prop".into(),
        text: text.to_string(),
        ..Article::default()
    };
    let a = analyse(&article, None, auto());
    check(
        text,
        &Extraction {
            quotes: a.quotes,
            diagnostics: a.diagnostics,
        },
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn en_arbitrary_unicode(text in any::<String>()) {
        check(&text, &en().extract(&text, None));
    }

    #[test]
    fn de_arbitrary_unicode(text in any::<String>()) {
        check(&text, &de().extract(&text, None));
    }

    #[test]
    fn en_quote_soup(text in soup(80)) {
        check(&text, &en().extract(&text, None));
        check(&text, &en().extract(&text, first_line(&text)));
    }

    #[test]
    fn de_quote_soup(text in soup(80)) {
        check(&text, &de().extract(&text, None));
        check(&text, &de().extract(&text, first_line(&text)));
    }

    #[test]
    fn en_attributed_sentences(text in sentences()) {
        check(&text, &en().extract(&text, None));
    }

    #[test]
    fn de_attributed_sentences(text in sentences()) {
        check(&text, &de().extract(&text, None));
    }

    #[test]
    fn analyse_auto_quote_soup(text in soup(80)) {
        analyse_and_check(&text);
    }

    #[test]
    fn analyse_auto_sentences(text in sentences()) {
        analyse_and_check(&text);
    }
}

proptest! {
    // Long texts: unclosed quotes past the cut-off, quotes over many
    // paragraphs. Fewer cases, as each is larger.
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn en_long_soup(text in soup(1500)) {
        check(&text, &en().extract(&text, None));
    }

    #[test]
    fn en_long_unclosed_quote(
        open in prop::sample::select(MARKS),
        words in prop::collection::vec(prop::sample::select(WORDS), 500..900),
        sep in prop::sample::select(&[" ", "\n\n", " “", "\n\n“"][..]),
    ) {
        let text = format!("Title\n\n{open}{}\n\nShe said.", words.join(sep));
        check(&text, &en().extract(&text, Some("Title")));
    }
}
