//! The drift audit: a word-level diff of a variant against the first
//! appearance of its line, each change classified and ranked by how much
//! it can change what the line says.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use similar::{capture_diff_slices, Algorithm, DiffOp};

use crate::grammar::Grammar;
use crate::normalize::words;

/// Words the audit treats specially, from the grammars' `[negations]`
/// and `[numbers]`.
#[derive(Debug, Clone, Default)]
pub struct WordClasses {
    pub negations: HashSet<String>,
    pub numbers: HashSet<String>,
}

impl WordClasses {
    /// The union over `grammars`: a corpus may mix languages.
    pub fn from_grammars<'a>(grammars: impl IntoIterator<Item = &'a Grammar>) -> WordClasses {
        let mut out = WordClasses::default();
        for g in grammars {
            out.negations.extend(g.negations.iter().cloned());
            out.numbers.extend(g.numbers.iter().cloned());
        }
        out
    }

    fn is_number(&self, norm: &str) -> bool {
        norm.chars().any(|c| c.is_ascii_digit()) || self.numbers.contains(norm)
    }

    fn is_negation(&self, norm: &str) -> bool {
        self.negations.contains(norm) || norm.ends_with("n't")
    }
}

/// One word as written, with its normalized form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub surface: String,
    pub norm: String,
}

/// The words of a quote as the audit compares them.
pub fn tokens(text: &str) -> Vec<Token> {
    words(text)
        .into_iter()
        .map(|w| Token {
            surface: text[w.start..w.end].to_string(),
            norm: w.norm,
        })
        .collect()
}

/// One step of a diff, with the words as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub op: Op,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub old: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub new: String,
}

#[cfg(test)]
impl Step {
    /// A step written out, for the tests of the modules that show diffs.
    pub(crate) fn of(op: Op, old: &str, new: &str) -> Step {
        Step {
            op,
            old: old.into(),
            new: new.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Equal,
    Delete,
    Insert,
    Replace,
}

/// What a change does, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// The copy names another speaker.
    Speaker,
    /// A negation gained, lost or swapped.
    Negation,
    /// A number changed.
    Number,
    /// A name changed.
    Entity,
    /// Words replaced by others.
    Substitution,
    /// Words dropped inside the line.
    Deletion,
    /// Words added.
    Insertion,
    /// Words cut from the start or the end.
    Truncation,
}

impl Class {
    /// Severity in (0, 1], used to rank changes and variants.
    pub fn severity(self) -> f64 {
        match self {
            Class::Speaker => 1.0,
            Class::Negation => 0.9,
            Class::Number => 0.8,
            Class::Entity => 0.6,
            Class::Substitution => 0.4,
            Class::Deletion => 0.3,
            Class::Insertion => 0.2,
            Class::Truncation => 0.1,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Class::Speaker => "speaker",
            Class::Negation => "negation",
            Class::Number => "number",
            Class::Entity => "entity",
            Class::Substitution => "substitution",
            Class::Deletion => "deletion",
            Class::Insertion => "insertion",
            Class::Truncation => "truncation",
        }
    }
}

/// One classified change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub class: Class,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub old: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub new: String,
    pub severity: f64,
}

/// A variant's diff against the first appearance and its changes, most
/// severe first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Audit {
    pub diff: Vec<Step>,
    pub changes: Vec<Change>,
    /// Sum of the changes' severities.
    pub severity: f64,
}

fn join(ts: &[Token]) -> String {
    ts.iter().map(|t| t.surface.as_str()).collect::<Vec<_>>().join(" ")
}

/// Is this word a name: capitalized, and not just because it opens the
/// quote or is "I"?
fn is_entity(t: &Token, position: usize) -> bool {
    position > 0 && t.surface != "I" && t.surface.chars().next().is_some_and(char::is_uppercase)
}

fn classify(old: &[Token], old_at: usize, new: &[Token], new_at: usize, base: Class, wc: &WordClasses) -> Class {
    let neg = |ts: &[Token]| ts.iter().filter(|t| wc.is_negation(&t.norm)).count();
    if base != Class::Truncation && neg(old) != neg(new) {
        return Class::Negation;
    }
    // A cut or an added clause is not a changed number or name; only a
    // word put in another's place is.
    if base != Class::Substitution {
        return base;
    }
    // A number put for another number, or any change of digits; "one"
    // turned into "a" is wording, not a number.
    let num = |ts: &[Token]| ts.iter().any(|t| wc.is_number(&t.norm));
    let digits = |ts: &[Token]| ts.iter().any(|t| t.norm.chars().any(|c| c.is_ascii_digit()));
    if (num(old) && num(new)) || digits(old) || digits(new) {
        return Class::Number;
    }
    let ent = |ts: &[Token], at: usize| ts.iter().enumerate().any(|(i, t)| is_entity(t, at + i));
    if ent(old, old_at) || ent(new, new_at) {
        return Class::Entity;
    }
    base
}

