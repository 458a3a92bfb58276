//! The article's layout: its paragraphs, and which of them hold no
//! quotes of the article's own (boilerplate, markup) or repeat its
//! headline.

use crate::grammar::Grammar;

/// Splits text into paragraphs: non-blank lines, as byte ranges without
/// their line ending (`\n`, `\r\n`, or a lone `\r`).
pub(crate) fn paragraphs(text: &str) -> Vec<(usize, usize)> {
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
pub(crate) fn is_boilerplate(g: &Grammar, para: &str) -> bool {
    let Some(cues) = g.boilerplate_matcher() else {
        return false;
    };
    if para.len() > 300 {
        return false;
    }
    let mut lower = String::with_capacity(para.len());
    crate::grammar::push_lower(&mut lower, para);
    cues.is_match(&lower)
}

/// Is this paragraph markup, an embedded tweet or an HTML tag
/// (`<tweet id="…">…`)? Its quote marks delimit attribute values.
fn is_markup(para: &str) -> bool {
    let p = para.trim_start();
    p.strip_prefix('<')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') && rest.contains('>'))
}

/// Does this paragraph repeat the article's title, a period added or not?
/// The added period may stand inside a closing quote mark (American
/// style: title "… Heads’", paragraph "… Heads.’"): a quote there is the
/// headline's, not a quote of the body (issue 14).
fn same_title(para: &str, title: &str) -> bool {
    fn words(s: &str) -> Vec<&str> {
        s.trim().trim_end_matches(['.', ' ']).split_whitespace().collect()
    }
    let (t, p) = (title.trim(), para.trim());
    // Cheap rejection: texts this different in length cannot match.
    if t.is_empty() || p.len() > t.len() * 2 + 8 || t.len() > p.len() * 2 + 8 {
        return false;
    }
    let (t, p) = (words(t), words(para));
    let Some((tl, p_last)) = t.last().zip(p.last()) else {
        return false;
    };
    let n = t.len() - 1;
    p.len() == t.len() && t[..n] == p[..n] && (tl == p_last || period_inside_close(p_last) == *tl)
}

/// A word with the period before its closing quote marks dropped
/// ("Heads.’" -> "Heads’"); other words as they are.
fn period_inside_close(w: &str) -> String {
    let body = w.trim_end_matches(CLOSERS);
    match body.strip_suffix('.') {
        Some(head) => format!("{head}{}", &w[body.len()..]),
        None => w.to_string(),
    }
}

const CLOSERS: [char; 6] = ['’', '\'', '"', '”', '»', '“'];

/// For each paragraph of `text`: whether to skip it (boilerplate or
/// markup), and whether it repeats the article's `title`.
pub(super) fn flags(g: &Grammar, text: &str, paras: &[(usize, usize)], title: Option<&str>) -> (Vec<bool>, Vec<bool>) {
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
    (skip, headline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::testing::extract;
    use crate::extract::Kind;

    #[test]
    fn paragraphs_end_at_any_line_ending() {
        let text = "one\rtwo\r\nthree\n\r\nfour";
        let p: Vec<&str> = paragraphs(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(p, ["one", "two", "three", "four"]);
    }

    #[test]
    fn issue14_a_title_repeated_with_its_period_inside_the_closing_quote_is_the_headline() {
        assert!(same_title("Mayor Calls Plan ‘a Fraud.’", "Mayor Calls Plan ‘a Fraud’"));
        assert!(same_title(
            "Mayor says plan is 'a fraud.'",
            "Mayor says plan is 'a fraud'"
        ));
        assert!(same_title("Mayor quits.", "Mayor quits"));
        assert!(!same_title("Mayor Calls Plan ‘a Fraud.’", "Mayor Calls Plan ‘a Farce’"));
        assert!(!same_title(
            "Mayor Calls Plan ‘a Fraud.’ Then he left.",
            "Mayor Calls Plan ‘a Fraud’"
        ));
        let q = crate::extract::Extractor::new(crate::grammar::Grammar::builtin("en").unwrap())
            .extract(
                "Mayor Calls Plan ‘a Fraud.’\n\n“It is a fraud,” Mayor Ann Lee said.\n",
                Some("Mayor Calls Plan ‘a Fraud’"),
            )
            .quotes;
        let kinds: Vec<Kind> = q.iter().map(|q| q.kind).collect();
        assert_eq!(kinds, [Kind::Headline, Kind::Statement], "{q:?}");
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
}
