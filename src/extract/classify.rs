//! The kind of each quote (statement, partial, scare, headline): the
//! kind model's features and the rules around it, and the test for a
//! quote that names a work rather than quoting anyone.

use super::frames::Ctx;
use super::tokens::{ascii_alnum, not_ascii_alnum, Tok};
use super::words::{count_words, sentence_of};
use super::{kinds, marks, Kind, Work};
use crate::grammar::lex;
use crate::grammar::KindHint;

/// The kind of one quote: said or not by the kind model where the language
/// has one, by rules otherwise; then statement or partial by its shape.
pub(super) fn classify(ctx: &Ctx, w: &Work, piece_tok: &[usize], pieces: &[marks::Piece]) -> Kind {
    if w.headline {
        return Kind::Headline;
    }
    if w.title {
        return Kind::Scare;
    }
    // One of three or more quotes in a row ("Themen wie „…“, „…“ oder
    // „…“") is a list of titles, names or categories, not words someone
    // said: none of GermEval train's 17 is a statement, while two quotes
    // in a row are as often said ("als „aggressiv“ und „herausfordernd“").
    // German only: English tells such names by their Title Case, and its
    // lists of said words ("“reckless,” “dangerous” and “wrong”") were
    // not measured.
    let (first, last) = (piece_tok[w.pieces[0]], piece_tok[*w.pieces.last().expect("piece")]);
    if ctx.g.capitalises_nouns() && first != usize::MAX && last != usize::MAX && quotes_in_row(ctx, first, last) >= 3 {
        return Kind::Scare;
    }
    let (s, e) = (pieces[w.pieces[0]].start, pieces[*w.pieces.last().expect("piece")].end);
    let inner = ctx.text[s..e.max(s)].trim();
    let words = count_words(inner);
    let capital = inner.chars().next().is_some_and(char::is_uppercase);
    // Said or not is the kind model's choice where the language has one;
    // a long capitalised quote is somebody's words whoever said them.
    let said = ctx.g.kinds.as_deref().map(|model| {
        let mut h = kinds::Hashed::with_capacity(words + 24);
        counted_kind_features(ctx, w, piece_tok, pieces, words, &mut h);
        model.said(&mut h)
    });
    if said == Some(false) && !(words >= 12 && capital) {
        return Kind::Scare;
    }
    let tok = piece_tok[w.pieces[0]];
    let after_word = tok != usize::MAX && tok > 0 && {
        let prev = ctx.toks[tok - 1];
        prev.is_word() && !ctx.is_verb(tok - 1)
    };
    if let Some(m) = &w.matched {
        let hint = ctx.g.frames[m.frame].kind;
        return match hint {
            Some(KindHint::Statement) => Kind::Statement,
            Some(KindHint::Partial) => Kind::Partial,
            None if after_word || (!capital && words < 6) => Kind::Partial,
            None => Kind::Statement,
        };
    }
    if w.borrowed.is_some() {
        return Kind::Statement;
    }
    // Unattributed. News annotators count most quoted words as somebody's,
    // so only what is plainly a name, a title or a stray mark is a scare
    // quote: Title Case with no speech verb in the sentence, or a short
    // unclosed run.
    // A quote of several sentences is somebody's even when the article
    // does not say whose.
    let long = words >= 12 && capital;
    let rule_scare = w.unclosed && words <= 3
        || is_title_case(inner) && !sentence_has_verb(ctx, tok)
        || w.fallback.is_none() && !long;
    if said.is_none() && rule_scare {
        return Kind::Scare;
    }
    // A whole sentence in quotes is a statement however short it is.
    let own_sentence = tok != usize::MAX
        && (tok == 0 || ctx.toks[tok - 1].ends_sentence() || ctx.toks[tok - 1].kind == Tok::Punct(':'))
        && inner.ends_with(['.', '!', '?']);
    if capital && (words >= 6 && !after_word || own_sentence) {
        Kind::Statement
    } else {
        Kind::Partial
    }
}

/// The features the kind model reads (see [`kinds`]): the quote's shape,
/// how it was attributed, and the words around it.
pub(super) fn kind_features(
    ctx: &Ctx,
    w: &Work,
    piece_tok: &[usize],
    pieces: &[marks::Piece],
    out: &mut impl kinds::Sink,
) {
    let (s, e) = (pieces[w.pieces[0]].start, pieces[*w.pieces.last().expect("piece")].end);
    let words = count_words(ctx.text[s..e.max(s)].trim());
    counted_kind_features(ctx, w, piece_tok, pieces, words, out);
}

