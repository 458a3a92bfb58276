//! `simulate` and `eval-provenance` on their way through the tool: read
//! the source articles, draw a corpus and write it with its truth; read a
//! truth file, build its corpus and score it. The simulator and the scorer
//! are pure ([`crate::simulate`], [`crate::evalprov`]); the reading and
//! writing around them is here, so that the command line only parses,
//! prints and picks exit codes.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{trace_inputs, write_out, Event, InputOptions, Observer};
use crate::article::{analyse, Analysed, Language};
use crate::corpus;
use crate::error::{Error, Result};
use crate::evalprov::{self, Report};
use crate::link::LinkConfig;
use crate::simulate::{self, Config, Truth, TRUTH_FORMATS_READ};

/// What `simulate` drew and wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Simulated {
    /// Source articles read, and what the pool took of them.
    pub sources: usize,
    pub pool_quotes: usize,
    pub pool_sentences: usize,
    pub articles: usize,
    pub outlets: usize,
    pub occurrences: usize,
    pub families: usize,
    pub copies: usize,
    /// Source inputs that could not be read (each told to the observer).
    pub failed: usize,
}

/// Draws a corpus from the articles in `from` and writes `articles.jsonl`,
/// `manifest.csv`, `truth.json` and, with `txt`, one `txt/ID.txt` a
/// article into `out`.
pub fn simulate(from: &[PathBuf], cfg: &Config, out: &Path, txt: bool, obs: &dyn Observer) -> Result<Simulated> {
    let loaded = corpus::load(from);
    for p in &loaded.problems {
        obs.event(Event::Problem(p));
    }
    let lang = Language::builtin("en")?;
    let analysed: Vec<Analysed> = loaded.articles.par_iter().map(|a| analyse(a, None, &lang)).collect();
    let pool = simulate::pool(&loaded.articles, &analysed);
    if pool.quotes.is_empty() || pool.fillers.is_empty() {
        return Err(Error::Simulate(format!(
            "the source articles give {} usable quotes and {} sentences: nothing to simulate with",
            pool.quotes.len(),
            pool.fillers.len()
        )));
    }
    let sim = simulate::simulate(&pool, cfg);
    create_dir(out)?;
    let mut jsonl = Vec::new();
    for a in &sim.articles {
        serde_json::to_writer(&mut jsonl, a).map_err(|e| Error::Output(e.into()))?;
        jsonl.push(b'\n');
    }
    write_out(out, "articles.jsonl", &jsonl)?;
    let mut manifest = csv::Writer::from_writer(Vec::new());
    let csv_err = |e: csv::Error| Error::Output(e.into());
    manifest.write_record(["id", "outlet", "published"]).map_err(csv_err)?;
    for a in &sim.articles {
        manifest
            .write_record([a.id.as_str(), a.outlet.as_str(), a.published.as_deref().unwrap_or("")])
            .map_err(csv_err)?;
    }
    let manifest = manifest.into_inner().map_err(|e| Error::Output(e.into_error()))?;
    write_out(out, "manifest.csv", &manifest)?;
    let mut truth = serde_json::to_vec_pretty(&sim.truth).map_err(|e| Error::Output(e.into()))?;
    truth.push(b'\n');
    write_out(out, "truth.json", &truth)?;
    if txt {
        let dir = out.join("txt");
        create_dir(&dir)?;
        for a in &sim.articles {
            write_out(&dir, &format!("{}.txt", a.id), a.text.as_bytes())?;
        }
    }
    Ok(Simulated {
        sources: loaded.articles.len(),
        pool_quotes: pool.quotes.len(),
        pool_sentences: pool.fillers.len(),
        articles: sim.articles.len(),
        outlets: sim.truth.outlets.len(),
        occurrences: sim.truth.occurrences.len(),
        families: sim.truth.families.len(),
        copies: sim.truth.occurrences.iter().filter(|o| o.source.is_some()).count(),
        failed: loaded.problems.iter().filter(|p| !p.recovered).count(),
    })
}

fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|source| Error::File {
        action: "create",
        path: dir.to_path_buf(),
        source,
    })
}

/// Where `eval-provenance` reads a simulated corpus: a folder `simulate`
/// wrote stands for its `articles.jsonl` (not also its `txt/`), and its
/// `truth.json` is the truth unless one is given.
pub fn simulated_inputs(inputs: &[PathBuf], truth: Option<&Path>) -> (Vec<PathBuf>, Option<PathBuf>) {
    let articles = inputs
        .iter()
        .map(|p| {
            let j = p.join("articles.jsonl");
            if p.is_dir() && j.is_file() {
                j
            } else {
                p.clone()
            }
        })
        .collect();
    let truth = truth.map(Path::to_path_buf).or_else(|| match inputs.first() {
        Some(d) if d.is_dir() => Some(d.join("truth.json")),
        _ => None,
    });
    (articles, truth)
}

/// Reads a truth file in a format this build scores.
pub fn read_truth(path: &Path) -> Result<Truth> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::File {
        action: "read truth file",
        path: path.to_path_buf(),
        source,
    })?;
    let truth: Truth = serde_json::from_str(&text).map_err(|e| Error::Json {
        path: path.to_path_buf(),
        line: e.line(),
        message: format!("not a truth file: {e}"),
    })?;
    if !TRUTH_FORMATS_READ.contains(&truth.format.as_str()) {
        return Err(Error::Json {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "truth format `{}`, expected one of `{}`",
                truth.format,
                TRUTH_FORMATS_READ.join("`, `")
            ),
        });
    }
    Ok(truth)
}

/// Builds the corpus in `inputs` and scores its provenance against
/// `truth`; also returns how many inputs failed.
pub fn eval_provenance(
    inputs: &[PathBuf],
    truth: &Truth,
    opts: &InputOptions,
    cfg: &LinkConfig,
    show_errors: usize,
    obs: &dyn Observer,
) -> Result<(Report, usize)> {
    let t = trace_inputs(inputs, opts, cfg, obs)?;
    Ok((evalprov::score(truth, &t.articles, &t.prov, show_errors), t.failed))
}
