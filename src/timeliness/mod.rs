//! The province board's oversight of timeliness (tính kịp thời): is every site publishing
//! and answering within the working days the portal regulation sets (004 art. 5, 9, 15)?
//!
//! Nothing here is stored as truth. Each obligation (a document to post, a question to
//! answer, news to keep fresh) is derived from the records, the working-day calendar in
//! force and the [`rules`], every time: an announced working Saturday, a corrected issue
//! date or a changed rule recomputes every standing.

pub mod demo;
pub mod digest;
pub mod report;
pub mod rules;
pub mod sections;
pub mod store;
pub mod view;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::calendar::{Calendar, CalendarError};
use crate::content::ContentId;
use crate::inbox::QuestionId;
use crate::site::SiteId;

pub use rules::{Category, Rule, Rules};

/// What an obligation is about, for the link to it in the admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "id", rename_all = "snake_case")]
pub enum Subject {
    /// A content item (document, answer, consultation).
    Content(ContentId),
    /// A citizen's question.
    Question(QuestionId),
    /// The site itself (news freshness).
    Site,
}

/// One thing a site had to publish by a day (nghĩa vụ đăng tải).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Obligation {
    pub site: SiteId,
    pub category: Category,
    pub subject: Subject,
    /// What it is (a document's number-symbol and abstract, a question's code and title).
    pub title: String,
    /// The day its clock started (not counted).
    pub started: NaiveDate,
    /// The last day it could be published on time.
    pub due: NaiveDate,
    /// The day it was published (answered, posted), if it was.
    pub done: Option<NaiveDate>,
}

/// How an obligation stands on a day (tình trạng).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "state", content = "days", rename_all = "snake_case")]
pub enum Standing {
    /// Published by its due day.
    OnTime,
    /// Published after its due day, by so many working days.
    Late(i64),
    /// Due, and nothing published: so many working days overdue so far.
    Missing(i64),
    /// Its due day has not passed.
    NotYetDue,
}

impl Standing {
    /// The word the pages, CSV and API use.
    pub fn word(self) -> &'static str {
        match self {
            Standing::OnTime => "on_time",
            Standing::Late(_) => "late",
            Standing::Missing(_) => "missing",
            Standing::NotYetDue => "not_yet_due",
        }
    }
}

/// The day `days` working days after `start` (the start day not counted; Civil Code 2015
/// art. 147), on the site's calendar.
pub fn due_day(
    calendar: &Calendar,
    start: NaiveDate,
    days: u32,
) -> Result<NaiveDate, CalendarError> {
    let mut day = start;
    for _ in 0..days {
        day = calendar.next_working_day(day)?;
    }
    Ok(day)
}

/// How an obligation due on `due` and done on `done` stands on `today`.
pub fn standing(
    calendar: &Calendar,
    due: NaiveDate,
    done: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Standing, CalendarError> {
    Ok(match done {
        Some(day) if day <= due => Standing::OnTime,
        // Posted on a day off after the due day: still late, by at least one day.
        Some(day) => Standing::Late(calendar.working_days_between(due, day)?.max(1)),
        None if today > due => Standing::Missing(calendar.working_days_between(due, today)?.max(1)),
        None => Standing::NotYetDue,
    })
}

/// A run of whole months (kỳ báo cáo), from the first day of `first` to the last of `last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Period {
    /// One month, `2026-11`.
    pub fn month(year: i32, month: u32) -> Option<Period> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
        Some(Period { first, last })
    }

    /// The six months ending with the month of `today`: the board's default.
    pub fn last_six_months(today: NaiveDate) -> Period {
        let this = Period::month(today.year(), today.month()).unwrap_or(Period {
            first: today,
            last: today,
        });
        let first = this
            .first
            .checked_sub_months(Months::new(5))
            .unwrap_or(this.first);
        Period {
            first,
            last: this.last,
        }
    }

    /// Reads `2026-11` (a month) or `2026-06..2026-11` (a run of months); `None` when
    /// malformed or backwards.
    pub fn parse(text: &str) -> Option<Period> {
        let month = |s: &str| {
            let (y, m) = s.trim().split_once('-')?;
            if y.len() != 4 || m.len() != 2 {
                return None;
            }
            Period::month(y.parse().ok()?, m.parse().ok()?)
        };
        let period = match text.split_once("..") {
            Some((a, b)) => Period {
                first: month(a)?.first,
                last: month(b)?.last,
            },
            None => month(text)?,
        };
        (period.first <= period.last).then_some(period)
    }

    /// Whether a day falls in the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }

    /// Its months, in order.
    pub fn months(&self) -> Vec<Period> {
        let mut out = Vec::new();
        let mut at = self.first;
        while at <= self.last {
            if let Some(m) = Period::month(at.year(), at.month()) {
                out.push(m);
            }
            match at.checked_add_months(Months::new(1)) {
                Some(next) => at = next.with_day(1).unwrap_or(next),
                None => break,
            }
        }
        out
    }

    /// How it is written in addresses and reports: `2026-11` or `2026-06..2026-11`.
    pub fn label(&self) -> String {
        let a = self.first.format("%Y-%m").to_string();
        let b = self.last.format("%Y-%m").to_string();
        if a == b {
            a
        } else {
            format!("{a}..{b}")
        }
    }
}

