//! A syndication simulator with known ground truth (issue #4): real quotes
//! and sentences, taken from analysed source articles, are written into a
//! synthetic news stream in which outlets with their own house styles
//! publish over time, copy each other's quotes (verbatim, as fragments, or
//! drifted), sometimes cite the outlet they copied, and sometimes take the
//! same line independently from an unseen wire. The generator records
//! what it did: the true family of every quote occurrence, the true
//! source of every copy, and the true first appearance (see [`Truth`] and
//! the README, "Simulate a syndication network").
//!
//! Pure and deterministic: the same sources, configuration and seed give
//! the same corpus and truth, byte for byte (ChaCha8, seeded; hash maps
//! only for lookups). `cli` reads the sources and writes the files.

use std::collections::{BTreeMap, HashSet};

use chacha20::ChaCha8Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::article::Analysed;
use crate::corpus::Article;
use crate::extract::Kind;
use crate::normalize;

/// The version tag written into every truth file.
pub const TRUTH_FORMAT: &str = "quotegraph-sim-truth/1";

/// What to simulate.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Config {
    pub outlets: usize,
    pub articles: usize,
    pub seed: u64,
    /// Most words a drifted copy edits in its source's wording.
    pub max_edits: usize,
    /// Share of articles published without a date.
    pub undated: f64,
    /// Share of quote slots that copy an earlier quote.
    pub copy: f64,
    /// Share of quote slots that take a line from the unseen wire.
    pub wire: f64,
    /// Share of copies that cite the outlet they copied.
    pub cite: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            outlets: 20,
            articles: 1000,
            seed: 1,
            max_edits: 3,
            undated: 0.1,
            copy: 0.55,
            wire: 0.08,
            cite: 0.2,
        }
    }
}

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
fn has_marks(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '"' | '“' | '”' | '«' | '»' | '„' | '‚' | '‘' | '’' | '‹' | '›' | '`'))
        || s.contains(" '")
        || s.contains("' ")
        || s.starts_with('\'')
        || s.ends_with('\'')
}

/// Four-word shingles of a normalized word list.
fn shingles(words: &[String]) -> Vec<String> {
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
fn sentences(para: &str) -> Vec<&str> {
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

/// An outlet's quote marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Marks {
    /// “…”
    Curly,
    /// "…"
    Straight,
    /// « … » with no-break spaces inside
    Guillemets,
    /// „…“
    German,
}

impl Marks {
    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Marks::Curly => ("“", "”"),
            Marks::Straight => ("\"", "\""),
            Marks::Guillemets => ("«\u{a0}", "\u{a0}»"),
            Marks::German => ("„", "“"),
        }
    }
}

/// How an outlet writes its dateline, which is also the precision of its
/// publication time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dateline {
    /// `LONDON, 2024-03-05T14:10 —` (a minute)
    IsoMinute,
    /// `March 5, 2024 14:10` (a minute)
    MonthDayTime,
    /// `5 March 2024` (a day)
    DayMonth,
    /// `03/05/2024 2:10 pm` (a minute)
    Slashed,
}

/// An outlet and its house style.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outlet {
    pub name: String,
    pub marks: Marks,
    pub dateline: Dateline,
    /// Lines the outlet puts under every article.
    pub boilerplate: Vec<String>,
    /// The outlet respells names (Slutsky → Sluzki).
    pub respells: bool,
    /// The outlet joins some words of quotes with no-break spaces.
    pub nbsp: bool,
}

