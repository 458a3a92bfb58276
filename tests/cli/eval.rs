//! `quotegraph eval`: the score lines, and exact agreement with the
//! reference scorer `../shared/eval/score.py`.

use std::path::Path;

use predicates::prelude::*;
use serde_json::Value;

use crate::{python3, qg, root, shared, write};

#[test]
fn eval_on_the_example_corpus_prints_the_score_lines() {
    let a = qg()
        .args(["eval", "--gold", "examples/gold.jsonl", "examples/corpus"])
        .assert()
        .success();
    let out = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let patterns = [
        r"^quotes@0\.3: P [01]\.\d{3}  R [01]\.\d{3}  F1 [01]\.\d{3}  \(tp \d+ fp \d+ fn \d+\)$",
        r"^quotes@0\.8: P [01]\.\d{3}  R [01]\.\d{3}  F1 [01]\.\d{3}  \(tp \d+ fp \d+ fn \d+\)$",
        r"^speaker accuracy: [01]\.\d{3} \(\d+/\d+\)$",
        r"^articles 6, missing in pred 0, bad offsets 0$",
    ];
    assert_eq!(lines.len(), patterns.len(), "{out}");
    for (line, p) in lines.iter().zip(patterns) {
        assert!(predicate::str::is_match(p).unwrap().eval(line), "`{line}` !~ {p}");
    }
}

#[test]
fn eval_json_on_the_example_corpus() {
    let v = eval_json(&["--gold", "examples/gold.jsonl", "examples/corpus"]);
    assert_eq!(v["articles"], 6);
    assert_eq!(v["articles_missing_in_pred"], 0);
    assert_eq!(v["bad_offsets"], 0);
    let gold_quotes = gold_statement_count(&root().join("examples/gold.jsonl"));
    for thr in ["overlap0.3", "overlap0.8"] {
        let r = &v[thr];
        let (tp, fn_) = (r["tp"].as_u64().unwrap(), r["fn"].as_u64().unwrap());
        assert_eq!(tp + fn_, gold_quotes, "{thr}: every gold statement is a hit or a miss");
        for k in ["precision", "recall", "f1"] {
            let x = r[k].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&x), "{thr} {k} = {x}");
        }
    }
    let s = &v["speaker"];
    assert!(s["ok"].as_u64() <= s["n"].as_u64(), "{s}");
}

#[test]
fn eval_without_articles_reads_the_gold_texts() {
    // The gold file carries the same texts as examples/corpus.
    let from_gold = eval_json(&["--gold", "examples/gold.jsonl"]);
    let from_corpus = eval_json(&["--gold", "examples/gold.jsonl", "examples/corpus"]);
    assert_eq!(from_gold, from_corpus);
}

#[test]
fn eval_counts_articles_missing_from_the_prediction() {
    let v = eval_json(&["--gold", "examples/gold.jsonl", "examples/corpus/wire.jsonl"]);
    assert_eq!(v["articles"], 6);
    assert_eq!(v["articles_missing_in_pred"], 4);
}

#[test]
fn eval_agrees_with_score_py_on_the_examples() {
    agree_with_score_py(&root().join("examples/gold.jsonl"));
}

#[test]
fn eval_agrees_with_score_py_on_the_seeds() {
    if let Some(gold) = shared("gold/seeds.quotes.jsonl") {
        agree_with_score_py(&gold);
    }
}

#[test]
fn eval_agrees_with_score_py_on_polnear() {
    if let Some(gold) = shared("datasets/polnear-traindev.jsonl") {
        agree_with_score_py(&gold);
    }
}

fn eval_json(args: &[&str]) -> Value {
    let a = qg().arg("eval").args(args).arg("--json").assert().success();
    serde_json::from_slice(&a.get_output().stdout).expect("eval --json prints one JSON object")
}

/// Gold quotes that are scored as statements (not scare or headline).
fn gold_statement_count(gold: &Path) -> u64 {
    std::fs::read_to_string(gold)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            v["quotes"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|q| !matches!(q["kind"].as_str(), Some("scare" | "headline" | "title")))
                .count() as u64
        })
        .sum()
}

