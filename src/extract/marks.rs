//! Finds quoted spans: pairs quote marks paragraph by paragraph, tells
//! single closing marks from apostrophes, joins quotes that run over
//! paragraphs, and reports the marks it could not close.

use crate::grammar::MarkPair;

/// The longest an unclosed quote may run before it is cut, in bytes.
pub const MAX_UNCLOSED: usize = 3000;
/// The most paragraphs one quote may run over.
pub const MAX_PARAGRAPHS: usize = 30;

/// One quoted piece inside one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Content, without the marks.
    pub start: usize,
    pub end: usize,
    /// Just past the closing mark (equal to `end` when unclosed).
    pub close: usize,
    pub closed: bool,
    /// Left open, and ended where the next quote opens (`"A. "B."`).
    pub reopened: bool,
    pub pair: usize,
    pub para: usize,
}

/// A quote: one piece, or several when it runs over paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub pieces: Vec<Piece>,
    /// The quote was never closed and did not continue into a paragraph
    /// that reopens it.
    pub unclosed: bool,
    /// The quote was longer than [`MAX_UNCLOSED`] and was cut.
    pub truncated: bool,
}

#[derive(Debug, Clone, Copy)]
struct Hit {
    pos: usize,
    len: usize,
}

fn is_open_punct(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | '…')
}

/// What the grammar's marks are made of: the bytes a mark can start with
/// (for a fast scan) and every character used in a mark.
/// The marks of a grammar, prepared for scanning.
#[derive(Debug, Clone)]
pub struct MarkSet {
    /// The bytes a mark can start with, in groups of three in groups of three, for `memchr3`.
    groups: Vec<[u8; 3]>,
    chars: Vec<char>,
    /// Every mark string, longest first, with how it may be used.
    by_length: Vec<(String, Glyph)>,
    /// The opening marks of double pairs.
    double_opens: Vec<String>,
}

impl MarkSet {
    pub fn new(marks: &[MarkPair]) -> MarkSet {
        let mut first_byte = [false; 256];
        first_byte[b'<' as usize] = true;
        let mut chars = Vec::new();
        for m in marks.iter().flat_map(|p| [p.open.as_str(), p.close.as_str()]) {
            if let Some(&b) = m.as_bytes().first() {
                first_byte[b as usize] = true;
            }
            for c in m.chars() {
                if !chars.contains(&c) {
                    chars.push(c);
                }
            }
        }
        let mut strings: Vec<&str> = marks.iter().flat_map(|p| [p.open.as_str(), p.close.as_str()]).collect();
        strings.sort_by_key(|m| std::cmp::Reverse(m.len()));
        strings.dedup();
        let by_length = strings.into_iter().map(|m| (m.to_string(), glyph(marks, m))).collect();
        let firsts: Vec<u8> = (0..=255u8).filter(|&b| first_byte[b as usize]).collect();
        let groups = firsts
            .chunks(3)
            .map(|c| [c[0], *c.get(1).unwrap_or(&c[0]), *c.get(2).unwrap_or(&c[0])])
            .collect();
        MarkSet {
            double_opens: marks.iter().filter(|p| !p.single).map(|p| p.open.clone()).collect(),
            groups,
            chars,
            by_length,
        }
    }

    fn is_mark_char(&self, c: char) -> bool {
        self.chars.contains(&c)
    }
}

/// How a mark string may be used across all pairs of the grammar.
#[derive(Debug, Clone, Copy, Default)]
struct Glyph {
    double_open: bool,
    double_close: bool,
    single_open: bool,
    single_close: bool,
    /// The pair to record when it opens a quote.
    double_pair: Option<usize>,
    single_pair: Option<usize>,
}

fn glyph(marks: &[MarkPair], mark: &str) -> Glyph {
    let mut g = Glyph::default();
    for (i, p) in marks.iter().enumerate() {
        let (o, c) = (p.open == mark, p.close == mark);
        if p.single {
            g.single_open |= o;
            g.single_close |= c;
            if o && g.single_pair.is_none() {
                g.single_pair = Some(i);
            }
        } else {
            g.double_open |= o;
            g.double_close |= c;
            if (o || c) && g.double_pair.is_none() {
                g.double_pair = Some(i);
            }
        }
    }
    g
}

