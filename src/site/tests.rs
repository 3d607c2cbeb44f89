//! The model's ids, URLs and statuses.

use crate::dates::PartialDate;
use crate::site::Status;

fn pd(text: &str) -> PartialDate {
    PartialDate::parse(text).unwrap()
}

#[test]
fn status_against_today() {
    let today = pd("2026-11-29").first_day();
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
