//! The frame matcher: a grammar frame's elements matched leftwards and
//! rightwards from its anchor (a quote, or a conduit cue's C), with the
//! checks that turn a match down.

use super::{Class, Ctx, FrameMatch, MAX_APPOSITION, MAX_NP};
use crate::extract::sieves;
use crate::extract::tokens::Tok;
use crate::grammar::{Element, Frame};

impl<'a> Ctx<'a> {
    /// Matches `frame` around the token at `anchor` (a quote, or for a
    /// conduit cue any token where its C could start or end).
    pub fn match_frame(&self, fi: usize, frame: &Frame, anchor: usize) -> Option<FrameMatch> {
        self.match_frame_with(fi, frame, anchor, None)
    }

    /// The phrase a conduit cue's C would take at `anchor`, to be passed to
    /// [`Ctx::match_frame_with`] for every cue tried there.
    pub fn conduit_phrase(&self, anchor: usize) -> Option<(usize, usize)> {
        self.phrase_after(anchor).filter(|_| self.has_cap(anchor))
    }

    /// [`Ctx::match_frame`], with C's phrase already found when the frame is
    /// a conduit cue.
    pub fn match_frame_with(
        &self,
        fi: usize,
        frame: &Frame,
        anchor: usize,
        phrase: Option<(usize, usize)>,
    ) -> Option<FrameMatch> {
        let a = frame.anchor();
        // The left side is matched leftwards: from its last element.
        let left = &frame.elements[..a];
        let right = &frame.elements[a + 1..];
        let anchored_on_quote = matches!(frame.elements[a], Element::Quote);
        let mut st = State::default();
        let (anchor_lo, anchor_hi) = if anchored_on_quote {
            (anchor, anchor)
        } else {
            // A cue anchored on C: C is matched as a phrase starting here.
            let (lo, hi) = phrase.or_else(|| self.conduit_phrase(anchor))?;
            st.who = Some((lo, hi));
            (lo, hi)
        };
        let lstart = if anchored_on_quote {
            self.quote_left_start(anchor_lo)
        } else {
            anchor_lo as isize - 1
        };
        // The elements right next to the anchor are settled by one token
        // each (a literal word or mark, a verb): a frame that fails there
        // fails before its phrases are looked for. Most frames tried at a
        // quote fail so.
        if !self.next_fits(right.first(), anchor_hi as isize + 1, 1, anchor_lo)
            || !self.next_fits(left.last(), lstart, -1, anchor_lo)
        {
            return None;
        }
        // "instead of the “bonfire of quangos” New Labour had promised": a
        // quote a determiner opens is a noun phrase, and a name and verb
        // right after it with no comma between are a relative clause on it,
        // not its attribution.
        if anchored_on_quote
            && matches!(
                right,
                [Element::Speaker, Element::Verb] | [Element::Verb, Element::Speaker]
            )
            && self.quoted_noun_phrase(anchor_lo)
        {
            return None;
        }
        let mut st_r = st;
        let right_end = self.m(right, anchor_hi as isize + 1, 1, &mut st_r, true, anchor_lo)?;
        if anchored_on_quote && self.closes_sentence(anchor_lo) {
            // After a quote that ends its own sentence ("... campaign."),
            // "X said" is its attribution only if that sentence ends there
            // too ("X said."); "X said he would ..." is a new statement.
            let rest = match right {
                [Element::Punct(','), rest @ ..] => rest,
                rest => rest,
            };
            if matches!(
                rest,
                [Element::Speaker, Element::Verb] | [Element::Verb, Element::Speaker]
            ) {
                let next = usize::try_from(right_end).ok().and_then(|i| self.toks.get(i));
                if !next.is_none_or(|t| matches!(t.kind, Tok::Para | Tok::Punct('.' | '!' | '?' | ',' | ';' | ':'))) {
                    return None;
                }
            }
        }
        let mut st_l = st_r;
        let left_end = self.m(left, lstart, -1, &mut st_l, true, anchor_lo)?;
        let mut who = st_l.who?;
        // "… instead of the “new deal” Labour had promised, there had been
        // “chaos”": that name and verb are a relative clause on the
        // quoted noun phrase (see above), attributing no later quote.
        if anchored_on_quote && who.1 < anchor_lo && who.0 >= 2 && self.quoted_noun_phrase(who.0 - 1) {
            return None;
        }
        // "In einer Erklärung betonte die Fraktion: „…“": in a verb-second
        // language a phrase that a preposition opens the sentence with is
        // no subject; the subject follows the verb.
        if let Some(v) = st_l.verb.filter(|&v| anchored_on_quote && who.1 < v) {
            if sieves::fronted_by_preposition(self, who.0) {
                who = sieves::subject_after_verb(self, who.0, v)?;
            }
        }
        // "Die Pläne bezeichnete *er* als „…“": a pronoun only ever a
        // subject after the verb makes the phrase before it an object.
        if let Some(p) = sieves::pronoun_subject_after(self, who.1, self.toks.len()) {
            who = (p, p);
        }
        // "telling CNBC: “…”": after such a verb a name is its object (not
        // one a literal word introduces: "was called “…” by Jane Roe").
        let introduced = frame
            .elements
            .iter()
            .position(|e| matches!(e, Element::Speaker))
            .is_some_and(|i| i > 0 && matches!(frame.elements[i - 1], Element::Word(_)));
        if let Some(v) = st_l.verb.filter(|&v| v < who.0 && anchored_on_quote && !introduced) {
            if self.g.is_object_verb(self.lower(v)) {
                return None;
            }
        }
        Some(FrameMatch {
            frame: fi,
            who,
            verb: st_l.verb,
            extent: ((left_end + 1).max(0) as usize, (right_end - 1).max(0) as usize),
        })
    }

