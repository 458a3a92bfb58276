//! `origin` over a store: the families whose lines a query matches,
//! found through the key index (`postings`, [`super::index`]) without
//! reading the articles: the query's cover keys and their heavier
//! variants, the lighter variants under its heavy keys, the variants
//! that may overlap it end to end, each bounded by its keys before its
//! words are read, then confirmed by the linker's own comparison
//! ([`link::find_among`]).

use rusqlite::{params, OptionalExtension};

use super::open::format_error;
use super::{index, Store};
use crate::error::Result;
use crate::link::{self, LinkConfig};
use crate::provenance::FamilyReport;

/// The query keys outside its cover that `origin` looks up at most, for
/// each heavier variant found, before it reads the variant's words
/// ([`Store::origin_ids`]): enough to turn down most variants that share
/// only a rare word, few enough to cost less than the words' page.
const PROBES: usize = 4;

/// The cap `origin` counts a query key's heavier variants up to
/// ([`Store::query_cover`]): enough to put the rare words first; keys
/// past it are ordered by `key_counts`, without walking their rows.
const COUNT_CAP: i64 = 256;

/// How many variants that may overlap a query end to end
/// ([`Store::overlapping`]) are read by their words without first being
/// looked up under more of the run's keys.
const FEW_WINDOWS: usize = 64;

impl Store {
    /// The families whose lines `query` matches, best match first: the
    /// same answer as `origin` over the articles, found through the key
    /// index (see [`index`]).
    pub fn origin(&self, query: &str) -> Result<Vec<FamilyReport>> {
        self.in_one_read(|st| {
            let mut out = Vec::new();
            for fam in st.origin_ids(query)? {
                out.extend(st.family(&fam)?);
            }
            Ok(out)
        })
    }

    /// The ids of the families [`Store::origin`] finds, in its order,
    /// without reading their reports: a line of common words matches
    /// many families, and a page shows only the best.
    pub fn origin_ids(&self, query: &str) -> Result<Vec<String>> {
        self.in_one_read(|st| st.origin_ids_read(query))
    }

