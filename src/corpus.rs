//! Reads articles from files, folders and standard input: plain-text
//! scrapes and JSON/JSONL records, plus an optional manifest of metadata.
//! This is the I/O edge on the way in; everything it cannot read is
//! reported, never dropped.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
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

/// Reads every input: files, folders (walked in sorted order), or `-`,
/// and holds all of it. Use [`stream`] when the corpus may not fit.
pub fn load(inputs: &[PathBuf]) -> Loaded {
    let mut all = Loaded::default();
    stream(inputs, usize::MAX, &mut |batch| {
        all.articles.extend(batch.articles);
        all.problems.extend(batch.problems);
    });
    all
}

/// Reads every input in order and hands the articles to `sink` in
/// batches of about `batch_bytes` of text, with the problems met on the
/// way. JSONL is read a line at a time, so only one batch and one record
/// are ever held, whatever the size of the corpus or of its files.
pub fn stream(inputs: &[PathBuf], batch_bytes: usize, sink: &mut dyn FnMut(Loaded)) {
    let mut out = Batcher {
        batch: Loaded::default(),
        bytes: 0,
        limit: batch_bytes,
        sink,
    };
    for input in inputs {
        if input.as_os_str() == "-" {
            read_stream(Path::new("<stdin>"), std::io::stdin().lock(), None, &mut out);
            continue;
        }
        let meta = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(source) => {
                out.problem(io_problem(input, source));
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
                        out.problem(io_problem(&path, source));
                    }
                }
            }
        } else {
            // A file named on the command line is read whatever its name.
            read_file(input, kind_of(input), &mut out);
        }
    }
    out.flush();
}

/// Collects articles and problems, and passes them on when a batch is full.
struct Batcher<'a> {
    batch: Loaded,
    bytes: usize,
    limit: usize,
    sink: &'a mut dyn FnMut(Loaded),
}

impl Batcher<'_> {
    fn article(&mut self, a: Article) {
        self.bytes += a.text.len();
        self.batch.articles.push(a);
        if self.bytes >= self.limit {
            self.flush();
        }
    }

    fn problem(&mut self, p: Problem) {
        self.batch.problems.push(p);
    }

    fn flush(&mut self) {
        if !self.batch.articles.is_empty() || !self.batch.problems.is_empty() {
            (self.sink)(std::mem::take(&mut self.batch));
        }
        self.bytes = 0;
    }
}

fn io_problem(path: &Path, source: std::io::Error) -> Problem {
    Problem {
        error: Error::Io {
            path: path.to_path_buf(),
            source,
        },
        recovered: false,
    }
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

fn read_file(path: &Path, kind: Option<Kind>, out: &mut Batcher) {
    match std::fs::File::open(path) {
        Ok(f) => read_stream(path, BufReader::with_capacity(1 << 16, f), kind, out),
        Err(source) => out.problem(io_problem(path, source)),
    }
}

/// Reads one input. JSON Lines go a record at a time; a plain-text file
/// (one article) and a JSON array are read whole.
fn read_stream(path: &Path, mut reader: impl BufRead, kind: Option<Kind>, out: &mut Batcher) {
    // Without an extension to go by, the first byte that is not a BOM or
    // white space decides, as it does for a whole buffer.
    let kind = match kind {
        Some(k) => Some(k),
        None => match reader.fill_buf() {
            Ok(head) => {
                let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
                match head.iter().find(|b| !b.is_ascii_whitespace()) {
                    Some(b'{') | Some(b'[') => Some(Kind::Json),
                    Some(_) => Some(Kind::Text),
                    None => None,
                }
            }
            Err(source) => return out.problem(io_problem(path, source)),
        },
    };
    let whole = |mut reader: Box<dyn BufRead + '_>, out: &mut Batcher| {
        let mut bytes = Vec::new();
        match reader.read_to_end(&mut bytes) {
            Ok(_) => read_bytes(path, &bytes, kind, out),
            Err(source) => out.problem(io_problem(path, source)),
        }
    };
    if kind != Some(Kind::Json) {
        return whole(Box::new(reader), out);
    }
    let mut line = Vec::new();
    let mut n = 0;
    let mut offset = 0;
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => return,
            Ok(len) => {
                n += 1;
                let mut bytes = &line[..];
                if n == 1 {
                    bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
                        // A JSON array, not lines: read it whole.
                        let rest = std::io::Cursor::new(std::mem::take(&mut line)).chain(reader);
                        return whole(Box::new(rest), out);
                    }
                }
                let text = decode_at(path, bytes, n, offset, out);
                offset += len;
                if text.trim().is_empty() {
                    continue;
                }
                push_record(
                    path,
                    n,
                    serde_json::from_str::<Record>(&text).map_err(|e| e.to_string()),
                    out,
                );
            }
            Err(source) => {
                return out.problem(Problem {
                    error: Error::Io {
                        path: path.to_path_buf(),
                        source: std::io::Error::new(source.kind(), format!("line {}: {source}", n + 1)),
                    },
                    recovered: false,
                })
            }
        }
    }
}

