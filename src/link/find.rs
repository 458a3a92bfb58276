//! Matching a query line against linked variants: what
//! [`Linked::find`](super::Linked::find) and a store's `origin` answer.

use rayon::prelude::*;

use super::compare::compare;
use super::pieces::Vocab;
use super::{LinkConfig, LinkKind, Variant, Variants};
use crate::normalize::words;

/// The variants among `candidates` that `q` matches, as [`Linked::find`](super::Linked::find)
/// says; best matches first.
pub(super) fn matches<'v>(
    q: &Variant<'_>,
    candidates: impl ParallelIterator<Item = (u32, Variant<'v>)>,
    cfg: &LinkConfig,
) -> Vec<(u32, LinkKind, f64)> {
    if q.keys.is_empty() {
        return Vec::new();
    }
    let wanted: std::collections::HashSet<u32> = q.keys.iter().copied().collect();
    let need = q.keys.len().min(2);
    let mut found: Vec<(u32, LinkKind, f64)> = candidates
        .filter(|(_, v)| v.keys.iter().filter(|k| wanted.contains(k)).take(need).count() >= need)
        .filter_map(|(i, v)| {
            if v.words == q.words {
                return Some((i, LinkKind::Verbatim, 1.0));
            }
            compare(q, u32::MAX, &v, i, cfg, None, &[]).map(|l| (i, l.kind, l.score))
        })
        .collect();
    found.sort_by(|a, b| a.1.cmp(&b.1).then(b.2.total_cmp(&a.2)).then(a.0.cmp(&b.0)));
    found
}

/// The families of a query's matches (`(kind, score, family rank,
/// family)`, in any order), best first: by kind of link, then score,
/// then rank, each family once, at its best match. Ties go to the family
/// ranked first rather than to the lower variant number, which a store
/// gives in the order variants arrived: a store grown by adds answers as
/// one build does.
pub fn best_families<T>(mut found: Vec<(LinkKind, f64, usize, T)>) -> Vec<T> {
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut seen = std::collections::HashSet::new();
    found.into_iter().filter(|f| seen.insert(f.2)).map(|f| f.3).collect()
}

/// [`Linked::find`](super::Linked::find) among the given variants only, each given by its id
/// and its normalized words: how a store answers `origin` once its index
/// has picked the candidates. Matches only what `find` would over a
/// corpus that holds these variants, under the same thresholds.
pub fn find_among(query: &str, candidates: &[(u32, Vec<String>)], cfg: &LinkConfig) -> Vec<(u32, LinkKind, f64)> {
    let mut vocab = Vocab::default();
    let ws = words(&crate::normalize::without_inserts(query));
    let ids: Vec<u32> = ws.iter().map(|w| vocab.word(&w.norm)).collect();
    // The query is variant 0, the candidates follow.
    let mut vs = Variants::default();
    vs.push(&ids, &vocab);
    for (_, ws) in candidates {
        let ids: Vec<u32> = ws.iter().map(|w| vocab.word(w)).collect();
        vs.push(&ids, &vocab);
    }
    matches(
        &vs.at(0),
        vs.par_iter()
            .skip(1)
            .zip(candidates.par_iter())
            .map(|(v, (id, _))| (*id, v)),
        cfg,
    )
}

#[cfg(test)]
mod tests {
    use crate::link::testkit::*;
    use crate::link::{link, LinkConfig, LinkKind};

    #[test]
    fn a_query_finds_copies_fragments_and_parents() {
        let arts = [article("a", &[SPILL, OTHER]), article("b", &[DRIFT])];
        let l = link(&arts, &LinkConfig::default());
        let found = |q: &str| l.find(q).into_iter().map(|(v, k, _)| (v, k)).collect::<Vec<_>>();
        assert_eq!(found(SPILL), vec![(0, LinkKind::Verbatim), (2, LinkKind::Drift)]);
        assert_eq!(
            found("every barrel of oil"),
            vec![(0, LinkKind::Containment), (2, LinkKind::Containment)]
        );
        assert!(found("nothing like any of these").is_empty());
    }
}
