//! Consultations in the database: the published record (written when a revision is
//! published, with the report and its mails), comments (rate-limited, stored with their
//! acknowledgement mail in one transaction), moderation, the closing job and the
//! retention of commenters' e-mail addresses.

mod comments;
mod jobs;
mod pages;

pub use comments::*;
pub use jobs::*;
pub use pages::*;

use std::net::IpAddr;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::{
    check_report, phase, CommentId, ConsultationRecord, Moderation, NewComment, Phase,
    RejectReason, Settings,
};
use crate::account::audit::{self, AuditAction, Entry, Via};
use crate::account::{Actor, Capability};
use crate::content::{ContentId, ContentKind, ContentState};
use crate::db::schema::{consultation_comments, consultation_sites, consultations, content_items};
use crate::db::DbConn;
use crate::field::FieldError;
use crate::lang::Lang;
use crate::mail::{self, Outgoing};
use crate::record::RecordError;
use crate::site::SiteId;

/// Why an action on a consultation or a comment did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ConsultationError {
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
    #[error("the form has errors")]
    Invalid(Vec<FieldError>),
    /// A limit was hit; the message id says which.
    #[error("too many comments ({0})")]
    Limited(&'static str),
    #[error("no such consultation or comment")]
    NotFound,
    /// Comments are taken only while it is open: nothing was stored.
    #[error("the consultation is {0}")]
    NotOpen(Phase),
    #[error("not allowed")]
    Forbidden,
}

/// A published consultation as lists and pages read it.
#[derive(Debug, Clone, Serialize)]
pub struct Consultation {
    pub id: ContentId,
    pub site_id: SiteId,
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub state: ContentState,
    pub published_at: NaiveDateTime,
    pub record: ConsultationRecord,
    pub report_published_at: Option<NaiveDateTime>,
    /// Every site it appears on, its own first.
    pub sites: Vec<SiteId>,
}

impl Consultation {
    pub fn phase(&self, now: NaiveDateTime) -> Phase {
        phase(self.record.opens_at, self.record.closes_at, now)
    }
}

/// A consultation with the columns of its item that [`Consultation`] carries.
#[derive(Queryable, Selectable)]
#[diesel(table_name = consultations)]
struct Row {
    content_id: i32,
    #[diesel(select_expression = content_items::site_id)]
    site_id: i32,
    #[diesel(select_expression = content_items::lang)]
    lang: String,
    #[diesel(select_expression = content_items::slug)]
    slug: String,
    #[diesel(select_expression = content_items::title)]
    title: String,
    #[diesel(select_expression = content_items::summary)]
    summary: String,
    #[diesel(select_expression = content_items::state)]
    state: String,
    #[diesel(select_expression = content_items::published_at)]
    published_at: NaiveDateTime,
    record: String,
    report_published_at: Option<NaiveDateTime>,
}

fn from_row(conn: &mut DbConn, row: Row) -> QueryResult<Option<Consultation>> {
    let (id, site) = (row.content_id, row.site_id);
    let (Ok(record), Some(lang), Some(state)) = (
        serde_json::from_str::<ConsultationRecord>(&row.record),
        Lang::from_code(&row.lang),
        ContentState::parse(&row.state),
    ) else {
        tracing::warn!(id, "a consultation's stored record is unreadable");
        return Ok(None);
    };
    let mut sites = vec![SiteId(site)];
    sites.extend(
        consultation_sites::table
            .filter(consultation_sites::content_id.eq(id))
            .filter(consultation_sites::site_id.ne(site))
            .select(consultation_sites::site_id)
            .load::<i32>(conn)?
            .into_iter()
            .map(SiteId),
    );
    Ok(Some(Consultation {
        id: ContentId(id),
        site_id: SiteId(site),
        lang,
        slug: row.slug,
        title: row.title,
        summary: row.summary,
        state,
        published_at: row.published_at,
        record,
        report_published_at: row.report_published_at,
        sites,
    }))
}

/// A consultation whose record was published, whatever the item's state now.
pub fn find(conn: &mut DbConn, id: ContentId) -> QueryResult<Option<Consultation>> {
    let row: Option<Row> = consultations::table
        .inner_join(content_items::table.on(content_items::id.eq(consultations::content_id)))
        .filter(consultations::content_id.eq(id.0))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    match row {
        Some(row) => from_row(conn, row),
        None => Ok(None),
    }
}

