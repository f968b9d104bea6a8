//! The organisation chart and its units, the officials' directory with vCards, the leaders'
//! work schedules by ISO week (with print view and iCalendar feeds), the site map, and their
//! JSON. Thin: the records and their rules are in [`crate::directory`].

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Deserialize;
use serde_json::{json, Value};
use tera::Context;

use super::ctx::{day_text, Ctx};
use super::openapi::{Answer, ApiRoutes, Operation};
use super::paging::{insert_pager, last_page, Envelope, PageParams, PAGE_PARAMS};
use super::param;
use crate::cache::Cacheable;
use crate::content::ContentKind;
use crate::directory::ical;
use crate::directory::listing::{self, DirectoryQuery};
use crate::directory::present::{self, feed_path, link_of, start_of, week_link, People};
use crate::directory::store::{self, EntryScope, Stored, StoredEntry};
use crate::directory::week::{vietnam_day, IsoWeek};
use crate::error::AppError;
use crate::record::apidoc::{ApiField, ApiParam};
use crate::site::{SiteId, SiteKind};
use crate::urls::{self, Section};

async fn people(ctx: &Ctx) -> Result<People, AppError> {
    ctx.state.db.read(|c| Ok(present::people(c)?)).await
}

/// The sites a page lists: its own, or every site's on the province portal.
fn scope(ctx: &Ctx) -> Option<SiteId> {
    (ctx.site.kind != SiteKind::Province).then_some(ctx.site.id)
}

fn now(ctx: &Ctx) -> NaiveDateTime {
    ctx.state.clock.now().naive_utc()
}

fn today(ctx: &Ctx) -> NaiveDate {
    vietnam_day(now(ctx))
}

/// A page's context from what the directory shows.
fn context_of(shown: Value) -> Result<Context, AppError> {
    Context::from_value(shown).map_err(AppError::internal)
}

/// `/co-cau-to-chuc`, `/en/organisation`: the organisation chart as nested lists (no script
/// needed), and the units merged or dissolved with their successors.
pub async fn organisation(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let (units, _) = people(&ctx).await?;
    let (tree, former) =
        listing::organisation(listing::in_scope(units.clone(), scope(&ctx)), today(&ctx));
    let mut context = Context::new();
    context.insert("chart", &present::chart(&ctx, &tree));
    context.insert("former", &present::former_units(&ctx, &former, &units));
    context.insert("directory_url", Section::Directory.path(ctx.lang));
    let other = Section::Organisation.path(ctx.lang.other());
    ctx.render(
        "directory_organisation.html",
        context,
        Some(other),
        Cacheable::until(scope(&ctx), None),
    )
}

/// The record of `kind` at `/{section}/{id}-{slug}` among `records`: a wrong slug or site
/// redirects to its address, anything unpublished is unknown here (taken down: 410).
async fn locate<R: Clone>(
    ctx: &Ctx,
    segment: &str,
    kind: ContentKind,
    records: &[Stored<R>],
) -> Result<Result<Stored<R>, HttpResponse>, AppError> {
    let id = urls::parse_item_segment(segment)
        .map(|(id, _)| id)
        .ok_or(AppError::NotFound)?;
    let Some(found) = records.iter().find(|r| r.id == id) else {
        let item = ctx
            .state
            .db
            .read(move |c| Ok(crate::content::store::find(c, id)?))
            .await?
            .filter(|i| i.kind == kind)
            .ok_or(AppError::NotFound)?;
        item.visibility(now(ctx)).readable()?;
        return Err(AppError::NotFound);
    };
    let path = urls::item_path(kind, ctx.lang, found.id, &found.slug);
    if found.site_id != ctx.site.id || path != ctx.path {
        return Ok(Err(HttpResponse::MovedPermanently()
            .insert_header((header::LOCATION, link_of(ctx, kind, found)))
            .finish()));
    }
    Ok(Ok(found.clone()))
}

