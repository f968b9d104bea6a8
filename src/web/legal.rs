//! The legal registry's public pages, feed and JSON: the list with filters, a document's
//! page (as of a day, printable), the number-symbol lookup and the gazette.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
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
use crate::legal::gazette;
use crate::legal::record::{parse_day, symbol_keys};
use crate::legal::status::Status;
use crate::legal::store::{self, DocumentSummary, LegalQuery};
use crate::site::{SiteId, SiteKind};
use crate::urls::{self, Section};

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
    /// API only: a site slug or `all`.
    pub site: Option<String>,
    /// API only: the language of the documents.
    pub lang: Option<String>,
    #[serde(flatten)]
    pub paging: PageParams,
}

/// A day typed as `2024-01-31` or `31/01/2024`.
fn day(v: &Option<String>) -> Result<Option<NaiveDate>, AppError> {
    parse_day(v.as_deref().unwrap_or("")).map_err(|_| AppError::BadRequest("legal-bad-date"))
}

impl LegalParams {
    fn query(
        &self,
        site: Option<SiteId>,
        lang: Lang,
        paging: Paging,
    ) -> Result<LegalQuery, AppError> {
        let year = match param(&self.year) {
            None => None,
            Some(y) => Some(
                y.parse::<i32>()
                    .ok()
                    .filter(|y| (1945..=2100).contains(y))
                    .ok_or(AppError::BadRequest("legal-bad-year"))?,
            ),
        };
        let status = match param(&self.status) {
            None => None,
            Some(s) => Some(Status::parse(&s).ok_or(AppError::BadRequest("legal-bad-status"))?),
        };
        Ok(LegalQuery {
            site,
            lang: Some(lang),
            doc_type: param(&self.doc_type),
            issuer: param(&self.issuer),
            field: param(&self.field),
            year,
            status,
            as_of: day(&self.as_of)?,
            offset: (paging.page - 1) * paging.per_page,
            limit: paging.per_page,
            newest_published: false,
        })
    }
}

/// Today in Vietnam, and the moment it ends: statuses change with the day, so pages that
/// show them are cached until midnight at most.
fn today(ctx: &Ctx) -> (NaiveDate, NaiveDateTime) {
    let local = ctx
        .state
        .clock
        .now()
        .with_timezone(&crate::clock::vietnam());
    let today = local.date_naive();
    let midnight = today
        .checked_add_days(Days::new(1))
        .unwrap_or(today)
        .and_time(NaiveTime::MIN)
        .and_local_timezone(crate::clock::vietnam())
        .single()
        .map_or(local.naive_utc(), |t| t.naive_utc());
    (today, midnight)
}

/// The sites whose documents a site lists: its own, or every site's on the portal.
fn scope(ctx: &Ctx) -> Option<SiteId> {
    (ctx.site.kind != SiteKind::Province).then_some(ctx.site.id)
}

/// A document in a list, as templates and the API see it.
#[derive(Serialize)]
struct DocumentCard {
    id: i32,
    url: String,
    doc_type: String,
    number_symbol: String,
    issuers: Vec<String>,
    issued_on: Option<String>,
    effective_on: Option<String>,
    field: String,
    abstract_text: String,
    normative: bool,
    status: Status,
    status_name: String,
    site: String,
}

fn document_url(ctx: &Ctx, id: i32, site_id: i32, lang: &str, slug: &str) -> String {
    let lang = Lang::from_code(lang).unwrap_or(Lang::Vi);
    let path = urls::item_path(ContentKind::LegalDocument, lang, ContentId(id), slug);
    match ctx.directory.get(SiteId(site_id)) {
        Some(site) => ctx.link(site, &path),
        None => path,
    }
}

impl DocumentCard {
    fn of(ctx: &Ctx, d: &DocumentSummary) -> DocumentCard {
        DocumentCard {
            id: d.id,
            url: document_url(ctx, d.id, d.site_id, &d.lang, &d.slug),
            doc_type: d.doc_type.clone(),
            number_symbol: d.number_symbol.clone(),
            issuers: d.issuers.clone(),
            issued_on: d.issued_on.map(|x| day_text(x, ctx.lang)),
            effective_on: d.effective_on.map(|x| day_text(x, ctx.lang)),
            field: d.field.clone(),
            abstract_text: d.abstract_text.clone(),
            normative: d.normative,
            status: d.status,
            status_name: ctx.state.renderer.message(ctx.lang, d.status.message_id()),
            site: ctx
                .directory
                .get(SiteId(d.site_id))
                .map(|s| s.slug.clone())
                .unwrap_or_default(),
        }
    }
}

