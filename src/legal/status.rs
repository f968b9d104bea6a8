//! Whether a document is in force (tình trạng hiệu lực) on a given day, computed from its
//! dates and from what other documents say about it. Never claims a document is in force
//! without the facts to know it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::text_enum! {
    /// The status of a document on a day, as vbpl.vn names them.
    pub enum Status {
        /// Chưa có hiệu lực: issued, not yet in force.
        NotYetInForce = "not_yet_in_force",
        /// Còn hiệu lực.
        InForce = "in_force",
        /// Hết hiệu lực một phần: amended or partly repealed.
        PartlyExpired = "partly_expired",
        /// Hết hiệu lực toàn bộ: expired, replaced or repealed.
        Expired = "expired",
        /// Ngưng hiệu lực: suspended.
        Suspended = "suspended",
        /// Không xác định: the facts needed are missing.
        Unknown = "unknown",
    }
}

impl Status {
    /// The Fluent message id of its name.
    pub fn message_id(self) -> &'static str {
        match self {
            Status::NotYetInForce => "legal-status-not_yet_in_force",
            Status::InForce => "legal-status-in_force",
            Status::PartlyExpired => "legal-status-partly_expired",
            Status::Expired => "legal-status-expired",
            Status::Suspended => "legal-status-suspended",
            Status::Unknown => "legal-status-unknown",
        }
    }

    /// The schema.org `LegalForceStatus` (`legislationLegalForce`) of the status; none when
    /// it is not known.
    pub fn schema_org_force(self) -> Option<&'static str> {
        match self {
            Status::InForce => Some("https://schema.org/InForce"),
            Status::PartlyExpired => Some("https://schema.org/PartiallyInForce"),
            Status::NotYetInForce | Status::Expired | Status::Suspended => {
                Some("https://schema.org/NotInForce")
            }
            Status::Unknown => None,
        }
    }
}

/// What a later document does to this one, as far as its force is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Replaced or repealed as a whole.
    Ends,
    /// Amended, supplemented or partly repealed.
    EndsInPart,
    /// Suspended.
    Suspends,
}

/// An act of another document on this one, with the day it takes effect when known.
#[derive(Debug, Clone, Copy)]
pub struct Act {
    pub effect: Effect,
    pub from: Option<NaiveDate>,
}

/// The board's decision on the status, with its reason (e.g. an old document whose
/// repeal is known from outside the registry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Override {
    pub status: Status,
    pub reason: String,
    /// From when the decision holds; always when absent.
    #[serde(default)]
    pub since: Option<NaiveDate>,
}

/// The facts the status is computed from.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub issued_on: Option<NaiveDate>,
    pub effective_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub acts: Vec<Act>,
    pub decided: Option<Override>,
}

