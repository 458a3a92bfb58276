//! An `add` that traces again only what changed (issue 16): families
//! whose report is made of the same inputs keep their stored report, and
//! the store still exports what one `build` over every article writes,
//! whatever the batches and their order; a store older than schema 6,
//! which has no inputs, is traced whole on its first `add`; an `add`
//! updates the store in place (schema 8), keeping every number it gave,
//! and one that fails midway leaves it as it was; its outlet tables are
//! those one build folds.

use std::path::{Path, PathBuf};

use crate::qg;
use crate::store::exports_as_built;

/// What takes a store of this schema back to version 5 (no inputs).
pub const DROP_V6: &str = "ALTER TABLE families DROP COLUMN inputs;";

/// The linker's posting cap the invented corpus is linked under: a
/// shingle three articles share is too common to propose a pair.
const MAX_POSTINGS: &str = "2";

/// An article of the invented corpus: one quote, credited to `who`.
fn article(id: &str, outlet: &str, date: Option<&str>, who: &str, line: &str) -> String {
    board_article(
        id,
        outlet,
        date,
        &format!("\"{line}\" said {who}, who spoke to reporters outside."),
    )
}

/// An article of the invented corpus whose one quote cites `source`.
fn cited(id: &str, outlet: &str, date: &str, who: &str, line: &str, source: &str) -> String {
    board_article(
        id,
        outlet,
        Some(date),
        &format!("\"{line},\" {who} said, as cited in {source}."),
    )
}

/// One JSONL line: the board story with `quoted` as its middle paragraph.
fn board_article(id: &str, outlet: &str, date: Option<&str>, quoted: &str) -> String {
    let text = format!(
        "The Lowmarsh harbour board met on Friday after the diesel leak at the north quay.\n\n\
         {quoted}\n\nThe board meets again next month.\n"
    );
    serde_json::json!({"id": id, "title": "Board answers on the quay leak", "outlet": outlet,
                       "published": date, "text": text})
    .to_string()
        + "\n"
}

