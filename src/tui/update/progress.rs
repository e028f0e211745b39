//! News from the progress poller: the restores pane follows it, the restore detail screen
//! shows the freshest view of its restore, and a restore of this run that ends is journaled
//! and announced once.

use std::fmt::Write as _;

use super::loads;
use crate::api::{Progress, ProgressStatus, ProgressSummary};
use crate::journal::{Answer, FinalStatus, Record};
use crate::tui::format;
use crate::tui::layout;
use crate::tui::msg::Command;
use crate::tui::poller::Watch;
use crate::tui::state::{
    Announced, Announcement, Load, Notice, NoticeKind, RestoreEntry, RestoreStatus, Screen, State,
};

/// How many rows the restore detail lists: a line per group and one per item.
pub fn detail_rows(progress: &Progress) -> usize {
    progress.backup_item_groups.iter().map(|group| 1 + group.items.len()).sum()
}

/// A hosting's recent restores, newest first as the API lists them: known ones move on,
/// unknown ones join the pane, in the list's order, when the hosting is the one on screen.
/// The first answer for the open hosting also tells whether a restore runs on it.
pub fn recent(
    state: &mut State,
    hosting_id: &str,
    progresses: &[ProgressSummary],
) -> Option<Vec<Command>> {
    let current = state.current_hosting() == Some(hosting_id);
    let mut changed = false;
    if current {
        changed |= state.restores.poll_error.take().is_some();
        if state.restores.listed.as_deref() != Some(hosting_id) {
            state.restores.listed = Some(hosting_id.to_owned());
            changed = true;
        }
    }
    let mut commands = Vec::new();
    // Where the pane shows the restore listed just before, which is the next newer one.
    let mut newer = None;
    for (listed, summary) in progresses.iter().enumerate() {
        let index = match state.restores.position_of(&summary.id) {
            Some(index) => {
                let seen = apply(state, index, &summary.status, summary.percentage);
                changed |= seen.changed;
                commands.extend(seen.commands);
                index
            }
            None if current => {
                changed = true;
                match adopt(state, hosting_id, summary) {
                    Some((index, adopted)) => {
                        commands.extend(adopted);
                        index
                    }
                    None => join(state, hosting_id, summary, newer, &progresses[listed + 1..]),
                }
            }
            None => continue,
        };
        newer = Some(index);
    }
    (changed || !commands.is_empty()).then_some(commands)
}

/// Takes a listed restore that neither this run nor the journal knows, and that still runs,
/// to be the one a request of this run may have started, when exactly one such request on
/// the hosting got no answer (see [`claim`]). One already ended is older than the request.
fn adopt(
    state: &mut State,
    hosting_id: &str,
    summary: &ProgressSummary,
) -> Option<(usize, Vec<Command>)> {
    if state.journal_known.contains_key(&summary.id) || !summary.status.is_running() {
        return None;
    }
    let mut unanswered = state.restores.entries.iter().enumerate().filter(|(_, entry)| {
        entry.hosting_id == hosting_id
            && entry.progress_id.is_none()
            && matches!(entry.status, RestoreStatus::MayHaveStarted(_))
    });
    let (index, _) = unanswered.next()?;
    if unanswered.next().is_some() {
        return None;
    }
    let commands = claim(state, index, summary);
    Some((index, commands))
}

/// Makes entry `index`, a request of this run whose answer was lost, the restore `summary`
/// lists: the entry learns its progress id, the journal its answer (so a later start can
/// watch it again), and the poller watches it. Should another tool have started a restore
/// on the same hosting in the same moments, it would be taken for ours, which errs on the
/// side of following it to its end.
pub(super) fn claim(state: &mut State, index: usize, summary: &ProgressSummary) -> Vec<Command> {
    let now = state.now;
    let entry = &mut state.restores.entries[index];
    let progress_id = summary.id.clone();
    entry.progress_id = Some(progress_id.clone());
    entry.elsewhere = false;
    let mut commands = vec![Command::Watch(Watch::Progress {
        hosting_id: entry.hosting_id.clone(),
        progress_id: progress_id.clone(),
    })];
    if let Some(follow) = &entry.follow {
        let answer = Answer::accepted(Some(progress_id.clone()));
        let record = Record { ts: now, restore: follow.key.clone(), event: answer.into() };
        commands.push(Command::Journal(record));
    }
    let started_at = entry.started_at.unwrap_or(now);
    state.journal_known.insert(progress_id, started_at);
    commands.extend(apply(state, index, &summary.status, summary.percentage).commands);
    commands
}

