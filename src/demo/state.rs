//! What every request handler shares: the data, the restores, the knobs and the test hooks.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::time::Instant;

use super::dataset::Dataset;
use super::faults::{FaultBook, RequestRecord};
use super::history::{PAST_SEQ_LIMIT, past_restores};
use super::hostile::Hostility;
use super::hostings::HostingSpec;
use super::ids::{IdKind, PROGRESS_SEQ_BITS, pack_hosting};
use super::restore::{RestoreBook, RestoreRun};
use crate::api::SecretKey;

/// The shared state of one demo server.
#[derive(Debug)]
pub struct DemoState {
    pub dataset: Dataset,
    /// Kept as a `SecretKey` so that formatting the state never shows it.
    pub token: SecretKey,
    pub hostile: Hostility,
    restores: Mutex<RestoreBook>,
    faults: Mutex<FaultBook>,
    log: Mutex<Vec<RequestRecord>>,
    requests_seen: AtomicU64,
    /// How far tests moved the server's clock ahead of the real one, in milliseconds.
    clock_ahead_ms: AtomicU64,
    /// Added to the sequence number of every restore submitted to this server in its ids,
    /// drawn at start: a restarted server numbers its restores from the start again, and an
    /// id it gave before the restart must name nothing rather than another restore.
    submitted_id_offset: u64,
}

/// The submitted restores' id offset is drawn below this, leaving the sequence field room.
const SUBMITTED_ID_OFFSET_LIMIT: u64 = 1 << (PROGRESS_SEQ_BITS - 2);

impl DemoState {
    pub fn new(dataset: Dataset, token: String, hostile: Hostility, speed: f64) -> Self {
        let restores = RestoreBook::new(dataset.seed, speed);
        Self {
            dataset,
            token: SecretKey::new(token),
            hostile,
            restores: Mutex::new(restores),
            faults: Mutex::new(FaultBook::default()),
            log: Mutex::new(Vec::new()),
            requests_seen: AtomicU64::new(0),
            clock_ahead_ms: AtomicU64::new(0),
            submitted_id_offset: rand::random_range(0..SUBMITTED_ID_OFFSET_LIMIT),
        }
    }

    /// The server's time: the real clock, plus what [`DemoState::advance_clock`] added.
    pub fn now(&self) -> Instant {
        Instant::now() + Duration::from_millis(self.clock_ahead_ms.load(Ordering::Relaxed))
    }

    /// Moves the server's clock ahead, so restores move on without anyone waiting.
    pub fn advance_clock(&self, by: Duration) {
        let by_ms = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.clock_ahead_ms.fetch_add(by_ms, Ordering::Relaxed);
    }

    /// The number of this request among all the server received, from 0.
    pub fn next_request_number(&self) -> u64 {
        self.requests_seen.fetch_add(1, Ordering::Relaxed)
    }

    pub fn restores(&self) -> MutexGuard<'_, RestoreBook> {
        self.restores.lock().expect("no code panics while holding the restore book")
    }

    pub fn faults(&self) -> MutexGuard<'_, FaultBook> {
        self.faults.lock().expect("no code panics while holding the fault book")
    }

    pub fn log(&self) -> MutexGuard<'_, Vec<RequestRecord>> {
        self.log.lock().expect("no code panics while holding the request log")
    }

    /// Every restore of `hosting`, newest first: those submitted to this server, then those
    /// that ended before it started.
    pub fn restores_of(&self, hosting: &HostingSpec) -> Vec<Arc<RestoreRun>> {
        let mut runs: Vec<Arc<RestoreRun>> = self.restores().submitted(hosting.index).to_vec();
        runs.extend(past_restores(&self.dataset, hosting).into_iter().map(Arc::new));
        runs.sort_by_key(|run| std::cmp::Reverse(run.seq));
        runs
    }

    /// The restores of `hosting` still running at `now`; their backups and items read
    /// `restoring`.
    pub fn running_restores(&self, hosting: &HostingSpec, now: Instant) -> Vec<Arc<RestoreRun>> {
        let book = self.restores();
        book.submitted(hosting.index).iter().filter(|run| run.is_running(now)).cloned().collect()
    }

    /// The restore `seq` of `hosting`.
    pub fn restore(&self, hosting: &HostingSpec, seq: u64) -> Option<Arc<RestoreRun>> {
        if seq < PAST_SEQ_LIMIT {
            let past = past_restores(&self.dataset, hosting);
            return past.into_iter().find(|run| run.seq == seq).map(Arc::new);
        }
        self.restores().submitted(hosting.index).iter().find(|run| run.seq == seq).cloned()
    }

    /// The id of restore `seq` of `hosting`. Past restores have the same ids on every start
    /// for a seed; submitted ones are offset by this start's draw.
    pub fn progress_id(&self, hosting: &HostingSpec, seq: u64) -> String {
        let numbered = if seq < PAST_SEQ_LIMIT { seq } else { seq + self.submitted_id_offset };
        let payload = pack_hosting(hosting.index, numbered, PROGRESS_SEQ_BITS);
        self.dataset.codec.encode(IdKind::Progress, payload)
    }

    /// The hosting index and sequence number a progress id carries; `None` for an id this
    /// server did not give, one from before a restart included.
    pub fn decode_progress_id(&self, id: &str) -> Option<(u32, u64)> {
        let payload = self.dataset.codec.decode(IdKind::Progress, id)?;
        let hosting = u32::try_from(payload >> PROGRESS_SEQ_BITS).ok()?;
        let numbered = payload & ((1 << PROGRESS_SEQ_BITS) - 1);
        if numbered < PAST_SEQ_LIMIT {
            return Some((hosting, numbered));
        }
        let seq = numbered.checked_sub(self.submitted_id_offset)?;
        (seq >= PAST_SEQ_LIMIT).then_some((hosting, seq))
    }
}
