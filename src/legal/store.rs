//! The registry in the database. A document is a content item of kind `legal`; its record
//! is written into the `legal_*` tables when a revision is published or a document is
//! imported, and read back from them for pages, the API, edits and imports.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::articles::Article;
use super::record::{symbol_keys, AttachedFile, LegalRecord, Relation, RelationKind};
use super::status::{self, Act, Facts, Override, Status};
use crate::changelog::{self, Entity};
use crate::content::{ContentId, ContentKind, ContentState};
use crate::db::schema::{
    content_items, legal_articles, legal_documents, legal_files, legal_listings, legal_relations,
    media_files,
};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::review::store::{FieldError, ReviewError, RevisionForm};
use crate::site::SiteId;
use crate::text::fold;
use crate::text::slugify;

/// The states in which a document is public (a withdrawn one stays readable).
const PUBLIC: [&str; 2] = ["published", "withdrawn"];

/// Rows are inserted in batches below SQLite's limit on bound parameters.
const BATCH: usize = 500;

#[derive(Queryable, Selectable, Insertable, AsChangeset, Debug, Clone)]
#[diesel(table_name = legal_documents, treat_none_as_null = true)]
struct DocumentRow {
    content_id: i32,
    doc_type: String,
    type_key: String,
    normative: bool,
    number_symbol: String,
    symbol_canonical: String,
    symbol_key: String,
    year: Option<i32>,
    issuers: String,
    issuer_key: String,
    signer: String,
    signer_position: String,
    issued_on: Option<NaiveDate>,
    effective_on: Option<NaiveDate>,
    expires_on: Option<NaiveDate>,
    field: String,
    field_key: String,
    abstract_text: String,
    preamble: String,
    status_override: Option<String>,
    status_reason: Option<String>,
    status_since: Option<NaiveDate>,
    issued_by_site: bool,
    record_sha256: String,
}

/// The folded key lists filter by (types, issuers and fields are typed many ways).
pub fn facet_key(text: &str) -> String {
    fold(text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The hash of a record as stored, to tell an unchanged import line.
pub fn record_hash(record: &LegalRecord) -> String {
    let json = serde_json::to_vec(record).unwrap_or_default();
    hex::encode(Sha256::digest(json))
}

impl DocumentRow {
    fn new(content: ContentId, r: &LegalRecord) -> DocumentRow {
        let keys = symbol_keys(&r.number_symbol);
        DocumentRow {
            content_id: content.0,
            doc_type: r.doc_type.clone(),
            type_key: facet_key(&r.doc_type),
            normative: r.normative,
            number_symbol: r.number_symbol.clone(),
            symbol_canonical: keys.canonical,
            symbol_key: keys.folded,
            year: r.year(),
            issuers: r.issuers.join("\n"),
            issuer_key: r.issuers.first().map(|i| facet_key(i)).unwrap_or_default(),
            signer: r.signer.clone(),
            signer_position: r.signer_position.clone(),
            issued_on: r.issued_on,
            effective_on: r.effective_on,
            expires_on: r.expires_on,
            field: r.field.clone(),
            field_key: facet_key(&r.field),
            abstract_text: r.abstract_text.clone(),
            preamble: r.preamble.clone(),
            status_override: r.status.as_ref().map(|o| o.status.as_str().to_string()),
            status_reason: r.status.as_ref().map(|o| o.reason.clone()),
            status_since: r.status.as_ref().and_then(|o| o.since),
            issued_by_site: r.issued_by_site,
            record_sha256: record_hash(r),
        }
    }

    fn decided(&self) -> Option<Override> {
        Some(Override {
            status: Status::parse(self.status_override.as_deref()?)?,
            reason: self.status_reason.clone().unwrap_or_default(),
            since: self.status_since,
        })
    }
}

/// Writes a record as the public record of a document (publication or import), in the
/// caller's transaction, with a change-log row so pages, caches and the search index follow.
pub fn write(
    conn: &mut DbConn,
    content: ContentId,
    site: SiteId,
    record: &LegalRecord,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let row = DocumentRow::new(content, record);
    diesel::delete(legal_documents::table.find(content.0)).execute(conn)?;
    diesel::insert_into(legal_documents::table)
        .values(&row)
        .execute(conn)?;
    let c = content.0;
    diesel::delete(legal_articles::table.filter(legal_articles::content_id.eq(c))).execute(conn)?;
    let rows: Vec<_> = record
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            (
                legal_articles::content_id.eq(c),
                legal_articles::position.eq(i as i32),
                legal_articles::number.eq(&a.number),
                legal_articles::heading.eq(&a.heading),
                legal_articles::body.eq(&a.text),
            )
        })
        .collect();
    match conn {
        // A round trip per article made the corpus's 18,000 articles take 15 s over a
        // socket: PostgreSQL takes them in batches (5 parameters a row, under its 65,535).
        DbConn::Pg(pg) => {
            for batch in rows.chunks(1_000) {
                diesel::insert_into(legal_articles::table)
                    .values(batch)
                    .execute(pg)?;
            }
        }
        // The multi-backend connection has no batch insert; in the caller's transaction
        // SQLite takes the corpus's articles one statement each in well under a second.
        DbConn::Sqlite(_) => {
            for row in rows {
                diesel::insert_into(legal_articles::table)
                    .values(row)
                    .execute(conn)?;
            }
        }
    }
    diesel::delete(legal_files::table.filter(legal_files::content_id.eq(c))).execute(conn)?;
    for (i, f) in record.files.iter().enumerate() {
        diesel::insert_into(legal_files::table)
            .values((
                legal_files::content_id.eq(c),
                legal_files::position.eq(i as i32),
                legal_files::media_id.eq(f.media_id),
                legal_files::label.eq(&f.label),
            ))
            .execute(conn)?;
        // A document's files are never cleaned up while it is public.
        crate::media::library::keep_referenced(conn, f.media_id, content)?;
    }
    diesel::delete(legal_relations::table.filter(legal_relations::source_id.eq(c)))
        .execute(conn)?;
    for (i, r) in record.relations.iter().enumerate() {
        diesel::insert_into(legal_relations::table)
            .values((
                legal_relations::source_id.eq(c),
                legal_relations::position.eq(i as i32),
                legal_relations::kind.eq(r.kind.as_str()),
                legal_relations::target_symbol.eq(&r.target_symbol),
                legal_relations::target_key.eq(symbol_keys(&r.target_symbol).folded),
                legal_relations::target_title.eq(&r.target_title),
                legal_relations::scope.eq(&r.scope),
            ))
            .execute(conn)?;
    }
    diesel::delete(legal_listings::table.filter(legal_listings::content_id.eq(c))).execute(conn)?;
    for s in record.also_on.iter().filter(|s| **s != site.0) {
        diesel::insert_into(legal_listings::table)
            .values((
                legal_listings::content_id.eq(c),
                legal_listings::site_id.eq(s),
            ))
            .execute(conn)?;
    }
    changelog::record(conn, Entity::Content, c as i64, Some(site), "updated", now)
}

