//! The dashboard's vocabulary: messages say what happened, commands say what to do.
//!
//! Every result carries the identity of what it answers, so `update` can drop an answer
//! that no longer matches the screen.

use crossterm::event::{KeyEvent, MouseEvent};

use super::poller::{ProgressNews, Watch};
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
    /// GetHosting, for what the list leaves out (the control panel); `generation` is the
    /// hostings list's.
    HostingLoaded {
        hosting_id: String,
        generation: u64,
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
    /// A backup's items for the full restore's dialog, which shows them by type.
    BreakdownLoaded {
        backup_id: String,
        generation: u64,
        result: Result<Vec<BackupItemGroup>, String>,
    },
    RestoreSent {
        request_id: u64,
        result: Result<RestoreAnswer, SendFailure>,
        /// How to journal what follows, when the journal took the restore.
        journaled: Option<Follow>,
    },
    /// The journal, read for the history overlay.
    HistoryLoaded {
        generation: u64,
        result: Result<Vec<RestoreEntry>, String>,
    },
    /// The poller's fresh list of a hosting's recent restores.
    RecentRestores {
        hosting_id: String,
        progresses: Vec<ProgressSummary>,
    },
    /// The poller's fresh view of one restore, or the news that it stopped following it.
    RestoreProgress {
        hosting_id: String,
        progress: ProgressNews,
    },
    /// A poll failed; the poller retries on its own.
    PollFailed {
        hosting_id: String,
        progress_id: Option<String>,
        error: String,
    },
}

/// Why a restore request got no success answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendFailure {
    pub reason: String,
    /// The request may have reached the API and started the restore: a time limit or a
    /// connection lost after sending, a server failure, a success answer that could not be
    /// read. False only when it surely did not.
    pub may_have_started: bool,
}

/// Something to do, performed by the executor (or by the UI loop for the terminal ones).
#[derive(Debug, Clone)]
pub enum Command {
    LoadHostings {
        generation: u64,
    },
    /// GetHosting of one hosting, answered under the hostings list's `generation`.
    LoadHosting {
        hosting_id: String,
        generation: u64,
    },
    /// GetHosting of each of `hosting_ids`, a few at a time, each answered on its own.
    LoadHostingDetails {
        generation: u64,
        hosting_ids: Vec<String>,
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
    /// ListBackupItems for the full restore's dialog.
    LoadBreakdown {
        hosting_id: String,
        backup_id: String,
        generation: u64,
    },
    /// Journaled, then sent once, never retried: a duplicate restore is a real incident.
    SendRestore {
        request_id: u64,
        order: Order,
    },
    /// Append a record (a status, an end, the answer of a restore found again) to the
    /// journal, in order, off the UI loop.
    Journal(Record),
    /// Read the journal for the history overlay.
    LoadHistory {
        generation: u64,
    },
    /// Tell the terminal (bell or desktop notification) that a watched restore ended.
    Alert(String),
    Watch(Watch),
    /// Give the terminal back to the shell until `fg`.
    Suspend,
    Quit,
}
