//! The drawn timeline: the events on a time axis, laid out at build time
//! as plain numbers and words that `timeline.html` prints as an inline SVG
//! (no script, no other host). The list of events below it stays the text
//! alternative; the drawing is for the question "how long did this take?".
//!
//! [`layout`] takes the events in timeline order and returns a
//! [`TimelineDrawing`]: coordinates in CSS pixels (rounded to a tenth, so
//! the same site gives the same bytes), the words of the year ticks, each
//! event's shortened label. The theme keeps the shapes, the words ("today",
//! "not yet dated") and every colour: it prints the SVG with classes, and
//! its stylesheet paints them with its custom properties, so dark mode and
//! another theme restyle the drawing without touching this module.
//!
//! # The rules of the layout
//!
//! - **Time runs left to right**, one scale (pixels per day) for the whole
//!   axis, so a span's bar is as long as its duration on any unbroken
//!   stretch. The scale gives the axis about [`PX_PER_EVENT`] pixels per
//!   dated event and at least [`MIN_YEAR_PX`] per year shown, within
//!   [`MIN_AXIS`]..[`MAX_AXIS`] pixels: a dense history grows wider (the
//!   drawing scrolls inside itself), a short one stays legible. When the
//!   lanes (below) had to cut more than one label in [`CUT_SHARE`], or
//!   opened more lanes than [`SOFT_LANES`] and than the events that overlap
//!   in time need anyway, the axis is laid out again a quarter wider,
//!   up to [`MAX_AXIS`].
//! - **Whole years**: the axis shows whole calendar years, from the first
//!   to the last year an event (or today) touches, ticked at each 1 January.
//!   When years are too narrow for their label, labels go every 2, 5, 10,
//!   20, 25, 50… years.
//! - **Axis breaks**: a run of years that no event touches (a span touches
//!   every year it covers; today's year counts too) is left out when it is
//!   at least [`MIN_BREAK_YEARS`] long and at least an eighth of all the
//!   years from the first to the last. The axis is then drawn as unbroken
//!   stretches, [`BREAK_PX`] apart, with a visible break mark between them;
//!   each stretch starts with its own year label, so the jump reads.
//! - **Marks**: an event stands at the first day its date covers (as the
//!   list orders it, so marks go in list order along the axis); a span is
//!   a bar to the last day of its `end`; a date known only to the month or
//!   the year gets a faint band over the period it covers. Approximate,
//!   computed, deadline, upcoming and pending events carry their own class
//!   for the theme to draw (dashed, a diamond, hollow…).
//! - **Lanes**: each event's label sits above its mark, starting at the
//!   mark. Events are placed in order along the axis, each in the first
//!   lane (row) where nothing reaches within [`LANE_GAP`] pixels of its
//!   mark, so no two marks or labels overlap. Beyond [`SOFT_LANES`] lanes a
//!   dense period shortens labels instead: the lane whose last label can
//!   be cut (with "…") to make room keeps the most of it, or loses its
//!   label (the mark, its hover title and the list keep the words). Only
//!   when marks themselves leave no room does a new lane open.
//! - **Pending events** stand apart, after the axis and a separator, one
//!   under the other, each with its condition written out under its title
//!   (wrapped, so that touch screens, which have no hover, see it too).
//! - **Today** is a line across the lanes at the start of the build's day:
//!   past marks sit at or before it, upcoming ones after it.

use jiff::civil::Date;
use serde::Serialize;

use crate::dates::{PartialDate, Precision};

/// Pixels of axis per dated event, before the bounds below.
pub const PX_PER_EVENT: f64 = 26.0;
/// The narrowest a year is drawn, when the axis can afford it.
pub const MIN_YEAR_PX: f64 = 44.0;
/// The shortest axis.
pub const MIN_AXIS: f64 = 560.0;
/// The longest axis: a history longer than this gets narrower years.
pub const MAX_AXIS: f64 = 16000.0;
/// The shortest run of years without events that is left out.
pub const MIN_BREAK_YEARS: i32 = 4;
/// The width of an axis break.
pub const BREAK_PX: f64 = 36.0;
/// The room kept free before a mark in its lane.
pub const LANE_GAP: f64 = 10.0;
/// Lanes opened freely; past them, labels are shortened first.
pub const SOFT_LANES: usize = 6;
/// The axis widens (by a quarter, up to [`MAX_AXIS`]) until at most one label
/// in this many is cut for want of room.
pub const CUT_SHARE: usize = 10;

