//! What the public sees of the legal registry through the generic record pages
//! ([`crate::record::public`]): the list with its filters (type, issuer, field, year,
//! status, status as of a day), a document's page (status as of a day, relations both ways,
//! files with their hashes, the articles with anchors) and the API resource.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::kind::LegalDocuments;
use super::record::{parse_day, Issuance};
use super::status::Status;
use super::store::{
    self, DocumentHeading, DocumentSummary, DocumentView, Facets, LegalFilters, LegalQuery,
};
use crate::content::{ContentId, ContentItem, ContentKind};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::media::size_text;
use crate::record::apidoc::{ApiField, ApiParam};
use crate::record::public::{param, Address, ListQuery, Listing, Params, Presenter, PublicKind};
use crate::record::{RecordError, RecordKind};

/// Filters of the list, the API and the feed (the same names in both languages).
#[derive(Debug, Default, Deserialize)]
pub struct LegalParams {
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub field: Option<String>,
    pub year: Option<String>,
    pub status: Option<String>,
    pub as_of: Option<String>,
}

/// A day typed as `2024-01-31` or `31/01/2024`.
pub fn day(v: &Option<String>) -> Result<Option<NaiveDate>, &'static str> {
    parse_day(v.as_deref().unwrap_or("")).map_err(|_| "legal-bad-date")
}

impl Params for LegalParams {
    type Checked = LegalFilters;

    const API_PARAMS: &'static [ApiParam] = crate::api_params![
        "type" => "The document's type (hình thức: `Quyết định`, `Nghị quyết`…).",
        "issuer" => "The issuing authority (cơ quan ban hành).",
        "field" => "Its field (lĩnh vực).",
        "year" => "The year of issue, 1945 to 2100.",
        "status" => "Its status: `not_yet_in_force`, `in_force`, `partly_expired`, `expired`, `suspended` or `unknown`.",
        "as_of" => "The day the status is read on (`2024-01-31` or `31/01/2024`); today by default.",
    ];

    fn check(&self) -> Result<LegalFilters, &'static str> {
        let year = match param(&self.year) {
            None => None,
            Some(y) => Some(
                y.parse::<i32>()
                    .ok()
                    .filter(|y| (1945..=2100).contains(y))
                    .ok_or("legal-bad-year")?,
            ),
        };
        let status = match param(&self.status) {
            None => None,
            Some(s) => Some(Status::parse(&s).ok_or("legal-bad-status")?),
        };
        Ok(LegalFilters {
            doc_type: param(&self.doc_type),
            issuer: param(&self.issuer),
            field: param(&self.field),
            year,
            status,
            as_of: day(&self.as_of)?,
        })
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("type", param(&self.doc_type)),
            ("issuer", param(&self.issuer)),
            ("field", param(&self.field)),
            ("year", param(&self.year)),
            ("status", param(&self.status)),
            ("as_of", param(&self.as_of)),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }
}

/// A document's own parameter: its status as of a day (`?as_of=`, today by default).
#[derive(Debug, Default, Deserialize)]
pub struct DocumentParams {
    pub as_of: Option<String>,
}

impl Params for DocumentParams {
    type Checked = Option<NaiveDate>;

    const API_PARAMS: &'static [ApiParam] = crate::api_params![
        "as_of" => "The day the status is read on (`2024-01-31` or `31/01/2024`); today by default.",
    ];

    fn check(&self) -> Result<Option<NaiveDate>, &'static str> {
        day(&self.as_of)
    }
}

/// A document's page: the view as of a day, and whether that day is today.
pub struct DocumentPage {
    pub view: DocumentView,
    pub today: NaiveDate,
    /// The public consultation it was issued after ("ban hành sau lấy ý kiến").
    pub consulted: Option<crate::consultation::store::Linked>,
}

/// Where a document lives.
pub fn address(id: i32, site: i32, lang: &str, slug: &str) -> Address {
    Address::of(ContentKind::LegalDocument, id, site, lang, slug)
}

/// A document in the API's lists.
#[derive(Serialize)]
pub struct DocumentResource {
    pub id: i32,
    pub site: String,
    pub lang: String,
    pub url: String,
    #[serde(flatten)]
    pub heading: DocumentHeading,
    pub title: String,
    pub normative: bool,
    pub status: Status,
    pub published_at: String,
}

/// An article in the API.
#[derive(Serialize)]
pub struct ArticleResource {
    pub number: String,
    pub heading: String,
    pub text: String,
    pub url: String,
}

/// A relation in the API, from this document's side.
#[derive(Serialize)]
pub struct RelationResource {
    pub kind: super::record::RelationKind,
    /// `stated` (this document says it) or `received` (another says it of this one).
    pub direction: &'static str,
    pub number_symbol: String,
    pub title: String,
    pub scope: String,
    pub url: Option<String>,
}

