//! Revisions in the database and the workflow applied to them. Publishing copies the
//! approved revision into the public item through `content::store::save`, so URL history
//! and the change log follow; every step is in the audit log.

mod drafts;
mod editing;
mod queue;
mod transitions;

pub use drafts::*;
pub use editing::*;
pub use queue::*;
pub use transitions::*;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::{check, records, Refusal, RevisionFacts, RevisionState, Transition};
use crate::account::audit::{self, Entry, Via};
use crate::account::{Actor, Capability, UserId};
use crate::content::store::{self as content_store, ContentForm, SLUG_MAX};
use crate::content::{ContentId, ContentItem, ContentKind, ContentState, ContentText};
use crate::db::schema::{content_items, content_revisions};
use crate::db::{DbConn, DbError};
use crate::lang::Lang;
use crate::media::MediaId;
use crate::record::Stored;
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
    #[diesel(embed)]
    #[serde(flatten)]
    pub text: ContentText,
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
    /// The cover image (ảnh đại diện) from the site's media library.
    pub cover_media_id: Option<i32>,
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
    /// The cover image's media id, empty for none (the editor's picker).
    #[serde(default)]
    pub cover: String,
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
    cover_media_id: Option<i32>,
}

pub use crate::field::FieldError;

impl RevisionForm {
    /// The editor form holding a text (an earlier revision's, the public item's or an
    /// imported one), without tags, change note, cover or record.
    pub fn of_text(text: ContentText) -> RevisionForm {
        RevisionForm {
            title: text.title,
            slug: text.slug,
            summary: text.summary,
            body_markdown: text.body_markdown,
            author: text.author,
            source: text.source,
            category: text.category.unwrap_or_default(),
            ..RevisionForm::default()
        }
    }

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
        need(
            self.cover.trim().is_empty() || self.cover_id().is_some(),
            "cover",
            "form-cover-not-image",
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
            cover_media_id: self.cover_id().map(|m| m.0),
        }
    }

    /// The chosen cover image, if the picker's value is one.
    pub fn cover_id(&self) -> Option<MediaId> {
        self.cover.trim().parse().ok()
    }

    /// The picker's value for a stored cover.
    pub fn cover_value(cover: Option<i32>) -> String {
        cover.map(|c| c.to_string()).unwrap_or_default()
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

/// A cover must be an image of the item's own site's library.
fn check_cover(conn: &mut DbConn, site: SiteId, form: &RevisionForm) -> Result<(), ReviewError> {
    match form.cover_id() {
        Some(cover) if !crate::media::library::is_site_image(conn, site, cover)? => {
            Err(invalid("cover", "form-cover-not-image"))
        }
        _ => Ok(()),
    }
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

/// Writes the audit line of a change an editor made to an item (`(id, site)`), in the
/// change's transaction.
fn log_edit(
    conn: &mut DbConn,
    by: &Actor,
    (item, site): (i32, SiteId),
    action: crate::account::audit::AuditAction,
    summary: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    audit::record(
        conn,
        &Entry::by(by, Via::Web).about("content", i64::from(item), Some(site), action, summary),
        now,
    )
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