/// The lines of the corpus: a two-sentence passage's halves (`a`, `b`)
/// and a window across them (`window`), which joins their families; a
/// line (`drift`) in three wordings, whose shared shingles the third
/// pushes over [`MAX_POSTINGS`]; a line credited to a bare surname, and
/// another to the full name, a new spelling of that speaker, which
/// cites a source whose name sorts before the one a line nothing touches
/// cites (so that its source's id, `S1`, becomes `S2`); and another line
/// nothing touches.
struct Corpus {
    base: PathBuf,
    batches: Vec<(&'static str, PathBuf)>,
}

fn corpus(dir: &Path) -> Corpus {
    let s1 = "The harbour board will publish every inspection report from the last ten years.";
    let s2 = "Nobody on the board knew that the tanks had been leaking since the spring.";
    let s3 = "We will pay for the cleanup ourselves and we will not appeal the fine.";
    let s4 = "Every family on the quay deserves an answer before the fishing season opens.";
    let drift =
        |word: &str| format!("The divers counted {word} rusted drums of solvent under the old ferry pier this week.");
    let day = |d: u32, h: u32| format!("2025-05-{d:02}T{h:02}:00:00Z");
    let brand = "Piet Brand";
    let base = [
        article("quay-a", "Quay Post", Some(&day(2, 9)), brand, &format!("{s1} {s2}")),
        article("marsh-b", "Marsh News", Some(&day(2, 15)), brand, &format!("{s3} {s4}")),
        article("coast-d1", "Coast Daily", Some(&day(3, 9)), "Ida Vos", &drift("eleven")),
        article("wire-d2", "Early Wire", Some(&day(3, 12)), "Ida Vos", &drift("twelve")),
        article(
            "quay-o",
            "Quay Post",
            Some(&day(4, 9)),
            "Olsen",
            "Our members have asked the board for a public meeting in the old fish market.",
        ),
        cited(
            "marsh-u",
            "Marsh News",
            &day(4, 16),
            "Tom Reed",
            "The north quay stays closed to every tanker until the divers finish their survey",
            "Quay Wire",
        ),
        article(
            "leaflet-n",
            "Quay Leaflet",
            None,
            "Tom Reed",
            "Nobody will fish off the north quay this summer, whatever the board decides.",
        ),
    ];
    let file = |name: &str, lines: &[String]| {
        let p = dir.join(name);
        std::fs::write(&p, lines.concat()).unwrap();
        p
    };
    let batches = vec![
        (
            "a window that merges two families",
            file(
                "window.jsonl",
                &[article(
                    "coast-c",
                    "Coast Daily",
                    Some(&day(5, 10)),
                    brand,
                    &format!("{s2} {s3}"),
                )],
            ),
        ),
        (
            "a third wording that pushes shared shingles over the cap",
            file(
                "drift.jsonl",
                &[article(
                    "fish-d3",
                    "Fish Market",
                    Some(&day(6, 9)),
                    "Ida Vos",
                    &drift("twenty"),
                )],
            ),
        ),
        (
            "a new spelling of a speaker",
            file(
                "spelling.jsonl",
                &[cited(
                    "wire-m",
                    "Early Wire",
                    &day(6, 12),
                    "Mara Olsen",
                    "The fish market will open its doors to every member who asks for a meeting",
                    "Anchor Press",
                )],
            ),
        ),
    ];
    Corpus {
        base: file("base.jsonl", &base),
        batches,
    }
}

/// `build` under the corpus's posting cap, with a store if `db`.
fn build_capped(inputs: &[&Path], db: Option<&Path>, out: &Path) {
    let mut cmd = qg();
    cmd.arg("build").args(inputs).arg("--out").arg(out);
    cmd.args(["--svg-max-nodes", "0", "--max-postings", MAX_POSTINGS]);
    if let Some(db) = db {
        cmd.arg("--db").arg(db);
    }
    cmd.assert().success();
}

/// `add`, and how many families the store holds and how many it traced
/// again (from its summary line).
fn add(db: &Path, batch: &Path) -> (usize, usize) {
    let (families, traced, _) = add_aligning(db, batch);
    (families, traced)
}

/// [`add`], and how many of its candidate pairs it aligned and how many
/// the stored links answered (from `--stats`).
fn add_aligning(db: &Path, batch: &Path) -> (usize, usize, (usize, usize)) {
    let a = qg()
        .args(["add", "--stats", "--db"])
        .arg(db)
        .arg(batch)
        .assert()
        .success();
    let err = crate::stderr_of(&a);
    let line = err
        .split("stats: aligned ")
        .nth(1)
        .unwrap_or_else(|| panic!("no aligned pairs: {err}"));
    let counts: Vec<usize> = line
        .split(" answered")
        .next()
        .unwrap()
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(counts.len(), 3, "{line}");
    let (families, traced) = summary_numbers(&err);
    (families, traced, (counts[0], counts[2]))
}

/// How many families a store holds and how many its add traced again,
/// from the add's summary line.
fn summary_numbers(err: &str) -> (usize, usize) {
    let tail = err
        .split("articles, ")
        .nth(1)
        .unwrap_or_else(|| panic!("no summary: {err}"));
    let numbers: Vec<usize> = tail
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(2)
        .map(|s| s.parse().unwrap())
        .collect();
    assert_eq!(numbers.len(), 2, "{err}");
    (numbers[0], numbers[1])
}

/// The store at `db` exports what one build of `inputs` writes, and
/// holds the outlet tables that build's store folds from every copy edge
/// (an add counts in only the edges it changed).
fn exports_as_one_build(dir: &Path, db: &Path, inputs: &[&Path], what: &str) {
    let once = dir.join("once");
    let exported = dir.join("exported");
    for d in [&once, &exported] {
        let _ = std::fs::remove_dir_all(d);
    }
    let once_db = dir.join("once.qg");
    let _ = std::fs::remove_file(&once_db);
    build_capped(inputs, Some(&once_db), &once);
    exports_as_built(db, &once, &exported, what);
    assert_eq!(outlet_tables(db), outlet_tables(&once_db), "{what}: outlet tables");
    assert_eq!(family_columns(db), family_columns(&once_db), "{what}: family columns");
    assert_eq!(stored_links(db), stored_links(&once_db), "{what}: links");
}

/// A stored link, by its variants' first occurrences (the smaller
/// first): theirs, its kind, whether the first is its shorter side, and
/// its score's bits.
type StoredLinkByOccurrence = (String, String, String, bool, u64);

/// The stored links (`links`, schema 13), each by its two variants'
/// first occurrences, sorted: the numbers an add gives differ from a
/// build's. Also checks that the store says it keeps them whole.
fn stored_links(db: &Path) -> Vec<StoredLinkByOccurrence> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let kept: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'links'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, "kept");
    let first: std::collections::HashMap<i64, String> =
        two_columns(&conn, "SELECT variant, min(id) FROM occurrences GROUP BY variant");
    let rows: Vec<(i64, Vec<u8>)> = two_columns(&conn, "SELECT block, pairs FROM links");
    let mut links: Vec<StoredLinkByOccurrence> = rows
        .iter()
        .flat_map(|(block, packed)| quotegraph::store::unpack_links(*block, packed).expect("a whole row"))
        .map(|l| {
            let (a, b) = (first[&l.a].clone(), first[&l.b].clone());
            let a_short = l.a_short == (a < b);
            let (a, b) = (a.clone().min(b.clone()), a.max(b));
            (a, b, format!("{:?}", l.kind), a_short, l.score.to_bits())
        })
        .collect();
    links.sort();
    links
}

