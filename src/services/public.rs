//! What the public sees of the catalogue through the generic record pages
//! ([`crate::record::public`]): the list with its filters (by field, agency, level of
//! government, online level), a procedure's page (every component in the order a citizen
//! needs them, the forms, the legal basis linked to the registry, the usage figures, and
//! schema.org `GovernmentService` data) and the API resource, named by the procedure's code.

use serde::{Deserialize, Serialize};

use super::catalogue::{self, Facets, Filters, ProcedureSummary};
use super::kind::Procedures;
use super::record::{Channel, GovLevel, OnlineLevel};
use super::store::{self, ProcedureView};
use super::usage::UsageFigures;
use crate::content::{ContentId, ContentItem, ContentKind};
use crate::db::DbConn;
use crate::lang::Lang;
use crate::legal::store::LinkedDocument;
use crate::media::size_text;
use crate::record::apidoc::{ApiField, ApiParam};
use crate::record::public::{
    param, Address, ListQuery, Listing, NoParams, Params, Presenter, PublicKind,
};
use crate::record::{RecordError, RecordKind};
use crate::site::SiteId;

/// Filters of the list and the API (the same names in both languages).
#[derive(Debug, Default, Deserialize)]
pub struct ServiceParams {
    pub field: Option<String>,
    pub agency: Option<String>,
    pub level: Option<String>,
    pub online: Option<String>,
}

impl Params for ServiceParams {
    type Checked = Filters;

    const API_PARAMS: &'static [ApiParam] = crate::api_params![
        "field" => "The procedure's field (lĩnh vực).",
        "agency" => "The implementing agency.",
        "level" => "The level of government: `central`, `province`, `district` or `commune`.",
        "online" => "The online level: `full` (toàn trình), `partial` (một phần) or `none`.",
    ];

    fn check(&self) -> Result<Filters, &'static str> {
        let gov_level = match param(&self.level) {
            None => None,
            Some(l) => Some(GovLevel::parse(&l).ok_or("services-bad-level")?),
        };
        let online_level = match param(&self.online) {
            None => None,
            Some(l) => Some(OnlineLevel::parse(&l).ok_or("services-bad-online-level")?),
        };
        Ok(Filters {
            field: param(&self.field),
            agency: param(&self.agency),
            gov_level,
            online_level,
        })
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        [
            ("field", param(&self.field)),
            ("agency", param(&self.agency)),
            ("level", param(&self.level)),
            ("online", param(&self.online)),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }
}

/// What the HTML list shows besides its procedures: the facets, and on the English list the
/// procedures only available in Vietnamese.
pub struct CatalogueExtras {
    pub facets: Facets,
    pub vietnamese_only: Vec<ProcedureSummary>,
}

/// Where a procedure lives.
pub fn address(p: &ProcedureSummary) -> Address {
    Address::of(ContentKind::Procedure, p.id, p.site_id, &p.lang, &p.slug)
}

fn legal_address(d: &LinkedDocument) -> Address {
    crate::legal::public::address(d.id, d.site_id, &d.lang, &d.slug)
}

/// The word of the usage report's address (`/thu-tuc-hanh-chinh/thong-ke`).
pub fn report_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "thong-ke",
        Lang::En => "statistics",
    }
}

/// A procedure in a list, as templates see it (the list, related procedures, the report).
pub fn card(p: &ProcedureSummary, pr: &dyn Presenter) -> serde_json::Value {
    serde_json::json!({
        "id": p.id,
        "code": p.code,
        "url": pr.link(&address(p)),
        "name": p.name,
        "field": p.field,
        "agency": p.agency,
        "gov_level": p.gov_level,
        "gov_level_name": pr.message(&p.gov_level.message_id()),
        "online_level": p.online_level,
        "online_level_name": pr.message(&p.online_level.message_id()),
        "legacy_level": p.legacy_level,
    })
}

/// A procedure in the API's list.
#[derive(Serialize)]
pub struct ProcedureResource {
    pub id: i32,
    pub code: String,
    pub site: Option<String>,
    pub lang: String,
    pub url: String,
    pub name: String,
    pub field: String,
    pub agency: String,
    pub gov_level: GovLevel,
    pub online_level: OnlineLevel,
    pub legacy_level: Option<i32>,
}

