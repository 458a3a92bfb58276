//! Which capitalised words name someone: the article's mentions (runs of
//! name words with what stands before them), labels, headings in capitals,
//! and the cleaning of a name's spelling before it spreads.

use super::*;

/// The lowercased words said of a mention: the 12 words before it in its
/// sentence (back to another name), and an apposition after it. Roles and their kin are found here.
pub(super) fn words_around<'c>(ctx: &'c Ctx, m: &Mention) -> Vec<&'c str> {
    let (lo, hi, n) = (m.run_lo, m.hi, ctx.toks.len());
    let mut words: Vec<&str> = (m.run_lo..m.lo).map(|j| ctx.lower(j)).collect();
    let mut j = lo;
    while j > 0 && lo - j < 12 {
        j -= 1;
        let t = ctx.toks[j];
        // Not past the sentence, a quote, another name, or a verb or
        // preposition that starts another phrase ("the candidate's visit
        // to Silicon Valley" says nothing of Silicon Valley).
        if t.ends_sentence() || matches!(t.kind, Tok::Quote(_)) || ctx.is_cap(j) {
            break;
        }
        let starts_other = ctx.is_verb(j)
            || ctx.flags(j) & (lex::AUXILIARY | lex::PREPOSITION) != 0 && ctx.flags(j) & lex::CONNECTOR == 0;
        if t.is_word() && starts_other {
            break;
        }
        if t.is_word() {
            words.push(ctx.lower(j));
        }
    }
    if hi + 1 < n && ctx.toks[hi + 1].kind == Tok::Punct(',') {
        let mut j = hi + 2;
        while j < n && j - hi < 14 {
            let t = ctx.toks[j];
            if t.ends_sentence() || t.kind == Tok::Punct(',') || matches!(t.kind, Tok::Quote(_)) {
                break;
            }
            if t.is_word() {
                words.push(ctx.lower(j));
            }
            j += 1;
        }
    }
    words
}

/// A name without a possessive ending or surrounding punctuation.
/// How many of the latest people named a description is matched against.
pub(super) const ROLE_WINDOW: usize = 400;
/// How far back, in tokens, an earlier description is looked for.
pub(super) const DESCRIPTION_REACH: usize = 4000;

pub(super) fn clean_name(s: &str) -> &str {
    let mut s = s;
    while let Some(t) = s.strip_suffix("’s").or_else(|| s.strip_suffix("'s")) {
        s = t;
    }
    // Most names start and end with an ASCII letter or digit, so nothing
    // is trimmed; an ASCII byte at the end is a whole char.
    let b = s.as_bytes();
    if b.first().is_some_and(|&c| ascii_alnum(c)) && b.last().is_some_and(|&c| ascii_alnum(c)) {
        return s;
    }
    s.trim_matches(|c: char| !c.is_alphanumeric())
}

/// The words an article writes in lowercase somewhere: a capitalised
/// word among them ("Six Trump supporters", "Debating Clinton's
/// character", "Secretary of State Tom Nides") is a common word that
/// opens a sentence or a title, not a name word. Computed per article at
/// run time, like the German grammar's `noun-markers`: nothing is learned
/// from a corpus. A set of slices of the text: a word that starts in
/// lowercase is its own lowercase form ([`Ctx::lower`]), so nothing is
/// copied, and nothing sorted (that sort was a tenth of extraction).
pub(super) struct Common<'t> {
    words: WordSet<'t>,
    /// Per token: is it a word of a heading in capitals ([`shouted`])?
    pub(super) shouted: Vec<bool>,
}

