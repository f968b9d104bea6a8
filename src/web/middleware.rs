//! The middleware every request passes through: page cache, security headers,
//! localized error pages and site selection by host.

use actix_web::body::{to_bytes, BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpRequest, HttpResponse};
use tera::Context;

use super::ctx::{request_host, Ctx, CurrentSite};
use crate::app::AppState;
use crate::cache::{Cacheable, PageCache};
use crate::error::AppError;
use crate::lang::Lang;
use crate::site::hosts::{normalise_host, HostMatch};

/// Requests carrying this cookie are signed in and never served from the page cache.
pub const SESSION_COOKIE: &str = "cong_session";

fn state_of(req: &HttpRequest) -> Option<web::Data<AppState>> {
    req.app_data::<web::Data<AppState>>().cloned()
}

/// Paths that answer on any host, before a site is chosen.
fn is_hostless(path: &str) -> bool {
    path == "/healthz" || path == "/readyz" || path.starts_with(crate::render::assets::PREFIX)
}

/// Hands every exchange to the telemetry, outside everything else (a page-cache hit
/// included): the access log line and the request figures.
pub async fn access_log(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = std::time::Instant::now();
    let res = next.call(req).await?.map_into_boxed_body();
    let Some(state) = state_of(res.request()) else {
        return Ok(res);
    };
    let req = res.request();
    let route = req.match_pattern();
    crate::telemetry::metrics::http_exchange(
        route.as_deref(),
        res.status().as_u16(),
        started.elapsed(),
    );
    if !state.config.access_log {
        return Ok(res);
    }
    let bytes = match res.response().body().size() {
        BodySize::Sized(n) => Some(n),
        BodySize::None => Some(0),
        BodySize::Stream => None,
    };
    let current = req
        .extensions()
        .get::<CurrentSite>()
        .map(|c| c.site.slug.clone());
    let site = current.or_else(|| {
        let directory = state.sites.current();
        match directory.resolve(request_host(req), &state.config.base_domain) {
            HostMatch::Site(id) | HostMatch::RedirectTo(id) => {
                directory.get(id).map(|s| s.slug.clone())
            }
            HostMatch::Unknown => None,
        }
    });
    let exchange = crate::telemetry::http::Exchange {
        method: req.method().as_str(),
        path: req.path(),
        route: route.as_deref(),
        status: res.status().as_u16(),
        bytes,
        duration: started.elapsed(),
        site: site.as_deref(),
        client: super::client::client_ip(req, &state.config.trusted_proxies),
    };
    crate::telemetry::http::log_access(&exchange, state.config.access_log_client);
    Ok(res)
}

/// Chooses the site from `Host`: serves it, redirects an alias permanently to the
/// canonical host, or answers 404 for an unknown host.
pub async fn select_site(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let Some(state) = state_of(req.request()) else {
        return Ok(req.error_response(AppError::internal(anyhow::anyhow!(
            "application state missing"
        ))));
    };
    if is_hostless(req.path()) {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    }
    let directory = state.sites.current();
    let host = request_host(req.request()).to_string();
    match directory.resolve(&host, &state.config.base_domain) {
        HostMatch::Site(id) => match directory.get(id).cloned() {
            Some(site) => {
                req.extensions_mut().insert(CurrentSite {
                    site,
                    directory: directory.clone(),
                    foreign_host: false,
                });
                next.call(req)
                    .await
                    .map(ServiceResponse::map_into_boxed_body)
            }
            None => Ok(req.error_response(AppError::UnknownSite)),
        },
        HostMatch::RedirectTo(id) => {
            let Some(target) = directory.get(id) else {
                return Ok(req.error_response(AppError::UnknownSite));
            };
            let path_and_query = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            let location = format!("{}{path_and_query}", target.origin(&state.config));
            Ok(req.into_response(
                HttpResponse::MovedPermanently()
                    .insert_header((header::LOCATION, location))
                    .finish(),
            ))
        }
        HostMatch::Unknown => Ok(req.error_response(AppError::UnknownSite)),
    }
}

/// Whether `Strict-Transport-Security` goes out, and with `includeSubDomains`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hsts {
    /// Plain HTTP: browsers ignore the header there.
    Off,
    On,
    WithSubdomains,
}

