//! The admin side of consultations: a site's consultations with their moderation queue,
//! the editor (the record and the report's answers, saved as a draft revision that goes
//! through review), moderation, and the CSV export of the comments.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::content::problem;
use super::Admin;
use crate::account::Capability;
use crate::consultation::form::{answer_rows, moment_text, ConsultationForm};
use crate::consultation::store::{self, ConsultationError, Decision};
use crate::consultation::view;
use crate::consultation::{CommentId, DraftType, RejectReason, Settings};
use crate::content::{ContentId, ContentKind};
use crate::error::AppError;
use crate::field::FieldError;
use crate::lang::Lang;
use crate::site::Site;

fn refused(e: ConsultationError) -> AppError {
    match e {
        ConsultationError::NotFound => AppError::NotFound,
        ConsultationError::Forbidden => AppError::Forbidden,
        e => AppError::internal(e),
    }
}

/// `GET /admin/sites/{slug}/consultations`: the site's consultations and the comments
/// waiting for moderation.
pub async fn list(admin: Admin, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::View)?;
    let id = site.id;
    let (overview, pending) = admin
        .state
        .db
        .read(move |c| {
            Ok((
                store::site_overview(c, id)?,
                store::pending_comments(c, id)?,
            ))
        })
        .await?;
    let rows = view::board_rows(&overview, admin.lang, admin.now());
    let queue = view::moderation_queue(&pending, admin.lang);
    let mut context = Context::new();
    context.insert(
        "site",
        &serde_json::json!({"slug": site.slug, "name": site.name(admin.lang)}),
    );
    context.insert("items", &rows);
    context.insert("queue", &queue);
    context.insert(
        "may_moderate",
        &admin.actor.can(Capability::Review, site.id),
    );
    context.insert(
        "reasons",
        &RejectReason::ALL
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>(),
    );
    admin.render(
        "admin/consultations.html",
        context,
        &format!("/sites/{}/consultations", site.slug),
    )
}

#[derive(Deserialize)]
pub struct ModerateForm {
    csrf: String,
    decision: String,
    #[serde(default)]
    reason: String,
}

/// `POST /admin/sites/{slug}/consultations/comments/{id}`: approve, or reject with a reason.
pub async fn moderate(
    admin: Admin,
    path: web::Path<(String, i32)>,
    form: web::Form<ModerateForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let (slug, id) = path.into_inner();
    let site = admin.site(&slug, Capability::Review)?;
    let decision = match (form.decision.as_str(), RejectReason::parse(&form.reason)) {
        ("approve", _) => Decision::Approve,
        ("reject", Some(reason)) => Decision::Reject(reason),
        _ => return Err(AppError::BadRequest("consultation-error-reason")),
    };
    let (actor, now) = (admin.actor.clone(), admin.now());
    admin
        .state
        .db
        .read(move |c| Ok(store::moderate(c, CommentId(id), decision, &actor, now)))
        .await?
        .map_err(refused)?;
    Ok(admin.see_other(&format!("/sites/{}/consultations", site.slug)))
}

/// `GET /admin/sites/{slug}/consultations/{id}/comments.csv`.
pub async fn export(
    admin: Admin,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    admin.site(&slug, Capability::View)?;
    let (actor, now) = (admin.actor.clone(), admin.now());
    let csv = admin
        .state
        .db
        .read(move |c| Ok(store::comments_csv(c, ContentId(id), &actor, now)))
        .await?
        .map_err(refused)?;
    Ok(super::csv_download(&format!("gop-y-{id}.csv"), csv))
}

