//! Sites in the database: loading the directory snapshot and saving site definitions.

use crate::field::FieldError;
use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;

use super::hosts::Directory;
use super::{MenuItem, Site, SiteId, SiteKind};
use crate::account::audit::AuditAction;
use crate::changelog::{self, Entity};
use crate::db::schema::{menu_items, site_aliases, sites};
use crate::db::{DbConn, DbError};
use crate::lang::Lang;
use crate::text::nfc;

#[derive(Queryable, Selectable)]
#[diesel(table_name = sites)]
struct SiteRow {
    id: SiteId,
    slug: String,
    kind: SiteKind,
    name_vi: String,
    name_en: String,
    short_name_vi: String,
    short_name_en: String,
    address_vi: String,
    address_en: String,
    phone: String,
    fax: String,
    email: String,
    office_hours_vi: String,
    office_hours_en: String,
    office_sessions: String,
    status: String,
    redirect_site_id: Option<i32>,
    position: i32,
}

impl SiteRow {
    fn into_site(self) -> Site {
        Site {
            id: self.id,
            kind: self.kind,
            slug: self.slug,
            name_vi: self.name_vi,
            name_en: self.name_en,
            short_name_vi: self.short_name_vi,
            short_name_en: self.short_name_en,
            address_vi: self.address_vi,
            address_en: self.address_en,
            phone: self.phone,
            fax: self.fax,
            email: self.email,
            office_hours_vi: self.office_hours_vi,
            office_hours_en: self.office_hours_en,
            // Saved only after they parsed; an unreadable value (edited by hand in the
            // database) falls back to the installation's hours rather than failing the site.
            office_sessions: self.office_sessions.parse().ok(),
            retired: self.status == "retired",
            redirect_to: self.redirect_site_id.map(SiteId),
            position: self.position,
        }
    }
}

/// Reads every site, alias and menu into a directory snapshot.
pub fn load_directory(conn: &mut DbConn) -> QueryResult<Directory> {
    let sites: Vec<Site> = sites::table
        .select(SiteRow::as_select())
        .load(conn)?
        .into_iter()
        .map(SiteRow::into_site)
        .collect();
    let aliases = site_aliases::table
        .select((site_aliases::label, site_aliases::site_id))
        .load::<(String, i32)>(conn)?
        .into_iter()
        .map(|(l, s)| (l, SiteId(s)))
        .collect();
    let rows = menu_items::table
        .order((menu_items::site_id, menu_items::lang, menu_items::position))
        .select((
            menu_items::id,
            menu_items::site_id,
            menu_items::lang,
            menu_items::parent_id,
            menu_items::label,
            menu_items::url,
        ))
        .load::<(i32, i32, String, Option<i32>, String, String)>(conn)?;
    let mut menus: HashMap<(SiteId, Lang), Vec<MenuItem>> = HashMap::new();
    let mut children: HashMap<i32, Vec<MenuItem>> = HashMap::new();
    for (_, _, _, parent, label, url) in rows.iter().filter(|r| r.3.is_some()) {
        if let Some(p) = parent {
            children.entry(*p).or_default().push(MenuItem {
                label: label.clone(),
                url: url.clone(),
                children: Vec::new(),
            });
        }
    }
    for (id, site, lang, _, label, url) in rows.into_iter().filter(|r| r.3.is_none()) {
        let Some(lang) = Lang::from_code(&lang) else {
            continue;
        };
        menus
            .entry((SiteId(site), lang))
            .or_default()
            .push(MenuItem {
                label,
                url,
                children: children.remove(&id).unwrap_or_default(),
            });
    }
    Ok(Directory::new(sites, aliases, menus).with_banners(super::banners::latest(conn)?))
}

/// How a site is named in short and reached: what its definition and its settings share.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub struct SiteContact {
    #[serde(default)]
    pub short_name_vi: String,
    #[serde(default)]
    pub short_name_en: String,
    #[serde(default)]
    pub address_vi: String,
    #[serde(default)]
    pub address_en: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub fax: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub office_hours_vi: String,
    #[serde(default)]
    pub office_hours_en: String,
    /// The sessions deadlines run in (`07:30–11:30, 13:30–17:00`); empty for the
    /// installation's office hours.
    #[serde(default)]
    pub office_sessions: String,
}

