//! The `links` table: the links the linker found, with their kind and
//! exact score (schema 13), packed 64 variants a row ([`link_rows`]) and
//! read back ([`unpack_links`]), so that an `add` aligns again only the
//! pairs that can have changed.

use super::index;

/// Variant numbers a `links` row holds the links of (by the smaller).
pub const LINK_BLOCK: i64 = 64;

/// A link the linker found, by the stored numbers of its two variants
/// (`a < b`): what [`link_rows`] packs. `a_short` says `a` is the link's
/// shorter side (its `short`); the score is kept to its last bit, since
/// a family's inputs hash it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoredLink {
    pub a: i64,
    pub b: i64,
    pub kind: crate::link::LinkKind,
    pub a_short: bool,
    pub score: f64,
}

impl StoredLink {
    /// `link`, its variants numbered by `num`.
    pub fn of(link: &crate::link::Link, num: impl Fn(u32) -> i64) -> StoredLink {
        let (short, long) = (num(link.short), num(link.long));
        StoredLink {
            a: short.min(long),
            b: short.max(long),
            kind: link.kind,
            a_short: short < long,
            score: link.score,
        }
    }
}

fn kind_code(kind: crate::link::LinkKind) -> u8 {
    use crate::link::LinkKind::*;
    match kind {
        Verbatim => 0,
        Containment => 1,
        Drift => 2,
        Overlap => 3,
    }
}

fn code_kind(code: u8) -> Option<crate::link::LinkKind> {
    use crate::link::LinkKind::*;
    Some(match code {
        0 => Verbatim,
        1 => Containment,
        2 => Drift,
        3 => Overlap,
        _ => return None,
    })
}

/// How many links [`link_rows`] sorts at once: 16 MiB of them.
const LINK_CHUNK: usize = 1 << 19;

/// The `links` rows of the links `links()` gives, each made a
/// [`StoredLink`] by `of` (by block, in order): see `v13.sql` for the
/// packing. A pair given twice is kept once (the first).
///
/// Each link's block is found once (a 4-byte list beside the links),
/// then the links of a run of blocks holding about [`LINK_CHUNK`] of
/// them are made again, and only those sorted: a 1M store's add compares
/// 4 M links, 32 bytes each, which were held and sorted all at once at
/// the add's top (issue 16); made in full at every run's walk, they were
/// numbered nine times over. A pair's links all fall in one block, so
/// the first of a pair is the same.
pub fn link_rows<L, I: Iterator<Item = L>>(links: impl Fn() -> I, of: impl Fn(L) -> StoredLink) -> Vec<(i64, Vec<u8>)> {
    link_rows_by(links, of, LINK_CHUNK)
}

fn link_rows_by<L, I: Iterator<Item = L>>(
    links: impl Fn() -> I,
    of: impl Fn(L) -> StoredLink,
    chunk: usize,
) -> Vec<(i64, Vec<u8>)> {
    // Variant numbers are not negative and fit in 32 bits (the linker
    // counts variants in u32), so a block does too.
    let blocks: Vec<u32> = links()
        .map(|l| u32::try_from(of(l).a.div_euclid(LINK_BLOCK)).expect("variant numbers fit in 32 bits"))
        .collect();
    // Links by block; numbers are given one a variant, so the blocks
    // run to about the variants' count over 64.
    let mut counts = vec![0usize; blocks.iter().max().map_or(0, |&b| b as usize + 1)];
    for &b in &blocks {
        counts[b as usize] += 1;
    }
    let mut rows: Vec<(i64, Vec<u8>)> = Vec::new();
    let mut first = 0;
    while first < counts.len() {
        let (mut last, mut n) = (first, counts[first]);
        while last + 1 < counts.len() && n + counts[last + 1] <= chunk {
            last += 1;
            n += counts[last];
        }
        if n > 0 {
            let (lo, hi) = (first as u32, last as u32);
            let mut run: Vec<StoredLink> = Vec::with_capacity(n);
            run.extend(
                links()
                    .zip(&blocks)
                    .filter(|&(_, &b)| (lo..=hi).contains(&b))
                    .map(|(l, _)| of(l)),
            );
            pack_links(run, &mut rows);
        }
        first = last + 1;
    }
    rows
}

/// Appends the rows of `links`, whose blocks all follow those in `rows`.
fn pack_links(mut links: Vec<StoredLink>, rows: &mut Vec<(i64, Vec<u8>)>) {
    links.sort_by_key(|l| (l.a, l.b));
    links.dedup_by_key(|l| (l.a, l.b));
    for run in links.chunk_by(|x, y| x.a == y.a) {
        let a = run[0].a;
        let block = a.div_euclid(LINK_BLOCK);
        if rows.last().map(|r| r.0) != Some(block) {
            rows.push((block, Vec::new()));
        }
        let out = &mut rows.last_mut().expect("a row was pushed").1;
        index::put_varint(out, (a - block * LINK_BLOCK) as u64);
        index::put_varint(out, run.len() as u64);
        let mut prev = a;
        for l in run {
            index::put_varint(out, (l.b - prev) as u64);
            out.push(kind_code(l.kind) << 1 | u8::from(l.a_short));
            out.extend_from_slice(&l.score.to_bits().to_le_bytes());
            prev = l.b;
        }
    }
}

