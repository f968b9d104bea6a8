//! The editors' form of a week of the schedule: a row per entry (day, times, content and
//! place in both languages, presiding leader, participants, preparing unit, document, flags),
//! blank rows for new entries, and "copy the previous week". Pure: reading the rows and
//! writing a record back into rows.

use chrono::NaiveDate;
use serde::Serialize;

use super::schedule::{parse_time, ScheduleEntry, ScheduleWeek};
use super::week::IsoWeek;
use crate::field::FieldError;

/// Blank rows offered under a week's entries.
pub const BLANK_ROWS: usize = 4;

/// A row of the form as typed.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub uid: String,
    pub day: String,
    pub start: String,
    pub end: String,
    pub content: String,
    pub content_en: String,
    pub location: String,
    pub location_en: String,
    pub leader: String,
    /// The unit whose schedule it is, kept as it was (the form does not change it).
    pub unit: String,
    pub participants: String,
    pub participants_en: String,
    pub preparing_unit: String,
    pub document: String,
    pub on_portal: bool,
    pub cancelled: bool,
}

impl Row {
    fn is_blank(&self) -> bool {
        self.start.trim().is_empty() && self.content.trim().is_empty()
    }
}

/// The rows of a week's record, then blank ones dated on its Monday.
pub fn rows_of(week: &ScheduleWeek, monday: NaiveDate) -> Vec<Row> {
    let mut rows: Vec<Row> = week
        .entries
        .iter()
        .map(|e| Row {
            uid: e.uid.clone(),
            day: e.day.to_string(),
            start: e.start.format("%H:%M").to_string(),
            end: e
                .end
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default(),
            content: e.content.clone(),
            content_en: e.content_en.clone(),
            location: e.location.clone(),
            location_en: e.location_en.clone(),
            leader: e.leader.clone().unwrap_or_default(),
            unit: e.unit.clone().unwrap_or_default(),
            participants: e.participants.clone(),
            participants_en: e.participants_en.clone(),
            preparing_unit: e.preparing_unit.clone().unwrap_or_default(),
            document: e.document.clone(),
            on_portal: e.on_portal,
            cancelled: e.cancelled,
        })
        .collect();
    rows.extend((0..BLANK_ROWS).map(|_| Row {
        day: monday.to_string(),
        ..Row::default()
    }));
    rows
}

/// Reads the form's fields `e{n}-{field}` into rows, in the order of their numbers.
pub fn rows_from_pairs(pairs: &[(String, String)]) -> Vec<Row> {
    let mut rows: Vec<(usize, Row)> = Vec::new();
    for (name, value) in pairs {
        let Some((n, field)) = name
            .strip_prefix('e')
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(n, f)| Some((n.parse::<usize>().ok().filter(|n| *n < 500)?, f)))
        else {
            continue;
        };
        let at = match rows.iter().position(|(i, _)| *i == n) {
            Some(at) => at,
            None => {
                rows.push((n, Row::default()));
                rows.len() - 1
            }
        };
        let row = &mut rows[at].1;
        let v = value.clone();
        match field {
            "uid" => row.uid = v,
            "day" => row.day = v,
            "start" => row.start = v,
            "end" => row.end = v,
            "content" => row.content = v,
            "content_en" => row.content_en = v,
            "location" => row.location = v,
            "location_en" => row.location_en = v,
            "leader" => row.leader = v,
            "unit" => row.unit = v,
            "participants" => row.participants = v,
            "participants_en" => row.participants_en = v,
            "preparing_unit" => row.preparing_unit = v,
            "document" => row.document = v,
            "on_portal" => row.on_portal = true,
            "cancelled" => row.cancelled = true,
            _ => {}
        }
    }
    rows.sort_by_key(|(n, _)| *n);
    rows.into_iter().map(|(_, r)| r).collect()
}

fn key(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|k| !k.is_empty())
}

/// The week the rows describe (blank rows left out), or each row's unreadable day or time.
pub fn week_from_rows(week: IsoWeek, rows: &[Row]) -> Result<ScheduleWeek, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    for (i, r) in rows.iter().enumerate().filter(|(_, r)| !r.is_blank()) {
        let line = i + 1;
        let day = NaiveDate::parse_from_str(r.day.trim(), "%Y-%m-%d").ok();
        let start = parse_time(&r.start);
        let end = match r.end.trim() {
            "" => Some(None),
            t => parse_time(t).map(Some),
        };
        let (Some(day), Some(start), Some(end)) = (day, start, end) else {
            errors.push(FieldError::new("entries", "schedule-bad-time").on_line(line));
            continue;
        };
        entries.push(ScheduleEntry {
            uid: r.uid.trim().to_string(),
            day,
            start,
            end,
            content: r.content.clone(),
            content_en: r.content_en.clone(),
            location: r.location.clone(),
            location_en: r.location_en.clone(),
            leader: key(&r.leader),
            unit: key(&r.unit),
            participants: r.participants.clone(),
            participants_en: r.participants_en.clone(),
            preparing_unit: key(&r.preparing_unit),
            document: r.document.trim().to_string(),
            on_portal: r.on_portal,
            cancelled: r.cancelled,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ScheduleWeek {
        week: week.to_string(),
        entries,
    }
    .normalised())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn rows_read_back_into_the_week_they_came_from() {
        let week = IsoWeek::parse("2026-W50").unwrap();
        let form = pairs(&[
            ("csrf", "x"),
            ("e1-day", "2026-12-08"),
            ("e1-start", "14:00"),
            ("e1-content", "Tiếp công dân"),
            ("e1-cancelled", "on"),
            ("e0-day", "2026-12-07"),
            ("e0-start", "8h"),
            ("e0-end", "11:30"),
            ("e0-content", "Họp giao ban"),
            ("e0-leader", "tran-van-hung"),
            ("e2-day", "2026-12-07"),
        ]);
        let rows = rows_from_pairs(&form);
        assert_eq!(rows.len(), 3);
        let w = week_from_rows(week, &rows).unwrap();
        assert_eq!(w.entries.len(), 2, "the blank row is left out");
        assert_eq!(w.entries[0].leader.as_deref(), Some("tran-van-hung"));
        assert!(w.entries[1].cancelled);
        let again = rows_of(&w, week.monday());
        assert_eq!(again.len(), 2 + BLANK_ROWS);
        assert_eq!(week_from_rows(week, &again).unwrap(), w);
    }

    #[test]
    fn an_unreadable_time_is_named_on_its_row() {
        let week = IsoWeek::parse("2026-W50").unwrap();
        let rows = rows_from_pairs(&pairs(&[
            ("e0-day", "2026-12-07"),
            ("e0-start", "sáng"),
            ("e0-content", "Họp"),
        ]));
        let errors = week_from_rows(week, &rows).unwrap_err();
        assert_eq!(errors[0].message_id, "schedule-bad-time");
        assert_eq!(errors[0].line, Some(1));
    }
}
