//! The command line: `cong serve` (the default), `migrate`, `content load`, `backup`, `restore`,
//! `calendar`, `legal`.

pub mod import;
pub mod progress;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::app::AppState;
use crate::clock::{SharedClock, SystemClock};
use crate::config::Config;
use crate::content::loader::{self, Bundle};
use crate::db::{self, ConnectionFactory};

/// Every other variable the configuration reads, for `--help` (the README explains each).
const ENVIRONMENT: &str = "\
Environment (each overrides its key of cong.toml; see the README):
  CONG_BASE_DOMAIN              the province portal's domain; sites are its sub-domains
  CONG_PUBLIC_SCHEME            http or https: the scheme of every absolute link
  CONG_PUBLIC_PORT              the port readers reach the sites on (default: bind's)
  CONG_BIND                     the address `serve` listens on (default 127.0.0.1:8080)
  CONG_SECRET_KEY               signs cookies and links (default: <data_dir>/secret.key)
  CONG_TRUSTED_PROXIES          reverse proxies whose X-Forwarded-* headers are believed
  CONG_HSTS_INCLUDE_SUBDOMAINS  on/off: HSTS covers the sites' sub-domains (on)
  CONG_PAGE_CACHE               on/off: serve anonymous pages from memory (on)
  CONG_PAGE_CACHE_TTL           longest life of a cached page, in seconds (600)
  CONG_PAGE_CACHE_MB            most memory of the page cache, in MB (128)
  CONG_SEARCH_CACHE             on/off: keep recent search answers in memory (on)
  CONG_WORKERS                  HTTP worker threads (one per CPU)
  CONG_THEME_DIR                a theme folder overriding the built-in theme
  CONG_MAX_DOCUMENT_MB          largest document upload, in MB (50)
  CONG_SMTP_URL                 the mail relay (smtp://, smtp://…?tls=required, smtps://)
  CONG_SMTP_CA_FILE             extra certificate authorities of the relay (PEM)
  CONG_MAIL_FROM                the sender of every e-mail
  CONG_USER_PASSWORD            the password of `user add` and `user password`
  CONG_LOG                      the log filter (info; e.g. cong=debug, access=off)
  CONG_METRICS_BIND             where Prometheus reads /metrics (off when unset)
  CONG_LOG_FORMAT               text or json: how every log line is written (text)
  CONG_ACCESS_LOG               on/off: one log line per request (on)
  CONG_ACCESS_LOG_CLIENT        full, network or none: the client address logged (network)";

/// Cổng — the web portal of a province and the sites of its departments and communes.
#[derive(Debug, Parser)]
#[command(name = "cong", version, about, long_about = None, after_help = ENVIRONMENT)]
pub struct Cli {
    /// Configuration file (default: ./cong.toml when it exists). `CONG_*` variables override it.
    #[arg(long, global = true, value_name = "FILE", env = "CONG_CONFIG")]
    pub config: Option<PathBuf>,
    /// Where the SQLite database, uploaded files and the search index live (default: data).
    #[arg(long, global = true, value_name = "DIR", env = "CONG_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// `postgres://…` selects PostgreSQL; anything else is an SQLite path
    /// (default: <data_dir>/cong.sqlite3).
    #[arg(
        long,
        global = true,
        value_name = "URL",
        env = "CONG_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve every site (the default command).
    Serve {
        /// Load the demo province's content (idempotent) before serving.
        #[arg(long)]
        demo: bool,
        /// Address to listen on (overrides `bind` in cong.toml).
        #[arg(long, value_name = "ADDR", env = "CONG_BIND")]
        bind: Option<String>,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Content folders: load them, report translation gaps.
    #[command(subcommand)]
    Content(ContentCommand),
    /// Write a consistent backup of the SQLite database and the data directory into DIR.
    Backup {
        /// A new or empty folder.
        dir: PathBuf,
    },
    /// Restore a backup made by `cong backup` (refused while the portal runs).
    Restore {
        /// The folder written by `cong backup`.
        dir: PathBuf,
        /// Restore even though a server seems to use the data directory (a stale lock).
        #[arg(long)]
        force: bool,
    },
    /// Personal accounts of the editorial boards and their roles per site.
    #[command(subcommand)]
    User(UserCommand),
    /// Vietnam's working-day calendar: holidays of a year, deadlines in working days.
    #[command(subcommand)]
    Calendar(crate::calendar::cli::CalendarCommand),
    /// Rebuild the search index from the database, with a progress bar (the site keeps
    /// serving the previous index until the new one is complete).
    Reindex,
    /// Import records of a kind from JSON Lines (`.jsonl`) or CSV (`.csv`), one line at a
    /// time (a bad line is reported and changes nothing): `cong import legal FILE`,
    /// `cong import services FILE`. Prints a JSON summary with every rejected line and its
    /// reason; exits 1 when a line was rejected.
    Import {
        /// The kind of record: `legal` (documents), `services` (procedures) or `directory`
        /// (organisation units, officials, schedule weeks).
        kind: ImportKind,
        #[command(flatten)]
        request: crate::cli::import::ImportRequest,
    },
    /// Legal and administrative documents: read a number-symbol (số ký hiệu).
    #[command(subcommand)]
    Legal(crate::legal::cli::LegalCommand),
    /// Administrative procedures and online public services: bulk import, usage figures.
    #[command(subcommand)]
    Services(crate::services::cli::ServicesCommand),
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password comes from CONG_USER_PASSWORD or the first line of stdin.
    Add {
        /// The user name it signs in with: 3–40 lower-case letters, digits, `.`, `-` or `_`.
        username: String,
        /// The person's full name, as shown on their work.
        #[arg(long)]
        name: String,
        /// Its official e-mail address.
        #[arg(long, default_value = "")]
        email: String,
        /// A system administrator acts on every site.
        #[arg(long)]
        system_admin: bool,
    },
    /// Give a role on a site (replacing the role it had there).
    Grant {
        /// The account's user name.
        username: String,
        /// The site's slug (`sonha`, `skhcn`…).
        site: String,
        /// contributor writes and submits; editor also approves; board_head also publishes;
        /// site_admin runs the site's settings and board.
        #[arg(value_parser = ["contributor", "editor", "board_head", "site_admin"])]
        role: String,
    },
    /// Take away a role on a site.
    Revoke {
        /// The account's user name.
        username: String,
        /// The site's slug.
        site: String,
    },
    /// Disable an account (its work stays attributed; its sessions end).
    Disable {
        /// The account's user name.
        username: String,
    },
    /// Set a new password (CONG_USER_PASSWORD or stdin); ends the account's sessions.
    Password {
        /// The account's user name.
        username: String,
    },
    /// List accounts and their roles (JSON).
    List,
}

#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Load `sites.toml` and Markdown files with TOML front matter from DIR (idempotent).
    Load {
        /// A content folder, laid out like the repository's `content/`.
        dir: PathBuf,
        /// Run the import as this account (recorded in the audit log as its import).
        #[arg(long = "as", value_name = "USER")]
        as_user: Option<String>,
        /// Create drafts for the editorial board to review instead of publishing (needs --as).
        #[arg(long)]
        draft: bool,
    },
    /// List Vietnamese items whose English translation is missing or older (JSON).
    Translations {
        /// Only this site (its slug).
        #[arg(long)]
        site: Option<String>,
    },
}

/// The kinds of record `cong import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportKind {
    /// Legal and administrative documents (also `cong legal import`).
    Legal,
    /// Administrative procedures (also `cong services import`).
    Services,
    /// Organisation units, officials with their posts, and schedule weeks.
    Directory,
    /// Investment projects (JSON Lines, like every kind below).
    Projects,
    /// Procurement notices.
    Procurement,
    /// Statistics datasets with their values.
    Statistics,
    /// Strategies, master plans, plans and programmes.
    Plans,
    /// Budget disclosures.
    Budget,
    /// Science and technology programmes and tasks.
    Science,
}

/// Parses the command line and runs the command; errors go to stderr with exit code 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    crate::telemetry::logging::init();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let format = crate::telemetry::logging::LogFormat::current();
            let line = crate::telemetry::logging::fatal_line(format, &error_chain(&e));
            eprintln!("{line}");
            ExitCode::FAILURE
        }
    }
}

