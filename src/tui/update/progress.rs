//! News from the progress poller: the restores pane follows it, and the restore detail
//! screen shows the freshest view of its restore.

use super::loads;
use std::fmt::Write as _;

use crate::api::{Progress, ProgressStatus, ProgressSummary};
use crate::tui::format;
use crate::tui::msg::Command;
use crate::tui::state::{Load, Notice, NoticeKind, RestoreEntry, RestoreStatus, Screen, State};

/// How many rows the restore detail lists: a line per group and one per item.
pub fn detail_rows(progress: &Progress) -> usize {
    progress.backup_item_groups.iter().map(|group| 1 + group.items.len()).sum()
}

/// A hosting's recent restores: known ones move on, unknown ones join the pane when the
/// hosting is the one on screen.
pub fn recent(
    state: &mut State,
    hosting_id: &str,
    progresses: Vec<ProgressSummary>,
) -> Option<Vec<Command>> {
    let current = state.current_hosting() == Some(hosting_id);
    let mut changed = state.restores.poll_error.take().is_some();
    let mut commands = Vec::new();
    for summary in progresses {
        let known =
            state.restores.entries.iter().position(|e| e.progress_id.as_ref() == Some(&summary.id));
        match known {
            Some(index) => commands.extend(apply(state, index, &summary, &mut changed)),
            None if current => {
                state.restores.entries.push(RestoreEntry {
                    hosting_id: hosting_id.to_owned(),
                    backup_id: None,
                    progress_id: Some(summary.id.clone()),
                    request_id: None,
                    what: format::count(summary.backup_items_count, "item"),
                    status: RestoreStatus::Progress(summary.status),
                    percentage: summary.percentage,
                    poll_error: None,
                    follow: None,
                    elsewhere: !state.journal_known.contains(&summary.id),
                });
                changed = true;
            }
            None => {}
        }
    }
    changed.then_some(commands)
}

/// One restore's fresh state, from GetProgress.
pub fn progress(state: &mut State, hosting_id: &str, progress: Progress) -> Option<Vec<Command>> {
    let mut changed = false;
    let mut commands = Vec::new();
    let summary = progress.summary();
    let known =
        state.restores.entries.iter().position(|e| e.progress_id.as_ref() == Some(&progress.id));
    if let Some(index) = known {
        commands.extend(apply(state, index, &summary, &mut changed));
    }
    let detail = state.stack.iter_mut().find_map(|screen| match screen {
        Screen::Restore(s) if s.hosting_id == hosting_id && s.progress_id == progress.id => Some(s),
        _ => None,
    });
    if let Some(screen) = detail
        && screen.load.loaded() != Some(&progress)
    {
        screen.load = Load::Loaded(progress);
        changed = true;
    }
    changed.then_some(commands)
}

/// Moves one entry to what a summary says, journaling the change for a journaled restore.
/// When a restore sent or resumed in this run ends, a notice names the outcome and the time
/// it took until a key is pressed, the terminal is told, and the hosting's backups reload,
/// since its backup no longer restores.
fn apply(
    state: &mut State,
    index: usize,
    summary: &ProgressSummary,
    changed: &mut bool,
) -> Vec<Command> {
    let now = state.now;
    let entry = &mut state.restores.entries[index];
    let mut commands: Vec<Command> = match &mut entry.follow {
        Some(follow) => follow
            .seen(&summary.status, summary.percentage, now)
            .into_iter()
            .map(Command::Journal)
            .collect(),
        None => Vec::new(),
    };
    let status = RestoreStatus::Progress(summary.status.clone());
    let was_final = entry.status.is_final();
    if entry.status == status
        && entry.percentage == summary.percentage
        && entry.poll_error.is_none()
    {
        return commands;
    }
    *changed = true;
    entry.status = status;
    entry.percentage = summary.percentage;
    entry.poll_error = None;
    let ours = entry.request_id.is_some() || entry.follow.is_some();
    if was_final || !entry.status.is_final() || !ours {
        return commands;
    }
    let hosting_id = entry.hosting_id.clone();
    let took = entry.follow.as_ref().map(|follow| follow.seconds_since_start(now));
    commands.extend(ended(state, &hosting_id, &summary.status, took));
    commands
}

/// A watched restore of `hosting_id` ended with `status` after `took` seconds: the notice
/// that stays until seen, the terminal's alert, and its backups reloaded.
fn ended(
    state: &mut State,
    hosting_id: &str,
    status: &ProgressStatus,
    took: Option<f64>,
) -> Vec<Command> {
    let word = status.as_str().replace('_', " ");
    let mut text = format!("Restore of {} {word}", state.domain_of(hosting_id));
    if let Some(seconds) = took {
        let _ = write!(text, " in {}", format::duration_label(seconds));
    }
    let kind =
        if *status == ProgressStatus::Completed { NoticeKind::Info } else { NoticeKind::Error };
    state.completion = Some(Notice { kind, text: text.clone() });
    let mut commands = vec![Command::Alert(text)];
    commands.extend(loads::reload_backups_of(state, hosting_id));
    commands
}

/// A failed poll: the entry (or the pane) shows it until the next good answer.
pub fn failed(
    state: &mut State,
    hosting_id: &str,
    progress_id: Option<&str>,
    error: String,
) -> Option<Vec<Command>> {
    match progress_id {
        Some(progress_id) => {
            let entry = state
                .restores
                .entries
                .iter_mut()
                .find(|e| e.progress_id.as_deref() == Some(progress_id))?;
            entry.poll_error = Some(error);
        }
        None if state.current_hosting() == Some(hosting_id) => {
            state.restores.poll_error = Some(error);
        }
        None => return None,
    }
    Some(Vec::new())
}
