//! Database access: one code path for SQLite (embedded default) and PostgreSQL,
//! chosen by the URL scheme, through diesel's `MultiConnection`.

pub mod schema;
pub mod typed;

/// What a query answers: its rows, or why it failed.
pub use diesel::QueryResult;

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

/// A connection to either backend; queries written once run on both.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

impl DbConn {
    /// Runs `f` in a write transaction. On SQLite it starts with `BEGIN IMMEDIATE`: the
    /// write lock is taken before the first read, so a transaction that reads and then
    /// writes (count-then-insert) waits for the busy timeout instead of failing with
    /// "database is locked" when it would upgrade. Nested calls become savepoints. Every
    /// transaction of the application goes through here.
    pub fn write<T, E, F>(&mut self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<diesel::result::Error>,
    {
        use diesel::connection::{AnsiTransactionManager, TransactionManager};
        type Manager = <DbConn as Connection>::TransactionManager;
        let nested = Manager::transaction_manager_status_mut(self)
            .transaction_depth()?
            .is_some();
        match self {
            DbConn::Sqlite(c) if !nested => {
                AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
            }
            _ => Manager::begin_transaction(self)?,
        }
        match f(self) {
            Ok(value) => {
                Manager::commit_transaction(self)?;
                Ok(value)
            }
            Err(e) => match Manager::rollback_transaction(self) {
                Ok(()) | Err(diesel::result::Error::BrokenTransactionManager) => Err(e),
                Err(rollback) => Err(rollback.into()),
            },
        }
    }

    /// Serialises the transactions that take the same `key` (a per-address limit checked
    /// then recorded). On PostgreSQL a transaction-scoped advisory lock, released at commit;
    /// SQLite needs none, since a write transaction already holds the database's one write lock.
    pub fn lock(&mut self, key: &str) -> diesel::QueryResult<()> {
        match self {
            DbConn::Pg(c) => {
                diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                    .bind::<diesel::sql_types::Text, _>(key)
                    .execute(c)
                    .map(|_| ())
            }
            DbConn::Sqlite(_) => Ok(()),
        }
    }
}

/// Storage failures, told apart where callers react differently.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] diesel::ConnectionError),
    /// SQLite names its file in no message: this error does.
    #[error("cannot open the SQLite database {path}: {source}")]
    OpenSqlite {
        path: String,
        source: diesel::ConnectionError,
    },
    #[error("SQLite database {path}: {source}")]
    Sqlite {
        path: String,
        source: diesel::result::Error,
    },
    #[error("no database connection available: {0}")]
    Pool(#[from] r2d2::PoolError),
    #[error("migrations failed: {0}")]
    Migration(String),
    #[error("the blocking task was cancelled")]
    Cancelled,
    /// The database failed to answer a moment ago: requests fail at once until it is retried.
    #[error("the database is unavailable (retried every second)")]
    Unavailable,
}

impl DbError {
    /// The database cannot be reached (down, restarting, no connection to be had), as opposed
    /// to a query of ours that failed: a 503 the reader may retry, not a fault.
    pub fn is_unavailable(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        match self {
            DbError::Pool(_) | DbError::Connect(_) | DbError::Unavailable => true,
            DbError::Query(Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _)) => true,
            // libpq's words when the server goes away under a connection.
            DbError::Query(Error::DatabaseError(_, info)) => {
                let m = info.message();
                m.contains("terminating connection")
                    || m.contains("server closed the connection")
                    || m.contains("shutting down")
                    || m.contains("starting up")
                    || m.contains("no connection to the server")
            }
            _ => false,
        }
    }
}

/// How long a request waits for a pooled connection before the database counts as unavailable.
const CONNECTION_WAIT: Duration = Duration::from_secs(2);
/// After the database failed to answer, requests fail at once for this long (then one tries).
const UNAVAILABLE_FOR: Duration = Duration::from_secs(1);

/// Remembers that the database failed to answer, so that requests meanwhile fail fast instead
/// of each waiting for a connection that will not come.
#[derive(Default)]
struct Outage(parking_lot::Mutex<Option<std::time::Instant>>);

impl Outage {
    fn ongoing(&self) -> bool {
        matches!(*self.0.lock(), Some(until) if std::time::Instant::now() < until)
    }

    fn note<T>(&self, result: &Result<T, DbError>) {
        match result {
            Err(e) if e.is_unavailable() => {
                *self.0.lock() = Some(std::time::Instant::now() + UNAVAILABLE_FOR);
            }
            _ => {}
        }
    }
}

/// Which database engine a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `postgres://` and `postgresql://` select PostgreSQL; anything else is an SQLite path
    /// (optionally written `sqlite://path`).
    pub fn from_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// The SQLite file path a URL names (`sqlite://data/x.db` or a bare path).
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://").unwrap_or(url)
}

/// Opens connections of the backend the URL names, never falling back to
/// another (a PostgreSQL URL that fails must not create an SQLite file).
#[derive(Debug, Clone)]
pub struct ConnectionFactory {
    url: String,
    backend: Backend,
}

impl ConnectionFactory {
    pub fn new(url: &str) -> Self {
        ConnectionFactory {
            url: url.to_string(),
            backend: Backend::from_url(url),
        }
    }

