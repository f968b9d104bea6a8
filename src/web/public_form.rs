//! What the public forms (a citizen's question, a comment on a draft) share: the `Origin`
//! check, reading the form (URL-encoded, or multipart with one attachment streamed to a
//! temporary file within the address's hourly upload budget) and keeping the attachment in
//! the file store by what its bytes are.

use actix_web::{web, HttpRequest};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;

use super::ctx::Ctx;
use crate::error::AppError;
use crate::inbox::store;

/// A page of another web site may not post a public form (the form carries no token: it
/// is served from the cache). Browsers send `Origin` with a cross-site POST; a POST
/// without it (plain forms of older browsers, assistive tools) is still accepted.
pub fn check_origin(ctx: &Ctx, req: &HttpRequest) -> Result<(), AppError> {
    if let Some(origin) = req.headers().get(actix_web::http::header::ORIGIN) {
        let own = origin.to_str().is_ok_and(|o| {
            ctx.directory.is_own_origin(
                o,
                super::ctx::request_host(req),
                &ctx.state.config.base_domain,
            )
        });
        if !own {
            return Err(AppError::ForeignOrigin);
        }
    }
    Ok(())
}

/// An Atom feed's response: the rendered page with the feed's content type.
pub fn atom(mut response: actix_web::HttpResponse) -> actix_web::HttpResponse {
    use actix_web::http::header;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    response
}

/// An attachment moved into the file store.
#[derive(Debug, Clone)]
pub struct Kept {
    pub sha256: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

/// The largest text of the form accepted (the question's own limit is in characters,
/// checked with a clear message; this stops oversized bodies before they are read).
pub const FORM_LIMIT: usize = 64 * 1024;

/// The most parts a multipart form may have (its fields, one attachment, and room for
/// what browsers add): a form of thousands of empty parts is refused.
const MAX_PARTS: usize = 32;

/// The form as read, and what came with it.
pub struct ReadForm<F> {
    pub form: F,
    pub upload: Upload,
}

/// A public form's attachment as received, with what the reading itself found wrong with
/// it, and who sent it.
pub struct Upload {
    pub attachment: Option<Received>,
    /// More than one attachment was sent: refused with a field message.
    pub extra_attachment: bool,
    /// The address sent too many attachment bytes this hour (nothing was written).
    pub limited: bool,
    /// The sender's address (behind the trusted proxies).
    pub client: Option<std::net::IpAddr>,
}

impl Upload {
    /// The form's own check (`checked`) with the refusal of a second attachment added to
    /// its problems, then the attachment checked by what its bytes are and kept in the
    /// file store; or every problem to show.
    pub fn keep<T>(
        self,
        state: &crate::app::AppState,
        checked: Result<T, Vec<crate::field::FieldError>>,
    ) -> Result<(T, Option<Kept>), Vec<crate::field::FieldError>> {
        let checked = match (checked, self.extra_attachment) {
            (checked, false) => checked,
            (checked, true) => {
                let one = crate::field::FieldError::new("attachment", "ask-error-one-attachment");
                let mut problems = checked.err().unwrap_or_default();
                problems.push(one);
                Err(problems)
            }
        }?;
        let kept = self
            .attachment
            .map(|f| keep_attachment(state, f))
            .transpose()
            .map_err(|message_id| vec![crate::field::FieldError::new("attachment", message_id)])?;
        Ok((checked, kept))
    }
}

/// The form as sent from a page of this site (a foreign `Origin` is refused), URL-encoded
/// or multipart with an attachment streamed to a temporary file; or a localized refusal of
/// a body too large or malformed. Only one
/// attachment is received, and only within the address's hourly upload budget; the bytes
/// that arrive are counted in it, whatever becomes of them.
pub async fn read_form<F: DeserializeOwned>(
    ctx: &Ctx,
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<ReadForm<F>, AppError> {
    check_origin(ctx, req)?;
    let client = super::client::client_ip(req, &ctx.state.config.trusted_proxies);
    let too_large = AppError::BadRequest("ask-error-too-large");
    let multipart = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        let body = payload
            .to_bytes_limited(FORM_LIMIT)
            .await
            .map_err(|_| too_large)?;
        let body = body.map_err(|_| AppError::BadRequest("error-bad-request-text"))?;
        let form = serde_urlencoded::from_bytes(&body)
            .map_err(|_| AppError::BadRequest("error-bad-request-text"))?;
        return Ok(ReadForm {
            form,
            upload: Upload {
                attachment: None,
                extra_attachment: false,
                limited: false,
                client,
            },
        });
    }
    let state = &ctx.state;
    let settings = &state.config.inbox;
    let mut parts = actix_multipart::Multipart::new(req.headers(), payload);
    let mut fields: Vec<(String, String)> = Vec::new();
    let (mut attachment, mut extra_attachment, mut upload_limited) = (None, false, false);
    let (mut text_bytes, mut count) = (0, 0);
    while let Some(field) = parts.next().await {
        count += 1;
        if count > MAX_PARTS {
            return Err(too_large);
        }
        let mut field = field.map_err(|_| AppError::BadRequest("error-bad-request-text"))?;
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename().map(str::to_string));
        match (name.as_str(), file_name) {
            ("attachment", Some(original)) if !original.is_empty() => {
                if attachment.is_some() || upload_limited {
                    // Read past it without writing a byte.
                    extra_attachment |= attachment.is_some();
                    while let Some(chunk) = field.next().await {
                        chunk.map_err(|_| AppError::BadRequest("error-bad-request-text"))?;
                    }
                    continue;
                }
                let (s, now) = (settings.clone(), state.clock.now().naive_utc());
                let allowed = state
                    .db
                    .read(move |c| Ok(store::upload_allowed(c, client, &s, now)))
                    .await?;
                if allowed.is_err() {
                    upload_limited = true;
                    continue;
                }
                let mut received = 0;
                let streamed = super::upload::receive(
                    &mut field,
                    &state.config.temp_dir(),
                    settings.attachment_bytes,
                    &mut received,
                )
                .await;
                let now = state.clock.now().naive_utc();
                state
                    .db
                    .read(move |c| Ok(store::record_upload(c, client, received, now)?))
                    .await?;
                attachment = Some((original, streamed));
            }
            _ => {
                let value = super::upload::text_field(&mut field, FORM_LIMIT)
                    .await
                    .map_err(|_| AppError::BadRequest("ask-error-too-large"))?;
                text_bytes += value.len();
                if text_bytes > FORM_LIMIT {
                    return Err(too_large);
                }
                fields.push((name, value));
            }
        }
    }
    let form =
        serde_urlencoded::from_str(&serde_urlencoded::to_string(&fields).unwrap_or_default())
            .map_err(|_| AppError::BadRequest("error-bad-request-text"))?;
    Ok(ReadForm {
        form,
        upload: Upload {
            attachment,
            extra_attachment,
            limited: upload_limited,
            client,
        },
    })
}

