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

use std::collections::HashMap;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use rusqlite::{params, OptionalExtension};

use super::compress::Zlib;
use super::families::rank_of_id;
use super::open::format_error;
use super::write::articles::write_article;
use super::write::families::{write_family, write_ranks, PackedFamily};
use super::write::provenance::{write_citations, write_meta, write_sources, write_speakers};
use super::write::variants::{insert_variant_rows, variant_rows, INSERT_OCCURRENCE};
use super::Store;
use crate::article::Articles;
use crate::error::Result;
use crate::link::{LinkConfig, Linked, Prior, PriorLinks, Stored, StoredWords};
use crate::provenance::{occ_id_of, Citation, Kept, Provenance};

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

/// The outlet an article with none is counted under (as `outlets.sql`
/// counts it).
const UNKNOWN_OUTLET: &str = "unknown outlet";

/// Counts the pairs of outlets family `num`'s copy edges go between
/// (each pair once, an outlet re-running its own line left out, as
/// `outlets.sql` counts them) into `lines`, `sign` times: -1 before its
/// edges are deleted, 1 once its new ones are written.
fn count_outlet_lines(store: &Store, lines: &mut HashMap<(String, String), i64>, num: i64, sign: i64) -> Result<()> {
    let e = store.e();
    let mut st = store.prep(
        "SELECT DISTINCT coalesce(sa.outlet, 'unknown outlet'), coalesce(ca.outlet, 'unknown outlet') \
         FROM copy_edges e \
         JOIN articles sa ON sa.id = e.source_article \
         JOIN articles ca ON ca.id = e.copy_article \
         WHERE e.family = ?1",
    )?;
    let mut rows = st.query([num]).map_err(&e)?;
    while let Some(r) = rows.next().map_err(&e)? {
        let (source, copy): (String, String) = (r.get(0).map_err(&e)?, r.get(1).map_err(&e)?);
        if source != copy {
            *lines.entry((source, copy)).or_insert(0) += sign;
        }
    }
    Ok(())
}

