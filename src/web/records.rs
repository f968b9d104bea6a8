//! The one set of public handlers of every kind of record with pages of its own
//! ([`PublicKind`]): its list, an item's page and print view, and its API list and item.
//! Each registered kind gets its routes from [`crate::kinds::each`]; what differs between
//! kinds is declared by the kind, in its own folder.

use actix_web::{web, HttpResponse};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;
use tera::Context;

use super::ctx::Ctx;
use super::openapi::{Answer, ApiRoutes, Operation};
use super::paging::{insert_pager, last_page, Envelope, PageParams, Paging};
use super::public::locate;
use crate::cache::Cacheable;
use crate::content::store as content_store;
use crate::content::ContentState;
use crate::error::AppError;
use crate::lang::Lang;
use crate::record::apidoc::ApiParam;
use crate::record::public::{param, Address, ListQuery, Params, Presenter, PublicKind};
use crate::record::{RecordKind, Visitor};
use crate::site::{SiteId, SiteKind};

/// What a kind's public text needs from the request.
impl Presenter for Ctx {
    fn lang(&self) -> Lang {
        self.lang
    }

    fn message(&self, id: &str) -> String {
        self.state.renderer.message(self.lang, id)
    }

    fn day(&self, day: NaiveDate) -> String {
        super::ctx::day_text(day, self.lang)
    }

    fn date(&self, at: NaiveDateTime) -> String {
        Ctx::date(self, at)
    }

    fn link(&self, to: &Address) -> String {
        let path = to.path();
        match self.directory.get(to.site) {
            Some(site) => Ctx::link(self, site, &path),
            None => path,
        }
    }

    fn url(&self, to: &Address) -> String {
        let path = to.path();
        match self.directory.get(to.site) {
            Some(site) => self.url_of(site, &path),
            None => Ctx::absolute(self, path),
        }
    }

    fn absolute(&self, path: String) -> String {
        Ctx::absolute(self, path)
    }

    fn site_slug(&self, site: SiteId) -> Option<String> {
        self.directory.get(site).map(|s| s.slug.clone())
    }

    fn province_name(&self) -> String {
        self.directory
            .province()
            .map(|p| p.name(self.lang).to_string())
            .unwrap_or_default()
    }

    fn site_name(&self, site: SiteId) -> Option<String> {
        self.directory
            .get(site)
            .map(|s| s.name(self.lang).to_string())
    }

    fn now(&self) -> NaiveDateTime {
        self.state.clock.now().naive_utc()
    }
}

/// The pages of every kind: `{path}` and `{path}/{id}-{slug}` in both languages. Added after
/// the kinds' own pages under the same path (`/van-ban/feed.atom`), which match first.
pub struct Pages<'a>(pub &'a mut web::ServiceConfig);

impl Visitor for Pages<'_> {
    fn record<K: RecordKind>(&mut self) {}

    fn pages<K: PublicKind>(&mut self) {
        for lang in Lang::ALL {
            let base = K::PATHS.of(lang);
            self.0
                .route(base, super::read().to(list::<K>))
                .route(&format!("{base}/{{item}}"), super::read().to(item::<K>));
        }
    }
}

/// The API of every kind, inside `/api/v1`: `/{API_PATH}` and `/{API_PATH}/{key}`, described
/// by what the kind declares ([`PublicKind::API_RESOURCE`], its filters' `API_PARAMS`).
pub struct Api<'a, R>(pub &'a mut R);

/// What the API's document says of the generic item's `lang`.
const ITEM_LANG: &[ApiParam] = crate::api_params!["lang" => "`vi` (the default) or `en`."];

impl<R: ApiRoutes> Visitor for Api<'_, R> {
    fn record<K: RecordKind>(&mut self) {}

    fn pages<K: PublicKind>(&mut self) {
        let base = format!("/{}", K::API_PATH);
        let list = Operation::new(
            format!("The published {} items, a page at a time.", K::KIND),
            &[
                <K::Filters as Params>::API_PARAMS,
                super::api::SCOPE_PARAMS,
                super::paging::PAGE_PARAMS,
            ],
            Answer::list(K::API_RESOURCE),
        );
        let item = Operation::new(
            format!("A published {} item with its record.", K::KIND),
            &[<K::ItemParams as Params>::API_PARAMS, ITEM_LANG],
            Answer::item(K::API_DETAIL),
        )
        .key("The item's key: its number, or what the kind names it by (a procedure's code).");
        self.0.get(&base, api_list::<K>, list);
        self.0.get(&format!("{base}/{{key}}"), api_item::<K>, item);
    }
}

