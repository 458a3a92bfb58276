//! Reads articles from files, folders and standard input: plain-text
//! scrapes and JSON/JSONL records, plus an optional manifest of metadata.
//! This is the I/O edge on the way in; everything it cannot read is
//! reported, never dropped.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// One article and where it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    pub id: String,
    pub text: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// File, and line for JSONL, the article was read from.
    pub origin: String,
    /// The text is the body alone (a JSON record, whose fields carry the
    /// title): its first paragraph is not taken for the title.
    pub body_only: bool,
}

/// A problem with an input that did not stop the others from being read.
#[derive(Debug)]
pub struct Problem {
    pub error: Error,
    /// The article could still be read (for example, lossily decoded).
    pub recovered: bool,
}

/// Everything read from the inputs.
#[derive(Debug, Default)]
pub struct Loaded {
    pub articles: Vec<Article>,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Deserialize)]
struct Record {
    id: Option<serde_json::Value>,
    text: Option<String>,
    title: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    url: Option<String>,
    author: Option<serde_json::Value>,
}

/// Extensions read as plain text, and as JSON records.
const TEXT_EXT: &[&str] = &["txt", "text"];
const JSON_EXT: &[&str] = &["jsonl", "json", "ndjson"];

/// Reads every input: files, folders (walked in sorted order), or `-`.
pub fn load(inputs: &[PathBuf]) -> Loaded {
    let mut out = Loaded::default();
    for input in inputs {
        if input.as_os_str() == "-" {
            let mut buf = Vec::new();
            match std::io::stdin().read_to_end(&mut buf) {
                Ok(_) => read_bytes(Path::new("<stdin>"), &buf, None, &mut out),
                Err(source) => out.problems.push(Problem {
                    error: Error::Io {
                        path: "<stdin>".into(),
                        source,
                    },
                    recovered: false,
                }),
            }
            continue;
        }
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(source) => {
                out.problems.push(Problem {
                    error: Error::Io {
                        path: input.clone(),
                        source,
                    },
                    recovered: false,
                });
                continue;
            }
        };
        if meta.is_dir() {
            let walker = walkdir::WalkDir::new(input).follow_links(true).sort_by_file_name();
            for entry in walker {
                match entry {
                    Ok(e) if e.file_type().is_file() => {
                        let kind = kind_of(e.path());
                        if kind.is_some() {
                            read_file(e.path(), kind, &mut out);
                        }
                    }
                    Ok(_) => {}
                    Err(err) => {
                        let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| input.clone());
                        let source = err
                            .into_io_error()
                            .unwrap_or_else(|| std::io::Error::other("filesystem loop"));
                        out.problems.push(Problem {
                            error: Error::Io { path, source },
                            recovered: false,
                        });
                    }
                }
            }
        } else {
            // A file named on the command line is read whatever its name.
            read_file(input, kind_of(input), &mut out);
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Json,
}

fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if TEXT_EXT.contains(&ext.as_str()) {
        Some(Kind::Text)
    } else if JSON_EXT.contains(&ext.as_str()) {
        Some(Kind::Json)
    } else {
        None
    }
}

fn read_file(path: &Path, kind: Option<Kind>, out: &mut Loaded) {
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(path, &bytes, kind, out),
        Err(source) => out.problems.push(Problem {
            error: Error::Io {
                path: path.to_path_buf(),
                source,
            },
            recovered: false,
        }),
    }
}

/// Decodes bytes as UTF-8, lossily, reporting the first bad byte.
fn decode(path: &Path, bytes: &[u8], out: &mut Loaded) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            out.problems.push(Problem {
                error: Error::Encoding {
                    path: path.to_path_buf(),
                    line,
                    message: format!(
                        "invalid UTF-8 at byte {}; decoded with replacement characters",
                        e.valid_up_to()
                    ),
                },
                recovered: true,
            });
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

