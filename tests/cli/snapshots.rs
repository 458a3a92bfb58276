//! Snapshots of the example corpus output, in `tests/cli/snapshots/`.
//!
//! A change in extraction shows up here as a snapshot diff. To accept one
//! after reviewing it: `INSTA_UPDATE=always cargo test --test cli
//! snapshots`, then read `git diff tests/cli/snapshots` before committing.

use serde_json::Value;

use crate::{extract_jsonl, qg};

#[test]
fn extract_corpus_jsonl() {
    let articles = Value::Array(extract_jsonl(&["examples/corpus"]));
    insta::assert_json_snapshot!("extract_corpus_jsonl", articles);
}

#[test]
fn extract_corpus_text() {
    let a = qg().args(["extract", "examples/corpus"]).assert().success();
    let out = String::from_utf8(a.get_output().stdout.clone()).expect("UTF-8 output");
    insta::assert_snapshot!("extract_corpus_text", out);
}

#[test]
fn extract_corpus_with_manifest_metadata() {
    // Only the metadata: the quotes are in `extract_corpus_jsonl`.
    let articles = extract_jsonl(&["examples/corpus", "--manifest", "examples/corpus/manifest.csv"]);
    let meta: Vec<Value> = articles
        .into_iter()
        .map(|mut a| {
            let obj = a.as_object_mut().unwrap();
            obj.remove("quotes");
            obj.remove("diagnostics");
            a
        })
        .collect();
    insta::assert_json_snapshot!("extract_corpus_manifest_metadata", meta);
}

/// `build` on the example corpus with its manifest: the families and the
/// DOT graph. The DOT file must also parse back.
#[test]
fn build_corpus_families_and_dot() {
    let dir = tempfile::tempdir().unwrap();
    qg().args([
        "build",
        "examples/corpus",
        "--manifest",
        "examples/corpus/manifest.csv",
        "--svg-max-nodes",
        "0",
    ])
    .arg("--out")
    .arg(dir.path())
    .assert()
    .success();
    let families: Value = serde_json::from_slice(&std::fs::read(dir.path().join("families.json")).unwrap()).unwrap();
    insta::assert_json_snapshot!("build_corpus_families", families);
    let dot = std::fs::read_to_string(dir.path().join("provenance.dot")).unwrap();
    graphviz_rust::parse(&dot).expect("provenance.dot parses back");
    insta::assert_snapshot!("build_corpus_dot", dot);
    let outlets = std::fs::read_to_string(dir.path().join("outlets.dot")).unwrap();
    graphviz_rust::parse(&outlets).expect("outlets.dot parses back");
    insta::assert_snapshot!("build_corpus_outlets_dot", outlets);
}

#[test]
fn drift_corpus_markdown() {
    let a = qg()
        .args([
            "drift",
            "examples/corpus",
            "--manifest",
            "examples/corpus/manifest.csv",
            "--format",
            "md",
        ])
        .assert()
        .success();
    insta::assert_snapshot!(
        "drift_corpus_markdown",
        String::from_utf8(a.get_output().stdout.clone()).unwrap()
    );
}
