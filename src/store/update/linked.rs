//! An add's variants, occurrences, key index and links written: the new
//! ones inserted, the stored ones' family moved where it changed, the
//! links' rows that changed written again ([`Update::linked`]).

use rusqlite::{params, OptionalExtension};
use rustc_hash::FxHashMap;

use super::outlets::count_outlet_lines_among;
use super::Update;
use crate::article::Articles;
use crate::error::Result;
use crate::link::{LinkConfig, Linked, Stored};
use crate::provenance::occ_id_of;
use crate::store::write::variants::{insert_variant_rows, variant_rows, INSERT_OCCURRENCE};

impl Update {
    /// Variants, occurrences and the key index, once every family is in
    /// (`family_of` is the traced provenance's, `seqs` the articles'
    /// numbers): the new ones inserted, the old ones' family moved where
    /// it changed (`stored`, by the linker's occurrence, their stored
    /// numbers: [`super::unchanged::stored_by_occurrence`]). A variant is
    /// a wording (and for a common phrase its speaker), which an add never
    /// splits: its number is that of its occurrences in the store, or the
    /// next free one.
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
                let links = crate::store::link_rows(|| linked.compared(), |l| crate::store::StoredLink::of(l, num));
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
}
