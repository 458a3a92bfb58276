//! Writing a store: [`Writer`] (`build --db`) fills a new file beside
//! the old one in one transaction and renames it into place on
//! [`Writer::commit`], so a failed or killed run leaves the store it
//! found. The rows a build and an `add` ([`super::Update`])
//! write alike are written by the files below.
//!
//! `articles.rs`: articles' and quotes' rows; `families.rs`: families'
//! rows ([`PackedFamily`]), copy edges and ranks; `outlets.rs`: the
//! outlet tables as a build counts them from the families' reports;
//! `variants.rs`: variants' and occurrences' rows and the key index's
//! ([`LinkedRows`]), put in `postings` by `postings.rs`; `provenance.rs`:
//! speakers, sources, citations and `meta`; `insert.rs`: many rows a
//! statement ([`insert::insert_many`]), which all of them insert through.

pub(super) mod articles;
pub(super) mod families;
mod insert;
pub(super) mod outlets;
pub(super) mod postings;
pub(super) mod provenance;
pub(super) mod variants;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::compress::Zlib;
use super::open::{format_error, sql_error};
use super::schema::APPLICATION_ID;
use super::{MIGRATIONS, VERSION};
use crate::article::Analysed;
use crate::error::{Error, Result};
use crate::provenance::{Citation, FamilyReport, Provenance};
use articles::{article_rows, insert_articles, ArticleRows};
use families::{insert_families, write_ranks, PackedFamily};
use insert::insert_many;
use outlets::{outlet_pairs, UNKNOWN_OUTLET};
use provenance::{write_citations, write_meta, write_sources, write_speakers};
use variants::{insert_variant_rows, LinkedRows};

/// Articles are made ready to insert (texts compressed, JSON written)
/// and inserted this many at a time, between other jobs of the store's
/// thread.
const ARTICLE_BATCH: usize = 1024;

/// A new store being written: a temporary file beside `path`, in one
/// transaction, renamed over `path` by [`Writer::commit`]. Dropped
/// without committing, it leaves nothing behind. Every number it gives
/// (an article's `seq`, a variant's id, a family's and a source's `num`)
/// is the thing's place, which later `add`s keep.
pub struct Writer {
    conn: Connection,
    tmp: tempfile::TempPath,
    path: PathBuf,
    /// Ids and keys of the families written so far, by rank (= `num`).
    families: Vec<String>,
    keys: Vec<String>,
    /// Each family that is a fragment of others (by rank), and the ids of
    /// those: written by key into `fragments` once every key is known.
    inside: Vec<(usize, Vec<String>)>,
    /// Citations by family `num`, written once the sources are numbered
    /// ([`Writer::provenance`]).
    citations: Vec<(i64, Citation)>,
    /// The outlet tables, counted as rows go in (what `outlets.sql`
    /// folds from the copy edges, without reading them back): articles by
    /// outlet, and lines by pair of outlets ([`outlet_pairs`]).
    outlet_articles: BTreeMap<String, i64>,
    outlet_lines: BTreeMap<(String, String), i64>,
    zlib: Zlib,
    reports: Zlib,
}

