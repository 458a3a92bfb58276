//! The nom parser for `.qg` grammar files (format: `grammars/README.md`):
//! the only code that knows the file syntax.

use nom::{
    branch::alt,
    bytes::complete::{tag, take_till1, take_while1},
    character::complete::{char, digit1, space0, space1},
    combinator::{all_consuming, map, map_res, opt, rest, value},
    multi::separated_list1,
    sequence::{delimited, preceded, separated_pair, terminated},
    IResult, Parser,
};

use crate::error::{Error, Result};

use super::names::FIRST_NAMES_DE;
use super::{Element, Frame, Gender, Grammar, KindHint, MarkPair};

impl Grammar {
    /// Parses grammar source. `origin` names it in error messages.
    pub fn parse(src: &str, origin: &str) -> Result<Grammar> {
        let mut g = Grammar::default();
        let mut section = Section::Header;
        for (idx, raw) in src.lines().enumerate() {
            let line_no = idx + 1;
            let line = strip_comment(raw);
            let trimmed = line.trim_end();
            if trimmed.trim_start().is_empty() {
                continue;
            }
            let err = |column: usize, message: String| Error::Grammar {
                origin: origin.to_string(),
                line: line_no,
                column,
                message,
            };
            let column_of = |rest: &str| trimmed.len() - rest.len() + 1;
            if let Ok((_, name)) = section_header(trimmed) {
                section = Section::from_name(name)
                    .ok_or_else(|| err(2, format!("unknown section `[{name}]`; see grammars/README.md")))?;
                continue;
            }
            let body = trimmed.trim_start();
            let indent = trimmed.len() - body.len();
            let fail = |e: nom::Err<nom::error::Error<&str>>, what: &str| match e {
                nom::Err::Error(e) | nom::Err::Failure(e) => err(
                    indent + column_of(e.input).saturating_sub(indent),
                    format!("expected {what}"),
                ),
                nom::Err::Incomplete(_) => err(1, format!("expected {what}")),
            };
            match section {
                Section::Header => {
                    let (_, (key, val)) = key_value(body).map_err(|e| fail(e, "`key = value`"))?;
                    match key {
                        "language" => g.language = val.trim().to_string(),
                        "name" => g.name = val.trim().to_string(),
                        "detect" => g.detect = words(val),
                        "verb-endings" => g.verb_endings = words(val),
                        "compound-endings" => g.compound_endings = words(val),
                        "role-endings" => g.role_endings = words(val),
                        "noun-markers" => g.noun_markers = words(val).into_iter().collect(),
                        "subject-markers" => g.subject_markers = words(val).into_iter().collect(),
                        "verb-second" => {
                            g.verb_second = match val.trim() {
                                "yes" => true,
                                "no" => false,
                                _ => return Err(err(indent + 1, "expected `verb-second = yes` or `no`".to_string())),
                            }
                        }
                        "ordinal-dots" => {
                            g.ordinal_dots = match val.trim() {
                                "yes" => true,
                                "no" => false,
                                _ => return Err(err(indent + 1, "expected `ordinal-dots = yes` or `no`".to_string())),
                            }
                        }
                        "source-prepositions" => g.source_prepositions = words(val).into_iter().collect(),
                        "quoting-verbs" => g.quoting_verbs = words(val).into_iter().collect(),
                        "subject-pronouns" => g.subject_pronouns = words(val).into_iter().collect(),
                        "nominative-pronouns" => g.nominative_pronouns = words(val).into_iter().collect(),
                        "coordinators" => g.coordinators = words(val).into_iter().collect(),
                        "relative-pronouns" => g.relative_pronouns = words(val).into_iter().collect(),
                        "ambiguous-subordinators" => g.ambiguous_subordinators = words(val).into_iter().collect(),
                        "infinitive-markers" => g.infinitive_markers = words(val).into_iter().collect(),
                        "fused-prepositions" => g.fused_prepositions = words(val).into_iter().collect(),
                        "agent-prepositions" => g.agent_prepositions = words(val).into_iter().collect(),
                        "according-prepositions" => g.according_prepositions = words(val).into_iter().collect(),
                        "medium-prepositions" => g.medium_prepositions = words(val).into_iter().collect(),
                        "not-first-names" => g.not_first_names = words(val).into_iter().collect(),
                        "plural-verb-endings" => g.plural_verb_endings = words(val),
                        "past-participle" => {
                            let mut w = words(val).into_iter();
                            g.past_participle = w.next().map(|prefix| (prefix, w.collect()));
                        }
                        "speech-act-endings" => g.speech_act_endings = words(val),
                        "possessives" => g.possessives = words(val).into_iter().collect(),
                        "first-names" => {
                            g.first_names = match val.trim() {
                                "de" => Some(&*FIRST_NAMES_DE),
                                "" => None,
                                other => {
                                    return Err(err(indent + 1, format!("no built-in first-name list `{other}` (de)")));
                                }
                            }
                        }
                        "participle-ending" => {
                            g.participle_ending = Some(val.trim().to_lowercase()).filter(|v| !v.is_empty())
                        }
                        "participle-subject-prepositions" => {
                            g.participle_subject_prepositions = words(val).into_iter().collect()
                        }
                        "adverb-ending" => g.adverb_ending = Some(val.trim().to_lowercase()).filter(|v| !v.is_empty()),
                        other => return Err(err(indent + 1, format!("unknown key `{other}`"))),
                    }
                }
                Section::Marks => {
                    let (_, pair) = mark_line(body).map_err(|e| fail(e, "`OPEN CLOSE [single]`"))?;
                    g.marks.push(pair);
                }
                Section::Verbs => {
                    let (_, (lemma, forms)) = key_value(body).map_err(|e| fail(e, "`lemma = form form ...`"))?;
                    let lemma = lemma.to_lowercase();
                    // The bare lemma is a form only where listed: many are
                    // nouns too ("a comment", "the report").
                    let mut any = false;
                    for f in words(forms) {
                        g.verbs.insert(f, lemma.clone());
                        any = true;
                    }
                    if !any {
                        g.verbs.insert(lemma.clone(), lemma);
                    }
                }
                Section::RoleKin => {
                    let (_, (role, kin)) = key_value(body).map_err(|e| fail(e, "`role = word word ...`"))?;
                    g.role_kin.entry(role.to_lowercase()).or_default().extend(words(kin));
                }
                Section::Pronouns => {
                    let (_, (word, gender)) = pronoun_line(body).map_err(|e| fail(e, "`word = m|f|n|p`"))?;
                    g.pronouns.insert(word.to_lowercase(), gender);
                }
                Section::Frames | Section::Conduits => {
                    let is_frame = section == Section::Frames;
                    let (_, frame) = frame_line(body).map_err(|e| fail(e, "`name: pattern [=> kind]`"))?;
                    validate_frame(&frame, is_frame).map_err(|m| err(indent + 1, m))?;
                    if is_frame {
                        g.frames.push(frame);
                    } else {
                        g.conduits.push(frame);
                    }
                }
                Section::Boilerplate => g.boilerplate.push(body.trim().to_lowercase()),
                Section::List(which) => {
                    let set = match which {
                        ListKind::SpeechNouns => &mut g.speech_nouns,
                        ListKind::SpeechActs => &mut g.speech_acts,
                        ListKind::Roles => &mut g.roles,
                        ListKind::Modifiers => &mut g.modifiers,
                        ListKind::Determiners => &mut g.determiners,
                        ListKind::Titles => &mut g.titles,
                        ListKind::Abbreviations => &mut g.abbreviations,
                        ListKind::Stopcaps => &mut g.stopcaps,
                        ListKind::Bodies => &mut g.bodies,
                        ListKind::Negations => &mut g.negations,
                        ListKind::Numbers => &mut g.numbers,
                        ListKind::Media => &mut g.media,
                        ListKind::Auxiliaries => &mut g.auxiliaries,
                        ListKind::Indefinites => &mut g.indefinites,
                        ListKind::Agents => &mut g.agents,
                        ListKind::Prepositions => &mut g.prepositions,
                        ListKind::Subordinators => &mut g.subordinators,
                        ListKind::Reported => &mut g.reported,
                        ListKind::ReportedSubstitutes => &mut g.reported_substitutes,
                        ListKind::ObjectVerbs => &mut g.object_verbs,
                    };
                    set.extend(words(body));
                }
            }
        }
        if g.language.is_empty() {
            return Err(Error::Grammar {
                origin: origin.to_string(),
                line: 1,
                column: 1,
                message: "missing `language = CODE` in the header".into(),
            });
        }
        if g.marks.is_empty() {
            return Err(Error::Grammar {
                origin: origin.to_string(),
                line: src.lines().count().max(1),
                column: 1,
                message: "a grammar needs at least one pair in [marks]".into(),
            });
        }
        g.build_lexicon();
        g.participles_of_saying = g.formed_participles();
        Ok(g)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    SpeechNouns,
    SpeechActs,
    Roles,
    Modifiers,
    Determiners,
    Titles,
    Abbreviations,
    Stopcaps,
    Bodies,
    Negations,
    Numbers,
    Media,
    Auxiliaries,
    Indefinites,
    Agents,
    Prepositions,
    Subordinators,
    Reported,
    ReportedSubstitutes,
    ObjectVerbs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Header,
    Marks,
    Verbs,
    RoleKin,
    Pronouns,
    Frames,
    Conduits,
    Boilerplate,
    List(ListKind),
}

impl Section {
    fn from_name(name: &str) -> Option<Section> {
        Some(match name {
            "marks" => Section::Marks,
            "verbs" => Section::Verbs,
            "pronouns" => Section::Pronouns,
            "frames" => Section::Frames,
            "conduits" => Section::Conduits,
            "boilerplate" => Section::Boilerplate,
            "speech-nouns" => Section::List(ListKind::SpeechNouns),
            "speech-acts" => Section::List(ListKind::SpeechActs),
            "roles" => Section::List(ListKind::Roles),
            "modifiers" => Section::List(ListKind::Modifiers),
            "determiners" => Section::List(ListKind::Determiners),
            "titles" => Section::List(ListKind::Titles),
            "abbreviations" => Section::List(ListKind::Abbreviations),
            "stopcaps" => Section::List(ListKind::Stopcaps),
            "bodies" => Section::List(ListKind::Bodies),
            "negations" => Section::List(ListKind::Negations),
            "numbers" => Section::List(ListKind::Numbers),
            "media" => Section::List(ListKind::Media),
            "auxiliaries" => Section::List(ListKind::Auxiliaries),
            "indefinites" => Section::List(ListKind::Indefinites),
            "agents" => Section::List(ListKind::Agents),
            "prepositions" => Section::List(ListKind::Prepositions),
            "subordinators" => Section::List(ListKind::Subordinators),
            "reported" => Section::List(ListKind::Reported),
            "reported-substitutes" => Section::List(ListKind::ReportedSubstitutes),
            "object-verbs" => Section::List(ListKind::ObjectVerbs),
            "role-kin" => Section::RoleKin,
            _ => return None,
        })
    }
}

/// Drops a `#` comment. A `#` glued to a non-space character is kept, so
/// that a mark or word may contain it.
fn strip_comment(line: &str) -> &str {
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        if c == '#' && prev_space {
            return &line[..i];
        }
        prev_space = c.is_whitespace();
    }
    line
}

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_lowercase).collect()
}

