//! The directory as its pages, feeds and API show it, in the reader's language: the
//! organisation chart and a unit's page, an official's card, page and vCard, the schedule's
//! entries and weeks, the iCalendar feed's events, and the API's resources. Links follow
//! the one convention of [`Presenter`] (relative on the reader's site, absolute elsewhere
//! and in the API).

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use serde_json::{json, Value};

use super::ical::FeedEvent;
use super::listing;
use super::official::Official;
use super::store::{Stored, StoredEntry};
use super::unit::{ChartNode, OrgUnit};
use super::vcard;
use super::week::IsoWeek;
use crate::clock::{day_text, iso_time};
use crate::content::ContentKind;
use crate::db::DbConn;
use crate::lang::Lang;
use crate::record::public::{Address, Presenter};
use crate::site::hosts::Directory;
use crate::site::SiteId;
use crate::urls::Section;

/// Every published unit and official of the installation (a province has hundreds).
pub type People = (Vec<Stored<OrgUnit>>, Vec<Stored<Official>>);

/// Reads every published unit and official.
pub fn people(conn: &mut DbConn) -> diesel::QueryResult<People> {
    Ok((super::store::units(conn)?, super::store::officials(conn)?))
}

/// A record's page address, in the reader's language.
fn address<R>(p: &dyn Presenter, kind: ContentKind, s: &Stored<R>) -> Address {
    Address {
        kind,
        id: s.id,
        site: s.site_id,
        lang: p.lang(),
        slug: s.slug.clone(),
    }
}

/// A record's page on its own site: relative on the reader's site, absolute on another.
pub fn link_of<R>(p: &dyn Presenter, kind: ContentKind, s: &Stored<R>) -> String {
    p.link(&address(p, kind, s))
}

/// A record's canonical absolute URL (the API's `url`).
pub fn url_of<R>(p: &dyn Presenter, kind: ContentKind, s: &Stored<R>) -> String {
    p.url(&address(p, kind, s))
}

/// A unit named and linked.
pub fn unit_link(p: &dyn Presenter, u: &Stored<OrgUnit>) -> Value {
    json!({"key": u.record.key, "name": u.record.name_in(p.lang()), "url": link_of(p, ContentKind::OrgUnit, u)})
}

/// The organisation chart as nested lists.
pub fn chart(p: &dyn Presenter, nodes: &[ChartNode<Stored<OrgUnit>>]) -> Vec<Value> {
    nodes
        .iter()
        .map(|n| {
            let mut v = unit_link(p, &n.item);
            v["children"] = Value::Array(chart(p, &n.children));
            v
        })
        .collect()
}

/// Units merged or dissolved, with the day they ended and their successor.
pub fn former_units(
    p: &dyn Presenter,
    former: &[Stored<OrgUnit>],
    units: &[Stored<OrgUnit>],
) -> Vec<Value> {
    former
        .iter()
        .map(|u| {
            let mut v = unit_link(p, u);
            v["ended"] = json!(u.record.ended_on.map(|d| day_text(d, p.lang())));
            v["successor"] =
                json!(listing::successor_of(&u.record, units).map(|s| unit_link(p, s)));
            v
        })
        .collect()
}

fn contacts(phone: &str, fax: &str, email: &str) -> Value {
    json!({
        "phone": phone, "phone_uri": super::contact::tel_uri(phone),
        "fax": fax, "email": email,
    })
}