/// The longest label, in characters, before "…".
const MAX_LABEL_CHARS: usize = 28;
/// The longest line of a pending event's condition, in pixels.
const CONDITION_PX: f64 = 230.0;
/// The most lines of a condition; the rest is cut with "…".
const CONDITION_LINES: usize = 4;
/// Font sizes the estimates below assume (the theme's CSS uses them).
const LABEL_FONT: f64 = 12.0;
const SMALL_FONT: f64 = 11.0;
/// Half the width of a mark.
const MARK_R: f64 = 6.0;
/// Left and right margins.
const MARGIN: f64 = 12.0;
/// The row above the lanes: today's label, the pending events' heading.
const TOP: f64 = 24.0;
/// The height of a lane: a label, then the mark under it.
const LANE_H: f64 = 36.0;
/// The width of a column of pending events.
const PENDING_COLUMN: f64 = 280.0;

/// One event as the drawing needs it, in timeline order.
#[derive(Clone, Debug)]
pub struct Item<'a> {
    /// The event's id: its element id in the list.
    pub id: &'a str,
    /// Its title.
    pub title: &'a str,
    /// Its date; `None` while pending.
    pub date: Option<PartialDate>,
    /// The last date of a span.
    pub end: Option<PartialDate>,
    /// Written or computed as approximate.
    pub approximate: bool,
    /// Computed from another event.
    pub computed: bool,
    /// A computed deadline ("by …").
    pub deadline: bool,
    /// `past`, `upcoming` or `pending`.
    pub status: &'static str,
    /// Its date for people (`c. 2019`), as the list writes it.
    pub when: Option<String>,
    /// The end of a span for people.
    pub until: Option<String>,
    /// When a pending event will happen, as the author wrote it.
    pub condition: Option<&'a str>,
}

/// `timeline.drawing` in `timeline.html`: the drawn timeline, laid out.
/// Every coordinate is in CSS pixels from the top left corner.
#[derive(Clone, Debug, Serialize)]
pub struct TimelineDrawing<'a> {
    /// The SVG's width and height.
    pub width: f64,
    pub height: f64,
    /// The axis; `None` when no event is dated.
    pub axis: Option<Axis>,
    /// Today's line; `None` when no event is dated.
    pub today: Option<TodayLine>,
    /// The dated events, in timeline order (so in order along the axis).
    pub marks: Vec<Mark<'a>>,
    /// The events not yet dated, apart at the end; `None` when there are none.
    pub pending: Option<PendingZone<'a>>,
    /// The first and last years shown, in the site's words (`2003`, `2026`),
    /// for the description.
    pub first_year: String,
    pub last_year: String,
    /// The runs of years left out, in words (`2004–2016`).
    pub left_out: Vec<String>,
}

/// The time axis.
#[derive(Clone, Debug, Serialize)]
pub struct Axis {
    /// Where its line runs, and the top of the tick labels' row.
    pub y: f64,
    /// The baseline of the year labels.
    pub label_y: f64,
    /// Its unbroken stretches, left to right.
    pub stretches: Vec<Stretch>,
    /// The breaks between them.
    pub breaks: Vec<AxisBreak>,
    /// Ticks at year (and, where years are wide, month) starts.
    pub ticks: Vec<Tick>,
    /// Year labels.
    pub labels: Vec<TickLabel>,
}

/// A stretch of the axis without a break.
#[derive(Clone, Debug, Serialize)]
pub struct Stretch {
    pub x1: f64,
    pub x2: f64,
    /// Its first and last years (`2017`, `2026`).
    pub first: i16,
    pub last: i16,
}

