//! The one import driver (`cong import KIND FILE`, its aliases `cong legal import` and
//! `cong services import`, and the demo): a kind reads its own lines (JSON Lines or CSV,
//! [`lines`]); the driver runs each line in its own transaction (a bad line changes nothing
//! and is reported with its reasons), counts what each did, and stores a record the same
//! way for every kind: published at once, or proposed as a draft for the board with
//! `--draft`; an existing item is updated only when the line changes it (idempotent).
//! The store-backed kinds' whole import is [`stored`].

pub mod lines;
pub mod stored;

use chrono::NaiveDateTime;
use serde::ser::SerializeMap;
use serde::Serialize;

pub use self::lines::{csv_lines, jsonl_lines, read_text, ImportError, NumberedLines};
pub use self::stored::{import_file, Demo};
use crate::account::audit::{self, AuditAction, Entry};
use crate::content::store::ContentForm;
use crate::content::{ContentId, ContentItem, ContentState, ContentText};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::media::bytes::Library;
use crate::media::files::FileStore;
use crate::media::library::MediaFile;
use crate::media::Limits;
use crate::render::i18n::Messages;
use crate::review::store::{self as review_store, NewItem, ReviewError, RevisionForm};
use crate::site::SiteId;

/// What happened to one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
    Rejected,
}

/// A line's reason as the report prints it: `number_symbol: legal-duplicate` becomes
/// `number_symbol: <the message in lang>`; text that names no message stays as it is.
pub fn explain(messages: &Messages, lang: Lang, reason: &str) -> String {
    reason
        .split(", ")
        .map(|part| match part.split_once(": ") {
            Some((field, id)) if !id.contains(' ') && messages.has(lang, id) => {
                format!("{field}: {}", messages.get(lang, id))
            }
            _ => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Says every rejected line's reason in words (English: the command line's language).
pub fn explain_all<'a>(reasons: impl Iterator<Item = &'a mut String>) -> anyhow::Result<()> {
    let messages = Messages::load()?;
    for reason in reasons {
        *reason = explain(&messages, Lang::En, reason);
    }
    Ok(())
}

/// How and where an import stores what it reads.
pub struct ImportOptions<'a> {
    /// The site items go on when a line names none (the province portal by default).
    pub site: SiteId,
    /// Set by `--site`: every line goes there, whatever it says.
    pub force_site: bool,
    pub directory: &'a crate::site::hosts::Directory,
    /// Recorded in the audit log for every item created or changed.
    pub entry: Entry,
    /// The account drafts are proposed by (needed with `draft`).
    pub actor: Option<crate::account::Actor>,
    pub draft: bool,
    pub files: &'a dyn FileStore,
    pub limits: &'a Limits,
    /// Reads a file a line names (relative to the import file, or from the built-in demo).
    pub read_file: &'a dyn Fn(&str) -> std::io::Result<Vec<u8>>,
}

impl<'a> ImportOptions<'a> {
    /// How the demo imports its built-in data: published on the province portal (`site`)
    /// unless a line names another site, recorded as the demo's, its files read by `read_file`.
    pub fn demo(
        site: SiteId,
        place: &DemoPlace<'a>,
        read_file: &'a dyn Fn(&str) -> std::io::Result<Vec<u8>>,
    ) -> Self {
        ImportOptions {
            site,
            force_site: false,
            directory: place.directory,
            entry: Entry::named(None, "demo", crate::account::audit::Via::Import),
            actor: None,
            draft: false,
            files: place.files,
            limits: place.limits,
            read_file,
        }
    }

