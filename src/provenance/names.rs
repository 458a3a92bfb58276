//! Speaker names compared across articles and languages: a name is folded
//! to ASCII (deunicode: Слуцкий → Slutskii) and then to a rough phonetic
//! key, so that transliterations of one name meet (Slutsky, Sluzki,
//! Sluzkij; Sergei, Sergey, Sergej; Peskov, Peskow).

use std::collections::HashMap;

use crate::grammar::first_name;
#[cfg(test)]
use crate::grammar::Gender;

/// Does a name look like a person's: a known first name or an initial,
/// then a capitalised surname ("Hillary Clinton", "R. Gil Kerlikowske")?
/// Places, bodies and headline fragments ("New Hampshire", "Boca West",
/// "Calls Trump") do not.
pub fn is_person_name(s: &str) -> bool {
    let words: Vec<&str> = without_suffix(s).split_whitespace().collect();
    let [first, .., last] = words[..] else {
        return false;
    };
    let initial = {
        let mut c = first.chars();
        matches!((c.next(), c.next(), c.next()), (Some(a), Some('.'), None) if a.is_uppercase())
    };
    let capital = last.chars().next().is_some_and(char::is_uppercase);
    capital && words.len() <= 3 && (initial || first_name(first).is_some())
}

/// Is `name` a person's by its shape, when no first-name list knows it
/// ("Serge Troeber", "Sanjaya Senanayake"): two or three words, each of
/// letters opening with a capital, not all capitals (not "BBC News"),
/// none a title or a role
/// ("Prime Minister"), the last not a word that makes a name a body
/// ("Economy Ministry", "Indian Government"), and not a place. News
/// quotes people from everywhere; a first-name list knows few of them.
pub fn shaped_like_person(name: &str, language: &str) -> bool {
    let name = without_suffix(name);
    let words: Vec<&str> = name.split_whitespace().collect();
    if !(2..=3).contains(&words.len()) || crate::grammar::is_place(name) {
        return false;
    }
    // "Marie-Pierre", "O'Neill", "McAdam"; not "BBC" or "R-Utah,".
    let shaped = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().any(char::is_lowercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
    };
    let Some(g) = crate::grammar::parsed(language) else {
        return false;
    };
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    words.iter().all(shaped)
        && !lower.iter().any(|w| g.titles.contains(w) || g.roles.contains(w))
        && !lower.last().is_some_and(|w| g.bodies.contains(w))
}

