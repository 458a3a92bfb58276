//! Articles' and their quotes' rows: made ready on any thread
//! ([`article_rows`]), inserted many a statement
//! ([`insert_articles`]); a build's in batches
//! ([`super::Writer::articles`]), an `add`'s one at a time
//! ([`write_article`]).

use std::path::Path;

use rusqlite::Connection;

use super::insert::insert_many;
use crate::article::Analysed;
use crate::error::Result;
use crate::store::compress::{pack_text, Zlib};

/// What an article's rows hold that takes work to make: its text
/// compressed, its diagnostics and its quotes' segments as JSON. Made on
/// any thread; inserted by [`insert_articles`].
pub(super) struct ArticleRows {
    text: Vec<u8>,
    size: i64,
    diagnostics: String,
    segments: Vec<String>,
}

pub(super) fn article_rows(zlib: &mut Zlib, a: &Analysed, text: &str) -> ArticleRows {
    ArticleRows {
        text: pack_text(zlib, text.as_bytes()),
        size: text.len() as i64,
        diagnostics: serde_json::to_string(&a.diagnostics).expect("diagnostics serialize"),
        segments: a
            .quotes
            .iter()
            .map(|q| serde_json::to_string(&q.segments).expect("segments serialize"))
            .collect(),
    }
}

/// An article numbered `seq`, its text and its quotes.
pub(in crate::store) fn write_article(
    conn: &Connection,
    path: &Path,
    zlib: &mut Zlib,
    seq: i64,
    a: &Analysed,
    text: &str,
) -> Result<()> {
    insert_articles(conn, path, &[(seq, a, article_rows(zlib, a, text))])
}

/// Articles (each numbered `seq`) and their quotes, from what
/// [`article_rows`] made of them: many rows a statement ([`insert_many`]),
/// the articles' first, then their quotes'.
pub(super) fn insert_articles(conn: &Connection, path: &Path, batch: &[(i64, &Analysed, ArticleRows)]) -> Result<()> {
    insert_many(
        conn,
        path,
        "INSERT INTO articles (seq, id, title, outlet, published, author, url, language, text, diagnostics, size)",
        11,
        batch,
        |st, at, (seq, a, rows)| {
            st.raw_bind_parameter(at, seq)?;
            st.raw_bind_parameter(at + 1, &a.id)?;
            st.raw_bind_parameter(at + 2, &a.title)?;
            st.raw_bind_parameter(at + 3, &a.outlet)?;
            st.raw_bind_parameter(at + 4, &a.published)?;
            st.raw_bind_parameter(at + 5, &a.author)?;
            st.raw_bind_parameter(at + 6, &a.url)?;
            st.raw_bind_parameter(at + 7, &a.language)?;
            st.raw_bind_parameter(at + 8, &rows.text)?;
            st.raw_bind_parameter(at + 9, &rows.diagnostics)?;
            st.raw_bind_parameter(at + 10, rows.size)
        },
    )?;
    let quotes: Vec<(i64, i64, &crate::extract::Quote, &String)> = batch
        .iter()
        .flat_map(|(seq, a, rows)| {
            a.quotes
                .iter()
                .zip(&rows.segments)
                .enumerate()
                .map(move |(i, (q, segments))| (*seq, i as i64, q, segments))
        })
        .collect();
    insert_many(
        conn,
        path,
        "INSERT INTO quotes (article, idx, start, end, segments, kind, speaker, speaker_canonical, \
         speaker_start, speaker_end, cue, conduit)",
        12,
        &quotes,
        |st, at, (seq, i, q, segments)| {
            st.raw_bind_parameter(at, seq)?;
            st.raw_bind_parameter(at + 1, i)?;
            st.raw_bind_parameter(at + 2, q.start as i64)?;
            st.raw_bind_parameter(at + 3, q.end as i64)?;
            st.raw_bind_parameter(at + 4, segments)?;
            st.raw_bind_parameter(at + 5, q.kind.as_str())?;
            st.raw_bind_parameter(at + 6, &q.speaker)?;
            st.raw_bind_parameter(at + 7, &q.speaker_canonical)?;
            st.raw_bind_parameter(at + 8, q.speaker_start.map(|x| x as i64))?;
            st.raw_bind_parameter(at + 9, q.speaker_end.map(|x| x as i64))?;
            st.raw_bind_parameter(at + 10, &q.cue)?;
            st.raw_bind_parameter(at + 11, &q.conduit)
        },
    )
}
