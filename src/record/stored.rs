//! The default for store-backed kinds: a kind whose published records live in the one table
//! `public_records` (the record as JSON, and a few typed columns its lists filter and order
//! on) declares a [`StoredKind`] (its record, its form's fields, its filters, its templates)
//! and gets from here, once for every such kind:
//! - the [`RecordKind`] of the workflow: the record checked by its form's spec and its own
//!   rules, written into `public_records` when the board publishes it;
//! - the [`PublicKind`]: the list with its filters and facets (every site's items on the
//!   province portal unless `site=` narrows it), the item page and the API resource;
//! - the [`FormKind`]: the admin form drawn from the spec ([`super::fields`]);
//! - the import of JSON Lines (`cong import KIND FILE`, the demo) in [`super::import`];
//! - the text site search finds it by.

use std::collections::{BTreeMap, HashMap};
use std::marker::PhantomData;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::fields::{self, FieldSpec, Input};
use super::form::FormKind;
use super::public::{param, Address, ListQuery, Listing, NoParams, Params, Presenter, PublicKind};
use super::{Paths, RecordError, RecordKind};
use crate::content::{ContentId, ContentItem, ContentKind, ContentState};
use crate::db::schema::{content_items, public_records};
use crate::db::DbConn;
use crate::field::FieldError;
use crate::lang::Lang;
use crate::review::store::RevisionForm;
use crate::site::hosts::Directory;
use crate::site::{Site, SiteId};

/// The typed columns a published record is listed by; what each holds is the kind's
/// choice (a project's status, field and commune; a notice's type, method and entity).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Columns {
    pub status: String,
    pub field: String,
    pub area: String,
    pub year: Option<i32>,
    /// The moment lists are ordered by, newest first (posted, released, approved).
    pub dated_at: Option<NaiveDateTime>,
    /// The moment something falls due (bid closing, next release, a call's deadline).
    pub due_at: Option<NaiveDateTime>,
}

/// A column a list may be narrowed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Status,
    Field,
    Area,
    Year,
    /// `open` (falls due later) or `closed` (already due).
    Due,
}

/// One filter of a kind's list: its query parameter (the same on the page and in the API)
/// and the column it narrows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter {
    pub param: &'static str,
    pub column: Column,
    /// Values are keys, each named by the message `{names}{value}`; `None`: shown as stored.
    pub names: Option<&'static str>,
}

impl Filter {
    /// A filter whose values are shown as stored (a field, a commune, a year).
    pub const fn plain(param: &'static str, column: Column) -> Filter {
        Filter {
            param,
            column,
            names: None,
        }
    }

    /// A filter whose values are keys named by the messages `{names}{value}`.
    pub const fn named(param: &'static str, column: Column, names: &'static str) -> Filter {
        Filter {
            param,
            column,
            names: Some(names),
        }
    }
}

/// The values of `open` and `closed` for a [`Column::Due`] filter.
pub const DUE_VALUES: [&str; 2] = ["open", "closed"];

/// What a list is narrowed to, once checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Narrowing {
    pub status: Option<String>,
    pub field: Option<String>,
    pub area: Option<String>,
    pub year: Option<i32>,
    /// `Some(true)`: only what falls due later; `Some(false)`: only what is due already.
    pub open: Option<bool>,
}

/// A record kept in `public_records`: what it is called, who publishes it, what it is
/// listed and searched by, and the rules its fields' spec cannot say.
pub trait StoredRecord:
    Serialize + DeserializeOwned + Clone + PartialEq + Send + Sync + 'static
{
    /// The columns its lists filter on.
    fn columns(&self) -> Columns;
    /// Its heading (the item's title).
    fn title(&self) -> String;
    /// The lead lists show under the heading.
    fn summary(&self) -> String {
        String::new()
    }
    /// Who publishes it (the item's author and source).
    fn source(&self) -> String;
    /// What identifies it across its translations and imports (a code, a package number).
    fn key(&self) -> String;
    /// What is wrong with it whatever the moment.
    fn problems(&self) -> Vec<FieldError> {
        Vec::new()
    }
    /// What is wrong with it now, over `previous`, the record as published (`None` for an
    /// item never published): an invitation to bid closing in the past.
    fn problems_at(&self, _previous: Option<&Self>, _now: NaiveDateTime) -> Vec<FieldError> {
        Vec::new()
    }
    /// The record as published over `previous` (a dataset keeps its revised figures).
    fn published_over(self, _previous: Option<&Self>, _now: NaiveDateTime) -> Self {
        self
    }
    /// The texts site search finds it by, besides its title.
    fn search_text(&self) -> Vec<String>;
}

