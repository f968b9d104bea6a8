//! Strategies, master plans, plans and programmes (chiến lược, quy hoạch, kế hoạch, chương
//! trình; Decree 42/2022 art. 4, regulation 004 art. 8.2h): the period each covers, the
//! decision approving it, where it stands and the yearly reports on how it is carried out.
//! Published through the store-backed record kinds ([`crate::record::stored`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::field::FieldError;
use crate::record::fields::{FieldSpec, Input};
use crate::record::parts::{newest_first, start_of, Dated, Document, DATED_CELLS, DOCUMENT_CELLS};
use crate::record::public::Presenter;
use crate::record::stored::{named_by, Column, Columns, Filter, Stored, StoredKind, StoredRecord};
use crate::record::Paths;

/// Chiến lược, quy hoạch, kế hoạch, chương trình, đề án.
pub const PLAN_TYPES: &[&str] = &["strategy", "master_plan", "plan", "programme", "scheme"];

/// Đang xây dựng, đang thực hiện, đã kết thúc, đã được thay thế.
pub const STATUSES: &[&str] = &["drafting", "in_force", "ended", "replaced"];

/// The record each revision of a plan carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRecord {
    /// Its reference (ký hiệu), the same on the translation.
    pub code: String,
    pub name: String,
    pub plan_type: String,
    /// Lĩnh vực.
    pub field: String,
    /// Cơ quan chủ trì.
    pub agency: String,
    /// The years it covers (giai đoạn).
    pub period_from: i32,
    pub period_to: i32,
    /// The number-symbol of the approving decision, linked to the registry.
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub approved_on: Option<NaiveDate>,
    pub status: String,
    #[serde(default)]
    pub summary: String,
    /// Báo cáo kết quả thực hiện: one a year.
    #[serde(default)]
    pub reports: Vec<Dated>,
    #[serde(default)]
    pub documents: Vec<Document>,
}

impl StoredRecord for PlanRecord {
    /// Status, type and field; the first year of its period.
    fn columns(&self) -> Columns {
        Columns {
            status: self.status.clone(),
            field: self.plan_type.clone(),
            area: self.field.clone(),
            year: Some(self.period_from),
            dated_at: self.approved_on.map(start_of),
            due_at: None,
        }
    }

    named_by!(title: name, summary: summary, source: agency, key: code);

    fn problems(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if !(1900..=2199).contains(&self.period_from) || self.period_to < self.period_from {
            errors.push(FieldError::new("period_to", "plan-error-period"));
        }
        errors
    }

    fn search_text(&self) -> Vec<String> {
        let mut text = vec![self.code.clone(), self.field.clone(), self.agency.clone()];
        text.extend(self.reports.iter().map(|r| r.text.clone()));
        text
    }
}

/// Quy hoạch, kế hoạch as a kind of record.
pub struct Plans;

impl StoredKind for Plans {
    type Record = PlanRecord;

    const KIND: crate::content::ContentKind = crate::content::ContentKind::Plan;
    const PATHS: Paths = Paths {
        vi: "/quy-hoach-ke-hoach",
        en: "/en/plans",
    };
    const API_PATH: &'static str = "plans";
    const ADMIN_PATH: &'static str = "plans";
    const PREFIX: &'static str = "plan";
    const LIST_TEMPLATE: &'static str = "plans_list.html";
    const PAGE_TEMPLATE: &'static str = "plans_item.html";
    const RECORD_MISSING: &'static str = "stored-record-missing";
    const ENGLISH_FIELDS: &'static [&'static str] = &["name"];
    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec::required("code", Input::Text),
        FieldSpec::required("name", Input::Text),
        FieldSpec::required("plan_type", Input::Choice(PLAN_TYPES)),
        FieldSpec::required("field", Input::Text),
        FieldSpec::required("agency", Input::Text),
        FieldSpec::required("period_from", Input::Count),
        FieldSpec::required("period_to", Input::Count),
        FieldSpec::new("decision", Input::Text),
        FieldSpec::new("approved_on", Input::Date),
        FieldSpec::required("status", Input::Choice(STATUSES)),
        FieldSpec::new("summary", Input::LongText),
        FieldSpec::new("reports", Input::Rows(DATED_CELLS)),
        FieldSpec::new("documents", Input::Rows(DOCUMENT_CELLS)),
    ];
    const FILTERS: &'static [Filter] = &[
        Filter::named("type", Column::Field, "plan-plan_type-"),
        Filter::plain("field", Column::Area),
        Filter::named("status", Column::Status, "plan-status-"),
        Filter::plain("year", Column::Year),
    ];

    fn facts(s: &Stored<PlanRecord>, p: &dyn Presenter) -> serde_json::Value {
        let r = &s.record;
        serde_json::json!({
            "type_name": p.message(&format!("plan-plan_type-{}", r.plan_type)),
            "status_name": p.message(&format!("plan-status-{}", r.status)),
            "approved": r.approved_on.map(|d| p.day(d)),
            "decision_url": crate::urls::legal_symbol_path(p.lang(), &r.decision),
            "reports": newest_first(&r.reports, p),
        })
    }
}
