//! The media library in the database: ingesting an upload (typed, deduplicated, images
//! processed), finding and searching files, their details, where content uses them, and
//! cleaning up uploads nobody used.

use std::path::Path;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::files::FileStore;
use super::images;
use super::{detect, stored_name, Limits, MediaError, MediaId, MediaKind};
use crate::account::audit::{self, Entry};
use crate::content::ContentId;
use crate::db::schema::{
    content_items, content_revisions, gazette_issues, media_files, media_references,
    question_attachments,
};
use crate::db::DbConn;
use crate::site::SiteId;
use crate::text::nfc;

/// A file of the library.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = media_files)]
pub struct MediaFile {
    pub id: i32,
    pub site_id: i32,
    /// Of the bytes as uploaded (kept; integrity can be checked against it).
    pub sha256: String,
    /// Of what readers get (the cleaned image; the upload itself for documents).
    pub served_sha256: String,
    pub size: i64,
    pub content_type: String,
    pub kind: String,
    pub original_name: String,
    pub stored_name: String,
    pub alt_text: String,
    pub caption: String,
    pub credit: String,
    pub width: Option<i32>,
    pub height: Option<i32>,
    /// `width:format:sha256` entries separated by spaces.
    pub renditions: String,
    pub uploaded_by: Option<i32>,
    pub created_at: NaiveDateTime,
}

/// One rendition of an image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rendition {
    pub width: u32,
    pub format: String,
    pub sha256: String,
}

impl MediaFile {
    pub fn id(&self) -> MediaId {
        MediaId(self.id)
    }

    pub fn is_image(&self) -> bool {
        self.kind == MediaKind::Image.as_str()
    }

    /// The public address of the file.
    pub fn url(&self) -> String {
        format!("/tep/{}/{}", self.id, self.stored_name)
    }

    pub fn renditions(&self) -> Vec<Rendition> {
        self.renditions
            .split_whitespace()
            .filter_map(|entry| {
                let mut parts = entry.splitn(3, ':');
                Some(Rendition {
                    width: parts.next()?.parse().ok()?,
                    format: parts.next()?.to_string(),
                    sha256: parts.next()?.to_string(),
                })
            })
            .collect()
    }

    /// The best rendition for a requested width and format: the widest not wider than
    /// asked, else none (the master serves).
    pub fn rendition_for(&self, width: u32, format: &str) -> Option<Rendition> {
        self.renditions()
            .into_iter()
            .filter(|r| r.format == format && r.width <= width)
            .max_by_key(|r| r.width)
    }
}

/// A library image as pages show it (the theme's `ui::picture`): its address, the
/// `srcset` of its WebP renditions, its size, alternative text, caption and credit.
#[derive(Debug, Clone, Serialize)]
pub struct Picture {
    pub id: i32,
    pub url: String,
    pub srcset: String,
    pub alt: String,
    pub width: Option<i32>,
    pub height: Option<i32>,
    /// Chú thích ảnh.
    pub caption: String,
    /// Tác giả / nguồn ảnh.
    pub credit: String,
}

impl MediaFile {
    /// The file as a picture; `None` for a document.
    pub fn picture(&self) -> Option<Picture> {
        if !self.is_image() {
            return None;
        }
        let widths: Vec<u32> = self
            .renditions()
            .into_iter()
            .filter(|r| r.format == "webp")
            .map(|r| r.width)
            .collect();
        let mut srcset = images::srcset(&format!("/tep/{}", self.id), &widths, "webp");
        // The master itself, when it is wider than every rendition.
        if let Some(w) = self
            .width
            .filter(|w| widths.iter().all(|r| (*r as i32) < *w))
        {
            if !srcset.is_empty() {
                srcset.push_str(", ");
            }
            srcset.push_str(&format!("{} {w}w", self.url()));
        }
        Some(Picture {
            id: self.id,
            url: self.url(),
            srcset,
            alt: self.alt_text.clone(),
            width: self.width,
            height: self.height,
            caption: self.caption.clone(),
            credit: self.credit.clone(),
        })
    }
}

