//! The one registry of record kinds: one line per kind. Adding a kind is a folder under
//! `src/` with its record and its [`RecordKind`](crate::record::RecordKind), its templates
//! in the theme, its demo data under `content/`, and one line here.

use std::sync::LazyLock;

use crate::record::Registry;

static REGISTRY: LazyLock<Registry> = LazyLock::new(|| {
    Registry::new()
        .with::<crate::legal::kind::LegalDocuments>()
        .with::<crate::services::kind::Procedures>()
        .with::<crate::inbox::kind::Answers>()
        .with::<crate::consultation::kind::Consultations>()
});

/// Every kind of record of this installation.
pub fn registry() -> &'static Registry {
    &REGISTRY
}
