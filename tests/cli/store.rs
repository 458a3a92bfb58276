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

/// Each article's text, as `articles.text` keeps it compressed (by id).
fn texts(db: &Path) -> std::collections::HashMap<String, String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn.prepare("SELECT id, text, size FROM articles").unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, i64>(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .map(|(id, packed, size)| (id, unpack(&packed, size)))
        .collect()
}

/// A text as the SQLite archive format keeps it: as it is when its
/// length is its size, else compressed with zlib.
fn unpack(packed: &[u8], size: i64) -> String {
    if packed.len() as i64 == size {
        return String::from_utf8(packed.to_vec()).unwrap();
    }
    let mut out = String::new();
    std::io::Read::read_to_string(&mut flate2::read::ZlibDecoder::new(packed), &mut out).unwrap();
    assert_eq!(out.len() as i64, size);
    out
}

/// Every family id in a store.
fn family_ids(conn: &rusqlite::Connection) -> Vec<String> {
    conn.prepare("SELECT id FROM ranked_families")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Every family's report as a store before schema 5 kept it, by id:
/// whole (its own id, its variants' `F12.v3`, `inside` and `contains`),
/// compressed with zlib; with its copy edges and citations as schema 3
/// kept them too, or without, as schema 4 did.
fn old_reports(db: &Path, with_edges: bool) -> Vec<(String, Vec<u8>)> {
    let st = quotegraph::store::Store::open_read_only(db).unwrap();
    let conn = rusqlite::Connection::open(db).unwrap();
    let ids = family_ids(&conn);
    ids.into_iter()
        .map(|id| {
            let mut fam = st.family(&id).unwrap().unwrap();
            if !with_edges {
                fam.copy_edges.clear();
                fam.citations.clear();
            }
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            std::io::Write::write_all(&mut z, &serde_json::to_vec(&fam).unwrap()).unwrap();
            (id, z.finish().unwrap())
        })
        .collect()
}

/// What takes a store that a build wrote back to version 10: each
/// family's `rank` and `id` (`F12`) columns of its row, indexed, and no
/// `family_ranks` table nor `ranked_families` view (version 11).
pub const DOWN_TO_V10: &str = "
    PRAGMA foreign_keys = OFF;
    DROP VIEW ranked_families;
    CREATE TABLE families10 (num INTEGER PRIMARY KEY, rank INTEGER NOT NULL, id TEXT NOT NULL,
        canonical TEXT NOT NULL, articles INTEGER NOT NULL, speaker TEXT, first_appearance TEXT NOT NULL,
        tie INTEGER NOT NULL, possible_misattribution INTEGER NOT NULL, variants INTEGER NOT NULL,
        report BLOB NOT NULL, key TEXT, inputs INTEGER);
    INSERT INTO families10 SELECT f.num, r.rank, 'F' || (r.rank + 1), f.canonical, f.articles, f.speaker,
        f.first_appearance, f.tie, f.possible_misattribution, f.variants, f.report, f.key, f.inputs
        FROM families f JOIN family_ranks r ON r.num = f.num ORDER BY f.num;
    DROP TABLE families; DROP TABLE family_ranks;
    ALTER TABLE families10 RENAME TO families;
    CREATE INDEX families_rank ON families (rank);
    CREATE INDEX families_id ON families (id);
    CREATE UNIQUE INDEX families_key ON families (key);
    PRAGMA user_version = 10;";

/// Every posting of a store's key index (`postings`, schema 12), sorted:
/// kind, hash, weight, variant, and a heavy key's `rest`.
pub fn postings(db: &Path) -> Vec<(i64, i64, i64, i64, Option<i64>)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare("SELECT kind, hash, total, variant, packed FROM postings ORDER BY kind, hash, total, variant")
        .unwrap();
    let rows: Vec<(i64, i64, i64, i64, Vec<u8>)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut out = Vec::new();
    for (kind, hash, total, variant, packed) in rows {
        let row = quotegraph::store::index::unpack(kind, total, variant, &packed).unwrap();
        assert!(row.len() <= quotegraph::store::index::CHUNK);
        out.extend(row.into_iter().map(|p| (kind, hash, p.total, p.variant, p.rest)));
    }
    out
}

/// What takes a store that a build wrote back to version 12: no
/// `links` and no `meta.links` (version 13).
pub const DOWN_TO_V12: &str = "DROP TABLE links; DELETE FROM meta WHERE key = 'links'; PRAGMA user_version = 12;";

/// Makes a store that a build wrote what version 12 wrote.
pub fn downgrade_to_v12(db: &Path) {
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(DOWN_TO_V12)
        .unwrap();
}

/// Makes a store that a build wrote what version 11 wrote: a row of
/// `shingles` for each posting of the key index, not packed (version
/// 12), and no links (version 13).
pub fn downgrade_to_v11(db: &Path) {
    downgrade_to_v12(db);
    let rows = postings(db);
    let mut conn = rusqlite::Connection::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute_batch(
        "CREATE TABLE shingles (kind INTEGER NOT NULL, hash INTEGER NOT NULL, total INTEGER NOT NULL,
             variant INTEGER NOT NULL REFERENCES variants (id), rest INTEGER,
             PRIMARY KEY (kind, hash, total, variant)) WITHOUT ROWID;
         DROP TABLE postings; PRAGMA user_version = 11;",
    )
    .unwrap();
    for (kind, hash, total, variant, rest) in rows {
        tx.execute(
            "INSERT INTO shingles (kind, hash, total, variant, rest) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![kind, hash, total, variant, rest],
        )
        .unwrap();
    }
    tx.commit().unwrap();
}

/// Makes a store that a build wrote what version 10 wrote.
pub fn downgrade_to_v10(db: &Path) {
    downgrade_to_v11(db);
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(DOWN_TO_V10)
        .unwrap();
}

