//! When a budget disclosure (công khai ngân sách) must be published, and whether it was late.
//!
//! The rules in force, each a row of [`RULES`]:
//! - Law on State Budget 83/2015/QH13 art. 15.1.c, Decree 163/2016/NĐ-CP art. 49, and
//!   Circular 343/2016/TT-BTC for each level of local budget (province, commune): the draft
//!   estimate within 5 *working* days of the People's Committee sending it to the delegates
//!   of the People's Council; the estimate decided and the final accounts approved by the
//!   Council within 30 days of the resolution's issue; the quarterly and six-month execution
//!   reports within 15 days of the end of the quarter or half year.
//! - Circular 61/2017/TT-BTC art. 6, as amended by Circular 90/2018/TT-BTC, for a budget
//!   unit (đơn vị dự toán: a department's own budget): its estimate within 15 days of being
//!   assigned; its quarterly and six-month execution within 15 days of the period's end; its
//!   final accounts within 15 days of their approval.
//!
//! "Ngày" in these texts is a calendar day; only "ngày làm việc" counts working days. Civil
//! Code 2015 art. 147: a time limit starts the day after the event that starts it; art.
//! 148: a limit ending on a weekend or a holiday ends on the next working day, which is
//! where Tết and the government's announced days off move even calendar-day deadlines.

use chrono::{Duration, NaiveDate};
use serde::Serialize;

use super::{BudgetForm, BudgetLevel, Period};
use crate::calendar::{Calendar, CalendarError};

/// How a rule counts its days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    /// Calendar days, the last moved to the next working day when it is not one.
    CalendarDays(u32),
    /// Working days.
    WorkingDays(u32),
}

/// What starts a rule's time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// A decision the disclosure names (the resolution deciding the estimate, the report
    /// sent to the delegates, the approval of the accounts).
    Decision,
    /// The end of the disclosure's period (quarter, half year).
    PeriodEnd,
}

/// One publication deadline of the rules in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub level: BudgetLevel,
    pub form: BudgetForm,
    pub counting: Counting,
    pub trigger: Trigger,
    /// The article that sets it.
    pub basis: &'static str,
}

const LOCAL: &str =
    "Luật NSNN 83/2015/QH13 Điều 15.1.c; Nghị định 163/2016/NĐ-CP Điều 49; Thông tư 343/2016/TT-BTC";
const UNIT: &str = "Thông tư 61/2017/TT-BTC Điều 6, sửa đổi bởi Thông tư 90/2018/TT-BTC";

/// Every deadline, by level of budget and form of disclosure.
pub const RULES: &[Rule] = &[
    Rule {
        level: BudgetLevel::Local,
        form: BudgetForm::DraftEstimate,
        counting: Counting::WorkingDays(5),
        trigger: Trigger::Decision,
        basis: LOCAL,
    },
    Rule {
        level: BudgetLevel::Local,
        form: BudgetForm::Estimate,
        counting: Counting::CalendarDays(30),
        trigger: Trigger::Decision,
        basis: LOCAL,
    },
    Rule {
        level: BudgetLevel::Local,
        form: BudgetForm::Quarterly,
        counting: Counting::CalendarDays(15),
        trigger: Trigger::PeriodEnd,
        basis: LOCAL,
    },
    Rule {
        level: BudgetLevel::Local,
        form: BudgetForm::SixMonth,
        counting: Counting::CalendarDays(15),
        trigger: Trigger::PeriodEnd,
        basis: LOCAL,
    },
    Rule {
        level: BudgetLevel::Local,
        form: BudgetForm::FinalAccounts,
        counting: Counting::CalendarDays(30),
        trigger: Trigger::Decision,
        basis: LOCAL,
    },
    Rule {
        level: BudgetLevel::Unit,
        form: BudgetForm::Estimate,
        counting: Counting::CalendarDays(15),
        trigger: Trigger::Decision,
        basis: UNIT,
    },
    Rule {
        level: BudgetLevel::Unit,
        form: BudgetForm::Quarterly,
        counting: Counting::CalendarDays(15),
        trigger: Trigger::PeriodEnd,
        basis: UNIT,
    },
    Rule {
        level: BudgetLevel::Unit,
        form: BudgetForm::SixMonth,
        counting: Counting::CalendarDays(15),
        trigger: Trigger::PeriodEnd,
        basis: UNIT,
    },
    Rule {
        level: BudgetLevel::Unit,
        form: BudgetForm::FinalAccounts,
        counting: Counting::CalendarDays(15),
        trigger: Trigger::Decision,
        basis: UNIT,
    },
];

/// The rule for a form of disclosure at a level of budget; `None` when the rules have no
/// such disclosure (a budget unit has no draft estimate to publish).
pub fn rule(level: BudgetLevel, form: BudgetForm) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.level == level && r.form == form)
}

