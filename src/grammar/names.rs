//! The name tables built into the binary: first names and their usual
//! gender, places, demonyms, and news hosts' outlets.

use std::collections::HashMap;

use super::{FastHash, Gender, Grammar};

/// First names and their usual gender (`grammars/names/first-names.tsv`,
/// see grammars/README.md), built into the binary so that the core does
/// no I/O. A name of either gender is [`Gender::Person`].
static FIRST_NAMES: std::sync::LazyLock<HashMap<&'static str, Gender, FastHash>> =
    std::sync::LazyLock::new(|| name_list(include_str!("../../grammars/names/first-names.tsv")));

/// The first names a grammar adds to [`FIRST_NAMES`] by `first-names =
/// NAME` (`grammars/names/first-names-NAME.tsv`): German has its own, the
/// US list lacking "Gerhard", "Klaus" and "Ursula"'s peers (issue 14).
pub(super) static FIRST_NAMES_DE: std::sync::LazyLock<HashMap<&'static str, Gender, FastHash>> =
    std::sync::LazyLock::new(|| name_list(include_str!("../../grammars/names/first-names-de.tsv")));

/// A first-name list's lines: a name, a tab, `m`, `f` or `u`.
fn name_list(text: &'static str) -> HashMap<&'static str, Gender, FastHash> {
    // Sized once: grown name by name, the table was rehashed a dozen times.
    let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
    let mut names = HashMap::with_capacity_and_hasher(lines, FastHash::default());
    names.extend(
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (name, g) = l.split_once('\t')?;
                let g = match g.trim() {
                    "m" => Gender::Masculine,
                    "f" => Gender::Feminine,
                    _ => Gender::Person,
                };
                Some((name, g))
            }),
    );
    names
}

/// Countries, US states and continents (`grammars/names/places.tsv`, see
/// grammars/README.md): names no pronoun refers to.
static PLACES: std::sync::LazyLock<std::collections::HashSet<&'static str, FastHash>> =
    std::sync::LazyLock::new(|| name_set(include_str!("../../grammars/names/places.tsv")));

/// Demonyms (`grammars/names/demonyms.tsv`, see grammars/README.md).
static DEMONYMS: std::sync::LazyLock<std::collections::HashSet<&'static str, FastHash>> =
    std::sync::LazyLock::new(|| name_set(include_str!("../../grammars/names/demonyms.tsv")));

/// A name table's lines, trimmed: a name each, `#` lines left out.
fn name_set(text: &'static str) -> std::collections::HashSet<&'static str, FastHash> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect()
}

/// Is `word` (as written, "American" or "Russians") the adjective or
/// noun of a country, US state or continent?
pub fn is_demonym(word: &str) -> bool {
    let one = |w: &str| is_one_demonym(w) || w.strip_suffix('s').is_some_and(|w| DEMONYMS.contains(w));
    // "African-Americans", "Mexican-American": a compound of two.
    one(word) || word.split_once('-').is_some_and(|(a, b)| one(a) && one(b))
}

/// Is `word` the singular adjective or noun of a place ("American",
/// "Swiss"), not a plural ("Americans")?
pub fn is_one_demonym(word: &str) -> bool {
    DEMONYMS.contains(word)
}

/// Is `name` (as written, "South Korea") a country, a US state or a
/// continent?
pub fn is_place(name: &str) -> bool {
    PLACES.contains(name)
}

/// News hosts and their outlets' names (`grammars/outlets.tsv`, see
/// grammars/README.md), for pages that do not name their publisher.
static OUTLETS: std::sync::LazyLock<HashMap<&'static str, &'static str>> = std::sync::LazyLock::new(|| {
    include_str!("../../grammars/outlets.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(host, name)| (host.trim(), name.trim()))
        .collect()
});

/// The outlet that publishes at `host` (a registrable domain, lower
/// case), if the table knows it.
pub fn outlet_for_host(host: &str) -> Option<&'static str> {
    OUTLETS.get(host).copied()
}

/// No name in the first-name list is longer (a test holds the list to it).
const LONGEST_FIRST_NAME: usize = 24;

/// The usual gender of a first name, if the list knows it (any case;
/// a trailing full stop or comma is ignored).
pub fn first_name(word: &str) -> Option<Gender> {
    first_name_in(&FIRST_NAMES, word)
}