/// The ground truth of a simulated corpus (`truth.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Truth {
    /// [`TRUTH_FORMAT`].
    pub format: String,
    pub config: Config,
    pub outlets: Vec<Outlet>,
    pub articles: Vec<TruthArticle>,
    pub families: Vec<TruthFamily>,
    pub occurrences: Vec<TruthOccurrence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruthArticle {
    pub id: String,
    pub outlet: String,
    /// What the article says: ISO-8601 at the outlet's precision, or none.
    pub published: Option<String>,
    /// When it really appeared (to the minute), dated or not.
    pub time: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruthFamily {
    pub id: String,
    /// The line as first said (for a wire family: as the wire had it).
    pub original: String,
    pub speaker: String,
    /// The line came from an unseen wire: its occurrences copy no one.
    pub wire: bool,
    /// Occurrence ids in time order.
    pub occurrences: Vec<String>,
    /// The truly first occurrence, dated or not.
    pub first_appearance: String,
    /// The earliest occurrence in a dated article: what a tool can find.
    pub first_dated: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruthOccurrence {
    /// `ARTICLE#K`, the K-th simulated quote of the article (the truth's
    /// own numbering: not necessarily the extractor's quote index).
    pub id: String,
    pub article: String,
    /// UTF-8 byte span of the quoted words in the article text, marks and
    /// the comma or full stop before the closing mark left out.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub family: String,
    /// `original`, `wire`, `verbatim`, `fragment` or `drift`.
    pub op: String,
    /// The occurrence it copied; none for an original or a wire copy.
    pub source: Option<String>,
    /// Words edited against the source (against the wire's line for a
    /// wire copy); a fragment's cut is not counted.
    pub edits: usize,
    /// Words edited against the family's original, along the copy chain.
    pub drift: usize,
    /// A fragment somewhere along the chain.
    pub fragment: bool,
    /// What the edits were, in order.
    pub changes: Vec<String>,
    /// The speaker as the article words it.
    pub speaker: String,
    /// The source the article names for the quote, if any.
    pub cites: Option<String>,
}

/// One simulated article, ready to write.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimArticle {
    pub id: String,
    pub outlet: String,
    pub published: Option<String>,
    pub title: String,
    pub text: String,
}

/// A simulated corpus with its truth.
#[derive(Debug, Clone)]
pub struct Simulated {
    pub articles: Vec<SimArticle>,
    pub truth: Truth,
}

const OUTLET_A: &[&str] = &[
    "Northern", "Daily", "Evening", "Harbour", "Capital", "Metro", "Coastal", "Valley", "National", "Morning",
    "Western", "Eastern", "Union", "Atlantic", "Central", "Highland",
];
const OUTLET_B: &[&str] = &[
    "Courier",
    "Gazette",
    "Herald",
    "Ledger",
    "Post",
    "Chronicle",
    "Tribune",
    "Observer",
    "Dispatch",
    "Standard",
    "Examiner",
    "Sentinel",
    "Record",
    "Mirror",
    "Bulletin",
    "Journal",
];
const PLACES: &[&str] = &[
    "LONDON",
    "BRUSSELS",
    "GLASGOW",
    "CARDIFF",
    "BELFAST",
    "PARIS",
    "BERLIN",
    "MANCHESTER",
];
const BOILERPLATE: &[&str] = &[
    "Share this article",
    "Sign up for our newsletter",
    "Follow us on Twitter",
    "Related articles",
    "Leave a comment",
    "Advertisement",
];
const ROLES: &[&str] = &[
    "the senior lawmaker",
    "the official",
    "the spokesman",
    "the executive",
    "the minister",
];
const WIRE_AGENCY: &str = "Continental Press Agency";
const AUXILIARIES: &[&str] = &[
    "is", "was", "will", "would", "can", "could", "are", "were", "has", "have", "should", "must", "did", "does",
];
const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "hundred", "thousand", "million",
    "billion",
];
/// 2024-03-01T00:00Z, where the simulated stream starts.
const EPOCH: i64 = 1_709_251_200;

/// A respelling that transliterations make and names are matched across
/// (Slutsky → Sluzki, Brown → Brovn); the last word of the name changes.
pub fn respell(name: &str) -> String {
    let Some((head, last)) = name.rsplit_once(' ').map_or(Some(("", name)), Some) else {
        return name.to_string();
    };
    let mut l = last.to_string();
    for (from, to) in [
        ("tsk", "zk"),
        ("ts", "z"),
        ("ck", "k"),
        ("ph", "f"),
        ("w", "v"),
        ("sch", "sh"),
    ] {
        if l.contains(from) {
            l = l.replacen(from, to, 1);
            break;
        }
    }
    if l.ends_with('y') {
        l.pop();
        l.push('i');
    } else if l == last {
        // Double the last letter: transliterations disagree on that too.
        if let Some(c) = l.chars().last() {
            l.push(c);
        }
    }
    if head.is_empty() {
        l
    } else {
        format!("{head} {l}")
    }
}

/// Splits a token into leading punctuation, core, trailing punctuation.
fn split_token(t: &str) -> (&str, &str, &str) {
    let core_start = t.find(|c: char| c.is_alphanumeric()).unwrap_or(t.len());
    let core_end = t
        .rfind(|c: char| c.is_alphanumeric())
        .map_or(core_start, |i| i + t[i..].chars().next().map_or(1, char::len_utf8));
    (
        &t[..core_start],
        &t[core_start..core_end.max(core_start)],
        &t[core_end.max(core_start)..],
    )
}

