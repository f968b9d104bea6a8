//! `cong services …`: importing procedures in bulk and the usage figures of online services.

use std::path::PathBuf;
use std::time::Instant;

use super::usage;
pub use super::usage::{import_usage, UsageReport};
use crate::cli::ImportKind;
use crate::clock::SharedClock;
use crate::config::Config;

/// The catalogue's subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum ServicesCommand {
    /// Import procedures from JSON Lines (`.jsonl`) or CSV (`.csv`): idempotent by procedure
    /// code, one line at a time (a bad line is reported and changes nothing), published on
    /// the province portal unless a line or --site names another site. Prints a JSON
    /// summary; exits 1 when a line was rejected.
    Import(crate::cli::import::ImportRequest),
    /// Import usage figures of online services from CSV (code, period_start, period_end,
    /// views, uses, received, processed, on_time); a period already imported is replaced.
    /// Exits 1 when a line was rejected.
    Stats {
        /// The CSV file exported by the public-service system.
        file: PathBuf,
    },
}

/// Runs a services subcommand, printing its result on standard output.
pub fn run(cmd: ServicesCommand, config: Config, clock: SharedClock) -> anyhow::Result<()> {
    match cmd {
        ServicesCommand::Import(request) => {
            crate::cli::import::import_kind(ImportKind::Services, config, clock, request)
        }
        ServicesCommand::Stats { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let lines = usage::read_csv(&text).map_err(|e| anyhow::anyhow!("{e}"))?;
            // Only the database is needed (opened and migrated), not the whole application.
            let db = crate::db::Db::open(&config.database_url())?;
            let started = Instant::now();
            let report = import_usage(&mut *db.conn()?, lines, clock.now().naive_utc())?;
            let messages = crate::render::i18n::Messages::load()?;
            let rejected = report.rejected_said(&messages, crate::lang::Lang::En);
            let summary = serde_json::json!({
                "recorded": report.recorded,
                "unchanged": report.unchanged,
                "rejected": rejected.len(),
                "lines": rejected,
            });
            crate::cli::import::print_summary(
                summary,
                started.elapsed().as_secs_f64(),
                report.recorded + report.unchanged + report.rejected.len(),
                report.rejected.len(),
            )
        }
    }
}
