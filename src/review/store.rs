//! Revisions in the database and the workflow applied to them. Publishing copies the
//! approved revision into the public item through `content::store::save`, so URL history
//! and the change log follow; every step is in the audit log.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::{check, records, Refusal, RevisionFacts, RevisionState, Transition};
use crate::account::audit::{self, Entry, Via};
use crate::account::{Actor, Capability, UserId};
use crate::content::store::{self as content_store, ContentForm, SLUG_MAX};
use crate::content::{ContentId, ContentItem, ContentKind, ContentState};
use crate::db::schema::{content_items, content_revisions};
use crate::db::{DbConn, DbError};
use crate::lang::Lang;
use crate::site::SiteId;
use crate::text::{nfc, slugify};

crate::typed_id! {
    /// A revision's stable number.
    pub struct RevisionId;
}

/// One version of an item's text with its place in the workflow.
#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = content_revisions)]
pub struct Revision {
    pub id: i32,
    pub content_id: i32,
    pub number: i32,
    pub state: RevisionState,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body_markdown: String,
    pub author: String,
    pub source: String,
    pub category: Option<String>,
    pub tags: String,
    /// For readers: what changed (shown publicly).
    pub change_note: Option<String>,
    pub created_by: Option<i32>,
    pub created_at: NaiveDateTime,
    pub submitted_by: Option<i32>,
    pub submitted_at: Option<NaiveDateTime>,
    pub reviewed_by: Option<i32>,
    pub reviewed_at: Option<NaiveDateTime>,
    /// For the board only: why it was returned, or the reviewer's remark.
    pub review_comment: Option<String>,
    pub publish_at: Option<NaiveDateTime>,
    pub published_by: Option<i32>,
    pub published_at: Option<NaiveDateTime>,
    pub emergency_reason: Option<String>,
    /// The structured record of kinds that have one (JSON), see `records`.
    pub record: Option<String>,
    /// Who last changed the text in place (an editor rewriting a draft): an author too.
    pub edited_by: Option<i32>,
}

impl Revision {
    pub fn state(&self) -> RevisionState {
        self.state
    }

    /// What the workflow's rules look at, on the item's site.
    pub fn facts(&self, site: SiteId) -> RevisionFacts {
        RevisionFacts {
            site,
            state: self.state(),
            created_by: self.created_by.map(UserId),
            submitted_by: self.submitted_by.map(UserId),
            edited_by: self.edited_by.map(UserId),
            published_by: self.published_by.map(UserId),
            awaiting_emergency_review: self.emergency_reason.is_some()
                && self.reviewed_by.is_none(),
        }
    }
}

/// What an author writes (the editor form).
#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
pub struct RevisionForm {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub body_markdown: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub category: String,
    /// Comma-separated.
    #[serde(default)]
    pub tags: String,
    #[serde(default)]
    pub change_note: String,
    /// The structured record of kinds that have one (JSON, made by the kind's own form or
    /// import, never taken from a request as is).
    #[serde(skip)]
    pub record: Option<String>,
}

/// What an author controls in a revision, as written to the database.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = content_revisions, treat_none_as_null = true)]
struct RevisionText {
    slug: String,
    title: String,
    summary: String,
    body_markdown: String,
    author: String,
    source: String,
    category: Option<String>,
    tags: String,
    change_note: Option<String>,
    record: Option<String>,
}

pub use crate::field::FieldError;

