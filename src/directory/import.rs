//! `cong import directory FILE.csv|jsonl`: organisation units, officials and schedule weeks
//! from the spreadsheets provinces keep. Idempotent by each record's stable key (an unchanged
//! line does nothing), one transaction per line (a refused line changes nothing and is
//! reported with its reason), and an official's new post closes the principal post held
//! before it, so position changes come in as history.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

use super::official::{Official, Position};
use super::schedule::ScheduleWeek;
use super::store;
use super::unit::{OrgUnit, UnitKind};
use crate::account::audit::AuditAction;
use crate::content::store as content_store;
use crate::content::{ContentId, ContentKind, ContentState};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::record::import::{
    ImportError, ImportOptions, Imported, LineAt, LineFailure, LineImport, Outcome, Storing,
};
use crate::record::RecordError;
use crate::review::store::{self as review_store, ReviewError};
use crate::site::SiteId;

/// One line: a unit, an official (with one post, or the whole list), or a schedule week.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DirectoryLine {
    Unit(UnitLine),
    Official(OfficialLine),
    Week(WeekLine),
}

#[derive(Debug, Clone, Deserialize)]
pub struct UnitLine {
    #[serde(flatten)]
    pub unit: OrgUnit,
    #[serde(default, rename = "site_slug")]
    pub site: Option<String>,
}

