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

/// Signs out: ends this session, or every session of the account (`everywhere`), with a
/// line in the audit log.
pub fn sign_out(
    conn: &mut DbConn,
    token: &str,
    user: UserId,
    by: &super::audit::Entry,
    everywhere: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    use super::audit::{self, AuditAction};
    conn.write(|conn| {
        let action = if everywhere {
            end_all(conn, user)?;
            AuditAction::SessionSignOutEverywhere
        } else {
            end(conn, token)?;
            AuditAction::SessionSignOut
        };
        audit::record(
            conn,
            &by.about("session", user.0 as i64, None, action, ""),
            now,
        )
    })
}

/// Why a password was not accepted; each has a localized message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The name and password do not match (or the account is disabled).
    WrongPassword,
    /// Too many failures for this account in the window.
    AccountLocked,
    /// Too many failures from this address in the window.
    AddressLocked,
}

impl Refusal {
    pub fn message_id(self) -> &'static str {
        match self {
            Refusal::WrongPassword => "login-failed",
            Refusal::AccountLocked => "login-locked-account",
            Refusal::AddressLocked => "login-locked-address",
        }
    }
}

/// A user name as typed, fit for the audit log: trimmed, lower case, no control
/// characters, at most 64 characters (a password typed in the wrong box stays short).
fn tried_name(account: &str) -> String {
    account
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_control())
        .take(64)
        .collect()
}

/// Checks a password against the throttle: the attempt is counted *before* the password
/// is verified, in one serialised step with the count, so parallel attempts cannot get
/// more checks than the limit allows. A success takes its count back. Failures (and the
/// lockout they lead to) go to the audit log, which the limits keep from flooding: at most
/// [`MAX_PER_ACCOUNT`] per account and [`MAX_PER_ADDRESS`] per address in a window.
pub fn check_password(
    conn: &mut DbConn,
    account: &str,
    password: &str,
    client_ip: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<UserId, Refusal>> {
    let name = tried_name(account);
    let since = now - WINDOW;
    let counted = conn.write(|conn| -> QueryResult<Result<(i64, i64, i64), Refusal>> {
        conn.lock(&format!("login:{name}"))?;
        conn.lock(&format!("login-address:{client_ip}"))?;
        let by_account: i64 = login_failures::table
            .filter(login_failures::account.eq(&name))
            .filter(login_failures::at.gt(since))
            .count()
            .get_result(conn)?;
        if by_account >= MAX_PER_ACCOUNT {
            return Ok(Err(Refusal::AccountLocked));
        }
        let by_address: i64 = login_failures::table
            .filter(login_failures::client_ip.eq(client_ip))
            .filter(login_failures::at.gt(since))
            .count()
            .get_result(conn)?;
        if by_address >= MAX_PER_ADDRESS {
            return Ok(Err(Refusal::AddressLocked));
        }
        diesel::insert_into(login_failures::table)
            .values((
                login_failures::account.eq(&name),
                login_failures::client_ip.eq(client_ip),
                login_failures::at.eq(now),
            ))
            .execute(conn)?;
        let id = login_failures::table
            .filter(login_failures::account.eq(&name))
            .filter(login_failures::client_ip.eq(client_ip))
            .select(diesel::dsl::max(login_failures::id))
            .first::<Option<i64>>(conn)?
            .unwrap_or_default();
        Ok(Ok((id, by_account + 1, by_address + 1)))
    })?;
    let (attempt, by_account, by_address) = match counted {
        Ok(c) => c,
        Err(refusal) => return Ok(Err(refusal)),
    };
    // The slow part (argon2), outside any transaction.
    let verified = super::store::authenticate(conn, &name, password)?;
    conn.write(|conn| {
        if let Some(user) = verified {
            diesel::delete(login_failures::table.find(attempt)).execute(conn)?;
            return Ok(Ok(user));
        }
        let who = super::audit::Entry::named(None, &name, super::audit::Via::Web);
        super::audit::record(
            conn,
            &who.about(
                "session",
                0,
                None,
                super::audit::AuditAction::SessionSignInFailed,
                client_ip,
            ),
            now,
        )?;
        if by_account == MAX_PER_ACCOUNT || by_address == MAX_PER_ADDRESS {
            let what = if by_account == MAX_PER_ACCOUNT {
                format!("account locked for {} minutes", WINDOW.num_minutes())
            } else {
                format!(
                    "address {client_ip} locked for {} minutes",
                    WINDOW.num_minutes()
                )
            };
            super::audit::record(
                conn,
                &who.about(
                    "session",
                    0,
                    None,
                    super::audit::AuditAction::SessionLocked,
                    &what,
                ),
                now,
            )?;
        }
        Ok(Err(Refusal::WrongPassword))
    })
}

/// Signs in with a name and password through the throttle: the cookie token and the
/// account, or why not. The sign-in is in the audit log, as are the failures.
pub fn sign_in(
    conn: &mut DbConn,
    account: &str,
    password: &str,
    client_ip: &str,
    now: NaiveDateTime,
) -> QueryResult<Result<(String, UserId), Refusal>> {
    let user = match check_password(conn, account, password, client_ip, now)? {
        Ok(user) => user,
        Err(refusal) => return Ok(Err(refusal)),
    };
    conn.write(|conn| {
        let (token, _) = start(conn, user, now)?;
        super::audit::record(
            conn,
            &super::audit::Entry::named(Some(user.0), &tried_name(account), super::audit::Via::Web)
                .about(
                    "session",
                    user.0 as i64,
                    None,
                    super::audit::AuditAction::SessionSignIn,
                    client_ip,
                ),
            now,
        )?;
        Ok(Ok((token, user)))
    })
}
