//! Accounts and roles in the database. Every change is written to the audit log in the
//! same transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use super::audit::{self, Entry};
use super::password::{self, PasswordError};
use super::{Actor, Role, UserId};
use crate::db::schema::{site_roles, users};
use crate::db::{DbConn, DbError};
use crate::site::SiteId;
use crate::text::nfc;

/// An account as administrators see it.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = users)]
pub struct User {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub is_system_admin: bool,
    pub disabled_at: Option<NaiveDateTime>,
}

/// Why an account change was refused.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("user names are 3–40 lower-case ASCII letters, digits, dots, hyphens or underscores")]
    BadUsername,
    #[error("the display name must not be empty")]
    BadDisplayName,
    #[error("the user name {0:?} is taken")]
    UsernameTaken(String),
    #[error("no user {0:?}")]
    NoSuchUser(String),
    /// Nobody grants themselves a role (the two-person rule): another administrator must.
    #[error("an account cannot grant itself a role")]
    OwnRole,
    #[error(transparent)]
    Password(#[from] PasswordError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for AccountError {
    fn from(e: diesel::result::Error) -> Self {
        AccountError::Db(DbError::Query(e))
    }
}

fn valid_username(name: &str) -> bool {
    (3..=40).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

/// What creating an account needs.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub email: &'a str,
    pub password: &'a str,
    pub system_admin: bool,
}

/// Creates an account; `by` is who does it (for the audit log).
pub fn create(
    conn: &mut DbConn,
    new: &NewUser,
    by: &Entry,
    now: NaiveDateTime,
) -> Result<UserId, AccountError> {
    let username = new.username.trim().to_ascii_lowercase();
    if !valid_username(&username) {
        return Err(AccountError::BadUsername);
    }
    let display_name = nfc(new.display_name.trim());
    if display_name.is_empty() {
        return Err(AccountError::BadDisplayName);
    }
    let hash = password::hash(new.password)?;
    conn.write(|conn| {
        if find_id(conn, &username)?.is_some() {
            return Err(AccountError::UsernameTaken(username.clone()));
        }
        diesel::insert_into(users::table)
            .values((
                users::username.eq(&username),
                users::display_name.eq(&display_name),
                users::email.eq(new.email.trim()),
                users::password_hash.eq(&hash),
                users::is_system_admin.eq(new.system_admin),
                users::created_at.eq(now),
                users::updated_at.eq(now),
            ))
            .execute(conn)?;
        let id =
            find_id(conn, &username)?.ok_or_else(|| AccountError::NoSuchUser(username.clone()))?;
        log_user(
            conn,
            by,
            id,
            None,
            crate::account::audit::AuditAction::UserCreate,
            &crate::render::note::Note::new("audit-note-user-created")
                .arg("user", username.clone())
                .arg("system_admin", if new.system_admin { "yes" } else { "no" })
                .encode(),
            now,
        )?;
        Ok(id)
    })
}

/// The id of an account by user name.
pub fn find_id(conn: &mut DbConn, username: &str) -> QueryResult<Option<UserId>> {
    users::table
        .filter(users::username.eq(username.trim().to_ascii_lowercase()))
        .select(users::id)
        .first(conn)
        .optional()
        .map(|r| r.map(UserId))
}

fn require(conn: &mut DbConn, username: &str) -> Result<UserId, AccountError> {
    find_id(conn, username)?.ok_or_else(|| AccountError::NoSuchUser(username.to_string()))
}

/// The roles of one account, by site.
pub type Grants = Vec<(SiteId, Role)>;

/// Every account, by user name.
pub fn list(conn: &mut DbConn) -> QueryResult<Vec<(User, Grants)>> {
    let all: Vec<User> = users::table
        .order(users::username)
        .select(User::as_select())
        .load(conn)?;
    let mut out = Vec::with_capacity(all.len());
    for u in all {
        let roles = roles_of(conn, UserId(u.id))?;
        out.push((u, roles));
    }
    Ok(out)
}

fn roles_of(conn: &mut DbConn, user: UserId) -> QueryResult<Grants> {
    Ok(site_roles::table
        .filter(site_roles::user_id.eq(user.0))
        .select((site_roles::site_id, site_roles::role))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .filter_map(|(s, r)| Role::parse(&r).map(|r| (SiteId(s), r)))
        .collect())
}

/// Gives `username` a role on a site (replacing the role it had there). Nobody grants a
/// role to themselves: that takes another administrator (or the command line).
pub fn grant(
    conn: &mut DbConn,
    username: &str,
    site: SiteId,
    role: Role,
    by: &Entry,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    conn.write(|conn| {
        let user = require(conn, username)?;
        // A site administrator who made themselves board head would publish alone.
        if by.actor_id == Some(user.0) {
            return Err(AccountError::OwnRole);
        }
        diesel::delete(site_roles::table.find((user.0, site.0))).execute(conn)?;
        diesel::insert_into(site_roles::table)
            .values((
                site_roles::user_id.eq(user.0),
                site_roles::site_id.eq(site.0),
                site_roles::role.eq(role.as_str()),
                site_roles::granted_at.eq(now),
            ))
            .execute(conn)?;
        log_user(
            conn,
            by,
            user,
            Some(site),
            crate::account::audit::AuditAction::RoleGrant,
            &crate::render::note::Note::new("audit-note-role")
                .arg("user", username)
                .arg("role", role.as_str())
                .encode(),
            now,
        )?;
        Ok(())
    })
}

