//! The command line: argument parsing and the commands, calling into the
//! library. `main.rs` only maps the outcome to an exit code.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::corpus;
use crate::eval;
use crate::extract::Extractor;
use crate::grammar::Grammar;
use crate::link::LinkConfig;
use crate::pipeline::{self, Event};
use crate::provenance::{FamilyReport, Provenance};
use crate::render::{self, Format};

/// Exit code when everything was processed.
pub const EXIT_OK: u8 = 0;
/// Exit code for a failure that stopped the run.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code for a usage error (clap uses it too).
pub const EXIT_USAGE: u8 = 2;
/// Exit code when some inputs failed but all others were processed.
pub const EXIT_PARTIAL: u8 = 3;

#[derive(Debug, Parser)]
#[command(
    name = "quotegraph",
    version,
    about = "Finds quotes and their speakers in news, and traces where they came from."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Worker threads (default: every core). Output is the same for any.
    #[arg(long, global = true, value_name = "N")]
    pub threads: Option<usize>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract every quote and its speaker from articles.
    Extract(ExtractArgs),
    /// Score extraction against a gold annotation file (JSONL).
    Eval(EvalArgs),
    /// Extract, link and trace a corpus; write quotes.jsonl, families.json
    /// and provenance.dot (and provenance.svg when Graphviz is installed).
    Build(BuildArgs),
    /// Add articles to a store (`--db`): extract only the new ones, then
    /// link and trace the whole corpus again.
    Add(AddArgs),
    /// Write a store's quotes.jsonl, families.json and graphs, as `build`
    /// writes them.
    Export(ExportArgs),
    /// Where did this line, or a drifted version of it, first appear?
    Origin(OriginArgs),
    /// Word-level audit of how each reused line drifted from its first
    /// appearance.
    Drift(DriftArgs),
    /// A local web page over a store: search a line, open its family
    /// (first appearance, timeline, copy graph, word diffs), browse
    /// outlets and articles. Prints the address it listens on.
    Serve(ServeArgs),
    /// Simulate a syndication network from real articles, with its ground
    /// truth (families, copy sources, first appearances).
    Simulate(SimulateArgs),
    /// Score linking and provenance on a simulated corpus against its truth.
    EvalProvenance(EvalProvenanceArgs),
    /// Read web pages and WARC archives into articles (JSONL), with their
    /// main text and the metadata each page declares.
    Ingest(IngestArgs),
    /// Train the model that tells quotes somebody said from scare quotes,
    /// on gold annotation files (JSONL, as `eval` reads them).
    TrainKinds(TrainKindsArgs),
    /// Train the speaker ranker (issue 14) on gold quotes with speakers.
    TrainSpeakers(TrainSpeakersArgs),
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Web pages (.html, .htm, .html.gz), WARC archives (.warc,
    /// .warc.gz), folders of them, or - for stdin. Text and JSONL inputs
    /// pass through.
    #[arg(required = true, value_name = "PAGES")]
    pub inputs: Vec<PathBuf>,
    /// Where to write the articles (default: standard output).
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// How hard to look for each page's main text.
    #[arg(long, value_enum, default_value_t = TextMode::Fast)]
    pub text: TextMode,
}

/// How hard the web-page reader looks for the main text.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum TextMode {
    /// The extractor's own rules (F1 0.951, precision 0.934 on the shared
    /// benchmark).
    Fast,
    /// Also the readability and jusText fallbacks: more precise (0.952),
    /// half the speed.
    Precise,
}

impl TextMode {
    fn options(self) -> corpus::ReadOptions {
        corpus::ReadOptions {
            extraction: match self {
                TextMode::Fast => crate::ingest::Extraction::Fast,
                TextMode::Precise => crate::ingest::Extraction::Precise,
            },
        }
    }
}

