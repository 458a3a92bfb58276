//! The outlet tables (`outlets`, `outlet_edges`) brought up to date by
//! an add: the pairs of outlets the copy edges of each family traced
//! again or gone went between, counted out, and those of its new ones
//! counted in ([`count_outlet_lines`]), then folded into the tables on
//! [`Update::commit`], in place of folding them from every copy edge.

use std::collections::HashMap;

use rusqlite::params;
use rustc_hash::FxHashSet;

use super::{Store, Update, UNKNOWN_OUTLET};
use crate::article::Articles;
use crate::error::Result;

/// Counts the pairs of outlets family `num`'s copy edges go between
/// (each pair once, an outlet re-running its own line left out, as
/// `outlets.sql` counts them) into `lines`, `sign` times: -1 before its
/// edges are deleted, 1 once its new ones are written.
pub(super) fn count_outlet_lines(
    store: &Store,
    lines: &mut HashMap<(String, String), i64>,
    num: i64,
    sign: i64,
) -> Result<()> {
    let e = store.e();
    let mut st = store.prep(
        "SELECT DISTINCT coalesce(sa.outlet, 'unknown outlet'), coalesce(ca.outlet, 'unknown outlet') \
         FROM copy_edges e \
         JOIN articles sa ON sa.id = e.source_article \
         JOIN articles ca ON ca.id = e.copy_article \
         WHERE e.family = ?1",
    )?;
    let mut rows = st.query([num]).map_err(&e)?;
    while let Some(r) = rows.next().map_err(&e)? {
        let (source, copy): (String, String) = (r.get(0).map_err(&e)?, r.get(1).map_err(&e)?);
        if source != copy {
            *lines.entry((source, copy)).or_insert(0) += sign;
        }
    }
    Ok(())
}

