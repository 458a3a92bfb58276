//! Exit codes and messages for inputs that cannot be (fully) read:
//! 0 ok, 1 failure, 2 usage, 3 some inputs failed but others processed.

use std::io::Read;
use std::process::Stdio;

use predicates::prelude::*;
use serde_json::json;

use crate::{ids, parse_jsonl, qg, stderr_of, write};

const ARTICLE: &str = "Port stays shut\n\n\"We will not reopen the port this week,\" Harbour Master Ana Ruiz said.\n";

fn record(id: &str) -> String {
    json!({"id": id, "title": "Port stays shut", "text": ARTICLE}).to_string()
}

#[test]
fn missing_path_exits_3_names_the_path_and_processes_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", ARTICLE);
    let missing = dir.path().join("no-such-article.txt");
    let a = qg()
        .arg("extract")
        .arg(&missing)
        .arg(&good)
        .args(["--format", "jsonl"])
        .assert()
        .code(3);
    let err = stderr_of(&a);
    assert!(err.contains(missing.to_str().unwrap()), "{err}");
    let articles = parse_jsonl(&a.get_output().stdout);
    assert_eq!(ids(&articles), ["good"]);
    assert_eq!(articles[0]["quotes"].as_array().unwrap().len(), 1);
}

#[test]
fn only_missing_paths_still_exit_3_with_empty_output() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("gone.jsonl");
    qg().arg("extract")
        .arg(&missing)
        .args(["--format", "jsonl"])
        .assert()
        .code(3)
        .stdout("")
        .stderr(predicate::str::contains("gone.jsonl"));
}

#[test]
fn malformed_jsonl_line_is_named_by_file_and_line_and_the_others_processed() {
    let dir = tempfile::tempdir().unwrap();
    let body = [
        record("first"),
        "{not json".to_string(),
        String::new(),
        record("fourth"),
        json!({"id": "no-text"}).to_string(),
        record("sixth"),
    ]
    .join("\n");
    let f = write(dir.path(), "wire.jsonl", body);
    let a = qg().arg("extract").arg(&f).args(["--format", "jsonl"]).assert().code(3);
    let err = stderr_of(&a);
    assert!(err.contains("wire.jsonl:2:"), "{err}");
    assert!(
        err.contains("wire.jsonl:5:"),
        "a record without text is an error too: {err}"
    );
    assert!(
        !err.contains("wire.jsonl:1:") && !err.contains("wire.jsonl:4:"),
        "{err}"
    );
    let articles = parse_jsonl(&a.get_output().stdout);
    assert_eq!(ids(&articles), ["first", "fourth", "sixth"]);
}

#[test]
fn jsonl_record_without_id_gets_one_from_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "{}\n{}\n",
        json!({"title": "A", "text": ARTICLE}),
        json!({"id": 42, "title": "B", "text": ARTICLE})
    );
    let f = write(dir.path(), "feed.jsonl", body);
    let a = qg()
        .arg("extract")
        .arg(&f)
        .args(["--format", "jsonl"])
        .assert()
        .success();
    assert_eq!(ids(&parse_jsonl(&a.get_output().stdout)), ["feed:1", "42"]);
}

#[test]
fn invalid_utf8_warns_and_is_still_processed() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"Port stays shut \xff\xfe\n\n".to_vec();
    bytes.extend_from_slice(b"\"We will not reopen the port this week,\" Harbour Master Ana Ruiz said.\n");
    let f = write(dir.path(), "latin.txt", bytes);
    let a = qg()
        .arg("extract")
        .arg(&f)
        .args(["--format", "jsonl"])
        .assert()
        .success();
    let err = stderr_of(&a);
    assert!(err.contains("warning:"), "{err}");
    assert!(err.contains("latin.txt:1"), "{err}");
    assert!(err.to_lowercase().contains("utf-8"), "{err}");
    let articles = parse_jsonl(&a.get_output().stdout);
    assert_eq!(ids(&articles), ["latin"]);
    assert_eq!(articles[0]["title"], "Port stays shut \u{fffd}\u{fffd}");
    let q = &articles[0]["quotes"][0];
    assert_eq!(q["text"], "We will not reopen the port this week,");
    assert!(q["speaker"].as_str().unwrap().contains("Ana Ruiz"), "{q}");
}

