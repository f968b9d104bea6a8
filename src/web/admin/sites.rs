//! Site administration: settings, aliases and menus (site administrators), the editorial
//! board's members, and creating or retiring sites (system administrators).

use crate::field::FieldError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::Admin;
use crate::account::audit::{Entry, Via};
use crate::account::{store as accounts, Capability, Role};
use crate::error::AppError;
use crate::inbox::store as inbox;
use crate::lang::Lang;
use crate::site::store::{self as site_store, SiteDefinitionError, SiteSettings};
use crate::site::{SiteId, SiteKind};

/// `GET /admin/sites`: the sites this account administers; system administrators also
/// create sites here.
pub async fn list(admin: Admin) -> Result<HttpResponse, AppError> {
    let sites: Vec<serde_json::Value> = admin
        .directory
        .sites
        .iter()
        .filter(|s| admin.actor.can(Capability::Manage, s.id))
        .map(|s| {
            serde_json::json!({"slug": s.slug, "name": s.name(admin.lang), "kind": s.kind,
                "retired": s.retired, "host": s.host(&admin.state.config.base_domain)})
        })
        .collect();
    let mut context = Context::new();
    context.insert("sites", &sites);
    admin.render("admin/sites.html", context, "/sites")
}

#[derive(Deserialize)]
pub struct NewSiteForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name_vi: String,
    #[serde(default)]
    name_en: String,
}

/// `POST /admin/sites` (system administrators).
pub async fn create(admin: Admin, form: web::Form<NewSiteForm>) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    if !admin.actor.system_admin {
        return Err(AppError::Forbidden);
    }
    let kind = SiteKind::parse(&form.kind).ok_or(AppError::BadRequest("form-bad-kind"))?;
    let (slug, vi, en) = (
        form.slug.clone(),
        form.name_vi.clone(),
        form.name_en.clone(),
    );
    let (by, now, state) = (
        Entry::by(&admin.actor, Via::Web),
        admin.now(),
        admin.state.clone(),
    );
    let result = admin
        .state
        .db
        .run(
            move |c| -> Result<Result<SiteId, SiteDefinitionError>, AppError> {
                let created = site_store::create(c, &slug, kind, (&vi, &en), &by, now);
                if created.is_ok() {
                    state.reload_sites_with(c)?;
                }
                Ok(created)
            },
        )
        .await?;
    match result {
        Ok(_) => {
            let slug = form.slug.trim().to_ascii_lowercase();
            Ok(admin.see_other(&format!("/sites/{slug}/settings")))
        }
        Err(SiteDefinitionError::BadSlug { .. }) => Err(AppError::BadRequest("form-bad-slug")),
        Err(SiteDefinitionError::SlugTaken { .. }) => Err(AppError::BadRequest("form-slug-taken")),
        Err(SiteDefinitionError::InvalidSettings(_)) => Err(AppError::BadRequest("form-required")),
        Err(e) => Err(AppError::internal(e)),
    }
}

