//! One builder for every integration test: a fresh data directory and database
//! (SQLite, or a throw-away PostgreSQL database), the demo content, a movable clock.

use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use actix_web::http::header::HeaderMap;
use actix_web::test;
use chrono::{TimeZone, Utc};
use cong::clock::{ManualClock, SharedClock};
use cong::{AppState, Config};
use futures_util::future::LocalBoxFuture;

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
                skipped(Skipped::Postgres);
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

    /// The URL of the server's maintenance database (to act on this one from outside).
    pub fn admin_url(&self) -> String {
        self.admin_url.clone()
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
    /// The app as HTTP clients see it (anonymous; [`TestApp::user`] signs accounts in).
    pub client: Client,
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
            client: Client::new(state.clone()),
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

    /// An anonymous visitor of the app.
    pub fn anon(&self) -> Client {
        self.client.clone()
    }

    /// An account signed in (without the login form, which has tests of its own).
    pub fn user(&self, username: &str) -> User {
        let user = cong::account::store::find_id(&mut self.conn(), username)
            .unwrap()
            .unwrap_or_else(|| panic!("no account {username}"));
        let now = cong::clock::Clock::now(self.clock.as_ref()).naive_utc();
        let (token, s) = cong::account::sessions::start(&mut self.conn(), user, now).unwrap();
        User {
            client: self.client.clone(),
            cookie: format!("cong_session={token}"),
            csrf: s.csrf_token,
        }
    }
}

/// What kind of test could not run here (outside CI only; under CI it fails instead).
#[derive(Debug, Clone, Copy)]
pub enum Skipped {
    Postgres,
    Browser,
}

static SKIPPED_POSTGRES: AtomicUsize = AtomicUsize::new(0);
static SKIPPED_BROWSER: AtomicUsize = AtomicUsize::new(0);

/// Counts a test that could not run; the count is reported in one line when the run ends.
pub fn skipped(what: Skipped) {
    static REPORT: std::sync::Once = std::sync::Once::new();
    match what {
        Skipped::Postgres => SKIPPED_POSTGRES.fetch_add(1, Ordering::SeqCst),
        Skipped::Browser => SKIPPED_BROWSER.fetch_add(1, Ordering::SeqCst),
    };
    REPORT.call_once(|| {
        extern "C" {
            fn atexit(f: extern "C" fn()) -> std::ffi::c_int;
        }
        // SAFETY: `atexit` only stores the function, which runs once as the process exits.
        unsafe {
            atexit(report_skipped);
        }
    });
}

/// The line at the end of the run: which tests passed without running.
extern "C" fn report_skipped() {
    use std::io::Write;
    let (pg, browser) = (
        SKIPPED_POSTGRES.load(Ordering::SeqCst),
        SKIPPED_BROWSER.load(Ordering::SeqCst),
    );
    let _ = writeln!(
        std::io::stderr(),
        "\nSKIPPED, NOT RUN: {pg} PostgreSQL test(s) and {browser} browser test(s) (see the reasons above; CI=true makes them fail)\n"
    );
}

/// A response read whole.
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (files, images).
    pub bytes: Vec<u8>,
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

/// One request through the app, read whole.
type Call = Rc<dyn Fn(actix_http::Request) -> LocalBoxFuture<'static, Reply>>;

/// The app under test as an anonymous visitor sees it. The actix service is built on the first
/// request and shared by every client of the same test (and by its signed-in [`User`]s).
#[derive(Clone)]
pub struct Client {
    state: AppState,
    service: Rc<tokio::sync::OnceCell<Call>>,
}

impl Client {
    /// A client of the app over this state (a second server over the same database, say).
    pub fn new(state: AppState) -> Client {
        Client {
            state,
            service: Rc::new(tokio::sync::OnceCell::new()),
        }
    }

    async fn call(&self) -> Call {
        self.service
            .get_or_init(|| async {
                let app = Rc::new(test::init_service(cong::build(self.state.clone())).await);
                let call: Call = Rc::new(move |req| {
                    let app = app.clone();
                    Box::pin(async move {
                        let res = test::call_service(&*app, req).await;
                        let status = res.status().as_u16();
                        let headers = res.headers().clone();
                        let bytes = test::read_body(res).await.to_vec();
                        Reply {
                            status,
                            headers,
                            body: String::from_utf8_lossy(&bytes).into_owned(),
                            bytes,
                        }
                    })
                });
                call
            })
            .await
            .clone()
    }

    /// Sends any request as built.
    pub async fn send(&self, req: test::TestRequest) -> Reply {
        let call = self.call().await;
        call(req.to_request()).await
    }

    /// A GET on a site's host.
    pub async fn get(&self, host: &str, path: &str) -> Reply {
        self.send(
            test::TestRequest::get()
                .uri(path)
                .insert_header(("host", host)),
        )
        .await
    }

    /// A form posted to a site's host, without a session.
    pub async fn post_form(&self, host: &str, path: &str, form: &[(&str, &str)]) -> Reply {
        self.send(
            test::TestRequest::post()
                .uri(path)
                .insert_header(("host", host))
                .set_form(form.to_vec()),
        )
        .await
    }
}

/// A signed-in account using the admin (on the province host): it carries the session
/// cookie, and the form token on every form it posts.
#[derive(Clone)]
pub struct User {
    pub client: Client,
    pub cookie: String,
    pub csrf: String,
}

