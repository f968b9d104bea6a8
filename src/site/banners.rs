//! Alert and maintenance banners: a notice shown at the top of every public page of one
//! site or of every site, between a start and an end. Maintenance is announced at least a
//! day before the work begins (seed 003 art. 17.4); a banner giving less notice is saved
//! only once its author confirms it (an urgent repair), and stays flagged in the list.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::SiteId;
use crate::account::audit::{self, AuditAction, Entry};
use crate::account::{Actor, Capability};
use crate::changelog::{self, Entity};
use crate::db::schema::banners;
use crate::db::DbConn;
use crate::field::FieldError;
use crate::lang::Lang;

crate::typed_id! {
    /// A banner's stable number.
    pub struct BannerId;
}

crate::text_enum! {
    /// What a banner announces.
    pub enum BannerKind {
        /// Something readers must know now (a storm warning, a service down).
        Alert = "alert",
        /// Planned work during which the portal may not answer.
        Maintenance = "maintenance",
    }
}

/// How long before maintenance begins readers must be told (seed 003 art. 17.4).
pub fn notice_needed() -> Duration {
    Duration::days(1)
}

/// One banner as stored; times in UTC.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = banners)]
pub struct Banner {
    pub id: BannerId,
    /// `None`: every site.
    pub site_id: Option<SiteId>,
    pub kind: BannerKind,
    pub title_vi: String,
    pub title_en: String,
    pub body_vi: String,
    pub body_en: String,
    /// Shown from …
    pub starts_at: NaiveDateTime,
    /// … until (for maintenance: the end of the work).
    pub ends_at: NaiveDateTime,
    /// When the maintenance work begins (maintenance only).
    pub work_starts_at: Option<NaiveDateTime>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
}

impl Banner {
    /// Shown on `site`'s pages at `now`.
    pub fn shown(&self, site: SiteId, now: NaiveDateTime) -> bool {
        self.site_id.is_none_or(|s| s == site) && self.starts_at <= now && now < self.ends_at
    }

    pub fn title(&self, lang: Lang) -> &str {
        lang.pick(&self.title_vi, &self.title_en)
    }

    pub fn body(&self, lang: Lang) -> &str {
        lang.pick(&self.body_vi, &self.body_en)
    }

    /// When maintenance work begins and ends, in Vietnam's time as readers of `lang` write
    /// it (`22:00 10/12/2026`).
    pub fn work_window(&self, lang: Lang) -> Option<(String, String)> {
        let time = |t: NaiveDateTime| {
            let local = t.and_utc().with_timezone(&crate::clock::vietnam());
            format!(
                "{} {}",
                local.format("%H:%M"),
                crate::clock::day_text(local.date_naive(), lang)
            )
        };
        self.work_starts_at
            .map(|from| (time(from), time(self.ends_at)))
    }

    /// Maintenance announced less than a day before the work begins.
    pub fn short_notice(&self) -> bool {
        self.work_starts_at
            .is_some_and(|work| work - self.starts_at.max(self.created_at) < notice_needed())
    }
}

/// The next moment after `now` when the banners shown on `site` change (one starts or ends),
/// so that a cached page is rebuilt then.
pub fn next_change(banners: &[Banner], site: SiteId, now: NaiveDateTime) -> Option<NaiveDateTime> {
    banners
        .iter()
        .filter(|b| b.site_id.is_none_or(|s| s == site))
        .flat_map(|b| [b.starts_at, b.ends_at])
        .filter(|t| *t > now)
        .min()
}

/// Whether an account may put up or take down banners on `site` (`None`: every site): the
/// board head answers for what the site shows, the site administrator for its operation.
pub fn may_manage(actor: &Actor, site: Option<SiteId>) -> bool {
    match site {
        None => actor.system_admin,
        Some(s) => actor.can(Capability::Publish, s) || actor.can(Capability::Manage, s),
    }
}

