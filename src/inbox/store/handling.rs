//! The board's and the department's handling steps (classify, forward, reject, merge,
//! pause, resume, extend), each recorded in the question's history with the mail it causes.

use super::*;

/// Sets a question's field (the board's classification).
pub fn classify(
    conn: &mut DbConn,
    id: QuestionId,
    site: SiteId,
    field: &str,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(), InboxError> {
    if !super::super::FIELDS.contains(&field) {
        return Err(problem("field", "ask-error-field"));
    }
    conn.write(|conn| {
        let q = open_in_queue(conn, id, site)?;
        diesel::update(questions::table.find(q.id))
            .set(questions::field.eq(field))
            .execute(conn)?;
        record_event(
            conn,
            q.id,
            QuestionEvent::Classified,
            &by.username,
            field,
            now,
        )?;
        Ok(())
    })
}

/// Forwards a question from the board to a department: it moves to that site's queue.
pub fn forward(
    conn: &mut DbConn,
    id: QuestionId,
    site: SiteId,
    to: &Site,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(), InboxError> {
    conn.write(|conn| {
        let q = open_in_queue(conn, id, site)?;
        if q.status() != Status::Received {
            return Err(InboxError::WrongState("inbox-error-forwarded"));
        }
        if to.id == site || to.retired {
            return Err(problem("to", "inbox-error-target"));
        }
        diesel::update(questions::table.find(q.id))
            .set((
                questions::site_id.eq(to.id.0),
                questions::status.eq(Status::Forwarded.as_str()),
                questions::forwarded_at.eq(Some(now)),
            ))
            .execute(conn)?;
        record_event(
            conn,
            q.id,
            QuestionEvent::Forwarded,
            &by.username,
            &to.slug,
            now,
        )?;
        Ok(())
    })
}

/// Closes a question as out of scope and tells the citizen why.
pub fn reject(
    conn: &mut DbConn,
    id: QuestionId,
    site: SiteId,
    reason: &str,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(), InboxError> {
    let reason = crate::text::nfc(reason.trim());
    if reason.is_empty() {
        return Err(problem("reason", "inbox-error-reason"));
    }
    conn.write(|conn| {
        let q = open_in_queue(conn, id, site)?;
        close(conn, &q, Status::Rejected, &reason, None, now)?;
        record_event(
            conn,
            q.id,
            QuestionEvent::Rejected,
            &by.username,
            &reason,
            now,
        )?;
        notify(
            conn,
            &q,
            "question-rejected",
            serde_json::json!({"reason": reason}),
            now,
        )?;
        Ok(())
    })
}

/// Closes a question as a duplicate of another one (answered there), telling the citizen
/// the other question's code.
pub fn merge(
    conn: &mut DbConn,
    id: QuestionId,
    site: SiteId,
    into_code: &str,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(), InboxError> {
    let code = super::super::normalise_code(into_code)
        .ok_or_else(|| problem("into", "inbox-error-code"))?;
    conn.write(|conn| {
        let q = open_in_queue(conn, id, site)?;
        let into = find_by_code(conn, &code)?
            .filter(|o| o.id != q.id && o.status() != Status::Merged)
            .ok_or_else(|| problem("into", "inbox-error-code"))?;
        close(conn, &q, Status::Merged, &into.code, Some(into.id), now)?;
        record_event(
            conn,
            q.id,
            QuestionEvent::Merged,
            &by.username,
            &into.code,
            now,
        )?;
        record_event(
            conn,
            into.id,
            QuestionEvent::MergedHere,
            &by.username,
            &q.code,
            now,
        )?;
        notify(
            conn,
            &q,
            "question-merged",
            serde_json::json!({"into": into.code}),
            now,
        )?;
        Ok(())
    })
}

fn close(
    conn: &mut DbConn,
    q: &Question,
    status: Status,
    note: &str,
    merged_into: Option<QuestionId>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(questions::table.find(q.id))
        .set((
            questions::status.eq(status.as_str()),
            questions::closed_at.eq(Some(now)),
            questions::closed_note.eq(Some(note)),
            questions::merged_into.eq(merged_into),
            questions::paused_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Stops a question's clock while the department waits for the citizen.
pub fn pause(
    conn: &mut DbConn,
    id: QuestionId,
    site: SiteId,
    reason: &str,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(), InboxError> {
    let reason = crate::text::nfc(reason.trim());
    if reason.is_empty() {
        return Err(problem("reason", "inbox-error-reason"));
    }
    conn.write(|conn| {
        let q = open_in_queue(conn, id, site)?;
        if q.paused_at.is_some() {
            return Err(InboxError::WrongState("inbox-error-paused"));
        }
        diesel::update(questions::table.find(q.id))
            .set(questions::paused_at.eq(Some(now)))
            .execute(conn)?;
        record_event(
            conn,
            q.id,
            QuestionEvent::Paused,
            &by.username,
            &reason,
            now,
        )?;
        notify(
            conn,
            &q,
            "question-paused",
            serde_json::json!({"reason": reason}),
            now,
        )?;
        Ok(())
    })
}

/// Restarts a paused question's clock: the deadline moves by the working days it stood.
pub fn resume(
    conn: &mut DbConn,
    id: QuestionId,
    site: SiteId,
    calendars: &Calendars,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(), InboxError> {
    conn.write(|conn| {
        let q = open_in_queue(conn, id, site)?;
        let calendar = q.calendar(calendars);
        let paused = q
            .paused_at
            .ok_or(InboxError::WrongState("inbox-error-not-paused"))?;
        let lost = super::super::paused_working_days(calendar, paused, now)?;
        let resumed = Question {
            paused_days: q.paused_days + lost as i32,
            ..q.clone()
        };
        let due = resumed.due_under(calendar)?;
        diesel::update(questions::table.find(q.id))
            .set((
                questions::paused_at.eq(None::<NaiveDateTime>),
                questions::paused_days.eq(resumed.paused_days),
                questions::due_at.eq(due),
            ))
            .execute(conn)?;
        let lang = q.lang();
        record_event(
            conn,
            q.id,
            QuestionEvent::Resumed,
            &by.username,
            &format!(
                "{} → {}",
                super::super::local_date(q.due_at),
                super::super::local_date(due)
            ),
            now,
        )?;
        notify(
            conn,
            &q,
            "question-resumed",
            serde_json::json!({"due": day_text(due, lang)}),
            now,
        )?;
        Ok(())
    })
}

/// A new answer date and why.
#[derive(Debug, Clone)]
pub struct ProgressNotice {
    pub due: NaiveDate,
    pub reason: String,
}

/// A progress notice: the department tells the citizen a new answer date (after the
/// current one), with the reason; recorded in the history and e-mailed.
pub fn extend(
    conn: &mut DbConn,
    id: QuestionId,
    site: SiteId,
    notice: &ProgressNotice,
    calendars: &Calendars,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(), InboxError> {
    let new_day = notice.due;
    let reason = crate::text::nfc(notice.reason.trim());
    if reason.is_empty() {
        return Err(problem("reason", "inbox-error-reason"));
    }
    conn.write(|conn| {
        let q = open_in_queue(conn, id, site)?;
        let calendar = q.calendar(calendars);
        if new_day <= super::super::local_date(q.due_at) || !calendar.is_working_day(new_day) {
            return Err(problem("due", "inbox-error-new-date"));
        }
        let due = super::super::closing_of(calendar, new_day)
            .ok_or_else(|| problem("due", "inbox-error-new-date"))?;
        diesel::update(questions::table.find(q.id))
            .set((
                questions::due_at.eq(due),
                questions::extended_to.eq(Some(new_day)),
                questions::reminded_due_soon.eq(false),
                questions::reminded_overdue.eq(false),
            ))
            .execute(conn)?;
        let lang = q.lang();
        record_event(
            conn,
            q.id,
            QuestionEvent::Extended,
            &by.username,
            &format!(
                "{} → {}: {reason}",
                super::super::local_date(q.due_at),
                new_day
            ),
            now,
        )?;
        notify(
            conn,
            &q,
            "question-progress",
            serde_json::json!({"due": day_text(due, lang), "reason": reason}),
            now,
        )?;
        Ok(())
    })
}
