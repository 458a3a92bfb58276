//! Output formats: JSON Lines and JSON for other tools, plain text for a
//! person at a terminal, the DOT graph ([`dot`]) and the reports
//! ([`report`]); and files written so that a run killed halfway never
//! leaves a half-written file that looks complete. This is the I/O edge on
//! the way out.

pub mod dot;
pub mod report;

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::article::Analysed;
use crate::extract::{Diagnostic, Quote};
use crate::provenance::{FamilyReport, Provenance};

/// How `extract` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Jsonl,
    Json,
}

/// Writes one article in JSON Lines, straight into `out`: serde writes a
/// record as many small fragments, so `out` should buffer (a `BufWriter`
/// takes each in line; a line serialized into a buffer of its own first
/// was copied twice).
pub fn jsonl(out: &mut impl Write, a: &Analysed) -> io::Result<()> {
    serde_json::to_writer(&mut *out, a)?;
    out.write_all(b"\n")
}

/// An article as `ingest` writes it: the JSONL record every command reads,
/// with where each field came from.
#[derive(Serialize)]
struct IngestedRecord<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outlet: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    text: &'a str,
    #[serde(skip_serializing_if = "crate::ingest::Fields::is_empty")]
    fields: crate::ingest::Fields,
}

/// Writes one input article as a JSON line.
pub fn article_jsonl(out: &mut impl Write, a: &crate::corpus::Article) -> io::Result<()> {
    let r = IngestedRecord {
        id: &a.id,
        url: a.url.as_deref(),
        outlet: a.outlet.as_deref(),
        published: a.published.as_deref(),
        title: a.title.as_deref(),
        author: a.author.as_deref(),
        language: a.language.as_deref(),
        text: &a.text,
        fields: a.fields,
    };
    serde_json::to_writer(&mut *out, &r)?;
    out.write_all(b"\n")
}

/// A WARC archive's summary, on one line.
pub fn archive_summary(a: &crate::corpus::ArchiveSummary) -> String {
    let mut s = format!(
        "{}: {} records, {} responses ({} body bytes), {} pages",
        a.path.display(),
        a.records,
        a.responses,
        a.body_bytes,
        a.pages
    );
    if !a.skipped.is_empty() {
        let parts: Vec<String> = a.skipped.iter().map(|(why, n)| format!("{n} {why}")).collect();
        s.push_str("; skipped: ");
        s.push_str(&parts.join(", "));
    }
    s
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
        // An interrupted quote shows its pieces, not the attribution
        // between them.
        let said: Vec<&str> = (0..crate::link::segment_count(q))
            .map(|s| crate::link::segment_text(q, s).trim())
            .collect();
        let mut line = format!("  [{kind:9}] {who}: “{}”", shorten(&said.join(" … "), 160));
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

/// Writes `bytes` to `path` through a temporary file in the same folder,
/// renamed into place once complete.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Streams `fill`'s output to `path` through a buffered temporary file in
/// the same folder, renamed into place once complete, so that large
/// outputs are never held whole in memory and a run killed halfway never
/// leaves a half-written file under the final name.
///
/// A path that already names something other than a file or a folder (`-o
/// /dev/null`, `/dev/stdout`, a named pipe) is written in place: renaming
/// over it would replace the device with a regular file, and a `/dev/null`
/// that keeps what is written to it breaks every later program that reads
/// it (CI's stop 29 failed on one).
pub fn write_atomic_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut w = io::BufWriter::new(std::fs::OpenOptions::new().write(true).open(path)?);
        fill(&mut w)?;
        return w.flush();
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new().prefix(".quotegraph-").tempfile_in(dir)?;
    let mut w = io::BufWriter::with_capacity(1 << 20, tmp);
    fill(&mut w)?;
    let tmp = w.into_inner().map_err(io::IntoInnerError::into_error)?;
    // Temporary files are private; outputs get the usual permissions.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[derive(Serialize)]
#[serde(untagged)]
enum FamilyQuote<'a> {
    Quote {
        #[serde(flatten)]
        quote: &'a Quote,
        /// The family of the quote's longest segment ...
        family: &'a str,
        /// ... and of each segment.
        families: Vec<&'a str>,
    },
    /// A piece of quote `in`, after the article's quotes: a quote nested
    /// in it (kind `nested`), then, for a quote interrupted by its
    /// attribution ("A," she said. "B."), each of its segments (kind
    /// `segment`): outlets copy such segments one at a time, so each is
    /// listed as a line of its own, with its family.
    Piece {
        text: &'a str,
        start: usize,
        end: usize,
        segments: [[usize; 2]; 1],
        kind: &'static str,
        #[serde(rename = "in")]
        inside: usize,
        family: &'a str,
        families: [&'a str; 1],
    },
}

#[derive(Serialize)]
struct FamilyArticle<'a> {
    id: &'a str,
    title: &'a Option<String>,
    outlet: &'a Option<String>,
    published: &'a Option<String>,
    author: &'a Option<String>,
    url: &'a Option<String>,
    language: &'a str,
    quotes: Vec<FamilyQuote<'a>>,
    diagnostics: &'a [Diagnostic],
}