fn replace_core(t: &str, new: &str) -> String {
    let (a, _, c) = split_token(t);
    format!("{a}{new}{c}")
}

/// One edit of a quote's words; returns the change's name and how many
/// words it edited.
fn edit(words: &mut Vec<String>, budget: usize, vocab: &[String], rng: &mut ChaCha8Rng) -> (&'static str, usize) {
    let roll: f64 = rng.random();
    let n = words.len();
    if roll < 0.1 {
        // A changed number.
        let nums: Vec<usize> = (0..n)
            .filter(|&i| {
                let core = split_token(&words[i]).1.to_lowercase();
                core.chars().any(|c| c.is_ascii_digit()) || NUMBER_WORDS.contains(&core.as_str())
            })
            .collect();
        if let Some(&i) = nums.choose(rng) {
            let core = split_token(&words[i]).1.to_string();
            let new = if core.chars().any(|c| c.is_ascii_digit()) {
                let digits: String = core.chars().filter(char::is_ascii_digit).collect();
                let v: u64 = digits.get(..9).unwrap_or(&digits).parse().unwrap_or(1);
                core.replacen(&digits, &(v + rng.random_range(1..9u64)).to_string(), 1)
            } else {
                let lower = core.to_lowercase();
                let other: Vec<&&str> = NUMBER_WORDS.iter().filter(|w| **w != lower).collect();
                (**other.choose(rng).expect("several number words")).to_string()
            };
            words[i] = replace_core(&words[i], &new);
            return ("number", 1);
        }
    } else if roll < 0.2 {
        // A negation gained or lost.
        if let Some(i) = words
            .iter()
            .position(|w| matches!(split_token(w).1.to_lowercase().as_str(), "not" | "never"))
        {
            if n > 6 {
                let punct = split_token(&words[i]).2.to_string();
                words.remove(i);
                if !punct.is_empty() && i > 0 {
                    words[i - 1].push_str(&punct);
                }
                return ("negation", 1);
            }
        } else if let Some(i) = words
            .iter()
            .position(|w| AUXILIARIES.contains(&w.to_lowercase().as_str()))
        {
            words.insert(i + 1, "not".to_string());
            return ("negation", 1);
        }
    } else if roll < 0.3 && n > 7 {
        // Truncation: the last words cut.
        let k = rng.random_range(1..=budget.min(3).min(n - 6));
        words.truncate(n - k);
        return ("truncation", k);
    } else if roll < 0.55 && n > 6 {
        let i = rng.random_range(0..n);
        let punct = split_token(&words[i]).2.to_string();
        words.remove(i);
        if !punct.is_empty() && i > 0 {
            words[i - 1].push_str(&punct);
        }
        return ("deletion", 1);
    }
    // Substitution (also the fallback when another edit does not apply).
    let i = rng.random_range(0..n);
    let old = split_token(&words[i]).1.to_lowercase();
    let mut new = vocab.choose(rng).cloned().unwrap_or_else(|| "indeed".into());
    if new == old {
        new = "really".into();
    }
    if i == 0 {
        let mut c = new.chars();
        new = c
            .next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or(new);
    }
    words[i] = replace_core(&words[i], &new);
    ("substitution", 1)
}

/// A line as one occurrence carries it, before typography.
#[derive(Debug, Clone)]
struct Line {
    words: Vec<String>,
    family: usize,
    speaker: String,
    drift: usize,
    fragment: bool,
}

struct Family {
    original: String,
    speaker: String,
    wire: bool,
    /// Occurrence indices, in time order.
    occurrences: Vec<usize>,
}

/// A quote slot of an article being written.
#[derive(Debug, Clone)]
struct Slot {
    line: Line,
    op: &'static str,
    source: Option<usize>,
    edits: usize,
    changes: Vec<String>,
    cites: Option<String>,
}

/// A fresh line: the next pool quote; once the pool is spent, a blend of
/// the halves of two (which shares words with both of them).
fn fresh(pool: &Pool, order: &[usize], next: &mut usize) -> PoolQuote {
    let i = *next;
    *next += 1;
    let n = order.len();
    if i < n {
        return pool.quotes[order[i]].clone();
    }
    let a = &pool.quotes[order[i % n]];
    let b = &pool.quotes[order[(i / n + i) % n]];
    let mut words: Vec<String> = a.words[..a.words.len() / 2].to_vec();
    words.extend_from_slice(&b.words[b.words.len() / 2..]);
    PoolQuote {
        words,
        speaker: a.speaker.clone(),
    }
}

