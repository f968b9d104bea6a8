//! Vietnam's working-day calendar (lịch làm việc): the Vietnamese lunar calendar, the public
//! holidays of the Labour Code computed by rule for any year, the government's yearly
//! announcements (days off added, weekends worked), office hours, and deadlines counted in
//! working days or working hours. Pure: no database, no HTTP, no clock.
//!
//! A [`Calendar`] is an immutable value built from the rules and a list of
//! [`Announcement`]s: [`Calendar::vietnam`] uses the decisions shipped in
//! `announcements.toml`; [`Calendar::new`] takes any list, such as one an administrator
//! keeps in the database. When the announcements change, build a new calendar and compute
//! the deadlines again from what they were derived from (time of receipt and number of
//! days): every function here is a pure function of its inputs, so recomputing a running
//! deadline is a function call, and nothing should store a deadline as the only truth.

pub mod announcements;
pub mod cli;
mod deadline;
pub mod lunar;
pub mod office_hours;
mod rules;
pub mod store;

use std::collections::{BTreeMap, HashMap};
use std::ops::RangeInclusive;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};

pub use announcements::shipped_announcements;
pub use office_hours::{OfficeHours, Session};

/// The years the calendar vouches for: the lunar algorithm is checked against the
/// published Vietnamese calendar around them. Deadline arithmetic outside them is refused
/// ([`CalendarError::OutOfRange`]) rather than silently approximated.
pub const YEARS: RangeInclusive<i32> = 1900..=2199;

/// What can go wrong building a calendar or counting with it.
#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    /// A date or a count that leaves the years the calendar covers.
    #[error("outside the years the calendar covers ({}–{})", YEARS.start(), YEARS.end())]
    OutOfRange,
    /// Two announcements say opposite things about the same day.
    #[error("conflicting announcements for {0}: both a day off and a working day")]
    ConflictingAnnouncements(NaiveDate),
    /// The announcements file does not parse.
    #[error("announcements file: {0}")]
    AnnouncementsFile(#[from] toml::de::Error),
    /// The announcements file is in a format this version does not read.
    #[error("announcements file: format {0} is not supported (expected 1)")]
    AnnouncementsFormat(u32),
    /// Office hours that cannot be used (empty, overlapping, ending before they start…).
    #[error("office hours: {0}")]
    OfficeHours(String),
}

/// What a government announcement makes of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnnouncementKind {
    /// The day is not worked (an extra day off, or one half of a swap).
    DayOff,
    /// The day is worked: a weekend day worked to make up for a day off (làm bù), or a
    /// weekday the rules would have given off but the decision did not.
    WorkingDay,
}

/// A government decision about one day (thông báo nghỉ lễ, tết): it overrides the rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    pub date: NaiveDate,
    pub kind: AnnouncementKind,
    /// What the day is, in Vietnamese (`Nghỉ Tết Nguyên đán`, `Làm bù cho ngày 2/5/2025`).
    pub name: String,
    /// The decision it comes from: number, issuing body, date.
    pub source: String,
}

/// Why a day appears in a year's list ([`Calendar::holidays`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayOffKind {
    /// A public holiday itself (ngày lễ, tết), on a weekday or a weekend.
    Holiday,
    /// A weekday off compensating a holiday that fell on a weekend (nghỉ bù).
    Observed,
    /// A weekday off by a government announcement only (a swapped day, an extra day).
    Announced,
    /// A Saturday or Sunday that is worked by announcement (làm bù).
    WorkingWeekend,
}

/// A day that differs from an ordinary week: a day off other than an ordinary weekend, or a
/// weekend day that is worked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayOff {
    pub date: NaiveDate,
    /// In Vietnamese.
    pub name: String,
    pub kind: DayOffKind,
}

impl DayOff {
    /// Whether this day is worked (only a [`DayOffKind::WorkingWeekend`] is).
    pub fn is_worked(&self) -> bool {
        self.kind == DayOffKind::WorkingWeekend
    }
}

