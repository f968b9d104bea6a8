//! The board's oversight pages: `/admin/timeliness` (sites × categories for a period, each
//! site's trend), its drill-down, CSV and printable monthly report, the rules, and the API
//! tokens that let the board's own tools read `/api/v1/timeliness`.

use actix_web::{http::header, web, HttpRequest, HttpResponse};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use tera::Context;

use super::Admin;
use crate::account::{tokens, Capability};
use crate::error::AppError;
use crate::timeliness::report::{self, Overview};
use crate::timeliness::rules::{Category, Override};
use crate::timeliness::store::TimelinessError;
use crate::timeliness::view::{self, Choice, Params, Reader, Refusal};
use crate::timeliness::{self as oversight, Judged, Reach};
use crate::web::openapi::{Answer, Operation};

impl From<TimelinessError> for AppError {
    fn from(e: TimelinessError) -> Self {
        match e {
            TimelinessError::Db(e) => AppError::Db(e),
            TimelinessError::Invalid(id) => AppError::BadRequest(id),
            e => AppError::internal(e),
        }
    }
}

impl From<tokens::TokenError> for AppError {
    fn from(e: tokens::TokenError) -> Self {
        match e {
            tokens::TokenError::Db(e) => AppError::Db(e),
            tokens::TokenError::NotFound => AppError::NotFound,
            tokens::TokenError::Invalid(id) => AppError::BadRequest(id),
        }
    }
}

impl From<Refusal> for AppError {
    fn from(r: Refusal) -> Self {
        match r {
            Refusal::Invalid(id) => AppError::BadRequest(id),
            Refusal::OutOfReach => AppError::Forbidden,
        }
    }
}

fn reach_of(admin: &Admin) -> Result<Reach, AppError> {
    let province = admin.directory.province().map(|s| s.id);
    oversight::reach(&admin.actor, province).ok_or(AppError::Forbidden)
}

fn today(admin: &Admin) -> NaiveDate {
    crate::clock::today_in_vietnam(admin.now())
}

/// Runs `f` with what the views need of this reader.
fn reading_as<T>(admin: &Admin, f: impl FnOnce(&Reader) -> T) -> T {
    let t = |id: &str| admin.t(id);
    let admin_path = |rest: &str| admin.path(rest);
    // A question is opened by those who handle it; an item or a site's news by its board.
    let opens = |subject: &oversight::Subject, site: crate::site::SiteId| match subject {
        oversight::Subject::Question(_) => admin.actor.can(Capability::Write, site),
        _ => admin.actor.can(Capability::View, site),
    };
    f(&Reader {
        lang: admin.lang,
        t: &t,
        sites: &admin.directory,
        admin_path: &admin_path,
        opens: &opens,
    })
}

/// The choices of a request within the reader's reach, and the period's obligations and
/// table within it.
async fn overview(
    admin: &Admin,
    q: &Params,
) -> Result<(Reach, Choice, Overview, Vec<Judged>), AppError> {
    let reach = reach_of(admin)?;
    let choice = q.within(today(admin), &admin.directory, &reach)?;
    let (day, period) = (today(admin), choice.period);
    let reading = admin
        .state
        .db
        .read(move |c| Ok(oversight::read(c, day, &period)?))
        .await?;
    let sites: Vec<_> = reading
        .sites
        .into_iter()
        .filter(|s| reach.covers(s.id))
        .collect();
    let judged: Vec<Judged> = reading
        .judged
        .into_iter()
        .filter(|j| reach.covers(j.obligation.site))
        .collect();
    let o = report::overview(&judged, &sites, choice.period, &choice.filter);
    Ok((reach, choice, o, judged))
}

fn page_context(admin: &Admin, o: &Overview, p: &Params, reach: &Reach) -> Context {
    let mut context = Context::new();
    context.insert("period", &o.period.label());
    context.insert(
        "period_first",
        &o.period.first.format("%d/%m/%Y").to_string(),
    );
    context.insert("period_last", &o.period.last.format("%d/%m/%Y").to_string());
    context.insert("categories", &o.categories);
    context.insert("totals", &o.totals);
    context.insert("total", &o.total);
    context.insert("everything", &(*reach == Reach::Everything));
    reading_as(admin, |r| {
        context.insert("lines", &view::lines(r, o));
        let (kinds, categories) = view::options(r);
        context.insert("kind_options", &kinds);
        context.insert("category_options", &categories);
    });
    context.insert(
        "chosen",
        &serde_json::json!({
            "period": p.period.clone().unwrap_or_default(),
            "kind": p.kind.clone().unwrap_or_default(),
            "category": p.category.clone().unwrap_or_default(),
            "site": p.site.clone().unwrap_or_default(),
        }),
    );
    context.insert("query", &p.query());
    context
}