/// The public consultations of a language shown on `sites` (every site: `None`), newest
/// opening first; the caller orders by phase.
pub fn list(
    conn: &mut DbConn,
    lang: Lang,
    sites: Option<&[SiteId]>,
    now: NaiveDateTime,
) -> QueryResult<Vec<Consultation>> {
    let mut q = consultations::table
        .inner_join(content_items::table.on(content_items::id.eq(consultations::content_id)))
        .filter(content_items::lang.eq(lang.code()))
        .filter(content_items::state.eq_any([
            ContentState::Published.as_str(),
            ContentState::Withdrawn.as_str(),
        ]))
        .filter(content_items::published_at.le(now))
        .into_boxed();
    if let Some(sites) = sites {
        let ids: Vec<i32> = sites.iter().map(|s| s.0).collect();
        let also: Vec<i32> = consultation_sites::table
            .filter(consultation_sites::site_id.eq_any(&ids))
            .select(consultation_sites::content_id)
            .load(conn)?;
        q = q.filter(
            content_items::site_id
                .eq_any(ids)
                .or(consultations::content_id.eq_any(also)),
        );
    }
    let rows: Vec<Row> = q
        .order(consultations::opens_at.desc())
        .select(Row::as_select())
        .load(conn)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.extend(from_row(conn, row)?);
    }
    Ok(out)
}