/// A break in the axis: years left out.
#[derive(Clone, Debug, Serialize)]
pub struct AxisBreak {
    /// The middle of the gap.
    pub x: f64,
    /// The break mark (two slanted strokes across the axis), an SVG path.
    pub d: String,
    /// The first and last years left out.
    pub from: i16,
    pub to: i16,
}

/// A tick on the axis.
#[derive(Clone, Debug, Serialize)]
pub struct Tick {
    pub x: f64,
    /// A year's start (`true`) or a month's.
    pub major: bool,
}

/// A year label on the axis.
#[derive(Clone, Debug, Serialize)]
pub struct TickLabel {
    /// The middle of the label (print it with `text-anchor: middle`).
    pub x: f64,
    /// The year in the site's words: `2024`, `2024年`.
    pub text: String,
}

/// The line for the build's day.
#[derive(Clone, Debug, Serialize)]
pub struct TodayLine {
    pub x: f64,
    /// From the top row to the axis.
    pub y1: f64,
    pub y2: f64,
    /// Where its label goes, and `start` or `end` (its side of the line).
    pub label_x: f64,
    pub label_y: f64,
    pub anchor: &'static str,
    /// The day, `YYYY-MM-DD`.
    pub date: String,
}

/// One dated event's mark.
#[derive(Clone, Debug, Serialize)]
pub struct Mark<'a> {
    /// The event's id (`data-event`, and the link `#id`).
    pub id: &'a str,
    /// Its full title, for the link's hover title.
    pub title: &'a str,
    /// The label shown above the mark: the title, maybe shortened; empty
    /// when a dense period left no room for it.
    pub label: String,
    /// `past` or `upcoming`.
    pub status: &'static str,
    pub approximate: bool,
    pub computed: bool,
    pub deadline: bool,
    /// `circle` for a stated date, `diamond` for a computed one.
    pub shape: &'static str,
    /// The mark's centre.
    pub x: f64,
    pub y: f64,
    /// A diamond's outline, an SVG path (empty for a circle).
    pub d: String,
    /// The radius of a circle.
    pub r: f64,
    /// A span's bar, from the mark to the end of its last day; `None`
    /// for a single date.
    pub bar: Option<Rect>,
    /// The faint band over the period a date known to the month or the
    /// year covers; `None` for a day or a span.
    pub band: Option<Rect>,
    /// The lane (0 is the top one), the label's start and baseline.
    pub lane: usize,
    pub label_x: f64,
    pub label_y: f64,
    /// Its date and end for people, as the list writes them.
    pub when: Option<String>,
    pub until: Option<String>,
}

/// A rectangle.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    /// Its right edge.
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    /// From `x1` to `x2`, `height` high around `y`.
    fn around(x1: f64, x2: f64, y: f64, height: f64) -> Rect {
        Rect {
            x: round(x1),
            y: round(y - height / 2.0),
            width: round(x2 - x1),
            height,
        }
    }
}

/// The events not yet dated, apart after the axis.
#[derive(Clone, Debug, Serialize)]
pub struct PendingZone<'a> {
    /// The dashed separator's x, from `y1` to `y2`.
    pub x: f64,
    pub y1: f64,
    pub y2: f64,
    /// The heading's start and baseline.
    pub head_x: f64,
    pub head_y: f64,
    pub items: Vec<PendingMark<'a>>,
}

/// One pending event.
#[derive(Clone, Debug, Serialize)]
pub struct PendingMark<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Its title, maybe shortened.
    pub label: String,
    /// The mark's centre and radius.
    pub x: f64,
    pub y: f64,
    pub r: f64,
    /// The label's start and baseline.
    pub label_x: f64,
    pub label_y: f64,
    /// The author's condition, whole (for the hover title).
    pub condition: Option<&'a str>,
    /// The same, wrapped: one line each, the first under the label.
    pub condition_lines: Vec<ConditionLine>,
}

/// A line of a pending event's condition.
#[derive(Clone, Debug, Serialize)]
pub struct ConditionLine {
    pub y: f64,
    pub text: String,
}

