//! INTERFACE STUB: replaced by the poller work. Signatures here are the contract.
//!
//! The progress poller: a long-lived task that owns the set of watched restores, polls fast
//! while one runs and slowly when all is quiet, stops polling a restore once it is final,
//! and reports what it saw as messages.

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::api::{ApiError, Client, Progress, ProgressSummary};

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
    /// A fresh GetProgress answer; `progress.status.is_final()` means polling it stopped.
    Progress { hosting_id: String, progress: Progress },
    /// A poll failed; the poller keeps going and retries on its next tick.
    Failed { hosting_id: String, progress_id: Option<String>, error: ApiError },
}

/// The handle the UI keeps: send `Watch` requests; dropping it (or `stop`) ends the task.
pub struct Poller {
    pub watch: mpsc::Sender<Watch>,
    pub task: JoinHandle<()>,
}

/// Starts the poller on the current tokio runtime.
#[allow(unused_variables, clippy::needless_pass_by_value)]
pub fn spawn(client: Client, events: mpsc::Sender<PollEvent>) -> Poller {
    todo!()
}
