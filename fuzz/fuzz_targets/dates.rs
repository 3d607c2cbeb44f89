//! The timeline's dates and offsets: `PartialDate::parse`, `Offset::parse`,
//! `Offset::apply` and `parse_today`.
//!
//! The input is three lines: a date, an offset and a `today` setting.
//! Nothing may panic, and what parses must behave: its text form parses
//! back to itself, an offset never moves a date backwards nor changes its
//! precision, and a zero offset changes nothing.

#![no_main]

use std::sync::LazyLock;

use glossator::dates::{self, DateWords, Offset, PartialDate};
use libfuzzer_sys::fuzz_target;

/// Dates for people in English, Russian (months declined) and Arabic.
static WORDS: LazyLock<[DateWords; 3]> = LazyLock::new(|| {
    [
        DateWords::english(),
        DateWords::new("ru", "ок. {date}"),
        DateWords::new("ar", "نحو {date}"),
    ]
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut lines = text.splitn(3, '\n');
    let (date, offset, today) = (
        lines.next().unwrap_or(""),
        lines.next().unwrap_or(""),
        lines.next().unwrap_or(""),
    );
    let date = PartialDate::parse(date);
    if let Ok(d) = &date {
        assert_eq!(PartialDate::parse(&d.to_string()).as_ref(), Ok(d));
        assert!(d.first_day() <= d.last_day());
        // Every date is written for people in a language with plural
        // months and one written right to left.
        for words in &*WORDS {
            let _ = words.partial(d, true);
        }
    }
    let offset = Offset::parse(offset);
    if let Ok(o) = &offset {
        assert!(o.amount >= 0);
        assert_eq!(Offset::parse(&o.to_string()).as_ref(), Ok(o));
    }
    if let (Ok(d), Ok(o)) = (&date, &offset)
        && let Ok((moved, approximate)) = o.apply(*d)
    {
        assert_eq!(moved.precision(), d.precision());
        assert!(moved >= *d, "{o} after {d} gave {moved}");
        if o.amount == 0 {
            assert_eq!((moved, approximate), (*d, false));
        }
    }
    let _ = dates::parse_today(today);
});
