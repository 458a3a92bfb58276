//! Copy edges and their choice: for each dated copy of a line, its
//! candidate sources (the wordings linked to it, each outlet's latest in
//! a line copied hundreds of times) and the one most likely copied, with
//! a confidence and the evidence.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::spelling::Spelling;
use super::{round3, time, CopyEdge, Ctx};
use crate::link::{align, LinkKind};

/// Past this many dated occurrences in the wordings a copy may come
/// from, its candidate sources are not weighed an occurrence at a time
/// (see [`Sources::pool`]): a common phrase in 5,000 articles made its
/// family's copy edges 25 million comparisons.
const MAX_CANDIDATES: usize = 256;

/// A run of [`Sources`]: one outlet, one cited source, one spelling.
type RunKey<'a> = (Option<&'a str>, Option<&'a str>, Vec<String>);

/// A family's dated occurrences by variant, in time order; and, in a
/// family with more than [`MAX_CANDIDATES`] of them, each variant's in
/// runs of one outlet, one cited source and one spelling, latest first.
pub(super) struct Sources {
    dated: HashMap<u32, Vec<u32>>,
    runs: HashMap<u32, Vec<Vec<u32>>>,
}

impl Sources {
    pub(super) fn new<'a>(ctx: &Ctx<'a>, dated: &[u32], memo: &Memo<'a>) -> Sources {
        let variant_of = |o: u32| ctx.linked.occurrences[o as usize].variant;
        let mut by_variant: HashMap<u32, Vec<u32>> = HashMap::default();
        for &o in dated {
            by_variant.entry(variant_of(o)).or_default().push(o);
        }
        let mut runs = HashMap::default();
        if dated.len() > MAX_CANDIDATES {
            let mid = |o: u32| ctx.stamp(o).expect("dated").mid();
            for (&v, occs) in &by_variant {
                let mut by_run: BTreeMap<RunKey<'_>, Vec<u32>> = BTreeMap::new();
                for &o in occs {
                    let spelt = memo.spelling(memo.spelt(ctx, o)).key().to_vec();
                    by_run
                        .entry((ctx.outlet(o), memo.source[&o].as_deref(), spelt))
                        .or_default()
                        .push(o);
                }
                let sorted = by_run
                    .into_values()
                    .map(|mut run| {
                        run.sort_by(|&a, &b| mid(b).cmp(&mid(a)).then_with(|| ctx.key(a).cmp(&ctx.key(b))));
                        run
                    })
                    .collect();
                runs.insert(v, sorted);
            }
        }
        Sources {
            dated: by_variant,
            runs,
        }
    }

    /// The candidate sources of `o` among the occurrences of `variants`:
    /// every one, or, past [`MAX_CANDIDATES`], only the latest that is
    /// earlier than `o` and in another article of each run (then `true`).
    /// That keeps the best source [`copy_edge`] would choose from them
    /// all: within a run the wording, outlet, cited source and spelling are one, so
    /// a candidate's score only falls with its age. What changes is the
    /// confidence, the best one's share among outlets, not articles.
    fn pool(&self, ctx: &Ctx<'_>, o: u32, variants: &[u32]) -> (Vec<u32>, bool) {
        let dated = |u: &u32| self.dated.get(u).map_or(&[][..], Vec::as_slice);
        if variants.iter().map(|u| dated(u).len()).sum::<usize>() <= MAX_CANDIDATES {
            return (variants.iter().flat_map(dated).copied().collect(), false);
        }
        let so = ctx.stamp(o).expect("dated");
        let (oa, _) = ctx.occ(o);
        let stamp = |p: u32| ctx.stamp(p).expect("dated");
        let latest = variants
            .iter()
            .flat_map(|u| self.runs.get(u).into_iter().flatten())
            .filter_map(|run| {
                // Nothing whose midpoint is past `o`'s can end before it.
                let from = run.partition_point(|&p| stamp(p).mid() > so.mid());
                run[from..]
                    .iter()
                    .copied()
                    .find(|&p| ctx.occ(p).0 != oa && stamp(p).order(&so) == Ordering::Less)
            })
            .collect();
        (latest, true)
    }
}

