//! The board's oversight pages: `/admin/timeliness` (sites × categories for a period, each
//! site's trend), its drill-down, CSV and printable monthly report, the rules, and the API
//! tokens that let the board's own tools read `/api/v1/timeliness`.

use actix_web::{http::header, web, HttpRequest, HttpResponse};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::Admin;
use crate::account::tokens;
use crate::error::AppError;
use crate::lang::Lang;
use crate::record::apidoc::{ApiField, ApiParam};
use crate::site::hosts::Directory;
use crate::site::SiteKind;
use crate::timeliness::report::{self, Filter, Overview};
use crate::timeliness::rules::{Category, Override};
use crate::timeliness::store::TimelinessError;
use crate::timeliness::{self as oversight, Judged, Period, Reach, Subject};
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

/// The page's choices, as sent.
#[derive(Debug, Default, Deserialize)]
pub struct Params {
    period: Option<String>,
    kind: Option<String>,
    category: Option<String>,
    site: Option<String>,
}

/// The choices checked: the period, the filter within what the account may read.
struct Choice {
    period: Period,
    filter: Filter,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl Params {
    /// The period (the last six months unless chosen) and the filter, each value checked
    /// (a bad one is a 400 saying which).
    fn checked(&self, today: NaiveDate, sites: &Directory) -> Result<Choice, AppError> {
        let period = match given(&self.period) {
            Some(text) => {
                Period::parse(text).ok_or(AppError::BadRequest("timeliness-error-period"))?
            }
            None => Period::last_six_months(today),
        };
        let site_kind = given(&self.kind)
            .map(|k| SiteKind::parse(k).ok_or(AppError::BadRequest("timeliness-error-kind")))
            .transpose()?;
        let category = given(&self.category)
            .map(|c| Category::parse(c).ok_or(AppError::BadRequest("timeliness-error-category")))
            .transpose()?;
        let site = given(&self.site)
            .map(|slug| {
                sites
                    .by_slug(slug)
                    .map(|s| s.id)
                    .ok_or(AppError::BadRequest("timeliness-error-site"))
            })
            .transpose()?;
        Ok(Choice {
            period,
            filter: Filter {
                site_kind,
                category,
                site,
            },
        })
    }
}

fn choose(admin: &Admin, p: &Params, reach: &Reach) -> Result<Choice, AppError> {
    let today = crate::clock::today_in_vietnam(admin.now());
    let mut choice = p.checked(today, &admin.directory)?;
    choice.filter.site = match (reach, choice.filter.site) {
        (Reach::Everything, site) => site,
        (Reach::Sites(own), Some(s)) if own.contains(&s) => Some(s),
        (Reach::Sites(_), Some(_)) => return Err(AppError::Forbidden),
        // A department's administrator with one site sees that site.
        (Reach::Sites(own), None) => own.first().copied().filter(|_| own.len() == 1),
    };
    Ok(choice)
}

fn reach_of(admin: &Admin) -> Result<Reach, AppError> {
    let province = admin.directory.province().map(|s| s.id);
    oversight::reach(&admin.actor, province).ok_or(AppError::Forbidden)
}

/// Reads the period's obligations and tallies those within `reach`.
async fn overview(
    admin: &Admin,
    choice: &Choice,
    reach: &Reach,
) -> Result<(Overview, Vec<Judged>), AppError> {
    let (today, period) = (crate::clock::today_in_vietnam(admin.now()), choice.period);
    let reading = admin
        .state
        .db
        .read(move |c| Ok(oversight::read(c, today, &period)?))
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
    Ok((
        report::overview(&judged, &sites, choice.period, &choice.filter),
        judged,
    ))
}

/// What the page's table needs per line besides the tallies.
#[derive(Serialize)]
struct LineView<'a> {
    slug: &'a str,
    name: &'a str,
    kind: SiteKind,
    cells: &'a [oversight::Tally],
    total: &'a oversight::Tally,
    percent: Option<u32>,
    trend: String,
}

