//! The catalogue of procedures and online public services: the list with its filters (by
//! field, agency, level of government, online level), a procedure's page (printable, with
//! its forms and schema.org `GovernmentService` data), the usage report per agency, and JSON.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::ctx::{day_text, iso_time, Ctx};
use super::files::size_text;
use super::paging::{insert_pager, last_page, Envelope, PageParams, Paging};
use super::param;
use super::public::locate;
use crate::cache::Cacheable;
use crate::content::store as content_store;
use crate::content::{ContentId, ContentKind, ContentState};
use crate::error::AppError;
use crate::lang::Lang;
use crate::services::catalogue::{self, Filters, Listing, ProcedureSummary};
use crate::services::record::{GovLevel, OnlineLevel};
use crate::services::store::{self, ProcedureView, UsageTotals};
use crate::site::{SiteId, SiteKind};
use crate::urls::{self, Section};

/// Filters of the list and the API (the same names in both languages).
#[derive(Debug, Default, Deserialize)]
pub struct ServiceParams {
    pub field: Option<String>,
    pub agency: Option<String>,
    pub level: Option<String>,
    pub online: Option<String>,
    /// API only: a site slug or `all`.
    pub site: Option<String>,
    /// API only: the language of the procedures.
    pub lang: Option<String>,
    #[serde(flatten)]
    pub paging: PageParams,
}

impl ServiceParams {
    fn filters(&self) -> Result<Filters, AppError> {
        let gov_level = match param(&self.level) {
            None => None,
            Some(l) => Some(GovLevel::parse(&l).ok_or(AppError::BadRequest("services-bad-level"))?),
        };
        let online_level = match param(&self.online) {
            None => None,
            Some(l) => Some(
                OnlineLevel::parse(&l).ok_or(AppError::BadRequest("services-bad-online-level"))?,
            ),
        };
        Ok(Filters {
            field: param(&self.field),
            agency: param(&self.agency),
            gov_level,
            online_level,
        })
    }

