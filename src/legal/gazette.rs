//! The provincial gazette (Công báo): numbered issues, each listing the documents it
//! carries, optionally with the issue's own file to download whole.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::record::symbol_keys;
use super::store::{self, LinkedDocument};
use crate::changelog::{self, Entity};
use crate::db::schema::{gazette_entries, gazette_issues, media_files};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::site::SiteId;

/// A gazette issue (số Công báo).
#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = gazette_issues)]
pub struct GazetteIssue {
    pub id: i32,
    pub site_id: i32,
    pub year: i32,
    pub number: String,
    pub issued_on: NaiveDate,
    pub media_id: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// An issue as entered: its documents named by number-symbol.
#[derive(Debug, Clone)]
pub struct IssueForm {
    pub site: SiteId,
    pub year: i32,
    pub number: String,
    pub issued_on: NaiveDate,
    pub media_id: Option<i32>,
    pub documents: Vec<String>,
}

/// The gazette issue form as typed.
#[derive(Debug, Default, Clone, serde::Deserialize, Serialize)]
#[serde(default)]
pub struct GazetteForm {
    pub csrf: String,
    pub year: String,
    pub number: String,
    pub issued_on: String,
    pub media_id: String,
    /// One number-symbol per line.
    pub documents: String,
}

impl GazetteForm {
    /// The issue the form describes on `site`, or the field that could not be read with
    /// its message id. The year is the day's when not given.
    pub fn issue(&self, site: SiteId) -> Result<IssueForm, (&'static str, &'static str)> {
        let issued_on = match super::form::form_date("issued_on", &self.issued_on) {
            Ok(Some(d)) => d,
            _ => return Err(("issued_on", "legal-bad-date")),
        };
        let media_id = match self.media_id.trim() {
            "" => None,
            m => Some(
                m.parse::<i32>()
                    .map_err(|_| ("media_id", "legal-gazette-file"))?,
            ),
        };
        Ok(IssueForm {
            site,
            year: self
                .year
                .trim()
                .parse::<i32>()
                .unwrap_or(chrono::Datelike::year(&issued_on)),
            number: self.number.clone(),
            issued_on,
            media_id,
            documents: self.documents.lines().map(String::from).collect(),
        })
    }
}

/// Why an issue was not saved.
#[derive(Debug, thiserror::Error)]
pub enum GazetteError {
    #[error("{field}: {message_id}")]
    Invalid {
        field: &'static str,
        message_id: &'static str,
        /// The entry it concerns (an unknown number-symbol).
        detail: String,
    },
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

fn invalid(field: &'static str, message_id: &'static str, detail: &str) -> GazetteError {
    GazetteError::Invalid {
        field,
        message_id,
        detail: detail.to_string(),
    }
}

/// Creates or replaces an issue (by site, year and number); every document must already be
/// public in the registry.
pub fn save(conn: &mut DbConn, form: &IssueForm, now: NaiveDateTime) -> Result<i32, GazetteError> {
    let number = crate::text::nfc(form.number.trim());
    if number.is_empty() || number.chars().count() > 20 {
        return Err(invalid("number", "form-required", ""));
    }
    if !(1945..=2100).contains(&form.year) {
        return Err(invalid("year", "legal-gazette-year", ""));
    }
    conn.write(|conn| {
        let mut ids: Vec<i32> = Vec::new();
        for symbol in form
            .documents
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
        {
            let key = symbol_keys(symbol).folded;
            let found = store::by_symbol(conn, &key, Some(Lang::Vi))?;
            let id = *found
                .first()
                .ok_or_else(|| invalid("documents", "legal-gazette-unknown", symbol))?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        if let Some(media) = form.media_id {
            let known: i64 = media_files::table.find(media).count().get_result(conn)?;
            if known == 0 {
                return Err(invalid("media_id", "legal-gazette-file", ""));
            }
        }
        let existing: Option<i32> = gazette_issues::table
            .filter(gazette_issues::site_id.eq(form.site.0))
            .filter(gazette_issues::year.eq(form.year))
            .filter(gazette_issues::number.eq(&number))
            .select(gazette_issues::id)
            .first(conn)
            .optional()?;
        let id = match existing {
            Some(id) => {
                diesel::update(gazette_issues::table.find(id))
                    .set((
                        gazette_issues::issued_on.eq(form.issued_on),
                        gazette_issues::media_id.eq(form.media_id),
                        gazette_issues::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                diesel::delete(gazette_entries::table.filter(gazette_entries::issue_id.eq(id)))
                    .execute(conn)?;
                id
            }
            None => {
                diesel::insert_into(gazette_issues::table)
                    .values((
                        gazette_issues::site_id.eq(form.site.0),
                        gazette_issues::year.eq(form.year),
                        gazette_issues::number.eq(&number),
                        gazette_issues::issued_on.eq(form.issued_on),
                        gazette_issues::media_id.eq(form.media_id),
                        gazette_issues::created_at.eq(now),
                        gazette_issues::updated_at.eq(now),
                    ))
                    .execute(conn)?;
                gazette_issues::table
                    .filter(gazette_issues::site_id.eq(form.site.0))
                    .filter(gazette_issues::year.eq(form.year))
                    .filter(gazette_issues::number.eq(&number))
                    .select(gazette_issues::id)
                    .first(conn)?
            }
        };
        for (i, content) in ids.iter().enumerate() {
            diesel::insert_into(gazette_entries::table)
                .values((
                    gazette_entries::issue_id.eq(id),
                    gazette_entries::position.eq(i as i32),
                    gazette_entries::content_id.eq(content),
                ))
                .execute(conn)?;
        }
        // Pages listing the gazette are cached per site.
        changelog::record(
            conn,
            Entity::Site,
            form.site.0 as i64,
            Some(form.site),
            "gazette",
            now,
        )?;
        Ok(id)
    })
}

/// A line of the list of issues.
#[derive(Debug, Clone, Serialize)]
pub struct IssueSummary {
    pub issue: GazetteIssue,
    pub documents: i64,
}

/// A site's issues, newest first.
pub fn list(conn: &mut DbConn, site: SiteId) -> QueryResult<Vec<IssueSummary>> {
    let issues: Vec<GazetteIssue> = gazette_issues::table
        .filter(gazette_issues::site_id.eq(site.0))
        .order((gazette_issues::issued_on.desc(), gazette_issues::id.desc()))
        .select(GazetteIssue::as_select())
        .limit(500)
        .load(conn)?;
    // One query for every issue's entries, counted here.
    let ids: Vec<i32> = issues.iter().map(|i| i.id).collect();
    let entries: Vec<i32> = gazette_entries::table
        .filter(gazette_entries::issue_id.eq_any(&ids))
        .select(gazette_entries::issue_id)
        .load(conn)?;
    Ok(issues
        .into_iter()
        .map(|issue| {
            let documents = entries.iter().filter(|id| **id == issue.id).count() as i64;
            IssueSummary { issue, documents }
        })
        .collect())
}

/// An issue's file, to download it whole.
#[derive(Debug, Clone, Serialize)]
pub struct IssueFile {
    pub media_id: i32,
    pub stored_name: String,
    pub size: i64,
    pub sha256: String,
}

/// An issue with its documents (those still public) and file.
#[derive(Debug, Clone, Serialize)]
pub struct IssueView {
    pub issue: GazetteIssue,
    pub documents: Vec<LinkedDocument>,
    pub file: Option<IssueFile>,
}

/// One issue of a site.
pub fn issue(conn: &mut DbConn, site: SiteId, id: i32) -> QueryResult<Option<IssueView>> {
    let Some(issue) = gazette_issues::table
        .find(id)
        .filter(gazette_issues::site_id.eq(site.0))
        .select(GazetteIssue::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let ids: Vec<i32> = gazette_entries::table
        .filter(gazette_entries::issue_id.eq(id))
        .order(gazette_entries::position)
        .select(gazette_entries::content_id)
        .load(conn)?;
    let mut found = store::linked(conn, &ids)?;
    // In the issue's order; documents no longer public drop out.
    found.sort_by_key(|d| ids.iter().position(|i| *i == d.id));
    let documents = found;
    let file = match issue.media_id {
        Some(media) => media_files::table
            .find(media)
            .select((
                media_files::id,
                media_files::stored_name,
                media_files::size,
                media_files::sha256,
            ))
            .first::<(i32, String, i64, String)>(conn)
            .optional()?
            .map(|(media_id, stored_name, size, sha256)| IssueFile {
                media_id,
                stored_name,
                size,
                sha256,
            }),
        None => None,
    };
    Ok(Some(IssueView {
        issue,
        documents,
        file,
    }))
}