/// The editor page, with the approved comments to answer when editing.
async fn form_page(
    admin: &Admin,
    site: &Site,
    action: &str,
    form: &ConsultationForm,
    content: Option<ContentId>,
    errors: &[FieldError],
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let comments = match content {
        Some(id) => {
            admin
                .state
                .db
                .read(move |c| Ok(store::comments(c, id)?))
                .await?
        }
        None => Vec::new(),
    };
    let mut context = Context::new();
    context.insert("form", form);
    context.insert("action", &admin.path(action));
    context.insert(
        "site",
        &serde_json::json!({"slug": site.slug, "name": site.name(admin.lang)}),
    );
    context.insert(
        "types",
        &DraftType::ALL
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>(),
    );
    context.insert("answers", &answer_rows(&comments, form));
    context.insert("content", &content.map(|c| c.0));
    super::insert_errors(&mut context, errors);
    let mut response = admin.render("admin/consultation_form.html", context, action)?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /admin/sites/{slug}/consultations/new`: opening now, for the configured period.
pub async fn new_form(admin: Admin, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::Write)?;
    let settings: &Settings = &admin.state.config.consultation;
    let now = admin.now();
    let form = ConsultationForm {
        lang: "vi".into(),
        agency: site.name(Lang::Vi).to_string(),
        draft_type: DraftType::CommitteeDecision.as_str().into(),
        opens_at: moment_text(now),
        closes_at: moment_text(now + chrono::Duration::days(settings.default_days.into())),
        ..ConsultationForm::default()
    };
    let action = format!("/sites/{}/consultations/new", site.slug);
    form_page(&admin, &site, &action, &form, None, &[], StatusCode::OK).await
}

/// `POST /admin/sites/{slug}/consultations/new`: a new consultation as a draft for review.
pub async fn create(
    admin: Admin,
    slug: web::Path<String>,
    form: web::Form<ConsultationForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let site = admin.site(&slug, Capability::Write)?;
    let form = form.into_inner();
    let action = format!("/sites/{}/consultations/new", site.slug);
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    let record = match form.record() {
        Ok(r) => r,
        Err(errors) => {
            return form_page(&admin, &site, &action, &form, None, &errors, refused).await
        }
    };
    let lang = Lang::from_code(&form.lang).unwrap_or(Lang::Vi);
    let rev = form.revision(&record);
    let result = admin
        .create_record_item(&site, ContentKind::Consultation, lang, String::new(), rev)
        .await?;
    match result {
        Ok(content) => Ok(admin.see_other(&format!("/content/{}", content.0))),
        Err(e) => {
            let (status, errors) = problem(e)?;
            form_page(&admin, &site, &action, &form, None, &errors, status).await
        }
    }
}

/// `GET /admin/sites/{slug}/consultations/{id}/edit`: the record and the report's answers.
pub async fn edit_form(
    admin: Admin,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let site = admin.site(&slug, Capability::Write)?;
    let (item, record) = admin
        .record_to_edit(&site, ContentKind::Consultation, id)
        .await?;
    let form = ConsultationForm::of(
        &record,
        &item.text.title,
        &item.text.summary,
        item.lang.code(),
    );
    let action = format!("/sites/{}/consultations/{id}/edit", site.slug);
    let content = Some(ContentId(id));
    form_page(&admin, &site, &action, &form, content, &[], StatusCode::OK).await
}

/// `POST /admin/sites/{slug}/consultations/{id}/edit`: a draft revision; the public page
/// keeps the published record (and the report stays unpublished) until the board publishes.
pub async fn save(
    admin: Admin,
    path: web::Path<(String, i32)>,
    form: web::Form<ConsultationForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let (slug, id) = path.into_inner();
    let site = admin.site(&slug, Capability::Write)?;
    let form = form.into_inner();
    let action = format!("/sites/{}/consultations/{id}/edit", site.slug);
    let (content, refused) = (Some(ContentId(id)), StatusCode::UNPROCESSABLE_ENTITY);
    let record = match form.record() {
        Ok(r) => r,
        Err(errors) => {
            return form_page(&admin, &site, &action, &form, content, &errors, refused).await
        }
    };
    let rev = form.revision(&record);
    let result = admin
        .save_record_draft(&site, ContentKind::Consultation, id, rev)
        .await?;
    match result {
        Ok(_) => Ok(admin.see_other(&format!("/content/{id}"))),
        Err(e) => {
            let (status, errors) = problem(e)?;
            form_page(&admin, &site, &action, &form, content, &errors, status).await
        }
    }
}
