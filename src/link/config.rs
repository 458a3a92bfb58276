//! The thresholds that decide a link ([`LinkConfig`]), and what a link
//! between two variants is ([`Link`], [`LinkKind`]).

use serde::Serialize;

/// The thresholds that decide a link. Defaults are documented on each
/// field and in the README; `build --drift … --contain …` sets them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkConfig {
    /// Quotes with fewer normalized words are never linked (default 2):
    /// one-word scare quotes recur everywhere without being copies.
    pub min_words: usize,
    /// Least similarity (length-weighted Dice over aligned words) for two
    /// variants of similar length to be drifted copies (default 0.7).
    pub drift: f64,
    /// Least share of a fragment's words found, in order, inside a longer
    /// quote for it to count as cut from it (default 0.8).
    pub contain: f64,
    /// Variants whose lengths (in characters of their words) stand at
    /// least at this ratio are compared as copies of one line; shorter
    /// ones as a fragment of the longer (default 0.6).
    pub length_ratio: f64,
    /// Shingles shared by more variants than this are too common to
    /// suggest a copy and are not probed (default 200).
    pub max_postings: usize,
    /// Two quotes credited to one speaker that share a run of at least
    /// this many words, in order, are windows of one passage even when
    /// neither holds the other
    /// ("…candid with you, I'm just not ready to do that at this point" /
    /// "I'm just not ready to do that at this point. I'm not there right
    /// now"), as passim aligns passages (default 8; 0 turns it off).
    /// Where one of them names no speaker (a group's statement, a credit
    /// not read as a name), only a run that closes one and opens the other
    /// links them ([`align::overlaps_at_ends`]); two named speakers who
    /// cannot be one never link this way.
    pub overlap: usize,
    /// Quotes of fewer words than this, credited to persons who cannot be
    /// one person, are a common phrase each said on their own ("We will
    /// see what happens", "radical Islam"), not copies of one another:
    /// they are not linked, and one wording is a variant per person
    /// (default 8, the length of line the misattribution flag starts at;
    /// 0 turns it off). Such a phrase credited by name, or by a pronoun
    /// resolved to a name, to a person who cannot be the speaker of a
    /// longer line that holds it is not cut from that line unless its
    /// article names the line's speaker ("a badge of honor" of one man in
    /// another man's line); so is one an article states as a whole
    /// utterance, credited to anyone ("So, who?" she asked), and a term in
    /// scare quotes no one is said to have said. A phrase credited to a
    /// person is cut from a line credited to no one by name only beside
    /// it or where the line's article names that person.
    pub common: usize,
    /// How far under `drift` two variants of similar length may still be
    /// drifted copies when both name one speaker and their words differ
    /// in short runs ([`LinkConfig::speaker_run`]), sharing three words
    /// or more (default 0.2): that is how a line drifts as outlets retell
    /// it ("We found clues of possible market manipulation" / "We found
    /// signs of possible manipulation"), whereas two lines of one speaker
    /// differ by whole phrases. Real families (issue 13) gain nothing
    /// from it and lose nothing; the simulator's copies of short lines
    /// with two or three words edited need it (BENCHMARKS.md).
    pub speaker_slack: f64,
    /// The longest run of words changed together that such a pair of one
    /// speaker may have, where the shorter is a line of `common` words or
    /// more (default 2); a phrase under `common` words changes one word at
    /// a time, since one speaker's short phrases that share a frame ("the
    /// best in the world" / "the best in the Middle East") are not copies.
    pub speaker_run: usize,
}

impl Default for LinkConfig {
    fn default() -> Self {
        LinkConfig {
            min_words: 2,
            drift: 0.7,
            contain: 0.8,
            length_ratio: 0.6,
            max_postings: 200,
            overlap: 8,
            common: 8,
            speaker_slack: 0.2,
            speaker_run: 2,
        }
    }
}

/// How two variants are related.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// The same words (different variants are never verbatim; the kind
    /// describes occurrences of one variant).
    Verbatim,
    /// The shorter one is cut from the longer one.
    Containment,
    /// Copies of one line whose wording differs.
    Drift,
    /// Windows of one passage: each holds words the other lacks, and they
    /// share a long run.
    Overlap,
}

/// A link between two variants. For containment, `short` is the fragment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Link {
    pub short: u32,
    pub long: u32,
    pub kind: LinkKind,
    /// Similarity for drift, coverage for containment, in [0, 1].
    pub score: f64,
}
