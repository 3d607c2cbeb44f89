//! Dates and offsets: the calendar rules, by example and against jiff.

use jiff::civil::Date;

use super::*;

fn pd(text: &str) -> PartialDate {
    PartialDate::parse(text).unwrap()
}

fn day(text: &str) -> Date {
    pd(text).first_day()
}

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
fn dates_serialize_at_their_precision() {
    assert_eq!(serde_json::to_value(pd("1985-05")).unwrap(), "1985-05");
}

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

#[test]
fn today_is_a_full_date() {
    assert_eq!(parse_today("2026-11-29").unwrap(), day("2026-11-29"));
    assert!(parse_today("2026-11").unwrap_err().contains("full date"));
    assert!(parse_today("2026-02-30").unwrap_err().contains("28 days"));
    assert!(today().year() >= 2024);
}

#[test]
fn page_dates_are_checked_against_the_calendar() {
    assert_eq!(DateTime::parse("2024-12-24").unwrap().iso(), "2024-12-24");
    assert_eq!(
        DateTime::parse("2024-12-24T10:00:00+01:00")
            .unwrap()
            .rfc3339(),
        "2024-12-24T10:00:00+01:00"
    );
    assert_eq!(
        DateTime::parse("2024-12-24").unwrap().rfc3339(),
        "2024-12-24T00:00:00Z"
    );
    assert_eq!(
        DateTime::parse("1987-02-30").unwrap_err(),
        "February 1987 has 28 days, so there is no day 30"
    );
    assert_eq!(
        DateTime::parse("2024-13-45T10:00:00").unwrap_err(),
        "there is no month 13: months run from 01 to 12"
    );
    assert!(DateTime::parse("yesterday").is_err());
}

/// Date arithmetic checked against jiff as the calendar: every rule of
/// [`Offset::apply`] recomputed by hand (month lengths from jiff), and
/// whole days counted back with jiff's `until`.
mod properties {
    use jiff::Unit as JiffUnit;
    use jiff::civil::Date;
    use proptest::prelude::*;

    use crate::dates::*;

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
