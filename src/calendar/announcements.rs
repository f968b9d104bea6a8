//! The government's published decisions on days off and days worked, shipped with the
//! binary as `announcements.toml` (format 1: one `[[decision]]` per instrument, with the
//! days it gives off and the days it makes worked).

use chrono::NaiveDate;
use serde::Deserialize;

use super::{Announcement, AnnouncementKind, CalendarError};

/// The shipped announcements file, as text.
pub const SHIPPED: &str = include_str!("announcements.toml");

/// The announcements of the shipped file.
pub fn shipped_announcements() -> Result<Vec<Announcement>, CalendarError> {
    parse_announcements(SHIPPED)
}

/// The announcements of a file in the shipped format.
pub fn parse_announcements(text: &str) -> Result<Vec<Announcement>, CalendarError> {
    #[derive(Deserialize)]
    struct Header {
        format: u32,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        #[allow(dead_code)]
        format: u32,
        #[serde(default)]
        decision: Vec<Decision>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Decision {
        source: String,
        #[serde(default)]
        days_off: Vec<Day>,
        #[serde(default)]
        working_days: Vec<Day>,
    }
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Day {
        date: NaiveDate,
        name: String,
    }

    // Read the format first, so a newer file is reported as such rather than as a typo.
    let header: Header = toml::from_str(text)?;
    if header.format != 1 {
        return Err(CalendarError::AnnouncementsFormat(header.format));
    }
    let file: File = toml::from_str(text)?;
    let mut announcements = Vec::new();
    for decision in file.decision {
        let days = decision
            .days_off
            .into_iter()
            .map(|day| (day, AnnouncementKind::DayOff))
            .chain(
                decision
                    .working_days
                    .into_iter()
                    .map(|day| (day, AnnouncementKind::WorkingDay)),
            );
        for (day, kind) in days {
            announcements.push(Announcement {
                date: day.date,
                kind,
                name: day.name,
                source: decision.source.clone(),
            });
        }
    }
    announcements.sort_by_key(|a| a.date);
    Ok(announcements)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;
    use chrono::{Datelike, Duration};

    #[test]
    fn the_shipped_decisions_cover_2020_to_2026_and_each_cites_its_source() {
        let announcements = shipped_announcements().unwrap();
        assert!(announcements.len() > 40, "{}", announcements.len());
        for a in &announcements {
            assert!((2020..=2026).contains(&a.date.year()), "{a:?}");
            assert!(!a.name.trim().is_empty(), "{a:?}");
            // A citation names an instrument by its number.
            assert!(a.source.contains("số "), "{a:?}");
        }
        for year in [2020, 2022, 2023, 2024, 2025, 2026] {
            assert!(
                announcements.iter().any(|a| a.date.year() == year),
                "no decision for {year}"
            );
        }
        Calendar::new(announcements).expect("no day is both off and worked");
    }

    #[test]
    fn the_shipped_decisions_differ_from_the_rules_only_by_their_swaps() {
        let shipped = Calendar::vietnam();
        let rules = Calendar::new(Vec::new()).unwrap();
        let mut differences = Vec::new();
        let mut date = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        while date.year() <= 2026 {
            if shipped.is_working_day(date) != rules.is_working_day(date) {
                differences.push(date.to_string());
            }
            date += Duration::days(1);
        }
        assert_eq!(
            differences,
            [
                "2024-04-29", // off, for Saturday 4/5 worked
                "2024-05-04",
                "2025-04-26", // worked, for Friday 2/5 off
                "2025-05-02",
                "2026-01-02", // off, for Saturday 10/1 worked
                "2026-01-10",
                "2026-08-22", // worked, for Monday 31/8 off
                "2026-08-31",
            ]
        );
    }

    #[test]
    fn a_file_of_a_newer_format_is_refused_as_such() {
        let error = parse_announcements("format = 2\n[[decision]]\nwhatever = 1\n").unwrap_err();
        assert!(
            matches!(error, CalendarError::AnnouncementsFormat(2)),
            "{error}"
        );
    }

    #[test]
    fn a_file_with_a_mistake_is_refused_with_the_place_of_the_mistake() {
        let text = "format = 1\n[[decision]]\nsource = \"số 1\"\ndays_off = [{ date = \"2027-02-30\", name = \"x\" }]\n";
        let error = parse_announcements(text).unwrap_err();
        assert!(
            matches!(error, CalendarError::AnnouncementsFile(_)),
            "{error}"
        );
        let unknown = "format = 1\n[[decision]]\nsource = \"số 1\"\nday_off = []\n";
        assert!(
            parse_announcements(unknown).is_err(),
            "a misspelt key is not ignored"
        );
    }

    #[test]
    fn a_decision_gives_its_source_to_each_of_its_days() {
        let text = r#"
format = 1
[[decision]]
source = "Thông báo số 1/TB-X"
days_off = [{ date = "2027-02-08", name = "Nghỉ" }]
working_days = [{ date = "2027-02-20", name = "Làm bù" }]
"#;
        let announcements = parse_announcements(text).unwrap();
        assert_eq!(announcements.len(), 2);
        assert_eq!(announcements[0].kind, AnnouncementKind::DayOff);
        assert_eq!(announcements[1].kind, AnnouncementKind::WorkingDay);
        assert!(announcements
            .iter()
            .all(|a| a.source == "Thông báo số 1/TB-X"));
    }
}
