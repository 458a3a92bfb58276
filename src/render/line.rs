//! One analysed article as a line of JSON, written by hand: the bytes
//! `serde_json::to_writer` writes for [`Analysed`] (its derived
//! `Serialize`, field for field), at a fraction of the cost. Through serde
//! the strings were escaped a byte at a time and every fragment was a
//! call into the writer: a twentieth of `extract --format jsonl`
//! (BENCHMARKS.md, issue 14). The tests hold the two to the same bytes.

use crate::article::Analysed;
use crate::extract::{Diagnostic, Quote};

/// Appends `a` as serde_json writes it (compact, no newline).
pub(super) fn analysed(out: &mut Vec<u8>, a: &Analysed) {
    out.extend_from_slice(b"{\"id\":");
    string(out, &a.id);
    out.extend_from_slice(b",\"title\":");
    opt_string(out, a.title.as_deref());
    out.extend_from_slice(b",\"outlet\":");
    opt_string(out, a.outlet.as_deref());
    out.extend_from_slice(b",\"published\":");
    opt_string(out, a.published.as_deref());
    out.extend_from_slice(b",\"author\":");
    opt_string(out, a.author.as_deref());
    out.extend_from_slice(b",\"url\":");
    opt_string(out, a.url.as_deref());
    out.extend_from_slice(b",\"language\":");
    string(out, &a.language);
    out.extend_from_slice(b",\"quotes\":[");
    for (i, q) in a.quotes.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        quote(out, q);
    }
    out.extend_from_slice(b"],\"diagnostics\":[");
    for (i, d) in a.diagnostics.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        diagnostic(out, d);
    }
    out.extend_from_slice(b"]}");
}

fn quote(out: &mut Vec<u8>, q: &Quote) {
    out.extend_from_slice(b"{\"text\":");
    string(out, &q.text);
    out.extend_from_slice(b",\"start\":");
    number(out, q.start);
    out.extend_from_slice(b",\"end\":");
    number(out, q.end);
    out.extend_from_slice(b",\"segments\":[");
    for (i, [s, e]) in q.segments.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        number(out, *s);
        out.push(b',');
        number(out, *e);
        out.push(b']');
    }
    out.extend_from_slice(b"],\"kind\":");
    string(out, q.kind.as_str());
    out.extend_from_slice(b",\"speaker\":");
    opt_string(out, q.speaker.as_deref());
    out.extend_from_slice(b",\"speaker_canonical\":");
    opt_string(out, q.speaker_canonical.as_deref());
    out.extend_from_slice(b",\"speaker_start\":");
    opt_number(out, q.speaker_start);
    out.extend_from_slice(b",\"speaker_end\":");
    opt_number(out, q.speaker_end);
    out.extend_from_slice(b",\"cue\":");
    opt_string(out, q.cue.as_deref());
    out.extend_from_slice(b",\"conduit\":");
    opt_string(out, q.conduit.as_deref());
    out.push(b'}');
}

fn diagnostic(out: &mut Vec<u8>, d: &Diagnostic) {
    out.extend_from_slice(b"{\"kind\":");
    string(out, d.kind.as_str());
    out.extend_from_slice(b",\"start\":");
    number(out, d.start);
    out.extend_from_slice(b",\"end\":");
    number(out, d.end);
    out.extend_from_slice(b",\"message\":");
    string(out, &d.message);
    out.push(b'}');
}