/// The sites whose items a site lists: its own, or every site's on the province portal.
pub fn scope(ctx: &Ctx) -> Option<SiteId> {
    (ctx.site.kind != SiteKind::Province).then_some(ctx.site.id)
}

/// The page's `site=`: on the province portal, the one site whose items its lists show.
#[derive(Debug, Default, Deserialize)]
pub struct SiteParam {
    pub site: Option<String>,
}

/// The sites a page's list shows: the host's own, or on the province portal every site's
/// unless `site=<slug>` narrows it (as the API's `site=` does).
pub fn page_scope(ctx: &Ctx, site: &Option<String>) -> Result<Option<SiteId>, AppError> {
    match scope(ctx) {
        Some(own) => Ok(Some(own)),
        None => Ok(super::api::scope(ctx, site, &None, None)?.0),
    }
}

/// Today in Vietnam and now.
fn today(ctx: &Ctx) -> (NaiveDate, NaiveDateTime) {
    let now = ctx.state.clock.now().naive_utc();
    (crate::clock::today_in_vietnam(now), now)
}

fn checked<P: Params>(params: &P) -> Result<P::Checked, AppError> {
    params.check().map_err(AppError::BadRequest)
}

fn list_query<K: PublicKind>(
    ctx: &Ctx,
    site: Option<SiteId>,
    lang: Lang,
    filters: &K::Filters,
    paging: Paging,
    for_page: bool,
) -> Result<ListQuery<<K::Filters as Params>::Checked>, AppError> {
    let (today, now) = today(ctx);
    Ok(ListQuery {
        site,
        lang,
        filters: checked(filters)?,
        offset: (paging.page - 1) * paging.per_page,
        limit: paging.per_page,
        today,
        now,
        for_page,
    })
}

/// A kind's context merged into a template's.
fn context_of(value: serde_json::Value) -> Result<Context, AppError> {
    Context::from_value(value).map_err(AppError::internal)
}

/// `{path}`: the items of the site (of every site on the province portal), filtered, a page
/// at a time.
async fn list<K: PublicKind>(
    ctx: Ctx,
    filters: web::Query<K::Filters>,
    paging: web::Query<PageParams>,
    chosen: web::Query<SiteParam>,
) -> Result<HttpResponse, AppError> {
    let paging = paging.validate(K::PER_PAGE)?;
    let site = page_scope(&ctx, &chosen.site)?;
    let q = list_query::<K>(&ctx, site, ctx.lang, &filters, paging, true)?;
    let now = q.now;
    let listing = ctx.state.db.read(move |c| Ok(K::list(c, &q)?)).await?;
    let last = last_page(listing.total, paging.per_page);
    if paging.page > last {
        return Err(AppError::NotFound);
    }
    let base = K::PATHS.of(ctx.lang);
    let items: Vec<serde_json::Value> = listing.entries.iter().map(|e| K::card(e, &ctx)).collect();
    let mut context = context_of(K::list_context(&listing.extras, &filters, &ctx))?;
    context.insert("items", &items);
    context.insert("total", &listing.total);
    insert_pager(&mut context, base, &filters.pairs(), paging.page, last);
    context.insert("list_url", &base);
    ctx.render(
        K::LIST_TEMPLATE,
        context,
        Some(K::PATHS.of(ctx.lang.other())),
        Cacheable::until(site, K::expires(now)),
    )
}

/// `?print=1`: the print view of an item.
#[derive(Debug, Default, Deserialize)]
pub struct PrintParam {
    pub print: Option<String>,
}

