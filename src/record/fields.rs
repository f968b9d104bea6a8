//! A store-backed kind's form, declared once as a list of fields ([`FieldSpec`]): the one
//! admin form template draws it, and the form as typed becomes the record's JSON (and a
//! record the form again) here, field by field, each problem with its own message. The same
//! spec checks records that come from an import (negative amounts, unknown choices), so
//! that bad input is refused with the same words whichever way it came. Pure.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Map, Value};

use crate::field::FieldError;

/// What a field holds and how it is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// One line of text.
    Text,
    /// Several lines of text.
    LongText,
    /// An address (`https://…`).
    Link,
    /// A non-negative decimal number written with a point (`1250.5`): amounts, budgets.
    Amount,
    /// A non-negative whole number (a year).
    Count,
    /// A day, `2026-12-31`.
    Date,
    /// A moment typed in Vietnam's time (`2026-12-31T17:00`), stored in UTC.
    Moment,
    /// One of the keys, each named by the message `{prefix}-{field}-{key}`.
    Choice(&'static [&'static str]),
    /// One entry a line, its cells separated by `|`.
    Rows(&'static [Cell]),
    /// Read by the kind itself ([`crate::record::stored::StoredKind::custom_from_form`]).
    Custom,
}

/// A cell of a line of a [`Input::Rows`] field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub name: &'static str,
    pub input: Input,
}

/// One field of a kind's form, and of its record (the same name in both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub input: Input,
    pub required: bool,
}

impl FieldSpec {
    pub const fn new(name: &'static str, input: Input) -> FieldSpec {
        FieldSpec {
            name,
            input,
            required: false,
        }
    }

    pub const fn required(name: &'static str, input: Input) -> FieldSpec {
        FieldSpec {
            name,
            input,
            required: true,
        }
    }
}

/// A field's value that is not acceptable, as its message id.
fn cell_value(input: Input, text: &str) -> Result<Value, &'static str> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(Value::Null);
    }
    match input {
        Input::Text | Input::LongText | Input::Custom => Ok(Value::String(text.to_string())),
        Input::Link => match is_link(text) {
            true => Ok(Value::String(text.to_string())),
            false => Err("stored-error-link"),
        },
        Input::Amount => {
            let v = crate::statistics::table::parse_value(text).ok_or("stored-error-number")?;
            match v < 0.0 {
                true => Err("stored-error-negative"),
                false => Ok(Value::from(v)),
            }
        }
        Input::Count => {
            if text.starts_with('-') && text[1..].bytes().all(|b| b.is_ascii_digit()) {
                return Err("stored-error-negative");
            }
            text.parse::<u32>()
                .map(Value::from)
                .map_err(|_| "stored-error-number")
        }
        Input::Date => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(|d| Value::String(d.to_string()))
            .map_err(|_| "stored-error-date"),
        Input::Moment => parse_moment(text)
            .map(|t| Value::String(t.format("%Y-%m-%dT%H:%M:%S").to_string()))
            .ok_or("stored-error-moment"),
        Input::Choice(keys) => match keys.contains(&text) {
            true => Ok(Value::String(text.to_string())),
            false => Err("stored-error-choice"),
        },
        Input::Rows(_) => Err("stored-error-row"),
    }
}

/// An address on the web, or a path of the portal (a file of the media library, `/tep/…`).
fn is_link(text: &str) -> bool {
    text.starts_with("https://") || text.starts_with("http://") || text.starts_with('/')
}

/// A moment typed in Vietnam's time (`2026-12-20T17:00` or `2026-12-20 17:00`), in UTC.
pub fn parse_moment(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
        .ok()?;
    Some(local - chrono::Duration::hours(7))
}

