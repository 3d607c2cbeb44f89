use super::*;

fn pd(text: &str) -> PartialDate {
    PartialDate::parse(text).unwrap()
}

fn day(text: &str) -> Date {
    pd(text).first_day()
}

/// An event dated `date` (`None`: pending), with its status on `today`.
fn item(id: &'static str, date: Option<&str>, today: &str) -> Item<'static> {
    let date = date.map(pd);
    let status = match date {
        None => "pending",
        Some(d) if d.first_day() > day(today) => "upcoming",
        Some(_) => "past",
    };
    Item {
        id,
        title: id,
        date,
        end: None,
        approximate: false,
        computed: false,
        deadline: false,
        status,
        when: date.map(|d| d.to_string()),
        until: None,
        condition: None,
    }
}

fn span(id: &'static str, from: &str, to: &str, today: &str) -> Item<'static> {
    Item {
        end: Some(pd(to)),
        until: Some(to.to_string()),
        ..item(id, Some(from), today)
    }
}

fn years(y: i16) -> String {
    y.to_string()
}

fn draw<'a>(items: &[Item<'a>], today: &str) -> TimelineDrawing<'a> {
    layout(items, day(today), &years).expect("events to draw")
}

/// Checks that no two marks, bars or labels of a lane overlap.
fn assert_no_overlap(drawing: &TimelineDrawing) {
    let mut last: Vec<Option<&Mark>> = Vec::new();
    for mark in &drawing.marks {
        if last.len() <= mark.lane {
            last.resize(mark.lane + 1, None);
        }
        if let Some(before) = last[mark.lane] {
            assert!(
                frontier(before) <= mark.x - MARK_R,
                "{} (lane {}) reaches {} but {} starts at {}",
                before.id,
                mark.lane,
                frontier(before),
                mark.id,
                mark.x - MARK_R
            );
        }
        last[mark.lane] = Some(mark);
    }
}

#[test]
fn marks_go_in_date_order_along_the_axis() {
    let today = "2026-11-29";
    let items = [
        item("a", Some("2017-10"), today),
        item("b", Some("2018-12-17"), today),
        item("c", Some("2019"), today),
        item("d", Some("2019-11-18"), today),
        item("e", Some("2024-12-24"), today),
        item("f", Some("2026-12-31"), today),
    ];
    let drawing = draw(&items, today);
    let xs: Vec<f64> = drawing.marks.iter().map(|m| m.x).collect();
    assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
    let ids: Vec<&str> = drawing.marks.iter().map(|m| m.id).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e", "f"]);
    // A date known to the year gets a band over that year; to the day, none.
    let c = &drawing.marks[2];
    let band = c.band.expect("a band for a year");
    assert_eq!(band.x, c.x);
    assert!(band.right() > drawing.marks[3].x, "{band:?}");
    assert_eq!(drawing.marks[1].band, None);
    assert_eq!(drawing.marks[0].band.map(|b| b.x), Some(drawing.marks[0].x));
    assert_no_overlap(&drawing);
}

#[test]
fn decades_without_events_are_a_break_in_the_axis() {
    let today = "2026-11-29";
    let items = [
        item("budapest", Some("2001-11-23"), today),
        item("merida", Some("2003-10-31"), today),
        item("draft", Some("2017-10"), today),
        item("views", Some("2019-12-27"), today),
        item("session", Some("2021-05-10"), today),
        item("approval", Some("2022-02-28"), today),
        item("adoption", Some("2024-12-24"), today),
    ];
    let drawing = draw(&items, today);
    let axis = drawing.axis.as_ref().unwrap();
    let stretches: Vec<(i16, i16)> = axis.stretches.iter().map(|s| (s.first, s.last)).collect();
    // 2002 is a short gap, kept; 2004-2016 is left out.
    assert_eq!(stretches, [(2001, 2003), (2017, 2026)]);
    assert_eq!(axis.breaks.len(), 1);
    assert_eq!((axis.breaks[0].from, axis.breaks[0].to), (2004, 2016));
    assert_eq!(drawing.left_out, ["2004–2016"]);
    // The break stands between the stretches, and is drawn.
    assert!(axis.stretches[0].x2 < axis.breaks[0].x && axis.breaks[0].x < axis.stretches[1].x1);
    assert!(axis.breaks[0].d.starts_with('M'));
    // Each stretch names its first year.
    let labels: Vec<&str> = axis.labels.iter().map(|l| l.text.as_str()).collect();
    assert!(
        labels.contains(&"2001") && labels.contains(&"2017"),
        "{labels:?}"
    );
    // The years shown take the width, not the thirteen empty ones: a year
    // is as wide on both sides of the break.
    let year = |s: &Stretch| (s.x2 - s.x1) / f64::from(s.last - s.first + 1);
    assert!((year(&axis.stretches[0]) - year(&axis.stretches[1])).abs() < 0.5);
    assert_eq!(
        (drawing.first_year.as_str(), drawing.last_year.as_str()),
        ("2001", "2026")
    );
}

