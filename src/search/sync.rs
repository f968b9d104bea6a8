//! Keeping the search index in step with the database, which is the source of truth: what
//! each published item puts in the index, catching up with the change log from the id the
//! index last applied (each server keeps its own index), and rebuilding from scratch (at
//! start when the index is missing or unreadable, and with `cong reindex`) while readers keep
//! the previous build.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::NaiveDate;
use diesel::prelude::*;
use parking_lot::{Mutex, RwLock};

use super::rankers::{Rankers, RankingError};
use super::{ArticleRef, DocKind, IndexUpdater, LegalMeta, SearchDoc, SearchError, SearchIndex};
use crate::changelog::{self, Entity};
use crate::clock::SharedClock;
use crate::content::store as content_store;
use crate::content::{ContentId, ContentItem, ContentKind, ContentState};
use crate::db::schema::content_items;
use crate::db::{DbConn, DbError};
use crate::legal::store as legal_store;
use crate::services::store as services_store;
use crate::site::hosts::Directory;
use crate::site::store::load_directory;
use crate::site::SiteId;
use crate::urls;

/// Why the index could not be brought up to date.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Record(#[from] crate::record::RecordError),
}

impl From<diesel::result::Error> for SyncError {
    fn from(e: diesel::result::Error) -> Self {
        SyncError::Db(DbError::Query(e))
    }
}

/// The server's search: its index once built, and the one writer that updates it.
pub struct Search {
    root: PathBuf,
    clock: SharedClock,
    index: RwLock<Option<Arc<SearchIndex>>>,
    writer: Mutex<Option<IndexUpdater>>,
    rebuilding: AtomicBool,
    /// Whether the index served has applied the change log since it was opened: an index
    /// opened at start may lag behind a whole import made meanwhile (`/readyz` waits for it).
    caught_up: AtomicBool,
    /// Recent answers each index keeps (see [`super::answers`]); 0 for none.
    answers: usize,
    /// The threads that rank queries, one per core. A burst of searches waits its turn there
    /// instead of filling the blocking pool with rankings that take every core from the
    /// workers that serve pages (which made the slowest page requests wait ten times the
    /// median).
    rankers: Rankers,
}

/// Where an entry links: the site's slug and the path on it, resolved to a full link when
/// shown (hosts depend on the request).
pub fn stored_url(slug: &str, path: &str) -> String {
    format!("{slug}:{path}")
}

/// The site slug and path of a stored link.
pub fn split_url(url: &str) -> (&str, &str) {
    url.split_once(':').unwrap_or(("", url))
}

impl Search {
    /// The search of a data directory's index (`data/search/`); nothing is opened yet.
    pub fn new(root: PathBuf, clock: SharedClock, answers: usize) -> Search {
        Search {
            root,
            clock,
            index: RwLock::new(None),
            writer: Mutex::new(None),
            rebuilding: AtomicBool::new(false),
            caught_up: AtomicBool::new(false),
            answers,
            rankers: Rankers::default(),
        }
    }

    /// Opens the index on disk; false when it is missing or unreadable and must be rebuilt.
    pub fn open(&self) -> bool {
        match SearchIndex::open(&self.root) {
            Ok(mut index) => {
                index.remember_answers(self.answers);
                let writer = index.updater().ok();
                if writer.is_none() {
                    // Another process holds the writer (e.g. `cong reindex`): read only.
                    tracing::warn!("search index opened read-only");
                }
                *self.writer.lock() = writer;
                self.caught_up.store(false, Ordering::SeqCst);
                *self.index.write() = Some(Arc::new(index));
                true
            }
            Err(e) => {
                tracing::warn!(error = %e, "search index needs a rebuild");
                false
            }
        }
    }

    /// The index readers search, unless none is built yet.
    pub fn current(&self) -> Option<Arc<SearchIndex>> {
        self.index.read().clone()
    }