/// A stretch of whole years on the axis, while it is laid out.
#[derive(Clone, Copy, Debug)]
struct Span {
    first: i16,
    last: i16,
    /// Day numbers of 1 January of `first`, and of the year after `last`.
    day1: i64,
    day2: i64,
    x1: f64,
}

/// Lays out the timeline `items` (in timeline order) against `today`;
/// `year_words` writes a year in the site's language. `None` when there
/// is no event to draw.
pub fn layout<'a>(
    items: &[Item<'a>],
    today: Date,
    year_words: &dyn Fn(i16) -> String,
) -> Option<TimelineDrawing<'a>> {
    if items.is_empty() {
        return None;
    }
    let dated: Vec<&Item<'a>> = items.iter().filter(|i| i.date.is_some()).collect();
    let pending: Vec<&Item<'a>> = items.iter().filter(|i| i.date.is_none()).collect();
    let mut drawing = TimelineDrawing {
        width: 0.0,
        height: 0.0,
        axis: None,
        today: None,
        marks: Vec::new(),
        pending: None,
        first_year: String::new(),
        last_year: String::new(),
        left_out: Vec::new(),
    };
    let mut right = MARGIN;
    let mut bottom = TOP;
    if !dated.is_empty() {
        let spans = stretches(&dated, today);
        let total_days: i64 = spans.iter().map(|s| s.day2 - s.day1).sum();
        let years: i64 = spans.iter().map(|s| i64::from(s.last - s.first) + 1).sum();
        let mut target = (dated.len() as f64 * PX_PER_EVENT)
            .max(years as f64 * MIN_YEAR_PX)
            .clamp(MIN_AXIS, MAX_AXIS);
        // Wider, while a crowded period cuts too many labels or stacks
        // marks that more room would put side by side.
        let least_lanes = SOFT_LANES.max(overlapping(&dated));
        let (spans, scale, marks, lanes) = loop {
            let scale = target / total_days.max(1) as f64;
            let placed = place(spans.clone(), scale);
            let x_of = |date: Date| x_at(&placed, scale, day_number(date));
            let (marks, lanes, cut) = lay_marks(&dated, &x_of);
            let crowded = cut * CUT_SHARE > dated.len() || lanes > least_lanes;
            if !crowded || target >= MAX_AXIS {
                break (placed, scale, marks, lanes);
            }
            target = (target * 1.25).min(MAX_AXIS);
        };
        let x_of = |date: Date| x_at(&spans, scale, day_number(date));
        let axis_y = TOP + lanes.max(1) as f64 * LANE_H + 6.0;
        let axis = axis(&spans, scale, axis_y, year_words);
        let today_x = round(x_of(today));
        let axis_end = spans.last().map_or(MARGIN, |s| s.x1 + span_px(s, scale));
        right = marks
            .iter()
            .map(|m| m.label_x + text_width(&m.label, LABEL_FONT))
            .chain(marks.iter().filter_map(|m| m.bar.map(|b| b.right())))
            .fold(axis_end, f64::max);
        drawing.today = Some(TodayLine {
            x: today_x,
            y1: TOP - 8.0,
            y2: axis_y,
            // The word goes on the side with room: before the line unless
            // the line is near the drawing's start.
            label_x: round(if today_x < 90.0 {
                today_x + 4.0
            } else {
                today_x - 4.0
            }),
            label_y: TOP - 10.0,
            anchor: if today_x < 90.0 { "start" } else { "end" },
            date: today.to_string(),
        });
        drawing.first_year = spans
            .first()
            .map(|s| year_words(s.first))
            .unwrap_or_default();
        drawing.last_year = spans.last().map(|s| year_words(s.last)).unwrap_or_default();
        drawing.left_out = axis
            .breaks
            .iter()
            .map(|b| match b.from == b.to {
                true => year_words(b.from),
                false => format!("{}–{}", year_words(b.from), year_words(b.to)),
            })
            .collect();
        bottom = axis.label_y + 10.0;
        drawing.marks = marks;
        drawing.axis = Some(axis);
    }
    if !pending.is_empty() {
        let x = if dated.is_empty() {
            MARGIN
        } else {
            round(right + 20.0)
        };
        let zone = lay_pending(&pending, x, bottom);
        right = zone
            .items
            .iter()
            .map(|p| {
                let label = p.label_x + text_width(&p.label, LABEL_FONT);
                let lines = p
                    .condition_lines
                    .iter()
                    .map(|l| text_width(&l.text, SMALL_FONT));
                lines.fold(label, |w, l| w.max(p.label_x + l))
            })
            // Room for the heading, whose words the theme chooses.
            .fold(x + 16.0 + 180.0, f64::max);
        bottom = bottom.max(zone.y2);
        drawing.pending = Some(zone);
    }
    if let Some(zone) = &mut drawing.pending {
        zone.y2 = bottom;
    }
    drawing.width = round(right + MARGIN);
    drawing.height = round(bottom);
    Some(drawing)
}

