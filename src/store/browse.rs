//! What `serve`'s pages read from a store: one family's report, one
//! article with its quotes and their families, the outlet graph, and a
//! few counts. Every query is a lookup by key or a `LIMIT`ed scan of an
//! index, so a page costs the same on a store of a thousand articles as
//! on one of a million; nothing here loads a whole table.

use rusqlite::{params, OptionalExtension};

use super::compress::unpack_text;
use super::families::{rank_of_id, REPORT_COLUMNS};
use super::open::json_error;
use super::Store;
use crate::error::Result;
use crate::provenance::FamilyReport;

/// A family as a list shows it, without its report.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyRow {
    pub id: String,
    pub canonical: String,
    pub articles: usize,
    pub speaker: Option<String>,
    pub variants: usize,
    pub possible_misattribution: bool,
}

/// One article with its text and quotes.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleView {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub text: String,
    /// In the article's order.
    pub quotes: Vec<QuoteView>,
}

/// One quote of an article, and the family of each of its segments.
#[derive(Debug, Clone, PartialEq)]
pub struct QuoteView {
    pub idx: usize,
    /// Byte offsets into [`ArticleView::text`].
    pub segments: Vec<[usize; 2]>,
    pub kind: String,
    pub speaker: Option<String>,
    /// The family of each segment, where the segment is linked at all.
    pub families: Vec<Option<String>>,
}

/// An outlet, its articles, and the lines it gave others and took.
#[derive(Debug, Clone, PartialEq)]
pub struct OutletRow {
    pub name: String,
    pub articles: usize,
    pub gave: usize,
    pub took: usize,
}

/// `copy` took `lines` lines from `source`.
#[derive(Debug, Clone, PartialEq)]
pub struct OutletEdge {
    pub source: String,
    pub copy: String,
    pub lines: usize,
}

/// How big a store is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counts {
    pub articles: usize,
    pub families: usize,
    pub outlets: usize,
    pub outlet_pairs: usize,
}

impl Store {
    /// The number of articles, families, outlets and pairs of outlets.
    /// Articles and families are numbered from 0 (`seq`, `rank`), so
    /// their count is the last number, read from the index end instead
    /// of counting a million rows.
    pub fn counts(&self) -> Result<Counts> {
        let e = self.e();
        let one = |sql: &str| -> Result<usize> {
            let n: i64 = self.conn.query_row(sql, [], |r| r.get(0)).map_err(&e)?;
            Ok(n as usize)
        };
        Ok(Counts {
            articles: one("SELECT coalesce(max(seq) + 1, 0) FROM articles")?,
            families: one("SELECT coalesce(max(rank) + 1, 0) FROM family_ranks")?,
            outlets: one("SELECT count(*) FROM outlets")?,
            outlet_pairs: one("SELECT count(*) FROM outlet_edges")?,
        })
    }

