//! What a command-line import shares (`cong import KIND FILE` and its aliases `cong legal
//! import`, `cong services import`): opening the app as the account and onto the site asked
//! for, the progress bar, and the summary printed at the end.

use chrono::NaiveDateTime;

use super::progress::{advance, progress_bar};
use super::ImportKind;
use crate::account::audit::Entry;
use crate::db::DbConn;
use crate::record::import::{may_import, ImportError, ImportOptions, KindReport, Progress};

/// Where and as whom a command-line import runs: the opened app, the site lines go to
/// (`--site`, else the province portal), and the account (`--as`) recorded in the audit log.
pub struct Run {
    pub state: crate::app::AppState,
    pub directory: std::sync::Arc<crate::site::hosts::Directory>,
    pub target: std::sync::Arc<crate::site::Site>,
    pub actor: Option<crate::account::Actor>,
    pub entry: Entry,
}

impl Run {
    /// Opens the app for an import; refused on an installation without sites, and for an
    /// account without a role on the target site.
    pub fn open(
        config: crate::config::Config,
        clock: crate::clock::SharedClock,
        site: Option<&str>,
        as_user: Option<String>,
        draft: bool,
    ) -> anyhow::Result<Run> {
        use crate::account::audit::Via;
        if draft && as_user.is_none() {
            anyhow::bail!("--draft needs --as USER: drafts are proposed by an account");
        }
        let state = crate::app::AppState::open(config, clock.clone())?;
        let directory = state.sites.current();
        if directory.sites.is_empty() {
            // The demo province is never made up behind an operator's back.
            anyhow::bail!(
                "no site is defined yet: define the province's sites first with \
                 `cong content load DIR` (a folder with a sites.toml, like the repository's \
                 content/), then import with --site SLUG or onto the province portal"
            );
        }
        let target = match site {
            Some(slug) => directory
                .by_slug(slug)
                .ok_or_else(|| anyhow::anyhow!("no site with slug {slug:?}"))?,
            None => directory
                .province()
                .ok_or_else(|| anyhow::anyhow!("no province portal is defined: give --site"))?,
        }
        .clone();
        let mut conn = state.db.conn()?;
        let actor = match &as_user {
            Some(name) => {
                let id = crate::account::store::find_id(&mut conn, name)?
                    .ok_or_else(|| anyhow::anyhow!("no user {name:?}"))?;
                let actor = crate::account::store::actor(&mut conn, id)?
                    .ok_or_else(|| anyhow::anyhow!("the account {name:?} is disabled"))?;
                if !may_import(&actor, target.id) {
                    anyhow::bail!(
                        "the account {name:?} has no role on the site {:?}: an import runs as a \
                         member of the site's board (or a system administrator)",
                        target.slug
                    );
                }
                Some(actor)
            }
            None => None,
        };
        drop(conn);
        let entry = match &actor {
            Some(a) => Entry::by(a, Via::Import),
            None => Entry::named(None, "import", Via::Import),
        };
        Ok(Run {
            state,
            directory,
            target,
            actor,
            entry,
        })
    }
}

/// What an import of a file from the command line is told.
#[derive(Debug, clap::Args)]
pub struct ImportRequest {
    /// The file to import.
    pub file: std::path::PathBuf,
    /// Put every item on this site (its slug).
    #[arg(long)]
    pub site: Option<String>,
    /// Run the import as this account (recorded in the audit log as its import).
    #[arg(long = "as", value_name = "USER")]
    pub as_user: Option<String>,
    /// Create drafts for the editorial board to review instead of publishing (needs --as).
    #[arg(long)]
    pub draft: bool,
}

