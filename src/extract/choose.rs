//! Each quote's speaker phrase: the speaker chain's choice (frame,
//! neighbour, context sieve, fallback), weighed against the other
//! candidates by the speaker ranker (`speakers`) where the grammar has
//! one, and the quote as it is reported.

use super::frames::Ctx;
use super::resolve::Mentions;
use super::{fields, kinds, marks, sieves, speakers, Kind, Quote, SpeakerCandidate, Work};
use crate::grammar::FastHash;
use std::collections::HashMap;

/// What the speaker chain chose for each quote.
pub(super) struct Chosen {
    /// The quotes, with their speaker phrase and cue.
    pub quotes: Vec<Quote>,
    /// Each quote's speaker phrase as a token span.
    pub who_spans: Vec<Option<(usize, usize)>>,
    /// The candidates the ranker weighed, when asked for.
    pub trace: Vec<Vec<SpeakerCandidate>>,
}

/// Builds the quotes and chooses each one's speaker phrase, in order: the
/// quote as reported ([`reported`]), the rule chain's choice
/// ([`rule_choice`]), the ranker's, where the grammar has one or the
/// candidates are traced ([`Ranking::choose`]), and the phrase and cue
/// set on the quote ([`attach`]). `ms`, the article's mentions, is there
/// when the ranker runs or is traced.
pub(super) fn speakers(
    ctx: &Ctx,
    work: &[Work],
    pieces: &[marks::Piece],
    piece_tok: &[usize],
    ms: Option<&Mentions>,
    trace_speakers: bool,
) -> Chosen {
    let mut ranking = Ranking {
        trace_on: trace_speakers,
        ..Ranking::default()
    };
    let mut quotes = Vec::with_capacity(work.len());
    let mut who_spans: Vec<Option<(usize, usize)>> = Vec::with_capacity(work.len());
    for (wi, w) in work.iter().enumerate() {
        let mut q = reported(ctx.text, w, pieces);
        let rule = rule_choice(ctx, work, wi);
        let tokens = tokens_of(w, piece_tok);
        let who = ranking.choose(ctx, ms, work, wi, tokens, rule.as_ref().map(|(span, _)| *span));
        attach(ctx, &mut q, who, rule.as_ref());
        who_spans.push(who);
        quotes.push(q);
    }
    Chosen {
        quotes,
        who_spans,
        trace: ranking.trace,
    }
}

/// The quote `w` as it is reported, before anyone is said to have said it:
/// its text from the first piece to the last, its segments and kind.
fn reported(text: &str, w: &Work, pieces: &[marks::Piece]) -> Quote {
    let (first, last) = (&pieces[w.pieces[0]], &pieces[*w.pieces.last().expect("piece")]);
    let start = first.start;
    let end = last.end.max(start);
    Quote {
        text: text[start..end].to_string(),
        start,
        end,
        segments: w
            .pieces
            .iter()
            .map(|&p| [pieces[p].start, pieces[p].end.max(pieces[p].start)])
            .collect(),
        kind: w.kind.expect("classified"),
        speaker: None,
        speaker_canonical: None,
        speaker_start: None,
        speaker_end: None,
        cue: None,
        conduit: None,
    }
}

/// The rule chain's choice for the quote `work[wi]` and its cue: its own
/// frame or the one it borrowed from a neighbour (cued by the speech verb,
/// else the frame's name), else the context sieves' phrase (`context`).
/// A headline has no speaker.
fn rule_choice(ctx: &Ctx, work: &[Work], wi: usize) -> Option<((usize, usize), String)> {
    let w = &work[wi];
    if w.kind == Some(Kind::Headline) {
        return None;
    }
    let source = w
        .matched
        .as_ref()
        .or_else(|| w.borrowed.and_then(|b| work[b].matched.as_ref()));
    match (source, w.fallback) {
        (None, Some(who)) => Some((who, "context".to_string())),
        (m, _) => m.map(|m| {
            let cue = match m.verb {
                Some(v) => ctx.word(v).to_string(),
                None => ctx.g.frames[m.frame].name.clone(),
            };
            (m.who, cue)
        }),
    }
}