/// Finds the quoted pieces of one paragraph `[ps, pe)` of `text`.
///
/// Every double mark (`" “ ” „ « » ''`) is one family: news text mixes
/// them, so which way a mark faces is read from its neighbours first and
/// from its glyph only where the neighbours cannot tell. Single marks are
/// quotes only where they cannot be apostrophes. Only outermost quotes are
/// returned: nested ones are part of them. A single-mark quote left open
/// is taken for an apostrophe and dropped.
fn scan_paragraph(text: &str, (ps, pe): (usize, usize), para: usize, set: &MarkSet, out: &mut Vec<Piece>) {
    let bytes = text.as_bytes();
    // (hit, pair, is_single) of every open mark, outermost first.
    let mut stack: Vec<(Hit, usize, bool)> = Vec::new();
    // The next position where each group's bytes occur (`pe` if none).
    let find = |g: &[u8; 3], from: usize| memchr::memchr3(g[0], g[1], g[2], &bytes[from..pe]).map_or(pe, |k| from + k);
    let mut next: Vec<usize> = set.groups.iter().map(|g| find(g, ps)).collect();
    let mut pos = ps;
    loop {
        for (n, g) in next.iter_mut().zip(&set.groups) {
            if *n < pos {
                *n = find(g, pos);
            }
        }
        pos = next.iter().copied().min().unwrap_or(pe);
        if pos >= pe {
            break;
        }
        // An inline tag (`<a target="_blank">`): its marks are not quotes.
        if let Some(end) = tag_end(bytes, pos, pe) {
            pos = end;
            continue;
        }
        // The longest mark string that starts here (`''` before `'`). Its
        // first byte first: every apostrophe was compared with every
        // curly mark (a call each).
        let rest = &text[pos..pe];
        let b0 = bytes[pos];
        let Some((mark, gl)) = set
            .by_length
            .iter()
            .find(|(m, _)| m.as_bytes().first() == Some(&b0) && rest.starts_with(m.as_str()))
        else {
            pos += 1;
            continue;
        };
        let (mut mark, mut gl) = (mark.as_str(), *gl);
        // Three straight single marks after a quote inside a quote
        // (''... 'sorry,''' he said): the inner mark closes first, then
        // the outer pair.
        if mark.len() > 1
            && mark.bytes().all(|b| b == b'\'')
            && text[pos + mark.len()..pe].starts_with('\'')
            && stack.last().is_some_and(|e| e.2)
        {
            if let Some((m, g)) = set.by_length.iter().find(|(m, _)| m == "'") {
                (mark, gl) = (m.as_str(), *g);
            }
        }
        let prev = text[ps..pos].chars().next_back();
        let hit = Hit { pos, len: mark.len() };
        let next = text[pos + mark.len()..pe].chars().next();
        let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
        // As CommonMark reads emphasis: a mark faces the text it touches,
        // and a mark followed by closing punctuation does not open.
        let flank_open =
            !space(next) && !next.is_some_and(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']'));
        let flank_close = !space(prev) && !prev.is_some_and(|c| matches!(c, '(' | '['));
        let top_double = stack.iter().rposition(|e| !e.2);
        if gl.double_open || gl.double_close {
            let close = match (flank_open, flank_close) {
                (false, true) => top_double.is_some(),
                (true, false) => false,
                _ => top_double.is_some() && gl.double_close,
            };
            if close {
                let depth = top_double.expect("an open double mark");
                let (open, p, _) = stack[depth];
                // Single marks below may be misread apostrophes ('90s):
                // a double quote is outermost unless a double encloses it.
                if !stack[..depth].iter().any(|e| !e.2) {
                    out.push(Piece {
                        open: open.pos,
                        start: open.pos + open.len,
                        end: pos,
                        close: pos + mark.len(),
                        closed: true,
                        reopened: false,
                        pair: p,
                        para,
                    });
                }
                stack.truncate(depth);
            } else if flank_open || gl.double_open && !flank_close {
                // A mark that opens right after a sentence ends, inside a
                // double quote, starts the next quote of a writer who left
                // the last one open (`"A. "B."`, common in British copy),
                // not a quote inside it.
                if let (true, false, Some(depth)) = (flank_open, flank_close, top_double) {
                    let before = text[ps..pos].trim_end();
                    let ends_sentence = before.ends_with(['.', '!', '?', '…']);
                    if ends_sentence && !stack[..depth].iter().any(|e| !e.2) {
                        let (open, p, _) = stack[depth];
                        out.push(Piece {
                            open: open.pos,
                            start: open.pos + open.len,
                            end: ps + before.len(),
                            close: ps + before.len(),
                            closed: false,
                            reopened: true,
                            pair: p,
                            para,
                        });
                        stack.truncate(depth);
                    }
                }
                stack.push((hit, gl.double_pair.unwrap_or(0), false));
            }
        } else if gl.single_open || gl.single_close {
            // An apostrophe between letters or digits is never a quote mark.
            let apostrophe = prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
            let can_open = gl.single_open
                && !apostrophe
                && flank_open
                && prev.is_none_or(|c| c.is_whitespace() || is_open_punct(c) || set.is_mark_char(c));
            let can_close = gl.single_close && !apostrophe && flank_close && next.is_none_or(|c| !c.is_alphanumeric());
            let top_single = stack.last().filter(|e| e.2).map(|_| stack.len() - 1);
            if let (true, Some(depth)) = (can_close, top_single) {
                let (open, p, _) = stack[depth];
                if depth == 0 {
                    // A double quote inside, reported while this one could
                    // still have been an apostrophe, is part of it after all.
                    // They were closed after it opened: the tail of `out`.
                    while out.last().is_some_and(|q| q.para == para && q.open > open.pos) {
                        out.pop();
                    }
                    out.push(Piece {
                        open: open.pos,
                        start: open.pos + open.len,
                        end: pos,
                        close: pos + mark.len(),
                        closed: true,
                        reopened: false,
                        pair: p,
                        para,
                    });
                }
                stack.truncate(depth);
            } else if can_open {
                stack.push((hit, gl.single_pair.unwrap_or(0), true));
            }
        }
        pos += mark.len();
    }
    // The outermost open double mark, if any, runs to the paragraph's end.
    if let Some(&(open, p, _)) = stack.iter().find(|e| !e.2) {
        out.push(Piece {
            open: open.pos,
            start: open.pos + open.len,
            end: trim_end(text, open.pos + open.len, pe),
            close: pe,
            closed: false,
            reopened: false,
            pair: p,
            para,
        });
    }
}

