//! The legal document form of the admin interface (see [`crate::record::form`]): the
//! form as typed ⇄ the record, the choices it offers, and what a refusal points to.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::articles;
use super::kind::LegalDocuments;
use super::record::{parse_day, AttachedFile, Issuance, LegalRecord, Relation, RelationKind};
use super::status::{Override, Status};
use super::store as legal_store;
use crate::content::ContentId;
use crate::db::DbConn;
use crate::field::FieldError;
use crate::lang::Lang;
use crate::record::form::FormKind;
use crate::record::RecordError;
use crate::review::store::RevisionForm;
use crate::site::hosts::Directory;
use crate::site::Site;

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

pub fn form_date(field: &'static str, text: &str) -> Result<Option<NaiveDate>, FieldError> {
    parse_day(text).map_err(|_| field_error(field, "legal-bad-date"))
}

impl DocumentForm {
    /// The record the form describes, or every field that could not be read.
    pub fn record(
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
            issuance: Issuance {
                issuers: self.issuers.lines().map(String::from).collect(),
                signer: self.signer.clone(),
                signer_position: self.signer_position.clone(),
                issued_on,
                effective_on,
                expires_on,
            },
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
    pub fn of(
        record: &LegalRecord,
        lang: Lang,
        sites: &crate::site::hosts::Directory,
    ) -> DocumentForm {
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
            issuers: record.issuance.issuers.join("\n"),
            signer: record.issuance.signer.clone(),
            signer_position: record.issuance.signer_position.clone(),
            issued_on: date(record.issuance.issued_on),
            effective_on: date(record.issuance.effective_on),
            expires_on: date(record.issuance.expires_on),
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

crate::record_form!(DocumentForm);

impl FormKind for LegalDocuments {
    type Form = DocumentForm;
    const ADMIN_PATH: &'static str = "legal";
    const FORM_TEMPLATE: &'static str = "admin/legal_form.html";
    const HEADINGS: [&'static str; 2] = ["legal-admin-new", "legal-admin-edit"];

    fn blank(_site: &Site) -> DocumentForm {
        DocumentForm {
            lang: "vi".into(),
            normative: Some("on".into()),
            issued_by_site: Some("on".into()),
            ..DocumentForm::default()
        }
    }

    fn record(form: &DocumentForm, sites: &Directory) -> Result<LegalRecord, Vec<FieldError>> {
        form.record(sites)
    }

    fn form(record: &LegalRecord, lang: Lang, sites: &Directory) -> DocumentForm {
        DocumentForm::of(record, lang, sites)
    }

    fn choices(t: &dyn Fn(&str) -> String, lang: Lang, sites: &Directory) -> serde_json::Value {
        let kinds: Vec<(&str, String)> = RelationKind::ALL
            .iter()
            .map(|k| (k.as_str(), t(&k.message_ids().0)))
            .collect();
        let statuses: Vec<(&str, String)> = Status::ALL
            .iter()
            .map(|s| (s.as_str(), t(s.message_id())))
            .collect();
        let sites: Vec<(String, String)> = sites
            .sites
            .iter()
            .filter(|s| !s.retired)
            .map(|s| (s.slug.clone(), s.short_name(lang).to_string()))
            .collect();
        serde_json::json!({
            "relation_kinds": kinds,
            "statuses": statuses,
            "sites": sites,
        })
    }

    fn revision(record: &LegalRecord, change_note: &str) -> RevisionForm {
        legal_store::revision_of(record, change_note)
    }

    fn translation_key(record: &LegalRecord) -> String {
        legal_store::translation_key(record)
    }

    /// A refused duplicate number-symbol links to the document that has it.
    fn conflicting(
        conn: &mut DbConn,
        record: &LegalRecord,
        lang: Lang,
        except: Option<ContentId>,
        errors: &[FieldError],
    ) -> Result<Option<ContentId>, RecordError> {
        if !errors.iter().any(|e| e.message_id == "legal-duplicate") {
            return Ok(None);
        }
        Ok(legal_store::duplicate_of(conn, record, lang, except)?)
    }
}