/// Does the ranker weigh the quote `work[wi]`? Never a headline or a
/// scare quote. Where capitals mark names (English) the rule chain's
/// choice stands where its evidence is strong: a frame, the quote's own
/// or a neighbour's, a context sieve that reads the sentence, or the
/// speaker of an attributed quote at most two sentences off. The ranker
/// weighs only a quote no rule attributes, one whose only evidence is a
/// first name before it, and one that takes the speaker of an attributed
/// quote three or more sentences away. Held out, the ranker won its
/// quotes there and nothing elsewhere, and one quote in twenty costs the
/// extractor little (issue 14, session 29). German weighs every quote.
pub(super) fn weighed(ctx: &Ctx, work: &[Work], wi: usize, (first, last): (usize, usize)) -> bool {
    let w = &work[wi];
    if matches!(w.kind, Some(Kind::Headline | Kind::Scare)) || first == usize::MAX || last == usize::MAX {
        return false;
    }
    if ctx.g.capitalises_nouns() {
        return true;
    }
    if w.matched.is_some() || w.borrowed.is_some_and(|b| work[b].matched.is_some()) {
        return false;
    }
    match (w.fallback, w.fallback_sieve) {
        (None, _) => true,
        (Some(_), Some(sieve)) => sieve == "first-name",
        (Some(who), None) => speakers::sentences_apart(ctx, first, last, who) >= 3,
    }
}

/// The tokens of the quote `w`'s first and last pieces.
pub(super) fn tokens_of(w: &Work, piece_tok: &[usize]) -> (usize, usize) {
    (piece_tok[w.pieces[0]], piece_tok[*w.pieces.last().expect("piece")])
}

/// The speaker ranker's state over one article's quotes: each phrase's
/// canonical name, resolved once, the speaker phrase chosen last, and
/// the candidates traced when asked for.
#[derive(Default)]
struct Ranking {
    trace_on: bool,
    last: Option<(usize, usize)>,
    resolved: HashMap<(usize, usize), Option<String>, FastHash>,
    trace: Vec<Vec<SpeakerCandidate>>,
}

impl Ranking {
    /// The speaker phrase of the quote `work[wi]` (whose first and last
    /// pieces are the tokens `tokens`): the rule chain's choice `chosen`,
    /// unless the grammar's ranker scores another candidate higher. Every
    /// candidate is traced when tracing; a headline or scare quote is
    /// never ranked.
    fn choose(
        &mut self,
        ctx: &Ctx,
        ms: Option<&Mentions>,
        work: &[Work],
        wi: usize,
        (first_tok, last_tok): (usize, usize),
        chosen: Option<(usize, usize)>,
    ) -> Option<(usize, usize)> {
        let (text, toks) = (ctx.text, ctx.toks);
        let model = ctx.g.speakers.as_deref();
        let w = &work[wi];
        let rankable =
            !matches!(w.kind, Some(Kind::Headline | Kind::Scare)) && first_tok != usize::MAX && last_tok != usize::MAX;
        let weigh = weighed(ctx, work, wi, (first_tok, last_tok));
        let ranked = rankable && (self.trace_on || model.is_some() && weigh);
        let (true, Some(ms)) = (ranked, ms) else {
            if self.trace_on {
                self.trace.push(Vec::new());
            }
            // A quote the gate leaves to the rules is still the one before
            // the next, as when it is traced for training.
            if rankable && model.is_some() {
                self.last = chosen;
            }
            return chosen;
        };
        let mut who = chosen;
        let site = sieves::Site::new(ctx, first_tok, last_tok);
        let rules = speakers::Rules {
            chosen,
            frame: w.matched.as_ref().map(|m| m.who),
            neighbour: w.borrowed.and_then(|b| work[b].matched.as_ref().map(|m| m.who)),
        };
        // The quote's clause, read once in a verb-second language: its
        // subject and the reported run it continues give candidates and
        // features.
        let (clause, speaking) = if ctx.g.verb_second {
            fields::read(ctx, &site)
        } else {
            (None, None)
        };
        let reporting = speakers::reporting(ctx, &site, clause.as_ref());
        let mut cands = speakers::candidates(ctx, ms, &site, &rules, !ctx.g.capitalises_nouns(), reporting);
        // Traced for training, a quote the gate leaves to the rules keeps
        // only their choice: it teaches the ranker nothing, as it is never
        // weighed, and scripts still score the rules' choice from it.
        if !weigh {
            cands.retain(|c| Some(c.span) == rules.chosen);
        }
        // A lone candidate wins unscored.
        if let ([only], false) = (&cands[..], self.trace_on) {
            self.last = Some(only.span);
            return self.last;
        }
        // Neighbouring quotes share candidates: resolve each phrase once.
        let resolved = &mut self.resolved;
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
        let previous = self
            .last
            .and_then(|w| resolved.entry(w).or_insert_with(|| ms.canonical(ctx, w.0, w.1)).clone());
        let previous = previous.as_deref();
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
                previous,
                any_rule: rules.chosen.is_some(),
                agrees: Some(c.span) != rules.chosen && name.is_some() && name == rule_canon,
                votes,
                clause,
                speaking,
                reporting,
            };
            speakers::features(ctx, ms, &site, c, &facts, out);
        };
        if self.trace_on {
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
            self.trace.push(traced);
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
        self.last = who;
        who
    }
}

