#!/usr/bin/env python3
"""Build examples/gold.jsonl from the hand annotations below.

Every quote is located in the real corpus text with str.find (optionally
after an anchor string, to skip earlier occurrences of the same words) and
the script asserts that it is found, that it is unambiguous, that it is
framed by quote marks, and that quotes in one article do not overlap.

Span convention: start/end are code-point offsets of everything strictly
between the opening and the closing mark, trailing "," or "." included,
except that the typographic no-break spaces padding French-style guillemets
(« … ») are left out. A quote that runs over several paragraphs is one span
from after its first opening mark to before its only closing mark, so it
contains the paragraph break and the repeated opening mark.

Run from anywhere:  python3 examples/make_gold.py
"""
import csv
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

OPEN = "“„‘«\"'"
CLOSE = "”“’»\"'"
PAD = "\u00a0 "

# Canonical speakers.
RUIZ = "Ana Ruiz"
VOLKOV = "Dmitri Volkov"
VPA = "Velmora Port Authority"
NANDA = "Priya Nandakumar"
BRENNAN = "Tomas Brennan"


def q(text, speaker, canonical, kind="statement", conduit=None, family=None, after=None):
    return dict(text=text, speaker=speaker, speaker_canonical=canonical, kind=kind,
                conduit=conduit, family=family, after=after)


ANNOTATIONS = {
    "harbor-gazette-2025-03-04": [
        q("The licence of Kestrel Line is suspended with immediate effect, and no Kestrel vessel "
          "will load or unload in Velmora until we are satisfied the bay is safe,",
          "Ruiz", RUIZ, family="H1"),
        q("Kestrel Line’s handling of hazardous cargo posed an unacceptable risk to the bay, its "
          "fisheries and the people who live along its shore,",
          "the statement", VPA, family="H2"),
        q("The authority will not lift the suspension until an independent inspection has been completed.",
          "the statement", VPA),
        q("Weeks, not days,", "she", RUIZ),
        q("Our crews have recovered 12 containers from the seabed, and we will bring up the rest by Friday,",
          "Volkov", VOLKOV, family="H3"),
        q("We are paying for every hour of this clean-up ourselves.", "Volkov", VOLKOV),
    ],
    "velmora-evening-post-2025-03-04": [
        q("No Kestrel vessel will load or unload", None, RUIZ, kind="headline", family="H1"),
        q("The licence of Kestrel Line is suspended with immediate effect, and no Kestrel vessel "
          "will load or unload in Velmora until we are satisfied the bay is safe.",
          "Ana Ruiz", RUIZ, family="H1"),
        q("Kestrel Line’s handling of hazardous cargo posed an unacceptable risk to the bay, its "
          "fisheries and the people who live along its shore.",
          "the authority’s statement", VPA, family="H2"),
        q("Our crews have recovered 12\u00a0containers from the seabed, and we will bring up the rest by Friday,",
          "Volkov", VOLKOV, family="H3"),
        # Floating quote: a paragraph of its own, continuing Volkov.
        q("Nobody at Kestrel Line is hiding from this. We will answer every question the authority puts to us.",
          "Volkov", VOLKOV),
        # Runs over two paragraphs; the span holds "\n\n“".
        q("We warned Kestrel Line about the way it stacks hazardous containers in October, and again "
          "in January. Each time we were promised new lashing gear and more training.\n\n“Neither "
          "arrived. I will not let another of their ships tie up at Pier 7 on the strength of promises,",
          "the harbour master", RUIZ),
        q("Kestrel Line can apply again when it can show us a safe operation, not before.", "she", RUIZ),
    ],
    "nordhafen-rundschau-2025-03-05": [
        q("The licence of Kestrel Line is suspended with immediate effect, and no vessel of Kestrel "
          "will load or unload in Velmora until we are sure that the bay is safe.",
          "Ana Ruiz", RUIZ, family="H1"),
        q("an unacceptable risk for the bay", "The authority", VPA, kind="partial", family="H2"),
        q("Kestrel Line has worked in Velmora for 40 years and has never hidden anything from the "
          "harbour authority", "Wolkow", VOLKOV, conduit="Coastal Wire", family="H4"),
        q("Kestrel Line will take this suspension to court, because the authority has not shown us "
          "one single broken rule", "he", VOLKOV, conduit="Baltic News Agency", family="H6"),
        q("This is already the third spill in the bay in five years, and every time one tells us "
          "that it will not happen again", "Priya Nandakumar", NANDA, family="H5"),
    ],
    "coastline-daily-fishers": [
        q("The licence of Kestrel Line is revoked with immediate effect, and no Kestrel vessel will "
          "load or unload in this port until we are certain the bay is safe,",
          "Ana Ruiz", RUIZ, family="H1"),
        q("an unacceptable risk to the bay", "The port authority", VPA, kind="partial", family="H2"),
        q("Kestrel Line has worked in Velmora for forty years and has never hidden anything from "
          "the port authority.", "Dmitri Volkov", VOLKOV, family="H4"),
        q("Our crews have recovered 15 containers from the seabed, and we will bring up the rest by "
          "the weekend,", "he", VOLKOV, family="H3"),
        q("clean-up theatre", None, None, kind="scare"),
        q("This is the third spill in the bay in five years, and every time we are told it will not "
          "happen again,", "Priya Nandakumar", NANDA, conduit="Coastal Wire", family="H5"),
        q("I've fished this bay for thirty years and I've never seen the water that colour,",
          "Brennan", BRENNAN),
        q("The company's sorry, fine. Sorry doesn't pay my crew.", "Brennan", BRENNAN),
    ],
    "coastal-wire-2025-03-04-a": [
        q("an unacceptable risk to the bay", "The authority", VPA, kind="partial", family="H2"),
        q("This is the third spill in the bay in five years, and every time we are told it will not "
          "happen again,", "Priya Nandakumar", NANDA, family="H5"),
        q("Kestrel Line has worked in Velmora for forty years and has never hidden anything from "
          "the port authority.", "Dmitri Volkov", VOLKOV, family="H4"),
        q("a company that treats the bay like a car park.", "he", BRENNAN, kind="partial"),
        q("I have four crew and no catch,", "he", BRENNAN),
        q("Nobody has told us when we can go out again.", "he", BRENNAN),
    ],
    "coastal-wire-2025-03-06": [
        q("Kestrel Line will take this suspension to court, because the authority has not shown us "
          "a single broken rule.", "Volkov", VOLKOV, conduit="Baltic News Agency", family="H6"),
        q("Our crews have recovered 12 containers from the seabed", "Volkov", VOLKOV, family="H3"),
        q("Kestrel Line will compensate every fishing crew in Lowmarsh for each day the bay stays closed.",
          "Volkov", VOLKOV),
        q("The inspection goes ahead on Monday whatever Kestrel Line offers the fishers,", "Ruiz", RUIZ),
        q("a payment for silence", "Priya Nandakumar", NANDA, kind="partial"),
    ],
}

