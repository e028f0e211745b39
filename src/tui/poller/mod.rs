//! The progress poller: a long-lived task that owns the set of watched restores, polls fast
//! while one runs and slowly when all is quiet, stops polling a restore once it is final,
//! and reports what it saw as messages.
//!
//! Cadence: every [`BUSY_EVERY`] while any watched restore runs (pending, processing, or a
//! status this build does not know), every [`QUIET_EVERY`] otherwise; a new [`Watch`] is
//! polled at once. Restores that the watched hosting's list shows running are watched too,
//! so the pane moves and their final status arrives. A restore is dropped without a final
//! status, with one last [`ProgressNews::Lost`], when the API refuses for good to show it
//! (it no longer knows it, or the key may not read it) or when its status stays unknown for
//! [`UNKNOWN_STATUS_CAP`]. Other failures are retried at the cadence. The task shares
//! nothing with the UI but its two channels.

mod plan;
mod run;

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::api::{ApiError, Client, Progress, ProgressSummary};

/// Pause between polls while any watched restore runs.
pub const BUSY_EVERY: Duration = Duration::from_secs(1);

/// Pause between polls of the hosting list when no watched restore runs.
pub const QUIET_EVERY: Duration = Duration::from_secs(15);

/// How long a restore may report a status this build does not know before the poller stops
/// watching it; the same cap as `whbackup restore --wait`.
pub const UNKNOWN_STATUS_CAP: Duration = crate::restore::UNKNOWN_STATUS_CAP;

/// How many `Watch` requests may wait for the task before `send` waits.
const WATCH_QUEUE: usize = 32;

/// What the UI asks of the poller.
#[derive(Debug, Clone)]
pub enum Watch {
    /// Watch this hosting's recent restores (ListRecentProgresses); replaces the previous
    /// hosting. `None` stops watching any hosting list.
    Hosting(Option<String>),
    /// Watch one restore until it is final (GetProgress), whatever hosting is on screen.
    Progress { hosting_id: String, progress_id: String },
}

/// What the poller reports.
#[derive(Debug)]
pub enum PollEvent {
    /// A fresh ListRecentProgresses answer for a hosting.
    Recent { hosting_id: String, progresses: Vec<ProgressSummary> },
    /// News of one watched restore.
    Progress { hosting_id: String, progress: ProgressNews },
    /// A poll failed; the poller keeps going and retries on its next tick.
    Failed { hosting_id: String, progress_id: Option<String>, error: ApiError },
}

/// What the poller learned of one watched restore.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressNews {
    /// A fresh GetProgress answer; a final status means polling it stopped.
    Polled(Progress),
    /// Polling it stopped before it was seen to end; nothing more is reported about it.
    Lost {
        progress_id: String,
        /// Why, in a few words a notice can carry.
        reason: String,
        /// The API refused for good to show it (not found, gone, or a key that may not read
        /// it), so it will never say how the restore ended: the journal may record it as
        /// ended. False when its status was only unknown to this build for too long, which
        /// a later run may read.
        for_good: bool,
    },
}

/// The poller's timing; tests shorten it, the dashboard uses the default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollerOptions {
    /// Pause between polls while any watched restore runs.
    pub busy_every: Duration,
    /// Pause between polls when no watched restore runs.
    pub quiet_every: Duration,
    /// How long an unknown status is polled before the restore is given up on.
    pub unknown_status_cap: Duration,
}

impl Default for PollerOptions {
    fn default() -> Self {
        Self {
            busy_every: BUSY_EVERY,
            quiet_every: QUIET_EVERY,
            unknown_status_cap: UNKNOWN_STATUS_CAP,
        }
    }
}

/// The handle the UI keeps: send `Watch` requests; dropping `watch` ends the task, and so
/// does dropping the events receiver.
pub struct Poller {
    pub watch: mpsc::Sender<Watch>,
    pub task: JoinHandle<()>,
}

/// Starts the poller with the default cadence on the current tokio runtime.
pub fn spawn(client: Client, events: mpsc::Sender<PollEvent>) -> Poller {
    spawn_with(client, events, PollerOptions::default())
}

/// Starts the poller with the given cadence on the current tokio runtime.
pub fn spawn_with(
    client: Client,
    events: mpsc::Sender<PollEvent>,
    options: PollerOptions,
) -> Poller {
    let (watch, watches) = mpsc::channel(WATCH_QUEUE);
    let task = tokio::spawn(run::run(client, watches, events, options));
    Poller { watch, task }
}