/// [`count_outlet_lines`] for a family an add traced again, its copy
/// edges' articles looked up among `own` (its new report's articles and
/// their outlets, by article: most of the articles its old edges went
/// between) and then among the add's `articles` (in id order, as it holds
/// them) where the store joined each edge's two in `articles`: most of
/// the store's time in writing a family at 1M (issue 16). The store is
/// asked where an article is not found.
fn count_outlet_lines_among(
    store: &Store,
    lines: &mut HashMap<(String, String), i64>,
    num: i64,
    sign: i64,
    articles: &dyn Articles,
    own: &[(String, String)],
) -> Result<()> {
    let e = store.e();
    let place = |id: &str| {
        let (mut lo, mut hi) = (0, articles.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match articles.id(mid).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    };
    // An id of the 1M searched costs some 20 reads far apart; of the
    // family's own, a few near.
    let outlet = |id: &str| match own.binary_search_by(|(a, _)| a.as_str().cmp(id)) {
        Ok(at) => Some(own[at].1.as_str()),
        Err(_) => place(id).map(|a| articles.outlet(a).unwrap_or(UNKNOWN_OUTLET)),
    };
    let mut pairs: FxHashSet<(&str, &str)> = FxHashSet::default();
    let mut st = store.prep("SELECT source_article, copy_article FROM copy_edges WHERE family = ?1")?;
    let mut rows = st.query([num]).map_err(&e)?;
    while let Some(r) = rows.next().map_err(&e)? {
        let text = |c: usize| -> Result<&str> { r.get_ref(c).map_err(&e)?.as_str().map_err(|x| e(x.into())) };
        match (outlet(text(0)?), outlet(text(1)?)) {
            (Some(source), Some(copy)) => {
                if source != copy {
                    pairs.insert((source, copy));
                }
            }
            _ => return count_outlet_lines(store, lines, num, sign),
        }
    }
    for (source, copy) in pairs {
        *lines.entry((source.to_string(), copy.to_string())).or_insert(0) += sign;
    }
    Ok(())
}

/// Each of the linker's occurrences' stored numbers (`stored`, read by
/// [`Update::stored`]), none for a new one: looked up once, for
/// [`unchanged_families`] and [`Update::linked`], and the map let go.
pub fn stored_by_occurrence(linked: &Linked, stored: &FxHashMap<(u32, u32, u32), Stored>) -> Vec<Option<Stored>> {
    use rayon::prelude::*;
    linked
        .occurrences
        .par_iter()
        .map(|oc| stored.get(&(oc.article, oc.quote, oc.segment)).copied())
        .collect()
}

/// Which of the linker's families are, occurrence for occurrence, a
/// family the store holds, with the same variants (the same occurrences
/// each: their order, a build's, is that of their first occurrences,
/// which are old) and the same links between them, kind, direction and
/// score, as its link graph held them (the stored links, less the
/// overlaps of variants with too many: `link::overlap_kept`): the stored
/// family's number, by the linker's family (`u32::MAX` for none). Such a
/// family's inputs are those stored, but for its speakers' names, which
/// the trace compares ([`crate::provenance::Unchanged`]): an add hashes
/// only the others' (issue 16). Empty without a `prior`.
pub fn unchanged_families(linked: &Linked, prior: Option<&Prior<'_>>, stored: &[Option<Stored>]) -> Vec<u32> {
    use rayon::prelude::*;
    const NONE: u32 = u32::MAX;
    let Some(prior) = prior else {
        return Vec::new();
    };
    // Each stored family's occurrences, and each stored variant's family.
    let (mut size, mut family_of) = (Vec::<u32>::new(), Vec::<u32>::new());
    for s in prior.stored.values() {
        let (f, v) = (s.family as usize, s.variant as usize);
        if size.len() <= f {
            size.resize(f + 1, 0);
        }
        size[f] += 1;
        if family_of.len() <= v {
            family_of.resize(v + 1, NONE);
        }
        family_of[v] = s.family;
    }
    // The stored links the old graph held (an overlap of a variant with
    // too many was not), by family.
    let mut degree = vec![0usize; family_of.len()];
    for &((a, b), l) in prior.links.all() {
        if l.0 == crate::link::LinkKind::Overlap {
            if degree.len() <= b as usize {
                degree.resize(b as usize + 1, 0);
            }
            degree[a as usize] += 1;
            degree[b as usize] += 1;
        }
    }
    let degree_of = |v: u32| degree.get(v as usize).copied().unwrap_or(0);
    let fam = |v: u32| family_of.get(v as usize).copied().unwrap_or(NONE);
    let held = |&((a, b), l): &((u32, u32), crate::link::PriorLink)| {
        fam(a) != NONE
            && fam(a) == fam(b)
            && (l.0 != crate::link::LinkKind::Overlap || crate::link::overlap_kept(degree_of(a), degree_of(b)))
    };
    // Each stored variant's variant now (any of its occurrences'; where
    // they are not one variant, its family is found changed below).
    let mut now = vec![NONE; family_of.len()];
    for (oc, s) in linked.occurrences.iter().zip(stored) {
        if let Some(s) = s {
            now[s.variant as usize] = oc.variant;
        }
    }
    // The stored families one of whose links the graph does not hold as
    // it was (kind, direction, score), and how many each held.
    let lost: Vec<u32> = prior
        .links
        .all()
        .par_iter()
        .filter(|l| held(l))
        .filter_map(|&((a, b), (kind, a_short, score))| {
            let (va, vb) = (now[a as usize], now[b as usize]);
            let same = va != NONE
                && vb != NONE
                && linked.link_between(va, vb).is_some_and(|l| {
                    l.kind == kind && (l.short == va) == a_short && l.score.to_bits() == score.to_bits()
                });
            (!same).then(|| fam(a))
        })
        .collect();
    let mut links = vec![0u32; size.len()];
    for l in prior.links.all().iter().filter(|l| held(l)) {
        links[fam(l.0 .0) as usize] += 1;
    }
    for f in lost {
        links[f as usize] = NONE;
    }
    linked
        .families
        .par_iter()
        .map(|fam| {
            let Some(Some(first)) = fam.occurrences.first().map(|&o| stored[o as usize]) else {
                return NONE;
            };
            let was = first.family;
            if size.get(was as usize).copied() != Some(fam.occurrences.len() as u32) || links[was as usize] == NONE {
                return NONE;
            }
            if let [_] = fam.variants[..] {
                // One variant (most families): its occurrences, all of
                // one stored variant, and no link inside.
                let same = fam.occurrences.iter().all(|&o| stored[o as usize] == Some(first));
                return if same && links[was as usize] == 0 { was } else { NONE };
            }
            // Each variant's stored number, one a variant and none twice.
            let mut number = vec![NONE; fam.variants.len()];
            for &o in fam.occurrences {
                let (Some(s), Ok(i)) = (
                    stored[o as usize],
                    fam.variants.binary_search(&linked.occurrences[o as usize].variant),
                ) else {
                    return NONE;
                };
                if s.family != was || (number[i] != NONE && number[i] != s.variant) {
                    return NONE;
                }
                number[i] = s.variant;
            }
            let mut distinct = number;
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.len() != fam.variants.len() {
                return NONE;
            }
            // Every link the old graph held between two of its variants is
            // held as it was (`lost`): the same links if as many.
            let n: usize = fam
                .variants
                .iter()
                .map(|&v| {
                    linked
                        .neighbour_links(v)
                        .filter(|&(u, _)| u > v && fam.variants.binary_search(&u).is_ok())
                        .count()
                })
                .sum();
            if n == links[was as usize] as usize {
                was
            } else {
                NONE
            }
        })
        .collect()
}

/// What an add reads of the stored occurrences, variants and links
/// before it links ([`Store::link_reads`]): read on a connection of its
/// own, beside the articles ([`Store::held_articles`]) on the update's,
/// as neither needs the other (some 2.5 s of a 1M add on each).
pub struct LinkReads {
    /// Each stored occurrence: its article's number, its quote and
    /// segment, its variant and family.
    occurrences: Vec<(i64, u32, u32, Stored)>,
    /// The stored variants' words ([`crate::link::StoredWords`]): what an
    /// add takes its old occurrences' words from ([`crate::link::Old`]).
    pub words: StoredWords,
    /// The stored links; none where the store does not keep them whole
    /// (migrated, and not added to since).
    links: Option<PriorLinks>,
}

impl LinkReads {
    /// Each stored occurrence's variant and family, by its article's
    /// place among `articles` numbered `seqs` (None for a new one), its
    /// quote and its segment: for the link's [`crate::link::Prior`] and
    /// for [`Update::linked`].
    pub fn stored(&mut self, seqs: &[Option<i64>]) -> FxHashMap<(u32, u32, u32), Stored> {
        let place: FxHashMap<i64, u32> = seqs
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|s| (s, i as u32)))
            .collect();
        let occurrences = std::mem::take(&mut self.occurrences);
        let mut stored = FxHashMap::default();
        stored.reserve(occurrences.len());
        for (article, q, seg, o) in occurrences {
            if let Some(&at) = place.get(&article) {
                stored.insert((at, q, seg), o);
            }
        }
        stored
    }

    /// What the store knows of its links ([`crate::link::Prior`]), with
    /// its occurrences `stored` ([`LinkReads::stored`]).
    pub fn prior<'a>(&mut self, stored: &'a FxHashMap<(u32, u32, u32), Stored>) -> Option<Prior<'a>> {
        self.links.take().map(|links| Prior { stored, links })
    }
}