/// The status on `day`.
pub fn status_on(facts: &Facts, day: NaiveDate) -> Status {
    if let Some(decided) = &facts.decided {
        if decided.since.is_none_or(|since| since <= day) {
            return decided.status;
        }
    }
    if facts.issued_on.is_some_and(|issued| day < issued) {
        // Asked about a day before the document existed.
        return Status::NotYetInForce;
    }
    // Acts in force on that day; one whose date is unknown may or may not be, so it
    // makes the answer unknown rather than wrong.
    let mut ended = false;
    let mut partly = false;
    let mut suspended = false;
    let mut unsure = false;
    for act in &facts.acts {
        match act.from {
            Some(from) if from > day => continue,
            Some(_) => {}
            None => {
                unsure = true;
                continue;
            }
        }
        match act.effect {
            Effect::Ends => ended = true,
            Effect::EndsInPart => partly = true,
            Effect::Suspends => suspended = true,
        }
    }
    if ended || facts.expires_on.is_some_and(|end| end <= day) {
        return Status::Expired;
    }
    let Some(effective) = facts.effective_on else {
        return Status::Unknown;
    };
    if day < effective {
        return Status::NotYetInForce;
    }
    if unsure {
        Status::Unknown
    } else if suspended {
        Status::Suspended
    } else if partly {
        Status::PartlyExpired
    } else {
        Status::InForce
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn facts(effective: Option<&str>) -> Facts {
        Facts {
            issued_on: Some(d("2012-09-15")),
            effective_on: effective.map(d),
            ..Facts::default()
        }
    }

    #[test]
    fn without_an_effective_date_the_status_is_unknown_not_in_force() {
        assert_eq!(status_on(&facts(None), d("2024-01-01")), Status::Unknown);
    }

    #[test]
    fn a_document_is_in_force_from_its_effective_date() {
        let f = facts(Some("2019-06-15"));
        assert_eq!(status_on(&f, d("2019-06-10")), Status::NotYetInForce);
        assert_eq!(status_on(&f, d("2019-06-15")), Status::InForce);
    }

    #[test]
    fn a_day_before_issue_is_not_yet_in_force() {
        assert_eq!(
            status_on(&facts(None), d("2012-01-01")),
            Status::NotYetInForce
        );
    }

    #[test]
    fn expiry_ends_force_on_that_day() {
        let mut f = facts(Some("2019-06-15"));
        f.expires_on = Some(d("2020-01-01"));
        assert_eq!(status_on(&f, d("2019-12-31")), Status::InForce);
        assert_eq!(status_on(&f, d("2020-01-01")), Status::Expired);
    }

    #[test]
    fn replacement_counts_from_the_replacing_documents_effect() {
        let mut f = facts(Some("2012-10-01"));
        f.acts.push(Act {
            effect: Effect::Ends,
            from: Some(d("2019-06-15")),
        });
        assert_eq!(status_on(&f, d("2019-06-14")), Status::InForce);
        assert_eq!(status_on(&f, d("2019-06-15")), Status::Expired);
    }

    #[test]
    fn a_replacement_of_unknown_date_makes_the_status_unknown_but_known_ends_win() {
        let mut f = facts(Some("2012-10-01"));
        f.acts.push(Act {
            effect: Effect::EndsInPart,
            from: None,
        });
        assert_eq!(status_on(&f, d("2020-01-01")), Status::Unknown);
        f.expires_on = Some(d("2019-01-01"));
        assert_eq!(status_on(&f, d("2020-01-01")), Status::Expired);
    }

    #[test]
    fn amendment_and_suspension_are_reported() {
        let mut f = facts(Some("2012-10-01"));
        f.acts.push(Act {
            effect: Effect::EndsInPart,
            from: Some(d("2015-01-01")),
        });
        assert_eq!(status_on(&f, d("2016-01-01")), Status::PartlyExpired);
        f.acts.push(Act {
            effect: Effect::Suspends,
            from: Some(d("2017-01-01")),
        });
        assert_eq!(status_on(&f, d("2017-01-01")), Status::Suspended);
        assert_eq!(status_on(&f, d("2016-01-01")), Status::PartlyExpired);
    }

    #[test]
    fn a_repeal_is_known_even_when_the_effective_date_is_not() {
        let mut f = facts(None);
        f.acts.push(Act {
            effect: Effect::Ends,
            from: Some(d("2019-06-15")),
        });
        assert_eq!(status_on(&f, d("2018-01-01")), Status::Unknown);
        assert_eq!(status_on(&f, d("2020-01-01")), Status::Expired);
    }

    #[test]
    fn the_boards_decision_holds_from_its_date() {
        let mut f = facts(None);
        f.decided = Some(Override {
            status: Status::Expired,
            reason: "Bãi bỏ theo Quyết định 1/2020/QĐ-UBND".into(),
            since: Some(d("2020-02-01")),
        });
        assert_eq!(status_on(&f, d("2020-01-31")), Status::Unknown);
        assert_eq!(status_on(&f, d("2020-02-01")), Status::Expired);
    }
}
