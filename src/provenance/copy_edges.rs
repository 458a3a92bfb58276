//! Copy edges and their choice: for each dated copy of a line, its
//! candidate sources (the wordings linked to it, each outlet's latest in
//! a line copied hundreds of times) and the one most likely copied, with
//! a confidence and the evidence.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::spelling::Spelling;
use super::{round3, time, CopyEdge, Ctx};
use crate::link::{align, LinkKind};

/// Past this many dated occurrences in the wordings a copy may come
/// from, its candidate sources are not weighed an occurrence at a time
/// (see [`Sources::pool`]): a common phrase in 5,000 articles made its
/// family's copy edges 25 million comparisons.
const MAX_CANDIDATES: usize = 256;

/// A run of [`Sources`]: one outlet, one cited source, one spelling, one
/// number of lines in the article.
type RunKey<'a> = (Option<&'a str>, Option<&'a str>, Vec<String>, usize);

/// A family's dated occurrences by variant, in time order; and, in a
/// family with more than [`MAX_CANDIDATES`] of them, each variant's in
/// runs of one outlet, one cited source, one spelling and one number of
/// lines in the article, latest first.
pub(super) struct Sources {
    dated: HashMap<u32, Vec<u32>>,
    runs: HashMap<u32, Vec<Vec<u32>>>,
}

impl Sources {
    pub(super) fn new<'a>(ctx: &Ctx<'a>, dated: &[u32], memo: &Memo<'a>) -> Sources {
        let variant_of = |o: u32| ctx.linked.occurrences[o as usize].variant;
        let mut by_variant: HashMap<u32, Vec<u32>> = HashMap::new();
        for &o in dated {
            by_variant.entry(variant_of(o)).or_default().push(o);
        }
        let mut runs = HashMap::new();
        if dated.len() > MAX_CANDIDATES {
            let mid = |o: u32| ctx.stamp(o).expect("dated").mid();
            for (&v, occs) in &by_variant {
                let mut by_run: BTreeMap<RunKey<'_>, Vec<u32>> = BTreeMap::new();
                for &o in occs {
                    let spelt = memo.spelling(ctx, o).key().to_vec();
                    by_run
                        .entry((
                            ctx.outlet(o),
                            memo.source[&o].as_deref(),
                            spelt,
                            lines_in(ctx, ctx.occ(o).0),
                        ))
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
    /// all: within a run every feature of [`Model`] but the age is one, so
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
    pub(super) spelling: std::cell::RefCell<rustc_hash::FxHashMap<u32, std::rc::Rc<Spelling<'a>>>>,
}

impl<'a> Memo<'a> {
    fn spelling(&self, ctx: &Ctx<'a>, o: u32) -> std::rc::Rc<Spelling<'a>> {
        self.spelling
            .borrow_mut()
            .entry(o)
            .or_insert_with(|| std::rc::Rc::new(Spelling::of(ctx.text(o))))
            .clone()
    }
}

/// How likely a candidate is the source of a copy, as a log-linear
/// model: the log of a candidate's odds is the sum of its features
/// times their weights, and the candidates of one copy compete (a
/// conditional logit). The weights are `grammars/copy-sources.tsv`,
/// fitted on simulated corpora (see its header and BENCHMARKS.md, "Copy
/// sources by a fitted model").
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Model {
    /// Per word the copy would have edited in the candidate's wording.
    edit: f64,
    /// The copy cuts the candidate's wording.
    cut: f64,
    /// Per spelling mark (a hyphen, an elision, an editor's insert) the
    /// copy and the candidate do not share ([`super::spelling`]).
    respelt: f64,
    /// The copy and the candidate are from one outlet.
    same_outlet: f64,
    /// The copy names the candidate's outlet as its source.
    cited: f64,
    /// Times the log of one plus the days between the two (midpoint to
    /// midpoint of the dates at their precision).
    log_days: f64,
    /// Times the log of the number of quoted lines in the candidate's
    /// article: a writer who takes a line from an article takes one of
    /// its lines, so the sole line of a short report is likelier taken
    /// than one line of a roundup that quotes many.
    log_quotes: f64,
    /// The candidate is from another outlet and older than
    /// `window_days`, while another candidate is within them: copies
    /// between outlets follow within a news cycle, while an outlet
    /// reaches further back into its own articles. Where no candidate
    /// is that recent (a corpus that samples a year of news a few
    /// articles a day), the window says nothing.
    past_window_other: f64,
    window_days: f64,
}

/// The model built into the binary.
const MODEL: &str = include_str!("../../grammars/copy-sources.tsv");

impl Model {
    /// Reads `name<TAB>weight` lines; `#` starts a comment. Every weight
    /// must be given, once.
    pub(super) fn parse(text: &str) -> Result<Model, String> {
        let mut got: HashMap<&str, f64> = HashMap::new();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let (name, value) = line
                .split_once('\t')
                .ok_or_else(|| format!("copy-source model: no tab in {line:?}"))?;
            let value: f64 = value
                .trim()
                .parse()
                .map_err(|_| format!("copy-source model: {name}: not a number"))?;
            if got.insert(name.trim(), value).is_some() {
                return Err(format!("copy-source model: {name} given twice"));
            }
        }
        let mut take = |name: &str| got.remove(name).ok_or_else(|| format!("copy-source model: no {name}"));
        let model = Model {
            edit: take("edit")?,
            cut: take("cut")?,
            respelt: take("respelt")?,
            same_outlet: take("same-outlet")?,
            cited: take("cited")?,
            log_days: take("log-days")?,
            log_quotes: take("log-quotes")?,
            past_window_other: take("past-window-other")?,
            window_days: take("window-days")?,
        };
        if let Some(extra) = got.keys().next() {
            return Err(format!("copy-source model: unknown weight {extra}"));
        }
        // `Sources::pool` keeps only each run's latest candidate, which
        // holds only while a score never rises with age.
        if model.log_days > 0.0 || model.past_window_other > 0.0 {
            return Err("copy-source model: a score must not rise with age".to_string());
        }
        Ok(model)
    }

    pub(super) fn builtin() -> &'static Model {
        static BUILTIN: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| Model::parse(MODEL).expect("the built-in copy-source model parses"))
    }

    /// A candidate's score: its odds against a candidate with no feature.
    /// `near`: some candidate of the copy is within the window.
    fn score(&self, f: &Features, near: bool) -> f64 {
        let past = near && f.days > self.window_days && !f.same_outlet;
        (self.edit * f64::from(f.edits)
            + self.cut * f64::from(u8::from(f.cut))
            + self.respelt * f64::from(f.respelt)
            + self.same_outlet * f64::from(u8::from(f.same_outlet))
            + self.cited * f64::from(u8::from(f.cited))
            + self.log_days * f.days.ln_1p()
            + self.log_quotes * (f.quotes.max(1) as f64).ln()
            + self.past_window_other * f64::from(u8::from(past)))
        .exp()
    }
}

/// What the model reads of one candidate.
struct Features {
    edits: u32,
    cut: bool,
    respelt: u32,
    same_outlet: bool,
    cited: bool,
    days: f64,
    quotes: usize,
}

/// The number of quoted lines in article `a`: each segment of an
/// interrupted quote is a line of its own, as the linker reads them.
fn lines_in(ctx: &Ctx<'_>, a: usize) -> usize {
    ctx.articles[a].quotes.iter().map(crate::link::segment_count).sum()
}

/// One possible source of a copy, and what speaks for it.
struct Candidate<'a> {
    features: Features,
    score: f64,
    occ: u32,
    /// Words the copy has that the first appearance lacks, shared with
    /// this candidate.
    shared_drift: Vec<&'a str>,
    gap: i64,
}

