//! Finds quoted statements and their speakers in one article. Parsing never
//! fails: what cannot be read cleanly becomes a [`Diagnostic`] with a span.

mod frames;
pub mod kinds;
pub mod marks;
mod resolve;
mod sieves;
mod speakers;
pub(crate) mod tokens;

use serde::{Deserialize, Serialize};

use crate::grammar::{Element, Grammar, KindHint};
use frames::{Ctx, FrameMatch};
use sieves::{
    first_name_before, previous_sentence_speaker, previous_sentence_subject, sentence_subject, trailing_attribution,
};
use tokens::{Tok, Token};

/// What sort of quote a span is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A full quoted statement.
    Statement,
    /// A quoted fragment inside the writer's own sentence.
    Partial,
    /// A quoted term nobody is said to have said.
    Scare,
    /// A quote in the title.
    Headline,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Statement => "statement",
            Kind::Partial => "partial",
            Kind::Scare => "scare",
            Kind::Headline => "headline",
        }
    }
}

/// One quote found in an article. Offsets are UTF-8 byte offsets into the
/// article text; `text == article[start..end]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The pieces of a quote that runs over paragraphs or is interrupted
    /// by its attribution; one piece otherwise.
    pub segments: Vec<[usize; 2]>,
    pub kind: Kind,
    pub speaker: Option<String>,
    pub speaker_canonical: Option<String>,
    pub speaker_start: Option<usize>,
    pub speaker_end: Option<usize>,
    /// The speech verb, or the frame, that attributes the quote.
    pub cue: Option<String>,
    /// The intermediary the article cites for the quote.
    pub conduit: Option<String>,
}

/// The kinds of problem the extractor reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiagnosticKind {
    UnclosedQuote,
    TruncatedQuote,
    AmbiguousSpeaker,
}

/// A problem found while reading an article, with its byte span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub kind: DiagnosticKind,
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// What the extractor found in one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    pub quotes: Vec<Quote>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Splits text into paragraphs: non-blank lines, as byte ranges without
/// their line ending (`\n`, `\r\n`, or a lone `\r`).
pub fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut push = |s: usize, e: usize| {
        if !text[s..e].trim().is_empty() {
            out.push((s, e));
        }
    };
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        if i < start {
            continue; // the `\n` of a `\r\n`
        }
        push(start, i);
        start = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i + 2
        } else {
            i + 1
        };
    }
    push(start, text.len());
    out
}

/// Is this paragraph boilerplate under `g`?
pub fn is_boilerplate(g: &Grammar, para: &str) -> bool {
    if g.boilerplate_finders.is_empty() || para.len() > 300 {
        return false;
    }
    let mut lower = String::with_capacity(para.len());
    crate::grammar::push_lower(&mut lower, para);
    g.boilerplate_finders.iter().any(|f| f.find(lower.as_bytes()).is_some())
}

/// Is this paragraph markup, an embedded tweet or an HTML tag
/// (`<tweet id="…">…`)? Its quote marks delimit attribute values.
pub fn is_markup(para: &str) -> bool {
    let p = para.trim_start();
    p.strip_prefix('<')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') && rest.contains('>'))
}

fn same_title(para: &str, title: &str) -> bool {
    fn words(s: &str) -> Vec<&str> {
        s.trim().trim_end_matches(['.', ' ']).split_whitespace().collect()
    }
    let (t, p) = (title.trim(), para.trim());
    // Cheap rejection: texts this different in length cannot match.
    if t.is_empty() || p.len() > t.len() * 2 + 8 || t.len() > p.len() * 2 + 8 {
        return false;
    }
    let t = words(t);
    !t.is_empty() && words(para) == t
}

/// A quote while it is being attributed.
#[derive(Debug, Clone)]
struct Work {
    /// Indices into the piece list, in text order.
    pieces: Vec<usize>,
    headline: bool,
    /// The name of a show, book or film ("NBC’s “Today”"), not a quote.
    title: bool,
    /// Never closed, and run to the end of its paragraph.
    unclosed: bool,
    /// Never closed, and ended where the next quote opens (`"A. "B."`).
    reopened: bool,
    truncated: bool,
    matched: Option<FrameMatch>,
    /// Borrowed from a neighbouring quote (floating or interrupted quote).
    borrowed: Option<usize>,
    /// For a quote no frame attributes: the likeliest speaker in context.
    fallback: Option<(usize, usize)>,
    kind: Option<Kind>,
    /// The features the kind model read, kept only when training.
    features: Vec<String>,
}

/// Extracts quotes from articles with one grammar.
#[derive(Debug, Clone)]
pub struct Extractor {
    grammar: Grammar,
    marks: marks::MarkSet,
}

impl Extractor {
    pub fn new(grammar: Grammar) -> Self {
        let marks = marks::MarkSet::new(&grammar.marks);
        Extractor { grammar, marks }
    }

    pub fn grammar(&self) -> &Grammar {
        &self.grammar
    }

    /// Finds the quotes of one article. `title` marks headline quotes.
    pub fn extract(&self, text: &str, title: Option<&str>) -> Extraction {
        self.extract_traced(text, title, false).0
    }

    /// [`extract`](Self::extract), and when `trace` is set, the features
    /// the kind model reads for each quote found (see [`kinds`]), for
    /// training it.
    pub fn extract_traced(&self, text: &str, title: Option<&str>, trace: bool) -> (Extraction, Vec<Vec<String>>) {
        let (found, features, _) = self.run(text, title, trace, false);
        (found, features)
    }

    /// [`extract`](Self::extract), and for each quote found the
    /// candidates the speaker ranker weighs (see [`speakers`]), for
    /// training it; a quote the ranker does not see has none.
    pub fn extract_speaker_candidates(
        &self,
        text: &str,
        title: Option<&str>,
    ) -> (Extraction, Vec<Vec<SpeakerCandidate>>) {
        let (found, _, candidates) = self.run(text, title, false, true);
        (found, candidates)
    }

