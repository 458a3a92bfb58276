//! Who a quote is credited to, as far as linking cares: the persons an
//! article names for a quote, the surnames it names at all, and whether
//! two phrases are said apart by persons who cannot be one.

use rustc_hash::FxHashMap;

use crate::article::{Articles, QuoteView};

/// A speaker's name as [`crate::provenance::names::name_keys`].
pub(super) type NameKeys = Vec<String>;

/// The named speakers of each variant, as name keys, in the order its
/// occurrences name them: each distinct list kept once, and a variant's
/// its number. A list of its own a variant, each name's keys copied into
/// it, was some 0.4 GiB at 1M articles, held from the speakers step to
/// the families (issue 16).
pub(super) struct Speakers {
    of: Vec<u32>,
    lists: Vec<Vec<NameKeys>>,
}

impl Speakers {
    /// Of `n` variants: `list(v, out)` pushes variant `v`'s keys' numbers
    /// into `table` to `out`, each once.
    pub(super) fn new(n: usize, table: &[&NameKeys], list: impl Fn(usize, &mut Vec<u32>) + Sync) -> Speakers {
        // Each block's lists kept once each in order.
        let blocks = block_lists(n, list);
        let mut number: FxHashMap<&[u32], u32> = FxHashMap::default();
        number.insert(&[], 0);
        let mut lists: Vec<Vec<NameKeys>> = vec![Vec::new()];
        let mut of = Vec::with_capacity(n);
        for (ends, items) in &blocks {
            let mut start = 0;
            for &end in ends {
                let ids = &items[start..end as usize];
                start = end as usize;
                of.push(*number.entry(ids).or_insert_with(|| {
                    lists.push(ids.iter().map(|&k| table[k as usize].clone()).collect());
                    lists.len() as u32 - 1
                }));
            }
        }
        Speakers { of, lists }
    }
}

/// The lists `list(i, out)` pushes for each of `0..n`, a block of 4,096
/// at a time in parallel, each block's one after another (ends, items):
/// a vector a list was most of these steps' memory at 1M (issue 16).
fn block_lists(n: usize, list: impl Fn(usize, &mut Vec<u32>) + Sync) -> Vec<(Vec<u32>, Vec<u32>)> {
    use rayon::prelude::*;
    const BLOCK: usize = 4096;
    (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let (mut ends, mut items, mut one) = (Vec::new(), Vec::new(), Vec::new());
            for i in b * BLOCK..n.min((b + 1) * BLOCK) {
                one.clear();
                list(i, &mut one);
                items.extend_from_slice(&one);
                ends.push(items.len() as u32);
            }
            items.shrink_to_fit();
            (ends, items)
        })
        .collect()
}

impl std::ops::Index<usize> for Speakers {
    type Output = [NameKeys];

    fn index(&self, v: usize) -> &[NameKeys] {
        &self.lists[self.of[v] as usize]
    }
}

/// The name keys of the person a quote is credited to, when the article
/// names them (not "he", resolved to a name elsewhere) with a speech verb,
/// and the name is a person's (a first name and a surname, or a surname
/// after "Mr." or "Mrs.": not a body or a place): the credits that keep
/// common phrases apart. Asked of a quote with a speech verb, by its mention, its canonical
/// name and its article's language: on nothing else, so that a credit
/// met in thousands of quotes is read once ([`super::pieces::Credits`]).
pub(super) fn credited_person(mention: &str, canonical: Option<&str>, language: &str) -> Option<NameKeys> {
    if !crate::provenance::names::is_name(mention) {
        return None;
    }
    person_named(canonical, mention, language)
}

