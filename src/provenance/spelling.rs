//! How a quote is spelt, beyond its words: the compounds it hyphenates
//! ("locker-room"), the words it elides ("don't"), the editor's inserts
//! it carries ("[Trump]"). The linker reads past these on purpose (one
//! line spelt two ways is one line), so two earlier copies in the same
//! words tie on wording; but a copy pasted from an article keeps that
//! article's spelling, so a candidate source spelt as the copy is spelt
//! is the likelier one (issue 13).
//!
//! Only marks inside a word count: whitespace, quote marks and the
//! punctuation between words (a comma an outlet sets as a dash) are
//! typography, which outlets set by house style, not copy.

/// The spelling marks of one quote, and its text (whose words another
/// quote's marks are looked up in), to compare against another quote's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spelling<'a> {
    /// Tokens with a mark inside a word or an editor's bracket, with
    /// typographic forms of apostrophes and dashes folded and case
    /// folded, sorted.
    marks: Vec<String>,
    text: &'a str,
}

impl<'a> Spelling<'a> {
    /// The spelling of `text` as written. Not normalized first
    /// ([`crate::normalize::normalize`]): NFKC costs more than the rest of
    /// a copy's scoring, and only the few marked tokens are folded.
    pub fn of(text: &'a str) -> Spelling<'a> {
        let mut marks: Vec<String> = text
            .split_whitespace()
            .map(|token| token.trim_matches(|c: char| !c.is_alphanumeric() && c != '[' && c != ']'))
            .filter(|token| token.chars().any(|c| !c.is_alphanumeric()) && token.chars().any(char::is_alphanumeric))
            .map(|token| {
                token
                    .chars()
                    .flat_map(|c| crate::normalize::fold_char(c).to_lowercase())
                    .collect()
            })
            .collect();
        marks.sort_unstable();
        Spelling { marks, text }
    }

    /// Does the quote have this word (a run of letters and digits, in
    /// lower case)?
    fn has_word(&self, word: &str) -> bool {
        parts(self.text).any(|w| w.chars().flat_map(char::to_lowercase).eq(word.chars()))
    }

    /// A key that is equal for quotes spelt alike.
    pub fn key(&self) -> &[String] {
        &self.marks
    }

    /// Marks one quote has and the other lacks, counting only marks whose
    /// words the other has too: a longer source's marks in words a cut
    /// copy left out are no difference.
    pub fn differences(&self, other: &Spelling<'_>) -> u32 {
        if self.marks == other.marks {
            return 0;
        }
        let lacking = |a: &Spelling<'_>, b: &Spelling<'_>| {
            let mut rest: Vec<&String> = b.marks.iter().collect();
            let mut n = 0;
            for m in &a.marks {
                if let Some(i) = rest.iter().position(|x| *x == m) {
                    rest.swap_remove(i);
                } else if parts(m).all(|p| b.has_word(p)) {
                    n += 1;
                }
            }
            n
        };
        lacking(self, other) + lacking(other, self) + inserts_lacking(self, other) + inserts_lacking(other, self)
    }

    /// The marks both quotes have.
    pub fn shared(&self, other: &Spelling<'_>) -> Vec<&str> {
        let mut rest: Vec<&String> = other.marks.iter().collect();
        let mut out = Vec::new();
        for m in &self.marks {
            if let Some(i) = rest.iter().position(|x| *x == m) {
                rest.swap_remove(i);
                out.push(m.as_str());
            }
        }
        out
    }
}

/// Editor's inserts of `a` ("he [Tim Mazanec] was") that `b` lacks where
/// it has the words on both sides of them run together ("he was"): the
/// insert sits inside `b`'s span, so `b` was spelt without it. The rule
/// for marks in [`Spelling::differences`] cannot see these, since `b`
/// has none of the insert's words; an insert at either end of `a`, or
/// where `b` stops short of it, is no difference (a cut copy).
fn inserts_lacking(a: &Spelling<'_>, b: &Spelling<'_>) -> u32 {
    if !a.text.contains('[') {
        return 0;
    }
    let words: Vec<String> = parts(b.text).map(str::to_lowercase).collect();
    let mut n = 0;
    let mut from = 0;
    while let Some(open) = a.text[from..].find('[') {
        let start = from + open;
        let Some(close) = a.text[start..].find(']') else { break };
        let end = start + close + 1;
        from = end;
        let (Some(before), Some(after)) = (parts(&a.text[..start]).last(), parts(&a.text[end..]).next()) else {
            continue;
        };
        if parts(&a.text[start..end]).any(|w| b.has_word(&w.to_lowercase())) {
            continue;
        }
        let (before, after) = (before.to_lowercase(), after.to_lowercase());
        if words.windows(2).any(|pair| pair[0] == before && pair[1] == after) {
            n += 1;
        }
    }
    n
}

/// The alphanumeric runs of a token.
fn parts(token: &str) -> impl Iterator<Item = &str> {
    token.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue13_hyphens_elisions_and_inserts_are_marks() {
        let s = Spelling::of("It was “locker-room talk,” he [Trump] said — I don’t care.");
        assert_eq!(s.key(), ["[trump]", "don't", "locker-room"]);
    }

    #[test]
    fn issue13_typography_between_words_is_no_difference() {
        let a = Spelling::of("He came back, and that was a good effort,");
        let b = Spelling::of("He came\u{a0}back — and that was a good effort.");
        assert_eq!(a.differences(&b), 0);
    }

    #[test]
    fn issue13_a_hyphen_the_copy_keeps_is_no_difference() {
        let copy = Spelling::of("It would hurt-too much");
        let hyphenated = Spelling::of("It would hurt-too much.");
        let plain = Spelling::of("It would hurt too much.");
        assert_eq!(copy.differences(&hyphenated), 0);
        assert_eq!(copy.differences(&plain), 1);
        assert_eq!(copy.shared(&hyphenated), ["hurt-too"]);
    }

    #[test]
    fn issue13_marks_in_words_a_cut_left_out_are_no_difference() {
        let cut = Spelling::of("so much to me");
        let line = Spelling::of("This club means so much to me. I couldn't do it");
        assert_eq!(cut.differences(&line), 0);
        assert_eq!(Spelling::of("I could not do it").differences(&line), 0);
        assert_eq!(Spelling::of("I couldn't do it").differences(&line), 0);
    }

    #[test]
    fn issue13_an_insert_the_copy_carries_is_a_difference() {
        let copy = Spelling::of("My whole belief is that he [Tim Mazanec] was selling a product");
        let with = Spelling::of("My whole belief is that he [Tim Mazanec] was selling a product.");
        let without = Spelling::of("My whole belief is that he was selling a product.");
        assert_eq!(copy.differences(&with), 0);
        assert_eq!(copy.differences(&without), 1);
        assert_eq!(without.differences(&copy), 1);
        // A cut that stops before the insert, or an insert at the end of
        // the line, says nothing of spelling.
        assert_eq!(copy.differences(&Spelling::of("My whole belief is that he")), 0);
        assert_eq!(
            Spelling::of("we are dealing with it [the party]").differences(&Spelling::of("we are dealing with it")),
            0
        );
    }

    #[test]
    fn no_panic_on_odd_text() {
        for t in [
            "",
            " - ",
            "[",
            "]]",
            "'",
            "—",
            "a-",
            "-a-",
            "[[x]]",
            "a [b] c",
            "a ][ b",
            "é [ü] ß",
        ] {
            let s = Spelling::of(t);
            let _ = s.differences(&Spelling::of("a-b [x]"));
            let _ = Spelling::of("a [b] c").differences(&s);
        }
    }
}
