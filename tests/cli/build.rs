//! `build`, `origin` and `drift`: linking, provenance and the drift audit
//! end to end, on the example corpus and on the seeds in `../shared`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde_json::Value;

use crate::{corpus, parse_jsonl, qg, root, shared, stdout_of};

/// Runs `build` into a fresh folder and returns it.
fn build(inputs: &[&Path], extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    qg().arg("build")
        .args(inputs)
        .arg("--out")
        .arg(dir.path())
        .args(extra)
        .assert()
        .success();
    dir
}

fn families(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("families.json")).unwrap()).unwrap()
}

fn family<'a>(fams: &'a Value, id: &str) -> &'a Value {
    fams["families"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no family {id}"))
}

/// Byte offset of code point `cp` in `text`.
fn byte_at(text: &str, cp: usize) -> usize {
    text.char_indices().nth(cp).map_or(text.len(), |(b, _)| b)
}

/// Each gold quote's gold family and the family `build` gave the quote
/// that overlaps it most (or a family of its own when none does), with
/// its article.
fn assignments(gold: &Path, quotes_jsonl: &[u8]) -> Vec<(Option<String>, String, String)> {
    let pred: HashMap<String, Value> = parse_jsonl(quotes_jsonl)
        .into_iter()
        .map(|a| (a["id"].as_str().unwrap().to_string(), a))
        .collect();
    let mut out = Vec::new();
    for (n, line) in std::fs::read_to_string(gold).unwrap().lines().enumerate() {
        let g: Value = serde_json::from_str(line).unwrap();
        let id = g["id"].as_str().unwrap();
        let text = g["text"].as_str().unwrap();
        for (k, q) in g["quotes"].as_array().unwrap().iter().enumerate() {
            let (gs, ge) = (
                byte_at(text, q["start"].as_u64().unwrap() as usize),
                byte_at(text, q["end"].as_u64().unwrap() as usize),
            );
            // Every segment of every predicted quote, with its family.
            let best = pred[id]["quotes"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|p| {
                    let fams = p["families"].as_array().unwrap().clone();
                    p["segments"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .zip(fams)
                        .map(|(seg, f)| {
                            let (ps, pe) = (seg[0].as_u64().unwrap() as usize, seg[1].as_u64().unwrap() as usize);
                            (pe.min(ge).saturating_sub(ps.max(gs)), f.as_str().unwrap().to_string())
                        })
                        .collect::<Vec<_>>()
                })
                .filter(|(o, _)| *o > 0)
                .max_by_key(|(o, _)| *o)
                .map(|(_, f)| f)
                .unwrap_or_else(|| format!("unmatched-{n}-{k}"));
            out.push((q["family"].as_str().map(str::to_string), best, id.to_string()));
        }
    }
    out
}

/// Pairwise precision and recall of the predicted families against the
/// gold families listed in `only`, over the gold quotes.
fn pairwise(assigned: &[(Option<String>, String, String)], only: &[&str]) -> (f64, f64) {
    let in_scope = |g: &Option<String>| g.as_deref().is_some_and(|g| only.contains(&g));
    let (mut tp, mut pred_pairs, mut gold_pairs) = (0, 0, 0);
    for (i, a) in assigned.iter().enumerate() {
        for b in &assigned[i + 1..] {
            let same_gold = in_scope(&a.0) && a.0 == b.0;
            let same_pred = a.1 == b.1;
            if same_gold {
                gold_pairs += 1;
            }
            if same_pred && (in_scope(&a.0) || in_scope(&b.0)) {
                pred_pairs += 1;
                if same_gold {
                    tp += 1;
                }
            }
        }
    }
    (
        tp as f64 / f64::from(pred_pairs.max(1)),
        tp as f64 / f64::from(gold_pairs.max(1)),
    )
}

/// The predicted family most members of a gold family went to.
fn family_of_gold(assigned: &[(Option<String>, String, String)], gold: &str) -> String {
    let mut votes: BTreeMap<&str, usize> = BTreeMap::new();
    for a in assigned.iter().filter(|a| a.0.as_deref() == Some(gold)) {
        *votes.entry(a.1.as_str()).or_insert(0) += 1;
    }
    votes.into_iter().max_by_key(|(_, n)| *n).unwrap().0.to_string()
}

#[test]
fn build_writes_every_output_and_tags_every_quote_with_a_family() {
    let dir = build(&[&corpus()], &["--manifest", "examples/corpus/manifest.csv"]);
    for name in ["quotes.jsonl", "families.json", "provenance.dot"] {
        assert!(dir.path().join(name).is_file(), "{name} is written");
    }
    let quotes = parse_jsonl(&std::fs::read(dir.path().join("quotes.jsonl")).unwrap());
    assert_eq!(quotes.len(), 6);
    let fams = families(dir.path());
    let ids: Vec<&str> = fams["families"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    for a in &quotes {
        for q in a["quotes"].as_array().unwrap() {
            let f = q["family"].as_str().expect("every quote has a family");
            assert!(ids.contains(&f), "{f} is listed in families.json");
        }
    }
    let occurrences: usize = fams["families"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["occurrences"].as_array().unwrap().len())
        .sum();
    // Segment rows repeat their quote's segments.
    let segments_total: usize = quotes
        .iter()
        .flat_map(|a| a["quotes"].as_array().unwrap())
        .filter(|q| q["kind"] != "segment")
        .map(|q| q["families"].as_array().unwrap().len())
        .sum();
    assert_eq!(occurrences, segments_total, "every occurrence is in exactly one family");
    let dot = std::fs::read_to_string(dir.path().join("provenance.dot")).unwrap();
    graphviz_rust::parse(&dot).expect("provenance.dot parses back");
}

#[test]
fn example_families_match_their_annotation() {
    let gold = root().join("examples/gold.jsonl");
    let dir = build(&[&gold], &[]);
    let assigned = assignments(&gold, &std::fs::read(dir.path().join("quotes.jsonl")).unwrap());
    let all = ["H1", "H2", "H3", "H4", "H5", "H6"];
    let (p, r) = pairwise(&assigned, &all);
    eprintln!("examples H1–H6 pairwise precision {p:.3}, recall {r:.3}");
    assert!(p >= 0.9 && r >= 0.9, "pairwise precision {p:.3}, recall {r:.3}");

    let fams = families(dir.path());
    // H3 is first in the Harbor Gazette (09:15) and the Velmora Evening
    // Post (dated only by day, so a tie, not an order); Coastline Daily's
    // copy (undated) changed a number.
    let h3 = family(&fams, &family_of_gold(&assigned, "H3"));
    let mut first: Vec<&str> = h3["first_appearance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap().split('#').next().unwrap())
        .collect();
    first.sort_unstable();
    assert_eq!(first, ["harbor-gazette-2025-03-04", "velmora-evening-post-2025-03-04"]);
    assert_eq!(h3["tie"], true);
    let numbers: Vec<&Value> = h3["variants"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|v| v["changes"].as_array().unwrap())
        .filter(|c| c["class"] == "number")
        .collect();
    assert!(
        numbers.iter().any(|c| c["old"] == "12" && c["new"] == "15"),
        "{numbers:?}"
    );
    assert!(h3["undated"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o.as_str().unwrap().starts_with("coastline-daily")));
    // Volkov and Wolkow are one speaker.
    let speakers = fams["speakers"].as_array().unwrap();
    assert!(
        speakers.iter().any(|s| {
            let sp: Vec<&str> = s["spellings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap())
                .collect();
            sp.iter().any(|x| x.contains("Volkov")) && sp.iter().any(|x| x.contains("Wolkow"))
        }),
        "{speakers:?}"
    );
}

/// Issue 3's acceptance on the seeds: families, first appearances, copy
/// edges, drift and speakers.
#[test]
fn issue3_seed_families_provenance_and_drift() {
    let Some(gold) = shared("gold/seeds.quotes.jsonl") else {
        return;
    };
    let dir = build(&[&gold], &[]);
    let assigned = assignments(&gold, &std::fs::read(dir.path().join("quotes.jsonl")).unwrap());
    let fams = families(dir.path());

    // F1–F4 are recovered exactly; F5 (a phrase also translated, as
    // "undercover Russian secret service employees") at least in part.
    for f in ["F1", "F2", "F3", "F4"] {
        let (p, r) = pairwise(&assigned, &[f]);
        assert!(p >= 0.99 && r >= 0.99, "{f}: precision {p:.3}, recall {r:.3}");
    }
    let (p, r) = pairwise(&assigned, &["F1", "F2", "F3", "F4", "F5"]);
    eprintln!("seeds F1–F5 pairwise precision {p:.3}, recall {r:.3}");
    assert!(p >= 0.95 && r >= 0.80, "F1–F5: precision {p:.3}, recall {r:.3}");

    for f in ["F1", "F2", "F3", "F4"] {
        let fam = family(&fams, &family_of_gold(&assigned, f));
        let first: Vec<&str> = fam["first_appearance"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_str().unwrap())
            .collect();
        assert!(
            first.iter().all(|o| o.starts_with("000_")),
            "{f} first appears in 000: {first:?}"
        );
        for e in fam["copy_edges"].as_array().unwrap() {
            if e["to_article"].as_str().unwrap().starts_with("001_") {
                assert!(e["from_article"].as_str().unwrap().starts_with("000_"), "{f}: {e}");
            }
        }
        assert!(
            fam["copy_edges"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["to_article"].as_str().unwrap().starts_with("001_")),
            "{f}: 001 copies 000"
        );
        for o in fam["undated"].as_array().unwrap() {
            let a = o.as_str().unwrap();
            assert!(
                a.starts_with("002_") || a.starts_with("003_") || a.starts_with("004_"),
                "{a}"
            );
        }
    }

    // 002's F1 is drifted: accreditation → recognition, undeclared → undisclosed.
    let f1 = family(&fams, &family_of_gold(&assigned, "F1"));
    let v002 = f1["variants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| {
            v["occurrences"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o.as_str().unwrap().starts_with("002_"))
        })
        .expect("002 has a variant of F1");
    let subs: Vec<(&str, &str)> = v002["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["old"].as_str().unwrap_or(""), c["new"].as_str().unwrap_or("")))
        .collect();
    assert!(subs.contains(&("accreditation", "recognition")), "{subs:?}");
    assert!(subs.contains(&("undeclared", "undisclosed")), "{subs:?}");
    assert_eq!(v002["link"], "drift");

    // 003's "Our policy towards Russia remains consistent" joins F3.
    assert!(assigned
        .iter()
        .any(|a| a.2.starts_with("003_") && a.0.as_deref() == Some("F3") && a.1 == family_of_gold(&assigned, "F3")));

    // Slutsky and Sluzki are one speaker.
    let speakers = fams["speakers"].as_array().unwrap();
    assert!(speakers.iter().any(|s| {
        let sp: Vec<&str> = s["spellings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        sp.iter().any(|x| x.contains("Slutsky")) && sp.iter().any(|x| x.contains("Sluzki"))
    }));
}

#[test]
fn origin_prints_the_first_appearance_then_later_copies() {
    let gold = root().join("examples/gold.jsonl");
    let text = stdout_of([
        "origin",
        "Our crews have recovered 15 containers from the seabed",
        gold.to_str().unwrap(),
    ]);
    let first = text.find("first appearance: tie between").expect(&text);
    assert!(text[first..]
        .lines()
        .next()
        .unwrap()
        .contains("harbor-gazette-2025-03-04"));
    let later = text.find("later:").expect(&text);
    assert!(first < later);
    assert!(text.contains("[-12-]{+15+}"), "{text}");
    assert!(text.contains("undated (may be earlier):"), "{text}");
}

#[test]
fn origin_of_an_unknown_line_fails_like_grep() {
    qg().args(["origin", "nothing anyone in these articles ever said"])
        .arg(corpus())
        .assert()
        .code(1)
        .stdout(predicates::str::contains("not found"));
}

#[test]
fn drift_reports_in_text_markdown_and_json() {
    let gold = root().join("examples/gold.jsonl");
    let gold = gold.to_str().unwrap();
    let text = stdout_of(["drift", gold]);
    assert!(text.contains("number: 12 → 15"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when not a terminal");
    let md = stdout_of(["drift", gold, "--format", "md"]);
    assert!(md.starts_with("# Drift audit"));
    assert!(md.contains("~~12~~ **15**"), "{md}");
    let json = stdout_of(["drift", gold, "--format", "json"]);
    let v: Value = serde_json::from_str(&json).unwrap();
    let changes: Vec<&Value> = v
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["variants"].as_array().unwrap())
        .flat_map(|v| v["changes"].as_array().unwrap())
        .collect();
    assert!(changes.iter().any(|c| c["class"] == "number"));
}

#[test]
fn thresholds_are_validated() {
    qg().args(["build", "--drift", "1.5"])
        .arg(corpus())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--drift must be between 0 and 1"));
}

#[test]
fn outputs_do_not_depend_on_input_order_or_threads() {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<std::path::PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "jsonl"))
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    let mut reversed = sorted.clone();
    reversed.reverse();
    let run = |inputs: &[std::path::PathBuf], threads: &str, name: &str| {
        let out = dir.path().join(name);
        qg().arg("build")
            .args(inputs)
            .arg("--out")
            .arg(&out)
            .args(["--threads", threads, "--svg-max-nodes", "0"])
            .assert()
            .success();
        ["quotes.jsonl", "families.json", "provenance.dot", "outlets.dot"].map(|f| std::fs::read(out.join(f)).unwrap())
    };
    let a = run(&sorted, "1", "a");
    let b = run(&reversed, "2", "b");
    let c = run(&sorted, "8", "c");
    assert!(a == b, "input order changed the output");
    assert!(a == c, "thread count changed the output");
}

/// Issue 5: article ids are never paths; nothing is written outside
/// `--out` whatever the ids say.
#[test]
fn issue5_ids_never_lead_outside_the_out_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = crate::write(
        dir.path(),
        "evil.jsonl",
        "{\"id\":\"../../escape\",\"text\":\"“We will rebuild the pier,” Ilse Tarn said.\"}\n\
         {\"id\":\"/tmp/abs\",\"text\":\"“We will rebuild the pier,” Ilse Tarn said.\"}\n",
    );
    let out = dir.path().join("a/b/out");
    qg().arg("build")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .args(["--svg-max-nodes", "0"])
        .assert()
        .success();
    // outlets.svg is there only where Graphviz is installed.
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "outlets.svg")
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["families.json", "outlets.dot", "provenance.dot", "quotes.jsonl"]
    );
    assert!(!dir.path().join("a/escape").exists() && !dir.path().join("escape").exists());
    let mut top: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["a", "evil.jsonl"]);
}

