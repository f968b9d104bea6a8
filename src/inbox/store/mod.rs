//! Questions in the database: submission (rate-limited, stored with its acknowledgement
//! mail in one transaction), the board's and the department's actions (each recorded in
//! the question's history, with the mail it causes), the answer's link to the editorial
//! workflow, reminders and the retention of personal data.

mod answers;
mod deadlines;
mod handling;
mod reminders;
mod retention;
mod submit;

pub use answers::*;
pub use deadlines::*;
pub use handling::*;
pub use reminders::*;
pub use retention::*;
pub use submit::*;

use std::net::IpAddr;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::{Ask, Calendars, Clock, QuestionEvent, QuestionId, Settings, Standing, Status};
use crate::account::Actor;
use crate::calendar::{Calendar, CalendarError, OfficeHours};
use crate::content::{ContentId, ContentKind};
use crate::db::schema::{
    question_attachments, question_events, question_regulations, questions, upload_usage,
};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::mail::{self, Outgoing};
use crate::review::store::{
    self as review, FieldError, NewItem, ReviewError, RevisionForm, RevisionId,
};
use crate::site::{Site, SiteId};

/// Why an action on a question did not happen.
#[derive(Debug, thiserror::Error)]
pub enum InboxError {
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    #[error(transparent)]
    Calendar(#[from] CalendarError),
    #[error("the form has errors")]
    Invalid(Vec<crate::field::FieldError>),
    /// A limit was hit; the message id says which.
    #[error("too many questions ({0})")]
    Limited(&'static str),
    #[error("no such question")]
    NotFound,
    /// The actor's roles on the question's site do not allow the action.
    #[error("not allowed")]
    Forbidden,
    /// Not possible in the question's state; the message id says why.
    #[error("not now: {0}")]
    WrongState(&'static str),
    #[error(transparent)]
    Review(#[from] ReviewError),
}

impl From<crate::calendar::store::CalendarStoreError> for InboxError {
    fn from(e: crate::calendar::store::CalendarStoreError) -> Self {
        match e {
            crate::calendar::store::CalendarStoreError::Db(e) => InboxError::Db(e),
            crate::calendar::store::CalendarStoreError::Calendar(e) => InboxError::Calendar(e),
        }
    }
}

/// The calendars deadlines run on: the rules, the shipped and the entered announcements,
/// in the office hours of each site (its own, or the installation's).
pub fn calendars(conn: &mut DbConn, settings: &Settings) -> Result<Calendars, InboxError> {
    let in_force = crate::calendar::store::in_force(conn)?;
    let site_hours = crate::site::store::office_sessions(conn)?;
    Ok(Calendars::new(in_force, &settings.office_hours, site_hours))
}

fn problem(field: &'static str, message_id: &'static str) -> InboxError {
    InboxError::Invalid(vec![FieldError::new(field, message_id)])
}

/// A question as stored (personal data included: for its handlers only).
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = questions)]
pub struct Question {
    pub id: QuestionId,
    pub code: String,
    pub site_id: SiteId,
    pub asked_site_id: SiteId,
    pub lang: Lang,
    pub asker_name: String,
    pub asker_email: String,
    pub asker_phone: String,
    pub client_addr: String,
    pub client_network: String,
    pub field: String,
    pub title: String,
    pub body: String,
    pub edited_body: Option<String>,
    pub publish_consent: bool,
    pub status: Status,
    pub received_at: NaiveDateTime,
    pub triage_due_at: NaiveDateTime,
    pub due_at: NaiveDateTime,
    pub deadline_days: i32,
    pub paused_days: i32,
    pub extended_to: Option<NaiveDate>,
    pub paused_at: Option<NaiveDateTime>,
    pub forwarded_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub closed_note: Option<String>,
    pub merged_into: Option<QuestionId>,
    pub answer_content_id: Option<ContentId>,
    pub reminded_due_soon: bool,
    pub reminded_overdue: bool,
    pub reminded_board: bool,
    pub anonymised_at: Option<NaiveDateTime>,
}

impl Question {
    pub fn status(&self) -> Status {
        self.status
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn site(&self) -> SiteId {
        self.site_id
    }

    /// The calendar its clock runs on: that of the site that received it.
    pub fn calendar<'a>(&self, calendars: &'a Calendars) -> &'a Calendar {
        calendars.of_site(self.asked_site_id)
    }

    /// Its deadline under a calendar: the date of its progress notice, if any, else its
    /// working days (and those its pauses gave back) from receipt.
    pub fn due_under(&self, calendar: &Calendar) -> Result<NaiveDateTime, CalendarError> {
        if let Some(day) = self.extended_to {
            return super::closing_of(calendar, day).ok_or(CalendarError::OutOfRange);
        }
        let days = u32::try_from(self.deadline_days + self.paused_days).unwrap_or(0);
        super::deadline(calendar, self.received_at, days)
    }

    /// Its standing at `now`.
    pub fn standing(
        &self,
        now: NaiveDateTime,
        calendars: &Calendars,
        settings: &Settings,
    ) -> Standing {
        super::standing(
            Clock {
                status: self.status(),
                due_at: self.due_at,
                paused: self.paused_at.is_some(),
                answered_at: self.closed_at,
            },
            now,
            self.calendar(calendars),
            settings.due_soon_days,
        )
    }
}

/// One line of a question's history.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = question_events)]
pub struct Event {
    pub id: i32,
    pub question_id: QuestionId,
    pub at: NaiveDateTime,
    pub kind: QuestionEvent,
    pub actor: String,
    pub note: String,
}

/// Adds a line to a question's history.
pub fn record_event(
    conn: &mut DbConn,
    question: QuestionId,
    kind: QuestionEvent,
    actor: &str,
    note: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(question_events::table)
        .values((
            question_events::question_id.eq(question),
            question_events::at.eq(at),
            question_events::kind.eq(kind),
            question_events::actor.eq(actor),
            question_events::note.eq(note),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A question's history, oldest first.
pub fn history(conn: &mut DbConn, question: QuestionId) -> QueryResult<Vec<Event>> {
    question_events::table
        .filter(question_events::question_id.eq(question))
        .order(question_events::id.asc())
        .select(Event::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConn, id: QuestionId) -> QueryResult<Option<Question>> {
    questions::table
        .find(id)
        .select(Question::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_code(conn: &mut DbConn, code: &str) -> QueryResult<Option<Question>> {
    questions::table
        .filter(questions::code.eq(code))
        .select(Question::as_select())
        .first(conn)
        .optional()
}

/// The question an answer (a content item of kind `answer`) answers.
pub fn find_by_answer(conn: &mut DbConn, content: ContentId) -> QueryResult<Option<Question>> {
    questions::table
        .filter(questions::answer_content_id.eq(content.0))
        .select(Question::as_select())
        .first(conn)
        .optional()
}

/// The questions in the queues of these sites (every site when `None`), newest first.
pub fn list(conn: &mut DbConn, sites: Option<&[SiteId]>) -> QueryResult<Vec<Question>> {
    let mut q = questions::table
        .select(Question::as_select())
        .order(questions::received_at.desc())
        .into_boxed();
    if let Some(sites) = sites {
        q = q.filter(questions::site_id.eq_any(sites.iter().map(|s| s.0).collect::<Vec<_>>()));
    }
    q.load(conn)
}

/// Open questions due soon and overdue at `now`, per site whose queue holds them (for
/// monitoring: `(due_soon, overdue)`).
pub fn pressing_by_site(
    conn: &mut DbConn,
    settings: &Settings,
    now: NaiveDateTime,
) -> Result<std::collections::HashMap<SiteId, (u64, u64)>, InboxError> {
    let open: Vec<Question> = questions::table
        .filter(questions::status.eq_any([Status::Received.as_str(), Status::Forwarded.as_str()]))
        .select(Question::as_select())
        .load(conn)?;
    let calendars = calendars(conn, settings)?;
    let mut by_site = std::collections::HashMap::new();
    for q in open {
        let entry: &mut (u64, u64) = by_site.entry(q.site()).or_default();
        match q.standing(now, &calendars, settings) {
            Standing::DueSoon => entry.0 += 1,
            Standing::Overdue => entry.1 += 1,
            _ => {}
        }
    }
    Ok(by_site)
}

/// A date as the citizen reads it in the mail.
fn day_text(utc: NaiveDateTime, lang: Lang) -> String {
    crate::clock::display_date(utc, lang)
}

/// A question's attachment, already in the file store under its hash.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = question_attachments)]
pub struct Attachment {
    pub question_id: QuestionId,
    pub sha256: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

/// The attachment of a question, if it has one.
pub fn attachment(conn: &mut DbConn, question: QuestionId) -> QueryResult<Option<Attachment>> {
    question_attachments::table
        .find(question)
        .select(Attachment::as_select())
        .first(conn)
        .optional()
}

/// Deletes a file of the store that no attachment and no media file uses (an expired
/// attachment's, or one of a question that was not stored).
pub fn release_file(
    conn: &mut DbConn,
    files: &dyn crate::media::files::FileStore,
    sha256: &str,
) -> QueryResult<()> {
    if !crate::media::library::blob_in_use(conn, sha256)? {
        if let Err(e) = files.delete(sha256) {
            tracing::warn!(error = %e, "an unused attachment's file stays");
        }
    }
    Ok(())
}

/// The public status page of a language.
pub fn status_path(lang: Lang) -> &'static str {
    lang.pick("/hoi-dap/tra-cuu", "/en/questions/status")
}

/// A question of this site's queue, for an action by its board or department.
fn in_queue(conn: &mut DbConn, id: QuestionId, site: SiteId) -> Result<Question, InboxError> {
    let q = find(conn, id)?.ok_or(InboxError::NotFound)?;
    if q.site_id != site {
        return Err(InboxError::NotFound);
    }
    Ok(q)
}

fn open_in_queue(conn: &mut DbConn, id: QuestionId, site: SiteId) -> Result<Question, InboxError> {
    let q = in_queue(conn, id, site)?;
    if !q.status().is_open() {
        return Err(InboxError::WrongState("inbox-error-closed"));
    }
    Ok(q)
}

/// Writes a mail to the asker (in the question's language) with the code and title.
fn notify(
    conn: &mut DbConn,
    q: &Question,
    template: &'static str,
    extra: serde_json::Value,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if q.asker_email.is_empty() {
        return Ok(()); // anonymised
    }
    let mut context = serde_json::json!({
        "name": q.asker_name,
        "code": q.code,
        "title": q.title,
    });
    if let (Some(c), Some(e)) = (context.as_object_mut(), extra.as_object()) {
        c.extend(e.clone());
    }
    mail::enqueue(
        conn,
        &Outgoing {
            recipient: q.asker_email.clone(),
            template,
            lang: q.lang(),
            context,
        },
        now,
    )
}
