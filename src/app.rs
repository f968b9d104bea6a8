//! The application: its shared state, the actix `App` used by `cong serve` and by the
//! tests, and the background tasks (change-log follower, job runner).

use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{middleware, web, App};
use tokio::sync::Notify;

use crate::cache::PageCache;
use crate::changelog::follower::{self, ChangeListener, ChangeSignal};
use crate::changelog::Change;
use crate::clock::SharedClock;
use crate::config::Config;
use crate::db::{Db, DbConn, DbError};
use crate::jobs;
use crate::render::{RenderError, Renderer};
use crate::site::hosts::SiteDirectory;
use crate::site::store::load_directory;

/// How often each server checks whether the day has turned for the statuses in its index.
const STATUS_CHECK: std::time::Duration = std::time::Duration::from_secs(300);
/// How often each server checks that its search index is still on disk.
const INDEX_CHECK: std::time::Duration = std::time::Duration::from_secs(1);

/// What keeps the application from starting.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Db(#[from] DbError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error("demo content: {0}")]
    Demo(String),
    #[error(transparent)]
    Mail(#[from] crate::mail::MailError),
}

/// A demo loader's failure, said in words.
fn demo_error(e: impl std::fmt::Display) -> StartError {
    StartError::Demo(e.to_string())
}

/// What loading the demo province did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoLoaded {
    pub content: crate::content::loader::LoadReport,
    pub documents_created: usize,
    pub documents_unchanged: usize,
    pub procedures_created: usize,
    pub procedures_unchanged: usize,
    pub questions_created: usize,
    /// Units, officials and schedule weeks of the directory.
    pub directory_created: usize,
    pub consultations_created: usize,
    /// Records of the store-backed kinds (projects, procurement, statistics…).
    pub public_records_created: usize,
}

/// Shared by every request and background task (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub clock: SharedClock,
    pub sites: Arc<SiteDirectory>,
    pub renderer: Arc<Renderer>,
    pub cache: Arc<PageCache>,
    pub changes: Arc<ChangeSignal>,
    /// Signs links (preview links) and tokens; persistent across restarts.
    pub secret: Arc<String>,
    /// Where uploaded files live.
    pub files: Arc<dyn crate::media::files::FileStore>,
    /// This server's search index, kept in step with the change log.
    pub search: Arc<crate::search::sync::Search>,
    /// Delivers the mail outbox (from the `mail-delivery` job).
    pub mailer: Arc<crate::mail::Mailer>,
    stop: Arc<Notify>,
}

impl AppState {
    /// Opens the database (migrating it), compiles the theme and loads the sites.
    pub fn open(config: Config, clock: SharedClock) -> Result<AppState, StartError> {
        std::fs::create_dir_all(&config.data_dir).map_err(|source| StartError::DataDir {
            path: config.data_dir.display().to_string(),
            source,
        })?;
        let secret = config.secret_key().map_err(|source| StartError::DataDir {
            path: config.data_dir.display().to_string(),
            source,
        })?;
        // Uploads a crash or a kill left half-written.
        match crate::media::files::clean_temp_dir(
            &config.temp_dir(),
            crate::media::files::TEMP_ABANDONED_AFTER,
        ) {
            Ok(0) => {}
            Ok(n) => tracing::info!(files = n, "abandoned temporary files deleted"),
            Err(e) => tracing::warn!(error = %e, "temporary files not cleaned up"),
        }
        let db = Db::open(&config.database_url())?;
        let files: Arc<dyn crate::media::files::FileStore> = Arc::new(
            crate::media::files::DiskStore::new(config.data_dir.join("files")).map_err(
                |source| StartError::DataDir {
                    path: config.data_dir.display().to_string(),
                    source,
                },
            )?,
        );
        let renderer = Arc::new(Renderer::new(config.theme_dir.as_deref())?);
        let extra_roots = match &config.smtp_ca_file {
            Some(path) => Some(
                std::fs::read(path)
                    .map_err(|e| crate::mail::MailError::Tls(format!("{}: {e}", path.display())))?,
            ),
            None => None,
        };
        let mailer = Arc::new(crate::mail::Mailer::new(
            &config.smtp_url,
            extra_roots.as_deref(),
            &config.mail_from,
            renderer.clone(),
        )?);
        let sites = Arc::new(SiteDirectory::default());
        sites.replace(load_directory(&mut *db.conn()?).map_err(DbError::from)?);
        let cache = Arc::new(PageCache::new(
            config.page_cache,
            config.page_cache_ttl_secs,
            config.page_cache_bytes,
            clock.clone(),
        ));
        let search = Arc::new(crate::search::sync::Search::new(
            config.data_dir.join("search"),
            clock.clone(),
            if config.search_cache {
                crate::search::answers::DEFAULT_CAPACITY
            } else {
                0
            },
        ));
        Ok(AppState {
            config: Arc::new(config),
            db,
            search,
            clock,
            sites,
            renderer,
            mailer,
            cache,
            changes: Arc::new(ChangeSignal::default()),
            secret: Arc::new(secret),
            files,
            stop: Arc::new(Notify::new()),
        })
    }

