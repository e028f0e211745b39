//! The state machine: `update` takes a message, changes the state and returns the commands
//! to run. It never touches the terminal or the network, so tests drive it directly.

mod history;
mod input;
mod loads;
mod mouse;
mod navigation;
mod progress;
mod restore;
mod sent;

pub use history::resume;
pub use input::main_scopes;
pub use progress::detail_rows;
use ratatui::layout::Rect;
pub use restore::dialog_scope;

use super::msg::{Command, Msg};
use super::poller::{ProgressNews, Watch};
use super::state::{BackupsScreen, Load, Screen, State};
use crate::api::Backup;

/// The commands that start the dashboard: the hostings list, and the backups of
/// `start_hosting` when one was asked for on the command line.
pub fn init(state: &mut State, start_hosting: Option<String>) -> Vec<Command> {
    let mut commands = loads::reload_hostings(state);
    if let Some(hosting_id) = start_hosting {
        commands.extend(open_backups(state, hosting_id));
    }
    commands
}

/// Applies one message. Marks the state dirty when it changed, so the loop draws a frame;
/// a message that changes nothing (a stale answer, an unbound key) leaves it clean.
pub fn update(state: &mut State, msg: Msg) -> Vec<Command> {
    match handle(state, msg) {
        Some(commands) => {
            state.dirty = true;
            commands
        }
        None => Vec::new(),
    }
}

/// `None` when nothing changed.
fn handle(state: &mut State, msg: Msg) -> Option<Vec<Command>> {
    match msg {
        Msg::Key(event) => input::key(state, &event),
        Msg::Mouse(event) => mouse::handle(state, event),
        Msg::Resize { width, height } => {
            state.area = Rect::new(0, 0, width, height);
            navigation::keep_cursors_visible(state);
            Some(Vec::new())
        }
        Msg::HostingsLoaded { generation, result } => loads::hostings(state, generation, result),
        Msg::HostingLoaded { hosting_id, generation, result } => {
            loads::hosting(state, (&hosting_id, generation), result)
        }
        Msg::BackupsLoaded { hosting_id, generation, result } => {
            loads::backups(state, &hosting_id, generation, result)
        }
        Msg::ItemsLoaded { hosting_id, backup_id, generation, result } => {
            loads::items(state, (&hosting_id, &backup_id, generation), result)
        }
        Msg::ProgressLoaded { hosting_id, progress_id, generation, result } => {
            loads::progress(state, (&hosting_id, &progress_id, generation), result)
        }
        Msg::BreakdownLoaded { backup_id, generation, result } => {
            restore::breakdown(state, &backup_id, generation, result)
        }
        Msg::RestoreSent { request_id, result, journaled } => {
            sent::sent(state, request_id, result, journaled)
        }
        Msg::HistoryLoaded { generation, result } => history::loaded(state, generation, result),
        Msg::RecentRestores { hosting_id, progresses } => {
            progress::recent(state, &hosting_id, &progresses)
        }
        Msg::RestoreProgress { hosting_id, progress: ProgressNews::Polled(progress) } => {
            progress::progress(state, &hosting_id, progress)
        }
        Msg::RestoreProgress {
            progress: ProgressNews::Lost { progress_id, reason, for_good },
            ..
        } => progress::lost(state, &progress_id, reason, for_good),
        Msg::PollFailed { hosting_id, progress_id, error } => {
            progress::failed(state, &hosting_id, progress_id.as_deref(), error)
        }
    }
}

/// Opens a hosting's backups: loads them, fetches the hosting's details, and points the
/// progress poller at its recent restores, which nobody can tell until the poller lists them.
fn open_backups(state: &mut State, hosting_id: String) -> Vec<Command> {
    let generation = state.next_id();
    state.restores.listed = None;
    state.restores.poll_error = None;
    state.stack.push(Screen::Backups(BackupsScreen {
        hosting_id: hosting_id.clone(),
        load: Load::Loading,
        generation,
        cursor: super::cursor::ListCursor::default(),
    }));
    vec![
        Command::LoadBackups { hosting_id: hosting_id.clone(), generation },
        Command::LoadHosting {
            hosting_id: hosting_id.clone(),
            generation: state.hostings.generation,
        },
        Command::Watch(Watch::Hosting(Some(hosting_id))),
    ]
}

/// Sorts backups newest first; a backup with no date goes last.
fn newest_first(backups: &mut [Backup]) {
    backups.sort_by_key(|backup| std::cmp::Reverse(backup.created_at));
}
