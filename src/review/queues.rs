//! What awaits whom on each site (the editors' dashboard): others' submitted revisions for
//! those who review, others' approved revisions for those who publish (nobody reviews or
//! publishes their own: the two-person rule), one's own drafts and returned revisions, what
//! is scheduled, and emergency publications awaiting their review.

use serde::Serialize;

use super::store::{self, QueueEntry, QueueFilter};
use super::RevisionState as S;
use crate::account::{Actor, Capability};
use crate::db::DbConn;
use crate::site::SiteId;

/// The revisions of an account's sites the dashboard sorts, read at once.
pub struct Pending {
    /// Drafts, returned, submitted, approved and scheduled revisions.
    active: Vec<QueueEntry>,
    /// Published in an emergency, not yet reviewed by a second member.
    emergencies: Vec<QueueEntry>,
}

impl Pending {
    /// Reads the pending revisions of these sites (two queries, however many sites).
    pub fn read(conn: &mut DbConn, sites: &[SiteId]) -> diesel::QueryResult<Pending> {
        let active = QueueFilter {
            states: &[
                S::Draft,
                S::Returned,
                S::Submitted,
                S::Approved,
                S::Scheduled,
            ],
            ..Default::default()
        };
        let emergency = QueueFilter {
            states: &[S::Published],
            awaiting_emergency_review: true,
            ..Default::default()
        };
        Ok(Pending {
            active: store::queue(conn, sites, &active)?,
            emergencies: store::queue(conn, sites, &emergency)?,
        })
    }

    /// The queues of one site as `actor` sees them.
    pub fn of_site(&self, site: SiteId, actor: &Actor) -> Queues {
        let may = |cap| actor.can(cap, site);
        let mine = |e: &QueueEntry| e.created_by == Some(actor.id.0);
        let pick = |entries: &[QueueEntry], keep: &dyn Fn(&QueueEntry) -> bool| {
            entries
                .iter()
                .filter(|e| e.site_id == site && keep(e))
                .cloned()
                .collect()
        };
        Queues {
            review: pick(&self.active, &|e| {
                may(Capability::Review) && !mine(e) && e.state == S::Submitted
            }),
            publish: pick(&self.active, &|e| {
                may(Capability::Publish) && !mine(e) && e.state == S::Approved
            }),
            drafts: pick(&self.active, &|e| {
                mine(e) && matches!(e.state, S::Draft | S::Returned)
            }),
            scheduled: pick(&self.active, &|e| e.state == S::Scheduled),
            emergencies: pick(&self.emergencies, &|_| may(Capability::Review)),
        }
    }
}

/// One site's queues for one account.
#[derive(Debug, Clone, Serialize)]
pub struct Queues {
    /// Others' submitted revisions, for a member who reviews.
    pub review: Vec<QueueEntry>,
    /// Others' approved revisions, for a member who publishes.
    pub publish: Vec<QueueEntry>,
    /// The account's own drafts and returned revisions.
    pub drafts: Vec<QueueEntry>,
    pub scheduled: Vec<QueueEntry>,
    /// Emergency publications awaiting their review, for a member who reviews.
    pub emergencies: Vec<QueueEntry>,
}
