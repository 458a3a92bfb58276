//! A corpus read, extracted, put in id order and linked
//! ([`link_inputs`]), and traced ([`trace_inputs`]): what `build`,
//! `origin` and `drift` over inputs start from.

use std::path::PathBuf;
use std::time::Instant;

use super::stages::Stages;
use super::{analyse_inputs, language, Analysis, Event, InputOptions, Observer};
use crate::article::Analysed;
use crate::error::Result;
use crate::link::{self, LinkConfig, Linked};
use crate::provenance::{self, drift::WordClasses, Provenance};

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
pub(super) struct ReadCorpus {
    pub(super) articles: Vec<Analysed>,
    pub(super) texts: Option<Vec<String>>,
    pub(super) wc: WordClasses,
    bytes: usize,
    pub(super) failed: usize,
    started: Instant,
    extracted: std::time::Duration,
}

pub(super) fn read_inputs(
    inputs: &[PathBuf],
    opts: &InputOptions,
    keep_texts: bool,
    obs: &dyn Observer,
) -> Result<ReadCorpus> {
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
pub(super) fn link_read(
    read: &ReadCorpus,
    cfg: &LinkConfig,
    keep_links: bool,
    stats: bool,
    obs: &dyn Observer,
) -> Linked {
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
