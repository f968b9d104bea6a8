//! The boards' queues, restoring an old revision, the change notes of an item, and the
//! province portal's choice of what it shows from the department sites.

use super::*;

/// A line of an admin queue (fields in the order [`queue`] selects them).
#[derive(Debug, Clone, Serialize, Queryable)]
pub struct QueueEntry {
    pub site_id: SiteId,
    pub content_id: ContentId,
    pub revision_id: RevisionId,
    pub number: i32,
    pub title: String,
    pub kind: ContentKind,
    pub lang: Lang,
    pub state: RevisionState,
    pub created_by: Option<i32>,
    pub created_at: NaiveDateTime,
    pub publish_at: Option<NaiveDateTime>,
    pub review_comment: Option<String>,
}

/// Which revisions a queue shows.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter<'a> {
    pub states: &'a [RevisionState],
    /// Only those written by this person.
    pub created_by: Option<UserId>,
    /// Only emergency publications no second member has reviewed yet.
    pub awaiting_emergency_review: bool,
}

/// Revisions of some sites for the dashboard's queues, newest first: one query for every
/// site an account sees, however many.
pub fn queue(
    conn: &mut DbConn,
    sites: &[SiteId],
    filter: &QueueFilter,
) -> QueryResult<Vec<QueueEntry>> {
    let mut q = content_revisions::table
        .inner_join(content_items::table)
        .filter(content_items::site_id.eq_any(sites.iter().map(|s| s.0).collect::<Vec<_>>()))
        .filter(
            content_revisions::state
                .eq_any(filter.states.iter().map(|s| s.as_str()).collect::<Vec<_>>()),
        )
        .into_boxed();
    if let Some(u) = filter.created_by {
        q = q.filter(content_revisions::created_by.eq(u.0));
    }
    if filter.awaiting_emergency_review {
        q = q
            .filter(content_revisions::emergency_reason.is_not_null())
            .filter(content_revisions::reviewed_by.is_null());
    }
    q.order(content_revisions::created_at.desc())
        .limit(1000)
        .select((
            content_items::site_id,
            content_revisions::content_id,
            content_revisions::id,
            content_revisions::number,
            content_revisions::title,
            content_items::kind,
            content_items::lang,
            content_revisions::state,
            content_revisions::created_by,
            content_revisions::created_at,
            content_revisions::publish_at,
            content_revisions::review_comment,
        ))
        .load(conn)
}

/// Puts an earlier revision's text back as the item's draft (a new revision, or the
/// current draft's text replaced); the history keeps both.
pub fn restore(
    conn: &mut DbConn,
    id: RevisionId,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<RevisionId, ReviewError> {
    let old = revision(conn, id)?.ok_or(ReviewError::NotFound)?;
    let form = RevisionForm {
        tags: old.tags.replace('\n', ", "),
        cover: RevisionForm::cover_value(old.cover_media_id),
        record: old.record.clone(),
        ..RevisionForm::of_text(old.text.clone())
    };
    conn.write(|conn| {
        let new = save_draft(conn, ContentId(old.content_id), &form, by, now)?;
        let item =
            content_store::find(conn, ContentId(old.content_id))?.ok_or(ReviewError::NotFound)?;
        log_edit(
            conn,
            by,
            (item.id.0, item.site_id),
            crate::account::audit::AuditAction::RevisionRestore,
            &crate::render::note::Note::new("audit-note-restored")
                .arg("number", old.number)
                .encode(),
            now,
        )?;
        Ok(new)
    })
}

/// The public change notes of an item: what changed, for readers, newest first.
pub fn change_notes(
    conn: &mut DbConn,
    content: ContentId,
) -> QueryResult<Vec<(NaiveDateTime, String)>> {
    let rows: Vec<(Option<NaiveDateTime>, Option<String>)> = content_revisions::table
        .filter(content_revisions::content_id.eq(content.0))
        // Revisions that went public are those with a publication time (published or
        // since superseded). A fixed filter, unlike a list, keeps the statement cached.
        .filter(content_revisions::published_at.is_not_null())
        .filter(content_revisions::change_note.is_not_null())
        .order(content_revisions::number.desc())
        .select((
            content_revisions::published_at,
            content_revisions::change_note,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(at, note)| Some((at?, note?)))
        .collect())
}

/// The province board keeps a department's or commune's item in the portal's aggregation,
/// or takes it out (the item stays on its own site either way).
pub fn set_portal_visibility(
    conn: &mut DbConn,
    content: ContentId,
    visible: bool,
    portal: SiteId,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(), ReviewError> {
    if !by.can(Capability::Publish, portal) {
        return Err(ReviewError::Refused(Refusal::NotPermitted));
    }
    conn.write(|conn| {
        let site = content_store::set_on_portal(conn, content, visible, now)?
            .ok_or(ReviewError::NotFound)?;
        let action = if visible {
            crate::account::audit::AuditAction::ContentPortalShow
        } else {
            crate::account::audit::AuditAction::ContentPortalHide
        };
        log_edit(conn, by, (content.0, site), action, "", now)?;
        Ok(())
    })
}