    /// Runs a query's work on a ranking thread, in its turn.
    pub async fn rank<R: Send + 'static>(
        &self,
        work: impl FnOnce() -> R + Send + 'static,
    ) -> Result<R, RankingError> {
        self.rankers.run(work).await
    }

    /// True when the index this server reads was deleted from under it (by hand, by a disk
    /// fault): search still answers from the files it holds open, but nothing more can be
    /// written to it, so it must be rebuilt.
    pub fn lost(&self) -> bool {
        self.current().is_some()
            && !self.is_rebuilding()
            && !super::SearchIndex::on_disk(&self.root)
    }

    /// Whether search is fully ready: an index open, on disk, not being rebuilt, and up to
    /// date with the change log.
    pub fn ready(&self) -> bool {
        self.current().is_some()
            && !self.is_rebuilding()
            && !self.lost()
            && self.caught_up.load(Ordering::SeqCst)
    }

    /// Opens the index, or rebuilds it when it is missing, unreadable or was deleted, then
    /// applies what changed since it was written. Blocking: for a background thread.
    pub fn recover(&self, conn: &mut DbConn) {
        if self.lost() || !self.open() {
            let started = std::time::Instant::now();
            match self.rebuild(conn, None) {
                Ok(n) => tracing::info!(
                    entries = n,
                    ms = started.elapsed().as_millis() as u64,
                    "search index rebuilt"
                ),
                Err(e) => tracing::error!(error = %e, "search index rebuild failed"),
            }
        }
        if let Err(e) = self.catch_up(conn) {
            tracing::error!(error = %e, "search index could not catch up");
        }
    }

    /// True while the index is being built from scratch.
    pub fn is_rebuilding(&self) -> bool {
        self.rebuilding.load(Ordering::SeqCst)
    }

    fn today(&self) -> NaiveDate {
        self.clock
            .now()
            .with_timezone(&crate::clock::vietnam())
            .date_naive()
    }

    /// Builds the index from the database in a new directory, then switches readers to it.
    /// `progress` hears (done, total) as items are added. Returns the number of entries.
    pub fn rebuild(
        &self,
        conn: &mut DbConn,
        mut progress: Option<&mut dyn FnMut(usize, usize)>,
    ) -> Result<u64, SyncError> {
        self.rebuilding.store(true, Ordering::SeqCst);
        let result = (|| {
            // Changes after this point are applied by the next catch-up.
            let cursor = changelog::latest_id(conn)?;
            let directory = load_directory(conn)?;
            let ids: Vec<i32> = content_items::table
                .filter(content_items::state.eq(ContentState::Published.as_str()))
                .order(content_items::id)
                .select(content_items::id)
                .load(conn)?;
            // The writer of the old build goes first: the new build has its own.
            *self.writer.lock() = None;
            let mut build = SearchIndex::rebuild(&self.root)?;
            let today = self.today();
            build.set_statuses_on(today);
            for (done, id) in ids.iter().enumerate() {
                if let Some(item) = content_store::find(conn, ContentId(*id))? {
                    for doc in entries(conn, &directory, &item, today)? {
                        build.add(&doc)?;
                    }
                }
                if let Some(p) = progress.as_deref_mut() {
                    p(done + 1, ids.len());
                }
            }
            let mut index = build.finish(cursor)?;
            index.remember_answers(self.answers);
            let count = index.len();
            *self.writer.lock() = index.updater().ok();
            // Built from the database as it was at `cursor`: what came since is the next
            // catch-up's, as for a node that is running.
            self.caught_up.store(true, Ordering::SeqCst);
            *self.index.write() = Some(Arc::new(index));
            Ok(count)
        })();
        self.rebuilding.store(false, Ordering::SeqCst);
        result
    }

    /// Applies every change the index has not seen; returns how many items were reindexed.
    pub fn catch_up(&self, conn: &mut DbConn) -> Result<usize, SyncError> {
        let applied = self.updating(|index, writer| self.apply_changes(conn, index, writer))?;
        if !self.is_rebuilding() {
            self.caught_up.store(true, Ordering::SeqCst);
        }
        Ok(applied)
    }

    /// Runs `work` on the index served and its writer; does nothing (0) while the index is
    /// rebuilt, or when there is no index or no writer.
    fn updating(
        &self,
        work: impl FnOnce(&SearchIndex, &mut IndexUpdater) -> Result<usize, SyncError>,
    ) -> Result<usize, SyncError> {
        if self.is_rebuilding() {
            return Ok(0);
        }
        let Some(index) = self.current() else {
            return Ok(0);
        };
        let mut guard = self.writer.lock();
        let Some(writer) = guard.as_mut() else {
            return Ok(0);
        };
        work(&index, writer)
    }

    /// Applies every change after the one the index has applied, in batches; after a bulk
    /// change (an import), merges the index into one segment.
    fn apply_changes(
        &self,
        conn: &mut DbConn,
        index: &SearchIndex,
        writer: &mut IndexUpdater,
    ) -> Result<usize, SyncError> {
        let mut cursor = index.applied_change()?.unwrap_or(0);
        let mut reindexed = 0;
        loop {
            let batch = changelog::after(conn, cursor, 500)?;
            let Some(last) = batch.last() else {
                if reindexed >= BULK_CHANGE {
                    if let Err(e) = writer.merge_all() {
                        tracing::warn!(error = %e, "search index: merging its segments failed");
                    }
                }
                return Ok(reindexed);
            };
            let mut items: Vec<i32> = batch
                .iter()
                .filter(|c| c.is(Entity::Content))
                .map(|c| c.entity_id as i32)
                .collect();
            items.sort_unstable();
            items.dedup();
            if !items.is_empty() || batch.iter().any(|c| c.is(Entity::Site)) {
                let directory = load_directory(conn)?;
                let today = self.today();
                let mut related = Vec::new();
                for id in &items {
                    reindex(conn, writer, &directory, ContentId(*id), today)?;
                    related.extend(legal_store::related_targets(conn, ContentId(*id))?);
                }
                // A replacement or an amendment changes the status of what it names.
                for id in related.into_iter().filter(|r| !items.contains(&r.0)) {
                    reindex(conn, writer, &directory, id, today)?;
                }
                reindexed += items.len();
            }
            cursor = last.id;
            writer.commit(cursor)?;
        }
    }

    /// Reindexes the legal documents whose status changed since the day the index last
    /// computed statuses for (a document comes into force at midnight with no edit); returns
    /// how many. Cheap when that day is today.
    pub fn refresh_statuses(&self, conn: &mut DbConn) -> Result<usize, SyncError> {
        self.updating(|index, writer| {
            let today = self.today();
            // An index written before statuses were refreshed: assume yesterday's.
            let since = writer
                .statuses_on()
                .unwrap_or_else(|| today - chrono::Days::new(1));
            if since >= today {
                return Ok(0);
            }
            let changed = legal_store::statuses_changed(conn, since, today)?;
            let directory = load_directory(conn)?;
            for id in &changed {
                reindex(conn, writer, &directory, *id, today)?;
            }
            writer.set_statuses_on(today);
            writer.commit(index.applied_change()?.unwrap_or(0))?;
            Ok(changed.len())
        })
    }
}

