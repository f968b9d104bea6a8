//! The background job runner: scheduled jobs run by the server itself (no external cron),
//! exactly once per due time even when several app servers share one database — a server
//! claims a job with a conditional update (a lease), which only one of them can win.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use tokio::sync::Notify;

use crate::clock::SharedClock;
use crate::db::schema::{job_runs, jobs};
use crate::db::{Db, DbConn, DbError};

/// A job's body: does its work, returns a short report for the run record.
pub type JobFn = dyn Fn(&mut DbConn, DateTime<Utc>) -> Result<String, String> + Send + Sync;

/// A job that runs every `every`.
pub struct ScheduledJob {
    pub name: &'static str,
    pub every: chrono::Duration,
    pub run: Box<JobFn>,
}

/// How long a claim holds before another server may take the job over (a crashed runner).
const LEASE: chrono::Duration = chrono::Duration::minutes(10);

/// One recorded run, as shown to administrators.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = job_runs)]
pub struct JobRun {
    pub id: i64,
    pub job: String,
    pub runner: String,
    pub started_at: NaiveDateTime,
    pub finished_at: NaiveDateTime,
    pub outcome: String,
    pub detail: String,
}

fn ensure_registered(conn: &mut DbConn, name: &str, first_run: NaiveDateTime) -> QueryResult<()> {
    let exists = jobs::table.find(name).count().get_result::<i64>(conn)? > 0;
    if !exists {
        let inserted = diesel::insert_into(jobs::table)
            .values((jobs::name.eq(name), jobs::next_run_at.eq(first_run)))
            .execute(conn);
        match inserted {
            // Another server registered it between our check and insert.
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {}
            other => {
                other?;
            }
        }
    }
    Ok(())
}

/// Claims `name` for `runner` if it is due and not leased; true when this runner won.
pub fn claim(conn: &mut DbConn, name: &str, runner: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let won = diesel::update(
        jobs::table
            .filter(jobs::name.eq(name))
            .filter(jobs::next_run_at.le(now))
            .filter(jobs::lease_until.is_null().or(jobs::lease_until.lt(now))),
    )
    .set((
        jobs::lease_owner.eq(runner),
        jobs::lease_until.eq(now + LEASE),
    ))
    .execute(conn)?;
    Ok(won == 1)
}

/// Runs every due job this runner can claim; returns the runs it made.
pub fn run_due(
    conn: &mut DbConn,
    schedule: &[ScheduledJob],
    runner: &str,
    clock: &SharedClock,
) -> Result<Vec<JobRun>, DbError> {
    let mut runs = Vec::new();
    for job in schedule {
        let now = clock.now().naive_utc();
        ensure_registered(conn, job.name, now)?;
        if !claim(conn, job.name, runner, now)? {
            continue;
        }
        let started = now;
        let timer = std::time::Instant::now();
        let (outcome, detail) = match (job.run)(conn, clock.now()) {
            Ok(report) => ("ok", report),
            Err(err) => {
                tracing::error!(job = job.name, error = %err, "scheduled job failed");
                ("failed", err)
            }
        };
        crate::telemetry::metrics::job_ran(job.name, outcome == "ok", timer.elapsed());
        let finished = clock.now().naive_utc();
        let run = conn.write(|conn| {
            diesel::update(jobs::table.find(job.name))
                .set((
                    jobs::next_run_at.eq(started + job.every),
                    jobs::lease_owner.eq(None::<String>),
                    jobs::lease_until.eq(None::<NaiveDateTime>),
                ))
                .execute(conn)?;
            diesel::insert_into(job_runs::table)
                .values((
                    job_runs::job.eq(job.name),
                    job_runs::runner.eq(runner),
                    job_runs::started_at.eq(started),
                    job_runs::finished_at.eq(finished),
                    job_runs::outcome.eq(outcome),
                    job_runs::detail.eq(&detail),
                ))
                .execute(conn)?;
            job_runs::table
                .filter(job_runs::job.eq(job.name))
                .filter(job_runs::runner.eq(runner))
                .order(job_runs::id.desc())
                .select(JobRun::as_select())
                .first(conn)
        })?;
        runs.push(run);
    }
    Ok(runs)
}

/// The latest runs of every job, newest first.
pub fn recent_runs(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<JobRun>> {
    job_runs::table
        .order(job_runs::id.desc())
        .limit(limit)
        .select(JobRun::as_select())
        .load(conn)
}

/// The jobs every installation runs.
pub fn standard_schedule(
    files: Arc<dyn crate::media::files::FileStore>,
    media_unused_days: u32,
    temp_dir: std::path::PathBuf,
) -> Vec<ScheduledJob> {
    vec![
        ScheduledJob {
            name: "temp-cleanup",
            every: chrono::Duration::hours(1),
            run: Box::new(move |_conn, _now| {
                let n = crate::media::files::clean_temp_dir(
                    &temp_dir,
                    crate::media::files::TEMP_ABANDONED_AFTER,
                )
                .map_err(|e| e.to_string())?;
                Ok(crate::render::note::Note::new("job-report-temp-cleanup")
                    .arg("count", n)
                    .into())
            }),
        },
        ScheduledJob {
            name: "media-cleanup",
            every: chrono::Duration::hours(24),
            run: Box::new(move |conn, now| {
                let before = (now - chrono::Duration::days(media_unused_days as i64)).naive_utc();
                let n = crate::media::library::clean_up(conn, files.as_ref(), before)
                    .map_err(|e| e.to_string())?;
                Ok(crate::render::note::Note::new("job-report-media-cleanup")
                    .arg("count", n)
                    .into())
            }),
        },
        ScheduledJob {
            name: "publish-scheduled",
            every: chrono::Duration::minutes(1),
            run: Box::new(|conn, now| {
                let n = crate::review::store::publish_due(conn, now.naive_utc())
                    .map_err(|e| e.to_string())?;
                Ok(
                    crate::render::note::Note::new("job-report-publish-scheduled")
                        .arg("count", n)
                        .into(),
                )
            }),
        },
        ScheduledJob {
            name: "housekeeping",
            every: chrono::Duration::hours(24),
            run: Box::new(|conn, now| {
                // Followers read the log within seconds; a month of history is ample for
                // a server that was down and for investigating what changed when.
                let log =
                    crate::changelog::prune(conn, (now - chrono::Duration::days(30)).naive_utc())
                        .map_err(|e| e.to_string())?;
                let runs = diesel::delete(job_runs::table.filter(
                    job_runs::started_at.lt((now - chrono::Duration::days(365)).naive_utc()),
                ))
                .execute(conn)
                .map_err(|e| e.to_string())?;
                Ok(crate::render::note::Note::new("job-report-housekeeping")
                    .arg("log", log)
                    .arg("runs", runs)
                    .into())
            }),
        },
    ]
}

/// How often the runner looks for due jobs.
pub const TICK: Duration = Duration::from_secs(15);

/// Runs the schedule until `stop` fires.
pub async fn run_forever(
    db: Db,
    schedule: Arc<Vec<ScheduledJob>>,
    runner: String,
    clock: SharedClock,
    stop: Arc<Notify>,
) {
    loop {
        let (s, r, c) = (schedule.clone(), runner.clone(), clock.clone());
        if let Err(e) = db
            .run(move |conn| run_due(conn, &s, &r, &c).map(|_| ()))
            .await
        {
            tracing::warn!(error = %e, "job runner could not reach the database");
        }
        tokio::select! {
            _ = stop.notified() => return,
            _ = tokio::time::sleep(TICK) => {},
        }
    }
}
