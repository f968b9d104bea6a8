//! The procedure form of the admin interface (see [`crate::record::form`]): the form as
//! typed ⇄ the record (lists one entry a line), and the choices it offers.

use serde::{Deserialize, Serialize};

use super::kind::Procedures;
use super::record::{
    Channel, DossierCase, DossierDocument, GovLevel, LegalBasis, OnlineLevel, ProcedureRecord, Way,
};
use super::store as services_store;
use crate::field::FieldError;
use crate::lang::Lang;
use crate::record::form::FormKind;
use crate::review::store::RevisionForm;
use crate::site::hosts::Directory;
use crate::site::Site;

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
    pub fn record(&self) -> Result<ProcedureRecord, Vec<FieldError>> {
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
    pub fn of(r: &ProcedureRecord, lang: Lang) -> ProcedureForm {
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

crate::record_form!(ProcedureForm);

impl FormKind for Procedures {
    type Form = ProcedureForm;
    const ADMIN_PATH: &'static str = "services";
    const FORM_TEMPLATE: &'static str = "admin/services_form.html";
    const HEADINGS: [&'static str; 2] = ["services-admin-new", "services-admin-edit"];

    /// A new procedure of the site's own agency, at the province's level, not online.
    fn blank(site: &Site) -> ProcedureForm {
        ProcedureForm {
            lang: "vi".into(),
            gov_level: "province".into(),
            online_level: "none".into(),
            agency: site.name(Lang::Vi).to_string(),
            ..ProcedureForm::default()
        }
    }

    fn record(
        form: &ProcedureForm,
        _sites: &Directory,
    ) -> Result<ProcedureRecord, Vec<FieldError>> {
        form.record()
    }

    fn form(record: &ProcedureRecord, lang: Lang, _sites: &Directory) -> ProcedureForm {
        ProcedureForm::of(record, lang)
    }

    fn choices(t: &dyn Fn(&str) -> String, _lang: Lang, _sites: &Directory) -> serde_json::Value {
        let levels: Vec<(&str, String)> = GovLevel::ALL
            .iter()
            .map(|l| (l.as_str(), t(&l.message_id())))
            .collect();
        let online: Vec<(&str, String)> = OnlineLevel::ALL
            .iter()
            .map(|l| (l.as_str(), t(&l.message_id())))
            .collect();
        let ways: Vec<(&str, String)> = Way::ALL
            .iter()
            .map(|w| (w.as_str(), t(&w.message_id())))
            .collect();
        serde_json::json!({
            "levels": levels,
            "online_levels": online,
            "ways": ways,
        })
    }

    fn revision(record: &ProcedureRecord, change_note: &str) -> RevisionForm {
        services_store::revision_of(record, change_note)
    }

    fn translation_key(record: &ProcedureRecord) -> String {
        services_store::translation_key(record)
    }
}