fn ident(i: &str) -> IResult<&str, &str> {
    take_while1(|c: char| c.is_alphanumeric() || c == '-' || c == '_').parse(i)
}

fn section_header(i: &str) -> IResult<&str, &str> {
    all_consuming(delimited((space0, char('[')), ident, (char(']'), space0))).parse(i)
}

fn key_value(i: &str) -> IResult<&str, (&str, &str)> {
    all_consuming(separated_pair(
        take_till1(|c: char| c.is_whitespace() || c == '='),
        delimited(space0, char('='), space0),
        rest,
    ))
    .parse(i)
}

fn pronoun_line(i: &str) -> IResult<&str, (&str, Gender)> {
    all_consuming(terminated(
        separated_pair(
            take_till1(|c: char| c.is_whitespace() || c == '='),
            delimited(space0, char('='), space0),
            alt((
                value(Gender::Masculine, char('m')),
                value(Gender::Feminine, char('f')),
                value(Gender::Neuter, char('n')),
                value(Gender::Person, char('p')),
            )),
        ),
        space0,
    ))
    .parse(i)
}

fn mark_token(i: &str) -> IResult<&str, &str> {
    take_while1(|c: char| !c.is_whitespace()).parse(i)
}

fn mark_line(i: &str) -> IResult<&str, MarkPair> {
    map(
        all_consuming(terminated(
            (
                mark_token,
                preceded(space1, mark_token),
                opt(preceded(space1, tag("single"))),
            ),
            space0,
        )),
        |(open, close, single)| MarkPair {
            open: open.to_string(),
            close: close.to_string(),
            single: single.is_some(),
        },
    )
    .parse(i)
}