    /// The filters as query pairs, to carry them into page links.
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

/// The sites whose procedures a site lists: its own, or every site's on the portal.
fn scope(ctx: &Ctx) -> Option<SiteId> {
    (ctx.site.kind != SiteKind::Province).then_some(ctx.site.id)
}

fn procedure_url(ctx: &Ctx, p: &ProcedureSummary) -> String {
    let lang = Lang::from_code(&p.lang).unwrap_or(Lang::Vi);
    let path = urls::item_path(ContentKind::Procedure, lang, ContentId(p.id), &p.slug);
    match ctx.directory.get(SiteId(p.site_id)) {
        Some(site) => ctx.link(site, &path),
        None => path,
    }
}

/// A procedure in a list, as templates and the API see it.
fn card(ctx: &Ctx, p: &ProcedureSummary) -> serde_json::Value {
    let t = |id: String| ctx.state.renderer.message(ctx.lang, &id);
    serde_json::json!({
        "id": p.id,
        "code": p.code,
        "url": procedure_url(ctx, p),
        "name": p.name,
        "field": p.field,
        "agency": p.agency,
        "gov_level": p.gov_level,
        "gov_level_name": t(p.gov_level.message_id()),
        "online_level": p.online_level,
        "online_level_name": t(p.online_level.message_id()),
        "legacy_level": p.legacy_level,
    })
}

async fn catalogue_of(
    ctx: &Ctx,
    site: Option<SiteId>,
    lang: Lang,
    filters: Filters,
    paging: Paging,
) -> Result<Listing, AppError> {
    ctx.state
        .db
        .read(move |c| {
            let all = store::published(c, site, lang)?;
            let offset = ((paging.page - 1) * paging.per_page) as usize;
            Ok(catalogue::select(
                all,
                &filters,
                offset,
                paging.per_page as usize,
            ))
        })
        .await
}

/// `/thu-tuc-hanh-chinh`, `/en/public-services`: the site's procedures (every site's on the
/// portal), filtered, twenty to a page; the English list also names the procedures that are
/// only available in Vietnamese.
pub async fn list(ctx: Ctx, params: web::Query<ServiceParams>) -> Result<HttpResponse, AppError> {
    let paging = params.paging.validate(20)?;
    let filters = params.filters()?;
    let site = scope(&ctx);
    let listing = catalogue_of(&ctx, site, ctx.lang, filters, paging).await?;
    let last = last_page(listing.total as i64, paging.per_page);
    if paging.page > last {
        return Err(AppError::NotFound);
    }
    let vietnamese_only = if ctx.lang == Lang::En {
        let found = ctx
            .state
            .db
            .read(move |c| Ok(store::vietnamese_only(c, site)?))
            .await?;
        found.iter().map(|p| card(&ctx, p)).collect()
    } else {
        Vec::new()
    };
    let base = Section::Services.path(ctx.lang);
    let filters = params.pairs();
    let t = |id: String| ctx.state.renderer.message(ctx.lang, &id);
    let facets = &listing.facets;
    let levels: Vec<(&str, String, usize)> = facets
        .gov_levels
        .iter()
        .map(|(l, n)| (l.as_str(), t(l.message_id()), *n))
        .collect();
    let online: Vec<(&str, String, usize)> = facets
        .online_levels
        .iter()
        .map(|(l, n)| (l.as_str(), t(l.message_id()), *n))
        .collect();
    let items: Vec<serde_json::Value> = listing.items.iter().map(|p| card(&ctx, p)).collect();
    let mut context = Context::new();
    context.insert("items", &items);
    context.insert("total", &listing.total);
    context.insert("fields", &facets.fields);
    context.insert("agencies", &facets.agencies);
    context.insert("levels", &levels);
    context.insert("online_levels", &online);
    context.insert(
        "filter",
        &serde_json::json!({
            "field": param(&params.field),
            "agency": param(&params.agency),
            "level": param(&params.level),
            "online": param(&params.online),
        }),
    );
    context.insert("vietnamese_only_count", &vietnamese_only.len());
    context.insert("vietnamese_only", &vietnamese_only);
    insert_pager(&mut context, base, &filters, paging.page, last);
    context.insert("list_url", &base);
    context.insert("report_url", &format!("{base}/{}", report_word(ctx.lang)));
    let other = Section::Services.path(ctx.lang.other());
    ctx.render(
        "services_list.html",
        context,
        Some(other),
        Cacheable::until(site, None),
    )
}

fn report_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "thong-ke",
        Lang::En => "statistics",
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ProcedureParams {
    pub print: Option<String>,
}

/// `/thu-tuc-hanh-chinh/{id}-{slug}`: every component in the order a citizen needs them,
/// the forms to download, the legal basis linked to the registry, the usage figures;
/// `?print=1` for printing.
pub async fn procedure(
    ctx: Ctx,
    segment: web::Path<String>,
    params: web::Query<ProcedureParams>,
) -> Result<HttpResponse, AppError> {
    let located = locate(&ctx, &segment, ContentKind::Procedure, |c, item| {
        store::view(c, item.id, item.lang)
    })
    .await;
    let (item, view, counterpart) = match located {
        Ok(l) => (l.item, l.view, l.counterpart),
        Err(answer) => return answer,
    };
    let canonical = urls::item_path(item.kind, item.lang, item.id, &item.slug);
    let mut context = procedure_context(&ctx, &view);
    context.insert("item", &*item);
    context.insert("withdrawn", &(item.state == ContentState::Withdrawn));
    context.insert("published", &ctx.date(item.published_at));
    context.insert("section_url", &Section::Services.path(ctx.lang));
    context.insert("print_url", &format!("{canonical}?print=1"));
    context.insert(
        "json_ld",
        &json_ld(&ctx, &view, &ctx.absolute(canonical.clone())),
    );
    let template = if param(&params.print).is_some() {
        "services_print.html"
    } else {
        "services_procedure.html"
    };
    ctx.render(
        template,
        context,
        counterpart.as_deref(),
        Cacheable::until(Some(ctx.site.id), None),
    )
}

fn legal_url(ctx: &Ctx, d: &crate::legal::store::LinkedDocument) -> String {
    let lang = Lang::from_code(&d.lang).unwrap_or(Lang::Vi);
    let path = urls::item_path(ContentKind::LegalDocument, lang, ContentId(d.id), &d.slug);
    match ctx.directory.get(SiteId(d.site_id)) {
        Some(site) => ctx.link(site, &path),
        None => path,
    }
}

/// What a procedure's page and print view show, resolved for the page's language.
fn procedure_context(ctx: &Ctx, view: &ProcedureView) -> Context {
    let r = &view.record;
    let t = |id: String| ctx.state.renderer.message(ctx.lang, &id);
    let channels: Vec<serde_json::Value> = r
        .channels
        .iter()
        .map(|c| {
            serde_json::json!({
                "way": t(c.way.message_id()),
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
                        "url": format!("/tep/{}/{}", f.media_id, f.stored_name),
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
                "url": b.document.as_ref().map(|d| legal_url(ctx, d)),
            })
        })
        .collect();
    let related: Vec<serde_json::Value> = view.related.iter().map(|p| card(ctx, p)).collect();
    let usage: Vec<serde_json::Value> = view
        .usage
        .iter()
        .map(|u| {
            serde_json::json!({
                "from": day_text(u.period_start, ctx.lang),
                "to": day_text(u.period_end, ctx.lang),
                "views": u.views,
                "uses": u.uses,
                "received": u.received,
                "processed": u.processed,
                "on_time": u.on_time,
                "on_time_percent": u.on_time_percent(),
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("p", r);
    context.insert("gov_level_name", &t(r.gov_level.message_id()));
    context.insert("online_level_name", &t(r.online_level.message_id()));
    context.insert("channels", &channels);
    context.insert("dossier", &dossier);
    context.insert("legal_basis", &legal_basis);
    context.insert("related", &related);
    context.insert("usage", &usage);
    context
}

/// schema.org `GovernmentService` for search engines, as JSON safe to put in a script
/// element.
fn json_ld(ctx: &Ctx, view: &ProcedureView, url: &str) -> String {
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
        "areaServed": {"@type": "AdministrativeArea", "name": ctx.directory.province().map(|p| p.name(ctx.lang).to_string()).unwrap_or_default()},
        "availableChannel": channels,
        "inLanguage": ctx.lang.code(),
    });
    // `</script>` inside a string would end the element early.
    data.to_string().replace("</", "<\\/")
}

/// `/thu-tuc-hanh-chinh/thong-ke`, `/en/public-services/statistics`: the usage figures of
/// the online services per agency.
pub async fn report(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let (site, lang) = (scope(&ctx), ctx.lang);
    let rows = ctx
        .state
        .db
        .read(move |c| Ok(store::usage_by_agency(c, site, lang)?))
        .await?;
    let totals = |t: &UsageTotals| {
        serde_json::json!({
            "views": t.views,
            "uses": t.uses,
            "received": t.received,
            "processed": t.processed,
            "on_time": t.on_time,
            "on_time_percent": t.on_time_percent(),
            "from": t.from.map(|d| day_text(d, ctx.lang)),
            "to": t.to.map(|d| day_text(d, ctx.lang)),
        })
    };
    let agencies: Vec<serde_json::Value> = rows
        .iter()
        .map(|a| {
            serde_json::json!({
                "agency": a.agency,
                "totals": totals(&a.totals),
                "services": a.services.iter().map(|(p, t)| serde_json::json!({
                    "card": card(&ctx, p),
                    "totals": totals(t),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("agencies", &agencies);
    context.insert("section_url", &Section::Services.path(ctx.lang));
    let other = format!(
        "{}/{}",
        Section::Services.path(ctx.lang.other()),
        report_word(ctx.lang.other())
    );
    ctx.render(
        "services_report.html",
        context,
        Some(&other),
        Cacheable::until(site, None),
    )
}

fn api_scope(ctx: &Ctx, params: &ServiceParams) -> Result<(Option<SiteId>, Lang), AppError> {
    super::api::scope(ctx, &params.site, &params.lang, scope(ctx))
}

/// `GET /api/v1/services?field=&agency=&level=&online=&site=&lang=&page=&per_page=`.
pub async fn api_list(
    ctx: Ctx,
    params: web::Query<ServiceParams>,
) -> Result<HttpResponse, AppError> {
    let paging = params.paging.validate(20)?;
    let filters = params.filters()?;
    let (site, lang) = api_scope(&ctx, &params)?;
    let listing = catalogue_of(&ctx, site, lang, filters, paging).await?;
    let results: Vec<serde_json::Value> = listing
        .items
        .iter()
        .map(|p| {
            serde_json::json!({
                "id": p.id,
                "code": p.code,
                "site": ctx.directory.get(SiteId(p.site_id)).map(|s| s.slug.clone()),
                "lang": p.lang,
                "url": ctx.absolute(procedure_url(&ctx, p)),
                "name": p.name,
                "field": p.field,
                "agency": p.agency,
                "gov_level": p.gov_level,
                "online_level": p.online_level,
                "legacy_level": p.legacy_level,
            })
        })
        .collect();
    let mut response =
        HttpResponse::Ok().json(Envelope::new(results, listing.total as i64, paging));
    response
        .extensions_mut()
        .insert(Cacheable::until(site, None));
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
pub struct CodeParams {
    pub lang: Option<String>,
}

/// `GET /api/v1/services/{code}?lang=`: every component of a published procedure, its
/// forms, linked legal basis and usage figures.
pub async fn api_procedure(
    ctx: Ctx,
    code: web::Path<String>,
    params: web::Query<CodeParams>,
) -> Result<HttpResponse, AppError> {
    let (_, lang) = super::api::scope(&ctx, &None, &params.lang, None)?;
    let code = code.into_inner();
    let found = ctx
        .state
        .db
        .read(move |c| {
            let Some(id) = store::by_code(c, &code, lang)? else {
                return Ok(None);
            };
            let Some(item) = content_store::find(c, id)? else {
                return Ok(None);
            };
            Ok(store::view(c, id, lang)?.map(|v| (item, v)))
        })
        .await?;
    let (item, view) = found.ok_or(AppError::NotFound)?;
    // The same rule as the procedure's page: a withdrawn procedure stays readable, with
    // its note; one taken down answers 410.
    item.visibility(ctx.state.clock.now().naive_utc())
        .readable()?;
    let site = ctx.directory.get(item.site_id);
    let path = urls::item_path(item.kind, item.lang, item.id, &item.slug);
    let url = ctx.absolute(site.map_or_else(|| path.clone(), |s| ctx.link(s, &path)));
    let r = &view.record;
    let body = serde_json::json!({
        "id": item.id,
        "code": r.code,
        "site": site.map(|s| s.slug.clone()),
        "lang": item.lang,
        "url": url,
        "decision": r.decision,
        "name": r.name,
        "gov_level": r.gov_level,
        "field": r.field,
        "agency": r.agency,
        "authority": r.authority,
        "received_at": r.received_at,
        "steps": r.steps,
        "channels": r.channels,
        "dossier": r.dossier.iter().map(|case| serde_json::json!({
            "case": case.case,
            "documents": case.documents.iter().map(|d| serde_json::json!({
                "name": d.name,
                "originals": d.originals,
                "copies": d.copies,
                "form": d.form.and_then(|id| view.forms.get(&id)).map(|f| serde_json::json!({
                    "name": f.name,
                    "url": ctx.absolute(format!("/tep/{}/{}", f.media_id, f.stored_name)),
                    "size": f.size,
                    "content_type": f.content_type,
                    "sha256": f.sha256,
                })),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "eligible": r.eligible,
        "result": r.result,
        "legal_basis": view.legal_basis.iter().map(|b| serde_json::json!({
            "number_symbol": b.number_symbol,
            "title": b.title,
            "url": b.document.as_ref().map(|d| ctx.absolute(legal_url(&ctx, d))),
        })).collect::<Vec<_>>(),
        "requirements": r.requirements,
        "keywords": r.keywords,
        "related": view.related.iter().map(|p| serde_json::json!({
            "code": p.code,
            "name": p.name,
            "url": ctx.absolute(procedure_url(&ctx, p)),
        })).collect::<Vec<_>>(),
        "online_level": r.online_level,
        "legacy_level": r.legacy_level,
        "submit_url": r.submit_url,
        "usage": view.usage,
        "published_at": iso_time(item.published_at),
    });
    let mut response = HttpResponse::Ok().json(body);
    response
        .extensions_mut()
        .insert(Cacheable::until(Some(item.site_id), None));
    Ok(response)
}