impl SiteContact {
    /// A site's contact as it is now.
    pub fn of(site: &Site) -> SiteContact {
        SiteContact {
            short_name_vi: site.short_name_vi.clone(),
            short_name_en: site.short_name_en.clone(),
            address_vi: site.address_vi.clone(),
            address_en: site.address_en.clone(),
            phone: site.phone.clone(),
            fax: site.fax.clone(),
            email: site.email.clone(),
            office_hours_vi: site.office_hours_vi.clone(),
            office_hours_en: site.office_hours_en.clone(),
            office_sessions: site
                .office_sessions
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
        }
    }
}

/// A site as written in `content/sites.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteDefinition {
    pub slug: String,
    pub kind: String,
    pub name_vi: String,
    pub name_en: String,
    /// Its short names, addresses, phones and office hours.
    #[serde(flatten)]
    pub contact: SiteContact,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub menu: Vec<MenuDefinition>,
}

/// A menu entry in a site definition.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuDefinition {
    pub lang: Option<String>,
    pub label: String,
    pub url: String,
    #[serde(default)]
    pub children: Vec<MenuDefinition>,
}

/// The whole `sites.toml` file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SitesFile {
    pub site: Vec<SiteDefinition>,
}

/// A definition that cannot be saved, with the reason.
#[derive(Debug, thiserror::Error)]
pub enum SiteDefinitionError {
    #[error("site {slug:?}: the slug must be lower-case ASCII letters, digits or hyphens")]
    BadSlug { slug: String },
    #[error("site {slug:?}: unknown kind {kind:?} (province, department, commune or ward)")]
    BadKind { slug: String, kind: String },
    #[error("site {slug:?}: menu entry {label:?} needs lang = \"vi\" or \"en\"")]
    BadMenuLang { slug: String, label: String },
    #[error("alias {alias:?} is not a valid host label")]
    BadAlias { alias: String },
    #[error("the address {slug:?} is already used by a site or an alias")]
    SlugTaken { slug: String },
    #[error("site {slug:?}: office sessions {sessions:?}: {reason}")]
    BadOfficeSessions {
        slug: String,
        sessions: String,
        reason: String,
    },
    #[error("the settings are not valid")]
    InvalidSettings(Vec<FieldError>),
    /// What another capability does about the change (the inbox moving deadlines) failed.
    #[error("after the office hours changed")]
    Consequence(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for SiteDefinitionError {
    fn from(e: diesel::result::Error) -> Self {
        SiteDefinitionError::Db(DbError::Query(e))
    }
}

fn is_host_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 120
        && s.split('.').all(|part| {
            !part.is_empty()
                && !part.starts_with('-')
                && !part.ends_with('-')
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// Creates or updates sites from their definitions (matched by slug), replacing their
/// aliases and menus, in one transaction; records a change per site.
pub fn save_definitions(
    conn: &mut DbConn,
    defs: &[SiteDefinition],
    now: NaiveDateTime,
) -> Result<usize, SiteDefinitionError> {
    for d in defs {
        if !is_host_label(&d.slug) || d.slug.contains('.') {
            return Err(SiteDefinitionError::BadSlug {
                slug: d.slug.clone(),
            });
        }
        if SiteKind::parse(&d.kind).is_none() {
            return Err(SiteDefinitionError::BadKind {
                slug: d.slug.clone(),
                kind: d.kind.clone(),
            });
        }
        if let Err(reason) = sessions_typed(&d.contact.office_sessions) {
            return Err(SiteDefinitionError::BadOfficeSessions {
                slug: d.slug.clone(),
                sessions: d.contact.office_sessions.clone(),
                reason: reason.to_string(),
            });
        }
        if let Some(a) = d.aliases.iter().find(|a| !is_host_label(a)) {
            return Err(SiteDefinitionError::BadAlias { alias: a.clone() });
        }
        if let Some(m) = d
            .menu
            .iter()
            .find(|m| m.lang.as_deref().and_then(Lang::from_code).is_none())
        {
            return Err(SiteDefinitionError::BadMenuLang {
                slug: d.slug.clone(),
                label: m.label.clone(),
            });
        }
    }
    conn.write(|conn| {
        for (position, d) in defs.iter().enumerate() {
            let short_vi = if d.contact.short_name_vi.is_empty() {
                &d.name_vi
            } else {
                &d.contact.short_name_vi
            };
            let short_en = if d.contact.short_name_en.is_empty() {
                &d.name_en
            } else {
                &d.contact.short_name_en
            };
            let values = (
                sites::kind.eq(&d.kind),
                sites::name_vi.eq(nfc(&d.name_vi)),
                sites::name_en.eq(nfc(&d.name_en)),
                sites::short_name_vi.eq(nfc(short_vi)),
                sites::short_name_en.eq(nfc(short_en)),
                sites::address_vi.eq(nfc(&d.contact.address_vi)),
                sites::address_en.eq(nfc(&d.contact.address_en)),
                sites::phone.eq(&d.contact.phone),
                sites::fax.eq(&d.contact.fax),
                sites::email.eq(&d.contact.email),
                sites::office_hours_vi.eq(nfc(&d.contact.office_hours_vi)),
                sites::office_hours_en.eq(nfc(&d.contact.office_hours_en)),
                sites::office_sessions.eq(stored_sessions(&d.contact.office_sessions)),
                sites::position.eq(position as i32),
                sites::updated_at.eq(now),
            );
            let existing: Option<i32> = sites::table
                .filter(sites::slug.eq(&d.slug))
                .select(sites::id)
                .first(conn)
                .optional()?;
            let id = match existing {
                Some(id) => {
                    diesel::update(sites::table.find(id))
                        .set(values)
                        .execute(conn)?;
                    id
                }
                None => {
                    diesel::insert_into(sites::table)
                        .values((values, sites::slug.eq(&d.slug), sites::created_at.eq(now)))
                        .execute(conn)?;
                    sites::table
                        .filter(sites::slug.eq(&d.slug))
                        .select(sites::id)
                        .first(conn)?
                }
            };
            replace_aliases(conn, id, &d.aliases)?;
            replace_menu(conn, id, &d.menu)?;
            note_change(conn, SiteId(id), "saved", now)?;
        }
        Ok(defs.len())
    })
}

/// Replaces a site's aliases; an alias another site had moves to this one.
fn replace_aliases(conn: &mut DbConn, id: i32, aliases: &[String]) -> QueryResult<()> {
    diesel::delete(site_aliases::table.filter(site_aliases::site_id.eq(id))).execute(conn)?;
    for alias in aliases {
        diesel::delete(site_aliases::table.find(alias)).execute(conn)?;
        diesel::insert_into(site_aliases::table)
            .values((site_aliases::label.eq(alias), site_aliases::site_id.eq(id)))
            .execute(conn)?;
    }
    Ok(())
}

/// Replaces a site's menus (every language), keeping their order per language.
fn replace_menu(conn: &mut DbConn, id: i32, menu: &[MenuDefinition]) -> QueryResult<()> {
    diesel::delete(menu_items::table.filter(menu_items::site_id.eq(id))).execute(conn)?;
    let mut positions = std::collections::HashMap::new();
    for m in menu {
        let lang = m.lang.as_deref().unwrap_or("vi");
        let pos = positions.entry(lang.to_string()).or_insert(0);
        insert_menu_item(conn, id, lang, None, *pos, m)?;
        *pos += 1;
    }
    Ok(())
}

fn insert_menu_item(
    conn: &mut DbConn,
    site: i32,
    lang: &str,
    parent: Option<i32>,
    position: i32,
    m: &MenuDefinition,
) -> QueryResult<()> {
    diesel::insert_into(menu_items::table)
        .values((
            menu_items::site_id.eq(site),
            menu_items::lang.eq(lang),
            menu_items::parent_id.eq(parent),
            menu_items::position.eq(position),
            menu_items::label.eq(nfc(&m.label)),
            menu_items::url.eq(&m.url),
        ))
        .execute(conn)?;
    if m.children.is_empty() {
        return Ok(());
    }
    let id: i32 = menu_items::table
        .filter(menu_items::site_id.eq(site))
        .filter(menu_items::lang.eq(lang))
        .filter(menu_items::parent_id.is_null())
        .filter(menu_items::position.eq(position))
        .select(menu_items::id)
        .order(menu_items::id.desc())
        .first(conn)?;
    for (pos, child) in m.children.iter().enumerate() {
        // One level of nesting: grandchildren are flattened into the child level.
        insert_menu_item(
            conn,
            site,
            lang,
            Some(id),
            pos as i32,
            &MenuDefinition {
                children: Vec::new(),
                ..child.clone()
            },
        )?;
    }
    Ok(())
}

/// Retires a site: its hosts answer with permanent redirects to `into` (or stay readable
/// as an archive when `into` is `None`).
pub fn retire(
    conn: &mut DbConn,
    site: SiteId,
    into: Option<SiteId>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    conn.write(|conn| {
        diesel::update(sites::table.find(site.0))
            .set((
                sites::status.eq("retired"),
                sites::redirect_site_id.eq(into.map(|s| s.0)),
                sites::updated_at.eq(now),
            ))
            .execute(conn)?;
        note_change(conn, site, "retired", now)
    })
}

/// Notes a change to a site for the followers (caches, search), in the change's transaction.
fn note_change(conn: &mut DbConn, site: SiteId, what: &str, now: NaiveDateTime) -> QueryResult<()> {
    changelog::record(conn, Entity::Site, i64::from(site.0), Some(site), what, now)
}

/// Writes the audit line of a change to a site, in the change's transaction.
fn log_change(
    conn: &mut DbConn,
    by: &crate::account::audit::Entry,
    site: SiteId,
    action: AuditAction,
    summary: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    crate::account::audit::record(
        conn,
        &by.about("site", i64::from(site.0), Some(site), action, summary),
        now,
    )
}

/// Retires a site by an administrator's decision: [`retire`], with a line in the audit log
/// naming the site it is merged into (`summary`), in one transaction.
pub fn retire_logged(
    conn: &mut DbConn,
    site: SiteId,
    into: Option<SiteId>,
    summary: &str,
    by: &crate::account::audit::Entry,
    now: NaiveDateTime,
) -> QueryResult<()> {
    conn.write(|conn| {
        retire(conn, site, into, now)?;
        log_change(conn, by, site, AuditAction::SiteRetire, summary, now)
    })
}

/// What a site administrator changes about a site (its slug and kind are changed apart).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
pub struct SiteSettings {
    #[serde(default)]
    pub name_vi: String,
    #[serde(default)]
    pub name_en: String,
    /// Its short names, addresses, phones and office hours.
    #[serde(flatten)]
    pub contact: SiteContact,
    /// One host label a line.
    #[serde(default)]
    pub aliases: String,
    /// In the `menu_text` format.
    #[serde(default)]
    pub menu_vi: String,
    #[serde(default)]
    pub menu_en: String,
}

impl SiteSettings {
    /// The settings as they are now.
    pub fn of(
        site: &Site,
        aliases: &[String],
        menu_vi: &[super::MenuItem],
        menu_en: &[super::MenuItem],
    ) -> SiteSettings {
        SiteSettings {
            name_vi: site.name_vi.clone(),
            name_en: site.name_en.clone(),
            contact: SiteContact::of(site),
            aliases: aliases.join("\n"),
            menu_vi: super::menu_text::format(menu_vi),
            menu_en: super::menu_text::format(menu_en),
        }
    }

    /// The office sessions as typed: `None` when left empty (the installation's hours).
    pub fn office_sessions(
        &self,
    ) -> Result<Option<crate::calendar::OfficeHours>, crate::calendar::CalendarError> {
        sessions_typed(&self.contact.office_sessions)
    }

    /// Checks the settings; returns the aliases and menus they describe.
    pub fn validate(&self) -> Result<(Vec<String>, Vec<MenuDefinition>), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut need = |ok: bool, field, message_id| {
            if !ok {
                errors.push(FieldError::new(field, message_id));
            }
        };
        need(!self.name_vi.trim().is_empty(), "name_vi", "form-required");
        need(!self.name_en.trim().is_empty(), "name_en", "form-required");
        need(
            self.contact.email.trim().is_empty() || self.contact.email.contains('@'),
            "email",
            "form-bad-email",
        );
        need(
            self.office_sessions().is_ok(),
            "office_sessions",
            "form-bad-office-sessions",
        );
        let aliases: Vec<String> = self
            .aliases
            .lines()
            .map(|a| a.trim().to_ascii_lowercase())
            .filter(|a| !a.is_empty())
            .collect();
        need(
            aliases.iter().all(|a| is_host_label(a)),
            "aliases",
            "form-bad-alias",
        );
        let mut menu = Vec::new();
        for (field, text, lang) in [
            ("menu_vi", &self.menu_vi, "vi"),
            ("menu_en", &self.menu_en, "en"),
        ] {
            match super::menu_text::parse(text, lang) {
                Ok(m) => menu.extend(m),
                Err(e) => errors.push(FieldError::new(field, "form-bad-menu").on_line(e.line())),
            }
        }
        if errors.is_empty() {
            Ok((aliases, menu))
        } else {
            Err(errors)
        }
    }
}

/// Who may take an alias that another site has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AliasMoves {
    /// A site administrator: an alias of another site is refused, naming its owner.
    Refused,
    /// A system administrator moves aliases between sites.
    Allowed,
}

/// A site's office sessions as they were and as saved (`None`: the installation's hours).
#[derive(Debug)]
pub struct OfficeHoursChange<'a> {
    /// The site's Vietnamese name, as saved.
    pub site_name: &'a str,
    pub before: Option<crate::calendar::OfficeHours>,
    pub after: Option<crate::calendar::OfficeHours>,
}

/// Refuses aliases that are another site's address, or (for a site administrator) another
/// site's alias.
fn refuse_taken_aliases(
    conn: &mut DbConn,
    site: SiteId,
    aliases: &[String],
    alias_moves: AliasMoves,
) -> Result<(), SiteDefinitionError> {
    let taken_elsewhere = sites::table
        .filter(sites::slug.eq_any(aliases))
        .filter(sites::id.ne(site.0))
        .count()
        .get_result::<i64>(conn)?;
    if taken_elsewhere > 0 {
        return Err(SiteDefinitionError::InvalidSettings(vec![FieldError::new(
            "aliases",
            "form-alias-is-a-site",
        )]));
    }
    // An alias is a site's address: taking another site's would send its readers away.
    let owned_elsewhere: Vec<(String, String)> = site_aliases::table
        .inner_join(sites::table)
        .filter(site_aliases::label.eq_any(aliases))
        .filter(site_aliases::site_id.ne(site.0))
        .select((site_aliases::label, sites::name_vi))
        .load(conn)?;
    if alias_moves == AliasMoves::Refused && !owned_elsewhere.is_empty() {
        return Err(SiteDefinitionError::InvalidSettings(
            owned_elsewhere
                .into_iter()
                .map(|(label, owner)| {
                    FieldError::new("aliases", "form-alias-taken")
                        .with_detail(format!("{label} ({owner})"))
                })
                .collect(),
        ));
    }
    Ok(())
}

/// Saves a site's settings, aliases and menus, logged and recorded as a change, and hands
/// the change of its office sessions to `consequence` in the same transaction: the inbox
/// moves the deadlines of the open questions with it, so that no question is left with a
/// deadline under the old hours.
pub fn save_settings_with<E: Into<Box<dyn std::error::Error + Send + Sync>>>(
    conn: &mut DbConn,
    site: SiteId,
    settings: &SiteSettings,
    alias_moves: AliasMoves,
    by: &crate::account::audit::Entry,
    now: NaiveDateTime,
    consequence: impl FnOnce(&mut DbConn, &OfficeHoursChange) -> Result<(), E>,
) -> Result<(), SiteDefinitionError> {
    let (aliases, menu) = settings
        .validate()
        .map_err(SiteDefinitionError::InvalidSettings)?;
    conn.write(|conn| {
        // Read in the transaction: another server may have changed them since this one's
        // site directory was loaded.
        let before = office_sessions_of(conn, site)?;
        refuse_taken_aliases(conn, site, &aliases, alias_moves)?;
        let short = |s: &str, full: &str| nfc(if s.trim().is_empty() { full } else { s }.trim());
        diesel::update(sites::table.find(site.0))
            .set((
                sites::name_vi.eq(nfc(settings.name_vi.trim())),
                sites::name_en.eq(nfc(settings.name_en.trim())),
                sites::short_name_vi.eq(short(&settings.contact.short_name_vi, &settings.name_vi)),
                sites::short_name_en.eq(short(&settings.contact.short_name_en, &settings.name_en)),
                sites::address_vi.eq(nfc(settings.contact.address_vi.trim())),
                sites::address_en.eq(nfc(settings.contact.address_en.trim())),
                sites::phone.eq(settings.contact.phone.trim()),
                sites::fax.eq(settings.contact.fax.trim()),
                sites::email.eq(settings.contact.email.trim()),
                sites::office_hours_vi.eq(nfc(settings.contact.office_hours_vi.trim())),
                sites::office_hours_en.eq(nfc(settings.contact.office_hours_en.trim())),
                sites::office_sessions.eq(stored_sessions(&settings.contact.office_sessions)),
                sites::updated_at.eq(now),
            ))
            .execute(conn)?;
        replace_aliases(conn, site.0, &aliases)?;
        replace_menu(conn, site.0, &menu)?;
        note_change(conn, site, "saved", now)?;
        log_change(
            conn,
            by,
            site,
            AuditAction::SiteSettings,
            settings.name_vi.trim(),
            now,
        )?;
        let change = OfficeHoursChange {
            site_name: settings.name_vi.trim(),
            before,
            after: settings.office_sessions().ok().flatten(),
        };
        consequence(conn, &change).map_err(|e| SiteDefinitionError::Consequence(e.into()))
    })
}

/// Office sessions as typed in a form or a definition: `None` when left empty (the
/// installation's hours).
fn sessions_typed(
    typed: &str,
) -> Result<Option<crate::calendar::OfficeHours>, crate::calendar::CalendarError> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    typed.parse().map(Some)
}

