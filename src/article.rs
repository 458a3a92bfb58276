//! An analysed article: its metadata, merged from fields, manifest and the
//! text itself, and the quotes the extractor found in it.

use serde::Serialize;

use crate::corpus::{Article, ManifestRow};
use crate::extract::{Diagnostic, Extractor, Quote};
use crate::grammar::{lex, push_lower, Grammar};
use crate::meta;

pub mod held;
pub use held::{Articles, QuoteView};

/// Which grammar reads an article.
#[derive(Debug, Clone)]
pub enum Language {
    /// One grammar for every article.
    Fixed(Box<Extractor>),
    /// The built-in grammar whose `detect` words the article uses most.
    Auto {
        all: Vec<Extractor>,
        /// The `detect` words of `all`.
        detect: Detect,
    },
}

impl Language {
    /// Picks by language code (`en`, `de`, `auto`).
    pub fn builtin(code: &str) -> crate::Result<Language> {
        if code == "auto" {
            return Ok(Language::auto(
                Grammar::builtins()?.into_iter().map(Extractor::new).collect(),
            ));
        }
        Ok(Language::Fixed(Box::new(Extractor::new(Grammar::builtin(code)?))))
    }

    /// The grammar among `all` whose `detect` words each article uses most.
    fn auto(all: Vec<Extractor>) -> Language {
        let detect = Detect::new(&all);
        Language::Auto { all, detect }
    }

    /// The same choice with another kind model (`None`: rules alone) in
    /// every grammar.
    pub fn with_kinds(self, model: Option<std::sync::Arc<crate::extract::kinds::KindModel>>) -> Language {
        self.with_grammars(|g| g.kinds = model.clone())
    }

    /// The same choice with another speaker ranker (`None`: the sieves
    /// alone) in every grammar.
    pub fn with_speakers(self, model: Option<std::sync::Arc<crate::extract::kinds::KindModel>>) -> Language {
        self.with_grammars(|g| g.speakers = model.clone())
    }

    /// The same choice with `change` made to every grammar.
    fn with_grammars(self, change: impl Fn(&mut Grammar)) -> Language {
        let swap = |e: &Extractor| {
            let mut g = e.grammar().clone();
            change(&mut g);
            Extractor::new(g)
        };
        match self {
            Language::Fixed(e) => Language::Fixed(Box::new(swap(&e))),
            Language::Auto { all, .. } => Language::auto(all.iter().map(swap).collect()),
        }
    }

    /// The grammars this choice may read articles with.
    pub fn grammars(&self) -> Vec<&Grammar> {
        match self {
            Language::Fixed(e) => vec![e.grammar()],
            Language::Auto { all, .. } => all.iter().map(Extractor::grammar).collect(),
        }
    }

    fn pick(&self, text: &str) -> &Extractor {
        match self {
            Language::Fixed(e) => e,
            Language::Auto { all, detect } => {
                let sample = &text[..floor(text, 4000)];
                let mut scores = vec![0usize; all.len()];
                let mut lower = String::new();
                // Most articles settle their language in their first few
                // hundred bytes, so the sample is read a step at a time and
                // the votes stop once one grammar leads decisively; reading
                // all 4,000 bytes was a tenth of extraction. A step ends
                // before an ASCII byte that is no letter or digit, so no
                // word is cut and the words are those of the whole sample.
                let mut from = 0;
                while from < sample.len() {
                    let to = step_end(sample, from + PICK_STEP);
                    // Detect words are short ("the", "und"): a run of more
                    // chars than the longest has bytes is none of them
                    // (lowercase has at least as many chars as the word); it
                    // is skipped where it ends.
                    short_alphanumeric_runs(&sample[from..to], detect.longest, |w| {
                        detect.vote(all, w, &mut lower, &mut scores)
                    });
                    from = to;
                    if decisive(&scores) {
                        break;
                    }
                }
                // The most votes; on a tie (or none at all) the earlier grammar.
                let mut best = 0;
                for (i, &score) in scores.iter().enumerate() {
                    if score > scores[best] {
                        best = i;
                    }
                }
                &all[best]
            }
        }
    }
}

