# A `--fold-extra` module for scripts/speakers-try (issue 14, session 38):
# what a lexicon says a German candidate's head word is, as a ranker
# feature, measured and not built (BENCHMARKS, german38c). The head is the
# candidate's last capitalised word, looked up in the forms of Wiktionary's
# German nouns as the `german-nouns` package on PyPI ships them (1.2.5,
# CC BY-SA 4.0; `pip download --no-deps german-nouns`, unzip, and point
# GERMAN_NOUNS_CSV at its german_nouns/nouns.csv): `name` (the candidate
# has the ranker's `first-name` feature), `place` (a toponym), `person` (a
# noun whose feminine "-in" form is also listed: Sprecher / Sprecherin,
# Arzt / Ärztin), `thing` (any other noun form), `unknown` (not listed).
# Features: `anim=CLASS`, and `rule-anim=CLASS` on the rule chain's own
# choice. Pronouns get none. The lexicon is not learned from the corpus,
# so `fold` sets the same features whatever the split.
import csv
import os
import re

WORD = re.compile(r"[A-Za-zÄÖÜäöüßÀ-ÿ][\w\-]*")
UMLAUT = str.maketrans({"a": "ä", "o": "ö", "u": "ü"})
LEX = {}


def setup(rows):
    path = os.environ["GERMAN_NOUNS_CSV"]
    for row in csv.DictReader(open(path, encoding="utf-8")):
        pos = row["pos"].split(",")
        cls = "toponym" if "Toponym" in pos else "name" if {"Vorname", "Nachname", "Eigenname"} & set(pos) else "noun"
        for k, v in row.items():
            if k and v and k not in ("lemma", "pos") and not k.startswith("genus"):
                LEX.setdefault(v.lower(), cls)


def stems(w):
    return {w} | {w[: -len(s)] for s in ("s", "n", "en", "e", "es", "innen", "in") if w.endswith(s) and len(w) - len(s) >= 3}


def person(w):
    """A noun with a feminine "-in" form listed, or that feminine form."""
    for s in stems(w):
        i = max(s.rfind("a"), s.rfind("o"), s.rfind("u"))
        forms = {s + "in"} | ({s[:i] + s[i].translate(UMLAUT) + s[i + 1:] + "in"} if i >= 0 else set())
        if any(f != w and f in LEX for f in forms):
            return True
    return any(w.endswith(s) and len(w) - len(s) >= 4 and w[: -len(s)] in LEX for s in ("in", "innen"))


def features(c):
    if "sort=pronoun" in c["base"]:
        return []
    caps = [w for w in WORD.findall(c["speaker"]) if w[0].isupper()]
    if not caps:
        return []
    h = caps[-1].lower()
    lx = LEX.get(h, "unknown")
    k = ("name" if "first-name" in c["base"] else "place" if lx == "toponym" else "person" if person(h)
         else "thing" if lx == "noun" else "unknown")
    return ["anim=" + k] + (["rule-anim=" + k] if "by=rule" in c["base"] else [])


def fold(rows, train_idx, test_idx):
    for i in train_idx + test_idx:
        for q in rows[i][1]:
            for c in q["candidates"]:
                c["features"] = c["base"] + features(c)
