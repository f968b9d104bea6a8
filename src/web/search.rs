//! Site search: the page (`/tim-kiem`, `/en/search`) and the JSON API (`/api/v1/search`),
//! over the current site, or every site from the province portal.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::ctx::Ctx;
use super::openapi::{Answer, Operation};
use super::paging::{PageParams, PAGE_PARAMS};
use crate::cache::Cacheable;
use crate::error::AppError;
use crate::lang::Lang;
use crate::record::apidoc::ApiParam;
use crate::search::params::{value, HitView, SearchParams};
use crate::search::sync::split_url;
use crate::search::{FacetCount, Facets, RelatedAnswers, SearchQuery, SearchResults};
use crate::site::SiteKind;
use crate::urls::Section;

/// What the API's document says of the search's parameters.
const SEARCH_PARAMS: &[ApiParam] = crate::api_params![
    "q" => "The words or number-symbol sought (at most 256 characters).",
    "kind" => "`legal`, `news`, `page`, `service`, `qa` or `consultation`; everything when absent.",
    "site" => "A site's slug, or `all` (the default on the province portal; elsewhere the host's site).",
    "lang" => "`vi` (the default) or `en`.",
    "granularity" => "`document` (one result per legal document; the default with `kind=legal`) or `article`.",
    "sort" => "`relevance` (the default) or `date`.",
    "type" => "A legal document's type (`Quyết định`…).",
    "issuer" => "A legal document's issuer.",
    "field" => "A legal document's field.",
    "year" => "The year of issue.",
    "status" => "A legal document's status (`in_force`, `expired`…).",
    "limit" => "Results on a page, 1 to 100 (10 by default); `per_page` likewise.",
];

/// The document's description of `/search`.
pub fn api_operation() -> Operation {
    Operation::new(
        "Full-text search over the site (every site from the province portal), best matches first.",
        &[SEARCH_PARAMS, PAGE_PARAMS],
        Answer::List {
            result: crate::search::params::HIT_FIELDS.to_vec(),
            extra: crate::search::params::SEARCH_EXTRA.to_vec(),
        },
    )
}

/// What the page and the API accept.
#[derive(Debug, Default, Deserialize)]
pub struct SearchRequest {
    #[serde(flatten)]
    search: SearchParams,
    #[serde(flatten)]
    paging: PageParams,
}

impl SearchRequest {
    fn query(&self, ctx: &Ctx, lang: Lang) -> Result<SearchQuery, AppError> {
        let paging = self.paging.validate(10)?;
        // The province portal searches every site; a department's site its own.
        let own = (ctx.site.kind != SiteKind::Province).then_some(ctx.site.id);
        self.search
            .query(&ctx.directory, own, lang, (paging.page, paging.per_page))
            .map_err(AppError::BadRequest)
    }
}

/// A stored link as a link from this page (another site's entries on their own host), or,
/// for the API, as the canonical absolute URL.
fn link(ctx: &Ctx, url: &str, absolute: bool) -> String {
    let (slug, path) = split_url(url);
    match ctx.directory.by_slug(slug) {
        Some(site) if absolute => ctx.url_of(site, path),
        Some(site) => ctx.link(site, path),
        None if absolute => ctx.absolute(path.to_string()),
        None => path.to_string(),
    }
}

/// The hits as the page (`absolute: false`) or the API shows them, with the answers
/// `related` to their articles.
fn hits(
    ctx: &Ctx,
    results: &SearchResults,
    related: &RelatedAnswers,
    absolute: bool,
) -> Vec<HitView> {
    let link = |url: &str| link(ctx, url, absolute);
    results
        .hits
        .iter()
        .map(|h| HitView::of(h, &link, related))
        .collect()
}

/// What the page shows beside the results: facet counts, and the published answers that
/// cite the articles found.
type Beside = (Facets, RelatedAnswers);

/// Runs a query on a ranking thread (ranking is CPU work), with what the page shows beside
/// the results when `for_page`; `None` while the index is being built.
async fn run(
    ctx: &Ctx,
    query: SearchQuery,
    for_page: bool,
) -> Result<Option<(SearchResults, Option<Beside>)>, AppError> {
    let Some(index) = ctx.state.search.current() else {
        return Ok(None);
    };
    // A remembered answer is served at once: queued behind rankings on their threads,
    // it made the mixed load's slowest class.
    if !for_page {
        if let Some(results) = index.remembered(&query) {
            return Ok(Some((results, None)));
        }
    }
    let found = ctx
        .state
        .search
        .rank(move || {
            let results = index.search(&query)?;
            let beside = if for_page {
                let facets = index.facets(&query)?;
                let related = index.answers_citing(&results, &query.filters)?;
                Some((facets, related))
            } else {
                None
            };
            Ok::<_, crate::search::SearchError>((results, beside))
        })
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    Ok(Some(found))
}

