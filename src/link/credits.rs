//! Who a quote is credited to, as far as linking cares: the persons an
//! article names for a quote, the surnames it names at all, and whether
//! two phrases are said apart by persons who cannot be one.

use rustc_hash::FxHashMap;

use crate::article::{Articles, QuoteView};

/// A speaker's name as [`crate::provenance::names::name_keys`].
pub(super) type NameKeys = Vec<String>;

/// The name keys of the person a quote is credited to, when the article
/// names them (not "he", resolved to a name elsewhere) with a speech verb,
/// and the name is a person's (a first name and a surname, or a surname
/// after "Mr." or "Mrs.": not a body or a place): the credits that keep
/// common phrases apart.
pub(super) fn person_keys(q: QuoteView<'_>, language: &str) -> Option<NameKeys> {
    let mention = q.speaker?;
    if q.cue.is_none() || !crate::provenance::names::is_name(mention) {
        return None;
    }
    person_named(q, mention, language)
}

/// The name keys of the person an article names as the speaker of a
/// quote it states as a whole utterance, also when the mention runs on
/// past the name into an apposition ("…," said Elmendorf, who supports
/// Clinton but is not working for her): such a short utterance is its
/// speaker's words. A phrase quoted in part inside the writer's sentence
/// is often credited to the wrong person, so only [`person_keys`] count
/// for it; and a credit resolved from "he" is wrong too often to keep
/// anything apart ("You think I'm going to change?" of Trump, resolved
/// to Billy Joel in one article).
pub(super) fn stated_person(q: QuoteView<'_>, language: &str) -> Option<NameKeys> {
    let mention = q.speaker?.split(',').next()?.trim();
    if q.kind != crate::extract::Kind::Statement || q.cue.is_none() || !crate::provenance::names::is_name(mention) {
        return None;
    }
    person_named(q, mention, language)
}

/// The name keys of whoever a quote is credited to where the article
/// names them ("Tom Fitton, the president of Judicial Watch", "Mr.
/// Biden") or refers to them by a pronoun ("he", "They") resolved to a
/// name; not by a description ("the spokesman", "the mayor") that holds
/// none of the name: a description is bound to a name by its role
/// alone, and is the credit most often bound to someone the article
/// only mentions. Such a credit of a phrase quoted in part keeps it from
/// another person's line only where no article of the phrase names the
/// line's speaker ([`families_of`](super::families::families_of)).
pub(super) fn named_or_pronoun(q: QuoteView<'_>) -> Option<NameKeys> {
    use crate::provenance::names;
    let mention = q.speaker?.trim();
    let name = q.speaker_canonical.unwrap_or(mention);
    if q.cue.is_none() || !names::is_name(name) {
        return None;
    }
    let keys = names::name_keys(name);
    let surname = keys.last()?;
    let pronoun = !mention.contains(char::is_whitespace);
    (pronoun || names::name_keys(mention).contains(surname)).then_some(keys)
}

/// The keys of the person a quote's `mention` names: its canonical name
/// (or the mention), when that is a person's.
fn person_named(q: QuoteView<'_>, mention: &str, language: &str) -> Option<NameKeys> {
    use crate::provenance::names;
    let name = q.speaker_canonical.unwrap_or(mention);
    let person =
        names::is_person_name(name) || names::shaped_like_person(name, language) || names::addressed_as_person(mention);
    let keys = names::name_keys(name);
    (person && !keys.is_empty()).then_some(keys)
}

/// Are two common phrases (see [`LinkConfig::common`](super::LinkConfig::common)) said apart: both
/// credited to persons (ids into `people`), none of whom can be one of
/// the other's?
pub(super) fn apart(a: &[u32], b: &[u32], people: &[NameKeys]) -> bool {
    !a.is_empty()
        && !b.is_empty()
        && !a.iter().any(|&x| {
            b.iter()
                .any(|&y| x == y || crate::provenance::names::same_keys(&people[x as usize], &people[y as usize]))
        })
}

/// The persons each variant is credited to by name ([`person_keys`]),
/// and for a phrase also those it is stated by ([`stated_person`]): the
/// credits that keep two phrases apart. Only the few phrases with such
/// a statement have a list of their own.
#[derive(Clone, Copy)]
pub(super) struct Credited<'a> {
    pub(super) persons: &'a [Vec<u32>],
    pub(super) stated_by: &'a FxHashMap<u32, Vec<u32>>,
}

impl<'a> Credited<'a> {
    pub(super) fn of(&self, v: u32) -> &'a [u32] {
        self.stated_by.get(&v).unwrap_or(&self.persons[v as usize])
    }
}

