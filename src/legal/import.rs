//! Bulk import of documents from JSON Lines or CSV (`cong legal import`): idempotent (an
//! unchanged line does nothing), one transaction per line (a bad line damages nothing and
//! is reported with its reason), published on a site by default or proposed as drafts.

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::articles::{self, Article};
use super::record::{AttachedFile, Gap, Issuance, LegalRecord, Relation, RelationKind};
use super::status::{Override, Status};
use super::store;
use crate::account::audit::AuditAction;
use crate::content::store as content_store;
use crate::content::{ContentItem, ContentState};
use crate::db::DbConn;
use crate::field::FieldError;
use crate::record::import::{self as record_import, Imported, LineAt, LineFailure, Storing};
use crate::review::store::{self as review_store, ReviewError};
use crate::site::hosts::Directory;
use crate::site::SiteId;

/// One document as a line of JSON, in the registry's own shape or the shared corpus's
/// (`issuer`, `issued_date`, `title`, `articles[].article_id`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImportLine {
    #[serde(deserialize_with = "text")]
    pub number_symbol: String,
    #[serde(alias = "id")]
    pub source_id: Option<String>,
    #[serde(deserialize_with = "text")]
    pub doc_type: String,
    pub normative: Option<bool>,
    #[serde(deserialize_with = "list")]
    pub issuers: Vec<String>,
    pub issuer: Option<String>,
    #[serde(deserialize_with = "text")]
    pub signer: String,
    #[serde(deserialize_with = "text")]
    pub signer_position: String,
    #[serde(alias = "issued_date")]
    pub issued_on: Option<String>,
    #[serde(alias = "effective_date")]
    pub effective_on: Option<String>,
    #[serde(alias = "expiry_date")]
    pub expires_on: Option<String>,
    #[serde(deserialize_with = "text")]
    pub field: String,
    #[serde(alias = "title")]
    #[serde(deserialize_with = "text")]
    pub abstract_text: String,
    /// The full text, split into articles here when `articles` is absent.
    #[serde(deserialize_with = "text")]
    pub text: String,
    #[serde(deserialize_with = "list")]
    pub articles: Vec<ImportArticle>,
    #[serde(deserialize_with = "list")]
    pub relations: Vec<ImportRelation>,
    #[serde(deserialize_with = "list")]
    pub files: Vec<ImportFile>,
    /// The site it is published on (a slug); `--site` wins.
    pub site: Option<String>,
    /// Other sites listing it (slugs).
    #[serde(deserialize_with = "list")]
    pub also_on: Vec<String>,
    pub lang: Option<String>,
    pub status: Option<String>,
    pub status_reason: Option<String>,
    pub issued_by_site: Option<bool>,
    /// When it was first published (`2019-09-02`, for documents published before the
    /// registry existed); the import's time otherwise.
    pub published_on: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImportArticle {
    #[serde(alias = "article_id")]
    #[serde(deserialize_with = "text")]
    pub number: String,
    /// `Phạm vi điều chỉnh`, or the corpus's whole line `Điều 1. Phạm vi điều chỉnh`.
    #[serde(alias = "title")]
    #[serde(deserialize_with = "text")]
    pub heading: String,
    #[serde(deserialize_with = "text")]
    pub text: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImportRelation {
    #[serde(deserialize_with = "text")]
    pub kind: String,
    #[serde(deserialize_with = "text")]
    pub number_symbol: String,
    #[serde(deserialize_with = "text")]
    pub title: String,
    #[serde(deserialize_with = "text")]
    pub scope: String,
}

/// A file beside the import file, stored through the media library.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImportFile {
    #[serde(deserialize_with = "text")]
    pub path: String,
    #[serde(deserialize_with = "text")]
    pub label: String,
}

/// A text that may be given as `null` (the corpus has documents without a title).
fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Option::<String>::deserialize(d).map(Option::unwrap_or_default)
}

/// A list that may be given as `null`.
fn list<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Option::<Vec<T>>::deserialize(d).map(Option::unwrap_or_default)
}