/// A unit's page: its functions and duties, legal basis, head, contacts, its current units
/// and officials, its parent, and for an ended unit its successor.
pub fn unit_page(
    p: &dyn Presenter,
    u: &Stored<OrgUnit>,
    (units, officials): &People,
    today: NaiveDate,
) -> Value {
    let lang = p.lang();
    let r = &u.record;
    let names = listing::unit_names(units, lang);
    let by_key = |k: &Option<String>| {
        k.as_ref()
            .and_then(|k| units.iter().find(|x| &x.record.key == k))
            .map(|x| unit_link(p, x))
    };
    let children: Vec<Value> = units
        .iter()
        .filter(|x| x.record.parent.as_ref() == Some(&r.key) && x.record.is_current(today))
        .map(|x| unit_link(p, x))
        .collect();
    let staff: Vec<Value> = listing::serving_in(officials, &r.key, today)
        .iter()
        .map(|o| person_card(p, o, &names, today))
        .collect();
    let head = r
        .head
        .as_ref()
        .and_then(|h| officials.iter().find(|o| &o.record.key == h));
    let legal_basis = (!r.legal_basis.is_empty()).then(|| {
        let word = lang.pick("so", "number");
        json!({"symbol": r.legal_basis, "url": format!("{}/{word}/{}", Section::Legal.path(lang), r.legal_basis)})
    });
    json!({
        "unit": {
            "name": r.name_in(lang),
            "name_vi": r.name,
            "kind": p.message(&r.kind.message_id()),
            "functions": r.functions_in(lang).lines().filter(|l| !l.trim().is_empty()).collect::<Vec<_>>(),
            "functions_in_vietnamese": lang == Lang::En && r.functions_en.is_empty() && !r.functions.is_empty(),
            "address": r.address_in(lang),
            "office_hours": r.office_hours_in(lang),
            "contacts": contacts(&r.phone, &r.fax, &r.email),
            "ended": r.ended_on.filter(|_| !r.is_current(today)).map(|d| day_text(d, lang)),
        },
        "parent": by_key(&r.parent),
        "successor": listing::successor_of(r, units).map(|s| unit_link(p, s)),
        "children": children,
        "staff": staff,
        "head": head.map(|h| person_card(p, h, &names, today)),
        "legal_basis": legal_basis,
    })
}

/// An official in a list: name, the posts held now, unit, contacts and links.
pub fn person_card(
    p: &dyn Presenter,
    o: &Stored<Official>,
    names: &HashMap<String, String>,
    today: NaiveDate,
) -> Value {
    let r = &o.record;
    let posts: Vec<Value> = r
        .current_positions(today)
        .iter()
        .map(|post| {
            let (title, unit) = listing::post_text(post, names, p.lang());
            json!({"title": title, "unit": unit, "unit_key": post.unit, "concurrent": post.concurrent})
        })
        .collect();
    let url = link_of(p, ContentKind::Official, o);
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

/// An official's page: the card with its units linked, former posts as history, duties
/// and biography (`photo`: the portrait's address, if any).
pub fn official_page(
    p: &dyn Presenter,
    o: &Stored<Official>,
    units: &[Stored<OrgUnit>],
    today: NaiveDate,
    photo: Option<String>,
) -> Value {
    let lang = p.lang();
    let names = listing::unit_names(units, lang);
    let unit_url = |key: &str| {
        units
            .iter()
            .find(|u| u.record.key == key)
            .map(|u| link_of(p, ContentKind::OrgUnit, u))
    };
    let former: Vec<Value> = o
        .record
        .former_positions(today)
        .iter()
        .map(|post| {
            let (title, unit) = listing::post_text(post, &names, lang);
            json!({
                "title": title, "unit": unit, "unit_url": unit_url(&post.unit),
                "from": day_text(post.from, lang), "to": post.to.map(|d| day_text(d, lang)),
            })
        })
        .collect();
    let mut card = person_card(p, o, &names, today);
    for post in card["posts"].as_array_mut().into_iter().flatten() {
        post["unit_url"] = json!(post["unit_key"].as_str().and_then(unit_url));
    }
    let r = &o.record;
    json!({
        "person": card,
        "former": former,
        "photo": photo,
        "duties": r.duties_in(lang),
        "biography": r.biography_in(lang).lines().filter(|l| !l.trim().is_empty()).collect::<Vec<_>>(),
    })
}

/// An official's contacts as a vCard 4.0, with the first post held now.
pub fn vcard_of(
    p: &dyn Presenter,
    o: &Stored<Official>,
    units: &[Stored<OrgUnit>],
    today: NaiveDate,
) -> String {
    let lang = p.lang();
    let names = listing::unit_names(units, lang);
    let (title, unit) = first_post(o, &names, lang, today);
    let province = p.province_name();
    vcard::vcard(&vcard::Card {
        name: &o.record.name,
        title: &title,
        organisation: &[&province, &unit],
        phone: &o.record.phone,
        fax: &o.record.fax,
        email: &o.record.email,
        url: &url_of(p, ContentKind::Official, o),
        lang: lang.code(),
    })
}

/// The title and unit of the first post an official holds today (empty when none).
fn first_post(
    o: &Stored<Official>,
    names: &HashMap<String, String>,
    lang: Lang,
    today: NaiveDate,
) -> (String, String) {
    o.record
        .current_positions(today)
        .first()
        .map(|post| listing::post_text(post, names, lang))
        .unwrap_or_default()
}

/// An entry of the schedule as pages, feeds and the API show it. `here` is the reader's
/// site: an entry of another site (on the portal) carries that site's name.
pub fn entry(
    p: &dyn Presenter,
    e: &StoredEntry,
    (units, officials): &People,
    sites: &Directory,
    here: SiteId,
) -> Value {
    let lang = p.lang();
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
    let site = sites.get(e.site_id);
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
        "leader_url": leader.map(|o| link_of(p, ContentKind::Official, o)),
        "unit": unit_name(&r.unit),
        "participants": r.participants_in(lang),
        "preparing_unit": unit_name(&r.preparing_unit),
        "document": (!r.document.is_empty()).then(|| r.document.clone()),
        "cancelled": r.cancelled,
        "changed": e.changed_at.is_some(),
        "changed_at": e.changed_at.map(iso_time),
        "changed_text": e.changed_at.map(|t| time_text(t, lang)),
        "site": site.map(|s| s.slug.clone()),
        "site_name": site.filter(|s| s.id != here).map(|s| s.short_name(lang).to_string()),
    })
}