/// `GET /admin/timeliness?period=&kind=&category=&site=`: the table of sites × categories.
pub async fn page(admin: Admin, q: web::Query<Params>) -> Result<HttpResponse, AppError> {
    let (reach, _, o, _) = overview(&admin, &q).await?;
    let context = page_context(&admin, &o, &q, &reach);
    admin.render("admin/timeliness.html", context, "/timeliness")
}

/// `GET /admin/timeliness/report?period=2026-11`: the printable monthly report (the last
/// whole month by default).
pub async fn printable(admin: Admin, q: web::Query<Params>) -> Result<HttpResponse, AppError> {
    let mut q = q.into_inner();
    if q.period.as_deref().is_none_or(|p| p.trim().is_empty()) {
        let last = today(&admin).with_day(1).and_then(|d| d.pred_opt());
        q.period = last.map(|d| d.format("%Y-%m").to_string());
    }
    let (reach, choice, o, judged) = overview(&admin, &q).await?;
    let mut context = page_context(&admin, &o, &q, &reach);
    let late: Vec<_> = reading_as(&admin, |r| view::items(r, &judged, &choice))
        .into_iter()
        .filter(|i| matches!(i.standing, "late" | "missing"))
        .collect();
    context.insert("late_items", &late);
    context.insert("printed_at", &admin.now());
    admin.render(
        "admin/timeliness_report.html",
        context,
        "/timeliness/report",
    )
}

/// `GET /admin/timeliness.csv`: the table, one row per site and category.
pub async fn csv(admin: Admin, q: web::Query<Params>) -> Result<HttpResponse, AppError> {
    let (_, _, o, _) = overview(&admin, &q).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"timeliness-{}.csv\"",
                o.period.label()
            ),
        ))
        .body(report::csv(&o, admin.lang)))
}

/// `GET /admin/timeliness/items?site=&category=&period=`: the obligations behind a cell,
/// late and missing first, each linking to its item.
pub async fn items(admin: Admin, q: web::Query<Params>) -> Result<HttpResponse, AppError> {
    let (reach, choice, o, judged) = overview(&admin, &q).await?;
    let list = reading_as(&admin, |r| view::items(r, &judged, &choice));
    let mut context = page_context(&admin, &o, &q, &reach);
    context.insert("items", &list);
    admin.render("admin/timeliness_items.html", context, "/timeliness/items")
}

/// `GET /admin/timeliness/rules`: the rules in force, each with its source (system
/// administrators change them).
pub async fn rules_page(admin: Admin) -> Result<HttpResponse, AppError> {
    let _ = reach_of(&admin)?;
    rules_render(&admin, None).await
}

async fn rules_render(admin: &Admin, error: Option<&str>) -> Result<HttpResponse, AppError> {
    let rules = admin
        .state
        .db
        .read(|c| Ok(crate::timeliness::store::rules(c)?))
        .await?;
    let mut context = Context::new();
    reading_as(admin, |r| {
        let (all, per_site) = view::rules(r, &rules);
        context.insert("rules", &all);
        context.insert("site_rules", &per_site);
    });
    context.insert("error", &error);
    context.insert("may_change", &admin.actor.system_admin);
    let sites: Vec<serde_json::Value> = admin
        .directory
        .sites
        .iter()
        .map(|s| serde_json::json!({"slug": s.slug, "name": s.short_name(admin.lang)}))
        .collect();
    context.insert("sites", &sites);
    context.insert("max_days", &crate::timeliness::rules::MAX_DAYS);
    admin.render("admin/timeliness_rules.html", context, "/timeliness/rules")
}

/// A change to a rule, as typed.
#[derive(Deserialize)]
pub struct RuleForm {
    csrf: String,
    category: String,
    #[serde(default)]
    site: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    enabled: Option<String>,
    #[serde(default)]
    reset: Option<String>,
}

/// `POST /admin/timeliness/rules`: a system administrator changes a rule for every site
/// or one, or puts it back to its default.
pub async fn rules_save(admin: Admin, form: web::Form<RuleForm>) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    if !admin.actor.system_admin {
        return Err(AppError::Forbidden);
    }
    let category = Category::parse(form.category.trim())
        .ok_or(AppError::BadRequest("timeliness-error-category"))?;
    let site = match form.site.trim() {
        "" => None,
        slug => Some(
            admin
                .directory
                .by_slug(slug)
                .map(|s| s.id)
                .ok_or(AppError::BadRequest("timeliness-error-site"))?,
        ),
    };
    let (actor, now) = (admin.actor.clone(), admin.now());
    if form.reset.is_some() {
        admin
            .state
            .db
            .read(move |c| {
                Ok(crate::timeliness::store::reset_override(
                    c, category, site, &actor, now,
                )?)
            })
            .await?;
        return Ok(admin.see_other("/timeliness/rules"));
    }
    let days = match form.days.trim() {
        "" => None,
        d => match d.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => return rules_render_refused(&admin, "timeliness-error-days").await,
        },
    };
    let change = Override {
        category,
        site,
        days,
        enabled: form.enabled.is_some(),
    };
    let saved = admin
        .state
        .db
        .read(move |c| {
            Ok(crate::timeliness::store::save_override(
                c, &change, &actor, now,
            ))
        })
        .await?;
    match saved {
        Ok(()) => Ok(admin.see_other("/timeliness/rules")),
        Err(TimelinessError::Invalid(id)) => rules_render_refused(&admin, id).await,
        Err(e) => Err(e.into()),
    }
}