/// The public record of a document, as stored.
pub fn record(conn: &mut DbConn, content: ContentId) -> QueryResult<Option<LegalRecord>> {
    let Some(row) = legal_documents::table
        .find(content.0)
        .select(DocumentRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let articles = articles(conn, content)?;
    let files: Vec<(i32, String)> = legal_files::table
        .filter(legal_files::content_id.eq(content.0))
        .order(legal_files::position)
        .select((legal_files::media_id, legal_files::label))
        .load(conn)?;
    let relations: Vec<(String, String, String, String)> = legal_relations::table
        .filter(legal_relations::source_id.eq(content.0))
        .order(legal_relations::position)
        .select((
            legal_relations::kind,
            legal_relations::target_symbol,
            legal_relations::target_title,
            legal_relations::scope,
        ))
        .load(conn)?;
    let also_on: Vec<i32> = legal_listings::table
        .filter(legal_listings::content_id.eq(content.0))
        .select(legal_listings::site_id)
        .load(conn)?;
    Ok(Some(LegalRecord {
        status: row.decided(),
        doc_type: row.doc_type,
        normative: row.normative,
        number_symbol: row.number_symbol,
        issuers: row.issuers.lines().map(String::from).collect(),
        signer: row.signer,
        signer_position: row.signer_position,
        issued_on: row.issued_on,
        effective_on: row.effective_on,
        expires_on: row.expires_on,
        field: row.field,
        abstract_text: row.abstract_text,
        preamble: row.preamble,
        articles,
        files: files
            .into_iter()
            .map(|(media_id, label)| AttachedFile { media_id, label })
            .collect(),
        also_on,
        relations: relations
            .into_iter()
            .filter_map(|(kind, target_symbol, target_title, scope)| {
                Some(Relation {
                    kind: RelationKind::parse(&kind)?,
                    target_symbol,
                    target_title,
                    scope,
                })
            })
            .collect(),
        issued_by_site: row.issued_by_site,
    }))
}

/// A document's articles in order.
pub fn articles(conn: &mut DbConn, content: ContentId) -> QueryResult<Vec<Article>> {
    let rows: Vec<(String, String, String)> = legal_articles::table
        .filter(legal_articles::content_id.eq(content.0))
        .order(legal_articles::position)
        .select((
            legal_articles::number,
            legal_articles::heading,
            legal_articles::body,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(number, heading, text)| Article {
            number,
            heading,
            text,
        })
        .collect())
}

/// The stored hash of a document's public record.
pub fn stored_hash(conn: &mut DbConn, content: ContentId) -> QueryResult<Option<String>> {
    legal_documents::table
        .find(content.0)
        .select(legal_documents::record_sha256)
        .first(conn)
        .optional()
}

/// A document already registered with the same number-symbol, issuer and year in a
/// language (the duplicate an entry must not create), other than `except`.
pub fn duplicate_of(
    conn: &mut DbConn,
    record: &LegalRecord,
    lang: Lang,
    except: Option<ContentId>,
) -> QueryResult<Option<ContentId>> {
    let keys = symbol_keys(&record.number_symbol);
    let issuer = record
        .issuers
        .first()
        .map(|i| facet_key(i))
        .unwrap_or_default();
    let mut q = legal_documents::table
        .inner_join(content_items::table)
        .filter(legal_documents::symbol_key.eq(&keys.folded))
        .filter(legal_documents::issuer_key.eq(&issuer))
        .filter(content_items::lang.eq(lang.code()))
        .select(legal_documents::content_id)
        .into_boxed();
    q = match record.year() {
        Some(y) => q.filter(legal_documents::year.eq(y)),
        None => q.filter(legal_documents::year.is_null()),
    };
    if let Some(except) = except {
        q = q.filter(legal_documents::content_id.ne(except.0));
    }
    Ok(q.first::<i32>(conn).optional()?.map(ContentId))
}

/// Checks a record before a revision holding it is saved: valid, not a duplicate, and, for
/// a published document, none of the fixed fields changed.
pub fn check(
    conn: &mut DbConn,
    content: Option<ContentId>,
    lang: Lang,
    record: &LegalRecord,
) -> Result<(), ReviewError> {
    let errors = record.validate();
    if !errors.is_empty() {
        return Err(ReviewError::Invalid(errors));
    }
    if duplicate_of(conn, record, lang, content)?.is_some() {
        return Err(invalid("number_symbol", "legal-duplicate"));
    }
    if let Some(content) = content {
        let published = content_items::table
            .find(content.0)
            .select(content_items::state)
            .first::<String>(conn)
            .optional()?
            .is_some_and(|s| s != ContentState::Draft.as_str());
        if published {
            if let Some(public) = self::record(conn, content)? {
                let changed = record.fixed_changes(&public);
                if !changed.is_empty() {
                    return Err(ReviewError::Invalid(
                        changed
                            .into_iter()
                            .map(|field| FieldError::new(field, "legal-fixed-after-publish"))
                            .collect(),
                    ));
                }
            }
        }
    }
    Ok(())
}

fn invalid(field: &'static str, message_id: &'static str) -> ReviewError {
    ReviewError::Invalid(vec![FieldError::new(field, message_id)])
}

/// The content item's text fields for a record (the registry keeps the record itself).
pub fn revision_of(record: &LegalRecord, change_note: &str) -> RevisionForm {
    let label = format!("{} {}", record.doc_type, record.number_symbol);
    RevisionForm {
        title: record.title(),
        slug: slugify(&label, crate::content::store::SLUG_MAX),
        summary: label,
        author: if record.signer.is_empty() {
            record.issuers.join(", ")
        } else {
            record.signer.clone()
        },
        source: record.issuers.join(", "),
        change_note: change_note.to_string(),
        record: serde_json::to_string(record).ok(),
        ..RevisionForm::default()
    }
}

/// The translation key of a document: its number-symbol and first issuer.
pub fn translation_key(record: &LegalRecord) -> String {
    slugify(
        &format!(
            "{} {}",
            record.number_symbol,
            record.issuers.first().map(String::as_str).unwrap_or("")
        ),
        crate::content::store::SLUG_MAX,
    )
}

/// Reads a record from a revision's JSON.
pub fn parse_record(json: Option<&str>) -> Result<LegalRecord, ReviewError> {
    json.and_then(|j| serde_json::from_str(j).ok())
        .ok_or_else(|| invalid("record", "legal-record-missing"))
}

/// One line of a list of documents.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentSummary {
    pub id: i32,
    pub site_id: i32,
    pub lang: String,
    pub slug: String,
    pub doc_type: String,
    pub number_symbol: String,
    pub issuers: Vec<String>,
    pub issued_on: Option<NaiveDate>,
    pub effective_on: Option<NaiveDate>,
    pub field: String,
    pub abstract_text: String,
    pub normative: bool,
    pub status: Status,
    pub published_at: NaiveDateTime,
}