/// The most tokens `...` spans. A speaker fifty words away from the
/// quote is not its speaker, and an unbounded gap makes a frame scan a
/// whole run-on paragraph for every quote in it (quadratic in the worst
/// case: thousands of marks in one sentence).
pub const MAX_GAP: usize = 50;

fn gap(i: &str) -> IResult<&str, Element> {
    if let Some(r) = i.strip_prefix("...") {
        return Ok((r, Element::Gap(MAX_GAP)));
    }
    map_res(preceded(tag(".."), digit1), |d: &str| d.parse().map(Element::Gap)).parse(i)
}

fn element(i: &str) -> IResult<&str, Element> {
    alt((
        gap,
        value(Element::Quote, terminated(char('Q'), word_end)),
        value(Element::Speaker, terminated(char('S'), word_end)),
        value(Element::Conduit, terminated(char('C'), word_end)),
        value(Element::Verb, terminated(char('V'), word_end)),
        // A word starts with a letter or digit, as the tokenizer's words
        // do; a lone `-` or `'` is punctuation, as in the text.
        map(
            nom::combinator::recognize(nom::sequence::pair(
                nom::character::complete::satisfy(char::is_alphanumeric),
                nom::bytes::complete::take_while(|c: char| c.is_alphanumeric() || c == '-' || c == '\'' || c == '’'),
            )),
            |w: &str| Element::Word(w.to_lowercase()),
        ),
        map(
            nom::character::complete::satisfy(|c| !c.is_alphanumeric() && !c.is_whitespace()),
            Element::Punct,
        ),
    ))
    .parse(i)
}

