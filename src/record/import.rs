//! The one import driver of the store-backed kinds (`cong import KIND FILE`, and the demo):
//! JSON Lines, one record a line in the record's own shape with the `site` (slug) and
//! `lang` it belongs to. Idempotent by the record's key: an unchanged line does nothing;
//! one transaction per line, so a bad line changes nothing and is reported with its
//! reasons (the same checks and messages as the admin form); published at once, or
//! proposed as drafts for the board with `--draft`.

use chrono::NaiveDateTime;
use serde::Serialize;
use serde_json::Value;

use super::fields;
use super::stored::{self, Rec, StoredKind, StoredRecord};
use super::RecordKind;
use crate::account::audit::{self, AuditAction};
use crate::content::store as content_store;
use crate::content::{ContentId, ContentState};
use crate::db::DbConn;
use crate::field::FieldError;
use crate::import::{Created, ImportOptions, LineFailure, NumberedLines, Outcome};
use crate::lang::Lang;
use crate::record::form::FormKind;
use crate::review::store::{self as review_store, NewItem, ReviewError};
use crate::site::SiteId;

/// The report of one line.
#[derive(Debug, Clone, Serialize)]
pub struct LineReport {
    pub line: usize,
    pub key: String,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The summary of an import.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    pub lines: Vec<LineReport>,
}

/// Imports lines of a kind; `progress` is told how many are done.
pub fn import<K: StoredKind>(
    conn: &mut DbConn,
    lines: NumberedLines<Value>,
    options: &ImportOptions,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(usize, usize),
) -> ImportReport {
    let mut report = ImportReport::default();
    let total = lines.len();
    for (done, (line, parsed)) in lines.into_iter().enumerate() {
        let mut key = String::new();
        let outcome = parsed.and_then(|json| import_line::<K>(conn, json, &mut key, options, now));
        let (outcome, id, reason) = match outcome {
            Ok((outcome, id)) => (outcome, Some(id.0), None),
            Err(reason) => (Outcome::Rejected, None, Some(reason)),
        };
        match outcome {
            Outcome::Created => report.created += 1,
            Outcome::Updated => report.updated += 1,
            Outcome::Unchanged => report.unchanged += 1,
            Outcome::Rejected => report.rejected += 1,
        }
        report.lines.push(LineReport {
            line,
            key,
            outcome,
            id,
            reason,
        });
        progress(done + 1, total);
    }
    report
}

fn refused(errors: Vec<FieldError>) -> String {
    LineFailure::from(ReviewError::Invalid(errors)).0
}

fn import_line<K: StoredKind>(
    conn: &mut DbConn,
    json: Value,
    key: &mut String,
    options: &ImportOptions,
    now: NaiveDateTime,
) -> Result<(Outcome, ContentId), String> {
    let Value::Object(mut object) = json else {
        return Err("a line must be a JSON object".into());
    };
    let text = |v: Option<Value>| v.and_then(|v| v.as_str().map(String::from));
    let site_slug = text(object.remove("site"));
    let lang_code = text(object.remove("lang"));
    let site = match (site_slug, options.force_site) {
        (Some(slug), false) => options
            .directory
            .by_slug(&slug)
            .map(|s| s.id)
            .ok_or_else(|| format!("site: no site {slug:?}"))?,
        _ => options.site,
    };
    let lang = match lang_code {
        None => Lang::Vi,
        Some(code) => Lang::from_code(&code).ok_or_else(|| format!("lang {code:?} unknown"))?,
    };
    let mut json = Value::Object(object);
    fields::normalise(&mut json);
    // The spec speaks first: "negative" says more than a type error of the record.
    let errors = fields::problems(K::FIELDS, &json);
    if !errors.is_empty() {
        return Err(refused(errors));
    }
    let record = stored::parse_record::<K>(json).map_err(refused)?;
    *key = record.key();
    let errors = stored::problems::<K>(&record);
    if !errors.is_empty() {
        return Err(refused(errors));
    }
    conn.write::<_, LineFailure, _>(|conn| {
        let translation_key = crate::text::slugify(&record.key(), crate::content::store::SLUG_MAX);
        match content_store::find_by_key(conn, site, lang, &translation_key)? {
            None => {
                <K as RecordKind>::check(conn, lang, None, &record, now)
                    .map_err(ReviewError::from)?;
                let new = NewItem {
                    site,
                    kind: <K as StoredKind>::KIND,
                    lang,
                    translation_key: &translation_key,
                };
                let text = <K as FormKind>::revision(&record, "");
                let id = match crate::import::create_item(conn, options, new, &text, now, now)? {
                    Created::Draft(id) => return Ok((Outcome::Created, id)),
                    Created::Published(id) => id,
                };
                stored::write(conn, <K as StoredKind>::KIND, id, site, record.clone(), now)
                    .map_err(ReviewError::from)?;
                noted(
                    conn,
                    options,
                    id,
                    site,
                    AuditAction::ContentImportCreate,
                    &record,
                    now,
                )?;
                Ok((Outcome::Created, id))
            }
            Some(item) => {
                let id = item.id;
                Ok((update::<K>(conn, item, &record, options, now)?, id))
            }
        }
    })
    .map_err(|f| f.0)
}