/// What a list of documents is filtered by.
#[derive(Debug, Clone, Default)]
pub struct LegalQuery {
    /// The site whose documents are listed; `None` for the province portal's list of
    /// every site's documents kept on the portal.
    pub site: Option<SiteId>,
    pub lang: Option<Lang>,
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub field: Option<String>,
    pub year: Option<i32>,
    pub status: Option<Status>,
    /// Status computed on this day.
    pub as_of: Option<NaiveDate>,
    pub offset: i64,
    pub limit: i64,
    /// Newest publication first (feeds) instead of newest issue first.
    pub newest_published: bool,
}

/// A page of documents and how many match in all.
#[derive(Debug, Clone, Serialize)]
pub struct LegalListing {
    pub items: Vec<DocumentSummary>,
    pub total: i64,
}

type SummaryRow = (i32, i32, String, String, NaiveDateTime, DocumentRow);

/// The published documents matching a query, newest issue first.
pub fn list(conn: &mut DbConn, q: &LegalQuery, today: NaiveDate) -> QueryResult<LegalListing> {
    let mut query = legal_documents::table
        .inner_join(content_items::table)
        .filter(content_items::state.eq_any(PUBLIC))
        .into_boxed();
    if let Some(site) = q.site {
        let listed = legal_listings::table
            .filter(legal_listings::site_id.eq(site.0))
            .select(legal_listings::content_id);
        query = query.filter(
            content_items::site_id
                .eq(site.0)
                .or(content_items::id.eq_any(listed)),
        );
    } else {
        query = query.filter(content_items::on_portal.eq(true));
    }
    if let Some(lang) = q.lang {
        query = query.filter(content_items::lang.eq(lang.code()));
    }
    if let Some(t) = &q.doc_type {
        query = query.filter(legal_documents::type_key.eq(facet_key(t)));
    }
    if let Some(i) = &q.issuer {
        query = query.filter(legal_documents::issuers.like(format!("%{}%", i.trim())));
    }
    if let Some(f) = &q.field {
        query = query.filter(legal_documents::field_key.eq(facet_key(f)));
    }
    if let Some(y) = q.year {
        query = query.filter(legal_documents::year.eq(y));
    }
    query = if q.newest_published {
        query.order(content_items::published_at.desc())
    } else {
        query.order((
            legal_documents::issued_on.desc(),
            content_items::published_at.desc(),
        ))
    };
    let rows: Vec<SummaryRow> = query
        .select((
            content_items::id,
            content_items::site_id,
            content_items::lang,
            content_items::slug,
            content_items::published_at,
            DocumentRow::as_select(),
        ))
        .load(conn)?;
    // Status depends on other documents and on the day, so it is computed, then filtered.
    let day = q.as_of.unwrap_or(today);
    let acts = acts_on(conn, rows.iter().map(|r| r.5.symbol_key.clone()).collect())?;
    let mut items: Vec<DocumentSummary> = rows
        .into_iter()
        .map(|(id, site_id, lang, slug, published_at, row)| {
            let status = status::status_on(&facts(&row, &acts), day);
            DocumentSummary {
                id,
                site_id,
                lang,
                slug,
                issuers: row.issuers.lines().map(String::from).collect(),
                doc_type: row.doc_type,
                number_symbol: row.number_symbol,
                issued_on: row.issued_on,
                effective_on: row.effective_on,
                field: row.field,
                abstract_text: row.abstract_text,
                normative: row.normative,
                status,
                published_at,
            }
        })
        .filter(|s| q.status.is_none_or(|want| s.status == want))
        .collect();
    let total = items.len() as i64;
    let start = (q.offset.max(0) as usize).min(items.len());
    let end = (start + q.limit.max(0) as usize).min(items.len());
    items = items.drain(start..end).collect();
    Ok(LegalListing { items, total })
}