/// The family (by key) each occurrence's and each variant's row names:
/// what `origin --db` and `serve` join on, which `export` does not read,
/// so an add that moved them wrongly would still export right; and each
/// family's rank (`family_ranks`, schema 11) by key.
fn family_columns(db: &Path) -> [Vec<(String, String)>; 3] {
    let conn = rusqlite::Connection::open(db).unwrap();
    [
        two_columns(
            &conn,
            "SELECT o.id, f.key FROM occurrences o JOIN families f ON f.num = o.family ORDER BY 1, 2",
        ),
        two_columns(
            &conn,
            "SELECT v.words, f.key FROM variants v JOIN families f ON f.num = v.family ORDER BY 1, 2",
        ),
        two_columns(
            &conn,
            "SELECT f.key, CAST(r.rank AS TEXT) FROM family_ranks r JOIN families f ON f.num = r.num \
             UNION ALL SELECT key, 'no rank' FROM families WHERE num NOT IN (SELECT num FROM family_ranks) \
             ORDER BY 1, 2",
        ),
    ]
}

/// The rows of a query of two columns, collected.
fn two_columns<A: rusqlite::types::FromSql, B: rusqlite::types::FromSql, C: FromIterator<(A, B)>>(
    conn: &rusqlite::Connection,
    sql: &str,
) -> C {
    conn.prepare(sql)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The family of one occurrence in a build's `families.json`.
fn family_of(out: &Path, occurrence: &str) -> serde_json::Value {
    let all: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("families.json")).unwrap()).unwrap();
    all["families"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["occurrences"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["id"] == occurrence)
        })
        .unwrap_or_else(|| panic!("no family holds {occurrence}"))
        .clone()
}

