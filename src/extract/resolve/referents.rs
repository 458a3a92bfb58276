//! What a speaker phrase refers to: a pronoun's antecedent, a role or
//! description's person, a medium's author, the sentence's subject.

use super::*;

/// Whom the pronoun at `lo` (of `gender`, as the grammar gives it) refers to.
pub(super) fn pronoun_referent(ctx: &Ctx, ms: &[Mention], lo: usize, gender: Option<Gender>) -> Option<String> {
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
pub(super) fn medium_author(
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
        let (slo, _) = crate::extract::words::sentence_of(ctx, j);
        let slo = (slo..j).rev().find(|&v| ctx.is_verb(v)).map_or(slo, |v| v + 1);
        by(j)
            .or_else(|| crate::extract::sieves::name_before_verb(ctx, slo, j))
            .and_then(resolve)
    } else {
        None
    };
    diags.extend(diags_here);
    who
}

/// How far back (in tokens) "the statement" looks for the statement it
/// means.
pub(super) const MEDIUM_WINDOW: usize = 120;

/// The latest person among `recent` said to hold the most of `roles` (or
/// a word akin to one): "Sen. Jane Roe" for "the senator".
pub(super) fn role_referent<'m, 't: 'm>(
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

/// Is the word at `head` a role one person holds ("leader", "striker"):
/// singular, and no body, spokesman or speech noun?
pub(super) fn person_role(ctx: &Ctx, head: usize) -> bool {
    let role = ctx.lower(head);
    ctx.class(head) == Class::Role
        && ctx.g.roles.contains(role)
        && ctx.flags(head) & (lex::BODY | lex::AGENT | lex::SPEECH_NOUN) == 0
        && !plural(role)
}

/// "the New Jersey governor" after "New Jersey Gov. Jane Roe": a definite
/// description whose head is a person's role and whose capitalised words
/// (`named`) qualify the role rather than name a body refers to the latest
/// person said to hold the role with those words written next to the name.
/// A body ("the NATO official") is left to stand for the body.
pub(super) fn qualified_role_referent(
    ctx: &Ctx,
    ms: &[Mention],
    lo: usize,
    head: usize,
    named: &str,
) -> Option<String> {
    let person_role =
        person_role(ctx, head) && !possessed(ctx, lo) && !(lo..=head).any(|i| ctx.flags(i) & lex::INDEFINITE != 0);
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
    role_referent(ctx, recent.iter().filter(qualified), &[ctx.lower(head).to_string()]).map(|m| m.name.to_string())
}

