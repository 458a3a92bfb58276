//! The ground truth a simulation writes (`truth.json`): every article's
//! real time, every family with its first appearance, every occurrence
//! with its source, edits and speaker.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::draw::World;
use super::{Config, Outlet, SimArticle, Simulated, TRUTH_FORMAT};

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

/// The corpus and its truth from what the world recorded, articles in id
/// order as a tool would list them.
pub(super) fn finish(
    world: World,
    articles: Vec<SimArticle>,
    truth_articles: Vec<TruthArticle>,
    outlets: Vec<Outlet>,
    cfg: &Config,
) -> Simulated {
    let (families, occs) = (&world.families, &world.occs);
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
    let mut order: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        order.insert(&a.id, i);
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