impl<'t> Common<'t> {
    pub(super) fn of(ctx: &Ctx<'t>) -> Common<'t> {
        let mut words = WordSet::with_capacity(ctx.toks.len() / 2);
        let bytes = ctx.text.as_bytes();
        for t in ctx.toks {
            if !t.is_word() {
                continue;
            }
            // The first byte settles most words before the word is sliced
            // out: an ASCII one is lowercase or not.
            let lower = match bytes[t.start] {
                b if b.is_ascii() => b.is_ascii_lowercase(),
                _ => ctx.text[t.start..t.end].starts_with(|c: char| c.is_lowercase()),
            };
            if lower {
                words.insert(&ctx.text[t.start..t.end]);
            }
        }
        let mut common = Common {
            words,
            shouted: Vec::new(),
        };
        common.shouted = shouted(ctx, &common);
        common
    }

    pub(super) fn contains(&self, w: &str) -> bool {
        self.words.contains(w)
    }
}

/// Is the word at `i` written in capitals only ("OBAMA’S", "NATO")?
#[inline]
pub(super) fn all_caps(ctx: &Ctx, i: usize) -> bool {
    let t = ctx.toks[i];
    // Most words start with a lowercase ASCII letter: settled before the
    // word is sliced out.
    t.is_word() && !ctx.text.as_bytes()[t.start].is_ascii_lowercase() && capitals_only(ctx.word(i))
}

/// Is `w` two letters or more, none of them lowercase ("NATO", "U.S.")?
// Asked of every capitalised word of an article ([`shouted`]): most go on
// in lowercase ("Trump"), which their second byte settles inline; the
// rest are read a byte at a time, to their first lowercase letter.
#[inline]
pub(super) fn capitals_only(w: &str) -> bool {
    let b = w.as_bytes();
    if b.len() >= 2 && b[0].is_ascii() && b[1].is_ascii_lowercase() {
        return false;
    }
    capitals_only_bytes(w)
}

fn capitals_only_bytes(w: &str) -> bool {
    let mut letters = 0;
    for &b in w.as_bytes() {
        if b.is_ascii_lowercase() {
            return false;
        }
        if !b.is_ascii() {
            return w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase);
        }
        letters += usize::from(b.is_ascii_uppercase());
    }
    letters >= 2
}

/// Per token: is it a word of a heading written in capitals ("OBAMA’S
/// LAST STATE", "CONGRESS HAS INVESTIGATED")? Such a heading is two
/// words or more in capitals, one of them a word of three letters or
/// more that the article also writes in lowercase or the grammar knows
/// as a plain word ("last", "has"). Its capitals name no one; acronyms
/// ("NAACP LDF", "UKIP MEP") are no such words.
pub(super) fn shouted(ctx: &Ctx, common: &Common) -> Vec<bool> {
    let mut out = vec![false; ctx.toks.len()];
    if !names_by_capitals(ctx) {
        return out;
    }
    let plain =
        lex::STOPCAP | lex::AUXILIARY | lex::VERB | lex::DET | lex::MODIFIER | lex::PREPOSITION | lex::INDEFINITE;
    let mut i = 0;
    while i < ctx.toks.len() {
        if !all_caps(ctx, i) {
            i += 1;
            continue;
        }
        let lo = i;
        while i < ctx.toks.len() && all_caps(ctx, i) {
            i += 1;
        }
        let heading = i - lo >= 2
            && (lo..i).any(|k| {
                let w = clean_name(ctx.lower(k));
                w.chars().count() >= 3 && (common.contains(w) || ctx.g.lex(w) & plain != 0)
            });
        if heading {
            out[lo..i].iter_mut().for_each(|s| *s = true);
        }
    }
    out
}

