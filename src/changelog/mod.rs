//! The change log (outbox): one row per change to published data, written in the same
//! transaction as the change. Every app server follows it to invalidate its caches and
//! (later) update its search index; global consumers keep a shared cursor.

pub mod follower;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{change_log, change_log_cursors};
use crate::db::DbConn;
use crate::site::SiteId;

crate::text_enum! {
    /// What kind of record changed.
    pub enum Entity {
        Site = "site",
        Content = "content",
    }
}

/// One change, as followers read it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = change_log)]
pub struct Change {
    pub id: i64,
    pub entity: String,
    pub entity_id: i64,
    pub site_id: Option<i32>,
    pub action: String,
    pub created_at: NaiveDateTime,
}

impl Change {
    pub fn is(&self, entity: Entity) -> bool {
        self.entity == entity.as_str()
    }

    pub fn site(&self) -> Option<SiteId> {
        self.site_id.map(SiteId)
    }
}

#[derive(Insertable)]
#[diesel(table_name = change_log)]
struct NewChange<'a> {
    entity: &'a str,
    entity_id: i64,
    site_id: Option<i32>,
    action: &'a str,
    created_at: NaiveDateTime,
}

/// Records a change; call inside the transaction that makes it.
pub fn record(
    conn: &mut DbConn,
    entity: Entity,
    entity_id: i64,
    site: Option<SiteId>,
    action: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(change_log::table)
        .values(NewChange {
            entity: entity.as_str(),
            entity_id,
            site_id: site.map(|s| s.0),
            action,
            created_at: at,
        })
        .execute(conn)
        .map(|_| ())
}

/// Changes after `id`, oldest first.
pub fn after(conn: &mut DbConn, id: i64, limit: i64) -> QueryResult<Vec<Change>> {
    change_log::table
        .filter(change_log::id.gt(id))
        .order(change_log::id.asc())
        .limit(limit)
        .select(Change::as_select())
        .load(conn)
}

/// The newest change's id (0 when the log is empty).
pub fn latest_id(conn: &mut DbConn) -> QueryResult<i64> {
    change_log::table
        .select(diesel::dsl::max(change_log::id))
        .first::<Option<i64>>(conn)
        .map(|m| m.unwrap_or(0))
}

/// Where a global consumer (one that acts once for all servers, e.g. mail) has got to.
pub fn cursor(conn: &mut DbConn, consumer: &str) -> QueryResult<i64> {
    change_log_cursors::table
        .find(consumer)
        .select(change_log_cursors::last_change_id)
        .first(conn)
        .optional()
        .map(|c| c.unwrap_or(0))
}

/// Moves a global consumer's cursor forward.
pub fn advance_cursor(
    conn: &mut DbConn,
    consumer: &str,
    to: i64,
    at: NaiveDateTime,
) -> QueryResult<()> {
    let updated = diesel::update(change_log_cursors::table.find(consumer))
        .set((
            change_log_cursors::last_change_id.eq(to),
            change_log_cursors::updated_at.eq(at),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(change_log_cursors::table)
            .values((
                change_log_cursors::consumer.eq(consumer),
                change_log_cursors::last_change_id.eq(to),
                change_log_cursors::updated_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Deletes changes older than `before` that every global consumer has passed.
pub fn prune(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    let slowest: Option<i64> = change_log_cursors::table
        .select(diesel::dsl::min(change_log_cursors::last_change_id))
        .first(conn)?;
    let mut query = diesel::delete(change_log::table)
        .filter(change_log::created_at.lt(before))
        .into_boxed();
    if let Some(slowest) = slowest {
        query = query.filter(change_log::id.le(slowest));
    }
    query.execute(conn)
}