/// What published documents state about the documents with these keys, with whom each
/// stating document was issued by (several agencies number their documents alike).
struct Acts {
    by_key: HashMap<String, Vec<(Act, Vec<String>)>>,
    /// How many documents share each key.
    sharing: HashMap<String, usize>,
}

impl Acts {
    /// The acts that concern one document: all of them when its number-symbol is unique
    /// in the registry, else only those stated by one of its own issuers.
    fn on(&self, row: &DocumentRow) -> Vec<Act> {
        let Some(acts) = self.by_key.get(&row.symbol_key) else {
            return Vec::new();
        };
        let unique = self.sharing.get(&row.symbol_key).copied().unwrap_or(0) <= 1;
        let own: Vec<String> = row.issuers.lines().map(facet_key).collect();
        acts.iter()
            .filter(|(_, by)| unique || by.iter().any(|i| own.contains(i)))
            .map(|(act, _)| *act)
            .collect()
    }
}

fn acts_on(conn: &mut DbConn, keys: Vec<String>) -> QueryResult<Acts> {
    let kinds: Vec<&str> = RelationKind::ALL
        .into_iter()
        .filter(|k| k.effect().is_some())
        .map(RelationKind::as_str)
        .collect();
    let mut acts = Acts {
        by_key: HashMap::new(),
        sharing: HashMap::new(),
    };
    for chunk in keys.chunks(BATCH) {
        let rows: Vec<(String, String, Option<NaiveDate>, String)> = legal_relations::table
            .inner_join(
                legal_documents::table
                    .on(legal_documents::content_id.eq(legal_relations::source_id)),
            )
            .inner_join(content_items::table.on(content_items::id.eq(legal_relations::source_id)))
            .filter(legal_relations::target_key.eq_any(chunk))
            .filter(legal_relations::kind.eq_any(&kinds))
            .filter(content_items::state.eq(ContentState::Published.as_str()))
            .select((
                legal_relations::target_key,
                legal_relations::kind,
                legal_documents::effective_on,
                legal_documents::issuers,
            ))
            .load(conn)?;
        for (key, kind, from, issuers) in rows {
            if let Some(effect) = RelationKind::parse(&kind).and_then(RelationKind::effect) {
                let by = issuers.lines().map(facet_key).collect();
                acts.by_key
                    .entry(key)
                    .or_default()
                    .push((Act { effect, from }, by));
            }
        }
        let concerned: Vec<&String> = chunk
            .iter()
            .filter(|k| acts.by_key.contains_key(*k))
            .collect();
        if !concerned.is_empty() {
            let shared: Vec<String> = legal_documents::table
                .filter(legal_documents::symbol_key.eq_any(concerned))
                .select(legal_documents::symbol_key)
                .load(conn)?;
            for key in shared {
                *acts.sharing.entry(key).or_default() += 1;
            }
        }
    }
    Ok(acts)
}

