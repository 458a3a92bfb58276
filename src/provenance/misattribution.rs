//! Misattribution evidence: whether the copies of a line credit it to
//! persons who cannot be one person, and which credits say so. A
//! family's report is flagged when they do (`possible_misattribution`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{drift, names, Credit, Ctx};
use crate::extract::Kind;

/// Copies shorter than this (in words) are no evidence of a
/// misattribution: a phrase ("we'll see", "a priority") is said by many
/// people, a sentence by one.
const MISATTRIBUTION_MIN_WORDS: usize = 8;

/// Occurrences per credit compared for a shared run: a family that
/// chains many copies needs only a few of each credit's.
const MISATTRIBUTION_SAMPLE: usize = 8;

/// Who the copies of a line credit it to, when they name persons who
/// cannot be one person; empty otherwise. Only copies that carry a
/// sentence of the line count (`words(o)` at least
/// [`MISATTRIBUTION_MIN_WORDS`]), stated or quoted in part and credited by
/// a speech verb to a person's name (a first name and a surname, spellings
/// merged; not "he", "the senior lawmaker", a body or a place), named as
/// such in the article: a pronoun or a description the extractor resolved
/// to a name elsewhere is more often a misread than a misattribution (on
/// the simulator, most false flags were). A quote nested in another is
/// credited to no one. An article
/// that credits the line to two people is more likely a misread
/// attribution than evidence, and is left out.
pub(super) fn misattribution_evidence(ctx: &Ctx<'_>, occs: &[u32], words: &dyn Fn(u32) -> usize) -> Vec<Credit> {
    let mut by_article: BTreeMap<&str, (BTreeSet<&str>, Vec<u32>)> = BTreeMap::new();
    for &o in occs {
        let quote = ctx.quote(o);
        if ctx.nested(o) {
            continue;
        }
        let framed = matches!(quote.kind, Kind::Statement | Kind::Partial) && quote.cue.is_some();
        if !framed || words(o) < MISATTRIBUTION_MIN_WORDS || !quote.speaker.is_some_and(names::is_name) {
            continue;
        }
        if let Some(name) = ctx.speaker(o).filter(|n| names::is_person_name(n)) {
            let entry = by_article.entry(ctx.article_id(o)).or_default();
            entry.0.insert(name);
            entry.1.push(o);
        }
    }
    // Names of one person ("Trump", "Donald Trump") are one credit even
    // where the corpus-wide clusters keep them apart: a name joins the
    // first credit whose name `same_keys` meets. Two names can only meet
    // on their last key or their first two, so credits are looked up
    // there: a family that chains thousands of speakers' lines is not
    // compared all against all. A name's credit never changes once found
    // (credits are only added after it), unless it has no keys and so
    // meets no name, not even itself.
    let mut credits: Vec<Credit> = Vec::new();
    let mut credit_keys: Vec<Vec<String>> = Vec::new();
    let mut by_last: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_head: HashMap<(String, String), Vec<usize>> = HashMap::new();
    let mut joined: HashMap<&str, usize> = HashMap::new();
    let head = |k: &[String]| match k {
        [a, b, ..] => Some((a.clone(), b.clone())),
        _ => None,
    };
    let mut credit_occs: Vec<Vec<u32>> = Vec::new();
    for (article, (persons, article_occs)) in &by_article {
        let mut persons = persons.iter();
        let (Some(&name), None) = (persons.next(), persons.next()) else {
            continue;
        };
        let c = match joined.get(name) {
            Some(&c) => c,
            None => {
                let keys = names::name_keys(name);
                let near = keys
                    .last()
                    .and_then(|l| by_last.get(l))
                    .into_iter()
                    .chain(head(&keys).and_then(|h| by_head.get(&h)))
                    .flatten();
                let c = near
                    .copied()
                    .filter(|&c| names::same_keys(&credit_keys[c], &keys))
                    .min()
                    .unwrap_or_else(|| {
                        let c = credits.len();
                        credits.push(Credit {
                            speaker: name.to_string(),
                            articles: Vec::new(),
                        });
                        if let Some(l) = keys.last() {
                            by_last.entry(l.clone()).or_default().push(c);
                        }
                        if let Some(h) = head(&keys) {
                            by_head.entry(h).or_default().push(c);
                        }
                        credit_keys.push(keys.clone());
                        c
                    });
                if !keys.is_empty() {
                    joined.insert(name, c);
                }
                c
            }
        };
        credits[c].articles.push(article.to_string());
        credit_occs.resize_with(credits.len(), Vec::new);
        credit_occs[c].extend_from_slice(article_occs);
    }
    if credits.len() < 2 {
        return Vec::new();
    }
    // The credits must be of one line: two of them share a sentence's
    // worth of words in order, outside any quote the speaker quotes in
    // turn. A
    // common phrase inside two long statements ("you don't know what you
    // don't know"), or a tweet quoting the line's speaker, is no
    // misattribution.
    let runs: Vec<Vec<Vec<String>>> = credit_occs
        .iter()
        .map(|os| {
            os.iter()
                .take(MISATTRIBUTION_SAMPLE)
                .map(|&o| own_words(ctx.text(o)))
                .collect()
        })
        .collect();
    let shares = |a: usize, b: usize| {
        runs[a].iter().any(|x| {
            runs[b]
                .iter()
                .any(|y| shared_in_order(x, y) >= MISATTRIBUTION_MIN_WORDS)
        })
    };
    let keep: Vec<bool> = (0..credits.len())
        .map(|a| (0..credits.len()).any(|b| b != a && shares(a, b)))
        .collect();
    let mut credits: Vec<Credit> = credits
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect();
    if credits.len() < 2 {
        return Vec::new();
    }
    credits.sort_by(|a, b| b.articles.len().cmp(&a.articles.len()).then(a.speaker.cmp(&b.speaker)));
    credits
}

/// The normalized words a speaker says in their own voice: the text
/// outside any quote nested in it (‘…’, “…”).
pub(super) fn own_words(text: &str) -> Vec<String> {
    let mut own = String::with_capacity(text.len());
    let mut depth = 0usize;
    let mut prev: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '‘' | '“' => depth += 1,
            // A closing single quote after a letter and before a letter is
            // an apostrophe ("don’t").
            '’' if prev.is_some_and(char::is_alphabetic) && chars.peek().is_some_and(|n| n.is_alphabetic()) => {
                own.extend((depth == 0).then_some(c))
            }
            '’' | '”' if depth > 0 => {
                depth -= 1;
                own.push(' ');
            }
            _ if depth == 0 => own.push(c),
            _ => {}
        }
        prev = Some(c);
    }
    drift::tokens(&own).into_iter().map(|t| t.norm).collect()
}

/// How many words `a` and `b` share in order (their longest common
/// subsequence): a drifted copy keeps most of its line's words in order,
/// where a common phrase shares only itself.
fn shared_in_order(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diag = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { row[j + 1].max(row[j]) };
            diag = up;
        }
    }
    row[b.len()]
}
