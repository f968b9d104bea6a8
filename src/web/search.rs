//! Site search: the page (`/tim-kiem`, `/en/search`) and the JSON API (`/api/v1/search`),
//! over the current site, or every site from the province portal.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::ctx::Ctx;
use super::paging::PageParams;
use crate::cache::Cacheable;
use crate::error::AppError;
use crate::lang::Lang;
use crate::search::sync::split_url;
use crate::search::{
    DocKind, FacetCount, Facets, Filters, Granularity, Hit, SearchQuery, SearchResults, Sort,
};
use crate::site::SiteKind;
use crate::urls::Section;

use crate::search::query::MAX_QUERY_CHARS;

/// What the page and the API accept.
#[derive(Debug, Default, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    /// `legal`, `news`, `page`, `service`, `qa`; everything when absent.
    pub kind: Option<String>,
    /// A site slug, or `all` (from the province portal, the default there).
    pub site: Option<String>,
    pub lang: Option<String>,
    /// `document` (one result per legal document) or `article`.
    pub granularity: Option<String>,
    /// `relevance` or `date`.
    pub sort: Option<String>,
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub field: Option<String>,
    pub year: Option<String>,
    pub status: Option<String>,
    /// Results per page, as the API's measurement contract names it.
    pub limit: Option<String>,
    #[serde(flatten)]
    pub paging: PageParams,
}

