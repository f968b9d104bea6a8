//! The admin pages of the catalogue: a site's procedures, the procedure form (entering and
//! editing through the editorial workflow: a change is reviewed before it is public), and
//! the upload of usage figures.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::content::problem;
use super::Admin;
use crate::account::Capability;
use crate::content::ContentKind;
use crate::error::AppError;
use crate::lang::Lang;
use crate::review::store::FieldError;
use crate::services::record::{
    Channel, DossierCase, DossierDocument, GovLevel, LegalBasis, OnlineLevel, ProcedureRecord, Way,
};
use crate::services::store as services_store;
use crate::services::usage;
use crate::site::Site;

fn site_json(admin: &Admin, site: &Site) -> serde_json::Value {
    serde_json::json!({"slug": site.slug, "name": site.name(admin.lang)})
}

/// `GET /admin/sites/{slug}/services`: the site's published procedures in both languages.
pub async fn list(admin: Admin, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::View)?;
    let id = site.id;
    let (vi, en) = admin
        .state
        .db
        .read(move |c| {
            Ok((
                services_store::published(c, Some(id), Lang::Vi)?,
                services_store::published(c, Some(id), Lang::En)?,
            ))
        })
        .await?;
    let mut items: Vec<serde_json::Value> = vi
        .iter()
        .chain(en.iter())
        .map(|p| {
            serde_json::json!({
                "id": p.id,
                "code": p.code,
                "name": p.name,
                "lang": p.lang,
                "field": p.field,
                "online_level": admin.t(&p.online_level.message_id()),
            })
        })
        .collect();
    items.sort_by(|a, b| a["code"].as_str().cmp(&b["code"].as_str()));
    let mut context = Context::new();
    context.insert("site", &site_json(&admin, &site));
    context.insert("items", &items);
    admin.render(
        "admin/services_list.html",
        context,
        &format!("/sites/{}/services", site.slug),
    )
}

/// The procedure form as typed: lists one entry a line.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct ProcedureForm {
    pub csrf: String,
    pub lang: String,
    pub code: String,
    pub decision: String,
    pub name: String,
    pub gov_level: String,
    pub field: String,
    pub agency: String,
    pub authority: String,
    pub received_at: String,
    /// One step a line.
    pub steps: String,
    /// `way | processing time | fees` a line.
    pub channels: String,
    /// `# case` starts a case; `name | originals | copies | form media id` a line.
    pub dossier: String,
    pub eligible: String,
    pub result: String,
    /// `number-symbol | title` a line.
    pub legal_basis: String,
    pub requirements: String,
    /// Separated by commas.
    pub keywords: String,
    /// One code a line.
    pub related: String,
    pub online_level: String,
    pub legacy_level: String,
    pub submit_url: String,
    pub change_note: String,
}