impl Writer {
    /// Starts a new store that will replace whatever is at `path`.
    pub fn create(path: &Path, reading: &str, extraction: &str) -> Result<Writer> {
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = tempfile::Builder::new()
            .prefix(".quotegraph-")
            .suffix(".qg")
            .tempfile_in(dir)
            .map_err(|source| Error::File {
                action: "write store",
                path: path.to_path_buf(),
                source,
            })?
            .into_temp_path();
        let e = sql_error(path);
        let conn = Connection::open(&tmp).map_err(&e)?;
        // No journal: until the rename, the file is nobody's store. The
        // references are checked by the tests, not row by row: families
        // come in before the variants and articles they hold.
        // Pages of 8 KiB leave less of each page unused than 4 KiB under
        // rows of a compressed article or report: 3% of the store.
        conn.execute_batch(
            "PRAGMA page_size = 8192; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; \
             PRAGMA cache_size = -65536; PRAGMA foreign_keys = OFF; BEGIN",
        )
        .map_err(&e)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID).map_err(&e)?;
        for m in MIGRATIONS {
            conn.execute_batch(m).map_err(&e)?;
        }
        super::schema::pack_postings(&conn, path)?;
        conn.pragma_update(None, "user_version", VERSION).map_err(&e)?;
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('reading', ?1), ('extraction', ?2)",
            [reading, extraction],
        )
        .map_err(&e)?;
        Ok(Writer {
            conn,
            tmp,
            path: path.to_path_buf(),
            families: Vec::new(),
            keys: Vec::new(),
            inside: Vec::new(),
            citations: Vec::new(),
            outlet_articles: BTreeMap::new(),
            outlet_lines: BTreeMap::new(),
            zlib: Zlib::texts(),
            reports: Zlib::reports(),
        })
    }

    /// Families written so far.
    pub fn families(&self) -> usize {
        self.families.len()
    }

    /// The next batch of articles from `from` (in the linker's order,
    /// numbered so), their quotes and their texts, inserted in order;
    /// where the next batch starts. Made ready (texts compressed, JSON
    /// written) on this thread: beside a busy pool, a thread of its own
    /// runs sooner than work queued behind the pool's.
    pub fn articles(&mut self, articles: &[Analysed], texts: &[String], from: usize) -> Result<usize> {
        let to = (from + ARTICLE_BATCH).min(articles.len()).min(texts.len());
        let (articles, texts) = (&articles[..to], &texts[..to]);
        let zlib = &mut self.zlib;
        let rows: Vec<ArticleRows> = articles[from..]
            .iter()
            .zip(&texts[from..])
            .map(|(a, text)| article_rows(zlib, a, text))
            .collect();
        let batch: Vec<(i64, &Analysed, ArticleRows)> = (from..)
            .zip(rows)
            .map(|(seq, rows)| (seq as i64, &articles[seq], rows))
            .collect();
        insert_articles(&self.conn, &self.path, &batch)?;
        for a in &articles[from..] {
            let outlet = a.outlet.as_deref().unwrap_or(UNKNOWN_OUTLET);
            *self.outlet_articles.entry(outlet.to_string()).or_insert(0) += 1;
        }
        Ok(to)
    }

    /// The next families' reports, with their copy edges and citations,
    /// and what each is made of (`provenance::trace_some`'s inputs),
    /// packed on this thread.
    pub fn family_batch(&mut self, batch: Vec<(FamilyReport, u64)>) -> Result<()> {
        let mut packed = Vec::with_capacity(batch.len());
        for (fam, inputs) in batch {
            for (source, copy) in outlet_pairs(&fam) {
                *self
                    .outlet_lines
                    .entry((source.to_string(), copy.to_string()))
                    .or_insert(0) += 1;
            }
            let rank = (self.families.len() + packed.len()) as i64;
            packed.push((rank, PackedFamily::owned(&mut self.reports, fam, inputs)));
        }
        insert_families(&self.conn, &self.path, &packed)?;
        for (rank, fam) in packed {
            if !fam.inside.is_empty() {
                self.inside.push((self.families.len(), fam.inside));
            }
            self.citations.extend(fam.citations.into_iter().map(|c| (rank, c)));
            self.families.push(fam.id);
            self.keys.push(fam.key);
        }
        Ok(())
    }

    /// Variants, occurrences and the key index ([`variants::linked_rows`]), once
    /// every family is in.
    pub fn linked(&mut self, rows: LinkedRows) -> Result<()> {
        insert_variant_rows(&self.conn, &self.path, rows.variants, true)?;
        insert_many(
            &self.conn,
            &self.path,
            "INSERT INTO occurrences (id, article, quote, segment, variant, family)",
            6,
            &rows.occurrences,
            |st, at, (id, article, quote, segment, variant, family)| {
                st.raw_bind_parameter(at, id)?;
                st.raw_bind_parameter(at + 1, article)?;
                st.raw_bind_parameter(at + 2, quote)?;
                st.raw_bind_parameter(at + 3, segment)?;
                st.raw_bind_parameter(at + 4, variant)?;
                st.raw_bind_parameter(at + 5, family)
            },
        )?;
        insert_many(
            &self.conn,
            &self.path,
            "INSERT INTO links (block, pairs)",
            2,
            &rows.links,
            |st, at, (block, pairs)| {
                st.raw_bind_parameter(at, block)?;
                st.raw_bind_parameter(at + 1, pairs)
            },
        )?;
        self.conn
            .execute("INSERT INTO meta (key, value) VALUES ('links', 'kept')", [])
            .map_err(sql_error(&self.path))?;
        Ok(())
    }

    /// Speakers, sources (numbered by rank) and thresholds: the
    /// provenance beside its families; and the families' citations.
    pub fn provenance(&mut self, prov: &Provenance) -> Result<()> {
        write_meta(&self.conn, &self.path, prov)?;
        write_speakers(&self.conn, &self.path, prov)?;
        let nums: Vec<i64> = (0..prov.sources.len() as i64).collect();
        let num_of = write_sources(&self.conn, &self.path, prov, &nums)?;
        write_citations(&self.conn, &self.path, &self.citations, &num_of)
    }

    /// Commits, and puts the store in place of whatever was at its path.
    pub fn commit(self) -> Result<()> {
        self.finish()?.put_in_place()
    }

    /// Commits the file that [`Finished::put_in_place`] puts in place of
    /// whatever is at the store's path: dropped before, it leaves nothing
    /// behind.
    pub fn finish(self) -> Result<Finished> {
        let e = sql_error(&self.path);
        let rank_of: std::collections::HashMap<&str, usize> = self
            .families
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let mut fragments = Vec::new();
        for (f, parents) in &self.inside {
            for p in parents {
                let p = rank_of.get(p.as_str()).ok_or_else(|| {
                    format_error(
                        &self.path,
                        format!("family {} is inside {p}, which was not written", self.families[*f]),
                    )
                })?;
                fragments.push((&self.keys[*f], &self.keys[*p]));
            }
        }
        insert_many(
            &self.conn,
            &self.path,
            "INSERT INTO fragments (fragment, parent)",
            2,
            &fragments,
            |st, at, (fragment, parent)| {
                st.raw_bind_parameter(at, fragment)?;
                st.raw_bind_parameter(at + 1, parent)
            },
        )?;
        // A build numbers its families by rank.
        let nums: Vec<i64> = (0..self.families.len() as i64).collect();
        write_ranks(&self.conn, &self.path, &nums)?;
        self.outlets()?;
        // A build starts a history of its own.
        self.conn
            .execute("INSERT INTO meta (key, value) VALUES ('adds', '0')", [])
            .map_err(&e)?;
        self.conn.execute_batch("COMMIT").map_err(&e)?;
        // No packed copy: the caller hands every table's rows over in
        // one order (articles, families, variants and index, the rest),
        // each table in key order, so the file is the same bytes
        // whatever the timing, its tables' pages filled as they were
        // appended (a copy packed them 5% tighter for a re-read and
        // re-write of the whole store: a tenth of a 1M `build --db`).
        self.conn.close().map_err(|(_, err)| e(err))?;
        Ok(Finished {
            file: self.tmp,
            path: self.path.clone(),
        })
    }
}

/// A store written, not yet in place ([`Writer::finish`]).
pub struct Finished {
    file: tempfile::TempPath,
    path: PathBuf,
}

impl Finished {
    /// Puts the store in place of whatever was at its path.
    pub fn put_in_place(self) -> Result<()> {
        let file_error = |source| Error::File {
            action: "write store",
            path: self.path.clone(),
            source,
        };
        let f = std::fs::File::open(&self.file).map_err(file_error)?;
        f.sync_all().map_err(file_error)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o644))
                .map_err(file_error)?;
        }
        self.file.persist(&self.path).map_err(|err| file_error(err.error))?;
        Ok(())
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
