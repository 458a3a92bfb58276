//! What copies do to a line's words: drift edits (numbers, negations,
//! truncations, deletions, substitutions), typographic variants (hyphens,
//! dashes, elisions, an editor's bracket), partial cuts, respelt names, and
//! the cuts of passages and statements that outlets quote in part.

use chacha20::ChaCha8Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::RngExt;

use super::PoolQuote;

pub(super) const AUXILIARIES: &[&str] = &[
    "is", "was", "will", "would", "can", "could", "are", "were", "has", "have", "should", "must", "did", "does",
];
pub(super) const NUMBER_WORDS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twenty", "hundred", "thousand", "million",
    "billion",
];

/// A respelling that transliterations make and names are matched across
/// (Slutsky → Sluzki, Brown → Brovn); the last word of the name changes.
pub fn respell(name: &str) -> String {
    let Some((head, last)) = name.rsplit_once(' ').map_or(Some(("", name)), Some) else {
        return name.to_string();
    };
    let mut l = last.to_string();
    for (from, to) in [
        ("tsk", "zk"),
        ("ts", "z"),
        ("ck", "k"),
        ("ph", "f"),
        ("w", "v"),
        ("sch", "sh"),
    ] {
        if l.contains(from) {
            l = l.replacen(from, to, 1);
            break;
        }
    }
    if l.ends_with('y') {
        l.pop();
        l.push('i');
    } else if l == last {
        // Double the last letter: transliterations disagree on that too.
        if let Some(c) = l.chars().last() {
            l.push(c);
        }
    }
    if head.is_empty() {
        l
    } else {
        format!("{head} {l}")
    }
}

/// Splits a token into leading punctuation, core, trailing punctuation.
pub(super) fn split_token(t: &str) -> (&str, &str, &str) {
    let core_start = t.find(|c: char| c.is_alphanumeric()).unwrap_or(t.len());
    let core_end = t
        .rfind(|c: char| c.is_alphanumeric())
        .map_or(core_start, |i| i + t[i..].chars().next().map_or(1, char::len_utf8));
    (
        &t[..core_start],
        &t[core_start..core_end.max(core_start)],
        &t[core_end.max(core_start)..],
    )
}

pub(super) fn replace_core(t: &str, new: &str) -> String {
    let (a, _, c) = split_token(t);
    format!("{a}{new}{c}")
}

/// One edit of a quote's words; returns the change's name and how many
/// words it edited.
pub(super) fn edit(
    words: &mut Vec<String>,
    budget: usize,
    vocab: &[String],
    rng: &mut ChaCha8Rng,
) -> (&'static str, usize) {
    let roll: f64 = rng.random();
    let n = words.len();
    if roll < 0.1 {
        // A changed number.
        let nums: Vec<usize> = (0..n)
            .filter(|&i| {
                let core = split_token(&words[i]).1.to_lowercase();
                core.chars().any(|c| c.is_ascii_digit()) || NUMBER_WORDS.contains(&core.as_str())
            })
            .collect();
        if let Some(&i) = nums.choose(rng) {
            let core = split_token(&words[i]).1.to_string();
            let new = if core.chars().any(|c| c.is_ascii_digit()) {
                let digits: String = core.chars().filter(char::is_ascii_digit).collect();
                let v: u64 = digits.get(..9).unwrap_or(&digits).parse().unwrap_or(1);
                core.replacen(&digits, &(v + rng.random_range(1..9u64)).to_string(), 1)
            } else {
                let lower = core.to_lowercase();
                let other: Vec<&&str> = NUMBER_WORDS.iter().filter(|w| **w != lower).collect();
                (**other.choose(rng).expect("several number words")).to_string()
            };
            words[i] = replace_core(&words[i], &new);
            return ("number", 1);
        }
    } else if roll < 0.2 {
        // A negation gained or lost.
        if let Some(i) = words
            .iter()
            .position(|w| matches!(split_token(w).1.to_lowercase().as_str(), "not" | "never"))
        {
            if n > 6 {
                let punct = split_token(&words[i]).2.to_string();
                words.remove(i);
                if !punct.is_empty() && i > 0 {
                    words[i - 1].push_str(&punct);
                }
                return ("negation", 1);
            }
        } else if let Some(i) = words
            .iter()
            .position(|w| AUXILIARIES.contains(&w.to_lowercase().as_str()))
        {
            words.insert(i + 1, "not".to_string());
            return ("negation", 1);
        }
    } else if roll < 0.3 && n > 7 {
        // Truncation: the last words cut.
        let k = rng.random_range(1..=budget.min(3).min(n - 6));
        words.truncate(n - k);
        return ("truncation", k);
    } else if roll < 0.55 && n > 6 {
        let i = rng.random_range(0..n);
        let punct = split_token(&words[i]).2.to_string();
        words.remove(i);
        if !punct.is_empty() && i > 0 {
            words[i - 1].push_str(&punct);
        }
        return ("deletion", 1);
    }
    // Substitution (also the fallback when another edit does not apply).
    let i = rng.random_range(0..n);
    let old = split_token(&words[i]).1.to_lowercase();
    let mut new = vocab.choose(rng).cloned().unwrap_or_else(|| "indeed".into());
    if new == old {
        new = "really".into();
    }
    if i == 0 {
        let mut c = new.chars();
        new = c
            .next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or(new);
    }
    words[i] = replace_core(&words[i], &new);
    ("substitution", 1)
}

