//! API tokens (mã truy cập API) for machine reading of what only system administrators may
//! see (the timeliness figures). A token is shown once, when created; only its SHA-256 is
//! stored. It works while it is not revoked and its creator is still an enabled system
//! administrator.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::audit::{self, AuditAction, Entry, Via};
use super::{Actor, UserId};
use crate::db::schema::{api_tokens, users};
use crate::db::{DbConn, DbError};

/// What every token starts with, so that a leaked one is recognisable in a scan.
pub const PREFIX: &str = "cong_";
/// The longest name a token may have.
pub const NAME_MAX: usize = 100;

/// Why a token cannot be created or revoked.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The message id of what is wrong with the name.
    #[error("invalid token name: {0}")]
    Invalid(&'static str),
    #[error("no such token")]
    NotFound,
    #[error(transparent)]
    Db(#[from] DbError),
}

impl From<diesel::result::Error> for TokenError {
    fn from(e: diesel::result::Error) -> Self {
        TokenError::Db(DbError::Query(e))
    }
}

/// A token as administrators see it (never the secret).
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: i32,
    pub name: String,
    pub created_by: i32,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Creates a token named `name`; returns it with its secret, to be shown once.
pub fn create(
    conn: &mut DbConn,
    name: &str,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(ApiToken, String), TokenError> {
    let name = crate::text::nfc(name.trim());
    if name.is_empty() {
        return Err(TokenError::Invalid("token-error-name"));
    }
    if name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
        return Err(TokenError::Invalid("token-error-name-long"));
    }
    let secret = format!("{PREFIX}{}", hex::encode(rand::random::<[u8; 32]>()));
    let token = conn.write(|conn| {
        diesel::insert_into(api_tokens::table)
            .values((
                api_tokens::name.eq(&name),
                api_tokens::token_hash.eq(hash(&secret)),
                api_tokens::created_by.eq(by.id.0),
                api_tokens::created_at.eq(now),
            ))
            .execute(conn)?;
        let token: ApiToken = api_tokens::table
            .filter(api_tokens::token_hash.eq(hash(&secret)))
            .select(ApiToken::as_select())
            .first(conn)?;
        audit::record(
            conn,
            &Entry::by(by, Via::Web).about(
                "api_token",
                i64::from(token.id),
                None,
                AuditAction::ApiTokenCreate,
                &name,
            ),
            now,
        )?;
        Ok::<_, TokenError>(token)
    })?;
    Ok((token, secret))
}

/// Every token, newest first.
pub fn list(conn: &mut DbConn) -> Result<Vec<ApiToken>, TokenError> {
    Ok(api_tokens::table
        .order(api_tokens::id.desc())
        .select(ApiToken::as_select())
        .load(conn)?)
}

/// Revokes a token: it stops working at once, and stays listed.
pub fn revoke(
    conn: &mut DbConn,
    id: i32,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<(), TokenError> {
    conn.write(|conn| {
        let token: ApiToken = api_tokens::table
            .find(id)
            .select(ApiToken::as_select())
            .first(conn)
            .optional()?
            .ok_or(TokenError::NotFound)?;
        if token.revoked_at.is_none() {
            diesel::update(api_tokens::table.find(id))
                .set(api_tokens::revoked_at.eq(Some(now)))
                .execute(conn)?;
            audit::record(
                conn,
                &Entry::by(by, Via::Web).about(
                    "api_token",
                    i64::from(id),
                    None,
                    AuditAction::ApiTokenRevoke,
                    &token.name,
                ),
                now,
            )?;
        }
        Ok(())
    })
}

/// The system administrator a presented token acts for, if it is valid: not revoked, and
/// its creator still an enabled system administrator. Notes its use.
pub fn authenticate(
    conn: &mut DbConn,
    presented: &str,
    now: NaiveDateTime,
) -> Result<Option<UserId>, TokenError> {
    if !presented.starts_with(PREFIX) || presented.len() > 200 {
        return Ok(None);
    }
    let found: Option<(i32, i32)> = api_tokens::table
        .inner_join(users::table.on(users::id.eq(api_tokens::created_by)))
        .filter(api_tokens::token_hash.eq(hash(presented)))
        .filter(api_tokens::revoked_at.is_null())
        .filter(users::is_system_admin.eq(true))
        .filter(users::disabled_at.is_null())
        .select((api_tokens::id, users::id))
        .first(conn)
        .optional()?;
    let Some((id, user)) = found else {
        return Ok(None);
    };
    diesel::update(api_tokens::table.find(id))
        .set(api_tokens::last_used_at.eq(Some(now)))
        .execute(conn)?;
    Ok(Some(UserId(user)))
}
