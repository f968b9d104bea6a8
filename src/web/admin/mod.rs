//! The admin interface, on the province host under `/admin` (`/en/admin` in English):
//! one session manages every site the account has a role on. Server-rendered, usable
//! without JavaScript, never cached.

pub mod auth;
pub mod banners;
pub mod calendar;
pub mod consultations;
pub mod content;
pub mod forms;
pub mod inbox;
pub mod legal;
pub mod media;
pub mod records;
pub mod schedule;
pub mod services;
pub mod sites;
pub mod timeliness;
pub mod users;

use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest, HttpResponse};
use futures_util::future::LocalBoxFuture;
use serde::Serialize;
use tera::Context;

use super::ctx::CurrentSite;
use crate::account::{sessions, store as accounts, Actor, Capability};
use crate::app::AppState;
use crate::content::ContentKind;
use crate::error::AppError;
use crate::lang::Lang;
use crate::site::hosts::Directory;
use crate::site::{Site, SiteKind};

/// The session cookie (HttpOnly, SameSite=Lax, host-only on the province host).
pub use super::middleware::SESSION_COOKIE;

/// Every admin route, in both languages.
pub fn routes(cfg: &mut web::ServiceConfig) {
    for base in ["/admin", "/en/admin"] {
        cfg.service(
            web::scope(base)
                .route("", web::get().to(content::dashboard))
                .route("/login", web::get().to(auth::login_form))
                .route("/login", web::post().to(auth::login))
                .route("/logout", web::post().to(auth::logout))
                .route(
                    "/logout-everywhere",
                    web::post().to(auth::logout_everywhere),
                )
                .route("/sites", web::get().to(sites::list))
                .route("/sites", web::post().to(sites::create))
                .route("/sites/{slug}/settings", web::get().to(sites::settings))
                .route("/sites/{slug}/settings", web::post().to(sites::save))
                .route("/sites/{slug}/members", web::post().to(sites::grant))
                .route(
                    "/sites/{slug}/members/{username}/revoke",
                    web::post().to(sites::revoke),
                )
                .route("/sites/{slug}/retire", web::post().to(sites::retire))
                .route("/sites/{slug}/rename", web::post().to(sites::rename))
                .route("/users", web::get().to(users::list))
                .route("/users", web::post().to(users::create))
                .route("/users/{username}/disable", web::post().to(users::disable))
                .route(
                    "/users/{username}/password",
                    web::post().to(users::reset_password),
                )
                .route("/sites/{slug}/media", web::get().to(media::list))
                .route("/sites/{slug}/media", web::post().to(media::upload))
                .route("/media/{id}", web::get().to(media::item))
                .route("/media/{id}", web::post().to(media::describe))
                .route("/media/{id}/replace", web::post().to(media::replace))
                .route("/sites/{slug}/content", web::get().to(content::list))
                .route(
                    "/sites/{slug}/content/new",
                    web::get().to(content::new_form),
                )
                .route("/sites/{slug}/content/new", web::post().to(content::create))
                .route(
                    "/sites/{slug}/translations",
                    web::get().to(records::translations),
                )
                .route("/content/{id}", web::get().to(content::item))
                .route("/content/{id}/edit", web::get().to(content::edit_form))
                .route("/content/{id}/edit", web::post().to(content::save))
                .route(
                    "/content/{id}/take-down",
                    web::post().to(content::take_down),
                )
                .route("/content/{id}/portal", web::post().to(content::portal))
                .route("/password", web::get().to(auth::password_form))
                .route("/password", web::post().to(auth::change_password))
                .route("/preview/{token}", web::get().to(content::preview))
                .route("/revisions/{id}", web::get().to(content::revision))
                .route("/revisions/{id}/restore", web::post().to(content::restore))
                .route(
                    "/revisions/{id}/{transition}",
                    web::post().to(content::transition),
                )
                .route("/sites/{slug}/legal", web::get().to(legal::list))
                .route(
                    "/sites/{slug}/consultations",
                    web::get().to(consultations::list),
                )
                .route(
                    "/sites/{slug}/consultations/new",
                    web::get().to(consultations::new_form),
                )
                .route(
                    "/sites/{slug}/consultations/new",
                    web::post().to(consultations::create),
                )
                .route(
                    "/sites/{slug}/consultations/comments/{id}",
                    web::post().to(consultations::moderate),
                )
                .route(
                    "/sites/{slug}/consultations/{id}/edit",
                    web::get().to(consultations::edit_form),
                )
                .route(
                    "/sites/{slug}/consultations/{id}/edit",
                    web::post().to(consultations::save),
                )
                .route(
                    "/sites/{slug}/consultations/{id}/comments.csv",
                    web::get().to(consultations::export),
                )
                .route("/sites/{slug}/services", web::get().to(services::list))
                .route(
                    "/sites/{slug}/services/usage",
                    web::get().to(services::usage_form),
                )
                .route(
                    "/sites/{slug}/services/usage",
                    web::post().to(services::usage_save),
                )
                // Every kind's form: new and edit.
                .configure(|cfg| crate::kinds::each(&mut forms::Forms(cfg)))
                .route("/sites/{slug}/schedule", web::get().to(schedule::week_form))
                .route(
                    "/sites/{slug}/schedule",
                    web::post().to(schedule::save_week),
                )
                .route(
                    "/sites/{slug}/schedule/{id}/edit",
                    web::get().to(schedule::edit),
                )
                .route("/sites/{slug}/gazette", web::get().to(legal::gazette_list))
                .route("/sites/{slug}/gazette", web::post().to(legal::gazette_save))
                .route("/sites/{slug}/inbox", web::get().to(inbox::dashboard))
                .route("/sites/{slug}/inbox/report", web::get().to(inbox::report))
                .route(
                    "/sites/{slug}/inbox/report.csv",
                    web::get().to(inbox::report_csv),
                )
                .route(
                    "/sites/{slug}/inbox/answer/{content}",
                    web::get().to(inbox::answer_editor),
                )
                .route("/calendar", web::get().to(calendar::page))
                .route("/calendar", web::post().to(calendar::enter))
                .route("/calendar/{day}/remove", web::post().to(calendar::remove))
                .route("/inbox/{id}", web::get().to(inbox::question))
                .route("/inbox/{id}/attachment", web::get().to(inbox::attachment))
                .route("/inbox/{id}/{action}", web::post().to(inbox::act))
                .route("/audit", web::get().to(records::audit))
                .route("/audit.csv", web::get().to(records::audit_csv))
                .route("/jobs", web::get().to(records::jobs))
                .route("/outbox", web::get().to(records::outbox))
                .route("/banners", web::get().to(banners::page))
                .route("/banners", web::post().to(banners::create))
                .route("/banners/{id}/end", web::post().to(banners::end))
                .route("/outbox/retry", web::post().to(records::retry_mail))
                .route("/timeliness", web::get().to(timeliness::page))
                .route("/timeliness.csv", web::get().to(timeliness::csv))
                .route("/timeliness/items", web::get().to(timeliness::items))
                .route("/timeliness/report", web::get().to(timeliness::printable))
                .route("/timeliness/rules", web::get().to(timeliness::rules_page))
                .route("/timeliness/rules", web::post().to(timeliness::rules_save))
                .route("/api-tokens", web::get().to(timeliness::tokens_page))
                .route("/api-tokens", web::post().to(timeliness::token_create))
                .route(
                    "/api-tokens/{id}/revoke",
                    web::post().to(timeliness::token_revoke),
                ),
        );
    }
}

