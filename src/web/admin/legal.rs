//! The admin pages of the legal registry: a site's documents with their timeliness, the
//! document form (entering and editing through the workflow), and the gazette issues.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tera::Context;

use super::content::problem;
use super::Admin;
use crate::account::Capability;
use crate::content::{ContentId, ContentKind};
use crate::error::AppError;
use crate::lang::Lang;
use crate::legal::articles;
use crate::legal::gazette::{self, GazetteError, IssueForm};
use crate::legal::record::{parse_day, AttachedFile, LegalRecord, Relation, RelationKind};
use crate::legal::status::{Override, Status};
use crate::legal::store as legal_store;
use crate::review::store::FieldError;
use crate::site::Site;

/// `GET /admin/sites/{slug}/legal`: the site's documents, with how long each took to be
/// published against the rule (2 working days for the site's own, 10 for others').
pub async fn list(admin: Admin, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::View)?;
    let id = site.id;
    let rows = admin
        .state
        .db
        .read(move |c| {
            let calendar = crate::calendar::Calendar::vietnam();
            Ok(legal_store::timeliness(c, &[id], &calendar)?)
        })
        .await?;
    let late = rows.iter().filter(|r| r.late).count();
    let items: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "number_symbol": r.number_symbol,
                "abstract_text": r.abstract_text,
                "issued_on": r.issued_on.map(|d| d.format("%d/%m/%Y").to_string()),
                "published": crate::web::ctx::display_date(r.published_at, admin.lang),
                "allowed": r.allowed_days,
                "took": r.took_days,
                "late": r.late,
            })
        })
        .collect();
    let mut context = Context::new();
    context.insert("site", &site_json(&admin, &site));
    context.insert("items", &items);
    context.insert("late", &late);
    admin.render(
        "admin/legal_list.html",
        context,
        &format!("/sites/{}/legal", site.slug),
    )
}

fn site_json(admin: &Admin, site: &Site) -> serde_json::Value {
    serde_json::json!({"slug": site.slug, "name": site.name(admin.lang)})
}

/// The document form as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct DocumentForm {
    pub csrf: String,
    pub lang: String,
    pub doc_type: String,
    pub normative: Option<String>,
    pub number_symbol: String,
    /// One issuer per line.
    pub issuers: String,
    pub signer: String,
    pub signer_position: String,
    pub issued_on: String,
    pub effective_on: String,
    pub expires_on: String,
    pub field: String,
    pub abstract_text: String,
    /// The full text; articles are split from its `Điều N.` lines.
    pub text: String,
    /// One relation per line: `kind | number-symbol | title | scope`.
    pub relations: String,
    /// One file per line: `media id | label`.
    pub files: String,
    pub also_on: Vec<String>,
    pub status: String,
    pub status_reason: String,
    pub issued_by_site: Option<String>,
    pub change_note: String,
}

fn field_error(field: &'static str, message_id: &'static str) -> FieldError {
    FieldError::new(field, message_id)
}

fn form_date(field: &'static str, text: &str) -> Result<Option<NaiveDate>, FieldError> {
    parse_day(text).map_err(|_| field_error(field, "legal-bad-date"))
}