    pub fn establish(&self) -> Result<DbConn, DbError> {
        match self.backend {
            Backend::Postgres => Ok(DbConn::Pg(diesel::PgConnection::establish(&self.url)?)),
            Backend::Sqlite => {
                let path = sqlite_path(&self.url);
                let mut conn = diesel::SqliteConnection::establish(path).map_err(|source| {
                    DbError::OpenSqlite {
                        path: path.to_string(),
                        source,
                    }
                })?;
                // WAL lets readers run beside the writer; the busy timeout makes a
                // second writer wait instead of failing; SQLite leaves foreign keys off by default.
                conn.batch_execute(
                    "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
                     PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                )
                .map_err(|source| DbError::Sqlite {
                    path: path.to_string(),
                    source,
                })?;
                Ok(DbConn::Sqlite(conn))
            }
        }
    }
}

impl ManageConnection for ConnectionFactory {
    type Connection = DbConn;
    type Error = DbError;

    fn connect(&self) -> Result<DbConn, DbError> {
        self.establish()
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), DbError> {
        conn.batch_execute("SELECT 1").map_err(DbError::Query)
    }

    fn has_broken(&self, _conn: &mut DbConn) -> bool {
        false
    }
}

pub type PooledConn = r2d2::PooledConnection<ConnectionFactory>;

/// The shared connection pool. Blocking work runs through [`Db::run`], off the async executor.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<ConnectionFactory>,
    backend: Backend,
    url: String,
    /// As many permits as connections: requests wait for a connection asynchronously
    /// instead of each parking a blocking thread on the pool (hundreds of threads under
    /// load, and their context switches, for no more throughput).
    permits: std::sync::Arc<tokio::sync::Semaphore>,
    outage: std::sync::Arc<Outage>,
}

impl Db {
    /// Opens a pool and applies pending migrations.
    pub fn open(url: &str) -> Result<Db, DbError> {
        let factory = ConnectionFactory::new(url);
        let backend = factory.backend;
        create_parent_dir(url)?;
        // Migrate on one connection before the pool opens others, so that SQLite's
        // switch to WAL and the schema are in place for every pooled connection.
        migrate(&mut factory.establish()?)?;
        let size = match backend {
            Backend::Sqlite => 16,
            Backend::Postgres => 16,
        };
        // No idle connection kept ready: r2d2 would open a replacement on its own thread
        // whenever one is taken, and a command that exits while libpq is connecting there
        // crashes (1 run in 10 of `cong user list` on PostgreSQL). Connections open on demand.
        let pool = r2d2::Pool::builder()
            .max_size(size)
            .min_idle(Some(0))
            .connection_timeout(Duration::from_secs(5))
            .build(factory)?;
        Ok(Db {
            pool,
            backend,
            url: url.to_string(),
            permits: std::sync::Arc::new(tokio::sync::Semaphore::new(permits(backend, size))),
            outage: Default::default(),
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// The pool's connections now (for monitoring).
    pub fn pool_state(&self) -> r2d2::State {
        self.pool.state()
    }

    /// A connection for blocking code (command line, background jobs already off the executor).
    pub fn conn(&self) -> Result<PooledConn, DbError> {
        Ok(self.pool.get()?)
    }

    /// Runs blocking database work on the blocking thread pool.
    pub async fn run<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let asked = std::time::Instant::now();
        if self.outage.ongoing() {
            return Err(E::from(DbError::Unavailable));
        }
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| E::from(DbError::Cancelled))?;
        if self.outage.ongoing() {
            return Err(E::from(DbError::Unavailable));
        }
        let outage = self.outage.clone();
        actix_web::rt::task::spawn_blocking(move || {
            let _permit = permit;
            let conn = pool.get_timeout(CONNECTION_WAIT).map_err(DbError::from);
            outage.note(&conn);
            let mut conn = conn?;
            crate::telemetry::metrics::db_pool_waited(asked.elapsed());
            f(&mut conn)
        })
        .await
        .map_err(|_| E::from(DbError::Cancelled))?
    }

    /// True when the database answers within a second (for `/healthz`).
    pub async fn is_reachable(&self) -> bool {
        let pool = self.pool.clone();
        actix_web::rt::task::spawn_blocking(move || {
            pool.get_timeout(Duration::from_secs(1))
                .ok()
                .map(|mut c| c.batch_execute("SELECT 1").is_ok())
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false)
    }
}

/// How many requests use the database at once. SQLite's reads are CPU work in this process:
/// more of them at once than twice the cores only takes the cores from the workers that serve
/// cached pages and search (the slowest page then waits for a core, not for data). PostgreSQL's
/// work is done in its own processes: the whole pool overlaps the waits.
fn permits(backend: Backend, pool_size: u32) -> usize {
    match backend {
        Backend::Sqlite => {
            let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
            (2 * cores).clamp(4, pool_size as usize)
        }
        Backend::Postgres => pool_size as usize,
    }
}

/// Creates the folder an SQLite database will live in (nothing for PostgreSQL).
pub fn create_parent_dir(url: &str) -> Result<(), DbError> {
    if Backend::from_url(url) == Backend::Sqlite {
        if let Some(dir) = std::path::Path::new(sqlite_path(url)).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    DbError::Migration(format!("cannot create {}: {e}", dir.display()))
                })?;
            }
        }
    }
    Ok(())
}

/// Applies the embedded migrations of the connection's backend.
pub fn migrate(conn: &mut DbConn) -> Result<usize, DbError> {
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        DbConn::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| DbError::Migration(e.to_string()))?;
    Ok(applied.len())
}

/// Converts a database timestamp (UTC, naive) to a UTC time.
pub fn utc(t: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    t.and_utc()
}
