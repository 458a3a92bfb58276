//! Finds quoted statements and their speakers in one article. Parsing never
//! fails: what cannot be read cleanly becomes a [`Diagnostic`] with a span.
//!
//! [`Extractor::extract`] runs the stages in this order, each in its own
//! module:
//! 1. `layout`: paragraphs, boilerplate, markup and the repeated headline;
//! 2. `marks`: quote marks into quotes of one or more pieces; `tokens`:
//!    words, punctuation and one token per quote piece;
//! 3. the speaker chain, the first link that fires deciding:
//!    1. `framing`: a grammar frame (`frames`, `.qg` files), "“…,” she said.";
//!    2. `neighbours`: the second half of an interrupted quote, or a
//!       paragraph of quote continuing a speaker;
//!    3. `sieves`: the context sieves, in their `SIEVES` order;
//!    4. `fallback`: the speaker of the nearest attributed quote around it;
//! 4. `classify`: each quote's kind (statement, partial, scare, headline);
//! 5. `neighbours`: an interrupted quote joined into one of two segments;
//! 6. `choose`: each quote's speaker phrase, the chain's choice weighed by
//!    the speaker ranker (`speakers`) where the grammar has one;
//! 7. `resolve`: each phrase to a canonical name;
//! 8. `conduits`: the intermediary the article cites.
//!
//! `words` holds the word and sentence helpers the stages share.

mod choose;
mod classify;
mod conduits;
mod fallback;
mod fields;
mod frames;
mod framing;
pub mod kinds;
mod layout;
pub mod marks;
mod neighbours;
mod reporting;
mod resolve;
mod roles;
mod sieves;
mod speakers;
pub(crate) mod tokens;
mod words;

use serde::{Deserialize, Serialize};

use crate::grammar::Grammar;
use frames::{Ctx, FrameMatch};
use tokens::Tok;

pub(crate) use layout::{is_boilerplate, paragraphs};

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

impl DiagnosticKind {
    /// The name serde gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosticKind::UnclosedQuote => "unclosed-quote",
            DiagnosticKind::TruncatedQuote => "truncated-quote",
            DiagnosticKind::AmbiguousSpeaker => "ambiguous-speaker",
        }
    }
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
    /// The context sieve that gave `fallback`; none where it is the
    /// speaker of the nearest attributed quote.
    fallback_sieve: Option<&'static str>,
    kind: Option<Kind>,
    /// The features the kind model read, kept only when training.
    features: Vec<String>,
}

impl Work {
    /// The pieces of every quote, grouped by quote, and a quote to
    /// attribute for each span; `headline` flags the paragraphs that
    /// repeat the title.
    fn gather(spans: Vec<marks::Span>, headline: &[bool]) -> (Vec<marks::Piece>, Vec<Work>) {
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
                fallback_sieve: None,
                kind: None,
                features: Vec::new(),
            });
        }
        (pieces, work)
    }
}

/// A diagnostic for each quote never closed, or cut short.
fn unclosed(work: &[Work], pieces: &[marks::Piece]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for w in work {
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
    }
    diagnostics
}

/// Extracts quotes from articles with one grammar.
#[derive(Debug, Clone)]
pub struct Extractor {
    grammar: Grammar,
    marks: marks::MarkSet,
    /// What the grammar's frames ask of a quote before they are tried.
    frames: framing::FramePlan,
}

impl Extractor {
    pub fn new(grammar: Grammar) -> Self {
        let marks = marks::MarkSet::new(&grammar.marks);
        let frames = framing::FramePlan::of(&grammar);
        Extractor { grammar, marks, frames }
    }

    pub fn grammar(&self) -> &Grammar {
        &self.grammar
    }

    /// Finds the quotes of one article. `title` marks headline quotes.
    pub fn extract(&self, text: &str, title: Option<&str>) -> Extraction {
        self.extract_traced(text, title, false).0
    }

    /// [`extract`](Self::extract) of a text whose paragraphs
    /// ([`paragraphs`]) the caller has found already (the metadata is read
    /// from them too: finding them twice was half a percent of extraction).
    pub fn extract_in(&self, text: &str, paras: &[(usize, usize)], title: Option<&str>) -> Extraction {
        self.run(text, paras, title, false, false).0
    }

    /// [`extract`](Self::extract), and when `trace` is set, the features
    /// the kind model reads for each quote found (see [`kinds`]), for
    /// training it.
    pub fn extract_traced(&self, text: &str, title: Option<&str>, trace: bool) -> (Extraction, Vec<Vec<String>>) {
        let (found, features, _) = self.run(text, &paragraphs(text), title, trace, false);
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
        let (found, _, candidates) = self.run(text, &paragraphs(text), title, false, true);
        (found, candidates)
    }