    /// The first `limit` families in `families.json`'s order (across
    /// most articles first).
    pub fn top_families(&self, limit: usize) -> Result<Vec<FamilyRow>> {
        let e = self.e();
        let mut st = self.prep(
            "SELECT id, canonical, articles, speaker, variants, possible_misattribution \
             FROM ranked_families ORDER BY rank LIMIT ?1",
        )?;
        let rows = st
            .query_map([limit as i64], |r| {
                Ok(FamilyRow {
                    id: r.get(0)?,
                    canonical: r.get(1)?,
                    articles: r.get::<_, i64>(2)? as usize,
                    speaker: r.get(3)?,
                    variants: r.get::<_, i64>(4)? as usize,
                    possible_misattribution: r.get(5)?,
                })
            })
            .map_err(&e)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&e)?;
        Ok(rows)
    }

    /// A family's whole report, if the store holds a family of this id.
    pub fn family(&self, id: &str) -> Result<Option<FamilyReport>> {
        self.in_one_read(|st| st.family_read(id))
    }

    fn family_read(&self, id: &str) -> Result<Option<FamilyReport>> {
        let mut st = self.prep(&format!(
            "SELECT {} FROM ranked_families WHERE rank = ?1",
            REPORT_COLUMNS
        ))?;
        let mut rows = st.query([rank_of_id(id)]).map_err(self.e())?;
        match rows.next().map_err(self.e())? {
            Some(r) => self.report(r).map(Some),
            None => Ok(None),
        }
    }

    /// An article with its text and quotes, if the store holds one of
    /// this id.
    pub fn article(&self, id: &str) -> Result<Option<ArticleView>> {
        let e = self.e();
        let found = self
            .prep("SELECT seq, id, title, outlet, published, author, url, text, size FROM articles WHERE id = ?1")?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get_ref(7)?.as_bytes()?.to_vec(),
                    r.get::<_, Option<i64>>(8)?,
                    ArticleView {
                        id: r.get(1)?,
                        title: r.get(2)?,
                        outlet: r.get(3)?,
                        published: r.get(4)?,
                        author: r.get(5)?,
                        url: r.get(6)?,
                        text: String::new(),
                        quotes: Vec::new(),
                    },
                ))
            })
            .optional()
            .map_err(&e)?;
        let Some((seq, packed, size, mut view)) = found else {
            return Ok(None);
        };
        view.text = unpack_text(&self.path, &packed, size)?;
        let mut st = self.prep(
            "SELECT idx, segments, kind, speaker_canonical, speaker FROM quotes WHERE article = ?1 ORDER BY idx",
        )?;
        let mut rows = st.query([seq]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            let segments: String = r.get(1).map_err(&e)?;
            let segments: Vec<[usize; 2]> =
                serde_json::from_str(&segments).map_err(|err| json_error(&self.path, "quotes.segments", err))?;
            let speaker: Option<String> = r.get(3).map_err(&e)?;
            view.quotes.push(QuoteView {
                idx: r.get::<_, i64>(0).map_err(&e)? as usize,
                families: vec![None; segments.len().max(1)],
                segments,
                kind: r.get(2).map_err(&e)?,
                speaker: speaker.or(r.get(4).map_err(&e)?),
            });
        }
        let mut st = self.prep("SELECT o.quote, o.segment, 'F' || (r.rank + 1) FROM occurrences o JOIN family_ranks r ON r.num = o.family WHERE o.article = ?1")?;
        let mut rows = st.query([seq]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            let (q, s): (i64, i64) = (r.get(0).map_err(&e)?, r.get(1).map_err(&e)?);
            let slot = view
                .quotes
                .iter_mut()
                .find(|x| x.idx == q as usize)
                .and_then(|x| x.families.get_mut(s as usize));
            if let Some(slot) = slot {
                *slot = Some(r.get(2).map_err(&e)?);
            }
        }
        Ok(Some(view))
    }

    /// The `limit` outlets that gave and took the most lines (then most
    /// articles, then by name), and the outlets of the `limit` heaviest
    /// pairs (most lines, then by name).
    pub fn outlets(&self, limit: usize) -> Result<Vec<OutletRow>> {
        let e = self.e();
        let mut st = self.prep(
            "SELECT name, articles, gave, took FROM outlets \
             ORDER BY gave + took DESC, articles DESC, name LIMIT ?1",
        )?;
        let rows = st
            .query_map([limit as i64], |r| {
                Ok(OutletRow {
                    name: r.get(0)?,
                    articles: r.get::<_, i64>(1)? as usize,
                    gave: r.get::<_, i64>(2)? as usize,
                    took: r.get::<_, i64>(3)? as usize,
                })
            })
            .map_err(&e)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&e)?;
        Ok(rows)
    }

    /// The `limit` heaviest pairs of outlets: most lines first, then by
    /// name.
    pub fn outlet_edges(&self, limit: usize) -> Result<Vec<OutletEdge>> {
        let e = self.e();
        let mut st =
            self.prep("SELECT source, copy, lines FROM outlet_edges ORDER BY lines DESC, source, copy LIMIT ?1")?;
        let rows = st
            .query_map(params![limit as i64], |r| {
                Ok(OutletEdge {
                    source: r.get(0)?,
                    copy: r.get(1)?,
                    lines: r.get::<_, i64>(2)? as usize,
                })
            })
            .map_err(&e)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&e)?;
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Writer, MIGRATIONS, VERSION};
    use super::*;
    use rusqlite::Connection;

    /// A store of three articles in two outlets and one unknown, one
    /// line copied A→B twice and A→C once, and B re-running its own.
    fn store(dir: &std::path::Path) -> std::path::PathBuf {
        let path = dir.join("news.qg");
        Writer::create(&path, "--lang auto", "test").unwrap().commit().unwrap();
        let conn = Connection::open(&path).unwrap();
        // The rows below name occurrences and families not there.
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF; \
             INSERT INTO articles (seq, id, outlet, language, text, diagnostics) VALUES \
               (0, 'a1', 'A', 'en', 'x', '[]'), (1, 'b1', 'B', 'en', 'x', '[]'), \
               (2, 'b2', 'B', 'en', 'x', '[]'), (3, 'c1', NULL, 'en', 'x', '[]'); \
             INSERT INTO copy_edges (family, source, copy, source_article, copy_article, kind, similarity, confidence, evidence) VALUES \
               (0, 'a1#0', 'b1#0', 'a1', 'b1', 'verbatim', 1, 1, '[]'), \
               (0, 'a1#0', 'b2#0', 'a1', 'b2', 'verbatim', 1, 1, '[]'), \
               (0, 'a1#0', 'c1#0', 'a1', 'c1', 'verbatim', 1, 1, '[]'), \
               (1, 'b1#1', 'b2#1', 'b1', 'b2', 'verbatim', 1, 1, '[]'), \
               (2, 'a1#2', 'b1#2', 'a1', 'b1', 'verbatim', 1, 1, '[]');",
        )
        .unwrap();
        conn.execute_batch(super::super::schema::OUTLETS).unwrap();
        path
    }

    #[test]
    fn outlet_tables_count_each_line_once_per_pair_and_no_self_copies() {
        let dir = tempfile::tempdir().unwrap();
        let st = Store::open_read_only(&store(dir.path())).unwrap();
        let edges = st.outlet_edges(10).unwrap();
        let pairs: Vec<(&str, &str, usize)> = edges
            .iter()
            .map(|e| (e.source.as_str(), e.copy.as_str(), e.lines))
            .collect();
        assert_eq!(pairs, [("A", "B", 2), ("A", "unknown outlet", 1)]);
        let outlets = st.outlets(10).unwrap();
        assert_eq!(
            outlets[0],
            OutletRow {
                name: "A".into(),
                articles: 1,
                gave: 3,
                took: 0
            }
        );
        assert_eq!(outlets.len(), 3);
        assert_eq!(st.outlet_edges(1).unwrap().len(), 1);
        let c = st.counts().unwrap();
        assert_eq!((c.articles, c.outlets, c.outlet_pairs), (4, 3, 2));
    }

    #[test]
    fn read_only_refuses_an_older_store_that_open_upgrades() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.qg");
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "application_id", super::super::schema::APPLICATION_ID)
            .unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        // The copy edges name families and occurrences not there.
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF; \
             INSERT INTO articles (seq, id, outlet, language, text, diagnostics) VALUES \
               (0, 'a1', 'A', 'en', 'x', '[]'), (1, 'b1', 'B', 'en', 'x', '[]'), (2, 'c1', NULL, 'en', 'x', '[]'); \
             INSERT INTO copy_edges (family, source, copy, source_article, copy_article, kind, similarity, confidence, evidence) VALUES \
               ('F1', 'a1#0', 'b1#0', 'a1', 'b1', 'verbatim', 1, 1, '[]'), \
               ('F1', 'a1#0', 'c1#0', 'a1', 'c1', 'verbatim', 1, 1, '[]');",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        drop(conn);
        let err = Store::open_read_only(&path).err().unwrap().to_string();
        assert!(
            err.contains("schema version 1 is older") && err.contains("drift --db"),
            "{err}"
        );
        // Opening it for writing runs migrations 2 to 8; the first
        // folds the copy edges already there.
        drop(Store::open(&path).unwrap());
        let st = Store::open_read_only(&path).unwrap();
        assert_eq!(st.outlet_edges(10).unwrap().len(), 2);
        assert_eq!(st.counts().unwrap().articles, 3);
        assert_eq!(MIGRATIONS.len() as i64, VERSION);
    }

    #[test]
    fn issue16_a_page_reads_in_one_transaction_and_leaves_none_open() {
        let dir = tempfile::tempdir().unwrap();
        let st = Store::open_read_only(&store(dir.path())).unwrap();
        let seen = st
            .in_one_read(|a| {
                // Inside: one transaction, which a nested read joins.
                assert!(!a.conn.is_autocommit());
                a.in_one_read(|b| {
                    assert!(!b.conn.is_autocommit());
                    b.outlet_edges(10)
                })
            })
            .unwrap();
        assert_eq!(seen.len(), 2);
        assert!(st.conn.is_autocommit(), "the read transaction was left open");
        // An error inside still ends it.
        assert!(st
            .in_one_read(|a| a.prep("SELECT nope FROM nothing").map(|_| ()))
            .is_err());
        assert!(st.conn.is_autocommit());
        assert!(st.family("F99").unwrap().is_none());
        assert!(st.conn.is_autocommit());
    }

    #[test]
    fn unknown_ids_are_none_not_errors() {
        let dir = tempfile::tempdir().unwrap();
        let st = Store::open_read_only(&store(dir.path())).unwrap();
        assert!(st.family("F99").unwrap().is_none());
        assert!(st.article("nope").unwrap().is_none());
        let a = st.article("a1").unwrap().unwrap();
        assert_eq!((a.outlet.as_deref(), a.quotes.len()), (Some("A"), 0));
    }
}