/// The name keys of the person an article names as the speaker of a
/// quote it states as a whole utterance, also when the mention runs on
/// past the name into an apposition ("…," said Elmendorf, who supports
/// Clinton but is not working for her): such a short utterance is its
/// speaker's words. A phrase quoted in part inside the writer's sentence
/// is often credited to the wrong person, so only [`credited_person`] count
/// for it; and a credit resolved from "he" is wrong too often to keep
/// anything apart ("You think I'm going to change?" of Trump, resolved
/// to Billy Joel in one article).
pub(super) fn stated_person(q: QuoteView<'_>, language: &str) -> Option<NameKeys> {
    let mention = q.speaker?.split(',').next()?.trim();
    if q.kind != crate::extract::Kind::Statement || q.cue.is_none() || !crate::provenance::names::is_name(mention) {
        return None;
    }
    person_named(q.speaker_canonical, mention, language)
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
fn person_named(canonical: Option<&str>, mention: &str, language: &str) -> Option<NameKeys> {
    use crate::provenance::names;
    let name = canonical.unwrap_or(mention);
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

/// The persons each variant is credited to by name ([`credited_person`]),
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

/// The strings whose surnames an article names ([`surname`]): every
/// speaker it credits (by name or resolved from "he") and every
/// capitalised word of its title. An article that quotes words cut from
/// someone's line names that someone; one whose speaker only happens to
/// use the same phrase need not ([`families_of`](super::families::families_of)).
fn naming<'a>(articles: &'a dyn Articles, a: usize, mut each: impl FnMut(&'a str)) {
    for q in (0..articles.quote_count(a)).map(|q| articles.quote(a, q)) {
        for name in [q.speaker_canonical, q.speaker].into_iter().flatten() {
            each(name);
        }
    }
    for w in articles.title(a).unwrap_or("").split_whitespace() {
        if w.chars().next().is_some_and(char::is_uppercase) {
            each(w);
        }
    }
}

/// The surname a [`naming`] string names: the last of its name keys,
/// where it is a name. (A title's capitalised word, one word, always is
/// one by [`is_name`](crate::provenance::names::is_name).)
fn surname(s: &str) -> Option<String> {
    if crate::provenance::names::is_name(s) {
        crate::provenance::names::name_keys(s).pop()
    } else {
        None
    }
}

/// The surnames each article names ([`naming`]): each distinct one
/// kept once, sorted, and an article's as their numbers, ascending. A
/// vector of strings an article was some 0.2 GiB at 1M articles, held
/// through the families step, the add's peak once the candidate step
/// came under it (issue 16).
pub(super) struct Named {
    /// The distinct surnames, sorted.
    table: Vec<String>,
    at: Vec<u32>,
    ids: Vec<u32>,
}

impl Named {
    pub(super) fn new(articles: &dyn Articles) -> Named {
        use rayon::prelude::*;
        use rustc_hash::FxHashSet;
        // Each distinct string's surname is made once: a speaker's name
        // recurs in thousands of articles, and making its keys again for
        // each was most of the graph-and-uses step at 1M articles
        // (issue 16).
        let strings: FxHashSet<&str> = (0..articles.len())
            .into_par_iter()
            .fold(FxHashSet::default, |mut set, a| {
                naming(articles, a, |s| {
                    set.insert(s);
                });
                set
            })
            .reduce(FxHashSet::default, |mut a, mut b| {
                if a.len() < b.len() {
                    std::mem::swap(&mut a, &mut b);
                }
                a.extend(b);
                a
            });
        let strings: Vec<&str> = strings.into_iter().collect();
        let surnames: Vec<Option<String>> = strings.par_iter().map(|s| surname(s)).collect();
        let mut table: Vec<String> = surnames.iter().flatten().cloned().collect();
        table.par_sort_unstable();
        table.dedup();
        // Each string that names a surname, by the surname's number in
        // the sorted table: an article's numbers sort as its surnames do.
        let number: FxHashMap<&str, u32> = strings
            .iter()
            .zip(&surnames)
            .filter_map(|(&s, k)| {
                let k = k.as_deref()?;
                Some((s, table.binary_search_by(|t| t.as_str().cmp(k)).ok()? as u32))
            })
            .collect();
        drop(surnames);
        // Each article's numbers sorted and each kept once, then put one
        // after another.
        let n = articles.len();
        let blocks = block_lists(n, |a, one| {
            naming(articles, a, |s| one.extend(number.get(s)));
            one.sort_unstable();
            one.dedup();
        });
        let (mut at, mut ids) = (Vec::with_capacity(n + 1), Vec::new());
        at.push(0u32);
        for (ends, items) in blocks {
            let base = ids.len() as u32;
            at.extend(ends.iter().map(|&e| base + e));
            ids.extend_from_slice(&items);
        }
        Named { table, at, ids }
    }

    fn of(&self, a: usize) -> &[u32] {
        &self.ids[self.at[a] as usize..self.at[a + 1] as usize]
    }

    /// Whether article `a` names `key`.
    pub(super) fn names(&self, a: usize, key: &str) -> bool {
        self.table
            .binary_search_by(|k| k.as_str().cmp(key))
            .is_ok_and(|r| self.of(a).binary_search(&(r as u32)).is_ok())
    }

    /// The surnames article `a` names.
    pub(super) fn keys(&self, a: usize) -> impl Iterator<Item = &str> + '_ {
        self.of(a).iter().map(|&r| self.table[r as usize].as_str())
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::Kind;
    use crate::link::testkit::*;
    use crate::link::{link, LinkConfig};

    #[test]
    fn issue16_each_articles_surnames_are_made_once_a_string_and_listed_sorted() {
        use super::Named;
        use crate::article::{Analysed, Articles};
        let mut a = named(article("a", &["one line", "two lines"]), "Ana Ruiz");
        a.quotes[1].speaker = Some("he".into());
        a.quotes[1].speaker_canonical = Some("Tom Berg".into());
        a.title = Some("Harbour talks: Ruiz and the spokesman".into());
        let mut b = named(article("b", &["a third line"]), "the senior lawmaker");
        b.title = Some("Ana Ruiz".into());
        let c = article("c", &["no one's"]);
        let arts: &[Analysed] = &[a, b, c];
        let named = Named::new(&arts as &dyn Articles);
        let keys = |i: usize| named.keys(i).collect::<Vec<_>>();
        let surname = |s: &str| crate::provenance::names::name_keys(s).pop().unwrap();
        let (ruiz, berg, harbour) = (surname("Ana Ruiz"), surname("Tom Berg"), surname("Harbour"));
        // "Harbour" and "Ruiz" are the title's capitalised words; "he"
        // and a description name no one.
        let mut want = vec![ruiz.as_str(), berg.as_str(), harbour.as_str()];
        want.sort_unstable();
        assert_eq!(keys(0), want);
        // A title's words each on their own: "Ana" too.
        let ana = surname("Ana");
        assert_eq!(keys(1), [ana.as_str(), ruiz.as_str()]);
        assert!(keys(2).is_empty());
        assert!(named.names(0, &berg) && named.names(1, &ruiz) && !named.names(1, &berg));
    }

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
