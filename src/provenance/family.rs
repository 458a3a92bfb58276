//! One family's report: its first appearance, undated occurrences,
//! root and variant tree, speakers, copy edges, citations and
//! misattribution flag, put together from the modules beside this one.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cmp::Ordering;

use super::copy_edges::{copy_edge, nearest_earlier, Memo, Sources};
use super::drift::{self, Audit, WordClasses};
use super::misattribution::misattribution_evidence;
use super::{round3, source_name, Citation, CopyEdge, Counted, Ctx, FamilyReport, OccurrenceReport, VariantReport};

/// The report of family `f`. Whatever it reads that articles outside
/// the family can change must be in [`super::inputs::inputs`], or an `add`
/// keeps a stale report.
pub(super) fn family_report(
    ctx: &Ctx<'_>,
    f: usize,
    rank_of: &[usize],
    articles: usize,
    wc: &WordClasses,
    source_id: &std::collections::HashMap<&str, &str>,
) -> FamilyReport {
    let linked = ctx.linked;
    let fam = linked.families.get(f);
    let mut occs: Vec<u32> = fam.occurrences.to_vec();
    occs.sort_by_key(|&o| ctx.key(o));

    // First appearance: dated occurrences nothing dated is surely before.
    let dated: Vec<u32> = occs.iter().copied().filter(|&o| ctx.stamp(o).is_some()).collect();
    // An occurrence is surely after another when it starts once that one
    // has ended: the first appearance starts before every dated end.
    let min_end = dated.iter().map(|&o| ctx.stamp(o).expect("dated").hi).min();
    let first: Vec<u32> = dated
        .iter()
        .copied()
        .filter(|&o| min_end.is_some_and(|end| ctx.stamp(o).expect("dated").lo < end))
        .collect();
    let undated: Vec<u32> = occs.iter().copied().filter(|&o| ctx.stamp(o).is_none()).collect();
    let first_articles: HashSet<usize> = first.iter().map(|&o| ctx.occ(o).0).collect();

    // The root variant: the most complete wording among the first
    // appearance, or, with nothing dated, the most repeated one.
    let variant_of = |o: u32| linked.occurrences[o as usize].variant;
    let pool: &[u32] = if first.is_empty() { &occs } else { &first };
    let root = *pool
        .iter()
        .map(|&o| variant_of(o))
        .collect::<Vec<_>>()
        .iter()
        .max_by(|&&a, &&b| {
            let (va, vb) = (&linked.variants.at(a as usize), &linked.variants.at(b as usize));
            va.total
                .cmp(&vb.total)
                .then_with(|| va.occurrences.len().cmp(&vb.occurrences.len()))
                .then_with(|| b.cmp(&a))
        })
        .expect("families are never empty");

    // Variants in order: root, then by their earliest occurrence.
    let mut variants: Vec<u32> = Vec::new();
    let mut earliest: HashMap<u32, u32> = HashMap::default();
    for &o in &occs {
        let v = variant_of(o);
        if let std::collections::hash_map::Entry::Vacant(e) = earliest.entry(v) {
            e.insert(o);
            if v != root {
                variants.push(v);
            }
        }
    }
    variants.insert(0, root);
    let name = family_name(rank_of, f);
    let vname: HashMap<u32, String> = variants
        .iter()
        .enumerate()
        .map(|(i, &v)| (v, format!("{name}.v{}", i + 1)))
        .collect();
    let text_of = |o: u32| ctx.text(o);
    let root_occ = earliest[&root];
    let root_tokens = drift::tokens(text_of(root_occ));
    let root_speaker = ctx.speaker(root_occ);

    let rank: HashMap<u32, usize> = variants.iter().enumerate().map(|(i, &v)| (v, i)).collect();
    let mut variant_reports = Vec::with_capacity(variants.len());
    for &v in &variants {
        let e = earliest[&v];
        let mut audit = if v == root {
            Audit::default()
        } else {
            drift::audit(&root_tokens, &drift::tokens(text_of(e)), wc)
        };
        if let (Some(rs), Some(vs)) = (root_speaker, ctx.speaker(e)) {
            if rs != vs {
                drift::speaker_changed(&mut audit, rs, vs);
            }
        }
        let parent = if v == root {
            None
        } else {
            Some(parent_of(ctx, v, &rank, &earliest, root))
        };
        let (link, similarity) = match parent {
            Some(p) => {
                let (s, k) = ctx.closeness(v, p);
                (Some(k), Some(round3(s)))
            }
            None => (None, None),
        };
        let mut occurrences: Vec<String> = linked
            .variants
            .at(v as usize)
            .occurrences
            .iter()
            .filter(|&&o| linked.family_of_occurrence(o) as usize == f)
            .map(|&o| ctx.id(o))
            .collect();
        occurrences.sort();
        variant_reports.push(VariantReport {
            id: vname[&v].clone(),
            text: text_of(e).to_string(),
            occurrences,
            parent: parent.map(|p| vname[&p].clone()),
            link,
            similarity,
            audit,
        });
    }

    // Speakers across the family.
    let speaker_counts = Counted::tally(occs.iter().filter_map(|&o| ctx.speaker(o)));
    let speaker = speaker_counts.first().map(|c| c.name.clone());
    let misattribution =
        misattribution_evidence(ctx, &occs, &|o| linked.variants.at(variant_of(o) as usize).words.len());
    let possible_misattribution = !misattribution.is_empty();

    // Each variant's words as bases (no possessive), so that "ISIS's"
    // and "ISIS'" are not a drift; computed once per family.
    let bases: HashMap<u32, HashSet<&str>> = variants
        .iter()
        .map(|&v| {
            let words = linked
                .variants
                .at(v as usize)
                .words
                .iter()
                .map(|&w| crate::normalize::word_base(&linked.vocab[w as usize]))
                .collect();
            (v, words)
        })
        .collect();

    // What every candidate pair asks again and again, computed once: the
    // source each occurrence cites, and how close two variants are.
    let memo = Memo {
        source: dated.iter().map(|&o| (o, ctx.source(o))).collect(),
        edits: std::cell::RefCell::new(HashMap::default()),
        spelling: std::cell::RefCell::new(Default::default()),
    };

    // Copy edges: each dated occurrence after the first appearance gets
    // its most likely earlier source in another article. Its candidates
    // are the occurrences of its own variant and of the variants linked
    // to it: a copy's source is that close, and looking no further keeps
    // a family of thousands of wordings from being compared all against
    // all. One wording in thousands of articles (a common phrase) is
    // weighed by the latest occurrence of each outlet (`Sources::pool`).
    let sources = Sources::new(ctx, &dated, &memo);
    let first_set: HashSet<u32> = first.iter().copied().collect();
    let copy_edges: Vec<CopyEdge> = dated
        .iter()
        .filter(|o| !first_set.contains(o))
        .filter_map(|&o| {
            let (pool, latest_only) = nearest_earlier(ctx, o, &earliest, &sources);
            copy_edge(ctx, o, root, &pool, latest_only, &bases, &memo)
        })
        .collect();

    // Declared provenance: sources the articles name.
    let mut citations = Vec::new();
    for &o in occs.iter().filter(|&&o| !ctx.nested(o)) {
        if let Some(cue) = ctx.quote(o).conduit {
            citations.push(Citation {
                occurrence: ctx.id(o),
                article: ctx.article_id(o).to_string(),
                source: source_id[source_name(cue).as_str()].to_string(),
                cue: cue.to_string(),
            });
        }
    }

    let occurrences = occs
        .iter()
        .map(|&o| {
            let (a, q) = ctx.occ(o);
            let quote = ctx.quote(o);
            // A nested quote is its speaker quoting someone: no speaker.
            let nested = ctx.nested(o);
            OccurrenceReport {
                id: ctx.id(o),
                article: ctx.article_id(o).to_string(),
                quote: q,
                segment: ctx.segment(o),
                outlet: ctx.outlet(o).map(str::to_string),
                published: ctx.articles.published(a).map(str::to_string),
                kind: if nested { "nested" } else { quote.kind.as_str() }.to_string(),
                speaker: quote.speaker.filter(|_| !nested).map(str::to_string),
                speaker_canonical: quote.speaker_canonical.filter(|_| !nested).map(str::to_string),
                variant: vname[&variant_of(o)].clone(),
                text: ctx.text(o).to_string(),
            }
        })
        .collect();

    let inside = in_rank_order(fam.inside, rank_of);
    let contains = in_rank_order(fam.contains, rank_of);

    FamilyReport {
        id: name,
        canonical: text_of(root_occ).to_string(),
        articles,
        first_appearance: first.iter().map(|&o| ctx.id(o)).collect(),
        tie: first_articles.len() > 1,
        undated: undated.iter().map(|&o| ctx.id(o)).collect(),
        speaker,
        speakers: speaker_counts,
        possible_misattribution,
        misattribution,
        inside,
        contains,
        occurrences,
        variants: variant_reports,
        copy_edges,
        citations,
    }
}