/// Decodes one line of a file as UTF-8, lossily, reporting the first bad
/// byte by its offset in the file.
fn decode_at(path: &Path, bytes: &[u8], line: usize, offset: usize, out: &mut Batcher) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            out.problem(Problem {
                error: Error::Encoding {
                    path: path.to_path_buf(),
                    line,
                    message: format!(
                        "invalid UTF-8 at byte {}; decoded with replacement characters",
                        offset + e.valid_up_to()
                    ),
                },
                recovered: true,
            });
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

/// Decodes bytes as UTF-8, lossily, reporting the first bad byte.
fn decode(path: &Path, bytes: &[u8], out: &mut Batcher) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            decode_at(path, bytes, line, 0, out)
        }
    }
}

/// Reads articles from bytes as if from a file at `path` (its extension
/// decides plain text or JSON records, as [`load`] does). No I/O: the
/// fuzzer and tests drive the readers through it.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Loaded {
    let mut all = Loaded::default();
    let kind = match path.extension().and_then(|e| e.to_str()) {
        Some(e) if JSON_EXT.contains(&e) => Some(Kind::Json),
        Some(e) if TEXT_EXT.contains(&e) => Some(Kind::Text),
        _ => None,
    };
    let mut sink = |batch: Loaded| {
        all.articles.extend(batch.articles);
        all.problems.extend(batch.problems);
    };
    let mut out = Batcher {
        batch: Loaded::default(),
        bytes: 0,
        limit: usize::MAX,
        sink: &mut sink,
    };
    read_stream(path, bytes, kind, &mut out);
    out.flush();
    all
}

fn read_bytes(path: &Path, bytes: &[u8], kind: Option<Kind>, out: &mut Batcher) {
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
            out.article(Article {
                id,
                text,
                origin: path.display().to_string(),
                ..Article::default()
            });
        }
        Kind::Json => read_json(path, &text, out),
    }
}

fn read_json(path: &Path, text: &str, out: &mut Batcher) {
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') {
        match serde_json::from_str::<Vec<serde_json::Value>>(text) {
            Ok(values) => {
                for (i, v) in values.into_iter().enumerate() {
                    push_record(path, i + 1, serde_json::from_value(v).map_err(|e| e.to_string()), out);
                }
            }
            Err(e) => out.problem(Problem {
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

fn push_record(path: &Path, line: usize, rec: std::result::Result<Record, String>, out: &mut Batcher) {
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
        Err(e) => return out.problem(bad(e)),
    };
    let Some(text) = rec.text else {
        return out.problem(bad("record has no \"text\" string".into()));
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
    out.article(Article {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn articles_come_in_batches_of_about_the_asked_size() {
        let dir = tempfile::tempdir().unwrap();
        let lines: String = (0..10)
            .map(|i| format!("{{\"id\": \"a{i}\", \"text\": \"{}\"}}\n", "x".repeat(100)))
            .collect();
        let p = write(dir.path(), "many.jsonl", lines.as_bytes());
        let mut sizes = Vec::new();
        stream(&[p], 250, &mut |b| sizes.push(b.articles.len()));
        assert_eq!(sizes, vec![3, 3, 3, 1]);
    }

    #[test]
    fn a_bad_line_is_reported_by_line_and_byte_and_the_others_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = b"{\"id\": \"a\", \"text\": \"one\"}\n".to_vec();
        bytes.extend_from_slice(b"{\"id\": \"b\", \"text\": \"t\xFFwo\"}\n");
        bytes.extend_from_slice(b"not json\n{\"id\": \"c\", \"text\": \"three\"}\n");
        let p = write(dir.path(), "mixed.jsonl", &bytes);
        let loaded = load(&[p]);
        let ids: Vec<&str> = loaded.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        let messages: Vec<String> = loaded.problems.iter().map(|p| p.error.to_string()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].ends_with("mixed.jsonl:2: invalid UTF-8 at byte 49; decoded with replacement characters"),
            "{}",
            messages[0]
        );
        assert!(messages[1].contains("mixed.jsonl:3:"), "{}", messages[1]);
        assert!(loaded.problems[0].recovered && !loaded.problems[1].recovered);
    }

    #[test]
    fn without_an_extension_the_first_byte_decides() {
        let records = parse_bytes(
            Path::new("<stdin>"),
            b"\xEF\xBB\xBF {\"id\": \"r\", \"text\": \"body\"}\n",
        );
        assert_eq!(records.articles[0].id, "r");
        assert!(records.articles[0].body_only);
        let text = parse_bytes(Path::new("notes"), b"  A plain \"text\" article.\n");
        assert_eq!(text.articles[0].text, "  A plain \"text\" article.\n");
        assert!(!text.articles[0].body_only);
    }

    #[test]
    fn a_json_array_over_several_lines_is_read_whole() {
        let bytes = b"[\n {\"id\": \"x\", \"text\": \"one\"},\n {\"id\": \"y\", \"text\": \"two\"}\n]\n";
        let loaded = parse_bytes(Path::new("set.json"), bytes);
        let ids: Vec<&str> = loaded.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["x", "y"]);
        assert!(loaded.problems.is_empty());
    }
}