#[test]
fn invalid_utf8_in_a_later_jsonl_line_names_that_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = record("ok").into_bytes();
    bytes.extend_from_slice(b"\n{\"id\": \"bad\", \"title\": \"T\", \"text\": \"caf\xe9 talk\"}\n");
    let f = write(dir.path(), "mixed.jsonl", bytes);
    let a = qg()
        .arg("extract")
        .arg(&f)
        .args(["--format", "jsonl"])
        .assert()
        .success();
    assert!(stderr_of(&a).contains("mixed.jsonl:2"), "{}", stderr_of(&a));
    assert_eq!(ids(&parse_jsonl(&a.get_output().stdout)), ["ok", "bad"]);
}

/// Malformed grammars: each fails the run with `file:line:column`.
#[test]
fn malformed_grammar_exits_1_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let article = write(dir.path(), "a.txt", ARTICLE);
    let cases: [(&str, &str); 6] = [
        // An unknown section.
        ("language = en\n[marks]\n\" \"\n[bogus]\n", ":4:2:"),
        // A mark line without its closing mark.
        ("language = en\n[marks]\n\"\n", ":3:2:"),
        // A frame with two speakers.
        ("language = en\n[marks]\n\" \"\n[frames]\nbad: Q , S S\n", ":5:1:"),
        // A frame line that is not `name: pattern`.
        ("language = en\n[marks]\n\" \"\n[frames]\n  : Q S\n", ":5:3:"),
        // An unknown header key.
        ("language = en\ncolour = blue\n[marks]\n\" \"\n", ":2:1:"),
        // No language.
        ("[marks]\n\" \"\n", ":1:1:"),
    ];
    for (src, at) in cases {
        let g = write(dir.path(), "bad.qg", src);
        let a = qg()
            .arg("extract")
            .arg(&article)
            .arg("--grammar")
            .arg(&g)
            .assert()
            .code(1)
            .stdout("");
        let err = stderr_of(&a);
        let want = format!("bad.qg{at}");
        assert!(err.contains(&want), "grammar {src:?}: want {want} in {err}");
        assert!(err.starts_with("error: "), "{err}");
    }
}

