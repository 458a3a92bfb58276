//! The packed key index (`postings`, schema 12): a build packs each key's
//! postings into rows of [`index::CHUNK`] at most, an `add` merges new
//! postings into the rows they fall in ([`insert_postings`]).

use std::path::Path;

use rayon::prelude::*;
use rusqlite::{params, Connection, OptionalExtension};

use super::insert::insert_many;
use crate::error::Result;
use crate::store::index;
use crate::store::open::{format_error, sql_error};

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
pub(in crate::store) fn insert_postings<R>(
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every posting of `postings`, unpacked from its rows
    /// ([`postings_rows`]), each row checked to hold one to
    /// [`index::CHUNK`].
    fn all_postings(conn: &Connection) -> Vec<(i64, i64, index::Posting)> {
        postings_rows(conn)
            .into_iter()
            .flat_map(|(kind, hash, total, variant, packed)| {
                let row = index::unpack(kind, total, variant, &packed).unwrap();
                assert!(!row.is_empty() && row.len() <= index::CHUNK);
                row.into_iter().map(move |p| (kind, hash, p))
            })
            .collect()
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
            conn.execute_batch(include_str!("../v12.sql")).unwrap();
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
        conn.execute_batch(include_str!("../v12.sql")).unwrap();
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
}
