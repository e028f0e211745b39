//! What the soak's world sends the dashboard: random keys, mouse events and resizes,
//! answers to the commands it gave (successes, API errors, stale generations, restores that
//! may have started) and news from the progress poller.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use rand::Rng;
use whbackup::api::{ApiError, Hosting, Progress, ProgressStatus, ResponseInfo, RestoreAnswer};
use whbackup::journal::RestoreKey;
use whbackup::restore::{Follow, Order};
use whbackup::tui::msg::{Command, Msg, SendFailure};
use whbackup::tui::poller::ProgressNews;
use whbackup::tui::state::{DialogPhase, State};

use super::tui_support::{self, backups, hostings, item_groups};
use super::{MAX_COLS, MAX_ROWS, World};

/// How often, when the full restore's dialog waits for the domain, the next key is the
/// domain's next character: often enough that full restores get confirmed too.
const TYPES_THE_DOMAIN: f64 = 0.5;

/// How often a restore the API took is journaled (the journal could not be opened else).
const JOURNALED: f64 = 0.7;

/// Added to a request id to make one never issued: far past any id a run hands out.
const NEVER_ISSUED_OFFSET: u64 = 1 << 40;

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

/// The keys of the way to a restore (open, tick, restore, confirm, answer again), one of
/// which is pressed instead of a random key this often: the way is long, and random keys
/// leave it often.
const FLOW_KEYS: &[KeyCode] = &[
    KeyCode::Enter,
    KeyCode::Char('j'),
    KeyCode::Char(' '),
    KeyCode::Char('r'),
    KeyCode::Char('R'),
    KeyCode::Enter,
    KeyCode::Char('y'),
];
const FOLLOWS_THE_FLOW: f64 = 0.3;

impl World {
    /// A random key; while the full restore's dialog waits for the domain, often the next
    /// character of the domain instead.
    pub(super) fn key(&mut self, state: &State) -> Msg {
        self.mix.keys += 1;
        let next_char = state
            .dialog
            .as_ref()
            .filter(|dialog| dialog.plan.is_full() && dialog.phase == DialogPhase::Confirming)
            .and_then(|dialog| {
                let typed = dialog.typed.value();
                let rest = dialog.domain.strip_prefix(typed)?;
                rest.chars().next()
            });
        if let Some(c) = next_char
            && self.rng.random_bool(TYPES_THE_DOMAIN)
        {
            return Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        if self.rng.random_bool(FOLLOWS_THE_FLOW) {
            let code = FLOW_KEYS[self.rng.random_range(0..FLOW_KEYS.len())];
            return Msg::Key(KeyEvent::new(code, KeyModifiers::NONE));
        }
        let (code, modifiers) = KEYS[self.rng.random_range(0..KEYS.len())];
        Msg::Key(KeyEvent::new(code, modifiers))
    }

    pub(super) fn mouse(&mut self, state: &State) -> Msg {
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

    pub(super) fn resize(&mut self) -> Msg {
        self.mix.resizes += 1;
        let width = self.rng.random_range(1..=MAX_COLS);
        let height = self.rng.random_range(1..=MAX_ROWS);
        Msg::Resize { width, height }
    }

    /// Answers one pending command: with success, an API error, or as a stale answer whose
    /// generation (or request id) no longer matches.
    pub(super) fn answer(&mut self) -> Option<Msg> {
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
    /// October 2025), mostly journaled; an error that may or may not have reached the API;
    /// or an answer to a request id never issued.
    fn restore_reply(&mut self, request_id: u64, order: Order, outcome: &Outcome) -> Msg {
        let sent = |request_id, result| Msg::RestoreSent { request_id, result, journaled: None };
        match outcome {
            Outcome::Stale => {
                // The real answer is still to come.
                self.pending.push(Command::SendRestore { request_id, order });
                sent(request_id + NEVER_ISSUED_OFFSET, Ok(self.answer_id()))
            }
            Outcome::Error(reason) => {
                let may_have_started = self.rng.random_bool(0.5);
                sent(request_id, Err(SendFailure { reason: reason.clone(), may_have_started }))
            }
            Outcome::Success if self.rng.random_bool(0.1) => {
                sent(request_id, Ok(RestoreAnswer { progress_id: None }))
            }
            Outcome::Success => {
                let answer = self.answer_id();
                let id = answer.progress_id.clone().expect("a fresh progress id");
                self.tracked.push(id.clone());
                self.mix.answered_with_id += 1;
                let journaled = self.rng.random_bool(JOURNALED).then(|| {
                    let key = RestoreKey::new(format!("k-{id}"));
                    self.finals.insert(key.clone(), 0);
                    Follow::new(key, tui_support::at(tui_support::NOW))
                });
                Msg::RestoreSent { request_id, result: Ok(answer), journaled }
            }
        }
    }

    fn answer_id(&mut self) -> RestoreAnswer {
        self.next_progress += 1;
        RestoreAnswer { progress_id: Some(format!("p-{}", self.next_progress)) }
    }

    /// What the progress poller would report: a restore moving on, a hosting's list with a
    /// restore from elsewhere, or a failed poll.
    pub(super) fn poller_news(&mut self) -> Msg {
        self.mix.poller_news += 1;
        let hosting_id = hostings()[self.rng.random_range(0..hostings().len())].id.clone();
        let known = (!self.tracked.is_empty())
            .then(|| self.tracked[self.rng.random_range(0..self.tracked.len())].clone());
        match self.rng.random_range(0..7) {
            0 | 1 => {
                let id = known.unwrap_or_else(|| "p-elsewhere".into());
                let progress = ProgressNews::Polled(self.progress(&id));
                Msg::RestoreProgress { hosting_id, progress }
            }
            2..=4 => {
                let mut ids = vec!["p-elsewhere".to_owned()];
                ids.extend(known);
                let progresses = ids.iter().map(|id| self.progress(id).summary()).collect();
                Msg::RecentRestores { hosting_id, progresses }
            }
            5 if known.is_some() => {
                let progress_id = known.expect("checked above");
                let reason = "the API no longer knows this restore".into();
                let for_good = self.rng.random_bool(0.5);
                let progress = ProgressNews::Lost { progress_id, reason, for_good };
                Msg::RestoreProgress { hosting_id, progress }
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
