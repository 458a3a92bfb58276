//! The simulator's material: real statement quotes with named speakers,
//! plain sentences for the prose around them, titles and words for
//! substitutions, all taken from analysed source articles.

use std::collections::HashSet;

use chacha20::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use crate::article::Analysed;
use crate::corpus::Article;
use crate::extract::Kind;
use crate::normalize;

/// A real quote to simulate with: its words (as written, punctuation
/// attached) and its speaker's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolQuote {
    pub words: Vec<String>,
    pub speaker: String,
}

/// Material taken from the source articles.
#[derive(Debug, Clone, Default)]
pub struct Pool {
    /// Statement quotes with a named speaker and at least six words, no
    /// two alike.
    pub quotes: Vec<PoolQuote>,
    /// Sentences without quote marks or dates, for the prose around quotes.
    pub fillers: Vec<String>,
    pub titles: Vec<String>,
    /// Plain lowercase words, for substitutions.
    pub vocab: Vec<String>,
}

/// Characters that may open or close a quote: material containing them is
/// not used, so that the only quotes in a simulated article are its own.
pub(super) fn has_marks(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '"' | '“' | '”' | '«' | '»' | '„' | '‚' | '‘' | '’' | '‹' | '›' | '`'))
        || s.contains(" '")
        || s.contains("' ")
        || s.starts_with('\'')
        || s.ends_with('\'')
}

/// Four-word shingles of a normalized word list.
pub(super) fn shingles(words: &[String]) -> Vec<String> {
    words.windows(4).map(|w| w.join(" ")).collect()
}

/// Builds the pool from source articles and their analyses (same order).
pub fn pool(sources: &[Article], analysed: &[Analysed]) -> Pool {
    let mut out = Pool::default();
    let mut seen_shingles: HashSet<String> = HashSet::new();
    let mut seen_fillers: HashSet<String> = HashSet::new();
    let mut seen_vocab: HashSet<String> = HashSet::new();
    for (art, an) in sources.iter().zip(analysed) {
        for q in &an.quotes {
            if q.kind != Kind::Statement || q.segments.len() > 1 {
                continue;
            }
            let Some(speaker) = q.speaker_canonical.as_deref().or(q.speaker.as_deref()) else {
                continue;
            };
            if !crate::provenance::names::is_name(speaker) || has_marks(speaker) || speaker.contains('\n') {
                continue;
            }
            let body = q
                .text
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '”' | '«' | '»' | '„'))
                .trim_end_matches([',', '.', ';', ':', '?', '!', '-', '—'])
                .trim();
            if body.is_empty() || has_marks(body) || body.contains('\n') || body.contains('\u{a0}') {
                continue;
            }
            let words: Vec<String> = body.split_whitespace().map(str::to_string).collect();
            let norm: Vec<String> = normalize::words(body).into_iter().map(|w| w.norm).collect();
            if norm.len() < 6 || words.len() > 45 {
                continue;
            }
            // No two pool quotes may share a wording or much of one: they
            // would be one line to any linker.
            let sh = shingles(&norm);
            let shared = sh.iter().filter(|s| seen_shingles.contains(*s)).count();
            if shared * 5 > sh.len() {
                continue;
            }
            seen_shingles.extend(sh);
            out.quotes.push(PoolQuote {
                words,
                speaker: speaker.to_string(),
            });
        }
        if let Some(t) = &art.title {
            if !has_marks(t) && crate::meta::parse_date(t).is_none() && t.len() < 100 {
                out.titles.push(t.trim().to_string());
            }
        }
        for para in art.text.split("\n\n") {
            for sentence in sentences(para) {
                let n = sentence.split_whitespace().count();
                if !(8..=35).contains(&n)
                    || has_marks(sentence)
                    || sentence.contains('\u{a0}')
                    || crate::meta::parse_date(sentence).is_some()
                    || !sentence.starts_with(|c: char| c.is_uppercase())
                    || !sentence.ends_with('.')
                    || !seen_fillers.insert(sentence.to_string())
                {
                    continue;
                }
                for w in sentence.split_whitespace() {
                    if w.len() >= 4 && w.chars().all(|c| c.is_ascii_lowercase()) && seen_vocab.insert(w.to_string()) {
                        out.vocab.push(w.to_string());
                    }
                }
                out.fillers.push(sentence.to_string());
            }
        }
    }
    out
}

/// Sentences of a paragraph: split after `.`, `?` or `!` followed by a
/// space and a capital letter.
pub(super) fn sentences(para: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = para.as_bytes();
    for (i, c) in para.char_indices() {
        if matches!(c, '.' | '?' | '!')
            && bytes.get(i + 1) == Some(&b' ')
            && para[i + 2..].starts_with(|c: char| c.is_uppercase())
        {
            out.push(para[start..=i].trim());
            start = i + 2;
        }
    }
    let last = para[start.min(para.len())..].trim();
    if !last.is_empty() {
        out.push(last);
    }
    out
}

/// Words in each run a line past the pool takes from one pool quote.
const RUN: usize = 3;

/// A fresh line: the next pool quote; once the pool is spent, a line of
/// the same length made of three-word runs of pool quotes drawn at
/// random (by the draw's own number, so that the article stream's draws
/// are as before). Such lines share no four words in a row but by chance:
/// blends of two quotes' halves, as drawn before, shared half their words
/// with a score of other families that no linker could tell apart, and
/// family precision fell with corpus size for that alone (BENCHMARKS.md,
/// "Family precision at scale").
pub(super) fn fresh(pool: &Pool, order: &[usize], next: &mut usize) -> PoolQuote {
    let i = *next;
    *next += 1;
    let n = order.len();
    if i < n {
        return pool.quotes[order[i]].clone();
    }
    let a = &pool.quotes[order[i % n]];
    let mut rng = ChaCha8Rng::seed_from_u64(i as u64);
    // The opening of a quote, capitalised as a line opens.
    let mut words: Vec<String> = a.words[..RUN.min(a.words.len())].to_vec();
    while words.len() < a.words.len() {
        let q = &pool.quotes[rng.random_range(0..pool.quotes.len())];
        let take = RUN.min(q.words.len());
        let start = rng.random_range(0..=q.words.len() - take);
        words.extend_from_slice(&q.words[start..start + take]);
    }
    words.truncate(a.words.len());
    if let Some(w) = words.last_mut() {
        *w = w.trim_end_matches([',', ';', ':', '.']).to_string();
    }
    PoolQuote {
        words,
        speaker: a.speaker.clone(),
    }
}