/// A week of the schedule, Monday to Sunday, each day with its entries.
pub fn week_days(
    p: &dyn Presenter,
    week: IsoWeek,
    entries: Vec<StoredEntry>,
    people: &People,
    sites: &Directory,
    here: SiteId,
    today: NaiveDate,
) -> Vec<Value> {
    listing::week_days(week, entries)
        .into_iter()
        .map(|(day, list)| {
            json!({
                "date": day.to_string(),
                "weekday": p.message(&format!("schedule-weekday-{}", day.weekday().number_from_monday())),
                "day": day_text(day, p.lang()),
                "today": day == today,
                "entries": list.iter().map(|e| entry(p, e, people, sites, here)).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// The leaders in post on these sites (every site's when `None`), with their feeds: to
/// narrow a week to one, or subscribe to one.
pub fn leaders(
    lang: Lang,
    officials: &[Stored<Official>],
    scope: Option<SiteId>,
    today: NaiveDate,
) -> Vec<Value> {
    listing::in_scope(officials.to_vec(), scope)
        .iter()
        .filter(|o| o.record.leader && o.record.is_current(today))
        .map(|o| json!({"key": o.record.key, "name": o.record.name, "feed_url": feed_path(lang, Some(&o.record.key))}))
        .collect()
}

/// A moment in Vietnam's time as a schedule notes a change: `08:15 07/12/2026`.
fn time_text(utc: NaiveDateTime, lang: Lang) -> String {
    let local = utc + Duration::hours(7);
    format!("{} {}", local.format("%H:%M"), day_text(local.date(), lang))
}

/// Midnight of a day in Vietnam, in UTC: when a page that depends on the day goes stale.
pub fn start_of(day: NaiveDate) -> Option<NaiveDateTime> {
    day.and_hms_opt(0, 0, 0).map(|t| t - Duration::hours(7))
}

/// The schedule's page of a week, optionally narrowed to a leader.
pub fn week_link(lang: Lang, week: IsoWeek, leader: &Option<String>) -> String {
    let word = lang.pick("tuan", "week");
    let mut link = format!("{}?{word}={week}", Section::Schedule.path(lang));
    if let Some(l) = leader {
        let key = lang.pick("lanh-dao", "leader");
        let value = percent_encoding::utf8_percent_encode(l, percent_encoding::NON_ALPHANUMERIC);
        link.push_str(&format!("&{key}={value}"));
    }
    link
}

/// The path of a leader's iCalendar feed, or the site's.
pub fn feed_path(lang: Lang, leader: Option<&str>) -> String {
    match leader {
        Some(key) => format!("{}/{key}.ics", Section::Schedule.path(lang)),
        None => format!("{}.ics", Section::Schedule.path(lang)),
    }
}

/// The events of an iCalendar feed at the site's `host`: each entry with its leader,
/// participants and preparing unit in the description, and its week's page.
pub fn feed_events(
    p: &dyn Presenter,
    entries: &[StoredEntry],
    people: &People,
    sites: &Directory,
    (here, host): (SiteId, &str),
) -> Vec<FeedEvent> {
    entries
        .iter()
        .map(|e| {
            let v = entry(p, e, people, sites, here);
            let text = |k: &str| v[k].as_str().unwrap_or("").to_string();
            let description: Vec<String> = [
                ("schedule-leader", "leader_name"),
                ("schedule-participants", "participants"),
                ("schedule-preparing", "preparing_unit"),
            ]
            .into_iter()
            .filter(|(_, key)| !text(key).is_empty())
            .map(|(label, key)| format!("{}: {}", p.message(label), text(key)))
            .collect();
            FeedEvent {
                uid: format!("{}@{host}", e.entry.uid),
                starts_at: e.entry.starts_at(),
                ends_at: e.entry.ends_at(),
                summary: text("content"),
                location: text("location"),
                description: description.join("\n"),
                cancelled: e.entry.cancelled,
                published_at: e.published_at,
                changed_at: e.changed_at,
                url: p.absolute(week_link(p.lang(), IsoWeek::of(e.entry.day), &None)),
            }
        })
        .collect()
}

/// A unit as the API gives it, in force or ended, with its parent and successor by key.
pub fn unit_resource(p: &dyn Presenter, u: &Stored<OrgUnit>) -> Value {
    let (r, lang) = (&u.record, p.lang());
    json!({
        "key": r.key, "name": r.name_in(lang), "kind": r.kind, "parent": r.parent,
        "functions": r.functions_in(lang), "legal_basis": r.legal_basis, "head": r.head,
        "address": r.address_in(lang), "phone": r.phone, "fax": r.fax, "email": r.email,
        "office_hours": r.office_hours_in(lang), "site": r.site,
        "ended_on": r.ended_on, "successor": r.successor,
        "url": url_of(p, ContentKind::OrgUnit, u),
    })
}

/// An official as the API gives it: name, first post and unit, contacts, links.
pub fn official_resource(
    p: &dyn Presenter,
    o: &Stored<Official>,
    names: &HashMap<String, String>,
    today: NaiveDate,
) -> Value {
    let (position, unit) = first_post(o, names, p.lang(), today);
    let (r, url) = (&o.record, url_of(p, ContentKind::Official, o));
    json!({
        "key": r.key, "name": r.name, "position": position, "unit": unit,
        "phone": r.phone, "fax": r.fax, "email": r.email, "leader": r.leader,
        "url": url, "vcard_url": format!("{url}/vcard.vcf"),
    })
}

/// The days the schedule's API answers for (`from`, `to` as typed, `YYYY-MM-DD`): the
/// current week by default, a week from `from` when only it is given, at most a year.
pub fn api_range(
    from: Option<String>,
    to: Option<String>,
    current: IsoWeek,
) -> Result<(NaiveDate, NaiveDate), &'static str> {
    let day = |v: &Option<String>, default: NaiveDate| match v {
        None => Ok(default),
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| "schedule-bad-range"),
    };
    let start = day(&from, current.monday())?;
    let end_default = match from {
        Some(_) => start + Duration::days(6),
        None => current.sunday(),
    };
    let end = day(&to, end_default)?;
    if end < start || (end - start).num_days() > 366 {
        return Err("schedule-bad-range");
    }
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_range_defaults_to_the_current_week_and_refuses_over_a_year() {
        let week = IsoWeek::parse("2026-W49").unwrap();
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            api_range(None, None, week),
            Ok((day("2026-11-30"), day("2026-12-06")))
        );
        assert_eq!(
            api_range(Some("2026-12-10".into()), None, week),
            Ok((day("2026-12-10"), day("2026-12-16")))
        );
        assert_eq!(
            api_range(Some("2026-01-01".into()), Some("2027-06-01".into()), week),
            Err("schedule-bad-range")
        );
        assert_eq!(
            api_range(Some("2026-12-10".into()), Some("2026-12-01".into()), week),
            Err("schedule-bad-range")
        );
        assert_eq!(
            api_range(Some("10/12".into()), None, week),
            Err("schedule-bad-range")
        );
    }

    #[test]
    fn a_week_link_keeps_the_leader_encoded_in_the_reader_language() {
        let week = IsoWeek::parse("2026-W49").unwrap();
        assert_eq!(
            week_link(Lang::Vi, week, &Some("nguyen van a".into())),
            format!(
                "{}?tuan=2026-W49&lanh-dao=nguyen%20van%20a",
                Section::Schedule.path(Lang::Vi)
            )
        );
        assert_eq!(
            week_link(Lang::En, week, &None),
            format!("{}?week=2026-W49", Section::Schedule.path(Lang::En))
        );
    }
}
