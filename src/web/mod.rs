//! HTTP: thin handlers that parse the request, call the domain and render.
//! The URL scheme itself lives in [`crate::urls`].

pub mod admin;
pub mod api;
pub mod categories;
pub mod client;
pub mod consultation;
pub mod ctx;
pub mod directory;
pub mod distribution;
pub mod files;
pub mod inbox;
pub mod legal;
pub mod middleware;
pub mod openapi;
pub mod paging;
pub mod public;
pub mod public_form;
pub mod records;
pub mod search;
pub mod services;
pub mod statistics;
pub mod system;
pub mod upload;

use actix_web::{guard, web, Route};

use crate::error::AppError;
use openapi::ApiRoutes;

/// GET and HEAD.
fn read() -> Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// Every route of the application.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", read().to(system::healthz))
        .route("/readyz", read().to(system::readyz))
        .route("/static/{path:.*}", read().to(system::asset))
        .route("/favicon.ico", read().to(system::favicon))
        .route("/robots.txt", read().to(distribution::robots))
        .route("/sitemap.xml", read().to(distribution::sitemap))
        .route(
            "/sitemap-{n}.xml",
            read().to(distribution::sitemap_numbered),
        )
        .route("/tin-tuc/feed.atom", read().to(distribution::news_feed))
        .route("/en/news/feed.atom", read().to(distribution::news_feed))
        .route("/hoi-dap/feed.atom", read().to(distribution::answers_feed))
        .route(
            "/en/questions/feed.atom",
            read().to(distribution::answers_feed),
        )
        .route("/", read().to(public::home))
        .route("/en/", read().to(public::home))
        .route("/tin-tuc", read().to(public::news_list))
        .route("/en/news", read().to(public::news_list))
        .route("/tin-tuc/chuyen-muc", read().to(categories::index))
        .route("/en/news/category", read().to(categories::index))
        .route("/tin-tuc/chuyen-muc/{slug}", read().to(categories::page))
        .route("/en/news/category/{slug}", read().to(categories::page))
        .route(
            "/tin-tuc/chuyen-muc/{slug}/feed.atom",
            read().to(categories::feed),
        )
        .route(
            "/en/news/category/{slug}/feed.atom",
            read().to(categories::feed),
        )
        .route("/tin-tuc/{item}", read().to(public::news_item))
        .route("/en/news/{item}", read().to(public::news_item))
        .route("/trang/{item}", read().to(public::page_item))
        .route("/en/pages/{item}", read().to(public::page_item))
        .route("/tep/{id}/{name}", read().to(files::serve))
        .route("/van-ban/feed.atom", read().to(legal::feed))
        .route("/en/legal-documents/feed.atom", read().to(legal::feed))
        .route("/van-ban/so/{symbol:.*}", read().to(legal::by_symbol))
        .route(
            "/en/legal-documents/number/{symbol:.*}",
            read().to(legal::by_symbol),
        )
        .route("/cong-bao", read().to(legal::gazette_list))
        .route("/en/gazette", read().to(legal::gazette_list))
        .route("/cong-bao/{id}", read().to(legal::gazette_issue))
        .route("/en/gazette/{id}", read().to(legal::gazette_issue))
        .route("/thu-tuc-hanh-chinh/thong-ke", read().to(services::report))
        .route(
            "/en/public-services/statistics",
            read().to(services::report),
        )
        .route("/thong-ke/lich-cong-bo", read().to(statistics::calendar))
        .route(
            "/en/statistics/release-calendar",
            read().to(statistics::calendar),
        )
        .route("/thong-ke/{item}/du-lieu.csv", read().to(statistics::csv))
        .route("/en/statistics/{item}/data.csv", read().to(statistics::csv))
        // Every kind of record's list and items, after its own pages under the same path.
        .configure(|cfg| crate::kinds::each(&mut records::Pages(cfg)))
        .route("/tim-kiem", read().to(search::page))
        .route("/en/search", read().to(search::page))
        .route("/hoi-dap", read().to(inbox::list))
        .route("/en/questions", read().to(inbox::list))
        .service(
            web::resource(["/hoi-dap/dat-cau-hoi", "/en/questions/ask"])
                .route(read().to(inbox::ask_form))
                .route(web::post().to(inbox::ask)),
        )
        .route("/hoi-dap/tra-cuu", read().to(inbox::status))
        .route("/en/questions/status", read().to(inbox::status))
        .route("/hoi-dap/{item}", read().to(inbox::item))
        .route("/en/questions/{item}", read().to(inbox::item))
        .route("/co-cau-to-chuc", read().to(directory::organisation))
        .route("/en/organisation", read().to(directory::organisation))
        .route("/co-cau-to-chuc/{item}", read().to(directory::unit))
        .route("/en/organisation/{item}", read().to(directory::unit))
        .route("/danh-ba", read().to(directory::directory))
        .route("/en/directory", read().to(directory::directory))
        .route(
            "/danh-ba/{item}/vcard.vcf",
            read().to(directory::official_vcard),
        )
        .route(
            "/en/directory/{item}/vcard.vcf",
            read().to(directory::official_vcard),
        )
        .route("/danh-ba/{item}", read().to(directory::official))
        .route("/en/directory/{item}", read().to(directory::official))
        .route("/lich-cong-tac", read().to(directory::schedule))
        .route("/en/work-schedule", read().to(directory::schedule))
        .route("/lich-cong-tac.ics", read().to(directory::feed))
        .route("/en/work-schedule.ics", read().to(directory::feed))
        .route("/lich-cong-tac/{file}", read().to(directory::leader_feed))
        .route(
            "/en/work-schedule/{file}",
            read().to(directory::leader_feed),
        )
        .route("/so-do-trang", read().to(directory::site_map))
        .route("/en/site-map", read().to(directory::site_map))
        .route("/lay-y-kien", read().to(consultation::list))
        .route("/en/consultations", read().to(consultation::list))
        .route("/lay-y-kien/feed.atom", read().to(consultation::feed))
        .route("/en/consultations/feed.atom", read().to(consultation::feed))
        .route(
            "/lay-y-kien/{id}/gop-y",
            web::post().to(consultation::comment),
        )
        .route(
            "/en/consultations/{id}/comment",
            web::post().to(consultation::comment),
        )
        .route("/lay-y-kien/{item}", read().to(consultation::item))
        .route("/en/consultations/{item}", read().to(consultation::item))
        .route("/lien-he", read().to(public::contact))
        .route("/en/contact", read().to(public::contact))
        .service(web::scope("/api/v1").configure(|cfg| api_routes(&mut openapi::Router(cfg))))
        .configure(admin::routes)
        .default_service(web::to(system::fallback));
}

/// The JSON API under `/api/v1`: the one list of its routes, which the router registers and
/// the OpenAPI document describes ([`openapi`]).
pub fn api_routes(r: &mut impl ApiRoutes) {
    r.get("/openapi.json", openapi::serve, openapi::this());
    r.get("/sites", api::sites, api::sites_operation());
    r.get(
        "/news",
        api::news_list,
        api::list_operation("news articles"),
    );
    r.get(
        "/news/{id}",
        api::news_item,
        api::item_operation("news articles"),
    );
    r.get("/pages", api::page_list, api::list_operation("pages"));
    r.get("/pages/{id}", api::page_item, api::item_operation("pages"));
    r.get("/search", search::api, search::api_operation());
    directory::api_routes(r);
    consultation::api_routes(r);
    r.get(
        "/timeliness",
        admin::timeliness::api,
        admin::timeliness::api_operation(),
    );
    crate::kinds::each(&mut records::Api(r));
}

pub use crate::record::public::param;

/// Malformed query strings become a clear 400 instead of actix's plain-text detail.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default()
        .error_handler(|_, _| AppError::BadRequest("error-bad-query-text").into())
}

/// Malformed path parameters likewise.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_, _| AppError::NotFound.into())
}