/// An attachment as received: its original name and the temporary file (or why not).
/// Dropping it deletes the temporary file.
pub type Received = (
    String,
    Result<super::upload::Streamed, crate::media::MediaError>,
);

/// Checks an attachment by what its bytes are (the media library's accepted types) and
/// its size, and moves it into the file store; the temporary file is removed either way.
pub fn keep_attachment(
    state: &crate::app::AppState,
    (original, received): Received,
) -> Result<Kept, &'static str> {
    let file = received.map_err(|e| match e {
        crate::media::MediaError::TooLarge { .. } => "ask-error-attachment-size",
        _ => "ask-error-attachment",
    })?;
    let checked = (|| {
        let mut head = vec![0u8; 8192];
        let n = std::io::Read::read(&mut std::fs::File::open(file.temp.path()).ok()?, &mut head)
            .ok()?;
        head.truncate(n);
        crate::media::detect(&head)
    })();
    match checked {
        None => Err("ask-error-attachment-type"),
        Some(_) if file.size == 0 => Err("ask-error-attachment"),
        Some(accepted) => match state.files.put(file.temp.path(), &file.sha256) {
            Ok(()) => Ok(Kept {
                sha256: file.sha256.clone(),
                file_name: crate::media::stored_name(&original, accepted),
                content_type: accepted.mime.to_string(),
                size: file.size as i64,
            }),
            Err(_) => Err("error-internal-text"),
        },
    }
}
