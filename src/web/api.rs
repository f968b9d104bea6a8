//! JSON under `/api/v1/`: every list in the paging envelope, every error in the one shape.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use super::ctx::{iso_time, Ctx};
use super::openapi::{Answer, Operation};
use super::paging::PAGE_PARAMS;
use super::paging::{Envelope, PageParams, Paging};
use crate::cache::Cacheable;
use crate::content::store::{self, ListQuery};
use crate::content::{ContentId, ContentItem, ContentKind, ContentSummary};
use crate::error::AppError;
use crate::lang::Lang;
use crate::record::apidoc::{ApiField, ApiParam};
use crate::site::{Site, SiteId, SiteKind};
use crate::urls;

/// Query parameters of content lists.
#[derive(Debug, Deserialize)]
pub struct ListParams {
    pub lang: Option<String>,
    /// A site slug, or `all`; the host's site by default.
    pub site: Option<String>,
    #[serde(flatten)]
    pub paging: PageParams,
}

/// What the API's document says of `site` and `lang`.
pub const SCOPE_PARAMS: &[ApiParam] = crate::api_params![
    "site" => "A site's slug, or `all` for every site's items kept on the portal; the host's site by default.",
    "lang" => "`vi` (the default) or `en`.",
];

fn json(body: &impl Serialize, site: Option<SiteId>) -> HttpResponse {
    let mut response = HttpResponse::Ok().json(body);
    response
        .extensions_mut()
        .insert(Cacheable::until(site, None));
    response
}

/// A site in the API.
#[derive(Serialize)]
struct SiteJson {
    id: SiteId,
    slug: String,
    kind: SiteKind,
    name_vi: String,
    name_en: String,
    url: String,
    retired: bool,
}

const SITE_FIELDS: &[ApiField] = crate::api_fields![
    "id": Integer => "The site's number.",
    "slug": Text => "Its short name, as `site=` takes it.",
    "kind": Text => "`province`, `department`, `commune` or `ward`.",
    "name_vi": Text => "Its Vietnamese name.",
    "name_en": Text => "Its English name.",
    "url": Url => "Its home page.",
    "retired": Boolean => "Retired: its addresses redirect to the site it was merged into.",
];

/// The document's description of `/sites`.
pub fn sites_operation() -> Operation {
    Operation::new(
        "Every site of the installation.",
        &[PAGE_PARAMS],
        Answer::list(SITE_FIELDS),
    )
}

/// `GET /api/v1/sites`: every site of the installation.
pub async fn sites(ctx: Ctx, params: web::Query<PageParams>) -> Result<HttpResponse, AppError> {
    let paging = params.validate(100)?;
    let all: Vec<&std::sync::Arc<Site>> = ctx.directory.sites.iter().collect();
    let total = all.len() as i64;
    let results = all
        .into_iter()
        .skip(((paging.page - 1) * paging.per_page) as usize)
        .take(paging.per_page as usize)
        .map(|s| SiteJson {
            id: s.id,
            slug: s.slug.clone(),
            kind: s.kind,
            name_vi: s.name_vi.clone(),
            name_en: s.name_en.clone(),
            url: format!("{}/", ctx.origin_of(s)),
            retired: s.retired,
        })
        .collect();
    Ok(json(&Envelope::new(results, total, paging), None))
}

/// A page or news article in the API's lists, its texts borrowed from the list entry.
#[derive(Serialize)]
struct ItemJson<'a> {
    id: ContentId,
    site: String,
    kind: ContentKind,
    lang: Lang,
    translation_key: &'a str,
    slug: &'a str,
    title: &'a str,
    summary: &'a str,
    author: &'a str,
    source: &'a str,
    published_at: String,
    url: String,
}

const ITEM_FIELDS: &[ApiField] = crate::api_fields![
    "id": Integer => "The item's number (in its address).",
    "site": Text => "The slug of its site.",
    "kind": Text => "`news` or `page`.",
    "lang": Text => "`vi` or `en`.",
    "translation_key": Text => "The same for an item and its translation.",
    "slug": Text => "The words of its address.",
    "title": Text => "Its title.",
    "summary": Text => "Its summary.",
    "author": Text => "Who wrote it.",
    "source": Text => "Where it comes from.",
    "published_at": Moment => "When it was first published.",
    "url": Url => "Its page.",
];

/// A page or news article in full: [`ITEM_FIELDS`] and these.
const DETAIL_FIELDS: &[ApiField] = crate::api_fields![
    "body_html": Text => "Its text, sanitised HTML.",
    "category": Text | null => "The slug of its category.",
    "tags": Texts => "Its tags.",
    "revised_at": Moment => "When it was last revised.",
];

/// The document's description of a list of pages or news.
pub fn list_operation(what: &str) -> Operation {
    Operation::new(
        format!("The published {what}, newest first."),
        &[SCOPE_PARAMS, PAGE_PARAMS],
        Answer::list(ITEM_FIELDS),
    )
}