/// An attached file in the API.
#[derive(Serialize)]
pub struct FileResource {
    pub label: String,
    #[serde(flatten)]
    pub file: crate::media::facts::FileResource,
}

/// A document in the API: every field, articles, relations and files.
#[derive(Serialize)]
pub struct DocumentDetail {
    pub id: ContentId,
    pub site: Option<String>,
    pub lang: Lang,
    pub url: String,
    pub doc_type: String,
    pub normative: bool,
    pub number_symbol: String,
    pub number_symbol_canonical: String,
    #[serde(flatten)]
    pub issuance: Issuance,
    pub field: String,
    pub title: String,
    pub status: Status,
    pub status_as_of: NaiveDate,
    pub status_decided: bool,
    pub status_reason: Option<String>,
    pub preamble: String,
    pub articles: Vec<ArticleResource>,
    pub relations: Vec<RelationResource>,
    pub files: Vec<FileResource>,
    pub published_at: String,
}

/// What the API's document says of [`DocumentResource`].
const RESOURCE_FIELDS: &[ApiField] = crate::api_fields![
    "id": Integer => "The document's number (in its address).",
    "site": Text => "The slug of the site that published it.",
    "lang": Text => "`vi` or `en`.",
    "url": Url => "Its page.",
    "doc_type": Text => "Its type (hình thức).",
    "number_symbol": Text => "Its number-symbol (số ký hiệu), `17/2019/QĐ-UBND`.",
    "issuers": Texts => "The issuing authorities (cơ quan ban hành).",
    "issued_on": Date | null => "The day of issue.",
    "effective_on": Date | null => "The day it takes effect.",
    "field": Text => "Its field (lĩnh vực).",
    "title": Text => "Its abstract (trích yếu).",
    "normative": Boolean => "A legal normative document (văn bản quy phạm pháp luật).",
    "status": Text => "Its status today.",
    "published_at": Moment => "When it was published on the site.",
];

/// What the API's document says of [`DocumentDetail`].
const DETAIL_FIELDS: &[ApiField] = crate::api_fields![
    "id": Integer => "The document's number (in its address).",
    "site": Text | null => "The slug of the site that published it.",
    "lang": Text => "`vi` or `en`.",
    "url": Url => "Its page.",
    "doc_type": Text => "Its type (hình thức).",
    "normative": Boolean => "A legal normative document.",
    "number_symbol": Text => "Its number-symbol as written.",
    "number_symbol_canonical": Text => "Its number-symbol in the canonical form searches use.",
    "issuers": Texts => "The issuing authorities.",
    "signer": Text => "Who signed it.",
    "signer_position": Text => "The signer's position.",
    "issued_on": Date | null => "The day of issue.",
    "effective_on": Date | null => "The day it takes effect.",
    "expires_on": Date | null => "The day it ends.",
    "field": Text => "Its field.",
    "title": Text => "Its abstract (trích yếu).",
    "status": Text => "Its status on `status_as_of`.",
    "status_as_of": Date => "The day the status is read on.",
    "status_decided": Boolean => "The status is the board's decision, not computed.",
    "status_reason": Text | null => "Why the board decided it.",
    "preamble": Text => "The text before the first article.",
    "articles": Objects => "Its articles (điều): `number`, `heading`, `text`, `url`.",
    "relations": Objects => "Documents it replaces, amends, repeals or guides, and those that do so to it.",
    "files": Objects => "Its files: `label`, `name`, `url`, `size`, `content_type`, `sha256`.",
    "published_at": Moment => "When it was published on the site.",
];

/// Statuses change with the day: pages that show them are cached until midnight at most.
fn next_midnight(now: NaiveDateTime) -> Option<NaiveDateTime> {
    Some(crate::clock::next_midnight_in_vietnam(now))
}

impl PublicKind for LegalDocuments {
    const LIST_TEMPLATE: &'static str = "legal_list.html";
    const API_PATH: &'static str = "legal/documents";
    const API_RESOURCE: &'static [ApiField] = RESOURCE_FIELDS;
    const API_DETAIL: &'static [ApiField] = DETAIL_FIELDS;

    type Filters = LegalParams;
    type ItemParams = DocumentParams;
    type Entry = DocumentSummary;
    type Extras = Option<Facets>;
    type View = DocumentPage;
    type Resource = DocumentResource;
    type Detail = DocumentDetail;

