//! Which of the linker's families an add finds as the store holds them
//! ([`unchanged_families`]), from each occurrence's stored numbers
//! ([`stored_by_occurrence`]): the families whose inputs the trace
//! takes as stored (issue 16).

use rustc_hash::FxHashMap;

use crate::link::{Linked, Prior, Stored};

/// Each of the linker's occurrences' stored numbers (`stored`, read by
/// [`super::reads::LinkReads::stored`]), none for a new one: looked up
/// once, for [`unchanged_families`] and [`super::Update::linked`], and
/// the map let go.
pub fn stored_by_occurrence(linked: &Linked, stored: &FxHashMap<(u32, u32, u32), Stored>) -> Vec<Option<Stored>> {
    use rayon::prelude::*;
    linked
        .occurrences
        .par_iter()
        .map(|oc| stored.get(&(oc.article, oc.quote, oc.segment)).copied())
        .collect()
}

/// Which of the linker's families are, occurrence for occurrence, a
/// family the store holds, with the same variants (the same occurrences
/// each: their order, a build's, is that of their first occurrences,
/// which are old) and the same links between them, kind, direction and
/// score, as its link graph held them (the stored links, less the
/// overlaps of variants with too many: `link::overlap_kept`): the stored
/// family's number, by the linker's family (`u32::MAX` for none). Such a
/// family's inputs are those stored, but for its speakers' names, which
/// the trace compares ([`crate::provenance::Unchanged`]): an add hashes
/// only the others' (issue 16). Empty without a `prior`.
pub fn unchanged_families(linked: &Linked, prior: Option<&Prior<'_>>, stored: &[Option<Stored>]) -> Vec<u32> {
    use rayon::prelude::*;
    const NONE: u32 = u32::MAX;
    let Some(prior) = prior else {
        return Vec::new();
    };
    // Each stored family's occurrences, and each stored variant's family.
    let (mut size, mut family_of) = (Vec::<u32>::new(), Vec::<u32>::new());
    for s in prior.stored.values() {
        let (f, v) = (s.family as usize, s.variant as usize);
        if size.len() <= f {
            size.resize(f + 1, 0);
        }
        size[f] += 1;
        if family_of.len() <= v {
            family_of.resize(v + 1, NONE);
        }
        family_of[v] = s.family;
    }
    // The stored links the old graph held (an overlap of a variant with
    // too many was not), by family.
    let mut degree = vec![0usize; family_of.len()];
    for &((a, b), l) in prior.links.all() {
        if l.0 == crate::link::LinkKind::Overlap {
            if degree.len() <= b as usize {
                degree.resize(b as usize + 1, 0);
            }
            degree[a as usize] += 1;
            degree[b as usize] += 1;
        }
    }
    let degree_of = |v: u32| degree.get(v as usize).copied().unwrap_or(0);
    let fam = |v: u32| family_of.get(v as usize).copied().unwrap_or(NONE);
    let held = |&((a, b), l): &((u32, u32), crate::link::PriorLink)| {
        fam(a) != NONE
            && fam(a) == fam(b)
            && (l.0 != crate::link::LinkKind::Overlap || crate::link::overlap_kept(degree_of(a), degree_of(b)))
    };
    // Each stored variant's variant now (any of its occurrences'; where
    // they are not one variant, its family is found changed below).
    let mut now = vec![NONE; family_of.len()];
    for (oc, s) in linked.occurrences.iter().zip(stored) {
        if let Some(s) = s {
            now[s.variant as usize] = oc.variant;
        }
    }
    // The stored families one of whose links the graph does not hold as
    // it was (kind, direction, score), and how many each held.
    let lost: Vec<u32> = prior
        .links
        .all()
        .par_iter()
        .filter(|l| held(l))
        .filter_map(|&((a, b), (kind, a_short, score))| {
            let (va, vb) = (now[a as usize], now[b as usize]);
            let same = va != NONE
                && vb != NONE
                && linked.link_between(va, vb).is_some_and(|l| {
                    l.kind == kind && (l.short == va) == a_short && l.score.to_bits() == score.to_bits()
                });
            (!same).then(|| fam(a))
        })
        .collect();
    let mut links = vec![0u32; size.len()];
    for l in prior.links.all().iter().filter(|l| held(l)) {
        links[fam(l.0 .0) as usize] += 1;
    }
    for f in lost {
        links[f as usize] = NONE;
    }
    linked
        .families
        .par_iter()
        .map(|fam| {
            let Some(Some(first)) = fam.occurrences.first().map(|&o| stored[o as usize]) else {
                return NONE;
            };
            let was = first.family;
            if size.get(was as usize).copied() != Some(fam.occurrences.len() as u32) || links[was as usize] == NONE {
                return NONE;
            }
            if let [_] = fam.variants[..] {
                // One variant (most families): its occurrences, all of
                // one stored variant, and no link inside.
                let same = fam.occurrences.iter().all(|&o| stored[o as usize] == Some(first));
                return if same && links[was as usize] == 0 { was } else { NONE };
            }
            // Each variant's stored number, one a variant and none twice.
            let mut number = vec![NONE; fam.variants.len()];
            for &o in fam.occurrences {
                let (Some(s), Ok(i)) = (
                    stored[o as usize],
                    fam.variants.binary_search(&linked.occurrences[o as usize].variant),
                ) else {
                    return NONE;
                };
                if s.family != was || (number[i] != NONE && number[i] != s.variant) {
                    return NONE;
                }
                number[i] = s.variant;
            }
            let mut distinct = number;
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.len() != fam.variants.len() {
                return NONE;
            }
            // Every link the old graph held between two of its variants is
            // held as it was (`lost`): the same links if as many.
            let n: usize = fam
                .variants
                .iter()
                .map(|&v| {
                    linked
                        .neighbour_links(v)
                        .filter(|&(u, _)| u > v && fam.variants.binary_search(&u).is_ok())
                        .count()
                })
                .sum();
            if n == links[was as usize] as usize {
                was
            } else {
                NONE
            }
        })
        .collect()
}