async fn rules_render_refused(admin: &Admin, id: &'static str) -> Result<HttpResponse, AppError> {
    let mut page = rules_render(admin, Some(id)).await?;
    *page.status_mut() = actix_web::http::StatusCode::BAD_REQUEST;
    Ok(page)
}

/// `GET /admin/api-tokens`: the tokens, for system administrators.
pub async fn tokens_page(admin: Admin) -> Result<HttpResponse, AppError> {
    tokens_render(&admin, None, None).await
}

async fn tokens_render(
    admin: &Admin,
    created: Option<String>,
    error: Option<&str>,
) -> Result<HttpResponse, AppError> {
    if !admin.actor.system_admin {
        return Err(AppError::Forbidden);
    }
    let list = admin.state.db.read(|c| Ok(tokens::list(c)?)).await?;
    let mut context = Context::new();
    context.insert("tokens", &list);
    context.insert("created", &created);
    context.insert("error", &error);
    let mut page = admin.render("admin/api_tokens.html", context, "/api-tokens")?;
    if error.is_some() {
        *page.status_mut() = actix_web::http::StatusCode::BAD_REQUEST;
    }
    Ok(page)
}

#[derive(Deserialize)]
pub struct TokenForm {
    csrf: String,
    #[serde(default)]
    name: String,
}

/// `POST /admin/api-tokens`: creates a token and shows it once.
pub async fn token_create(
    admin: Admin,
    form: web::Form<TokenForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    if !admin.actor.system_admin {
        return Err(AppError::Forbidden);
    }
    let (actor, now, name) = (admin.actor.clone(), admin.now(), form.name.clone());
    let made = admin
        .state
        .db
        .read(move |c| Ok(tokens::create(c, &name, &actor, now)))
        .await?;
    match made {
        Ok((_, secret)) => tokens_render(&admin, Some(secret), None).await,
        Err(tokens::TokenError::Invalid(id)) => tokens_render(&admin, None, Some(id)).await,
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
pub struct CsrfOnly {
    csrf: String,
}

/// `POST /admin/api-tokens/{id}/revoke`.
pub async fn token_revoke(
    admin: Admin,
    id: web::Path<i32>,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    if !admin.actor.system_admin {
        return Err(AppError::Forbidden);
    }
    let (actor, now, id) = (admin.actor.clone(), admin.now(), id.into_inner());
    admin
        .state
        .db
        .read(move |c| Ok(tokens::revoke(c, id, &actor, now)?))
        .await?;
    Ok(admin.see_other("/api-tokens"))
}

/// The document's description of `/timeliness`.
pub fn api_operation() -> Operation {
    Operation::new(
        "The board's timeliness figures per site and category (a system administrator's API token, sent as `Authorization: Bearer cong_…`, is required; 401 without).",
        &[view::API_PARAMS],
        Answer::list(view::ROW_FIELDS),
    )
    .with_token()
}

/// `GET /api/v1/timeliness?period=2026-11&kind=&category=&site=`: the table as JSON, for a
/// system administrator's token (`Authorization: Bearer cong_…`). Nothing here is public.
pub async fn api(
    req: HttpRequest,
    state: web::Data<crate::app::AppState>,
    q: web::Query<Params>,
) -> Result<HttpResponse, AppError> {
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|v| v.trim().to_string())
        .ok_or(AppError::Unauthorized)?;
    let now = state.clock.now().naive_utc();
    let today = crate::clock::today_in_vietnam(now);
    let Choice { period, filter } = q.checked(today, &state.sites.current())?;
    let reading = state
        .db
        .read(move |c| {
            tokens::authenticate(c, &presented, now)?.ok_or(AppError::Unauthorized)?;
            Ok(oversight::read(c, today, &period)?)
        })
        .await?;
    let o = report::overview(&reading.judged, &reading.sites, period, &filter);
    let results = view::api_rows(&o);
    let total = results.len();
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(serde_json::json!({
            "results": results,
            "total": total,
            "page": 1,
            "per_page": total,
            "period": o.period.label(),
        })))
}
