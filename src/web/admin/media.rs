//! The media library of a site in the admin interface: upload several files at once
//! (streamed to disk, never held in memory), list with thumbnails, search by name or
//! alternative text, and each file's details and where it is used.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use tera::Context;

use super::Admin;
use crate::account::audit::{Entry, Via};
use crate::account::Capability;
use crate::content::ContentId;
use crate::error::AppError;
use crate::media::library::{self, MediaFile, Upload};
use crate::media::replace::{self, Replacement};
use crate::media::{MediaError, MediaId};
use crate::web::paging::{last_page, PageParams};
use crate::web::upload::{receive, text_field, Streamed, TEXT_LIMIT};

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
        .read(move |c| Ok(library::list(c, id, &search, page_no, 40)?))
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

/// What an upload form carries: the alternative text and each file, streamed to disk.
type Received = (String, Vec<(String, Result<Streamed, MediaError>)>);

/// Reads an upload form: the anti-forgery token (first: nothing is written before it is
/// checked), the alternative text, and every file streamed to a temporary file.
async fn read_form(admin: &Admin, form: &mut Multipart) -> Result<Received, AppError> {
    let tmp = admin.state.config.temp_dir();
    let limit = admin.state.config.media.any_bytes();
    let (mut csrf_ok, mut alt, mut received) = (false, String::new(), Vec::new());
    while let Some(field) = form.next().await {
        let mut field = field.map_err(|_| AppError::BadRequest("error-bad-request-text"))?;
        match field.name().unwrap_or_default() {
            "csrf" => {
                let token = text_field(&mut field, TEXT_LIMIT).await?;
                admin.verify_csrf(&token)?;
                csrf_ok = true;
            }
            "alt" => alt = text_field(&mut field, TEXT_LIMIT).await?,
            "files" => {
                if !csrf_ok {
                    return Err(AppError::Csrf);
                }
                let name = field
                    .content_disposition()
                    .and_then(|d| d.get_filename().map(str::to_string))
                    .unwrap_or_default();
                if !name.is_empty() {
                    let result = receive(&mut field, &tmp, limit, &mut 0).await;
                    received.push((name, result));
                }
            }
            _ => {
                text_field(&mut field, TEXT_LIMIT).await?;
            }
        }
    }
    if !csrf_ok {
        return Err(AppError::Csrf);
    }
    Ok((alt, received))
}

/// `POST /admin/sites/{slug}/media` (multipart): one or more files and the alternative
/// text for images; each file is accepted or refused on its own, with the reason.
pub async fn upload(
    admin: Admin,
    slug: web::Path<String>,
    mut form: Multipart,
) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::Write)?;
    let limits = admin.state.config.media;
    let (alt, received) = read_form(&admin, &mut form).await?;
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
                        temp: file.temp.path(),
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
                        return Err(AppError::internal(e))
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
        .read(move |c| {
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
        .read(move |c| Ok(library::describe(c, id, &alt, &caption, &credit, &by, now)?))
        .await?;
    Ok(admin.see_other(&format!("/media/{}", id.0)))
}

/// `POST /admin/media/{id}/replace` (multipart, one file): the new file is stored (a new
/// hash and address; the old one stays for the archive), and every item using the old one
/// gets a draft revision linking to the new one, which the board reviews like any other.
pub async fn replace(
    admin: Admin,
    id: web::Path<i32>,
    mut form: Multipart,
) -> Result<HttpResponse, AppError> {
    let old_id = MediaId(id.into_inner());
    let (old, used) = load(&admin, old_id).await?;
    let site = crate::site::SiteId(old.site_id);
    if !admin.actor.can(Capability::Write, site) {
        return Err(AppError::Forbidden);
    }
    let (alt, mut received) = read_form(&admin, &mut form).await?;
    let Some((name, streamed)) = received.pop() else {
        return Err(AppError::BadRequest("media-empty"));
    };
    // Any other file sent along is dropped here, and its temporary file with it.
    drop(received);
    let alt = if alt.trim().is_empty() {
        old.alt_text.clone()
    } else {
        alt
    };
    let (actor, now) = (admin.actor.clone(), admin.now());
    let (store, limits) = (admin.state.files.clone(), admin.state.config.media);
    let users: Vec<ContentId> = used.iter().map(|u| ContentId(u.0)).collect();
    let outcome = admin
        .state
        .db
        .read(move |c| {
            let replaced = streamed.and_then(|file| {
                let upload = Upload {
                    temp: file.temp.path(),
                    sha256: file.sha256,
                    size: file.size,
                    original_name: name,
                    site,
                    alt_text: alt,
                };
                let what = Replacement {
                    old: old_id,
                    users: &users,
                    by: &actor,
                };
                replace::replace(c, store.as_ref(), upload, what, &limits, now)
            });
            match replaced {
                Err(e @ (MediaError::Io(_) | MediaError::Db(_))) => Err(AppError::internal(e)),
                other => Ok(other),
            }
        })
        .await?;
    match outcome {
        Ok(done) => Ok(admin.see_other(&format!("/media/{}", done.file.id))),
        Err(e) => {
            let status = if matches!(e, MediaError::TooLarge { .. }) {
                StatusCode::PAYLOAD_TOO_LARGE
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let slug = admin
                .directory
                .get(site)
                .map(|s| s.slug.clone())
                .unwrap_or_default();
            let outcomes = [Outcome {
                name: old.original_name.clone(),
                id: None,
                message_id: Some(e.message_id()),
            }];
            page(&admin, &slug, "", 1, &outcomes, status).await
        }
    }
}
