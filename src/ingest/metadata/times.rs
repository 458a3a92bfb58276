//! Publication times: a declared time normalized to ISO 8601 at its own
//! precision, a later declaration that refines the first, a date in a
//! URL's path, and dates a page prints in its text.

/// How pages introduce the publication date in their text.
pub(super) const PUBLISHED_CUES: &[&str] = &["published", "posted on", "posted:", "veröffentlicht", "erschienen am"];

/// A text that is a date in words or digits and nothing else: at most a
/// weekday or a time beside it.
pub(super) fn is_bare_date(t: &str) -> bool {
    let words = t.split_whitespace().count();
    (2..=7).contains(&words)
        && t.bytes().filter(u8::is_ascii_digit).count() >= 4
        && t.chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace() || matches!(c, ',' | '.' | ':' | '/' | '-'))
        && crate::meta::parse_date(&without_ordinals(t)).is_some()
}

/// "November 18th, 2019" → "November 18, 2019".
pub(super) fn without_ordinals(t: &str) -> String {
    t.split(' ')
        .map(|w| {
            let bare = w.trim_end_matches(',');
            let digits = bare.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let suffix = &bare[digits.len()..];
            if !digits.is_empty()
                && digits.len() <= 2
                && digits.bytes().all(|b| b.is_ascii_digit())
                && matches!(suffix, "st" | "nd" | "rd" | "th")
            {
                format!("{digits}{}", &w[bare.len()..])
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
/// Normalizes a declared time to ISO 8601, keeping its offset and its
/// precision: `2019-11-19T13:03:00-05:00`, `2019-11-19T13:03:00` (no
/// offset given) or `2019-11-19`.
pub fn iso_time(s: &str) -> Option<String> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime};
    let s = s.trim();
    if s.len() < 8 || s.len() > 64 {
        return None;
    }
    let with_offset = |d: DateTime<chrono::FixedOffset>| d.format("%Y-%m-%dT%H:%M:%S%:z").to_string();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(with_offset(d));
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%dT%H:%M:%S%.f %z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(with_offset(d));
        }
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(with_offset(d));
    }
    // "...Z" with a form rfc3339 refuses (no seconds, say).
    if let Some(base) = s
        .strip_suffix('Z')
        .or_else(|| s.strip_suffix(" UTC"))
        .or_else(|| s.strip_suffix(" GMT"))
    {
        if let Some(t) = naive(base) {
            return Some(format!("{}+00:00", t.format("%Y-%m-%dT%H:%M:%S")));
        }
    }
    fn naive(s: &str) -> Option<NaiveDateTime> {
        [
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M",
        ]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    }
    if let Some(t) = naive(s) {
        return Some(t.format("%Y-%m-%dT%H:%M:%S").to_string());
    }
    let day = s.get(..10).unwrap_or(s);
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(day, f) {
            return Some(d.format("%Y-%m-%d").to_string());
        }
    }
    crate::meta::parse_date(s)
}

/// Whether `better` states what `first` states and more: an offset the
/// first lacks, on the same local time, or a time on the same day.
pub(super) fn refines(first: &str, better: &str) -> bool {
    let has_offset = |t: &str| t.len() > 19;
    if has_offset(first) {
        return false;
    }
    if first.len() == 10 {
        return better.len() > 10 && better.starts_with(first);
    }
    // A naive time: the same minute, with an offset.
    has_offset(better) && better.get(..16) == first.get(..16)
}

/// A date in a URL's path: `/2019/11/19/` or `/2019-11-19/`.
pub(super) fn url_date(url: &str) -> Option<String> {
    let path = url.split("://").nth(1).and_then(|r| r.find('/').map(|i| &r[i..]))?;
    let parts: Vec<&str> = path.split(['/', '-', '_']).collect();
    parts.windows(3).find_map(|w| {
        let (y, m, d) = (w[0], w[1], w[2]);
        if y.len() == 4 && m.len() == 2 && d.len() == 2 {
            let iso = format!("{y}-{m}-{d}");
            chrono::NaiveDate::parse_from_str(&iso, "%Y-%m-%d").ok().map(|_| iso)
        } else {
            None
        }
    })
}
