//! Legal documents as a kind of record (see [`crate::record`]).

use super::record::LegalRecord;
use super::store;
use crate::content::ContentKind;
use crate::record::{Paths, RecordKind};

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

    crate::record_kind_store!(store, LegalRecord);
}