impl RevisionForm {
    /// Checks what a revision needs before it is saved.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut need = |ok: bool, field, message_id| {
            if !ok {
                errors.push(FieldError::new(field, message_id));
            }
        };
        need(!self.title.trim().is_empty(), "title", "form-required");
        need(self.title.chars().count() <= 300, "title", "form-too-long");
        // A kind with a record keeps its text there (a legal document's articles).
        need(
            self.record.is_some() || !self.body_markdown.trim().is_empty(),
            "body_markdown",
            "form-required",
        );
        need(
            self.body_markdown.len() <= 2_000_000,
            "body_markdown",
            "form-too-long",
        );
        need(
            !self.author.trim().is_empty(),
            "author",
            "form-required-author",
        );
        need(
            !self.source.trim().is_empty(),
            "source",
            "form-required-source",
        );
        need(
            self.summary.chars().count() <= 1000,
            "summary",
            "form-too-long",
        );
        // NUL and other control characters: PostgreSQL refuses them, readers cannot see them.
        for (field, text) in [
            ("title", &self.title),
            ("summary", &self.summary),
            ("body_markdown", &self.body_markdown),
            ("author", &self.author),
            ("source", &self.source),
        ] {
            need(
                !crate::text::has_control_characters(text),
                field,
                "form-error-control",
            );
        }
        errors
    }

    /// The text columns of a revision, normalised (NFC, trimmed, slug settled).
    fn text(&self) -> RevisionText {
        let optional = |s: &str| Some(nfc(s.trim())).filter(|c| !c.is_empty());
        RevisionText {
            slug: self.slug_or_title(),
            title: nfc(self.title.trim()),
            summary: nfc(self.summary.trim()),
            body_markdown: nfc(&self.body_markdown),
            author: nfc(self.author.trim()),
            source: nfc(self.source.trim()),
            category: optional(&self.category),
            tags: self.tags(),
            change_note: optional(&self.change_note),
            record: self.record.clone(),
        }
    }

    fn tags(&self) -> String {
        self.tags
            .split(',')
            .map(|t| nfc(t.trim()))
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn slug_or_title(&self) -> String {
        let from = if self.slug.trim().is_empty() {
            &self.title
        } else {
            &self.slug
        };
        slugify(from, SLUG_MAX)
    }
}

/// Why a workflow step did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("refused: {0}")]
    Refused(Refusal),
    #[error("the form has errors")]
    Invalid(Vec<FieldError>),
    #[error("no such item or revision")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for ReviewError {
    fn from(e: diesel::result::Error) -> Self {
        ReviewError::Db(DbError::Query(e))
    }
}

fn invalid(field: &'static str, message_id: &'static str) -> ReviewError {
    ReviewError::Invalid(vec![FieldError::new(field, message_id)])
}

/// All revisions of an item, newest first.
pub fn revisions(conn: &mut DbConn, content: ContentId) -> QueryResult<Vec<Revision>> {
    content_revisions::table
        .filter(content_revisions::content_id.eq(content.0))
        .order(content_revisions::number.desc())
        .select(Revision::as_select())
        .load(conn)
}

/// One revision.
pub fn revision(conn: &mut DbConn, id: RevisionId) -> QueryResult<Option<Revision>> {
    content_revisions::table
        .find(id.0)
        .select(Revision::as_select())
        .first(conn)
        .optional()
}

/// The newest revision of an item, whatever its state.
pub fn latest(conn: &mut DbConn, content: ContentId) -> QueryResult<Option<Revision>> {
    content_revisions::table
        .filter(content_revisions::content_id.eq(content.0))
        .order(content_revisions::number.desc())
        .select(Revision::as_select())
        .first(conn)
        .optional()
}