/// How many bytes of an article's opening the language pick reads before
/// it asks whether the votes so far decide ([`decisive`]).
const PICK_STEP: usize = 512;

/// Do the votes so far decide the language: does one grammar have twice
/// the votes of any other and 16 more? On every article of the shared
/// datasets (BBC, PolNeAR train+dev, GermEval train, the gold seeds) the
/// grammar so chosen at a step's end is the one all 4,000 bytes choose,
/// and the pick then reads about a third of the bytes it read before.
fn decisive(scores: &[usize]) -> bool {
    let (mut best, mut second) = (0, 0);
    for &s in scores {
        if s > best {
            second = best;
            best = s;
        } else if s > second {
            second = s;
        }
    }
    best >= 2 * second + 16
}

/// The end of the pick's step that starts before `at` in `sample`: the
/// first ASCII byte at or after `at` that is no letter or digit (a char
/// boundary that no word crosses), or the sample's end.
fn step_end(sample: &str, at: usize) -> usize {
    let bytes = sample.as_bytes();
    (at.min(bytes.len())..bytes.len())
        .find(|&i| bytes[i].is_ascii() && !crate::extract::tokens::ascii_alnum(bytes[i]))
        .unwrap_or(bytes.len())
}

/// The `detect` words of several grammars, for [`Language::pick`]: made
/// once with the grammars, not for every article.
#[derive(Debug, Clone)]
pub struct Detect {
    /// The longest, in bytes.
    longest: usize,
    /// Each ASCII word short enough for [`packed`], with a bit for each
    /// grammar (of the first 64) that lists it. The longer or non-ASCII
    /// ones are looked up in the lexicons; and every word, when there are
    /// more than 64 grammars (`None`).
    packed: Option<PackedWords>,
}

/// The packed detect words ([`packed`]) and their grammar bits, in an
/// open-addressed table: a few dozen keys, looked up for most words of
/// every article's opening, where a `HashMap` hashed and probed more.
#[derive(Debug, Clone)]
struct PackedWords {
    /// `(key, grammars)`; key 0 (no word packs to it) marks a free slot.
    slots: Vec<(u64, u64)>,
}

impl PackedWords {
    fn new(words: &[(u64, u64)]) -> PackedWords {
        // At most a quarter full, so a probe ends within a slot or two.
        let size = (words.len() * 4).next_power_of_two().max(16);
        let mut table = PackedWords {
            slots: vec![(0, 0); size],
        };
        for &(key, grammars) in words {
            let at = table.find(key);
            table.slots[at] = (key, table.slots[at].1 | grammars);
        }
        table
    }

    /// The slot that holds `key`, or the free one where it would go.
    fn find(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask;
        while self.slots[at].0 != key && self.slots[at].0 != 0 {
            at = (at + 1) & mask;
        }
        at
    }

    /// The grammar bits of `key` (0: no grammar lists it).
    fn get(&self, key: u64) -> u64 {
        self.slots[self.find(key)].1
    }
}

impl Detect {
    fn new(all: &[Extractor]) -> Detect {
        let mut packed_words: Vec<(u64, u64)> = Vec::new();
        let mut longest = 0;
        for (i, e) in all.iter().enumerate() {
            for w in &e.grammar().detect {
                longest = longest.max(w.len());
                if i >= 64 {
                    continue;
                }
                // Only a word that is its own lowercase form: the lexicon
                // is looked up lowercased, so no other can match.
                if let Some(key) = packed(w).filter(|_| !w.bytes().any(|b| b.is_ascii_uppercase())) {
                    packed_words.push((key, 1 << i));
                }
            }
        }
        Detect {
            longest,
            packed: (all.len() <= 64).then(|| PackedWords::new(&packed_words)),
        }
    }

