//! A budget disclosure as a store-backed kind of record ([`crate::record::stored`]): its
//! level of budget, form and period, the decision that starts its clock, the day it was
//! made public, and its files. The day it was due comes from the rules in force
//! ([`super::deadline`]), so every list shows what was published on time and what late.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::deadline::{due_on, rule, Counting, DeadlineError, Timeliness};
use super::{BudgetForm, BudgetLevel, Period};
use crate::calendar::Calendar;
use crate::field::FieldError;
use crate::record::fields::{FieldSpec, Input};
use crate::record::parts::{start_of, Document, DOCUMENT_CELLS};
use crate::record::public::Presenter;
use crate::record::stored::{named_by, Column, Columns, Filter, Stored, StoredKind, StoredRecord};
use crate::record::Paths;

const LEVELS: &[&str] = &["local", "unit"];
const FORMS: &[&str] = &[
    "draft_estimate",
    "estimate",
    "quarterly",
    "six_month",
    "final_accounts",
];

/// Công khai ngân sách: the record each revision of a disclosure carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisclosureRecord {
    pub title: String,
    pub level: String,
    pub form: String,
    /// `2026`, `2026-H1`, `2026-Q3`.
    pub period: String,
    /// The day of the decision the deadline runs from (the resolution, the assignment, the
    /// approval), for the forms whose deadline runs from one.
    #[serde(default)]
    pub decided_on: Option<NaiveDate>,
    /// Its number-symbol, linked to the registry.
    #[serde(default)]
    pub decision: String,
    /// Ngày công khai: the day it was made public.
    pub disclosed_on: NaiveDate,
    /// Who discloses (the People's Committee, the department).
    pub agency: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub documents: Vec<Document>,
}

impl DisclosureRecord {
    fn level(&self) -> Option<BudgetLevel> {
        BudgetLevel::parse(&self.level)
    }

    fn form(&self) -> Option<BudgetForm> {
        BudgetForm::parse(&self.form)
    }

    /// The last day it could be published by the rules, or why there is none.
    pub fn due_on(&self) -> Result<NaiveDate, DeadlineError> {
        let (Some(level), Some(form)) = (self.level(), self.form()) else {
            return Err(DeadlineError::NoRule);
        };
        let period: Period = self
            .period
            .parse()
            .map_err(|_| DeadlineError::PeriodMismatch)?;
        due_on(&Calendar::vietnam(), level, form, period, self.decided_on)
    }

    /// On time or late (never pending: it is published).
    pub fn timeliness(&self) -> Option<Timeliness> {
        let due = self.due_on().ok()?;
        Some(Timeliness::of(
            due,
            Some(self.disclosed_on),
            self.disclosed_on,
        ))
    }

    fn standing(&self) -> &'static str {
        match self.timeliness() {
            Some(t) if t.is_late() => "late",
            Some(_) => "on_time",
            None => "",
        }
    }
}

impl StoredRecord for DisclosureRecord {
    /// Standing (on time, late), form and level; the period's year; due on its deadline.
    fn columns(&self) -> Columns {
        let year = self.period.parse::<Period>().ok().map(|p| p.year);
        Columns {
            status: self.standing().to_string(),
            field: self.form.clone(),
            area: self.level.clone(),
            year,
            dated_at: Some(start_of(self.disclosed_on)),
            due_at: self.due_on().ok().map(start_of),
        }
    }

    named_by!(title: title, summary: summary, source: agency);

    /// One disclosure of a form and period per site.
    fn key(&self) -> String {
        format!("{}-{}", self.form, self.period)
    }

    fn problems(&self) -> Vec<FieldError> {
        let Ok(period) = self.period.parse::<Period>() else {
            return vec![FieldError::new("period", "budget-error-period")];
        };
        let Some(form) = self.form() else {
            return Vec::new();
        };
        if !period.fits(form) {
            return vec![FieldError::new("period", "budget-error-period-form")];
        }
        match self.due_on() {
            Err(DeadlineError::NoRule) => vec![FieldError::new("form", "budget-error-no-rule")],
            Err(DeadlineError::DecisionMissing) => {
                vec![FieldError::new(
                    "decided_on",
                    "budget-error-decision-missing",
                )]
            }
            Err(_) => vec![FieldError::new("period", "budget-error-period")],
            Ok(_) => Vec::new(),
        }
    }

    fn search_text(&self) -> Vec<String> {
        vec![
            self.agency.clone(),
            self.period.clone(),
            self.decision.clone(),
        ]
    }
}

/// Công khai ngân sách as a kind of record.
pub struct Disclosures;

impl StoredKind for Disclosures {
    type Record = DisclosureRecord;

