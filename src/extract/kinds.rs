//! Tells a quote somebody said (a statement or a partial quote) from a
//! quoted term nobody is said to have said (a scare quote, a nickname, a
//! title, words as words) with a learned model instead of a chain of
//! special cases: logistic regression over a few dozen features of the
//! quote and its context, trained in the repository by `quotegraph
//! train-kinds` on annotated news, its weights a data file per language
//! (`grammars/LANG.kinds.tsv`) built into the binary.
//!
//! Features are named strings (`prev=called`, `words=2`, `frame`); at
//! run time they are hashed, so scoring a quote allocates nothing.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rustc_hash::FxHasher;

/// Where a quote's features go: names while training, hashes when scoring.
pub trait Sink {
    fn add(&mut self, name: &str, value: &str);

    /// A feature whose value joins two parts: `name=a/b`.
    fn add_pair(&mut self, name: &str, a: &str, b: &str) {
        self.add(name, &format!("{a}/{b}"));
    }
}

/// Feature names, for training and for reading a model file.
#[derive(Debug, Default, Clone)]
pub struct Named(pub Vec<String>);

impl Sink for Named {
    fn add(&mut self, name: &str, value: &str) {
        self.0.push(if value.is_empty() {
            name.to_string()
        } else {
            format!("{name}={value}")
        });
    }
}

/// Feature hashes, for scoring; the string is scratch space, so that a
/// joined value is hashed without allocating.
#[derive(Debug, Default, Clone)]
pub struct Hashed(pub Vec<u64>, String);

impl Hashed {
    /// Room for `n` features. A quote has about a score of features and
    /// one for each of its words: grown a feature at a time, the vector
    /// was reallocated four or five times a quote.
    pub fn with_capacity(n: usize) -> Hashed {
        Hashed(Vec::with_capacity(n), String::new())
    }
}

fn hash(name: &str, value: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(name.as_bytes());
    if !value.is_empty() {
        h.write_u8(b'=');
        h.write(value.as_bytes());
    }
    h.finish()
}

impl Sink for Hashed {
    fn add(&mut self, name: &str, value: &str) {
        self.0.push(hash(name, value));
    }

    fn add_pair(&mut self, name: &str, a: &str, b: &str) {
        self.1.clear();
        self.1.push_str(a);
        self.1.push('/');
        self.1.push_str(b);
        let h = hash(name, &self.1);
        self.0.push(h);
    }
}

/// The hash a named feature (`name=value` or `name`) scores under.
fn hash_named(feature: &str) -> u64 {
    match feature.split_once('=') {
        Some((n, v)) => hash(n, v),
        None => hash(feature, ""),
    }
}

/// A trained model: a weight per feature and the least probability of
/// being said for a quote to count as said.
#[derive(Debug, Clone, Default)]
pub struct KindModel {
    weights: HashMap<u64, f64, BuildHasherDefault<FxHasher>>,
    bias: f64,
    pub threshold: f64,
}

impl KindModel {
    /// Reads a model file: `#` comments, `threshold<TAB>p`,
    /// `bias<TAB>w`, then `feature<TAB>weight` lines.
    /// A bad line is an error with its line number.
    pub fn parse(src: &str) -> Result<KindModel, (usize, String)> {
        // Sized for every line at once: grown line by line, the table was
        // rehashed a dozen times for each model a run loads.
        let mut m = KindModel {
            threshold: 0.5,
            weights: HashMap::with_capacity_and_hasher(
                src.bytes().filter(|&b| b == b'\n').count() + 1,
                Default::default(),
            ),
            ..KindModel::default()
        };
        for (n, line) in src.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, w) = line
                .split_once('\t')
                .ok_or_else(|| (n + 1, "expected FEATURE<TAB>WEIGHT".to_string()))?;
            let w: f64 = w.trim().parse().map_err(|e| (n + 1, format!("bad weight: {e}")))?;
            match name {
                "threshold" => m.threshold = w,
                "bias" => m.bias = w,
                f => {
                    m.weights.insert(hash_named(f), w);
                }
            }
        }
        Ok(m)
    }

    /// The probability that a quote with these features was said by
    /// somebody.
    /// A feature counts once, however often it was added, as in training.
    pub fn probability(&self, features: &mut Hashed) -> f64 {
        features.0.sort_unstable();
        features.0.dedup();
        let z = self.bias + features.0.iter().filter_map(|h| self.weights.get(h)).sum::<f64>();
        1.0 / (1.0 + (-z).exp())
    }

    /// The model's score before the logistic function: what a ranker
    /// compares (see `extract::speakers`).
    pub fn logit(&self, features: &mut Hashed) -> f64 {
        features.0.sort_unstable();
        features.0.dedup();
        self.bias + features.0.iter().filter_map(|h| self.weights.get(h)).sum::<f64>()
    }

    pub fn said(&self, features: &mut Hashed) -> bool {
        self.probability(features) >= self.threshold
    }
}

