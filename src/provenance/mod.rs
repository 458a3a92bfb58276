//! Provenance: puts each family of linked quotes in time, finds its first
//! appearance, infers who copied whom (copy edges, with a confidence and
//! the evidence), keeps the sources the articles cite apart from those
//! inferred edges, reconciles speakers across copies, and audits drift.
//! Pure: it reads the analysed articles and the linker's result, and
//! returns data for `render` to write.

mod article_graph;
mod copy_edges;
pub mod drift;
mod family;
mod inputs;
mod misattribution;
pub mod names;
pub mod outlets;
mod report;
mod spelling;
pub mod time;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::HashMap;

use crate::article::{Analysed, Articles, QuoteView};
use crate::link::{align, LinkConfig, LinkKind, Linked};
pub use article_graph::{graph, Edge, GraphBuilder, Node};
use drift::WordClasses;
use family::{family_report, in_rank_order};
pub use report::{
    Citation, CopyEdge, Counted, Credit, FamilyReport, OccurrenceReport, Provenance, SourceReport, SpeakerReport,
    Thresholds, VariantReport,
};
use time::Stamp;

/// `ARTICLE#Q` for a quote of one piece, `ARTICLE#Q.S` for segment S of
/// a quote in several.
pub fn occ_id(a: &Analysed, q: usize, s: usize) -> String {
    occ_id_of(&a.id, crate::link::segment_count(&a.quotes[q]), q, s)
}

/// [`occ_id`] of an article of id `id` whose quote `q` has `segments`
/// segments.
pub fn occ_id_of(id: &str, segments: usize, q: usize, s: usize) -> String {
    let mut out = String::with_capacity(id.len() + 8);
    write_occ_id(&mut out, id, segments, q, s).expect("a String takes any text");
    out
}

/// [`occ_id_of`], written into `w` piece by piece (an add hashes the ids
/// of millions of occurrences without making them; `write!` cost twice
/// as much).
fn write_occ_id(w: &mut impl std::fmt::Write, id: &str, segments: usize, q: usize, s: usize) -> std::fmt::Result {
    w.write_str(id)?;
    w.write_char('#')?;
    write_number(w, q)?;
    if s >= segments {
        // A quote nested in the quote: `ARTICLE#N.nK`.
        w.write_str(".n")?;
        write_number(w, s - segments)
    } else if segments > 1 {
        w.write_char('.')?;
        write_number(w, s)
    } else {
        Ok(())
    }
}

/// `n` in decimal, as `{}` writes it.
fn write_number(w: &mut impl std::fmt::Write, mut n: usize) -> std::fmt::Result {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    w.write_str(std::str::from_utf8(&digits[at..]).expect("digits are ASCII"))
}

/// The name a quote's speaker goes by: canonical when resolved.
fn speaker_of(q: QuoteView<'_>) -> Option<&str> {
    q.speaker_canonical.or(q.speaker)
}

/// The source a conduit names: its leading proper name ("Reuters" from
/// "as cited in Reuters", "Interfax" from "the Interfax news agency").
pub fn source_name(conduit: &str) -> String {
    let words: Vec<&str> = conduit.split_whitespace().collect();
    let start = words
        .iter()
        .position(|w| w.chars().next().is_some_and(char::is_uppercase))
        .unwrap_or(0);
    let name: Vec<&str> = words[start..]
        .iter()
        .take_while(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
        .map(|w| w.trim_end_matches([',', '.', ';', ':']))
        .collect();
    if name.is_empty() {
        conduit.trim().to_string()
    } else {
        name.join(" ")
    }
}

/// An occurrence's place in the order occurrences are sorted by
/// ([`Ctx::key`]): its article's place, its quote, its segment.
type OccKey = (u32, u32, u32);

/// A family's place in the order of families: across articles first,
/// then by article count (most first), then by first appearance, then by
/// number.
type FamilyPlace = (bool, std::cmp::Reverse<usize>, OccKey, usize);

struct Ctx<'a> {
    articles: &'a dyn Articles,
    linked: &'a Linked,
    stamps: Vec<Option<Stamp>>,
    /// Each article's place in the order occurrences are sorted by
    /// (dated first by start, then by id): what [`Ctx::key`] compares,
    /// so that sorting millions of occurrences compares no strings.
    place: Vec<u32>,
    /// Speaker cluster display name by speaker string.
    speaker_name: FxHashMap<&'a str, String>,
    /// The quotes, whole, of the articles whose quotes `articles` holds
    /// compact (an `add`'s stored articles: see [`Quotes`]), by place:
    /// those of the families traced.
    fetched: &'a FxHashMap<u32, Vec<crate::extract::Quote>>,
}

