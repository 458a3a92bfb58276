//! What `eval-provenance` reports: the headline figures, the tables by
//! drift level and by reuse pattern, and the misattribution flag's
//! scores (serialized as the report's JSON).

use serde::Serialize;

use super::{Bcubed, Pairwise, Ratio};

/// One row of the drift table.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DriftRow {
    /// `0`, `1`, `2`, `3`, `4-5`, `6+` words edited against the family's
    /// original, `fragment`, `wire` (independent copies of one line), and
    /// `0-3` (the first four rows together: moderate drift).
    pub level: String,
    pub copies: usize,
    /// In the same predicted family as its true source (for a wire copy:
    /// as the family's first occurrence).
    pub linked: Ratio,
    /// Copy edges from the right source occurrence, over the copies whose
    /// source is dated and surely earlier.
    pub source: Ratio,
    /// Copy edges from an article of the right source outlet.
    pub source_outlet: Ratio,
}

/// One row of the pattern table: how the linker fares on the
/// occurrences drawn with one reuse pattern of issue 13.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PatternRow {
    /// `plain` (none of the others), the family patterns `interrupted`,
    /// `window`, `piecemeal` and `common`, the copy ops `variant` and
    /// `partial`, and `misattributed`. An occurrence may be in several
    /// rows (a variant copy of one part of an interrupted quote).
    pub pattern: String,
    pub occurrences: usize,
    pub found: Ratio,
    /// Occurrences in the same predicted family as their reference: the
    /// source for a copy, the family's first occurrence for a pickup of
    /// an unseen source (wire, window, piece). A common phrase has none.
    pub linked: Ratio,
    /// B-cubed over the row's occurrences (each against its whole true
    /// and predicted family): low precision is merging with other lines,
    /// low recall splitting its own.
    pub bcubed: Bcubed,
}

/// The misattribution flag against the misattributions the simulator
/// planted.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Misattribution {
    /// True families with a planted misattribution whose misattributed
    /// copies went to a flagged family: recall.
    pub recall: Ratio,
    /// Flagged predicted families that hold a misattributed occurrence:
    /// precision.
    pub precision: Ratio,
}

/// Everything `eval-provenance` reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub articles: usize,
    pub occurrences: usize,
    /// True occurrences the extractor found (a segment overlapping it).
    pub found: Ratio,
    pub families: Pairwise,
    /// The same with every fragment family that lies inside exactly one
    /// other family (`inside`) counted as part of it.
    pub families_with_fragments: Pairwise,
    /// [`Report::families`] scored B-cubed.
    pub families_bcubed: Bcubed,
    /// Over the occurrences at moderate drift only: no fragment along the
    /// chain, at most three words edited against the original.
    pub families_moderate: Pairwise,
    /// Over copies whose source and copy are dated, the source surely
    /// earlier (dates at their own precision).
    pub copy_source: Ratio,
    pub copy_source_article: Ratio,
    pub copy_source_outlet: Ratio,
    /// The predicted source is the true one, or an occurrence of the same
    /// line in the same words (no tool could tell them apart by wording).
    pub copy_source_equivalent: Ratio,
    /// Copies with no predicted edge at all.
    pub copy_no_edge: usize,
    /// Copies the tool cannot place (undated, or a tie with the source).
    pub copy_unattainable: usize,
    /// Wire copies (independent pickups of one unseen line, after the
    /// first, dated) that were given a copy edge anyway.
    pub wire_with_edge: Ratio,
    /// Families in two or more articles with a dated occurrence: the
    /// predicted family most of its occurrences went to names its
    /// earliest dated occurrence among its first appearances.
    pub first_appearance: Ratio,
    /// The same, with no tie reported.
    pub first_appearance_sole: Ratio,
    pub by_drift: Vec<DriftRow>,
    pub by_pattern: Vec<PatternRow>,
    pub misattribution: Misattribution,
    /// Wrong copy edges, described (up to the number asked for).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    /// Planted misattributions the flag missed and flags on families
    /// without one, described (up to the number asked for).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flag_errors: Vec<String>,
}
