//! A corpus's way through the tool: read the inputs, extract, link,
//! trace, and write or answer what a command asks for. The one place that
//! `build`, `add`, `origin`, `drift`, `export`, `simulate` and
//! `eval-provenance` share, so that they
//! cannot drift apart; the command line only parses arguments, prints and
//! picks exit codes. What happens along the way (unreadable inputs,
//! notes, progress) is told to an [`Observer`], not printed here.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::article::held::{Added, Slot};
use crate::article::{analyse, Analysed, Articles, Language};
use crate::corpus::{self, ArchiveSummary, ManifestRow, Problem};
use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::grammar::Grammar;
use crate::link::{self, LinkConfig, Linked};
use crate::provenance::{self, drift::WordClasses, FamilyReport, Provenance};
use crate::render;
use crate::store;

mod sim;
pub use sim::{eval_provenance, read_truth, simulate, simulated_inputs, Simulated};

/// How inputs are read and which grammar reads them.
#[derive(Debug, Clone, Default)]
pub struct InputOptions {
    /// `en`, `de` or `auto` (per article); ignored with `grammar`.
    pub lang: String,
    /// A grammar file to use instead of the built-in ones.
    pub grammar: Option<PathBuf>,
    /// CSV or JSONL of id, outlet, published, url.
    pub manifest: Option<PathBuf>,
    /// A kind model file to use instead of the built-in ones.
    pub kinds_model: Option<PathBuf>,
    /// Tell scare quotes by the rules alone.
    pub no_kinds_model: bool,
    /// A speaker model file (made by `train-speakers`) for every language.
    pub speakers_model: Option<PathBuf>,
    /// Choose speakers by the sieves alone, without the speaker model.
    pub no_speakers_model: bool,
    pub read: corpus::ReadOptions,
}

impl InputOptions {
    /// The options that decide what is extracted and how drift is
    /// classified, as the command line gives them: a store keeps them,
    /// so that `add` reads new articles as the store's were read.
    pub fn reading(&self) -> String {
        let mut out = match &self.grammar {
            Some(g) => format!("--grammar {}", g.display()),
            None => format!("--lang {}", self.lang),
        };
        if let Some(m) = &self.kinds_model {
            out.push_str(&format!(" --kinds-model {}", m.display()));
        } else if self.no_kinds_model {
            out.push_str(" --no-kinds-model");
        }
        if let Some(m) = &self.speakers_model {
            out.push_str(&format!(" --speakers-model {}", m.display()));
        } else if self.no_speakers_model {
            out.push_str(" --no-speakers-model");
        }
        out
    }
}

