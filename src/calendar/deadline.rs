//! Deadlines counted in working days and working hours, from the time a message was
//! received. Times are taken in any time zone and given back in Vietnam's (+07:00).

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

use super::{Calendar, CalendarError, YEARS};
use crate::clock::vietnam;

impl Calendar {
    /// The moment counting starts for something received at `received_at`: that moment
    /// itself when it falls in a session of a working day, otherwise the start of the next
    /// working period (after hours, at lunch, on a weekend or a holiday). Regulation: what
    /// is received outside office hours counts as received when the office next opens.
    pub fn counting_starts<Tz: TimeZone>(
        &self,
        received_at: DateTime<Tz>,
    ) -> Result<DateTime<FixedOffset>, CalendarError> {
        in_vietnam(self.start_of_counting(local(received_at))?)
    }

    /// The day of receipt as the deadlines count it: the day on which counting starts.
    pub fn receipt_day<Tz: TimeZone>(
        &self,
        received_at: DateTime<Tz>,
    ) -> Result<NaiveDate, CalendarError> {
        Ok(self.start_of_counting(local(received_at))?.date())
    }

    /// The deadline `days` working days after receipt: the close of office hours of the
    /// `days`-th working day after the day of receipt (with 0, the day of receipt itself).
    ///
    /// Civil Code 2015 art. 147: a time limit in days starts the day after the event, so
    /// the day of receipt is not counted; art. 148: a limit ending on a weekend or holiday
    /// ends on the next working day, which counting only working days gives by itself. A
    /// message received outside office hours counts from the next working period
    /// ([`Calendar::counting_starts`]).
    pub fn add_working_days<Tz: TimeZone>(
        &self,
        received_at: DateTime<Tz>,
        days: u32,
    ) -> Result<DateTime<FixedOffset>, CalendarError> {
        let mut day = self.receipt_day(received_at)?;
        for _ in 0..days {
            day = self.next_working_day(day)?;
        }
        in_vietnam(day.and_time(self.office_hours().closing()))
    }

    /// The moment `hours` working hours after receipt, counting only time inside office
    /// hours of working days (lunch, nights, weekends and holidays do not count).
    pub fn add_working_hours<Tz: TimeZone>(
        &self,
        received_at: DateTime<Tz>,
        hours: u32,
    ) -> Result<DateTime<FixedOffset>, CalendarError> {
        let mut at = self.start_of_counting(local(received_at))?;
        let mut remaining = Duration::hours(i64::from(hours));
        loop {
            let date = at.date();
            for session in self.office_hours().sessions() {
                if session.end <= at.time() {
                    continue;
                }
                let from = at.time().max(session.start);
                let available = session.end - from;
                if remaining <= available {
                    return in_vietnam(date.and_time(from) + remaining);
                }
                remaining -= available;
            }
            at = self
                .next_working_day(date)?
                .and_time(self.office_hours().opening());
        }
    }

    /// How many working days after `from` `to` is: the working days in (`from`, `to`], the
    /// day of receipt not counted, negative when `to` is before `from`. A deadline of
    /// [`Calendar::add_working_days`] is `days` working days after the day of receipt.
    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<i64, CalendarError> {
        let (low, high, sign) = if from <= to {
            (in_range(from)?, in_range(to)?, 1)
        } else {
            (in_range(to)?, in_range(from)?, -1)
        };
        let mut count = 0;
        let mut date = low;
        while date < high {
            date = date.succ_opt().ok_or(CalendarError::OutOfRange)?;
            if self.is_working_day(date) {
                count += 1;
            }
        }
        Ok(sign * count)
    }

    /// The first working day after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let mut date = in_range(date)?;
        loop {
            date = in_range(date.succ_opt().ok_or(CalendarError::OutOfRange)?)?;
            if self.is_working_day(date) {
                return Ok(date);
            }
        }
    }

    fn start_of_counting(&self, at: NaiveDateTime) -> Result<NaiveDateTime, CalendarError> {
        let date = in_range(at.date())?;
        if self.is_working_day(date) {
            for session in self.office_hours().sessions() {
                if at.time() < session.end {
                    return Ok(date.and_time(at.time().max(session.start)));
                }
            }
        }
        Ok(self
            .next_working_day(date)?
            .and_time(self.office_hours().opening()))
    }
}

fn in_range(date: NaiveDate) -> Result<NaiveDate, CalendarError> {
    if YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(CalendarError::OutOfRange)
    }
}

/// Wall-clock time in Vietnam.
fn local<Tz: TimeZone>(at: DateTime<Tz>) -> NaiveDateTime {
    at.with_timezone(&vietnam()).naive_local()
}

