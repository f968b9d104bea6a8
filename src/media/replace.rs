//! Replacing a file of the library (thay tệp): the new file is stored beside the old one
//! (a new hash and address; the old one stays for the archive), and every item using the
//! old one gets a draft revision linking to the new one, which its board reviews like any
//! other change.

use chrono::NaiveDateTime;

use super::files::FileStore;
use super::library::{self, MediaFile, Upload};
use super::{Limits, MediaError, MediaId};
use crate::account::audit::{self, AuditAction, Entry, Via};
use crate::account::Actor;
use crate::content::ContentId;
use crate::db::DbConn;

/// Which file is replaced, where it is used, and who replaces it.
pub struct Replacement<'a> {
    pub old: MediaId,
    /// The items whose text links to the old file.
    pub users: &'a [ContentId],
    pub by: &'a Actor,
}

/// What a replacement did.
#[derive(Debug)]
pub struct Replaced {
    pub file: MediaFile,
    /// Items that got a draft revision linking to the new file.
    pub drafted: usize,
    /// Items whose draft could not be made (the workflow refused it).
    pub refused: usize,
}

/// Stores `upload` as the replacement of `r.old` and drafts the relinked revisions, with a
/// line in the audit log. A refused upload changes nothing.
pub fn replace(
    conn: &mut DbConn,
    store: &dyn FileStore,
    upload: Upload,
    r: Replacement,
    limits: &Limits,
    now: NaiveDateTime,
) -> Result<Replaced, MediaError> {
    let site = upload.site;
    let by = Entry::by(r.by, Via::Web);
    let file = library::ingest(conn, store, upload, &by, limits, now)?;
    let results =
        crate::review::store::relink_media(conn, r.users, r.old.0, &file.url(), r.by, now);
    let drafted = results.iter().filter(|(_, result)| result.is_ok()).count();
    audit::record(
        conn,
        &by.about(
            "media",
            r.old.0 as i64,
            Some(site),
            AuditAction::MediaReplace,
            &crate::render::note::Note::new("audit-note-media-replaced")
                .arg("file", file.id)
                .arg("drafts", drafted)
                .encode(),
        ),
        now,
    )?;
    Ok(Replaced {
        file,
        drafted,
        refused: results.len() - drafted,
    })
}