/// The stretches of whole years the axis shows, before they are placed:
/// the years events touch, merged across runs of empty years too short
/// to leave out (see the module's rules).
fn stretches(dated: &[&Item], today: Date) -> Vec<Span> {
    let mut runs: Vec<(i16, i16)> = dated
        .iter()
        .filter_map(|i| {
            let date = i.date?;
            let last = i
                .end
                .map_or(date.last_day(), |e| e.last_day().max(date.last_day()));
            Some((date.year(), last.year()))
        })
        .chain([(today.year(), today.year())])
        .collect();
    runs.sort_unstable();
    let first = runs.first().map_or(today.year(), |r| r.0);
    let last = runs.iter().map(|r| r.1).max().unwrap_or(first);
    let all = i32::from(last) - i32::from(first) + 1;
    let least = MIN_BREAK_YEARS.max((all + 7) / 8);
    let mut merged: Vec<(i16, i16)> = Vec::new();
    for (a, b) in runs {
        match merged.last_mut() {
            Some(run) if i32::from(a) - i32::from(run.1) - 1 < least => run.1 = run.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
        .into_iter()
        .map(|(first, last)| Span {
            first,
            last,
            day1: year_start(i32::from(first)),
            day2: year_start(i32::from(last) + 1),
            x1: 0.0,
        })
        .collect()
}

/// Gives each stretch its left edge: one after the other, a break apart.
fn place(mut spans: Vec<Span>, scale: f64) -> Vec<Span> {
    let mut x = MARGIN;
    for span in &mut spans {
        span.x1 = x;
        x += span_px(span, scale) + BREAK_PX;
    }
    spans
}

fn span_px(span: &Span, scale: f64) -> f64 {
    (span.day2 - span.day1) as f64 * scale
}

/// The x of day number `day`; a day outside every stretch (none is, by
/// construction) is put at the nearest edge.
fn x_at(spans: &[Span], scale: f64, day: i64) -> f64 {
    let span = spans
        .iter()
        .find(|s| day < s.day2)
        .or(spans.last())
        .copied();
    match span {
        Some(s) => s.x1 + (day.clamp(s.day1, s.day2) - s.day1) as f64 * scale,
        None => MARGIN,
    }
}

/// The axis: stretches, breaks, ticks and year labels.
fn axis(spans: &[Span], scale: f64, y: f64, year_words: &dyn Fn(i16) -> String) -> Axis {
    let year_px = 365.2425 * scale;
    let widest = spans
        .iter()
        .flat_map(|s| [s.first, s.last])
        .map(|year| text_width(&year_words(year), SMALL_FONT))
        .fold(0.0, f64::max);
    let room = widest + 12.0;
    // Every year labelled in its middle, or every `step` years at the tick.
    let step = [
        1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000,
    ]
    .into_iter()
    .find(|&n| f64::from(n) * year_px >= room)
    .unwrap_or(20000);
    let mut axis = Axis {
        y,
        label_y: round(y + 17.0),
        stretches: Vec::new(),
        breaks: Vec::new(),
        ticks: Vec::new(),
        labels: Vec::new(),
    };
    let months = year_px >= 160.0;
    for (n, span) in spans.iter().enumerate() {
        let x2 = span.x1 + span_px(span, scale);
        axis.stretches.push(Stretch {
            x1: round(span.x1),
            x2: round(x2),
            first: span.first,
            last: span.last,
        });
        if let Some(next) = spans.get(n + 1) {
            let mid = round(x2 + BREAK_PX / 2.0);
            axis.breaks.push(AxisBreak {
                x: mid,
                d: format!(
                    "M{} {}l6 -12M{} {}l6 -12",
                    round(mid - 6.0),
                    round(y + 6.0),
                    round(mid),
                    round(y + 6.0)
                ),
                from: span.last + 1,
                to: next.first - 1,
            });
        }
        let mut last_label = f64::NEG_INFINITY;
        for year in i32::from(span.first)..=i32::from(span.last) + 1 {
            let x = span.x1 + (year_start(year) - span.day1) as f64 * scale;
            if year_px >= 4.0 || year % step == 0 {
                axis.ticks.push(Tick {
                    x: round(x),
                    major: true,
                });
            }
            let inside = year <= i32::from(span.last);
            if months && inside {
                for month in 2..=12 {
                    let day = day_number_ymd(year, month, 1);
                    axis.ticks.push(Tick {
                        x: round(span.x1 + (day - span.day1) as f64 * scale),
                        major: false,
                    });
                }
            }
            let label_x = match step {
                // Each year named in the middle of its own stretch.
                1 if inside => x + year_px / 2.0,
                1 => continue,
                // Every `step` years at the tick; a stretch's first year
                // too, unless the next named one is too close.
                _ if year % step == 0 => x,
                _ if year == i32::from(span.first) => {
                    let next = (year.div_euclid(step) + 1) * step;
                    if f64::from(next - year) * year_px < room {
                        continue;
                    }
                    x
                }
                _ => continue,
            };
            if label_x - last_label < room {
                continue;
            }
            let Ok(named) = i16::try_from(year) else {
                continue;
            };
            last_label = label_x;
            axis.labels.push(TickLabel {
                x: round(label_x),
                text: year_words(named),
            });
        }
    }
    axis
}

/// Places the dated events in lanes (see the module's rules); returns the
/// marks, how many lanes they use and how many labels were cut for room.
fn lay_marks<'a>(dated: &[&Item<'a>], x_of: &dyn Fn(Date) -> f64) -> (Vec<Mark<'a>>, usize, usize) {
    let mut cut_count = 0;
    let mut marks: Vec<Mark<'a>> = Vec::with_capacity(dated.len());
    // The index of the last mark in each lane.
    let mut lanes: Vec<usize> = Vec::new();
    for item in dated {
        let Some(date) = item.date else { continue };
        let x = x_of(date.first_day());
        let after = |d: Date| x_of(d.tomorrow().unwrap_or(d));
        let bar_x2 = item
            .end
            .map(|end| after(end.last_day().max(date.last_day())));
        let band = (item.end.is_none() && date.precision() != Precision::Day)
            .then(|| (x, after(date.last_day())));
        let left = x - MARK_R;
        let label = shorten(item.title, MAX_LABEL_CHARS);
        let free = |m: &Mark| frontier(m) + LANE_GAP <= left;
        let lane = match lanes.iter().position(|&last| free(&marks[last])) {
            Some(lane) => lane,
            None if lanes.len() < SOFT_LANES => {
                lanes.push(0);
                lanes.len() - 1
            }
            None => {
                // Cut the label that leaves the most of itself.
                let cut = lanes
                    .iter()
                    .enumerate()
                    .filter(|&(_, &last)| hard_right(&marks[last]) + LANE_GAP <= left)
                    .max_by(|a, b| {
                        let room = |i: usize| left - LANE_GAP - marks[i].label_x;
                        room(*a.1).total_cmp(&room(*b.1))
                    })
                    .map(|(lane, &last)| (lane, last));
                match cut {
                    Some((lane, last)) => {
                        let room = left - LANE_GAP - marks[last].label_x;
                        let label = fit(&marks[last].label, room);
                        if label != marks[last].label {
                            cut_count += 1;
                        }
                        marks[last].label = label;
                        lane
                    }
                    None => {
                        lanes.push(0);
                        lanes.len() - 1
                    }
                }
            }
        };
        lanes[lane] = marks.len();
        let top = TOP + lane as f64 * LANE_H;
        let y = top + 25.0;
        let computed = item.computed || item.deadline;
        marks.push(Mark {
            id: item.id,
            title: item.title,
            label,
            status: item.status,
            approximate: item.approximate,
            computed: item.computed,
            deadline: item.deadline,
            shape: if computed { "diamond" } else { "circle" },
            x: round(x),
            y: round(y),
            d: if computed {
                diamond(x, y, MARK_R + 1.0)
            } else {
                String::new()
            },
            r: MARK_R,
            bar: bar_x2.map(|b| Rect::around(x, b, y, 8.0)),
            band: band.map(|(a, b)| Rect::around(a, b, y, 18.0)),
            lane,
            label_x: round(left),
            label_y: round(top + 13.0),
            when: item.when.clone(),
            until: item.until.clone(),
        });
    }
    (marks, lanes.len(), cut_count)
}

