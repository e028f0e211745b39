//! A seeded soak of the dashboard's state machine: random keys, mouse events and resizes,
//! and random answers to the commands it gives (successes, API errors, stale generations),
//! checked after every step. No terminal, no network: `update` alone, and a frame drawn now
//! and then into a test backend.
//!
//! `SOAK_STEPS` sets the length (the CI size by default; 100000 or more for a long run) and
//! `SOAK_SEED` the seed. A failure names both, and the step, so it can be replayed.

mod tui_support;

use std::panic::{AssertUnwindSafe, catch_unwind};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tui_support::{backups, hostings, item_groups, state};
use whbackup::api::{ApiError, Hosting, Progress, ProgressStatus, ResponseInfo, RestoreAnswer};
use whbackup::restore::Order;
use whbackup::tui::msg::{Command, Msg, SendFailure};
use whbackup::tui::poller::ProgressNews;
use whbackup::tui::state::{DialogPhase, RestoreStatus, State};
use whbackup::tui::update::{init, update};
use whbackup::tui::view;

/// The CI size of the soak.
const DEFAULT_STEPS: u64 = 5_000;
const DEFAULT_SEED: u64 = 0x5eed_cafe;
/// A frame is drawn every this many steps.
const DRAW_EVERY: u64 = 97;
/// Added to a request id to make one never issued: far past any id a run hands out.
const NEVER_ISSUED_OFFSET: u64 = 1 << 40;
/// The largest window a resize picks.
const MAX_COLS: u16 = 220;
const MAX_ROWS: u16 = 70;

/// Keys the user presses; Enter, Space and `r` more often, so restores get confirmed.
const KEYS: &[(KeyCode, KeyModifiers)] = &[
    (KeyCode::Char('j'), KeyModifiers::NONE),
    (KeyCode::Char('k'), KeyModifiers::NONE),
    (KeyCode::Down, KeyModifiers::NONE),
    (KeyCode::Up, KeyModifiers::NONE),
    (KeyCode::Enter, KeyModifiers::NONE),
    (KeyCode::Enter, KeyModifiers::NONE),
    (KeyCode::Enter, KeyModifiers::NONE),
    (KeyCode::Char(' '), KeyModifiers::NONE),
    (KeyCode::Char(' '), KeyModifiers::NONE),
    (KeyCode::Char('r'), KeyModifiers::NONE),
    (KeyCode::Char('r'), KeyModifiers::NONE),
    (KeyCode::Char('r'), KeyModifiers::NONE),
    (KeyCode::Char(' '), KeyModifiers::NONE),
    (KeyCode::Enter, KeyModifiers::NONE),
    (KeyCode::Enter, KeyModifiers::NONE),
    (KeyCode::Char('R'), KeyModifiers::NONE),
    (KeyCode::Char('a'), KeyModifiers::NONE),
    (KeyCode::Char('u'), KeyModifiers::NONE),
    (KeyCode::Char('y'), KeyModifiers::NONE),
    (KeyCode::Char('n'), KeyModifiers::NONE),
    (KeyCode::Char('/'), KeyModifiers::NONE),
    (KeyCode::Char('?'), KeyModifiers::NONE),
    (KeyCode::Char('q'), KeyModifiers::NONE),
    (KeyCode::Char('x'), KeyModifiers::NONE),
    (KeyCode::Char('e'), KeyModifiers::NONE),
    (KeyCode::Char('.'), KeyModifiers::NONE),
    (KeyCode::Char('r'), KeyModifiers::CONTROL),
    (KeyCode::Char('c'), KeyModifiers::CONTROL),
    (KeyCode::Char('z'), KeyModifiers::CONTROL),
    (KeyCode::Esc, KeyModifiers::NONE),
    (KeyCode::Esc, KeyModifiers::NONE),
    (KeyCode::Tab, KeyModifiers::NONE),
    (KeyCode::BackTab, KeyModifiers::SHIFT),
    (KeyCode::Backspace, KeyModifiers::NONE),
    (KeyCode::Left, KeyModifiers::NONE),
    (KeyCode::Right, KeyModifiers::NONE),
    (KeyCode::Home, KeyModifiers::NONE),
    (KeyCode::End, KeyModifiers::NONE),
    (KeyCode::PageUp, KeyModifiers::NONE),
    (KeyCode::PageDown, KeyModifiers::NONE),
    (KeyCode::F(1), KeyModifiers::NONE),
];

/// What a step did, for the figures printed at the end.
#[derive(Debug, Default)]
struct Mix {
    keys: u64,
    mice: u64,
    resizes: u64,
    successes: u64,
    api_errors: u64,
    stale: u64,
    poller_news: u64,
    confirmed: u64,
    sent: u64,
    answered_with_id: u64,
}