/// The headers every response carries.
pub fn apply_security_headers(headers: &mut HeaderMap, hsts: Hsts) {
    let set = |h: &mut HeaderMap, name: &'static str, value: &'static str| {
        let name = HeaderName::from_static(name);
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    set(
        headers,
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    set(headers, "x-content-type-options", "nosniff");
    set(
        headers,
        "referrer-policy",
        "strict-origin-when-cross-origin",
    );
    set(headers, "x-frame-options", "DENY");
    set(
        headers,
        "permissions-policy",
        "geolocation=(), camera=(), microphone=()",
    );
    set(headers, "cross-origin-opener-policy", "same-origin");
    match hsts {
        Hsts::Off => {}
        Hsts::On => set(headers, "strict-transport-security", "max-age=31536000"),
        Hsts::WithSubdomains => set(
            headers,
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        ),
    }
}

/// Adds the security headers to every response, outside the page cache: a page stored
/// for a plain-HTTP request is served over HTTPS with HSTS, and the reverse without.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let hsts = match state_of(req.request()) {
        Some(s) if super::client::scheme(req.request(), &s.config.trusted_proxies) == "https" => {
            if s.config.hsts_include_subdomains {
                Hsts::WithSubdomains
            } else {
                Hsts::On
            }
        }
        _ => Hsts::Off,
    };
    let mut res = next.call(req).await?.map_into_boxed_body();
    apply_security_headers(res.headers_mut(), hsts);
    Ok(res)
}

/// What an error response says: its code and Fluent message id.
fn describe(status: StatusCode, error: Option<&AppError>) -> (&'static str, &'static str) {
    if let Some(e) = error {
        return (e.code(), e.message_id());
    }
    match status {
        StatusCode::NOT_FOUND => ("not_found", "error-not-found-text"),
        StatusCode::FORBIDDEN => ("forbidden", "error-forbidden-text"),
        StatusCode::GONE => ("gone", "error-gone-text"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "error-method-text"),
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "error-too-large-text"),
        StatusCode::URI_TOO_LONG => ("uri_too_long", "error-bad-request-text"),
        s if s.is_server_error() => ("internal", "error-internal-text"),
        _ => ("bad_request", "error-bad-request-text"),
    }
}

/// Gives every error response its body: a localized page, or the JSON error shape under
/// `/api/`. Internal faults are logged here and never described to the client.
pub async fn error_pages(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?.map_into_boxed_body();
    let status = res.status();
    // Responses that already carry a body (the health check's JSON) are left as they are.
    let bodyless = matches!(
        res.response().body().size(),
        BodySize::None | BodySize::Sized(0)
    );
    if !(status.is_client_error() || status.is_server_error()) || !bodyless {
        return Ok(res);
    }
    let (req, res) = res.into_parts();
    let app_error = res.error().and_then(|e| e.as_error::<AppError>());
    if status.is_server_error() {
        // The whole chain: a template error names its cause only in its sources.
        let detail = match app_error {
            Some(e) => {
                let mut text = e.to_string();
                let mut source = std::error::Error::source(e);
                while let Some(s) = source {
                    text.push_str(": ");
                    text.push_str(&s.to_string());
                    source = s.source();
                }
                text
            }
            None => res.error().map(|e| e.to_string()).unwrap_or_default(),
        };
        tracing::error!(path = %req.path(), %status, error = %detail, "request failed");
    }
    let (code, message_id) = describe(status, app_error);
    let note = match app_error {
        Some(AppError::Gone { note }) => note.clone(),
        _ => None,
    };
    let unknown_site = matches!(app_error, Some(AppError::UnknownSite));
    let Some(state) = state_of(&req) else {
        return Ok(ServiceResponse::new(req, HttpResponse::new(status)));
    };
    let body = if req.path().starts_with("/api/") {
        let lang = web::Query::<LangQuery>::from_query(req.query_string())
            .ok()
            .and_then(|q| q.lang.as_deref().and_then(Lang::from_code))
            .unwrap_or(Lang::Vi);
        let message = state.renderer.messages.get(lang, message_id);
        HttpResponse::build(status)
            .content_type("application/json")
            .json(serde_json::json!({"error": {"code": code, "message": message}}))
    } else {
        error_page(&req, &state, status, message_id, note, unknown_site)
    };
    Ok(ServiceResponse::new(req, body))
}

#[derive(serde::Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