/// `/co-cau-to-chuc/{id}-{slug}`: a unit's functions and duties, legal basis, head,
/// contacts, its units and officials; an ended unit points to its successor.
pub async fn unit(ctx: Ctx, segment: web::Path<String>) -> Result<HttpResponse, AppError> {
    let people = people(&ctx).await?;
    let u = match locate(&ctx, &segment, ContentKind::OrgUnit, &people.0).await? {
        Ok(u) => u,
        Err(redirect) => return Ok(redirect),
    };
    let lang = ctx.lang;
    let mut context = context_of(present::unit_page(&ctx, &u, &people, today(&ctx)))?;
    let sub_site = u
        .record
        .site
        .as_deref()
        .and_then(|s| ctx.directory.by_slug(s))
        .map(|s| json!({"name": s.name(lang), "url": ctx.link(s, Section::Home.path(lang))}));
    context.insert("sub_site", &sub_site);
    context.insert("section_url", Section::Organisation.path(lang));
    let other = urls::item_path(ContentKind::OrgUnit, lang.other(), u.id, &u.slug);
    ctx.render(
        "directory_unit.html",
        context,
        Some(&other),
        Cacheable::until(None, None),
    )
}

/// The directory's filters (the same names in both languages and in the API).
#[derive(Debug, Default, Deserialize)]
pub struct DirectoryParams {
    pub q: Option<String>,
    pub unit: Option<String>,
    pub site: Option<String>,
    pub lang: Option<String>,
    #[serde(flatten)]
    pub paging: PageParams,
}

impl DirectoryParams {
    fn query(&self) -> DirectoryQuery {
        DirectoryQuery {
            text: param(&self.q),
            unit: param(&self.unit),
        }
    }
}

/// `/danh-ba`, `/en/directory`: the officials in post, by protocol order, searched by name
/// or title and filtered by unit (with the units under it), fifty to a page.
pub async fn directory(
    ctx: Ctx,
    params: web::Query<DirectoryParams>,
) -> Result<HttpResponse, AppError> {
    let paging = params.paging.validate(50)?;
    let (units, officials) = people(&ctx).await?;
    let today = today(&ctx);
    let q = params.query();
    if q.unit
        .as_ref()
        .is_some_and(|k| !units.iter().any(|u| &u.record.key == k))
    {
        return Err(AppError::BadRequest("directory-unknown-unit"));
    }
    let found = listing::directory(listing::in_scope(officials, scope(&ctx)), &units, &q, today);
    let total = found.len() as i64;
    let last = last_page(total, paging.per_page);
    if paging.page > last {
        return Err(AppError::NotFound);
    }
    let names = listing::unit_names(&units, ctx.lang);
    let items: Vec<Value> = found
        .iter()
        .skip(((paging.page - 1) * paging.per_page) as usize)
        .take(paging.per_page as usize)
        .map(|o| present::person_card(&ctx, o, &names, today))
        .collect();
    let choices: Vec<(String, String)> = listing::in_scope(units, scope(&ctx))
        .into_iter()
        .filter(|u| u.record.is_current(today))
        .map(|u| (u.record.key.clone(), u.record.name_in(ctx.lang).to_string()))
        .collect();
    let base = Section::Directory.path(ctx.lang);
    let pairs: Vec<(&'static str, String)> = [("q", q.text.clone()), ("unit", q.unit.clone())]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect();
    let mut context = Context::new();
    context.insert("items", &items);
    context.insert("total", &total);
    context.insert("units", &choices);
    context.insert("filter", &json!({"q": q.text, "unit": q.unit}));
    context.insert("list_url", base);
    insert_pager(&mut context, base, &pairs, paging.page, last);
    let other = Section::Directory.path(ctx.lang.other());
    ctx.render(
        "directory_list.html",
        context,
        Some(other),
        Cacheable::until(scope(&ctx), None),
    )
}

/// `/danh-ba/{id}-{slug}`: a person's posts (current, concurrent, and former as history),
/// official contacts, and for leaders their duties and biography.
pub async fn official(ctx: Ctx, segment: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (units, officials) = people(&ctx).await?;
    let o = match locate(&ctx, &segment, ContentKind::Official, &officials).await? {
        Ok(o) => o,
        Err(redirect) => return Ok(redirect),
    };
    let photo = match o.record.photo {
        Some(id) => {
            let media = ctx
                .state
                .db
                .read(move |c| Ok(crate::media::library::find(c, crate::media::MediaId(id))?))
                .await?;
            media.map(|m| m.url())
        }
        None => None,
    };
    let shown = present::official_page(&ctx, &o, &units, today(&ctx), photo);
    let mut context = context_of(shown)?;
    context.insert("section_url", Section::Directory.path(ctx.lang));
    let other = urls::item_path(ContentKind::Official, ctx.lang.other(), o.id, &o.slug);
    ctx.render(
        "directory_official.html",
        context,
        Some(&other),
        Cacheable::until(None, None),
    )
}

/// `/danh-ba/{id}-{slug}/vcard.vcf`: the person's official contacts as a vCard 4.0.
pub async fn official_vcard(
    ctx: Ctx,
    segment: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (units, officials) = people(&ctx).await?;
    let id = urls::parse_item_segment(&segment)
        .map(|(id, _)| id)
        .ok_or(AppError::NotFound)?;
    let o = officials
        .iter()
        .find(|o| o.id == id)
        .ok_or(AppError::NotFound)?;
    let text = present::vcard_of(&ctx, o, &units, today(&ctx));
    let mut response = HttpResponse::Ok()
        .content_type("text/vcard; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}.vcf\"", o.record.key),
        ))
        .body(text);
    response
        .extensions_mut()
        .insert(Cacheable::until(Some(o.site_id), None));
    Ok(response)
}