    fn list(
        conn: &mut DbConn,
        q: &ListQuery<LegalFilters>,
    ) -> Result<Listing<DocumentSummary, Option<Facets>>, RecordError> {
        let query = LegalQuery {
            site: q.site,
            lang: Some(q.lang),
            filters: q.filters.clone(),
            offset: q.offset,
            limit: q.limit,
            newest_published: false,
        };
        let listing = store::list(conn, &query, q.today)?;
        let facets = match q.for_page {
            true => Some(store::facets(conn, q.site, q.lang)?),
            false => None,
        };
        Ok(Listing {
            entries: listing.items,
            total: listing.total,
            extras: facets,
        })
    }

    fn card(d: &DocumentSummary, p: &dyn Presenter) -> serde_json::Value {
        serde_json::json!({
            "id": d.id,
            "url": p.link(&address(d.id, d.site_id, &d.lang, &d.slug)),
            "doc_type": d.heading.doc_type,
            "number_symbol": d.heading.number_symbol,
            "issuers": d.heading.issuers,
            "issued_on": d.heading.issued_on.map(|x| p.day(x)),
            "effective_on": d.heading.effective_on.map(|x| p.day(x)),
            "field": d.heading.field,
            "abstract_text": d.abstract_text,
            "normative": d.normative,
            "status": d.status,
            "status_name": p.message(d.status.message_id()),
            "site": p.site_slug(crate::site::SiteId(d.site_id)).unwrap_or_default(),
        })
    }

    fn list_context(
        facets: &Option<Facets>,
        params: &LegalParams,
        p: &dyn Presenter,
    ) -> serde_json::Value {
        let statuses: Vec<(&str, String)> = Status::ALL
            .iter()
            .map(|s| (s.as_str(), p.message(s.message_id())))
            .collect();
        let base = <LegalDocuments as RecordKind>::PATHS.of(p.lang());
        serde_json::json!({
            "facets": facets,
            "statuses": statuses,
            "filter": {
                "type": param(&params.doc_type),
                "issuer": param(&params.issuer),
                "field": param(&params.field),
                "year": param(&params.year),
                "status": param(&params.status),
                "as_of": param(&params.as_of),
            },
            "feed_url": format!("{base}/feed.atom"),
            "gazette_url": crate::urls::Section::Gazette.path(p.lang()),
        })
    }

    fn resource(d: &DocumentSummary, p: &dyn Presenter) -> DocumentResource {
        DocumentResource {
            id: d.id,
            site: p
                .site_slug(crate::site::SiteId(d.site_id))
                .unwrap_or_default(),
            lang: d.lang.clone(),
            url: p.url(&address(d.id, d.site_id, &d.lang, &d.slug)),
            heading: d.heading.clone(),
            title: d.abstract_text.clone(),
            normative: d.normative,
            status: d.status,
            published_at: crate::clock::iso_time(d.published_at),
        }
    }