/// The most marks that overlap in time (the same day, or within a span or
/// a band), which no width of the axis can put in fewer lanes.
fn overlapping(dated: &[&Item]) -> usize {
    let mut open: Vec<Date> = Vec::new();
    let mut most = 0;
    for item in dated {
        let Some(date) = item.date else { continue };
        let start = date.first_day();
        let last = match item.end {
            Some(end) => end.last_day().max(date.last_day()),
            None => date.last_day(),
        };
        open.retain(|&end| end >= start);
        open.push(last);
        most = most.max(open.len());
    }
    most
}

/// How far right a mark and its label reach.
fn frontier(mark: &Mark) -> f64 {
    hard_right(mark).max(mark.label_x + text_width(&mark.label, LABEL_FONT))
}

/// How far right a mark reaches without its label: its bar or band.
fn hard_right(mark: &Mark) -> f64 {
    let mut right = mark.x + MARK_R + 1.0;
    for rect in [mark.bar, mark.band].into_iter().flatten() {
        right = right.max(rect.right());
    }
    right
}

/// The pending events in a column (or more) from `x`, as tall as the
/// dated part (`bottom`) or taller when they need it.
fn lay_pending<'a>(pending: &[&Item<'a>], x: f64, bottom: f64) -> PendingZone<'a> {
    let column_x = x + 16.0;
    let limit = bottom.max(TOP + 8.0 * LANE_H);
    let (mut cx, mut y) = (column_x, TOP);
    let mut deepest: f64 = TOP;
    let mut items = Vec::with_capacity(pending.len());
    for item in pending {
        let lines = item
            .condition
            .map(|c| wrap(c, CONDITION_PX, CONDITION_LINES))
            .unwrap_or_default();
        let height = 24.0 + lines.len() as f64 * 14.0;
        if y > TOP && y + height > limit {
            cx += PENDING_COLUMN;
            y = TOP;
        }
        let label_y = y + 12.0;
        items.push(PendingMark {
            id: item.id,
            title: item.title,
            label: shorten(item.title, 32),
            x: round(cx + MARK_R),
            y: round(y + 8.0),
            r: MARK_R,
            label_x: round(cx + 2.0 * MARK_R + 6.0),
            label_y: round(label_y),
            condition: item.condition,
            condition_lines: lines
                .into_iter()
                .enumerate()
                .map(|(n, text)| ConditionLine {
                    y: round(label_y + 14.0 * (n as f64 + 1.0)),
                    text,
                })
                .collect(),
        });
        y += height;
        deepest = deepest.max(y);
    }
    PendingZone {
        x: round(x),
        y1: TOP - 16.0,
        y2: round(deepest),
        head_x: round(column_x),
        head_y: TOP - 10.0,
        items,
    }
}