/// What takes a store that version 10 wrote back to version 7: the index
/// of articles by outlet (dropped by version 10; its reports are left as
/// they are, which the upgrade keeps), no `rest`
/// on index rows nor `key_counts` (version 9), and families, variants,
/// occurrences, copy edges and citations tied by family id (`F12`) and
/// source id (`S3`) instead of numbers given once (a build gives them in
/// rank order, so nothing else changes).
pub const DOWN_TO_V7: &str = "
    PRAGMA foreign_keys = OFF;
    ALTER TABLE shingles DROP COLUMN rest; DROP TABLE key_counts;
    CREATE TABLE families7 (rank INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, canonical TEXT NOT NULL,
        articles INTEGER NOT NULL, speaker TEXT, first_appearance TEXT NOT NULL, tie INTEGER NOT NULL,
        possible_misattribution INTEGER NOT NULL, variants INTEGER NOT NULL, report BLOB NOT NULL,
        key TEXT, inputs INTEGER);
    INSERT INTO families7 SELECT rank, id, canonical, articles, speaker, first_appearance, tie,
        possible_misattribution, variants, report, key, inputs FROM families;
    CREATE TABLE variants7 (id INTEGER PRIMARY KEY, family TEXT NOT NULL REFERENCES families (id), words TEXT NOT NULL);
    INSERT INTO variants7 SELECT v.id, f.id, v.words FROM variants v JOIN families f ON f.num = v.family;
    CREATE TABLE occurrences7 (id TEXT PRIMARY KEY, article INTEGER NOT NULL REFERENCES articles (seq),
        quote INTEGER NOT NULL, segment INTEGER NOT NULL, variant INTEGER NOT NULL REFERENCES variants (id),
        family TEXT NOT NULL REFERENCES families (id)) WITHOUT ROWID;
    INSERT INTO occurrences7 SELECT o.id, o.article, o.quote, o.segment, o.variant, f.id
        FROM occurrences o JOIN families f ON f.num = o.family;
    CREATE TABLE copy_edges7 (family TEXT NOT NULL REFERENCES families (id), source TEXT NOT NULL,
        copy TEXT NOT NULL, source_article TEXT NOT NULL, copy_article TEXT NOT NULL, kind TEXT NOT NULL,
        similarity REAL NOT NULL, confidence REAL NOT NULL, evidence TEXT NOT NULL);
    INSERT INTO copy_edges7 SELECT f.id, e.source, e.copy, e.source_article, e.copy_article, e.kind,
        e.similarity, e.confidence, e.evidence FROM copy_edges e JOIN families f ON f.num = e.family ORDER BY e.rowid;
    CREATE TABLE sources7 (id TEXT PRIMARY KEY, rank INTEGER NOT NULL UNIQUE, name TEXT NOT NULL,
        citations INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO sources7 SELECT id, rank, name, citations FROM sources;
    CREATE TABLE citations7 (family TEXT NOT NULL REFERENCES families (id), occurrence TEXT NOT NULL,
        article TEXT NOT NULL, source TEXT NOT NULL REFERENCES sources (id), cue TEXT NOT NULL);
    INSERT INTO citations7 SELECT f.id, c.occurrence, c.article, s.id, c.cue FROM citations c
        JOIN families f ON f.num = c.family JOIN sources s ON s.num = c.source ORDER BY c.rowid;
    DROP TABLE citations; DROP TABLE copy_edges; DROP TABLE occurrences; DROP TABLE variants;
    DROP TABLE families; DROP TABLE sources;
    ALTER TABLE families7 RENAME TO families; ALTER TABLE variants7 RENAME TO variants;
    ALTER TABLE occurrences7 RENAME TO occurrences; ALTER TABLE copy_edges7 RENAME TO copy_edges;
    ALTER TABLE sources7 RENAME TO sources; ALTER TABLE citations7 RENAME TO citations;
    CREATE UNIQUE INDEX families_key ON families (key);
    CREATE INDEX occurrences_article ON occurrences (article, quote, segment);
    CREATE INDEX copy_edges_family ON copy_edges (family);
    CREATE INDEX citations_family ON citations (family);
    CREATE INDEX articles_outlet ON articles (outlet, published);
    PRAGMA user_version = 7;";

/// Makes a store that a build wrote what version 7 wrote.
pub fn downgrade_to_v7(db: &Path) {
    downgrade_to_v10(db);
    rusqlite::Connection::open(db)
        .unwrap()
        .execute_batch(DOWN_TO_V7)
        .unwrap();
}

/// Makes a store what version 4 wrote: reports that name families by
/// their ids (`F12`), and no `fragments` table.
fn downgrade_to_v4(db: &Path) {
    let reports = old_reports(db, false);
    downgrade_to_v7(db);
    let mut conn = rusqlite::Connection::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    for (id, z) in reports {
        tx.execute(
            "UPDATE families SET report = ?2 WHERE id = ?1",
            rusqlite::params![id, z],
        )
        .unwrap();
    }
    tx.execute_batch("DROP TABLE fragments").unwrap();
    tx.execute_batch(crate::store_add::DROP_V6).unwrap();
    tx.pragma_update(None, "user_version", 4).unwrap();
    tx.commit().unwrap();
}

/// Makes a store what version 3 wrote: texts as text, each quote's text
/// beside it, words as JSON, index rows of 64-bit hashes, and reports
/// that hold their copy edges and citations and name families by id.
fn downgrade_to_v3(db: &Path) {
    use quotegraph::store::index::{key_hash, stored};
    let texts = texts(db);
    let reports = old_reports(db, true);
    downgrade_to_v7(db);
    let mut conn = rusqlite::Connection::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute_batch(
        "DROP TABLE fragments; DROP VIEW quote_texts; ALTER TABLE articles DROP COLUMN size; \
         ALTER TABLE quotes ADD COLUMN text TEXT NOT NULL DEFAULT ''; ALTER TABLE variants ADD COLUMN bag BLOB;",
    )
    .unwrap();
    tx.execute_batch(crate::store_add::DROP_V6).unwrap();
    for (id, text) in &texts {
        tx.execute("UPDATE articles SET text = ?2 WHERE id = ?1", [id, text])
            .unwrap();
    }
    let quotes: Vec<(i64, i64, String, i64, i64)> = tx
        .prepare("SELECT q.article, q.idx, a.id, q.start, q.end FROM quotes q JOIN articles a ON a.seq = q.article")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (seq, idx, id, start, end) in quotes {
        tx.execute(
            "UPDATE quotes SET text = ?3 WHERE article = ?1 AND idx = ?2",
            rusqlite::params![seq, idx, &texts[&id][start as usize..end as usize]],
        )
        .unwrap();
    }
    for (id, z) in reports {
        tx.execute(
            "UPDATE families SET report = ?2 WHERE id = ?1",
            rusqlite::params![id, z],
        )
        .unwrap();
    }
    // Each variant's rows under the full hashes of its words' keys.
    let variants: Vec<(i64, String)> = tx
        .prepare("SELECT id, words FROM variants")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let rows: Vec<(i64, i64, i64, i64)> = tx
        .prepare("SELECT kind, hash, total, variant FROM shingles")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut full = std::collections::HashMap::new();
    for (v, words) in &variants {
        for w in words.split(' ') {
            let h = key_hash(quotegraph::normalize::word_key(w));
            full.insert((*v, stored(h)), h);
        }
        let json = serde_json::to_string(&words.split(' ').collect::<Vec<_>>()).unwrap();
        tx.execute(
            "UPDATE variants SET words = ?2 WHERE id = ?1",
            rusqlite::params![v, json],
        )
        .unwrap();
    }
    tx.execute("DELETE FROM shingles", []).unwrap();
    for (kind, h, total, v) in rows {
        tx.execute(
            "INSERT INTO shingles (kind, hash, total, variant) VALUES (?1, ?2, ?3, ?4)",
            [kind, full[&(v, h)], total, v],
        )
        .unwrap();
    }
    tx.pragma_update(None, "user_version", 3).unwrap();
    tx.commit().unwrap();
}

/// Makes a store what version 6 wrote: reports whose occurrences say
/// all their rows say too (article, quote, segment, outlet, date, kind,
/// speakers), and the indexes of occurrences by family and copy edges by
/// copy.
fn downgrade_to_v6(db: &Path) {
    let st = quotegraph::store::Store::open_read_only(db).unwrap();
    let conn = rusqlite::Connection::open(db).unwrap();
    let fams: Vec<(String, serde_json::Value)> = family_ids(&conn)
        .into_iter()
        .map(|id| {
            let fam = serde_json::to_value(st.family(&id).unwrap().unwrap()).unwrap();
            (id, fam)
        })
        .collect();
    drop((st, conn));
    downgrade_to_v7(db);
    let mut conn = rusqlite::Connection::open(db).unwrap();
    let tx = conn.transaction().unwrap();
    for (id, fam) in fams {
        let short = |v: &serde_json::Value| {
            serde_json::Value::from(v.as_str().unwrap().strip_prefix(&format!("{id}.")).unwrap())
        };
        let mut report = serde_json::Map::new();
        for field in ["undated", "speakers", "occurrences", "variants"] {
            report.insert(field.into(), fam[field].clone());
        }
        if fam["misattribution"].as_array().is_some_and(|m| !m.is_empty()) {
            report.insert("misattribution".into(), fam["misattribution"].clone());
        }
        for o in report["occurrences"].as_array_mut().unwrap() {
            o["variant"] = short(&o["variant"]);
        }
        for v in report["variants"].as_array_mut().unwrap() {
            v["id"] = short(&v["id"]);
            if !v["parent"].is_null() {
                v["parent"] = short(&v["parent"]);
            }
        }
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut z, &serde_json::to_vec(&report).unwrap()).unwrap();
        tx.execute(
            "UPDATE families SET report = ?2 WHERE id = ?1",
            rusqlite::params![id, z.finish().unwrap()],
        )
        .unwrap();
    }
    tx.execute_batch(
        "CREATE INDEX occurrences_family ON occurrences (family); CREATE INDEX copy_edges_copy ON copy_edges (copy);",
    )
    .unwrap();
    tx.pragma_update(None, "user_version", 6).unwrap();
    tx.commit().unwrap();
}