    fn origin_ids_read(&self, query: &str) -> Result<Vec<String>> {
        let e = self.e();
        let cfg = self.config()?;
        let theta = cfg.contain.min(cfg.drift);
        let norms: Vec<String> = crate::normalize::words(&crate::normalize::without_inserts(query))
            .into_iter()
            .map(|w| w.norm)
            .collect();
        let refs: Vec<&str> = norms.iter().map(String::as_str).collect();
        // Pushed, then sorted and deduplicated once: a line of long words
        // draws hundreds of thousands at 1M (a set's inserts were 9% of
        // the CPU), and in id order the rows are read in the file's order.
        let mut candidates = Vec::new();
        // A variant heavier than the query shares one of the query's heavy
        // keys; one as heavy or lighter holds one of its own in the query.
        let total = index::total(&refs);
        let keys = index::weighed_keys(&refs);
        let weight = keys.iter().map(|k| k.1).sum();
        let query_keys = index::folded(&keys);
        let query_total = total as u64;
        // A heavier variant holds each key of the cover it holds among
        // that key's rows, so what it can share with the query is at most
        // the weight of the cover keys it was found under plus the query's
        // keys outside the cover that it holds, each of which one lookup
        // of its index row tells (heaviest first, a few at most). A
        // variant that this leaves under the thresholds is one its words
        // would turn down too (`index::may_match`), and its words are not
        // read: each a random page of the store, most of a line of common
        // words' pages, where the index rows looked up are a few pages.
        let mut cover: Vec<u32> = self
            .query_cover(&keys, weight, total, theta)?
            .into_iter()
            .map(|h| h as u32)
            .collect();
        cover.sort_unstable();
        cover.dedup();
        let mut outside: Vec<(u32, u64)> = query_keys
            .iter()
            .filter(|k| cover.binary_search(&k.0).is_err())
            .copied()
            .collect();
        outside.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut found_under: Vec<(i64, i64, u64)> = Vec::new();
        for &h in &cover {
            let w = query_keys
                .binary_search_by_key(&h, |k| k.0)
                .map_or(0, |i| query_keys[i].1);
            self.postings_over(index::stored(i64::from(h)), total, |p| {
                found_under.push((p.variant, p.total, w));
                true
            })?;
        }
        found_under.sort_unstable();
        for run in found_under.chunk_by(|a, b| a.0 == b.0) {
            let (v, t) = (run[0].0, run[0].1);
            let fits = |shared: u64| index::may_match(shared, query_total, t.max(0) as u64, cfg.contain, cfg.drift);
            let mut held: u64 = run.iter().map(|x| x.2).sum();
            let mut open: u64 = outside.iter().map(|k| k.1).sum();
            for &(h, w) in outside.iter().take(PROBES) {
                if !fits(held + open) || fits(held) {
                    break;
                }
                open -= w;
                if self.holds(index::stored(i64::from(h)), t, v)? {
                    held += w;
                }
            }
            if fits(held + open) {
                candidates.push(v);
            }
        }
        // A variant as heavy as the query or lighter is found under each
        // of its heavy keys that the query holds (each looked up once by
        // the 32 bits a row keeps), so it can share at most the query's
        // weight of those plus what its other keys weigh (`rest`, NULL in
        // rows written before schema 9): one this leaves under the
        // thresholds is one its words would turn down too.
        let mut found_lighter: Vec<(i64, i64, Option<i64>, u64)> = Vec::new();
        for &(h, w) in &query_keys {
            self.postings_up_to(i64::from(h as i32), total, |p| {
                found_lighter.push((p.variant, p.total, p.rest, w))
            })?;
        }
        found_lighter.sort_unstable();
        for run in found_lighter.chunk_by(|a, b| a.0 == b.0) {
            let (v, t, rest) = (run[0].0, run[0].1, run[0].2);
            let found: u64 = run.iter().map(|x| x.3).sum();
            let may = rest.is_none_or(|rest| {
                index::may_match(
                    found + rest.max(0) as u64,
                    query_total,
                    t.max(0) as u64,
                    cfg.contain,
                    cfg.drift,
                )
            });
            if may {
                candidates.push(v);
            }
        }
        let windows = self.overlapping(&refs, &cfg)?;
        candidates.extend_from_slice(&windows);
        // A line of common words draws thousands of candidates, most of
        // which share too little of it: their keys say so before their
        // words are aligned.
        let mut words_of = self.prep("SELECT words FROM variants WHERE id = ?1")?;
        candidates.sort_unstable();
        candidates.dedup();
        let mut given = Vec::with_capacity(candidates.len());
        for v in candidates {
            let ws = words_of
                .query_row([v], |r| {
                    let words = r.get_ref(0)?.as_str()?;
                    let keys = index::folded_words(words);
                    let shared = index::shared_weight(&query_keys, &keys);
                    let weight = keys.iter().map(|k| k.1).sum();
                    if !index::may_match(shared, query_total, weight, cfg.contain, cfg.drift)
                        && windows.binary_search(&v).is_err()
                    {
                        return Ok(None);
                    }
                    Ok(Some(
                        words
                            .split(' ')
                            .filter(|w| !w.is_empty())
                            .map(str::to_string)
                            .collect::<Vec<_>>(),
                    ))
                })
                .map_err(&e)?;
            if let Some(ws) = ws {
                given.push((v as u32, ws));
            }
        }
        let mut family_of = self
            .prep("SELECT f.rank, f.id FROM variants v JOIN ranked_families f ON f.num = v.family WHERE v.id = ?1")?;
        let mut found = Vec::new();
        for (v, kind, score) in link::find_among(query, &given, &cfg) {
            let (rank, fam): (i64, String) = family_of.query_row([v], |r| Ok((r.get(0)?, r.get(1)?))).map_err(&e)?;
            found.push((kind, score, rank as usize, fam));
        }
        Ok(crate::link::best_families(found))
    }

