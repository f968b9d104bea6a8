//! Structured records: kinds whose revisions carry, besides their text, a record of their
//! own as JSON in `content_revisions.record`. The workflow is the same for every kind; it
//! reaches each kind only through the registry of [`crate::record::Kind`]s.

use super::store::ReviewError;
use crate::content::{ContentId, ContentKind};
use crate::db::DbConn;
use crate::field::FieldError;
use crate::lang::Lang;
use crate::record::{RecordError, Stored};
use crate::site::SiteId;

/// Checks a record before a revision holding it is saved: its shape, and what the kind
/// forbids. Text-only content (pages, news) carries none.
pub(super) fn check(
    conn: &mut DbConn,
    kind: ContentKind,
    lang: Lang,
    stored: Stored<Option<ContentId>>,
) -> Result<(), ReviewError> {
    match crate::kinds::registry().get(kind) {
        Some(k) => Ok(k.check(conn, lang, stored)?),
        None => no_record(stored.record),
    }
}

/// Copies a published revision's record into the kind's own tables, in the publishing
/// transaction (so the change log entry written with it covers both).
pub(super) fn publish(
    conn: &mut DbConn,
    kind: ContentKind,
    site: SiteId,
    stored: Stored,
) -> Result<(), ReviewError> {
    match crate::kinds::registry().get(kind) {
        Some(k) => Ok(k.publish(conn, site, stored)?),
        None => Ok(()),
    }
}

/// The record an edit starts from when the item has no revision yet (imported items).
pub(super) fn current(
    conn: &mut DbConn,
    kind: ContentKind,
    content: ContentId,
) -> Result<Option<String>, ReviewError> {
    match crate::kinds::registry().get(kind) {
        Some(k) => Ok(k.current(conn, content)?),
        None => Ok(None),
    }
}

/// Pages and news are text only.
fn no_record(record: Option<&str>) -> Result<(), ReviewError> {
    match record {
        None => Ok(()),
        Some(_) => Err(ReviewError::Invalid(vec![FieldError::new(
            "kind",
            "form-bad-kind",
        )])),
    }
}

impl From<RecordError> for ReviewError {
    fn from(e: RecordError) -> Self {
        match e {
            RecordError::Invalid(errors) => ReviewError::Invalid(errors),
            RecordError::NotFound => ReviewError::NotFound,
            RecordError::Db(e) => ReviewError::Db(e),
        }
    }
}

/// The kinds' own rules are written in the workflow's terms; a refusal there is the record
/// at fault.
impl From<ReviewError> for RecordError {
    fn from(e: ReviewError) -> Self {
        match e {
            ReviewError::Invalid(errors) => RecordError::Invalid(errors),
            ReviewError::NotFound => RecordError::NotFound,
            ReviewError::Db(e) => RecordError::Db(e),
            ReviewError::Refused(r) => RecordError::invalid("record", r.message_id()),
        }
    }
}