/// Where the name in the capitalised run `lo..=hi` starts: past leading
/// words that are no one's first name and that the article also writes
/// in lowercase or the grammar knows as a title, role or body, when a
/// listed first name follows them ("Senate Minority Whip Dick Durbin" is
/// Dick Durbin, "Republican Donald Trump" Donald Trump). Without a first
/// name the run stays whole: "Daily Caller" and "National Rifle
/// Association" are names made of common words.
pub(super) fn name_start(ctx: &Ctx, common: &Common, lo: usize, hi: usize) -> usize {
    let mut k = lo;
    let mut first = false;
    while k < hi {
        if ctx.first_name(k).is_some() {
            // "Tory Liam Fox", "Aide Mary Roe": a role that the lists
            // also know as a first name, before two more capitalised
            // words, says what the person is ("Tory Gale" is a name).
            let role = ctx.flags(k) & (lex::ROLE | lex::TITLE) == lex::ROLE;
            if role && k + 1 < hi {
                k += 1;
                continue;
            }
            first = true;
            break;
        }
        let known = ctx.flags(k) & (lex::TITLE | lex::ROLE | lex::BODY | lex::MODIFIER) != 0
            || crate::grammar::is_demonym(ctx.word(k));
        // "NDP MP Carla Voss": an acronym names the party or body.
        let acronym = capitals_only(ctx.word(k));
        if !(known || acronym || common.contains(ctx.lower(k))) {
            break;
        }
        k += 1;
    }
    // "Clinton Senior Adviser Sidney Blumenthal": a title or role right
    // before a first name ends what is said of the person, whatever
    // names come before it.
    // So does a first name the run opens with ("Clinton Senior Adviser
    // Sidney Blumenthal": Clinton is also a first name).
    let role_before_first = (lo..hi)
        .rev()
        .find(|&r| role_like(ctx, common, r))
        .filter(|&r| ctx.first_name(r + 1).is_some() && r + 1 < hi)
        .map(|r| r + 1)
        .filter(|&f| f > k);
    if first {
        return role_before_first.filter(|_| names_by_capitals(ctx)).unwrap_or(k);
    }
    // "Democrat Zephyr Teachout", "Prime Minister Narendra Modi": roles
    // (and their modifiers, or a nationality) before two or more other
    // capitalised words say who the person is, whether or not a list
    // knows the first name. A body's name keeps its words ("American Bar
    // Association"); a nationality alone may start one ("British
    // Phonographic Industry").
    let role = |j: usize| ctx.flags(j) & (lex::TITLE | lex::ROLE) != 0;
    let described = k > lo
        && k < hi
        && (lo..k).any(role)
        && (lo..k).all(|j| role(j) || ctx.flags(j) & lex::MODIFIER != 0 || crate::grammar::is_demonym(ctx.word(j)))
        && ctx.g.lex(clean_name(ctx.lower(hi))) & lex::BODY == 0;
    role_before_first.unwrap_or(if described { k } else { lo })
}

/// Does the capitalised word at `r`, right before a first name, say what
/// the person is rather than name them? A title or role ("Adviser"), an
/// acronym of the body or seat ("Labour MP Jean Corston", "CNN Anderson
/// Cooper"), a hyphenated role ("Fly-half", "Editor-in-Chief", "Under-Secretary"),
/// a word ending as the grammar's `role-endings` ("Goalscorer", "Alderman")
/// or a word the article also writes in lowercase, unless it is a first
/// name itself ("Mark Ryan Smith").
pub(super) fn role_like(ctx: &Ctx, common: &Common, r: usize) -> bool {
    if ctx.flags(r) & (lex::TITLE | lex::ROLE) != 0 {
        return true;
    }
    let w = ctx.word(r);
    if ctx.first_name(r).is_some() || !names_by_capitals(ctx) {
        return false;
    }
    let hyphen_role = w.bytes().any(|b| b == b'-')
        && w.split('-')
            .skip(1)
            .any(|p| p.starts_with(char::is_lowercase) || ctx.g.lex(&p.to_lowercase()) & (lex::TITLE | lex::ROLE) != 0);
    let l = ctx.lower(r);
    let ending = ctx
        .g
        .role_endings
        .iter()
        .any(|e| l.len() >= e.len() + 3 && l.ends_with(e.as_str()));
    all_caps(ctx, r) || hyphen_role || ending || common.contains(l)
}

/// Do capitals mark names in the article's language (not German, which
/// capitalises every noun)? The rules that read a capitalised word as a
/// role or a sentence's opener hold only there.
pub(super) fn names_by_capitals(ctx: &Ctx) -> bool {
    !ctx.g.capitalises_nouns()
}