/// `/van-ban`, `/en/legal-documents`: the documents of the site (of every site on the
/// portal), filtered, twenty to a page.
pub async fn list(ctx: Ctx, params: web::Query<LegalParams>) -> Result<HttpResponse, AppError> {
    let paging = params.paging.validate(20)?;
    let (today, midnight) = today(&ctx);
    let (site, lang) = (scope(&ctx), ctx.lang);
    let q = params.query(site, lang, paging)?;
    let (listing, facets) = ctx
        .state
        .db
        .read(move |c| {
            let listing = store::list(c, &q, today)?;
            let facets = store::facets(c, site, lang)?;
            Ok((listing, facets))
        })
        .await?;
    let last = last_page(listing.total, paging.per_page);
    if paging.page > last {
        return Err(AppError::NotFound);
    }
    let base = Section::Legal.path(ctx.lang);
    let filters: Vec<(&str, String)> = [
        ("type", param(&params.doc_type)),
        ("issuer", param(&params.issuer)),
        ("field", param(&params.field)),
        ("year", param(&params.year)),
        ("status", param(&params.status)),
        ("as_of", param(&params.as_of)),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k, v)))
    .collect();
    let statuses: Vec<(&str, String)> = Status::ALL
        .iter()
        .map(|s| {
            (
                s.as_str(),
                ctx.state.renderer.message(ctx.lang, s.message_id()),
            )
        })
        .collect();
    let items: Vec<DocumentCard> = listing
        .items
        .iter()
        .map(|d| DocumentCard::of(&ctx, d))
        .collect();
    let mut context = Context::new();
    context.insert("items", &items);
    context.insert("total", &listing.total);
    context.insert("facets", &facets);
    context.insert("statuses", &statuses);
    context.insert(
        "filter",
        &serde_json::json!({
            "type": param(&params.doc_type),
            "issuer": param(&params.issuer),
            "field": param(&params.field),
            "year": param(&params.year),
            "status": param(&params.status),
            "as_of": param(&params.as_of),
        }),
    );
    insert_pager(&mut context, base, &filters, paging.page, last);
    context.insert("feed_url", &format!("{base}/feed.atom"));
    context.insert("gazette_url", &Section::Gazette.path(ctx.lang));
    context.insert("list_url", &base);
    let other = Section::Legal.path(ctx.lang.other());
    ctx.render(
        "legal_list.html",
        context,
        Some(other),
        Cacheable::until(site, Some(midnight)),
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct DocumentParams {
    pub as_of: Option<String>,
    pub print: Option<String>,
}

/// `/van-ban/{id}-{slug}`: every field, status as of a day (`?as_of=`), relations both
/// ways, files with their hashes, the articles with anchors; `?print=1` for printing.
pub async fn document(
    ctx: Ctx,
    segment: web::Path<String>,
    params: web::Query<DocumentParams>,
) -> Result<HttpResponse, AppError> {
    let (today, midnight) = today(&ctx);
    let as_of = day(&params.as_of)?.unwrap_or(today);
    let located = locate(
        &ctx,
        &segment,
        ContentKind::LegalDocument,
        move |c, item| store::view(c, item.id, item.lang, as_of),
    )
    .await;
    let (item, view, counterpart) = match located {
        Ok(l) => (l.item, l.view, l.counterpart),
        Err(answer) => return answer,
    };
    let canonical = urls::item_path(item.kind, item.lang, item.id, &item.slug);
    let relations: Vec<serde_json::Value> = view
        .relations
        .iter()
        .map(|r| {
            serde_json::json!({
                "label": ctx.state.renderer.message(ctx.lang, &r.label),
                "stated_here": r.stated_here,
                "number_symbol": r.number_symbol,
                "title": r.title,
                "scope": r.scope,
                "url": r.target.as_ref().map(|t| document_url(&ctx, t.id, t.site_id, &t.lang, &t.slug)),
            })
        })
        .collect();
    let record = &view.record;
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
                "name": f.name,
                "url": format!("/tep/{}/{}", f.media_id, f.stored_name),
                "size": f.size,
                "size_text": size_text(f.size),
                "content_type": f.content_type,
                "sha256": f.sha256,
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("item", &*item);
    context.insert("withdrawn", &(item.state == ContentState::Withdrawn));
    context.insert("doc", record);
    context.insert("symbol_canonical", &view.symbol_canonical);
    context.insert(
        "issued_on",
        &record.issued_on.map(|d| day_text(d, ctx.lang)),
    );
    context.insert(
        "effective_on",
        &record.effective_on.map(|d| day_text(d, ctx.lang)),
    );
    context.insert(
        "expires_on",
        &record.expires_on.map(|d| day_text(d, ctx.lang)),
    );
    context.insert("status", &view.status);
    context.insert(
        "status_name",
        &ctx.state
            .renderer
            .message(ctx.lang, view.status.message_id()),
    );
    context.insert("status_decided", &view.status_decided);
    context.insert("as_of", &view.as_of.format("%Y-%m-%d").to_string());
    context.insert("as_of_text", &day_text(view.as_of, ctx.lang));
    context.insert("is_today", &(view.as_of == today));
    context.insert("relations", &relations);
    context.insert("articles", &articles);
    context.insert(
        "preamble_html",
        &crate::render::markdown::plain_paragraphs(&record.preamble),
    );
    context.insert("files", &files);
    context.insert("consulted", &consulted_before(&ctx, item.id).await?);
    context.insert("published", &ctx.date(item.published_at));
    context.insert("published_iso", &iso_time(item.published_at));
    context.insert("section_url", &Section::Legal.path(ctx.lang));
    context.insert("print_url", &format!("{canonical}?print=1"));
    let template = if param(&params.print).is_some() {
        "legal_print.html"
    } else {
        "legal_document.html"
    };
    let expires = if params.as_of.is_some() {
        None
    } else {
        Some(midnight)
    };
    ctx.render(
        template,
        context,
        counterpart.as_deref(),
        Cacheable::until(Some(ctx.site.id), expires),
    )
}

/// The public consultation a document was issued after: `{title, url}`.
async fn consulted_before(ctx: &Ctx, id: ContentId) -> Result<Option<serde_json::Value>, AppError> {
    let now = ctx.state.clock.now().naive_utc();
    let found = ctx
        .state
        .db
        .read(move |c| Ok(crate::consultation::store::consulted_before(c, id, now)?))
        .await?;
    Ok(found.map(|l| {
        let path = urls::item_path(l.kind, l.lang, l.id, &l.slug);
        let url = match ctx.directory.get(l.site_id) {
            Some(site) => ctx.link(site, &path),
            None => path,
        };
        serde_json::json!({"title": l.title, "url": url})
    }))
}

/// `/van-ban/so/{number-symbol}`: the document a number-symbol names, however it is typed;
/// several documents (agencies number alike) are listed to choose from.
pub async fn by_symbol(ctx: Ctx, symbol: web::Path<String>) -> Result<HttpResponse, AppError> {
    let key = symbol_keys(&symbol).folded;
    if key.is_empty() {
        return Err(AppError::NotFound);
    }
    let lang = ctx.lang;
    let (ids, today) = (key.clone(), today(&ctx).0);
    let found = ctx
        .state
        .db
        .read(move |c| {
            let ids = store::by_symbol(c, &ids, Some(lang))?;
            let docs = store::linked(c, &ids)?;
            Ok(docs)
        })
        .await?;
    match found.as_slice() {
        [] => Err(AppError::NotFound),
        [one] => Ok(HttpResponse::Found()
            .insert_header((
                header::LOCATION,
                document_url(&ctx, one.id, one.site_id, &one.lang, &one.slug),
            ))
            .finish()),
        many => {
            let items: Vec<serde_json::Value> = many
                .iter()
                .map(|d| {
                    serde_json::json!({
                        "url": document_url(&ctx, d.id, d.site_id, &d.lang, &d.slug),
                        "number_symbol": d.number_symbol,
                        "doc_type": d.doc_type,
                        "abstract_text": d.abstract_text,
                    })
                })
                .collect();
            let mut context = Context::new();
            context.insert("symbol", &symbol.into_inner());
            context.insert("items", &items);
            context.insert("today", &today.to_string());
            ctx.render(
                "legal_choose.html",
                context,
                None,
                Cacheable::until(None, None),
            )
        }
    }
}

/// `/van-ban/feed.atom`: the site's newest documents as an Atom feed.
pub async fn feed(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let (today, _) = today(&ctx);
    let (site, lang) = (scope(&ctx), ctx.lang);
    let q = LegalQuery {
        site,
        lang: Some(lang),
        limit: 50,
        newest_published: true,
        ..LegalQuery::default()
    };
    let listing = ctx
        .state
        .db
        .read(move |c| Ok(store::list(c, &q, today)?))
        .await?;
    let base = ctx.origin_of(&ctx.site);
    let list_path = Section::Legal.path(ctx.lang);
    let updated = listing
        .items
        .iter()
        .map(|d| d.published_at)
        .max()
        .unwrap_or_default();
    let entries: Vec<serde_json::Value> = listing
        .items
        .iter()
        .map(|d| {
            let url = document_url(&ctx, d.id, d.site_id, &d.lang, &d.slug);
            let url = if url.starts_with('/') {
                format!("{base}{url}")
            } else {
                url
            };
            serde_json::json!({
                "id": url,
                "url": url,
                "title": format!("{} {}", d.doc_type, d.number_symbol),
                "summary": d.abstract_text,
                "updated": iso_time(d.published_at),
                "issuers": d.issuers,
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("feed_id", &format!("{base}{list_path}/feed.atom"));
    context.insert("feed_url", &format!("{base}{list_path}/feed.atom"));
    context.insert("list_url", &format!("{base}{list_path}"));
    context.insert("updated", &iso_time(updated));
    context.insert("entries", &entries);
    Ok(super::public_form::atom(ctx.render(
        "legal_feed.atom",
        context,
        None,
        Cacheable::until(site, None),
    )?))
}

/// `/cong-bao`, `/en/gazette`: the site's gazette issues.
pub async fn gazette_list(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let site = ctx.site.id;
    let issues = ctx
        .state
        .db
        .read(move |c| Ok(gazette::list(c, site)?))
        .await?;
    let base = Section::Gazette.path(ctx.lang);
    let items: Vec<serde_json::Value> = issues
        .iter()
        .map(|i| {
            serde_json::json!({
                "url": format!("{base}/{}", i.issue.id),
                "number": i.issue.number,
                "year": i.issue.year,
                "issued_on": day_text(i.issue.issued_on, ctx.lang),
                "documents": i.documents,
                "has_file": i.issue.media_id.is_some(),
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("issues", &items);
    let other = Section::Gazette.path(ctx.lang.other());
    ctx.render(
        "gazette_list.html",
        context,
        Some(other),
        Cacheable::until(Some(site), None),
    )
}

/// `/cong-bao/{id}`: an issue's documents with their abstracts, and its file.
pub async fn gazette_issue(ctx: Ctx, id: web::Path<String>) -> Result<HttpResponse, AppError> {
    let id: i32 = id.parse().map_err(|_| AppError::NotFound)?;
    let site = ctx.site.id;
    let view = ctx
        .state
        .db
        .read(move |c| Ok(gazette::issue(c, site, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let documents: Vec<serde_json::Value> = view
        .documents
        .iter()
        .map(|d| {
            serde_json::json!({
                "url": document_url(&ctx, d.id, d.site_id, &d.lang, &d.slug),
                "number_symbol": d.number_symbol,
                "doc_type": d.doc_type,
                "abstract_text": d.abstract_text,
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("issue", &view.issue);
    context.insert("issued_on", &day_text(view.issue.issued_on, ctx.lang));
    context.insert("documents", &documents);
    context.insert(
        "file",
        &view.file.as_ref().map(|f| {
            serde_json::json!({
                "url": format!("/tep/{}/{}", f.media_id, f.stored_name),
                "size_text": size_text(f.size),
                "sha256": f.sha256,
            })
        }),
    );
    context.insert("gazette_url", &Section::Gazette.path(ctx.lang));
    let other = format!("{}/{}", Section::Gazette.path(ctx.lang.other()), id);
    ctx.render(
        "gazette_issue.html",
        context,
        Some(&other),
        Cacheable::until(Some(site), None),
    )
}

/// A document in the API's lists.
#[derive(Serialize)]
struct DocumentJson {
    id: i32,
    site: String,
    lang: String,
    url: String,
    doc_type: String,
    number_symbol: String,
    issuers: Vec<String>,
    issued_on: Option<NaiveDate>,
    effective_on: Option<NaiveDate>,
    field: String,
    title: String,
    normative: bool,
    status: Status,
    published_at: String,
}

fn api_scope(ctx: &Ctx, params: &LegalParams) -> Result<(Option<SiteId>, Lang), AppError> {
    super::api::scope(ctx, &params.site, &params.lang, scope(ctx))
}

/// `GET /api/v1/legal/documents?type=&issuer=&field=&year=&status=&as_of=&site=&lang=&page=`.
pub async fn api_list(ctx: Ctx, params: web::Query<LegalParams>) -> Result<HttpResponse, AppError> {
    let paging = params.paging.validate(20)?;
    let (site, lang) = api_scope(&ctx, &params)?;
    let (today, midnight) = today(&ctx);
    let q = params.query(site, lang, paging)?;
    let listing = ctx
        .state
        .db
        .read(move |c| Ok(store::list(c, &q, today)?))
        .await?;
    let results: Vec<DocumentJson> = listing
        .items
        .iter()
        .map(|d| DocumentJson {
            id: d.id,
            site: ctx
                .directory
                .get(SiteId(d.site_id))
                .map(|s| s.slug.clone())
                .unwrap_or_default(),
            lang: d.lang.clone(),
            url: ctx.absolute(document_url(&ctx, d.id, d.site_id, &d.lang, &d.slug)),
            doc_type: d.doc_type.clone(),
            number_symbol: d.number_symbol.clone(),
            issuers: d.issuers.clone(),
            issued_on: d.issued_on,
            effective_on: d.effective_on,
            field: d.field.clone(),
            title: d.abstract_text.clone(),
            normative: d.normative,
            status: d.status,
            published_at: iso_time(d.published_at),
        })
        .collect();
    let mut response = HttpResponse::Ok().json(Envelope::new(results, listing.total, paging));
    response
        .extensions_mut()
        .insert(Cacheable::until(site, Some(midnight)));
    Ok(response)
}

/// `GET /api/v1/legal/documents/{id}?as_of=`: every field, articles, relations and files.
pub async fn api_document(
    ctx: Ctx,
    id: web::Path<String>,
    params: web::Query<DocumentParams>,
) -> Result<HttpResponse, AppError> {
    let id = id
        .parse::<i32>()
        .ok()
        .filter(|n| *n > 0)
        .map(ContentId)
        .ok_or(AppError::NotFound)?;
    let (today, midnight) = today(&ctx);
    let as_of = day(&params.as_of)?.unwrap_or(today);
    let found = ctx
        .state
        .db
        .read(move |c| {
            let Some(item) = content_store::find(c, id)? else {
                return Ok(None);
            };
            if item.kind != ContentKind::LegalDocument {
                return Ok(None);
            }
            Ok(store::view(c, id, item.lang, as_of)?.map(|v| (item, v)))
        })
        .await?;
    let (item, view) = found.ok_or(AppError::NotFound)?;
    item.visibility(ctx.state.clock.now().naive_utc())
        .readable()?;
    let url = ctx.absolute(document_url(
        &ctx,
        item.id.0,
        item.site_id.0,
        item.lang.code(),
        &item.slug,
    ));
    let record = &view.record;
    let body = serde_json::json!({
        "id": item.id,
        "site": ctx.directory.get(item.site_id).map(|s| s.slug.clone()),
        "lang": item.lang,
        "url": url,
        "doc_type": record.doc_type,
        "normative": record.normative,
        "number_symbol": record.number_symbol,
        "number_symbol_canonical": view.symbol_canonical,
        "issuers": record.issuers,
        "signer": record.signer,
        "signer_position": record.signer_position,
        "issued_on": record.issued_on,
        "effective_on": record.effective_on,
        "expires_on": record.expires_on,
        "field": record.field,
        "title": record.abstract_text,
        "status": view.status,
        "status_as_of": view.as_of,
        "status_decided": view.status_decided,
        "status_reason": record.status.as_ref().map(|o| o.reason.clone()),
        "preamble": record.preamble,
        "articles": record.articles.iter().map(|a| serde_json::json!({
            "number": a.number,
            "heading": a.heading,
            "text": a.text,
            "url": format!("{url}#{}", a.anchor()),
        })).collect::<Vec<_>>(),
        "relations": view.relations.iter().map(|r| serde_json::json!({
            "kind": r.kind,
            "direction": if r.stated_here { "stated" } else { "received" },
            "number_symbol": r.number_symbol,
            "title": r.title,
            "scope": r.scope,
            "url": r.target.as_ref().map(|t| ctx.absolute(document_url(&ctx, t.id, t.site_id, &t.lang, &t.slug))),
        })).collect::<Vec<_>>(),
        "files": view.files.iter().map(|f| serde_json::json!({
            "label": f.label,
            "name": f.name,
            "url": ctx.absolute(format!("/tep/{}/{}", f.media_id, f.stored_name)),
            "size": f.size,
            "content_type": f.content_type,
            "sha256": f.sha256,
        })).collect::<Vec<_>>(),
        "published_at": iso_time(item.published_at),
    });
    let mut response = HttpResponse::Ok().json(body);
    response
        .extensions_mut()
        .insert(Cacheable::until(Some(item.site_id), Some(midnight)));
    Ok(response)
}