/// A diamond of half-diagonal `r` around (`x`, `y`), as an SVG path.
fn diamond(x: f64, y: f64, r: f64) -> String {
    format!(
        "M{} {}L{} {}L{} {}L{} {}Z",
        round(x),
        round(y - r),
        round(x + r),
        round(y),
        round(x),
        round(y + r),
        round(x - r),
        round(y)
    )
}

/// `text` cut to at most `chars` characters, at a word's end when one is
/// near, with "…".
pub fn shorten(text: &str, chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(chars.saturating_sub(1)).collect();
    let at_word = cut
        .rfind(char::is_whitespace)
        .filter(|&i| cut[..i].chars().count() * 3 >= chars * 2)
        .map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', ' ', '.']))
}

/// `label` cut to fit `room` pixels; empty when not even three characters
/// and "…" fit.
fn fit(label: &str, room: f64) -> String {
    if text_width(label, LABEL_FONT) <= room {
        return label.to_string();
    }
    let mut kept = String::new();
    let mut width = text_width("…", LABEL_FONT);
    for c in label.chars() {
        width += char_width(c, LABEL_FONT);
        if width > room {
            break;
        }
        kept.push(c);
    }
    if kept.trim().chars().count() < 3 {
        return String::new();
    }
    format!("{}…", kept.trim_end())
}