/// What the API's document says of [`ProcedureResource`].
const RESOURCE_FIELDS: &[ApiField] = crate::api_fields![
    "id": Integer => "The procedure's number (in its address).",
    "code": Text => "Its code in the national catalogue (the API's key).",
    "site": Text | null => "The slug of the site that publishes it.",
    "lang": Text => "`vi` or `en`.",
    "url": Url => "Its page.",
    "name": Text => "Its name.",
    "field": Text => "Its field (lĩnh vực).",
    "agency": Text => "The implementing agency.",
    "gov_level": Text => "`central`, `province`, `district` or `commune`.",
    "online_level": Text => "`full` (toàn trình), `partial` (một phần) or `none`.",
    "legacy_level": Integer | null => "The old online level, 1 to 4.",
];

/// A form to download, in the API.
pub type FormResource = crate::media::facts::FileResource;

/// A document of the dossier, in the API.
#[derive(Serialize)]
pub struct DossierDocumentResource {
    pub name: String,
    pub originals: u32,
    pub copies: u32,
    pub form: Option<FormResource>,
}

/// A case of the dossier (the documents asked for in that case), in the API.
#[derive(Serialize)]
pub struct DossierCaseResource {
    pub case: String,
    pub documents: Vec<DossierDocumentResource>,
}

/// A legal basis, linked to the registry when the document is in it, in the API.
#[derive(Serialize)]
pub struct BasisResource {
    pub number_symbol: String,
    pub title: String,
    pub url: Option<String>,
}

/// A related procedure, in the API.
#[derive(Serialize)]
pub struct RelatedResource {
    pub code: String,
    pub name: String,
    pub url: String,
}

/// A procedure in the API: every component, its forms, linked legal basis and usage figures.
#[derive(Serialize)]
pub struct ProcedureDetail {
    pub id: ContentId,
    pub code: String,
    pub site: Option<String>,
    pub lang: Lang,
    pub url: String,
    pub decision: String,
    pub name: String,
    pub gov_level: GovLevel,
    pub field: String,
    pub agency: String,
    pub authority: String,
    pub received_at: String,
    pub steps: Vec<String>,
    pub channels: Vec<Channel>,
    pub dossier: Vec<DossierCaseResource>,
    pub eligible: String,
    pub result: String,
    pub legal_basis: Vec<BasisResource>,
    pub requirements: String,
    pub keywords: Vec<String>,
    pub related: Vec<RelatedResource>,
    pub online_level: OnlineLevel,
    pub legacy_level: Option<u8>,
    pub submit_url: String,
    pub usage: Vec<UsageFigures>,
    pub published_at: String,
}

/// What the API's document says of [`ProcedureDetail`].
const DETAIL_FIELDS: &[ApiField] = crate::api_fields![
    "id": Integer => "The procedure's number (in its address).",
    "code": Text => "Its code in the national catalogue.",
    "site": Text | null => "The slug of the site that publishes it.",
    "lang": Text => "`vi` or `en`.",
    "url": Url => "Its page.",
    "decision": Text => "The decision that announced it.",
    "name": Text => "Its name.",
    "gov_level": Text => "`central`, `province`, `district` or `commune`.",
    "field": Text => "Its field.",
    "agency": Text => "The implementing agency.",
    "authority": Text => "The competent authority.",
    "received_at": Text => "Where the dossier is received.",
    "steps": Texts => "Its steps, in order.",
    "channels": Objects => "How to submit, each with its processing time and fees.",
    "dossier": Objects => "The dossier's documents, by case: `case`, `documents` (`name`, `originals`, `copies`, `form`).",
    "eligible": Text => "Who may use it.",
    "result": Text => "What it results in.",
    "legal_basis": Objects => "Its legal basis: `number_symbol`, `title`, `url` (in the registry).",
    "requirements": Text => "Its conditions.",
    "keywords": Texts => "Words it is also searched by.",
    "related": Objects => "Related procedures: `code`, `name`, `url`.",
    "online_level": Text => "`full`, `partial` or `none`.",
    "legacy_level": Integer | null => "The old online level, 1 to 4.",
    "submit_url": Text => "Where it is submitted online (the public service portal).",
    "usage": Objects => "Usage figures by period: views, uses, dossiers received and processed.",
    "published_at": Moment => "When it was published.",
];

impl PublicKind for Procedures {
    const LIST_TEMPLATE: &'static str = "services_list.html";
    const API_PATH: &'static str = "services";
    const API_RESOURCE: &'static [ApiField] = RESOURCE_FIELDS;
    const API_DETAIL: &'static [ApiField] = DETAIL_FIELDS;

    type Filters = ServiceParams;
    type ItemParams = NoParams;
    type Entry = ProcedureSummary;
    type Extras = CatalogueExtras;
    type View = ProcedureView;
    type Resource = ProcedureResource;
    type Detail = ProcedureDetail;

