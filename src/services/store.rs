//! The catalogue in the database. A procedure is a content item of kind `procedure`; its
//! record is written into `service_procedures` when a revision is published or a procedure
//! imported, with the columns lists filter by beside it. Usage figures are kept by code in
//! `service_usage`.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::catalogue::{facet_key, ProcedureSummary};
use super::record::{code_key, GovLevel, OnlineLevel, ProcedureRecord};
use super::usage::UsageFigures;
use crate::changelog::{self, Entity};
use crate::content::{ContentId, ContentState};
use crate::db::schema::{content_items, media_files, service_procedures, service_usage};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::legal::record::symbol_keys;
use crate::legal::store::{self as legal_store, LinkedDocument};
use crate::review::store::{FieldError, ReviewError, RevisionForm};
use crate::site::SiteId;
use crate::text::slugify;

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = service_procedures)]
struct ProcedureRow {
    content_id: i32,
    code: String,
    code_key: String,
    name: String,
    gov_level: String,
    field: String,
    field_key: String,
    agency: String,
    agency_key: String,
    online_level: String,
    legacy_level: Option<i32>,
    record: String,
    record_sha256: String,
}

/// The hash of a record as stored, to tell an unchanged import line without reading it.
pub fn record_hash(record: &ProcedureRecord) -> String {
    let json = serde_json::to_vec(record).unwrap_or_default();
    hex::encode(Sha256::digest(json))
}

impl ProcedureRow {
    fn new(content: ContentId, r: &ProcedureRecord) -> ProcedureRow {
        ProcedureRow {
            content_id: content.0,
            code: r.code.clone(),
            code_key: r.code_key(),
            name: r.name.clone(),
            gov_level: r.gov_level.as_str().to_string(),
            field: r.field.clone(),
            field_key: facet_key(&r.field),
            agency: r.agency.clone(),
            agency_key: facet_key(&r.agency),
            online_level: r.online_level.as_str().to_string(),
            legacy_level: r.legacy_level.map(i32::from),
            record: serde_json::to_string(r).unwrap_or_default(),
            record_sha256: record_hash(r),
        }
    }
}

/// Writes a record as the public record of a procedure (publication or import), in the
/// caller's transaction, with a change-log row so pages, caches and the search index follow.
pub fn write(
    conn: &mut DbConn,
    content: ContentId,
    site: SiteId,
    record: &ProcedureRecord,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let c = content.0;
    diesel::delete(service_procedures::table.find(c)).execute(conn)?;
    diesel::insert_into(service_procedures::table)
        .values(&ProcedureRow::new(content, record))
        .execute(conn)?;
    // Forms offered for download are never cleaned up while the procedure is public.
    for media_id in record.forms() {
        crate::media::library::keep_referenced(conn, media_id, content)?;
    }
    changelog::record(conn, Entity::Content, c as i64, Some(site), "updated", now)
}