/// Does a resolved name name someone? A name of one word is not when
/// the grammar knows the word as a modifier, a stop word, a determiner
/// or an abbreviation ("the Republican presidential candidate" gives
/// "Republican", "the secretary of State" "State", "Feb."), nor when the
/// article also writes it in lowercase and it is no first name, no body
/// and no title ("Being", "Nearly", "Aides": a sentence opener or a
/// plural description read as a name). A surname the article writes
/// only capitalised stays ("Brooks", "Earnest").
pub(super) fn names_someone(ctx: &Ctx, common: &Common, name: &str) -> bool {
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
pub(super) fn description(ctx: &Ctx, common: &Common, name: &str) -> bool {
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
pub(super) fn earlier_description(ctx: &Ctx, lo: usize, head: usize) -> Option<String> {
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
pub(super) fn unnamed_earlier(ctx: &Ctx, lo: usize, head: usize) -> bool {
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
pub(super) fn plain_description_referent(ctx: &Ctx, ms: &[Mention], lo: usize, hi: usize) -> Option<String> {
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
pub(super) fn body_spoken_for(ctx: &Ctx, agent: usize) -> Option<String> {
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

/// How many sentence ends may stand between the body a bare "a
/// spokesman" speaks for and the phrase.
const BODY_SENTENCES: usize = 3;

/// The body a bare indefinite agent ("a spokesman", "ein Sprecher") speaks
/// for: the organisation named last, if it stands as a body acting in the
/// text and near enough. One named in passing is no one the spokesman
/// speaks for: a preposition's or an indefinite article's object ("in
/// the Court of Session", "in Form einer SMS"), a possessor ("the UK's
/// watchdog"), or a body named more than a few sentences back (issue 14:
/// "ein Sprecher" was an "SMS" five sentences earlier).
pub(super) fn body_named_before(ctx: &Ctx, ms: &[Mention], lo: usize) -> Option<String> {
    let m = ms[..ms.partition_point(|m| m.hi < lo)].iter().rev().find(|m| m.org)?;
    // A paragraph break after a full stop is one boundary, not two.
    let ends = (m.hi..lo)
        .filter(|&i| ctx.toks[i].ends_sentence() && ctx.toks[i].kind != Tok::Para)
        .count();
    if ends > BODY_SENTENCES {
        return None;
    }
    let word = |i: usize| ctx.toks.get(i).is_some_and(|t| t.is_word());
    let mut p = m.lo;
    while p > 0 && word(p - 1) && ctx.flags(p - 1) & lex::DET != 0 && ctx.flags(p - 1) & lex::INDEFINITE == 0 {
        p -= 1;
    }
    // "of", "for", "at" may join the body to what it owns ("the bridge of
    // the Harbor Authority"); "in", "on", "with" set it aside. An
    // indefinite article makes it a thing ("einer SMS"), unless the body
    // only qualifies the noun after it ("a Harbor Authority official").
    let f = if p > 0 && word(p - 1) { ctx.flags(p - 1) } else { 0 };
    let qualifies = word(m.hi + 1) && ctx.word(m.hi + 1).starts_with(char::is_lowercase);
    let governed = f & lex::INDEFINITE != 0 && !qualifies || f & lex::PREPOSITION != 0 && f & lex::CONNECTOR == 0;
    let possessor = frames_possessive(ctx.word(m.hi)) || word(m.hi + 1) && frames_possessive(ctx.word(m.hi + 1));
    (!governed && !possessor).then(|| m.name.to_string())
}

pub(super) fn plural(w: &str) -> bool {
    w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is")
}

/// Does the description at `lo` open with a possessive ("his wife",
/// "Trump's aide", "the senator's spokesman")?
pub(super) fn possessed(ctx: &Ctx, lo: usize) -> bool {
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
pub(super) const SUBJECT_SENTENCES: usize = 2;

/// The person a pronoun at `lo` most likely refers to: the subject of its
/// own sentence ("Roe said he …"), else of one of the sentences just
/// before it in the same or the previous paragraph ("Roe said that Vole
/// had lied. He added …"). A sentence's subject is its first person named
/// outside a quote who is not a possessor ("Roe's lawyer, Tom Vale, said")
/// nor qualifies a role ("Acme Line chief Tom Vale said").
pub(super) fn subject_person<'m, 't>(
    ctx: &Ctx,
    ms: &'m [Mention<'t>],
    lo: usize,
    gender: Option<Gender>,
) -> Option<&'m Mention<'t>> {
    subject_person_if(ctx, ms, lo, gender, true, false).or_else(|| subject_person_if(ctx, ms, lo, gender, false, false))
}

/// [`subject_person`], taking only persons known by a title or a first
/// name when `named`.
pub(super) fn subject_person_if<'m, 't>(
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
            && !crate::extract::words::after_preposition(ctx, m.lo)
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
pub(super) const SENTENCE_OPENERS: [&str; 11] = [
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
pub(super) fn subject_pronoun(ctx: &Ctx, start: usize, end: usize, gender: Option<Gender>) -> Option<usize> {
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
pub(super) fn agreeing_in_sentence<'m, 't>(
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
pub(super) fn agrees(g: Gender, h: Gender) -> bool {
    g == h || g == Gender::Person || h == Gender::Person
}

pub(super) fn latest_person<'m, 't>(
    ms: &'m [Mention<'t>],
    before: usize,
    gender: Option<Gender>,
) -> Option<&'m Mention<'t>> {
    ms[..ms.partition_point(|m| m.hi < before)].iter().rev().find(|m| {
        m.person
            && match (gender, m.gender) {
                (Some(g), Some(h)) => agrees(g, h),
                _ => true,
            }
    })
}
