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

/// The version tag written into every truth file. Version 2 added the
/// reuse patterns of issue 13: new ops (`variant`, `partial`, `window`,
/// `piece`), family `pattern`s, and `misattributed` occurrences.
pub const TRUTH_FORMAT: &str = "quotegraph-sim-truth/2";

/// The truth formats `eval-provenance` reads: a version 1 file reads as
/// one with no patterns and no misattributions, which is what it was.
pub const TRUTH_FORMATS_READ: [&str; 2] = ["quotegraph-sim-truth/1", TRUTH_FORMAT];

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
    // The reuse patterns of issue 13. Each defaults to 0 when read from a
    // truth file written before them, which is what such a corpus had.
    /// Share of new lines written as an interrupted quote (`“A,” X said.
    /// “B.”`) when they split into two parts of five words or more; each
    /// part is a line of its own, copied apart.
    #[serde(default)]
    pub interrupted: f64,
    /// Share of quote slots that quote a window of an unseen spoken
    /// passage (overlapping other windows, neither holding the other).
    #[serde(default)]
    pub windows: f64,
    /// Share of quote slots that quote sentences 1–2, 2–3 or 3 of an
    /// unseen three-sentence statement.
    #[serde(default)]
    pub piecemeal: f64,
    /// Share of common phrases ("we will see what happens") said by
    /// someone independently: each use is a family of its own.
    #[serde(default)]
    pub common: f64,
    /// Share of copies written with hyphen, dash, elision or bracket
    /// variants.
    #[serde(default)]
    pub variants: f64,
    /// Share of copies that quote two to five words of the line as a
    /// partial inside the writer's sentence.
    #[serde(default)]
    pub partials: f64,
    /// Share of copies of eight words or more of a person's line that
    /// credit it to another person.
    #[serde(default)]
    pub misattributed: f64,
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
            interrupted: 0.15,
            windows: 0.03,
            piecemeal: 0.03,
            common: 0.03,
            variants: 0.15,
            partials: 0.1,
            misattributed: 0.05,
        }
    }
}

impl Config {
    /// The configuration with every issue-13 pattern off: the corpus the
    /// simulator drew before them, byte for byte.
    pub fn without_patterns(self) -> Self {
        Config {
            interrupted: 0.0,
            windows: 0.0,
            piecemeal: 0.0,
            common: 0.0,
            variants: 0.0,
            partials: 0.0,
            misattributed: 0.0,
            ..self
        }
    }

