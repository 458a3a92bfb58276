//! Resolves each speaker phrase to the person or body it refers to, within
//! the article: a pronoun to the latest compatible named person, a role
//! description to the person introduced with that role, a surname to the
//! full name.

use super::frames::{possessive as frames_possessive, Class, Ctx};
use super::tokens::{ascii_alnum, Tok};
use super::{Diagnostic, DiagnosticKind, Quote};
use std::collections::{HashMap, HashSet};

use crate::grammar::{lex, FastHash, Gender};

/// A run of capitalised name words somewhere in the article.
#[derive(Debug, Clone)]
struct Mention<'t> {
    /// Where the capitalised run starts, before [`name_start`] dropped its
    /// common words ("Harbour Master" of "Harbour Master Ana Ruiz"): they
    /// are said of the name as words around it are.
    run_lo: usize,
    lo: usize,
    hi: usize,
    /// The name as written (a surname is replaced by the full name).
    name: &'t str,
    person: bool,
    /// A person by evidence beyond capitals: a title, or a known first
    /// name ("National Statistics" is capitalised words, not a person).
    named_person: bool,
    /// An organisation: its last word is a body, or it is an acronym.
    org: bool,
    /// Gender by a title ("Mrs."): certain.
    gender: Option<Gender>,
    /// Gender by the first name's usual gender: a hint.
    name_gender: Option<Gender>,
}

/// The lowercased words said of a mention: the 12 words before it in its
/// sentence (back to another name), and an apposition after it. Roles and their kin are found here.
fn words_around<'c>(ctx: &'c Ctx, m: &Mention) -> Vec<&'c str> {
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
const ROLE_WINDOW: usize = 400;
/// How far back, in tokens, an earlier description is looked for.
const DESCRIPTION_REACH: usize = 4000;

fn clean_name(s: &str) -> &str {
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
    words: HashSet<&'t str, FastHash>,
    /// Per token: is it a word of a heading in capitals ([`shouted`])?
    shouted: Vec<bool>,
}

