//! The organisation chart and its units, the officials' directory with vCards, the leaders'
//! work schedules by ISO week (with print view and iCalendar feeds), the site map, and their
//! JSON. Thin: the records and their rules are in [`crate::directory`].

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Deserialize;
use serde_json::{json, Value};
use tera::Context;

use super::ctx::{day_text, iso_time, Ctx};
use super::openapi::{Answer, ApiRoutes, Operation};
use super::paging::{insert_pager, last_page, Envelope, PageParams, PAGE_PARAMS};
use super::param;
use crate::cache::Cacheable;
use crate::content::ContentKind;
use crate::directory::listing::{self, DirectoryQuery};
use crate::directory::official::Official;
use crate::directory::store::{self, EntryScope, Stored, StoredEntry};
use crate::directory::unit::{ChartNode, OrgUnit};
use crate::directory::week::{vietnam_day, IsoWeek};
use crate::directory::{ical, vcard};
use crate::error::AppError;
use crate::lang::Lang;
use crate::record::apidoc::{ApiField, ApiParam};
use crate::site::{SiteId, SiteKind};
use crate::urls::{self, Section};

/// Every published unit and official of the installation (a province has hundreds).
type People = (Vec<Stored<OrgUnit>>, Vec<Stored<Official>>);

async fn people(ctx: &Ctx) -> Result<People, AppError> {
    ctx.state
        .db
        .read(|c| Ok((store::units(c)?, store::officials(c)?)))
        .await
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

/// A record's page on its own site, in the page's language.
fn link_of<R>(ctx: &Ctx, kind: ContentKind, s: &Stored<R>) -> String {
    let path = urls::item_path(kind, ctx.lang, s.id, &s.slug);
    match ctx.directory.get(s.site_id) {
        Some(site) => ctx.link(site, &path),
        None => path,
    }
}

/// The same, absolute (the API's `url`).
fn url_of<R>(ctx: &Ctx, kind: ContentKind, s: &Stored<R>) -> String {
    let path = urls::item_path(kind, ctx.lang, s.id, &s.slug);
    match ctx.directory.get(s.site_id) {
        Some(site) => ctx.url_of(site, &path),
        None => ctx.absolute(path),
    }
}

fn unit_link(ctx: &Ctx, u: &Stored<OrgUnit>) -> Value {
    json!({"key": u.record.key, "name": u.record.name_in(ctx.lang), "url": link_of(ctx, ContentKind::OrgUnit, u)})
}

fn chart_json(ctx: &Ctx, nodes: &[ChartNode<Stored<OrgUnit>>]) -> Vec<Value> {
    nodes
        .iter()
        .map(|n| {
            let mut v = unit_link(ctx, &n.item);
            v["children"] = Value::Array(chart_json(ctx, &n.children));
            v
        })
        .collect()
}

/// `/co-cau-to-chuc`, `/en/organisation`: the organisation chart as nested lists (no script
/// needed), and the units merged or dissolved with their successors.
pub async fn organisation(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let (units, _) = people(&ctx).await?;
    let (tree, former) =
        listing::organisation(listing::in_scope(units.clone(), scope(&ctx)), today(&ctx));
    let former: Vec<Value> = former
        .iter()
        .map(|u| {
            let mut v = unit_link(&ctx, u);
            v["ended"] = json!(u.record.ended_on.map(|d| day_text(d, ctx.lang)));
            v["successor"] =
                json!(listing::successor_of(&u.record, &units).map(|s| unit_link(&ctx, s)));
            v
        })
        .collect();
    let mut context = Context::new();
    context.insert("chart", &chart_json(&ctx, &tree));
    context.insert("former", &former);
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

fn contacts(phone: &str, fax: &str, email: &str) -> Value {
    json!({
        "phone": phone, "phone_uri": crate::directory::contact::tel_uri(phone),
        "fax": fax, "email": email,
    })
}

/// `/co-cau-to-chuc/{id}-{slug}`: a unit's functions and duties, legal basis, head,
/// contacts, its units and officials; an ended unit points to its successor.
pub async fn unit(ctx: Ctx, segment: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (units, officials) = people(&ctx).await?;
    let u = match locate(&ctx, &segment, ContentKind::OrgUnit, &units).await? {
        Ok(u) => u,
        Err(redirect) => return Ok(redirect),
    };
    let (lang, today) = (ctx.lang, today(&ctx));
    let r = &u.record;
    let names = listing::unit_names(&units, lang);
    let by_key = |k: &Option<String>| {
        k.as_ref()
            .and_then(|k| units.iter().find(|x| &x.record.key == k))
            .map(|x| unit_link(&ctx, x))
    };
    let children: Vec<Value> = units
        .iter()
        .filter(|x| x.record.parent.as_ref() == Some(&r.key) && x.record.is_current(today))
        .map(|x| unit_link(&ctx, x))
        .collect();
    let staff: Vec<Value> = listing::serving_in(&officials, &r.key, today)
        .iter()
        .map(|o| person_card(&ctx, o, &names, today))
        .collect();
    let head = r
        .head
        .as_ref()
        .and_then(|h| officials.iter().find(|o| &o.record.key == h));
    let legal_basis = (!r.legal_basis.is_empty()).then(|| {
        let word = match lang {
            Lang::Vi => "so",
            Lang::En => "number",
        };
        json!({"symbol": r.legal_basis, "url": format!("{}/{word}/{}", Section::Legal.path(lang), r.legal_basis)})
    });
    let sub_site = r
        .site
        .as_deref()
        .and_then(|s| ctx.directory.by_slug(s))
        .map(|s| json!({"name": s.name(lang), "url": ctx.link(s, Section::Home.path(lang))}));
    let mut context = Context::new();
    context.insert(
        "unit",
        &json!({
            "name": r.name_in(lang),
            "name_vi": r.name,
            "kind": ctx.state.renderer.message(lang, &r.kind.message_id()),
            "functions": r.functions_in(lang).lines().filter(|l| !l.trim().is_empty()).collect::<Vec<_>>(),
            "functions_in_vietnamese": lang == Lang::En && r.functions_en.is_empty() && !r.functions.is_empty(),
            "address": r.address_in(lang),
            "office_hours": r.office_hours_in(lang),
            "contacts": contacts(&r.phone, &r.fax, &r.email),
            "ended": r.ended_on.filter(|_| !r.is_current(today)).map(|d| day_text(d, lang)),
        }),
    );
    context.insert("parent", &by_key(&r.parent));
    context.insert(
        "successor",
        &listing::successor_of(r, &units).map(|s| unit_link(&ctx, s)),
    );
    context.insert("children", &children);
    context.insert("staff", &staff);
    context.insert("head", &head.map(|h| person_card(&ctx, h, &names, today)));
    context.insert("legal_basis", &legal_basis);
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

/// An official in a list: name, the post held first, unit, contacts and links.
fn person_card(
    ctx: &Ctx,
    o: &Stored<Official>,
    names: &std::collections::HashMap<String, String>,
    today: NaiveDate,
) -> Value {
    let r = &o.record;
    let posts: Vec<Value> = r
        .current_positions(today)
        .iter()
        .map(|p| {
            let (title, unit) = listing::post_text(p, names, ctx.lang);
            json!({"title": title, "unit": unit, "unit_key": p.unit, "concurrent": p.concurrent})
        })
        .collect();
    let url = link_of(ctx, ContentKind::Official, o);
    json!({
        "key": r.key,
        "name": r.name,
        "url": url,
        "vcard_url": format!("{url}/vcard.vcf"),
        "posts": posts,
        "leader": r.leader,
        "contacts": contacts(&r.phone, &r.fax, &r.email),
    })
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
        .map(|o| person_card(&ctx, o, &names, today))
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
    let (lang, today) = (ctx.lang, today(&ctx));
    let names = listing::unit_names(&units, lang);
    let unit_url = |key: &str| {
        units
            .iter()
            .find(|u| u.record.key == key)
            .map(|u| link_of(&ctx, ContentKind::OrgUnit, u))
    };
    let former: Vec<Value> = o
        .record
        .former_positions(today)
        .iter()
        .map(|p| {
            let (title, unit) = listing::post_text(p, &names, lang);
            json!({
                "title": title, "unit": unit, "unit_url": unit_url(&p.unit),
                "from": day_text(p.from, lang), "to": p.to.map(|d| day_text(d, lang)),
            })
        })
        .collect();
    let mut card = person_card(&ctx, &o, &names, today);
    for post in card["posts"].as_array_mut().into_iter().flatten() {
        post["unit_url"] = json!(post["unit_key"].as_str().and_then(unit_url));
    }
    let r = &o.record;
    let photo = match r.photo {
        Some(id) => {
            let media = ctx
                .state
                .db
                .read(move |c| Ok(crate::media::library::find(c, crate::media::MediaId(id))?))
                .await?;
            media.map(|m| format!("/tep/{}/{}", m.id, m.stored_name))
        }
        None => None,
    };
    let mut context = Context::new();
    context.insert("person", &card);
    context.insert("former", &former);
    context.insert("photo", &photo);
    context.insert("duties", &r.duties_in(lang));
    context.insert(
        "biography",
        &r.biography_in(lang)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>(),
    );
    context.insert("section_url", Section::Directory.path(lang));
    let other = urls::item_path(ContentKind::Official, lang.other(), o.id, &o.slug);
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
    let (lang, today) = (ctx.lang, today(&ctx));
    let names = listing::unit_names(&units, lang);
    let post = o
        .record
        .current_positions(today)
        .first()
        .map(|p| listing::post_text(p, &names, lang));
    let (title, unit) = post.unwrap_or_default();
    let province = ctx
        .directory
        .province()
        .map(|p| p.name(lang).to_string())
        .unwrap_or_default();
    let url = url_of(&ctx, ContentKind::Official, o);
    let text = vcard::vcard(&vcard::Card {
        name: &o.record.name,
        title: &title,
        organisation: &[&province, &unit],
        phone: &o.record.phone,
        fax: &o.record.fax,
        email: &o.record.email,
        url: &url,
        lang: lang.code(),
    });
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
            Ok((entries, (store::units(c)?, store::officials(c)?)))
        })
        .await
}

/// An entry as pages, feeds and the API show it, in the page's language.
fn entry_json(ctx: &Ctx, e: &StoredEntry, people: &People) -> Value {
    let (units, officials) = people;
    let lang = ctx.lang;
    let r = &e.entry;
    let leader = r
        .leader
        .as_ref()
        .and_then(|k| officials.iter().find(|o| &o.record.key == k));
    let names = listing::unit_names(units, lang);
    let unit_name = |k: &Option<String>| {
        k.as_ref()
            .map(|k| names.get(k).cloned().unwrap_or_else(|| k.clone()))
    };
    let site = ctx.directory.get(e.site_id);
    json!({
        "uid": r.uid,
        "date": r.day.to_string(),
        "day": day_text(r.day, lang),
        "start": r.start.format("%H:%M").to_string(),
        "end": r.end.map(|t| t.format("%H:%M").to_string()),
        "starts_at": iso_time(r.starts_at()),
        "ends_at": r.ends_at().map(iso_time),
        "session": listing::session(r),
        "content": r.content_in(lang),
        "in_vietnamese": lang == Lang::En && r.content_en.is_empty(),
        "location": r.location_in(lang),
        "leader": r.leader,
        "leader_name": leader.map(|o| o.record.name.clone()),
        "leader_url": leader.map(|o| link_of(ctx, ContentKind::Official, o)),
        "unit": unit_name(&r.unit),
        "participants": r.participants_in(lang),
        "preparing_unit": unit_name(&r.preparing_unit),
        "document": (!r.document.is_empty()).then(|| r.document.clone()),
        "cancelled": r.cancelled,
        "changed": e.changed_at.is_some(),
        "changed_at": e.changed_at.map(iso_time),
        "changed_text": e.changed_at.map(|t| time_text(t, lang)),
        "site": site.map(|s| s.slug.clone()),
        "site_name": site.filter(|s| s.id != ctx.site.id).map(|s| s.short_name(lang).to_string()),
    })
}

/// A moment in Vietnam's time as a schedule notes a change: `08:15 07/12/2026`.
fn time_text(utc: NaiveDateTime, lang: Lang) -> String {
    let local = utc + Duration::hours(7);
    format!("{} {}", local.format("%H:%M"), day_text(local.date(), lang))
}

/// Midnight of a day in Vietnam, in UTC: when a page that depends on the day goes stale.
fn start_of(day: NaiveDate) -> Option<NaiveDateTime> {
    day.and_hms_opt(0, 0, 0).map(|t| t - Duration::hours(7))
}

fn week_link(ctx: &Ctx, week: IsoWeek, leader: &Option<String>) -> String {
    let word = match ctx.lang {
        Lang::Vi => "tuan",
        Lang::En => "week",
    };
    let mut link = format!("{}?{word}={week}", Section::Schedule.path(ctx.lang));
    if let Some(l) = leader {
        let (key, value) = match ctx.lang {
            Lang::Vi => ("lanh-dao", l),
            Lang::En => ("leader", l),
        };
        link.push_str(&format!("&{key}={}", urlencode(value)));
    }
    link
}

fn urlencode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The path of a leader's iCalendar feed, or the site's.
fn feed_path(lang: Lang, leader: Option<&str>) -> String {
    match leader {
        Some(key) => format!("{}/{key}.ics", Section::Schedule.path(lang)),
        None => format!("{}.ics", Section::Schedule.path(lang)),
    }
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
    let days: Vec<Value> = listing::week_days(week, entries)
        .into_iter()
        .map(|(day, list)| {
            json!({
                "date": day.to_string(),
                "weekday": ctx.state.renderer.message(ctx.lang, &format!("schedule-weekday-{}", chrono::Datelike::weekday(&day).number_from_monday())),
                "day": day_text(day, ctx.lang),
                "today": day == today,
                "entries": list.iter().map(|e| entry_json(&ctx, e, &people)).collect::<Vec<_>>(),
            })
        })
        .collect();
    // The leaders with entries on this site (to narrow the week or subscribe to one).
    let leaders: Vec<Value> = listing::in_scope(officials.clone(), scope(&ctx))
        .iter()
        .filter(|o| o.record.leader && o.record.is_current(today))
        .map(|o| json!({"key": o.record.key, "name": o.record.name, "feed_url": feed_path(ctx.lang, Some(&o.record.key))}))
        .collect();
    let mut context = Context::new();
    context.insert("week", &week.to_string());
    context.insert("week_from", &day_text(week.monday(), ctx.lang));
    context.insert("week_to", &day_text(week.sunday(), ctx.lang));
    context.insert("days", &days);
    let options: Vec<(&Value, &Value)> = leaders.iter().map(|l| (&l["key"], &l["name"])).collect();
    context.insert("leader_options", &options);
    context.insert("leaders", &leaders);
    context.insert("leader", &leader);
    context.insert("previous_url", &week_link(&ctx, week.previous(), &leader));
    context.insert("next_url", &week_link(&ctx, week.next(), &leader));
    context.insert("current_url", Section::Schedule.path(ctx.lang));
    context.insert(
        "print_url",
        &format!("{}&print=1", week_link(&ctx, week, &leader)),
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
        .map(|e| entry_json(ctx, e, &people))
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
    let events: Vec<ical::FeedEvent> = entries
        .iter()
        .map(|e| {
            let v = entry_json(&ctx, e, &people);
            let text = |k: &str| v[k].as_str().unwrap_or("").to_string();
            let mut description = Vec::new();
            for (label, key) in [
                ("schedule-leader", "leader_name"),
                ("schedule-participants", "participants"),
                ("schedule-preparing", "preparing_unit"),
            ] {
                if !text(key).is_empty() {
                    description.push(format!(
                        "{}: {}",
                        ctx.state.renderer.message(ctx.lang, label),
                        text(key)
                    ));
                }
            }
            ical::FeedEvent {
                uid: format!("{}@{host}", e.entry.uid),
                starts_at: e.entry.starts_at(),
                ends_at: e.entry.ends_at(),
                summary: text("content"),
                location: text("location"),
                description: description.join("\n"),
                cancelled: e.entry.cancelled,
                published_at: e.published_at,
                changed_at: e.changed_at,
                url: ctx.absolute(week_link(&ctx, IsoWeek::of(e.entry.day), &None)),
            }
        })
        .collect();
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
    let sections: Vec<Value> = [
        (Section::Home, "site-map-home"),
        (Section::News, "news-list-title"),
        (Section::Organisation, "organisation-title"),
        (Section::Directory, "directory-title"),
        (Section::Schedule, "schedule-title"),
        (Section::Legal, "legal-list-title"),
        (Section::Gazette, "gazette-title"),
        (Section::Services, "services-list-title"),
        (Section::Questions, "questions-title"),
        (Section::Search, "search-title"),
        (Section::Contact, "contact-title"),
    ]
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
    let lang = ctx.lang;
    let results = listing::in_scope(units, site)
        .iter()
        .map(|u| {
            let r = &u.record;
            json!({
                "key": r.key, "name": r.name_in(lang), "kind": r.kind, "parent": r.parent,
                "functions": r.functions_in(lang), "legal_basis": r.legal_basis, "head": r.head,
                "address": r.address_in(lang), "phone": r.phone, "fax": r.fax, "email": r.email,
                "office_hours": r.office_hours_in(lang), "site": r.site,
                "ended_on": r.ended_on, "successor": r.successor,
                "url": url_of(&ctx, ContentKind::OrgUnit, u),
            })
        })
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
        .map(|o| {
            let r = &o.record;
            let first = r
                .current_positions(today)
                .first()
                .map(|p| listing::post_text(p, &names, ctx.lang));
            let (position, unit) = first.unwrap_or_default();
            let url = url_of(&ctx, ContentKind::Official, o);
            json!({
                "key": r.key, "name": r.name, "position": position, "unit": unit,
                "phone": r.phone, "fax": r.fax, "email": r.email, "leader": r.leader,
                "url": url, "vcard_url": format!("{url}/vcard.vcf"),
            })
        })
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
    let week = IsoWeek::at(now(&ctx));
    let day = |v: &Option<String>, default: NaiveDate| match param(v) {
        None => Ok(default),
        Some(d) => NaiveDate::parse_from_str(&d, "%Y-%m-%d")
            .map_err(|_| AppError::BadRequest("schedule-bad-range")),
    };
    let from = day(&params.from, week.monday())?;
    let to = day(
        &params.to,
        if param(&params.from).is_some() {
            from + Duration::days(6)
        } else {
            week.sunday()
        },
    )?;
    if to < from || (to - from).num_days() > 366 {
        return Err(AppError::BadRequest("schedule-bad-range"));
    }
    let scope = match site {
        Some(s) => EntryScope::Site(s),
        None => EntryScope::Portal(ctx.directory.province().map_or(ctx.site.id, |p| p.id)),
    };
    let (entries, people) = entries_between(&ctx, scope, from, to, params.leader()).await?;
    let results = entries
        .iter()
        .map(|e| {
            let mut v = entry_json(&ctx, e, &people);
            v["week_url"] = json!(ctx.absolute(week_link(&ctx, IsoWeek::of(e.entry.day), &None)));
            v
        })
        .collect();
    Ok(envelope(results, paging, site))
}