fn lines<'a>(admin: &Admin, o: &'a Overview) -> Vec<LineView<'a>> {
    let names = [
        admin.t("timeliness-on-time"),
        admin.t("timeliness-late"),
        admin.t("timeliness-missing"),
    ];
    o.lines
        .iter()
        .map(|l| {
            let name = match admin.lang {
                Lang::Vi => l.site.name_vi.as_str(),
                Lang::En => l.site.name_en.as_str(),
            };
            let title = format!("{} — {}", admin.t("timeliness-trend"), name);
            LineView {
                slug: &l.site.slug,
                name,
                kind: l.site.kind,
                cells: &l.cells,
                total: &l.total,
                percent: l.total.on_time_percent(),
                trend: report::trend_svg(
                    l,
                    &o.months,
                    [&names[0], &names[1], &names[2]],
                    &title,
                    admin.lang,
                ),
            }
        })
        .collect()
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
    context.insert("lines", &lines(admin, o));
    context.insert("totals", &o.totals);
    context.insert("total", &o.total);
    context.insert("everything", &(*reach == Reach::Everything));
    let kinds: Vec<(&str, String)> = SiteKind::ALL
        .iter()
        .map(|k| (k.as_str(), admin.t(&format!("timeliness-site-kind-{k}"))))
        .collect();
    context.insert("kind_options", &kinds);
    let categories: Vec<(&str, String)> = Category::watched()
        .map(|c| (c.as_str(), admin.t(&format!("timeliness-category-{c}"))))
        .collect();
    context.insert("category_options", &categories);
    context.insert(
        "chosen",
        &serde_json::json!({
            "period": p.period.clone().unwrap_or_default(),
            "kind": p.kind.clone().unwrap_or_default(),
            "category": p.category.clone().unwrap_or_default(),
            "site": p.site.clone().unwrap_or_default(),
        }),
    );
    context.insert("query", &query_of(p));
    context
}

