//! Drawing an article's quote slots: a copy of an earlier quote (verbatim,
//! a fragment, drifted, a variant or a partial, now and then credited to
//! someone else), a line from the unseen wire, a window of a passage or a
//! piece of a statement, a common phrase, or a new line (interrupted or
//! not). [`World`] keeps what has been published so far, which copies draw
//! on, and what each occurrence truly is.

use std::collections::HashSet;

use chacha20::ChaCha8Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::RngExt;

use super::edits::{edit, partial_cut, passage_windows, split_point, statement_pieces, variant};
use super::pool::fresh;
use super::{Config, Outlet, Pool, PoolQuote};
use crate::provenance::names::{is_person_name, same_speaker};

const WIRE_AGENCY: &str = "Continental Press Agency";

/// Everyday phrases many people say independently (invented for the
/// simulator, not taken from any source): two uses are no copy.
pub const COMMON_PHRASES: &[&str] = &[
    "We will see what happens",
    "a step in the right direction",
    "It is what it is",
    "Nothing is off the table",
    "We are looking at all the options",
    "a very difficult decision",
    "Time will tell",
    "We have to move on",
    "We are not there yet",
    "The door remains open",
    "It was a team effort",
    "We need to get on with it",
    "a wake-up call",
    "the right thing to do",
    "I am very proud of everyone involved",
    "There is still a lot of work to do",
    "a good day for everyone",
    "We will not be taking any questions",
];

/// A line as one occurrence carries it, before typography.
#[derive(Debug, Clone)]
pub(super) struct Line {
    pub(super) words: Vec<String>,
    pub(super) family: usize,
    pub(super) speaker: String,
    pub(super) drift: usize,
    pub(super) fragment: bool,
    /// Later articles may copy it: not a partial, nor a common phrase
    /// (whose every use is its own).
    pub(super) copyable: bool,
}

pub(super) struct Family {
    pub(super) original: String,
    pub(super) speaker: String,
    pub(super) wire: bool,
    pub(super) pattern: Option<&'static str>,
    /// Occurrence indices, in time order.
    pub(super) occurrences: Vec<usize>,
}

/// A quote slot of an article being written.
#[derive(Debug, Clone)]
pub(super) struct Slot {
    pub(super) line: Line,
    pub(super) op: &'static str,
    pub(super) source: Option<usize>,
    pub(super) edits: usize,
    pub(super) changes: Vec<String>,
    pub(super) cites: Option<String>,
    /// The first part of an interrupted quote: the next slot is written
    /// with it, after the attribution.
    pub(super) join_next: bool,
    /// Quoted as a partial inside the writer's sentence.
    pub(super) partial: bool,
    /// The copy credits the line to another person: the article names
    /// that person, never a description.
    pub(super) planted: bool,
}
/// Occurrence as generated.
pub(super) struct Occ {
    pub(super) article: usize,
    pub(super) line: Line,
    pub(super) op: &'static str,
    pub(super) source: Option<usize>,
    pub(super) edits: usize,
    pub(super) changes: Vec<String>,
    pub(super) speaker_written: String,
    pub(super) cites: Option<String>,
    pub(super) span: (usize, usize),
    pub(super) k: usize,
}

/// The stream so far: families, occurrences, and what copies may draw on.
pub(super) struct World<'a> {
    pool: &'a Pool,
    cfg: &'a Config,
    /// Pool quotes in the order new lines take them.
    order: Vec<usize>,
    next_quote: usize,
    pub(super) families: Vec<Family>,
    pub(super) occs: Vec<Occ>,
    /// Occurrences of each article, and its outlet, by article index.
    art_occs: Vec<Vec<usize>>,
    art_outlet: Vec<usize>,
    /// Articles of each outlet, in time order.
    by_outlet: Vec<Vec<usize>>,
    /// Wire lines still to be picked up: (family, remaining pickups).
    wire_open: Vec<(usize, usize)>,
    /// Unseen passages and statements still to be quoted: (family, the
    /// cuts, as word ranges of its original, not yet taken).
    unseen_open: Vec<(usize, Vec<(usize, usize)>)>,
    /// Persons of the pool, whom a misattribution or an editor's bracket
    /// may name: a first name the name list knows, and a surname.
    persons: Vec<String>,
}