#[test]
fn a_steady_history_has_no_break() {
    let today = "2026-11-29";
    let dates: Vec<String> = (1990..2027)
        .step_by(2)
        .map(|y| format!("{y}-06-01"))
        .collect();
    let items: Vec<Item> = dates
        .iter()
        .map(|d| item("e", Some(d.as_str()), today))
        .collect();
    let drawing = draw(&items, today);
    let axis = drawing.axis.as_ref().unwrap();
    assert_eq!(axis.stretches.len(), 1);
    assert!(axis.breaks.is_empty());
    assert!(drawing.left_out.is_empty());
    // A span covers the years it spans: no break inside it either.
    let items = [
        span("long", "1950", "2020", today),
        item("late", Some("2025"), today),
    ];
    assert!(draw(&items, today).axis.unwrap().breaks.is_empty());
}

#[test]
fn spans_are_as_long_as_they_last() {
    let today = "2026-11-29";
    let items = [
        span("ten-days", "2024-01-01", "2024-01-10", today),
        span("forty-days", "2024-03-01", "2024-04-09", today),
        span("a-year", "2025-01-01", "2025-12-31", today),
    ];
    let drawing = draw(&items, today);
    let width = |m: &Mark| m.bar.unwrap().width;
    let [a, b, c] = [0, 1, 2].map(|n| width(&drawing.marks[n]));
    assert!((b / a - 4.0).abs() < 0.05, "{a} {b}");
    assert!((c / a - 36.5).abs() < 0.2, "{a} {c}");
    // A year-long bar is a year of the axis.
    let axis = drawing.axis.unwrap();
    let s = &axis.stretches[0];
    let year = (s.x2 - s.x1) / f64::from(s.last - s.first + 1);
    assert!((c - year).abs() < 1.0, "{c} {year}");
}

#[test]
fn todays_line_stands_between_the_past_and_the_upcoming() {
    let today = "2026-11-29";
    let items = [
        item("past", Some("2026-11-28"), today),
        item("today", Some("2026-11-29"), today),
        item("next", Some("2026-11-30"), today),
        item("later", Some("2027-03"), today),
    ];
    let drawing = draw(&items, today);
    let line = drawing.today.as_ref().unwrap();
    assert_eq!(line.date, "2026-11-29");
    for mark in &drawing.marks {
        match mark.status {
            "past" => assert!(mark.x <= line.x, "{} at {}", mark.id, mark.x),
            _ => assert!(mark.x > line.x, "{} at {}", mark.id, mark.x),
        }
    }
    // The line crosses every lane down to the axis.
    assert_eq!(line.y2, drawing.axis.unwrap().y);
    // Today counts as a year the axis shows, even after the last event.
    let items = [item("old", Some("1950"), today)];
    let drawing = draw(&items, today);
    let line = drawing.today.unwrap();
    assert!(line.x > drawing.marks[0].x);
    assert_eq!(drawing.axis.unwrap().breaks.len(), 1);
}

