//! Science and technology programmes and tasks (chương trình, đề tài, dự án khoa học và
//! công nghệ; regulation 004 art. 9.1e), published by the Department of Science and
//! Technology: level, host organisation, leader, period, budget, status and results, and
//! the call for proposals (thông báo tuyển chọn) with its deadline. Published through the
//! store-backed record kinds ([`crate::record::stored`]).

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::field::FieldError;
use crate::record::fields::{FieldSpec, Input};
use crate::record::parts::{start_of, time_left, Document, DOCUMENT_CELLS};
use crate::record::public::Presenter;
use crate::record::stored::{named_by, Column, Columns, Filter, Stored, StoredKind, StoredRecord};
use crate::record::Paths;

/// Cấp quốc gia, cấp bộ, cấp tỉnh, cấp cơ sở.
pub const LEVELS: &[&str] = &["national", "ministerial", "provincial", "grassroots"];

/// Đang tuyển chọn, đang thực hiện, đã nghiệm thu, đã dừng.
pub const STATUSES: &[&str] = &["call_open", "in_progress", "accepted", "stopped"];

/// Nhiệm vụ khoa học và công nghệ: the record each revision carries; amounts in millions
/// of đồng, the call's deadline in UTC (typed and shown in UTC+7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskRecord {
    /// Mã số nhiệm vụ, the same on the translation.
    pub code: String,
    pub name: String,
    pub level: String,
    pub field: String,
    /// Tổ chức chủ trì.
    #[serde(default)]
    pub host: String,
    /// Chủ nhiệm nhiệm vụ.
    #[serde(default)]
    pub leader: String,
    #[serde(default)]
    pub starts_on: Option<NaiveDate>,
    #[serde(default)]
    pub ends_on: Option<NaiveDate>,
    /// Kinh phí.
    #[serde(default)]
    pub budget: Option<f64>,
    pub status: String,
    /// Kết quả.
    #[serde(default)]
    pub results: String,
    #[serde(default)]
    pub summary: String,
    /// Hạn nộp hồ sơ of its call for proposals.
    #[serde(default)]
    pub call_deadline: Option<NaiveDateTime>,
    /// Ngày phê duyệt nhiệm vụ: starts the clock of 004 art. 9.1e.
    #[serde(default)]
    pub approved_on: Option<NaiveDate>,
    /// Ngày nghiệm thu: starts it again, for the results (004 art. 9.1e).
    #[serde(default)]
    pub accepted_on: Option<NaiveDate>,
    #[serde(default)]
    pub documents: Vec<Document>,
}

impl StoredRecord for TaskRecord {
    /// Status, level and field; the year it starts (or its call closes); due with its call.
    fn columns(&self) -> Columns {
        let start = self.starts_on.map(start_of).or(self.call_deadline);
        Columns {
            status: self.status.clone(),
            field: self.level.clone(),
            area: self.field.clone(),
            year: start.map(|d| d.year()),
            dated_at: start,
            due_at: self.call_deadline,
        }
    }

    named_by!(title: name, summary: summary, key: code);

    fn source(&self) -> String {
        match self.host.is_empty() {
            true => self.leader.clone(),
            false => self.host.clone(),
        }
    }

    fn problems(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if let (Some(s), Some(e)) = (self.starts_on, self.ends_on) {
            if e < s {
                errors.push(FieldError::new("ends_on", "science-error-ends-before"));
            }
        }
        if let (Some(approved), Some(accepted)) = (self.approved_on, self.accepted_on) {
            if accepted < approved {
                errors.push(FieldError::new(
                    "accepted_on",
                    "science-error-accepted-before-approved",
                ));
            }
        }
        if self.status == "call_open" && self.call_deadline.is_none() {
            errors.push(FieldError::new(
                "call_deadline",
                "science-error-deadline-required",
            ));
        }
        if self.status != "call_open" && (self.host.is_empty() || self.leader.is_empty()) {
            errors.push(FieldError::new("host", "science-error-host-required"));
        }
        errors
    }

    fn search_text(&self) -> Vec<String> {
        vec![
            self.code.clone(),
            self.field.clone(),
            self.host.clone(),
            self.leader.clone(),
            self.results.clone(),
        ]
    }
}

/// Nhiệm vụ khoa học và công nghệ as a kind of record.
pub struct Tasks;

impl StoredKind for Tasks {
    type Record = TaskRecord;

    const KIND: crate::content::ContentKind = crate::content::ContentKind::ScienceTask;
    const PATHS: Paths = Paths {
        vi: "/khoa-hoc-cong-nghe",
        en: "/en/science",
    };
    const API_PATH: &'static str = "science";
    const ADMIN_PATH: &'static str = "science";
    const PREFIX: &'static str = "science";
    const LIST_TEMPLATE: &'static str = "science_list.html";
    const PAGE_TEMPLATE: &'static str = "science_item.html";
    const RECORD_MISSING: &'static str = "stored-record-missing";
    const ENGLISH_FIELDS: &'static [&'static str] = &["name"];
    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec::required("code", Input::Text),
        FieldSpec::required("name", Input::Text),
        FieldSpec::required("level", Input::Choice(LEVELS)),
        FieldSpec::required("field", Input::Text),
        FieldSpec::new("host", Input::Text),
        FieldSpec::new("leader", Input::Text),
        FieldSpec::new("starts_on", Input::Date),
        FieldSpec::new("ends_on", Input::Date),
        FieldSpec::new("budget", Input::Amount),
        FieldSpec::required("status", Input::Choice(STATUSES)),
        FieldSpec::new("call_deadline", Input::Moment),
        FieldSpec::new("approved_on", Input::Date),
        FieldSpec::new("accepted_on", Input::Date),
        FieldSpec::new("results", Input::LongText),
        FieldSpec::new("summary", Input::LongText),
        FieldSpec::new("documents", Input::Rows(DOCUMENT_CELLS)),
    ];
    const FILTERS: &'static [Filter] = &[
        Filter::named("level", Column::Field, "science-level-"),
        Filter::plain("field", Column::Area),
        Filter::named("status", Column::Status, "science-status-"),
        Filter::plain("call", Column::Due),
        Filter::plain("year", Column::Year),
    ];

    fn facts(s: &Stored<TaskRecord>, p: &dyn Presenter) -> serde_json::Value {
        let r = &s.record;
        serde_json::json!({
            "level_name": p.message(&format!("science-level-{}", r.level)),
            "status_name": p.message(&format!("science-status-{}", r.status)),
            "budget": r.budget.map(|v| crate::render::number::number(v, p.lang())),
            "starts": r.starts_on.map(|d| p.day(d)),
            "ends": r.ends_on.map(|d| p.day(d)),
            "call": r.call_deadline.map(|at| time_left(at, p.now(), p)),
            "approved": r.approved_on.map(|d| p.day(d)),
            "accepted": r.accepted_on.map(|d| p.day(d)),
        })
    }

    /// A call's "time left" changes by the minute.
    fn expires(now: NaiveDateTime) -> Option<NaiveDateTime> {
        Some(now + chrono::Duration::minutes(1))
    }
}