/// Writes [`StoredRecord`] methods that each give a field of the record as it is:
/// `named_by!(title: name, summary: summary, key: code)`.
macro_rules! named_by {
    ($($method:ident: $field:ident),* $(,)?) => {
        $(
            fn $method(&self) -> String {
                self.$field.clone()
            }
        )*
    };
}
pub(crate) use named_by;

/// A kind of record kept in `public_records`: everything that differs between such kinds.
/// One line `v.full::<K>()` in [`crate::kinds`] gives it the workflow, its pages, API, form
/// and import.
pub trait StoredKind: Send + Sync + 'static {
    type Record: StoredRecord;

    const KIND: ContentKind;
    const PATHS: Paths;
    /// Under `/api/v1/`.
    const API_PATH: &'static str;
    /// The word of its admin addresses and of `cong import KIND`.
    const ADMIN_PATH: &'static str;
    /// The prefix of its messages: `{prefix}-title` (the section), `{prefix}-new`,
    /// `{prefix}-edit`, `{prefix}-none`, `{prefix}-field-{name}`, `{prefix}-{name}-{key}`.
    const PREFIX: &'static str;
    const LIST_TEMPLATE: &'static str;
    const PAGE_TEMPLATE: &'static str;
    const RECORD_MISSING: &'static str = "stored-record-missing";
    /// The fields of its form and record.
    const FIELDS: &'static [FieldSpec];
    /// The filters of its list, in the order the page shows them.
    const FILTERS: &'static [Filter];
    const ENGLISH_FIELDS: &'static [&'static str] = &[];
    /// Items on a page of its list.
    const PER_PAGE: i64 = 20;

    /// What its pages show besides the record (time left, a due date, a chart), seen at
    /// `p.now()`.
    fn facts(_item: &Stored<Self::Record>, _p: &dyn Presenter) -> Value {
        Value::Null
    }

    /// What its API lines and items carry besides the record (`csv_url`).
    fn api_extra(_item: &Stored<Self::Record>, _p: &dyn Presenter) -> Map<String, Value> {
        Map::new()
    }

    /// Reads a [`Input::Custom`] field of the form into the record's JSON.
    fn custom_from_form(
        _json: &mut Map<String, Value>,
        _form: &BTreeMap<String, String>,
    ) -> Vec<FieldError> {
        Vec::new()
    }

    /// Writes the [`Input::Custom`] fields of a record into the form.
    fn custom_to_form(_record: &Self::Record, _form: &mut BTreeMap<String, String>) {}

    /// Until when a page of the kind stays true once cached.
    fn expires(_now: NaiveDateTime) -> Option<NaiveDateTime> {
        None
    }
}

/// A published record with the item it belongs to.
#[derive(Debug, Clone)]
pub struct Stored<R> {
    pub id: ContentId,
    pub kind: ContentKind,
    pub site_id: SiteId,
    pub lang: Lang,
    pub slug: String,
    pub title: String,
    pub published_at: NaiveDateTime,
    pub withdrawn: bool,
    pub record: R,
}

impl<R> Stored<R> {
    /// Where it lives.
    pub fn address(&self) -> Address {
        Address {
            kind: self.kind,
            id: self.id,
            site: self.site_id,
            lang: self.lang,
            slug: self.slug.clone(),
        }
    }
}

/// The record of a store-backed kind.
pub type Rec<K> = <K as StoredKind>::Record;

// ---- storage ---------------------------------------------------------------------------

/// A published record with the columns of its item that [`Stored`] carries.
#[derive(Queryable, Selectable)]
#[diesel(table_name = public_records)]
struct Row {
    content_id: i32,
    site_id: i32,
    lang: String,
    #[diesel(select_expression = content_items::slug)]
    slug: String,
    #[diesel(select_expression = content_items::title)]
    title: String,
    #[diesel(select_expression = content_items::published_at)]
    published_at: NaiveDateTime,
    #[diesel(select_expression = content_items::state)]
    state: String,
    record: String,
}