/// Office sessions as stored: written the one way they are shown (validated before).
fn stored_sessions(typed: &str) -> String {
    sessions_typed(typed)
        .ok()
        .flatten()
        .map(|h| h.to_string())
        .unwrap_or_default()
}

/// The sites that set office hours of their own, with them.
pub fn office_sessions(
    conn: &mut DbConn,
) -> QueryResult<Vec<(SiteId, crate::calendar::OfficeHours)>> {
    let set: Vec<(i32, String)> = sites::table
        .filter(sites::office_sessions.ne(""))
        .select((sites::id, sites::office_sessions))
        .load(conn)?;
    Ok(set
        .into_iter()
        .filter_map(|(id, text)| Some((SiteId(id), text.parse().ok()?)))
        .collect())
}

/// The office sessions a site set, if any, as stored now.
pub fn office_sessions_of(
    conn: &mut DbConn,
    site: SiteId,
) -> QueryResult<Option<crate::calendar::OfficeHours>> {
    let stored: String = sites::table
        .find(site.0)
        .select(sites::office_sessions)
        .first(conn)?;
    Ok(stored.parse().ok())
}

/// The aliases of a site.
pub fn aliases_of(conn: &mut DbConn, site: SiteId) -> QueryResult<Vec<String>> {
    site_aliases::table
        .filter(site_aliases::site_id.eq(site.0))
        .order(site_aliases::label)
        .select(site_aliases::label)
        .load(conn)
}

