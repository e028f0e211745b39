//! The dashboard's vocabulary: messages say what happened, commands say what to do.
//!
//! Every result carries the identity of what it answers, so `update` can drop an answer
//! that no longer matches the screen.

use crossterm::event::{KeyEvent, MouseEvent};

use super::poller::Watch;
use crate::api::{Backup, BackupItemGroup, Hosting, Progress, ProgressSummary, RestoreAnswer};
use crate::journal::{Record, RestoreEntry};
use crate::restore::{Follow, Order};

/// Something that happened: input, a worker's result, or news from the progress poller.
// Each message is moved once, through a channel, into `update`: boxing the big answers
// would cost an allocation and buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize {
        width: u16,
        height: u16,
    },
    HostingsLoaded {
        generation: u64,
        result: Result<Vec<Hosting>, String>,
    },
    /// GetHosting, for what the list leaves out (the control panel).
    HostingLoaded {
        hosting_id: String,
        result: Result<Hosting, String>,
    },
    BackupsLoaded {
        hosting_id: String,
        generation: u64,
        result: Result<Vec<Backup>, String>,
    },
    ItemsLoaded {
        hosting_id: String,
        backup_id: String,
        generation: u64,
        result: Result<Vec<BackupItemGroup>, String>,
    },
    ProgressLoaded {
        hosting_id: String,
        progress_id: String,
        generation: u64,
        result: Result<Progress, String>,
    },
    RestoreSent {
        request_id: u64,
        result: Result<RestoreAnswer, String>,
        /// How to journal what follows, when the journal took the restore.
        journaled: Option<Follow>,
    },
    /// The journal, read for the history overlay.
    HistoryLoaded {
        result: Result<Vec<RestoreEntry>, String>,
    },
    /// The poller's fresh list of a hosting's recent restores.
    RecentRestores {
        hosting_id: String,
        progresses: Vec<ProgressSummary>,
    },
    /// The poller's fresh view of one restore.
    RestoreProgress {
        hosting_id: String,
        progress: Progress,
    },
    /// A poll failed; the poller retries on its own.
    PollFailed {
        hosting_id: String,
        progress_id: Option<String>,
        error: String,
    },
}

/// Something to do, performed by the executor (or by the UI loop for the terminal ones).
#[derive(Debug, Clone)]
pub enum Command {
    LoadHostings {
        generation: u64,
    },
    LoadHosting {
        hosting_id: String,
    },
    LoadBackups {
        hosting_id: String,
        generation: u64,
    },
    LoadItems {
        hosting_id: String,
        backup_id: String,
        generation: u64,
    },
    LoadProgress {
        hosting_id: String,
        progress_id: String,
        generation: u64,
    },
    /// Journaled, then sent once, never retried: a duplicate restore is a real incident.
    SendRestore {
        request_id: u64,
        order: Order,
    },
    /// Append a `status` or `final` record to the journal, in order, off the UI loop.
    Journal(Record),
    /// Read the journal for the history overlay.
    LoadHistory,
    /// Tell the terminal (bell or desktop notification) that a watched restore ended.
    Alert(String),
    Watch(Watch),
    /// Give the terminal back to the shell until `fg`.
    Suspend,
    Quit,
}
