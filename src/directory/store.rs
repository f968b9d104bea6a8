//! The directory in the database. Units, officials and schedule weeks are content items of
//! their own kinds; publishing a revision (or importing a line) writes its record here, with
//! the columns lists need beside it. Lists read every published record of the installation
//! (a province has hundreds of units and officials, not millions) and filter them with the
//! pure rules of the record types.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::official::Official;
use super::schedule::{change_marks, ScheduleEntry, ScheduleWeek};
use super::unit::{closes_loop, OrgUnit};
use crate::account::Actor;
use crate::changelog::{self, Entity};
use crate::content::translations::{TranslationGap, TranslationStatus};
use crate::content::{ContentId, ContentKind, ContentState};
use crate::db::schema::{
    content_items, legal_documents, media_files, officials, org_units, schedule_entries,
    schedule_weeks,
};
use crate::db::DbConn;
use crate::field::FieldError;
use crate::record::RecordError;
use crate::review::store::{NewItem, ReviewError, RevisionForm};
use crate::site::SiteId;
use crate::text::slugify;

/// The hash of a record as stored, to tell an unchanged import line without reading it.
pub fn record_hash<R: serde::Serialize>(record: &R) -> String {
    let json = serde_json::to_vec(record).unwrap_or_default();
    hex::encode(Sha256::digest(json))
}

fn invalid(field: &'static str, message_id: &'static str, detail: &str) -> RecordError {
    RecordError::Invalid(vec![
        FieldError::new(field, message_id).with_detail(detail.to_string())
    ])
}

/// A published record with where it lives: its item, site and slug (for its address).
#[derive(Debug, Clone)]
pub struct Stored<R> {
    pub id: ContentId,
    pub site_id: SiteId,
    pub slug: String,
    pub published_at: NaiveDateTime,
    pub record: R,
}

fn parse<R: serde::de::DeserializeOwned>(json: &str) -> Option<R> {
    serde_json::from_str(json).ok()
}

/// The content item's text fields for a record of the directory (the record is the truth);
/// the site that publishes it is its author and source.
pub fn revision_of(
    title: &str,
    summary: &str,
    record: Option<String>,
    site_name: &str,
) -> RevisionForm {
    RevisionForm {
        title: title.to_string(),
        slug: slugify(title, crate::content::store::SLUG_MAX),
        summary: summary.to_string(),
        author: site_name.to_string(),
        source: site_name.to_string(),
        record,
        ..RevisionForm::default()
    }
}

/// The week a site's editors start from: the latest revision of its item for the week (a
/// draft, or what is published), if the site has one.
pub fn week_for_editing(
    conn: &mut DbConn,
    site: SiteId,
    week: &str,
) -> Result<Option<(ContentId, Option<ScheduleWeek>)>, ReviewError> {
    let Some(id) = item_by_key(conn, ContentKind::ScheduleWeek, week, Some(site))? else {
        return Ok(None);
    };
    let record = crate::review::store::editing_base(conn, id)?.1.record;
    Ok(Some((id, record.and_then(|j| parse(&j)))))
}