/// Does the word at `k` open its sentence as a quantifier ("*Many*
/// Mexicans say", though a list knows Many as a first name) or as an
/// adverb that is no first name ("*Now* Vodafone has", not "Will Roe")?
/// It starts no name (issue 14).
pub(super) fn function_opener(ctx: &Ctx, k: usize) -> bool {
    let flags = ctx.flags(k);
    // A colon opens a clause as a full stop does: "ties: Several Twitter
    // executives …".
    names_by_capitals(ctx)
        && (k == 0 || ctx.toks[k - 1].ends_sentence() || ctx.toks[k - 1].kind == Tok::Punct(':'))
        && ctx.toks[k].is_word()
        && (flags & lex::INDEFINITE != 0 || flags & lex::AUXILIARY != 0 && ctx.first_name(k).is_none())
}

/// Is the word at `k` a verb's -ing or -ed form and no first name
/// ("Debating Clinton's character", "Continued Stone: …", "Understated
/// Perez"; not "Manfred")?
pub(super) fn verb_form(ctx: &Ctx, k: usize) -> bool {
    let w = ctx.lower(k);
    // A German name may end so ("Manfred"), and its verbs are no openers.
    let ed = names_by_capitals(ctx) && w.ends_with("ed");
    w.len() > 5 && (w.ends_with("ing") || ed) && ctx.first_name(k).is_none()
}

/// Is the first word of the name run `lo..=hi` the domain of a title
/// before it: "Secretary of *State* John Kerry"?
pub(super) fn title_domain(ctx: &Ctx, lo: usize, hi: usize) -> bool {
    hi >= lo + 2
        && lo >= 2
        && ctx.toks[lo - 1].is_word()
        && ctx.flags(lo - 1) & (lex::CONNECTOR | lex::PREPOSITION) == lex::CONNECTOR | lex::PREPOSITION
        && ctx.is_title(lo - 2)
}

/// The word that heads a body's name: its last, or the one before the
/// "of" that joins its name ("the *Ministry* of Communications").
pub(super) fn body_head(ctx: &Ctx, m: &Mention) -> usize {
    (m.lo + 1..m.hi)
        .find(|&k| ctx.class(k) == Class::Connector && !PARTICLES.contains(&ctx.word(k)))
        .map_or(m.hi, |k| k - 1)
}

/// The surname of a full name: its last word, or the one before a
/// suffix ("Harry B. Harris Jr" is Harris).
pub(super) fn surname(name: &str) -> &str {
    let name = crate::provenance::names::without_suffix(name);
    name.bytes().rposition(|b| b == b' ').map_or(name, |at| &name[at + 1..])
}

/// Does the name hold a space (is it more than one word)? Names are short:
/// a byte loop, where `str::contains` set up a searcher for each.
#[inline]
pub(super) fn has_space(name: &str) -> bool {
    name.bytes().any(|b| b == b' ')
}

/// Lowercase particles that join the words of one name ("Ursula von der
/// Leyen").
pub(super) const PARTICLES: [&str; 12] = [
    "de", "da", "van", "von", "der", "al", "bin", "ibn", "la", "le", "du", "del",
];

