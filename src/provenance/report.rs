//! What tracing reports, ready to serialize: the whole corpus's
//! [`Provenance`], and each family's [`FamilyReport`] with its
//! occurrences, variants, copy edges, citations and credits. These are
//! what `families.json` holds and a store keeps; the modules beside this
//! one fill them.

use serde::{Deserialize, Serialize};

use super::drift::Audit;
use crate::link::{LinkConfig, LinkKind};

/// The whole provenance of a corpus, ready to serialize.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Provenance {
    /// Families with copies in two or more articles first (most articles
    /// first), then the rest; each ordered by first appearance.
    pub families: Vec<FamilyReport>,
    /// Every named speaker, spellings merged.
    pub speakers: Vec<SpeakerReport>,
    /// The sources articles cite for their quotes.
    pub sources: Vec<SourceReport>,
    /// The thresholds the links were made with.
    pub thresholds: Thresholds,
    /// Family index of every occurrence, by article, quote and piece (its
    /// segments, then the quotes nested in them: `link::piece_text`).
    #[serde(skip)]
    pub family_of: Vec<Vec<Vec<usize>>>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Thresholds {
    pub min_words: usize,
    pub drift: f64,
    pub contain: f64,
    pub length_ratio: f64,
    pub max_postings: usize,
    pub overlap: usize,
    /// Missing from stores linked before it existed: 0, off.
    #[serde(default)]
    pub common: usize,
    /// Missing from stores linked before they existed: 0.1 and 1, as
    /// those were linked.
    #[serde(default = "old_speaker_slack")]
    pub speaker_slack: f64,
    #[serde(default = "old_speaker_run")]
    pub speaker_run: usize,
}

fn old_speaker_slack() -> f64 {
    0.1
}

fn old_speaker_run() -> usize {
    1
}

impl From<&LinkConfig> for Thresholds {
    fn from(c: &LinkConfig) -> Self {
        Thresholds {
            min_words: c.min_words,
            drift: c.drift,
            contain: c.contain,
            length_ratio: c.length_ratio,
            max_postings: c.max_postings,
            overlap: c.overlap,
            common: c.common,
            speaker_slack: c.speaker_slack,
            speaker_run: c.speaker_run,
        }
    }
}

impl From<&Thresholds> for LinkConfig {
    fn from(t: &Thresholds) -> Self {
        LinkConfig {
            min_words: t.min_words,
            drift: t.drift,
            contain: t.contain,
            length_ratio: t.length_ratio,
            max_postings: t.max_postings,
            overlap: t.overlap,
            common: t.common,
            speaker_slack: t.speaker_slack,
            speaker_run: t.speaker_run,
        }
    }
}

/// One family of a line: its occurrences, variants, and provenance.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FamilyReport {
    pub id: String,
    /// The line as its first appearance words it.
    pub canonical: String,
    pub articles: usize,
    /// Occurrence ids of the first appearance; more than one is a tie.
    pub first_appearance: Vec<String>,
    pub tie: bool,
    /// Occurrences in undated articles: they may be earlier.
    pub undated: Vec<String>,
    /// The speaker most copies name, spellings merged.
    pub speaker: Option<String>,
    pub speakers: Vec<Counted>,
    /// Copies that state the line (a sentence or more of it, framed by a
    /// speech verb) name speakers that cannot be one person or body, each
    /// in an article that names no other: see `misattribution`.
    pub possible_misattribution: bool,
    /// The evidence for `possible_misattribution`: who the line is
    /// credited to, and in which articles; empty when not flagged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub misattribution: Vec<Credit>,
    /// Families this one is a fragment of, and fragments of this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inside: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contains: Vec<String>,
    pub occurrences: Vec<OccurrenceReport>,
    /// The first appearance's wording first, then the others in time order.
    pub variants: Vec<VariantReport>,
    /// (A store keeps these two in their tables, not in its reports.)
    #[serde(default)]
    pub copy_edges: Vec<CopyEdge>,
    #[serde(default)]
    pub citations: Vec<Citation>,
}

/// One speaker a line is credited to, and the articles that say so.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Credit {
    pub speaker: String,
    pub articles: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Counted {
    pub name: String,
    pub count: usize,
}

