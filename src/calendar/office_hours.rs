//! Office hours (giờ làm việc): the sessions of a working day in which working time runs
//! and messages count as received. Each site may set its own; the default is the
//! regulation's morning 07:30–11:30 and afternoon 13:30–17:00. Which days are working
//! days is the calendar's business, not the office hours'.
//!
//! In TOML:
//!
//! ```toml
//! [office_hours]
//! sessions = [
//!   { start = "07:30", end = "11:30" },
//!   { start = "13:30", end = "17:00" },
//! ]
//! ```
//!
//! In a form (a site's settings) the same sessions are written `07:30–11:30, 13:30–17:00`.

use std::fmt;
use std::str::FromStr;

use chrono::{NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

use super::CalendarError;

/// One session of a working day (buổi làm việc), from `start` to `end`, end excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Session {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// The sessions of every working day, in order and not overlapping; at least one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "OfficeHoursToml", into = "OfficeHoursToml")]
pub struct OfficeHours {
    sessions: Vec<Session>,
}

impl OfficeHours {
    /// Office hours of these sessions; refused when there is none, when one ends before it
    /// starts, or when they are out of order or overlap.
    pub fn new(sessions: Vec<Session>) -> Result<OfficeHours, CalendarError> {
        if sessions.is_empty() {
            return Err(CalendarError::OfficeHours("no session".into()));
        }
        for session in &sessions {
            if session.start >= session.end {
                return Err(CalendarError::OfficeHours(format!(
                    "a session ends ({}) before it starts ({})",
                    session.end.format("%H:%M"),
                    session.start.format("%H:%M")
                )));
            }
        }
        for pair in sessions.windows(2) {
            if pair[1].start < pair[0].end {
                return Err(CalendarError::OfficeHours(format!(
                    "sessions out of order or overlapping at {}",
                    pair[1].start.format("%H:%M")
                )));
            }
        }
        Ok(OfficeHours { sessions })
    }

    /// The sessions, in order.
    pub fn sessions(&self) -> &[Session] {
        &self.sessions
    }

    /// When the first session opens.
    pub fn opening(&self) -> NaiveTime {
        self.sessions[0].start
    }

    /// When the last session closes: the end of a working day, where deadlines fall.
    pub fn closing(&self) -> NaiveTime {
        self.sessions[self.sessions.len() - 1].end
    }
}

impl Default for OfficeHours {
    /// Morning 07:30–11:30 and afternoon 13:30–17:00, the regulation the mission quotes.
    fn default() -> OfficeHours {
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("a valid time of day");
        OfficeHours {
            sessions: vec![
                Session {
                    start: at(7, 30),
                    end: at(11, 30),
                },
                Session {
                    start: at(13, 30),
                    end: at(17, 0),
                },
            ],
        }
    }
}

/// `07:30–11:30, 13:30–17:00`: each session's start and end joined by a dash, sessions
/// separated by commas.
impl fmt::Display for OfficeHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.sessions.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}–{}", format_time(s.start), format_time(s.end))?;
        }
        Ok(())
    }
}

/// Reads what [`Display`](fmt::Display) writes, forgiving what people type: a hyphen or
/// either dash between start and end, commas, semicolons or new lines between sessions,
/// spaces anywhere, and `7h30` for `07:30`.
impl FromStr for OfficeHours {
    type Err = CalendarError;

    fn from_str(text: &str) -> Result<OfficeHours, CalendarError> {
        let sessions = text
            .split([',', ';', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|session| {
                let (start, end) = session.split_once(['-', '–', '—']).ok_or_else(|| {
                    CalendarError::OfficeHours(format!(
                        "{session:?} is not a session like \"07:30–11:30\""
                    ))
                })?;
                Ok(Session {
                    start: parse_time(&typed_time(start))?,
                    end: parse_time(&typed_time(end))?,
                })
            })
            .collect::<Result<Vec<_>, CalendarError>>()?;
        OfficeHours::new(sessions)
    }
}

/// A time as typed, in the `HH:MM` form: spaces dropped, `7h30` and `7h` read as `7:30`, `7:00`.
fn typed_time(text: &str) -> String {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.to_ascii_lowercase();
    match t.split_once('h') {
        Some((h, "")) => format!("{h}:00"),
        Some((h, m)) => format!("{h}:{m}"),
        None => t,
    }
}

/// The TOML shape: times as "HH:MM" (or "HH:MM:SS") strings.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OfficeHoursToml {
    sessions: Vec<SessionToml>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionToml {
    start: String,
    end: String,
}

impl TryFrom<OfficeHoursToml> for OfficeHours {
    type Error = CalendarError;

