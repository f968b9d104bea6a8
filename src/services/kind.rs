//! Administrative procedures as a kind of record (see [`crate::record`]).

use super::record::ProcedureRecord;
use super::store;
use crate::content::ContentKind;
use crate::record::{Paths, RecordKind};

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

    crate::record_kind_store!(store, ProcedureRecord);
}