/// [`kind_features`] of a quote of `words` words: [`classify`] has
/// counted them already, and counting them twice was a hundredth of
/// extraction.
fn counted_kind_features(
    ctx: &Ctx,
    w: &Work,
    piece_tok: &[usize],
    pieces: &[marks::Piece],
    words: usize,
    out: &mut impl kinds::Sink,
) {
    let (s, e) = (pieces[w.pieces[0]].start, pieces[*w.pieces.last().expect("piece")].end);
    let inner = ctx.text[s..e.max(s)].trim();
    let words = kinds::words_bucket(words);
    let capital = inner.chars().next().is_some_and(char::is_uppercase);
    out.add("words", words);
    out.add(if capital { "capital" } else { "lower" }, words);
    if is_title_case(inner) {
        out.add("titlecase", words);
    }
    // The test that fails at the first lowercase letter goes first: the
    // count walks the whole quote.
    let letters = inner.chars().filter(|c| c.is_alphabetic());
    if letters.clone().all(char::is_uppercase) && letters.count() >= 2 {
        out.add("allcaps", "");
    }
    let mut buf = [0u8; 4];
    match inner.chars().next_back() {
        Some(c) if !c.is_alphanumeric() => out.add("end", c.encode_utf8(&mut buf)),
        _ => out.add("end", "word"),
    }
    // Bytes, not chars: a char pattern decoded every char of the quote.
    if memchr::memchr2(b'@', b'#', inner.as_bytes()).is_some() {
        out.add("handle", "");
    }
    // A name or term the article also writes without marks. Only where
    // every noun is capitalised (German), so capitals cannot tell a name
    // from a noun; on English held-out outlets it cost F1 (BENCHMARKS.md,
    // issue 14).
    if ctx.g.capitalises_nouns() && written_unquoted(ctx.text, s, e, inner) {
        out.add("unquoted", "");
    }
    // The quote's own words: "I", "we", "will" say speech; "the" and a
    // lone noun say a term.
    // Repeats are dropped by the model and by training alike.
    let mut lower = String::new();
    quote_words(inner, |word, plain| {
        // Most quote words are ASCII with no capital: their own lowercase
        // form, added uncopied. The rest are lowercased as char by char,
        // a byte at a time for ASCII: char by char was a twentieth of
        // extraction.
        if plain {
            out.add("qw", word);
            return;
        }
        lower.clear();
        crate::grammar::push_lower(&mut lower, word);
        out.add("qw", &lower);
    });
    match &w.matched {
        Some(m) => {
            out.add("frame", words);
            out.add(
                "hint",
                match ctx.g.frames[m.frame].kind {
                    Some(KindHint::Statement) => "statement",
                    Some(KindHint::Partial) => "partial",
                    None => "none",
                },
            );
        }
        None if w.borrowed.is_some() => out.add("borrowed", ""),
        None if w.fallback.is_some() => out.add("context", words),
        None => out.add("nobody", words),
    }
    if w.unclosed {
        out.add("unclosed", "");
    }
    if w.reopened {
        out.add("reopened", "");
    }
    if w.pieces.len() > 1 {
        out.add("pieces", "");
    }
    let (first, last) = (piece_tok[w.pieces[0]], piece_tok[*w.pieces.last().expect("piece")]);
    if first == usize::MAX {
        return;
    }
    let mut token = |name: &str, i: Option<usize>| {
        let mut buf = [0u8; 4];
        let value = match i.map(|i| (i, ctx.toks[i].kind)) {
            None => "START",
            Some((_, Tok::Para)) => "PARA",
            Some((_, Tok::Quote(_))) => "QUOTE",
            Some((_, Tok::Punct(c))) => c.encode_utf8(&mut buf),
            Some((i, _)) if ctx.is_verb(i) => {
                out.add(name, "VERB");
                ctx.lower(i)
            }
            Some((i, _)) => ctx.lower(i),
        };
        out.add(name, value);
    };
    token("prev", first.checked_sub(1));
    token("prev2", first.checked_sub(2));
    let after = last + 1;
    token("next", (after < ctx.toks.len()).then_some(after));
    if sentence_has_verb(ctx, first) {
        out.add("sentverb", words);
    }
    let opens = first == 0 || ctx.toks[first - 1].ends_sentence() || ctx.toks[first - 1].kind == Tok::Punct(':');
    if opens {
        out.add("opens", words);
    }
    // Reported speech (a `[reported]` form, German Konjunktiv I: "Dieser
    // *bestehe* aus „repressiven“ …"): the quoted words are what someone
    // said, however short.
    if sentence_reports(ctx, first) {
        out.add("reported", words);
    }
}