    fn try_from(raw: OfficeHoursToml) -> Result<OfficeHours, CalendarError> {
        let sessions = raw
            .sessions
            .iter()
            .map(|s| {
                Ok(Session {
                    start: parse_time(&s.start)?,
                    end: parse_time(&s.end)?,
                })
            })
            .collect::<Result<Vec<_>, CalendarError>>()?;
        OfficeHours::new(sessions)
    }
}

impl From<OfficeHours> for OfficeHoursToml {
    fn from(hours: OfficeHours) -> OfficeHoursToml {
        OfficeHoursToml {
            sessions: hours
                .sessions
                .iter()
                .map(|s| SessionToml {
                    start: format_time(s.start),
                    end: format_time(s.end),
                })
                .collect(),
        }
    }
}

fn format_time(time: NaiveTime) -> String {
    if time.second() == 0 {
        time.format("%H:%M").to_string()
    } else {
        time.format("%H:%M:%S").to_string()
    }
}

fn parse_time(text: &str) -> Result<NaiveTime, CalendarError> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .map_err(|_| CalendarError::OfficeHours(format!("{text:?} is not a time like \"07:30\"")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct SiteConfig {
        office_hours: OfficeHours,
    }

    fn parse(toml_text: &str) -> Result<OfficeHours, toml::de::Error> {
        toml::from_str::<SiteConfig>(toml_text).map(|c| c.office_hours)
    }

    #[test]
    fn the_default_is_the_regulation_s_morning_and_afternoon() {
        let hours = OfficeHours::default();
        let text: Vec<String> = hours
            .sessions()
            .iter()
            .map(|s| format!("{}–{}", s.start.format("%H:%M"), s.end.format("%H:%M")))
            .collect();
        assert_eq!(text, ["07:30–11:30", "13:30–17:00"]);
        assert_eq!(hours.closing(), NaiveTime::from_hms_opt(17, 0, 0).unwrap());
    }

    #[test]
    fn office_hours_are_read_from_toml() {
        let hours = parse(
            r#"
[office_hours]
sessions = [
  { start = "08:00", end = "12:00" },
  { start = "13:00", end = "16:30:00" },
]
"#,
        )
        .unwrap();
        assert_eq!(hours.opening(), NaiveTime::from_hms_opt(8, 0, 0).unwrap());
        assert_eq!(hours.closing(), NaiveTime::from_hms_opt(16, 30, 0).unwrap());
        let again: toml::Table = toml::from_str(&toml::to_string(&hours).unwrap()).unwrap();
        assert_eq!(again["sessions"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn office_hours_are_read_as_people_type_them() {
        let regulation = OfficeHours::default();
        assert_eq!(regulation.to_string(), "07:30–11:30, 13:30–17:00");
        for typed in [
            "07:30–11:30, 13:30–17:00",
            "7:30-11:30; 13:30-17:00",
            " 7h30 - 11h30 \n 13h30 — 17h ",
        ] {
            assert_eq!(typed.parse::<OfficeHours>().unwrap(), regulation, "{typed}");
        }
        let one: OfficeHours = "08:00-16:00".parse().unwrap();
        assert_eq!(one.sessions().len(), 1);
        assert_eq!(one.to_string().parse::<OfficeHours>().unwrap(), one);
        for bad in [
            "",
            "07:30",
            "11:30-07:30",
            "07:30-12:00, 11:00-17:00",
            "sáng 7:30-11:30",
            "25:00-26:00",
        ] {
            assert!(bad.parse::<OfficeHours>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn unusable_office_hours_are_refused() {
        for bad in [
            r#"office_hours = { sessions = [] }"#,
            r#"office_hours = { sessions = [{ start = "11:30", end = "07:30" }] }"#,
            r#"office_hours = { sessions = [{ start = "07:30", end = "12:00" }, { start = "11:00", end = "17:00" }] }"#,
            r#"office_hours = { sessions = [{ start = "7h30", end = "11:30" }] }"#,
            r#"office_hours = { sessions = [{ start = "07:30", end = "11:30", lunch = true }] }"#,
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
