//! Reads articles from files, folders and standard input: plain-text
//! scrapes, JSON/JSONL records, web pages (`.html`, `.htm`, gzipped or
//! not) and WARC archives, plus an optional manifest of metadata, and
//! the gold annotation files `eval` and the trainers read. This is the I/O edge on the way in; everything it cannot read is
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
    /// ISO 639 code, when the input or the page declares one.
    pub language: Option<String>,
    /// Where each field came from, for articles read from web pages.
    pub fields: crate::ingest::Fields,
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
    /// One summary for each WARC archive read to its end or its damage.
    pub archives: Vec<ArchiveSummary>,
}

/// What a WARC archive held and what became of each record.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ArchiveSummary {
    pub path: PathBuf,
    pub records: usize,
    pub responses: usize,
    /// Bytes of response payload (after the transfer coding is undone).
    pub body_bytes: u64,
    /// Pages read into articles (some may be reported as holding none).
    pub pages: usize,
    /// Records passed over, by reason (`request`, `image/png`, `status 404`…).
    pub skipped: std::collections::BTreeMap<String, usize>,
}

/// How inputs are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// How hard the web-page reader looks for the main text.
    pub extraction: crate::ingest::Extraction,
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
    language: Option<String>,
}

/// Extensions read as plain text, and as JSON records.
const TEXT_EXT: &[&str] = &["txt", "text"];
const JSON_EXT: &[&str] = &["jsonl", "json", "ndjson"];

/// Reads every input: files, folders (walked in sorted order), or `-`,
/// and holds all of it. Use [`stream`] when the corpus may not fit.
pub fn load(inputs: &[PathBuf]) -> Loaded {
    let mut all = Loaded::default();
    stream(inputs, usize::MAX, &mut |batch| all.absorb(batch));
    all
}

impl Loaded {
    fn absorb(&mut self, batch: Loaded) {
        self.articles.extend(batch.articles);
        self.problems.extend(batch.problems);
        self.archives.extend(batch.archives);
    }
}

/// Reads every input in order and hands the articles to `sink` in
/// batches of about `batch_bytes` of text, with the problems met on the
/// way. JSONL is read a line at a time, so only one batch and one record
/// are ever held, whatever the size of the corpus or of its files.
pub fn stream(inputs: &[PathBuf], batch_bytes: usize, sink: &mut dyn FnMut(Loaded)) {
    stream_with(inputs, batch_bytes, ReadOptions::default(), sink)
}

/// [`stream`], read as `opts` say.
pub fn stream_with(inputs: &[PathBuf], batch_bytes: usize, opts: ReadOptions, sink: &mut dyn FnMut(Loaded)) {
    let mut out = Batcher {
        batch: Loaded::default(),
        bytes: 0,
        limit: batch_bytes,
        opts,
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
    opts: ReadOptions,
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
        if !self.batch.articles.is_empty() || !self.batch.problems.is_empty() || !self.batch.archives.is_empty() {
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
    Html,
    Warc,
}

/// Extensions read as web pages and as WARC archives (either may also
/// end in `.gz`).
const HTML_EXT: &[&str] = &["html", "htm", "xhtml"];
const WARC_EXT: &[&str] = &["warc"];

fn kind_of(path: &Path) -> Option<Kind> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.')?.1;
    if TEXT_EXT.contains(&ext) {
        Some(Kind::Text)
    } else if JSON_EXT.contains(&ext) {
        Some(Kind::Json)
    } else if HTML_EXT.contains(&ext) {
        Some(Kind::Html)
    } else if WARC_EXT.contains(&ext) {
        Some(Kind::Warc)
    } else {
        None
    }
}

/// Tells the kind of an input from its first bytes.
fn sniff(head: &[u8]) -> Option<Kind> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let at = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[at..];
    Some(match head[0] {
        b'{' | b'[' => Kind::Json,
        _ if head.starts_with(b"WARC/") => Kind::Warc,
        b'<' => Kind::Html,
        _ => Kind::Text,
    })
}

const GZIP_MAGIC: &[u8] = &[0x1f, 0x8b];

fn read_file(path: &Path, kind: Option<Kind>, out: &mut Batcher) {
    match std::fs::File::open(path) {
        Ok(f) => read_stream(path, BufReader::with_capacity(1 << 16, f), kind, out),
        Err(source) => out.problem(io_problem(path, source)),
    }
}

