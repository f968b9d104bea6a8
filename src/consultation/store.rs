//! Consultations in the database: the published record (written when a revision is
//! published, with the report and its mails), comments (rate-limited, stored with their
//! acknowledgement mail in one transaction), moderation, the closing job and the
//! retention of commenters' e-mail addresses.

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
use crate::changelog::{self, Entity};
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

type Row = (
    i32,
    i32,
    String,
    String,
    String,
    String,
    String,
    NaiveDateTime,
    String,
    Option<NaiveDateTime>,
);

fn select_row() -> (
    consultations::content_id,
    content_items::site_id,
    content_items::lang,
    content_items::slug,
    content_items::title,
    content_items::summary,
    content_items::state,
    content_items::published_at,
    consultations::record,
    consultations::report_published_at,
) {
    (
        consultations::content_id,
        content_items::site_id,
        content_items::lang,
        content_items::slug,
        content_items::title,
        content_items::summary,
        content_items::state,
        content_items::published_at,
        consultations::record,
        consultations::report_published_at,
    )
}

fn from_row(conn: &mut DbConn, row: Row) -> QueryResult<Option<Consultation>> {
    let (id, site, lang, slug, title, summary, state, published_at, record, report) = row;
    let (Ok(record), Some(lang), Some(state)) = (
        serde_json::from_str::<ConsultationRecord>(&record),
        Lang::from_code(&lang),
        ContentState::parse(&state),
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
        slug,
        title,
        summary,
        state,
        published_at,
        record,
        report_published_at: report,
        sites,
    }))
}