    #[allow(clippy::type_complexity)]
    #[allow(clippy::type_complexity)]
    fn run(
        &self,
        text: &str,
        paras: &[(usize, usize)],
        title: Option<&str>,
        trace: bool,
        trace_speakers: bool,
    ) -> (Extraction, Vec<Vec<String>>, Vec<Vec<SpeakerCandidate>>) {
        let g = &self.grammar;
        let (skip, headline) = layout::flags(g, text, paras, title);
        let spans = marks::scan_with(text, paras, &skip, &self.marks);
        let (pieces, mut work) = Work::gather(spans, &headline);
        // Pieces come out grouped by quote; the tokenizer wants text order.
        let mut order: Vec<usize> = (0..pieces.len()).collect();
        order.sort_by_key(|&i| pieces[i].open);
        let ranges: Vec<(usize, usize)> = order.iter().map(|&i| (pieces[i].open, pieces[i].close)).collect();
        let toks = tokens::tokenize(text, paras, &ranges, g);
        // Token index of each piece, and inner text by tokenizer piece index.
        let mut piece_tok = vec![usize::MAX; pieces.len()];
        for (ti, t) in toks.iter().enumerate() {
            if let Tok::Quote(k) = t.kind {
                piece_tok[order[k]] = ti;
            }
        }
        let inner: Vec<(usize, usize)> = order.iter().map(|&i| (pieces[i].start, pieces[i].end)).collect();
        let ctx = Ctx::new(text, &toks, g, &inner);
        let mut diagnostics = unclosed(&work, &pieces);

        // The speaker chain, in order; then each quote's kind.
        framing::match_frames(&ctx, &mut work, &piece_tok, &self.frames);
        neighbours::attach_neighbours(&ctx, &mut work, &piece_tok, &pieces);
        fallback::fallback_speakers(&ctx, &mut work, &piece_tok, &pieces);
        let quote_kinds: Vec<Kind> = work
            .iter()
            .map(|w| classify::classify(&ctx, w, &piece_tok, &pieces))
            .collect();
        for (w, k) in work.iter_mut().zip(quote_kinds) {
            w.kind = Some(k);
        }
        if trace {
            for w in &mut work {
                if !w.headline && !w.title {
                    let mut named = kinds::Named::default();
                    classify::kind_features(&ctx, w, &piece_tok, &pieces, &mut named);
                    w.features = named.0;
                }
            }
        }

        let work = neighbours::join_interrupted(&ctx, work, &piece_tok, &pieces);

        // Speakers: each attributed quote's phrase, then resolution.
        // The ranker needs the article's mentions only where it weighs a
        // quote; resolution makes them itself otherwise.
        let weighs = g.speakers.is_some()
            && (0..work.len()).any(|i| choose::weighed(&ctx, &work, i, choose::tokens_of(&work[i], &piece_tok)));
        let ms = (weighs || trace_speakers).then(|| resolve::Mentions::new(&ctx));
        let chosen = choose::speakers(&ctx, &work, &pieces, &piece_tok, ms.as_ref(), trace_speakers);
        let mut quotes = chosen.quotes;
        resolve::resolve(&ctx, &mut quotes, &chosen.who_spans, &mut diagnostics, ms.as_ref());
        conduits::conduits(&ctx, &mut quotes, &work, &piece_tok);
        diagnostics.sort_by_key(|d| (d.start, d.end));
        let features = if trace {
            work.into_iter().map(|w| w.features).collect()
        } else {
            Vec::new()
        };
        (Extraction { quotes, diagnostics }, features, chosen.trace)
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

/// What the tests of every stage read: the whole extraction of a text.
#[cfg(test)]
mod testing {
    use super::{Extractor, Quote};
    use crate::grammar::Grammar;

    pub(super) fn extract(text: &str) -> Vec<Quote> {
        Extractor::new(Grammar::builtin("en").unwrap())
            .extract(text, None)
            .quotes
    }

    pub(super) fn speakers(text: &str) -> Vec<(String, Option<String>, Option<String>)> {
        extract(text)
            .into_iter()
            .map(|q| (q.text, q.speaker, q.speaker_canonical))
            .collect()
    }

    pub(super) fn german_speakers(text: &str) -> Vec<(Option<String>, Option<String>)> {
        Extractor::new(Grammar::builtin("de").unwrap())
            .extract(text, None)
            .quotes
            .into_iter()
            .map(|q| (q.speaker, q.speaker_canonical))
            .collect()
    }

    /// German speakers chosen by the frames and sieves alone.
    pub(super) fn german_sieve_speakers(text: &str) -> Vec<(Option<String>, Option<String>)> {
        let mut g = Grammar::builtin("de").unwrap();
        g.speakers = None;
        Extractor::new(g)
            .extract(text, None)
            .quotes
            .into_iter()
            .map(|q| (q.speaker, q.speaker_canonical))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{extract, german_speakers};

    #[test]
    fn a_speaker_phrase_that_ends_the_text_with_a_possessive_is_no_panic() {
        // Found by `props::de_quote_soup`: the name run's possessor was
        // the last token, and the word after it was looked up.
        let text = "‹‹Ana“‟ ‟“‟Ana's";
        german_speakers(text);
        extract(text);
    }

    #[test]
    fn issue14_a_date_written_as_an_ordinal_opens_no_sentence() {
        // "26." was a full stop: "April kritisierte …" a sentence of its
        // own, and "April" its speaker.
        let text = "Der Haushalt wurde beraten. Am 26. April kritisierte die Kommission den Plan als „völlig unzureichend und schlecht gemacht“.";
        assert_eq!(
            german_speakers(text),
            [(Some("die Kommission".to_string()), Some("Kommission".to_string()))]
        );
    }

    /// Found by proptest (issue 2's apposition rules): a comma as the
    /// article's first token before a speech verb.
    #[test]
    fn issue2_a_comma_opening_the_text_before_a_verb_does_not_underflow() {
        let _ = extract(",said[“");
        let _ = extract(",said “Yes,” he said.");
    }
}
