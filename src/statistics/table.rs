//! A dataset's table of values (rows by period, columns by series or area), its CSV form
//! (import and download: the same columns both ways, so a download imports back unchanged)
//! and the revisions between two published versions of it.

use serde::{Deserialize, Serialize};

use super::period::{PeriodError, PeriodType, StatPeriod};
use crate::field::FieldError;

/// The values of a dataset.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The columns: series or areas (`Dân số`, `Xã Tân Phú`).
    pub series: Vec<String>,
    /// One row per period, in time order.
    pub rows: Vec<Row>,
}

/// A period's values, one per series; `None` where no figure exists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub period: String,
    pub values: Vec<Option<f64>>,
}

/// The header of the period column, in either language.
const PERIOD_HEADERS: [&str; 2] = ["Kỳ", "Period"];

/// A figure changed between two published versions of a dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub period: String,
    pub series: String,
    pub previous: f64,
    /// `None` when the figure was withdrawn.
    pub value: Option<f64>,
}

/// What is wrong with a CSV file of values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("the file is not UTF-8 text")]
    NotText,
    #[error("the file is empty")]
    Empty,
    /// Column `column` (from 1) of the header should be `expected`.
    #[error("column {column} should be {expected:?}, not {found:?}")]
    Header {
        column: usize,
        expected: String,
        found: String,
    },
    /// A line is not a row of the table.
    #[error("line {line}: {message}")]
    Line {
        line: usize,
        message: &'static str,
        detail: String,
    },
}

impl CsvError {
    /// The error as the form shows it, on the `csv` field.
    pub fn field_error(&self) -> FieldError {
        let e = |id| FieldError::new("csv", id);
        match self {
            CsvError::NotText => e("stats-csv-not-text"),
            CsvError::Empty => e("stats-csv-empty"),
            CsvError::Header {
                column,
                expected,
                found,
            } => e("stats-csv-header").with_detail(format!("{column}: “{expected}” ≠ “{found}”")),
            CsvError::Line {
                line,
                message,
                detail,
            } => e(message).on_line(*line).with_detail(detail.clone()),
        }
    }
}

/// A figure as typed: a decimal number with a point (`1234.5`, `-0.8`); no thousands
/// separators, which would be ambiguous between Vietnamese and English writing.
pub fn parse_value(text: &str) -> Option<f64> {
    let t = text.trim();
    let plain = !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        && t.bytes().filter(|b| *b == b'.').count() <= 1
        && !t[1..].contains('-');
    plain
        .then(|| t.parse::<f64>().ok())
        .flatten()
        .filter(|v| v.is_finite())
}

/// A figure written back as it is read.
pub fn format_value(v: f64) -> String {
    format!("{v}")
}

