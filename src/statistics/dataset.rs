//! A statistics dataset as a store-backed kind of record ([`crate::record::stored`]): its
//! title, unit, source, period type, release date and next planned release, and its table
//! of values, typed in the form as CSV (the same columns as the download, so a download
//! imports back unchanged). Publishing a new version keeps the figures it revises, marked
//! on the page. Its page draws an accessible table and an inline SVG chart on the server,
//! and links the CSV download; the release calendar lists the next releases.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::chart::{self, Chart, ChartKind};
use super::period::PeriodType;
use super::table::{format_value, Change, Table};
use crate::field::FieldError;
use crate::lang::Lang;
use crate::record::fields::{FieldSpec, Input};
use crate::record::parts::{start_of, Document, DOCUMENT_CELLS};
use crate::record::public::Presenter;
use crate::record::stored::{named_by, Column, Columns, Filter, Stored, StoredKind, StoredRecord};
use crate::record::Paths;

const PERIOD_TYPES: &[&str] = &["month", "quarter", "year"];
const CHARTS: &[&str] = &["line", "bar"];

/// The figures one published version revised, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Revision {
    pub published_on: NaiveDate,
    pub changes: Vec<Change>,
}

/// Bộ số liệu thống kê: the record each revision of a dataset carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetRecord {
    /// Its code, the same on the translation.
    pub code: String,
    pub title: String,
    /// Đơn vị tính.
    pub unit: String,
    /// Nguồn số liệu.
    pub source: String,
    /// Lĩnh vực.
    pub topic: String,
    pub period_type: String,
    pub chart: String,
    /// Ngày công bố.
    pub released_on: NaiveDate,
    /// Kỳ công bố tiếp theo (dự kiến).
    #[serde(default)]
    pub next_release_on: Option<NaiveDate>,
    #[serde(default)]
    pub summary: String,
    pub table: Table,
    /// The figures earlier versions revised (kept by publishing, not typed).
    #[serde(default)]
    pub revisions: Vec<Revision>,
    #[serde(default)]
    pub documents: Vec<Document>,
}

impl DatasetRecord {
    fn period_type(&self) -> PeriodType {
        PeriodType::parse(&self.period_type).unwrap_or(PeriodType::Year)
    }

    /// The revision of a figure, latest first: its value before.
    fn revised(&self, period: &str, series: &str) -> Option<&Change> {
        self.revisions
            .iter()
            .rev()
            .flat_map(|r| &r.changes)
            .find(|c| c.period == period && c.series == series)
    }
}

impl StoredRecord for DatasetRecord {
    /// Period type, topic and source; the year released; due at its next release.
    fn columns(&self) -> Columns {
        Columns {
            status: self.period_type.clone(),
            field: self.topic.clone(),
            area: self.source.clone(),
            year: Some(self.released_on.year()),
            dated_at: Some(start_of(self.released_on)),
            due_at: self.next_release_on.map(start_of),
        }
    }

    named_by!(title: title, summary: summary, source: source, key: code);

    /// The table against the period type (a quarter in a monthly dataset is refused), and
    /// the next release after this one.
    fn problems(&self) -> Vec<FieldError> {
        let Some(period_type) = PeriodType::parse(&self.period_type) else {
            return Vec::new();
        };
        let mut errors: Vec<FieldError> = self
            .table
            .check(period_type)
            .into_iter()
            .map(|e| FieldError {
                field: "table",
                ..e
            })
            .collect();
        if self.next_release_on.is_some_and(|n| n <= self.released_on) {
            errors.push(FieldError::new(
                "next_release_on",
                "stats-error-next-release",
            ));
        }
        errors
    }

    /// A new version keeps what it revises of the figures published before.
    fn published_over(mut self, previous: Option<&Self>, now: NaiveDateTime) -> Self {
        let Some(previous) = previous else {
            return self;
        };
        self.revisions = previous.revisions.clone();
        let changes = previous.table.changes_to(&self.table);
        if !changes.is_empty() {
            self.revisions.push(Revision {
                published_on: crate::clock::today_in_vietnam(now),
                changes,
            });
        }
        self
    }

    fn search_text(&self) -> Vec<String> {
        let mut text = vec![self.code.clone(), self.topic.clone(), self.source.clone()];
        text.extend(self.table.series.iter().cloned());
        text
    }
}

/// The word of a dataset's CSV address (`/thong-ke/12-dan-so/du-lieu.csv`).
pub fn csv_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "du-lieu.csv",
        Lang::En => "data.csv",
    }
}

/// The word of the release calendar's address (`/thong-ke/lich-cong-bo`).
pub fn calendar_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "lich-cong-bo",
        Lang::En => "release-calendar",
    }
}

/// Số liệu thống kê as a kind of record.
pub struct Datasets;

impl StoredKind for Datasets {
    type Record = DatasetRecord;

