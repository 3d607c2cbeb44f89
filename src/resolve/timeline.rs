//! Timeline events: `content/<timeline section>/<id>.md` -> [`Event`]s.
//!
//! An event is a page plus the fields of SPEC §2: a date at the precision
//! the author knows (`1974`, `1985-05`, `1988-09-22`), or a date computed
//! from another event (`after` + `offset`), or no date at all but a
//! `condition` saying when it will happen. [`read`] reads one file's fields;
//! [`build`] resolves `after` ids, refuses cycles, computes relative dates in
//! dependency order and gives every event its [`Status`]; [`order`] is the
//! order the timeline lists them in.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;

use jiff::Span;
use jiff::civil::Date;
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::load::Document;
use crate::load::frontmatter::{json_kind, list_kind};
use crate::site::PageId;

/// Front matter keys of an event, besides the page keys.
pub const EVENT_KEYS: &[&str] = &[
    "date",
    "end",
    "approximate",
    "terms",
    "summary",
    "after",
    "offset",
    "condition",
];

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

/// Where an event stands on the day of the build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// The first day its date covers is `today` or before.
    Past,
    /// The first day its date covers is after `today`.
    Upcoming,
    /// No date can be computed yet.
    Pending,
}

impl Status {
    /// `past`, `upcoming` or `pending`, as in `data-status`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Past => "past",
            Status::Upcoming => "upcoming",
            Status::Pending => "pending",
        }
    }

    /// The status of an event dated `date` (`None`: pending) on `today`.
    pub fn of(date: Option<&PartialDate>, today: Date) -> Status {
        match date {
            None => Status::Pending,
            Some(d) if d.first_day() > today => Status::Upcoming,
            Some(_) => Status::Past,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// An event's own fields, read but not yet cross-checked.
#[derive(Clone, Debug)]
pub struct Draft {
    /// The page that holds it.
    pub page: PageId,
    /// The file stem.
    pub id: String,
    /// The title, from the page's checked front matter.
    pub title: String,
    /// Its fixed date, when it has one.
    pub date: Option<PartialDate>,
    /// The last date of a span; only with `date`, never before it.
    pub end: Option<PartialDate>,
    /// Written `approximate = true`.
    pub approximate: bool,
    /// Glossary ids, not yet checked.
    pub entries: Vec<String>,
    /// One sentence, when given.
    pub summary: Option<String>,
    /// The id of the event this one follows; `None` when it has a `date`.
    pub after: Option<String>,
    /// How long after `after`.
    pub offset: Option<Offset>,
    /// When it will happen, in words.
    pub condition: Option<String>,
}

/// Whether `path` (under `content/`) is an event of the timeline `section`:
/// a direct child of its folder other than `_index.md`.
pub fn is_event(path: &str, section: &str) -> bool {
    path.strip_prefix(section)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| !name.contains('/') && name != "_index.md")
}

const DATE_HELP: &str = "write the date as YYYY, YYYY-MM or YYYY-MM-DD, at the precision you know: `date = \"1985-05\"`";

/// Reads the event fields of `document`, whose page is `page` with `title`.
///
/// `date` and `end` are strings (`"1985-05"`), TOML dates (`1988-09-22`),
/// or a whole number for a year (`1974`, as YAML writes it unquoted).
pub fn read(document: &Document, page: PageId, title: &str) -> (Draft, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let values = &document.front_matter.values;
    let mut error = |key: &str, message: String, help: &str| {
        diagnostics.push(document.at_key(key, Diagnostic::error(message).with_help(help)));
    };
    let date_of = |key: &str, error: &mut dyn FnMut(&str, String, &str)| match values.get(key)? {
        Value::String(s) => match PartialDate::parse(s) {
            Ok(d) => Some(d),
            Err(why) => {
                error(
                    key,
                    format!("`{key}` is not a valid date: {why}"),
                    DATE_HELP,
                );
                None
            }
        },
        Value::Number(n) => match n.as_i64().and_then(|y| i16::try_from(y).ok()) {
            Some(y) if (0..=9999).contains(&y) => Some(PartialDate {
                year: y,
                month: None,
                day: None,
            }),
            _ => {
                error(
                    key,
                    format!("`{key}` is not a valid date: {n} is not a year"),
                    DATE_HELP,
                );
                None
            }
        },
        other => {
            error(
                key,
                format!(
                    "`{key}` should be a date such as \"1985-05\", not {}",
                    json_kind(other)
                ),
                DATE_HELP,
            );
            None
        }
    };
    let text = |key: &str, error: &mut dyn FnMut(&str, String, &str)| match values.get(key) {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => {
            error(
                key,
                format!("`{key}` should be a string, not {}", json_kind(other)),
                &format!("write `{key}` in quotes"),
            );
            None
        }
    };

    let date = date_of("date", &mut error);
    let mut end = date_of("end", &mut error);
    let approximate = match values.get("approximate") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            error(
                "approximate",
                format!(
                    "`approximate` should be true or false, not {}",
                    json_kind(other)
                ),
                "write `approximate = true` or `false`",
            );
            false
        }
    };
    let entries = match values.get("terms") {
        None => Vec::new(),
        Some(Value::String(one)) => vec![one.clone()],
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(other) => {
            error(
                "terms",
                format!(
                    "`terms` should be a list of glossary ids, not {}",
                    list_kind(other)
                ),
                &format!(
                    "write `{}` with the file names of glossary entries, without `.md`",
                    document.front_matter.assignment("terms", "[\"…\", \"…\"]")
                ),
            );
            Vec::new()
        }
    };
    let summary = text("summary", &mut error).filter(|s| !s.trim().is_empty());
    let mut after = text("after", &mut error);
    if after.as_deref().is_some_and(|a| a.trim().is_empty()) {
        error(
            "after",
            "`after` is empty".into(),
            "write the id of the event this one follows: its file name without `.md`",
        );
        after = None;
    }
    let mut after = after.map(|a| a.trim().trim_end_matches(".md").to_string());
    let mut offset = text("offset", &mut error).and_then(|o| match Offset::parse(&o) {
        Ok(o) => Some(o),
        Err(why) => {
            error(
                "offset",
                format!("`offset` is not valid: {why}"),
                "write how long after the other event: `offset = \"90 days\"` (days, weeks, months or years)",
            );
            None
        }
    });
    let condition = text("condition", &mut error);
    let has = |key: &str| values.contains_key(key);

    if has("date") && has("after") {
        error(
            "after",
            "the event has both a `date` and an `after`".into(),
            "keep `date` for a fixed date, or remove it to compute the date from `after` and `offset`",
        );
        after = None;
        offset = None;
    } else if has("after") && !has("offset") {
        error(
            "after",
            "`after` needs an `offset`".into(),
            "add how long after that event this one happens: `offset = \"90 days\"` (days, weeks, months or years)",
        );
    }
    if has("offset") && !has("after") {
        error(
            "offset",
            "`offset` without `after`".into(),
            "add `after = \"<event id>\"`, the event this one follows, or remove `offset`",
        );
        offset = None;
    }
    if has("end") && !has("date") {
        error(
            "end",
            "`end` needs a `date` to start from".into(),
            "give the first date of the span as `date = \"…\"`, or remove `end`",
        );
        end = None;
    }
    if let (Some(start), Some(last)) = (date, end)
        && last.last_day() < start.first_day()
    {
        error(
            "end",
            format!("the event ends ({last}) before it starts ({start})"),
            "`end` is the last date of the span: check both dates",
        );
        end = None;
    }
    let undated_help = "add `date = \"YYYY-MM-DD\"` if the date is known, or say when it will happen: `condition = \"90 days after the 40th ratification\"`";
    let condition = match condition {
        Some(c) if c.trim().is_empty() => {
            if !has("date") && !has("after") {
                error("condition", "the condition is empty".into(), undated_help);
            }
            None
        }
        Some(c) => Some(c),
        None => {
            if !has("date") && !has("after") && !has("condition") {
                error(
                    "condition",
                    "an undated event needs a `condition`".into(),
                    undated_help,
                );
            }
            None
        }
    };
    if date.is_none() {
        end = None;
    }
    let id = document
        .path
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_end_matches(".md")
        .to_string();
    if id.contains(char::is_whitespace) {
        // The id is an element id on the timeline page, where white space
        // is not allowed, and the fragment of every link to the event.
        let slug = slug::slugify(&id);
        let renamed = format!("{}.md", if slug.is_empty() { "event" } else { &slug });
        diagnostics.push(
            Diagnostic::error(format!("the event id `{id}` holds white space"))
                .in_file(&document.file)
                .with_note("an event's id is its file name without `.md`: the id of its element on the timeline page, and what `[text](event:<id>)` links to")
                .with_help(format!("rename the file `{renamed}`")),
        );
    }
    let draft = Draft {
        page,
        id,
        title: title.to_string(),
        date,
        end,
        approximate,
        entries,
        summary,
        after,
        offset,
        condition,
    };
    (draft, diagnostics)
}