impl Table {
    /// Checks the table against the dataset's period type: series named and distinct, every
    /// period of the type and once, as many values as series.
    pub fn check(&self, period_type: PeriodType) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.series.is_empty() || self.series.iter().any(|s| s.trim().is_empty()) {
            errors.push(FieldError::new("series", "stats-series-required"));
        }
        for (i, s) in self.series.iter().enumerate() {
            if self.series[..i].contains(s) {
                errors.push(FieldError::new("series", "stats-series-twice").with_detail(s));
            }
        }
        let mut seen: Vec<StatPeriod> = Vec::new();
        for (i, row) in self.rows.iter().enumerate() {
            match period_type.parse_period(&row.period) {
                Ok(p) if seen.contains(&p) => errors.push(
                    FieldError::new("rows", "stats-period-twice")
                        .on_line(i + 1)
                        .with_detail(&row.period),
                ),
                Ok(p) => seen.push(p),
                Err(e) => errors.push(period_error(e, period_type, &row.period).on_line(i + 1)),
            }
            if row.values.len() != self.series.len() {
                errors.push(FieldError::new("rows", "stats-row-width").on_line(i + 1));
            }
        }
        errors
    }

    /// The rows in time order (periods that do not parse last, as they came).
    pub fn sorted(mut self, period_type: PeriodType) -> Table {
        // A stable sort: what does not parse keeps its order, after the rest.
        self.rows
            .sort_by_key(|r| match period_type.parse_period(&r.period) {
                Ok(p) => (false, Some(p)),
                Err(_) => (true, None),
            });
        self
    }

    /// Reads the values of a CSV file whose columns must be the period, then the series in
    /// the dataset's order (a byte-order mark is allowed; the period column is headed `Kỳ`
    /// or `Period`).
    pub fn from_csv(
        bytes: &[u8],
        period_type: PeriodType,
        series: &[String],
    ) -> Result<Table, CsvError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|_| CsvError::NotText)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let header = match records.next() {
            Some(Ok(h)) => h,
            Some(Err(_)) => return Err(CsvError::NotText),
            None => return Err(CsvError::Empty),
        };
        let first = crate::text::nfc(header.get(0).unwrap_or("").trim());
        if !PERIOD_HEADERS.iter().any(|h| *h == first) {
            return Err(CsvError::Header {
                column: 1,
                expected: PERIOD_HEADERS[0].into(),
                found: first,
            });
        }
        for (i, expected) in series.iter().enumerate() {
            let found = crate::text::nfc(header.get(i + 1).unwrap_or("").trim());
            if &found != expected {
                return Err(CsvError::Header {
                    column: i + 2,
                    expected: expected.clone(),
                    found,
                });
            }
        }
        if let Some(extra) = header.get(series.len() + 1) {
            return Err(CsvError::Header {
                column: series.len() + 2,
                expected: String::new(),
                found: extra.trim().to_string(),
            });
        }
        let mut rows = Vec::new();
        let mut seen = Vec::new();
        for (i, record) in records.enumerate() {
            let line = i + 2;
            let record = record.map_err(|_| CsvError::NotText)?;
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if record.len() != series.len() + 1 {
                return Err(CsvError::Line {
                    line,
                    message: "stats-csv-width",
                    detail: (series.len() + 1).to_string(),
                });
            }
            let text = record.get(0).unwrap_or("").trim();
            let period = period_type.parse_period(text).map_err(|e| CsvError::Line {
                line,
                message: period_error(e, period_type, text).message_id,
                detail: format!("“{text}” ≠ {}", period_type.example()),
            })?;
            if seen.contains(&period) {
                return Err(CsvError::Line {
                    line,
                    message: "stats-period-twice",
                    detail: text.into(),
                });
            }
            seen.push(period);
            let mut values = Vec::new();
            for cell in record.iter().skip(1) {
                let cell = cell.trim();
                if cell.is_empty() {
                    values.push(None);
                    continue;
                }
                values.push(Some(parse_value(cell).ok_or_else(|| CsvError::Line {
                    line,
                    message: "stats-value-not-number",
                    detail: cell.to_string(),
                })?));
            }
            rows.push(Row {
                period: period_type.format(period),
                values,
            });
        }
        Ok(Table {
            series: series.to_vec(),
            rows,
        }
        .sorted(period_type))
    }

    /// The table as CSV for spreadsheets: UTF-8 with a byte-order mark (so that Excel reads
    /// Vietnamese), the period column headed in the reader's language.
    pub fn to_csv(&self, lang: crate::lang::Lang) -> Vec<u8> {
        let period = match lang {
            crate::lang::Lang::Vi => PERIOD_HEADERS[0],
            crate::lang::Lang::En => PERIOD_HEADERS[1],
        };
        let header: Vec<&str> = std::iter::once(period)
            .chain(self.series.iter().map(String::as_str))
            .collect();
        let mut csv = crate::render::csv::CsvTable::new(&header);
        for row in &self.rows {
            csv.row(
                std::iter::once(row.period.clone()).chain(
                    row.values
                        .iter()
                        .map(|v| v.map(format_value).unwrap_or_default()),
                ),
            );
        }
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(csv.into_bytes());
        bytes
    }

    /// The figure of a period and series.
    pub fn value(&self, period: &str, series: &str) -> Option<f64> {
        let column = self.series.iter().position(|s| s == series)?;
        self.rows
            .iter()
            .find(|r| r.period == period)
            .and_then(|r| r.values.get(column).copied().flatten())
    }

    /// The published figures `next` changes or withdraws (new periods and series are
    /// additions, not revisions).
    pub fn changes_to(&self, next: &Table) -> Vec<Change> {
        let mut changes = Vec::new();
        for row in &self.rows {
            for (series, previous) in self.series.iter().zip(&row.values) {
                let Some(previous) = *previous else { continue };
                let value = next.value(&row.period, series);
                if value != Some(previous) {
                    changes.push(Change {
                        period: row.period.clone(),
                        series: series.clone(),
                        previous,
                        value,
                    });
                }
            }
        }
        changes
    }
}