# Outlet and date of the .txt scrapes that the manifest does not give,
# read off the article itself (copyright line and ISO timestamp).
TXT_META_FROM_TEXT = {
    "nordhafen-rundschau-2025-03-05": ("Nordhafen Rundschau", "2025-03-05T14:20:00Z"),
}


def load_articles():
    manifest = {}
    with open(os.path.join(CORPUS, "manifest.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            manifest[row["id"]] = row
    arts = []
    for name in sorted(os.listdir(CORPUS)):
        path = os.path.join(CORPUS, name)
        if name.endswith(".txt"):
            aid = name[:-4]
            with open(path, encoding="utf-8", newline="") as f:
                text = f.read()
            if aid in manifest:
                outlet = manifest[aid]["outlet"] or None
                published = manifest[aid]["published"] or None
            else:
                outlet, published = TXT_META_FROM_TEXT[aid]
            title = text.split("\n", 1)[0]
            arts.append(dict(id=aid, outlet=outlet, published=published, title=title, text=text))
        elif name.endswith(".jsonl"):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        a = json.loads(line)
                        arts.append(dict(id=a["id"], outlet=a["outlet"], published=a["published"],
                                         title=a["title"], text=a["text"]))
    return arts


def locate(aid, text, ann):
    qt = ann["text"]
    base = 0
    if ann["after"] is not None:
        base = text.find(ann["after"])
        assert base >= 0, f"{aid}: anchor not found: {ann['after']!r}"
    start = text.find(qt, base)
    assert start >= 0, f"{aid}: quote not found: {qt!r}"
    if ann["after"] is None:
        assert text.find(qt, start + 1) < 0, f"{aid}: quote is ambiguous, give an anchor: {qt!r}"
    end = start + len(qt)
    # Must be framed by quote marks (allowing the guillemet padding).
    i = start - 1
    while i >= 0 and text[i] in PAD and text[i - 1] == "«":
        i -= 1
    j = end
    while j < len(text) and text[j] in PAD and j + 1 < len(text) and text[j + 1] == "»":
        j += 1
    assert i >= 0 and text[i] in OPEN, f"{aid}: no opening mark before {qt!r}: {text[i]!r}"
    assert j < len(text) and text[j] in CLOSE, f"{aid}: no closing mark after {qt!r}: {text[j:j+1]!r}"
    assert text[start:end] == qt
    return start, end


def main():
    arts = load_articles()
    ids = {a["id"] for a in arts}
    assert ids == set(ANNOTATIONS), (ids ^ set(ANNOTATIONS))
    out = []
    for a in arts:
        quotes = []
        for ann in ANNOTATIONS[a["id"]]:
            start, end = locate(a["id"], a["text"], ann)
            quotes.append(dict(text=ann["text"], start=start, end=end, speaker=ann["speaker"],
                               speaker_canonical=ann["speaker_canonical"], kind=ann["kind"],
                               conduit=ann["conduit"], family=ann["family"]))
        quotes.sort(key=lambda x: x["start"])
        for x, y in zip(quotes, quotes[1:]):
            assert x["end"] < y["start"], f"{a['id']}: overlapping quotes {x['text']!r} / {y['text']!r}"
        for x in quotes:
            assert x["kind"] in ("statement", "partial", "scare", "headline")
            if x["kind"] in ("scare", "headline"):
                assert x["speaker"] is None
            else:
                assert x["speaker"] is not None
        a = dict(a)
        a["quotes"] = quotes
        out.append(a)
    fams = json.load(open(os.path.join(HERE, "families.json"), encoding="utf-8"))
    used = {x["family"] for a in out for x in a["quotes"] if x["family"]}
    assert used == set(fams), (used ^ set(fams))
    for fam in used:
        n = {a["id"] for a in out for x in a["quotes"] if x["family"] == fam}
        assert len(n) >= 2, f"family {fam} occurs in only one article"
    order = ["harbor-gazette-2025-03-04", "coastal-wire-2025-03-04-a", "velmora-evening-post-2025-03-04",
             "nordhafen-rundschau-2025-03-05", "coastal-wire-2025-03-06", "coastline-daily-fishers"]
    out.sort(key=lambda a: order.index(a["id"]))
    with open(os.path.join(HERE, "gold.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for a in out:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    n = sum(len(a["quotes"]) for a in out)
    print(f"wrote gold.jsonl: {len(out)} articles, {n} quotes", file=sys.stderr)


if __name__ == "__main__":
    main()
