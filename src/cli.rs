//! The command line: the commands, each turning its arguments into the
//! library's options, calling into it, printing what it gets back and
//! returning the exit code. `main.rs` only maps the outcome to an exit
//! code. The arguments are `args.rs`; what a run prints as it goes,
//! `printer.rs`.

mod args;
mod printer;

use std::io::{self, BufWriter, IsTerminal, Write};
use std::time::Instant;

use anyhow::{bail, Context};

pub use args::{
    AddArgs, BuildArgs, Cli, Command, DriftArgs, DriftFormat, EvalArgs, EvalProvenanceArgs, ExportArgs, ExtractArgs,
    IngestArgs, Input, LinkArgs, OriginArgs, ServeArgs, SimulateArgs, TextMode, TrainKindsArgs, TrainSpeakersArgs,
};
use printer::{report_problems, Printer};

use crate::corpus;
use crate::eval;
use crate::grammar::{self, Grammar};
use crate::link::LinkConfig;
use crate::pipeline;
use crate::provenance::{FamilyReport, Provenance};
use crate::render::{self, Format};
use crate::train;

/// Exit code when everything was processed.
pub const EXIT_OK: u8 = 0;
/// Exit code for a failure that stopped the run.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code for a usage error (clap uses it too).
pub const EXIT_USAGE: u8 = 2;
/// Exit code when some inputs failed but all others were processed.
pub const EXIT_PARTIAL: u8 = 3;

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
    if !grammar::is_builtin(lang) {
        bail!(UsageError(format!(
            "unknown --lang `{lang}`: use {}",
            grammar::builtin_codes()
        )));
    }
    Ok(Grammar::builtin(lang)?)
}

fn train_kinds(args: TrainKindsArgs) -> anyhow::Result<u8> {
    let g = training_grammar(&args.lang)?;
    let gold = train::Gold {
        lang: &args.lang,
        files: &args.gold,
        exclude_outlet: &args.exclude_outlet,
    };
    let t = train::kinds(g, &gold, args.threshold, args.examples.is_some())?;
    write_model(args.out.as_deref(), &t.model)?;
    if let (Some(p), Some(dump)) = (&args.examples, &t.examples) {
        render::write_atomic_with(p, |w| w.write_all(dump.as_bytes()))
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    eprintln!(
        "train-kinds: {} articles, {} quotes ({} said)",
        t.articles, t.quotes, t.said
    );
    Ok(EXIT_OK)
}

fn train_speakers(args: TrainSpeakersArgs) -> anyhow::Result<u8> {
    let g = train::grammar_from(training_grammar(&args.lang)?, args.grammar.as_deref())?;
    let gold = train::Gold {
        lang: &args.lang,
        files: &args.gold,
        exclude_outlet: &args.exclude_outlet,
    };
    let t = train::speakers(g, &gold, args.candidates.is_some())?;
    write_model(args.out.as_deref(), &t.model)?;
    if let (Some(p), Some(dump)) = (&args.candidates, &t.candidates) {
        render::write_atomic_with(p, |w| w.write_all(dump.as_bytes()))
            .with_context(|| format!("cannot write {}", p.display()))?;
    }
    eprintln!(
        "train-speakers: {} articles, {} quotes to learn from ({} right candidates); \
         of {} quotes matched to gold, {} have a right candidate, {} the rule chain's choice",
        t.articles, t.quotes, t.right, t.oracle.quotes, t.oracle.reachable, t.oracle.first_right
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
    let mut gold = Vec::new();
    corpus::each_gold_article(std::slice::from_ref(&args.gold), &[], |a| gold.push(a))?;
    let inputs = if args.inputs.is_empty() {
        vec![args.gold.clone()]
    } else {
        args.inputs.clone()
    };
    let a = pipeline::analyse_inputs(&inputs, &args.input.options()?, false, &Printer::new())?;
    let (articles, failed) = (a.articles, a.failed);
    let pred = eval::predictions(articles);
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

fn build(args: BuildArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let obs = Printer::new();
    let cfg = args.link.config()?;
    let db = args.db.as_deref();
    let out = pipeline::OutputOptions {
        dir: args.out.clone(),
        svg_max_nodes: args.svg_max_nodes,
        stats: args.stats,
    };
    let (s, _, failed) = pipeline::build(&args.inputs, &args.input.options()?, &cfg, &out, db, &obs)?;
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
    let found = if let Some(db) = &args.db {
        store_thresholds_only(&args.link)?;
        pipeline::origin_in_store(db, &args.query)?
    } else {
        let cfg = args.link.config()?;
        pipeline::origin_in_inputs(&args.inputs, &args.input.options()?, &cfg, &args.query, &Printer::new())?
    };
    if let Some(r) = &found.resolved {
        note_resolved(args.query.trim(), r);
    }
    print_origin(&found.families.iter().collect::<Vec<_>>(), found.failed)
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
    let d = if let Some(db) = &args.db {
        store_thresholds_only(&args.link)?;
        pipeline::drift_in_store(db, family)?
    } else {
        let cfg = args.link.config()?;
        pipeline::drift_in_inputs(&args.inputs, &args.input.options()?, &cfg, family, &Printer::new())?
    };
    if let (Some(f), Some(r)) = (family, &d.resolved) {
        note_resolved(f, r);
    }
    if let Some(f) = family {
        if !d.known {
            bail!("no family {f} in the corpus");
        }
        if d.prov.families.is_empty() {
            eprintln!("note: {f} has one wording: nothing drifted");
        }
    }
    print_drift(&d.prov, args.format, d.failed)
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
