//! The working-day calendar in the admin interface (system administrators): the
//! announcements entered over the shipped file. Entering or removing one recomputes the
//! deadline of every open question, in the same transaction.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;
use tera::Context;

use super::Admin;
use crate::calendar::store as entered;
use crate::calendar::{Announcement, AnnouncementKind};
use crate::db::DbConn;
use crate::error::AppError;
use crate::inbox::store::{self as inbox, InboxError};
use crate::inbox::Settings;

fn system_admin(admin: &Admin) -> Result<(), AppError> {
    if admin.actor.system_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// `GET /admin/calendar`: the entered announcements and the form.
pub async fn page(admin: Admin) -> Result<HttpResponse, AppError> {
    show(&admin, None, StatusCode::OK).await
}

async fn show(
    admin: &Admin,
    error: Option<&str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    system_admin(admin)?;
    let rows = admin.state.db.read(|c| Ok(entered::entered(c)?)).await?;
    let mut context = Context::new();
    context.insert("entered", &rows);
    context.insert("error", &error);
    let mut res = admin.render("admin/calendar.html", context, "/calendar")?;
    *res.status_mut() = status;
    Ok(res)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnnouncementForm {
    csrf: String,
    day: String,
    kind: String,
    name: String,
    source: String,
}

/// Runs a change of the calendar by the signed-in administrator, which recomputes the open
/// deadlines under the inbox's settings.
async fn change<F>(admin: &Admin, f: F) -> Result<Result<usize, InboxError>, AppError>
where
    F: FnOnce(&mut DbConn, &Settings, &str, NaiveDateTime) -> Result<usize, InboxError>
        + Send
        + 'static,
{
    let (by, now, state) = (
        admin.actor.username.clone(),
        admin.now(),
        admin.state.clone(),
    );
    admin
        .state
        .db
        .read(move |c| Ok(f(c, &state.config.inbox, &by, now)))
        .await
}

/// What a change did to the open questions.
fn moved(result: Result<usize, InboxError>) -> Result<usize, AppError> {
    result.map_err(AppError::internal)
}

/// `POST /admin/calendar`: enters (or replaces) the announcement about a day.
pub async fn enter(
    admin: Admin,
    form: web::Form<AnnouncementForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    system_admin(&admin)?;
    let day = NaiveDate::parse_from_str(form.day.trim(), "%Y-%m-%d").ok();
    let kind = match form.kind.as_str() {
        "day_off" => Some(AnnouncementKind::DayOff),
        "working_day" => Some(AnnouncementKind::WorkingDay),
        _ => None,
    };
    let name = crate::text::nfc(form.name.trim());
    let source = crate::text::nfc(form.source.trim());
    let (Some(day), Some(kind)) = (day, kind) else {
        return show(
            &admin,
            Some("calendar-error-day"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    if name.is_empty() || source.is_empty() {
        return show(
            &admin,
            Some("calendar-error-source"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let a = Announcement {
        date: day,
        kind,
        name,
        source,
    };
    let result = change(&admin, move |c, settings, by, now| {
        inbox::announcement_entered(c, settings, &a, by, now)
    })
    .await?;
    match result {
        Err(InboxError::Calendar(_)) => {
            show(
                &admin,
                Some("calendar-error-day"),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        other => {
            moved(other)?;
            Ok(admin.see_other("/calendar"))
        }
    }
}

/// `POST /admin/calendar/{day}/remove`: the shipped file applies to the day again.
pub async fn remove(
    admin: Admin,
    day: web::Path<String>,
    form: web::Form<AnnouncementForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    system_admin(&admin)?;
    let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| AppError::NotFound)?;
    let result = change(&admin, move |c, settings, by, now| {
        inbox::announcement_withdrawn(c, settings, day, by, now)
    })
    .await?;
    match result {
        Err(InboxError::NotFound) => Err(AppError::NotFound),
        other => {
            moved(other)?;
            Ok(admin.see_other("/calendar"))
        }
    }
}
