//! Scores linking and provenance against a simulated corpus's ground truth
//! ([`crate::simulate::Truth`]): family pairwise precision, recall and F1;
//! copy-edge accuracy (the right source occurrence, the right source
//! outlet); first-appearance accuracy; and all of it by drift level.
//!
//! Predictions are matched to truth by span: each true occurrence is the
//! predicted quote segment in its article that overlaps it most (an
//! occurrence the extractor missed is a miss everywhere). Pure: `cli` runs
//! the pipeline and prints the report.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::article::Analysed;
use crate::provenance::{time, Provenance};
use crate::simulate::Truth;

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

    fn add(&mut self, ok: bool) {
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

/// One row of the drift table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DriftRow {
    /// `0`, `1`, `2`, `3`, `4-5`, `6+` words edited against the family's
    /// original, `fragment`, `wire` (independent copies of one line), and
    /// `0-3` (the first four rows together: moderate drift).
    pub level: String,
    pub copies: usize,
    /// In the same predicted family as its true source (for a wire copy:
    /// as the family's first occurrence).
    pub linked: Ratio,
    /// Copy edges from the right source occurrence, over the copies whose
    /// source is dated and surely earlier.
    pub source: Ratio,
    /// Copy edges from an article of the right source outlet.
    pub source_outlet: Ratio,
}

/// One row of the pattern table: how the linker fares on the
/// occurrences drawn with one reuse pattern of issue 13.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PatternRow {
    /// `plain` (none of the others), the family patterns `interrupted`,
    /// `window`, `piecemeal` and `common`, the copy ops `variant` and
    /// `partial`, and `misattributed`. An occurrence may be in several
    /// rows (a variant copy of one part of an interrupted quote).
    pub pattern: String,
    pub occurrences: usize,
    pub found: Ratio,
    /// Occurrences in the same predicted family as their reference: the
    /// source for a copy, the family's first occurrence for a pickup of
    /// an unseen source (wire, window, piece). A common phrase has none.
    pub linked: Ratio,
    /// B-cubed over the row's occurrences (each against its whole true
    /// and predicted family): low precision is merging with other lines,
    /// low recall splitting its own.
    pub bcubed: Bcubed,
}

/// The misattribution flag against the misattributions the simulator
/// planted.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Misattribution {
    /// True families with a planted misattribution whose misattributed
    /// copies went to a flagged family: recall.
    pub recall: Ratio,
    /// Flagged predicted families that hold a misattributed occurrence:
    /// precision.
    pub precision: Ratio,
}

/// Everything `eval-provenance` reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub articles: usize,
    pub occurrences: usize,
    /// True occurrences the extractor found (a segment overlapping it).
    pub found: Ratio,
    pub families: Pairwise,
    /// The same with every fragment family that lies inside exactly one
    /// other family (`inside`) counted as part of it.
    pub families_with_fragments: Pairwise,
    /// [`Report::families`] scored B-cubed.
    pub families_bcubed: Bcubed,
    /// Over the occurrences at moderate drift only: no fragment along the
    /// chain, at most three words edited against the original.
    pub families_moderate: Pairwise,
    /// Over copies whose source and copy are dated, the source surely
    /// earlier (dates at their own precision).
    pub copy_source: Ratio,
    pub copy_source_article: Ratio,
    pub copy_source_outlet: Ratio,
    /// The predicted source is the true one, or an occurrence of the same
    /// line in the same words (no tool could tell them apart by wording).
    pub copy_source_equivalent: Ratio,
    /// Copies with no predicted edge at all.
    pub copy_no_edge: usize,
    /// Copies the tool cannot place (undated, or a tie with the source).
    pub copy_unattainable: usize,
    /// Wire copies (independent pickups of one unseen line, after the
    /// first, dated) that were given a copy edge anyway.
    pub wire_with_edge: Ratio,
    /// Families in two or more articles with a dated occurrence: the
    /// predicted family most of its occurrences went to names its
    /// earliest dated occurrence among its first appearances.
    pub first_appearance: Ratio,
    /// The same, with no tie reported.
    pub first_appearance_sole: Ratio,
    pub by_drift: Vec<DriftRow>,
    pub by_pattern: Vec<PatternRow>,
    pub misattribution: Misattribution,
    /// Wrong copy edges, described (up to the number asked for).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    /// Planted misattributions the flag missed and flags on families
    /// without one, described (up to the number asked for).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flag_errors: Vec<String>,
}