#[test]
fn issue16_an_add_traces_again_only_what_changed_and_ends_where_one_build_does() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path());
    let all: Vec<&Path> = std::iter::once(c.base.as_path())
        .chain(c.batches.iter().map(|(_, p)| p.as_path()))
        .collect();

    // Each batch changes what it should, so that the test tests it: the
    // window joins the halves' families, the third wording unlinks the
    // two others, and the full name renames the bare surname's speaker
    // and renumbers the sources of an untouched family's citation.
    let (before, after) = (dir.path().join("before"), dir.path().join("after"));
    build_capped(&[&c.base], None, &before);
    build_capped(&all, None, &after);
    assert_ne!(
        family_of(&before, "quay-a#0")["id"],
        family_of(&before, "marsh-b#0")["id"]
    );
    assert_eq!(
        family_of(&after, "quay-a#0")["id"],
        family_of(&after, "marsh-b#0")["id"]
    );
    assert_eq!(
        family_of(&before, "coast-d1#0")["id"],
        family_of(&before, "wire-d2#0")["id"]
    );
    assert_ne!(
        family_of(&after, "coast-d1#0")["id"],
        family_of(&after, "wire-d2#0")["id"]
    );
    assert_eq!(family_of(&before, "quay-o#0")["speaker"], "Olsen");
    assert_eq!(family_of(&after, "quay-o#0")["speaker"], "Mara Olsen");
    assert_eq!(family_of(&before, "marsh-u#0")["citations"][0]["source"], "S1");
    assert_eq!(family_of(&after, "marsh-u#0")["citations"][0]["source"], "S2");

    // The batches in three orders; after every add, the store is one
    // build of the articles so far, and it traced fewer families again
    // than it holds (the two lines nothing touches are kept). Pairs of
    // outlets come (the merge) and go (the unlinked wordings), so the
    // outlet tables are checked when they change.
    let (mut came, mut went, mut settled) = (false, false, false);
    for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
        let db = dir.path().join("news.qg");
        let _ = std::fs::remove_file(&db);
        build_capped(&[&c.base], Some(&db), &dir.path().join("built"));
        let mut so_far: Vec<&Path> = vec![&c.base];
        for i in order {
            let (what, batch) = &c.batches[i];
            let pairs =
                |db: &Path| -> Vec<(String, String)> { outlet_tables(db).0.into_iter().map(|t| (t.0, t.1)).collect() };
            let before = pairs(&db);
            let (families, traced, (_, answered)) = add_aligning(&db, batch);
            settled |= answered > 0;
            let after = pairs(&db);
            came |= after.iter().any(|p| !before.contains(p));
            went |= before.iter().any(|p| !after.contains(p));
            assert!(
                traced < families,
                "{what} (order {order:?}): traced {traced} of {families}"
            );
            so_far.push(batch);
            exports_as_one_build(dir.path(), &db, &so_far, &format!("{what} (order {order:?})"));
        }
    }
    assert!(came && went, "no outlet pair came ({came}) or went ({went})");
    assert!(settled, "no add took a pair's link, or its absence, from the store");
}

#[test]
fn issue16_an_add_traces_every_family_again_when_the_stored_inputs_are_not_what_it_makes() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path());
    let db = dir.path().join("news.qg");
    build_capped(&[&c.base], Some(&db), &dir.path().join("built"));
    // As a quotegraph that made its reports otherwise would have stored
    // them: the families the add leaves as they were are not known by
    // their inputs then (the first is hashed to check), and every one is
    // traced again.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("UPDATE families SET inputs = CASE WHEN inputs > 0 THEN inputs - 1 ELSE inputs + 1 END")
        .unwrap();
    drop(conn);
    let (families, traced) = add(&db, &c.batches[0].1);
    assert_eq!(traced, families);
    exports_as_one_build(
        dir.path(),
        &db,
        &[&c.base, &c.batches[0].1],
        "the add over altered inputs",
    );
    let (families, traced) = add(&db, &c.batches[1].1);
    assert!(traced < families, "traced {traced} of {families}");
    exports_as_one_build(
        dir.path(),
        &db,
        &[&c.base, &c.batches[0].1, &c.batches[1].1],
        "the next add",
    );
}