/// Creates a new site (system administrators), placed after the others.
pub fn create(
    conn: &mut DbConn,
    slug: &str,
    kind: SiteKind,
    names: (&str, &str),
    by: &crate::account::audit::Entry,
    now: NaiveDateTime,
) -> Result<SiteId, SiteDefinitionError> {
    let slug = slug.trim().to_ascii_lowercase();
    let (name_vi, name_en) = (nfc(names.0.trim()), nfc(names.1.trim()));
    if !is_host_label(&slug) || slug.contains('.') {
        return Err(SiteDefinitionError::BadSlug { slug });
    }
    if name_vi.is_empty() || name_en.is_empty() {
        return Err(SiteDefinitionError::InvalidSettings(vec![FieldError::new(
            if name_vi.is_empty() {
                "name_vi"
            } else {
                "name_en"
            },
            "form-required",
        )]));
    }
    conn.write(|conn| {
        let taken = sites::table
            .filter(sites::slug.eq(&slug))
            .count()
            .get_result::<i64>(conn)?
            > 0
            || site_aliases::table
                .find(&slug)
                .count()
                .get_result::<i64>(conn)?
                > 0;
        if taken {
            return Err(SiteDefinitionError::SlugTaken { slug: slug.clone() });
        }
        let position: Option<i32> = sites::table
            .select(diesel::dsl::max(sites::position))
            .first(conn)?;
        diesel::insert_into(sites::table)
            .values((
                sites::slug.eq(&slug),
                sites::kind.eq(kind.as_str()),
                sites::name_vi.eq(&name_vi),
                sites::name_en.eq(&name_en),
                sites::short_name_vi.eq(&name_vi),
                sites::short_name_en.eq(&name_en),
                sites::position.eq(position.unwrap_or(0) + 1),
                sites::created_at.eq(now),
                sites::updated_at.eq(now),
            ))
            .execute(conn)?;
        let id: i32 = sites::table
            .filter(sites::slug.eq(&slug))
            .select(sites::id)
            .first(conn)?;
        note_change(conn, SiteId(id), "created", now)?;
        log_change(conn, by, SiteId(id), AuditAction::SiteCreate, &slug, now)?;
        Ok(SiteId(id))
    })
}