#[derive(Debug, Args)]
pub struct TrainKindsArgs {
    /// Gold files: one article a line with `text` and `quotes`.
    #[arg(required = true, value_name = "GOLD")]
    pub gold: Vec<PathBuf>,
    /// The built-in grammar whose extractor finds the quotes: en or de.
    #[arg(long)]
    pub lang: String,
    /// Leave out the articles of this outlet (repeatable): for scoring
    /// the model on an outlet it never saw.
    #[arg(long, value_name = "OUTLET")]
    pub exclude_outlet: Vec<String>,
    /// Least probability of being said for a quote to count as said.
    #[arg(long, default_value_t = 0.5)]
    pub threshold: f64,
    /// Where to write the model (default: standard output).
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TrainSpeakersArgs {
    /// Gold files: one article a line with `text` and `quotes` with speakers.
    #[arg(required = true, value_name = "GOLD")]
    pub gold: Vec<PathBuf>,
    /// The built-in grammar whose extractor finds the quotes: en or de.
    #[arg(long)]
    pub lang: String,
    /// A grammar file to find the quotes and candidates with instead of
    /// the built-in one (with `--lang`'s kind model): to score a grammar
    /// change on held-out folds without a build.
    #[arg(long, value_name = "FILE")]
    pub grammar: Option<PathBuf>,
    /// Leave out the articles of this outlet (repeatable).
    #[arg(long, value_name = "OUTLET")]
    pub exclude_outlet: Vec<String>,
    /// Where to write the model (default: standard output).
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Also write each quote's candidates to FILE, one quote a line
    /// (JSONL: `id`, the quote's byte `start`, `end`, `kind` and
    /// `segments`, `candidates` with `speaker`, `speaker_canonical`, byte
    /// `start` and `end`, and the ranker's `features`), for
    /// `scripts/speakers-why` and for trying features without a build.
    #[arg(long, value_name = "FILE")]
    pub candidates: Option<PathBuf>,
}

/// The thresholds that link quotes (see README, "Linking").
#[derive(Debug, Args)]
pub struct LinkArgs {
    /// Least similarity for two quotes of similar length to be drifted
    /// copies of one line.
    #[arg(long, default_value_t = LinkConfig::default().drift, value_name = "0..1")]
    pub drift: f64,
    /// Least share of a fragment's words, in order, inside a longer quote
    /// for it to count as cut from it.
    #[arg(long, default_value_t = LinkConfig::default().contain, value_name = "0..1")]
    pub contain: f64,
    /// Length ratio under which two quotes are compared as fragment and
    /// parent instead of as copies.
    #[arg(long, default_value_t = LinkConfig::default().length_ratio, value_name = "0..1")]
    pub length_ratio: f64,
    /// Quotes with fewer words are never linked.
    #[arg(long, default_value_t = LinkConfig::default().min_words, value_name = "N")]
    pub min_words: usize,
    /// Word shingles shared by more distinct quotes are skipped as too
    /// common to suggest a copy.
    #[arg(long, default_value_t = LinkConfig::default().max_postings, value_name = "N")]
    pub max_postings: usize,
    /// Two quotes of one speaker sharing a run of this many words, in
    /// order, are windows of one passage; where a side names no speaker,
    /// only when the run closes one and opens the other (0: never).
    #[arg(long, default_value_t = LinkConfig::default().overlap, value_name = "N")]
    pub overlap: usize,
    /// Quotes of fewer words than this credited to different persons are
    /// a common phrase said apart, not copies (0: never).
    #[arg(long, default_value_t = LinkConfig::default().common, value_name = "N")]
    pub common: usize,
}

impl LinkArgs {
    fn config(&self) -> anyhow::Result<LinkConfig> {
        for (name, v) in [
            ("--drift", self.drift),
            ("--contain", self.contain),
            ("--length-ratio", self.length_ratio),
        ] {
            if !(0.0..=1.0).contains(&v) {
                bail!(UsageError(format!("{name} must be between 0 and 1, not {v}")));
            }
        }
        if self.max_postings < 2 {
            bail!(UsageError("--max-postings must be at least 2".into()));
        }
        Ok(LinkConfig {
            min_words: self.min_words.max(1),
            drift: self.drift,
            contain: self.contain,
            length_ratio: self.length_ratio,
            max_postings: self.max_postings,
            overlap: self.overlap,
            common: self.common,
        })
    }
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Files or folders of articles (.txt, .jsonl, .json, .html, .warc, gzipped or not), or - for stdin.
    #[arg(required = true, value_name = "ARTICLES")]
    pub inputs: Vec<PathBuf>,
    /// Folder to write into; created if missing.
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub input: Input,
    #[command(flatten)]
    pub link: LinkArgs,
    /// Print the time each stage and each of its steps took (wall, CPU,
    /// and the CPU of the thread no other shares), and the candidate pairs
    /// and links, on stderr.
    #[arg(long)]
    pub stats: bool,
    /// Render provenance.svg only for graphs up to this many nodes;
    /// Graphviz takes very long on larger ones.
    #[arg(long, default_value_t = 3000, value_name = "N")]
    pub svg_max_nodes: usize,
    /// Also write the corpus into this store (SQLite), replacing it.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Files or folders of articles (.txt, .jsonl, .json, .html, .warc, gzipped or not), or - for stdin.
    #[arg(required = true, value_name = "ARTICLES")]
    pub inputs: Vec<PathBuf>,
    /// The store to add to (made by `build --db`).
    #[arg(long, required = true, value_name = "FILE")]
    pub db: PathBuf,
    #[command(flatten)]
    pub input: Input,
    /// Print the time each stage took (wall and CPU) on stderr.
    #[arg(long)]
    pub stats: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The store to export.
    #[arg(long, required = true, value_name = "FILE")]
    pub db: PathBuf,
    /// Folder to write into; created if missing.
    #[arg(long, default_value = "out", value_name = "DIR")]
    pub out: PathBuf,
    /// Render the SVGs only for graphs up to this many nodes.
    #[arg(long, default_value_t = 3000, value_name = "N")]
    pub svg_max_nodes: usize,
}

#[derive(Debug, Args)]
pub struct OriginArgs {
    /// The line to trace, as any copy words it.
    #[arg(value_name = "QUOTE")]
    pub query: String,
    /// Files or folders of articles (.txt, .jsonl, .json, .html, .warc, gzipped or not), or - for stdin.
    #[arg(required_unless_present = "db", conflicts_with = "db", value_name = "ARTICLES")]
    pub inputs: Vec<PathBuf>,
    /// Answer from this store (made by `build --db`) instead of articles.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    #[command(flatten)]
    pub input: Input,
    #[command(flatten)]
    pub link: LinkArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The store to serve (made by `build --db`); it is only read.
    #[arg(long, required = true, value_name = "FILE")]
    pub db: PathBuf,
    /// Port to listen on; 0 picks a free one (the address is printed).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on. Anything but a loopback address shows the
    /// store to the network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: std::net::IpAddr,
}

/// How `drift` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DriftFormat {
    Text,
    Json,
    Md,
}

