//! The editorial workflow (quy trình biên tập): nothing reaches the public without the
//! board's approval, and nobody approves or publishes their own work. The rules here are
//! pure; `store` applies them to revisions in the database.

pub mod diff;
pub mod preview;
pub mod queues;
pub mod records;
pub mod store;

use crate::account::{Actor, Capability, UserId};
use crate::site::SiteId;

crate::text_enum! {
    /// Where a revision stands.
    pub enum RevisionState {
        /// Being written; editable by its author and the site's editors.
        Draft = "draft",
        /// Sent to the board for review; fixed until reviewed.
        Submitted = "submitted",
        /// Sent back with comments; editable again.
        Returned = "returned",
        /// Approved by an editor; waits for a board head to publish or schedule it.
        Approved = "approved",
        /// Approved and due to be published at a set time.
        Scheduled = "scheduled",
        /// The revision the public sees.
        Published = "published",
        /// Was published; replaced by a later revision (kept: the archive law).
        Superseded = "superseded",
    }
}

impl RevisionState {
    /// Whether the text may still change in place.
    pub fn is_editable(self) -> bool {
        matches!(self, RevisionState::Draft | RevisionState::Returned)
    }
}

crate::text_enum! {
    /// Something someone wants to do with a revision.
    pub enum Transition {
        Edit = "edit",
        Submit = "submit",
        Return = "return",
        Approve = "approve",
        Publish = "publish",
        Schedule = "schedule",
        /// A board head publishes at once without a second pair of eyes, with a written reason;
        /// the revision stays flagged until another member reviews it.
        EmergencyPublish = "emergency_publish",
        /// Another member reviews an emergency publication afterwards.
        ConfirmEmergency = "confirm_emergency",
    }
}

/// The facts about a revision the rules look at.
#[derive(Debug, Clone, Copy)]
pub struct RevisionFacts {
    pub site: SiteId,
    pub state: RevisionState,
    pub created_by: Option<UserId>,
    pub submitted_by: Option<UserId>,
    /// Who last changed the text in place, if not its creator.
    pub edited_by: Option<UserId>,
    pub published_by: Option<UserId>,
    /// Published in an emergency and not yet reviewed by a second member.
    pub awaiting_emergency_review: bool,
}

/// Why a transition is refused; each has a localized message (`review-refused-*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("your role on this site does not allow it")]
    NotPermitted,
    #[error("nobody approves or publishes their own work")]
    OwnWork,
    #[error("not possible from the revision's current state")]
    WrongState,
}

impl Refusal {
    /// The Fluent message id that explains the refusal.
    pub fn message_id(self) -> &'static str {
        match self {
            Refusal::NotPermitted => "review-refused-role",
            Refusal::OwnWork => "review-refused-own-work",
            Refusal::WrongState => "review-refused-state",
        }
    }
}