#[test]
fn issue16_a_version_5_store_is_traced_whole_on_its_first_add_then_in_part() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path());
    let db = dir.path().join("news.qg");
    build_capped(&[&c.base], Some(&db), &dir.path().join("built"));
    crate::store::downgrade_to_v7(&db);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(DROP_V6).unwrap();
    conn.pragma_update(None, "user_version", 5).unwrap();
    drop(conn);

    // Upgraded, it knows no report's inputs: every family is traced.
    let (families, traced) = add(&db, &c.batches[0].1);
    assert_eq!(traced, families);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (v, unknown): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT user_version FROM pragma_user_version), count(*) FROM families WHERE inputs IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((v, unknown), (quotegraph::store::VERSION, 0));
    drop(conn);
    exports_as_one_build(
        dir.path(),
        &db,
        &[&c.base, &c.batches[0].1],
        "the upgraded store's first add",
    );

    // Then it has them, and the next add keeps what it can.
    let (families, traced) = add(&db, &c.batches[1].1);
    assert!(traced < families, "traced {traced} of {families}");
    exports_as_one_build(
        dir.path(),
        &db,
        &[&c.base, &c.batches[0].1, &c.batches[1].1],
        "the next add",
    );
}

#[test]
fn issue16_a_version_10_store_keeps_its_ranks_apart_once_upgraded_and_adds_end_where_one_build_does() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path());
    let db = dir.path().join("news.qg");
    build_capped(&[&c.base], Some(&db), &dir.path().join("built"));
    crate::store::downgrade_to_v10(&db);
    crate::store::exports_as_built(&db, &dir.path().join("built"), &dir.path().join("exported"), "upgraded");
    let columns = |db: &Path| -> Vec<String> {
        two_columns::<String, i64, Vec<_>>(
            &rusqlite::Connection::open(db).unwrap(),
            "SELECT name, cid FROM pragma_table_info('families') ORDER BY cid",
        )
        .into_iter()
        .map(|c| c.0)
        .collect()
    };
    let cols = columns(&db);
    assert!(!cols.iter().any(|c| c == "rank" || c == "id"), "{cols:?}");
    let mut so_far: Vec<&Path> = vec![&c.base];
    for (what, batch) in &c.batches {
        add(&db, batch);
        so_far.push(batch);
        exports_as_one_build(dir.path(), &db, &so_far, what);
    }
    // Ids are ranks: `F1` is the first, and only as `families.json`
    // spells it.
    let st = quotegraph::store::Store::open_read_only(&db).unwrap();
    let first = st.resolve("F1").unwrap().expect("F1");
    assert_eq!(first.id, "F1");
    assert_eq!(st.resolve(&first.key).unwrap().map(|r| r.id), Some("F1".to_string()));
    for odd in ["F01", "F0", "F+1", "F-1", "1", "F"] {
        assert!(st.resolve(odd).unwrap().is_none(), "{odd}");
    }
}

#[test]
fn issue16_a_version_12_store_aligns_every_pair_on_its_first_add_then_keeps_its_links() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path());
    let db = dir.path().join("news.qg");
    build_capped(&[&c.base], Some(&db), &dir.path().join("built"));
    assert!(!stored_links(&db).is_empty(), "the invented corpus links something");
    crate::store::downgrade_to_v12(&db);
    crate::store::exports_as_built(&db, &dir.path().join("built"), &dir.path().join("exported"), "upgraded");
    let links: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("SELECT count(*) FROM links", [], |r| r.get(0))
        .unwrap();
    assert_eq!(links, 0, "an upgraded store has no links until its first add");
    let mut so_far: Vec<&Path> = vec![&c.base];
    for (i, (what, batch)) in c.batches.iter().enumerate() {
        let (_, _, (aligned, answered)) = add_aligning(&db, batch);
        if i == 0 {
            assert_eq!(answered, 0, "{what}: the first add has no links to read");
            assert!(aligned > 0, "{what}");
        }
        so_far.push(batch);
        exports_as_one_build(dir.path(), &db, &so_far, &format!("{what}, on a version 12 store"));
    }
}