    /// Where the files lines name are stored.
    pub fn library(&self) -> Library<'_> {
        Library {
            files: self.files,
            entry: &self.entry,
            limits: self.limits,
        }
    }

    /// The site a line goes on: the one it names by slug in `field`, unless `--site` was
    /// given or it names none.
    pub fn site_of(&self, slug: Option<&str>, field: &str) -> Result<SiteId, String> {
        match (slug, self.force_site) {
            (Some(slug), false) => self
                .directory
                .by_slug(slug)
                .map(|s| s.id)
                .ok_or_else(|| format!("{field}: no site {slug:?}")),
            _ => Ok(self.site),
        }
    }

    /// Stores a file a line names in `field` (read beside the import file) in the site's
    /// library, named as its path ends (`fallback` when it ends in no name).
    pub fn store_file(
        &self,
        conn: &mut DbConn,
        field: &str,
        path: &str,
        fallback: &str,
        site: SiteId,
        now: NaiveDateTime,
    ) -> Result<MediaFile, String> {
        let bytes = (self.read_file)(path).map_err(|e| format!("{field} {path:?}: {e}"))?;
        let name = std::path::Path::new(path)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(fallback);
        self.library()
            .store(conn, &bytes, name, site, now)
            .map_err(|e| format!("{field} {path:?}: {e}"))
    }
}

/// The language a line is in: the code it gives, Vietnamese when it gives none.
pub fn lang_of(code: Option<&str>) -> Result<Lang, String> {
    match code {
        None => Ok(Lang::Vi),
        Some(code) => Lang::from_code(code).ok_or_else(|| format!("lang {code:?} unknown")),
    }
}

/// Why a line was rejected (its transaction is rolled back): `field: message-id, …` for a
/// refused record, else the fault in words.
pub struct LineFailure(pub String);

impl From<diesel::result::Error> for LineFailure {
    fn from(e: diesel::result::Error) -> Self {
        LineFailure(format!("database: {e}"))
    }
}

impl From<ReviewError> for LineFailure {
    fn from(e: ReviewError) -> Self {
        LineFailure(match e {
            ReviewError::Invalid(errors) => errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message_id))
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        })
    }
}

/// The content item an import created for a record.
pub enum Created {
    /// Proposed by the import's account: the workflow keeps the record in the revision.
    Draft(ContentId),
    /// Public at once: the caller writes the record into its kind's tables.
    Published(ContentId),
}

/// Whether an account may import onto a site: a member of its board, or a system
/// administrator (who may import anywhere).
pub fn may_import(actor: &crate::account::Actor, site: SiteId) -> bool {
    actor.system_admin || actor.role_on(site).is_some()
}

/// Creates the content item of an imported record: a draft proposed by the import's account
/// with `--draft`, else an item published at `published_at`. A line for a site the import's
/// account has no role on is refused.
pub fn create_item(
    conn: &mut DbConn,
    options: &ImportOptions,
    new: NewItem,
    text: &RevisionForm,
    published_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Created, ReviewError> {
    if let Some(actor) = &options.actor {
        if !may_import(actor, new.site) {
            return Err(ReviewError::Refused(crate::review::Refusal::NotPermitted));
        }
    }
    if options.draft {
        let actor = options
            .actor
            .as_ref()
            .ok_or(ReviewError::Refused(crate::review::Refusal::NotPermitted))?;
        let (id, _) = crate::review::store::create_item(conn, new, text, actor, now)?;
        return Ok(Created::Draft(id));
    }
    let form = ContentForm {
        site_id: new.site,
        kind: new.kind,
        lang: new.lang,
        translation_key: new.translation_key.to_string(),
        text: ContentText {
            slug: text.slug.clone(),
            title: text.title.clone(),
            summary: text.summary.clone(),
            body_markdown: String::new(),
            author: text.author.clone(),
            source: text.source.clone(),
            category: None,
        },
        tags: Vec::new(),
        state: ContentState::Published,
        state_note: None,
        published_at,
        revised_at: published_at,
        cover: None,
    };
    Ok(Created::Published(
        crate::content::store::save(conn, &form, now)?.id(),
    ))
}

impl From<String> for LineFailure {
    fn from(reason: String) -> Self {
        LineFailure(reason)
    }
}

impl LineFailure {
    /// A record refused for these reasons.
    pub fn refused(errors: Vec<crate::field::FieldError>) -> Self {
        LineFailure::from(ReviewError::Invalid(errors))
    }
}

/// What a line did once stored: its outcome, its item, and what it warns about.
pub struct Imported<W> {
    pub outcome: Outcome,
    pub id: ContentId,
    pub warnings: Vec<W>,
}

impl<W> Imported<W> {
    /// A line stored without a warning.
    pub fn plain(outcome: Outcome, id: ContentId) -> Self {
        Imported {
            outcome,
            id,
            warnings: Vec::new(),
        }
    }
}

/// The report of one line; `W` is what a kind warns about (a legal document's gaps).
#[derive(Debug, Clone)]
pub struct LineReport<W = ()> {
    pub line: usize,
    /// The record's key (a document's number-symbol, a procedure's code), as far as read.
    pub key: String,
    pub outcome: Outcome,
    pub id: Option<i32>,
    pub reason: Option<String>,
    pub warnings: Vec<W>,
    /// What the report calls the key (`key`, `code`, `number_symbol`).
    key_name: &'static str,
}

impl<W: Serialize> Serialize for LineReport<W> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("line", &self.line)?;
        map.serialize_entry(self.key_name, &self.key)?;
        map.serialize_entry("outcome", &self.outcome)?;
        if let Some(id) = self.id {
            map.serialize_entry("id", &id)?;
        }
        if let Some(reason) = &self.reason {
            map.serialize_entry("reason", reason)?;
        }
        if !self.warnings.is_empty() {
            map.serialize_entry("warnings", &self.warnings)?;
        }
        map.end()
    }
}