pub(super) fn mentions<'t>(ctx: &Ctx<'t>, common: &Common) -> Vec<Mention<'t>> {
    let n = ctx.toks.len();
    // Sized once: grown mention by mention, it was copied a few times an
    // article.
    let mut out: Vec<Mention> = Vec::with_capacity(n / 8);
    let mut i = 0;
    // A word of a heading in capitals is no name word.
    let cap = |k: usize| ctx.is_cap(k) && !common.shouted[k];
    while i < n {
        if !cap(i) {
            i += 1;
            continue;
        }
        let lo = i;
        let mut hi = i;
        let mut skip = 0;
        while hi + 1 < n {
            // Only a word written with a capital can be a name word; a
            // lowercase particle may join two ("Ursula von der Leyen").
            // So may "of" inside a body's name ("Bank of England"): the
            // frames class it a connector there.
            let bridge = || {
                // (The name word after it first: classing every word
                // after a name costs.)
                hi + 2 < n
                    && ctx.toks[hi + 1].is_word()
                    && ctx.is_cap(hi + 2)
                    && (PARTICLES.contains(&ctx.word(hi + 1)) || ctx.class(hi + 1) == Class::Connector)
            };
            // "the CIA's Benghazi base": a possessor ends its own name.
            if frames_possessive(ctx.word(hi)) {
                break;
            }
            // "Chris Christie Calls Hillary Clinton": a headline's verb
            // ends a person's full name and starts no name.
            let verb = || {
                hi > lo
                    && ctx.flags(hi + 1) & lex::VERB != 0
                    && ctx.lower(hi + 1).ends_with('s')
                    && ctx.first_name(hi + 1).is_none()
                    && ctx.first_name(lo).is_some()
            };
            if cap(hi + 1) && verb() {
                skip = 1;
                break;
            }
            if cap(hi + 1) {
                hi += 1;
            } else if bridge() {
                hi += 2;
            } else {
                break;
            }
        }
        i = hi + 1 + skip;
        let lo = lo + usize::from(title_domain(ctx, lo, hi));
        let lo = lo + usize::from(lo < hi && function_opener(ctx, lo));
        let run_lo = lo;
        let lo = name_start(ctx, common, lo, hi);
        let name = clean_name(&ctx.text[ctx.toks[lo].start..ctx.toks[hi].end]);
        if name.is_empty() {
            continue;
        }
        // "Bank of England": a body's name joined by "of" is a body's.
        let org = ctx.g.lex(clean_name(ctx.lower(hi))) & lex::BODY != 0
            || (lo..=hi).any(|k| capitals_only(ctx.word(k)))
            || (lo + 1..hi).any(|k| {
                ctx.toks[k].is_word() && ctx.class(k) == Class::Connector && !PARTICLES.contains(&ctx.word(k))
            });
        // A title right before the name: "Mr. Smith", "Queen Mary".
        let titled = lo > 0 && ctx.is_title(lo - 1);
        let gender = if titled {
            match ctx.lower(lo - 1) {
                "mr." | "mr" | "sir" | "lord" | "king" | "prince" => Some(Gender::Masculine),
                "mrs." | "mrs" | "ms." | "ms" | "miss" | "dame" | "lady" | "queen" | "princess" => {
                    Some(Gender::Feminine)
                }
                _ => None,
            }
        } else {
            None
        };
        let words = hi - lo + 1;
        // A country, state or continent is no person ("South Korea"), nor is
        // a surname that only it bears ("the States").
        // "the Chicago Sun-Times", "the Twilight Zone": a name after "the"
        // with no first name is a thing's, not a person's.
        let after_the = run_lo > 0 && ctx.lower(run_lo - 1) == "the" && ctx.first_name(lo).is_none();
        let person = !org && (words >= 2 || titled) && !after_the && !crate::grammar::is_place(name);
        let named_person = person && (titled || ctx.first_name(lo).is_some());
        out.push(Mention {
            run_lo,
            lo,
            hi,
            name,
            person,
            named_person,
            org,
            gender,
            name_gender: None,
        });
    }
    // A paragraph that opens with words in capitals and a colon or dash
    // opens with a label or a dateline ("READ MORE: …", "HALIFAX — …",
    // "WASHINGTON (AP) — …"): no one who speaks.
    let paragraphs = paragraph_tokens(ctx.toks);
    let label = labels(ctx, &paragraphs);
    out.retain(|m| !label[m.run_lo]);
    // In a title-case line capitals tell nothing: "Praises Marco Rubio
    // Donor", "Newspaper Says Clinton Needs". There a name is a listed
    // first name and the words after it up to one the grammar or the
    // article knows as a plain word; without a first name, a run of more
    // than three words, or one with a plain word, is no name, unless it
    // is a body's.
    let headline = title_case_lines(ctx, &paragraphs);
    let plain = |k: usize| {
        let known = lex::ROLE | lex::TITLE | lex::BODY | lex::MODIFIER | lex::VERB | lex::STOPCAP | lex::DET;
        let w = clean_name(ctx.lower(k));
        ctx.g.lex(w) & known != 0 || common.contains(w)
    };
    out.retain_mut(|m| {
        if !headline[m.lo] || m.org {
            return true;
        }
        let first = (m.lo..m.hi).find(|&k| ctx.first_name(k).is_some());
        let Some(f) = first else {
            // "Reham Mosad" stays; "Only European" does not.
            return m.hi - m.lo < 3 && !(m.lo..=m.hi).any(plain);
        };
        let mut hi = f + 1;
        if plain(hi) {
            return false;
        }
        while hi < m.hi && hi < f + 2 && !plain(hi + 1) {
            hi += 1;
        }
        if (f, hi) != (m.lo, m.hi) {
            m.lo = f;
            m.hi = hi;
            m.name = clean_name(&ctx.text[ctx.toks[f].start..ctx.toks[hi].end]);
            m.person = !crate::grammar::is_place(m.name);
            m.named_person = m.person;
        }
        true
    });
    // "Six Trump supporters", "Debating Clinton's character": a common
    // word that opens a sentence, before a name the article also writes
    // alone or as another person's surname, is no first name. Nor is a
    // first name that is also an auxiliary ("Will Sanders come down?")
    // before a surname the article gives another first name ("Bernie
    // Sanders").
    // A number or a verb's -ing form is such a word even where the article
    // never writes it in lowercase.
    let opener_of = |m: &Mention| {
        let w = ctx.lower(m.lo);
        (m.lo == 0 || ctx.toks[m.lo - 1].ends_sentence())
            && m.hi == m.lo + 1
            && (common.contains(w) || ctx.g.numbers.contains(w) || verb_form(ctx, m.lo))
    };
    // Few mentions are openers: the surnames and full names they are
    // weighed against are gathered only when there is one (for every
    // article they were a hundredth of extraction).
    let openers: Vec<bool> = out.iter().map(opener_of).collect();
    if openers.contains(&true) {
        let others = || out.iter().zip(&openers).filter(|(_, &o)| !o).map(|(m, _)| m);
        let surnames: Vec<&str> = others()
            .filter_map(|m| match m.name.rsplit_once(' ') {
                Some((_, last)) => m.person.then_some(last),
                None => Some(m.name),
            })
            .collect();
        let full_names: Vec<(&str, &str)> = others()
            .filter(|m| m.person)
            .filter_map(|m| {
                m.name
                    .split_once(' ')
                    .map(|(first, _)| (first, m.name.rsplit_once(' ').map_or(m.name, |(_, l)| l)))
            })
            .collect();
        for (m, _) in out.iter_mut().zip(&openers).filter(|(_, &o)| o) {
            let last = clean_name(ctx.word(m.hi));
            let not_first = match ctx.first_name(m.lo) {
                None => surnames.contains(&last),
                // Only an auxiliary opening a question: "Bill Clinton" at
                // a sentence's start beside "Hillary Clinton" is a name.
                Some(_) => {
                    let first = ctx.word(m.lo);
                    ctx.flags(m.lo) & lex::AUXILIARY != 0 && full_names.iter().any(|&(f, l)| l == last && f != first)
                }
            };
            if not_first {
                m.lo = m.hi;
                m.name = last;
                m.person = false;
                m.named_person = false;
            }
        }
    }
    // A single word that is the surname of a known person is that person:
    // the first full name in running text, else in a title-case line (a
    // headline's "Will Sanders Come Down" is no one's full name when the
    // story names Bernie Sanders).
    let mut fulls: HashMap<&str, &str, FastHash> = HashMap::default();
    for in_headline in [false, true] {
        for m in out.iter().filter(|m| m.person && headline[m.lo] == in_headline) {
            if has_space(m.name) {
                fulls.entry(surname(m.name)).or_insert(m.name);
            }
        }
    }
    for m in &mut out {
        if !has_space(m.name) {
            if let Some(&full) = fulls.get(m.name) {
                m.person = true;
                m.named_person = true;
                m.name = full;
            }
        }
    }
    // A name the article writes after "in", "at" or the like ("in the
    // United States", "at the Scranton Lace mill") is a place, unless a
    // title or first name makes it a person ("in Donald Trump's view").
    let place = |m: &Mention| {
        let mut j = m.run_lo;
        if j > 0 && matches!(ctx.lower(j - 1), "the") {
            j -= 1;
        }
        j > 0
            && ctx.toks[j - 1].is_word()
            && matches!(
                ctx.lower(j - 1),
                "in" | "at" | "across" | "throughout" | "near" | "outside" | "inside" | "around"
            )
    };
    let places: Vec<&str> = out
        .iter()
        .filter(|m| !m.named_person && place(m))
        .map(|m| m.name)
        .collect();
    // So is a country, state or continent, wherever it is written.
    for m in out
        .iter_mut()
        .filter(|m| !m.named_person && (places.contains(&m.name) || crate::grammar::is_place(m.name)))
    {
        m.person = false;
    }
    // The usual gender of the first name the article gives a person:
    // only a hint, since first names mislead ("Lindsey Graham").
    for m in out.iter_mut().filter(|m| m.person) {
        if let Some(first) = m.name.bytes().position(|b| b == b' ').map(|at| &m.name[..at]) {
            // Mostly the very word at `lo`, already looked up.
            let word = ctx.word(m.lo);
            m.name_gender = if std::ptr::eq(first, word) {
                ctx.first_name(m.lo)
            } else {
                crate::grammar::first_name(first)
            };
        }
    }
    out
}