    /// Re-reads the site directory (after loading content from this process).
    /// Loads the demo province (idempotent): its sites and content, then its legal documents
    /// and gazette, then its catalogue of procedures.
    pub fn load_demo(&self, now: chrono::NaiveDateTime) -> Result<DemoLoaded, StartError> {
        let mut conn = self.db.conn()?;
        let content = crate::content::loader::load(
            &mut conn,
            &crate::content::loader::Bundle::demo(),
            &crate::content::loader::Importer::system("demo"),
            now,
        )
        .map_err(demo_error)?;
        self.reload_sites_with(&mut conn)?;
        let sites = self.sites.current();
        let place = crate::record::import::DemoPlace {
            directory: &sites,
            files: self.files.as_ref(),
            limits: &self.config.media,
        };
        crate::content::covers::load(&mut conn, &place, now).map_err(demo_error)?;
        let report = crate::legal::demo::load(&mut conn, &place, now).map_err(demo_error)?;
        let procedures = crate::services::demo::load(&mut conn, &place, now).map_err(demo_error)?;
        let questions_created =
            crate::inbox::demo::load(&mut conn, &sites, &self.config.inbox, now)
                .map_err(demo_error)?;
        let people = crate::directory::demo::load(&mut conn, &place, now).map_err(demo_error)?;
        let consultations_created =
            crate::consultation::demo::load(&mut conn, &self.sites.current(), now)
                .map_err(demo_error)?;
        let calendar = crate::calendar::store::in_force(&mut conn).map_err(demo_error)?;
        crate::timeliness::demo::load(
            &mut conn,
            self.files.as_ref(),
            &self.config.media,
            &self.sites.current(),
            &calendar,
            now,
        )
        .map_err(demo_error)?;
        let public_records_created = self.load_demo_records(&mut conn, now)?;
        Ok(DemoLoaded {
            content,
            documents_created: report.created,
            documents_unchanged: report.unchanged,
            procedures_created: procedures.created,
            procedures_unchanged: procedures.unchanged,
            questions_created,
            directory_created: people.created,
            consultations_created,
            public_records_created,
        })
    }

