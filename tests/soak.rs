//! A seeded soak of the dashboard's state machine: random keys, mouse events and resizes,
//! and random answers to the commands it gives (successes, API errors, stale generations),
//! checked after every step. No terminal, no network: `update` alone, and a frame drawn now
//! and then into a test backend.
//!
//! The soak keeps its own count of the restores that should have been sent: a confirming
//! key pressed while the dialog had the keys and the state before the step allowed it. It
//! checks that count against the `SendRestore` commands, that a restore is sent while one
//! may run on the hosting only after the second question, that a read-only run sends
//! nothing, and that each journaled restore gets at most one `final` record.
//!
//! `SOAK_STEPS` sets the length (the CI size by default; 100000 or more for a long run) and
//! `SOAK_SEED` the seed. A failure names both, and the step, so it can be replayed.

mod tui_support;
#[path = "tui_support/soak_world.rs"]
mod world;

use std::panic::{AssertUnwindSafe, catch_unwind};

use crossterm::event::KeyCode;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tui_support::state;
use whbackup::journal::{Event, RestoreKey};
use whbackup::tui::msg::{Command, Msg};
use whbackup::tui::state::{DialogPhase, RestoreStatus, State};
use whbackup::tui::update::{init, update};
use whbackup::tui::view;

/// The CI size of the soak.
const DEFAULT_STEPS: u64 = 5_000;
/// The CI size of the read-only soak, which has less to find.
const READ_ONLY_STEPS: u64 = 2_000;
const DEFAULT_SEED: u64 = 0x5eed_cafe;
/// A frame is drawn every this many steps.
const DRAW_EVERY: u64 = 97;
/// The largest window a resize picks.
const MAX_COLS: u16 = 220;
const MAX_ROWS: u16 = 70;

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
    /// Confirming keys pressed when the state before allowed a send, by the soak's count.
    confirmed: u64,
    /// Of those, the second confirmations, after the dialog asked again.
    confirmed_again: u64,
    sent: u64,
    answered_with_id: u64,
    journal_records: u64,
}

/// The soak's side of the world: the commands waiting for an answer and what was sent.
struct World {
    rng: StdRng,
    pending: Vec<Command>,
    /// Progress ids the answers to `SendRestore` carried; each must stay in the pane.
    tracked: Vec<String>,
    /// Every `SendRestore` request id seen, to catch a repeat.
    request_ids: Vec<u64>,
    /// The journal keys handed out with successful answers, and how many `final` records
    /// each got.
    finals: std::collections::HashMap<RestoreKey, u32>,
    /// What went wrong in `take`, for `check` to report.
    problems: Vec<String>,
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
    let world = soak(state(100, 30), steps, seed);

    let mix = &world.mix;
    eprintln!("soak: seed {seed}, {steps} steps");
    eprintln!("  input: {} keys, {} mouse events, {} resizes", mix.keys, mix.mice, mix.resizes);
    eprintln!(
        "  answers: {} successes, {} API errors, {} stale, {} poller news",
        mix.successes, mix.api_errors, mix.stale, mix.poller_news
    );
    eprintln!(
        "  restores: {} confirmed ({} after asking again), {} SendRestore sent, {} answered \
         with a progress id, all {} tracked in the pane; {} journal records",
        mix.confirmed,
        mix.confirmed_again,
        mix.sent,
        mix.answered_with_id,
        world.tracked.len(),
        mix.journal_records
    );
    assert!(mix.confirmed > mix.confirmed_again, "no restore confirmed at once: tune the mix");
    assert!(mix.confirmed_again > 0, "the second question was never answered: tune the mix");
    assert!(mix.journal_records > 0, "no journaled restore moved: tune the mix");
}

#[test]
fn a_read_only_soak_sends_nothing() {
    let steps = env_number("SOAK_STEPS", READ_ONLY_STEPS);
    let seed = env_number("SOAK_SEED", DEFAULT_SEED);
    let mut state = state(100, 30);
    state.read_only = true;
    let world = soak(state, steps, seed);
    assert_eq!(world.mix.sent, 0, "seed {seed}: a read-only run sent a restore");
    assert_eq!(world.mix.confirmed, 0, "seed {seed}: a read-only run offered a restore");
}

