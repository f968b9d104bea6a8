//! Sessions (a random token in an HttpOnly cookie, stored only as its hash) and login
//! throttling per account and per client address.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::UserId;
use crate::db::schema::{login_failures, sessions};
use crate::db::DbConn;

/// How long a session lasts from sign-in.
pub const LIFETIME: Duration = Duration::hours(12);
/// Idle time after which a session ends.
pub const IDLE: Duration = Duration::hours(2);
/// Failures within this window count towards a lockout.
pub const WINDOW: Duration = Duration::minutes(15);
/// Failed logins of one account within the window before it is locked for the window.
pub const MAX_PER_ACCOUNT: i64 = 5;
/// Failed logins from one address within the window (generous: many citizens and
/// officials may share one office address).
pub const MAX_PER_ADDRESS: i64 = 30;

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A live session.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: UserId,
    pub csrf_token: String,
}

/// Starts a session; returns the cookie token (never stored) and the session.
pub fn start(
    conn: &mut DbConn,
    user: UserId,
    now: NaiveDateTime,
) -> QueryResult<(String, Session)> {
    let token = hex::encode(rand::random::<[u8; 32]>());
    let csrf = hex::encode(rand::random::<[u8; 32]>());
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash(&token)),
            sessions::user_id.eq(user.0),
            sessions::csrf_token.eq(&csrf),
            sessions::created_at.eq(now),
            sessions::last_seen_at.eq(now),
            sessions::expires_at.eq(now + LIFETIME),
        ))
        .execute(conn)?;
    Ok((
        token,
        Session {
            user,
            csrf_token: csrf,
        },
    ))
}

/// The live session of a cookie token, touched; `None` when unknown, expired or idle.
pub fn find(conn: &mut DbConn, token: &str, now: NaiveDateTime) -> QueryResult<Option<Session>> {
    let hash = token_hash(token);
    let row: Option<(i32, String, NaiveDateTime, NaiveDateTime)> = sessions::table
        .find(&hash)
        .select((
            sessions::user_id,
            sessions::csrf_token,
            sessions::last_seen_at,
            sessions::expires_at,
        ))
        .first(conn)
        .optional()?;
    let Some((user, csrf, seen, expires)) = row else {
        return Ok(None);
    };
    if now >= expires || now - seen > IDLE {
        diesel::delete(sessions::table.find(&hash)).execute(conn)?;
        return Ok(None);
    }
    if now - seen > Duration::minutes(1) {
        diesel::update(sessions::table.find(&hash))
            .set(sessions::last_seen_at.eq(now))
            .execute(conn)?;
    }
    Ok(Some(Session {
        user: UserId(user),
        csrf_token: csrf,
    }))
}

/// Ends one session (sign out).
pub fn end(conn: &mut DbConn, token: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.find(token_hash(token)))
        .execute(conn)
        .map(|_| ())
}

/// Ends every session of an account (sign out everywhere; disabling; password change).
pub fn end_all(conn: &mut DbConn, user: UserId) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user.0))).execute(conn)
}

/// Whether sign-in is refused for now, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lockout {
    Open,
    AccountLocked,
    AddressLocked,
}

/// Checks the throttle for an account name and a client address.
pub fn lockout(
    conn: &mut DbConn,
    account: &str,
    client_ip: &str,
    now: NaiveDateTime,
) -> QueryResult<Lockout> {
    let since = now - WINDOW;
    let by_account: i64 = login_failures::table
        .filter(login_failures::account.eq(account.trim().to_ascii_lowercase()))
        .filter(login_failures::at.gt(since))
        .count()
        .get_result(conn)?;
    if by_account >= MAX_PER_ACCOUNT {
        return Ok(Lockout::AccountLocked);
    }
    let by_address: i64 = login_failures::table
        .filter(login_failures::client_ip.eq(client_ip))
        .filter(login_failures::at.gt(since))
        .count()
        .get_result(conn)?;
    Ok(if by_address >= MAX_PER_ADDRESS {
        Lockout::AddressLocked
    } else {
        Lockout::Open
    })
}

/// Records a failed sign-in.
pub fn record_failure(
    conn: &mut DbConn,
    account: &str,
    client_ip: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::account.eq(account.trim().to_ascii_lowercase()),
            login_failures::client_ip.eq(client_ip),
            login_failures::at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}
