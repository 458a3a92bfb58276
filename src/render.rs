//! Output formats: JSON Lines and JSON for other tools, and plain text for
//! a person at a terminal. This is the I/O edge on the way out.

use std::io::{self, Write};

use crate::article::Analysed;

/// How `extract` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Jsonl,
    Json,
}

/// Writes one article in JSON Lines.
pub fn jsonl(out: &mut impl Write, a: &Analysed) -> io::Result<()> {
    serde_json::to_writer(&mut *out, a)?;
    out.write_all(b"\n")
}

/// Writes one article for a person to read.
pub fn text(out: &mut impl Write, a: &Analysed) -> io::Result<()> {
    let meta: Vec<String> = [a.outlet.as_deref(), a.published.as_deref(), a.author.as_deref()]
        .into_iter()
        .flatten()
        .map(str::to_string)
        .collect();
    writeln!(out, "== {}  {}", a.id, a.title.as_deref().unwrap_or("(untitled)"))?;
    if !meta.is_empty() {
        writeln!(out, "   {}", meta.join(" · "))?;
    }
    for q in &a.quotes {
        let kind = q.kind.as_str();
        let who = match (&q.speaker, &q.speaker_canonical) {
            (Some(s), Some(c)) if s != c => format!("{s} → {c}"),
            (Some(s), _) => s.clone(),
            (None, _) => "—".into(),
        };
        let mut line = format!("  [{kind:9}] {who}: “{}”", shorten(&q.text, 160));
        if let Some(c) = &q.conduit {
            line.push_str(&format!(" (via {c})"));
        }
        writeln!(out, "{line}")?;
    }
    for d in &a.diagnostics {
        writeln!(out, "  warning: {}:{}: {}", a.id, d.start, d.message)?;
    }
    Ok(())
}

/// Cuts `s` to at most `max` characters, on a word boundary when it can.
pub fn shorten(s: &str, max: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{cut}…")
}