fn insert_revision(
    conn: &mut DbConn,
    content: ContentId,
    number: i32,
    form: &RevisionForm,
    by: &Actor,
    now: NaiveDateTime,
) -> QueryResult<RevisionId> {
    diesel::insert_into(content_revisions::table)
        .values((
            form.text(),
            content_revisions::content_id.eq(content.0),
            content_revisions::number.eq(number),
            content_revisions::state.eq(RevisionState::Draft.as_str()),
            content_revisions::created_by.eq(by.id.0),
            content_revisions::created_at.eq(now),
        ))
        .execute(conn)?;
    content_revisions::table
        .filter(content_revisions::content_id.eq(content.0))
        .filter(content_revisions::number.eq(number))
        .select(content_revisions::id)
        .first(conn)
        .map(RevisionId)
}

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
        records::check(conn, kind, lang, None, form.record.as_deref(), now)?;
        if content_store::find_by_key(conn, site, lang, &key)?.is_some() {
            return Err(invalid("translation_key", "form-key-taken"));
        }
        let draft = ContentForm {
            site_id: site,
            kind,
            lang,
            translation_key: key.clone(),
            slug: form.slug_or_title(),
            title: form.title.clone(),
            summary: form.summary.clone(),
            body_markdown: form.body_markdown.clone(),
            author: form.author.clone(),
            source: form.source.clone(),
            category: None,
            tags: Vec::new(),
            state: ContentState::Draft,
            state_note: None,
            published_at: now,
            revised_at: now,
        };
        let content = content_store::save(conn, &draft, now)?.id();
        let revision = insert_revision(conn, content, 1, form, by, now)?;
        audit::record(
            conn,
            &Entry::by(by, Via::Web).about(
                "content",
                content.0 as i64,
                Some(site),
                crate::account::audit::AuditAction::ContentCreate,
                &nfc(form.title.trim()),
            ),
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
        records::check(
            conn,
            item.kind,
            item.lang,
            Some(content),
            form.record.as_deref(),
            now,
        )?;
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
        audit::record(
            conn,
            &Entry::by(by, Via::Web).about(
                "content",
                content.0 as i64,
                Some(item.site_id),
                crate::account::audit::AuditAction::ContentEdit,
                &format!("revision {}", id.0),
            ),
            now,
        )?;
        Ok(id)
    })
}

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
        let summary = format!("{} (revision {})", item.title, rev.number);
        audit::record(
            conn,
            &Entry::by(by, Via::Web).about(
                "content",
                item.id.0 as i64,
                Some(item.site_id),
                action,
                &summary,
            ),
            now,
        )?;
        Ok(next)
    })
}

/// Makes a revision the public text of its item; the previously published revision is
/// kept as superseded.
fn publish_revision(
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
        slug: rev.slug.clone(),
        title: rev.title.clone(),
        summary: rev.summary.clone(),
        body_markdown: rev.body_markdown.clone(),
        author: rev.author.clone(),
        source: rev.source.clone(),
        category: rev.category.clone(),
        tags: rev
            .tags
            .split('\n')
            .filter(|t| !t.is_empty())
            .map(String::from)
            .collect(),
        state: ContentState::Published,
        state_note: None,
        published_at: if first_time { now } else { item.published_at },
        revised_at: now,
    };
    content_store::save(conn, &public, now)?;
    records::publish(
        conn,
        item.kind,
        item.site_id,
        item.id,
        rev.record.as_deref(),
        now,
    )?;
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
                    &format!("{} (revision {})", item.title, rev.number),
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
            audit::record(
                conn,
                &Entry::by(by, Via::Web).about(
                    "content",
                    id.0 as i64,
                    Some(item.site_id),
                    action,
                    &note,
                ),
                now,
            )?;
        }
        Ok(())
    })
}

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
        title: old.title.clone(),
        slug: old.slug.clone(),
        summary: old.summary.clone(),
        body_markdown: old.body_markdown.clone(),
        author: old.author.clone(),
        source: old.source.clone(),
        category: old.category.clone().unwrap_or_default(),
        tags: old.tags.replace('\n', ", "),
        change_note: String::new(),
        record: old.record.clone(),
    };
    conn.write(|conn| {
        let new = save_draft(conn, ContentId(old.content_id), &form, by, now)?;
        let item =
            content_store::find(conn, ContentId(old.content_id))?.ok_or(ReviewError::NotFound)?;
        audit::record(
            conn,
            &Entry::by(by, Via::Web).about(
                "content",
                item.id.0 as i64,
                Some(item.site_id),
                crate::account::audit::AuditAction::RevisionRestore,
                &format!("revision {} restored as draft", old.number),
            ),
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
        audit::record(
            conn,
            &Entry::by(by, Via::Web).about("content", content.0 as i64, Some(site), action, ""),
            now,
        )?;
        Ok(())
    })
}

