//! Kinds of published record: content whose revisions carry, besides their text, a
//! structured record of their own (a legal document's metadata and articles, a procedure's
//! components, the question an answer answers). The editorial workflow (`review`) is the
//! same for every kind and knows kinds only through [`RecordKind`]; [`crate::kinds`] is the
//! one registry that lists them.
//!
//! A kind declares, once:
//! - its record type (stored as JSON beside each revision) and how it is checked;
//! - what publishing a revision does (copying the record into the kind's own tables);
//! - the record an edit starts from when the item has no revision yet;
//! - its public paths in both languages and its page and print templates;
//! - which of its fields must have an English text before an English item is published;
//! - and, for kinds with public pages of their own, its list, item page and API resource
//!   ([`public::PublicKind`]), served by one set of handlers.

pub mod apidoc;
pub mod fields;
pub mod form;
pub mod import;
pub mod parts;
pub mod public;
pub mod stored;

use chrono::NaiveDateTime;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::content::{ContentId, ContentKind};
use crate::db::{DbConn, DbError};
use crate::field::FieldError;
use crate::lang::Lang;
use crate::site::SiteId;

/// Why a record cannot be saved or published.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// What is wrong with the record, field by field.
    #[error("the record has errors")]
    Invalid(Vec<FieldError>),
    #[error("no such item")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for RecordError {
    fn from(e: diesel::result::Error) -> Self {
        RecordError::Db(DbError::Query(e))
    }
}

impl RecordError {
    /// One field at fault.
    pub fn invalid(field: &'static str, message_id: &'static str) -> RecordError {
        RecordError::Invalid(vec![FieldError::new(field, message_id)])
    }
}

/// A public section's address in each language (`/van-ban`, `/en/legal-documents`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paths {
    pub vi: &'static str,
    pub en: &'static str,
}

impl Paths {
    pub fn of(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vi,
            Lang::En => self.en,
        }
    }
}

/// One kind of published record. Implement it in the kind's own folder and add one line
/// to [`crate::kinds`].
pub trait RecordKind: Send + Sync + 'static {
    /// The record each revision carries.
    type Record: Serialize + DeserializeOwned;

    /// How its items are stored (`content_items.kind`).
    const KIND: ContentKind;
    /// Its public list, and the prefix of its items' addresses (`{path}/{id}-{slug}`).
    const PATHS: Paths;
    /// The theme template of an item's page.
    const PAGE_TEMPLATE: &'static str;
    /// The theme template of an item's print view (`?print=1`), if it has one.
    const PRINT_TEMPLATE: Option<&'static str> = None;
    /// The record's fields that an English item must fill in English.
    const ENGLISH_FIELDS: &'static [&'static str] = &[];
    /// The message shown when a revision's record is missing or unreadable.
    const RECORD_MISSING: &'static str;

    /// Checks a record before a revision holding it is saved, at `now`: its shape, and what
    /// the kind forbids (a published legal document's number and dates never change).
    fn check(
        conn: &mut DbConn,
        lang: Lang,
        content: Option<ContentId>,
        record: &Self::Record,
        now: NaiveDateTime,
    ) -> Result<(), RecordError>;

    /// Copies a published revision's record into the kind's own tables, in the publishing
    /// transaction (so the change-log entry written with it covers both).
    fn publish(
        conn: &mut DbConn,
        site: SiteId,
        content: ContentId,
        record: &Self::Record,
        now: NaiveDateTime,
    ) -> Result<(), RecordError>;

    /// The record an edit starts from when the item has no revision yet (imported items).
    fn current(conn: &mut DbConn, content: ContentId) -> Result<Option<Self::Record>, RecordError>;

    /// What site search finds a published item by, when the kind's records say it
    /// themselves: its heading, the sites it is on and its text. `None`: the search index
    /// reads the kind in its own way (or not at all).
    #[allow(clippy::type_complexity)]
    fn search_text(
        _conn: &mut DbConn,
        _content: ContentId,
    ) -> Result<Option<(String, Vec<SiteId>, String)>, RecordError> {
        Ok(None)
    }
}