/// Per-family answers that copy-edge scoring asks for every candidate.
pub(super) struct Memo<'a> {
    pub(super) source: HashMap<u32, Option<String>>,
    /// Edits from one variant (the source) to another (the copy).
    pub(super) edits: std::cell::RefCell<HashMap<(u32, u32), align::Edits>>,
    /// How each occurrence is spelt, when first asked.
    pub(super) spelling: std::cell::RefCell<Spellings<'a>>,
}

/// The spellings of a family's occurrences, one a text (most copies of a
/// line are its very text), and the differences asked between two of
/// them, each counted once: a copy is weighed against every earlier one,
/// so a family of n copies asks n² / 2 times (issue 16).
#[derive(Default)]
pub(super) struct Spellings<'a> {
    /// Each occurrence's spelling, by number.
    of: HashMap<u32, u32>,
    by_text: HashMap<&'a str, u32>,
    all: Vec<std::rc::Rc<Spelling<'a>>>,
    /// [`Spelling::differences`] by the pair's numbers, lower first (the
    /// count is the same both ways).
    differences: HashMap<(u32, u32), u32>,
}

impl<'a> Memo<'a> {
    /// The number of the spelling of occurrence `o` ([`Memo::spelling`]).
    fn spelt(&self, ctx: &Ctx<'a>, o: u32) -> u32 {
        let mut s = self.spelling.borrow_mut();
        if let Some(&n) = s.of.get(&o) {
            return n;
        }
        let text = ctx.text(o);
        let n = match s.by_text.get(text) {
            Some(&n) => n,
            None => {
                let n = s.all.len() as u32;
                s.all.push(std::rc::Rc::new(Spelling::of(text)));
                s.by_text.insert(text, n);
                n
            }
        };
        s.of.insert(o, n);
        n
    }

    /// The spelling numbered `n` ([`Memo::spelt`]).
    fn spelling(&self, n: u32) -> std::rc::Rc<Spelling<'a>> {
        self.spelling.borrow().all[n as usize].clone()
    }

    /// [`Spelling::differences`] between the spellings numbered `a` and `b`.
    fn differences(&self, a: u32, b: u32) -> u32 {
        if a == b {
            // One text: the same marks.
            return 0;
        }
        let key = (a.min(b), a.max(b));
        let mut s = self.spelling.borrow_mut();
        if let Some(&d) = s.differences.get(&key) {
            return d;
        }
        let d = s.all[a as usize].differences(&s.all[b as usize]);
        s.differences.insert(key, d);
        d
    }
}

/// Odds that a copy edits one more word of its source (or cuts it): a
/// source in the copy's very words beats one a word away tenfold.
const EDIT_ODDS: f64 = 0.1;
/// The copy and the candidate are from one outlet.
const SAME_OUTLET_ODDS: f64 = 1.3;
/// The copy names the candidate's outlet as its source: that outweighs
/// a word or two of difference.
const CITED_ODDS: f64 = 50.0;
/// Odds per spelling mark (a hyphen, an elision, an editor's insert) the
/// copy and the candidate do not share ([`super::spelling`]): weaker than a word
/// edited, since an outlet may respell a line to its house style, but
/// among sources in the same words the one spelt as the copy is the
/// likelier. Chosen on simulated seeds 11-13 (0.3-0.7 scored alike),
/// BENCHMARKS.md "Copy sources spelt as the copy".
const SPELLING_ODDS: f64 = 0.5;

/// One possible source of a copy, and what speaks for it.
struct Candidate<'a> {
    score: f64,
    occ: u32,
    /// Words the copy has that the first appearance lacks, shared with
    /// this candidate.
    shared_drift: Vec<&'a str>,
    /// Spelling marks the copy and this candidate do not share.
    respelt: u32,
    gap: i64,
    same_outlet: bool,
    /// The copy names this candidate's outlet as its source.
    cited: bool,
}

