//! Static assets served from memory under content-hashed names
//! (`/static/css/site.3f2a1b4c9d.css`), so they can be cached for a year. A stylesheet's
//! relative `url(…)` references (fonts, images) are rewritten to the hashed names, so a
//! font changed in the theme reaches browsers that cached the stylesheet.

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
        // Stylesheets last: their references point at the others' hashed names.
        let (styles, others): (Vec<_>, Vec<_>) = files
            .into_iter()
            .partition(|(path, _)| path.ends_with(".css"));
        for (path, data) in others {
            assets.insert(path, data);
        }
        for (path, data) in styles {
            let rewritten = match std::str::from_utf8(&data) {
                Ok(css) => assets.rewrite_urls(&path, css).into_bytes(),
                Err(_) => data,
            };
            assets.insert(path, rewritten);
        }
        assets
    }

    fn insert(&mut self, path: String, data: Vec<u8>) {
        let digest = hex::encode(Sha256::digest(&data));
        let hash = &digest[..10];
        let hashed = match path.rsplit_once('.') {
            Some((stem, ext)) if !stem.ends_with('/') => format!("{stem}.{hash}.{ext}"),
            _ => format!("{path}.{hash}"),
        };
        let url = format!("{PREFIX}{hashed}");
        self.urls.insert(path.clone(), url.clone());
        self.by_url.insert(
            url,
            Asset {
                content_type: content_type(&path),
                etag: format!("\"{hash}\""),
                body: Bytes::from(data),
            },
        );
    }

    /// `url(../fonts/x.woff2)` in the stylesheet at `path` becomes the hashed URL of
    /// `fonts/x.woff2`; absolute, `data:` and unknown references stay as written.
    fn rewrite_urls(&self, path: &str, css: &str) -> String {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        let mut out = String::with_capacity(css.len());
        let mut rest = css;
        while let Some(at) = rest.find("url(") {
            let (before, after) = rest.split_at(at + 4);
            out.push_str(before);
            let Some(end) = after.find(')') else {
                rest = after;
                break;
            };
            let raw = after[..end].trim();
            let target = raw.trim_matches(|c| c == '"' || c == '\'');
            match resolve(dir, target).and_then(|p| self.url(&p)) {
                Some(url) => out.push_str(&format!("\"{url}\"")),
                None => out.push_str(raw),
            }
            out.push(')');
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The hashed URL of a logical path (`css/site.css`).
    pub fn url(&self, path: &str) -> Option<&str> {
        self.urls.get(path).map(String::as_str)
    }

    pub fn get(&self, url: &str) -> Option<&Asset> {
        self.by_url.get(url)
    }
}

/// The theme path a relative reference of a file in `dir` names (`None` for an absolute,
/// `data:` or fragment reference).
fn resolve(dir: &str, target: &str) -> Option<String> {
    if target.is_empty() || target.starts_with(['/', '#']) || target.contains(':') {
        return None;
    }
    let target = target.split(['?', '#']).next().unwrap_or(target);
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
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

    #[test]
    fn stylesheets_name_fonts_and_images_by_their_hashed_urls() {
        let a = Assets::from_files(vec![
            (
                "css/site.css".into(),
                b"@font-face{src:url(../fonts/f.woff2) format('woff2')}\
                  .x{background:url('data:image/svg+xml,<svg/>')}\
                  .y{background:url(\"../img/missing.png\")}"
                    .to_vec(),
            ),
            ("fonts/f.woff2".into(), b"font".to_vec()),
        ]);
        let font = a.url("fonts/f.woff2").unwrap().to_string();
        let css = &a.get(a.url("css/site.css").unwrap()).unwrap().body;
        let css = std::str::from_utf8(css).unwrap();
        assert!(css.contains(&format!("url(\"{font}\")")), "{css}");
        assert!(css.contains("url('data:image/svg+xml,<svg/>')"), "{css}");
        assert!(css.contains("url(\"../img/missing.png\")"), "{css}");
        assert_eq!(a.get(&font).unwrap().content_type, "font/woff2");
    }

    #[test]
    fn a_changed_font_changes_the_stylesheet_url() {
        let theme = |font: &[u8]| {
            Assets::from_files(vec![
                ("css/a.css".into(), b"a{src:url(../fonts/f.woff2)}".to_vec()),
                ("fonts/f.woff2".into(), font.to_vec()),
            ])
        };
        let (one, two) = (theme(b"one"), theme(b"two"));
        assert_ne!(one.url("css/a.css"), two.url("css/a.css"));
    }
}