fn from_row<R: DeserializeOwned>(kind: ContentKind, row: Row) -> Option<Stored<R>> {
    let id = row.content_id;
    let Ok(record) = serde_json::from_str::<R>(&row.record) else {
        tracing::warn!(id, %kind, "a published record is unreadable");
        return None;
    };
    Some(Stored {
        id: ContentId(id),
        kind,
        site_id: SiteId(row.site_id),
        lang: Lang::from_code(&row.lang).unwrap_or(Lang::Vi),
        slug: row.slug,
        title: row.title,
        published_at: row.published_at,
        withdrawn: row.state == ContentState::Withdrawn.as_str(),
        record,
    })
}

/// Writes a published record (replacing the one published before), in the publishing
/// transaction, and notes the change for followers (search, caches).
pub fn write<R: StoredRecord>(
    conn: &mut DbConn,
    kind: ContentKind,
    content: ContentId,
    site: SiteId,
    record: R,
    now: NaiveDateTime,
) -> Result<(), RecordError> {
    let item = crate::content::store::find(conn, content)?.ok_or(RecordError::NotFound)?;
    let previous = record_of::<R>(conn, content)?;
    let record = record.published_over(previous.as_ref(), now);
    let c = record.columns();
    let json = serde_json::to_string(&record).map_err(|_| RecordError::NotFound)?;
    diesel::delete(public_records::table.find(content.0)).execute(conn)?;
    diesel::insert_into(public_records::table)
        .values((
            public_records::content_id.eq(content.0),
            public_records::kind.eq(kind.as_str()),
            public_records::site_id.eq(site.0),
            public_records::lang.eq(item.lang.code()),
            public_records::record.eq(json),
            public_records::status.eq(c.status),
            public_records::field.eq(c.field),
            public_records::area.eq(c.area),
            public_records::year.eq(c.year),
            public_records::dated_at.eq(c.dated_at),
            public_records::due_at.eq(c.due_at),
            public_records::published_at.eq(now),
        ))
        .execute(conn)?;
    Ok(crate::content::store::note_change(
        conn, content, site, "updated", now,
    )?)
}

/// The record of an item as published.
pub fn record_of<R: DeserializeOwned>(
    conn: &mut DbConn,
    content: ContentId,
) -> QueryResult<Option<R>> {
    let json: Option<String> = public_records::table
        .find(content.0)
        .select(public_records::record)
        .first(conn)
        .optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}

/// A published record with its item, whatever the item's state (the caller applies the
/// visibility rule).
pub fn find<R: DeserializeOwned>(
    conn: &mut DbConn,
    kind: ContentKind,
    content: ContentId,
) -> QueryResult<Option<Stored<R>>> {
    let row: Option<Row> = public_records::table
        .inner_join(content_items::table.on(content_items::id.eq(public_records::content_id)))
        .filter(public_records::content_id.eq(content.0))
        .filter(public_records::kind.eq(kind.as_str()))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    Ok(row.and_then(|r| from_row(kind, r)))
}

/// How many public items each value of the list's columns has, and each site.
#[derive(Debug, Clone, Default)]
pub struct Facets {
    pub status: Vec<(String, usize)>,
    pub field: Vec<(String, usize)>,
    pub area: Vec<(String, usize)>,
    pub year: Vec<(String, usize)>,
    pub sites: Vec<(SiteId, usize)>,
}

impl Facets {
    fn of(&self, column: Column) -> &[(String, usize)] {
        match column {
            Column::Status => &self.status,
            Column::Field => &self.field,
            Column::Area => &self.area,
            Column::Year => &self.year,
            Column::Due => &[],
        }
    }
}

fn counted<T: Ord + Clone>(values: impl Iterator<Item = T>) -> Vec<(T, usize)> {
    let mut counts: BTreeMap<T, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_default() += 1;
    }
    counts.into_iter().collect()
}

