//! Article metadata read from the text itself when no field gives it:
//! title, dateline (normalized to ISO-8601 at its own precision), byline,
//! and outlet from a copyright line.

use nom::{
    branch::alt,
    bytes::complete::{tag, tag_no_case, take_while_m_n},
    character::complete::{char, space0, space1},
    combinator::{map_res, opt, recognize},
    sequence::preceded,
    IResult, Parser,
};

use crate::extract::{is_boilerplate, paragraphs};
use crate::grammar::Grammar;

/// What the text says about itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inferred {
    pub title: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub outlet: Option<String>,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn num(min: usize, max: usize) -> impl Fn(&str) -> IResult<&str, u32> {
    move |i| map_res(take_while_m_n(min, max, |c: char| c.is_ascii_digit()), str::parse).parse(i)
}

fn month_name(i: &str) -> IResult<&str, u32> {
    let word: String = i.chars().take_while(|c| c.is_alphabetic()).collect();
    let lower = word.to_lowercase();
    let found = MONTHS
        .iter()
        .position(|m| lower == *m || (lower.len() >= 3 && m.starts_with(&lower) && lower.len() <= 4));
    match found {
        Some(idx) if !word.is_empty() => {
            let rest = &i[word.len()..];
            let rest = rest.strip_prefix('.').unwrap_or(rest);
            Ok((rest, idx as u32 + 1))
        }
        _ => Err(nom::Err::Error(nom::error::Error::new(i, nom::error::ErrorKind::Alpha))),
    }
}

fn time(i: &str) -> IResult<&str, (u32, u32)> {
    let (i, (h, _, m)) = (num(1, 2), char(':'), num(2, 2)).parse(i)?;
    let (i, _) = opt((char(':'), num(2, 2))).parse(i)?;
    let (i, ampm) = opt(preceded(
        space0,
        alt((
            tag_no_case("am"),
            tag_no_case("pm"),
            tag_no_case("a.m."),
            tag_no_case("p.m."),
        )),
    ))
    .parse(i)?;
    let h = match ampm.map(|s| s.to_lowercase()) {
        Some(s) if s.starts_with('p') && h < 12 => h + 12,
        Some(s) if s.starts_with('a') && h == 12 => 0,
        _ => h,
    };
    Ok((i, (h, m)))
}

fn sep_time(i: &str) -> IResult<&str, (u32, u32)> {
    preceded(
        (
            space0,
            opt(alt((tag("–"), tag("—"), tag("-"), tag(","), tag("at"), tag("|")))),
            space0,
        ),
        time,
    )
    .parse(i)
}

fn weekday(i: &str) -> IResult<&str, &str> {
    recognize((
        alt((
            tag("Mon"),
            tag("Tue"),
            tag("Wed"),
            tag("Thu"),
            tag("Fri"),
            tag("Sat"),
            tag("Sun"),
        )),
        nom::character::complete::alpha0,
        opt(char('.')),
        opt(char(',')),
        space1,
    ))
    .parse(i)
}

/// `2021-10-06`, `2021-10-06T18:10:00Z`.
fn iso(i: &str) -> IResult<&str, String> {
    let (i, (y, _, mo, _, d)) = (num(4, 4), char('-'), num(2, 2), char('-'), num(2, 2)).parse(i)?;
    let (i, t) = opt(preceded(alt((char('T'), char(' '))), time)).parse(i)?;
    let (i, z) = opt(alt((
        tag("Z"),
        recognize((alt((char('+'), char('-'))), num(2, 2), opt(char(':')), num(2, 2))),
    )))
    .parse(i)?;
    Ok((i, render(y, mo, d, t, z)))
}

/// `10/06/2021` (US order) with an optional time.
fn slashed(i: &str) -> IResult<&str, String> {
    let (i, _) = opt(weekday).parse(i)?;
    let (i, (mo, _, d, _, y)) = (num(1, 2), char('/'), num(1, 2), char('/'), num(4, 4)).parse(i)?;
    let (i, t) = opt(sep_time).parse(i)?;
    Ok((i, render(y, mo, d, t, None)))
}

/// `October 6, 2021`, `Oct. 6 2021`, with an optional time.
fn month_day_year(i: &str) -> IResult<&str, String> {
    let (i, _) = opt(weekday).parse(i)?;
    let (i, (mo, _, d, _, _, y)) = (month_name, space1, num(1, 2), opt(char(',')), space1, num(4, 4)).parse(i)?;
    let (i, t) = opt(sep_time).parse(i)?;
    Ok((i, render(y, mo, d, t, None)))
}

/// `6 October 2021`.
fn day_month_year(i: &str) -> IResult<&str, String> {
    let (i, _) = opt(weekday).parse(i)?;
    let (i, (d, _, _, mo, _, y)) = (num(1, 2), opt(char('.')), space1, month_name, space1, num(4, 4)).parse(i)?;
    let (i, t) = opt(sep_time).parse(i)?;
    Ok((i, render(y, mo, d, t, None)))
}

fn render(y: u32, mo: u32, d: u32, t: Option<(u32, u32)>, zone: Option<&str>) -> String {
    let mut s = format!("{y:04}-{mo:02}-{d:02}");
    if let Some((h, m)) = t {
        s.push_str(&format!("T{h:02}:{m:02}"));
        if let Some(z) = zone {
            s.push_str(z);
        }
    }
    s
}

