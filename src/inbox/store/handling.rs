//! The board's and the department's handling steps (classify, forward, reject, merge,
//! pause, resume, extend), each recorded in the question's history with the mail it causes.

use super::*;

/// A handling step's question, the queue it must be open in, who takes it and when.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    pub question: QuestionId,
    pub site: SiteId,
    pub by: &'a Actor,
    pub now: NaiveDateTime,
}

/// What a handling step did: its line in the question's history and the mail it causes
/// (its template and values).
struct Done {
    event: QuestionEvent,
    note: String,
    mail: Option<(&'static str, serde_json::Value)>,
}

impl Done {
    fn noted(event: QuestionEvent, note: impl Into<String>) -> Done {
        Done {
            event,
            note: note.into(),
            mail: None,
        }
    }

    fn mailed(mut self, template: &'static str, values: serde_json::Value) -> Done {
        self.mail = Some((template, values));
        self
    }
}

/// Runs a handling step on an open question of the step's queue, in one transaction: the
/// change, then its line in the history and the mail it causes.
fn run(
    conn: &mut DbConn,
    s: Step,
    change: impl FnOnce(&mut DbConn, &Question) -> Result<Done, InboxError>,
) -> Result<(), InboxError> {
    conn.write(|conn| {
        let q = open_in_queue(conn, s.question, s.site)?;
        let done = change(conn, &q)?;
        record_event(conn, q.id, done.event, &s.by.username, &done.note, s.now)?;
        if let Some((template, values)) = done.mail {
            notify(conn, &q, template, values, s.now)?;
        }
        Ok(())
    })
}

/// The reason a step needs (a rejection, a pause, a new date), as typed.
fn required_reason(reason: &str) -> Result<String, InboxError> {
    let reason = crate::text::nfc(reason.trim());
    match reason.is_empty() {
        true => Err(problem("reason", "inbox-error-reason")),
        false => Ok(reason),
    }
}

/// Sets a question's field (the board's classification).
pub fn classify(conn: &mut DbConn, s: Step, field: &str) -> Result<(), InboxError> {
    if !super::super::FIELDS.contains(&field) {
        return Err(problem("field", "ask-error-field"));
    }
    run(conn, s, |conn, q| {
        diesel::update(questions::table.find(q.id))
            .set(questions::field.eq(field))
            .execute(conn)?;
        Ok(Done::noted(QuestionEvent::Classified, field))
    })
}

/// Forwards a question from the board to a department: it moves to that site's queue.
pub fn forward(conn: &mut DbConn, s: Step, to: &Site) -> Result<(), InboxError> {
    run(conn, s, |conn, q| {
        if q.status() != Status::Received {
            return Err(InboxError::WrongState("inbox-error-forwarded"));
        }
        if to.id == s.site || to.retired {
            return Err(problem("to", "inbox-error-target"));
        }
        diesel::update(questions::table.find(q.id))
            .set((
                questions::site_id.eq(to.id.0),
                questions::status.eq(Status::Forwarded.as_str()),
                questions::forwarded_at.eq(Some(s.now)),
            ))
            .execute(conn)?;
        Ok(Done::noted(QuestionEvent::Forwarded, &to.slug))
    })
}

/// Closes a question as out of scope and tells the citizen why.
pub fn reject(conn: &mut DbConn, s: Step, reason: &str) -> Result<(), InboxError> {
    let reason = required_reason(reason)?;
    run(conn, s, |conn, q| {
        close(conn, q, Status::Rejected, &reason, None, s.now)?;
        Ok(Done::noted(QuestionEvent::Rejected, &reason)
            .mailed("question-rejected", serde_json::json!({"reason": reason})))
    })
}

/// Closes a question as a duplicate of another one (answered there), telling the citizen
/// the other question's code.
pub fn merge(conn: &mut DbConn, s: Step, into_code: &str) -> Result<(), InboxError> {
    let code = super::super::normalise_code(into_code)
        .ok_or_else(|| problem("into", "inbox-error-code"))?;
    run(conn, s, |conn, q| {
        let into = find_by_code(conn, &code)?
            .filter(|o| o.id != q.id && o.status() != Status::Merged)
            .ok_or_else(|| problem("into", "inbox-error-code"))?;
        close(conn, q, Status::Merged, &into.code, Some(into.id), s.now)?;
        record_event(
            conn,
            into.id,
            QuestionEvent::MergedHere,
            &s.by.username,
            &q.code,
            s.now,
        )?;
        Ok(Done::noted(QuestionEvent::Merged, &into.code)
            .mailed("question-merged", serde_json::json!({"into": into.code})))
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
pub fn pause(conn: &mut DbConn, s: Step, reason: &str) -> Result<(), InboxError> {
    let reason = required_reason(reason)?;
    run(conn, s, |conn, q| {
        if q.paused_at.is_some() {
            return Err(InboxError::WrongState("inbox-error-paused"));
        }
        diesel::update(questions::table.find(q.id))
            .set(questions::paused_at.eq(Some(s.now)))
            .execute(conn)?;
        Ok(Done::noted(QuestionEvent::Paused, &reason)
            .mailed("question-paused", serde_json::json!({"reason": reason})))
    })
}

/// Restarts a paused question's clock: the deadline moves by the working days it stood.
pub fn resume(conn: &mut DbConn, s: Step, calendars: &Calendars) -> Result<(), InboxError> {
    run(conn, s, |conn, q| {
        let calendar = q.calendar(calendars);
        let paused = q
            .paused_at
            .ok_or(InboxError::WrongState("inbox-error-not-paused"))?;
        let lost = super::super::paused_working_days(calendar, paused, s.now)?;
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
        let note = format!(
            "{} → {}",
            super::super::local_date(q.due_at),
            super::super::local_date(due)
        );
        Ok(Done::noted(QuestionEvent::Resumed, note).mailed(
            "question-resumed",
            serde_json::json!({"due": day_text(due, q.lang())}),
        ))
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
    s: Step,
    notice: &ProgressNotice,
    calendars: &Calendars,
) -> Result<(), InboxError> {
    let new_day = notice.due;
    let reason = required_reason(&notice.reason)?;
    run(conn, s, |conn, q| {
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
        let note = format!(
            "{} → {}: {reason}",
            super::super::local_date(q.due_at),
            new_day
        );
        Ok(Done::noted(QuestionEvent::Extended, note).mailed(
            "question-progress",
            serde_json::json!({"due": day_text(due, q.lang()), "reason": reason}),
        ))
    })
}
