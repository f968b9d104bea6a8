//! The demo's cover images (ảnh đại diện): pictures made for the demo (`content/covers/`,
//! CC0), put into their site's media library with their alternative text, caption and
//! credit, and set as the cover of a news item in both languages. Idempotent.

use chrono::NaiveDateTime;
use serde::Deserialize;

use super::store;
use crate::account::audit::{Entry, Via};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::media::library;
use crate::record::import::DemoPlace;

#[derive(rust_embed::Embed)]
#[folder = "$CARGO_MANIFEST_DIR/content/covers/"]
#[include = "*.toml"]
#[include = "*.png"]
struct DemoCovers;

#[derive(Debug, Deserialize)]
struct Manifest {
    cover: Vec<CoverLine>,
}

/// One cover of `covers.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CoverLine {
    site: String,
    translation_key: String,
    file: String,
    alt: String,
    caption: String,
    credit: String,
}

/// Why the demo's covers could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum CoverError {
    #[error("content/covers/{0}: missing")]
    Missing(String),
    #[error("content/covers/covers.toml: {0}")]
    Manifest(String),
    #[error("cover {file}: {reason}")]
    Cover { file: String, reason: String },
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

fn read(path: &str) -> Result<Vec<u8>, CoverError> {
    DemoCovers::get(path)
        .map(|f| f.data.into_owned())
        .ok_or_else(|| CoverError::Missing(path.to_string()))
}

/// Loads the demo covers; returns how many items got one.
pub fn load(conn: &mut DbConn, place: &DemoPlace, now: NaiveDateTime) -> Result<usize, CoverError> {
    let text = String::from_utf8_lossy(&read("covers.toml")?).into_owned();
    let manifest: Manifest =
        toml::from_str(&text).map_err(|e| CoverError::Manifest(e.message().to_string()))?;
    let entry = Entry::named(None, "demo", Via::Import);
    let library = crate::media::bytes::Library {
        files: place.files,
        entry: &entry,
        limits: place.limits,
    };
    let mut set = 0;
    for line in manifest.cover {
        let fail = |reason: String| CoverError::Cover {
            file: line.file.clone(),
            reason,
        };
        let site = place
            .directory
            .by_slug(&line.site)
            .ok_or_else(|| fail(format!("no site {:?}", line.site)))?;
        let bytes = read(&line.file)?;
        let stored = library
            .store_with_alt(conn, &bytes, &line.file, &line.alt, site.id, now)
            .map_err(|e| fail(e.to_string()))?;
        let described = (
            stored.alt_text.as_str(),
            stored.caption.as_str(),
            stored.credit.as_str(),
        ) == (
            line.alt.as_str(),
            line.caption.as_str(),
            line.credit.as_str(),
        );
        if !described {
            library::describe(
                conn,
                stored.id(),
                &line.alt,
                &line.caption,
                &line.credit,
                &entry,
                now,
            )?;
        }
        for lang in Lang::ALL {
            if let Some(item) = store::find_by_key(conn, site.id, lang, &line.translation_key)? {
                if store::set_cover(conn, item.id, Some(stored.id()), now)? {
                    set += 1;
                }
            }
        }
    }
    Ok(set)
}
