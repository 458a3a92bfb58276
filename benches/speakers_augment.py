#!/usr/bin/env python3
# The German speaker ranker trained on GermEval train plus PolNeAR
# train+dev, a measurement of session 38 (german38a, issue 14; BENCHMARKS
# "German speakers: a ranker learned from English and German"): nothing
# landed, kept so the table can be redone. Features are augmented as in
# "frustratingly easy domain adaptation" (Daume 2007): each feature `f` of
# a German candidate is given as `f` and `de:f`, of an English one as `f`
# and `en:f`, so that the shared weights are fitted on both languages and
# the German copies learn where German differs; German held-out folds are
# scored with shared + German weights. The trainer is
# scripts/speakers-try's (same settings, same order of updates) written in
# C for speed (about 60 s CPU for 21 splits instead of 6 min), called by
# ctypes; with `--no-en` it gives speakers-try's figures exactly.
#
# The English dump must list every quote's candidates, also those the
# English gate leaves to the rules (train-speakers lists only the rules'
# choice for those): build with benches/speakers_augment.patch applied,
# then `QG38_UNGATED=1 quotegraph train-speakers
# ../shared/datasets/polnear-traindev.jsonl --lang en -o M --candidates
# EN.jsonl` (5016 English quotes to learn from instead of 157).
#
# Usage: python3 benches/speakers_augment.py --de DE.jsonl --en EN.jsonl
#          [--compensate] [--alpha A] [--de-only FAMILIES] [--splits N] ...
import argparse
import importlib.machinery
import importlib.util
import json
import math
import os
import sys
import time
import zlib
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
loader = importlib.machinery.SourceFileLoader("st", os.path.join(ROOT, "scripts", "speakers-try"))
spec = importlib.util.spec_from_loader("st", loader)
st = importlib.util.module_from_spec(spec)
loader.exec_module(st)

ap = argparse.ArgumentParser()
ap.add_argument("--de", required=True, help="train-speakers --candidates dump of GermEval train")
ap.add_argument("--en", help="the ungated dump of PolNeAR train+dev (see above)")
ap.add_argument("--alpha", type=float, default=1.0, help="weight of an English group's step")
ap.add_argument("--en-head", type=float, default=0.0, help="head start of by=rule in English groups")
ap.add_argument("--no-en", action="store_true", help="no English groups (control)")
ap.add_argument("--plain", action="store_true", help="no augmentation: every feature shared")
ap.add_argument("--no-en-copy", action="store_true", help="English groups carry only shared copies")
ap.add_argument("--de-only", default="", help="comma list of feature families kept German-only (not shared)")
ap.add_argument("--order", default="interleave", choices=("interleave", "de-en", "en-de"))
ap.add_argument("--subsample", type=int, default=1, help="keep every Nth English group")
ap.add_argument("--l2", type=float, default=None)
ap.add_argument("--rate", type=float, default=None)
ap.add_argument("--compensate", action="store_true", help="features in two copies: half rate, double L2")
ap.add_argument("--lang-l2-mult", type=float, default=1.0)
ap.add_argument("--l2-shared", type=float, default=None)
ap.add_argument("--l2-lang", type=float, default=None)
ap.add_argument("--prior", type=float, default=None, help="German trained toward the English model's weights (this scale); no augmentation")
ap.add_argument("--prior-strength", type=float, default=1.0, help="the pull toward the prior, as a multiple of L2")
ap.add_argument("--prior-init", action="store_true", help="German weights start at the prior")
ap.add_argument("--prior-unseen", action="store_true", help="English weights of features German training lacks kept for scoring")
ap.add_argument("--splits", type=int, default=20)
ap.add_argument("--first-split", type=int, default=1)
ap.add_argument("--no-imod5", action="store_true")
a = ap.parse_args()

t0 = time.process_time()
de_articles = [json.loads(l) for l in open(st.GERMEVAL, encoding="utf-8")]
rows = st.prepare(de_articles, st.load_dump(a.de), None)
de_only = set(x for x in a.de_only.split(",") if x)


def fam(f):
    return f.split("=", 1)[0]


def aug(fs, lang):
    if a.plain:
        return list(fs)
    out = []
    for f in fs:
        if fam(f) not in de_only:
            out.append(f)
        if lang == "de" or not a.no_en_copy:
            out.append(lang + ":" + f)
    return out


def groups_of(rs, lang, head):
    out = []
    for _, quotes, labels, _, _ in rs:
        gs = []
        for q, lab in zip(quotes, labels):
            if lab is not None and 0 < sum(lab) < len(lab):
                h = [head if "by=rule" in c["features"] else 0.0 for c in q["candidates"]]
                gs.append([(sorted(set(aug(c["features"], lang))), y, hh) for c, y, hh in zip(q["candidates"], lab, h)])
        out.append(gs)
    return out


