//! The admin pages of content: the dashboard of what awaits whom, lists, the editor with
//! preview, an item's revision history, and a revision with its diff and workflow actions.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use tera::Context;

use super::{parse_local, Admin};
use crate::account::Capability;
use crate::content::store::{self as content_store};
use crate::content::{ContentId, ContentItem, ContentKind, ContentState};
use crate::error::AppError;
use crate::lang::Lang;
use crate::media::library::{MediaFile, Picture};
use crate::render::markdown;
use crate::review::queues::{Pending, Queues};
use crate::review::store::{
    self as review, FieldError, ReviewError, Revision, RevisionForm, RevisionId, TransitionInput,
};
use crate::review::{diff, RevisionState, Transition};
use crate::site::{Site, SiteId};
use crate::urls;
use crate::web::ctx::display_date;
use crate::web::paging::{last_page, PageParams};

/// A workflow refusal or form error shown on the page instead of a bare error.
pub(super) fn problem(e: ReviewError) -> Result<(StatusCode, Vec<FieldError>), AppError> {
    match e {
        ReviewError::Refused(r) => Ok((
            // The role or the two-person rule forbids it (403); or the revision's state
            // does not allow it now (409).
            if r == crate::review::Refusal::WrongState {
                StatusCode::CONFLICT
            } else {
                StatusCode::FORBIDDEN
            },
            vec![FieldError::new("", r.message_id())],
        )),
        ReviewError::Invalid(errors) => Ok((StatusCode::UNPROCESSABLE_ENTITY, errors)),
        ReviewError::NotFound => Err(AppError::NotFound),
        ReviewError::Db(e) => Err(AppError::Db(e)),
    }
}

pub(super) fn time(admin: &Admin, t: Option<NaiveDateTime>) -> String {
    t.map(|t| {
        let local = t.and_utc().with_timezone(&crate::clock::vietnam());
        format!("{} {}", display_date(t, admin.lang), local.format("%H:%M"))
    })
    .unwrap_or_default()
}

#[derive(Serialize)]
struct SiteQueues {
    slug: String,
    name: String,
    #[serde(flatten)]
    queues: Queues,
    /// Units and officials lacking the English Decree 42/2022 art. 7 requires.
    english_required: usize,
    /// Comments on the site's consultations waiting for moderation.
    comments_pending: i64,
}

/// `GET /admin`: per site, what awaits my review, my publication, my drafts and returns,
/// and what is scheduled.
pub async fn dashboard(admin: Admin) -> Result<HttpResponse, AppError> {
    let sites = admin.sites();
    let ids: Vec<crate::site::SiteId> = sites.iter().map(|s| s.id).collect();
    let today = crate::directory::week::vietnam_day(admin.state.clock.now().naive_utc());
    let (pending, required, comments_pending) = admin
        .state
        .db
        .read(move |c| {
            Ok((
                Pending::read(c, &ids)?,
                crate::directory::store::english_required(c, None, today)?,
                crate::consultation::store::pending_per_site(c)?,
            ))
        })
        .await?;
    let queues: Vec<SiteQueues> = sites
        .iter()
        .map(|site| SiteQueues {
            slug: site.slug.clone(),
            name: site.name(admin.lang).to_string(),
            queues: pending.of_site(site.id, &admin.actor),
            english_required: required.iter().filter(|g| g.site_id == site.id).count(),
            comments_pending: comments_pending
                .iter()
                .find(|(s, _)| *s == site.id)
                .map_or(0, |(_, n)| *n),
        })
        .collect();
    let mut context = Context::new();
    context.insert("queues", &queues);
    admin.render("admin/dashboard.html", context, "")
}

#[derive(Deserialize)]
pub struct ListParams {
    kind: Option<String>,
    lang: Option<String>,
    #[serde(flatten)]
    paging: PageParams,
}

#[derive(Serialize)]
struct Row {
    id: i32,
    title: String,
    kind: ContentKind,
    lang: Lang,
    state: ContentState,
    updated: String,
    public_url: Option<String>,
}

