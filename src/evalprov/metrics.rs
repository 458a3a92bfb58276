//! The measures `eval-provenance` scores with: ratios, and family
//! scores (pairwise and B-cubed precision, recall and F1) from the
//! contingency table of true and predicted families.

use std::collections::HashMap;

use serde::Serialize;

/// Correct out of total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Ratio {
    pub ok: usize,
    pub n: usize,
}

impl Ratio {
    pub fn value(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.ok as f64 / self.n as f64
        }
    }

    pub(super) fn add(&mut self, ok: bool) {
        self.n += 1;
        self.ok += usize::from(ok);
    }
}

/// Pairwise family scores: pairs of true occurrences put in one family.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Pairwise {
    pub tp: u64,
    pub predicted: u64,
    pub gold: u64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// B-cubed family scores: for each true occurrence, the share of its
/// predicted family that is truly its family (precision) and of its true
/// family that was predicted with it (recall), averaged over occurrences.
/// Unlike pairs, which grow with the square of a family's size, every
/// occurrence weighs the same, so one large family split in two does not
/// swing the score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Bcubed {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// Each occurrence's B-cubed precision and recall (an unmatched one is a
/// predicted family of its own), to average over any subset.
pub(super) fn bcubed_each(truth: &[usize], pred: &[Option<usize>]) -> Vec<(f64, f64)> {
    let Contingency { gold, predicted, cell } = contingency(truth, pred);
    truth
        .iter()
        .zip(pred)
        .map(|(&tf, pf)| match pf {
            None => (1.0, 1.0 / gold[&tf] as f64),
            Some(pf) => {
                let c = cell[&(tf, *pf)] as f64;
                (c / predicted[pf] as f64, c / gold[&tf] as f64)
            }
        })
        .collect()
}

/// Sizes of the true families, of the predicted ones, and of each
/// (true, predicted) cell; an unmatched occurrence is in no cell.
struct Contingency {
    gold: HashMap<usize, u64>,
    predicted: HashMap<usize, u64>,
    cell: HashMap<(usize, usize), u64>,
}

fn contingency(truth: &[usize], pred: &[Option<usize>]) -> Contingency {
    let mut t = Contingency {
        gold: HashMap::new(),
        predicted: HashMap::new(),
        cell: HashMap::new(),
    };
    for (&tf, pf) in truth.iter().zip(pred) {
        *t.gold.entry(tf).or_insert(0) += 1;
        if let Some(pf) = *pf {
            *t.predicted.entry(pf).or_insert(0) += 1;
            *t.cell.entry((tf, pf)).or_insert(0) += 1;
        }
    }
    t
}

/// Pairwise scores from the contingency table of true and predicted
/// families (an unmatched occurrence is a family of its own).
pub(super) fn pairwise(truth: &[usize], pred: &[Option<usize>]) -> Pairwise {
    let Contingency { gold, predicted, cell } = contingency(truth, pred);
    let tp: u64 = cell.values().map(|&n| pairs(n)).sum();
    let gp: u64 = gold.values().map(|&n| pairs(n)).sum();
    let pp: u64 = predicted.values().map(|&n| pairs(n)).sum();
    let precision = if pp == 0 { 0.0 } else { tp as f64 / pp as f64 };
    let recall = if gp == 0 { 0.0 } else { tp as f64 / gp as f64 };
    Pairwise {
        tp,
        predicted: pp,
        gold: gp,
        precision,
        recall,
        f1: f1(precision, recall),
    }
}

/// B-cubed scores from the same contingency table; an unmatched
/// occurrence is a predicted family of its own.
pub(super) fn bcubed(truth: &[usize], pred: &[Option<usize>]) -> Bcubed {
    let Contingency { gold, predicted, cell } = contingency(truth, pred);
    let n = truth.len();
    if n == 0 {
        return Bcubed::default();
    }
    // Sorted, so that the float sums do not depend on hash order.
    let mut cells: Vec<((usize, usize), u64)> = cell.into_iter().collect();
    cells.sort_unstable();
    let (mut p, mut r) = (0.0, 0.0);
    for &((tf, pf), c) in &cells {
        let c = c as f64;
        p += c * c / predicted[&pf] as f64;
        r += c * c / gold[&tf] as f64;
    }
    for (&tf, pf) in truth.iter().zip(pred) {
        if pf.is_none() {
            p += 1.0;
            r += 1.0 / gold[&tf] as f64;
        }
    }
    let (precision, recall) = (p / n as f64, r / n as f64);
    Bcubed {
        precision,
        recall,
        f1: f1(precision, recall),
    }
}

/// The harmonic mean of precision and recall (0 when both are 0).
pub(super) fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcubed_weighs_every_occurrence_the_same() {
        // True {a b c} {d}; predicted {a b} {c d}.
        let b = bcubed(&[0, 0, 0, 1], &[Some(7), Some(7), Some(8), Some(8)]);
        assert!((b.precision - (1.0 + 1.0 + 0.5 + 0.5) / 4.0).abs() < 1e-12);
        assert!((b.recall - (2.0 / 3.0 + 2.0 / 3.0 + 1.0 / 3.0 + 1.0) / 4.0).abs() < 1e-12);
        // An unmatched occurrence is alone: precise, but recalls only itself.
        let b = bcubed(&[0, 0], &[Some(1), None]);
        assert_eq!(b.precision, 1.0);
        assert!((b.recall - 0.5).abs() < 1e-12);
    }

    #[test]
    fn pairwise_counts_pairs_of_the_contingency_table() {
        // Truth: {0,1,2} and {3}; predicted: {0,1}, {2,3}, and 4 missed.
        let p = pairwise(&[0, 0, 0, 1], &[Some(7), Some(7), Some(8), Some(8)]);
        assert_eq!((p.tp, p.predicted, p.gold), (1, 2, 3));
        assert!((p.precision - 0.5).abs() < 1e-9 && (p.recall - 1.0 / 3.0).abs() < 1e-9);
        // A missed occurrence is a family of its own.
        let p = pairwise(&[0, 0], &[Some(1), None]);
        assert_eq!((p.tp, p.predicted, p.gold, p.f1), (0, 0, 1, 0.0));
    }
}
