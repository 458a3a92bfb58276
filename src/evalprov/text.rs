//! The `eval-provenance` report as text: headline figures, then the
//! tables by drift level and by reuse pattern.

use super::{Ratio, Report};

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
