//! The monthly report of citizens' questions (báo cáo tình hình tiếp nhận, trả lời): per
//! month and department, the questions received, answered, answered on time and late, and
//! the bars of its chart; and a queue's standings on its dashboard. Pure: the questions and
//! calendars are read by the caller.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDateTime};
use serde::Serialize;

use super::store::Question;
use super::{local_date, Calendars, Settings, Standing, Status};
use crate::site::SiteId;

/// One department's month in the report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub received: usize,
    pub answered: usize,
    pub on_time: usize,
    pub late: usize,
}

/// A line of the report: a month (`YYYY-MM` in Vietnam's time) of one department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub month: String,
    /// The department's name, as the reader's language shows it.
    pub site: String,
    #[serde(rename = "t")]
    pub tally: Tally,
}

/// The report of one year: its lines by month, then by department name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthlyReport {
    pub year: i32,
    pub lines: Vec<Line>,
}

/// A month's pair of bars in the chart: received and answered, scaled so that the busiest
/// month is 150 units high, 40 units a month from the left edge (inline SVG).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bar {
    pub month: u32,
    pub x: u32,
    pub received: usize,
    pub answered: usize,
    /// Heights and tops (the chart's base line is at 170).
    pub rh: u32,
    pub ah: u32,
    pub ry: u32,
    pub ay: u32,
}

impl MonthlyReport {
    /// Counts the questions of `year`: a question is received in the month it arrived and
    /// answered in the month it was closed with an answer, late when past its deadline.
    /// `name` gives a department's name in the reader's language.
    pub fn of(
        questions: &[Question],
        year: i32,
        now: NaiveDateTime,
        calendars: &Calendars,
        settings: &Settings,
        name: impl Fn(SiteId) -> String,
    ) -> MonthlyReport {
        let month = |day: chrono::NaiveDate| format!("{year}-{:02}", day.month());
        let mut table: BTreeMap<(String, String), Tally> = BTreeMap::new();
        for q in questions {
            let site = name(q.site());
            let received = local_date(q.received_at);
            if received.year() == year {
                table
                    .entry((month(received), site.clone()))
                    .or_default()
                    .received += 1;
            }
            if let (Status::Answered, Some(at)) = (q.status(), q.closed_at) {
                let day = local_date(at);
                if day.year() == year {
                    let t = table.entry((month(day), site)).or_default();
                    t.answered += 1;
                    match q.standing(now, calendars, settings) {
                        Standing::AnsweredLate => t.late += 1,
                        _ => t.on_time += 1,
                    }
                }
            }
        }
        let lines = table
            .into_iter()
            .map(|((month, site), tally)| Line { month, site, tally })
            .collect();
        MonthlyReport { year, lines }
    }

    /// The chart's bars, one pair a month of the year, every department together.
    pub fn bars(&self) -> Vec<Bar> {
        let mut months: BTreeMap<u32, (usize, usize)> = (1..=12).map(|m| (m, (0, 0))).collect();
        for line in &self.lines {
            if let Some(m) = line.month.get(5..).and_then(|m| m.parse::<u32>().ok()) {
                let e = months.entry(m).or_default();
                e.0 += line.tally.received;
                e.1 += line.tally.answered;
            }
        }
        let top = months
            .values()
            .map(|(r, a)| (*r).max(*a))
            .max()
            .unwrap_or(0)
            .max(1);
        let h = |n: usize| (n * 150 / top) as u32;
        months
            .into_iter()
            .map(|(month, (received, answered))| Bar {
                month,
                x: (month - 1) * 40 + 30,
                received,
                answered,
                rh: h(received),
                ah: h(answered),
                ry: 170 - h(received),
                ay: 170 - h(answered),
            })
            .collect()
    }

    /// The report's table as CSV (month, department, received, answered, on_time, late).
    pub fn csv(&self) -> Vec<u8> {
        let mut out = crate::render::csv::CsvTable::new(&[
            "month",
            "department",
            "received",
            "answered",
            "on_time",
            "late",
        ]);
        for line in &self.lines {
            let t = &line.tally;
            out.row([
                line.month.clone(),
                line.site.clone(),
                t.received.to_string(),
                t.answered.to_string(),
                t.on_time.to_string(),
                t.late.to_string(),
            ]);
        }
        out.into_bytes()
    }
}

/// A queue as its dashboard shows it: how many questions stand each way, and the questions
/// of the standing asked (every standing when `None`), optionally of one field only.
pub fn standings<'a>(
    questions: &'a [Question],
    field: &str,
    wanted: Option<Standing>,
    now: NaiveDateTime,
    (calendars, settings): (&Calendars, &Settings),
) -> (BTreeMap<&'static str, usize>, Vec<(&'a Question, Standing)>) {
    let mut counts: BTreeMap<&'static str, usize> =
        Standing::ALL.iter().map(|s| (s.as_str(), 0)).collect();
    let mut shown = Vec::new();
    for q in questions
        .iter()
        .filter(|q| field.is_empty() || q.field == field)
    {
        let standing = q.standing(now, calendars, settings);
        *counts.entry(standing.as_str()).or_default() += 1;
        if wanted.is_none_or(|w| w == standing) {
            shown.push((q, standing));
        }
    }
    (counts, shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(month: &str, site: &str, received: usize, answered: usize) -> Line {
        Line {
            month: month.to_string(),
            site: site.to_string(),
            tally: Tally {
                received,
                answered,
                on_time: answered,
                late: 0,
            },
        }
    }

    #[test]
    fn the_busiest_month_fills_the_chart_and_departments_add_up() {
        let report = MonthlyReport {
            year: 2026,
            lines: vec![
                line("2026-03", "Sở Tư pháp", 4, 1),
                line("2026-03", "Sở Y tế", 6, 2),
                line("2026-07", "Sở Y tế", 5, 5),
            ],
        };
        let bars = report.bars();
        assert_eq!(bars.len(), 12);
        let march = &bars[2];
        assert_eq!((march.month, march.received, march.answered), (3, 10, 3));
        assert_eq!((march.rh, march.ry, march.x), (150, 20, 110));
        assert_eq!((march.ah, march.ay), (45, 125));
        assert_eq!((bars[6].rh, bars[6].ah), (75, 75));
        assert_eq!((bars[0].rh, bars[0].ry), (0, 170));
    }

    #[test]
    fn an_empty_year_has_flat_bars_and_a_header_only_table() {
        let report = MonthlyReport {
            year: 2026,
            lines: Vec::new(),
        };
        assert!(report.bars().iter().all(|b| b.rh == 0 && b.ah == 0));
        let csv = String::from_utf8(report.csv()).unwrap();
        assert_eq!(csv, "month,department,received,answered,on_time,late\r\n");
    }
}