/// Vietnam's working days and a site's office hours: the rules of the Labour Code, the
/// government's announcements over them, and the hours in which working time runs.
#[derive(Debug, Clone)]
pub struct Calendar {
    announcements: Arc<BTreeMap<NaiveDate, Announcement>>,
    office_hours: OfficeHours,
    /// The computed days of each year asked for; shared by clones, valid because a
    /// calendar never changes.
    years: Arc<Mutex<HashMap<i32, YearDays>>>,
}

/// A year's days that differ from an ordinary week, by date.
type YearDays = Arc<BTreeMap<NaiveDate, DayOff>>;

impl Calendar {
    /// The rules with these announcements over them, and the default office hours.
    /// Announcements repeated for the same day are kept once; opposite ones are refused.
    pub fn new(announcements: Vec<Announcement>) -> Result<Calendar, CalendarError> {
        let mut by_date: BTreeMap<NaiveDate, Announcement> = BTreeMap::new();
        for announcement in announcements {
            match by_date.get(&announcement.date) {
                Some(existing) if existing.kind != announcement.kind => {
                    return Err(CalendarError::ConflictingAnnouncements(announcement.date));
                }
                Some(_) => {}
                None => {
                    by_date.insert(announcement.date, announcement);
                }
            }
        }
        Ok(Calendar {
            announcements: Arc::new(by_date),
            office_hours: OfficeHours::default(),
            years: Arc::default(),
        })
    }

    /// Vietnam's calendar as shipped: the rules and the government decisions of
    /// `announcements.toml`, with the default office hours.
    pub fn vietnam() -> Calendar {
        let announcements =
            shipped_announcements().expect("the shipped announcements parse (tested)");
        Calendar::new(announcements).expect("the shipped announcements agree (tested)")
    }

    /// The same calendar with a site's office hours.
    pub fn with_office_hours(mut self, office_hours: OfficeHours) -> Calendar {
        self.office_hours = office_hours;
        self
    }

    /// The office hours working time runs in.
    pub fn office_hours(&self) -> &OfficeHours {
        &self.office_hours
    }

    /// The announcements this calendar applies, by date.
    pub fn announcements(&self) -> impl Iterator<Item = &Announcement> {
        self.announcements.values()
    }