/// Whether an account may open the banners page at all.
pub fn may_open(actor: &Actor) -> bool {
    actor.system_admin || actor.roles.iter().any(|(s, _)| may_manage(actor, Some(*s)))
}

/// A banner in the admin's list, as one account sees it.
#[derive(Debug, Serialize)]
pub struct Listed {
    #[serde(flatten)]
    pub banner: Banner,
    pub site_name: Option<String>,
    /// `shown`, `scheduled` or `ended`.
    pub state: &'static str,
    pub short_notice: bool,
    pub may_end: bool,
}

/// The banners an account manages (and those of every site), with their state at `now`.
pub fn listed_for(
    banners: Vec<Banner>,
    actor: &Actor,
    now: NaiveDateTime,
    site_name: impl Fn(SiteId) -> Option<String>,
) -> Vec<Listed> {
    banners
        .into_iter()
        .filter(|b| b.site_id.is_none() || may_manage(actor, b.site_id))
        .map(|b| Listed {
            site_name: b.site_id.and_then(&site_name),
            state: if b.ends_at <= now {
                "ended"
            } else if b.starts_at <= now {
                "shown"
            } else {
                "scheduled"
            },
            short_notice: b.short_notice(),
            may_end: b.ends_at > now && may_manage(actor, b.site_id),
            banner: b,
        })
        .collect()
}

/// A banner as the form gives it, times already in UTC.
#[derive(Debug, Clone, Default)]
pub struct BannerForm {
    pub site_id: Option<SiteId>,
    pub kind: Option<BannerKind>,
    pub title_vi: String,
    pub title_en: String,
    pub body_vi: String,
    pub body_en: String,
    pub starts_at: Option<NaiveDateTime>,
    pub ends_at: Option<NaiveDateTime>,
    pub work_starts_at: Option<NaiveDateTime>,
    /// The author knows the maintenance is announced less than a day ahead.
    pub short_notice_confirmed: bool,
}

/// Why a banner is not saved: what to correct, field by field.
#[derive(Debug, thiserror::Error)]
pub enum BannerError {
    #[error("the banner is not valid")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Db(#[from] diesel::result::Error),
}

impl BannerForm {
    /// Every problem of the form at `now` (empty when it may be saved). A start left empty
    /// means now.
    pub fn check(&self, now: NaiveDateTime) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.kind.is_none() {
            errors.push(FieldError::new("kind", "banner-error-kind"));
        }
        for (field, text, max) in [
            ("title_vi", &self.title_vi, 200),
            ("title_en", &self.title_en, 200),
            ("body_vi", &self.body_vi, 1000),
            ("body_en", &self.body_en, 1000),
        ] {
            if text.chars().count() > max {
                errors.push(FieldError::new(field, "banner-error-too-long"));
            } else if text
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\r')
            {
                errors.push(FieldError::new(field, "form-error-control"));
            }
        }
        if self.title_vi.trim().is_empty() {
            errors.push(FieldError::new("title_vi", "banner-error-title"));
        }
        let starts = self.starts_at.unwrap_or(now);
        match self.ends_at {
            None => errors.push(FieldError::new("ends_at", "banner-error-ends")),
            Some(end) if end <= starts || end <= now => {
                errors.push(FieldError::new("ends_at", "banner-error-ends-before"))
            }
            Some(_) => {}
        }
        if self.kind == Some(BannerKind::Maintenance) {
            match self.work_starts_at {
                None => errors.push(FieldError::new("work_starts_at", "banner-error-work")),
                Some(work) if work < starts || self.ends_at.is_some_and(|e| work >= e) => errors
                    .push(FieldError::new(
                        "work_starts_at",
                        "banner-error-work-window",
                    )),
                Some(work)
                    if work - starts.max(now) < notice_needed() && !self.short_notice_confirmed =>
                {
                    errors.push(FieldError::new(
                        "work_starts_at",
                        "banner-warning-short-notice",
                    ))
                }
                Some(_) => {}
            }
        }
        errors
    }
}

