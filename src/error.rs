//! The one error type at the web edge. It carries what went wrong; the error-page
//! middleware renders it as a localized page, or as JSON under `/api/`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use crate::db::DbError;
use crate::render::RenderError;

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// The host names no site of this installation.
    #[error("no site answers on this host")]
    UnknownSite,
    /// The item was taken down; the public note says why.
    #[error("gone")]
    Gone { note: Option<String> },
    /// A user mistake: the Fluent message id that explains it.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// The admin interface needs a signed-in account: answered with a redirect to sign in.
    #[error("sign-in required")]
    SignInRequired { next: String },
    /// An API that needs a token was called without a valid one.
    #[error("a valid API token is required")]
    Unauthorized,
    /// Signed in, but this account's roles do not allow it.
    #[error("forbidden")]
    Forbidden,
    /// A form without the session's anti-forgery token.
    #[error("missing or wrong CSRF token")]
    Csrf,
    /// A public form posted from a page of another web site (its `Origin` is foreign).
    #[error("cross-site form submission")]
    ForeignOrigin,
    /// A part of the site is temporarily out of service (the search index being rebuilt):
    /// the Fluent message id that says so.
    #[error("unavailable: {0}")]
    Unavailable(&'static str),
    /// A fault of ours, with its cause (logged whole by the error-page middleware).
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Render(#[from] RenderError),
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        AppError::Db(DbError::Query(e))
    }
}

/// A record read for a public page: a missing item is a 404; a record that does not read
/// is a fault of ours.
impl From<crate::record::RecordError> for AppError {
    fn from(e: crate::record::RecordError) -> Self {
        match e {
            crate::record::RecordError::NotFound => AppError::NotFound,
            crate::record::RecordError::Db(e) => AppError::Db(e),
            e @ crate::record::RecordError::Invalid(_) => AppError::internal(e),
        }
    }
}

impl AppError {
    /// A fault of ours, keeping the error that caused it as the source.
    pub fn internal(cause: impl Into<anyhow::Error>) -> AppError {
        AppError::Internal(cause.into())
    }

    /// The stable code in the JSON error shape.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::UnknownSite => "unknown_site",
            AppError::Gone { .. } => "gone",
            AppError::BadRequest(_) => "bad_request",
            AppError::SignInRequired { .. } => "sign_in_required",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::Csrf => "csrf",
            AppError::ForeignOrigin => "foreign_origin",
            AppError::Unavailable(_) => "unavailable",
            AppError::Db(e) if e.is_unavailable() => "unavailable",
            AppError::Internal(_) | AppError::Db(_) | AppError::Render(_) => "internal",
        }
    }

    /// The Fluent message id shown to the user.
    pub fn message_id(&self) -> &'static str {
        match self {
            AppError::NotFound => "error-not-found-text",
            AppError::UnknownSite => "error-unknown-site-text",
            AppError::Gone { .. } => "error-gone-text",
            AppError::BadRequest(id) => id,
            AppError::SignInRequired { .. } => "error-sign-in-text",
            AppError::Unauthorized => "error-unauthorized-text",
            AppError::Forbidden => "error-forbidden-text",
            AppError::Csrf => "error-csrf-text",
            AppError::ForeignOrigin => "error-foreign-origin-text",
            AppError::Unavailable(id) => id,
            AppError::Db(e) if e.is_unavailable() => "error-database-unavailable-text",
            AppError::Internal(_) | AppError::Db(_) | AppError::Render(_) => "error-internal-text",
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound | AppError::UnknownSite => StatusCode::NOT_FOUND,
            AppError::Gone { .. } => StatusCode::GONE,
            AppError::BadRequest(_) | AppError::Csrf => StatusCode::BAD_REQUEST,
            AppError::SignInRequired { .. } => StatusCode::SEE_OTHER,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::ForeignOrigin => StatusCode::FORBIDDEN,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            // The database is down or restarting: a reader may retry; nothing of ours failed.
            AppError::Db(e) if e.is_unavailable() => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A bare response; the error-page middleware gives it its body.
    fn error_response(&self) -> HttpResponse {
        match self {
            AppError::SignInRequired { next } => HttpResponse::SeeOther()
                .insert_header((actix_web::http::header::LOCATION, next.as_str()))
                .finish(),
            AppError::Unauthorized => HttpResponse::Unauthorized()
                .insert_header((actix_web::http::header::WWW_AUTHENTICATE, "Bearer"))
                .finish(),
            _ => HttpResponse::new(self.status_code()),
        }
    }
}

/// Storage work for a request, failing as the request fails (no turbofish in handlers).
impl crate::db::Db {
    /// Runs `f` on a pooled connection off the async executor.
    pub async fn read<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut crate::db::DbConn) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        self.run(f).await
    }
}

impl crate::content::Visibility {
    /// `Ok` when the public may read it; else the error its address answers with
    /// (404 for hidden, 410 with the note for taken down).
    pub fn readable(self) -> Result<(), AppError> {
        match self {
            crate::content::Visibility::Public => Ok(()),
            crate::content::Visibility::Hidden => Err(AppError::NotFound),
            crate::content::Visibility::Gone { note } => Err(AppError::Gone { note }),
        }
    }
}