fn field_error(field: &'static str, message_id: &'static str) -> FieldError {
    FieldError::new(field, message_id)
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

impl ProcedureForm {
    /// The record the form describes, or every field that could not be read.
    fn record(&self) -> Result<ProcedureRecord, Vec<FieldError>> {
        let mut errors = Vec::new();
        let gov_level = GovLevel::from_label(&self.gov_level).unwrap_or_else(|| {
            errors.push(field_error("gov_level", "services-bad-level"));
            GovLevel::default()
        });
        let online_level = OnlineLevel::from_label(&self.online_level).unwrap_or_else(|| {
            errors.push(field_error("online_level", "services-bad-online-level"));
            OnlineLevel::None
        });
        let legacy_level = match self.legacy_level.trim() {
            "" => None,
            l => match l.parse::<u8>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push(field_error("legacy_level", "services-bad-legacy-level"));
                    None
                }
            },
        };
        let mut channels = Vec::new();
        for line in lines(&self.channels) {
            let mut parts = line.split('|').map(str::trim);
            match parts.next().and_then(Way::parse) {
                Some(way) => channels.push(Channel {
                    way,
                    processing_time: parts.next().unwrap_or("").to_string(),
                    fees: parts.next().unwrap_or("").to_string(),
                    note: parts.next().unwrap_or("").to_string(),
                }),
                None => errors.push(field_error("channels", "services-bad-channel")),
            }
        }
        let mut dossier: Vec<DossierCase> = Vec::new();
        for line in lines(&self.dossier) {
            if let Some(case) = line.strip_prefix('#') {
                dossier.push(DossierCase {
                    case: case.trim().to_string(),
                    documents: Vec::new(),
                });
                continue;
            }
            let mut parts = line.split('|').map(str::trim);
            let name = parts.next().unwrap_or("").to_string();
            let mut number = || {
                parts
                    .next()
                    .filter(|p| !p.is_empty())
                    .map(str::parse::<i64>)
            };
            let (originals, copies, form) = (number(), number(), number());
            let count = |n: Option<Result<i64, _>>| match n {
                None => Some(0),
                Some(Ok(n)) => u32::try_from(n).ok(),
                Some(Err(_)) => None,
            };
            let form = match form {
                None => Some(None),
                Some(Ok(id)) if id > 0 => i32::try_from(id).ok().map(Some),
                _ => None,
            };
            match (count(originals), count(copies), form) {
                (Some(originals), Some(copies), Some(form)) => {
                    let document = DossierDocument {
                        name,
                        originals,
                        copies,
                        form,
                        form_file: None,
                    };
                    match dossier.last_mut() {
                        Some(case) => case.documents.push(document),
                        None => dossier.push(DossierCase {
                            case: String::new(),
                            documents: vec![document],
                        }),
                    }
                }
                _ => errors.push(field_error("dossier", "services-bad-dossier-line")),
            }
        }
        let legal_basis = lines(&self.legal_basis)
            .map(|l| {
                let (symbol, title) = l.split_once('|').unwrap_or((l, ""));
                LegalBasis {
                    number_symbol: symbol.trim().to_string(),
                    title: title.trim().to_string(),
                }
            })
            .collect();
        let record = ProcedureRecord {
            code: self.code.clone(),
            decision: self.decision.clone(),
            name: self.name.clone(),
            gov_level,
            field: self.field.clone(),
            agency: self.agency.clone(),
            authority: self.authority.clone(),
            received_at: self.received_at.clone(),
            steps: lines(&self.steps).map(String::from).collect(),
            channels,
            dossier,
            eligible: self.eligible.clone(),
            result: self.result.clone(),
            legal_basis,
            requirements: self.requirements.clone(),
            keywords: self.keywords.split(',').map(String::from).collect(),
            related: lines(&self.related).map(String::from).collect(),
            online_level,
            legacy_level,
            submit_url: self.submit_url.clone(),
        }
        .normalised();
        // A line that could not be read says so, rather than what its absence implies.
        for e in record.validate() {
            if !errors.iter().any(|x| x.field == e.field) {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            Ok(record)
        } else {
            Err(errors)
        }
    }

    /// The form showing a stored record.
    fn of(r: &ProcedureRecord, lang: Lang) -> ProcedureForm {
        let mut dossier = Vec::new();
        for case in &r.dossier {
            if !case.case.is_empty() {
                dossier.push(format!("# {}", case.case));
            }
            for d in &case.documents {
                let form = d.form.map(|f| format!(" | {f}")).unwrap_or_default();
                dossier.push(format!("{} | {} | {}{form}", d.name, d.originals, d.copies));
            }
        }
        ProcedureForm {
            lang: lang.code().into(),
            code: r.code.clone(),
            decision: r.decision.clone(),
            name: r.name.clone(),
            gov_level: r.gov_level.as_str().into(),
            field: r.field.clone(),
            agency: r.agency.clone(),
            authority: r.authority.clone(),
            received_at: r.received_at.clone(),
            steps: r.steps.join("\n"),
            channels: r
                .channels
                .iter()
                .map(|c| format!("{} | {} | {}", c.way.as_str(), c.processing_time, c.fees))
                .collect::<Vec<_>>()
                .join("\n"),
            dossier: dossier.join("\n"),
            eligible: r.eligible.clone(),
            result: r.result.clone(),
            legal_basis: r
                .legal_basis
                .iter()
                .map(|b| format!("{} | {}", b.number_symbol, b.title))
                .collect::<Vec<_>>()
                .join("\n"),
            requirements: r.requirements.clone(),
            keywords: r.keywords.join(", "),
            related: r.related.join("\n"),
            online_level: r.online_level.as_str().into(),
            legacy_level: r.legacy_level.map(|l| l.to_string()).unwrap_or_default(),
            submit_url: r.submit_url.clone(),
            ..ProcedureForm::default()
        }
    }
}