/// Saves a banner (site administrators for their site, system administrators for every
/// site: the caller checks the role), with its audit entry and a change that rebuilds the
/// cached pages.
pub fn create(
    conn: &mut DbConn,
    form: &BannerForm,
    by: &Entry,
    now: NaiveDateTime,
) -> Result<BannerId, BannerError> {
    let errors = form.check(now);
    let Some(kind) = form.kind.filter(|_| errors.is_empty()) else {
        return Err(BannerError::Invalid(errors));
    };
    let text = |s: &str| crate::text::nfc(s.trim());
    let title_vi = text(&form.title_vi);
    let title_en = match text(&form.title_en) {
        t if t.is_empty() => title_vi.clone(),
        t => t,
    };
    let work_starts_at = match kind {
        BannerKind::Maintenance => form.work_starts_at,
        BannerKind::Alert => None,
    };
    conn.write(|conn| {
        diesel::insert_into(banners::table)
            .values((
                banners::site_id.eq(form.site_id),
                banners::kind.eq(kind),
                banners::title_vi.eq(&title_vi),
                banners::title_en.eq(&title_en),
                banners::body_vi.eq(text(&form.body_vi)),
                banners::body_en.eq(text(&form.body_en)),
                banners::starts_at.eq(form.starts_at.unwrap_or(now)),
                banners::ends_at.eq(form.ends_at.unwrap_or(now)),
                banners::work_starts_at.eq(work_starts_at),
                banners::created_by.eq(&by.actor_name),
                banners::created_at.eq(now),
            ))
            .execute(conn)?;
        // The newest row: the transaction holds the write lock.
        let id: BannerId = banners::table
            .select(banners::id)
            .order(banners::id.desc())
            .first(conn)?;
        changelog::record(
            conn,
            Entity::Site,
            i64::from(id.0),
            form.site_id,
            "banner",
            now,
        )?;
        audit::record(
            conn,
            &by.about(
                "banner",
                i64::from(id.0),
                form.site_id,
                AuditAction::BannerCreate,
                &title_vi,
            ),
            now,
        )?;
        Ok(id)
    })
}

/// Takes a banner down at once (it stays in the list as ended). The caller checks the role
/// on the banner's site. `false` when it had ended already or is unknown.
pub fn end_now(
    conn: &mut DbConn,
    id: BannerId,
    by: &Entry,
    now: NaiveDateTime,
) -> Result<bool, BannerError> {
    conn.write(|conn| {
        let Some(banner) = find(conn, id)? else {
            return Ok(false);
        };
        if banner.ends_at <= now {
            return Ok(false);
        }
        // One not yet started ends before it starts: shown never.
        diesel::update(banners::table.find(id))
            .set((
                banners::ends_at.eq(now),
                banners::starts_at.eq(banner.starts_at.min(now)),
            ))
            .execute(conn)?;
        changelog::record(
            conn,
            Entity::Site,
            i64::from(id.0),
            banner.site_id,
            "banner",
            now,
        )?;
        let summary = banner.title_vi.clone();
        audit::record(
            conn,
            &by.about(
                "banner",
                i64::from(id.0),
                banner.site_id,
                AuditAction::BannerEnd,
                &summary,
            ),
            now,
        )?;
        Ok(true)
    })
}

pub fn find(conn: &mut DbConn, id: BannerId) -> QueryResult<Option<Banner>> {
    banners::table
        .find(id)
        .select(Banner::as_select())
        .first(conn)
        .optional()
}

/// The banners ending last (what the site directory keeps for the public pages: the
/// directory is read without a clock, and banners ended long ago are never among these).
pub fn latest(conn: &mut DbConn) -> QueryResult<Vec<Banner>> {
    banners::table
        .order((banners::ends_at.desc(), banners::id.asc()))
        .limit(200)
        .select(Banner::as_select())
        .load(conn)
}

