//! Runs `update`'s commands as tokio tasks with a cloned client; each task sends back the
//! messages naming what it answers. Every task handle is kept, so exit can abort and join,
//! and a load that a newer load of the same kind supersedes is aborted at once: only the
//! newest answer is wanted, and each load may hold up to the client's answer cap.
//!
//! Restores go through [`restore::submit`], which journals them; the `status` and `final`
//! records `update` asks for go to one journal task, which writes them in order.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use futures::StreamExt as _;
use tokio::sync::mpsc;
use tokio::task::{AbortHandle, JoinHandle, JoinSet};

use super::msg::{Command, Msg, SendFailure};
use super::poller::Watch;
use crate::api::{ApiError, Client};
use crate::journal::{self, AsyncJournal, Record};
use crate::restore::{self, Follow, Order, SubmitError};

/// The restore journal as the dashboard uses it.
#[derive(Debug, Clone)]
pub struct Journaling {
    /// The open journal, or why it could not be opened (restores are then refused).
    pub journal: Result<AsyncJournal, String>,
    pub path: PathBuf,
    /// The access key id, named in intents.
    pub access_key: Option<String>,
}

pub struct Executor {
    client: Client,
    messages: mpsc::Sender<Msg>,
    watch: mpsc::Sender<Watch>,
    journaling: Journaling,
    /// Feeds the journal task; dropped on stop so the task drains and ends.
    records: Option<mpsc::UnboundedSender<Record>>,
    writer: Option<JoinHandle<()>>,
    tasks: JoinSet<()>,
    /// The newest load of each kind, aborted when a newer one of its kind starts.
    loads: HashMap<LoadSlot, AbortHandle>,
    /// Restore requests in flight. They are not aborted on exit: a request already sent
    /// may have started a restore, and its answer belongs in the journal.
    sending: JoinSet<()>,
    stopped: bool,
}

/// How long exit waits for restore requests in flight to be answered; past it they are
/// dropped and the journal keeps their intent without an answer.
const SENDING_WAIT: Duration = Duration::from_secs(60);

/// How many GetHosting calls the hostings list's details keep in flight at once.
const DETAILS_AT_ONCE: usize = 4;

/// A kind of load of which only the newest is wanted: each feeds one screen, overlay or
/// dialog, which waits for a single generation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum LoadSlot {
    Hostings,
    Hosting,
    HostingDetails,
    Backups,
    Items,
    Progress,
    Breakdown,
    History,
}

impl LoadSlot {
    /// The slot of a load; `None` for a restore, which is never aborted, and for the
    /// commands that start no request.
    fn of(command: &Command) -> Option<Self> {
        match command {
            Command::LoadHostings { .. } => Some(Self::Hostings),
            Command::LoadHosting { .. } => Some(Self::Hosting),
            Command::LoadHostingDetails { .. } => Some(Self::HostingDetails),
            Command::LoadBackups { .. } => Some(Self::Backups),
            Command::LoadItems { .. } => Some(Self::Items),
            Command::LoadProgress { .. } => Some(Self::Progress),
            Command::LoadBreakdown { .. } => Some(Self::Breakdown),
            Command::LoadHistory { .. } => Some(Self::History),
            Command::SendRestore { .. }
            | Command::Journal(_)
            | Command::Alert(_)
            | Command::Watch(_)
            | Command::Suspend
            | Command::Quit => None,
        }
    }
}

impl Executor {
    /// Starts the journal task too, so it must run inside a tokio runtime.
    pub fn new(
        client: Client,
        messages: mpsc::Sender<Msg>,
        watch: mpsc::Sender<Watch>,
        journaling: Journaling,
    ) -> Self {
        let (records, queue) = mpsc::unbounded_channel();
        let writer = tokio::spawn(write_records(journaling.journal.clone().ok(), queue));
        Self {
            client,
            messages,
            watch,
            journaling,
            records: Some(records),
            writer: Some(writer),
            tasks: JoinSet::new(),
            loads: HashMap::new(),
            sending: JoinSet::new(),
            stopped: false,
        }
    }

