//! The command line's arguments: the clap types of every command, and
//! their conversion into the library's options (an argument out of its
//! range is a [`UsageError`]).

use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, Parser, Subcommand, ValueEnum};

use super::UsageError;
use crate::corpus;
use crate::grammar;
use crate::link::LinkConfig;
use crate::pipeline;
use crate::render::Format;

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
    pub(super) fn options(self) -> corpus::ReadOptions {
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
    /// Also write each example to FILE, one quote a line (JSONL: the
    /// article's `id` and `outlet`, the quote's byte `segments`, `text`
    /// and rule `kind`, its label `said` and its `features`), for finding
    /// what the model gets wrong and trying features without a build.
    #[arg(long, value_name = "FILE")]
    pub examples: Option<PathBuf>,
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
    /// How far under --drift two quotes of one named speaker may still be
    /// drifted copies, when their words differ in short runs
    /// (--speaker-run) and they share three or more.
    #[arg(long, default_value_t = LinkConfig::default().speaker_slack, value_name = "0..1")]
    pub speaker_slack: f64,
    /// The longest run of words changed together in such a pair, where
    /// the shorter has --common words or more (shorter phrases: 1).
    #[arg(long, default_value_t = LinkConfig::default().speaker_run, value_name = "N")]
    pub speaker_run: usize,
}

impl LinkArgs {
    pub(super) fn config(&self) -> anyhow::Result<LinkConfig> {
        for (name, v) in [
            ("--drift", self.drift),
            ("--contain", self.contain),
            ("--length-ratio", self.length_ratio),
            ("--speaker-slack", self.speaker_slack),
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
            speaker_slack: self.speaker_slack,
            speaker_run: self.speaker_run,
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

impl Input {
    /// The library's input options; an unknown `--lang` is a usage error.
    pub(super) fn options(&self) -> anyhow::Result<pipeline::InputOptions> {
        if self.grammar.is_none() && self.lang != "auto" && !grammar::is_builtin(&self.lang) {
            bail!(UsageError(format!(
                "unknown --lang `{}`: use {} or auto",
                self.lang,
                grammar::builtin_codes()
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