/// The text an edit of an item starts from: its latest revision, or its public text
/// when it has none yet (imported content).
pub fn editing_base(
    conn: &mut DbConn,
    content: ContentId,
) -> Result<(ContentItem, RevisionForm), ReviewError> {
    let item = content_store::find(conn, content)?.ok_or(ReviewError::NotFound)?;
    let form = match latest(conn, content)? {
        Some(r) => RevisionForm {
            change_note: if r.state().is_editable() {
                r.change_note.clone().unwrap_or_default()
            } else {
                String::new()
            },
            title: r.title,
            slug: r.slug,
            summary: r.summary,
            body_markdown: r.body_markdown,
            author: r.author,
            source: r.source,
            category: r.category.unwrap_or_default(),
            tags: r.tags.replace('\n', ", "),
            record: r.record,
        },
        None => RevisionForm {
            title: item.title.clone(),
            slug: item.slug.clone(),
            summary: item.summary.clone(),
            body_markdown: item.body_markdown.clone(),
            author: item.author.clone(),
            source: item.source.clone(),
            category: item.category.clone().unwrap_or_default(),
            tags: item.tags.join(", "),
            change_note: String::new(),
            record: records::current(conn, item.kind, item.id)?,
        },
    };
    Ok((item, form))
}

/// After a file is replaced: every item whose text links to the old file gets a draft
/// revision linking to the new one, for the board to review (published text is never
/// changed in place). Returns, per item, the draft made or why none could be.
pub fn relink_media(
    conn: &mut DbConn,
    items: &[ContentId],
    old_id: i32,
    new_url: &str,
    by: &Actor,
    now: NaiveDateTime,
) -> Vec<(ContentId, Result<RevisionId, ReviewError>)> {
    let new_base = new_url.rsplit_once('/').map_or(new_url, |(base, _)| base);
    let old_prefix = format!("/tep/{old_id}/");
    items
        .iter()
        .map(|&content| {
            let result = editing_base(conn, content).and_then(|(_, mut form)| {
                // The file's own address, then its renditions' (`/tep/{id}/640w.webp`).
                let relinked = relink(&form.body_markdown, &old_prefix, new_url, new_base);
                form.body_markdown = relinked;
                form.change_note = String::new();
                save_draft(conn, content, &form, by, now)
            });
            (content, result)
        })
        .collect()
}

/// Replaces links to `/tep/{old}/…` in a text: the file itself becomes `new_url`, a
/// rendition keeps its name under the new file's base.
fn relink(text: &str, old_prefix: &str, new_url: &str, new_base: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(old_prefix) {
        out.push_str(&rest[..i]);
        let after = &rest[i + old_prefix.len()..];
        let name_len = after
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '<' | '>'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let is_rendition = name
            .split_once("w.")
            .is_some_and(|(w, _)| w.parse::<u32>().is_ok());
        if is_rendition {
            out.push_str(&format!("{new_base}/{name}"));
        } else {
            out.push_str(new_url);
        }
        rest = &after[name_len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod relink_tests {
    use super::relink;

    #[test]
    fn links_to_the_old_file_and_its_renditions_move_to_the_new_one() {
        let text =
            "![a](/tep/7/anh-cu.jpg) [tải](/tep/7/anh-cu.jpg) /tep/7/640w.webp /tep/17/khac.pdf";
        assert_eq!(
            relink(text, "/tep/7/", "/tep/9/anh-moi.jpg", "/tep/9"),
            "![a](/tep/9/anh-moi.jpg) [tải](/tep/9/anh-moi.jpg) /tep/9/640w.webp /tep/17/khac.pdf"
        );
    }
}
