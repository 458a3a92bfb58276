//! An add's commit ([`Update::commit`]): the families gone deleted, every
//! family's rank written again, `fragments` and the aliases brought up
//! to date, the outlet tables folded.

use rayon::prelude::*;
use rusqlite::{params, OptionalExtension};
use rustc_hash::FxHashMap;

use super::outlets::count_outlet_lines;
use super::Update;
use crate::error::Result;
use crate::store::families::rank_of_id;
use crate::store::open::format_error;
use crate::store::write::families::write_ranks;

impl Update {
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