/// The summary of an import.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport<W = ()> {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    pub lines: Vec<LineReport<W>>,
}

impl<W> Default for ImportReport<W> {
    fn default() -> Self {
        ImportReport {
            created: 0,
            updated: 0,
            unchanged: 0,
            rejected: 0,
            lines: Vec::new(),
        }
    }
}

impl<W> ImportReport<W> {
    /// The first rejected line: its number and reason (a defect, in the demo's data).
    pub fn first_rejected(&self) -> Option<(usize, String)> {
        self.lines
            .iter()
            .find(|l| l.outcome == Outcome::Rejected)
            .map(|l| (l.line, l.reason.clone().unwrap_or_default()))
    }

    /// The counts, and as `list` the lines `listed` picks: what a command-line import prints.
    pub fn summary(&self, list: &str, listed: impl Fn(&LineReport<W>) -> bool) -> serde_json::Value
    where
        W: Serialize,
    {
        serde_json::json!({
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            list: self.lines.iter().filter(|l| listed(l)).collect::<Vec<_>>(),
        })
    }

    /// The report of a demo file's import, or the file's defect: its first rejected line
    /// (`file` under the repository's `content/`).
    pub fn accepted(self, file: &str) -> Result<Self, DemoError> {
        match self.first_rejected() {
            Some((line, reason)) => Err(DemoError::Line {
                file: file.to_string(),
                line,
                reason,
            }),
            None => Ok(self),
        }
    }

    fn add(
        &mut self,
        line: usize,
        key: String,
        key_name: &'static str,
        result: Result<Imported<W>, String>,
    ) {
        let (outcome, id, reason, warnings) = match result {
            Ok(done) => (done.outcome, Some(done.id.0), None, done.warnings),
            Err(reason) => (Outcome::Rejected, None, Some(reason), Vec::new()),
        };
        *match outcome {
            Outcome::Created => &mut self.created,
            Outcome::Updated => &mut self.updated,
            Outcome::Unchanged => &mut self.unchanged,
            Outcome::Rejected => &mut self.rejected,
        } += 1;
        self.lines.push(LineReport {
            line,
            key,
            outcome,
            id,
            reason,
            warnings,
            key_name,
        });
    }
}

/// Told (done, total) after each line of an import, when given.
pub type Progress<'a> = Option<&'a mut dyn FnMut(usize, usize)>;