/// Is a mention a person addressed by a courtesy title and surname ("Mr.
/// Obama", "Mrs Clinton", "Ms. Lopez Torres")? Only persons are; the
/// surname alone, which is all such a mention's canonical name may be,
/// is not shaped like a person's name ([`is_person_name`]).
pub fn addressed_as_person(mention: &str) -> bool {
    let mut words = mention.split_whitespace();
    let title = words.next().unwrap_or("");
    let rest: Vec<&str> = words.collect();
    matches!(
        title.trim_end_matches('.').to_lowercase().as_str(),
        "mr" | "mrs" | "ms" | "miss"
    ) && (1..=2).contains(&rest.len())
        && rest.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// A name without the generational suffix that closes it ("Joseph R.
/// Biden Jr" is shaped as "Joseph R. Biden", "Harry Hurt III" as "Harry
/// Hurt"): a suffix is neither a surname nor a word of a body's name, and
/// left in it makes a person's name too long, or not shaped like one, for
/// the checks above. A lone word is left as it is.
pub fn without_suffix(name: &str) -> &str {
    // Most names end in a letter no suffix ends in ("Smith"): nothing to
    // trim or drop, settled by the last byte (asked of every full name an
    // article gives; trimming and splitting each cost a few hundred
    // instructions).
    if name
        .as_bytes()
        .last()
        .is_some_and(|&b| b.is_ascii_alphanumeric() && !matches!(b, b'r' | b'I' | b'V'))
    {
        return name;
    }
    let name = name.trim_end();
    match name.rsplit_once(' ') {
        Some((before, "Jr" | "Jr." | "Sr" | "Sr." | "II" | "III" | "IV")) if !before.trim().is_empty() => {
            before.trim_end()
        }
        _ => name,
    }
}

/// Sound-alike spellings folded, in this order: longer clusters before
/// their parts.
const FOLDS: [(&str, &str); 13] = [
    ("tsch", "ch"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("tz", "z"),
    ("ts", "z"),
    ("w", "v"),
    ("j", "i"),
    ("y", "i"),
    ("x", "ks"),
    ("q", "k"),
];

/// One spelling-independent token of a name.
fn token_key(word: &str) -> String {
    // Every speaker of every occurrence passes here, so a fold that
    // cannot apply is skipped rather than copied over.
    let ascii = deunicode::deunicode_with_tofu_cow(word, "[?]");
    let mut s: String = ascii
        .bytes()
        .filter(u8::is_ascii_alphabetic)
        .map(|b| char::from(b.to_ascii_lowercase()))
        .collect();
    for (from, to) in FOLDS {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    // Doubled letters carry no difference between transliterations.
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// A name's tokens as keys, without the particles that transliterations
/// keep or drop.
pub fn name_keys(name: &str) -> Vec<String> {
    without_suffix(name)
        .split(|c: char| c.is_whitespace() || c == '.' || c == ',')
        .filter(|w| !w.is_empty())
        .map(token_key)
        .filter(|k| !k.is_empty())
        .collect()
}

/// Does a speaker string look like a proper name (of a person or a
/// body), rather than a description ("the senior lawmaker") or a pronoun?
pub fn is_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    let capital = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    !words.is_empty() && capital(&words[0]) && capital(&words[words.len() - 1]) && words.len() <= 6
}

/// Could two name strings name the same speaker? Either the last tokens
/// meet and the given names of the shorter name (if any) appear in the
/// longer one, full or as initials ("Ana Ruiz", "Harbour Master Ana
/// Ruiz", "A. Ruiz"); or the shorter, of two tokens or more, opens the
/// longer ("Kestrel Line", "Kestrel Line Shipping").
pub fn same_speaker(a: &str, b: &str) -> bool {
    same_keys(&name_keys(a), &name_keys(b))
}

/// [`same_speaker`] on names already turned into [`name_keys`].
pub fn same_keys(ka: &[String], kb: &[String]) -> bool {
    let (short, long) = if ka.len() <= kb.len() { (ka, kb) } else { (kb, ka) };
    let (Some(ls), Some(ll)) = (short.last(), long.last()) else {
        return false;
    };
    if short.len() >= 2 && long.starts_with(short) {
        return true;
    }
    if ls != ll {
        return false;
    }
    let given = &long[..long.len() - 1];
    short[..short.len() - 1].iter().all(|g| {
        given.iter().any(|x| {
            x == g || (g.len() == 1 && x.starts_with(g.as_str())) || (x.len() == 1 && g.starts_with(x.as_str()))
        })
    })
}

/// Groups speaker names into clusters of one speaker each. `names` are
/// (name, count) pairs; the result gives each input its cluster, and each
/// cluster its display name (the longest spelling, then the most used).
/// A bare surname joins a full name only when exactly one full name with
/// that surname is present.
pub fn cluster(names: &[(&str, usize)]) -> (Vec<usize>, Vec<String>) {
    let keys: Vec<Vec<String>> = names.iter().map(|(n, _)| name_keys(n)).collect();
    let mut cluster_of = vec![usize::MAX; names.len()];
    // Per cluster: the displayed name (an index into `names`) and its count.
    let mut display: Vec<(usize, usize)> = Vec::new();
    // Clusters by the last key, and by the first two keys, of any member:
    // every cluster a name could meet is under one of its own.
    let mut by_last: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_head: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    // Full names first (more tokens), so bare surnames find them.
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(keys[i].len()), i));
    for i in order {
        let k = &keys[i];
        let Some(last) = k.last() else {
            cluster_of[i] = display.len();
            display.push((i, names[i].1));
            continue;
        };
        let mut near: Vec<usize> = by_last.get(last.as_str()).cloned().unwrap_or_default();
        if k.len() >= 2 {
            near.extend(by_head.get(&(k[0].as_str(), k[1].as_str())).into_iter().flatten());
        }
        near.sort_unstable();
        near.dedup();
        let matches: Vec<usize> = near
            .into_iter()
            .filter(|&c| same_keys(&keys[display[c].0], k))
            .collect();
        let c = match matches.as_slice() {
            [one] => {
                let (shown, count) = display[*one];
                let (tokens, shown_tokens) = (k.len(), keys[shown].len());
                if tokens > shown_tokens || (tokens == shown_tokens && names[i].1 > count) {
                    display[*one] = (i, names[i].1);
                }
                *one
            }
            _ => {
                display.push((i, names[i].1));
                display.len() - 1
            }
        };
        cluster_of[i] = c;
        by_last.entry(last.as_str()).or_default().push(c);
        if k.len() >= 2 {
            by_head.entry((k[0].as_str(), k[1].as_str())).or_default().push(c);
        }
    }
    (
        cluster_of,
        display.into_iter().map(|(i, _)| names[i].0.to_string()).collect(),
    )
}

#[cfg(test)]
mod tests {
    proptest::proptest! {
        /// `token_key` skips folds that cannot apply; the keys are those
        /// of every fold applied in turn.
        #[test]
        fn token_keys_are_those_of_every_fold_in_turn(word in "\\PC{0,12}|[A-Za-z\\-'. ]{0,16}|[TtSsCcHhKkPpZzWwJjYyXxQq]{0,12}") {
            let mut s: String = deunicode::deunicode(&word)
                .to_ascii_lowercase()
                .chars()
                .filter(char::is_ascii_alphabetic)
                .collect();
            for (from, to) in super::FOLDS {
                s = s.replace(from, to);
            }
            let mut want = String::new();
            for c in s.chars() {
                if !want.ends_with(c) {
                    want.push(c);
                }
            }
            proptest::prop_assert_eq!(super::token_key(&word), want);
        }

        /// `without_suffix` settles most names by their last byte: what it
        /// gives is what trimming and splitting every name gave (issue 14).
        #[test]
        fn issue14_a_suffix_is_dropped_as_trimming_and_splitting_drop_it(
            name in "[A-Za-z. ]{0,12}( (Jr|Jr\\.|Sr|Sr\\.|II|III|IV|V|Dr|Mr))?\\s{0,2}"
        ) {
            let trimmed = name.trim_end();
            let want = match trimmed.rsplit_once(' ') {
                Some((before, "Jr" | "Jr." | "Sr" | "Sr." | "II" | "III" | "IV")) if !before.trim().is_empty() => {
                    before.trim_end()
                }
                _ => trimmed,
            };
            proptest::prop_assert_eq!(super::without_suffix(&name), want);
        }
    }

    use super::*;

    #[test]
    fn issue13_a_name_no_first_name_list_knows_is_a_persons_by_its_shape() {
        assert!(shaped_like_person("Marie-Pierre Ollard", "en"));
        assert!(shaped_like_person("Zorvan McKettleby", "en"));
        assert!(shaped_like_person("Zorvan McKettleby Jr.", "en"));
        for not in [
            "BBC News",
            "Economy Ministry",
            "South Korea",
            "Prime Minister",
            "Variety",
            "Ana Maria de la Cruz",
        ] {
            assert!(!shaped_like_person(not, "en"), "{not}");
        }
    }

    #[test]
    fn persons_are_told_from_places_bodies_and_fragments() {
        for name in [
            "Hillary Clinton",
            "R. Gil Kerlikowske",
            "Maria Lund",
            "Tom Berg",
            "Joseph R. Biden Jr",
            "Harry Hurt III",
        ] {
            assert!(is_person_name(name), "{name}");
        }
        for name in ["New Hampshire", "Boca West", "Calls Trump", "Republican", "Trump", "US"] {
            assert!(!is_person_name(name), "{name}");
        }
        assert_eq!(first_name("MARIA"), Some(Gender::Feminine));
        assert_eq!(first_name("Tom"), Some(Gender::Masculine));
    }

    #[test]
    fn transliterations_of_one_name_meet() {
        assert!(same_speaker("Leonid Slutsky", "Leonid Sluzki"));
        assert!(same_speaker("Sluzkij", "Leonid Slutsky"));
        assert!(same_speaker("Леонид Слуцкий", "Leonid Slutsky"));
        assert!(same_speaker("Sergey Lavrov", "Sergej Lawrow"));
        assert!(same_speaker("Dmitry Peskov", "D. Peskov"));
    }

    #[test]
    fn different_people_stay_apart() {
        assert!(!same_speaker("Sergei Lavrov", "Dmitri Peskov"));
        assert!(!same_speaker("Maria Velmor", "Anton Velmor"));
        assert!(!same_speaker("Sky News", "Sky"));
        assert!(!same_speaker("Ana Ruiz", "Harbour Master Eva Ruiz"));
    }

    #[test]
    fn titles_and_longer_names_of_one_body_meet() {
        assert!(same_speaker("Harbour Master Ana Ruiz", "Ana Ruiz"));
        assert!(same_speaker("Kestrel Line Shipping", "Kestrel Line"));
        assert!(same_speaker("Ruiz", "Harbour Master Ana Ruiz"));
    }

    #[test]
    fn names_and_descriptions() {
        assert!(is_name("Leonid Slutsky"));
        assert!(is_name("NATO"));
        assert!(!is_name("the senior lawmaker"));
        assert!(!is_name("he"));
    }

    #[test]
    fn clusters_join_spellings_and_attach_a_lone_surname() {
        let names = [
            ("Slutsky", 2),
            ("Leonid Slutsky", 1),
            ("Leonid Sluzki", 2),
            ("Lavrov", 1),
        ];
        let (of, display) = cluster(&names);
        assert_eq!(of[0], of[1]);
        assert_eq!(of[1], of[2]);
        assert_ne!(of[0], of[3]);
        assert_eq!(display[of[0]], "Leonid Sluzki");
    }

    #[test]
    fn an_ambiguous_surname_stays_alone() {
        let names = [("Maria Velmor", 1), ("Anton Velmor", 1), ("Velmor", 1)];
        let (of, _) = cluster(&names);
        assert_ne!(of[2], of[0]);
        assert_ne!(of[2], of[1]);
    }

    #[test]
    fn issue13_a_generational_suffix_is_no_surname_key() {
        // "Joseph R. Biden Jr" is keyed by "biden", as "Joseph Biden" is:
        // a suffix as the last key made him no one an article names.
        assert_eq!(
            name_keys("Joseph R. Biden Jr").last().map(String::as_str),
            Some("biden")
        );
        assert_eq!(name_keys("Harry Hurt III"), name_keys("Harry Hurt"));
        assert!(same_speaker("Joseph R. Biden Jr.", "Joseph Biden"));
        assert!(!same_speaker("Harry Hurt III", "Harry Jones"));
        // A lone word stays as it is.
        assert_eq!(name_keys("Jr").len(), 1);
    }

    #[test]
    fn issue13_a_surname_after_a_courtesy_title_is_a_persons() {
        for m in ["Mr. Obama", "Mrs Clinton", "Ms. Lopez Torres", "Miss Marple"] {
            assert!(addressed_as_person(m), "{m}");
        }
        for m in [
            "Obama",
            "Mr. president",
            "Dr. Who",
            "Mister",
            "Mr. A B C",
            "The Mr. Men",
        ] {
            assert!(!addressed_as_person(m), "{m}");
        }
    }
}
