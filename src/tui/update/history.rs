//! The journal in the dashboard: restores it shows unfinished are watched again at start,
//! the API's restores it does not know are marked as started elsewhere, and the history
//! overlay lists every restore it holds.

use crossterm::event::KeyEvent;

use super::progress;
use crate::api::ProgressStatus;
use crate::journal;
use crate::restore::Follow;
use crate::tui::keys::{self, Action};
use crate::tui::msg::Command;
use crate::tui::poller::Watch;
use crate::tui::state::{HistoryView, Load, RestoreEntry, RestoreStatus, State};

/// Lines a page key scrolls the history by.
const PAGE_LINES: usize = 8;

/// Learns the journal read at start: every progress it knows stops counting as started
/// elsewhere (and tells when it was asked for, which orders the pane), and the restores of
/// this region it never saw end are watched again and shown in the restores pane.
pub fn resume(state: &mut State, entries: &[journal::RestoreEntry]) -> Vec<Command> {
    let mut commands = Vec::new();
    for entry in entries {
        let target = entry.target();
        if !target.domain.is_empty() {
            let domains = &mut state.journal_domains;
            domains.entry(target.hosting_id.clone()).or_insert_with(|| target.domain.clone());
        }
        let Some(progress_id) = &entry.progress_id else { continue };
        state.journal_known.insert(progress_id.clone(), entry.started_at);
        if !entry.can_resume() || entry.target().region != state.region {
            continue;
        }
        let hosting_id = entry.target().hosting_id.clone();
        let last = entry.last_status.clone();
        let index = state.restores.position_by_time(entry.started_at);
        let resumed = RestoreEntry {
            hosting_id: hosting_id.clone(),
            backup_id: Some(entry.target().backup_id.clone()),
            progress_id: Some(progress_id.clone()),
            request_id: None,
            started_at: Some(entry.started_at),
            what: entry.target().scope.label(),
            status: RestoreStatus::Progress(
                last.as_ref().map_or(ProgressStatus::Pending, |seen| seen.status.clone()),
            ),
            percentage: last.as_ref().map_or(0, |seen| seen.percentage),
            poll_error: None,
            follow: Some(Follow::resumed(entry.restore.clone(), entry.started_at, last)),
            elsewhere: false,
            end_announced: false,
        };
        progress::insert(state, index, resumed);
        let progress_id = progress_id.clone();
        commands.push(Command::Watch(Watch::Progress { hosting_id, progress_id }));
    }
    if !commands.is_empty() {
        state.dirty = true;
    }
    commands
}

/// `H`: opens the history overlay and reads the journal, under a new generation.
pub fn open(state: &mut State) -> Vec<Command> {
    let generation = state.next_id();
    state.history = Some(HistoryView { load: Load::Loading, generation, scroll: 0 });
    vec![Command::LoadHistory { generation }]
}

/// The journal, read for the overlay; dropped when the overlay was closed meanwhile, or
/// closed and opened again, which asked for a newer read.
pub fn loaded(
    state: &mut State,
    generation: u64,
    result: Result<Vec<journal::RestoreEntry>, String>,
) -> Option<Vec<Command>> {
    let view = state.history.as_mut().filter(|view| view.generation == generation)?;
    view.load = match result {
        Ok(entries) => Load::Loaded(entries),
        Err(error) => Load::Failed(error),
    };
    Some(Vec::new())
}

/// With the history shown, quitting still quits, the movement keys scroll it and any other
/// key closes it.
pub fn key(state: &mut State, event: &KeyEvent) -> Vec<Command> {
    let Some(view) = state.history.as_mut() else { return Vec::new() };
    let last_line = view.load.loaded().map_or(0, Vec::len);
    let scroll = &mut view.scroll;
    match keys::action(&[keys::Scope::List, keys::Scope::Global], event) {
        Some(Action::Quit) => return vec![Command::Quit],
        Some(Action::Suspend) => return vec![Command::Suspend],
        Some(Action::Down) => *scroll = (*scroll + 1).min(last_line),
        Some(Action::Up) => *scroll = scroll.saturating_sub(1),
        Some(Action::PageDown) => *scroll = (*scroll + PAGE_LINES).min(last_line),
        Some(Action::PageUp) => *scroll = scroll.saturating_sub(PAGE_LINES),
        _ => state.history = None,
    }
    Vec::new()
}
