//! The corpus kept in one SQLite file (`--db`): articles and their texts,
//! quotes, families with their reports, variants, occurrences, copy
//! edges, citations, speakers, and the key index that answers `origin`
//! without reading the articles again. The schema ([`SCHEMA`], documented
//! in the README) is meant to be queried from sqlite3, Python or
//! Datasette as well.
//!
//! `build --db` writes a store whole into a temporary file beside it and
//! renames it into place once committed; `add` updates it in place in
//! one transaction ([`Update`]). Either way a run that fails or is
//! killed leaves the store it found. Versions are `PRAGMA user_version`; an
//! older store is upgraded through [`MIGRATIONS`] on opening, a newer
//! one refused. [`Store::open_read_only`] (for `serve`) never writes:
//! it refuses an older store instead of upgrading it.
//!
//! A family's id (`F12`) is its rank and shifts as the corpus grows; its
//! *key* ([`family_key`]: the occurrence id of its first appearance)
//! depends on its members alone, and an `add` that merges families or
//! brings an earlier copy keeps the key it replaced as an alias
//! (`family_aliases`), so that a link to a family keeps working. A
//! stored report names no family by its id (schema 5: [`Packed`]), so
//! that renumbering leaves the reports of untouched families as they
//! were; the ids are put back on reading.

mod articles;
mod browse;
mod compress;
mod families;
pub mod index;
mod links;
mod origin;
mod report;
mod schema;
mod update;
mod write;

pub use browse::{ArticleView, Counts, FamilyRow, OutletEdge, OutletRow, QuoteView};
pub use families::{family_key, Alias, Resolved};
pub use links::{link_rows, unpack_links, StoredLink, LINK_BLOCK};
pub use schema::{MIGRATIONS, SCHEMA, VERSION};
pub use update::{stored_by_occurrence, unchanged_families, HeldInputs, LinkReads, Update};
pub use write::{linked_rows, Finished, LinkedRows, PackedFamily, Writer};

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use crate::error::{Error, Result};
use crate::link::LinkConfig;
use crate::provenance::Thresholds;
use compress::{pack_text, unpack_text, Zlib};
use families::{rank_of_id, REPORT_COLUMNS};
use report::{pack_report, strip_ranks, Inflater};
#[cfg(test)]
use schema::OUTLETS;
use schema::{migrate, pack_postings, version, APPLICATION_ID};

fn sql_error(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |source| Error::Store {
        path: path.to_path_buf(),
        source,
    }
}

fn format_error(path: &Path, message: String) -> Error {
    Error::StoreFormat {
        path: path.to_path_buf(),
        message,
    }
}

fn json_error(path: &Path, what: &str, e: serde_json::Error) -> Error {
    format_error(path, format!("{what} is not what this quotegraph wrote: {e}"))
}

/// Reads pages through a memory map rather than a read call each: a
/// search of a line of common words looks up thousands of variants one
/// by one, and the calls were half its time. The map is as large as
/// SQLite allows here (`SQLITE_MAX_MMAP_SIZE`, just under 2 GiB; a 1M
/// store is 3.2 GB, whose rest is read by calls). SQLite keeps the map
/// coherent with its own writes and other processes': an `add` writes in
/// place. A reader that meets an `add` committing waits for it, up to a
/// while, rather than failing at once; so does a second `add`. (`origin`
/// runs once and reads fewer pages than a server over its life: it
/// reads them by calls again, [`Store::unmapped`].)
fn read_mapped(conn: &Connection, path: &Path) -> Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(30))
        .map_err(sql_error(path))?;
    conn.execute_batch("PRAGMA mmap_size = 2147418112")
        .map_err(sql_error(path))
}

/// A store opened for reading.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    inflater: std::cell::RefCell<Inflater>,
}

impl Store {
    /// Opens an existing store, upgrading an older schema.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(Error::File {
                action: "open store",
                path: path.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
            });
        }
        // No mutex: a connection is used by one thread at a time (rusqlite's
        // is not `Sync`), and SQLite's serialized mode locked and unlocked
        // one around every column read of the add's millions of rows.
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql_error(path))?;
        read_mapped(&conn, path)?;
        migrate(&mut conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            inflater: Default::default(),
        })
    }

    /// Opens an existing store for reading only: nothing is written to it,
    /// not even an upgrade, so a store of an older schema is refused with
    /// the command that upgrades it.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        if !path.is_file() {
            return Err(Error::File {
                action: "open store",
                path: path.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
            });
        }
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(sql_error(path))?;
        let v = version(&conn, path)?;
        read_mapped(&conn, path)?;
        if v < VERSION {
            return Err(format_error(
                path,
                format!(
                    "schema version {v} is older than this quotegraph serves (version {VERSION}), \
                     and serving never writes; upgrade it once with any command that reads it, \
                     e.g. `quotegraph drift --db {} --family F1`",
                    path.display()
                ),
            ));
        }
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            inflater: Default::default(),
        })
    }

    fn e(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
        sql_error(&self.path)
    }

    /// Runs `f`'s reads in one transaction: outside one, SQLite takes and
    /// drops the file's shared lock, and checks for a hot journal, around
    /// every statement, which was 60% of the CPU of an `origin` on a 1M
    /// store (thousands of lookups). Inside one already, just runs `f`.
    /// Nothing is written, so the transaction is rolled back.
    pub fn in_one_read<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return f(self);
        }
        let tx = self.conn.unchecked_transaction().map_err(self.e())?;
        let out = f(self);
        tx.rollback().map_err(self.e())?;
        out
    }

    fn prep(&self, sql: &str) -> Result<rusqlite::CachedStatement<'_>> {
        self.conn.prepare_cached(sql).map_err(sql_error(&self.path))
    }

    /// The value `meta` holds for `key`, if any (what an `add` reads of
    /// its links and of the adds before it).
    pub(crate) fn meta(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(self.e())
    }

    /// How the store's articles were read (`--lang auto`, `--grammar
    /// FILE`…: [`crate::pipeline::InputOptions::reading`]).
    pub fn reading(&self) -> Result<String> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = 'reading'", [], |r| r.get(0))
            .map_err(self.e())
    }

    /// What the store's articles were extracted by
    /// ([`crate::pipeline::extraction_stamp`]); none in a store written
    /// before it was recorded.
    pub fn extraction(&self) -> Result<Option<String>> {
        self.meta("extraction")
    }

    /// The thresholds the store's quotes were linked with.
    pub fn config(&self) -> Result<LinkConfig> {
        let text: String = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'thresholds'", [], |r| r.get(0))
            .map_err(self.e())?;
        let t: Thresholds = serde_json::from_str(&text).map_err(|e| json_error(&self.path, "meta.thresholds", e))?;
        Ok(LinkConfig::from(&t))
    }

    /// Reads this store's pages by a read call each, not through the
    /// memory map: for a command that runs once and exits (`origin`),
    /// whose few thousand scattered pages cost more mapped (a fault each,
    /// which maps the pages around it too, and the page tables' teardown
    /// at exit) than read: 58 -> 51 ms of CPU at 990k (BENCHMARKS.md,
    /// session 20). A server keeps the map: its pages stay mapped from
    /// one request to the next.
    pub fn unmapped(self) -> Result<Store> {
        self.conn.execute_batch("PRAGMA mmap_size = 0").map_err(self.e())?;
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writer_dropped_before_commit_leaves_the_old_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("news.qg");
        std::fs::write(&path, b"old").unwrap();
        let w = Writer::create(&path, "--lang auto", "test").unwrap();
        drop(w);
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