/// Saves a week as an editor's draft: a new item for a week the site has none of, else a new
/// revision of it; either is reviewed like any content before it is public.
pub fn save_week_draft(
    conn: &mut DbConn,
    site: SiteId,
    site_name: &str,
    week: &ScheduleWeek,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<ContentId, ReviewError> {
    let title = format!("Lịch công tác tuần {}", week.week);
    let text = revision_of(&title, "", serde_json::to_string(week).ok(), site_name);
    match item_by_key(conn, ContentKind::ScheduleWeek, &week.week, Some(site))? {
        Some(id) => {
            crate::review::store::save_draft(conn, id, &text, by, now)?;
            Ok(id)
        }
        None => {
            let key = translation_key(ContentKind::ScheduleWeek, &week.week);
            let new = NewItem {
                site,
                kind: ContentKind::ScheduleWeek,
                lang: crate::lang::Lang::Vi,
                translation_key: &key,
            };
            Ok(crate::review::store::create_item(conn, new, &text, by, now)?.0)
        }
    }
}

/// The translation key of a kind's item named by a key: `don-vi-…`, `can-bo-…`,
/// `lich-cong-tac-2026-W49`.
pub fn translation_key(kind: ContentKind, key: &str) -> String {
    let prefix = match kind {
        ContentKind::OrgUnit => "don-vi",
        ContentKind::Official => "can-bo",
        _ => "lich-cong-tac",
    };
    format!("{prefix}-{key}")
}

/// The item of a kind with a translation key on any site, whatever its state (imports and
/// checks find drafts too).
pub fn item_by_key(
    conn: &mut DbConn,
    kind: ContentKind,
    key: &str,
    site: Option<SiteId>,
) -> QueryResult<Option<ContentId>> {
    let mut q = content_items::table
        .filter(content_items::kind.eq(kind.as_str()))
        .filter(content_items::translation_key.eq(translation_key(kind, key)))
        .into_boxed();
    if let Some(site) = site {
        q = q.filter(content_items::site_id.eq(site.0));
    }
    Ok(q.select(content_items::id)
        .first::<i32>(conn)
        .optional()?
        .map(ContentId))
}

/// The translation key a kind's record must keep: an item named by a key cannot be renamed
/// into another's.
fn key_is_free(
    conn: &mut DbConn,
    kind: ContentKind,
    key: &str,
    content: Option<ContentId>,
) -> Result<(), RecordError> {
    let own_key = match content {
        None => None,
        Some(id) => content_items::table
            .find(id.0)
            .select(content_items::translation_key)
            .first::<String>(conn)
            .optional()?,
    };
    if let Some(own) = own_key {
        if own != translation_key(kind, key) {
            return Err(invalid("key", "directory-key-changed", key));
        }
    }
    match item_by_key(conn, kind, key, None)? {
        Some(other) if Some(other) != content => {
            Err(invalid("key", "directory-duplicate-key", key))
        }
        _ => Ok(()),
    }
}

type ItemColumns = (i32, i32, String, NaiveDateTime, String);

fn stored<R: serde::de::DeserializeOwned>(rows: Vec<ItemColumns>) -> Vec<Stored<R>> {
    rows.into_iter()
        .filter_map(|(id, site, slug, published_at, json)| {
            Some(Stored {
                id: ContentId(id),
                site_id: SiteId(site),
                slug,
                published_at,
                record: parse(&json)?,
            })
        })
        .collect()
}

// ---- organisation units ----

/// Writes a unit's record as its public record, in the caller's transaction.
pub fn write_unit(
    conn: &mut DbConn,
    content: ContentId,
    site: SiteId,
    unit: &OrgUnit,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(org_units::table.find(content.0)).execute(conn)?;
    diesel::insert_into(org_units::table)
        .values((
            org_units::content_id.eq(content.0),
            org_units::site_id.eq(site.0),
            org_units::unit_key.eq(&unit.key),
            org_units::parent_key.eq(&unit.parent),
            org_units::name.eq(&unit.name),
            org_units::name_en.eq(&unit.name_en),
            org_units::sort_order.eq(unit.order),
            org_units::ended_on.eq(unit.ended_on),
            org_units::successor_key.eq(&unit.successor),
            org_units::record.eq(serde_json::to_string(unit).unwrap_or_default()),
            org_units::record_sha256.eq(record_hash(unit)),
        ))
        .execute(conn)?;
    content_updated(conn, content, site, now)
}

pub fn unit_record(conn: &mut DbConn, content: ContentId) -> QueryResult<Option<OrgUnit>> {
    let json: Option<String> = org_units::table
        .find(content.0)
        .select(org_units::record)
        .first(conn)
        .optional()?;
    Ok(json.and_then(|j| parse(&j)))
}

/// Every published unit of the installation, in chart order (order, then name).
pub fn units(conn: &mut DbConn) -> QueryResult<Vec<Stored<OrgUnit>>> {
    let rows: Vec<ItemColumns> = org_units::table
        .inner_join(content_items::table)
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .order((org_units::sort_order, org_units::name))
        .select((
            content_items::id,
            content_items::site_id,
            content_items::slug,
            content_items::published_at,
            org_units::record,
        ))
        .load(conn)?;
    Ok(stored(rows))
}

/// The public units by key, whatever their state of publication (to check references).
fn unit_keys(conn: &mut DbConn) -> QueryResult<HashMap<String, Option<String>>> {
    Ok(org_units::table
        .select((org_units::unit_key, org_units::parent_key))
        .load::<(String, Option<String>)>(conn)?
        .into_iter()
        .collect())
}

/// Checks a unit before it is saved: valid, its key its own, its parent and successor
/// existing units, and no loop in the chart.
pub fn check_unit(
    conn: &mut DbConn,
    content: Option<ContentId>,
    unit: &OrgUnit,
) -> Result<(), RecordError> {
    let errors = unit.validate();
    if !errors.is_empty() {
        return Err(RecordError::Invalid(errors));
    }
    key_is_free(conn, ContentKind::OrgUnit, &unit.key, content)?;
    let parents = unit_keys(conn)?;
    for (field, key) in [("parent", &unit.parent), ("successor", &unit.successor)] {
        if let Some(k) = key {
            if !parents.contains_key(k) {
                return Err(invalid(field, "directory-unknown-unit", k));
            }
        }
    }
    if closes_loop(&unit.key, unit.parent.as_deref(), &parents) {
        return Err(invalid("parent", "directory-unit-loop", &unit.key));
    }
    Ok(())
}

// ---- officials ----

pub fn write_official(
    conn: &mut DbConn,
    content: ContentId,
    site: SiteId,
    official: &Official,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(officials::table.find(content.0)).execute(conn)?;
    diesel::insert_into(officials::table)
        .values((
            officials::content_id.eq(content.0),
            officials::site_id.eq(site.0),
            officials::official_key.eq(&official.key),
            officials::name.eq(&official.name),
            officials::record.eq(serde_json::to_string(official).unwrap_or_default()),
            officials::record_sha256.eq(record_hash(official)),
        ))
        .execute(conn)?;
    // A photo shown on a public page is never cleaned up.
    if let Some(photo) = official.photo {
        crate::media::library::keep_referenced(conn, photo, content)?;
    }
    content_updated(conn, content, site, now)
}

pub fn official_record(conn: &mut DbConn, content: ContentId) -> QueryResult<Option<Official>> {
    let json: Option<String> = officials::table
        .find(content.0)
        .select(officials::record)
        .first(conn)
        .optional()?;
    Ok(json.and_then(|j| parse(&j)))
}

/// Every published official of the installation.
pub fn officials(conn: &mut DbConn) -> QueryResult<Vec<Stored<Official>>> {
    let rows: Vec<ItemColumns> = officials::table
        .inner_join(content_items::table)
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .order(officials::name)
        .select((
            content_items::id,
            content_items::site_id,
            content_items::slug,
            content_items::published_at,
            officials::record,
        ))
        .load(conn)?;
    Ok(stored(rows))
}

/// Checks an official before the record is saved: valid, the key its own, every post in a
/// known unit, the photo in the media library.
pub fn check_official(
    conn: &mut DbConn,
    content: Option<ContentId>,
    official: &Official,
) -> Result<(), RecordError> {
    let errors = official.validate();
    if !errors.is_empty() {
        return Err(RecordError::Invalid(errors));
    }
    key_is_free(conn, ContentKind::Official, &official.key, content)?;
    let units = unit_keys(conn)?;
    for (i, p) in official.positions.iter().enumerate() {
        if !units.contains_key(&p.unit) {
            return Err(RecordError::Invalid(vec![FieldError::new(
                "positions",
                "directory-unknown-unit",
            )
            .on_line(i + 1)
            .with_detail(&p.unit)]));
        }
    }
    if let Some(photo) = official.photo {
        let found: i64 = media_files::table
            .filter(media_files::id.eq(photo))
            .count()
            .get_result(conn)?;
        if found == 0 {
            return Err(invalid("photo", "directory-bad-photo", &photo.to_string()));
        }
    }
    Ok(())
}

fn official_keys(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    officials::table.select(officials::official_key).load(conn)
}

/// The registry's published documents a unit's legal basis may name: number-symbol and
/// abstract (trích yếu), the latest first.
pub fn document_choices(conn: &mut DbConn) -> QueryResult<Vec<(String, String)>> {
    legal_documents::table
        .inner_join(content_items::table)
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .order(content_items::published_at.desc())
        .limit(500)
        .select((
            legal_documents::number_symbol,
            legal_documents::abstract_text,
        ))
        .load(conn)
}

/// The media library's images an official's photo may be: id and name, the latest first.
pub fn photo_choices(conn: &mut DbConn) -> QueryResult<Vec<(i32, String)>> {
    media_files::table
        .filter(media_files::kind.eq(crate::media::MediaKind::Image.as_str()))
        .order(media_files::id.desc())
        .limit(500)
        .select((media_files::id, media_files::original_name))
        .load(conn)
}

// ---- schedules ----

/// A published schedule entry with its week's item and its change mark.
#[derive(Debug, Clone)]
pub struct StoredEntry {
    pub id: ContentId,
    pub site_id: SiteId,
    pub published_at: NaiveDateTime,
    pub changed_at: Option<NaiveDateTime>,
    pub entry: ScheduleEntry,
}

type EntryPrevious = HashMap<String, (ScheduleEntry, Option<NaiveDateTime>)>;

fn previous_entries(conn: &mut DbConn, content: ContentId) -> QueryResult<Option<EntryPrevious>> {
    let published: bool = schedule_weeks::table
        .find(content.0)
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if !published {
        return Ok(None);
    }
    let rows: Vec<(String, String, Option<NaiveDateTime>)> = schedule_entries::table
        .filter(schedule_entries::content_id.eq(content.0))
        .select((
            schedule_entries::uid,
            schedule_entries::record,
            schedule_entries::changed_at,
        ))
        .load(conn)?;
    Ok(Some(
        rows.into_iter()
            .filter_map(|(uid, json, mark)| Some((uid, (parse(&json)?, mark))))
            .collect(),
    ))
}

/// Writes a week as published, marking each entry changed since its last publication.
pub fn write_week(
    conn: &mut DbConn,
    content: ContentId,
    site: SiteId,
    week: &ScheduleWeek,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let week = week.clone().normalised();
    let before = previous_entries(conn, content)?;
    let marks = change_marks(&week, before.as_ref(), now);
    diesel::delete(schedule_entries::table.filter(schedule_entries::content_id.eq(content.0)))
        .execute(conn)?;
    for (e, mark) in week.entries.iter().zip(marks) {
        diesel::insert_into(schedule_entries::table)
            .values((
                schedule_entries::content_id.eq(content.0),
                schedule_entries::uid.eq(&e.uid),
                schedule_entries::site_id.eq(site.0),
                schedule_entries::day.eq(e.day),
                schedule_entries::starts_at.eq(e.starts_at()),
                schedule_entries::ends_at.eq(e.ends_at()),
                schedule_entries::leader_key.eq(&e.leader),
                schedule_entries::on_portal.eq(e.on_portal),
                schedule_entries::cancelled.eq(e.cancelled),
                schedule_entries::changed_at.eq(mark),
                schedule_entries::record.eq(serde_json::to_string(e).unwrap_or_default()),
            ))
            .execute(conn)?;
    }
    diesel::delete(schedule_weeks::table.find(content.0)).execute(conn)?;
    diesel::insert_into(schedule_weeks::table)
        .values((
            schedule_weeks::content_id.eq(content.0),
            schedule_weeks::site_id.eq(site.0),
            schedule_weeks::iso_week.eq(&week.week),
            schedule_weeks::record.eq(serde_json::to_string(&week).unwrap_or_default()),
            schedule_weeks::record_sha256.eq(record_hash(&week)),
        ))
        .execute(conn)?;
    content_updated(conn, content, site, now)
}

pub fn week_record(conn: &mut DbConn, content: ContentId) -> QueryResult<Option<ScheduleWeek>> {
    let json: Option<String> = schedule_weeks::table
        .find(content.0)
        .select(schedule_weeks::record)
        .first(conn)
        .optional()?;
    Ok(json.and_then(|j| parse(&j)))
}

/// The published week of a site, if any (the editor's "copy the previous week" starts from it).
pub fn published_week(
    conn: &mut DbConn,
    site: SiteId,
    week: &str,
) -> QueryResult<Option<(ContentId, ScheduleWeek)>> {
    let row: Option<(i32, String)> = schedule_weeks::table
        .filter(schedule_weeks::site_id.eq(site.0))
        .filter(schedule_weeks::iso_week.eq(week))
        .select((schedule_weeks::content_id, schedule_weeks::record))
        .first(conn)
        .optional()?;
    Ok(row.and_then(|(id, json)| Some((ContentId(id), parse(&json)?))))
}

/// Checks a week before it is saved: valid, one item per site and week, leaders and units
/// known, and no published entry left out.
pub fn check_week(
    conn: &mut DbConn,
    content: Option<ContentId>,
    week: &ScheduleWeek,
) -> Result<(), RecordError> {
    let week = week.clone().normalised();
    let errors = week.validate();
    if !errors.is_empty() {
        return Err(RecordError::Invalid(errors));
    }
    if let Some(id) = content {
        let own: Option<String> = content_items::table
            .find(id.0)
            .select(content_items::translation_key)
            .first(conn)
            .optional()?;
        if own.is_some_and(|k| k != translation_key(ContentKind::ScheduleWeek, &week.week)) {
            return Err(invalid("week", "schedule-week-changed", &week.week));
        }
    }
    let leaders = official_keys(conn)?;
    let units = unit_keys(conn)?;
    for (i, e) in week.entries.iter().enumerate() {
        let line = |id: &'static str, detail: &str| {
            RecordError::Invalid(vec![FieldError::new("entries", id)
                .on_line(i + 1)
                .with_detail(detail.to_string())])
        };
        if let Some(l) = &e.leader {
            if !leaders.contains(l) {
                return Err(line("schedule-unknown-leader", l));
            }
        }
        for u in [&e.unit, &e.preparing_unit].into_iter().flatten() {
            if !units.contains_key(u) {
                return Err(line("directory-unknown-unit", u));
            }
        }
    }
    if let Some(id) = content {
        let published: Vec<String> = schedule_entries::table
            .filter(schedule_entries::content_id.eq(id.0))
            .select(schedule_entries::uid)
            .load(conn)?;
        if let Some(gone) = week.removed(&published).first() {
            return Err(invalid("entries", "schedule-entry-removed", gone));
        }
    }
    Ok(())
}