/// Stdout and exit code of a command.
/// `export` of the store at `dbs` into `exported` writes what `build`
/// wrote into `built`, byte for byte.
pub fn exports_as_built(db: &Path, built: &Path, exported: &Path, what: &str) {
    qg().args(["export", "--svg-max-nodes", "0", "--db"])
        .arg(db)
        .arg("--out")
        .arg(exported)
        .assert()
        .success();
    for name in ["quotes.jsonl", "families.json", "provenance.dot", "outlets.dot"] {
        assert!(
            read(&built.join(name)) == read(&exported.join(name)),
            "{name}: {what} exports other than the build"
        );
    }
}

fn run(args: &[&str], extra: &[&Path]) -> (String, Option<i32>) {
    let out = qg().args(args).args(extra).output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

#[test]
fn issue16_a_store_written_beside_the_build_is_the_same_bytes_on_any_thread_count() {
    // The store's rows are made on every core and go in on a thread of
    // their own, the articles whenever nothing else waits, every one
    // before the first family: timing decides when the inserts run,
    // never their order, and no packed copy evens out the file.
    let dir = tempfile::tempdir().unwrap();
    let Some(sim) = simulated(dir.path(), "300", "8", "5") else {
        return;
    };
    let store = |threads: &str| {
        let db = dir.path().join(format!("t{threads}.qg"));
        qg().arg("build")
            .arg(&sim)
            .arg("--out")
            .arg(dir.path().join(format!("o{threads}")))
            .args(["--threads", threads, "--svg-max-nodes", "0", "--db"])
            .arg(&db)
            .assert()
            .success();
        read(&db)
    };
    let one = store("1");
    assert!(one == store("2"), "two threads wrote another store");
    assert!(one == store("8"), "eight threads wrote another store");
}

#[test]
fn issue16_a_built_store_holds_the_outlet_tables_its_copy_edges_fold_to() {
    // `build --db` counts the outlet tables as the rows go in (session
    // 19) instead of folding them from the copy edges at the end:
    // `outlets.sql`, which migration 2 still runs, must make the same rows.
    let dir = tempfile::tempdir().unwrap();
    let Some(sim) = simulated(dir.path(), "300", "8", "5") else {
        return;
    };
    let db = dir.path().join("news.qg");
    qg().arg("build")
        .arg(&sim)
        .arg("--out")
        .arg(dir.path().join("o"))
        .args(["--svg-max-nodes", "0", "--db"])
        .arg(&db)
        .assert()
        .success();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let tables = |conn: &rusqlite::Connection| -> Vec<String> {
        let mut out = Vec::new();
        for sql in [
            "SELECT source || '>' || copy || '=' || lines FROM outlet_edges ORDER BY source, copy",
            "SELECT name || ':' || articles || '/' || gave || '/' || took FROM outlets ORDER BY name",
        ] {
            let mut st = conn.prepare(sql).unwrap();
            out.extend(st.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap));
        }
        out
    };
    let written = tables(&conn);
    assert!(
        written.iter().any(|r| r.contains('>')),
        "no pair of outlets: {written:?}"
    );
    conn.execute_batch(&format!("BEGIN; {} ", include_str!("../../src/store/outlets.sql")))
        .unwrap();
    assert_eq!(written, tables(&conn));
}