/// A resolved event.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Event {
    /// The page that holds it.
    #[serde(skip)]
    pub page: PageId,
    /// The file stem; the element id on the timeline page.
    pub id: String,
    /// The page's title.
    pub title: String,
    /// Its date, written or computed; `None` while pending.
    pub date: Option<PartialDate>,
    /// The last date of a span.
    pub end: Option<PartialDate>,
    /// Shown as "c. …": written so, made so by an offset finer than the
    /// date it counts from, or counted from an approximate event.
    pub approximate: bool,
    /// Whether `date` was computed from `after` and `offset`.
    pub computed: bool,
    /// Index in the events of the event this one follows.
    #[serde(skip)]
    pub after: Option<usize>,
    /// How long after it.
    pub offset: Option<Offset>,
    /// When it will happen, in words. For a relative event that gives none,
    /// "<offset> after <title of the other event>".
    pub condition: Option<String>,
    /// One sentence.
    pub summary: Option<String>,
    /// Glossary ids, as written.
    pub entries: Vec<String>,
    /// Past, upcoming or pending on the day of the build.
    pub status: Status,
}

/// Cross-checks drafts into events, in the same order (so `Event::after`
/// indexes the returned list): resolves `after` ids, refuses cycles,
/// computes relative dates in dependency order, and sets each status
/// against `today`. `documents[i]` is the document of `drafts[i]`.
///
/// An event after a pending event, after an unknown id, or in (or after) a
/// cycle of `after` is pending.
pub fn build(
    drafts: Vec<Draft>,
    documents: &[&Document],
    today: Date,
    absent: &super::absent::Absent,
) -> (Vec<Event>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let error_at =
        |i: usize, key: &str, message: String| documents[i].at_key(key, Diagnostic::error(message));
    let ids: BTreeMap<&str, usize> = drafts
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let all_ids: Vec<String> = drafts.iter().map(|d| d.id.clone()).collect();
    let targets: Vec<Option<usize>> = drafts
        .iter()
        .enumerate()
        .map(|(i, draft)| {
            let wanted = draft.after.as_deref()?;
            if let Some(&t) = ids.get(wanted) {
                return Some(t);
            }
            let others = all_ids.iter().filter(|id| **id != draft.id);
            let help = absent.help(
                wanted,
                super::links::closest(wanted, others),
                "use the id of an event: its file name without `.md`",
            )?;
            diagnostics.push(
                error_at(
                    i,
                    "after",
                    format!("`after` names an unknown event `{wanted}`"),
                )
                .with_help(help),
            );
            None
        })
        .collect();

    // Every event has at most one `after`, so following them from any event
    // either stops or runs into one cycle. Each walk stops at an event
    // already done; the events on it are then computed backwards.
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; drafts.len()];
    let mut in_cycle = vec![false; drafts.len()];
    let mut dates: Vec<Option<(PartialDate, bool)>> = vec![None; drafts.len()];
    for start in 0..drafts.len() {
        let mut path: Vec<usize> = Vec::new();
        let mut next = Some(start);
        while let Some(j) = next {
            match state[j] {
                DONE => break,
                ON_PATH => {
                    let at = path.iter().position(|&p| p == j).unwrap_or(0);
                    let mut cycle = path[at..].to_vec();
                    for &c in &cycle {
                        in_cycle[c] = true;
                    }
                    let first = (0..cycle.len()).min_by_key(|&k| cycle[k]).unwrap_or(0);
                    cycle.rotate_left(first);
                    let names: Vec<&str> = cycle
                        .iter()
                        .chain(cycle.first())
                        .map(|&c| drafts[c].id.as_str())
                        .collect();
                    diagnostics.push(
                        error_at(
                            cycle[0],
                            "after",
                            format!("`after` makes a cycle: {}", names.join(" → ")),
                        )
                        .with_note("each arrow leads to the event named by `after`")
                        .with_help(
                            "give one of these events a `date`, or a `condition` instead of `after`",
                        ),
                    );
                    break;
                }
                _ => {
                    state[j] = ON_PATH;
                    path.push(j);
                    next = targets[j];
                }
            }
        }
        for &k in path.iter().rev() {
            state[k] = DONE;
            let draft = &drafts[k];
            dates[k] = match (targets[k], draft.offset) {
                _ if in_cycle[k] => None,
                (None, _) if draft.after.is_some() => None,
                (None, _) => draft.date.map(|d| (d, draft.approximate)),
                (Some(_), None) => None,
                (Some(t), Some(offset)) => match dates[t] {
                    None => None,
                    Some((base, base_approximate)) => match offset.apply(base) {
                        Ok((date, approximate)) => {
                            Some((date, draft.approximate || base_approximate || approximate))
                        }
                        Err(why) => {
                            diagnostics.push(
                                error_at(
                                    k,
                                    "offset",
                                    format!("the date cannot be computed: {why}"),
                                )
                                .with_help("check `after` and `offset`"),
                            );
                            None
                        }
                    },
                },
            };
        }
    }

    let titles: Vec<String> = drafts.iter().map(|d| d.title.clone()).collect();
    let events = drafts
        .into_iter()
        .enumerate()
        .map(|(i, draft)| {
            let computed = targets[i].is_some() && dates[i].is_some();
            let date = dates[i].map(|(d, _)| d);
            let approximate = dates[i].map_or(draft.approximate, |(_, a)| a);
            let condition = draft.condition.or_else(|| {
                let (t, offset) = (targets[i]?, draft.offset?);
                Some(format!("{offset} after {}", titles[t]))
            });
            Event {
                page: draft.page,
                id: draft.id,
                title: draft.title,
                date,
                end: draft.end.filter(|_| date.is_some()),
                approximate,
                computed,
                after: targets[i],
                offset: draft.offset.filter(|_| targets[i].is_some()),
                condition,
                summary: draft.summary,
                entries: draft.entries,
                status: Status::of(date.as_ref(), today),
            }
        })
        .collect::<Vec<_>>();
    (events, diagnostics)
}

