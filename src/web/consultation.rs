//! The public side of consultations on drafts: the list, a consultation's page (and its
//! printable report), the comment form's POST, the Atom feed of opened consultations and
//! the API. The rules are in [`crate::consultation`]; these handlers parse and render.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::ctx::{html_response, iso_time, Ctx};
use super::openapi::{Answer, ApiRoutes, Operation};
use super::paging::PAGE_PARAMS;
use super::public::locate;
use super::public_form::{atom, read_form, ReadForm};
use crate::cache::Cacheable;
use crate::consultation::store::{self, CommentFile, CommentSubmission, ConsultationError, Limits};
use crate::consultation::view::{self, Card, ListFilter};
use crate::consultation::{validate_comment, CommentForm, Phase};
use crate::content::{ContentId, ContentKind};
use crate::error::AppError;
use crate::field::FieldError;
use crate::lang::Lang;
use crate::record::apidoc::{ApiField, ApiParam};
use crate::site::{SiteId, SiteKind};
use crate::urls::Section;

/// The province portal lists every site's consultations; a department its own and those
/// shown on it.
fn scope(ctx: &Ctx) -> Option<SiteId> {
    (ctx.site.kind != SiteKind::Province).then_some(ctx.site.id)
}

#[derive(Deserialize)]
pub struct ListParams {
    state: Option<String>,
    agency: Option<String>,
    year: Option<String>,
}

impl ListParams {
    fn filter(&self, ctx: &Ctx) -> Result<ListFilter, AppError> {
        let bad = || AppError::BadRequest("error-bad-query-text");
        Ok(ListFilter {
            phase: super::param(&self.state)
                .map(|s| Phase::parse(&s).ok_or_else(bad))
                .transpose()?,
            site: super::param(&self.agency)
                .map(|s| ctx.directory.by_slug(&s).map(|s| s.id).ok_or_else(bad))
                .transpose()?,
            year: super::param(&self.year)
                .map(|y| y.parse::<i32>().map_err(|_| bad()))
                .transpose()?,
        })
    }
}

/// The id in a path (`/lay-y-kien/12/gop-y`, `/api/v1/consultations/12`).
fn content_id(segment: &str) -> Result<ContentId, AppError> {
    segment
        .parse::<i32>()
        .ok()
        .filter(|n| *n > 0)
        .map(ContentId)
        .ok_or(AppError::NotFound)
}

/// The listed consultations of a scope, with their published comments' counts.
async fn cards(
    ctx: &Ctx,
    lang: Lang,
    site: Option<SiteId>,
    filter: ListFilter,
) -> Result<(Vec<Card>, Option<chrono::NaiveDateTime>), AppError> {
    let now = ctx.state.clock.now().naive_utc();
    let sites = site.map(|s| vec![s]);
    let (items, counts) = ctx
        .state
        .db
        .read(move |c| {
            let all = store::list(c, lang, sites.as_deref(), now)?;
            let counts = store::published_counts(c)?;
            Ok((all, counts))
        })
        .await?;
    let next = view::next_change(&items, now);
    let shown = view::listed(items, filter, now)
        .iter()
        .map(|c| Card::of(ctx, c, counts.get(&c.id.0).copied().unwrap_or(0), now))
        .collect();
    Ok((shown, next))
}

/// `GET /lay-y-kien?state=&agency=&year=`: open consultations first.
pub async fn list(ctx: Ctx, params: web::Query<ListParams>) -> Result<HttpResponse, AppError> {
    let filter = params.filter(&ctx)?;
    let (items, next) = cards(&ctx, ctx.lang, scope(&ctx), filter).await?;
    let agencies: Vec<(String, String)> = ctx
        .directory
        .sites
        .iter()
        .filter(|s| !s.retired)
        .map(|s| (s.slug.clone(), s.name(ctx.lang).to_string()))
        .collect();
    let mut context = Context::new();
    context.insert("items", &items);
    context.insert("agencies", &agencies);
    let phases: Vec<(&str, String)> = Phase::ALL
        .iter()
        .map(|p| {
            let label = ctx
                .state
                .renderer
                .message(ctx.lang, &format!("consultation-phase-{}", p.as_str()));
            (p.as_str(), label)
        })
        .collect();
    context.insert("phases", &phases);
    context.insert(
        "filter",
        &serde_json::json!({"state": params.state, "agency": params.agency, "year": params.year}),
    );
    context.insert(
        "feed_url",
        &format!("{}/feed.atom", store::section_path(ctx.lang)),
    );
    let other = store::section_path(ctx.lang.other());
    ctx.render(
        "consultation_list.html",
        context,
        Some(other),
        Cacheable::until(None, next),
    )
}

