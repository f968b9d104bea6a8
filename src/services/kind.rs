//! Administrative procedures as a kind of record (see [`crate::record`]).

use chrono::NaiveDateTime;

use super::record::ProcedureRecord;
use super::store;
use crate::content::{ContentId, ContentKind};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::record::{Paths, RecordError, RecordKind};
use crate::site::SiteId;

/// Thủ tục hành chính: procedures and online public services with their components.
pub struct Procedures;

impl RecordKind for Procedures {
    type Record = ProcedureRecord;

    const KIND: ContentKind = ContentKind::Procedure;
    const PATHS: Paths = Paths {
        vi: "/thu-tuc-hanh-chinh",
        en: "/en/public-services",
    };
    const PAGE_TEMPLATE: &'static str = "services_procedure.html";
    const PRINT_TEMPLATE: Option<&'static str> = Some("services_print.html");
    const ENGLISH_FIELDS: &'static [&'static str] = &["name"];
    const RECORD_MISSING: &'static str = "services-record-missing";

    fn check(
        conn: &mut DbConn,
        lang: Lang,
        content: Option<ContentId>,
        record: &ProcedureRecord,
        _now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        Ok(store::check(conn, content, lang, record)?)
    }

    fn publish(
        conn: &mut DbConn,
        site: SiteId,
        content: ContentId,
        record: &ProcedureRecord,
        now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        Ok(store::write(conn, content, site, record, now)?)
    }

    fn current(
        conn: &mut DbConn,
        content: ContentId,
    ) -> Result<Option<ProcedureRecord>, RecordError> {
        Ok(store::record(conn, content)?)
    }
}