/// Reads one input. JSON Lines go a record at a time; a plain-text file
/// (one article) and a JSON array are read whole.
fn read_stream(path: &Path, mut reader: impl BufRead, kind: Option<Kind>, out: &mut Batcher) {
    let (gzipped, sniffed) = match reader.fill_buf() {
        Ok(head) => (head.starts_with(GZIP_MAGIC), sniff(head)),
        Err(source) => return out.problem(io_problem(path, source)),
    };
    // A gzipped page or JSONL is read through the decoder; a WARC reader
    // keeps the gzip members itself, for their offsets.
    if gzipped && kind != Some(Kind::Warc) {
        let inner: Box<dyn BufRead + '_> = Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(reader),
        ));
        return read_stream(path, inner, kind, out);
    }
    // Without an extension to go by, the first bytes decide.
    let kind = kind.or(sniffed);
    match kind {
        Some(Kind::Warc) => return read_warc(path, reader, out),
        Some(Kind::Html) => {
            let mut bytes = Vec::new();
            return match reader.read_to_end(&mut bytes) {
                Ok(_) => read_html(path, &bytes, out),
                Err(source) => out.problem(io_problem(path, source)),
            };
        }
        _ => {}
    }
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
        match read_line(&mut reader, &mut line) {
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
                // Most lines are valid UTF-8: parsed where they lie, uncopied.
                let text = match std::str::from_utf8(bytes) {
                    Ok(s) => std::borrow::Cow::Borrowed(s),
                    Err(_) => std::borrow::Cow::Owned(decode_at(path, bytes, n, offset, out)),
                };
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

/// `BufRead::read_until(b'\n')`, with the newline found by `memchr`'s
/// vector search: std's scan, a byte at a time, was a hundredth of
/// `extract` on a JSONL file, whose lines are whole articles.
fn read_line(reader: &mut impl BufRead, line: &mut Vec<u8>) -> std::io::Result<usize> {
    let mut read = 0;
    loop {
        let (done, used) = {
            let buf = match reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            match memchr::memchr(b'\n', buf) {
                Some(i) => {
                    line.extend_from_slice(&buf[..=i]);
                    (true, i + 1)
                }
                None => {
                    line.extend_from_slice(buf);
                    (buf.is_empty(), buf.len())
                }
            }
        };
        reader.consume(used);
        read += used;
        if done {
            return Ok(read);
        }
    }
}

/// The id of a page read from a file: its name without `.html.gz`.
fn page_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stdin".into());
    let lower = name.to_ascii_lowercase();
    for ext in [".html.gz", ".htm.gz", ".xhtml.gz", ".html", ".htm", ".xhtml", ".gz"] {
        if lower.ends_with(ext) {
            return name[..name.len() - ext.len()].to_string();
        }
    }
    name
}

fn read_html(path: &Path, bytes: &[u8], out: &mut Batcher) {
    let hint = crate::ingest::Hint {
        id: page_id(path),
        origin: path.display().to_string(),
        url: None,
        content_type: None,
    };
    push_page(bytes, hint, out);
}

/// Reads a page into an article, or reports it as holding none.
fn push_page(bytes: &[u8], hint: crate::ingest::Hint<'_>, out: &mut Batcher) {
    let page = crate::ingest::read_page(bytes, hint, out.opts.extraction);
    let origin = page.article.origin.clone();
    if let Some(enc) = page.malformed {
        out.problem(Problem {
            error: Error::Page {
                origin: origin.clone(),
                message: format!("bytes not valid in the page's encoding ({enc}) were replaced"),
            },
            recovered: true,
        });
    }
    // What is left of a page with no article (a menu, a login form) is a
    // handful of words; even a news brief has more.
    if page.article.text.split_whitespace().count() < crate::ingest::MIN_WORDS {
        return out.problem(Problem {
            error: Error::Page {
                origin,
                message: "no article text found on the page".into(),
            },
            recovered: false,
        });
    }
    out.article(page.article);
}