impl Counted {
    /// Each name counted, most counted first; on equal counts the one
    /// met first. Looked up by name: a family that chains many speakers'
    /// lines is not scanned once per occurrence.
    pub fn tally<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<Counted> {
        let mut counts: Vec<Counted> = Vec::new();
        let mut at: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
        for name in names {
            let next = counts.len();
            let i = *at.entry(name).or_insert(next);
            if i == next {
                counts.push(Counted {
                    name: name.to_string(),
                    count: 0,
                });
            }
            counts[i].count += 1;
        }
        // Stable sort: on equal counts the earlier-seen name stays first.
        counts.sort_by_key(|c| std::cmp::Reverse(c.count));
        counts
    }
}

impl FamilyReport {
    /// The family without its occurrences, variants, edges and
    /// citations: what the article graph's labels and the quotes file
    /// ask of a family once its full report has been written out.
    pub fn outline(&self) -> FamilyReport {
        FamilyReport {
            id: self.id.clone(),
            canonical: self.canonical.clone(),
            articles: self.articles,
            first_appearance: Vec::new(),
            tie: self.tie,
            undated: Vec::new(),
            speaker: self.speaker.clone(),
            speakers: Vec::new(),
            possible_misattribution: self.possible_misattribution,
            misattribution: Vec::new(),
            inside: Vec::new(),
            contains: Vec::new(),
            occurrences: Vec::new(),
            variants: Vec::new(),
            copy_edges: Vec::new(),
            citations: Vec::new(),
        }
    }
}

/// One quote in one article.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OccurrenceReport {
    /// `ARTICLE#Q` (the Q-th quote of the article), or `ARTICLE#Q.S` for
    /// segment S of a quote in several.
    pub id: String,
    pub article: String,
    pub quote: usize,
    /// The piece of the quote, for a quote in several segments.
    pub segment: usize,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub kind: String,
    pub speaker: Option<String>,
    pub speaker_canonical: Option<String>,
    pub variant: String,
    /// The occurrence's text as written.
    pub text: String,
}

/// One wording of a line.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct VariantReport {
    pub id: String,
    pub text: String,
    /// (A store's report leaves them out when they are those of its
    /// occurrences of this variant: read back as empty, then filled.)
    #[serde(default)]
    pub occurrences: Vec<String>,
    /// The closest, more complete, earlier variant it attaches to.
    pub parent: Option<String>,
    /// How it relates to its parent, and how closely.
    pub link: Option<LinkKind>,
    pub similarity: Option<f64>,
    /// Its diff against the first appearance, and the classified changes.
    #[serde(flatten)]
    pub audit: Audit,
}

/// A later occurrence and the earlier one it most likely copied.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CopyEdge {
    pub from: String,
    pub to: String,
    pub from_article: String,
    pub to_article: String,
    pub kind: LinkKind,
    pub similarity: f64,
    /// The chosen source's share of the evidence over all candidate
    /// sources, times the similarity: in (0, 1].
    pub confidence: f64,
    pub evidence: Vec<String>,
}

/// A source the article itself names for the quote.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Citation {
    pub occurrence: String,
    pub article: String,
    pub source: String,
    /// The conduit as the article words it.
    pub cue: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SpeakerReport {
    pub name: String,
    pub spellings: Vec<String>,
    pub quotes: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceReport {
    pub id: String,
    pub name: String,
    pub citations: usize,
}

#[cfg(test)]
mod tests {
    use super::Thresholds;

    /// A store linked before the one-speaker slack was settable (issue
    /// 13) is linked again by `add` as it was: 0.1 under the drift
    /// threshold, one word changed at a time.
    #[test]
    fn thresholds_of_an_older_store_keep_the_slack_it_was_linked_with() {
        let old =
            r#"{"min_words":2,"drift":0.7,"contain":0.8,"length_ratio":0.6,"max_postings":200,"overlap":8,"common":8}"#;
        let t: Thresholds = serde_json::from_str(old).unwrap();
        assert_eq!((t.speaker_slack, t.speaker_run), (0.1, 1));
        let now = Thresholds::from(&crate::link::LinkConfig::default());
        assert_eq!((now.speaker_slack, now.speaker_run), (0.2, 2));
    }
}
