//! Scores linking and provenance against a simulated corpus's ground truth
//! ([`crate::simulate::Truth`]): family pairwise precision, recall and F1;
//! copy-edge accuracy (the right source occurrence, the right source
//! outlet); first-appearance accuracy; and all of it by drift level.
//!
//! Predictions are matched to truth by span: each true occurrence is the
//! predicted quote segment in its article that overlaps it most (an
//! occurrence the extractor missed is a miss everywhere). Pure:
//! `pipeline::eval_provenance` runs the pipeline, and `cli` prints the
//! report.

mod metrics;
mod report;
mod text;

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use crate::article::Analysed;
use crate::provenance::{time, Provenance};
use crate::simulate::Truth;
use metrics::{bcubed, bcubed_each, f1, pairwise};
pub use metrics::{Bcubed, Pairwise, Ratio};
pub use report::{DriftRow, Misattribution, PatternRow, Report};
pub use text::text;

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

#[cfg(test)]
mod tests;