    fn list(
        conn: &mut DbConn,
        q: &ListQuery<Filters>,
    ) -> Result<Listing<ProcedureSummary, CatalogueExtras>, RecordError> {
        let all = store::published(conn, q.site, q.lang)?;
        let listing = catalogue::select(all, &q.filters, q.offset as usize, q.limit as usize);
        let vietnamese_only = match q.for_page && q.lang == Lang::En {
            true => store::vietnamese_only(conn, q.site)?,
            false => Vec::new(),
        };
        Ok(Listing {
            entries: listing.items,
            total: listing.total as i64,
            extras: CatalogueExtras {
                facets: listing.facets,
                vietnamese_only,
            },
        })
    }

    fn card(p: &ProcedureSummary, pr: &dyn Presenter) -> serde_json::Value {
        card(p, pr)
    }

    fn list_context(
        extras: &CatalogueExtras,
        params: &ServiceParams,
        p: &dyn Presenter,
    ) -> serde_json::Value {
        let facets = &extras.facets;
        let levels: Vec<(&str, String, usize)> = facets
            .gov_levels
            .iter()
            .map(|(l, n)| (l.as_str(), p.message(&l.message_id()), *n))
            .collect();
        let online: Vec<(&str, String, usize)> = facets
            .online_levels
            .iter()
            .map(|(l, n)| (l.as_str(), p.message(&l.message_id()), *n))
            .collect();
        let vietnamese_only: Vec<serde_json::Value> =
            extras.vietnamese_only.iter().map(|s| card(s, p)).collect();
        let base = <Procedures as RecordKind>::PATHS.of(p.lang());
        serde_json::json!({
            "fields": facets.fields,
            "agencies": facets.agencies,
            "levels": levels,
            "online_levels": online,
            "filter": {
                "field": param(&params.field),
                "agency": param(&params.agency),
                "level": param(&params.level),
                "online": param(&params.online),
            },
            "vietnamese_only_count": vietnamese_only.len(),
            "vietnamese_only": vietnamese_only,
            "report_url": format!("{base}/{}", report_word(p.lang())),
        })
    }

    fn resource(s: &ProcedureSummary, p: &dyn Presenter) -> ProcedureResource {
        ProcedureResource {
            id: s.id,
            code: s.code.clone(),
            site: p.site_slug(SiteId(s.site_id)),
            lang: s.lang.clone(),
            url: p.url(&address(s)),
            name: s.name.clone(),
            field: s.field.clone(),
            agency: s.agency.clone(),
            gov_level: s.gov_level,
            online_level: s.online_level,
            legacy_level: s.legacy_level,
        }
    }

    fn view(
        conn: &mut DbConn,
        item: &ContentItem,
        _: &(),
        _today: chrono::NaiveDate,
    ) -> Result<Option<ProcedureView>, RecordError> {
        Ok(store::view(conn, item.id, item.lang)?)
    }

    fn page_context(
        item: &ContentItem,
        view: &ProcedureView,
        p: &dyn Presenter,
    ) -> serde_json::Value {
        let r = &view.record;
        let channels: Vec<serde_json::Value> = r
            .channels
            .iter()
            .map(|c| {
                serde_json::json!({
                    "way": p.message(&c.way.message_id()),
                    "processing_time": c.processing_time,
                    "fees": c.fees,
                    "note": c.note,
                })
            })
            .collect();
        let dossier: Vec<serde_json::Value> = r
            .dossier
            .iter()
            .map(|case| {
                serde_json::json!({
                    "case": case.case,
                    "documents": case.documents.iter().map(|d| {
                        let form = d.form.and_then(|id| view.forms.get(&id)).map(|f| serde_json::json!({
                            "url": f.path(),
                            "name": f.name,
                            "size_text": size_text(f.size),
                            "sha256": f.sha256,
                        }));
                        serde_json::json!({
                            "name": d.name,
                            "originals": d.originals,
                            "copies": d.copies,
                            "form": form,
                        })
                    }).collect::<Vec<_>>(),
                })
            })
            .collect();
        let legal_basis: Vec<serde_json::Value> = view
            .legal_basis
            .iter()
            .map(|b| {
                serde_json::json!({
                    "number_symbol": b.number_symbol,
                    "title": b.document.as_ref().map_or_else(|| b.title.clone(), |d| d.abstract_text.clone()),
                    "url": b.document.as_ref().map(|d| p.link(&legal_address(d))),
                })
            })
            .collect();
        let related: Vec<serde_json::Value> = view.related.iter().map(|s| card(s, p)).collect();
        let usage: Vec<serde_json::Value> = view
            .usage
            .iter()
            .map(|u| {
                serde_json::json!({
                    "from": p.day(u.period_start),
                    "to": p.day(u.period_end),
                    "views": u.views,
                    "uses": u.uses,
                    "received": u.received,
                    "processed": u.processed,
                    "on_time": u.on_time,
                    "on_time_percent": u.on_time_percent(),
                })
            })
            .collect();
        serde_json::json!({
            "p": r,
            "gov_level_name": p.message(&r.gov_level.message_id()),
            "online_level_name": p.message(&r.online_level.message_id()),
            "channels": channels,
            "dossier": dossier,
            "legal_basis": legal_basis,
            "related": related,
            "usage": usage,
            "json_ld": json_ld(view, &p.url(&Address::of_item(item)), p),
        })
    }