/// `GET /api/v1/search?q=&kind=&site=&lang=&page=&limit=&granularity=`: the paging envelope
/// with the best matches first, a "did you mean" and the number-symbols recognised.
pub async fn api(ctx: Ctx, params: web::Query<SearchRequest>) -> Result<HttpResponse, AppError> {
    let lang = params.search.lang_asked().map_err(AppError::BadRequest)?;
    let query = params.query(&ctx, lang)?;
    let (page, per_page) = (query.page, query.per_page);
    let Some((results, _)) = run(&ctx, query, false).await? else {
        return Err(AppError::Unavailable("search-rebuilding"));
    };
    let items = hits(&ctx, &results, &RelatedAnswers::new(), true);
    let body = serde_json::json!({
        "results": items,
        "total": results.total,
        "total_exact": results.total_exact,
        "page": page,
        "per_page": per_page,
        "suggestion": results.suggestion,
        "symbols": results.symbols,
        "too_long": results.too_long,
    });
    // Answers follow the index, not the page cache.
    Ok(HttpResponse::Ok().json(body))
}

/// `/tim-kiem`, `/en/search`: the search page with kinds, facets, snippets and paging.
pub async fn page(ctx: Ctx, params: web::Query<SearchRequest>) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let query = params.query(&ctx, lang)?;
    let params = &params.search;
    let (page, per_page) = (query.page, query.per_page);
    let has_text = !query.text.trim().is_empty();
    let found = if has_text {
        run(&ctx, query, true).await?
    } else {
        None
    };
    let rebuilding = has_text && found.is_none();
    let mut context = Context::new();
    context.insert("q", &params.text_shown());
    context.insert("kind", &value(&params.kind));
    context.insert("rebuilding", &rebuilding);
    let base = Section::Search.path(ctx.lang);
    // A link to this search with some parameters replaced (empty values drop them).
    let link_with = |extra: &[(&str, String)]| {
        let pairs = params.pairs_with(extra);
        format!(
            "{base}?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let tabs: Vec<serde_json::Value> = std::iter::once("")
        .chain(crate::search::params::KIND_WORDS.iter().map(|(word, _)| *word))
        .map(|k| {
            serde_json::json!({
                "label": if k.is_empty() { "search-kind-all".to_string() } else { format!("search-kind-{k}") },
                "url": link_with(&[("kind", k.to_string()), ("page", String::new())]),
                "current": value(&params.kind).unwrap_or("") == k,
            })
        })
        .collect();
    context.insert("tabs", &tabs);
    let help: Vec<(&str, &str)> = Section::NOTHING_FOUND
        .map(|(s, m)| (s.path(lang), m))
        .into();
    context.insert("help", &help);
    if let Some((results, beside)) = &found {
        let no_answers = RelatedAnswers::new();
        let related = beside.as_ref().map_or(&no_answers, |(_, r)| r);
        context.insert("hits", &hits(&ctx, results, related, false));
        context.insert("total", &results.total);
        context.insert("total_exact", &results.total_exact);
        context.insert("too_long", &results.too_long);
        context.insert(
            "suggestion",
            &results.suggestion.as_ref().map(|s| {
                (
                    s.clone(),
                    link_with(&[("q", s.clone()), ("page", String::new())]),
                )
            }),
        );
        let last = results.total.div_ceil(per_page).max(1);
        context.insert("pager_page", &page);
        context.insert("pager_last", &last);
        context.insert(
            "prev_url",
            &(page > 1).then(|| link_with(&[("page", (page - 1).to_string())])),
        );
        context.insert(
            "next_url",
            &(page < last).then(|| link_with(&[("page", (page + 1).to_string())])),
        );
        if let Some((f, _)) = beside {
            let group = |name: &'static str,
                         counts: &[FacetCount],
                         mut label: Box<dyn FnMut(&str) -> String>| {
                serde_json::json!({
                    "name": name,
                    "values": counts.iter().take(12).map(|c| serde_json::json!({
                        "label": label(&c.value),
                        "count": c.count,
                        "url": link_with(&[(name, c.value.clone()), ("page", String::new())]),
                    })).collect::<Vec<_>>(),
                })
            };
            let renderer = ctx.state.renderer.clone();
            let status_label = move |v: &str| {
                crate::legal::status::Status::parse(v)
                    .map(|s| renderer.message(lang, s.message_id()))
                    .unwrap_or_else(|| v.to_string())
            };
            let groups = vec![
                group("type", &f.doc_types, Box::new(|v: &str| v.to_string())),
                group("issuer", &f.issuers, Box::new(|v: &str| v.to_string())),
                group("field", &f.fields, Box::new(|v: &str| v.to_string())),
                group("year", &f.years, Box::new(|v: &str| v.to_string())),
                group("status", &f.statuses, Box::new(status_label)),
            ];
            context.insert("facets", &groups);
        }
    }
    let other = Section::Search.path(ctx.lang.other());
    ctx.render(
        "search.html",
        context,
        Some(other),
        // Results follow the index: kept while it stays at the generation they came from.
        match &found {
            Some((results, _)) => Cacheable::following_index(Some(ctx.site.id), results.generation),
            None => Cacheable::until(Some(ctx.site.id), Some(ctx.state.clock.now().naive_utc())),
        },
    )
}
