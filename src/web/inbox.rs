//! The public side of the citizens' questions: the form (both languages), the confirmation
//! with the tracking code, the status page by code, and the site's published questions and
//! answers. Personal data never appears on any of these pages.

use crate::field::FieldError;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::ctx::{html_response, Ctx};
use super::paging::PageParams;
use super::public_form::{read_form, ReadForm};
use crate::content::{ContentId, ContentKind};
use crate::error::AppError;
use crate::inbox::store::{self, InboxError, Submission};
use crate::inbox::{self, AskForm, QuestionId, FIELDS};
use crate::lang::Lang;
use crate::urls::{self, Section};

/// The form's paths in each language.
fn ask_path(lang: Lang) -> &'static str {
    lang.pick("/hoi-dap/dat-cau-hoi", "/en/questions/ask")
}

/// Renders a page of the inbox with the site's chrome, never cached (it may carry a code).
fn page(
    ctx: &Ctx,
    template: &str,
    mut context: Context,
    counterpart: &str,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    context.insert("page", &ctx.chrome(Some(counterpart)));
    context.insert("lang", ctx.lang.code());
    context.insert("questions_url", Section::Questions.path(ctx.lang));
    context.insert("ask_url", ask_path(ctx.lang));
    context.insert("status_url", store::status_path(ctx.lang));
    let html = ctx.render_html(template, &context)?;
    let mut response = html_response(html, ctx.lang);
    *response.status_mut() = status;
    Ok(response)
}

fn form_context(
    ctx: &Ctx,
    form: &AskForm,
    problems: &[FieldError],
    notice: Option<&str>,
) -> Context {
    let mut context = Context::new();
    // The options of the select: [key, label].
    let fields: Vec<(&str, String)> = FIELDS
        .iter()
        .map(|k| {
            (
                *k,
                ctx.state.renderer.message(ctx.lang, &format!("field-{k}")),
            )
        })
        .collect();
    context.insert("fields", &fields);
    context.insert("form", form);
    context.insert("problems", problems);
    // Each field's message beside it.
    let errors: std::collections::BTreeMap<&str, &str> =
        problems.iter().map(|p| (p.field, p.message_id)).collect();
    context.insert("errors", &errors);
    context.insert("notice", &notice);
    context
}

#[derive(Deserialize)]
pub struct AskParams {
    #[serde(default)]
    regulation: String,
}

/// The regulation a feedback form is about, as the form names it (`None`: a question, or
/// an id that names no public document or procedure).
async fn regulation(ctx: &Ctx, id: &str) -> Result<Option<serde_json::Value>, AppError> {
    let Some(id) = id.trim().parse::<i32>().ok().filter(|n| *n > 0) else {
        return Ok(None);
    };
    let now = ctx.state.clock.now().naive_utc();
    let found = ctx
        .state
        .db
        .read(move |c| Ok(store::regulation_summary(c, ContentId(id), now)?))
        .await?;
    Ok(found.map(|s| {
        serde_json::json!({"title": s.title, "url": urls::item_path(s.kind, s.lang, s.id, &s.slug)})
    }))
}

/// `GET /hoi-dap/dat-cau-hoi` (`?regulation=ID`: feedback on a regulation): the form.
pub async fn ask_form(ctx: Ctx, params: web::Query<AskParams>) -> Result<HttpResponse, AppError> {
    let regulation = regulation(&ctx, &params.regulation).await?;
    let form = AskForm {
        regulation: regulation
            .as_ref()
            .map(|_| params.regulation.trim().to_string())
            .unwrap_or_default(),
        ..AskForm::default()
    };
    let mut context = form_context(&ctx, &form, &[], None);
    context.insert("regulation", &regulation);
    page(
        &ctx,
        "inbox_ask.html",
        context,
        ask_path(ctx.lang.other()),
        StatusCode::OK,
    )
}

