//! The retention of citizens' personal data.

use super::*;

/// Anonymises the personal data of questions closed more than `retention_days` ago, and
/// deletes their attachments (the file too, unless the same bytes serve another
/// attachment or the media library); returns how many. Each question's history records it.
pub fn anonymise_expired(
    conn: &mut DbConn,
    files: &dyn crate::media::files::FileStore,
    settings: &Settings,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    // Client addresses of uploads are needed for an hour's limit, and kept a day at most.
    diesel::delete(
        upload_usage::table.filter(upload_usage::at.lt(now - chrono::Duration::days(1))),
    )
    .execute(conn)?;
    let before = now - chrono::Duration::days(i64::from(settings.retention_days));
    let expired: Vec<QuestionId> = questions::table
        .filter(questions::anonymised_at.is_null())
        .filter(questions::closed_at.lt(before))
        .select(questions::id)
        .load(conn)?;
    for id in &expired {
        conn.write(|conn| {
            diesel::update(questions::table.find(*id))
                .set((
                    questions::asker_name.eq(""),
                    questions::asker_email.eq(""),
                    questions::asker_phone.eq(""),
                    questions::client_addr.eq(""),
                    questions::client_network.eq(""),
                    questions::anonymised_at.eq(Some(now)),
                ))
                .execute(conn)?;
            if let Some(a) = attachment(conn, *id)? {
                diesel::delete(question_attachments::table.find(*id)).execute(conn)?;
                release_file(conn, files, &a.sha256)?;
            }
            record_event(conn, *id, QuestionEvent::Anonymised, "", "", now)
        })?;
    }
    Ok(expired.len())
}
