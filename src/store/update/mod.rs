//! An `add` written into the store in place ([`Update`]), in one
//! transaction: the new articles' rows, the new variants (with their
//! rows of the key index) and occurrences, the families whose report
//! changed (and the rows of those that are gone), the `family` column
//! of the rows the add moved to another family, and every family's rank
//! (`family_ranks`, written whole: an add shifts nearly all of them).
//! Every number that ties rows together (an article's `seq`, a variant's
//! id, a family's and a source's `num`) was given once and is kept; a
//! new thing gets the next free one. Dropped before [`Update::commit`],
//! or failing in it, the transaction is rolled back and the store is
//! what it was.
//!
//! `reads.rs`: what an add reads of the store before it links
//! ([`reads::LinkReads`]) and the families it holds; `unchanged.rs`:
//! which of the linker's families the store holds as they are
//! ([`unchanged::unchanged_families`]), whose reports the trace may
//! keep; `families.rs`: each family traced again written, or kept;
//! `linked.rs`: variants, occurrences, the key index and the links;
//! `outlets.rs`: the outlet tables brought up to date by what changed;
//! `commit.rs`: the families gone, ranks, fragments and aliases, and
//! the commit.

mod commit;
mod families;
mod linked;
mod outlets;
pub(super) mod reads;
pub(super) mod unchanged;

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use super::compress::Zlib;
use super::open::format_error;
use super::write::articles::write_article;
use super::write::provenance::{write_citations, write_meta, write_sources, write_speakers};
use super::Store;
use crate::article::Articles;
use crate::error::Result;
use crate::provenance::outlets::UNKNOWN as UNKNOWN_OUTLET;
use crate::provenance::{Citation, Provenance};

/// A family as the store held it before the add.
struct Held {
    num: i64,
    inputs: Option<u64>,
}

/// The families a store holds, by key; the next free family number; and
/// by number, [`UNRANKED`] for each family held ([`NOT_HELD`] for a
/// number none bears).
type HeldFamilies = (FxHashMap<String, Held>, i64, Vec<u32>);

/// By family number ([`Update::ranks`]): held, and not yet written or
/// kept (gone, if it stays so).
const UNRANKED: u32 = u32::MAX;
/// By family number ([`Update::ranks`]): a number no family held.
const NOT_HELD: u32 = u32::MAX - 1;

/// The stored families' numbers and inputs by key, shared with the trace
/// ([`Update::held_inputs`]): read once, never changed, so not copied.
pub struct HeldInputs(std::sync::Arc<FxHashMap<String, Held>>);

impl HeldInputs {
    /// The number and inputs of the family the store holds under `key`,
    /// if it holds one made of known inputs
    /// ([`crate::provenance::Keep`]).
    pub fn of(&self, key: &str) -> Option<(u32, u64)> {
        let h = self.0.get(key)?;
        Some((u32::try_from(h.num).ok()?, h.inputs?))
    }
}

/// A store being updated in place by an `add`, in one transaction.
pub struct Update {
    store: Store,
    /// The families the store held, by key: never changed once read
    /// (what the add does with each is in `ranks`), so the trace reads
    /// it where it is ([`Update::held_inputs`]).
    held: std::sync::Arc<FxHashMap<String, Held>>,
    /// By family number: the rank of the held family of that number once
    /// it is written or kept, else [`UNRANKED`] ([`NOT_HELD`] for a number
    /// none bears). A vector, not a field of [`Held`]: a family kept comes
    /// by number, not key (issue 16).
    ranks: Vec<u32>,
    /// Their read, on a connection of its own, until it is waited for
    /// ([`Update::held_read`]); with the next free family number.
    reading: Option<std::thread::JoinHandle<Result<HeldFamilies>>>,
    /// The aliases it held: alias, and the key of the family it named.
    aliases: Vec<(String, String)>,
    /// The next free family number.
    next_family: i64,
    /// Number of the families written or kept so far, by rank (the rank
    /// gives the id: `F12` is rank 11); the keys of the new ones (those
    /// held are the store's) by number.
    nums: Vec<i64>,
    new_keys: FxHashMap<i64, String>,
    /// Each family that is a fragment of others (by rank), and the ids of
    /// those.
    inside: Vec<(usize, Vec<String>)>,
    /// Citations of the families traced again, by family number, written
    /// once the sources are numbered.
    citations: Vec<(i64, Citation)>,
    /// The rank of the family that holds each occurrence that was a key
    /// of a family now gone, or an alias: what the aliases are pointed
    /// at (a key that is still one is held by its own family, `ranks`).
    holder: FxHashMap<String, usize>,
    /// Families traced again.
    traced: usize,
    /// Whether [`Update::linked`] counted the outlet lines of the
    /// families gone (else [`Update::commit`] does).
    gone_counted: bool,
    /// What the add changes in `outlet_edges`: lines (families with a
    /// copy edge between the two outlets) gained or lost, by pair; and
    /// the new articles of each outlet. Folded into the outlet tables on
    /// [`Update::commit`], in place of folding them from every copy edge.
    outlet_lines: HashMap<(String, String), i64>,
    outlet_articles: HashMap<String, i64>,
    zlib: Zlib,
}

