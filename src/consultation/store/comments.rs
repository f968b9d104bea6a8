//! Comments on a consultation (góp ý): submitted by citizens (rate-limited, stored with
//! their acknowledgement mail in one transaction), received from other channels, and
//! moderated by the board.

use super::*;

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
        crate::content::store::note_change(conn, c.id, c.site_id, "updated", now)?;
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

/// Receives a comment from the public form: [`submit_comment`]; the attachment of a refused
/// comment is released from the file store (unless the same bytes serve something else).
pub fn receive_comment(
    conn: &mut DbConn,
    files: &dyn crate::media::files::FileStore,
    sub: CommentSubmission,
    limits: Limits,
    now: NaiveDateTime,
) -> Result<Comment, ConsultationError> {
    let kept = sub.file.as_ref().map(|f| f.sha256.clone());
    let result = submit_comment(conn, sub, limits, now);
    if let (Err(_), Some(sha256)) = (&result, kept) {
        crate::inbox::store::release_file(conn, files, &sha256)?;
    }
    result
}
