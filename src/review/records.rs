//! Structured records: kinds whose revisions carry, besides their text, a record of their
//! own (a legal document's metadata and articles, a procedure's components) as JSON in
//! `content_revisions.record`. The workflow is the same for every kind; each kind with a
//! record says here how a record is checked before it is saved, copied into the kind's
//! own tables when its revision is published, and read back to start an edit.

use chrono::NaiveDateTime;

use super::store::{FieldError, ReviewError};
use crate::content::{ContentId, ContentKind};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::legal::store as legal_store;
use crate::services::store as services_store;
use crate::site::SiteId;

/// Checks a record before a revision holding it is saved: its shape, and what the kind
/// forbids (a published legal document's number and dates never change).
pub(super) fn check(
    conn: &mut DbConn,
    kind: ContentKind,
    lang: Lang,
    content: Option<ContentId>,
    record: Option<&str>,
) -> Result<(), ReviewError> {
    match kind {
        ContentKind::Page | ContentKind::News => no_record(record),
        ContentKind::LegalDocument => {
            let record = legal_store::parse_record(record)?;
            legal_store::check(conn, content, lang, &record)
        }
        ContentKind::Procedure => {
            let record = services_store::parse_record(record)?;
            services_store::check(conn, content, lang, &record)
        }
        ContentKind::Answer => crate::inbox::store::check_answer_record(conn, content, record),
    }
}

/// Copies a published revision's record into the kind's own tables, in the publishing
/// transaction (so the change log entry written with it covers both).
pub(super) fn publish(
    conn: &mut DbConn,
    kind: ContentKind,
    site: SiteId,
    content: ContentId,
    record: Option<&str>,
    now: NaiveDateTime,
) -> Result<(), ReviewError> {
    match kind {
        ContentKind::Page | ContentKind::News => Ok(()),
        ContentKind::LegalDocument => {
            let record = legal_store::parse_record(record)?;
            Ok(legal_store::write(conn, content, site, &record, now)?)
        }
        ContentKind::Procedure => {
            let record = services_store::parse_record(record)?;
            Ok(services_store::write(conn, content, site, &record, now)?)
        }
        ContentKind::Answer => crate::inbox::store::answer_published(conn, content, now),
    }
}

/// The record an edit starts from when the item has no revision yet (imported items).
pub(super) fn current(
    conn: &mut DbConn,
    kind: ContentKind,
    content: ContentId,
) -> Result<Option<String>, ReviewError> {
    match kind {
        ContentKind::Page | ContentKind::News => Ok(None),
        ContentKind::LegalDocument => {
            Ok(legal_store::record(conn, content)?.and_then(|r| serde_json::to_string(&r).ok()))
        }
        ContentKind::Procedure => {
            Ok(services_store::record(conn, content)?.and_then(|r| serde_json::to_string(&r).ok()))
        }
        ContentKind::Answer => Ok(crate::inbox::store::answer_record(conn, content)?),
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