/// Counts of obligations due in a period (tổng hợp): `due` = on time + late + missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub due: u32,
    pub on_time: u32,
    pub late: u32,
    pub missing: u32,
    /// Started but not yet due (not in `due`).
    pub not_yet_due: u32,
}

impl Tally {
    pub fn add(&mut self, s: Standing) {
        match s {
            Standing::OnTime => self.on_time += 1,
            Standing::Late(_) => self.late += 1,
            Standing::Missing(_) => self.missing += 1,
            Standing::NotYetDue => {
                self.not_yet_due += 1;
                return;
            }
        }
        self.due += 1;
    }

    pub fn merge(&mut self, other: &Tally) {
        self.due += other.due;
        self.on_time += other.on_time;
        self.late += other.late;
        self.missing += other.missing;
        self.not_yet_due += other.not_yet_due;
    }

    /// The share published on time, in whole percent; `None` when nothing was due.
    pub fn on_time_percent(&self) -> Option<u32> {
        (self.due > 0).then(|| (self.on_time * 100 + self.due / 2) / self.due)
    }
}

/// An obligation with its standing, as the drill-down lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Judged {
    #[serde(flatten)]
    pub obligation: Obligation,
    pub standing: Standing,
}

/// Whether a judged obligation belongs to a period: those due in it, and those started in
/// it that are not yet due (so that the current month shows what is coming).
pub fn in_period(j: &Judged, period: &Period) -> bool {
    period.contains(j.obligation.due)
        || (j.standing == Standing::NotYetDue && period.contains(j.obligation.started))
}

/// Whose figures an account may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// Every site: system administrators and the province's board.
    Everything,
    /// Its own sites: the administrators and board heads of departments and communes.
    Sites(Vec<SiteId>),
}

impl Reach {
    /// Whether a site's figures are within reach.
    pub fn covers(&self, site: SiteId) -> bool {
        match self {
            Reach::Everything => true,
            Reach::Sites(sites) => sites.contains(&site),
        }
    }
}

/// What `actor` may read of the oversight (portal regulation art. 5: the province's board
/// answers for the whole system; a department for its own site); `None` for nothing.
pub fn reach(actor: &crate::account::Actor, province: Option<SiteId>) -> Option<Reach> {
    use crate::account::Role;
    if actor.system_admin {
        return Some(Reach::Everything);
    }
    let board = |r: Role| matches!(r, Role::BoardHead | Role::SiteAdmin | Role::Editor);
    if actor
        .roles
        .iter()
        .any(|(s, r)| Some(*s) == province && board(*r))
    {
        return Some(Reach::Everything);
    }
    let own: Vec<SiteId> = actor
        .roles
        .iter()
        .filter(|(_, r)| matches!(r, Role::BoardHead | Role::SiteAdmin))
        .map(|(s, _)| *s)
        .collect();
    (!own.is_empty()).then_some(Reach::Sites(own))
}