/// `POST /hoi-dap/dat-cau-hoi`: stores the question (with its acknowledgement mail) and
/// shows the tracking code; or shows the form again with what to fix.
pub async fn ask(
    ctx: Ctx,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let ReadForm { form, upload } = read_form::<AskForm>(&ctx, &req, payload).await?;
    let client = upload.client;
    let other = ask_path(ctx.lang.other());
    let regulation = regulation(&ctx, &form.regulation).await?;
    let again = |problems: &[FieldError], notice: Option<&str>, status| {
        let mut context = form_context(&ctx, &form, problems, notice);
        context.insert("regulation", &regulation);
        page(&ctx, "inbox_ask.html", context, other, status)
    };
    // A robot filled the field people never see: nothing is stored.
    if !form.website.trim().is_empty() {
        return again(&[], Some("ask-error-rejected"), StatusCode::BAD_REQUEST);
    }
    if upload.limited {
        return again(&[], Some("ask-limit-upload"), StatusCode::TOO_MANY_REQUESTS);
    }
    let settings = ctx.state.config.inbox.clone();
    let (ask, attachment) = match upload.keep(&ctx.state, inbox::validate(&form, &settings)) {
        Ok(checked) => checked,
        Err(problems) => {
            return again(&problems, Some("ask-error-fix"), StatusCode::BAD_REQUEST);
        }
    };
    let attachment = attachment.map(|k| store::Attachment {
        question_id: QuestionId(0),
        sha256: k.sha256,
        file_name: k.file_name,
        content_type: k.content_type,
        size: k.size,
    });
    let (site, lang, origin) = (ctx.site.clone(), ctx.lang, ctx.origin_of(&ctx.site));
    let files = ctx.state.files.clone();
    let now = ctx.state.clock.now().naive_utc();
    let result = ctx
        .state
        .db
        .read(move |c| {
            let sub = Submission {
                site: &site,
                lang,
                ask,
                client,
                origin,
                attachment,
            };
            Ok(store::receive(c, files.as_ref(), sub, &settings, now))
        })
        .await?;
    let q = match result {
        Ok(q) => q,
        Err(InboxError::Limited(id)) => {
            return again(&[], Some(id), StatusCode::TOO_MANY_REQUESTS);
        }
        Err(InboxError::Invalid(problems)) => {
            return again(&problems, Some("ask-error-fix"), StatusCode::BAD_REQUEST);
        }
        Err(e) => return Err(AppError::internal(e)),
    };
    let mut context = Context::new();
    context.insert("code", &q.code);
    context.insert("due", &ctx.date(q.due_at));
    context.insert("email", &q.asker_email);
    page(
        &ctx,
        "inbox_received.html",
        context,
        Section::Questions.path(ctx.lang.other()),
        StatusCode::OK,
    )
}

#[derive(Deserialize)]
pub struct CodeQuery {
    #[serde(default)]
    code: String,
}

/// `GET /hoi-dap/tra-cuu?code=…`: where a question stands, without personal data.
pub async fn status(ctx: Ctx, query: web::Query<CodeQuery>) -> Result<HttpResponse, AppError> {
    let other = store::status_path(ctx.lang.other());
    let typed = query.code.trim().to_string();
    let mut context = Context::new();
    context.insert("code", &typed);
    if typed.is_empty() {
        return page(&ctx, "inbox_status.html", context, other, StatusCode::OK);
    }
    let Some(code) = inbox::normalise_code(&typed) else {
        context.insert("notice", "status-bad-code");
        return page(
            &ctx,
            "inbox_status.html",
            context,
            other,
            StatusCode::BAD_REQUEST,
        );
    };
    let state = ctx.state.clone();
    let found = ctx
        .state
        .db
        .read(move |c| {
            let q = store::find_by_code(c, &code)?;
            let calendars = store::calendars(c, &state.config.inbox).map_err(AppError::internal)?;
            Ok(q.map(|q| (q, calendars)))
        })
        .await?;
    let Some((q, calendars)) = found else {
        context.insert("notice", "status-not-found");
        return page(
            &ctx,
            "inbox_status.html",
            context,
            other,
            StatusCode::NOT_FOUND,
        );
    };
    let now = ctx.state.clock.now().naive_utc();
    let standing = q.standing(now, &calendars, &ctx.state.config.inbox);
    let handler = ctx
        .directory
        .get(q.site())
        .map(|s| s.name(ctx.lang).to_string());
    let answer_url = match (q.answer_content_id, q.status(), q.publish_consent) {
        (Some(id), inbox::Status::Answered, true) => {
            Some(format!("{}/{}", Section::Questions.path(q.lang()), id))
        }
        _ => None,
    };
    context.insert(
        "question",
        &serde_json::json!({
            "code": q.code,
            "title": q.title,
            "status": q.status().as_str(),
            "standing": standing.as_str(),
            "received": ctx.date(q.received_at),
            "due": ctx.date(q.due_at),
            "handler": handler,
            "answer_url": answer_url,
        }),
    );
    page(&ctx, "inbox_status.html", context, other, StatusCode::OK)
}

/// `GET /hoi-dap`: the published answers (with the askers' consent), ten to a page; on the
/// province portal every site's.
pub async fn list(ctx: Ctx, params: web::Query<PageParams>) -> Result<HttpResponse, AppError> {
    let mut context = Context::new();
    context.insert("ask_url", ask_path(ctx.lang));
    context.insert("status_url", store::status_path(ctx.lang));
    let list = (ContentKind::Answer, Section::Questions, "inbox_list.html");
    super::public::published_list(ctx, params, list, context).await
}

/// `GET /hoi-dap/{id}-{slug}`: a published answer, only if its asker consented.
pub async fn item(ctx: Ctx, segment: web::Path<String>) -> Result<HttpResponse, AppError> {
    let segment = segment.into_inner();
    let Some((id, _)) = urls::parse_item_segment(&segment) else {
        return Err(AppError::NotFound);
    };
    let public = ctx
        .state
        .db
        .read(move |c| Ok(store::is_public_answer(c, id)?))
        .await?;
    if !public {
        return Err(AppError::NotFound);
    }
    super::public::show_item(ctx, ContentKind::Answer, segment).await
}
