//! Reports for a person: the drift audit (text with colour on a terminal,
//! Markdown, JSON) and the origin of one line. The data comes from
//! `provenance`; this module only lays it out.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use crate::provenance::drift::{Audit, Change, Op, Step};
use crate::provenance::{FamilyReport, OccurrenceReport, Provenance};
use crate::render::shorten;

const DEL: Style = AnsiColor::Red.on_default().strikethrough();
const INS: Style = AnsiColor::Green.on_default().bold();
const HEAD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

/// A diff as one line: changed words marked `[-old-]{+new+}`, with at
/// most `context` unchanged words kept around each change.
pub fn inline_diff(diff: &[Step], context: usize, colour: bool) -> String {
    let paint = |s: &Style, text: &str| {
        if colour {
            format!("{}{text}{}", s.render(), s.render_reset())
        } else {
            text.to_string()
        }
    };
    let mut parts: Vec<String> = Vec::new();
    for (i, step) in diff.iter().enumerate() {
        match step.op {
            Op::Equal => {
                let words: Vec<&str> = step.old.split(' ').collect();
                let first = i == 0;
                let last = i + 1 == diff.len();
                if words.len() <= 2 * context || (first && words.len() <= context) || (last && words.len() <= context) {
                    parts.push(step.old.clone());
                } else {
                    let head = if first { Vec::new() } else { words[..context].to_vec() };
                    let tail = if last {
                        Vec::new()
                    } else {
                        words[words.len() - context..].to_vec()
                    };
                    let mut s = head.join(" ");
                    if !s.is_empty() {
                        s.push(' ');
                    }
                    s.push('…');
                    if !tail.is_empty() {
                        s.push(' ');
                        s.push_str(&tail.join(" "));
                    }
                    parts.push(s);
                }
            }
            Op::Delete => parts.push(paint(&DEL, &format!("[-{}-]", step.old))),
            Op::Insert => parts.push(paint(&INS, &format!("{{+{}+}}", step.new))),
            Op::Replace => parts.push(format!(
                "{}{}",
                paint(&DEL, &format!("[-{}-]", step.old)),
                paint(&INS, &format!("{{+{}+}}", step.new))
            )),
        }
    }
    parts.join(" ")
}

fn change_line(c: &Change) -> String {
    match (c.old.is_empty(), c.new.is_empty()) {
        (false, false) => format!("{}: {} → {}", c.class.as_str(), c.old, c.new),
        (false, true) => format!("{}: −{}", c.class.as_str(), c.old),
        (true, false) => format!("{}: +{}", c.class.as_str(), c.new),
        (true, true) => c.class.as_str().to_string(),
    }
}

fn where_(o: &OccurrenceReport) -> String {
    format!(
        "{} ({}, {})",
        o.article,
        o.outlet.as_deref().unwrap_or("unknown outlet"),
        o.published.as_deref().unwrap_or("undated")
    )
}

/// Families with more than one wording, the most severe drift first.
pub fn drifted(prov: &Provenance) -> Vec<&FamilyReport> {
    let mut out: Vec<&FamilyReport> = prov.families.iter().filter(|f| f.variants.len() > 1).collect();
    let top = |f: &FamilyReport| f.variants.iter().map(|v| v.audit.severity).fold(0.0, f64::max);
    out.sort_by(|a, b| top(b).total_cmp(&top(a)).then_with(|| a.id.cmp(&b.id)));
    out
}

/// The variants after the first, most severe first.
fn ranked(f: &FamilyReport) -> Vec<&crate::provenance::VariantReport> {
    let mut vs: Vec<_> = f.variants.iter().skip(1).collect();
    vs.sort_by(|a, b| {
        b.audit
            .severity
            .total_cmp(&a.audit.severity)
            .then_with(|| a.id.cmp(&b.id))
    });
    vs
}