/// Reads the web pages of a WARC archive: HTML responses and resources.
/// Everything else is counted and passed over.
fn read_warc(path: &Path, reader: impl BufRead, out: &mut Batcher) {
    use crate::ingest::{is_html, warc};
    let mut sum = ArchiveSummary {
        path: path.to_path_buf(),
        ..ArchiveSummary::default()
    };
    let keep = |h: &warc::Head| match h.warc_type.as_str() {
        "response" => h.content_type.to_ascii_lowercase().starts_with("application/http"),
        "resource" => is_html(&h.content_type),
        _ => false,
    };
    let mut each = |rec: Result<warc::Record, warc::WarcError>| {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                return out.problem(Problem {
                    error: Error::Warc {
                        path: path.to_path_buf(),
                        message: e.to_string(),
                    },
                    recovered: false,
                })
            }
        };
        sum.records += 1;
        let mut skip = |why: String| *sum.skipped.entry(why).or_insert(0) += 1;
        let kind = rec.head.warc_type.as_str();
        if kind == "response" {
            sum.responses += 1;
        }
        let Some(block) = rec.block else {
            return skip(if kind == "response" || kind == "resource" {
                let t = rec
                    .head
                    .content_type
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                if t.is_empty() {
                    format!("{kind} without content type")
                } else {
                    t
                }
            } else {
                kind.to_string()
            });
        };
        let origin = format!("{}: record at {}", path.display(), rec.offset);
        let url = rec.head.target_uri.clone();
        let id = url
            .clone()
            .unwrap_or_else(|| format!("{}@{}", page_id(path), rec.offset.member.unwrap_or(rec.offset.byte)));
        let bad = |message: String| Problem {
            error: Error::Page {
                origin: match &url {
                    Some(u) => format!("{origin} ({u})"),
                    None => origin.clone(),
                },
                message,
            },
            recovered: false,
        };
        if kind == "resource" {
            sum.pages += 1;
            let hint = crate::ingest::Hint {
                id,
                origin,
                url: url.as_deref(),
                content_type: Some(&rec.head.content_type),
            };
            return push_page(&block, hint, out);
        }
        let resp = match warc::http_response(&block) {
            Ok(r) => r,
            Err(m) => return out.problem(bad(m)),
        };
        sum.body_bytes += resp.body.len() as u64;
        if !(200..300).contains(&resp.status) {
            return skip(format!("status {}", resp.status));
        }
        let ctype = resp.content_type.clone().unwrap_or_default();
        if !is_html(&ctype) {
            let t = ctype.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            return skip(if t.is_empty() {
                "response without content type".into()
            } else {
                t
            });
        }
        let body = match warc::decode_content(resp.body, resp.content_encoding.as_deref()) {
            Ok((b, None)) => b,
            Ok((b, Some(warning))) => {
                out.problem(Problem {
                    recovered: true,
                    ..bad(warning)
                });
                b
            }
            Err(m) => return out.problem(bad(m)),
        };
        sum.pages += 1;
        let hint = crate::ingest::Hint {
            id,
            origin,
            url: url.as_deref(),
            content_type: Some(&ctype),
        };
        push_page(&body, hint, out);
    };
    warc::read(reader, &keep, &mut each);
    out.batch.archives.push(sum);
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
    let kind = kind_of(path);
    let mut sink = |batch: Loaded| all.absorb(batch);
    let mut out = Batcher {
        batch: Loaded::default(),
        bytes: 0,
        limit: usize::MAX,
        opts: ReadOptions::default(),
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
        // read_stream reads pages and archives before it comes here.
        Kind::Html | Kind::Warc => read_html(path, bytes, out),
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
        language: rec.language,
        fields: crate::ingest::Fields::default(),
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

/// Calls `f` on every article of the gold files (JSONL, as `eval` and
/// the trainers read them) whose outlet is not in `exclude`, a line at a
/// time, and says how many that was.
pub fn each_gold_article(
    gold: &[PathBuf],
    exclude: &[String],
    mut f: impl FnMut(crate::eval::GoldArticle),
) -> Result<usize> {
    let mut articles = 0;
    for path in gold {
        let text = std::fs::read_to_string(path).map_err(|source| Error::File {
            action: "read gold file",
            path: path.clone(),
            source,
        })?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let a: crate::eval::GoldArticle = serde_json::from_str(line).map_err(|e| Error::Eval {
                path: path.clone(),
                line: n + 1,
                message: e.to_string(),
            })?;
            if a.outlet.as_ref().is_some_and(|o| exclude.contains(o)) {
                continue;
            }
            f(a);
            articles += 1;
        }
    }
    Ok(articles)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// `read_line` finds its newlines by `memchr`; it must split as
    /// `read_until` does, across the reader's buffer and at the end
    /// (issue 14).
    #[test]
    fn issue14_read_line_splits_as_read_until_does() {
        let long = "x".repeat(50);
        let inputs = [
            String::new(),
            "\n".into(),
            "a\n\nb".into(),
            format!("{long}\n{long}\r\nlast"),
            format!("{long}{long}\n"),
            "é\n😀\n".into(),
        ];
        for input in &inputs {
            for cap in [1, 3, 8, 64] {
                let mut ours = Vec::new();
                let mut r = BufReader::with_capacity(cap, input.as_bytes());
                loop {
                    let mut line = Vec::new();
                    match read_line(&mut r, &mut line).unwrap() {
                        0 => break,
                        n => {
                            assert_eq!(n, line.len());
                            ours.push(line);
                        }
                    }
                }
                let mut want = Vec::new();
                let mut r = BufReader::with_capacity(cap, input.as_bytes());
                loop {
                    let mut line = Vec::new();
                    if r.read_until(b'\n', &mut line).unwrap() == 0 {
                        break;
                    }
                    want.push(line);
                }
                assert_eq!(ours, want, "{input:?} with a buffer of {cap}");
            }
        }
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