impl<'a> Ctx<'a> {
    fn occ(&self, o: u32) -> (usize, usize) {
        let oc = &self.linked.occurrences[o as usize];
        (oc.article as usize, oc.quote as usize)
    }

    fn stamp(&self, o: u32) -> Option<Stamp> {
        self.stamps[self.occ(o).0]
    }

    fn segment(&self, o: u32) -> usize {
        self.linked.occurrences[o as usize].segment as usize
    }

    /// Is the occurrence a quote nested in its quote (credited to no one)?
    fn nested(&self, o: u32) -> bool {
        self.linked.occurrences[o as usize].nested
    }

    fn id(&self, o: u32) -> String {
        let (a, q) = self.occ(o);
        occ_id_of(self.articles.id(a), self.articles.segments(a, q), q, self.segment(o))
    }

    /// [`Ctx::id`], written into `w`.
    fn write_id(&self, w: &mut impl std::fmt::Write, o: u32) -> std::fmt::Result {
        let (a, q) = self.occ(o);
        write_occ_id(w, self.articles.id(a), self.articles.segments(a, q), q, self.segment(o))
    }

    /// What is read of the occurrence's quote.
    fn quote(&self, o: u32) -> QuoteView<'a> {
        let (a, q) = self.occ(o);
        self.articles.quote(a, q)
    }

    /// The article's id.
    fn article_id(&self, o: u32) -> &'a str {
        self.articles.id(self.occ(o).0)
    }

    /// The occurrence's words as written: its piece of the quote.
    fn text(&self, o: u32) -> &'a str {
        let (a, q) = self.occ(o);
        let quotes = match self.fetched.get(&(a as u32)) {
            Some(quotes) => quotes.as_slice(),
            None => self
                .articles
                .quotes(a)
                .expect("the quotes of every family traced are held or fetched"),
        };
        crate::link::piece_text(&quotes[q], self.articles.language(a), self.segment(o))
    }

    /// Sort key: dated first by start, then article id, quote, segment
    /// (the article's part read from [`Ctx::place`]).
    fn key(&self, o: u32) -> OccKey {
        let oc = &self.linked.occurrences[o as usize];
        (self.place[oc.article as usize], oc.quote, oc.segment)
    }

    fn speaker(&self, o: u32) -> Option<&str> {
        if self.nested(o) {
            return None;
        }
        let s = speaker_of(self.quote(o))?;
        self.speaker_name.get(s).map(String::as_str)
    }

    /// The source the occurrence's article names for it, if any.
    fn source(&self, o: u32) -> Option<String> {
        if self.nested(o) {
            return None;
        }
        self.quote(o).conduit.map(source_name)
    }

    fn outlet(&self, o: u32) -> Option<&'a str> {
        self.articles.outlet(self.occ(o).0)
    }

    /// How close two variants are, and the kind of their relation.
    fn closeness(&self, a: u32, b: u32) -> (f64, LinkKind) {
        if a == b {
            return (1.0, LinkKind::Verbatim);
        }
        if let Some(l) = self.linked.link_between(a, b) {
            return (l.score, l.kind);
        }
        let (va, vb) = (
            &self.linked.variants.at(a as usize),
            &self.linked.variants.at(b as usize),
        );
        let (s, l) = if va.total <= vb.total { (va, vb) } else { (vb, va) };
        if f64::from(s.total) < 0.6 * f64::from(l.total.max(1)) {
            (align::coverage(s.seq(), l.seq()), LinkKind::Containment)
        } else {
            (align::similarity(s.seq(), l.seq()), LinkKind::Drift)
        }
    }
}

/// Traces provenance for every family the linker found. `articles` must be
/// the slice the linker was given.
pub fn trace(articles: &[Analysed], linked: &Linked, cfg: &LinkConfig, wc: &WordClasses) -> Provenance {
    let mut families = Vec::new();
    let mut prov = trace_each(articles, linked, cfg, wc, &mut |f| families.push(f));
    prov.families = families;
    prov
}

