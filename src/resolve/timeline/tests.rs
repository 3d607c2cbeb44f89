//! Reading events and building the timeline: dates computed, cycles refused.

use std::path::PathBuf;

use super::*;
use crate::dates::Unit;
use crate::load::frontmatter::{parse, split};
use serde_json::Value;

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

fn read_one(front: &str) -> (EventDraft, Vec<Diagnostic>) {
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
    let absent = Absent::default();
    let (events, mut found) = build(drafts, &refs, day(today), &absent, &BTreeMap::new());
    diagnostics.append(&mut found);
    (events, diagnostics)
}

fn event<'a>(events: &'a [Event], id: &str) -> &'a Event {
    events.iter().find(|e| e.id == id).unwrap()
}

/// The ids of `events` in timeline order.
fn ids_in_order(events: &[Event]) -> Vec<&str> {
    order(events)
        .into_iter()
        .map(|i| events[i].id.as_str())
        .collect()
}

// --- reading ---

#[test]
fn events_are_direct_children_of_the_section() {
    let is_event = |path| FileKind::of(path, FOLDERS) == FileKind::Event;
    assert!(is_event("timeline/adoption.md"));
    assert!(!is_event("timeline/_index.md"));
    assert!(!is_event("timeline/a/b.md"));
    assert!(!is_event("timelines/b.md"));
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
    assert_eq!(e.after, Some(EventId(1)));
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
        Some("3 months after “Signature”")
    );
    assert_eq!(
        event(&events, "c").condition.as_deref(),
        Some("1 day after “B”")
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
    let ids = ids_in_order(&events);
    assert_eq!(
        ids,
        ["early", "y", "y1", "y2", "m", "d", "late", "p1", "p2"]
    );
    assert_eq!(event(&events, "m").year(), Some(1985));
    assert_eq!(event(&events, "p1").year(), None);
}

// --- deadlines ---

#[test]
fn by_without_after_is_an_error_at_by() {
    let (d, diagnostics) = read_one("title = \"A\"\ncondition = \"soon\"\nby = true");
    assert_eq!(messages(&diagnostics), ["`by = true` needs an `after`"]);
    let p = diagnostics[0].position().unwrap();
    assert_eq!(p.line, 4);
    assert!(
        diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("add `after = ")
    );
    assert!(!d.by);
    // Beside a written date, the help says a fixed date is no deadline.
    let (_, diagnostics) = read_one("title = \"A\"\ndate = \"2020\"\nby = true");
    assert_eq!(messages(&diagnostics), ["`by = true` needs an `after`"]);
    assert!(
        diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("written `date`")
    );
    // `by = false` says nothing; a `by` that is not a flag is a type error.
    let (d, diagnostics) = read_one("title = \"A\"\ndate = \"2020\"\nby = false");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(!d.by);
    let (_, diagnostics) =
        read_one("title = \"A\"\nafter = \"b\"\noffset = \"1 year\"\nby = \"yes\"");
    assert_eq!(
        messages(&diagnostics),
        ["`by` should be true or false, not a string"]
    );
    let (d, diagnostics) = read_one("title = \"A\"\nafter = \"b\"\noffset = \"1 year\"\nby = true");
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    assert!(d.by);
}

#[test]
fn by_makes_a_computed_date_a_deadline_ordered_at_that_date() {
    let (events, diagnostics) = build_all(
        &[
            (
                "force",
                "title = \"Entry into force\"\ndate = \"2025-12-24\"",
            ),
            (
                "conference",
                "title = \"First Conference\"\nafter = \"force\"\noffset = \"1 year\"\nby = true",
            ),
            (
                "report",
                "title = \"Report\"\nafter = \"force\"\noffset = \"1 year\"",
            ),
            ("before", "title = \"Z before\"\ndate = \"2026-12-23\""),
            ("after", "title = \"A after\"\ndate = \"2026-12-25\""),
            (
                "ratification",
                "title = \"Ratification\"\ncondition = \"later\"",
            ),
            (
                "review",
                "title = \"Review\"\nafter = \"ratification\"\noffset = \"2 years\"\nby = true",
            ),
        ],
        "2026-11-29",
    );
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let c = event(&events, "conference");
    assert_eq!(c.date, Some(pd("2026-12-24")));
    assert!(c.computed && c.deadline);
    assert_eq!(c.status, Status::Upcoming);
    // The same offset without `by` is no deadline.
    let r = event(&events, "report");
    assert_eq!(r.date, c.date);
    assert!(r.computed && !r.deadline);
    // A deadline that cannot be computed yet is pending, not a deadline.
    let v = event(&events, "review");
    assert_eq!((v.status, v.deadline), (Status::Pending, false));
    // Ordered at its computed date, the latest day: between the day
    // before and the day after, beside the event of the same date (by title).
    let ids = ids_in_order(&events);
    assert_eq!(
        ids,
        [
            "force",
            "before",
            "conference",
            "report",
            "after",
            "ratification",
            "review"
        ]
    );
}

#[test]
fn a_deadline_is_upcoming_through_its_last_day() {
    let files: &[(&str, &str)] = &[
        ("force", "title = \"F\"\ndate = \"2025-12-24\""),
        (
            "by-day",
            "title = \"D\"\nafter = \"force\"\noffset = \"1 year\"\nby = true",
        ),
        (
            "on-day",
            "title = \"O\"\nafter = \"force\"\noffset = \"1 year\"",
        ),
        ("year", "title = \"Y\"\ndate = \"2026\""),
        (
            "by-year",
            "title = \"B\"\nafter = \"year\"\noffset = \"1 year\"\nby = true",
        ),
    ];
    let status = |today: &str, id: &str| event(&build_all(files, today).0, id).status;
    // On its day a deadline has not passed yet; an event dated that day has.
    assert_eq!(status("2026-12-24", "by-day"), Status::Upcoming);
    assert_eq!(status("2026-12-24", "on-day"), Status::Past);
    assert_eq!(status("2026-12-25", "by-day"), Status::Past);
    assert_eq!(status("2026-12-23", "by-day"), Status::Upcoming);
    // "By 2027" stands until the end of 2027.
    assert_eq!(status("2027-12-31", "by-year"), Status::Upcoming);
    assert_eq!(status("2028-01-01", "by-year"), Status::Past);
}

/// The annotations' folders of a site that names none.
#[cfg(test)]
const FOLDERS: &crate::config::Folders = &crate::config::Folders {
    glossary: "glossary",
    timeline: "timeline",
    notes: "notes",
};