/// The schedule's parameters: the ISO week (`?tuan=` or `?week=`), a leader, the print
/// view; the API reads a range of days instead.
#[derive(Debug, Default, Deserialize)]
pub struct ScheduleParams {
    pub tuan: Option<String>,
    pub week: Option<String>,
    #[serde(rename = "lanh-dao")]
    pub lanh_dao: Option<String>,
    pub leader: Option<String>,
    pub print: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub site: Option<String>,
    pub lang: Option<String>,
    #[serde(flatten)]
    pub paging: PageParams,
}

impl ScheduleParams {
    fn week(&self, ctx: &Ctx) -> Result<IsoWeek, AppError> {
        match param(&self.tuan).or(param(&self.week)) {
            None => Ok(IsoWeek::at(now(ctx))),
            Some(w) => IsoWeek::parse(&w).ok_or(AppError::BadRequest("schedule-bad-week")),
        }
    }

    fn leader(&self) -> Option<String> {
        param(&self.lanh_dao).or(param(&self.leader))
    }
}

/// Which entries a site's schedule shows: its own, or on the province portal its own and
/// every site's entries marked for the portal.
fn entry_scope(ctx: &Ctx, site: Option<SiteId>) -> EntryScope {
    match site {
        Some(s) if ctx.site.kind != SiteKind::Province || s != ctx.site.id => EntryScope::Site(s),
        _ => EntryScope::Portal(ctx.site.id),
    }
}

async fn entries_between(
    ctx: &Ctx,
    scope: EntryScope,
    from: NaiveDate,
    to: NaiveDate,
    leader: Option<String>,
) -> Result<(Vec<StoredEntry>, People), AppError> {
    ctx.state
        .db
        .read(move |c| {
            let entries = store::entries(c, scope, from, to, leader.as_deref())?;
            Ok((entries, present::people(c)?))
        })
        .await
}

/// `/lich-cong-tac`, `/en/work-schedule` (`?tuan=2026-W49`, `?week=…`, `&lanh-dao=KEY`,
/// `&print=1`): a week of the schedule, Monday to Sunday, the current week by default.
pub async fn schedule(
    ctx: Ctx,
    params: web::Query<ScheduleParams>,
) -> Result<HttpResponse, AppError> {
    let week = params.week(&ctx)?;
    let leader = params.leader();
    let entries_scope = entry_scope(&ctx, Some(ctx.site.id));
    let (entries, people) = entries_between(
        &ctx,
        entries_scope,
        week.monday(),
        week.sunday(),
        leader.clone(),
    )
    .await?;
    let officials = &people.1;
    if leader
        .as_ref()
        .is_some_and(|l| !officials.iter().any(|o| &o.record.key == l))
    {
        return Err(AppError::BadRequest("schedule-unknown-leader"));
    }
    let today = today(&ctx);
    let here = ctx.site.id;
    let days = present::week_days(&ctx, week, entries, &people, &ctx.directory, here, today);
    let leaders = present::leaders(ctx.lang, officials, scope(&ctx), today);
    let mut context = Context::new();
    context.insert("week", &week.to_string());
    context.insert("week_from", &day_text(week.monday(), ctx.lang));
    context.insert("week_to", &day_text(week.sunday(), ctx.lang));
    context.insert("days", &days);
    let options: Vec<(&Value, &Value)> = leaders.iter().map(|l| (&l["key"], &l["name"])).collect();
    context.insert("leader_options", &options);
    context.insert("leaders", &leaders);
    context.insert("leader", &leader);
    context.insert(
        "previous_url",
        &week_link(ctx.lang, week.previous(), &leader),
    );
    context.insert("next_url", &week_link(ctx.lang, week.next(), &leader));
    context.insert("current_url", Section::Schedule.path(ctx.lang));
    context.insert(
        "print_url",
        &format!("{}&print=1", week_link(ctx.lang, week, &leader)),
    );
    context.insert("feed_url", &feed_path(ctx.lang, leader.as_deref()));
    let template = match param(&params.print) {
        Some(_) => "schedule_print.html",
        None => "schedule_week.html",
    };
    // Without a week the page is the current week's: it turns at midnight on Monday.
    let expires = match param(&params.tuan).or(param(&params.week)) {
        None => start_of(week.next().monday()),
        Some(_) => None,
    };
    let other = Section::Schedule.path(ctx.lang.other());
    ctx.render(
        template,
        context,
        Some(other),
        Cacheable::until(scope(&ctx), expires),
    )
}