/// What a run tells its caller as it goes.
#[non_exhaustive]
pub enum Event<'a> {
    /// An input that could not be read, or was read with a problem.
    Problem(&'a Problem),
    /// A WARC archive was read.
    Archive(&'a ArchiveSummary),
    /// A line for the user, worded in full (`warning: …`, `note: …`,
    /// `stats: …`).
    Message(&'a str),
    /// One more article extracted (called from worker threads).
    Analysed,
    /// A batch of articles is done.
    Batch,
    /// Extraction is over.
    Done,
}

/// Receives a run's [`Event`]s; the command line prints them.
pub trait Observer: Sync {
    fn event(&self, event: Event<'_>);
}

/// An observer that ignores everything (for library callers and tests).
pub struct Quiet;

impl Observer for Quiet {
    fn event(&self, _: Event<'_>) {}
}

/// Text read and extracted at a time: enough for every core to have
/// thousands of articles, small enough that the corpus is never held.
pub const BATCH_BYTES: usize = 16 << 20;

/// The grammar (or grammars) and kind model `opts` ask for.
pub fn language(opts: &InputOptions) -> Result<Language> {
    let lang = if let Some(path) = &opts.grammar {
        let src = read_file("read grammar", path)?;
        let g = Grammar::parse(&src, &path.display().to_string())?;
        Language::Fixed(Box::new(Extractor::new(g)))
    } else {
        Language::builtin(&opts.lang)?
    };
    let lang = match &opts.speakers_model {
        Some(path) => lang.with_speakers(Some(std::sync::Arc::new(read_model("read speaker model", path)?))),
        None if opts.no_speakers_model => lang.with_speakers(None),
        None => lang,
    };
    if opts.no_kinds_model {
        return Ok(lang.with_kinds(None));
    }
    if let Some(path) = &opts.kinds_model {
        return Ok(lang.with_kinds(Some(std::sync::Arc::new(read_model("read kind model", path)?))));
    }
    Ok(lang)
}

/// A kind or speaker model file; both share one format.
fn read_model(action: &'static str, path: &Path) -> Result<crate::extract::kinds::KindModel> {
    let src = read_file(action, path)?;
    crate::extract::kinds::KindModel::parse(&src).map_err(|(line, message)| Error::Grammar {
        origin: path.display().to_string(),
        line,
        column: 1,
        message,
    })
}

/// What the extraction of these options is made of, as a store records
/// it beside [`InputOptions::reading`]: this build's version and a
/// checksum of the grammars and models it reads (the built-in ones, or
/// the files given, as they are now). Two stamps that differ mean that an
/// article may be extracted differently, so an `add` onto a store of
/// another stamp can differ from one `build` over all its articles.
pub fn extraction_stamp(opts: &InputOptions) -> Result<String> {
    let mut sum = crc32fast::Hasher::new();
    let mut take = |what: &str, text: &str| {
        // The name and length frame each text: no two sets of texts
        // concatenate to the same bytes.
        sum.update(format!("{what} {}\n", text.len()).as_bytes());
        sum.update(text.as_bytes());
    };
    match &opts.grammar {
        Some(path) => take("grammar", &read_file("read grammar", path)?),
        None => crate::grammar::BUILTIN.iter().for_each(|(code, g)| take(code, g)),
    }
    match &opts.kinds_model {
        Some(path) => take("kinds", &read_file("read kind model", path)?),
        None => crate::grammar::BUILTIN_KINDS.iter().for_each(|(code, m)| take(code, m)),
    }
    match &opts.speakers_model {
        Some(path) => take("speakers", &read_file("read speaker model", path)?),
        None => crate::grammar::BUILTIN_SPEAKERS
            .iter()
            .for_each(|(code, m)| take(code, m)),
    }
    Ok(format!(
        "quotegraph {}, rules {:08x}",
        env!("CARGO_PKG_VERSION"),
        sum.finalize()
    ))
}

fn read_file(action: &'static str, path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::File {
        action,
        path: path.to_path_buf(),
        source,
    })
}

fn manifest(opts: &InputOptions) -> Result<HashMap<String, ManifestRow>> {
    match &opts.manifest {
        Some(p) => corpus::read_manifest(p),
        None => Ok(HashMap::new()),
    }
}

/// Articles read and extracted.
pub struct Analysis {
    /// In input order; a repeated id gets `#2`, `#3`… (with a warning).
    pub articles: Vec<Analysed>,
    /// Each article's text, beside `articles`, when asked for.
    pub texts: Option<Vec<String>>,
    /// Bytes of text read.
    pub bytes: usize,
    /// Inputs that could not be read.
    pub failed: usize,
}

/// Loads and analyses every input, a batch at a time. Only the extracted
/// quotes and metadata are kept, and the texts when `keep_texts`.
pub fn analyse_inputs(
    inputs: &[PathBuf],
    opts: &InputOptions,
    keep_texts: bool,
    obs: &dyn Observer,
) -> Result<Analysis> {
    let mut out = Vec::new();
    let mut texts = keep_texts.then(Vec::new);
    let read = analyse_batches(inputs, opts, BATCH_BYTES, obs, &mut |analysed, batch| {
        out.append(analysed);
        if let Some(t) = &mut texts {
            t.extend(batch.drain(..).map(|a| a.text));
        }
        Ok(())
    })?;
    Ok(Analysis {
        articles: out,
        texts,
        bytes: read.bytes,
        failed: read.failed,
    })
}

/// Text read, extracted and written at a time by [`extract_each`]: a few
/// hundred articles, enough to keep a handful of cores busy, and small
/// enough that the memory one batch frees is what the next one reuses.
/// Fresh pages are not free: the kernel zeroes each one, and with the
/// whole corpus's results held that zeroing was a fifth of `extract`.
pub const EXTRACT_BATCH_BYTES: usize = 1 << 20;

/// What [`extract_each`] read and found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extracted {
    pub articles: usize,
    pub quotes: usize,
    /// Bytes of text read.
    pub bytes: usize,
    /// Inputs that could not be read.
    pub failed: usize,
}

/// Reads and analyses every input a batch of about `batch_bytes` of text
/// at a time, and hands each batch's articles, in input order, to
/// `write`, then lets them go: memory follows the batch, not the corpus.
/// The order, and so the output, is the same for any number of threads.
/// Once `write` fails, the rest is read (so that every unreadable input
/// is still reported) but not extracted, and its error is returned.
pub fn extract_each(
    inputs: &[PathBuf],
    opts: &InputOptions,
    batch_bytes: usize,
    obs: &dyn Observer,
    write: &mut dyn FnMut(&[Analysed]) -> io::Result<()>,
) -> Result<Extracted> {
    let mut articles = 0;
    let mut quotes = 0;
    let read = analyse_batches(inputs, opts, batch_bytes, obs, &mut |analysed, _| {
        articles += analysed.len();
        quotes += analysed.iter().map(|a| a.quotes.len()).sum::<usize>();
        write(analysed).map_err(Error::Output)
    })?;
    Ok(Extracted {
        articles,
        quotes,
        bytes: read.bytes,
        failed: read.failed,
    })
}

/// Takes a batch's analysed articles and the articles they came from.
type BatchSink<'a> = dyn FnMut(&mut Vec<Analysed>, &mut Vec<corpus::Article>) -> Result<()> + 'a;

/// What [`analyse_batches`] read.
struct Read {
    bytes: usize,
    failed: usize,
}

/// The reading and extracting that [`analyse_inputs`] and
/// [`extract_each`] share: every input read `batch_bytes` of text at a
/// time, each batch extracted (in parallel, in input order), repeated ids
/// renamed, and the analysed articles handed to `sink` beside the batch
/// they came from. `sink` may take what it keeps out of both; what it
/// leaves is dropped before the next batch is read. After `sink` fails,
/// later batches are only read for their problems, and its first error is
/// returned.
fn analyse_batches(
    inputs: &[PathBuf],
    opts: &InputOptions,
    batch_bytes: usize,
    obs: &dyn Observer,
    sink: &mut BatchSink<'_>,
) -> Result<Read> {
    let lang = language(opts)?;
    let manifest = manifest(opts)?;
    let mut failed = 0;
    let mut bytes = 0;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut sunk: Result<()> = Ok(());
    let mut analysed: Vec<Analysed> = Vec::new();
    let mut results: Vec<std::thread::Result<Analysed>> = Vec::new();
    corpus::stream_with(inputs, batch_bytes, opts.read, &mut |mut batch| {
        for p in &batch.problems {
            obs.event(Event::Problem(p));
            failed += usize::from(!p.recovered);
        }
        for a in &batch.archives {
            obs.event(Event::Archive(a));
        }
        if sunk.is_err() {
            return;
        }
        bytes += batch.articles.iter().map(|a| a.text.len()).sum::<usize>();
        batch
            .articles
            .par_iter()
            .map(|a| {
                // A panic is a bug, but it costs only its own article: the
                // article is reported and the run goes on (the analysis
                // shares no state across articles that a panic could
                // leave half made).
                let out =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| analyse(a, manifest.get(&a.id), &lang)));
                obs.event(Event::Analysed);
                out
            })
            .collect_into_vec(&mut results);
        for p in set_apart_panics(&mut batch.articles, &mut results, &mut analysed) {
            obs.event(Event::Problem(&p));
            failed += 1;
        }
        for (a, analysed) in batch.articles.iter().zip(analysed.iter_mut()) {
            let n = seen.entry(a.id.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                let id = format!("{}#{}", a.id, n);
                obs.event(Event::Message(&format!(
                    "warning: {}: duplicate article id `{}`; this copy is reported as `{id}`",
                    a.origin, a.id
                )));
                analysed.id = id;
            }
        }
        sunk = sink(&mut analysed, &mut batch.articles);
        analysed.clear();
        obs.event(Event::Batch);
    });
    obs.event(Event::Done);
    sunk?;
    Ok(Read { bytes, failed })
}

/// Moves each article's analysis from `results` to `analysed`, in order;
/// an article whose analysis panicked is taken out of `articles` and
/// given back as a problem that names its file and line.
fn set_apart_panics(
    articles: &mut Vec<corpus::Article>,
    results: &mut Vec<std::thread::Result<Analysed>>,
    analysed: &mut Vec<Analysed>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut kept = Vec::with_capacity(articles.len());
    for (a, r) in std::mem::take(articles).into_iter().zip(results.drain(..)) {
        match r {
            Ok(x) => {
                analysed.push(x);
                kept.push(a);
            }
            Err(payload) => {
                let message = payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "panicked".to_string());
                problems.push(Problem {
                    error: Error::Analysis {
                        origin: a.origin,
                        id: a.id,
                        message,
                    },
                    recovered: false,
                });
            }
        }
    }
    *articles = kept;
    problems
}

/// A corpus read, extracted and linked; articles in id order.
pub struct LinkedCorpus {
    pub articles: Vec<Analysed>,
    /// Each article's text, when asked for.
    pub texts: Option<Vec<String>>,
    pub linked: Linked,
    pub cfg: LinkConfig,
    pub wc: WordClasses,
    pub failed: usize,
    /// How the articles were read ([`InputOptions::reading`]).
    pub reading: String,
}

