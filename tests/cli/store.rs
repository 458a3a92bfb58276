//! The store (`--db`, issue 16): `build --db` writes it, `origin` and
//! `drift` answer from it what they answer from the articles, `add`
//! brings it to what one build over every article gives, whatever the
//! batches and their order, and `export` writes that build's files.

use std::path::Path;

use crate::{corpus, qg, shared, stderr_of};

/// `build` of `inputs` into a fresh folder, with the store `db` if any.
fn build(inputs: &[&Path], db: Option<&Path>, out: &Path) {
    let mut cmd = qg();
    cmd.arg("build").args(inputs).arg("--out").arg(out);
    cmd.args(["--svg-max-nodes", "0"]);
    if let Some(db) = db {
        cmd.arg("--db").arg(db);
    }
    cmd.assert().success();
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Stdout and exit code of a command.
fn run(args: &[&str], extra: &[&Path]) -> (String, Option<i32>) {
    let out = qg().args(args).args(extra).output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

#[test]
fn origin_and_drift_from_the_store_match_the_articles() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.qg");
    let ex = corpus();
    build(&[&ex], Some(&db), &dir.path().join("out"));
    let dbs = db.to_str().unwrap();
    let mut found = 0;
    for query in [
        "Kestrel Line's handling of hazardous cargo posed an unacceptable risk to the bay",
        "an unacceptable risk to the bay",
        "This is already the third spill in the bay in five years",
        "our crews recovered twelve containers from the seabed",
        "a line nobody in the corpus said",
        "we",
    ] {
        let from_articles = run(&["origin", query], &[&ex]);
        let from_store = run(&["origin", query, "--db", dbs], &[]);
        assert_eq!(from_articles, from_store, "origin {query:?}");
        found += usize::from(from_store.1 == Some(0));
    }
    assert!(found >= 3, "the queries should mostly be found: {found}");
    for format in ["text", "md", "json"] {
        let from_articles = run(&["drift", "--format", format], &[&ex]);
        let from_store = run(&["drift", "--format", format, "--db", dbs], &[]);
        assert_eq!(from_articles, from_store, "drift --format {format}");
    }
    // One family: what the whole report says of it, alone.
    let one = run(&["drift", "--family", "F2", "--db", dbs], &[]);
    assert_eq!(one, run(&["drift", "--family", "F2"], &[&ex]));
    assert!(one.0.contains("F2") && one.1 == Some(0), "{one:?}");
    assert!(!one.0.contains("F1 "), "{one:?}");
    assert_eq!(run(&["drift", "--family", "F999", "--db", dbs], &[]).1, Some(1));
}

#[test]
fn add_in_batches_gives_what_one_build_gives() {
    let Some(bbc) = shared("datasets/bbc.jsonl") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sim = dir.path().join("sim");
    qg().args([
        "simulate",
        "--no-txt",
        "--articles",
        "160",
        "--outlets",
        "8",
        "--seed",
        "3",
        "--from",
    ])
    .arg(&bbc)
    .arg("--out")
    .arg(&sim)
    .assert()
    .success();
    let all = sim.join("articles.jsonl");
    let text = String::from_utf8(read(&all)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // Half first, then the rest shuffled (every third, then the others
    // backwards) into two batches.
    let (first, rest) = lines.split_at(lines.len() / 2);
    let mut shuffled: Vec<&str> = rest.iter().step_by(3).copied().collect();
    shuffled.extend(
        rest.iter()
            .enumerate()
            .filter(|(i, _)| i % 3 != 0)
            .map(|(_, l)| *l)
            .rev(),
    );
    let (b1, b2) = shuffled.split_at(shuffled.len() / 3);
    let file = |name: &str, ls: &[&str]| {
        let p = dir.path().join(name);
        std::fs::write(&p, ls.join("\n") + "\n").unwrap();
        p
    };
    let (half, batch1, batch2) = (file("half.jsonl", first), file("b1.jsonl", b1), file("b2.jsonl", b2));

    let once = dir.path().join("once");
    build(&[&all], None, &once);
    let db = dir.path().join("news.qg");
    build(&[&half], Some(&db), &dir.path().join("half"));
    for batch in [&batch1, &batch2] {
        qg().args(["add", "--db"]).arg(&db).arg(batch).assert().success();
    }
    let exported = dir.path().join("exported");
    qg().args(["export", "--svg-max-nodes", "0", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&exported)
        .assert()
        .success();
    for name in ["quotes.jsonl", "families.json", "provenance.dot", "outlets.dot"] {
        assert!(
            read(&once.join(name)) == read(&exported.join(name)),
            "{name}: adding in batches differs from one build"
        );
    }

    // Every text is in the store, those copied from store to store too.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut st = conn.prepare("SELECT id, text FROM articles").unwrap();
    let stored: std::collections::HashMap<String, String> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(stored.len(), lines.len());
    for line in &lines {
        let a: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = a["id"].as_str().unwrap();
        assert_eq!(Some(stored[id].as_str()), a["text"].as_str(), "{id}");
    }

    // New articles are read as the store's were, or not at all.
    let a = qg()
        .args(["add", "--lang", "en", "--db"])
        .arg(&db)
        .arg(&batch1)
        .assert()
        .code(1);
    let err = stderr_of(&a);
    assert!(
        err.contains("news.qg") && err.contains("`--lang auto`") && err.contains("`--lang en`"),
        "{err}"
    );

    // An article the store holds already is told, not added twice.
    let again = qg().args(["add", "--db"]).arg(&db).arg(&batch1).assert().success();
    let err = stderr_of(&again);
    assert!(
        err.contains("is in") && err.contains("already; not added again"),
        "{err}"
    );
    assert!(
        err.contains(&format!("0 new articles ({} already in the store)", b1.len())),
        "{err}"
    );
}

#[test]
fn a_store_that_is_not_one_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let bogus = crate::write(dir.path(), "bogus.qg", "not a database at all, just text\n".repeat(200));
    let a = qg()
        .args(["origin", "anything at all", "--db"])
        .arg(&bogus)
        .assert()
        .code(1);
    let err = stderr_of(&a);
    assert!(err.contains("bogus.qg"), "{err}");
    qg().args(["origin", "anything at all", "--drift", "0.5", "--db"])
        .arg(&bogus)
        .assert()
        .code(2);
    let missing = dir.path().join("missing.qg");
    let a = qg().args(["drift", "--db"]).arg(&missing).assert().code(1);
    assert!(stderr_of(&a).contains("missing.qg"));
    assert!(!missing.exists(), "opening a store never creates one");
}
