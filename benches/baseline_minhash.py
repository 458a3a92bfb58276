#!/usr/bin/env python3
"""The text-reuse baseline of issue #4: datasketch MinHash-LSH over 5-word
shingles, against `quotegraph build`, on the same simulated corpus.

The task both do is to find the pairs of articles that share a quote. The
truth comes from the simulator: two articles share a quote when they hold
occurrences of one true family. quotegraph's pairs are the articles that
share a family in its families.json; the baseline's are the article pairs
the LSH index returns at a Jaccard threshold (several thresholds, since
its recall depends on it). Prints a Markdown table for BENCHMARKS.md.

    pip install datasketch
    cargo build --release
    python3 benches/baseline_minhash.py 10000
"""
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import time

from datasketch import MinHash, MinHashLSH

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BBC = os.path.join(ROOT, "..", "shared", "datasets", "bbc.jsonl")
BIN = os.environ.get("QUOTEGRAPH", os.path.join(ROOT, "target", "release", "quotegraph"))
WORD = re.compile(r"\w+")


def pairs_of(groups):
    out = set()
    for arts in groups:
        for a, b in itertools.combinations(sorted(set(arts)), 2):
            out.add((a, b))
    return out


def score(found, truth):
    tp = len(found & truth)
    p = tp / len(found) if found else 0.0
    r = tp / len(truth) if truth else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def minhash_pairs(articles, threshold, num_perm=128):
    started = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sigs = {}
    for aid, text in articles:
        words = WORD.findall(text.lower())
        m = MinHash(num_perm=num_perm)
        for i in range(max(len(words) - 4, 1)):
            m.update(" ".join(words[i:i + 5]).encode("utf-8"))
        sigs[aid] = m
        lsh.insert(aid, m)
    found = set()
    for aid, m in sigs.items():
        for other in lsh.query(m):
            if other != aid:
                found.add((min(aid, other), max(aid, other)))
    return found, time.perf_counter() - started


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    if not os.path.exists(BBC):
        sys.exit(f"{BBC} not found")
    with tempfile.TemporaryDirectory() as tmp:
        sim = os.path.join(tmp, "sim")
        subprocess.run([BIN, "simulate", "--from", BBC, "--articles", str(n), "--outlets", "40",
                        "--seed", "7", "--out", sim, "--no-txt"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        truth = json.load(open(os.path.join(sim, "truth.json")))
        art_of = {o["id"]: o["article"] for o in truth["occurrences"]}
        true_pairs = pairs_of([art_of[o] for o in f["occurrences"]] for f in truth["families"])
        articles = []
        with open(os.path.join(sim, "articles.jsonl")) as f:
            for line in f:
                d = json.loads(line)
                articles.append((d["id"], d["text"]))

        out = os.path.join(tmp, "out")
        started = time.perf_counter()
        subprocess.run([BIN, "build", os.path.join(sim, "articles.jsonl"), "--out", out,
                        "--svg-max-nodes", "0"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        qg_time = time.perf_counter() - started
        fams = json.load(open(os.path.join(out, "families.json")))["families"]
        qg_pairs = pairs_of([o["article"] for o in f["occurrences"]] for f in fams)

        rows = [("quotegraph build (extract, link, trace, write)", qg_pairs, qg_time)]
        for t in (0.05, 0.1, 0.2, 0.3):
            found, secs = minhash_pairs(articles, t)
            rows.append((f"datasketch MinHash-LSH, 5-word shingles, 128 perm, threshold {t}", found, secs))

    print(f"Simulated corpus: {n} articles, 40 outlets, seed 7; {len(true_pairs)} article pairs truly share a quote. "
          f"Command: `python3 benches/baseline_minhash.py {n}`\n")
    print("| method | pairs found | precision | recall | F1 | wall s |")
    print("|---|---|---|---|---|---|")
    for name, found, secs in rows:
        p, r, f = score(found, true_pairs)
        print(f"| {name} | {len(found)} | {p:.3f} | {r:.3f} | {f:.3f} | {secs:.1f} |")


if __name__ == "__main__":
    main()
