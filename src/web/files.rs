//! Files of the media library: `/tep/{id}/{stored name}` for the file (images cleaned of
//! metadata) and `/tep/{id}/{width}w.{webp|jpg|png}` for an image's renditions. A file is
//! public once public content uses it: ETag from the content hash, range requests,
//! year-long caching (a file's URL never changes content), and the uploader's name for
//! saving (RFC 6266). Before that (a draft's, an embargoed release's), it is served only to
//! signed-in members of its site and through the signed preview link of a revision that
//! uses it, never cached by the way; to anyone else it does not exist.

use actix_files::NamedFile;
use actix_web::http::header::{
    self, Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::{web, HttpRequest, HttpResponse};

use crate::account::Capability;
use crate::app::AppState;
use crate::error::AppError;
use crate::media::library::{self, MediaFile};
use crate::media::MediaId;

/// `640w.webp` → (640, "webp").
fn rendition_name(name: &str) -> Option<(u32, &str)> {
    let (width, ext) = name.split_once("w.")?;
    let width = width.parse().ok()?;
    matches!(ext, "webp" | "jpg" | "png").then_some((width, ext))
}

fn mime_of(ext: &str) -> &'static str {
    match ext {
        "webp" => "image/webp",
        "png" => "image/png",
        _ => "image/jpeg",
    }
}

#[derive(serde::Deserialize)]
pub struct FileParams {
    /// A revision's signed preview token.
    xem: Option<String>,
}

/// Whether this request may have a file that is not public: a signed-in member of the
/// file's site, or the preview link of a revision that uses it.
async fn may_see_unpublished(
    req: &HttpRequest,
    state: &AppState,
    file: &MediaFile,
    preview: Option<&str>,
) -> Result<bool, AppError> {
    let site = crate::site::SiteId(file.site_id);
    if let Some(cookie) = req.cookie(super::middleware::SESSION_COOKIE) {
        if let Some((actor, _)) = super::admin::signed_in(state, cookie.value()).await? {
            if actor.can(Capability::View, site) {
                return Ok(true);
            }
        }
    }
    let now = state.clock.now().timestamp();
    let Some(revision) =
        preview.and_then(|t| crate::review::preview::verify(&state.secret, t, now))
    else {
        return Ok(false);
    };
    let id = file.id();
    state
        .db
        .read(move |c| Ok(library::used_by_revision(c, revision.0, id)?))
        .await
}

/// `GET /tep/{id}/{name}`.
pub async fn serve(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
    params: web::Query<FileParams>,
) -> Result<HttpResponse, AppError> {
    let (id, name) = path.into_inner();
    let now = state.clock.now().naive_utc();
    let (file, public): (MediaFile, bool) = state
        .db
        .read(move |c| {
            let Some(file) = library::find(c, MediaId(id))? else {
                return Ok(None);
            };
            let public = library::is_public(c, file.id(), now)?;
            Ok(Some((file, public)))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    if !public && !may_see_unpublished(&req, &state, &file, params.xem.as_deref()).await? {
        return Err(AppError::NotFound);
    }
    let (sha, mime, download_name) = match rendition_name(&name) {
        Some((width, ext)) if file.is_image() => match file.rendition_for(width, ext) {
            Some(r) => (r.sha256, mime_of(ext), None),
            // Narrower than every rendition asked for: the image itself is small enough.
            None => (
                file.served_sha256.clone(),
                mime_of(file.stored_name.rsplit('.').next().unwrap_or("jpg")),
                None,
            ),
        },
        _ if name == file.stored_name => (
            file.served_sha256.clone(),
            mime_of_file(&file),
            Some(file.original_name.clone()),
        ),
        // A wrong name of a public file leads to its address; of any other, to nothing.
        _ if public => {
            return Ok(HttpResponse::MovedPermanently()
                .insert_header((header::LOCATION, file.url()))
                .finish())
        }
        _ => return Err(AppError::NotFound),
    };
    let etag = format!("\"{sha}\"");
    let cache = if public {
        "public, max-age=31536000, immutable"
    } else {
        "private, no-store"
    };
    if req
        .headers()
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes())
    {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish());
    }
    let local = state.files.local_path(&sha).ok_or(AppError::NotFound)?;
    let named = NamedFile::open_async(local)
        .await
        .map_err(|e| AppError::internal(anyhow::Error::new(e).context(format!("media {id}"))))?
        .use_etag(false)
        .use_last_modified(false)
        .set_content_type(mime.parse().unwrap_or(mime::APPLICATION_OCTET_STREAM))
        .set_content_disposition(disposition(&file, download_name.as_deref()));
    let mut response = named.into_response(&req);
    response.headers_mut().insert(
        header::ETAG,
        etag.parse().map_err(|_| {
            AppError::internal(anyhow::anyhow!("the file hash is not a valid ETag"))
        })?,
    );
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static(cache),
    );
    Ok(response)
}

fn mime_of_file(file: &MediaFile) -> &'static str {
    crate::media::ACCEPTED
        .iter()
        .find(|t| t.mime == file.content_type)
        .map(|t| t.mime)
        .unwrap_or("application/octet-stream")
}

/// Images and PDF open in the browser; other documents download. The name offered for
/// saving is the uploader's (Vietnamese, RFC 5987 encoded), with the portal's ASCII name
/// for old clients.
fn disposition(file: &MediaFile, original: Option<&str>) -> ContentDisposition {
    let inline = file.is_image() || file.content_type == "application/pdf";
    let mut parameters = vec![DispositionParam::Filename(file.stored_name.clone())];
    if let Some(original) = original.filter(|o| !o.is_empty()) {
        parameters.push(DispositionParam::FilenameExt(ExtendedValue {
            charset: Charset::Ext("UTF-8".into()),
            language_tag: None,
            value: original.as_bytes().to_vec(),
        }));
    }
    ContentDisposition {
        disposition: if inline {
            DispositionType::Inline
        } else {
            DispositionType::Attachment
        },
        parameters,
    }
}

pub use crate::media::size_text;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendition_names_are_recognised() {
        assert_eq!(rendition_name("640w.webp"), Some((640, "webp")));
        assert_eq!(rendition_name("320w.jpg"), Some((320, "jpg")));
        assert_eq!(rendition_name("anh-hoi-nghi.jpg"), None);
        assert_eq!(rendition_name("640w.exe"), None);
    }
}