    /// Whether state agencies work on `date`: not a weekend unless announced as worked, not
    /// a holiday or compensation day, not a day off by announcement.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.year(date.year()).get(&date) {
            Some(day) => day.is_worked(),
            None => !rules::is_weekend(date),
        }
    }

    /// The year's days off other than ordinary weekends, and the weekend days worked,
    /// sorted by date, each date once.
    pub fn holidays(&self, year: i32) -> Vec<DayOff> {
        self.year(year).values().cloned().collect()
    }

    fn year(&self, year: i32) -> YearDays {
        if let Some(days) = self.years.lock().get(&year) {
            return days.clone();
        }
        // Computed outside the lock: two threads may both compute a year, with equal results.
        let days = Arc::new(self.compute_year(year));
        // Only the covered years are kept, so that questions about any year cannot grow it.
        if YEARS.contains(&year) {
            self.years.lock().insert(year, days.clone());
        }
        days
    }

    fn compute_year(&self, year: i32) -> BTreeMap<NaiveDate, DayOff> {
        let mut days: BTreeMap<NaiveDate, DayOff> = rules::days_off(year)
            .into_iter()
            .map(|day| (day.date, day))
            .collect();
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            return days;
        };
        for announcement in self.announcements.range(first..=last).map(|(_, a)| a) {
            let date = announcement.date;
            match announcement.kind {
                // A day the rules already give off keeps their name and kind; a weekend
                // is off anyway and is no news.
                AnnouncementKind::DayOff => {
                    if !days.contains_key(&date) && !rules::is_weekend(date) {
                        days.insert(
                            date,
                            DayOff {
                                date,
                                name: announcement.name.clone(),
                                kind: DayOffKind::Announced,
                            },
                        );
                    }
                }
                AnnouncementKind::WorkingDay => {
                    days.remove(&date);
                    if rules::is_weekend(date) {
                        days.insert(
                            date,
                            DayOff {
                                date,
                                name: announcement.name.clone(),
                                kind: DayOffKind::WorkingWeekend,
                            },
                        );
                    }
                }
            }
        }
        days
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, Weekday};

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn rules_only() -> Calendar {
        Calendar::new(Vec::new()).unwrap()
    }

    fn days_of(year: i32) -> impl Iterator<Item = NaiveDate> {
        let first = ymd(year, 1, 1);
        (0..)
            .map(move |n| first + Duration::days(n))
            .take_while(move |d| d.year() == year)
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    /// A break as a notice states it, "from `first` to the end of `last`": every day of it
    /// is off, and the weekdays of the week before and after it are worked.
    fn assert_break(calendar: &Calendar, first: &str, last: &str) {
        let (first, last) = (date(first), date(last));
        for n in -7..=(last - first).num_days() + 7 {
            let day = first + Duration::days(n);
            if (first..=last).contains(&day) {
                assert!(
                    !calendar.is_working_day(day),
                    "{day} is off ({first}–{last})"
                );
            } else if !rules::is_weekend(day) {
                assert!(
                    calendar.is_working_day(day),
                    "{day} is worked ({first}–{last})"
                );
            }
        }
    }

    /// Legal holidays per year: 10 under the 2012 Code, 11 from 2021, 12 from 2026.
    fn legal_days(year: i32) -> usize {
        match year {
            ..=2020 => 10,
            2021..=2025 => 11,
            _ => 12,
        }
    }

    #[test]
    fn every_year_from_2020_to_2035_has_a_sane_list_of_days_off() {
        for calendar in [rules_only(), Calendar::vietnam()] {
            for year in 2020..=2035 {
                let days = calendar.holidays(year);
                let holidays = days
                    .iter()
                    .filter(|d| d.kind == DayOffKind::Holiday)
                    .count();
                assert_eq!(holidays, legal_days(year), "{year}: {days:#?}");
                assert!(
                    days.windows(2).all(|w| w[0].date < w[1].date),
                    "{year}: sorted, once"
                );
                for day in &days {
                    assert_eq!(day.date.year(), year);
                    assert!(!day.name.is_empty());
                    match day.kind {
                        DayOffKind::Holiday => {}
                        DayOffKind::Observed | DayOffKind::Announced => {
                            assert!(!rules::is_weekend(day.date), "{day:?} on a weekday")
                        }
                        DayOffKind::WorkingWeekend => {
                            assert!(rules::is_weekend(day.date), "{day:?} on a weekend")
                        }
                    }
                    assert_eq!(
                        calendar.is_working_day(day.date),
                        day.is_worked(),
                        "{day:?}"
                    );
                }
                // Every legal day costs one weekday, and a swap gives a day and takes one:
                // the weekdays off less the weekends worked equal the legal days.
                let weekdays_off = days_of(year)
                    .filter(|d| !rules::is_weekend(*d) && !calendar.is_working_day(*d))
                    .count();
                let weekends_worked = days.iter().filter(|d| d.is_worked()).count();
                assert_eq!(weekdays_off - weekends_worked, legal_days(year), "{year}");
            }
        }
    }

    #[test]
    fn a_holiday_on_a_weekend_is_compensated_on_the_next_working_day() {
        let calendar = rules_only();
        // New Year 2022 on a Saturday: Monday 3 January off.
        assert!(!calendar.is_working_day(ymd(2022, 1, 3)));
        // Hùng Kings' day 2023 on Saturday 29/4 and Victory Day on Sunday 30/4, before
        // Labour Day on Monday: compensated on Tuesday 2 and Wednesday 3 May.
        let may_2023: Vec<DayOff> = calendar
            .holidays(2023)
            .into_iter()
            .filter(|d| d.date.month() == 5)
            .collect();
        let kinds: Vec<(u32, DayOffKind)> =
            may_2023.iter().map(|d| (d.date.day(), d.kind)).collect();
        assert_eq!(
            kinds,
            [
                (1, DayOffKind::Holiday),
                (2, DayOffKind::Observed),
                (3, DayOffKind::Observed)
            ]
        );
        assert_eq!(
            may_2023[1].name,
            "Nghỉ bù Giỗ Tổ Hùng Vương (10 tháng 3 âm lịch)"
        );
        assert!(calendar.is_working_day(ymd(2023, 5, 4)));
    }

    /// The breaks of civil servants as the decisions of 2020–2026 state them (see
    /// `announcements.toml` for the sources).
    const PUBLISHED_BREAKS: [(&str, &str); 14] = [
        ("2020-01-23", "2020-01-29"),
        ("2020-09-02", "2020-09-02"),
        ("2021-02-10", "2021-02-16"),
        ("2021-09-02", "2021-09-05"),
        ("2022-01-29", "2022-02-06"),
        ("2022-09-01", "2022-09-04"),
        ("2023-01-20", "2023-01-26"),
        ("2023-09-01", "2023-09-04"),
        ("2024-02-08", "2024-02-14"),
        ("2024-08-31", "2024-09-03"),
        ("2025-01-25", "2025-02-02"),
        ("2025-08-30", "2025-09-02"),
        ("2026-02-14", "2026-02-22"),
        ("2026-08-29", "2026-09-02"),
    ];

    #[test]
    fn the_rules_alone_reproduce_the_published_tet_and_national_day_breaks_2020_to_2026() {
        let calendar = rules_only();
        for (first, last) in PUBLISHED_BREAKS {
            // 2026's National Day break begins with Monday 31/8, off by a swap only.
            let first = if first == "2026-08-29" {
                "2026-09-01"
            } else {
                first
            };
            assert_break(&calendar, first, last);
        }
    }

    #[test]
    fn the_shipped_calendar_gives_every_published_break_of_2020_to_2026() {
        let calendar = Calendar::vietnam();
        for (first, last) in PUBLISHED_BREAKS {
            assert_break(&calendar, first, last);
        }
        // The breaks made by swapping a working day for a Saturday.
        assert_break(&calendar, "2024-04-27", "2024-05-01");
        assert_break(&calendar, "2025-04-30", "2025-05-04");
        assert_break(&calendar, "2026-01-01", "2026-01-04");
    }

    #[test]
    fn the_days_next_to_2_september_follow_the_government_s_choices() {
        let calendar = rules_only();
        let adjacent = |year| {
            calendar
                .holidays(year)
                .into_iter()
                .find(|d| d.name == "Quốc khánh (ngày liền kề)")
                .map(|d| d.date)
        };
        assert_eq!(adjacent(2020), None, "the 2012 Code gave one day");
        for (year, day) in [
            (2021, 3),
            (2022, 1),
            (2023, 1),
            (2024, 3),
            (2025, 1),
            (2026, 1),
        ] {
            assert_eq!(adjacent(year), Some(ymd(year, 9, day)), "{year}");
        }
        // Whatever the weekday, the chosen day is a weekday next to 2/9.
        for year in 2021..=2199 {
            let day = adjacent(year).unwrap();
            assert_eq!((day - ymd(year, 9, 2)).num_days().abs(), 1, "{year}");
            assert!(!rules::is_weekend(day), "{year}: {day}");
        }
    }

    #[test]
    fn the_announcements_of_2025_swap_friday_2_may_for_saturday_26_april() {
        let calendar = Calendar::vietnam();
        assert!(
            calendar.is_working_day(ymd(2025, 4, 26)),
            "Saturday 26/4 worked"
        );
        assert!(!calendar.is_working_day(ymd(2025, 5, 2)), "Friday 2/5 off");
        let holidays = calendar.holidays(2025);
        let kind_of = |date| holidays.iter().find(|d| d.date == date).map(|d| d.kind);
        assert_eq!(kind_of(ymd(2025, 4, 26)), Some(DayOffKind::WorkingWeekend));
        assert_eq!(kind_of(ymd(2025, 5, 2)), Some(DayOffKind::Announced));
        assert_eq!(kind_of(ymd(2025, 4, 30)), Some(DayOffKind::Holiday));
        // Without the announcements it is an ordinary week.
        assert!(!rules_only().is_working_day(ymd(2025, 4, 26)));
        assert!(rules_only().is_working_day(ymd(2025, 5, 2)));
    }

    #[test]
    fn civil_servants_have_tet_off_from_14_to_22_february_2026() {
        let calendar = Calendar::vietnam();
        let first = ymd(2026, 2, 14);
        for n in 0..9 {
            let date = first + Duration::days(n);
            assert!(!calendar.is_working_day(date), "{date}");
        }
        assert!(calendar.is_working_day(ymd(2026, 2, 13)), "Friday before");
        assert!(calendar.is_working_day(ymd(2026, 2, 23)), "Monday after");
        assert_eq!(ymd(2026, 2, 14).weekday(), Weekday::Sat);
        assert_eq!(ymd(2026, 2, 22).weekday(), Weekday::Sun);
    }

    #[test]
    fn the_announcements_of_2026_swap_days_at_new_year_and_national_day() {
        let calendar = Calendar::vietnam();
        assert!(!calendar.is_working_day(ymd(2026, 1, 2)));
        assert!(calendar.is_working_day(ymd(2026, 1, 10)));
        assert!(!calendar.is_working_day(ymd(2026, 8, 31)));
        assert!(calendar.is_working_day(ymd(2026, 8, 22)));
        // 29/8 to 2/9: five days in a row.
        assert!((0..5).all(|n| !calendar.is_working_day(ymd(2026, 8, 29) + Duration::days(n))));
    }

    #[test]
    fn vietnam_culture_day_is_a_holiday_from_2026() {
        let calendar = rules_only();
        assert!(
            calendar.is_working_day(ymd(2025, 11, 24)),
            "a Monday in 2025"
        );
        assert!(!calendar.is_working_day(ymd(2026, 11, 24)));
        // 24/11/2029 is a Saturday: Monday 26/11 is off instead.
        assert!(!calendar.is_working_day(ymd(2029, 11, 26)));
    }

    #[test]
    fn an_announced_working_day_cancels_a_holiday_of_the_rules() {
        // What an administrator enters if Culture Day 2026 is not in force in time.
        let calendar = Calendar::new(vec![Announcement {
            date: ymd(2026, 11, 24),
            kind: AnnouncementKind::WorkingDay,
            name: "Làm việc bình thường".into(),
            source: "thử nghiệm".into(),
        }])
        .unwrap();
        assert!(calendar.is_working_day(ymd(2026, 11, 24)));
        assert!(!calendar
            .holidays(2026)
            .iter()
            .any(|d| d.date == ymd(2026, 11, 24)));
    }

    #[test]
    fn an_announced_day_off_on_a_weekend_changes_nothing() {
        let saturday = ymd(2026, 3, 7);
        let calendar = Calendar::new(vec![Announcement {
            date: saturday,
            kind: AnnouncementKind::DayOff,
            name: "Nghỉ".into(),
            source: "thử nghiệm".into(),
        }])
        .unwrap();
        assert!(!calendar.is_working_day(saturday));
        assert_eq!(calendar.holidays(2026), rules_only().holidays(2026));
    }

    #[test]
    fn opposite_announcements_for_one_day_are_refused() {
        let day = |kind| Announcement {
            date: ymd(2027, 5, 3),
            kind,
            name: "x".into(),
            source: "y".into(),
        };
        let result = Calendar::new(vec![
            day(AnnouncementKind::DayOff),
            day(AnnouncementKind::WorkingDay),
        ]);
        assert!(matches!(
            result,
            Err(CalendarError::ConflictingAnnouncements(d)) if d == ymd(2027, 5, 3)
        ));
        let repeated = Calendar::new(vec![
            day(AnnouncementKind::DayOff),
            day(AnnouncementKind::DayOff),
        ]);
        assert_eq!(repeated.unwrap().announcements().count(), 1);
    }

    #[test]
    fn any_year_can_be_asked_about_without_panicking() {
        let calendar = Calendar::vietnam();
        for year in [*YEARS.start(), 2000, 2100, *YEARS.end(), -5000, 200_000] {
            let _ = calendar.holidays(year);
            let _ = calendar.is_working_day(ymd(year, 6, 15));
        }
    }
}
