//! Many rows a statement ([`insert_many`]): how every table of a store
//! is written.

use std::path::Path;

use rusqlite::Connection;

use crate::error::Result;
use crate::store::open::sql_error;

/// Rows a statement of [`insert_many`] inserts.
const ROWS_A_STATEMENT: usize = 128;

/// `rows` inserted in order by `head` (`INSERT INTO t (columns)`, `width`
/// of them), [`ROWS_A_STATEMENT`] a statement: one statement's steps,
/// resets and bookkeeping for many rows, where a row a statement spent
/// more on those than on the row (tens of millions of index rows at 1M).
/// The rows after the last full statement go in one a statement: both
/// statements are prepared once a connection, where an `add`, writing a
/// family (and its few copy edges) at a time, made and compiled a
/// statement of their count, and the text of a full one, for each.
/// `bind` binds a row's values from the parameter it is given on.
pub(super) fn insert_many<R>(
    conn: &Connection,
    path: &Path,
    head: &str,
    width: usize,
    rows: &[R],
    bind: impl Fn(&mut rusqlite::Statement<'_>, usize, &R) -> rusqlite::Result<()>,
) -> Result<()> {
    let e = sql_error(path);
    let sql = |n: usize| {
        let one = format!("({})", vec!["?"; width].join(", "));
        format!("{head} VALUES {}", vec![one; n].join(", "))
    };
    let full_rows = rows.len() - rows.len() % ROWS_A_STATEMENT;
    if full_rows > 0 {
        let mut full = conn.prepare_cached(&sql(ROWS_A_STATEMENT)).map_err(&e)?;
        for chunk in rows[..full_rows].chunks(ROWS_A_STATEMENT) {
            for (i, r) in chunk.iter().enumerate() {
                bind(&mut full, i * width + 1, r).map_err(&e)?;
            }
            full.raw_execute().map_err(&e)?;
        }
    }
    if full_rows < rows.len() {
        let mut one = conn.prepare_cached(&sql(1)).map_err(&e)?;
        for r in &rows[full_rows..] {
            bind(&mut one, 1, r).map_err(&e)?;
            one.raw_execute().map_err(&e)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue16_insert_many_puts_rows_past_its_full_statements_one_a_statement_in_order() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a INTEGER, b TEXT)").unwrap();
        let path = Path::new("x.qg");
        let bind = |st: &mut rusqlite::Statement<'_>, at: usize, r: &(i64, String)| {
            st.raw_bind_parameter(at, r.0)?;
            st.raw_bind_parameter(at + 1, &r.1)
        };
        let mut want = Vec::new();
        // Full statements and a rest, a rest alone, none, and full ones alone.
        for n in [ROWS_A_STATEMENT * 2 + 5, 3, 0, ROWS_A_STATEMENT] {
            let rows: Vec<(i64, String)> = (0..n as i64)
                .map(|i| (want.len() as i64 + i, format!("r{i}")))
                .collect();
            insert_many(&conn, path, "INSERT INTO t (a, b)", 2, &rows, bind).unwrap();
            want.extend(rows);
        }
        let got: Vec<(i64, String)> = conn
            .prepare("SELECT a, b FROM t ORDER BY rowid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(got, want);
    }
}
