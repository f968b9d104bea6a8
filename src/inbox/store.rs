//! Questions in the database: submission (rate-limited, stored with its acknowledgement
//! mail in one transaction), the board's and the department's actions (each recorded in
//! the question's history, with the mail it causes), the answer's link to the editorial
//! workflow, reminders and the retention of personal data.

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

/// What a citizen sends, checked, with where and from whom it came.
pub struct Submission<'a> {
    pub site: &'a Site,
    pub lang: Lang,
    pub ask: Ask,
    pub client: Option<IpAddr>,
    /// `http://skhcn.example.vn`, for the links in the acknowledgement.
    pub origin: String,
    /// The attachment (its `question_id` is set when the question is stored).
    pub attachment: Option<Attachment>,
}

/// Stores a question and its acknowledgement mail in one transaction, after the rate
/// limits: a citizen sees the tracking code only once both are durably stored.
pub fn submit(
    conn: &mut DbConn,
    sub: Submission,
    settings: &Settings,
    calendars: &Calendars,
    now: NaiveDateTime,
) -> Result<Question, InboxError> {
    let calendar = calendars.of_site(sub.site.id);
    let (addr, network) = match sub.client {
        Some(ip) => (ip.to_string(), super::network_of(ip)),
        None => (String::new(), String::new()),
    };
    let days = settings.deadline_for(&sub.site.slug, &sub.ask.field);
    let due = super::deadline(calendar, now, days)?;
    let triage_due = calendar
        .add_working_hours(now.and_utc(), settings.triage_hours)?
        .naive_utc();
    let hour_ago = now - chrono::Duration::hours(1);
    conn.write(|conn| {
        if !addr.is_empty() {
            // Count, then insert: serialised per network, or parallel submissions from one
            // address would all see the count below the limit (PostgreSQL; SQLite's write
            // transaction holds the one write lock already).
            conn.lock(&format!("inbox-limit:{network}"))?;
            let by_addr: i64 = questions::table
                .filter(questions::client_addr.eq(&addr))
                .filter(questions::received_at.gt(hour_ago))
                .count()
                .get_result(conn)?;
            if by_addr >= i64::from(settings.per_address_per_hour) {
                return Err(InboxError::Limited("ask-limit-address"));
            }
            let by_network: i64 = questions::table
                .filter(questions::client_network.eq(&network))
                .filter(questions::received_at.gt(hour_ago))
                .count()
                .get_result(conn)?;
            if by_network >= i64::from(settings.per_network_per_hour) {
                return Err(InboxError::Limited("ask-limit-network"));
            }
        }
        if let Some(regulation) = sub.ask.regulation {
            if regulation_summary(conn, regulation, now)?.is_none() {
                let problem = crate::field::FieldError::new("regulation", "ask-error-regulation");
                return Err(InboxError::Invalid(vec![problem]));
            }
        }
        let code = super::new_code();
        diesel::insert_into(questions::table)
            .values((
                questions::code.eq(&code),
                questions::site_id.eq(sub.site.id.0),
                questions::asked_site_id.eq(sub.site.id.0),
                questions::lang.eq(sub.lang.code()),
                questions::asker_name.eq(&sub.ask.name),
                questions::asker_email.eq(&sub.ask.email),
                questions::asker_phone.eq(&sub.ask.phone),
                questions::client_addr.eq(&addr),
                questions::client_network.eq(&network),
                questions::field.eq(&sub.ask.field),
                questions::title.eq(&sub.ask.title),
                questions::body.eq(&sub.ask.question),
                questions::publish_consent.eq(sub.ask.consent),
                questions::status.eq(Status::Received.as_str()),
                questions::received_at.eq(now),
                questions::triage_due_at.eq(triage_due),
                questions::due_at.eq(due),
                questions::deadline_days.eq(days as i32),
            ))
            .execute(conn)?;
        let q = find_by_code(conn, &code)?.ok_or(InboxError::NotFound)?;
        if let Some(regulation) = sub.ask.regulation {
            diesel::insert_into(question_regulations::table)
                .values((
                    question_regulations::question_id.eq(q.id.0),
                    question_regulations::regulation_id.eq(regulation.0),
                ))
                .execute(conn)?;
        }
        if let Some(a) = &sub.attachment {
            diesel::insert_into(question_attachments::table)
                .values(Attachment {
                    question_id: q.id,
                    ..a.clone()
                })
                .execute(conn)?;
        }
        record_event(
            conn,
            q.id,
            QuestionEvent::Received,
            "",
            &days.to_string(),
            now,
        )?;
        let lang = sub.lang;
        mail::enqueue(
            conn,
            &Outgoing {
                recipient: q.asker_email.clone(),
                template: "question-received",
                lang,
                context: serde_json::json!({
                    "name": q.asker_name,
                    "code": q.code,
                    "title": q.title,
                    "site": sub.site.name(lang),
                    "due": day_text(q.due_at, lang),
                    "status_url": format!("{}{}?code={}", sub.origin, status_path(lang), q.code),
                }),
            },
            now,
        )?;
        Ok(q)
    })
}