    /// The demo records of the store-backed kinds (projects, procurement, statistics…).
    fn load_demo_records(
        &self,
        conn: &mut DbConn,
        now: chrono::NaiveDateTime,
    ) -> Result<usize, StartError> {
        let directory = self.sites.current();
        let portal = directory
            .province()
            .ok_or_else(|| StartError::Demo("the demo needs a province portal".into()))?;
        let nothing = |path: &str| {
            Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                path.to_string(),
            ))
        };
        let place = crate::record::import::DemoPlace {
            directory: &directory,
            files: self.files.as_ref(),
            limits: &self.config.media,
        };
        let options = crate::record::import::ImportOptions::demo(portal.id, &place, &nothing);
        let mut demo = crate::record::import::Demo {
            conn,
            options: &options,
            now,
            created: 0,
            failure: None,
        };
        crate::kinds::each(&mut demo);
        match demo.failure {
            Some(failure) => Err(StartError::Demo(failure)),
            None => Ok(demo.created),
        }
    }

    pub fn reload_sites(&self) -> Result<(), DbError> {
        self.reload_sites_with(&mut *self.db.conn()?)
    }

    /// Re-reads the site directory on a connection already held (after a site change made
    /// here; other servers follow the change log), and wakes the follower.
    pub fn reload_sites_with(&self, conn: &mut DbConn) -> Result<(), DbError> {
        self.sites
            .replace(load_directory(conn).map_err(DbError::from)?);
        self.changes.poke();
        Ok(())
    }

    /// Starts following the change log and running scheduled jobs, on the current runtime.
    pub fn start_background(&self) -> Result<(), DbError> {
        let start = crate::changelog::latest_id(&mut *self.db.conn()?)?;
        let listeners: Vec<Arc<dyn ChangeListener>> = vec![
            Arc::new(SiteReloader(self.sites.clone())),
            self.cache.clone(),
            self.search.clone(),
        ];
        // The index opens, or is rebuilt while the site serves everything but search, then
        // catches up with what changed since it was last written.
        let (search, db) = (self.search.clone(), self.db.clone());
        tokio::task::spawn_blocking(move || recover_index(&search, &db));
        // An index deleted while serving is rebuilt by itself; search answers from the files
        // still open meanwhile, and `/readyz` says it is not ready.
        let (search, db, stop) = (self.search.clone(), self.db.clone(), self.stop.clone());
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = stop.notified() => return,
                    _ = tokio::time::sleep(INDEX_CHECK) => {},
                }
                if !search.lost() {
                    continue;
                }
                tracing::warn!("search index: its directory is gone; rebuilding it");
                let (search, db) = (search.clone(), db.clone());
                let _ = tokio::task::spawn_blocking(move || recover_index(&search, &db)).await;
            }
        });
        // Statuses change when a day turns, without any edit: look every few minutes.
        let (search, db, stop) = (self.search.clone(), self.db.clone(), self.stop.clone());
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = stop.notified() => return,
                    _ = tokio::time::sleep(STATUS_CHECK) => {},
                }
                let (search, db) = (search.clone(), db.clone());
                let refreshed = tokio::task::spawn_blocking(move || -> Result<usize, String> {
                    let mut conn = db.conn().map_err(|e| e.to_string())?;
                    search
                        .refresh_statuses(&mut conn)
                        .map_err(|e| e.to_string())
                })
                .await;
                match refreshed {
                    Ok(Ok(0)) => {}
                    Ok(Ok(n)) => tracing::info!(documents = n, "search index: statuses of the day"),
                    Ok(Err(e)) => {
                        tracing::warn!(error = %e, "search index: statuses not refreshed")
                    }
                    Err(e) => tracing::warn!(error = %e, "search index: status refresh failed"),
                }
            }
        });
        tokio::spawn(follower::follow(
            self.db.clone(),
            start,
            listeners,
            self.changes.clone(),
            self.stop.clone(),
        ));
        let runner = format!(
            "{}-{}",
            std::process::id(),
            hex::encode(rand::random::<[u8; 4]>())
        );
        tokio::spawn(jobs::run_forever(
            self.db.clone(),
            Arc::new(self.schedule()),
            runner,
            self.clock.clone(),
            self.stop.clone(),
        ));
        Ok(())
    }

    /// Every scheduled job of this server: the standard ones, mail delivery, the inbox's.
    pub fn schedule(&self) -> Vec<jobs::ScheduledJob> {
        let mut schedule = jobs::standard_schedule(
            self.files.clone(),
            self.config.media_unused_days,
            self.config.temp_dir(),
        );
        schedule.push(crate::mail::delivery_job(self.mailer.clone()));
        schedule.extend(crate::inbox::jobs(
            self.sites.clone(),
            self.files.clone(),
            self.config.inbox.clone(),
        ));
        schedule.extend(crate::consultation::jobs(self.config.consultation.clone()));
        schedule.extend(crate::timeliness::jobs());
        schedule
    }

    /// Stops the background tasks (at shutdown).
    pub fn stop_background(&self) {
        self.stop.notify_waiters();
    }
}

/// Opens, or rebuilds, the search index and brings it up to date (blocking).
fn recover_index(search: &crate::search::sync::Search, db: &Db) {
    match db.conn() {
        Ok(mut conn) => search.recover(&mut conn),
        Err(e) => tracing::error!(error = %e, "search index: no database"),
    }
}

/// Keeps the in-memory site directory in step with site changes.
struct SiteReloader(Arc<SiteDirectory>);

impl ChangeListener for SiteReloader {
    fn on_changes(&self, conn: &mut DbConn, changes: &[Change]) {
        if changes.iter().any(|c| c.is(crate::changelog::Entity::Site)) {
            match load_directory(conn) {
                Ok(d) => self.0.replace(d),
                Err(e) => tracing::error!(error = %e, "cannot reload the site directory"),
            }
        }
    }
}

/// The actix application: middleware from the outside in — the access log, security headers (never
/// stored in the cache), page cache, error pages, site selection — then the routes.
pub fn build(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(web::Data::new(state))
        .app_data(crate::web::query_config())
        .app_data(crate::web::path_config())
        .configure(crate::web::routes)
        .wrap(middleware::from_fn(crate::web::middleware::select_site))
        .wrap(middleware::from_fn(crate::web::middleware::error_pages))
        .wrap(middleware::from_fn(crate::web::middleware::page_cache))
        .wrap(middleware::from_fn(
            crate::web::middleware::security_headers,
        ))
        .wrap(middleware::from_fn(crate::web::middleware::access_log))
}
