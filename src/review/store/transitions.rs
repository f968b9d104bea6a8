//! The workflow's transitions applied to revisions: submit, approve, return, publish
//! (now or when due), and taking an item down with its translations.

use super::*;

/// What some transitions need besides the decision itself.
#[derive(Debug, Clone, Default)]
pub struct TransitionInput {
    /// Review comment (required to return; internal).
    pub comment: Option<String>,
    /// Reason of an emergency publication (required).
    pub reason: Option<String>,
    /// When a scheduled revision goes out (UTC).
    pub publish_at: Option<NaiveDateTime>,
}

/// Moves a revision through the workflow, or says why not.
pub fn apply(
    conn: &mut DbConn,
    id: RevisionId,
    t: Transition,
    input: &TransitionInput,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<RevisionState, ReviewError> {
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(|s| nfc(s.trim()))
            .filter(|s| !s.is_empty())
    };
    conn.write(|conn| {
        let rev = revision(conn, id)?.ok_or(ReviewError::NotFound)?;
        let item =
            content_store::find(conn, ContentId(rev.content_id))?.ok_or(ReviewError::NotFound)?;
        let next = check(t, &rev.facts(item.site_id), by).map_err(ReviewError::Refused)?;
        let who = Some(by.id.0);
        let row = content_revisions::table.find(id.0);
        match t {
            Transition::Edit => {}
            Transition::Submit => {
                diesel::update(row)
                    .set((
                        content_revisions::state.eq(next.as_str()),
                        content_revisions::submitted_by.eq(who),
                        content_revisions::submitted_at.eq(Some(now)),
                    ))
                    .execute(conn)?;
            }
            Transition::Return => {
                let comment = text(&input.comment)
                    .ok_or_else(|| invalid("comment", "form-required-comment"))?;
                diesel::update(row)
                    .set((
                        content_revisions::state.eq(next.as_str()),
                        content_revisions::reviewed_by.eq(who),
                        content_revisions::reviewed_at.eq(Some(now)),
                        content_revisions::review_comment.eq(Some(comment)),
                        content_revisions::publish_at.eq(None::<NaiveDateTime>),
                    ))
                    .execute(conn)?;
            }
            Transition::Approve | Transition::ConfirmEmergency => {
                diesel::update(row)
                    .set((
                        content_revisions::state.eq(next.as_str()),
                        content_revisions::reviewed_by.eq(who),
                        content_revisions::reviewed_at.eq(Some(now)),
                        content_revisions::review_comment.eq(text(&input.comment)),
                    ))
                    .execute(conn)?;
            }
            Transition::Schedule => {
                let at = input
                    .publish_at
                    .filter(|at| *at > now)
                    .ok_or_else(|| invalid("publish_at", "form-future-time"))?;
                diesel::update(row)
                    .set((
                        content_revisions::state.eq(next.as_str()),
                        content_revisions::publish_at.eq(Some(at)),
                        content_revisions::published_by.eq(who),
                    ))
                    .execute(conn)?;
            }
            Transition::Publish => publish_revision(conn, &rev, &item, by.id, now)?,
            Transition::EmergencyPublish => {
                let reason =
                    text(&input.reason).ok_or_else(|| invalid("reason", "form-required-reason"))?;
                diesel::update(row)
                    .set((
                        content_revisions::emergency_reason.eq(Some(reason)),
                        content_revisions::submitted_by.eq(rev.submitted_by.or(who)),
                        content_revisions::submitted_at.eq(rev.submitted_at.or(Some(now))),
                    ))
                    .execute(conn)?;
                publish_revision(conn, &rev, &item, by.id, now)?;
            }
        }
        let action = match t {
            Transition::Edit => crate::account::audit::AuditAction::RevisionEdit,
            Transition::Submit => crate::account::audit::AuditAction::RevisionSubmit,
            Transition::Return => crate::account::audit::AuditAction::RevisionReturn,
            Transition::Approve => crate::account::audit::AuditAction::RevisionApprove,
            Transition::Publish => crate::account::audit::AuditAction::RevisionPublish,
            Transition::Schedule => crate::account::audit::AuditAction::RevisionSchedule,
            Transition::EmergencyPublish => {
                crate::account::audit::AuditAction::RevisionEmergencyPublish
            }
            Transition::ConfirmEmergency => {
                crate::account::audit::AuditAction::RevisionConfirmEmergency
            }
        };
        let summary = revision_note(&item.text.title, rev.number);
        log_edit(conn, by, (item.id.0, item.site_id), action, &summary, now)?;
        Ok(next)
    })
}