de_groups = groups_of(rows, "de", st.HEAD_START)
en_groups = []
if not a.no_en:
    en_articles = [json.loads(l) for l in open(st.POLNEAR, encoding="utf-8")]
    en_rows = st.prepare(en_articles, st.load_dump(a.en), None)
    en_groups = [g for gs in groups_of(en_rows, "en", a.en_head) for g in gs]
    # English features that only the English side of a de-only family carries
    # never reach German: drop the shared copy only (done in aug).
    en_groups = en_groups[:: a.subsample]
print(f"# de groups {sum(map(len, de_groups))}, en groups {len(en_groups)}, prep {time.process_time() - t0:.1f}s", file=sys.stderr)


import ctypes
import subprocess
import tempfile

SGD_C = r"""
#include <math.h>
/* Conditional-logit SGD as speakers-try's train(): groups in order. */
void train(int ngroups, const int *gstart, const int *cstart, const int *feats,
           const signed char *y, const double *h, const double *alpha,
           int epochs, double rate0, const double *l2, double *w, double *z, double *p, const double *prior, const double *rm) {
    for (int e = 0; e < epochs; e++) {
        double rate_e = rate0 / (1 + e * 0.2);
        for (int g = 0; g < ngroups; g++) {
            double rate = rate_e * alpha[g];
            int c0 = gstart[g], c1 = gstart[g + 1];
            double top = -INFINITY;
            for (int c = c0; c < c1; c++) {
                double s = 0;
                for (int k = cstart[c]; k < cstart[c + 1]; k++) s += w[feats[k]];
                z[c - c0] = h[c] + s;
                if (z[c - c0] > top) top = z[c - c0];
            }
            double total = 0, right = 0;
            for (int c = c0; c < c1; c++) {
                p[c - c0] = exp(z[c - c0] - top);
                total += p[c - c0];
                if (y[c]) right += p[c - c0];
            }
            if (right <= 0) continue;
            for (int c = c0; c < c1; c++) {
                double pk = p[c - c0];
                double grad = pk / total - (y[c] ? pk / right : 0.0);
                for (int k = cstart[c]; k < cstart[c + 1]; k++) {
                    int f = feats[k];
                    w[f] -= rate * rm[f] * (grad + l2[f] * (w[f] - prior[f]));
                }
            }
        }
    }
}
"""
_tmp = tempfile.mkdtemp()
open(os.path.join(_tmp, "sgd.c"), "w").write(SGD_C)
subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", os.path.join(_tmp, "libsgd.so"), os.path.join(_tmp, "sgd.c"), "-lm"], check=True)
_lib = ctypes.CDLL(os.path.join(_tmp, "libsgd.so"))


def sgd_train(seq, nfeat, prior=None, l2=None, rate=None, names=None):
    gstart, cstart, feats, ys, hs, als = [0], [0], [], [], [], []
    for g, al in seq:
        for fs, y, h in g:
            feats.extend(fs)
            cstart.append(len(feats))
            ys.append(1 if y else 0)
            hs.append(h)
        gstart.append(len(ys))
        als.append(al)
    I = ctypes.c_int
    D = ctypes.c_double
    mx = max(gstart[i + 1] - gstart[i] for i in range(len(seq)))
    w = (D * nfeat)()
    pr = (D * nfeat)()
    base = l2 if l2 is not None else a.l2 if a.l2 is not None else st.L2
    l2v = (D * nfeat)(*([base] * nfeat))
    rmv = (D * nfeat)(*([1.0] * nfeat))
    if names is not None and a.compensate:
        for f, i in names.items():
            base_f = f.split(":", 1)[1] if ":" in f else f
            if fam(base_f) not in de_only:
                rmv[i] = 0.5
                l2v[i] = 2 * st.L2 * (a.lang_l2_mult if ":" in f else 1.0)
    if names is not None:
        for f, i in names.items():
            if a.l2_shared is not None and ":" not in f:
                l2v[i] = a.l2_shared
            if a.l2_lang is not None and ":" in f:
                l2v[i] = a.l2_lang
    if prior is not None:
        for i, v in enumerate(prior):
            pr[i] = v
            if a.prior_init:
                w[i] = v
    _lib.train(I(len(seq)), (I * len(gstart))(*gstart), (I * len(cstart))(*cstart), (I * max(1, len(feats)))(*feats),
               (ctypes.c_byte * len(ys))(*ys), (D * len(hs))(*hs), (D * len(als))(*als),
               I(st.EPOCHS), D(rate if rate is not None else a.rate if a.rate is not None else st.RATE),
               l2v, w, (D * mx)(), (D * mx)(), pr, rmv)
    return list(w)


