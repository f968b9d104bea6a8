//! The rules of timeliness (quy định về thời hạn đăng tải): for each category of what a
//! site must publish, what starts the clock, the deadline, and where the rule comes from.
//! The defaults cite the portal regulation (004 art. 9.1); system administrators change a
//! rule's days or switch it off for every site or for one site ([`Override`]).

use serde::Serialize;

use crate::site::SiteId;

crate::text_enum! {
    /// What a site must publish on time (nhóm thông tin).
    pub enum Category {
        /// Legal and administrative documents on the site of the agency that issued them.
        LegalOwn = "legal_own",
        /// Legal and administrative documents on the sites of the agencies they concern.
        LegalConcerned = "legal_concerned",
        /// Guidance and dissemination of laws and policies (hướng dẫn, phổ biến).
        Guidance = "guidance",
        /// Strategies, plans, projects, investment items and procurement.
        PlansProjects = "plans_projects",
        /// Answers to citizens' questions (hỏi đáp), or a notice of progress with a date.
        Answers = "answers",
        /// Science and technology programmes and projects.
        Science = "science",
        /// Statistics (số liệu thống kê).
        Statistics = "statistics",
        /// Budget disclosures (công khai ngân sách), by the budget rules' dates.
        Budget = "budget",
        /// The report on a consultation's comments (báo cáo tổng hợp, tiếp thu, giải trình).
        ConsultationReport = "consultation_report",
        /// Fresh news: a site with no news for some working days is stale.
        NewsFreshness = "news_freshness",
    }
}

crate::text_enum! {
    /// What starts a category's clock.
    pub enum Start {
        /// The document's day of issue (ngày ban hành).
        Issue = "issue",
        /// The day of approval or acceptance.
        Approval = "approval",
        /// The question's receipt (ngày tiếp nhận).
        Receipt = "receipt",
        /// The head's decision to publish.
        DecisionToPublish = "decision",
        /// The end of the period disclosed.
        PeriodEnd = "period_end",
        /// The closing of a consultation.
        Closing = "closing",
        /// The site's last news article.
        LastNews = "last_news",
    }
}

crate::text_enum! {
    /// Whether a rule is the law's or the board's own.
    pub enum Authority {
        /// Set by a legal text (the portal regulation, a circular).
        Statutory = "statutory",
        /// The board's own policy, not a law: it may be changed or switched off freely.
        BoardPolicy = "board_policy",
    }
}

/// How a deadline is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "days", rename_all = "snake_case")]
pub enum Deadline {
    /// Working days after the start (the start day not counted).
    WorkingDays(u32),
    /// A date set per item by other rules (the budget disclosure's due date).
    ByDate,
}

/// A rule as it applies to a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub category: Category,
    pub start: Start,
    pub deadline: Deadline,
    pub authority: Authority,
    /// The message id of the rule's source (`timeliness-source-…`).
    pub source: &'static str,
    pub enabled: bool,
    /// Whether the portal has the section whose records this rule watches: a rule without
    /// one is listed but has nothing to count.
    pub watched: bool,
    /// Whether a system administrator changed it from the default (for the site or all).
    pub changed: bool,
}

impl Category {
    /// The rule out of the box.
    pub fn default_rule(self) -> Rule {
        use Category::*;
        let (start, deadline, authority, source) = match self {
            // 004 art. 9.1c: within 2 working days of issue on the issuing agency's site.
            LegalOwn => (
                Start::Issue,
                Deadline::WorkingDays(2),
                Authority::Statutory,
                "timeliness-source-9-1c",
            ),
            // 004 art. 9.1c: within 10 working days on the sites of the agencies concerned.
            LegalConcerned => (
                Start::Issue,
                Deadline::WorkingDays(10),
                Authority::Statutory,
                "timeliness-source-9-1c",
            ),
            // 004 art. 9.1b: 15 working days from the law's issue.
            Guidance => (
                Start::Issue,
                Deadline::WorkingDays(15),
                Authority::Statutory,
                "timeliness-source-9-1b",
            ),
            // 004 art. 9.1d: 10 working days from approval.
            PlansProjects => (
                Start::Approval,
                Deadline::WorkingDays(10),
                Authority::Statutory,
                "timeliness-source-9-1d",
            ),
            // 004 art. 9.1đ: an answer or a notice of progress within 15 working days.
            Answers => (
                Start::Receipt,
                Deadline::WorkingDays(15),
                Authority::Statutory,
                "timeliness-source-9-1dd",
            ),
            // 004 art. 9.1e: 20 working days from approval or acceptance.
            Science => (
                Start::Approval,
                Deadline::WorkingDays(20),
                Authority::Statutory,
                "timeliness-source-9-1e",
            ),
            // 004 art. 9.1g: 10 working days from the head's decision to publish.
            Statistics => (
                Start::DecisionToPublish,
                Deadline::WorkingDays(10),
                Authority::Statutory,
                "timeliness-source-9-1g",
            ),
            // Circular 343/2016/TT-BTC: dates per form of disclosure (`budget::deadline`).
            Budget => (
                Start::PeriodEnd,
                Deadline::ByDate,
                Authority::Statutory,
                "timeliness-source-budget",
            ),
            // The law asks for the report but sets no number of days: the board's own.
            ConsultationReport => (
                Start::Closing,
                Deadline::WorkingDays(10),
                Authority::BoardPolicy,
                "timeliness-source-board",
            ),
            // The board's own policy, not a law.
            NewsFreshness => (
                Start::LastNews,
                Deadline::WorkingDays(10),
                Authority::BoardPolicy,
                "timeliness-source-board",
            ),
        };
        Rule {
            category: self,
            start,
            deadline,
            authority,
            source,
            enabled: true,
            watched: self.is_watched(),
            changed: false,
        }
    }

