//! What a family's page draws of how its line drifted: each
//! wording's diff against the first ([`diff_html`]) and the timeline of
//! its occurrences ([`timeline`]).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{attr, esc};
use crate::provenance::drift::{Class, Op, Step};
use crate::provenance::FamilyReport;
use crate::serve::article_href;

/// Occurrences drawn on a family's timeline: a line in thousands of
/// articles is a smear of dots, and its page should stay small.
const MAX_DOTS: usize = 2000;

/// A diff as HTML: unchanged words as they are, each change a `<del>`
/// and/or `<ins>` coloured by the class the drift audit gave it.
pub fn diff_html(diff: &[Step], changes: &[crate::provenance::drift::Change]) -> String {
    let mut used = vec![false; changes.len()];
    let mut out = String::new();
    for step in diff {
        let fallback = match step.op {
            Op::Equal => {
                let _ = write!(out, "{} ", esc(&step.old));
                continue;
            }
            Op::Delete => Class::Deletion,
            Op::Insert => Class::Insertion,
            Op::Replace => Class::Substitution,
        };
        // The audit makes one change per changed step, with its words.
        let class = changes
            .iter()
            .enumerate()
            .find(|(i, c)| !used[*i] && c.class != Class::Speaker && c.old == step.old && c.new == step.new)
            .map(|(i, c)| {
                used[i] = true;
                c.class
            })
            .unwrap_or(fallback);
        let k = class.as_str();
        if !step.old.is_empty() {
            let _ = write!(
                out,
                "<del class=\"c-{k}\" title=\"{k}: removed\">{}</del> ",
                esc(&step.old)
            );
        }
        if !step.new.is_empty() {
            let _ = write!(
                out,
                "<ins class=\"c-{k}\" title=\"{k}: added\">{}</ins> ",
                esc(&step.new)
            );
        }
    }
    out.trim_end().to_string()
}

pub(super) const CLASSES: [Class; 8] = [
    Class::Speaker,
    Class::Negation,
    Class::Number,
    Class::Entity,
    Class::Substitution,
    Class::Deletion,
    Class::Insertion,
    Class::Truncation,
];

/// Lanes, one per outlet, with each dated occurrence placed by its
/// publication time: a dot for a time, a bar for a date without one (the
/// whole day it may have been published in, which is why such copies
/// tie); undated occurrences counted at the end of their lane.
pub(super) fn timeline(f: &FamilyReport) -> String {
    use crate::provenance::time;
    let stamps: Vec<Option<(i64, i64)>> = f
        .occurrences
        .iter()
        .map(|o| o.published.as_deref().and_then(time::parse).map(|s| (s.lo, s.hi)))
        .collect();
    let lo = stamps.iter().flatten().map(|s| s.0).min();
    let hi = stamps.iter().flatten().map(|s| s.1).max();
    let mut lanes: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, o) in f.occurrences.iter().enumerate() {
        lanes
            .entry(o.outlet.as_deref().unwrap_or(crate::provenance::outlets::UNKNOWN))
            .or_default()
            .push(i);
    }
    let label = |pick: &dyn Fn(&(i64, i64)) -> bool| {
        f.occurrences
            .iter()
            .zip(&stamps)
            .find(|(_, s)| s.as_ref().is_some_and(pick))
            .and_then(|(o, _)| o.published.clone())
            .unwrap_or_default()
    };
    let mut b = String::from("<div class=\"timeline\">");
    let (lo, span) = match (lo, hi) {
        (Some(lo), Some(hi)) => {
            let _ = write!(
                b,
                "<p class=\"muted\">from {} to {} ({})</p>",
                esc(&label(&|s| s.0 == lo)),
                esc(&label(&|s| s.1 == hi)),
                time::human_gap(hi - lo)
            );
            (lo, (hi - lo).max(1) as f64)
        }
        _ => (0, 1.0),
    };
    let mut drawn = 0;
    for (outlet, occ) in lanes {
        let _ = write!(
            b,
            "<div class=\"lane\"><span>{}</span><div class=\"track\">",
            esc(outlet)
        );
        let mut undated = 0;
        for &i in &occ {
            let o = &f.occurrences[i];
            let Some((from, to)) = stamps[i] else {
                undated += 1;
                continue;
            };
            drawn += 1;
            if drawn > MAX_DOTS {
                continue;
            }
            let left = (from - lo) as f64 * 100.0 / span;
            let width = (to - from) as f64 * 100.0 / span;
            let first = if f.first_appearance.contains(&o.id) {
                " first"
            } else {
                ""
            };
            let place = if width < 1.0 {
                format!("class=\"dot{first}\" style=\"left:{:.2}%\"", left + width / 2.0)
            } else {
                format!("class=\"bar{first}\" style=\"left:{left:.2}%;width:{width:.2}%\"")
            };
            let _ = write!(
                b,
                "<a {place} href=\"{}\" title=\"{}\"></a>",
                attr(&article_href(&o.article)),
                attr(&format!(
                    "{} · {} · {}",
                    o.article,
                    o.published.as_deref().unwrap_or(""),
                    o.variant
                ))
            );
        }
        b.push_str("</div>");
        if undated > 0 {
            let _ = write!(b, "<span class=\"undated\">{undated} undated</span>");
        } else {
            b.push_str("<span></span>");
        }
        b.push_str("</div>");
    }
    if drawn > MAX_DOTS {
        let _ = write!(
            b,
            "<p class=\"note\">the first {MAX_DOTS} of {drawn} dated occurrences drawn, in the lanes' order</p>"
        );
    }
    b.push_str("</div>");
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provenance::drift::Change;

    #[test]
    fn diffs_are_coloured_by_the_class_of_each_change() {
        let diff = [
            Step::of(Op::Equal, "we will", ""),
            Step::of(Op::Delete, "not", ""),
            Step::of(Op::Equal, "raise taxes by", ""),
            Step::of(Op::Replace, "5", "7"),
            Step::of(Op::Equal, "percent", ""),
            Step::of(Op::Insert, "", "<b>soon</b>"),
        ];
        let change = |class, old: &str, new: &str| Change {
            class,
            old: old.into(),
            new: new.into(),
            severity: 0.0,
        };
        let changes = [
            change(Class::Speaker, "A", "B"),
            change(Class::Negation, "not", ""),
            change(Class::Number, "5", "7"),
            change(Class::Insertion, "", "<b>soon</b>"),
        ];
        assert_eq!(
            diff_html(&diff, &changes),
            "we will <del class=\"c-negation\" title=\"negation: removed\">not</del> raise taxes by \
             <del class=\"c-number\" title=\"number: removed\">5</del> <ins class=\"c-number\" title=\"number: added\">7</ins> \
             percent <ins class=\"c-insertion\" title=\"insertion: added\">&lt;b&gt;soon&lt;/b&gt;</ins>"
        );
        // Without its change, a step takes its operation's class.
        assert!(diff_html(&diff[..2], &[]).contains("c-deletion"));
    }
}