/// The public records of a kind a list shows (its site's, or every site's), narrowed, a
/// page of them newest first, with the total and, for the HTML list, the facets.
pub fn list<R: DeserializeOwned>(
    conn: &mut DbConn,
    kind: ContentKind,
    q: &ListQuery<Narrowing>,
) -> QueryResult<(Vec<Stored<R>>, i64, Facets)> {
    let visible = || {
        let mut query = public_records::table
            .inner_join(content_items::table.on(content_items::id.eq(public_records::content_id)))
            .filter(public_records::kind.eq(kind.as_str()))
            .filter(public_records::lang.eq(q.lang.code()))
            .filter(content_items::state.eq_any([
                ContentState::Published.as_str(),
                ContentState::Withdrawn.as_str(),
            ]))
            .filter(content_items::published_at.le(q.now))
            .into_boxed();
        if let Some(site) = q.site {
            query = query.filter(public_records::site_id.eq(site.0));
        }
        query
    };
    let n = &q.filters;
    let filtered = || {
        let mut query = visible();
        if let Some(v) = &n.status {
            query = query.filter(public_records::status.eq(v.clone()));
        }
        if let Some(v) = &n.field {
            query = query.filter(public_records::field.eq(v.clone()));
        }
        if let Some(v) = &n.area {
            query = query.filter(public_records::area.eq(v.clone()));
        }
        if let Some(v) = n.year {
            query = query.filter(public_records::year.eq(v));
        }
        match n.open {
            Some(true) => query = query.filter(public_records::due_at.gt(q.now)),
            Some(false) => query = query.filter(public_records::due_at.le(q.now)),
            None => {}
        }
        query
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let rows: Vec<Row> = filtered()
        .order((
            public_records::dated_at.desc(),
            public_records::content_id.desc(),
        ))
        .limit(q.limit)
        .offset(q.offset)
        .select(Row::as_select())
        .load(conn)?;
    let entries = rows.into_iter().filter_map(|r| from_row(kind, r)).collect();
    let facets = match q.for_page {
        false => Facets::default(),
        true => {
            type FacetRow = (String, String, String, Option<i32>, i32);
            let all: Vec<FacetRow> = visible()
                .select((
                    public_records::status,
                    public_records::field,
                    public_records::area,
                    public_records::year,
                    public_records::site_id,
                ))
                .load(conn)?;
            let text = |pick: fn(&FacetRow) -> &String| {
                counted(all.iter().map(pick).filter(|v| !v.is_empty()).cloned())
            };
            let mut year = counted(all.iter().filter_map(|r| r.3));
            year.reverse();
            Facets {
                status: text(|r| &r.0),
                field: text(|r| &r.1),
                area: text(|r| &r.2),
                year: year.into_iter().map(|(y, n)| (y.to_string(), n)).collect(),
                sites: counted(all.iter().map(|r| SiteId(r.4))),
            }
        }
    };
    Ok((entries, total, facets))
}

/// The public records of a kind falling due from `from` on (a release calendar, the calls
/// still open), soonest first.
pub fn due_from<R: DeserializeOwned>(
    conn: &mut DbConn,
    kind: ContentKind,
    site: Option<SiteId>,
    lang: Lang,
    from: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<Vec<Stored<R>>> {
    let mut query = public_records::table
        .inner_join(content_items::table.on(content_items::id.eq(public_records::content_id)))
        .filter(public_records::kind.eq(kind.as_str()))
        .filter(public_records::lang.eq(lang.code()))
        .filter(content_items::state.eq(ContentState::Published.as_str()))
        .filter(content_items::published_at.le(now))
        .filter(public_records::due_at.ge(from))
        .into_boxed();
    if let Some(site) = site {
        query = query.filter(public_records::site_id.eq(site.0));
    }
    let rows: Vec<Row> = query
        .order((
            public_records::due_at.asc(),
            public_records::content_id.asc(),
        ))
        .select(Row::as_select())
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|r| from_row(kind, r)).collect())
}

// ---- checks ----------------------------------------------------------------------------

/// A record's JSON (an object) as its kind's record, or the record at fault.
pub fn parse_record<K: StoredKind>(json: Value) -> Result<Rec<K>, Vec<FieldError>> {
    serde_json::from_value::<Rec<K>>(json).map_err(|e| {
        vec![FieldError::new("record", "stored-error-record").with_detail(e.to_string())]
    })
}

/// What a kind refuses in a record whatever the moment: its spec's rules, then its own.
pub fn problems<K: StoredKind>(record: &Rec<K>) -> Vec<FieldError> {
    let json = serde_json::to_value(record).unwrap_or(Value::Null);
    let mut errors = fields::problems(K::FIELDS, &json);
    for e in record.problems() {
        if !errors.iter().any(|x| x.field == e.field) {
            errors.push(e);
        }
    }
    errors
}

// ---- the workflow ----------------------------------------------------------------------

impl<K: StoredKind> RecordKind for K {
    type Record = Rec<K>;

