//! The second step of a link ("speakers"): who each variant is
//! credited to, as name keys ([`Speakers`]), and the credits that keep
//! common phrases apart.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::credits::{named_or_pronoun, stated_person, NameKeys, Speakers};
use super::{Articles, LinkConfig, Occurrence, Variants};

/// What [`speakers`] reads of the variants' credits.
pub(super) struct Spoken {
    /// The named speakers of each variant.
    pub(super) speakers: Speakers,
    /// For the phrases an article states whole, credited to a person the
    /// variant's named credits lack, all the persons it is credited to
    /// ([`super::credits::Credited`]).
    pub(super) stated_by: FxHashMap<u32, Vec<u32>>,
    /// Per phrase with any, the speakers it is credited to by a name or
    /// a pronoun.
    pub(super) quoted_by: FxHashMap<u32, Vec<NameKeys>>,
}

/// The speakers of each variant, and the credits of its phrases; persons
/// first met here (stated credits) are added to `people`.
pub(super) fn speakers(
    articles: &dyn Articles,
    variants: &Variants,
    occurrences: &[Occurrence],
    cfg: &LinkConfig,
    persons: &[Vec<u32>],
    people: &mut Vec<NameKeys>,
    mut person_ids: FxHashMap<NameKeys, u32>,
) -> Spoken {
    // The named speakers each variant is attributed to, as name keys.
    // A name's keys are made once (in parallel), and a variant's name
    // seen once is not looked for again: a line in thousands of articles
    // has many.
    let name_of = |o: &Occurrence| -> Option<&str> {
        if o.nested {
            return None;
        }
        let q = articles.quote(o.article as usize, o.quote as usize);
        q.speaker_canonical.or(q.speaker)
    };
    let mut names: Vec<&str> = occurrences.par_iter().filter_map(name_of).collect();
    names.par_sort_unstable();
    names.dedup();
    let name_keys: Vec<Option<NameKeys>> = names
        .par_iter()
        .map(|&name| {
            Some(crate::provenance::names::name_keys(name))
                .filter(|k| !k.is_empty() && crate::provenance::names::is_name(name))
        })
        .collect();
    // Each name's keys by their number among the distinct ones: a
    // variant's list is of numbers, and a list is kept once however many
    // variants have it ([`Speakers`]).
    let (key_table, key_of) = {
        let mut number: FxHashMap<&NameKeys, u32> = FxHashMap::default();
        let mut table: Vec<&NameKeys> = Vec::new();
        let of: Vec<Option<u32>> = name_keys
            .iter()
            .map(|k| {
                k.as_ref().map(|k| {
                    *number.entry(k).or_insert_with(|| {
                        table.push(k);
                        table.len() as u32 - 1
                    })
                })
            })
            .collect();
        (table, of)
    };
    let keys_of: FxHashMap<&str, Option<u32>> = names.iter().copied().zip(key_of).collect();
    let speakers = Speakers::new(variants.len(), &key_table, |v, list| {
        let mut seen: Vec<&str> = Vec::new();
        for &o in variants.at(v).occurrences {
            let Some(name) = name_of(&occurrences[o as usize]) else {
                continue;
            };
            if seen.contains(&name) {
                continue;
            }
            seen.push(name);
            if let Some(k) = keys_of[name] {
                if !list.contains(&k) {
                    list.push(k);
                }
            }
        }
    });
    drop(keys_of);
    drop(key_table);
    // The persons each phrase is credited to where an article states it
    // whole ([`stated_person`]), beside its named credits, for the few
    // phrases that have any: what keeps two phrases said apart.
    let stated = phrase_credits(variants, occurrences, articles, cfg.common, |language, q| {
        stated_person(q, language)
    });
    let mut stated_by: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for (v, list) in stated {
        let mut ids = persons[v as usize].clone();
        for k in list {
            let id = match person_ids.get(&k) {
                Some(&id) => id,
                None => {
                    let id = people.len() as u32;
                    people.push(k.clone());
                    person_ids.insert(k, id);
                    id
                }
            };
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        if ids != persons[v as usize] {
            stated_by.insert(v, ids);
        }
    }
    // The persons each phrase is credited to by a name or a pronoun
    // ([`named_or_pronoun`]), for the phrases that have any: what keeps a
    // phrase quoted in part from another person's line.
    let quoted_by: FxHashMap<u32, Vec<NameKeys>> =
        phrase_credits(variants, occurrences, articles, cfg.common, |_, q| named_or_pronoun(q))
            .into_iter()
            .collect();
    drop(person_ids);
    Spoken {
        speakers,
        stated_by,
        quoted_by,
    }
}

/// For each phrase (a variant under `common` words) that has any, the
/// distinct credits `credit` reads from its occurrences in an article's
/// own voice (not nested in another quote; `credit` is given the
/// article's language), in variant order.
fn phrase_credits(
    variants: &Variants,
    occurrences: &[Occurrence],
    articles: &dyn Articles,
    common: usize,
    credit: impl Fn(&str, crate::article::QuoteView<'_>) -> Option<NameKeys> + Sync,
) -> Vec<(u32, Vec<NameKeys>)> {
    variants
        .par_iter()
        .enumerate()
        .filter(|(_, v)| v.keys.len() < common)
        .filter_map(|(i, v)| {
            let mut list: Vec<NameKeys> = Vec::new();
            for &o in v.occurrences {
                let o = &occurrences[o as usize];
                if o.nested {
                    continue;
                }
                let a = o.article as usize;
                if let Some(keys) = credit(articles.language(a), articles.quote(a, o.quote as usize)) {
                    if !list.contains(&keys) {
                        list.push(keys);
                    }
                }
            }
            (!list.is_empty()).then_some((i as u32, list))
        })
        .collect()
}