/// [`trace`], handing each family's report to `each` in order as it is
/// made, instead of holding them all: the returned [`Provenance`] has no
/// families. For corpora whose reports outgrow memory.
pub fn trace_each(
    articles: &[Analysed],
    linked: &Linked,
    cfg: &LinkConfig,
    wc: &WordClasses,
    each: &mut dyn FnMut(FamilyReport),
) -> Provenance {
    trace_some(
        &articles,
        linked,
        cfg,
        wc,
        None,
        &mut |family, _| {
            if let Traced::Report(fam) = family {
                each(*fam)
            }
        },
        &mut |_| {},
    )
}

/// Where the whole quotes (offsets, segments, texts) of articles that
/// `articles` holds compact come from ([`trace_some`]): given the places
/// of the articles of the families to be traced, it gives back, for each
/// of them whose quotes are not held ([`Articles::quotes`]), the place
/// and its quotes in order. An `add` holds the stored articles compact
/// (most of them are of families it keeps) and reads these from the
/// store.
pub type Quotes<'a> = dyn FnMut(&[u32]) -> Vec<(u32, Vec<crate::extract::Quote>)> + 'a;

/// What a caller that keeps reports gives [`trace_some`]: which reports
/// it holds, where the quotes of articles held compact are read from
/// (none: every article is held whole), and which families it knows
/// to be made of what they were made of (none: every family's inputs
/// are hashed).
pub struct Keeping<'k, 't> {
    pub keep: &'k Keep<'k>,
    pub quotes: Option<&'t mut Quotes<'t>>,
    pub unchanged: Option<Unchanged<'k>>,
}

/// The families whose inputs ([`inputs`]) an `add` knows without hashing
/// them: those holding what a family the store holds under their key
/// held (occurrences, variants and the links between them:
/// `store::unchanged_families`) and whose speakers go by the names they
/// went by then. Their inputs are the stored ones. A few of them are
/// hashed all the same (the first, and one in [`CHECKED`]): should one
/// differ, every family is hashed, as when there is no `Unchanged`
/// (issue 16).
pub struct Unchanged<'u> {
    /// By the linker's family: the number and inputs of the store's
    /// family that held the same occurrences, variants and links, if one
    /// did.
    pub families: &'u [Option<(u32, u64)>],
    /// The name each speaker's spelling went by in the store.
    pub names: &'u FxHashMap<String, String>,
}

/// How many slices of traced families may wait to be handed out
/// ([`trace_finished`]) beside the one being handed out and the one
/// being traced.
const AHEAD: usize = 4;

/// One family in this many of those [`Unchanged`] says are unchanged is
/// hashed all the same, to check that they are.
const CHECKED: usize = 64;

/// A family as [`trace_some`] hands it out: its report (or what
/// [`trace_finished`]'s `finish` made of it), or that it is kept.
pub enum Traced<R = Box<FamilyReport>> {
    Report(R),
    /// A family whose report its caller keeps: its inputs are those of
    /// the report the caller holds under its key.
    Kept(Kept),
}

/// The number the caller holds the report of the family of a key under,
/// and that report's inputs, if it holds one ([`trace_some`]).
pub type Keep<'a> = dyn Fn(&str) -> Option<(u32, u64)> + Sync + 'a;

/// What a kept family's report does not hold, and a build finds anew
/// (its id is its rank, the order it is handed out in).
pub struct Kept {
    /// The number its caller holds it under ([`Keep`], [`Unchanged`]):
    /// not its key, which a million kept families made, and the store
    /// hashed, for nothing (issue 16).
    pub family: u32,
    /// The ids of the families it is a fragment of, in rank order.
    pub inside: Vec<String>,
}

