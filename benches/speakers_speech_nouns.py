# Issue 14, session 41 (german41a): the speaker-ranker features tried in
# Python on a candidate dump before building, as an `--extra` file:
#   SNV=VARIANTS scripts/speakers-try BIN --lang de --splits 40 --german-reading \
#       --candidates DUMP --extra benches/speakers_speech_nouns.py
# VARIANTS, comma-separated: owner (the genitive / "von" owner of a noun of
# saying: `speech=owner`), act (a candidate opening with a noun of saying:
# `speech=act`), actowned (the same with an owner after it or a possessive
# before it: `speech=act-owned`, the one built), agent / agent2 / afternoun
# (the candidate after "von"/"vom" in a sentence with a werden-form:
# `clause=passive-agent`), compound (a compound ending in a noun of saying),
# saxon ("Obamas Antwort"). Figures in BENCHMARKS.md. The stems below are the
# nominalisations of de.qg's [verbs], as its [speech-acts] section holds.
import re, os
VARIANT = os.environ.get("SNV", "owner,act")
VARIANTS = set(VARIANT.split(","))
STEMS = """aussage erklärung betonung ergänzung schreiben warnung ankündigung mitteilung meinung forderung
behauptung bekräftigung erläuterung zitat tweet antwort kritik bezeichnung äußerung beschreibung verkündung
aufruf kommentar schilderung bericht bestätigung mahnung appell entgegnung erwiderung frage klage lob
verurteilung begründung folgerung resümee bilanz mutmaßung vermutung feststellung bekanntgabe einschätzung
hinweis ausführung ansicht worte""".split()
INFL = ["", "e", "en", "n", "s", "es"]
def speech(w):
    lw = w.lower()
    if not w[:1].isupper():
        return False
    for s in STEMS:
        for i in INFL:
            if lw.endswith(s + i) and (len(lw) == len(s + i) or "compound" in VARIANTS):
                return True
    return False
GEN = {"des", "der", "eines", "einer", "von", "vom"}
WORD = re.compile(r"[\w„“\"'-]+|[^\w\s]", re.U)
AUX = {"wird", "werden", "wurde", "wurden", "worden"}

def extra(article, quotes):
    t = article["text"]
    c2b = [0]
    for ch in t:
        c2b.append(c2b[-1] + len(ch.encode("utf-8")))
    text = t.encode("utf-8")
    toks = [(c2b[m.start()], c2b[m.end()], m.group()) for m in re.finditer(r"[\w\-]+|[^\w\s]", t)]
    starts = [t[0] for t in toks]
    import bisect
    for q in quotes:
        if not q["candidates"]:
            continue
        qi = bisect.bisect_left(starts, q["start"])
        qe = bisect.bisect_left(starts, q["end"])
        # sentence bounds
        s = qi
        while s > 0 and toks[s - 1][2] not in (".", "!", "?") and text[toks[s-1][1]:toks[s][0]].count(b"\n") == 0:
            s -= 1
        e = qe
        while e < len(toks) and toks[e][2] not in (".", "!", "?"):
            e += 1
        passive = any(toks[k][2] in AUX for k in range(s, min(e, len(toks))))
        for c in q["candidates"]:
            ci = bisect.bisect_left(starts, c["start"])
            if ci >= len(toks) or not (s <= ci <= e):
                continue
            side = "before" if ci < qi else "after"
            fs = c["features"]
            k = ci
            det_in = toks[k][2].lower() in GEN
            j = k if det_in else k - 1
            # skip attributes back
            owner = False
            if j >= s and toks[j][2].lower() in GEN:
                n = j - 1
                if n >= s and speech(toks[n][2]):
                    owner = True
            # Saxon genitive: "Obamas Antwort"
            ce = bisect.bisect_left(starts, c["end"])
            if ce < len(toks) and c["speaker"].endswith("s") and speech(toks[ce][2]) and "saxon" in VARIANTS:
                owner = True
            if owner and "owner" in VARIANTS:
                fs.append("speech=owner")
                fs.append("speech=owner/" + side)
            # act: first capitalised word of candidate is a speech noun
            words = [t for t in toks[ci:ce] if t[2][:1].isalpha()]
            first_cap = next((t[2] for t in words if t[2][:1].isupper()), None)
            if first_cap and speech(first_cap) and "actowned" in VARIANTS:
                fi = next(x for x in range(ci, ce) if toks[x][2] == first_cap)
                owned = (fi + 1 < len(toks) and toks[fi + 1][2].lower() in GEN) or (fi > 0 and toks[fi - 1][2].lower().startswith(("sein", "ihr")))
                if owned:
                    fs.append("speech=act-owned")
                    fs.append("speech=act-owned/" + side)
            if first_cap and speech(first_cap) and "act" in VARIANTS:
                fs.append("speech=act")
                fs.append("speech=act/" + side)
            if "agent2" in VARIANTS and passive:
                jj = k - 1
                hops = 0
                while jj >= s and hops < 2 and toks[jj][2].lower() not in ("von", "vom") and toks[jj][2][:1].isalpha() and toks[jj][2].endswith(("en", "e", "er", "es")):
                    jj -= 1; hops += 1
                if jj >= s and toks[jj][2].lower() in ("von", "vom") and not (jj - 1 >= s and toks[jj-1][2][:1].isupper() and "afternoun" not in VARIANTS and toks[jj-1][2].lower() not in GEN):
                    after = [toks[x][2] for x in range(ce, min(e + 1, len(toks)))]
                    if any(w[:1].islower() and w.endswith("t") and w.startswith("ge") or w[:1].islower() and w.endswith("t") and len(w) > 6 for w in after):
                        fs.append("clause=passive-agent")
            if "agent" in VARIANTS and passive and (j >= s and toks[j][2].lower() in ("von", "vom") or det_in and toks[k][2].lower() in ("von","vom")):
                fs.append("clause=passive-agent")