/// The id of family `f` (`F1` the first in rank order), made where it
/// is written: a million kept families' ids were made and never read.
fn family_name(rank_of: &[usize], f: usize) -> String {
    format!("F{}", rank_of[f] + 1)
}

/// The ids of families `fams`, in rank order.
pub(super) fn in_rank_order(fams: &[u32], rank_of: &[usize]) -> Vec<String> {
    let mut ranked: Vec<usize> = fams.iter().map(|&g| rank_of[g as usize]).collect();
    ranked.sort_unstable();
    ranked.into_iter().map(|r| format!("F{}", r + 1)).collect()
}

/// The closest, more complete, not later variant `v` attaches to; the
/// root when none is linked. `rank` numbers the family's variants, root first; on equal scores the
/// lower rank wins.
fn parent_of(ctx: &Ctx<'_>, v: u32, rank: &HashMap<u32, usize>, earliest: &HashMap<u32, u32>, root: u32) -> u32 {
    let linked = ctx.linked;
    let vt = linked.variants.at(v as usize).total;
    let ve = ctx.stamp(earliest[&v]);
    let mut best: Option<(f64, usize, u32)> = None;
    for (u, l) in linked.neighbour_links(v) {
        let Some(&r) = rank.get(&u) else { continue };
        if linked.variants.at(u as usize).total < vt {
            continue;
        }
        let later = match (ctx.stamp(earliest[&u]), ve) {
            (Some(a), Some(b)) => a.order(&b) == Ordering::Greater,
            _ => false,
        };
        if later {
            continue;
        }
        if best.is_none_or(|(s, br, _)| l.score > s || (l.score == s && r < br)) {
            best = Some((l.score, r, u));
        }
    }
    best.map_or(root, |(_, _, u)| u)
}