/// Which sites' entries a schedule shows: one site's, or (the province portal) its own and
/// every site's entries marked for the portal.
#[derive(Debug, Clone, Copy)]
pub enum EntryScope {
    Site(SiteId),
    Portal(SiteId),
}

/// Published entries from `from` to `to` (Vietnam's days, inclusive), in time order;
/// optionally only those a leader presides.
pub fn entries(
    conn: &mut DbConn,
    scope: EntryScope,
    from: NaiveDate,
    to: NaiveDate,
    leader: Option<&str>,
) -> QueryResult<Vec<StoredEntry>> {
    let mut q = schedule_entries::table
        .inner_join(content_items::table)
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .filter(schedule_entries::day.ge(from))
        .filter(schedule_entries::day.le(to))
        .into_boxed();
    q = match scope {
        EntryScope::Site(site) => q.filter(schedule_entries::site_id.eq(site.0)),
        EntryScope::Portal(site) => q.filter(
            schedule_entries::site_id
                .eq(site.0)
                .or(schedule_entries::on_portal.eq(true)),
        ),
    };
    if let Some(l) = leader {
        q = q.filter(schedule_entries::leader_key.eq(l.to_string()));
    }
    let rows: Vec<(i32, i32, NaiveDateTime, Option<NaiveDateTime>, String)> = q
        .order((schedule_entries::starts_at, schedule_entries::uid))
        .select((
            content_items::id,
            schedule_entries::site_id,
            content_items::published_at,
            schedule_entries::changed_at,
            schedule_entries::record,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, site, published_at, changed_at, json)| {
            Some(StoredEntry {
                id: ContentId(id),
                site_id: SiteId(site),
                published_at,
                changed_at,
                entry: parse(&json)?,
            })
        })
        .collect())
}