impl<'t> Common<'t> {
    fn of(ctx: &Ctx<'t>) -> Common<'t> {
        let mut words = HashSet::with_capacity_and_hasher(ctx.toks.len() / 2, FastHash::default());
        for i in 0..ctx.toks.len() {
            if ctx.toks[i].kind == Tok::Word {
                let w = ctx.word(i);
                if w.starts_with(|c: char| c.is_lowercase()) {
                    words.insert(w);
                }
            }
        }
        let mut common = Common {
            words,
            shouted: Vec::new(),
        };
        common.shouted = shouted(ctx, &common);
        common
    }

    fn contains(&self, w: &str) -> bool {
        self.words.contains(w)
    }
}

/// Is the word at `i` written in capitals only ("OBAMA’S", "NATO")?
fn all_caps(ctx: &Ctx, i: usize) -> bool {
    let w = ctx.word(i);
    ctx.toks[i].is_word() && w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
}

/// Per token: is it a word of a heading written in capitals ("OBAMA’S
/// LAST STATE", "CONGRESS HAS INVESTIGATED")? Such a heading is two
/// words or more in capitals, one of them a word of three letters or
/// more that the article also writes in lowercase or the grammar knows
/// as a plain word ("last", "has"). Its capitals name no one; acronyms
/// ("NAACP LDF", "UKIP MEP") are no such words.
fn shouted(ctx: &Ctx, common: &Common) -> Vec<bool> {
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
fn name_start(ctx: &Ctx, common: &Common, lo: usize, hi: usize) -> usize {
    let mut k = lo;
    let mut first = false;
    while k < hi {
        if crate::grammar::first_name(ctx.word(k)).is_some() {
            first = true;
            break;
        }
        let known = ctx.flags(k) & (lex::TITLE | lex::ROLE | lex::BODY | lex::MODIFIER) != 0
            || crate::grammar::is_demonym(ctx.word(k));
        // "NDP MP Carla Voss": an acronym names the party or body.
        let acronym = {
            let w = ctx.word(k);
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
        };
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
        .filter(|&r| crate::grammar::first_name(ctx.word(r + 1)).is_some() && r + 1 < hi)
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
fn role_like(ctx: &Ctx, common: &Common, r: usize) -> bool {
    if ctx.flags(r) & (lex::TITLE | lex::ROLE) != 0 {
        return true;
    }
    let w = ctx.word(r);
    if crate::grammar::first_name(w).is_some() || !names_by_capitals(ctx) {
        return false;
    }
    let hyphen_role = w.contains('-')
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
fn names_by_capitals(ctx: &Ctx) -> bool {
    ctx.g.noun_markers.is_empty()
}

/// Does the word at `k` open its sentence as a quantifier ("*Many*
/// Mexicans say", though a list knows Many as a first name) or as an
/// adverb that is no first name ("*Now* Vodafone has", not "Will Roe")?
/// It starts no name (issue 14).
fn function_opener(ctx: &Ctx, k: usize) -> bool {
    let flags = ctx.flags(k);
    // A colon opens a clause as a full stop does: "ties: Several Twitter
    // executives …".
    names_by_capitals(ctx)
        && (k == 0 || ctx.toks[k - 1].ends_sentence() || ctx.toks[k - 1].kind == Tok::Punct(':'))
        && ctx.toks[k].is_word()
        && (flags & lex::INDEFINITE != 0
            || flags & lex::AUXILIARY != 0 && crate::grammar::first_name(ctx.word(k)).is_none())
}

/// Is the word at `k` a verb's -ing or -ed form and no first name
/// ("Debating Clinton's character", "Continued Stone: …", "Understated
/// Perez"; not "Manfred")?
fn verb_form(ctx: &Ctx, k: usize) -> bool {
    let w = ctx.lower(k);
    // A German name may end so ("Manfred"), and its verbs are no openers.
    let ed = names_by_capitals(ctx) && w.ends_with("ed");
    w.len() > 5 && (w.ends_with("ing") || ed) && crate::grammar::first_name(ctx.word(k)).is_none()
}

/// Is the first word of the name run `lo..=hi` the domain of a title
/// before it: "Secretary of *State* John Kerry"?
fn title_domain(ctx: &Ctx, lo: usize, hi: usize) -> bool {
    hi >= lo + 2
        && lo >= 2
        && ctx.toks[lo - 1].is_word()
        && ctx.flags(lo - 1) & (lex::CONNECTOR | lex::PREPOSITION) == lex::CONNECTOR | lex::PREPOSITION
        && ctx.is_title(lo - 2)
}

/// The surname of a full name: its last word, or the one before a
/// suffix ("Harry B. Harris Jr" is Harris).
fn surname(name: &str) -> &str {
    let mut words = name.rsplit(' ');
    match (words.next(), words.next()) {
        (Some("Jr" | "Jr." | "Sr" | "Sr." | "II" | "III" | "IV"), Some(before)) => before,
        (Some(last), _) => last,
        (None, _) => name,
    }
}

/// Lowercase particles that join the words of one name ("Ursula von der
/// Leyen").
const PARTICLES: [&str; 12] = [
    "de", "da", "van", "von", "der", "al", "bin", "ibn", "la", "le", "du", "del",
];

fn mentions<'t>(ctx: &Ctx<'t>, common: &Common) -> Vec<Mention<'t>> {
    let n = ctx.toks.len();
    let mut out: Vec<Mention> = Vec::new();
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
            let bridge = || {
                hi + 2 < n && ctx.toks[hi + 1].is_word() && PARTICLES.contains(&ctx.word(hi + 1)) && ctx.is_cap(hi + 2)
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
                    && crate::grammar::first_name(ctx.word(hi + 1)).is_none()
                    && crate::grammar::first_name(ctx.word(lo)).is_some()
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
        let org = ctx.g.lex(clean_name(ctx.lower(hi))) & lex::BODY != 0
            || (lo..=hi).any(|k| {
                let w = ctx.word(k);
                w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && w.chars().all(|c| !c.is_lowercase())
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
        let after_the =
            run_lo > 0 && ctx.lower(run_lo - 1) == "the" && crate::grammar::first_name(ctx.word(lo)).is_none();
        let person = !org && (words >= 2 || titled) && !after_the && !crate::grammar::is_place(name);
        let named_person = person && (titled || crate::grammar::first_name(ctx.word(lo)).is_some());
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
    let label = labels(ctx);
    out.retain(|m| !label[m.run_lo]);
    // In a title-case line capitals tell nothing: "Praises Marco Rubio
    // Donor", "Newspaper Says Clinton Needs". There a name is a listed
    // first name and the words after it up to one the grammar or the
    // article knows as a plain word; without a first name, a run of more
    // than three words, or one with a plain word, is no name, unless it
    // is a body's.
    let headline = title_case_lines(ctx);
    let plain = |k: usize| {
        let known = lex::ROLE | lex::TITLE | lex::BODY | lex::MODIFIER | lex::VERB | lex::STOPCAP | lex::DET;
        let w = clean_name(ctx.lower(k));
        ctx.g.lex(w) & known != 0 || common.contains(w)
    };
    out.retain_mut(|m| {
        if !headline[m.lo] || m.org {
            return true;
        }
        let first = (m.lo..m.hi).find(|&k| crate::grammar::first_name(ctx.word(k)).is_some());
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
    let surnames: Vec<&str> = out
        .iter()
        .filter(|m| !opener_of(m))
        .filter_map(|m| match m.name.rsplit_once(' ') {
            Some((_, last)) => m.person.then_some(last),
            None => Some(m.name),
        })
        .collect();
    let full_names: Vec<(&str, &str)> = out
        .iter()
        .filter(|m| m.person && !opener_of(m))
        .filter_map(|m| {
            m.name
                .split_once(' ')
                .map(|(first, _)| (first, m.name.rsplit_once(' ').map_or(m.name, |(_, l)| l)))
        })
        .collect();
    for m in &mut out {
        if opener_of(m) {
            let last = clean_name(ctx.word(m.hi));
            let not_first = match crate::grammar::first_name(ctx.word(m.lo)) {
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
            if m.name.contains(' ') {
                fulls.entry(surname(m.name)).or_insert(m.name);
            }
        }
    }
    for m in &mut out {
        if !m.name.contains(' ') {
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
        if let Some((first, _)) = m.name.split_once(' ') {
            m.name_gender = crate::grammar::first_name(first);
        }
    }
    out
}

/// Per token: is it part of a label or dateline that opens its paragraph
/// in capitals before a colon or dash, with any agency credit in
/// brackets ("READ MORE:", "HALIFAX —", "WASHINGTON (AP) —")?
fn labels(ctx: &Ctx) -> Vec<bool> {
    let toks = ctx.toks;
    let mut out = vec![false; toks.len()];
    let capitals = |k: usize| {
        let w = ctx.word(k);
        toks[k].is_word() && w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
    };
    for lo in (0..toks.len()).filter(|&i| i == 0 || toks[i - 1].kind == Tok::Para) {
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
fn title_case_lines(ctx: &Ctx) -> Vec<bool> {
    let toks = ctx.toks;
    let mut out = vec![false; toks.len()];
    let mut start = 0;
    for end in 0..=toks.len() {
        if end < toks.len() && toks[end].kind != Tok::Para {
            continue;
        }
        let words = || (start..end).filter(|&i| toks[i].is_word()).map(|i| ctx.word(i));
        let closed = (start..end)
            .rev()
            .find(|&i| toks[i].kind != Tok::Para)
            .is_some_and(|i| matches!(toks[i].kind, Tok::Punct('.' | '!' | '?')));
        // A headline the text opens with often gets a full stop (as the
        // title line of a feed's text): then four words at least.
        let title_case = words().count() >= if closed { 4 } else { 3 }
            && words().all(|w| !(w.starts_with(|c: char| c.is_lowercase()) && w.chars().count() > 3));
        if title_case {
            out[start..end].iter_mut().for_each(|h| *h = true);
        }
        start = end + 1;
    }
    out
}

/// Whom the pronoun at `lo` (of `gender`, as the grammar gives it) refers to.
fn pronoun_referent(ctx: &Ctx, ms: &[Mention], lo: usize, gender: Option<Gender>) -> Option<String> {
    match gender {
        // "it said": an organisation, not a place or a month.
        Some(Gender::Neuter) => ms[..ms.partition_point(|m| m.hi < lo)]
            .iter()
            .rev()
            .find(|m| m.org)
            .map(|m| m.name.to_string()),
        // "they said": whoever was named last, but not a country or state.
        Some(Gender::Person) => ms[..ms.partition_point(|m| m.hi < lo)]
            .iter()
            .rev()
            .find(|m| !crate::grammar::is_place(m.name))
            .map(|m| m.name.to_string()),
        // A subject whose first name agrees first ("as she said"
        // skips "Bernie Sanders"); then as if first names said nothing.
        g => subject_person_if(ctx, ms, lo, g, true, true)
            .or_else(|| agreeing_in_sentence(ctx, ms, lo, g))
            .or_else(|| subject_person(ctx, ms, lo, g))
            .or_else(|| latest_person(ms, lo, g))
            .map(|m| m.name.to_string()),
    }
}

/// Who gave the medium that a speaker phrase names ("the statement
/// said"): the one it is said to be by ("a statement released by the
/// union"), its possessor ("her statement", "the union's statement"), or,
/// for "the statement", the subject of the sentence that brought the same
/// medium in ("The union released a statement on Friday.").
fn medium_author(
    ctx: &Ctx,
    ms: &[Mention],
    common: &Common,
    lo: usize,
    head: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let by = |at: usize| {
        (at + 1..(at + 4).min(ctx.toks.len()))
            .take_while(|&k| ctx.toks[k].is_word())
            .find(|&k| ctx.lower(k) == "by")
            .and_then(|k| ctx.phrase_after(k + 1))
    };
    // Only a name the article gives a person or a body: "a report by
    // UK-based consultancy Analysys" must not make "UK-based" its author.
    let mut diags_here = Vec::new();
    let mut resolve = |(a, b): (usize, usize)| {
        canonical(ctx, ms, common, a, b, &mut diags_here)
            .filter(|who| ms.iter().any(|m| m.name == who && (m.person || m.org)))
    };
    let who = if let Some(phrase) = by(head) {
        resolve(phrase)
    } else if head > lo && ctx.toks[lo].is_word() && matches!(ctx.lower(lo), "his" | "her" | "their" | "its") {
        let gender = match ctx.lower(lo) {
            "his" => Gender::Masculine,
            "her" => Gender::Feminine,
            "its" => Gender::Neuter,
            _ => Gender::Person,
        };
        pronoun_referent(ctx, ms, lo, Some(gender))
    } else if let Some(k) = (lo..head).find(|&k| frames_possessive(ctx.word(k))) {
        resolve((lo, k))
    } else if matches!(ctx.lower(lo), "the" | "this" | "that") {
        // The same medium brought in ("released a statement") within the
        // last few sentences, by a named subject or "by" someone.
        let word = ctx.lower(head);
        let j = (lo.saturating_sub(MEDIUM_WINDOW)..lo)
            .rev()
            .find(|&j| ctx.toks[j].is_word() && ctx.lower(j) == word)?;
        let introduced = (j.saturating_sub(3)..j).any(|k| ctx.toks[k].is_word() && matches!(ctx.lower(k), "a" | "an"));
        if !introduced {
            return None;
        }
        // Its giver is the subject nearest before it: after "said" in "The
        // Times said Cook provided a written statement".
        let (slo, _) = super::words::sentence_of(ctx, j);
        let slo = (slo..j).rev().find(|&v| ctx.is_verb(v)).map_or(slo, |v| v + 1);
        by(j)
            .or_else(|| super::sieves::name_before_verb(ctx, slo, j))
            .and_then(resolve)
    } else {
        None
    };
    diags.extend(diags_here);
    who
}

/// How far back (in tokens) "the statement" looks for the statement it
/// means.
const MEDIUM_WINDOW: usize = 120;

/// The latest person among `recent` said to hold the most of `roles` (or
/// a word akin to one): "Sen. Jane Roe" for "the senator".
fn role_referent<'m, 't: 'm>(
    ctx: &Ctx,
    recent: impl Iterator<Item = &'m Mention<'t>>,
    roles: &[String],
) -> Option<&'m Mention<'t>> {
    let mut best: Option<(&Mention, usize)> = None;
    for m in recent.filter(|m| m.person) {
        let around = words_around(ctx, m);
        let said = |w: &str| around.contains(&w);
        let score = roles
            .iter()
            .filter(|r| {
                said(r)
                    || ctx
                        .g
                        .role_kin
                        .get(r.as_str())
                        .is_some_and(|kin| kin.iter().any(|k| said(k)))
            })
            .count();
        if score > 0 && best.is_none_or(|(_, s)| score >= s) {
            best = Some((m, score));
        }
    }
    best.map(|(m, _)| m)
}

/// "the New Jersey governor" after "New Jersey Gov. Jane Roe": a definite
/// description whose head is a person's role and whose capitalised words
/// (`named`) qualify the role rather than name a body refers to the latest
/// person said to hold the role with those words written next to the name.
/// A body ("the NATO official") is left to stand for the body.
fn qualified_role_referent(ctx: &Ctx, ms: &[Mention], lo: usize, head: usize, named: &str) -> Option<String> {
    let role = ctx.lower(head);
    let person_role = ctx.class(head) == Class::Role
        && ctx.g.roles.contains(role)
        && ctx.flags(head) & (lex::BODY | lex::AGENT | lex::SPEECH_NOUN) == 0
        && !plural(role)
        && !possessed(ctx, lo)
        && !(lo..=head).any(|i| ctx.flags(i) & lex::INDEFINITE != 0);
    if !person_role {
        return None;
    }
    let acronym = named
        .split(' ')
        .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase));
    let ends_named = |n: &str| n.strip_suffix(named).is_some_and(|rest| rest.ends_with(' '));
    if acronym || ms.iter().any(|m| m.org && (m.name == named || ends_named(m.name))) {
        return None;
    }
    let quals: Vec<String> = named.split(' ').map(str::to_lowercase).collect();
    // The qualifier written within a few words of the name, in its sentence.
    let qualified = |m: &&Mention| {
        let near = |range: std::ops::Range<usize>| {
            range
                .filter(|&i| ctx.toks[i].is_word())
                .map(|i| clean_name(ctx.lower(i)).to_string())
                .collect::<Vec<_>>()
        };
        // Not the description itself, nor a name it stands in apposition to.
        let mut words = near(m.hi + 1..(m.hi + 6).min(lo));
        words.extend(near(m.lo.saturating_sub(6)..m.lo));
        let apposed = (m.hi + 1..lo).all(|i| !ctx.toks[i].is_word());
        !apposed && quals.iter().all(|q| words.contains(q))
    };
    let before = &ms[..ms.partition_point(|m| m.hi < lo)];
    let recent = &before[before.len().saturating_sub(ROLE_WINDOW)..];
    role_referent(ctx, recent.iter().filter(qualified), &[role.to_string()]).map(|m| m.name.to_string())
}

/// Fills `speaker_canonical` for every quote with a speaker phrase.
/// `known` are the article's mentions when the caller already has them.
pub fn resolve(
    ctx: &Ctx,
    quotes: &mut [Quote],
    who: &[Option<(usize, usize)>],
    diags: &mut Vec<Diagnostic>,
    known: Option<&Mentions>,
) {
    if who.iter().all(Option::is_none) {
        return;
    }
    let owned;
    let known = match known {
        Some(m) => m,
        None => {
            owned = Mentions::new(ctx);
            &owned
        }
    };
    let (ms, common) = (&known.all, &known.common);
    // Gender learned from earlier resolutions: "Slutsky … he said".
    // The halves of an interrupted quote share one phrase: resolve it once.
    let mut done: HashMap<(usize, usize), Option<String>, FastHash> = HashMap::default();
    for (q, span) in quotes.iter_mut().zip(who) {
        let Some((lo, hi)) = *span else { continue };
        if let Some(c) = done.get(&(lo, hi)) {
            q.speaker_canonical = c.clone();
            continue;
        }
        // "the Florida senator" with no senator named before is someone
        // from Florida, not Florida.
        let role = (lo..=hi).any(|k| ctx.flags(k) & (lex::ROLE | lex::TITLE) != 0);
        let c = canonical(ctx, ms, common, lo, hi, diags)
            .filter(|c| names_someone(ctx, common, c) && !(role && crate::grammar::is_place(c)));
        done.insert((lo, hi), c.clone());
        q.speaker_canonical = c;
    }
}

/// Does a resolved name name someone? A name of one word is not when
/// the grammar knows the word as a modifier, a stop word, a determiner
/// or an abbreviation ("the Republican presidential candidate" gives
/// "Republican", "the secretary of State" "State", "Feb."), nor when the
/// article also writes it in lowercase and it is no first name, no body
/// and no title ("Being", "Nearly", "Aides": a sentence opener or a
/// plural description read as a name). A surname the article writes
/// only capitalised stays ("Brooks", "Earnest").
fn names_someone(ctx: &Ctx, common: &Common, name: &str) -> bool {
    if name.contains(char::is_whitespace) {
        return !description(ctx, common, name);
    }
    let mut lower = String::new();
    crate::grammar::push_lower(&mut lower, name);
    let flags = ctx.g.lex(&lower);
    // "Officials", "Democrats": a group, not a name.
    if flags & lex::ROLE != 0 && flags & lex::BODY == 0 && plural(&lower) {
        return false;
    }
    // "I'd", "Won't": a contraction, not "O'Neill".
    let contraction = lower
        .rsplit_once(['\'', '’'])
        .is_some_and(|(_, end)| matches!(end, "d" | "m" | "t" | "s" | "re" | "ve" | "ll"));
    if contraction {
        return false;
    }
    let dotted = {
        let mut d = lower.clone();
        d.push('.');
        ctx.g.lex(&d) & lex::ABBREVIATION != 0
    };
    // "the American ambassador said": a nationality is no one.
    if flags & (lex::MODIFIER | lex::STOPCAP | lex::DET) != 0 || dotted || crate::grammar::is_demonym(name) {
        return false;
    }
    let plain_word = common.contains(&lower) && flags & (lex::BODY | lex::TITLE) == 0;
    !(plain_word && crate::grammar::first_name(name).is_none())
}

/// Is the name of several words a description of someone rather than a
/// name: no first name, and a role, title or party word last after words
/// that only say where or what ("Utah Republican", "Scottish Finance
/// Minister", "Minnesota Democratic", "Argentina's President")? Those
/// are places, nationalities, acronyms, the grammar's roles, titles,
/// modifiers and bodies, and words the article writes in lowercase. A
/// group's name in the plural stays ("Liberal Democrats"), as does a
/// body's ("Security Council") and a name no list knows ("Xanthe
/// Potter").
fn description(ctx: &Ctx, common: &Common, name: &str) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    let lower = |w: &str| {
        let mut l = String::new();
        crate::grammar::push_lower(&mut l, clean_name(w));
        l
    };
    let Some((last, before)) = words.split_last() else {
        return false;
    };
    let head = lower(last);
    let head_flags = ctx.g.lex(&head);
    if head_flags & (lex::ROLE | lex::TITLE | lex::MODIFIER) == 0 || head_flags & lex::BODY != 0 || plural(&head) {
        return false;
    }
    // A party word last ("Democratic") only after places, parties and
    // bodies: "Amnesty International" is a name of common words.
    let role_head = head_flags & (lex::ROLE | lex::TITLE) != 0;
    let says_what = |w: &&str| {
        let c = clean_name(w);
        let acronym = c.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !c.chars().any(char::is_lowercase);
        let l = lower(w);
        crate::grammar::is_place(c)
            || crate::grammar::is_demonym(c)
            || acronym
            || ctx.g.lex(&l) & (lex::ROLE | lex::TITLE | lex::MODIFIER | lex::BODY) != 0
            || role_head && common.contains(&l)
    };
    // "Scottish Executive", "European Commission": a nation's body.
    let national = before.iter().all(|w| crate::grammar::is_demonym(clean_name(w)));
    !national
        && words
            .iter()
            .all(|w| crate::grammar::first_name(clean_name(w)).is_none())
        && before.iter().all(says_what)
}

/// The name words in the latest earlier description that has the same
/// head word as `lo..=head`: "a NATO official" for "the official".
fn earlier_description(ctx: &Ctx, lo: usize, head: usize) -> Option<String> {
    let word = ctx.lower(head);
    (lo.saturating_sub(DESCRIPTION_REACH).max(1)..lo).rev().find_map(|j| {
        if !ctx.toks[j].is_word() || ctx.lower(j) != word {
            return None;
        }
        let mut k = j;
        while k > 0 && j - k < 4 && matches!(ctx.class(k - 1), Class::Modifier | Class::Role | Class::Plain) {
            k -= 1;
        }
        let caps: Vec<&str> = (k.saturating_sub(3)..k)
            .rev()
            .take_while(|&i| ctx.class(i) == Class::Cap)
            .map(|i| ctx.word(i))
            .collect();
        (!caps.is_empty()).then(|| clean_name(&caps.into_iter().rev().collect::<Vec<_>>().join(" ")).to_string())
    })
}

/// Was the head word at `head` introduced before `lo` by an indefinite
/// description with no name after it ("a young woman asked", not "a
/// spokesman, Jane Roe, said")?
fn unnamed_earlier(ctx: &Ctx, lo: usize, head: usize) -> bool {
    let word = ctx.lower(head);
    (lo.saturating_sub(DESCRIPTION_REACH).max(1)..lo).rev().any(|j| {
        if !ctx.toks[j].is_word() || ctx.lower(j) != word {
            return false;
        }
        let mut k = j;
        while k > 0
            && j - k < 4
            && matches!(
                ctx.class(k - 1),
                Class::Modifier | Class::Role | Class::Plain | Class::Cap
            )
        {
            k -= 1;
        }
        let indefinite = k > 0 && ctx.flags(k - 1) & lex::INDEFINITE != 0;
        let mut n = j + 1;
        if ctx.toks.get(n).is_some_and(|t| t.kind == Tok::Punct(',')) {
            n += 1;
        }
        let named = n < ctx.toks.len() && matches!(ctx.class(n), Class::Cap | Class::Title);
        indefinite && !named
    })
}

/// A plural noun: "lawyers", "officials" (not "press", "campus").
/// "the harbour master" after "Harbour Master Ana Ruiz": a definite
/// description in no role list refers to the latest person whose name, or
/// the plain words right before it, hold every one of its words.
fn plain_description_referent(ctx: &Ctx, ms: &[Mention], lo: usize, hi: usize) -> Option<String> {
    let definite = ctx.class(lo) == Class::Det && ctx.flags(lo) & lex::INDEFINITE == 0 && !possessed(ctx, lo);
    if !definite || lo == hi || ctx.class(hi) != Class::Plain {
        return None;
    }
    let words: Vec<&str> = (lo + 1..=hi).map(|i| ctx.lower(i)).collect();
    let before = &ms[..ms.partition_point(|m| m.hi < lo)];
    before[before.len().saturating_sub(ROLE_WINDOW)..]
        .iter()
        .rev()
        .filter(|m| m.person)
        .find(|m| {
            // The name and the plain words right before it: "harbour
            // master Ana Ruiz", not a verb's object further back.
            let mut a = m.run_lo;
            while a > 0 && matches!(ctx.class(a - 1), Class::Plain | Class::Modifier | Class::Role) {
                a -= 1;
            }
            words.iter().all(|w| (a..=m.hi).any(|i| ctx.lower(i) == *w))
        })
        .map(|m| m.name.to_string())
}

/// The name after an agent word and a connector: "spokesman *for the
/// House Armed Services Committee*".
fn body_spoken_for(ctx: &Ctx, agent: usize) -> Option<String> {
    let mut j = agent + 1;
    if ctx.toks.get(j).is_none_or(|t| !t.is_word()) || ctx.flags(j) & lex::CONNECTOR == 0 {
        return None;
    }
    j += 1;
    if ctx.toks.get(j).is_some_and(|t| t.is_word()) && ctx.class(j) == Class::Det {
        j += 1;
    }
    // "a spokesman for committee Democrats": plain words may qualify it.
    let start = j;
    while j < start + 2
        && ctx.toks.get(j).is_some_and(|t| t.is_word())
        && ctx.word(j).starts_with(char::is_lowercase)
        && matches!(ctx.class(j), Class::Plain | Class::Role | Class::Modifier)
    {
        j += 1;
    }
    // A name, or a capitalised role word standing for a group ("Democrats").
    let named = |i: usize| {
        ctx.toks.get(i).is_some_and(|t| t.is_word())
            && (ctx.is_cap(i) || ctx.class(i) == Class::Role && ctx.word(i).starts_with(char::is_uppercase))
    };
    if !named(j) {
        j = start;
    }
    let from = start;
    let mut k = j;
    while k < ctx.toks.len() && named(k) {
        k += 1;
    }
    (k > j).then(|| clean_name(&ctx.text[ctx.toks[from].start..ctx.toks[k - 1].end]).to_string())
}

fn plural(w: &str) -> bool {
    w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")
}

/// Does the description at `lo` open with a possessive ("his wife",
/// "Trump's aide", "the senator's spokesman")?
fn possessed(ctx: &Ctx, lo: usize) -> bool {
    let l = ctx.lower(lo);
    matches!(l, "his" | "her" | "their" | "its" | "our" | "my" | "your")
        || (lo..lo + 3)
            .take_while(|&i| i < ctx.toks.len() && ctx.toks[i].is_word())
            .any(|i| {
                let w = ctx.lower(i);
                w.ends_with("’s") || w.ends_with("'s")
            })
}

/// How many sentences before a pronoun's own one its antecedent is
/// looked for as a sentence subject.
const SUBJECT_SENTENCES: usize = 2;

/// The person a pronoun at `lo` most likely refers to: the subject of its
/// own sentence ("Roe said he …"), else of one of the sentences just
/// before it in the same or the previous paragraph ("Roe said that Vole
/// had lied. He added …"). A sentence's subject is its first person named
/// outside a quote who is not a possessor ("Roe's lawyer, Tom Vale, said")
/// nor qualifies a role ("Acme Line chief Tom Vale said").
fn subject_person<'m, 't>(
    ctx: &Ctx,
    ms: &'m [Mention<'t>],
    lo: usize,
    gender: Option<Gender>,
) -> Option<&'m Mention<'t>> {
    subject_person_if(ctx, ms, lo, gender, true, false).or_else(|| subject_person_if(ctx, ms, lo, gender, false, false))
}

/// [`subject_person`], taking only persons known by a title or a first
/// name when `named`.
fn subject_person_if<'m, 't>(
    ctx: &Ctx,
    ms: &'m [Mention<'t>],
    lo: usize,
    gender: Option<Gender>,
    named: bool,
    by_first_name: bool,
) -> Option<&'m Mention<'t>> {
    // "Kestrel Line chief executive Dmitri Volkov": a name before a role
    // only qualifies it.
    let qualifies = |m: &Mention| {
        m.hi + 1 < ctx.toks.len() && matches!(ctx.class(m.hi + 1), Class::Role | Class::Modifier | Class::Title)
    };
    let fits = |m: &Mention| {
        m.person
            && (m.named_person || !named)
            && !qualifies(m)
            && !super::words::after_preposition(ctx, m.lo)
            && !ctx.lower(m.hi).ends_with("’s")
            && !ctx.lower(m.hi).ends_with("'s")
            && match (gender, m.gender) {
                (Some(g), Some(h)) => agrees(g, h),
                _ => true,
            }
            && (!by_first_name
                || match (gender, m.name_gender) {
                    (Some(g), Some(h)) => agrees(g, h),
                    _ => true,
                })
    };
    let mut end = lo;
    let mut paras = 0;
    for _ in 0..=SUBJECT_SENTENCES {
        // The sentence that ends before `end`.
        let mut start = end;
        while start > 0 && !ctx.toks[start - 1].ends_sentence() {
            start -= 1;
        }
        let first = ms.partition_point(|m| m.lo < start);
        let found = ms[first..].iter().take_while(|m| m.hi < end).find(|m| fits(m));
        // "Stallone appeared … But she was pleased to see actress Brigitte
        // Nielsen. '…,' she said.": a sentence whose subject is a pronoun
        // of the same gender, before any name in it, goes on speaking of
        // that pronoun's person; the name after it is an object.
        if let Some(p) = subject_pronoun(ctx, start, end, gender).filter(|&p| found.is_none_or(|m| p < m.lo)) {
            if let Some(m) = subject_person_if(ctx, ms, p, gender, named, by_first_name) {
                return Some(m);
            }
        }
        if let Some(m) = found {
            return Some(m);
        }
        if start < 2 {
            return None;
        }
        end = start - 1;
        if ctx.toks[end].kind == Tok::Para {
            paras += 1;
            if paras > 1 {
                return None;
            }
            // Stand on the full stop before the break, as after any other
            // sentence, so the break does not take a sentence's turn.
            if end > 0 && ctx.toks[end - 1].ends_sentence() {
                end -= 1;
            }
        }
    }
    None
}

/// Words that may open a sentence before its subject ("But she said").
const SENTENCE_OPENERS: [&str; 11] = [
    "but",
    "and",
    "however",
    "so",
    "yet",
    "then",
    "later",
    "now",
    "still",
    "meanwhile",
    "also",
];

/// The subject pronoun of the sentence `start..end` when it is a
/// personal pronoun of `gender` (he or she only) opening the sentence,
/// after opening conjunctions and commas: "But she was pleased". A quote
/// that closes its own sentence before it ("“We will wait.” He said …")
/// is a sentence of its own, which the tokens do not split off.
fn subject_pronoun(ctx: &Ctx, start: usize, end: usize, gender: Option<Gender>) -> Option<usize> {
    let g = gender.filter(|&g| matches!(g, Gender::Masculine | Gender::Feminine))?;
    let p = (start..end).find(|&i| {
        !(ctx.toks[i].kind == Tok::Punct(',')
            || ctx.toks[i].is_word() && SENTENCE_OPENERS.contains(&ctx.lower(i))
            || ctx.quote_ends_sentence(i))
    })?;
    (ctx.toks[p].is_word() && ctx.class(p) == Class::Pronoun && ctx.g.pronouns.get(ctx.lower(p)) == Some(&g))
        .then_some(p)
}

/// The nearest person before the pronoun at `lo`, in its own sentence,
/// whose first name agrees with it: "after Clinton lost her cool, as she
/// said" (a subordinate clause's subject, which [`subject_person`] skips).
fn agreeing_in_sentence<'m, 't>(
    ctx: &Ctx,
    ms: &'m [Mention<'t>],
    lo: usize,
    gender: Option<Gender>,
) -> Option<&'m Mention<'t>> {
    let g = gender.filter(|&g| matches!(g, Gender::Masculine | Gender::Feminine))?;
    let mut start = lo;
    while start > 0 && !ctx.toks[start - 1].ends_sentence() {
        start -= 1;
    }
    ms[..ms.partition_point(|m| m.hi < lo)]
        .iter()
        .rev()
        .take_while(|m| m.lo >= start)
        .find(|m| m.named_person && m.name_gender == Some(g) && m.gender.is_none_or(|h| agrees(g, h)))
}

/// Does a pronoun of gender `g` agree with a person of gender `h`?
fn agrees(g: Gender, h: Gender) -> bool {
    g == h || g == Gender::Person || h == Gender::Person
}

fn latest_person<'m, 't>(ms: &'m [Mention<'t>], before: usize, gender: Option<Gender>) -> Option<&'m Mention<'t>> {
    ms[..ms.partition_point(|m| m.hi < before)].iter().rev().find(|m| {
        m.person
            && match (gender, m.gender) {
                (Some(g), Some(h)) => agrees(g, h),
                _ => true,
            }
    })
}

fn canonical(
    ctx: &Ctx,
    ms: &[Mention],
    common: &Common,
    lo: usize,
    hi: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    if lo == hi && ctx.class(lo) == Class::Pronoun {
        let gender = ctx.g.pronouns.get(ctx.lower(lo)).copied();
        return pronoun_referent(ctx, ms, lo, gender);
    }
    // The main phrase, before any apposition.
    let mut main_hi = (lo..=hi)
        .find(|&i| ctx.toks[i].kind == Tok::Punct(','))
        .map_or(hi, |c| c.saturating_sub(1));
    // "Rep. Jane Roe (D-Ore.)" is Jane Roe.
    if let Some(open) = ctx.group_before(main_hi).filter(|&o| o > lo) {
        main_hi = open - 1;
    }
    // "said the American" after "American Andy Roddick": the latest
    // person said to be of that nation, else no one.
    if main_hi > lo
        && crate::grammar::is_one_demonym(ctx.word(main_hi))
        && matches!(ctx.lower(lo), "the")
        && (lo + 1..main_hi).all(|i| !ctx.is_cap(i))
    {
        // Written right before the name ("Kenyan Susan Otieno", "the
        // Kenyan runner Susan Otieno"), not after it: "Tim Roe, the
        // American" may be the very phrase that speaks.
        let nation = ctx.word(main_hi);
        let before = &ms[..ms.partition_point(|m| m.hi < lo)];
        return before[before.len().saturating_sub(ROLE_WINDOW)..]
            .iter()
            .rev()
            .find(|m| m.person && (m.run_lo.saturating_sub(3)..m.lo).any(|i| ctx.word(i) == nation))
            .map(|m| m.name.to_string());
    }
    // The trailing run of name words: "Russian Foreign Minister Sergei Lavrov" -> "Sergei Lavrov".
    let mut k = main_hi + 1;
    // "Variety's Gordon Cox" is Gordon Cox: a possessor before a first
    // name is where the person works. ("America's Renewable Future" is
    // one name.)
    // So is a body's ("the Washington Post’s Ishaan Tharoor"). A phrase
    // that ends the text has no word after its possessor.
    let works_for = |k: usize| {
        k < ctx.toks.len()
            && frames_possessive(ctx.word(k - 1))
            && (crate::grammar::first_name(ctx.word(k)).is_some()
                || ctx.g.lex(clean_name(ctx.lower(k - 1))) & lex::BODY != 0)
    };
    // "Ben van der Hoek": a particle between name words joins them.
    let particle = |i: usize| ctx.toks[i].is_word() && PARTICLES.contains(&ctx.word(i));
    loop {
        if k > lo && ctx.class(k - 1) == Class::Cap && !common.shouted[k - 1] && !works_for(k) {
            k -= 1;
        } else if let Some(j) = (lo + 1..k).rev().take_while(|&j| particle(j)).last() {
            if ctx.class(j - 1) != Class::Cap {
                break;
            }
            k = j - 1;
        } else {
            break;
        }
    }
    if k <= main_hi && title_domain(ctx, k, main_hi) {
        k += 1;
    }
    if k <= main_hi {
        k = name_start(ctx, common, k, main_hi);
    }
    // "Celebrating Clinton “turning Obama around”": a common word or an
    // -ing form that opens the sentence is no first name of a person the
    // rest names.
    if k < main_hi && function_opener(ctx, k) {
        k += 1;
    } else if k < main_hi
        && (k == 0 || ctx.toks[k - 1].ends_sentence())
        && crate::grammar::first_name(ctx.word(k)).is_none()
    {
        let w = ctx.lower(k);
        let person_after = ms.iter().any(|m| m.person && m.lo <= k + 1 && m.hi >= main_hi);
        if person_after && (common.contains(w) || verb_form(ctx, k)) {
            k += 1;
        }
    }
    // "an Iowa Democrat": capitalised words after "a" or "an" and no first
    // name describe someone new and unnamed.
    // A body so described still speaks ("a Pentagon spokesman").
    // Adjectives may stand between before a role ("one well-connected
    // Democrat"), not before a name ("an angry Hollande").
    let role_run = (k..=main_hi).all(|i| ctx.flags(i) & lex::ROLE != 0);
    let det = (k.saturating_sub(3)..k).rev().find(|&d| {
        matches!(ctx.lower(d), "a" | "an" | "one" | "another")
            && (d + 1 == k || role_run)
            && (d + 1..k).all(|i| {
                ctx.toks[i].is_word()
                    && !ctx.is_cap(i)
                    && ctx.flags(i) & (lex::PREPOSITION | lex::ROLE | lex::VERB | lex::DET) == 0
            })
    });
    if k <= main_hi
        && det.is_some_and(|d| ctx.text[..ctx.toks[d].start].ends_with(char::is_whitespace))
        && !(k..=main_hi).any(|i| crate::grammar::first_name(ctx.word(i)).is_some())
        && !ms.iter().any(|m| m.org && m.lo <= main_hi && m.hi >= k)
        && ctx.flags(main_hi) & lex::BODY == 0
    {
        return None;
    }
    if k <= main_hi {
        let raw = clean_name(&ctx.text[ctx.toks[k].start..ctx.toks[main_hi].end]);
        // The mention that covers this run carries the resolved full name.
        if let Some(m) = ms.iter().find(|m| m.lo <= k && m.hi >= main_hi) {
            if !m.name.contains(' ') || m.name.ends_with(&raw) || surname(m.name) == raw || raw.contains(' ') {
                return Some(if raw.contains(' ') {
                    raw.to_string()
                } else {
                    m.name.to_string()
                });
            }
        }
        return Some(raw.to_string());
    }
    // "Her campaign manager, Robby Mook,": a name opening the apposition.
    if main_hi < hi {
        let a = main_hi + 2;
        let mut b = a;
        while b < hi && ctx.class(b + 1) == Class::Cap {
            b += 1;
        }
        if a <= hi && ctx.class(a) == Class::Cap && (b > a || ctx.toks.get(b + 1).is_none_or(|t| !t.is_word())) {
            let raw = clean_name(&ctx.text[ctx.toks[a].start..ctx.toks[b].end]);
            return Some(raw.to_string());
        }
    }
    // A description: a body named inside it ("the NATO statement") ...
    let caps: Vec<&str> = (lo..=main_hi)
        .filter(|&i| ctx.class(i) == Class::Cap && !common.shouted[i])
        .map(|i| ctx.word(i))
        .collect();
    if !caps.is_empty() {
        let named = clean_name(&caps.join(" ")).to_string();
        // "a Democratic strategist", "a Texas voter", "a Trump supporter":
        // someone new and unnamed, whose party, place or candidate is not
        // the speaker. A body named inside it still speaks ("a NATO
        // official"), as does whatever a spokesman speaks for ("a Twitter
        // spokesman").
        let indefinite = (lo..=main_hi).any(|i| ctx.flags(i) & lex::INDEFINITE != 0);
        let body = ms.iter().any(|m| m.org && m.lo >= lo && m.hi <= main_hi);
        if indefinite && !body && ctx.flags(main_hi) & lex::AGENT == 0 {
            return None;
        }
        return qualified_role_referent(ctx, ms, lo, main_hi, &named).or(Some(named));
    }
    // A medium ("the statement", "her statement") speaks for whoever gave it.
    if ctx.flags(main_hi) & lex::SPEECH_NOUN != 0 && ctx.flags(main_hi) & lex::AGENT == 0 {
        if let Some(who) = medium_author(ctx, ms, common, lo, main_hi, diags) {
            return Some(who);
        }
    }
    // ... or a role said of a named person earlier ("the foreign minister").
    let roles: Vec<String> = (lo..=main_hi)
        .filter(|&i| ctx.class(i) == Class::Role)
        .map(|i| ctx.lower(i).to_string())
        .filter(|r| !ctx.g.speech_nouns.contains(r) || ctx.g.roles.contains(r))
        .collect();
    if roles.is_empty() {
        return plain_description_referent(ctx, ms, lo, main_hi);
    }
    // "the lawyers", "critics": a plural names no one person; "his wife",
    // "Trump's aide": someone other than the one the possessive names
    // (but "the party's statement" is the party's).
    let speech = ctx.flags(main_hi) & lex::SPEECH_NOUN != 0 && ctx.flags(main_hi) & lex::AGENT == 0;
    if plural(ctx.lower(main_hi)) || possessed(ctx, lo) && !speech {
        return None;
    }
    // "the congressional report" is a document: it may stand for a body
    // an earlier description named ("a NATO statement"), never a person.
    if speech {
        return earlier_description(ctx, lo, main_hi).filter(|body| ms.iter().any(|m| m.org && m.name == *body));
    }
    // "the authority", "the committee": a body's word names a body, the
    // latest one whose name ends in it, never a person.
    if ctx.flags(main_hi) & lex::BODY != 0 && ctx.flags(main_hi) & lex::AGENT == 0 {
        let head = ctx.lower(main_hi);
        return ms[..ms.partition_point(|m| m.hi < lo)]
            .iter()
            .rev()
            .find(|m| m.org && ctx.lower(m.hi).trim_end_matches(['’', '\'', 's']) == head.trim_end_matches('s'))
            .map(|m| m.name.to_string());
    }
    // An indefinite description ("a spokesman", "the second official")
    // introduces someone new; one who speaks for a body speaks for the
    // organisation named last.
    if (lo..=main_hi).any(|i| ctx.flags(i) & lex::INDEFINITE != 0) {
        if ctx.flags(main_hi) & lex::AGENT != 0 {
            // "a spokesman for Platte River": the body named right after.
            if let Some(body) = body_spoken_for(ctx, main_hi) {
                return Some(body);
            }
            return ms[..ms.partition_point(|m| m.hi < lo)]
                .iter()
                .rev()
                .find(|m| m.org)
                .map(|m| m.name.to_string());
        }
        return None;
    }
    // "a young woman asked …" then "the woman said": the description
    // refers back to someone the article never names.
    let body = earlier_description(ctx, lo, main_hi).filter(|body| ms.iter().any(|m| m.org && m.name == *body));
    if body.is_none() && unnamed_earlier(ctx, lo, main_hi) {
        return None;
    }
    // The people named before the phrase, the latest ROLE_WINDOW of them.
    let before = &ms[..ms.partition_point(|m| m.hi < lo)];
    let recent = &before[before.len().saturating_sub(ROLE_WINDOW)..];
    if let Some(m) = role_referent(ctx, recent.iter(), &roles) {
        return Some(m.name.to_string());
    }
    // "the official" after "a NATO official": the body named in an earlier
    // description with the same head word.
    // Only a body: "a Berlin man" does not make "the man" Berlin.
    if body.is_some() {
        return body;
    }
    let person = latest_person(ms, lo, None);
    let several = person.is_some_and(|p| recent.iter().any(|m| m.person && m.name != p.name));
    if several {
        diags.push(Diagnostic {
            kind: DiagnosticKind::AmbiguousSpeaker,
            start: ctx.toks[lo].start,
            end: ctx.toks[hi].end,
            message: format!(
                "`{}` names no one, and several people were named before it; left unresolved",
                &ctx.text[ctx.toks[lo].start..ctx.toks[hi].end]
            ),
        });
        return None;
    }
    person.map(|m| m.name.to_string())
}

/// The name mentions of one article, for the speaker ranker
/// (`speakers`): what each candidate phrase resolves to, and what sort
/// of mention a phrase is.
pub(super) struct Mentions<'t> {
    all: Vec<Mention<'t>>,
    common: Common<'t>,
    /// How many mentions carry each name.
    counts: HashMap<&'t str, usize, FastHash>,
}

/// What sort of name a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NameKind {
    /// A person known by a title or a first name.
    Named,
    Person,
    Org,
    /// A capitalised run with no evidence either way.
    Bare,
}

impl<'t> Mentions<'t> {
    pub fn new(ctx: &Ctx<'t>) -> Mentions<'t> {
        let common = Common::of(ctx);
        let all = mentions(ctx, &common);
        let mut counts: HashMap<&'t str, usize, FastHash> = HashMap::default();
        for m in &all {
            *counts.entry(m.name).or_default() += 1;
        }
        Mentions { all, counts, common }
    }

    /// The canonical name of the phrase `lo..=hi`, as [`resolve`] gives it.
    pub fn canonical(&self, ctx: &Ctx, lo: usize, hi: usize) -> Option<String> {
        canonical(ctx, &self.all, &self.common, lo, hi, &mut Vec::new())
    }

    /// Every mention: its tokens and sort.
    pub fn spans(&self) -> impl Iterator<Item = (usize, usize, NameKind)> + '_ {
        self.all.iter().map(|m| (m.lo, m.hi, kind_of(m)))
    }

    /// The sort of the last mention inside `lo..=hi`, if any.
    pub fn kind_within(&self, lo: usize, hi: usize) -> Option<NameKind> {
        let end = self.all.partition_point(|m| m.lo <= hi);
        self.all[..end]
            .iter()
            .rev()
            .find(|m| m.lo >= lo && m.hi <= hi)
            .map(kind_of)
    }

    /// How many mentions carry this (resolved) name: how salient its
    /// bearer is in the article.
    pub fn count(&self, name: &str) -> usize {
        self.counts.get(name).copied().unwrap_or(0)
    }
}

fn kind_of(m: &Mention) -> NameKind {
    if m.named_person {
        NameKind::Named
    } else if m.person {
        NameKind::Person
    } else if m.org {
        NameKind::Org
    } else {
        NameKind::Bare
    }
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::speakers;

    #[test]
    fn issue14_clean_name_trims_as_trim_matches_does() {
        for (name, want) in [
            ("Ada Quill", "Ada Quill"),
            ("Ada Quill's", "Ada Quill"),
            ("\"Ada Quill,", "Ada Quill"),
            ("Zoë Brandt", "Zoë Brandt"),
            ("Ölund", "Ölund"),
            ("Quill.", "Quill"),
            ("(Brandt)", "Brandt"),
            ("A", "A"),
            ("--", ""),
            ("", ""),
        ] {
            assert_eq!(super::clean_name(name), want, "{name:?}");
        }
    }
    use crate::extract::DiagnosticKind;
    use crate::extract::Extractor;
    use crate::grammar::Grammar;

    fn canonical(text: &str) -> Vec<Option<String>> {
        Extractor::new(Grammar::builtin("en").unwrap())
            .extract(text, None)
            .quotes
            .into_iter()
            .map(|q| q.speaker_canonical)
            .collect()
    }

    /// Asserts that the one quote of `text` is credited to `name`.
    fn named(text: &str, name: Option<&str>) {
        assert_eq!(canonical(text), vec![name.map(str::to_string)], "{text}");
    }

    #[test]
    fn issue14_a_hyphenated_adjective_is_no_name_word() {
        named(
            "“We will fly again,” said Harbourtown-based Quellair.\n",
            Some("Quellair"),
        );
        named("“It was fun,” said the Tony-winning actress.\n", None);
        // A name's own lowercase part stays.
        named("“We agree,” said Ban Ki-moon.\n", Some("Ban Ki-moon"));
    }

    #[test]
    fn issue14_a_heading_in_capitals_names_no_one() {
        let text = "Harbour news.\n\nPORT BOSS’S LAST STAND “We will not close the harbour.”\n";
        named(text, None);
        // Acronyms are no heading: "UKIP MEP" says what Tom Berg is.
        named("“We will strike,” said UKIP MEP Tom Berg.\n", Some("Tom Berg"));
    }

    #[test]
    fn issue14_a_quantifier_or_adverb_opening_a_sentence_starts_no_name() {
        // "Many" is also in the first-name list; a quantifier here.
        named("Harbour news.\n\nMany Republicans say “the ferry is late.”\n", None);
        named(
            "Harbour news.\n\nNow Quellcorp says “the ferry is late.”\n",
            Some("Quellcorp"),
        );
        // An auxiliary that is a first name stays one.
        named(
            "Harbour news.\n\nWill Quellmore says “the ferry is late.”\n",
            Some("Will Quellmore"),
        );
    }

    #[test]
    fn issue14_a_verbs_ed_form_opening_a_sentence_is_no_first_name() {
        let text = "Tom Quell spoke first.\n\nContinued Quell: “We will sail.”\n";
        named(text, Some("Tom Quell"));
    }

    #[test]
    fn issue14_a_description_of_someone_is_no_name() {
        named("“We will win,” the Utah Republican said.\n", None);
        named("“Rates stay,” said the UK Chancellor.\n", None);
        named("“We will sail,” said the Minnesota Democratic.\n", None);
        // Names of common words, a nation's body, a name no list knows.
        named(
            "“We will win,” said Amnesty International.\n",
            Some("Amnesty International"),
        );
        named(
            "“Taxes will rise,” said the Scottish Executive.\n",
            Some("Scottish Executive"),
        );
        named("“We agree,” said Xanthe Potter.\n", Some("Xanthe Potter"));
    }

    #[test]
    fn issue14_a_group_is_no_name() {
        named("Harbour news.\n\nOfficials said: “We object.”\n", None);
        named("Harbour news.\n\nDemocrats said: “We object.”\n", None);
    }

    #[test]
    fn issue14_a_role_before_a_first_name_ends_the_name_after_a_first_name_too() {
        // Jordan is a first name too; what follows says who the person is.
        let text = "Former Jordan Senior Adviser Tom Berg said he has “no idea” about it.\n";
        named(text, Some("Tom Berg"));
        named("“We will strike,” said Labour MP Tom Berg.\n", Some("Tom Berg"));
        named("“We won,” said Fly-half Tom Berg.\n", Some("Tom Berg"));
    }

    #[test]
    fn issue14_an_occupation_before_a_first_name_is_no_part_of_the_name() {
        named("“We must win,” said Goalscorer Tom Berg.\n", Some("Tom Berg"));
        named("“The ward is safe,” said Alderman Maria Lund.\n", Some("Maria Lund"));
        // A first name before a first name is the person's own.
        named(
            "“The ward is safe,” said Carter Maria Lund.\n",
            Some("Carter Maria Lund"),
        );
    }

    #[test]
    fn issue14_a_quantifier_after_a_colon_starts_no_name() {
        // Quellcorp alone is no person a pronoun could mean.
        let text = "They share a lot: Several Quellcorp managers moved.\n\n“We are close,” he said.\n";
        named(text, None);
    }

    #[test]
    fn issue14_a_contraction_is_no_name() {
        named("Harbour news.\n\nI’d say: “the ferry is late.”\n", None);
        named("“We sail,” said O’Quell.\n", Some("O’Quell"));
    }

    #[test]
    fn issue14_a_compound_of_nationalities_is_no_one() {
        named("Harbour news.\n\nAfrican-Americans say “the ferry is late.”\n", None);
    }

    #[test]
    fn issue14_a_modifier_stop_word_or_plain_word_alone_names_no_one() {
        let c = canonical("“We will win the state,” the Republican presidential candidate said.\n");
        assert_eq!(c, vec![None]);
        let c = canonical("“The review is done,” said the former secretary of State.\n");
        assert_eq!(c, vec![None]);
        // A surname the article writes only capitalised stays.
        let c = canonical("“We are ready,” Brooks said.\n");
        assert_eq!(c, vec![Some("Brooks".to_string())]);
    }

    #[test]
    fn issue14_in_a_headline_a_name_is_a_first_name_and_what_follows_it() {
        let text =
            "Union Chief Praises Maria Lund Donor’s Plan For The Harbour Front.\n\n“It is a fine plan,” Lund said.\n";
        assert_eq!(canonical(text), vec![Some("Maria Lund".to_string())]);
    }

    #[test]
    fn issue14_a_bodys_possessive_is_no_part_of_its_reporters_name() {
        let c = canonical("As the Harbour Post’s Ishaan Tharwell wrote, “the plan is late.”\n");
        assert_eq!(c, vec![Some("Ishaan Tharwell".to_string())]);
    }

    #[test]
    fn issue14_a_place_qualifying_a_role_with_no_one_named_is_no_speaker() {
        assert_eq!(canonical("“We will win,” the Florida senator said.\n"), vec![None]);
        assert_eq!(
            canonical("“We will win,” Florida said.\n"),
            vec![Some("Florida".to_string())]
        );
    }

    #[test]
    fn issue14_a_label_or_dateline_opening_a_paragraph_is_no_one_who_speaks() {
        let c = canonical("READ MORE: Harbour board cuts ferry budget\n\n“We will not accept cuts,” it stated.\n");
        assert_eq!(c, vec![None]);
        let c = canonical("KINGSPORT (AP) — The council met.\n\n“We will not accept cuts,” it said.\n");
        assert_eq!(c, vec![None]);
        // An acronym that opens a sentence in running text is still a body.
        let c = canonical("NATO met on Monday.\n\n“We will not accept cuts,” it said.\n");
        assert_eq!(c, vec![Some("NATO".to_string())]);
    }

    #[test]
    fn issue14_a_name_after_the_is_no_persons_a_pronoun_could_refer_to() {
        let text = "Tom Berg joined the march, the Harbour Gazette reported.\n\n“I cried the whole way,” he said.\n";
        assert_eq!(canonical(text), vec![Some("Tom Berg".to_string())]);
    }

    #[test]
    fn issue14_roles_before_a_name_no_list_knows_are_no_part_of_it() {
        let c = canonical("“This is serious,” said Democrat Zephyr Quellbrook.\n");
        assert_eq!(c, vec![Some("Zephyr Quellbrook".to_string())]);
        let c = canonical("“The fair is back,” said Potter Xanthe Morrow.\n");
        assert_eq!(c, vec![Some("Xanthe Morrow".to_string())]);
        // A body keeps its words.
        let c = canonical("“We won,” said Republican Widget Party.\n");
        assert_eq!(c, vec![Some("Republican Widget Party".to_string())]);
    }

    #[test]
    fn issue14_a_nationality_is_no_one_and_no_part_of_a_name() {
        assert_eq!(canonical("“Talks will go on,” the Peruvian envoy said.\n"), vec![None]);
        let c = canonical("“I played well,” said Kenyan Susan Otieno-Kamau.\n");
        assert_eq!(c, vec![Some("Susan Otieno-Kamau".to_string())]);
        let c = canonical("“Sales fell,” said the British Widget Industry.\n");
        assert_eq!(c, vec![Some("British Widget Industry".to_string())]);
        let c = canonical("“Fees will rise,” said the Canadian Dental Association.\n");
        assert_eq!(c, vec![Some("Canadian Dental Association".to_string())]);
    }

    #[test]
    fn issue14_the_nationality_is_the_person_said_to_be_of_it() {
        let text = "Tom Berg beat Kenyan Susan Otieno in the final.\n\n“I was tired,” said the Kenyan.\n";
        assert_eq!(canonical(text), vec![Some("Susan Otieno".to_string())]);
        let text = "Tom Berg beat Susan Otieno in the final.\n\n“I was tired,” said the Kenyan.\n";
        assert_eq!(canonical(text), vec![None]);
        let text = "Asked about Tom Berg, the Kenyan said: “He was fast.”\n";
        assert_eq!(canonical(text), vec![None]);
    }

    #[test]
    fn issue14_an_ing_form_opening_the_sentence_is_no_first_name() {
        let text = "Harriet Quell won the vote.\n\nCelebrating Quell “turning the board around,” apparently.\n";
        assert_eq!(canonical(text), vec![Some("Harriet Quell".to_string())]);
    }

    #[test]
    fn issue14_an_indefinite_description_with_adjectives_names_no_one() {
        let c = canonical("“He cannot win,” said one well-connected Democrat.\n");
        assert_eq!(c, vec![None]);
        let c = canonical("“We will build,” said a spokesman for Platte Widgets.\n");
        assert_eq!(c, vec![Some("Platte Widgets".to_string())]);
        let c = canonical("Tom Quell lost.\n\n“I will be back,” said an angry Quell.\n");
        assert_eq!(c, vec![Some("Tom Quell".to_string())]);
    }

    #[test]
    fn issue14_a_surname_before_a_suffix_is_the_persons() {
        let text = "Tom Quell Jr, the fleet's commander, arrived.\n\n“We are ready,” he said.\n\n“We leave at dawn,” Quell said.\n";
        let jr = Some("Tom Quell Jr".to_string());
        assert_eq!(canonical(text), vec![jr.clone(), jr]);
    }

    #[test]
    fn issue14_a_focus_word_opening_a_sentence_is_no_part_of_a_name() {
        let text = "Even Tom Berg was surprised by the vote.\n\n“We are ready,” Berg said.\n";
        assert_eq!(canonical(text), vec![Some("Tom Berg".to_string())]);
    }

    #[test]
    fn issue14_a_role_before_a_first_name_ends_what_is_said_of_the_person() {
        let c = canonical("“We are ready,” said Harbour Union Senior Adviser Tom Berg.\n");
        assert_eq!(c, vec![Some("Tom Berg".to_string())]);
    }

    #[test]
    fn issue14_no_pronoun_refers_to_a_country_or_state() {
        let text = "Maria Lund moved from Norway to the United States.\n\n\
                    “It was cold,” she said.\n\n\
                    Her sons joined her in South Korea.\n\n\
                    “We love it,” they said.\n";
        assert_eq!(
            canonical(text),
            [Some("Maria Lund".to_string()), Some("Maria Lund".to_string())]
        );
    }

    #[test]
    fn issue14_a_pronoun_subject_carries_its_person_to_the_next_pronoun() {
        // The name in the sentence before is an object; that sentence's
        // subject is "she", who is Rita Moss.
        let text = "Rita Moss left the choir on Friday. But she was glad to have made peace with \
                    singer Anna Berg, her old rival.\n\n“That alone was worth it,” she said.\n";
        assert_eq!(canonical(text), [Some("Rita Moss".to_string())]);
        // A chain over several sentences, past a man named in passing.
        let text = "Tom Hale runs the club. The rules came up on Friday. He said they were never shown \
                    to Ken Dale when he was chairman. He told reporters: “We will change them.”\n";
        assert_eq!(canonical(text), [Some("Tom Hale".to_string())]);
        // A quote closing its sentence opens the pronoun's sentence.
        let text = "Tom Hale suspended Ken Dale on Friday. “He stays out.” He said Ken Dale may be \
                    heard. He added: “Not yet.”\n";
        assert_eq!(canonical(text)[1], Some("Tom Hale".to_string()));
    }

    #[test]
    fn issue14_a_medium_speaks_for_whoever_gave_it() {
        let text = "The Teachers Union released a statement on Friday.\n\n“We will strike,” the statement said.\n\n\
                    “We will strike,” said a statement released by the Teachers Union.\n\n\
                    Tom Hale spoke on Friday.\n\n“We will strike,” his statement said.\n";
        assert_eq!(
            canonical(text),
            [
                Some("Teachers Union".to_string()),
                Some("Teachers Union".to_string()),
                Some("Tom Hale".to_string())
            ]
        );
        // A statement no named person or body is said to have given.
        let text = "The union met on Friday.\n\n“We will strike,” the statement said.\n";
        assert_eq!(canonical(text), [None]);
    }

    #[test]
    fn issue14_common_words_before_a_first_name_are_no_part_of_the_name() {
        let text = "The race pits Republican Donald Trump against a field of governors.\n\n\
                    “We will win,” Trump said.\n\n\
                    “It takes an act of will,” said Senate Minority Whip Dick Durbin.\n\n\
                    The senate heard the minority whip.\n";
        assert_eq!(
            canonical(text),
            [Some("Donald Trump".to_string()), Some("Dick Durbin".to_string())]
        );
    }

    #[test]
    fn issue14_an_outlets_possessive_is_no_part_of_its_reporters_name() {
        let text = "“The count is not over,” said Variety's Gordon Cox.\n\n\
                    “Invest in wind,” said America's Renewable Future.\n";
        assert_eq!(
            canonical(text),
            [
                Some("Gordon Cox".to_string()),
                Some("America's Renewable Future".to_string())
            ]
        );
    }

    #[test]
    fn issue14_a_common_word_opening_a_sentence_is_no_first_name() {
        let text = "Six Trump supporters ran for delegate slots.\n\n\
                    “We were robbed,” Trump said of the six seats.\n";
        assert_eq!(canonical(text), [Some("Trump".to_string())]);
        // Numbers and -ing forms even where the article never writes them
        // in lowercase.
        let text = "Six Trump supporters ran for delegate slots.\n\n\
                    Debating Clinton was hard.\n\n\
                    “We were robbed,” Trump said.\n\n\
                    “We were not,” Clinton said.\n";
        assert_eq!(
            canonical(text),
            [Some("Trump".to_string()), Some("Clinton".to_string())]
        );
        let text = "Six Trump supporters ran for delegate slots.\n\n\
                    “We were robbed,” Trump said of the six seats.\n";
        assert_eq!(canonical(text), [Some("Trump".to_string())]);
    }

    #[test]
    fn issue14_a_surname_is_the_full_name_of_running_text_not_of_a_headline() {
        let text = "Game Over: Will Sanders Come Down to Earth\n\n\
                    Bernie Sanders spoke in Vermont on Monday.\n\n\
                    “The struggle continues,” Sanders said.\n";
        assert_eq!(canonical(text), [Some("Bernie Sanders".to_string())]);
    }

    #[test]
    fn issue14_a_common_word_that_is_also_a_first_name_opens_a_sentence_before_a_surname() {
        let text = "Game over. Will Sanders come down off the pique?\n\n\
                    Bernie Sanders said the voters will decide.\n\n\
                    “The struggle continues,” Sanders said.\n";
        assert_eq!(canonical(text), [Some("Bernie Sanders".to_string())]);
    }

    #[test]
    fn issue14_a_first_name_that_is_a_common_word_opening_a_statement_stays() {
        let text = "The bill passed, and Hillary Clinton praised it.\n\n\
                    Bill Clinton spoke before Hillary Clinton did.\n\n\
                    “It is a good bill,” he said.\n";
        assert_eq!(canonical(text), [Some("Bill Clinton".to_string())]);
    }

    #[test]
    fn issue14_a_pronoun_may_refer_to_a_subordinate_clauses_subject_whose_first_name_agrees() {
        let text = "Hillary Clinton spoke in Iowa.\n\n\
                    Bernie Sanders also didn't hold back.\n\n\
                    After Clinton lost her cool, as she said, “I am so sick of it,” Sanders jabbed back.\n";
        assert_eq!(canonical(text), [Some("Hillary Clinton".to_string())]);
    }

    #[test]
    fn issue14_a_pronoun_is_not_a_place_the_article_writes_after_in_or_at() {
        let text = "Roe Vale spoke on Monday.\n\n\
                    Her grandfather worked at the Scranton Lace mill for years.\n\n\
                    “It was hard work,” she said.\n";
        assert_eq!(canonical(text), [Some("Roe Vale".to_string())]);
    }

    #[test]
    fn issue14_an_unnamed_party_member_is_no_name() {
        let text = "Polls opened.\n\n“She is too far behind,” said an Iowa Democrat.\n";
        assert_eq!(canonical(text), [None]);
    }

    #[test]
    fn issue14_particles_join_a_name_and_an_acronym_before_a_first_name_is_no_part_of_it() {
        let text = "Dikes\n\n“The dikes held,” said Ben van der Hoek.\n\n\
                    “We oppose the cuts,” NDP MP Carla Voss said.\n";
        assert_eq!(
            canonical(text),
            [Some("Ben van der Hoek".to_string()), Some("Carla Voss".to_string())]
        );
    }

    #[test]
    fn issue14_a_headline_verb_ends_a_name() {
        let text = "Chris Christie Calls Hillary Clinton ‘A Disgrace’ Over Comments.\n\n\
                    On Tuesday, Clinton criticized officer Betty Shelby.\n\n\
                    “This is just unbearable,” she said.\n";
        assert_eq!(canonical(text).last(), Some(&Some("Hillary Clinton".to_string())));
    }

    #[test]
    fn issue14_a_pronoun_prefers_a_subject_whose_first_name_agrees() {
        let text = "Hillary Clinton spoke after Bernie Sanders attacked her record.\n\n\
                    As she left the stage, she said, “I am so sick of it.”\n\n\
                    Lindsey Graham spoke next.\n\n\
                    “Shut up,” he said.\n";
        // A first name only hints: with no man named nearby, "Lindsey
        // Graham" is still the subject that "he" refers to.
        assert_eq!(
            canonical(text),
            [Some("Hillary Clinton".to_string()), Some("Lindsey Graham".to_string())]
        );
    }

    #[test]
    fn issue14_a_name_of_common_words_stays_whole_without_a_first_name() {
        // "daily" and "national" are written in lowercase too, but no first
        // name follows them: these are the bodies' names.
        let text = "The daily briefing was national news.\n\n\
                    “The report is wrong,” the Daily Caller said.\n\n\
                    “We stand by it,” said the National Rifle Association.\n";
        assert_eq!(
            canonical(text),
            [
                Some("Daily Caller".to_string()),
                Some("National Rifle Association".to_string())
            ]
        );
    }

    #[test]
    fn issue14_an_unnamed_newcomer_is_not_the_place_party_or_candidate_named_in_it() {
        let text = "“Turnout will decide it,” said a Democratic strategist.\n\n\
                    “I came for the jobs plan,” said a Trump supporter.\n\n\
                    “We have no comment,” said a Twitter spokesman.\n\n\
                    “The alliance is united,” said a NATO official.\n";
        assert_eq!(
            canonical(text),
            [None, None, Some("Twitter".to_string()), Some("NATO".to_string())]
        );
    }

    #[test]
    fn issue14_a_pronoun_prefers_a_person_known_by_a_first_name_or_title() {
        // Capitalised words ("Harbour Statistics") are a name by their
        // capitals alone; a first name or a title says person.
        let q = speakers("Intro line.\n\nFigures from Harbour Statistics show a rise, Maria Lund said on Monday.\n\nMore figures came from Coastal Insight yesterday. “It is a warning,” she said.\n");
        assert_eq!(q[0].2.as_deref(), Some("Maria Lund"));
        let q = speakers("Intro line.\n\nSir Ralph Moss of Harbour Watch spoke first.\n\nLast year Northern Energy Savings doubled its fees. “That was a scandal,” he said.\n");
        assert_eq!(q[0].2.as_deref(), Some("Ralph Moss"));
    }

    #[test]
    fn indefinite_descriptions_introduce_someone_new() {
        let text = "Intro line.\n\nMayor Ann Vole opened the bridge of the Harbor Authority on Monday.\n\n“It will not last a year,” said one engineer.\n\n“We stand by the design,” said a spokesman.\n";
        let q = speakers(text);
        assert_eq!(q[0].2, None, "one engineer is not the mayor");
        assert_eq!(q[1].2.as_deref(), Some("Harbor Authority"));
    }

    #[test]
    fn definite_description_refers_back_to_the_same_head() {
        let text = "Intro line.\n\nSen. Lia Marsh met the envoy Omar Tell in Rome, a UNESCO official said.\n\n“Talks were useful,” the official said.\n\n“We will vote yes,” the senator said.\n";
        let q = speakers(text);
        assert_eq!(q[0].2.as_deref(), Some("UNESCO"));
        assert_eq!(q[1].2.as_deref(), Some("Lia Marsh"), "senator ~ Sen.");
    }

    #[test]
    fn interrupted_quote_reports_an_ambiguous_speaker_once() {
        let text = "Intro line.\n\nAnn Vole met Tom Reyes.\n\n“We talked,” the lawyer said. “It went well.”\n";
        let x = Extractor::new(Grammar::builtin("en").unwrap()).extract(text, None);
        let n = x
            .diagnostics
            .iter()
            .filter(|d| d.kind == DiagnosticKind::AmbiguousSpeaker)
            .count();
        assert_eq!(n, 1, "{:?}", x.diagnostics);
    }

    #[test]
    fn a_name_in_the_apposition_of_a_description_is_the_speaker() {
        let q =
            speakers("Intro line.\n\nTom Reyes ran.\n\nHer campaign manager, Lia Pons, said the plan was “a mess.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Lia Pons"));
    }

    #[test]
    fn plural_and_possessed_descriptions_name_no_one_person() {
        let text = "Intro line.\n\nSen. Lia Marsh met the lawyers of Omar Tell.\n\n“It is over,” the lawyers said.\n\n“He is tired,” his wife said.\n";
        let q = speakers(text);
        assert_eq!(q[0].1.as_deref(), Some("the lawyers"));
        assert_eq!(q[0].2, None);
        assert_eq!(q[1].2, None, "his wife is not Omar Tell");
    }

    #[test]
    fn an_ambiguous_description_is_left_unresolved() {
        let text = "Intro line.\n\nAnn Vole met Tom Reyes.\n\n“We talked,” the lawyer said.\n\nLater Ann Vole left.\n\n“It went well,” the aide said.\n";
        let q = speakers(text);
        assert_eq!(q[0].2, None, "two people named before it");
        // An earlier description lends only a body: "a Berlin man" is no
        // body, and "the man" is that unnamed man, not Ann Vole.
        let q = speakers("Intro line.\n\nA Berlin man wrote to Ann Vole.\n\n“No,” the man said.\n");
        assert_eq!(q[0].2, None, "someone never named");
    }

    #[test]
    fn a_pronoun_refers_to_the_subject_before_the_latest_name() {
        let text = "Intro line.\n\nSen. Lia Marsh said that Omar Tell had misled the panel. She added: “We will not forget it.”\n\nAnn Vole met Tom Reyes. She said he “was late.”\n";
        let q = speakers(text);
        assert_eq!(q[0].2.as_deref(), Some("Lia Marsh"), "the subject, not Omar Tell");
        assert_eq!(q[1].2.as_deref(), Some("Ann Vole"));
        let q = speakers("Intro line.\n\nAcme Line chief executive Tom Vale spoke.\n\n“We are fine,” he said.\n");
        assert_eq!(q[0].2.as_deref(), Some("Tom Vale"), "Acme Line only qualifies the role");
    }

    #[test]
    fn a_name_after_a_preposition_is_no_antecedent() {
        let text = "Intro line.\n\nAt a rally with Omar Tell, Sen. Lia Marsh spoke for an hour.\n\n“We will stay,” she said.\n";
        let q = speakers(text);
        assert_eq!(q[0].2.as_deref(), Some("Lia Marsh"));
    }

    #[test]
    fn a_title_word_after_an_honorific_or_a_first_name_is_a_surname() {
        let q = speakers("Intro line.\n\n“We need the money,” Mr. King said.\n\n“It is late,” Ann Bishop said. “We go.”\n\n“Welcome,” King Abdullah said.\n");
        assert_eq!(q[0].1.as_deref(), Some("Mr. King"));
        assert_eq!(q[1].2.as_deref(), Some("Ann Bishop"));
        assert_eq!(q[2].2.as_deref(), Some("Ann Bishop"));
        assert_eq!(q[3].2.as_deref(), Some("Abdullah"));
    }

    #[test]
    fn a_document_is_a_speaker_that_names_no_person() {
        // "report" is also a verb's bare form; here it is the noun.
        let q = speakers("Intro line.\n\nSenator Ada Moss led the inquiry.\n\n“The system was hacked,” the congressional report said.\n");
        assert_eq!(q[0].1.as_deref(), Some("the congressional report"));
        assert_eq!(q[0].2, None);
    }

    #[test]
    fn a_description_of_someone_never_named_stays_unresolved() {
        let q = speakers("Intro line.\n\nAt a town hall, a young woman asked Mrs. Vane about the women who said they were harassed by Mr. Vane.\n\n“Should we believe them?” the woman said.\n");
        assert_eq!(q[0].1.as_deref(), Some("the woman"));
        assert_eq!(q[0].2, None);
    }

    #[test]
    fn a_description_refers_to_the_name_it_was_a_title_of() {
        let q = speakers(
            "Intro line.\n\nHarbour Master Ana Ruiz closed the port.\n\n“Neither arrived,” the harbour master said.\n",
        );
        // The article writes "harbour master" in lowercase too, so the
        // title is no part of her name (issue 14).
        assert_eq!(q[0].2.as_deref(), Some("Ana Ruiz"));
    }

    #[test]
    fn a_role_counts_only_next_to_the_name_it_describes() {
        // "candidate" belongs to the visit, not to Silicon Valley.
        let q = speakers("Intro line.\n\nAl Ford spoke first. The candidate's visit to Silicon Valley drew crowds.\n\n“I love the people here,” the candidate said.\n");
        assert_eq!(q[0].2, None);
    }

    #[test]
    fn an_agent_speaks_for_the_body_named_after_it() {
        let q = speakers("Intro line.\n\nThe State Department reviewed it. A spokesman for Platte River declined to comment but said in a statement that “we treated the server like any other.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Platte River"));
    }

