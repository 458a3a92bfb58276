//! The command line: argument parsing and the commands, calling into the
//! library. `main.rs` only maps the outcome to an exit code.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};

use crate::article::{analyse, Analysed, Language};
use crate::corpus::{self, ManifestRow};
use crate::eval;
use crate::extract::Extractor;
use crate::grammar::Grammar;
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
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract every quote and its speaker from articles.
    Extract(ExtractArgs),
    /// Score extraction against a gold annotation file (JSONL).
    Eval(EvalArgs),
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
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders of articles (.txt, .jsonl, .json), or - for stdin.
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

/// Runs the command line; returns the exit code.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Extract(args) => extract(args),
        Command::Eval(args) => eval_cmd(args),
    }
}

fn language(input: &Input) -> anyhow::Result<Language> {
    if let Some(path) = &input.grammar {
        let src = std::fs::read_to_string(path).with_context(|| format!("cannot read grammar {}", path.display()))?;
        let g = Grammar::parse(&src, &path.display().to_string())?;
        return Ok(Language::Fixed(Box::new(Extractor::new(g))));
    }
    match input.lang.as_str() {
        "en" | "de" | "auto" => Ok(Language::builtin(&input.lang)?),
        other => bail!(UsageError(format!("unknown --lang `{other}`: use en, de or auto"))),
    }
}

/// An error in how the tool was called.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

fn manifest(input: &Input) -> anyhow::Result<HashMap<String, ManifestRow>> {
    match &input.manifest {
        Some(p) => Ok(corpus::read_manifest(p)?),
        None => Ok(HashMap::new()),
    }
}

/// Loads and analyses every input; reports what could not be read.
fn analyse_inputs(inputs: &[PathBuf], input: &Input) -> anyhow::Result<(Vec<Analysed>, usize, usize)> {
    let lang = language(input)?;
    let manifest = manifest(input)?;
    let loaded = corpus::load(inputs);
    let mut failed = 0;
    for p in &loaded.problems {
        if p.recovered {
            eprintln!("warning: {}", p.error);
        } else {
            eprintln!("error: {}", p.error);
            failed += 1;
        }
    }
    let bytes = loaded.articles.iter().map(|a| a.text.len()).sum();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::with_capacity(loaded.articles.len());
    for a in &loaded.articles {
        let mut analysed = analyse(a, manifest.get(&a.id), &lang);
        let n = seen.entry(a.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let id = format!("{}#{}", a.id, n);
            eprintln!(
                "warning: {}: duplicate article id `{}`; this copy is reported as `{id}`",
                a.origin, a.id
            );
            analysed.id = id;
        }
        out.push(analysed);
    }
    Ok((out, bytes, failed))
}

fn extract(args: ExtractArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let (articles, bytes, failed) = analyse_inputs(&args.inputs, &args.input)?;
    let elapsed = started.elapsed();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        Format::Jsonl => {
            for a in &articles {
                render::jsonl(&mut out, a)?;
            }
        }
        Format::Json => {
            // Keep the io::Error visible, so a closed pipe is seen as one.
            serde_json::to_writer_pretty(&mut out, &articles).map_err(io::Error::from)?;
            out.write_all(b"\n")?;
        }
        Format::Text => {
            for a in &articles {
                render::text(&mut out, a)?;
            }
        }
    }
    out.flush()?;
    let quotes: usize = articles.iter().map(|a| a.quotes.len()).sum();
    if args.stats {
        let mb = bytes as f64 / 1e6;
        let secs = elapsed.as_secs_f64().max(1e-9);
        eprintln!(
            "stats: {} articles, {} quotes, {:.2} MB in {:.3} s, {:.1} MB/s",
            articles.len(),
            quotes,
            mb,
            secs,
            mb / secs
        );
    }
    if failed > 0 {
        eprintln!("{} articles processed, {failed} inputs failed", articles.len());
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
    let (articles, _, failed) = analyse_inputs(&inputs, &args.input)?;
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