/// The most likely earlier source of occurrence `o`, among the family's
/// dated occurrences in other articles. The score multiplies odds: one
/// factor [`EDIT_ODDS`] per word the copy would have edited in the
/// candidate's wording, and one more if it cut it (so a candidate in the
/// copy's own words, or with the same cut, beats one it would have had to
/// edit, and a shorter candidate that lacks words of the copy is hardly a
/// source at all); [`SPELLING_ODDS`] per spelling mark they do not share
/// (among sources in one wording, the one spelt as the copy); a bonus for
/// the same outlet and a larger one for the outlet the copy cites; and a
/// mild decay with the time gap (midpoint
/// to midpoint of the two dates at their precision). Candidates
/// that cite the same source as the copy are not its source: both took
/// the line from that source. A copy that cites a source none of the
/// candidates is from gets no edge: it says where the line came from.
/// `latest_only`: the candidates are each outlet's latest ([`Sources::pool`]).
pub(super) fn copy_edge<'a>(
    ctx: &Ctx<'a>,
    o: u32,
    root: u32,
    dated: &[u32],
    latest_only: bool,
    bases: &HashMap<u32, HashSet<&'a str>>,
    memo: &Memo<'a>,
) -> Option<CopyEdge> {
    let linked = ctx.linked;
    let variant_of = |o: u32| linked.occurrences[o as usize].variant;
    let so = ctx.stamp(o)?;
    let (oa, _) = ctx.occ(o);
    let root_words = &bases[&root];
    let mut novel: Vec<&str> = bases[&variant_of(o)]
        .iter()
        .copied()
        .filter(|w| !root_words.contains(w))
        .collect();
    novel.sort_unstable();
    let cited = memo.source[&o].clone();
    let spelt = memo.spelt(ctx, o);
    let mut candidates: Vec<Candidate> = Vec::new();
    for &p in dated {
        let (pa, _) = ctx.occ(p);
        let Some(sp) = ctx.stamp(p) else { continue };
        if pa == oa || sp.order(&so) != Ordering::Less {
            continue;
        }
        if cited.is_some() && memo.source[&p] == cited {
            continue;
        }
        let edits = *memo
            .edits
            .borrow_mut()
            .entry((variant_of(p), variant_of(o)))
            .or_insert_with(|| {
                let (vp, vo) = (
                    &linked.variants.at(variant_of(p) as usize),
                    &linked.variants.at(variant_of(o) as usize),
                );
                align::edits(vp.seq(), vo.seq())
            });
        let pw = &bases[&variant_of(p)];
        let respelt = memo.differences(spelt, memo.spelt(ctx, p));
        let shared_drift: Vec<&str> = novel.iter().copied().filter(|w| pw.contains(w)).collect();
        let gap = so.since(&sp);
        let same = |a: Option<&str>, b: Option<&str>| matches!((a, b), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b));
        let same_outlet = same(ctx.outlet(p), ctx.outlet(o));
        let is_cited = same(cited.as_deref(), ctx.outlet(p));
        // Midpoint to midpoint: a date without a time is most likely
        // midday, not midnight.
        let days = (so.mid() - sp.mid()).max(0) as f64 / 86_400.0;
        let score = EDIT_ODDS.powi((edits.words + u32::from(edits.cut)) as i32)
            * if same_outlet { SAME_OUTLET_ODDS } else { 1.0 }
            * if is_cited { CITED_ODDS } else { 1.0 }
            * SPELLING_ODDS.powi(respelt as i32)
            / (1.0 + days).powf(0.25);
        candidates.push(Candidate {
            score,
            occ: p,
            shared_drift,
            respelt,
            gap,
            same_outlet,
            cited: is_cited,
        });
    }
    // One candidate per source article: its closest occurrence (an article
    // that repeats a line in its title is still one source).
    candidates.sort_by(|a, b| {
        ctx.occ(a.occ)
            .0
            .cmp(&ctx.occ(b.occ).0)
            .then(b.score.total_cmp(&a.score))
            .then_with(|| ctx.key(a.occ).cmp(&ctx.key(b.occ)))
    });
    candidates.dedup_by(|later, first| ctx.occ(later.occ).0 == ctx.occ(first.occ).0);
    // The copy names where it took the line from, and no candidate is
    // from there: its declared source is outside the corpus (an agency,
    // a broadcaster, its own interview), so no copy edge is inferred.
    if cited.is_some() && !candidates.iter().any(|c| c.cited) {
        return None;
    }
    let total: f64 = candidates.iter().map(|c| c.score).sum();
    let best = candidates.iter().max_by(|a, b| {
        a.score
            .total_cmp(&b.score)
            .then_with(|| ctx.key(b.occ).cmp(&ctx.key(a.occ)))
    })?;
    let (similarity, kind) = if variant_of(best.occ) == variant_of(o) {
        (1.0, LinkKind::Verbatim)
    } else {
        ctx.closeness(variant_of(best.occ), variant_of(o))
    };
    let mut evidence = Vec::new();
    if kind == LinkKind::Verbatim {
        evidence.push("same wording".to_string());
    } else {
        evidence.push(format!("{} {:.2}", kind_word(kind), similarity));
    }
    if !best.shared_drift.is_empty() {
        evidence.push(format!(
            "shares drift from the first appearance: {}",
            best.shared_drift.join(", ")
        ));
    }
    // The spelling decided among sources in one wording: say so.
    if candidates.iter().any(|c| c.respelt > best.respelt) {
        let (copy, source) = (memo.spelling(spelt), memo.spelling(memo.spelt(ctx, best.occ)));
        let shared = copy.shared(&source);
        if !shared.is_empty() {
            evidence.push(format!("spelt as the copy: {}", shared.join(", ")));
        }
    }
    evidence.push(format!("{} later", time::human_gap(best.gap)));
    if best.same_outlet {
        evidence.push(format!("same outlet ({})", ctx.outlet(best.occ).unwrap_or_default()));
    }
    if best.cited {
        evidence.push(format!("cites {}", cited.as_deref().unwrap_or_default()));
    }
    if candidates.len() > 1 {
        let latest = if latest_only {
            " (the latest of each outlet)"
        } else {
            ""
        };
        evidence.push(format!("{} candidate source articles{latest}", candidates.len()));
    }
    let (pa, _) = ctx.occ(best.occ);
    Some(CopyEdge {
        from: ctx.id(best.occ),
        to: ctx.id(o),
        from_article: ctx.articles.id(pa).to_string(),
        to_article: ctx.articles.id(oa).to_string(),
        kind,
        similarity: round3(similarity),
        confidence: round3(best.score / total * similarity),
        evidence,
    })
}