    const KIND: crate::content::ContentKind = crate::content::ContentKind::BudgetDisclosure;
    const PATHS: Paths = Paths {
        vi: "/cong-khai-ngan-sach",
        en: "/en/budget",
    };
    const API_PATH: &'static str = "budget";
    const ADMIN_PATH: &'static str = "budget";
    const PREFIX: &'static str = "budget";
    const LIST_TEMPLATE: &'static str = "budget_list.html";
    const PAGE_TEMPLATE: &'static str = "budget_item.html";
    const RECORD_MISSING: &'static str = "stored-record-missing";
    const ENGLISH_FIELDS: &'static [&'static str] = &["title"];
    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec::required("title", Input::Text),
        FieldSpec::required("agency", Input::Text),
        FieldSpec::required("level", Input::Choice(LEVELS)),
        FieldSpec::required("form", Input::Choice(FORMS)),
        FieldSpec::required("period", Input::Text),
        FieldSpec::new("decided_on", Input::Date),
        FieldSpec::new("decision", Input::Text),
        FieldSpec::required("disclosed_on", Input::Date),
        FieldSpec::new("summary", Input::LongText),
        FieldSpec::new("documents", Input::Rows(DOCUMENT_CELLS)),
    ];
    const FILTERS: &'static [Filter] = &[
        Filter::named("form", Column::Field, "budget-form-"),
        Filter::named("level", Column::Area, "budget-level-"),
        Filter::named("standing", Column::Status, "budget-standing-"),
        Filter::plain("year", Column::Year),
    ];

    fn facts(s: &Stored<DisclosureRecord>, p: &dyn Presenter) -> serde_json::Value {
        let r = &s.record;
        let due = r.due_on().ok();
        let basis = match (r.level(), r.form()) {
            (Some(l), Some(f)) => rule(l, f),
            _ => None,
        };
        let late_days = match r.timeliness() {
            Some(Timeliness::Late { days }) => days,
            _ => 0,
        };
        let (counting, days) = match basis.map(|b| b.counting) {
            Some(Counting::WorkingDays(d)) => ("working", d),
            Some(Counting::CalendarDays(d)) => ("calendar", d),
            None => ("", 0),
        };
        serde_json::json!({
            "form_name": p.message(&format!("budget-form-{}", r.form)),
            "level_name": p.message(&format!("budget-level-{}", r.level)),
            "due": due.map(|d| p.day(d)),
            "due_iso": due.map(|d| d.to_string()),
            "disclosed": p.day(r.disclosed_on),
            "decided": r.decided_on.map(|d| p.day(d)),
            "decision_url": crate::urls::legal_symbol_path(p.lang(), &r.decision),
            "standing": r.standing(),
            "late_days": late_days,
            "basis": basis.map(|b| b.basis),
            "counting": counting,
            "days": days,
        })
    }

    fn api_extra(
        s: &Stored<DisclosureRecord>,
        _p: &dyn Presenter,
    ) -> serde_json::Map<String, serde_json::Value> {
        let r = &s.record;
        let mut extra = serde_json::Map::new();
        extra.insert(
            "due_on".into(),
            serde_json::Value::from(r.due_on().ok().map(|d| d.to_string())),
        );
        extra.insert("standing".into(), serde_json::Value::from(r.standing()));
        extra
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quarterly(period: &str, disclosed: &str) -> DisclosureRecord {
        DisclosureRecord {
            title: "Công khai tình hình thực hiện dự toán".into(),
            level: "local".into(),
            form: "quarterly".into(),
            period: period.into(),
            decided_on: None,
            decision: String::new(),
            disclosed_on: NaiveDate::parse_from_str(disclosed, "%Y-%m-%d").unwrap(),
            agency: "UBND tỉnh".into(),
            summary: String::new(),
            documents: Vec::new(),
        }
    }

    #[test]
    fn a_disclosure_after_its_deadline_is_late_and_says_by_how_much() {
        let on_time = quarterly("2026-Q3", "2026-10-15");
        assert_eq!(on_time.standing(), "on_time");
        let late = quarterly("2026-Q3", "2026-10-22");
        assert_eq!(late.timeliness(), Some(Timeliness::Late { days: 7 }));
        assert_eq!(late.columns().status, "late");
    }

    #[test]
    fn a_period_outside_the_forms_type_or_unreadable_is_refused() {
        let ids = |r: &DisclosureRecord| -> Vec<&str> {
            r.problems().iter().map(|e| e.message_id).collect()
        };
        assert_eq!(
            ids(&quarterly("2026", "2026-10-15")),
            ["budget-error-period-form"]
        );
        assert_eq!(
            ids(&quarterly("quý 3", "2026-10-15")),
            ["budget-error-period"]
        );
        let mut estimate = quarterly("2026", "2026-02-01");
        estimate.form = "estimate".into();
        assert_eq!(ids(&estimate), ["budget-error-decision-missing"]);
        estimate.decided_on = NaiveDate::from_ymd_opt(2026, 1, 15);
        // Decided on 15 January 2026: due after the Tết break, 23 February.
        assert_eq!(
            estimate.due_on(),
            Ok(NaiveDate::from_ymd_opt(2026, 2, 23).unwrap())
        );
        assert!(ids(&estimate).is_empty());
    }
}