/// Renames a site's address (its sub-domain): the old one stays as an alias, so every
/// old address keeps answering with a permanent redirect.
pub fn rename(
    conn: &mut DbConn,
    site: SiteId,
    new_slug: &str,
    by: &crate::account::audit::Entry,
    now: NaiveDateTime,
) -> Result<(), SiteDefinitionError> {
    let new_slug = new_slug.trim().to_ascii_lowercase();
    if !is_host_label(&new_slug) || new_slug.contains('.') {
        return Err(SiteDefinitionError::BadSlug { slug: new_slug });
    }
    conn.write(|conn| {
        let old: String = sites::table.find(site.0).select(sites::slug).first(conn)?;
        if old == new_slug {
            return Ok(());
        }
        let taken = sites::table
            .filter(sites::slug.eq(&new_slug))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        let alias_of_other = site_aliases::table
            .find(&new_slug)
            .filter(site_aliases::site_id.ne(site.0))
            .count()
            .get_result::<i64>(conn)?
            > 0;
        if taken || alias_of_other {
            return Err(SiteDefinitionError::SlugTaken {
                slug: new_slug.clone(),
            });
        }
        // The new address may have been this site's own alias: it is now canonical.
        diesel::delete(site_aliases::table.find(&new_slug)).execute(conn)?;
        diesel::update(sites::table.find(site.0))
            .set((sites::slug.eq(&new_slug), sites::updated_at.eq(now)))
            .execute(conn)?;
        diesel::insert_into(site_aliases::table)
            .values((
                site_aliases::label.eq(&old),
                site_aliases::site_id.eq(site.0),
            ))
            .execute(conn)?;
        note_change(conn, site, "renamed", now)?;
        log_change(
            conn,
            by,
            site,
            AuditAction::SiteRename,
            &format!("{old} → {new_slug}"),
            now,
        )?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = r#"[[site]]
slug = "tanphu"
kind = "commune"
name_vi = "Xã Tân Phú"
name_en = "Tan Phu Commune"
phone = "0263 3820 111"
"#;

    #[test]
    fn a_definition_reads_its_contact_and_refuses_an_unknown_field() {
        let file: SitesFile = toml::from_str(SITE).expect("a valid definition");
        assert_eq!(file.site[0].contact.phone, "0263 3820 111");
        assert_eq!(file.site[0].contact.email, "");
        let unknown = format!("{SITE}telephone = \"0263\"\n");
        assert!(toml::from_str::<SitesFile>(&unknown).is_err());
    }
}
