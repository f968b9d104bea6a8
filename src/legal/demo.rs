//! The demo province's documents and gazette, built into the binary from the repository's
//! `content/legal/` and loaded with the rest of the demo content.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

use super::gazette::{self, IssueForm};
use super::import::{ImportOptions, ImportReport};
use crate::db::DbConn;
use crate::record::import::{embedded, embedded_text, jsonl_lines, DemoError, DemoPlace};

#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/content/legal/"]
#[exclude = "README.md"]
struct DemoLegal;

#[derive(Deserialize)]
struct IssueLine {
    site: String,
    year: i32,
    number: String,
    issued_on: NaiveDate,
    #[serde(default)]
    file: Option<String>,
    documents: Vec<String>,
}

/// Loads the demo documents (idempotent: a second load changes nothing) and gazette issues.
pub fn load(
    conn: &mut DbConn,
    place: &DemoPlace,
    now: NaiveDateTime,
) -> Result<ImportReport, DemoError> {
    let read = embedded::<DemoLegal>;
    let options = ImportOptions::demo(place.portal()?, place, &read);
    let lines = jsonl_lines(&embedded_text::<DemoLegal>("van-ban.jsonl"));
    let report = crate::record::import::import::<super::kind::LegalDocuments>(
        conn, lines, &options, now, None,
    );
    if let Some((line, reason)) = report.first_rejected() {
        return Err(DemoError::Line {
            file: "legal/van-ban.jsonl".into(),
            line,
            reason,
        });
    }
    let issues = embedded_text::<DemoLegal>("cong-bao.jsonl");
    for (i, line) in issues
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let fail = |reason: String| DemoError::Line {
            file: "legal/cong-bao.jsonl".into(),
            line: i + 1,
            reason,
        };
        let issue: IssueLine = serde_json::from_str(line).map_err(|e| fail(e.to_string()))?;
        let site = place
            .directory
            .by_slug(&issue.site)
            .ok_or_else(|| fail(format!("no site {:?}", issue.site)))?;
        let media_id = match &issue.file {
            None => None,
            Some(path) => {
                let bytes = read(path).map_err(|e| fail(e.to_string()))?;
                let name = path.rsplit('/').next().unwrap_or(path);
                let stored = options
                    .library()
                    .store(conn, &bytes, name, site.id, now)
                    .map_err(|e| fail(e.to_string()))?;
                Some(stored.id)
            }
        };
        let form = IssueForm {
            site: site.id,
            year: issue.year,
            number: issue.number,
            issued_on: issue.issued_on,
            media_id,
            documents: issue.documents,
        };
        gazette::save(conn, &form, now).map_err(|e| match e {
            gazette::GazetteError::Db(e) => DemoError::Db(e),
            other => fail(other.to_string()),
        })?;
    }
    Ok(report)
}