/// Sets the speaker phrase `who` on the quote, with the rule chain's cue
/// when the phrase is the chain's choice, else `context` (the ranker's).
fn attach(ctx: &Ctx, q: &mut Quote, who: Option<(usize, usize)>, rule: Option<&((usize, usize), String)>) {
    let Some((lo, hi)) = who else {
        return;
    };
    let (s, e) = (ctx.toks[lo].start, ctx.toks[hi].end);
    q.speaker = Some(ctx.text[s..e].to_string());
    q.speaker_start = Some(s);
    q.speaker_end = Some(e);
    q.cue = Some(match rule {
        Some((r, cue)) if *r == (lo, hi) => cue.clone(),
        _ => "context".to_string(),
    });
}

#[cfg(test)]
mod tests {
    use super::{attach, reported, rule_choice, Ranking};
    use crate::extract::frames::FrameMatch;
    use crate::extract::sieves::tests::with_site;
    use crate::extract::{marks, Kind, Work};

    fn work(kind: Kind) -> Work {
        Work {
            pieces: vec![0],
            headline: false,
            title: false,
            unclosed: false,
            reopened: false,
            truncated: false,
            matched: None,
            borrowed: None,
            fallback: None,
            fallback_sieve: None,
            kind: Some(kind),
            features: Vec::new(),
        }
    }

    fn piece(start: usize, end: usize) -> marks::Piece {
        marks::Piece {
            open: start - 1,
            start,
            end,
            close: end + 1,
            closed: true,
            reopened: false,
            pair: 0,
            para: 0,
        }
    }

    /// "“We sail,” Jo Roe said.": the quote's token, then Jo Roe and the verb.
    const TEXT: &str = "“We sail,” Jo Roe said.\n";

    fn frame(ctx: &crate::extract::frames::Ctx, quote: usize) -> FrameMatch {
        let m = FrameMatch {
            frame: 0,
            who: (quote + 1, quote + 2),
            verb: Some(quote + 3),
            extent: (quote, quote + 3),
        };
        assert_eq!(
            (ctx.word(m.who.0), ctx.word(m.who.1), ctx.word(quote + 3)),
            ("Jo", "Roe", "said")
        );
        m
    }

    #[test]
    fn a_quote_is_reported_from_its_first_piece_to_its_last() {
        let text = "“We sail.”\n\n“At dawn.”\n";
        let (a, b) = (text.find("We").unwrap(), text.find("At").unwrap());
        let pieces = [piece(a, a + "We sail.".len()), piece(b, b + "At dawn.".len())];
        let mut w = work(Kind::Statement);
        w.pieces = vec![0, 1];
        let q = reported(text, &w, &pieces);
        assert_eq!(q.text, "We sail.”\n\n“At dawn.");
        assert_eq!(
            q.segments,
            [[pieces[0].start, pieces[0].end], [pieces[1].start, pieces[1].end]]
        );
        assert_eq!((q.kind, q.speaker, q.cue), (Kind::Statement, None, None));
    }

    #[test]
    fn the_rule_choice_is_the_frame_the_neighbours_frame_or_the_context() {
        with_site(TEXT, |ctx, site| {
            let mut own = work(Kind::Statement);
            own.matched = Some(frame(ctx, site.first));
            let mut borrower = work(Kind::Statement);
            borrower.borrowed = Some(0);
            let mut unframed = work(Kind::Statement);
            unframed.fallback = Some((site.first + 1, site.first + 2));
            let mut headline = work(Kind::Headline);
            headline.matched = own.matched.clone();
            let works = [own, borrower, unframed, headline];
            let said = Some(((site.first + 1, site.first + 2), "said".to_string()));
            assert_eq!(rule_choice(ctx, &works, 0), said);
            assert_eq!(rule_choice(ctx, &works, 1), said);
            let context = Some(((site.first + 1, site.first + 2), "context".to_string()));
            assert_eq!(rule_choice(ctx, &works, 2), context);
            assert_eq!(rule_choice(ctx, &works, 3), None);
        })
        .unwrap();
    }

    #[test]
    fn without_a_model_or_a_trace_the_rule_choice_stands() {
        with_site(TEXT, |ctx, site| {
            let works = [work(Kind::Statement)];
            let chosen = Some((site.first + 1, site.first + 2));
            let mut ranking = Ranking::default();
            assert_eq!(
                ranking.choose(ctx, None, &works, 0, (site.first, site.first), chosen),
                chosen
            );
            assert!(ranking.trace.is_empty());
            // Traced, a quote with no mentions to weigh gets an empty trace.
            let mut ranking = Ranking {
                trace_on: true,
                ..Ranking::default()
            };
            assert_eq!(
                ranking.choose(ctx, None, &works, 0, (site.first, site.first), chosen),
                chosen
            );
            assert_eq!(ranking.trace.len(), 1);
            assert!(ranking.trace[0].is_empty());
        })
        .unwrap();
    }