impl Store {
    /// Each family's number and inputs by key, and the next free family
    /// number: what [`Update::begin`] reads beside.
    fn held_families(&self) -> Result<HeldFamilies> {
        let e = self.e();
        // Made at its size: grown from empty, a million keys' map left
        // the tables it outgrew (some 100 MiB at 1M) freed on a thread
        // that then ends.
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM families", [], |r| r.get(0))
            .map_err(&e)?;
        let mut held = FxHashMap::default();
        held.reserve(usize::try_from(count).unwrap_or(0));
        let mut next_family = 0;
        let mut ranks = Vec::new();
        let mut st = self.prep("SELECT key, num, inputs FROM families")?;
        let mut rows = st.query([]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            let num: i64 = r.get(1).map_err(&e)?;
            let at = usize::try_from(num).map_err(|_| format_error(&self.path, format!("a family numbered {num}")))?;
            next_family = next_family.max(num + 1);
            if ranks.len() <= at {
                ranks.resize(at + 1, NOT_HELD);
            }
            ranks[at] = UNRANKED;
            held.insert(
                r.get::<_, String>(0).map_err(&e)?,
                Held {
                    num,
                    inputs: r.get::<_, Option<i64>>(2).map_err(&e)?.map(|i| i as u64),
                },
            );
        }
        Ok((held, next_family, ranks))
    }

    /// The stored occurrences, variants' words and links an add reads
    /// before it links ([`LinkReads`]), in one read.
    pub fn link_reads(&self) -> Result<LinkReads> {
        self.in_one_read(|st| {
            Ok(LinkReads {
                occurrences: st.occurrence_rows()?,
                words: st.variant_words()?,
                links: st.prior_links()?,
            })
        })
    }

    fn occurrence_rows(&self) -> Result<Vec<(i64, u32, u32, Stored)>> {
        let e = self.e();
        // Numbers past u32 are not made: the linker counts variants in
        // u32, and numbers are given once, one a variant or family made.
        let small = |n: i64, what: &str| {
            u32::try_from(n).map_err(|_| format_error(&self.path, format!("an occurrence's {what} is {n}")))
        };
        let mut out = Vec::new();
        let mut st = self.prep("SELECT article, quote, segment, variant, family FROM occurrences")?;
        let mut rows = st.query([]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            let (q, seg): (i64, i64) = (r.get(1).map_err(&e)?, r.get(2).map_err(&e)?);
            out.push((
                r.get::<_, i64>(0).map_err(&e)?,
                small(q, "quote")?,
                small(seg, "segment")?,
                Stored {
                    variant: small(r.get(3).map_err(&e)?, "variant")?,
                    family: small(r.get(4).map_err(&e)?, "family")?,
                },
            ));
        }
        Ok(out)
    }

    fn variant_words(&self) -> Result<StoredWords> {
        let e = self.e();
        let mut words = StoredWords::default();
        let mut st = self.prep("SELECT id, words FROM variants ORDER BY id")?;
        let mut rows = st.query([]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            let id: i64 = r.get(0).map_err(&e)?;
            let id = u32::try_from(id).map_err(|_| format_error(&self.path, format!("a variant numbered {id}")))?;
            words.push(id, r.get_ref(1).map_err(&e)?.as_str().map_err(|x| e(x.into()))?);
        }
        Ok(words)
    }

    fn prior_links(&self) -> Result<Option<PriorLinks>> {
        let e = self.e();
        let kept = self.meta("links")?;
        if kept.as_deref() != Some("kept") {
            return Ok(None);
        }
        let mut links = Vec::new();
        let mut st = self.prep("SELECT block, pairs FROM links ORDER BY block")?;
        let mut rows = st.query([]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            let block: i64 = r.get(0).map_err(&e)?;
            let packed = r.get_ref(1).map_err(&e)?.as_blob().map_err(|x| e(x.into()))?;
            let pairs = super::unpack_links(block, packed)
                .ok_or_else(|| format_error(&self.path, format!("links row {block} ends inside a number")))?;
            links.extend(pairs.into_iter().map(|l| ((l.a, l.b), (l.kind, l.a_short, l.score))));
        }
        Ok(Some(PriorLinks::new(links)))
    }
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