fn error_page(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    status: StatusCode,
    message_id: &'static str,
    note: Option<String>,
    unknown_site: bool,
) -> HttpResponse {
    let lang = Lang::of_path(req.path());
    // A page needs a site for its chrome: the request's, or the province portal's.
    if req.extensions().get::<CurrentSite>().is_none() {
        let directory = state.sites.current();
        if let Some(province) = directory.province().cloned() {
            req.extensions_mut().insert(CurrentSite {
                site: province,
                directory,
                foreign_host: true,
            });
        }
    }
    let mut context = Context::new();
    context.insert("status", &status.as_u16());
    context.insert("title_id", &title_id(status));
    context.insert("message_id", message_id);
    context.insert("note", &note);
    context.insert("unknown_site", &unknown_site);
    let rendered = Ctx::of(req).and_then(|ctx| {
        context.insert(
            "province_url",
            &ctx.directory.province().map(|p| ctx.link(p, "/")),
        );
        ctx.render("error.html", context, None, Cacheable::until(None, None))
    });
    let mut response = match rendered {
        Ok(page) => page,
        Err(e) => {
            // No site at all (an empty installation) or a broken theme: say little, in text.
            tracing::warn!(error = %e, "error page rendered without chrome");
            HttpResponse::build(status)
                .content_type("text/plain; charset=utf-8")
                .body(state.renderer.messages.get(lang, message_id))
        }
    };
    *response.status_mut() = status;
    // An error page is never stored in the page cache.
    response.extensions_mut().remove::<Cacheable>();
    response
}

fn title_id(status: StatusCode) -> &'static str {
    match status.as_u16() {
        404 => "error-not-found-title",
        401 => "error-unauthorized-title",
        403 => "error-forbidden-title",
        410 => "error-gone-title",
        s if s >= 500 => "error-internal-title",
        _ => "error-bad-request-title",
    }
}

fn wants_cache(req: &ServiceRequest) -> bool {
    (req.method() == Method::GET || req.method() == Method::HEAD)
        && req.request().cookie(SESSION_COOKIE).is_none()
}

/// Serves anonymous GETs of cacheable pages from memory; stores what handlers mark
/// [`Cacheable`] on the way out.
pub async fn page_cache(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let state = match state_of(req.request()) {
        Some(s) if s.cache.enabled() && wants_cache(&req) => s,
        _ => {
            return next
                .call(req)
                .await
                .map(ServiceResponse::map_into_boxed_body)
        }
    };
    let Some(key) = PageCache::key(
        &normalise_host(request_host(req.request())),
        req.path(),
        req.query_string(),
    ) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let fresh = state.cache.get(&key).filter(|page| {
        let behind = page.is_behind_index(|| state.search.current().map(|i| i.generation()));
        if behind {
            state.cache.forget(&key);
        }
        !behind
    });
    if let Some(page) = fresh {
        let not_modified = req
            .headers()
            .get(header::IF_NONE_MATCH)
            .is_some_and(|v| v.as_bytes() == page.etag.as_bytes());
        let mut builder = if not_modified {
            HttpResponse::NotModified()
        } else {
            HttpResponse::build(StatusCode::from_u16(page.status).unwrap_or(StatusCode::OK))
        };
        for (name, value) in &page.headers {
            builder.insert_header((name.clone(), value.clone()));
        }
        builder.insert_header((header::ETAG, page.etag.as_str()));
        builder.insert_header(("x-cache", "hit"));
        let response = if not_modified {
            builder.finish()
        } else {
            builder.body(page.body.clone())
        };
        return Ok(req.into_response(response));
    }
    let res = next.call(req).await?.map_into_boxed_body();
    let policy = res.response().extensions().get::<Cacheable>().copied();
    let storable =
        res.status() == StatusCode::OK && !res.headers().contains_key(header::SET_COOKIE);
    let (Some(policy), true) = (policy, storable) else {
        return Ok(res);
    };
    let (req, response) = res.into_parts();
    let (head, body) = response.into_parts();
    let bytes = match to_bytes(body).await {
        Ok(b) => b,
        Err(_) => {
            return Ok(ServiceResponse::new(
                req,
                HttpResponse::InternalServerError().finish(),
            ))
        }
    };
    let headers: Vec<_> = head
        .headers()
        .iter()
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect();
    let page = state
        .cache
        .put(key, head.status().as_u16(), headers, bytes.clone(), policy);
    let mut response = head.set_body(BoxBody::new(bytes));
    if let Ok(etag) = HeaderValue::from_str(&page.etag) {
        response.headers_mut().insert(header::ETAG, etag);
    }
    response.headers_mut().insert(
        HeaderName::from_static("x-cache"),
        HeaderValue::from_static("miss"),
    );
    Ok(ServiceResponse::new(req, response))
}