fn some(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn kinds(kind: Option<&str>) -> Result<Vec<DocKind>, AppError> {
    Ok(match kind {
        None => Vec::new(),
        Some("legal") => vec![DocKind::LegalDocument, DocKind::LegalArticle],
        Some("news") => vec![DocKind::News],
        Some("page") => vec![DocKind::Page],
        Some("service") => vec![DocKind::PublicService],
        Some("qa") => vec![DocKind::Question],
        Some("consultation") => vec![DocKind::Consultation],
        Some("project") => vec![DocKind::Project],
        Some("procurement") => vec![DocKind::Procurement],
        Some("dataset") => vec![DocKind::Dataset],
        Some("plan") => vec![DocKind::Plan],
        Some("budget") => vec![DocKind::BudgetDisclosure],
        Some("science") => vec![DocKind::ScienceTask],
        Some(_) => return Err(AppError::BadRequest("search-bad-kind")),
    })
}

impl SearchParams {
    fn query(&self, ctx: &Ctx, lang: Lang) -> Result<SearchQuery, AppError> {
        let per_page = match some(&self.limit) {
            Some(l) => l
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=100).contains(n))
                .ok_or(AppError::BadRequest("error-bad-paging-text"))?,
            None => self.paging.validate(10)?.per_page,
        };
        let page = self.paging.validate(10)?.page;
        let site_id = match some(&self.site) {
            Some("all") => None,
            Some(slug) => Some(
                ctx.directory
                    .by_slug(slug)
                    .map(|s| i64::from(s.id.0))
                    .ok_or(AppError::BadRequest("error-bad-site-text"))?,
            ),
            // The province portal searches every site; a department's site its own.
            None if ctx.site.kind == SiteKind::Province => None,
            None => Some(i64::from(ctx.site.id.0)),
        };
        let kind = some(&self.kind);
        let granularity = match some(&self.granularity) {
            Some("article") => Granularity::Article,
            Some("document") => Granularity::Document,
            None if kind == Some("legal") => Granularity::Document,
            None => Granularity::Article,
            Some(_) => return Err(AppError::BadRequest("search-bad-granularity")),
        };
        let sort = match some(&self.sort) {
            None | Some("relevance") => Sort::Relevance,
            Some("date") => Sort::Newest,
            Some(_) => return Err(AppError::BadRequest("search-bad-sort")),
        };
        let year = match some(&self.year) {
            None => Vec::new(),
            Some(y) => vec![y
                .parse::<u16>()
                .map_err(|_| AppError::BadRequest("legal-bad-year"))?],
        };
        let list = |v: &Option<String>| some(v).map(|s| vec![s.to_string()]).unwrap_or_default();
        // One character more than a query may have, so that search can say it is too long.
        let text: String = self.q.chars().take(MAX_QUERY_CHARS + 1).collect();
        Ok(SearchQuery {
            text,
            filters: Filters {
                kinds: kinds(kind)?,
                site_id,
                lang: Some(lang.code().to_string()),
                doc_types: list(&self.doc_type),
                issuers: list(&self.issuer),
                fields: list(&self.field),
                years: year,
                statuses: list(&self.status),
            },
            sort,
            granularity,
            page: page as usize,
            per_page: per_page as usize,
        })
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

#[derive(Serialize)]
struct ArticleJson {
    article: String,
    article_title: String,
    url: String,
    snippet: String,
}

#[derive(Serialize)]
struct HitJson {
    kind: DocKind,
    /// The document's title for legal entries; the item's title otherwise.
    title: String,
    url: String,
    date: Option<chrono::NaiveDate>,
    snippet: String,
    score: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    number_symbol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    article: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    article_title: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    articles: Vec<ArticleJson>,
}

impl HitJson {
    fn of(ctx: &Ctx, h: &Hit, absolute: bool) -> HitJson {
        let is_article = h.kind == DocKind::LegalArticle;
        HitJson {
            kind: h.kind,
            title: match (&h.document_title, is_article) {
                (Some(t), true) => t.clone(),
                _ => h.title.clone(),
            },
            url: link(ctx, &h.url, absolute),
            date: h.date,
            snippet: h.snippet.clone(),
            score: h.score,
            number_symbol: h.number_symbol.clone(),
            article: is_article.then(|| h.article_number.clone()).flatten(),
            article_title: is_article.then(|| h.title.clone()),
            articles: h
                .articles
                .iter()
                .map(|a| ArticleJson {
                    article: a.number.clone(),
                    article_title: a.title.clone(),
                    url: link(ctx, &a.url, absolute),
                    snippet: a.snippet.clone(),
                })
                .collect(),
        }
    }
}

/// Runs a query on the blocking pool (ranking is CPU work); `None` while the index is
/// being built.
async fn run(
    ctx: &Ctx,
    query: SearchQuery,
    with_facets: bool,
) -> Result<Option<(SearchResults, Option<Facets>)>, AppError> {
    let Some(index) = ctx.state.search.current() else {
        return Ok(None);
    };
    let found = web::block(move || {
        let results = index.search(&query)?;
        let facets = if with_facets {
            Some(index.facets(&query)?)
        } else {
            None
        };
        Ok::<_, crate::search::SearchError>((results, facets))
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)?;
    Ok(Some(found))
}

/// `GET /api/v1/search?q=&kind=&site=&lang=&page=&limit=&granularity=`: the paging envelope
/// with the best matches first, a "did you mean" and the number-symbols recognised.
pub async fn api(ctx: Ctx, params: web::Query<SearchParams>) -> Result<HttpResponse, AppError> {
    let lang = match some(&params.lang) {
        None => Lang::Vi,
        Some(l) => Lang::from_code(l).ok_or(AppError::BadRequest("error-bad-lang-text"))?,
    };
    let query = params.query(&ctx, lang)?;
    let (page, per_page) = (query.page, query.per_page);
    let Some((results, _)) = run(&ctx, query, false).await? else {
        return Err(AppError::Unavailable("search-rebuilding"));
    };
    let items: Vec<HitJson> = results
        .hits
        .iter()
        .map(|h| HitJson::of(&ctx, h, true))
        .collect();
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
pub async fn page(ctx: Ctx, params: web::Query<SearchParams>) -> Result<HttpResponse, AppError> {
    let lang = ctx.lang;
    let query = params.query(&ctx, lang)?;
    let (page, per_page) = (query.page, query.per_page);
    let has_text = !query.text.trim().is_empty();
    let found = if has_text {
        run(&ctx, query, true).await?
    } else {
        None
    };
    let rebuilding = has_text && found.is_none();
    let mut context = Context::new();
    context.insert(
        "q",
        &params.q.chars().take(MAX_QUERY_CHARS).collect::<String>(),
    );
    context.insert("kind", &some(&params.kind));
    context.insert("rebuilding", &rebuilding);
    let base = Section::Search.path(ctx.lang);
    // A link to this search with some parameters replaced (empty values drop them).
    let link_with = |extra: &[(&str, String)]| {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        for (k, v) in [
            ("q", Some(params.q.as_str())),
            ("kind", some(&params.kind)),
            ("type", some(&params.doc_type)),
            ("issuer", some(&params.issuer)),
            ("field", some(&params.field)),
            ("year", some(&params.year)),
            ("status", some(&params.status)),
            ("sort", some(&params.sort)),
        ] {
            if let (Some(v), false) = (v, extra.iter().any(|(e, _)| *e == k)) {
                pairs.push((k, v.to_string()));
            }
        }
        pairs.extend(extra.iter().filter(|(_, v)| !v.is_empty()).cloned());
        format!(
            "{base}?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let tabs: Vec<serde_json::Value> = [
        "",
        "legal",
        "news",
        "page",
        "service",
        "qa",
        "consultation",
        "project",
        "procurement",
        "dataset",
        "plan",
        "budget",
        "science",
    ]
        .iter()
        .map(|k| {
            serde_json::json!({
                "label": if k.is_empty() { "search-kind-all".to_string() } else { format!("search-kind-{k}") },
                "url": link_with(&[("kind", k.to_string()), ("page", String::new())]),
                "current": some(&params.kind).unwrap_or("") == *k,
            })
        })
        .collect();
    context.insert("tabs", &tabs);
    if let Some((results, facets)) = &found {
        let hits: Vec<HitJson> = results
            .hits
            .iter()
            .map(|h| HitJson::of(&ctx, h, false))
            .collect();
        context.insert("hits", &hits);
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
        if let Some(f) = facets {
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
        // Results follow the index, not the page cache: expired at once.
        Cacheable::until(Some(ctx.site.id), Some(ctx.state.clock.now().naive_utc())),
    )
}
