//! The outlet a page is from: a site name that is no platform or handle,
//! a host's outlet name (`grammars/outlets.tsv`, else its own label), a
//! title's tail that names the site, and a title without the site name.

use super::{clean_space, squash};

/// Site names that are the software or host a page runs on, not who
/// publishes it.
const PLATFORMS: &[&str] = &[
    "wordpress",
    "blogger",
    "blogspot",
    "tumblr",
    "wix",
    "squarespace",
    "medium",
    "hosted",
];
/// "Autoracing | F1 | Indy" names the site by its first part.
pub(super) fn first_part(s: &str) -> String {
    s.split(" | ").next().unwrap_or(s).trim().to_string()
}

pub(super) fn plausible_outlet(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('@')
        && !s.starts_with("http")
        && s.chars().count() <= 80
        && !PLATFORMS.contains(&s.to_ascii_lowercase().as_str())
}

/// A title without the site name that pages append (" | Site",
/// " - Site"), when it is the site's.
pub(super) fn strip_site(title: &str, site: Option<&str>) -> String {
    let title = title.trim();
    // "Site: Headline" as well as "Headline | Site".
    if let Some(rest) = site.and_then(|s| title.strip_prefix(s)) {
        if let Some(rest) = rest.strip_prefix(": ").or_else(|| rest.strip_prefix(" | ")) {
            if !rest.trim().is_empty() {
                return rest.trim().to_string();
            }
        }
    }
    for sep in TITLE_SEPARATORS {
        if let Some(at) = title.rfind(sep) {
            let tail = title[at + sep.len()..].trim();
            let same = site.is_some_and(|s| squash(s) == squash(tail) || squash(tail).contains(&squash(s)));
            if same && at > 0 {
                return title[..at].trim().to_string();
            }
        }
    }
    title.to_string()
}

const TITLE_SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · "];

/// The last part of a title, when it names the site whose host label is
/// `label`.
pub(super) fn title_tail_naming(title: &str, label: &str) -> Option<String> {
    let title = clean_space(title);
    let label = squash(label);
    if label.len() < 3 {
        return None;
    }
    TITLE_SEPARATORS.iter().find_map(|sep| {
        let at = title.rfind(sep)?;
        let tail = title[at + sep.len()..].trim();
        (at > 0 && tail.len() <= 60 && squash(tail).starts_with(&label)).then(|| tail.to_string())
    })
}
pub(super) fn host(url: &str) -> Option<String> {
    let rest = url.split("://").nth(1)?;
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .split('@')
        .next_back()?
        .split(':')
        .next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// A readable outlet name for a host: the project's table of news hosts
/// (`grammars/outlets.tsv`), else the host without its `www.`.
pub fn outlet_from_host(host: &str) -> String {
    let bare = host
        .trim_start_matches("www.")
        .trim_start_matches("m.")
        .trim_start_matches("amp.")
        .trim_start_matches("edition.");
    let mut cut = bare;
    loop {
        if let Some(name) = crate::grammar::outlet_for_host(cut) {
            return name.to_string();
        }
        match cut.find('.') {
            Some(i) if cut[i + 1..].contains('.') => cut = &cut[i + 1..],
            _ => return site_label(bare).to_string(),
        }
    }
}
/// The name a host is known by: its registrable domain's own label
/// ("politifact" of www.politifact.com, "bbc" of news.bbc.co.uk).
fn site_label(host: &str) -> &str {
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    if n < 2 {
        return host;
    }
    // A two-level public suffix: co.uk, com.au, org.nz…
    let two_level = n >= 3 && labels[n - 1].len() == 2 && labels[n - 2].len() <= 3;
    labels[if two_level { n - 3 } else { n - 2 }]
}
