//! Dates, as glossator reads and writes them: below the configuration and
//! the model, which both hold them, and above nothing of glossator's own.
//!
//! - [`PartialDate`]: a timeline date known to the year, the month or the
//!   day (`1974`, `1985-05`, `1988-09-22`), with its [`Precision`];
//! - [`Offset`] and [`Unit`]: how long after another event a relative event
//!   happens (`90 days`), and the calendar rule that applies it;
//! - [`DateTime`]: a page's `date` or `updated`, with or without a time of
//!   day and an offset;
//! - [`DateWords`]: dates for people, in a language;
//! - [`parse_today`] checks `[timeline] today`; [`today`] is the build's
//!   one read of the clock, used when that setting is absent.
//!
//! jiff is the calendar; no library knows dates to the year or the month
//! only, hence [`PartialDate`].

use std::cmp::Ordering;
use std::fmt;

use jiff::Span;
use jiff::civil::Date;

const MONTHS: [&str; 12] = [
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

/// How much of a date is known. Coarser precisions sort first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// `1974`
    Year,
    /// `1985-05`
    Month,
    /// `1988-09-22`
    Day,
}

/// A calendar date known to the year, the month or the day.
///
/// Always a real date of the proleptic Gregorian calendar: the only ways to
/// make one ([`PartialDate::parse`], [`PartialDate::new`]) check it.
///
/// Ordered by the first day it covers, then coarser precision first:
/// `1985` < `1985-01` < `1985-01-01` < `1985-01-02` < `1985-02`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i16,
    month: Option<i8>,
    day: Option<i8>,
}

impl PartialDate {
    /// A checked date: `day` needs `month`, and both must exist in the calendar.
    pub fn new(year: i16, month: Option<i8>, day: Option<i8>) -> Result<PartialDate, String> {
        if !(Date::MIN.year()..=Date::MAX.year()).contains(&year) {
            return Err(format!("the year {year} is out of range"));
        }
        if let Some(m) = month
            && !(1..=12).contains(&m)
        {
            return Err(format!(
                "there is no month {m:02}: months run from 01 to 12"
            ));
        }
        match (month, day) {
            (None, Some(_)) => Err("a day needs a month".into()),
            (Some(m), Some(d)) => {
                let days = days_in_month(year, m);
                if (1..=days).contains(&d) {
                    Ok(PartialDate { year, month, day })
                } else if d < 1 {
                    Err(format!("there is no day {d:02}: days start at 01"))
                } else {
                    Err(format!(
                        "{} {year} has {days} days, so there is no day {d}",
                        MONTHS[m as usize - 1]
                    ))
                }
            }
            _ => Ok(PartialDate { year, month, day }),
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (what a TOML date value
    /// becomes too), checked against the calendar.
    ///
    /// The year has four digits, the month and day two each: `2019-5` is
    /// refused with a message showing `2019-05`. A time of day is refused.
    /// Surrounding whitespace is ignored.
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("the date is empty".into());
        }
        let format = || format!("`{text}` is not written YYYY, YYYY-MM or YYYY-MM-DD");
        if let Some(i) = text.find(['T', 't', ' ']) {
            let (date, _) = text.split_at(i);
            return match PartialDate::parse(date) {
                Ok(d) if d.precision() == Precision::Day => Err(format!(
                    "an event's date has no time of day: write `{date}`"
                )),
                _ => Err(format()),
            };
        }
        let parts: Vec<&str> = text.split('-').collect();
        if parts.len() > 3 || parts.iter().any(|p| !is_digits(p)) {
            return Err(format());
        }
        if parts[0].len() != 4 {
            return Err(format!(
                "the year `{}` should have four digits, as in `1974`",
                parts[0]
            ));
        }
        let year: i16 = parts[0].parse().map_err(|_| format())?;
        let mut numbers = Vec::new();
        for (part, what) in parts[1..].iter().zip(["month", "day"]) {
            if part.len() != 2 {
                let mut fixed: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
                for p in &mut fixed[1..] {
                    if p.len() == 1 {
                        *p = format!("0{p}");
                    }
                }
                return Err(if part.len() == 1 {
                    format!("write the {what} with two digits: `{}`", fixed.join("-"))
                } else {
                    format()
                });
            }
            numbers.push(part.parse::<i8>().map_err(|_| format())?);
        }
        PartialDate::new(year, numbers.first().copied(), numbers.get(1).copied())
    }

    /// `date` cut down to `precision`.
    pub fn truncate(date: Date, precision: Precision) -> PartialDate {
        PartialDate {
            year: date.year(),
            month: (precision >= Precision::Month).then(|| date.month()),
            day: (precision == Precision::Day).then(|| date.day()),
        }
    }

    /// The year.
    pub fn year(&self) -> i16 {
        self.year
    }

    /// The month (1-12), when known.
    pub fn month(&self) -> Option<i8> {
        self.month
    }

    /// The day of the month, when known.
    pub fn day(&self) -> Option<i8> {
        self.day
    }

    /// How much of the date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (_, Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The first day the date covers: `1985` -> 1985-01-01.
    pub fn first_day(&self) -> Date {
        Date::new(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("a PartialDate is checked when made")
    }

    /// The last day the date covers: `1985` -> 1985-12-31, `2024-02` -> 2024-02-29.
    pub fn last_day(&self) -> Date {
        let first = self.first_day();
        match self.precision() {
            Precision::Year => first.last_of_year(),
            Precision::Month => first.last_of_month(),
            Precision::Day => first,
        }
    }

    /// `year`, `month` or `day`: the name of its precision, as templates
    /// and explainer.json give it.
    pub fn precision_name(&self) -> &'static str {
        match self.precision() {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }

    fn sort_key(&self) -> (i16, i8, i8, Precision) {
        (
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1),
            self.precision(),
        )
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The date at its own precision, as in `data-date`: `1974`, `1985-05`,
/// `1988-09-22`.
impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// Serialized as its [`Display`](fmt::Display) text.
impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn days_in_month(year: i16, month: i8) -> i8 {
    Date::new(year, month, 1).map_or(31, |d| d.days_in_month())
}

/// The unit of an [`Offset`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// `days`
    Days,
    /// `weeks`: seven days each.
    Weeks,
    /// `months`: calendar months.
    Months,
    /// `years`: calendar years.
    Years,
}

impl Unit {
    /// The unit's name in the plural, as the theme's words name it
    /// (`offset_days`).
    pub fn plural(self) -> &'static str {
        self.name(2)
    }

    fn name(self, amount: i64) -> &'static str {
        match (self, amount == 1) {
            (Unit::Days, true) => "day",
            (Unit::Days, false) => "days",
            (Unit::Weeks, true) => "week",
            (Unit::Weeks, false) => "weeks",
            (Unit::Months, true) => "month",
            (Unit::Months, false) => "months",
            (Unit::Years, true) => "year",
            (Unit::Years, false) => "years",
        }
    }
}