/// Occurrence as generated.
struct Occ {
    article: usize,
    line: Line,
    op: &'static str,
    source: Option<usize>,
    edits: usize,
    changes: Vec<String>,
    speaker_written: String,
    cites: Option<String>,
    span: (usize, usize),
    k: usize,
}

fn iso_minute(t: i64) -> (i64, u32, u32, u32, u32) {
    // Civil date from days since the epoch (Howard Hinnant's algorithm).
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = if m <= 2 { y + 1 } else { y };
    (y, m, d, (secs / 3600) as u32, ((secs % 3600) / 60) as u32)
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The dateline text and the ISO publication time it says.
fn dateline(style: Dateline, t: i64, place: &str) -> (String, String) {
    let (y, m, d, h, mi) = iso_minute(t);
    let iso_min = format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}");
    let month = MONTHS[m as usize - 1];
    match style {
        Dateline::IsoMinute => (format!("{place}, {iso_min}"), iso_min),
        Dateline::MonthDayTime => (format!("{place} — {month} {d}, {y} {h:02}:{mi:02}"), iso_min),
        Dateline::DayMonth => (format!("{place}, {d} {month} {y}"), format!("{y:04}-{m:02}-{d:02}")),
        Dateline::Slashed => {
            let (h12, ampm) = match h {
                0 => (12, "am"),
                1..=11 => (h, "am"),
                12 => (12, "pm"),
                _ => (h - 12, "pm"),
            };
            (format!("{place} | {m:02}/{d:02}/{y} {h12}:{mi:02} {ampm}"), iso_min)
        }
    }
}

fn make_outlets(n: usize, rng: &mut ChaCha8Rng) -> Vec<Outlet> {
    let mut names: Vec<String> = OUTLET_A
        .iter()
        .flat_map(|a| OUTLET_B.iter().map(move |b| format!("{a} {b}")))
        .collect();
    names.shuffle(rng);
    (0..n)
        .map(|i| {
            let name = if i < names.len() {
                names[i].clone()
            } else {
                format!("{} {}", names[i % names.len()], i / names.len() + 1)
            };
            let marks = *[
                Marks::Curly,
                Marks::Curly,
                Marks::Straight,
                Marks::Guillemets,
                Marks::German,
            ]
            .choose(rng)
            .expect("marks");
            let dateline = *[
                Dateline::IsoMinute,
                Dateline::MonthDayTime,
                Dateline::DayMonth,
                Dateline::Slashed,
            ]
            .choose(rng)
            .expect("datelines");
            let k = rng.random_range(1..=2);
            let mut boilerplate: Vec<String> = BOILERPLATE.sample(rng, k).map(|s| s.to_string()).collect();
            boilerplate.push(format!("© 2024 {name}. All rights reserved."));
            Outlet {
                name,
                marks,
                dateline,
                boilerplate,
                respells: rng.random_bool(0.3),
                nbsp: rng.random_bool(0.25),
            }
        })
        .collect()
}

