//! The admin side of the citizens' questions: each site's queue and dashboard (the
//! province board sees every site's), a question with its asker's details and history and
//! the actions on it, and the monthly report (page with a chart, and CSV).

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse};
use chrono::Datelike;
use serde::Deserialize;
use tera::Context;

use super::Admin;
use crate::account::Capability;
use crate::app::AppState;
use crate::error::AppError;
use crate::inbox::actions::{self, Action, ActionFields, ActionName};
use crate::inbox::report::{standings, MonthlyReport};
use crate::inbox::store::{self, AnswerForm, InboxError, Question};
use crate::inbox::{self, Calendars, QuestionId, Standing, FIELDS};
use crate::site::{SiteId, SiteKind};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Filter {
    standing: String,
    field: String,
    site: String,
}

/// `GET /admin/sites/{slug}/inbox`: the site's questions by standing (every site's for the
/// province board), with the board's two-hour clock on those not yet forwarded.
pub async fn dashboard(
    admin: Admin,
    slug: web::Path<String>,
    filter: web::Query<Filter>,
) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::Write)?;
    let province = site.kind == SiteKind::Province;
    let scope: Option<Vec<SiteId>> = match (province, filter.site.as_str()) {
        (true, "") => None,
        (true, s) => Some(vec![
            admin.directory.by_slug(s).ok_or(AppError::NotFound)?.id,
        ]),
        (false, _) => Some(vec![site.id]),
    };
    let state = admin.state.clone();
    let (rows, calendars) = admin
        .state
        .db
        .read(move |c| Ok((store::list(c, scope.as_deref())?, in_force(c, &state)?)))
        .await?;
    let now = admin.now();
    let settings = &admin.state.config.inbox;
    let wanted = Standing::parse(&filter.standing);
    let (counts, shown) = standings(&rows, &filter.field, wanted, now, (&calendars, settings));
    let items: Vec<serde_json::Value> = shown
        .into_iter()
        .map(|(q, standing)| row(&admin, q, standing, now))
        .collect();
    let sites = admin.site_choices();
    let mut context = Context::new();
    context.insert(
        "site",
        &serde_json::json!({"slug": site.slug, "name": site.name(admin.lang)}),
    );
    context.insert("province", &province);
    context.insert("counts", &counts);
    context.insert("items", &items);
    context.insert("fields", &FIELDS);
    context.insert("sites", &sites);
    context.insert("filter", &serde_json::json!({"standing": filter.standing, "field": filter.field, "site": filter.site}));
    admin.render(
        "admin/inbox_list.html",
        context,
        &format!("/sites/{}/inbox", site.slug),
    )
}

fn row(
    admin: &Admin,
    q: &Question,
    standing: Standing,
    now: chrono::NaiveDateTime,
) -> serde_json::Value {
    let site = admin.directory.get(q.site());
    serde_json::json!({
        "id": q.id,
        "code": q.code,
        "title": q.title,
        "field": q.field,
        "site": site.map(|s| s.short_name(admin.lang).to_string()),
        "status": q.status().as_str(),
        "standing": standing.as_str(),
        "received": crate::web::ctx::display_date(q.received_at, admin.lang),
        "due": crate::web::ctx::display_date(q.due_at, admin.lang),
        "awaiting_triage": q.status() == inbox::Status::Received,
        "triage_late": q.status() == inbox::Status::Received && now > q.triage_due_at,
        "triage_due": super::content::time(admin, Some(q.triage_due_at)),
    })
}

/// Who may see a question and its asker's details: those who write on the site whose queue
/// it is in, and the board of the site it was asked on.
fn may_handle(admin: &Admin, q: &Question) -> bool {
    admin.actor.can(Capability::Write, q.site())
        || admin.actor.can(Capability::Review, q.asked_site_id)
}

/// A question, its history and the calendars in force.
type Loaded = (Question, Vec<store::Event>, Calendars);