/// The pictures of these files (cover images of a list's items), by id; documents and
/// missing files are left out.
pub fn pictures(
    conn: &mut DbConn,
    ids: impl IntoIterator<Item = MediaId>,
) -> QueryResult<std::collections::HashMap<MediaId, Picture>> {
    let ids: Vec<i32> = ids.into_iter().map(|m| m.0).collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(media_files::table
        .filter(media_files::id.eq_any(ids))
        .select(MediaFile::as_select())
        .load(conn)?
        .iter()
        .filter_map(|f| Some((f.id(), f.picture()?)))
        .collect())
}

/// A site's images, newest first: what a cover may be chosen from.
pub fn images(conn: &mut DbConn, site: SiteId, limit: i64) -> QueryResult<Vec<MediaFile>> {
    media_files::table
        .filter(media_files::site_id.eq(site.0))
        .filter(media_files::kind.eq(MediaKind::Image.as_str()))
        .order(media_files::id.desc())
        .limit(limit)
        .select(MediaFile::as_select())
        .load(conn)
}

/// Whether a file is an image of this site's library: what a cover may be.
pub fn is_site_image(conn: &mut DbConn, site: SiteId, id: MediaId) -> QueryResult<bool> {
    let n: i64 = media_files::table
        .filter(media_files::id.eq(id.0))
        .filter(media_files::site_id.eq(site.0))
        .filter(media_files::kind.eq(MediaKind::Image.as_str()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// An upload already streamed to a temporary file, with its hash and size, for a site.
pub struct Upload<'a> {
    pub temp: &'a Path,
    pub sha256: String,
    pub size: u64,
    pub original_name: String,
    pub site: SiteId,
    /// Required for images.
    pub alt_text: String,
}

/// Stores an upload in a site's library: types it by content, refuses what is not
/// accepted or too large, processes images, and returns the existing file when the same
/// bytes were uploaded to the site before. The temporary file is consumed either way.
pub fn ingest(
    conn: &mut DbConn,
    store: &dyn FileStore,
    upload: Upload,
    by: &Entry,
    limits: &Limits,
    now: NaiveDateTime,
) -> Result<MediaFile, MediaError> {
    let result = ingest_inner(conn, store, &upload, by, limits, now);
    if upload.temp.exists() {
        let _ = std::fs::remove_file(upload.temp);
    }
    result
}

fn ingest_inner(
    conn: &mut DbConn,
    store: &dyn FileStore,
    upload: &Upload,
    by: &Entry,
    limits: &Limits,
    now: NaiveDateTime,
) -> Result<MediaFile, MediaError> {
    let (site, alt_text) = (upload.site, upload.alt_text.as_str());
    if upload.size == 0 {
        return Err(MediaError::Empty);
    }
    let mut head = vec![0u8; 8192];
    let n = std::io::Read::read(&mut std::fs::File::open(upload.temp)?, &mut head)?;
    let accepted = detect(&head[..n]).ok_or(MediaError::TypeRefused)?;
    // The accessibility of government sites depends on it (WCAG 1.1.1).
    if accepted.kind == MediaKind::Image && alt_text.trim().is_empty() {
        return Err(MediaError::AltRequired);
    }
    let limit = limits.bytes_for(accepted.kind);
    if upload.size > limit {
        return Err(MediaError::TooLarge { limit });
    }
    let existing = media_files::table
        .filter(media_files::site_id.eq(site.0))
        .filter(media_files::sha256.eq(&upload.sha256))
        .select(MediaFile::as_select())
        .first(conn)
        .optional()?;
    if let Some(file) = existing {
        return Ok(file);
    }
    let (served, width, height, renditions) = if accepted.kind == MediaKind::Image {
        let processed = images::process(upload.temp, accepted, limits)?;
        let served = sha256_hex(&processed.master.bytes);
        store.put_bytes(&processed.master.bytes, &served)?;
        let mut entries = Vec::new();
        for r in &processed.renditions {
            let sha = sha256_hex(&r.bytes);
            store.put_bytes(&r.bytes, &sha)?;
            entries.push(format!("{}:{}:{sha}", r.width, r.format));
        }
        (
            served,
            Some(processed.master.width as i32),
            Some(processed.height as i32),
            entries.join(" "),
        )
    } else {
        (upload.sha256.clone(), None, None, String::new())
    };
    // The upload itself is kept too (for images: with its metadata, never served).
    store.put(upload.temp, &upload.sha256)?;
    let original = nfc(upload.original_name.trim());
    let name = stored_name(&original, accepted);
    conn.write(|conn| {
        diesel::insert_into(media_files::table)
            .values((
                media_files::site_id.eq(site.0),
                media_files::sha256.eq(&upload.sha256),
                media_files::served_sha256.eq(&served),
                media_files::size.eq(upload.size as i64),
                media_files::content_type.eq(accepted.mime),
                media_files::kind.eq(accepted.kind.as_str()),
                media_files::original_name.eq(&original),
                media_files::stored_name.eq(&name),
                media_files::alt_text.eq(nfc(alt_text.trim())),
                media_files::width.eq(width),
                media_files::height.eq(height),
                media_files::renditions.eq(&renditions),
                media_files::uploaded_by.eq(by.actor_id),
                media_files::created_at.eq(now),
            ))
            .execute(conn)?;
        let file: MediaFile = media_files::table
            .filter(media_files::site_id.eq(site.0))
            .filter(media_files::sha256.eq(&upload.sha256))
            .select(MediaFile::as_select())
            .first(conn)?;
        audit::record(
            conn,
            &by.about(
                "media",
                file.id as i64,
                Some(site),
                crate::account::audit::AuditAction::MediaUpload,
                &original,
            ),
            now,
        )?;
        Ok(file)
    })
}

/// A file by id.
pub fn find(conn: &mut DbConn, id: MediaId) -> QueryResult<Option<MediaFile>> {
    media_files::table
        .find(id.0)
        .select(MediaFile::as_select())
        .first(conn)
        .optional()
}

/// A site's files, newest first, optionally those whose name or alternative text
/// contains `search` (with or without diacritics in the original name's folded form).
pub fn list(
    conn: &mut DbConn,
    site: SiteId,
    search: &str,
    page: i64,
    per_page: i64,
) -> QueryResult<(Vec<MediaFile>, i64)> {
    let needle = search.trim().replace(['%', '_'], "");
    let filtered = || {
        let mut q = media_files::table
            .filter(media_files::site_id.eq(site.0))
            .into_boxed();
        if !needle.is_empty() {
            let pattern = format!("%{}%", nfc(&needle));
            let folded = format!("%{}%", crate::text::slugify(&needle, 100));
            q = q.filter(
                media_files::original_name
                    .like(pattern.clone())
                    .or(media_files::alt_text.like(pattern))
                    .or(media_files::stored_name.like(folded)),
            );
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let rows = filtered()
        .order(media_files::id.desc())
        .limit(per_page)
        .offset((page - 1).max(0) * per_page)
        .select(MediaFile::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Changes the words that go with a file: alternative text, caption, credit (source).
pub fn describe(
    conn: &mut DbConn,
    id: MediaId,
    alt: &str,
    caption: &str,
    credit: &str,
    by: &Entry,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    conn.write(|conn| {
        let Some(file) = find(conn, id)? else {
            return Ok(false);
        };
        diesel::update(media_files::table.find(id.0))
            .set((
                media_files::alt_text.eq(nfc(alt.trim())),
                media_files::caption.eq(nfc(caption.trim())),
                media_files::credit.eq(nfc(credit.trim())),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            &by.about(
                "media",
                id.0 as i64,
                Some(SiteId(file.site_id)),
                crate::account::audit::AuditAction::MediaDescribe,
                alt.trim(),
            ),
            now,
        )?;
        Ok(true)
    })
}

/// The media ids a Markdown text links to (`/tep/{id}/…`).
pub fn referenced_ids(markdown: &str) -> Vec<i32> {
    let mut ids: Vec<i32> = markdown
        .match_indices("/tep/")
        .filter_map(|(i, m)| {
            let rest = &markdown[i + m.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            rest[digits.len()..]
                .starts_with('/')
                .then(|| digits.parse().ok())
                .flatten()
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Records which files an item's public text and its cover image use (called whenever it
/// is saved).
pub fn sync_references(
    conn: &mut DbConn,
    content: ContentId,
    markdown: &str,
    cover: Option<MediaId>,
) -> QueryResult<()> {
    diesel::delete(media_references::table.filter(media_references::content_id.eq(content.0)))
        .execute(conn)?;
    let mut ids = referenced_ids(markdown);
    if let Some(cover) = cover.filter(|c| !ids.contains(&c.0)) {
        ids.push(cover.0);
    }
    if ids.is_empty() {
        return Ok(());
    }
    let existing: Vec<i32> = media_files::table
        .filter(media_files::id.eq_any(&ids))
        .select(media_files::id)
        .load(conn)?;
    for id in existing {
        diesel::insert_into(media_references::table)
            .values((
                media_references::media_id.eq(id),
                media_references::content_id.eq(content.0),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Records that an item uses a file (a record's attached file or form), unless it is
/// recorded already; such files are never cleaned up.
pub fn keep_referenced(conn: &mut DbConn, media_id: i32, content: ContentId) -> QueryResult<()> {
    let known = media_references::table
        .find((media_id, content.0))
        .count()
        .get_result::<i64>(conn)?;
    if known == 0 {
        diesel::insert_into(media_references::table)
            .values((
                media_references::media_id.eq(media_id),
                media_references::content_id.eq(content.0),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The items whose public text uses a file: (id, title, state).
pub fn used_by(conn: &mut DbConn, id: MediaId) -> QueryResult<Vec<(i32, String, String)>> {
    media_references::table
        .inner_join(content_items::table)
        .filter(media_references::media_id.eq(id.0))
        .select((
            content_items::id,
            content_items::title,
            content_items::state,
        ))
        .load(conn)
}

/// How many revisions (or whether the one given) use a file: their text links to it, or
/// their structured record names it (a legal document's files, a procedure's forms).
fn revisions_using(conn: &mut DbConn, id: MediaId, revision: Option<i32>) -> QueryResult<i64> {
    let link = format!("%/tep/{}/%", id.0);
    // serde_json writes records compactly: `"media_id":12,` or `"form":12}`.
    let named = |key: &str, end: char| format!("%\"{key}\":{}{end}%", id.0);
    let mut q = content_revisions::table
        .filter(
            content_revisions::body_markdown
                .like(link)
                .or(content_revisions::cover_media_id.eq(id.0).assume_not_null())
                .or(content_revisions::record
                    .like(named("media_id", ','))
                    .assume_not_null())
                .or(content_revisions::record
                    .like(named("media_id", '}'))
                    .assume_not_null())
                .or(content_revisions::record
                    .like(named("form", ','))
                    .assume_not_null())
                .or(content_revisions::record
                    .like(named("form", '}'))
                    .assume_not_null()),
        )
        .into_boxed();
    if let Some(r) = revision {
        q = q.filter(content_revisions::id.eq(r));
    }
    q.count().get_result(conn)
}

/// Whether readers may fetch a file without an account: once public content uses it (the
/// text of a published or withdrawn item, a legal document's files, a procedure's forms),
/// or a gazette issue offers it. Drafts' and embargoed files are not public.
pub fn is_public(conn: &mut DbConn, id: MediaId, now: NaiveDateTime) -> QueryResult<bool> {
    let public = [
        crate::content::ContentState::Published.as_str(),
        crate::content::ContentState::Withdrawn.as_str(),
    ];
    let used: i64 = media_references::table
        .inner_join(content_items::table)
        .filter(media_references::media_id.eq(id.0))
        .filter(content_items::state.eq_any(public))
        .filter(content_items::published_at.le(now))
        .count()
        .get_result(conn)?;
    if used > 0 {
        return Ok(true);
    }
    let gazette: i64 = gazette_issues::table
        .filter(gazette_issues::media_id.eq(Some(id.0)))
        .count()
        .get_result(conn)?;
    Ok(gazette > 0)
}

/// Whether a revision uses a file (a signed preview link opens the files of its revision).
pub fn used_by_revision(conn: &mut DbConn, revision: i32, id: MediaId) -> QueryResult<bool> {
    Ok(revisions_using(conn, id, Some(revision))? > 0)
}

/// Gives every link to a file of the library in `html` the preview token, so that a
/// draft's images and documents show to whoever holds the signed preview link.
pub fn with_preview_token(html: &str, token: &str) -> String {
    const MARK: &str = "/tep/";
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(i) = rest.find(MARK) {
        let after = &rest[i + MARK.len()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        let end = after
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '?' | '#'))
            .unwrap_or(after.len());
        out.push_str(&rest[..i + MARK.len() + end]);
        if digits > 0 && after[digits..].starts_with('/') {
            out.push_str("?xem=");
            out.push_str(token);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Whether anything still uses a blob of the file store: a media file (as uploaded, as
/// served, or one of its renditions) or a citizen's attachment. Every deletion of a blob
/// asks this first: the store is deduplicated, so equal bytes are one blob.
pub fn blob_in_use(conn: &mut DbConn, sha256: &str) -> QueryResult<bool> {
    let media: i64 = media_files::table
        .filter(
            media_files::sha256
                .eq(sha256)
                .or(media_files::served_sha256.eq(sha256))
                .or(media_files::renditions.like(format!("%{sha256}%"))),
        )
        .count()
        .get_result(conn)?;
    if media > 0 {
        return Ok(true);
    }
    let attachments: i64 = question_attachments::table
        .filter(question_attachments::sha256.eq(sha256))
        .count()
        .get_result(conn)?;
    Ok(attachments > 0)
}

/// Deletes uploads older than `before` that no item and no revision uses, and their
/// blobs when no other file shares them. Files used by published content are never
/// deleted. Returns how many files went.
pub fn clean_up(
    conn: &mut DbConn,
    store: &dyn FileStore,
    before: NaiveDateTime,
) -> Result<usize, MediaError> {
    let candidates: Vec<MediaFile> = media_files::table
        .filter(media_files::created_at.lt(before))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            media_references::table.filter(media_references::media_id.eq(media_files::id)),
        )))
        // A gazette issue's file is downloaded from the issue's page.
        .filter(diesel::dsl::not(diesel::dsl::exists(
            gazette_issues::table.filter(gazette_issues::media_id.eq(media_files::id.nullable())),
        )))
        .select(MediaFile::as_select())
        .load(conn)?;
    let mut removed = 0;
    for file in candidates {
        // A draft or an older revision may still link to it.
        if revisions_using(conn, file.id(), None)? > 0 {
            continue;
        }
        diesel::delete(media_files::table.find(file.id)).execute(conn)?;
        let mut blobs = vec![file.sha256.clone(), file.served_sha256.clone()];
        blobs.extend(file.renditions().into_iter().map(|r| r.sha256));
        for blob in blobs {
            if !blob_in_use(conn, &blob)? {
                store.delete(&blob)?;
            }
        }
        removed += 1;
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    #[test]
    fn preview_links_carry_the_token_to_every_file() {
        let html = r#"<img srcset="/tep/12/320w.webp 320w, /tep/12/640w.webp 640w" src="/tep/12/anh.jpg"> <a href="/tep/7/qd.pdf">x</a> /tep/x/"#;
        let out = with_preview_token(html, "5.99.ab");
        assert_eq!(
            out,
            r#"<img srcset="/tep/12/320w.webp?xem=5.99.ab 320w, /tep/12/640w.webp?xem=5.99.ab 640w" src="/tep/12/anh.jpg?xem=5.99.ab"> <a href="/tep/7/qd.pdf?xem=5.99.ab">x</a> /tep/x/"#
        );
    }

    use super::*;

    #[test]
    fn media_links_are_found_in_markdown() {
        let md = "![Ảnh](/tep/12/anh.jpg) [tải](/tep/7/quyet-dinh.pdf) /tep/12/320w.webp /tep/x/ /tep/99";
        assert_eq!(referenced_ids(md), vec![7, 12]);
    }
}
