//! Bylines: which elements hold one, and their text cleaned into
//! person names (no "By", dates, job titles or the outlet; a news agency
//! only when no one is named).

use super::{clean_space, squash};

pub(super) fn is_byline_class(class: Option<&str>) -> bool {
    class.is_some_and(|c| {
        c.split_whitespace().any(|w| {
            (w.contains("byline") && !w.contains("title") && !w.contains("date"))
                || matches!(w, "author" | "author-name" | "article-author")
        })
    })
}
/// News agencies that bylines name in one word.
const AGENCIES: &[&str] = &[
    "AP",
    "AFP",
    "Reuters",
    "PTI",
    "IANS",
    "ANI",
    "dpa",
    "AAP",
    "UPI",
    "Xinhua",
    "EFE",
    "ANSA",
    "Kyodo",
    "Yonhap",
    "TASS",
    "KNA",
    "epd",
    "APA",
    "SDA",
    "Bloomberg",
];
/// Words that mark the part of a byline that is not a person.
const NOT_PERSON: &[&str] = &[
    "staff",
    "reporter",
    "correspondent",
    "editor",
    "writer",
    "news",
    "business",
    "press",
    "agency",
    "agencies",
    "contributor",
    "team",
    "desk",
    "reuters",
    "afp",
    "ap",
    "updated",
    "published",
    "photo",
    "photos",
    "video",
    "min",
    "read",
    "follow",
    "email",
    "twitter",
];
/// Cleans bylines into a list of person names joined by ", ": drops "By",
/// dates, e-mail addresses, job titles and the outlet.
pub fn clean_authors(raw: &[String], site: Option<&str>) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    let mut orgs: Vec<String> = Vec::new();
    for r in raw {
        let r = clean_space(r);
        if r.starts_with("http") {
            continue;
        }
        let r = strip_by(&r);
        for part in r
            .split([',', ';', '|', '•', '\n'])
            .flat_map(|p| p.split(" and "))
            .flat_map(|p| p.split(" & "))
            .flat_map(|p| p.split(" und "))
        {
            // "X - 2019-04-10", "X – Reporter": keep what stands before.
            let part = part.split([' ', '\u{a0}']).collect::<Vec<_>>().join(" ");
            let part = part
                .split(" - ")
                .next()
                .unwrap_or("")
                .split(" – ")
                .next()
                .unwrap_or("")
                .split(" — ")
                .next()
                .unwrap_or("");
            let part = strip_by(part.trim())
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string();
            if part.is_empty() || part.contains('@') || part.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            let words: Vec<&str> = part.split_whitespace().collect();
            if words.is_empty() || words.len() > 5 {
                continue;
            }
            if words.len() < 2 {
                // One word is a user name ("KWCHCIK") unless it is a
                // news agency.
                if AGENCIES.iter().any(|a| a.eq_ignore_ascii_case(&part)) && !orgs.contains(&part) {
                    orgs.push(part);
                }
                continue;
            }
            if words
                .iter()
                .any(|w| NOT_PERSON.contains(&w.to_ascii_lowercase().trim_matches('.')))
            {
                // An agency is the author only when the byline names no one.
                if orgs.len() < 2 && !orgs.contains(&part) {
                    orgs.push(part);
                }
                continue;
            }
            if site.is_some_and(|s| squash(s) == squash(&part)) {
                continue;
            }
            if !words[0].chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            if !names.iter().any(|n| squash(n) == squash(&part)) {
                names.push(part);
            }
        }
    }
    if names.is_empty() {
        names = orgs;
    }
    (!names.is_empty()).then(|| names.join(", "))
}

fn strip_by(s: &str) -> &str {
    let t = s.trim();
    for p in [
        "By ",
        "by ",
        "BY ",
        "By: ",
        "by: ",
        "Von ",
        "von ",
        "Written by ",
        "Posted by ",
    ] {
        if let Some(r) = t.strip_prefix(p) {
            return r.trim();
        }
    }
    t
}