/// Every banner, newest first, at most `limit` (the admin's list).
pub fn recent(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<Banner>> {
    banners::table
        .order(banners::id.desc())
        .limit(limit)
        .select(Banner::as_select())
        .load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    fn maintenance(work: &str) -> BannerForm {
        BannerForm {
            kind: Some(BannerKind::Maintenance),
            title_vi: "Bảo trì hệ thống".into(),
            ends_at: Some(at("2026-12-10 12:00")),
            work_starts_at: Some(at(work)),
            ..BannerForm::default()
        }
    }

    fn ids(errors: Vec<FieldError>) -> Vec<&'static str> {
        errors.into_iter().map(|e| e.message_id).collect()
    }

    #[test]
    fn maintenance_needs_a_day_of_notice_or_a_confirmation() {
        let now = at("2026-12-08 09:00");
        assert!(maintenance("2026-12-09 09:00").check(now).is_empty());
        assert_eq!(
            ids(maintenance("2026-12-09 08:59").check(now)),
            ["banner-warning-short-notice"]
        );
        let confirmed = BannerForm {
            short_notice_confirmed: true,
            ..maintenance("2026-12-08 20:00")
        };
        assert!(confirmed.check(now).is_empty());
        // A banner shown from later counts its notice from when readers first see it.
        let later = BannerForm {
            starts_at: Some(at("2026-12-08 12:00")),
            ..maintenance("2026-12-09 10:00")
        };
        assert_eq!(ids(later.check(now)), ["banner-warning-short-notice"]);
    }

    #[test]
    fn a_banner_needs_a_title_an_end_after_its_start_and_work_inside_it() {
        let now = at("2026-12-08 09:00");
        let empty = BannerForm::default();
        assert_eq!(
            ids(empty.check(now)),
            [
                "banner-error-kind",
                "banner-error-title",
                "banner-error-ends"
            ]
        );
        let backwards = BannerForm {
            kind: Some(BannerKind::Alert),
            title_vi: "Cảnh báo bão".into(),
            starts_at: Some(at("2026-12-09 09:00")),
            ends_at: Some(at("2026-12-09 08:00")),
            ..BannerForm::default()
        };
        assert_eq!(ids(backwards.check(now)), ["banner-error-ends-before"]);
        assert_eq!(
            ids(maintenance("2026-12-11 09:00").check(now)),
            ["banner-error-work-window"]
        );
    }

    #[test]
    fn banners_show_on_their_site_between_start_and_end() {
        let banner = Banner {
            id: BannerId(1),
            site_id: Some(SiteId(2)),
            kind: BannerKind::Alert,
            title_vi: "Cảnh báo".into(),
            title_en: "Warning".into(),
            body_vi: String::new(),
            body_en: String::new(),
            starts_at: at("2026-12-08 09:00"),
            ends_at: at("2026-12-08 18:00"),
            work_starts_at: None,
            created_by: "quantri".into(),
            created_at: at("2026-12-08 08:00"),
        };
        assert!(banner.shown(SiteId(2), at("2026-12-08 09:00")));
        assert!(!banner.shown(SiteId(2), at("2026-12-08 18:00")));
        assert!(!banner.shown(SiteId(3), at("2026-12-08 10:00")));
        let everywhere = Banner {
            site_id: None,
            ..banner.clone()
        };
        assert!(everywhere.shown(SiteId(3), at("2026-12-08 10:00")));
        let banners = [banner, everywhere];
        assert_eq!(
            next_change(&banners, SiteId(2), at("2026-12-08 07:00")),
            Some(at("2026-12-08 09:00"))
        );
        assert_eq!(
            next_change(&banners, SiteId(2), at("2026-12-08 10:00")),
            Some(at("2026-12-08 18:00"))
        );
        assert_eq!(
            next_change(&banners, SiteId(2), at("2026-12-08 18:00")),
            None
        );
    }
}
