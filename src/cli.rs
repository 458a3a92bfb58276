//! The command line: the commands, each turning its arguments into the
//! library's options, calling into it, printing what it gets back and
//! returning the exit code. `main.rs` only maps the outcome to an exit
//! code. The arguments are `args.rs`; what a run prints as it goes,
//! `printer.rs`.

mod args;
mod printer;

use std::collections::BTreeMap;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context};

pub use args::{
    AddArgs, BuildArgs, Cli, Command, DriftArgs, DriftFormat, EvalArgs, EvalProvenanceArgs, ExportArgs, ExtractArgs,
    IngestArgs, Input, LinkArgs, OriginArgs, ServeArgs, SimulateArgs, TextMode, TrainKindsArgs, TrainSpeakersArgs,
};
use printer::{report_problems, Printer};

use crate::corpus;
use crate::eval;
use crate::extract::Extractor;
use crate::grammar::Grammar;
use crate::link::LinkConfig;
use crate::pipeline;
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