/// Full and elided forms an editor swaps.
pub(super) const ELISIONS: &[(&str, &str)] = &[
    ("do not", "don't"),
    ("does not", "doesn't"),
    ("did not", "didn't"),
    ("is not", "isn't"),
    ("are not", "aren't"),
    ("was not", "wasn't"),
    ("were not", "weren't"),
    ("will not", "won't"),
    ("would not", "wouldn't"),
    ("could not", "couldn't"),
    ("should not", "shouldn't"),
    ("have not", "haven't"),
    ("has not", "hasn't"),
    ("cannot", "can't"),
    ("it is", "it's"),
    ("that is", "that's"),
    ("there is", "there's"),
    ("i am", "i'm"),
    ("we are", "we're"),
    ("they are", "they're"),
    ("you are", "you're"),
    ("we will", "we'll"),
    ("i will", "i'll"),
    ("we have", "we've"),
    ("i have", "i've"),
];

/// Bodies an editor names in brackets for "they" or "them".
pub(super) const BODIES: &[&str] = &[
    "the government",
    "the council",
    "the players",
    "the company",
    "the party",
];

/// Dashes as outlets set them between words.
pub(super) const DASHES: &[&str] = &["—", "-", "--", "–"];

/// Words a partial quote neither starts nor ends on: "the plan was “a
/// step too far”" is quoted, "“plan was a”" is not.
pub(super) const WEAK: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by", "from", "that", "this",
    "it", "is", "was", "be", "been", "are", "we", "i", "he", "she", "they", "you", "as", "if", "so", "not", "our",
    "their", "his", "her", "its", "my", "will", "would", "have", "has", "had", "there", "which", "who",
];

/// Matches `ours` against a lowercase form, keeping the case of its first
/// letter in `to`.
pub(super) fn with_case_of(ours: &str, to: &str) -> String {
    if ours.starts_with(|c: char| c.is_uppercase()) || to == "i" || to.starts_with("i'") || to.starts_with("i ") {
        capitalise(to)
    } else {
        to.to_string()
    }
}

/// Swaps a full form for its elision or back ("do not" / "don't"), once.
pub(super) fn elide(words: &mut Vec<String>, rng: &mut ChaCha8Rng) -> bool {
    let mut found: Vec<(usize, usize, &str)> = Vec::new();
    for i in 0..words.len() {
        let (lead, core, _) = split_token(&words[i]);
        let one = core.to_lowercase();
        for &(full, short) in ELISIONS {
            let parts: Vec<&str> = full.split(' ').collect();
            if one == short && lead.is_empty() {
                found.push((i, 1, full));
            } else if parts.len() == 1 && one == full && lead.is_empty() {
                found.push((i, 1, short));
            } else if parts.len() == 2 && one == parts[0] && lead.is_empty() {
                let next = words.get(i + 1).map(|w| split_token(w));
                if split_token(&words[i]).2.is_empty()
                    && next.is_some_and(|(l, c, _)| l.is_empty() && c.to_lowercase() == parts[1])
                {
                    found.push((i, 2, short));
                }
            }
        }
    }
    let Some(&(i, n, to)) = found.choose(rng) else {
        return false;
    };
    let tail = split_token(&words[i + n - 1]).2.to_string();
    let new = format!("{}{tail}", with_case_of(&words[i], to));
    let new: Vec<String> = new.split(' ').map(str::to_string).collect();
    words.splice(i..i + n, new);
    true
}

