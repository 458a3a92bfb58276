//! Reading and extracting a corpus a batch of text at a time, in
//! parallel and in input order: [`analyse_inputs`] keeps every article,
//! [`extract_each`] hands each batch on and lets it go. An article whose
//! analysis panics is reported and the others go on.

use std::collections::HashMap;
use std::io;
use std::path::PathBuf;

use rayon::prelude::*;

use super::input::manifest;
use super::{language, Event, InputOptions, Observer};
use crate::article::{analyse, Analysed};
use crate::corpus::{self, Problem};
use crate::error::{Error, Result};

/// Text read and extracted at a time: enough for every core to have
/// thousands of articles, small enough that the corpus is never held.
pub const BATCH_BYTES: usize = 16 << 20;

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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::article::Language;
    use crate::pipeline::Quiet;

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
