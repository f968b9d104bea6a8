//! The command line: `cong serve` (the default), `migrate`, `content load`, `backup`, `restore`,
//! `calendar`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use crate::app::AppState;
use crate::clock::{SharedClock, SystemClock};
use crate::config::Config;
use crate::content::loader::{self, Bundle};
use crate::db::{self, ConnectionFactory};

/// Cổng — the web portal of a province and the sites of its departments and communes.
#[derive(Debug, Parser)]
#[command(name = "cong", version, about, long_about = None)]
pub struct Cli {
    /// Configuration file (default: ./cong.toml when it exists). `CONG_*` variables override it.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
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
        /// Address to listen on (overrides `bind` / CONG_BIND).
        #[arg(long, value_name = "ADDR")]
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
    /// Restore a backup made by `cong backup` (stop the portal first).
    Restore {
        /// The folder written by `cong backup`.
        dir: PathBuf,
    },
    /// Vietnam's working-day calendar: holidays of a year, deadlines in working days.
    #[command(subcommand)]
    Calendar(crate::calendar::cli::CalendarCommand),
}

#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Load `sites.toml` and Markdown files with TOML front matter from DIR (idempotent).
    Load {
        /// A content folder, laid out like the repository's `content/`.
        dir: PathBuf,
    },
    /// List Vietnamese items whose English translation is missing or older (JSON).
    Translations {
        /// Only this site (its slug).
        #[arg(long)]
        site: Option<String>,
    },
}

/// Parses the command line and runs the command; errors go to stderr with exit code 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CONG_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::load(cli.config.as_deref(), |k| std::env::var(k).ok())?;
    let clock: SharedClock = Arc::new(SystemClock);
    match cli.command.unwrap_or(Command::Serve {
        demo: false,
        bind: None,
    }) {
        Command::Serve { demo, bind } => serve(config, clock, demo, bind),
        Command::Migrate => {
            let mut conn = ConnectionFactory::new(&config.database_url()).establish()?;
            let applied = db::migrate(&mut conn)?;
            println!("{applied} migration(s) applied");
            Ok(())
        }
        Command::Content(ContentCommand::Load { dir }) => {
            let state = AppState::open(config, clock.clone())?;
            let bundle = Bundle::read_dir(&dir)?;
            let report = loader::load(&mut *state.db.conn()?, &bundle, clock.now().naive_utc())?;
            println!("{}", serde_json::to_string(&report)?);
            Ok(())
        }
        Command::Content(ContentCommand::Translations { site }) => {
            let state = AppState::open(config, clock)?;
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
            let gaps = crate::content::translations::gaps(&mut *state.db.conn()?, site_id)?;
            println!("{}", serde_json::to_string_pretty(&gaps)?);
            Ok(())
        }
        Command::Backup { dir } => {
            let db = crate::db::Db::open(&config.database_url())?;
            let manifest = crate::backup::backup(
                &mut *db.conn()?,
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
        Command::Calendar(cmd) => crate::calendar::cli::run(cmd),
        Command::Restore { dir } => {
            let manifest = crate::backup::restore(&dir, &config.database_url(), &config.data_dir)?;
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
    let state = AppState::open(config, clock.clone())?;
    if demo {
        let report = loader::load(
            &mut *state.db.conn()?,
            &Bundle::demo(),
            clock.now().naive_utc(),
        )?;
        state.reload_sites()?;
        tracing::info!(
            sites = report.sites,
            created = report.created,
            updated = report.updated,
            unchanged = report.unchanged,
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
            .bind(&bind)?
            .run();
        let port = bind.rsplit(':').next().unwrap_or("8080");
        tracing::info!(
            "serving on http://{bind} (ready in {} ms)",
            started.elapsed().as_millis()
        );
        for site in state.sites.current().sites.iter() {
            tracing::info!(
                "  {:<10} http://{}:{port}/",
                site.slug,
                site.host(&state.config.base_domain)
            );
        }
        // SIGTERM and SIGINT stop accepting, finish requests in flight, then return.
        server.await?;
        state.stop_background();
        tracing::info!("stopped");
        Ok(())
    })
}
