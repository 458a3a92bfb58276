//! Each family of an add written into the store: traced again (its row,
//! copy edges and citations in place of those it had, or new) or kept
//! as the store holds it (only its rank written, on [`Update::commit`]).

use super::outlets::{count_outlet_lines, count_outlet_lines_among};
use super::{Update, UNRANKED};
use crate::article::Articles;
use crate::error::Result;
use crate::provenance::Kept;
use crate::store::open::format_error;
use crate::store::write::families::{write_family, PackedFamily};

impl Update {
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
    /// [`super::HeldInputs::of`]): its row is left as it is (its rank is written
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
}
