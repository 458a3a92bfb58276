//! The store handle: [`Store`], opened read-write (upgrading an older
//! schema) or read-only (for `serve`, refusing one), its pages read
//! through a memory map, its reads run in one transaction
//! ([`Store::in_one_read`]), its statements cached; what `meta` says of
//! how the store was made; and the errors that name the store's file.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::report::Inflater;
use super::schema::{migrate, version, VERSION};
use crate::error::{Error, Result};
use crate::link::LinkConfig;
use crate::provenance::Thresholds;

pub(super) fn sql_error(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |source| Error::Store {
        path: path.to_path_buf(),
        source,
    }
}

pub(super) fn format_error(path: &Path, message: String) -> Error {
    Error::StoreFormat {
        path: path.to_path_buf(),
        message,
    }
}

pub(super) fn json_error(path: &Path, what: &str, e: serde_json::Error) -> Error {
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
    pub(super) conn: Connection,
    pub(super) path: PathBuf,
    pub(super) inflater: std::cell::RefCell<Inflater>,
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

    pub(super) fn e(&self) -> impl Fn(rusqlite::Error) -> Error + '_ {
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

    pub(super) fn prep(&self, sql: &str) -> Result<rusqlite::CachedStatement<'_>> {
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
