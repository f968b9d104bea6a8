//! The registry in the database. A document is a content item of kind `legal`; its record
//! is written into the `legal_*` tables when a revision is published or a document is
//! imported, and read back from them for pages, the API, edits and imports.

mod indexing;
mod listing;
mod timeliness;
mod view;

pub use indexing::*;
pub use listing::*;
pub use timeliness::*;
pub use view::*;

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::articles::Article;
use super::record::{symbol_keys, AttachedFile, Issuance, LegalRecord, Relation, RelationKind};
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
            issuers: r.issuance.issuers.join("\n"),
            issuer_key: r
                .issuance
                .issuers
                .first()
                .map(|i| facet_key(i))
                .unwrap_or_default(),
            signer: r.issuance.signer.clone(),
            signer_position: r.issuance.signer_position.clone(),
            issued_on: r.issuance.issued_on,
            effective_on: r.issuance.effective_on,
            expires_on: r.issuance.expires_on,
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
        issuance: Issuance {
            issuers: row.issuers.lines().map(String::from).collect(),
            signer: row.signer,
            signer_position: row.signer_position,
            issued_on: row.issued_on,
            effective_on: row.effective_on,
            expires_on: row.expires_on,
        },
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
        .issuance
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
        author: if record.issuance.signer.is_empty() {
            record.issuance.issuers.join(", ")
        } else {
            record.issuance.signer.clone()
        },
        source: record.issuance.issuers.join(", "),
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
            record
                .issuance
                .issuers
                .first()
                .map(String::as_str)
                .unwrap_or("")
        ),
        crate::content::store::SLUG_MAX,
    )
}

/// Reads a record from a revision's JSON.
pub fn parse_record(json: Option<&str>) -> Result<LegalRecord, ReviewError> {
    json.and_then(|j| serde_json::from_str(j).ok())
        .ok_or_else(|| invalid("record", "legal-record-missing"))
}