/// Loads, extracts and links a corpus. Articles are put in id order
/// first, so that every output is the same whatever the order of the
/// inputs. With `stats`, the time each stage took is told as a message.
pub fn link_inputs(
    inputs: &[PathBuf],
    opts: &InputOptions,
    cfg: &LinkConfig,
    keep_texts: bool,
    stats: bool,
    obs: &dyn Observer,
) -> Result<LinkedCorpus> {
    let read = read_inputs(inputs, opts, keep_texts, obs)?;
    let linked = link_read(&read, cfg, false, stats, obs);
    Ok(LinkedCorpus {
        articles: read.articles,
        texts: read.texts,
        linked,
        cfg: *cfg,
        wc: read.wc,
        failed: read.failed,
        reading: opts.reading(),
    })
}

/// A corpus read and extracted, articles in id order, not yet linked.
struct ReadCorpus {
    articles: Vec<Analysed>,
    texts: Option<Vec<String>>,
    wc: WordClasses,
    bytes: usize,
    failed: usize,
    started: Instant,
    extracted: std::time::Duration,
}

fn read_inputs(inputs: &[PathBuf], opts: &InputOptions, keep_texts: bool, obs: &dyn Observer) -> Result<ReadCorpus> {
    let wc = WordClasses::from_grammars(language(opts)?.grammars());
    let started = Instant::now();
    let Analysis {
        articles,
        texts,
        bytes,
        failed,
    } = analyse_inputs(inputs, opts, keep_texts, obs)?;
    let (articles, texts) = in_id_order(articles, texts);
    Ok(ReadCorpus {
        articles,
        texts,
        wc,
        bytes,
        failed,
        started,
        extracted: started.elapsed(),
    })
}

/// Links what [`read_inputs`] read; with `stats`, tells how long reading
/// and linking took.
/// With `keep_links`, keeps every link compared, for a store.
fn link_read(read: &ReadCorpus, cfg: &LinkConfig, keep_links: bool, stats: bool, obs: &dyn Observer) -> Linked {
    let mut steps = Stages::new(stats);
    let linked = link::link_with(&read.articles.as_slice(), cfg, None, None, keep_links, &mut |step| {
        steps.lap(step)
    });
    let t_link = read.started.elapsed();
    if stats {
        let links = linked.graph.edge_count();
        obs.event(Event::Message(&format!(
            "stats: read+extract {:.2} s ({:.1} MB), link {:.2} s ({} variants, {} candidate pairs, {links} links)",
            read.extracted.as_secs_f64(),
            read.bytes as f64 / 1e6,
            (t_link - read.extracted).as_secs_f64(),
            linked.variants.len(),
            linked.candidates,
        )));
        steps.tell_as("link steps", obs);
    }
    linked
}

/// Sorts articles by id, their texts (when kept) alongside.
pub fn in_id_order<T>(articles: Vec<Analysed>, texts: Option<Vec<T>>) -> (Vec<Analysed>, Option<Vec<T>>) {
    match texts {
        None => {
            let mut articles = articles;
            articles.sort_by(|a, b| a.id.cmp(&b.id));
            (articles, None)
        }
        Some(texts) => {
            let mut both: Vec<(Analysed, T)> = articles.into_iter().zip(texts).collect();
            both.sort_by(|a, b| a.0.id.cmp(&b.0.id));
            let (a, t) = both.into_iter().unzip();
            (a, Some(t))
        }
    }
}

/// A corpus traced: every family's report held.
pub struct Traced {
    pub articles: Vec<Analysed>,
    pub linked: Linked,
    pub prov: Provenance,
    pub failed: usize,
}

/// Loads, extracts, links and traces a corpus.
pub fn trace_inputs(inputs: &[PathBuf], opts: &InputOptions, cfg: &LinkConfig, obs: &dyn Observer) -> Result<Traced> {
    let c = link_inputs(inputs, opts, cfg, false, false, obs)?;
    let prov = provenance::trace(&c.articles, &c.linked, &c.cfg, &c.wc);
    Ok(Traced {
        articles: c.articles,
        linked: c.linked,
        prov,
        failed: c.failed,
    })
}

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

/// Where and how `build` writes its files.
#[derive(Debug, Clone)]
pub struct OutputOptions {
    /// Folder to write into; created if missing.
    pub dir: PathBuf,
    /// Render SVGs only for graphs up to this many nodes.
    pub svg_max_nodes: usize,
    /// Tell the time tracing took.
    pub stats: bool,
}

/// What a build wrote and found.
#[derive(Debug, Clone, Default)]
pub struct BuildSummary {
    pub articles: usize,
    pub quotes: usize,
    pub families: usize,
    /// Families across two or more articles.
    pub shared: usize,
    pub copy_edges: usize,
    pub sources: usize,
    pub possible_misattributions: usize,
    /// Files written, in order.
    pub written: Vec<PathBuf>,
}

/// Reads, extracts, links and traces a corpus, and writes
/// `quotes.jsonl`, `families.json`, `provenance.dot`, `outlets.dot` and,
/// when Graphviz is there and the graphs are small enough, their SVGs;
/// and the store at `db`, if any, whose thread writes the articles while
/// the corpus is linked ([`StoreSink`]). Returns how many inputs could
/// not be read, beside what was written.
pub fn build(
    inputs: &[PathBuf],
    opts: &InputOptions,
    cfg: &LinkConfig,
    out: &OutputOptions,
    db: Option<&Path>,
    obs: &dyn Observer,
) -> Result<(BuildSummary, Provenance, usize)> {
    let read = read_inputs(inputs, opts, db.is_some(), obs)?;
    let writer = db
        .map(|db| store::Writer::create(db, &opts.reading(), &extraction_stamp(opts)?))
        .transpose()?;
    let texts = read.texts.as_deref().unwrap_or_default();
    let (summary, prov) = std::thread::scope(|scope| {
        let sink = db
            .zip(writer)
            .map(|(db, w)| StoreSink::start(scope, db, w, &read.articles, texts, out.stats));
        let linked = link_read(&read, cfg, db.is_some(), out.stats, obs);
        build_linked(&read.articles, linked, cfg, &read.wc, sink, out, obs)
    })?;
    Ok((summary, prov, read.failed))
}