impl changelog::follower::ChangeListener for Search {
    fn on_changes(&self, conn: &mut DbConn, _changes: &[changelog::Change]) {
        // The index reads the log from its own cursor: a batch is only the signal.
        if let Err(e) = self.catch_up(conn) {
            tracing::error!(error = %e, "the search index could not apply changes");
        }
    }
}

/// Replaces an item's entries with its current ones (none when it is not public).
fn reindex(
    conn: &mut DbConn,
    writer: &mut IndexUpdater,
    directory: &Directory,
    id: ContentId,
    today: NaiveDate,
) -> Result<(), SyncError> {
    let item = content_store::find(conn, id)?;
    let Some(item) = item else {
        for prefix in KEY_PREFIXES {
            writer.delete_document_with_articles(&format!("{prefix}:{}", id.0));
        }
        return Ok(());
    };
    let key = entry_key(item.kind, id);
    writer.delete_document_with_articles(&key);
    for doc in entries(conn, directory, &item, today)? {
        writer.add(&doc)?;
    }
    Ok(())
}

/// Items reindexed at once from which the index is merged into one segment afterwards.
const BULK_CHANGE: usize = 50;

const KEY_PREFIXES: [&str; 12] = [
    "news",
    "page",
    "legal",
    "service",
    "answer",
    "consultation",
    "project",
    "procurement",
    "dataset",
    "plan",
    "budget",
    "science",
];

/// The search kind of a store-backed kind of record, which says what finds it itself
/// ([`crate::record::RecordKind::search_text`]).
fn stored_doc_kind(kind: ContentKind) -> Option<DocKind> {
    match kind {
        ContentKind::Project => Some(DocKind::Project),
        ContentKind::Procurement => Some(DocKind::Procurement),
        ContentKind::Dataset => Some(DocKind::Dataset),
        ContentKind::Plan => Some(DocKind::Plan),
        ContentKind::BudgetDisclosure => Some(DocKind::BudgetDisclosure),
        ContentKind::ScienceTask => Some(DocKind::ScienceTask),
        _ => None,
    }
}