const PATTERNS: [&str; 8] = [
    "plain",
    "interrupted",
    "window",
    "piecemeal",
    "common",
    "variant",
    "partial",
    "misattributed",
];

/// The pattern rows an occurrence belongs in.
fn patterns_of(t: &crate::simulate::TruthOccurrence, family_pattern: Option<&str>) -> Vec<usize> {
    let mut rows = Vec::new();
    let at = |name: &str| PATTERNS.iter().position(|p| *p == name);
    if let Some(i) = family_pattern.and_then(at) {
        rows.push(i);
    }
    // A window is both a family pattern and its occurrences' op: one row.
    if let Some(i) = at(t.op.as_str()).filter(|i| !rows.contains(i)) {
        rows.push(i);
    }
    if t.misattributed {
        rows.extend(at("misattributed"));
    }
    if rows.is_empty() {
        rows.push(0);
    }
    rows
}

/// Each occurrence's B-cubed precision and recall (an unmatched one is a
/// predicted family of its own), to average over any subset.
fn bcubed_each(truth: &[usize], pred: &[Option<usize>]) -> Vec<(f64, f64)> {
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

const LEVELS: [&str; 8] = ["0", "1", "2", "3", "4-5", "6+", "fragment", "wire"];

fn level(drift: usize, fragment: bool, wire: bool) -> usize {
    if wire {
        7
    } else if fragment {
        6
    } else {
        match drift {
            0..=3 => drift,
            4..=5 => 4,
            _ => 5,
        }
    }
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
fn pairwise(truth: &[usize], pred: &[Option<usize>]) -> Pairwise {
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
fn bcubed(truth: &[usize], pred: &[Option<usize>]) -> Bcubed {
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
fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

type Seg = (usize, usize, usize);

/// Scores `prov` (traced over `articles`, the analysed simulated corpus)
/// against `truth`; describes up to `show` wrong copy edges.
pub fn score(truth: &Truth, articles: &[Analysed], prov: &Provenance, show: usize) -> Report {
    let index: HashMap<&str, usize> = articles.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let outlet_of: HashMap<&str, &str> = truth
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.outlet.as_str()))
        .collect();
    let stamp_of: HashMap<&str, Option<time::Stamp>> = truth
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.published.as_deref().and_then(time::parse)))
        .collect();

    // Each true occurrence's predicted segment.
    let matched: Vec<Option<Seg>> = truth
        .occurrences
        .iter()
        .map(|t| {
            let &a = index.get(t.article.as_str())?;
            let mut best: Option<(usize, Seg)> = None;
            for (q, quote) in articles[a].quotes.iter().enumerate() {
                let segs: Vec<[usize; 2]> = if quote.segments.is_empty() {
                    vec![[quote.start, quote.end]]
                } else {
                    quote.segments.clone()
                };
                for (s, [ss, se]) in segs.into_iter().enumerate() {
                    let overlap = se.min(t.end).saturating_sub(ss.max(t.start));
                    if overlap > 0 && best.is_none_or(|(b, _)| overlap > b) {
                        best = Some((overlap, (a, q, s)));
                    }
                }
            }
            best.map(|(_, seg)| seg)
        })
        .collect();
    let truth_idx: HashMap<&str, usize> = truth
        .occurrences
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let mut truth_of_seg: HashMap<Seg, usize> = HashMap::new();
    for (i, m) in matched.iter().enumerate() {
        if let Some(seg) = m {
            truth_of_seg.entry(*seg).or_insert(i);
        }
    }
    // Predicted occurrence ids, both ways, and copy edges by target.
    let mut seg_of_id: HashMap<&str, Seg> = HashMap::new();
    let mut id_of_seg: HashMap<Seg, &str> = HashMap::new();
    let mut edge_to: HashMap<&str, &str> = HashMap::new();
    for f in &prov.families {
        for o in &f.occurrences {
            if let Some(&a) = index.get(o.article.as_str()) {
                seg_of_id.insert(o.id.as_str(), (a, o.quote, o.segment));
                id_of_seg.insert((a, o.quote, o.segment), o.id.as_str());
            }
        }
        for e in &f.copy_edges {
            edge_to.insert(e.to.as_str(), e.from.as_str());
        }
    }
    let family_of = |seg: Seg| prov.family_of[seg.0][seg.1][seg.2];

    let mut r = Report {
        articles: truth.articles.len(),
        occurrences: truth.occurrences.len(),
        ..Report::default()
    };

    // Pairwise family scores from the contingency table.
    let fam_idx: HashMap<&str, usize> = truth
        .families
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    // A fragment family inside exactly one family belongs to it.
    let fam_by_id: HashMap<&str, usize> = prov
        .families
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    let parent_of = |mut f: usize| {
        for _ in 0..prov.families.len() {
            match prov.families[f].inside.as_slice() {
                [p] => f = fam_by_id[p.as_str()],
                _ => break,
            }
        }
        f
    };
    let truth_fams: Vec<usize> = truth.occurrences.iter().map(|t| fam_idx[t.family.as_str()]).collect();
    let labels: Vec<Option<usize>> = matched.iter().map(|m| m.map(family_of)).collect();
    r.families = pairwise(&truth_fams, &labels);
    r.families_bcubed = bcubed(&truth_fams, &labels);
    let merged: Vec<Option<usize>> = labels.iter().map(|l| l.map(parent_of)).collect();
    r.families_with_fragments = pairwise(&truth_fams, &merged);
    let moderate: Vec<usize> = (0..truth.occurrences.len())
        .filter(|&i| !truth.occurrences[i].fragment && truth.occurrences[i].drift <= 3)
        .collect();
    r.families_moderate = pairwise(
        &moderate.iter().map(|&i| truth_fams[i]).collect::<Vec<_>>(),
        &moderate.iter().map(|&i| labels[i]).collect::<Vec<_>>(),
    );
    for m in &matched {
        r.found.add(m.is_some());
    }

    // Copies: linked, and their copy edges.
    let mut rows: Vec<DriftRow> = LEVELS
        .iter()
        .map(|l| DriftRow {
            level: l.to_string(),
            ..DriftRow::default()
        })
        .collect();
    let first_of_family: HashMap<&str, usize> = truth
        .families
        .iter()
        .map(|f| (f.id.as_str(), truth_idx[f.first_appearance.as_str()]))
        .collect();
    for (i, t) in truth.occurrences.iter().enumerate() {
        let wire = t.op == "wire";
        let src = match &t.source {
            Some(s) => truth_idx[s.as_str()],
            None if wire && first_of_family[t.family.as_str()] != i => first_of_family[t.family.as_str()],
            None => continue,
        };
        let row = &mut rows[level(t.drift, t.fragment, wire)];
        row.copies += 1;
        let linked = match (matched[i], matched[src]) {
            (Some(a), Some(b)) => family_of(a) == family_of(b),
            _ => false,
        };
        row.linked.add(linked);
        let st = stamp_of[truth.occurrences[src].article.as_str()];
        let ct = stamp_of[t.article.as_str()];
        let attainable = matches!((st, ct), (Some(s), Some(c)) if s.order(&c) == Ordering::Less);
        let predicted_from: Option<&str> = matched[i]
            .and_then(|seg| id_of_seg.get(&seg))
            .and_then(|id| edge_to.get(id).copied());
        if wire {
            if ct.is_some() {
                r.wire_with_edge.add(predicted_from.is_some());
            }
            continue;
        }
        if !attainable {
            r.copy_unattainable += 1;
            continue;
        }
        let from_seg = predicted_from.and_then(|f| seg_of_id.get(f).copied());
        let from_truth = from_seg.and_then(|s| truth_of_seg.get(&s).copied());
        let from_article = from_seg.map(|s| articles[s.0].id.as_str());
        let true_article = truth.occurrences[src].article.as_str();
        let ok_occ = from_truth == Some(src);
        let ok_article = from_article == Some(true_article);
        let ok_outlet = from_article.and_then(|a| outlet_of.get(a)) == outlet_of.get(true_article);
        let ok_outlet = ok_outlet && from_article.is_some();
        if predicted_from.is_none() {
            r.copy_no_edge += 1;
        }
        let same_words = |x: usize| {
            let w = |o: usize| -> Vec<String> {
                crate::normalize::words(&truth.occurrences[o].text)
                    .into_iter()
                    .map(|w| w.norm)
                    .collect()
            };
            truth.occurrences[x].family == t.family && w(x) == w(src)
        };
        r.copy_source_equivalent
            .add(ok_occ || from_truth.is_some_and(same_words));
        if !ok_occ && r.errors.len() < show {
            let src_t = &truth.occurrences[src];
            let pred = match (predicted_from, from_truth) {
                (None, _) => "no edge".to_string(),
                (Some(p), None) => format!("{p} (no true quote there)"),
                (Some(p), Some(x)) => {
                    let x = &truth.occurrences[x];
                    format!(
                        "{} [{}, {}, {}] {:?}",
                        p,
                        x.family,
                        outlet_of[x.article.as_str()],
                        truth
                            .articles
                            .iter()
                            .find(|a| a.id == x.article)
                            .map_or("", |a| a.time.as_str()),
                        x.text
                    )
                }
            };
            r.errors.push(format!(
                "{} [{} {} drift {}, {}, {}] {:?}\n  true source {} [{}, {}] {:?}\n  predicted   {}",
                t.id,
                t.family,
                t.op,
                t.drift,
                outlet_of[t.article.as_str()],
                truth
                    .articles
                    .iter()
                    .find(|a| a.id == t.article)
                    .map_or("", |a| a.time.as_str()),
                t.text,
                src_t.id,
                outlet_of[src_t.article.as_str()],
                truth
                    .articles
                    .iter()
                    .find(|a| a.id == src_t.article)
                    .map_or("", |a| a.time.as_str()),
                src_t.text,
                pred
            ));
        }
        r.copy_source.add(ok_occ);
        r.copy_source_article.add(ok_article);
        r.copy_source_outlet.add(ok_outlet);
        row.source.add(ok_occ);
        row.source_outlet.add(ok_outlet);
    }
    // Moderate drift: up to three words edited, no fragment.
    let mut moderate = DriftRow {
        level: "0-3".into(),
        ..DriftRow::default()
    };
    for row in &rows[..4] {
        moderate.copies += row.copies;
        for (a, b) in [
            (&mut moderate.linked, &row.linked),
            (&mut moderate.source, &row.source),
            (&mut moderate.source_outlet, &row.source_outlet),
        ] {
            a.ok += b.ok;
            a.n += b.n;
        }
    }
    rows.push(moderate);
    r.by_drift = rows;

    // The pattern table.
    let each = bcubed_each(&truth_fams, &labels);
    let family_pattern: HashMap<&str, Option<&str>> = truth
        .families
        .iter()
        .map(|f| (f.id.as_str(), f.pattern.as_deref()))
        .collect();
    let mut prows: Vec<(PatternRow, f64, f64)> = PATTERNS
        .iter()
        .map(|p| {
            (
                PatternRow {
                    pattern: p.to_string(),
                    ..PatternRow::default()
                },
                0.0,
                0.0,
            )
        })
        .collect();
    for (i, t) in truth.occurrences.iter().enumerate() {
        let first = first_of_family[t.family.as_str()];
        let reference = match &t.source {
            Some(s) => Some(truth_idx[s.as_str()]),
            None if first != i => Some(first),
            None => None,
        };
        let linked = reference.map(|x| match (matched[i], matched[x]) {
            (Some(a), Some(b)) => family_of(a) == family_of(b),
            _ => false,
        });
        for row in patterns_of(t, family_pattern[t.family.as_str()]) {
            let (row, p, rc) = &mut prows[row];
            row.occurrences += 1;
            row.found.add(matched[i].is_some());
            if let Some(ok) = linked {
                row.linked.add(ok);
            }
            *p += each[i].0;
            *rc += each[i].1;
        }
    }
    r.by_pattern = prows
        .into_iter()
        .map(|(mut row, p, rc)| {
            let n = row.occurrences.max(1) as f64;
            let (precision, recall) = if row.occurrences == 0 {
                (0.0, 0.0)
            } else {
                (p / n, rc / n)
            };
            row.bcubed = Bcubed {
                precision,
                recall,
                f1: f1(precision, recall),
            };
            row
        })
        .collect();

    // The misattribution flag against the planted misattributions.
    let flagged = |pf: usize| prov.families[pf].possible_misattribution;
    for f in &truth.families {
        let members: Vec<usize> = f.occurrences.iter().map(|o| truth_idx[o.as_str()]).collect();
        let planted = members
            .iter()
            .any(|&m| truth.occurrences[m].changes.iter().any(|c| c == "misattribution"));
        if !planted {
            continue;
        }
        let caught = members
            .iter()
            .filter(|&&m| truth.occurrences[m].misattributed)
            .any(|&m| matched[m].is_some_and(|seg| flagged(family_of(seg))));
        r.misattribution.recall.add(caught);
        if !caught && r.flag_errors.len() < show {
            let said = members
                .iter()
                .map(|&m| {
                    let o = &truth.occurrences[m];
                    let pf = matched[m].map_or("missed".to_string(), |seg| prov.families[family_of(seg)].id.clone());
                    format!(
                        "  {} [{}{}] {:?} credited to {}",
                        o.id,
                        pf,
                        if o.misattributed { ", misattributed" } else { "" },
                        o.text,
                        o.speaker
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            r.flag_errors
                .push(format!("missed: {} (said by {})\n{said}", f.id, f.speaker));
        }
    }
    let mut holds_misattributed = vec![false; prov.families.len()];
    for (i, t) in truth.occurrences.iter().enumerate() {
        if let (true, Some(seg)) = (t.misattributed, matched[i]) {
            holds_misattributed[family_of(seg)] = true;
        }
    }
    for (pf, fam) in prov.families.iter().enumerate() {
        if !fam.possible_misattribution {
            continue;
        }
        r.misattribution.precision.add(holds_misattributed[pf]);
        if !holds_misattributed[pf] && r.flag_errors.len() < show {
            let credits: Vec<String> = fam
                .misattribution
                .iter()
                .map(|c| format!("{} ({})", c.speaker, c.articles.join(", ")))
                .collect();
            r.flag_errors.push(format!(
                "false flag: {} {:?} credited to {}",
                fam.id,
                fam.canonical,
                credits.join("; ")
            ));
        }
    }

    // First appearance.
    let first_app: HashMap<usize, &[String]> = prov
        .families
        .iter()
        .enumerate()
        .map(|(i, f)| (i, f.first_appearance.as_slice()))
        .collect();
    for f in &truth.families {
        let members: Vec<usize> = f.occurrences.iter().map(|o| truth_idx[o.as_str()]).collect();
        let mut arts: Vec<&str> = members.iter().map(|&m| truth.occurrences[m].article.as_str()).collect();
        arts.sort_unstable();
        arts.dedup();
        let Some(first) = f.first_dated.as_deref() else {
            continue;
        };
        if arts.len() < 2 {
            continue;
        }
        let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
        for &m in &members {
            if let Some(seg) = matched[m] {
                *votes.entry(family_of(seg)).or_insert(0) += 1;
            }
        }
        let majority = votes
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(&pf, _)| pf);
        let first_id = matched[truth_idx[first]].and_then(|seg| id_of_seg.get(&seg).copied());
        let (ok, sole) = match (majority, first_id) {
            (Some(pf), Some(id)) => {
                let fa = first_app[&pf];
                let ok = fa.iter().any(|x| x == id);
                (ok, ok && fa.len() == 1)
            }
            _ => (false, false),
        };
        r.first_appearance.add(ok);
        r.first_appearance_sole.add(sole);
    }
    r
}

/// The report as text: headline figures, then the drift table.
pub fn text(r: &Report) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let pct = |x: &Ratio| format!("{:.3} ({}/{})", x.value(), x.ok, x.n);
    let _ = writeln!(
        s,
        "corpus: {} articles, {} true quote occurrences, found by the extractor {}",
        r.articles,
        r.occurrences,
        pct(&r.found)
    );
    let f = &r.families;
    let _ = writeln!(
        s,
        "families (pairwise): P {:.3}  R {:.3}  F1 {:.3}  (tp {} predicted {} gold {})",
        f.precision, f.recall, f.f1, f.tp, f.predicted, f.gold
    );
    let f = &r.families_bcubed;
    let _ = writeln!(
        s,
        "families (B-cubed): P {:.3}  R {:.3}  F1 {:.3}",
        f.precision, f.recall, f.f1
    );
    let f = &r.families_with_fragments;
    let _ = writeln!(
        s,
        "families, fragments inside their parent: P {:.3}  R {:.3}  F1 {:.3}  (tp {} predicted {} gold {})",
        f.precision, f.recall, f.f1, f.tp, f.predicted, f.gold
    );
    let f = &r.families_moderate;
    let _ = writeln!(
        s,
        "families at moderate drift (no fragment, <= 3 words edited): P {:.3}  R {:.3}  F1 {:.3}",
        f.precision, f.recall, f.f1
    );
    let _ = writeln!(
        s,
        "copy edges: source occurrence {}  source article {}  source outlet {}",
        pct(&r.copy_source),
        pct(&r.copy_source_article),
        pct(&r.copy_source_outlet)
    );
    let _ = writeln!(
        s,
        "  source occurrence or one in the same words {}",
        pct(&r.copy_source_equivalent)
    );
    let _ = writeln!(
        s,
        "  copies without an edge {}; copies not placeable (undated, or a tie with the source) {}; \
         wire copies given an edge {}",
        r.copy_no_edge,
        r.copy_unattainable,
        pct(&r.wire_with_edge)
    );
    let _ = writeln!(
        s,
        "first appearance: {}  (without a tie {})",
        pct(&r.first_appearance),
        pct(&r.first_appearance_sole)
    );
    let _ = writeln!(
        s,
        "\n| drift (words edited) | copies | linked | source occurrence | source outlet |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|");
    let cell = |x: &Ratio| {
        if x.n == 0 {
            "–".to_string()
        } else {
            format!("{:.3} ({}/{})", x.value(), x.ok, x.n)
        }
    };
    for row in &r.by_drift {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            row.level,
            row.copies,
            cell(&row.linked),
            cell(&row.source),
            cell(&row.source_outlet)
        );
    }
    let _ = writeln!(
        s,
        "\n| pattern | occurrences | found | linked | B-cubed P | B-cubed R | B-cubed F1 |"
    );
    let _ = writeln!(s, "|---|---|---|---|---|---|---|");
    for row in &r.by_pattern {
        if row.occurrences == 0 {
            continue;
        }
        let b = &row.bcubed;
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {:.3} | {:.3} | {:.3} |",
            row.pattern,
            row.occurrences,
            cell(&row.found),
            cell(&row.linked),
            b.precision,
            b.recall,
            b.f1
        );
    }
    let m = &r.misattribution;
    let _ = writeln!(
        s,
        "\nmisattribution flag: recall on planted misattributions {}  precision {}",
        cell(&m.recall),
        cell(&m.precision)
    );
    if !r.flag_errors.is_empty() {
        let _ = writeln!(s, "\nmisattribution flag errors:");
        for e in &r.flag_errors {
            let _ = writeln!(s, "{e}");
        }
    }
    if !r.errors.is_empty() {
        let _ = writeln!(s, "\nwrong copy edges:");
        for e in &r.errors {
            let _ = writeln!(s, "{e}");
        }
    }
    s
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

    #[test]
    fn levels_bucket_drift_and_put_fragments_and_wire_apart() {
        assert_eq!(LEVELS[level(0, false, false)], "0");
        assert_eq!(LEVELS[level(3, false, false)], "3");
        assert_eq!(LEVELS[level(5, false, false)], "4-5");
        assert_eq!(LEVELS[level(9, false, false)], "6+");
        assert_eq!(LEVELS[level(2, true, false)], "fragment");
        assert_eq!(LEVELS[level(0, false, true)], "wire");
    }

    #[test]
    fn a_simulated_corpus_scores_end_to_end() {
        use crate::article::{analyse, Language};
        use crate::corpus::Article;
        use crate::link::{link, LinkConfig};
        use crate::simulate::{simulate, Config, Pool, PoolQuote};
        let q = |s: &str, who: &str| PoolQuote {
            words: s.split(' ').map(str::to_string).collect(),
            speaker: who.to_string(),
        };
        let p = Pool {
            quotes: vec![
                q(
                    "We will not raise taxes on working families this year or next",
                    "Jane Doe",
                ),
                q(
                    "The team played with great spirit and deserved the win today",
                    "John Smith",
                ),
                q(
                    "Nobody expected the figures to be quite so bad for the industry",
                    "Mary Jones",
                ),
                q("Our harbour will reopen as soon as the water is safe again", "Ana Ruiz"),
            ],
            fillers: vec!["The council met on the third floor of the old town hall building.".into()],
            titles: vec!["News of the day".into()],
            vocab: vec!["harbour".into(), "really".into()],
        };
        let sim = simulate(
            &p,
            // The patterns of issue 13 have their own tests.
            &Config {
                articles: 12,
                outlets: 3,
                ..Config::default()
            }
            .without_patterns(),
        );
        let lang = Language::builtin("en").unwrap();
        let mut analysed: Vec<Analysed> = sim
            .articles
            .iter()
            .map(|a| {
                let art = Article {
                    id: a.id.clone(),
                    text: a.text.clone(),
                    outlet: Some(a.outlet.clone()),
                    published: a.published.clone(),
                    body_only: true,
                    ..Article::default()
                };
                analyse(&art, None, &lang)
            })
            .collect();
        analysed.sort_by(|a, b| a.id.cmp(&b.id));
        let cfg = LinkConfig::default();
        let linked = link(&analysed, &cfg);
        let wc = crate::provenance::drift::WordClasses::from_grammars(lang.grammars());
        let prov = crate::provenance::trace(&analysed, &linked, &cfg, &wc);
        let r = score(&sim.truth, &analysed, &prov, 5);
        assert_eq!(r.occurrences, sim.truth.occurrences.len());
        assert_eq!(r.found.n, r.occurrences);
        assert!(r.found.value() > 0.95, "{}", text(&r));
        // Four quotes for a dozen articles: the pool runs out and blends
        // halves of quotes, which the linker may rightly join.
        assert!(r.families.precision > 0.8, "{}", text(&r));
        assert_eq!(r.by_drift.len(), LEVELS.len() + 1);
        let copies: usize = r.by_drift[..LEVELS.len()].iter().map(|d| d.copies).sum();
        let truth_copies = sim
            .truth
            .occurrences
            .iter()
            .filter(|o| {
                o.source.is_some()
                    || (o.op == "wire"
                        && sim
                            .truth
                            .families
                            .iter()
                            .any(|f| f.id == o.family && f.first_appearance != o.id))
            })
            .count();
        assert_eq!(copies, truth_copies);
        assert!(text(&r).contains("| drift (words edited) |"));
    }

    #[test]
    fn issue13_pattern_rows_and_the_flag_are_scored_against_the_truth() {
        use crate::article::{analyse, Language};
        use crate::corpus::Article;
        use crate::link::{link, LinkConfig};
        use crate::simulate::{simulate, tests::person_pool, Config};
        let p = person_pool();
        let mut cfg = Config {
            articles: 40,
            outlets: 4,
            seed: 11,
            ..Config::default()
        };
        cfg.set_pattern("misattributed=0.3").unwrap();
        let sim = simulate(&p, &cfg);
        let lang = Language::builtin("en").unwrap();
        let mut analysed: Vec<Analysed> = sim
            .articles
            .iter()
            .map(|a| {
                let art = Article {
                    id: a.id.clone(),
                    text: a.text.clone(),
                    outlet: Some(a.outlet.clone()),
                    published: a.published.clone(),
                    body_only: true,
                    ..Article::default()
                };
                analyse(&art, None, &lang)
            })
            .collect();
        analysed.sort_by(|a, b| a.id.cmp(&b.id));
        let lc = LinkConfig::default();
        let linked = link(&analysed, &lc);
        let wc = crate::provenance::drift::WordClasses::from_grammars(lang.grammars());
        let prov = crate::provenance::trace(&analysed, &linked, &lc, &wc);
        let r = score(&sim.truth, &analysed, &prov, 0);
        let rows: Vec<&str> = r.by_pattern.iter().map(|row| row.pattern.as_str()).collect();
        assert_eq!(rows, PATTERNS);
        let pattern_of: HashMap<&str, Option<&str>> = sim
            .truth
            .families
            .iter()
            .map(|f| (f.id.as_str(), f.pattern.as_deref()))
            .collect();
        for row in &r.by_pattern {
            let expected = sim
                .truth
                .occurrences
                .iter()
                .filter(|o| {
                    patterns_of(o, pattern_of[o.family.as_str()])
                        .iter()
                        .any(|&i| PATTERNS[i] == row.pattern)
                })
                .count();
            assert_eq!(row.occurrences, expected, "{}", row.pattern);
            assert_eq!(row.found.n, expected);
        }
        // A use of a common phrase is its family's only occurrence: whatever
        // the linker does, it recalls all of its family.
        let common = r.by_pattern.iter().find(|row| row.pattern == "common").unwrap();
        assert!(common.occurrences > 0 && common.linked.n == 0 && common.bcubed.recall == 1.0);
        let planted = sim
            .truth
            .families
            .iter()
            .filter(|f| {
                f.occurrences.iter().any(|o| {
                    sim.truth
                        .occurrences
                        .iter()
                        .any(|t| t.id == *o && t.changes.iter().any(|c| c == "misattribution"))
                })
            })
            .count();
        assert!(planted > 0);
        assert_eq!(r.misattribution.recall.n, planted);
        let flags = prov.families.iter().filter(|f| f.possible_misattribution).count();
        assert_eq!(r.misattribution.precision.n, flags);
        assert!(text(&r).contains("| pattern | occurrences |"));
        assert!(text(&r).contains("misattribution flag: recall"));
    }

    #[test]
    fn issue13_an_occurrence_is_in_every_pattern_row_it_was_drawn_with() {
        let mut t: crate::simulate::TruthOccurrence = serde_json::from_value(serde_json::json!({
            "id": "a#0", "article": "a", "start": 0, "end": 1, "text": "x", "family": "T1",
            "op": "variant", "source": "b#0", "edits": 0, "drift": 0, "fragment": false,
            "changes": ["elision"], "speaker": "Jo Roe", "cites": null
        }))
        .unwrap();
        let names = |rows: Vec<usize>| rows.into_iter().map(|i| PATTERNS[i]).collect::<Vec<_>>();
        assert_eq!(names(patterns_of(&t, Some("interrupted"))), ["interrupted", "variant"]);
        t.misattributed = true;
        t.op = "verbatim".into();
        assert_eq!(names(patterns_of(&t, None)), ["misattributed"]);
        t.misattributed = false;
        assert_eq!(names(patterns_of(&t, None)), ["plain"]);
        t.op = "window".into();
        assert_eq!(names(patterns_of(&t, Some("window"))), ["window"]);
    }
}
