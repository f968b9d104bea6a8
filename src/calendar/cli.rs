//! `cong calendar …`: the year's holidays and a deadline in working days, from the shipped
//! calendar and the default office hours.

use anyhow::{bail, Context};
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};

use super::{Calendar, YEARS};
use crate::clock::vietnam;

/// The calendar's subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum CalendarCommand {
    /// List the year's days off other than ordinary weekends, and the weekend days
    /// worked (JSON: date, name, kind = holiday | observed | announced | working_weekend).
    Holidays {
        /// A year from 1900 to 2199.
        year: i32,
    },
    /// Print the deadline DAYS working days after receipt at FROM: the close of office
    /// hours of that day (RFC 3339, +07:00).
    AddWorkingDays {
        /// When it was received: RFC 3339 (2026-02-13T16:30:00+07:00), or without an
        /// offset (2026-02-13T16:30) for Vietnam's time.
        from: String,
        /// How many working days.
        days: u32,
    },
}

/// Runs a calendar subcommand, printing its result on standard output.
pub fn run(cmd: CalendarCommand) -> anyhow::Result<()> {
    let calendar = Calendar::vietnam();
    let output = match cmd {
        CalendarCommand::Holidays { year } => holidays_json(&calendar, year)?,
        CalendarCommand::AddWorkingDays { from, days } => deadline(&calendar, &from, days)?,
    };
    println!("{output}");
    Ok(())
}

fn holidays_json(calendar: &Calendar, year: i32) -> anyhow::Result<String> {
    if !YEARS.contains(&year) {
        bail!(
            "year {year} is outside the years the calendar covers ({}–{})",
            YEARS.start(),
            YEARS.end()
        );
    }
    Ok(serde_json::to_string(&calendar.holidays(year))?)
}

fn deadline(calendar: &Calendar, from: &str, days: u32) -> anyhow::Result<String> {
    let received_at = parse_received_at(from)?;
    let due = calendar
        .add_working_days(received_at, days)
        .with_context(|| format!("{days} working days after {from}"))?;
    Ok(due.to_rfc3339())
}

fn parse_received_at(text: &str) -> anyhow::Result<DateTime<FixedOffset>> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at);
    }
    [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
    .and_then(|local| vietnam().from_local_datetime(&local).single())
    .with_context(|| format!("{text:?} is not a time like 2026-02-13T16:30:00+07:00 (RFC 3339)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holidays_are_printed_as_a_json_array_of_date_name_and_kind() {
        let json = holidays_json(&Calendar::vietnam(), 2026).unwrap();
        assert!(json.starts_with('['), "{json}");
        assert!(
            json.contains(r#"{"date":"2026-02-17","name":"Tết Nguyên đán (mùng 1 tháng Giêng)","kind":"holiday"}"#),
            "{json}"
        );
        assert!(json.contains(r#""kind":"working_weekend""#), "{json}");
    }

    #[test]
    fn a_year_outside_the_calendar_is_refused_with_a_clear_error() {
        let error = holidays_json(&Calendar::vietnam(), 99_999).unwrap_err();
        assert!(error.to_string().contains("outside the years"), "{error}");
    }

    #[test]
    fn the_deadline_is_printed_in_rfc_3339_at_vietnam_time() {
        let due = deadline(&Calendar::vietnam(), "2026-02-13T16:30:00+07:00", 15).unwrap();
        assert_eq!(due, "2026-03-13T17:00:00+07:00");
    }

    #[test]
    fn a_time_without_offset_is_taken_as_vietnam_time() {
        let due = deadline(&Calendar::vietnam(), "2026-02-13T16:30", 15).unwrap();
        assert_eq!(due, "2026-03-13T17:00:00+07:00");
    }

    #[test]
    fn a_malformed_time_is_refused_with_a_clear_error() {
        for bad in [
            "",
            "tomorrow",
            "2026-02-30T10:00:00+07:00",
            "2026-13-01T10:00",
        ] {
            let error = deadline(&Calendar::vietnam(), bad, 1).unwrap_err();
            assert!(error.to_string().contains("RFC 3339"), "{bad}: {error}");
        }
    }

    #[test]
    fn a_count_beyond_the_calendar_is_refused_instead_of_panicking() {
        let error =
            deadline(&Calendar::vietnam(), "2026-02-13T16:30:00+07:00", u32::MAX).unwrap_err();
        assert!(
            format!("{error:#}").contains("outside the years"),
            "{error:#}"
        );
    }
}
