//! Accounts for system administrators: create them, disable them the day someone leaves,
//! reset a password (until reset by e-mail exists). Roles are given on each site's page.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::Admin;
use crate::account::audit::{Entry, Via};
use crate::account::store::{self as accounts, AccountError, NewUser};
use crate::error::AppError;

fn require_system_admin(admin: &Admin) -> Result<(), AppError> {
    if admin.actor.system_admin {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A form only a system administrator may send, checked to come from the admin's own page.
fn system_admin_form(admin: &Admin, csrf: &str) -> Result<(), AppError> {
    admin.verify_csrf(csrf)?;
    require_system_admin(admin)
}

async fn page(
    admin: &Admin,
    form: &NewUserForm,
    error: Option<&str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let users = admin.state.db.read(|c| Ok(accounts::list(c)?)).await?;
    let rows: Vec<serde_json::Value> = users
        .into_iter()
        .map(|(u, roles)| {
            let roles: Vec<String> = roles
                .iter()
                .map(|(s, r)| format!("{} ({})", admin.directory.get(*s).map(|x| x.short_name(admin.lang)).unwrap_or("?"), admin.t(&format!("role-{}", r.as_str()))))
                .collect();
            serde_json::json!({"username": u.username, "name": u.display_name, "email": u.email,
                "system_admin": u.is_system_admin, "disabled": u.disabled_at.is_some(), "roles": roles.join(", ")})
        })
        .collect();
    let mut context = Context::new();
    context.insert("users", &rows);
    context.insert(
        "form",
        &serde_json::json!({"username": form.username, "name": form.name, "email": form.email}),
    );
    context.insert("error", &error);
    let mut response = admin.render("admin/users.html", context, "/users")?;
    *response.status_mut() = status;
    Ok(response)
}

/// `GET /admin/users`.
pub async fn list(admin: Admin) -> Result<HttpResponse, AppError> {
    require_system_admin(&admin)?;
    page(&admin, &NewUserForm::default(), None, StatusCode::OK).await
}

#[derive(Deserialize, Default)]
pub struct NewUserForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    system_admin: Option<String>,
}

fn account_error(e: &AccountError) -> Option<&'static str> {
    match e {
        AccountError::BadUsername => Some("account-bad-username"),
        AccountError::BadDisplayName => Some("account-bad-name"),
        AccountError::UsernameTaken(_) => Some("account-taken"),
        AccountError::NoSuchUser(_) => Some("form-no-such-user"),
        AccountError::OwnRole => Some("form-own-role"),
        AccountError::Password(_) => Some("password-too-short"),
        AccountError::Db(_) => None,
    }
}

/// `POST /admin/users`: a personal account with an initial password.
pub async fn create(admin: Admin, form: web::Form<NewUserForm>) -> Result<HttpResponse, AppError> {
    system_admin_form(&admin, &form.csrf)?;
    let (by, now) = (Entry::by(&admin.actor, Via::Web), admin.now());
    let (u, n, e, p, sa) = (
        form.username.clone(),
        form.name.clone(),
        form.email.clone(),
        form.password.clone(),
        form.system_admin.is_some(),
    );
    let result = admin
        .state
        .db
        .read(move |c| {
            let new = NewUser {
                username: &u,
                display_name: &n,
                email: &e,
                password: &p,
                system_admin: sa,
            };
            Ok(accounts::create(c, &new, &by, now))
        })
        .await?;
    back_to_list(&admin, &form, result.map(|_| ())).await
}

/// The list of accounts once a change is made; else the page again with the form and the
/// reason it was refused.
async fn back_to_list(
    admin: &Admin,
    form: &NewUserForm,
    result: Result<(), AccountError>,
) -> Result<HttpResponse, AppError> {
    match result {
        Ok(()) => Ok(admin.see_other("/users")),
        Err(e) => match account_error(&e) {
            Some(message) => {
                page(admin, form, Some(message), StatusCode::UNPROCESSABLE_ENTITY).await
            }
            None => Err(AppError::internal(e)),
        },
    }
}

#[derive(Deserialize)]
pub struct AccountAction {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
}

/// `POST /admin/users/{username}/disable`: at once; the account's sessions end.
pub async fn disable(
    admin: Admin,
    username: web::Path<String>,
    form: web::Form<AccountAction>,
) -> Result<HttpResponse, AppError> {
    system_admin_form(&admin, &form.csrf)?;
    if *username == admin.actor.username {
        return Err(AppError::BadRequest("account-not-yourself"));
    }
    let (by, now, name) = (
        Entry::by(&admin.actor, Via::Web),
        admin.now(),
        username.into_inner(),
    );
    admin
        .state
        .db
        .run(move |c| {
            accounts::disable(c, &name, &by, now).map_err(|e| match e {
                AccountError::NoSuchUser(_) => AppError::NotFound,
                e => AppError::internal(e),
            })
        })
        .await?;
    Ok(admin.see_other("/users"))
}

/// `POST /admin/users/{username}/password`: an administrator's reset.
pub async fn reset_password(
    admin: Admin,
    username: web::Path<String>,
    form: web::Form<AccountAction>,
) -> Result<HttpResponse, AppError> {
    system_admin_form(&admin, &form.csrf)?;
    let (by, now, name, password) = (
        Entry::by(&admin.actor, Via::Web),
        admin.now(),
        username.into_inner(),
        form.password.clone(),
    );
    let result = admin
        .state
        .db
        .read(move |c| Ok(accounts::set_password(c, &name, &password, &by, now)))
        .await?;
    back_to_list(&admin, &NewUserForm::default(), result).await
}
