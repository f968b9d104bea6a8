//! What a board or a department does with a question, as one value: each action names the
//! capability it needs, and [`act`] carries it out. The admin interface parses a form into an
//! [`Action`]; nothing else decides what happens.

use chrono::{NaiveDate, NaiveDateTime};

use super::store::{self, AnswerForm, InboxError, ProgressNotice};
use super::{Calendars, QuestionId};
use crate::account::{Actor, Capability};
use crate::db::DbConn;
use crate::field::FieldError;
use crate::review::store::RevisionId;
use crate::site::Site;

crate::text_enum! {
    /// The name of an action, as the admin's addresses say it (`/admin/inbox/{id}/{name}`).
    pub enum ActionName {
        Classify = "classify",
        Forward = "forward",
        Reject = "reject",
        Merge = "merge",
        Pause = "pause",
        Resume = "resume",
        Extend = "extend",
        Answer = "answer",
    }
}

impl ActionName {
    /// Triage is the board's (review); the clock and the answer are the writers'.
    pub fn capability(self) -> Capability {
        match self {
            ActionName::Classify | ActionName::Forward | ActionName::Reject | ActionName::Merge => {
                Capability::Review
            }
            ActionName::Pause | ActionName::Resume | ActionName::Extend | ActionName::Answer => {
                Capability::Write
            }
        }
    }
}

/// An action with what it needs.
#[derive(Debug, Clone)]
pub enum Action {
    /// Sets the field (lĩnh vực).
    Classify { field: String },
    /// Sends it to a department's queue.
    Forward { to: Box<Site> },
    /// Refuses it, telling the citizen why.
    Reject { reason: String },
    /// Marks it a duplicate of the question with this tracking code.
    Merge { into: String },
    /// Stops the clock while waiting for the citizen.
    Pause { reason: String },
    /// Starts the clock again.
    Resume,
    /// A progress notice with a new answer date.
    Extend(ProgressNotice),
    /// Drafts (or corrects) the answer, reviewed like any content.
    Answer(AnswerForm),
}

/// An action's form as sent; each action reads the fields it needs.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct ActionFields {
    pub field: String,
    pub to: String,
    pub reason: String,
    pub into: String,
    pub due: String,
    pub title: String,
    pub question: String,
    pub answer: String,
}

impl Action {
    /// The action a form asks for; `to` is the department a forward names, if it exists.
    pub fn from_form(
        name: ActionName,
        form: ActionFields,
        to: Option<&Site>,
    ) -> Result<Action, InboxError> {
        let invalid =
            |field, message_id| InboxError::Invalid(vec![FieldError::new(field, message_id)]);
        Ok(match name {
            ActionName::Classify => Action::Classify { field: form.field },
            ActionName::Forward => Action::Forward {
                to: Box::new(
                    to.cloned()
                        .ok_or_else(|| invalid("to", "inbox-error-target"))?,
                ),
            },
            ActionName::Reject => Action::Reject {
                reason: form.reason,
            },
            ActionName::Merge => Action::Merge { into: form.into },
            ActionName::Pause => Action::Pause {
                reason: form.reason,
            },
            ActionName::Resume => Action::Resume,
            ActionName::Extend => Action::Extend(ProgressNotice {
                due: NaiveDate::parse_from_str(form.due.trim(), "%Y-%m-%d")
                    .map_err(|_| invalid("due", "inbox-error-new-date"))?,
                reason: form.reason,
            }),
            ActionName::Answer => Action::Answer(AnswerForm {
                title: form.title,
                question: form.question,
                answer: form.answer,
            }),
        })
    }

    pub fn name(&self) -> ActionName {
        match self {
            Action::Classify { .. } => ActionName::Classify,
            Action::Forward { .. } => ActionName::Forward,
            Action::Reject { .. } => ActionName::Reject,
            Action::Merge { .. } => ActionName::Merge,
            Action::Pause { .. } => ActionName::Pause,
            Action::Resume => ActionName::Resume,
            Action::Extend(_) => ActionName::Extend,
            Action::Answer(_) => ActionName::Answer,
        }
    }

    /// What the actor must be allowed on the question's site.
    pub fn capability(&self) -> Capability {
        self.name().capability()
    }
}

/// Carries out an action on a question in `site`'s queue; an answer gives the revision
/// drafted, to be reviewed. The actor's capability is checked here as well as at the door.
pub fn act(
    conn: &mut DbConn,
    id: QuestionId,
    site: &Site,
    action: &Action,
    calendars: &Calendars,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<Option<RevisionId>, InboxError> {
    if !by.can(action.capability(), site.id) {
        return Err(InboxError::Forbidden);
    }
    let s = store::Step {
        question: id,
        site: site.id,
        by,
        now,
    };
    match action {
        Action::Classify { field } => store::classify(conn, s, field)?,
        Action::Forward { to } => store::forward(conn, s, to)?,
        Action::Reject { reason } => store::reject(conn, s, reason)?,
        Action::Merge { into } => store::merge(conn, s, into)?,
        Action::Pause { reason } => store::pause(conn, s, reason)?,
        Action::Resume => store::resume(conn, s, calendars)?,
        Action::Extend(notice) => store::extend(conn, s, notice, calendars)?,
        Action::Answer(form) => {
            let (_, revision) = store::draft_answer(conn, id, site, form, by, now)?;
            return Ok(Some(revision));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triage_needs_review_and_the_clock_and_answer_need_write() {
        for name in ActionName::ALL {
            let expected = match name.as_str() {
                "classify" | "forward" | "reject" | "merge" => Capability::Review,
                _ => Capability::Write,
            };
            assert_eq!(name.capability(), expected, "{name}");
        }
        assert!(
            ActionName::parse("draft").is_none(),
            "no fallthrough action"
        );
    }

    #[test]
    fn a_form_missing_what_its_action_needs_is_refused_field_by_field() {
        let refused = |name, form| match Action::from_form(name, form, None) {
            Err(InboxError::Invalid(errors)) => errors[0].field,
            other => panic!("{other:?}"),
        };
        assert_eq!(refused(ActionName::Forward, ActionFields::default()), "to");
        let bad_day = ActionFields {
            due: "30/12/2026".into(),
            ..ActionFields::default()
        };
        assert_eq!(refused(ActionName::Extend, bad_day), "due");
        let day = ActionFields {
            due: "2026-12-30".into(),
            reason: "Cần xác minh thêm".into(),
            ..ActionFields::default()
        };
        assert!(matches!(
            Action::from_form(ActionName::Extend, day, None),
            Ok(Action::Extend(ProgressNotice { .. }))
        ));
    }
}
