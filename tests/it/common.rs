//! One builder for every integration test: a fresh data directory and database
//! (SQLite, or a throw-away PostgreSQL database), the demo content, a movable clock.

use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::header::HeaderMap;
use actix_web::test;
use chrono::{TimeZone, Utc};
use cong::clock::{ManualClock, SharedClock};
use cong::{AppState, Config};

pub use crate::smtp_sink::SmtpSink;
use diesel::connection::SimpleConnection;
use diesel::Connection;

/// Runs a test body once on SQLite and once on PostgreSQL (`$name(Backend)` in the
/// calling module, which imports `Backend`).
macro_rules! on_both_backends {
    ($name:ident) => {
        mod $name {
            #[actix_web::test]
            async fn sqlite() {
                super::$name(super::Backend::Sqlite).await
            }
            #[actix_web::test]
            async fn postgres() {
                super::$name(super::Backend::Postgres).await
            }
        }
    };
}

/// The moment every test starts at (a weekday morning in Vietnam).
pub fn start_time() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap()
}

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A throw-away PostgreSQL database, dropped when the test ends.
pub struct PgDatabase {
    admin_url: String,
    pub name: String,
    pub url: String,
}

impl PgDatabase {
    /// Creates a fresh database, or says loudly why it cannot (and fails under CI).
    pub fn create() -> Option<PgDatabase> {
        let admin_url = std::env::var("CONG_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        let mut admin = match diesel::PgConnection::establish(&admin_url) {
            Ok(c) => c,
            Err(e) => {
                let msg = format!(
                    "PostgreSQL at {admin_url} is unreachable ({e}): PostgreSQL tests NOT RUN"
                );
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!("{msg}");
                }
                eprintln!("\n!!!!! {msg} !!!!!\n");
                return None;
            }
        };
        let name = format!(
            "cong_test_{}_{}",
            std::process::id(),
            hex::encode(rand::random::<[u8; 6]>())
        );
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create the test database");
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(&admin_url);
        let url = format!("{base}/{name}");
        Some(PgDatabase {
            admin_url,
            name,
            url,
        })
    }

    /// Drops the database now (closing every connection to it).
    pub fn drop_now(&self) {
        if let Ok(mut admin) = diesel::PgConnection::establish(&self.admin_url) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        self.drop_now();
    }
}

/// A running application over a fresh database.
pub struct TestApp {
    pub state: AppState,
    pub clock: Arc<ManualClock>,
    pub dir: tempfile::TempDir,
    pub pg: Option<PgDatabase>,
}

/// Options for [`TestApp::with`].
pub struct Setup {
    pub backend: Backend,
    pub demo: bool,
    pub page_cache: bool,
    /// Changes to the configuration before the app opens (mail server, limits, proxies).
    pub configure: Option<Configure>,
}

/// A change to the configuration of a test app.
pub type Configure = Box<dyn Fn(&mut Config)>;

impl Default for Setup {
    fn default() -> Self {
        Setup {
            backend: Backend::Sqlite,
            demo: true,
            page_cache: false,
            configure: None,
        }
    }
}

impl TestApp {
    /// SQLite with the demo content, page cache off.
    pub fn new() -> TestApp {
        TestApp::with(Setup::default()).expect("SQLite is always available")
    }

    /// `None` when the backend is PostgreSQL and it is unreachable outside CI.
    pub fn with(setup: Setup) -> Option<TestApp> {
        let dir = tempfile::tempdir().expect("temp dir");
        let pg = match setup.backend {
            Backend::Sqlite => None,
            Backend::Postgres => Some(PgDatabase::create()?),
        };
        let mut config = Config {
            data_dir: dir.path().join("data"),
            database_url: pg.as_ref().map(|p| p.url.clone()).unwrap_or_default(),
            page_cache: setup.page_cache,
            // The tests' requests name hosts without a port, as readers behind a proxy do.
            public_port: Some(80),
            ..Config::default()
        };
        if let Some(configure) = &setup.configure {
            configure(&mut config);
        }
        let clock = ManualClock::new(start_time());
        let shared: SharedClock = clock.clone();
        let state = AppState::open(config, shared).expect("open the app");
        if setup.demo {
            state
                .load_demo(start_time().naive_utc())
                .expect("demo content");
        }
        Some(TestApp {
            state,
            clock,
            dir,
            pg,
        })
    }

    /// A second server over the same database (another app server sharing PostgreSQL/SQLite).
    pub fn second_server(&self) -> AppState {
        let shared: SharedClock = self.clock.clone();
        AppState::open((*self.state.config).clone(), shared).expect("second server")
    }

    pub fn conn(&self) -> cong::db::PooledConn {
        self.state.db.conn().expect("connection")
    }
}

/// A response read whole.
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Sends a GET with a `Host` header through the service.
pub async fn get<S, B>(app: &S, host: &str, path: &str) -> Reply
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    send(
        app,
        test::TestRequest::get()
            .uri(path)
            .insert_header(("host", host)),
    )
    .await
}

/// Sends any request through the service.
pub async fn send<S, B>(app: &S, req: test::TestRequest) -> Reply
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let res = test::call_service(app, req.to_request()).await;
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let body = test::read_body(res).await;
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