/// The units in force and the officials in post (on `today`) that lack the English Decree
/// 42/2022 art. 7 requires, on a site or every site: the translations report lists them first.
pub fn english_required(
    conn: &mut DbConn,
    site: Option<SiteId>,
    today: NaiveDate,
) -> QueryResult<Vec<TranslationGap>> {
    let in_site = |s: SiteId| site.is_none_or(|x| x == s);
    let gap = |site_id, kind, key: &str, title: &str, fields: Vec<&'static str>| TranslationGap {
        site_id,
        kind,
        translation_key: translation_key(kind, key),
        title: title.to_string(),
        status: TranslationStatus::Required { fields },
    };
    let mut out: Vec<TranslationGap> = units(conn)?
        .into_iter()
        .filter(|u| in_site(u.site_id) && u.record.is_current(today))
        .filter_map(|u| {
            let missing = u.record.missing_english();
            (!missing.is_empty()).then(|| {
                gap(
                    u.site_id,
                    ContentKind::OrgUnit,
                    &u.record.key,
                    &u.record.name,
                    missing,
                )
            })
        })
        .collect();
    out.extend(
        officials(conn)?
            .into_iter()
            .filter(|o| in_site(o.site_id))
            .filter_map(|o| {
                let missing = o.record.missing_english(today);
                (!missing.is_empty()).then(|| {
                    gap(
                        o.site_id,
                        ContentKind::Official,
                        &o.record.key,
                        &o.record.name,
                        missing,
                    )
                })
            }),
    );
    Ok(out)
}

/// The ISO week of a schedule item, whatever its state (from its translation key).
pub fn week_record_any(conn: &mut DbConn, content: ContentId) -> QueryResult<Option<String>> {
    let key: Option<String> = content_items::table
        .find(content.0)
        .filter(content_items::kind.eq(ContentKind::ScheduleWeek.as_str()))
        .select(content_items::translation_key)
        .first(conn)
        .optional()?;
    let prefix = translation_key(ContentKind::ScheduleWeek, "");
    Ok(key.and_then(|k| k.strip_prefix(&prefix).map(String::from)))
}

/// Notes in the change log that a directory item's published copy changed, so that page
/// caches and the search index of every node follow.
fn content_updated(
    conn: &mut DbConn,
    content: ContentId,
    site: SiteId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    changelog::record(
        conn,
        Entity::Content,
        content.0 as i64,
        Some(site),
        "updated",
        now,
    )
}