#[test]
fn pending_events_stand_apart_at_the_end_with_their_condition() {
    let today = "2026-11-29";
    let mut ratification = item("ratification", None, today);
    ratification.condition = Some(
        "when the 40th instrument of ratification, acceptance, approval or accession is deposited",
    );
    let items = [
        item("adoption", Some("2024-12-24"), today),
        item("signing", Some("2025-10-25"), today),
        ratification,
        item("conference", None, today),
    ];
    let drawing = draw(&items, today);
    let zone = drawing.pending.as_ref().unwrap();
    let right = drawing.marks.iter().map(frontier).fold(0.0, f64::max);
    assert!(zone.x > right, "{} {right}", zone.x);
    let ids: Vec<&str> = zone.items.iter().map(|p| p.id).collect();
    assert_eq!(ids, ["ratification", "conference"]);
    assert!(zone.items.iter().all(|p| p.x > zone.x));
    // The condition is written out, wrapped, under the title.
    let lines = &zone.items[0].condition_lines;
    assert!(lines.len() >= 2, "{lines:?}");
    let joined: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(joined.join(" "), zone.items[0].condition.unwrap());
    assert!(lines[0].y > zone.items[0].label_y);
    assert!(zone.items[1].y > lines.last().unwrap().y);
    assert!(zone.items[1].condition_lines.is_empty());
    // The drawing holds them.
    assert!(drawing.width >= zone.items[0].label_x + 200.0);
    assert!(drawing.height >= zone.y2);
    // Only pending events: no axis, no line for today.
    let items = [item("conference", None, today)];
    let drawing = draw(&items, today);
    assert!(drawing.axis.is_none() && drawing.today.is_none() && drawing.marks.is_empty());
    assert_eq!(drawing.pending.unwrap().items.len(), 1);
    assert!(layout(&[], day(today), &years).is_none());
}

#[test]
fn a_busy_day_stacks_labels_in_lanes_then_shortens_them() {
    let today = "2026-11-29";
    let few: Vec<Item> = ["a", "b", "c"]
        .into_iter()
        .map(|id| item(id, Some("2024-05-01"), today))
        .collect();
    let drawing = draw(&few, today);
    let lanes: Vec<usize> = drawing.marks.iter().map(|m| m.lane).collect();
    assert_eq!(lanes, [0, 1, 2]);
    // Marks of one day need their lanes at any width: the axis stays short.
    assert!(drawing.width < MIN_AXIS + 400.0, "{}", drawing.width);
    assert!(drawing.marks.iter().all(|m| m.label == m.title));
    assert_no_overlap(&drawing);
    // A week of daily events with long titles: past the soft lanes the
    // labels are cut, and still nothing overlaps.
    let titles: Vec<String> = (1..=28)
        .map(|d| format!("2024-02-{d:02}: a long title that says a lot more than it needs to"))
        .collect();
    let many: Vec<Item> = titles
        .iter()
        .map(|t| Item {
            title: t.as_str(),
            ..item("e", Some(&t[..10]), today)
        })
        .collect();
    let drawing = draw(&many, today);
    assert_no_overlap(&drawing);
    let lanes = drawing.marks.iter().map(|m| m.lane).max().unwrap() + 1;
    assert!(lanes <= SOFT_LANES + 2, "{lanes} lanes");
    assert!(
        drawing
            .marks
            .iter()
            .any(|m| m.label.ends_with('…') || m.label.is_empty())
    );
    // Every mark is still there, in order.
    assert_eq!(drawing.marks.len(), 28);
}

#[test]
fn five_hundred_events_over_decades_still_fit() {
    let today = "2026-11-29";
    let titles: Vec<String> = (0..500)
        .map(|n| {
            let year = 1990 + n / 11;
            let month = 1 + (n * 7) % 12;
            let day = 1 + (n * 13) % 28;
            format!("{year}-{month:02}-{day:02} Event number {n} with a title")
        })
        .collect();
    let mut items: Vec<Item> = titles
        .iter()
        .map(|t| Item {
            title: t.as_str(),
            ..item("e", Some(&t[..10]), today)
        })
        .collect();
    items.sort_by_key(|i| i.date);
    let drawing = draw(&items, today);
    assert_no_overlap(&drawing);
    assert!(drawing.width <= MAX_AXIS + 600.0, "{}", drawing.width);
    let lanes = drawing.marks.iter().map(|m| m.lane).max().unwrap() + 1;
    assert!(lanes <= SOFT_LANES + 2, "{lanes} lanes");
    // Most keep a readable label.
    let labelled = drawing
        .marks
        .iter()
        .filter(|m| m.label.chars().count() > 8)
        .count();
    assert!(labelled > 400, "{labelled}");
    let axis = drawing.axis.unwrap();
    // Every year is labelled.
    assert_eq!(axis.labels.len(), (1990..=2035).count());
}

