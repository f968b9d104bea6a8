//! The pages statistics datasets have besides the generic ones: a dataset's values as CSV
//! (`text/csv`, UTF-8 with a byte-order mark so that spreadsheets read Vietnamese), and
//! the release calendar of the next releases (every site's on the province portal unless
//! `site=` narrows it, as every list there).

use actix_web::{web, HttpResponse};
use tera::Context;

use super::ctx::Ctx;
use super::records::{page_scope, SiteParam};
use crate::cache::Cacheable;
use crate::content::store as content_store;
use crate::content::ContentKind;
use crate::error::AppError;
use crate::record::parts::start_of;
use crate::record::stored::{self, StoredKind};
use crate::statistics::dataset::{calendar_word, DatasetRecord, Datasets};

/// `/thong-ke/{id}-{slug}/du-lieu.csv`, `/en/statistics/{id}-{slug}/data.csv`: the values
/// of a public dataset, the period column headed in the page's language.
pub async fn csv(ctx: Ctx, segment: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (id, _) = crate::urls::parse_item_segment(&segment).ok_or(AppError::NotFound)?;
    let found = ctx
        .state
        .db
        .read(move |c| {
            let Some(item) =
                content_store::find_for_reading(c, id)?.filter(|i| i.kind == ContentKind::Dataset)
            else {
                return Ok(None);
            };
            Ok(stored::find::<DatasetRecord>(c, ContentKind::Dataset, id)?.map(|s| (item, s)))
        })
        .await?;
    let (item, dataset) = found.ok_or(AppError::NotFound)?;
    if item.site_id != ctx.site.id {
        return Err(AppError::NotFound);
    }
    let now = ctx.state.clock.now().naive_utc();
    item.visibility(now).readable()?;
    let name = format!("{}.csv", item.text.slug);
    let mut response = HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(dataset.record.table.to_csv(ctx.lang));
    response
        .extensions_mut()
        .insert(Cacheable::until(Some(item.site_id), None));
    Ok(response)
}

/// `/thong-ke/lich-cong-bo`, `/en/statistics/release-calendar`: the datasets whose next
/// release is today or later, soonest first.
pub async fn calendar(ctx: Ctx, chosen: web::Query<SiteParam>) -> Result<HttpResponse, AppError> {
    let site = page_scope(&ctx, &chosen.site)?;
    let now = ctx.state.clock.now().naive_utc();
    let today = crate::clock::today_in_vietnam(now);
    let lang = ctx.lang;
    let due = ctx
        .state
        .db
        .read(move |c| {
            Ok(stored::due_from::<DatasetRecord>(
                c,
                ContentKind::Dataset,
                site,
                lang,
                start_of(today),
                now,
            )?)
        })
        .await?;
    let items: Vec<serde_json::Value> = due
        .iter()
        .map(|s| stored::card::<Datasets>(s, &ctx))
        .collect();
    let sites: Vec<(String, String)> = ctx
        .directory
        .sites
        .iter()
        .map(|s| (s.slug.clone(), s.name(lang).to_string()))
        .collect();
    let mut context = Context::new();
    context.insert("items", &items);
    context.insert("sites", &sites);
    context.insert("site_selected", &chosen.site);
    context.insert("on_portal", &super::records::scope(&ctx).is_none());
    context.insert("section_url", <Datasets as StoredKind>::PATHS.of(lang));
    let other = calendar_path(lang.other());
    // The calendar changes when a day passes in Vietnam.
    let tomorrow = start_of(today + chrono::Duration::days(1)) - chrono::Duration::hours(7);
    ctx.render(
        "statistics_calendar.html",
        context,
        Some(&other),
        Cacheable::until(site, Some(tomorrow)),
    )
}

/// The release calendar's path in a language.
pub fn calendar_path(lang: crate::lang::Lang) -> String {
    format!(
        "{}/{}",
        <Datasets as StoredKind>::PATHS.of(lang),
        calendar_word(lang)
    )
}
