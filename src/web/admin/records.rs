//! Records for administrators: the audit log (filterable, exportable as CSV), the runs of
//! scheduled jobs, the mail outbox, and a site's missing or outdated English translations.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::Admin;
use crate::account::audit::{self, AuditQuery, Entry, Via};
use crate::account::Capability;
use crate::error::AppError;
use crate::jobs;
use crate::mail;
use crate::render::csv::CsvTable;
use crate::site::SiteId;
use crate::web::paging::{last_page, PageParams};

#[derive(Deserialize)]
pub struct AuditParams {
    site: Option<String>,
    actor: Option<String>,
    action: Option<String>,
    #[serde(flatten)]
    paging: PageParams,
}

/// Which entries this account may read: every site for system administrators, else the
/// sites it administers.
fn audit_query(
    admin: &Admin,
    p: &AuditParams,
    page: i64,
    per_page: i64,
) -> Result<AuditQuery, AppError> {
    let managed: Vec<SiteId> = admin
        .sites()
        .iter()
        .filter(|s| admin.actor.can(Capability::Manage, s.id))
        .map(|s| s.id)
        .collect();
    if !admin.actor.may_read_audit() {
        return Err(AppError::Forbidden);
    }
    let sites = match p.site.as_deref().filter(|s| !s.is_empty()) {
        Some(slug) => Some(vec![admin.site(slug, Capability::Manage)?.id]),
        None if admin.actor.system_admin => None,
        None => Some(managed),
    };
    let text = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    };
    Ok(AuditQuery {
        sites,
        actor: text(&p.actor),
        action_prefix: text(&p.action),
        page,
        per_page,
    })
}

/// `GET /admin/audit`.
pub async fn audit(admin: Admin, p: web::Query<AuditParams>) -> Result<HttpResponse, AppError> {
    let paging = p.paging.validate(50)?;
    let q = audit_query(&admin, &p, paging.page, paging.per_page)?;
    let (rows, total) = admin
        .state
        .db
        .read(move |c| Ok(audit::list(c, &q)?))
        .await?;
    let mut context = Context::new();
    context.insert("total", &total);
    context.insert("page_no", &paging.page);
    context.insert("last_page", &last_page(total, paging.per_page));
    context.insert(
        "filter",
        &serde_json::json!({"site": p.site, "actor": p.actor, "action": p.action}),
    );
    // The sites the reader may filter by, by name; every entry's site, named.
    let sites: Vec<(String, String)> = admin
        .sites()
        .iter()
        .filter(|s| admin.actor.can(Capability::Manage, s.id))
        .map(|s| (s.slug.clone(), s.short_name(admin.lang).to_string()))
        .collect();
    let named: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            let site = r
                .site_id
                .and_then(|id| admin.directory.get(SiteId(id)))
                .map(|s| s.short_name(admin.lang).to_string());
            serde_json::json!({"entry": r, "site": site})
        })
        .collect();
    context.insert("rows", &named);
    context.insert("sites", &sites);
    context.insert(
        "actions",
        &audit::AuditAction::ALL
            .map(audit::AuditAction::as_str)
            .to_vec(),
    );
    admin.render("admin/audit.html", context, "/audit")
}

/// `GET /admin/audit.csv`: the same filter, every matching entry.
pub async fn audit_csv(admin: Admin, p: web::Query<AuditParams>) -> Result<HttpResponse, AppError> {
    let q = audit_query(&admin, &p, 1, 1_000_000)?;
    let (rows, _) = admin
        .state
        .db
        .read(move |c| Ok(audit::list(c, &q)?))
        .await?;
    let mut table = CsvTable::new(&[
        "id",
        "at_utc",
        "actor",
        "via",
        "site_id",
        "object_type",
        "object_id",
        "action",
        "summary",
    ]);
    for r in rows {
        table.row([
            r.id.to_string(),
            r.at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            r.actor_name,
            r.via,
            r.site_id.map(|s| s.to_string()).unwrap_or_default(),
            r.object_type,
            r.object_id.map(|s| s.to_string()).unwrap_or_default(),
            r.action,
            crate::render::note::word(admin.state.renderer.messages(), admin.lang, &r.summary),
        ]);
    }
    Ok(super::csv_download(
        "nhat-ky-hoat-dong.csv",
        table.into_bytes(),
    ))
}

/// `GET /admin/jobs`: the record of every scheduled job run (system administrators).
pub async fn jobs(admin: Admin) -> Result<HttpResponse, AppError> {
    if !admin.actor.system_admin {
        return Err(AppError::Forbidden);
    }
    let runs = admin
        .state
        .db
        .read(|c| Ok(jobs::recent_runs(c, 200)?))
        .await?;
    let mut context = Context::new();
    context.insert("runs", &runs);
    admin.render("admin/jobs.html", context, "/jobs")
}

/// `GET /admin/sites/{slug}/translations`: Vietnamese items whose English counterpart is
/// missing or older than its source.
pub async fn translations(admin: Admin, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::View)?;
    let id = site.id;
    let today = crate::directory::week::vietnam_day(admin.state.clock.now().naive_utc());
    let gaps = admin
        .state
        .db
        .read(move |c| Ok(crate::content::translations::gaps(c, Some(id), today)?))
        .await?;
    let mut context = Context::new();
    context.insert(
        "site",
        &serde_json::json!({"slug": site.slug, "name": site.name(admin.lang)}),
    );
    context.insert("gaps", &gaps);
    admin.render(
        "admin/translations.html",
        context,
        &format!("/sites/{}/translations", site.slug),
    )
}

/// `GET /admin/outbox`: mail waiting in the outbox (attempts, last error, next attempt) and
/// the latest delivered, for system administrators.
pub async fn outbox(admin: Admin, q: web::Query<OutboxParams>) -> Result<HttpResponse, AppError> {
    if !admin.actor.system_admin {
        return Err(AppError::Forbidden);
    }
    let (waiting, sent) = admin
        .state
        .db
        .read(|c| Ok(mail::for_administrators(c, 50)?))
        .await?;
    let mut context = Context::new();
    context.insert("waiting", &waiting);
    context.insert("sent", &sent);
    context.insert("has_relay", &admin.state.mailer.has_relay());
    context.insert("retried", &q.retried);
    admin.render("admin/outbox.html", context, "/outbox")
}

#[derive(Deserialize)]
pub struct OutboxParams {
    retried: Option<usize>,
}

#[derive(Deserialize)]
pub struct RetryForm {
    csrf: String,
    /// One message; none retries every waiting message.
    id: Option<i32>,
}

/// `POST /admin/outbox/retry`: "retry now", for one waiting message or all of them.
pub async fn retry_mail(
    admin: Admin,
    form: web::Form<RetryForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    if !admin.actor.system_admin {
        return Err(AppError::Forbidden);
    }
    let (id, by, now) = (form.id, Entry::by(&admin.actor, Via::Web), admin.now());
    let retried = admin
        .state
        .db
        .read(move |c| Ok(mail::retry_now(c, id, &by, now)?))
        .await?;
    Ok(admin.see_other(&format!("/outbox?retried={retried}")))
}
