//! Scores predicted quotes against gold annotations with the same metrics
//! as `shared/eval/score.py`: quote P/R/F1 at span overlap 0.3 and 0.8,
//! and speaker accuracy. The scoring itself does no I/O.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

/// One gold article: code-point offsets.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldArticle {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub outlet: Option<String>,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldQuote {
    #[serde(default)]
    pub text: String,
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub speaker: Option<String>,
    pub speaker_canonical: Option<String>,
    pub kind: Option<String>,
}

/// One predicted quote: UTF-8 byte offsets.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PredQuote {
    pub text: Option<String>,
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub speaker: Option<String>,
    pub speaker_canonical: Option<String>,
    pub kind: Option<String>,
    pub segments: Option<Vec<[usize; 2]>>,
}

/// Counts at one overlap threshold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The scores of a prediction set.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Scores {
    pub articles: usize,
    pub missing: usize,
    pub bad_offsets: usize,
    pub lenient: Counts,
    pub strict: Counts,
    pub speaker_ok: usize,
    pub speaker_n: usize,
}

impl Scores {
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_ok, self.speaker_n)
    }
}

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "his", "hers", "their",
];
const STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "and",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sen",
    "rep",
    "gov",
    "gen",
    "president",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "official",
    "officials",
    "said",
    "says",
    "senior",
    "former",
    "foreign",
    "prime",
    "secretary",
    "head",
    "chief",
    "jr",
    "sr",
    "statement",
    "one",
    "previously",
    "cited",
    "lawmaker",
    "s",
];
const NON_STATEMENT: &[&str] = &["scare", "headline", "title"];

/// Name tokens as score.py sees them: accents stripped, lowercased,
/// alphanumeric runs, stop words and single letters dropped.
pub fn name_tokens(name: Option<&str>) -> HashSet<String> {
    use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};
    let Some(name) = name else { return HashSet::new() };
    let folded: String = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase();
    folded
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|t| t.len() > 1 && !STOP.contains(t) && !PRONOUNS.contains(t))
        .map(str::to_string)
        .collect()
}

fn speaker_scorable(g: &GoldQuote) -> bool {
    if g.speaker_canonical.as_deref().is_some_and(|s| !s.is_empty()) {
        return true;
    }
    let s = g.speaker.as_deref().unwrap_or("").trim().to_lowercase();
    !s.is_empty() && !PRONOUNS.contains(&s.as_str()) && !name_tokens(Some(&s)).is_empty()
}

fn speaker_ok(g: &GoldQuote, p: &PredQuote) -> bool {
    let mut gold = name_tokens(g.speaker_canonical.as_deref());
    gold.extend(name_tokens(g.speaker.as_deref()));
    let mut pred = name_tokens(p.speaker_canonical.as_deref());
    if pred.is_empty() {
        pred = name_tokens(p.speaker.as_deref());
    }
    !gold.is_disjoint(&pred)
}

fn jacc(a: (usize, usize), b: (usize, usize)) -> f64 {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let union = a.1.max(b.1) - a.0.min(b.0);
    if union > 0 {
        inter as f64 / union as f64
    } else {
        0.0
    }
}

fn matching(gold: &[(usize, usize)], pred: &[(usize, usize)], thr: f64) -> Vec<(usize, usize)> {
    let mut cands = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        for (pi, p) in pred.iter().enumerate() {
            let j = jacc(*g, *p);
            if j >= thr {
                cands.push((j, gi, pi));
            }
        }
    }
    // Best first; ties as Python's reverse sort of tuples breaks them.
    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(b.2.cmp(&a.2)));
    let (mut ug, mut up, mut pairs) = (HashSet::new(), HashSet::new(), Vec::new());
    for (_, gi, pi) in cands {
        if ug.contains(&gi) || up.contains(&pi) {
            continue;
        }
        ug.insert(gi);
        up.insert(pi);
        pairs.push((gi, pi));
    }
    pairs
}