/// The surnames an article names, as sorted name keys: the last key of
/// every speaker it credits (by name or resolved from "he") and every
/// capitalised word of its title. An article that quotes words cut from
/// someone's line names that someone; one whose speaker only happens to
/// use the same phrase need not ([`families_of`](super::families::families_of)).
pub(super) fn named_in(articles: &dyn Articles, a: usize) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for q in (0..articles.quote_count(a)).map(|q| articles.quote(a, q)) {
        for name in [q.speaker_canonical, q.speaker].into_iter().flatten() {
            if crate::provenance::names::is_name(name) {
                keys.extend(crate::provenance::names::name_keys(name).pop());
            }
        }
    }
    for w in articles.title(a).unwrap_or("").split_whitespace() {
        if w.chars().next().is_some_and(char::is_uppercase) {
            keys.extend(crate::provenance::names::name_keys(w).pop());
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use crate::extract::Kind;
    use crate::link::testkit::*;
    use crate::link::{link, LinkConfig};

    #[test]
    fn issue13_common_phrases_said_apart_are_not_linked() {
        let phrase = "We will see what happens";
        let arts = [
            named(article("a", &[phrase]), "Ana Ruiz"),
            named(article("b", &[phrase]), "Tom Berg"),
            named(article("c", &[phrase]), "A. Ruiz"),
            article("d", &[phrase]),
        ];
        let l = link(&arts, &LinkConfig::default());
        let fam = |a| family_of(&l, a, 0);
        assert_ne!(fam(0), fam(1), "two persons said it apart");
        assert_eq!(fam(0), fam(2), "Ana Ruiz and A. Ruiz can be one person");
        assert!(
            fam(3) == fam(0) || fam(3) == fam(1),
            "a use credited to no one joins one of them"
        );
        let off = LinkConfig {
            common: 0,
            ..LinkConfig::default()
        };
        assert_eq!(link(&arts, &off).families.len(), 1);
        // A line of a sentence's length credited to two persons is one
        // line (a misattribution, for the flag to read), not two.
        let line = "We will see what happens when the council votes on the harbour plan";
        let arts = [
            named(article("a", &[line]), "Ana Ruiz"),
            named(article("b", &[line]), "Tom Berg"),
        ];
        assert_eq!(link(&arts, &LinkConfig::default()).families.len(), 1);
    }

    #[test]
    fn issue13_a_surname_after_mr_or_mrs_credits_a_person_who_says_a_phrase_apart() {
        // "Mr. Quillby" is known by its surname alone: still a person, not
        // a body, so the phrase is his own, not the same as Ana Ruiz's.
        let phrase = "no daylight at all";
        let mut mr = named(article("a", &[phrase]), "Mr. Quillby");
        mr.quotes[0].kind = Kind::Partial;
        mr.quotes[0].speaker_canonical = Some("Quillby".into());
        let mut ruiz = named(article("b", &[phrase]), "Ana Ruiz");
        ruiz.quotes[0].kind = Kind::Partial;
        let l = link(&[mr.clone(), ruiz.clone()], &LinkConfig::default());
        assert_ne!(family_of(&l, 0, 0), family_of(&l, 1, 0));
        // "Quillby" said without the title is no person's name: one family.
        mr.quotes[0].speaker = Some("Quillby".into());
        let l = link(&[mr, ruiz], &LinkConfig::default());
        assert_eq!(family_of(&l, 0, 0), family_of(&l, 1, 0));
    }

    #[test]
    fn issue13_a_phrase_stated_by_a_name_that_runs_into_an_apposition_is_that_persons() {
        // "…," said Tom Berg, who advises the council: a whole utterance
        // of Tom Berg's, not Ana Ruiz's words cut in part.
        let mut ruiz = named(article("a", &["the sums don't add up"]), "Ana Ruiz");
        ruiz.quotes[0].kind = Kind::Partial;
        let mut berg = named(
            article("b", &["The sums don't add up,"]),
            "Berg, who advises the council but is not paid by it",
        );
        berg.quotes[0].speaker_canonical = Some("Tom Berg".into());
        let l = link(&[ruiz.clone(), berg.clone()], &LinkConfig::default());
        assert_ne!(family_of(&l, 0, 0), family_of(&l, 1, 0));
        // Quoted in part, such a credit is not read: one family.
        let mut partial = berg.clone();
        partial.quotes[0].kind = Kind::Partial;
        let l = link(&[ruiz.clone(), partial], &LinkConfig::default());
        assert_eq!(family_of(&l, 0, 0), family_of(&l, 1, 0));
        // Nor is a credit resolved from "he": it is wrong too often.
        let mut he = berg;
        he.quotes[0].speaker = Some("he".into());
        let l = link(&[ruiz, he], &LinkConfig::default());
        assert_eq!(family_of(&l, 0, 0), family_of(&l, 1, 0));
    }

    #[test]
    fn issue13_persons_no_first_name_list_knows_say_common_phrases_apart() {
        let phrase = "It was a team effort";
        let arts = [
            named(article("a", &[phrase]), "Zorvan Kettleby"),
            named(article("b", &[phrase]), "Quilla Marsande"),
            named(article("c", &[phrase]), "Harbour Ministry"),
            named(article("d", &[phrase]), "Prime Minister"),
        ];
        let l = link(&arts, &LinkConfig::default());
        let fam = |a| family_of(&l, a, 0);
        assert_ne!(fam(0), fam(1), "two names shaped like persons' said it apart");
        // A body, or a role, may speak through either of them.
        assert!(fam(2) == fam(0) || fam(2) == fam(1));
        assert!(fam(3) == fam(0) || fam(3) == fam(1));
    }
}