#[derive(Debug, Args)]
pub struct DriftArgs {
    /// Files or folders of articles (.txt, .jsonl, .json, .html, .warc, gzipped or not), or - for stdin.
    #[arg(required_unless_present = "db", conflicts_with = "db", value_name = "ARTICLES")]
    pub inputs: Vec<PathBuf>,
    /// Answer from this store (made by `build --db`) instead of articles.
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Only this family (an id as `families.json` gives it, e.g. F12).
    #[arg(long, value_name = "ID")]
    pub family: Option<String>,
    #[arg(long, value_enum, default_value_t = DriftFormat::Text)]
    pub format: DriftFormat,
    #[command(flatten)]
    pub input: Input,
    #[command(flatten)]
    pub link: LinkArgs,
}

#[derive(Debug, Args)]
pub struct Input {
    /// Language of the grammar: en, de, or auto (per article).
    #[arg(long, default_value = "auto")]
    pub lang: String,
    /// A grammar file to use instead of the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub grammar: Option<PathBuf>,
    /// CSV or JSONL of id, outlet, published, url; overrides inference.
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// A kind model (made by `train-kinds`) to use instead of the
    /// built-in ones, for every language.
    #[arg(long, value_name = "FILE", conflicts_with = "no_kinds_model")]
    pub kinds_model: Option<PathBuf>,
    /// Tell scare quotes by the rules alone, without the kind model.
    #[arg(long)]
    pub no_kinds_model: bool,
    /// A speaker ranker (made by `train-speakers`) to choose speakers
    /// with, for every language.
    #[arg(long, value_name = "FILE", conflicts_with = "no_speakers_model")]
    pub speakers_model: Option<PathBuf>,
    /// Choose speakers by the sieves alone, without the speaker ranker.
    #[arg(long)]
    pub no_speakers_model: bool,
    /// How hard to look for the main text of web pages.
    #[arg(long, value_enum, default_value_t = TextMode::Fast)]
    pub text: TextMode,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders of articles (.txt, .jsonl, .json, .html, .warc, gzipped or not), or - for stdin.
    #[arg(required = true, value_name = "ARTICLES")]
    pub inputs: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    #[command(flatten)]
    pub input: Input,
    /// Print articles, MB and MB/s on stderr.
    #[arg(long)]
    pub stats: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold annotations: one article per line with its text and quotes.
    #[arg(long, value_name = "GOLD.jsonl")]
    pub gold: PathBuf,
    /// Articles to extract from; by default the gold file's own texts.
    #[arg(value_name = "ARTICLES")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub input: Input,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Real articles to take quotes and sentences from (.txt, .jsonl, .json).
    #[arg(long, required = true, value_name = "ARTICLES")]
    pub from: Vec<PathBuf>,
    /// Outlets, each with its own house style.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub outlets: usize,
    /// Articles to write.
    #[arg(long, default_value_t = 1000, value_name = "M")]
    pub articles: usize,
    /// Seed: the same seed and sources give the same corpus, byte for byte.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Most words a drifted copy edits in the wording it copies.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub max_edits: usize,
    /// Share of articles published without a date.
    #[arg(long, default_value_t = 0.1, value_name = "0..1")]
    pub undated: f64,
    /// Folder to write articles.jsonl, txt/, manifest.csv and truth.json into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Do not write one .txt file per article.
    #[arg(long)]
    pub no_txt: bool,
    /// Set the share of one reuse pattern (issue 13): interrupted,
    /// windows, piecemeal, common, variants, partials or misattributed
    /// (repeatable; e.g. `--pattern common=0.1`).
    #[arg(long = "pattern", value_name = "NAME=SHARE")]
    pub patterns: Vec<String>,
    /// Draw none of the reuse patterns: the corpus as simulated before
    /// them (applied before any --pattern).
    #[arg(long)]
    pub no_patterns: bool,
}

