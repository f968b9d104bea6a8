//! News categories as public pages: the list of a site's categories, each category's news
//! and its Atom feed (`/tin-tuc/chuyen-muc/{slug}`, `/en/news/category/{slug}`).

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use tera::Context;

use super::ctx::{iso_time, Ctx};
use super::paging::{insert_pager, last_page, PageParams};
use super::public::cards;
use crate::cache::Cacheable;
use crate::content::categories::{self, Category};
use crate::content::store::{self, ListQuery, Listing};
use crate::content::ContentKind;
use crate::error::AppError;
use crate::urls::{self, Section};

/// The entries of a category's feed.
const FEED_ENTRIES: i64 = 50;

/// `/tin-tuc/chuyen-muc`: the site's news categories, with how many items each has.
pub async fn index(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let (site, lang, now) = (ctx.site.id, ctx.lang, ctx.state.clock.now().naive_utc());
    let (list, next) = ctx
        .state
        .db
        .read(move |c| {
            let list = categories::of_site(c, site, lang, now)?;
            Ok((list, store::next_publication(c, Some(site), now)?))
        })
        .await?;
    let mut context = Context::new();
    let links: Vec<(String, String, i64)> = list
        .into_iter()
        .map(|c| (urls::category_path(lang, &c.slug), c.name, c.count))
        .collect();
    context.insert("categories", &links);
    context.insert("news_url", Section::News.path(lang));
    let other = urls::category_path(lang.other(), "");
    ctx.render(
        "news_categories.html",
        context,
        Some(&other),
        Cacheable::until(Some(site), next),
    )
}

/// A category and one page of its news, and its slug in the other language; 404 when the
/// site has no published news in such a category.
async fn category_page(
    ctx: &Ctx,
    slug: String,
    page: i64,
    per_page: i64,
) -> Result<(Category, Listing, Option<String>), AppError> {
    let (site, lang, now) = (ctx.site.id, ctx.lang, ctx.state.clock.now().naive_utc());
    let found = ctx
        .state
        .db
        .read(move |c| {
            let Some(category) = categories::find(c, site, lang, &slug, now)? else {
                return Ok(None);
            };
            let q = ListQuery {
                site: Some(site),
                lang,
                kind: ContentKind::News,
                page,
                per_page,
                now,
                on_portal_only: false,
                categories: Some(category.names.clone()),
            };
            let listing = store::list_published(c, &q)?;
            let other = categories::translated(c, site, lang, &category, now)?;
            Ok(Some((category, listing, other)))
        })
        .await?;
    found.ok_or(AppError::NotFound)
}

/// `/tin-tuc/chuyen-muc/{slug}`: a category's news, newest first, ten to a page.
pub async fn page(
    ctx: Ctx,
    slug: web::Path<String>,
    params: web::Query<PageParams>,
) -> Result<HttpResponse, AppError> {
    let paging = params.validate(10)?;
    let (category, listing, other) =
        category_page(&ctx, slug.into_inner(), paging.page, paging.per_page).await?;
    let last = last_page(listing.total, paging.per_page);
    if paging.page > last {
        return Err(AppError::NotFound);
    }
    let base = urls::category_path(ctx.lang, &category.slug);
    let mut context = Context::new();
    context.insert("category", &category);
    context.insert(
        "items",
        &super::public::cards_with_pictures(&ctx, &listing.items, false).await?,
    );
    context.insert("total", &listing.total);
    context.insert("news_url", Section::News.path(ctx.lang));
    context.insert("feed_url", &format!("{base}/feed.atom"));
    insert_pager(&mut context, &base, &[], paging.page, last);
    // Without a translated category the English reader lands on the news list.
    let counterpart = other.map_or_else(
        || Section::News.path(ctx.lang.other()).to_string(),
        |slug| urls::category_path(ctx.lang.other(), &slug),
    );
    ctx.render(
        "news_category.html",
        context,
        Some(&counterpart),
        Cacheable::until(Some(ctx.site.id), listing.next_change),
    )
}

/// `/tin-tuc/chuyen-muc/{slug}/feed.atom`: a category's newest news as an Atom feed.
pub async fn feed(ctx: Ctx, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (category, listing, _) = category_page(&ctx, slug.into_inner(), 1, FEED_ENTRIES).await?;
    let base = ctx.origin_of(&ctx.site);
    let list_path = urls::category_path(ctx.lang, &category.slug);
    let updated = listing.items.iter().map(|s| s.published_at).max();
    let entries: Vec<serde_json::Value> = cards(&ctx, &listing.items, false)
        .into_iter()
        .map(|card| {
            let url = ctx.absolute(card.url);
            serde_json::json!({
                "id": url,
                "url": url,
                "title": card.title,
                "summary": card.summary,
                "updated": card.datetime,
                "author": card.author,
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("title", &category.name);
    context.insert("feed_url", &format!("{base}{list_path}/feed.atom"));
    context.insert("list_url", &format!("{base}{list_path}"));
    context.insert("updated", &iso_time(updated.unwrap_or_default()));
    context.insert("entries", &entries);
    let mut response = ctx.render(
        "news_feed.atom",
        context,
        None,
        Cacheable::until(Some(ctx.site.id), listing.next_change),
    )?;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    Ok(response)
}