    /// Sets one pattern's share from `NAME=SHARE`.
    pub fn set_pattern(&mut self, spec: &str) -> Result<(), String> {
        let (name, value) = spec
            .split_once('=')
            .ok_or_else(|| format!("--pattern takes NAME=SHARE, not `{spec}`"))?;
        let share: f64 = value
            .trim()
            .parse()
            .ok()
            .filter(|v| (0.0..=1.0).contains(v))
            .ok_or_else(|| format!("--pattern {name}: the share must be between 0 and 1, not `{value}`"))?;
        let slot = match name.trim() {
            "interrupted" => &mut self.interrupted,
            "windows" => &mut self.windows,
            "piecemeal" => &mut self.piecemeal,
            "common" => &mut self.common,
            "variants" => &mut self.variants,
            "partials" => &mut self.partials,
            "misattributed" => &mut self.misattributed,
            other => {
                return Err(format!(
                    "--pattern: no pattern `{other}` (interrupted, windows, piecemeal, common, variants, partials, \
                     misattributed)"
                ))
            }
        };
        *slot = share;
        // Slots are shared out on one roll: copies, wire, windows, pieces
        // and common phrases must leave room for new lines.
        let slots = self.copy + self.wire + self.windows + self.piecemeal + self.common;
        if slots > 1.0 {
            return Err(format!(
                "--pattern {name}: copies, wire, windows, piecemeal and common take {slots:.2} of the slots, over 1"
            ));
        }
        Ok(())
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
    /// The line came from an unseen source (a wire, a spoken passage, a
    /// written statement): its occurrences copy no one.
    pub wire: bool,
    /// The issue-13 pattern the family was drawn with: `interrupted` (one
    /// part of a quote its first article interrupts with the attribution),
    /// `window` (windows of an unseen passage), `piecemeal` (sentences of
    /// an unseen statement) or `common` (one independent use of a common
    /// phrase); none for a plain line. Windows and pieces of one passage
    /// or statement are one family, as the PolNeAR gold puts a differently
    /// cut piece of a statement with the line; the two parts of an
    /// interrupted quote are two, as the seeds' gold keeps them (F1, F2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
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
    /// `original`, `wire`, `verbatim`, `fragment`, `drift`, `variant`
    /// (typographic variants: hyphens, dashes, elisions, an editor's
    /// bracket), `partial` (two to five words quoted inside the writer's
    /// sentence), `window` (a window of an unseen passage) or `piece`
    /// (sentences of an unseen statement).
    pub op: String,
    /// The occurrence it copied; none for an original, a wire copy, a
    /// window or a piece.
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
    /// The copy chain credits the line to another person than the one
    /// who said it: planted by this copy (`changes` says
    /// `misattribution`) or taken over from its source. The article may
    /// still word that person as a description.
    #[serde(default)]
    pub misattributed: bool,
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

/// Everyday phrases many people say independently (invented for the
/// simulator, not taken from any source): two uses are no copy.
pub const COMMON_PHRASES: &[&str] = &[
    "We will see what happens",
    "a step in the right direction",
    "It is what it is",
    "Nothing is off the table",
    "We are looking at all the options",
    "a very difficult decision",
    "Time will tell",
    "We have to move on",
    "We are not there yet",
    "The door remains open",
    "It was a team effort",
    "We need to get on with it",
    "a wake-up call",
    "the right thing to do",
    "I am very proud of everyone involved",
    "There is still a lot of work to do",
    "a good day for everyone",
    "We will not be taking any questions",
];

/// Full and elided forms an editor swaps.
const ELISIONS: &[(&str, &str)] = &[
    ("do not", "don't"),
    ("does not", "doesn't"),
    ("did not", "didn't"),
    ("is not", "isn't"),
    ("are not", "aren't"),
    ("was not", "wasn't"),
    ("were not", "weren't"),
    ("will not", "won't"),
    ("would not", "wouldn't"),
    ("could not", "couldn't"),
    ("should not", "shouldn't"),
    ("have not", "haven't"),
    ("has not", "hasn't"),
    ("cannot", "can't"),
    ("it is", "it's"),
    ("that is", "that's"),
    ("there is", "there's"),
    ("i am", "i'm"),
    ("we are", "we're"),
    ("they are", "they're"),
    ("you are", "you're"),
    ("we will", "we'll"),
    ("i will", "i'll"),
    ("we have", "we've"),
    ("i have", "i've"),
];

/// Bodies an editor names in brackets for "they" or "them".
const BODIES: &[&str] = &[
    "the government",
    "the council",
    "the players",
    "the company",
    "the party",
];

/// Dashes as outlets set them between words.
const DASHES: &[&str] = &["—", "-", "--", "–"];

/// Words a partial quote neither starts nor ends on: "the plan was “a
/// step too far”" is quoted, "“plan was a”" is not.
const WEAK: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "that", "this",
    "it", "is", "was", "be", "been", "are", "we", "i", "he", "she", "they", "you", "as", "if", "so", "not", "our",
    "their", "his", "her", "its", "my", "will", "would", "have", "has", "had", "there", "which", "who",
];

/// Matches `ours` against a lowercase form, keeping the case of its first
/// letter in `to`.
fn with_case_of(ours: &str, to: &str) -> String {
    if ours.starts_with(|c: char| c.is_uppercase()) || to == "i" || to.starts_with("i'") || to.starts_with("i ") {
        capitalise(to)
    } else {
        to.to_string()
    }
}

/// Swaps a full form for its elision or back ("do not" / "don't"), once.
fn elide(words: &mut Vec<String>, rng: &mut ChaCha8Rng) -> bool {
    let mut found: Vec<(usize, usize, &str)> = Vec::new();
    for i in 0..words.len() {
        let (lead, core, _) = split_token(&words[i]);
        let one = core.to_lowercase();
        for &(full, short) in ELISIONS {
            let parts: Vec<&str> = full.split(' ').collect();
            if one == short && lead.is_empty() {
                found.push((i, 1, full));
            } else if parts.len() == 1 && one == full && lead.is_empty() {
                found.push((i, 1, short));
            } else if parts.len() == 2 && one == parts[0] && lead.is_empty() {
                let next = words.get(i + 1).map(|w| split_token(w));
                if split_token(&words[i]).2.is_empty()
                    && next.is_some_and(|(l, c, _)| l.is_empty() && c.to_lowercase() == parts[1])
                {
                    found.push((i, 2, short));
                }
            }
        }
    }
    let Some(&(i, n, to)) = found.choose(rng) else {
        return false;
    };
    let tail = split_token(&words[i + n - 1]).2.to_string();
    let new = format!("{}{tail}", with_case_of(&words[i], to));
    let new: Vec<String> = new.split(' ').map(str::to_string).collect();
    words.splice(i..i + n, new);
    true
}

/// Splits a hyphenated word ("locker-room" → "locker room") or, if none,
/// joins two plain words with a hyphen ("long term" → "long-term").
fn hyphenate(words: &mut Vec<String>, rng: &mut ChaCha8Rng) -> bool {
    let hyphened: Vec<usize> = (0..words.len())
        .filter(|&i| {
            let core = split_token(&words[i]).1;
            core.split('-').count() == 2
                && core
                    .split('-')
                    .all(|p| p.chars().all(char::is_alphabetic) && !p.is_empty())
        })
        .collect();
    if let Some(&i) = hyphened.choose(rng) {
        let w = words[i].clone();
        let (lead, core, tail) = split_token(&w);
        let (a, b) = core.split_once('-').expect("checked above");
        words.splice(i..=i, [format!("{lead}{a}"), format!("{b}{tail}")]);
        return true;
    }
    let plain = |w: &str| w.len() >= 3 && w.chars().all(|c| c.is_ascii_lowercase()) && !WEAK.contains(&w);
    let pairs: Vec<usize> = (0..words.len().saturating_sub(1))
        .filter(|&i| plain(&words[i]) && plain(split_token(&words[i + 1]).1) && split_token(&words[i + 1]).0.is_empty())
        .collect();
    let Some(&i) = pairs.choose(rng) else {
        return false;
    };
    let joined = format!("{}-{}", words[i], words[i + 1]);
    words.splice(i..=i + 1, [joined]);
    true
}

/// Sets a dash another way (" — ", " - ", " -- ", "–"), or sets one where
/// a comma was.
fn dash(words: &mut Vec<String>, rng: &mut ChaCha8Rng) -> bool {
    let dashes: Vec<usize> = (0..words.len())
        .filter(|&i| DASHES.contains(&words[i].as_str()))
        .collect();
    if let Some(&i) = dashes.choose(rng) {
        let others: Vec<&&str> = DASHES.iter().filter(|d| **d != words[i]).collect();
        words[i] = (**others.choose(rng).expect("several dashes")).to_string();
        return true;
    }
    let commas: Vec<usize> = (0..words.len().saturating_sub(1))
        .filter(|&i| words[i].ends_with(',') && words[i].len() > 1)
        .collect();
    let Some(&i) = commas.choose(rng) else {
        return false;
    };
    words[i].pop();
    let d = *DASHES.choose(rng).expect("dashes");
    if d == "--" && rng.random_bool(0.5) {
        // Typed without spaces, as in plain-text copy: "now--and".
        let next = words.remove(i + 1);
        words[i] = format!("{}--{next}", words[i]);
    } else {
        words.insert(i + 1, d.to_string());
    }
    true
}

/// An editor's bracket naming whom a pronoun means: "he [Tony Blair]".
fn bracket(words: &mut Vec<String>, persons: &[String], rng: &mut ChaCha8Rng) -> bool {
    let pronouns: Vec<usize> = (0..words.len())
        .filter(|&i| {
            let (lead, core, tail) = split_token(&words[i]);
            lead.is_empty()
                && tail.is_empty()
                // Not "her": it may be a possessive ("her [Jo Roe] knee").
                && matches!(core.to_lowercase().as_str(), "he" | "she" | "him" | "they" | "them")
        })
        .collect();
    let Some(&i) = pronouns.choose(rng) else {
        return false;
    };
    let name = if matches!(words[i].to_lowercase().as_str(), "they" | "them") {
        (*BODIES.choose(rng).expect("bodies")).to_string()
    } else {
        match persons.choose(rng) {
            Some(p) => p.clone(),
            None => return false,
        }
    };
    words.insert(i + 1, format!("[{name}]"));
    true
}

/// Typographic variants of a copy (issue 13): one, or now and then two,
/// of the kinds that apply, in a random order. Returns what was done;
/// empty when none applies.
fn variant(words: &mut Vec<String>, persons: &[String], rng: &mut ChaCha8Rng) -> Vec<String> {
    let mut kinds = ["hyphen", "dash", "elision", "bracket"];
    kinds.shuffle(rng);
    let want = if rng.random_bool(0.3) { 2 } else { 1 };
    let mut done = Vec::new();
    for kind in kinds {
        if done.len() == want {
            break;
        }
        let applied = match kind {
            "hyphen" => hyphenate(words, rng),
            "dash" => dash(words, rng),
            "elision" => elide(words, rng),
            _ => bracket(words, persons, rng),
        };
        if applied {
            done.push(kind.to_string());
        }
    }
    done
}

/// Two to five words of a line, as a writer quotes them inside a sentence
/// of their own: no sentence break inside, not starting or ending on a
/// small word, the first word lowercased unless it is a name or "I".
fn partial_cut(words: &[String], rng: &mut ChaCha8Rng) -> Option<Vec<String>> {
    let n = words.len();
    let core = |w: &String| split_token(w).1.to_lowercase();
    let fits = |s: usize, k: usize| {
        let cut = &words[s..s + k];
        let clean_inside = cut[..k - 1]
            .iter()
            .all(|w| split_token(w).2.is_empty() && split_token(w).0.is_empty())
            && split_token(&cut[k - 1]).0.is_empty();
        let plain = cut
            .iter()
            .all(|w| !w.contains(['[', ']', '(', ')']) && split_token(w).1.chars().any(char::is_alphabetic));
        let (first, last) = (core(&cut[0]), core(&cut[k - 1]));
        clean_inside
            && plain
            && !WEAK.contains(&first.as_str())
            && !WEAK.contains(&last.as_str())
            && cut.iter().any(|w| split_token(w).1.len() >= 4)
    };
    // Never the whole line: then it would be the line, not a fragment.
    let cuts: Vec<(usize, usize)> = (2..=5usize.min(n.saturating_sub(1)))
        .flat_map(|k| (0..=n - k).map(move |s| (s, k)))
        .filter(|&(s, k)| fits(s, k))
        .collect();
    let &(s, k) = cuts.choose(rng)?;
    let mut out: Vec<String> = words[s..s + k].to_vec();
    if s == 0 && out[0] != "I" {
        out[0] = out[0].to_lowercase();
    }
    let last = out.last_mut().expect("two words or more");
    *last = split_token(last).1.to_string();
    Some(out)
}

/// Lines said one after another, as the words of one passage: each
/// opening with a capital and closing a sentence.
fn passage(parts: &[PoolQuote]) -> (Vec<String>, Vec<usize>) {
    let mut words: Vec<String> = Vec::new();
    let mut ends = Vec::new();
    for p in parts {
        let start = words.len();
        words.extend(p.words.iter().cloned());
        if let Some(w) = words.get_mut(start) {
            *w = capitalise(w);
        }
        if let Some(w) = words.last_mut() {
            if !w.ends_with(['.', '?', '!']) {
                w.push('.');
            }
        }
        ends.push(words.len());
    }
    (words, ends)
}

/// A spoken passage of two lines and up to three windows over it, all of
/// one length: none holds another, and any two share a run of about eight
/// words or more (exactly so from 12 words up).
fn passage_windows(parts: &[PoolQuote], rng: &mut ChaCha8Rng) -> (Vec<String>, Vec<(usize, usize)>) {
    let (words, _) = passage(parts);
    let n = words.len();
    let len = ((n + 9) / 2 + rng.random_range(0..=2usize))
        .min(n.saturating_sub(2))
        .max(1);
    let last = n - len;
    let mut starts = vec![0, last / 2, last];
    starts.dedup();
    (words, starts.into_iter().map(|s| (s, s + len)).collect())
}

/// A statement of three sentences, and the pieces outlets quote of it:
/// sentences 1–2, 2–3, and 3 alone.
fn statement_pieces(parts: &[PoolQuote]) -> (Vec<String>, Vec<(usize, usize)>) {
    let (words, ends) = passage(parts);
    let n = words.len();
    (words, vec![(0, ends[1]), (ends[0], n), (ends[1], n)])
}

/// Where a line splits into the two parts of an interrupted quote: after
/// a sentence if one ends inside it, else after a comma; the break nearest
/// the middle, with five words or more on each side.
fn split_point(words: &[String]) -> Option<usize> {
    let n = words.len();
    let ok = |k: usize| k >= 5 && n - k >= 5;
    let near = |ks: Vec<usize>| ks.into_iter().min_by_key(|&k| (2 * k).abs_diff(n));
    let sentence: Vec<usize> = (1..n)
        .filter(|&k| {
            ok(k)
                && words[k - 1].ends_with(['.', '?', '!'])
                && words[k].starts_with(|c: char| c.is_uppercase())
                && split_token(&words[k - 1]).1.len() > 1
        })
        .collect();
    near(sentence).or_else(|| near((1..n).filter(|&k| ok(k) && words[k - 1].ends_with(',')).collect()))
}

/// A line as one occurrence carries it, before typography.
#[derive(Debug, Clone)]
struct Line {
    words: Vec<String>,
    family: usize,
    speaker: String,
    drift: usize,
    fragment: bool,
    /// Later articles may copy it: not a partial, nor a common phrase
    /// (whose every use is its own).
    copyable: bool,
}

struct Family {
    original: String,
    speaker: String,
    wire: bool,
    pattern: Option<&'static str>,
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
    /// The first part of an interrupted quote: the next slot is written
    /// with it, after the attribution.
    join_next: bool,
    /// Quoted as a partial inside the writer's sentence.
    partial: bool,
    /// The copy credits the line to another person: the article names
    /// that person, never a description.
    planted: bool,
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

/// A line's words as an outlet sets them: a copier re-punctuates now and
/// then (commas to dashes, semicolons to commas), and some outlets join
/// words with no-break spaces. The closing punctuation is left to the
/// frame.
fn typeset(words: &[String], copy: bool, nbsp: bool, rng: &mut ChaCha8Rng) -> String {
    let mut words = words.to_vec();
    if copy && rng.random_bool(0.2) {
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
            body.push(if nbsp && rng.random_bool(0.15) { '\u{a0}' } else { ' ' });
        }
        body.push_str(w);
    }
    body.trim_end_matches([',', ';', ':', '.', ' ', '—']).to_string()
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
    // Unseen passages and statements still to be quoted: (family, the
    // cuts, as word ranges of its original, not yet taken).
    let mut unseen_open: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
    // Persons of the pool, whom a misattribution or an editor's bracket
    // may name: a first name the name list knows, and a surname.
    let mut persons: Vec<String> = Vec::new();
    if cfg.misattributed > 0.0 || cfg.variants > 0.0 {
        let mut seen = HashSet::new();
        for q in &pool.quotes {
            if crate::provenance::names::is_person_name(&q.speaker) && seen.insert(q.speaker.as_str()) {
                persons.push(q.speaker.clone());
            }
        }
    }
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
                        let l = &occs[so].line;
                        if !fams_here.contains(&l.family) && !families[l.family].wire && l.copyable {
                            chosen = Some(so);
                            break;
                        }
                    }
                }
                if let Some(so) = chosen {
                    let src = &occs[so];
                    let mut l = src.line.clone();
                    // The issue-13 ops are drawn first and only when asked
                    // for, so that with them off the draws are as before.
                    let partial = (cfg.partials > 0.0 && rng.random_bool(cfg.partials))
                        .then(|| partial_cut(&l.words, &mut rng))
                        .flatten();
                    let variants = if partial.is_none() && cfg.variants > 0.0 && rng.random_bool(cfg.variants) {
                        variant(&mut l.words, &persons, &mut rng)
                    } else {
                        Vec::new()
                    };
                    let (op, edits, mut changes) = if let Some(cut) = partial {
                        l.words = cut;
                        l.fragment = true;
                        l.copyable = false;
                        ("partial", 0, vec!["partial".to_string()])
                    } else if !variants.is_empty() {
                        ("variant", 0, variants)
                    } else {
                        let r2: f64 = rng.random();
                        if r2 < 0.2 && l.words.len() >= 12 {
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
                        }
                    };
                    l.drift += edits;
                    // A real misattribution: a sentence of a person's line
                    // credited to another person, whom its copies follow.
                    // Only lines the flag could catch (a person's name, eight
                    // words or more) are planted, so recall measures the flag.
                    let said_by = &families[l.family].speaker;
                    let mut planted = false;
                    if cfg.misattributed > 0.0
                        && op != "partial"
                        && l.words.len() >= 8
                        && l.speaker == *said_by
                        && crate::provenance::names::is_person_name(said_by)
                        && rng.random_bool(cfg.misattributed)
                    {
                        let others: Vec<&String> = persons
                            .iter()
                            .filter(|p| !crate::provenance::names::same_speaker(p, said_by))
                            .collect();
                        if let Some(other) = others.choose(&mut rng) {
                            l.speaker = (*other).clone();
                            changes.push("misattribution".to_string());
                            planted = true;
                        }
                    }
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
                        join_next: false,
                        partial: op == "partial",
                        planted,
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
                        pattern: None,
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
                    copyable: true,
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
                    join_next: false,
                    partial: false,
                    planted: false,
                });
                continue;
            }
            // What is left of the roll past copies and the wire: windows,
            // pieces, common phrases, then new lines. A roll that wanted a
            // copy and found none is negative here and makes a new line.
            let rest = r - cfg.copy - cfg.wire;
            if rest >= 0.0 && rest < cfg.windows + cfg.piecemeal {
                let window = rest < cfg.windows;
                let kind = if window { "window" } else { "piecemeal" };
                let open: Vec<usize> = (0..unseen_open.len())
                    .filter(|&i| {
                        families[unseen_open[i].0].pattern == Some(kind) && !fams_here.contains(&unseen_open[i].0)
                    })
                    .collect();
                let (f, (from, to)) = if let (true, Some(&i)) = (rng.random_bool(0.6), open.choose(&mut rng)) {
                    let f = unseen_open[i].0;
                    let cut = unseen_open[i].1.pop().expect("open sources keep a cut");
                    if unseen_open[i].1.is_empty() {
                        unseen_open.remove(i);
                    }
                    (f, cut)
                } else {
                    let parts: Vec<PoolQuote> = (0..if window { 2 } else { 3 })
                        .map(|_| fresh(pool, &order, &mut next_quote))
                        .collect();
                    let (words, mut cuts) = if window {
                        passage_windows(&parts, &mut rng)
                    } else {
                        statement_pieces(&parts)
                    };
                    cuts.shuffle(&mut rng);
                    cuts.truncate(rng.random_range(2..=cuts.len().max(2)));
                    families.push(Family {
                        original: words.join(" "),
                        speaker: parts[0].speaker.clone(),
                        wire: true,
                        pattern: Some(kind),
                        occurrences: Vec::new(),
                    });
                    let f = families.len() - 1;
                    let first = cuts.pop().expect("two cuts or more");
                    unseen_open.push((f, cuts));
                    (f, first)
                };
                let all: Vec<String> = families[f].original.split(' ').map(str::to_string).collect();
                let mut words = all[from..to].to_vec();
                if let Some(w) = words.last_mut() {
                    *w = w.trim_end_matches([',', ';', ':', '.']).to_string();
                }
                fams_here.insert(f);
                lines.push(Slot {
                    line: Line {
                        words,
                        family: f,
                        speaker: families[f].speaker.clone(),
                        drift: 0,
                        // A cut of a longer line, as a fragment is.
                        fragment: true,
                        copyable: true,
                    },
                    op: if window { "window" } else { "piece" },
                    source: None,
                    edits: 0,
                    changes: Vec::new(),
                    cites: None,
                    join_next: false,
                    partial: false,
                    planted: false,
                });
                continue;
            }
            if rest >= cfg.windows + cfg.piecemeal && rest < cfg.windows + cfg.piecemeal + cfg.common {
                let phrase = *COMMON_PHRASES.choose(&mut rng).expect("common phrases");
                let speaker = pool.quotes.choose(&mut rng).expect("a pool").speaker.clone();
                families.push(Family {
                    original: phrase.to_string(),
                    speaker: speaker.clone(),
                    wire: false,
                    pattern: Some("common"),
                    occurrences: Vec::new(),
                });
                let f = families.len() - 1;
                fams_here.insert(f);
                lines.push(Slot {
                    line: Line {
                        words: phrase.split(' ').map(str::to_string).collect(),
                        family: f,
                        speaker,
                        drift: 0,
                        fragment: false,
                        copyable: false,
                    },
                    op: "original",
                    source: None,
                    edits: 0,
                    changes: Vec::new(),
                    cites: None,
                    join_next: false,
                    // "a step in the right direction" is quoted inside a
                    // sentence, "We will see what happens" as a statement.
                    partial: phrase.starts_with(char::is_lowercase),
                    planted: false,
                });
                continue;
            }
            let q = fresh(pool, &order, &mut next_quote);
            let split = if cfg.interrupted > 0.0 && rng.random_bool(cfg.interrupted) {
                split_point(&q.words)
            } else {
                None
            };
            let parts: Vec<(Vec<String>, Option<&'static str>)> = match split {
                Some(k) => vec![
                    (q.words[..k].to_vec(), Some("interrupted")),
                    (q.words[k..].to_vec(), Some("interrupted")),
                ],
                None => vec![(q.words, None)],
            };
            let n_parts = parts.len();
            for (i, (words, pattern)) in parts.into_iter().enumerate() {
                families.push(Family {
                    original: words.join(" "),
                    speaker: q.speaker.clone(),
                    wire: false,
                    pattern,
                    occurrences: Vec::new(),
                });
                let f = families.len() - 1;
                fams_here.insert(f);
                lines.push(Slot {
                    line: Line {
                        words,
                        family: f,
                        speaker: q.speaker.clone(),
                        drift: 0,
                        fragment: false,
                        copyable: true,
                    },
                    op: "original",
                    source: None,
                    edits: 0,
                    changes: Vec::new(),
                    cites: None,
                    join_next: i + 1 < n_parts,
                    partial: false,
                    planted: false,
                });
            }
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
        let mut queue = lines.into_iter();
        while let Some(slot) = queue.next() {
            let (l, op, cites) = (&slot.line, slot.op, slot.cites.clone());
            if rng.random_bool(0.5) {
                text.push_str(&filler(&mut rng));
                text.push(' ');
            }
            // The speaker as this outlet words it.
            let r: f64 = rng.random();
            let speaker = if slot.planted {
                l.speaker.clone()
            } else if op != "original" && r < 0.12 {
                (*ROLES.choose(&mut rng).expect("roles")).to_string()
            } else if outlet.respells && r < 0.5 {
                respell(&l.speaker)
            } else {
                l.speaker.clone()
            };
            let body = typeset(&l.words, op != "original", outlet.nbsp, &mut rng);
            let cite_tail = cites
                .as_deref()
                .map(|c| format!(", as cited in {c}"))
                .unwrap_or_default();
            // Pushes a quote's marks and words, and records its span.
            let quote = |text: &mut String, spans: &mut Vec<(usize, usize)>, body: &str| {
                text.push_str(open);
                let start = text.len();
                text.push_str(body);
                spans.push((start, text.len()));
            };
            if slot.partial {
                let who = capitalise(&speaker);
                let (lead, tail) = match rng.random_range(0..4u8) {
                    0 => (format!("{who} called it "), format!("{close}{cite_tail}.")),
                    1 => (format!("{who} said the decision was "), format!("{close}{cite_tail}.")),
                    2 => (format!("{who} described the plan as "), format!("{close}{cite_tail}.")),
                    _ => (
                        "The move was ".to_string(),
                        format!("{close}, {speaker} said{cite_tail}."),
                    ),
                };
                text.push_str(&lead);
                quote(&mut text, &mut spans, &body);
                text.push_str(&tail);
                written.push((slot.clone(), speaker));
            } else if slot.join_next {
                // “A,” X said. “B.” — or, when B goes on A's sentence,
                // “A,” X said, “b.”
                let second = queue.next().expect("an interrupted quote has two parts");
                let rest = typeset(&second.line.words, false, outlet.nbsp, &mut rng);
                quote(&mut text, &mut spans, &body);
                let comma = if body.ends_with(['?', '!']) { "" } else { "," };
                let on = if rest.starts_with(char::is_lowercase) { "," } else { "." };
                text.push_str(&format!("{comma}{close} {} said{on} ", capitalise(&speaker)));
                quote(&mut text, &mut spans, &rest);
                text.push_str(&format!(".{close}"));
                written.push((slot.clone(), speaker.clone()));
                written.push((second, speaker));
            } else {
                let frame = if cites.is_some() {
                    rng.random_range(0..2u8)
                } else {
                    rng.random_range(0..4u8)
                };
                match frame {
                    0 => {
                        quote(&mut text, &mut spans, &body);
                        text.push_str(&format!(",{close} {} said{cite_tail}.", capitalise(&speaker)));
                    }
                    1 => {
                        quote(&mut text, &mut spans, &body);
                        text.push_str(&format!(",{close} said {speaker}{cite_tail}."));
                    }
                    2 => {
                        text.push_str(&format!("{} said: ", capitalise(&speaker)));
                        quote(&mut text, &mut spans, &body);
                        text.push_str(&format!(".{close}"));
                    }
                    _ => {
                        text.push_str(&format!("According to {speaker}, "));
                        quote(&mut text, &mut spans, &body);
                        text.push_str(&format!(".{close}"));
                    }
                }
                written.push((slot.clone(), speaker));
            }
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
            misattributed: oc.line.speaker != families[oc.line.family].speaker,
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
            pattern: f.pattern.map(str::to_string),
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
    use std::collections::HashMap;

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

    fn toks(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    /// A pool of persons' lines long enough for every pattern.
    fn person_pool() -> Pool {
        let q = |s: &str, who: &str| PoolQuote {
            words: toks(s),
            speaker: who.to_string(),
        };
        Pool {
            quotes: vec![
                q("We will not raise taxes on working families this year, and we will not raise them next year either", "Jane Doe"),
                q("The team played with great spirit. They deserved the win today and he knows it", "John Smith"),
                q("Nobody expected the figures to be quite so bad for the industry, least of all the ministers", "Mary Jones"),
                q("Our harbour will reopen as soon as the water is safe again. We do not know when that will be", "Ana Ruiz"),
                q("The long-term plan is sound but it is not yet funded, and the council cannot wait much longer", "Paul Green"),
                q("I am proud of what the players did on the pitch tonight, they gave everything they had", "Linda Park"),
            ],
            fillers: vec!["The council met on the third floor of the old town hall building.".into()],
            titles: vec!["News of the day".into()],
            vocab: vec!["harbour".into(), "really".into()],
        }
    }

    /// Only the patterns asked for, at the shares given.
    fn only(set: &[(&str, f64)], articles: usize, seed: u64) -> Config {
        let mut cfg = Config {
            articles,
            outlets: 4,
            seed,
            ..Config::default()
        }
        .without_patterns();
        for (name, share) in set {
            cfg.set_pattern(&format!("{name}={share}")).unwrap();
        }
        cfg
    }

    fn paragraph_of<'a>(sim: &'a Simulated, o: &TruthOccurrence) -> &'a str {
        let text = &sim.articles.iter().find(|a| a.id == o.article).unwrap().text;
        let start = text[..o.start].rfind("\n\n").map_or(0, |i| i + 2);
        let end = text[o.end..].find("\n\n").map_or(text.len(), |i| o.end + i);
        &text[start..end]
    }

    #[test]
    fn issue13_interrupted_quotes_are_two_lines_around_the_attribution_and_copied_apart() {
        assert_eq!(
            split_point(&toks("The team played with great spirit. They deserved the win today")),
            Some(6)
        );
        // No sentence break: a comma near the middle.
        assert_eq!(
            split_point(&toks("Our harbour will reopen soon, as the water is safe again")),
            Some(5)
        );
        assert_eq!(split_point(&toks("Too short, to split at all")), None);
        let sim = simulate(&person_pool(), &only(&[("interrupted", 1.0)], 80, 5));
        let fams: HashMap<&str, &TruthFamily> = sim.truth.families.iter().map(|f| (f.id.as_str(), f)).collect();
        let originals: Vec<&TruthOccurrence> = sim
            .truth
            .occurrences
            .iter()
            .filter(|o| o.op == "original" && fams[o.family.as_str()].pattern.as_deref() == Some("interrupted"))
            .collect();
        assert!(originals.len() >= 4, "{}", originals.len());
        for pair in originals.chunks(2) {
            let [a, b] = pair else { panic!("parts come in pairs") };
            assert_eq!(a.article, b.article);
            assert_ne!(a.family, b.family, "each part is a line of its own");
            let para = paragraph_of(&sim, a);
            assert_eq!(para, paragraph_of(&sim, b), "both parts in one paragraph");
            assert!(para.contains(&format!("{} said", a.speaker)), "{para}");
        }
        // A copy of a part carries that part only.
        let copies: Vec<&TruthOccurrence> = sim
            .truth
            .occurrences
            .iter()
            .filter(|o| o.source.is_some() && fams[o.family.as_str()].pattern.as_deref() == Some("interrupted"))
            .collect();
        assert!(!copies.is_empty());
        let by_id: HashMap<&str, &TruthOccurrence> = sim.truth.occurrences.iter().map(|o| (o.id.as_str(), o)).collect();
        let norm = |s: &str| -> Vec<String> { crate::normalize::words(s).into_iter().map(|w| w.norm).collect() };
        for c in copies.iter().filter(|c| c.op == "verbatim") {
            assert_eq!(norm(&c.text), norm(&by_id[c.source.as_deref().unwrap()].text));
        }
    }

    #[test]
    fn issue13_windows_overlap_by_eight_words_or_more_and_none_holds_another() {
        let p = person_pool();
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        for k in 0..20 {
            let parts = [p.quotes[k % 6].clone(), p.quotes[(k + 1) % 6].clone()];
            let (words, cuts) = passage_windows(&parts, &mut rng);
            assert!(cuts.len() >= 2);
            for (i, &(s1, e1)) in cuts.iter().enumerate() {
                for &(s2, e2) in &cuts[i + 1..] {
                    assert!(s1 != s2 && e1 != e2, "neither window holds the other");
                    assert!(e1.min(e2) - s1.max(s2) >= 8, "{s1}..{e1} {s2}..{e2} of {}", words.len());
                }
            }
        }
        let sim = simulate(&p, &only(&[("windows", 0.3)], 60, 2));
        let windows = sim.truth.occurrences.iter().filter(|o| o.op == "window").count();
        assert!(windows >= 10, "{windows}");
        for f in sim
            .truth
            .families
            .iter()
            .filter(|f| f.pattern.as_deref() == Some("window"))
        {
            assert!(f.wire, "a window copies no one");
        }
    }

    #[test]
    fn issue13_statements_are_quoted_piecemeal_in_one_family() {
        let p = person_pool();
        let (words, cuts) = statement_pieces(&p.quotes[..3]);
        let s = |(a, b): (usize, usize)| words[a..b].join(" ");
        assert!(s(cuts[0]).starts_with("We will not raise taxes") && s(cuts[0]).ends_with("he knows it."));
        assert!(s(cuts[1]).starts_with("The team played") && s(cuts[1]).ends_with("the ministers."));
        assert!(s(cuts[2]).starts_with("Nobody expected"));
        let sim = simulate(&p, &only(&[("piecemeal", 0.3)], 60, 3));
        let mut by_family: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
        for o in sim.truth.occurrences.iter().filter(|o| o.op == "piece") {
            assert!(o.source.is_none() && o.fragment);
            by_family.entry(o.family.as_str()).or_default().insert(o.text.as_str());
        }
        assert!(by_family.values().any(|pieces| pieces.len() >= 2), "{by_family:?}");
    }

    #[test]
    fn issue13_variants_change_hyphens_dashes_elisions_and_brackets() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut w = toks("It was locker-room talk, nothing more");
        assert!(hyphenate(&mut w, &mut rng));
        assert_eq!(w.join(" "), "It was locker room talk, nothing more");
        let mut w = toks("We do not want it, he said");
        assert!(elide(&mut w, &mut rng));
        assert_eq!(w.join(" "), "We don't want it, he said");
        let mut w = toks("Don't go");
        assert!(elide(&mut w, &mut rng));
        assert_eq!(w.join(" "), "Do not go");
        let mut w = toks("I'm sure");
        assert!(elide(&mut w, &mut rng));
        assert_eq!(w.join(" "), "I am sure");
        for _ in 0..10 {
            let mut w = toks("It was good — and fast");
            assert!(dash(&mut w, &mut rng));
            assert_ne!(w.join(" "), "It was good — and fast");
            assert_eq!(w.len(), 6);
        }
        let mut w = toks("It was good, and fast");
        assert!(dash(&mut w, &mut rng));
        assert!(!w.join(" ").contains(','), "{w:?}");
        let mut w = toks("I told him so");
        assert!(bracket(&mut w, &["Donald Trump".to_string()], &mut rng));
        assert_eq!(w.join(" "), "I told him [Donald Trump] so");
        let mut w = toks("Nothing to change here");
        assert!(!bracket(&mut w, &["Donald Trump".to_string()], &mut rng) && !elide(&mut w, &mut rng));
        // In a corpus: variant copies are copies, with what was done said.
        let sim = simulate(&person_pool(), &only(&[("variants", 1.0)], 60, 4));
        let variants: Vec<&TruthOccurrence> = sim.truth.occurrences.iter().filter(|o| o.op == "variant").collect();
        assert!(variants.len() >= 10);
        for v in variants {
            assert!(v.source.is_some() && v.edits == 0 && !v.changes.is_empty());
            assert!(v
                .changes
                .iter()
                .all(|c| ["hyphen", "dash", "elision", "bracket"].contains(&c.as_str())));
        }
    }

    #[test]
    fn issue13_partials_are_two_to_five_words_of_the_line_inside_a_sentence() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let line = toks("We will not raise taxes on working families this year, and we will not raise them");
        for _ in 0..50 {
            let cut = partial_cut(&line, &mut rng).expect("a cut");
            assert!((2..=5).contains(&cut.len()), "{cut:?}");
            let (first, last) = (cut[0].to_lowercase(), cut[cut.len() - 1].to_lowercase());
            assert!(
                !WEAK.contains(&first.as_str()) && !WEAK.contains(&last.as_str()),
                "{cut:?}"
            );
            assert!(!cut.concat().contains(','), "{cut:?}");
        }
        let sim = simulate(&person_pool(), &only(&[("partials", 1.0)], 60, 6));
        let partials: Vec<&TruthOccurrence> = sim.truth.occurrences.iter().filter(|o| o.op == "partial").collect();
        assert!(partials.len() >= 10);
        let by_id: HashMap<&str, &TruthOccurrence> = sim.truth.occurrences.iter().map(|o| (o.id.as_str(), o)).collect();
        for p in partials {
            assert!(p.fragment);
            let src = by_id[p.source.as_deref().unwrap()];
            assert_eq!(src.family, p.family);
            assert_ne!(src.op, "partial", "a partial is not copied on");
            let para = paragraph_of(&sim, p);
            // Inside the writer's sentence: no comma or stop before the close.
            assert!(
                !para.contains(&format!("{},", p.text)) || para.contains("The move was"),
                "{para}"
            );
        }
    }

    #[test]
    fn issue13_common_phrases_are_a_family_per_use() {
        let sim = simulate(&person_pool(), &only(&[("common", 0.3)], 80, 7));
        let common: Vec<&TruthFamily> = sim
            .truth
            .families
            .iter()
            .filter(|f| f.pattern.as_deref() == Some("common"))
            .collect();
        assert!(common.len() >= 20);
        assert!(common.iter().all(|f| f.occurrences.len() == 1));
        let mut said: HashMap<&str, usize> = HashMap::new();
        for f in &common {
            assert!(COMMON_PHRASES.contains(&f.original.as_str()));
            *said.entry(f.original.as_str()).or_insert(0) += 1;
        }
        assert!(said.values().any(|&n| n >= 2), "one phrase said twice, apart");
    }

    #[test]
    fn issue13_misattributions_credit_another_person_and_copies_follow_them() {
        let sim = simulate(&person_pool(), &only(&[("misattributed", 0.5)], 80, 8));
        let fams: HashMap<&str, &TruthFamily> = sim.truth.families.iter().map(|f| (f.id.as_str(), f)).collect();
        let by_id: HashMap<&str, &TruthOccurrence> = sim.truth.occurrences.iter().map(|o| (o.id.as_str(), o)).collect();
        let planted: Vec<&TruthOccurrence> = sim
            .truth
            .occurrences
            .iter()
            .filter(|o| o.changes.iter().any(|c| c == "misattribution"))
            .collect();
        assert!(planted.len() >= 5);
        for o in &planted {
            let said_by = &fams[o.family.as_str()].speaker;
            assert!(o.misattributed);
            assert!(crate::provenance::names::is_person_name(&o.speaker), "{}", o.speaker);
            assert!(!crate::provenance::names::same_speaker(&o.speaker, said_by));
            assert!(crate::normalize::words(&o.text).len() >= 8);
        }
        // A copy of a misattributed copy carries the misattribution on.
        for o in &sim.truth.occurrences {
            if let Some(s) = &o.source {
                if by_id[s.as_str()].misattributed {
                    assert!(o.misattributed, "{}", o.id);
                }
            }
        }
        assert!(sim
            .truth
            .occurrences
            .iter()
            .any(|o| o.misattributed && !o.changes.iter().any(|c| c == "misattribution")));
    }

    #[test]
    fn issue13_without_patterns_no_pattern_is_drawn_and_with_them_all_are() {
        let p = person_pool();
        let off = simulate(
            &p,
            &Config {
                articles: 200,
                outlets: 5,
                ..Config::default()
            }
            .without_patterns(),
        );
        assert!(off.truth.families.iter().all(|f| f.pattern.is_none()));
        assert!(off
            .truth
            .occurrences
            .iter()
            .all(
                |o| ["original", "verbatim", "fragment", "drift", "wire"].contains(&o.op.as_str()) && !o.misattributed
            ));
        let on = simulate(
            &p,
            &Config {
                articles: 200,
                outlets: 5,
                ..Config::default()
            },
        );
        for op in ["variant", "partial", "window", "piece"] {
            assert!(on.truth.occurrences.iter().any(|o| o.op == op), "no {op}");
        }
        for pattern in ["interrupted", "window", "piecemeal", "common"] {
            assert!(
                on.truth.families.iter().any(|f| f.pattern.as_deref() == Some(pattern)),
                "no {pattern}"
            );
        }
        assert!(on.truth.occurrences.iter().any(|o| o.misattributed));
    }

    #[test]
    fn pattern_shares_are_set_by_name_and_checked() {
        let mut cfg = Config::default();
        cfg.set_pattern("common=0.2").unwrap();
        assert_eq!(cfg.common, 0.2);
        assert!(cfg.set_pattern("common=2").is_err());
        assert!(cfg.set_pattern("nonsense=0.1").is_err());
        assert!(cfg.set_pattern("common").is_err());
        assert!(cfg.set_pattern("windows=0.9").is_err(), "slots over 1");
    }
}