/// `text` in lines of at most `width` pixels, broken between words (or
/// anywhere in a word too long, or in text without spaces), at most
/// `max_lines`, the last ending in "…" when text is left over.
pub fn wrap(text: &str, width: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_w = 0.0;
    let space = char_width(' ', SMALL_FONT);
    for word in text.split_whitespace() {
        let word_w = text_width(word, SMALL_FONT);
        if !line.is_empty() && line_w + space + word_w <= width {
            line.push(' ');
            line.push_str(word);
            line_w += space + word_w;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        line_w = 0.0;
        for c in word.chars() {
            let w = char_width(c, SMALL_FONT);
            if line_w + w > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            line.push(c);
            line_w += w;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let room = width - text_width("…", SMALL_FONT);
            let mut kept = String::new();
            let mut w = 0.0;
            for c in last.chars() {
                w += char_width(c, SMALL_FONT);
                if w > room {
                    break;
                }
                kept.push(c);
            }
            *last = format!("{}…", kept.trim_end());
        }
    }
    lines
}

/// An estimate of `text`'s width at `font` pixels in the theme's sans
/// serif: the browser draws it, so the layout leaves a margin.
pub fn text_width(text: &str, font: f64) -> f64 {
    text.chars().map(|c| char_width(c, font)).sum()
}

fn char_width(c: char, font: f64) -> f64 {
    let em = match c {
        // Wide: CJK, kana, Hangul, full-width forms.
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{20000}'..='\u{3FFFD}' => 1.0,
        'i' | 'l' | 'j' | 't' | 'f' | 'r' | 'I' | '.' | ',' | ':' | ';' | '\'' | '’' | ' ' => {
            0.33
        }
        'm' | 'w' | 'M' | 'W' | '—' => 0.85,
        c if c.is_uppercase() => 0.68,
        '0'..='9' => 0.6,
        _ => 0.56,
    };
    // Measured in Chromium's system-ui, these run about a tenth short;
    // other systems' fonts are wider still.
    em * font * 1.15
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Days since 1970-01-01 of `date`, by the proleptic Gregorian calendar.
fn day_number(date: Date) -> i64 {
    day_number_ymd(
        i32::from(date.year()),
        i32::from(date.month()),
        i32::from(date.day()),
    )
}

fn year_start(year: i32) -> i64 {
    day_number_ymd(year, 1, 1)
}

/// Howard Hinnant's `days_from_civil`: exact for every year jiff knows.
fn day_number_ymd(year: i32, month: i32, day: i32) -> i64 {
    let y = i64::from(if month <= 2 { year - 1 } else { year });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests;
