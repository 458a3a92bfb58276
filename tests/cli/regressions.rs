//! Tests for reported bugs, when no topic module fits them better.
//!
//! Name each after its issue: `issue<N>_<what>`, e.g.
//! `issue2_unclosed_quote_at_end_of_text`, with the input that triggered
//! it, so that `cargo test issue2` runs it. A bug found by a test, before
//! it has an issue number, keeps a descriptive name; its failing input is
//! left in the test, commented out with `// see report: <bug>`, until the
//! fix lands.

use serde_json::json;

use crate::{extract_jsonl, write};

/// An article's opening quote is a statement with its speaker, however the
/// article gives (or does not give) its title.
#[test]
fn opening_quote_keeps_its_speaker_whatever_the_title_source() {
    let body = "\"We will win this fight,\" Jane Doe said.\n\nThe vote is on Monday.\n";
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        // A record with its own title.
        (
            "titled.jsonl",
            json!({"id": "t", "title": "Vote on Monday", "text": body}).to_string(),
        ),
        // A scrape whose first line is the title.
        ("scrape.txt", format!("Vote on Monday\n\n{body}")),
        // Issue #2: a record without a title had its first paragraph taken
        // as the title, so its quote became a speakerless `headline`.
        ("untitled.jsonl", json!({"id": "u", "text": body}).to_string()),
        // Issue #2: old Mac line endings (`\r` alone) made one paragraph.
        ("mac.txt", format!("Vote on Monday\r\r{}", body.replace('\n', "\r"))),
    ];
    for (name, contents) in cases {
        let f = write(dir.path(), name, contents);
        let articles = extract_jsonl(&[f.to_str().unwrap()]);
        let q = &articles[0]["quotes"][0];
        assert_eq!(q["text"], "We will win this fight,", "{name}: {}", articles[0]);
        assert_eq!(q["kind"], "statement", "{name}: {}", articles[0]);
        assert_eq!(q["speaker"], "Jane Doe", "{name}: {}", articles[0]);
    }
}

/// Issue #2: embedded markup (tweets) and the titles of shows and books
/// are not quotes.
#[test]
fn issue2_markup_and_titles_are_not_statements() {
    let text = "Intro line.\n\n<tweet id=\"55\" author=\"@someone\">Some “tweeted words” here</tweet>\n\n\
                “It is fine,” Ann Lee said on Channel Nine’s “Morning Roundup.”\n";
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "a.jsonl",
        json!({"id": "a", "title": "T", "text": text}).to_string(),
    );
    let articles = extract_jsonl(&[f.to_str().unwrap()]);
    let kinds: Vec<(&str, &str)> = articles[0]["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["text"].as_str().unwrap(), q["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(kinds, [("It is fine,", "statement"), ("Morning Roundup.", "scare")]);
}

/// Issue #2: descriptions resolve by what they say. An indefinite one ("a
/// spokesman", "one engineer") introduces someone new; a definite one ("the
/// official") refers back to an earlier description with the same head.
#[test]
fn issue2_descriptions_resolve_by_their_determiner_and_head() {
    let text = "Intro line.\n\nMayor Ann Vole opened the bridge of the Harbor Authority, a Harbor Authority official said.\n\n\
                “It will not last a year,” said one engineer.\n\n“We stand by the design,” the official said.\n\n\
                “No comment,” said a spokesman.\n";
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "a.jsonl",
        json!({"id": "a", "title": "T", "text": text}).to_string(),
    );
    let articles = extract_jsonl(&[f.to_str().unwrap()]);
    let canon: Vec<&serde_json::Value> = articles[0]["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| &q["speaker_canonical"])
        .collect();
    assert_eq!(
        canon,
        [&json!(null), &json!("Harbor Authority"), &json!("Harbor Authority")]
    );
}

/// Issue #2: a text file that is not UTF-8 is reported as an encoding
/// problem (a warning), not as bad JSON.
#[test]
fn issue2_invalid_utf8_text_is_an_encoding_warning() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "latin1.txt",
        b"Caf\xe9 news\n\n\"We are open,\" Ann Lee said.\n",
    );
    let a = crate::qg()
        .args(["extract", f.to_str().unwrap(), "--format", "jsonl"])
        .assert()
        .success();
    let err = crate::stderr_of(&a);
    assert!(err.contains("invalid UTF-8"), "{err}");
    assert!(!err.to_lowercase().contains("json"), "{err}");
}

/// Issue #2: a quote interrupted by its attribution is one quote in two
/// segments; a double quote nested in a single-mark quote is part of it.
#[test]
fn issue2_interrupted_and_nested_quotes() {
    let text =
        "Intro line.\n\n“We stay,” the minister said. “We will not leave.”\n\n‘Call it “fine” now,’ Ann Lee said.\n";
    let dir = tempfile::tempdir().unwrap();
    let f = write(
        dir.path(),
        "a.jsonl",
        json!({"id": "a", "title": "T", "text": text}).to_string(),
    );
    let articles = extract_jsonl(&[f.to_str().unwrap()]);
    let quotes = articles[0]["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 2, "{quotes:?}");
    assert_eq!(quotes[0]["segments"].as_array().unwrap().len(), 2);
    assert_eq!(quotes[0]["speaker"], "the minister");
    assert_eq!(quotes[1]["text"], "Call it “fine” now,");
}