    const KIND: ContentKind = <K as StoredKind>::KIND;
    const PATHS: Paths = <K as StoredKind>::PATHS;
    const PAGE_TEMPLATE: &'static str = <K as StoredKind>::PAGE_TEMPLATE;
    const ENGLISH_FIELDS: &'static [&'static str] = <K as StoredKind>::ENGLISH_FIELDS;
    const RECORD_MISSING: &'static str = <K as StoredKind>::RECORD_MISSING;

    fn check(
        conn: &mut DbConn,
        _lang: Lang,
        content: Option<ContentId>,
        record: &Rec<K>,
        now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        let previous = match content {
            Some(c) => record_of::<Rec<K>>(conn, c)?,
            None => None,
        };
        let mut errors = problems::<K>(record);
        errors.extend(record.problems_at(previous.as_ref(), now));
        match errors.is_empty() {
            true => Ok(()),
            false => Err(RecordError::Invalid(errors)),
        }
    }

    fn publish(
        conn: &mut DbConn,
        site: SiteId,
        content: ContentId,
        record: &Rec<K>,
        now: NaiveDateTime,
    ) -> Result<(), RecordError> {
        write(
            conn,
            <K as StoredKind>::KIND,
            content,
            site,
            record.clone(),
            now,
        )
    }

    fn current(conn: &mut DbConn, content: ContentId) -> Result<Option<Rec<K>>, RecordError> {
        Ok(record_of(conn, content)?)
    }

    fn search_text(
        conn: &mut DbConn,
        content: ContentId,
    ) -> Result<Option<(String, Vec<SiteId>, String)>, RecordError> {
        Ok(
            find::<Rec<K>>(conn, <K as StoredKind>::KIND, content)?.map(|s| {
                let mut body = vec![s.record.summary()];
                body.extend(s.record.search_text());
                body.retain(|t| !t.trim().is_empty());
                (s.record.title(), vec![s.site_id], body.join("\n"))
            }),
        )
    }
}

// ---- public pages and API --------------------------------------------------------------

/// A list's query parameters as sent, for any kind: the kind's filters are read by
/// [`StoredKind::FILTERS`], the others ignored.
#[derive(Debug, Deserialize)]
#[serde(bound = "")]
pub struct StoredParams<K> {
    #[serde(flatten)]
    pub values: HashMap<String, String>,
    #[serde(skip)]
    kind: PhantomData<fn() -> K>,
}

impl<K> Default for StoredParams<K> {
    fn default() -> Self {
        StoredParams {
            values: HashMap::new(),
            kind: PhantomData,
        }
    }
}

impl<K> StoredParams<K> {
    fn get(&self, name: &str) -> Option<String> {
        param(&self.values.get(name).cloned())
    }
}

impl<K: StoredKind> Params for StoredParams<K> {
    type Checked = Narrowing;

    fn check(&self) -> Result<Narrowing, &'static str> {
        let mut n = Narrowing::default();
        for f in K::FILTERS {
            let Some(v) = self.get(f.param) else { continue };
            match f.column {
                Column::Status => n.status = Some(v),
                Column::Field => n.field = Some(v),
                Column::Area => n.area = Some(v),
                Column::Year => {
                    n.year = Some(v.parse().map_err(|_| "stored-bad-year")?);
                }
                Column::Due => {
                    n.open = Some(match v.as_str() {
                        "open" => true,
                        "closed" => false,
                        _ => return Err("stored-bad-filter"),
                    });
                }
            }
        }
        Ok(n)
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        std::iter::once("site")
            .chain(K::FILTERS.iter().map(|f| f.param))
            .filter_map(|p| self.get(p).map(|v| (p, v)))
            .collect()
    }
}

/// The record's JSON with the item's facts: what an API line and item give.
fn resource<K: StoredKind>(s: &Stored<Rec<K>>, p: &dyn Presenter) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), Value::from(s.id.0));
    out.insert("site".into(), Value::from(p.site_slug(s.site_id)));
    out.insert("lang".into(), Value::from(s.lang.code()));
    out.insert("url".into(), Value::from(p.url(&s.address())));
    out.insert("title".into(), Value::from(s.title.clone()));
    out.insert("key".into(), Value::from(s.record.key()));
    out.insert(
        "published_at".into(),
        Value::from(crate::clock::iso_time(s.published_at)),
    );
    out.insert("withdrawn".into(), Value::from(s.withdrawn));
    if let Ok(Value::Object(record)) = serde_json::to_value(&s.record) {
        for (k, v) in record {
            out.entry(k).or_insert(v);
        }
    }
    out.extend(K::api_extra(s, p));
    Value::Object(out)
}

