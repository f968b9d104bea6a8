//! The weekly digest (bản tin tuần): each site's contact is told what is overdue and what
//! falls due within three working days, and the board gets every site's figures. It goes
//! through the outbox, once per ISO week per recipient (whichever server's job runs first),
//! and not at all to a recipient with nothing to be told.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

use super::store::{TimelinessError, Watched};
use super::{Judged, Standing};
use crate::calendar::Calendar;
use crate::db::schema::timeliness_digests;
use crate::db::DbConn;
use crate::lang::Lang;
use crate::mail::{enqueue, Outgoing};
use crate::site::{SiteId, SiteKind};

/// How many working days ahead "due soon" looks.
pub const DUE_SOON_DAYS: i64 = 3;
/// The most items one digest lists (the page has them all).
const MOST_ITEMS: usize = 50;

/// One line of a digest.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub site: String,
    pub category: &'static str,
    pub title: String,
    pub due: String,
    /// Working days overdue (0 for those due soon).
    pub days: i64,
}

/// One site's figures in the board's digest.
#[derive(Debug, Clone, Serialize)]
pub struct SiteFigures {
    pub site: String,
    pub overdue: usize,
    pub due_soon: usize,
}

/// A digest to send.
#[derive(Debug, Clone, Serialize)]
pub struct Digest {
    /// The site it is about; `SiteId(0)` for the board's.
    #[serde(skip)]
    pub recipient: SiteId,
    #[serde(skip)]
    pub email: String,
    pub name: String,
    pub week: String,
    pub overdue: Vec<Item>,
    pub due_soon: Vec<Item>,
    pub more: usize,
    /// Every site's figures (the board's digest only).
    pub sites: Vec<SiteFigures>,
}

/// The ISO week of a day, `2026-W49`.
pub fn week_of(day: NaiveDate) -> String {
    day.format("%G-W%V").to_string()
}

fn item(j: &Judged, site: &Watched, days: i64) -> Item {
    Item {
        site: site.name_vi.clone(),
        category: j.obligation.category.as_str(),
        title: j.obligation.title.clone(),
        due: j.obligation.due.format("%d/%m/%Y").to_string(),
        days,
    }
}

/// Whether an obligation is overdue (its working days overdue) or due within
/// [`DUE_SOON_DAYS`] (0), as the digest sees it.
fn urgency(j: &Judged, calendar: &Calendar, today: NaiveDate) -> Option<i64> {
    match j.standing {
        Standing::Missing(days) => Some(days),
        Standing::NotYetDue => calendar
            .working_days_between(today, j.obligation.due)
            .ok()
            .filter(|left| *left <= DUE_SOON_DAYS)
            .map(|_| 0),
        _ => None,
    }
}

/// The digests of the week of `today`: one per site with something to say and a contact
/// address, and the board's (to the province portal's address) when any site has.
pub fn compose(
    judged: &[Judged],
    sites: &[Watched],
    calendar: &Calendar,
    today: NaiveDate,
) -> Vec<Digest> {
    let week = week_of(today);
    let mut out = Vec::new();
    let mut figures = Vec::new();
    let mut board_overdue = Vec::new();
    for site in sites {
        let (mut overdue, mut due_soon) = (Vec::new(), Vec::new());
        for j in judged.iter().filter(|j| j.obligation.site == site.id) {
            match urgency(j, calendar, today) {
                Some(0) => due_soon.push(item(j, site, 0)),
                Some(days) => overdue.push(item(j, site, days)),
                None => {}
            }
        }
        if overdue.is_empty() && due_soon.is_empty() {
            continue;
        }
        figures.push(SiteFigures {
            site: site.name_vi.clone(),
            overdue: overdue.len(),
            due_soon: due_soon.len(),
        });
        board_overdue.extend(overdue.iter().cloned());
        if site.kind == SiteKind::Province || site.email.trim().is_empty() {
            // The province's own items are in the board's digest.
            continue;
        }
        let more = (overdue.len() + due_soon.len()).saturating_sub(MOST_ITEMS);
        overdue.truncate(MOST_ITEMS);
        due_soon.truncate(MOST_ITEMS.saturating_sub(overdue.len()));
        out.push(Digest {
            recipient: site.id,
            email: site.email.clone(),
            name: site.name_vi.clone(),
            week: week.clone(),
            overdue,
            due_soon,
            more,
            sites: Vec::new(),
        });
    }
    let board = sites.iter().find(|s| s.kind == SiteKind::Province);
    if let Some(board) = board.filter(|b| !figures.is_empty() && !b.email.trim().is_empty()) {
        board_overdue.sort_by_key(|i| std::cmp::Reverse(i.days));
        let more = board_overdue.len().saturating_sub(MOST_ITEMS);
        board_overdue.truncate(MOST_ITEMS);
        out.push(Digest {
            recipient: SiteId(0),
            email: board.email.clone(),
            name: board.name_vi.clone(),
            week,
            overdue: board_overdue,
            due_soon: Vec::new(),
            more,
            sites: figures,
        });
    }
    out
}

