//! Procurement notices (thông tin đấu thầu, mua sắm công; Decree 42/2022 art. 4, Law on
//! Bidding 22/2023/QH15): the procurement plan, the invitation to bid with its closing
//! moment, the result with the winner and the price, and cancellations, each linked to its
//! notice on the national e-procurement system. An open invitation shows the time left;
//! once closed it says so and stays listed. Published through the store-backed record
//! kinds ([`crate::record::stored`]).

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::field::FieldError;
use crate::record::fields::{FieldSpec, Input};
use crate::record::parts::{start_of, time_left, Document, DOCUMENT_CELLS};
use crate::record::public::Presenter;
use crate::record::stored::{named_by, Column, Columns, Filter, Stored, StoredKind, StoredRecord};
use crate::record::Paths;

/// What a notice announces: kế hoạch lựa chọn nhà thầu, thông báo mời thầu, kết quả lựa
/// chọn nhà thầu, thông báo hủy thầu.
pub const NOTICE_TYPES: &[&str] = &["plan", "invitation", "result", "cancellation"];

/// How the contractor is chosen (Law on Bidding art. 20–27): đấu thầu rộng rãi, đấu thầu
/// hạn chế, chỉ định thầu, chào hàng cạnh tranh, mua sắm trực tiếp, tự thực hiện.
pub const METHODS: &[&str] = &[
    "open_bidding",
    "limited_bidding",
    "direct_contracting",
    "competitive_shopping",
    "direct_procurement",
    "self_performance",
];

/// Thông tin đấu thầu: the record each revision of a notice carries. Moments are UTC
/// (typed and shown in UTC+7); amounts in millions of đồng.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeRecord {
    /// Số thông báo (the national system's notice number): the same on the translation.
    pub notice_number: String,
    pub notice_type: String,
    /// Tên gói thầu.
    pub package: String,
    /// Bên mời thầu.
    pub procuring_entity: String,
    pub method: String,
    /// Giá gói thầu.
    #[serde(default)]
    pub estimated_value: Option<f64>,
    /// Ngày đăng tải.
    pub posted_on: NaiveDate,
    /// Ngày phê duyệt of what the notice makes known (the contractor selection plan, the
    /// result): starts the clock of 004 art. 9.1d; it cannot come after the posting.
    #[serde(default)]
    pub approved_on: Option<NaiveDate>,
    /// Thời điểm đóng thầu.
    #[serde(default)]
    pub closes_at: Option<NaiveDateTime>,
    /// The notice on the national e-procurement system (muasamcong.mpi.gov.vn).
    #[serde(default)]
    pub national_url: String,
    /// Nhà thầu trúng thầu (results).
    #[serde(default)]
    pub winner: String,
    /// Giá trúng thầu (results).
    #[serde(default)]
    pub price: Option<f64>,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub documents: Vec<Document>,
}

impl StoredRecord for NoticeRecord {
    /// Type, method and procuring entity; the year posted; due when bids close.
    fn columns(&self) -> Columns {
        Columns {
            status: self.notice_type.clone(),
            field: self.method.clone(),
            area: self.procuring_entity.clone(),
            year: Some(self.posted_on.year()),
            dated_at: Some(start_of(self.posted_on)),
            due_at: self.closes_at,
        }
    }

    named_by!(title: package, summary: summary, source: procuring_entity, key: notice_number);

    fn problems(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.approved_on.is_some_and(|a| a > self.posted_on) {
            errors.push(FieldError::new(
                "approved_on",
                "procurement-error-approved-after-posted",
            ));
        }
        if self.notice_type == "invitation" && self.closes_at.is_none() {
            errors.push(FieldError::new(
                "closes_at",
                "procurement-error-closing-required",
            ));
        }
        if self.notice_type == "result" {
            if self.winner.trim().is_empty() {
                errors.push(FieldError::new("winner", "procurement-error-winner"));
            }
            if self.price.is_none() {
                errors.push(FieldError::new("price", "procurement-error-price"));
            }
        }
        errors
    }