async fn settings_page(
    admin: &Admin,
    slug: &str,
    form: Option<&SiteSettings>,
    errors: &[FieldError],
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let site = admin.site(slug, Capability::Manage)?;
    let id = site.id;
    let (aliases, members) = admin
        .state
        .db
        .read(move |c| Ok((site_store::aliases_of(c, id)?, accounts::members(c, id)?)))
        .await?;
    let current = SiteSettings::of(
        &site,
        &aliases,
        admin.directory.menu(id, Lang::Vi),
        admin.directory.menu(id, Lang::En),
    );
    let mut context = Context::new();
    context.insert("site", &serde_json::json!({"slug": site.slug, "name": site.name(admin.lang), "kind": site.kind, "retired": site.retired}));
    context.insert("form", form.unwrap_or(&current));
    context.insert("errors", errors);
    context.insert(
        "error_fields",
        &errors.iter().map(|e| e.field).collect::<Vec<_>>(),
    );
    context.insert("members", &members);
    context.insert(
        "default_sessions",
        &admin.state.config.inbox.office_hours.to_string(),
    );
    context.insert(
        "roles",
        &Role::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
    );
    context.insert(
        "other_sites",
        &admin
            .directory
            .sites
            .iter()
            .filter(|s| s.id != id && !s.retired)
            .map(|s| serde_json::json!({"slug": s.slug, "name": s.name(admin.lang)}))
            .collect::<Vec<_>>(),
    );
    let mut response = admin.render(
        "admin/site_settings.html",
        context,
        &format!("/sites/{}/settings", site.slug),
    )?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /admin/sites/{slug}/settings`.
pub async fn settings(admin: Admin, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    settings_page(&admin, &slug, None, &[], StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    settings: SiteSettings,
}

/// `POST /admin/sites/{slug}/settings`: names, contacts, office hours, aliases, menus.
/// Changing the office sessions moves the deadlines of the open questions the site received,
/// in the same transaction, each with a line in its history.
pub async fn save(
    admin: Admin,
    slug: web::Path<String>,
    form: web::Form<SettingsForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let site = admin.site(&slug, Capability::Manage)?;
    let (id, settings) = (site.id, form.settings.clone());
    let alias_moves = if admin.actor.system_admin {
        site_store::AliasMoves::Allowed
    } else {
        site_store::AliasMoves::Refused
    };
    let (by, now) = (Entry::by(&admin.actor, Via::Web), admin.now());
    let state = admin.state.clone();
    let result = admin
        .state
        .db
        .read(move |c| {
            let saved = site_store::save_settings_with(
                c,
                id,
                &settings,
                alias_moves,
                &by,
                now,
                |c, change| {
                    inbox::office_hours_changed(c, &state.config.inbox, change, &by.actor_name, now)
                        .map(drop)
                },
            );
            if saved.is_ok() {
                state.reload_sites_with(c)?;
            }
            Ok(saved)
        })
        .await?;
    match result {
        Ok(()) => Ok(admin.see_other(&format!("/sites/{}/settings", site.slug))),
        Err(SiteDefinitionError::InvalidSettings(errors)) => {
            settings_page(
                &admin,
                &slug,
                Some(&form.settings),
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(AppError::internal(e)),
    }
}

#[derive(Deserialize)]
pub struct MemberForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    role: String,
}

/// `POST /admin/sites/{slug}/members`: gives an account a role on the site at once.
pub async fn grant(
    admin: Admin,
    slug: web::Path<String>,
    form: web::Form<MemberForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let site = admin.site(&slug, Capability::Manage)?;
    let role = Role::parse(&form.role).ok_or(AppError::BadRequest("form-bad-role"))?;
    let (id, username) = (site.id, form.username.trim().to_string());
    let (by, now) = (Entry::by(&admin.actor, Via::Web), admin.now());
    let result = admin
        .state
        .db
        .read(move |c| Ok(accounts::grant(c, &username, id, role, &by, now)))
        .await?;
    match result {
        Ok(()) => Ok(admin.see_other(&format!("/sites/{}/settings", site.slug))),
        Err(accounts::AccountError::NoSuchUser(_)) => {
            Err(AppError::BadRequest("form-no-such-user"))
        }
        Err(accounts::AccountError::OwnRole) => Err(AppError::BadRequest("form-own-role")),
        Err(e) => Err(AppError::internal(e)),
    }
}

/// `POST /admin/sites/{slug}/members/{username}/revoke`.
pub async fn revoke(
    admin: Admin,
    path: web::Path<(String, String)>,
    form: web::Form<super::auth::CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let (slug, username) = path.into_inner();
    let site = admin.site(&slug, Capability::Manage)?;
    let id = site.id;
    let (by, now) = (Entry::by(&admin.actor, Via::Web), admin.now());
    admin
        .state
        .db
        .run(
            move |c| match accounts::revoke(c, &username, id, &by, now) {
                // Revoking the role of an account that does not exist: nothing to revoke.
                Err(accounts::AccountError::NoSuchUser(_)) => Err(AppError::NotFound),
                other => other.map_err(AppError::internal),
            },
        )
        .await?;
    Ok(admin.see_other(&format!("/sites/{}/settings", site.slug)))
}

/// The site a system administrator changes the structure of (renames, retires): never the
/// province portal, whose address is the configured base domain.
fn structural_target(
    admin: &Admin,
    slug: &str,
    csrf: &str,
    portal_refusal: &'static str,
) -> Result<std::sync::Arc<crate::site::Site>, AppError> {
    admin.verify_csrf(csrf)?;
    if !admin.actor.system_admin {
        return Err(AppError::Forbidden);
    }
    let site = admin.site(slug, Capability::Manage)?;
    if site.kind == SiteKind::Province {
        return Err(AppError::BadRequest(portal_refusal));
    }
    Ok(site)
}

#[derive(Deserialize)]
pub struct RetireForm {
    #[serde(default)]
    csrf: String,
    /// The slug of the site that takes over its addresses; empty keeps it readable.
    #[serde(default)]
    into: String,
}

/// `POST /admin/sites/{slug}/retire` (system administrators): the site's hosts redirect
/// permanently to the site it is merged into, or it stays readable as an archive.
pub async fn retire(
    admin: Admin,
    slug: web::Path<String>,
    form: web::Form<RetireForm>,
) -> Result<HttpResponse, AppError> {
    let site = structural_target(&admin, &slug, &form.csrf, "form-cannot-retire-portal")?;
    let into: Option<SiteId> = match form.into.trim() {
        "" => None,
        target => Some(
            admin
                .directory
                .by_slug(target)
                .filter(|t| t.id != site.id)
                .ok_or(AppError::BadRequest("form-bad-site"))?
                .id,
        ),
    };
    let (id, by, now) = (site.id, Entry::by(&admin.actor, Via::Web), admin.now());
    let summary = form.into.trim().to_string();
    let state = admin.state.clone();
    admin
        .state
        .db
        .run(move |c| -> Result<(), AppError> {
            site_store::retire_logged(c, id, into, &summary, &by, now)?;
            state.reload_sites_with(c)?;
            Ok(())
        })
        .await?;
    Ok(admin.see_other("/sites"))
}

#[derive(Deserialize)]
pub struct RenameForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    slug: String,
}

/// `POST /admin/sites/{slug}/rename` (system administrators): a new sub-domain; the old
/// one keeps redirecting.
pub async fn rename(
    admin: Admin,
    slug: web::Path<String>,
    form: web::Form<RenameForm>,
) -> Result<HttpResponse, AppError> {
    let site = structural_target(&admin, &slug, &form.csrf, "form-cannot-rename-portal")?;
    let (id, new_slug) = (site.id, form.slug.trim().to_ascii_lowercase());
    let (by, now, state) = (
        Entry::by(&admin.actor, Via::Web),
        admin.now(),
        admin.state.clone(),
    );
    let target = new_slug.clone();
    let result = admin
        .state
        .db
        .run(
            move |c| -> Result<Result<(), SiteDefinitionError>, AppError> {
                let renamed = site_store::rename(c, id, &target, &by, now);
                if renamed.is_ok() {
                    state.reload_sites_with(c)?;
                }
                Ok(renamed)
            },
        )
        .await?;
    match result {
        Ok(()) => Ok(admin.see_other(&format!("/sites/{new_slug}/settings"))),
        Err(SiteDefinitionError::BadSlug { .. }) => Err(AppError::BadRequest("form-bad-slug")),
        Err(SiteDefinitionError::SlugTaken { .. }) => Err(AppError::BadRequest("form-slug-taken")),
        Err(e) => Err(AppError::internal(e)),
    }
}