#[derive(Debug, Args)]
pub struct EvalProvenanceArgs {
    /// The truth file (default: DIR/truth.json).
    #[arg(long, value_name = "TRUTH")]
    pub truth: Option<PathBuf>,
    /// The folder `simulate` wrote (its articles.jsonl is read), or article files.
    #[arg(required = true, value_name = "DIR")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub input: Input,
    #[command(flatten)]
    pub link: LinkArgs,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// Describe up to N wrong copy edges.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub show_errors: usize,
}

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    if let Some(n) = cli.threads {
        if n == 0 {
            bail!(UsageError("--threads must be at least 1".into()));
        }
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("cannot start the worker threads")?;
    }
    match cli.command {
        Command::Extract(args) => extract(args),
        Command::Eval(args) => eval_cmd(args),
        Command::Build(args) => build(args),
        Command::Add(args) => add(args),
        Command::Export(args) => export(args),
        Command::Origin(args) => origin(args),
        Command::Drift(args) => drift(args),
        Command::Serve(args) => serve(args),
        Command::Simulate(args) => simulate(args),
        Command::EvalProvenance(args) => eval_provenance(args),
        Command::TrainKinds(args) => train_kinds(args),
        Command::TrainSpeakers(args) => train_speakers(args),
        Command::Ingest(args) => ingest(args),
    }
}

impl Input {
    /// The library's input options; an unknown `--lang` is a usage error.
    fn options(&self) -> anyhow::Result<pipeline::InputOptions> {
        if self.grammar.is_none() && !matches!(self.lang.as_str(), "en" | "de" | "auto") {
            bail!(UsageError(format!(
                "unknown --lang `{}`: use en, de or auto",
                self.lang
            )));
        }
        Ok(pipeline::InputOptions {
            lang: self.lang.clone(),
            grammar: self.grammar.clone(),
            manifest: self.manifest.clone(),
            kinds_model: self.kinds_model.clone(),
            no_kinds_model: self.no_kinds_model,
            speakers_model: self.speakers_model.clone(),
            no_speakers_model: self.no_speakers_model,
            read: self.text.options(),
        })
    }
}

/// Calls `f` on every article of the gold files whose outlet is not
/// excluded, and says how many that was: `train-kinds` and
/// `train-speakers` learn from the same files.
fn each_gold_article(
    gold: &[PathBuf],
    exclude: &[String],
    mut f: impl FnMut(&eval::GoldArticle),
) -> anyhow::Result<usize> {
    let mut articles = 0;
    for path in gold {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("cannot read gold file {}", path.display()))?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let a: eval::GoldArticle = serde_json::from_str(line).map_err(|e| crate::Error::Eval {
                path: path.clone(),
                line: n + 1,
                message: e.to_string(),
            })?;
            if a.outlet.as_ref().is_some_and(|o| exclude.contains(o)) {
                continue;
            }
            f(&a);
            articles += 1;
        }
    }
    Ok(articles)
}

/// The gold files' names, for a model file's header.
fn file_names(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths
        .iter()
        .map(|p| {
            p.file_name()
                .map_or_else(|| p.display().to_string(), |f| f.to_string_lossy().into_owned())
        })
        .collect();
    names.join(", ")
}

/// Writes a trained model to `out`, or to standard output.
fn write_model(out: Option<&std::path::Path>, model: &str) -> anyhow::Result<()> {
    match out {
        Some(p) => render::write_atomic_with(p, |w| w.write_all(model.as_bytes()))
            .with_context(|| format!("cannot write {}", p.display()))?,
        None => io::stdout().lock().write_all(model.as_bytes())?,
    }
    Ok(())
}

/// The built-in grammar a model is trained for; a usage error for any
/// other language.
fn training_grammar(lang: &str) -> anyhow::Result<Grammar> {
    if !matches!(lang, "en" | "de") {
        bail!(UsageError(format!("unknown --lang `{lang}`: use en or de")));
    }
    Ok(Grammar::builtin(lang)?)
}

/// The grammar file `file` with the built-in kind model of `lang`, or
/// the built-in grammar when there is no file.
fn training_grammar_from(lang: &str, file: Option<&std::path::Path>) -> anyhow::Result<Grammar> {
    let builtin = training_grammar(lang)?;
    let Some(file) = file else {
        return Ok(builtin);
    };
    let src = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let mut g = Grammar::parse(&src, &file.display().to_string())?;
    g.kinds = builtin.kinds;
    Ok(g)
}

fn train_kinds(args: TrainKindsArgs) -> anyhow::Result<u8> {
    let mut g = training_grammar(&args.lang)?;
    // The features do not depend on the model; the rules stand in for it.
    g.kinds = None;
    let extractor = Extractor::new(g);
    let mut examples = Vec::new();
    let articles = each_gold_article(&args.gold, &args.exclude_outlet, |a| {
        let (found, features) = extractor.extract_traced(&a.text, a.title.as_deref(), true);
        examples.extend(eval::kind_examples(a, &found.quotes, features));
    })?;
    let said = examples.iter().filter(|e| e.said).count();
    let files = file_names(&args.gold);
    let mut header = format!(
        "Kind model for `{}`: is a quote somebody's words, or a scare quote?\n\
         Made by `quotegraph train-kinds --lang {}` on {} ({articles} articles, {} quotes, {said} said)",
        args.lang,
        args.lang,
        files,
        examples.len()
    );
    if !args.exclude_outlet.is_empty() {
        header.push_str(&format!(", without {}", args.exclude_outlet.join(", ")));
    }
    header.push_str(".\nRegenerate with the same command; see grammars/README.md.");
    let cfg = crate::extract::kinds::TrainConfig {
        threshold: args.threshold,
        ..Default::default()
    };
    let model = crate::extract::kinds::train(&examples, &cfg, &header);
    write_model(args.out.as_deref(), &model)?;
    eprintln!(
        "train-kinds: {articles} articles, {} quotes ({said} said)",
        examples.len()
    );
    Ok(EXIT_OK)
}

