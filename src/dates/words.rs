//! Dates for people, in a language (SPEC §9): "December 24, 2024" in
//! `en`, "24 décembre 2024" in `fr`, "2024年12月24日" in `zh`, by ICU4X's
//! formatters from CLDR's data. Always in the Gregorian calendar, whatever
//! the language's usual one: the content's dates are Gregorian.

use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{Y, YM, YMD};
use icu_locale_core::Locale;

use super::{PartialDate, Precision};

/// The three long formats of one language: year, month and year, day.
#[derive(Debug)]
struct Formats {
    year: FixedCalendarDateTimeFormatter<Gregorian, Y>,
    month: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    day: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
}

/// How one language writes dates for people.
#[derive(Debug)]
pub struct DateWords {
    /// `None` when the language tag is not one ICU4X reads; dates are then
    /// written as ISO 8601 (`2024-12-24`).
    formats: Option<Formats>,
    /// An approximate date, `{date}` in the words (`c. {date}`).
    approximate: String,
}

impl DateWords {
    /// The dates of `language` (a BCP 47 tag; CLDR's root forms for a
    /// language it has no data for), `approximate` the words around an
    /// approximate date, with `{date}` where it stands.
    pub fn new(language: &str, approximate: &str) -> DateWords {
        let formats = Locale::try_from_str(language).ok().and_then(|locale| {
            let prefs = || locale.clone().into();
            Some(Formats {
                year: FixedCalendarDateTimeFormatter::try_new(prefs(), Y::long()).ok()?,
                month: FixedCalendarDateTimeFormatter::try_new(prefs(), YM::long()).ok()?,
                day: FixedCalendarDateTimeFormatter::try_new(prefs(), YMD::long()).ok()?,
            })
        });
        DateWords {
            formats,
            approximate: approximate.to_string(),
        }
    }

    /// English, as a site without a language writes dates.
    pub fn english() -> DateWords {
        DateWords::new("en", "c. {date}")
    }

    /// `date` for people, to its precision ("2024", "December 2024",
    /// "December 24, 2024"), in the approximate words when `approximate`.
    pub fn partial(&self, date: &PartialDate, approximate: bool) -> String {
        let first = date.first_day();
        let shown = match self.gregorian(first) {
            Some((formats, day)) => match date.precision() {
                Precision::Year => formats.year.format(&day).to_string(),
                Precision::Month => formats.month.format(&day).to_string(),
                Precision::Day => formats.day.format(&day).to_string(),
            },
            None => date.to_string(),
        };
        if approximate {
            self.approximate.replace("{date}", &shown)
        } else {
            shown
        }
    }

    /// A day for people ("December 24, 2024").
    pub fn day(&self, date: jiff::civil::Date) -> String {
        match self.gregorian(date) {
            Some((formats, day)) => formats.day.format(&day).to_string(),
            None => date.to_string(),
        }
    }

    /// The formats and `date` as ICU4X reads it, when both are there.
    fn gregorian(&self, date: jiff::civil::Date) -> Option<(&Formats, Date<Gregorian>)> {
        let formats = self.formats.as_ref()?;
        let day = Date::try_new_gregorian(
            i32::from(date.year()),
            u8::try_from(date.month()).ok()?,
            u8::try_from(date.day()).ok()?,
        )
        .ok()?;
        Some((formats, day))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pd(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap()
    }

    #[test]
    fn each_language_writes_dates_its_own_way() {
        let english = DateWords::english();
        assert_eq!(
            english.partial(&pd("2024-12-24"), false),
            "December 24, 2024"
        );
        assert_eq!(english.partial(&pd("1985-05"), true), "c. May 1985");
        assert_eq!(english.partial(&pd("2019"), true), "c. 2019");
        let french = DateWords::new("fr", "vers {date}");
        assert_eq!(french.partial(&pd("2024-12-24"), false), "24 décembre 2024");
        assert_eq!(french.partial(&pd("2024-12"), true), "vers décembre 2024");
        let spanish = DateWords::new("es", "c. {date}");
        assert_eq!(
            spanish.partial(&pd("2024-12-24"), false),
            "24 de diciembre de 2024"
        );
        let russian = DateWords::new("ru", "ок. {date}");
        // The month in the genitive after a day, in the nominative alone.
        assert!(
            russian
                .partial(&pd("2024-12-24"), false)
                .starts_with("24 декабря 2024")
        );
        assert!(
            russian
                .partial(&pd("2024-12"), false)
                .starts_with("декабрь 2024")
        );
        let chinese = DateWords::new("zh", "约{date}");
        assert_eq!(chinese.partial(&pd("2024-12-24"), false), "2024年12月24日");
        let british = DateWords::new("en-GB", "c. {date}");
        assert_eq!(
            british.partial(&pd("2024-12-24"), false),
            "24 December 2024"
        );
    }

    #[test]
    fn arabic_dates_are_gregorian_and_a_bad_tag_falls_back_to_iso() {
        let arabic = DateWords::new("ar", "نحو {date}");
        let shown = arabic.partial(&pd("2024-12-24"), false);
        assert!(shown.contains("ديسمبر"), "{shown}");
        let unknown = DateWords::new("not a tag", "c. {date}");
        assert_eq!(unknown.partial(&pd("2024-12-24"), false), "2024-12-24");
        assert_eq!(unknown.partial(&pd("2024-12"), false), "2024-12");
    }
}