/// [`count_outlet_lines`] for a family an add traced again, its copy
/// edges' articles looked up among `own` (its new report's articles and
/// their outlets, by article: most of the articles its old edges went
/// between) and then among the add's `articles` (in id order, as it holds
/// them) where the store joined each edge's two in `articles`: most of
/// the store's time in writing a family at 1M (issue 16). The store is
/// asked where an article is not found.
pub(super) fn count_outlet_lines_among(
    store: &Store,
    lines: &mut HashMap<(String, String), i64>,
    num: i64,
    sign: i64,
    articles: &dyn Articles,
    own: &[(String, String)],
) -> Result<()> {
    let e = store.e();
    let place = |id: &str| {
        let (mut lo, mut hi) = (0, articles.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match articles.id(mid).cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    };
    // An id of the 1M searched costs some 20 reads far apart; of the
    // family's own, a few near.
    let outlet = |id: &str| match own.binary_search_by(|(a, _)| a.as_str().cmp(id)) {
        Ok(at) => Some(own[at].1.as_str()),
        Err(_) => place(id).map(|a| articles.outlet(a).unwrap_or(UNKNOWN_OUTLET)),
    };
    let mut pairs: FxHashSet<(&str, &str)> = FxHashSet::default();
    let mut st = store.prep("SELECT source_article, copy_article FROM copy_edges WHERE family = ?1")?;
    let mut rows = st.query([num]).map_err(&e)?;
    while let Some(r) = rows.next().map_err(&e)? {
        let text = |c: usize| -> Result<&str> { r.get_ref(c).map_err(&e)?.as_str().map_err(|x| e(x.into())) };
        match (outlet(text(0)?), outlet(text(1)?)) {
            (Some(source), Some(copy)) => {
                if source != copy {
                    pairs.insert((source, copy));
                }
            }
            _ => return count_outlet_lines(store, lines, num, sign),
        }
    }
    for (source, copy) in pairs {
        *lines.entry((source.to_string(), copy.to_string())).or_insert(0) += sign;
    }
    Ok(())
}

impl Update {
    /// Brings the outlet tables up to date with what the add changed:
    /// each pair's lines by what the families traced again or gone took
    /// away and gave, pairs left with none dropped; each outlet's
    /// articles by the new ones; what each gave and took summed again
    /// over the pairs (a few hundred rows). The same tables as
    /// `outlets.sql` folds from every copy edge, without reading them.
    pub(super) fn fold_outlets(&self) -> Result<()> {
        let e = self.store.e();
        let mut lines: Vec<(&(String, String), &i64)> = self.outlet_lines.iter().filter(|(_, &n)| n != 0).collect();
        lines.sort_unstable();
        let mut upsert = self.store.prep(
            "INSERT INTO outlet_edges (source, copy, lines) VALUES (?1, ?2, ?3) \
             ON CONFLICT (source, copy) DO UPDATE SET lines = lines + excluded.lines",
        )?;
        let mut none = self
            .store
            .prep("DELETE FROM outlet_edges WHERE source = ?1 AND copy = ?2 AND lines <= 0")?;
        for ((source, copy), n) in lines {
            upsert.execute(params![source, copy, n]).map_err(&e)?;
            none.execute([source, copy]).map_err(&e)?;
        }
        drop((upsert, none));
        let mut articles: Vec<(&String, &i64)> = self.outlet_articles.iter().collect();
        articles.sort_unstable();
        let mut upsert = self.store.prep(
            "INSERT INTO outlets (name, articles, gave, took) VALUES (?1, ?2, 0, 0) \
             ON CONFLICT (name) DO UPDATE SET articles = articles + excluded.articles",
        )?;
        for (outlet, n) in articles {
            upsert.execute(params![outlet, n]).map_err(&e)?;
        }
        drop(upsert);
        self.store
            .conn
            .execute_batch(
                "UPDATE outlets SET \
                 gave = coalesce((SELECT sum(lines) FROM outlet_edges WHERE source = name), 0), \
                 took = coalesce((SELECT sum(lines) FROM outlet_edges WHERE copy = name), 0)",
            )
            .map_err(&e)
    }
}

#[cfg(test)]
mod tests {
    use super::super::empty_store;
    use super::*;

    #[test]
    fn issue16_outlet_lines_counted_among_the_adds_articles_are_those_the_store_joins() {
        let (_dir, path) = empty_store();
        let st = Store::open(&path).unwrap();
        // Articles b and c of one outlet, d of none; edge 4 names an
        // article not held, which the store's join leaves out.
        st.conn
            .execute_batch(
                "PRAGMA foreign_keys = OFF; \
                 INSERT INTO articles (seq, id, outlet, language, text, diagnostics) VALUES \
                 (0, 'a', 'BBC', 'en', '', '[]'), (1, 'b', 'CNN', 'en', '', '[]'), \
                 (2, 'c', 'CNN', 'en', '', '[]'), (3, 'd', NULL, 'en', '', '[]'); \
                 INSERT INTO copy_edges (family, source, copy, source_article, copy_article, kind, similarity, \
                 confidence, evidence) VALUES \
                 (1, 'a#0', 'b#0', 'a', 'b', 'k', 1, 1, ''), (1, 'a#0', 'c#0', 'a', 'c', 'k', 1, 1, ''), \
                 (1, 'b#0', 'c#0', 'b', 'c', 'k', 1, 1, ''), (1, 'c#0', 'd#0', 'c', 'd', 'k', 1, 1, ''), \
                 (2, 'd#0', 'a#0', 'd', 'a', 'k', 1, 1, ''), (3, 'a#0', 'z#0', 'a', 'z', 'k', 1, 1, '');",
            )
            .unwrap();
        let article = |id: &str, outlet: Option<&str>| crate::article::Analysed {
            id: id.into(),
            title: None,
            outlet: outlet.map(Into::into),
            published: None,
            author: None,
            url: None,
            language: "en".into(),
            quotes: Vec::new(),
            diagnostics: Vec::new(),
        };
        let held = [
            article("a", Some("BBC")),
            article("b", Some("CNN")),
            article("c", Some("CNN")),
            article("d", None),
        ];
        let articles: &[crate::article::Analysed] = &held;
        // A family's own articles (its new report's) are looked up first:
        // those of a report of a and c, and none.
        let own = [("a", "BBC"), ("c", "CNN")].map(|(a, o)| (a.to_string(), o.to_string()));
        for (num, sign) in [(1, -1), (2, 1), (3, -1), (4, 1)] {
            let mut joined = HashMap::new();
            count_outlet_lines(&st, &mut joined, num, sign).unwrap();
            for own in [&own[..], &[]] {
                let mut among = HashMap::new();
                count_outlet_lines_among(&st, &mut among, num, sign, &articles, own).unwrap();
                assert_eq!(among, joined, "family {num}, {} own articles", own.len());
            }
        }
        let mut lines = HashMap::new();
        count_outlet_lines_among(&st, &mut lines, 1, -1, &articles, &own).unwrap();
        let want: HashMap<(String, String), i64> = [("BBC", "CNN"), ("CNN", UNKNOWN_OUTLET)]
            .into_iter()
            .map(|(s, c)| ((s.to_string(), c.to_string()), -1))
            .collect();
        assert_eq!(lines, want);
    }
}