#[derive(Deserialize)]
pub struct ItemParams {
    print: Option<String>,
}

/// `GET /lay-y-kien/{id}-{slug}` (`?print=1`: the printable report).
pub async fn item(
    ctx: Ctx,
    segment: web::Path<String>,
    params: web::Query<ItemParams>,
) -> Result<HttpResponse, AppError> {
    let now = ctx.state.clock.now().naive_utc();
    let located = locate(&ctx, &segment, ContentKind::Consultation, move |c, item| {
        Ok(store::page_data(c, item.id, now)?)
    })
    .await;
    let located = match located {
        Ok(l) => l,
        Err(answer) => return answer,
    };
    let data = located.view;
    let page = view::page(&data.consultation, &data.comments, ctx.lang, now);
    let c = &data.consultation;
    let print = params.print.is_some();
    if print && !page.report_published {
        return Err(AppError::NotFound);
    }
    let mut context = Context::new();
    context.insert("item", &*located.item);
    context.insert("record", &c.record);
    context.insert("view", &page);
    context.insert("files", &data.files);
    context.insert(
        "final_document",
        &data.final_document.as_ref().map(|d| {
            serde_json::json!({
                "title": d.title,
                "url": match ctx.directory.get(d.site_id) {
                    Some(s) => ctx.link(s, &crate::urls::item_path(d.kind, d.lang, d.id, &d.slug)),
                    None => crate::urls::item_path(d.kind, d.lang, d.id, &d.slug),
                },
            })
        }),
    );
    context.insert("comment_url", &store::comment_path(ctx.lang, c.id));
    context.insert("section_url", Section::Consultations.path(ctx.lang));
    context.insert("print", &print);
    context.insert("print_url", &format!("{}?print=1", ctx.path));
    context.insert("form", &CommentForm::default());
    context.insert("anchors", &view::article_options(&c.record, ctx.lang));
    context.insert("errors", &std::collections::BTreeMap::<&str, &str>::new());
    let next = [c.record.opens_at, c.record.closes_at]
        .into_iter()
        .find(|t| *t > now);
    let template = if print {
        "consultation_report.html"
    } else {
        "consultation.html"
    };
    ctx.render(
        template,
        context,
        located.counterpart.as_deref(),
        Cacheable::until(Some(ctx.site.id), next),
    )
}

/// Renders a page answering a comment (never cached: it may carry what was typed).
fn answer_page(
    ctx: &Ctx,
    template: &str,
    mut context: Context,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    context.insert(
        "page",
        &ctx.chrome(Some(store::section_path(ctx.lang.other()))),
    );
    context.insert("lang", ctx.lang.code());
    context.insert("section_url", Section::Consultations.path(ctx.lang));
    let html = ctx.render_html(template, &context)?;
    let mut response = html_response(html, ctx.lang);
    *response.status_mut() = status;
    Ok(response)
}