/// `quotes.jsonl`: one line per article, as `extract` prints it, with each
/// quote's family id (`family`: its longest segment's, the one that holds
/// most of its words) and each of its segments' (`families`); then each
/// quote nested in one of them (‘…’ inside “…”), kind `nested`, `in` the
/// index of the quote that holds it, with its own family: the line its
/// speaker quotes; then each segment of a quote in several segments (a
/// quote interrupted by its attribution), kind `segment`, `in` its quote,
/// with the segment's family, so that a line copied without its other
/// segment is found as that line by its span too.
pub fn quotes_jsonl(out: &mut dyn Write, articles: &[Analysed], prov: &Provenance) -> io::Result<()> {
    // Lines are made in parallel a slice of articles at a time and
    // written in order: made on one thread, they left the others idle
    // for seconds at the end of a large build.
    use rayon::prelude::*;
    const SLICE: usize = 256;
    const GROUP: usize = SLICE * 64;
    for (g, group) in articles.chunks(GROUP).enumerate() {
        let texts: Vec<io::Result<Vec<u8>>> = group
            .par_chunks(SLICE)
            .enumerate()
            .map(|(k, slice)| {
                let mut text = Vec::new();
                for (j, a) in slice.iter().enumerate() {
                    quote_line(&mut text, g * GROUP + k * SLICE + j, a, prov)?;
                }
                Ok(text)
            })
            .collect();
        for text in texts {
            out.write_all(&text?)?;
        }
    }
    Ok(())
}

/// The line of article `i` of `quotes.jsonl` ([`quotes_jsonl`]).
fn quote_line(out: &mut Vec<u8>, i: usize, a: &Analysed, prov: &Provenance) -> io::Result<()> {
    let name = |f: usize| prov.families[f].id.as_str();
    let mut quotes: Vec<FamilyQuote> = a
        .quotes
        .iter()
        .enumerate()
        .map(|(q, quote)| {
            let n = crate::link::segment_count(quote);
            let families: Vec<&str> = prov.family_of[i][q][..n].iter().map(|&f| name(f)).collect();
            // The first of the longest segments.
            let longest = quote
                .segments
                .iter()
                .enumerate()
                .max_by(|(x, [xs, xe]), (y, [ys, ye])| (xe - xs).cmp(&(ye - ys)).then(y.cmp(x)))
                .map_or(0, |(s, _)| s);
            FamilyQuote::Quote {
                quote,
                family: families.get(longest).copied().unwrap_or(families[0]),
                families,
            }
        })
        .collect();
    for (q, quote) in a.quotes.iter().enumerate() {
        let n = crate::link::segment_count(quote);
        for (k, [s, e]) in crate::link::nested_spans(quote, &a.language).into_iter().enumerate() {
            let Some(&f) = prov.family_of[i][q].get(n + k) else {
                continue;
            };
            quotes.push(FamilyQuote::Piece {
                text: &quote.text[s - quote.start..e - quote.start],
                start: s,
                end: e,
                segments: [[s, e]],
                kind: "nested",
                inside: q,
                family: name(f),
                families: [name(f)],
            });
        }
    }
    for (q, quote) in a.quotes.iter().enumerate() {
        if quote.segments.len() < 2 {
            continue;
        }
        for (k, &[s, e]) in quote.segments.iter().enumerate() {
            let text = (|| quote.text.get(s.checked_sub(quote.start)?..e.checked_sub(quote.start)?))();
            let (Some(&f), Some(text)) = (prov.family_of[i][q].get(k), text) else {
                continue;
            };
            quotes.push(FamilyQuote::Piece {
                text,
                start: s,
                end: e,
                segments: [[s, e]],
                kind: "segment",
                inside: q,
                family: name(f),
                families: [name(f)],
            });
        }
    }
    let line = FamilyArticle {
        id: &a.id,
        title: &a.title,
        outlet: &a.outlet,
        published: &a.published,
        author: &a.author,
        url: &a.url,
        language: &a.language,
        quotes,
        diagnostics: &a.diagnostics,
    };
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
}