/// `{path}/{id}-{slug}`: an item's page (`?print=1` its print view). A wrong slug or site
/// redirects to the canonical address, another kind's id is unknown here, a draft or an item
/// not yet due is 404, one taken down 410 with its note.
async fn item<K: PublicKind>(
    ctx: Ctx,
    segment: web::Path<String>,
    params: web::Query<K::ItemParams>,
    print: web::Query<PrintParam>,
) -> Result<HttpResponse, AppError> {
    let checked = checked(&*params)?;
    let (today, now) = today(&ctx);
    let located = locate(&ctx, &segment, K::KIND, move |c, item| {
        Ok(K::view(c, item, &checked, today)?)
    })
    .await;
    let (item, view, counterpart) = match located {
        Ok(l) => (l.item, l.view, l.counterpart),
        Err(answer) => return answer,
    };
    let canonical = Address::of_item(&item).path();
    let mut context = context_of(K::page_context(&item, &view, &ctx))?;
    context.insert("item", &*item);
    context.insert("withdrawn", &(item.state == ContentState::Withdrawn));
    context.insert("published", &ctx.date(item.published_at));
    context.insert("section_url", &K::PATHS.of(ctx.lang));
    let template = match (K::PRINT_TEMPLATE, param(&print.print)) {
        (Some(print), Some(_)) => print,
        _ => K::PAGE_TEMPLATE,
    };
    if K::PRINT_TEMPLATE.is_some() {
        context.insert("print_url", &format!("{canonical}?print=1"));
    }
    ctx.render(
        template,
        context,
        counterpart.as_deref(),
        Cacheable::until(Some(ctx.site.id), K::expires(now)),
    )
}

/// The API's choice of sites and language: `site=<slug>|all` (every site's items by default
/// on the province host, the host's own elsewhere), `lang=vi|en` (Vietnamese by default).
#[derive(Debug, Default, Deserialize)]
pub struct ApiScope {
    pub site: Option<String>,
    pub lang: Option<String>,
}

/// `GET /api/v1/{API_PATH}?…&site=&lang=&page=&per_page=`: the list in the paging envelope.
async fn api_list<K: PublicKind>(
    ctx: Ctx,
    filters: web::Query<K::Filters>,
    paging: web::Query<PageParams>,
    api: web::Query<ApiScope>,
) -> Result<HttpResponse, AppError> {
    let paging = paging.validate(K::PER_PAGE)?;
    let (site, lang) = super::api::scope(&ctx, &api.site, &api.lang, scope(&ctx))?;
    let q = list_query::<K>(&ctx, site, lang, &filters, paging, false)?;
    let now = q.now;
    let listing = ctx.state.db.read(move |c| Ok(K::list(c, &q)?)).await?;
    let results: Vec<K::Resource> = listing
        .entries
        .iter()
        .map(|e| K::resource(e, &ctx))
        .collect();
    let mut response = HttpResponse::Ok().json(Envelope::new(results, listing.total, paging));
    response
        .extensions_mut()
        .insert(Cacheable::until(site, K::expires(now)));
    Ok(response)
}

/// `GET /api/v1/{API_PATH}/{key}?lang=`: an item with its record, by the same visibility
/// rule as its page (withdrawn: readable; taken down: 410; hidden or another kind: 404).
async fn api_item<K: PublicKind>(
    ctx: Ctx,
    key: web::Path<String>,
    params: web::Query<K::ItemParams>,
    api: web::Query<ApiScope>,
) -> Result<HttpResponse, AppError> {
    let (_, lang) = super::api::scope(&ctx, &None, &api.lang, None)?;
    let checked = checked(&*params)?;
    let (today, now) = today(&ctx);
    let key = key.into_inner();
    let found = ctx
        .state
        .db
        .read(move |c| {
            let Some(id) = K::api_key(c, &key, lang)? else {
                return Ok(None);
            };
            let Some(item) = content_store::find(c, id)?.filter(|i| i.kind == K::KIND) else {
                return Ok(None);
            };
            Ok(K::view(c, &item, &checked, today)?.map(|v| (item, v)))
        })
        .await?;
    let (item, view) = found.ok_or(AppError::NotFound)?;
    item.visibility(now).readable()?;
    let mut response = HttpResponse::Ok().json(K::detail(&item, &view, &ctx));
    response
        .extensions_mut()
        .insert(Cacheable::until(Some(item.site_id), K::expires(now)));
    Ok(response)
}