/// An official as a spreadsheet row has it: contacts and one post (`unit`, `title`,
/// `title_en`, `from`, `to`, `concurrent`, `order`), or in JSON the whole `positions` list.
#[derive(Debug, Clone, Deserialize)]
pub struct OfficialLine {
    #[serde(flatten)]
    pub official: Official,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub title_en: Option<String>,
    #[serde(default)]
    pub from: Option<NaiveDate>,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    #[serde(default)]
    pub concurrent: bool,
    #[serde(default)]
    pub order: Option<i32>,
    #[serde(default, rename = "site_slug")]
    pub site: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct WeekLine {
    #[serde(flatten)]
    pub week: ScheduleWeek,
    #[serde(default, rename = "site_slug")]
    pub site: Option<String>,
}

impl OfficialLine {
    /// The post the row names, when it names one.
    fn position(&self) -> Result<Option<Position>, String> {
        let (Some(unit), Some(title)) = (&self.unit, &self.title) else {
            return Ok(None);
        };
        let from = self
            .from
            .ok_or_else(|| "from: a post needs the day it began".to_string())?;
        Ok(Some(Position {
            unit: unit.clone(),
            title: title.clone(),
            title_en: self.title_en.clone().unwrap_or_default(),
            from,
            to: self.to,
            concurrent: self.concurrent,
            order: self.order.unwrap_or(100),
        }))
    }
}

/// Brings a post into an official's history: the same post (unit, title, start) is updated;
/// a new principal post ends the principal posts still held when it begins.
pub fn merge_position(positions: &mut Vec<Position>, new: Position) {
    if let Some(same) = positions
        .iter_mut()
        .find(|p| p.unit == new.unit && p.title == new.title && p.from == new.from)
    {
        *same = new;
        return;
    }
    if !new.concurrent {
        for p in positions
            .iter_mut()
            .filter(|p| !p.concurrent && p.from < new.from && p.to.is_none_or(|t| t > new.from))
        {
            p.to = Some(new.from);
        }
    }
    positions.push(new);
}

/// The summary of an import.
pub type ImportReport = crate::record::import::ImportReport;

/// An import file's lines by number: each a record or why it could not be read.
pub type ParsedLines = Vec<(usize, Result<DirectoryLine, String>)>;

/// Reads an import file: CSV (`.csv`) or JSON Lines (anything else, one record a line with
/// its `type`: `unit`, `official`, `week`).
pub fn read_lines(path: &std::path::Path) -> Result<ParsedLines, ImportError> {
    crate::record::import::lines::read_file(path, read_csv)
}

/// CSV with a header row, one unit or one official's post a row: a `type` column (`unit`
/// or `official`, the default) and the record's fields by name; dates as `2026-07-01` or
/// `01/07/2026`, yes/no columns as `x`, `1`, `true` or `có`.
pub fn read_csv(text: &str) -> Result<ParsedLines, ImportError> {
    crate::record::import::csv_lines(text, &[&["key"], &["name"]], |get| csv_line(get))
}

fn csv_line(get: &dyn Fn(&str) -> String) -> Result<DirectoryLine, String> {
    let optional = |name: &str| Some(get(name)).filter(|s| !s.is_empty());
    let date = |name: &str| -> Result<Option<NaiveDate>, String> {
        optional(name)
            .map(|d| {
                NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                    .or_else(|_| NaiveDate::parse_from_str(&d, "%d/%m/%Y"))
                    .map_err(|_| format!("{name}: {d:?} is not a date (2026-07-01 or 01/07/2026)"))
            })
            .transpose()
    };
    let number = |name: &str| -> Result<Option<i32>, String> {
        optional(name)
            .map(|n| {
                n.parse::<i32>()
                    .map_err(|_| format!("{name}: {n:?} is not a number"))
            })
            .transpose()
    };
    let flag = |name: &str| {
        matches!(
            crate::text::fold(&get(name)).as_str(),
            "x" | "1" | "true" | "yes" | "co"
        )
    };
    match optional("type").as_deref().unwrap_or("official") {
        "unit" => {
            let kind = match optional("kind") {
                None => UnitKind::default(),
                Some(k) => UnitKind::parse(&k).ok_or_else(|| format!("kind: {k:?} unknown"))?,
            };
            Ok(DirectoryLine::Unit(UnitLine {
                unit: OrgUnit {
                    key: get("key"),
                    parent: optional("parent"),
                    kind,
                    name: get("name"),
                    name_en: get("name_en"),
                    functions: get("functions"),
                    functions_en: get("functions_en"),
                    legal_basis: get("legal_basis"),
                    head: optional("head"),
                    address: get("address"),
                    address_en: get("address_en"),
                    phone: get("phone"),
                    fax: get("fax"),
                    email: get("email"),
                    office_hours: get("office_hours"),
                    office_hours_en: get("office_hours_en"),
                    site: optional("site"),
                    order: number("order")?.unwrap_or(100),
                    ended_on: date("ended_on")?,
                    successor: optional("successor"),
                },
                site: optional("site_slug"),
            }))
        }
        "official" => Ok(DirectoryLine::Official(OfficialLine {
            official: Official {
                key: get("key"),
                name: get("name"),
                phone: get("phone"),
                fax: get("fax"),
                email: get("email"),
                photo: None,
                leader: flag("leader"),
                duties: get("duties"),
                duties_en: get("duties_en"),
                biography: get("biography"),
                biography_en: get("biography_en"),
                positions: Vec::new(),
            },
            unit: optional("unit"),
            title: optional("title"),
            title_en: optional("title_en"),
            from: date("from")?,
            to: date("to")?,
            concurrent: flag("concurrent"),
            order: number("order")?,
            site: optional("site_slug"),
        })),
        other => Err(format!("type: {other:?} is neither unit nor official")),
    }
}

impl DirectoryLine {
    fn key(&self) -> String {
        match self {
            DirectoryLine::Unit(u) => u.unit.key.trim().to_string(),
            DirectoryLine::Official(o) => o.official.key.trim().to_string(),
            DirectoryLine::Week(w) => w.week.week.trim().to_string(),
        }
    }

    fn site(&self) -> Option<&str> {
        match self {
            DirectoryLine::Unit(u) => u.site.as_deref(),
            DirectoryLine::Official(o) => o.site.as_deref(),
            DirectoryLine::Week(w) => w.site.as_deref(),
        }
    }
}

/// The directory's file mixes units, officials and weeks, each with its `key`.
impl LineImport for DirectoryLine {
    const KEY_NAME: &'static str = "key";
    type Line = DirectoryLine;
    type Report = ImportReport;