/// The URL path of the demo item with this translation key, from the API.
pub async fn item_path<S, B>(app: &S, host: &str, kind: &str, lang: &str, key: &str) -> String
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    let list = get(
        app,
        host,
        &format!("/api/v1/{kind}?lang={lang}&per_page=100"),
    )
    .await
    .json();
    let url = list["results"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["translation_key"] == key))
        .and_then(|i| i["url"].as_str())
        .unwrap_or_else(|| panic!("no {kind} {key} in {lang} on {host}"))
        .to_string();
    url
}

/// A published Vietnamese news item for a site, ready to save.
pub fn news(
    site: cong::site::SiteId,
    key: &str,
    title: &str,
    body: &str,
) -> cong::content::store::ContentForm {
    use cong::content::{ContentKind, ContentState};
    let at = start_time().naive_utc();
    cong::content::store::ContentForm {
        site_id: site,
        kind: ContentKind::News,
        lang: cong::lang::Lang::Vi,
        translation_key: key.into(),
        slug: String::new(),
        title: title.into(),
        summary: String::new(),
        body_markdown: body.into(),
        author: "Nguyễn Văn Thử".into(),
        source: "Văn phòng UBND tỉnh".into(),
        category: None,
        tags: vec![],
        state: ContentState::Published,
        state_note: None,
        published_at: at,
        revised_at: at,
    }
}

/// The id of a demo site.
pub fn site_id(t: &TestApp, slug: &str) -> cong::site::SiteId {
    t.state.sites.current().by_slug(slug).expect("demo site").id
}

/// The password of every account the tests create.
pub const PASSWORD: &str = "mật khẩu thử nghiệm";

/// Creates an account with roles on demo sites (by slug).
pub fn account(
    t: &TestApp,
    username: &str,
    system_admin: bool,
    roles: &[(&str, cong::account::Role)],
) {
    use cong::account::audit::{Entry, Via};
    let by = Entry::named(None, "test", Via::Cli);
    let now = cong::clock::Clock::now(t.clock.as_ref()).naive_utc();
    let new = cong::account::store::NewUser {
        username,
        display_name: username,
        email: "",
        password: PASSWORD,
        system_admin,
    };
    cong::account::store::create(&mut t.conn(), &new, &by, now).unwrap();
    for (slug, role) in roles {
        cong::account::store::grant(&mut t.conn(), username, site_id(t, slug), *role, &by, now)
            .unwrap();
    }
}

/// A signed-in session: the cookie header and the CSRF token.
pub struct Signed {
    pub cookie: String,
    pub csrf: String,
}

/// Signs an account in (without the login form, which has tests of its own).
pub fn session(t: &TestApp, username: &str) -> Signed {
    let user = cong::account::store::find_id(&mut t.conn(), username)
        .unwrap()
        .unwrap();
    let now = cong::clock::Clock::now(t.clock.as_ref()).naive_utc();
    let (token, s) = cong::account::sessions::start(&mut t.conn(), user, now).unwrap();
    Signed {
        cookie: format!("cong_session={token}"),
        csrf: s.csrf_token,
    }
}

/// A request as a signed-in account (or anonymous), with its CSRF token on POST.
pub async fn as_user<S, B>(
    app: &S,
    who: Option<&Signed>,
    method: &str,
    path: &str,
    form: &[(&str, &str)],
) -> Reply
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let mut req = match method {
        "POST" => test::TestRequest::post(),
        _ => test::TestRequest::get(),
    }
    .uri(path)
    .insert_header(("host", "localhost"));
    if let Some(w) = who {
        req = req.insert_header(("cookie", w.cookie.as_str()));
    }
    if method == "POST" {
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        if let Some(w) = who {
            if !form.iter().any(|(k, _)| *k == "csrf") {
                fields.push(("csrf", w.csrf.as_str()));
            }
        }
        req = req.set_form(fields);
    }
    send(app, req).await
}

/// Submit (author), approve (editor), publish (board head): the reply to the last step.
pub async fn through_review<S, B>(
    app: &S,
    [author, editor, head]: [&Signed; 3],
    revision: i32,
) -> Reply
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    as_user(
        app,
        Some(author),
        "POST",
        &format!("/admin/revisions/{revision}/submit"),
        &[],
    )
    .await;
    as_user(
        app,
        Some(editor),
        "POST",
        &format!("/admin/revisions/{revision}/approve"),
        &[],
    )
    .await;
    as_user(
        app,
        Some(head),
        "POST",
        &format!("/admin/revisions/{revision}/publish"),
        &[],
    )
    .await
}

pub fn location(r: &Reply) -> String {
    r.header("location").to_string()
}

/// The id at the end of a `…/{id}` location.
pub fn last_id(r: &Reply) -> i32 {
    location(r)
        .rsplit('/')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no id in {}", location(r)))
}

/// Runs `f` with the options of an import by the system onto the province portal, published
/// at once, with no file to read beside the import.
pub fn system_import<R>(t: &TestApp, f: impl FnOnce(&cong::import::ImportOptions) -> R) -> R {
    use cong::account::audit::{Entry, Via};
    let directory = t.state.sites.current();
    let read = |_: &str| std::fs::read("/nonexistent");
    let options = cong::import::ImportOptions {
        site: directory.province().expect("province portal").id,
        force_site: false,
        directory: &directory,
        entry: Entry::named(None, "test", Via::Import),
        actor: None,
        draft: false,
        files: t.state.files.as_ref(),
        limits: &t.state.config.media,
        read_file: &read,
    };
    f(&options)
}
