//! A stored file as readers see it on a page and in the API: its name, where to fetch it,
//! and what to check it by.

use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::media_files;

/// A stored file: its original name, where it is kept, and what to check it by (read with
/// `FileFacts::as_select()`).
#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = media_files)]
pub struct FileFacts {
    #[diesel(column_name = id)]
    pub media_id: i32,
    #[diesel(column_name = original_name)]
    pub name: String,
    pub stored_name: String,
    pub size: i64,
    pub content_type: String,
    pub sha256: String,
}

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
