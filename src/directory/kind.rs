//! The directory's three kinds of record (see [`crate::record`]): organisation units,
//! officials and schedule weeks. Each item is a Vietnamese content item whose record holds
//! both languages, so the English page is the same item's English fields.

use chrono::NaiveDateTime;

use super::official::Official;
use super::schedule::ScheduleWeek;
use super::store;
use super::unit::OrgUnit;
use crate::content::{ContentId, ContentKind};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::record::{Paths, RecordError, RecordKind};
use crate::site::SiteId;

/// Cơ cấu tổ chức: the organisation units.
pub struct OrgUnits;

impl RecordKind for OrgUnits {
    type Record = OrgUnit;

    const KIND: ContentKind = ContentKind::OrgUnit;
    const PATHS: Paths = Paths {
        vi: "/co-cau-to-chuc",
        en: "/en/organisation",
    };
    const PAGE_TEMPLATE: &'static str = "directory_unit.html";
    const RECORD_MISSING: &'static str = "directory-record-missing";

    fn check(
        conn: &mut DbConn,
        _lang: Lang,
        content: Option<ContentId>,
        record: &OrgUnit,
        _now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        store::check_unit(conn, content, &record.clone().normalised())
    }

    fn publish(
        conn: &mut DbConn,
        site: SiteId,
        content: ContentId,
        record: &OrgUnit,
        now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        Ok(store::write_unit(
            conn,
            content,
            site,
            &record.clone().normalised(),
            now,
        )?)
    }

    fn current(conn: &mut DbConn, content: ContentId) -> Result<Option<OrgUnit>, RecordError> {
        Ok(store::unit_record(conn, content)?)
    }
}

/// Danh bạ: officials and leaders with their positions over time.
pub struct Officials;

impl RecordKind for Officials {
    type Record = Official;

    const KIND: ContentKind = ContentKind::Official;
    const PATHS: Paths = Paths {
        vi: "/danh-ba",
        en: "/en/directory",
    };
    const PAGE_TEMPLATE: &'static str = "directory_official.html";
    const RECORD_MISSING: &'static str = "directory-record-missing";

    fn check(
        conn: &mut DbConn,
        _lang: Lang,
        content: Option<ContentId>,
        record: &Official,
        _now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        store::check_official(conn, content, &record.clone().normalised())
    }

    fn publish(
        conn: &mut DbConn,
        site: SiteId,
        content: ContentId,
        record: &Official,
        now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        Ok(store::write_official(
            conn,
            content,
            site,
            &record.clone().normalised(),
            now,
        )?)
    }

    fn current(conn: &mut DbConn, content: ContentId) -> Result<Option<Official>, RecordError> {
        Ok(store::official_record(conn, content)?)
    }
}

/// Lịch công tác: a site's schedule, one item a week.
pub struct ScheduleWeeks;

impl RecordKind for ScheduleWeeks {
    type Record = ScheduleWeek;

    const KIND: ContentKind = ContentKind::ScheduleWeek;
    const PATHS: Paths = Paths {
        vi: "/lich-cong-tac",
        en: "/en/work-schedule",
    };
    const PAGE_TEMPLATE: &'static str = "schedule_week.html";
    const PRINT_TEMPLATE: Option<&'static str> = Some("schedule_print.html");
    const RECORD_MISSING: &'static str = "schedule-record-missing";

    fn check(
        conn: &mut DbConn,
        _lang: Lang,
        content: Option<ContentId>,
        record: &ScheduleWeek,
        _now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        store::check_week(conn, content, record)
    }

    fn publish(
        conn: &mut DbConn,
        site: SiteId,
        content: ContentId,
        record: &ScheduleWeek,
        now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        Ok(store::write_week(conn, content, site, record, now)?)
    }

    fn current(conn: &mut DbConn, content: ContentId) -> Result<Option<ScheduleWeek>, RecordError> {
        Ok(store::week_record(conn, content)?)
    }
}