/// Whether an address may send another attachment this hour: the bytes it (and its
/// network) sent, kept or refused, stay under the limits. Checked before anything is
/// written to disk.
pub fn upload_allowed(
    conn: &mut DbConn,
    client: Option<IpAddr>,
    settings: &Settings,
    now: NaiveDateTime,
) -> Result<(), InboxError> {
    let Some(ip) = client else { return Ok(()) };
    let hour_ago = now - chrono::Duration::hours(1);
    let sent = |conn: &mut DbConn, by_network: bool| -> QueryResult<i64> {
        let q = upload_usage::table
            .filter(upload_usage::at.gt(hour_ago))
            .into_boxed();
        let q = if by_network {
            q.filter(upload_usage::client_network.eq(super::network_of(ip)))
        } else {
            q.filter(upload_usage::client_addr.eq(ip.to_string()))
        };
        // A few rows an hour per address: summed here, the same on both backends.
        Ok(q.select(upload_usage::bytes)
            .load::<i64>(conn)?
            .into_iter()
            .fold(0i64, i64::saturating_add))
    };
    let limit = |bytes: u64| i64::try_from(bytes).unwrap_or(i64::MAX);
    if sent(conn, false)? >= limit(settings.upload_bytes_per_address_per_hour) {
        return Err(InboxError::Limited("ask-limit-upload"));
    }
    if sent(conn, true)? >= limit(settings.upload_bytes_per_network_per_hour) {
        return Err(InboxError::Limited("ask-limit-upload"));
    }
    Ok(())
}