/// A line of a list or an item's page, as templates see it.
pub fn card<K: StoredKind>(s: &Stored<Rec<K>>, p: &dyn Presenter) -> Value {
    serde_json::json!({
        "id": s.id.0,
        "url": p.link(&s.address()),
        "title": s.title,
        "site_name": p.site_name(s.site_id),
        "published": p.day(crate::clock::today_in_vietnam(s.published_at)),
        "withdrawn": s.withdrawn,
        "r": s.record,
        "facts": K::facts(s, p),
    })
}

/// A choice's name in the page's language (`project-status-approved`).
pub fn choice_name(p: &dyn Presenter, prefix: &str, field: &str, key: &str) -> String {
    p.message(&format!("{prefix}-{field}-{key}"))
}

impl<K: StoredKind> PublicKind for K {
    const LIST_TEMPLATE: &'static str = <K as StoredKind>::LIST_TEMPLATE;
    const API_PATH: &'static str = <K as StoredKind>::API_PATH;
    const PER_PAGE: i64 = <K as StoredKind>::PER_PAGE;

    type Filters = StoredParams<K>;
    type ItemParams = NoParams;
    type Entry = Stored<Rec<K>>;
    type Extras = Facets;
    type View = Stored<Rec<K>>;
    type Resource = Value;
    type Detail = Value;

    fn list(
        conn: &mut DbConn,
        q: &ListQuery<Narrowing>,
    ) -> Result<Listing<Stored<Rec<K>>, Facets>, RecordError> {
        let (entries, total, extras) = list(conn, <K as StoredKind>::KIND, q)?;
        Ok(Listing {
            entries,
            total,
            extras,
        })
    }

    fn card(entry: &Stored<Rec<K>>, p: &dyn Presenter) -> Value {
        card::<K>(entry, p)
    }

    fn list_context(facets: &Facets, params: &StoredParams<K>, p: &dyn Presenter) -> Value {
        let filters: Vec<Value> = K::FILTERS
            .iter()
            .map(|f| {
                let options: Vec<(String, String)> = match f.column {
                    Column::Due => DUE_VALUES
                        .iter()
                        .map(|v| (v.to_string(), p.message(&format!("{}-{v}", K::PREFIX))))
                        .collect(),
                    column => facets
                        .of(column)
                        .iter()
                        .map(|(v, n)| {
                            let name = match f.names {
                                Some(names) => p.message(&format!("{names}{v}")),
                                None => v.clone(),
                            };
                            (v.clone(), format!("{name} ({n})"))
                        })
                        .collect(),
                };
                serde_json::json!({
                    "name": f.param,
                    "label": p.message(&format!("{}-field-{}", K::PREFIX, f.param)),
                    "options": options,
                    "selected": params.get(f.param),
                })
            })
            .collect();
        let sites: Vec<(String, String)> = facets
            .sites
            .iter()
            .filter_map(|(id, n)| Some((p.site_slug(*id)?, format!("{} ({n})", p.site_name(*id)?))))
            .collect();
        serde_json::json!({
            "prefix": K::PREFIX,
            "filters": filters,
            "sites": sites,
            "site_selected": params.get("site"),
            "filtered": !params.pairs().is_empty(),
        })
    }

    fn resource(entry: &Stored<Rec<K>>, p: &dyn Presenter) -> Value {
        resource::<K>(entry, p)
    }

    fn view(
        conn: &mut DbConn,
        item: &ContentItem,
        _: &(),
        _today: NaiveDate,
    ) -> Result<Option<Stored<Rec<K>>>, RecordError> {
        Ok(find(conn, <K as StoredKind>::KIND, item.id)?)
    }

    fn page_context(_item: &ContentItem, view: &Stored<Rec<K>>, p: &dyn Presenter) -> Value {
        serde_json::json!({
            "prefix": K::PREFIX,
            "c": card::<K>(view, p),
        })
    }

    fn detail(_item: &ContentItem, view: &Stored<Rec<K>>, p: &dyn Presenter) -> Value {
        resource::<K>(view, p)
    }