/// The public record of a procedure, as stored.
pub fn record(conn: &mut DbConn, content: ContentId) -> QueryResult<Option<ProcedureRecord>> {
    let json: Option<String> = service_procedures::table
        .find(content.0)
        .select(service_procedures::record)
        .first(conn)
        .optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// The stored hash of a procedure's public record.
pub fn stored_hash(conn: &mut DbConn, content: ContentId) -> QueryResult<Option<String>> {
    service_procedures::table
        .find(content.0)
        .select(service_procedures::record_sha256)
        .first(conn)
        .optional()
}

/// The procedure with a code in a language, whatever its state: public ones by their
/// stored record, drafts never published by their translation key.
pub fn by_code(conn: &mut DbConn, code: &str, lang: Lang) -> QueryResult<Option<ContentId>> {
    let key = code_key(code);
    let public = service_procedures::table
        .inner_join(content_items::table)
        .filter(service_procedures::code_key.eq(&key))
        .filter(content_items::lang.eq(lang.code()))
        .select(service_procedures::content_id)
        .first::<i32>(conn)
        .optional()?;
    if let Some(id) = public {
        return Ok(Some(ContentId(id)));
    }
    let draft = content_items::table
        .filter(content_items::kind.eq(crate::content::ContentKind::Procedure.as_str()))
        .filter(content_items::translation_key.eq(translation_key_of(&key)))
        .filter(content_items::lang.eq(lang.code()))
        .select(content_items::id)
        .first::<i32>(conn)
        .optional()?;
    Ok(draft.map(ContentId))
}

/// Checks a record before a revision holding it is saved: valid, its code not another
/// procedure's in the language, and its forms in the media library.
pub fn check(
    conn: &mut DbConn,
    content: Option<ContentId>,
    lang: Lang,
    record: &ProcedureRecord,
) -> Result<(), ReviewError> {
    let errors = record.validate();
    if !errors.is_empty() {
        return Err(ReviewError::Invalid(errors));
    }
    if let Some(other) = by_code(conn, &record.code, lang)? {
        if Some(other) != content {
            return Err(invalid("code", "services-duplicate"));
        }
    }
    let forms = record.forms();
    let found: i64 = media_files::table
        .filter(media_files::id.eq_any(&forms))
        .count()
        .get_result(conn)?;
    if found != forms.len() as i64 {
        return Err(invalid("dossier", "services-bad-form"));
    }
    Ok(())
}

fn invalid(field: &'static str, message_id: &'static str) -> ReviewError {
    ReviewError::Invalid(vec![FieldError::new(field, message_id)])
}

/// The content item's text fields for a record (the catalogue keeps the record itself).
pub fn revision_of(record: &ProcedureRecord, change_note: &str) -> RevisionForm {
    RevisionForm {
        title: record.name.clone(),
        slug: slugify(&record.name, crate::content::store::SLUG_MAX),
        summary: format!("{} · {}", record.field, record.agency),
        author: record.agency.clone(),
        source: if record.decision.is_empty() {
            record.agency.clone()
        } else {
            record.decision.clone()
        },
        change_note: change_note.to_string(),
        record: serde_json::to_string(record).ok(),
        ..RevisionForm::default()
    }
}

fn translation_key_of(code_key: &str) -> String {
    format!(
        "thu-tuc-{}",
        slugify(code_key, crate::content::store::SLUG_MAX)
    )
}

/// The translation key of a procedure: its code (the English version shares it).
pub fn translation_key(record: &ProcedureRecord) -> String {
    translation_key_of(&record.code_key())
}

/// Reads a record from a revision's JSON.
pub fn parse_record(json: Option<&str>) -> Result<ProcedureRecord, ReviewError> {
    json.and_then(|j| serde_json::from_str(j).ok())
        .ok_or_else(|| invalid("record", "services-record-missing"))
}

type SummaryRow = (i32, i32, String, String, ProcedureRowSummary);

#[derive(Queryable, Selectable)]
#[diesel(table_name = service_procedures)]
struct ProcedureRowSummary {
    code: String,
    name: String,
    gov_level: GovLevel,
    field: String,
    agency: String,
    online_level: OnlineLevel,
    legacy_level: Option<i32>,
}

fn summary((id, site_id, lang, slug, row): SummaryRow) -> ProcedureSummary {
    ProcedureSummary {
        id,
        site_id,
        lang,
        slug,
        code: row.code,
        name: row.name,
        gov_level: row.gov_level,
        field: row.field,
        agency: row.agency,
        online_level: row.online_level,
        legacy_level: row.legacy_level,
    }
}

/// Every published procedure of a site in both languages, by code: the site's admin list.
pub fn published_on(conn: &mut DbConn, site: SiteId) -> QueryResult<Vec<ProcedureSummary>> {
    let mut all = published(conn, Some(site), Lang::Vi)?;
    all.extend(published(conn, Some(site), Lang::En)?);
    all.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(all)
}

/// Every published procedure of a site in a language (`None`: every site's kept on the
/// province portal): the catalogue that lists filter and page.
pub fn published(
    conn: &mut DbConn,
    site: Option<SiteId>,
    lang: Lang,
) -> QueryResult<Vec<ProcedureSummary>> {
    summaries(conn, lang, Among::Site(site))
}

/// Published procedures with these codes in a language.
pub fn by_codes(
    conn: &mut DbConn,
    codes: &[String],
    lang: Lang,
) -> QueryResult<Vec<ProcedureSummary>> {
    let keys = codes.iter().map(|c| code_key(c)).collect();
    summaries(conn, lang, Among::Codes(keys))
}

/// Which published procedures a list holds.
enum Among {
    /// A site's (`None`: every site's kept on the province portal).
    Site(Option<SiteId>),
    /// Those with these code keys.
    Codes(Vec<String>),
}

fn summaries(conn: &mut DbConn, lang: Lang, among: Among) -> QueryResult<Vec<ProcedureSummary>> {
    let mut q = service_procedures::table
        .inner_join(content_items::table)
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .filter(content_items::lang.eq(lang.code()))
        .into_boxed();
    q = match among {
        Among::Site(Some(site)) => q.filter(content_items::site_id.eq(site.0)),
        Among::Site(None) => q.filter(content_items::on_portal.eq(true)),
        Among::Codes(keys) => q.filter(service_procedures::code_key.eq_any(keys)),
    };
    let rows: Vec<SummaryRow> = q
        .select((
            content_items::id,
            content_items::site_id,
            content_items::lang,
            content_items::slug,
            ProcedureRowSummary::as_select(),
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(summary).collect())
}

/// The Vietnamese procedures of a catalogue that have no published English version: the
/// English catalogue names them as available in Vietnamese only.
pub fn vietnamese_only(
    conn: &mut DbConn,
    site: Option<SiteId>,
) -> QueryResult<Vec<ProcedureSummary>> {
    let english: HashSet<String> = published(conn, site, Lang::En)?
        .into_iter()
        .map(|p| code_key(&p.code))
        .collect();
    let mut vi: Vec<ProcedureSummary> = published(conn, site, Lang::Vi)?
        .into_iter()
        .filter(|p| !english.contains(&code_key(&p.code)))
        .collect();
    vi.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(vi)
}

/// A form to download: a stored file.
pub type FormFile = crate::media::facts::FileFacts;

/// A legal basis, linked to the registry's document when it is there.
#[derive(Debug, Clone, Serialize)]
pub struct BasisView {
    pub number_symbol: String,
    pub title: String,
    pub document: Option<LinkedDocument>,
}

/// Everything a procedure's page shows besides the content item.
#[derive(Debug, Clone, Serialize)]
pub struct ProcedureView {
    pub record: ProcedureRecord,
    pub forms: HashMap<i32, FormFile>,
    pub legal_basis: Vec<BasisView>,
    pub related: Vec<ProcedureSummary>,
    pub usage: Vec<UsageFigures>,
}

/// The page of a procedure.
pub fn view(
    conn: &mut DbConn,
    content: ContentId,
    lang: Lang,
) -> QueryResult<Option<ProcedureView>> {
    let Some(record) = record(conn, content)? else {
        return Ok(None);
    };
    let forms = forms(conn, &record.forms())?;
    let keys: Vec<String> = record
        .legal_basis
        .iter()
        .map(|b| symbol_keys(&b.number_symbol).folded)
        .collect();
    let near = [record.agency.clone(), record.authority.clone()];
    let resolved = legal_store::resolve_all(conn, &keys, lang, &near)?;
    let legal_basis = record
        .legal_basis
        .iter()
        .zip(&keys)
        .map(|(b, key)| BasisView {
            number_symbol: b.number_symbol.clone(),
            title: b.title.clone(),
            document: resolved.get(key).cloned(),
        })
        .collect();
    let related = by_codes(conn, &record.related, lang)?;
    let usage = usage_of(conn, &record.code)?;
    Ok(Some(ProcedureView {
        record,
        forms,
        legal_basis,
        related,
        usage,
    }))
}

fn forms(conn: &mut DbConn, ids: &[i32]) -> QueryResult<HashMap<i32, FormFile>> {
    let files: Vec<FormFile> = media_files::table
        .filter(media_files::id.eq_any(ids))
        .select(crate::media::facts::FileFacts::as_select())
        .load(conn)?;
    Ok(files.into_iter().map(|f| (f.media_id, f)).collect())
}

/// Records usage figures: a period already recorded for a code is replaced, so importing
/// the same export twice changes nothing.
pub fn record_usage(
    conn: &mut DbConn,
    figures: &UsageFigures,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let key = code_key(&figures.code);
    let existing: Option<(i32, i32, i32, i32, i32)> = service_usage::table
        .find((&key, figures.period_start, figures.period_end))
        .select((
            service_usage::views,
            service_usage::uses,
            service_usage::received,
            service_usage::processed,
            service_usage::on_time,
        ))
        .first(conn)
        .optional()?;
    let new = (
        figures.views,
        figures.uses,
        figures.received,
        figures.processed,
        figures.on_time,
    );
    if existing == Some(new) {
        return Ok(false);
    }
    diesel::delete(service_usage::table.find((&key, figures.period_start, figures.period_end)))
        .execute(conn)?;
    diesel::insert_into(service_usage::table)
        .values((
            service_usage::code_key.eq(&key),
            service_usage::period_start.eq(figures.period_start),
            service_usage::period_end.eq(figures.period_end),
            service_usage::views.eq(figures.views),
            service_usage::uses.eq(figures.uses),
            service_usage::received.eq(figures.received),
            service_usage::processed.eq(figures.processed),
            service_usage::on_time.eq(figures.on_time),
            service_usage::imported_at.eq(now),
        ))
        .execute(conn)?;
    // The service's pages show the figures: they follow the change.
    let pages: Vec<(i32, i32)> = service_procedures::table
        .inner_join(content_items::table)
        .filter(service_procedures::code_key.eq(&key))
        .select((content_items::id, content_items::site_id))
        .load(conn)?;
    for (id, site) in pages {
        changelog::record(
            conn,
            Entity::Content,
            i64::from(id),
            Some(SiteId(site)),
            "updated",
            now,
        )?;
    }
    Ok(true)
}

/// Whether a procedure with the code is in the catalogue (usage figures must name one).
pub fn code_known(conn: &mut DbConn, code: &str) -> QueryResult<bool> {
    let n: i64 = service_procedures::table
        .filter(service_procedures::code_key.eq(code_key(code)))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The uses recorded for every service over all periods, by code key.
pub fn uses_by_code(conn: &mut DbConn) -> QueryResult<HashMap<String, i64>> {
    let rows: Vec<(String, i32)> = service_usage::table
        .select((service_usage::code_key, service_usage::uses))
        .load(conn)?;
    let mut totals = HashMap::new();
    for (code, uses) in rows {
        *totals.entry(code).or_insert(0) += i64::from(uses);
    }
    Ok(totals)
}

/// A service's figures, newest period first.
pub fn usage_of(conn: &mut DbConn, code: &str) -> QueryResult<Vec<UsageFigures>> {
    service_usage::table
        .filter(service_usage::code_key.eq(code_key(code)))
        .order(service_usage::period_start.desc())
        .select(UsageFigures::as_select())
        .load(conn)
}

/// An agency's online services with the figures they reported, summed over every period.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AgencyUsage {
    pub agency: String,
    pub services: Vec<(ProcedureSummary, UsageTotals)>,
    pub totals: UsageTotals,
}

/// Figures summed over periods, with the periods they cover.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UsageTotals {
    pub views: i64,
    pub uses: i64,
    pub received: i64,
    pub processed: i64,
    pub on_time: i64,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl UsageTotals {
    fn add(&mut self, f: &UsageTotals) {
        self.views += f.views;
        self.uses += f.uses;
        self.received += f.received;
        self.processed += f.processed;
        self.on_time += f.on_time;
        self.from = match (self.from, f.from) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.to = match (self.to, f.to) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }

    /// Processed on time, in percent.
    pub fn on_time_percent(&self) -> Option<f64> {
        (self.processed > 0)
            .then(|| (self.on_time as f64 * 1000.0 / self.processed as f64).round() / 10.0)
    }
}

/// A service's figures of one period, keyed by code.
/// The usage report per agency: every online service of a catalogue in a language with its
/// figures, agencies sorted by name.
pub fn usage_by_agency(
    conn: &mut DbConn,
    site: Option<SiteId>,
    lang: Lang,
) -> QueryResult<Vec<AgencyUsage>> {
    let services: Vec<ProcedureSummary> = published(conn, site, lang)?
        .into_iter()
        .filter(|p| p.online_level.is_online())
        .collect();
    let keys: Vec<String> = services.iter().map(|p| code_key(&p.code)).collect();
    let mut totals: HashMap<String, UsageTotals> = HashMap::new();
    for chunk in keys.chunks(500) {
        let rows: Vec<UsageFigures> = service_usage::table
            .filter(service_usage::code_key.eq_any(chunk))
            .select(UsageFigures::as_select())
            .load(conn)?;
        for f in rows {
            totals.entry(f.code).or_default().add(&UsageTotals {
                views: f.views.into(),
                uses: f.uses.into(),
                received: f.received.into(),
                processed: f.processed.into(),
                on_time: f.on_time.into(),
                from: Some(f.period_start),
                to: Some(f.period_end),
            });
        }
    }
    let mut by_agency: HashMap<String, AgencyUsage> = HashMap::new();
    for p in services {
        let t = totals.get(&code_key(&p.code)).cloned().unwrap_or_default();
        let entry = by_agency
            .entry(facet_key(&p.agency))
            .or_insert_with(|| AgencyUsage {
                agency: p.agency.clone(),
                ..AgencyUsage::default()
            });
        entry.totals.add(&t);
        entry.services.push((p, t));
    }
    let mut report: Vec<AgencyUsage> = by_agency.into_values().collect();
    for a in &mut report {
        a.services.sort_by(|x, y| x.0.name.cmp(&y.0.name));
    }
    report.sort_by(|a, b| a.agency.cmp(&b.agency));
    Ok(report)
}
