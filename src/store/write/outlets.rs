//! The outlet tables (`outlets`, `outlet_edges`) as a build counts them
//! while its rows go in ([`Writer`]'s `outlets`), and the pairs of
//! outlets a family's copy edges go between, read from its report rather
//! than the store: what `outlets.sql` would fold from every copy edge.

use std::collections::{BTreeSet, HashMap};

use rustc_hash::FxHashSet;

use super::insert::insert_many;
use super::Writer;
use crate::error::Result;
use crate::provenance::FamilyReport;

impl Writer {
    /// The outlet tables, from what was counted as the rows went in: the
    /// rows `outlets.sql` makes, in its order (by pair; by outlet).
    pub(super) fn outlets(&self) -> Result<()> {
        let lines: Vec<(&(String, String), &i64)> = self.outlet_lines.iter().collect();
        insert_many(
            &self.conn,
            &self.path,
            "INSERT INTO outlet_edges (source, copy, lines)",
            3,
            &lines,
            |st, at, ((source, copy), n)| {
                st.raw_bind_parameter(at, source)?;
                st.raw_bind_parameter(at + 1, copy)?;
                st.raw_bind_parameter(at + 2, n)
            },
        )?;
        let mut gave_took: HashMap<&str, (i64, i64)> = HashMap::new();
        for ((source, copy), n) in &self.outlet_lines {
            gave_took.entry(source).or_default().0 += n;
            gave_took.entry(copy).or_default().1 += n;
        }
        let outlets: Vec<(&String, i64, (i64, i64))> = self
            .outlet_articles
            .iter()
            .map(|(o, &n)| (o, n, gave_took.get(o.as_str()).copied().unwrap_or_default()))
            .collect();
        insert_many(
            &self.conn,
            &self.path,
            "INSERT INTO outlets (name, articles, gave, took)",
            4,
            &outlets,
            |st, at, (name, n, (gave, took))| {
                st.raw_bind_parameter(at, name)?;
                st.raw_bind_parameter(at + 1, n)?;
                st.raw_bind_parameter(at + 2, gave)?;
                st.raw_bind_parameter(at + 3, took)
            },
        )
    }
}

/// The name `outlets.sql` gives an article without an outlet.
pub(super) const UNKNOWN_OUTLET: &str = crate::provenance::outlets::UNKNOWN;

/// The pairs of outlets a family's copy edges go between (from, to),
/// each once, an outlet re-running its own line left out: what
/// `outlets.sql` counts the family as one line of, read from the report
/// (each occurrence names its article's outlet) rather than the store.
pub(super) fn outlet_pairs(fam: &FamilyReport) -> BTreeSet<(&str, &str)> {
    let outlet_of: HashMap<&str, &str> = fam
        .occurrences
        .iter()
        .map(|o| (o.article.as_str(), o.outlet.as_deref().unwrap_or(UNKNOWN_OUTLET)))
        .collect();
    fam.copy_edges
        .iter()
        .filter_map(|e| {
            let source = outlet_of.get(e.from_article.as_str())?;
            let copy = outlet_of.get(e.to_article.as_str())?;
            (source != copy).then_some((*source, *copy))
        })
        .collect()
}

/// The pairs of outlets a family's copy edges go between, as `update`'s
/// `count_outlet_lines` finds them in the store once its report is
/// written, from the report itself (its occurrences' outlets, `outlets`:
/// [`report_outlets`]): no query a family traced again. None where an
/// edge's article is none of its occurrences' (then the store is asked).
pub(super) fn report_outlet_lines(
    fam: &FamilyReport,
    outlets: &[(String, String)],
) -> Option<FxHashSet<(String, String)>> {
    let outlet = |article: &str| {
        let at = outlets.binary_search_by(|(a, _)| a.as_str().cmp(article)).ok()?;
        Some(outlets[at].1.as_str())
    };
    let mut lines = FxHashSet::default();
    for e in &fam.copy_edges {
        let (source, copy) = (outlet(&e.from_article)?, outlet(&e.to_article)?);
        if source != copy {
            lines.insert((source.to_string(), copy.to_string()));
        }
    }
    Some(lines)
}

/// Each article of a family's report and its outlet, by article id.
pub(super) fn report_outlets(fam: &FamilyReport) -> Vec<(String, String)> {
    let mut outlets: Vec<(&str, &str)> = fam
        .occurrences
        .iter()
        .map(|o| (o.article.as_str(), o.outlet.as_deref().unwrap_or(UNKNOWN_OUTLET)))
        .collect();
    outlets.sort_unstable();
    outlets.dedup_by_key(|o| o.0);
    outlets
        .into_iter()
        .map(|(a, o)| (a.to_string(), o.to_string()))
        .collect()
}
