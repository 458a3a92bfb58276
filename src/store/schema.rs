//! The schema and its versions: [`SCHEMA`] (version 1) and the
//! [`MIGRATIONS`] that take a store to [`VERSION`], applied on opening
//! ([`migrate`], with what SQL alone cannot do run after them);
//! `PRAGMA application_id` marks a quotegraph store, and a newer or
//! foreign file is refused ([`version`]).

use std::path::Path;

use rusqlite::{params, Connection};

use super::compress::{pack_text, Zlib};
use super::open::{format_error, sql_error};
use super::report::{repack_reports, widen_reports};
use super::{index, write};
use crate::error::Result;

/// Schema version 1, as SQL.
pub const SCHEMA: &str = include_str!("schema.sql");

/// Fills the outlet tables of version 2 from the copy edges: run by the
/// migration; a [`Writer`] counts the same rows as they go in, which
/// the tests check against it.
#[cfg(test)]
pub(super) const OUTLETS: &str = include_str!("outlets.sql");

/// Migration `i` takes a store from version `i` to `i + 1`; the schema
/// version this build writes is their number. Version 2 adds `outlets`
/// and `outlet_edges`, filled from what version 1 holds; version 3 the
/// families' keys (read from what the store holds) and their aliases;
/// version 4 keeps each text once, compressed, and index rows of 32-bit
/// hashes (its texts are compressed by [`compress_texts`] after it);
/// version 5 reports that name no family by its rank (the `fragments`
/// table; its reports are rewritten by [`repack_reports`] after it);
/// version 6 what each report is made of (`families.inputs`), so that an
/// `add` keeps the reports that cannot have changed; version 7 reports
/// whose occurrences say only what their rows do not (its reports are
/// rewritten by `thin_reports` then, by [`widen_reports`] now), and two indexes fewer;
/// version 8 numbers given once (articles, variants, families, sources),
/// which an `add` keeps, so that it updates the store in place; version
/// 9 what the rest of a variant weighs on its heavy keys' index rows
/// (`shingles.rest`), by which `origin` drops lighter candidates unread,
/// and how many variants hold each key (`key_counts`); version 10
/// reports whose occurrences carry their outlet, date, kind and speakers
/// (rewritten by [`widen_reports`] after it), so that reading one looks
/// up no row, and one index fewer; version 11 each family's rank in a
/// table of its own (`family_ranks`; `families.id` goes, it is `F` and
/// the rank plus one), so that an `add` that renumbers families rewrites
/// a dozen bytes a family, not its row with its report; version 12 the
/// key index packed, up to [`index::CHUNK`] variants a row of
/// `postings` instead of a row of `shingles` each (packed by
/// [`pack_postings`] after it); version
/// 13 the links the linker found with their kind and score (`links`,
/// [`super::link_rows`]), so that an `add` aligns again only the pairs that can
/// have changed.
pub const MIGRATIONS: &[&str] = &[
    SCHEMA,
    concat!(include_str!("v2.sql"), include_str!("outlets.sql")),
    include_str!("v3.sql"),
    include_str!("v4.sql"),
    include_str!("v5.sql"),
    include_str!("v6.sql"),
    include_str!("v7.sql"),
    include_str!("v8.sql"),
    include_str!("v9.sql"),
    include_str!("v10.sql"),
    include_str!("v11.sql"),
    include_str!("v12.sql"),
    include_str!("v13.sql"),
];

/// The schema version this build reads and writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

/// `PRAGMA application_id` of a quotegraph store ("QGST").
pub(super) const APPLICATION_ID: i64 = 0x5147_5354;

/// The schema version of an opened store, once it is known to be a
/// quotegraph store no newer than this build (older ones it upgrades).
pub(super) fn version(conn: &Connection, path: &Path) -> Result<i64> {
    let e = sql_error(path);
    let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(&e)?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(&e)?;
    if app != APPLICATION_ID {
        return Err(format_error(
            path,
            "not a quotegraph store (an SQLite file some other program wrote)".into(),
        ));
    }
    if version > VERSION {
        return Err(format_error(
            path,
            format!(
                "schema version {version} is newer than this quotegraph reads (version {VERSION}); \
                 use a newer quotegraph, or build the store again"
            ),
        ));
    }
    Ok(version)
}