/// `quotegraph eval --gold GOLD --json` and `score.py GOLD PRED --json`,
/// where PRED is `quotegraph extract GOLD --format jsonl`, give the same
/// counts, and the same ratios to their four decimals.
fn agree_with_score_py(gold: &Path) {
    let Some(score_py) = shared("eval/score.py") else {
        return;
    };
    if !python3() {
        return;
    }
    let gold_arg = gold.to_str().unwrap();
    let ours = eval_json(&["--gold", gold_arg]);

    let dir = tempfile::tempdir().unwrap();
    let pred = qg()
        .args(["extract", gold_arg, "--format", "jsonl"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let pred = write(dir.path(), "pred.jsonl", pred);
    let out = std::process::Command::new("python3")
        .arg(&score_py)
        .arg(gold)
        .arg(&pred)
        .arg("--json")
        .output()
        .expect("run score.py");
    assert!(
        out.status.success(),
        "score.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: Value = serde_json::from_slice(&out.stdout).expect("score.py --json prints JSON");

    let count = |v: &Value, path: &[&str]| -> u64 {
        let mut x = v;
        for k in path {
            x = &x[*k];
        }
        x.as_u64().unwrap_or_else(|| panic!("{path:?} missing in {v}"))
    };
    let mut counts: Vec<Vec<&str>> = vec![
        vec!["articles"],
        vec!["articles_missing_in_pred"],
        vec!["bad_offsets"],
        vec!["speaker", "ok"],
        vec!["speaker", "n"],
    ];
    for thr in ["overlap0.3", "overlap0.8"] {
        for k in ["tp", "fp", "fn"] {
            counts.push(vec![thr, k]);
        }
    }
    for path in &counts {
        assert_eq!(
            count(&ours, path),
            count(&theirs, path),
            "{}: {path:?} differs\nquotegraph: {ours}\nscore.py:   {theirs}",
            gold.display()
        );
    }
    let ratio = |v: &Value, a: &str, b: &str| v[a][b].as_f64().unwrap();
    for (a, b) in [
        ("overlap0.3", "precision"),
        ("overlap0.3", "recall"),
        ("overlap0.3", "f1"),
        ("overlap0.8", "precision"),
        ("overlap0.8", "recall"),
        ("overlap0.8", "f1"),
        ("speaker", "accuracy"),
    ] {
        let (x, y) = (ratio(&ours, a, b), ratio(&theirs, a, b));
        // Both round to 4 decimals; allow one unit of the last for the
        // two languages' rounding of halves.
        assert!((x - y).abs() <= 1.0001e-4, "{a}.{b}: quotegraph {x}, score.py {y}");
    }
}

/// `train-kinds` makes a model that `extract --kinds-model` reads; the
/// same gold gives the same bytes; a broken model names its line.
#[test]
fn train_kinds_makes_a_model_extract_reads_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("en.kinds.tsv");
    let train = |out: &Path| {
        qg().args(["train-kinds", "examples/gold.jsonl", "--lang", "en", "-o"])
            .arg(out)
            .assert()
            .success()
            .stderr(predicate::str::contains("train-kinds: 6 articles"));
        std::fs::read_to_string(out).unwrap()
    };
    let text = train(&model);
    assert!(text.starts_with("# Kind model for `en`"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("threshold\t")));
    assert_eq!(train(&dir.path().join("again.tsv")), text);
    for flags in [vec!["--kinds-model", model.to_str().unwrap()], vec!["--no-kinds-model"]] {
        qg().args(["extract", "examples/corpus", "--format", "jsonl"])
            .args(&flags)
            .assert()
            .success();
    }
    let bad = write(dir.path(), "bad.tsv", "threshold\t0.5\nbias\tnot-a-number\n");
    qg().args(["extract", "examples/corpus", "--kinds-model"])
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains("bad.tsv:2"));
}

/// Issue 14: `train-kinds --examples` writes every example the model
/// learns from, one quote a line, with the same model as without it.
#[test]
fn issue14_train_kinds_writes_each_example() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, with, examples) = (
        dir.path().join("a.tsv"),
        dir.path().join("b.tsv"),
        dir.path().join("ex.jsonl"),
    );
    qg().args(["train-kinds", "examples/gold.jsonl", "--lang", "en", "-o"])
        .arg(&plain)
        .assert()
        .success();
    qg().args(["train-kinds", "examples/gold.jsonl", "--lang", "en", "-o"])
        .arg(&with)
        .arg("--examples")
        .arg(&examples)
        .assert()
        .success();
    assert_eq!(std::fs::read(&plain).unwrap(), std::fs::read(&with).unwrap());
    let lines: Vec<Value> = std::fs::read_to_string(&examples)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!lines.is_empty());
    for l in &lines {
        assert!(
            l["id"].is_string() && l["said"].is_boolean() && l["segments"].is_array(),
            "{l}"
        );
        assert!(
            l["features"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f.as_str().unwrap().starts_with("words=")),
            "{l}"
        );
    }
}