/// The state a transition leads to, or why it may not happen. The two-person rule: the
/// person who wrote, last changed or submitted a revision cannot approve or publish it.
pub fn check(t: Transition, r: &RevisionFacts, actor: &Actor) -> Result<RevisionState, Refusal> {
    use RevisionState as S;
    let may = |c: Capability| actor.can(c, r.site);
    let own = [r.created_by, r.edited_by, r.submitted_by].contains(&Some(actor.id));
    let need = |ok: bool, refusal: Refusal| if ok { Ok(()) } else { Err(refusal) };
    match t {
        Transition::Edit => {
            need(r.state.is_editable(), Refusal::WrongState)?;
            // Authors edit their own drafts; editors may edit anyone's.
            need(
                (may(Capability::Write) && r.created_by == Some(actor.id))
                    || may(Capability::Review),
                Refusal::NotPermitted,
            )?;
            Ok(r.state)
        }
        Transition::Submit => {
            need(r.state.is_editable(), Refusal::WrongState)?;
            need(may(Capability::Write), Refusal::NotPermitted)?;
            Ok(S::Submitted)
        }
        Transition::Return => {
            need(
                matches!(r.state, S::Submitted | S::Approved | S::Scheduled),
                Refusal::WrongState,
            )?;
            need(may(Capability::Review), Refusal::NotPermitted)?;
            Ok(S::Returned)
        }
        Transition::Approve => {
            need(r.state == S::Submitted, Refusal::WrongState)?;
            need(may(Capability::Review), Refusal::NotPermitted)?;
            need(!own, Refusal::OwnWork)?;
            Ok(S::Approved)
        }
        Transition::Publish | Transition::Schedule => {
            need(r.state == S::Approved, Refusal::WrongState)?;
            need(may(Capability::Publish), Refusal::NotPermitted)?;
            need(!own, Refusal::OwnWork)?;
            Ok(if t == Transition::Publish {
                S::Published
            } else {
                S::Scheduled
            })
        }
        Transition::EmergencyPublish => {
            need(
                matches!(r.state, S::Draft | S::Returned | S::Submitted | S::Approved),
                Refusal::WrongState,
            )?;
            need(may(Capability::Publish), Refusal::NotPermitted)?;
            Ok(S::Published)
        }
        Transition::ConfirmEmergency => {
            need(
                r.state == S::Published && r.awaiting_emergency_review,
                Refusal::WrongState,
            )?;
            need(may(Capability::Review), Refusal::NotPermitted)?;
            need(r.published_by != Some(actor.id) && !own, Refusal::OwnWork)?;
            Ok(S::Published)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::Role;

    const SITE: SiteId = SiteId(1);

    fn person(id: i32, role: Option<Role>) -> Actor {
        Actor {
            id: UserId(id),
            username: format!("u{id}"),
            display_name: format!("U{id}"),
            system_admin: false,
            roles: role.map(|r| vec![(SITE, r)]).unwrap_or_default(),
        }
    }

    fn revision(state: RevisionState, author: i32) -> RevisionFacts {
        RevisionFacts {
            site: SITE,
            state,
            created_by: Some(UserId(author)),
            submitted_by: (state != RevisionState::Draft).then_some(UserId(author)),
            edited_by: None,
            published_by: None,
            awaiting_emergency_review: false,
        }
    }

    #[test]
    fn the_happy_path_needs_two_people() {
        let author = person(1, Some(Role::Contributor));
        let editor = person(2, Some(Role::Editor));
        let head = person(3, Some(Role::BoardHead));
        use RevisionState as S;
        assert_eq!(
            check(Transition::Submit, &revision(S::Draft, 1), &author),
            Ok(S::Submitted)
        );
        assert_eq!(
            check(Transition::Approve, &revision(S::Submitted, 1), &editor),
            Ok(S::Approved)
        );
        assert_eq!(
            check(Transition::Publish, &revision(S::Approved, 1), &head),
            Ok(S::Published)
        );
        assert_eq!(
            check(Transition::Schedule, &revision(S::Approved, 1), &head),
            Ok(S::Scheduled)
        );
    }

    #[test]
    fn self_approval_and_self_publication_are_refused() {
        let head = person(3, Some(Role::BoardHead));
        use RevisionState as S;
        assert_eq!(
            check(Transition::Approve, &revision(S::Submitted, 3), &head),
            Err(Refusal::OwnWork)
        );
        assert_eq!(
            check(Transition::Publish, &revision(S::Approved, 3), &head),
            Err(Refusal::OwnWork)
        );
        let mut admin = person(9, None);
        admin.system_admin = true;
        assert_eq!(
            check(Transition::Approve, &revision(S::Submitted, 9), &admin),
            Err(Refusal::OwnWork)
        );
    }

    #[test]
    fn contributors_cannot_review_and_editors_cannot_publish() {
        use RevisionState as S;
        let other_contributor = person(4, Some(Role::Contributor));
        assert_eq!(
            check(
                Transition::Approve,
                &revision(S::Submitted, 1),
                &other_contributor
            ),
            Err(Refusal::NotPermitted)
        );
        let editor = person(2, Some(Role::Editor));
        assert_eq!(
            check(Transition::Publish, &revision(S::Approved, 1), &editor),
            Err(Refusal::NotPermitted)
        );
        let site_admin = person(5, Some(Role::SiteAdmin));
        assert_eq!(
            check(Transition::Submit, &revision(S::Draft, 5), &site_admin),
            Err(Refusal::NotPermitted)
        );
    }

    #[test]
    fn a_returned_item_cannot_be_published_and_published_text_is_never_edited_in_place() {
        use RevisionState as S;
        let head = person(3, Some(Role::BoardHead));
        assert_eq!(
            check(Transition::Publish, &revision(S::Returned, 1), &head),
            Err(Refusal::WrongState)
        );
        assert_eq!(
            check(Transition::Edit, &revision(S::Published, 1), &head),
            Err(Refusal::WrongState)
        );
        assert_eq!(
            check(
                Transition::Edit,
                &revision(S::Submitted, 1),
                &person(1, Some(Role::Contributor))
            ),
            Err(Refusal::WrongState)
        );
    }

    #[test]
    fn people_without_a_role_on_the_site_can_do_nothing() {
        let stranger = Actor {
            roles: vec![(SiteId(2), Role::BoardHead)],
            ..person(7, None)
        };
        for t in Transition::ALL {
            for s in RevisionState::ALL {
                let r = check(t, &revision(s, 1), &stranger);
                assert!(r.is_err(), "{t:?} from {s:?}");
            }
        }
    }

    #[test]
    fn an_emergency_publication_waits_for_a_second_member() {
        use RevisionState as S;
        let head = person(3, Some(Role::BoardHead));
        assert_eq!(
            check(Transition::EmergencyPublish, &revision(S::Draft, 3), &head),
            Ok(S::Published)
        );
        let mut published = revision(S::Published, 3);
        published.published_by = Some(UserId(3));
        published.awaiting_emergency_review = true;
        assert_eq!(
            check(Transition::ConfirmEmergency, &published, &head),
            Err(Refusal::OwnWork)
        );
        assert_eq!(
            check(
                Transition::ConfirmEmergency,
                &published,
                &person(2, Some(Role::Editor))
            ),
            Ok(S::Published)
        );
        assert_eq!(
            check(
                Transition::EmergencyPublish,
                &revision(S::Draft, 1),
                &person(2, Some(Role::Editor))
            ),
            Err(Refusal::NotPermitted)
        );
    }

    #[test]
    fn whoever_rewrote_a_draft_cannot_approve_or_publish_it() {
        let head = person(3, Some(Role::BoardHead));
        let mut rewritten = revision(RevisionState::Submitted, 1);
        rewritten.edited_by = Some(UserId(3));
        assert_eq!(
            check(Transition::Approve, &rewritten, &head),
            Err(Refusal::OwnWork)
        );
        rewritten.state = RevisionState::Approved;
        assert_eq!(
            check(Transition::Publish, &rewritten, &head),
            Err(Refusal::OwnWork)
        );
    }
}