/// Adds a listed restore the pane does not show yet and returns where it went: by the time
/// it was asked for when the journal knows it, else just below the restore listed before it,
/// else just above the first of the `older` ones the pane shows, else last.
fn join(
    state: &mut State,
    hosting_id: &str,
    summary: &ProgressSummary,
    newer: Option<usize>,
    older: &[ProgressSummary],
) -> usize {
    let started_at = state.journal_known.get(&summary.id).copied();
    let pane = &state.restores;
    let index = match (started_at, newer) {
        (Some(at), _) => pane.position_by_time(at),
        (None, Some(newer)) => newer + 1,
        (None, None) => older
            .iter()
            .find_map(|summary| pane.position_of(&summary.id))
            .unwrap_or(pane.entries.len()),
    };
    let entry = RestoreEntry {
        hosting_id: hosting_id.to_owned(),
        backup_id: None,
        progress_id: Some(summary.id.clone()),
        request_id: None,
        started_at,
        what: format::count(summary.backup_items_count, "item"),
        status: RestoreStatus::Progress(summary.status.clone()),
        percentage: summary.percentage,
        poll_error: None,
        follow: None,
        elsewhere: started_at.is_none(),
        end_announced: false,
    };
    insert(state, index, entry);
    index
}

/// Puts `entry` in the pane at `index`, the cursor staying on its row and in view.
pub(super) fn insert(state: &mut State, index: usize, entry: RestoreEntry) {
    state.restores.insert(index, entry);
    keep_cursor_visible(state);
}

/// Takes the entry at `index` out of the pane, the cursor staying on its row and in view.
pub(super) fn remove(state: &mut State, index: usize) -> RestoreEntry {
    let entry = state.restores.remove(index);
    keep_cursor_visible(state);
    entry
}

fn keep_cursor_visible(state: &mut State) {
    let rows = layout::restores_page(state);
    let pane = &mut state.restores;
    pane.cursor.keep_visible(pane.entries.len(), rows);
}