/// A UTC moment as a form shows it, in Vietnam's time.
pub fn moment_text(utc: NaiveDateTime) -> String {
    (utc + chrono::Duration::hours(7))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// The record's JSON that a form describes (custom fields left as typed, for the kind to
/// read), and every field at fault.
pub fn from_form(
    spec: &[FieldSpec],
    form: &BTreeMap<String, String>,
) -> (Map<String, Value>, Vec<FieldError>) {
    let mut json = Map::new();
    let mut errors = Vec::new();
    let empty = String::new();
    for f in spec {
        let text = form.get(f.name).unwrap_or(&empty);
        let value = match f.input {
            Input::Rows(cells) => {
                let mut rows = Vec::new();
                for (n, line) in lines(text).enumerate() {
                    let mut row = Map::new();
                    let mut parts = line.split('|');
                    for cell in cells {
                        match cell_value(cell.input, parts.next().unwrap_or("")) {
                            Ok(Value::Null) => {}
                            Ok(v) => {
                                row.insert(cell.name.to_string(), v);
                            }
                            Err(id) => {
                                errors.push(FieldError::new(f.name, id).on_line(n + 1));
                            }
                        }
                    }
                    rows.push(Value::Object(row));
                }
                Value::Array(rows)
            }
            input => match cell_value(input, text) {
                Ok(v) => v,
                Err(id) => {
                    errors.push(FieldError::new(f.name, id));
                    Value::Null
                }
            },
        };
        // An empty field is absent: the record's default says what it means.
        if !value.is_null() {
            json.insert(f.name.to_string(), value);
        }
    }
    (json, errors)
}

fn cell_text(input: Input, value: &Value) -> String {
    match (input, value) {
        (_, Value::Null) => String::new(),
        (Input::Moment, Value::String(s)) => NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
            .map(moment_text)
            .unwrap_or_else(|_| s.clone()),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// The form showing a record's JSON (custom fields are the kind's to write).
pub fn to_form(spec: &[FieldSpec], record: &Value) -> BTreeMap<String, String> {
    let mut form = BTreeMap::new();
    for f in spec {
        let value = record.get(f.name).unwrap_or(&Value::Null);
        let text = match f.input {
            Input::Rows(cells) => value
                .as_array()
                .map(|rows| {
                    rows.iter()
                        .map(|row| {
                            cells
                                .iter()
                                .map(|c| {
                                    cell_text(c.input, row.get(c.name).unwrap_or(&Value::Null))
                                })
                                .collect::<Vec<_>>()
                                .join(" | ")
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default(),
            Input::Custom => continue,
            input => cell_text(input, value),
        };
        form.insert(f.name.to_string(), text);
    }
    form
}

fn value_problem(input: Input, value: &Value) -> Option<&'static str> {
    match (input, value) {
        (Input::Amount | Input::Count, Value::Number(n)) if n.as_f64().is_some_and(|v| v < 0.0) => {
            Some("stored-error-negative")
        }
        (Input::Amount | Input::Count, Value::String(_)) => Some("stored-error-number"),
        (Input::Choice(keys), Value::String(s)) if !keys.contains(&s.as_str()) => {
            Some("stored-error-choice")
        }
        (Input::Link, Value::String(s)) if !s.is_empty() && !is_link(s) => {
            Some("stored-error-link")
        }
        _ => None,
    }
}

fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// What the spec refuses in a record's JSON, however it came (a form, an import line):
/// a required field left empty, a negative or non-numeric amount, an unknown choice.
pub fn problems(spec: &[FieldSpec], record: &Value) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for f in spec {
        let value = record.get(f.name).unwrap_or(&Value::Null);
        if f.required && is_blank(value) {
            errors.push(FieldError::new(f.name, "form-required"));
            continue;
        }
        match f.input {
            Input::Rows(cells) => {
                for (n, row) in value.as_array().into_iter().flatten().enumerate() {
                    for c in cells {
                        let cell = row.get(c.name).unwrap_or(&Value::Null);
                        if let Some(id) = value_problem(c.input, cell) {
                            errors.push(FieldError::new(f.name, id).on_line(n + 1));
                        }
                    }
                }
            }
            input => {
                if let Some(id) = value_problem(input, value) {
                    errors.push(FieldError::new(f.name, id));
                }
            }
        }
    }
    errors
}

/// Every string of a record's JSON in NFC (the portal stores Unicode text normalised).
pub fn normalise(value: &mut Value) {
    match value {
        Value::String(s) => *s = crate::text::nfc(s.trim()),
        Value::Array(items) => items.iter_mut().for_each(normalise),
        Value::Object(map) => map.values_mut().for_each(normalise),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // The rows of dated entries, as the kinds' records type them.
    const ROWS: &[Cell] = crate::record::parts::DATED_CELLS;
    const SPEC: &[FieldSpec] = &[
        FieldSpec::required("name", Input::Text),
        FieldSpec::new("total", Input::Amount),
        FieldSpec::new("status", Input::Choice(&["approved", "completed"])),
        FieldSpec::new("closes_at", Input::Moment),
        FieldSpec::new("updates", Input::Rows(ROWS)),
    ];

    fn form(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_form_becomes_the_records_json_and_back() {
        let typed = form(&[
            ("name", "Đường ven biển"),
            ("total", "1250.5"),
            ("status", "approved"),
            ("closes_at", "2026-12-20T17:00"),
            (
                "updates",
                "2026-05-01 | Khởi công\n\n2026-09-30 | Xong nền đường",
            ),
        ]);
        let (json, errors) = from_form(SPEC, &typed);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(json["total"], Value::from(1250.5));
        // Typed in Vietnam's time, stored in UTC.
        assert_eq!(json["closes_at"], "2026-12-20T10:00:00");
        assert_eq!(json["updates"][1]["text"], "Xong nền đường");
        let back = to_form(SPEC, &Value::Object(json));
        assert_eq!(back["closes_at"], "2026-12-20T17:00");
        assert_eq!(
            back["updates"],
            "2026-05-01 | Khởi công\n2026-09-30 | Xong nền đường"
        );
        assert_eq!(back["total"], "1250.5");
    }

    #[test]
    fn negative_and_non_numeric_amounts_bad_dates_and_choices_are_named() {
        let (_, errors) = from_form(
            SPEC,
            &form(&[
                ("name", "X"),
                ("total", "-5"),
                ("status", "lost"),
                ("closes_at", "20/12/2026"),
                ("updates", "hôm qua | x"),
            ]),
        );
        let ids: Vec<(&str, &str)> = errors.iter().map(|e| (e.field, e.message_id)).collect();
        assert_eq!(
            ids,
            [
                ("total", "stored-error-negative"),
                ("status", "stored-error-choice"),
                ("closes_at", "stored-error-moment"),
                ("updates", "stored-error-date"),
            ]
        );
        let (_, errors) = from_form(SPEC, &form(&[("name", "X"), ("total", "1.000.000")]));
        assert_eq!(errors[0].message_id, "stored-error-number");
    }

    #[test]
    fn an_imported_record_is_checked_by_the_same_spec() {
        let record = serde_json::json!({
            "name": "",
            "total": -1.0,
            "status": "lost",
            "updates": [{"date": "2026-01-01", "text": "x"}],
        });
        let ids: Vec<&str> = problems(SPEC, &record)
            .iter()
            .map(|e| e.message_id)
            .collect();
        assert_eq!(
            ids,
            [
                "form-required",
                "stored-error-negative",
                "stored-error-choice"
            ]
        );
    }
}
