//! Legal documents as a kind of record (see [`crate::record`]).

use chrono::NaiveDateTime;

use super::record::LegalRecord;
use super::store;
use crate::content::{ContentId, ContentKind};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::record::{Paths, RecordError, RecordKind};
use crate::site::SiteId;

/// Văn bản: legal and administrative documents with their metadata and articles.
pub struct LegalDocuments;

impl RecordKind for LegalDocuments {
    type Record = LegalRecord;

    const KIND: ContentKind = ContentKind::LegalDocument;
    const PATHS: Paths = Paths {
        vi: "/van-ban",
        en: "/en/legal-documents",
    };
    const PAGE_TEMPLATE: &'static str = "legal_document.html";
    const PRINT_TEMPLATE: Option<&'static str> = Some("legal_print.html");
    const ENGLISH_FIELDS: &'static [&'static str] = &["abstract_text"];
    const RECORD_MISSING: &'static str = "legal-record-missing";

    fn check(
        conn: &mut DbConn,
        lang: Lang,
        content: Option<ContentId>,
        record: &LegalRecord,
        _now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        Ok(store::check(conn, content, lang, record)?)
    }

    fn publish(
        conn: &mut DbConn,
        site: SiteId,
        content: ContentId,
        record: &LegalRecord,
        now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        Ok(store::write(conn, content, site, record, now)?)
    }

    fn current(conn: &mut DbConn, content: ContentId) -> Result<Option<LegalRecord>, RecordError> {
        Ok(store::record(conn, content)?)
    }
}