/// Writes `families.json` a family at a time, byte for byte as
/// `serde_json::to_writer_pretty` writes a whole [`Provenance`] followed
/// by a newline: [`begin`](FamiliesJson::begin), each family in order,
/// then [`finish`](FamiliesJson::finish) with the rest.
pub struct FamiliesJson<'w> {
    w: &'w mut dyn Write,
    empty: bool,
    /// One family's JSON, made before it is written (kept between
    /// families so that it is allocated once).
    buf: Vec<u8>,
}

impl<'w> FamiliesJson<'w> {
    pub fn begin(w: &'w mut dyn Write) -> io::Result<Self> {
        w.write_all(b"{\n  \"families\": [")?;
        Ok(FamiliesJson {
            w,
            empty: true,
            buf: Vec::new(),
        })
    }

    pub fn family(&mut self, fam: &FamilyReport) -> io::Result<()> {
        self.w.write_all(if self.empty { b"\n    " } else { b",\n    " })?;
        self.empty = false;
        self.buf.clear();
        indented(&mut self.buf, fam, 2)?;
        self.w.write_all(&self.buf)
    }

    /// Closes the file with everything of `prov` but its families.
    pub fn finish(self, prov: &Provenance) -> io::Result<()> {
        self.w.write_all(if self.empty { b"]" } else { b"\n  ]" })?;
        self.w.write_all(b",\n  \"speakers\": ")?;
        indented(self.w, &prov.speakers, 1)?;
        self.w.write_all(b",\n  \"sources\": ")?;
        indented(self.w, &prov.sources, 1)?;
        self.w.write_all(b",\n  \"thresholds\": ")?;
        indented(self.w, &prov.thresholds, 1)?;
        self.w.write_all(b"\n}\n")
    }
}

/// Pretty JSON of `value` as `serde_json::to_writer_pretty` writes it
/// `depth` levels deep in a larger value: every line after the first
/// indented by `depth` more levels. The formatter is taken that deep by
/// opening arrays it writes nowhere, which saves making the text and
/// indenting it a line at a time after.
fn indented<W: Write + ?Sized>(w: &mut W, value: &impl Serialize, depth: usize) -> io::Result<()> {
    use serde_json::ser::Formatter;
    let mut formatter = serde_json::ser::PrettyFormatter::new();
    for _ in 0..depth {
        formatter.begin_array(&mut io::sink())?;
    }
    value
        .serialize(&mut serde_json::Serializer::with_formatter(w, formatter))
        .map_err(io::Error::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (CI stop 29): `-o /dev/null` renamed a regular file over
    /// the null device. A named pipe stands in for the device here.
    #[cfg(unix)]
    #[test]
    fn output_to_a_pipe_is_written_through_it_not_renamed_over_it() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status().unwrap();
        assert!(made.success());
        let reader = {
            let pipe = pipe.clone();
            std::thread::spawn(move || std::fs::read(pipe).unwrap())
        };
        write_atomic(&pipe, b"threshold\t0.5\n").unwrap();
        assert_eq!(reader.join().unwrap(), b"threshold\t0.5\n");
        assert!(std::fs::symlink_metadata(&pipe).unwrap().file_type().is_fifo());
    }

    #[test]
    fn a_file_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, b"an older and longer text").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
    }
}
