//! Articles, quotes and lookups the linker's unit tests share.

use super::Linked;
use crate::article::Analysed;
use crate::extract::{Kind, Quote};

pub(super) fn article(id: &str, quotes: &[&str]) -> Analysed {
    Analysed {
        id: id.into(),
        title: None,
        outlet: None,
        published: None,
        author: None,
        url: None,
        language: "en".into(),
        quotes: quotes
            .iter()
            .map(|t| Quote {
                text: t.to_string(),
                start: 0,
                end: t.len(),
                segments: vec![[0, t.len()]],
                kind: Kind::Statement,
                speaker: None,
                speaker_canonical: None,
                speaker_start: None,
                speaker_end: None,
                cue: None,
                conduit: None,
            })
            .collect(),
        diagnostics: vec![],
    }
}

pub(super) const SPILL: &str = "The harbour will stay closed until every barrel of oil has been pumped out of the bay";
pub(super) const DRIFT: &str = "The port will stay closed until every barrel of oil has been pumped out of the bay";
pub(super) const OTHER: &str = "Fishing crews will be paid for every day they cannot sail";

pub(super) fn family_sets(l: &Linked) -> Vec<Vec<(u32, u32)>> {
    l.families
        .iter()
        .map(|f| {
            f.occurrences
                .iter()
                .map(|&o| (l.occurrences[o as usize].article, l.occurrences[o as usize].quote))
                .collect()
        })
        .collect()
}

pub(super) fn said_by(mut a: Analysed, who: &str) -> Analysed {
    for q in &mut a.quotes {
        q.speaker = Some(who.to_string());
    }
    a
}

/// Credited by name with a speech verb ("…," Ana Ruiz said).
pub(super) fn named(mut a: Analysed, who: &str) -> Analysed {
    for q in &mut a.quotes {
        q.speaker = Some(who.to_string());
        q.cue = Some("said".to_string());
    }
    a
}

/// The family of article `a`'s quote `q` (its first segment).
pub(super) fn family_of(l: &Linked, a: u32, q: u32) -> u32 {
    let o = l
        .occurrences
        .iter()
        .position(|o| o.article == a && o.quote == q && !o.nested)
        .expect("an occurrence");
    l.family_of_occurrence(o as u32)
}