/// Issue 5: a run killed halfway leaves each output either absent or
/// complete, never half-written under its final name.
#[test]
fn issue5_a_killed_build_leaves_no_half_written_output() {
    let dir = tempfile::tempdir().unwrap();
    // A corpus big enough that writing takes a while.
    let mut corpus = String::new();
    for i in 0..3000 {
        corpus.push_str(&format!(
            "{{\"id\":\"a{i}\",\"published\":\"2024-03-{:02}\",\"text\":\"“Line {i} of the harbour report is here, and the pier will reopen,” Ilse Tarn said. “We counted {i} barrels,” she added.\"}}\n",
            i % 28 + 1
        ));
    }
    let input = crate::write(dir.path(), "big.jsonl", corpus);
    let bin = assert_cmd::cargo::cargo_bin("quotegraph");
    for delay_ms in [30, 120, 400] {
        let out = dir.path().join(format!("out{delay_ms}"));
        let mut child = std::process::Command::new(&bin)
            .arg("build")
            .arg(&input)
            .arg("--out")
            .arg(&out)
            .args(["--svg-max-nodes", "0"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        if let Ok(bytes) = std::fs::read(out.join("families.json")) {
            serde_json::from_slice::<Value>(&bytes).expect("families.json is complete");
        }
        if let Ok(bytes) = std::fs::read(out.join("quotes.jsonl")) {
            let lines = parse_jsonl(&bytes);
            assert_eq!(lines.len(), 3000, "quotes.jsonl is complete");
        }
        if let Ok(dot) = std::fs::read_to_string(out.join("provenance.dot")) {
            graphviz_rust::parse(&dot).expect("provenance.dot is complete");
        }
    }
}

/// Runs `build` on the example corpus with `PATH` set to `path`, and
/// returns its stderr and the files it wrote.
fn build_with_path(path: &Path, extra: &[&str]) -> (String, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let ex = corpus();
    let out = qg()
        .arg("build")
        .arg(&ex)
        .arg("--manifest")
        .arg(ex.join("manifest.csv"))
        .arg("--out")
        .arg(dir.path())
        .args(extra)
        .env("PATH", path)
        .assert()
        .success()
        .get_output()
        .stderr
        .clone();
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    (String::from_utf8(out).unwrap(), files)
}

#[test]
fn issue16_build_says_why_it_wrote_no_svg() {
    let bin = tempfile::tempdir().unwrap();
    let dots = ["families.json", "outlets.dot", "provenance.dot", "quotes.jsonl"];
    // No Graphviz at all.
    let (err, files) = build_with_path(bin.path(), &[]);
    assert!(
        err.contains("note: provenance.svg not rendered: Graphviz `dot` is not on the PATH")
            && err.contains("note: outlets.svg not rendered: Graphviz `dot` is not on the PATH"),
        "{err}"
    );
    assert_eq!(files, dots);
    // Graphviz that fails as it does on a large corpus.
    let dot = bin.path().join("dot");
    std::fs::write(&dot, "#!/bin/sh\necho 'Error: trouble in init_rank' >&2\nexit 1\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dot, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let (err, files) = build_with_path(bin.path(), &[]);
    assert!(
        err.contains("warning: provenance.svg not rendered: Graphviz failed: Error: trouble in init_rank"),
        "{err}"
    );
    assert!(
        err.contains("warning: outlets.svg not rendered: Graphviz failed"),
        "{err}"
    );
    assert_eq!(files, dots);
    // A graph over the size limit is not handed to Graphviz.
    let (err, files) = build_with_path(bin.path(), &["--svg-max-nodes", "3"]);
    assert!(
        err.contains("note: outlets.svg not rendered: the graph has 5 outlets (over --svg-max-nodes 3)"),
        "{err}"
    );
    assert!(
        err.contains("note: provenance.svg not rendered: the graph has ") && err.contains("(over --svg-max-nodes 3)"),
        "{err}"
    );
    assert!(!err.contains("Graphviz failed"), "{err}");
    assert_eq!(files, dots);
}

/// The `quotes` rows of article `id` in a parsed `quotes.jsonl`.
fn quote_rows(rows: &[Value], id: &str) -> Vec<Value> {
    rows.iter().find(|r| r["id"] == id).unwrap()["quotes"]
        .as_array()
        .unwrap()
        .clone()
}

/// Issue 13: `quotes.jsonl` lists each quote nested in a quote after the
/// article's quotes (kind `nested`, `in` the quote that holds it), with
/// the family of the line it quotes; and a quote interrupted by its
/// attribution takes the family of its longest segment.
#[test]
fn issue13_quotes_jsonl_lists_nested_quotes_with_their_family() {
    let dir = tempfile::tempdir().unwrap();
    let line = "The ferry will run again once every buoy in the channel has been checked";
    let input = crate::write(
        dir.path(),
        "nested.jsonl",
        format!(
            "{{\"id\":\"a\",\"published\":\"2024-03-01\",\"text\":\"“{line},” harbour master Ilse Tarn said on Monday.\"}}\n\
             {{\"id\":\"b\",\"published\":\"2024-03-02\",\"text\":\"“She told us ‘the ferry will run again once every buoy in the channel has been checked’ and nothing happened,” said Tom Berg, a fisherman.\"}}\n\
             {{\"id\":\"c\",\"published\":\"2024-03-03\",\"text\":\"“Well,” Ilse Tarn said. “{line}.”\"}}\n"
        ),
    );
    let out = build(&[&input], &["--svg-max-nodes", "0"]);
    let rows = parse_jsonl(&std::fs::read(out.path().join("quotes.jsonl")).unwrap());
    let by = |id: &str| quote_rows(&rows, id);
    let line_family = by("a")[0]["family"].clone();
    let b = by("b");
    assert_eq!(b.len(), 2, "{b:?}");
    assert_eq!(b[1]["kind"], "nested");
    assert_eq!(b[1]["in"], 0);
    assert_eq!(b[1]["family"], line_family, "{b:?}");
    assert_ne!(b[0]["family"], line_family);
    let text = std::fs::read_to_string(&input).unwrap();
    let art_b: Value = serde_json::from_str(text.lines().nth(1).unwrap()).unwrap();
    let (s, e) = (
        b[1]["start"].as_u64().unwrap() as usize,
        b[1]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&art_b["text"].as_str().unwrap()[s..e], b[1]["text"].as_str().unwrap());
    // "Well," and the line: the line is the longer segment.
    let c = by("c");
    assert_eq!(c[0]["families"].as_array().unwrap().len(), 2, "{c:?}");
    assert_eq!(c[0]["family"], line_family, "{c:?}");
}

/// Issue 13: each segment of a quote interrupted by its attribution is
/// also a row of `quotes.jsonl` (kind `segment`, `in` its quote) with its
/// own family, so that a copy of the shorter segment alone is found as
/// that line by its span, though the quote's `family` is the longer one's.
#[test]
fn issue13_quotes_jsonl_lists_each_segment_of_an_interrupted_quote() {
    let dir = tempfile::tempdir().unwrap();
    let long = "This season we are focused on the harbour and on every family that depends on it";
    let short = "The board has no comment on the conduct of that man";
    let input = crate::write(
        dir.path(),
        "segments.jsonl",
        format!(
            "{{\"id\":\"a\",\"published\":\"2024-03-01\",\"text\":\"“{long},” the board said. “{short}.”\"}}\n\
             {{\"id\":\"b\",\"published\":\"2024-03-02\",\"text\":\"Ilse Tarn said: “{short}.”\"}}\n"
        ),
    );
    let out = build(&[&input], &["--svg-max-nodes", "0"]);
    let rows = parse_jsonl(&std::fs::read(out.path().join("quotes.jsonl")).unwrap());
    let by = |id: &str| quote_rows(&rows, id);
    let (a, b) = (by("a"), by("b"));
    assert_eq!(a.len(), 3, "{a:?}");
    let copy = b[0]["family"].clone();
    assert_ne!(a[0]["family"], copy, "the quote's family is its longer segment's");
    for (k, row) in a[1..].iter().enumerate() {
        assert_eq!(row["kind"], "segment");
        assert_eq!(row["in"], 0);
        assert_eq!(row["segments"][0], a[0]["segments"][k]);
        assert_eq!(row["family"], a[0]["families"][k]);
    }
    assert_eq!(a[2]["family"], copy, "{a:?}");
    let text = std::fs::read_to_string(&input).unwrap();
    let art: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    let (s, e) = (
        a[2]["start"].as_u64().unwrap() as usize,
        a[2]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&art["text"].as_str().unwrap()[s..e], a[2]["text"].as_str().unwrap());
    assert!(a[2]["text"].as_str().unwrap().starts_with("The board has no comment"));
}
