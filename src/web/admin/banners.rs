//! Alert and maintenance banners in the admin: board heads and site administrators for
//! their sites, system administrators also for every site at once.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::{parse_local, Admin};
use crate::account::audit::{Entry, Via};
use crate::account::Capability;
use crate::error::AppError;
use crate::field::FieldError;
use crate::site::banners::{self, may_manage, BannerError, BannerForm, BannerId, BannerKind};

/// The sites on which the account may put up banners.
fn sites(admin: &Admin) -> Vec<(String, String)> {
    admin
        .sites()
        .iter()
        .filter(|s| may_manage(&admin.actor, Some(s.id)))
        .map(|s| (s.slug.clone(), s.name(admin.lang).to_string()))
        .collect()
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct BannerFields {
    #[serde(skip_serializing)]
    csrf: String,
    kind: String,
    /// A site's slug; empty: every site.
    site: String,
    title_vi: String,
    title_en: String,
    body_vi: String,
    body_en: String,
    /// `datetime-local` fields, in Vietnam's time.
    starts_at: String,
    ends_at: String,
    work_starts_at: String,
    confirm_short_notice: Option<String>,
}

/// `GET /admin/banners`.
pub async fn page(admin: Admin) -> Result<HttpResponse, AppError> {
    show(&admin, &BannerFields::default(), &[], StatusCode::OK).await
}

async fn show(
    admin: &Admin,
    fields: &BannerFields,
    errors: &[FieldError],
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    if !banners::may_open(&admin.actor) {
        return Err(AppError::Forbidden);
    }
    let all = admin
        .state
        .db
        .read(|c| Ok(banners::recent(c, 100)?))
        .await?;
    let listed = banners::listed_for(all, &admin.actor, admin.now(), |s| {
        admin
            .directory
            .get(s)
            .map(|s| s.name(admin.lang).to_string())
    });
    let mut context = Context::new();
    context.insert("banners", &listed);
    context.insert("sites", &sites(admin));
    context.insert(
        "kinds",
        &[BannerKind::Alert, BannerKind::Maintenance]
            .map(|k| (k, admin.t(&format!("banner-kind-{k}")))),
    );
    context.insert("every_site", &admin.actor.system_admin);
    context.insert("form", fields);
    context.insert("problems", errors);
    super::insert_errors(&mut context, errors);
    let mut res = admin.render("admin/banners.html", context, "/banners")?;
    *res.status_mut() = status;
    Ok(res)
}

/// `POST /admin/banners`: puts up a banner (maintenance announced less than a day ahead
/// only once confirmed).
pub async fn create(admin: Admin, form: web::Form<BannerFields>) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let site = match form.site.trim() {
        "" => None,
        slug => Some(admin.site(slug, Capability::View)?.id),
    };
    if !may_manage(&admin.actor, site) {
        return Err(AppError::Forbidden);
    }
    let time = |field: &'static str, text: &str, errors: &mut Vec<FieldError>| {
        let parsed = parse_local(text);
        if parsed.is_none() && !text.trim().is_empty() {
            errors.push(FieldError::new(field, "banner-error-time"));
        }
        parsed
    };
    let mut errors = Vec::new();
    let banner = BannerForm {
        site_id: site,
        kind: BannerKind::parse(&form.kind),
        title_vi: form.title_vi.clone(),
        title_en: form.title_en.clone(),
        body_vi: form.body_vi.clone(),
        body_en: form.body_en.clone(),
        starts_at: time("starts_at", &form.starts_at, &mut errors),
        ends_at: time("ends_at", &form.ends_at, &mut errors),
        work_starts_at: time("work_starts_at", &form.work_starts_at, &mut errors),
        short_notice_confirmed: form.confirm_short_notice.is_some(),
    };
    if errors.is_empty() {
        let (by, now, state) = (
            Entry::by(&admin.actor, Via::Web),
            admin.now(),
            admin.state.clone(),
        );
        let created = admin
            .state
            .db
            .run(move |c| -> Result<_, AppError> {
                let created = banners::create(c, &banner, &by, now);
                if created.is_ok() {
                    state.reload_sites_with(c)?;
                }
                Ok(created)
            })
            .await?;
        match created {
            Ok(_) => return Ok(admin.see_other("/banners")),
            Err(BannerError::Invalid(found)) => errors = found,
            Err(BannerError::Db(e)) => return Err(e.into()),
        }
    }
    show(&admin, &form, &errors, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Deserialize)]
pub struct EndForm {
    csrf: String,
}

/// `POST /admin/banners/{id}/end`: takes a banner down now.
pub async fn end(
    admin: Admin,
    id: web::Path<BannerId>,
    form: web::Form<EndForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    if !banners::may_open(&admin.actor) {
        return Err(AppError::Forbidden);
    }
    let id = id.into_inner();
    let banner = admin
        .state
        .db
        .read(move |c| Ok(banners::find(c, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_manage(&admin.actor, banner.site_id) {
        return Err(AppError::Forbidden);
    }
    let (by, now, state) = (
        Entry::by(&admin.actor, Via::Web),
        admin.now(),
        admin.state.clone(),
    );
    admin
        .state
        .db
        .run(move |c| -> Result<(), AppError> {
            banners::end_now(c, id, &by, now).map_err(|e| match e {
                BannerError::Db(e) => e.into(),
                BannerError::Invalid(_) => AppError::NotFound,
            })?;
            Ok(state.reload_sites_with(c)?)
        })
        .await?;
    Ok(admin.see_other("/banners"))
}
