//! The media library of a site in the admin interface: upload several files at once
//! (streamed to disk, never held in memory), list with thumbnails, search by name or
//! alternative text, and each file's details and where it is used.

use std::io::Write;
use std::path::{Path, PathBuf};

use actix_multipart::{Field, Multipart};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use bytes::Bytes;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tera::Context;

use super::Admin;
use crate::account::audit::{Entry, Via};
use crate::account::Capability;
use crate::error::AppError;
use crate::media::library::{self, MediaFile, Upload};
use crate::media::{MediaError, MediaId};
use crate::web::paging::{last_page, PageParams};

#[derive(Deserialize)]
pub struct ListParams {
    q: Option<String>,
    #[serde(flatten)]
    paging: PageParams,
}

/// The outcome of one uploaded file, as shown after an upload.
#[derive(Serialize)]
struct Outcome {
    name: String,
    id: Option<i32>,
    message_id: Option<&'static str>,
}

async fn page(
    admin: &Admin,
    slug: &str,
    q: &str,
    page_no: i64,
    outcomes: &[Outcome],
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let site = admin.site(slug, Capability::View)?;
    let (id, search) = (site.id, q.to_string());
    let (files, total) = admin
        .state
        .db
        .run(move |c| Ok::<_, AppError>(library::list(c, id, &search, page_no, 40)?))
        .await?;
    let mut context = Context::new();
    context.insert(
        "site",
        &serde_json::json!({"slug": site.slug, "name": site.name(admin.lang)}),
    );
    context.insert(
        "files",
        &files
            .iter()
            .map(|f| serde_json::json!({"file": f, "url": f.url()}))
            .collect::<Vec<_>>(),
    );
    context.insert("total", &total);
    context.insert("q", q);
    context.insert("page_no", &page_no);
    context.insert("last_page", &last_page(total, 40));
    context.insert("outcomes", outcomes);
    context.insert("can_upload", &admin.actor.can(Capability::Write, site.id));
    let mut response = admin.render(
        "admin/media.html",
        context,
        &format!("/sites/{}/media", site.slug),
    )?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /admin/sites/{slug}/media?q=`.
pub async fn list(
    admin: Admin,
    slug: web::Path<String>,
    p: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let paging = p.paging.validate(40)?;
    page(
        &admin,
        &slug,
        p.q.as_deref().unwrap_or(""),
        paging.page,
        &[],
        StatusCode::OK,
    )
    .await
}

/// Reads a small text field of the form.
async fn text_field(field: &mut Field) -> Result<String, AppError> {
    let mut value = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|_| AppError::BadRequest("error-bad-request-text"))?;
        value.extend_from_slice(&chunk);
        if value.len() > 4096 {
            return Err(AppError::BadRequest("form-too-long"));
        }
    }
    String::from_utf8(value).map_err(|_| AppError::BadRequest("error-bad-request-text"))
}

/// A file field written to a temporary file.
struct Streamed {
    path: PathBuf,
    sha256: String,
    size: u64,
}

/// Streams a file field to a temporary file on a blocking thread (hashing as it goes),
/// stopping as soon as it passes `limit`: nothing large is ever held in memory.
async fn receive(field: &mut Field, dir: &Path, limit: u64) -> Result<Streamed, MediaError> {
    let path = dir.join(format!(
        "upload-{}",
        hex::encode(rand::random::<[u8; 12]>())
    ));
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Bytes>(8);
    let target = path.clone();
    let writer = actix_web::rt::task::spawn_blocking(move || -> std::io::Result<(String, u64)> {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&target)?);
        let (mut hasher, mut size) = (Sha256::new(), 0u64);
        while let Some(chunk) = rx.blocking_recv() {
            file.write_all(&chunk)?;
            hasher.update(&chunk);
            size += chunk.len() as u64;
        }
        file.flush()?;
        Ok((hex::encode(hasher.finalize()), size))
    });
    let mut received = 0u64;
    let mut too_large = false;
    while let Some(chunk) = field.next().await {
        let Ok(chunk) = chunk else { break };
        received += chunk.len() as u64;
        if received > limit {
            too_large = true;
            break;
        }
        if tx.send(chunk).await.is_err() {
            break;
        }
    }
    drop(tx);
    let written = writer
        .await
        .map_err(|_| MediaError::Io(std::io::Error::other("upload writer stopped")))?;
    if too_large {
        let _ = std::fs::remove_file(&path);
        return Err(MediaError::TooLarge { limit });
    }
    let (sha256, size) = written?;
    Ok(Streamed { path, sha256, size })
}

/// `POST /admin/sites/{slug}/media` (multipart): one or more files and the alternative
/// text for images; each file is accepted or refused on its own, with the reason.
pub async fn upload(
    admin: Admin,
    slug: web::Path<String>,
    mut form: Multipart,
) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::Write)?;
    let tmp = admin.state.config.data_dir.join("tmp");
    std::fs::create_dir_all(&tmp).map_err(|e| AppError::Internal(e.to_string()))?;
    let limits = admin.state.config.media;
    let (mut csrf_ok, mut alt) = (false, String::new());
    let mut received: Vec<(String, Result<Streamed, MediaError>)> = Vec::new();
    while let Some(field) = form.next().await {
        let mut field = field.map_err(|_| AppError::BadRequest("error-bad-request-text"))?;
        match field.name().unwrap_or_default() {
            "csrf" => {
                let token = text_field(&mut field).await?;
                admin.verify_csrf(&token)?;
                csrf_ok = true;
            }
            "alt" => alt = text_field(&mut field).await?,
            "files" => {
                // The token comes first in the form: nothing is written before it is checked.
                if !csrf_ok {
                    return Err(AppError::Csrf);
                }
                let name = field
                    .content_disposition()
                    .and_then(|d| d.get_filename().map(str::to_string))
                    .unwrap_or_default();
                if name.is_empty() {
                    continue;
                }
                let result = receive(&mut field, &tmp, limits.any_bytes()).await;
                received.push((name, result));
            }
            _ => {
                text_field(&mut field).await?;
            }
        }
    }
    if !csrf_ok {
        return Err(AppError::Csrf);
    }
    let (by, now, store, site_id) = (
        Entry::by(&admin.actor, Via::Web),
        admin.now(),
        admin.state.files.clone(),
        site.id,
    );
    let outcomes = admin
        .state
        .db
        .run(move |c| -> Result<Vec<(Outcome, bool)>, AppError> {
            let mut out = Vec::new();
            for (name, result) in received {
                let stored = result.and_then(|file| {
                    let upload = Upload {
                        temp: &file.path,
                        sha256: file.sha256,
                        size: file.size,
                        original_name: name.clone(),
                        site: site_id,
                        alt_text: alt.clone(),
                    };
                    library::ingest(c, store.as_ref(), upload, &by, &limits, now)
                });
                out.push(match stored {
                    Ok(file) => (
                        Outcome {
                            name,
                            id: Some(file.id),
                            message_id: None,
                        },
                        false,
                    ),
                    Err(e @ (MediaError::Io(_) | MediaError::Db(_))) => {
                        return Err(AppError::Internal(e.to_string()))
                    }
                    Err(e) => {
                        let too_large = matches!(e, MediaError::TooLarge { .. });
                        (
                            Outcome {
                                name,
                                id: None,
                                message_id: Some(e.message_id()),
                            },
                            too_large,
                        )
                    }
                });
            }
            Ok(out)
        })
        .await?;
    let status = if outcomes.iter().any(|(o, _)| o.id.is_some()) || outcomes.is_empty() {
        StatusCode::OK
    } else if outcomes.iter().all(|(_, too_large)| *too_large) {
        StatusCode::PAYLOAD_TOO_LARGE
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let outcomes: Vec<Outcome> = outcomes.into_iter().map(|(o, _)| o).collect();
    page(&admin, &slug, "", 1, &outcomes, status).await
}

async fn load(
    admin: &Admin,
    id: MediaId,
) -> Result<(MediaFile, Vec<(i32, String, String)>), AppError> {
    let found = admin
        .state
        .db
        .run(move |c| -> Result<_, AppError> {
            let file = library::find(c, id)?.ok_or(AppError::NotFound)?;
            let used = library::used_by(c, id)?;
            Ok((file, used))
        })
        .await?;
    if !admin
        .actor
        .can(Capability::View, crate::site::SiteId(found.0.site_id))
    {
        return Err(AppError::Forbidden);
    }
    Ok(found)
}

/// `GET /admin/media/{id}`: the file, its renditions, its words and where it is used.
pub async fn item(admin: Admin, id: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let (file, used) = load(&admin, MediaId(id.into_inner())).await?;
    let mut context = Context::new();
    context.insert("url", &file.url());
    context.insert("renditions", &file.renditions());
    context.insert("markdown", &format!("![{}]({})", file.alt_text, file.url()));
    context.insert("file", &file);
    context.insert("used", &used);
    context.insert(
        "can_edit",
        &admin
            .actor
            .can(Capability::Write, crate::site::SiteId(file.site_id)),
    );
    admin.render(
        "admin/media_item.html",
        context,
        &format!("/media/{}", file.id),
    )
}

#[derive(Deserialize)]
pub struct DescribeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    alt_text: String,
    #[serde(default)]
    caption: String,
    #[serde(default)]
    credit: String,
}

/// `POST /admin/media/{id}`: alternative text (required for images), caption, credit.
pub async fn describe(
    admin: Admin,
    id: web::Path<i32>,
    form: web::Form<DescribeForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let id = MediaId(id.into_inner());
    let (file, _) = load(&admin, id).await?;
    if !admin
        .actor
        .can(Capability::Write, crate::site::SiteId(file.site_id))
    {
        return Err(AppError::Forbidden);
    }
    if file.is_image() && form.alt_text.trim().is_empty() {
        return Err(AppError::BadRequest("media-alt-required"));
    }
    let (by, now) = (Entry::by(&admin.actor, Via::Web), admin.now());
    let (alt, caption, credit) = (
        form.alt_text.clone(),
        form.caption.clone(),
        form.credit.clone(),
    );
    admin
        .state
        .db
        .run(move |c| {
            Ok::<_, AppError>(library::describe(c, id, &alt, &caption, &credit, &by, now)?)
        })
        .await?;
    Ok(admin.see_other(&format!("/media/{}", id.0)))
}