/// Runs `steps` random steps from `state` with `seed`, checking the invariants after each.
fn soak(mut state: State, steps: u64, seed: u64) -> World {
    let mut world = World {
        rng: StdRng::seed_from_u64(seed),
        pending: Vec::new(),
        tracked: Vec::new(),
        request_ids: Vec::new(),
        finals: std::collections::HashMap::new(),
        problems: Vec::new(),
        next_progress: 0,
        mix: Mix::default(),
    };
    let first = init(&mut state, None);
    world.take(first);
    let mut terminal = Terminal::new(TestBackend::new(MAX_COLS, MAX_ROWS)).unwrap();

    for step in 0..steps {
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            world.step(&mut state)?;
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
    world
}

/// Whether a restore may be running on `hosting_id` as `state` shows it, or nobody can
/// tell: the hosting's list of restores has not answered, or its last poll failed, or the
/// pane shows one running (a request that may have started one counts).
fn restore_may_run(state: &State, hosting_id: &str) -> bool {
    let pane = &state.restores;
    let listed = pane.listed.as_deref() == Some(hosting_id) && pane.poll_error.is_none();
    let running = pane.entries.iter().filter(|entry| entry.hosting_id == hosting_id).any(|entry| {
        let polled = entry.progress_id.is_some() && !entry.status.is_final();
        polled || matches!(entry.status, RestoreStatus::MayHaveStarted(_))
    });
    !listed || running
}

/// How a key press should act on the restore dialog, judged from the state before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expected {
    /// Nothing is sent.
    Nothing,
    /// Exactly one restore is sent; `again` when it answers the second question.
    Send { again: bool },
}

/// What `msg` should do, from `state` before it: only a key reaching the open dialog can
/// send, and only its answer: Enter to the first question (the domain typed right, for a
/// full restore) when no restore may run on the hosting, or `y` to the second.
fn expected(state: &State, msg: &Msg) -> Expected {
    let Msg::Key(event) = msg else { return Expected::Nothing };
    let covered = !state.announcements.is_empty()
        || state.help
        || state.history.is_some()
        || state.filter_input.is_some();
    let Some(dialog) = state.dialog.as_ref().filter(|_| !covered) else {
        return Expected::Nothing;
    };
    let plain = event.modifiers.is_empty();
    match (dialog.phase, event.code) {
        (DialogPhase::Confirming, KeyCode::Enter) if plain => {
            let typed = !dialog.plan.is_full() || dialog.typed.value().trim() == dialog.domain;
            if typed && !restore_may_run(state, &dialog.hosting_id) {
                Expected::Send { again: false }
            } else {
                Expected::Nothing
            }
        }
        (DialogPhase::ConfirmingAgain, KeyCode::Char('y')) if plain => {
            Expected::Send { again: true }
        }
        _ => Expected::Nothing,
    }
}

impl World {
    /// One random event: input, an answer to a pending command, or news from the poller.
    /// Fails when it sent other than the soak's own count says, or sent while a restore may
    /// run on the hosting without asking again.
    fn step(&mut self, state: &mut State) -> Result<(), String> {
        let roll = self.rng.random_range(0..100);
        let msg = match roll {
            0..45 => Some(self.key(state)),
            45..50 => Some(self.mouse(state)),
            50..52 => Some(self.resize()),
            52..92 => self.answer(),
            _ => Some(self.poller_news()),
        };
        // With nothing to answer, the user presses a key instead.
        let msg = msg.unwrap_or_else(|| self.key(state));
        let expected = expected(state, &msg);
        let asked_again =
            state.dialog.as_ref().is_some_and(|d| d.phase == DialogPhase::ConfirmingAgain);
        let may_run = state.dialog.as_ref().is_some_and(|d| restore_may_run(state, &d.hosting_id));
        let commands = update(state, msg);
        let sent = commands.iter().filter(|c| matches!(c, Command::SendRestore { .. })).count();
        match expected {
            Expected::Send { again } if sent == 1 => {
                self.mix.confirmed += 1;
                self.mix.confirmed_again += u64::from(again);
            }
            Expected::Nothing if sent == 0 => {}
            expected => return Err(format!("{sent} SendRestore where {expected:?} was due")),
        }
        if sent > 0 && may_run && !asked_again {
            return Err("a restore was sent while one may run, without asking again".into());
        }
        self.take(commands);
        Ok(())
    }

    /// Keeps the commands that wait for an answer; counts the restores sent.
    fn take(&mut self, commands: Vec<Command>) {
        for command in commands {
            match command {
                // Fire and forget: nothing answers them.
                Command::Watch(_) | Command::Alert(_) | Command::Quit | Command::Suspend => {}
                Command::Journal(record) => {
                    self.mix.journal_records += 1;
                    let Some(finals) = self.finals.get_mut(&record.restore) else {
                        self.problems.push(format!("a record for an unknown restore: {record:?}"));
                        continue;
                    };
                    if matches!(record.event, Event::Final(_)) {
                        *finals += 1;
                    }
                    if *finals > 1 {
                        self.problems.push(format!("a second final record: {record:?}"));
                    }
                }
                Command::SendRestore { request_id, .. } => {
                    self.mix.sent += 1;
                    self.request_ids.push(request_id);
                    self.pending.push(command);
                }
                command => self.pending.push(command),
            }
        }
    }

    /// The invariants after every step.
    fn check(&self, state: &State) -> Result<(), String> {
        if let Some(problem) = self.problems.first() {
            return Err(problem.clone());
        }
        let mix = &self.mix;
        if mix.sent != mix.confirmed {
            return Err(format!(
                "{} SendRestore for {} confirmed restores",
                mix.sent, mix.confirmed
            ));
        }
        if state.read_only && state.dialog.is_some() {
            return Err("a read-only run opened the restore dialog".into());
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
