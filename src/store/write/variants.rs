//! Variants' and occurrences' rows and the variants' rows of the key
//! index, made on every core from what the linker found: a build's whole
//! ([`LinkedRows`]), an `add`'s new variants ([`variant_rows`]).

use std::path::Path;

use rayon::prelude::*;
use rusqlite::{params, Connection};

use super::insert::insert_many;
use super::postings::insert_postings;
use crate::article::Analysed;
use crate::error::Result;
use crate::link::{LinkConfig, Linked};
use crate::provenance::occ_id;
use crate::store::index;
use crate::store::open::sql_error;

/// An occurrence's row.
pub(in crate::store) const INSERT_OCCURRENCE: &str =
    "INSERT INTO occurrences (id, article, quote, segment, variant, family) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/// A posting of the key index: kind, stored hash, the variant's weight,
/// its id (in this order, the order of `postings`), and for a heavy key what
/// the variant's other keys weigh ([`index::rest`]; 0 for an
/// [`index::EVERY_KEY`] posting, which has none). 20 bytes: tens of
/// millions of them are made, sorted and packed at 1M.
type KeyRow = (u8, i32, u32, u32, u32);

/// Variants' rows (`(id, family num, words)`) and their rows of the key
/// index, sorted: made on every core ([`variant_rows`]), inserted by
/// [`insert_variant_rows`].
pub(in crate::store) struct VariantRows {
    variants: Vec<(i64, i64, String)>,
    keys: Vec<KeyRow>,
}

/// The rows of variants (`(id, family num, variant)`) and of the key
/// index, made on every core.
pub(in crate::store) fn variant_rows(
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
pub(in crate::store) fn insert_variant_rows(
    conn: &Connection,
    path: &Path,
    rows: VariantRows,
    fresh: bool,
) -> Result<()> {
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

/// What [`super::Writer::linked`] inserts: the variants, their key
/// index and the occurrences, made on every core from what the linker
/// found (`family_of` is the traced provenance's).
pub struct LinkedRows {
    pub(super) variants: VariantRows,
    pub(super) occurrences: Vec<(String, i64, i64, i64, i64, i64)>,
    pub(super) links: Vec<(i64, Vec<u8>)>,
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
        links: crate::store::link_rows(|| linked.compared(), |l| crate::store::StoredLink::of(l, i64::from)),
    }
}
