#!/usr/bin/env python3
# The German speaker ranker's learning curve, a measurement of session 42
# (issue 14; BENCHMARKS "German pronouns: a pronoun only ever a subject"):
# each held-out fold of GermEval train is scored by a ranker trained on a
# fraction of the other four folds' articles (nested subsets: an article
# is kept when a hash of its id is under the fraction), over the i mod 5
# split and 9 more, in score.py's reading and the German one. It reuses
# scripts/speakers-try's dump, trainer and scoring, so a fraction of 1.0
# prints speakers-try's own figures for those splits.
#
# Usage: python3 benches/speakers_curve.py [BIN]
import importlib.machinery
import importlib.util
import json
import os
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
loader = importlib.machinery.SourceFileLoader("speakers_try", os.path.join(ROOT, "scripts", "speakers-try"))
st = importlib.util.module_from_spec(importlib.util.spec_from_loader("speakers_try", loader))
loader.exec_module(st)


class Args:
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "release", "quotegraph")
    grammar = None


FRACTIONS = (0.25, 0.5, 0.75, 1.0)
SPLITS = 10

articles = [json.loads(line) for line in open(st.GERMEVAL, encoding="utf-8")]
with tempfile.TemporaryDirectory() as tmp:
    dump = st.dump_candidates(Args, st.GERMEVAL, "de", tmp, "de.jsonl")
rows = st.prepare(articles, dump, None)
res = {f: [0, 0, 0, 0] for f in FRACTIONS}
for s in range(SPLITS):
    if s == 0:
        fold_of = [i % 5 for i in range(len(rows))]
    else:
        fold_of = [zlib.crc32(f"{r[0]['id']}{s}".encode()) % 5 for r in rows]
    for k in range(5):
        idx = [i for i in range(len(rows)) if fold_of[i] == k]
        for f in FRACTIONS:
            def keep(i, k=k, f=f, s=s):
                return fold_of[i] != k and zlib.crc32(f"sub{rows[i][0]['id']}{s}".encode()) % 1000 < f * 1000
            w = st.train(rows, keep)
            ok, n = st.right_in(rows, idx, w)
            r_ok, r_n = st.right_in(rows, idx, w, None, st.GERMAN_READING)
            r = res[f]
            r[0] += ok
            r[1] += n
            r[2] += r_ok
            r[3] += r_n
print("| training articles (of the four folds) | official | German reading |")
print("|---|---|---|")
for f, (ok, n, r_ok, r_n) in res.items():
    print(f"| {f:.0%} | {ok / n:.4f} ({ok}/{n}) | {r_ok / r_n:.4f} ({r_ok}/{r_n}) |")
