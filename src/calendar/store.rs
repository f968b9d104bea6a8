//! Announcements entered by an administrator (a decision published after the release, a
//! correction): stored in the database, they override the shipped file day by day. The
//! calendar in force is the shipped one with these over it.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::{shipped_announcements, Announcement, AnnouncementKind, Calendar, CalendarError};
use crate::db::schema::calendar_announcements as table;
use crate::db::DbConn;

/// An announcement as entered, with who entered it.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = table)]
pub struct Entered {
    pub day: NaiveDate,
    pub kind: String,
    pub name: String,
    pub source: String,
    pub entered_by: String,
    pub entered_at: NaiveDateTime,
}

impl Entered {
    fn announcement(&self) -> Option<Announcement> {
        let kind = match self.kind.as_str() {
            "day_off" => AnnouncementKind::DayOff,
            "working_day" => AnnouncementKind::WorkingDay,
            _ => return None,
        };
        Some(Announcement {
            date: self.day,
            kind,
            name: self.name.clone(),
            source: self.source.clone(),
        })
    }
}

/// Every entered announcement, by date.
pub fn entered(conn: &mut DbConn) -> QueryResult<Vec<Entered>> {
    table::table
        .order(table::day.asc())
        .select(Entered::as_select())
        .load(conn)
}

/// Why the calendar in force could not be made.
#[derive(Debug, thiserror::Error)]
pub enum CalendarStoreError {
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    #[error(transparent)]
    Calendar(#[from] CalendarError),
}

/// The shipped announcements with the entered ones over them (an entered day replaces the
/// shipped decision about that day).
pub fn merged(shipped: Vec<Announcement>, entered: &[Entered]) -> Vec<Announcement> {
    let over: Vec<Announcement> = entered.iter().filter_map(Entered::announcement).collect();
    let mut all: Vec<Announcement> = shipped
        .into_iter()
        .filter(|a| !over.iter().any(|o| o.date == a.date))
        .collect();
    all.extend(over);
    all
}

/// The calendar in force: the rules, the shipped decisions, the entered announcements.
pub fn in_force(conn: &mut DbConn) -> Result<Calendar, CalendarStoreError> {
    let entered = entered(conn)?;
    if entered.is_empty() {
        return Ok(Calendar::vietnam());
    }
    Ok(Calendar::new(merged(shipped_announcements()?, &entered))?)
}

/// Enters (or replaces) the announcement about a day.
pub fn enter(conn: &mut DbConn, a: &Announcement, by: &str, now: NaiveDateTime) -> QueryResult<()> {
    let kind = match a.kind {
        AnnouncementKind::DayOff => "day_off",
        AnnouncementKind::WorkingDay => "working_day",
    };
    diesel::delete(table::table.find(a.date)).execute(conn)?;
    diesel::insert_into(table::table)
        .values((
            table::day.eq(a.date),
            table::kind.eq(kind),
            table::name.eq(&a.name),
            table::source.eq(&a.source),
            table::entered_by.eq(by),
            table::entered_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Removes the entered announcement about a day (the shipped file applies again); true
/// when there was one.
pub fn remove(conn: &mut DbConn, day: NaiveDate) -> QueryResult<bool> {
    Ok(diesel::delete(table::table.find(day)).execute(conn)? > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entered_day_replaces_the_shipped_decision_about_it() {
        let shipped = shipped_announcements().unwrap();
        let worked_saturday = shipped
            .iter()
            .find(|a| a.kind == AnnouncementKind::WorkingDay)
            .unwrap()
            .clone();
        let entered = Entered {
            day: worked_saturday.date,
            kind: "day_off".into(),
            name: "Nghỉ (sửa)".into(),
            source: "Thông báo thử".into(),
            entered_by: "admin".into(),
            entered_at: NaiveDateTime::default(),
        };
        let all = merged(shipped.clone(), &[entered]);
        assert_eq!(all.len(), shipped.len());
        let calendar = Calendar::new(all).unwrap();
        assert!(!calendar.is_working_day(worked_saturday.date));
    }
}
