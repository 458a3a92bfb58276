//! Typed errors of the library. The binary wraps them with `anyhow` context.

use std::path::PathBuf;

/// Everything the library can fail with. Extraction itself never fails:
/// problems inside an article are [`crate::extract::Diagnostic`]s.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A grammar file that does not follow `grammars/README.md`.
    #[error("{origin}:{line}:{column}: {message}")]
    Grammar {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },
    /// No grammar is built in for that language code.
    #[error(
        "no built-in grammar for language `{0}` (built in: {known})",
        known = crate::grammar::builtin_codes()
    )]
    UnknownLanguage(String),
    /// An input path could not be read.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file or folder that could not be read, written or created.
    #[error("cannot {action} {}", path.display())]
    File {
        /// What was being done: `read grammar`, `write`, `create`…
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An output stream that could not be written (a closed pipe, a
    /// full disk).
    #[error("cannot write the output")]
    Output(#[source] std::io::Error),
    /// A store (`--db`) that SQLite could not open, read or write.
    #[error("store {}", path.display())]
    Store {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// A store this build cannot use: not a quotegraph store, a schema
    /// version it does not know, or contents it did not write.
    #[error("store {}: {message}", path.display())]
    StoreFormat { path: PathBuf, message: String },
    /// `serve` could not listen on its address.
    #[error("cannot listen on {addr}")]
    Listen {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    /// A web page that holds no article, or whose content could not be
    /// decoded.
    #[error("{origin}: {message}")]
    Page { origin: String, message: String },
    /// A WARC archive damaged at a record; the records before it were read.
    #[error("{path}: {message}")]
    Warc { path: PathBuf, message: String },
    /// A JSON or JSONL input that is not what the format says.
    #[error("{path}:{line}: {message}")]
    Json {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// An input that is not valid UTF-8 (it is still read, lossily).
    #[error("{path}:{line}: {message}")]
    Encoding {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// A manifest that is not a CSV or JSONL table of id, outlet, published, url.
    #[error("{path}:{line}: {message}")]
    Manifest {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// An article whose analysis panicked: a bug in quotegraph, reported
    /// for that article alone so the others are still processed.
    #[error("{origin}: article `{id}` could not be analysed (a bug in quotegraph; please report it): {message}")]
    Analysis {
        origin: String,
        id: String,
        message: String,
    },
    /// Source articles the simulator can draw no corpus from.
    #[error("{0}")]
    Simulate(String),
    /// A gold or prediction file the scorer cannot use.
    #[error("{path}:{line}: {message}")]
    Eval {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