/// The entries of today (the home page shows them), and when that list goes stale.
pub async fn today_entries(ctx: &Ctx) -> Result<(Vec<Value>, Option<NaiveDateTime>), AppError> {
    let today = today(ctx);
    let entries_scope = entry_scope(ctx, Some(ctx.site.id));
    let (entries, people) = entries_between(ctx, entries_scope, today, today, None).await?;
    let list = entries
        .iter()
        .map(|e| present::entry(ctx, e, &people, &ctx.directory, ctx.site.id))
        .collect();
    Ok((list, start_of(today + Duration::days(1))))
}

/// `/lich-cong-tac.ics`, `/lich-cong-tac/{leader}.ics`: the schedule as an iCalendar feed,
/// from four weeks back to eight ahead (the province portal's: its own and every site's
/// entries marked for the portal).
pub async fn feed(ctx: Ctx) -> Result<HttpResponse, AppError> {
    calendar(ctx, None).await
}

pub async fn leader_feed(ctx: Ctx, file: web::Path<String>) -> Result<HttpResponse, AppError> {
    let key = file
        .strip_suffix(".ics")
        .ok_or(AppError::NotFound)?
        .to_string();
    calendar(ctx, Some(key)).await
}

async fn calendar(ctx: Ctx, leader: Option<String>) -> Result<HttpResponse, AppError> {
    let today = today(&ctx);
    let entries_scope = entry_scope(&ctx, Some(ctx.site.id));
    let (entries, people) = entries_between(
        &ctx,
        entries_scope,
        today - Duration::weeks(4),
        today + Duration::weeks(8),
        leader.clone(),
    )
    .await?;
    let person = leader
        .as_ref()
        .map(|k| {
            people
                .1
                .iter()
                .find(|o| &o.record.key == k)
                .ok_or(AppError::NotFound)
        })
        .transpose()?;
    let host = ctx.site.host(&ctx.state.config.base_domain);
    let at = (ctx.site.id, host.as_str());
    let events = present::feed_events(&ctx, &entries, &people, &ctx.directory, at);
    let title = ctx.state.renderer.message(ctx.lang, "schedule-title");
    let name = match person {
        Some(p) => format!("{title} – {}", p.record.name),
        None => format!("{title} – {}", ctx.site.name(ctx.lang)),
    };
    let mut response = HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .body(ical::feed(&name, &events));
    response.extensions_mut().insert(Cacheable::until(
        scope(&ctx),
        start_of(today + Duration::days(1)),
    ));
    Ok(response)
}

/// `/so-do-trang`, `/en/site-map`: every section of the site, and every department's and
/// commune's site.
pub async fn site_map(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let sections: Vec<Value> = Section::SITE_MAP
        .into_iter()
        .map(|(s, id)| json!({"label": ctx.state.renderer.message(lang, id), "url": s.path(lang)}))
        .collect();
    let sites_of = |kind: SiteKind| -> Vec<Value> {
        ctx.directory
            .sites
            .iter()
            .filter(|s| s.kind == kind && !s.retired)
            .map(|s| json!({"name": s.name(lang), "url": ctx.link(s, Section::Home.path(lang))}))
            .collect()
    };
    let mut context = Context::new();
    context.insert("sections", &sections);
    context.insert("departments", &sites_of(SiteKind::Department));
    let mut communes = sites_of(SiteKind::Commune);
    communes.extend(sites_of(SiteKind::Ward));
    context.insert("communes", &communes);
    let other = Section::SiteMap.path(lang.other());
    ctx.render(
        "site_map.html",
        context,
        Some(other),
        Cacheable::until(Some(ctx.site.id), None),
    )
}

