#!/usr/bin/env python3
"""What an `add` must redo (issue 16): compares the build of a corpus's
first 99% with the build of all of it, family by family, to measure
the dependency list an incremental `add` has to follow.

A family of the whole build is *untouched* when the first build had a
family of exactly the same occurrences; else the add must trace it
(again). Of the untouched ones it counts those whose id (`F12`, a rank)
moved, those whose report differs in more than its ids (something
corpus-wide changed it: speaker clusters, citations, the candidate
sources an edge's evidence counts), and what differs.

    cargo build --release
    python3 benches/add_deps.py 10000      # corpora as scale.py makes them
"""
import json
import os
import re
import subprocess
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from scale import BIN, corpora  # noqa: E402


def build(path, out):
    subprocess.run([BIN, "build", path, "--out", out, "--svg-max-nodes", "0"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(out, "families.json")) as f:
        return json.load(f)


def by_key(report):
    """key (first occurrence, as `store::family_key`) -> report, and each
    rank-made id (families `F12`, sources `S3`) -> what it stands for."""
    out, ids = {}, {}
    for fam in report["families"]:
        key = fam["occurrences"][0]["id"] if fam["occurrences"] else fam["id"]
        out[key] = fam
        ids[fam["id"]] = key
    for src in report["sources"]:
        ids[src["id"]] = "source " + src["name"]
    return out, ids


FID = re.compile(r"\b[FS]\d+\b")


def keyed(fam, ids):
    """The report with every family id in it replaced by that family's key."""
    return json.loads(FID.sub(lambda m: ids.get(m.group(0), m.group(0)), json.dumps(fam, sort_keys=True)))


def main():
    for n, path, size, tmp in corpora():
        with open(path) as f:
            lines = f.readlines()
        cut = len(lines) * 99 // 100
        head = os.path.join(tmp, "head.jsonl")
        with open(head, "w") as f:
            f.writelines(lines[:cut])
        old, old_ids = by_key(build(head, os.path.join(tmp, "head")))
        new, new_ids = by_key(build(path, os.path.join(tmp, "all")))
        members = {frozenset(o["id"] for o in fam["occurrences"]) for fam in old.values()}
        untouched = [k for k, fam in new.items() if frozenset(o["id"] for o in fam["occurrences"]) in members]
        renumbered = sum(1 for k in untouched if old[k]["id"] != new[k]["id"])
        differs = Counter()
        changed = 0
        for k in untouched:
            a, b = keyed(old[k], old_ids), keyed(new[k], new_ids)
            fields = [f for f in sorted(set(a) | set(b)) if a.get(f) != b.get(f)]
            if fields:
                changed += 1
                differs.update(fields)
        print(f"{n} articles, add of {len(lines) - cut}: {len(new)} families after ({len(old)} before); "
              f"{len(new) - len(untouched)} to trace ({100 * (len(new) - len(untouched)) / len(new):.1f}%), "
              f"{len(untouched)} untouched, of which {renumbered} renumbered "
              f"({100 * renumbered / max(1, len(untouched)):.1f}%) and {changed} with a report that differs "
              f"in more than ids ({dict(differs.most_common())})")


if __name__ == "__main__":
    main()
