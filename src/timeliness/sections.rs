//! What starts the clock of the public-data sections (004 art. 9.1d, e, g and the budget
//! disclosure rules), read from each kind's record: a plan's approval, a project's approving
//! decision as the registry dates it, a procurement notice's approval (of the contractor
//! selection plan or of the result), a science and technology task's acceptance or approval,
//! a dataset's release decided by the head, a budget disclosure's decision or period end. A
//! record that gives no such day is not counted (a procurement notice without its day of
//! approval, a science task with neither day).
//!
//! Not counted: guidance, for want of a section that names the law it explains.

use chrono::NaiveDate;

use super::rules::Category;
use crate::budget::deadline::{self, Trigger};
use crate::budget::disclosure::DisclosureRecord;
use crate::budget::{BudgetForm, BudgetLevel, Period};
use crate::calendar::Calendar;
use crate::content::ContentKind;
use crate::plans::PlanRecord;
use crate::procurement::NoticeRecord;
use crate::projects::ProjectRecord;
use crate::science::TaskRecord;
use crate::statistics::dataset::DatasetRecord;

/// The kinds whose records may start a clock.
pub const KINDS: [ContentKind; 6] = [
    ContentKind::Plan,
    ContentKind::Project,
    ContentKind::Procurement,
    ContentKind::ScienceTask,
    ContentKind::Dataset,
    ContentKind::BudgetDisclosure,
];

/// A public-data record, read as its kind's.
#[derive(Debug, Clone)]
pub enum Section {
    Plan(PlanRecord),
    Project(ProjectRecord),
    Procurement(NoticeRecord),
    Science(TaskRecord),
    Dataset(DatasetRecord),
    Budget(DisclosureRecord),
}

/// When a record's clock started and, for rules counted by date, the day it is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub category: Category,
    pub started: NaiveDate,
    /// The due day the record's own rules set (budget disclosures); `None` when the
    /// category's working days count.
    pub due: Option<NaiveDate>,
}

impl Section {
    /// The record of an item of `kind` from its JSON; `None` for another kind or a record
    /// that no longer reads.
    pub fn parse(kind: ContentKind, json: &str) -> Option<Section> {
        Some(match kind {
            ContentKind::Plan => Section::Plan(serde_json::from_str(json).ok()?),
            ContentKind::Project => Section::Project(serde_json::from_str(json).ok()?),
            ContentKind::Procurement => Section::Procurement(serde_json::from_str(json).ok()?),
            ContentKind::ScienceTask => Section::Science(serde_json::from_str(json).ok()?),
            ContentKind::Dataset => Section::Dataset(serde_json::from_str(json).ok()?),
            ContentKind::BudgetDisclosure => Section::Budget(serde_json::from_str(json).ok()?),
            _ => return None,
        })
    }

    /// The number-symbol of the approving decision whose day of issue the registry may
    /// know (plans without their own day, projects).
    pub fn decision(&self) -> Option<&str> {
        let symbol = match self {
            Section::Plan(p) if p.approved_on.is_none() => &p.decision,
            Section::Project(p) => &p.decision,
            _ => return None,
        };
        let symbol = symbol.trim();
        (!symbol.is_empty()).then_some(symbol)
    }