fn in_vietnam(at: NaiveDateTime) -> Result<DateTime<FixedOffset>, CalendarError> {
    vietnam()
        .from_local_datetime(&at)
        .single()
        .ok_or(CalendarError::OutOfRange)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{Announcement, AnnouncementKind, OfficeHours, Session};
    use chrono::{NaiveTime, Utc};

    /// A time in Vietnam: `at("2026-02-13 16:30")`.
    fn at(text: &str) -> DateTime<FixedOffset> {
        let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        vietnam().from_local_datetime(&local).unwrap()
    }

    fn ymd(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn due(received: &str, days: u32) -> DateTime<FixedOffset> {
        Calendar::vietnam()
            .add_working_days(at(received), days)
            .unwrap()
    }

    fn after_hours(received: &str, hours: u32) -> DateTime<FixedOffset> {
        Calendar::vietnam()
            .add_working_hours(at(received), hours)
            .unwrap()
    }

    #[test]
    fn a_question_received_before_tet_2026_is_due_fifteen_working_days_after_the_break() {
        // Friday 13/2/2026, 16:30: the break runs 14–22/2; days 1–15 are 23/2 to 13/3.
        assert_eq!(due("2026-02-13 16:30", 15), at("2026-03-13 17:00"));
        assert_eq!(due("2026-02-13 16:30", 1), at("2026-02-23 17:00"));
    }

    #[test]
    fn the_day_of_receipt_is_not_counted() {
        // Tuesday 10/3/2026 at 09:00: one working day is Wednesday.
        assert_eq!(due("2026-03-10 09:00", 1), at("2026-03-11 17:00"));
        assert_eq!(due("2026-03-10 09:00", 0), at("2026-03-10 17:00"));
    }

    #[test]
    fn a_deadline_ending_on_a_holiday_moves_to_the_next_working_day() {
        // Tuesday 28/4/2026 + 2: Wednesday 29/4, then 30/4 and 1/5 are holidays and
        // 2–3/5 the weekend, so the second working day is Monday 4/5.
        assert_eq!(due("2026-04-28 10:00", 2), at("2026-05-04 17:00"));
    }

    #[test]
    fn a_deadline_counts_a_saturday_worked_and_skips_the_day_swapped_for_it() {
        // Thursday 24/4/2025 + 2: Friday 25/4, then Saturday 26/4 worked by announcement.
        assert_eq!(due("2025-04-24 09:00", 2), at("2025-04-26 17:00"));
        // Tuesday 29/4/2025 + 1: 30/4, 1/5, 2/5 (swapped) off, then the weekend.
        assert_eq!(due("2025-04-29 09:00", 1), at("2025-05-05 17:00"));
    }

    #[test]
    fn a_message_received_on_a_sunday_counts_from_monday() {
        // Sunday 15/3/2026: received Monday 16/3, one working day is Tuesday 17/3.
        assert_eq!(due("2026-03-15 10:00", 1), at("2026-03-17 17:00"));
        let calendar = Calendar::vietnam();
        assert_eq!(
            calendar.receipt_day(at("2026-03-15 10:00")).unwrap(),
            ymd("2026-03-16")
        );
        assert_eq!(
            calendar.counting_starts(at("2026-03-15 10:00")).unwrap(),
            at("2026-03-16 07:30")
        );
    }

    #[test]
    fn a_message_received_after_closing_counts_from_the_next_working_day() {
        // Tuesday 10/3/2026 at 17:30, and at 17:00 sharp: received Wednesday 11/3.
        assert_eq!(due("2026-03-10 17:30", 1), at("2026-03-12 17:00"));
        assert_eq!(due("2026-03-10 17:00", 1), at("2026-03-12 17:00"));
        assert_eq!(due("2026-03-10 16:59", 1), at("2026-03-11 17:00"));
    }

    #[test]
    fn a_message_received_at_lunch_or_before_opening_counts_from_the_same_day() {
        let calendar = Calendar::vietnam();
        assert_eq!(
            calendar.counting_starts(at("2026-03-10 12:00")).unwrap(),
            at("2026-03-10 13:30")
        );
        assert_eq!(
            calendar.counting_starts(at("2026-03-10 06:00")).unwrap(),
            at("2026-03-10 07:30")
        );
        assert_eq!(due("2026-03-10 12:00", 1), at("2026-03-11 17:00"));
    }

    #[test]
    fn a_message_received_on_a_holiday_counts_from_the_next_working_day() {
        // Thursday 30/4/2026: 30/4 and 1/5 holidays, the weekend, received Monday 4/5.
        assert_eq!(due("2026-04-30 09:00", 1), at("2026-05-05 17:00"));
        // During the Tết break.
        assert_eq!(due("2026-02-17 09:00", 1), at("2026-02-24 17:00"));
    }

    #[test]
    fn times_in_utc_are_taken_as_the_same_instant() {
        let received = "2026-02-13T09:30:00Z".parse::<DateTime<Utc>>().unwrap();
        let deadline = Calendar::vietnam().add_working_days(received, 15).unwrap();
        assert_eq!(deadline, at("2026-03-13 17:00"));
        assert_eq!(deadline.to_rfc3339(), "2026-03-13T17:00:00+07:00");
        // 16:30 UTC is 23:30 in Hà Nội: after closing.
        let late = "2026-03-10T16:30:00Z".parse::<DateTime<Utc>>().unwrap();
        let calendar = Calendar::vietnam();
        assert_eq!(calendar.receipt_day(late).unwrap(), ymd("2026-03-11"));
    }

    #[test]
    fn a_site_s_own_office_hours_set_when_its_deadlines_fall() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let hours = OfficeHours::new(vec![
            Session {
                start: t(8, 0),
                end: t(12, 0),
            },
            Session {
                start: t(13, 0),
                end: t(16, 30),
            },
        ])
        .unwrap();
        let calendar = Calendar::vietnam().with_office_hours(hours);
        assert_eq!(
            calendar
                .add_working_days(at("2026-03-10 16:45"), 1)
                .unwrap(),
            at("2026-03-12 16:30")
        );
    }

    #[test]
    fn an_announcement_entered_later_moves_a_running_deadline() {
        let received = at("2026-03-10 09:00");
        let before = Calendar::vietnam().add_working_days(received, 3).unwrap();
        assert_eq!(before, at("2026-03-13 17:00"));
        let mut announcements = Calendar::vietnam()
            .announcements()
            .cloned()
            .collect::<Vec<_>>();
        announcements.push(Announcement {
            date: ymd("2026-03-12"),
            kind: AnnouncementKind::DayOff,
            name: "Nghỉ theo quyết định của Ủy ban nhân dân tỉnh".into(),
            source: "thử nghiệm".into(),
        });
        let after = Calendar::new(announcements)
            .unwrap()
            .add_working_days(received, 3)
            .unwrap();
        assert_eq!(after, at("2026-03-16 17:00"));
    }

    #[test]
    fn working_hours_skip_lunch() {
        assert_eq!(after_hours("2026-03-10 10:30", 2), at("2026-03-10 14:30"));
        assert_eq!(after_hours("2026-03-10 09:30", 2), at("2026-03-10 11:30"));
        assert_eq!(after_hours("2026-03-10 12:15", 1), at("2026-03-10 14:30"));
    }

    #[test]
    fn working_hours_skip_the_night_and_the_weekend() {
        assert_eq!(after_hours("2026-03-10 16:00", 2), at("2026-03-11 08:30"));
        assert_eq!(after_hours("2026-03-10 18:00", 2), at("2026-03-11 09:30"));
        // Friday 13/3 at 16:30 + 1 hour: Monday 16/3 at 08:00.
        assert_eq!(after_hours("2026-03-13 16:30", 1), at("2026-03-16 08:00"));
        // A whole working day is 7.5 hours.
        assert_eq!(after_hours("2026-03-10 07:30", 15), at("2026-03-11 17:00"));
        assert_eq!(after_hours("2026-03-10 07:30", 0), at("2026-03-10 07:30"));
    }

    #[test]
    fn working_days_between_is_antisymmetric_and_agrees_with_deadlines() {
        let calendar = Calendar::vietnam();
        let days = [
            "2025-12-31",
            "2026-01-02",
            "2026-02-13",
            "2026-02-17",
            "2026-02-23",
            "2026-03-13",
            "2026-08-22",
            "2026-09-04",
            "2027-01-04",
        ]
        .map(ymd);
        for &a in &days {
            assert_eq!(calendar.working_days_between(a, a).unwrap(), 0);
            for &b in &days {
                let ab = calendar.working_days_between(a, b).unwrap();
                assert_eq!(ab, -calendar.working_days_between(b, a).unwrap(), "{a} {b}");
                for &c in &days {
                    let bc = calendar.working_days_between(b, c).unwrap();
                    let ac = calendar.working_days_between(a, c).unwrap();
                    assert_eq!(ab + bc, ac, "{a} {b} {c}");
                }
            }
        }
        assert_eq!(
            calendar
                .working_days_between(ymd("2026-02-13"), ymd("2026-03-13"))
                .unwrap(),
            15
        );
        for (received, n) in [
            ("2026-02-13 16:30", 15),
            ("2025-04-24 09:00", 7),
            ("2026-08-20 10:00", 4),
        ] {
            let received = at(received);
            let deadline = calendar.add_working_days(received, n).unwrap();
            let receipt = calendar.receipt_day(received).unwrap();
            assert_eq!(
                calendar
                    .working_days_between(receipt, deadline.date_naive())
                    .unwrap(),
                i64::from(n)
            );
        }
    }

    #[test]
    fn counting_beyond_the_covered_years_is_refused() {
        let calendar = Calendar::vietnam();
        assert!(matches!(
            calendar.add_working_days(at("2199-12-30 09:00"), 5),
            Err(CalendarError::OutOfRange)
        ));
        assert!(matches!(
            calendar.add_working_hours(at("2026-03-10 09:00"), u32::MAX),
            Err(CalendarError::OutOfRange)
        ));
        assert!(matches!(
            calendar.working_days_between(ymd("1899-12-31"), ymd("2026-01-01")),
            Err(CalendarError::OutOfRange)
        ));
    }
}