/// `GET /admin/sites/{slug}/content`: every item of a site, drafts included.
pub async fn list(
    admin: Admin,
    slug: web::Path<String>,
    q: web::Query<ListParams>,
) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::View)?;
    let paging = q.paging.validate(30)?;
    let kind = q
        .kind
        .as_deref()
        .filter(|k| !k.is_empty())
        .map(|k| ContentKind::parse(k).ok_or(AppError::BadRequest("error-bad-query-text")))
        .transpose()?;
    let lang = q
        .lang
        .as_deref()
        .filter(|l| !l.is_empty())
        .map(|l| Lang::from_code(l).ok_or(AppError::BadRequest("error-bad-lang-text")))
        .transpose()?;
    let site_id = site.id;
    let (items, total) = admin
        .state
        .db
        .read(move |c| {
            Ok(content_store::list_all(
                c,
                site_id,
                kind,
                lang,
                paging.page,
                paging.per_page,
            )?)
        })
        .await?;
    let rows: Vec<Row> = items
        .iter()
        .map(|i| Row {
            id: i.id.0,
            title: i.text.title.clone(),
            kind: i.kind,
            lang: i.lang,
            state: i.state,
            updated: display_date(i.revised_at, admin.lang),
            public_url: (i.state != ContentState::Draft)
                .then(|| urls::item_path(i.kind, i.lang, i.id, &i.text.slug)),
        })
        .collect();
    let mut context = Context::new();
    context.insert(
        "site",
        &serde_json::json!({"slug": site.slug, "name": site.name(admin.lang)}),
    );
    context.insert("rows", &rows);
    context.insert("total", &total);
    context.insert("page_no", &paging.page);
    context.insert("last_page", &last_page(total, paging.per_page));
    context.insert("kind", &kind.map(ContentKind::as_str));
    context.insert("filter_lang", &lang.map(Lang::code));
    admin.render(
        "admin/content_list.html",
        context,
        &format!("/sites/{}/content", site.slug),
    )
}

/// The editor form as posted.
#[derive(Deserialize, Serialize, Default)]
pub struct EditorForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    translation_key: String,
    /// `preview` re-renders the form with the rendered text; anything else saves.
    #[serde(default)]
    action: String,
    #[serde(flatten)]
    revision: RevisionForm,
}

struct EditorPage<'a> {
    heading_id: &'a str,
    action: String,
    here: String,
    new_item: bool,
    /// Whose media library the cover image and the pictures come from.
    site: SiteId,
}

impl EditorPage<'static> {
    /// The editor of a new item on a site.
    fn new_item(admin: &Admin, site: &Site) -> Self {
        let here = format!("/sites/{}/content/new", site.slug);
        EditorPage {
            heading_id: "admin-new-item",
            action: admin.path(&here),
            here,
            new_item: true,
            site: site.id,
        }
    }

    /// The editor of an existing item.
    fn existing(admin: &Admin, item: &ContentItem) -> Self {
        let here = format!("/content/{}/edit", item.id.0);
        EditorPage {
            heading_id: "admin-edit-item",
            action: admin.path(&here),
            here,
            new_item: false,
            site: item.site_id,
        }
    }
}

/// How many of a site's pictures the cover picker offers.
const COVER_CHOICES: i64 = 60;

async fn editor(
    admin: &Admin,
    page: EditorPage<'_>,
    form: &EditorForm,
    errors: &[FieldError],
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    // The cover picker offers the site's pictures, newest first.
    let site = page.site;
    let pictures: Vec<Picture> = admin
        .state
        .db
        .read(move |c| Ok(crate::media::library::images(c, site, COVER_CHOICES)?))
        .await?
        .iter()
        .filter_map(MediaFile::picture)
        .collect();
    let mut context = Context::new();
    context.insert("pictures", &pictures);
    context.insert("heading_id", page.heading_id);
    context.insert("action", &page.action);
    context.insert("new_item", &page.new_item);
    context.insert("form", form);
    super::insert_errors(&mut context, errors);
    let preview =
        (form.action == "preview").then(|| markdown::to_safe_html(&form.revision.body_markdown));
    context.insert("preview_html", &preview);
    let mut response = admin.render("admin/editor.html", context, &page.here)?;
    *response.status_mut() = status;
    Ok(response)
}