fn train_speakers(args: TrainSpeakersArgs) -> anyhow::Result<u8> {
    let mut g = training_grammar_from(&args.lang, args.grammar.as_deref())?;
    // Candidates and features come from the rule chain, not a model.
    g.speakers = None;
    let extractor = Extractor::new(g);
    let mut examples = Vec::new();
    let mut oracle = eval::SpeakerOracle::default();
    let mut dump = String::new();
    let articles = each_gold_article(&args.gold, &args.exclude_outlet, |a| {
        let (found, candidates) = extractor.extract_speaker_candidates(&a.text, a.title.as_deref());
        if args.candidates.is_some() {
            for (q, cands) in found.quotes.iter().zip(&candidates) {
                let cands: Vec<serde_json::Value> = cands
                    .iter()
                    .map(|c| {
                        serde_json::json!({"speaker": c.speaker, "speaker_canonical": c.canonical,
                            "start": c.start, "end": c.end, "features": c.features})
                    })
                    .collect();
                let line = serde_json::json!({"id": a.id, "start": q.start, "end": q.end, "kind": q.kind.as_str(),
                    "segments": q.segments, "candidates": cands});
                dump.push_str(&line.to_string());
                dump.push('\n');
            }
        }
        let (groups, o) = eval::speaker_examples(a, &found.quotes, candidates);
        examples.extend(groups);
        oracle.quotes += o.quotes;
        oracle.reachable += o.reachable;
        oracle.first_right += o.first_right;
    })?;
    let right = examples.iter().flatten().filter(|e| e.said).count();
    let files = file_names(&args.gold);
    let mut header = format!(
        "Speaker ranker for `{}`: which candidate phrase is a quote's speaker?\n\
         Made by `quotegraph train-speakers --lang {}` on {} ({articles} articles, {} quotes, {right} right candidates)",
        args.lang,
        args.lang,
        files,
        examples.len()
    );
    if !args.exclude_outlet.is_empty() {
        header.push_str(&format!(", without {}", args.exclude_outlet.join(", ")));
    }
    header.push_str(".\nRegenerate with the same command; see grammars/README.md.");
    let model = crate::extract::kinds::train_groups(&examples, &crate::extract::kinds::TrainConfig::ranker(), &header);
    write_model(args.out.as_deref(), &model)?;
    if let Some(p) = &args.candidates {
        render::write_atomic_with(p, |w| w.write_all(dump.as_bytes()))
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    eprintln!(
        "train-speakers: {articles} articles, {} quotes to learn from ({right} right candidates); \
         of {} quotes matched to gold, {} have a right candidate, {} the rule chain's choice",
        examples.len(),
        oracle.quotes,
        oracle.reachable,
        oracle.first_right
    );
    Ok(EXIT_OK)
}

/// An error in how the tool was called.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

fn ingest(args: IngestArgs) -> anyhow::Result<u8> {
    let mut out: Box<dyn Write> = match &args.out {
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot write {}", p.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    };
    let mut failed = 0;
    let mut written = 0;
    let mut result = Ok(());
    corpus::stream_with(&args.inputs, pipeline::BATCH_BYTES, args.text.options(), &mut |batch| {
        report_problems(&batch.problems, &mut failed);
        for a in &batch.archives {
            eprintln!("{}", render::archive_summary(a));
        }
        for a in &batch.articles {
            if result.is_ok() {
                result = render::article_jsonl(&mut out, a);
                written += 1;
            }
        }
    });
    result?;
    out.flush()?;
    if failed > 0 {
        eprintln!("{written} articles written, {failed} inputs failed");
        return Ok(EXIT_PARTIAL);
    }
    Ok(EXIT_OK)
}

fn report_problems(problems: &[corpus::Problem], failed: &mut usize) {
    for p in problems {
        if p.recovered {
            eprintln!("warning: {}", p.error);
        } else {
            eprintln!("error: {}", p.error);
        }
        *failed += usize::from(!p.recovered);
    }
}

fn extract(args: ExtractArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let opts = args.input.options()?;
    let obs = Printer::new();
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let done = match args.format {
        // One JSON array: the whole corpus is held, then written.
        Format::Json => {
            let a = pipeline::analyse_inputs(&args.inputs, &opts, false, &obs)?;
            // Keep the io::Error visible, so a closed pipe is seen as one.
            serde_json::to_writer_pretty(&mut out, &a.articles).map_err(io::Error::from)?;
            out.write_all(b"\n")?;
            pipeline::Extracted {
                articles: a.articles.len(),
                quotes: a.articles.iter().map(|a| a.quotes.len()).sum(),
                bytes: a.bytes,
                failed: a.failed,
            }
        }
        // A record or a block per article: written a batch at a time.
        Format::Jsonl | Format::Text => {
            let jsonl = matches!(args.format, Format::Jsonl);
            pipeline::extract_each(&args.inputs, &opts, pipeline::EXTRACT_BATCH_BYTES, &obs, &mut |batch| {
                for a in batch {
                    if jsonl {
                        render::jsonl(&mut out, a)?;
                    } else {
                        render::text(&mut out, a)?;
                    }
                }
                Ok(())
            })?
        }
    };
    out.flush()?;
    if args.stats {
        let mb = done.bytes as f64 / 1e6;
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        eprintln!(
            "stats: {} articles, {} quotes, {:.2} MB in {:.3} s, {:.1} MB/s",
            done.articles,
            done.quotes,
            mb,
            secs,
            mb / secs
        );
    }
    if done.failed > 0 {
        eprintln!("{} articles processed, {} inputs failed", done.articles, done.failed);
        return Ok(EXIT_PARTIAL);
    }
    Ok(EXIT_OK)
}

fn eval_cmd(args: EvalArgs) -> anyhow::Result<u8> {
    let gold_text = std::fs::read_to_string(&args.gold)
        .with_context(|| format!("cannot read gold file {}", args.gold.display()))?;
    let mut gold = Vec::new();
    for (n, line) in gold_text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let a: eval::GoldArticle = serde_json::from_str(line).map_err(|e| crate::Error::Eval {
            path: args.gold.clone(),
            line: n + 1,
            message: e.to_string(),
        })?;
        gold.push(a);
    }
    let inputs = if args.inputs.is_empty() {
        vec![args.gold.clone()]
    } else {
        args.inputs.clone()
    };
    let a = pipeline::analyse_inputs(&inputs, &args.input.options()?, false, &Printer::new())?;
    let (articles, failed) = (a.articles, a.failed);
    let mut pred: BTreeMap<String, Vec<eval::PredQuote>> = BTreeMap::new();
    for a in articles {
        let qs = a
            .quotes
            .into_iter()
            .map(|q| eval::PredQuote {
                text: Some(q.text),
                start: Some(q.start),
                end: Some(q.end),
                speaker: q.speaker,
                speaker_canonical: q.speaker_canonical,
                kind: Some(q.kind.as_str().to_string()),
                segments: Some(q.segments),
            })
            .collect();
        pred.insert(a.id, qs);
    }
    let s = eval::score(&gold, &pred);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.json {
        let row = |c: &eval::Counts| serde_json::json!({"tp": c.tp, "fp": c.fp, "fn": c.fn_, "precision": round4(c.precision()), "recall": round4(c.recall()), "f1": round4(c.f1())});
        let v = serde_json::json!({
            "articles": s.articles, "articles_missing_in_pred": s.missing, "bad_offsets": s.bad_offsets,
            "overlap0.3": row(&s.lenient), "overlap0.8": row(&s.strict),
            "speaker": {"ok": s.speaker_ok, "n": s.speaker_n, "accuracy": round4(s.speaker_accuracy())},
        });
        writeln!(out, "{v}")?;
    } else {
        for (thr, c) in [("0.3", &s.lenient), ("0.8", &s.strict)] {
            writeln!(
                out,
                "quotes@{thr}: P {:.3}  R {:.3}  F1 {:.3}  (tp {} fp {} fn {})",
                c.precision(),
                c.recall(),
                c.f1(),
                c.tp,
                c.fp,
                c.fn_
            )?;
        }
        writeln!(
            out,
            "speaker accuracy: {:.3} ({}/{})",
            s.speaker_accuracy(),
            s.speaker_ok,
            s.speaker_n
        )?;
        writeln!(
            out,
            "articles {}, missing in pred {}, bad offsets {}",
            s.articles, s.missing, s.bad_offsets
        )?;
    }
    Ok(if failed > 0 { EXIT_PARTIAL } else { EXIT_OK })
}

fn round4(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

/// Prints a run's events on stderr, with a progress bar on long runs:
/// only when stderr is a terminal, and once a run has shown itself long.
struct Printer {
    bar: indicatif::ProgressBar,
    tty: bool,
}

impl Printer {
    fn new() -> Printer {
        let bar = indicatif::ProgressBar::hidden();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{msg} {spinner} {pos} articles ({per_sec})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.set_message("extracting");
        Printer {
            bar,
            tty: io::stderr().is_terminal(),
        }
    }
}

impl pipeline::Observer for Printer {
    fn event(&self, event: Event<'_>) {
        match event {
            Event::Problem(p) => self.bar.suspend(|| report_problems(std::slice::from_ref(p), &mut 0)),
            Event::Archive(a) => self.bar.suspend(|| eprintln!("{}", render::archive_summary(a))),
            Event::Message(m) => self.bar.suspend(|| eprintln!("{m}")),
            Event::Analysed => self.bar.inc(1),
            Event::Batch => {
                if self.tty && self.bar.is_hidden() && self.bar.position() >= 2000 {
                    self.bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                }
            }
            Event::Done => self.bar.finish_and_clear(),
        }
    }
}

fn build(args: BuildArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let obs = Printer::new();
    let cfg = args.link.config()?;
    let db = args.db.as_deref();
    let corpus = pipeline::link_inputs(
        &args.inputs,
        &args.input.options()?,
        &cfg,
        db.is_some(),
        args.stats,
        &obs,
    )?;
    let failed = corpus.failed;
    let out = pipeline::OutputOptions {
        dir: args.out.clone(),
        svg_max_nodes: args.svg_max_nodes,
        stats: args.stats,
    };
    let (s, _) = pipeline::build(corpus, &out, db, &obs)?;
    print_summary(&s);
    if let Some(db) = db {
        eprintln!("wrote store {}", db.display());
    }
    if args.stats {
        eprintln!("stats: total {:.2} s", started.elapsed().as_secs_f64());
    }
    if failed > 0 {
        eprintln!("{} articles processed, {failed} inputs failed", s.articles);
        return Ok(EXIT_PARTIAL);
    }
    Ok(EXIT_OK)
}

fn add(args: AddArgs) -> anyhow::Result<u8> {
    let s = pipeline::add(
        &args.inputs,
        &args.input.options()?,
        &args.db,
        args.stats,
        &Printer::new(),
    )?;
    eprintln!(
        "add: {} new articles ({} already in the store), {} before; {} now holds {} articles, {} families \
         ({} traced again)",
        s.added,
        s.already,
        s.before,
        args.db.display(),
        s.articles,
        s.families,
        s.traced
    );
    if s.failed > 0 {
        eprintln!("{} articles added, {} inputs failed", s.added, s.failed);
        return Ok(EXIT_PARTIAL);
    }
    Ok(EXIT_OK)
}

fn export(args: ExportArgs) -> anyhow::Result<u8> {
    let out = pipeline::OutputOptions {
        dir: args.out.clone(),
        svg_max_nodes: args.svg_max_nodes,
        stats: false,
    };
    let s = pipeline::export(&args.db, &out, &Printer::new())?;
    print_summary(&s);
    Ok(EXIT_OK)
}

fn print_summary(s: &pipeline::BuildSummary) {
    eprintln!(
        "build: {} articles, {} quotes, {} families ({} across articles), {} copy edges, \
         {} cited sources, {} possible misattributions",
        s.articles, s.quotes, s.families, s.shared, s.copy_edges, s.sources, s.possible_misattributions
    );
    let names: Vec<String> = s.written.iter().map(|p| p.display().to_string()).collect();
    eprintln!("wrote {}", names.join(", "));
}

fn colour() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

fn origin(args: OriginArgs) -> anyhow::Result<u8> {
    if crate::normalize::words(&args.query).is_empty() {
        bail!(UsageError("the quote to trace has no words".into()));
    }
    if let Some(db) = &args.db {
        store_thresholds_only(&args.link)?;
        let st = crate::store::Store::open(db)?;
        // A family id, key or alias asks for that family: a link kept
        // from an earlier answer still leads to the line.
        if let Some(r) = st.resolve(args.query.trim())? {
            note_resolved(args.query.trim(), &r);
            let families = st.family(&r.id)?;
            return print_origin(&families.iter().collect::<Vec<_>>(), 0);
        }
        let families = st.origin(&args.query)?;
        return print_origin(&families.iter().collect::<Vec<_>>(), 0);
    }
    let cfg = args.link.config()?;
    let t = pipeline::trace_inputs(&args.inputs, &args.input.options()?, &cfg, &Printer::new())?;
    let families = pipeline::origin_families(&t.linked, &t.prov, &args.query);
    print_origin(&families, t.failed)
}

/// Tells which family a key or an alias given for one is now.
fn note_resolved(asked: &str, r: &crate::store::Resolved) {
    match &r.alias {
        Some(a) => eprintln!(
            "note: {asked} is an old key of family {} (key {}): {} in add {}",
            r.id, r.key, a.why, a.since_add
        ),
        None if asked != r.id => eprintln!("note: {asked} is the key of family {}", r.id),
        None => {}
    }
}

/// A store answers under the thresholds it was built with; others given
/// beside `--db` would be ignored, so they are refused.
fn store_thresholds_only(link: &LinkArgs) -> anyhow::Result<()> {
    if link.config()? != LinkConfig::default() {
        bail!(UsageError(
            "link thresholds do not apply with --db: a store answers under those it was built with".into()
        ));
    }
    Ok(())
}

/// Prints the families `origin` found; the exit code says whether any.
fn print_origin(families: &[&FamilyReport], failed: usize) -> anyhow::Result<u8> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if families.is_empty() {
        writeln!(out, "not found: no quote in the corpus matches this line")?;
    }
    for (i, f) in families.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        render::report::origin_text(&mut out, f, colour())?;
    }
    out.flush()?;
    if failed > 0 {
        return Ok(EXIT_PARTIAL);
    }
    // Like grep: nothing found is not success.
    Ok(if families.is_empty() { EXIT_FAILURE } else { EXIT_OK })
}

