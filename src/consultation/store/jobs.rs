//! The scheduled work on consultations: noting those whose period closed, and the
//! retention of commenters' e-mail addresses.

use super::*;

/// The closing job: notes each consultation whose closing moment passed (its pages, which
/// check the clock on every request, are dropped from the caches through the change log).
/// Returns how many closed.
pub fn note_closed(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let due: Vec<(i32, i32)> = consultations::table
        .filter(consultations::closed_noted_at.is_null())
        .filter(consultations::closes_at.le(now))
        .select((consultations::content_id, consultations::site_id))
        .load(conn)?;
    for (id, site) in &due {
        conn.write(|conn| {
            diesel::update(consultations::table.find(*id))
                .set(consultations::closed_noted_at.eq(Some(now)))
                .execute(conn)?;
            crate::content::store::note_change(conn, ContentId(*id), SiteId(*site), "updated", now)
        })?;
    }
    Ok(due.len())
}

/// Anonymises the commenters' e-mail addresses (and client addresses) of consultations
/// closed more than `retention_days` ago; returns how many comments.
pub fn anonymise_expired(
    conn: &mut DbConn,
    settings: &Settings,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let before = now - chrono::Duration::days(i64::from(settings.retention_days));
    let closed: Vec<i32> = consultations::table
        .filter(consultations::closes_at.lt(before))
        .select(consultations::content_id)
        .load(conn)?;
    if closed.is_empty() {
        return Ok(0);
    }
    conn.write(|conn| {
        diesel::update(
            consultation_comments::table
                .filter(consultation_comments::consultation_id.eq_any(&closed))
                .filter(consultation_comments::anonymised_at.is_null()),
        )
        .set((
            consultation_comments::email.eq(""),
            consultation_comments::client_addr.eq(""),
            consultation_comments::client_network.eq(""),
            consultation_comments::anonymised_at.eq(Some(now)),
        ))
        .execute(conn)
    })
}