/// Counts the attachment bytes an address sent (whatever became of them).
pub fn record_upload(
    conn: &mut DbConn,
    client: Option<IpAddr>,
    bytes: u64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let Some(ip) = client.filter(|_| bytes > 0) else {
        return Ok(());
    };
    diesel::insert_into(upload_usage::table)
        .values((
            upload_usage::client_addr.eq(ip.to_string()),
            upload_usage::client_network.eq(super::network_of(ip)),
            upload_usage::bytes.eq(i64::try_from(bytes).unwrap_or(i64::MAX)),
            upload_usage::at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A regulation citizens may send feedback on (phản ánh, kiến nghị; regulation 004 art.
/// 8.2i): a public document of the legal registry or procedure of the catalogue.
pub fn regulation_summary(
    conn: &mut DbConn,
    id: ContentId,
    now: NaiveDateTime,
) -> QueryResult<Option<crate::content::ContentSummary>> {
    Ok(crate::content::store::find(conn, id)?
        .filter(|i| matches!(i.kind, ContentKind::LegalDocument | ContentKind::Procedure))
        .filter(|i| i.visibility(now) == crate::content::Visibility::Public)
        .map(|i| i.summary()))
}

/// The regulation a question is feedback on, if it is one.
pub fn regulation_of(
    conn: &mut DbConn,
    question: QuestionId,
) -> QueryResult<Option<crate::content::ContentSummary>> {
    let id: Option<i32> = question_regulations::table
        .find(question.0)
        .select(question_regulations::regulation_id)
        .first(conn)
        .optional()?;
    match id {
        Some(id) => Ok(crate::content::store::find(conn, ContentId(id))?.map(|i| i.summary())),
        None => Ok(None),
    }
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

/// Sets a question's field (the board's classification).
pub fn classify(
    conn: &mut DbConn,
    id: QuestionId,
    site: SiteId,
    field: &str,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(), InboxError> {
    if !super::FIELDS.contains(&field) {
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
    let code =
        super::normalise_code(into_code).ok_or_else(|| problem("into", "inbox-error-code"))?;
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
        let lost = super::paused_working_days(calendar, paused, now)?;
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
                super::local_date(q.due_at),
                super::local_date(due)
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
        if new_day <= super::local_date(q.due_at) || !calendar.is_working_day(new_day) {
            return Err(problem("due", "inbox-error-new-date"));
        }
        let due = super::closing_of(calendar, new_day)
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
            &format!("{} → {}: {reason}", super::local_date(q.due_at), new_day),
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

/// The record of an answer's revisions: the question it answers.
#[derive(Debug, Clone, serde::Deserialize, Serialize)]
pub struct AnswerRecord {
    pub question_id: QuestionId,
}

/// What the department writes: the question as it may be published (names, numbers and
/// addresses the citizen wrote removed) and the answer.
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
#[serde(default)]
pub struct AnswerForm {
    pub title: String,
    pub question: String,
    pub answer: String,
}

/// Drafts (or redrafts) the answer to a question in the site's queue: an item of kind
/// `answer` on that site, which then goes through review like any content. A published
/// answer is corrected the same way; publishing the correction e-mails it to the citizen.
pub fn draft_answer(
    conn: &mut DbConn,
    id: QuestionId,
    site: &Site,
    form: &AnswerForm,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(ContentId, RevisionId), InboxError> {
    let q = in_queue(conn, id, site.id)?;
    if !(q.status().is_open() || q.status() == Status::Answered) {
        return Err(InboxError::WrongState("inbox-error-closed"));
    }
    let question = crate::text::nfc(form.question.trim());
    if question.is_empty() {
        return Err(problem("question", "form-required"));
    }
    let record = serde_json::to_string(&AnswerRecord { question_id: q.id })
        .map_err(|_| InboxError::NotFound)?;
    let revision = RevisionForm {
        title: form.title.clone(),
        summary: question.clone(),
        body_markdown: form.answer.clone(),
        author: by.display_name.clone(),
        source: site.name(q.lang()).to_string(),
        record: Some(record),
        ..RevisionForm::default()
    };
    if form.answer.trim().is_empty() {
        return Err(problem("answer", "form-required"));
    }
    conn.write(|conn| {
        let (content, rev) = match q.answer_content_id {
            Some(c) => (c, review::save_draft(conn, c, &revision, by, now)?),
            None => {
                let key = q.code.to_ascii_lowercase();
                let (content, rev) = review::create_item(
                    conn,
                    NewItem {
                        site: site.id,
                        kind: ContentKind::Answer,
                        lang: q.lang(),
                        translation_key: &key,
                    },
                    &revision,
                    by,
                    now,
                )?;
                diesel::update(questions::table.find(q.id))
                    .set(questions::answer_content_id.eq(Some(content.0)))
                    .execute(conn)?;
                (content, rev)
            }
        };
        diesel::update(questions::table.find(q.id))
            .set(questions::edited_body.eq(Some(&question)))
            .execute(conn)?;
        record_event(
            conn,
            q.id,
            QuestionEvent::AnswerDrafted,
            &by.username,
            &rev.0.to_string(),
            now,
        )?;
        Ok((content, rev))
    })
}

/// Checks an answer's record before a revision is saved: it names an open question whose
/// answer this item is (or will be).
pub fn check_answer_record(
    conn: &mut DbConn,
    content: Option<ContentId>,
    record: &AnswerRecord,
) -> Result<(), ReviewError> {
    let bad = || ReviewError::Invalid(vec![FieldError::new("record", "answer-bad-question")]);
    let q = find(conn, record.question_id)?.ok_or_else(bad)?;
    let same = match (content, q.answer_content_id) {
        (Some(c), Some(a)) => c == a,
        (None, None) => true,
        (Some(_), None) => true,
        (None, Some(_)) => false,
    };
    if !same {
        return Err(bad());
    }
    Ok(())
}

/// The record an answer's edit starts from.
pub fn answer_record(conn: &mut DbConn, content: ContentId) -> QueryResult<Option<AnswerRecord>> {
    Ok(find_by_answer(conn, content)?.map(|q| AnswerRecord { question_id: q.id }))
}

/// An answer was published (in the publishing transaction): the question is answered,
/// its history says so, and the citizen is e-mailed the answer. A later revision of the
/// answer (a correction) is e-mailed too, saying it replaces the one sent before; the
/// question keeps the day it was answered.
pub fn answer_published(
    conn: &mut DbConn,
    content: ContentId,
    now: NaiveDateTime,
) -> Result<(), ReviewError> {
    let Some(q) = find_by_answer(conn, content)? else {
        return Ok(());
    };
    let item = crate::content::store::find(conn, content)?.ok_or(ReviewError::NotFound)?;
    let revised = q.status() == Status::Answered;
    let answer = serde_json::json!({
        "answer": item.body_markdown,
        "answer_html": item.body_html,
        "published": q.publish_consent,
        "revised": if revised { "yes" } else { "no" },
    });
    if revised {
        record_event(conn, q.id, QuestionEvent::AnswerRevised, "", "", now)?;
        notify(conn, &q, "question-answered", answer, now)?;
        return Ok(());
    }
    diesel::update(questions::table.find(q.id))
        .set((
            questions::status.eq(Status::Answered.as_str()),
            questions::closed_at.eq(Some(now)),
            questions::paused_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    record_event(conn, q.id, QuestionEvent::Answered, "", "", now)?;
    notify(conn, &q, "question-answered", answer, now)?;
    Ok(())
}

/// Whether an answer item may be public: its question's asker consented.
pub fn is_public_answer(conn: &mut DbConn, content: ContentId) -> QueryResult<bool> {
    Ok(find_by_answer(conn, content)?.is_some_and(|q| q.publish_consent))
}

/// What the reminder job did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reminders {
    pub due_soon: usize,
    pub overdue: usize,
    pub board: usize,
}

/// Reminds departments of questions due soon and overdue, and the province board of those
/// overdue by more than `board_overdue_days` working days; each reminder once.
pub fn send_reminders(
    conn: &mut DbConn,
    sites: &crate::site::hosts::Directory,
    calendars: &Calendars,
    settings: &Settings,
    now: NaiveDateTime,
) -> Result<Reminders, InboxError> {
    let mut done = Reminders::default();
    let open: Vec<Question> = questions::table
        .filter(questions::status.eq_any([Status::Received.as_str(), Status::Forwarded.as_str()]))
        .filter(questions::paused_at.is_null())
        .select(Question::as_select())
        .load(conn)?;
    let province = sites.province();
    for q in open {
        let standing = q.standing(now, calendars, settings);
        let Some(site) = sites.get(q.site()) else {
            continue;
        };
        let context = serde_json::json!({
            "code": q.code,
            "title": q.title,
            "site": site.name(Lang::Vi),
            "due": day_text(q.due_at, Lang::Vi),
        });
        let remind = |conn: &mut DbConn,
                      to: &str,
                      template: &'static str,
                      event: QuestionEvent|
         -> Result<(), InboxError> {
            conn.write(|conn| {
                if !to.is_empty() {
                    mail::enqueue(
                        conn,
                        &Outgoing {
                            recipient: to.to_string(),
                            template,
                            lang: Lang::Vi,
                            context: context.clone(),
                        },
                        now,
                    )?;
                }
                let row = questions::table.find(q.id);
                match event {
                    QuestionEvent::ReminderDueSoon => diesel::update(row)
                        .set(questions::reminded_due_soon.eq(true))
                        .execute(conn)?,
                    QuestionEvent::ReminderOverdue => diesel::update(row)
                        .set(questions::reminded_overdue.eq(true))
                        .execute(conn)?,
                    _ => diesel::update(row)
                        .set(questions::reminded_board.eq(true))
                        .execute(conn)?,
                };
                record_event(conn, q.id, event, "", to, now)?;
                Ok(())
            })
        };
        match standing {
            Standing::DueSoon if !q.reminded_due_soon => {
                remind(
                    conn,
                    &site.email,
                    "reminder-due-soon",
                    QuestionEvent::ReminderDueSoon,
                )?;
                done.due_soon += 1;
            }
            Standing::Overdue => {
                if !q.reminded_overdue {
                    remind(
                        conn,
                        &site.email,
                        "reminder-overdue",
                        QuestionEvent::ReminderOverdue,
                    )?;
                    done.overdue += 1;
                }
                let late_days = q
                    .calendar(calendars)
                    .working_days_between(super::local_date(q.due_at), super::local_date(now))
                    .unwrap_or(0);
                if !q.reminded_board && late_days > i64::from(settings.board_overdue_days) {
                    let to = province.map(|p| p.email.clone()).unwrap_or_default();
                    remind(conn, &to, "reminder-board", QuestionEvent::ReminderBoard)?;
                    done.board += 1;
                }
            }
            _ => {}
        }
    }
    Ok(done)
}

/// Anonymises the personal data of questions closed more than `retention_days` ago, and
/// deletes their attachments (the file too, unless the same bytes serve another
/// attachment or the media library); returns how many. Each question's history records it.
pub fn anonymise_expired(
    conn: &mut DbConn,
    files: &dyn crate::media::files::FileStore,
    settings: &Settings,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    // Client addresses of uploads are needed for an hour's limit, and kept a day at most.
    diesel::delete(
        upload_usage::table.filter(upload_usage::at.lt(now - chrono::Duration::days(1))),
    )
    .execute(conn)?;
    let before = now - chrono::Duration::days(i64::from(settings.retention_days));
    let expired: Vec<QuestionId> = questions::table
        .filter(questions::anonymised_at.is_null())
        .filter(questions::closed_at.lt(before))
        .select(questions::id)
        .load(conn)?;
    for id in &expired {
        conn.write(|conn| {
            diesel::update(questions::table.find(*id))
                .set((
                    questions::asker_name.eq(""),
                    questions::asker_email.eq(""),
                    questions::asker_phone.eq(""),
                    questions::client_addr.eq(""),
                    questions::client_network.eq(""),
                    questions::anonymised_at.eq(Some(now)),
                ))
                .execute(conn)?;
            if let Some(a) = attachment(conn, *id)? {
                diesel::delete(question_attachments::table.find(*id)).execute(conn)?;
                release_file(conn, files, &a.sha256)?;
            }
            record_event(conn, *id, QuestionEvent::Anonymised, "", "", now)
        })?;
    }
    Ok(expired.len())
}

/// A site's office sessions changed (`None`: the installation's hours): the open deadlines
/// are recomputed, each move noted with the site and both sets of hours. Returns how many moved.
pub fn office_hours_changed(
    conn: &mut DbConn,
    settings: &Settings,
    site_name: &str,
    (before, after): (Option<&OfficeHours>, Option<&OfficeHours>),
    by: &str,
    now: NaiveDateTime,
) -> Result<usize, InboxError> {
    if before == after {
        return Ok(0);
    }
    let shown = |h: Option<&OfficeHours>| h.unwrap_or(&settings.office_hours).to_string();
    let reason = format!("{site_name}: {} → {}", shown(before), shown(after));
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
                super::local_date(q.due_at),
                super::local_date(due)
            ),
            now,
        )?;
        moved += 1;
    }
    Ok(moved)
}