/// Traces a linked corpus and writes the outputs, and the rest of the
/// store into `sink`.
fn build_linked(
    articles: &[Analysed],
    linked: Linked,
    cfg: &LinkConfig,
    wc: &WordClasses,
    mut sink: Option<StoreSink<'_>>,
    out: &OutputOptions,
    obs: &dyn Observer,
) -> Result<(BuildSummary, Provenance)> {
    let t_trace = Instant::now();
    let steps = std::cell::RefCell::new(Stages::new(out.stats));
    let mut linked = Some(linked);
    let mut produce = |write: &mut dyn FnMut(&FamilyReport)| {
        let linked = linked.take().expect("traced once");
        // A store keeps what each report is made of, for `add`.
        let never: &provenance::Keep<'_> = &|_| None;
        let keep = sink.is_some().then_some(never);
        let prov = provenance::trace_some(
            &articles,
            &linked,
            cfg,
            wc,
            keep.map(|keep| provenance::Keeping {
                keep,
                quotes: None,
                unchanged: None,
            }),
            &mut |family, inputs| {
                if let provenance::Traced::Report(fam) = family {
                    write(&fam);
                    // Handed over once written: the store's thread packs it.
                    if let Some(s) = &mut sink {
                        s.family(*fam, inputs);
                    }
                }
            },
            &mut |step| steps.borrow_mut().lap(step),
        );
        if let Some(s) = &mut sink {
            s.traced(articles, &linked, &prov, cfg);
            steps.borrow_mut().lap("store variants, index and occurrences made");
        }
        // The links are let go here: the rest of the outputs need none.
        prov
    };
    let mut traced = |step: &'static str| {
        if out.stats && step == "families.json" {
            obs.event(Event::Message(&format!(
                "stats: trace and write families {:.2} s",
                t_trace.elapsed().as_secs_f64()
            )));
        }
        steps.borrow_mut().lap(step);
    };
    let (summary, prov) = write_outputs(articles, out, &mut produce, &mut traced, obs)?;
    steps.borrow().tell_as("trace and write steps", obs);
    if let Some(s) = sink {
        s.finish(out.stats, obs)?;
    }
    Ok((summary, prov))
}

/// What the thread that writes a build's store is handed, in order.
enum StoreJob {
    /// Reports as they are traced, a batch at a time.
    Families(Vec<(FamilyReport, u64)>),
    /// What the linker found, once every family is in.
    Linked(store::LinkedRows),
    /// Speakers, sources and thresholds: the last rows.
    Provenance(Box<Provenance>),
}

/// Reports are handed to the store's thread this many at a time.
const FAMILY_BATCH: usize = 256;

/// Batches that may wait for the store's thread: when it falls behind
/// the trace, the trace waits, rather than hold every report twice (at
/// 1M, gigabytes).
const QUEUED_BATCHES: usize = 32;

/// A store written by a thread of its own, started before the corpus is
/// linked, so that its rows go in while the rest of the build goes on:
/// the articles while the linker runs (whenever no other rows wait),
/// the reports as the trace hands them out (packed on that thread: the
/// trace's calling thread hands each over once written), then the variant, index and
/// occurrence rows (made on every core) while the build writes its own
/// files, then the speakers and sources and the commit. Every row goes
/// in in one order whatever the timing (all the articles before the
/// first family, whose batch waits for them), so the store is the same
/// bytes on any number of threads, with no packed copy to make it so.
struct StoreSink<'scope> {
    jobs: std::sync::mpsc::SyncSender<StoreJob>,
    batch: Vec<(FamilyReport, u64)>,
    thread: std::thread::ScopedJoinHandle<'scope, Result<Option<(store::Finished, Stages)>>>,
    path: PathBuf,
}

impl<'scope> StoreSink<'scope> {
    fn start<'env>(
        scope: &'scope std::thread::Scope<'scope, 'env>,
        path: &Path,
        writer: store::Writer,
        articles: &'env [Analysed],
        texts: &'env [String],
        stats: bool,
    ) -> StoreSink<'scope> {
        let (jobs, todo) = std::sync::mpsc::sync_channel(QUEUED_BATCHES);
        let thread = scope.spawn(move || write_store(writer, todo, articles, texts, stats));
        StoreSink {
            jobs,
            batch: Vec::with_capacity(FAMILY_BATCH),
            thread,
            path: path.to_path_buf(),
        }
    }

    /// A send fails only when the thread has stopped on an error, which
    /// [`StoreSink::finish`] tells.
    fn send(&self, job: StoreJob) {
        let _ = self.jobs.send(job);
    }

    fn family(&mut self, fam: FamilyReport, inputs: u64) {
        self.batch.push((fam, inputs));
        if self.batch.len() == FAMILY_BATCH {
            let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(FAMILY_BATCH));
            self.send(StoreJob::Families(batch));
        }
    }

    /// The last reports, then the rows of what the linker found and the
    /// provenance beside the families.
    fn traced(&mut self, articles: &[Analysed], linked: &Linked, prov: &Provenance, cfg: &LinkConfig) {
        let last = std::mem::take(&mut self.batch);
        self.send(StoreJob::Families(last));
        self.send(StoreJob::Linked(store::linked_rows(
            articles,
            linked,
            &prov.family_of,
            cfg,
        )));
        self.send(StoreJob::Provenance(Box::new(Provenance {
            families: Vec::new(),
            speakers: prov.speakers.clone(),
            sources: prov.sources.clone(),
            thresholds: prov.thresholds,
            family_of: Vec::new(),
        })));
    }

    /// Waits for the store's thread and puts the store in place; its
    /// stages are told as one `stats:` message (`build --db --stats`).
    fn finish(self, stats: bool, obs: &dyn Observer) -> Result<()> {
        drop(self.jobs);
        let mut waited = Stages::new(stats);
        let (finished, steps) = self
            .thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?
            .ok_or_else(|| Error::StoreFormat {
                path: self.path.clone(),
                message: "not written: the build stopped before the store's last rows".into(),
            })?;
        waited.lap("waited for the store's thread");
        steps.tell_as("store steps (its own thread)", obs);
        finished.put_in_place()?;
        waited.lap("store put in place");
        waited.tell_as("store", obs);
        Ok(())
    }
}

/// The store's thread ([`StoreSink`]): inserts the articles while
/// nothing else waits, and what it is handed in order, every article
/// before the first family; then commits the store. Without the provenance (the build failed elsewhere
/// and dropped its end), it leaves nothing.
fn write_store(
    mut writer: store::Writer,
    todo: std::sync::mpsc::Receiver<StoreJob>,
    articles: &[Analysed],
    texts: &[String],
    stats: bool,
) -> Result<Option<(store::Finished, Stages)>> {
    use std::sync::mpsc::TryRecvError;
    let mut steps = Stages::new(stats);
    let mut written = 0;
    let mut all_in = articles.is_empty();
    loop {
        let job = match todo.try_recv() {
            Ok(job) => job,
            Err(TryRecvError::Empty) if !all_in => {
                written = writer.articles(articles, texts, written)?;
                all_in = written >= articles.len().min(texts.len());
                continue;
            }
            Err(TryRecvError::Empty) => match todo.recv() {
                Ok(job) => job,
                Err(_) => break,
            },
            Err(TryRecvError::Disconnected) => break,
        };
        match job {
            StoreJob::Families(batch) => {
                // Every article goes in before the first family, so that
                // the file is the same bytes whatever the timing.
                while !all_in {
                    written = writer.articles(articles, texts, written)?;
                    all_in = written >= articles.len().min(texts.len());
                }
                writer.family_batch(batch)?
            }
            StoreJob::Linked(rows) => {
                steps.lap("articles and families as they came");
                writer.linked(rows)?;
                steps.lap("variants, index and occurrences");
            }
            StoreJob::Provenance(prov) => {
                writer.provenance(&prov)?;
                steps.lap("speakers, sources and citations");
                let finished = writer.finish()?;
                steps.lap("fragments, outlets and commit");
                return Ok(Some((finished, steps)));
            }
        }
    }
    Ok(None)
}