/// Puts a form's errors in a template's context: `errors` by field, and `general_errors`
/// (those of no field, such as a refusal by the workflow).
pub fn insert_errors(context: &mut tera::Context, errors: &[crate::review::store::FieldError]) {
    let by_field: std::collections::HashMap<&str, &str> =
        errors.iter().map(|e| (e.field, e.message_id)).collect();
    context.insert("errors", &by_field);
    let general: Vec<&str> = errors
        .iter()
        .filter(|e| e.field.is_empty())
        .map(|e| e.message_id)
        .collect();
    context.insert("general_errors", &general);
}

/// A time from an HTML `datetime-local` field (`YYYY-MM-DDTHH:MM`, Vietnam's time) in UTC.
pub fn parse_local(s: &str) -> Option<chrono::NaiveDateTime> {
    use chrono::TimeZone;
    let local = chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M").ok()?;
    crate::clock::vietnam()
        .from_local_datetime(&local)
        .single()
        .map(|t| t.naive_utc())
}

/// A path of the admin interface in a language (`/admin/…` or `/en/admin/…`).
pub fn path(lang: Lang, rest: &str) -> String {
    match lang {
        Lang::Vi => format!("/admin{rest}"),
        Lang::En => format!("/en/admin{rest}"),
    }
}

/// Where an item of a kind with a structured record is edited (its own form), if not
/// in the generic editor.
pub fn record_editor(kind: ContentKind, site_slug: &str, id: i32) -> Option<String> {
    // Answers are written from the question they answer, in the inbox.
    if kind == ContentKind::Answer {
        return Some(format!("/sites/{site_slug}/inbox/answer/{id}"));
    }
    // A week of the schedule is entered on its own week form.
    if kind == ContentKind::ScheduleWeek {
        return Some(format!("/sites/{site_slug}/schedule/{id}/edit"));
    }
    // Consultations keep their own editor (the draft, its period and its files).
    if kind == ContentKind::Consultation {
        return Some(format!("/sites/{site_slug}/consultations/{id}/edit"));
    }
    crate::kinds::registry()
        .admin_path(kind)
        .map(|word| format!("/sites/{site_slug}/{word}/{id}/edit"))
}