fn kind_word(k: LinkKind) -> &'static str {
    match k {
        LinkKind::Verbatim => "verbatim",
        LinkKind::Containment => "fragment, coverage",
        LinkKind::Drift => "drifted, similarity",
        LinkKind::Overlap => "overlapping window of one passage, similarity",
    }
}

/// The candidate sources of occurrence `o` ([`Sources::pool`]): the dated
/// occurrences of its own variant and the variants linked to it; when
/// none of those is earlier and in another article, of the variants one
/// link further out, and so on through the family.
pub(super) fn nearest_earlier(
    ctx: &Ctx<'_>,
    o: u32,
    family: &HashMap<u32, u32>,
    sources: &Sources,
) -> (Vec<u32>, bool) {
    let linked = ctx.linked;
    let v = linked.occurrences[o as usize].variant;
    let so = ctx.stamp(o).expect("dated");
    let (oa, _) = ctx.occ(o);
    let mut seen: HashSet<u32> = HashSet::from_iter([v]);
    let mut frontier: Vec<u32> = vec![v];
    frontier.extend(linked.neighbours(v).filter(|u| family.contains_key(u)));
    seen.extend(frontier.iter().copied());
    while !frontier.is_empty() {
        let pool = sources.pool(ctx, o, &frontier);
        let earlier = |&p: &u32| ctx.occ(p).0 != oa && ctx.stamp(p).expect("dated").order(&so) == Ordering::Less;
        if pool.0.iter().any(earlier) {
            return pool;
        }
        let mut next = Vec::new();
        for &u in &frontier {
            for w in linked.neighbours(u) {
                if family.contains_key(&w) && seen.insert(w) {
                    next.push(w);
                }
            }
        }
        frontier = next;
    }
    (Vec::new(), false)
}