/// After saving: to the page of what was saved (`next`), or the editor again with what
/// the workflow refused.
/// The editor showing the form as readers would see it, with what is wrong in it.
async fn preview_editor(
    admin: &Admin,
    page: EditorPage<'_>,
    form: &EditorForm,
) -> Result<HttpResponse, AppError> {
    editor(admin, page, form, &form.revision.validate(), StatusCode::OK).await
}

async fn after_save(
    admin: &Admin,
    page: EditorPage<'_>,
    form: &EditorForm,
    saved: Result<String, ReviewError>,
) -> Result<HttpResponse, AppError> {
    match saved {
        Ok(next) => Ok(admin.see_other(&next)),
        Err(e) => {
            let (status, errors) = problem(e)?;
            editor(admin, page, form, &errors, status).await
        }
    }
}

#[derive(Deserialize)]
pub struct NewParams {
    kind: Option<String>,
    lang: Option<String>,
}

/// `GET /admin/sites/{slug}/content/new?kind=news&lang=vi`.
pub async fn new_form(
    admin: Admin,
    slug: web::Path<String>,
    q: web::Query<NewParams>,
) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::Write)?;
    let form = EditorForm {
        kind: q
            .kind
            .clone()
            .filter(|k| ContentKind::parse(k).is_some_and(|k| !k.has_record()))
            .unwrap_or_else(|| "news".into()),
        lang: q
            .lang
            .clone()
            .filter(|l| Lang::from_code(l).is_some())
            .unwrap_or_else(|| "vi".into()),
        revision: RevisionForm {
            author: admin.actor.display_name.clone(),
            source: site.name(Lang::Vi).to_string(),
            ..RevisionForm::default()
        },
        ..EditorForm::default()
    };
    let page = EditorPage::new_item(&admin, &site);
    editor(&admin, page, &form, &[], StatusCode::OK).await
}

