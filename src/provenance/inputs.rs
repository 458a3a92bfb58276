//! What a family's report is made of, as one number: so that an `add`
//! can tell which families it must trace again and keep the stored
//! report of every other one (issue 16).
//!
//! A report reads, besides the family's own occurrences (their article,
//! date, outlet, quote, text: fixed once an article is in, since an
//! article id is added once), three things the rest of the corpus can
//! change: which occurrences the family holds and how they group into
//! variants (the linker's families), the links between its variants (the
//! linker's candidates, which new articles change for old variants), and
//! the name each occurrence's speaker goes by (the speakers' clusters,
//! which a new spelling changes). Its id, its variants' ids and its
//! fragment relations are kept apart from the report by the store, and
//! its citations' source ids are renumbered there. [`inputs`] hashes
//! exactly those three things; two reports with equal inputs are equal.

use super::Ctx;

/// What reports are made of their inputs by: part of every hash, so
/// that an `add` keeps no report a quotegraph that reported otherwise
/// wrote. Bump the number with any change to what a family's report
/// says for the same inputs (a release changes the version anyway).
const REPORTS: &str = concat!(env!("CARGO_PKG_VERSION"), "/2");

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike
/// the standard hasher, since the number is kept in the store.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// A string, ended so that "ab","c" and "a","bc" differ.
    fn text(&mut self, s: &str) {
        self.bytes(s.as_bytes());
        self.bytes(&[0xff]);
    }

    fn number(&mut self, n: u64) {
        self.bytes(&n.to_le_bytes());
    }
}

/// Text written into the hash as [`Fnv::bytes`] takes it: an id hashed
/// as it is written, not made first.
impl std::fmt::Write for Fnv {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.bytes(s.as_bytes());
        Ok(())
    }
}

/// The inputs of family `f`'s report (see the module's doc): its
/// occurrences in report order, each with the rank of its variant among
/// the family's (by the linker's variant order, which breaks ties in the
/// choice of the root) and its speaker's name; then every link between
/// two of its variants, with its kind, direction and score.
pub(super) fn inputs(ctx: &Ctx<'_>, f: usize) -> u64 {
    let linked = ctx.linked;
    // Sorted by their keys made once (no two occurrences share one).
    let mut keyed: Vec<(super::OccKey, u32)> = linked
        .families
        .get(f)
        .occurrences
        .iter()
        .map(|&o| (ctx.key(o), o))
        .collect();
    keyed.sort_unstable();
    let occs: Vec<u32> = keyed.into_iter().map(|k| k.1).collect();
    let mut variants: Vec<u32> = occs.iter().map(|&o| linked.occurrences[o as usize].variant).collect();
    variants.sort_unstable();
    variants.dedup();
    let local = |v: u32| variants.binary_search(&v).ok();
    let mut h = Fnv::new();
    h.text(REPORTS);
    for &o in &occs {
        // `h.text(&ctx.id(o))`, without the string.
        ctx.write_id(&mut h, o).expect("hashing takes any text");
        h.bytes(&[0xff]);
        h.number(local(linked.occurrences[o as usize].variant).unwrap_or(usize::MAX) as u64);
        match ctx.speaker(o) {
            Some(s) => h.text(s),
            None => h.bytes(&[0xfe]),
        }
    }
    h.bytes(&[0xfd]);
    for (i, &v) in variants.iter().enumerate() {
        // Which end is the shorter orders a variant's links as
        // provenance walks them (`nearest_earlier`): hashed too.
        let mut links: Vec<(usize, [u8; 2], u64)> = linked
            .neighbour_links(v)
            .filter_map(|(u, l)| {
                let j = local(u).filter(|&j| j > i)?;
                Some((j, [l.kind as u8, u8::from(l.short == v)], l.score.to_bits()))
            })
            .collect();
        links.sort_unstable();
        for (j, kind, score) in links {
            h.number(i as u64);
            h.number(j as u64);
            h.bytes(&kind);
            h.number(score);
        }
    }
    h.0
}