/// The document's description of a page or news article.
pub fn item_operation(what: &str) -> Operation {
    Operation::new(
        format!("One of the {what}, with its text."),
        &[],
        Answer::Item([ITEM_FIELDS, DETAIL_FIELDS].concat()),
    )
}

impl<'a> ItemJson<'a> {
    fn of(ctx: &Ctx, s: &'a ContentSummary) -> ItemJson<'a> {
        let site = ctx.directory.get(s.site_id);
        let path = urls::item_path(s.kind, s.lang, s.id, &s.slug);
        ItemJson {
            id: s.id,
            site: site.map(|x| x.slug.clone()).unwrap_or_default(),
            kind: s.kind,
            lang: s.lang,
            translation_key: &s.translation_key,
            slug: &s.slug,
            title: &s.title,
            summary: &s.summary,
            author: &s.author,
            source: &s.source,
            published_at: iso_time(s.published_at),
            url: site.map_or_else(|| ctx.absolute(path.clone()), |x| ctx.url_of(x, &path)),
        }
    }
}

/// The sites and language an API list is asked for: `site=<slug>`, `site=all` (every site's
/// items kept on the portal: `None`) or `default`; `lang=vi|en`, Vietnamese by default.
pub fn scope(
    ctx: &Ctx,
    site: &Option<String>,
    lang: &Option<String>,
    default: Option<SiteId>,
) -> Result<(Option<SiteId>, Lang), AppError> {
    let lang = match super::param(lang) {
        None => Lang::Vi,
        Some(l) => Lang::from_code(&l).ok_or(AppError::BadRequest("error-bad-lang-text"))?,
    };
    let site = match super::param(site).as_deref() {
        None => default,
        Some("all") => None,
        Some(slug) => Some(
            ctx.directory
                .by_slug(slug)
                .map(|s| s.id)
                .ok_or(AppError::BadRequest("error-bad-site-text"))?,
        ),
    };
    Ok((site, lang))
}

fn list_scope(ctx: &Ctx, params: &ListParams) -> Result<(Option<SiteId>, Lang, Paging), AppError> {
    let (site, lang) = scope(ctx, &params.site, &params.lang, Some(ctx.site.id))?;
    Ok((site, lang, params.paging.validate(20)?))
}

async fn list(ctx: Ctx, params: ListParams, kind: ContentKind) -> Result<HttpResponse, AppError> {
    let (site, lang, paging) = list_scope(&ctx, &params)?;
    let now = ctx.state.clock.now().naive_utc();
    let q = ListQuery::page_of(kind, lang, site, (paging.page, paging.per_page), now);
    let listing = ctx
        .state
        .db
        .read(move |c| Ok(store::list_published(c, &q)?))
        .await?;
    let results: Vec<ItemJson> = listing
        .items
        .iter()
        .map(|s| ItemJson::of(&ctx, s))
        .collect();
    let mut response = HttpResponse::Ok().json(Envelope::new(results, listing.total, paging));
    response
        .extensions_mut()
        .insert(Cacheable::until(site, listing.next_change));
    Ok(response)
}

/// `GET /api/v1/news?lang=&site=&page=&per_page=`.
pub async fn news_list(ctx: Ctx, params: web::Query<ListParams>) -> Result<HttpResponse, AppError> {
    list(ctx, params.into_inner(), ContentKind::News).await
}

/// `GET /api/v1/pages?…`.
pub async fn page_list(ctx: Ctx, params: web::Query<ListParams>) -> Result<HttpResponse, AppError> {
    list(ctx, params.into_inner(), ContentKind::Page).await
}

#[derive(Serialize)]
struct ItemDetailJson<'a> {
    #[serde(flatten)]
    summary: ItemJson<'a>,
    body_html: String,
    category: Option<String>,
    tags: Vec<String>,
    revised_at: String,
}

async fn detail(ctx: Ctx, id: String, kind: ContentKind) -> Result<HttpResponse, AppError> {
    let id = id
        .parse::<i32>()
        .ok()
        .filter(|n| *n > 0)
        .map(ContentId)
        .ok_or(AppError::NotFound)?;
    let item: Option<ContentItem> = ctx
        .state
        .db
        .read(move |c| Ok(store::find_for_reading(c, id)?))
        .await?;
    let item = item.filter(|i| i.kind == kind).ok_or(AppError::NotFound)?;
    item.visibility(ctx.state.clock.now().naive_utc())
        .readable()?;
    let summary = item.summary();
    let body = ItemDetailJson {
        summary: ItemJson::of(&ctx, &summary),
        body_html: item.body_html,
        category: item.text.category,
        tags: item.tags,
        revised_at: iso_time(item.revised_at),
    };
    Ok(json(&body, Some(item.site_id)))
}

/// `GET /api/v1/news/{id}`.
pub async fn news_item(ctx: Ctx, id: web::Path<String>) -> Result<HttpResponse, AppError> {
    detail(ctx, id.into_inner(), ContentKind::News).await
}

/// `GET /api/v1/pages/{id}`.
pub async fn page_item(ctx: Ctx, id: web::Path<String>) -> Result<HttpResponse, AppError> {
    detail(ctx, id.into_inner(), ContentKind::Page).await
}