pub use crate::record::import::{ImportError, ImportOptions, Outcome};

/// The summary of an import, with how many articles the documents brought.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    #[serde(flatten)]
    pub report: record_import::ImportReport<Gap>,
    pub articles: usize,
}

impl std::ops::Deref for ImportReport {
    type Target = record_import::ImportReport<Gap>;
    fn deref(&self) -> &Self::Target {
        &self.report
    }
}

impl record_import::KindReport for ImportReport {
    type Warning = Gap;
    fn lines(&mut self) -> &mut record_import::ImportReport<Gap> {
        &mut self.report
    }
}

/// What `cong import legal` prints: the counts, the articles, and the lines rejected or
/// with a gap to fill.
pub fn summary(report: &ImportReport) -> serde_json::Value {
    let mut summary = report.summary("lines", |l| {
        l.outcome == Outcome::Rejected || !l.warnings.is_empty()
    });
    summary["articles"] = report.articles.into();
    summary
}

/// An import file's lines by number: each a document or why it could not be read.
pub type ParsedLines = record_import::NumberedLines<ImportLine>;

/// Reads an import file into lines: JSON Lines (`.jsonl`, `.ndjson`, `.json`) or CSV.
pub fn read_lines(path: &Path) -> Result<ParsedLines, ImportError> {
    record_import::lines::read_file(path, read_csv)
}

/// CSV with a header row; lists (`issuers`, `also_on`) separated by `;`, relations as
/// `kind:number-symbol` separated by `;`, files as `path|label` separated by `;`.
fn read_csv(text: &str) -> Result<ParsedLines, ImportError> {
    record_import::csv_lines(
        text,
        &[&["number_symbol"], &["doc_type"], &["issuers", "issuer"]],
        |get| csv_line(get),
    )
}

fn cells(cell: &str) -> Vec<String> {
    record_import::lines::cell_list(cell, ';')
}

fn csv_line(get: &dyn Fn(&str) -> String) -> Result<ImportLine, String> {
    let optional = |name: &str| Some(get(name)).filter(|s| !s.is_empty());
    let relations = cells(&get("relations"))
        .into_iter()
        .map(|r| match r.split_once(':') {
            Some((kind, symbol)) => Ok(ImportRelation {
                kind: kind.trim().to_string(),
                number_symbol: symbol.trim().to_string(),
                ..ImportRelation::default()
            }),
            None => Err(format!("relation {r:?} is not kind:number-symbol")),
        })
        .collect::<Result<Vec<_>, String>>()?;
    let normative = match get("normative").to_lowercase().as_str() {
        "" => None,
        "1" | "true" | "yes" | "có" | "x" => Some(true),
        "0" | "false" | "no" | "không" => Some(false),
        other => return Err(format!("normative {other:?} is not true or false")),
    };
    Ok(ImportLine {
        number_symbol: get("number_symbol"),
        doc_type: get("doc_type"),
        normative,
        issuers: cells(&get("issuers")),
        issuer: optional("issuer"),
        signer: get("signer"),
        signer_position: get("signer_position"),
        issued_on: optional("issued_on").or_else(|| optional("issued_date")),
        effective_on: optional("effective_on").or_else(|| optional("effective_date")),
        expires_on: optional("expires_on").or_else(|| optional("expiry_date")),
        field: get("field"),
        abstract_text: optional("abstract_text").unwrap_or_else(|| get("title")),
        text: get("text"),
        relations,
        files: cells(&get("files"))
            .into_iter()
            .map(|f| {
                let (path, label) = f.split_once('|').unwrap_or((&f, ""));
                ImportFile {
                    path: path.trim().to_string(),
                    label: label.trim().to_string(),
                }
            })
            .collect(),
        site: optional("site"),
        also_on: cells(&get("also_on")),
        lang: optional("lang"),
        status: optional("status"),
        status_reason: optional("status_reason"),
        issued_by_site: None,
        published_on: optional("published_on"),
        ..ImportLine::default()
    })
}