/// The links a `links` row of `block` holds ([`link_rows`]); None where
/// the BLOB ends inside a number or a list, or names no kind.
pub fn unpack_links(block: i64, mut packed: &[u8]) -> Option<Vec<StoredLink>> {
    let mut out = Vec::new();
    while !packed.is_empty() {
        let a = block * LINK_BLOCK + i64::try_from(index::get_varint(&mut packed)?).ok()?;
        let mut prev = a;
        for _ in 0..index::get_varint(&mut packed)? {
            prev = prev.checked_add(i64::try_from(index::get_varint(&mut packed)?).ok()?)?;
            let (&how, rest) = packed.split_first()?;
            let (score, rest) = rest.split_first_chunk::<8>()?;
            packed = rest;
            out.push(StoredLink {
                a,
                b: prev,
                kind: code_kind(how >> 1)?,
                a_short: how & 1 == 1,
                score: f64::from_bits(u64::from_le_bytes(*score)),
            });
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue16_link_rows_numbers_a_link_twice_at_most_however_many_runs() {
        // Since 287ad2d each run's walk numbered every link (nine walks at
        // 1M): now once to find its block, once in its own run.
        let links: Vec<StoredLink> = (0..500i64)
            .map(|i| StoredLink {
                a: (i * 7919) % 1000,
                b: 1000 + i,
                kind: crate::link::LinkKind::Drift,
                a_short: true,
                score: 0.5,
            })
            .collect();
        let numbered = std::cell::Cell::new(0);
        let of = |l: &StoredLink| {
            numbered.set(numbered.get() + 1);
            *l
        };
        let rows = link_rows_by(|| links.iter(), of, 50);
        assert_eq!(numbered.get(), 2 * links.len());
        assert_eq!(rows, link_rows_by(|| links.iter().copied(), |l| l, usize::MAX));
    }

    #[test]
    fn issue16_links_packed_a_run_of_blocks_at_a_time_are_packed_as_all_at_once() {
        use crate::link::LinkKind::*;
        // Pairs given twice (the first kept) across many blocks, out of order.
        let links: Vec<StoredLink> = (0..400i64)
            .map(|i| {
                let a = (i * 37) % 300;
                StoredLink {
                    a,
                    b: a + 1 + (i % 3),
                    kind: [Verbatim, Containment, Drift, Overlap][(i % 4) as usize],
                    a_short: i % 2 == 0,
                    score: i as f64 / 400.0,
                }
            })
            .collect();
        let all = link_rows_by(|| links.iter().copied(), |l| l, usize::MAX);
        assert_eq!(all.len(), 5, "variants 0..300 fill blocks 0 to 4");
        for chunk in [1, 2, 7, 64, 100] {
            assert_eq!(
                link_rows_by(|| links.iter().copied(), |l| l, chunk),
                all,
                "a run of {chunk} links at a time"
            );
        }
    }

    #[test]
    fn issue16_links_pack_64_variants_a_row_with_kind_and_exact_score_and_unpack_whole() {
        use crate::link::LinkKind::*;
        let link = |a, b, kind, a_short, score| StoredLink {
            a,
            b,
            kind,
            a_short,
            score,
        };
        let third = 1.0f64 / 3.0;
        let links = [
            link(5, 6, Drift, true, 0.875),
            link(5, 7, Containment, false, third),
            link(5, 200, Overlap, true, 0.1 + 0.2),
            link(5, 70_000, Drift, false, 1.0),
            link(70, 71, Containment, true, f64::MIN_POSITIVE),
            link(63, 1 << 40, Drift, true, 0.0),
            link(64, 65, Overlap, false, 0.5),
            link(5, 6, Overlap, false, 0.25),
        ];
        let rows = link_rows(|| links.iter().copied(), |l| l);
        // Variants 5 and 63 in block 0, 64 and 70 in block 1.
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), vec![0, 1]);
        // Variant 5: offset 5, 4 partners; the first one step on, a drift
        // (2) with 5 the shorter side, and 0.875's bits.
        assert_eq!(&rows[0].1[..4], &[5, 4, 1, 2 << 1 | 1]);
        assert_eq!(&rows[0].1[4..12], &0.875f64.to_bits().to_le_bytes());
        let back: Vec<StoredLink> = rows
            .iter()
            .flat_map(|(block, packed)| unpack_links(*block, packed).unwrap())
            .collect();
        let mut want = links[..7].to_vec();
        want.sort_by_key(|l| (l.a, l.b));
        assert_eq!(back, want);
        assert_eq!(back[2].score.to_bits(), (0.1f64 + 0.2).to_bits());
        assert_eq!(unpack_links(3, &[]), Some(Vec::new()));
        // A row cut inside a list, a score or a number, or naming no kind,
        // is not whole.
        assert_eq!(unpack_links(0, &rows[0].1[..3]), None);
        assert_eq!(unpack_links(0, &rows[0].1[..8]), None);
        assert_eq!(unpack_links(0, &[5, 1, 0x80]), None);
        assert_eq!(unpack_links(0, &[0x85]), None);
        assert_eq!(unpack_links(0, &[5, 1, 1, 9 << 1, 0, 0, 0, 0, 0, 0, 0, 0]), None);
    }
}