impl<'a> World<'a> {
    pub(super) fn new(pool: &'a Pool, cfg: &'a Config, order: Vec<usize>, outlets: usize) -> Self {
        let mut persons: Vec<String> = Vec::new();
        if cfg.misattributed > 0.0 || cfg.variants > 0.0 {
            let mut seen = HashSet::new();
            for q in &pool.quotes {
                if is_person_name(&q.speaker) && seen.insert(q.speaker.as_str()) {
                    persons.push(q.speaker.clone());
                }
            }
        }
        World {
            pool,
            cfg,
            order,
            next_quote: 0,
            families: Vec::new(),
            occs: Vec::new(),
            art_occs: Vec::new(),
            art_outlet: Vec::new(),
            by_outlet: vec![Vec::new(); outlets],
            wire_open: Vec::new(),
            unseen_open: Vec::new(),
            persons,
        }
    }

    fn fresh(&mut self) -> PoolQuote {
        fresh(self.pool, &self.order, &mut self.next_quote)
    }

    /// The quote slots of article `ai` of outlet `oi`.
    pub(super) fn slots(&mut self, ai: usize, oi: usize, outlets: &[Outlet], rng: &mut ChaCha8Rng) -> Vec<Slot> {
        let cfg = self.cfg;
        let n = rng.random_range(2..=4usize);
        let mut lines: Vec<Slot> = Vec::new();
        let mut here: HashSet<usize> = HashSet::new();
        for _ in 0..n {
            let r: f64 = rng.random();
            if r < cfg.copy && !self.occs.is_empty() {
                if let Some(slot) = self.copy(ai, oi, outlets, &mut here, rng) {
                    lines.push(slot);
                    continue;
                }
            }
            if r >= cfg.copy && r < cfg.copy + cfg.wire {
                lines.push(self.wire(&mut here, rng));
                continue;
            }
            // What is left of the roll past copies and the wire: windows,
            // pieces, common phrases, then new lines. A roll that wanted a
            // copy and found none is negative here and makes a new line.
            let rest = r - cfg.copy - cfg.wire;
            if rest >= 0.0 && rest < cfg.windows + cfg.piecemeal {
                lines.push(self.cut(rest < cfg.windows, &mut here, rng));
                continue;
            }
            if rest >= cfg.windows + cfg.piecemeal && rest < cfg.windows + cfg.piecemeal + cfg.common {
                lines.push(self.common(&mut here, rng));
                continue;
            }
            self.new_line(&mut here, &mut lines, rng);
        }
        lines
    }

    /// A copy of an earlier quote: of a recent article of the same outlet,
    /// or of any recent article; none when four tries find no quote that
    /// is not already in this article.
    fn copy(
        &mut self,
        ai: usize,
        oi: usize,
        outlets: &[Outlet],
        here: &mut HashSet<usize>,
        rng: &mut ChaCha8Rng,
    ) -> Option<Slot> {
        let cfg = self.cfg;
        let same = rng.random_bool(0.25) && !self.by_outlet[oi].is_empty();
        let mut chosen = None;
        for _ in 0..4 {
            let sa = if same {
                let v = &self.by_outlet[oi];
                v[rng.random_range(v.len().saturating_sub(50)..v.len())]
            } else {
                rng.random_range(ai.saturating_sub(300)..ai)
            };
            if let Some(&so) = self.art_occs[sa].choose(rng) {
                let l = &self.occs[so].line;
                if !here.contains(&l.family) && !self.families[l.family].wire && l.copyable {
                    chosen = Some(so);
                    break;
                }
            }
        }
        let so = chosen?;
        let src = &self.occs[so];
        let mut l = src.line.clone();
        // The issue-13 ops are drawn first and only when asked for, so
        // that with them off the draws are as before.
        let partial = (cfg.partials > 0.0 && rng.random_bool(cfg.partials))
            .then(|| partial_cut(&l.words, rng))
            .flatten();
        let variants = if partial.is_none() && cfg.variants > 0.0 && rng.random_bool(cfg.variants) {
            variant(&mut l.words, &self.persons, rng)
        } else {
            Vec::new()
        };
        let (op, edits, mut changes) = if let Some(cut) = partial {
            l.words = cut;
            l.fragment = true;
            l.copyable = false;
            ("partial", 0, vec!["partial".to_string()])
        } else if !variants.is_empty() {
            ("variant", 0, variants)
        } else {
            let r2: f64 = rng.random();
            if r2 < 0.2 && l.words.len() >= 12 {
                let len = rng.random_range(6..=(l.words.len() * 55 / 100).max(6));
                let start = rng.random_range(0..=l.words.len() - len);
                l.words = l.words[start..start + len].to_vec();
                if let Some(w) = l.words.last_mut() {
                    *w = w.trim_end_matches([',', ';', ':', '.']).to_string();
                }
                l.fragment = true;
                ("fragment", 0, vec!["fragment".to_string()])
            } else if r2 < 0.6 && cfg.max_edits > 0 {
                let budget = rng.random_range(1..=cfg.max_edits);
                let mut done = 0;
                let mut changes = Vec::new();
                while done < budget {
                    let (c, k) = edit(&mut l.words, budget - done, &self.pool.vocab, rng);
                    done += k;
                    changes.push(c.to_string());
                }
                ("drift", done, changes)
            } else {
                ("verbatim", 0, Vec::new())
            }
        };
        l.drift += edits;
        // A real misattribution: a sentence of a person's line credited to
        // another person, whom its copies follow. Only lines the flag could
        // catch (a person's name, eight words or more) are planted, so
        // recall measures the flag.
        let said_by = &self.families[l.family].speaker;
        let mut planted = false;
        if cfg.misattributed > 0.0
            && op != "partial"
            && l.words.len() >= 8
            && l.speaker == *said_by
            && is_person_name(said_by)
            && rng.random_bool(cfg.misattributed)
        {
            let others: Vec<&String> = self.persons.iter().filter(|p| !same_speaker(p, said_by)).collect();
            if let Some(other) = others.choose(rng) {
                l.speaker = (*other).clone();
                changes.push("misattribution".to_string());
                planted = true;
            }
        }
        let source_outlet = &outlets[self.art_outlet[src.article]].name;
        let cites = (*source_outlet != outlets[oi].name && rng.random_bool(cfg.cite)).then(|| source_outlet.clone());
        here.insert(l.family);
        Some(Slot {
            line: l,
            op,
            source: Some(so),
            edits,
            changes,
            cites,
            join_next: false,
            partial: op == "partial",
            planted,
        })
    }