/// Issue 14: `train-speakers --candidates` writes every quote's candidate
/// speakers, one quote a line, for `scripts/speakers-why`.
#[test]
fn issue14_train_speakers_writes_each_quotes_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let cands = dir.path().join("cands.jsonl");
    qg().args(["train-speakers", "examples/gold.jsonl", "--lang", "en", "-o"])
        .arg(dir.path().join("m.tsv"))
        .arg("--candidates")
        .arg(&cands)
        .assert()
        .success();
    let text = std::fs::read_to_string(&cands).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!lines.is_empty());
    for l in &lines {
        assert!(l["id"].is_string() && l["start"].is_u64() && l["end"].is_u64(), "{l}");
        assert!(l["kind"].is_string() && l["segments"].is_array(), "{l}");
        assert!(l["candidates"].is_array(), "{l}");
    }
    // Each candidate with its offsets and the features the ranker reads,
    // for `scripts/speakers-try`.
    let cand = lines
        .iter()
        .flat_map(|l| l["candidates"].as_array().unwrap())
        .find(|c| c["speaker"].is_string())
        .unwrap_or_else(|| panic!("{text}"));
    assert!(cand["start"].is_u64() && cand["end"].is_u64(), "{cand}");
    let features = cand["features"].as_array().unwrap();
    assert!(
        features.iter().any(|f| f.as_str().unwrap().starts_with("by=")),
        "{cand}"
    );
}

/// Issue 14: `train-speakers --grammar FILE` finds quotes and candidates
/// with that grammar file instead of the built-in one: a grammar change
/// scored on held-out folds without a build.
#[test]
fn issue14_train_speakers_reads_a_grammar_file() {
    let dir = tempfile::tempdir().unwrap();
    let train = |grammar: Option<&Path>| {
        let cands = dir.path().join("cands.jsonl");
        let mut cmd = qg();
        cmd.args(["train-speakers", "examples/gold.jsonl", "--lang", "en", "-o"])
            .arg(dir.path().join("m.tsv"))
            .arg("--candidates")
            .arg(&cands);
        if let Some(g) = grammar {
            cmd.arg("--grammar").arg(g);
        }
        cmd.assert().success();
        std::fs::read_to_string(&cands).unwrap()
    };
    // The built-in grammar as a file gives what the built-in one gives.
    let builtin = train(None);
    assert_eq!(train(Some(Path::new("grammars/en.qg"))), builtin);
    // A grammar with no frames proposes no frame's phrase.
    let src = std::fs::read_to_string("grammars/en.qg").unwrap();
    let start = src.find("\n[frames]\n").unwrap() + "\n[frames]\n".len();
    let end = src[start..].find("\n[").map_or(src.len(), |e| start + e + 1);
    let bare = write(dir.path(), "bare.qg", format!("{}{}", &src[..start], &src[end..]));
    let without = train(Some(&bare));
    assert!(builtin.contains("\"by=frame\""));
    assert!(!without.contains("\"by=frame\""), "{without}");
    qg().args([
        "train-speakers",
        "examples/gold.jsonl",
        "--lang",
        "en",
        "--grammar",
        "no-such.qg",
    ])
    .assert()
    .failure()
    .stderr(predicate::str::contains("no-such.qg"));
}