/// A consultation whose record was published, whatever the item's state now.
pub fn find(conn: &mut DbConn, id: ContentId) -> QueryResult<Option<Consultation>> {
    let row: Option<Row> = consultations::table
        .inner_join(content_items::table.on(content_items::id.eq(consultations::content_id)))
        .filter(consultations::content_id.eq(id.0))
        .select(select_row())
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
        .select(select_row())
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
        changelog::record(
            conn,
            Entity::Content,
            i64::from(doc),
            Some(site),
            "updated",
            now,
        )?;
    }
    Ok(changelog::record(
        conn,
        Entity::Content,
        i64::from(content.0),
        Some(site),
        "updated",
        now,
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

/// A comment as stored.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = consultation_comments)]
pub struct Comment {
    pub id: CommentId,
    pub consultation_id: i32,
    pub lang: Lang,
    pub article: String,
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub body: String,
    pub consent: bool,
    pub received_at: NaiveDateTime,
    pub moderation: Moderation,
    pub reject_reason: Option<RejectReason>,
    pub moderated_by: Option<String>,
    pub moderated_at: Option<NaiveDateTime>,
    pub attachment_sha256: Option<String>,
    pub attachment_name: Option<String>,
    pub attachment_type: Option<String>,
    pub attachment_size: Option<i64>,
    pub anonymised_at: Option<NaiveDateTime>,
}

/// Every comment of a consultation, oldest first.
pub fn comments(conn: &mut DbConn, content: ContentId) -> QueryResult<Vec<Comment>> {
    consultation_comments::table
        .filter(consultation_comments::consultation_id.eq(content.0))
        .order(consultation_comments::id.asc())
        .select(Comment::as_select())
        .load(conn)
}

/// One comment.
pub fn comment(conn: &mut DbConn, id: CommentId) -> QueryResult<Option<Comment>> {
    consultation_comments::table
        .find(id)
        .select(Comment::as_select())
        .first(conn)
        .optional()
}

/// A file a commenter attached, already in the file store under its hash.
#[derive(Debug, Clone)]
pub struct CommentFile {
    pub sha256: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

/// What a citizen sends, checked, with where and from whom it came.
pub struct CommentSubmission {
    pub consultation: ContentId,
    pub lang: Lang,
    pub comment: NewComment,
    pub client: Option<IpAddr>,
    /// `http://skhcn.example.vn`: the links mailed to the commenter.
    pub origin: String,
    pub file: Option<CommentFile>,
}

/// The hourly limits of comments (the Q&A form's).
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub per_address_per_hour: u32,
    pub per_network_per_hour: u32,
}

/// Stores a comment and its acknowledgement mail in one transaction, after checking that
/// the consultation is open at `now` and the hourly limits: nothing is stored otherwise.
pub fn submit_comment(
    conn: &mut DbConn,
    sub: CommentSubmission,
    limits: Limits,
    now: NaiveDateTime,
) -> Result<Comment, ConsultationError> {
    let (addr, network) = match sub.client {
        Some(ip) => (ip.to_string(), crate::inbox::network_of(ip)),
        None => (String::new(), String::new()),
    };
    let hour_ago = now - chrono::Duration::hours(1);
    conn.write(|conn| {
        let c = find(conn, sub.consultation)?
            .filter(|c| c.state == ContentState::Published && c.published_at <= now)
            .ok_or(ConsultationError::NotFound)?;
        match c.phase(now) {
            Phase::Open => {}
            other => return Err(ConsultationError::NotOpen(other)),
        }
        if !addr.is_empty() {
            // Count, then insert: serialised per network (see the Q&A form's limits).
            conn.lock(&format!("consultation-limit:{network}"))?;
            let recent = |conn: &mut DbConn, by_network: bool| -> QueryResult<i64> {
                let q = consultation_comments::table
                    .filter(consultation_comments::received_at.gt(hour_ago))
                    .into_boxed();
                let q = if by_network {
                    q.filter(consultation_comments::client_network.eq(&network))
                } else {
                    q.filter(consultation_comments::client_addr.eq(&addr))
                };
                q.count().get_result(conn)
            };
            if recent(conn, false)? >= i64::from(limits.per_address_per_hour) {
                return Err(ConsultationError::Limited("ask-limit-address"));
            }
            if recent(conn, true)? >= i64::from(limits.per_network_per_hour) {
                return Err(ConsultationError::Limited("ask-limit-network"));
            }
        }
        let n = &sub.comment;
        let from = Received {
            addr: &addr,
            network: &network,
            origin: &sub.origin,
            at: now,
        };
        let id = insert_comment(conn, c.id, sub.lang, n, sub.file.as_ref(), &from)?;
        mail::enqueue(
            conn,
            &Outgoing {
                recipient: n.email.clone(),
                template: "consultation-comment-received",
                lang: sub.lang,
                context: serde_json::json!({
                    "name": n.name,
                    "title": c.title,
                    "closes": crate::clock::display_moment(c.record.closes_at, sub.lang),
                    "url": format!("{}{}", sub.origin, item_path(c.lang, c.id, &c.slug)),
                }),
            },
            now,
        )?;
        comment(conn, id)?.ok_or(ConsultationError::NotFound)
    })
}

/// Where and when a comment came from.
pub struct Received<'a> {
    pub addr: &'a str,
    pub network: &'a str,
    pub origin: &'a str,
    pub at: NaiveDateTime,
}

/// Inserts a comment waiting for moderation (the caller checked the phase and limits).
pub fn insert_comment(
    conn: &mut DbConn,
    consultation: ContentId,
    lang: Lang,
    n: &NewComment,
    file: Option<&CommentFile>,
    from: &Received,
) -> QueryResult<CommentId> {
    diesel::insert_into(consultation_comments::table)
        .values((
            consultation_comments::consultation_id.eq(consultation.0),
            consultation_comments::lang.eq(lang.code()),
            consultation_comments::article.eq(&n.article),
            consultation_comments::name.eq(&n.name),
            consultation_comments::email.eq(&n.email),
            consultation_comments::organisation.eq(&n.organisation),
            consultation_comments::body.eq(&n.body),
            consultation_comments::consent.eq(n.consent),
            consultation_comments::client_addr.eq(from.addr),
            consultation_comments::client_network.eq(from.network),
            consultation_comments::origin.eq(from.origin),
            consultation_comments::received_at.eq(from.at),
            consultation_comments::moderation.eq(Moderation::Pending),
            consultation_comments::attachment_sha256.eq(file.map(|f| f.sha256.clone())),
            consultation_comments::attachment_name.eq(file.map(|f| f.file_name.clone())),
            consultation_comments::attachment_type.eq(file.map(|f| f.content_type.clone())),
            consultation_comments::attachment_size.eq(file.map(|f| f.size)),
        ))
        .execute(conn)?;
    consultation_comments::table
        .filter(consultation_comments::consultation_id.eq(consultation.0))
        .order(consultation_comments::id.desc())
        .select(consultation_comments::id)
        .first(conn)
}

/// A moderator's decision on a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Reject(RejectReason),
}