    fn expires(now: NaiveDateTime) -> Option<NaiveDateTime> {
        <K as StoredKind>::expires(now)
    }
}

// ---- the admin form --------------------------------------------------------------------

/// Any store-backed kind's form as typed: the three fields the flow reads, and the kind's
/// fields by name.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StoredForm {
    pub csrf: String,
    pub lang: String,
    pub change_note: String,
    #[serde(flatten)]
    pub fields: BTreeMap<String, String>,
}

crate::record_form!(StoredForm);

fn input_type(input: Input) -> &'static str {
    match input {
        Input::Text => "text",
        Input::Link => "url",
        Input::Amount => "text",
        Input::Count => "number",
        Input::Date => "date",
        Input::Moment => "datetime-local",
        Input::Choice(_) => "select",
        Input::LongText | Input::Rows(_) | Input::Custom => "textarea",
    }
}

impl<K: StoredKind> FormKind for K {
    type Form = StoredForm;
    const ADMIN_PATH: &'static str = <K as StoredKind>::ADMIN_PATH;
    const FORM_TEMPLATE: &'static str = "admin/record_form.html";
    // The two headings are the kind's `{prefix}-new` and `{prefix}-edit`, read by the
    // template through `prefix`; the flow names them by these generic ids.
    const HEADINGS: [&'static str; 2] = ["stored-new", "stored-edit"];

    fn blank(_site: &Site) -> StoredForm {
        StoredForm {
            lang: Lang::Vi.code().to_string(),
            ..StoredForm::default()
        }
    }

    fn record(form: &StoredForm, _sites: &Directory) -> Result<Rec<K>, Vec<FieldError>> {
        let (mut json, mut errors) = fields::from_form(K::FIELDS, &form.fields);
        errors.extend(K::custom_from_form(&mut json, &form.fields));
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut json = Value::Object(json);
        fields::normalise(&mut json);
        let errors = fields::problems(K::FIELDS, &json);
        if !errors.is_empty() {
            return Err(errors);
        }
        let record = parse_record::<K>(json)?;
        let errors = problems::<K>(&record);
        match errors.is_empty() {
            true => Ok(record),
            false => Err(errors),
        }
    }

    fn form(record: &Rec<K>, lang: Lang, _sites: &Directory) -> StoredForm {
        let json = serde_json::to_value(record).unwrap_or(Value::Null);
        let mut fields = fields::to_form(K::FIELDS, &json);
        K::custom_to_form(record, &mut fields);
        StoredForm {
            lang: lang.code().to_string(),
            fields,
            ..StoredForm::default()
        }
    }

    fn choices(t: &dyn Fn(&str) -> String, _lang: Lang, _sites: &Directory) -> Value {
        let fields: Vec<Value> = K::FIELDS
            .iter()
            .map(|f| {
                let options: Vec<(String, String)> = match f.input {
                    Input::Choice(keys) => keys
                        .iter()
                        .map(|k| (k.to_string(), t(&format!("{}-{}-{k}", K::PREFIX, f.name))))
                        .collect(),
                    _ => Vec::new(),
                };
                let hint = match f.input {
                    Input::Rows(_) | Input::Custom => t(&format!("{}-hint-{}", K::PREFIX, f.name)),
                    Input::Amount => t("stored-hint-amount"),
                    Input::Moment => t("stored-hint-moment"),
                    _ => String::new(),
                };
                serde_json::json!({
                    "name": f.name,
                    "label": t(&format!("{}-field-{}", K::PREFIX, f.name)),
                    "type": input_type(f.input),
                    "required": f.required,
                    "options": options,
                    "hint": hint,
                })
            })
            .collect();
        serde_json::json!({
            "prefix": K::PREFIX,
            "fields": fields,
            "kind_heading": [t(&format!("{}-new", K::PREFIX)), t(&format!("{}-edit", K::PREFIX))],
        })
    }

    fn revision(record: &Rec<K>, change_note: &str) -> RevisionForm {
        let title = record.title();
        RevisionForm {
            slug: crate::text::slugify(&title, crate::content::store::SLUG_MAX),
            title,
            summary: record.summary(),
            author: record.source(),
            source: record.source(),
            change_note: change_note.to_string(),
            record: serde_json::to_string(record).ok(),
            ..RevisionForm::default()
        }
    }

    fn translation_key(record: &Rec<K>) -> String {
        record.key()
    }
}
