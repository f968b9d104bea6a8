//! What robots and feed readers ask a site for: `/robots.txt`, `/sitemap.xml` (and its
//! parts past 50,000 addresses), and the Atom feeds of news and answered questions.

use actix_web::http::header;
use actix_web::{web, HttpResponse};

use super::ctx::Ctx;
use crate::cache::Cacheable;
use crate::content::ContentKind;
use crate::distribution::store::{promoted, Promoted, PromotedItem};
use crate::distribution::{feed, sitemap};
use crate::error::AppError;

/// A text answer of a site, kept in the page cache until the site changes or, at
/// `next_change`, a scheduled item comes out.
fn text(content_type: &'static str, body: String, cacheable: Cacheable) -> HttpResponse {
    let mut response = HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .body(body);
    response.extensions_mut().insert(cacheable);
    response
}

/// The promoted items of the request's site, and when that list next changes by itself.
async fn read_promoted(
    ctx: &Ctx,
    kind: Option<ContentKind>,
    lang: Option<crate::lang::Lang>,
    limit: Option<i64>,
) -> Result<(Vec<PromotedItem>, Cacheable), AppError> {
    let now = ctx.state.clock.now().naive_utc();
    let site = ctx.site.id;
    let which = Promoted {
        site,
        kind,
        lang,
        limit,
    };
    let (items, next) = ctx
        .state
        .db
        .read(move |c| {
            let next = crate::content::store::next_publication(c, Some(site), now)?;
            Ok((promoted(c, which, now)?, next))
        })
        .await?;
    Ok((items, Cacheable::until(Some(site), next)))
}

/// `/robots.txt`.
pub async fn robots(ctx: Ctx) -> HttpResponse {
    let body = sitemap::robots(&ctx.origin_of(&ctx.site));
    text(
        "text/plain; charset=utf-8",
        body,
        Cacheable::until(Some(ctx.site.id), None),
    )
}

/// `/sitemap.xml`.
pub async fn sitemap(ctx: Ctx) -> Result<HttpResponse, AppError> {
    sitemap_part(ctx, None).await
}

/// `/sitemap-{n}.xml`: a part of a sitemap index.
pub async fn sitemap_numbered(ctx: Ctx, n: web::Path<usize>) -> Result<HttpResponse, AppError> {
    sitemap_part(ctx, Some(n.into_inner())).await
}

async fn sitemap_part(ctx: Ctx, part: Option<usize>) -> Result<HttpResponse, AppError> {
    let (items, cacheable) = read_promoted(&ctx, None, None, None).await?;
    let urls = sitemap::urls(&items);
    let xml = sitemap::render(&ctx.origin_of(&ctx.site), &urls, part).ok_or(AppError::NotFound)?;
    Ok(text("application/xml; charset=utf-8", xml, cacheable))
}

/// `/tin-tuc/feed.atom`, `/en/news/feed.atom`: the site's newest news.
pub async fn news_feed(ctx: Ctx) -> Result<HttpResponse, AppError> {
    atom(ctx, ContentKind::News, "news-list-title").await
}

/// `/hoi-dap/feed.atom`, `/en/questions/feed.atom`: the site's newest published answers.
pub async fn answers_feed(ctx: Ctx) -> Result<HttpResponse, AppError> {
    atom(ctx, ContentKind::Answer, "questions-title").await
}

async fn atom(ctx: Ctx, kind: ContentKind, title_id: &str) -> Result<HttpResponse, AppError> {
    let (items, cacheable) =
        read_promoted(&ctx, Some(kind), Some(ctx.lang), Some(feed::ENTRIES)).await?;
    let now = ctx.state.clock.now().naive_utc();
    let origin = ctx.origin_of(&ctx.site);
    let list = crate::urls::kind_path(kind, ctx.lang);
    let site_name = ctx.site.name(ctx.lang);
    let title = format!(
        "{} – {site_name}",
        ctx.state.renderer.messages.get(ctx.lang, title_id)
    );
    let xml = feed::render(
        &feed::Feed {
            url: format!("{origin}{list}/feed.atom"),
            list_url: format!("{origin}{list}"),
            title,
            lang: ctx.lang.code(),
            site_name,
            origin: &origin,
            items: &items,
        },
        now,
    );
    Ok(text("application/atom+xml; charset=utf-8", xml, cacheable))
}
