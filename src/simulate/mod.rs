//! A syndication simulator with known ground truth (issue #4): real quotes
//! and sentences, taken from analysed source articles, are written into a
//! synthetic news stream in which outlets with their own house styles
//! publish over time, copy each other's quotes (verbatim, as fragments, or
//! drifted), sometimes cite the outlet they copied, and sometimes take the
//! same line independently from an unseen wire. The generator records
//! what it did: the true family of every quote occurrence, the true
//! source of every copy, and the true first appearance (see [`Truth`] and
//! the README, "Simulate a syndication network").
//!
//! Pure and deterministic: the same sources, configuration and seed give
//! the same corpus and truth, byte for byte (ChaCha8, seeded; hash maps
//! only for lookups). `pipeline::simulate` reads the sources and writes the files.

//!
//! The stages, one module each: [`pool`] takes the material, `outlets`
//! draws the outlets and their datelines, `draw` draws each article's quote
//! slots (copies and their `edits`, wire lines, cuts, common phrases, new
//! lines), `write` sets them in the outlet's frames, and `truth` records
//! what was done.

mod draw;
mod edits;
mod outlets;
mod pool;
#[cfg(test)]
pub(crate) mod tests;
mod truth;
mod write;

use chacha20::ChaCha8Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

pub use edits::respell;
pub use outlets::{Dateline, Marks, Outlet};
pub use pool::{pool, Pool, PoolQuote};
pub use truth::{Truth, TruthArticle, TruthFamily, TruthOccurrence};

use draw::World;
use outlets::{dateline, make_outlets, EPOCH, PLACES};

/// The version tag written into every truth file. Version 2 added the
/// reuse patterns of issue 13: new ops (`variant`, `partial`, `window`,
/// `piece`), family `pattern`s, and `misattributed` occurrences.
pub const TRUTH_FORMAT: &str = "quotegraph-sim-truth/2";

/// The truth formats `eval-provenance` reads: a version 1 file reads as
/// one with no patterns and no misattributions, which is what it was.
pub const TRUTH_FORMATS_READ: [&str; 2] = ["quotegraph-sim-truth/1", TRUTH_FORMAT];

/// What to simulate.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Config {
    pub outlets: usize,
    pub articles: usize,
    pub seed: u64,
    /// Most words a drifted copy edits in its source's wording.
    pub max_edits: usize,
    /// Share of articles published without a date.
    pub undated: f64,
    /// Share of quote slots that copy an earlier quote.
    pub copy: f64,
    /// Share of quote slots that take a line from the unseen wire.
    pub wire: f64,
    /// Share of copies that cite the outlet they copied.
    pub cite: f64,
    // The reuse patterns of issue 13. Each defaults to 0 when read from a
    // truth file written before them, which is what such a corpus had.
    /// Share of new lines written as an interrupted quote (`“A,” X said.
    /// “B.”`) when they split into two parts of five words or more; each
    /// part is a line of its own, copied apart.
    #[serde(default)]
    pub interrupted: f64,
    /// Share of quote slots that quote a window of an unseen spoken
    /// passage (overlapping other windows, neither holding the other).
    #[serde(default)]
    pub windows: f64,
    /// Share of quote slots that quote sentences 1–2, 2–3 or 3 of an
    /// unseen three-sentence statement.
    #[serde(default)]
    pub piecemeal: f64,
    /// Share of common phrases ("we will see what happens") said by
    /// someone independently: each use is a family of its own.
    #[serde(default)]
    pub common: f64,
    /// Share of copies written with hyphen, dash, elision or bracket
    /// variants.
    #[serde(default)]
    pub variants: f64,
    /// Share of copies that quote two to five words of the line as a
    /// partial inside the writer's sentence.
    #[serde(default)]
    pub partials: f64,
    /// Share of copies of eight words or more of a person's line that
    /// credit it to another person.
    #[serde(default)]
    pub misattributed: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            outlets: 20,
            articles: 1000,
            seed: 1,
            max_edits: 3,
            undated: 0.1,
            copy: 0.55,
            wire: 0.08,
            cite: 0.2,
            interrupted: 0.15,
            windows: 0.03,
            piecemeal: 0.03,
            common: 0.03,
            variants: 0.15,
            partials: 0.1,
            misattributed: 0.05,
        }
    }
}

impl Config {
    /// The configuration with every issue-13 pattern off: the corpus the
    /// simulator drew before them, byte for byte.
    pub fn without_patterns(self) -> Self {
        Config {
            interrupted: 0.0,
            windows: 0.0,
            piecemeal: 0.0,
            common: 0.0,
            variants: 0.0,
            partials: 0.0,
            misattributed: 0.0,
            ..self
        }
    }

