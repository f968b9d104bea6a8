//! The one source of the current time, so tests can move time; times are UTC
//! inside and shown in Vietnam's time (UTC+7, no daylight saving: Asia/Ho_Chi_Minh).

use std::sync::Arc;

use chrono::{DateTime, FixedOffset, Utc};
use parking_lot::Mutex;

/// Asia/Ho_Chi_Minh: UTC+07:00 all year.
pub fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset")
}

/// Tells the time.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// The current time in Vietnam.
    fn now_local(&self) -> DateTime<FixedOffset> {
        self.now().with_timezone(&vietnam())
    }
}

/// The real time.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved (tests and simulations).
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> Arc<ManualClock> {
        Arc::new(ManualClock(Mutex::new(at)))
    }

    pub fn advance(&self, by: chrono::Duration) {
        *self.0.lock() += by;
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock() = at;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock()
    }
}

pub type SharedClock = Arc<dyn Clock>;

/// A date in Vietnam's time as readers of a language write it: `10/11/2026` or
/// `10 November 2026` (pages and e-mails).
pub fn display_date(utc: chrono::NaiveDateTime, lang: crate::lang::Lang) -> String {
    day_text(utc.and_utc().with_timezone(&vietnam()).date_naive(), lang)
}

/// A moment in Vietnam's time as readers write it: `17:00 26/12/2026`, `17:00 26 December 2026`.
pub fn display_moment(utc: chrono::NaiveDateTime, lang: crate::lang::Lang) -> String {
    let local = utc.and_utc().with_timezone(&vietnam()).naive_local();
    format!("{} {}", local.format("%H:%M"), day_text(local.date(), lang))
}

/// An ISO 8601 time in Vietnam's offset, for `<time datetime>` and the API.
pub fn iso_time(utc: chrono::NaiveDateTime) -> String {
    utc.and_utc().with_timezone(&vietnam()).to_rfc3339()
}

/// Today in Vietnam at `utc`.
pub fn today_in_vietnam(utc: chrono::NaiveDateTime) -> chrono::NaiveDate {
    utc.and_utc().with_timezone(&vietnam()).date_naive()
}

/// The next midnight in Vietnam after `utc`, in UTC: when what depends on the day changes.
pub fn next_midnight_in_vietnam(utc: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    let today = today_in_vietnam(utc);
    today
        .checked_add_days(chrono::Days::new(1))
        .unwrap_or(today)
        .and_time(chrono::NaiveTime::MIN)
        .and_local_timezone(vietnam())
        .single()
        .map_or(utc, |t| t.naive_utc())
}

/// A day as readers of a language write it: `10/11/2026` or `10 November 2026`.
pub fn day_text(day: chrono::NaiveDate, lang: crate::lang::Lang) -> String {
    match lang {
        crate::lang::Lang::Vi => day.format("%d/%m/%Y").to_string(),
        crate::lang::Lang::En => day.format("%-d %B %Y").to_string(),
    }
}