/// A kind as the workflow sees it, whatever its record type: records travel as the JSON
/// stored in `content_revisions.record`.
pub trait Kind: Send + Sync {
    fn kind(&self) -> ContentKind;
    fn paths(&self) -> Paths;
    fn page_template(&self) -> &'static str;
    fn print_template(&self) -> Option<&'static str>;
    fn english_fields(&self) -> &'static [&'static str];
    /// See [`RecordKind::check`]: `stored.content` is none for a new item.
    fn check(
        &self,
        conn: &mut DbConn,
        lang: Lang,
        stored: Stored<Option<ContentId>>,
    ) -> Result<(), RecordError>;
    /// See [`RecordKind::publish`].
    fn publish(&self, conn: &mut DbConn, site: SiteId, stored: Stored) -> Result<(), RecordError>;
    fn current(&self, conn: &mut DbConn, content: ContentId)
        -> Result<Option<String>, RecordError>;
    /// See [`RecordKind::search_text`].
    #[allow(clippy::type_complexity)]
    fn search_text(
        &self,
        conn: &mut DbConn,
        content: ContentId,
    ) -> Result<Option<(String, Vec<SiteId>, String)>, RecordError>;
}

/// A revision's record on its way into a kind, as the workflow holds it: the item it is
/// for (`C` is `Option<ContentId>` when checking: none yet for a new item), its JSON as
/// stored in `content_revisions.record`, and the time.
pub struct Stored<'a, C = ContentId> {
    pub content: C,
    pub record: Option<&'a str>,
    pub now: NaiveDateTime,
}

/// Reads a stored record; a missing or malformed one is the form's `record` field at fault,
/// explained by the kind's message.
pub fn parse<R: DeserializeOwned>(
    json: Option<&str>,
    missing: &'static str,
) -> Result<R, RecordError> {
    json.and_then(|j| serde_json::from_str(j).ok())
        .ok_or_else(|| RecordError::invalid("record", missing))
}

/// The [`Kind`] of a [`RecordKind`].
pub struct Registered<K>(std::marker::PhantomData<fn() -> K>);

impl<K: RecordKind> Kind for Registered<K> {
    fn kind(&self) -> ContentKind {
        K::KIND
    }

    fn paths(&self) -> Paths {
        K::PATHS
    }

    fn page_template(&self) -> &'static str {
        K::PAGE_TEMPLATE
    }

    fn print_template(&self) -> Option<&'static str> {
        K::PRINT_TEMPLATE
    }

    fn english_fields(&self) -> &'static [&'static str] {
        K::ENGLISH_FIELDS
    }

    fn check(
        &self,
        conn: &mut DbConn,
        lang: Lang,
        stored: Stored<Option<ContentId>>,
    ) -> Result<(), RecordError> {
        let record = parse(stored.record, K::RECORD_MISSING)?;
        K::check(conn, lang, stored.content, &record, stored.now)
    }

    fn publish(&self, conn: &mut DbConn, site: SiteId, stored: Stored) -> Result<(), RecordError> {
        let record = parse(stored.record, K::RECORD_MISSING)?;
        K::publish(conn, site, stored.content, &record, stored.now)
    }

    fn current(
        &self,
        conn: &mut DbConn,
        content: ContentId,
    ) -> Result<Option<String>, RecordError> {
        Ok(K::current(conn, content)?.and_then(|r| serde_json::to_string(&r).ok()))
    }

    fn search_text(
        &self,
        conn: &mut DbConn,
        content: ContentId,
    ) -> Result<Option<(String, Vec<SiteId>, String)>, RecordError> {
        K::search_text(conn, content)
    }
}