/// A CSV table an administrator downloads as `file_name`: never cached.
pub fn csv_download(
    file_name: &str,
    body: impl actix_web::body::MessageBody + 'static,
) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .body(body)
}

/// True when the request came to the province host (the only host with `/admin`).
fn on_province_host(req: &HttpRequest) -> Result<Arc<Directory>, AppError> {
    let current = req
        .extensions()
        .get::<CurrentSite>()
        .cloned()
        .ok_or(AppError::NotFound)?;
    if current.site.kind != SiteKind::Province {
        return Err(AppError::NotFound);
    }
    Ok(current.directory)
}

/// The account of a live session (by its cookie token), with the session's anti-forgery
/// token; `None` when the session is unknown, expired or the account disabled.
pub async fn signed_in(state: &AppState, token: &str) -> Result<Option<(Actor, String)>, AppError> {
    let now = state.clock.now().naive_utc();
    let t = token.to_string();
    state
        .db
        .read(move |c| {
            let Some(session) = sessions::find(c, &t, now)? else {
                return Ok(None);
            };
            Ok(accounts::actor(c, session.user)?.map(|a| (a, session.csrf_token)))
        })
        .await
}

/// A signed-in member of an editorial board, with the roles in force right now.
pub struct Admin {
    pub state: web::Data<AppState>,
    pub actor: Actor,
    pub csrf: String,
    pub lang: Lang,
    pub directory: Arc<Directory>,
    token: String,
}

impl FromRequest for Admin {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Admin, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .cloned()
                .ok_or_else(|| AppError::internal(anyhow::anyhow!("application state missing")))?;
            let directory = on_province_host(&req)?;
            let lang = Lang::of_path(req.path());
            let sign_in = || {
                let here = req
                    .uri()
                    .path_and_query()
                    .map(|p| p.as_str())
                    .unwrap_or("/admin");
                let query = serde_urlencoded::to_string([("next", here)]).unwrap_or_default();
                AppError::SignInRequired {
                    next: format!("{}?{query}", path(lang, "/login")),
                }
            };
            let token = req
                .cookie(SESSION_COOKIE)
                .map(|c| c.value().to_string())
                .ok_or_else(sign_in)?;
            let (actor, csrf) = signed_in(&state, &token).await?.ok_or_else(sign_in)?;
            Ok(Admin {
                state,
                actor,
                csrf,
                lang,
                directory,
                token,
            })
        })
    }
}

/// A site in the admin's menu.
#[derive(Serialize)]
struct SiteEntry {
    slug: String,
    name: String,
    role: Option<&'static str>,
}

