//! The demo province's documents and gazette, built into the binary from the repository's
//! `content/legal/` and loaded with the rest of the demo content.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

use super::gazette::{self, IssueForm};
use super::import::{self, ImportOptions, ImportReport, Outcome};
use crate::account::audit::{Entry, Via};
use crate::db::DbConn;
use crate::media::files::FileStore;
use crate::media::Limits;
use crate::site::hosts::Directory;

#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/content/legal/"]
#[exclude = "README.md"]
struct DemoLegal;

/// Why the demo documents could not be loaded (a defect of the shipped data).
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the demo needs a province portal")]
    NoPortal,
    #[error("content/legal/{file} line {line}: {reason}")]
    Line {
        file: &'static str,
        line: usize,
        reason: String,
    },
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

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

fn read(path: &str) -> std::io::Result<Vec<u8>> {
    DemoLegal::get(path)
        .map(|f| f.data.into_owned())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, path.to_string()))
}

/// Loads the demo documents (idempotent: a second load changes nothing) and gazette issues.
pub fn load(
    conn: &mut DbConn,
    files: &dyn FileStore,
    limits: &Limits,
    directory: &Directory,
    now: NaiveDateTime,
) -> Result<ImportReport, DemoError> {
    let portal = directory.province().ok_or(DemoError::NoPortal)?;
    let entry = Entry::named(None, "demo", Via::Import);
    let text = String::from_utf8_lossy(&read("van-ban.jsonl").unwrap_or_default()).into_owned();
    let lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, serde_json::from_str(l).map_err(|e| e.to_string())))
        .collect();
    let options = ImportOptions {
        site: portal.id,
        force_site: false,
        directory,
        entry: entry.clone(),
        actor: None,
        draft: false,
        files,
        limits,
        read_file: &read,
    };
    let report = import::import(conn, lines, &options, now, None);
    if let Some(bad) = report.lines.iter().find(|l| l.outcome == Outcome::Rejected) {
        return Err(DemoError::Line {
            file: "van-ban.jsonl",
            line: bad.line,
            reason: bad.reason.clone().unwrap_or_default(),
        });
    }
    let issues = String::from_utf8_lossy(&read("cong-bao.jsonl").unwrap_or_default()).into_owned();
    for (i, line) in issues
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let fail = |reason: String| DemoError::Line {
            file: "cong-bao.jsonl",
            line: i + 1,
            reason,
        };
        let issue: IssueLine = serde_json::from_str(line).map_err(|e| fail(e.to_string()))?;
        let site = directory
            .by_slug(&issue.site)
            .ok_or_else(|| fail(format!("no site {:?}", issue.site)))?;
        let media_id = match &issue.file {
            None => None,
            Some(path) => {
                let bytes = read(path).map_err(|e| fail(e.to_string()))?;
                let library = crate::import::Library {
                    files,
                    entry: &entry,
                    limits,
                };
                let name = path.rsplit('/').next().unwrap_or(path);
                let stored = crate::import::store_bytes(conn, &library, &bytes, name, site.id, now)
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