/// The end of an HTML or XML tag starting at `pos` (`<a href="…">`,
/// `</p>`): a `<` followed by a letter or `/`, up to the next `>` with no
/// `<` before it.
fn tag_end(bytes: &[u8], pos: usize, pe: usize) -> Option<usize> {
    if bytes[pos] != b'<'
        || !bytes
            .get(pos + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/')
    {
        return None;
    }
    let rest = &bytes[pos + 1..pe];
    let close = memchr::memchr2(b'>', b'<', rest)?;
    (rest[close] == b'>').then_some(pos + 1 + close + 1)
}

fn trim_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

/// Does the paragraph start with an opening mark of a double pair?
fn opens_with_mark(text: &str, ps: usize, pe: usize, set: &MarkSet) -> bool {
    let body = text[ps..pe].trim_start();
    set.double_opens.iter().any(|o| body.starts_with(o.as_str()))
}

/// Finds every quote in `text`, given its paragraphs as byte ranges.
pub fn scan(text: &str, paragraphs: &[(usize, usize)], skip: &[bool], marks: &[MarkPair]) -> Vec<Span> {
    scan_with(text, paragraphs, skip, &MarkSet::new(marks))
}

/// [`scan`] with the grammar's marks already prepared.
pub fn scan_with(text: &str, paragraphs: &[(usize, usize)], skip: &[bool], set: &MarkSet) -> Vec<Span> {
    let mut pieces = Vec::new();
    for (pi, &range) in paragraphs.iter().enumerate() {
        if !skip[pi] {
            scan_paragraph(text, range, pi, set, &mut pieces);
        }
    }
    let mut spans: Vec<Span> = Vec::new();
    let mut open_chain: Option<Span> = None;
    for piece in pieces {
        if let Some(mut chain) = open_chain.take() {
            let last = chain.pieces.last().expect("a chain has a piece");
            let continues = piece.para == last.para + 1
                && paragraphs[piece.para].0 + leading_ws(text, paragraphs[piece.para]) == piece.open
                && chain.pieces.len() < MAX_PARAGRAPHS;
            if continues {
                let closed = piece.closed;
                chain.pieces.push(piece);
                if closed {
                    spans.push(chain);
                } else {
                    open_chain = Some(chain);
                }
                continue;
            }
            chain.unclosed = true;
            spans.push(chain);
        }
        if piece.closed {
            spans.push(Span {
                pieces: vec![piece],
                unclosed: false,
                truncated: false,
            });
        } else {
            // An unclosed piece continues when the next paragraph reopens it.
            let next = piece.para + 1;
            let reopens = next < paragraphs.len()
                && !skip[next]
                && opens_with_mark(text, paragraphs[next].0, paragraphs[next].1, set);
            let chain = Span {
                pieces: vec![piece],
                unclosed: false,
                truncated: false,
            };
            if reopens {
                open_chain = Some(chain);
            } else {
                let mut chain = chain;
                chain.unclosed = true;
                spans.push(chain);
            }
        }
    }
    if let Some(mut chain) = open_chain {
        chain.unclosed = true;
        spans.push(chain);
    }
    for span in &mut spans {
        if span.unclosed {
            let last = span.pieces.last_mut().expect("a span has a piece");
            if last.end - last.start > MAX_UNCLOSED {
                let mut cut = last.start + MAX_UNCLOSED;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                last.end = cut;
                span.truncated = true;
            }
        }
    }
    spans
}

/// The quotes inside `[start, end)` of `text`, the words of one quote
/// without its marks ("comment about ‘Second Amendment people’ was
/// heard"): the outermost closed ones, as content byte ranges. What
/// [`scan`] leaves inside the quote that holds them.
pub fn nested(text: &str, (start, end): (usize, usize), set: &MarkSet) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    scan_paragraph(text, (start, end), 0, set, &mut pieces);
    pieces
        .into_iter()
        .filter(|p| p.closed && !p.reopened && p.start < p.end)
        .map(|p| (p.start, p.end))
        .collect()
}