    /// The variants that may overlap the query (its normalized `words`)
    /// end to end, as two windows of one passage do
    /// ([`LinkConfig::overlap`]), sorted: such a variant may share little
    /// of the query's weight, so the cover above need not find it (issue
    /// 16). The run they share opens or closes the query give or take
    /// [`link::WINDOW_SLACK`] words, so the variant holds every key of the
    /// query's words `slack..overlap`, or of its last `overlap` but the
    /// last `slack`. Of each such run, the variants under its rarest key
    /// are read, then kept only where they are under its next rarest too,
    /// while more than a few are left.
    fn overlapping(&self, words: &[&str], cfg: &LinkConfig) -> Result<Vec<i64>> {
        let (k, slack) = (cfg.overlap, link::WINDOW_SLACK);
        let keys: Vec<i64> = words
            .iter()
            .take(link::align::MAX_WORDS)
            .map(|w| index::stored(index::key_hash(crate::normalize::word_key(w))))
            .collect();
        let mut out = Vec::new();
        if k <= slack || keys.len() < k {
            return Ok(out);
        }
        let e = self.e();
        let mut held = self.prep("SELECT variants FROM key_counts WHERE hash = ?1")?;
        for run in [&keys[slack..k], &keys[keys.len() - k..keys.len() - slack]] {
            let mut rarest = Vec::with_capacity(run.len());
            for &h in run {
                let n: i64 = held.query_row([h], |r| r.get(0)).optional().map_err(&e)?.unwrap_or(0);
                rarest.push((n, h));
            }
            rarest.sort_unstable();
            rarest.dedup();
            let mut found: Option<Vec<i64>> = None;
            for &(_, h) in &rarest {
                if found.as_ref().is_some_and(|f| f.len() <= FEW_WINDOWS) {
                    break;
                }
                let mut under = Vec::new();
                self.postings_over(h, -1, |p| {
                    under.push(p.variant);
                    true
                })?;
                under.sort_unstable();
                found = Some(match found {
                    None => under,
                    Some(f) => f.into_iter().filter(|v| under.binary_search(v).is_ok()).collect(),
                });
            }
            out.extend(found.unwrap_or_default());
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// A row of `postings` unpacked ([`index::unpack`]).
    fn unpacked(&self, kind: i64, r: &rusqlite::Row<'_>) -> Result<Vec<index::Posting>> {
        self.unpacking(kind, r, |ps| ps.collect())
    }

    /// `f` over a row of `postings` decoded one posting at a time
    /// ([`index::Unpacked`]), or the error that it is not what
    /// quotegraph packs.
    fn unpacking<T>(
        &self,
        kind: i64,
        r: &rusqlite::Row<'_>,
        f: impl FnOnce(&mut dyn Iterator<Item = Option<index::Posting>>) -> Option<T>,
    ) -> Result<T> {
        let e = self.e();
        let (total, variant) = (r.get(0).map_err(&e)?, r.get(1).map_err(&e)?);
        let packed = r.get_ref(2).map_err(&e)?.as_blob().map_err(|x| e(x.into()))?;
        index::Unpacked::new(kind, total, variant, packed)
            .and_then(|mut ps| f(&mut ps))
            .ok_or_else(|| format_error(&self.path, "a row of postings is not what quotegraph packs".into()))
    }

    /// Each variant under `EVERY_KEY` `hash` (as stored) heavier than
    /// `total`, heaviest first, to `f` until it returns `false`. Only the
    /// rows whose last posting is heavier can hold one.
    fn postings_over(&self, hash: i64, total: i64, mut f: impl FnMut(index::Posting) -> bool) -> Result<()> {
        let e = self.e();
        let mut st = self.prep(
            "SELECT total, variant, packed FROM postings WHERE kind = ?1 AND hash = ?2 AND total > ?3 \
             ORDER BY total DESC, variant DESC",
        )?;
        let mut rows = st.query(params![index::EVERY_KEY, hash, total]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            for p in self.unpacked(index::EVERY_KEY, r)?.into_iter().rev() {
                if p.total <= total {
                    break;
                }
                if !f(p) {
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// Each variant under `HEAVY_KEY` `hash` (as stored) as heavy as
    /// `total` or lighter, to `f`: the key's rows from its lightest, up
    /// to the first that holds a heavier one.
    fn postings_up_to(&self, hash: i64, total: i64, mut f: impl FnMut(index::Posting)) -> Result<()> {
        let e = self.e();
        let mut st = self.prep(
            "SELECT total, variant, packed FROM postings WHERE kind = ?1 AND hash = ?2 ORDER BY total, variant",
        )?;
        let mut rows = st.query(params![index::HEAVY_KEY, hash]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            let past = self.unpacking(index::HEAVY_KEY, r, |ps| {
                for p in ps {
                    let p = p?;
                    if p.total > total {
                        return Some(true);
                    }
                    f(p);
                }
                Some(false)
            })?;
            if past {
                break;
            }
        }
        Ok(())
    }

    /// Is variant `variant` of weight `total` under `EVERY_KEY` `hash`
    /// (as stored)? Only the first row whose last posting is not before
    /// it can hold it.
    fn holds(&self, hash: i64, total: i64, variant: i64) -> Result<bool> {
        let e = self.e();
        let mut st = self.prep(
            "SELECT total, variant, packed FROM postings \
             WHERE kind = ?1 AND hash = ?2 AND (total, variant) >= (?3, ?4) ORDER BY total, variant LIMIT 1",
        )?;
        let mut rows = st.query(params![index::EVERY_KEY, hash, total, variant]).map_err(&e)?;
        let Some(r) = rows.next().map_err(&e)? else {
            return Ok(false);
        };
        self.unpacking(index::EVERY_KEY, r, |ps| {
            for p in ps {
                let p = p?;
                if (p.total, p.variant) >= (total, variant) {
                    return Some((p.total, p.variant) == (total, variant));
                }
            }
            Some(false)
        })
    }

    /// The query's keys (hash, weight) whose `EVERY_KEY` rows are looked
    /// up for variants heavier than it (`total`): its rarest among those
    /// variants, until the rest weigh under `theta` of it. Each key's
    /// heavier variants are counted up to [`COUNT_CAP`]; keys past it are
    /// put after the others in the order of how many variants of the
    /// store hold them at all (`key_counts`, schema 9), looked up instead
    /// of counting tens of thousands of rows each (until schema 9 they were
    /// counted up to 20,000, an eighth of an `origin`). Any order makes a
    /// cover that finds every match, so the answers are the same.
    fn query_cover(&self, keys: &[(i64, u64)], weight: u64, total: i64, theta: f64) -> Result<Vec<i64>> {
        let e = self.e();
        let mut held = self.prep("SELECT variants FROM key_counts WHERE hash = ?1")?;
        // (heavier variants up to the cap, variants in all past it, hash,
        // weight).
        let mut rarest = Vec::with_capacity(keys.len());
        for &(h, w) in keys {
            let stored = index::stored(h);
            let mut n: i64 = 0;
            self.postings_over(stored, total, |_| {
                n += 1;
                n < COUNT_CAP
            })?;
            let all: i64 = if n < COUNT_CAP {
                0
            } else {
                held.query_row([stored], |r| r.get(0))
                    .optional()
                    .map_err(&e)?
                    .unwrap_or(i64::MAX)
            };
            rarest.push((n, all, h, w));
        }
        rarest.sort_unstable();
        Ok(index::cover(rarest.iter().map(|&(_, _, h, w)| (h, w)), weight, theta))
    }
}