/// One restore's fresh state, from GetProgress.
pub fn progress(state: &mut State, hosting_id: &str, progress: Progress) -> Option<Vec<Command>> {
    let mut changed = false;
    let mut commands = Vec::new();
    if let Some(index) = state.restores.position_of(&progress.id) {
        let seen = apply(state, index, &progress.status, progress.percentage);
        changed = seen.changed;
        commands = seen.commands;
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
    (changed || !commands.is_empty()).then_some(commands)
}

/// What one answer about a restore changed in the pane, and what it calls for.
pub(super) struct Seen {
    pub changed: bool,
    pub commands: Vec<Command>,
}

/// Moves one entry to a status the API reported. The journal records it calls for (a
/// `status` when it changed, a `final` when it ended) and the announcement of its end never
/// depend on the row changing: a restore listed as ended before the answer to its own
/// request came already shows its last status, and must still be journaled and announced.
pub(super) fn apply(
    state: &mut State,
    index: usize,
    status: &ProgressStatus,
    percentage: u64,
) -> Seen {
    let now = state.now;
    let entry = &mut state.restores.entries[index];
    let mut commands: Vec<Command> = match &mut entry.follow {
        Some(follow) => {
            follow.seen(status, percentage, now).into_iter().map(Command::Journal).collect()
        }
        None => Vec::new(),
    };
    let fresh = RestoreStatus::Progress(status.clone());
    let changed =
        entry.status != fresh || entry.percentage != percentage || entry.poll_error.is_some();
    entry.status = fresh;
    entry.percentage = percentage;
    entry.poll_error = None;
    commands.extend(announce_end(state, index));
    Seen { changed: changed || !commands.is_empty(), commands }
}

/// The poller stopped following a restore before it was seen to end. When the API refused
/// `for_good` to show it, the journal records it as ended with an unknown outcome, so that
/// the next start does not watch it again, and nothing more is journaled for it.
pub fn lost(
    state: &mut State,
    progress_id: &str,
    reason: String,
    for_good: bool,
) -> Option<Vec<Command>> {
    let index = state.restores.position_of(progress_id)?;
    let now = state.now;
    let entry = &mut state.restores.entries[index];
    if matches!(&entry.status, RestoreStatus::Progress(status) if status.is_final()) {
        // How it ended is known already; a late word that polling stopped changes nothing.
        return None;
    }
    entry.status = RestoreStatus::OutcomeUnknown(reason);
    entry.poll_error = None;
    let mut commands = announce_end(state, index);
    let entry = &mut state.restores.entries[index];
    if for_good && let Some(follow) = entry.follow.take_if(|follow| !follow.has_ended()) {
        let end = FinalStatus::since(ProgressStatus::Unknown, follow.started_at, now);
        let record = Record { ts: now, restore: follow.key, event: end.into() };
        commands.insert(0, Command::Journal(record));
    }
    Some(commands)
}

/// Announces, once, the end of a restore this run sent or follows: a notice naming the
/// outcome and the time it took, which stays until a key is pressed; the terminal's alert;
/// and its hosting's backups reloaded, since its backup no longer restores. Nothing for a
/// restore still running, or one seen only in the API's list.
fn announce_end(state: &mut State, index: usize) -> Vec<Command> {
    let entry = &mut state.restores.entries[index];
    let ended = match &entry.status {
        RestoreStatus::Progress(status) if status.is_final() => Ended::With(status.clone()),
        RestoreStatus::OutcomeUnknown(reason) => Ended::Unknown(reason.clone()),
        _ => return Vec::new(),
    };
    if !entry.is_ours() || entry.end_announced {
        return Vec::new();
    }
    entry.end_announced = true;
    let hosting_id = entry.hosting_id.clone();
    let took = entry.follow.as_ref().map(|follow| follow.seconds_since_start(state.now));

    let domain = state.domain_of(&hosting_id);
    let took = took.map(format::duration_label);
    let (kind, text) = match ended {
        Ended::With(status) => {
            let kind = if status == ProgressStatus::Completed {
                NoticeKind::Info
            } else {
                NoticeKind::Error
            };
            let mut text = format!("Restore of {domain} {}", status.as_str().replace('_', " "));
            if let Some(took) = took {
                let _ = write!(text, " in {took}");
            }
            (kind, text)
        }
        Ended::Unknown(reason) => {
            let mut text = format!("Restore of {domain}: outcome unknown");
            if let Some(took) = took {
                let _ = write!(text, " after {took}");
            }
            let _ = write!(text, "; {reason}");
            (NoticeKind::Error, text)
        }
    };
    let notice = Notice { kind, text: text.clone() };
    state.announcements.push_back(Announcement { about: Announced::RestoreEnded, notice });
    let mut commands = vec![Command::Alert(text)];
    commands.extend(loads::reload_backups_of(state, &hosting_id));
    commands
}

/// How a restore ended, for its announcement.
enum Ended {
    With(ProgressStatus),
    /// Nobody can tell; why.
    Unknown(String),
}

/// A failed poll, retried by the poller: the entry (or the pane) shows it until the next
/// good answer. A poll of a restore already seen to end, which was on its way when the end
/// came by another answer, changes nothing: nothing is retried for it.
pub fn failed(
    state: &mut State,
    hosting_id: &str,
    progress_id: Option<&str>,
    error: String,
) -> Option<Vec<Command>> {
    match progress_id {
        Some(progress_id) => {
            let index = state.restores.position_of(progress_id)?;
            let entry = &mut state.restores.entries[index];
            if entry.status.is_final() {
                return None;
            }
            entry.poll_error = Some(error);
        }
        None if state.current_hosting() == Some(hosting_id) => {
            state.restores.poll_error = Some(error);
        }
        None => return None,
    }
    Some(Vec::new())
}