    #[allow(clippy::type_complexity)]
    fn run(
        &self,
        text: &str,
        title: Option<&str>,
        trace: bool,
        trace_speakers: bool,
    ) -> (Extraction, Vec<Vec<String>>, Vec<Vec<SpeakerCandidate>>) {
        let g = &self.grammar;
        let paras = paragraphs(text);
        let mut skip = vec![false; paras.len()];
        let mut headline = vec![false; paras.len()];
        for (i, &(s, e)) in paras.iter().enumerate() {
            let p = &text[s..e];
            if let Some(t) = title {
                if same_title(p, t) {
                    headline[i] = true;
                    continue;
                }
            }
            skip[i] = is_boilerplate(g, p) || is_markup(p);
        }
        let spans = marks::scan_with(text, &paras, &skip, &self.marks);
        let mut pieces: Vec<marks::Piece> = Vec::new();
        let mut work: Vec<Work> = Vec::new();
        for span in spans {
            let first = pieces.len();
            let n = span.pieces.len();
            let head = headline[span.pieces[0].para];
            let reopened = span.pieces.last().is_some_and(|p| p.reopened);
            pieces.extend(span.pieces);
            work.push(Work {
                pieces: (first..first + n).collect(),
                headline: head,
                title: false,
                unclosed: span.unclosed && !reopened,
                reopened,
                truncated: span.truncated,
                matched: None,
                borrowed: None,
                fallback: None,
                kind: None,
                features: Vec::new(),
            });
        }
        // Pieces come out grouped by quote; the tokenizer wants text order.
        let mut order: Vec<usize> = (0..pieces.len()).collect();
        order.sort_by_key(|&i| pieces[i].open);
        let ranges: Vec<(usize, usize)> = order.iter().map(|&i| (pieces[i].open, pieces[i].close)).collect();
        let toks = tokens::tokenize(text, &paras, &ranges, g);
        // Token index of each piece, and inner text by tokenizer piece index.
        let mut piece_tok = vec![usize::MAX; pieces.len()];
        for (ti, t) in toks.iter().enumerate() {
            if let Tok::Quote(k) = t.kind {
                piece_tok[order[k]] = ti;
            }
        }
        let inner: Vec<(usize, usize)> = order.iter().map(|&i| (pieces[i].start, pieces[i].end)).collect();
        let ctx = Ctx::new(text, &toks, g, &inner);

        let frame_needs: Vec<(bool, bool)> = g.frames.iter().map(needs_verb).collect();
        let mut diagnostics = Vec::new();
        for w in &mut work {
            let end_taken = if w.reopened {
                Some("end where the next quote opens")
            } else if w.unclosed {
                Some("run to the end of its paragraph")
            } else {
                None
            };
            if let Some(end_taken) = end_taken {
                let p = &pieces[*w.pieces.last().expect("piece")];
                diagnostics.push(Diagnostic {
                    kind: DiagnosticKind::UnclosedQuote,
                    start: p.open,
                    end: p.end,
                    message: format!(
                        "quote opened at byte {} is never closed; it is taken to {end_taken}",
                        p.open
                    ),
                });
            }
            if w.truncated {
                let p = &pieces[*w.pieces.last().expect("piece")];
                diagnostics.push(Diagnostic {
                    kind: DiagnosticKind::TruncatedQuote,
                    start: p.open,
                    end: p.end,
                    message: format!("unclosed quote at byte {} cut at {} bytes", p.open, marks::MAX_UNCLOSED),
                });
            }
            if w.headline {
                w.kind = Some(Kind::Headline);
                continue;
            }
            let first_tok = piece_tok[w.pieces[0]];
            let last_tok = piece_tok[*w.pieces.last().expect("piece")];
            if first_tok == usize::MAX {
                continue;
            }
            if w.pieces.len() == 1 && names_a_work(&ctx, first_tok) {
                w.title = true;
                continue;
            }
            // A frame whose V cannot be reached on its side is not tried.
            let verbs = (verb_reachable(&ctx, first_tok, -1), verb_reachable(&ctx, first_tok, 1));
            w.matched = g.frames.iter().enumerate().find_map(|(fi, f)| {
                let (needs_left, needs_right) = frame_needs[fi];
                let possible = (!needs_left || verbs.0) && (!needs_right || verbs.1);
                possible
                    .then(|| ctx.match_frame(fi, f, first_tok))
                    .flatten()
                    .or_else(|| {
                        (last_tok != first_tok)
                            .then(|| ctx.match_frame(fi, f, last_tok))
                            .flatten()
                    })
            });
        }

        for w in &mut work {
            if let Some(m) = &mut w.matched {
                if let Some(author) = author_of_medium(&ctx, m.who) {
                    m.who = author;
                }
            }
        }
        attach_neighbours(&ctx, &mut work, &piece_tok, &pieces);
        fallback_speakers(&ctx, &mut work, &piece_tok, &pieces);
        let quote_kinds: Vec<Kind> = work.iter().map(|w| classify(&ctx, w, &piece_tok, &pieces)).collect();
        for (w, k) in work.iter_mut().zip(quote_kinds) {
            w.kind = Some(k);
        }
        if trace {
            for w in &mut work {
                if !w.headline && !w.title {
                    let mut named = kinds::Named::default();
                    kind_features(&ctx, w, &piece_tok, &pieces, &mut named);
                    w.features = named.0;
                }
            }
        }

        let work = join_interrupted(&ctx, work, &piece_tok, &pieces);

        // Speakers: each attributed quote's phrase, then resolution.
        let model = g.speakers.as_deref();
        let ms = (model.is_some() || trace_speakers).then(|| resolve::Mentions::new(&ctx));
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
            if let (true, Some(ms)) = (ranked, &ms) {
                let site = sieves::Site::new(&ctx, first_tok, last_tok);
                let rules = speakers::Rules {
                    chosen: who,
                    frame: w.matched.as_ref().map(|m| m.who),
                    neighbour: w.borrowed.and_then(|b| work[b].matched.as_ref().map(|m| m.who)),
                };
                let cands = speakers::candidates(&ctx, ms, &site, &rules);
                // Neighbouring quotes share candidates: resolve each phrase once.
                let canon: Vec<Option<String>> = cands
                    .iter()
                    .map(|c| {
                        resolved
                            .entry(c.span)
                            .or_insert_with(|| ms.canonical(&ctx, c.span.0, c.span.1))
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
                    speakers::features(&ctx, ms, &site, c, &facts, out);
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
                previous = who.and_then(|w| {
                    resolved
                        .entry(w)
                        .or_insert_with(|| ms.canonical(&ctx, w.0, w.1))
                        .clone()
                });
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
        resolve::resolve(&ctx, &mut quotes, &who_spans, &mut diagnostics, ms.as_ref());
        conduits(&ctx, &mut quotes, &work, &piece_tok);
        diagnostics.sort_by_key(|d| (d.start, d.end));
        let features = if trace {
            work.into_iter().map(|w| w.features).collect()
        } else {
            Vec::new()
        };
        (Extraction { quotes, diagnostics }, features, speaker_trace)
    }
}

/// A speaker candidate of one quote, for training the speaker ranker:
/// its features, the phrase as written and what it resolves to.
#[derive(Debug, Clone)]
pub struct SpeakerCandidate {
    pub features: Vec<String>,
    /// The phrase's byte offsets.
    pub start: usize,
    pub end: usize,
    pub speaker: String,
    pub canonical: Option<String>,
}

/// Gives a quote with no frame of its own the speaker of a neighbour:
/// the second half of an interrupted quote, or a paragraph that is all
/// quote continuing the previous speaker.
fn attach_neighbours(ctx: &Ctx, work: &mut [Work], piece_tok: &[usize], pieces: &[marks::Piece]) {
    // The quote each quote token belongs to.
    let owner: std::collections::HashMap<usize, usize, crate::grammar::FastHash> = work
        .iter()
        .enumerate()
        .flat_map(|(k, w)| w.pieces.iter().map(move |&p| (piece_tok[p], k)))
        .collect();
    for i in 0..work.len() {
        if work[i].matched.is_some() || work[i].headline || work[i].title {
            continue;
        }
        let tok = piece_tok[work[i].pieces[0]];
        if tok == usize::MAX {
            continue;
        }
        // Only a quote that opens its sentence can float.
        let opens_sentence = tok == 0 || {
            let prev = ctx.toks[tok - 1];
            prev.ends_sentence() || prev.kind == Tok::Punct(':')
        };
        if !opens_sentence || !looks_like_statement(ctx, &work[i], pieces) {
            continue;
        }
        // "“…,” Jane Roe shot back.": its own attribution, verb unknown.
        let last = piece_tok[*work[i].pieces.last().expect("piece")];
        if trailing_attribution(ctx, last).is_some() {
            continue;
        }
        // "Jane Roe agreed. “…”": a lead-in sentence of its own, with no
        // quote in it, names the speaker (see `previous_sentence_speaker`).
        if tok >= 2 && ctx.toks[tok - 1].kind != Tok::Para {
            let (plo, _) = sentence_of(ctx, tok - 2);
            let quoteless = !(plo..tok - 1).any(|k| matches!(ctx.toks[k].kind, Tok::Quote(_)));
            if quoteless && previous_sentence_speaker(ctx, tok).is_some() {
                continue;
            }
        }
        if previous_sentence_subject(ctx, tok).is_some() {
            continue;
        }
        // The nearest earlier quote with a speaker, at most one paragraph back.
        let mut paras_back = 0;
        let mut j = tok;
        let mut found = None;
        while j > 0 {
            j -= 1;
            match ctx.toks[j].kind {
                Tok::Para => {
                    paras_back += 1;
                    if paras_back > 1 {
                        break;
                    }
                }
                Tok::Quote(_) => {
                    if let Some(k) = owner.get(&j).copied().filter(|&k| k < i) {
                        if work[k].matched.as_ref().is_some_and(|m| !loose_frame(ctx, m)) {
                            found = Some(k);
                        } else if let Some(b) = work[k].borrowed {
                            found = Some(b);
                        }
                        break;
                    }
                }
                _ => {}
            }
        }
        if found.is_none() {
            // Or the next quote in the same paragraph.
            let mut j = tok + 1;
            while j < ctx.toks.len() && ctx.toks[j].kind != Tok::Para {
                if let Tok::Quote(_) = ctx.toks[j].kind {
                    if let Some(k) = owner.get(&j).copied().filter(|&k| k > i) {
                        if work[k].matched.is_some() {
                            found = Some(k);
                        }
                    }
                    break;
                }
                j += 1;
            }
        }
        work[i].borrowed = found;
    }
}

/// Which sides of its Q a frame needs a speech verb on, where that verb
/// can only lie in the quote's own sentence: `(left, right)`. A side with a
/// sentence-ending punctuation literal (`Q ? S V`) may reach past the
/// sentence, so it is not counted.
fn needs_verb(f: &crate::grammar::Frame) -> (bool, bool) {
    let a = f.anchor();
    let side = |els: &[Element]| {
        let crosses = els.iter().any(
            |e| matches!(e, Element::Punct(c) if Token { kind: Tok::Punct(*c), start: 0, end: 0 }.ends_sentence()),
        );
        !crosses && els.iter().any(|e| matches!(e, Element::Verb))
    };
    (side(&f.elements[..a]), side(&f.elements[a + 1..]))
}

/// Is there a speech verb on side `dir` (-1 left, 1 right) of the quote
/// token `tok`, before the sentence ends? Leftwards this includes the
/// previous paragraph's lead-in ending in a colon, as frames do.
fn verb_reachable(ctx: &Ctx, tok: usize, dir: isize) -> bool {
    let n = ctx.toks.len() as isize;
    let mut p = tok as isize + dir;
    if dir < 0 && p >= 1 && ctx.toks[p as usize].kind == Tok::Para && ctx.toks[p as usize - 1].kind == Tok::Punct(':') {
        p -= 1;
    }
    while p >= 0 && p < n {
        let t = ctx.toks[p as usize];
        if t.ends_sentence() {
            return false;
        }
        if ctx.is_verb(p as usize) {
            return true;
        }
        p += dir;
    }
    false
}

/// Joins a quote interrupted by its own attribution into one quote with
/// two segments: “We stay,” the minister said. “We will not leave.” The
/// second half borrowed its speaker from the first, in the same paragraph,
/// and nothing but punctuation lies between the frame and it.
fn join_interrupted(ctx: &Ctx, work: Vec<Work>, piece_tok: &[usize], pieces: &[marks::Piece]) -> Vec<Work> {
    let continues = |w: &Work, i: usize, next: &Work| -> bool {
        let Some(m) = &w.matched else { return false };
        let (last, first) = (*w.pieces.last().expect("piece"), next.pieces[0]);
        let (lt, nt) = (piece_tok[last], piece_tok[first]);
        next.borrowed == Some(i)
            && next.kind == Some(Kind::Statement)
            && !w.unclosed
            && pieces[last].para == pieces[first].para
            && lt != usize::MAX
            && nt != usize::MAX
            && m.extent.0 == lt
            && m.extent.1 < nt
            && (m.extent.1 + 1..nt).all(|t| matches!(ctx.toks[t].kind, Tok::Punct(_)))
    };
    let mut map = Vec::with_capacity(work.len());
    let mut out: Vec<Work> = Vec::with_capacity(work.len());
    let mut joined_to: Option<usize> = None;
    for (i, w) in work.iter().enumerate() {
        if let Some(at) = joined_to.take() {
            out[at].pieces.extend_from_slice(&w.pieces);
            map.push(at);
            continue;
        }
        if work.get(i + 1).is_some_and(|next| continues(w, i, next)) {
            joined_to = Some(out.len());
        }
        map.push(out.len());
        out.push(w.clone());
    }
    for w in &mut out {
        w.borrowed = w.borrowed.map(|b| map[b]);
    }
    out
}

/// A frame that reaches its quote across a gap ("X said that … “…”")
/// says less about the quotes around it than an adjacent one.
fn loose_frame(ctx: &Ctx, m: &FrameMatch) -> bool {
    ctx.g.frames[m.frame]
        .elements
        .iter()
        .any(|e| matches!(e, crate::grammar::Element::Gap(_)))
}

/// A quote that reads as a sentence: several words, starting with a
/// capital or ending with sentence punctuation.
fn looks_like_statement(ctx: &Ctx, w: &Work, pieces: &[marks::Piece]) -> bool {
    let (s, e) = (pieces[w.pieces[0]].start, pieces[*w.pieces.last().expect("piece")].end);
    let t = ctx.text[s..e.max(s)].trim();
    let words = count_words(t);
    let capital = t.chars().next().is_some_and(char::is_uppercase);
    let ends = t.ends_with(['.', '!', '?', ',', '…', '—']);
    words >= 4 && (capital || ends)
}

fn classify(ctx: &Ctx, w: &Work, piece_tok: &[usize], pieces: &[marks::Piece]) -> Kind {
    if w.headline {
        return Kind::Headline;
    }
    if w.title {
        return Kind::Scare;
    }
    let (s, e) = (pieces[w.pieces[0]].start, pieces[*w.pieces.last().expect("piece")].end);
    let inner = ctx.text[s..e.max(s)].trim();
    let words = count_words(inner);
    let capital = inner.chars().next().is_some_and(char::is_uppercase);
    // Said or not is the kind model's choice where the language has one;
    // a long capitalised quote is somebody's words whoever said them.
    let said = ctx.g.kinds.as_deref().map(|model| {
        let mut h = kinds::Hashed::default();
        kind_features(ctx, w, piece_tok, pieces, &mut h);
        model.said(&mut h)
    });
    if said == Some(false) && !(words >= 12 && capital) {
        return Kind::Scare;
    }
    let tok = piece_tok[w.pieces[0]];
    let after_word = tok != usize::MAX && tok > 0 && {
        let prev = ctx.toks[tok - 1];
        prev.is_word() && !ctx.is_verb(tok - 1)
    };
    if let Some(m) = &w.matched {
        let hint = ctx.g.frames[m.frame].kind;
        return match hint {
            Some(KindHint::Statement) => Kind::Statement,
            Some(KindHint::Partial) => Kind::Partial,
            None if after_word || (!capital && words < 6) => Kind::Partial,
            None => Kind::Statement,
        };
    }
    if w.borrowed.is_some() {
        return Kind::Statement;
    }
    // Unattributed. News annotators count most quoted words as somebody's,
    // so only what is plainly a name, a title or a stray mark is a scare
    // quote: Title Case with no speech verb in the sentence, or a short
    // unclosed run.
    // A quote of several sentences is somebody's even when the article
    // does not say whose.
    let long = words >= 12 && capital;
    let rule_scare = w.unclosed && words <= 3
        || is_title_case(inner) && !sentence_has_verb(ctx, tok)
        || w.fallback.is_none() && !long;
    if said.is_none() && rule_scare {
        return Kind::Scare;
    }
    // A whole sentence in quotes is a statement however short it is.
    let own_sentence = tok != usize::MAX
        && (tok == 0 || ctx.toks[tok - 1].ends_sentence() || ctx.toks[tok - 1].kind == Tok::Punct(':'))
        && inner.ends_with(['.', '!', '?']);
    if capital && (words >= 6 && !after_word || own_sentence) {
        Kind::Statement
    } else {
        Kind::Partial
    }
}

/// The features the kind model reads (see [`kinds`]): the quote's shape,
/// how it was attributed, and the words around it.
fn kind_features(ctx: &Ctx, w: &Work, piece_tok: &[usize], pieces: &[marks::Piece], out: &mut impl kinds::Sink) {
    let (s, e) = (pieces[w.pieces[0]].start, pieces[*w.pieces.last().expect("piece")].end);
    let inner = ctx.text[s..e.max(s)].trim();
    let words = kinds::words_bucket(count_words(inner));
    let capital = inner.chars().next().is_some_and(char::is_uppercase);
    out.add("words", words);
    out.add(if capital { "capital" } else { "lower" }, words);
    if is_title_case(inner) {
        out.add("titlecase", words);
    }
    let letters = inner.chars().filter(|c| c.is_alphabetic());
    if inner.chars().filter(|c| c.is_alphabetic()).count() >= 2 && letters.clone().all(char::is_uppercase) {
        out.add("allcaps", "");
    }
    let mut buf = [0u8; 4];
    match inner.chars().next_back() {
        Some(c) if !c.is_alphanumeric() => out.add("end", c.encode_utf8(&mut buf)),
        _ => out.add("end", "word"),
    }
    if inner.contains(['@', '#']) {
        out.add("handle", "");
    }
    // The quote's own words: "I", "we", "will" say speech; "the" and a
    // lone noun say a term.
    // Repeats are dropped by the model and by training alike.
    let mut lower = String::new();
    for word in inner
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
    {
        lower.clear();
        // The same as lowercasing char by char, a byte at a time for
        // ASCII: char by char was a twentieth of extraction.
        crate::grammar::push_lower(&mut lower, word);
        out.add("qw", &lower);
    }
    match &w.matched {
        Some(m) => {
            out.add("frame", words);
            out.add(
                "hint",
                match ctx.g.frames[m.frame].kind {
                    Some(KindHint::Statement) => "statement",
                    Some(KindHint::Partial) => "partial",
                    None => "none",
                },
            );
        }
        None if w.borrowed.is_some() => out.add("borrowed", ""),
        None if w.fallback.is_some() => out.add("context", words),
        None => out.add("nobody", words),
    }
    if w.unclosed {
        out.add("unclosed", "");
    }
    if w.reopened {
        out.add("reopened", "");
    }
    if w.pieces.len() > 1 {
        out.add("pieces", "");
    }
    let (first, last) = (piece_tok[w.pieces[0]], piece_tok[*w.pieces.last().expect("piece")]);
    if first == usize::MAX {
        return;
    }
    let mut token = |name: &str, i: Option<usize>| {
        let mut buf = [0u8; 4];
        let value = match i.map(|i| (i, ctx.toks[i].kind)) {
            None => "START",
            Some((_, Tok::Para)) => "PARA",
            Some((_, Tok::Quote(_))) => "QUOTE",
            Some((_, Tok::Punct(c))) => c.encode_utf8(&mut buf),
            Some((i, _)) if ctx.is_verb(i) => {
                out.add(name, "VERB");
                ctx.lower(i)
            }
            Some((i, _)) => ctx.lower(i),
        };
        out.add(name, value);
    };
    token("prev", first.checked_sub(1));
    token("prev2", first.checked_sub(2));
    let after = last + 1;
    token("next", (after < ctx.toks.len()).then_some(after));
    if sentence_has_verb(ctx, first) {
        out.add("sentverb", words);
    }
    let opens = first == 0 || ctx.toks[first - 1].ends_sentence() || ctx.toks[first - 1].kind == Tok::Punct(':');
    if opens {
        out.add("opens", words);
    }
}

/// `s.split_whitespace().count()`, eight bytes at a time where the text
/// is ASCII: counted twice for every quote, the split took 3.6 % of the
/// instructions of `extract` on BBC.
fn count_words(s: &str) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = s.as_bytes();
    let mut words = 0;
    let mut after_space = true;
    let mut i = 0;
    while i < bytes.len() {
        // Eight ASCII bytes at once: each byte's top bit says whether it
        // is whitespace (' ' or '\t'..='\r'); a word starts at a byte
        // that is not, after one that is. No sum carries past a byte,
        // since every byte is under 0x80.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if x & HIGH == 0 {
                let t = x ^ (LOW * 0x20);
                let blank = !(((t & !HIGH) + !HIGH) | t) & HIGH;
                let control = (x + LOW * (0x80 - 0x09)) & !(x + LOW * (0x80 - 0x0e)) & HIGH;
                let space = blank | control;
                let before = (space << 8) | (u64::from(after_space) << 7);
                words += (!space & before & HIGH).count_ones() as usize;
                after_space = space >> 63 == 1;
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let (space, width) = if b.is_ascii() {
            (matches!(b, b' ' | b'\t'..=b'\r'), 1)
        } else {
            let c = s[i..].chars().next().expect("a char starts here");
            (c.is_whitespace(), c.len_utf8())
        };
        words += usize::from(!space && after_space);
        after_space = space;
        i += width;
    }
    words
}

/// Does the quote at token `tok` name a work: a short Title Case span right
/// after a possessive ("NBC’s “Today”") or a `[media]` word ("the book
/// “Tough Choices.”")?
fn names_a_work(ctx: &Ctx, tok: usize) -> bool {
    let Tok::Quote(k) = ctx.toks[tok].kind else {
        return false;
    };
    if tok == 0 || !ctx.toks[tok - 1].is_word() {
        return false;
    }
    let (s, e) = ctx.inner[k];
    let inner = ctx.text[s..e].trim().trim_end_matches(['.', ',', '!', '?']);
    let prev = ctx.lower(tok - 1);
    let after_possessive = prev.ends_with("’s") || prev.ends_with("'s");
    let after_media = ctx.flags(tok - 1) & crate::grammar::lex::MEDIA != 0;
    (after_possessive || after_media) && inner.chars().next().is_some_and(char::is_uppercase) && is_title_case(inner)
}

/// Every word that has letters starts with a capital, short function
/// words aside: "The Wall Street Journal", "Shark Tank".
fn is_title_case(s: &str) -> bool {
    // Counted as they come: most quotes run past eight words, and
    // collecting each one's words first was a few percent of extraction.
    let mut words = 0;
    let mut caps = 0;
    for w in s.split_whitespace() {
        words += 1;
        if words > 8 {
            return false;
        }
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = w.chars().next() else { continue };
        if first.is_uppercase() {
            caps += 1;
        } else if first.is_alphabetic() && w.len() > 3 {
            return false;
        }
    }
    caps > 0 && !s.trim_end().ends_with(['.', '!', '?', ','])
}

/// The token range of the sentence that holds token `tok`.
/// A quote that closes its own sentence ends it there too: in "… an
/// “outlaw nation.” Russia insisted …" the next sentence is Russia's.
fn sentence_of(ctx: &Ctx, tok: usize) -> (usize, usize) {
    let toks = ctx.toks;
    let mut lo = tok;
    while lo > 0 && !toks[lo - 1].ends_sentence() && !ctx.quote_ends_sentence(lo - 1) {
        lo -= 1;
    }
    let mut hi = tok;
    while hi + 1 < toks.len() && !toks[hi + 1].ends_sentence() && !ctx.quote_ends_sentence(hi) {
        hi += 1;
    }
    (lo, hi)
}

fn sentence_has_verb(ctx: &Ctx, tok: usize) -> bool {
    if tok == usize::MAX {
        return false;
    }
    let (lo, hi) = sentence_of(ctx, tok);
    (lo..=hi).any(|i| ctx.is_verb(i))
}

/// "Jane Roe issued a statement saying “…”": a speaker phrase that is an
/// indefinite speech noun ("a statement", "a letter") names the medium;
/// the speaker is the one who issued it, the subject of the sentence.
fn author_of_medium(ctx: &Ctx, (lo, hi): (usize, usize)) -> Option<(usize, usize)> {
    use crate::grammar::lex;
    let medium = ctx.flags(lo) & lex::INDEFINITE != 0
        && ctx.flags(hi) & lex::SPEECH_NOUN != 0
        && ctx.flags(hi) & lex::AGENT == 0
        && !(lo..=hi).any(|i| ctx.is_cap(i));
    if !medium {
        return None;
    }
    let (start, _) = sentence_of(ctx, lo);
    sentence_subject(ctx, start, lo)
        .or_else(|| first_name_before(ctx, start, lo))
        .filter(|&(_, b)| b < lo)
}

/// Could the lowercase word at `i` be a finite verb: a speech verb, an
/// auxiliary, or a past or third-person form?
pub(super) fn verb_like(ctx: &Ctx, i: usize) -> bool {
    if !ctx.toks[i].is_word() || ctx.word(i).starts_with(char::is_uppercase) {
        return false;
    }
    let w = ctx.word(i);
    // A one-letter ending doubled ("-ss") or a possessive is no verb form.
    let ends =
        |e: &String| w.ends_with(e.as_str()) && !(e.len() == 1 && w.ends_with(&e.repeat(2))) && !frames::possessive(w);
    ctx.is_verb(i)
        || ctx.flags(i) & crate::grammar::lex::AUXILIARY != 0
        || w.len() > 3 && ctx.g.verb_endings.iter().any(ends)
}

/// Is the lowercase word at `i` a past form by the grammar's verb endings?
/// Only endings of more than one letter count: "-s" ends plural nouns too.
pub(super) fn past_like(ctx: &Ctx, i: usize) -> bool {
    let w = ctx.word(i);
    w.len() > 3
        && !w.starts_with(char::is_uppercase)
        && ctx
            .g
            .verb_endings
            .iter()
            .any(|e| e.len() > 1 && w.ends_with(e.as_str()))
}

/// Does a lowercase preposition stand right before token `j` ("in
/// Portsmouth", "by Joe Roe")? A name there is no sentence subject.
pub(super) fn after_preposition(ctx: &Ctx, j: usize) -> bool {
    j > 0
        && ctx.toks[j - 1].is_word()
        && !ctx.word(j - 1).starts_with(char::is_uppercase)
        && ctx.flags(j - 1) & crate::grammar::lex::PREPOSITION != 0
}

/// Is the phrase `a..=b` one capitalised word that the article also writes
/// in lowercase: a sentence opener ("Outside", "Casting"), not a name?
fn mere_opener(ctx: &Ctx, a: usize, b: usize) -> bool {
    let main_end = (a..=b)
        .find(|&i| ctx.toks[i].kind == Tok::Punct(','))
        .map_or(b, |c| c - 1);
    a == main_end && ctx.is_cap(a) && (ctx.written_lowercase(a) || !ctx.written_mid_sentence(a))
}

/// Finds a speaker for each quote that no frame and no neighbour
/// attributes: the subject of a speech verb in its sentence, else the
/// speaker of the nearest attributed quote around it.
fn fallback_speakers(ctx: &Ctx, work: &mut [Work], piece_tok: &[usize], pieces: &[marks::Piece]) {
    let whos: Vec<Option<(usize, usize)>> = work
        .iter()
        .map(|w| {
            w.matched
                .as_ref()
                .map(|m| m.who)
                .or_else(|| w.borrowed.and_then(|b| work[b].matched.as_ref().map(|m| m.who)))
        })
        .collect();
    let para = |w: &Work| pieces[w.pieces[0]].para;
    // For each quote, the nearest attributed quote before and after it.
    let mut prev_who = vec![None; work.len()];
    let mut last = None;
    for (i, w) in whos.iter().enumerate() {
        prev_who[i] = last;
        if w.is_some() {
            last = Some(i);
        }
    }
    let mut next_who = vec![None; work.len()];
    let mut last = None;
    for (i, w) in whos.iter().enumerate().rev() {
        next_who[i] = last;
        if w.is_some() {
            last = Some(i);
        }
    }
    for i in 0..work.len() {
        if whos[i].is_some() || work[i].headline || work[i].title {
            continue;
        }
        let tok = piece_tok[work[i].pieces[0]];
        if tok == usize::MAX {
            continue;
        }
        let last = piece_tok[*work[i].pieces.last().expect("piece")];
        let site = sieves::Site::new(ctx, tok, last);
        let mut found = sieves::first(ctx, &site).map(|(_, who)| who);
        if found.is_none() {
            // The nearest attributed quote at most a paragraph back, else
            // the next one in the paragraph, else the nearest before.
            let p = para(&work[i]);
            let (before, after) = (prev_who[i], next_who[i]);
            // A quote between that one and this one whose speaker the
            // context gave is nearer: "X now said Trump had “…”. / “…”".
            let nearer = (i > 0 && before.is_none_or(|k| k < i - 1))
                .then(|| i - 1)
                .filter(|&k| para(&work[k]) + 1 >= p && !work[k].headline && !work[k].title)
                .and_then(|k| work[k].fallback);
            found = nearer.or_else(|| {
                before
                    .filter(|&k| para(&work[k]) + 1 >= p)
                    .or(after.filter(|&k| para(&work[k]) == p))
                    .or(before)
                    .and_then(|k| whos[k])
            });
        }
        work[i].fallback = found;
    }
}

/// Finds the conduit of each attributed quote: a cue in the sentence of
/// the quote or of its speaker, or in the sentence before.
fn conduits(ctx: &Ctx, quotes: &mut [Quote], work: &[Work], piece_tok: &[usize]) {
    if ctx.g.conduits.is_empty() {
        return;
    }
    for (q, w) in quotes.iter_mut().zip(work) {
        if q.speaker.is_none() {
            continue;
        }
        let tok = piece_tok[w.pieces[0]];
        if tok == usize::MAX {
            continue;
        }
        let (lo, hi) = sentence_window(ctx.toks, tok);
        // A cue whose words are not around cannot match: skip it.
        let near = lo.saturating_sub(CUE_REACH)..=(hi + CUE_REACH).min(ctx.toks.len() - 1);
        let around: Vec<&str> = near
            .filter(|&j| ctx.toks[j].is_word() && ctx.flags(j) & crate::grammar::lex::CUE_WORD != 0)
            .map(|j| ctx.lower(j))
            .collect();
        let possible: Vec<bool> = ctx
            .g
            .conduits
            .iter()
            .map(|f| {
                f.elements.iter().any(|e| matches!(e, Element::Gap(_)))
                    || f.elements.iter().all(|e| match e {
                        Element::Word(w) => around.contains(&w.as_str()),
                        _ => true,
                    })
            })
            .collect();
        if !possible.contains(&true) {
            continue;
        }
        'found: for i in lo..=hi {
            if !ctx.toks[i].is_word() || !ctx.is_cap(i) {
                continue;
            }
            let Some(phrase) = ctx.conduit_phrase(i) else { continue };
            for (fi, f) in ctx.g.conduits.iter().enumerate() {
                if !possible[fi] {
                    continue;
                }
                if let Some(m) = ctx.match_frame_with(fi, f, i, Some(phrase)) {
                    let (a, mut b) = m.who;
                    // The name alone, not an apposition or a clause after it:
                    // "according to ProPublica, Clinton praised her …".
                    if let Some(c) = (a..=b).find(|&k| ctx.toks[k].kind == Tok::Punct(',')) {
                        b = c.saturating_sub(1).max(a);
                    }
                    if a < lo || b > hi {
                        continue;
                    }
                    let s = ctx.toks[a].start;
                    let e = ctx.toks[b].end;
                    let name = ctx.text[s..e].trim_start_matches("the ").to_string();
                    if q.speaker.as_deref() != Some(ctx.text[s..e].as_ref()) {
                        q.conduit = Some(name);
                        break 'found;
                    }
                }
            }
        }
    }
}

/// How far outside its window a gapless conduit cue's words can lie.
const CUE_REACH: usize = 16;

/// The token window of the sentence holding `tok` and the one before it,
/// within its paragraph: a source named in the paragraph before is that
/// paragraph's quote's, not this one's.
fn sentence_window(toks: &[Token], tok: usize) -> (usize, usize) {
    let mut lo = tok;
    let mut ends = 0;
    while lo > 0 {
        let t = toks[lo - 1];
        if matches!(t.kind, Tok::Para) {
            break;
        }
        if t.ends_sentence() {
            ends += 1;
            if ends == 2 {
                break;
            }
        }
        lo -= 1;
    }
    let mut hi = tok;
    while hi + 1 < toks.len() && !toks[hi + 1].ends_sentence() {
        hi += 1;
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extract(text: &str) -> Vec<Quote> {
        Extractor::new(Grammar::builtin("en").unwrap())
            .extract(text, None)
            .quotes
    }

    fn german_speakers(text: &str) -> Vec<(Option<String>, Option<String>)> {
        Extractor::new(Grammar::builtin("de").unwrap())
            .extract(text, None)
            .quotes
            .into_iter()
            .map(|q| (q.speaker, q.speaker_canonical))
            .collect()
    }

    #[test]
    fn a_speaker_phrase_that_ends_the_text_with_a_possessive_is_no_panic() {
        // Found by `props::de_quote_soup`: the name run's possessor was
        // the last token, and the word after it was looked up.
        let text = "‹‹Ana“‟ ‟“‟Ana's";
        german_speakers(text);
        extract(text);
    }

    #[test]
    fn count_words_counts_as_split_whitespace_does() {
        for s in [
            "",
            " ",
            "one",
            "  two  words ",
            "tab\tand\nnew\x0bline\x0c\rfeed",
            "no\u{00a0}break\u{2003}em\u{3000}ideo\u{85}nel x\u{200b}zero-width",
            "İstanbul’s 2nd café—naïve",
            "eight by eight: a longer line, of words and  double  spaces\tand\ttabs, past one chunk",
            "        ",
            "abcdefgh        ijklmnop",
            "x\u{00a0}abcdefgh ijk lmnop\u{2003}qrstuvwx yz",
        ] {
            assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
        }
        // Every ASCII byte, at every place in a chunk and across chunks.
        for b in 0..0x80u8 {
            for at in 0..17 {
                let mut v = b"ab cd efgh ijklmnop qr".to_vec();
                v[at] = b;
                let s = std::str::from_utf8(&v).unwrap();
                assert_eq!(count_words(s), s.split_whitespace().count(), "{s:?}");
            }
        }
    }

    #[test]
    fn a_german_noun_after_an_article_is_no_name() {
        // "mit den Worten": "Worten" follows an article, so it is a common
        // noun, not a name; the speaker is the subject, Berger.
        let s = german_speakers(
            "Die Ministerin Anna Berger besuchte am Montag die Werft. Berger beschrieb den Besuch mit den Worten: „Hier entsteht die Zukunft.“\n",
        );
        assert_eq!(s.len(), 1, "{s:?}");
        assert_eq!(s[0].1.as_deref(), Some("Anna Berger"), "{s:?}");
    }

    #[test]
    fn a_german_noun_after_a_subject_article_heads_a_description() {
        let s = german_speakers("Die Feuerwehr bestätigte den Einsatz: „Niemand wurde verletzt.“\n");
        assert_eq!(s[0].1.as_deref(), Some("Feuerwehr"), "{s:?}");
    }

    #[test]
    fn a_german_subject_after_the_verb() {
        // Verb second: an opening phrase, the speech verb, then its subject.
        let s = german_speakers("Am Abend betonte Bürgermeister Paul Hagen, die Stadt sei „gut vorbereitet“.\n");
        assert_eq!(s[0].1.as_deref(), Some("Bürgermeister Paul Hagen"), "{s:?}");
    }

    #[test]
    fn issue14_a_german_prepositional_phrase_opening_the_sentence_is_no_subject() {
        // Verb second: "Gegenüber NDR Info" fills the place before the
        // verb, so the subject is the pronoun after it.
        let s = german_speakers(
            "Der Bürgermeister Heiner Falldorf war dort. Gegenüber NDR Info äußerte er sich mit den Worten: „Das ist ein Anfang.“\n",
        );
        assert_eq!(s[0].0.as_deref(), Some("er"), "{s:?}");
        assert_eq!(s[0].1.as_deref(), Some("Bürgermeister Heiner Falldorf"), "{s:?}");
        let s = german_speakers("In einer Erklärung betonte Hans Müller: „Wir bleiben dabei.“\n");
        assert_eq!(s[0].0.as_deref(), Some("Hans Müller"), "{s:?}");
    }

    #[test]
    fn issue14_a_german_colon_lead_takes_the_subject_after_the_verb_not_the_fronted_phrase() {
        // The sieves alone (the ranker weighs their choice among others).
        let mut g = Grammar::builtin("de").unwrap();
        g.speakers = None;
        let q = Extractor::new(g)
            .extract(
                "In einer Erklärung betonte die SPD: „Wir stehen zu dem Beschluss.“\n",
                None,
            )
            .quotes;
        assert_eq!(q[0].speaker_canonical.as_deref(), Some("SPD"), "{q:?}");
    }

    /// German speakers chosen by the frames and sieves alone.
    fn german_sieve_speakers(text: &str) -> Vec<(Option<String>, Option<String>)> {
        let mut g = Grammar::builtin("de").unwrap();
        g.speakers = None;
        Extractor::new(g)
            .extract(text, None)
            .quotes
            .into_iter()
            .map(|q| (q.speaker, q.speaker_canonical))
            .collect()
    }

    #[test]
    fn issue14_a_german_description_after_the_verb() {
        // "der", "die" open a speaker phrase; a title with no name after it
        // ("Minister", "Sprecher") heads one.
        for (text, who) in [
            (
                "Er trat zurück. „Ich bin zu alt“, sagte der Papst. Dann ging er.\n",
                "der Papst",
            ),
            ("Die Kosten stiegen. „Wir zahlen nicht“, so die FIFA.\n", "die FIFA"),
            (
                "Die Kosten stiegen. „Wir zahlen nicht“, sagte der Minister.\n",
                "der Minister",
            ),
            (
                "Die Kosten stiegen. „Wir zahlen nicht“, sagte eine Sprecherin.\n",
                "eine Sprecherin",
            ),
            (
                "Die Kosten stiegen. Der Minister sagte: „Wir zahlen nicht.“\n",
                "Der Minister",
            ),
        ] {
            let s = german_sieve_speakers(text);
            assert_eq!(s[0].0.as_deref(), Some(who), "{text}: {s:?}");
        }
    }

    #[test]
    fn issue14_a_german_name_after_a_pronoun_and_a_verb_is_no_common_noun() {
        // "Diese hatte Hartmann": "Diese" is a pronoun there, not the
        // article of a noun "Hartmann"; the name stays a name.
        let s = german_sieve_speakers(
            "Swantje Hartmann trat zurück. Diese hatte Hartmann selbst verlangt. Dazu erklärte Hartmann: „Ich gehe.“\n",
        );
        assert_eq!(s[0].1.as_deref(), Some("Swantje Hartmann"), "{s:?}");
    }

    #[test]
    fn issue14_german_source_frames() {
        for (text, who) in [
            ("Der Antrag kam. In dem Antrag heißt es wörtlich: „Wir fordern mehr.“\n", "dem Antrag"),
            ("Der Preis ging an sie. „Sie hat viel getan“, heißt es in der Erklärung.\n", "der Erklärung"),
            (
                "Die Kosten liegen bei 765 Millionen Euro und seien „mit Vorsicht zu genießen“, da es mehr kosten könne, so die FIFA.\n",
                "die FIFA",
            ),
            ("Man könne laut Klinikdirektor Hans Beck „jetzt Paaren helfen“.\n", "Klinikdirektor Hans Beck"),
            (
                "Die Lage ist ernst. Ein Sender zitierte Papandreou mit den Worten: „Ich gehe.“\n",
                "Papandreou",
            ),
        ] {
            let s = german_sieve_speakers(text);
            assert_eq!(s[0].0.as_deref(), Some(who), "{text}: {s:?}");
        }
    }

    #[test]
    fn issue14_the_finite_part_of_a_german_separable_verb_of_saying() {
        // "gab … bekannt": the subject after the verb leads the quote in.
        let s =
            german_sieve_speakers("Die Lage ist ernst. Dazu gab das Ministerium weiter bekannt: „Wir prüfen das.“\n");
        assert_eq!(s[0].0.as_deref(), Some("das Ministerium"), "{s:?}");
    }

    #[test]
    fn paragraphs_end_at_any_line_ending() {
        let text = "one\rtwo\r\nthree\n\r\nfour";
        let p: Vec<&str> = paragraphs(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(p, ["one", "two", "three", "four"]);
    }

    #[test]
    fn interrupted_quote_is_one_quote_in_two_segments() {
        let text = "Intro line.\n\n“We stay,” the minister said. “We will not leave.”\n\n“Later,” she said.\n";
        let q = extract(text);
        assert_eq!(q.len(), 2, "{q:?}");
        let (a, b) = ("We stay,", "We will not leave.");
        let (sa, sb) = (text.find(a).unwrap(), text.find(b).unwrap());
        assert_eq!(q[0].segments, [[sa, sa + a.len()], [sb, sb + b.len()]]);
        assert_eq!((q[0].start, q[0].end), (sa, sb + b.len()));
        assert_eq!(q[0].text, "We stay,” the minister said. “We will not leave.");
        assert_eq!(q[0].speaker.as_deref(), Some("the minister"));
    }

    #[test]
    fn markup_paragraphs_yield_no_quotes() {
        let text = "Intro line here.\n\n<post id=\"123\" author=\"@someone\">Plain words “and a quote” inside.</post>\n\n“We are ready for this,” Ann Lee said.\n";
        let q = extract(text);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].text, "We are ready for this,");
        assert!(is_markup("  <div class=\"x\">"));
        assert!(!is_markup("<3 words > here"));
    }

    #[test]
    fn titles_of_works_are_not_statements() {
        let text = "Intro line here.\n\n“It is nonsense,” Ann Lee said on the Channel Nine’s “Morning Roundup.” She later wrote a book, the book “Quiet Days,” about it.\n";
        let q = extract(text);
        let kinds: Vec<(&str, Kind)> = q.iter().map(|q| (q.text.as_str(), q.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("It is nonsense,", Kind::Statement),
                ("Morning Roundup.", Kind::Scare),
                ("Quiet Days,", Kind::Scare)
            ]
        );
        assert_eq!(q[1].speaker, None);
    }

    fn speakers(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        extract(text)
            .into_iter()
            .map(|q| (q.text, q.speaker, q.speaker_canonical))
            .collect()
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
    fn issue14_a_name_and_verb_after_a_quoted_noun_phrase_are_a_relative_clause() {
        // "the “new deal” the Labour Party had promised": not the Labour
        // Party's words, nor is it the speaker of the next quote.
        let q = speakers("Intro line.\n\nGreen spokesman Tom Hale meanwhile said instead of the “new deal” the Labour Party had promised, there had been “chaos”.\n");
        let who: Vec<_> = q.iter().map(|q| q.2.as_deref()).collect();
        assert_eq!(who, [Some("Tom Hale"), Some("Tom Hale")]);
        // A quote that punctuation inside its marks closes is no noun
        // phrase: the name after it is its attribution.
        let q = speakers("Intro line.\n\nShe will play the “woman card,” Ada Birch said.\n");
        assert_eq!(q[0].2.as_deref(), Some("Ada Birch"));
    }

    #[test]
    fn issue14_a_passive_with_as_names_its_speaker_after_by() {
        let q = speakers(
            "Intro line.\n\nHer remarks have been described as “reckless” and “cruel” by the Teachers Union.\n",
        );
        let who: Vec<_> = q.iter().map(|q| q.2.as_deref()).collect();
        assert_eq!(who, [Some("Teachers Union"), Some("Teachers Union")]);
    }

    #[test]
    fn issue14_branded_and_british_spellings_are_speech_verbs() {
        // The subject of "branded", not the medium of the sentence before.
        let q = speakers("Intro line.\n\nIt was the law, she told Radio Kent. Leaked papers suggest former minister Tom Hale branded the new hours as a “leap in the dark”.\n");
        assert_eq!(q[0].2.as_deref(), Some("Tom Hale"));
        let q = speakers("Intro line.\n\nThe plan was branded “a disgrace” by Tom Hale, the union leader.\n");
        assert_eq!(q[0].2.as_deref(), Some("Tom Hale"));
    }

    #[test]
    fn a_new_sentence_after_a_closed_quote_is_not_its_attribution() {
        let text = "Intro line here.\n\n“It is a sad day,” Ana Ruiz told reporters. “This is the result of the plan.” Mayor Ilse Tarn said she would resign.\n\n“We will rebuild.” Mayor Ilse Tarn said.\n";
        let got: Vec<Option<String>> = speakers(text).into_iter().map(|(_, s, _)| s).collect();
        assert_eq!(
            got,
            [
                Some("Ana Ruiz".into()),
                Some("Ana Ruiz".into()),
                Some("Mayor Ilse Tarn".into())
            ]
        );
    }

    #[test]
    fn parenthetical_after_a_name_stays_in_the_speaker() {
        let q = speakers("Intro line.\n\n“We will vote no,” Rep. Jane Roe (D-Ore.) said.\n");
        assert_eq!(q[0].1.as_deref(), Some("Rep. Jane Roe (D-Ore.)"));
        assert_eq!(q[0].2.as_deref(), Some("Jane Roe"));
    }

    #[test]
    fn auxiliaries_between_speaker_and_verb() {
        let q = speakers("Intro line.\n\n“It was a mistake,” Tom Reyes has also said.\n\nMary Ode had earlier said that the plan was “a disaster for everyone.”\n");
        assert_eq!(q[0].1.as_deref(), Some("Tom Reyes"));
        assert_eq!(q[1].1.as_deref(), Some("Mary Ode"));
    }

    #[test]
    fn apposition_with_an_age_or_a_plain_description() {
        let q = speakers("Intro line.\n\nPaul Nam, 31, a local baker, said the rule was “a burden on us all.”\n\nAnna Berg, associate professor of law at a college, compared it to a “slow-motion crash” in court.\n");
        assert_eq!(q[0].2.as_deref(), Some("Paul Nam"));
        assert_eq!(q[1].2.as_deref(), Some("Anna Berg"));
    }

    #[test]
    fn plain_words_before_a_name() {
        let q = speakers("Intro line.\n\n“It is a yellow light,” said election lawyer Joe Bark.\n\n“Her plan fails,” the presumptive Green nominee wrote.\n");
        assert_eq!(q[0].1.as_deref(), Some("election lawyer Joe Bark"));
        assert_eq!(q[0].2.as_deref(), Some("Joe Bark"));
        assert_eq!(q[1].1.as_deref(), Some("the presumptive Green nominee"));
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
    fn a_determiner_and_plain_nouns_after_a_speech_verb() {
        let q = speakers("Intro line.\n\n“It is hard to come back,” said the designer, who works for a rival.\n");
        assert_eq!(q[0].1.as_deref(), Some("the designer, who works for a rival"));
    }

    #[test]
    fn a_capitalised_opener_never_written_mid_sentence_is_no_name() {
        let q = speakers(
            "Intro line.\n\nHours later, Tod Mays returned the favour, telling a radio host “we are friends.”\n",
        );
        assert_eq!(q[0].2.as_deref(), Some("Tod Mays"));
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
    fn subject_after_an_opening_clause() {
        let q =
            speakers("Intro line.\n\nIn Iowa on Monday, Jane Roe, a teacher, compared the plan to “a slow leak.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Jane Roe"));
        // "Outside" opens the sentence; the article writes it lowercase too.
        let q = speakers(
            "Intro line.\n\nThey waited outside.\n\nOutside the hall, Mark Dale kept chanting “not our town.”\n",
        );
        assert_eq!(q[0].2.as_deref(), Some("Mark Dale"));
    }

    #[test]
    fn a_plain_word_after_a_name_is_a_verb_unless_a_role_follows() {
        let q = speakers("Intro line.\n\nLater, Tod Mays pressed Ann Vole on the “open question” of taxes.\n\n“It is done,” Senate minority leader Harry Reid said.\n");
        assert_eq!(q[0].2.as_deref(), Some("Tod Mays"));
        assert_eq!(q[1].1.as_deref(), Some("Senate minority leader Harry Reid"));
    }

    #[test]
    fn the_author_of_a_statement_is_its_speaker() {
        let q =
            speakers("Intro line.\n\nGroup head Mia Long issued a statement saying the vote “has no place here.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Mia Long"));
    }

    #[test]
    fn a_name_and_a_verb_after_a_comma_are_a_clause_not_an_apposition() {
        let q = speakers(
            "Intro line.\n\nHere in Dover, Sam Berg stepped up his attacks, saying, “We will win this state.”\n",
        );
        assert_eq!(q[0].2.as_deref(), Some("Sam Berg"));
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
    fn any_apposition_closed_by_a_comma_after_a_name_before_the_verb() {
        let q = speakers("Intro line.\n\n“I was lucky,” Mr. Dane Moll, now 81 and retired in Cambridge, Mass., said by telephone.\n\nJo Wills, of Springfield, Va., said he had fought “for the rights we did not have.”\n\nIn Berea, after winning the primary, Gov. Kim Aster (R-OH), said, “We are going all the way.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Dane Moll"));
        assert_eq!(q[1].2.as_deref(), Some("Jo Wills"));
        assert_eq!(q[2].2.as_deref(), Some("Kim Aster"));
    }

    #[test]
    fn a_name_inside_an_apposition_is_not_the_speaker() {
        // Not "Ray Holt, with whom …": the participle's subject is Bo Tan.
        let q = speakers("Intro line.\n\nBo Tan, the former governor, attacked Ray Holt, with whom he clashed at the debate, calling him a “loser.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Bo Tan"));
    }

    #[test]
    fn a_document_is_a_speaker_that_names_no_person() {
        // "report" is also a verb's bare form; here it is the noun.
        let q = speakers("Intro line.\n\nSenator Ada Moss led the inquiry.\n\n“The system was hacked,” the congressional report said.\n");
        assert_eq!(q[0].1.as_deref(), Some("the congressional report"));
        assert_eq!(q[0].2, None);
    }

    #[test]
    fn what_someone_called_beats_a_later_said() {
        let q = speakers("Intro line.\n\nIn 2009, under what Mr. Hedge called “the prior economy model,” the club, a course in Ponte Vedra Beach, Fla., charged members more.\n");
        assert_eq!(q[0].1.as_deref(), Some("Mr. Hedge"));
    }

    #[test]
    fn a_long_quote_with_no_speaker_is_still_a_statement() {
        let q = extract("Intro line.\n\nTranscript as follows:\n\n“Tonight we arrived in the city, and we went to a restaurant, and people started to cheer.”\n");
        assert_eq!(q[0].kind, Kind::Statement);
    }

    #[test]
    fn a_name_after_an_object_verb_is_not_the_speaker() {
        let q = speakers(
            "Intro line.\n\nBack in 1999, Mr. Vane praised the deal, telling Channel Nine: “He is a great seller.”\n",
        );
        assert_eq!(q[0].2.as_deref(), Some("Vane"));
    }

    #[test]
    fn a_colon_lead_in_gives_the_name_before_it_or_its_subject() {
        let q = speakers("Intro line.\n\nThe timing does not surprise pollster Dara Shore: “Lesser-known candidates often rise late.”\n\nWhen Lev Wace died, Governor Ann Pike released the following statement:\n\n“He was a friend to this state.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Dara Shore"));
        assert_eq!(q[1].2.as_deref(), Some("Ann Pike"));
    }