/// [`trace_each`] for a caller that keeps reports (the store): each
/// family comes to `each` in order with its *inputs*, a number that
/// changes whenever anything its report reads does ([`inputs`]; 0 when
/// `keep` is `None`). `keep(key)` gives the inputs of the report the
/// caller holds for the family of that key (`add`, from the store); a
/// family made of those inputs is not traced but handed out as
/// [`Traced::Kept`]. `lap` is called with the name of each step as it
/// ends (what `build --stats` times).
pub fn trace_some(
    articles: &dyn Articles,
    linked: &Linked,
    cfg: &LinkConfig,
    wc: &WordClasses,
    keeping: Option<Keeping<'_, '_>>,
    each: &mut dyn FnMut(Traced, u64),
    lap: &mut dyn FnMut(&'static str),
) -> Provenance {
    trace_finished(articles, linked, cfg, wc, keeping, &|fam, _| Box::new(fam), each, lap)
}

/// [`trace_some`], each report handed out as what `finish` makes of it
/// and its inputs, made on the thread that traced it: an `add` has it
/// packed there for the store (`store::PackedFamily::traced`), so that
/// the one thread that writes the store does nothing else (issue 16).
#[allow(clippy::too_many_arguments)]
pub fn trace_finished<R: Send>(
    articles: &dyn Articles,
    linked: &Linked,
    cfg: &LinkConfig,
    wc: &WordClasses,
    keeping: Option<Keeping<'_, '_>>,
    finish: &(dyn Fn(FamilyReport, u64) -> R + Sync),
    each: &mut dyn FnMut(Traced<R>, u64),
    lap: &mut dyn FnMut(&'static str),
) -> Provenance {
    let stamps: Vec<Option<Stamp>> = (0..articles.len())
        .into_par_iter()
        .map(|a| articles.published(a).and_then(time::parse))
        .collect();

    // Speakers: every name-like speaker, clustered across spellings;
    // found on every core, then counted in their order.
    let mut credited: Vec<&str> = (0..articles.len())
        .into_par_iter()
        .flat_map_iter(|a| {
            (0..articles.quote_count(a))
                .filter_map(move |q| speaker_of(articles.quote(a, q)).filter(|s| names::is_name(s)))
        })
        .collect();
    credited.par_sort_unstable();
    let listed: Vec<(&str, usize)> = credited
        .chunk_by(|a, b| a == b)
        .map(|run| (run[0], run.len()))
        .collect();
    drop(credited);
    let (cluster_of, display) = names::cluster(&listed);
    let mut speaker_name = FxHashMap::default();
    let mut speakers: Vec<SpeakerReport> = display
        .iter()
        .map(|d| SpeakerReport {
            name: d.clone(),
            spellings: Vec::new(),
            quotes: 0,
        })
        .collect();
    for (i, (name, n)) in listed.iter().enumerate() {
        speaker_name.insert(*name, display[cluster_of[i]].clone());
        let s = &mut speakers[cluster_of[i]];
        s.spellings.push(name.to_string());
        s.quotes += n;
    }
    speakers.sort_by(|a, b| b.quotes.cmp(&a.quotes).then_with(|| a.name.cmp(&b.name)));

    let place = places(articles, &stamps);
    let none = FxHashMap::default();
    let ctx = Ctx {
        articles,
        linked,
        stamps,
        place,
        speaker_name,
        fetched: &none,
    };

    // Families in a stable order that does not depend on input order.
    let order: Vec<usize> = (0..linked.families.len()).collect();
    // A family's occurrences are in input order, so its articles come
    // in order too: counted without a set.
    let article_count = |f: usize| {
        let mut last = None;
        let mut n = 0;
        for &o in linked.families.get(f).occurrences {
            let a = linked.occurrences[o as usize].article;
            if last != Some(a) {
                n += 1;
                last = Some(a);
            }
        }
        n
    };
    let counts: Vec<usize> = order.par_iter().map(|&f| article_count(f)).collect();
    let firsts: Vec<u32> = linked
        .families
        .par_iter()
        .map(|f| {
            *f.occurrences
                .iter()
                .min_by_key(|&&o| ctx.key(o))
                .expect("families are never empty")
        })
        .collect();
    // Families across articles first, then by how many, then by first
    // appearance; ties (none: an occurrence is in one family) by number,
    // so the order is the same on any number of threads. Each family's
    // sort key is made once: compared in place, each comparison read
    // four places of memory far apart (6 s of an add's CPU at 1M).
    let mut keyed: Vec<FamilyPlace> = order
        .par_iter()
        .map(|&f| (counts[f] <= 1, std::cmp::Reverse(counts[f]), ctx.key(firsts[f]), f))
        .collect();
    keyed.par_sort_unstable();
    let order: Vec<usize> = keyed.into_iter().map(|k| k.3).collect();
    let mut rank_of = vec![0; order.len()];
    for (r, &f) in order.iter().enumerate() {
        rank_of[f] = r;
    }

    // Sources are numbered by name, from every citation in the corpus,
    // before any family is traced.
    let mut cited: Vec<String> = linked
        .occurrences
        .par_iter()
        .filter(|oc| !oc.nested)
        .filter_map(|oc| {
            articles
                .quote(oc.article as usize, oc.quote as usize)
                .conduit
                .map(source_name)
        })
        .collect();
    cited.par_sort_unstable();
    let sorted: Vec<SourceReport> = cited
        .chunk_by(|a, b| a == b)
        .enumerate()
        .map(|(i, run)| SourceReport {
            id: format!("S{}", i + 1),
            name: run[0].clone(),
            citations: run.len(),
        })
        .collect();
    drop(cited);
    let source_id: HashMap<&str, &str> = sorted.iter().map(|s| (s.name.as_str(), s.id.as_str())).collect();
    lap("trace setup");

    // With `keep`, every family's inputs first, and which of them are
    // kept: the quotes of the articles of the others are fetched
    // (`quotes`) before any is traced.
    let (keep, quotes, unchanged) = match keeping {
        Some(k) => (Some(k.keep), k.quotes, k.unchanged),
        None => (None, None, None),
    };
    let (made, kept): (Vec<u64>, Vec<u32>) = match keep {
        None => (Vec::new(), Vec::new()),
        Some(keep) => inputs_and_kept(&ctx, &firsts, keep, unchanged.as_ref()),
    };
    lap("inputs");
    let mut fetched = FxHashMap::default();
    if let (Some(quotes), false) = (quotes, kept.is_empty()) {
        let mut places = linked.articles_of_families(|f| kept[f] == NOT_KEPT);
        places.retain(|&a| articles.quotes(a as usize).is_none());
        fetched.extend(quotes(&places));
    }
    let ctx = Ctx {
        fetched: &fetched,
        ..ctx
    };
    lap("quotes fetched");

    // Families are traced in parallel, a slice at a time, and handed out
    // in order: only a few slices of reports are held ([`AHEAD`]). Slices
    // are handed out while the next are traced, since what `each` does
    // with them (writing families.json, or an add's store) is one ordered
    // stream that would otherwise leave every other core idle; and the
    // tracing runs on ahead of it, so that neither waits for the other at
    // every slice (a slice of large families takes long to trace, one of
    // many kept ones long to hand out).
    let trace_slice = |slice: &[usize]| -> Vec<(Traced<R>, u64)> {
        slice
            .par_iter()
            .map(|&f| {
                let made_of = made.get(f).copied().unwrap_or(0);
                if let Some(&family) = kept.get(f).filter(|&&n| n != NOT_KEPT) {
                    let kept = Kept {
                        family,
                        inside: in_rank_order(linked.families.get(f).inside, &rank_of),
                    };
                    return (Traced::Kept(kept), made_of);
                }
                let report = family_report(&ctx, f, &rank_of, counts[f], wc, &source_id);
                (Traced::Report(finish(report, made_of)), made_of)
            })
            .collect()
    };
    std::thread::scope(|s| {
        let (send, traced) = std::sync::mpsc::sync_channel(AHEAD);
        let (trace_slice, order) = (&trace_slice, &order);
        let tracer = s.spawn(move || {
            for slice in order.chunks(1024) {
                if send.send(trace_slice(slice)).is_err() {
                    // `each` panicked: nothing more is handed out.
                    break;
                }
            }
        });
        for slice in traced {
            slice.into_iter().for_each(|(t, made_of)| each(t, made_of));
        }
        tracer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    // The fetched quotes (every article of the families traced again, a
    // string each part) are freed on the pool: on this thread, the
    // store's, they held up its writes (0.2 s at 1M, issue 16).
    drop(ctx);
    rayon::spawn(move || drop(fetched));
    lap("family reports");

    let mut family_of: Vec<Vec<Vec<usize>>> = (0..articles.len())
        .into_par_iter()
        .map(|a| {
            (0..articles.quote_count(a))
                .map(|q| vec![0; articles.quote(a, q).segments])
                .collect()
        })
        .collect();
    for (o, oc) in linked.occurrences.iter().enumerate() {
        // Nested quotes follow the segments (`link::piece_text`).
        let pieces = &mut family_of[oc.article as usize][oc.quote as usize];
        if pieces.len() <= oc.segment as usize {
            pieces.resize(oc.segment as usize + 1, 0);
        }
        pieces[oc.segment as usize] = rank_of[linked.family_of_occurrence(o as u32) as usize];
    }
    lap("occurrences' families");

    Provenance {
        families: Vec::new(),
        speakers,
        sources: sorted,
        thresholds: cfg.into(),
        family_of,
    }
}

/// A family [`inputs_and_kept`] finds no report kept for.
const NOT_KEPT: u32 = u32::MAX;

/// Each family's inputs, and the number `keep` holds its report made of
/// them under ([`NOT_KEPT`] where it holds none): hashed, but for the
/// families `unchanged` knows, whose inputs and number are the store's
/// (the first and one in [`CHECKED`] hashed all the same; should one
/// differ, every family is hashed).
fn inputs_and_kept(
    ctx: &Ctx<'_>,
    firsts: &[u32],
    keep: &Keep<'_>,
    unchanged: Option<&Unchanged<'_>>,
) -> (Vec<u64>, Vec<u32>) {
    let linked = ctx.linked;
    // The spellings whose name is not the one the store's reports read.
    let renamed: rustc_hash::FxHashSet<&str> = unchanged.map_or_else(Default::default, |u| {
        ctx.speaker_name
            .iter()
            .filter(|&(s, name)| u.names.get(*s) != Some(name))
            .map(|(s, _)| *s)
            .collect()
    });
    // The families crediting one of them, found in one pass over the
    // occurrences in their order (an article's quotes one after another).
    let mut named = vec![false; linked.families.len()];
    if !renamed.is_empty() {
        let credited: Vec<u32> = (0..linked.occurrences.len() as u32)
            .into_par_iter()
            .filter(|&o| !ctx.nested(o) && speaker_of(ctx.quote(o)).is_some_and(|s| renamed.contains(s)))
            .map(|o| linked.family_of_occurrence(o))
            .collect();
        for f in credited {
            named[f as usize] = true;
        }
    }
    let known = |f: usize| {
        unchanged
            .and_then(|u| u.families.get(f).copied().flatten())
            .filter(|_| !named[f])
    };
    // Per family: the inputs held where known; the first known family's
    // hashed all the same, so that inputs made otherwise (by another
    // release) are never trusted, and one in [`CHECKED`].
    let known: Vec<Option<(u32, u64)>> = (0..linked.families.len()).into_par_iter().map(known).collect();
    let first_known = known.iter().position(Option::is_some);
    let checked = |f: usize| f.is_multiple_of(CHECKED) || Some(f) == first_known;
    let trusted = known
        .par_iter()
        .enumerate()
        .all(|(f, &held)| held.is_none_or(|(_, held)| !checked(f) || inputs::inputs(ctx, f) == held));
    known
        .into_par_iter()
        .enumerate()
        .map(|(f, held)| match held {
            Some((num, held)) if trusted => (held, num),
            _ => {
                let made = inputs::inputs(ctx, f);
                match keep(&ctx.id(firsts[f])) {
                    Some((num, held)) if held == made => (made, num),
                    _ => (made, NOT_KEPT),
                }
            }
        })
        .unzip()
}

/// Each article's place in the order of its key (dated first by start,
/// then by id; articles of one id share a place), for [`Ctx::key`].
fn places(articles: &dyn Articles, stamps: &[Option<Stamp>]) -> Vec<u32> {
    // Each key made once: a sort compares some 20 million pairs at 1M.
    let keys: Vec<_> = (0..articles.len())
        .into_par_iter()
        .map(|a| (stamps[a].map_or((true, 0), |s| (false, s.lo)), articles.id(a)))
        .collect();
    let key = |a: usize| keys[a];
    let mut order: Vec<u32> = (0..articles.len() as u32).collect();
    order.par_sort_unstable_by(|&a, &b| key(a as usize).cmp(&key(b as usize)));
    let mut place = vec![0; articles.len()];
    let mut at = 0;
    for (i, &a) in order.iter().enumerate() {
        if i > 0 && key(a as usize) != key(order[i - 1] as usize) {
            at = i as u32;
        }
        place[a as usize] = at;
    }
    place
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests;