fn facts(row: &DocumentRow, acts: &Acts) -> Facts {
    Facts {
        issued_on: row.issued_on,
        effective_on: row.effective_on,
        expires_on: row.expires_on,
        acts: acts.on(row),
        decided: row.decided(),
    }
}

/// A relation as shown on a document's page, in either direction.
#[derive(Debug, Clone, Serialize)]
pub struct RelationView {
    pub kind: RelationKind,
    /// The message id naming the relation from this document's side.
    pub label: String,
    /// True when this document states it (`thay thế`), false when another does (`bị thay
    /// thế bởi`).
    pub stated_here: bool,
    pub number_symbol: String,
    pub title: String,
    pub scope: String,
    /// The other document when it is in the registry and public.
    pub target: Option<LinkedDocument>,
}

/// Another document in the registry, enough to link to it.
#[derive(Debug, Clone, Serialize, Queryable)]
pub struct LinkedDocument {
    pub id: i32,
    pub site_id: i32,
    pub lang: String,
    pub slug: String,
    pub doc_type: String,
    pub number_symbol: String,
    pub abstract_text: String,
    pub effective_on: Option<NaiveDate>,
}

/// Everything a document's page shows besides the content item.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub record: LegalRecord,
    pub symbol_canonical: String,
    pub status: Status,
    pub status_decided: bool,
    pub as_of: NaiveDate,
    pub relations: Vec<RelationView>,
    pub files: Vec<FileView>,
}

/// An attached file with what a reader needs to check it.
#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    pub media_id: i32,
    pub label: String,
    pub name: String,
    pub stored_name: String,
    pub size: i64,
    pub content_type: String,
    pub sha256: String,
}

