//! The demo province's procedures, built into the binary from the repository's
//! `content/services/` and loaded with the rest of the demo content.

use chrono::NaiveDateTime;

use super::import::{self, ImportOptions, ImportReport};
use crate::account::audit::{Entry, Via};
use crate::db::DbConn;
use crate::import::Outcome;
use crate::media::files::FileStore;
use crate::media::Limits;
use crate::site::hosts::Directory;

#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/content/services/"]
#[exclude = "README.md"]
struct DemoServices;

/// Why the demo procedures could not be loaded (a defect of the shipped data).
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the demo needs a province portal")]
    NoPortal,
    #[error("content/services/{file} line {line}: {reason}")]
    Line {
        file: &'static str,
        line: usize,
        reason: String,
    },
}

fn read(path: &str) -> std::io::Result<Vec<u8>> {
    DemoServices::get(path)
        .map(|f| f.data.into_owned())
        .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, path.to_string()))
}

/// Loads the demo procedures (idempotent: a second load changes nothing).
pub fn load(
    conn: &mut DbConn,
    files: &dyn FileStore,
    limits: &Limits,
    directory: &Directory,
    now: NaiveDateTime,
) -> Result<ImportReport, DemoError> {
    const FILE: &str = "thu-tuc.jsonl";
    let portal = directory.province().ok_or(DemoError::NoPortal)?;
    let text = String::from_utf8_lossy(&read(FILE).unwrap_or_default()).into_owned();
    let options = ImportOptions {
        site: portal.id,
        force_site: false,
        directory,
        entry: Entry::named(None, "demo", Via::Import),
        actor: None,
        draft: false,
        files,
        limits,
        read_file: &read,
    };
    let report = import::import(conn, import::read_jsonl(&text), &options, now, None);
    if let Some(bad) = report.lines.iter().find(|l| l.outcome == Outcome::Rejected) {
        return Err(DemoError::Line {
            file: FILE,
            line: bad.line,
            reason: bad.reason.clone().unwrap_or_default(),
        });
    }
    Ok(report)
}