#[test]
fn issue16_build_db_stats_tell_the_store_steps() {
    // The store's rows go in on a thread of their own while the build
    // goes on (BENCHMARKS, session 18): `--stats` names each of its
    // stages, and how long the build waited for it.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.qg");
    let a = qg()
        .arg("build")
        .arg(corpus())
        .arg("--out")
        .arg(dir.path().join("o"))
        .args(["--svg-max-nodes", "0", "--stats", "--db"])
        .arg(&db)
        .assert()
        .success();
    let err = stderr_of(&a);
    let trace = err
        .lines()
        .find(|l| l.starts_with("stats: trace and write steps: "))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(trace.contains("store variants, index and occurrences made "), "{trace}");
    let store = err
        .lines()
        .find(|l| l.starts_with("stats: store steps (its own thread): "))
        .unwrap_or_else(|| panic!("{err}"));
    for step in [
        "articles and families as they came ",
        "variants, index and occurrences ",
        "speakers, sources and citations ",
        "fragments, outlets and commit ",
    ] {
        assert!(store.contains(step), "{store}");
    }
    assert!(
        err.lines()
            .any(|l| l.starts_with("stats: store: waited for the store's thread ")),
        "{err}"
    );
    // Without a store, no store steps.
    let a = qg()
        .arg("build")
        .arg(corpus())
        .arg("--out")
        .arg(dir.path().join("p"))
        .args(["--svg-max-nodes", "0", "--stats"])
        .assert()
        .success();
    let err = stderr_of(&a);
    assert!(!err.contains("store steps") && !err.contains("store variants"), "{err}");
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
fn issue16_origin_from_the_store_finds_a_window_that_overlaps_the_line_end_to_end() {
    // The query's last nine words open a longer line of another article:
    // two windows of one passage, which share too little of their weight
    // for the index's cover to find, yet `origin` over the articles links
    // them. The store must answer the same.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("windows.jsonl");
    let line = "Even to this day, we have as much information about what happened at the pier on Friday as \
                the harbour board gave the papers. We are kept in the dark about the rest of it, and about \
                what comes next for the town and the people who work on its boats.";
    let articles = [
        (
            "w1",
            format!("The families met on Monday.\n\n“{line}” said Ana Ruiz, whose brother was lost.\n"),
        ),
        (
            "w2",
            "The ferry sails again on Sunday.\n\n“The new timetable starts this week,” said Tom Hale.\n".into(),
        ),
    ];
    let mut text = String::new();
    for (id, body) in &articles {
        text.push_str(&serde_json::json!({"id": id, "text": body}).to_string());
        text.push('\n');
    }
    std::fs::write(&corpus, text).unwrap();
    let db = dir.path().join("windows.qg");
    build(&[&corpus], Some(&db), &dir.path().join("out"));
    let query = "I wanted to be at the hearing but I am unwell, and my doctors say I cannot travel. \
                 Even to this day, we have as much information about";
    let from_articles = run(&["origin", query], &[&corpus]);
    let from_store = run(&["origin", query, "--db", db.to_str().unwrap()], &[]);
    assert!(from_articles.0.contains("Even to this day"), "{from_articles:?}");
    assert_eq!(from_articles, from_store);
}

#[test]
fn issue16_a_version_3_store_is_compacted_and_answers_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.qg");
    let ex = corpus();
    let built = dir.path().join("built");
    build(&[&ex], Some(&db), &built);
    let dbs = db.to_str().unwrap();
    let queries = [
        "Kestrel Line's handling of hazardous cargo posed an unacceptable risk to the bay",
        "This is already the third spill in the bay in five years",
        "we",
    ];
    let before: Vec<_> = queries.iter().map(|q| run(&["origin", q, "--db", dbs], &[])).collect();
    let drift = run(&["drift", "--format", "json", "--db", dbs], &[]);
    let texts_before = texts(&db);
    downgrade_to_v3(&db);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let plain: i64 = conn
        .query_row("SELECT count(*) FROM articles WHERE typeof(text) = 'text'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(plain as usize, texts_before.len());
    drop(conn);

    // The first command that opens it for writing upgrades it (origin).
    for (q, was) in queries.iter().zip(&before) {
        assert_eq!(&run(&["origin", q, "--db", dbs], &[]), was, "origin {q:?}");
    }
    assert_eq!(run(&["drift", "--format", "json", "--db", dbs], &[]), drift);
    exports_as_built(&db, &built, &dir.path().join("exported"), "the upgraded store");
    assert_eq!(texts(&db), texts_before);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, quotegraph::store::VERSION);
    // Texts compressed, reports without the copy edges their table has,
    // words as the writer keeps them, index rows of 32-bit hashes.
    let (shrunk, articles): (i64, i64) = conn
        .query_row("SELECT sum(length(text) < size), count(*) FROM articles", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(shrunk, articles);
    let edges: i64 = conn
        .query_row("SELECT count(*) FROM copy_edges", [], |r| r.get(0))
        .unwrap();
    assert!(edges > 0);
    for z in conn
        .prepare("SELECT report FROM families")
        .unwrap()
        .query_map([], |r| r.get::<_, Vec<u8>>(0))
        .unwrap()
    {
        let json = report_json(&z.unwrap());
        assert!(!json.contains("copy_edges") && !json.contains("citations"), "{json}");
    }
    let json_words: i64 = conn
        .query_row("SELECT count(*) FROM variants WHERE words LIKE '[%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(json_words, 0);
    let wide: i64 = conn
        .query_row(
            "SELECT count(*) FROM postings WHERE hash NOT BETWEEN -2147483648 AND 2147483647",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(wide, 0);
    // The quote texts the view gives are the extractor's (not the rows
    // `quotes.jsonl` adds after them, with `in`: quotes nested in a quote,
    // segments of one).
    let quotes: Vec<String> = std::fs::read_to_string(built.join("quotes.jsonl"))
        .unwrap()
        .lines()
        .flat_map(|l| {
            let a: serde_json::Value = serde_json::from_str(l).unwrap();
            a["quotes"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|q| q.get("in").is_none())
                .map(|q| q["text"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    conn.create_scalar_function(
        "sqlar_uncompress",
        2,
        rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let packed: Vec<u8> = ctx.get(0)?;
            Ok(unpack(&packed, ctx.get(1)?).into_bytes())
        },
    )
    .unwrap();
    let viewed: Vec<String> = conn
        .prepare("SELECT text FROM quote_texts ORDER BY article, idx")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(viewed, quotes);
}

/// A corpus simulated from the BBC quotes into `dir/sim` (its
/// `articles.jsonl`), or `None` when `../shared` lacks them.
fn simulated(dir: &Path, articles: &str, outlets: &str, seed: &str) -> Option<std::path::PathBuf> {
    let bbc = shared("datasets/bbc.jsonl")?;
    let sim = dir.join("sim");
    qg().args([
        "simulate",
        "--no-txt",
        "--articles",
        articles,
        "--outlets",
        outlets,
        "--seed",
        seed,
        "--from",
    ])
    .arg(&bbc)
    .arg("--out")
    .arg(&sim)
    .assert()
    .success();
    Some(sim.join("articles.jsonl"))
}

#[test]
fn add_in_batches_gives_what_one_build_gives() {
    let dir = tempfile::tempdir().unwrap();
    let Some(all) = simulated(dir.path(), "160", "8", "3") else {
        return;
    };
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

    // After every add, the store exports what one build of the articles
    // so far writes; the batches in either order end where one build of
    // all does (what an add that touches only what changed must keep).
    let same_as_build = |db: &Path, inputs: &[&Path], what: &str| {
        let once = dir.path().join("once");
        let exported = dir.path().join("exported");
        for d in [&once, &exported] {
            let _ = std::fs::remove_dir_all(d);
        }
        build(inputs, None, &once);
        exports_as_built(db, &once, &exported, what);
    };
    let db = dir.path().join("news.qg");
    let reversed = dir.path().join("reversed.qg");
    build(&[&half], Some(&db), &dir.path().join("half"));
    std::fs::copy(&db, &reversed).unwrap();
    qg().args(["add", "--db"]).arg(&db).arg(&batch1).assert().success();
    same_as_build(&db, &[&half, &batch1], "the first add");
    qg().args(["add", "--db"]).arg(&db).arg(&batch2).assert().success();
    same_as_build(&db, &[&all], "adding in batches");
    for batch in [&batch2, &batch1] {
        qg().args(["add", "--db"]).arg(&reversed).arg(batch).assert().success();
    }
    same_as_build(&reversed, &[&all], "adding the batches the other way round");

    // Every text is in the store, those copied from store to store too.
    let stored = texts(&db);
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

/// An invented corpus for stable family keys (issue 16), in three
/// batches. One speaker's passage of four sentences: the base quotes its
/// first half (A) and second half (B), two families, beside an unrelated
/// dated line (U) and an undated one (N); the first add brings a window
/// across the middle (C), which joins A's and B's families; the second an
/// earlier copy of A's line (E), which moves the anchor. Returns the
/// store, grown by both adds, and the file of every article.
pub fn grown_store(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let s1 = "The harbour board will publish every inspection report from the last ten years.";
    let s2 = "Nobody on the board knew that the tanks had been leaking since the spring.";
    let s3 = "We will pay for the cleanup ourselves and we will not appeal the fine.";
    let s4 = "Every family on the quay deserves an answer before the fishing season opens.";
    let article = |id: &str, outlet: &str, date: Option<&str>, who: &str, line: &str| {
        let text = format!(
            "The Lowmarsh harbour board met on Friday after the diesel leak at the north quay.\n\n\
             \"{line}\" said {who}, who spoke to reporters outside.\n\nThe board meets again next month."
        );
        serde_json::json!({"id": id, "title": "Board answers on the quay leak", "outlet": outlet,
                           "published": date, "text": text})
        .to_string()
    };
    let olsen = "Mara Olsen";
    let a = article(
        "quay-post-a",
        "Quay Post",
        Some("2025-05-02T09:00:00Z"),
        olsen,
        &format!("{s1} {s2}"),
    );
    let b = article(
        "marsh-news-b",
        "Marsh News",
        Some("2025-05-02T15:00:00Z"),
        olsen,
        &format!("{s3} {s4}"),
    );
    let u = article(
        "marsh-news-u",
        "Marsh News",
        Some("2025-05-02T16:00:00Z"),
        "Piet Brand",
        "The north quay stays closed to every tanker until the divers finish their survey.",
    );
    let n = article(
        "leaflet-n",
        "Quay Leaflet",
        None,
        "Ida Vos",
        "Our members have asked the board for a public meeting in the old fish market.",
    );
    let c = article(
        "coast-daily-c",
        "Coast Daily",
        Some("2025-05-03T10:00:00Z"),
        olsen,
        &format!("{s2} {s3}"),
    );
    let e = article(
        "early-wire-e",
        "Early Wire",
        Some("2025-05-01T08:00:00Z"),
        olsen,
        &format!("{s1} {s2}"),
    );
    let file = |name: &str, lines: &[&String]| {
        let p = dir.join(name);
        std::fs::write(&p, lines.iter().map(|l| format!("{l}\n")).collect::<String>()).unwrap();
        p
    };
    let base = file("base.jsonl", &[&a, &b, &u, &n]);
    let merge = file("merge.jsonl", &[&c]);
    let early = file("early.jsonl", &[&e]);
    let all = file("all.jsonl", &[&e, &c, &n, &u, &b, &a]);
    let db = dir.join("grown.qg");
    build(&[&base], Some(&db), &dir.join("base"));
    for batch in [&merge, &early] {
        qg().args(["add", "--db"]).arg(&db).arg(batch).assert().success();
    }
    (db, all)
}

/// `key -> (id, canonical)`, and `alias -> (key, since_add, why)`, as the
/// store holds them.
type Keys = std::collections::BTreeMap<String, (String, String)>;
type Aliases = std::collections::BTreeMap<String, (String, i64, String)>;

fn keys_and_aliases(db: &Path) -> (Keys, Aliases) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let keys = conn
        .prepare("SELECT key, id, canonical FROM ranked_families")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let aliases = conn
        .prepare("SELECT alias, family_key, since_add, why FROM family_aliases")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?))))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    (keys, aliases)
}

#[test]
fn issue16_family_keys_stay_and_old_keys_resolve_after_adds() {
    let dir = tempfile::tempdir().unwrap();
    let (db, all) = grown_store(dir.path());
    let dbs = db.to_str().unwrap();
    let (keys, aliases) = keys_and_aliases(&db);

    // The merged family bears the key of its earliest copy, which came
    // last; the keys it had are aliases, each saying when and why.
    let merged = "early-wire-e#0";
    let (merged_id, canonical) = keys[merged].clone();
    assert!(canonical.starts_with("The harbour board will publish"), "{canonical}");
    let expected: Aliases = [
        ("marsh-news-b#0", (merged, 1, "merged")),
        ("quay-post-a#0", (merged, 2, "anchor moved")),
    ]
    .into_iter()
    .map(|(a, (k, n, w))| (a.to_string(), (k.to_string(), n, w.to_string())))
    .collect();
    assert_eq!(aliases, expected);
    // Untouched families keep their keys, dated or not.
    assert!(keys.contains_key("marsh-news-u#0"), "{keys:?}");
    assert!(keys.contains_key("leaflet-n#0"), "{keys:?}");

    // `origin` and `drift` take an id, a key or an old key alike.
    let by_id = run(&["origin", &merged_id, "--db", dbs], &[]);
    assert_eq!(by_id.1, Some(0), "{by_id:?}");
    assert!(by_id.0.contains("first appearance: early-wire-e"), "{by_id:?}");
    for name in [merged, "marsh-news-b#0", "quay-post-a#0"] {
        let a = qg().args(["origin", name, "--db", dbs]).assert().success();
        assert_eq!(
            String::from_utf8_lossy(&a.get_output().stdout),
            by_id.0,
            "origin {name}"
        );
        if name != merged {
            let err = stderr_of(&a);
            assert!(
                err.contains(&format!("{name} is an old key of family {merged_id} (key {merged})")),
                "{err}"
            );
        }
        assert_eq!(
            run(&["drift", "--family", name, "--db", dbs], &[]),
            run(&["drift", "--family", &merged_id, "--db", dbs], &[]),
            "drift --family {name}"
        );
    }
    assert_eq!(run(&["drift", "--family", "nobody#9", "--db", dbs], &[]).1, Some(1));
    // Over the articles, a key names its family too (old keys are the
    // store's history alone).
    assert_eq!(
        run(&["drift", "--family", merged], &[&all]),
        run(&["drift", "--family", merged, "--db", dbs], &[])
    );

    // History stays beside the exports, never in them: they are one
    // build's, byte for byte.
    let once = dir.path().join("once");
    build(&[&all], None, &once);
    let exported = dir.path().join("exported");
    qg().args(["export", "--svg-max-nodes", "0", "--db", dbs, "--out"])
        .arg(&exported)
        .assert()
        .success();
    for name in ["quotes.jsonl", "families.json"] {
        assert!(
            read(&once.join(name)) == read(&exported.join(name)),
            "{name}: the grown store exports other than one build"
        );
    }
    // A build has every key an add gives, and no history of its own.
    let fresh = dir.path().join("fresh.qg");
    build(&[&all], Some(&fresh), &dir.path().join("fresh"));
    let (fresh_keys, fresh_aliases) = keys_and_aliases(&fresh);
    assert_eq!(fresh_keys, keys);
    assert!(fresh_aliases.is_empty());

    // A version 2 store is given its keys by the migration, the same
    // that the writer gives (the undated family's too), and no aliases.
    downgrade_to_v3(&fresh);
    let conn = rusqlite::Connection::open(&fresh).unwrap();
    conn.execute_batch(
        "DROP INDEX families_key; ALTER TABLE families DROP COLUMN key; DROP TABLE family_aliases; \
         ALTER TABLE variants DROP COLUMN bag; PRAGMA user_version = 2;",
    )
    .unwrap();
    drop(conn);
    let served = qg().args(["serve", "--port", "0", "--db"]).arg(&fresh).assert().code(1);
    assert!(stderr_of(&served).contains("schema version 2 is older"));
    qg().args(["drift", "--family", merged, "--db"])
        .arg(&fresh)
        .assert()
        .success();
    assert_eq!(keys_and_aliases(&fresh), (keys, Aliases::new()));
    // Its variants have no key bags: `origin` compares them all, and
    // answers as a store that has them.
    let line = "Nobody on the board knew that the tanks had been leaking";
    let migrated = run(&["origin", line, "--db", fresh.to_str().unwrap()], &[]);
    assert_eq!(migrated.1, Some(0), "{migrated:?}");
    assert_eq!(migrated, run(&["origin", line, "--db", dbs], &[]));
}

/// An invented corpus with a fragment relation between two families:
/// a line (P) said alone in two articles and inside two different
/// statements; and articles (`later`, apart) of a line six outlets
/// carry, so that adding it makes that family `F1` and renumbers the
/// others. Returns the file of the first five articles and `later`'s.
fn fragment_corpus(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let p = "the harbour will never again be a dumping ground";
    let l1 =
        format!("We fought for twenty years against the tanker lobby, and I promise you today that {p} for anyone.");
    let l2 =
        format!("Nobody in this town has forgotten the spill of 1998, which is why {p} while I sit on this board.");
    let alone = format!("T{}", &p[1..]);
    let late = "The divers found three more drums of solvent under the old ferry pier this morning.";
    let article = |id: &str, outlet: &str, date: &str, who: &str, line: &str| {
        let text = format!(
            "The Lowmarsh harbour board met on Friday after the diesel leak at the north quay.\n\n\
             \"{line}\" said {who}, who spoke to reporters outside.\n\nThe board meets again next month.\n"
        );
        serde_json::json!({"id": id, "title": "Board answers", "outlet": outlet, "published": date, "text": text})
            .to_string()
            + "\n"
    };
    let first = [
        article("a1", "Quay Post", "2025-05-01T09:00:00Z", "Mara Olsen", &l1),
        article("a2", "Marsh News", "2025-05-02T09:00:00Z", "Piet Brand", &l2),
        article("a3", "Coast Daily", "2025-05-03T09:00:00Z", "Mara Olsen", &alone),
        article("a4", "Early Wire", "2025-05-04T09:00:00Z", "Piet Brand", &alone),
        article("a5", "Early Wire", "2025-05-05T09:00:00Z", "Mara Olsen", &l1),
    ];
    let later = [
        article("b1", "Quay Post", "2025-05-06T09:00:00Z", "Ida Vos", late),
        article("b2", "Marsh News", "2025-05-06T10:00:00Z", "Ida Vos", late),
        article("b3", "Coast Daily", "2025-05-06T11:00:00Z", "Ida Vos", late),
        article("b4", "Early Wire", "2025-05-06T12:00:00Z", "Ida Vos", late),
        article("b5", "Quay Leaflet", "2025-05-06T13:00:00Z", "Ida Vos", late),
        article("b6", "Fish Market", "2025-05-06T14:00:00Z", "Ida Vos", late),
    ];
    let base = dir.join("fragments.jsonl");
    std::fs::write(&base, first.concat()).unwrap();
    let add = dir.join("later.jsonl");
    std::fs::write(&add, later.concat()).unwrap();
    (base, add)
}

/// `key -> compressed report`, as the store holds them.
fn reports_by_key(db: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let rows = conn
        .prepare("SELECT key, report FROM families")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    rows
}

fn report_json(z: &[u8]) -> String {
    let mut json = String::new();
    std::io::Read::read_to_string(&mut flate2::read::ZlibDecoder::new(z), &mut json).unwrap();
    json
}

#[test]
fn issue16_a_version_4_store_keeps_its_reports_by_key_and_exports_as_before() {
    let dir = tempfile::tempdir().unwrap();
    let (base, _) = fragment_corpus(dir.path());
    let db = dir.path().join("news.qg");
    let built = dir.path().join("built");
    build(&[&base], Some(&db), &built);
    let families = std::fs::read_to_string(built.join("families.json")).unwrap();
    assert!(
        families.contains("\"inside\"") && families.contains("\"contains\""),
        "the corpus should hold a fragment relation: {families}"
    );
    let fresh = reports_by_key(&db);
    let dbs = db.to_str().unwrap();
    let drift = run(&["drift", "--format", "json", "--db", dbs], &[]);
    downgrade_to_v4(&db);
    for z in reports_by_key(&db).values() {
        assert!(report_json(z).starts_with("{\"id\":\"F"));
    }

    // The first command that opens it for writing upgrades it.
    assert_eq!(run(&["drift", "--format", "json", "--db", dbs], &[]), drift);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, quotegraph::store::VERSION);
    exports_as_built(&db, &built, &dir.path().join("exported"), "the upgraded store");
    // The reports are what a build of schema 5 writes: no family named by
    // its rank in them (no id; variants `v3`), nothing a column holds, its
    // fragment relations in `fragments` by key.
    let upgraded = reports_by_key(&db);
    assert_eq!(upgraded.keys().collect::<Vec<_>>(), fresh.keys().collect::<Vec<_>>());
    for (key, z) in &upgraded {
        let json = report_json(z);
        assert_eq!(json, report_json(&fresh[key]));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let fields: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        // Schema 10 leaves out `speakers` and `undated` where its
        // occurrences say them.
        assert!(
            fields
                .iter()
                .all(|f| ["misattribution", "occurrences", "speakers", "undated", "variants"].contains(f))
                && fields.contains(&"occurrences")
                && fields.contains(&"variants"),
            "{json}"
        );
        let short = |s: &serde_json::Value| s.as_str().unwrap().strip_prefix('v').unwrap().parse::<usize>().is_ok();
        assert!(
            v["variants"].as_array().unwrap().iter().all(|x| short(&x["id"])),
            "{json}"
        );
        assert!(
            v["occurrences"]
                .as_array()
                .unwrap()
                .iter()
                .all(|x| short(&x["variant"])),
            "{json}"
        );
    }
    let pairs: i64 = conn
        .query_row(
            "SELECT count(*) FROM fragments x JOIN families a ON a.key = x.fragment JOIN families b ON b.key = x.parent",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(pairs, 1);
}

#[test]
fn issue16_an_add_that_renumbers_families_leaves_their_reports_as_they_were() {
    // Blocker 3 of an incremental `add` (ARCHITECTURE.md): a family's
    // rank is in no report, so a family the add does not touch keeps its
    // stored report byte for byte, though its id changes.
    let dir = tempfile::tempdir().unwrap();
    let (base, later) = fragment_corpus(dir.path());
    let db = dir.path().join("news.qg");
    build(&[&base], Some(&db), &dir.path().join("built"));
    let before = reports_by_key(&db);
    let ids_before = keys_and_aliases(&db).0;
    qg().args(["add", "--db"]).arg(&db).arg(&later).assert().success();
    let after = reports_by_key(&db);
    let ids_after = keys_and_aliases(&db).0;
    assert_eq!(after.len(), before.len() + 1);
    for (key, z) in &before {
        assert_ne!(ids_before[key].0, ids_after[key].0, "{key} should be renumbered");
        assert!(&after[key] == z, "{key}: its report changed");
    }
    // And it reads back with its new id, its variants' and its fragment
    // relations' ids.
    let all = dir.path().join("all.jsonl");
    std::fs::write(&all, [read(&base), read(&later)].concat()).unwrap();
    let once = dir.path().join("once");
    build(&[&all], None, &once);
    let exported = dir.path().join("exported");
    qg().args(["export", "--svg-max-nodes", "0", "--db", db.to_str().unwrap(), "--out"])
        .arg(&exported)
        .assert()
        .success();
    for name in ["quotes.jsonl", "families.json"] {
        assert!(read(&once.join(name)) == read(&exported.join(name)), "{name}");
    }
}

/// Three articles, one quoting the line of another inside a quote of
/// its own (an occurrence of kind `nested`, credited to no one).
fn nested_corpus(dir: &Path) -> std::path::PathBuf {
    let line = "The ferry will run again once every buoy in the channel has been checked";
    crate::write(
        dir,
        "nested.jsonl",
        format!(
            "{{\"id\":\"n1\",\"published\":\"2024-03-01\",\"text\":\"“{line},” harbour master Ilse Tarn said on Monday.\"}}\n\
             {{\"id\":\"n2\",\"published\":\"2024-03-02\",\"text\":\"“She told us ‘the ferry will run again once every buoy in the channel has been checked’ and nothing happened,” said Tom Berg, a fisherman.\"}}\n"
        ),
    )
}

#[test]
fn issue16_a_version_6_store_keeps_thin_reports_and_answers_as_before() {
    // Schema 7 to 9: a report's occurrences kept their id, variant and
    // text (and whether they are nested), the rest read from their rows;
    // schema 10 reads those rows once, in the upgrade.
    let dir = tempfile::tempdir().unwrap();
    let ex = corpus();
    let nested = nested_corpus(dir.path());
    let db = dir.path().join("news.qg");
    let built = dir.path().join("built");
    build(&[&ex, &nested], Some(&db), &built);
    let families = std::fs::read_to_string(built.join("families.json")).unwrap();
    assert!(
        families.contains("\"kind\": \"nested\""),
        "the corpus should hold a nested quote"
    );
    let fresh = reports_by_key(&db);
    let dbs = db.to_str().unwrap();
    let queries = [
        "Kestrel Line's handling of hazardous cargo posed an unacceptable risk to the bay",
        "the ferry will run again once every buoy in the channel has been checked",
    ];
    let before: Vec<_> = queries.iter().map(|q| run(&["origin", q, "--db", dbs], &[])).collect();
    assert!(before.iter().all(|b| b.1 == Some(0)), "{before:?}");
    let drift = run(&["drift", "--format", "json", "--db", dbs], &[]);
    downgrade_to_v6(&db);
    for z in reports_by_key(&db).values() {
        assert!(report_json(z).contains("\"outlet\":"));
    }

    // The first command that opens it for writing upgrades it.
    assert_eq!(run(&["drift", "--format", "json", "--db", dbs], &[]), drift);
    for (q, was) in queries.iter().zip(&before) {
        assert_eq!(&run(&["origin", q, "--db", dbs], &[]), was, "origin {q:?}");
    }
    exports_as_built(&db, &built, &dir.path().join("exported"), "the upgraded store");
    let upgraded = reports_by_key(&db);
    assert_eq!(upgraded.keys().collect::<Vec<_>>(), fresh.keys().collect::<Vec<_>>());
    let mut nested_seen = 0;
    for (key, z) in &upgraded {
        let json = report_json(z);
        assert_eq!(json, report_json(&fresh[key]));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        // Schema 10: each occurrence carries its outlet, date, kind and
        // speakers (`at`); its text only when not its variant's; its
        // place only when its id does not say it (a nested quote's).
        for o in v["occurrences"].as_array().unwrap() {
            let mut fields: Vec<&str> = o.as_object().unwrap().keys().map(String::as_str).collect();
            fields.retain(|f| !["text", "place"].contains(f));
            assert_eq!(fields, ["at", "id", "variant"], "{json}");
            let nested = o["at"][2] == "nested";
            assert_eq!(nested, o.get("place").is_some(), "{json}");
            nested_seen += usize::from(nested);
        }
    }
    assert_eq!(nested_seen, 1);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (v, dropped): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), \
             (SELECT count(*) FROM sqlite_master WHERE name IN ('occurrences_family', 'copy_edges_copy'))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((v, dropped), (quotegraph::store::VERSION, 0));
}

/// Lines to ask `origin` for on a simulated corpus: quotes as printed,
/// their halves, one with a word changed, and lines of the corpus's
/// commonest words (whose every key is common: the index's costliest
/// lookups, each key drawing hundreds of candidates).
fn origin_lines(articles: &[quotegraph::article::Analysed]) -> Vec<String> {
    let mut lines = Vec::new();
    let mut count: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        for q in &a.quotes {
            let words: Vec<&str> = q.text.split_whitespace().collect();
            for w in &words {
                *count.entry(w.to_lowercase()).or_default() += 1;
            }
            if i % 9 != 0 || words.len() < 6 {
                continue;
            }
            let half = words.len() / 2;
            lines.push(q.text.clone());
            lines.push(words[..half].join(" "));
            lines.push(words[half..].join(" "));
            let mut edited = words.clone();
            edited[half] = "otherwise";
            lines.push(edited.join(" "));
        }
    }
    let mut common: Vec<(usize, String)> = count.into_iter().map(|(w, n)| (n, w)).collect();
    common.sort_unstable_by(|a, b| b.cmp(a));
    let common: Vec<&str> = common.iter().take(40).map(|(_, w)| w.as_str()).collect();
    for len in [3, 5, 8, 12] {
        for start in (0..common.len() - len).step_by(4) {
            lines.push(common[start..start + len].join(" "));
        }
    }
    lines
}

