//! How quickly documents reach the portal (Decree 42/2022 art. 12; the province's portal
//! regulation): within 2 working days of issue on the issuing agency's own site, within 10
//! on the sites of agencies concerned.

use chrono::NaiveDate;

use crate::calendar::Calendar;

/// Working days allowed between issue and publication: the default rule of the board's
/// oversight (`timeliness::rules`), so that the registry's list and the oversight count alike.
pub fn allowed_days(issued_by_site: bool) -> i64 {
    use crate::timeliness::rules::{Category, Deadline};
    let category = if issued_by_site {
        Category::LegalOwn
    } else {
        Category::LegalConcerned
    };
    match category.default_rule().deadline {
        Deadline::WorkingDays(days) => i64::from(days),
        Deadline::ByDate => 0,
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
        assert_eq!(allowed_days(true), 2);
        assert_eq!(allowed_days(false), 10);
    }
}