/// How many quotes stand in a row with the quote of tokens `first..=last`:
/// quotes joined by at most two tokens, each a comma or a lowercase word
/// that is no verb ("„A“, „B“ oder auch „C“").
fn quotes_in_row(ctx: &Ctx, first: usize, last: usize) -> usize {
    let joins = |i: usize| {
        let t = ctx.toks[i];
        t.kind == Tok::Punct(',') || t.is_word() && ctx.word(i).starts_with(char::is_lowercase) && !ctx.is_verb(i)
    };
    // The next quote's token past `at`, going `step` tokens at a time.
    let next = |at: usize, forward: bool| {
        let mut i = at;
        for _ in 0..3 {
            i = if forward { i + 1 } else { i.checked_sub(1)? };
            let t = *ctx.toks.get(i)?;
            if matches!(t.kind, Tok::Quote(_)) {
                return (i != at + 1 && i + 1 != at).then_some(i);
            }
            if !joins(i) {
                return None;
            }
        }
        None
    };
    let mut n = 1;
    let mut at = last;
    while let Some(i) = next(at, true) {
        n += 1;
        at = i;
    }
    at = first;
    while let Some(i) = next(at, false) {
        n += 1;
        at = i;
    }
    n
}

/// Calls `each` with every word of a quote, as `s.split(|c: char|
/// !c.is_alphanumeric() && c != '\'' && c != '’')` gives the non-empty
/// ones, and whether the word is ASCII with no capital (its own lowercase
/// form). An ASCII byte is settled by a table, with no char decoded: the
/// split's per-char test was a hundredth of extraction.
fn quote_words<'s>(s: &'s str, mut each: impl FnMut(&'s str, bool)) {
    let bytes = s.as_bytes();
    let (mut start, mut i, mut plain) = (0, 0, true);
    while i < bytes.len() {
        let b = bytes[i];
        // An ASCII run of a word eight bytes at a time: the byte loop
        // below was a hundredth of English extraction.
        if ascii_alnum(b) || b == b'\'' {
            let (n, capital) = ascii_word_run(&bytes[i..]);
            plain &= !capital;
            i += n;
            continue;
        }
        let (in_word, width) = if b.is_ascii() {
            (ascii_alnum(b) || b == b'\'', 1)
        } else {
            let c = s[i..].chars().next().expect("a char starts here");
            (c.is_alphanumeric() || c == '’', c.len_utf8())
        };
        if in_word {
            plain &= b.is_ascii() && !b.is_ascii_uppercase();
        } else {
            if start < i {
                each(&s[start..i], plain);
            }
            start = i + width;
            plain = true;
        }
        i += width;
    }
    if start < bytes.len() {
        each(&s[start..], plain);
    }
}

/// How many bytes `b` starts with that are ASCII letters, digits or
/// apostrophes, and whether a capital is among them.
fn ascii_word_run(b: &[u8]) -> (usize, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = !HIGH;
    let (mut n, mut capital) = (0, false);
    while let Some(chunk) = b.get(n..n + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // Per byte, exactly (no carry crosses a byte): an apostrophe, and
        // a capital (seven-bit lanes, as in `not_ascii_alnum`).
        let y = x ^ (u64::from(b'\'') * ONES);
        let apostrophe = !(((y & LOW) + LOW) | y) & HIGH;
        let v = x & LOW;
        let capitals = (v + (0x80 - 0x41) * ONES) & !(v + (0x7f - 0x5a) * ONES) & !x & HIGH;
        let stops = not_ascii_alnum(x) & !apostrophe;
        if stops != 0 {
            // The high bit of the first stop is bit 8k + 7: the bytes
            // before it are the bits below 8k.
            let at = stops.trailing_zeros();
            capital |= capitals & ((1u64 << (at - 7)) - 1) != 0;
            return (n + (at / 8) as usize, capital);
        }
        capital |= capitals != 0;
        n += 8;
    }
    while n < b.len() && (ascii_alnum(b[n]) || b[n] == b'\'') {
        capital |= b[n].is_ascii_uppercase();
        n += 1;
    }
    (n, capital)
}

/// Does the article write a short quote's words elsewhere without quote
/// marks ("Amflora" in „Amflora“ and "die Amflora-Kartoffel")? Then they
/// are a name or a term the article uses, not words it attributes.
fn written_unquoted(text: &str, s: usize, e: usize, inner: &str) -> bool {
    let inner = inner.trim_end_matches(['.', ',', '!', '?', ':', ';']);
    if inner.chars().count() < 2 || inner.split_whitespace().nth(4).is_some() {
        return false;
    }
    let mark = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || "„“”\"«»‚‘’'›‹".contains(c));
    memchr::memmem::find_iter(text.as_bytes(), inner.as_bytes()).any(|at| {
        let end = at + inner.len();
        (end <= s || at >= e) && !mark(text[..at].chars().next_back()) && !mark(text[end..].chars().next())
    })
}