    /// Sets one pattern's share from `NAME=SHARE`.
    pub fn set_pattern(&mut self, spec: &str) -> Result<(), String> {
        let (name, value) = spec
            .split_once('=')
            .ok_or_else(|| format!("--pattern takes NAME=SHARE, not `{spec}`"))?;
        let share: f64 = value
            .trim()
            .parse()
            .ok()
            .filter(|v| (0.0..=1.0).contains(v))
            .ok_or_else(|| format!("--pattern {name}: the share must be between 0 and 1, not `{value}`"))?;
        let slot = match name.trim() {
            "interrupted" => &mut self.interrupted,
            "windows" => &mut self.windows,
            "piecemeal" => &mut self.piecemeal,
            "common" => &mut self.common,
            "variants" => &mut self.variants,
            "partials" => &mut self.partials,
            "misattributed" => &mut self.misattributed,
            other => {
                return Err(format!(
                    "--pattern: no pattern `{other}` (interrupted, windows, piecemeal, common, variants, partials, \
                     misattributed)"
                ))
            }
        };
        *slot = share;
        // Slots are shared out on one roll: copies, wire, windows, pieces
        // and common phrases must leave room for new lines.
        let slots = self.copy + self.wire + self.windows + self.piecemeal + self.common;
        if slots > 1.0 {
            return Err(format!(
                "--pattern {name}: copies, wire, windows, piecemeal and common take {slots:.2} of the slots, over 1"
            ));
        }
        Ok(())
    }
}
/// One simulated article, ready to write.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimArticle {
    pub id: String,
    pub outlet: String,
    pub published: Option<String>,
    pub title: String,
    pub text: String,
}

/// A simulated corpus with its truth.
#[derive(Debug, Clone)]
pub struct Simulated {
    pub articles: Vec<SimArticle>,
    pub truth: Truth,
}

/// Simulates a corpus from the pool. Panics only if the pool has no quotes
/// or no fillers (the caller checks).
pub fn simulate(pool: &Pool, cfg: &Config) -> Simulated {
    assert!(!pool.quotes.is_empty() && !pool.fillers.is_empty(), "an empty pool");
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let outlets = make_outlets(cfg.outlets.max(1), &mut rng);
    // Larger and smaller outlets: weight 1/sqrt(rank).
    let weights: Vec<f64> = (0..outlets.len()).map(|i| 1.0 / ((i + 1) as f64).sqrt()).collect();
    let wsum: f64 = weights.iter().sum();
    let mut order: Vec<usize> = (0..pool.quotes.len()).collect();
    order.shuffle(&mut rng);
    // Article ids in a random order, so that ids say nothing of time.
    let mut ids: Vec<usize> = (0..cfg.articles).collect();
    ids.shuffle(&mut rng);
    let width = cfg.articles.max(1).to_string().len().max(5);

    let mut world = World::new(pool, cfg, order, outlets.len());
    let mut articles = Vec::with_capacity(cfg.articles);
    let mut truth_articles = Vec::with_capacity(cfg.articles);
    let mut t = EPOCH;
    for (ai, &serial) in ids.iter().enumerate() {
        t += 60 * rng.random_range(1..=15i64);
        let roll = rng.random::<f64>() * wsum;
        let mut acc = 0.0;
        let mut oi = outlets.len() - 1;
        for (i, w) in weights.iter().enumerate() {
            acc += w;
            if roll < acc {
                oi = i;
                break;
            }
        }
        let outlet = &outlets[oi];
        let dated = !rng.random_bool(cfg.undated);
        let id = format!("a{serial:0width$}");
        let place = *PLACES.choose(&mut rng).expect("places");
        let (line, published) = dateline(outlet.dateline, t, place);
        let (line, published) = if dated {
            (line, Some(published))
        } else {
            (place.to_string(), None)
        };

        let slots = world.slots(ai, oi, &outlets, &mut rng);
        let w = write::article(pool, outlet, &line, slots, &mut rng);
        world.record(ai, oi, w.slots, w.spans);
        truth_articles.push(TruthArticle {
            id: id.clone(),
            outlet: outlet.name.clone(),
            published: published.clone(),
            time: dateline(Dateline::IsoMinute, t, "").1,
        });
        articles.push(SimArticle {
            id,
            outlet: outlet.name.clone(),
            published,
            title: w.title,
            text: w.text,
        });
    }
    truth::finish(world, articles, truth_articles, outlets, cfg)
}
