//! Reminders of questions due soon and overdue.

use super::*;

/// What the reminder job did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Reminders {
    pub due_soon: usize,
    pub overdue: usize,
    pub board: usize,
}

/// Reminds departments of questions due soon and overdue, and the province board of those
/// overdue by more than `board_overdue_days` working days; each reminder once.
pub fn send_reminders(
    conn: &mut DbConn,
    sites: &crate::site::hosts::Directory,
    calendars: &Calendars,
    settings: &Settings,
    now: NaiveDateTime,
) -> Result<Reminders, InboxError> {
    let mut done = Reminders::default();
    let open: Vec<Question> = questions::table
        .filter(questions::status.eq_any([Status::Received.as_str(), Status::Forwarded.as_str()]))
        .filter(questions::paused_at.is_null())
        .select(Question::as_select())
        .load(conn)?;
    let province = sites.province();
    for q in open {
        let standing = q.standing(now, calendars, settings);
        let Some(site) = sites.get(q.site()) else {
            continue;
        };
        let context = serde_json::json!({
            "code": q.code,
            "title": q.title,
            "site": site.name(Lang::Vi),
            "due": day_text(q.due_at, Lang::Vi),
        });
        let remind = |conn: &mut DbConn,
                      to: &str,
                      template: &'static str,
                      event: QuestionEvent|
         -> Result<(), InboxError> {
            conn.write(|conn| {
                if !to.is_empty() {
                    mail::enqueue(
                        conn,
                        &Outgoing {
                            recipient: to.to_string(),
                            template,
                            lang: Lang::Vi,
                            context: context.clone(),
                        },
                        now,
                    )?;
                }
                let row = questions::table.find(q.id);
                match event {
                    QuestionEvent::ReminderDueSoon => diesel::update(row)
                        .set(questions::reminded_due_soon.eq(true))
                        .execute(conn)?,
                    QuestionEvent::ReminderOverdue => diesel::update(row)
                        .set(questions::reminded_overdue.eq(true))
                        .execute(conn)?,
                    _ => diesel::update(row)
                        .set(questions::reminded_board.eq(true))
                        .execute(conn)?,
                };
                record_event(conn, q.id, event, "", to, now)?;
                Ok(())
            })
        };
        match standing {
            Standing::DueSoon if !q.reminded_due_soon => {
                remind(
                    conn,
                    &site.email,
                    "reminder-due-soon",
                    QuestionEvent::ReminderDueSoon,
                )?;
                done.due_soon += 1;
            }
            Standing::Overdue => {
                if !q.reminded_overdue {
                    remind(
                        conn,
                        &site.email,
                        "reminder-overdue",
                        QuestionEvent::ReminderOverdue,
                    )?;
                    done.overdue += 1;
                }
                let late_days = q
                    .calendar(calendars)
                    .working_days_between(
                        super::super::local_date(q.due_at),
                        super::super::local_date(now),
                    )
                    .unwrap_or(0);
                if !q.reminded_board && late_days > i64::from(settings.board_overdue_days) {
                    let to = province.map(|p| p.email.clone()).unwrap_or_default();
                    remind(conn, &to, "reminder-board", QuestionEvent::ReminderBoard)?;
                    done.board += 1;
                }
            }
            _ => {}
        }
    }
    Ok(done)
}