/// Splits a hyphenated word ("locker-room" → "locker room") or, if none,
/// joins two plain words with a hyphen ("long term" → "long-term").
pub(super) fn hyphenate(words: &mut Vec<String>, rng: &mut ChaCha8Rng) -> bool {
    let hyphened: Vec<usize> = (0..words.len())
        .filter(|&i| {
            let core = split_token(&words[i]).1;
            core.split('-').count() == 2
                && core
                    .split('-')
                    .all(|p| p.chars().all(char::is_alphabetic) && !p.is_empty())
        })
        .collect();
    if let Some(&i) = hyphened.choose(rng) {
        let w = words[i].clone();
        let (lead, core, tail) = split_token(&w);
        let (a, b) = core.split_once('-').expect("checked above");
        words.splice(i..=i, [format!("{lead}{a}"), format!("{b}{tail}")]);
        return true;
    }
    let plain = |w: &str| w.len() >= 3 && w.chars().all(|c| c.is_ascii_lowercase()) && !WEAK.contains(&w);
    let pairs: Vec<usize> = (0..words.len().saturating_sub(1))
        .filter(|&i| plain(&words[i]) && plain(split_token(&words[i + 1]).1) && split_token(&words[i + 1]).0.is_empty())
        .collect();
    let Some(&i) = pairs.choose(rng) else {
        return false;
    };
    let joined = format!("{}-{}", words[i], words[i + 1]);
    words.splice(i..=i + 1, [joined]);
    true
}

/// Sets a dash another way (" — ", " - ", " -- ", "–"), or sets one where
/// a comma was.
pub(super) fn dash(words: &mut Vec<String>, rng: &mut ChaCha8Rng) -> bool {
    let dashes: Vec<usize> = (0..words.len())
        .filter(|&i| DASHES.contains(&words[i].as_str()))
        .collect();
    if let Some(&i) = dashes.choose(rng) {
        let others: Vec<&&str> = DASHES.iter().filter(|d| **d != words[i]).collect();
        words[i] = (**others.choose(rng).expect("several dashes")).to_string();
        return true;
    }
    let commas: Vec<usize> = (0..words.len().saturating_sub(1))
        .filter(|&i| words[i].ends_with(',') && words[i].len() > 1)
        .collect();
    let Some(&i) = commas.choose(rng) else {
        return false;
    };
    words[i].pop();
    let d = *DASHES.choose(rng).expect("dashes");
    if d == "--" && rng.random_bool(0.5) {
        // Typed without spaces, as in plain-text copy: "now--and".
        let next = words.remove(i + 1);
        words[i] = format!("{}--{next}", words[i]);
    } else {
        words.insert(i + 1, d.to_string());
    }
    true
}

/// An editor's bracket naming whom a pronoun means: "he [Tony Blair]".
pub(super) fn bracket(words: &mut Vec<String>, persons: &[String], rng: &mut ChaCha8Rng) -> bool {
    let pronouns: Vec<usize> = (0..words.len())
        .filter(|&i| {
            let (lead, core, tail) = split_token(&words[i]);
            lead.is_empty()
                && tail.is_empty()
                // Not "her": it may be a possessive ("her [Jo Roe] knee").
                && matches!(core.to_lowercase().as_str(), "he" | "she" | "him" | "they" | "them")
        })
        .collect();
    let Some(&i) = pronouns.choose(rng) else {
        return false;
    };
    let name = if matches!(words[i].to_lowercase().as_str(), "they" | "them") {
        (*BODIES.choose(rng).expect("bodies")).to_string()
    } else {
        match persons.choose(rng) {
            Some(p) => p.clone(),
            None => return false,
        }
    };
    words.insert(i + 1, format!("[{name}]"));
    true
}

/// Typographic variants of a copy (issue 13): one, or now and then two,
/// of the kinds that apply, in a random order. Returns what was done;
/// empty when none applies.
pub(super) fn variant(words: &mut Vec<String>, persons: &[String], rng: &mut ChaCha8Rng) -> Vec<String> {
    let mut kinds = ["hyphen", "dash", "elision", "bracket"];
    kinds.shuffle(rng);
    let want = if rng.random_bool(0.3) { 2 } else { 1 };
    let mut done = Vec::new();
    for kind in kinds {
        if done.len() == want {
            break;
        }
        let applied = match kind {
            "hyphen" => hyphenate(words, rng),
            "dash" => dash(words, rng),
            "elision" => elide(words, rng),
            _ => bracket(words, persons, rng),
        };
        if applied {
            done.push(kind.to_string());
        }
    }
    done
}