fn drift(args: DriftArgs) -> anyhow::Result<u8> {
    let family = args.family.as_deref();
    let (prov, failed, known) = if let Some(db) = &args.db {
        store_thresholds_only(&args.link)?;
        let st = crate::store::Store::open(db)?;
        // A store knows its families by id, by key and by old key.
        let resolved = family.map(|f| st.resolve(f)).transpose()?.flatten();
        if let (Some(f), Some(r)) = (family, &resolved) {
            note_resolved(f, r);
        }
        let known = family.is_none() || resolved.is_some();
        (
            st.drifted(resolved.as_ref().map(|r| r.id.as_str()).or(family))?,
            0,
            known,
        )
    } else {
        let cfg = args.link.config()?;
        let mut t = pipeline::trace_inputs(&args.inputs, &args.input.options()?, &cfg, &Printer::new())?;
        // By id or by key, as a store knows it (a build has no old keys).
        let named = |x: &FamilyReport, f: &str| x.id == f || crate::store::family_key(x) == f;
        let known = family.is_none_or(|f| t.prov.families.iter().any(|x| named(x, f)));
        if let Some(f) = family {
            t.prov.families.retain(|x| named(x, f) && x.variants.len() > 1);
        }
        (t.prov, t.failed, known)
    };
    if let Some(f) = family {
        if !known {
            bail!("no family {f} in the corpus");
        }
        if prov.families.is_empty() {
            eprintln!("note: {f} has one wording: nothing drifted");
        }
    }
    print_drift(&prov, args.format, failed)
}