/// The most likely earlier source of occurrence `o`, among the family's
/// dated occurrences in other articles, by the odds [`Model`] gives each:
/// a candidate in the copy's own words, or with the same cut, beats one
/// it would have had to edit, and a shorter candidate that lacks words
/// of the copy is hardly a source at all; among sources in one wording
/// the one spelt as the copy, of the copy's outlet, or of the outlet it
/// cites, the more recent, and the one whose article quotes fewer lines.
/// Candidates that cite the same source as the copy are not its source:
/// both took the line from that source. A copy that cites a source none
/// of the candidates is from gets no edge: it says where the line came
/// from.
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
    let spelt = memo.spelling(ctx, o);
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
                    &linked.variants[variant_of(p) as usize],
                    &linked.variants[variant_of(o) as usize],
                );
                align::edits(vp.seq(), vo.seq())
            });
        let pw = &bases[&variant_of(p)];
        let respelt = spelt.differences(&memo.spelling(ctx, p));
        let shared_drift: Vec<&str> = novel.iter().copied().filter(|w| pw.contains(w)).collect();
        let gap = so.since(&sp);
        let same = |a: Option<&str>, b: Option<&str>| matches!((a, b), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b));
        let same_outlet = same(ctx.outlet(p), ctx.outlet(o));
        let is_cited = same(cited.as_deref(), ctx.outlet(p));
        // Midpoint to midpoint: a date without a time is most likely
        // midday, not midnight.
        let days = (so.mid() - sp.mid()).max(0) as f64 / 86_400.0;
        let features = Features {
            edits: edits.words,
            cut: edits.cut,
            respelt,
            same_outlet,
            cited: is_cited,
            days,
            quotes: lines_in(ctx, pa),
        };
        candidates.push(Candidate {
            features,
            score: 0.0,
            occ: p,
            shared_drift,
            gap,
        });
    }
    let model = Model::builtin();
    let near = candidates.iter().any(|c| c.features.days <= model.window_days);
    for c in &mut candidates {
        c.score = model.score(&c.features, near);
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
    if cited.is_some() && !candidates.iter().any(|c| c.features.cited) {
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
    if candidates.iter().any(|c| c.features.respelt > best.features.respelt) {
        let shared = spelt.shared(&memo.spelling(ctx, best.occ));
        if !shared.is_empty() {
            evidence.push(format!("spelt as the copy: {}", shared.join(", ")));
        }
    }
    evidence.push(format!("{} later", time::human_gap(best.gap)));
    if best.features.same_outlet {
        evidence.push(format!("same outlet ({})", ctx.outlet(best.occ).unwrap_or_default()));
    }
    if best.features.cited {
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
        from_article: ctx.articles[pa].id.clone(),
        to_article: ctx.articles[oa].id.clone(),
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
    let mut seen: HashSet<u32> = HashSet::from([v]);
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

#[cfg(test)]
mod model_tests {
    use super::{Features, Model};

    fn plain() -> Features {
        Features {
            edits: 0,
            cut: false,
            respelt: 0,
            same_outlet: false,
            cited: false,
            days: 0.0,
            quotes: 1,
        }
    }

    const ALL: &str = "edit\t-2\ncut\t-2\nrespelt\t-1\nsame-outlet\t0.5\ncited\t4\nlog-days\t-0.5\n\
                       log-quotes\t-1\npast-window-other\t-3\nwindow-days\t1.5\n";

    #[test]
    fn the_builtin_model_is_the_hand_set_odds() {
        let m = Model::builtin();
        let base = m.score(&plain(), false);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(base, 1.0));
        assert!(close(m.score(&Features { edits: 2, ..plain() }, false), 0.01));
        assert!(close(m.score(&Features { cut: true, ..plain() }, false), 0.1));
        assert!(close(m.score(&Features { respelt: 1, ..plain() }, false), 0.5));
        assert!(close(
            m.score(
                &Features {
                    same_outlet: true,
                    ..plain()
                },
                false
            ),
            1.3
        ));
        assert!(close(m.score(&Features { cited: true, ..plain() }, false), 50.0));
        assert!(close(m.score(&Features { days: 15.0, ..plain() }, true), 0.5));
        // The article's lines and the window weigh nothing yet.
        assert!(close(m.score(&Features { quotes: 9, ..plain() }, true), 1.0));
    }

    #[test]
    fn a_source_of_another_outlet_past_the_window_counts_only_beside_a_recent_one() {
        let m = Model::parse(ALL).unwrap();
        let old = Features { days: 3.0, ..plain() };
        let ratio = m.score(&old, true) / m.score(&old, false);
        assert!((ratio - (-3.0f64).exp()).abs() < 1e-9);
        let own = Features {
            same_outlet: true,
            ..old
        };
        assert_eq!(m.score(&own, true), m.score(&own, false));
    }

    #[test]
    fn a_line_of_an_article_that_quotes_many_is_the_less_likely_source() {
        let m = Model::parse(ALL).unwrap();
        let one = m.score(&plain(), false);
        let four = m.score(&Features { quotes: 4, ..plain() }, false);
        assert!((four / one - 0.25).abs() < 1e-9);
    }

    #[test]
    fn a_model_file_names_every_weight_once_and_none_rises_with_age() {
        assert!(Model::parse(ALL).is_ok());
        assert!(Model::parse(&ALL.replace("cited\t4\n", ""))
            .unwrap_err()
            .contains("no cited"));
        assert!(Model::parse(&format!("{ALL}cut\t-1\n")).unwrap_err().contains("twice"));
        assert!(Model::parse(&format!("{ALL}age\t1\n")).unwrap_err().contains("unknown"));
        assert!(Model::parse(&ALL.replace("log-days\t-0.5", "log-days\t0.5"))
            .unwrap_err()
            .contains("rise with age"));
        assert!(Model::parse(&format!("# a comment\n{ALL}")).is_ok());
    }
}