/// Why a deadline cannot be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeadlineError {
    #[error("the rules have no such disclosure at this level of budget")]
    NoRule,
    /// The form's deadline runs from a decision, and none was given.
    #[error("the decision date is missing")]
    DecisionMissing,
    /// The period does not fit the form (a quarter for a six-month report).
    #[error("the period does not fit the form")]
    PeriodMismatch,
    #[error("outside the calendar")]
    Calendar,
}

impl From<CalendarError> for DeadlineError {
    fn from(_: CalendarError) -> Self {
        DeadlineError::Calendar
    }
}

/// The last day a disclosure may be published.
pub fn due_on(
    calendar: &Calendar,
    level: BudgetLevel,
    form: BudgetForm,
    period: Period,
    decided_on: Option<NaiveDate>,
) -> Result<NaiveDate, DeadlineError> {
    let rule = rule(level, form).ok_or(DeadlineError::NoRule)?;
    let start = match rule.trigger {
        Trigger::Decision => decided_on.ok_or(DeadlineError::DecisionMissing)?,
        Trigger::PeriodEnd => period.end_for(form).ok_or(DeadlineError::PeriodMismatch)?,
    };
    Ok(match rule.counting {
        Counting::CalendarDays(days) => {
            let last = start
                .checked_add_signed(Duration::days(i64::from(days)))
                .ok_or(DeadlineError::Calendar)?;
            if calendar.is_working_day(last) {
                last
            } else {
                calendar.next_working_day(last)?
            }
        }
        Counting::WorkingDays(days) => {
            let mut day = start;
            for _ in 0..days {
                day = calendar.next_working_day(day)?;
            }
            day
        }
    })
}

/// Where a disclosure stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "standing", rename_all = "snake_case")]
pub enum Timeliness {
    /// Published by the deadline.
    OnTime,
    /// Published after the deadline, by this many calendar days.
    Late { days: i64 },
    /// Not published yet, and the deadline has not passed.
    Pending,
    /// Not published, and the deadline has passed this many calendar days ago.
    Overdue { days: i64 },
}

impl Timeliness {
    /// A disclosure due on `due`, published on `published` (or not yet), seen on `today`.
    pub fn of(due: NaiveDate, published: Option<NaiveDate>, today: NaiveDate) -> Timeliness {
        match published {
            Some(p) if p <= due => Timeliness::OnTime,
            Some(p) => Timeliness::Late {
                days: (p - due).num_days(),
            },
            None if today <= due => Timeliness::Pending,
            None => Timeliness::Overdue {
                days: (today - due).num_days(),
            },
        }
    }

    /// Whether the board must see it (published late, or missing past its deadline).
    pub fn is_late(self) -> bool {
        matches!(self, Timeliness::Late { .. } | Timeliness::Overdue { .. })
    }
}

