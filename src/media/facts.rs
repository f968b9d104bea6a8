//! A stored file as readers see it on a page and in the API: its name, where to fetch it,
//! and what to check it by.

use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::media_files;

/// A stored file: its original name, where it is kept, and what to check it by.
#[derive(Debug, Clone, Serialize, Queryable)]
pub struct FileFacts {
    pub media_id: i32,
    pub name: String,
    pub stored_name: String,
    pub size: i64,
    pub content_type: String,
    pub sha256: String,
}

/// The columns [`FileFacts`] is read from, in its order.
#[allow(clippy::type_complexity)]
pub const COLUMNS: (
    media_files::id,
    media_files::original_name,
    media_files::stored_name,
    media_files::size,
    media_files::content_type,
    media_files::sha256,
) = (
    media_files::id,
    media_files::original_name,
    media_files::stored_name,
    media_files::size,
    media_files::content_type,
    media_files::sha256,
);

/// A stored file in the API.
#[derive(Debug, Serialize)]
pub struct FileResource {
    pub name: String,
    pub url: String,
    pub size: i64,
    pub content_type: String,
    pub sha256: String,
}

impl FileFacts {
    /// Its public address (`/tep/{id}/{stored name}`).
    pub fn path(&self) -> String {
        crate::record::public::file_path(self.media_id, &self.stored_name)
    }

    /// As the API gives it, fetched from `url`.
    pub fn resource(&self, url: String) -> FileResource {
        FileResource {
            name: self.name.clone(),
            url,
            size: self.size,
            content_type: self.content_type.clone(),
            sha256: self.sha256.clone(),
        }
    }
}
