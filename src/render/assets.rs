//! Static assets served from memory under content-hashed names
//! (`/static/css/site.3f2a1b4c9d.css`), so they can be cached for a year.

use std::collections::HashMap;

use bytes::Bytes;
use sha2::{Digest, Sha256};

/// One asset ready to serve.
pub struct Asset {
    pub body: Bytes,
    pub content_type: &'static str,
    pub etag: String,
}

/// The theme's assets by hashed URL, and the URL of each logical path.
#[derive(Default)]
pub struct Assets {
    by_url: HashMap<String, Asset>,
    urls: HashMap<String, String>,
}

/// The URL prefix of every asset.
pub const PREFIX: &str = "/static/";

impl Assets {
    pub fn from_files(files: Vec<(String, Vec<u8>)>) -> Assets {
        let mut assets = Assets::default();
        for (path, data) in files {
            let digest = hex::encode(Sha256::digest(&data));
            let hash = &digest[..10];
            let hashed = match path.rsplit_once('.') {
                Some((stem, ext)) if !stem.ends_with('/') => format!("{stem}.{hash}.{ext}"),
                _ => format!("{path}.{hash}"),
            };
            let url = format!("{PREFIX}{hashed}");
            assets.urls.insert(path.clone(), url.clone());
            assets.by_url.insert(
                url,
                Asset {
                    content_type: content_type(&path),
                    etag: format!("\"{hash}\""),
                    body: Bytes::from(data),
                },
            );
        }
        assets
    }

    /// The hashed URL of a logical path (`css/site.css`).
    pub fn url(&self, path: &str) -> Option<&str> {
        self.urls.get(path).map(String::as_str)
    }

    pub fn get(&self, url: &str) -> Option<&Asset> {
        self.by_url.get(url)
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_get_hashed_urls_that_change_with_content() {
        let a = Assets::from_files(vec![("css/site.css".into(), b"body{}".to_vec())]);
        let b = Assets::from_files(vec![("css/site.css".into(), b"body{color:red}".to_vec())]);
        let (ua, ub) = (
            a.url("css/site.css").unwrap(),
            b.url("css/site.css").unwrap(),
        );
        assert!(
            ua.starts_with("/static/css/site.") && ua.ends_with(".css"),
            "{ua}"
        );
        assert_ne!(ua, ub);
        assert_eq!(a.get(ua).unwrap().content_type, "text/css; charset=utf-8");
    }
}