    /// A line from the wire: an open one, or a new one.
    fn wire(&mut self, here: &mut HashSet<usize>, rng: &mut ChaCha8Rng) -> Slot {
        let open: Vec<usize> = (0..self.wire_open.len())
            .filter(|&i| !here.contains(&self.wire_open[i].0))
            .collect();
        let w = if let (true, Some(&i)) = (rng.random_bool(0.6), open.choose(rng)) {
            self.wire_open[i].1 -= 1;
            let f = self.wire_open[i].0;
            if self.wire_open[i].1 == 0 {
                self.wire_open.remove(i);
            }
            f
        } else {
            let q = self.fresh();
            self.families.push(Family {
                original: q.words.join(" "),
                speaker: q.speaker.clone(),
                wire: true,
                pattern: None,
                occurrences: Vec::new(),
            });
            self.wire_open.push((self.families.len() - 1, rng.random_range(1..=3)));
            self.families.len() - 1
        };
        let mut l = Line {
            words: self.families[w].original.split(' ').map(str::to_string).collect(),
            family: w,
            speaker: self.families[w].speaker.clone(),
            drift: 0,
            fragment: false,
            copyable: true,
        };
        let (edits, changes) = if rng.random_bool(0.4) && self.cfg.max_edits > 0 {
            let (c, k) = edit(&mut l.words, 1, &self.pool.vocab, rng);
            (k, vec![c.to_string()])
        } else {
            (0, Vec::new())
        };
        l.drift = edits;
        let cites = rng.random_bool(0.5).then(|| WIRE_AGENCY.to_string());
        here.insert(w);
        Slot {
            line: l,
            op: "wire",
            source: None,
            edits,
            changes,
            cites,
            join_next: false,
            partial: false,
            planted: false,
        }
    }

    /// A window of an unseen spoken passage (`window`), or a piece of an
    /// unseen statement: one still open, or the first cut of a new one.
    fn cut(&mut self, window: bool, here: &mut HashSet<usize>, rng: &mut ChaCha8Rng) -> Slot {
        let kind = if window { "window" } else { "piecemeal" };
        let open: Vec<usize> = (0..self.unseen_open.len())
            .filter(|&i| {
                let f = self.unseen_open[i].0;
                self.families[f].pattern == Some(kind) && !here.contains(&f)
            })
            .collect();
        let (f, (from, to)) = if let (true, Some(&i)) = (rng.random_bool(0.6), open.choose(rng)) {
            let f = self.unseen_open[i].0;
            let cut = self.unseen_open[i].1.pop().expect("open sources keep a cut");
            if self.unseen_open[i].1.is_empty() {
                self.unseen_open.remove(i);
            }
            (f, cut)
        } else {
            let parts: Vec<PoolQuote> = (0..if window { 2 } else { 3 }).map(|_| self.fresh()).collect();
            let (words, mut cuts) = if window {
                passage_windows(&parts, rng)
            } else {
                statement_pieces(&parts)
            };
            cuts.shuffle(rng);
            cuts.truncate(rng.random_range(2..=cuts.len().max(2)));
            self.families.push(Family {
                original: words.join(" "),
                speaker: parts[0].speaker.clone(),
                wire: true,
                pattern: Some(kind),
                occurrences: Vec::new(),
            });
            let f = self.families.len() - 1;
            let first = cuts.pop().expect("two cuts or more");
            self.unseen_open.push((f, cuts));
            (f, first)
        };
        let all: Vec<String> = self.families[f].original.split(' ').map(str::to_string).collect();
        let mut words = all[from..to].to_vec();
        if let Some(w) = words.last_mut() {
            *w = w.trim_end_matches([',', ';', ':', '.']).to_string();
        }
        here.insert(f);
        Slot {
            line: Line {
                words,
                family: f,
                speaker: self.families[f].speaker.clone(),
                drift: 0,
                // A cut of a longer line, as a fragment is.
                fragment: true,
                copyable: true,
            },
            op: if window { "window" } else { "piece" },
            source: None,
            edits: 0,
            changes: Vec::new(),
            cites: None,
            join_next: false,
            partial: false,
            planted: false,
        }
    }

