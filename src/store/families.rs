//! Reading families: every family's report with the rest of the
//! provenance ([`Store::provenance`], for `export`), the drifted ones
//! ([`Store::drifted`]), one report from its row and the tables beside
//! it ([`Store::report`]); and naming a family: its
//! stable key ([`family_key`]), its id's rank, and an id, key or alias
//! resolved to the family it names ([`Store::resolve`]).

use rusqlite::{params, OptionalExtension};

use super::articles::{kind_named, Positions};
use super::open::{format_error, json_error};
use super::report::restore_ranks;
use super::Store;
use crate::article::Analysed;
use crate::error::Result;
use crate::link;
use crate::provenance::{Citation, CopyEdge, FamilyReport, Provenance, SourceReport, SpeakerReport, Thresholds};

/// A family's key: the occurrence id of its anchor, its first appearance
/// (a report lists its occurrences in provenance's order: dated first by
/// time, then by article id, quote and segment). Unlike its rank (`F12`)
/// it depends on the family's members alone, so a build and a store grown
/// by adds in any order agree on it.
pub fn family_key(fam: &FamilyReport) -> &str {
    fam.occurrences
        .first()
        .map(|o| o.id.as_str())
        .or(fam.first_appearance.first().map(String::as_str))
        .unwrap_or(fam.id.as_str())
}

/// The rank a family id (`F12`) names, as `families.json` prints it (`F`
/// and the rank plus one, no leading zero); -1, which no rank is, for
/// anything else. Schema 11 keeps ranks, not ids.
pub(super) fn rank_of_id(id: &str) -> i64 {
    id.strip_prefix('F')
        .filter(|n| !n.starts_with('0') && !n.starts_with('+'))
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|&n| n >= 1)
        .map_or(-1, |n| n - 1)
}

/// A family id, key or alias resolved to the family it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The family's id (`F12`) in this store.
    pub id: String,
    /// Its stable key.
    pub key: String,
    /// Set when what was asked for is an alias: how it became one.
    pub alias: Option<Alias>,
}

/// An old key of a family, that still resolves to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub alias: String,
    /// The `add` (1 for the first after the build) that made it an alias.
    pub since_add: i64,
    /// `merged` (the add joined the family with another, and this was
    /// the later anchor of the two, or both gave way to an earlier copy)
    /// or `anchor moved` (an earlier copy of the line arrived).
    pub why: String,
}

/// The columns of `families` that [`Store::report`] reads a report
/// from, in its order.
pub(super) const REPORT_COLUMNS: &str =
    "id, key, report, canonical, articles, speaker, first_appearance, tie, possible_misattribution, num";