    /// Where a frame's left side is matched from, for a quote at `anchor`:
    /// the token before it, or, for a quote that opens a paragraph, the
    /// previous paragraph's "X said:" as its lead-in.
    pub(crate) fn quote_left_start(&self, anchor: usize) -> isize {
        let lstart = anchor as isize - 1;
        if lstart >= 1
            && self.toks[lstart as usize].kind == Tok::Para
            && self.toks[lstart as usize - 1].kind == Tok::Punct(':')
        {
            return lstart - 1;
        }
        lstart
    }

    /// In a verb-second language, is the token at `p` the speech verb of
    /// another main clause, right after a comma and a name or noun of its
    /// own ("Klose nannte seinen Platzverweis „überzogen“, Bundestrainer
    /// Joachim Löw *bezeichnete* … als „übertrieben“")? A frame's gap does
    /// not run past it: the quote beyond is that clause's (issue 14). Only
    /// capitalised words between: a relative or subordinate clause opens
    /// lowercase (", in dem es nur 26 Fouls *gab*") and puts its verb last.
    fn another_clause_speaks(&self, p: usize) -> bool {
        if !self.g.verb_second || !self.is_verb(p) {
            return false;
        }
        let Some(c) = (p.saturating_sub(6)..p)
            .rev()
            .find(|&i| self.toks[i].kind == Tok::Punct(','))
        else {
            return false;
        };
        c + 1 < p && (c + 1..p).all(|i| self.toks[i].is_word() && self.word(i).starts_with(char::is_uppercase))
    }

    fn has_cap(&self, i: usize) -> bool {
        self.class(i) == Class::Cap
    }

    /// Can `el`, the element next to the anchor on side `dir`, match from
    /// `pos`? The first test [`Ctx::m`] makes of a word, a mark or a verb,
    /// with nothing else matched: `false` only where `m` would fail there.
    /// Any other element may match.
    pub(crate) fn next_fits(&self, el: Option<&Element>, pos: isize, dir: isize, quote_tok: usize) -> bool {
        let n = self.toks.len() as isize;
        let get = |p: isize| (p >= 0 && p < n).then(|| self.toks[p as usize]);
        match el {
            Some(Element::Word(w)) => get(pos).is_some_and(|t| t.is_word() && self.lower(pos as usize) == w.as_str()),
            Some(&Element::Punct(c)) => {
                get(pos).is_some_and(|t| t.kind == Tok::Punct(c)) || dir == 1 && self.punct_inside_quote(c, quote_tok)
            }
            Some(Element::Verb) => {
                let mut pos = pos;
                if dir == 1 {
                    while get(pos).is_some() && self.is_aux(pos as usize) {
                        pos += 1;
                    }
                }
                get(pos).is_some() && self.is_verb(pos as usize)
            }
            _ => true,
        }
    }