/// Brings an opened store up to [`VERSION`], or says why it cannot.
pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let e = sql_error(path);
    let version = version(conn, path)?;
    if version < VERSION {
        // Migration 8 rebuilds tables that others reference (and the
        // writers check no reference row by row either).
        conn.execute_batch("PRAGMA foreign_keys = OFF").map_err(&e)?;
        let tx = conn.transaction().map_err(&e)?;
        for m in &MIGRATIONS[version as usize..] {
            tx.execute_batch(m).map_err(&e)?;
        }
        if version < 4 {
            compress_texts(&tx, path)?;
        }
        // Both write reports as this version keeps them.
        if version < 5 {
            repack_reports(&tx, path)?;
        } else if version < 10 {
            widen_reports(&tx, path)?;
        }
        if version < 12 {
            pack_postings(&tx, path)?;
        }
        tx.pragma_update(None, "user_version", VERSION).map_err(&e)?;
        tx.commit().map_err(&e)?;
    }
    Ok(())
}

/// Packs the rows of `shingles` into `postings` (migration 12), then
/// drops it. A new store's is empty.
pub(super) fn pack_postings(conn: &Connection, path: &Path) -> Result<()> {
    let e = sql_error(path);
    let mut st = conn
        .prepare("SELECT kind, hash, total, variant, rest FROM shingles ORDER BY kind, hash, total, variant")
        .map_err(&e)?;
    let mut q = st.query([]).map_err(&e)?;
    // Packed a batch of whole keys at a time: at 1M the rows are tens of
    // millions.
    let mut rows: Vec<(i64, i64, index::Posting)> = Vec::new();
    while let Some(r) = q.next().map_err(&e)? {
        let kind: i64 = r.get(0).map_err(&e)?;
        let hash: i64 = r.get(1).map_err(&e)?;
        if rows.len() >= 1 << 20 && rows.last().is_some_and(|l| (l.0, l.1) != (kind, hash)) {
            write::postings::insert_postings(conn, path, &rows, |r| *r, true)?;
            rows.clear();
        }
        let posting = index::Posting {
            total: r.get(2).map_err(&e)?,
            variant: r.get(3).map_err(&e)?,
            rest: if kind == index::HEAVY_KEY {
                r.get(4).map_err(&e)?
            } else {
                None
            },
        };
        rows.push((kind, hash, posting));
    }
    write::postings::insert_postings(conn, path, &rows, |r| *r, true)?;
    drop(q);
    drop(st);
    conn.execute_batch("DROP TABLE shingles").map_err(&e)
}

/// Compresses the texts that migration 4 left as they were: an older
/// store's articles, one by one.
fn compress_texts(conn: &Connection, path: &Path) -> Result<()> {
    let e = sql_error(path);
    let mut zlib = Zlib::texts();
    let mut st = conn
        .prepare("SELECT seq, text FROM articles WHERE length(text) = size")
        .map_err(&e)?;
    let mut update = conn
        .prepare("UPDATE articles SET text = ?2 WHERE seq = ?1")
        .map_err(&e)?;
    let mut rows = st.query([]).map_err(&e)?;
    while let Some(r) = rows.next().map_err(&e)? {
        let seq: i64 = r.get(0).map_err(&e)?;
        let packed = pack_text(
            &mut zlib,
            r.get_ref(1).map_err(&e)?.as_bytes().map_err(|x| e(x.into()))?,
        );
        update.execute(params![seq, packed]).map_err(&e)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, Writer};

    /// Does a store hold nothing yet (a new file)? For tests of migrations.
    fn is_empty(conn: &Connection) -> bool {
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))
            .unwrap()
            == 0
    }

    #[test]
    fn a_newer_store_is_refused_naming_file_and_versions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("news.qg");
        Writer::create(&path, "--lang auto", "test").unwrap().commit().unwrap();
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", VERSION + 1).unwrap();
        drop(conn);
        let err = Store::open(&path).err().unwrap().to_string();
        assert!(err.contains("news.qg"), "{err}");
        assert!(err.contains(&format!("schema version {}", VERSION + 1)), "{err}");
        assert!(err.contains(&format!("(version {VERSION})")), "{err}");
    }

    #[test]
    fn an_older_store_is_upgraded_and_another_sqlite_file_refused() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join("old.qg");
        let conn = Connection::open(&old).unwrap();
        assert!(is_empty(&conn));
        conn.pragma_update(None, "application_id", APPLICATION_ID).unwrap();
        drop(conn);
        let store = Store::open(&old).unwrap();
        let v: i64 = store.conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, VERSION);
        assert!(!is_empty(&store.conn));

        let other = dir.path().join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        let err = Store::open(&other).err().unwrap().to_string();
        assert!(
            err.contains("other.db") && err.contains("not a quotegraph store"),
            "{err}"
        );
    }
}
