//! Every input under `fuzz/seeds/` (the seed corpus, and each crash the
//! fuzzers ever found) run through the fuzz targets' own checks, on the
//! stable toolchain, in every test run.

#[path = "../../fuzz/checks.rs"]
mod checks;

use crate::root;

fn each(target: &str, check: fn(&[u8])) {
    let dir = root().join("fuzz/seeds").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    for f in files {
        let data = std::fs::read(&f).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "fuzz seed {} fails its check", f.display());
    }
}

#[test]
fn extract_seeds() {
    each("extract", checks::extract);
}

#[test]
fn grammar_seeds() {
    each("grammar", checks::grammar);
}

#[test]
fn jsonl_seeds() {
    each("jsonl", checks::jsonl);
}

#[test]
fn dot_seeds() {
    each("dot", checks::dot);
}

#[test]
fn warc_seeds() {
    each("warc", checks::warc);
}

#[test]
fn page_seeds() {
    each("page", checks::page);
}