    #[test]
    fn a_name_signed_with_a_dash_after_a_quote() {
        let q = extract(
            "Intro line.\n\n“Tom Vane scares me.” ― Carla Ruiz\n\n“Great speech. She is ready.”\n\n– Ann Pike.\n",
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Carla Ruiz"));
        assert_eq!(q[0].kind, Kind::Statement);
        assert_eq!(q[1].speaker.as_deref(), Some("Ann Pike"));
    }

    #[test]
    fn a_description_of_someone_never_named_stays_unresolved() {
        let q = speakers("Intro line.\n\nAt a town hall, a young woman asked Mrs. Vane about the women who said they were harassed by Mr. Vane.\n\n“Should we believe them?” the woman said.\n");
        assert_eq!(q[0].1.as_deref(), Some("the woman"));
        assert_eq!(q[0].2, None);
    }

    #[test]
    fn a_description_with_no_role_between_the_quote_and_its_verb() {
        let q = speakers("Intro line.\n\n“The harm is incalculable,” federal prosecutors wrote in a filing.\n\n“What does he think of you?” the ad’s narrator says.\n\n“Who cares?” said the 46-year-old.\n");
        assert_eq!(q[0].1.as_deref(), Some("federal prosecutors"));
        assert_eq!(q[1].1.as_deref(), Some("the ad’s narrator"));
        assert_eq!(q[2].1.as_deref(), Some("the 46-year-old"));
        // After a gap only a name or a role is a speaker.
        let q =
            speakers("Intro line.\n\nAnn Lee said the bill is “the best of both worlds,” giving states more power.\n");
        assert_eq!(q[0].1.as_deref(), Some("Ann Lee"));
    }

    #[test]
    fn a_plain_description_after_the_verb_may_go_on_with_a_preposition() {
        let q = speakers(
            "Intro line.\n\n“I have never seen anything like it,” said one person with knowledge of the talks.\n",
        );
        assert_eq!(q[0].1.as_deref(), Some("one person"));
    }

    #[test]
    fn the_subject_of_the_main_clause_after_an_opening_phrase() {
        let q = speakers("Intro line.\n\nHorrified at the prospect of Bo Tan becoming mayor, Ramos believes in journalism that “takes sides.”\n");
        assert_eq!(q[0].1.as_deref(), Some("Ramos"));
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
    fn auxiliaries_before_a_literal_verb_of_a_frame() {
        let q = speakers("Intro line.\n\nThe authority has called it “an unacceptable risk” and barred its ships.\n");
        assert_eq!(q[0].1.as_deref(), Some("The authority"));
    }

    #[test]
    fn the_object_of_a_speech_verb_is_no_subject_of_a_participle() {
        let q = speakers("Intro line.\n\nThe senator emailed supporters saying: “The struggle continues.”\n");
        assert_eq!(q[0].1.as_deref(), Some("The senator"));
    }

    #[test]
    fn a_quantifier_alone_opening_its_clause_is_a_speaker() {
        let q = speakers("Intro line.\n\n“It is a scandal,” one user wrote. Another said he hoped with his “whole heart” that Roe wins.\n");
        assert_eq!(q[1].1.as_deref(), Some("Another"));
    }

    #[test]
    fn a_phrase_after_the_verb_that_a_verb_follows_opens_a_new_clause() {
        let q = speakers("Intro line.\n\nMr. Hale, citing “new polls,” said the candidate could win in Ohio.\n");
        assert_ne!(q[0].1.as_deref(), Some("the candidate"));
    }

    #[test]
    fn a_lead_in_sentence_of_its_own_beats_the_quote_before() {
        let q = speakers("Intro line.\n\n“We can win,” said Al Ford.\n\nAnn Bell agreed. “This is the moment for him to break through.”\n");
        assert_eq!(q[1].2.as_deref(), Some("Ann Bell"));
    }

    #[test]
    fn a_quantifier_and_plain_nouns_before_a_speech_verb() {
        let q = speakers("Intro line.\n\nAfter the debate, many commentators called him “the grownup on the stage.”\n");
        assert_eq!(q[0].1.as_deref(), Some("many commentators"));
    }

    #[test]
    fn a_quote_closing_its_sentence_ends_it() {
        let q = speakers("Intro line.\n\nAt one point, Jo Lee coached Al Ford to “breathe, breathe, breathe.” That prompted Bo Tan to call him “very flexible,” a nod to the front-runner acknowledging that he changed course.\n");
        assert_eq!(q[0].1.as_deref(), Some("Jo Lee"));
    }

    #[test]
    fn a_name_and_an_unlisted_verb_ending_the_sentence_after_a_quote() {
        let q = speakers("Intro line.\n\n“You are a liar,” said Al Ford.\n\n“Jo wants to be a tough guy tonight,” Bo Tan shot back.\n");
        assert_eq!(q[1].1.as_deref(), Some("Bo Tan"));
    }

    #[test]
    fn a_role_counts_only_next_to_the_name_it_describes() {
        // "candidate" belongs to the visit, not to Silicon Valley.
        let q = speakers("Intro line.\n\nAl Ford spoke first. The candidate's visit to Silicon Valley drew crowds.\n\n“I love the people here,” the candidate said.\n");
        assert_eq!(q[0].2, None);
    }

    #[test]
    fn an_unlisted_verb_then_a_name_ending_the_sentence() {
        let q = speakers(
            "Intro line.\n\n“You are a liar,” said Al Ford.\n\n“What sport is he talking about?” reacted Bo Tan.\n",
        );
        assert_eq!(q[1].1.as_deref(), Some("Bo Tan"));
    }

    #[test]
    fn a_lead_in_sentence_whose_verb_a_short_phrase_follows() {
        let q = speakers("Intro line.\n\nAl Ford spoke.\n\nBo Tan said in a statement. “There are no paper ballots to recount, and there never were.”\n");
        assert_eq!(q[0].1.as_deref(), Some("Bo Tan"));
    }

    #[test]
    fn a_quote_after_a_sentence_about_someone_is_theirs() {
        let q = speakers("Intro line.\n\n“The region matters,” said Al Ford.\n\nBo Tan argued that critics had been wrong for decades.\n\n“That is because this region is home to half the world’s people.”\n");
        assert_eq!(q[1].2.as_deref(), Some("Bo Tan"));
    }

    #[test]
    fn a_share_of_people_before_a_speech_verb() {
        let q = speakers("Intro line.\n\nAsked whether she would win, 21 percent said “not too likely” in the poll.\n");
        assert_eq!(q[0].1.as_deref(), Some("21 percent"));
        let q = speakers(
            "Intro line.\n\nSenator Ada Moss (D-Ore.) last week said the emails were “top secret” after all.\n",
        );
        assert_eq!(q[0].2.as_deref(), Some("Ada Moss"));
    }

    #[test]
    fn an_agent_speaks_for_the_body_named_after_it() {
        let q = speakers("Intro line.\n\nThe State Department reviewed it. A spokesman for Platte River declined to comment but said in a statement that “we treated the server like any other.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Platte River"));
    }

    #[test]
    fn a_pinned_description_ends_before_its_prepositional_phrase() {
        let q = speakers(
            "Intro line.\n\n“Will he be the next attorney general?” a Democratic staffer in the room wondered.\n",
        );
        assert_eq!(q[0].1.as_deref(), Some("a Democratic staffer"));
    }

    #[test]
    fn a_floating_quote_takes_the_context_speaker_of_the_quote_just_before() {
        let q = speakers("Intro line.\n\n“We will win,” Senator Jo Lee, an adviser, told AFP.\n\nRepresentative Al Ford used to back Bo Tan, but now said Mr. Ruiz had “the chance to bring us together.”\n\n“I think he can do that, but the biggest unifier we have is the other side.”\n");
        assert_eq!(q[2].2.as_deref(), Some("Al Ford"));
    }

    #[test]
    fn according_to_after_a_named_speaker_is_the_conduit() {
        let q = extract("Intro line.\n\n“I will vote for her,” Al Ford said, according to Vermont Radio, a station.\n");
        assert_eq!(q[0].speaker.as_deref(), Some("Al Ford"));
        // The name alone, not its apposition.
        assert_eq!(q[0].conduit.as_deref(), Some("Vermont Radio"));
    }

    #[test]
    fn a_possessive_pronoun_opens_a_description() {
        let q = speakers("Intro line.\n\nAnn Bell spoke on Monday. Her campaign is planning to reprint an editorial accusing Bo Tan of a “fiction-filled campaign” this week.\n");
        assert_eq!(q[0].1.as_deref(), Some("Her campaign"));
    }

    #[test]
    fn a_subject_stands_before_a_prepositional_phrase() {
        let q = speakers("Intro line.\n\nAl Ford at the time said his “people” would help.\n\nA spokesman for the port authority said it was “no comment” day.\n");
        assert_eq!(q[0].1.as_deref(), Some("Al Ford"));
        assert_eq!(q[1].1.as_deref(), Some("A spokesman for the port authority"));
    }

    #[test]
    fn a_description_pinned_by_literal_words_after_a_gap() {
        let q = speakers("Intro line.\n\nAccording to his longtime personal physician, the mayor had “excellent” results.\n\n“They had a chance,” the editorial board recently wrote.\n");
        assert_eq!(q[0].1.as_deref(), Some("his longtime personal physician"));
        assert_eq!(q[1].1.as_deref(), Some("the editorial board"));
    }

    #[test]
    fn a_subject_and_its_verb_after_a_comma_are_no_apposition() {
        let q = speakers("Intro line.\n\nLike Bo Tan, Al Ford also rejected the idea that the vote could wait, arguing that there is “room to move” now.\n\nIn Ohio, Jane Roe’s right-hand man rallied supporters, saying: “We must stop him.”\n");
        assert_eq!(q[0].1.as_deref(), Some("Al Ford"));
        assert_eq!(q[1].1.as_deref(), Some("Jane Roe’s right-hand man"));
    }

    #[test]
    fn a_name_in_what_was_said_or_in_a_subordinate_clause_is_no_subject() {
        let q = speakers("Intro line.\n\nAt the fair where Bo Tan and Al Ford appeared, Ann Lee landed a dig at “my dear friend Al.”\n\nJo Roe, also in town, said Ann Lee was to blame and accused her of “wrecking the fair.”\n");
        assert_eq!(q[0].1.as_deref(), Some("Ann Lee"));
        assert_eq!(q[1].2.as_deref(), Some("Jo Roe"));
    }

    #[test]
    fn a_description_opening_its_sentence_is_its_subject() {
        let q = speakers("Intro line.\n\nThe piece used a line of hers as its headline: “Finally, someone like me.”\n\nRoe’s family has asked the city to release the video “for the greater good.” It’s not enough to ask for “a review,” she said.\n");
        assert_eq!(q[0].1.as_deref(), Some("The piece"));
        assert_eq!(q[1].1.as_deref(), Some("Roe’s family"));
    }

    #[test]
    fn a_counted_description_after_an_opening_phrase() {
        let q = speakers("Intro line.\n\nOutside the arena in downtown Lake Tova, about 200 protesters gathered, holding signs and chanting “Stop the bridge.”\n");
        assert_eq!(q[0].1.as_deref(), Some("about 200 protesters"));
    }

    #[test]
    fn an_adverb_between_a_speaker_and_the_verb() {
        let q = speakers("Intro line.\n\nAt the debate, Jo Roe boldly suggested that Al Ford “wants no one to know.”\n\n“We grieve,” the family said.\n");
        assert_eq!(q[0].1.as_deref(), Some("Jo Roe"));
        assert_eq!(q[1].1.as_deref(), Some("the family"));
    }

    #[test]
    fn a_verb_behind_a_quote_that_ends_a_clause_is_that_quotes() {
        let q = speakers("Intro line.\n\nIn a clip that Judge Ann Lee called “distasteful,” Bo Tan expressed a wish to “shut it all down.”\n");
        assert_eq!(q[0].1.as_deref(), Some("Judge Ann Lee"));
        assert_eq!(q[1].1.as_deref(), Some("Bo Tan"));
    }

    #[test]
    fn numbers_and_unlisted_verbs_in_attributions() {
        let q = speakers("Intro line.\n\n“It does not hold,” said 9/11 widow Jo Roe.\n\n“This is fantastic!” beamed Al Ford of Madison, who snuck in.\n");
        assert_eq!(q[0].2.as_deref(), Some("Jo Roe"));
        assert_eq!(q[1].2.as_deref(), Some("Al Ford"));
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
    fn a_speech_verb_set_off_by_commas_with_its_speaker_after_it() {
        let q = speakers("Intro line.\n\nThe paradox of it, says Jo Roe, a historian, is that she was “the most powerful of all.”\n\n“It is close,” said one aide. Yet another said, “It is over.”\n");
        assert_eq!(q[0].2.as_deref(), Some("Jo Roe"));
        assert_eq!(q[2].1.as_deref(), Some("another"));
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

    #[test]
    fn a_passive_speech_verb_with_its_agent_after_the_quote() {
        let q = speakers("Intro line.\n\n“Harbor Song” was written by Bo Tan in 1999. The plan has been called “strategic ambiguity” by Jo Roe, a professor. Al Ford says he is “gratified” by a court’s decision.\n");
        assert_eq!(q[0].2.as_deref(), Some("Bo Tan"));
        assert_eq!(q[1].2.as_deref(), Some("Jo Roe"));
        // "gratified by" is no passive of a speech verb.
        assert_eq!(q[2].2.as_deref(), Some("Al Ford"));
    }

    /// Found by proptest (issue 2's apposition rules): a comma as the
    /// article's first token before a speech verb.
    #[test]
    fn issue2_a_comma_opening_the_text_before_a_verb_does_not_underflow() {
        let _ = extract(",said[“");
        let _ = extract(",said “Yes,” he said.");
    }
}
