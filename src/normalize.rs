//! Text normalization for comparing quotes across articles: Unicode NFKC,
//! quote marks, apostrophes and dashes folded, every kind of whitespace
//! made one space, and case folded. Two copies of a line that differ only
//! in typography normalize to the same words.

use unicode_normalization::UnicodeNormalization;

/// Folds one character after NFKC: typographic variants to their plain
/// form, so that `Russia’s` and `Russia's` compare equal.
pub(crate) fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '\u{0060}' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}' | '\u{2039}' | '\u{203A}'
        | '\u{2033}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' | '\u{FE58}'
        | '\u{FE63}' | '\u{FF0D}' => '-',
        c => c,
    }
}

/// The whole text normalized: NFKC, marks and dashes folded, whitespace
/// runs (no-break spaces included) made one space, lowercase, trimmed.
/// Idempotent: `normalize(&normalize(s)) == normalize(s)`.
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        normalize_ascii(text)
    } else {
        normalize_any(text)
    }
}

/// [`normalize`] of any text.
fn normalize_any(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfkc().map(fold_char) {
        if c.is_whitespace() || c.is_control() || is_invisible(c) {
            space = !out.is_empty();
            continue;
        }
        // A combining mark with no letter to sit on ("᾿" is NFKC
        // " \u{313}", "㈀" is "(ᄀ)"): kept, it would attach to whatever
        // the next pass or the word splitter puts before it; it separates
        // words as a space does.
        if is_combining(c)
            && (space
                || !out
                    .chars()
                    .next_back()
                    .is_some_and(|p| p.is_alphanumeric() || is_combining(p)))
        {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    // Lowercasing can produce sequences NFKC would compose differently
    // (rare; e.g. some Greek and Turkish letters); one more pass settles it.
    if out.nfkc().eq(out.chars()) {
        out
    } else {
        normalize(&out.nfkc().collect::<String>())
    }
}

/// [`normalize`] of an ASCII text, which NFKC leaves as it is and no
/// mark or invisible character is in: most news text, and the bulk of
/// the linker's and the drift audit's words, which paid for the general
/// path's per-character decomposition.
fn normalize_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for b in text.bytes() {
        if b == b' ' || b.is_ascii_control() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(ascii_fold(b));
    }
    out
}

/// One ASCII character as [`fold_char`] and lowercasing leave it.
fn ascii_fold(b: u8) -> char {
    if b == b'`' {
        '\''
    } else {
        char::from(b.to_ascii_lowercase())
    }
}

/// Zero-width characters that scrapes leave inside words and lines.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// The text without an editor's inserts: square brackets and what they
/// hold ("he [Trump] is being used"), which copies of one line add or
/// leave out as they please. A bracket left open is kept as text.
pub fn without_inserts(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('[') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(len) = rest[open..].find(']') else { break };
        out.push_str(&rest[..open]);
        out.push(' ');
        rest = &rest[open + len + 1..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// One word of a text: its byte span in the text and its normalized form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub norm: String,
}

/// Characters that join two alphanumeric runs into one word (`don't`,
/// `NATO’s`), in any of their typographic forms. A hyphen does not: copies
/// write "locker-room talk" and "locker room talk" alike, so the parts of
/// a compound are words of their own.
fn is_joiner(c: char) -> bool {
    if fold_char(c) == '\'' {
        return true;
    }
    // A compatibility form of one ("₋" is NFKC "−"): normalizing makes it
    // a joiner, so it is one here too.
    if c.is_ascii() {
        return false;
    }
    let mut nfkc = std::iter::once(c).nfkc();
    matches!((nfkc.next().map(fold_char), nfkc.next()), (Some('\''), None))
}

/// The words of `text`, each a run of letters and digits, possibly joined
/// by apostrophes. Punctuation, marks and hyphens are not words.
pub fn words(text: &str) -> Vec<Word> {
    let spans = runs(text);
    let mut out = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        let run = &text[start..end];
        if run.is_ascii() {
            // A run of ASCII letters and digits, joined by apostrophes
            // only between two of them, normalizes to one run.
            let mut norm = run.to_ascii_lowercase();
            if norm.contains('`') {
                norm = norm.replace('`', "'");
            }
            out.push(Word { start, end, norm });
            continue;
        }
        // Normalizing can split a run ("¼" is "1⁄4") or leave nothing a
        // word could start with; the words are those of the normalized
        // run, so that a text and its normalized form have the same words.
        let norm = normalize(&text[start..end]);
        for (s, e) in runs(&norm) {
            out.push(Word {
                start,
                end,
                norm: norm[s..e].to_string(),
            });
        }
    }
    out
}

/// Byte ranges of the word runs of `text`.
fn runs(text: &str) -> Vec<(usize, usize)> {
    // About one word in six bytes of news text.
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !is_wordish(c) {
            continue;
        }
        let start = i;
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if is_wordish(d) || is_combining(d) {
                end = j + d.len_utf8();
                iter.next();
            } else if is_joiner(d) {
                // A joiner counts only between two alphanumerics.
                let after = text[j + d.len_utf8()..].chars().next();
                if after.is_some_and(is_wordish) {
                    end = j + d.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        out.push((start, end));
    }
    out
}

/// A letter or digit, or a compatibility character that normalizes to
/// one (ﬁ, ①, 𝐀): what words are made of, before or after NFKC.
fn is_wordish(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && std::iter::once(c).nfkc().any(char::is_alphanumeric))
}

/// Combining marks continue a word: NFKC may split a letter into a base
/// and a mark (ଡ଼ into ଡ and ◌଼), and the word must stay whole.
fn is_combining(c: char) -> bool {
    !c.is_ascii() && unicode_normalization::char::is_combining_mark(c)
}

/// A normalized word without its possessive: `isis's` and `isis'` are
/// one word to the copy-edge evidence, though the diff still shows them.
pub fn word_base(norm: &str) -> &str {
    norm.strip_suffix("'s")
        .or_else(|| norm.strip_suffix('\''))
        .unwrap_or(norm)
}

/// FNV-1a of a word key: a function of the key's text alone, stable
/// across runs, builds and corpora (unlike std's hasher, or an id given
/// in the order words were met). The linker's shingles and the store's
/// index are both made of it, so neither depends on which articles came
/// first.
pub fn key_hash(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The key two words must share to count as the same word when aligning
/// drifted copies: the first five characters, without a possessive. It
/// lets `Intel` meet `intelligence` and `officer` meet `officers`, while
/// `undeclared` and `undisclosed` stay apart.
pub fn word_key(norm: &str) -> &str {
    let base = norm
        .strip_suffix("'s")
        .or_else(|| norm.strip_suffix('\''))
        .unwrap_or(norm);
    match base.char_indices().nth(5) {
        Some((i, _)) => &base[..i],
        None => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compatibility_joiners_and_baseless_marks_normalize_stably() {
        // Found by proptest (issue 5's normalization invariants).
        for text in ["A₋A", "x᾿a", "᾿\u{c55}", "㈀\u{a81}", "a'\u{11370}𝔞"] {
            let once = normalize(text);
            assert_eq!(normalize(&once), once, "{text:?}");
            let a: Vec<String> = words(text).into_iter().map(|w| w.norm).collect();
            let b: Vec<String> = words(&once).into_iter().map(|w| w.norm).collect();
            assert_eq!(a, b, "{text:?}");
        }
    }

    proptest::proptest! {
        /// The ASCII paths are shortcuts, never other answers: the words
        /// and the normalized text of any ASCII text are what the general
        /// path makes of it.
        #[test]
        fn ascii_shortcuts_agree_with_the_general_path(text in "[ -~\t\n\x0b\x0c\r\x00\x7f`']{0,40}") {
            proptest::prop_assert_eq!(normalize(&text), normalize_any(&text));
            let general: Vec<Word> = runs(&text)
                .into_iter()
                .flat_map(|(start, end)| {
                    let norm = normalize_any(&text[start..end]);
                    runs(&norm)
                        .into_iter()
                        .map(|(s, e)| Word { start, end, norm: norm[s..e].to_string() })
                        .collect::<Vec<_>>()
                })
                .collect();
            proptest::prop_assert_eq!(words(&text), general);
        }
    }

    #[test]
    fn folds_typography_whitespace_and_case() {
        assert_eq!(
            normalize("  Russia’s\u{00A0}“Undeclared”\tofficers — ＮＡＴＯ "),
            "russia's \"undeclared\" officers - nato"
        );
    }

    #[test]
    fn normalize_is_idempotent_on_tricky_input() {
        for s in ["İstanbul", "ǅ", "ﬁnal ﬂag", "Straße", "a\u{200B}b", "ΣΑΣ"] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "{s:?}");
        }
    }

    #[test]
    fn words_keep_joined_forms_and_spans() {
        let text = "“NATO’s policy,” he said — don't re-run it.";
        let ws = words(text);
        let norms: Vec<&str> = ws.iter().map(|w| w.norm.as_str()).collect();
        assert_eq!(norms, ["nato's", "policy", "he", "said", "don't", "re", "run", "it"]);
        assert_eq!(&text[ws[0].start..ws[0].end], "NATO’s");
    }

    #[test]
    fn issue13_hyphenated_and_open_compounds_are_the_same_words() {
        let norms = |t: &str| words(t).into_iter().map(|w| w.norm).collect::<Vec<_>>();
        assert_eq!(norms("locker-room talk"), norms("locker room talk"));
        assert_eq!(norms("NATO‑Russia council"), norms("NATO Russia council"));
    }

    #[test]
    fn issue13_an_editors_insert_is_not_part_of_the_line() {
        assert_eq!(without_inserts("but he [Trump] is used"), "but he   is used");
        assert_eq!(without_inserts("no brackets"), "no brackets");
        assert_eq!(without_inserts("left [open"), "left [open");
    }

    #[test]
    fn trailing_apostrophe_and_hyphen_are_not_part_of_words() {
        let norms: Vec<String> = words("the boys' - end-").into_iter().map(|w| w.norm).collect();
        assert_eq!(norms, ["the", "boys", "end"]);
    }

    #[test]
    fn word_keys_match_abbreviations_and_plurals_not_different_words() {
        assert_eq!(word_key("intel"), word_key("intelligence"));
        assert_eq!(word_key("officer"), word_key("officers"));
        assert_eq!(word_key("nato's"), "nato");
        assert_ne!(word_key("undeclared"), word_key("undisclosed"));
        assert_eq!(word_key("größte"), "größt");
    }
}