async fn load(admin: &Admin, id: QuestionId) -> Result<Loaded, AppError> {
    let state = admin.state.clone();
    let found = admin
        .state
        .db
        .read(move |c| {
            let Some(q) = store::find(c, id)? else {
                return Ok(None);
            };
            let events = store::history(c, q.id)?;
            Ok(Some((q, events, in_force(c, &state)?)))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_handle(admin, &found.0) {
        return Err(AppError::Forbidden);
    }
    Ok(found)
}

/// `GET /admin/inbox/{id}`: a question, its asker, its history and what can be done.
pub async fn question(admin: Admin, id: web::Path<QuestionId>) -> Result<HttpResponse, AppError> {
    show(
        &admin,
        id.into_inner(),
        None,
        StatusCode::OK,
        &AnswerForm::default(),
    )
    .await
}

async fn show(
    admin: &Admin,
    id: QuestionId,
    error: Option<String>,
    status: StatusCode,
    answer: &AnswerForm,
) -> Result<HttpResponse, AppError> {
    let (q, events, calendars) = load(admin, id).await?;
    let now = admin.now();
    let standing = q.standing(now, &calendars, &admin.state.config.inbox);
    let departments: Vec<serde_json::Value> = admin
        .directory
        .sites
        .iter()
        .filter(|s| s.id != q.site() && !s.retired)
        .map(|s| serde_json::json!({"slug": s.slug, "name": s.name(admin.lang)}))
        .collect();
    let history: Vec<serde_json::Value> = events
        .iter()
        .map(|e| {
            let note = e.kind.note(&e.note);
            // A site is named, never shown by its slug.
            let site = match &note {
                inbox::EventNote::Site(slug) => admin
                    .directory
                    .by_slug(slug)
                    .map(|s| s.short_name(admin.lang).to_string()),
                _ => None,
            };
            serde_json::json!({
                "at": super::content::time(admin, Some(e.at)),
                "kind": e.kind, "actor": e.actor, "note": note, "site": site,
            })
        })
        .collect();
    let (qid, answer_item) = (q.id, q.answer_content_id);
    let (attachment, latest, regulation) = admin
        .state
        .db
        .read(move |c| {
            let latest = match answer_item {
                Some(item) => crate::review::store::latest(c, item)?,
                None => None,
            };
            Ok((
                store::attachment(c, qid)?,
                latest,
                store::regulation_of(c, qid)?,
            ))
        })
        .await?;
    // An empty form starts from the latest draft or published answer, else the question.
    let answer = match (answer.answer.is_empty(), latest) {
        (true, Some(r)) => AnswerForm {
            title: r.text.title,
            question: r.text.summary,
            answer: r.text.body_markdown,
        },
        (true, None) => AnswerForm {
            title: q.title.clone(),
            question: q.edited_body.clone().unwrap_or_else(|| q.body.clone()),
            answer: String::new(),
        },
        (false, _) => answer.clone(),
    };
    let mut context = Context::new();
    context.insert("attachment", &attachment);
    context.insert("regulation", &regulation);
    context.insert("q", &q);
    context.insert("row", &row(admin, &q, standing, now));
    context.insert("history", &history);
    context.insert("departments", &departments);
    context.insert("fields", &FIELDS);
    context.insert("answer", &answer);
    context.insert("error", &error);
    context.insert("open", &q.status().is_open());
    let can_triage = admin.actor.can(Capability::Review, q.site());
    let awaiting_triage = q.status() == inbox::Status::Received;
    context.insert("can_triage", &can_triage);
    context.insert("awaiting_triage", &awaiting_triage);
    context.insert("can_forward", &(can_triage && awaiting_triage));
    context.insert("answered", &(q.status() == inbox::Status::Answered));
    context.insert("can_write", &admin.actor.can(Capability::Write, q.site()));
    let mut res = admin.render(
        "admin/inbox_question.html",
        context,
        &format!("/inbox/{id}"),
    )?;
    *res.status_mut() = status;
    Ok(res)
}

/// `GET /admin/inbox/{id}/attachment`: the citizen's attachment, for its handlers only
/// (never cached, always downloaded).
pub async fn attachment(admin: Admin, id: web::Path<QuestionId>) -> Result<HttpResponse, AppError> {
    let (q, _, _) = load(&admin, id.into_inner()).await?;
    let qid = q.id;
    let found = admin
        .state
        .db
        .read(move |c| Ok(store::attachment(c, qid)?))
        .await?
        .ok_or(AppError::NotFound)?;
    let files = admin.state.files.clone();
    let sha256 = found.sha256.clone();
    let bytes = web::block(move || -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut files.open(&sha256)?, &mut out)?;
        Ok(out)
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(found.content_type.as_str())
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(("x-content-type-options", "nosniff"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", found.file_name),
        ))
        .body(bytes))
}

/// An action's form: the session token and the action's fields.
#[derive(Debug, Default, Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    fields: ActionFields,
}

