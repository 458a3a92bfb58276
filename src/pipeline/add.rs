//! `add`: new articles extracted into a store, the corpus linked again,
//! only the families whose inputs changed traced again, and the store
//! updated in place; the quotes those families need read beside
//! ([`prefetch_quotes`]).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::stages::Stages;
use super::{analyse_inputs, extraction_stamp, language, Event, InputOptions, Observer};
use crate::article::held::{Added, Slot};
use crate::article::Articles;
use crate::error::{Error, Result};
use crate::link::{self, Linked};
use crate::provenance::{self, drift::WordClasses};
use crate::store;

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
