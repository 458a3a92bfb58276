//! Writing a store: [`Writer`] fills a new file beside the old one in
//! one transaction, copies it packed and renames the copy into place on
//! [`Writer::commit`], so a failed or killed run leaves the store it
//! found.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};

use super::{
    family_key, format_error, index, pack_report, pack_text, restore_ranks, sql_error, strip_ranks, APPLICATION_ID,
    MIGRATIONS, NEW_ALIASES, OLD_ALIASES, OUTLETS, VERSION,
};
use crate::article::Analysed;
use crate::error::{Error, Result};
use crate::link::{self, LinkConfig, Linked};
use crate::provenance::{occ_id, FamilyReport, Kept, Provenance};

/// A store being written: a temporary file beside `path`, in one
/// transaction, renamed over `path` by [`Writer::commit`]. Dropped
/// without committing, it leaves nothing behind.
pub struct Writer {
    conn: Connection,
    tmp: tempfile::TempPath,
    path: PathBuf,
    /// Is the old store attached, to copy texts and family keys from?
    copies_texts: bool,
    /// Ids and keys of the families written so far, by rank.
    families: Vec<String>,
    keys: Vec<String>,
    /// Each family that is a fragment of others (by rank), and the ids of
    /// those: written by key into `fragments` once every key is known.
    inside: Vec<(usize, Vec<String>)>,
    /// Families kept from the old store (new id, old id), whose citations
    /// are copied once the sources are renumbered ([`Writer::provenance`]).
    kept: Vec<(String, String)>,
    /// Texts are compressed fast (they are a few KB each, and the level
    /// hardly matters); reports at zlib's default level, a fifth smaller.
    zlib: flate2::write::ZlibEncoder<Vec<u8>>,
    reports: flate2::write::ZlibEncoder<Vec<u8>>,
}