// ---- JSON ----

/// What the API's document says of the directory's own parameters.
const DIRECTORY_PARAMS: &[ApiParam] = crate::api_params![
    "q" => "Words of an official's name or title.",
    "unit" => "A unit's key: its officials and those of the units under it.",
];

/// What the API's document says of the schedule's own parameters.
const SCHEDULE_PARAMS: &[ApiParam] = crate::api_params![
    "from" => "The first day, `2026-11-16` (the current week's Monday by default).",
    "to" => "The last day (a week after `from`, or the current week's Sunday, by default; at most a year after `from`).",
    "leader" => "An official's key: that leader's entries only.",
];

const UNIT_FIELDS: &[ApiField] = crate::api_fields![
    "key": Text => "The unit's stable key.",
    "name": Text => "Its name in the language asked for.",
    "kind": Text => "What kind of unit it is.",
    "parent": Text | null => "The key of the unit above it.",
    "functions": Text => "Its functions and duties.",
    "legal_basis": Text => "The decision that set it up.",
    "head": Text | null => "The key of the official who heads it.",
    "address": Text => "Its address.",
    "phone": Text => "Its phone.",
    "fax": Text => "Its fax.",
    "email": Text => "Its official e-mail.",
    "office_hours": Text => "When it receives the public.",
    "site": Text | null => "The slug of its own site.",
    "ended_on": Date | null => "The day it ended (merged, dissolved).",
    "successor": Text | null => "The key of the unit that took over.",
    "url": Url => "Its page.",
];

const OFFICIAL_FIELDS: &[ApiField] = crate::api_fields![
    "key": Text => "The official's stable key.",
    "name": Text => "Their name.",
    "position": Text => "Their first position now.",
    "unit": Text => "The unit of that position.",
    "phone": Text => "Their official phone.",
    "fax": Text => "Their fax.",
    "email": Text => "Their official e-mail.",
    "leader": Boolean => "One of the leaders (with a work schedule).",
    "url": Url => "Their page.",
    "vcard_url": Url => "Their contact card (vCard).",
];

const ENTRY_FIELDS: &[ApiField] = crate::api_fields![
    "uid": Text => "The entry's stable identifier (as in the iCalendar feed).",
    "date": Date => "Its day.",
    "day": Text => "Its day as readers write it.",
    "start": Text => "Its start, `HH:MM`.",
    "end": Text | null => "Its end, `HH:MM`.",
    "starts_at": Moment => "Its start.",
    "ends_at": Moment | null => "Its end.",
    "session": Text => "`morning`, `afternoon` or `evening`.",
    "content": Text => "What it is.",
    "in_vietnamese": Boolean => "Asked in English, but only the Vietnamese text exists.",
    "location": Text => "Where.",
    "leader": Text | null => "The key of the leader it concerns.",
    "leader_name": Text | null => "That leader's name.",
    "leader_url": Url | null => "That leader's page.",
    "unit": Text | null => "The unit in charge.",
    "participants": Text => "Who takes part.",
    "preparing_unit": Text | null => "The unit that prepares it.",
    "document": Text | null => "The document it follows from.",
    "cancelled": Boolean => "Cancelled (kept, marked).",
    "changed": Boolean => "Changed after the week was published.",
    "changed_at": Moment | null => "When it changed.",
    "changed_text": Text | null => "When it changed, as readers write it.",
    "site": Text | null => "The slug of its site.",
    "site_name": Text | null => "Its site's short name, when another site's.",
    "week_url": Url => "The page of its week.",
];