/// Reads articles from bytes as if from a file at `path` (its extension
/// decides plain text or JSON records, as [`load`] does). No I/O: the
/// fuzzer and tests drive the readers through it.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Loaded {
    let mut out = Loaded::default();
    let kind = match path.extension().and_then(|e| e.to_str()) {
        Some(e) if JSON_EXT.contains(&e) => Some(Kind::Json),
        Some(e) if TEXT_EXT.contains(&e) => Some(Kind::Text),
        _ => None,
    };
    read_bytes(path, bytes, kind, &mut out);
    out
}

fn read_bytes(path: &Path, bytes: &[u8], kind: Option<Kind>, out: &mut Loaded) {
    let text = decode(path, bytes, out);
    let kind = kind.unwrap_or_else(|| {
        if text.trim_start().starts_with('{') || text.trim_start().starts_with('[') {
            Kind::Json
        } else {
            Kind::Text
        }
    });
    match kind {
        Kind::Text => {
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "stdin".into());
            out.articles.push(Article {
                id,
                text,
                origin: path.display().to_string(),
                ..Article::default()
            });
        }
        Kind::Json => read_json(path, &text, out),
    }
}

fn read_json(path: &Path, text: &str, out: &mut Loaded) {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        match serde_json::from_str::<Vec<serde_json::Value>>(text) {
            Ok(values) => {
                for (i, v) in values.into_iter().enumerate() {
                    push_record(path, i + 1, serde_json::from_value(v).map_err(|e| e.to_string()), out);
                }
            }
            Err(e) => out.problems.push(Problem {
                error: Error::Json {
                    path: path.to_path_buf(),
                    line: e.line(),
                    message: e.to_string(),
                },
                recovered: false,
            }),
        }
        return;
    }
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        push_record(
            path,
            n + 1,
            serde_json::from_str::<Record>(line).map_err(|e| e.to_string()),
            out,
        );
    }
}

fn push_record(path: &Path, line: usize, rec: std::result::Result<Record, String>, out: &mut Loaded) {
    let bad = |message: String| Problem {
        error: Error::Json {
            path: path.to_path_buf(),
            line,
            message,
        },
        recovered: false,
    };
    let rec = match rec {
        Ok(r) => r,
        Err(e) => return out.problems.push(bad(e)),
    };
    let Some(text) = rec.text else {
        return out.problems.push(bad("record has no \"text\" string".into()));
    };
    let id = match rec.id {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!(
            "{}:{line}",
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
    };
    let author = match rec.author {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Array(a)) => {
            let names: Vec<String> = a.into_iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    };
    out.articles.push(Article {
        id,
        text,
        title: rec.title,
        outlet: rec.outlet,
        published: rec.published,
        author,
        url: rec.url,
        origin: format!("{}:{line}", path.display()),
        body_only: true,
    });
}

/// Metadata for articles by id, from a `--manifest`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct ManifestRow {
    pub id: String,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// Reads a manifest: CSV with a header naming `id` and any of `outlet`,
/// `published`, `url`; or JSONL with those keys.
pub fn read_manifest(path: &Path) -> Result<HashMap<String, ManifestRow>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut rows = HashMap::new();
    let bad = |line: usize, message: String| Error::Manifest {
        path: path.to_path_buf(),
        line,
        message,
    };
    if text.trim_start().starts_with('{') {
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let row: ManifestRow = serde_json::from_str(line).map_err(|e| bad(n + 1, e.to_string()))?;
            rows.insert(row.id.clone(), row);
        }
        return Ok(rows);
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    if !headers.iter().any(|h| h == "id") {
        return Err(bad(1, "the header has no `id` column".into()));
    }
    for rec in reader.records() {
        let rec = rec.map_err(|e| bad(e.position().map_or(0, |p| p.line() as usize), e.to_string()))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let row: ManifestRow = rec.deserialize(Some(&headers)).map_err(|e| bad(line, e.to_string()))?;
        let empty = |v: Option<String>| v.filter(|s| !s.is_empty());
        let row = ManifestRow {
            outlet: empty(row.outlet),
            published: empty(row.published),
            url: empty(row.url),
            ..row
        };
        rows.insert(row.id.clone(), row);
    }
    Ok(rows)
}