fn entry_key(kind: ContentKind, id: ContentId) -> String {
    let prefix = match kind {
        ContentKind::News => "news",
        ContentKind::Page => "page",
        ContentKind::LegalDocument => "legal",
        ContentKind::Procedure => "service",
        ContentKind::Answer => "answer",
        ContentKind::OrgUnit | ContentKind::Official | ContentKind::ScheduleWeek => "directory",
        ContentKind::Consultation => "consultation",
        ContentKind::Project
        | ContentKind::Procurement
        | ContentKind::Dataset
        | ContentKind::Plan
        | ContentKind::BudgetDisclosure
        | ContentKind::ScienceTask => kind.as_str(),
    };
    format!("{prefix}:{}", id.0)
}

/// What a public item puts in the index: one entry, or a legal document and each of its
/// articles. Drafts, taken-down and withdrawn items put nothing.
pub fn entries(
    conn: &mut DbConn,
    directory: &Directory,
    item: &ContentItem,
    today: NaiveDate,
) -> Result<Vec<SearchDoc>, SyncError> {
    if item.state != ContentState::Published {
        return Ok(Vec::new());
    }
    let Some(site) = directory.get(item.site_id) else {
        return Ok(Vec::new());
    };
    let path = urls::item_path(item.kind, item.lang, item.id, &item.text.slug);
    let url = stored_url(&site.slug, &path);
    let date = Some(
        item.published_at
            .and_utc()
            .with_timezone(&crate::clock::vietnam())
            .date_naive(),
    );
    let key = entry_key(item.kind, item.id);
    let place = |key, url| Place {
        item,
        key,
        url,
        date,
    };
    let kind = match item.kind {
        ContentKind::News => DocKind::News,
        ContentKind::Page => DocKind::Page,
        ContentKind::LegalDocument => {
            return legal_entries(conn, item, key, url, today);
        }
        ContentKind::Procedure => {
            return service_entries(conn, place(key, url));
        }
        // Only the edited question and the answer, and only with the asker's consent:
        // personal data is never in the index.
        ContentKind::Answer => {
            if !crate::inbox::store::is_public_answer(conn, item.id)? {
                return Ok(Vec::new());
            }
            DocKind::Question
        }
        // The directory has its own search (by name, title and unit) and lists.
        ContentKind::OrgUnit | ContentKind::Official | ContentKind::ScheduleWeek => {
            return Ok(Vec::new());
        }
        ContentKind::Consultation => {
            return consultation_entries(conn, place(key, url));
        }
        ContentKind::Project
        | ContentKind::Procurement
        | ContentKind::Dataset
        | ContentKind::Plan
        | ContentKind::BudgetDisclosure
        | ContentKind::ScienceTask => {
            return stored_entries(conn, place(key, url));
        }
    };
    let body = if item.text.summary.is_empty() {
        item.text.body_markdown.clone()
    } else {
        format!("{}\n{}", item.text.summary, item.text.body_markdown)
    };
    Ok(place(key, url).entry(kind, &[item.site_id], item.text.title.clone(), body))
}

/// Where a public item's entries go: the item, its key in the index, its address and its
/// date.
struct Place<'a> {
    item: &'a ContentItem,
    key: String,
    url: String,
    date: Option<NaiveDate>,
}

impl Place<'_> {
    /// The item's one entry, found by `title` and `body`, shown on `sites`.
    fn entry(self, kind: DocKind, sites: &[SiteId], title: String, body: String) -> Vec<SearchDoc> {
        vec![SearchDoc {
            key: self.key,
            kind,
            site_ids: sites.iter().map(|s| i64::from(s.0)).collect(),
            lang: self.item.lang.code().to_string(),
            url: self.url,
            title,
            body,
            date: self.date,
            legal: None,
        }]
    }
}

/// A published record of a store-backed kind, by what its kind says finds it.
fn stored_entries(conn: &mut DbConn, at: Place) -> Result<Vec<SearchDoc>, SyncError> {
    let item = at.item;
    let (Some(kind), Some(registered)) = (
        stored_doc_kind(item.kind),
        crate::kinds::registry().get(item.kind),
    ) else {
        return Ok(Vec::new());
    };
    let Some((title, sites, body)) = registered.search_text(conn, item.id)? else {
        return Ok(Vec::new());
    };
    Ok(at.entry(kind, &sites, title, body))
}