/// `POST /lay-y-kien/{id}/gop-y`: stores a comment (with its acknowledgement mail) while
/// the consultation is open; before opening or after closing answers 409 and stores
/// nothing; a form with mistakes comes back with what to fix.
pub async fn comment(
    ctx: Ctx,
    req: HttpRequest,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let id = content_id(&id)?;
    let ReadForm { form, upload } = read_form::<CommentForm>(&ctx, &req, payload).await?;
    let client = upload.client;
    let now = ctx.state.clock.now().naive_utc();
    let found = ctx
        .state
        .db
        .read(move |c| Ok(store::find(c, id)?))
        .await?
        .filter(|c| {
            c.lang == ctx.lang
                && c.sites.contains(&ctx.site.id)
                && c.state == crate::content::ContentState::Published
                && c.published_at <= now
        })
        .ok_or(AppError::NotFound)?;
    let mut context = Context::new();
    context.insert("item", &serde_json::json!({"title": found.title}));
    context.insert(
        "item_url",
        &store::item_path(found.lang, found.id, &found.slug),
    );
    context.insert("comment_url", &store::comment_path(ctx.lang, found.id));
    let phase = found.phase(now);
    if phase != Phase::Open {
        return closed_page(&ctx, context, &found, phase);
    }
    let again = |mut context: Context, problems: &[FieldError], notice: &str, status| {
        let errors: std::collections::BTreeMap<&str, &str> =
            problems.iter().map(|p| (p.field, p.message_id)).collect();
        context.insert("form", &form);
        context.insert("problems", problems);
        context.insert("errors", &errors);
        context.insert("notice", notice);
        context.insert("anchors", &view::article_options(&found.record, ctx.lang));
        answer_page(&ctx, "consultation_comment.html", context, status)
    };
    // A robot filled the field people never see: nothing is stored.
    if !form.website.trim().is_empty() {
        return again(context, &[], "ask-error-rejected", StatusCode::BAD_REQUEST);
    }
    if upload.limited {
        return again(
            context,
            &[],
            "ask-limit-upload",
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let checked = validate_comment(&form, &found.record.anchors());
    let (comment, file) = match upload.keep(&ctx.state, checked) {
        Ok(checked) => checked,
        Err(problems) => {
            return again(context, &problems, "ask-error-fix", StatusCode::BAD_REQUEST);
        }
    };
    let file = file.map(|k| CommentFile {
        sha256: k.sha256,
        file_name: k.file_name,
        content_type: k.content_type,
        size: k.size,
    });
    let sub = CommentSubmission {
        consultation: found.id,
        lang: ctx.lang,
        comment,
        client,
        origin: ctx.origin_of(&ctx.site),
        file,
    };
    let limits = Limits {
        per_address_per_hour: ctx.state.config.inbox.per_address_per_hour,
        per_network_per_hour: ctx.state.config.inbox.per_network_per_hour,
    };
    let files = ctx.state.files.clone();
    let result = ctx
        .state
        .db
        .read(move |c| Ok(store::receive_comment(c, files.as_ref(), sub, limits, now)))
        .await?;
    match result {
        Ok(saved) => {
            context.insert("email", &saved.email);
            answer_page(&ctx, "consultation_received.html", context, StatusCode::OK)
        }
        Err(ConsultationError::NotOpen(phase)) => closed_page(&ctx, context, &found, phase),
        Err(ConsultationError::Limited(id)) => {
            again(context, &[], id, StatusCode::TOO_MANY_REQUESTS)
        }
        Err(ConsultationError::NotFound) => Err(AppError::NotFound),
        Err(e) => Err(AppError::internal(e)),
    }
}

/// 409: comments are not taken before opening or after closing.
fn closed_page(
    ctx: &Ctx,
    mut context: Context,
    c: &store::Consultation,
    phase: Phase,
) -> Result<HttpResponse, AppError> {
    context.insert("phase", &phase);
    context.insert(
        "opens",
        &crate::clock::display_moment(c.record.opens_at, ctx.lang),
    );
    context.insert(
        "closes",
        &crate::clock::display_moment(c.record.closes_at, ctx.lang),
    );
    answer_page(
        ctx,
        "consultation_closed.html",
        context,
        StatusCode::CONFLICT,
    )
}

/// `GET /lay-y-kien/feed.atom`: consultations as they open, newest first.
pub async fn feed(ctx: Ctx) -> Result<HttpResponse, AppError> {
    let now = ctx.state.clock.now().naive_utc();
    let (items, next) = cards(&ctx, ctx.lang, scope(&ctx), ListFilter::default()).await?;
    let mut opened: Vec<&Card> = items
        .iter()
        .filter(|c| c.state != Phase::Upcoming)
        .collect();
    opened.sort_by(|a, b| b.opens_at.cmp(&a.opens_at));
    opened.truncate(50);
    let base = ctx.origin_of(&ctx.site);
    let list = store::section_path(ctx.lang);
    let mut context = Context::new();
    context.insert("feed_url", &format!("{base}{list}/feed.atom"));
    context.insert("list_url", &format!("{base}{list}"));
    context.insert(
        "updated",
        &opened
            .first()
            .map_or_else(|| iso_time(now), |c| c.opens_at.clone()),
    );
    context.insert("entries", &opened);
    Ok(atom(ctx.render(
        "consultation_feed.atom",
        context,
        None,
        Cacheable::until(None, next),
    )?))
}

/// What the API's document says of the list's own parameters.
const API_PARAMS: &[ApiParam] = crate::api_params![
    "state" => "`upcoming`, `open` or `closed`.",
    "year" => "The year it opened.",
];

const CARD_FIELDS: &[ApiField] = crate::api_fields![
    "id": Integer => "The consultation's number.",
    "site": Text => "The slug of the consulting site.",
    "agency": Text => "The agency that receives the comments.",
    "title": Text => "The draft's title.",
    "summary": Text => "Its summary.",
    "state": Text => "`upcoming`, `open` or `closed`.",
    "opens_at": Moment => "When comments open.",
    "closes_at": Moment => "When comments close.",
    "opens": Text => "When comments open, as readers write it.",
    "closes": Text => "When comments close, as readers write it.",
    "url": Url => "Its page.",
    "comments_published": Integer => "How many comments are published.",
    "report_url": Url | null => "The report on the comments, once published.",
];

/// What the item adds to [`CARD_FIELDS`].
const ITEM_FIELDS: &[ApiField] = crate::api_fields![
    "draft_type": Text => "What kind of draft it is.",
    "shortened_reason": Text | null => "Why the consultation is shorter than the law's period.",
    "contact": Text => "Who to ask.",
    "postal_address": Text => "Where to post comments.",
    "email": Text => "Where to e-mail comments.",
    "articles": Objects => "The draft's articles with their comment counts.",
    "comments": Objects => "The published comments.",
    "answers": Objects => "The agency's answers to comments.",
    "counts": Object => "Comments received, published and answered.",
    "final_document": Integer | null => "The legal document issued after it.",
];

/// The consultations' routes of the API, with their descriptions.
pub fn api_routes(r: &mut impl ApiRoutes) {
    r.get(
        "/consultations",
        api_list,
        Operation::new(
            "Drafts posted for public comment; every site's on the province portal.",
            &[API_PARAMS, super::api::SCOPE_PARAMS, PAGE_PARAMS],
            Answer::list(CARD_FIELDS),
        ),
    );
    r.get(
        "/consultations/{id}",
        api_item,
        Operation::new(
            "A consultation with its articles' counts, published comments and report.",
            &[],
            Answer::Item([CARD_FIELDS, ITEM_FIELDS].concat()),
        ),
    );
}

#[derive(Deserialize)]
pub struct ApiParams {
    lang: Option<String>,
    site: Option<String>,
    state: Option<String>,
    year: Option<String>,
    #[serde(flatten)]
    paging: super::paging::PageParams,
}

/// `GET /api/v1/consultations?site=&lang=&state=&year=&page=`: on the province host every
/// site's consultations, `site=` narrows.
async fn api_list(ctx: Ctx, params: web::Query<ApiParams>) -> Result<HttpResponse, AppError> {
    let paging = params.paging.validate(20)?;
    let (site, lang) = super::api::scope(&ctx, &params.site, &params.lang, scope(&ctx))?;
    let filter = ListParams {
        state: params.state.clone(),
        agency: None,
        year: params.year.clone(),
    }
    .filter(&ctx)?;
    let (items, next) = cards(&ctx, lang, site, filter).await?;
    let total = items.len() as i64;
    let results: Vec<Card> = items
        .into_iter()
        .skip(((paging.page - 1) * paging.per_page) as usize)
        .take(paging.per_page as usize)
        .collect();
    let mut response =
        HttpResponse::Ok().json(super::paging::Envelope::new(results, total, paging));
    response
        .extensions_mut()
        .insert(Cacheable::until(None, next));
    Ok(response)
}

/// `GET /api/v1/consultations/{id}`: the consultation with its articles' counts, its
/// published comments and, once published, the report.
async fn api_item(ctx: Ctx, id: web::Path<String>) -> Result<HttpResponse, AppError> {
    let id = content_id(&id)?;
    let now = ctx.state.clock.now().naive_utc();
    let found = ctx
        .state
        .db
        .read(move |c| {
            let Some(item) = crate::content::store::find(c, id)? else {
                return Ok(None);
            };
            if item.kind != ContentKind::Consultation {
                return Ok(None);
            }
            Ok(store::page_data(c, id, now)?.map(|d| (item, d)))
        })
        .await?;
    let (item, data) = found.ok_or(AppError::NotFound)?;
    item.visibility(now).readable()?;
    if item.visibility(now) != crate::content::Visibility::Public {
        return Err(AppError::NotFound);
    }
    let body = view::resource(&ctx, &data, item.lang, now);
    let c = &data.consultation;
    let next = [c.record.opens_at, c.record.closes_at]
        .into_iter()
        .find(|t| *t > now);
    let mut response = HttpResponse::Ok().json(body);
    response
        .extensions_mut()
        .insert(Cacheable::until(Some(c.site_id), next));
    Ok(response)
}