/// The page of a document on `as_of`.
pub fn view(
    conn: &mut DbConn,
    content: ContentId,
    lang: Lang,
    as_of: NaiveDate,
) -> QueryResult<Option<DocumentView>> {
    let Some(record) = record(conn, content)? else {
        return Ok(None);
    };
    let row = legal_documents::table
        .find(content.0)
        .select(DocumentRow::as_select())
        .first(conn)?;
    let acts = acts_on(conn, vec![row.symbol_key.clone()])?;
    let status = status::status_on(&facts(&row, &acts), as_of);
    let mut relations = Vec::new();
    let keys: Vec<String> = record
        .relations
        .iter()
        .map(|r| symbol_keys(&r.target_symbol).folded)
        .collect();
    let resolved = resolve_all(conn, &keys, lang, &record.issuers)?;
    for (r, key) in record.relations.iter().zip(&keys) {
        let target = resolved.get(key).cloned();
        relations.push(RelationView {
            kind: r.kind,
            label: r.kind.message_ids().0,
            stated_here: true,
            number_symbol: r.target_symbol.clone(),
            title: target
                .as_ref()
                .map_or_else(|| r.target_title.clone(), |t| t.abstract_text.clone()),
            scope: r.scope.clone(),
            target,
        });
    }
    // What other public documents state about this one.
    let stated: Vec<(i32, String, String, String)> = legal_relations::table
        .inner_join(content_items::table.on(content_items::id.eq(legal_relations::source_id)))
        .inner_join(
            legal_documents::table.on(legal_documents::content_id.eq(legal_relations::source_id)),
        )
        .filter(legal_relations::target_key.eq(&row.symbol_key))
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .filter(content_items::lang.eq_any([lang.code(), Lang::Vi.code()]))
        .select((
            legal_relations::source_id,
            legal_relations::kind,
            legal_relations::scope,
            legal_documents::issuers,
        ))
        .load(conn)?;
    // Another agency's document with the same number is not this one.
    let sharing: i64 = legal_documents::table
        .filter(legal_documents::symbol_key.eq(&row.symbol_key))
        .count()
        .get_result(conn)?;
    let own: Vec<String> = row.issuers.lines().map(facet_key).collect();
    let stated: Vec<(i32, RelationKind, String)> = stated
        .into_iter()
        .filter(|(_, _, _, by)| sharing <= 1 || by.lines().any(|i| own.contains(&facet_key(i))))
        .filter_map(|(source, kind, scope, _)| Some((source, RelationKind::parse(&kind)?, scope)))
        .collect();
    let sources: Vec<i32> = stated.iter().map(|(id, _, _)| *id).collect();
    let sources = linked(conn, &sources)?;
    // What a document in this language states, else what its Vietnamese original states
    // (an amending decision is often published in Vietnamese only).
    let stated_in_lang = |kind: RelationKind, symbol: &str| {
        stated.iter().any(|(id, k, _)| {
            *k == kind
                && sources
                    .iter()
                    .any(|d| d.id == *id && d.lang == lang.code() && d.number_symbol == symbol)
        })
    };
    for (source, kind, scope) in stated.iter().cloned() {
        if let Some(source) = sources.iter().find(|d| d.id == source) {
            if source.lang != lang.code() && stated_in_lang(kind, &source.number_symbol) {
                continue;
            }
            relations.push(RelationView {
                kind,
                label: kind.message_ids().1,
                stated_here: false,
                number_symbol: source.number_symbol.clone(),
                title: source.abstract_text.clone(),
                scope,
                target: Some(source.clone()),
            });
        }
    }
    let files = files(conn, content)?;
    Ok(Some(DocumentView {
        status_decided: row.status_override.is_some(),
        symbol_canonical: row.symbol_canonical,
        record,
        status,
        as_of,
        relations,
        files,
    }))
}

fn files(conn: &mut DbConn, content: ContentId) -> QueryResult<Vec<FileView>> {
    let rows: Vec<(i32, String, String, String, i64, String, String)> = legal_files::table
        .inner_join(media_files::table)
        .filter(legal_files::content_id.eq(content.0))
        .order(legal_files::position)
        .select((
            legal_files::media_id,
            legal_files::label,
            media_files::original_name,
            media_files::stored_name,
            media_files::size,
            media_files::content_type,
            media_files::sha256,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(media_id, label, name, stored_name, size, content_type, sha256)| FileView {
                media_id,
                label,
                name,
                stored_name,
                size,
                content_type,
                sha256,
            },
        )
        .collect())
}