/// The disclosures whose period has ended by `today` in `year`, that the rules expect from
/// a level of budget without a decision to wait for (quarterly and six-month execution),
/// with their deadlines: what the board compares with what it has published.
pub fn expected_by_period(
    calendar: &Calendar,
    level: BudgetLevel,
    year: i32,
    today: NaiveDate,
) -> Vec<(BudgetForm, Period, NaiveDate)> {
    let mut expected = Vec::new();
    let periods = (1..=4)
        .map(|q| (BudgetForm::Quarterly, Period::quarter(year, q)))
        .chain([(BudgetForm::SixMonth, Period::half(year))]);
    for (form, period) in periods {
        let ended = period.end_for(form).is_some_and(|end| end < today);
        if !ended {
            continue;
        }
        if let Ok(due) = due_on(calendar, level, form, period, None) {
            expected.push((form, period, due));
        }
    }
    expected.sort_by_key(|(_, _, due)| *due);
    expected
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn due(
        level: BudgetLevel,
        form: BudgetForm,
        period: Period,
        decided: Option<&str>,
    ) -> Result<NaiveDate, DeadlineError> {
        due_on(&Calendar::vietnam(), level, form, period, decided.map(d))
    }

    #[test]
    fn quarterly_execution_is_due_fifteen_calendar_days_after_the_quarter() {
        use BudgetLevel::*;
        // Q3 2026 ends on Wednesday 30 September; 15 October is a Thursday.
        assert_eq!(
            due(Local, BudgetForm::Quarterly, Period::quarter(2026, 3), None),
            Ok(d("2026-10-15"))
        );
        assert_eq!(
            due(Unit, BudgetForm::Quarterly, Period::quarter(2026, 1), None),
            Ok(d("2026-04-15"))
        );
        // Q4 2025: 15 January 2026.
        assert_eq!(
            due(Local, BudgetForm::Quarterly, Period::quarter(2025, 4), None),
            Ok(d("2026-01-15"))
        );
        // The six-month report counts from 30 June.
        assert_eq!(
            due(Local, BudgetForm::SixMonth, Period::half(2026), None),
            Ok(d("2026-07-15"))
        );
    }

    #[test]
    fn a_deadline_on_a_weekend_moves_to_monday() {
        // 15 July 2028 is a Saturday.
        assert_eq!(
            due(
                BudgetLevel::Local,
                BudgetForm::SixMonth,
                Period::half(2028),
                None
            ),
            Ok(d("2028-07-17"))
        );
    }

    #[test]
    fn a_deadline_in_tet_moves_past_the_whole_break() {
        // An estimate decided on 15 January 2026: 30 days is Saturday 14 February, the first
        // day of the civil servants' Tết break (14–22 February 2026); Monday 23 February.
        assert_eq!(
            due(
                BudgetLevel::Local,
                BudgetForm::Estimate,
                Period::year(2026),
                Some("2026-01-15")
            ),
            Ok(d("2026-02-23"))
        );
        // A unit's estimate assigned on 5 February 2026: day 15 is Friday 20 February, in Tết.
        assert_eq!(
            due(
                BudgetLevel::Unit,
                BudgetForm::Estimate,
                Period::year(2026),
                Some("2026-02-05")
            ),
            Ok(d("2026-02-23"))
        );
    }

    #[test]
    fn the_draft_estimate_counts_working_days_and_skips_tet() {
        // Sent to the delegates on Thursday 12 February 2026: Friday 13 is the first working
        // day, then Tết, then 23, 24, 25 and 26 February.
        assert_eq!(
            due(
                BudgetLevel::Local,
                BudgetForm::DraftEstimate,
                Period::year(2026),
                Some("2026-02-12")
            ),
            Ok(d("2026-02-26"))
        );
        // An ordinary week: Monday 7 December 2026 → Monday 14 December.
        assert_eq!(
            due(
                BudgetLevel::Local,
                BudgetForm::DraftEstimate,
                Period::year(2027),
                Some("2026-12-07")
            ),
            Ok(d("2026-12-14"))
        );
    }

    #[test]
    fn final_accounts_count_thirty_days_for_the_council_fifteen_for_a_unit() {
        assert_eq!(
            due(
                BudgetLevel::Local,
                BudgetForm::FinalAccounts,
                Period::year(2025),
                Some("2026-07-10")
            ),
            Ok(d("2026-08-10"))
        );
        assert_eq!(
            due(
                BudgetLevel::Unit,
                BudgetForm::FinalAccounts,
                Period::year(2025),
                Some("2026-07-10")
            ),
            Ok(d("2026-07-27"))
        );
    }

    #[test]
    fn what_the_rules_do_not_have_is_refused() {
        assert_eq!(
            due(
                BudgetLevel::Unit,
                BudgetForm::DraftEstimate,
                Period::year(2026),
                Some("2026-01-05")
            ),
            Err(DeadlineError::NoRule)
        );
        assert_eq!(
            due(
                BudgetLevel::Local,
                BudgetForm::Estimate,
                Period::year(2026),
                None
            ),
            Err(DeadlineError::DecisionMissing)
        );
        assert_eq!(
            due(
                BudgetLevel::Local,
                BudgetForm::Quarterly,
                Period::year(2026),
                None
            ),
            Err(DeadlineError::PeriodMismatch)
        );
    }

    #[test]
    fn late_and_overdue_are_counted_in_calendar_days() {
        let due = d("2026-10-15");
        assert_eq!(
            Timeliness::of(due, Some(d("2026-10-15")), d("2026-11-20")),
            Timeliness::OnTime
        );
        assert_eq!(
            Timeliness::of(due, Some(d("2026-10-22")), d("2026-11-20")),
            Timeliness::Late { days: 7 }
        );
        assert_eq!(
            Timeliness::of(due, None, d("2026-10-10")),
            Timeliness::Pending
        );
        let overdue = Timeliness::of(due, None, d("2026-10-20"));
        assert_eq!(overdue, Timeliness::Overdue { days: 5 });
        assert!(overdue.is_late());
        assert!(!Timeliness::OnTime.is_late());
    }

    #[test]
    fn the_board_expects_the_periods_that_have_ended() {
        let expected = expected_by_period(
            &Calendar::vietnam(),
            BudgetLevel::Local,
            2026,
            d("2026-11-20"),
        );
        let forms: Vec<(BudgetForm, String, NaiveDate)> = expected
            .into_iter()
            .map(|(f, p, due)| (f, p.to_string(), due))
            .collect();
        assert_eq!(
            forms,
            vec![
                (BudgetForm::Quarterly, "2026-Q1".into(), d("2026-04-15")),
                (BudgetForm::Quarterly, "2026-Q2".into(), d("2026-07-15")),
                (BudgetForm::SixMonth, "2026-H1".into(), d("2026-07-15")),
                (BudgetForm::Quarterly, "2026-Q3".into(), d("2026-10-15")),
            ]
        );
    }
}