/// Puts the week's digests in the outbox, each unless it went already this week; returns
/// how many were queued.
pub fn send(
    conn: &mut DbConn,
    digests: &[Digest],
    now: NaiveDateTime,
) -> Result<usize, TimelinessError> {
    let mut queued = 0;
    for d in digests {
        let sent = conn.write(|conn| {
            let already = timeliness_digests::table
                .filter(timeliness_digests::site_id.eq(d.recipient.0))
                .filter(timeliness_digests::week.eq(&d.week))
                .count()
                .get_result::<i64>(conn)?;
            if already > 0 {
                return Ok::<_, TimelinessError>(false);
            }
            // Two servers racing: the key refuses the second, whose transaction (and mail)
            // is rolled back.
            diesel::insert_into(timeliness_digests::table)
                .values((
                    timeliness_digests::site_id.eq(d.recipient.0),
                    timeliness_digests::week.eq(&d.week),
                    timeliness_digests::sent_at.eq(now),
                ))
                .execute(conn)?;
            let template = if d.recipient.0 == 0 {
                "timeliness-board"
            } else {
                "timeliness-site"
            };
            let context = serde_json::to_value(d).unwrap_or_default();
            enqueue(
                conn,
                &Outgoing {
                    recipient: d.email.clone(),
                    template,
                    lang: Lang::Vi,
                    context,
                },
                now,
            )?;
            Ok(true)
        });
        match sent {
            Ok(true) => queued += 1,
            Ok(false) => {}
            Err(TimelinessError::Db(crate::db::DbError::Query(
                diesel::result::Error::DatabaseError(
                    diesel::result::DatabaseErrorKind::UniqueViolation,
                    _,
                ),
            ))) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(queued)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeliness::{Category, Obligation, Subject};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn site(id: i32, kind: SiteKind, email: &str) -> Watched {
        Watched {
            id: SiteId(id),
            slug: format!("s{id}"),
            kind,
            name_vi: format!("Site {id}"),
            name_en: format!("Site {id}"),
            email: email.into(),
            since: d("2026-01-01"),
        }
    }

    fn judged(site: i32, due: &str, standing: Standing) -> Judged {
        Judged {
            obligation: Obligation {
                site: SiteId(site),
                category: Category::LegalOwn,
                subject: Subject::Site,
                title: "17/2026/QĐ-UBND".into(),
                started: d(due) - chrono::Duration::days(2),
                due: d(due),
                done: None,
            },
            standing,
        }
    }

    #[test]
    fn only_sites_with_something_to_say_get_a_digest_and_the_board_gets_all() {
        let cal = Calendar::vietnam();
        let today = d("2026-12-07");
        let sites = [
            site(1, SiteKind::Province, "bbt@sonha.gov.vn"),
            site(2, SiteKind::Department, "sxd@sonha.gov.vn"),
            site(3, SiteKind::Commune, "tanphu@sonha.gov.vn"),
        ];
        let all = [
            judged(2, "2026-11-30", Standing::Missing(5)),
            judged(2, "2026-12-09", Standing::NotYetDue),
            // Due in more than three working days: not yet worth a mail.
            judged(3, "2026-12-18", Standing::NotYetDue),
            judged(3, "2026-11-20", Standing::Late(2)),
        ];
        let digests = compose(&all, &sites, &cal, today);
        assert_eq!(digests.len(), 2);
        assert_eq!(digests[0].recipient, SiteId(2));
        assert_eq!(digests[0].overdue.len(), 1);
        assert_eq!(digests[0].due_soon.len(), 1);
        assert_eq!(digests[0].week, "2026-W50");
        assert_eq!(digests[1].recipient, SiteId(0));
        assert_eq!(digests[1].email, "bbt@sonha.gov.vn");
        assert_eq!(digests[1].sites.len(), 1);

        let quiet = [judged(3, "2026-11-20", Standing::OnTime)];
        assert!(compose(&quiet, &sites, &cal, today).is_empty());
    }
}