/// Public documents by id, to link to.
pub fn linked(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<LinkedDocument>> {
    legal_documents::table
        .inner_join(content_items::table)
        .filter(content_items::id.eq_any(ids))
        .filter(content_items::state.eq_any(PUBLIC))
        .select((
            content_items::id,
            content_items::site_id,
            content_items::lang,
            content_items::slug,
            legal_documents::doc_type,
            legal_documents::number_symbol,
            legal_documents::abstract_text,
            legal_documents::effective_on,
        ))
        .load(conn)
}

/// The public documents folded number-symbols name, in one query: several agencies number
/// their documents alike (`17/2019/QĐ-UBND` in every province), so for a shared key the one
/// sharing an issuer with `near` wins; an unshared key names its only document.
pub fn resolve_all(
    conn: &mut DbConn,
    keys: &[String],
    lang: Lang,
    near: &[String],
) -> QueryResult<HashMap<String, LinkedDocument>> {
    let rows: Vec<(String, String, LinkedDocument)> = legal_documents::table
        .inner_join(content_items::table)
        .filter(legal_documents::symbol_key.eq_any(keys))
        .filter(content_items::lang.eq_any([lang.code(), Lang::Vi.code()]))
        .filter(content_items::state.eq_any(PUBLIC))
        .order(content_items::id)
        .select((
            legal_documents::symbol_key,
            legal_documents::issuers,
            (
                content_items::id,
                content_items::site_id,
                content_items::lang,
                content_items::slug,
                legal_documents::doc_type,
                legal_documents::number_symbol,
                legal_documents::abstract_text,
                legal_documents::effective_on,
            ),
        ))
        .load(conn)?;
    let near: Vec<String> = near.iter().map(|i| facet_key(i)).collect();
    let mut by_key: HashMap<String, Vec<(String, LinkedDocument)>> = HashMap::new();
    for (key, issuers, doc) in rows {
        by_key.entry(key).or_default().push((issuers, doc));
    }
    // A document not translated into the page's language is linked in Vietnamese, never
    // called "not in the registry".
    for docs in by_key.values_mut() {
        if docs.iter().any(|(_, d)| d.lang == lang.code()) {
            docs.retain(|(_, d)| d.lang == lang.code());
        }
    }
    Ok(by_key
        .into_iter()
        .filter_map(|(key, mut docs)| {
            let chosen = if docs.len() == 1 {
                docs.pop().map(|(_, d)| d)
            } else {
                docs.into_iter()
                    .find(|(list, _)| list.lines().any(|i| near.contains(&facet_key(i))))
                    .map(|(_, d)| d)
            };
            chosen.map(|d| (key, d))
        })
        .collect())
}

/// Public documents with a folded number-symbol, oldest first.
pub fn by_symbol(conn: &mut DbConn, key: &str, lang: Option<Lang>) -> QueryResult<Vec<i32>> {
    let mut q = legal_documents::table
        .inner_join(content_items::table)
        .filter(legal_documents::symbol_key.eq(key))
        .filter(content_items::state.eq_any(PUBLIC))
        .select(content_items::id)
        .order(content_items::id)
        .into_boxed();
    if let Some(lang) = lang {
        q = q.filter(content_items::lang.eq(lang.code()));
    }
    q.load(conn)
}

/// The values lists are filtered by, with how many public documents have each, for a
/// site's (or the portal's) list.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Facets {
    pub doc_types: Vec<(String, i64)>,
    pub issuers: Vec<(String, i64)>,
    pub fields: Vec<(String, i64)>,
    pub years: Vec<(i32, i64)>,
}

/// Facet values over the public documents of a site (or the portal) in a language.
pub fn facets(conn: &mut DbConn, site: Option<SiteId>, lang: Lang) -> QueryResult<Facets> {
    let mut q = legal_documents::table
        .inner_join(content_items::table)
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .filter(content_items::lang.eq(lang.code()))
        .into_boxed();
    q = match site {
        Some(site) => {
            let listed = legal_listings::table
                .filter(legal_listings::site_id.eq(site.0))
                .select(legal_listings::content_id);
            q.filter(
                content_items::site_id
                    .eq(site.0)
                    .or(content_items::id.eq_any(listed)),
            )
        }
        None => q.filter(content_items::on_portal.eq(true)),
    };
    let rows: Vec<(String, String, String, Option<i32>)> = q
        .select((
            legal_documents::doc_type,
            legal_documents::issuers,
            legal_documents::field,
            legal_documents::year,
        ))
        .load(conn)?;
    let mut types: HashMap<String, i64> = HashMap::new();
    let mut issuers: HashMap<String, i64> = HashMap::new();
    let mut fields: HashMap<String, i64> = HashMap::new();
    let mut years: HashMap<i32, i64> = HashMap::new();
    for (t, i, f, y) in rows {
        *types.entry(t).or_default() += 1;
        for issuer in i.lines() {
            *issuers.entry(issuer.to_string()).or_default() += 1;
        }
        if !f.is_empty() {
            *fields.entry(f).or_default() += 1;
        }
        if let Some(y) = y {
            *years.entry(y).or_default() += 1;
        }
    }
    let sorted = |m: HashMap<String, i64>| {
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    };
    let mut years: Vec<_> = years.into_iter().collect();
    years.sort_by_key(|y| std::cmp::Reverse(y.0));
    Ok(Facets {
        doc_types: sorted(types),
        issuers: sorted(issuers),
        fields: sorted(fields),
        years,
    })
}