/// Diffs `new` against `old` (the first appearance) word by word.
pub fn audit(old: &[Token], new: &[Token], wc: &WordClasses) -> Audit {
    let on: Vec<&str> = old.iter().map(|t| t.norm.as_str()).collect();
    let nn: Vec<&str> = new.iter().map(|t| t.norm.as_str()).collect();
    let mut out = Audit::default();
    for op in capture_diff_slices(Algorithm::Myers, &on, &nn) {
        let (o, n) = (op.old_range(), op.new_range());
        let (os, ns) = (&old[o.clone()], &new[n.clone()]);
        let (step, base) = match op {
            DiffOp::Equal { .. } => (Op::Equal, None),
            DiffOp::Delete { .. } => {
                let at_edge = o.start == 0 || o.end == old.len();
                let cut = at_edge && (n.start == 0 || n.start == new.len());
                (Op::Delete, Some(if cut { Class::Truncation } else { Class::Deletion }))
            }
            DiffOp::Insert { .. } => (Op::Insert, Some(Class::Insertion)),
            DiffOp::Replace { .. } => (Op::Replace, Some(Class::Substitution)),
        };
        let step = Step {
            op: step,
            old: join(os),
            new: join(ns),
        };
        if let Some(base) = base {
            let class = classify(os, o.start, ns, n.start, base, wc);
            out.changes.push(Change {
                class,
                old: step.old.clone(),
                new: step.new.clone(),
                severity: class.severity(),
            });
        }
        out.diff.push(step);
    }
    out.changes.sort_by_key(|c| c.class);
    out.severity = out.changes.iter().map(|c| c.severity).sum();
    out
}

/// Adds a change of speaker to an audit.
pub fn speaker_changed(a: &mut Audit, old: &str, new: &str) {
    a.changes.insert(
        0,
        Change {
            class: Class::Speaker,
            old: old.to_string(),
            new: new.to_string(),
            severity: Class::Speaker.severity(),
        },
    );
    a.severity += Class::Speaker.severity();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wc() -> WordClasses {
        WordClasses::from_grammars(&Grammar::builtins().unwrap())
    }

    fn classes(old: &str, new: &str) -> Vec<(Class, String, String)> {
        audit(&tokens(old), &tokens(new), &wc())
            .changes
            .into_iter()
            .map(|c| (c.class, c.old, c.new))
            .collect()
    }

    #[test]
    fn substitutions_are_found_word_by_word() {
        assert_eq!(
            classes(
                "We have withdrawn the accreditation of members who were undeclared officers",
                "We have withdrawn the recognition of members who were undisclosed officers"
            ),
            vec![
                (Class::Substitution, "accreditation".into(), "recognition".into()),
                (Class::Substitution, "undeclared".into(), "undisclosed".into()),
            ]
        );
    }

    #[test]
    fn numbers_negations_and_names_outrank_plain_wording() {
        let c = classes(
            "The harbour will reopen in eight days, Mayor Ilse Tarn said, and fishing will resume",
            "The harbour will not reopen in ten days, Mayor Ilse Varn said, and fishing will resume",
        );
        let got: Vec<Class> = c.iter().map(|c| c.0).collect();
        assert_eq!(got, vec![Class::Negation, Class::Number, Class::Entity]);
    }

    #[test]
    fn dropped_names_are_deletions_and_a_cut_negation_is_a_truncation() {
        let c = classes("the port of Velmora will reopen soon", "the port will reopen soon");
        assert_eq!(c, vec![(Class::Deletion, "of Velmora".into(), String::new())]);
        let c = classes("the port will reopen, but not soon", "the port will reopen");
        assert_eq!(c[0].0, Class::Truncation);
        let c = classes("the port will reopen", "the port will not reopen");
        assert_eq!(c[0].0, Class::Negation);
    }

    #[test]
    fn a_cut_end_is_a_truncation_and_a_gap_is_a_deletion() {
        let c = classes(
            "the spill is contained and the beaches are safe",
            "the spill is contained",
        );
        assert_eq!(
            c,
            vec![(Class::Truncation, "and the beaches are safe".into(), String::new())]
        );
        let c = classes("the spill is fully contained now", "the spill is contained now");
        assert_eq!(c, vec![(Class::Deletion, "fully".into(), String::new())]);
        let c = classes("the spill is contained", "the spill is contained for now");
        assert_eq!(c, vec![(Class::Insertion, String::new(), "for now".into())]);
    }

    #[test]
    fn typography_alone_is_no_change() {
        let a = audit(
            &tokens("“The port’s  closed,” she said"),
            &tokens("\"The port's closed\", she said"),
            &wc(),
        );
        assert!(a.changes.is_empty());
        assert_eq!(a.severity, 0.0);
    }

    #[test]
    fn a_speaker_change_ranks_first() {
        let mut a = audit(&tokens("we will rebuild"), &tokens("we will rebuild it"), &wc());
        speaker_changed(&mut a, "Ilse Tarn", "Odo Brenk");
        assert_eq!(a.changes[0].class, Class::Speaker);
        assert!(a.severity > 1.0);
    }
}