/// Simulates a corpus from the pool. Panics only if the pool has no quotes
/// or no fillers (the caller checks).
pub fn simulate(pool: &Pool, cfg: &Config) -> Simulated {
    assert!(!pool.quotes.is_empty() && !pool.fillers.is_empty(), "an empty pool");
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let outlets = make_outlets(cfg.outlets.max(1), &mut rng);
    // Larger and smaller outlets: weight 1/sqrt(rank).
    let weights: Vec<f64> = (0..outlets.len()).map(|i| 1.0 / ((i + 1) as f64).sqrt()).collect();
    let wsum: f64 = weights.iter().sum();
    let mut order: Vec<usize> = (0..pool.quotes.len()).collect();
    order.shuffle(&mut rng);
    let mut next_quote = 0usize;
    // Article ids in a random order, so that ids say nothing of time.
    let mut ids: Vec<usize> = (0..cfg.articles).collect();
    ids.shuffle(&mut rng);
    let width = cfg.articles.max(1).to_string().len().max(5);

    let mut families: Vec<Family> = Vec::new();
    let mut occs: Vec<Occ> = Vec::new();
    let mut art_occs: Vec<Vec<usize>> = Vec::new();
    let mut art_outlet: Vec<usize> = Vec::new();
    let mut by_outlet: Vec<Vec<usize>> = vec![Vec::new(); outlets.len()];
    // Wire lines still to be picked up: (family, remaining pickups).
    let mut wire_open: Vec<(usize, usize)> = Vec::new();
    let mut articles = Vec::with_capacity(cfg.articles);
    let mut truth_articles = Vec::with_capacity(cfg.articles);
    let mut t = EPOCH;

    for (ai, &serial) in ids.iter().enumerate() {
        t += 60 * rng.random_range(1..=15i64);
        let roll = rng.random::<f64>() * wsum;
        let mut acc = 0.0;
        let mut oi = outlets.len() - 1;
        for (i, w) in weights.iter().enumerate() {
            acc += w;
            if roll < acc {
                oi = i;
                break;
            }
        }
        let outlet = &outlets[oi];
        let dated = !rng.random_bool(cfg.undated);
        let id = format!("a{serial:0width$}");
        let place = *PLACES.choose(&mut rng).expect("places");
        let (line, published) = dateline(outlet.dateline, t, place);
        let (line, published) = if dated {
            (line, Some(published))
        } else {
            (place.to_string(), None)
        };

        // The quotes of this article.
        let slots = rng.random_range(2..=4usize);
        let mut lines: Vec<Slot> = Vec::new();
        let mut fams_here: HashSet<usize> = HashSet::new();
        for _ in 0..slots {
            let r: f64 = rng.random();
            if r < cfg.copy && !occs.is_empty() {
                // The source: a recent article of the same outlet, or any
                // recent article; one of its quotes not yet in this one.
                let same = rng.random_bool(0.25) && !by_outlet[oi].is_empty();
                let mut chosen = None;
                for _ in 0..4 {
                    let sa = if same {
                        let v = &by_outlet[oi];
                        v[rng.random_range(v.len().saturating_sub(50)..v.len())]
                    } else {
                        rng.random_range(ai.saturating_sub(300)..ai)
                    };
                    if let Some(&so) = art_occs[sa].choose(&mut rng) {
                        if !fams_here.contains(&occs[so].line.family) && !families[occs[so].line.family].wire {
                            chosen = Some(so);
                            break;
                        }
                    }
                }
                if let Some(so) = chosen {
                    let src = &occs[so];
                    let mut l = src.line.clone();
                    let r2: f64 = rng.random();
                    let (op, edits, changes) = if r2 < 0.2 && l.words.len() >= 12 {
                        let len = rng.random_range(6..=(l.words.len() * 55 / 100).max(6));
                        let start = rng.random_range(0..=l.words.len() - len);
                        l.words = l.words[start..start + len].to_vec();
                        if let Some(w) = l.words.last_mut() {
                            *w = w.trim_end_matches([',', ';', ':', '.']).to_string();
                        }
                        l.fragment = true;
                        ("fragment", 0, vec!["fragment".to_string()])
                    } else if r2 < 0.6 && cfg.max_edits > 0 {
                        let budget = rng.random_range(1..=cfg.max_edits);
                        let mut done = 0;
                        let mut changes = Vec::new();
                        while done < budget {
                            let (c, k) = edit(&mut l.words, budget - done, &pool.vocab, &mut rng);
                            done += k;
                            changes.push(c.to_string());
                        }
                        ("drift", done, changes)
                    } else {
                        ("verbatim", 0, Vec::new())
                    };
                    l.drift += edits;
                    let cites = (outlets[art_outlet[src.article]].name != outlet.name && rng.random_bool(cfg.cite))
                        .then(|| outlets[art_outlet[src.article]].name.clone());
                    fams_here.insert(l.family);
                    lines.push(Slot {
                        line: l,
                        op,
                        source: Some(so),
                        edits,
                        changes,
                        cites,
                    });
                    continue;
                }
            }
            if r >= cfg.copy && r < cfg.copy + cfg.wire {
                // A line from the wire: an open one, or a new one.
                let open: Vec<usize> = (0..wire_open.len())
                    .filter(|&i| !fams_here.contains(&wire_open[i].0))
                    .collect();
                let w = if let (true, Some(&i)) = (rng.random_bool(0.6), open.choose(&mut rng)) {
                    wire_open[i].1 -= 1;
                    let f = wire_open[i].0;
                    if wire_open[i].1 == 0 {
                        wire_open.remove(i);
                    }
                    f
                } else {
                    let q = fresh(pool, &order, &mut next_quote);
                    families.push(Family {
                        original: q.words.join(" "),
                        speaker: q.speaker.clone(),
                        wire: true,
                        occurrences: Vec::new(),
                    });
                    wire_open.push((families.len() - 1, rng.random_range(1..=3)));
                    families.len() - 1
                };
                let mut l = Line {
                    words: families[w].original.split(' ').map(str::to_string).collect(),
                    family: w,
                    speaker: families[w].speaker.clone(),
                    drift: 0,
                    fragment: false,
                };
                let (edits, changes) = if rng.random_bool(0.4) && cfg.max_edits > 0 {
                    let (c, k) = edit(&mut l.words, 1, &pool.vocab, &mut rng);
                    (k, vec![c.to_string()])
                } else {
                    (0, Vec::new())
                };
                l.drift = edits;
                let cites = rng.random_bool(0.5).then(|| WIRE_AGENCY.to_string());
                fams_here.insert(w);
                lines.push(Slot {
                    line: l,
                    op: "wire",
                    source: None,
                    edits,
                    changes,
                    cites,
                });
                continue;
            }
            let q = fresh(pool, &order, &mut next_quote);
            families.push(Family {
                original: q.words.join(" "),
                speaker: q.speaker.clone(),
                wire: false,
                occurrences: Vec::new(),
            });
            let f = families.len() - 1;
            fams_here.insert(f);
            lines.push(Slot {
                line: Line {
                    words: q.words,
                    family: f,
                    speaker: q.speaker,
                    drift: 0,
                    fragment: false,
                },
                op: "original",
                source: None,
                edits: 0,
                changes: Vec::new(),
                cites: None,
            });
        }

        // Write the article.
        let title = pool.titles.choose(&mut rng).cloned().unwrap_or_else(|| "News".into());
        let mut text = String::new();
        text.push_str(&title);
        text.push_str("\n\n");
        text.push_str(&line);
        text.push_str("\n\n");
        let filler = |rng: &mut ChaCha8Rng| pool.fillers.choose(rng).expect("fillers").clone();
        let lead = filler(&mut rng);
        text.push_str(&lead);
        text.push_str("\n\n");
        let (open, close) = outlet.marks.pair();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut written: Vec<(Slot, String)> = Vec::new();
        for slot in lines {
            let (l, op, cites) = (&slot.line, slot.op, slot.cites.clone());
            if rng.random_bool(0.5) {
                text.push_str(&filler(&mut rng));
                text.push(' ');
            }
            // The speaker as this outlet words it.
            let r: f64 = rng.random();
            let speaker = if op != "original" && r < 0.12 {
                (*ROLES.choose(&mut rng).expect("roles")).to_string()
            } else if outlet.respells && r < 0.5 {
                respell(&l.speaker)
            } else {
                l.speaker.clone()
            };
            // Typography: re-punctuation and no-break spaces.
            let mut words = l.words.clone();
            if op != "original" && rng.random_bool(0.2) {
                for w in words.iter_mut() {
                    if w.ends_with(',') && w.len() > 1 {
                        w.pop();
                        w.push_str(" —");
                    } else if w.ends_with(';') {
                        w.pop();
                        w.push(',');
                    }
                }
            }
            let mut body = String::new();
            for (i, w) in words.iter().enumerate() {
                if i > 0 {
                    body.push(if outlet.nbsp && rng.random_bool(0.15) {
                        '\u{a0}'
                    } else {
                        ' '
                    });
                }
                body.push_str(w);
            }
            let body = body.trim_end_matches([',', ';', ':', '.', ' ', '—']).to_string();
            let cite_tail = cites
                .as_deref()
                .map(|c| format!(", as cited in {c}"))
                .unwrap_or_default();
            let frame = if cites.is_some() {
                rng.random_range(0..2u8)
            } else {
                rng.random_range(0..4u8)
            };
            let start;
            match frame {
                0 => {
                    text.push_str(open);
                    start = text.len();
                    text.push_str(&body);
                    let end = text.len();
                    spans.push((start, end));
                    text.push_str(&format!(",{close} {} said{cite_tail}.", capitalise(&speaker)));
                }
                1 => {
                    text.push_str(open);
                    start = text.len();
                    text.push_str(&body);
                    let end = text.len();
                    spans.push((start, end));
                    text.push_str(&format!(",{close} said {speaker}{cite_tail}."));
                }
                2 => {
                    text.push_str(&format!("{} said: {open}", capitalise(&speaker)));
                    start = text.len();
                    text.push_str(&body);
                    let end = text.len();
                    spans.push((start, end));
                    text.push_str(&format!(".{close}"));
                }
                _ => {
                    text.push_str(&format!("According to {speaker}, {open}"));
                    start = text.len();
                    text.push_str(&body);
                    let end = text.len();
                    spans.push((start, end));
                    text.push_str(&format!(".{close}"));
                }
            }
            written.push((slot.clone(), speaker));
            if rng.random_bool(0.3) {
                text.push(' ');
                text.push_str(&filler(&mut rng));
            }
            text.push_str("\n\n");
        }
        text.push_str(&filler(&mut rng));
        text.push_str("\n\n");
        text.push_str(&outlet.boilerplate.join("\n"));
        text.push('\n');

        let mut these = Vec::new();
        for (k, ((slot, speaker), span)) in written.into_iter().zip(spans).enumerate() {
            let o = occs.len();
            families[slot.line.family].occurrences.push(o);
            these.push(o);
            occs.push(Occ {
                article: ai,
                line: slot.line,
                op: slot.op,
                source: slot.source,
                edits: slot.edits,
                changes: slot.changes,
                speaker_written: speaker,
                cites: slot.cites,
                span,
                k,
            });
        }
        art_occs.push(these);
        art_outlet.push(oi);
        by_outlet[oi].push(ai);
        truth_articles.push(TruthArticle {
            id: id.clone(),
            outlet: outlet.name.clone(),
            published: published.clone(),
            time: dateline(Dateline::IsoMinute, t, "").1,
        });
        articles.push(SimArticle {
            id,
            outlet: outlet.name.clone(),
            published,
            title,
            text,
        });
    }

    let occ_id = |o: usize| format!("{}#{}", articles[occs[o].article].id, occs[o].k);
    let fam_id = |f: usize| format!("T{}", f + 1);
    let occurrences: Vec<TruthOccurrence> = occs
        .iter()
        .enumerate()
        .map(|(o, oc)| TruthOccurrence {
            id: occ_id(o),
            article: articles[oc.article].id.clone(),
            start: oc.span.0,
            end: oc.span.1,
            text: articles[oc.article].text[oc.span.0..oc.span.1].to_string(),
            family: fam_id(oc.line.family),
            op: oc.op.to_string(),
            source: oc.source.map(occ_id),
            edits: oc.edits,
            drift: oc.line.drift,
            fragment: oc.line.fragment,
            changes: oc.changes.clone(),
            speaker: oc.speaker_written.clone(),
            cites: oc.cites.clone(),
        })
        .collect();
    let truth_families: Vec<TruthFamily> = families
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.occurrences.is_empty())
        .map(|(i, f)| TruthFamily {
            id: fam_id(i),
            original: f.original.clone(),
            speaker: f.speaker.clone(),
            wire: f.wire,
            occurrences: f.occurrences.iter().map(|&o| occ_id(o)).collect(),
            first_appearance: occ_id(f.occurrences[0]),
            first_dated: f
                .occurrences
                .iter()
                .find(|&&o| articles[occs[o].article].published.is_some())
                .map(|&o| occ_id(o)),
        })
        .collect();
    // Articles in id order, as a tool would list them.
    let mut order: BTreeMap<String, usize> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        order.insert(a.id.clone(), i);
    }
    let mut sorted = Vec::with_capacity(articles.len());
    let mut sorted_truth = Vec::with_capacity(articles.len());
    for &i in order.values() {
        sorted.push(articles[i].clone());
        sorted_truth.push(truth_articles[i].clone());
    }
    Simulated {
        articles: sorted,
        truth: Truth {
            format: TRUTH_FORMAT.to_string(),
            config: cfg.clone(),
            outlets,
            articles: sorted_truth,
            families: truth_families,
            occurrences,
        },
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{analyse, Language};
    use crate::grammar::Grammar;

    fn sources() -> Vec<Article> {
        let texts = [
            "Prices rose again in the spring across the whole region.\n\n\"We will not raise taxes on working families this year,\" Jane Doe said.\n\nThe council met on the third floor of the old town hall building.",
            "The club has won four of its last five games at home this season.\n\n\"The team played with great spirit and deserved the win today,\" John Smith said.\n\nFans gathered outside the ground long before the match started.",
            "Ministers are expected to publish the report later this month in full.\n\nMary Jones said: \"Nobody expected the figures to be quite so bad for the industry.\"\n\nThe industry employs thousands of people in the northern towns.",
        ];
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Article {
                id: format!("s{i}"),
                text: t.to_string(),
                title: Some(format!("Story number {i}")),
                body_only: true,
                ..Article::default()
            })
            .collect()
    }

    fn small_pool() -> Pool {
        let src = sources();
        let lang = Language::builtin("en").unwrap();
        let an: Vec<Analysed> = src.iter().map(|a| analyse(a, None, &lang)).collect();
        pool(&src, &an)
    }

    #[test]
    fn the_pool_takes_named_statements_and_plain_sentences() {
        let p = small_pool();
        assert_eq!(p.quotes.len(), 3, "{:?}", p.quotes);
        assert_eq!(p.quotes[0].speaker, "Jane Doe");
        assert_eq!(p.quotes[0].words.first().map(String::as_str), Some("We"));
        assert!(p.fillers.iter().all(|f| !has_marks(f)));
        assert!(p.fillers.len() >= 6);
    }

    #[test]
    fn the_same_seed_gives_the_same_corpus_and_another_seed_another() {
        let p = small_pool();
        let cfg = Config {
            articles: 40,
            outlets: 5,
            ..Config::default()
        };
        let a = simulate(&p, &cfg);
        let b = simulate(&p, &cfg);
        assert_eq!(a.articles, b.articles);
        assert_eq!(a.truth, b.truth);
        let c = simulate(&p, &Config { seed: 2, ..cfg });
        assert_ne!(a.articles, c.articles);
    }

    #[test]
    fn truth_spans_hold_the_quoted_words_and_sources_are_earlier() {
        let p = small_pool();
        let sim = simulate(
            &p,
            &Config {
                articles: 60,
                outlets: 4,
                ..Config::default()
            },
        );
        let text: std::collections::HashMap<&str, &str> =
            sim.articles.iter().map(|a| (a.id.as_str(), a.text.as_str())).collect();
        let time: std::collections::HashMap<&str, &str> = sim
            .truth
            .articles
            .iter()
            .map(|a| (a.id.as_str(), a.time.as_str()))
            .collect();
        let by_id: std::collections::HashMap<&str, &TruthOccurrence> =
            sim.truth.occurrences.iter().map(|o| (o.id.as_str(), o)).collect();
        assert!(sim.truth.occurrences.iter().any(|o| o.source.is_some()));
        for o in &sim.truth.occurrences {
            assert_eq!(&text[o.article.as_str()][o.start..o.end], o.text);
            if let Some(s) = &o.source {
                let s = by_id[s.as_str()];
                assert_eq!(s.family, o.family);
                assert!(time[s.article.as_str()] < time[o.article.as_str()]);
            }
        }
        // Undated articles say no date anywhere a tool would read one.
        let g = Grammar::builtin("en").unwrap();
        for (a, t) in sim.articles.iter().zip(&sim.truth.articles) {
            assert_eq!(crate::meta::infer(&a.text, &g).published, t.published, "{}", a.text);
        }
    }

    #[test]
    fn every_dateline_reads_back_as_its_publication_time() {
        let t = EPOCH + 5 * 86_400 + 13 * 3600 + 7 * 60;
        for style in [
            Dateline::IsoMinute,
            Dateline::MonthDayTime,
            Dateline::DayMonth,
            Dateline::Slashed,
        ] {
            let (line, iso) = dateline(style, t, "LONDON");
            assert_eq!(crate::meta::parse_date(&line).as_deref(), Some(iso.as_str()), "{line}");
        }
        assert_eq!(dateline(Dateline::IsoMinute, t, "X").1, "2024-03-06T13:07");
    }

    #[test]
    fn respellings_are_transliterations_the_name_matcher_accepts() {
        assert_eq!(respell("Leonid Slutsky"), "Leonid Sluzki");
        assert_eq!(respell("Gordon Brown"), "Gordon Brovn");
        for name in ["Leonid Slutsky", "Gordon Brown", "Tony Blair", "Jane Doe"] {
            let r = respell(name);
            assert_ne!(r, name);
            assert!(crate::provenance::names::same_speaker(name, &r), "{name} / {r}");
        }
    }

    #[test]
    fn edits_change_the_words_and_say_how() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let vocab = vec!["harbour".to_string(), "license".to_string()];
        let base: Vec<String> = "The 12 ships will leave the port before the end of May, officials said"
            .split(' ')
            .map(str::to_string)
            .collect();
        let mut seen = HashSet::new();
        for _ in 0..200 {
            let mut w = base.clone();
            let (kind, n) = edit(&mut w, 3, &vocab, &mut rng);
            assert!(n >= 1);
            assert_ne!(w, base, "{kind}");
            seen.insert(kind);
        }
        for k in ["number", "negation", "truncation", "deletion", "substitution"] {
            assert!(seen.contains(k), "{k} never happened: {seen:?}");
        }
    }
}