    /// Starts a command's task. The terminal commands (`Quit`, `Suspend`, `Alert`) belong to
    /// the UI loop and are ignored here; so is everything once `stop` was called.
    pub fn run(&mut self, command: Command) {
        self.reap();
        if self.stopped {
            return;
        }
        let is_restore = matches!(command, Command::SendRestore { .. });
        let slot = LoadSlot::of(&command);
        match command {
            Command::Watch(watch) => self.watch(watch),
            Command::Journal(record) => {
                if let Some(records) = &self.records {
                    // The task ends only after `stop`, which drops this sender first.
                    let _ = records.send(record);
                }
            }
            Command::Quit | Command::Suspend | Command::Alert(_) => {}
            Command::LoadHostingDetails { generation, hosting_ids } => {
                let task = load_details(
                    self.client.clone(),
                    self.messages.clone(),
                    generation,
                    hosting_ids,
                );
                let handle = self.tasks.spawn(task);
                self.keep_newest(slot, handle);
            }
            command => {
                let client = self.client.clone();
                let messages = self.messages.clone();
                let journaling = self.journaling.clone();
                let task = async move {
                    let msg = perform(&client, &journaling, command).await;
                    // The loop is gone only when the dashboard is closing; nothing to tell.
                    let _ = messages.send(msg).await;
                };
                if is_restore {
                    self.sending.spawn(task);
                } else {
                    let handle = self.tasks.spawn(task);
                    self.keep_newest(slot, handle);
                }
            }
        }
    }

    /// Keeps `handle` as its slot's newest load and aborts the load it supersedes.
    fn keep_newest(&mut self, slot: Option<LoadSlot>, handle: AbortHandle) {
        let Some(slot) = slot else { return };
        if let Some(superseded) = self.loads.insert(slot, handle) {
            superseded.abort();
        }
    }

    /// How many tasks other than restore requests are still running.
    pub fn tasks_running(&mut self) -> usize {
        self.reap();
        self.tasks.len()
    }

    /// How many restore requests still wait for their answer.
    pub fn restores_in_flight(&mut self) -> usize {
        self.reap();
        self.sending.len()
    }

    /// Tells the poller what to watch without ever blocking the UI loop.
    fn watch(&mut self, watch: Watch) {
        match self.watch.try_send(watch) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Full(watch)) => {
                let sender = self.watch.clone();
                self.tasks.spawn(async move {
                    let _ = sender.send(watch).await;
                });
            }
            Err(mpsc::error::TrySendError::Closed(watch)) => {
                tracing::warn!(?watch, "the progress poller has stopped; restores will not move");
            }
        }
    }

    /// Forgets the tasks that have finished.
    fn reap(&mut self) {
        while let Some(done) = self.tasks.try_join_next().or_else(|| self.sending.try_join_next()) {
            if let Err(error) = done
                && error.is_panic()
            {
                tracing::error!(%error, "a dashboard task panicked");
            }
        }
    }

    /// Refuses new work and aborts what is running but restore requests; the journal task
    /// writes what it was given, then ends.
    pub fn stop(&mut self) {
        self.stopped = true;
        self.tasks.abort_all();
        self.records = None;
    }

    /// Waits for the aborted tasks to be gone and the journal's last records to be written.
    /// Restore requests in flight get up to [`SENDING_WAIT`] to be answered and journaled.
    pub async fn join(&mut self) {
        while self.tasks.join_next().await.is_some() {}
        let answered = async { while self.sending.join_next().await.is_some() {} };
        if tokio::time::timeout(SENDING_WAIT, answered).await.is_err() {
            tracing::warn!(
                in_flight = self.sending.len(),
                "restore requests got no answer before exit; the journal keeps their intent"
            );
            self.sending.abort_all();
        }
        if let Some(writer) = self.writer.take()
            && let Err(error) = writer.await
        {
            tracing::error!(%error, "the restore journal task failed");
        }
    }
}

/// Appends records one after the other, in the order `update` gave them.
async fn write_records(journal: Option<AsyncJournal>, mut queue: mpsc::UnboundedReceiver<Record>) {
    while let Some(record) = queue.recv().await {
        let Some(journal) = &journal else { continue };
        if let Err(error) = journal.append(record).await {
            tracing::warn!(%error, "cannot write a restore's status to the journal");
        }
    }
}