/// A document of the board's timeliness report: when it was issued and published, and the
/// working days it took against the rule.
#[derive(Debug, Clone, Serialize)]
pub struct Timeliness {
    pub id: i32,
    pub site_id: i32,
    pub number_symbol: String,
    pub abstract_text: String,
    pub issued_on: Option<NaiveDate>,
    pub published_at: NaiveDateTime,
    pub issued_by_site: bool,
    pub allowed_days: i64,
    pub took_days: Option<i64>,
    pub late: bool,
}

type TimelinessRow = (
    i32,
    i32,
    NaiveDateTime,
    String,
    String,
    Option<NaiveDate>,
    bool,
);

/// Every public document of the given sites with its publication delay.
pub fn timeliness(
    conn: &mut DbConn,
    sites: &[SiteId],
    calendar: &crate::calendar::Calendar,
) -> QueryResult<Vec<Timeliness>> {
    let ids: Vec<i32> = sites.iter().map(|s| s.0).collect();
    let rows: Vec<TimelinessRow> = legal_documents::table
        .inner_join(content_items::table)
        .filter(content_items::site_id.eq_any(&ids))
        .filter(content_items::kind.eq(ContentKind::LegalDocument.as_str()))
        .filter(content_items::state.ne(ContentState::Draft.as_str()))
        .order(content_items::published_at.desc())
        .select((
            content_items::id,
            content_items::site_id,
            content_items::published_at,
            legal_documents::number_symbol,
            legal_documents::abstract_text,
            legal_documents::issued_on,
            legal_documents::issued_by_site,
        ))
        .limit(2000)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, site_id, published_at, number_symbol, abstract_text, issued_on, own)| {
                let published_on = published_at
                    .and_utc()
                    .with_timezone(&crate::clock::vietnam())
                    .date_naive();
                let allowed_days = super::timeliness::allowed_days(own);
                let took_days = issued_on.and_then(|issued| {
                    super::timeliness::working_days_taken(calendar, issued, published_on)
                });
                Timeliness {
                    id,
                    site_id,
                    number_symbol,
                    abstract_text,
                    issued_on,
                    published_at,
                    issued_by_site: own,
                    allowed_days,
                    late: took_days.is_some_and(|d| d > allowed_days),
                    took_days,
                }
            },
        )
        .collect())
}

/// What search indexes of a public document: its record, the sites listing it, and its
/// status today.
pub struct SearchEntry {
    pub record: LegalRecord,
    pub sites: Vec<SiteId>,
    pub status: Status,
}

/// A public document's search entry; `None` when it is not in the registry.
pub fn search_entry(
    conn: &mut DbConn,
    content: ContentId,
    site: SiteId,
    today: NaiveDate,
) -> QueryResult<Option<SearchEntry>> {
    let Some(record) = record(conn, content)? else {
        return Ok(None);
    };
    let row = legal_documents::table
        .find(content.0)
        .select(DocumentRow::as_select())
        .first(conn)?;
    let acts = acts_on(conn, vec![row.symbol_key.clone()])?;
    let status = status::status_on(&facts(&row, &acts), today);
    let mut sites = vec![site];
    sites.extend(record.also_on.iter().map(|s| SiteId(*s)));
    Ok(Some(SearchEntry {
        record,
        sites,
        status,
    }))
}

/// The public documents whose status on `to` differs from their status on `from`: a day
/// reached (coming into force, expiry, a replacement taking effect) changes a status with no
/// edit, so nothing in the change log says so.
pub fn statuses_changed(
    conn: &mut DbConn,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<ContentId>> {
    let rows: Vec<DocumentRow> = legal_documents::table
        .inner_join(content_items::table.on(content_items::id.eq(legal_documents::content_id)))
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .select(DocumentRow::as_select())
        .load(conn)?;
    let mut keys: Vec<String> = rows.iter().map(|r| r.symbol_key.clone()).collect();
    keys.sort_unstable();
    keys.dedup();
    let acts = acts_on(conn, keys)?;
    Ok(rows
        .iter()
        .filter(|r| {
            let facts = facts(r, &acts);
            status::status_on(&facts, from) != status::status_on(&facts, to)
        })
        .map(|r| ContentId(r.content_id))
        .collect())
}

/// The public documents a document's relations name (their status may have changed with
/// it).
pub fn related_targets(conn: &mut DbConn, content: ContentId) -> QueryResult<Vec<ContentId>> {
    let keys: Vec<String> = legal_relations::table
        .filter(legal_relations::source_id.eq(content.0))
        .select(legal_relations::target_key)
        .load(conn)?;
    let ids: Vec<i32> = legal_documents::table
        .filter(legal_documents::symbol_key.eq_any(keys))
        .select(legal_documents::content_id)
        .load(conn)?;
    Ok(ids.into_iter().map(ContentId).collect())
}