impl User {
    /// The request with this account's session cookie.
    pub fn signed(&self, req: test::TestRequest) -> test::TestRequest {
        req.insert_header(("cookie", self.cookie.as_str()))
    }

    /// Sends a request as built, with the session cookie.
    pub async fn send(&self, req: test::TestRequest) -> Reply {
        self.client.send(self.signed(req)).await
    }

    /// A GET on the province host.
    pub async fn get(&self, path: &str) -> Reply {
        self.send(
            test::TestRequest::get()
                .uri(path)
                .insert_header(("host", "localhost")),
        )
        .await
    }

    /// A form posted on the province host, with the session's token unless the form sets one.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> Reply {
        let mut fields: Vec<(&str, &str)> = form.to_vec();
        if !form.iter().any(|(k, _)| *k == "csrf") {
            fields.push(("csrf", self.csrf.as_str()));
        }
        self.send(
            test::TestRequest::post()
                .uri(path)
                .insert_header(("host", "localhost"))
                .set_form(fields),
        )
        .await
    }

    /// A multipart form posted on the province host, with the session's token first.
    pub async fn post_multipart(&self, path: &str, body: Multipart) -> Reply {
        let body = if body.has_field("csrf") {
            body
        } else {
            body.first_field("csrf", &self.csrf)
        };
        self.send(body.request("localhost", path)).await
    }
}

/// A `multipart/form-data` body: text fields, then files.
#[derive(Default)]
pub struct Multipart {
    fields: Vec<(String, String)>,
    files: Vec<(String, String, Vec<u8>)>,
}

impl Multipart {
    pub fn new() -> Multipart {
        Multipart::default()
    }

    /// Adds a text field.
    pub fn field(mut self, name: &str, value: &str) -> Multipart {
        self.fields.push((name.into(), value.into()));
        self
    }

    /// Adds text fields.
    pub fn fields(self, fields: &[(&str, &str)]) -> Multipart {
        fields.iter().fold(self, |m, (k, v)| m.field(k, v))
    }

    /// Adds a file in the field `name`.
    pub fn file(mut self, name: &str, file_name: &str, bytes: &[u8]) -> Multipart {
        self.files
            .push((name.into(), file_name.into(), bytes.to_vec()));
        self
    }

    fn has_field(&self, name: &str) -> bool {
        self.fields.iter().any(|(k, _)| k == name)
    }

    fn first_field(mut self, name: &str, value: &str) -> Multipart {
        self.fields.insert(0, (name.into(), value.into()));
        self
    }

    /// The content type (with its boundary) and the body.
    pub fn encode(&self) -> (String, Vec<u8>) {
        let boundary = "----congtestboundary7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, value) in &self.fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        for (name, file_name, bytes) in &self.files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }

    /// A POST of this body to a site's host (add a peer address or headers to it as needed).
    pub fn request(&self, host: &str, path: &str) -> test::TestRequest {
        let (content_type, body) = self.encode();
        test::TestRequest::post()
            .uri(path)
            .insert_header(("host", host))
            .insert_header(("content-type", content_type))
            .set_payload(body)
    }
}

/// The URL path of the demo item with this translation key, from the API (whose `url` is
/// the absolute canonical URL).
pub async fn item_path(app: &Client, host: &str, kind: &str, lang: &str, key: &str) -> String {
    let list = app
        .get(host, &format!("/api/v1/{kind}?lang={lang}&per_page=100"))
        .await
        .json();
    let url = list["results"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["translation_key"] == key))
        .and_then(|i| i["url"].as_str())
        .unwrap_or_else(|| panic!("no {kind} {key} in {lang} on {host}"))
        .to_string();
    let rest = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    rest[rest.find('/').unwrap_or(rest.len())..].to_string()
}

/// A published Vietnamese news item for a site, ready to save.
pub fn news(
    site: cong::site::SiteId,
    key: &str,
    title: &str,
    body: &str,
) -> cong::content::store::ContentForm {
    use cong::content::{ContentKind, ContentState, ContentText};
    let at = start_time().naive_utc();
    cong::content::store::ContentForm {
        site_id: site,
        kind: ContentKind::News,
        lang: cong::lang::Lang::Vi,
        translation_key: key.into(),
        text: ContentText {
            slug: String::new(),
            title: title.into(),
            summary: String::new(),
            body_markdown: body.into(),
            author: "Nguyễn Văn Thử".into(),
            source: "Văn phòng UBND tỉnh".into(),
            category: None,
        },
        tags: vec![],
        state: ContentState::Published,
        state_note: None,
        published_at: at,
        revised_at: at,
        cover: None,
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

/// Submit (author), approve (editor), publish (board head): the reply to the last step.
pub async fn through_review([author, editor, head]: [&User; 3], revision: i32) -> Reply {
    author
        .post_form(&format!("/admin/revisions/{revision}/submit"), &[])
        .await;
    editor
        .post_form(&format!("/admin/revisions/{revision}/approve"), &[])
        .await;
    head.post_form(&format!("/admin/revisions/{revision}/publish"), &[])
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
pub fn system_import<R>(
    t: &TestApp,
    f: impl FnOnce(&cong::record::import::ImportOptions) -> R,
) -> R {
    use cong::account::audit::{Entry, Via};
    let directory = t.state.sites.current();
    let read = |_: &str| std::fs::read("/nonexistent");
    let options = cong::record::import::ImportOptions {
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