    fn import_line(
        at: LineAt,
        line: DirectoryLine,
        _: &mut ImportReport,
    ) -> Result<Imported<()>, LineFailure> {
        *at.key = line.key();
        import_line(at.conn, line, at.options, at.now)
            .map(|(outcome, id)| Imported::plain(outcome, id))
    }
}

/// What a kind's line needs from the import: its kind, key, titles, and its storage.
struct Plan {
    kind: ContentKind,
    key: String,
    title: String,
    summary: String,
    record: String,
}

fn import_line(
    conn: &mut DbConn,
    line: DirectoryLine,
    options: &ImportOptions,
    now: NaiveDateTime,
) -> Result<(Outcome, ContentId), LineFailure> {
    let site = options.site_of(line.site(), "site_slug")?;
    let kind = match &line {
        DirectoryLine::Unit(_) => ContentKind::OrgUnit,
        DirectoryLine::Official(_) => ContentKind::Official,
        DirectoryLine::Week(_) => ContentKind::ScheduleWeek,
    };
    let key = line.key();
    // Weeks are per site; units and officials are one of a key in the installation.
    let scope = (kind == ContentKind::ScheduleWeek).then_some(site);
    let existing = store::item_by_key(conn, kind, &key, scope)?;
    let plan = match line {
        DirectoryLine::Unit(u) => {
            let unit = u.unit.normalised();
            store::check_unit(conn, existing, &unit).map_err(failure)?;
            Plan {
                kind,
                key: unit.key.clone(),
                title: unit.name.clone(),
                summary: unit.name_en.clone(),
                record: serde_json::to_string(&unit).unwrap_or_default(),
            }
        }
        DirectoryLine::Official(o) => {
            let position = o.position().map_err(LineFailure)?;
            let mut official = o.official.clone();
            if let Some(id) = existing {
                if let Some(stored) = stored_record::<Official>(conn, id)? {
                    // A row brings one post: the others stay as they were.
                    if official.positions.is_empty() {
                        official.positions = stored.positions;
                    }
                    official.photo = official.photo.or(stored.photo);
                }
            }
            if let Some(p) = position {
                merge_position(&mut official.positions, p);
            }
            let official = official.normalised();
            store::check_official(conn, existing, &official).map_err(failure)?;
            let today = super::week::vietnam_day(now);
            let title = official
                .current_positions(today)
                .first()
                .map(|p| p.title.clone())
                .unwrap_or_default();
            Plan {
                kind,
                key: official.key.clone(),
                title: official.name.clone(),
                summary: title,
                record: serde_json::to_string(&official).unwrap_or_default(),
            }
        }
        DirectoryLine::Week(w) => {
            let week = w.week.normalised();
            store::check_week(conn, existing, &week).map_err(failure)?;
            Plan {
                kind,
                key: week.week.clone(),
                title: week.week.clone(),
                summary: String::new(),
                record: serde_json::to_string(&week).unwrap_or_default(),
            }
        }
    };
    plan.store(conn, existing, site, options, now)
}

fn failure(e: RecordError) -> LineFailure {
    LineFailure::from(ReviewError::from(e))
}

/// The public record of an item, or a draft's latest, as JSON of the kind's record.
fn stored_record<R: serde::de::DeserializeOwned>(
    conn: &mut DbConn,
    id: ContentId,
) -> Result<Option<R>, LineFailure> {
    let item = content_store::find(conn, id)?.ok_or(ReviewError::NotFound)?;
    let json = match crate::kinds::registry().get(item.kind) {
        Some(k) if item.state != ContentState::Draft => k.current(conn, id).map_err(failure)?,
        _ => review_store::editing_base(conn, id)?.1.record,
    };
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

impl Plan {
    fn revision(
        &self,
        options: &ImportOptions,
        site: SiteId,
    ) -> crate::review::store::RevisionForm {
        let site_name = options
            .directory
            .get(site)
            .map_or("", |s| s.name_vi.as_str());
        store::revision_of(
            &self.title,
            &self.summary,
            Some(self.record.clone()),
            site_name,
        )
    }

    /// Writes the record into the kind's table (a publication by import).
    fn write(
        &self,
        conn: &mut DbConn,
        id: ContentId,
        site: SiteId,
        now: NaiveDateTime,
    ) -> Result<(), LineFailure> {
        crate::kinds::registry()
            .get(self.kind)
            .ok_or_else(|| LineFailure(format!("kind {} is not registered", self.kind)))?
            .publish(
                conn,
                site,
                crate::record::Stored {
                    content: id,
                    record: Some(&self.record),
                    now,
                },
            )
            .map_err(failure)
    }

    /// Creates or updates the line's item (`existing`).
    fn store(
        &self,
        conn: &mut DbConn,
        existing: Option<ContentId>,
        site: SiteId,
        options: &ImportOptions,
        now: NaiveDateTime,
    ) -> Result<(Outcome, ContentId), LineFailure> {
        let storing = Storing {
            kind: self.kind,
            translation_key: store::translation_key(self.kind, &self.key),
            revision: Box::new(|site| self.revision(options, site)),
            write: Box::new(|conn, id, site| self.write(conn, id, site, now)),
            created: AuditAction::ContentImportCreate,
            updated: AuditAction::ContentImportUpdate,
            title: &self.key,
            draft_needs_account:
                "state: a draft is changed through the review by an account (--as)",
        };
        let Some(id) = existing else {
            let created = storing.create(conn, options, (site, Lang::Vi), now, now)?;
            return Ok((Outcome::Created, created));
        };
        let item = content_store::find(conn, id)?.ok_or(ReviewError::NotFound)?;
        let before = stored_record::<serde_json::Value>(conn, id)?;
        let after: Option<serde_json::Value> = serde_json::from_str(&self.record).ok();
        if before.is_some() && before == after {
            return Ok((Outcome::Unchanged, id));
        }
        Ok((storing.update(conn, options, &item, now)?, id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn post(title: &str, from: NaiveDate, concurrent: bool) -> Position {
        Position {
            unit: "sonha.ubnd".into(),
            title: title.into(),
            title_en: String::new(),
            from,
            to: None,
            concurrent,
            order: 10,
        }
    }

    #[test]
    fn a_new_principal_post_ends_the_one_held_before() {
        let mut positions = vec![
            post("Giám đốc", day(2020, 1, 1), false),
            post("Trưởng ban", day(2021, 1, 1), true),
        ];
        merge_position(&mut positions, post("Phó Chủ tịch", day(2025, 7, 1), false));
        assert_eq!(positions[0].to, Some(day(2025, 7, 1)));
        assert_eq!(positions[1].to, None, "a concurrent post stays");
        assert_eq!(positions.len(), 3);
        // The same row again changes nothing.
        let again = positions.clone();
        merge_position(&mut positions, post("Phó Chủ tịch", day(2025, 7, 1), false));
        assert_eq!(positions, again);
    }

    #[test]
    fn csv_rows_are_units_or_officials_with_one_post() {
        let text = "type,key,name,name_en,parent,kind,unit,title,title_en,from,phone,leader\n\
            unit,sonha.vp,Văn phòng UBND tỉnh,Office of the Provincial People's Committee,sonha.ubnd,province,,,,,0255 3822 100,\n\
            official,nguyen-van-an,Nguyễn Văn An,,,,sonha.ubnd,Chủ tịch,Chairman,01/07/2025,0255 3822 101,x\n\
            ,tran-b,Trần B,,,,sonha.ubnd,Chuyên viên,,2025-13-01,,\n";
        let lines = read_csv(text).unwrap();
        let DirectoryLine::Unit(u) = lines[0].1.as_ref().unwrap() else {
            panic!("a unit")
        };
        assert_eq!(u.unit.parent.as_deref(), Some("sonha.ubnd"));
        assert_eq!(u.unit.kind, UnitKind::Province);
        let DirectoryLine::Official(o) = lines[1].1.as_ref().unwrap() else {
            panic!("an official")
        };
        assert!(o.official.leader);
        assert_eq!(o.position().unwrap().unwrap().from, day(2025, 7, 1));
        assert!(lines[2].1.as_ref().unwrap_err().starts_with("from:"));
    }

    #[test]
    fn json_lines_name_their_type() {
        let lines = crate::record::import::jsonl_lines::<DirectoryLine>(
            "{\"type\":\"week\",\"week\":\"2026-W50\",\"site_slug\":\"sonha\",\"entries\":[]}\n{\"type\":\"person\"}\n",
        );
        assert!(matches!(lines[0].1, Ok(DirectoryLine::Week(_))));
        assert!(lines[1].1.is_err());
    }
}
