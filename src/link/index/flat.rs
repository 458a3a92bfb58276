//! Lists of `u32` kept one after another in one vector ([`Flat`]).

/// Lists of `u32` one after another in one vector: list `i` is
/// `items[at[i]..at[i + 1]]`. Millions of small boxes took a pointer and
/// a length each, and the allocator's rounding, on top of their items
/// (issue 16).
#[derive(Debug, Clone, Default)]
pub(in crate::link) struct Flat {
    pub(super) at: Vec<u32>,
    pub(super) items: Vec<u32>,
}

impl Flat {
    /// Adds an empty list after the last.
    pub(in crate::link) fn push_empty(&mut self) {
        if self.at.is_empty() {
            self.at.push(0);
        }
        self.at.push(self.items.len() as u32);
    }

    /// Lists `0..n` made of `(list, item)` entries, each list's items in
    /// the order given; with `skip_repeats`, an item equal to the last
    /// its list took is left out. Counted, then placed: the entries are
    /// walked twice, and nothing but the two vectors is held.
    pub(in crate::link) fn grouped(
        n: usize,
        entries: impl Iterator<Item = (u32, u32)> + Clone,
        skip_repeats: bool,
    ) -> Flat {
        // The last item each list took, where repeats are skipped.
        let mut last = if skip_repeats { vec![u32::MAX; n] } else { Vec::new() };
        let take = |last: &mut Vec<u32>, list: u32, item: u32| {
            !skip_repeats || std::mem::replace(&mut last[list as usize], item) != item
        };
        let mut at = vec![0u32; n + 1];
        for (list, item) in entries.clone() {
            if take(&mut last, list, item) {
                at[list as usize + 1] += 1;
            }
        }
        for i in 1..at.len() {
            at[i] += at[i - 1];
        }
        if skip_repeats {
            last.fill(u32::MAX);
        }
        let mut next = at.clone();
        let mut items = vec![0u32; at[n] as usize];
        for (list, item) in entries {
            if take(&mut last, list, item) {
                items[next[list as usize] as usize] = item;
                next[list as usize] += 1;
            }
        }
        Flat { at, items }
    }

    pub(in crate::link) fn get(&self, i: usize) -> &[u32] {
        &self.items[self.at[i] as usize..self.at[i + 1] as usize]
    }

    pub(super) fn len(&self) -> usize {
        self.at.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_lists_keep_their_entries_order_and_skip_only_repeats_in_a_row() {
        let entries = [(2, 5), (0, 1), (2, 5), (2, 3), (0, 1), (2, 5)];
        let kept = Flat::grouped(3, entries.iter().copied(), false);
        assert_eq!(
            (kept.get(0), kept.get(1), kept.get(2)),
            (&[1, 1][..], &[][..], &[5, 5, 3, 5][..])
        );
        let skipped = Flat::grouped(3, entries.iter().copied(), true);
        assert_eq!(
            (skipped.get(0), skipped.get(1), skipped.get(2)),
            (&[1][..], &[][..], &[5, 3, 5][..])
        );
    }
}