/// The order the timeline lists `events` in, as indices into it: dated
/// events by the first day their date covers, then coarser precision first
/// (`1985` before `1985-01` before `1985-01-01`), then title; pending events
/// last, by title. Titles compare without letter case; ties end on the id.
pub fn order(events: &[Event]) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..events.len()).collect();
    indices.sort_by_cached_key(|&i| {
        let e = &events[i];
        (
            e.date.is_none(),
            e.date,
            e.title.to_lowercase(),
            e.title.clone(),
            e.id.clone(),
        )
    });
    indices
}

/// The day the build counts as today: the `[timeline] today` setting
/// (`YYYY-MM-DD`), or the current local date when it is not set.
pub fn today(config_value: Option<&str>) -> Result<Date, String> {
    match config_value {
        None => Ok(jiff::ZonedDateTime::now().date()),
        Some(text)
            if let Some((day, _)) = text.trim().split_once(['T', 't', ' '])
                && PartialDate::parse(day).is_ok_and(|d| d.precision() == Precision::Day) =>
        {
            Err(format!(
                "`today` is a day, with no time of day: write `{day}`"
            ))
        }
        Some(text) => match PartialDate::parse(text) {
            Ok(d) if d.precision() == Precision::Day => Ok(d.first_day()),
            Ok(_) => Err(format!(
                "`today` should be a full date YYYY-MM-DD, not `{}`",
                text.trim()
            )),
            Err(why) => Err(format!("`today` is not a valid date: {why}")),
        },
    }
}

/// A date for people: "1974", "May 1985", "22 September 1988", with "c. "
/// before an approximate one ("c. 2019", "c. May 1985").
pub fn display(date: &PartialDate, approximate: bool) -> String {
    let prefix = if approximate { "c. " } else { "" };
    let year = date.year;
    match (date.month, date.day) {
        (Some(m), Some(d)) => format!("{prefix}{d} {} {year}", MONTHS[m as usize - 1]),
        (Some(m), None) => format!("{prefix}{} {year}", MONTHS[m as usize - 1]),
        _ => format!("{prefix}{year}"),
    }
}