/// One training example: a quote's features and whether annotators
/// counted it as somebody's words.
#[derive(Debug, Clone)]
pub struct Example {
    pub features: Vec<String>,
    pub said: bool,
}

/// How to train.
#[derive(Debug, Clone, Copy)]
pub struct TrainConfig {
    pub epochs: usize,
    pub rate: f64,
    pub l2: f64,
    /// Features seen in fewer examples are dropped, so that the model
    /// learns constructions, not single articles.
    pub min_count: usize,
    pub threshold: f64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 30,
            rate: 0.1,
            l2: 1e-4,
            min_count: 5,
            threshold: 0.5,
        }
    }
}

/// The features seen in at least `min_count` examples, in name order,
/// and each example's indices into them.
fn index<'e>(examples: impl Iterator<Item = &'e Example> + Clone, min_count: usize) -> (Vec<&'e str>, Vec<Vec<usize>>) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for e in examples.clone() {
        let mut own: Vec<&str> = e.features.iter().map(String::as_str).collect();
        own.sort_unstable();
        own.dedup();
        for f in own {
            *counts.entry(f).or_default() += 1;
        }
    }
    let kept: Vec<&str> = counts
        .iter()
        .filter(|(_, &c)| c >= min_count)
        .map(|(&f, _)| f)
        .collect();
    let index: HashMap<&str, usize> = kept.iter().enumerate().map(|(i, &f)| (f, i)).collect();
    let rows = examples
        .map(|e| {
            let mut ids: Vec<usize> = e
                .features
                .iter()
                .filter_map(|f| index.get(f.as_str()).copied())
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    (kept, rows)
}

/// The text of a model file: the header as comments, threshold, bias,
/// then the weights that are not negligible, in feature order.
fn model_text(header: &str, threshold: f64, bias: f64, kept: &[&str], w: &[f64]) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("# ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&format!("threshold\t{threshold}\n"));
    out.push_str(&format!("bias\t{:.4}\n", bias));
    for (f, wi) in kept.iter().zip(w) {
        if wi.abs() >= 5e-4 {
            out.push_str(&format!("{f}\t{wi:.4}\n"));
        }
    }
    out
}

impl TrainConfig {
    /// How the speaker ranker is trained: ten times the L2 penalty, so
    /// that it learns what holds across outlets, and a `threshold` that is
    /// the head start, in logits, of the rule chain's own choice (German's
    /// ranker has none, `train::speakers`). Chosen
    /// by the held-out figures (`scripts/speakers-heldout`, BENCHMARKS.md):
    /// without them the ranker fit PolNeAR and lost on unseen outlets.
    pub fn ranker() -> TrainConfig {
        TrainConfig {
            l2: 1e-2,
            threshold: 1.0,
            ..TrainConfig::default()
        }
    }
}

/// Trains logistic regression by stochastic gradient descent, in the
/// examples' order (deterministic), and returns the model as the text of
/// a model file, weights in feature order.
pub fn train(examples: &[Example], cfg: &TrainConfig, header: &str) -> String {
    let (kept, ids) = index(examples.iter(), cfg.min_count);
    let rows: Vec<(Vec<usize>, f64)> = ids
        .into_iter()
        .zip(examples)
        .map(|(ids, e)| (ids, if e.said { 1.0 } else { 0.0 }))
        .collect();
    let mut w = vec![0.0f64; kept.len()];
    let mut bias = 0.0f64;
    for epoch in 0..cfg.epochs {
        let rate = cfg.rate / (1.0 + epoch as f64 * 0.2);
        for (ids, y) in &rows {
            let z = bias + ids.iter().map(|&i| w[i]).sum::<f64>();
            let p = 1.0 / (1.0 + (-z).exp());
            let g = p - y;
            bias -= rate * g;
            for &i in ids {
                w[i] -= rate * (g + cfg.l2 * w[i]);
            }
        }
    }
    model_text(header, cfg.threshold, bias, &kept, &w)
}

/// Trains a ranker: the same model, but each group of examples (the
/// candidates of one choice, `said` marking the right ones) is scored as
/// a whole, by a softmax over its members, and training raises the
/// probability of the right ones together (a conditional logit). Scoring
/// with [`KindModel::probability`] keeps the order of the softmax.
/// `cfg.threshold` is written as the model's head start for the rule
/// chain's choice when used; the weights train without it, so a model
/// with a head start of 0 weighs that choice by its `by=rule` feature
/// alone (issue 14).
pub fn train_groups(groups: &[Vec<Example>], cfg: &TrainConfig, header: &str) -> String {
    let (kept, ids) = index(groups.iter().flatten(), cfg.min_count);
    let mut rows = ids.into_iter();
    let groups: Vec<Vec<(Vec<usize>, bool)>> = groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|e| (rows.next().expect("a row per example"), e.said))
                .collect()
        })
        .collect();
    let mut w = vec![0.0f64; kept.len()];
    let mut z = Vec::new();
    for epoch in 0..cfg.epochs {
        let rate = cfg.rate / (1.0 + epoch as f64 * 0.2);
        for g in &groups {
            z.clear();
            z.extend(g.iter().map(|(ids, _)| ids.iter().map(|&i| w[i]).sum::<f64>()));
            let top = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let p: Vec<f64> = z.iter().map(|&v| (v - top).exp()).collect();
            let total: f64 = p.iter().sum();
            let right: f64 = g.iter().zip(&p).filter(|((_, y), _)| *y).map(|(_, &v)| v).sum();
            if right <= 0.0 {
                continue;
            }
            for ((ids, y), &pk) in g.iter().zip(&p) {
                // d(-log P(right))/dz_k = p_k - q_k, q the posterior over the right ones.
                let grad = pk / total - if *y { pk / right } else { 0.0 };
                for &i in ids {
                    w[i] -= rate * (grad + cfg.l2 * w[i]);
                }
            }
        }
    }
    model_text(header, cfg.threshold, 0.0, &kept, &w)
}

