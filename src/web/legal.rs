//! The legal registry's own public pages: the number-symbol lookup, the feed and the
//! gazette (its list, documents and API are the generic record pages, `legal::public`).

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use tera::Context;

use super::ctx::{day_text, iso_time, Ctx};
use super::files::size_text;
use crate::cache::Cacheable;
use crate::error::AppError;
use crate::legal::gazette;
use crate::legal::public::address;
use crate::legal::record::symbol_keys;
use crate::legal::store::{self, LegalQuery};
use crate::record::public::Presenter;
use crate::urls::Section;

/// Today in Vietnam: statuses change with the day.
fn today(ctx: &Ctx) -> NaiveDate {
    crate::clock::today_in_vietnam(ctx.state.clock.now().naive_utc())
}

fn document_url(ctx: &Ctx, id: i32, site_id: i32, lang: &str, slug: &str) -> String {
    Presenter::link(ctx, &address(id, site_id, lang, slug))
}

/// Documents listed to choose from: linked, with number-symbol, type and abstract.
fn listed(ctx: &Ctx, docs: &[store::LinkedDocument]) -> Vec<serde_json::Value> {
    docs.iter()
        .map(|d| {
            serde_json::json!({
                "url": document_url(ctx, d.id, d.site_id, &d.lang, &d.slug),
                "number_symbol": d.number_symbol,
                "doc_type": d.doc_type,
                "abstract_text": d.abstract_text,
            })
        })
        .collect()
}

/// `/van-ban/so/{number-symbol}`: the document a number-symbol names, however it is typed;
/// several documents (agencies number alike) are listed to choose from.
pub async fn by_symbol(ctx: Ctx, symbol: web::Path<String>) -> Result<HttpResponse, AppError> {
    let key = symbol_keys(&symbol).folded;
    if key.is_empty() {
        return Err(AppError::NotFound);
    }
    let lang = ctx.lang;
    let (ids, today) = (key.clone(), today(&ctx));
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
            let items = listed(&ctx, many);
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
    let today = today(&ctx);
    let (site, lang) = (super::records::scope(&ctx), ctx.lang);
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
                "title": format!("{} {}", d.heading.doc_type, d.heading.number_symbol),
                "summary": d.abstract_text,
                "updated": iso_time(d.published_at),
                "issuers": d.heading.issuers,
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
    let documents = listed(&ctx, &view.documents);
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