fn leading_ws(text: &str, (ps, pe): (usize, usize)) -> usize {
    let body = &text[ps..pe];
    body.len() - body.trim_start().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grammar::Grammar;

    fn quotes(text: &str) -> Vec<String> {
        let g = Grammar::builtin("en").unwrap();
        let paras = crate::extract::paragraphs(text);
        let skip = vec![false; paras.len()];
        scan(text, &paras, &skip, &g.marks)
            .iter()
            .map(|s| {
                s.pieces
                    .iter()
                    .map(|p| &text[p.start..p.end])
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    }

    #[test]
    fn curly_and_straight() {
        assert_eq!(quotes("He said “yes,” and \"no.\""), ["yes,", "no."]);
    }

    #[test]
    fn issue14_a_quote_left_open_ends_where_the_next_one_opens() {
        // British copy often opens the next sentence's quote without
        // closing the last one.
        assert_eq!(
            quotes("He said: \"We will win. \"Nobody can stop us now.\" Then he left."),
            ["We will win.", "Nobody can stop us now."]
        );
        // A quote inside a quote that does not start a sentence stays inside.
        assert_eq!(quotes("“Tell them “no” today,” she said."), ["Tell them “no” today,"]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert_eq!(quotes("Russia’s mission hasn’t ‘moved’ since the ’90s."), ["moved"]);
        assert_eq!(quotes("The voters’ choice was clear."), Vec::<String>::new());
    }

    #[test]
    fn nested_quotes_stay_inside() {
        assert_eq!(
            quotes("“The problem is, ‘unacceptable’ doesn’t begin to describe it,” he said."),
            ["The problem is, ‘unacceptable’ doesn’t begin to describe it,"]
        );
    }

    #[test]
    fn the_quotes_nested_in_a_quote() {
        let g = Grammar::builtin("en").unwrap();
        let set = MarkSet::new(&g.marks);
        let inner = |t: &str| -> Vec<String> {
            nested(t, (0, t.len()), &set)
                .into_iter()
                .map(|(s, e)| t[s..e].to_string())
                .collect()
        };
        assert_eq!(
            inner("Your comment about ‘Second Amendment people’ was heard around the world."),
            ["Second Amendment people"]
        );
        assert_eq!(
            inner("He asked “what difference does it make?” again"),
            ["what difference does it make?"]
        );
        assert!(inner("The voters’ choice hasn’t changed since the ’90s.").is_empty());
        assert!(inner("It was ‘left open").is_empty());
    }

    #[test]
    fn only_the_outermost_quote_around_a_nested_double() {
        // Issue #2: British style, a double quote inside a single one.
        assert_eq!(
            quotes("‘Call it “fine” now,’ she said, and ’90s “hits” played."),
            ["Call it “fine” now,", "hits"]
        );
        // A single mark left open was an apostrophe: the double stands.
        assert_eq!(quotes("The ’em “stay” rule."), ["stay"]);
    }

    #[test]
    fn doubled_apostrophes() {
        assert_eq!(quotes("He called it ''a great example'' of that."), ["a great example"]);
        assert_eq!(
            quotes("''I tell them, 'sorry, we do not care,''' said Mr. Meyer."),
            ["I tell them, 'sorry, we do not care,'"]
        );
    }

    #[test]
    fn guillemets_and_german() {
        assert_eq!(
            quotes("Er sagte: „Wir bleiben.“ Dann «\u{a0}non\u{a0}»."),
            ["Wir bleiben.", "\u{a0}non\u{a0}"]
        );
        assert_eq!(quotes("»Das reicht«, sagte er."), ["Das reicht"]);
    }

    #[test]
    fn glued_mark() {
        assert_eq!(quotes("vowing“Russia will respond.”"), ["Russia will respond."]);
    }

    #[test]
    fn multi_paragraph_quote() {
        let t = "“First part.\n\n“Second part.\n\n“Third.” he said.";
        assert_eq!(quotes(t), ["First part.|Second part.|Third."]);
    }

    #[test]
    fn tag_attributes_are_not_quotes() {
        assert_eq!(
            quotes("See <a href=\"x.html\" target=”_blank”>this</a> and “that” too."),
            ["that"]
        );
    }

    #[test]
    fn marks_come_from_the_grammar() {
        // Issue #2: pairs made of characters no built-in uses were never found.
        let src = "language = xx\n[marks]\n<< >>\n「 」\n";
        let g = Grammar::parse(src, "test.qg").unwrap();
        let text = "He said <<we stay>> and 「we go」 today.";
        let paras = crate::extract::paragraphs(text);
        let spans = scan(text, &paras, &vec![false; paras.len()], &g.marks);
        let found: Vec<&str> = spans
            .iter()
            .map(|s| &text[s.pieces[0].start..s.pieces[0].end])
            .collect();
        assert_eq!(found, ["we stay", "we go"]);
    }

    #[test]
    fn unclosed_quote_stops_at_paragraph() {
        let t = "He said “this never ends.\n\nNext paragraph “is fine.”";
        let g = Grammar::builtin("en").unwrap();
        let paras = crate::extract::paragraphs(t);
        let spans = scan(t, &paras, &vec![false; paras.len()], &g.marks);
        assert_eq!(spans.len(), 2);
        assert!(spans[0].unclosed);
        assert_eq!(&t[spans[0].pieces[0].start..spans[0].pieces[0].end], "this never ends.");
        assert!(!spans[1].unclosed);
    }
}