#[test]
fn year_labels_are_in_the_sites_words_and_thin_out_on_a_long_axis() {
    let today = "2026-11-29";
    let words = crate::dates::DateWords::new("zh", "约{date}");
    let chinese = |y: i16| words.partial(&PartialDate::new(y, None, None).unwrap(), false);
    let items = [item("a", Some("2024-12-24"), today)];
    let drawing = layout(&items, day(today), &chinese).unwrap();
    let labels: Vec<String> = drawing
        .axis
        .unwrap()
        .labels
        .into_iter()
        .map(|l| l.text)
        .collect();
    assert_eq!(labels, ["2024年", "2025年", "2026年"]);
    // Two thousand years on one axis: labels every so many years, never
    // closer than their width.
    let items = [span("long", "0010", "2020", today)];
    let drawing = draw(&items, today);
    let axis = drawing.axis.unwrap();
    assert!(
        axis.labels.len() > 5 && axis.labels.len() <= 2011 / 5 + 2,
        "{}",
        axis.labels.len()
    );
    assert!(axis.labels.windows(2).all(|w| w[1].x - w[0].x >= 30.0));
    assert_eq!(axis.labels[0].text, "10");
}

#[test]
fn computed_and_approximate_dates_are_told_apart() {
    let today = "2026-11-29";
    let mut computed = item("computed", Some("2025-03-01"), today);
    computed.computed = true;
    let mut rough = item("rough", Some("2024"), today);
    rough.approximate = true;
    let items = [rough, computed, item("stated", Some("2025-06-01"), today)];
    let drawing = draw(&items, today);
    let shapes: Vec<&str> = drawing.marks.iter().map(|m| m.shape).collect();
    assert_eq!(shapes, ["circle", "diamond", "circle"]);
    assert!(drawing.marks[1].d.starts_with('M') && drawing.marks[1].d.ends_with('Z'));
    assert!(drawing.marks[0].approximate && drawing.marks[0].band.is_some());
}

#[test]
fn words_are_shortened_and_wrapped_by_their_width() {
    assert_eq!(shorten("Short", 30), "Short");
    let long = "Ad Hoc Committee holds its concluding session in New York";
    let short = shorten(long, 30);
    assert!(
        short.chars().count() <= 30 && short.ends_with('…'),
        "{short}"
    );
    assert!(short.starts_with("Ad Hoc Committee holds its"), "{short}");
    assert_eq!(
        shorten("联合国大会通过打击网络犯罪公约并开放签署", 8)
            .chars()
            .count(),
        8
    );
    let lines = wrap("one two three four five six seven", 60.0, 10);
    assert!(lines.len() > 1 && lines.iter().all(|l| text_width(l, SMALL_FONT) <= 60.0));
    assert_eq!(lines.join(" "), "one two three four five six seven");
    let cut = wrap(&"word ".repeat(200), 100.0, 3);
    assert_eq!(cut.len(), 3);
    assert!(cut[2].ends_with('…'));
    // Text without spaces breaks anywhere.
    let chinese = wrap("第四十份批准书交存之日后第九十天", 60.0, 5);
    assert!(chinese.len() > 1 && chinese.concat() == "第四十份批准书交存之日后第九十天");
}

#[test]
fn day_numbers_follow_the_calendar() {
    assert_eq!(day_number(day("1970-01-01")), 0);
    assert_eq!(
        day_number(day("2000-03-01")) - day_number(day("2000-02-28")),
        2
    );
    assert_eq!(year_start(2025) - year_start(2024), 366);
    assert_eq!(day_number(day("0001-01-01")), -719_162);
}
