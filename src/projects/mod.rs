//! Investment projects (dự án đầu tư; Decree 42/2022 art. 4, regulation 004 art. 8.2h):
//! what each project is, who invests, where, how much and from which capital, the decision
//! approving it, where it stands, its dated progress and its documents. Published through
//! the store-backed record kinds ([`crate::record::stored`]).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::field::FieldError;
use crate::record::fields::{FieldSpec, Input};
use crate::record::parts::{start_of, Dated, Document, DATED_CELLS, DOCUMENT_CELLS};
use crate::record::public::Presenter;
use crate::record::stored::{named_by, Column, Columns, Filter, Stored, StoredKind, StoredRecord};
use crate::record::Paths;

/// Where a project stands.
pub const STATUSES: &[&str] = &[
    // Đề xuất chủ trương.
    "proposed",
    // Đã phê duyệt.
    "approved",
    // Đang thi công.
    "under_construction",
    // Hoàn thành.
    "completed",
    // Tạm dừng.
    "suspended",
];

/// Dự án đầu tư: the record each revision of a project carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectRecord {
    /// Mã dự án: the same on the Vietnamese item and its translation.
    pub code: String,
    pub name: String,
    /// Chủ đầu tư.
    pub investor: String,
    /// Địa điểm: the commune or ward.
    pub commune: String,
    /// Lĩnh vực.
    pub field: String,
    /// Tổng mức đầu tư, in millions of đồng.
    pub total_investment: f64,
    /// Nguồn vốn.
    #[serde(default)]
    pub capital_source: String,
    /// The number-symbol of the decision approving it (quyết định phê duyệt), linked to the
    /// registry.
    #[serde(default)]
    pub decision: String,
    pub status: String,
    #[serde(default)]
    pub starts_on: Option<NaiveDate>,
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
    #[serde(default)]
    pub summary: String,
    /// Tiến độ: dated progress updates.
    #[serde(default)]
    pub updates: Vec<Dated>,
    #[serde(default)]
    pub documents: Vec<Document>,
}

impl StoredRecord for ProjectRecord {
    /// Status, field and commune; the year it starts.
    fn columns(&self) -> Columns {
        Columns {
            status: self.status.clone(),
            field: self.field.clone(),
            area: self.commune.clone(),
            year: self.starts_on.map(|d| d.year()),
            dated_at: self.starts_on.map(start_of),
            due_at: None,
        }
    }

    named_by!(title: name, summary: summary, source: investor, key: code);

    fn problems(&self) -> Vec<FieldError> {
        match (self.starts_on, self.ends_on) {
            (Some(s), Some(e)) if e < s => {
                vec![FieldError::new("ends_on", "project-error-ends-before")]
            }
            _ => Vec::new(),
        }
    }

    fn search_text(&self) -> Vec<String> {
        let mut text = vec![
            self.code.clone(),
            self.investor.clone(),
            self.commune.clone(),
            self.field.clone(),
            self.capital_source.clone(),
        ];
        text.extend(self.updates.iter().map(|u| u.text.clone()));
        text
    }
}

/// Dự án đầu tư as a kind of record.
pub struct Projects;

impl StoredKind for Projects {
    type Record = ProjectRecord;

    const KIND: crate::content::ContentKind = crate::content::ContentKind::Project;
    const PATHS: Paths = Paths {
        vi: "/du-an",
        en: "/en/projects",
    };
    const API_PATH: &'static str = "projects";
    const ADMIN_PATH: &'static str = "projects";
    const PREFIX: &'static str = "project";
    const LIST_TEMPLATE: &'static str = "projects_list.html";
    const PAGE_TEMPLATE: &'static str = "projects_item.html";
    const RECORD_MISSING: &'static str = "stored-record-missing";
    const ENGLISH_FIELDS: &'static [&'static str] = &["name", "investor"];
    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec::required("code", Input::Text),
        FieldSpec::required("name", Input::Text),
        FieldSpec::required("investor", Input::Text),
        FieldSpec::required("commune", Input::Text),
        FieldSpec::required("field", Input::Text),
        FieldSpec::required("total_investment", Input::Amount),
        FieldSpec::new("capital_source", Input::Text),
        FieldSpec::new("decision", Input::Text),
        FieldSpec::required("status", Input::Choice(STATUSES)),
        FieldSpec::new("starts_on", Input::Date),
        FieldSpec::new("ends_on", Input::Date),
        FieldSpec::new("summary", Input::LongText),
        FieldSpec::new("updates", Input::Rows(DATED_CELLS)),
        FieldSpec::new("documents", Input::Rows(DOCUMENT_CELLS)),
    ];
    const FILTERS: &'static [Filter] = &[
        Filter::plain("field", Column::Field),
        Filter::plain("commune", Column::Area),
        Filter::named("status", Column::Status, "project-status-"),
        Filter::plain("year", Column::Year),
    ];

    fn facts(s: &Stored<ProjectRecord>, p: &dyn Presenter) -> serde_json::Value {
        let r = &s.record;
        serde_json::json!({
            "status_name": p.message(&format!("project-status-{}", r.status)),
            "total": crate::render::number::number(r.total_investment, p.lang()),
            "starts": r.starts_on.map(|d| p.day(d)),
            "ends": r.ends_on.map(|d| p.day(d)),
            "decision_url": crate::urls::legal_symbol_path(p.lang(), &r.decision),
            "updates": crate::record::parts::newest_first(&r.updates, p),
        })
    }
}