/// A date as `2019-06-03` or `03/06/2019`.
fn date(field: &str, text: &Option<String>) -> Result<Option<NaiveDate>, String> {
    let text = text.as_deref().unwrap_or("");
    super::record::parse_day(text)
        .map_err(|_| format!("{field}: {text:?} is not a date (2019-06-03 or 03/06/2019)"))
}

/// The corpus writes each article's heading line whole: `Điều 1. Phạm vi điều chỉnh`.
fn heading_of(number: &str, heading: &str) -> String {
    let h = heading.trim();
    let prefix = format!("Điều {number}");
    match h.strip_prefix(&prefix) {
        Some(rest) => rest.trim_start_matches(['.', ':']).trim().to_string(),
        None => h.to_string(),
    }
}

impl ImportLine {
    /// The record a line describes, without its files (stored separately).
    fn record(&self, sites: &Directory, own_site: SiteId) -> Result<LegalRecord, String> {
        let also_on = self
            .also_on
            .iter()
            .map(|slug| {
                sites
                    .by_slug(slug)
                    .map(|s| s.id.0)
                    .ok_or_else(|| format!("also_on: no site {slug:?}"))
            })
            .collect::<Result<Vec<_>, String>>()?;
        self.record_listed_on(also_on.into_iter().filter(|s| *s != own_site.0).collect())
    }

    /// The record a line describes as published on one site only (what the search
    /// evaluation indexes, with no portal around it).
    pub fn record_alone(&self) -> Result<LegalRecord, String> {
        self.record_listed_on(Vec::new())
    }

