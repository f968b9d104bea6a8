//! The one import driver of the store-backed kinds (`cong import KIND FILE`, and the demo):
//! JSON Lines, one record a line in the record's own shape with the `site` (slug) and
//! `lang` it belongs to. Idempotent by the record's key: an unchanged line does nothing;
//! one transaction per line, so a bad line changes nothing and is reported with its
//! reasons (the same checks and messages as the admin form); published at once, or
//! proposed as drafts for the board with `--draft`.

use chrono::NaiveDateTime;
use serde_json::Value;

use super::{
    import, ImportOptions, ImportReport, Imported, LineAt, LineFailure, LineImport, Outcome,
    Storing,
};
use crate::content::store as content_store;
use crate::content::ContentState;
use crate::db::DbConn;
use crate::record::fields;
use crate::record::stored::{self, Rec, StoredKind, StoredRecord};
use crate::record::RecordKind;
use crate::review::store::{self as review_store, ReviewError};

/// A store-backed kind's lines are JSON objects in the record's own shape, with the `site`
/// and `lang` they belong to.
impl<K: StoredKind> LineImport for K {
    const KEY_NAME: &'static str = "key";
    type Line = Value;
    type Report = ImportReport;

    fn import_line(
        at: LineAt,
        json: Value,
        _: &mut ImportReport,
    ) -> Result<Imported<()>, LineFailure> {
        import_line::<K>(at.conn, json, at.key, at.options, at.now)
    }
}

fn import_line<K: StoredKind>(
    conn: &mut DbConn,
    json: Value,
    key: &mut String,
    options: &ImportOptions,
    now: NaiveDateTime,
) -> Result<Imported<()>, LineFailure> {
    let Value::Object(mut object) = json else {
        return Err(LineFailure("a line must be a JSON object".into()));
    };
    let text = |v: Option<Value>| v.and_then(|v| v.as_str().map(String::from));
    let site = options.site_of(text(object.remove("site")).as_deref(), "site")?;
    let lang = super::lang_of(text(object.remove("lang")).as_deref())?;
    let mut json = Value::Object(object);
    fields::normalise(&mut json);
    // The spec speaks first: "negative" says more than a type error of the record.
    let errors = fields::problems(K::FIELDS, &json);
    if !errors.is_empty() {
        return Err(LineFailure::refused(errors));
    }
    let record = stored::parse_record::<K>(json).map_err(LineFailure::refused)?;
    *key = record.key();
    let errors = stored::problems::<K>(&record);
    if !errors.is_empty() {
        return Err(LineFailure::refused(errors));
    }
    let title = record.title();
    let storing = Storing {
        translation_key: crate::text::slugify(&record.key(), content_store::SLUG_MAX),
        ..Storing::of_kind::<K>(&record, &title, now)
    };
    match content_store::find_by_key(conn, site, lang, &storing.translation_key)? {
        None => {
            <K as RecordKind>::check(conn, lang, None, &record, now).map_err(ReviewError::from)?;
            let id = storing.create(conn, options, (site, lang), now, now)?;
            Ok(Imported::plain(Outcome::Created, id))
        }
        Some(item) => {
            if unchanged::<K>(conn, &item, &record, now)? {
                return Ok(Imported::plain(Outcome::Unchanged, item.id));
            }
            <K as RecordKind>::check(conn, item.lang, Some(item.id), &record, now)
                .map_err(ReviewError::from)?;
            let outcome = storing.update(conn, options, &item, now)?;
            Ok(Imported::plain(outcome, item.id))
        }
    }
}

/// Whether a line says what the item already has: a draft compares with its latest
/// revision, a public item with its record.
fn unchanged<K: StoredKind>(
    conn: &mut DbConn,
    item: &crate::content::ContentItem,
    record: &Rec<K>,
    now: NaiveDateTime,
) -> Result<bool, LineFailure> {
    Ok(match item.state {
        ContentState::Draft => review_store::editing_base(conn, item.id)?
            .1
            .record
            .and_then(|r| serde_json::from_str::<Rec<K>>(&r).ok())
            .is_some_and(|r| &r == record),
        _ => stored::record_of::<Rec<K>>(conn, item.id)?.is_some_and(|r| {
            // What publishing adds (a dataset's revisions) is not the line's to say.
            r == record.clone().published_over(Some(&r), now)
        }),
    })
}

/// `cong import KIND FILE`: imports a JSON Lines file of a kind, prints the report.
pub fn import_file<K: StoredKind>(
    config: crate::config::Config,
    clock: crate::clock::SharedClock,
    request: crate::cli::import::ImportRequest,
) -> anyhow::Result<()> {
    let read = |path: &std::path::Path| {
        match super::read_text(path)? {
        (_, true) => Err(super::ImportError::Csv(format!(
            "{} records are imported from JSON Lines (one record a line, see content/public-data/README.md)",
            <K as StoredKind>::ADMIN_PATH
        ))),
        (text, false) => Ok(super::jsonl_lines::<Value>(&text)),
    }
    };
    crate::cli::import::run_and_print(
        config,
        clock,
        request,
        read,
        |conn, lines, options, now, progress| import::<K>(conn, lines, options, now, progress),
        |report: &ImportReport| {
            report.summary("rejected_lines", |l| l.outcome == Outcome::Rejected)
        },
    )
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

impl crate::record::Visitor for Demo<'_, '_> {
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
        let lines = super::jsonl_lines::<Value>(&text);
        let report = import::<K>(self.conn, lines, self.options, self.now, None);
        self.created += report.created;
        if let Some((line, reason)) = report.first_rejected() {
            self.failure = Some(format!("content/public-data/{file} line {line}: {reason}"));
        }
    }
}