/// One line being stored: the connection (in the line's own transaction), the import's
/// options and time, and the key the report shows for the line (said as soon as known).
pub struct LineAt<'a, 'o> {
    pub conn: &'a mut DbConn,
    pub key: &'a mut String,
    pub options: &'a ImportOptions<'o>,
    pub now: NaiveDateTime,
}

/// The report of an import of a kind: the lines' report, and what the kind adds up besides
/// (a legal document's articles).
pub trait KindReport: Default {
    /// What a stored line warns about (a legal document's gaps).
    type Warning;
    fn lines(&mut self) -> &mut ImportReport<Self::Warning>;
}

impl<W> KindReport for ImportReport<W> {
    type Warning = W;
    fn lines(&mut self) -> &mut ImportReport<W> {
        self
    }
}

/// A kind of import: what the report calls a line's key, what its file's lines are read
/// into, and how one line is stored. [`import`] runs any of them.
pub trait LineImport {
    /// What the report calls the key (`key`, `code`, `number_symbol`).
    const KEY_NAME: &'static str;
    /// One line of the file, as read.
    type Line;
    type Report: KindReport;

    /// Stores one line; adds to `report` what the kind adds up besides the outcomes.
    fn import_line(
        at: LineAt,
        line: Self::Line,
        report: &mut Self::Report,
    ) -> Result<Imported<<Self::Report as KindReport>::Warning>, LineFailure>;
}

/// Imports every line of a kind `L`, each in its own transaction: a line the kind refuses
/// changes nothing; `progress` is told (done, total) after each line.
pub fn import<L: LineImport>(
    conn: &mut DbConn,
    lines: NumberedLines<L::Line>,
    options: &ImportOptions,
    now: NaiveDateTime,
    mut progress: Progress,
) -> L::Report {
    let mut report = L::Report::default();
    let total = lines.len();
    for (done, (line, parsed)) in lines.into_iter().enumerate() {
        let mut key = String::new();
        let result = parsed.and_then(|l| {
            conn.write::<_, LineFailure, _>(|conn| {
                let at = LineAt {
                    conn,
                    key: &mut key,
                    options,
                    now,
                };
                L::import_line(at, l, &mut report)
            })
            .map_err(|f| f.0)
        });
        report.lines().add(line, key, L::KEY_NAME, result);
        if let Some(tell) = progress.as_deref_mut() {
            tell(done + 1, total);
        }
    }
    report
}

/// Writes a record into its kind's tables as the item `ContentId` on a site.
pub type WriteRecord<'a> = dyn Fn(&mut DbConn, ContentId, SiteId) -> Result<(), LineFailure> + 'a;

/// How the import stores one record of a kind, created or updated: the revision a draft
/// carries, the publication into the kind's tables, and what the audit log says.
pub struct Storing<'a> {
    /// The kind of item, and the key that finds its translations.
    pub kind: crate::content::ContentKind,
    pub translation_key: String,
    /// The revision text of the record on a site.
    pub revision: Box<dyn Fn(SiteId) -> RevisionForm + 'a>,
    /// Writes the record into the kind's tables (a publication by import).
    pub write: Box<WriteRecord<'a>>,
    /// The audit actions of a created and of an updated item, and the title they note.
    pub created: AuditAction,
    pub updated: AuditAction,
    pub title: &'a str,
    /// The reason given when a draft would be changed without an account (`--as`).
    pub draft_needs_account: &'a str,
}

impl<'a> Storing<'a> {
    /// How a record of a kind edited through the admin form is stored: the kind's own
    /// revision, translation key and publication, noted as a content import.
    pub fn of_kind<K: crate::record::form::FormKind>(
        record: &'a K::Record,
        title: &'a str,
        now: NaiveDateTime,
    ) -> Self {
        Storing {
            kind: K::KIND,
            translation_key: K::translation_key(record),
            revision: Box::new(move |_| K::revision(record, "")),
            write: Box::new(move |conn, id, site| {
                K::publish(conn, site, id, record, now)
                    .map_err(|e| LineFailure::from(ReviewError::from(e)))
            }),
            created: AuditAction::ContentImportCreate,
            updated: AuditAction::ContentImportUpdate,
            title,
            draft_needs_account: "state: stored-draft-needs-account",
        }
    }
}