/// Runs a kind's import of a file as the command line asked: `read` reads the file into
/// the kind's lines, `import` stores them with a progress bar on standard error. Then says
/// every rejected line's reason in words (English: the command line's language; reasons
/// name Fluent message ids) and prints the `summary` the kind makes of its report.
pub fn run_and_print<L, R>(
    config: crate::config::Config,
    clock: crate::clock::SharedClock,
    request: ImportRequest,
    read: impl FnOnce(&std::path::Path) -> Result<L, ImportError>,
    import: impl FnOnce(&mut DbConn, L, &ImportOptions, NaiveDateTime, Progress) -> R,
    summary: impl FnOnce(&R) -> serde_json::Value,
) -> anyhow::Result<()>
where
    R: KindReport,
{
    let lines = read(&request.file)?;
    let run = Run::open(
        config,
        clock.clone(),
        request.site.as_deref(),
        request.as_user,
        request.draft,
    )?;
    let mut conn = run.state.db.conn()?;
    let read_file = beside(&request.file);
    let options = ImportOptions {
        site: run.target.id,
        force_site: request.site.is_some(),
        directory: &run.directory,
        entry: run.entry.clone(),
        actor: run.actor.clone(),
        draft: request.draft,
        files: run.state.files.as_ref(),
        limits: &run.state.config.media,
        read_file: &read_file,
    };
    let started = std::time::Instant::now();
    let bar = progress_bar("import");
    let mut report = import(
        &mut conn,
        lines,
        &options,
        clock.now().naive_utc(),
        Some(&mut |done, total| advance(&bar, done, total)),
    );
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let lines = &mut report.lines().lines;
    crate::record::import::explain_all(lines.iter_mut().filter_map(|l| l.reason.as_mut()))?;
    let said = summary(&report);
    let report = report.lines();
    print_summary(said, seconds, report.lines.len(), report.rejected)
}

/// `cong import KIND FILE`, and its aliases `cong legal import FILE`, `cong services import
/// FILE`: the kind reads the file and imports its lines, and says what its summary lists.
pub fn import_kind(
    kind: ImportKind,
    config: crate::config::Config,
    clock: crate::clock::SharedClock,
    request: ImportRequest,
) -> anyhow::Result<()> {
    use crate::record::import::import_file as stored;
    use crate::{
        directory::import as directory, legal::import as legal, services::import as services,
    };
    let (c, k, r) = (config, clock, request);
    match kind {
        ImportKind::Legal => {
            let import = crate::record::import::import::<crate::legal::kind::LegalDocuments>;
            run_and_print(c, k, r, legal::read_lines, import, legal::summary)
        }
        ImportKind::Services => run_and_print(
            c,
            k,
            r,
            services::read_lines,
            crate::record::import::import::<crate::services::kind::Procedures>,
            services::summary,
        ),
        ImportKind::Directory => {
            let summary = |report: &directory::ImportReport| report.summary("lines", |_| true);
            let import = crate::record::import::import::<directory::DirectoryLine>;
            run_and_print(c, k, r, directory::read_lines, import, summary)
        }
        ImportKind::Projects => stored::<crate::projects::Projects>(c, k, r),
        ImportKind::Procurement => stored::<crate::procurement::Notices>(c, k, r),
        ImportKind::Statistics => stored::<crate::statistics::dataset::Datasets>(c, k, r),
        ImportKind::Plans => stored::<crate::plans::Plans>(c, k, r),
        ImportKind::Budget => stored::<crate::budget::disclosure::Disclosures>(c, k, r),
        ImportKind::Science => stored::<crate::science::Tasks>(c, k, r),
    }
}

/// Prints an import's JSON summary with how long it took, and one line of it on standard
/// error (for logs, where no progress bar is drawn); an error (exit status 1) when a line
/// was rejected, which says whether anything was imported at all.
pub fn print_summary(
    mut summary: serde_json::Value,
    seconds: f64,
    total: usize,
    rejected: usize,
) -> anyhow::Result<()> {
    summary["seconds"] = serde_json::json!((seconds * 100.0).round() / 100.0);
    println!("{}", serde_json::to_string_pretty(&summary)?);
    eprintln!(
        "{total} line(s) read in {seconds:.2} s: {} imported, {rejected} rejected",
        total - rejected.min(total)
    );
    match rejected {
        0 => Ok(()),
        r if r >= total => anyhow::bail!("every line ({r}) was rejected: nothing was imported"),
        r => anyhow::bail!("{r} of {total} line(s) rejected; the others were imported"),
    }
}

/// Reads the files an import file names from the folder it is in.
pub fn beside(file: &std::path::Path) -> impl Fn(&str) -> std::io::Result<Vec<u8>> {
    let base = file
        .parent()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    move |path: &str| std::fs::read(base.join(path))
}
