//! Mail: every e-mail is first written to the outbox in the transaction of the event that
//! causes it ([`enqueue`]), then delivered over SMTP by the `mail-delivery` job
//! ([`deliver_due`]), which retries with exponential backoff. A mail server that is down
//! delays mail and never loses it; a citizen's request never waits for it.
//!
//! Messages are rendered when they are sent, from Tera templates of the theme
//! (`mail/NAME.txt` and `mail/NAME.html`) with Fluent strings in the recipient's language;
//! the subject is the Fluent message `mail-NAME-subject`.

use std::sync::Arc;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{Message, SmtpTransport, Transport};

use crate::db::schema::mail_outbox;
use crate::db::DbConn;
use crate::lang::Lang;
use crate::render::Renderer;

pub mod relay;

pub use relay::Relay;

/// What cannot be done with mail.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    #[error("smtp_url {url:?}: {reason}")]
    BadUrl { url: String, reason: &'static str },
    #[error("smtp_ca_file: {0}")]
    Tls(String),
    #[error("mail_from {0:?} is not an e-mail address")]
    BadFrom(String),
}

/// A message to send: to whom, which template, in which language, with what context.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub recipient: String,
    pub template: &'static str,
    pub lang: Lang,
    pub context: serde_json::Value,
}

/// Writes a message to the outbox; call inside the transaction of the event causing it.
pub fn enqueue(conn: &mut DbConn, mail: &Outgoing, now: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(mail_outbox::table)
        .values((
            mail_outbox::recipient.eq(&mail.recipient),
            mail_outbox::template.eq(mail.template),
            mail_outbox::lang.eq(mail.lang.code()),
            mail_outbox::context.eq(mail.context.to_string()),
            mail_outbox::created_at.eq(now),
            mail_outbox::attempts.eq(0),
            mail_outbox::next_attempt_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// One message of the outbox, as administrators and tests see it.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = mail_outbox)]
pub struct Queued {
    pub id: i32,
    pub recipient: String,
    pub template: String,
    pub lang: Lang,
    pub context: String,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

/// Every message of the outbox, oldest first.
pub fn outbox(conn: &mut DbConn) -> QueryResult<Vec<Queued>> {
    mail_outbox::table
        .order(mail_outbox::id.asc())
        .select(Queued::as_select())
        .load(conn)
}

/// What waits in the outbox: how many mails, and how long the oldest has waited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueFigures {
    pub queued: i64,
    pub oldest_age: Option<chrono::Duration>,
}

/// The outbox's figures at `now` (for monitoring).
pub fn queue_figures(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<QueueFigures> {
    let waiting = mail_outbox::table.filter(mail_outbox::sent_at.is_null());
    let queued = waiting.count().get_result(conn)?;
    let oldest: Option<NaiveDateTime> = waiting
        .select(diesel::dsl::min(mail_outbox::created_at))
        .get_result(conn)?;
    Ok(QueueFigures {
        queued,
        oldest_age: oldest.map(|t| now - t),
    })
}

/// The outbox as administrators see it: every message not sent yet (oldest first), then
/// the latest `sent` ones delivered (newest first).
pub fn for_administrators(conn: &mut DbConn, sent: i64) -> QueryResult<(Vec<Queued>, Vec<Queued>)> {
    let waiting = mail_outbox::table
        .filter(mail_outbox::sent_at.is_null())
        .order(mail_outbox::id.asc())
        .select(Queued::as_select())
        .load(conn)?;
    let delivered = mail_outbox::table
        .filter(mail_outbox::sent_at.is_not_null())
        .order(mail_outbox::sent_at.desc())
        .limit(sent)
        .select(Queued::as_select())
        .load(conn)?;
    Ok((waiting, delivered))
}

/// An administrator's "retry now": the waiting message `id` (or every waiting one, for
/// `None`) becomes due at once and so does the delivery job, so the next tick of the job
/// runner (seconds away) tries it instead of the end of its backoff. Recorded in the audit
/// log; returns how many messages were made due (0 when `id` is sent or unknown).
pub fn retry_now(
    conn: &mut DbConn,
    id: Option<i32>,
    by: &crate::account::audit::Entry,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    use crate::account::audit::{self, AuditAction};
    use crate::db::schema::jobs;
    conn.write(|conn| {
        let mut waiting = mail_outbox::table
            .filter(mail_outbox::sent_at.is_null())
            .into_boxed();
        if let Some(id) = id {
            waiting = waiting.filter(mail_outbox::id.eq(id));
        }
        let ids: Vec<i32> = waiting.select(mail_outbox::id).load(conn)?;
        if ids.is_empty() {
            return Ok(0);
        }
        diesel::update(mail_outbox::table.filter(mail_outbox::id.eq_any(&ids)))
            .set(mail_outbox::next_attempt_at.eq(now))
            .execute(conn)?;
        diesel::update(jobs::table.find(DELIVERY_JOB))
            .set(jobs::next_run_at.eq(now))
            .execute(conn)?;
        let summary = match id {
            Some(id) => format!("mail {id}"),
            None => format!("{} mail", ids.len()),
        };
        let object = id.map_or(0, i64::from);
        audit::record(
            conn,
            &by.about("mail", object, None, AuditAction::MailRetry, &summary),
            now,
        )?;
        Ok(ids.len())
    })
}

/// How long to wait after the `attempts`-th failed attempt: 1, 2, 4 … minutes, at most an
/// hour, so a mail server back after an outage gets the mail within the hour.
pub fn backoff(attempts: i32) -> chrono::Duration {
    let exponent = attempts.clamp(1, 7) - 1;
    chrono::Duration::minutes((1i64 << exponent).min(60))
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Renders a message from its template, language and context.
pub fn render(
    renderer: &Renderer,
    template: &str,
    lang: Lang,
    context: &serde_json::Value,
) -> Result<Rendered, String> {
    let mut ctx = tera::Context::from_value(context.clone()).map_err(|e| e.to_string())?;
    ctx.insert("lang", lang.code());
    let part = |ext: &str| {
        renderer
            .render(&format!("mail/{template}.{ext}"), &ctx)
            .map_err(|e| e.to_string())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    };
    let args: Vec<(&str, &serde_json::Value)> = context
        .as_object()
        .map(|o| o.iter().map(|(k, v)| (k.as_str(), v)).collect())
        .unwrap_or_default();
    let subject = renderer
        .messages
        .get_with(lang, &format!("mail-{template}-subject"), &args);
    Ok(Rendered {
        subject,
        text: part("txt")?,
        html: part("html")?,
    })
}

/// Sends mail over SMTP to the relay of `smtp_url` ([`Relay`]): plain to a local or
/// private-network relay, or over TLS with a user name and password.
pub struct Mailer {
    transport: Option<SmtpTransport>,
    from: Mailbox,
    renderer: Arc<Renderer>,
}

impl Mailer {
    /// True when a relay is configured: without one every message waits in the outbox.
    pub fn has_relay(&self) -> bool {
        self.transport.is_some()
    }

    /// A mailer for `smtp_url`, trusting also the certificate authorities of `extra_roots`
    /// (PEM); an empty URL keeps every message in the outbox.
    pub fn new(
        smtp_url: &str,
        extra_roots: Option<&[u8]>,
        from: &str,
        renderer: Arc<Renderer>,
    ) -> Result<Mailer, MailError> {
        let from: Mailbox = from
            .parse()
            .map_err(|_| MailError::BadFrom(from.to_string()))?;
        let transport = match smtp_url.trim() {
            "" => None,
            url => Some(Relay::parse(url)?.transport(extra_roots)?),
        };
        Ok(Mailer {
            transport,
            from,
            renderer,
        })
    }

    fn send(&self, transport: &SmtpTransport, queued: &Queued) -> Result<(), String> {
        let lang = queued.lang;
        let context: serde_json::Value =
            serde_json::from_str(&queued.context).map_err(|e| e.to_string())?;
        let rendered = render(&self.renderer, &queued.template, lang, &context)?;
        let to: Mailbox = queued
            .recipient
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(rendered.subject)
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(rendered.text),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(rendered.html),
                    ),
            )
            .map_err(|e| e.to_string())?;
        transport
            .send(&message)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// What one delivery run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
}

/// Sends every due message of the outbox (run by the job runner, which lets one server at
/// a time do it); a failure is recorded and retried after [`backoff`].
pub fn deliver_due(
    conn: &mut DbConn,
    mailer: &Mailer,
    now: NaiveDateTime,
) -> Result<Delivery, MailError> {
    let mut report = Delivery::default();
    let Some(transport) = &mailer.transport else {
        return Ok(report);
    };
    let due: Vec<Queued> = mail_outbox::table
        .filter(mail_outbox::sent_at.is_null())
        .filter(mail_outbox::next_attempt_at.le(now))
        .order(mail_outbox::id.asc())
        .limit(100)
        .select(Queued::as_select())
        .load(conn)?;
    for queued in due {
        let attempts = queued.attempts + 1;
        let row = mail_outbox::table
            .filter(mail_outbox::id.eq(queued.id))
            .filter(mail_outbox::sent_at.is_null());
        match mailer.send(transport, &queued) {
            Ok(()) => {
                diesel::update(row)
                    .set((
                        mail_outbox::attempts.eq(attempts),
                        mail_outbox::sent_at.eq(Some(now)),
                        mail_outbox::last_error.eq(None::<String>),
                    ))
                    .execute(conn)?;
                report.sent += 1;
            }
            Err(error) => {
                tracing::warn!(mail = queued.id, attempts, %error, "mail not delivered yet");
                diesel::update(row)
                    .set((
                        mail_outbox::attempts.eq(attempts),
                        mail_outbox::next_attempt_at.eq(now + backoff(attempts)),
                        mail_outbox::last_error.eq(Some(error)),
                    ))
                    .execute(conn)?;
                report.failed += 1;
            }
        }
    }
    Ok(report)
}

/// The name of the job that delivers the outbox.
pub const DELIVERY_JOB: &str = "mail-delivery";

/// The job that delivers the outbox, every minute.
pub fn delivery_job(mailer: Arc<Mailer>) -> crate::jobs::ScheduledJob {
    crate::jobs::ScheduledJob {
        name: DELIVERY_JOB,
        every: chrono::Duration::minutes(1),
        run: Box::new(move |conn, now| {
            let done = deliver_due(conn, &mailer, now.naive_utc()).map_err(|e| e.to_string())?;
            Ok(crate::render::note::Note::new("job-report-mail-delivery")
                .arg("sent", done.sent)
                .arg("failed", done.failed)
                .into())
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let minutes: Vec<i64> = (1..=9).map(|n| backoff(n).num_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }
}