impl DocumentForm {
    /// The record the form describes, or every field that could not be read.
    fn record(
        &self,
        sites: &crate::site::hosts::Directory,
    ) -> Result<LegalRecord, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut date = |field, text: &str| {
            form_date(field, text).unwrap_or_else(|e| {
                errors.push(e);
                None
            })
        };
        let issued_on = date("issued_on", &self.issued_on);
        let effective_on = date("effective_on", &self.effective_on);
        let expires_on = date("expires_on", &self.expires_on);
        let mut relations = Vec::new();
        for line in self.relations.lines().filter(|l| !l.trim().is_empty()) {
            let mut parts = line.split('|').map(str::trim);
            let kind = parts.next().and_then(RelationKind::parse);
            let symbol = parts.next().unwrap_or("").to_string();
            match kind {
                Some(kind) if !symbol.is_empty() => relations.push(Relation {
                    kind,
                    target_symbol: symbol,
                    target_title: parts.next().unwrap_or("").to_string(),
                    scope: parts.next().unwrap_or("").to_string(),
                }),
                _ => errors.push(field_error("relations", "legal-bad-relation")),
            }
        }
        let mut files = Vec::new();
        for line in self.files.lines().filter(|l| !l.trim().is_empty()) {
            let (id, label) = line.split_once('|').unwrap_or((line, ""));
            match id.trim().parse::<i32>() {
                Ok(media_id) if media_id > 0 => files.push(AttachedFile {
                    media_id,
                    label: label.trim().to_string(),
                }),
                _ => errors.push(field_error("files", "legal-bad-file")),
            }
        }
        let also_on = self
            .also_on
            .iter()
            .filter_map(|slug| sites.by_slug(slug).map(|s| s.id.0))
            .collect();
        let status = match self.status.trim() {
            "" => None,
            s => match Status::parse(s) {
                Some(status) => Some(Override {
                    status,
                    reason: self.status_reason.clone(),
                    since: None,
                }),
                None => {
                    errors.push(field_error("status", "legal-bad-status"));
                    None
                }
            },
        };
        let (preamble, articles) = articles::split(&self.text);
        // Typed loosely (`40/2026/qd-ubnd`), kept in its official spelling when that is sure.
        let number_symbol = match crate::legal::symbol::parse(&self.number_symbol) {
            Ok(s) if !s.ambiguous => s.canonical,
            _ => self.number_symbol.clone(),
        };
        let record = LegalRecord {
            doc_type: self.doc_type.clone(),
            normative: self.normative.is_some(),
            number_symbol,
            issuers: self.issuers.lines().map(String::from).collect(),
            signer: self.signer.clone(),
            signer_position: self.signer_position.clone(),
            issued_on,
            effective_on,
            expires_on,
            field: self.field.clone(),
            abstract_text: self.abstract_text.clone(),
            preamble,
            articles,
            files,
            also_on,
            relations,
            status,
            issued_by_site: self.issued_by_site.is_some(),
        }
        .normalised();
        errors.extend(record.validate());
        // The board enters documents it has read: the abstract is required here (imports
        // of old documents may lack it).
        if record.abstract_text.is_empty() {
            errors.push(field_error("abstract_text", "form-required"));
        }
        if errors.is_empty() {
            Ok(record)
        } else {
            Err(errors)
        }
    }

    /// The form showing a stored record.
    fn of(record: &LegalRecord, lang: Lang, sites: &crate::site::hosts::Directory) -> DocumentForm {
        let mut text = record.preamble.clone();
        for a in &record.articles {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&format!("Điều {}. {}\n{}", a.number, a.heading, a.text));
        }
        let date = |d: Option<NaiveDate>| {
            d.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        DocumentForm {
            lang: lang.code().into(),
            doc_type: record.doc_type.clone(),
            normative: record.normative.then(|| "on".into()),
            number_symbol: record.number_symbol.clone(),
            issuers: record.issuers.join("\n"),
            signer: record.signer.clone(),
            signer_position: record.signer_position.clone(),
            issued_on: date(record.issued_on),
            effective_on: date(record.effective_on),
            expires_on: date(record.expires_on),
            field: record.field.clone(),
            abstract_text: record.abstract_text.clone(),
            text,
            relations: record
                .relations
                .iter()
                .map(|r| {
                    format!(
                        "{} | {} | {} | {}",
                        r.kind.as_str(),
                        r.target_symbol,
                        r.target_title,
                        r.scope
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            files: record
                .files
                .iter()
                .map(|f| format!("{} | {}", f.media_id, f.label))
                .collect::<Vec<_>>()
                .join("\n"),
            also_on: record
                .also_on
                .iter()
                .filter_map(|id| sites.get(crate::site::SiteId(*id)).map(|s| s.slug.clone()))
                .collect(),
            status: record
                .status
                .as_ref()
                .map(|o| o.status.as_str().to_string())
                .unwrap_or_default(),
            status_reason: record
                .status
                .as_ref()
                .map(|o| o.reason.clone())
                .unwrap_or_default(),
            issued_by_site: record.issued_by_site.then(|| "on".into()),
            ..DocumentForm::default()
        }
    }
}

struct FormPage {
    action: String,
    heading: &'static str,
    site: serde_json::Value,
    /// The existing document a duplicate number-symbol points to.
    duplicate: Option<String>,
}

fn form_page(
    admin: &Admin,
    page: FormPage,
    form: &DocumentForm,
    errors: &[FieldError],
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut context = Context::new();
    context.insert("form", form);
    context.insert("action", &admin.path(&page.action));
    context.insert("heading_id", page.heading);
    context.insert("site", &page.site);
    context.insert("duplicate", &page.duplicate);
    super::insert_errors(&mut context, errors);
    let kinds: Vec<(&str, String)> = RelationKind::ALL
        .iter()
        .map(|k| (k.as_str(), admin.t(&k.message_ids().0)))
        .collect();
    context.insert("relation_kinds", &kinds);
    let statuses: Vec<(&str, String)> = Status::ALL
        .iter()
        .map(|s| (s.as_str(), admin.t(s.message_id())))
        .collect();
    context.insert("statuses", &statuses);
    let sites: Vec<(String, String)> = admin
        .directory
        .sites
        .iter()
        .filter(|s| !s.retired)
        .map(|s| (s.slug.clone(), s.short_name(admin.lang).to_string()))
        .collect();
    context.insert("sites", &sites);
    let mut response = admin.render("admin/legal_form.html", context, &page.action)?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /admin/sites/{slug}/legal/new`.
pub async fn new_form(admin: Admin, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::Write)?;
    let form = DocumentForm {
        lang: "vi".into(),
        normative: Some("on".into()),
        issued_by_site: Some("on".into()),
        ..DocumentForm::default()
    };
    let page = FormPage {
        action: format!("/sites/{}/legal/new", site.slug),
        heading: "legal-admin-new",
        site: site_json(&admin, &site),
        duplicate: None,
    };
    form_page(&admin, page, &form, &[], StatusCode::OK)
}

/// A link to the document a refused number-symbol already belongs to.
async fn duplicate_link(
    admin: &Admin,
    record: &LegalRecord,
    lang: Lang,
    except: Option<ContentId>,
) -> Result<Option<String>, AppError> {
    let record = record.clone();
    let found = admin
        .state
        .db
        .read(move |c| Ok(legal_store::duplicate_of(c, &record, lang, except)?))
        .await?;
    Ok(found.map(|id| admin.path(&format!("/content/{}", id.0))))
}

/// `POST /admin/sites/{slug}/legal/new`: a new document as a draft for review; a
/// duplicate number-symbol is refused with a link to the document that has it.
pub async fn create(
    admin: Admin,
    slug: web::Path<String>,
    form: web::Form<DocumentForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let site = admin.site(&slug, Capability::Write)?;
    let form = form.into_inner();
    let mut page = FormPage {
        action: format!("/sites/{}/legal/new", site.slug),
        heading: "legal-admin-new",
        site: site_json(&admin, &site),
        duplicate: None,
    };
    let lang = Lang::from_code(&form.lang).unwrap_or(Lang::Vi);
    let record = match form.record(&admin.directory) {
        Ok(r) => r,
        Err(errors) => {
            return form_page(
                &admin,
                page,
                &form,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    };
    let rev = legal_store::revision_of(&record, &form.change_note);
    let key = legal_store::translation_key(&record);
    let result = admin
        .create_record_item(&site, ContentKind::LegalDocument, lang, key, rev)
        .await?;
    match result {
        Ok(content) => Ok(admin.see_other(&format!("/content/{}", content.0))),
        Err(e) => {
            let (status, errors) = problem(e)?;
            if errors.iter().any(|e| e.message_id == "legal-duplicate") {
                page.duplicate = duplicate_link(&admin, &record, lang, None).await?;
            }
            form_page(&admin, page, &form, &errors, status)
        }
    }
}

/// `GET /admin/sites/{slug}/legal/{content}/edit`: the form with the latest record.
pub async fn edit_form(
    admin: Admin,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let site = admin.site(&slug, Capability::Write)?;
    let (item, record): (_, LegalRecord) = admin
        .record_to_edit(&site, ContentKind::LegalDocument, id)
        .await?;
    let form = DocumentForm::of(&record, item.lang, &admin.directory);
    let page = FormPage {
        action: format!("/sites/{}/legal/{}/edit", site.slug, id),
        heading: "legal-admin-edit",
        site: site_json(&admin, &site),
        duplicate: None,
    };
    form_page(&admin, page, &form, &[], StatusCode::OK)
}

/// `POST /admin/sites/{slug}/legal/{content}/edit`: saves a draft revision; a published
/// document's fixed fields are refused with the reason.
pub async fn save(
    admin: Admin,
    path: web::Path<(String, i32)>,
    form: web::Form<DocumentForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let (slug, id) = path.into_inner();
    let site = admin.site(&slug, Capability::Write)?;
    let form = form.into_inner();
    let mut page = FormPage {
        action: format!("/sites/{}/legal/{}/edit", site.slug, id),
        heading: "legal-admin-edit",
        site: site_json(&admin, &site),
        duplicate: None,
    };
    let record = match form.record(&admin.directory) {
        Ok(r) => r,
        Err(errors) => {
            return form_page(
                &admin,
                page,
                &form,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        }
    };
    let content = ContentId(id);
    let rev = legal_store::revision_of(&record, &form.change_note);
    let result = admin
        .save_record_draft(&site, ContentKind::LegalDocument, id, rev)
        .await?;
    match result {
        Ok(_) => Ok(admin.see_other(&format!("/content/{id}"))),
        Err(e) => {
            let (status, errors) = problem(e)?;
            if errors.iter().any(|e| e.message_id == "legal-duplicate") {
                let lang = Lang::from_code(&form.lang).unwrap_or(Lang::Vi);
                page.duplicate = duplicate_link(&admin, &record, lang, Some(content)).await?;
            }
            form_page(&admin, page, &form, &errors, status)
        }
    }
}

/// `GET /admin/sites/{slug}/gazette`: the site's gazette issues and the form for a new one.
pub async fn gazette_list(admin: Admin, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::View)?;
    gazette_page(&admin, &site, &GazetteForm::default(), None, StatusCode::OK).await
}

/// The gazette issue form.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct GazetteForm {
    pub csrf: String,
    pub year: String,
    pub number: String,
    pub issued_on: String,
    pub media_id: String,
    /// One number-symbol per line.
    pub documents: String,
}

async fn gazette_page(
    admin: &Admin,
    site: &Site,
    form: &GazetteForm,
    error: Option<(String, String)>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let id = site.id;
    let issues = admin
        .state
        .db
        .read(move |c| Ok(gazette::list(c, id)?))
        .await?;
    let mut context = Context::new();
    context.insert("site", &site_json(admin, site));
    context.insert("issues", &issues);
    context.insert("form", form);
    context.insert("error", &error);
    context.insert(
        "can_publish",
        &admin.actor.can(Capability::Publish, site.id),
    );
    let mut response = admin.render(
        "admin/gazette.html",
        context,
        &format!("/sites/{}/gazette", site.slug),
    )?;
    *response.status_mut() = status;
    Ok(response)
}

/// `POST /admin/sites/{slug}/gazette`: records an issue (board heads: it is publication).
pub async fn gazette_save(
    admin: Admin,
    slug: web::Path<String>,
    form: web::Form<GazetteForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let site = admin.site(&slug, Capability::Publish)?;
    let form = form.into_inner();
    let refuse = |field: &str, id: &str| Some((field.to_string(), id.to_string()));
    let issued_on = match form_date("issued_on", &form.issued_on) {
        Ok(Some(d)) => d,
        _ => {
            let e = refuse("issued_on", "legal-bad-date");
            return gazette_page(&admin, &site, &form, e, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
    };
    let year = form
        .year
        .trim()
        .parse::<i32>()
        .unwrap_or(chrono::Datelike::year(&issued_on));
    let media_id = match form.media_id.trim() {
        "" => None,
        m => match m.parse::<i32>() {
            Ok(m) => Some(m),
            Err(_) => {
                let e = refuse("media_id", "legal-gazette-file");
                return gazette_page(&admin, &site, &form, e, StatusCode::UNPROCESSABLE_ENTITY)
                    .await;
            }
        },
    };
    let issue = IssueForm {
        site: site.id,
        year,
        number: form.number.clone(),
        issued_on,
        media_id,
        documents: form.documents.lines().map(String::from).collect(),
    };
    let now = admin.now();
    let result = admin
        .state
        .db
        .read(move |c| Ok(gazette::save(c, &issue, now)))
        .await?;
    match result {
        Ok(_) => Ok(admin.see_other(&format!("/sites/{}/gazette", site.slug))),
        Err(GazetteError::Invalid {
            field,
            message_id,
            detail,
        }) => {
            let e = Some((field.to_string(), format!("{}|{detail}", message_id)));
            gazette_page(&admin, &site, &form, e, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(GazetteError::Db(e)) => Err(AppError::Db(crate::db::DbError::Query(e))),
    }
}
