//! Word alignment of two quote variants: how similar two copies of a line
//! are, and how much of a fragment a longer quote contains. Words compare
//! by their key (see [`crate::normalize::word_key`]); each word weighs its
//! length in characters, so that "the" counts for less than "accreditation".

use similar::{capture_diff_slices, Algorithm, DiffOp};

/// A variant's words as the aligner sees them.
#[derive(Debug, Clone, Copy)]
pub struct Seq<'a> {
    pub keys: &'a [u32],
    /// Each word's weight (see [`crate::link::Variant::weights`]).
    pub weights: &'a [u8],
    pub total: u32,
}

/// Longer sequences are compared on their first words only; quotes this
/// long are rare, and the cap keeps one pair's cost bounded.
pub const MAX_WORDS: usize = 1500;

/// Dice similarity of two sequences over their longest common subsequence
/// of keys: twice the weight of the matched words over the weight of both.
pub fn similarity(a: Seq<'_>, b: Seq<'_>) -> f64 {
    let (ka, kb) = (
        &a.keys[..a.keys.len().min(MAX_WORDS)],
        &b.keys[..b.keys.len().min(MAX_WORDS)],
    );
    let total = weight(a.weights, ka.len()) + weight(b.weights, kb.len());
    if total == 0 {
        return 0.0;
    }
    let mut matched = 0u64;
    for op in capture_diff_slices(Algorithm::Myers, ka, kb) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                matched += 2 * u64::from(a.weights[old_index + k].min(b.weights[new_index + k]));
            }
        }
    }
    matched as f64 / total as f64
}

fn weight(w: &[u8], n: usize) -> u64 {
    w[..n].iter().map(|&x| u64::from(x)).sum()
}

/// What it takes to turn a source's words into a copy's, on the word
/// alignment of their keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Edits {
    /// Words edited inside the copied stretch: a substituted word is one,
    /// as is a dropped or an added one; words the copy has beyond either
    /// end of the source count too (a source cannot give words it lacks).
    pub words: u32,
    /// The copy leaves out words at the start or the end of the source:
    /// it is cut from it.
    pub cut: bool,
}

/// The edits that turn `source` into `copy` (directed: a source longer
/// than its copy is a cut, a shorter one lacks words the copy has).
pub fn edits(source: Seq<'_>, copy: Seq<'_>) -> Edits {
    let (ks, kc) = (
        &source.keys[..source.keys.len().min(MAX_WORDS)],
        &copy.keys[..copy.keys.len().min(MAX_WORDS)],
    );
    let ops = capture_diff_slices(Algorithm::Myers, ks, kc);
    let equal = |op: &DiffOp| matches!(op, DiffOp::Equal { .. });
    let (Some(first), Some(last)) = (ops.iter().position(equal), ops.iter().rposition(equal)) else {
        return Edits {
            words: kc.len().max(1) as u32,
            cut: false,
        };
    };
    let mut e = Edits::default();
    for (i, op) in ops.iter().enumerate() {
        let outside = i < first || i > last;
        match *op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { .. } if outside => e.cut = true,
            DiffOp::Delete { old_len, .. } => e.words += old_len as u32,
            DiffOp::Insert { new_len, .. } => e.words += new_len as u32,
            DiffOp::Replace { old_len, new_len, .. } if outside => {
                e.cut |= old_len > new_len;
                e.words += new_len as u32;
            }
            DiffOp::Replace { old_len, new_len, .. } => e.words += old_len.max(new_len) as u32,
        }
    }
    e
}

/// The longest run of words changed together (substituted, dropped or
/// added) when `a` is aligned with `b`, and the words they share.
pub fn change_runs(a: Seq<'_>, b: Seq<'_>) -> (usize, usize) {
    let (ka, kb) = (
        &a.keys[..a.keys.len().min(MAX_WORDS)],
        &b.keys[..b.keys.len().min(MAX_WORDS)],
    );
    let (mut run, mut shared) = (0, 0);
    for op in capture_diff_slices(Algorithm::Myers, ka, kb) {
        match op {
            DiffOp::Equal { len, .. } => shared += len,
            DiffOp::Delete { old_len, .. } => run = run.max(old_len),
            DiffOp::Insert { new_len, .. } => run = run.max(new_len),
            DiffOp::Replace { old_len, new_len, .. } => run = run.max(old_len.max(new_len)),
        }
    }
    (run, shared)
}