    /// The next family, traced again: its row in place of the one of its
    /// key (its number kept), or a new one; its copy edges and citations
    /// in place of those it had.
    pub fn family(&mut self, fam: PackedFamily) -> Result<()> {
        self.family_with(fam, None)
    }

    /// [`Update::family`], the outlets of the copy edges it replaces
    /// looked up among the add's `articles` ([`count_outlet_lines_among`]).
    pub fn family_among(&mut self, fam: PackedFamily, articles: &dyn Articles) -> Result<()> {
        self.family_with(fam, Some(articles))
    }

    fn family_with(&mut self, mut fam: PackedFamily, articles: Option<&dyn Articles>) -> Result<()> {
        self.held_read()?;
        let e = self.store.e();
        let rank = self.nums.len();
        let num = match self.held.get(&fam.key).map(|h| h.num) {
            Some(num) => {
                self.ranks[num as usize] = rank as u32;
                match articles {
                    Some(articles) => {
                        count_outlet_lines_among(&self.store, &mut self.outlet_lines, num, -1, articles, &fam.outlets)?
                    }
                    None => count_outlet_lines(&self.store, &mut self.outlet_lines, num, -1)?,
                }
                self.store
                    .prep("DELETE FROM copy_edges WHERE family = ?1")?
                    .execute([num])
                    .map_err(&e)?;
                self.store
                    .prep("DELETE FROM citations WHERE family = ?1")?
                    .execute([num])
                    .map_err(&e)?;
                num
            }
            None => {
                self.next_family += 1;
                self.new_keys.insert(self.next_family - 1, fam.key.clone());
                self.next_family - 1
            }
        };
        drop(e);
        let (lines, citations, inside) = (
            fam.lines.take(),
            std::mem::take(&mut fam.citations),
            std::mem::take(&mut fam.inside),
        );
        write_family(&self.store.conn, &self.store.path, num, fam)?;
        match lines {
            Some(lines) => {
                for pair in lines {
                    *self.outlet_lines.entry(pair).or_insert(0) += 1;
                }
            }
            None => count_outlet_lines(&self.store, &mut self.outlet_lines, num, 1)?,
        }
        self.citations.extend(citations.into_iter().map(|c| (num, c)));
        if !inside.is_empty() {
            self.inside.push((rank, inside));
        }
        self.traced += 1;
        self.nums.push(num);
        Ok(())
    }

    /// The next family, kept as the store holds it (by its number,
    /// [`HeldInputs::of`]): its row is left as it is (its rank is written
    /// with every other's on [`Update::commit`]).
    pub fn kept(&mut self, fam: Kept) -> Result<()> {
        self.held_read()?;
        let rank = self.nums.len();
        match self.ranks.get_mut(fam.family as usize) {
            Some(r) if *r == UNRANKED => *r = rank as u32,
            _ => {
                return Err(format_error(
                    &self.store.path,
                    format!(
                        "family number {} is kept but the store does not hold it (or it is kept twice)",
                        fam.family
                    ),
                ))
            }
        }
        self.nums.push(i64::from(fam.family));
        if !fam.inside.is_empty() {
            self.inside.push((rank, fam.inside));
        }
        Ok(())
    }

