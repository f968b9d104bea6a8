//! ISO 8601 weeks (`2026-W49`) in Vietnam's time: schedules are entered, shown and linked a
//! week at a time, Monday to Sunday in UTC+7.

use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};

/// An ISO week: the year it belongs to (which may differ from its days' year at the turn of a
/// year) and its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoWeek {
    monday: NaiveDate,
}

impl IsoWeek {
    /// The week a day belongs to.
    pub fn of(day: NaiveDate) -> IsoWeek {
        let w = day.iso_week();
        IsoWeek {
            monday: NaiveDate::from_isoywd_opt(w.year(), w.week(), Weekday::Mon).unwrap_or(day),
        }
    }

    /// The week it is in Vietnam at a UTC time.
    pub fn at(utc: NaiveDateTime) -> IsoWeek {
        IsoWeek::of(vietnam_day(utc))
    }

    /// `2026-W49` (also `2026-w49`, `2026W49`); `None` for anything else or a week the year
    /// does not have (`2026-W54`).
    pub fn parse(text: &str) -> Option<IsoWeek> {
        let t = text.trim();
        let (year, week) = t.split_once(['W', 'w'])?;
        let year: i32 = year.strip_suffix('-').unwrap_or(year).parse().ok()?;
        if !(1000..=9999).contains(&year) || week.len() != 2 {
            return None;
        }
        let week: u32 = week.parse().ok()?;
        let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        Some(IsoWeek { monday })
    }

    pub fn monday(self) -> NaiveDate {
        self.monday
    }

    pub fn sunday(self) -> NaiveDate {
        self.monday + Duration::days(6)
    }

    /// Its seven days, Monday first.
    pub fn days(self) -> impl Iterator<Item = NaiveDate> {
        (0..7).map(move |n| self.monday + Duration::days(n))
    }

    pub fn contains(self, day: NaiveDate) -> bool {
        (self.monday..=self.sunday()).contains(&day)
    }

    pub fn next(self) -> IsoWeek {
        IsoWeek {
            monday: self.monday + Duration::days(7),
        }
    }

    pub fn previous(self) -> IsoWeek {
        IsoWeek {
            monday: self.monday - Duration::days(7),
        }
    }

    /// Weeks from `self` to `other` (negative when `other` is earlier).
    pub fn weeks_to(self, other: IsoWeek) -> i64 {
        (other.monday - self.monday).num_days() / 7
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.monday.iso_week();
        write!(f, "{}-W{:02}", w.year(), w.week())
    }
}

/// Vietnam's date at a UTC time.
pub fn vietnam_day(utc: NaiveDateTime) -> NaiveDate {
    (utc + Duration::hours(7)).date()
}

/// The UTC time of a local time in Vietnam (UTC+7, no daylight saving).
pub fn utc_of(day: NaiveDate, time: chrono::NaiveTime) -> NaiveDateTime {
    day.and_time(time) - Duration::hours(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn weeks_parse_and_print_in_iso_form() {
        let w = IsoWeek::parse("2026-W49").unwrap();
        assert_eq!(w.monday(), day(2026, 11, 30));
        assert_eq!(w.sunday(), day(2026, 12, 6));
        assert_eq!(w.to_string(), "2026-W49");
        assert_eq!(IsoWeek::parse("2026w49"), Some(w));
        assert_eq!(IsoWeek::parse("2025-W53"), None);
        assert_eq!(
            IsoWeek::parse("2026-W53").unwrap().monday(),
            day(2026, 12, 28)
        );
        assert_eq!(
            IsoWeek::parse("2020-W53").unwrap().monday(),
            day(2020, 12, 28)
        );
        for bad in [
            "",
            "2026",
            "2026-W",
            "2026-W4",
            "2026-W00",
            "W49",
            "2026-W49x",
            "x-W01",
        ] {
            assert_eq!(IsoWeek::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_week_at_the_turn_of_a_year_belongs_to_its_iso_year() {
        let w = IsoWeek::of(day(2027, 1, 1));
        assert_eq!(w.to_string(), "2026-W53");
        assert_eq!(w.next().to_string(), "2027-W01");
        assert_eq!(w.previous().previous().to_string(), "2026-W51");
        assert_eq!(IsoWeek::of(day(2026, 12, 28)).weeks_to(w), 0);
        assert_eq!(IsoWeek::parse("2026-W49").unwrap().weeks_to(w), 4);
    }

    #[test]
    fn the_week_turns_at_midnight_in_vietnam_not_in_utc() {
        // Sunday 6 December 2026, 17:30 UTC is Monday 7 December 00:30 in Vietnam.
        let t = day(2026, 12, 6).and_hms_opt(17, 30, 0).unwrap();
        assert_eq!(IsoWeek::at(t).to_string(), "2026-W50");
        let t = day(2026, 12, 6).and_hms_opt(16, 59, 0).unwrap();
        assert_eq!(IsoWeek::at(t).to_string(), "2026-W49");
        assert_eq!(IsoWeek::at(t).days().count(), 7);
        assert!(IsoWeek::at(t).contains(day(2026, 11, 30)));
    }

    #[test]
    fn local_times_become_utc_seven_hours_earlier() {
        let t = utc_of(
            day(2026, 12, 7),
            chrono::NaiveTime::from_hms_opt(7, 30, 0).unwrap(),
        );
        assert_eq!(t, day(2026, 12, 7).and_hms_opt(0, 30, 0).unwrap());
    }
}
