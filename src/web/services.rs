//! The catalogue's own public page: the usage report per agency (its list, procedures and
//! API are the generic record pages, `services::public`).

use actix_web::HttpResponse;
use tera::Context;

use super::ctx::{day_text, Ctx};
use crate::cache::Cacheable;
use crate::error::AppError;
use crate::services::public::{card, report_word};
use crate::services::store::{self, UsageTotals};
use crate::urls::Section;

/// `/thu-tuc-hanh-chinh/thong-ke`, `/en/public-services/statistics`: the usage figures of
/// the online services per agency.
pub async fn report(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let (site, lang) = (super::records::scope(&ctx), ctx.lang);
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
                    "card": card(p, &ctx),
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