    /// Adds the vote of the word `w` to the `scores` of the grammars
    /// `all` (those this was made from) that list it; `lower` is a buffer.
    #[inline]
    fn vote(&self, all: &[Extractor], w: &str, lower: &mut String, scores: &mut [usize]) {
        // A short ASCII word is looked up packed in a number; lowercasing
        // and looking up every word in every lexicon was a sixth of
        // extraction.
        if let Some((table, key)) = self.packed.as_ref().zip(packed(w)) {
            let mut grammars = table.get(key);
            while grammars != 0 {
                scores[grammars.trailing_zeros() as usize] += 1;
                grammars &= grammars - 1;
            }
            return;
        }
        lower.clear();
        push_lower(lower, w);
        for (e, score) in all.iter().zip(scores) {
            if e.grammar().lex(lower) & lex::DETECT != 0 {
                *score += 1;
            }
        }
    }
}

/// An ASCII word of up to 7 bytes, lowercased, as one number (its length
/// in the top byte), or `None`. Two words have the same number exactly
/// when their lowercase forms are equal.
fn packed(w: &str) -> Option<u64> {
    if w.len() > 7 {
        return None;
    }
    // Two overlapping loads cover every byte (as `WordSet` keys words):
    // a loop over the bytes was a fifth of the pick.
    let b = w.as_bytes();
    let bytes = match b.len() {
        4.. => {
            let first = u32::from_le_bytes(b[..4].try_into().expect("four bytes"));
            let last = u32::from_le_bytes(b[b.len() - 4..].try_into().expect("four bytes"));
            u64::from(first) | u64::from(last) << (8 * (b.len() - 4))
        }
        2.. => {
            let first = u16::from_le_bytes(b[..2].try_into().expect("two bytes"));
            let last = u16::from_le_bytes(b[b.len() - 2..].try_into().expect("two bytes"));
            u64::from(first) | u64::from(last) << (8 * (b.len() - 2))
        }
        1 => u64::from(b[0]),
        _ => 0,
    };
    if bytes & 0x8080_8080_8080_8080 != 0 {
        return None;
    }
    // All eight bytes lowercased at once: with every byte under 0x80 no
    // sum carries into the next byte, and a byte's top bit then says
    // whether it is at least 'A' (0x41) and at least '[' (0x5B).
    let at_least_a = bytes + 0x3f3f_3f3f_3f3f_3f3f;
    let past_z = bytes + 0x2525_2525_2525_2525;
    let upper = at_least_a & !past_z & 0x8080_8080_8080_8080;
    Some(((w.len() as u64) << 56) | bytes | (upper >> 2))
}

