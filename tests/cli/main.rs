//! Integration tests for quotegraph: the `quotegraph` binary end to end,
//! and the library's extraction invariants under property tests.
//!
//! One test binary (`cargo test --test cli`), one module per topic:
//!
//! - `extract`: the `extract` command on the example corpus, formats,
//!   metadata, manifest, stdin, languages, custom grammars, `--stats`.
//! - `build`: `build`, `origin` and `drift` on the example corpus and the
//!   seeds: families, first appearances, copy edges, drift, determinism.
//! - `eval`: the `eval` command, and agreement with `../shared/eval/score.py`.
//! - `errors`: exit codes and messages for bad inputs.
//! - `snapshots`: insta snapshots of the example corpus output
//!   (`tests/cli/snapshots/`; review changes with `INSTA_UPDATE=always`
//!   and `git diff`, or `cargo insta review` where installed).
//! - `ingest`: web pages and WARC archives (`ingest`, and `build` on an
//!   archive), on `examples/web/` and the shared test archives.
//! - `fuzz_seeds`: every file under `fuzz/seeds/` through the fuzz
//!   targets' checks (`fuzz/checks.rs`).
//! - `props`: proptest invariants of `Extractor::extract` and `analyse`.
//! - `robust`: messy input (empty, binary, BOM and CRLF, unbalanced and
//!   deeply nested marks, huge quotes, symlink loops).
//! - `regressions`: tests for reported bugs.
//! - `simulate`: `simulate` and `eval-provenance` on simulated corpora.
//! - `store`: the `--db` store: `origin` and `drift` from it, `add` in
//!   batches against one `build`, `export`, stores that are not ones.
//! - `store_add`: an `add` traces again only the families whose report
//!   can change, and still ends where one `build` does.
//! - `serve`: the web page over a store, over plain HTTP and in headless
//!   Chromium (WebDriver through chromedriver); saves a screenshot in
//!   `target/test-output/`.
//!
//! Conventions:
//!
//! - A test written for a reported issue is named after it,
//!   `issue<N>_<what>` (e.g. `issue2_unclosed_quote_at_end_of_text`), and
//!   lives in the module of its topic, or in `regressions` if none fits.
//! - Shared real data in `../shared` is read in place, never copied into
//!   the repository; a test that needs it returns early with a note on
//!   stderr when it is absent (see [`shared`]), so the suite still passes
//!   on a machine without it.

mod build;
mod errors;
mod eval;
mod extract;
mod fuzz_seeds;
mod ingest;
mod props;
mod regressions;
mod robust;
mod serve;
mod simulate;
mod snapshots;
mod store;
mod store_add;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// The crate root, where `examples/` lives.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `examples/corpus`.
pub fn corpus() -> PathBuf {
    root().join("examples/corpus")
}

/// The binary under test, run from the crate root.
pub fn qg() -> Command {
    let mut cmd = Command::cargo_bin("quotegraph").expect("the quotegraph binary is built");
    cmd.current_dir(root());
    cmd
}

/// A file in `../shared`, or `None` (with a note on stderr) when absent.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let p = root().join("../shared").join(rel);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} is not present", p.display());
        None
    }
}

/// Whether `python3` runs here (with a note on stderr when it does not).
pub fn python3() -> bool {
    let ok = std::process::Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: python3 is not available");
    }
    ok
}

/// Parses JSON Lines output, one value per non-empty line.
pub fn parse_jsonl(out: &[u8]) -> Vec<Value> {
    std::str::from_utf8(out)
        .expect("output is UTF-8")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// Runs `quotegraph ARGS`, expecting success, and returns its stdout.
pub fn stdout_of<I, S>(args: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = qg().args(args).assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("output is UTF-8")
}

/// Runs `quotegraph extract ARGS --format jsonl`, expecting success, and
/// returns the articles.
pub fn extract_jsonl(args: &[&str]) -> Vec<Value> {
    let out = qg()
        .arg("extract")
        .args(args)
        .args(["--format", "jsonl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    parse_jsonl(&out)
}

/// The article with this id in parsed output.
pub fn by_id<'a>(articles: &'a [Value], id: &str) -> &'a Value {
    articles
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no article `{id}` in {:?}", ids(articles)))
}

/// The ids of parsed articles, in order.
pub fn ids(articles: &[Value]) -> Vec<String> {
    articles
        .iter()
        .map(|a| a["id"].as_str().expect("id is a string").to_string())
        .collect()
}

/// Writes `contents` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, contents).expect("write test file");
    p
}

/// Standard error of a finished command, as text.
pub fn stderr_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}