/// Does the sentence of token `tok` hold one of the grammar's `[reported]`
/// forms (German Konjunktiv I)? Its `[reported-substitutes]` do not
/// count here: with them the German quote kinds measured worse held out
/// (issue 14, session 41).
fn sentence_reports(ctx: &Ctx, tok: usize) -> bool {
    if ctx.g.reported.is_empty() {
        return false;
    }
    let (lo, hi) = sentence_of(ctx, tok);
    (lo..=hi)
        .any(|i| ctx.toks[i].is_word() && ctx.flags(i) & (lex::REPORTED | lex::REPORTED_SUBSTITUTE) == lex::REPORTED)
}

/// Does the quote at token `tok` name a work: a short Title Case span right
/// after a possessive ("NBC’s “Today”") or a `[media]` word ("the book
/// “Tough Choices.”")? In a language that capitalises every noun
/// (German), capitals tell nothing: a quote of at most twelve words right
/// after a `[media]` noun, or a compound ending in one ("Fach*magazin*
/// „Nature“", "Firma „con energy ag“"), is the name it introduces.
pub(super) fn names_a_work(ctx: &Ctx, tok: usize) -> bool {
    let Tok::Quote(k) = ctx.toks[tok].kind else {
        return false;
    };
    if tok == 0 || !ctx.toks[tok - 1].is_word() {
        return false;
    }
    let (s, e) = ctx.inner[k];
    let inner = ctx.text[s..e].trim().trim_end_matches(['.', ',', '!', '?']);
    let prev = ctx.lower(tok - 1);
    if ctx.g.capitalises_nouns() {
        return names_after_media_noun(ctx, tok - 1, prev) && count_words(inner) <= 12;
    }
    let after_possessive = prev.ends_with("’s") || prev.ends_with("'s");
    let after_media = ctx.flags(tok - 1) & crate::grammar::lex::MEDIA != 0;
    (after_possessive || after_media) && inner.chars().next().is_some_and(char::is_uppercase) && is_title_case(inner)
}

/// Is the word at `i` (lowercase `lower`) a `[media]` noun, or a
/// capitalised compound whose last part is one of four letters or more
/// ("Wochen*zeitung*", "Unternehmens*gruppe*")?
fn names_after_media_noun(ctx: &Ctx, i: usize, lower: &str) -> bool {
    ctx.flags(i) & crate::grammar::lex::MEDIA != 0
        || ctx.word(i).starts_with(char::is_uppercase)
            && ctx
                .g
                .media
                .iter()
                .any(|m| lower.len() > m.len() && lower.ends_with(m.as_str()) && m.chars().count() >= 4)
}

/// Every word that has letters starts with a capital, short function
/// words aside: "The Wall Street Journal", "Shark Tank".
fn is_title_case(s: &str) -> bool {
    // Counted as they come: most quotes run past eight words, and
    // collecting each one's words first was a few percent of extraction.
    let mut words = 0;
    let mut caps = 0;
    for w in s.split_whitespace() {
        words += 1;
        if words > 8 {
            return false;
        }
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = w.chars().next() else { continue };
        if first.is_uppercase() {
            caps += 1;
        } else if first.is_alphabetic() && w.len() > 3 {
            return false;
        }
    }
    caps > 0 && !s.trim_end().ends_with(['.', '!', '?', ','])
}

fn sentence_has_verb(ctx: &Ctx, tok: usize) -> bool {
    if tok == usize::MAX {
        return false;
    }
    let (lo, hi) = sentence_of(ctx, tok);
    (lo..=hi).any(|i| ctx.is_verb(i))
}

#[cfg(test)]
mod tests {
    use crate::extract::sieves::tests::with_site_in;
    use crate::extract::testing::extract;
    use crate::extract::Kind;

    #[test]
    fn issue14_a_konjunktiv_ii_substitute_does_not_mark_a_sentence_reported_for_its_kind() {
        // Invented sentences.
        let reports =
            |text: &str| with_site_in("de", text, |ctx, site| super::sentence_reports(ctx, site.first)).unwrap();
        assert!(reports("Der Plan sei „kaputt“."));
        assert!(!reports("Der Plan wäre „kaputt“."));
    }