/// How many words a quote has, in buckets.
pub fn words_bucket(n: usize) -> &'static str {
    match n {
        0 | 1 => "1",
        2 => "2",
        3 => "3",
        4 | 5 => "4-5",
        6..=8 => "6-8",
        9..=14 => "9-14",
        _ => "15+",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(features: &[&str], said: bool) -> Example {
        Example {
            features: features.iter().map(|s| s.to_string()).collect(),
            said,
        }
    }

    #[test]
    fn a_trained_model_reads_back_and_separates_what_it_learned() {
        let mut examples = Vec::new();
        for _ in 0..20 {
            examples.push(ex(&["frame", "words=15+"], true));
            examples.push(ex(&["prev=called", "words=2"], false));
        }
        let text = train(&examples, &TrainConfig::default(), "test model");
        assert!(text.starts_with("# test model\nthreshold\t0.5\n"), "{text}");
        let m = KindModel::parse(&text).unwrap();
        let score = |fs: &[&str]| {
            let mut h = Hashed::default();
            for f in fs {
                match f.split_once('=') {
                    Some((n, v)) => h.add(n, v),
                    None => h.add(f, ""),
                }
            }
            m.probability(&mut h)
        };
        assert!(score(&["frame", "words=15+"]) > 0.9);
        assert!(score(&["prev=called", "words=2"]) < 0.1);
    }

    #[test]
    fn issue14_a_ranker_learns_which_member_of_a_group_is_right() {
        let mut groups = Vec::new();
        for _ in 0..20 {
            groups.push(vec![
                ex(&["by=frame", "near"], true),
                ex(&["by=mention", "near"], false),
            ]);
            groups.push(vec![ex(&["by=mention", "far"], false), ex(&["by=frame", "far"], true)]);
        }
        let text = train_groups(&groups, &TrainConfig::ranker(), "ranker");
        assert!(text.contains("threshold\t1\n"), "{text}");
        let m = KindModel::parse(&text).unwrap();
        let logit = |f: &str| {
            let mut h = Hashed::default();
            let (n, v) = f.split_once('=').unwrap();
            h.add(n, v);
            // (`near=` is the bare feature `near`.)
            m.logit(&mut h)
        };
        assert!(logit("by=frame") > logit("by=mention") + 1.0);
        // Features every member shares say (almost) nothing about the choice.
        assert!(logit("near=").abs() < 0.01 && logit("far=").abs() < 0.01, "{text}");
    }

    #[test]
    fn rare_features_are_not_learned() {
        let mut examples = vec![ex(&["prev=zanzibar"], false)];
        for _ in 0..10 {
            examples.push(ex(&["frame"], true));
        }
        let text = train(&examples, &TrainConfig::default(), "");
        assert!(!text.contains("zanzibar"));
    }

    #[test]
    fn a_bad_model_line_is_an_error_naming_the_line() {
        let (line, _) = KindModel::parse("threshold\t0.5\nnot a weight line\n").unwrap_err();
        assert_eq!(line, 2);
    }
}