EN_W = None


def numbered(seq):
    """The features seen in at least MIN_COUNT examples of the weighted
    groups `seq`, numbered in sorted order, and `seq` with each feature
    replaced by its number (the rarer ones dropped)."""
    seen = Counter()
    for g, _ in seq:
        for fs, _, _ in g:
            seen.update(fs)
    ids = {f: i for i, f in enumerate(sorted(f for f, k in seen.items() if k >= st.MIN_COUNT))}
    return ids, [([([ids[f] for f in fs if f in ids], y, h) for fs, y, h in g], al) for g, al in seq]


def en_model():
    """The English ranker on every English group, plain features."""
    global EN_W
    if EN_W is None:
        seq = [(g, 1.0) for g in en_groups]
        ids, seq = numbered(seq)
        w = sgd_train(seq, len(ids), l2=st.L2, rate=st.RATE)
        EN_W = {f: w[i] for f, i in ids.items()}
    return EN_W


def train_prior(keep):
    en = en_model()
    seq = [(g, 1.0) for i, gs in enumerate(de_groups) if keep(i) for g in gs]
    ids, seq = numbered(seq)
    prior = [0.0] * len(ids)
    for f, i in ids.items():
        prior[i] = a.prior * en.get(f, 0.0)
    # the pull toward the prior: l2 * strength; implemented by scaling both the prior term
    w = sgd_train(seq, len(ids), prior=prior, l2=st.L2 * a.prior_strength)
    out = {f: w[i] for f, i in ids.items() if abs(w[i]) >= 5e-4}
    if a.prior_unseen:
        for f, v in en.items():
            if f not in ids:
                out[f] = a.prior * v
    return out


def train(keep):
    if a.prior is not None:
        return train_prior(keep)
    de = [g for i, gs in enumerate(de_groups) if keep(i) for g in gs]
    tagged = [(g, 1.0) for g in de]
    en = [(g, a.alpha) for g in en_groups]
    if a.order == "de-en":
        seq = tagged + en
    elif a.order == "en-de":
        seq = en + tagged
    else:
        # German groups spread evenly among the English ones.
        seq = []
        n, m = len(tagged), len(en)
        j = 0
        for i, x in enumerate(tagged):
            upto = (i + 1) * m // max(n, 1)
            seq.extend(en[j:upto])
            j = upto
            seq.append(x)
        seq.extend(en[j:])
    seen = Counter()
    for g, _ in seq:
        for fs, _, _ in g:
            seen.update(fs)
    ids = {}
    for f, k in seen.items():
        if k >= st.MIN_COUNT:
            ids[f] = len(ids)
    seq = [([([ids[f] for f in fs if f in ids], y, h) for fs, y, h in g], al) for g, al in seq]
    w = sgd_train(seq, len(ids), names=ids)
    names = {i: f for f, i in ids.items()}
    full = {names[i]: v for i, v in enumerate(w) if abs(v) >= 5e-4}
    if a.plain:
        return full
    # German scoring: shared plus German copy.
    out = {}
    for f, v in full.items():
        if f.startswith("de:"):
            out[f[3:]] = out.get(f[3:], 0.0) + v
        elif not f.startswith("en:"):
            out[f] = out.get(f, 0.0) + v
    return out


def split(fold_of):
    ok = n = rok = rn = 0
    for k in range(5):
        w = train(lambda i: fold_of[i] != k)
        idx = [i for i in range(len(rows)) if fold_of[i] == k]
        o, m = st.right_in(rows, idx, w)
        ok += o
        n += m
        o, m = st.right_in(rows, idx, w, None, st.GERMAN_READING)
        rok += o
        rn += m
    return ok, n, rok, rn


res = []
if not a.no_imod5:
    res.append(("imod5",) + split([i % 5 for i in range(len(rows))]))
    print(f"imod5: {res[-1][1]}/{res[-1][2]} reading {res[-1][3]}/{res[-1][4]}", file=sys.stderr)
for s in range(a.first_split, a.first_split + a.splits):
    res.append((s,) + split([zlib.crc32(f"{r[0]['id']}{s}".encode()) % 5 for r in rows]))
ok = sum(r[1] for r in res)
n = sum(r[2] for r in res)
rok = sum(r[3] for r in res)
rn = sum(r[4] for r in res)
print(f"{' '.join(sys.argv[1:])}: pooled {ok / n:.4f} reading {rok / rn:.4f} "
      f"| per split {' '.join(str(r[1]) for r in res)} | reading {' '.join(str(r[3]) for r in res)} "
      f"| cpu {time.process_time() - t0:.0f}s")
