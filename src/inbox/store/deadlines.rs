//! Deadlines moved by a change of calendar: a site's office hours, or an announcement
//! about a day entered or withdrawn by an administrator.

use super::*;

/// A site's office sessions changed (`None`: the installation's hours): the open deadlines
/// are recomputed, each move noted with the site and both sets of hours. Returns how many moved.
pub fn office_hours_changed(
    conn: &mut DbConn,
    settings: &Settings,
    change: &crate::site::store::OfficeHoursChange,
    by: &str,
    now: NaiveDateTime,
) -> Result<usize, InboxError> {
    if change.before == change.after {
        return Ok(0);
    }
    let shown = |h: Option<&OfficeHours>| h.unwrap_or(&settings.office_hours).to_string();
    let reason = format!(
        "{}: {} → {}",
        change.site_name,
        shown(change.before.as_ref()),
        shown(change.after.as_ref())
    );
    recompute_deadlines(conn, settings, &reason, by, now)
}

/// Recomputes the deadline of every open question under the calendars now in force (after
/// announcements or a site's office hours changed); each question whose deadline moves says
/// so in its history, with `reason`. Returns how many moved.
pub fn recompute_deadlines(
    conn: &mut DbConn,
    settings: &Settings,
    reason: &str,
    by: &str,
    now: NaiveDateTime,
) -> Result<usize, InboxError> {
    let calendars = calendars(conn, settings)?;
    let open: Vec<Question> = questions::table
        .filter(questions::status.eq_any([Status::Received.as_str(), Status::Forwarded.as_str()]))
        .select(Question::as_select())
        .load(conn)?;
    let mut moved = 0;
    for q in open {
        let due = q.due_under(q.calendar(&calendars))?;
        if due == q.due_at {
            continue;
        }
        diesel::update(questions::table.find(q.id))
            .set((
                questions::due_at.eq(due),
                questions::reminded_due_soon.eq(false),
                questions::reminded_overdue.eq(false),
            ))
            .execute(conn)?;
        record_event(
            conn,
            q.id,
            QuestionEvent::DeadlineMoved,
            by,
            &format!(
                "{} → {}: {reason}",
                super::super::local_date(q.due_at),
                super::super::local_date(due)
            ),
            now,
        )?;
        moved += 1;
    }
    Ok(moved)
}

/// An administrator entered (or replaced) the government's announcement about a day: it is
/// stored and every open deadline recomputed under it, in one transaction. Returns how many
/// moved.
pub fn announcement_entered(
    conn: &mut DbConn,
    settings: &Settings,
    a: &crate::calendar::Announcement,
    by: &str,
    now: NaiveDateTime,
) -> Result<usize, InboxError> {
    conn.write(|conn| {
        crate::calendar::store::enter(conn, a, by, now)?;
        let reason = format!("{} {} ({})", a.date, a.name, a.source);
        recompute_deadlines(conn, settings, &reason, by, now)
    })
}

/// An administrator withdrew the announcement about a day (the shipped file applies to it
/// again): every open deadline is recomputed, in one transaction. `NotFound` when none was
/// entered for that day.
pub fn announcement_withdrawn(
    conn: &mut DbConn,
    settings: &Settings,
    day: NaiveDate,
    by: &str,
    now: NaiveDateTime,
) -> Result<usize, InboxError> {
    conn.write(|conn| {
        if !crate::calendar::store::remove(conn, day)? {
            return Err(InboxError::NotFound);
        }
        let reason = format!("{day}: announcement withdrawn");
        recompute_deadlines(conn, settings, &reason, by, now)
    })
}
