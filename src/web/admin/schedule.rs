//! The editors' week of the work schedule: a row per entry, blank rows for new ones, "copy
//! the previous week", saved as a draft revision that goes through the review like any
//! content (a last-minute change uses the board head's emergency publication).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::content::problem;
use super::Admin;
use crate::account::Capability;
use crate::directory::store;
use crate::directory::week::IsoWeek;
use crate::directory::week_form::{self, Row};
use crate::error::AppError;
use crate::field::FieldError;
use crate::site::Site;

#[derive(Debug, Default, Deserialize)]
pub struct WeekParams {
    pub tuan: Option<String>,
    pub copy: Option<String>,
}

fn week_of(text: Option<&str>, admin: &Admin) -> Result<IsoWeek, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(IsoWeek::at(admin.now())),
        Some(w) => IsoWeek::parse(w).ok_or(AppError::BadRequest("schedule-bad-week")),
    }
}

async fn render(
    admin: &Admin,
    site: &Site,
    week: IsoWeek,
    rows: Vec<Row>,
    item: Option<i32>,
    problems: Vec<FieldError>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (units, officials) = admin
        .state
        .db
        .read(|c| Ok((store::units(c)?, store::officials(c)?)))
        .await?;
    let today = crate::directory::week::vietnam_day(admin.now());
    let leaders: Vec<(String, String)> = officials
        .iter()
        .filter(|o| o.record.leader && o.record.is_current(today))
        .map(|o| (o.record.key.clone(), o.record.name.clone()))
        .collect();
    let unit_choices: Vec<(String, String)> = units
        .iter()
        .filter(|u| u.record.is_current(today))
        .map(|u| (u.record.key.clone(), u.record.name.clone()))
        .collect();
    let days: Vec<(String, String)> = week
        .days()
        .map(|d| (d.to_string(), crate::clock::day_text(d, admin.lang)))
        .collect();
    let mut context = Context::new();
    context.insert(
        "site",
        &serde_json::json!({"slug": site.slug, "name": site.name(admin.lang)}),
    );
    context.insert("week", &week.to_string());
    context.insert("previous", &week.previous().to_string());
    context.insert("next", &week.next().to_string());
    context.insert("rows", &rows);
    context.insert("days", &days);
    context.insert("leaders", &leaders);
    context.insert("units", &unit_choices);
    context.insert("item", &item);
    context.insert("problems", &problems);
    let mut response = admin.render(
        "admin/schedule_week.html",
        context,
        &format!("/sites/{}/schedule", site.slug),
    )?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /admin/sites/{slug}/schedule?tuan=2026-W49[&copy=1]`: the week's entries as the
/// latest revision has them (or the previous week's, copied, when asked).
pub async fn week_form(
    admin: Admin,
    slug: web::Path<String>,
    params: web::Query<WeekParams>,
) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::Write)?;
    let week = week_of(params.tuan.as_deref(), &admin)?;
    let (id, copy) = (site.id, params.copy.is_some());
    let (item, record) = admin
        .state
        .db
        .read(move |c| {
            let current = store::week_for_editing(c, id, &week.to_string())
                .map_err(crate::record::RecordError::from)?;
            let copied = match copy {
                true => store::week_for_editing(c, id, &week.previous().to_string())
                    .map_err(crate::record::RecordError::from)?
                    .and_then(|(_, r)| r)
                    .map(|r| r.copied_to(week)),
                false => None,
            };
            let item = current.as_ref().map(|(id, _)| id.0);
            Ok((item, copied.or(current.and_then(|(_, r)| r))))
        })
        .await?;
    let rows = week_form::rows_of(&record.unwrap_or_default(), week.monday());
    render(&admin, &site, week, rows, item, Vec::new(), StatusCode::OK).await
}

/// `POST /admin/sites/{slug}/schedule`: saves the week as a draft revision, then shows the
/// item, where it is submitted for review.
pub async fn save_week(
    admin: Admin,
    slug: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::Write)?;
    let value = |name: &str| {
        form.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    admin.verify_csrf(value("csrf").unwrap_or(""))?;
    let week = week_of(value("week"), &admin)?;
    let rows = week_form::rows_from_pairs(&form);
    let record = match week_form::week_from_rows(week, &rows) {
        Ok(r) => r,
        Err(problems) => {
            return render(
                &admin,
                &site,
                week,
                rows,
                None,
                problems,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    };
    let (id, name, actor, now) = (
        site.id,
        site.name_vi.clone(),
        admin.actor.clone(),
        admin.now(),
    );
    let saved = admin
        .state
        .db
        .read(move |c| Ok(store::save_week_draft(c, id, &name, &record, &actor, now)))
        .await?;
    match saved {
        Ok(item) => Ok(admin.see_other(&format!("/content/{}", item.0))),
        Err(e) => {
            let (status, problems) = problem(e)?;
            render(&admin, &site, week, rows, None, problems, status).await
        }
    }
}

/// `GET /admin/sites/{slug}/schedule/{id}/edit`: a week's item is edited in the week form.
pub async fn edit(admin: Admin, path: web::Path<(String, i32)>) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let site = admin.site(&slug, Capability::Write)?;
    let week = admin
        .state
        .db
        .read(move |c| Ok(store::week_record_any(c, crate::content::ContentId(id))?))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(admin.see_other(&format!("/sites/{}/schedule?tuan={week}", site.slug)))
}
