//! The threads that rank queries: one per core, kept for the server's life.
//!
//! A ranking is a millisecond or two of CPU work. On the blocking pool it ran on whichever of
//! a dozen threads woke, each with cold caches and its own memo of spellings to fill again;
//! a fixed thread per core keeps both warm. A burst of searches waits in the queue, in the
//! order it came, instead of taking every core from the workers that serve pages.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use crossbeam_channel::{unbounded, Sender};

type Job = Box<dyn FnOnce() + Send>;

/// Why a ranking gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum RankingError {
    /// The ranking threads could not be started.
    #[error("the search threads cannot start: {0}")]
    Start(String),
    /// The work panicked (its thread goes on with the next query).
    #[error("a search failed unexpectedly")]
    Panicked,
}

/// A queue of rankings and the threads that take them, started on the first ranking (a
/// process that never searches, a command or a test, starts none; a start that failed is
/// tried again by the next query). The threads stop when the queue is dropped.
#[derive(Default)]
pub struct Rankers {
    queue: OnceLock<Sender<Job>>,
}

impl Rankers {
    /// Runs `work` on a ranking thread and waits for its result without blocking the caller's
    /// thread.
    pub async fn run<R: Send + 'static>(
        &self,
        work: impl FnOnce() -> R + Send + 'static,
    ) -> Result<R, RankingError> {
        let queue = match self.queue.get() {
            Some(queue) => queue,
            // Two first queries may both start threads: the second set stops at once, its
            // queue dropped.
            None => {
                let started = start(threads()).map_err(RankingError::Start)?;
                self.queue.get_or_init(|| started)
            }
        };
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // A panic is the query's failure, not the thread's: the next query still runs.
            let _ = answer.send(catch_unwind(AssertUnwindSafe(work)));
        });
        queue
            .send(job)
            .map_err(|_| RankingError::Start("the queue is closed".into()))?;
        match answered.await {
            Ok(Ok(result)) => Ok(result),
            _ => Err(RankingError::Panicked),
        }
    }
}

/// One thread per core.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

fn start(threads: usize) -> Result<Sender<Job>, String> {
    // Every idle thread waits on the queue itself: a query wakes one thread, not a second
    // one to take over the wait as a lock around a single receiver did.
    let (queue, jobs) = unbounded::<Job>();
    for i in 0..threads {
        let jobs = jobs.clone();
        std::thread::Builder::new()
            .name(format!("search-{i}"))
            // Ends when every sender is gone: the search was dropped.
            .spawn(move || jobs.iter().for_each(|job| job()))
            .map_err(|e| e.to_string())?;
    }
    Ok(queue)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[actix_web::test]
    async fn work_runs_on_a_ranking_thread_and_a_panic_is_the_query_s_failure() {
        let rankers = Rankers::default();
        let name = rankers
            .run(|| std::thread::current().name().map(str::to_string))
            .await
            .expect("ran");
        assert!(name.is_some_and(|n| n.starts_with("search-")));
        let failed = rankers.run(|| -> u32 { panic!("bad query") }).await;
        assert!(matches!(failed, Err(RankingError::Panicked)));
        // The threads outlive the panic.
        assert_eq!(rankers.run(|| 2 + 2).await.expect("ran"), 4);
    }

    #[actix_web::test]
    async fn a_burst_waits_its_turn_and_every_query_is_answered() {
        let rankers = Arc::new(Rankers::default());
        let asked: Vec<_> = (0..64u64)
            .map(|i| {
                let rankers = Arc::clone(&rankers);
                actix_web::rt::spawn(async move { rankers.run(move || i * i).await })
            })
            .collect();
        for (i, asked) in asked.into_iter().enumerate() {
            let i = i as u64;
            assert_eq!(asked.await.expect("joined").expect("ran"), i * i);
        }
    }
}