    /// A new invitation, or one whose closing moment changes, cannot close in the past:
    /// bidders would have had no time (Law on Bidding art. 45).
    fn problems_at(&self, previous: Option<&Self>, now: NaiveDateTime) -> Vec<FieldError> {
        let changed = previous.is_none_or(|p| p.closes_at != self.closes_at);
        match (self.notice_type.as_str(), self.closes_at) {
            ("invitation", Some(at)) if changed && at <= now => {
                vec![FieldError::new(
                    "closes_at",
                    "procurement-error-closing-past",
                )]
            }
            _ => Vec::new(),
        }
    }

    fn search_text(&self) -> Vec<String> {
        vec![
            self.notice_number.clone(),
            self.procuring_entity.clone(),
            self.winner.clone(),
        ]
    }
}

/// Thông tin đấu thầu as a kind of record.
pub struct Notices;

impl StoredKind for Notices {
    type Record = NoticeRecord;

    const KIND: crate::content::ContentKind = crate::content::ContentKind::Procurement;
    const PATHS: Paths = Paths {
        vi: "/dau-thau",
        en: "/en/procurement",
    };
    const API_PATH: &'static str = "procurement";
    const ADMIN_PATH: &'static str = "procurement";
    const PREFIX: &'static str = "procurement";
    const LIST_TEMPLATE: &'static str = "procurement_list.html";
    const PAGE_TEMPLATE: &'static str = "procurement_item.html";
    const RECORD_MISSING: &'static str = "stored-record-missing";
    const ENGLISH_FIELDS: &'static [&'static str] = &["package"];
    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec::required("notice_number", Input::Text),
        FieldSpec::required("notice_type", Input::Choice(NOTICE_TYPES)),
        FieldSpec::required("package", Input::Text),
        FieldSpec::required("procuring_entity", Input::Text),
        FieldSpec::required("method", Input::Choice(METHODS)),
        FieldSpec::new("estimated_value", Input::Amount),
        FieldSpec::required("posted_on", Input::Date),
        FieldSpec::new("approved_on", Input::Date),
        FieldSpec::new("closes_at", Input::Moment),
        FieldSpec::new("national_url", Input::Link),
        FieldSpec::new("winner", Input::Text),
        FieldSpec::new("price", Input::Amount),
        FieldSpec::new("summary", Input::LongText),
        FieldSpec::new("documents", Input::Rows(DOCUMENT_CELLS)),
    ];
    const FILTERS: &'static [Filter] = &[
        Filter::named("type", Column::Status, "procurement-notice_type-"),
        Filter::named("method", Column::Field, "procurement-method-"),
        Filter::plain("entity", Column::Area),
        Filter::plain("state", Column::Due),
        Filter::plain("year", Column::Year),
    ];

    fn facts(s: &Stored<NoticeRecord>, p: &dyn Presenter) -> serde_json::Value {
        let r = &s.record;
        let money = |v: Option<f64>| v.map(|v| crate::render::number::number(v, p.lang()));
        serde_json::json!({
            "type_name": p.message(&format!("procurement-notice_type-{}", r.notice_type)),
            "method_name": p.message(&format!("procurement-method-{}", r.method)),
            "estimated": money(r.estimated_value),
            "price": money(r.price),
            "posted": p.day(r.posted_on),
            "approved": r.approved_on.map(|d| p.day(d)),
            "closing": r.closes_at.map(|at| time_left(at, p.now(), p)),
        })
    }

    fn api_extra(
        s: &Stored<NoticeRecord>,
        p: &dyn Presenter,
    ) -> serde_json::Map<String, serde_json::Value> {
        let mut extra = serde_json::Map::new();
        let open = s.record.closes_at.map(|at| at > p.now());
        extra.insert("open".into(), serde_json::Value::from(open));
        extra
    }

    /// "Time left" changes by the minute.
    fn expires(now: NaiveDateTime) -> Option<NaiveDateTime> {
        Some(now + chrono::Duration::minutes(1))
    }
}