/// Calls `each` with every run of alphanumeric chars in `s` of at most
/// `longest` chars, as `s.split(|c: char| !c.is_alphanumeric())` gives
/// the non-empty ones. Where the text is ASCII it is read eight bytes at a
/// time, and a run ends at each byte that is no letter or digit among
/// them (a bit of a mask); elsewhere a char at a time. The runs are
/// counted where they end, so a long word costs no call: one call for
/// every word of an article's opening was a twentieth of extraction. One
/// call site, so that `each` is inlined.
fn short_alphanumeric_runs<'s>(s: &'s str, longest: usize, mut each: impl FnMut(&'s str)) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = s.as_bytes();
    // `s[start..]` up to the next end is alphanumeric throughout (maybe
    // empty), and `extra` its bytes past the first of each non-ASCII
    // char: a run `start..end` has `end - start - extra` chars.
    let mut start = 0;
    let mut extra = 0;
    let mut i = 0;
    // The ends not yet taken in the eight bytes from `base`: the high bit
    // of each byte that is no ASCII letter or digit.
    let mut ends = 0u64;
    let mut base = 0;
    loop {
        // Where the run ends, and the width of the char that ends it
        // (0: the text does).
        let (end, width) = if ends != 0 {
            let k = (ends.trailing_zeros() / 8) as usize;
            ends &= ends - 1;
            (base + k, 1)
        } else if let Some(x) = bytes
            .get(i..i + 8)
            .map(|c| u64::from_le_bytes(c.try_into().expect("eight bytes")))
            .filter(|x| x & HIGH == 0)
        {
            ends = crate::extract::tokens::not_ascii_alnum(x);
            base = i;
            i += 8;
            continue;
        } else {
            match bytes.get(i) {
                None => (i, 0),
                Some(&b) if crate::extract::tokens::ascii_alnum(b) => {
                    i += 1;
                    continue;
                }
                Some(&b) if b.is_ascii() => {
                    i += 1;
                    (i - 1, 1)
                }
                Some(_) => {
                    let c = s[i..].chars().next().expect("a char starts here");
                    let width = c.len_utf8();
                    i += width;
                    if c.is_alphanumeric() {
                        extra += width - 1;
                        continue;
                    }
                    (i - width, width)
                }
            }
        };
        if start < end && end - start - extra <= longest {
            each(&s[start..end]);
        }
        if width == 0 {
            return;
        }
        start = end + width;
        extra = 0;
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One article as the tool reports it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Analysed {
    pub id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub language: String,
    pub quotes: Vec<Quote>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Extracts one article's quotes and fills in its metadata. The manifest
/// wins over the input record's fields for outlet, published and url; the
/// record's fields win over what the text itself says. A record's text is
/// its body ([`Article::body_only`]): its first paragraph is not a title.
pub fn analyse(article: &Article, manifest: Option<&ManifestRow>, lang: &Language) -> Analysed {
    let extractor = lang.pick(&article.text);
    let want_title = article.title.is_none() && !article.body_only;
    let paras = crate::extract::paragraphs(&article.text);
    let inferred = meta::infer_with(&article.text, &paras, extractor.grammar(), want_title);
    let title = article.title.clone().or(inferred.title);
    let found = extractor.extract_in(&article.text, &paras, title.as_deref());
    let m = manifest.cloned().unwrap_or_default();
    Analysed {
        id: article.id.clone(),
        outlet: m.outlet.or_else(|| article.outlet.clone()).or(inferred.outlet),
        published: m.published.or_else(|| article.published.clone()).or(inferred.published),
        author: article.author.clone().or(inferred.author),
        url: m.url.or_else(|| article.url.clone()),
        title,
        language: extractor.grammar().language.clone(),
        quotes: found.quotes,
        diagnostics: found.diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_alphanumeric_runs_split_as_str_split_does() {
        for s in [
            "",
            "the cat",
            "  „Wir schaffen das“, sagte Merkel. ",
            "İstanbul’s 2nd café—naïve x",
            "a\u{00a0}b\u{2003}c ½ ⅓ ١٢٣",
            "end",
        ] {
            for longest in [0, 1, 3, 5, 100] {
                let mut got = Vec::new();
                short_alphanumeric_runs(s, longest, |w| got.push(w));
                let want: Vec<&str> = s
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty() && w.chars().count() <= longest)
                    .collect();
                assert_eq!(got, want, "{s:?}, {longest}");
            }
        }
    }

    #[test]
    fn short_alphanumeric_runs_split_long_mixed_texts_as_str_split_does() {
        // Runs across the eight-byte steps, and non-ASCII chars (letters,
        // digits and not) at every offset of them.
        let parts = [
            "a",
            "bc",
            "def",
            "ghij",
            "klmno",
            "pqrstuvw",
            "xyz01234567",
            "é",
            "ü",
            "ß",
            "½",
            "١٢",
            "—",
            "’",
            " ",
            ",",
            ". ",
            "\n\n",
            "“",
            "İ",
            "0",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..400 {
            let mut s = String::new();
            for _ in 0..40 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push_str(parts[(seed % parts.len() as u64) as usize]);
            }
            for longest in [0, 1, 2, 5, 9, 100] {
                let mut got = Vec::new();
                short_alphanumeric_runs(&s, longest, |w| got.push(w));
                let want: Vec<&str> = s
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty() && w.chars().count() <= longest)
                    .collect();
                assert_eq!(got, want, "{s:?}, {longest}");
            }
        }
    }

    #[test]
    fn auto_picks_by_detect_words_whatever_their_case() {
        let lang = Language::builtin("auto").unwrap();
        let pick = |t: &str| lang.pick(t).grammar().language.clone();
        assert_eq!(pick("DER Hund UND die Katze SAGTE nicht"), "de");
        assert_eq!(pick("THE dog AND the cat SAID it"), "en");
        assert_eq!(pick("Supercalifragilistic"), pick(""));
    }

    #[test]
    fn issue14_the_pick_reads_on_until_the_votes_decide() {
        let lang = Language::builtin("auto").unwrap();
        let pick = |t: &str| lang.pick(t).grammar().language.clone();
        let de = "der Hund und die Katze sagte nicht, das sei ein Spiel. ".repeat(40);
        // An opening with a decisive lead: what follows is not read.
        let en = "the dog and the cat said it was the one for them. ".repeat(12);
        assert_eq!(pick(&(en + &de)), "en");
        // A few words first decide nothing: the votes after them count.
        assert_eq!(pick(&("the dog said it. ".to_string() + &de)), "de");
    }

    #[test]
    fn a_pick_step_ends_where_no_word_is_cut() {
        assert_eq!(step_end("abc def", 1), 3);
        assert_eq!(step_end("abc def", 3), 3);
        assert_eq!(step_end("abcdéf ghi", 2), 7);
        assert_eq!(step_end("abc", 1), 3);
        assert_eq!(step_end("abc", 9), 3);
    }

    #[test]
    fn packed_words_are_equal_when_their_lowercase_forms_are() {
        assert_eq!(packed("The"), packed("the"));
        assert_ne!(packed("the"), packed("they"));
        assert_ne!(packed("a"), packed("a0"));
        assert_eq!(packed("sevenXX"), packed("sevenxx"));
        assert_eq!(packed("eight888"), None);
        assert_eq!(packed("für"), None);
        // Each byte lowercased as `to_ascii_lowercase` does, and no other.
        for b in 1..0x80u8 {
            let w = [b'x', b, b'y'];
            let w = std::str::from_utf8(&w).unwrap();
            let want =
                ((3u64) << 56) | u64::from(b'x') | u64::from(b.to_ascii_lowercase()) << 8 | u64::from(b'y') << 16;
            assert_eq!(packed(w), Some(want), "{b}");
        }
    }

    #[test]
    fn packed_words_table_joins_the_grammars_of_a_word_and_knows_no_other() {
        let words: Vec<(u64, u64)> = ["the", "und", "the", "die", "a", "sagte"]
            .iter()
            .enumerate()
            .map(|(i, w)| (packed(w).unwrap(), 1 << (i % 2)))
            .collect();
        let table = PackedWords::new(&words);
        assert_eq!(table.get(packed("The").unwrap()), 0b01);
        assert_eq!(table.get(packed("und").unwrap()), 0b10);
        assert_eq!(table.get(packed("sagte").unwrap()), 0b10);
        assert_eq!(table.get(packed("a").unwrap()), 0b01);
        for w in ["an", "they", "der", "x", "sagten"] {
            assert_eq!(table.get(packed(w).unwrap()), 0, "{w}");
        }
    }

    #[test]
    fn a_records_first_paragraph_is_not_its_title() {
        let lang = Language::builtin("en").unwrap();
        let text = "“We will win,” Jane Doe said.\n\nThe vote is on Monday.\n";
        let scrape = Article {
            text: text.into(),
            ..Article::default()
        };
        let record = Article {
            body_only: true,
            ..scrape.clone()
        };
        assert_eq!(
            analyse(&scrape, None, &lang).title.as_deref(),
            Some("“We will win,” Jane Doe said.")
        );
        let a = analyse(&record, None, &lang);
        assert_eq!(a.title, None);
        assert_eq!(a.quotes[0].speaker.as_deref(), Some("Jane Doe"));
    }
}
