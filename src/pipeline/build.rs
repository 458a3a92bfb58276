//! `build`: a corpus read, linked and traced, its files written as the
//! trace goes, and with `--db` its store written on a thread of its own
//! ([`StoreSink`]).

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::linking::{link_read, read_inputs};
use super::stages::Stages;
use super::{extraction_stamp, write_outputs, BuildSummary, Event, InputOptions, Observer, OutputOptions};
use crate::article::Analysed;
use crate::error::{Error, Result};
use crate::link::{LinkConfig, Linked};
use crate::provenance::{self, drift::WordClasses, FamilyReport, Provenance};
use crate::store;

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