/// What `add` did.
#[derive(Debug, Clone, Default)]
pub struct AddSummary {
    /// Articles the store held before.
    pub before: usize,
    /// Articles added.
    pub added: usize,
    /// Articles not added because their id is in the store already.
    pub already: usize,
    /// Articles and families the store holds now.
    pub articles: usize,
    pub families: usize,
    /// Families traced again (the others' reports were kept: nothing
    /// they are made of changed).
    pub traced: usize,
    /// Inputs that could not be read.
    pub failed: usize,
}

/// Adds articles to the store at `db`: the new ones are extracted, then
/// the whole corpus is linked again under the store's thresholds, the
/// families whose report can have changed traced again (the others'
/// reports kept: `provenance::trace_some`), and the store updated in
/// place in one transaction ([`store::Update`]), so that it holds what
/// one `build --db` over every article would. An article whose id the
/// store holds already is told (as a warning) and left out. With
/// `stats`, the time each stage took is told as a message.
pub fn add(inputs: &[PathBuf], opts: &InputOptions, db: &Path, stats: bool, obs: &dyn Observer) -> Result<AddSummary> {
    let mut clock = Stages::new(stats);
    let mut up = store::Update::begin(store::Store::open(db)?)?;
    let st = up.store();
    let cfg = st.config()?;
    let reading = opts.reading();
    let stored = st.reading()?;
    if stored != reading {
        return Err(Error::StoreFormat {
            path: db.to_path_buf(),
            message: format!(
                "its articles were read with `{stored}`, these would be read with `{reading}`: add them with `{stored}`"
            ),
        });
    }
    // Old articles keep the quotes they were given: where the rules have
    // changed since, say so, as the add then differs from one build.
    let stamp = extraction_stamp(opts)?;
    match st.extraction()? {
        Some(old) if old == stamp => {}
        old => obs.event(Event::Message(&format!(
            "warning: the articles in {} were extracted by {}; these are extracted by {stamp}: the old articles keep \
             the quotes they were given, so this add can differ from one `build` over all of them",
            db.display(),
            old.as_deref().unwrap_or("a quotegraph that recorded no rules")
        ))),
    }
    // The old articles are held compact: what the link and the trace
    // read of them (no text, no offsets); their quotes' words are their
    // stored variants', and only the families traced again read their
    // quotes whole (fetched from the store as the trace needs them).
    // What the link reads of the stored occurrences, variants and links
    // is read beside, on a connection of its own: the update has written
    // nothing yet, and its lock lets others read.
    let (held_articles, link_reads) = std::thread::scope(|s| {
        let beside = s.spawn(|| store::Store::open_read_only(db)?.link_reads());
        let held = st.held_articles();
        (held, beside.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    });
    let (stored_articles, seqs) = held_articles?;
    let mut link_reads = link_reads?;
    up.release_memory()?;
    clock.lap("read store");
    let known: std::collections::HashSet<&str> = (0..stored_articles.len()).map(|a| stored_articles.id(a)).collect();
    let new = analyse_inputs(inputs, opts, true, obs)?;
    clock.lap("read+extract new");
    let mut summary = AddSummary {
        before: stored_articles.len(),
        failed: new.failed,
        ..AddSummary::default()
    };
    let (mut fresh, mut fresh_texts) = (Vec::new(), Vec::new());
    for (a, text) in new.articles.into_iter().zip(new.texts.unwrap_or_default()) {
        if known.contains(a.id.as_str()) {
            obs.event(Event::Message(&format!(
                "warning: article `{}` is in {} already; not added again",
                a.id,
                db.display()
            )));
            summary.already += 1;
            continue;
        }
        fresh.push(a);
        fresh_texts.push(Some(text));
        summary.added += 1;
    }
    // Not held while the add links (a set of every old article's id).
    drop(known);
    let mut articles = Added::new(stored_articles, fresh);
    // Per place in id order: an old article's number, a new one's text.
    let (held, texts): (Vec<Option<i64>>, Vec<Option<String>>) = (0..articles.len())
        .map(|a| match articles.slot(a) {
            Slot::Held(h) => (Some(seqs[h]), None),
            Slot::New(n) => (None, fresh_texts[n].take()),
        })
        .unzip();
    drop(seqs);
    let wc = WordClasses::from_grammars(language(opts)?.grammars());
    let mut steps = Stages::new(stats);
    let stored = link_reads.stored(&held);
    let prior = link_reads.prior(&stored);
    let old = link::Old {
        stored: &stored,
        words: link_reads.words,
    };
    // A stored quote the stored words do not serve (one with a quote
    // nested in it) is split from its text: its article is read whole.
    let unserved: Vec<usize> = (0..articles.len())
        .into_par_iter()
        .filter(|&i| {
            held[i].is_some()
                && (0..articles.quote_count(i)).any(|q| !old.serves(i as u32, q as u32, articles.quote(i, q).segments))
        })
        .collect();
    let seqs: Vec<i64> = unserved.iter().filter_map(|&i| held[i]).collect();
    for (i, quotes) in unserved.into_iter().zip(up.store().whole_quotes(&seqs)?) {
        articles.load(i, quotes);
    }
    clock.lap("read occurrences, links and words");
    let linked = link::link_with(&articles, &cfg, prior.as_ref(), Some(old), true, &mut |step| {
        steps.lap(step)
    });
    clock.lap("link");
    // Each occurrence's stored numbers, and the families the trace need
    // not hash again: the stored links are read here for it, then let go.
    let by_occurrence = store::stored_by_occurrence(&linked, &stored);
    let unchanged = store::unchanged_families(&linked, prior.as_ref(), &by_occurrence);
    drop(prior);
    drop(stored);
    let stored = by_occurrence;
    // The quotes of the stored articles of the families the link did not
    // leave as they were (those the trace traces again, but for the few
    // whose stored inputs turn out not to be trusted), read beside while
    // the add writes the new articles and the trace sets up: on the
    // store's thread they were a step of their own, one core idle.
    let mut prefetched = Some(prefetch_quotes(db, &articles, &linked, &unchanged, &held));
    clock.lap("families unchanged");
    if stats {
        obs.event(Event::Message(&format!(
            "stats: aligned {} of {} candidate pairs, {} answered by the stored links; {} of {} variants' pairs listed again",
            linked.aligned,
            linked.candidates,
            linked.settled,
            linked.redone,
            linked.variants.len()
        )));
    }
    let seqs = up.articles(&articles, &held, &texts)?;
    drop(texts);
    clock.lap("write new articles");
    // The reports an add may keep: those of families whose inputs did
    // not change (none from a store older than schema 6), read where the
    // update holds them.
    let held_inputs = up.held_inputs();
    let keep = |key: &str| held_inputs.of(key);
    // The stored numbers and inputs of the families the link left as
    // they were.
    let by_number = up.inputs_by_number();
    let unchanged: Vec<Option<(u32, u64)>> = unchanged
        .par_iter()
        .map(|&n| Some((n, by_number.get(n as usize).copied().flatten()?)))
        .collect();
    drop(by_number);
    let names = up.speaker_names()?;
    let mut result = Ok(());
    let mut trace_steps = Stages::new(stats);
    // The quotes of the stored articles of the families traced again, read
    // before the first family is handed out (so the two never borrow the
    // update at once).
    let shared = std::cell::RefCell::new(up);
    let mut fetched = Ok(());
    let mut quotes = |places: &[u32]| -> Vec<(u32, Vec<crate::extract::Quote>)> {
        let mut read = match prefetched.take().map(Prefetch::wait).transpose() {
            Ok(read) => read.unwrap_or_default(),
            Err(e) => {
                fetched = Err(e);
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(places.len());
        let mut old = Vec::new();
        for &a in places.iter().filter(|&&a| held[a as usize].is_some()) {
            match read.remove(&a) {
                Some(quotes) => out.push((a, quotes)),
                None => old.push(a),
            }
        }
        drop(read);
        let seqs: Vec<i64> = old.iter().filter_map(|&a| held[a as usize]).collect();
        match shared.borrow().store().whole_quotes(&seqs) {
            Ok(quotes) => out.extend(old.into_iter().zip(quotes)),
            Err(e) => fetched = Err(e),
        }
        out
    };
    // Each report is packed on the thread that traced it: the store's
    // thread (this one) only writes them.
    let mut prov = provenance::trace_finished(
        &articles,
        &linked,
        &cfg,
        &wc,
        Some(provenance::Keeping {
            keep: &keep,
            quotes: Some(&mut quotes),
            unchanged: Some(provenance::Unchanged {
                families: &unchanged,
                names: &names,
            }),
        }),
        // Boxed: a slice of a thousand families, most of them kept, is
        // then a few bytes each, not the packed family's 330.
        &|fam, inputs| Box::new(store::PackedFamily::traced(fam, inputs)),
        &mut |family, _| {
            if result.is_ok() {
                let mut up = shared.borrow_mut();
                result = match family {
                    provenance::Traced::Report(fam) => up.family_among(*fam, &articles),
                    provenance::Traced::Kept(fam) => up.kept(fam),
                }
            }
        },
        &mut |step| trace_steps.lap(step),
    );
    fetched?;
    result?;
    // The trace's share of the held families: the commit frees them.
    drop(held_inputs);
    let mut up = shared.into_inner();
    clock.lap("trace and write families");
    up.linked(&articles, &seqs, &linked, &prov.family_of, &cfg, &stored)?;
    drop(linked);
    clock.lap("write variants, index, occurrences");
    (summary.families, summary.traced) = up.families();
    prov.families = Vec::new();
    up.provenance(&prov)?;
    up.commit()?;
    clock.lap("write the rest and commit");
    clock.tell(obs);
    steps.tell_as("link steps", obs);
    trace_steps.tell_as("trace steps", obs);
    summary.articles = articles.len();
    Ok(summary)
}

/// The quotes, whole, of stored articles, being read on a thread of their
/// own ([`prefetch_quotes`]).
struct Prefetch {
    places: Vec<u32>,
    reading: Option<std::thread::JoinHandle<Result<Vec<Vec<crate::extract::Quote>>>>>,
}

impl Prefetch {
    /// The quotes read, by place.
    fn wait(self) -> Result<rustc_hash::FxHashMap<u32, Vec<crate::extract::Quote>>> {
        let Some(reading) = self.reading else {
            return Ok(Default::default());
        };
        let quotes = reading.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?;
        Ok(self.places.into_iter().zip(quotes).collect())
    }
}

/// Starts reading, on a connection and a thread of their own, the whole
/// quotes of the stored articles (`held`, by place: their numbers) that
/// the families `unchanged` does not know (`u32::MAX`) hold: those an
/// add traces again (issue 16). None without `unchanged` (a store that
/// kept no links): every family is then hashed, and the trace asks for
/// what it needs. Returns once the read has begun, so that it sees the
/// store as it was: the update has written nothing yet, and what it
/// writes from then on waits for the commit, which comes after.
fn prefetch_quotes(
    db: &Path,
    articles: &dyn Articles,
    linked: &Linked,
    unchanged: &[u32],
    held: &[Option<i64>],
) -> Prefetch {
    if unchanged.is_empty() {
        return Prefetch {
            places: Vec::new(),
            reading: None,
        };
    }
    let mut places = linked.articles_of_families(|f| unchanged.get(f).is_none_or(|&n| n == u32::MAX));
    places.retain(|&a| held[a as usize].is_some() && articles.quotes(a as usize).is_none());
    let seqs: Vec<i64> = places.iter().filter_map(|&a| held[a as usize]).collect();
    let (begun, has_begun) = std::sync::mpsc::channel();
    let db = db.to_path_buf();
    let reading = std::thread::spawn(move || {
        // Unmapped: the pages of the texts it reads would stay resident
        // (mapped, they count in the add's memory: 0.7 GiB at 1M).
        store::Store::open_read_only(&db)?.unmapped()?.in_one_read(|st| {
            // The read transaction's lock, taken before anything is read.
            st.reading()?;
            let _ = begun.send(());
            st.whole_quotes(&seqs)
        })
    });
    // An error before the read began comes with the join.
    let _ = has_begun.recv();
    Prefetch {
        places,
        reading: Some(reading),
    }
}

/// The time each stage of a command took, and its CPU time (user and
/// system, every thread: the machine is shared, and wall time tells the
/// load as much as the work), told as one `stats:` message. Where the
/// calling thread's own CPU time is known it is told too: the work no
/// other thread shares, the stage's floor on an idle machine.
struct Stages {
    on: bool,
    last: (Instant, f64, f64),
    laps: Vec<String>,
}

impl Stages {
    fn new(on: bool) -> Stages {
        Stages {
            on,
            last: (Instant::now(), cpu_seconds(Who::Process), cpu_seconds(Who::Thread)),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, stage: &str) {
        if self.on {
            let now = (Instant::now(), cpu_seconds(Who::Process), cpu_seconds(Who::Thread));
            let own = if now.2 > 0.0 {
                format!(", {:.2} s on this thread", now.2 - self.last.2)
            } else {
                String::new()
            };
            // Memory held after the stage and the most held so far: the
            // peak an add is judged by (issue 16) is one stage's.
            let memory = match resident_mib() {
                Some((held, peak)) => format!("; RSS {held} MiB, peak {peak} MiB"),
                None => String::new(),
            };
            self.laps.push(format!(
                "{stage} {:.2} s (CPU {:.2} s{own}{memory})",
                (now.0 - self.last.0).as_secs_f64(),
                now.1 - self.last.1
            ));
            self.last = now;
        }
    }

    fn tell(&self, obs: &dyn Observer) {
        self.tell_as("", obs)
    }

    /// Tells the laps after `what`, when there is one.
    fn tell_as(&self, what: &str, obs: &dyn Observer) {
        if self.on {
            let sep = if what.is_empty() { "" } else { ": " };
            obs.event(Event::Message(&format!("stats: {what}{sep}{}", self.laps.join(", "))));
        }
    }
}

/// This process's resident memory now and at its peak so far, in MiB,
/// where the platform says (Linux: `/proc/self/statm` and `getrusage`).
fn resident_mib() -> Option<(u64, u64)> {
    #[cfg(target_os = "linux")]
    {
        let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
        let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
        // SAFETY: sysconf reads a constant; getrusage only writes the
        // struct it is given.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if page <= 0 || unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
            return None;
        }
        // ru_maxrss is in KiB on Linux.
        Some(((pages * page as u64) >> 20, usage.ru_maxrss as u64 >> 10))
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// Whose CPU time [`cpu_seconds`] reads.
#[derive(Clone, Copy)]
enum Who {
    Process,
    Thread,
}

/// CPU time so far, user and system, in seconds, of this process (every
/// thread) or of the calling thread; 0 where the platform does not say.
fn cpu_seconds(who: Who) -> f64 {
    #[cfg(target_os = "linux")]
    {
        let whom = match who {
            Who::Process => libc::RUSAGE_SELF,
            Who::Thread => libc::RUSAGE_THREAD,
        };
        // SAFETY: getrusage only writes the struct it is given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(whom, &mut usage) } == 0 {
            let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            return secs(usage.ru_utime) + secs(usage.ru_stime);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = who;
    0.0
}

/// Writes a build's outputs (`quotes.jsonl`, `families.json`, the graphs)
/// from the store at `db`, as `build` wrote or would write them.
pub fn export(db: &Path, out: &OutputOptions, obs: &dyn Observer) -> Result<BuildSummary> {
    let st = store::Store::open(db)?;
    let articles = st.articles()?;
    let mut prov = Some(st.provenance(&articles)?);
    drop(st);
    let mut produce = |write: &mut dyn FnMut(&FamilyReport)| {
        let mut prov = prov.take().expect("handed out once");
        for fam in std::mem::take(&mut prov.families) {
            write(&fam);
        }
        prov
    };
    Ok(write_outputs(&articles, out, &mut produce, &mut |_| {}, obs)?.0)
}

/// Hands out each family report in order to the function it is given,
/// and returns the rest of the provenance.
pub type Produce<'a> = dyn FnMut(&mut dyn FnMut(&FamilyReport)) -> Provenance + 'a;

/// Writes every output of a build from `produce`, which hands out each
/// family report in order and returns the rest of the provenance;
/// `traced` runs once `families.json` is written. Families are written a
/// slice at a time; what the quotes file, the graph and the summary need
/// is kept as they go by.
pub fn write_outputs(
    articles: &[Analysed],
    out: &OutputOptions,
    produce: &mut Produce<'_>,
    lap: &mut dyn FnMut(&'static str),
    obs: &dyn Observer,
) -> Result<(BuildSummary, Provenance)> {
    std::fs::create_dir_all(&out.dir).map_err(|source| Error::File {
        action: "create",
        path: out.dir.clone(),
        source,
    })?;
    let mut graph = provenance::GraphBuilder::new(articles);
    let mut outlet_graph = provenance::outlets::OutletGraph::new(articles);
    let mut outlines = Vec::new();
    let mut edges = 0;
    let mut header = None;
    let families_json = write_out_with(&out.dir, "families.json", |w| {
        let mut json = render::FamiliesJson::begin(w)?;
        let mut result = Ok(());
        let prov = produce(&mut |fam| {
            if result.is_ok() {
                result = json.family(fam);
            }
            graph.add(outlines.len(), fam);
            outlet_graph.add(fam);
            edges += fam.copy_edges.len();
            outlines.push(fam.outline());
        });
        result?;
        json.finish(&prov)?;
        header = Some(prov);
        Ok(())
    })?;
    lap("families.json");
    let mut prov = header.expect("families.json was written");
    prov.families = outlines;
    let graph = graph.finish(prov.sources.len());
    lap("provenance graph");
    let mut written = vec![
        write_out_with(&out.dir, "quotes.jsonl", |w| render::quotes_jsonl(w, articles, &prov))?,
        families_json,
    ];
    lap("quotes.jsonl");
    written.push(write_out_with(&out.dir, "provenance.dot", |w| {
        render::dot::write(w, articles, &prov, &graph)
    })?);
    lap("provenance.dot");
    let mut outlets_dot = Vec::new();
    render::dot::write_outlets(&mut outlets_dot, &outlet_graph).map_err(|source| Error::File {
        action: "write",
        path: out.dir.join("outlets.dot"),
        source,
    })?;
    written.push(write_out(&out.dir, "outlets.dot", &outlets_dot)?);
    lap("outlets.dot");
    if outlet_graph.articles.len() > out.svg_max_nodes {
        obs.event(Event::Message(&format!(
            "note: outlets.svg not rendered: the graph has {} outlets (over --svg-max-nodes {})",
            outlet_graph.articles.len(),
            out.svg_max_nodes
        )));
    } else if let Some(svg) = svg_of("outlets.svg", String::from_utf8_lossy(&outlets_dot).into_owned(), obs) {
        written.push(write_out(&out.dir, "outlets.svg", &svg)?);
    }
    if graph.node_count() > out.svg_max_nodes {
        obs.event(Event::Message(&format!(
            "note: provenance.svg not rendered: the graph has {} nodes (over --svg-max-nodes {})",
            graph.node_count(),
            out.svg_max_nodes
        )));
    } else if let Some(svg) = svg_of("provenance.svg", render::dot::render(articles, &prov, &graph), obs) {
        written.push(write_out(&out.dir, "provenance.svg", &svg)?);
    }
    let summary = BuildSummary {
        articles: articles.len(),
        quotes: articles.iter().map(|a| a.quotes.len()).sum(),
        families: prov.families.len(),
        shared: prov.families.iter().filter(|f| f.articles > 1).count(),
        copy_edges: edges,
        sources: prov.sources.len(),
        possible_misattributions: prov.families.iter().filter(|f| f.possible_misattribution).count(),
        written,
    };
    Ok((summary, prov))
}

/// Writes `bytes` to `dir/name` atomically; returns the path.
pub fn write_out(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    write_out_with(dir, name, |w| w.write_all(bytes))
}

fn write_out_with(dir: &Path, name: &str, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<PathBuf> {
    let path = dir.join(name);
    render::write_atomic_with(&path, fill).map_err(|source| Error::File {
        action: "write",
        path: path.clone(),
        source,
    })?;
    Ok(path)
}

/// Lays out a DOT graph as SVG with Graphviz, or says why it could not.
fn svg_of(name: &str, dot: String, obs: &dyn Observer) -> Option<Vec<u8>> {
    use graphviz_rust::cmd::{CommandArg, Format as Gv};
    match graphviz_rust::exec_dot(dot, vec![CommandArg::Format(Gv::Svg)]) {
        Ok(svg) => Some(svg),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            obs.event(Event::Message(&format!(
                "note: {name} not rendered: Graphviz `dot` is not on the PATH \
                 (install it: apt install graphviz, brew install graphviz, or https://graphviz.org/download/)"
            )));
            None
        }
        Err(e) => {
            obs.event(Event::Message(&format!(
                "warning: {name} not rendered: Graphviz failed: {e}"
            )));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_whose_analysis_panicked_is_reported_and_the_others_kept() {
        // Session 38: a bug that panicked on one German article ended the
        // whole run; now it costs that article alone, named by file and line.
        let lang = Language::builtin("en").unwrap();
        let mut articles: Vec<corpus::Article> = ["a", "b", "c"]
            .iter()
            .enumerate()
            .map(|(i, id)| corpus::Article {
                id: id.to_string(),
                text: "“We will build it,” Mayor Jane Roe said.".into(),
                origin: format!("in.jsonl:{}", i + 1),
                ..corpus::Article::default()
            })
            .collect();
        let mut results: Vec<std::thread::Result<Analysed>> = articles
            .iter()
            .map(|a| {
                if a.id == "b" {
                    Err(Box::new("index out of bounds") as Box<dyn std::any::Any + Send>)
                } else {
                    Ok(analyse(a, None, &lang))
                }
            })
            .collect();
        let mut analysed = Vec::new();
        let problems = set_apart_panics(&mut articles, &mut results, &mut analysed);
        let ids: Vec<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(analysed.len(), 2);
        assert!(results.is_empty());
        assert_eq!(problems.len(), 1);
        assert!(!problems[0].recovered);
        let said = problems[0].error.to_string();
        assert!(
            said.starts_with("in.jsonl:2: article `b`") && said.ends_with("index out of bounds"),
            "{said}"
        );
    }

    /// `n` JSONL records, the last two repeating the first two's ids.
    fn corpus(dir: &Path, n: usize) -> PathBuf {
        let mut lines = String::new();
        for i in 0..n {
            let id = if i + 2 >= n { i + 2 - n } else { i };
            lines.push_str(&serde_json::to_string(&serde_json::json!({
                "id": format!("a{id}"),
                "text": format!("“We will build {i} bridges,” Mayor Jane Roe{i} said on Monday.\n\nThe council meets again in May."),
            })).unwrap());
            lines.push('\n');
        }
        let path = dir.join("in.jsonl");
        std::fs::write(&path, lines).unwrap();
        path
    }

    fn options() -> InputOptions {
        InputOptions {
            lang: "en".into(),
            ..InputOptions::default()
        }
    }

    /// Each batch `extract_each` hands out, as the JSON lines it would
    /// write, run on a pool of `threads`.
    fn batches(input: &Path, batch_bytes: usize, threads: usize) -> (Vec<Vec<String>>, Extracted) {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| {
            let mut out = Vec::new();
            let done = extract_each(&[input.to_path_buf()], &options(), batch_bytes, &Quiet, &mut |batch| {
                out.push(batch.iter().map(|a| serde_json::to_string(a).unwrap()).collect());
                Ok(())
            })
            .unwrap();
            (out, done)
        })
    }

    #[test]
    fn batches_end_where_their_text_is_full_and_keep_input_order() {
        let dir = tempfile::tempdir().unwrap();
        let input = corpus(dir.path(), 7);
        let whole = analyse_inputs(std::slice::from_ref(&input), &options(), false, &Quiet).unwrap();
        let quotes: usize = whole.articles.iter().map(|a| a.quotes.len()).sum();
        assert_eq!(quotes, 7);
        let whole: Vec<String> = whole
            .articles
            .iter()
            .map(|a| serde_json::to_string(a).unwrap())
            .collect();
        // Every text is as long (one digit each): a batch ends with the
        // article that fills it.
        let text =
            "“We will build 0 bridges,” Mayor Jane Roe0 said on Monday.\n\nThe council meets again in May.".len();
        for (batch_bytes, sizes) in [
            (1, vec![1; 7]),
            (3 * text, vec![3, 3, 1]),
            (3 * text - 1, vec![3, 3, 1]),
            (usize::MAX, vec![7]),
        ] {
            for threads in [1, 2] {
                let (got, done) = batches(&input, batch_bytes, threads);
                assert_eq!(
                    got.iter().map(Vec::len).collect::<Vec<_>>(),
                    sizes,
                    "{batch_bytes} bytes"
                );
                assert_eq!(got.concat(), whole, "{batch_bytes} bytes, {threads} threads");
                assert_eq!((done.articles, done.quotes, done.failed), (7, quotes, 0));
            }
        }
    }

    #[test]
    fn a_repeated_id_is_renamed_across_batches() {
        let dir = tempfile::tempdir().unwrap();
        let input = corpus(dir.path(), 5);
        let (got, _) = batches(&input, 1, 1);
        let ids: Vec<String> = got
            .concat()
            .iter()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(ids, ["a0", "a1", "a2", "a0#2", "a1#2"]);
    }

    #[test]
    fn a_failed_write_stops_extraction_and_is_returned() {
        let dir = tempfile::tempdir().unwrap();
        let input = corpus(dir.path(), 4);
        let mut calls = 0;
        let err = extract_each(&[input], &options(), 1, &Quiet, &mut |_| {
            calls += 1;
            Err(io::Error::new(io::ErrorKind::BrokenPipe, "closed"))
        })
        .unwrap_err();
        assert_eq!(calls, 1);
        assert!(
            matches!(&err, Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe),
            "{err}"
        );
    }

    #[test]
    fn unreadable_inputs_are_counted_while_streaming() {
        let dir = tempfile::tempdir().unwrap();
        let input = corpus(dir.path(), 2);
        let missing = dir.path().join("missing.jsonl");
        let mut n = 0;
        let done = extract_each(&[missing, input], &options(), 1, &Quiet, &mut |b| {
            n += b.len();
            Ok(())
        })
        .unwrap();
        assert_eq!((done.articles, n, done.failed), (2, 2, 1));
    }
}