    fn view(
        conn: &mut DbConn,
        item: &ContentItem,
        as_of: &Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<Option<DocumentPage>, RecordError> {
        let view = store::view(conn, item.id, item.lang, as_of.unwrap_or(today))?;
        // Public since the start of today at the latest: what a cached page may show all day.
        let since = today.and_time(chrono::NaiveTime::MIN) - chrono::Duration::hours(7);
        let consulted = crate::consultation::store::consulted_before(conn, item.id, since)?;
        Ok(view.map(|view| DocumentPage {
            view,
            today,
            consulted,
        }))
    }

    fn page_context(
        item: &ContentItem,
        page: &DocumentPage,
        p: &dyn Presenter,
    ) -> serde_json::Value {
        let view = &page.view;
        let record = &view.record;
        let relations: Vec<serde_json::Value> = view
            .relations
            .iter()
            .map(|r| {
                serde_json::json!({
                    "label": p.message(&r.label),
                    "stated_here": r.stated_here,
                    "number_symbol": r.number_symbol,
                    "title": r.title,
                    "scope": r.scope,
                    "url": r.target.as_ref().map(|t| p.link(&address(t.id, t.site_id, &t.lang, &t.slug))),
                })
            })
            .collect();
        let articles: Vec<serde_json::Value> = record
            .articles
            .iter()
            .map(|a| {
                serde_json::json!({
                    "number": a.number,
                    "heading": a.heading,
                    "anchor": a.anchor(),
                    "html": crate::render::markdown::plain_paragraphs(&a.text),
                })
            })
            .collect();
        let files: Vec<serde_json::Value> = view
            .files
            .iter()
            .map(|f| {
                serde_json::json!({
                    "label": f.label,
                    "name": f.file.name,
                    "url": f.file.path(),
                    "size": f.file.size,
                    "size_text": size_text(f.file.size),
                    "content_type": f.file.content_type,
                    "sha256": f.file.sha256,
                })
            })
            .collect();
        serde_json::json!({
            "doc": record,
            "symbol_canonical": view.symbol_canonical,
            "issued_on": record.issuance.issued_on.map(|d| p.day(d)),
            "effective_on": record.issuance.effective_on.map(|d| p.day(d)),
            "expires_on": record.issuance.expires_on.map(|d| p.day(d)),
            "status": view.status,
            "status_name": p.message(view.status.message_id()),
            "status_decided": view.status_decided,
            "as_of": view.as_of.format("%Y-%m-%d").to_string(),
            "as_of_text": p.day(view.as_of),
            "is_today": view.as_of == page.today,
            "relations": relations,
            "articles": articles,
            "preamble_html": crate::render::markdown::plain_paragraphs(&record.preamble),
            "files": files,
            "consulted": page.consulted.as_ref().map(|c| serde_json::json!({
                "title": c.title,
                "url": p.link(&Address::of(c.kind, c.id.0, c.site_id.0, c.lang.code(), &c.slug)),
            })),
            "published_iso": crate::clock::iso_time(item.published_at),
            // A withdrawn document stays readable, but is not offered as legislation.
            "json_ld": (item.state == crate::content::ContentState::Published)
                .then(|| legislation_json_ld(item, page, p)),
        })
    }

    fn detail(item: &ContentItem, page: &DocumentPage, p: &dyn Presenter) -> DocumentDetail {
        let view = &page.view;
        let record = &view.record;
        let url = p.url(&Address::of_item(item));
        DocumentDetail {
            id: item.id,
            site: p.site_slug(item.site_id),
            lang: item.lang,
            url: url.clone(),
            doc_type: record.doc_type.clone(),
            normative: record.normative,
            number_symbol: record.number_symbol.clone(),
            number_symbol_canonical: view.symbol_canonical.clone(),
            issuance: record.issuance.clone(),
            field: record.field.clone(),
            title: record.abstract_text.clone(),
            status: view.status,
            status_as_of: view.as_of,
            status_decided: view.status_decided,
            status_reason: record.status.as_ref().map(|o| o.reason.clone()),
            preamble: record.preamble.clone(),
            articles: record
                .articles
                .iter()
                .map(|a| ArticleResource {
                    number: a.number.clone(),
                    heading: a.heading.clone(),
                    text: a.text.clone(),
                    url: format!("{url}#{}", a.anchor()),
                })
                .collect(),
            relations: view
                .relations
                .iter()
                .map(|r| RelationResource {
                    kind: r.kind,
                    direction: if r.stated_here { "stated" } else { "received" },
                    number_symbol: r.number_symbol.clone(),
                    title: r.title.clone(),
                    scope: r.scope.clone(),
                    url: r
                        .target
                        .as_ref()
                        .map(|t| p.url(&address(t.id, t.site_id, &t.lang, &t.slug))),
                })
                .collect(),
            files: view
                .files
                .iter()
                .map(|f| FileResource {
                    label: f.label.clone(),
                    file: f.file.resource(p.absolute(f.file.path())),
                })
                .collect(),
            published_at: crate::clock::iso_time(item.published_at),
        }
    }

    fn expires(now: NaiveDateTime) -> Option<NaiveDateTime> {
        next_midnight(now)
    }
}

/// schema.org `Legislation` of a published document: its number-symbol
/// (`legislationIdentifier`), type, issuing bodies, dates and legal force today.
fn legislation_json_ld(item: &ContentItem, page: &DocumentPage, p: &dyn Presenter) -> String {
    let record = &page.view.record;
    let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let mut data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Legislation",
        "name": format!("{} {}", record.doc_type, record.number_symbol),
        "legislationIdentifier": record.number_symbol,
        "legislationType": record.doc_type,
        "abstract": record.abstract_text,
        "url": p.url(&Address::of_item(item)),
        "inLanguage": item.lang.code(),
        "legislationPassedBy": record
            .issuance.issuers
            .iter()
            .map(|i| serde_json::json!({"@type": "GovernmentOrganization", "name": i}))
            .collect::<Vec<_>>(),
        "legislationJurisdiction": p.province_name(),
    });
    let dates = [
        ("legislationDate", day(record.issuance.issued_on)),
        (
            "legislationDateOfApplicability",
            day(record.issuance.effective_on),
        ),
        ("expires", day(record.issuance.expires_on)),
    ];
    for (key, value) in dates {
        if let Some(v) = value {
            data[key] = serde_json::Value::String(v);
        }
    }
    // The status shown may be as of another day (`?as_of=`); the data says today's.
    if page.view.as_of == page.today {
        if let Some(force) = page.view.status.schema_org_force() {
            data["legislationLegalForce"] = serde_json::Value::String(force.into());
        }
    }
    crate::render::json_ld(&data)
}
