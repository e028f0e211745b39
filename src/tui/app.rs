//! The UI loop: the one owner of the state and the terminal. It waits on terminal events,
//! worker results, poller news, the frame deadline and signals; feeds messages to `update`;
//! hands the commands to the executor; and draws when something changed.

use std::time::Duration;

use anyhow::Context as _;
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt as _;
use jiff::Timestamp;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until};

use super::executor::{Executor, Journaling};
use super::msg::{Command, Msg};
use super::poller::{self, PollEvent, Poller};
use super::state::State;
use super::terminal::{Notify, Tui};
use super::{update, view};

/// At most this long between a change and the frame that shows it; changes that arrive
/// within it share one frame.
const FRAME_DELAY: Duration = Duration::from_millis(16);
/// Room for worker results and poller news waiting for the loop.
const MESSAGE_CAPACITY: usize = 256;

/// Why the loop ended.
enum Exit {
    Quit,
    Signal(&'static str),
}

/// The loop's parts, assembled by `tui::run`: the state, the terminal, the workers and the
/// channels they answer on.
pub struct App {
    pub state: State,
    pub tui: Tui,
    pub executor: Executor,
    pub poller: Poller,
    pub messages: mpsc::Receiver<Msg>,
    pub poll_events: mpsc::Receiver<PollEvent>,
    /// How the terminal is told that a watched restore ended.
    pub notify: Notify,
}

impl App {
    /// Runs until the user quits, a signal asks to stop, or the terminal fails; then stops
    /// new work, aborts the tasks, gives the terminal back and joins the tasks, in that order.
    pub async fn run(mut self, first: Vec<Command>) -> anyhow::Result<()> {
        for command in first {
            self.executor.run(command);
        }
        let result = self.event_loop().await;

        self.executor.stop();
        drop(self.poller.watch);
        self.poller.task.abort();
        let restored = self.tui.restore().context("cannot give the terminal back");
        let in_flight = self.executor.restores_in_flight();
        if in_flight > 0 {
            // The terminal is the shell's again, so a plain line is safe here.
            eprintln!(
                "whbackup: waiting for the answer to {in_flight} restore request(s) sent just \
                 before quitting, so the journal records them"
            );
        }
        self.executor.join().await;
        // An aborted poller answers with a cancellation; only a panic is worth a line.
        if let Err(error) = self.poller.task.await
            && error.is_panic()
        {
            tracing::error!(%error, "the progress poller panicked");
        }

        match result? {
            Exit::Quit => tracing::info!("the user quit"),
            Exit::Signal(name) => tracing::info!(signal = name, "stopped by a signal"),
        }
        restored
    }

    async fn event_loop(&mut self) -> anyhow::Result<Exit> {
        let mut events = EventStream::new();
        let mut terminate = signal(SignalKind::terminate()).context("cannot watch SIGTERM")?;
        let mut hangup = signal(SignalKind::hangup()).context("cannot watch SIGHUP")?;
        // Ctrl-C arrives as a key in raw mode; this is SIGINT sent from elsewhere.
        let mut interrupt = signal(SignalKind::interrupt()).context("cannot watch SIGINT")?;
        let mut deadline = Some(Instant::now());

        loop {
            let msg = tokio::select! {
                event = events.next() => match event {
                    Some(Ok(event)) => match terminal_msg(&event) {
                        Some(msg) => msg,
                        None => continue,
                    },
                    Some(Err(error)) => return Err(error).context("cannot read the terminal"),
                    None => return Ok(Exit::Quit),
                },
                Some(msg) = self.messages.recv() => msg,
                Some(event) = self.poll_events.recv() => poll_msg(event),
                () = sleep_until(deadline.unwrap_or_else(Instant::now)), if deadline.is_some() => {
                    deadline = None;
                    self.draw()?;
                    continue;
                }
                _ = terminate.recv() => return Ok(Exit::Signal("SIGTERM")),
                _ = hangup.recv() => return Ok(Exit::Signal("SIGHUP")),
                _ = interrupt.recv() => return Ok(Exit::Signal("SIGINT")),
            };

            self.state.now = Timestamp::now();
            for command in update::update(&mut self.state, msg) {
                match command {
                    Command::Quit => return Ok(Exit::Quit),
                    Command::Suspend => self.suspend()?,
                    Command::Alert(text) => {
                        // A terminal that cannot take the alert still shows the notice.
                        if let Err(error) = self.tui.alert(self.notify, &text) {
                            tracing::warn!(%error, "cannot alert the terminal");
                        }
                    }
                    command => self.executor.run(command),
                }
            }
            if self.state.dirty && deadline.is_none() {
                deadline = Some(Instant::now() + FRAME_DELAY);
            }
        }
    }

    /// Ctrl-Z until `fg`; the window may have changed size meanwhile.
    fn suspend(&mut self) -> anyhow::Result<()> {
        self.tui.suspend().context("cannot suspend the dashboard")?;
        let size = self.tui.terminal.size().context("cannot read the terminal size")?;
        let resized = Msg::Resize { width: size.width, height: size.height };
        update::update(&mut self.state, resized);
        self.state.dirty = true;
        Ok(())
    }

    fn draw(&mut self) -> anyhow::Result<()> {
        let state = &self.state;
        self.tui.terminal.draw(|frame| view::draw(frame, state)).context("cannot draw")?;
        self.state.dirty = false;
        Ok(())
    }
}

/// The terminal events the dashboard cares about, as messages.
fn terminal_msg(event: &Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(*key)),
        Event::Mouse(mouse) => Some(Msg::Mouse(*mouse)),
        Event::Resize(width, height) => Some(Msg::Resize { width: *width, height: *height }),
        _ => None,
    }
}

/// Poller news, in the dashboard's words.
fn poll_msg(event: PollEvent) -> Msg {
    match event {
        PollEvent::Recent { hosting_id, progresses } => {
            Msg::RecentRestores { hosting_id, progresses }
        }
        PollEvent::Progress { hosting_id, progress } => {
            Msg::RestoreProgress { hosting_id, progress }
        }
        PollEvent::Failed { hosting_id, progress_id, error } => {
            Msg::PollFailed { hosting_id, progress_id, error: error.to_string() }
        }
    }
}

/// Starts the poller and the executor around a fresh message channel.
pub fn start_workers(
    client: &crate::api::Client,
    journaling: Journaling,
) -> (Executor, Poller, mpsc::Receiver<Msg>, mpsc::Receiver<PollEvent>) {
    let (message_tx, message_rx) = mpsc::channel(MESSAGE_CAPACITY);
    let (poll_tx, poll_rx) = mpsc::channel(MESSAGE_CAPACITY);
    let poller = poller::spawn(client.clone(), poll_tx);
    let executor = Executor::new(client.clone(), message_tx, poller.watch.clone(), journaling);
    (executor, poller, message_rx, poll_rx)
}