impl Admin {
    /// The latest record of an item of `kind` on `site`, to start its own edit form (a
    /// legal document's, a procedure's).
    pub async fn record_to_edit<R: serde::de::DeserializeOwned>(
        &self,
        site: &Site,
        kind: ContentKind,
        id: i32,
    ) -> Result<(crate::content::ContentItem, R), AppError> {
        use crate::review::store::{editing_base, ReviewError};
        let content = crate::content::ContentId(id);
        let (item, revision) = self
            .state
            .db
            .read(move |c| Ok(editing_base(c, content)))
            .await?
            .map_err(|e| match e {
                ReviewError::Db(e) => AppError::Db(e),
                _ => AppError::NotFound,
            })?;
        if item.site_id != site.id || item.kind != kind {
            return Err(AppError::NotFound);
        }
        let record = revision
            .record
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok())
            .ok_or(AppError::NotFound)?;
        Ok((item, record))
    }

    /// Starts an item of `kind` on `site` from its own form: a draft and its first revision,
    /// whose record the workflow checks (`Ok(Err(_))` says why it refused).
    pub async fn create_record_item(
        &self,
        site: &Site,
        kind: ContentKind,
        lang: Lang,
        translation_key: String,
        revision: crate::review::store::RevisionForm,
    ) -> Result<Result<crate::content::ContentId, crate::review::store::ReviewError>, AppError>
    {
        let (actor, now, site_id) = (self.actor.clone(), self.now(), site.id);
        self.state
            .db
            .read(move |c| {
                let new = crate::review::store::NewItem {
                    site: site_id,
                    kind,
                    lang,
                    translation_key: &translation_key,
                };
                Ok(
                    crate::review::store::create_item(c, new, &revision, &actor, now)
                        .map(|(content, _)| content),
                )
            })
            .await
    }

    /// Saves a draft revision of an item of `kind` on `site` from its own edit form; the
    /// workflow checks the record it carries (`Ok(Err(_))` says why it refused).
    pub async fn save_record_draft(
        &self,
        site: &Site,
        kind: ContentKind,
        id: i32,
        revision: crate::review::store::RevisionForm,
    ) -> Result<Result<(), crate::review::store::ReviewError>, AppError> {
        let content = crate::content::ContentId(id);
        let (actor, now, site_id) = (self.actor.clone(), self.now(), site.id);
        self.state
            .db
            .run(move |c| {
                let item = crate::content::store::find(c, content)?.ok_or(AppError::NotFound)?;
                if item.site_id != site_id || item.kind != kind {
                    return Err(AppError::NotFound);
                }
                Ok(
                    crate::review::store::save_draft(c, content, &revision, &actor, now)
                        .map(|_| ()),
                )
            })
            .await
    }

    /// Refuses a form whose anti-forgery token is not this session's.
    pub fn verify_csrf(&self, sent: &str) -> Result<(), AppError> {
        let ok = sent.len() == self.csrf.len()
            && sent
                .bytes()
                .zip(self.csrf.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if ok {
            Ok(())
        } else {
            Err(AppError::Csrf)
        }
    }

    /// The site of a slug, if this account may do `capability` on it.
    pub fn site(&self, slug: &str, capability: Capability) -> Result<Arc<Site>, AppError> {
        let site = self
            .directory
            .by_slug(slug)
            .cloned()
            .ok_or(AppError::NotFound)?;
        if self.actor.can(capability, site.id) {
            Ok(site)
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The sites this account can open (every site for system administrators).
    pub fn sites(&self) -> Vec<Arc<Site>> {
        self.directory
            .sites
            .iter()
            .filter(|s| self.actor.can(Capability::View, s.id))
            .cloned()
            .collect()
    }

    /// Every site by slug and short name, for a list's site filter.
    pub fn site_choices(&self) -> Vec<serde_json::Value> {
        self.directory
            .sites
            .iter()
            .map(|s| serde_json::json!({"slug": s.slug, "name": s.short_name(self.lang)}))
            .collect()
    }

    pub fn path(&self, rest: &str) -> String {
        path(self.lang, rest)
    }

    pub fn now(&self) -> chrono::NaiveDateTime {
        self.state.clock.now().naive_utc()
    }

    pub fn t(&self, id: &str) -> String {
        self.state.renderer.messages.get(self.lang, id)
    }

    /// Renders an admin page (never cached: it carries the session's token).
    pub fn render(
        &self,
        template: &str,
        mut context: Context,
        here: &str,
    ) -> Result<HttpResponse, AppError> {
        let sites: Vec<SiteEntry> = self
            .sites()
            .iter()
            .map(|s| SiteEntry {
                slug: s.slug.clone(),
                name: s.short_name(self.lang).to_string(),
                role: self.actor.role_on(s.id).map(|r| r.as_str()),
            })
            .collect();
        // What the reader may do on each site, so that pages offer only what opens.
        let can: std::collections::BTreeMap<String, serde_json::Value> = self
            .sites()
            .iter()
            .map(|s| {
                let may = |c| self.actor.can(c, s.id);
                (
                    s.slug.clone(),
                    serde_json::json!({
                        "write": may(Capability::Write),
                        "review": may(Capability::Review),
                        "publish": may(Capability::Publish),
                        "manage": may(Capability::Manage),
                    }),
                )
            })
            .collect();
        context.insert("lang", self.lang.code());
        context.insert(
            "admin",
            &serde_json::json!({
                "user": self.actor.display_name,
                "username": self.actor.username,
                "system_admin": self.actor.system_admin,
                "may_read_audit": self.actor.may_read_audit(),
                "may_banner": crate::site::banners::may_open(&self.actor),
                "may_oversee": crate::timeliness::reach(
                    &self.actor,
                    self.directory.province().map(|s| s.id),
                )
                .is_some(),
                "csrf": self.csrf,
                "base": self.path(""),
                "sites": sites,
                "can": can,
                "switch": path(self.lang.other(), here),
                "switch_lang": self.lang.other().code(),
            }),
        );
        render_admin(&self.state, self.lang, template, &context)
    }

    /// A redirect after a successful form (303: the browser follows with a GET).
    pub fn see_other(&self, rest: &str) -> HttpResponse {
        HttpResponse::SeeOther()
            .insert_header((header::LOCATION, self.path(rest)))
            .finish()
    }
}

/// Renders an admin template with `Cache-Control: no-store`.
pub fn render_admin(
    state: &AppState,
    lang: Lang,
    template: &str,
    context: &Context,
) -> Result<HttpResponse, AppError> {
    let html = state.renderer.render(template, context)?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_LANGUAGE, lang.code()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(html))
}