/// The year an event is listed under; `None` while pending.
pub fn year_of(event: &Event) -> Option<i16> {
    event.date.map(|d| d.year)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::load::frontmatter::{parse, split};

    fn pd(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    fn day(text: &str) -> Date {
        pd(text).first_day()
    }

    fn doc(id: &str, front: &str) -> Document {
        let path = format!("timeline/{id}.md");
        let text = format!("+++\n{front}\n+++\nBody.\n");
        let file = PathBuf::from(format!("content/{path}"));
        let s = split(&text, &file).unwrap();
        let front_matter = parse(&text, &s, &file).unwrap();
        Document {
            path,
            file,
            body_start: s.body.start,
            front_matter,
            text,
        }
    }

    fn read_one(front: &str) -> (Draft, Vec<Diagnostic>) {
        let d = doc("e", front);
        let title = d
            .front_matter
            .values
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or("E")
            .to_string();
        read(&d, PageId(0), &title)
    }

    fn messages(diagnostics: &[Diagnostic]) -> Vec<String> {
        diagnostics.iter().map(|d| d.message.clone()).collect()
    }

    /// Reads and builds events from `(id, front matter)` pairs.
    fn build_all(files: &[(&str, &str)], today: &str) -> (Vec<Event>, Vec<Diagnostic>) {
        let documents: Vec<Document> = files.iter().map(|(id, f)| doc(id, f)).collect();
        let mut diagnostics = Vec::new();
        let mut drafts = Vec::new();
        for (i, d) in documents.iter().enumerate() {
            let title = d
                .front_matter
                .values
                .get("title")
                .and_then(Value::as_str)
                .unwrap_or(files[i].0)
                .to_string();
            let (draft, mut found) = read(d, PageId(i as u32), &title);
            diagnostics.append(&mut found);
            drafts.push(draft);
        }
        let refs: Vec<&Document> = documents.iter().collect();
        let absent = super::super::absent::Absent::default();
        let (events, mut found) = build(drafts, &refs, day(today), &absent);
        diagnostics.append(&mut found);
        (events, diagnostics)
    }

    fn event<'a>(events: &'a [Event], id: &str) -> &'a Event {
        events.iter().find(|e| e.id == id).unwrap()
    }

    // --- dates ---

    #[test]
    fn dates_parse_at_three_precisions() {
        assert_eq!(pd("1974").precision(), Precision::Year);
        assert_eq!(pd("1985-05").precision(), Precision::Month);
        assert_eq!(pd("1988-09-22").precision(), Precision::Day);
        assert_eq!(pd(" 1988-09-22 ").to_string(), "1988-09-22");
        assert_eq!(pd("1974").to_string(), "1974");
        assert_eq!(pd("1985-05").to_string(), "1985-05");
        assert_eq!(pd("0800").to_string(), "0800");
        assert_eq!(pd("1985-05").year(), 1985);
        assert_eq!(pd("1985-05").month(), Some(5));
        assert_eq!(pd("1985-05").day(), None);
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert!(PartialDate::parse("2000-02-29").is_ok());
        let e = PartialDate::parse("1900-02-29").unwrap_err();
        assert!(e.contains("February 1900 has 28 days"), "{e}");
        let e = PartialDate::parse("1987-02-30").unwrap_err();
        assert!(e.contains("February 1987 has 28 days"), "{e}");
        let e = PartialDate::parse("2024-04-31").unwrap_err();
        assert!(e.contains("April 2024 has 30 days"), "{e}");
        let e = PartialDate::parse("2024-13").unwrap_err();
        assert!(e.contains("no month 13"), "{e}");
        assert!(
            PartialDate::parse("2024-00")
                .unwrap_err()
                .contains("no month 00")
        );
        assert!(
            PartialDate::parse("2024-01-00")
                .unwrap_err()
                .contains("no day 00")
        );
    }

    #[test]
    fn dates_need_two_digit_months_and_days_and_four_digit_years() {
        let e = PartialDate::parse("2019-5").unwrap_err();
        assert!(e.contains("`2019-05`"), "{e}");
        let e = PartialDate::parse("2019-05-7").unwrap_err();
        assert!(e.contains("`2019-05-07`"), "{e}");
        assert!(
            PartialDate::parse("85")
                .unwrap_err()
                .contains("four digits")
        );
        for bad in [
            "",
            "yesterday",
            "2019-05-07-01",
            "2019/05",
            "-2019",
            "2019-",
            "2019-005",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad}");
        }
        let e = PartialDate::parse("2024-12-24T10:00:00").unwrap_err();
        assert!(e.contains("no time of day"), "{e}");
    }

    #[test]
    fn first_and_last_days() {
        assert_eq!(pd("1985").first_day(), day("1985-01-01"));
        assert_eq!(pd("1985").last_day(), day("1985-12-31"));
        assert_eq!(pd("2024-02").last_day(), day("2024-02-29"));
        assert_eq!(pd("2023-02").last_day(), day("2023-02-28"));
        assert_eq!(pd("1988-09-22").last_day(), day("1988-09-22"));
    }

    #[test]
    fn coarser_precision_sorts_first_on_the_same_first_day() {
        let mut dates = [
            pd("1985-02"),
            pd("1985-01-02"),
            pd("1985-01-01"),
            pd("1985-01"),
            pd("1985"),
            pd("1984-12-31"),
        ];
        dates.sort();
        let texts: Vec<String> = dates.iter().map(ToString::to_string).collect();
        assert_eq!(
            texts,
            [
                "1984-12-31",
                "1985",
                "1985-01",
                "1985-01-01",
                "1985-01-02",
                "1985-02"
            ]
        );
        assert!(pd("1985-06-15") < pd("1986"));
        assert!(pd("1985-12") > pd("1985-01-31"));
    }

    #[test]
    fn dates_display_for_people() {
        assert_eq!(display(&pd("2019"), true), "c. 2019");
        assert_eq!(display(&pd("1974"), false), "1974");
        assert_eq!(display(&pd("1985-05"), false), "May 1985");
        assert_eq!(display(&pd("1985-05"), true), "c. May 1985");
        assert_eq!(display(&pd("1988-09-22"), false), "22 September 1988");
        assert_eq!(display(&pd("1988-09-02"), false), "2 September 1988");
    }

    #[test]
    fn dates_serialize_at_their_precision() {
        assert_eq!(serde_json::to_value(pd("1985-05")).unwrap(), "1985-05");
        assert_eq!(serde_json::to_value(Status::Upcoming).unwrap(), "upcoming");
    }

    // --- offsets ---

    #[test]
    fn offsets_parse_singular_and_plural() {
        let o = |t: &str| Offset::parse(t).unwrap();
        assert_eq!(
            o("90 days"),
            Offset {
                amount: 90,
                unit: Unit::Days
            }
        );
        assert_eq!(
            o("1 day"),
            Offset {
                amount: 1,
                unit: Unit::Days
            }
        );
        assert_eq!(
            o("2 weeks"),
            Offset {
                amount: 2,
                unit: Unit::Weeks
            }
        );
        assert_eq!(o("1 week").unit, Unit::Weeks);
        assert_eq!(
            o("3 months"),
            Offset {
                amount: 3,
                unit: Unit::Months
            }
        );
        assert_eq!(o("1 month").unit, Unit::Months);
        assert_eq!(
            o("1 year"),
            Offset {
                amount: 1,
                unit: Unit::Years
            }
        );
        assert_eq!(o("10 Years").unit, Unit::Years);
        assert_eq!(o(" 90days ").amount, 90);
        assert_eq!(o("90 days").to_string(), "90 days");
        assert_eq!(o("1 days").to_string(), "1 day");
        assert!(Offset::parse("90").unwrap_err().contains("no unit"));
        assert!(Offset::parse("days").unwrap_err().contains("no number"));
        assert!(
            Offset::parse("90 fortnights")
                .unwrap_err()
                .contains("not a unit")
        );
        assert!(Offset::parse("-3 days").unwrap_err().contains("negative"));
        assert!(Offset::parse("1.5 years").is_err());
        assert!(
            Offset::parse("99999999999999999999 days")
                .unwrap_err()
                .contains("too large")
        );
    }

    fn add(offset: &str, base: &str) -> (String, bool) {
        let (d, a) = Offset::parse(offset).unwrap().apply(pd(base)).unwrap();
        (d.to_string(), a)
    }

    #[test]
    fn offsets_add_days_and_weeks() {
        assert_eq!(add("90 days", "2026-03-10"), ("2026-06-08".into(), false));
        assert_eq!(add("1 day", "2024-02-28"), ("2024-02-29".into(), false));
        assert_eq!(add("1 day", "2024-12-31"), ("2025-01-01".into(), false));
        assert_eq!(add("2 weeks", "2024-12-24"), ("2025-01-07".into(), false));
        assert_eq!(add("0 days", "2024-12-24"), ("2024-12-24".into(), false));
    }

    #[test]
    fn months_and_years_clamp_to_the_end_of_the_month() {
        assert_eq!(add("1 month", "2024-01-31"), ("2024-02-29".into(), false));
        assert_eq!(add("1 month", "2023-01-31"), ("2023-02-28".into(), false));
        assert_eq!(add("3 months", "2024-11-30"), ("2025-02-28".into(), false));
        assert_eq!(add("1 year", "2024-02-29"), ("2025-02-28".into(), false));
        assert_eq!(add("4 years", "2024-02-29"), ("2028-02-29".into(), false));
        assert_eq!(add("1 month", "2024-01-15"), ("2024-02-15".into(), false));
    }

    #[test]
    fn offsets_on_coarser_dates_keep_their_precision() {
        // Counted from the first day, approximate when the offset is finer.
        assert_eq!(add("90 days", "2026-03"), ("2026-05".into(), true));
        assert_eq!(add("2 weeks", "2026"), ("2026".into(), true));
        assert_eq!(add("400 days", "2026"), ("2027".into(), true));
        assert_eq!(add("0 days", "2026-03"), ("2026-03".into(), false));
        assert_eq!(add("3 months", "2026-11"), ("2027-02".into(), false));
        assert_eq!(add("1 year", "2026-11"), ("2027-11".into(), false));
        assert_eq!(add("2 years", "1974"), ("1976".into(), false));
        assert_eq!(add("24 months", "1974"), ("1976".into(), false));
        assert_eq!(add("18 months", "1974"), ("1975".into(), true));
        assert_eq!(add("3 months", "1974"), ("1974".into(), true));
    }

    #[test]
    fn offsets_past_the_last_year_are_errors() {
        let o = Offset::parse("10 years").unwrap();
        assert!(o.apply(pd("9995")).is_err());
        let o = Offset::parse("99999999999 days").unwrap();
        assert!(o.apply(pd("2000-01-01")).is_err());
    }

    // --- status and today ---

    #[test]
    fn status_against_today() {
        let today = day("2026-11-29");
        assert_eq!(Status::of(Some(&pd("2026-11-29")), today), Status::Past);
        assert_eq!(Status::of(Some(&pd("2026-11-30")), today), Status::Upcoming);
        // A coarse date is upcoming only when the first day it covers is.
        assert_eq!(Status::of(Some(&pd("2026-11")), today), Status::Past);
        assert_eq!(Status::of(Some(&pd("2026")), today), Status::Past);
        assert_eq!(Status::of(Some(&pd("2026-12")), today), Status::Upcoming);
        assert_eq!(Status::of(Some(&pd("2027")), today), Status::Upcoming);
        assert_eq!(Status::of(None, today), Status::Pending);
        assert_eq!(Status::Past.as_str(), "past");
        assert_eq!(Status::Upcoming.as_str(), "upcoming");
        assert_eq!(Status::Pending.as_str(), "pending");
    }

    #[test]
    fn today_comes_from_the_setting_or_the_clock() {
        assert_eq!(today(Some("2026-11-29")).unwrap(), day("2026-11-29"));
        assert!(today(Some("2026-11")).unwrap_err().contains("full date"));
        assert!(today(Some("2026-02-30")).unwrap_err().contains("28 days"));
        assert!(today(None).unwrap().year() >= 2024);
    }

    // --- reading ---

    #[test]
    fn events_are_direct_children_of_the_section() {
        assert!(is_event("timeline/adoption.md", "timeline"));
        assert!(!is_event("timeline/_index.md", "timeline"));
        assert!(!is_event("timeline/a/b.md", "timeline"));
        assert!(!is_event("timelines/b.md", "timeline"));
    }

    #[test]
    fn reads_every_field() {
        let (d, diagnostics) = read_one(
            "title = \"Adopted\"\ndate = \"2024-12-24\"\nend = 2024-12-31\napproximate = false\n\
             terms = [\"general-assembly\", \"convention\"]\nsummary = \"The GA adopts it.\"",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(d.id, "e");
        assert_eq!(d.title, "Adopted");
        assert_eq!(d.date, Some(pd("2024-12-24")));
        assert_eq!(d.end, Some(pd("2024-12-31")));
        assert!(!d.approximate);
        assert_eq!(d.entries, ["general-assembly", "convention"]);
        assert_eq!(d.summary.as_deref(), Some("The GA adopts it."));
        assert_eq!(d.after, None);
    }

    #[test]
    fn toml_dates_and_bare_years_are_read() {
        let (d, diagnostics) = read_one("title = \"A\"\ndate = 1988-09-22");
        assert!(diagnostics.is_empty());
        assert_eq!(d.date, Some(pd("1988-09-22")));
        let (d, diagnostics) = read_one("title = \"A\"\ndate = 1974\napproximate = true");
        assert!(diagnostics.is_empty());
        assert_eq!(d.date, Some(pd("1974")));
        assert!(d.approximate);
    }

    #[test]
    fn a_bad_date_is_an_error_at_its_value() {
        let (d, diagnostics) = read_one("title = \"A\"\ndate = \"1987-02-30\"");
        assert_eq!(diagnostics.len(), 1);
        let e = &diagnostics[0];
        assert!(
            e.message.contains("February 1987 has 28 days"),
            "{}",
            e.message
        );
        assert!(e.help.as_deref().unwrap().contains("YYYY-MM"));
        let p = e.location.as_ref().unwrap().position.as_ref().unwrap();
        assert_eq!((p.line, p.column), (3, 8));
        assert_eq!(d.date, None);
        // A TOML date-time is refused too.
        let (_, diagnostics) = read_one("title = \"A\"\ndate = 2024-12-24T10:00:00");
        assert!(messages(&diagnostics)[0].contains("no time of day"));
    }

    #[test]
    fn wrong_types_are_errors() {
        let (_, diagnostics) = read_one(
            "title = \"A\"\ndate = true\napproximate = \"yes\"\nterms = 3\nsummary = 1\ncondition = []",
        );
        let m = messages(&diagnostics);
        assert!(
            m.iter().any(|m| m.contains("`date` should be a date")),
            "{m:?}"
        );
        assert!(
            m.iter()
                .any(|m| m.contains("`approximate` should be true or false"))
        );
        assert!(m.iter().any(|m| m.contains("`terms` should be a list")));
        assert!(m.iter().any(|m| m.contains("`summary` should be a string")));
        assert!(
            m.iter()
                .any(|m| m.contains("`condition` should be a string"))
        );
        for d in &diagnostics {
            assert!(d.location.as_ref().unwrap().position.as_ref().unwrap().line > 1);
        }
    }

    #[test]
    fn an_end_before_the_start_is_an_error() {
        let (d, diagnostics) = read_one("title = \"A\"\ndate = \"1985-05\"\nend = \"1985-04-30\"");
        assert!(messages(&diagnostics)[0].contains("ends (1985-04-30) before it starts (1985-05)"));
        assert_eq!(d.end, None);
        // An end inside the start's month is not before it.
        let (d, diagnostics) = read_one("title = \"A\"\ndate = \"1985-05\"\nend = \"1985-05-15\"");
        assert!(diagnostics.is_empty());
        assert_eq!(d.end, Some(pd("1985-05-15")));
        let (_, diagnostics) = read_one("title = \"A\"\nend = \"1985\"\ncondition = \"x\"");
        assert!(messages(&diagnostics)[0].contains("`end` needs a `date`"));
    }

    #[test]
    fn date_and_after_together_is_an_error() {
        let (d, diagnostics) =
            read_one("title = \"A\"\ndate = \"2020\"\nafter = \"b\"\noffset = \"1 day\"");
        assert_eq!(
            messages(&diagnostics),
            ["the event has both a `date` and an `after`"]
        );
        let p = diagnostics[0].position().unwrap();
        assert_eq!(p.line, 4);
        assert_eq!(d.date, Some(pd("2020")));
        assert_eq!(d.after, None);
    }

    #[test]
    fn after_and_offset_go_together() {
        let (_, diagnostics) = read_one("title = \"A\"\nafter = \"b\"\ncondition = \"c\"");
        assert_eq!(messages(&diagnostics), ["`after` needs an `offset`"]);
        let (_, diagnostics) = read_one("title = \"A\"\ndate = \"2020\"\noffset = \"3 days\"");
        assert_eq!(messages(&diagnostics), ["`offset` without `after`"]);
        let (_, diagnostics) = read_one("title = \"A\"\nafter = \"b\"\noffset = \"3 parsecs\"");
        assert!(messages(&diagnostics)[0].starts_with("`offset` is not valid"));
        let (d, diagnostics) = read_one("title = \"A\"\nafter = \"b.md\"\noffset = \"3 days\"");
        assert!(diagnostics.is_empty());
        assert_eq!(d.after.as_deref(), Some("b"));
        assert_eq!(
            d.offset,
            Some(Offset {
                amount: 3,
                unit: Unit::Days
            })
        );
    }

    #[test]
    fn an_undated_event_needs_a_condition() {
        let (d, diagnostics) = read_one("title = \"A\"");
        assert_eq!(
            messages(&diagnostics),
            ["an undated event needs a `condition`"]
        );
        assert!(
            diagnostics[0]
                .help
                .as_deref()
                .unwrap()
                .contains("condition = ")
        );
        let p = diagnostics[0].position().unwrap();
        assert_eq!((p.line, p.column), (1, 1));
        assert_eq!(d.date, None);
        let (_, diagnostics) = read_one("title = \"A\"\ncondition = \"  \"");
        assert_eq!(messages(&diagnostics), ["the condition is empty"]);
        let (d, diagnostics) = read_one("title = \"A\"\ncondition = \"When 40 states ratify\"");
        assert!(diagnostics.is_empty());
        assert_eq!(d.condition.as_deref(), Some("When 40 states ratify"));
        // A date that does not parse is reported once, not also as missing.
        let (_, diagnostics) = read_one("title = \"A\"\ndate = \"soon\"");
        assert_eq!(diagnostics.len(), 1);
    }

    #[test]
    fn yaml_front_matter_is_read_too() {
        let text = "---\ntitle: A\ndate: 1974\nterms: [x]\n---\n".to_string();
        let file = PathBuf::from("content/timeline/a.md");
        let s = split(&text, &file).unwrap();
        let document = Document {
            path: "timeline/a.md".into(),
            front_matter: parse(&text, &s, &file).unwrap(),
            file,
            body_start: s.body.start,
            text,
        };
        let (d, diagnostics) = read(&document, PageId(0), "A");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(d.date, Some(pd("1974")));
        assert_eq!(d.entries, ["x"]);
    }

    // --- building ---

    const TODAY: &str = "2026-11-29";

    #[test]
    fn the_spec_example_while_pending() {
        let (events, diagnostics) = build_all(
            &[
                (
                    "entry-into-force",
                    "title = \"Entry into force\"\nafter = \"fortieth-ratification\"\n\
                     offset = \"90 days\"\ncondition = \"90 days after the 40th ratification\"",
                ),
                (
                    "fortieth-ratification",
                    "title = \"40th ratification\"\ncondition = \"When the 40th state ratifies\"",
                ),
            ],
            TODAY,
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let e = event(&events, "entry-into-force");
        assert_eq!(e.status, Status::Pending);
        assert_eq!(e.date, None);
        assert!(!e.computed);
        assert_eq!(e.after, Some(1));
        assert_eq!(
            e.condition.as_deref(),
            Some("90 days after the 40th ratification")
        );
        assert_eq!(
            event(&events, "fortieth-ratification").status,
            Status::Pending
        );
    }

    #[test]
    fn the_spec_example_once_dated() {
        let (events, diagnostics) = build_all(
            &[
                (
                    "entry-into-force",
                    "title = \"Entry into force\"\nafter = \"fortieth-ratification\"\n\
                     offset = \"90 days\"\ncondition = \"90 days after the 40th ratification\"",
                ),
                (
                    "fortieth-ratification",
                    "title = \"40th ratification\"\ndate = 2026-03-10",
                ),
            ],
            TODAY,
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let e = event(&events, "entry-into-force");
        assert_eq!(e.date, Some(pd("2026-06-08")));
        assert!(e.computed);
        assert!(!e.approximate);
        assert_eq!(e.status, Status::Past);
        assert_eq!(e.offset.unwrap().to_string(), "90 days");
        let f = event(&events, "fortieth-ratification");
        assert!(!f.computed);
        assert_eq!(f.status, Status::Past);
    }

    #[test]
    fn relative_dates_follow_chains_in_any_file_order() {
        let (events, diagnostics) = build_all(
            &[
                ("a", "title = \"A\"\nafter = \"b\"\noffset = \"1 month\""),
                ("b", "title = \"B\"\nafter = \"c\"\noffset = \"1 year\""),
                ("c", "title = \"C\"\ndate = \"2024-01-31\""),
                ("d", "title = \"D\"\nafter = \"c\"\noffset = \"2 weeks\""),
            ],
            TODAY,
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(event(&events, "b").date, Some(pd("2025-01-31")));
        assert_eq!(event(&events, "a").date, Some(pd("2025-02-28")));
        assert_eq!(event(&events, "d").date, Some(pd("2024-02-14")));
        assert!(events.iter().all(|e| e.status == Status::Past));
    }

    #[test]
    fn a_relative_event_after_a_future_event_is_upcoming() {
        let (events, _) = build_all(
            &[
                ("a", "title = \"A\"\ndate = \"2026-11-01\""),
                ("b", "title = \"B\"\nafter = \"a\"\noffset = \"4 weeks\""),
                ("c", "title = \"C\"\nafter = \"a\"\noffset = \"29 days\""),
            ],
            TODAY,
        );
        assert_eq!(event(&events, "b").date, Some(pd("2026-11-29")));
        assert_eq!(event(&events, "b").status, Status::Past);
        assert_eq!(event(&events, "c").status, Status::Upcoming);
    }

    #[test]
    fn approximation_spreads_along_after() {
        let (events, _) = build_all(
            &[
                ("a", "title = \"A\"\ndate = \"2019\"\napproximate = true"),
                ("b", "title = \"B\"\nafter = \"a\"\noffset = \"1 year\""),
                ("c", "title = \"C\"\ndate = \"2019-05\""),
                ("d", "title = \"D\"\nafter = \"c\"\noffset = \"90 days\""),
                ("e", "title = \"E\"\nafter = \"c\"\noffset = \"2 months\""),
            ],
            TODAY,
        );
        let b = event(&events, "b");
        assert_eq!((b.date, b.approximate), (Some(pd("2020")), true));
        let d = event(&events, "d");
        assert_eq!((d.date, d.approximate), (Some(pd("2019-07")), true));
        let e = event(&events, "e");
        assert_eq!((e.date, e.approximate), (Some(pd("2019-07")), false));
    }

    #[test]
    fn after_a_pending_event_is_pending_with_a_condition() {
        let (events, diagnostics) = build_all(
            &[
                ("a", "title = \"Signature\"\ncondition = \"When signed\""),
                ("b", "title = \"B\"\nafter = \"a\"\noffset = \"3 months\""),
                ("c", "title = \"C\"\nafter = \"b\"\noffset = \"1 day\""),
            ],
            TODAY,
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        for id in ["a", "b", "c"] {
            assert_eq!(event(&events, id).status, Status::Pending, "{id}");
        }
        assert_eq!(
            event(&events, "b").condition.as_deref(),
            Some("3 months after Signature")
        );
        assert_eq!(
            event(&events, "c").condition.as_deref(),
            Some("1 day after B")
        );
    }

    #[test]
    fn an_unknown_after_is_an_error_with_a_suggestion() {
        let (events, diagnostics) = build_all(
            &[
                ("adoption", "title = \"A\"\ndate = \"2024-12-24\""),
                (
                    "signature",
                    "title = \"S\"\nafter = \"adopton\"\noffset = \"1 day\"",
                ),
            ],
            TODAY,
        );
        assert_eq!(diagnostics.len(), 1);
        let d = &diagnostics[0];
        assert_eq!(d.message, "`after` names an unknown event `adopton`");
        assert_eq!(d.help.as_deref(), Some("did you mean `adoption`?"));
        assert!(d.file().unwrap().ends_with("signature.md"));
        let p = d.location.as_ref().unwrap().position.as_ref().unwrap();
        assert_eq!((p.line, p.column), (3, 9));
        let s = event(&events, "signature");
        assert_eq!((s.status, s.after), (Status::Pending, None));
    }

    #[test]
    fn a_two_cycle_is_one_error_naming_both() {
        let (events, diagnostics) = build_all(
            &[
                ("b", "title = \"B\"\nafter = \"a\"\noffset = \"1 day\""),
                ("a", "title = \"A\"\nafter = \"b\"\noffset = \"1 day\""),
            ],
            TODAY,
        );
        assert_eq!(messages(&diagnostics), ["`after` makes a cycle: b → a → b"]);
        assert!(diagnostics[0].file().unwrap().ends_with("b.md"));
        assert!(events.iter().all(|e| e.status == Status::Pending));
    }

    #[test]
    fn a_three_cycle_is_named_in_order_with_a_chain_hanging_off_it() {
        let (events, diagnostics) = build_all(
            &[
                ("tail", "title = \"T\"\nafter = \"y\"\noffset = \"1 day\""),
                ("x", "title = \"X\"\nafter = \"y\"\noffset = \"1 day\""),
                ("y", "title = \"Y\"\nafter = \"z\"\noffset = \"1 day\""),
                ("z", "title = \"Z\"\nafter = \"x\"\noffset = \"1 day\""),
                ("fine", "title = \"F\"\ndate = \"2000\""),
            ],
            TODAY,
        );
        assert_eq!(
            messages(&diagnostics),
            ["`after` makes a cycle: x → y → z → x"]
        );
        assert!(diagnostics[0].file().unwrap().ends_with("x.md"));
        for id in ["tail", "x", "y", "z"] {
            assert_eq!(event(&events, id).status, Status::Pending, "{id}");
        }
        assert_eq!(event(&events, "fine").status, Status::Past);
    }

    #[test]
    fn an_event_after_itself_is_a_cycle() {
        let (_, diagnostics) = build_all(
            &[("a", "title = \"A\"\nafter = \"a\"\noffset = \"1 day\"")],
            TODAY,
        );
        assert_eq!(messages(&diagnostics), ["`after` makes a cycle: a → a"]);
    }

    #[test]
    fn two_cycles_are_two_errors() {
        let (_, diagnostics) = build_all(
            &[
                ("a", "title = \"A\"\nafter = \"b\"\noffset = \"1 day\""),
                ("b", "title = \"B\"\nafter = \"a\"\noffset = \"1 day\""),
                ("c", "title = \"C\"\nafter = \"d\"\noffset = \"1 day\""),
                ("d", "title = \"D\"\nafter = \"c\"\noffset = \"1 day\""),
            ],
            TODAY,
        );
        assert_eq!(
            messages(&diagnostics),
            [
                "`after` makes a cycle: a → b → a",
                "`after` makes a cycle: c → d → c"
            ]
        );
    }

    #[test]
    fn a_computed_date_past_the_last_year_is_an_error() {
        let (events, diagnostics) = build_all(
            &[
                ("a", "title = \"A\"\ndate = \"9999-12\""),
                ("b", "title = \"B\"\nafter = \"a\"\noffset = \"1 year\""),
            ],
            TODAY,
        );
        assert!(messages(&diagnostics)[0].contains("cannot be computed"));
        assert_eq!(event(&events, "b").status, Status::Pending);
    }

    #[test]
    fn order_is_by_first_day_then_precision_then_title_pending_last() {
        let (events, _) = build_all(
            &[
                ("p2", "title = \"Zeta\"\ncondition = \"later\""),
                ("p1", "title = \"alpha\"\ncondition = \"later\""),
                ("d", "title = \"A day\"\ndate = \"1985-01-01\""),
                ("m", "title = \"A month\"\ndate = \"1985-01\""),
                ("y", "title = \"A year\"\ndate = \"1985\""),
                ("y2", "title = \"Another year\"\ndate = \"1985\""),
                ("y1", "title = \"a year too\"\ndate = \"1985\""),
                ("early", "title = \"Z early\"\ndate = \"1984-12-31\""),
                ("late", "title = \"B late\"\ndate = \"1985-02\""),
            ],
            TODAY,
        );
        let ids: Vec<&str> = order(&events)
            .into_iter()
            .map(|i| events[i].id.as_str())
            .collect();
        assert_eq!(
            ids,
            ["early", "y", "y1", "y2", "m", "d", "late", "p1", "p2"]
        );
        assert_eq!(year_of(event(&events, "m")), Some(1985));
        assert_eq!(year_of(event(&events, "p1")), None);
    }
}

/// Date arithmetic checked against jiff as the calendar: every rule of
/// [`Offset::apply`] recomputed by hand (month lengths from jiff), and
/// whole days counted back with jiff's `until`.
#[cfg(test)]
mod properties {
    use jiff::Unit as JiffUnit;
    use jiff::civil::Date;
    use proptest::prelude::*;

    use super::*;

    /// Any real date at any precision, from year 0 to 9999.
    fn any_date() -> impl Strategy<Value = PartialDate> {
        (0i16..=9999, 1i8..=12, 1i8..=31, 0u8..3).prop_map(|(year, month, day, precision)| {
            let day = day.min(days_in_month(year, month));
            match precision {
                0 => PartialDate::new(year, None, None),
                1 => PartialDate::new(year, Some(month), None),
                _ => PartialDate::new(year, Some(month), Some(day)),
            }
            .expect("a real date")
        })
    }

    fn any_offset() -> impl Strategy<Value = Offset> {
        prop_oneof![
            (0i64..=4000).prop_map(|amount| Offset {
                amount,
                unit: Unit::Days
            }),
            (0i64..=600).prop_map(|amount| Offset {
                amount,
                unit: Unit::Weeks
            }),
            (0i64..=400).prop_map(|amount| Offset {
                amount,
                unit: Unit::Months
            }),
            (0i64..=40).prop_map(|amount| Offset {
                amount,
                unit: Unit::Years
            }),
        ]
    }

    /// `months` calendar months after year `year`, month `month`, day
    /// `day`: the day kept, or the month's last when it has fewer days.
    /// `None` past the year 9999.
    fn add_months(year: i16, month: i8, day: i8, months: i64) -> Option<Date> {
        let index = i64::from(year) * 12 + i64::from(month) - 1 + months;
        let year = i16::try_from(index.div_euclid(12)).ok()?;
        let month = index.rem_euclid(12) as i8 + 1;
        let first = Date::new(year, month, 1).ok()?;
        Date::new(year, month, day.min(first.days_in_month())).ok()
    }

    /// What `offset` after `base` must give: the moved first day, or `None`
    /// past the last year.
    fn reference(offset: Offset, base: PartialDate) -> Option<Date> {
        let first = base.first_day();
        let (year, month, day) = (first.year(), first.month(), first.day());
        match offset.unit {
            Unit::Months => add_months(year, month, day, offset.amount),
            Unit::Years => add_months(year, month, day, offset.amount * 12),
            Unit::Days | Unit::Weeks => {
                let days = offset.amount * if offset.unit == Unit::Weeks { 7 } else { 1 };
                // The last day jiff knows, 9999-12-31, bounds the result.
                let last = Date::new(9999, 12, 31).expect("a real date");
                let room = i64::from(first.until((JiffUnit::Day, last)).ok()?.get_days());
                (days <= room).then(|| {
                    first
                        .checked_add(jiff::Span::new().days(days))
                        .expect("inside the calendar")
                })
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The date moved is the hand-computed one, at the base's precision,
        /// approximate exactly when the offset is finer than the date.
        #[test]
        fn apply_follows_the_calendar(base in any_date(), offset in any_offset()) {
            let want = reference(offset, base);
            match (offset.apply(base), want) {
                (Ok((moved, approximate)), Some(day)) => {
                    prop_assert_eq!(moved, PartialDate::truncate(day, base.precision()));
                    prop_assert_eq!(moved.precision(), base.precision());
                    prop_assert!(moved >= base);
                    let finer = match (offset.unit, base.precision()) {
                        (_, Precision::Day) => false,
                        (Unit::Days | Unit::Weeks, _) => true,
                        (Unit::Months, Precision::Year) => offset.amount % 12 != 0,
                        (Unit::Months | Unit::Years, _) => false,
                    };
                    prop_assert_eq!(approximate, finer && offset.amount != 0);
                }
                (Err(e), None) => prop_assert!(e.contains("last year"), "{}", e),
                (got, want) => prop_assert!(false, "{} after {}: got {:?}, want {:?}", offset, base, got, want),
            }
        }

        /// Whole days and weeks, counted back by jiff, are the offset.
        #[test]
        fn days_and_weeks_count_back(base in any_date(), days in 0i64..=20_000, weeks in any::<bool>()) {
            let offset = if weeks {
                Offset { amount: days / 7, unit: Unit::Weeks }
            } else {
                Offset { amount: days, unit: Unit::Days }
            };
            let base = PartialDate::truncate(base.first_day(), Precision::Day);
            if let Ok((moved, _)) = offset.apply(base) {
                let span = base.first_day().until((JiffUnit::Day, moved.first_day())).unwrap();
                let per = if weeks { 7 } else { 1 };
                prop_assert_eq!(i64::from(span.get_days()), offset.amount * per);
            }
        }

        /// Months then more months is the same as all the months at once
        /// from a day that exists in every month (the 1st to the 28th);
        /// from a later day, month ends clamp and the sum may fall earlier.
        /// (A date known to the year keeps only whole years of a first
        /// step, so that step is a whole number of years.)
        #[test]
        fn months_add_up(base in any_date(), a in 0i64..=200, b in 0i64..=200) {
            prop_assume!(base.precision() != Precision::Year || a % 12 == 0);
            let months = |amount| Offset { amount, unit: Unit::Months };
            if let (Ok((one, _)), Ok((all, _))) = (months(a).apply(base), months(a + b).apply(base))
                && let Ok((two, _)) = months(b).apply(one)
            {
                if base.day().is_none_or(|d| d <= 28) {
                    prop_assert_eq!(two, all);
                } else {
                    prop_assert!(two <= all);
                }
            }
        }

        /// Every date prints as text that parses back to it, and sorts by
        /// its first day, then coarser first.
        #[test]
        fn dates_round_trip_and_sort(a in any_date(), b in any_date()) {
            prop_assert_eq!(PartialDate::parse(&a.to_string()), Ok(a));
            prop_assert_eq!(PartialDate::parse(&format!(" {a}\t")), Ok(a));
            prop_assert!(a.first_day() <= a.last_day());
            prop_assert_eq!(
                a.cmp(&b),
                (a.first_day(), a.precision()).cmp(&(b.first_day(), b.precision()))
            );
        }

        /// Every offset prints as text that parses back to it, and a day
        /// past the month's end is refused, naming the month's length.
        #[test]
        fn offsets_round_trip_and_bad_days_are_refused(
            offset in any_offset(),
            year in 0i16..=9999,
            month in 1i8..=12,
        ) {
            prop_assert_eq!(Offset::parse(&offset.to_string()), Ok(offset));
            let days = days_in_month(year, month);
            if days < 31 {
                let text = format!("{year:04}-{month:02}-{:02}", days + 1);
                let e = PartialDate::parse(&text).unwrap_err();
                prop_assert!(e.contains(&format!("has {days} days")), "{}", e);
            }
        }
    }
}
