//! A set of an article's words for [`super::names::Common`]: every word
//! the article writes in lowercase is put in, a few capitalised words'
//! lowercase forms are asked about.
//!
//! A `HashSet<&str>` spent about 100 instructions an insert (issue 14's
//! speed target): hashing, probing, and a `memcmp` call for every repeat
//! of a word already in. Here a word of up to 16 bytes is its own key,
//! packed into two numbers, so a repeat is found by comparing numbers; the
//! table is sized once for the article's tokens and never grows.

/// A word's key: its first and last eight bytes (overlapping; or four,
/// or two, when shorter), which with its length tell words of up to 16
/// bytes apart; a longer word's bytes are compared too.
#[inline]
fn key(w: &[u8]) -> (u64, u64) {
    if w.len() >= 8 {
        let first = u64::from_le_bytes(w[..8].try_into().expect("eight bytes"));
        let last = u64::from_le_bytes(w[w.len() - 8..].try_into().expect("eight bytes"));
        return (first, last);
    }
    // Shorter words by two overlapping loads, which together cover every
    // byte: with the length they tell the words apart, as packing the bytes
    // one by one did, without a loop over them.
    let k = match w.len() {
        4.. => {
            let first = u32::from_le_bytes(w[..4].try_into().expect("four bytes"));
            let last = u32::from_le_bytes(w[w.len() - 4..].try_into().expect("four bytes"));
            u64::from(first) | u64::from(last) << 32
        }
        2.. => {
            let first = u16::from_le_bytes(w[..2].try_into().expect("two bytes"));
            let last = u16::from_le_bytes(w[w.len() - 2..].try_into().expect("two bytes"));
            u64::from(first) | u64::from(last) << 16
        }
        1 => u64::from(w[0]),
        _ => 0,
    };
    (k, 0)
}

/// An open-addressed set of string slices with linear probing.
pub(super) struct WordSet<'t> {
    /// `(key, word)`; an empty slot holds `None`.
    slots: Vec<Option<((u64, u64), &'t str)>>,
    /// `slots.len() - 1`; the length is a power of two.
    mask: usize,
    len: usize,
}

impl<'t> WordSet<'t> {
    /// A set for at most `most` distinct words: the table is kept at most
    /// half full, so it never grows and probes stay short.
    pub(super) fn with_capacity(most: usize) -> WordSet<'t> {
        let size = (most * 2).max(16).next_power_of_two();
        WordSet {
            slots: vec![None; size],
            mask: size - 1,
            len: 0,
        }
    }

    /// The slot holding `w` (whose key is `k`), or the empty slot where
    /// it would go.
    #[inline]
    fn find(&self, w: &[u8], k: (u64, u64)) -> usize {
        // Fibonacci hashing spreads the packed bytes over the table.
        let h = (k.0 ^ k.1.rotate_left(29) ^ w.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let mut i = (h >> 32) as usize & self.mask;
        loop {
            match self.slots[i] {
                None => return i,
                Some((sk, s)) if sk == k && s.len() == w.len() && (w.len() <= 16 || s.as_bytes() == w) => return i,
                Some(_) => i = (i + 1) & self.mask,
            }
        }
    }

    /// Adds `w`. Past half full (more words than it was made for) the
    /// table grows rather than probe long.
    // Inlined into its one loop ([`super::names::Common::of`]): out of
    // line, its entry and exit were a quarter of its cost.
    #[inline(always)]
    pub(super) fn insert(&mut self, w: &'t str) {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let k = key(w.as_bytes());
        let i = self.find(w.as_bytes(), k);
        if self.slots[i].is_none() {
            self.slots[i] = Some((k, w));
            self.len += 1;
        }
    }

    pub(super) fn contains(&self, w: &str) -> bool {
        let w = w.as_bytes();
        self.slots[self.find(w, key(w))].is_some()
    }

    #[cold]
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        *self = WordSet::with_capacity(old.len());
        for (_, w) in old.into_iter().flatten() {
            self.insert(w);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_what_was_inserted_and_nothing_else() {
        let words = [
            "the",
            "they",
            "a",
            "a0",
            "",
            "eightbyt",
            "ninebytes",
            "ninebytez",
            "naïve",
            "über",
            "the",
            "sixteen-bytes-ab",
            "seventeen-bytes-a",
            "seventeen-bytes-b",
            "seventeen-bytes-a",
        ];
        let mut set = WordSet::with_capacity(2);
        for w in words {
            set.insert(w);
        }
        for w in words {
            assert!(set.contains(w), "{w}");
        }
        for w in [
            "th",
            "The",
            "eightbyte",
            "ninebyte",
            "naive",
            "x",
            "theyy",
            "sixteen-bytes-ac",
            "seventeen-bytes-c",
        ] {
            assert!(!set.contains(w), "{w}");
        }
        assert_eq!(set.len, 13);
    }
}