fn valid(s: &str) -> bool {
    let mo: u32 = s[5..7].parse().unwrap_or(0);
    let d: u32 = s[8..10].parse().unwrap_or(0);
    let y: u32 = s[..4].parse().unwrap_or(0);
    (1..=12).contains(&mo) && (1..=31).contains(&d) && (1900..=2100).contains(&y) && {
        s.len() < 16 || {
            let h: u32 = s[11..13].parse().unwrap_or(99);
            let m: u32 = s[14..16].parse().unwrap_or(99);
            h < 24 && m < 60
        }
    }
}

/// Finds the first date in `line`, in any common news form, as ISO-8601
/// keeping its precision (a day, or a minute).
pub fn parse_date(line: &str) -> Option<String> {
    // Every form has a day or a year in digits.
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut rest = line;
    while !rest.is_empty() {
        if let Ok((_, d)) = alt((iso, slashed, month_day_year, day_month_year)).parse(rest) {
            if valid(&d) {
                return Some(d);
            }
        }
        let skip = rest.chars().next().map_or(1, char::len_utf8);
        rest = &rest[skip..];
        // Only start at a word boundary.
        while let Some(c) = rest.chars().next() {
            if c.is_alphanumeric()
                && !rest.is_empty()
                && line.len() > rest.len()
                && line[..line.len() - rest.len()]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            {
                rest = &rest[c.len_utf8()..];
            } else {
                break;
            }
        }
    }
    None
}

fn looks_like_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
        })
}

/// Reads title, date, author and outlet from an article's own text.
pub fn infer(text: &str, g: &Grammar) -> Inferred {
    infer_with(text, &paragraphs(text), g, true)
}

/// `s.chars().count() <= n`, settled by the byte length where it can be (a
/// char is one to four bytes): counting the chars of every paragraph of
/// every article was a third of [`infer_with`].
fn at_most_chars(s: &str, n: usize) -> bool {
    s.len() <= n || s.len() <= 4 * n && s.chars().count() <= n
}

/// [`infer`] from the text's paragraphs ([`paragraphs`]), reading the
/// title only if `want_title` (a caller that has the title already saves
/// the work).
pub fn infer_with(text: &str, paras: &[(usize, usize)], g: &Grammar, want_title: bool) -> Inferred {
    let mut out = Inferred::default();
    let lines: Vec<&str> = paras.iter().map(|&(s, e)| text[s..e].trim()).collect();
    if want_title {
        out.title = lines
            .iter()
            .find(|l| !is_boilerplate(g, l) && at_most_chars(l, 300))
            .map(|l| l.to_string());
    }
    for (i, line) in lines.iter().enumerate() {
        let short = at_most_chars(line, 80);
        if out.published.is_none() && short {
            if let Some(d) = parse_date(line) {
                out.published = Some(d);
                // A bare name just above a dateline is the byline.
                if out.author.is_none()
                    && i > 0
                    && looks_like_name(lines[i - 1])
                    && lines[i - 1] != out.title.as_deref().unwrap_or("")
                {
                    out.author = Some(lines[i - 1].to_string());
                }
            }
        }
        if out.author.is_none() && short {
            if let Some(name) = line.strip_prefix("By ").or_else(|| line.strip_prefix("by ")) {
                let name = name.split([',', '|', '—', '–']).next().unwrap_or("").trim();
                if looks_like_name(name) {
                    out.author = Some(name.to_string());
                }
            }
        }
        if out.outlet.is_none() && short {
            let rest = line
                .strip_prefix('©')
                .or_else(|| line.strip_prefix("(c)"))
                .or_else(|| line.strip_prefix("Copyright ©"))
                .or_else(|| line.strip_prefix("Copyright"));
            if let Some(rest) = rest {
                let rest = rest
                    .trim_start()
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '–' || c == ' ');
                let name = rest.split(['.', ',', '|']).next().unwrap_or("").trim();
                let name = name.trim_end_matches("All rights reserved").trim();
                if !name.is_empty() && name.len() < 60 {
                    out.outlet = Some(name.to_string());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue14_at_most_chars_counts_as_chars_count_does() {
        for s in ["", "a", "é", "😀😀", "abc", "ééé", "a😀b"] {
            for n in 0..10 {
                assert_eq!(at_most_chars(s, n), s.chars().count() <= n, "{s:?} {n}");
            }
        }
    }

    #[test]
    fn dates_in_common_forms() {
        assert_eq!(
            parse_date("Wed, 10/06/2021 – 18:10").as_deref(),
            Some("2021-10-06T18:10")
        );
        assert_eq!(parse_date("October 6, 2021").as_deref(), Some("2021-10-06"));
        assert_eq!(
            parse_date("Published Oct. 6, 2021 at 3:05 pm").as_deref(),
            Some("2021-10-06T15:05")
        );
        assert_eq!(parse_date("6 October 2021").as_deref(), Some("2021-10-06"));
        assert_eq!(parse_date("2025-03-05T14:20:00Z").as_deref(), Some("2025-03-05T14:20Z"));
        assert_eq!(parse_date("2021-10-06").as_deref(), Some("2021-10-06"));
        assert_eq!(parse_date("nothing here 12/45/2021"), None);
    }

    #[test]
    fn title_byline_and_outlet() {
        let g = Grammar::builtin("en").unwrap();
        let text = "Share This Post!\n\nHarbour shut after spill\n\nBody “quote” here.\n\nJane Roe\nTue, 03/04/2025 – 09:15\n\n© 2025 Harbor Gazette";
        let m = infer(text, &g);
        assert_eq!(m.title.as_deref(), Some("Harbour shut after spill"));
        assert_eq!(m.published.as_deref(), Some("2025-03-04T09:15"));
        assert_eq!(m.author.as_deref(), Some("Jane Roe"));
        assert_eq!(m.outlet.as_deref(), Some("Harbor Gazette"));
    }
}
