//! The API's answer to a restore request. A success names the progress to watch; a failure
//! is reported and never retried, and tells a request that surely never reached the API
//! from one that may have started the restore.

use super::progress;
use crate::api::{BackupStatus, ProgressStatus, ProgressSummary, RestoreAnswer};
use crate::restore::Follow;
use crate::tui::msg::{Command, SendFailure};
use crate::tui::poller::Watch;
use crate::tui::state::{
    Announced, Announcement, DialogPhase, Notice, NoticeKind, RestoreEntry, RestoreStatus, Screen,
    State,
};

/// The answer to request `request_id`: the pane's entry learns its progress id (and the
/// poller is told to watch it), or shows why it was not sent or may have started. While it
/// may have started, its backup reads `restoring` until a reload says otherwise, so the
/// pre-flight rule refuses to send it again at once.
pub fn sent(
    state: &mut State,
    request_id: u64,
    result: Result<RestoreAnswer, SendFailure>,
    journaled: Option<Follow>,
) -> Option<Vec<Command>> {
    let listed = match &result {
        Ok(RestoreAnswer { progress_id: Some(progress_id) }) => take_listed(state, progress_id),
        Err(failure) if failure.may_have_started => take_running_elsewhere(state, request_id),
        _ => None,
    };
    let index = state.restores.entries.iter().position(|e| e.request_id == Some(request_id))?;
    let now = state.now;
    let entry = &mut state.restores.entries[index];
    let (hosting_id, backup_id) = (entry.hosting_id.clone(), entry.backup_id.clone());
    let mut commands = Vec::new();
    let taken = match &result {
        Ok(RestoreAnswer { progress_id: Some(progress_id) }) => {
            let started_at =
                journaled.as_ref().map_or(entry.started_at.unwrap_or(now), |f| f.started_at);
            entry.progress_id = Some(progress_id.clone());
            entry.follow = journaled;
            entry.status = RestoreStatus::Progress(ProgressStatus::Pending);
            state.journal_known.insert(progress_id.clone(), started_at);
            let progress_id = progress_id.clone();
            let hosting_id = hosting_id.clone();
            commands.push(Command::Watch(Watch::Progress { hosting_id, progress_id }));
            true
        }
        Ok(RestoreAnswer { progress_id: None }) => {
            entry.status = RestoreStatus::SentUntracked;
            true
        }
        Err(failure) if failure.may_have_started => {
            entry.status = RestoreStatus::MayHaveStarted(failure.reason.clone());
            entry.follow = journaled;
            true
        }
        Err(failure) => {
            entry.status = RestoreStatus::NotSent(failure.reason.clone());
            false
        }
    };

    if state.dialog.as_ref().is_some_and(|d| d.phase == DialogPhase::Sending { request_id }) {
        state.dialog = None;
    }
    if taken && let Some(backup_id) = backup_id {
        mark_restoring(state, &hosting_id, &backup_id);
    }
    let domain = state.domain_of(&hosting_id);
    match result {
        Ok(_) => state.notify(
            NoticeKind::Info,
            format!("Restore of {domain} sent; the restores pane follows it"),
        ),
        // Too important for the status line, which a narrow window cuts.
        Err(SendFailure { reason, may_have_started: true }) => {
            let text = format!(
                "The restore of {domain} may have started: its request was sent, but no answer \
                 came ({reason}). It was not retried. Watch the restores pane before sending it \
                 again."
            );
            let notice = Notice { kind: NoticeKind::Error, text };
            state.announcements.push_back(Announcement { about: Announced::AnswerLost, notice });
        }
        Err(SendFailure { reason, may_have_started: false }) => state.notify(
            NoticeKind::Error,
            format!("Restore of {domain} not sent, and not retried: {reason}"),
        ),
    }
    // The poller may have listed it before this answer came, already further along.
    if let Some(listed) = listed
        && let RestoreStatus::Progress(status) = &listed.status
    {
        if state.restores.entries[index].progress_id.is_some() {
            commands.extend(progress::apply(state, index, status, listed.percentage).commands);
        } else if let Some(id) = listed.progress_id {
            let summary = ProgressSummary {
                id,
                status: status.clone(),
                percentage: listed.percentage,
                ..ProgressSummary::default()
            };
            commands.extend(progress::claim(state, index, &summary));
        }
    }
    Some(commands)
}

/// Removes the entry the poller's list added for `progress_id` before the answer to our own
/// request named it, so the restore shows once.
fn take_listed(state: &mut State, progress_id: &str) -> Option<RestoreEntry> {
    let entries = &state.restores.entries;
    let index = entries
        .iter()
        .position(|e| e.request_id.is_none() && e.progress_id.as_deref() == Some(progress_id))?;
    Some(progress::remove(state, index))
}

/// For request `request_id`, whose answer was lost: the restore the poller listed on its
/// hosting meanwhile, unknown to the journal and still running, when there is exactly one.
/// It is most likely the one the request started, and is taken out of the pane to be merged
/// into the request's entry.
fn take_running_elsewhere(state: &mut State, request_id: u64) -> Option<RestoreEntry> {
    let entries = &state.restores.entries;
    let ours = entries.iter().find(|e| e.request_id == Some(request_id))?;
    let running_elsewhere = |entry: &RestoreEntry| {
        entry.elsewhere
            && entry.hosting_id == ours.hosting_id
            && matches!(&entry.status, RestoreStatus::Progress(status) if status.is_running())
    };
    let mut found = entries.iter().enumerate().filter(|(_, entry)| running_elsewhere(entry));
    let (index, _) = found.next()?;
    if found.next().is_some() {
        return None;
    }
    Some(progress::remove(state, index))
}

/// After a restore was taken, or may have been: its backup reads `restoring` (as the API
/// will say too if it started), and the ticks that were sent are cleared so a second `r`
/// cannot send them again by accident.
fn mark_restoring(state: &mut State, hosting_id: &str, backup_id: &str) {
    for screen in &mut state.stack {
        match screen {
            Screen::Backups(screen) if screen.hosting_id == hosting_id => {
                let backups = screen.load.loaded_mut().into_iter().flatten();
                for backup in backups.filter(|backup| backup.id == backup_id) {
                    backup.status = BackupStatus::Restoring;
                }
            }
            Screen::Items(screen) if screen.backup.id == backup_id => {
                screen.backup.status = BackupStatus::Restoring;
                if let Some(tree) = screen.load.loaded_mut() {
                    tree.untick_all();
                }
            }
            _ => {}
        }
    }
}
