//! Signing in and out: throttled per account and per client address, a login form
//! protected by its own anti-forgery cookie, sessions ended one by one or everywhere.

use actix_web::cookie::{time::Duration as CookieAge, Cookie, SameSite};
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use tera::Context;

use super::{on_province_host, path, render_admin, Admin, SESSION_COOKIE};
use crate::account::audit::{Entry, Via};
use crate::account::sessions;
use crate::account::store as accounts;
use crate::app::AppState;
use crate::error::AppError;
use crate::lang::Lang;
use crate::web::client;

/// The sign-in form's anti-forgery cookie (there is no session yet to hold the token).
const LOGIN_COOKIE: &str = "cong_login";

#[derive(Deserialize)]
pub struct NextParam {
    next: Option<String>,
}

/// Only a path inside the admin interface may be the place to go after signing in.
fn safe_next(next: Option<&str>, lang: Lang) -> String {
    match next {
        Some(n)
            if (n.starts_with("/admin") || n.starts_with("/en/admin"))
                && !n.contains("//")
                && !n.contains('\\') =>
        {
            n.to_string()
        }
        _ => path(lang, ""),
    }
}

fn https(req: &HttpRequest, state: &AppState) -> bool {
    client::scheme(req, &state.config.trusted_proxies) == "https"
}

fn cookie<'a>(name: &'a str, value: String, secure: bool) -> Cookie<'a> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .finish()
}

fn login_page(
    req: &HttpRequest,
    state: &AppState,
    next: &str,
    username: &str,
    error: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let lang = Lang::of_path(req.path());
    let token = hex::encode(rand::random::<[u8; 16]>());
    let mut context = Context::new();
    context.insert("lang", lang.code());
    context.insert("csrf", &token);
    context.insert("next", next);
    context.insert("username", username);
    context.insert("error", &error);
    context.insert("action", &path(lang, "/login"));
    context.insert("switch", &path(lang.other(), "/login"));
    context.insert("switch_lang", lang.other().code());
    let mut response = render_admin(state, lang, "admin/login.html", &context)?;
    if error.is_some() {
        *response.status_mut() = actix_web::http::StatusCode::UNAUTHORIZED;
    }
    response
        .add_cookie(&cookie(LOGIN_COOKIE, token, https(req, state)))
        .map_err(AppError::internal)?;
    Ok(response)
}

/// `GET /admin/login`.
pub async fn login_form(
    req: HttpRequest,
    state: web::Data<AppState>,
    q: web::Query<NextParam>,
) -> Result<HttpResponse, AppError> {
    on_province_host(&req)?;
    let lang = Lang::of_path(req.path());
    login_page(&req, &state, &safe_next(q.next.as_deref(), lang), "", None)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf: String,
    next: Option<String>,
}

/// `POST /admin/login`.
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    on_province_host(&req)?;
    let lang = Lang::of_path(req.path());
    let form = form.into_inner();
    let next = safe_next(form.next.as_deref(), lang);
    let expected = req.cookie(LOGIN_COOKIE).map(|c| c.value().to_string());
    if expected.as_deref() != Some(form.csrf.as_str()) || form.csrf.is_empty() {
        return Err(AppError::Csrf);
    }
    let ip = client::client_ip(&req, &state.config.trusted_proxies)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    let now = state.clock.now().naive_utc();
    let (username, password) = (form.username.trim().to_string(), form.password);
    let outcome = state
        .db
        .read(move |c| Ok(sessions::sign_in(c, &username, &password, &ip, now)?))
        .await?;
    match outcome {
        Ok((token, _)) => {
            let mut response = HttpResponse::SeeOther()
                .insert_header((header::LOCATION, next))
                .finish();
            let secure = https(&req, &state);
            response
                .add_cookie(&cookie(SESSION_COOKIE, token, secure))
                .map_err(AppError::internal)?;
            let mut gone = cookie(LOGIN_COOKIE, String::new(), secure);
            gone.set_max_age(CookieAge::ZERO);
            response.add_cookie(&gone).map_err(AppError::internal)?;
            Ok(response)
        }
        Err(refusal) => login_page(
            &req,
            &state,
            &next,
            form.username.trim(),
            Some(refusal.message_id()),
        ),
    }
}

/// A form that carries only the anti-forgery token.
#[derive(Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    pub csrf: String,
}

async fn sign_out(admin: Admin, csrf: &str, everywhere: bool) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(csrf)?;
    let (token, user, name, now) = (
        admin.token.clone(),
        admin.actor.id,
        admin.actor.username.clone(),
        admin.now(),
    );
    admin
        .state
        .db
        .read(move |c| {
            let by = Entry::named(Some(user.0), &name, Via::Web);
            Ok(sessions::sign_out(c, &token, user, &by, everywhere, now)?)
        })
        .await?;
    let mut response = admin.see_other("/login");
    let mut gone = cookie(SESSION_COOKIE, String::new(), false);
    gone.set_max_age(CookieAge::ZERO);
    response.add_cookie(&gone).map_err(AppError::internal)?;
    Ok(response)
}

/// `POST /admin/logout`.
pub async fn logout(admin: Admin, form: web::Form<CsrfOnly>) -> Result<HttpResponse, AppError> {
    sign_out(admin, &form.csrf, false).await
}

/// `POST /admin/logout-everywhere`: ends every session of the account.
pub async fn logout_everywhere(
    admin: Admin,
    form: web::Form<CsrfOnly>,
) -> Result<HttpResponse, AppError> {
    sign_out(admin, &form.csrf, true).await
}

/// `GET /admin/password`: change one's own password.
pub async fn password_form(admin: Admin) -> Result<HttpResponse, AppError> {
    admin.render("admin/password.html", Context::new(), "/password")
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /admin/password`: needs the current password, checked through the same throttle
/// as signing in; ends every session (sign in again).
pub async fn change_password(
    req: HttpRequest,
    admin: Admin,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, AppError> {
    admin.verify_csrf(&form.csrf)?;
    let problem = if form.new != form.confirm {
        Some("password-mismatch")
    } else if form.new.chars().count() < crate::account::password::MIN_LENGTH {
        Some("password-too-short")
    } else {
        None
    };
    let (username, now) = (admin.actor.username.clone(), admin.now());
    let (current, new) = (form.current.clone(), form.new.clone());
    let ip = client::client_ip(&req, &admin.state.config.trusted_proxies)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    let outcome = match problem {
        Some(p) => Err(p),
        None => {
            let by = Entry::by(&admin.actor, Via::Web);
            admin
                .state
                .db
                .run(move |c| -> Result<Result<(), &'static str>, AppError> {
                    match sessions::check_password(c, &username, &current, &ip, now)? {
                        Ok(_) => {}
                        Err(sessions::Refusal::WrongPassword) => {
                            return Ok(Err("password-wrong-current"))
                        }
                        Err(locked) => return Ok(Err(locked.message_id())),
                    }
                    accounts::set_password(c, &username, &new, &by, now)
                        .map_err(AppError::internal)?;
                    Ok(Ok(()))
                })
                .await?
        }
    };
    match outcome {
        Ok(()) => Ok(admin.see_other("/login")),
        Err(message) => {
            let mut context = Context::new();
            context.insert("error", message);
            let mut response = admin.render("admin/password.html", context, "/password")?;
            *response.status_mut() = actix_web::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
    }
}
