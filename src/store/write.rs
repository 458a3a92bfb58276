//! Writing a store: [`Writer`] (`build --db`) fills a new file beside
//! the old one in one transaction and renames it into place on
//! [`Writer::commit`], so a failed or killed run leaves the store it
//! found. The rows a build and an `add` ([`super::Update`])
//! write alike are written by the functions below it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rusqlite::{params, Connection, OptionalExtension};

use super::compress::{pack_text, Zlib};
use super::open::{format_error, sql_error};
use super::report::{pack_report, strip_ranks};
use super::schema::APPLICATION_ID;
use super::{family_key, index, MIGRATIONS, VERSION};
use crate::article::Analysed;
use crate::error::{Error, Result};
use crate::link::{LinkConfig, Linked};
use crate::provenance::{occ_id, Citation, FamilyReport, Provenance};

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

    /// Variants, occurrences and the key index ([`linked_rows`]), once
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

    /// The outlet tables, from what was counted as the rows went in: the
    /// rows `outlets.sql` makes, in its order (by pair; by outlet).
    fn outlets(&self) -> Result<()> {
        let lines: Vec<(&(String, String), &i64)> = self.outlet_lines.iter().collect();
        insert_many(
            &self.conn,
            &self.path,
            "INSERT INTO outlet_edges (source, copy, lines)",
            3,
            &lines,
            |st, at, ((source, copy), n)| {
                st.raw_bind_parameter(at, source)?;
                st.raw_bind_parameter(at + 1, copy)?;
                st.raw_bind_parameter(at + 2, n)
            },
        )?;
        let mut gave_took: HashMap<&str, (i64, i64)> = HashMap::new();
        for ((source, copy), n) in &self.outlet_lines {
            gave_took.entry(source).or_default().0 += n;
            gave_took.entry(copy).or_default().1 += n;
        }
        let outlets: Vec<(&String, i64, (i64, i64))> = self
            .outlet_articles
            .iter()
            .map(|(o, &n)| (o, n, gave_took.get(o.as_str()).copied().unwrap_or_default()))
            .collect();
        insert_many(
            &self.conn,
            &self.path,
            "INSERT INTO outlets (name, articles, gave, took)",
            4,
            &outlets,
            |st, at, (name, n, (gave, took))| {
                st.raw_bind_parameter(at, name)?;
                st.raw_bind_parameter(at + 1, n)?;
                st.raw_bind_parameter(at + 2, gave)?;
                st.raw_bind_parameter(at + 3, took)
            },
        )
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

/// The name `outlets.sql` gives an article without an outlet.
const UNKNOWN_OUTLET: &str = crate::provenance::outlets::UNKNOWN;

/// The pairs of outlets a family's copy edges go between (from, to),
/// each once, an outlet re-running its own line left out: what
/// `outlets.sql` counts the family as one line of, read from the report
/// (each occurrence names its article's outlet) rather than the store.
pub(super) fn outlet_pairs(fam: &FamilyReport) -> BTreeSet<(&str, &str)> {
    let outlet_of: HashMap<&str, &str> = fam
        .occurrences
        .iter()
        .map(|o| (o.article.as_str(), o.outlet.as_deref().unwrap_or(UNKNOWN_OUTLET)))
        .collect();
    fam.copy_edges
        .iter()
        .filter_map(|e| {
            let source = outlet_of.get(e.from_article.as_str())?;
            let copy = outlet_of.get(e.to_article.as_str())?;
            (source != copy).then_some((*source, *copy))
        })
        .collect()
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

/// An occurrence's row.
pub(super) const INSERT_OCCURRENCE: &str =
    "INSERT INTO occurrences (id, article, quote, segment, variant, family) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/// What an article's rows hold that takes work to make: its text
/// compressed, its diagnostics and its quotes' segments as JSON. Made on
/// any thread; inserted by [`insert_articles`].
pub(super) struct ArticleRows {
    text: Vec<u8>,
    size: i64,
    diagnostics: String,
    segments: Vec<String>,
}

pub(super) fn article_rows(zlib: &mut Zlib, a: &Analysed, text: &str) -> ArticleRows {
    ArticleRows {
        text: pack_text(zlib, text.as_bytes()),
        size: text.len() as i64,
        diagnostics: serde_json::to_string(&a.diagnostics).expect("diagnostics serialize"),
        segments: a
            .quotes
            .iter()
            .map(|q| serde_json::to_string(&q.segments).expect("segments serialize"))
            .collect(),
    }
}

/// An article numbered `seq`, its text and its quotes.
pub(super) fn write_article(
    conn: &Connection,
    path: &Path,
    zlib: &mut Zlib,
    seq: i64,
    a: &Analysed,
    text: &str,
) -> Result<()> {
    insert_articles(conn, path, &[(seq, a, article_rows(zlib, a, text))])
}

/// Articles (each numbered `seq`) and their quotes, from what
/// [`article_rows`] made of them: many rows a statement ([`insert_many`]),
/// the articles' first, then their quotes'.
fn insert_articles(conn: &Connection, path: &Path, batch: &[(i64, &Analysed, ArticleRows)]) -> Result<()> {
    insert_many(
        conn,
        path,
        "INSERT INTO articles (seq, id, title, outlet, published, author, url, language, text, diagnostics, size)",
        11,
        batch,
        |st, at, (seq, a, rows)| {
            st.raw_bind_parameter(at, seq)?;
            st.raw_bind_parameter(at + 1, &a.id)?;
            st.raw_bind_parameter(at + 2, &a.title)?;
            st.raw_bind_parameter(at + 3, &a.outlet)?;
            st.raw_bind_parameter(at + 4, &a.published)?;
            st.raw_bind_parameter(at + 5, &a.author)?;
            st.raw_bind_parameter(at + 6, &a.url)?;
            st.raw_bind_parameter(at + 7, &a.language)?;
            st.raw_bind_parameter(at + 8, &rows.text)?;
            st.raw_bind_parameter(at + 9, &rows.diagnostics)?;
            st.raw_bind_parameter(at + 10, rows.size)
        },
    )?;
    let quotes: Vec<(i64, i64, &crate::extract::Quote, &String)> = batch
        .iter()
        .flat_map(|(seq, a, rows)| {
            a.quotes
                .iter()
                .zip(&rows.segments)
                .enumerate()
                .map(move |(i, (q, segments))| (*seq, i as i64, q, segments))
        })
        .collect();
    insert_many(
        conn,
        path,
        "INSERT INTO quotes (article, idx, start, end, segments, kind, speaker, speaker_canonical, \
         speaker_start, speaker_end, cue, conduit)",
        12,
        &quotes,
        |st, at, (seq, i, q, segments)| {
            st.raw_bind_parameter(at, seq)?;
            st.raw_bind_parameter(at + 1, i)?;
            st.raw_bind_parameter(at + 2, q.start as i64)?;
            st.raw_bind_parameter(at + 3, q.end as i64)?;
            st.raw_bind_parameter(at + 4, segments)?;
            st.raw_bind_parameter(at + 5, q.kind.as_str())?;
            st.raw_bind_parameter(at + 6, &q.speaker)?;
            st.raw_bind_parameter(at + 7, &q.speaker_canonical)?;
            st.raw_bind_parameter(at + 8, q.speaker_start.map(|x| x as i64))?;
            st.raw_bind_parameter(at + 9, q.speaker_end.map(|x| x as i64))?;
            st.raw_bind_parameter(at + 10, &q.cue)?;
            st.raw_bind_parameter(at + 11, &q.conduit)
        },
    )
}

/// A family's row and copy edges made ready to insert: its report
/// packed ([`pack_report`]), its first appearance and evidence as JSON;
/// with its fragment relations and citations, which are written later.
/// Inserted by [`insert_families`]. An `add` has it made where the
/// family was traced ([`PackedFamily::traced`]), so that the store's one
/// thread only writes it.
pub struct PackedFamily {
    id: String,
    pub(super) key: String,
    canonical: String,
    articles: i64,
    speaker: Option<String>,
    first: String,
    tie: bool,
    possible_misattribution: bool,
    variants: i64,
    report: Vec<u8>,
    inputs: i64,
    edges: Vec<(crate::provenance::CopyEdge, String, String)>,
    pub(super) inside: Vec<String>,
    pub(super) citations: Vec<Citation>,
    /// The pairs of outlets its copy edges go between, read from its
    /// report where it could be (`update::report_outlet_lines`): made
    /// by [`PackedFamily::traced`] only.
    pub(super) lines: Option<rustc_hash::FxHashSet<(String, String)>>,
    /// Its report's articles and their outlets, by article id
    /// (`update::report_outlets`): where the outlets of the copy edges it
    /// replaces are looked up first. Made by [`PackedFamily::traced`] only.
    pub(super) outlets: Vec<(String, String)>,
}

impl PackedFamily {
    /// `fam` packed for [`super::Update::family`], with its outlet
    /// lines, on the calling thread (a trace's: each of its threads keeps
    /// a compressor). Pure: what the store's one thread is handed is
    /// made beside it while it writes the family before (issue 16).
    pub fn traced(fam: FamilyReport, inputs: u64) -> PackedFamily {
        thread_local! {
            static REPORTS: std::cell::RefCell<Zlib> = std::cell::RefCell::new(Zlib::reports());
        }
        let outlets = super::update::report_outlets(&fam);
        let lines = super::update::report_outlet_lines(&fam, &outlets);
        let mut packed = REPORTS.with_borrow_mut(|zlib| PackedFamily::owned(zlib, fam, inputs));
        packed.lines = lines;
        packed.outlets = outlets;
        packed
    }

    /// `fam` packed and taken apart: what a build hands the store's
    /// thread is not needed after, so its edges, citations and names are
    /// moved, not copied, and its variants' ids are left shortened.
    pub(super) fn owned(zlib: &mut Zlib, mut fam: FamilyReport, inputs: u64) -> PackedFamily {
        strip_ranks(&mut fam);
        let report = pack_report(zlib, &fam);
        let key = family_key(&fam).to_string();
        let (id, canonical, speaker) = (
            std::mem::take(&mut fam.id),
            std::mem::take(&mut fam.canonical),
            fam.speaker.take(),
        );
        let (edges, inside, citations) = (
            std::mem::take(&mut fam.copy_edges),
            std::mem::take(&mut fam.inside),
            std::mem::take(&mut fam.citations),
        );
        PackedFamily::with(report, key, id, canonical, speaker, &fam, inputs).edges(edges, inside, citations)
    }

    fn with(
        report: Vec<u8>,
        key: String,
        id: String,
        canonical: String,
        speaker: Option<String>,
        fam: &FamilyReport,
        inputs: u64,
    ) -> PackedFamily {
        PackedFamily {
            id,
            key,
            canonical,
            articles: fam.articles as i64,
            speaker,
            first: serde_json::to_string(&fam.first_appearance).expect("ids serialize"),
            tie: fam.tie,
            possible_misattribution: fam.possible_misattribution,
            variants: fam.variants.len() as i64,
            report,
            inputs: inputs as i64,
            edges: Vec::new(),
            inside: Vec::new(),
            citations: Vec::new(),
            lines: None,
            outlets: Vec::new(),
        }
    }

    fn edges(
        mut self,
        edges: Vec<crate::provenance::CopyEdge>,
        inside: Vec<String>,
        citations: Vec<Citation>,
    ) -> PackedFamily {
        self.edges = edges
            .into_iter()
            .map(|c| {
                let kind = serde_json::to_value(c.kind).expect("kinds serialize");
                let kind = kind.as_str().unwrap_or_default().to_string();
                let evidence = serde_json::to_string(&c.evidence).expect("evidence serializes");
                (c, kind, evidence)
            })
            .collect();
        self.inside = inside;
        self.citations = citations;
        self
    }
}

/// A family's row (in place of any of its `num`) and its copy edges;
/// its citations are the caller's to write once sources are numbered.
pub(super) fn write_family(conn: &Connection, path: &Path, num: i64, fam: PackedFamily) -> Result<()> {
    insert_families(conn, path, &[(num, fam)])
}

/// Every family's rank: `nums[rank]` is the number of the family of that
/// rank (`family_ranks`, schema 11), written whole into an empty table.
pub(super) fn write_ranks(conn: &Connection, path: &Path, nums: &[i64]) -> Result<()> {
    let rows: Vec<(i64, i64)> = nums.iter().enumerate().map(|(rank, &num)| (rank as i64, num)).collect();
    insert_many(
        conn,
        path,
        "INSERT INTO family_ranks (rank, num)",
        2,
        &rows,
        |st, at, (rank, num)| {
            st.raw_bind_parameter(at, rank)?;
            st.raw_bind_parameter(at + 1, num)
        },
    )
}

/// Families' rows (each `(num, family)`, in place of any of its `num`)
/// and their copy edges, from what [`PackedFamily`] made of them: many
/// rows a statement ([`insert_many`]), the families' first. Their ranks
/// are [`write_ranks`]'.
fn insert_families(conn: &Connection, path: &Path, families: &[(i64, PackedFamily)]) -> Result<()> {
    insert_many(
        conn,
        path,
        "INSERT OR REPLACE INTO families (num, canonical, articles, speaker, first_appearance, tie, \
         possible_misattribution, variants, report, key, inputs)",
        11,
        families,
        |st, at, (num, fam)| {
            st.raw_bind_parameter(at, num)?;
            st.raw_bind_parameter(at + 1, &fam.canonical)?;
            st.raw_bind_parameter(at + 2, fam.articles)?;
            st.raw_bind_parameter(at + 3, &fam.speaker)?;
            st.raw_bind_parameter(at + 4, &fam.first)?;
            st.raw_bind_parameter(at + 5, fam.tie)?;
            st.raw_bind_parameter(at + 6, fam.possible_misattribution)?;
            st.raw_bind_parameter(at + 7, fam.variants)?;
            st.raw_bind_parameter(at + 8, &fam.report)?;
            st.raw_bind_parameter(at + 9, &fam.key)?;
            st.raw_bind_parameter(at + 10, fam.inputs)
        },
    )?;
    let edges: Vec<(i64, &(crate::provenance::CopyEdge, String, String))> = families
        .iter()
        .flat_map(|(num, fam)| fam.edges.iter().map(move |e| (*num, e)))
        .collect();
    insert_many(
        conn,
        path,
        "INSERT INTO copy_edges (family, source, copy, source_article, copy_article, kind, similarity, \
         confidence, evidence)",
        9,
        &edges,
        |st, at, (num, (c, kind, evidence))| {
            st.raw_bind_parameter(at, num)?;
            st.raw_bind_parameter(at + 1, &c.from)?;
            st.raw_bind_parameter(at + 2, &c.to)?;
            st.raw_bind_parameter(at + 3, &c.from_article)?;
            st.raw_bind_parameter(at + 4, &c.to_article)?;
            st.raw_bind_parameter(at + 5, kind)?;
            st.raw_bind_parameter(at + 6, c.similarity)?;
            st.raw_bind_parameter(at + 7, c.confidence)?;
            st.raw_bind_parameter(at + 8, evidence)
        },
    )
}

/// A posting of the key index: kind, stored hash, the variant's weight,
/// its id (in this order, the order of `postings`), and for a heavy key what
/// the variant's other keys weigh ([`index::rest`]; 0 for an
/// [`index::EVERY_KEY`] posting, which has none). 20 bytes: tens of
/// millions of them are made, sorted and packed at 1M.
type KeyRow = (u8, i32, u32, u32, u32);

/// Variants' rows (`(id, family num, words)`) and their rows of the key
/// index, sorted: made on every core ([`variant_rows`]), inserted by
/// [`insert_variant_rows`].
pub(super) struct VariantRows {
    variants: Vec<(i64, i64, String)>,
    keys: Vec<KeyRow>,
}

/// The rows of variants (`(id, family num, variant)`) and of the key
/// index, made on every core.
pub(super) fn variant_rows(
    linked: &Linked,
    variants: &[(i64, i64, crate::link::Variant<'_>)],
    cfg: &LinkConfig,
) -> VariantRows {
    let theta = cfg.contain.min(cfg.drift);
    // Each key's text and hash by key id, made once: the linker's keys
    // are the index's (`normalize::word_key` of each word, weighed as the
    // linker weighs it).
    let texts = linked.key_texts();
    let hashes: Vec<i64> = texts.par_iter().map(|t| index::key_hash(t)).collect();
    // How many variants of the corpus hold each key (by key id): a
    // variant's heavy keys are its rarest. An add counts its whole
    // corpus, stored and new.
    let mut held_by = vec![0u64; texts.len()];
    // The variant that last counted each key: a key is counted once a
    // variant.
    let mut counted_by = vec![u32::MAX; texts.len()];
    for (v, variant) in linked.variants.iter().enumerate() {
        for &k in variant.keys {
            if counted_by[k as usize] != v as u32 {
                counted_by[k as usize] = v as u32;
                held_by[k as usize] += 1;
            }
        }
    }
    drop(counted_by);
    let rows = variants
        .par_iter()
        .map(|&(id, family, variant)| {
            let words: Vec<&str> = variant
                .words
                .iter()
                .map(|&w| linked.vocab[w as usize].as_str())
                .collect();
            (id, family, words.join(" "))
        })
        .collect();
    let mut keys: Vec<KeyRow> = variants
        .par_iter()
        .flat_map_iter(|&(id, _, variant)| {
            // The variant's distinct keys: its bag is sorted by key id.
            let bag = variant.bag();
            let mut keys: Vec<index::Key<'_>> = Vec::with_capacity(bag.len());
            let mut last = None;
            for &(k, w) in &bag {
                match keys.last_mut() {
                    Some(key) if last == Some(k) => key.weight += u64::from(w),
                    _ => keys.push(index::Key {
                        text: texts[k as usize],
                        hash: hashes[k as usize],
                        weight: u64::from(w),
                        held: held_by[k as usize],
                    }),
                }
                last = Some(k);
            }
            let total = variant.total;
            // `stored` keeps the low 32 bits, as an i32 holds them.
            let id = u32::try_from(id).expect("variant ids fit in 32 bits");
            let row = move |kind: i64, h: i64, rest: u32| (kind as u8, index::stored(h) as i32, total, id, rest);
            let every = index::every_key(&keys)
                .into_iter()
                .map(move |h| row(index::EVERY_KEY, h, 0));
            let heavy = index::heavy_keys(&keys, theta);
            let rest = index::rest(&keys, &heavy) as u32;
            every
                .chain(heavy.into_iter().map(move |h| row(index::HEAVY_KEY, h, rest)))
                .collect::<Vec<_>>()
        })
        .collect();
    // Index rows go in in key order: inserted at random places, they
    // cost the B-tree a search and a split each, most of `build
    // --db`'s extra time.
    keys.par_sort_unstable();
    keys.dedup();
    VariantRows { variants: rows, keys }
}

/// Inserts what [`variant_rows`] made.
/// `fresh` when the index holds none of their keys yet (a build, which
/// then reads none of its rows).
pub(super) fn insert_variant_rows(conn: &Connection, path: &Path, rows: VariantRows, fresh: bool) -> Result<()> {
    insert_many(
        conn,
        path,
        "INSERT INTO variants (id, family, words)",
        3,
        &rows.variants,
        |st, at, (id, family, words)| {
            st.raw_bind_parameter(at, id)?;
            st.raw_bind_parameter(at + 1, family)?;
            st.raw_bind_parameter(at + 2, words)
        },
    )?;
    insert_postings(
        conn,
        path,
        &rows.keys,
        |&(kind, h, total, v, rest)| {
            let kind = i64::from(kind);
            let posting = index::Posting {
                total: i64::from(total),
                variant: i64::from(v),
                rest: (kind == index::HEAVY_KEY).then_some(i64::from(rest)),
            };
            (kind, i64::from(h), posting)
        },
        fresh,
    )?;
    // How many variants each key's `EVERY_KEY` rows hold, added to what
    // the store counted before (the rows are sorted: kind 0 first, by
    // hash).
    let mut add = conn
        .prepare_cached(
            "INSERT INTO key_counts (hash, variants) VALUES (?1, ?2) \
             ON CONFLICT (hash) DO UPDATE SET variants = variants + excluded.variants",
        )
        .map_err(sql_error(path))?;
    let every = rows.keys.iter().take_while(|k| i64::from(k.0) == index::EVERY_KEY);
    let every: Vec<&KeyRow> = every.collect();
    for run in every.chunk_by(|a, b| a.1 == b.1) {
        add.execute(params![run[0].1, run.len() as i64])
            .map_err(sql_error(path))?;
    }
    Ok(())
}

/// A row of `postings` as it is inserted: kind, hash, the last
/// posting's weight and variant, the others packed ([`index::pack`]).
type PostingsRow = (i64, i64, i64, i64, Vec<u8>);

/// Rows of `postings` made this many at a time before they are inserted.
const POSTINGS_BATCH: usize = 1 << 16;

/// Rows of `postings` an add reads to merge new postings into, this many
/// at a time: their pages are still in SQLite's cache when the merged
/// rows are written back over them (at 1M the table is some 180 MB, the
/// cache 64 MiB and mostly the add's dirty pages; 2,048 at a time took
/// 0.15 s off the store's thread there, against 40% of it at 90k).
const MERGE_BATCH: usize = 256;

/// Puts `rows` in the packed key index (`postings`, schema 12): `of`
/// gives each its kind, hash and posting; they come sorted by those. A
/// build (`fresh`: the table holds none of their keys) packs each key's
/// postings into rows of [`index::CHUNK`] at most; an `add` merges them
/// into the rows they fall in ([`Merge`]). A posting the index holds
/// already is kept as it was.
pub(super) fn insert_postings<R>(
    conn: &Connection,
    path: &Path,
    rows: &[R],
    of: impl Fn(&R) -> (i64, i64, index::Posting),
    fresh: bool,
) -> Result<()> {
    // Each key's run of `rows`, its postings in order, none twice.
    let key_postings = |at: usize| -> (i64, i64, Vec<index::Posting>, usize) {
        let (kind, hash, first) = of(&rows[at]);
        let mut postings = vec![first];
        let mut end = at + 1;
        while let Some(r) = rows.get(end) {
            let (k, h, p) = of(r);
            if (k, h) != (kind, hash) {
                break;
            }
            postings.push(p);
            end += 1;
        }
        postings.dedup_by_key(|p| (p.total, p.variant));
        (kind, hash, postings, end)
    };
    if fresh {
        let mut out: Vec<PostingsRow> = Vec::new();
        let mut at = 0;
        while at < rows.len() {
            let (kind, hash, postings, end) = key_postings(at);
            pack_postings(kind, hash, &postings, &mut out);
            if out.len() >= POSTINGS_BATCH {
                insert_postings_rows(conn, path, &out)?;
                out.clear();
            }
            at = end;
        }
        return insert_postings_rows(conn, path, &out);
    }
    // An add: the rows each key's new postings fall in are found (and
    // those that must go deleted) on this thread, a batch of keys at a
    // time; each batch's rows are unpacked, merged and packed again on
    // the other cores while this thread finds the next batch's; then
    // written.
    let mut at = 0;
    std::thread::scope(|s| -> Result<()> {
        let mut packing: Option<std::thread::ScopedJoinHandle<'_, Result<Vec<Merged>>>> = None;
        loop {
            let mut batch: Vec<Merge> = Vec::new();
            while at < rows.len() && batch.len() < MERGE_BATCH {
                let (kind, hash, postings, end) = key_postings(at);
                find_merges(conn, path, kind, hash, postings, &mut batch)?;
                at = end;
            }
            if let Some(h) = packing.take() {
                write_merges(conn, path, h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?)?;
            }
            if batch.is_empty() {
                return Ok(());
            }
            packing = Some(s.spawn(move || {
                batch
                    .into_par_iter()
                    .map(|m| {
                        let rows = m.packed(path)?;
                        Ok((m, rows))
                    })
                    .collect()
            }));
        }
    })
}

/// A key's sorted postings as rows of `postings`.
fn pack_postings(kind: i64, hash: i64, postings: &[index::Posting], out: &mut Vec<PostingsRow>) {
    for r in index::chunks(postings.len()) {
        let (total, variant, packed) = index::pack(kind, &postings[r]);
        out.push((kind, hash, total, variant, packed));
    }
}

fn insert_postings_rows(conn: &Connection, path: &Path, rows: &[PostingsRow]) -> Result<()> {
    insert_many(
        conn,
        path,
        "INSERT INTO postings (kind, hash, total, variant, packed)",
        5,
        rows,
        |st, at, (kind, hash, total, variant, packed)| {
            st.raw_bind_parameter(at, kind)?;
            st.raw_bind_parameter(at + 1, hash)?;
            st.raw_bind_parameter(at + 2, total)?;
            st.raw_bind_parameter(at + 3, variant)?;
            st.raw_bind_parameter(at + 4, packed)
        },
    )
}

/// New postings of a key (sorted) and the row of `postings` they are
/// merged into ([`find_merges`]): its last posting's weight and variant
/// and its packed rest, none where the key had no row. `kept`: the row
/// is still in the table, and the merged rows' last (which ends where it
/// did) is written over it; else it was deleted, and every merged row is
/// inserted.
struct Merge {
    kind: i64,
    hash: i64,
    row: Option<(i64, i64, Vec<u8>)>,
    kept: bool,
    new: Vec<index::Posting>,
}

/// A [`Merge`] and the rows [`Merge::packed`] made of it.
type Merged = (Merge, Vec<PostingsRow>);

impl Merge {
    /// The row's postings and the new ones, in order (one the row held
    /// stays as it was), packed into rows.
    fn packed(&self, path: &Path) -> Result<Vec<PostingsRow>> {
        let mut merged = Vec::new();
        if let Some((total, variant, packed)) = &self.row {
            merged = index::unpack(self.kind, *total, *variant, packed).ok_or_else(|| {
                format_error(
                    path,
                    format!("a row of postings (key {}) is not what quotegraph packs", self.hash),
                )
            })?;
        }
        merged.extend_from_slice(&self.new);
        // Stable: a posting the row held stays, as it was.
        merged.sort_by_key(|q| (q.total, q.variant));
        merged.dedup_by_key(|q| (q.total, q.variant));
        let mut out = Vec::new();
        pack_postings(self.kind, self.hash, &merged, &mut out);
        Ok(out)
    }
}

/// Finds the rows of `postings` that new postings of one key (sorted)
/// fall in: the first row whose last posting comes at or after a new one
/// takes it and every new one up to that last; past the key's last row,
/// its last row takes the rest. Such a row ends where it did, and is left
/// in place to be written over ([`write_merges`]), but for the key's last
/// row taking the rest: it is deleted, and so are the rows taken before
/// it, so that the key's last row is looked for among those left, as
/// when each row taken was deleted at once.
fn find_merges(
    conn: &Connection,
    path: &Path,
    kind: i64,
    hash: i64,
    new: Vec<index::Posting>,
    out: &mut Vec<Merge>,
) -> Result<()> {
    let e = sql_error(path);
    let mut at_or_after = conn
        .prepare_cached(
            "SELECT total, variant, packed FROM postings \
             WHERE kind = ?1 AND hash = ?2 AND (total, variant) >= (?3, ?4) ORDER BY total, variant LIMIT 1",
        )
        .map_err(&e)?;
    let mut last = conn
        .prepare_cached(
            "SELECT total, variant, packed FROM postings WHERE kind = ?1 AND hash = ?2 \
             ORDER BY total DESC, variant DESC LIMIT 1",
        )
        .map_err(&e)?;
    let mut delete = conn
        .prepare_cached("DELETE FROM postings WHERE kind = ?1 AND hash = ?2 AND total = ?3 AND variant = ?4")
        .map_err(&e)?;
    let row =
        |r: &rusqlite::Row<'_>| -> rusqlite::Result<(i64, i64, Vec<u8>)> { Ok((r.get(0)?, r.get(1)?, r.get(2)?)) };
    let first = out.len();
    let mut i = 0;
    while i < new.len() {
        let p = new[i];
        match at_or_after
            .query_row(params![kind, hash, p.total, p.variant], row)
            .optional()
            .map_err(&e)?
        {
            Some(found) => {
                let bound = (found.0, found.1);
                let n = new[i..].iter().take_while(|q| (q.total, q.variant) <= bound).count();
                out.push(Merge {
                    kind,
                    hash,
                    row: Some(found),
                    kept: true,
                    new: new[i..i + n].to_vec(),
                });
                i += n;
            }
            None => {
                for m in &mut out[first..] {
                    if let Some((total, variant, _)) = &m.row {
                        delete.execute(params![kind, hash, total, variant]).map_err(&e)?;
                    }
                    m.kept = false;
                }
                let found = last.query_row(params![kind, hash], row).optional().map_err(&e)?;
                if let Some((total, variant, _)) = &found {
                    delete.execute(params![kind, hash, total, variant]).map_err(&e)?;
                }
                out.push(Merge {
                    kind,
                    hash,
                    row: found,
                    kept: false,
                    new: new[i..].to_vec(),
                });
                i = new.len();
            }
        }
    }
    Ok(())
}

/// Writes what [`Merge::packed`] made of each merge: a row left in place
/// gets the last of its merged rows' postings (it ends where it did), the
/// others are inserted.
fn write_merges(conn: &Connection, path: &Path, merges: Vec<Merged>) -> Result<()> {
    let e = sql_error(path);
    let mut over = conn
        .prepare_cached("UPDATE postings SET packed = ?5 WHERE kind = ?1 AND hash = ?2 AND total = ?3 AND variant = ?4")
        .map_err(&e)?;
    let mut out: Vec<PostingsRow> = Vec::new();
    for (m, mut rows) in merges {
        if m.kept {
            let (kind, hash, total, variant, packed) = rows.pop().expect("a merged row");
            debug_assert_eq!(
                m.row.as_ref().map(|r| (r.0, r.1)),
                Some((total, variant)),
                "a row taken ends where it did"
            );
            over.execute(params![kind, hash, total, variant, packed]).map_err(&e)?;
        }
        out.extend(rows);
    }
    insert_postings_rows(conn, path, &out)
}

/// Rows a statement of [`insert_many`] inserts.
const ROWS_A_STATEMENT: usize = 128;

/// `rows` inserted in order by `head` (`INSERT INTO t (columns)`, `width`
/// of them), [`ROWS_A_STATEMENT`] a statement: one statement's steps,
/// resets and bookkeeping for many rows, where a row a statement spent
/// more on those than on the row (tens of millions of index rows at 1M).
/// The rows after the last full statement go in one a statement: both
/// statements are prepared once a connection, where an `add`, writing a
/// family (and its few copy edges) at a time, made and compiled a
/// statement of their count, and the text of a full one, for each.
/// `bind` binds a row's values from the parameter it is given on.
pub(super) fn insert_many<R>(
    conn: &Connection,
    path: &Path,
    head: &str,
    width: usize,
    rows: &[R],
    bind: impl Fn(&mut rusqlite::Statement<'_>, usize, &R) -> rusqlite::Result<()>,
) -> Result<()> {
    let e = sql_error(path);
    let sql = |n: usize| {
        let one = format!("({})", vec!["?"; width].join(", "));
        format!("{head} VALUES {}", vec![one; n].join(", "))
    };
    let full_rows = rows.len() - rows.len() % ROWS_A_STATEMENT;
    if full_rows > 0 {
        let mut full = conn.prepare_cached(&sql(ROWS_A_STATEMENT)).map_err(&e)?;
        for chunk in rows[..full_rows].chunks(ROWS_A_STATEMENT) {
            for (i, r) in chunk.iter().enumerate() {
                bind(&mut full, i * width + 1, r).map_err(&e)?;
            }
            full.raw_execute().map_err(&e)?;
        }
    }
    if full_rows < rows.len() {
        let mut one = conn.prepare_cached(&sql(1)).map_err(&e)?;
        for r in &rows[full_rows..] {
            bind(&mut one, 1, r).map_err(&e)?;
            one.raw_execute().map_err(&e)?;
        }
    }
    Ok(())
}

/// What [`Writer::linked`] inserts: the variants, their key index and
/// the occurrences, made on every core from what the linker found
/// (`family_of` is the traced provenance's).
pub struct LinkedRows {
    variants: VariantRows,
    occurrences: Vec<(String, i64, i64, i64, i64, i64)>,
    links: Vec<(i64, Vec<u8>)>,
}

/// [`LinkedRows`] of a build.
pub fn linked_rows(
    articles: &[Analysed],
    linked: &Linked,
    family_of: &[Vec<Vec<usize>>],
    cfg: &LinkConfig,
) -> LinkedRows {
    let family = |o: &crate::link::Occurrence| family_of[o.article as usize][o.quote as usize][o.segment as usize];
    let variants: Vec<_> = linked
        .variants
        .iter()
        .enumerate()
        .map(|(v, variant)| {
            let first = &linked.occurrences[variant.occurrences[0] as usize];
            (v as i64, family(first) as i64, variant)
        })
        .collect();
    let occurrences = linked
        .occurrences
        .par_iter()
        .map(|o| {
            (
                occ_id(&articles[o.article as usize], o.quote as usize, o.segment as usize),
                o.article as i64,
                o.quote as i64,
                o.segment as i64,
                o.variant as i64,
                family(o) as i64,
            )
        })
        .collect();
    LinkedRows {
        variants: variant_rows(linked, &variants, cfg),
        occurrences,
        links: super::link_rows(|| linked.compared(), |l| super::StoredLink::of(l, i64::from)),
    }
}

/// The thresholds and the version that wrote the store, in `meta`.
pub(super) fn write_meta(conn: &Connection, path: &Path, prov: &Provenance) -> Result<()> {
    let thresholds = serde_json::to_string(&prov.thresholds).expect("thresholds serialize");
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('thresholds', ?1), ('quotegraph', ?2)",
        params![thresholds, env!("CARGO_PKG_VERSION")],
    )
    .map_err(sql_error(path))?;
    Ok(())
}

/// The speakers and their spellings, in place of any there.
pub(super) fn write_speakers(conn: &Connection, path: &Path, prov: &Provenance) -> Result<()> {
    let e = sql_error(path);
    conn.execute_batch("DELETE FROM speaker_spellings; DELETE FROM speakers;")
        .map_err(&e)?;
    let mut sp = conn
        .prepare_cached("INSERT INTO speakers (rank, name, quotes) VALUES (?1, ?2, ?3)")
        .map_err(&e)?;
    let mut spelling = conn
        .prepare_cached("INSERT INTO speaker_spellings (spelling, speaker) VALUES (?1, ?2)")
        .map_err(&e)?;
    for (i, s) in prov.speakers.iter().enumerate() {
        sp.execute(params![i as i64, s.name, s.quotes as i64]).map_err(&e)?;
        for n in &s.spellings {
            spelling.execute(params![n, i as i64]).map_err(&e)?;
        }
    }
    Ok(())
}

/// The sources, in place of any there, each under its number in `nums`
/// (by rank); their numbers by id (`S3`).
pub(super) fn write_sources(
    conn: &Connection,
    path: &Path,
    prov: &Provenance,
    nums: &[i64],
) -> Result<HashMap<String, i64>> {
    let e = sql_error(path);
    conn.execute("DELETE FROM sources", []).map_err(&e)?;
    let mut src = conn
        .prepare_cached("INSERT INTO sources (num, id, rank, name, citations) VALUES (?1, ?2, ?3, ?4, ?5)")
        .map_err(&e)?;
    let mut num_of = HashMap::new();
    for (i, (s, &num)) in prov.sources.iter().zip(nums).enumerate() {
        src.execute(params![num, s.id, i as i64, s.name, s.citations as i64])
            .map_err(&e)?;
        num_of.insert(s.id.clone(), num);
    }
    Ok(num_of)
}

/// Citations by family `num`, each naming its source by number.
pub(super) fn write_citations(
    conn: &Connection,
    path: &Path,
    citations: &[(i64, Citation)],
    num_of: &HashMap<String, i64>,
) -> Result<()> {
    let e = sql_error(path);
    let mut cite = conn
        .prepare_cached("INSERT INTO citations (family, occurrence, article, source, cue) VALUES (?1, ?2, ?3, ?4, ?5)")
        .map_err(&e)?;
    for (family, c) in citations {
        let source = num_of.get(&c.source).ok_or_else(|| {
            format_error(
                path,
                format!("a citation names source {}, which is not there", c.source),
            )
        })?;
        cite.execute(params![family, c.occurrence, c.article, source, c.cue])
            .map_err(&e)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_postings(conn: &Connection) -> Vec<(i64, i64, index::Posting)> {
        let mut st = conn
            .prepare("SELECT kind, hash, total, variant, packed FROM postings ORDER BY kind, hash, total, variant")
            .unwrap();
        let rows: Vec<(i64, i64, i64, i64, Vec<u8>)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        rows.into_iter()
            .flat_map(|(kind, hash, total, variant, packed)| {
                let row = index::unpack(kind, total, variant, &packed).unwrap();
                assert!(!row.is_empty() && row.len() <= index::CHUNK);
                row.into_iter().map(move |p| (kind, hash, p))
            })
            .collect()
    }

    #[test]
    fn issue16_insert_many_puts_rows_past_its_full_statements_one_a_statement_in_order() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER, b TEXT)").unwrap();
        let path = Path::new("x.qg");
        let bind = |st: &mut rusqlite::Statement<'_>, at: usize, r: &(i64, String)| {
            st.raw_bind_parameter(at, r.0)?;
            st.raw_bind_parameter(at + 1, &r.1)
        };
        let mut want = Vec::new();
        // Full statements and a rest, a rest alone, none, and full ones alone.
        for n in [ROWS_A_STATEMENT * 2 + 5, 3, 0, ROWS_A_STATEMENT] {
            let rows: Vec<(i64, String)> = (0..n as i64)
                .map(|i| (want.len() as i64 + i, format!("r{i}")))
                .collect();
            insert_many(&conn, path, "INSERT INTO t (a, b)", 2, &rows, bind).unwrap();
            want.extend(rows);
        }
        let got: Vec<(i64, String)> = conn
            .prepare("SELECT a, b FROM t ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(got, want);
    }

    /// Every row of `postings`, as stored.
    fn postings_rows(conn: &Connection) -> Vec<PostingsRow> {
        conn.prepare("SELECT kind, hash, total, variant, packed FROM postings ORDER BY kind, hash, total, variant")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    /// The merge as an add did it until session 37, a row at a time: each
    /// row taken read, deleted at once, and packed again with its new
    /// postings (the rows' model [`insert_postings`] must match).
    fn merged_a_row_at_a_time(conn: &Connection, rows: &[(i64, i64, index::Posting)]) {
        let row =
            |r: &rusqlite::Row<'_>| -> rusqlite::Result<(i64, i64, Vec<u8>)> { Ok((r.get(0)?, r.get(1)?, r.get(2)?)) };
        let mut out = Vec::new();
        for run in rows.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
            let (kind, hash) = (run[0].0, run[0].1);
            let mut new: Vec<index::Posting> = run.iter().map(|r| r.2).collect();
            new.dedup_by_key(|p| (p.total, p.variant));
            let mut i = 0;
            while i < new.len() {
                let p = new[i];
                let found = conn
                    .query_row(
                        "SELECT total, variant, packed FROM postings WHERE kind = ?1 AND hash = ?2 \
                         AND (total, variant) >= (?3, ?4) ORDER BY total, variant LIMIT 1",
                        params![kind, hash, p.total, p.variant],
                        row,
                    )
                    .optional()
                    .unwrap();
                let (found, upto) = match found {
                    Some(f) => {
                        let n = new[i..]
                            .iter()
                            .take_while(|q| (q.total, q.variant) <= (f.0, f.1))
                            .count();
                        (Some(f), i + n)
                    }
                    None => (
                        conn.query_row(
                            "SELECT total, variant, packed FROM postings WHERE kind = ?1 AND hash = ?2 \
                             ORDER BY total DESC, variant DESC LIMIT 1",
                            params![kind, hash],
                            row,
                        )
                        .optional()
                        .unwrap(),
                        new.len(),
                    ),
                };
                let mut merged = Vec::new();
                if let Some((total, variant, packed)) = &found {
                    merged = index::unpack(kind, *total, *variant, packed).unwrap();
                    conn.execute(
                        "DELETE FROM postings WHERE kind = ?1 AND hash = ?2 AND total = ?3 AND variant = ?4",
                        params![kind, hash, total, variant],
                    )
                    .unwrap();
                }
                merged.extend_from_slice(&new[i..upto]);
                merged.sort_by_key(|q| (q.total, q.variant));
                merged.dedup_by_key(|q| (q.total, q.variant));
                pack_postings(kind, hash, &merged, &mut out);
                i = upto;
            }
        }
        insert_postings_rows(conn, Path::new("model.qg"), &out).unwrap();
    }

    #[test]
    fn issue16_postings_merged_a_batch_at_a_time_are_the_rows_merged_a_row_at_a_time() {
        let path = Path::new("test.qg");
        let posting = |kind: i64, total: i64, variant: i64| index::Posting {
            total,
            variant,
            rest: (kind == index::HEAVY_KEY).then_some(variant % 5),
        };
        // Keys of one to several full rows, of both kinds; more keys than
        // a batch of merges holds.
        let mut old = Vec::new();
        for key in 0..(MERGE_BATCH as i64 + 300) {
            let (kind, hash) = (key % 2, key / 2 - 400);
            let many = 1 + (key * 61) % 400;
            old.extend((0..many).map(|i| (kind, hash, posting(kind, 3 + (i * 13) % 17, 10 + 4 * i))));
        }
        old.sort_by_key(|&(k, h, p)| (k, h, p.total, p.variant));
        // New postings inside rows, past every row of their key (with
        // some inside too: the key's last row is then looked for among
        // those left), at weights of their own, one already there, and
        // keys not there before.
        let mut new = Vec::new();
        for key in 0..(MERGE_BATCH as i64 + 320) {
            let (kind, hash) = (key % 2, key / 2 - 400);
            let many = (key * 7) % 9;
            new.extend((0..many).map(|i| {
                (
                    kind,
                    hash,
                    posting(kind, (key + i * 5) % 23, 11 + 4 * ((key * i) % 300)),
                )
            }));
            if key % 3 == 0 {
                new.push((kind, hash, posting(kind, 40, 9000 + key)));
            }
        }
        new.push(old[77]);
        new.sort_by_key(|&(k, h, p)| (k, h, p.total, p.variant));
        let (batched, model) = (
            Connection::open_in_memory().unwrap(),
            Connection::open_in_memory().unwrap(),
        );
        for conn in [&batched, &model] {
            conn.execute_batch(include_str!("v12.sql")).unwrap();
            insert_postings(conn, path, &old, |r| *r, true).unwrap();
        }
        let before = postings_rows(&model);
        insert_postings(&batched, path, &new, |r| *r, false).unwrap();
        merged_a_row_at_a_time(&model, &new);
        let want = postings_rows(&model);
        assert!(want.len() > before.len() && want != before);
        assert_eq!(postings_rows(&batched), want);
    }

    #[test]
    fn issue16_an_add_merges_postings_into_the_rows_they_fall_in_as_a_build_packs_them() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(include_str!("v12.sql")).unwrap();
        let path = Path::new("test.qg");
        let posting = |kind: i64, total: i64, variant: i64| index::Posting {
            total,
            variant,
            rest: (kind == index::HEAVY_KEY).then_some(variant % 7),
        };
        // Two keys of each kind: one with rows to spare, one of several
        // full rows; weights repeat, so that variants order within one.
        let rows = |n: i64, step: i64, from: i64| -> Vec<(i64, i64, index::Posting)> {
            let mut out: Vec<_> = [(0, -5), (0, 9), (1, -5), (1, 9)]
                .into_iter()
                .flat_map(|(kind, hash)| {
                    let many = if hash == 9 { n * 5 } else { n };
                    (0..many).map(move |i| (kind, hash, posting(kind, 10 + (i * 37) % 23, from + i * step)))
                })
                .collect();
            out.sort_by_key(|&(k, h, p)| (k, h, p.total, p.variant));
            out
        };
        let old = rows(60, 3, 1);
        insert_postings(&conn, path, &old, |r| *r, true).unwrap();
        assert_eq!(all_postings(&conn), old);
        // New variants numbered after and between the old ones, at every
        // weight, with one that is there already (kept as it was).
        let mut new = rows(45, 2, 1000);
        new.extend(rows(10, 3, 2));
        new.push((0, 9, posting(0, old[70].2.total, old[70].2.variant)));
        new.sort_by_key(|&(k, h, p)| (k, h, p.total, p.variant));
        insert_postings(&conn, path, &new, |r| *r, false).unwrap();
        let mut want: Vec<_> = old.iter().chain(&new).copied().collect();
        want.sort_by_key(|&(k, h, p)| (k, h, p.total, p.variant));
        want.dedup_by_key(|&mut (k, h, p)| (k, h, p.total, p.variant));
        assert_eq!(all_postings(&conn), want);
        // A key that was not there gets rows of its own.
        let lone = vec![(1, 77, posting(1, 4, 5))];
        insert_postings(&conn, path, &lone, |r| *r, false).unwrap();
        assert_eq!(all_postings(&conn).len(), want.len() + 1);
    }

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