/// An error with its causes, each said once: many of our errors already quote their
/// source in their own message, and `{:#}` would print it again.
fn error_chain(e: &anyhow::Error) -> String {
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let mut config = Config::load(cli.config.as_deref(), |k| std::env::var(k).ok())?;
    if let Some(dir) = cli.data_dir {
        config.data_dir = dir;
    }
    if let Some(url) = cli.database_url {
        config.database_url = url;
    }
    let clock: SharedClock = Arc::new(SystemClock);
    match cli.command.unwrap_or(Command::Serve {
        demo: false,
        bind: None,
    }) {
        Command::Serve { demo, bind } => serve(config, clock, demo, bind),
        Command::Migrate => {
            let url = config.database_url();
            db::create_parent_dir(&url)?;
            let mut conn = ConnectionFactory::new(&url).establish()?;
            let applied = db::migrate(&mut conn)?;
            println!("{applied} migration(s) applied");
            Ok(())
        }
        Command::Content(ContentCommand::Load {
            dir,
            as_user,
            draft,
        }) => {
            let state = AppState::open(config, clock.clone())?;
            let bundle = Bundle::read_dir(&dir)?;
            let mut conn = state.db.conn()?;
            let importer = match as_user {
                Some(name) => {
                    let id = crate::account::store::find_id(&mut conn, &name)?
                        .ok_or_else(|| anyhow::anyhow!("no user {name:?}"))?;
                    let actor = crate::account::store::actor(&mut conn, id)?
                        .ok_or_else(|| anyhow::anyhow!("the account {name:?} is disabled"))?;
                    loader::Importer::as_account(actor, draft)
                }
                None if draft => {
                    anyhow::bail!("--draft needs --as USER: drafts are proposed by an account")
                }
                None => loader::Importer::system("import"),
            };
            let report = loader::load(&mut conn, &bundle, &importer, clock.now().naive_utc())?;
            println!("{}", serde_json::to_string(&report)?);
            Ok(())
        }
        Command::Content(ContentCommand::Translations { site }) => {
            let state = AppState::open(config, clock.clone())?;
            let directory = state.sites.current();
            let site_id = match site {
                Some(slug) => Some(
                    directory
                        .by_slug(&slug)
                        .map(|s| s.id)
                        .ok_or_else(|| anyhow::anyhow!("no site with slug {slug:?}"))?,
                ),
                None => None,
            };
            let today = crate::directory::week::vietnam_day(clock.now().naive_utc());
            let gaps = crate::content::translations::gaps(&mut *state.db.conn()?, site_id, today)?;
            println!("{}", serde_json::to_string_pretty(&gaps)?);
            Ok(())
        }
        Command::Backup { dir } => {
            // Read only: no migration, and no database created where none was.
            crate::backup::existing_database(&config.database_url())?;
            let mut conn = ConnectionFactory::new(&config.database_url()).establish()?;
            let manifest = crate::backup::backup(
                &mut conn,
                &config.database_url(),
                &config.data_dir,
                &dir,
                clock.now(),
            )?;
            println!(
                "backup written to {}: database and {} file(s)",
                dir.display(),
                manifest.files.len()
            );
            Ok(())
        }
        Command::User(cmd) => user_command(config, clock, cmd),
        Command::Calendar(cmd) => crate::calendar::cli::run(cmd),
        Command::Reindex => {
            let state = AppState::open(config, clock)?;
            let started = std::time::Instant::now();
            let bar = progress::progress_bar("reindex");
            let mut progress = |done: usize, total: usize| progress::advance(&bar, done, total);
            let entries = state
                .search
                .rebuild(&mut *state.db.conn()?, Some(&mut progress))?;
            bar.finish_and_clear();
            println!(
                "search index rebuilt: {entries} entries in {:.2} s",
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Import { kind, request } => import::import_kind(kind, config, clock, request),
        Command::Legal(cmd) => crate::legal::cli::run(cmd, config, clock),
        Command::Services(cmd) => crate::services::cli::run(cmd, config, clock),
        Command::Restore { dir, force } => {
            let manifest =
                crate::backup::restore(&dir, &config.database_url(), &config.data_dir, force)?;
            println!(
                "restored the backup of {} ({} file(s)) into {}",
                manifest.created_at,
                manifest.files.len(),
                config.data_dir.display()
            );
            Ok(())
        }
    }
}

fn serve(
    mut config: Config,
    clock: SharedClock,
    demo: bool,
    bind: Option<String>,
) -> anyhow::Result<()> {
    if let Some(bind) = bind {
        config.bind = bind;
    }
    let started = std::time::Instant::now();
    // Held while serving: `cong restore` refuses to pull the database from under it.
    let _serving = crate::backup::serving(&config.data_dir)?;
    let state = AppState::open(config, clock.clone())?;
    if demo {
        let report = state.load_demo(clock.now().naive_utc())?;
        crate::account::demo::ensure(
            &mut *state.db.conn()?,
            &state.sites.current(),
            clock.now().naive_utc(),
        )?;
        // Answered through the review, by the demo accounts just made.
        crate::inbox::demo::answer(
            &mut *state.db.conn()?,
            &state.sites.current(),
            &state.config.inbox,
            clock.now().naive_utc(),
        )?;
        tracing::info!(
            sites = report.content.sites,
            created = report.content.created,
            updated = report.content.updated,
            unchanged = report.content.unchanged,
            documents_created = report.documents_created,
            documents_unchanged = report.documents_unchanged,
            procedures_created = report.procedures_created,
            procedures_unchanged = report.procedures_unchanged,
            "demo content loaded"
        );
    }
    let workers = match state.config.workers {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let bind = state.config.bind.clone();
    actix_web::rt::System::new().block_on(async move {
        state.start_background()?;
        let app_state = state.clone();
        let server = actix_web::HttpServer::new(move || crate::app::build(app_state.clone()))
            .workers(workers)
            .shutdown_timeout(20)
            .bind(&bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {bind}: {e}"))?
            .run();
        let mut metrics_server = None;
        if let Some(metrics_bind) = state.config.metrics_bind.clone() {
            crate::telemetry::metrics::install();
            let metrics_state = state.clone();
            // `/metrics` only, on its own address: never where readers and robots come.
            let metrics = actix_web::HttpServer::new(move || {
                actix_web::App::new()
                    .app_data(actix_web::web::Data::new(metrics_state.clone()))
                    .route(
                        "/metrics",
                        actix_web::web::get().to(crate::web::system::metrics),
                    )
            })
            .workers(1)
            .disable_signals()
            .bind(&metrics_bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {metrics_bind} (metrics): {e}"))?
            .run();
            metrics_server = Some(metrics.handle());
            actix_web::rt::spawn(metrics);
            tracing::info!("metrics on http://{metrics_bind}/metrics");
        }
        tracing::info!(
            "serving on http://{bind} (ready in {} ms)",
            started.elapsed().as_millis()
        );
        for site in state.sites.current().sites.iter() {
            tracing::info!("  {:<10} {}/", site.slug, site.origin(&state.config));
        }
        // SIGTERM and SIGINT stop accepting, finish requests in flight, then return.
        server.await?;
        // The metrics listener stops with the public one.
        if let Some(metrics) = metrics_server {
            metrics.stop(false).await;
        }
        state.stop_background();
        tracing::info!("stopped");
        Ok(())
    })
}

/// A secret given without a prompt: the environment variable, else the first line of stdin.
fn secret_from(var: &str) -> anyhow::Result<String> {
    if let Ok(v) = std::env::var(var) {
        return Ok(v);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let line = line.trim_end_matches(['\r', '\n']).to_string();
    if line.is_empty() {
        anyhow::bail!("no password: set {var} or write it on standard input");
    }
    Ok(line)
}

fn user_command(config: Config, clock: SharedClock, cmd: UserCommand) -> anyhow::Result<()> {
    use crate::account::audit::{Entry, Via};
    use crate::account::{store as accounts, Role};
    let state = AppState::open(config, clock.clone())?;
    let mut conn = state.db.conn()?;
    let now = clock.now().naive_utc();
    // The command line acts as the operating-system user running it.
    let operator = std::env::var("USER").unwrap_or_else(|_| "cli".into());
    let by = Entry::named(None, &format!("cli:{operator}"), Via::Cli);
    let directory = state.sites.current();
    let site_of = |slug: &str| {
        directory
            .by_slug(slug)
            .map(|s| s.id)
            .ok_or_else(|| anyhow::anyhow!("no site with slug {slug:?}"))
    };
    match cmd {
        UserCommand::Add {
            username,
            name,
            email,
            system_admin,
        } => {
            let password = secret_from("CONG_USER_PASSWORD")?;
            let new = accounts::NewUser {
                username: &username,
                display_name: &name,
                email: &email,
                password: &password,
                system_admin,
            };
            let id = accounts::create(&mut conn, &new, &by, now)?;
            println!("created user {username} (id {})", id.0);
        }
        UserCommand::Grant {
            username,
            site,
            role,
        } => {
            let role = Role::parse(&role).ok_or_else(|| {
                anyhow::anyhow!(
                    "unknown role {role:?}: contributor, editor, board_head or site_admin"
                )
            })?;
            accounts::grant(&mut conn, &username, site_of(&site)?, role, &by, now)?;
            println!("{username} is now {} on {site}", role.as_str());
        }
        UserCommand::Revoke { username, site } => {
            let removed = accounts::revoke(&mut conn, &username, site_of(&site)?, &by, now)?;
            println!(
                "{}",
                if removed {
                    "role revoked"
                } else {
                    "no role to revoke"
                }
            );
        }
        UserCommand::Disable { username } => {
            accounts::disable(&mut conn, &username, &by, now)?;
            println!("{username} is disabled");
        }
        UserCommand::Password { username } => {
            let password = secret_from("CONG_USER_PASSWORD")?;
            accounts::set_password(&mut conn, &username, &password, &by, now)?;
            println!("password of {username} changed; its sessions ended");
        }
        UserCommand::List => {
            let users: Vec<serde_json::Value> = accounts::list(&mut conn)?
                .into_iter()
                .map(|(u, roles)| {
                    let roles: Vec<serde_json::Value> = roles
                        .iter()
                        .map(|(s, r)| serde_json::json!({"site": directory.get(*s).map(|x| x.slug.clone()), "role": r.as_str()}))
                        .collect();
                    serde_json::json!({"username": u.username, "name": u.display_name, "email": u.email,
                        "system_admin": u.is_system_admin, "disabled": u.disabled_at.is_some(), "roles": roles})
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&users)?);
        }
    }
    Ok(())
}