/// Per token: is it part of a label or dateline that opens its paragraph
/// in capitals before a colon or dash, with any agency credit in
/// brackets ("READ MORE:", "HALIFAX —", "WASHINGTON (AP) —")?
pub(super) fn labels(ctx: &Ctx, paragraphs: &[(usize, usize)]) -> Vec<bool> {
    let toks = ctx.toks;
    let mut out = vec![false; toks.len()];
    let capitals = |k: usize| {
        let w = ctx.word(k);
        toks[k].is_word() && w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
    };
    for &(lo, _) in paragraphs {
        let mut j = lo;
        while j < toks.len() && capitals(j) {
            j += 1;
        }
        if j == lo {
            continue;
        }
        if toks.get(j).is_some_and(|t| t.kind == Tok::Punct('(')) {
            while j < toks.len() && toks[j].kind != Tok::Punct(')') && !toks[j].ends_sentence() {
                j += 1;
            }
            j += 1;
        }
        if toks
            .get(j)
            .is_some_and(|t| matches!(t.kind, Tok::Punct(':' | '—' | '–' | '-')))
        {
            out[lo..j].iter_mut().for_each(|l| *l = true);
        }
    }
    out
}

/// Per token: is it in a paragraph written in title case, as headlines
/// and subheads are ("Game Over: Will Sanders Come Down to Earth")? Such a
/// paragraph has three words or more (four if it closes with a full
/// stop), none of more than three letters in lowercase.
pub(super) fn title_case_lines(ctx: &Ctx, paragraphs: &[(usize, usize)]) -> Vec<bool> {
    let toks = ctx.toks;
    let mut out = vec![false; toks.len()];
    for &(start, end) in paragraphs {
        let words = || (start..end).filter(|&i| toks[i].is_word()).map(|i| ctx.word(i));
        let closed = (start..end)
            .rev()
            .find(|&i| toks[i].kind != Tok::Para)
            .is_some_and(|i| matches!(toks[i].kind, Tok::Punct('.' | '!' | '?')));
        // A headline the text opens with often gets a full stop (as the
        // title line of a feed's text): then four words at least.
        // The lowercase test first: it stops at a paragraph's first long
        // lowercase word, where counting the words read them all (asked of
        // every paragraph, that count was a twentieth of `Mentions::new`).
        let title_case = words().all(|w| !(w.starts_with(|c: char| c.is_lowercase()) && w.chars().count() > 3))
            && (start..end).filter(|&i| toks[i].is_word()).count() >= if closed { 4 } else { 3 };
        if title_case {
            out[start..end].iter_mut().for_each(|h| *h = true);
        }
    }
    out
}

/// Each paragraph's tokens, `start..end`: from the first token or the one
/// after a break to the next break or the end. Found once for [`labels`]
/// and [`title_case_lines`], which each scanned every token for breaks.
pub(super) fn paragraph_tokens(toks: &[crate::extract::tokens::Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(64);
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        if t.kind == Tok::Para {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, toks.len()));
    out
}