/// The page's choices as a query string (for the CSV and report links).
fn query_of(p: &Params) -> String {
    let pairs: Vec<(&str, &str)> = [
        ("period", &p.period),
        ("kind", &p.kind),
        ("category", &p.category),
        ("site", &p.site),
    ]
    .into_iter()
    .filter_map(|(k, v)| {
        v.as_deref()
            .filter(|v| !v.trim().is_empty())
            .map(|v| (k, v))
    })
    .collect();
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

/// `GET /admin/timeliness?period=&kind=&category=&site=`: the table of sites × categories.
pub async fn page(admin: Admin, q: web::Query<Params>) -> Result<HttpResponse, AppError> {
    let reach = reach_of(&admin)?;
    let choice = choose(&admin, &q, &reach)?;
    let (o, _) = overview(&admin, &choice, &reach).await?;
    let context = page_context(&admin, &o, &q, &reach);
    admin.render("admin/timeliness.html", context, "/timeliness")
}

/// `GET /admin/timeliness/report?period=2026-11`: the printable monthly report.
pub async fn printable(admin: Admin, q: web::Query<Params>) -> Result<HttpResponse, AppError> {
    let reach = reach_of(&admin)?;
    let mut choice = choose(&admin, &q, &reach)?;
    if q.period.as_deref().is_none_or(|p| p.trim().is_empty()) {
        // The report is monthly: the last whole month by default.
        let today = crate::clock::today_in_vietnam(admin.now());
        let last = today
            .with_day0(0)
            .and_then(|d| d.pred_opt())
            .unwrap_or(today);
        choice.period = Period::month(last.year(), last.month()).unwrap_or(choice.period);
    }
    let (o, judged) = overview(&admin, &choice, &reach).await?;
    let mut context = page_context(&admin, &o, &q, &reach);
    let late: Vec<ItemView> = report::items(&judged, &o.period, &choice.filter)
        .into_iter()
        .filter(|j| {
            matches!(
                j.standing,
                oversight::Standing::Late(_) | oversight::Standing::Missing(_)
            )
        })
        .map(|j| item_view(&admin, j))
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
    let reach = reach_of(&admin)?;
    let choice = choose(&admin, &q, &reach)?;
    let (o, _) = overview(&admin, &choice, &reach).await?;
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

/// One obligation as the drill-down shows it.
#[derive(Serialize)]
struct ItemView {
    site: String,
    category: Category,
    title: String,
    started: String,
    due: String,
    done: Option<String>,
    standing: &'static str,
    days: Option<i64>,
    link: Option<String>,
}

fn item_view(admin: &Admin, j: &Judged) -> ItemView {
    let o = &j.obligation;
    let site = admin.directory.get(o.site);
    let slug = site.map(|s| s.slug.clone()).unwrap_or_default();
    let link = match o.subject {
        Subject::Content(id) => Some(admin.path(&format!("/content/{}", id.0))),
        Subject::Question(id) => Some(admin.path(&format!("/inbox/{}", id.0))),
        Subject::Site => Some(admin.path(&format!("/sites/{slug}/content?kind=news"))),
    };
    let title = if o.title.is_empty() {
        format!(
            "{} {}",
            admin.t("timeliness-news-after"),
            o.started.format("%d/%m/%Y")
        )
    } else {
        o.title.clone()
    };
    let days = match j.standing {
        oversight::Standing::Late(d) | oversight::Standing::Missing(d) => Some(d),
        _ => None,
    };
    ItemView {
        site: site
            .map(|s| s.short_name(admin.lang).to_string())
            .unwrap_or_default(),
        category: o.category,
        title,
        started: o.started.format("%d/%m/%Y").to_string(),
        due: o.due.format("%d/%m/%Y").to_string(),
        done: o.done.map(|d| d.format("%d/%m/%Y").to_string()),
        standing: j.standing.word(),
        days,
        link,
    }
}

/// `GET /admin/timeliness/items?site=&category=&period=`: the obligations behind a cell,
/// late and missing first, each linking to its item.
pub async fn items(admin: Admin, q: web::Query<Params>) -> Result<HttpResponse, AppError> {
    let reach = reach_of(&admin)?;
    let choice = choose(&admin, &q, &reach)?;
    let (o, judged) = overview(&admin, &choice, &reach).await?;
    let list: Vec<ItemView> = report::items(&judged, &o.period, &choice.filter)
        .into_iter()
        .filter(|j| {
            choice.filter.site_kind.is_none_or(|k| {
                admin
                    .directory
                    .get(j.obligation.site)
                    .is_some_and(|s| s.kind == k)
            })
        })
        .map(|j| item_view(&admin, j))
        .collect();
    let mut context = page_context(&admin, &o, &q, &reach);
    context.insert("items", &list);
    admin.render("admin/timeliness_items.html", context, "/timeliness/items")
}

/// A rule as the rules page shows it.
#[derive(Serialize)]
struct RuleView {
    rule: crate::timeliness::Rule,
    site: Option<String>,
    days: Option<u32>,
}

fn days_of(rule: &crate::timeliness::Rule) -> Option<u32> {
    match rule.deadline {
        crate::timeliness::rules::Deadline::WorkingDays(d) => Some(d),
        crate::timeliness::rules::Deadline::ByDate => None,
    }
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
    let all: Vec<RuleView> = Category::ALL
        .into_iter()
        .map(|c| {
            let rule = rules.for_all(c);
            RuleView {
                days: days_of(&rule),
                rule,
                site: None,
            }
        })
        .collect();
    let per_site: Vec<RuleView> = rules
        .site_overrides()
        .filter_map(|o| {
            let site = o.site?;
            let rule = rules.for_site(o.category, site);
            Some(RuleView {
                days: days_of(&rule),
                rule,
                site: admin
                    .directory
                    .get(site)
                    .map(|s| s.short_name(admin.lang).to_string()),
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("rules", &all);
    context.insert("site_rules", &per_site);
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

/// What the API's document says of the oversight's parameters.
const API_PARAMS: &[ApiParam] = crate::api_params![
    "period" => "A month (`2026-11`) or a run of months (`2026-06..2026-11`); the last six months by default.",
    "kind" => "Only sites of this kind: `province`, `department`, `commune` or `ward`.",
    "category" => "Only this category (`legal_own`, `legal_concerned`, `answers`, `consultation_report`, `news_freshness`).",
    "site" => "Only this site (its slug).",
];

const ROW_FIELDS: &[ApiField] = crate::api_fields![
    "site": Text => "The site's slug.",
    "category": Text => "The category of what had to be published.",
    "period": Text => "The period counted.",
    "due": Number => "Items that fell due in the period (on time + late + missing).",
    "on_time": Number => "Published by their due day.",
    "late": Number => "Published after their due day.",
    "missing": Number => "Due, and still not published.",
    "not_yet_due": Number => "Started in the period, not yet due.",
];

/// The document's description of `/timeliness`.
pub fn api_operation() -> Operation {
    Operation::new(
        "The board's timeliness figures per site and category (a system administrator's API token, sent as `Authorization: Bearer cong_…`, is required; 401 without).",
        &[API_PARAMS],
        Answer::list(ROW_FIELDS),
    )
    .with_token()
}

/// The API's answer: one entry per site and category.
#[derive(Serialize)]
struct ApiRow {
    site: String,
    category: Category,
    period: String,
    due: u32,
    on_time: u32,
    late: u32,
    missing: u32,
    not_yet_due: u32,
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
    let results: Vec<ApiRow> = o
        .lines
        .iter()
        .flat_map(|l| {
            o.categories.iter().zip(&l.cells).map(|(c, t)| ApiRow {
                site: l.site.slug.clone(),
                category: *c,
                period: o.period.label(),
                due: t.due,
                on_time: t.on_time,
                late: t.late,
                missing: t.missing,
                not_yet_due: t.not_yet_due,
            })
        })
        .collect();
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
