//! The admin pages of the legal registry: a site's documents with their timeliness, the
//! document form (entering and editing through the workflow), and the gazette issues.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use tera::Context;

use super::Admin;
use crate::account::Capability;
use crate::error::AppError;
use crate::legal::gazette::{self, GazetteError, GazetteForm};
use crate::legal::store as legal_store;
use crate::site::Site;

/// `GET /admin/sites/{slug}/legal`: the site's documents, with how long each took to be
/// published against the rule (2 working days for the site's own, 10 for others').
pub async fn list(admin: Admin, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::View)?;
    let id = site.id;
    let rows = admin
        .state
        .db
        .read(move |c| {
            // The calendar in force: announced days off and swapped Saturdays count.
            let calendar = crate::calendar::store::in_force(c).map_err(AppError::internal)?;
            Ok(legal_store::timeliness(c, &[id], &calendar)?)
        })
        .await?;
    let late = rows.iter().filter(|r| r.late).count();
    let items: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "number_symbol": r.number_symbol,
                "abstract_text": r.abstract_text,
                "issued_on": r.issued_on.map(|d| d.format("%d/%m/%Y").to_string()),
                "published": crate::web::ctx::display_date(r.published_at, admin.lang),
                "allowed": r.allowed_days,
                "took": r.took_days,
                "late": r.late,
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("site", &site_json(&admin, &site));
    context.insert("items", &items);
    context.insert("late", &late);
    admin.render(
        "admin/legal_list.html",
        context,
        &format!("/sites/{}/legal", site.slug),
    )
}

fn site_json(admin: &Admin, site: &Site) -> serde_json::Value {
    serde_json::json!({"slug": site.slug, "name": site.name(admin.lang)})
}

/// `GET /admin/sites/{slug}/gazette`: the site's gazette issues and the form for a new one.
pub async fn gazette_list(admin: Admin, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::View)?;
    gazette_page(&admin, &site, &GazetteForm::default(), None, StatusCode::OK).await
}

async fn gazette_page(
    admin: &Admin,
    site: &Site,
    form: &GazetteForm,
    error: Option<(String, String)>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let id = site.id;
    let issues = admin
        .state
        .db
        .read(move |c| Ok(gazette::list(c, id)?))
        .await?;
    let mut context = Context::new();
    context.insert("site", &site_json(admin, site));
    context.insert("issues", &issues);
    context.insert("form", form);
    context.insert("error", &error);
    context.insert(
        "can_publish",
        &admin.actor.can(Capability::Publish, site.id),
    );
    let mut response = admin.render(
        "admin/gazette.html",
        context,
        &format!("/sites/{}/gazette", site.slug),
    )?;
    *response.status_mut() = status;
    Ok(response)
}

/// `POST /admin/sites/{slug}/gazette`: records an issue (board heads: it is publication).
pub async fn gazette_save(
    admin: Admin,
    slug: web::Path<String>,
    form: web::Form<GazetteForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let site = admin.site(&slug, Capability::Publish)?;
    let form = form.into_inner();
    let issue = match form.issue(site.id) {
        Ok(issue) => issue,
        Err((field, id)) => {
            let e = Some((field.to_string(), id.to_string()));
            return gazette_page(&admin, &site, &form, e, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let now = admin.now();
    let result = admin
        .state
        .db
        .read(move |c| Ok(gazette::save(c, &issue, now)))
        .await?;
    match result {
        Ok(_) => Ok(admin.see_other(&format!("/sites/{}/gazette", site.slug))),
        Err(GazetteError::Invalid {
            field,
            message_id,
            detail,
        }) => {
            let e = Some((field.to_string(), format!("{}|{detail}", message_id)));
            gazette_page(&admin, &site, &form, e, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(GazetteError::Db(e)) => Err(AppError::Db(crate::db::DbError::Query(e))),
    }
}
