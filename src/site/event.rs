//! Timeline events as the model holds them, resolved: every date
//! computed, every id an index.

use std::fmt;

use jiff::civil::Date;

use super::{EntryId, EventId, PageId};
use crate::dates::{Offset, PartialDate};

/// A resolved event.
#[derive(Clone, Debug)]
pub struct Event {
    /// The page that holds it.
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
    /// Whether the computed `date` is a deadline (`by = true`): the latest
    /// day the event may happen, shown "by …". Only when `computed`.
    pub deadline: bool,
    /// The event it follows, for a relative event.
    pub after: Option<EventId>,
    /// How long after it.
    pub offset: Option<Offset>,
    /// When it will happen, in words. For a relative event that gives none,
    /// "`offset` after “`title of the other event`”" (in the site's data;
    /// the theme says it in the page's language, from `after` and `offset`).
    pub condition: Option<String>,
    /// Whether the author wrote `condition`, rather than glossator.
    pub condition_given: bool,
    /// One sentence.
    pub summary: Option<String>,
    /// The glossary entries it involves (its `terms`), as written.
    pub entries: Vec<EntryId>,
    /// Past, upcoming or pending on the day of the build.
    pub status: Status,
}

impl Event {
    /// The first day after `today` on which its status changes: an
    /// upcoming event is past from the first day its date covers, an
    /// upcoming deadline from the day after its last. `None` for an event
    /// past or pending, whose status no day changes (a pending one waits
    /// on an edit, not on the calendar).
    pub fn status_changes(&self, today: Date) -> Option<Date> {
        let date = self.date?;
        let day = if self.deadline {
            date.last_day().tomorrow().ok()?
        } else {
            date.first_day()
        };
        (day > today).then_some(day)
    }

    /// The year it is listed under; `None` while pending.
    pub fn year(&self) -> Option<i16> {
        self.date.map(|d| d.year())
    }
}

/// Where an event stands on the day of the build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// The first day its date covers is `today` or before; for a
    /// deadline, the last day it covers is before `today`.
    Past,
    /// The first day its date covers is after `today`; for a deadline,
    /// the last day it covers is `today` or after.
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

    /// The status of a deadline dated `date` on `today`: upcoming while
    /// the event may still happen, through the last day the date covers
    /// ("by 2027" until the end of 2027), and past once that day is over.
    pub fn of_deadline(date: &PartialDate, today: Date) -> Status {
        match date.last_day() < today {
            true => Status::Past,
            false => Status::Upcoming,
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
