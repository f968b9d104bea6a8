//! New items and draft revisions: what an editor saves before the workflow begins.

use super::*;

/// Where a new item goes: its site, kind, language and translation key (derived from the
/// title when empty).
#[derive(Debug, Clone, Copy)]
pub struct NewItem<'a> {
    pub site: SiteId,
    pub kind: ContentKind,
    pub lang: Lang,
    pub translation_key: &'a str,
}

/// Starts a new item on a site: a draft item (never public) and its first revision.
pub fn create_item(
    conn: &mut DbConn,
    new: NewItem,
    form: &RevisionForm,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(ContentId, RevisionId), ReviewError> {
    let NewItem {
        site,
        kind,
        lang,
        translation_key,
    } = new;
    if !by.can(Capability::Write, site) {
        return Err(ReviewError::Refused(Refusal::NotPermitted));
    }
    let errors = form.validate();
    if !errors.is_empty() {
        return Err(ReviewError::Invalid(errors));
    }
    let key = match translation_key.trim() {
        "" => form.slug_or_title(),
        k => slugify(k, SLUG_MAX),
    };
    if key.is_empty() {
        return Err(invalid("translation_key", "form-bad-key"));
    }
    conn.write(|conn| {
        let stored = Stored {
            content: None,
            record: form.record.as_deref(),
            now,
        };
        records::check(conn, kind, lang, stored)?;
        check_cover(conn, site, form)?;
        if content_store::find_by_key(conn, site, lang, &key)?.is_some() {
            return Err(invalid("translation_key", "form-key-taken"));
        }
        let draft = ContentForm {
            site_id: site,
            kind,
            lang,
            translation_key: key.clone(),
            text: ContentText {
                slug: form.slug_or_title(),
                title: form.title.clone(),
                summary: form.summary.clone(),
                body_markdown: form.body_markdown.clone(),
                author: form.author.clone(),
                source: form.source.clone(),
                category: None,
            },
            tags: Vec::new(),
            state: ContentState::Draft,
            state_note: None,
            published_at: now,
            revised_at: now,
            cover: None,
        };
        let content = content_store::save(conn, &draft, now)?.id();
        let revision = insert_revision(conn, content, 1, form, by, now)?;
        log_edit(
            conn,
            by,
            (content.0, site),
            crate::account::audit::AuditAction::ContentCreate,
            &nfc(form.title.trim()),
            now,
        )?;
        Ok((content, revision))
    })
}

/// Saves an author's text: in place while the latest revision is a draft or returned,
/// else as a new draft revision (a published text is never edited in place).
pub fn save_draft(
    conn: &mut DbConn,
    content: ContentId,
    form: &RevisionForm,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<RevisionId, ReviewError> {
    let errors = form.validate();
    if !errors.is_empty() {
        return Err(ReviewError::Invalid(errors));
    }
    conn.write(|conn| {
        let item = content_store::find(conn, content)?.ok_or(ReviewError::NotFound)?;
        // The role first: who may not write learns nothing about the item's state.
        if !by.can(Capability::Write, item.site_id) {
            return Err(ReviewError::Refused(Refusal::NotPermitted));
        }
        let stored = Stored {
            content: Some(content),
            record: form.record.as_deref(),
            now,
        };
        records::check(conn, item.kind, item.lang, stored)?;
        check_cover(conn, item.site_id, form)?;
        let latest = latest(conn, content)?;
        let id = match latest {
            Some(rev) if rev.state().is_editable() => {
                check(Transition::Edit, &rev.facts(item.site_id), by)
                    .map_err(ReviewError::Refused)?;
                // Whoever changes the text becomes one of its authors (two-person rule).
                diesel::update(content_revisions::table.find(rev.id))
                    .set((form.text(), content_revisions::edited_by.eq(by.id.0)))
                    .execute(conn)?;
                RevisionId(rev.id)
            }
            Some(rev)
                if matches!(
                    rev.state(),
                    RevisionState::Submitted | RevisionState::Approved | RevisionState::Scheduled
                ) =>
            {
                // One revision under review at a time: it is returned before it changes.
                return Err(ReviewError::Refused(Refusal::WrongState));
            }
            other => {
                let next = other.map_or(1, |r| r.number + 1);
                insert_revision(conn, content, next, form, by, now)?
            }
        };
        log_edit(
            conn,
            by,
            (content.0, item.site_id),
            crate::account::audit::AuditAction::ContentEdit,
            &crate::render::note::Note::new("audit-note-draft")
                .arg("title", item.text.title.as_str())
                .encode(),
            now,
        )?;
        Ok(id)
    })
}