    const KIND: crate::content::ContentKind = crate::content::ContentKind::Dataset;
    const PATHS: Paths = Paths {
        vi: "/thong-ke",
        en: "/en/statistics",
    };
    const API_PATH: &'static str = "statistics";
    const ADMIN_PATH: &'static str = "statistics";
    const PREFIX: &'static str = "stats";
    const LIST_TEMPLATE: &'static str = "statistics_list.html";
    const PAGE_TEMPLATE: &'static str = "statistics_item.html";
    const RECORD_MISSING: &'static str = "stored-record-missing";
    const ENGLISH_FIELDS: &'static [&'static str] = &["title", "unit"];
    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec::required("code", Input::Text),
        FieldSpec::required("title", Input::Text),
        FieldSpec::required("unit", Input::Text),
        FieldSpec::required("source", Input::Text),
        FieldSpec::required("topic", Input::Text),
        FieldSpec::required("period_type", Input::Choice(PERIOD_TYPES)),
        FieldSpec::required("chart", Input::Choice(CHARTS)),
        FieldSpec::required("released_on", Input::Date),
        FieldSpec::new("next_release_on", Input::Date),
        FieldSpec::new("summary", Input::LongText),
        FieldSpec::new("series", Input::Custom),
        FieldSpec::required("table", Input::Custom),
        FieldSpec::new("documents", Input::Rows(DOCUMENT_CELLS)),
    ];
    const FILTERS: &'static [Filter] = &[
        Filter::plain("topic", Column::Field),
        Filter::named("period", Column::Status, "stats-period_type-"),
        Filter::plain("source", Column::Area),
        Filter::plain("year", Column::Year),
    ];

    /// The series (one a line) and the values as CSV: a header `Kỳ` (or `Period`) then the
    /// series in order, one row a period of the dataset's type.
    fn custom_from_form(
        json: &mut Map<String, Value>,
        form: &BTreeMap<String, String>,
    ) -> Vec<FieldError> {
        let text = |name: &str| form.get(name).map(String::as_str).unwrap_or("");
        let series: Vec<String> = text("series")
            .lines()
            .map(|l| crate::text::nfc(l.trim()))
            .filter(|l| !l.is_empty())
            .collect();
        if series.is_empty() {
            return vec![FieldError::new("series", "stats-series-required")];
        }
        let Some(period_type) = PeriodType::parse(text("period_type").trim()) else {
            return Vec::new();
        };
        match Table::from_csv(text("table").as_bytes(), period_type, &series) {
            Ok(table) => {
                json.insert(
                    "table".into(),
                    serde_json::to_value(table).unwrap_or(Value::Null),
                );
                Vec::new()
            }
            Err(e) => {
                let e = e.field_error();
                vec![FieldError {
                    field: "table",
                    ..e
                }]
            }
        }
    }

    fn custom_to_form(record: &DatasetRecord, form: &mut BTreeMap<String, String>) {
        form.insert("series".into(), record.table.series.join("\n"));
        let csv = record.table.to_csv(Lang::Vi);
        let csv = csv.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&csv);
        form.insert("table".into(), String::from_utf8_lossy(csv).into_owned());
    }

    fn facts(s: &Stored<DatasetRecord>, p: &dyn Presenter) -> Value {
        let r = &s.record;
        let lang = p.lang();
        let period_type = r.period_type();
        let labels: Vec<String> = r
            .table
            .rows
            .iter()
            .map(|row| {
                period_type
                    .parse_period(&row.period)
                    .map(|per| period_type.label(per, lang))
                    .unwrap_or_else(|_| row.period.clone())
            })
            .collect();
        let rows: Vec<Value> = r
            .table
            .rows
            .iter()
            .zip(&labels)
            .map(|(row, label)| {
                let cells: Vec<Value> = r
                    .table
                    .series
                    .iter()
                    .zip(&row.values)
                    .map(|(series, v)| {
                        let revised = r.revised(&row.period, series);
                        serde_json::json!({
                            "text": v.map(|v| crate::render::number::number(v, lang)).unwrap_or_else(|| "–".into()),
                            "value": v.map(format_value),
                            "revised": revised.is_some(),
                            "previous": revised.map(|c| crate::render::number::number(c.previous, lang)),
                        })
                    })
                    .collect();
                serde_json::json!({"label": label, "period": row.period, "cells": cells})
            })
            .collect();
        let series: Vec<(String, Vec<Option<f64>>)> = r
            .table
            .series
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let values = r
                    .table
                    .rows
                    .iter()
                    .map(|row| row.values.get(i).copied().flatten())
                    .collect();
                (name.clone(), values)
            })
            .collect();
        let desc = chart::describe(&labels, &series, &r.unit, lang);
        let svg = chart::svg(&Chart {
            kind: ChartKind::parse(&r.chart).unwrap_or(ChartKind::Line),
            id: &format!("chart-{}", s.id.0),
            title: &r.title,
            desc: &desc,
            labels: &labels,
            series: &series,
            lang,
        });
        let revisions: Vec<Value> = r
            .revisions
            .iter()
            .map(|rev| serde_json::json!({"day": p.day(rev.published_on), "count": rev.changes.len()}))
            .collect();
        serde_json::json!({
            "period_type_name": p.message(&format!("stats-period_type-{}", r.period_type)),
            "released": p.day(r.released_on),
            "next_release": r.next_release_on.map(|d| p.day(d)),
            "rows": rows,
            "svg": svg,
            "desc": desc,
            "csv_url": format!("{}/{}", p.link(&s.address()), csv_word(lang)),
            "revisions": revisions,
        })
    }

    /// Items carry `csv_url`, the absolute address of their CSV download.
    fn api_extra(s: &Stored<DatasetRecord>, p: &dyn Presenter) -> Map<String, Value> {
        let mut extra = Map::new();
        let csv = format!("{}/{}", p.url(&s.address()), csv_word(s.lang));
        extra.insert("csv_url".into(), Value::from(csv));
        extra
    }
}