/// The form's message for a refused period: another type is named, anything else shows
/// the expected form.
fn period_error(e: PeriodError, period_type: PeriodType, text: &str) -> FieldError {
    let id = match e {
        PeriodError::Malformed => "stats-period-malformed",
        PeriodError::OtherType(_) => "stats-period-other-type",
    };
    FieldError::new("rows", id).with_detail(format!("“{text}” ≠ {}", period_type.example()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn series() -> Vec<String> {
        vec!["Tổng số".into(), "Thành thị".into()]
    }

    #[test]
    fn a_downloaded_file_imports_back_to_the_same_table() {
        let table = Table {
            series: series(),
            rows: vec![
                Row {
                    period: "2025".into(),
                    values: vec![Some(1234.5), Some(-0.75)],
                },
                Row {
                    period: "2026".into(),
                    values: vec![Some(1250.0), None],
                },
            ],
        };
        let csv = table.to_csv(Lang::Vi);
        assert!(csv.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(csv[3..].to_vec()).unwrap();
        assert_eq!(
            text,
            "Kỳ,Tổng số,Thành thị\r\n2025,1234.5,-0.75\r\n2026,1250,\r\n"
        );
        let back = Table::from_csv(&csv, PeriodType::Year, &series()).unwrap();
        assert_eq!(back, table);
        let en = table.to_csv(Lang::En);
        assert_eq!(
            Table::from_csv(&en, PeriodType::Year, &series()).unwrap(),
            table
        );
    }

    #[test]
    fn a_header_that_does_not_match_names_the_expected_column() {
        let e = Table::from_csv(
            "Kỳ,Tổng số,Nông thôn\n2025,1,2\n".as_bytes(),
            PeriodType::Year,
            &series(),
        )
        .unwrap_err();
        assert_eq!(
            e,
            CsvError::Header {
                column: 3,
                expected: "Thành thị".into(),
                found: "Nông thôn".into()
            }
        );
        let e =
            Table::from_csv("Năm,Tổng số\n".as_bytes(), PeriodType::Year, &series()).unwrap_err();
        assert!(matches!(e, CsvError::Header { column: 1, .. }));
        let e = Table::from_csv(
            "Kỳ,Tổng số,Thành thị,Thêm\n".as_bytes(),
            PeriodType::Year,
            &series(),
        )
        .unwrap_err();
        assert!(matches!(e, CsvError::Header { column: 4, .. }));
    }

    #[test]
    fn bad_lines_are_refused_with_their_line_number() {
        let line =
            |text: &str| match Table::from_csv(text.as_bytes(), PeriodType::Quarter, &series()) {
                Err(CsvError::Line { line, message, .. }) => (line, message),
                other => panic!("{other:?}"),
            };
        assert_eq!(
            line("Kỳ,Tổng số,Thành thị\n2026-Q1,1,2\n2026-03,1,2\n"),
            (3, "stats-period-other-type")
        );
        assert_eq!(
            line("Kỳ,Tổng số,Thành thị\n2026-Q1,1,abc\n"),
            (2, "stats-value-not-number")
        );
        assert_eq!(
            line("Kỳ,Tổng số,Thành thị\n2026-Q1,\"1.234,5\",2\n"),
            (2, "stats-value-not-number")
        );
        assert_eq!(
            line("Kỳ,Tổng số,Thành thị\n2026-Q1,1,2\n2026-Q1,3,4\n"),
            (3, "stats-period-twice")
        );
        assert_eq!(
            line("Kỳ,Tổng số,Thành thị\n2026-Q1,1\n"),
            (2, "stats-csv-width")
        );
        assert_eq!(
            Table::from_csv(b"\xff\xfe", PeriodType::Year, &series()),
            Err(CsvError::NotText)
        );
    }

    #[test]
    fn values_are_plain_decimal_numbers() {
        assert_eq!(parse_value("1234.5"), Some(1234.5));
        assert_eq!(parse_value("-3"), Some(-3.0));
        for bad in [
            "", "1,5", "1.2.3", "1e5", "NaN", "inf", "5-", "--1", "12 345",
        ] {
            assert_eq!(parse_value(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_changed_published_figure_is_a_revision_a_new_period_is_not() {
        let old = Table {
            series: series(),
            rows: vec![Row {
                period: "2025".into(),
                values: vec![Some(10.0), Some(4.0)],
            }],
        };
        let new = Table {
            series: series(),
            rows: vec![
                Row {
                    period: "2025".into(),
                    values: vec![Some(10.5), Some(4.0)],
                },
                Row {
                    period: "2026".into(),
                    values: vec![Some(11.0), Some(5.0)],
                },
            ],
        };
        assert_eq!(
            old.changes_to(&new),
            vec![Change {
                period: "2025".into(),
                series: "Tổng số".into(),
                previous: 10.0,
                value: Some(10.5),
            }]
        );
    }

    #[test]
    fn the_table_is_checked_against_its_period_type() {
        let table = Table {
            series: series(),
            rows: vec![
                Row {
                    period: "2026-Q1".into(),
                    values: vec![Some(1.0), Some(2.0)],
                },
                Row {
                    period: "2026-01".into(),
                    values: vec![Some(1.0)],
                },
            ],
        };
        let errors = table.check(PeriodType::Quarter);
        let ids: Vec<&str> = errors.iter().map(|e| e.message_id).collect();
        assert_eq!(ids, vec!["stats-period-other-type", "stats-row-width"]);
    }
}