impl Storing<'_> {
    /// Creates the item of a new record in `lang` on `site`: a draft with `--draft`, else
    /// published at `published_at` and written into the kind's tables.
    pub fn create(
        &self,
        conn: &mut DbConn,
        options: &ImportOptions,
        (site, lang): (SiteId, Lang),
        published_at: NaiveDateTime,
        now: NaiveDateTime,
    ) -> Result<ContentId, LineFailure> {
        let new = NewItem {
            site,
            kind: self.kind,
            lang,
            translation_key: &self.translation_key,
        };
        let text = (self.revision)(site);
        let id = match create_item(conn, options, new, &text, published_at, now)? {
            Created::Draft(id) => return Ok(id),
            Created::Published(id) => id,
        };
        (self.write)(conn, id, site)?;
        self.noted(conn, options, id, site, self.created, now)?;
        Ok(id)
    }

    /// Updates the item of a changed record (the caller has found it changed): drafts, and
    /// any change proposed for review, go through the workflow; a public item is rewritten.
    pub fn update(
        &self,
        conn: &mut DbConn,
        options: &ImportOptions,
        item: &ContentItem,
        now: NaiveDateTime,
    ) -> Result<Outcome, LineFailure> {
        match (&options.actor, item.state) {
            (Some(actor), _) if options.draft || item.state == ContentState::Draft => {
                let text = (self.revision)(item.site_id);
                review_store::save_draft(conn, item.id, &text, actor, now)?;
            }
            (None, ContentState::Draft) => {
                return Err(LineFailure(self.draft_needs_account.to_string()));
            }
            _ => {
                (self.write)(conn, item.id, item.site_id)?;
                self.noted(conn, options, item.id, item.site_id, self.updated, now)?;
            }
        }
        Ok(Outcome::Updated)
    }

    fn noted(
        &self,
        conn: &mut DbConn,
        options: &ImportOptions,
        id: ContentId,
        site: SiteId,
        action: AuditAction,
        now: NaiveDateTime,
    ) -> Result<(), LineFailure> {
        let entry = options
            .entry
            .about("content", i64::from(id.0), Some(site), action, self.title);
        Ok(audit::record(conn, &entry, now)?)
    }
}

/// Why a kind's demo data, built into the binary, could not be loaded (a defect of the
/// shipped data).
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the demo needs a province portal")]
    NoPortal,
    /// A line of a file under the repository's `content/`.
    #[error("content/{file} line {line}: {reason}")]
    Line {
        file: String,
        line: usize,
        reason: String,
    },
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

/// Where the demo's built-in data goes: the sites, and the media library its files are
/// stored in.
pub struct DemoPlace<'a> {
    pub directory: &'a crate::site::hosts::Directory,
    pub files: &'a dyn FileStore,
    pub limits: &'a Limits,
}

impl DemoPlace<'_> {
    /// The province portal, where the demo's records go unless they name another site.
    pub fn portal(&self) -> Result<SiteId, DemoError> {
        Ok(self.directory.province().ok_or(DemoError::NoPortal)?.id)
    }
}

/// A file of a demo folder built into the binary, read as an import reads a file beside it.
pub fn embedded<E: rust_embed::RustEmbed>(path: &str) -> std::io::Result<Vec<u8>> {
    E::get(path)
        .map(|f| f.data.into_owned())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, path.to_string()))
}

/// The text of a file of a demo folder built into the binary (empty when it has none).
pub fn embedded_text<E: rust_embed::RustEmbed>(path: &str) -> String {
    E::get(path)
        .map(|f| String::from_utf8_lossy(&f.data).into_owned())
        .unwrap_or_default()
}
