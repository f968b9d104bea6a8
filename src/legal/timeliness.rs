//! How quickly documents reach the portal (Decree 42/2022 art. 12; the province's portal
//! regulation): within 2 working days of issue on the issuing agency's own site, within 10
//! on the sites of agencies concerned.

use chrono::NaiveDate;

use crate::calendar::Calendar;
use crate::site::SiteId;
use crate::timeliness::due_day;
use crate::timeliness::rules::{Category, Deadline, Rules};

/// How long a document took to reach a site, against the oversight's rule in force there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delay {
    /// The rule's working days (2 on the issuing agency's site, 10 elsewhere by default).
    pub allowed_days: i64,
    /// Working days from issue to publication.
    pub took_days: Option<i64>,
    /// Published after the due day, while the rule is on for the site.
    pub late: bool,
}

/// The delay of a document issued on `issued` and published on `published` on `site`: its
/// due day is the oversight's (`timeliness::due_day` with the rule in force for the site,
/// a change for that site or for every site included), so that the registry's list and the
/// oversight count alike.
pub fn delay(
    rules: &Rules,
    calendar: &Calendar,
    site: SiteId,
    issued_by_site: bool,
    issued: Option<NaiveDate>,
    published: NaiveDate,
) -> Delay {
    let category = if issued_by_site {
        Category::LegalOwn
    } else {
        Category::LegalConcerned
    };
    let rule = rules.for_site(category, site);
    let days = match rule.deadline {
        Deadline::WorkingDays(days) => days,
        Deadline::ByDate => 0,
    };
    let due = issued.and_then(|day| due_day(calendar, day, days).ok());
    Delay {
        allowed_days: i64::from(days),
        took_days: issued.and_then(|day| working_days_taken(calendar, day, published)),
        late: rule.enabled && due.is_some_and(|due| published > due),
    }
}

/// Working days from the day of issue (not counted) to the day of publication; `None`
/// outside the calendar's range.
pub fn working_days_taken(
    calendar: &Calendar,
    issued: NaiveDate,
    published: NaiveDate,
) -> Option<i64> {
    calendar.working_days_between(issued, published).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeliness::rules::Override;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_friday_document_published_on_tuesday_took_two_working_days() {
        let cal = Calendar::vietnam();
        assert_eq!(
            working_days_taken(&cal, d("2026-11-13"), d("2026-11-17")),
            Some(2)
        );
    }

    #[test]
    fn holidays_do_not_count_against_the_board() {
        let cal = Calendar::vietnam();
        // Tết 2026: 16–20 February are days off.
        assert_eq!(
            working_days_taken(&cal, d("2026-02-13"), d("2026-02-24")),
            Some(2)
        );
    }

    #[test]
    fn the_delay_follows_the_rule_in_force_for_the_site() {
        let cal = Calendar::vietnam();
        let defaults = Rules::default();
        // Issued Friday 13 November, posted Wednesday 18: 3 working days.
        let (issued, posted) = (Some(d("2026-11-13")), d("2026-11-18"));
        let own = delay(&defaults, &cal, SiteId(2), true, issued, posted);
        assert_eq!(
            (own.allowed_days, own.took_days, own.late),
            (2, Some(3), true)
        );
        let concerned = delay(&defaults, &cal, SiteId(2), false, issued, posted);
        assert_eq!((concerned.allowed_days, concerned.late), (10, false));
        let change = |site, days, enabled| Override {
            category: Category::LegalOwn,
            site,
            days,
            enabled,
        };
        // Five days for every site; switched off for site 3.
        let changed = Rules::new(vec![
            change(None, Some(5), true),
            change(Some(SiteId(3)), None, false),
        ]);
        let five = delay(&changed, &cal, SiteId(2), true, issued, posted);
        assert_eq!((five.allowed_days, five.late), (5, false));
        let off = delay(&changed, &cal, SiteId(3), true, issued, d("2026-12-30"));
        assert!(!off.late);
        // No day of issue: nothing to measure.
        let unknown = delay(&defaults, &cal, SiteId(2), true, None, posted);
        assert_eq!((unknown.took_days, unknown.late), (None, false));
    }
}