/// A public consultation: its title, summary, agency and the draft's text (the comments
/// are not indexed: they hold personal opinions and are moderated).
fn consultation_entries(conn: &mut DbConn, at: Place) -> Result<Vec<SearchDoc>, SyncError> {
    let item = at.item;
    let Some(c) = crate::consultation::store::find(conn, item.id)? else {
        return Ok(Vec::new());
    };
    let body = [
        item.text.summary.as_str(),
        &c.record.agency,
        &c.record.draft_text,
    ]
    .iter()
    .filter(|t| !t.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join("\n");
    Ok(at.entry(
        DocKind::Consultation,
        &c.sites,
        item.text.title.clone(),
        body,
    ))
}

/// A public procedure: its name, and what a citizen types to find it (the field, the
/// agency, who may use it, its keywords, its steps and the papers to bring).
fn service_entries(conn: &mut DbConn, at: Place) -> Result<Vec<SearchDoc>, SyncError> {
    let item = at.item;
    let Some(record) = services_store::record(conn, item.id)? else {
        return Ok(Vec::new());
    };
    let mut body = vec![
        record.code.clone(),
        record.field.clone(),
        record.agency.clone(),
        record.keywords.join(", "),
        record.eligible.clone(),
        record.result.clone(),
    ];
    body.extend(record.steps.iter().cloned());
    body.extend(
        record
            .dossier
            .iter()
            .flat_map(|c| &c.documents)
            .map(|d| d.name.clone()),
    );
    body.retain(|t| !t.is_empty());
    let title = record.name.clone();
    Ok(at.entry(
        DocKind::PublicService,
        &[item.site_id],
        title,
        body.join("\n"),
    ))
}

fn legal_entries(
    conn: &mut DbConn,
    item: &ContentItem,
    key: String,
    url: String,
    today: NaiveDate,
) -> Result<Vec<SearchDoc>, SyncError> {
    let Some(entry) = legal_store::search_entry(conn, item.id, item.site_id, today)? else {
        return Ok(Vec::new());
    };
    let site_ids: Vec<i64> = entry.sites.iter().map(|s| i64::from(s.0)).collect();
    Ok(legal_documents(
        &entry.record,
        &key,
        &url,
        &site_ids,
        item.lang.code(),
        entry.status.as_str(),
    ))
}

/// The entries of a legal document: the document as a whole (its abstract and the headings
/// of its articles) and each article on its own. Pure, so that the search evaluation indexes
/// a corpus exactly as the portal does.
pub fn legal_documents(
    record: &crate::legal::record::LegalRecord,
    key: &str,
    url: &str,
    site_ids: &[i64],
    lang: &str,
    status: &str,
) -> Vec<SearchDoc> {
    let key = key.to_string();
    let url = url.to_string();
    let site_ids = site_ids.to_vec();
    let meta = LegalMeta {
        number_symbol: record.number_symbol.clone(),
        document_title: record.title(),
        doc_type: record.doc_type.clone(),
        issuers: record.issuance.issuers.clone(),
        fields: if record.field.is_empty() {
            Vec::new()
        } else {
            vec![record.field.clone()]
        },
        year: record.year().and_then(|y| u16::try_from(y).ok()),
        status: status.to_string(),
        article: None,
        parent_key: None,
    };
    // The document as a whole: its abstract and the headings of its articles (the articles
    // carry the text).
    let mut outline = record.abstract_text.clone();
    for a in &record.articles {
        outline.push('\n');
        outline.push_str(&format!("Điều {}. {}", a.number, a.heading));
    }
    let lang = lang.to_string();
    let date = record.issuance.issued_on;
    let mut docs = vec![SearchDoc {
        key: key.clone(),
        kind: DocKind::LegalDocument,
        site_ids: site_ids.clone(),
        lang: lang.clone(),
        url: url.clone(),
        title: record.title(),
        body: if outline.is_empty() {
            record.preamble.clone()
        } else {
            outline
        },
        date,
        legal: Some(meta.clone()),
    }];
    for (position, a) in record.articles.iter().enumerate() {
        let heading = if a.heading.is_empty() {
            format!("Điều {}", a.number)
        } else {
            format!("Điều {}. {}", a.number, a.heading)
        };
        docs.push(SearchDoc {
            key: format!("{key}:{position}"),
            kind: DocKind::LegalArticle,
            site_ids: site_ids.clone(),
            lang: lang.clone(),
            url: format!("{url}#{}", a.anchor()),
            title: heading,
            body: a.text.clone(),
            date,
            legal: Some(LegalMeta {
                article: Some(ArticleRef {
                    number: a.number.clone(),
                    title: a.heading.clone(),
                }),
                parent_key: Some(key.clone()),
                ..meta.clone()
            }),
        });
    }
    docs
}
