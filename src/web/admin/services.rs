//! The admin pages of the catalogue: a site's procedures, the procedure form (entering and
//! editing through the editorial workflow: a change is reviewed before it is public), and
//! the upload of usage figures.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::Admin;
use crate::account::Capability;
use crate::error::AppError;
use crate::services::store as services_store;
use crate::services::usage;
use crate::site::Site;

fn site_json(admin: &Admin, site: &Site) -> serde_json::Value {
    serde_json::json!({"slug": site.slug, "name": site.name(admin.lang)})
}

/// `GET /admin/sites/{slug}/services`: the site's published procedures in both languages.
pub async fn list(admin: Admin, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::View)?;
    let id = site.id;
    let all = admin
        .state
        .db
        .read(move |c| Ok(services_store::published_on(c, id)?))
        .await?;
    let items: Vec<serde_json::Value> = all
        .iter()
        .map(|p| {
            serde_json::json!({
                "id": p.id,
                "code": p.code,
                "name": p.name,
                "lang": p.lang,
                "field": p.field,
                "online_level": admin.t(&p.online_level.message_id()),
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("site", &site_json(&admin, &site));
    context.insert("items", &items);
    admin.render(
        "admin/services_list.html",
        context,
        &format!("/sites/{}/services", site.slug),
    )
}

/// The usage figures form: the CSV the public-service system exports, pasted.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct UsageForm {
    pub csrf: String,
    pub csv: String,
}

async fn usage_page(
    admin: &Admin,
    site: &Site,
    form: &UsageForm,
    result: Option<serde_json::Value>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut context = Context::new();
    context.insert("site", &site_json(admin, site));
    context.insert("form", form);
    context.insert("result", &result);
    let mut response = admin.render(
        "admin/services_usage.html",
        context,
        &format!("/sites/{}/services/usage", site.slug),
    )?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /admin/sites/{slug}/services/usage`.
pub async fn usage_form(admin: Admin, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::Publish)?;
    usage_page(&admin, &site, &UsageForm::default(), None, StatusCode::OK).await
}

/// `POST /admin/sites/{slug}/services/usage`: records the figures of every good line; the
/// others are listed with their reasons (board heads: the figures are published at once).
pub async fn usage_save(
    admin: Admin,
    slug: web::Path<String>,
    form: web::Form<UsageForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let site = admin.site(&slug, Capability::Publish)?;
    let form = form.into_inner();
    let (csv, now, lang) = (form.csv.clone(), admin.now(), admin.lang);
    let renderer = admin.state.renderer.clone();
    let (result, all_recorded) = admin
        .state
        .db
        .read(move |c| {
            Ok(usage::import_pasted(
                c,
                &csv,
                now,
                renderer.messages(),
                lang,
            )?)
        })
        .await?;
    let status = match all_recorded {
        true => StatusCode::OK,
        false => StatusCode::UNPROCESSABLE_ENTITY,
    };
    usage_page(&admin, &site, &form, Some(result), status).await
}