/// The directory's routes of the API, with their descriptions.
pub fn api_routes(r: &mut impl ApiRoutes) {
    let (page, scope) = (PAGE_PARAMS, super::api::SCOPE_PARAMS);
    r.get(
        "/organisation",
        api_organisation,
        Operation::new(
            "The organisation: every unit, in force or ended, with its parent and successor by key.",
            &[scope, page],
            Answer::list(UNIT_FIELDS),
        ),
    );
    r.get(
        "/directory",
        api_directory,
        Operation::new(
            "The contact directory: the officials in post, by protocol order.",
            &[DIRECTORY_PARAMS, scope, page],
            Answer::list(OFFICIAL_FIELDS),
        ),
    );
    r.get(
        "/schedule",
        api_schedule,
        Operation::new(
            "The leaders' work schedule over a range of days; changed and cancelled entries marked.",
            &[SCHEDULE_PARAMS, scope, page],
            Answer::list(ENTRY_FIELDS),
        ),
    );
}

fn api_lang(
    ctx: &mut Ctx,
    site: &Option<String>,
    lang: &Option<String>,
) -> Result<Option<SiteId>, AppError> {
    let (site, lang) = super::api::scope(ctx, site, lang, scope(ctx))?;
    ctx.lang = lang;
    Ok(site)
}

fn envelope(
    results: Vec<Value>,
    paging: super::paging::Paging,
    site: Option<SiteId>,
) -> HttpResponse {
    let total = results.len() as i64;
    let page: Vec<Value> = results
        .into_iter()
        .skip(((paging.page - 1) * paging.per_page) as usize)
        .take(paging.per_page as usize)
        .collect();
    let mut response = HttpResponse::Ok().json(Envelope::new(page, total, paging));
    response
        .extensions_mut()
        .insert(Cacheable::until(site, None));
    response
}

/// `GET /api/v1/organisation?lang=&site=&page=&per_page=`: every unit, in force or ended,
/// with its parent and successor by key.
async fn api_organisation(
    mut ctx: Ctx,
    params: web::Query<DirectoryParams>,
) -> Result<HttpResponse, AppError> {
    let paging = params.paging.validate(50)?;
    let site = api_lang(&mut ctx, &params.site, &params.lang)?;
    let (units, _) = people(&ctx).await?;
    let results = listing::in_scope(units, site)
        .iter()
        .map(|u| present::unit_resource(&ctx, u))
        .collect();
    Ok(envelope(results, paging, site))
}

/// `GET /api/v1/directory?lang=&site=&unit=&q=`: the officials in post with name, position,
/// unit, phone, fax and e-mail in the language asked for.
async fn api_directory(
    mut ctx: Ctx,
    params: web::Query<DirectoryParams>,
) -> Result<HttpResponse, AppError> {
    let paging = params.paging.validate(50)?;
    let site = api_lang(&mut ctx, &params.site, &params.lang)?;
    let (units, officials) = people(&ctx).await?;
    let today = today(&ctx);
    let names = listing::unit_names(&units, ctx.lang);
    let found = listing::directory(
        listing::in_scope(officials, site),
        &units,
        &params.query(),
        today,
    );
    let results = found
        .iter()
        .map(|o| present::official_resource(&ctx, o, &names, today))
        .collect();
    Ok(envelope(results, paging, site))
}

/// `GET /api/v1/schedule?from=&to=&lang=&site=&leader=`: the entries of a range of days
/// (the current week by default, at most a year), changed and cancelled ones marked.
async fn api_schedule(
    mut ctx: Ctx,
    params: web::Query<ScheduleParams>,
) -> Result<HttpResponse, AppError> {
    let paging = params.paging.validate(100)?;
    let site = api_lang(&mut ctx, &params.site, &params.lang)?;
    let (from, to) = present::api_range(
        param(&params.from),
        param(&params.to),
        IsoWeek::at(now(&ctx)),
    )
    .map_err(AppError::BadRequest)?;
    let scope = match site {
        Some(s) => EntryScope::Site(s),
        None => EntryScope::Portal(ctx.directory.province().map_or(ctx.site.id, |p| p.id)),
    };
    let (entries, people) = entries_between(&ctx, scope, from, to, params.leader()).await?;
    let results = entries
        .iter()
        .map(|e| {
            let mut v = present::entry(&ctx, e, &people, &ctx.directory, ctx.site.id);
            let week = week_link(ctx.lang, IsoWeek::of(e.entry.day), &None);
            v["week_url"] = Value::from(ctx.absolute(week));
            v
        })
        .collect();
    Ok(envelope(results, paging, site))
}