/// What the oversight of a period reads: the sites, the rules and every obligation judged.
pub struct Reading {
    pub sites: Vec<store::Watched>,
    pub rules: Rules,
    pub judged: Vec<Judged>,
    pub calendar: Calendar,
}

/// Reads and judges, on `today`, every obligation that may fall due in `period` (those that
/// started up to a year before it).
pub fn read(
    conn: &mut crate::db::DbConn,
    today: NaiveDate,
    period: &Period,
) -> Result<Reading, store::TimelinessError> {
    let calendar = crate::calendar::store::in_force(conn)?;
    let rules = store::rules(conn)?;
    let sites = store::watched_sites(conn)?;
    let from = period
        .first
        .checked_sub_months(Months::new(12))
        .unwrap_or(period.first);
    let judged = store::obligations(
        conn,
        &store::Context {
            calendar: &calendar,
            rules: &rules,
            sites: &sites,
            today,
        },
        from,
    )?;
    Ok(Reading {
        sites,
        rules,
        judged,
        calendar,
    })
}

/// The weekly digest's job: composes the week's digests on the day of `now` and queues
/// those not yet sent this week.
pub fn send_digests(
    conn: &mut crate::db::DbConn,
    now: chrono::NaiveDateTime,
) -> Result<usize, store::TimelinessError> {
    let today = crate::clock::today_in_vietnam(now);
    let reading = read(conn, today, &Period::last_six_months(today))?;
    let digests = digest::compose(&reading.judged, &reading.sites, &reading.calendar, today);
    digest::send(conn, &digests, now)
}