/// The soak's side of the world: the commands waiting for an answer and what was sent.
struct World {
    rng: StdRng,
    pending: Vec<Command>,
    /// Progress ids the answers to `SendRestore` carried; each must stay in the pane.
    tracked: Vec<String>,
    /// Every `SendRestore` request id seen, to catch a repeat.
    request_ids: Vec<u64>,
    next_progress: u64,
    mix: Mix,
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|value| value.parse().ok()).unwrap_or(default)
}

#[test]
fn the_dashboard_survives_a_seeded_soak() {
    let steps = env_number("SOAK_STEPS", DEFAULT_STEPS);
    let seed = env_number("SOAK_SEED", DEFAULT_SEED);
    let mut state = state(100, 30);
    let mut world = World {
        rng: StdRng::seed_from_u64(seed),
        pending: Vec::new(),
        tracked: Vec::new(),
        request_ids: Vec::new(),
        next_progress: 0,
        mix: Mix::default(),
    };
    let first = init(&mut state, None);
    world.take(first);
    let mut terminal = Terminal::new(TestBackend::new(MAX_COLS, MAX_ROWS)).unwrap();

    for step in 0..steps {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            world.step(&mut state);
            if step % DRAW_EVERY == 0 {
                let area = state.area;
                terminal.resize(area).unwrap();
                terminal.draw(|frame| view::draw(frame, &state)).unwrap();
            }
            world.check(&state)
        }));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(problem)) => panic!("seed {seed}, step {step}: {problem}"),
            Err(payload) => {
                let message = payload.downcast_ref::<String>().cloned().unwrap_or_default();
                panic!("seed {seed}, step {step}: update or draw panicked: {message}");
            }
        }
    }

    let mix = &world.mix;
    eprintln!("soak: seed {seed}, {steps} steps");
    eprintln!("  input: {} keys, {} mouse events, {} resizes", mix.keys, mix.mice, mix.resizes);
    eprintln!(
        "  answers: {} successes, {} API errors, {} stale, {} poller news",
        mix.successes, mix.api_errors, mix.stale, mix.poller_news
    );
    eprintln!(
        "  restores: {} confirmed, {} SendRestore sent, {} answered with a progress id, all \
         {} tracked in the pane",
        mix.confirmed,
        mix.sent,
        mix.answered_with_id,
        world.tracked.len()
    );
    assert!(mix.confirmed > 0, "the soak never reached a confirmed restore: tune the mix");
}

impl World {
    /// One random event: input, an answer to a pending command, or news from the poller.
    fn step(&mut self, state: &mut State) {
        let roll = self.rng.random_range(0..100);
        let msg = match roll {
            0..45 => Some(self.key()),
            45..50 => Some(self.mouse(state)),
            50..52 => Some(self.resize()),
            52..92 => self.answer(),
            _ => Some(self.poller_news()),
        };
        // With nothing to answer, the user presses a key instead.
        let msg = msg.unwrap_or_else(|| self.key());
        let phase_before = state.dialog.as_ref().map(|dialog| dialog.phase);
        let commands = update(state, msg);
        let phase_after = state.dialog.as_ref().map(|dialog| dialog.phase);
        if let Some(DialogPhase::Sending { .. }) = phase_after
            && phase_after != phase_before
        {
            self.mix.confirmed += 1;
        }
        self.take(commands);
    }

    /// Keeps the commands that wait for an answer; counts the restores sent.
    fn take(&mut self, commands: Vec<Command>) {
        for command in commands {
            match command {
                // Fire and forget: nothing answers them.
                Command::Watch(_)
                | Command::Journal(_)
                | Command::Alert(_)
                | Command::Quit
                | Command::Suspend => {}
                Command::SendRestore { request_id, .. } => {
                    self.mix.sent += 1;
                    self.request_ids.push(request_id);
                    self.pending.push(command);
                }
                command => self.pending.push(command),
            }
        }
    }

    fn key(&mut self) -> Msg {
        self.mix.keys += 1;
        let (code, modifiers) = KEYS[self.rng.random_range(0..KEYS.len())];
        Msg::Key(KeyEvent::new(code, modifiers))
    }

