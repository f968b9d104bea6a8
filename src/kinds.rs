//! The one registry of record kinds: one line per kind. Adding a kind is a folder under
//! `src/` with its record and its [`RecordKind`](crate::record::RecordKind), its templates
//! in the theme, its demo data under `content/`, and one line here: `v.full::<K>()` for a
//! kind with the generic public pages and API ([`PublicKind`](crate::record::public::PublicKind))
//! and the generic admin form ([`FormKind`](crate::record::form::FormKind)), `v.stored::<K>()`
//! for such a kind kept in the shared table of published records
//! ([`StoredKind`](crate::record::stored::StoredKind), with its import and demo), `v.public::<K>()`
//! for public pages only, `v.record::<K>()` for one whose items have pages of their own.

use std::sync::LazyLock;

use crate::record::{Registry, Visitor};

/// Every kind of record of this installation, in order.
pub fn each(v: &mut impl Visitor) {
    v.full::<crate::legal::kind::LegalDocuments>();
    v.full::<crate::services::kind::Procedures>();
    v.record::<crate::inbox::kind::Answers>();
    v.record::<crate::directory::kind::OrgUnits>();
    v.form::<crate::directory::kind::OrgUnits>();
    v.record::<crate::directory::kind::Officials>();
    v.form::<crate::directory::kind::Officials>();
    v.record::<crate::directory::kind::ScheduleWeeks>();
    v.record::<crate::consultation::kind::Consultations>();
    v.stored::<crate::projects::Projects>();
    v.stored::<crate::procurement::Notices>();
    v.stored::<crate::statistics::dataset::Datasets>();
    v.stored::<crate::plans::Plans>();
    v.stored::<crate::budget::disclosure::Disclosures>();
    v.stored::<crate::science::Tasks>();
}

static REGISTRY: LazyLock<Registry> = LazyLock::new(|| {
    let mut registry = Registry::new();
    each(&mut registry);
    registry
});

/// Every kind of record of this installation.
pub fn registry() -> &'static Registry {
    &REGISTRY
}