/// `POST /admin/inbox/{id}/{action}`: classify, forward, reject, merge, pause, resume,
/// extend (a progress notice) or answer; an unknown action is a 404.
pub async fn act(
    admin: Admin,
    path: web::Path<(QuestionId, ActionName)>,
    form: web::Form<ActionForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let (id, name) = path.into_inner();
    let (q, _, _) = load(&admin, id).await?;
    let site = admin
        .directory
        .get(q.site())
        .cloned()
        .ok_or(AppError::NotFound)?;
    if !admin.actor.can(name.capability(), site.id) {
        return Err(AppError::Forbidden);
    }
    let form = form.into_inner().fields;
    let answer = AnswerForm {
        title: form.title.clone(),
        question: form.question.clone(),
        answer: form.answer.clone(),
    };
    let to = admin.directory.by_slug(&form.to).map(|s| (**s).clone());
    let (actor, now) = (admin.actor.clone(), admin.now());
    let state = admin.state.clone();
    let result = admin
        .state
        .db
        .read(move |c| {
            let calendars = in_force(c, &state)?;
            Ok(Action::from_form(name, form, to.as_ref())
                .and_then(|action| actions::act(c, id, &site, &action, &calendars, &actor, now)))
        })
        .await?;
    match result {
        Ok(Some(revision)) => Ok(admin.see_other(&format!("/revisions/{}", revision.0))),
        Ok(None) => Ok(admin.see_other(&format!("/inbox/{id}"))),
        Err(e) => {
            let (status, message) = match e {
                InboxError::Invalid(p) => (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    p.first().map_or("form-required", |p| p.message_id),
                ),
                InboxError::WrongState(m) => (StatusCode::CONFLICT, m),
                InboxError::NotFound => return Err(AppError::NotFound),
                InboxError::Forbidden => return Err(AppError::Forbidden),
                InboxError::Review(r) => {
                    let (status, errors) = super::content::problem(r)?;
                    (
                        status,
                        errors.first().map_or("form-required", |e| e.message_id),
                    )
                }
                other => return Err(AppError::internal(other)),
            };
            show(&admin, id, Some(message.to_string()), status, &answer).await
        }
    }
}

/// `GET /admin/sites/{slug}/inbox/answer/{content}`: an answer is edited from its question.
pub async fn answer_editor(
    admin: Admin,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, AppError> {
    let (slug, content) = path.into_inner();
    admin.site(&slug, Capability::Write)?;
    let q = admin
        .state
        .db
        .read(move |c| {
            Ok(store::find_by_answer(
                c,
                crate::content::ContentId(content),
            )?)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(admin.see_other(&format!("/inbox/{}", q.id)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportQuery {
    year: Option<i32>,
}

async fn report_rows(admin: &Admin, slug: &str) -> Result<(Vec<Question>, Calendars), AppError> {
    let site = admin.site(slug, Capability::Write)?;
    let scope = (site.kind != SiteKind::Province).then(|| vec![site.id]);
    let state = admin.state.clone();
    admin
        .state
        .db
        .read(move |c| Ok((store::list(c, scope.as_deref())?, in_force(c, &state)?)))
        .await
}

/// The calendars in force, for a handler.
fn in_force(c: &mut crate::db::DbConn, state: &AppState) -> Result<Calendars, AppError> {
    store::calendars(c, &state.config.inbox).map_err(AppError::internal)
}

/// The report of the year asked (this year by default) for the site's board (every
/// site's for the province).
async fn monthly(admin: &Admin, slug: &str, year: Option<i32>) -> Result<MonthlyReport, AppError> {
    let (rows, calendars) = report_rows(admin, slug).await?;
    let year = year.unwrap_or_else(|| inbox::local_date(admin.now()).year());
    let name = |site| {
        admin
            .directory
            .get(site)
            .map(|s| s.short_name(admin.lang).to_string())
            .unwrap_or_default()
    };
    let settings = &admin.state.config.inbox;
    Ok(MonthlyReport::of(
        &rows,
        year,
        admin.now(),
        &calendars,
        settings,
        name,
    ))
}

/// `GET /admin/sites/{slug}/inbox/report?year=`: received, answered, on time and late per
/// department and month, with a bar chart (inline SVG).
pub async fn report(
    admin: Admin,
    slug: web::Path<String>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    let report = monthly(&admin, &slug, query.year).await?;
    let mut context = Context::new();
    context.insert("slug", &*slug);
    context.insert("year", &report.year);
    context.insert("lines", &report.lines);
    context.insert("bars", &report.bars());
    admin.render(
        "admin/inbox_report.html",
        context,
        &format!("/sites/{slug}/inbox/report"),
    )
}

/// `GET /admin/sites/{slug}/inbox/report.csv?year=`: the report's table as CSV.
pub async fn report_csv(
    admin: Admin,
    slug: web::Path<String>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    let report = monthly(&admin, &slug, query.year).await?;
    let file_name = format!("hoi-dap-{slug}-{}.csv", report.year);
    Ok(super::csv_download(&file_name, report.csv()))
}