/// Does the alignment of `a` with `b` put a word of one where the other
/// has a different word (a substitution, not only words dropped or
/// added)? Not where a replaced word on either side is `exempt`.
pub fn replaces(a: Seq<'_>, b: Seq<'_>, exempt: impl Fn(u32) -> bool) -> bool {
    let (ka, kb) = (
        &a.keys[..a.keys.len().min(MAX_WORDS)],
        &b.keys[..b.keys.len().min(MAX_WORDS)],
    );
    capture_diff_slices(Algorithm::Myers, ka, kb)
        .iter()
        .any(|op| match *op {
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => !ka[old_index..old_index + old_len]
                .iter()
                .chain(&kb[new_index..new_index + new_len])
                .any(|&k| exempt(k)),
            _ => false,
        })
}

/// Do two sequences share a run of at least `k` words, in order and
/// without a gap? Linear in their lengths: the `k`-word windows of one are
/// hashed and sorted, and each window of the other is looked up (a hit
/// is checked word by word, so a hash collision cannot make a run).
pub fn shares_run(a: Seq<'_>, b: Seq<'_>, k: usize) -> bool {
    use std::hash::{Hash, Hasher};
    let (ka, kb) = (a.keys, b.keys);
    if k == 0 || ka.len() < k || kb.len() < k {
        return false;
    }
    let hash = |w: &[u32]| {
        let mut h = rustc_hash::FxHasher::default();
        w.hash(&mut h);
        h.finish()
    };
    thread_local! {
        static WINDOWS: std::cell::RefCell<Vec<(u64, usize)>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    // Many pairs are checked; one buffer per thread spares an allocation each.
    WINDOWS.with_borrow_mut(|windows| {
        windows.clear();
        windows.extend(ka.windows(k).enumerate().map(|(i, w)| (hash(w), i)));
        windows.sort_unstable();
        kb.windows(k).any(|w| {
            let h = hash(w);
            let from = windows.partition_point(|&(x, _)| x < h);
            windows[from..]
                .iter()
                .take_while(|&&(x, _)| x == h)
                .any(|&(_, i)| &ka[i..i + k] == w)
        })
    })
}

/// Do two sequences overlap end to end, as two windows of one passage do:
/// a run of at least `k` words, in order and without a gap, that closes
/// one of them and opens the other, give or take `slack` words at either
/// of those ends ("as such the foundation has no comment on the actions
/// of that person" / "has no comment on the actions of that person that
/// murdered …")? A stock phrase two lines share sits inside them or at
/// the same end of both, and a blend of two lines' halves shares its
/// source's opening or closing half, never one's close with the other's
/// opening. Quadratic in the worst case only over the first `slack + 1`
/// words of the opening side.
pub fn overlaps_at_ends(a: Seq<'_>, b: Seq<'_>, k: usize, slack: usize) -> bool {
    let (ka, kb) = (
        &a.keys[..a.keys.len().min(MAX_WORDS)],
        &b.keys[..b.keys.len().min(MAX_WORDS)],
    );
    k > 0 && (closes_and_opens(ka, kb, k, slack) || closes_and_opens(kb, ka, k, slack))
}

/// Does a run of `k` words or more that starts within `slack` words of
/// `opens`' start reach within `slack` words of `closes`' end?
fn closes_and_opens(closes: &[u32], opens: &[u32], k: usize, slack: usize) -> bool {
    (0..=slack.min(opens.len())).any(|s| {
        let head = &opens[s..];
        head.len() >= k
            && (0..closes.len()).any(|i| {
                let run = closes[i..].iter().zip(head).take_while(|(x, y)| x == y).count();
                run >= k && closes.len() - (i + run) <= slack
            })
    })
}

/// Is `short` a cut of `long`: its words, by key, one unbroken run of
/// `long`'s ("radical Islamic terrorism" in "being right on radical
/// Islamic terrorism")?
pub fn is_cut(short: Seq<'_>, long: Seq<'_>) -> bool {
    let (ks, kl) = (short.keys, long.keys);
    !ks.is_empty() && ks.len() <= kl.len() && kl.windows(ks.len()).any(|w| w == ks)
}

/// Largest table the local aligner fills; beyond it, containment falls
/// back to the global alignment, which is linear in practice.
const MAX_CELLS: usize = 4_000_000;

/// How much of `short` appears, in order and close together, inside
/// `long`: the weight of the matched words of `short` over its whole
/// weight, on the best semi-global alignment (free ends in `long`, gaps
/// inside it cost their weight). 1.0 means every word is there.
pub fn coverage(short: Seq<'_>, long: Seq<'_>) -> f64 {
    let (m, n) = (short.keys.len().min(MAX_WORDS), long.keys.len().min(MAX_WORDS));
    let total = weight(short.weights, m);
    if total == 0 || n == 0 {
        return 0.0;
    }
    if m * n > MAX_CELLS {
        return global_coverage(short, long);
    }
    // Rolling rows of (score, matched weight), both i64 for the penalties.
    let mut prev: Vec<(i64, i64)> = vec![(0, 0); n + 1];
    let mut cur: Vec<(i64, i64)> = vec![(0, 0); n + 1];
    for i in 1..=m {
        let ws = i64::from(short.weights[i - 1]);
        cur[0] = (prev[0].0 - ws, prev[0].1);
        for j in 1..=n {
            let wl = i64::from(long.weights[j - 1]);
            let diag = if short.keys[i - 1] == long.keys[j - 1] {
                let w = ws.min(wl);
                (prev[j - 1].0 + w, prev[j - 1].1 + w)
            } else {
                (prev[j - 1].0 - ws, prev[j - 1].1)
            };
            let skip_short = (prev[j].0 - ws, prev[j].1);
            let gap_long = (cur[j - 1].0 - wl, cur[j - 1].1);
            cur[j] = best(best(diag, skip_short), gap_long);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let end = prev.iter().copied().fold((i64::MIN, 0), best);
    end.1.max(0) as f64 / total as f64
}

/// Higher score wins; on a tie, more matched weight.
fn best(a: (i64, i64), b: (i64, i64)) -> (i64, i64) {
    if b.0 > a.0 || (b.0 == a.0 && b.1 > a.1) {
        b
    } else {
        a
    }
}

fn global_coverage(short: Seq<'_>, long: Seq<'_>) -> f64 {
    let (ka, kb) = (
        &short.keys[..short.keys.len().min(MAX_WORDS)],
        &long.keys[..long.keys.len().min(MAX_WORDS)],
    );
    let total = weight(short.weights, ka.len());
    let mut matched = 0u64;
    for op in capture_diff_slices(Algorithm::Myers, ka, kb) {
        if let DiffOp::Equal { old_index, len, .. } = op {
            matched += weight(&short.weights[old_index..], len);
        }
    }
    matched as f64 / total.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::{word_key, words};
    use std::collections::HashMap;

    struct Owned {
        keys: Vec<u32>,
        weights: Vec<u8>,
    }

    fn seqs(texts: &[&str]) -> Vec<Owned> {
        let mut ids: HashMap<String, u32> = HashMap::new();
        texts
            .iter()
            .map(|t| {
                let ws = words(t);
                let keys = ws
                    .iter()
                    .map(|w| {
                        let n = ids.len() as u32;
                        *ids.entry(word_key(&w.norm).to_string()).or_insert(n)
                    })
                    .collect();
                let weights = ws.iter().map(|w| w.norm.chars().count() as u8).collect();
                Owned { keys, weights }
            })
            .collect()
    }

    fn seq(o: &Owned) -> Seq<'_> {
        Seq {
            keys: &o.keys,
            weights: &o.weights,
            total: o.weights.iter().map(|&w| u32::from(w)).sum(),
        }
    }

    #[test]
    fn identical_lines_are_fully_similar() {
        let s = seqs(&[
            "the harbour will reopen on monday",
            "The harbour will reopen on Monday.",
        ]);
        assert_eq!(similarity(seq(&s[0]), seq(&s[1])), 1.0);
    }

    #[test]
    fn a_substituted_word_lowers_similarity_by_its_weight() {
        let s = seqs(&[
            "we have withdrawn the accreditation of eight members of the mission",
            "we have withdrawn the recognition of eight members of the mission",
        ]);
        let sim = similarity(seq(&s[0]), seq(&s[1]));
        assert!(sim > 0.75 && sim < 0.95, "{sim}");
    }

    #[test]
    fn unrelated_lines_are_dissimilar() {
        let s = seqs(&[
            "the harbour will reopen on monday",
            "prices of fish rose sharply in the market",
        ]);
        assert!(similarity(seq(&s[0]), seq(&s[1])) < 0.3);
    }

    #[test]
    fn a_fragment_is_covered_by_the_quote_it_was_cut_from() {
        let s = seqs(&[
            "undeclared intel officers",
            "we withdrew eight members who were undeclared Russian intelligence officers",
        ]);
        assert_eq!(coverage(seq(&s[0]), seq(&s[1])), 1.0);
    }

    #[test]
    fn scattered_words_do_not_make_a_fragment() {
        let s = seqs(&[
            "toxic plume",
            "the plume of smoke rose over the bay while officials called the water toxic to fish",
        ]);
        assert!(coverage(seq(&s[0]), seq(&s[1])) < 0.8);
    }

    #[test]
    fn a_drifted_fragment_is_mostly_covered() {
        let s = seqs(&[
            "Our policy towards Velmora remains consistent",
            "The council's policy towards Velmora remains consistent. We have strengthened our defences.",
        ]);
        let c = coverage(seq(&s[0]), seq(&s[1]));
        assert!(c > 0.85 && c < 1.0, "{c}");
    }

    #[test]
    fn edits_count_changed_words_and_see_a_cut_in_its_direction() {
        let s = seqs(&[
            "we have withdrawn the accreditation of eight members of the mission",
            "we have withdrawn the recognition of eight members of the mission",
            "withdrawn the accreditation of eight members",
            "we have withdrawn the accreditation of members of the mission",
        ]);
        assert_eq!(edits(seq(&s[0]), seq(&s[0])), Edits::default());
        assert_eq!(edits(seq(&s[0]), seq(&s[1])), Edits { words: 1, cut: false });
        assert_eq!(edits(seq(&s[0]), seq(&s[3])), Edits { words: 1, cut: false });
        // A fragment is cut from its quote; the quote is not in the fragment.
        assert_eq!(edits(seq(&s[0]), seq(&s[2])), Edits { words: 0, cut: true });
        assert_eq!(edits(seq(&s[2]), seq(&s[0])).words, 5);
    }

    #[test]
    fn shares_run_finds_the_shared_window_of_two_cuts() {
        let s = seqs(&[
            "to be perfectly candid with you I am just not ready to do that at this point",
            "I am just not ready to do that at this point I am not there right now",
        ]);
        assert!(shares_run(seq(&s[0]), seq(&s[1]), 11));
        assert!(!shares_run(seq(&s[0]), seq(&s[1]), 12));
        assert!(shares_run(seq(&s[1]), seq(&s[0]), 8));
        assert!(!shares_run(seq(&s[0]), seq(&s[1]), 0));
    }

    #[test]
    fn issue13_windows_overlap_end_to_end_but_shared_middles_and_same_ends_do_not() {
        let s = seqs(&[
            "as such the foundation has no comment on the actions of that person",
            "has no comment on the actions of that person that murdered him",
            "we said it has no comment on the actions of that person as of today",
            "has no comment on the actions of that person and that is all",
            "has no comment on the actions of that person",
            "we said it has no comment on the actions of that person today",
        ]);
        // The first closes with the run the second opens with, either way round.
        assert!(overlaps_at_ends(seq(&s[0]), seq(&s[1]), 8, 0));
        assert!(overlaps_at_ends(seq(&s[1]), seq(&s[0]), 8, 0));
        assert!(overlaps_at_ends(seq(&s[0]), seq(&s[1]), 9, 0));
        assert!(!overlaps_at_ends(seq(&s[0]), seq(&s[1]), 10, 0));
        // The run inside a line, or opening both: not windows.
        assert!(!overlaps_at_ends(seq(&s[2]), seq(&s[1]), 8, 1));
        assert!(!overlaps_at_ends(seq(&s[1]), seq(&s[3]), 8, 1));
        // A word past the run's end is within a slack of one, not of none.
        assert!(!overlaps_at_ends(seq(&s[5]), seq(&s[1]), 8, 0));
        assert!(overlaps_at_ends(seq(&s[5]), seq(&s[1]), 8, 1));
        assert!(overlaps_at_ends(seq(&s[0]), seq(&s[4]), 8, 0));
        assert!(!overlaps_at_ends(seq(&s[0]), seq(&s[1]), 0, 1));
    }

    #[test]
    fn change_runs_measure_words_changed_together() {
        let s = seqs(&[
            "we will not raise taxes on working families",
            "we will never raise levies on poor families",
            "we shall never raise taxes on working families",
        ]);
        assert_eq!(change_runs(seq(&s[0]), seq(&s[1])), (1, 5));
        assert_eq!(change_runs(seq(&s[0]), seq(&s[2])), (2, 6));
    }
}