/// Journals and sends one restore; the answer names how to journal what follows.
async fn send_restore(
    client: &Client,
    journaling: &Journaling,
    request_id: u64,
    order: Order,
) -> Msg {
    let journal = match &journaling.journal {
        Ok(journal) => journal,
        Err(reason) => {
            let reason = format!("the restore journal cannot be opened ({reason})");
            let result = Err(SendFailure { reason, may_have_started: false });
            return Msg::RestoreSent { request_id, result, journaled: None };
        }
    };
    match restore::submit(client, journal, journaling.access_key.as_deref(), order).await {
        Ok(submitted) => {
            if let Some(warning) = &submitted.journal_warning {
                tracing::warn!(warning, "a restore was sent but not fully journaled");
            }
            let journaled = Some(Follow::new(submitted.key, submitted.started_at));
            Msg::RestoreSent { request_id, result: Ok(submitted.answer), journaled }
        }
        Err(error) => {
            let may_have_started = error.may_have_reached_server();
            // A restore that may have started is still worth journaling, should it turn up.
            let journaled = match &error {
                SubmitError::Request { key, started_at, .. } if may_have_started => {
                    Some(Follow::new(key.clone(), *started_at))
                }
                _ => None,
            };
            let result = Err(SendFailure { reason: error.to_string(), may_have_started });
            Msg::RestoreSent { request_id, result, journaled }
        }
    }
}

/// GetHosting of each hosting, [`DETAILS_AT_ONCE`] at a time; each answer is sent as soon
/// as it comes, so the hostings list fills in while the rest are asked for.
async fn load_details(
    client: Client,
    messages: mpsc::Sender<Msg>,
    generation: u64,
    hosting_ids: Vec<String>,
) {
    let started = Instant::now();
    let count = hosting_ids.len();
    let mut answers = futures::stream::iter(hosting_ids)
        .map(|hosting_id| {
            let client = &client;
            async move {
                let result = text(client.get_hosting(&hosting_id).await);
                Msg::HostingLoaded { hosting_id, generation, result }
            }
        })
        .buffer_unordered(DETAILS_AT_ONCE);
    while let Some(msg) = answers.next().await {
        if messages.send(msg).await.is_err() {
            return;
        }
    }
    tracing::debug!(count, elapsed_ms = started.elapsed().as_millis(), "hosting details done");
}

/// Performs one request and words its result as the message that answers it.
async fn perform(client: &Client, journaling: &Journaling, command: Command) -> Msg {
    let started = Instant::now();
    let label = format!("{command:?}");
    let msg = match command {
        Command::LoadHostings { generation } => {
            Msg::HostingsLoaded { generation, result: text(client.list_hostings().await) }
        }
        Command::LoadHosting { hosting_id, generation } => {
            let result = text(client.get_hosting(&hosting_id).await);
            Msg::HostingLoaded { hosting_id, generation, result }
        }
        Command::LoadBackups { hosting_id, generation } => {
            let result = text(client.list_backups(&hosting_id).await);
            Msg::BackupsLoaded { hosting_id, generation, result }
        }
        Command::LoadItems { hosting_id, backup_id, generation } => {
            let result = text(client.list_backup_items(&hosting_id, &backup_id).await);
            Msg::ItemsLoaded { hosting_id, backup_id, generation, result }
        }
        Command::LoadProgress { hosting_id, progress_id, generation } => {
            let result = text(client.get_progress(&hosting_id, &progress_id).await);
            Msg::ProgressLoaded { hosting_id, progress_id, generation, result }
        }
        Command::LoadBreakdown { hosting_id, backup_id, generation } => {
            let result = text(client.list_backup_items(&hosting_id, &backup_id).await);
            Msg::BreakdownLoaded { backup_id, generation, result }
        }
        Command::SendRestore { request_id, order } => {
            send_restore(client, journaling, request_id, order).await
        }
        Command::LoadHistory { generation } => {
            Msg::HistoryLoaded { generation, result: read_history(journaling).await }
        }
        Command::LoadHostingDetails { .. }
        | Command::Watch(_)
        | Command::Journal(_)
        | Command::Alert(_)
        | Command::Suspend
        | Command::Quit => {
            unreachable!("handled by Executor::run")
        }
    };
    tracing::debug!(command = label, elapsed_ms = started.elapsed().as_millis(), "request done");
    msg
}

/// The journal's restores for the history overlay, read on the blocking pool.
async fn read_history(journaling: &Journaling) -> Result<Vec<journal::RestoreEntry>, String> {
    if let Err(reason) = &journaling.journal {
        return Err(format!("the restore journal cannot be opened: {reason}"));
    }
    let path = journaling.path.clone();
    match tokio::task::spawn_blocking(move || journal::read_entries(path)).await {
        Ok(read) => read.map_err(|error| error.to_string()),
        Err(error) => Err(format!("cannot read the restore journal: {error}")),
    }
}

/// Errors travel to the state as their message: the state shows them and never branches
/// on their kind.
fn text<T>(result: Result<T, ApiError>) -> Result<T, String> {
    result.map_err(|error| error.to_string())
}