#[test]
fn unreadable_grammar_file_exits_1() {
    qg().args(["extract", "examples/corpus", "--grammar", "no/such/grammar.qg"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("no/such/grammar.qg"));
}

#[test]
fn unknown_lang_exits_2() {
    qg().args(["extract", "examples/corpus", "--lang", "fr"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("unknown --lang `fr`: use en, de or auto"));
}

#[test]
fn unknown_lang_in_eval_exits_2() {
    qg().args(["eval", "--gold", "examples/gold.jsonl", "--lang", "xx"])
        .assert()
        .code(2);
}

#[test]
fn unknown_lang_in_training_names_the_built_in_languages() {
    qg().args(["train-kinds", "examples/gold.jsonl", "--lang", "xx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown --lang `xx`: use en, de"));
}

#[test]
fn no_arguments_exit_2() {
    qg().assert().code(2).stdout("");
}

#[test]
fn extract_without_articles_exits_2() {
    qg().arg("extract")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("ARTICLES"));
}

#[test]
fn unknown_format_exits_2() {
    qg().args(["extract", "examples/corpus", "--format", "xml"])
        .assert()
        .code(2);
}

#[test]
fn eval_without_gold_exits_2() {
    qg().args(["eval", "examples/corpus"]).assert().code(2);
}

#[test]
fn eval_with_missing_gold_exits_1() {
    qg().args(["eval", "--gold", "no-such-gold.jsonl"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-gold.jsonl"));
}

#[test]
fn eval_with_malformed_gold_line_exits_1_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(crate::root().join("examples/gold.jsonl")).unwrap();
    let first = good.lines().next().unwrap();
    let g = write(dir.path(), "gold.jsonl", format!("{first}\n{{\"id\": 3\n"));
    let a = qg().arg("eval").arg("--gold").arg(&g).assert().code(1);
    assert!(stderr_of(&a).contains("gold.jsonl:2:"), "{}", stderr_of(&a));
}

#[test]
fn eval_with_a_missing_article_path_exits_3() {
    qg().args([
        "eval",
        "--gold",
        "examples/gold.jsonl",
        "examples/corpus",
        "no-such-dir",
    ])
    .assert()
    .code(3)
    .stdout(predicate::str::contains("articles 6, missing in pred 0"))
    .stderr(predicate::str::contains("no-such-dir"));
}

#[test]
fn malformed_manifest_exits_1_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let m = write(dir.path(), "manifest.csv", "name,outlet\nx,Y\n");
    let a = qg()
        .arg("extract")
        .arg("examples/corpus")
        .arg("--manifest")
        .arg(&m)
        .assert()
        .code(1);
    assert!(stderr_of(&a).contains("manifest.csv:1"), "{}", stderr_of(&a));
}

#[test]
fn duplicate_ids_are_reported_and_both_kept_with_distinct_ids() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = write(
        dir.path(),
        "feed.jsonl",
        format!("{}\n{}\n", record("same"), record("same")),
    );
    std::fs::create_dir(dir.path().join("more")).unwrap();
    let txt = write(&dir.path().join("more"), "same.txt", ARTICLE);
    let a = qg()
        .arg("extract")
        .arg(&jsonl)
        .arg(&txt)
        .args(["--format", "jsonl"])
        .assert()
        .success();
    let err = stderr_of(&a);
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("duplicate")).collect();
    assert_eq!(warnings.len(), 2, "{err}");
    assert!(warnings[0].contains("feed.jsonl:2"), "{err}");
    assert!(warnings[1].contains("same.txt"), "{err}");
    let articles = parse_jsonl(&a.get_output().stdout);
    let got = ids(&articles);
    assert_eq!(got.len(), 3);
    assert_eq!(got[0], "same");
    let unique: std::collections::BTreeSet<&String> = got.iter().collect();
    assert_eq!(unique.len(), 3, "ids are not distinct: {got:?}");
    for w in &got[1..] {
        assert!(err.contains(&format!("`{w}`")), "the new id {w} is not reported: {err}");
    }
    // The copies are kept whole.
    for a in &articles {
        assert_eq!(a["quotes"].as_array().unwrap().len(), 1);
    }
}

#[test]
fn same_corpus_twice_keeps_every_copy() {
    let a = qg()
        .args(["extract", "examples/corpus", "examples/corpus", "--format", "jsonl"])
        .assert()
        .success();
    let got = ids(&parse_jsonl(&a.get_output().stdout));
    assert_eq!(got.len(), 12);
    assert_eq!(got.iter().collect::<std::collections::BTreeSet<_>>().len(), 12);
}

/// Output into a pipe whose reader is gone (`quotegraph … | head`) is not
/// a failure: exit 0, and no error message.
#[test]
fn closed_stdout_pipe_exits_0() {
    // Regression for issue 2: `--format json` once exited 1 on a closed pipe.
    let formats = ["text", "jsonl", "json"];
    for format in formats {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("quotegraph"))
            .current_dir(crate::root())
            .args(["extract", "examples/corpus", "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn quotegraph");
        // Close the only read end before the child writes anything.
        drop(child.stdout.take());
        let mut err = String::new();
        child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "--format {format}: {err}");
        assert!(!err.contains("error"), "--format {format}: {err}");
    }
}