impl Writer {
    /// Starts a new store that will replace whatever is at `path`;
    /// texts not given to [`Writer::articles`] are copied from the store
    /// `texts_from`.
    pub fn create(path: &Path, texts_from: Option<&Path>, reading: &str) -> Result<Writer> {
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
        conn.pragma_update(None, "user_version", VERSION).map_err(&e)?;
        conn.execute("INSERT INTO meta (key, value) VALUES ('reading', ?1)", [reading])
            .map_err(&e)?;
        if let Some(old) = texts_from {
            conn.execute("ATTACH DATABASE ?1 AS old", [old.to_string_lossy()])
                .map_err(&e)?;
        }
        Ok(Writer {
            copies_texts: texts_from.is_some(),
            conn,
            tmp,
            path: path.to_path_buf(),
            families: Vec::new(),
            keys: Vec::new(),
            inside: Vec::new(),
            kept: Vec::new(),
            zlib: flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast()),
            reports: flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default()),
        })
    }

    fn prep(&self, sql: &str) -> Result<rusqlite::CachedStatement<'_>> {
        self.conn.prepare_cached(sql).map_err(sql_error(&self.path))
    }

    /// Families written so far.
    pub fn families(&self) -> usize {
        self.families.len()
    }

    /// The articles, in the linker's order, their quotes, and their
    /// texts: those not given (`None`) from the store the writer copies
    /// texts from.
    pub fn articles(&mut self, articles: &[Analysed], texts: &[Option<String>]) -> Result<()> {
        let e = sql_error(&self.path);
        let mut art = self.conn.prepare_cached(if self.copies_texts {
            "INSERT INTO articles (seq, id, title, outlet, published, author, url, language, text, diagnostics, size) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(?9, (SELECT text FROM old.articles WHERE id = ?2)), ?10, \
             coalesce(?11, (SELECT size FROM old.articles WHERE id = ?2)))"
        } else {
            "INSERT INTO articles (seq, id, title, outlet, published, author, url, language, text, diagnostics, size) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        }).map_err(&e)?;
        let mut quo = self
            .conn
            .prepare_cached(
                "INSERT INTO quotes (article, idx, start, end, segments, kind, speaker, speaker_canonical, \
                 speaker_start, speaker_end, cue, conduit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )
            .map_err(&e)?;
        for (seq, (a, text)) in articles.iter().zip(texts).enumerate() {
            let diagnostics = serde_json::to_string(&a.diagnostics).expect("diagnostics serialize");
            let packed = text.as_ref().map(|t| pack_text(&mut self.zlib, t.as_bytes()));
            let size = text.as_ref().map(|t| t.len() as i64);
            art.execute(params![
                seq as i64,
                a.id,
                a.title,
                a.outlet,
                a.published,
                a.author,
                a.url,
                a.language,
                packed,
                diagnostics,
                size
            ])
            .map_err(&e)?;
            for (i, q) in a.quotes.iter().enumerate() {
                let segments = serde_json::to_string(&q.segments).expect("segments serialize");
                quo.execute(params![
                    seq as i64,
                    i as i64,
                    q.start as i64,
                    q.end as i64,
                    segments,
                    q.kind.as_str(),
                    q.speaker,
                    q.speaker_canonical,
                    q.speaker_start.map(|x| x as i64),
                    q.speaker_end.map(|x| x as i64),
                    q.cue,
                    q.conduit
                ])
                .map_err(&e)?;
            }
        }
        Ok(())
    }

    /// The next family's report, with its copy edges and citations, and
    /// what it is made of (`provenance::trace_some`'s inputs). `fam` is
    /// handed back as it came: its variants' ids are only shortened while
    /// its report is packed.
    pub fn family(&mut self, fam: &mut FamilyReport, inputs: u64) -> Result<()> {
        let e = sql_error(&self.path);
        strip_ranks(fam);
        let report = pack_report(&mut self.reports, fam);
        restore_ranks(fam);
        if !fam.inside.is_empty() {
            self.inside.push((self.families.len(), fam.inside.clone()));
        }
        let fam: &FamilyReport = fam;
        let first = serde_json::to_string(&fam.first_appearance).expect("ids serialize");
        self.prep(
            "INSERT INTO families (id, rank, canonical, articles, speaker, first_appearance, tie, \
                 possible_misattribution, variants, report, key, inputs) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?
        .execute(params![
            fam.id,
            self.families.len() as i64,
            fam.canonical,
            fam.articles as i64,
            fam.speaker,
            first,
            fam.tie,
            fam.possible_misattribution,
            fam.variants.len() as i64,
            report,
            family_key(fam),
            inputs as i64
        ])
        .map_err(&e)?;
        let mut edge = self.prep(
            "INSERT INTO copy_edges (family, source, copy, source_article, copy_article, kind, similarity, \
                 confidence, evidence) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for c in &fam.copy_edges {
            let kind = serde_json::to_value(c.kind).expect("kinds serialize");
            let evidence = serde_json::to_string(&c.evidence).expect("evidence serializes");
            edge.execute(params![
                fam.id,
                c.from,
                c.to,
                c.from_article,
                c.to_article,
                kind.as_str(),
                c.similarity,
                c.confidence,
                evidence
            ])
            .map_err(&e)?;
        }
        let mut cite =
            self.prep("INSERT INTO citations (family, occurrence, article, source, cue) VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for c in &fam.citations {
            cite.execute(params![fam.id, c.occurrence, c.article, c.source, c.cue])
                .map_err(&e)?;
        }
        drop((edge, cite));
        self.families.push(fam.id.clone());
        self.keys.push(family_key(fam).to_string());
        Ok(())
    }

    /// The next family, kept as the old store holds it under its key
    /// (`add`): its row, report and copy edges copied with its new id and
    /// rank; its citations later, by [`Writer::provenance`].
    pub fn kept(&mut self, fam: &Kept) -> Result<()> {
        let e = sql_error(&self.path);
        let old_id: String = self
            .prep("SELECT id FROM old.families WHERE key = ?1")?
            .query_row([&fam.key], |r| r.get(0))
            .map_err(&e)?;
        self.prep(
            "INSERT INTO families (id, rank, canonical, articles, speaker, first_appearance, tie, \
                 possible_misattribution, variants, report, key, inputs) \
             SELECT ?1, ?2, canonical, articles, speaker, first_appearance, tie, possible_misattribution, variants, \
                 report, key, inputs FROM old.families WHERE key = ?3",
        )?
        .execute(params![fam.id, self.families.len() as i64, fam.key])
        .map_err(&e)?;
        self.prep(
            "INSERT INTO copy_edges (family, source, copy, source_article, copy_article, kind, similarity, \
                 confidence, evidence) \
             SELECT ?1, source, copy, source_article, copy_article, kind, similarity, confidence, evidence \
             FROM old.copy_edges WHERE family = ?2 ORDER BY rowid",
        )?
        .execute(params![fam.id, old_id])
        .map_err(&e)?;
        if !fam.inside.is_empty() {
            self.inside.push((self.families.len(), fam.inside.clone()));
        }
        self.kept.push((fam.id.clone(), old_id));
        self.families.push(fam.id.clone());
        self.keys.push(fam.key.clone());
        Ok(())
    }

    /// Variants, occurrences and the key index, once every family is in:
    /// `family_of` is the traced provenance's.
    pub fn linked(
        &mut self,
        articles: &[Analysed],
        linked: &Linked,
        family_of: &[Vec<Vec<usize>>],
        cfg: &LinkConfig,
    ) -> Result<()> {
        let e = sql_error(&self.path);
        let theta = cfg.contain.min(cfg.drift);
        let family = |o: &link::Occurrence| -> &str {
            &self.families[family_of[o.article as usize][o.quote as usize][o.segment as usize]]
        };
        let mut var = self.prep("INSERT INTO variants (id, family, words) VALUES (?1, ?2, ?3)")?;
        let mut key =
            self.prep("INSERT OR IGNORE INTO shingles (kind, hash, total, variant) VALUES (?1, ?2, ?3, ?4)")?;
        // Index rows go in in key order: inserted at random places, they
        // cost the B-tree a search and a split each, most of `build
        // --db`'s extra time.
        let mut rows: Vec<(i64, i64, u32, u32)> = Vec::new();
        for (v, variant) in linked.variants.iter().enumerate() {
            let words: Vec<&str> = variant
                .words
                .iter()
                .map(|&w| linked.vocab[w as usize].as_str())
                .collect();
            let first = &linked.occurrences[variant.occurrences[0] as usize];
            var.execute(params![v as i64, family(first), words.join(" ")])
                .map_err(&e)?;
            let (total, v) = (variant.total, v as u32);
            rows.extend(
                index::every_key(&words)
                    .into_iter()
                    .map(|h| (index::EVERY_KEY, index::stored(h), total, v)),
            );
            rows.extend(
                index::heavy_keys(&words, theta)
                    .into_iter()
                    .map(|h| (index::HEAVY_KEY, index::stored(h), total, v)),
            );
        }
        rows.sort_unstable();
        rows.dedup();
        for (kind, h, total, v) in rows {
            key.execute(params![kind, h, total, v]).map_err(&e)?;
        }
        let mut occ = self.prep(
            "INSERT INTO occurrences (id, article, quote, segment, variant, family) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for o in &linked.occurrences {
            let id = occ_id(&articles[o.article as usize], o.quote as usize, o.segment as usize);
            occ.execute(params![
                id,
                o.article as i64,
                o.quote as i64,
                o.segment as i64,
                o.variant as i64,
                family(o)
            ])
            .map_err(&e)?;
        }
        Ok(())
    }

    /// Speakers, sources and thresholds: the provenance beside its
    /// families.
    pub fn provenance(&mut self, prov: &Provenance) -> Result<()> {
        let e = sql_error(&self.path);
        let thresholds = serde_json::to_string(&prov.thresholds).expect("thresholds serialize");
        self.conn
            .execute(
                "INSERT INTO meta (key, value) VALUES ('thresholds', ?1), ('quotegraph', ?2)",
                params![thresholds, env!("CARGO_PKG_VERSION")],
            )
            .map_err(&e)?;
        let mut sp = self.prep("INSERT INTO speakers (rank, name, quotes) VALUES (?1, ?2, ?3)")?;
        let mut spelling = self.prep("INSERT INTO speaker_spellings (spelling, speaker) VALUES (?1, ?2)")?;
        for (i, s) in prov.speakers.iter().enumerate() {
            sp.execute(params![i as i64, s.name, s.quotes as i64]).map_err(&e)?;
            for n in &s.spellings {
                spelling.execute(params![n, i as i64]).map_err(&e)?;
            }
        }
        let mut src = self.prep("INSERT INTO sources (id, rank, name, citations) VALUES (?1, ?2, ?3, ?4)")?;
        for (i, s) in prov.sources.iter().enumerate() {
            src.execute(params![s.id, i as i64, s.name, s.citations as i64])
                .map_err(&e)?;
        }
        drop(src);
        if self.kept.is_empty() {
            return Ok(());
        }
        // Sources are numbered by name over every citation: the kept
        // families' citations name the old numbers.
        self.conn
            .execute_batch(
                "CREATE TEMP TABLE source_ids (old TEXT PRIMARY KEY, new TEXT NOT NULL) WITHOUT ROWID; \
                 INSERT INTO source_ids SELECT o.id, n.id FROM old.sources o JOIN main.sources n ON n.name = o.name;",
            )
            .map_err(&e)?;
        let mut cite = self.prep(
            "INSERT INTO citations (family, occurrence, article, source, cue) \
             SELECT ?1, c.occurrence, c.article, s.new, c.cue \
             FROM old.citations c JOIN temp.source_ids s ON s.old = c.source WHERE c.family = ?2 ORDER BY c.rowid",
        )?;
        for (id, old_id) in &self.kept {
            cite.execute([id, old_id]).map_err(&e)?;
        }
        Ok(())
    }

    /// Commits, and puts the store in place of whatever was at its path.
    pub fn commit(self) -> Result<()> {
        let e = sql_error(&self.path);
        let rank_of: std::collections::HashMap<&str, usize> = self
            .families
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let mut fragment = self.prep("INSERT INTO fragments (fragment, parent) VALUES (?1, ?2)")?;
        for (f, parents) in &self.inside {
            for p in parents {
                let p = rank_of.get(p.as_str()).ok_or_else(|| {
                    format_error(
                        &self.path,
                        format!("family {} is inside {p}, which was not written", self.families[*f]),
                    )
                })?;
                fragment.execute([&self.keys[*f], &self.keys[*p]]).map_err(&e)?;
            }
        }
        drop(fragment);
        self.conn.execute_batch(OUTLETS).map_err(&e)?;
        // A store written over an old one (`add`) is its next version:
        // the old keys its families no longer bear become aliases. A
        // build starts a history of its own.
        let adds = if self.copies_texts {
            let before: Option<String> = self
                .conn
                .query_row("SELECT value FROM old.meta WHERE key = 'adds'", [], |r| r.get(0))
                .optional()
                .map_err(&e)?;
            let adds = before.and_then(|n| n.parse::<i64>().ok()).unwrap_or(0) + 1;
            self.conn.execute(NEW_ALIASES, [adds]).map_err(&e)?;
            self.conn.execute(OLD_ALIASES, []).map_err(&e)?;
            adds
        } else {
            0
        };
        self.conn
            .execute("INSERT INTO meta (key, value) VALUES ('adds', ?1)", [adds.to_string()])
            .map_err(&e)?;
        self.conn.execute_batch("COMMIT").map_err(&e)?;
        let file_error = |source| Error::File {
            action: "write store",
            path: self.path.clone(),
            source,
        };
        // The tables went in row by row, which leaves a B-tree's pages
        // a tenth empty or more (a third, under an index filled in random
        // order); a copy packs them, 5% of the store, for the time of
        // writing it again (the pages are in memory: little CPU).
        let packed = tempfile::Builder::new()
            .prefix(".quotegraph-")
            .suffix(".qg")
            .tempfile_in(self.tmp.parent().unwrap_or(Path::new(".")))
            .map_err(file_error)?
            .into_temp_path();
        self.conn
            .execute("VACUUM main INTO ?1", [packed.to_string_lossy()])
            .map_err(&e)?;
        self.conn.close().map_err(|(_, err)| e(err))?;
        drop(self.tmp);
        let f = std::fs::File::open(&packed).map_err(file_error)?;
        f.sync_all().map_err(file_error)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o644))
                .map_err(file_error)?;
        }
        packed.persist(&self.path).map_err(|err| file_error(err.error))?;
        Ok(())
    }
}