fn first_name_in(list: &HashMap<&'static str, Gender, FastHash>, word: &str) -> Option<Gender> {
    // By bytes: `trim_end_matches` searched through a call.
    let end = word.bytes().rposition(|b| b != b'.' && b != b',').map_or(0, |p| p + 1);
    let w = &word[..end];
    // Called for every capitalised word of every article: ASCII words (all
    // of the list) are cased in a buffer on the stack, and words longer
    // than any listed name are never cased at all.
    if w.is_ascii() {
        if w.is_empty() || w.len() > LONGEST_FIRST_NAME {
            return None;
        }
        let mut buf = [0u8; LONGEST_FIRST_NAME];
        let cased = &mut buf[..w.len()];
        cased.copy_from_slice(w.as_bytes());
        cased[1..].make_ascii_lowercase();
        cased[0].make_ascii_uppercase();
        // "Hans-Joachim": each part of a hyphenated name is capitalised,
        // as the lists write it (issue 14).
        for k in 1..cased.len() {
            if cased[k - 1] == b'-' {
                cased[k].make_ascii_uppercase();
            }
        }
        let cased = std::str::from_utf8(cased).ok()?;
        return list.get(cased).copied();
    }
    let mut cased = String::with_capacity(w.len());
    let mut after_hyphen = true;
    for c in w.chars() {
        if after_hyphen {
            cased.extend(c.to_uppercase());
        } else {
            cased.extend(c.to_lowercase());
        }
        after_hyphen = c == '-';
    }
    list.get(cased.as_str()).copied()
}

impl Grammar {
    /// The usual gender of a first name in this language: its own list
    /// first (`first-names`), then the built-in one ([`first_name`]).
    pub fn first_name(&self, word: &str) -> Option<Gender> {
        self.first_names
            .and_then(|list| first_name_in(list, word))
            .or_else(|| first_name(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_countries_states_and_continents_as_written() {
        assert!(is_place("United States") && is_place("South Korea") && is_place("Iowa"));
        assert!(!is_place("Washington") && !is_place("iowa") && !is_place("Trump"));
    }

    #[test]
    fn issue14_a_hyphenated_first_name_is_found_as_the_list_writes_it() {
        let de = Grammar::builtin("de").unwrap();
        for w in ["Hans-Joachim", "HANS-JOACHIM", "hans-joachim", "Hans-Jörg", "HANS-JÖRG"] {
            assert_eq!(de.first_name(w), Some(Gender::Masculine), "{w}");
        }
        assert_eq!(de.first_name("Hans-Watzke"), None);
    }

    #[test]
    fn first_names_are_found_in_any_case_and_none_is_longer_than_the_fast_path() {
        assert!(FIRST_NAMES.keys().all(|n| n.len() <= LONGEST_FIRST_NAME));
        assert_eq!(first_name("Hillary"), Some(Gender::Feminine));
        assert_eq!(first_name("BERNIE,"), Some(Gender::Masculine));
        assert_eq!(first_name("bernie."), Some(Gender::Masculine));
        assert_eq!(first_name(""), None);
        assert_eq!(first_name("Internationalisierungsbestrebungen"), None);
        assert_eq!(first_name("Zoë"), first_name("ZOË"));
    }

    #[test]
    fn issue14_a_grammar_names_its_own_first_names() {
        let de = Grammar::builtin("de").unwrap();
        assert!(first_name("Gerhard").is_none());
        assert_eq!(de.first_name("Gerhard"), Some(Gender::Masculine));
        assert_eq!(de.first_name("URSULA,"), Some(Gender::Feminine));
        assert_eq!(de.first_name("Hillary"), Some(Gender::Feminine));
        assert_eq!(de.first_name("Begründung"), None);
        let en = Grammar::builtin("en").unwrap();
        assert!(en.first_names.is_none() && en.first_name("Gerhard").is_none());
        assert!(Grammar::parse("language = xx\nfirst-names = fr\n[marks]\n\" \"\n", "t.qg").is_err());
        assert!(FIRST_NAMES_DE.keys().all(|n| n.len() <= LONGEST_FIRST_NAME));
    }
}