fn noted<R: StoredRecord>(
    conn: &mut DbConn,
    options: &ImportOptions,
    id: ContentId,
    site: SiteId,
    action: AuditAction,
    record: &R,
    now: NaiveDateTime,
) -> Result<(), LineFailure> {
    let entry = options.entry.about(
        "content",
        i64::from(id.0),
        Some(site),
        action,
        &record.title(),
    );
    Ok(audit::record(conn, &entry, now)?)
}

fn update<K: StoredKind>(
    conn: &mut DbConn,
    item: crate::content::ContentItem,
    record: &Rec<K>,
    options: &ImportOptions,
    now: NaiveDateTime,
) -> Result<Outcome, LineFailure> {
    let id = item.id;
    let same = match item.state {
        // A draft compares with its latest revision.
        ContentState::Draft => review_store::editing_base(conn, id)?
            .1
            .record
            .and_then(|r| serde_json::from_str::<Rec<K>>(&r).ok())
            .is_some_and(|r| &r == record),
        _ => stored::record_of::<Rec<K>>(conn, id)?.is_some_and(|r| {
            // What publishing adds (a dataset's revisions) is not the line's to say.
            r == record.clone().published_over(Some(&r), now)
        }),
    };
    if same {
        return Ok(Outcome::Unchanged);
    }
    <K as RecordKind>::check(conn, item.lang, Some(id), record, now).map_err(ReviewError::from)?;
    match (&options.actor, item.state) {
        // Drafts, and any change proposed for review, go through the workflow.
        (Some(actor), _) if options.draft || item.state == ContentState::Draft => {
            let text = <K as FormKind>::revision(record, "");
            review_store::save_draft(conn, id, &text, actor, now)?;
        }
        (None, ContentState::Draft) => {
            return Err(
                refused(vec![FieldError::new("state", "stored-draft-needs-account")]).into(),
            );
        }
        _ => {
            stored::write(
                conn,
                <K as StoredKind>::KIND,
                id,
                item.site_id,
                record.clone(),
                now,
            )
            .map_err(ReviewError::from)?;
            noted(
                conn,
                options,
                id,
                item.site_id,
                AuditAction::ContentImportUpdate,
                record,
                now,
            )?;
        }
    }
    Ok(Outcome::Updated)
}

impl From<String> for LineFailure {
    fn from(reason: String) -> Self {
        LineFailure(reason)
    }
}

/// `cong import KIND FILE`: imports a JSON Lines file of a kind, prints the report.
pub fn import_file<K: StoredKind>(
    config: crate::config::Config,
    clock: crate::clock::SharedClock,
    request: crate::import::ImportRequest,
) -> anyhow::Result<()> {
    let (text, is_csv) = crate::import::read_text(&request.file)?;
    if is_csv {
        anyhow::bail!(
            "{} records are imported from JSON Lines (one record a line, see content/public-data/README.md)",
            <K as StoredKind>::ADMIN_PATH
        );
    }
    let lines = crate::import::jsonl_lines::<Value>(&text);
    let (mut report, seconds) = crate::import::Run::import(
        config,
        clock,
        request,
        lines,
        |conn, lines, options, now, progress| import::<K>(conn, lines, options, now, progress),
    )?;
    crate::import::explain_all(report.lines.iter_mut().filter_map(|l| l.reason.as_mut()))?;
    let total = report.lines.len();
    let rejected = report.rejected;
    let rejected_lines: Vec<&LineReport> = report
        .lines
        .iter()
        .filter(|l| l.outcome == Outcome::Rejected)
        .collect();
    let summary = serde_json::json!({
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": report.rejected,
        "rejected_lines": rejected_lines,
    });
    crate::import::print_summary(summary, seconds, total, rejected)
}

#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/content/public-data/"]
#[include = "*.jsonl"]
struct DemoRecords;

/// Loads the demo records of every store-backed kind (`content/public-data/{ADMIN_PATH}.jsonl`,
/// built into the binary), through the same import as `cong import`: idempotent, and a
/// line the kind refuses is a defect of the shipped data, said with its file and line.
pub struct Demo<'a, 'o> {
    pub conn: &'a mut DbConn,
    pub options: &'a ImportOptions<'o>,
    pub now: NaiveDateTime,
    pub created: usize,
    pub failure: Option<String>,
}

impl super::Visitor for Demo<'_, '_> {
    fn record<K: RecordKind>(&mut self) {}

    fn stored<K: StoredKind>(&mut self) {
        if self.failure.is_some() {
            return;
        }
        let file = format!("{}.jsonl", <K as StoredKind>::ADMIN_PATH);
        let Some(data) = DemoRecords::get(&file) else {
            return;
        };
        let text = String::from_utf8_lossy(&data.data).into_owned();
        let lines = crate::import::jsonl_lines::<Value>(&text);
        let report = import::<K>(self.conn, lines, self.options, self.now, &mut |_, _| {});
        self.created += report.created;
        if let Some(bad) = report.lines.iter().find(|l| l.outcome == Outcome::Rejected) {
            self.failure = Some(format!(
                "content/public-data/{file} line {}: {}",
                bad.line,
                bad.reason.clone().unwrap_or_default()
            ));
        }
    }
}