    /// A common phrase said by someone independently: a family of its own.
    fn common(&mut self, here: &mut HashSet<usize>, rng: &mut ChaCha8Rng) -> Slot {
        let phrase = *COMMON_PHRASES.choose(rng).expect("common phrases");
        let speaker = self.pool.quotes.choose(rng).expect("a pool").speaker.clone();
        self.families.push(Family {
            original: phrase.to_string(),
            speaker: speaker.clone(),
            wire: false,
            pattern: Some("common"),
            occurrences: Vec::new(),
        });
        let f = self.families.len() - 1;
        here.insert(f);
        Slot {
            line: Line {
                words: phrase.split(' ').map(str::to_string).collect(),
                family: f,
                speaker,
                drift: 0,
                fragment: false,
                copyable: false,
            },
            op: "original",
            source: None,
            edits: 0,
            changes: Vec::new(),
            cites: None,
            join_next: false,
            // "a step in the right direction" is quoted inside a sentence,
            // "We will see what happens" as a statement.
            partial: phrase.starts_with(char::is_lowercase),
            planted: false,
        }
    }

    /// A new line, or the two parts of one that its article interrupts
    /// with the attribution: each part a family of its own.
    fn new_line(&mut self, here: &mut HashSet<usize>, lines: &mut Vec<Slot>, rng: &mut ChaCha8Rng) {
        let q = self.fresh();
        let split = if self.cfg.interrupted > 0.0 && rng.random_bool(self.cfg.interrupted) {
            split_point(&q.words)
        } else {
            None
        };
        let parts: Vec<(Vec<String>, Option<&'static str>)> = match split {
            Some(k) => vec![
                (q.words[..k].to_vec(), Some("interrupted")),
                (q.words[k..].to_vec(), Some("interrupted")),
            ],
            None => vec![(q.words, None)],
        };
        let n_parts = parts.len();
        for (i, (words, pattern)) in parts.into_iter().enumerate() {
            self.families.push(Family {
                original: words.join(" "),
                speaker: q.speaker.clone(),
                wire: false,
                pattern,
                occurrences: Vec::new(),
            });
            let f = self.families.len() - 1;
            here.insert(f);
            lines.push(Slot {
                line: Line {
                    words,
                    family: f,
                    speaker: q.speaker.clone(),
                    drift: 0,
                    fragment: false,
                    copyable: true,
                },
                op: "original",
                source: None,
                edits: 0,
                changes: Vec::new(),
                cites: None,
                join_next: i + 1 < n_parts,
                partial: false,
                planted: false,
            });
        }
    }

    /// Records article `ai` of outlet `oi` as written: each slot with the
    /// speaker as worded and the span of its words.
    pub(super) fn record(&mut self, ai: usize, oi: usize, written: Vec<(Slot, String)>, spans: Vec<(usize, usize)>) {
        let mut these = Vec::new();
        for (k, ((slot, speaker), span)) in written.into_iter().zip(spans).enumerate() {
            let o = self.occs.len();
            self.families[slot.line.family].occurrences.push(o);
            these.push(o);
            self.occs.push(Occ {
                article: ai,
                line: slot.line,
                op: slot.op,
                source: slot.source,
                edits: slot.edits,
                changes: slot.changes,
                speaker_written: speaker,
                cites: slot.cites,
                span,
                k,
            });
        }
        self.art_occs.push(these);
        self.art_outlet.push(oi);
        self.by_outlet[oi].push(ai);
    }
}