    fn detail(item: &ContentItem, view: &ProcedureView, p: &dyn Presenter) -> ProcedureDetail {
        let r = &view.record;
        ProcedureDetail {
            id: item.id,
            code: r.code.clone(),
            site: p.site_slug(item.site_id),
            lang: item.lang,
            url: p.url(&Address::of_item(item)),
            decision: r.decision.clone(),
            name: r.name.clone(),
            gov_level: r.gov_level,
            field: r.field.clone(),
            agency: r.agency.clone(),
            authority: r.authority.clone(),
            received_at: r.received_at.clone(),
            steps: r.steps.clone(),
            channels: r.channels.clone(),
            dossier: r
                .dossier
                .iter()
                .map(|case| DossierCaseResource {
                    case: case.case.clone(),
                    documents: case
                        .documents
                        .iter()
                        .map(|d| DossierDocumentResource {
                            name: d.name.clone(),
                            originals: d.originals,
                            copies: d.copies,
                            form: d
                                .form
                                .and_then(|id| view.forms.get(&id))
                                .map(|f| f.resource(p.absolute(f.path()))),
                        })
                        .collect(),
                })
                .collect(),
            eligible: r.eligible.clone(),
            result: r.result.clone(),
            legal_basis: view
                .legal_basis
                .iter()
                .map(|b| BasisResource {
                    number_symbol: b.number_symbol.clone(),
                    title: b.title.clone(),
                    url: b.document.as_ref().map(|d| p.url(&legal_address(d))),
                })
                .collect(),
            requirements: r.requirements.clone(),
            keywords: r.keywords.clone(),
            related: view
                .related
                .iter()
                .map(|s| RelatedResource {
                    code: s.code.clone(),
                    name: s.name.clone(),
                    url: p.url(&address(s)),
                })
                .collect(),
            online_level: r.online_level,
            legacy_level: r.legacy_level,
            submit_url: r.submit_url.clone(),
            usage: view.usage.clone(),
            published_at: crate::clock::iso_time(item.published_at),
        }
    }

    /// `/api/v1/services/{code}`: procedures are named by their code in the national
    /// database, in the language asked for.
    fn api_key(
        conn: &mut DbConn,
        code: &str,
        lang: Lang,
    ) -> Result<Option<ContentId>, RecordError> {
        Ok(store::by_code(conn, code, lang)?)
    }
}

/// schema.org `GovernmentService` for search engines, as JSON safe to put in a script
/// element.
fn json_ld(view: &ProcedureView, url: &str, p: &dyn Presenter) -> String {
    let r = &view.record;
    let mut channels: Vec<serde_json::Value> = Vec::new();
    if !r.submit_url.is_empty() {
        channels.push(serde_json::json!({
            "@type": "ServiceChannel",
            "serviceUrl": r.submit_url,
        }));
    }
    if !r.received_at.is_empty() {
        channels.push(serde_json::json!({
            "@type": "ServiceChannel",
            "serviceLocation": {"@type": "Place", "address": r.received_at},
        }));
    }
    let data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": r.name,
        "identifier": r.code,
        "url": url,
        "serviceType": r.field,
        "category": r.field,
        "audience": {"@type": "Audience", "audienceType": r.eligible},
        "provider": {"@type": "GovernmentOrganization", "name": r.agency},
        "serviceOperator": {"@type": "GovernmentOrganization", "name": if r.authority.is_empty() { &r.agency } else { &r.authority }},
        "areaServed": {"@type": "AdministrativeArea", "name": p.province_name()},
        "availableChannel": channels,
        "inLanguage": p.lang().code(),
    });
    crate::render::json_ld(&data)
}