/// Makes a revision the public text of its item; the previously published revision is
/// kept as superseded.
pub(super) fn publish_revision(
    conn: &mut DbConn,
    rev: &Revision,
    item: &ContentItem,
    by: UserId,
    now: NaiveDateTime,
) -> Result<(), ReviewError> {
    diesel::update(
        content_revisions::table
            .filter(content_revisions::content_id.eq(rev.content_id))
            .filter(content_revisions::state.eq(RevisionState::Published.as_str())),
    )
    .set(content_revisions::state.eq(RevisionState::Superseded.as_str()))
    .execute(conn)?;
    diesel::update(content_revisions::table.find(rev.id))
        .set((
            content_revisions::state.eq(RevisionState::Published.as_str()),
            content_revisions::published_by.eq(Some(by.0)),
            content_revisions::published_at.eq(Some(now)),
        ))
        .execute(conn)?;
    let first_time = item.state == ContentState::Draft;
    let public = ContentForm {
        site_id: item.site_id,
        kind: item.kind,
        lang: item.lang,
        translation_key: item.translation_key.clone(),
        text: rev.text.clone(),
        tags: content_store::split_tags(&rev.tags),
        state: ContentState::Published,
        state_note: None,
        published_at: if first_time { now } else { item.published_at },
        revised_at: now,
        cover: rev.cover_media_id.map(MediaId),
    };
    content_store::save(conn, &public, now)?;
    let stored = Stored {
        content: item.id,
        record: rev.record.as_deref(),
        now,
    };
    records::publish(conn, item.kind, item.site_id, stored)?;
    Ok(())
}

/// Publishes every scheduled revision whose time has come (run by the job runner);
/// returns how many.
pub fn publish_due(conn: &mut DbConn, now: NaiveDateTime) -> Result<usize, ReviewError> {
    let due: Vec<Revision> = content_revisions::table
        .filter(content_revisions::state.eq(RevisionState::Scheduled.as_str()))
        .filter(content_revisions::publish_at.le(now))
        .order(content_revisions::publish_at.asc())
        .select(Revision::as_select())
        .load(conn)?;
    for rev in &due {
        conn.write(|conn| {
            let item = content_store::find(conn, ContentId(rev.content_id))?
                .ok_or(ReviewError::NotFound)?;
            // The board head who scheduled it is the publisher of record.
            let by = UserId(rev.published_by.unwrap_or_default());
            publish_revision(conn, rev, &item, by, now)?;
            audit::record(
                conn,
                &Entry::named(None, "scheduler", Via::System).about(
                    "content",
                    item.id.0 as i64,
                    Some(item.site_id),
                    crate::account::audit::AuditAction::RevisionPublishScheduled,
                    &revision_note(&item.text.title, rev.number),
                ),
                now,
            )?;
            Ok::<_, ReviewError>(())
        })?;
    }
    Ok(due.len())
}

/// Takes an item off the public site: `Unpublished` answers 410 with the note,
/// `Withdrawn` stays readable with the note (the archiving law). A Vietnamese item's
/// public English translation goes with it, with the same note.
pub fn take_down(
    conn: &mut DbConn,
    content: ContentId,
    state: ContentState,
    note: &str,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(), ReviewError> {
    let note = nfc(note.trim());
    conn.write(|conn| {
        let item = content_store::find(conn, content)?.ok_or(ReviewError::NotFound)?;
        // The role is checked first: who may not act learns nothing about the form.
        if !by.can(Capability::Publish, item.site_id) {
            return Err(ReviewError::Refused(Refusal::NotPermitted));
        }
        if note.is_empty() {
            return Err(invalid("note", "form-required-note"));
        }
        if !matches!(
            item.state,
            ContentState::Published | ContentState::Withdrawn
        ) || state == ContentState::Published
        {
            return Err(ReviewError::Refused(Refusal::WrongState));
        }
        let action = if state == ContentState::Withdrawn {
            crate::account::audit::AuditAction::ContentWithdraw
        } else {
            crate::account::audit::AuditAction::ContentUnpublish
        };
        // A Vietnamese item taken down takes its public English translation with it: the
        // translation says the same thing, so it must not stay readable alone.
        let mut taken = vec![item.id];
        if item.lang == Lang::Vi && !item.translation_key.is_empty() {
            if let Some(en) =
                content_store::find_by_key(conn, item.site_id, Lang::En, &item.translation_key)?
            {
                if matches!(en.state, ContentState::Published | ContentState::Withdrawn) {
                    taken.push(en.id);
                }
            }
        }
        for id in taken {
            content_store::set_state(conn, id, state, Some(&note), now)?;
            log_edit(conn, by, (id.0, item.site_id), action, &note, now)?;
        }
        Ok(())
    })
}

/// An audit summary naming a revision of an item, worded when the log is read.
fn revision_note(title: &str, number: i32) -> String {
    crate::render::note::Note::new("audit-note-revision")
        .arg("title", title)
        .arg("number", number)
        .encode()
}
