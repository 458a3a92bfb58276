//! Publication times as intervals: an ISO-8601 date or timestamp at its
//! own precision ("2021-10-06" is a whole day, "2021-10-06T18:10" one
//! minute). Two articles are in order only when their intervals do not
//! overlap; otherwise they are a tie, never silently ordered.

use std::cmp::Ordering;

use nom::{
    branch::alt,
    bytes::complete::take_while_m_n,
    character::complete::{char, one_of},
    combinator::{all_consuming, map_res, opt},
    sequence::preceded,
    IResult, Parser,
};

/// A publication time: the interval `[lo, hi)` in seconds since the Unix
/// epoch (UTC; a time without an offset is read as UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Stamp {
    pub lo: i64,
    pub hi: i64,
}

impl Stamp {
    /// `Less` when `self` ends before `other` starts, `Greater` the other
    /// way round, `Equal` when they overlap (a tie).
    pub fn order(&self, other: &Stamp) -> Ordering {
        if self.hi <= other.lo {
            Ordering::Less
        } else if other.hi <= self.lo {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    }

    /// The middle of the interval.
    pub fn mid(&self) -> i64 {
        self.lo + (self.hi - self.lo) / 2
    }

    /// Seconds from the start of `earlier` to the start of `self`.
    pub fn since(&self, earlier: &Stamp) -> i64 {
        self.lo - earlier.lo
    }
}

fn digits(n: usize) -> impl Fn(&str) -> IResult<&str, i64> {
    move |i| map_res(take_while_m_n(n, n, |c: char| c.is_ascii_digit()), str::parse::<i64>).parse(i)
}

/// `±HH:MM`, `±HHMM`, `±HH` or `Z`, as seconds east of UTC.
fn offset(i: &str) -> IResult<&str, i64> {
    alt((
        nom::combinator::value(0, one_of("Zz")),
        nom::combinator::map(
            (one_of("+-"), digits(2), opt(preceded(opt(char(':')), digits(2)))),
            |(sign, h, m)| {
                let s = h * 3600 + m.unwrap_or(0) * 60;
                if sign == '-' {
                    -s
                } else {
                    s
                }
            },
        ),
    ))
    .parse(i)
}

type Clock = (i64, Option<i64>, Option<i64>, Option<i64>);

/// `HH:MM[:SS[.fff]][offset]`.
fn clock(i: &str) -> IResult<&str, Clock> {
    let (i, (h, _, m, s)) = (digits(2), char(':'), digits(2), opt(preceded(char(':'), digits(2)))).parse(i)?;
    let (i, _) = opt(preceded(
        one_of(".,"),
        take_while_m_n(1, 9, |c: char| c.is_ascii_digit()),
    ))
    .parse(i)?;
    let (i, off) = opt(offset).parse(i)?;
    Ok((i, (h, Some(m), s, off)))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: i64) -> i64 {
    days_from_civil(if m == 12 { y + 1 } else { y }, if m == 12 { 1 } else { m + 1 }, 1) - days_from_civil(y, m, 1)
}

/// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, and a date with a time
/// (`T` or a space, minutes or seconds, an optional offset).
pub fn parse(s: &str) -> Option<Stamp> {
    let s = s.trim();
    let date = (
        digits(4),
        opt(preceded(char('-'), digits(2))),
        opt(preceded(char('-'), digits(2))),
        opt(preceded(one_of("T "), clock)),
    );
    let (_, (y, mo, d, time)) = all_consuming(date).parse(s).ok()?;
    if let Some(m) = mo {
        if !(1..=12).contains(&m) {
            return None;
        }
        if let Some(d) = d {
            if d < 1 || d > days_in_month(y, m) {
                return None;
            }
        }
    }
    const DAY: i64 = 86_400;
    let stamp = match (mo, d, time) {
        (None, _, _) => Stamp {
            lo: days_from_civil(y, 1, 1) * DAY,
            hi: days_from_civil(y + 1, 1, 1) * DAY,
        },
        (Some(m), None, _) => {
            let lo = days_from_civil(y, m, 1) * DAY;
            Stamp {
                lo,
                hi: lo + days_in_month(y, m) * DAY,
            }
        }
        (Some(m), Some(d), None) => {
            let lo = days_from_civil(y, m, d) * DAY;
            Stamp { lo, hi: lo + DAY }
        }
        (Some(m), Some(d), Some((h, min, sec, off))) => {
            if h > 23 || min.unwrap_or(0) > 59 || sec.unwrap_or(0) > 60 {
                return None;
            }
            let base = days_from_civil(y, m, d) * DAY + h * 3600 + min.unwrap_or(0) * 60 - off.unwrap_or(0);
            match sec {
                Some(s) => Stamp {
                    lo: base + s,
                    hi: base + s + 1,
                },
                None => Stamp {
                    lo: base,
                    hi: base + 60,
                },
            }
        }
    };
    Some(stamp)
}

/// A gap in seconds, for a person: "3d 4h", "5h 12m", "40m".
pub fn human_gap(secs: i64) -> String {
    let m = secs.max(0) / 60;
    let (d, h, m) = (m / 1440, (m / 60) % 24, m % 60);
    if d > 0 {
        format!("{d}d {h}h")
    } else if h > 0 {
        format!("{h}h {m}m")
    } else {
        format!("{m}m")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_sets_the_interval() {
        let day = parse("2021-10-06").unwrap();
        assert_eq!(day.hi - day.lo, 86_400);
        let minute = parse("2021-10-06T18:10").unwrap();
        assert_eq!(minute.hi - minute.lo, 60);
        assert_eq!(minute.lo, day.lo + 18 * 3600 + 600);
        assert_eq!(parse("2021-10").unwrap().hi - parse("2021-10").unwrap().lo, 31 * 86_400);
        assert_eq!(parse("1970-01-01T00:00:00Z").unwrap().lo, 0);
    }

    #[test]
    fn offsets_move_to_utc() {
        assert_eq!(
            parse("2021-10-06T20:10+02:00").unwrap(),
            parse("2021-10-06T18:10Z").unwrap()
        );
        assert_eq!(
            parse("2021-10-06 13:10:00.250-0500").unwrap(),
            parse("2021-10-06T18:10:00").unwrap()
        );
    }

    #[test]
    fn overlapping_intervals_tie_and_disjoint_ones_order() {
        let day = parse("2021-10-06").unwrap();
        let evening = parse("2021-10-06T18:10").unwrap();
        let next = parse("2021-10-19T04:15").unwrap();
        assert_eq!(day.order(&evening), Ordering::Equal);
        assert_eq!(evening.order(&next), Ordering::Less);
        assert_eq!(next.order(&day), Ordering::Greater);
    }

    #[test]
    fn nonsense_is_not_a_time() {
        for s in [
            "",
            "yesterday",
            "2021-13-01",
            "2021-02-30",
            "2021-10-06T25:00",
            "20211006",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn gaps_read_like_a_person_would_say_them() {
        assert_eq!(human_gap(12 * 86_400 + 10 * 3600 + 5), "12d 10h");
        assert_eq!(human_gap(3 * 3600 + 60), "3h 1m");
        assert_eq!(human_gap(59), "0m");
    }
}