/// Each article's number by id, each occurrence's variant number by id,
/// and each family's number by key: what an `add` must keep.
type Numbers = [std::collections::BTreeMap<String, i64>; 3];

fn numbers(db: &Path) -> Numbers {
    let conn = rusqlite::Connection::open(db).unwrap();
    [
        two_columns(&conn, "SELECT id, seq FROM articles"),
        two_columns(&conn, "SELECT id, variant FROM occurrences"),
        two_columns(&conn, "SELECT key, num FROM families"),
    ]
}

#[test]
fn issue16_an_add_updates_the_store_in_place_and_keeps_its_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path());
    let db = dir.path().join("news.qg");
    build_capped(&[&c.base], Some(&db), &dir.path().join("built"));
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&db).unwrap());
    let mut so_far: Vec<&Path> = vec![&c.base];
    for (what, batch) in &c.batches {
        let before = numbers(&db);
        add(&db, batch);
        let after = numbers(&db);
        for (i, table) in ["articles", "occurrences"].iter().enumerate() {
            for (id, n) in &before[i] {
                assert_eq!(after[i].get(id), Some(n), "{what}: {table} {id} renumbered");
            }
            // What is new is numbered after what was there.
            let old_max = before[i].values().max().copied().unwrap_or(-1);
            let fresh: Vec<i64> = after[i]
                .iter()
                .filter(|(id, _)| !before[i].contains_key(*id))
                .map(|(_, &n)| n)
                .collect();
            assert!(!fresh.is_empty(), "{what}: no new {table}");
            if i == 0 {
                assert!(fresh.iter().all(|&n| n > old_max), "{what}: {fresh:?} after {old_max}");
            }
        }
        let kept: Vec<&String> = before[2].keys().filter(|k| after[2].contains_key(*k)).collect();
        assert!(!kept.is_empty(), "{what}: no family kept its key");
        for k in kept {
            assert_eq!(after[2][k], before[2][k], "{what}: family {k} renumbered");
        }
        #[cfg(unix)]
        assert_eq!(
            std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&db).unwrap()),
            inode,
            "{what}: the store was replaced, not updated"
        );
        so_far.push(batch);
        exports_as_one_build(dir.path(), &db, &so_far, what);
    }
}

#[test]
fn issue16_an_add_that_fails_midway_leaves_the_store_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path());
    let db = dir.path().join("news.qg");
    build_capped(&[&c.base], Some(&db), &dir.path().join("built"));
    // The add fails when it writes `meta`, near its end: by then it has
    // written the new articles (the trigger fires only once they are
    // in), the families traced again, the variants and occurrences.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let held: i64 = conn
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch(&format!(
        "CREATE TRIGGER fail_late BEFORE INSERT ON meta WHEN (SELECT count(*) FROM articles) > {held} \
         BEGIN SELECT RAISE(ABORT, 'no room left (a test)'); END;"
    ))
    .unwrap();
    drop(conn);
    let was = std::fs::read(&db).unwrap();
    let batch = &c.batches[0].1;
    let failed = qg().args(["add", "--db"]).arg(&db).arg(batch).assert().failure();
    let err = crate::stderr_of(&failed);
    assert!(err.contains("no room left (a test)"), "{err}");
    assert!(std::fs::read(&db).unwrap() == was, "the failed add changed the store");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("news.qg") && n != "news.qg")
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // Without the trigger, the same add goes through.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("DROP TRIGGER fail_late")
        .unwrap();
    add(&db, batch);
    exports_as_one_build(dir.path(), &db, &[&c.base, batch], "the add after the failed one");
}

/// A store's outlet tables: each pair's lines, each outlet's articles
/// and what it gave and took.
type OutletTables = (Vec<(String, String, i64)>, Vec<(String, i64, i64, i64)>);

