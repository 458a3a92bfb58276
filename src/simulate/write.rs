//! Writing a simulated article: title, dateline, prose, and each quote
//! slot in one of the outlet's frames (`“…,” X said`, `X said: “…”`,
//! `According to X, “…”`, a partial inside a sentence, an interrupted
//! quote), with the speaker as the outlet words it.

use chacha20::ChaCha8Rng;
use rand::seq::IndexedRandom;
use rand::RngExt;

use super::draw::Slot;
use super::edits::{capitalise, respell};
use super::{Outlet, Pool};

/// Descriptions a copy may credit a line to instead of the name.
const ROLES: &[&str] = &[
    "the senior lawmaker",
    "the official",
    "the spokesman",
    "the executive",
    "the minister",
];

/// An article as written, with every quote slot it holds in the order
/// written, the speaker as worded, and the byte span of the quoted words.
pub(super) struct Written {
    pub(super) title: String,
    pub(super) text: String,
    pub(super) slots: Vec<(Slot, String)>,
    pub(super) spans: Vec<(usize, usize)>,
}

/// Writes an article of `outlet` under `dateline` holding `lines`.
pub(super) fn article(pool: &Pool, outlet: &Outlet, dateline: &str, lines: Vec<Slot>, rng: &mut ChaCha8Rng) -> Written {
    let title = pool.titles.choose(rng).cloned().unwrap_or_else(|| "News".into());
    let mut text = String::new();
    text.push_str(&title);
    text.push_str("\n\n");
    text.push_str(dateline);
    text.push_str("\n\n");
    let filler = |rng: &mut ChaCha8Rng| pool.fillers.choose(rng).expect("fillers").clone();
    let lead = filler(rng);
    text.push_str(&lead);
    text.push_str("\n\n");
    let (open, close) = outlet.marks.pair();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut written: Vec<(Slot, String)> = Vec::new();
    let mut queue = lines.into_iter();
    while let Some(slot) = queue.next() {
        let (l, op, cites) = (&slot.line, slot.op, slot.cites.clone());
        if rng.random_bool(0.5) {
            text.push_str(&filler(rng));
            text.push(' ');
        }
        // The speaker as this outlet words it.
        let r: f64 = rng.random();
        let speaker = if slot.planted {
            l.speaker.clone()
        } else if op != "original" && r < 0.12 {
            (*ROLES.choose(rng).expect("roles")).to_string()
        } else if outlet.respells && r < 0.5 {
            respell(&l.speaker)
        } else {
            l.speaker.clone()
        };
        let body = typeset(&l.words, op != "original", outlet.nbsp, rng);
        let cite_tail = cites
            .as_deref()
            .map(|c| format!(", as cited in {c}"))
            .unwrap_or_default();
        // Pushes a quote's marks and words, and records its span.
        let quote = |text: &mut String, spans: &mut Vec<(usize, usize)>, body: &str| {
            text.push_str(open);
            let start = text.len();
            text.push_str(body);
            spans.push((start, text.len()));
        };
        if slot.partial {
            let who = capitalise(&speaker);
            let (lead, tail) = match rng.random_range(0..4u8) {
                0 => (format!("{who} called it "), format!("{close}{cite_tail}.")),
                1 => (format!("{who} said the decision was "), format!("{close}{cite_tail}.")),
                2 => (format!("{who} described the plan as "), format!("{close}{cite_tail}.")),
                _ => (
                    "The move was ".to_string(),
                    format!("{close}, {speaker} said{cite_tail}."),
                ),
            };
            text.push_str(&lead);
            quote(&mut text, &mut spans, &body);
            text.push_str(&tail);
            written.push((slot.clone(), speaker));
        } else if slot.join_next {
            // “A,” X said. “B.” — or, when B goes on A's sentence,
            // “A,” X said, “b.”
            let second = queue.next().expect("an interrupted quote has two parts");
            let rest = typeset(&second.line.words, false, outlet.nbsp, rng);
            quote(&mut text, &mut spans, &body);
            let comma = if body.ends_with(['?', '!']) { "" } else { "," };
            let on = if rest.starts_with(char::is_lowercase) { "," } else { "." };
            text.push_str(&format!("{comma}{close} {} said{on} ", capitalise(&speaker)));
            quote(&mut text, &mut spans, &rest);
            text.push_str(&format!(".{close}"));
            written.push((slot.clone(), speaker.clone()));
            written.push((second, speaker));
        } else {
            let frame = if cites.is_some() {
                rng.random_range(0..2u8)
            } else {
                rng.random_range(0..4u8)
            };
            match frame {
                0 => {
                    quote(&mut text, &mut spans, &body);
                    text.push_str(&format!(",{close} {} said{cite_tail}.", capitalise(&speaker)));
                }
                1 => {
                    quote(&mut text, &mut spans, &body);
                    text.push_str(&format!(",{close} said {speaker}{cite_tail}."));
                }
                2 => {
                    text.push_str(&format!("{} said: ", capitalise(&speaker)));
                    quote(&mut text, &mut spans, &body);
                    text.push_str(&format!(".{close}"));
                }
                _ => {
                    text.push_str(&format!("According to {speaker}, "));
                    quote(&mut text, &mut spans, &body);
                    text.push_str(&format!(".{close}"));
                }
            }
            written.push((slot.clone(), speaker));
        }
        if rng.random_bool(0.3) {
            text.push(' ');
            text.push_str(&filler(rng));
        }
        text.push_str("\n\n");
    }
    text.push_str(&filler(rng));
    text.push_str("\n\n");
    text.push_str(&outlet.boilerplate.join("\n"));
    text.push('\n');
    Written {
        title,
        text,
        slots: written,
        spans,
    }
}

/// A line's words as an outlet sets them: a copier re-punctuates now and
/// then (commas to dashes, semicolons to commas), and some outlets join
/// words with no-break spaces. The closing punctuation is left to the
/// frame.
pub(super) fn typeset(words: &[String], copy: bool, nbsp: bool, rng: &mut ChaCha8Rng) -> String {
    let mut words = words.to_vec();
    if copy && rng.random_bool(0.2) {
        for w in words.iter_mut() {
            if w.ends_with(',') && w.len() > 1 {
                w.pop();
                w.push_str(" —");
            } else if w.ends_with(';') {
                w.pop();
                w.push(',');
            }
        }
    }
    let mut body = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            body.push(if nbsp && rng.random_bool(0.15) { '\u{a0}' } else { ' ' });
        }
        body.push_str(w);
    }
    body.trim_end_matches([',', ';', ':', '.', ' ', '—']).to_string()
}