    #[test]
    fn a_spokesman_for_a_qualified_body_speaks_for_it() {
        let q = speakers("Intro line.\n\nThe Acme Board met on Monday.\n\n“The simple truth is clear,” a spokesman for committee Democrats said.\n");
        assert_eq!(q[0].2.as_deref(), Some("committee Democrats"));
    }

    #[test]
    fn a_title_of_a_domain_before_a_name() {
        let q = speakers(
            "Intro line.\n\nSecretary of State Jo Roe said it was “a disaster” today. Later he said, “Not again.”\n",
        );
        assert_eq!(q[0].1.as_deref(), Some("Secretary of State Jo Roe"));
        assert_eq!(q[0].2.as_deref(), Some("Jo Roe"));
        assert_eq!(q[1].2.as_deref(), Some("Jo Roe"));
    }

    #[test]
    fn a_place_qualifying_a_role_is_not_the_speaker() {
        let q = speakers("Intro line.\n\nNew Jersey Gov. Jo Roe spoke first. “He went for the easy vote,” the New Jersey governor said.\n\n“We will look,” the NATO official said.\n\nIn an interview with hosts Al Ford and Bo Tan, the Democratic presidential candidate stated that it was “a mistake.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Jo Roe"));
        assert_eq!(q[1].2.as_deref(), Some("NATO"));
        // Not a host the description stands right after, nor the party:
        // a modifier alone names no one (issue 14).
        assert_eq!(q[2].2.as_deref(), None);
    }

    #[test]
    fn it_refers_to_an_organisation_not_a_place() {
        let q = speakers(
            "Intro line.\n\nThe Harbor Authority met on Monday in Lake Tova. It said the bridge was “safe for now.”\n",
        );
        assert_eq!(q[0].2.as_deref(), Some("Harbor Authority"));
    }
}