    #[test]
    fn a_traced_quote_lists_its_candidates_with_their_names() {
        with_site(TEXT, |ctx, site| {
            let ms = crate::extract::resolve::Mentions::new(ctx);
            let mut w = work(Kind::Statement);
            w.matched = Some(frame(ctx, site.first));
            let chosen = w.matched.as_ref().map(|m| m.who);
            let mut ranking = Ranking {
                trace_on: true,
                ..Ranking::default()
            };
            let who = ranking.choose(ctx, Some(&ms), &[w], 0, (site.first, site.first), chosen);
            assert_eq!(who, chosen);
            assert!(
                ranking.trace[0].iter().any(|c| c.speaker == "Jo Roe"),
                "{:?}",
                ranking.trace
            );
            assert_eq!(ranking.last, chosen);
        })
        .unwrap();
    }

    #[test]
    fn issue14_english_weighs_only_the_quotes_whose_rule_evidence_is_weak() {
        // Invented. Tokens: Jo(0) Roe(1) spoke(2) .(3) ... the quote last.
        let text = "Jo Roe spoke. It rained. We left. Dusk fell.\n\n“We sail.”\n";
        with_site(text, |ctx, site| {
            let weighs = |w: Work| super::weighed(ctx, &[w], 0, (site.first, site.first));
            let jo_roe = (0, 1);
            assert_eq!((ctx.word(0), ctx.word(1)), ("Jo", "Roe"));
            let mut framed = work(Kind::Statement);
            framed.matched = Some(FrameMatch {
                frame: 0,
                who: jo_roe,
                verb: None,
                extent: (0, site.first),
            });
            assert!(!weighs(framed));
            // No rule attributes it, or only a first name does.
            assert!(weighs(work(Kind::Statement)));
            let sieve = |name| {
                let mut w = work(Kind::Statement);
                w.fallback = Some(jo_roe);
                w.fallback_sieve = Some(name);
                w
            };
            assert!(weighs(sieve("first-name")));
            assert!(!weighs(sieve("verb-subject")));
            // The speaker of an attributed quote four sentences back.
            let mut borrowed = work(Kind::Statement);
            borrowed.fallback = Some(jo_roe);
            assert!(weighs(borrowed.clone()));
            let mut scare = borrowed;
            scare.kind = Some(Kind::Scare);
            assert!(!weighs(scare));
        })
        .unwrap();
        // One sentence back, the borrowed speaker stands.
        with_site("Jo Roe spoke.\n\n“We sail.”\n", |ctx, site| {
            let mut borrowed = work(Kind::Statement);
            borrowed.fallback = Some((0, 1));
            assert!(!super::weighed(ctx, &[borrowed], 0, (site.first, site.first)));
        })
        .unwrap();
    }

    #[test]
    fn issue14_german_weighs_every_quote_but_headlines_and_scare_quotes() {
        crate::extract::sieves::tests::with_site_in("de", "Jo Roe sagte: „Wir segeln.“\n", |ctx, site| {
            let mut framed = work(Kind::Statement);
            framed.matched = Some(FrameMatch {
                frame: 0,
                who: (0, 1),
                verb: Some(2),
                extent: (0, site.first),
            });
            assert!(super::weighed(ctx, &[framed], 0, (site.first, site.first)));
            assert!(!super::weighed(ctx, &[work(Kind::Scare)], 0, (site.first, site.first)));
        })
        .unwrap();
    }

    #[test]
    fn the_cue_is_the_rules_for_its_own_phrase_else_context() {
        with_site(TEXT, |ctx, site| {
            let span = (site.first + 1, site.first + 2);
            let rule = (span, "said".to_string());
            let mut q = reported(ctx.text, &work(Kind::Statement), &[piece(3, 11)]);
            attach(ctx, &mut q, Some(span), Some(&rule));
            assert_eq!((q.speaker.as_deref(), q.cue.as_deref()), (Some("Jo Roe"), Some("said")));
            assert_eq!(&ctx.text[q.speaker_start.unwrap()..q.speaker_end.unwrap()], "Jo Roe");
            attach(ctx, &mut q, Some((span.1, span.1)), Some(&rule));
            assert_eq!((q.speaker.as_deref(), q.cue.as_deref()), (Some("Roe"), Some("context")));
            let mut none = reported(ctx.text, &work(Kind::Statement), &[piece(3, 11)]);
            attach(ctx, &mut none, None, Some(&rule));
            assert_eq!(none.speaker, None);
        })
        .unwrap();
    }
}
