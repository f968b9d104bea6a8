//! Each app server follows the change log from where it started, so that a change made on
//! any server reaches every server's caches within a poll interval (immediately on the
//! server that made it, which pokes its own follower).

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use super::Change;
use crate::db::{Db, DbConn, DbError};

/// Something a server keeps in step with the log (page cache, site directory, search index).
pub trait ChangeListener: Send + Sync {
    /// Called with each batch of new changes, in order, on a blocking thread.
    fn on_changes(&self, conn: &mut DbConn, changes: &[Change]);
}

/// Wakes the follower at once after a local write.
#[derive(Default)]
pub struct ChangeSignal(Notify);

impl ChangeSignal {
    pub fn poke(&self) {
        self.0.notify_one();
    }
}

/// How often the log is read when nothing pokes the follower (other servers' changes).
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// Follows the log from `start` until `stop` fires.
pub async fn follow(
    db: Db,
    start: i64,
    listeners: Vec<Arc<dyn ChangeListener>>,
    signal: Arc<ChangeSignal>,
    stop: Arc<Notify>,
) {
    let listeners = Arc::new(listeners);
    let mut cursor = start;
    loop {
        tokio::select! {
            _ = stop.notified() => return,
            _ = signal.0.notified() => {},
            _ = tokio::time::sleep(POLL_INTERVAL) => {},
        }
        let ls = listeners.clone();
        let from = cursor;
        let result = db
            .run(move |conn| -> Result<i64, DbError> { apply_pending(conn, from, &ls) })
            .await;
        match result {
            Ok(to) => cursor = to,
            // A database that is down delays invalidation; the next poll retries.
            Err(e) => tracing::warn!(error = %e, "change log follower could not read the log"),
        }
    }
}

/// Hands every change after `from` to the listeners; returns the new cursor.
pub fn apply_pending(
    conn: &mut DbConn,
    from: i64,
    listeners: &[Arc<dyn ChangeListener>],
) -> Result<i64, DbError> {
    let mut cursor = from;
    loop {
        let batch = super::after(conn, cursor, 500)?;
        let Some(last) = batch.last() else {
            return Ok(cursor);
        };
        cursor = last.id;
        for l in listeners {
            l.on_changes(conn, &batch);
        }
    }
}