/// The oversight's scheduled job: the weekly digest (looked at hourly, sent once a week).
pub fn jobs() -> Vec<crate::jobs::ScheduledJob> {
    vec![crate::jobs::ScheduledJob {
        name: "timeliness-digest",
        every: chrono::Duration::hours(1),
        run: Box::new(|conn, now| {
            let n = send_digests(conn, now.naive_utc()).map_err(|e| e.to_string())?;
            Ok(
                crate::render::note::Note::new("job-report-timeliness-digest")
                    .arg("count", n)
                    .into(),
            )
        }),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_document_issued_the_friday_before_tet_is_due_after_the_holiday() {
        let cal = Calendar::vietnam();
        // Tết 2026: Monday 16 to Friday 20 February are days off; Friday 13 is worked.
        let due = due_day(&cal, d("2026-02-13"), 2).unwrap();
        assert_eq!(due, d("2026-02-24"));
        assert_eq!(
            standing(&cal, due, Some(d("2026-02-24")), d("2026-03-01")).unwrap(),
            Standing::OnTime
        );
        assert_eq!(
            standing(&cal, due, Some(d("2026-02-26")), d("2026-03-01")).unwrap(),
            Standing::Late(2)
        );
        assert_eq!(
            standing(&cal, due, None, d("2026-02-27")).unwrap(),
            Standing::Missing(3)
        );
        assert_eq!(
            standing(&cal, due, None, d("2026-02-20")).unwrap(),
            Standing::NotYetDue
        );
    }

    /// The shipped calendar with one more decision (`days_off`, `working_days` lines).
    fn announced(decision: &str) -> Calendar {
        let toml = format!("format = 1\n[[decision]]\nsource = \"test\"\n{decision}");
        let extra = crate::calendar::announcements::parse_announcements(&toml).unwrap();
        let shipped = crate::calendar::announcements::shipped_announcements().unwrap();
        let mut all = shipped;
        all.extend(extra);
        Calendar::new(all).unwrap()
    }

    #[test]
    fn a_weekend_swapped_for_a_working_saturday_counts_the_saturday() {
        let plain = Calendar::vietnam();
        // Friday 6 November 2026: due two working days later, on Tuesday 10.
        assert_eq!(
            due_day(&plain, d("2026-11-06"), 2).unwrap(),
            d("2026-11-10")
        );
        // Announce Saturday 7 worked, Monday 9 off (a swap).
        let swapped = announced(
            r#"working_days = [{ date = "2026-11-07", name = "Làm bù" }]
days_off = [{ date = "2026-11-09", name = "Nghỉ bù" }]"#,
        );
        assert_eq!(
            due_day(&swapped, d("2026-11-06"), 2).unwrap(),
            d("2026-11-10")
        );
        assert_eq!(
            due_day(&swapped, d("2026-11-06"), 1).unwrap(),
            d("2026-11-07")
        );
        // A document posted on Monday 9 (now a day off) after a Saturday due day is late.
        assert_eq!(
            standing(
                &swapped,
                d("2026-11-07"),
                Some(d("2026-11-09")),
                d("2026-11-20")
            )
            .unwrap(),
            Standing::Late(1)
        );
    }

    #[test]
    fn an_announced_day_off_moves_a_deadline_and_the_standing_with_it() {
        let before = Calendar::vietnam();
        let due = due_day(&before, d("2026-12-08"), 2).unwrap();
        assert_eq!(due, d("2026-12-10"));
        let published = Some(d("2026-12-11"));
        assert_eq!(
            standing(&before, due, published, d("2026-12-20")).unwrap(),
            Standing::Late(1)
        );
        // Thursday 10 December announced off: the deadline moves to Friday 11.
        let after = announced(r#"days_off = [{ date = "2026-12-10", name = "Nghỉ" }]"#);
        let due = due_day(&after, d("2026-12-08"), 2).unwrap();
        assert_eq!(due, d("2026-12-11"));
        assert_eq!(
            standing(&after, due, published, d("2026-12-20")).unwrap(),
            Standing::OnTime
        );
    }

    #[test]
    fn a_corrected_issue_date_recomputes_the_standing() {
        let cal = Calendar::vietnam();
        let published = Some(d("2026-11-19"));
        // Entered as issued on Monday 16: due Wednesday 18, posted Thursday: late.
        let due = due_day(&cal, d("2026-11-16"), 2).unwrap();
        assert_eq!(
            standing(&cal, due, published, d("2026-11-30")).unwrap(),
            Standing::Late(1)
        );
        // Corrected to Tuesday 17: due Thursday 19: on time.
        let due = due_day(&cal, d("2026-11-17"), 2).unwrap();
        assert_eq!(
            standing(&cal, due, published, d("2026-11-30")).unwrap(),
            Standing::OnTime
        );
    }

    #[test]
    fn periods_read_a_month_or_a_run_and_default_to_six_months() {
        let p = Period::parse("2026-11").unwrap();
        assert_eq!((p.first, p.last), (d("2026-11-01"), d("2026-11-30")));
        let p = Period::parse("2026-06..2026-11").unwrap();
        assert_eq!(p.months().len(), 6);
        assert_eq!(p.label(), "2026-06..2026-11");
        assert!(Period::parse("2026-11..2026-06").is_none());
        assert!(Period::parse("2026-13").is_none());
        assert!(Period::parse("26-1").is_none());
        assert!(Period::parse("x").is_none());
        let p = Period::last_six_months(d("2026-12-06"));
        assert_eq!((p.first, p.last), (d("2026-07-01"), d("2026-12-31")));
    }

    #[test]
    fn a_tally_counts_due_items_only() {
        let mut t = Tally::default();
        for s in [
            Standing::OnTime,
            Standing::OnTime,
            Standing::Late(3),
            Standing::Missing(1),
            Standing::NotYetDue,
        ] {
            t.add(s);
        }
        assert_eq!(
            (t.due, t.on_time, t.late, t.missing, t.not_yet_due),
            (4, 2, 1, 1, 1)
        );
        assert_eq!(t.on_time_percent(), Some(50));
        assert_eq!(Tally::default().on_time_percent(), None);
    }
}