fn number(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

fn opt_number(out: &mut Vec<u8>, n: Option<usize>) {
    match n {
        Some(n) => number(out, n),
        None => out.extend_from_slice(b"null"),
    }
}

fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// `s` as a JSON string, escaped as serde_json escapes: `"`, `\` and the
/// control chars below U+0020 (`\b \t \n \f \r` by name, the rest as
/// `\u00xx`); everything else as it is.
fn string(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let mut clean = 0;
    let mut i = 0;
    while i < b.len() {
        // Eight bytes at a time past the ones that need no escape.
        if let Some(chunk) = b.get(i..i + 8) {
            let found = maybe_escaped(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
            if found == 0 {
                i += 8;
                continue;
            }
            // The lowest flagged byte is exact; the ones above it may not be.
            i += (found.trailing_zeros() / 8) as usize;
        }
        let c = b[i];
        if c >= 0x20 && c != b'"' && c != b'\\' {
            i += 1;
            continue;
        }
        out.extend_from_slice(&b[clean..i]);
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x09 => out.extend_from_slice(b"\\t"),
            0x0a => out.extend_from_slice(b"\\n"),
            0x0c => out.extend_from_slice(b"\\f"),
            0x0d => out.extend_from_slice(b"\\r"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(b"\\u00");
                out.push(HEX[usize::from(c >> 4)]);
                out.push(HEX[usize::from(c & 0xf)]);
            }
        }
        i += 1;
        clean = i;
    }
    out.extend_from_slice(&b[clean..]);
    out.push(b'"');
}

/// The high bit of each of the eight bytes of `x` that may need an escape:
/// below 0x20, `"` or `\`. Exact for the lowest such byte (a borrow can
/// only flag bytes above a true one).
#[inline]
fn maybe_escaped(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |v: u64, n: u64| v.wrapping_sub(ONES * n) & !v & HIGH;
    below(x, 0x20) | below(x ^ (ONES * u64::from(b'"')), 1) | below(x ^ (ONES * u64::from(b'\\')), 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{DiagnosticKind, Kind};

    fn both(a: &Analysed) -> (String, String) {
        let mut mine = Vec::new();
        analysed(&mut mine, a);
        (String::from_utf8(mine).unwrap(), serde_json::to_string(a).unwrap())
    }

    fn sample(text: &str) -> Analysed {
        Analysed {
            id: text.to_string(),
            title: Some(format!("{text}{text}")),
            outlet: None,
            published: Some("2021-10-06".into()),
            author: None,
            url: Some(text.chars().rev().collect()),
            language: "en".into(),
            quotes: vec![
                Quote {
                    text: text.to_string(),
                    start: 0,
                    end: usize::MAX,
                    segments: vec![[0, 3], [7, 12345678901]],
                    kind: Kind::Statement,
                    speaker: Some(text.to_string()),
                    speaker_canonical: None,
                    speaker_start: Some(4),
                    speaker_end: None,
                    cue: Some("said".into()),
                    conduit: None,
                },
                Quote {
                    text: String::new(),
                    start: 9,
                    end: 9,
                    segments: vec![],
                    kind: Kind::Scare,
                    speaker: None,
                    speaker_canonical: Some(text.to_string()),
                    speaker_start: None,
                    speaker_end: Some(0),
                    cue: None,
                    conduit: Some(text.to_string()),
                },
            ],
            diagnostics: vec![Diagnostic {
                kind: DiagnosticKind::UnclosedQuote,
                start: 1,
                end: 2,
                message: text.to_string(),
            }],
        }
    }

    #[test]
    fn an_article_is_written_as_serde_json_writes_it() {
        for text in [
            "",
            "plain words",
            "“Wir schaffen das”, sagte sie — naïve café ½ 😀",
            "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u{7} nul \0 esc \u{1b} del \u{7f}",
            "\u{8}\u{c}\u{1f} \u{80}\u{9f}\u{a0}\u{2028}\u{2029}",
            "0123456\"89abcdef\\ghijklm\u{1}nopqrstu\nvwxyz",
            "\"\"\"\"\"\"\"\"\"\\\\\\\\\\\\\\\\\\\n\n\n\n\n\n\n\n\n",
            "!#$%&'()*+,-./0123456789:;<=>?@[]^_`{|}~",
        ] {
            let (mine, serde) = both(&sample(text));
            assert_eq!(mine, serde, "{text:?}");
        }
        for kind in [Kind::Partial, Kind::Headline] {
            let mut a = sample("x");
            a.quotes[0].kind = kind;
            a.diagnostics[0].kind = DiagnosticKind::TruncatedQuote;
            a.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::AmbiguousSpeaker,
                start: 0,
                end: 0,
                message: String::new(),
            });
            let (mine, serde) = both(&a);
            assert_eq!(mine, serde);
        }
        let empty = Analysed {
            quotes: vec![],
            diagnostics: vec![],
            ..sample("")
        };
        let (mine, serde) = both(&empty);
        assert_eq!(mine, serde);
    }

    #[test]
    fn every_byte_is_escaped_as_serde_json_escapes_it_wherever_it_stands() {
        // Each ASCII char at each offset of a chunk, among plain and
        // non-ASCII neighbours, so the eight-byte test meets it everywhere.
        for c in (0u8..0x80).map(char::from) {
            for at in 0..17 {
                let mut s: String = "aé".repeat(9).chars().take(17).collect();
                s.insert(s.char_indices().nth(at).map_or(s.len(), |(i, _)| i), c);
                let mut mine = Vec::new();
                string(&mut mine, &s);
                assert_eq!(
                    String::from_utf8(mine).unwrap(),
                    serde_json::to_string(&s).unwrap(),
                    "{c:?} at {at}"
                );
            }
        }
    }
}
