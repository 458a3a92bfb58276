//! Outlets and their house styles: names, quote marks, datelines (which
//! are also the precision of a publication time) and boilerplate.

use chacha20::ChaCha8Rng;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::RngExt;
use serde::{Deserialize, Serialize};

/// An outlet's quote marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Marks {
    /// “…”
    Curly,
    /// "…"
    Straight,
    /// « … » with no-break spaces inside
    Guillemets,
    /// „…“
    German,
}

impl Marks {
    pub(super) fn pair(self) -> (&'static str, &'static str) {
        match self {
            Marks::Curly => ("“", "”"),
            Marks::Straight => ("\"", "\""),
            Marks::Guillemets => ("«\u{a0}", "\u{a0}»"),
            Marks::German => ("„", "“"),
        }
    }
}

/// How an outlet writes its dateline, which is also the precision of its
/// publication time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dateline {
    /// `LONDON, 2024-03-05T14:10 —` (a minute)
    IsoMinute,
    /// `March 5, 2024 14:10` (a minute)
    MonthDayTime,
    /// `5 March 2024` (a day)
    DayMonth,
    /// `03/05/2024 2:10 pm` (a minute)
    Slashed,
}

/// An outlet and its house style.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outlet {
    pub name: String,
    pub marks: Marks,
    pub dateline: Dateline,
    /// Lines the outlet puts under every article.
    pub boilerplate: Vec<String>,
    /// The outlet respells names (Slutsky → Sluzki).
    pub respells: bool,
    /// The outlet joins some words of quotes with no-break spaces.
    pub nbsp: bool,
}

pub(super) const OUTLET_A: &[&str] = &[
    "Northern", "Daily", "Evening", "Harbour", "Capital", "Metro", "Coastal", "Valley", "National", "Morning",
    "Western", "Eastern", "Union", "Atlantic", "Central", "Highland",
];
pub(super) const OUTLET_B: &[&str] = &[
    "Courier",
    "Gazette",
    "Herald",
    "Ledger",
    "Post",
    "Chronicle",
    "Tribune",
    "Observer",
    "Dispatch",
    "Standard",
    "Examiner",
    "Sentinel",
    "Record",
    "Mirror",
    "Bulletin",
    "Journal",
];
pub(super) const PLACES: &[&str] = &[
    "LONDON",
    "BRUSSELS",
    "GLASGOW",
    "CARDIFF",
    "BELFAST",
    "PARIS",
    "BERLIN",
    "MANCHESTER",
];
pub(super) const BOILERPLATE: &[&str] = &[
    "Share this article",
    "Sign up for our newsletter",
    "Follow us on Twitter",
    "Related articles",
    "Leave a comment",
    "Advertisement",
];

/// 2024-03-01T00:00Z, where the simulated stream starts.
pub(super) const EPOCH: i64 = 1_709_251_200;

pub(super) fn iso_minute(t: i64) -> (i64, u32, u32, u32, u32) {
    // Civil date from days since the epoch (Howard Hinnant's algorithm).
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = if m <= 2 { y + 1 } else { y };
    (y, m, d, (secs / 3600) as u32, ((secs % 3600) / 60) as u32)
}

pub(super) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The dateline text and the ISO publication time it says.
pub(super) fn dateline(style: Dateline, t: i64, place: &str) -> (String, String) {
    let (y, m, d, h, mi) = iso_minute(t);
    let iso_min = format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}");
    let month = MONTHS[m as usize - 1];
    match style {
        Dateline::IsoMinute => (format!("{place}, {iso_min}"), iso_min),
        Dateline::MonthDayTime => (format!("{place} — {month} {d}, {y} {h:02}:{mi:02}"), iso_min),
        Dateline::DayMonth => (format!("{place}, {d} {month} {y}"), format!("{y:04}-{m:02}-{d:02}")),
        Dateline::Slashed => {
            let (h12, ampm) = match h {
                0 => (12, "am"),
                1..=11 => (h, "am"),
                12 => (12, "pm"),
                _ => (h - 12, "pm"),
            };
            (format!("{place} | {m:02}/{d:02}/{y} {h12}:{mi:02} {ampm}"), iso_min)
        }
    }
}

pub(super) fn make_outlets(n: usize, rng: &mut ChaCha8Rng) -> Vec<Outlet> {
    let mut names: Vec<String> = OUTLET_A
        .iter()
        .flat_map(|a| OUTLET_B.iter().map(move |b| format!("{a} {b}")))
        .collect();
    names.shuffle(rng);
    (0..n)
        .map(|i| {
            let name = if i < names.len() {
                names[i].clone()
            } else {
                format!("{} {}", names[i % names.len()], i / names.len() + 1)
            };
            let marks = *[
                Marks::Curly,
                Marks::Curly,
                Marks::Straight,
                Marks::Guillemets,
                Marks::German,
            ]
            .choose(rng)
            .expect("marks");
            let dateline = *[
                Dateline::IsoMinute,
                Dateline::MonthDayTime,
                Dateline::DayMonth,
                Dateline::Slashed,
            ]
            .choose(rng)
            .expect("datelines");
            let k = rng.random_range(1..=2);
            let mut boilerplate: Vec<String> = BOILERPLATE.sample(rng, k).map(|s| s.to_string()).collect();
            boilerplate.push(format!("© 2024 {name}. All rights reserved."));
            Outlet {
                name,
                marks,
                dateline,
                boilerplate,
                respells: rng.random_bool(0.3),
                nbsp: rng.random_bool(0.25),
            }
        })
        .collect()
}