#[test]
fn issue16_origin_through_the_index_answers_what_a_scan_of_every_variant_answers() {
    // The store's answers, pinned against `origin` over the articles
    // (every variant aligned, no index) on a corpus big enough for lines
    // of common words to draw many candidates: what a faster lookup of
    // the index must keep.
    let dir = tempfile::tempdir().unwrap();
    let Some(all) = simulated(dir.path(), "400", "10", "5") else {
        return;
    };
    let db = dir.path().join("sim.qg");
    build(&[&all], Some(&db), &dir.path().join("out"));
    // The same articles in a store built from a quarter and added to:
    // its first rows' heavy keys were chosen with a quarter's key
    // frequencies, the rest with the whole corpus's.
    let text = String::from_utf8(read(&all)).unwrap();
    let (first, rest) = text.split_at(text.match_indices('\n').nth(99).unwrap().0 + 1);
    let (quarter, more) = (dir.path().join("quarter.jsonl"), dir.path().join("more.jsonl"));
    std::fs::write(&quarter, first).unwrap();
    std::fs::write(&more, rest).unwrap();
    let added = dir.path().join("added.qg");
    build(&[&quarter], Some(&added), &dir.path().join("quarter"));
    qg().args(["add", "--db"]).arg(&added).arg(&more).assert().success();
    let added = quotegraph::store::Store::open_read_only(&added).unwrap();
    let opts = quotegraph::pipeline::InputOptions {
        lang: "auto".into(),
        ..Default::default()
    };
    // The same store as version 8 wrote it, upgraded: no index row says
    // what the rest of its variant weighs, and every lighter candidate's
    // words are read, as before schema 9 (issue 16).
    let old = dir.path().join("old.qg");
    std::fs::copy(&db, &old).unwrap();
    downgrade_to_v10(&old);
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch("ALTER TABLE shingles DROP COLUMN rest; DROP TABLE key_counts; PRAGMA user_version = 8;")
        .unwrap();
    let old = quotegraph::store::Store::open(&old).unwrap();
    let cfg = quotegraph::link::LinkConfig::default();
    let t = quotegraph::pipeline::trace_inputs(&[all], &opts, &cfg, &quotegraph::pipeline::Quiet).unwrap();
    let st = quotegraph::store::Store::open_read_only(&db).unwrap();
    let rests = |db: &Path| -> (usize, usize, usize) {
        let rows = postings(db);
        (
            rows.iter().filter(|p| p.0 == 1 && p.4.is_some()).count(),
            rows.iter().filter(|p| p.0 == 1 && p.4.is_none()).count(),
            rows.iter().filter(|p| p.0 == 0 && p.4.is_some()).count(),
        )
    };
    let (known, unknown, on_every_key) = rests(&db);
    assert!(
        known > 1000 && unknown == 0 && on_every_key == 0,
        "{known} {unknown} {on_every_key}"
    );
    let (known, unknown, _) = rests(&dir.path().join("old.qg"));
    assert!(known == 0 && unknown > 1000, "{known} {unknown}");
    // Each store counts the variants under each key as its postings do:
    // a build, an add onto a quarter, and the migration.
    for store in ["sim.qg", "added.qg", "old.qg"] {
        let mut held = std::collections::BTreeMap::new();
        for p in postings(&dir.path().join(store)).iter().filter(|p| p.0 == 0) {
            *held.entry(p.1).or_insert(0i64) += 1;
        }
        let conn = rusqlite::Connection::open(dir.path().join(store)).unwrap();
        let counts: std::collections::BTreeMap<i64, i64> = conn
            .prepare("SELECT hash, variants FROM key_counts")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(held, counts, "{store}");
    }
    let lines = origin_lines(&t.articles);
    assert!(lines.len() > 150, "{} lines", lines.len());
    let (mut found, mut many) = (0, 0);
    for line in &lines {
        let scanned: Vec<&str> = quotegraph::pipeline::origin_families(&t.linked, &t.prov, line)
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        let indexed = st.origin_ids(line).unwrap();
        assert_eq!(indexed, scanned, "origin {line:?}");
        assert_eq!(added.origin_ids(line).unwrap(), scanned, "origin {line:?} after an add");
        assert_eq!(
            old.origin_ids(line).unwrap(),
            scanned,
            "origin {line:?} in an upgraded store"
        );
        found += usize::from(!scanned.is_empty());
        many += usize::from(scanned.len() > 1);
    }
    // Most quotes and their halves are found; some common lines match
    // several families, whose order the index must keep. (How many
    // families the commonest lines reach moves with the simulated draw:
    // more than three was asked once, and a change of speakers' names in
    // the draw's source left two at most.)
    assert!(found * 2 > lines.len(), "{found} of {} lines found", lines.len());
    assert!(many > 0, "no line matched more than one family");
}