fn first_line(f: &FamilyReport) -> String {
    let mut first: Vec<String> = f
        .first_appearance
        .iter()
        .filter_map(|id| f.occurrences.iter().find(|o| &o.id == id))
        .map(where_)
        .collect();
    first.dedup();
    match (first.is_empty(), f.tie) {
        (true, _) => "first appearance: unknown (every copy is undated)".to_string(),
        (false, true) => format!("first appearance: tie between {}", first.join(" and ")),
        (false, false) => format!("first appearance: {}", first[0]),
    }
}

/// The drift audit for a terminal; `colour` paints deletions and
/// insertions.
pub fn drift_text(out: &mut impl Write, prov: &Provenance, colour: bool) -> io::Result<()> {
    let head = |s: &str| {
        if colour {
            format!("{}{s}{}", HEAD.render(), HEAD.render_reset())
        } else {
            s.to_string()
        }
    };
    let dim = |s: &str| {
        if colour {
            format!("{}{s}{}", DIM.render(), DIM.render_reset())
        } else {
            s.to_string()
        }
    };
    let families = drifted(prov);
    if families.is_empty() {
        writeln!(out, "no drift: every family has one wording")?;
    }
    for f in families {
        writeln!(out, "{}", head(&format!("{}  “{}”", f.id, shorten(&f.canonical, 100))))?;
        writeln!(out, "  {}", dim(&first_line(f)))?;
        for v in ranked(f) {
            let occ: Vec<&OccurrenceReport> = f.occurrences.iter().filter(|o| o.variant == v.id).collect();
            let places: Vec<String> = occ.iter().map(|o| where_(o)).collect();
            writeln!(
                out,
                "  {}  severity {:.2}  {}",
                v.id,
                v.audit.severity,
                places.join("; ")
            )?;
            writeln!(out, "    {}", inline_diff(&v.audit.diff, 4, colour))?;
            for c in &v.audit.changes {
                writeln!(out, "    - {}", change_line(c))?;
            }
        }
        writeln!(out)?;
    }
    Ok(())
}

fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\' | '#') {
            out.push('\\');
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

