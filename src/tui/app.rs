//! The UI loop: the one owner of the state and the terminal. It waits on terminal events,
//! worker results, poller news, the frame deadline and signals; feeds messages to `update`;
//! hands the commands to the executor; and draws when something changed.

use std::io::Write as _;
use std::time::Duration;

use anyhow::Context as _;
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt as _;
use jiff::Timestamp;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use tokio::signal::unix::{Signal, SignalKind, signal};
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
/// A process ended by a signal exits with this plus the signal's number, as shells report it.
const SIGNAL_EXIT_BASE: i32 = 128;

/// A signal that stops the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop {
    pub name: &'static str,
    pub number: i32,
}

const TERMINATED: Stop = Stop { name: "SIGTERM", number: SIGTERM };
const HUNG_UP: Stop = Stop { name: "SIGHUP", number: SIGHUP };
const INTERRUPTED: Stop = Stop { name: "SIGINT", number: SIGINT };

/// Why the dashboard ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Signal(Stop),
}

impl Exit {
    /// The process's exit status: 0 for a quit, 128 plus the signal's number for a signal.
    pub fn status(self) -> u8 {
        match self {
            Self::Quit => 0,
            Self::Signal(stop) => u8::try_from(SIGNAL_EXIT_BASE + stop.number).unwrap_or(u8::MAX),
        }
    }
}

/// The signals that stop the dashboard, watched from its start to its end: once watched, a
/// signal no longer ends the process by itself, so the wait after the loop must watch too.
struct Signals {
    terminate: Signal,
    hangup: Signal,
    /// Ctrl-C arrives as a key in raw mode; this is SIGINT sent from elsewhere, or Ctrl-C
    /// once the terminal is given back.
    interrupt: Signal,
}

impl Signals {
    fn watch() -> anyhow::Result<Self> {
        Ok(Self {
            terminate: signal(SignalKind::terminate()).context("cannot watch SIGTERM")?,
            hangup: signal(SignalKind::hangup()).context("cannot watch SIGHUP")?,
            interrupt: signal(SignalKind::interrupt()).context("cannot watch SIGINT")?,
        })
    }

    /// The next of the signals to arrive.
    async fn next(&mut self) -> Stop {
        tokio::select! {
            _ = self.terminate.recv() => TERMINATED,
            _ = self.hangup.recv() => HUNG_UP,
            _ = self.interrupt.recv() => INTERRUPTED,
        }
    }
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
    /// A signal during the join that cuts it short is the one the exit names.
    pub async fn run(mut self, first: Vec<Command>) -> anyhow::Result<Exit> {
        let mut signals = Signals::watch()?;
        for command in first {
            self.executor.run(command);
        }
        let result = self.event_loop(&mut signals).await;

        self.executor.stop();
        drop(self.poller.watch);
        self.poller.task.abort();
        let restored = self.tui.restore().context("cannot give the terminal back");
        let cut_short = join_executor(&mut self.executor, &mut signals).await;
        // An aborted poller answers with a cancellation; only a panic is worth a line.
        if let Err(error) = self.poller.task.await
            && error.is_panic()
        {
            tracing::error!(%error, "the progress poller panicked");
        }

        let exit = result?;
        match exit {
            Exit::Quit => tracing::info!("the user quit"),
            Exit::Signal(stop) => tracing::info!(signal = stop.name, "stopped by a signal"),
        }
        restored?;
        Ok(cut_short.map_or(exit, Exit::Signal))
    }

    async fn event_loop(&mut self, signals: &mut Signals) -> anyhow::Result<Exit> {
        let mut events = EventStream::new();
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
                stop = signals.next() => return Ok(Exit::Signal(stop)),
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

/// Joins the executor's tasks, restore requests in flight included, which may take a while:
/// says so on stderr (the terminal is the shell's again by now) and stops waiting at Ctrl-C
/// or SIGTERM, which it returns. A hang-up does not stop the wait: nobody is held up, and the
/// answer is worth having in the journal.
async fn join_executor(executor: &mut Executor, signals: &mut Signals) -> Option<Stop> {
    let in_flight = executor.restores_in_flight();
    if in_flight > 0 {
        // A terminal gone with a hang-up cannot take the line; the wait matters more.
        let _ = writeln!(
            std::io::stderr(),
            "whbackup: waiting for the answer to {in_flight} restore request(s) sent just \
             before quitting, so the journal records it; press Ctrl-C to stop waiting, and the \
             journal will show the restore as sent with no answer"
        );
    }
    let join = executor.join();
    tokio::pin!(join);
    loop {
        tokio::select! {
            () = &mut join => return None,
            stop = signals.next() => {
                if stop != HUNG_UP {
                    tracing::warn!(
                        signal = stop.name,
                        in_flight,
                        "stopped waiting for restore answers; the journal has no answer for them"
                    );
                    // Ends the line the terminal echoed `^C` on, so the shell's prompt starts
                    // a line of its own.
                    let _ = writeln!(std::io::stderr());
                    return Some(stop);
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_exits_with_128_plus_its_number() {
        assert_eq!(Exit::Quit.status(), 0);
        assert_eq!(Exit::Signal(TERMINATED).status(), 143);
        assert_eq!(Exit::Signal(HUNG_UP).status(), 129);
        assert_eq!(Exit::Signal(INTERRUPTED).status(), 130);
    }
}
