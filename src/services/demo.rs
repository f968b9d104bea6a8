//! The demo province's procedures, built into the binary from the repository's
//! `content/services/` and loaded with the rest of the demo content.

use chrono::NaiveDateTime;

use super::import::{ImportOptions, ImportReport};
use crate::db::DbConn;
use crate::record::import::{embedded, embedded_text, DemoError, DemoPlace};

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
    let read = embedded::<DemoServices>;
    let options = ImportOptions::demo(place.portal()?, place, &read);
    let text = embedded_text::<DemoServices>("thu-tuc.jsonl");
    let report = crate::record::import::import::<super::kind::Procedures>(
        conn,
        crate::record::import::jsonl_lines(&text),
        &options,
        now,
        None,
    );
    report.accepted("services/thu-tuc.jsonl")
}
