//! Runs `update`'s commands as tokio tasks with a cloned client; each task sends back one
//! message naming what it answers. Every task handle is kept, so exit can abort and join.

use std::time::Instant;

use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::msg::{Command, Msg, RestoreTarget};
use super::poller::Watch;
use crate::api::{ApiError, Client};

pub struct Executor {
    client: Client,
    messages: mpsc::Sender<Msg>,
    watch: mpsc::Sender<Watch>,
    tasks: JoinSet<()>,
    stopped: bool,
}

impl Executor {
    pub fn new(client: Client, messages: mpsc::Sender<Msg>, watch: mpsc::Sender<Watch>) -> Self {
        Self { client, messages, watch, tasks: JoinSet::new(), stopped: false }
    }

    /// Starts a command's task. The terminal commands (`Quit`, `Suspend`) belong to the UI
    /// loop and are ignored here; so is everything once `stop` was called.
    pub fn run(&mut self, command: Command) {
        self.reap();
        if self.stopped {
            return;
        }
        match command {
            Command::Watch(watch) => self.watch(watch),
            Command::Quit | Command::Suspend => {}
            command => {
                let client = self.client.clone();
                let messages = self.messages.clone();
                self.tasks.spawn(async move {
                    let msg = perform(&client, command).await;
                    // The loop is gone only when the dashboard is closing; nothing to tell.
                    let _ = messages.send(msg).await;
                });
            }
        }
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
        while let Some(done) = self.tasks.try_join_next() {
            if let Err(error) = done
                && error.is_panic()
            {
                tracing::error!(%error, "a dashboard task panicked");
            }
        }
    }

    /// Refuses new work and aborts what is running.
    pub fn stop(&mut self) {
        self.stopped = true;
        self.tasks.abort_all();
    }

    /// Waits for the aborted tasks to be gone.
    pub async fn join(&mut self) {
        while self.tasks.join_next().await.is_some() {}
    }
}

/// Performs one request and words its result as the message that answers it.
async fn perform(client: &Client, command: Command) -> Msg {
    let started = Instant::now();
    let label = format!("{command:?}");
    let msg = match command {
        Command::LoadHostings { generation } => {
            Msg::HostingsLoaded { generation, result: text(client.list_hostings().await) }
        }
        Command::LoadHosting { hosting_id } => {
            let result = text(client.get_hosting(&hosting_id).await);
            Msg::HostingLoaded { hosting_id, result }
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
        Command::SendRestore { request_id, hosting_id, target } => {
            let answer = match &target {
                RestoreTarget::Backup { backup_id } => {
                    client.restore_backup(&hosting_id, backup_id).await
                }
                RestoreTarget::Items { item_ids } => {
                    client.restore_backup_items(&hosting_id, item_ids).await
                }
            };
            tracing::info!(hosting_id, ?target, ok = answer.is_ok(), "restore request answered");
            Msg::RestoreSent { request_id, result: text(answer) }
        }
        Command::Watch(_) | Command::Suspend | Command::Quit => {
            unreachable!("handled by Executor::run")
        }
    };
    tracing::debug!(command = label, elapsed_ms = started.elapsed().as_millis(), "request done");
    msg
}

/// Errors travel to the state as their message: the state shows them and never branches
/// on their kind.
fn text<T>(result: Result<T, ApiError>) -> Result<T, String> {
    result.map_err(|error| error.to_string())
}