    fn record_listed_on(&self, also_on: Vec<i32>) -> Result<LegalRecord, String> {
        let mut issuers = self.issuers.clone();
        if let Some(i) = &self.issuer {
            if !issuers.contains(i) {
                issuers.push(i.clone());
            }
        }
        let (preamble, articles) = if self.articles.is_empty() {
            articles::split(&self.text)
        } else {
            let list = self
                .articles
                .iter()
                .map(|a| Article {
                    number: a.number.trim().to_string(),
                    heading: heading_of(a.number.trim(), &a.heading),
                    text: a.text.clone(),
                })
                .collect();
            (self.text.clone(), list)
        };
        let relations = self
            .relations
            .iter()
            .map(|r| {
                Ok(Relation {
                    kind: RelationKind::parse(r.kind.trim()).ok_or_else(|| {
                        format!(
                            "relation kind {:?} is not one of replaces, amends, repeals, \
                             repeals_part, suspends, guides, based_on, corrects",
                            r.kind
                        )
                    })?,
                    target_symbol: r.number_symbol.clone(),
                    target_title: r.title.clone(),
                    scope: r.scope.clone(),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let status = match &self.status {
            None => None,
            Some(s) => Some(Override {
                status: Status::parse(s.trim()).ok_or_else(|| format!("status {s:?} unknown"))?,
                reason: self.status_reason.clone().unwrap_or_default(),
                since: None,
            }),
        };
        let symbol = self.number_symbol.trim();
        let record = LegalRecord {
            doc_type: self.doc_type.clone(),
            // Not derived from the type: when a line does not say, a symbol with a year is
            // the layout Decree 30/2020 gives legal normative documents.
            normative: self
                .normative
                .unwrap_or_else(|| super::record::symbol_keys(symbol).year.is_some()),
            number_symbol: symbol.to_string(),
            issuance: Issuance {
                issuers,
                signer: self.signer.clone(),
                signer_position: self.signer_position.clone(),
                issued_on: date("issued_on", &self.issued_on)?,
                effective_on: date("effective_on", &self.effective_on)?,
                expires_on: date("expires_on", &self.expires_on)?,
            },
            field: self.field.clone(),
            abstract_text: self.abstract_text.clone(),
            preamble,
            articles,
            files: Vec::new(),
            also_on,
            relations,
            status,
            issued_by_site: self.issued_by_site.unwrap_or(false),
        }
        .normalised();
        let errors = record.validate();
        if let Some(e) = errors.first() {
            return Err(format!("{}: {}", e.field, e.message_id));
        }
        Ok(record)
    }
}

/// A legal document's line reports its gaps, and the import counts the articles.
impl record_import::LineImport for super::kind::LegalDocuments {
    const KEY_NAME: &'static str = "number_symbol";
    type Line = ImportLine;
    type Report = ImportReport;

    fn import_line(
        at: LineAt,
        line: ImportLine,
        report: &mut ImportReport,
    ) -> Result<Imported<Gap>, LineFailure> {
        *at.key = line.number_symbol.clone();
        let (imported, articles) = import_line(at.conn, &line, at.options, at.now)?;
        report.articles += articles;
        Ok(imported)
    }
}

fn import_line(
    conn: &mut DbConn,
    line: &ImportLine,
    options: &ImportOptions,
    now: NaiveDateTime,
) -> Result<(Imported<Gap>, usize), LineFailure> {
    let site = options.site_of(line.site.as_deref(), "site")?;
    let lang = record_import::lang_of(line.lang.as_deref())?;
    let mut record = line.record(options.directory, site)?;
    // A past publication keeps its day (8:00 in Vietnam), for the timeliness report.
    let published_at = date("published_on", &line.published_on)?
        .and_then(|d| d.and_hms_opt(1, 0, 0))
        .filter(|at| *at <= now)
        .unwrap_or(now);
    let warnings = record.gaps();
    let articles = record.articles.len();
    record.files = store_files(conn, line, site, options, now)?;
    let storing = Storing {
        created: AuditAction::LegalImportCreate,
        updated: AuditAction::LegalImportUpdate,
        draft_needs_account: "state: legal-draft-needs-account",
        ..Storing::of_kind::<super::kind::LegalDocuments>(&record, &record.number_symbol, now)
    };
    let (outcome, id) = match store::duplicate_of(conn, &record, lang, None)? {
        None => {
            let id = storing.create(conn, options, (site, lang), published_at, now)?;
            (Outcome::Created, id)
        }
        Some(id) => {
            let item = content_store::find(conn, id)?.ok_or(ReviewError::NotFound)?;
            let outcome = match changed(conn, &item, &record)? {
                false => Outcome::Unchanged,
                true => storing.update(conn, options, &item, now)?,
            };
            (outcome, id)
        }
    };
    let imported = Imported {
        outcome,
        id,
        warnings,
    };
    Ok((imported, articles))
}

/// Files named by a line, stored in the site's library (the same bytes are stored once).
fn store_files(
    conn: &mut DbConn,
    line: &ImportLine,
    site: SiteId,
    options: &ImportOptions,
    now: NaiveDateTime,
) -> Result<Vec<AttachedFile>, String> {
    line.files
        .iter()
        .map(|f| {
            let stored = options.store_file(conn, "file", &f.path, "tep", site, now)?;
            Ok(AttachedFile {
                media_id: stored.id,
                label: f.label.clone(),
            })
        })
        .collect()
}

/// Whether a line changes a document: the stored hash tells an unchanged public document
/// without reading its articles; a public document compares with what the public sees, a
/// draft with its draft. What is fixed once published may not change.
fn changed(
    conn: &mut DbConn,
    item: &ContentItem,
    record: &LegalRecord,
) -> Result<bool, LineFailure> {
    let id = item.id;
    let draft = item.state == ContentState::Draft;
    if !draft
        && store::stored_hash(conn, id)?.as_deref() == Some(store::record_hash(record).as_str())
    {
        return Ok(false);
    }
    let current = if draft {
        review_store::editing_base(conn, id)?
            .1
            .record
            .and_then(|r| serde_json::from_str::<LegalRecord>(&r).ok())
    } else {
        store::record(conn, id)?
    };
    if current.as_ref() == Some(record) {
        return Ok(false);
    }
    let fixed = current
        .as_ref()
        .filter(|_| !draft)
        .map(|c| record.fixed_changes(c))
        .unwrap_or_default();
    if !fixed.is_empty() {
        return Err(LineFailure::refused(
            fixed
                .into_iter()
                .map(|field| FieldError::new(field, "legal-fixed-after-publish"))
                .collect(),
        ));
    }
    Ok(true)
}