/// How long after another event a relative event happens: `offset = "90 days"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Offset {
    /// How many units; never negative when parsed.
    pub amount: i64,
    /// Days, weeks, months or years.
    pub unit: Unit,
}

impl Offset {
    /// Parses a whole number and a unit: `90 days`, `1 day`, `2 weeks`,
    /// `3 months`, `1 year`. Singular and plural are both accepted whatever
    /// the number, units in any letter case; the space may be left out
    /// (`90days`). An offset counts forward, so it is never negative.
    pub fn parse(text: &str) -> Result<Offset, String> {
        let text = text.trim();
        let example =
            "write a whole number and a unit: \"90 days\", \"2 weeks\", \"3 months\" or \"1 year\"";
        if text.starts_with('-') {
            return Err(format!(
                "the offset `{text}` is negative, but an event with `after` comes after the other one"
            ));
        }
        let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let (number, unit) = text.split_at(digits);
        if number.is_empty() {
            return Err(format!("the offset `{text}` has no number: {example}"));
        }
        let amount: i64 = number
            .parse()
            .map_err(|_| format!("the number in the offset `{text}` is too large"))?;
        let unit = match unit.trim().to_lowercase().as_str() {
            "day" | "days" => Unit::Days,
            "week" | "weeks" => Unit::Weeks,
            "month" | "months" => Unit::Months,
            "year" | "years" => Unit::Years,
            "" => return Err(format!("the offset `{text}` has no unit: {example}")),
            other => {
                return Err(format!(
                    "`{other}` is not a unit of an offset: use days, weeks, months or years"
                ));
            }
        };
        Ok(Offset { amount, unit })
    }

    /// The date `self` after `base`, and whether it is only approximate.
    ///
    /// The rules, in calendar arithmetic:
    /// - days and weeks (seven days) are added to a date known to the day;
    /// - months and years keep the day of the month, and when that day does
    ///   not exist in the month reached, the month's last day is taken:
    ///   2024-01-31 + 1 month = 2024-02-29, 2024-02-29 + 1 year = 2025-02-28;
    /// - a date known only to the month or the year is counted from its
    ///   first day, and the result keeps that coarser precision:
    ///   `2026-03` + 90 days = `2026-05`. The result is approximate when the
    ///   offset is finer than the date (days or weeks after a month or a
    ///   year, months after a year unless a whole number of years): the
    ///   true date may fall later. Years after a year, and months or years
    ///   after a month, are exact.
    ///
    /// An error when the result would fall outside the years jiff knows
    /// (after 9999).
    pub fn apply(&self, base: PartialDate) -> Result<(PartialDate, bool), String> {
        let span = match self.unit {
            Unit::Days => Span::new().try_days(self.amount),
            Unit::Weeks => Span::new().try_weeks(self.amount),
            Unit::Months => Span::new().try_months(self.amount),
            Unit::Years => Span::new().try_years(self.amount),
        };
        let too_far = || format!("{self} after {base} falls after the last year a date can have");
        let moved = span
            .ok()
            .and_then(|span| base.first_day().checked_add(span).ok())
            .ok_or_else(too_far)?;
        let precision = base.precision();
        let approximate = self.amount != 0
            && match (self.unit, precision) {
                (_, Precision::Day) => false,
                (Unit::Days | Unit::Weeks, _) => true,
                (Unit::Months, Precision::Month) => false,
                (Unit::Months, Precision::Year) => self.amount % 12 != 0,
                (Unit::Years, _) => false,
            };
        Ok((PartialDate::truncate(moved, precision), approximate))
    }
}

