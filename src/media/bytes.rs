//! Bytes read from somewhere else than an upload form (an import file's neighbours, the
//! demo's built-in files) stored through the media library like an upload.

use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};

use super::files::FileStore;
use super::library::{self, MediaFile, Upload};
use super::{Limits, MediaError};
use crate::account::audit::Entry;
use crate::db::DbConn;
use crate::site::SiteId;

/// The media library bytes are stored in, and who is recorded as storing them.
pub struct Library<'a> {
    pub files: &'a dyn FileStore,
    pub entry: &'a Entry,
    pub limits: &'a Limits,
}

/// Why bytes could not be stored.
#[derive(Debug, thiserror::Error)]
pub enum BytesError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Media(#[from] MediaError),
}

impl Library<'_> {
    /// Stores `bytes` in a site's library under `name`; the same bytes already in the
    /// library are that file.
    pub fn store(
        &self,
        conn: &mut DbConn,
        bytes: &[u8],
        name: &str,
        site: SiteId,
        now: NaiveDateTime,
    ) -> Result<MediaFile, BytesError> {
        self.store_with_alt(conn, bytes, name, "", site, now)
    }

    /// The same, with the alternative text an image needs.
    pub fn store_with_alt(
        &self,
        conn: &mut DbConn,
        bytes: &[u8],
        name: &str,
        alt: &str,
        site: SiteId,
        now: NaiveDateTime,
    ) -> Result<MediaFile, BytesError> {
        // The library takes uploads from a temporary file, which it consumes.
        let temp = std::env::temp_dir().join(format!(
            "cong-import-{}-{:016x}.tmp",
            std::process::id(),
            rand::random::<u64>()
        ));
        std::fs::write(&temp, bytes)?;
        let upload = Upload {
            temp: &temp,
            sha256: hex::encode(Sha256::digest(bytes)),
            size: bytes.len() as u64,
            original_name: name.to_string(),
            site,
            alt_text: alt.to_string(),
        };
        Ok(library::ingest(
            conn,
            self.files,
            upload,
            self.entry,
            self.limits,
            now,
        )?)
    }
}