    /// Its clock: `issued` gives the registry's day of issue of a decision. `None` when the
    /// record gives no day that starts it.
    pub fn clock(
        &self,
        issued: &dyn Fn(&str) -> Option<NaiveDate>,
        calendar: &Calendar,
    ) -> Option<Clock> {
        let working = |category, started| Clock {
            category,
            started,
            due: None,
        };
        match self {
            // 004 art. 9.1d: 10 working days from approval.
            Section::Plan(p) => p
                .approved_on
                .or_else(|| issued(self.decision()?))
                .map(|d| working(Category::PlansProjects, d)),
            Section::Project(_) => {
                issued(self.decision()?).map(|d| working(Category::PlansProjects, d))
            }
            // 004 art. 9.1d names procurement with plans: 10 working days from approval.
            Section::Procurement(n) => n.approved_on.map(|d| working(Category::PlansProjects, d)),
            // 004 art. 9.1e: 20 working days "from approval or from acceptance". A task is
            // one item judged once, on its first publication; when its record has both days
            // the acceptance, the later event, is the one still owed to the public (the
            // results), so it starts the clock. (Limit: an item first published at its
            // approval counts as on time for its acceptance too, since only the first
            // publication is read, not that of the revision that added the acceptance.)
            Section::Science(t) => t
                .accepted_on
                .or(t.approved_on)
                .map(|d| working(Category::Science, d)),
            // 004 art. 9.1g: the release day is the one the head decided to publish on.
            Section::Dataset(d) => Some(working(Category::Statistics, d.released_on)),
            Section::Budget(b) => budget_clock(b, calendar),
        }
    }
}