fn md_diff(diff: &[Step]) -> String {
    diff.iter()
        .map(|s| match s.op {
            Op::Equal => md_escape(&s.old),
            Op::Delete => format!("~~{}~~", md_escape(&s.old)),
            Op::Insert => format!("**{}**", md_escape(&s.new)),
            Op::Replace => format!("~~{}~~ **{}**", md_escape(&s.old), md_escape(&s.new)),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The drift audit in Markdown.
pub fn drift_markdown(out: &mut impl Write, prov: &Provenance) -> io::Result<()> {
    writeln!(out, "# Drift audit\n")?;
    let families = drifted(prov);
    if families.is_empty() {
        writeln!(out, "No drift: every family has one wording.")?;
    }
    for f in families {
        writeln!(out, "## {}: “{}”\n", f.id, md_escape(&shorten(&f.canonical, 120)))?;
        writeln!(out, "{}\n", md_escape(&first_line(f)))?;
        writeln!(out, "| variant | where | severity | changes |")?;
        writeln!(out, "|---|---|---|---|")?;
        for v in ranked(f) {
            let places: Vec<String> = f
                .occurrences
                .iter()
                .filter(|o| o.variant == v.id)
                .map(|o| md_escape(&where_(o)))
                .collect();
            let changes: Vec<String> = v.audit.changes.iter().map(|c| md_escape(&change_line(c))).collect();
            writeln!(
                out,
                "| {} | {} | {:.2} | {} |",
                v.id,
                places.join("<br>"),
                v.audit.severity,
                changes.join("<br>")
            )?;
        }
        writeln!(out)?;
        for v in ranked(f) {
            writeln!(out, "- **{}**: {}", v.id, md_diff(&v.audit.diff))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct DriftVariant<'a> {
    id: &'a str,
    text: &'a str,
    occurrences: &'a [String],
    #[serde(flatten)]
    audit: &'a Audit,
}

#[derive(Serialize)]
struct DriftFamily<'a> {
    family: &'a str,
    canonical: &'a str,
    first_appearance: &'a [String],
    tie: bool,
    undated: &'a [String],
    variants: Vec<DriftVariant<'a>>,
}

/// The drift audit as JSON.
pub fn drift_json(out: &mut impl Write, prov: &Provenance) -> io::Result<()> {
    let fams: Vec<DriftFamily<'_>> = drifted(prov)
        .into_iter()
        .map(|f| DriftFamily {
            family: &f.id,
            canonical: &f.canonical,
            first_appearance: &f.first_appearance,
            tie: f.tie,
            undated: &f.undated,
            variants: ranked(f)
                .into_iter()
                .map(|v| DriftVariant {
                    id: &v.id,
                    text: &v.text,
                    occurrences: &v.occurrences,
                    audit: &v.audit,
                })
                .collect(),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &fams).map_err(io::Error::from)?;
    writeln!(out)
}

/// Where one family's line first appeared, then every later occurrence in
/// time order with its wording against the first.
pub fn origin_text(out: &mut impl Write, f: &FamilyReport, colour: bool) -> io::Result<()> {
    let speaker = |o: &OccurrenceReport| {
        o.speaker_canonical
            .clone()
            .or_else(|| o.speaker.clone())
            .unwrap_or_else(|| "no speaker".into())
    };
    writeln!(out, "{}  “{}”", f.id, shorten(&f.canonical, 160))?;
    writeln!(out, "{}", first_line(f))?;
    for id in &f.first_appearance {
        if let Some(o) = f.occurrences.iter().find(|o| &o.id == id) {
            writeln!(out, "  {}  speaker: {}", where_(o), speaker(o))?;
        }
    }
    let variant_diff = |o: &OccurrenceReport| -> String {
        match f.variants.iter().position(|v| v.id == o.variant) {
            Some(0) | None => "same wording".to_string(),
            Some(i) => inline_diff(&f.variants[i].audit.diff, 3, colour),
        }
    };
    let later: Vec<&OccurrenceReport> = f
        .occurrences
        .iter()
        .filter(|o| o.published.is_some() && !f.first_appearance.contains(&o.id))
        .collect();
    if !later.is_empty() {
        writeln!(out, "later:")?;
    }
    for o in later {
        let source = f.copy_edges.iter().find(|e| e.to == o.id);
        let via = source
            .map(|e| format!("  ← {} ({:.2})", e.from, e.confidence))
            .unwrap_or_default();
        writeln!(out, "  {}  speaker: {}{via}", where_(o), speaker(o))?;
        writeln!(out, "    {}", variant_diff(o))?;
    }
    if !f.undated.is_empty() {
        writeln!(out, "undated (may be earlier):")?;
    }
    for id in &f.undated {
        if let Some(o) = f.occurrences.iter().find(|o| &o.id == id) {
            writeln!(out, "  {}  speaker: {}", where_(o), speaker(o))?;
            writeln!(out, "    {}", variant_diff(o))?;
        }
    }
    for c in &f.citations {
        writeln!(out, "cited: {} names {} ({})", c.occurrence, c.source, c.cue)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_diff_marks_changes_and_trims_context() {
        let d = [
            Step::of(Op::Equal, "we have now withdrawn the", ""),
            Step::of(Op::Replace, "accreditation", "recognition"),
            Step::of(Op::Equal, "of eight members of the mission to the alliance", ""),
        ];
        assert_eq!(
            inline_diff(&d, 2, false),
            "… withdrawn the [-accreditation-]{+recognition+} of eight …"
        );
        let painted = inline_diff(&d, 2, true);
        assert!(painted.contains("\u{1b}["));
    }

    #[test]
    fn markdown_is_escaped() {
        assert_eq!(md_escape("a|b *c* <d>"), "a\\|b \\*c\\* \\<d\\>");
        assert_eq!(
            md_diff(&[Step::of(Op::Delete, "not", ""), Step::of(Op::Equal, "safe", "")]),
            "~~not~~ safe"
        );
    }
}
