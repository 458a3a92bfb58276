//! Each quote's speaker phrase: the speaker chain's choice (frame,
//! neighbour, context sieve, fallback), weighed against the other
//! candidates by the speaker ranker (`speakers`) where the grammar has
//! one, and the quote as it is reported.

use super::frames::Ctx;
use super::resolve::Mentions;
use super::{kinds, marks, sieves, speakers, Kind, Quote, SpeakerCandidate, Work};

/// What the speaker chain chose for each quote.
pub(super) struct Chosen {
    /// The quotes, with their speaker phrase and cue.
    pub quotes: Vec<Quote>,
    /// Each quote's speaker phrase as a token span.
    pub who_spans: Vec<Option<(usize, usize)>>,
    /// The candidates the ranker weighed, when asked for.
    pub trace: Vec<Vec<SpeakerCandidate>>,
}

/// Builds the quotes and chooses each one's speaker phrase. `ms`, the
/// article's mentions, is there when the ranker runs or is traced.
pub(super) fn speakers(
    ctx: &Ctx,
    work: &[Work],
    pieces: &[marks::Piece],
    piece_tok: &[usize],
    ms: Option<&Mentions>,
    trace_speakers: bool,
) -> Chosen {
    let (text, toks, g) = (ctx.text, ctx.toks, ctx.g);
    let model = g.speakers.as_deref();
    let mut previous: Option<String> = None;
    let mut resolved: std::collections::HashMap<(usize, usize), Option<String>, crate::grammar::FastHash> =
        std::collections::HashMap::default();
    let mut speaker_trace = Vec::new();
    let mut quotes = Vec::with_capacity(work.len());
    let mut who_spans: Vec<Option<(usize, usize)>> = Vec::with_capacity(work.len());
    for (wi, w) in work.iter().enumerate() {
        let source = w
            .matched
            .as_ref()
            .map(|m| (wi, m))
            .or_else(|| w.borrowed.and_then(|b| work[b].matched.as_ref().map(|m| (b, m))));
        let kind = w.kind.expect("classified");
        let (first, last) = (&pieces[w.pieces[0]], &pieces[*w.pieces.last().expect("piece")]);
        let start = first.start;
        let end = last.end.max(start);
        let mut q = Quote {
            text: text[start..end].to_string(),
            start,
            end,
            segments: w
                .pieces
                .iter()
                .map(|&p| [pieces[p].start, pieces[p].end.max(pieces[p].start)])
                .collect(),
            kind,
            speaker: None,
            speaker_canonical: None,
            speaker_start: None,
            speaker_end: None,
            cue: None,
            conduit: None,
        };
        // The rule chain's choice: the frame or neighbour, else the context.
        let rule: Option<((usize, usize), String)> = if kind == Kind::Headline {
            None
        } else if let (None, Some(who)) = (source, w.fallback) {
            Some((who, "context".to_string()))
        } else {
            source.map(|(_, m)| {
                let cue = match m.verb {
                    Some(v) => ctx.word(v).to_string(),
                    None => g.frames[m.frame].name.clone(),
                };
                (m.who, cue)
            })
        };
        let mut who = rule.as_ref().map(|(w, _)| *w);
        let (first_tok, last_tok) = (piece_tok[w.pieces[0]], piece_tok[*w.pieces.last().expect("piece")]);
        let ranked = (model.is_some() || trace_speakers)
            && !matches!(kind, Kind::Headline | Kind::Scare)
            && first_tok != usize::MAX
            && last_tok != usize::MAX;
        if let (true, Some(ms)) = (ranked, ms) {
            let site = sieves::Site::new(ctx, first_tok, last_tok);
            let rules = speakers::Rules {
                chosen: who,
                frame: w.matched.as_ref().map(|m| m.who),
                neighbour: w.borrowed.and_then(|b| work[b].matched.as_ref().map(|m| m.who)),
            };
            let cands = speakers::candidates(ctx, ms, &site, &rules);
            // Neighbouring quotes share candidates: resolve each phrase once.
            let canon: Vec<Option<String>> = cands
                .iter()
                .map(|c| {
                    resolved
                        .entry(c.span)
                        .or_insert_with(|| ms.canonical(ctx, c.span.0, c.span.1))
                        .clone()
                })
                .collect();
            let rule_canon = cands
                .iter()
                .position(|c| Some(c.span) == rules.chosen)
                .and_then(|k| canon[k].as_deref());
            let feature = |c: &speakers::Candidate, k: usize, out: &mut dyn kinds::Sink| {
                let name = canon[k].as_deref();
                let votes = name.map_or(0, |n| {
                    cands
                        .iter()
                        .zip(&canon)
                        .filter(|(_, o)| o.as_deref() == Some(n))
                        .map(|(o, _)| o.by.iter().filter(|b| speakers::is_rule(b)).count())
                        .sum()
                });
                let facts = speakers::Facts {
                    canonical: name,
                    previous: previous.as_deref(),
                    any_rule: rules.chosen.is_some(),
                    agrees: Some(c.span) != rules.chosen && name.is_some() && name == rule_canon,
                    votes,
                };
                speakers::features(ctx, ms, &site, c, &facts, out);
            };
            if trace_speakers {
                let traced = cands
                    .iter()
                    .enumerate()
                    .map(|(k, c)| {
                        let mut named = kinds::Named::default();
                        feature(c, k, &mut named);
                        let (s, e) = (toks[c.span.0].start, toks[c.span.1].end);
                        SpeakerCandidate {
                            features: named.0,
                            start: s,
                            end: e,
                            speaker: text[s..e].to_string(),
                            canonical: canon[k].clone(),
                        }
                    })
                    .collect();
                speaker_trace.push(traced);
            }
            if let Some(model) = model {
                let mut h = kinds::Hashed::default();
                let scores: Vec<f64> = cands
                    .iter()
                    .enumerate()
                    .map(|(k, c)| {
                        h.0.clear();
                        feature(c, k, &mut h);
                        let logit = model.logit(&mut h);
                        // The rule chain's choice keeps a head start.
                        if Some(c.span) == rules.chosen {
                            logit + model.threshold
                        } else {
                            logit
                        }
                    })
                    .collect();
                if let Some(k) = speakers::best(&scores) {
                    who = Some(cands[k].span);
                }
            }
            previous = who.and_then(|w| resolved.entry(w).or_insert_with(|| ms.canonical(ctx, w.0, w.1)).clone());
        } else if trace_speakers {
            speaker_trace.push(Vec::new());
        }
        if let Some((lo, hi)) = who {
            let (s, e) = (toks[lo].start, toks[hi].end);
            q.speaker = Some(text[s..e].to_string());
            q.speaker_start = Some(s);
            q.speaker_end = Some(e);
            q.cue = Some(match &rule {
                Some((r, cue)) if *r == (lo, hi) => cue.clone(),
                _ => "context".to_string(),
            });
        }
        who_spans.push(who);
        quotes.push(q);
    }
    Chosen {
        quotes,
        who_spans,
        trace: speaker_trace,
    }
}