/// Issue 14: `train-speakers` makes a speaker ranker that `extract
/// --speakers-model` reads, the same model every time; `--no-speakers-model`
/// turns the built-in one off.
#[test]
fn issue14_train_speakers_makes_a_ranker_extract_reads_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("en.speakers.tsv");
    let train = |out: &Path| {
        qg().args(["train-speakers", "examples/gold.jsonl", "--lang", "en", "-o"])
            .arg(out)
            .assert()
            .success()
            .stderr(predicate::str::contains("train-speakers: 6 articles"));
        std::fs::read_to_string(out).unwrap()
    };
    let text = train(&model);
    assert!(text.starts_with("# Speaker ranker for `en`"), "{text}");
    assert!(text.lines().any(|l| l == "threshold\t1"), "{text}");
    assert_eq!(train(&dir.path().join("again.tsv")), text);
    for flags in [
        vec!["--speakers-model", model.to_str().unwrap()],
        vec!["--no-speakers-model"],
    ] {
        qg().args(["extract", "examples/corpus", "--format", "jsonl"])
            .args(&flags)
            .assert()
            .success();
    }
    let bad = write(dir.path(), "bad.tsv", "threshold\t1\nby=rule\tnot-a-number\n");
    qg().args(["extract", "examples/corpus", "--speakers-model"])
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains("bad.tsv:2"));
}

/// Issue 14 (session 40): German's speaker ranker gives the rule chain's
/// choice no head start (threshold 0: the weight of `by=rule` judges it),
/// English's keeps one logit.
#[test]
fn issue14_german_ranker_keeps_no_head_start_for_the_rules_choice() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        "Die Stadt plant eine neue Brücke. „Wir bauen sie bis zum Sommer“, sagte Bürgermeisterin Eva Roth am Montag. \
                Der Stadtrat Paul Weber widersprach: „Das Geld fehlt dafür.“";
    let quote = |q: &str, who: &str| {
        let start = text.find(q).unwrap();
        let start = text[..start].chars().count();
        serde_json::json!({"text": q, "start": start, "end": start + q.chars().count(), "speaker": who})
    };
    let article = serde_json::json!({"id": "de-1", "text": text, "quotes": [
        quote("Wir bauen sie bis zum Sommer", "Bürgermeisterin Eva Roth"),
        quote("Das Geld fehlt dafür.", "Der Stadtrat Paul Weber"),
    ]});
    let gold = write(dir.path(), "de.jsonl", format!("{article}\n"));
    for (lang, gold, head) in [
        ("de", gold.as_path(), "threshold\t0\n"),
        ("en", Path::new("examples/gold.jsonl"), "threshold\t1\n"),
    ] {
        let model = dir.path().join(format!("{lang}.tsv"));
        qg().args(["train-speakers"])
            .arg(gold)
            .args(["--lang", lang, "-o"])
            .arg(&model)
            .assert()
            .success();
        let text = std::fs::read_to_string(&model).unwrap();
        assert!(text.contains(head), "{lang}: {text}");
    }
}

/// Issue 14: `tests/data/germeval-referents.jsonl` (the referents of
/// GermEval's pronoun speakers, ids and offsets only) joins with GermEval
/// train and holds exactly the quotes its selection rule picks; a broken
/// offset or a missing quote stops `scripts/germeval-referents`, naming
/// the file (and the line where there is one).
#[test]
fn issue14_germeval_referents_join() {
    if shared("datasets/germeval-train.jsonl").is_none() || !python3() {
        return;
    }
    let script = root().join("scripts/germeval-referents");
    let run = |file: &Path| {
        std::process::Command::new("python3")
            .arg(&script)
            .arg("--file")
            .arg(file)
            .output()
            .expect("run scripts/germeval-referents")
    };
    let file = root().join("tests/data/germeval-referents.jsonl");
    let out = run(&file);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains(" quotes joined, sure "), "{stdout}");

    let text = std::fs::read_to_string(&file).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    first["referent_end"] = Value::from(10_000_000);
    let shifted: Vec<String> = std::iter::once(first.to_string())
        .chain(text.lines().skip(1).map(str::to_owned))
        .collect();
    let bad = write(dir.path(), "shifted.jsonl", shifted.join("\n"));
    let out = run(&bad);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("shifted.jsonl:1: referent offsets"), "{stderr}");

    let short: Vec<&str> = text.lines().skip(1).collect();
    let bad = write(dir.path(), "short.jsonl", short.join("\n"));
    let out = run(&bad);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("short.jsonl: 1 selected quote(s) not annotated"),
        "{stderr}"
    );
}
