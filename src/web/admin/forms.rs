//! The one admin flow of every kind of record with a form ([`FormKind`]): the form of a
//! new item and of an edit, and saving either as a draft revision for the editorial
//! workflow. A refused form comes back with every field at fault and changes nothing.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use tera::Context;

use super::content::problem;
use super::Admin;
use crate::account::Capability;
use crate::content::ContentId;
use crate::error::AppError;
use crate::field::FieldError;
use crate::lang::Lang;
use crate::record::form::{FormKind, RecordForm};
use crate::record::{RecordKind, Visitor};
use crate::site::Site;

/// The routes of every kind's form: `/sites/{slug}/{ADMIN_PATH}/new` and `/{id}/edit`.
pub struct Forms<'a>(pub &'a mut web::ServiceConfig);

impl Visitor for Forms<'_> {
    fn record<K: RecordKind>(&mut self) {}

    fn form<K: FormKind>(&mut self) {
        let base = format!("/sites/{{slug}}/{}", K::ADMIN_PATH);
        self.0
            .route(&format!("{base}/new"), web::get().to(new_form::<K>))
            .route(&format!("{base}/new"), web::post().to(create::<K>))
            .route(
                &format!("{base}/{{id}}/edit"),
                web::get().to(edit_form::<K>),
            )
            .route(&format!("{base}/{{id}}/edit"), web::post().to(save::<K>));
    }
}

/// Where a form is and what it shows besides the form.
struct FormPage<'a> {
    action: String,
    heading: &'static str,
    site: &'a Site,
    /// The existing item a refusal points to (a duplicate number-symbol's document).
    conflicting: Option<ContentId>,
}

impl<'a> FormPage<'a> {
    fn new<K: FormKind>(site: &'a Site, id: Option<i32>) -> FormPage<'a> {
        let (action, heading) = match id {
            None => (
                format!("/sites/{}/{}/new", site.slug, K::ADMIN_PATH),
                K::HEADINGS[0],
            ),
            Some(id) => (
                format!("/sites/{}/{}/{id}/edit", site.slug, K::ADMIN_PATH),
                K::HEADINGS[1],
            ),
        };
        FormPage {
            action,
            heading,
            site,
            conflicting: None,
        }
    }
}

async fn form_page<K: FormKind>(
    admin: &Admin,
    page: FormPage<'_>,
    form: &K::Form,
    errors: &[FieldError],
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (choices, lang) = (
        K::choices(&|id| admin.t(id), admin.lang, &admin.directory),
        admin.lang,
    );
    let choices = admin
        .state
        .db
        .read(move |c| Ok(K::stored_choices(c, lang, choices)?))
        .await?;
    let mut context = Context::from_value(choices).map_err(AppError::internal)?;
    context.insert("form", form);
    context.insert("action", &admin.path(&page.action));
    context.insert("heading_id", page.heading);
    context.insert(
        "site",
        &serde_json::json!({"slug": page.site.slug, "name": page.site.name(admin.lang)}),
    );
    context.insert(
        "duplicate",
        &page
            .conflicting
            .map(|id| admin.path(&format!("/content/{}", id.0))),
    );
    super::insert_errors(&mut context, errors);
    // What an error names (the CSV column expected, the line at fault), by field.
    let details: std::collections::HashMap<&str, String> = errors
        .iter()
        .filter_map(|e| {
            let line = e.line.map(|n| format!("#{n}"));
            let text = [line, e.detail.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(": ");
            (!text.is_empty()).then_some((e.field, text))
        })
        .collect();
    context.insert("error_details", &details);
    let mut response = admin.render(K::FORM_TEMPLATE, context, &page.action)?;
    *response.status_mut() = status;
    Ok(response)
}

/// A form the workflow refused: its errors, and the item the refusal points to.
async fn refused<K: FormKind>(
    admin: &Admin,
    mut page: FormPage<'_>,
    form: &K::Form,
    record: K::Record,
    except: Option<ContentId>,
    e: crate::review::store::ReviewError,
) -> Result<HttpResponse, AppError> {
    let (status, errors) = problem(e)?;
    let lang = Lang::from_code(form.lang()).unwrap_or(Lang::Vi);
    let found = errors.clone();
    page.conflicting = admin
        .state
        .db
        .read(move |c| Ok(K::conflicting(c, &record, lang, except, &found)?))
        .await?;
    form_page::<K>(admin, page, form, &errors, status).await
}

/// `GET /admin/sites/{slug}/{ADMIN_PATH}/new`.
async fn new_form<K: FormKind>(
    admin: Admin,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::Write)?;
    let form = K::blank(&site);
    form_page::<K>(
        &admin,
        FormPage::new::<K>(&site, None),
        &form,
        &[],
        StatusCode::OK,
    )
    .await
}

/// `POST /admin/sites/{slug}/{ADMIN_PATH}/new`: a new item as a draft for review.
async fn create<K: FormKind>(
    admin: Admin,
    slug: web::Path<String>,
    form: web::Form<K::Form>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(form.csrf())?;
    let site = admin.site(&slug, Capability::Write)?;
    let page = FormPage::new::<K>(&site, None);
    let record = match K::record(&form, &admin.directory) {
        Ok(r) => r,
        Err(errors) => {
            let refused = StatusCode::UNPROCESSABLE_ENTITY;
            return form_page::<K>(&admin, page, &form, &errors, refused).await;
        }
    };
    let lang = Lang::from_code(form.lang()).unwrap_or(Lang::Vi);
    let rev = K::revision(&record, form.change_note());
    let key = K::translation_key(&record);
    match admin
        .create_record_item(&site, K::KIND, lang, key, rev)
        .await?
    {
        Ok(content) => Ok(admin.see_other(&format!("/content/{}", content.0))),
        Err(e) => refused::<K>(&admin, page, &form, record, None, e).await,
    }
}

/// `GET /admin/sites/{slug}/{ADMIN_PATH}/{id}/edit`: the form with the latest record.
async fn edit_form<K: FormKind>(
    admin: Admin,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let site = admin.site(&slug, Capability::Write)?;
    let (item, record): (_, K::Record) = admin.record_to_edit(&site, K::KIND, id).await?;
    let form = K::form(&record, item.lang, &admin.directory);
    let page = FormPage::new::<K>(&site, Some(id));
    form_page::<K>(&admin, page, &form, &[], StatusCode::OK).await
}

/// `POST /admin/sites/{slug}/{ADMIN_PATH}/{id}/edit`: saves a draft revision; the public
/// page keeps the published record until the board approves and publishes the new one.
async fn save<K: FormKind>(
    admin: Admin,
    path: web::Path<(String, i32)>,
    form: web::Form<K::Form>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(form.csrf())?;
    let (slug, id) = path.into_inner();
    let site = admin.site(&slug, Capability::Write)?;
    let page = FormPage::new::<K>(&site, Some(id));
    let record = match K::record(&form, &admin.directory) {
        Ok(r) => r,
        Err(errors) => {
            let refused = StatusCode::UNPROCESSABLE_ENTITY;
            return form_page::<K>(&admin, page, &form, &errors, refused).await;
        }
    };
    let rev = K::revision(&record, form.change_note());
    match admin.save_record_draft(&site, K::KIND, id, rev).await? {
        Ok(_) => Ok(admin.see_other(&format!("/content/{id}"))),
        Err(e) => refused::<K>(&admin, page, &form, record, Some(ContentId(id)), e).await,
    }
}
