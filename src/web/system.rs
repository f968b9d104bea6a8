//! Routes that belong to no site: health, static assets, and the fallback.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::app::AppState;
use crate::error::AppError;
use crate::render::assets::Asset;

/// 200 when the database answers, 503 otherwise (for load balancers and monitoring).
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let db_ok = state.db.is_reachable().await;
    probe_reply(
        db_ok,
        serde_json::json!({
            "status": if db_ok { "ok" } else { "unavailable" },
            "database": if db_ok { "ok" } else { "unreachable" },
        }),
    )
}

/// A probe's answer: 200 or 503, never cached.
fn probe_reply(ok: bool, body: serde_json::Value) -> HttpResponse {
    let mut response = if ok {
        HttpResponse::Ok()
    } else {
        HttpResponse::ServiceUnavailable()
    };
    response
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body)
}

/// 200 when this server can answer everything: its database answers and its search
/// index is open, on disk and up to date with the change log; 503 while the index is
/// (re)built (at start, or after its directory was deleted), catches up after start, or the
/// database is unreachable, so that
/// a load balancer sends readers elsewhere until then. `/healthz` says only whether it lives.
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let db_ok = state.db.is_reachable().await;
    let index_ok = state.search.ready();
    let ready = db_ok && index_ok;
    probe_reply(
        ready,
        serde_json::json!({
            "status": if ready { "ok" } else { "unavailable" },
            "database": if db_ok { "ok" } else { "unreachable" },
            "search_index": if index_ok {
                "ok"
            } else if state.search.is_rebuilding() || state.search.lost() {
                "rebuilding"
            } else if state.search.current().is_some() {
                "catching_up"
            } else {
                "missing"
            },
        }),
    )
}

/// The Prometheus text of this node (served on `metrics_bind` only).
pub async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let now = state.clock.now().naive_utc();
    let scraped = state.clone();
    let text = state
        .db
        .read(move |c| {
            let parts = crate::telemetry::metrics::Scraped {
                cache: &scraped.cache,
                db: &scraped.db,
                sites: &scraped.sites,
                inbox: &scraped.config.inbox,
            };
            Ok(crate::telemetry::metrics::scrape(&parts, c, now))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(text))
}

/// A theme asset under its content-hashed name, cacheable for a year.
pub async fn asset(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let asset = state
        .renderer
        .assets
        .get(req.path())
        .ok_or(AppError::NotFound)?;
    Ok(send_asset(
        &req,
        asset,
        "public, max-age=31536000, immutable",
    ))
}

/// `/favicon.ico`, which browsers ask every host for whatever the page links: the theme's
/// icon, cached for a day (its name cannot carry a hash).
pub async fn favicon(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let assets = &state.renderer.assets;
    let asset = assets
        .url("img/favicon.ico")
        .and_then(|url| assets.get(url))
        .ok_or(AppError::NotFound)?;
    Ok(send_asset(&req, asset, "public, max-age=86400"))
}

/// An asset with its ETag, or 304 when the browser holds it already.
fn send_asset(req: &HttpRequest, asset: &Asset, cache_control: &'static str) -> HttpResponse {
    let not_modified = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == asset.etag.as_bytes());
    let mut response = if not_modified {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::CACHE_CONTROL, cache_control))
        .insert_header((header::ETAG, asset.etag.as_str()));
    if not_modified {
        response.finish()
    } else {
        response
            .content_type(asset.content_type)
            .body(asset.body.clone())
    }
}

/// Everything no route matched: a trailing slash is dropped by a redirect, the rest is 404.
pub async fn fallback(req: HttpRequest) -> Result<HttpResponse, AppError> {
    let path = req.path();
    if path.len() > 1 && path.ends_with('/') && path != "/en/" {
        let trimmed = path.trim_end_matches('/');
        let target = match req.query_string() {
            "" => trimmed.to_string(),
            q => format!("{trimmed}?{q}"),
        };
        if !trimmed.is_empty() && !trimmed.starts_with("//") {
            return Ok(HttpResponse::MovedPermanently()
                .insert_header((header::LOCATION, target))
                .finish());
        }
    }
    if path == "/en" {
        return Ok(HttpResponse::MovedPermanently()
            .insert_header((header::LOCATION, "/en/"))
            .finish());
    }
    Err(AppError::NotFound)
}
