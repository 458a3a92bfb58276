//! The rows of a provenance beside its families: speakers and their
//! spellings, sources, citations, and the thresholds in `meta`; a build
//! writes them whole, an `add` in place of the store's.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::provenance::{Citation, Provenance};
use crate::store::open::{format_error, sql_error};

/// The thresholds and the version that wrote the store, in `meta`.
pub(in crate::store) fn write_meta(conn: &Connection, path: &Path, prov: &Provenance) -> Result<()> {
    let thresholds = serde_json::to_string(&prov.thresholds).expect("thresholds serialize");
    conn.execute(
        "INSERT OR REPLACE INTO meta (key, value) VALUES ('thresholds', ?1), ('quotegraph', ?2)",
        params![thresholds, env!("CARGO_PKG_VERSION")],
    )
    .map_err(sql_error(path))?;
    Ok(())
}

/// The speakers and their spellings, in place of any there.
pub(in crate::store) fn write_speakers(conn: &Connection, path: &Path, prov: &Provenance) -> Result<()> {
    let e = sql_error(path);
    conn.execute_batch("DELETE FROM speaker_spellings; DELETE FROM speakers;")
        .map_err(&e)?;
    let mut sp = conn
        .prepare_cached("INSERT INTO speakers (rank, name, quotes) VALUES (?1, ?2, ?3)")
        .map_err(&e)?;
    let mut spelling = conn
        .prepare_cached("INSERT INTO speaker_spellings (spelling, speaker) VALUES (?1, ?2)")
        .map_err(&e)?;
    for (i, s) in prov.speakers.iter().enumerate() {
        sp.execute(params![i as i64, s.name, s.quotes as i64]).map_err(&e)?;
        for n in &s.spellings {
            spelling.execute(params![n, i as i64]).map_err(&e)?;
        }
    }
    Ok(())
}

/// The sources, in place of any there, each under its number in `nums`
/// (by rank); their numbers by id (`S3`).
pub(in crate::store) fn write_sources(
    conn: &Connection,
    path: &Path,
    prov: &Provenance,
    nums: &[i64],
) -> Result<HashMap<String, i64>> {
    let e = sql_error(path);
    conn.execute("DELETE FROM sources", []).map_err(&e)?;
    let mut src = conn
        .prepare_cached("INSERT INTO sources (num, id, rank, name, citations) VALUES (?1, ?2, ?3, ?4, ?5)")
        .map_err(&e)?;
    let mut num_of = HashMap::new();
    for (i, (s, &num)) in prov.sources.iter().zip(nums).enumerate() {
        src.execute(params![num, s.id, i as i64, s.name, s.citations as i64])
            .map_err(&e)?;
        num_of.insert(s.id.clone(), num);
    }
    Ok(num_of)
}

/// Citations by family `num`, each naming its source by number.
pub(in crate::store) fn write_citations(
    conn: &Connection,
    path: &Path,
    citations: &[(i64, Citation)],
    num_of: &HashMap<String, i64>,
) -> Result<()> {
    let e = sql_error(path);
    let mut cite = conn
        .prepare_cached("INSERT INTO citations (family, occurrence, article, source, cue) VALUES (?1, ?2, ?3, ?4, ?5)")
        .map_err(&e)?;
    for (family, c) in citations {
        let source = num_of.get(&c.source).ok_or_else(|| {
            format_error(
                path,
                format!("a citation names source {}, which is not there", c.source),
            )
        })?;
        cite.execute(params![family, c.occurrence, c.article, source, c.cue])
            .map_err(&e)?;
    }
    Ok(())
}
