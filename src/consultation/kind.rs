//! Consultations as a kind of record (see [`crate::record`]).

use chrono::NaiveDateTime;

use super::store;
use super::ConsultationRecord;
use crate::content::{ContentId, ContentKind};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::record::{Paths, RecordError, RecordKind};
use crate::site::SiteId;

/// Đợt lấy ý kiến: a draft posted for public comment, with its report.
pub struct Consultations;

impl RecordKind for Consultations {
    type Record = ConsultationRecord;

    const KIND: ContentKind = ContentKind::Consultation;
    const PATHS: Paths = Paths {
        vi: "/lay-y-kien",
        en: "/en/consultations",
    };
    const PAGE_TEMPLATE: &'static str = "consultation.html";
    const PRINT_TEMPLATE: Option<&'static str> = Some("consultation_report.html");
    const ENGLISH_FIELDS: &'static [&'static str] = &["agency"];
    const RECORD_MISSING: &'static str = "consultation-record-missing";

    fn check(
        conn: &mut DbConn,
        _lang: Lang,
        content: Option<ContentId>,
        record: &ConsultationRecord,
        _now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        store::check(conn, content, record)
    }

    fn publish(
        conn: &mut DbConn,
        site: SiteId,
        content: ContentId,
        record: &ConsultationRecord,
        now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        store::write(conn, content, site, record, now)
    }

    fn current(
        conn: &mut DbConn,
        content: ContentId,
    ) -> Result<Option<ConsultationRecord>, RecordError> {
        Ok(store::record(conn, content)?)
    }
}