    #[test]
    fn quote_words_split_as_str_split_does() {
        for s in [
            "",
            "I won't go",
            "  Don’t   say “never”, 2,000 times! ",
            "İstanbul’s café—naïve x'y ½ ١٢٣ ÉTÉ",
            "end'",
            "'a",
            "Twelve-letter words WITH capitals'and'apostrophes in LongerRunsOfLetters",
            "abcdefgH abcdefghI abcdefghijklmnoP abcdefgh' 'abcdefgh ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{",
            "z0Z9aA'x&aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,bbbbbbbb\u{7f}cccccccc—dddddddd",
        ] {
            let mut got = Vec::new();
            super::quote_words(s, |w, plain| got.push((w, plain)));
            let want: Vec<(&str, bool)> = s
                .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                .filter(|w| !w.is_empty())
                .map(|w| (w, w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase())))
                .collect();
            assert_eq!(got, want, "{s:?}");
        }
    }

    #[test]
    fn titles_of_works_are_not_statements() {
        let text = "Intro line here.\n\n“It is nonsense,” Ann Lee said on the Channel Nine’s “Morning Roundup.” She later wrote a book, the book “Quiet Days,” about it.\n";
        let q = extract(text);
        let kinds: Vec<(&str, Kind)> = q.iter().map(|q| (q.text.as_str(), q.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("It is nonsense,", Kind::Statement),
                ("Morning Roundup.", Kind::Scare),
                ("Quiet Days,", Kind::Scare)
            ]
        );
        assert_eq!(q[1].speaker, None);
    }

    #[test]
    fn issue14_a_short_quote_the_article_also_writes_unquoted_is_a_name() {
        let text = "Der Anbau von „Amflora“ ruht. Die Amflora-Kartoffel wächst.";
        let s = text.find("Amflora").unwrap();
        let e = s + "Amflora".len();
        assert!(super::written_unquoted(text, s, e, "Amflora"));
        // Written again only inside quote marks, or only inside a longer
        // word, it is not.
        let text = "Er nannte es „Fest“. Ein „Fest“ sei es. Festessen gab es.";
        let s = text.find("Fest").unwrap();
        assert!(!super::written_unquoted(text, s, s + 4, "Fest"));
    }

    #[test]
    fn issue14_a_german_quote_after_a_noun_that_introduces_a_name_is_that_name() {
        use crate::extract::Extractor;
        use crate::grammar::Grammar;
        let text = "Berlin.\n\nDie Firma „con energy ag“ investiert. Müller berichtete im Fachmagazin \
                    „Public Library of Science“ von dem Fund. „Wir sind sehr zufrieden“, sagte Müller.\n";
        let q = Extractor::new(Grammar::builtin("de").unwrap())
            .extract(text, None)
            .quotes;
        let got: Vec<(&str, Kind, Option<&str>)> = q
            .iter()
            .map(|q| (q.text.as_str(), q.kind, q.speaker.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                // "Firma", and a compound ending in "Magazin": the names
                // they introduce, which nobody says ("Firma" and "Müller"
                // before).
                ("con energy ag", Kind::Scare, None),
                ("Public Library of Science", Kind::Scare, None),
                ("Wir sind sehr zufrieden", Kind::Statement, Some("Müller")),
            ]
        );
    }

    #[test]
    fn issue14_a_german_quote_among_three_in_a_row_is_a_name() {
        use crate::extract::Extractor;
        use crate::grammar::Grammar;
        let text = "Berlin.\n\nMüller sprach über Themen wie „Der Bau der Bahn von Prag nach Dresden“, \
                    „Bilder der alten Stadt“ oder auch „Die Geschichte der Post in Sachsen“. \
                    Meier nannte den Plan „schlecht“ und „teuer“.\n";
        let q = Extractor::new(Grammar::builtin("de").unwrap())
            .extract(text, None)
            .quotes;
        let got: Vec<(&str, Kind)> = q.iter().map(|q| (q.text.as_str(), q.kind)).collect();
        assert_eq!(
            got,
            [
                // Three in a row, joined by commas and "oder auch": titles.
                ("Der Bau der Bahn von Prag nach Dresden", Kind::Scare),
                ("Bilder der alten Stadt", Kind::Scare),
                ("Die Geschichte der Post in Sachsen", Kind::Scare),
                // Two in a row are left to the kind model: here Meier's.
                ("schlecht", Kind::Partial),
                ("teuer", Kind::Partial),
            ]
        );
    }

    #[test]
    fn a_long_quote_with_no_speaker_is_still_a_statement() {
        let q = extract("Intro line.\n\nTranscript as follows:\n\n“Tonight we arrived in the city, and we went to a restaurant, and people started to cheer.”\n");
        assert_eq!(q[0].kind, Kind::Statement);
    }
}