/// A store's packed key index as its rows hold it.
fn postings_rows(db: &Path) -> Vec<(i64, i64, i64, i64, Vec<u8>)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut st = conn
        .prepare("SELECT kind, hash, total, variant, packed FROM postings ORDER BY kind, hash, total, variant")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn issue16_a_version_11_store_packs_its_index_as_a_build_does_and_answers_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let Some(all) = simulated(dir.path(), "200", "8", "11") else {
        return;
    };
    let db = dir.path().join("sim.qg");
    let out = dir.path().join("out");
    build(&[&all], Some(&db), &out);
    let rows = postings(&db);
    // Keys of common words fill several rows.
    let packed = postings_rows(&db);
    assert!(
        rows.len() > 2 * packed.len(),
        "{} postings in {} rows",
        rows.len(),
        packed.len()
    );
    assert!(packed.windows(2).any(|w| (w[0].0, w[0].1) == (w[1].0, w[1].1)));
    let old = dir.path().join("old.qg");
    std::fs::copy(&db, &old).unwrap();
    downgrade_to_v11(&old);
    let shingles: i64 = rusqlite::Connection::open(&old)
        .unwrap()
        .query_row("SELECT count(*) FROM shingles", [], |r| r.get(0))
        .unwrap();
    assert_eq!(shingles as usize, rows.len());
    // Upgraded, it holds the rows a build packs, byte for byte, and no
    // row a posting.
    let upgraded = quotegraph::store::Store::open(&old).unwrap();
    drop(upgraded);
    assert_eq!(postings_rows(&old), packed);
    let conn = rusqlite::Connection::open(&old).unwrap();
    let (version, tables): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), \
             (SELECT count(*) FROM sqlite_master WHERE name LIKE 'shingles%')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((version, tables), (quotegraph::store::VERSION, 0));
    drop(conn);
    exports_as_built(&old, &out, &dir.path().join("exported"), "upgraded from version 11");
    let (built, upgraded) = (
        quotegraph::store::Store::open_read_only(&db).unwrap(),
        quotegraph::store::Store::open_read_only(&old).unwrap(),
    );
    let lines: Vec<String> = std::fs::read_to_string(out.join("families.json"))
        .ok()
        .and_then(|j| serde_json::from_str::<serde_json::Value>(&j).ok())
        .and_then(|j| {
            j["families"].as_array().map(|fs| {
                fs.iter()
                    .filter_map(|f| f["canonical"].as_str().map(str::to_string))
                    .take(60)
                    .collect()
            })
        })
        .unwrap_or_default();
    assert!(lines.len() >= 30, "{} lines", lines.len());
    for line in &lines {
        let want = built.origin_ids(line).unwrap();
        assert!(!want.is_empty(), "{line:?}");
        assert_eq!(upgraded.origin_ids(line).unwrap(), want, "{line:?}");
    }
}