/// `1 day`, `90 days`, …
impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.unit.name(self.amount))
    }
}

/// Serialized as its [`Display`](fmt::Display) text.
impl serde::Serialize for Offset {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A date, with or without a time of day, as written in front matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    /// The calendar date.
    pub date: jiff::civil::Date,
    /// The time of day, when given.
    pub time: Option<jiff::civil::Time>,
    /// The UTC offset, when given.
    pub offset: Option<jiff::tz::Offset>,
}

impl DateTime {
    /// The date as written, normalised: `2024-12-24` or `2024-12-24T10:00:00+01:00`.
    pub fn iso(&self) -> String {
        match self.time {
            None => self.date.to_string(),
            Some(time) => {
                let time = time.strftime("%H:%M:%S");
                match self.offset {
                    Some(offset) => format!("{}T{time}{}", self.date, format_offset(offset)),
                    None => format!("{}T{time}", self.date),
                }
            }
        }
    }

    /// An RFC 3339 timestamp for feeds: midnight and UTC unless given.
    pub fn rfc3339(&self) -> String {
        let time = self
            .time
            .unwrap_or(jiff::civil::Time::midnight())
            .strftime("%H:%M:%S");
        let offset = self.offset.map_or("Z".to_string(), format_offset);
        format!("{}T{time}{offset}", self.date)
    }
}

fn format_offset(offset: jiff::tz::Offset) -> String {
    let seconds = offset.seconds();
    if seconds == 0 {
        return "Z".into();
    }
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

impl DateTime {
    /// Parses an ISO 8601 date or date-time: `2024-12-24`,
    /// `2024-12-24T10:00:00`, `2024-12-24 10:00:00+01:00`, `…Z`. Invalid
    /// calendar dates are refused.
    pub fn parse(text: &str) -> Result<DateTime, String> {
        let trimmed = text.trim();
        // A year or a month alone is a timeline date, not a page's.
        if let Ok(partial) = PartialDate::parse(trimmed)
            && partial.precision() != Precision::Day
        {
            return Err(format!(
                "`{trimmed}` is a {}, and a page's date is a day (a year or a month alone \
                 dates timeline events only)",
                partial.precision_name()
            ));
        }
        let pieces = jiff::fmt::temporal::Pieces::parse(trimmed).map_err(|e| {
            // A date that is well written but not in the calendar gets the
            // timeline's words ("there is no month 13: …").
            let calendar = trimmed
                .get(..10)
                .filter(|d| d.len() == 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-')
                .and_then(|d| PartialDate::parse(d).err());
            calendar.unwrap_or_else(|| {
                let message = e.to_string();
                // jiff's messages say what failed; keep the last, most precise part.
                message.rsplit(": ").next().unwrap_or(&message).to_string()
            })
        })?;
        Ok(DateTime {
            date: pieces.date(),
            time: pieces.time(),
            offset: pieces.to_numeric_offset(),
        })
    }
}

/// The day the build counts as today when `[timeline] today` is not set:
/// the current local date. The build's one read of the clock.
pub fn today() -> Date {
    jiff::ZonedDateTime::now().date()
}

/// Checks the text of `[timeline] today`: a full date, `YYYY-MM-DD`.
pub fn parse_today(text: &str) -> Result<Date, String> {
    parse_day(text, "`today`")
}

/// Checks a full date, `YYYY-MM-DD`, that `what` names in its messages
/// (`` `today` ``, `--stale-after`).
pub fn parse_day(text: &str, what: &str) -> Result<Date, String> {
    if let Some((day, _)) = text.trim().split_once(['T', 't', ' '])
        && PartialDate::parse(day).is_ok_and(|d| d.precision() == Precision::Day)
    {
        return Err(format!(
            "{what} is a day, with no time of day: write `{day}`"
        ));
    }
    match PartialDate::parse(text) {
        Ok(d) if d.precision() == Precision::Day => Ok(d.first_day()),
        Ok(_) => Err(format!(
            "{what} should be a full date YYYY-MM-DD, not `{}`",
            text.trim()
        )),
        Err(why) => Err(format!("{what} is not a valid date: {why}")),
    }
}

mod words;

pub use words::DateWords;

#[cfg(test)]
mod tests;