fn outlet_tables(db: &Path) -> OutletTables {
    let conn = rusqlite::Connection::open(db).unwrap();
    let pairs = conn
        .prepare("SELECT source, copy, lines FROM outlet_edges ORDER BY source, copy")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let outlets = conn
        .prepare("SELECT name, articles, gave, took FROM outlets ORDER BY name")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    (pairs, outlets)
}

#[test]
fn issue16_an_add_reads_stored_articles_with_nested_quotes_whole_and_ends_where_one_build_does() {
    // An add holds the stored articles compact and takes their quotes'
    // words from the stored variants; a quote with a quote nested in it
    // is split from its text, so its article is read whole before the
    // link. A family traced again reads its stored articles' quotes
    // whole too: here the nested quote's family, which the new copy of
    // the line joins.
    let dir = tempfile::tempdir().unwrap();
    let line = "The ferry will run again once every buoy in the channel has been checked";
    let file = |name: &str, text: String| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let base = file(
        "base.jsonl",
        format!(
            "{{\"id\":\"n1\",\"published\":\"2024-03-01\",\"text\":\"“{line},” harbour master Ilse Tarn said on Monday.\"}}\n\
             {{\"id\":\"n2\",\"published\":\"2024-03-02\",\"text\":\"“She told us ‘{}’ and nothing happened,” said Tom Berg, a fisherman.\"}}\n\
             {{\"id\":\"n4\",\"published\":\"2024-03-02\",\"text\":\"“The nets are dry and the boats stay in,” said Tom Berg, a fisherman.\"}}\n",
            line.to_lowercase()
        ),
    );
    let batch = file(
        "batch.jsonl",
        format!("{{\"id\":\"n3\",\"published\":\"2024-03-03\",\"text\":\"Ilse Tarn repeated: “{line}.”\"}}\n"),
    );
    let db = dir.path().join("news.qg");
    build_capped(&[&base], Some(&db), &dir.path().join("built"));
    let (families, traced) = add(&db, &batch);
    assert!(traced < families, "traced {traced} of {families}");
    exports_as_one_build(
        dir.path(),
        &db,
        &[&base, &batch],
        "a copy of a line quoted inside a stored quote",
    );
    let exported = std::fs::read_to_string(dir.path().join("exported").join("families.json")).unwrap();
    assert!(exported.contains("\"kind\": \"nested\""), "no nested quote: {exported}");
}

#[test]
fn issue16_an_add_whose_rules_differ_from_the_stores_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path());
    let grammar = dir.path().join("en.qg");
    let builtin = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("grammars/en.qg")).unwrap();
    std::fs::write(&grammar, &builtin).unwrap();
    let db = dir.path().join("news.qg");
    let out = dir.path().join("out");
    let run = |cmd: &str, batch: &Path, more: &[&Path]| {
        let a = qg()
            .arg(cmd)
            .arg(batch)
            .arg("--db")
            .arg(&db)
            .arg("--grammar")
            .arg(&grammar)
            .args(more)
            .assert()
            .success();
        crate::stderr_of(&a)
    };
    let built = run("build", &c.base, &[Path::new("--out"), &out]);
    assert!(!built.contains("warning"), "{built}");
    let same = run("add", &c.batches[0].1, &[]);
    assert!(!same.contains("extracted by"), "{same}");
    // A rule file edited between the build and the add: same options,
    // other rules.
    std::fs::write(&grammar, format!("{builtin}\n# edited\n")).unwrap();
    let edited = run("add", &c.batches[1].1, &[]);
    let warning = edited
        .lines()
        .find(|l| l.contains("extracted by"))
        .unwrap_or_else(|| panic!("no warning: {edited}"));
    assert!(
        warning.starts_with("warning:") && warning.contains("news.qg"),
        "{warning}"
    );
    let stamps: Vec<&str> = warning.matches("rules ").collect();
    assert_eq!(stamps.len(), 2, "{warning}");
}