/// Two to five words of a line, as a writer quotes them inside a sentence
/// of their own: no sentence break inside, not starting or ending on a
/// small word, the first word lowercased unless it is a name or "I".
pub(super) fn partial_cut(words: &[String], rng: &mut ChaCha8Rng) -> Option<Vec<String>> {
    let n = words.len();
    let core = |w: &String| split_token(w).1.to_lowercase();
    let fits = |s: usize, k: usize| {
        let cut = &words[s..s + k];
        let clean_inside = cut[..k - 1]
            .iter()
            .all(|w| split_token(w).2.is_empty() && split_token(w).0.is_empty())
            && split_token(&cut[k - 1]).0.is_empty();
        let plain = cut
            .iter()
            .all(|w| !w.contains(['[', ']', '(', ')']) && split_token(w).1.chars().any(char::is_alphabetic));
        let (first, last) = (core(&cut[0]), core(&cut[k - 1]));
        clean_inside
            && plain
            && !WEAK.contains(&first.as_str())
            && !WEAK.contains(&last.as_str())
            && cut.iter().any(|w| split_token(w).1.len() >= 4)
    };
    // Never the whole line: then it would be the line, not a fragment.
    let cuts: Vec<(usize, usize)> = (2..=5usize.min(n.saturating_sub(1)))
        .flat_map(|k| (0..=n - k).map(move |s| (s, k)))
        .filter(|&(s, k)| fits(s, k))
        .collect();
    let &(s, k) = cuts.choose(rng)?;
    let mut out: Vec<String> = words[s..s + k].to_vec();
    if s == 0 && out[0] != "I" {
        out[0] = out[0].to_lowercase();
    }
    let last = out.last_mut().expect("two words or more");
    *last = split_token(last).1.to_string();
    Some(out)
}

/// Lines said one after another, as the words of one passage: each
/// opening with a capital and closing a sentence.
pub(super) fn passage(parts: &[PoolQuote]) -> (Vec<String>, Vec<usize>) {
    let mut words: Vec<String> = Vec::new();
    let mut ends = Vec::new();
    for p in parts {
        let start = words.len();
        words.extend(p.words.iter().cloned());
        if let Some(w) = words.get_mut(start) {
            *w = capitalise(w);
        }
        if let Some(w) = words.last_mut() {
            if !w.ends_with(['.', '?', '!']) {
                w.push('.');
            }
        }
        ends.push(words.len());
    }
    (words, ends)
}

/// A spoken passage of two lines and up to three windows over it, all of
/// one length: none holds another, and any two share a run of about eight
/// words or more (exactly so from 12 words up).
pub(super) fn passage_windows(parts: &[PoolQuote], rng: &mut ChaCha8Rng) -> (Vec<String>, Vec<(usize, usize)>) {
    let (words, _) = passage(parts);
    let n = words.len();
    let len = ((n + 9) / 2 + rng.random_range(0..=2usize))
        .min(n.saturating_sub(2))
        .max(1);
    let last = n - len;
    let mut starts = vec![0, last / 2, last];
    starts.dedup();
    (words, starts.into_iter().map(|s| (s, s + len)).collect())
}

/// A statement of three sentences, and the pieces outlets quote of it:
/// sentences 1–2, 2–3, and 3 alone.
pub(super) fn statement_pieces(parts: &[PoolQuote]) -> (Vec<String>, Vec<(usize, usize)>) {
    let (words, ends) = passage(parts);
    let n = words.len();
    (words, vec![(0, ends[1]), (ends[0], n), (ends[1], n)])
}

/// Where a line splits into the two parts of an interrupted quote: after
/// a sentence if one ends inside it, else after a comma; the break nearest
/// the middle, with five words or more on each side.
pub(super) fn split_point(words: &[String]) -> Option<usize> {
    let n = words.len();
    let ok = |k: usize| k >= 5 && n - k >= 5;
    let near = |ks: Vec<usize>| ks.into_iter().min_by_key(|&k| (2 * k).abs_diff(n));
    let sentence: Vec<usize> = (1..n)
        .filter(|&k| {
            ok(k)
                && words[k - 1].ends_with(['.', '?', '!'])
                && words[k].starts_with(|c: char| c.is_uppercase())
                && split_token(&words[k - 1]).1.len() > 1
        })
        .collect();
    near(sentence).or_else(|| near((1..n).filter(|&k| ok(k) && words[k - 1].ends_with(',')).collect()))
}

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