impl Store {
    /// Every family's report, in order, with the rest of the provenance.
    /// `articles` must be [`Store::articles`].
    pub fn provenance(&self, articles: &[Analysed]) -> Result<Provenance> {
        let e = self.e();
        // Articles are numbered once (`seq`); `articles` is in id order.
        let pos = Positions::of(&self.article_seqs()?);
        let place_of = |seq: i64| {
            pos.get(seq).ok_or_else(|| {
                format_error(
                    &self.path,
                    format!("an occurrence of article {seq}, which is not there"),
                )
            })
        };
        let mut prov = self.families_where("1", &[])?;
        let mut st = self.prep("SELECT name, quotes, rank FROM speakers ORDER BY rank")?;
        let speakers = st
            .query_map([], |r| {
                Ok(SpeakerReport {
                    name: r.get(0)?,
                    quotes: r.get::<_, i64>(1)? as usize,
                    spellings: Vec::new(),
                })
            })
            .map_err(&e)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&e)?;
        prov.speakers = speakers;
        let mut st = self.prep("SELECT speaker, spelling FROM speaker_spellings ORDER BY speaker, spelling")?;
        let mut rows = st.query([]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            let s: i64 = r.get(0).map_err(&e)?;
            if let Some(sp) = prov.speakers.get_mut(s as usize) {
                sp.spellings.push(r.get(1).map_err(&e)?);
            }
        }
        let mut st = self.prep("SELECT id, name, citations FROM sources ORDER BY rank")?;
        prov.sources = st
            .query_map([], |r| {
                Ok(SourceReport {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    citations: r.get::<_, i64>(2)? as usize,
                })
            })
            .map_err(&e)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&e)?;
        // A piece past a quote's segments is a quote nested in it
        // (`link::piece_text`).
        prov.family_of = articles
            .iter()
            .map(|a| {
                a.quotes
                    .iter()
                    .map(|q| vec![0; link::piece_count(q, &a.language)])
                    .collect()
            })
            .collect();
        let mut st = self.prep(
            "SELECT o.article, o.quote, o.segment, r.rank FROM occurrences o JOIN family_ranks r ON r.num = o.family",
        )?;
        let mut rows = st.query([]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            let at: [i64; 4] = [
                place_of(r.get(0).map_err(&e)?)? as i64,
                r.get(1).map_err(&e)?,
                r.get(2).map_err(&e)?,
                r.get(3).map_err(&e)?,
            ];
            let slot = prov
                .family_of
                .get_mut(at[0] as usize)
                .and_then(|a| a.get_mut(at[1] as usize))
                .and_then(|q| q.get_mut(at[2] as usize))
                .ok_or_else(|| format_error(&self.path, format!("an occurrence of a quote not there: {at:?}")))?;
            *slot = at[3] as usize;
        }
        Ok(prov)
    }

    /// The reports of the families `condition` (SQL over `families`)
    /// picks, in order; the rest of the provenance is its thresholds.
    fn families_where(&self, condition: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Provenance> {
        let e = self.e();
        let mut st = self.prep(&format!(
            "SELECT {REPORT_COLUMNS} FROM ranked_families WHERE {condition} ORDER BY rank"
        ))?;
        let mut rows = st.query(params).map_err(&e)?;
        let mut families = Vec::new();
        while let Some(r) = rows.next().map_err(&e)? {
            families.push(self.report(r)?);
        }
        Ok(Provenance {
            families,
            speakers: Vec::new(),
            sources: Vec::new(),
            thresholds: Thresholds::from(&self.config()?),
            family_of: Vec::new(),
        })
    }

    /// A family's report from its row ([`REPORT_COLUMNS`]): its packed
    /// JSON ([`pack_report`](super::report::pack_report)), its columns,
    /// its variants' ids ([`strip_ranks`](super::report::strip_ranks)),
    /// its fragment relations, and its copy edges and citations, in the
    /// order it had them. Each other family it names costs a lookup by
    /// key.
    pub(super) fn report(&self, r: &rusqlite::Row<'_>) -> Result<FamilyReport> {
        let e = self.e();
        let key: String = r.get(1).map_err(&e)?;
        let num: i64 = r.get(9).map_err(&e)?;
        let z = r.get_ref(2).map_err(&e)?.as_blob().map_err(|x| e(x.into()))?;
        let packed = self.inflater.borrow_mut().report(&self.path, z)?;
        let first: String = r.get(6).map_err(&e)?;
        let mut fam = FamilyReport {
            id: r.get(0).map_err(&e)?,
            canonical: r.get(3).map_err(&e)?,
            articles: r.get::<_, i64>(4).map_err(&e)? as usize,
            first_appearance: serde_json::from_str(&first)
                .map_err(|e| json_error(&self.path, "families.first_appearance", e))?,
            tie: r.get(7).map_err(&e)?,
            undated: Vec::new(),
            speaker: r.get(5).map_err(&e)?,
            speakers: Vec::new(),
            possible_misattribution: r.get(8).map_err(&e)?,
            misattribution: Vec::new(),
            inside: Vec::new(),
            contains: Vec::new(),
            occurrences: Vec::new(),
            variants: Vec::new(),
            copy_edges: Vec::new(),
            citations: Vec::new(),
        };
        packed.fill(&self.path, &mut fam)?;
        restore_ranks(&mut fam);
        let ids = |sql: &str| -> Result<Vec<String>> {
            self.prep(sql)?
                .query_map([&key], |r| r.get(0))
                .map_err(&e)?
                .collect::<rusqlite::Result<Vec<String>>>()
                .map_err(&e)
        };
        fam.inside = ids(
            "SELECT f.id FROM fragments x JOIN ranked_families f ON f.key = x.parent WHERE x.fragment = ?1 ORDER BY f.rank",
        )?;
        fam.contains = ids(
            "SELECT f.id FROM fragments x JOIN ranked_families f ON f.key = x.fragment WHERE x.parent = ?1 ORDER BY f.rank",
        )?;
        let mut st = self.prep(
            "SELECT source, copy, source_article, copy_article, kind, similarity, confidence, evidence \
             FROM copy_edges WHERE family = ?1 ORDER BY rowid",
        )?;
        let mut rows = st.query([num]).map_err(&e)?;
        while let Some(r) = rows.next().map_err(&e)? {
            let kind: String = r.get(4).map_err(&e)?;
            let evidence: String = r.get(7).map_err(&e)?;
            fam.copy_edges.push(CopyEdge {
                from: r.get(0).map_err(&e)?,
                to: r.get(1).map_err(&e)?,
                from_article: r.get(2).map_err(&e)?,
                to_article: r.get(3).map_err(&e)?,
                kind: kind_named(&kind).map_err(|err| format_error(&self.path, format!("copy_edges.kind: {err}")))?,
                similarity: r.get(5).map_err(&e)?,
                confidence: r.get(6).map_err(&e)?,
                evidence: serde_json::from_str(&evidence)
                    .map_err(|err| json_error(&self.path, "copy_edges.evidence", err))?,
            });
        }
        let mut st = self.prep(
            "SELECT c.occurrence, c.article, s.id, c.cue FROM citations c JOIN sources s ON s.num = c.source \
             WHERE c.family = ?1 ORDER BY c.rowid",
        )?;
        fam.citations = st
            .query_map([num], |r| {
                Ok(Citation {
                    occurrence: r.get(0)?,
                    article: r.get(1)?,
                    source: r.get(2)?,
                    cue: r.get(3)?,
                })
            })
            .map_err(&e)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&e)?;
        Ok(fam)
    }

    /// The families with more than one wording: all that the drift
    /// reports look at; only `family`, if given.
    pub fn drifted(&self, family: Option<&str>) -> Result<Provenance> {
        self.in_one_read(|st| match family {
            Some(f) => st.families_where("variants > 1 AND rank = ?1", &[&rank_of_id(f)]),
            None => st.families_where("variants > 1", &[]),
        })
    }

    /// The family `name` names: an id (`F12`), a key (`a00735#2`) or an
    /// alias, an old key that an `add` replaced. Three lookups by index.
    pub fn resolve(&self, name: &str) -> Result<Option<Resolved>> {
        let e = self.e();
        let direct = self
            .prep(
                "SELECT id, key FROM ranked_families WHERE rank = ?1 \
                 UNION ALL SELECT id, key FROM ranked_families WHERE key = ?2",
            )?
            .query_row(params![rank_of_id(name), name], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .map_err(&e)?;
        if let Some((id, key)) = direct {
            return Ok(Some(Resolved { id, key, alias: None }));
        }
        let aliased = self
            .prep(
                "SELECT f.id, f.key, a.since_add, a.why FROM family_aliases a \
                 JOIN ranked_families f ON f.key = a.family_key WHERE a.alias = ?1",
            )?
            .query_row([name], |r| {
                Ok(Resolved {
                    id: r.get(0)?,
                    key: r.get(1)?,
                    alias: Some(Alias {
                        alias: name.to_string(),
                        since_add: r.get(2)?,
                        why: r.get(3)?,
                    }),
                })
            })
            .optional()
            .map_err(&e)?;
        Ok(aliased)
    }

    /// The aliases of the family keyed `key`, oldest first.
    pub fn aliases(&self, key: &str) -> Result<Vec<Alias>> {
        let e = self.e();
        let mut st = self
            .prep("SELECT alias, since_add, why FROM family_aliases WHERE family_key = ?1 ORDER BY since_add, alias")?;
        let rows = st
            .query_map([key], |r| {
                Ok(Alias {
                    alias: r.get(0)?,
                    since_add: r.get(1)?,
                    why: r.get(2)?,
                })
            })
            .map_err(&e)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(&e)?;
        Ok(rows)
    }
}