fn find_chars(text: &str, needle: &str) -> Option<usize> {
    text.find(needle).map(|b| text[..b].chars().count())
}

/// Labels the quotes the extractor found in one gold article for the
/// kind model (`extract::kinds`): a quote was said by somebody when one of
/// its segments overlaps a gold statement or partial quote by at least
/// 0.3 (|overlap| / |union| of code points, as score.py matches at 0.3).
/// `features[i]` are quote `i`'s; quotes without features (headlines,
/// titles) are no examples.
pub fn kind_examples(
    gold: &GoldArticle,
    quotes: &[crate::extract::Quote],
    features: Vec<Vec<String>>,
) -> Vec<crate::extract::kinds::Example> {
    let text = &gold.text;
    let chars = |b: usize| text.get(..b).map(|s| s.chars().count());
    let said: Vec<(usize, usize)> = gold
        .quotes
        .iter()
        .filter(|q| !q.kind.as_deref().is_some_and(|k| NON_STATEMENT.contains(&k)))
        .filter_map(|q| Some((q.start?, q.end?)))
        .collect();
    quotes
        .iter()
        .zip(features)
        .filter(|(_, f)| !f.is_empty())
        .map(|(q, features)| {
            let hit = q.segments.iter().any(|&[s, e]| match (chars(s), chars(e)) {
                (Some(s), Some(e)) => said.iter().any(|&g| jacc(g, (s, e)) >= 0.3),
                _ => false,
            });
            crate::extract::kinds::Example { features, said: hit }
        })
        .collect()
}

/// Labels the speaker candidates of the quotes the extractor found in one
/// gold article, for the speaker ranker (`extract::speakers`). A quote
/// counts when one of its segments overlaps a gold statement or partial
/// quote with a speaker by at least 0.3 (the best overlap wins). A
/// candidate is right when it names the gold speaker as score.py judges
/// (its canonical name, else the phrase, shares a name word with the
/// gold); when the gold gives only a pronoun as written (PolNeAR has no
/// canonical names), the nearest candidate written the same is right, and
/// so is any that resolves to a name it resolves to. Each quote is one group of examples; quotes whose candidates are
/// all right or all wrong teach no choice and give none.
pub fn speaker_examples(
    gold: &GoldArticle,
    quotes: &[crate::extract::Quote],
    candidates: Vec<Vec<crate::extract::SpeakerCandidate>>,
) -> (Vec<Vec<crate::extract::kinds::Example>>, SpeakerOracle) {
    let text = &gold.text;
    let chars = |b: usize| text.get(..b).map(|s| s.chars().count());
    let said: Vec<(&GoldQuote, (usize, usize))> = gold
        .quotes
        .iter()
        .filter(|q| !q.kind.as_deref().is_some_and(|k| NON_STATEMENT.contains(&k)))
        .filter(|q| q.speaker.as_deref().is_some_and(|s| !s.trim().is_empty()) || speaker_scorable(q))
        .filter_map(|q| Some((q, (q.start?, q.end?))))
        .collect();
    let mut out = Vec::new();
    let mut oracle = SpeakerOracle::default();
    for (q, cands) in quotes.iter().zip(candidates) {
        if cands.is_empty() {
            continue;
        }
        let mut best: Option<(&GoldQuote, f64)> = None;
        for &[s, e] in &q.segments {
            let (Some(s), Some(e)) = (chars(s), chars(e)) else {
                continue;
            };
            for &(g, span) in &said {
                let j = jacc(span, (s, e));
                if j >= 0.3 && best.is_none_or(|(_, b)| j > b) {
                    best = Some((g, j));
                }
            }
        }
        let Some((g, _)) = best else { continue };
        let right: Vec<bool> = if speaker_scorable(g) {
            cands
                .iter()
                .map(|c| {
                    let p = PredQuote {
                        speaker: Some(c.speaker.clone()),
                        speaker_canonical: c.canonical.clone(),
                        ..PredQuote::default()
                    };
                    speaker_ok(g, &p)
                })
                .collect()
        } else {
            let written = g.speaker.as_deref().unwrap_or("").trim().to_lowercase();
            let dist = |c: &crate::extract::SpeakerCandidate| {
                let (s, e) = (q.start, q.end);
                if c.end <= s {
                    s - c.end
                } else {
                    c.start.saturating_sub(e)
                }
            };
            let nearest = cands
                .iter()
                .enumerate()
                .filter(|(_, c)| c.speaker.trim().to_lowercase() == written)
                .min_by_key(|&(k, c)| (dist(c), k))
                .map(|(k, _)| k);
            // And any candidate naming whom that phrase resolves to.
            let named = nearest
                .map(|k| name_tokens(cands[k].canonical.as_deref()))
                .unwrap_or_default();
            (0..cands.len())
                .map(|k| Some(k) == nearest || !named.is_disjoint(&name_tokens(cands[k].canonical.as_deref())))
                .collect()
        };
        oracle.quotes += 1;
        oracle.reachable += usize::from(right.iter().any(|&r| r));
        oracle.first_right += usize::from(right[0]);
        let n = right.iter().filter(|&&r| r).count();
        if n > 0 && n < cands.len() {
            out.push(
                cands
                    .into_iter()
                    .zip(right)
                    .map(|(c, said)| crate::extract::kinds::Example {
                        features: c.features,
                        said,
                    })
                    .collect(),
            );
        }
    }
    (out, oracle)
}