impl Update {
    /// Starts updating `store` (an exclusive transaction: no other
    /// writer until it ends), reading what the add keeps or compares:
    /// each family's number and inputs by key, and the aliases. The
    /// families (a million at 1M, a second's read) are read on a
    /// read-only connection of their own, on a thread of their own,
    /// beside what the add reads next on this connection and on the
    /// link's ([`Store::link_reads`]), and on while the new articles are
    /// read and extracted (one core of two idle there) and the add links;
    /// [`Update::articles`] waits for them, before anything is written
    /// (issue 16).
    pub fn begin(store: Store) -> Result<Update> {
        let e = store.e();
        // The add's pages (families renumbered all over their table)
        // stay in memory until the commit. No memory map: the add reads
        // whole tables once (articles, families, occurrences), and every
        // page it touched through a map would stay resident while it
        // links (160 MiB more peak RSS at 100k articles). References are
        // not checked row by row (as the writer does not): a family
        // traced again is replaced while its variants still name it.
        store
            .conn
            .execute_batch(
                "PRAGMA mmap_size = 0; PRAGMA cache_size = -65536; PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE",
            )
            .map_err(&e)?;
        // `BEGIN IMMEDIATE` takes SQLite's reserved lock, which lets
        // others read until the first write.
        let path = store.path.clone();
        let reading = std::thread::spawn(move || {
            let families = Store::open_read_only(&path)?;
            // Read through SQLite's cache, not a map: every page of the
            // families' table it read (their reports' too, 0.5 GiB at
            // 1M) was resident until it closed, the read step's top.
            families
                .conn
                .execute_batch("PRAGMA mmap_size = 0")
                .map_err(families.e())?;
            families.held_families()
        });
        let aliases = store
            .prep("SELECT alias, family_key FROM family_aliases")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(&e)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&e)?;
        drop(e);
        Ok(Update {
            store,
            held: Default::default(),
            ranks: Vec::new(),
            reading: Some(reading),
            aliases,
            next_family: 0,
            nums: Vec::new(),
            new_keys: FxHashMap::default(),
            inside: Vec::new(),
            citations: Vec::new(),
            holder: FxHashMap::default(),
            traced: 0,
            gone_counted: false,
            outlet_lines: HashMap::new(),
            outlet_articles: HashMap::new(),
            zlib: Zlib::texts(),
        })
    }

    /// The numbers of the families gone (merged into others, or split so
    /// that no part kept their key), in order.
    fn gone(&self) -> Vec<i64> {
        let mut gone: Vec<i64> = self
            .held
            .values()
            .filter(|h| self.rank_of(h.num).is_none())
            .map(|h| h.num)
            .collect();
        gone.sort_unstable();
        gone
    }

    /// The rank of the held family numbered `num`, once it is written or
    /// kept.
    fn rank_of(&self, num: i64) -> Option<usize> {
        let rank = *self.ranks.get(usize::try_from(num).ok()?)?;
        (rank < NOT_HELD).then_some(rank as usize)
    }

    /// Each family's key by its number, held or new: what the few
    /// families whose key is written again (fragments, aliases) are
    /// looked up in, where each rank held its key's copy (a million
    /// strings at 1M, made and hashed by the trace for nothing).
    fn keys_by_number(&self) -> Vec<&str> {
        let mut keys = vec![""; usize::try_from(self.next_family).unwrap_or(0)];
        for (key, h) in self.held.iter() {
            keys[h.num as usize] = key.as_str();
        }
        for (&num, key) in &self.new_keys {
            keys[num as usize] = key.as_str();
        }
        keys
    }

    /// Waits for the families [`Update::begin`] reads beside, once: before
    /// the first write (a write can need the lock no reader may hold)
    /// and before they are looked at.
    fn held_read(&mut self) -> Result<()> {
        if let Some(reading) = self.reading.take() {
            let (held, next_family, ranks) = reading.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?;
            (self.held, self.next_family, self.ranks) = (std::sync::Arc::new(held), next_family, ranks);
        }
        Ok(())
    }

    /// The store, to read from inside the transaction.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// What each family's report is made of (`families.inputs`), and its
    /// number, by key: those whose report the add may keep. A store
    /// written before schema 6 has none. Shared, not copied (a million
    /// keys at 1M). Asked once the families are read
    /// ([`Update::articles`]), as is [`Update::inputs_by_number`].
    pub fn held_inputs(&self) -> HeldInputs {
        debug_assert!(self.reading.is_none(), "the families are read");
        HeldInputs(std::sync::Arc::clone(&self.held))
    }

    /// What each family's report is made of (`families.inputs`), by the
    /// family's number, where the store holds it.
    pub fn inputs_by_number(&self) -> Vec<Option<u64>> {
        debug_assert!(self.reading.is_none(), "the families are read");
        let mut inputs = vec![None; self.ranks.len()];
        for h in self.held.values() {
            inputs[h.num as usize] = h.inputs;
        }
        inputs
    }

    /// The name each speaker's spelling went by (`speaker_spellings`): what
    /// the families the add does not hash again were traced with
    /// ([`crate::provenance::Unchanged`]).
    pub fn speaker_names(&self) -> Result<FxHashMap<String, String>> {
        let e = self.store.e();
        self.store
            .prep("SELECT s.spelling, p.name FROM speaker_spellings s JOIN speakers p ON p.rank = s.speaker")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(&e)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&e)
    }

    /// Lets go of the pages the reads so far cached (the articles'
    /// table, 64 MiB at most), before the add links: it needs them no
    /// more. The families [`Update::begin`] reads beside are not waited
    /// for: their read goes on beside the next steps (a second of one
    /// core at 1M, the read step's wall bound by the two cores' work).
    pub fn release_memory(&mut self) -> Result<()> {
        self.store
            .conn
            .execute_batch("PRAGMA shrink_memory")
            .map_err(self.store.e())
    }

    /// Families written or kept so far, and of those traced again.
    pub fn families(&self) -> (usize, usize) {
        (self.nums.len(), self.traced)
    }

    /// The new articles (those whose `seq` is `None`, with their texts),
    /// numbered after the store's in the order given, and their quotes;
    /// every article's number, in that order.
    pub fn articles(
        &mut self,
        articles: &dyn Articles,
        held: &[Option<i64>],
        texts: &[Option<String>],
    ) -> Result<Vec<i64>> {
        self.held_read()?;
        let mut next: i64 = self
            .store
            .conn
            .query_row("SELECT coalesce(max(seq) + 1, 0) FROM articles", [], |r| r.get(0))
            .map_err(self.store.e())?;
        let mut seqs = Vec::with_capacity(articles.len());
        for (i, (seq, text)) in held.iter().zip(texts).enumerate() {
            match (seq, articles.whole(i), text) {
                (Some(seq), _, _) => seqs.push(*seq),
                (None, Some(a), Some(text)) => {
                    write_article(&self.store.conn, &self.store.path, &mut self.zlib, next, a, text)?;
                    let outlet = a.outlet.as_deref().unwrap_or(UNKNOWN_OUTLET);
                    *self.outlet_articles.entry(outlet.to_string()).or_insert(0) += 1;
                    seqs.push(next);
                    next += 1;
                }
                (None, _, _) => {
                    return Err(format_error(
                        &self.store.path,
                        format!("article {} is new but has no text", articles.id(i)),
                    ))
                }
            }
        }
        Ok(seqs)
    }

    /// Speakers, sources and thresholds in place of the store's; the
    /// citations of the families traced again. A source keeps its number
    /// by name; a new one gets the next free one.
    pub fn provenance(&mut self, prov: &Provenance) -> Result<()> {
        let (conn, path) = (&self.store.conn, &self.store.path);
        write_meta(conn, path, prov)?;
        write_speakers(conn, path, prov)?;
        let e = self.store.e();
        let by_name: HashMap<String, i64> = self
            .store
            .prep("SELECT name, num FROM sources")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(&e)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&e)?;
        let mut next = by_name.values().max().map_or(0, |m| m + 1);
        let nums: Vec<i64> = prov
            .sources
            .iter()
            .map(|s| {
                by_name.get(&s.name).copied().unwrap_or_else(|| {
                    next += 1;
                    next - 1
                })
            })
            .collect();
        let num_of = write_sources(conn, path, prov, &nums)?;
        write_citations(conn, path, &self.citations, &num_of)
    }
}

/// A store with its schema and no rows, in a directory the caller
/// keeps alive; tests put in the rows they need by SQL.
#[cfg(test)]
fn empty_store() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("news.qg");
    super::Writer::create(&path, "--lang auto", "test")
        .unwrap()
        .commit()
        .unwrap();
    (dir, path)
}