/// The record of a consultation as published.
pub fn record(conn: &mut DbConn, content: ContentId) -> QueryResult<Option<ConsultationRecord>> {
    let json: Option<String> = consultations::table
        .find(content.0)
        .select(consultations::record)
        .first(conn)
        .optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// The comments' ids and moderation states of a consultation.
fn moderation_states(
    conn: &mut DbConn,
    content: ContentId,
) -> QueryResult<Vec<(CommentId, Moderation, Option<RejectReason>)>> {
    consultation_comments::table
        .filter(consultation_comments::consultation_id.eq(content.0))
        .order(consultation_comments::id.asc())
        .select((
            consultation_comments::id,
            consultation_comments::moderation,
            consultation_comments::reject_reason,
        ))
        .load::<(CommentId, Moderation, Option<RejectReason>)>(conn)
}

/// Checks a record before a revision holding it is saved: valid on its own, its answers
/// naming approved comments of this consultation, its files in the media library, and its
/// final document in the legal registry.
pub fn check(
    conn: &mut DbConn,
    content: Option<ContentId>,
    record: &ConsultationRecord,
) -> Result<(), RecordError> {
    let record = record.clone().normalised();
    let mut problems = record.problems();
    let comments = match content {
        Some(c) => moderation_states(conn, c)?,
        None => Vec::new(),
    };
    let states: Vec<(CommentId, Moderation)> = comments.iter().map(|(c, m, _)| (*c, *m)).collect();
    // Whether the report may be published is decided at publication (it needs the clock).
    if let Err(refusal) = check_report(Phase::Open, &states, &record.answers, false) {
        problems.push(FieldError::new("answers", refusal.message_id()));
    }
    for f in &record.files {
        if crate::media::library::find(conn, crate::media::MediaId(f.media_id))?.is_none() {
            problems.push(FieldError::new("files", "consultation-error-file"));
        }
    }
    if let Some(doc) = record.final_document {
        let kind: Option<String> = content_items::table
            .find(doc)
            .select(content_items::kind)
            .first(conn)
            .optional()?;
        if kind.as_deref() != Some(ContentKind::LegalDocument.as_str()) {
            problems.push(FieldError::new(
                "final_document",
                "consultation-error-final-document",
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(RecordError::Invalid(problems))
    }
}

/// Writes a published revision's record, in the publishing transaction. The revision that
/// first publishes the report is refused before closing or with a comment unanswered; once
/// it is published everyone who consented is mailed its link.
pub fn write(
    conn: &mut DbConn,
    content: ContentId,
    site: SiteId,
    record: &ConsultationRecord,
    now: NaiveDateTime,
) -> Result<(), RecordError> {
    let record = record.clone().normalised();
    let before: Option<Option<NaiveDateTime>> = consultations::table
        .find(content.0)
        .select(consultations::report_published_at)
        .first(conn)
        .optional()?;
    let already = before.flatten();
    let report_at = match (record.report_published, already) {
        (false, _) => None,
        (true, Some(at)) => Some(at),
        (true, None) => {
            let states: Vec<(CommentId, Moderation)> = moderation_states(conn, content)?
                .into_iter()
                .map(|(c, m, _)| (c, m))
                .collect();
            let now_phase = phase(record.opens_at, record.closes_at, now);
            check_report(now_phase, &states, &record.answers, true)
                .map_err(|r| RecordError::invalid("report_published", r.message_id()))?;
            Some(now)
        }
    };
    diesel::delete(consultations::table.find(content.0)).execute(conn)?;
    diesel::insert_into(consultations::table)
        .values((
            consultations::content_id.eq(content.0),
            consultations::site_id.eq(site.0),
            consultations::draft_type.eq(record.draft_type.as_str()),
            consultations::opens_at.eq(record.opens_at),
            consultations::closes_at.eq(record.closes_at),
            consultations::record.eq(serde_json::to_string(&record).unwrap_or_default()),
            consultations::report_published_at.eq(report_at),
            consultations::final_document_id.eq(record.final_document),
        ))
        .execute(conn)?;
    diesel::delete(consultation_sites::table.filter(consultation_sites::content_id.eq(content.0)))
        .execute(conn)?;
    for other in record.also_on.iter().filter(|s| **s != site.0) {
        diesel::insert_into(consultation_sites::table)
            .values((
                consultation_sites::content_id.eq(content.0),
                consultation_sites::site_id.eq(*other),
            ))
            .execute(conn)?;
    }
    for f in &record.files {
        crate::media::library::keep_referenced(conn, f.media_id, content)?;
    }
    if report_at.is_some() && already.is_none() {
        mail_report(conn, content, now)?;
    }
    // The final document's page shows the link back: its cache entry changes too.
    if let Some(doc) = record.final_document {
        crate::content::store::note_change(conn, ContentId(doc), site, "updated", now)?;
    }
    Ok(crate::content::store::note_change(
        conn, content, site, "updated", now,
    )?)
}

/// Mails the report's link to every commenter who consented (once per address).
fn mail_report(conn: &mut DbConn, content: ContentId, now: NaiveDateTime) -> QueryResult<()> {
    let Some(c) = find(conn, content)? else {
        return Ok(());
    };
    let path = report_path(c.lang, content, &c.slug);
    let recipients: Vec<(String, String, String)> = consultation_comments::table
        .filter(consultation_comments::consultation_id.eq(content.0))
        .filter(consultation_comments::consent.eq(true))
        .filter(consultation_comments::anonymised_at.is_null())
        .select((
            consultation_comments::email,
            consultation_comments::name,
            consultation_comments::origin,
        ))
        .load(conn)?;
    let mut sent = std::collections::BTreeSet::new();
    for (email, name, origin) in recipients {
        // A comment without the address it came through (the demo's) has no link to mail.
        if email.is_empty() || origin.is_empty() || !sent.insert(email.to_ascii_lowercase()) {
            continue;
        }
        mail::enqueue(
            conn,
            &Outgoing {
                recipient: email,
                template: "consultation-report",
                lang: c.lang,
                context: serde_json::json!({
                    "name": name,
                    "title": c.title,
                    "report_url": format!("{origin}{path}"),
                }),
            },
            now,
        )?;
    }
    Ok(())
}

/// The public list of consultations (`/lay-y-kien`, `/en/consultations`).
pub fn section_path(lang: Lang) -> &'static str {
    crate::urls::Section::Consultations.path(lang)
}

/// A consultation's page.
pub fn item_path(lang: Lang, id: ContentId, slug: &str) -> String {
    crate::urls::item_path(ContentKind::Consultation, lang, id, slug)
}

/// Its printable report.
pub fn report_path(lang: Lang, id: ContentId, slug: &str) -> String {
    format!("{}?print=1", item_path(lang, id, slug))
}

/// Its comment address (the id alone).
pub fn comment_path(lang: Lang, id: ContentId) -> String {
    format!(
        "{}/{}/{}",
        section_path(lang),
        id.0,
        lang.pick("gop-y", "comment")
    )
}
