//! The demo province's procedures, built into the binary from the repository's
//! `content/services/` and loaded with the rest of the demo content.

use chrono::NaiveDateTime;

use super::import::{self, ImportOptions, ImportReport};
use crate::db::DbConn;
use crate::record::import::{embedded, DemoError, DemoPlace};

#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/content/services/"]
#[exclude = "README.md"]
struct DemoServices;

/// Loads the demo procedures (idempotent: a second load changes nothing).
pub fn load(
    conn: &mut DbConn,
    place: &DemoPlace,
    now: NaiveDateTime,
) -> Result<ImportReport, DemoError> {
    let portal = place.directory.province().ok_or(DemoError::NoPortal)?;
    let read = embedded::<DemoServices>;
    let text = String::from_utf8_lossy(&read("thu-tuc.jsonl").unwrap_or_default()).into_owned();
    let options = ImportOptions::demo(portal.id, place, &read);
    let report = import::import(
        conn,
        crate::record::import::jsonl_lines(&text),
        &options,
        now,
        None,
    );
    report.accepted("services/thu-tuc.jsonl")
}