    /// Whether the portal has records that start this category's clock (there is no
    /// guidance section: see [`super::sections`]).
    pub fn is_watched(self) -> bool {
        use Category::*;
        matches!(
            self,
            LegalOwn
                | LegalConcerned
                | PlansProjects
                | Answers
                | Science
                | Statistics
                | Budget
                | ConsultationReport
                | NewsFreshness
        )
    }

    /// The categories the portal can count, in the order the board reads them.
    pub fn watched() -> impl Iterator<Item = Category> {
        Category::ALL.into_iter().filter(|c| c.is_watched())
    }
}

/// A system administrator's change to a rule, for every site (`site: None`) or one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Override {
    pub category: Category,
    pub site: Option<SiteId>,
    /// New working days (ignored for rules counted by date).
    pub days: Option<u32>,
    pub enabled: bool,
}

/// The rules in force: the defaults with the administrators' changes, a site's own change
/// winning over one for every site.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    overrides: Vec<Override>,
}

/// The most working days a rule may be given (a year of working days).
pub const MAX_DAYS: u32 = 260;

impl Rules {
    pub fn new(overrides: Vec<Override>) -> Rules {
        Rules { overrides }
    }

    /// The rule of `category` for `site`.
    pub fn for_site(&self, category: Category, site: SiteId) -> Rule {
        let own = self
            .overrides
            .iter()
            .find(|o| o.category == category && o.site == Some(site));
        let all = self
            .overrides
            .iter()
            .find(|o| o.category == category && o.site.is_none());
        apply(category.default_rule(), own.or(all))
    }

    /// The rule of `category` for every site (without any one site's change).
    pub fn for_all(&self, category: Category) -> Rule {
        let all = self
            .overrides
            .iter()
            .find(|o| o.category == category && o.site.is_none());
        apply(category.default_rule(), all)
    }

    /// The changes made for single sites.
    pub fn site_overrides(&self) -> impl Iterator<Item = &Override> {
        self.overrides.iter().filter(|o| o.site.is_some())
    }
}

fn apply(mut rule: Rule, change: Option<&Override>) -> Rule {
    if let Some(o) = change {
        rule.enabled = o.enabled;
        if let (Deadline::WorkingDays(_), Some(days)) = (rule.deadline, o.days) {
            rule.deadline = Deadline::WorkingDays(days);
        }
        rule.changed = true;
    }
    rule
}

/// Checks an administrator's change: the days, when given, are between 1 and [`MAX_DAYS`],
/// and a rule counted by date takes none. The error is the message id.
pub fn check_override(o: &Override) -> Result<(), &'static str> {
    match (o.category.default_rule().deadline, o.days) {
        (Deadline::ByDate, Some(_)) => Err("timeliness-error-by-date"),
        (Deadline::WorkingDays(_), Some(d)) if d == 0 || d > MAX_DAYS => {
            Err("timeliness-error-days")
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_cites_its_source_and_only_board_rules_are_policy() {
        for c in Category::ALL {
            let r = c.default_rule();
            assert!(r.source.starts_with("timeliness-source-"));
            assert_eq!(
                r.authority == Authority::BoardPolicy,
                r.source == "timeliness-source-board",
                "{c}"
            );
        }
        assert_eq!(
            Category::LegalOwn.default_rule().deadline,
            Deadline::WorkingDays(2)
        );
        assert_eq!(
            Category::Answers.default_rule().deadline,
            Deadline::WorkingDays(15)
        );
    }

    #[test]
    fn a_site_s_own_change_wins_over_one_for_every_site() {
        let rules = Rules::new(vec![
            Override {
                category: Category::NewsFreshness,
                site: None,
                days: Some(20),
                enabled: true,
            },
            Override {
                category: Category::NewsFreshness,
                site: Some(SiteId(3)),
                days: None,
                enabled: false,
            },
        ]);
        let other = rules.for_site(Category::NewsFreshness, SiteId(2));
        assert_eq!(other.deadline, Deadline::WorkingDays(20));
        assert!(other.enabled && other.changed);
        let own = rules.for_site(Category::NewsFreshness, SiteId(3));
        assert!(!own.enabled);
        assert_eq!(own.deadline, Deadline::WorkingDays(10));
        assert!(!rules.for_site(Category::LegalOwn, SiteId(3)).changed);
    }

    #[test]
    fn changes_out_of_bounds_are_refused() {
        let o = |category, days| Override {
            category,
            site: None,
            days,
            enabled: true,
        };
        assert_eq!(
            check_override(&o(Category::Answers, Some(0))),
            Err("timeliness-error-days")
        );
        assert_eq!(
            check_override(&o(Category::Answers, Some(MAX_DAYS + 1))),
            Err("timeliness-error-days")
        );
        assert_eq!(
            check_override(&o(Category::Budget, Some(5))),
            Err("timeliness-error-by-date")
        );
        assert!(check_override(&o(Category::Answers, Some(20))).is_ok());
        assert!(check_override(&o(Category::Budget, None)).is_ok());
    }
}