fn form_page(
    admin: &Admin,
    action: &str,
    heading: &str,
    site: &Site,
    form: &ProcedureForm,
    errors: &[FieldError],
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut context = Context::new();
    context.insert("form", form);
    context.insert("action", &admin.path(action));
    context.insert("heading_id", heading);
    context.insert("site", &site_json(admin, site));
    super::insert_errors(&mut context, errors);
    let levels: Vec<(&str, String)> = GovLevel::ALL
        .iter()
        .map(|l| (l.as_str(), admin.t(&l.message_id())))
        .collect();
    context.insert("levels", &levels);
    let online: Vec<(&str, String)> = OnlineLevel::ALL
        .iter()
        .map(|l| (l.as_str(), admin.t(&l.message_id())))
        .collect();
    context.insert("online_levels", &online);
    let ways: Vec<(&str, String)> = Way::ALL
        .iter()
        .map(|w| (w.as_str(), admin.t(&w.message_id())))
        .collect();
    context.insert("ways", &ways);
    let mut response = admin.render("admin/services_form.html", context, action)?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /admin/sites/{slug}/services/new`.
pub async fn new_form(admin: Admin, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::Write)?;
    let form = ProcedureForm {
        lang: "vi".into(),
        gov_level: "province".into(),
        online_level: "none".into(),
        agency: site.name(Lang::Vi).to_string(),
        ..ProcedureForm::default()
    };
    let action = format!("/sites/{}/services/new", site.slug);
    form_page(
        &admin,
        &action,
        "services-admin-new",
        &site,
        &form,
        &[],
        StatusCode::OK,
    )
}

/// `POST /admin/sites/{slug}/services/new`: a new procedure as a draft for review.
pub async fn create(
    admin: Admin,
    slug: web::Path<String>,
    form: web::Form<ProcedureForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let site = admin.site(&slug, Capability::Write)?;
    let form = form.into_inner();
    let action = format!("/sites/{}/services/new", site.slug);
    let heading = "services-admin-new";
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    let record = match form.record() {
        Ok(r) => r,
        Err(errors) => return form_page(&admin, &action, heading, &site, &form, &errors, refused),
    };
    let lang = Lang::from_code(&form.lang).unwrap_or(Lang::Vi);
    let rev = services_store::revision_of(&record, &form.change_note);
    let key = services_store::translation_key(&record);
    let result = admin
        .create_record_item(&site, ContentKind::Procedure, lang, key, rev)
        .await?;
    match result {
        Ok(content) => Ok(admin.see_other(&format!("/content/{}", content.0))),
        Err(e) => {
            let (status, errors) = problem(e)?;
            form_page(&admin, &action, heading, &site, &form, &errors, status)
        }
    }
}

/// `GET /admin/sites/{slug}/services/{content}/edit`: the form with the latest record.
pub async fn edit_form(
    admin: Admin,
    path: web::Path<(String, i32)>,
) -> Result<HttpResponse, AppError> {
    let (slug, id) = path.into_inner();
    let site = admin.site(&slug, Capability::Write)?;
    let (item, record): (_, ProcedureRecord) = admin
        .record_to_edit(&site, ContentKind::Procedure, id)
        .await?;
    let form = ProcedureForm::of(&record, item.lang);
    let action = format!("/sites/{}/services/{}/edit", site.slug, id);
    form_page(
        &admin,
        &action,
        "services-admin-edit",
        &site,
        &form,
        &[],
        StatusCode::OK,
    )
}

/// `POST /admin/sites/{slug}/services/{content}/edit`: saves a draft revision; the public
/// page keeps the published record until the board approves and publishes it.
pub async fn save(
    admin: Admin,
    path: web::Path<(String, i32)>,
    form: web::Form<ProcedureForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let (slug, id) = path.into_inner();
    let site = admin.site(&slug, Capability::Write)?;
    let form = form.into_inner();
    let action = format!("/sites/{}/services/{}/edit", site.slug, id);
    let heading = "services-admin-edit";
    let refused = StatusCode::UNPROCESSABLE_ENTITY;
    let record = match form.record() {
        Ok(r) => r,
        Err(errors) => return form_page(&admin, &action, heading, &site, &form, &errors, refused),
    };
    let rev = services_store::revision_of(&record, &form.change_note);
    let result = admin
        .save_record_draft(&site, ContentKind::Procedure, id, rev)
        .await?;
    match result {
        Ok(_) => Ok(admin.see_other(&format!("/content/{id}"))),
        Err(e) => {
            let (status, errors) = problem(e)?;
            form_page(&admin, &action, heading, &site, &form, &errors, status)
        }
    }
}

/// The usage figures form: the CSV the public-service system exports, pasted.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct UsageForm {
    pub csrf: String,
    pub csv: String,
}

async fn usage_page(
    admin: &Admin,
    site: &Site,
    form: &UsageForm,
    result: Option<serde_json::Value>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let mut context = Context::new();
    context.insert("site", &site_json(admin, site));
    context.insert("form", form);
    context.insert("result", &result);
    let mut response = admin.render(
        "admin/services_usage.html",
        context,
        &format!("/sites/{}/services/usage", site.slug),
    )?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /admin/sites/{slug}/services/usage`.
pub async fn usage_form(admin: Admin, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let site = admin.site(&slug, Capability::Publish)?;
    usage_page(&admin, &site, &UsageForm::default(), None, StatusCode::OK).await
}

/// `POST /admin/sites/{slug}/services/usage`: records the figures of every good line; the
/// others are listed with their reasons (board heads: the figures are published at once).
pub async fn usage_save(
    admin: Admin,
    slug: web::Path<String>,
    form: web::Form<UsageForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let site = admin.site(&slug, Capability::Publish)?;
    let form = form.into_inner();
    let lines = match usage::read_csv(&form.csv) {
        Ok(l) => l,
        Err(reason) => {
            let result = serde_json::json!({"error": reason});
            return usage_page(
                &admin,
                &site,
                &form,
                Some(result),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let now = admin.now();
    let report = admin
        .state
        .db
        .read(move |c| Ok(crate::services::cli::import_usage(c, lines, now)?))
        .await?;
    let messages = admin.state.renderer.messages();
    let rejected: Vec<serde_json::Value> = report
        .rejected
        .iter()
        .map(|(line, reason)| {
            serde_json::json!({"line": line, "reason": crate::import::explain(messages, admin.lang, reason)})
        })
        .collect();
    let status = if rejected.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let result = serde_json::json!({
        "recorded": report.recorded,
        "unchanged": report.unchanged,
        "rejected": rejected,
    });
    usage_page(&admin, &site, &form, Some(result), status).await
}