/// Approves or rejects a comment (again, if a moderator changes their mind), by someone
/// who reviews on the consultation's site; recorded in the audit log.
pub fn moderate(
    conn: &mut DbConn,
    id: CommentId,
    decision: Decision,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<Comment, ConsultationError> {
    conn.write(|conn| {
        let before = comment(conn, id)?.ok_or(ConsultationError::NotFound)?;
        let c =
            find(conn, ContentId(before.consultation_id))?.ok_or(ConsultationError::NotFound)?;
        if !by.can(Capability::Review, c.site_id) {
            return Err(ConsultationError::Forbidden);
        }
        let (action, reason) = match decision {
            Decision::Approve => (AuditAction::CommentApprove, None),
            Decision::Reject(r) => (AuditAction::CommentReject, Some(r)),
        };
        set_moderation(conn, id, decision, &by.username, now)?;
        audit::record(
            conn,
            &Entry::by(by, Via::Web).about(
                "consultation_comment",
                i64::from(id.0),
                Some(c.site_id),
                action,
                reason.map_or("", |r| r.as_str()),
            ),
            now,
        )?;
        // The consultation's page shows its published comments.
        changelog::record(
            conn,
            Entity::Content,
            i64::from(c.id.0),
            Some(c.site_id),
            "updated",
            now,
        )?;
        comment(conn, id)?.ok_or(ConsultationError::NotFound)
    })
}

/// Writes a moderation decision (the caller checked who decides, and records it).
pub fn set_moderation(
    conn: &mut DbConn,
    id: CommentId,
    decision: Decision,
    by: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let (moderation, reason) = match decision {
        Decision::Approve => (Moderation::Approved, None),
        Decision::Reject(r) => (Moderation::Rejected, Some(r)),
    };
    diesel::update(consultation_comments::table.find(id))
        .set((
            consultation_comments::moderation.eq(moderation),
            consultation_comments::reject_reason.eq(reason),
            consultation_comments::moderated_by.eq(Some(by)),
            consultation_comments::moderated_at.eq(Some(now)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Comments waiting for moderation, per site of the consultation.
pub fn pending_per_site(conn: &mut DbConn) -> QueryResult<Vec<(SiteId, i64)>> {
    let rows: Vec<i32> = consultation_comments::table
        .inner_join(
            consultations::table
                .on(consultations::content_id.eq(consultation_comments::consultation_id)),
        )
        .filter(consultation_comments::moderation.eq(Moderation::Pending))
        .select(consultations::site_id)
        .load(conn)?;
    let mut counts: std::collections::BTreeMap<i32, i64> = std::collections::BTreeMap::new();
    for site in rows {
        *counts.entry(site).or_default() += 1;
    }
    Ok(counts.into_iter().map(|(s, n)| (SiteId(s), n)).collect())
}

/// The consultation a legal document was issued after, if any.
pub fn issued_after(conn: &mut DbConn, document: ContentId) -> QueryResult<Option<Consultation>> {
    let id: Option<i32> = consultations::table
        .filter(consultations::final_document_id.eq(document.0))
        .select(consultations::content_id)
        .first(conn)
        .optional()?;
    match id {
        Some(id) => find(conn, ContentId(id)),
        None => Ok(None),
    }
}

/// The closing job: notes each consultation whose closing moment passed (its pages, which
/// check the clock on every request, are dropped from the caches through the change log).
/// Returns how many closed.
pub fn note_closed(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let due: Vec<(i32, i32)> = consultations::table
        .filter(consultations::closed_noted_at.is_null())
        .filter(consultations::closes_at.le(now))
        .select((consultations::content_id, consultations::site_id))
        .load(conn)?;
    for (id, site) in &due {
        conn.write(|conn| {
            diesel::update(consultations::table.find(*id))
                .set(consultations::closed_noted_at.eq(Some(now)))
                .execute(conn)?;
            changelog::record(
                conn,
                Entity::Content,
                i64::from(*id),
                Some(SiteId(*site)),
                "updated",
                now,
            )
        })?;
    }
    Ok(due.len())
}

/// Anonymises the commenters' e-mail addresses (and client addresses) of consultations
/// closed more than `retention_days` ago; returns how many comments.
pub fn anonymise_expired(
    conn: &mut DbConn,
    settings: &Settings,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let before = now - chrono::Duration::days(i64::from(settings.retention_days));
    let closed: Vec<i32> = consultations::table
        .filter(consultations::closes_at.lt(before))
        .select(consultations::content_id)
        .load(conn)?;
    if closed.is_empty() {
        return Ok(0);
    }
    conn.write(|conn| {
        diesel::update(
            consultation_comments::table
                .filter(consultation_comments::consultation_id.eq_any(&closed))
                .filter(consultation_comments::anonymised_at.is_null()),
        )
        .set((
            consultation_comments::email.eq(""),
            consultation_comments::client_addr.eq(""),
            consultation_comments::client_network.eq(""),
            consultation_comments::anonymised_at.eq(Some(now)),
        ))
        .execute(conn)
    })
}

/// A file of a consultation as its page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ListedFile {
    pub role: super::FileRole,
    pub label: String,
    pub media_id: i32,
    pub name: String,
    pub stored_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
}

/// A content item another one links to (the final document, the consultation it followed).
#[derive(Debug, Clone, Serialize)]
pub struct Linked {
    pub id: ContentId,
    pub site_id: SiteId,
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub kind: ContentKind,
}

/// Everything a consultation's page shows: the consultation, its comments (the view
/// decides what is public), its files and the document issued after it (if public).
pub struct PageData {
    pub consultation: Consultation,
    pub comments: Vec<Comment>,
    pub files: Vec<ListedFile>,
    pub final_document: Option<Linked>,
}

/// Reads a consultation's page data.
pub fn page_data(
    conn: &mut DbConn,
    id: ContentId,
    now: NaiveDateTime,
) -> QueryResult<Option<PageData>> {
    let Some(consultation) = find(conn, id)? else {
        return Ok(None);
    };
    let mut files = Vec::new();
    for f in &consultation.record.files {
        if let Some(m) = crate::media::library::find(conn, crate::media::MediaId(f.media_id))? {
            files.push(ListedFile {
                role: f.role,
                label: f.label.clone(),
                media_id: m.id,
                name: m.original_name,
                stored_name: m.stored_name,
                content_type: m.content_type,
                size: m.size,
                sha256: m.served_sha256,
            });
        }
    }
    let final_document = match consultation.record.final_document {
        Some(doc) => linked_if_public(conn, ContentId(doc), now)?,
        None => None,
    };
    let comments = comments(conn, id)?;
    Ok(Some(PageData {
        consultation,
        comments,
        files,
        final_document,
    }))
}

/// A public item's link data.
fn linked_if_public(
    conn: &mut DbConn,
    id: ContentId,
    now: NaiveDateTime,
) -> QueryResult<Option<Linked>> {
    Ok(crate::content::store::find(conn, id)?
        .filter(|i| i.visibility(now) == crate::content::Visibility::Public)
        .map(|i| Linked {
            id: i.id,
            site_id: i.site_id,
            lang: i.lang,
            slug: i.slug,
            title: i.title,
            kind: i.kind,
        }))
}

/// The public consultation a legal document was issued after ("ban hành sau lấy ý kiến").
pub fn consulted_before(
    conn: &mut DbConn,
    document: ContentId,
    now: NaiveDateTime,
) -> QueryResult<Option<Linked>> {
    match issued_after(conn, document)? {
        Some(c) => linked_if_public(conn, c.id, now),
        None => Ok(None),
    }
}

/// Published comments per consultation.
pub fn published_counts(conn: &mut DbConn) -> QueryResult<std::collections::HashMap<i32, i64>> {
    let rows: Vec<i32> = consultation_comments::table
        .filter(consultation_comments::moderation.eq(Moderation::Approved))
        .select(consultation_comments::consultation_id)
        .load(conn)?;
    let mut counts = std::collections::HashMap::new();
    for id in rows {
        *counts.entry(id).or_insert(0) += 1;
    }
    Ok(counts)
}

/// A site's consultations for its board: each with its comments waiting and received.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub consultation: Consultation,
    pub pending: usize,
    pub received: usize,
}

/// The consultations published by a site, newest opening first, with their counts.
pub fn site_overview(conn: &mut DbConn, site: SiteId) -> QueryResult<Vec<Overview>> {
    let ids: Vec<i32> = consultations::table
        .filter(consultations::site_id.eq(site.0))
        .order(consultations::opens_at.desc())
        .select(consultations::content_id)
        .load(conn)?;
    let mut out = Vec::new();
    for id in ids {
        let Some(consultation) = find(conn, ContentId(id))? else {
            continue;
        };
        let states = moderation_states(conn, ContentId(id))?;
        out.push(Overview {
            consultation,
            pending: states
                .iter()
                .filter(|(_, m, _)| *m == Moderation::Pending)
                .count(),
            received: states.len(),
        });
    }
    Ok(out)
}

/// The moderation queue of a site: comments waiting, oldest first, with the title of the
/// consultation each is on.
pub fn pending_comments(conn: &mut DbConn, site: SiteId) -> QueryResult<Vec<(Comment, String)>> {
    let rows: Vec<(Comment, String)> = consultation_comments::table
        .inner_join(
            consultations::table
                .on(consultations::content_id.eq(consultation_comments::consultation_id)),
        )
        .inner_join(content_items::table.on(content_items::id.eq(consultations::content_id)))
        .filter(consultations::site_id.eq(site.0))
        .filter(consultation_comments::moderation.eq(Moderation::Pending))
        .order(consultation_comments::id.asc())
        .select((Comment::as_select(), content_items::title))
        .load(conn)?;
    Ok(rows)
}

/// Every comment of a consultation as CSV (formula-safe cells). Names, e-mail addresses,
/// organisations and client addresses only for someone who moderates on its site (the
/// board), and such an export is recorded in the audit log.
pub fn comments_csv(
    conn: &mut DbConn,
    id: ContentId,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<Vec<u8>, ConsultationError> {
    let c = find(conn, id)?.ok_or(ConsultationError::NotFound)?;
    if !by.can(Capability::View, c.site_id) {
        return Err(ConsultationError::Forbidden);
    }
    let personal = by.can(Capability::Review, c.site_id);
    let mut answered: std::collections::HashMap<CommentId, (&str, &str)> =
        std::collections::HashMap::new();
    for a in &c.record.answers {
        for comment in &a.comments {
            answered.insert(*comment, (a.verdict.as_str(), a.explanation.as_str()));
        }
    }
    let mut header = vec![
        "id",
        "received_at_utc",
        "article",
        "comment",
        "moderation",
        "reject_reason",
        "verdict",
        "explanation",
        "consent",
    ];
    if personal {
        header.extend(["name", "email", "organisation"]);
    }
    let mut table = crate::render::csv::CsvTable::new(&header);
    for x in comments(conn, id)? {
        let (verdict, explanation) = answered.get(&x.id).copied().unwrap_or(("", ""));
        let mut row = vec![
            x.id.0.to_string(),
            x.received_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            x.article.clone(),
            x.body.clone(),
            x.moderation.as_str().to_string(),
            x.reject_reason
                .map(|r| r.as_str().to_string())
                .unwrap_or_default(),
            verdict.to_string(),
            explanation.to_string(),
            x.consent.to_string(),
        ];
        if personal {
            row.extend([x.name.clone(), x.email.clone(), x.organisation.clone()]);
        }
        table.row(row);
    }
    if personal {
        conn.write(|conn| {
            audit::record(
                conn,
                &Entry::by(by, Via::Web).about(
                    "content",
                    i64::from(id.0),
                    Some(c.site_id),
                    AuditAction::CommentsExport,
                    &c.title,
                ),
                now,
            )
        })?;
    }
    Ok(table.into_bytes())
}