    /// Variants, occurrences and the key index, once every family is in
    /// (`family_of` is the traced provenance's, `seqs` the articles'
    /// numbers): the new ones inserted, the old ones' family moved where
    /// it changed (`stored`, by the linker's occurrence, their stored
    /// numbers: [`stored_by_occurrence`]). A variant is a wording (and
    /// for a common phrase its speaker), which an add never splits: its
    /// number is that of its occurrences in the store, or the next free one.
    pub fn linked(
        &mut self,
        articles: &dyn Articles,
        seqs: &[i64],
        linked: &Linked,
        family_of: &[Vec<Vec<usize>>],
        cfg: &LinkConfig,
        stored: &[Option<Stored>],
    ) -> Result<()> {
        self.held_read()?;
        // What the families gone took from the outlet tables, counted
        // here, where the add's articles are at hand
        // ([`count_outlet_lines_among`]); their rows are deleted on
        // [`Update::commit`].
        for num in self.gone() {
            count_outlet_lines_among(&self.store, &mut self.outlet_lines, num, -1, articles, &[])?;
        }
        self.gone_counted = true;
        let e = self.store.e();
        // The occurrences the add must place: the keys of the families
        // gone and the aliases (a key that is still one is its own
        // family's), each found by its id; where the family now holding
        // them is looked for.
        let mut wanted_at: FxHashMap<(i64, i64, i64), String> = FxHashMap::default();
        {
            let mut st = self
                .store
                .prep("SELECT article, quote, segment FROM occurrences WHERE id = ?1")?;
            let gone = self
                .held
                .iter()
                .filter(|(_, h)| self.rank_of(h.num).is_none())
                .map(|(k, _)| k);
            for id in gone.chain(self.aliases.iter().map(|a| &a.0)) {
                let at = st
                    .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                    .optional()
                    .map_err(&e)?;
                if let Some(at) = at {
                    wanted_at.insert(at, id.clone());
                }
            }
        }
        // Each stored occurrence's variant and family (`stored`, read
        // before the link): an id's text is neither read nor made again
        // for each of the millions of old occurrences, only for those
        // that are wanted (above), moved or new.
        let mut next_variant: i64 = stored
            .iter()
            .flatten()
            .map(|s| i64::from(s.variant) + 1)
            .max()
            .unwrap_or(0);
        {
            let max: Option<i64> = self
                .store
                .conn
                .query_row("SELECT max(id) FROM variants", [], |r| r.get(0))
                .optional()
                .map_err(&e)?
                .flatten();
            next_variant = next_variant.max(max.map_or(0, |m| m + 1));
        }
        let family = |o: &crate::link::Occurrence| family_of[o.article as usize][o.quote as usize][o.segment as usize];
        // Each variant's number, and the family its stored rows name.
        let mut number: Vec<Option<(i64, i64)>> = vec![None; linked.variants.len()];
        let mut fresh = Vec::new();
        // The stored occurrences whose family moved: their place, and
        // the family's number.
        let mut moved: Vec<(i64, i64, i64, i64)> = Vec::new();
        for (o, &stored) in linked.occurrences.iter().zip(stored) {
            let at = (seqs[o.article as usize], o.quote as i64, o.segment as i64);
            let rank = family(o);
            let num = self.nums[rank];
            match stored {
                Some(Stored { variant, family: was }) => {
                    let (variant, was) = (i64::from(variant), i64::from(was));
                    number[o.variant as usize].get_or_insert((variant, was));
                    if was != num {
                        moved.push((at.0, at.1, at.2, num));
                    }
                    if let Some(id) = wanted_at.remove(&at) {
                        self.holder.insert(id, rank);
                    }
                }
                None => {
                    let a = o.article as usize;
                    let segments = articles.quote(a, o.quote as usize).segments;
                    fresh.push((
                        occ_id_of(articles.id(a), segments, o.quote as usize, o.segment as usize),
                        o,
                    ))
                }
            }
        }
        let mut new_variants = Vec::new();
        // The stored variants whose family moved: id, and the family's number.
        let mut refamily: Vec<(i64, i64)> = Vec::new();
        for (v, variant) in linked.variants.iter().enumerate() {
            let fam = self.nums[family(&linked.occurrences[variant.occurrences[0] as usize])];
            match number[v] {
                Some((id, was)) => {
                    if was != fam {
                        refamily.push((id, fam));
                    }
                }
                None => {
                    number[v] = Some((next_variant, fam));
                    new_variants.push((next_variant, fam, variant));
                    next_variant += 1;
                }
            }
        }
        let mut occurrences: Vec<(String, i64, i64, i64, i64, i64)> = fresh
            .into_iter()
            .map(|(id, o)| {
                let variant = number[o.variant as usize].map_or(0, |n| n.0);
                let at = (seqs[o.article as usize], o.quote as i64, o.segment as i64);
                (id, at.0, at.1, at.2, variant, self.nums[family(o)])
            })
            .collect();
        // The new variants' rows and key index, and the links' rows, are
        // made on the other cores while this thread updates the moved
        // rows in place: SQLite's steps are all on one thread, the rows'
        // making need not wait for them.
        let number = &number;
        let (rows, links) = std::thread::scope(|s| -> Result<_> {
            let made = s.spawn(|| {
                let num = |v: u32| number[v as usize].map_or(0, |n| n.0);
                let links = super::link_rows(|| linked.compared(), |l| super::StoredLink::of(l, num));
                (variant_rows(linked, &new_variants, cfg), links)
            });
            // In the order of the rows they touch (by article, quote and
            // segment, or id), not the linker's: fewer pages visited apart.
            moved.sort_unstable();
            let mut st = self
                .store
                .prep("UPDATE occurrences SET family = ?4 WHERE article = ?1 AND quote = ?2 AND segment = ?3")?;
            for (article, quote, segment, num) in moved {
                st.execute(params![article, quote, segment, num]).map_err(&e)?;
            }
            drop(st);
            refamily.sort_unstable();
            let mut st = self.store.prep("UPDATE variants SET family = ?2 WHERE id = ?1")?;
            for (id, fam) in refamily {
                st.execute(params![id, fam]).map_err(&e)?;
            }
            drop(st);
            occurrences.sort_unstable();
            let mut st = self.store.prep(INSERT_OCCURRENCE)?;
            for (id, article, quote, segment, variant, fam) in &occurrences {
                st.execute(params![id, article, quote, segment, variant, fam])
                    .map_err(&e)?;
            }
            drop(st);
            Ok(made.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
        })?;
        insert_variant_rows(&self.store.conn, &self.store.path, rows, false)?;
        // The links, by the variants' numbers: the rows that changed
        // written, those that are gone deleted.
        let mut old: FxHashMap<i64, Vec<u8>> = self
            .store
            .prep("SELECT block, pairs FROM links")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(&e)?
            .collect::<rusqlite::Result<_>>()
            .map_err(&e)?;
        let mut put = self
            .store
            .prep("INSERT OR REPLACE INTO links (block, pairs) VALUES (?1, ?2)")?;
        for (block, pairs) in &links {
            if old.remove(block).as_ref() != Some(pairs) {
                put.execute(params![block, pairs]).map_err(&e)?;
            }
        }
        drop(put);
        let mut gone: Vec<i64> = old.into_keys().collect();
        gone.sort_unstable();
        let mut delete = self.store.prep("DELETE FROM links WHERE block = ?1")?;
        for block in gone {
            delete.execute([block]).map_err(&e)?;
        }
        self.store
            .conn
            .execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('links', 'kept')", [])
            .map_err(&e)?;
        Ok(())
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

    /// Deletes the families that are gone (merged into others, or split
    /// so that no part kept their key), writes every family's rank again
    /// (an add shifts nearly all of them; a dozen bytes each in
    /// `family_ranks`, where until schema 11 each rank was an `UPDATE` of
    /// the family's row with its report), brings `fragments` and the
    /// aliases up to date, folds the outlet tables again, and commits.
    pub fn commit(mut self) -> Result<()> {
        self.held_read()?;
        let e = self.store.e();
        let conn = &self.store.conn;
        // The ranks' index made again once they are in, in one sort,
        // where a million ranks put in their order went into it each at a
        // place of its own (the table's own pages are filled in order).
        let index: Option<String> = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'family_ranks_num'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(&e)?;
        if index.is_some() {
            conn.execute_batch("DROP INDEX family_ranks_num").map_err(&e)?;
        }
        conn.execute_batch("DELETE FROM family_ranks").map_err(&e)?;
        write_ranks(conn, &self.store.path, &self.nums)?;
        if let Some(sql) = index {
            conn.execute_batch(&sql).map_err(&e)?;
        }
        // The families gone in their numbers' order, not the map's: their
        // rows, and their copy edges' and citations' (written family by
        // family), are then deleted page after page, not all over the
        // tables (most of the commit's time at 1M).
        for num in self.gone() {
            if !self.gone_counted {
                count_outlet_lines(&self.store, &mut self.outlet_lines, num, -1)?;
            }
            for sql in [
                "DELETE FROM families WHERE num = ?1",
                "DELETE FROM copy_edges WHERE family = ?1",
                "DELETE FROM citations WHERE family = ?1",
            ] {
                self.store.prep(sql)?.execute([num]).map_err(&e)?;
            }
        }
        // Fragment relations, by key: only those that came or went. A
        // family's id is its rank (`F12` is rank 11).
        let by_number = self.keys_by_number();
        let key = |rank: usize| by_number[self.nums[rank] as usize];
        let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(self.inside.iter().map(|(_, p)| p.len()).sum());
        for (f, parents) in &self.inside {
            for p in parents {
                let rank = usize::try_from(rank_of_id(p))
                    .ok()
                    .filter(|&r| r < self.nums.len())
                    .ok_or_else(|| {
                        format_error(
                            &self.store.path,
                            format!("family F{} is inside {p}, which was not written", f + 1),
                        )
                    })?;
                pairs.push((key(*f), key(rank)));
            }
        }
        // Both sides in the table's order (its key's, bytewise as `str`'s
        // order is), walked side by side: the million rows are compared
        // as they are read, none held or hashed.
        pairs.par_sort_unstable();
        pairs.dedup();
        let mut came: Vec<(&str, &str)> = Vec::new();
        let mut gone: Vec<(String, String)> = Vec::new();
        {
            let mut st = self
                .store
                .prep("SELECT fragment, parent FROM fragments ORDER BY fragment, parent")?;
            let mut rows = st.query([]).map_err(&e)?;
            let mut next = pairs.iter().peekable();
            while let Some(r) = rows.next().map_err(&e)? {
                let text = |c: usize| -> Result<&str> { r.get_ref(c).map_err(&e)?.as_str().map_err(|x| e(x.into())) };
                let had = (text(0)?, text(1)?);
                while let Some(&&now) = next.peek() {
                    if now >= had {
                        break;
                    }
                    came.push(now);
                    next.next();
                }
                if next.peek() == Some(&&had) {
                    next.next();
                } else {
                    gone.push((had.0.to_string(), had.1.to_string()));
                }
            }
            came.extend(next);
        }
        let mut delete = self
            .store
            .prep("DELETE FROM fragments WHERE fragment = ?1 AND parent = ?2")?;
        for (f, p) in &gone {
            delete.execute([f, p]).map_err(&e)?;
        }
        drop(delete);
        let mut insert = self
            .store
            .prep("INSERT INTO fragments (fragment, parent) VALUES (?1, ?2)")?;
        for (f, p) in came {
            insert.execute([f, p]).map_err(&e)?;
        }
        drop(insert);
        self.aliases(&by_number)?;
        self.fold_outlets()?;
        // What the add held of every family (a million keys at 1M, some
        // 0.1 s to free) is let go on a thread of its own while SQLite
        // commits, not after on this one.
        let held = (
            std::mem::take(&mut self.held),
            std::mem::take(&mut self.ranks),
            std::mem::take(&mut self.new_keys),
            std::mem::take(&mut self.inside),
            std::mem::take(&mut self.holder),
        );
        let freeing = std::thread::spawn(move || drop(held));
        conn.execute_batch("COMMIT").map_err(&e)?;
        freeing.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        Ok(())
    }

    /// Brings the outlet tables up to date with what the add changed:
    /// each pair's lines by what the families traced again or gone took
    /// away and gave, pairs left with none dropped; each outlet's
    /// articles by the new ones; what each gave and took summed again
    /// over the pairs (a few hundred rows). The same tables as
    /// `outlets.sql` folds from every copy edge, without reading them.
    fn fold_outlets(&self) -> Result<()> {
        let e = self.store.e();
        let mut lines: Vec<(&(String, String), &i64)> = self.outlet_lines.iter().filter(|(_, &n)| n != 0).collect();
        lines.sort_unstable();
        let mut upsert = self.store.prep(
            "INSERT INTO outlet_edges (source, copy, lines) VALUES (?1, ?2, ?3) \
             ON CONFLICT (source, copy) DO UPDATE SET lines = lines + excluded.lines",
        )?;
        let mut none = self
            .store
            .prep("DELETE FROM outlet_edges WHERE source = ?1 AND copy = ?2 AND lines <= 0")?;
        for ((source, copy), n) in lines {
            upsert.execute(params![source, copy, n]).map_err(&e)?;
            none.execute([source, copy]).map_err(&e)?;
        }
        drop((upsert, none));
        let mut articles: Vec<(&String, &i64)> = self.outlet_articles.iter().collect();
        articles.sort_unstable();
        let mut upsert = self.store.prep(
            "INSERT INTO outlets (name, articles, gave, took) VALUES (?1, ?2, 0, 0) \
             ON CONFLICT (name) DO UPDATE SET articles = articles + excluded.articles",
        )?;
        for (outlet, n) in articles {
            upsert.execute(params![outlet, n]).map_err(&e)?;
        }
        drop(upsert);
        self.store
            .conn
            .execute_batch(
                "UPDATE outlets SET \
                 gave = coalesce((SELECT sum(lines) FROM outlet_edges WHERE source = name), 0), \
                 took = coalesce((SELECT sum(lines) FROM outlet_edges WHERE copy = name), 0)",
            )
            .map_err(&e)
    }

    /// The old keys that no family bears now become aliases of the family
    /// that holds their occurrence: `merged` when that family holds the
    /// anchors of several old families (the earlier anchor keeps its
    /// key), `anchor moved` when it holds only this one (an earlier copy
    /// arrived). The old aliases are pointed at the family that holds
    /// their occurrence now (they never chain: an alias names an
    /// occurrence, not a key), and one that is a key again is dropped.
    /// `meta.adds` counts the adds.
    fn aliases(&self, by_number: &[&str]) -> Result<()> {
        let e = self.store.e();
        let adds = self.store.meta("adds")?;
        let adds = adds.and_then(|n| n.parse::<i64>().ok()).unwrap_or(0) + 1;
        let key_now = |id: &str| {
            let rank = match self.held.get(id).and_then(|h| self.rank_of(h.num)) {
                Some(r) => Some(r),
                None => self.holder.get(id).copied(),
            };
            rank.map(|r| by_number[self.nums[r] as usize])
        };
        // Only the keys of families gone can name another family now: a
        // key that is still one names its own.
        let mut moved: Vec<(&str, &str)> = self
            .held
            .iter()
            .filter(|(_, h)| self.rank_of(h.num).is_none())
            .filter_map(|(k, _)| Some((k.as_str(), key_now(k)?)))
            .filter(|&(k, now)| k != now)
            .collect();
        moved.sort_unstable();
        // The old keys each family now holds: its own, if it was one, and
        // those of the families gone into it.
        let mut anchors: FxHashMap<&str, usize> = FxHashMap::default();
        for &(_, now) in &moved {
            *anchors
                .entry(now)
                .or_insert_with(|| usize::from(self.held.contains_key(now))) += 1;
        }
        let mut insert = self.store.prep(
            "INSERT OR REPLACE INTO family_aliases (alias, family_key, since_add, why) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (k, now) in moved {
            let why = if anchors[now] > 1 { "merged" } else { "anchor moved" };
            insert.execute(params![k, now, adds, why]).map_err(&e)?;
        }
        drop(insert);
        for (alias, was) in &self.aliases {
            match key_now(alias) {
                Some(now) if now == alias => {
                    self.store
                        .prep("DELETE FROM family_aliases WHERE alias = ?1")?
                        .execute([alias])
                        .map_err(&e)?;
                }
                Some(now) if now != was => {
                    self.store
                        .prep("UPDATE family_aliases SET family_key = ?2 WHERE alias = ?1")?
                        .execute([alias.as_str(), now])
                        .map_err(&e)?;
                }
                Some(_) => {}
                None => {
                    self.store
                        .prep("DELETE FROM family_aliases WHERE alias = ?1")?
                        .execute([alias])
                        .map_err(&e)?;
                }
            }
        }
        self.store
            .conn
            .execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('adds', ?1)",
                [adds.to_string()],
            )
            .map_err(&e)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store with its schema and no rows, in a directory the caller
    /// keeps alive; tests put in the rows they need by SQL.
    fn empty_store() -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("news.qg");
        super::super::Writer::create(&path, "--lang auto", "test")
            .unwrap()
            .commit()
            .unwrap();
        (dir, path)
    }

    #[test]
    fn issue16_outlet_lines_counted_among_the_adds_articles_are_those_the_store_joins() {
        let (_dir, path) = empty_store();
        let st = Store::open(&path).unwrap();
        // Articles b and c of one outlet, d of none; edge 4 names an
        // article not held, which the store's join leaves out.
        st.conn
            .execute_batch(
                "PRAGMA foreign_keys = OFF; \
                 INSERT INTO articles (seq, id, outlet, language, text, diagnostics) VALUES \
                 (0, 'a', 'BBC', 'en', '', '[]'), (1, 'b', 'CNN', 'en', '', '[]'), \
                 (2, 'c', 'CNN', 'en', '', '[]'), (3, 'd', NULL, 'en', '', '[]'); \
                 INSERT INTO copy_edges (family, source, copy, source_article, copy_article, kind, similarity, \
                 confidence, evidence) VALUES \
                 (1, 'a#0', 'b#0', 'a', 'b', 'k', 1, 1, ''), (1, 'a#0', 'c#0', 'a', 'c', 'k', 1, 1, ''), \
                 (1, 'b#0', 'c#0', 'b', 'c', 'k', 1, 1, ''), (1, 'c#0', 'd#0', 'c', 'd', 'k', 1, 1, ''), \
                 (2, 'd#0', 'a#0', 'd', 'a', 'k', 1, 1, ''), (3, 'a#0', 'z#0', 'a', 'z', 'k', 1, 1, '');",
            )
            .unwrap();
        let article = |id: &str, outlet: Option<&str>| crate::article::Analysed {
            id: id.into(),
            title: None,
            outlet: outlet.map(Into::into),
            published: None,
            author: None,
            url: None,
            language: "en".into(),
            quotes: Vec::new(),
            diagnostics: Vec::new(),
        };
        let held = [
            article("a", Some("BBC")),
            article("b", Some("CNN")),
            article("c", Some("CNN")),
            article("d", None),
        ];
        let articles: &[crate::article::Analysed] = &held;
        // A family's own articles (its new report's) are looked up first:
        // those of a report of a and c, and none.
        let own = [("a", "BBC"), ("c", "CNN")].map(|(a, o)| (a.to_string(), o.to_string()));
        for (num, sign) in [(1, -1), (2, 1), (3, -1), (4, 1)] {
            let mut joined = HashMap::new();
            count_outlet_lines(&st, &mut joined, num, sign).unwrap();
            for own in [&own[..], &[]] {
                let mut among = HashMap::new();
                count_outlet_lines_among(&st, &mut among, num, sign, &articles, own).unwrap();
                assert_eq!(among, joined, "family {num}, {} own articles", own.len());
            }
        }
        let mut lines = HashMap::new();
        count_outlet_lines_among(&st, &mut lines, 1, -1, &articles, &own).unwrap();
        let want: HashMap<(String, String), i64> = [("BBC", "CNN"), ("CNN", UNKNOWN_OUTLET)]
            .into_iter()
            .map(|(s, c)| ((s.to_string(), c.to_string()), -1))
            .collect();
        assert_eq!(lines, want);
    }

    #[test]
    fn issue16_an_add_reads_its_links_beside_its_open_update_which_then_commits() {
        let (_dir, path) = empty_store();
        {
            let st = Store::open(&path).unwrap();
            st.conn
                .execute_batch(
                    "PRAGMA foreign_keys = OFF; \
                     INSERT INTO occurrences (id, article, quote, segment, variant, family) \
                     VALUES ('a-0-0', 4, 0, 0, 7, 2), ('b-1-0', 9, 1, 0, 8, 3); \
                     INSERT INTO variants (id, family, words) VALUES (7, 2, 'we will win'), (8, 3, 'no');",
                )
                .unwrap();
        }
        let up = Update::begin(Store::open(&path).unwrap()).unwrap();
        // The update's lock lets another connection read while it has
        // written nothing; the reads see the store as it was.
        let mut reads = Store::open_read_only(&path).unwrap().link_reads().unwrap();
        let stored = reads.stored(&[None, Some(9), Some(4)]);
        let mut got: Vec<_> = stored.iter().map(|(k, s)| (*k, s.variant, s.family)).collect();
        got.sort_unstable();
        assert_eq!(got, vec![((1, 1, 0), 8, 3), ((2, 0, 0), 7, 2)]);
        let old = crate::link::Old {
            stored: &stored,
            words: reads.words,
        };
        assert!(old.serves(2, 0, 1) && old.serves(1, 1, 1) && !old.serves(1, 0, 1));
        up.commit().unwrap();
    }
}
