//! What `origin` and `drift` report, answered from a store or by tracing
//! the inputs; the command line only prints it.

use std::path::{Path, PathBuf};

use super::{trace_inputs, InputOptions, Observer};
use crate::error::Result;
use crate::link::{self, LinkConfig, Linked};
use crate::provenance::{FamilyReport, Provenance};
use crate::store;

/// The families whose lines `query` matches, best match first (see
/// [`Linked::find`]).
pub fn origin_families<'p>(linked: &Linked, prov: &'p Provenance, query: &str) -> Vec<&'p FamilyReport> {
    let found = linked
        .find(query)
        .into_iter()
        .map(|(v, kind, score)| {
            let occ = linked.variants.at(v as usize).occurrences[0];
            let oc = linked.occurrences[occ as usize];
            let fam = prov.family_of[oc.article as usize][oc.quote as usize][oc.segment as usize];
            (kind, score, fam, fam)
        })
        .collect();
    link::best_families(found)
        .into_iter()
        .map(|f| &prov.families[f])
        .collect()
}

/// What `origin` found: the families whose lines the query matches, best
/// first, and, when the query named a family by key or alias in a store,
/// which family that is now.
pub struct Origin {
    pub families: Vec<FamilyReport>,
    pub resolved: Option<store::Resolved>,
    /// Inputs that could not be read (always 0 from a store).
    pub failed: usize,
}

/// `origin` answered from a store: a family id, key or alias asks for that
/// family (a link kept from an earlier answer still leads to the line);
/// anything else is looked up as a quote in the store's index.
pub fn origin_in_store(db: &Path, query: &str) -> Result<Origin> {
    let st = store::Store::open(db)?.unmapped()?;
    if let Some(r) = st.resolve(query.trim())? {
        let families = st.family(&r.id)?.into_iter().collect();
        return Ok(Origin {
            families,
            resolved: Some(r),
            failed: 0,
        });
    }
    Ok(Origin {
        families: st.origin(query)?,
        resolved: None,
        failed: 0,
    })
}

/// `origin` answered by reading, linking and tracing the inputs.
pub fn origin_in_inputs(
    inputs: &[PathBuf],
    opts: &InputOptions,
    cfg: &LinkConfig,
    query: &str,
    obs: &dyn Observer,
) -> Result<Origin> {
    let t = trace_inputs(inputs, opts, cfg, obs)?;
    let families = origin_families(&t.linked, &t.prov, query)
        .into_iter()
        .cloned()
        .collect();
    Ok(Origin {
        families,
        resolved: None,
        failed: t.failed,
    })
}

/// What `drift` reports: the drifted families (every one, or the one
/// asked for when it has more than one wording).
pub struct Drift {
    pub prov: Provenance,
    /// Inputs that could not be read (always 0 from a store).
    pub failed: usize,
    /// Whether the family asked for (if any) is in the corpus at all.
    pub known: bool,
    /// The family a key or alias asked for in a store is now.
    pub resolved: Option<store::Resolved>,
}

/// `drift` from a store, which knows its families by id, by key and by
/// old key.
pub fn drift_in_store(db: &Path, family: Option<&str>) -> Result<Drift> {
    let st = store::Store::open(db)?;
    let resolved = family.map(|f| st.resolve(f)).transpose()?.flatten();
    let known = family.is_none() || resolved.is_some();
    let prov = st.drifted(resolved.as_ref().map(|r| r.id.as_str()).or(family))?;
    Ok(Drift {
        prov,
        failed: 0,
        known,
        resolved,
    })
}

/// `drift` by reading, linking and tracing the inputs; a family is named
/// by id or by key, as a store knows it (a build has no old keys).
pub fn drift_in_inputs(
    inputs: &[PathBuf],
    opts: &InputOptions,
    cfg: &LinkConfig,
    family: Option<&str>,
    obs: &dyn Observer,
) -> Result<Drift> {
    let mut t = trace_inputs(inputs, opts, cfg, obs)?;
    let named = |x: &FamilyReport, f: &str| x.id == f || store::family_key(x) == f;
    let known = family.is_none_or(|f| t.prov.families.iter().any(|x| named(x, f)));
    if let Some(f) = family {
        t.prov.families.retain(|x| named(x, f) && x.variants.len() > 1);
    }
    Ok(Drift {
        prov: t.prov,
        failed: t.failed,
        known,
        resolved: None,
    })
}