fn serve(args: ServeArgs) -> anyhow::Result<u8> {
    let opts = crate::serve::Options {
        db: args.db,
        bind: args.bind,
        port: args.port,
    };
    crate::serve::run(&opts, |addr| {
        // The address alone on stdout, for scripts and tests that pass
        // `--port 0`; a note for people on stderr.
        println!("http://{addr}/");
        eprintln!(
            "serving {} at http://{addr}/ (read only; Ctrl-C stops)",
            opts.db.display()
        );
    })?;
    Ok(EXIT_OK)
}

fn print_drift(prov: &Provenance, format: DriftFormat, failed: usize) -> anyhow::Result<u8> {
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match format {
        DriftFormat::Text => render::report::drift_text(&mut out, prov, colour())?,
        DriftFormat::Md => render::report::drift_markdown(&mut out, prov)?,
        DriftFormat::Json => render::report::drift_json(&mut out, prov)?,
    }
    out.flush()?;
    Ok(if failed > 0 { EXIT_PARTIAL } else { EXIT_OK })
}

fn simulate(args: SimulateArgs) -> anyhow::Result<u8> {
    if !(0.0..=1.0).contains(&args.undated) {
        bail!(UsageError(format!(
            "--undated must be between 0 and 1, not {}",
            args.undated
        )));
    }
    if args.outlets == 0 {
        bail!(UsageError("--outlets must be at least 1".into()));
    }
    let mut cfg = crate::simulate::Config {
        outlets: args.outlets,
        articles: args.articles,
        seed: args.seed,
        max_edits: args.max_edits,
        undated: args.undated,
        ..crate::simulate::Config::default()
    };
    if args.no_patterns {
        cfg = cfg.without_patterns();
    }
    for p in &args.patterns {
        cfg.set_pattern(p).map_err(UsageError)?;
    }
    let s = pipeline::simulate(&args.from, &cfg, &args.out, !args.no_txt, &Printer::new())?;
    eprintln!(
        "simulate: {} source articles gave {} quotes and {} sentences; wrote {} articles from {} outlets, \
         {} quote occurrences in {} families ({} copies) into {}",
        s.sources,
        s.pool_quotes,
        s.pool_sentences,
        s.articles,
        s.outlets,
        s.occurrences,
        s.families,
        s.copies,
        args.out.display()
    );
    Ok(if s.failed > 0 { EXIT_PARTIAL } else { EXIT_OK })
}

fn eval_provenance(args: EvalProvenanceArgs) -> anyhow::Result<u8> {
    let (inputs, truth) = pipeline::simulated_inputs(&args.inputs, args.truth.as_deref());
    let Some(truth) = truth else {
        bail!(UsageError(
            "--truth is needed unless DIR is a folder with truth.json".into()
        ));
    };
    let truth = pipeline::read_truth(&truth)?;
    let cfg = args.link.config()?;
    let (report, failed) = pipeline::eval_provenance(
        &inputs,
        &truth,
        &args.input.options()?,
        &cfg,
        args.show_errors,
        &Printer::new(),
    )?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report).map_err(io::Error::from)?;
        out.write_all(b"\n")?;
    } else {
        out.write_all(crate::evalprov::text(&report).as_bytes())?;
    }
    out.flush()?;
    Ok(if failed > 0 { EXIT_PARTIAL } else { EXIT_OK })
}