/// Walks the registered kinds with their types: the registry itself, the web routes of
/// the kinds with public pages and of those with an admin form ([`crate::kinds::each`] is
/// the one list). A visitor overrides what it needs.
pub trait Visitor {
    /// A kind of record whose items the workflow reviews.
    fn record<K: RecordKind>(&mut self);
    /// The generic public pages and API of a kind (after [`Visitor::record`]).
    fn pages<K: public::PublicKind>(&mut self) {}
    /// The generic admin form of a kind (after [`Visitor::record`]).
    fn form<K: form::FormKind>(&mut self) {}
    /// A kind of record with the generic public pages and API resource.
    fn public<K: public::PublicKind>(&mut self) {
        self.record::<K>();
        self.pages::<K>();
    }
    /// A kind of record with the generic public pages and the generic admin form.
    fn full<K: public::PublicKind + form::FormKind>(&mut self) {
        self.record::<K>();
        self.pages::<K>();
        self.form::<K>();
    }
    /// A store-backed kind ([`stored::StoredKind`]): a full kind whose records also come
    /// from the generic import and the demo.
    fn stored<K: stored::StoredKind>(&mut self) {
        self.full::<K>();
    }
}

impl Visitor for Registry {
    fn record<K: RecordKind>(&mut self) {
        assert!(
            self.get(K::KIND).is_none(),
            "{} is registered twice",
            K::KIND
        );
        self.kinds
            .push(Box::new(Registered::<K>(std::marker::PhantomData)));
    }

    fn form<K: form::FormKind>(&mut self) {
        self.forms.push((K::KIND, K::ADMIN_PATH));
    }
}

/// Every kind of record, looked up by how its items are stored.
pub struct Registry {
    kinds: Vec<Box<dyn Kind>>,
    /// The kinds with the generic admin form, and the word of its addresses.
    forms: Vec<(ContentKind, &'static str)>,
}

impl Registry {
    pub fn new() -> Registry {
        Registry {
            kinds: Vec::new(),
            forms: Vec::new(),
        }
    }

    /// Adds a kind (one line of [`crate::kinds`]).
    pub fn with<K: RecordKind>(mut self) -> Registry {
        self.record::<K>();
        self
    }

    /// The kind whose items are stored as `kind`; `None` for text-only content (pages, news).
    pub fn get(&self, kind: ContentKind) -> Option<&dyn Kind> {
        self.kinds
            .iter()
            .find(|k| k.kind() == kind)
            .map(|k| k.as_ref())
    }

    /// The word of the admin addresses of a kind with the generic form (`legal` →
    /// `/admin/sites/{slug}/legal/{id}/edit`).
    pub fn admin_path(&self, kind: ContentKind) -> Option<&'static str> {
        self.forms.iter().find(|(k, _)| *k == kind).map(|(_, p)| *p)
    }

    /// Every registered kind, in registration order.
    pub fn all(&self) -> impl Iterator<Item = &dyn Kind> {
        self.kinds.iter().map(|k| k.as_ref())
    }
}

impl Default for Registry {
    fn default() -> Self {
        Registry::new()
    }
}

/// The storage methods of a [`RecordKind`] whose folder has a `store` module with
/// `check(conn, content, lang, record)`, `write(conn, content, site, record, now)` and
/// `record(conn, content)`: `record_kind_store!(store, LegalRecord);` inside the `impl`.
#[macro_export]
macro_rules! record_kind_store {
    ($store:ident, $record:ty) => {
        fn check(
            conn: &mut $crate::db::DbConn,
            lang: $crate::lang::Lang,
            content: Option<$crate::content::ContentId>,
            record: &$record,
            _now: chrono::NaiveDateTime,
        ) -> Result<(), $crate::record::RecordError> {
            Ok($store::check(conn, content, lang, record)?)
        }

        fn publish(
            conn: &mut $crate::db::DbConn,
            site: $crate::site::SiteId,
            content: $crate::content::ContentId,
            record: &$record,
            now: chrono::NaiveDateTime,
        ) -> Result<(), $crate::record::RecordError> {
            Ok($store::write(conn, content, site, record, now)?)
        }

        fn current(
            conn: &mut $crate::db::DbConn,
            content: $crate::content::ContentId,
        ) -> Result<Option<$record>, $crate::record::RecordError> {
            Ok($store::record(conn, content)?)
        }
    };
}