    /// Matches `els` from token `pos` in direction `dir`; returns the token
    /// position after the last one consumed.
    fn m(
        &self,
        els: &[Element],
        pos: isize,
        dir: isize,
        st: &mut State,
        first: bool,
        quote_tok: usize,
    ) -> Option<isize> {
        // Leftwards, the elements are taken from the end.
        let next = if dir < 0 { els.split_last() } else { els.split_first() };
        let Some((el, rest)) = next else {
            return Some(pos);
        };
        let n = self.toks.len() as isize;
        let get = |p: isize| (p >= 0 && p < n).then(|| self.toks[p as usize]);
        match el {
            Element::Word(w) => {
                let t = get(pos)?;
                (t.is_word() && self.lower(pos as usize) == w.as_str()).then_some(())?;
                let mut next = pos + dir;
                // "X has called it “…”": a literal verb form may have
                // auxiliaries before it, as a V has.
                if dir == -1 && next > 0 && self.is_verb(pos as usize) {
                    next = self.skip_aux_left(next as usize) as isize;
                }
                self.m(rest, next, dir, st, false, quote_tok)
            }
            Element::Punct(c) => {
                // A comma or full stop inside the closing mark counts as
                // the one after it: “…,” he said.
                if first
                    && dir == 1
                    && self.punct_inside_quote(*c, quote_tok)
                    && get(pos).is_none_or(|t| t.kind != Tok::Punct(*c))
                {
                    return self.m(rest, pos, dir, st, false, quote_tok);
                }
                let t = get(pos)?;
                (t.kind == Tok::Punct(*c)).then_some(())?;
                self.m(rest, pos + dir, dir, st, false, quote_tok)
            }
            Element::Verb => {
                // Auxiliaries and adverbs stand between a subject and its
                // verb: "X has also said", "… , X would later say".
                let mut pos = pos;
                if dir == 1 {
                    while get(pos).is_some() && self.is_aux(pos as usize) {
                        pos += 1;
                    }
                }
                get(pos)?;
                self.is_verb(pos as usize).then_some(())?;
                let saved = st.verb;
                st.verb = Some(pos as usize);
                let mut next = pos + dir;
                // A literal auxiliary of the frame stays to be matched:
                // "been V Q by S".
                let literal = dir == -1 && matches!(rest.last(), Some(Element::Word(_)));
                if dir == -1 && next > 0 && !literal {
                    next = self.skip_aux_left(next as usize) as isize;
                }
                let r = self.m(rest, next, dir, st, false, quote_tok);
                if r.is_none() {
                    st.verb = saved;
                }
                r
            }
            Element::Quote => None,
            Element::Gap(max) => {
                let mut p = pos;
                let mut used = 0usize;
                loop {
                    let mut trial = *st;
                    trial.gapped |= used > 0;
                    if let Some(r) = self.m(rest, p, dir, &mut trial, false, quote_tok) {
                        *st = trial;
                        return Some(r);
                    }
                    let t = get(p)?;
                    // Nor past a quote that closes its sentence, the
                    // anchor's own included: "… a “liar.” Jane Roe said".
                    let after_closing = dir == 1 && p > 0 && self.quote_ends_sentence(p as usize - 1);
                    if t.ends_sentence()
                        || used >= *max
                        || self.quote_ends_sentence(p as usize)
                        || after_closing
                        || self.quote_ends_clause(p as usize)
                        || self.another_clause_speaks(p as usize)
                    {
                        return None;
                    }
                    used += 1;
                    p += dir;
                }
            }
            Element::Speaker | Element::Conduit => {
                let need_cap = matches!(el, Element::Conduit);
                if rest.is_empty() {
                    // Open-ended: the longest phrase in this direction.
                    get(pos)?;
                    let span = if dir == 1 {
                        // "said the candidate could be …": a phrase that a
                        // verb follows is the subject of a new clause.
                        self.phrase_after(pos as usize)
                            .filter(|&(_, hi)| {
                                self.toks.get(hi + 1).is_none_or(|t| !t.is_word())
                                    || !(self.is_aux(hi + 1) || self.is_verb(hi + 1) && !self.is_participle(hi + 1))
                            })
                            .filter(|&(lo, _)| !self.expletive(lo))?
                    } else {
                        match st.verb {
                            Some(v) => self.subject_of_verb(pos as usize, v),
                            None => self.subject_before(pos as usize),
                        }
                        .filter(|&(lo, _)| st.verb.is_none_or(|v| self.subject_of(lo, v)))?
                    };
                    if need_cap && !(span.0..=span.1).any(|i| self.has_cap(i)) {
                        return None;
                    }
                    st.who = Some(span);
                    let end = if dir == 1 {
                        span.1 as isize + 1
                    } else {
                        span.0 as isize - 1
                    };
                    return Some(end);
                }
                // Bounded: the shortest phrase after which the rest matches.
                for k in 1..=(MAX_NP + MAX_APPOSITION) as isize {
                    let last = pos + dir * (k - 1);
                    let t = get(last)?;
                    if t.ends_sentence() || matches!(t.kind, Tok::Quote(_)) {
                        return None;
                    }
                    let mut trial = *st;
                    if let Some(r) = self.m(rest, last + dir, dir, &mut trial, false, quote_tok) {
                        let (lo, hi) = if dir == 1 {
                            (pos as usize, last as usize)
                        } else {
                            (last as usize, pos as usize)
                        };
                        // After a gap the phrase is pinned only by the
                        // verb: "…” , giving states more power" is no speaker;
                        // a literal word pins it still: "according to S , …".
                        let beyond = if dir == 1 { rest.first() } else { rest.last() };
                        let literal = matches!(beyond, Some(Element::Word(_)));
                        if let Some(span) = self.speaker_phrase(lo, hi, !st.gapped || literal) {
                            if need_cap && !(span.0..=span.1).any(|i| self.has_cap(i)) {
                                continue;
                            }
                            trial.who = Some(span);
                            *st = trial;
                            return Some(r);
                        }
                    }
                }
                None
            }
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct State {
    who: Option<(usize, usize)>,
    verb: Option<usize>,
    /// A gap element has skipped tokens on the way here.
    gapped: bool,
}

#[cfg(test)]
mod tests {
    use crate::extract::testing::{german_sieve_speakers, german_speakers, speakers};

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
    fn issue14_a_german_subject_and_verb_after_a_quote_open_the_next_clause() {
        // Invented. Verb second: "„…“, sagte X" attributes the quote, but
        // "„…“, X bezeichnete" is the next clause, with its own speaker.
        let s = german_sieve_speakers(
            "Das Spiel war hart. Jonas Brandt nannte seine Rote Karte „überzogen“, Trainer Paul Eck bezeichnete die Fouls als „normal“.\n",
        );
        assert_eq!(s[0].0.as_deref(), Some("Jonas Brandt"), "{s:?}");
        let s = german_sieve_speakers("Das Spiel war hart. „Wir geben nicht auf“, sagte Trainer Paul Eck.\n");
        assert_eq!(s[0].0.as_deref(), Some("Trainer Paul Eck"), "{s:?}");
    }

    #[test]
    fn issue14_a_german_passive_names_its_speaker_after_von() {
        // Invented. The passive's agent, with the participle of a speech
        // verb right after the quote; not one spoken of ("sprach von X
        // als „…“"), whom no speech verb follows.
        let s = german_sieve_speakers(
            "Er malt seit Jahren. Seine Bilder werden von Kunstkritikern als „Meilensteine“ bezeichnet.\n",
        );
        assert_eq!(s[0].0.as_deref(), Some("Kunstkritikern"), "{s:?}");
        let s = german_sieve_speakers("Er malt seit Jahren. Die Presse sprach von Paul Eck als „Meister“.\n");
        assert_ne!(s.first().and_then(|q| q.0.as_deref()), Some("Paul Eck"), "{s:?}");
    }

    #[test]
    fn issue14_a_german_frame_gap_stops_at_another_clause_speech_verb() {
        // Invented. Two main clauses joined by a comma, each with its own
        // speaker: the second quote is the second clause's, whose frame's
        // gap may hold a relative clause with a verb at its end.
        let s = german_sieve_speakers(
            "Das Spiel war hart. Paul Eck nannte seine Strafe „viel zu hart und überzogen“, Trainer Hans Berger bezeichnete die Karten in einem Spiel, in dem es kaum Fouls gab, als „völlig übertrieben für dieses Spiel“.\n",
        );
        let who: Vec<_> = s.iter().map(|q| q.0.as_deref()).collect();
        assert_eq!(who, [Some("Paul Eck"), Some("Trainer Hans Berger")], "{s:?}");
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
    fn what_someone_called_beats_a_later_said() {
        let q = speakers("Intro line.\n\nIn 2009, under what Mr. Hedge called “the prior economy model,” the club, a course in Ponte Vedra Beach, Fla., charged members more.\n");
        assert_eq!(q[0].1.as_deref(), Some("Mr. Hedge"));
    }

    #[test]
    fn a_name_after_an_object_verb_is_not_the_speaker() {
        let q = speakers(
            "Intro line.\n\nBack in 1999, Mr. Vane praised the deal, telling Channel Nine: “He is a great seller.”\n",
        );
        assert_eq!(q[0].2.as_deref(), Some("Vane"));
    }

    #[test]
    fn auxiliaries_before_a_literal_verb_of_a_frame() {
        let q = speakers("Intro line.\n\nThe authority has called it “an unacceptable risk” and barred its ships.\n");
        assert_eq!(q[0].1.as_deref(), Some("The authority"));
    }

    #[test]
    fn a_phrase_after_the_verb_that_a_verb_follows_opens_a_new_clause() {
        let q = speakers("Intro line.\n\nMr. Hale, citing “new polls,” said the candidate could win in Ohio.\n");
        assert_ne!(q[0].1.as_deref(), Some("the candidate"));
    }

    #[test]
    fn a_passive_speech_verb_with_its_agent_after_the_quote() {
        let q = speakers("Intro line.\n\n“Harbor Song” was written by Bo Tan in 1999. The plan has been called “strategic ambiguity” by Jo Roe, a professor. Al Ford says he is “gratified” by a court’s decision.\n");
        assert_eq!(q[0].2.as_deref(), Some("Bo Tan"));
        assert_eq!(q[1].2.as_deref(), Some("Jo Roe"));
        // "gratified by" is no passive of a speech verb.
        assert_eq!(q[2].2.as_deref(), Some("Al Ford"));
    }
}