#[test]
fn issue16_a_version_12_store_upgrades_without_links_and_answers_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let Some(all) = simulated(dir.path(), "200", "8", "12") else {
        return;
    };
    let db = dir.path().join("sim.qg");
    let out = dir.path().join("out");
    build(&[&all], Some(&db), &out);
    let links: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM links", [], |r| r.get(0))
        .unwrap();
    assert!(links > 0, "the simulated corpus links something");
    let old = dir.path().join("old.qg");
    std::fs::copy(&db, &old).unwrap();
    downgrade_to_v12(&old);
    drop(quotegraph::store::Store::open(&old).unwrap());
    // Upgraded: version 13, an empty `links` and no `meta.links`, which
    // its first add fills (`store_add`).
    let conn = rusqlite::Connection::open(&old).unwrap();
    let (version, links, kept): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM links), \
             (SELECT count(*) FROM meta WHERE key = 'links')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((version, links, kept), (quotegraph::store::VERSION, 0, 0));
    drop(conn);
    exports_as_built(&old, &out, &dir.path().join("exported"), "upgraded from version 12");
    let (built, upgraded) = (
        quotegraph::store::Store::open_read_only(&db).unwrap(),
        quotegraph::store::Store::open_read_only(&old).unwrap(),
    );
    let text = std::fs::read_to_string(out.join("families.json")).unwrap();
    let families: serde_json::Value = serde_json::from_str(&text).unwrap();
    let lines: Vec<&str> = families["families"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["canonical"].as_str())
        .take(40)
        .collect();
    assert!(lines.len() >= 20, "{} lines", lines.len());
    for line in lines {
        let want = built.origin_ids(line).unwrap();
        assert!(!want.is_empty(), "{line:?}");
        assert_eq!(upgraded.origin_ids(line).unwrap(), want, "{line:?}");
    }
}