/// A disclosure's clock: from its decision or its period's end, due on the day the budget
/// rules set (`budget::deadline`), on the calendar in force.
fn budget_clock(b: &DisclosureRecord, calendar: &Calendar) -> Option<Clock> {
    let level = BudgetLevel::parse(&b.level)?;
    let form = BudgetForm::parse(&b.form)?;
    let period: Period = b.period.parse().ok()?;
    let started = match deadline::rule(level, form)?.trigger {
        Trigger::Decision => b.decided_on?,
        Trigger::PeriodEnd => period.end_for(form)?,
    };
    let due = deadline::due_on(calendar, level, form, period, b.decided_on).ok()?;
    Some(Clock {
        category: Category::Budget,
        started,
        due: Some(due),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn registry(symbol: &str) -> Option<NaiveDate> {
        (symbol == "845/QĐ-UBND").then(|| d("2026-09-14"))
    }

    fn clock(kind: ContentKind, json: serde_json::Value) -> Option<Clock> {
        Section::parse(kind, &json.to_string())
            .expect("the record reads")
            .clock(&registry, &Calendar::vietnam())
    }

    fn plan(approved_on: Option<&str>, decision: &str) -> serde_json::Value {
        serde_json::json!({
            "code": "KH-1", "name": "Kế hoạch", "plan_type": "plan", "field": "Xây dựng",
            "agency": "Sở Xây dựng", "period_from": 2026, "period_to": 2026,
            "decision": decision, "approved_on": approved_on, "status": "in_force",
        })
    }

    #[test]
    fn a_plan_counts_from_its_approval_or_its_decision_in_the_registry() {
        let own = clock(ContentKind::Plan, plan(Some("2026-10-01"), "845/QĐ-UBND")).unwrap();
        assert_eq!(own.category, Category::PlansProjects);
        assert_eq!((own.started, own.due), (d("2026-10-01"), None));
        let by_decision = clock(ContentKind::Plan, plan(None, " 845/QĐ-UBND ")).unwrap();
        assert_eq!(by_decision.started, d("2026-09-14"));
        // No day of approval and a decision the registry does not know: not counted.
        assert_eq!(clock(ContentKind::Plan, plan(None, "9/QĐ-X")), None);
        assert_eq!(clock(ContentKind::Plan, plan(None, "")), None);
    }

    #[test]
    fn a_project_counts_from_the_issue_of_its_approving_decision() {
        let project = |decision: &str| {
            serde_json::json!({
                "code": "DA-1", "name": "Đường", "investor": "Ban QLDA", "commune": "Tân Phú",
                "field": "Giao thông", "total_investment": 1200.0, "decision": decision,
                "status": "approved",
            })
        };
        let c = clock(ContentKind::Project, project("845/QĐ-UBND")).unwrap();
        assert_eq!(
            (c.category, c.started),
            (Category::PlansProjects, d("2026-09-14"))
        );
        assert_eq!(clock(ContentKind::Project, project("")), None);
    }

    #[test]
    fn a_dataset_counts_from_its_release_and_a_disclosure_by_the_budget_rules() {
        let dataset = serde_json::json!({
            "code": "TK-1", "title": "Dân số", "unit": "người", "source": "Cục Thống kê",
            "topic": "Dân số", "period_type": "year", "chart": "bar",
            "released_on": "2026-11-05", "table": {"series": [], "rows": []},
        });
        let c = clock(ContentKind::Dataset, dataset).unwrap();
        assert_eq!(
            (c.category, c.started, c.due),
            (Category::Statistics, d("2026-11-05"), None)
        );
        let quarter = serde_json::json!({
            "title": "Quý III", "level": "local", "form": "quarterly", "period": "2026-Q3",
            "disclosed_on": "2026-10-20", "agency": "UBND tỉnh",
        });
        let c = clock(ContentKind::BudgetDisclosure, quarter).unwrap();
        assert_eq!(c.category, Category::Budget);
        // Circular 343: 15 days after the quarter's end.
        assert_eq!((c.started, c.due), (d("2026-09-30"), Some(d("2026-10-15"))));
        let estimate = serde_json::json!({
            "title": "Dự toán", "level": "unit", "form": "estimate", "period": "2026",
            "disclosed_on": "2026-02-20", "agency": "Sở", "decided_on": "2026-02-05",
        });
        let c = clock(ContentKind::BudgetDisclosure, estimate).unwrap();
        // 15 days from the assignment end in Tết: the next working day.
        assert_eq!((c.started, c.due), (d("2026-02-05"), Some(d("2026-02-23"))));
    }

    fn task(approved_on: Option<&str>, accepted_on: Option<&str>) -> serde_json::Value {
        serde_json::json!({
            "code": "ĐTKHCN.2025.04", "name": "Ứng dụng trí tuệ nhân tạo", "level": "provincial",
            "field": "Công nghệ thông tin", "host": "Trường Đại học Sơn Hà", "leader": "TS. Khoa",
            "status": "accepted", "approved_on": approved_on, "accepted_on": accepted_on,
        })
    }

    #[test]
    fn a_science_task_counts_from_its_acceptance_else_its_approval() {
        let both = clock(
            ContentKind::ScienceTask,
            task(Some("2025-02-10"), Some("2026-10-05")),
        )
        .unwrap();
        assert_eq!(
            (both.category, both.started, both.due),
            (Category::Science, d("2026-10-05"), None)
        );
        let approved = clock(ContentKind::ScienceTask, task(Some("2026-09-01"), None)).unwrap();
        assert_eq!(
            (approved.category, approved.started),
            (Category::Science, d("2026-09-01"))
        );
        // Neither day: not counted.
        assert_eq!(clock(ContentKind::ScienceTask, task(None, None)), None);
    }

    #[test]
    fn a_procurement_notice_counts_from_its_approval() {
        let notice = |approved_on: Option<&str>| {
            serde_json::json!({
                "notice_number": "IB2600311020", "notice_type": "result", "package": "Gói thầu số 1",
                "procuring_entity": "Ban QLDA", "method": "limited_bidding",
                "posted_on": "2026-10-28", "approved_on": approved_on,
                "winner": "Công ty Sơn Hà", "price": 3985.5,
            })
        };
        let c = clock(ContentKind::Procurement, notice(Some("2026-10-22"))).unwrap();
        assert_eq!(
            (c.category, c.started, c.due),
            (Category::PlansProjects, d("2026-10-22"), None)
        );
        // The day posted does not start it.
        assert_eq!(clock(ContentKind::Procurement, notice(None)), None);
    }

    #[test]
    fn other_kinds_start_no_clock_here() {
        assert!(Section::parse(ContentKind::Procurement, "{}").is_none());
        assert!(Section::parse(ContentKind::ScienceTask, "{}").is_none());
        assert!(Section::parse(ContentKind::News, "{}").is_none());
        assert!(Section::parse(ContentKind::Plan, "{\"code\": 1}").is_none());
    }
}