fn word_end(i: &str) -> IResult<&str, ()> {
    if i.chars().next().is_none_or(|c| c.is_whitespace()) {
        Ok((i, ()))
    } else {
        Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Verify,
        )))
    }
}

fn kind_hint(i: &str) -> IResult<&str, KindHint> {
    alt((
        value(KindHint::Statement, tag("statement")),
        value(KindHint::Partial, tag("partial")),
    ))
    .parse(i)
}

fn frame_line(i: &str) -> IResult<&str, Frame> {
    let (i, name) = terminated(ident, (space0, char(':'), space0)).parse(i)?;
    let (i, elements) = separated_list1(space1, element_not_arrow).parse(i)?;
    let (i, kind) = all_consuming(terminated(
        opt(preceded((space0, tag("=>"), space0), kind_hint)),
        space0,
    ))
    .parse(i)?;
    Ok((
        i,
        Frame {
            name: name.to_string(),
            elements,
            kind,
        },
    ))
}

fn element_not_arrow(i: &str) -> IResult<&str, Element> {
    if i.starts_with("=>") {
        return Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Tag)));
    }
    element(i)
}

fn validate_frame(f: &Frame, is_frame: bool) -> std::result::Result<(), String> {
    let count = |p: fn(&Element) -> bool| f.elements.iter().filter(|e| p(e)).count();
    let q = count(|e| matches!(e, Element::Quote));
    let s = count(|e| matches!(e, Element::Speaker));
    let c = count(|e| matches!(e, Element::Conduit));
    if is_frame {
        if q != 1 || s != 1 || c != 0 {
            return Err(format!("frame `{}` needs exactly one Q and one S, and no C", f.name));
        }
    } else if c != 1 || q != 0 || s != 0 {
        return Err(format!("conduit cue `{}` needs exactly one C, and no Q or S", f.name));
    }
    for pair in f.elements.windows(2) {
        if matches!(pair[0], Element::Speaker | Element::Conduit | Element::Gap(_))
            && matches!(pair[1], Element::Speaker | Element::Conduit | Element::Gap(_))
        {
            return Err(format!(
                "`{}`: two open-ended elements (S, C, gaps) may not stand side by side",
                f.name
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::lex;

    #[test]
    fn a_lemma_is_a_verb_form_only_when_listed_or_alone() {
        let src = "language = xx\nparticiple-ending = ing\nparticiple-subject-prepositions = with Of\nadverb-ending = ly\nverb-endings = ed s\ncompound-endings = ed born\nrole-endings = er\n[marks]\n\" \"\n[verbs]\ncomment = commented\nsay = say said\nnote =\n[subordinators]\nwhere\n";
        let g = Grammar::parse(src, "t.qg").unwrap();
        assert!(!g.is_verb("comment"));
        assert!(g.is_verb("commented"));
        assert!(g.is_verb("say"));
        assert!(g.is_verb("note"));
        assert_eq!(g.participle_ending.as_deref(), Some("ing"));
        assert!(g.participle_subject_prepositions.contains("with") && g.participle_subject_prepositions.contains("of"));
        assert_eq!(g.adverb_ending.as_deref(), Some("ly"));
        assert_eq!(g.verb_endings, ["ed", "s"]);
        assert_eq!(g.compound_endings, ["ed", "born"]);
        assert_eq!(g.role_endings, ["er"]);
        assert_ne!(g.lex("where") & lex::SUBORDINATOR, 0);
    }

    #[test]
    fn noun_markers_subject_markers_and_verb_second() {
        let src =
            "language = xx\nnoun-markers = der den Im\nsubject-markers = der\nverb-second = yes\n[marks]\n\" \"\n";
        let g = Grammar::parse(src, "t.qg").unwrap();
        assert!(g.noun_markers.contains("im") && g.noun_markers.contains("den"));
        assert!(g.subject_markers.contains("der"));
        assert!(g.verb_second);
        assert!(!g.ordinal_dots);
        assert!(
            Grammar::parse("language = xx\nordinal-dots = yes\n[marks]\n\" \"\n", "t.qg")
                .unwrap()
                .ordinal_dots
        );
        assert!(Grammar::parse("language = xx\nordinal-dots = maybe\n[marks]\n\" \"\n", "t.qg").is_err());
        assert!(
            !Grammar::parse("language = xx\n[marks]\n\" \"\n", "t.qg")
                .unwrap()
                .verb_second
        );
        assert!(Grammar::parse("language = xx\nverb-second = ja\n[marks]\n\" \"\n", "t.qg").is_err());
    }

    /// Issue 14: the words of the German ranker's cited-source
    /// candidates are grammar data, not literals in the extractor.
    #[test]
    fn source_prepositions_and_quoting_verbs_are_word_lists() {
        let src = "language = xx\nsource-prepositions = Laut\nquoting-verbs = cites cited\n[marks]\n\" \"\n";
        let g = Grammar::parse(src, "t.qg").unwrap();
        assert!(g.source_prepositions.contains("laut"));
        assert!(g.quoting_verbs.contains("cites") && g.quoting_verbs.contains("cited"));
        let de = Grammar::builtin("de").unwrap();
        assert!(de.source_prepositions.contains("laut") && de.quoting_verbs.contains("zitierte"));
        assert!(Grammar::builtin("en").unwrap().quoting_verbs.is_empty());
    }

    /// Issue 14: the nouns of saying, their endings and the possessives
    /// are grammar data; a form is a lemma and at most one ending.
    #[test]
    fn issue14_speech_acts_are_lemmas_read_with_their_endings() {
        let src = "language = xx\nspeech-act-endings = s es\npossessives = His Her\n[marks]\n\" \"\n[speech-acts]\nclaim Statement\n";
        let g = Grammar::parse(src, "t.qg").unwrap();
        assert!(g.is_speech_act("claim") && g.is_speech_act("claims") && g.is_speech_act("statementes"));
        assert!(!g.is_speech_act("claimss") && !g.is_speech_act("reclaim"));
        assert!(g.possessives.contains("his") && g.possessives.contains("her"));
        let de = Grammar::builtin("de").unwrap();
        assert!(de.is_speech_act("aussagen") && de.is_speech_act("meinung") && de.is_speech_act("worten"));
        assert!(!de.is_speech_act("sprecher") && de.possessives.contains("seiner"));
        assert!(!Grammar::builtin("en").unwrap().is_speech_act("statement"));
    }

    /// Issue 14: the prepositions of a passive's agent and of "nach
    /// Angaben X" are grammar data too.
    #[test]
    fn issue14_past_participle_is_a_prefix_and_its_endings() {
        let src = "language = xx\npast-participle = Ge t et\n[marks]\n\" \"\n";
        let g = Grammar::parse(src, "t.qg").unwrap();
        assert_eq!(
            g.past_participle,
            Some(("ge".to_string(), vec!["t".to_string(), "et".to_string()]))
        );
        let g = Grammar::parse("language = xx\n[marks]\n\" \"\n", "t.qg").unwrap();
        assert_eq!(g.past_participle, None);
    }

    #[test]
    fn issue14_agent_and_according_prepositions_are_word_lists() {
        let src = "language = xx\nagent-prepositions = By\naccording-prepositions = per\n[marks]\n\" \"\n";
        let g = Grammar::parse(src, "t.qg").unwrap();
        assert!(g.agent_prepositions.contains("by") && g.according_prepositions.contains("per"));
        let de = Grammar::builtin("de").unwrap();
        assert!(de.agent_prepositions.contains("vom") && de.according_prepositions.contains("nach"));
        let en = Grammar::builtin("en").unwrap();
        assert!(en.agent_prepositions.is_empty() && en.according_prepositions.is_empty());
        let g = Grammar::parse("language = xx\nmedium-prepositions = In On\n[marks]\n\" \"\n", "t.qg").unwrap();
        assert!(g.medium_prepositions.contains("in") && g.medium_prepositions.contains("on"));
        assert!(de.medium_prepositions.contains("auf") && en.medium_prepositions.is_empty());
    }

    #[test]
    fn lone_hyphen_or_apostrophe_in_a_frame_is_punctuation() {
        let src = "language = xx\n[marks]\n\" \"\n[frames]\nf: Q - S V\ng: Q ' S V\nh: Q , S well-known V\n";
        let g = Grammar::parse(src, "t.qg").unwrap();
        assert_eq!(g.frames[0].elements[1], Element::Punct('-'));
        assert_eq!(g.frames[1].elements[1], Element::Punct('\''));
        assert_eq!(g.frames[2].elements[3], Element::Word("well-known".into()));
    }

    #[test]
    fn prepositions_section_is_a_word_list() {
        let src = "language = xx\n[marks]\n\" \"\n[prepositions]\nIn  at # comment\nwith\n";
        let g = Grammar::parse(src, "t.qg").unwrap();
        assert_eq!(g.prepositions.len(), 3);
        assert_ne!(g.lex("in") & lex::PREPOSITION, 0);
        assert_ne!(Grammar::builtin("en").unwrap().lex("by") & lex::PREPOSITION, 0);
        let err = Grammar::parse("language = xx\n[marks]\n\" \"\n[preposition]\n", "t.qg").unwrap_err();
        assert!(err.to_string().contains("t.qg:4:2"), "{err}");
    }
}