    fn mouse(&mut self, state: &State) -> Msg {
        self.mix.mice += 1;
        let kinds = [
            MouseEventKind::Down(MouseButton::Left),
            MouseEventKind::Down(MouseButton::Right),
            MouseEventKind::Up(MouseButton::Left),
            MouseEventKind::ScrollUp,
            MouseEventKind::ScrollDown,
            MouseEventKind::Moved,
        ];
        let kind = kinds[self.rng.random_range(0..kinds.len())];
        // Mostly inside the window, sometimes just past its edge.
        let column = self.rng.random_range(0..=state.area.width.saturating_add(2));
        let row = self.rng.random_range(0..=state.area.height.saturating_add(2));
        Msg::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE })
    }

    fn resize(&mut self) -> Msg {
        self.mix.resizes += 1;
        let width = self.rng.random_range(1..=MAX_COLS);
        let height = self.rng.random_range(1..=MAX_ROWS);
        Msg::Resize { width, height }
    }

    /// Answers one pending command: with success, an API error, or as a stale answer whose
    /// generation (or request id) no longer matches.
    fn answer(&mut self) -> Option<Msg> {
        if self.pending.is_empty() {
            return None;
        }
        let command = self.pending.swap_remove(self.rng.random_range(0..self.pending.len()));
        let roll = self.rng.random_range(0..100);
        let outcome = match roll {
            0..65 => Outcome::Success,
            65..90 => Outcome::Error(self.api_error()),
            _ => Outcome::Stale,
        };
        match &outcome {
            Outcome::Success => self.mix.successes += 1,
            Outcome::Error(_) => self.mix.api_errors += 1,
            Outcome::Stale => self.mix.stale += 1,
        }
        Some(self.reply(command, &outcome))
    }

    fn reply(&mut self, command: Command, outcome: &Outcome) -> Msg {
        let stale = matches!(outcome, Outcome::Stale);
        // An answer to the request before this one: its generation is older than any the
        // screens now wait for.
        let generation_of = |generation: u64| if stale { generation - 1 } else { generation };
        match command {
            Command::LoadHostings { generation } => Msg::HostingsLoaded {
                generation: generation_of(generation),
                result: outcome.clone().into_result(hostings()),
            },
            Command::LoadHosting { hosting_id, generation } => {
                let full = Hosting { id: hosting_id.clone(), ..hostings()[0].clone() };
                let result = outcome.clone().into_result(full);
                Msg::HostingLoaded { hosting_id, generation: generation_of(generation), result }
            }
            Command::LoadHostingDetails { generation, mut hosting_ids } => {
                // One answer at a time; the others are still to come.
                let hosting_id = hosting_ids.remove(0);
                if !hosting_ids.is_empty() {
                    self.pending.push(Command::LoadHostingDetails { generation, hosting_ids });
                }
                let full = Hosting { id: hosting_id.clone(), ..hostings()[0].clone() };
                let result = outcome.clone().into_result(full);
                Msg::HostingLoaded { hosting_id, generation: generation_of(generation), result }
            }
            Command::LoadBreakdown { backup_id, generation, .. } => Msg::BreakdownLoaded {
                backup_id,
                generation: generation_of(generation),
                result: outcome.clone().into_result(item_groups()),
            },
            Command::LoadBackups { hosting_id, generation } => Msg::BackupsLoaded {
                hosting_id,
                generation: generation_of(generation),
                result: outcome.clone().into_result(backups()),
            },
            Command::LoadItems { hosting_id, backup_id, generation } => Msg::ItemsLoaded {
                hosting_id,
                backup_id,
                generation: generation_of(generation),
                result: outcome.clone().into_result(item_groups()),
            },
            Command::LoadProgress { hosting_id, progress_id, generation } => {
                let progress = self.progress(&progress_id);
                Msg::ProgressLoaded {
                    hosting_id,
                    progress_id,
                    generation: generation_of(generation),
                    result: outcome.clone().into_result(progress),
                }
            }
            Command::LoadHistory { generation } => Msg::HistoryLoaded {
                generation: generation_of(generation),
                result: outcome.clone().into_result(Vec::new()),
            },
            Command::SendRestore { request_id, order } => {
                self.restore_reply(request_id, order, outcome)
            }
            Command::Watch(_)
            | Command::Journal(_)
            | Command::Alert(_)
            | Command::Quit
            | Command::Suspend => unreachable!("never kept as pending"),
        }
    }

    /// The answer to a restore: a fresh progress id (or none, as the API answered before
    /// October 2025), an error, or an answer to a request id never issued.
    fn restore_reply(&mut self, request_id: u64, order: Order, outcome: &Outcome) -> Msg {
        let sent = |request_id, result| Msg::RestoreSent { request_id, result, journaled: None };
        match outcome {
            Outcome::Stale => {
                // The real answer is still to come.
                self.pending.push(Command::SendRestore { request_id, order });
                sent(request_id + NEVER_ISSUED_OFFSET, Ok(self.answer_id()))
            }
            Outcome::Error(reason) => {
                let failure = SendFailure { reason: reason.clone(), may_have_started: false };
                sent(request_id, Err(failure))
            }
            Outcome::Success if self.rng.random_bool(0.1) => {
                sent(request_id, Ok(RestoreAnswer { progress_id: None }))
            }
            Outcome::Success => {
                let answer = self.answer_id();
                let id = answer.progress_id.clone().expect("a fresh progress id");
                self.tracked.push(id);
                self.mix.answered_with_id += 1;
                sent(request_id, Ok(answer))
            }
        }
    }

    fn answer_id(&mut self) -> RestoreAnswer {
        self.next_progress += 1;
        RestoreAnswer { progress_id: Some(format!("p-{}", self.next_progress)) }
    }

    /// What the progress poller would report: a restore moving on, a hosting's list with a
    /// restore from elsewhere, or a failed poll.
    fn poller_news(&mut self) -> Msg {
        self.mix.poller_news += 1;
        let hosting_id = hostings()[self.rng.random_range(0..hostings().len())].id.clone();
        let known = (!self.tracked.is_empty())
            .then(|| self.tracked[self.rng.random_range(0..self.tracked.len())].clone());
        match self.rng.random_range(0..3) {
            0 => {
                let id = known.unwrap_or_else(|| "p-elsewhere".into());
                let progress = ProgressNews::Polled(self.progress(&id));
                Msg::RestoreProgress { hosting_id, progress }
            }
            1 => {
                let mut ids = vec!["p-elsewhere".to_owned()];
                ids.extend(known);
                let progresses = ids.iter().map(|id| self.progress(id).summary()).collect();
                Msg::RecentRestores { hosting_id, progresses }
            }
            _ => {
                let error = self.api_error();
                Msg::PollFailed { hosting_id, progress_id: known, error }
            }
        }
    }

    fn progress(&mut self, id: &str) -> Progress {
        let statuses = [
            ProgressStatus::Pending,
            ProgressStatus::Processing,
            ProgressStatus::Completed,
            ProgressStatus::PartiallyCompleted,
            ProgressStatus::Failed,
            ProgressStatus::Aborted,
            ProgressStatus::NeverFinished,
            ProgressStatus::Unknown,
        ];
        Progress {
            id: id.to_owned(),
            backup_item_groups: item_groups(),
            percentage: self.rng.random_range(0..=100),
            status: statuses[self.rng.random_range(0..statuses.len())].clone(),
        }
    }

    /// One of the client's errors, as the executor hands it to `update`: its message.
    fn api_error(&mut self) -> String {
        let response = || {
            Box::new(ResponseInfo {
                status: 503,
                request_id: Some("req-1".into()),
                ..ResponseInfo::default()
            })
        };
        let errors = [
            ApiError::Timeout {
                method: "GET".into(),
                path: "/webhosting/v1/regions/fr-par/hostings".into(),
                timeout_ms: 30_000,
                while_connecting: false,
            },
            ApiError::Connect { target: "http://127.0.0.1:9".into(), detail: "refused".into() },
            ApiError::ConnectionLost {
                method: "POST".into(),
                path: "/restore-backup-items".into(),
                detail: "connection reset".into(),
            },
            ApiError::RateLimited {
                help_message: String::new(),
                reset_secs: Some(3),
                retries: 3,
                response: response(),
            },
            ApiError::Unexpected {
                problem: "the answer was not JSON".into(),
                body_start: "<html>".repeat(40),
                response: response(),
            },
            ApiError::AnswerTooLarge {
                method: "GET".into(),
                path: "/backup-items".into(),
                max_answer_bytes: 256 * 1024 * 1024,
                response: response(),
            },
            ApiError::Other(String::new()),
            ApiError::Other("é ✓ 🦀 \u{200b}".repeat(30)),
        ];
        errors[self.rng.random_range(0..errors.len())].to_string()
    }

    /// The invariants after every step.
    fn check(&self, state: &State) -> Result<(), String> {
        let mix = &self.mix;
        if mix.sent != mix.confirmed {
            return Err(format!(
                "{} SendRestore for {} confirmed restores",
                mix.sent, mix.confirmed
            ));
        }
        let mut ids = self.request_ids.clone();
        ids.sort_unstable();
        ids.dedup();
        if ids.len() != self.request_ids.len() {
            return Err("a restore request id was used twice".into());
        }
        let entries = &state.restores.entries;
        if let Some(lost) = self
            .tracked
            .iter()
            .find(|id| !entries.iter().any(|e| e.progress_id.as_ref() == Some(id)))
        {
            return Err(format!("restore {lost} was answered but is not in the pane"));
        }
        if let Some(missing) =
            self.request_ids.iter().find(|id| !entries.iter().any(|e| e.request_id == Some(**id)))
        {
            return Err(format!("restore request {missing} was sent but has no row in the pane"));
        }
        if entries.iter().filter(|e| e.status == RestoreStatus::Sending).count() > 1 {
            return Err("two restores are being sent at once".into());
        }
        Ok(())
    }
}

/// How a pending command is answered.
#[derive(Debug, Clone)]
enum Outcome {
    Success,
    Error(String),
    Stale,
}

impl Outcome {
    fn into_result<T>(self, value: T) -> Result<T, String> {
        match self {
            Self::Success | Self::Stale => Ok(value),
            Self::Error(reason) => Err(reason),
        }
    }
}