/// Takes away `username`'s role on a site.
pub fn revoke(
    conn: &mut DbConn,
    username: &str,
    site: SiteId,
    by: &Entry,
    now: NaiveDateTime,
) -> Result<bool, AccountError> {
    conn.write(|conn| {
        let user = require(conn, username)?;
        let n = diesel::delete(site_roles::table.find((user.0, site.0))).execute(conn)?;
        if n > 0 {
            log_user(
                conn,
                by,
                user,
                Some(site),
                crate::account::audit::AuditAction::RoleRevoke,
                username,
                now,
            )?;
        }
        Ok(n > 0)
    })
}

/// Disables an account the day its owner leaves: it cannot sign in, its sessions end,
/// and its work stays attributed to it.
pub fn disable(
    conn: &mut DbConn,
    username: &str,
    by: &Entry,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    let action = crate::account::audit::AuditAction::UserDisable;
    change_and_sign_out(conn, username, by, action, now, |conn, user| {
        diesel::update(users::table.find(user.0))
            .set((users::disabled_at.eq(Some(now)), users::updated_at.eq(now)))
            .execute(conn)
    })
}

/// Writes the audit line of a change to an account, in the change's transaction.
fn log_user(
    conn: &mut DbConn,
    by: &Entry,
    user: UserId,
    site: Option<SiteId>,
    action: crate::account::audit::AuditAction,
    summary: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let entry = by.about("user", i64::from(user.0), site, action, summary);
    audit::record(conn, &entry, now)
}

/// Changes an account and ends its sessions, logged as `action`, in one transaction.
fn change_and_sign_out(
    conn: &mut DbConn,
    username: &str,
    by: &Entry,
    action: crate::account::audit::AuditAction,
    now: NaiveDateTime,
    change: impl FnOnce(&mut DbConn, UserId) -> QueryResult<usize>,
) -> Result<(), AccountError> {
    conn.write(|conn| {
        let user = require(conn, username)?;
        change(conn, user)?;
        super::sessions::end_all(conn, user)?;
        log_user(conn, by, user, None, action, username, now)?;
        Ok(())
    })
}

/// Sets a new password (an administrator's reset, until reset by e-mail exists).
pub fn set_password(
    conn: &mut DbConn,
    username: &str,
    password: &str,
    by: &Entry,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    let hash = password::hash(password)?;
    let action = crate::account::audit::AuditAction::UserPassword;
    change_and_sign_out(conn, username, by, action, now, |conn, user| {
        diesel::update(users::table.find(user.0))
            .set((users::password_hash.eq(&hash), users::updated_at.eq(now)))
            .execute(conn)
    })
}

/// The account behind a name and password, if they match and it is enabled.
pub fn authenticate(
    conn: &mut DbConn,
    username: &str,
    password: &str,
) -> QueryResult<Option<UserId>> {
    let row: Option<(i32, String, Option<NaiveDateTime>)> = users::table
        .filter(users::username.eq(username.trim().to_ascii_lowercase()))
        .select((users::id, users::password_hash, users::disabled_at))
        .first(conn)
        .optional()?;
    Ok(match row {
        // A disabled account is verified too: answering faster would tell it apart.
        Some((id, hash, disabled)) => {
            (password::verify(password, &hash) && disabled.is_none()).then_some(UserId(id))
        }
        None => {
            // Same work as for a real account: no timing hint that the name is unknown.
            password::verify(password, password::decoy_hash());
            None
        }
    })
}

/// The signed-in person with their current roles; `None` for a disabled account.
pub fn actor(conn: &mut DbConn, user: UserId) -> QueryResult<Option<Actor>> {
    let row: Option<(String, String, bool, Option<NaiveDateTime>)> = users::table
        .find(user.0)
        .select((
            users::username,
            users::display_name,
            users::is_system_admin,
            users::disabled_at,
        ))
        .first(conn)
        .optional()?;
    let Some((username, display_name, system_admin, None)) = row else {
        return Ok(None);
    };
    Ok(Some(Actor {
        id: user,
        username,
        display_name,
        system_admin,
        roles: roles_of(conn, user)?,
    }))
}

/// Display names of accounts, for showing who did what.
pub fn names(
    conn: &mut DbConn,
    ids: &[i32],
) -> QueryResult<std::collections::HashMap<i32, String>> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load::<(i32, String)>(conn)?
        .into_iter()
        .collect())
}

/// A member of a site's editorial board.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub disabled: bool,
}

/// The members of a site's board, by user name.
pub fn members(conn: &mut DbConn, site: SiteId) -> QueryResult<Vec<Member>> {
    Ok(site_roles::table
        .inner_join(users::table)
        .filter(site_roles::site_id.eq(site.0))
        .order(users::username)
        .select((
            users::username,
            users::display_name,
            site_roles::role,
            users::disabled_at,
        ))
        .load::<(String, String, String, Option<NaiveDateTime>)>(conn)?
        .into_iter()
        .map(|(username, display_name, role, disabled)| Member {
            username,
            display_name,
            role,
            disabled: disabled.is_some(),
        })
        .collect())
}