/// How many gold-matched quotes had candidates, how many had a right one
/// among them, and how often the first (the rule chain's choice) was right.
#[derive(Debug, Clone, Copy, Default)]
pub struct SpeakerOracle {
    pub quotes: usize,
    pub reachable: usize,
    pub first_right: usize,
}

/// The quotes of analysed articles as predictions, by article id.
pub fn predictions(articles: Vec<crate::article::Analysed>) -> BTreeMap<String, Vec<PredQuote>> {
    let mut pred: BTreeMap<String, Vec<PredQuote>> = BTreeMap::new();
    for a in articles {
        let qs = a
            .quotes
            .into_iter()
            .map(|q| PredQuote {
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
    pred
}

/// Scores `pred` (by article id) against `gold`.
pub fn score(gold: &[GoldArticle], pred: &BTreeMap<String, Vec<PredQuote>>) -> Scores {
    let mut out = Scores {
        articles: gold.len(),
        ..Scores::default()
    };
    for g in gold {
        if !pred.contains_key(&g.id) {
            out.missing += 1;
        }
        let text = &g.text;
        let chars: Vec<char> = text.chars().collect();
        let mut b2c = BTreeMap::new();
        let mut b = 0;
        for (i, c) in chars.iter().enumerate() {
            b2c.insert(b, i);
            b += c.len_utf8();
        }
        b2c.insert(b, chars.len());
        let slice = |s: usize, e: usize| chars[s.min(chars.len())..e.min(chars.len())].iter().collect::<String>();

        let mut gq: Vec<(&GoldQuote, (usize, usize))> = Vec::new();
        let mut skip = Vec::new();
        for q in &g.quotes {
            let span = match (q.start, q.end) {
                (Some(s), Some(e)) => Some((s, e)),
                _ => find_chars(text, &q.text).map(|i| (i, i + q.text.chars().count())),
            };
            let Some(span) = span else { continue };
            if q.kind.as_deref().is_some_and(|k| NON_STATEMENT.contains(&k)) {
                skip.push(span);
            } else {
                gq.push((q, span));
            }
        }
        let mut pieces: Vec<PredQuote> = Vec::new();
        for q in pred.get(&g.id).map(Vec::as_slice).unwrap_or(&[]) {
            match &q.segments {
                Some(segs) if segs.len() > 1 => {
                    for s in segs {
                        pieces.push(PredQuote {
                            start: Some(s[0]),
                            end: Some(s[1]),
                            text: None,
                            segments: None,
                            ..q.clone()
                        });
                    }
                }
                _ => pieces.push(q.clone()),
            }
        }
        let mut pq: Vec<(&PredQuote, (usize, usize))> = Vec::new();
        for q in &pieces {
            if q.kind.as_deref().is_some_and(|k| NON_STATEMENT.contains(&k)) {
                continue;
            }
            let located = match (q.start.and_then(|s| b2c.get(&s)), q.end.and_then(|e| b2c.get(&e))) {
                (Some(&s), Some(&e)) => Some((s, e, true)),
                _ => q
                    .text
                    .as_deref()
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .and_then(|t| find_chars(text, t).map(|i| (i, i + t.chars().count(), false))),
            };
            let Some((s, e, had)) = located else {
                out.bad_offsets += 1;
                continue;
            };
            if had {
                if let Some(t) = q.text.as_deref().filter(|t| !t.is_empty()) {
                    if slice(s, e).trim() != t.trim() {
                        out.bad_offsets += 1;
                    }
                }
            }
            let span = (s, e);
            if skip.iter().any(|k| jacc(span, *k) >= 0.3) && !gq.iter().any(|(_, x)| jacc(span, *x) >= 0.3) {
                continue;
            }
            pq.push((q, span));
        }
        let gs: Vec<(usize, usize)> = gq.iter().map(|x| x.1).collect();
        let ps: Vec<(usize, usize)> = pq.iter().map(|x| x.1).collect();
        for (thr, counts) in [(0.3, &mut out.lenient), (0.8, &mut out.strict)] {
            let pairs = matching(&gs, &ps, thr);
            counts.tp += pairs.len();
            counts.fp += ps.len() - pairs.len();
            counts.fn_ += gs.len() - pairs.len();
            if thr == 0.3 {
                for (gi, pi) in pairs {
                    if speaker_scorable(gq[gi].0) {
                        out.speaker_n += 1;
                        if speaker_ok(gq[gi].0, pq[pi].0) {
                            out.speaker_ok += 1;
                        }
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_tokens_drop_titles_and_accents() {
        let t = name_tokens(Some("Mr. Sergéi Lavrov, the foreign minister"));
        assert_eq!(t, ["sergei", "lavrov"].iter().map(|s| s.to_string()).collect());
    }

    #[test]
    fn kind_examples_label_a_quote_said_when_a_segment_meets_a_gold_quote() {
        let text = "“So-called” experts, she said. “We will win,” said Ana Ruiz.".to_string();
        let gold = GoldArticle {
            id: "a".into(),
            text: text.clone(),
            title: None,
            outlet: None,
            quotes: vec![GoldQuote {
                text: "We will win,".into(),
                start: Some(32),
                end: Some(44),
                speaker: Some("Ana Ruiz".into()),
                speaker_canonical: None,
                kind: None,
            }],
        };
        let g = crate::grammar::Grammar::builtin("en").unwrap();
        let (found, features) = crate::extract::Extractor::new(g).extract_traced(&text, None, true);
        let ex = kind_examples(&gold, &found.quotes, features);
        let labels: Vec<bool> = ex.iter().map(|e| e.said).collect();
        assert_eq!(labels, vec![false, true]);
        assert!(ex[1].features.iter().any(|f| f == "next=said"), "{:?}", ex[1].features);
    }

    fn gold_one(text: &str, quote: &str, speaker: &str) -> GoldArticle {
        let start = text.find(quote).map(|b| text[..b].chars().count()).unwrap();
        GoldArticle {
            id: "a".into(),
            text: text.into(),
            title: None,
            outlet: None,
            quotes: vec![GoldQuote {
                text: quote.into(),
                start: Some(start),
                end: Some(start + quote.chars().count()),
                speaker: Some(speaker.into()),
                speaker_canonical: None,
                kind: None,
            }],
        }
    }

    /// The label of each candidate `(phrase as written, canonical name)`
    /// of the article's one quote, each phrase at its last place in the
    /// text. The candidates are given, not traced: English traces only
    /// the quotes its ranker's gate passes (`choose::weighed`).
    fn speaker_labels(gold: &GoldArticle, given: &[(&str, &str)]) -> Vec<(String, bool)> {
        let g = crate::grammar::Grammar::builtin("en").unwrap();
        let found = crate::extract::Extractor::new(g).extract(&gold.text, None);
        let cands = vec![given
            .iter()
            .map(|&(phrase, canonical)| {
                let start = gold.text.rfind(phrase).unwrap();
                crate::extract::SpeakerCandidate {
                    features: Vec::new(),
                    start,
                    end: start + phrase.len(),
                    speaker: phrase.to_string(),
                    canonical: Some(canonical.to_string()),
                }
            })
            .collect::<Vec<_>>()];
        let spoken: Vec<Vec<String>> = cands
            .iter()
            .map(|c| c.iter().map(|c| c.speaker.clone()).collect())
            .collect();
        let (groups, oracle) = speaker_examples(gold, &found.quotes, cands);
        assert_eq!(oracle.quotes, 1);
        assert_eq!(groups.len(), 1, "{spoken:?}");
        spoken[0]
            .iter()
            .cloned()
            .zip(groups[0].iter().map(|e| e.said))
            .collect()
    }

    #[test]
    fn issue14_speaker_candidates_are_right_when_they_name_the_gold_speaker() {
        let text = "Ana Ruiz met Tom Vale on Monday. “We will win,” said Ana Ruiz.";
        let labels = speaker_labels(
            &gold_one(text, "We will win,", "Ana Ruiz"),
            &[("Ana Ruiz", "Ana Ruiz"), ("Tom Vale", "Tom Vale")],
        );
        assert!(labels.iter().any(|(s, r)| s == "Ana Ruiz" && *r), "{labels:?}");
        assert!(labels.iter().any(|(s, r)| s == "Tom Vale" && !*r), "{labels:?}");
    }

    #[test]
    fn issue14_a_pronoun_speaker_as_written_is_the_nearest_pronoun_and_whom_it_names() {
        let text = "Ana Ruiz met Tom Vale. He left early. “We will win,” she said.";
        let labels = speaker_labels(
            &gold_one(text, "We will win,", "she"),
            &[
                ("she", "Ana Ruiz"),
                ("Ana Ruiz", "Ana Ruiz"),
                ("Tom Vale", "Tom Vale"),
                ("He", "Tom Vale"),
            ],
        );
        let right: Vec<&str> = labels.iter().filter(|(_, r)| *r).map(|(s, _)| s.as_str()).collect();
        assert!(right.contains(&"she") && right.contains(&"Ana Ruiz"), "{labels:?}");
        assert!(!right.contains(&"Tom Vale"), "{labels:?}");
    }

    #[test]
    fn perfect_prediction_scores_one() {
        let text = "He said “café au lait,” and left.".to_string();
        let gold = vec![GoldArticle {
            id: "a".into(),
            text: text.clone(),
            title: None,
            outlet: None,
            quotes: vec![GoldQuote {
                text: "café au lait,".into(),
                start: Some(9),
                end: Some(22),
                speaker: Some("Jo Smith".into()),
                speaker_canonical: None,
                kind: None,
            }],
        }];
        let b = text.find("café").unwrap();
        let e = b + "café au lait,".len();
        let mut pred = BTreeMap::new();
        pred.insert(
            "a".into(),
            vec![PredQuote {
                start: Some(b),
                end: Some(e),
                text: Some(text[b..e].into()),
                speaker: Some("Smith".into()),
                ..PredQuote::default()
            }],
        );
        let s = score(&gold, &pred);
        assert_eq!((s.strict.tp, s.strict.fp, s.strict.fn_), (1, 0, 0));
        assert_eq!(s.speaker_accuracy(), 1.0);
        assert_eq!(s.bad_offsets, 0);
    }
}
