//! What an add reads of the store: before it links, the stored
//! occurrences, variants' words and links ([`LinkReads`]); beside
//! [`super::Update::begin`], each family's number and inputs by key.

use rustc_hash::FxHashMap;

use super::{Held, HeldFamilies, Store, NOT_HELD, UNRANKED};
use crate::error::Result;
use crate::link::{Prior, PriorLinks, Stored, StoredWords};
use crate::store::open::format_error;

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
    /// for [`super::Update::linked`].
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
    /// number: what [`super::Update::begin`] reads beside.
    pub(super) fn held_families(&self) -> Result<HeldFamilies> {
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
            let pairs = crate::store::unpack_links(block, packed)
                .ok_or_else(|| format_error(&self.path, format!("links row {block} ends inside a number")))?;
            links.extend(pairs.into_iter().map(|l| ((l.a, l.b), (l.kind, l.a_short, l.score))));
        }
        Ok(Some(PriorLinks::new(links)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{empty_store, Update};
    use super::*;

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