/// `POST /admin/sites/{slug}/content/new`.
pub async fn create(
    admin: Admin,
    slug: web::Path<String>,
    form: web::Form<EditorForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let site = admin.site(&slug, Capability::Write)?;
    let form = form.into_inner();
    let page = EditorPage::new_item(&admin, &site);
    // Kinds with a record have their own forms.
    let kind = ContentKind::parse(&form.kind).filter(|k| !k.has_record());
    let lang = Lang::from_code(&form.lang);
    let (Some(kind), Some(lang)) = (kind, lang) else {
        let errors = [FieldError::new("kind", "form-bad-kind")];
        return editor(
            &admin,
            page,
            &form,
            &errors,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    if form.action == "preview" {
        return preview_editor(&admin, page, &form).await;
    }
    let (actor, now, site_id) = (admin.actor.clone(), admin.now(), site.id);
    let (key, rev) = (form.translation_key.clone(), form.revision.clone());
    let result = admin
        .state
        .db
        .read(move |c| {
            let new = review::NewItem {
                site: site_id,
                kind,
                lang,
                translation_key: &key,
            };
            Ok(review::create_item(c, new, &rev, &actor, now))
        })
        .await?;
    let saved = result.map(|(content, _)| format!("/content/{}", content.0));
    after_save(&admin, page, &form, saved).await
}

#[derive(Serialize)]
struct RevisionRow {
    id: i32,
    number: i32,
    state: RevisionState,
    created_by: String,
    created_at: String,
    change_note: Option<String>,
    emergency: bool,
}

/// `GET /admin/content/{id}`: the item, its public state and every revision.
pub async fn item(admin: Admin, id: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let content = ContentId(id.into_inner());
    let (item, revisions, names) = admin
        .state
        .db
        .read(move |c| Ok(review::history(c, content)?))
        .await?
        .ok_or(AppError::NotFound)?;
    if !admin.actor.can(Capability::View, item.site_id) {
        return Err(AppError::Forbidden);
    }
    let site = admin
        .directory
        .get(item.site_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let rows: Vec<RevisionRow> = revisions
        .iter()
        .map(|r| RevisionRow {
            id: r.id,
            number: r.number,
            state: r.state,
            created_by: r
                .created_by
                .and_then(|u| names.get(&u).cloned())
                .unwrap_or_default(),
            created_at: time(&admin, Some(r.created_at)),
            change_note: r.change_note.clone(),
            emergency: r.emergency_reason.is_some() && r.reviewed_by.is_none(),
        })
        .collect();
    let mut context = Context::new();
    context.insert("item", &item);
    context.insert(
        "site",
        &serde_json::json!({"slug": site.slug, "name": site.name(admin.lang)}),
    );
    context.insert("revisions", &rows);
    context.insert(
        "public_url",
        &(item.state != ContentState::Draft)
            .then(|| urls::item_path(item.kind, item.lang, item.id, &item.text.slug)),
    );
    context.insert(
        "can_take_down",
        &(admin.actor.can(Capability::Publish, item.site_id)
            && matches!(
                item.state,
                ContentState::Published | ContentState::Withdrawn
            )),
    );
    context.insert(
        "can_edit",
        &admin.actor.can(Capability::Write, item.site_id),
    );
    let portal = admin.directory.province().map(|p| p.id);
    context.insert(
        "can_curate_portal",
        &(portal.is_some_and(|p| p != item.site_id && admin.actor.can(Capability::Publish, p))
            && item.state == ContentState::Published),
    );
    admin.render(
        "admin/item.html",
        context,
        &format!("/content/{}", item.id.0),
    )
}

/// `GET /admin/content/{id}/edit`: the editor, filled with the latest revision (or the
/// public text of an item that has none yet, e.g. imported).
pub async fn edit_form(admin: Admin, id: web::Path<i32>) -> Result<HttpResponse, AppError> {
    let content = ContentId(id.into_inner());
    let found = admin
        .state
        .db
        .read(move |c| Ok(review::editing_base(c, content)))
        .await?;
    let (item, revision) = found.map_err(|e| match e {
        ReviewError::Db(e) => AppError::Db(e),
        _ => AppError::NotFound,
    })?;
    if !admin.actor.can(Capability::Write, item.site_id) {
        return Err(AppError::Forbidden);
    }
    if let Some(slug) = admin.directory.get(item.site_id).map(|s| s.slug.clone()) {
        if let Some(own_form) = super::record_editor(item.kind, &slug, item.id.0) {
            return Ok(admin.see_other(&own_form));
        }
    }
    let form = EditorForm {
        kind: item.kind.as_str().into(),
        lang: item.lang.code().into(),
        translation_key: item.translation_key.clone(),
        revision,
        ..EditorForm::default()
    };
    let page = EditorPage::existing(&admin, &item);
    editor(&admin, page, &form, &[], StatusCode::OK).await
}

/// `POST /admin/content/{id}/edit`: saves a draft (a new revision if the latest is
/// published), or previews.
pub async fn save(
    admin: Admin,
    id: web::Path<i32>,
    form: web::Form<EditorForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let content = ContentId(id.into_inner());
    let form = form.into_inner();
    let item = admin
        .state
        .db
        .read(move |c| Ok(content_store::find(c, content)?))
        .await?
        .ok_or(AppError::NotFound)?;
    if !admin.actor.can(Capability::Write, item.site_id) {
        return Err(AppError::Forbidden);
    }
    let page = EditorPage::existing(&admin, &item);
    if form.action == "preview" {
        return preview_editor(&admin, page, &form).await;
    }
    let (actor, now, rev) = (admin.actor.clone(), admin.now(), form.revision.clone());
    let result = admin
        .state
        .db
        .read(move |c| Ok(review::save_draft(c, content, &rev, &actor, now)))
        .await?;
    let saved = result.map(|rev| format!("/revisions/{}", rev.0));
    after_save(&admin, page, &form, saved).await
}

#[derive(Serialize)]
struct RevisionView {
    revision: Revision,
    preview_html: String,
    diff: Vec<diff::Line>,
    previous_number: Option<i32>,
    transitions: Vec<&'static str>,
    names: HashMap<i32, String>,
    created_at: String,
    publish_at: String,
}

async fn revision_page(
    admin: &Admin,
    id: RevisionId,
    errors: &[FieldError],
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let found = admin
        .state
        .db
        .read(move |c| Ok(review::InContext::read(c, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    if !admin.actor.can(Capability::View, found.item.site_id) {
        return Err(AppError::Forbidden);
    }
    let view = RevisionView {
        preview_html: markdown::to_safe_html(&found.revision.text.body_markdown),
        diff: found.diff(),
        previous_number: found.previous.as_ref().map(|p| p.number),
        transitions: found.transitions(&admin.actor),
        created_at: time(admin, Some(found.revision.created_at)),
        publish_at: time(admin, found.revision.publish_at),
        names: found.names,
        revision: found.revision,
    };
    let item = found.item;
    let expires = (admin.state.clock.now() + crate::review::preview::LIFETIME).timestamp();
    let token = crate::review::preview::token(&admin.state.secret, id, expires);
    let mut context = Context::new();
    context.insert("preview_link", &admin.path(&format!("/preview/{token}")));
    let state = view.revision.state;
    context.insert("editable", &state.is_editable());
    context.insert(
        "can_restore",
        &(admin.actor.can(Capability::Write, item.site_id)
            && matches!(state, RevisionState::Published | RevisionState::Superseded)),
    );
    context.insert("view", &view);
    context.insert("item", &item);
    context.insert(
        "errors",
        &errors.iter().map(|e| e.message_id).collect::<Vec<_>>(),
    );
    let mut response = admin.render(
        "admin/revision.html",
        context,
        &format!("/revisions/{}", id.0),
    )?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /admin/revisions/{id}`: the revision rendered as readers will see it, its diff
/// from the previous revision, and the workflow actions this account may take.
pub async fn revision(admin: Admin, id: web::Path<i32>) -> Result<HttpResponse, AppError> {
    revision_page(&admin, RevisionId(id.into_inner()), &[], StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct TransitionForm {
    #[serde(default)]
    csrf: String,
    comment: Option<String>,
    reason: Option<String>,
    /// `YYYY-MM-DDTHH:MM` in Vietnam's time (an HTML datetime-local field).
    publish_at: Option<String>,
}

/// `POST /admin/revisions/{id}/{transition}`.
pub async fn transition(
    admin: Admin,
    path: web::Path<(i32, String)>,
    form: web::Form<TransitionForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let (id, name) = path.into_inner();
    let id = RevisionId(id);
    let t = Transition::parse(&name)
        .filter(|t| *t != Transition::Edit)
        .ok_or(AppError::NotFound)?;
    let input = TransitionInput {
        comment: form.comment.clone(),
        reason: form.reason.clone(),
        publish_at: form.publish_at.as_deref().and_then(parse_local),
    };
    let (actor, now) = (admin.actor.clone(), admin.now());
    let result = admin
        .state
        .db
        .read(move |c| Ok(review::apply(c, id, t, &input, &actor, now)))
        .await?;
    if result.is_ok() {
        admin.state.changes.poke();
    }
    after_revision_change(&admin, id, result.map(|_| id)).await
}

/// Where a change to revision `id` leads: to the revision `next` once made, or back to
/// `id` with what was refused.
async fn after_revision_change(
    admin: &Admin,
    id: RevisionId,
    result: Result<RevisionId, ReviewError>,
) -> Result<HttpResponse, AppError> {
    match result {
        Ok(next) => Ok(admin.see_other(&format!("/revisions/{}", next.0))),
        Err(e) => {
            let (status, errors) = problem(e)?;
            revision_page(admin, id, &errors, status).await
        }
    }
}

#[derive(Deserialize)]
pub struct TakeDownForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    note: String,
}

/// `POST /admin/content/{id}/take-down`: unpublish (410) or withdraw (kept readable).
pub async fn take_down(
    admin: Admin,
    id: web::Path<i32>,
    form: web::Form<TakeDownForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let content = ContentId(id.into_inner());
    let state = match form.state.as_str() {
        "withdrawn" => ContentState::Withdrawn,
        "unpublished" => ContentState::Unpublished,
        _ => return Err(AppError::BadRequest("form-bad-state")),
    };
    let (actor, now, note) = (admin.actor.clone(), admin.now(), form.note.clone());
    let result = admin
        .state
        .db
        .read(move |c| Ok(review::take_down(c, content, state, &note, &actor, now)))
        .await?;
    after_item_change(&admin, content, result, "form-required-note")
}

/// Where a change to an item leads: back to the item once made (its followers told), or
/// the refusal as an error; an invalid change is said by `invalid`.
fn after_item_change(
    admin: &Admin,
    content: ContentId,
    result: Result<(), ReviewError>,
    invalid: &'static str,
) -> Result<HttpResponse, AppError> {
    match result {
        Ok(()) => {
            admin.state.changes.poke();
            Ok(admin.see_other(&format!("/content/{}", content.0)))
        }
        Err(ReviewError::Refused(_)) => Err(AppError::Forbidden),
        Err(ReviewError::Invalid(_)) => Err(AppError::BadRequest(invalid)),
        Err(ReviewError::NotFound) => Err(AppError::NotFound),
        Err(ReviewError::Db(e)) => Err(AppError::Db(e)),
    }
}

/// `POST /admin/revisions/{id}/restore`: the revision's text becomes the item's draft again.
pub async fn restore(
    admin: Admin,
    id: web::Path<i32>,
    form: web::Form<super::auth::CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let id = RevisionId(id.into_inner());
    let (actor, now) = (admin.actor.clone(), admin.now());
    let result = admin
        .state
        .db
        .read(move |c| Ok(review::restore(c, id, &actor, now)))
        .await?;
    after_revision_change(&admin, id, result).await
}

/// `GET /admin/preview/{token}`: a revision as readers will see it, for whoever holds
/// an unexpired link (no account needed; never indexed, never cached).
pub async fn preview(
    req: actix_web::HttpRequest,
    state: web::Data<crate::app::AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    super::on_province_host(&req)?;
    let lang = Lang::of_path(req.path());
    let now = state.clock.now();
    let id = crate::review::preview::verify(&state.secret, &token, now.timestamp())
        .ok_or(AppError::Gone { note: None })?;
    let rev = state
        .db
        .read(move |c| Ok(review::revision(c, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let mut context = Context::new();
    context.insert("lang", lang.code());
    context.insert("revision", &rev);
    // The draft's files are not public yet: their links carry the preview's signature.
    let body_html = crate::media::library::with_preview_token(
        &markdown::to_safe_html(&rev.text.body_markdown),
        &token,
    );
    context.insert("body_html", &body_html);
    let mut response = super::render_admin(&state, lang, "admin/preview.html", &context)?;
    response.headers_mut().insert(
        actix_web::http::header::HeaderName::from_static("x-robots-tag"),
        actix_web::http::header::HeaderValue::from_static("noindex, nofollow"),
    );
    Ok(response)
}

#[derive(Deserialize)]
pub struct PortalForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    visible: String,
}

/// `POST /admin/content/{id}/portal`: the province board shows or hides a department's
/// item in the portal's aggregation.
pub async fn portal(
    admin: Admin,
    id: web::Path<i32>,
    form: web::Form<PortalForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let portal = admin
        .directory
        .province()
        .map(|p| p.id)
        .ok_or(AppError::NotFound)?;
    let content = ContentId(id.into_inner());
    let visible = form.visible == "1";
    let (actor, now) = (admin.actor.clone(), admin.now());
    let result = admin
        .state
        .db
        .read(move |c| {
            Ok(review::set_portal_visibility(
                c, content, visible, portal, &actor, now,
            ))
        })
        .await?;
    after_item_change(&admin, content, result, "error-bad-request-text")
}
